/* Fuzz target: a screening answer in JSON (sx_screen_json) for arbitrary bytes as the
 * name, against a small list of names in several scripts: the readings, the candidate
 * gathering, the scoring and its remembered word comparisons, and the explanation that
 * makes the winning comparison again to say which words met.  The answer is valid JSON,
 * every score is in [0, 1] and the results are ranked, and every explanation line is a
 * non-empty string; a name refused says why. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stratex/common.h"
#include "stratex/errors.h"
#include "stratex/lists.h"
#include "stratex/screen.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Names the readings of Hangul, kana, Han and Arabic queries meet, Latin ones with
 * joins, initials, descriptors and legal forms to pair, one giving its short form in
 * parentheses (indexed side by side), one other spellings of its words, one a short
 * form of one word (met only as spelled) beside the name, one itself in another
 * script, one whose words a Chinese query renders several ways (a reading tailored
 * to it), two in romanised Japanese, one with a trade a kana name writes in kana, and
 * a Russian name that katakana read back as a foreign spelling meets, one Korean
 * writes otherwise than its loanword reading (tense consonants, a schwa as a), and one
 * opening with The whose letters a Hangul or kana name spells beside a loanword ending
 * in an epenthetic eu (the article dropped, letters and RR, a consonant closed); one
 * whose last words a query's initials stand for, one saying "and" between letters
 * (and its namesake without it), one with a letter's possessive 's; one opening with
 * letters a Hangul name's letter names may not pass for on consonants, one word that
 * ends with a descriptor, one letter before a word, letters after a name with "&", and
 * a Japanese surname's firm; one run together at a capital after Co (no legal form), a
 * Russian name with kh, and one whose loanword reading ends in a weak -a. */
static const char LIST[] =
    "id,name,type\n"
    "S1,SAMYUNG TRADING CO LTD,organization\n"
    "S2,CHINYANG HOLDINGS CORPORATION,organization\n"
    "S3,WON BONG TRADING,organization\n"
    "S4,\"BUSH, George Walker\",person\n"
    "S5,\"KIM, Jong Un\",person\n"
    "S6,ROSNEFT DEUTSCHLAND GMBH,organization\n"
    "S7,ULURU CO LTD,organization\n"
    "S8,\"HUSSEIN, Saddam\",person\n"
    "S9,Huawei Technology Co. Ltd.,organization\n"
    "S10,First Bank International,organization\n"
    "S11,Public Joint Stock Company Agregat (PJSC Agregat),organization\n"
    "S12,\"Fahd (a.k.a. Fahid, Fahed) Jasim (a.k.a. Jasem) AL-FURAYJ\",person\n"
    "S13,SPECIAL INDUSTRIES GROUP (SIG),organization\n"
    "S14,Abdullah Sindhi (عبدالله السندي),person\n"
    "S15,GRAND STORES (THE GAMBIA LOCATION ONLY),organization\n"
    "S16,Jiangyin Hongxin (Wuxi) Semiconductor Co.,organization\n"
    "S17,\"Jiangsu Huaxing Trade Development Co., Ltd.\",organization\n"
    "S18,\"Hokuriku Broadcasting Co.,Ltd.\",organization\n"
    "S19,Yamaha Corporation,organization\n"
    "S20,Almaz JSC,organization\n"
    "S21,SUNTECH BOOSTER CO LTD,organization\n"
    "S22,THE KC DEEP CO LTD,organization\n"
    "S23,SM Culture & Contents Co. Ltd.,organization\n"
    "S24,M&FC CO LTD,organization\n"
    "S25,MFC CO LTD,organization\n"
    "S26,K'S HOLDINGS CORPORATION,organization\n"
    "S27,KG Mobility Corp.,organization\n"
    "S28,\"DONGBUELECTRONICS CO.,LTD\",organization\n"
    "S29,\"J Trust Co.,Ltd.\",organization\n"
    "S30,DONGYANG E&P INC.,organization\n"
    "S31,TAKENAKA CORPORATION,organization\n"
    "S32,\"Three F Co., Ltd.\",organization\n"
    "S33,TRUST LIFE,organization\n"
    "S34,\"Sebitchem Co., LTD\",organization\n"
    "S35,ARCHION Corporation,organization\n"
    "S36,CoAsia Corporation,organization\n"
    "S37,\"KHODORKOVSKY, Mikhail Borisovich\",person\n"
    "S38,Drama Inc.,organization\n";

static sx_screen_index *index_once(void)
{
    static sx_screen_index *ix;
    static int tried;
    if (tried)
        return ix;
    tried = 1;
    char path[64];
    snprintf(path, sizeof path, "/tmp/sx_fuzz_screen_%d.csv", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fputs(LIST, f);
    fclose(f);
    sx_list *l = NULL;
    if (sx_list_load(&l, "simple-csv", path) != 0 || sx_screen_index_build(&ix, &l, 1) != 0)
        abort();
    unlink(path);
    return ix;
}

static void check_answer(const char *text)
{
    json_t *doc = json_loads(text, 0, NULL);
    json_t *results = json_object_get(doc, "results");
    if (!json_is_array(results))
        abort();
    double last = 1.0;
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        double s = json_number_value(json_object_get(r, "score"));
        if (!(s >= 0.0 && s <= 1.0) || s > last + 1e-9)
            abort();
        last = s;
        json_t *ex = json_object_get(r, "explanation");
        if (!json_is_array(ex) || json_array_size(ex) == 0)
            abort();
        for (size_t k = 0; k < json_array_size(ex); k++) {
            const char *line = json_string_value(json_array_get(ex, k));
            if (!line || !line[0])
                abort();
        }
    }
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sx_screen_index *ix = index_once();
    char *name = malloc(size + 1);
    if (!name)
        return 0;
    memcpy(name, data, size);
    name[size] = '\0';
    sx_screen_opts o = {.threshold = 0.0, .limit = 10};
    char *out = NULL;
    int rc = sx_screen_json(&out, ix, name, &o);
    if (rc == 0)
        check_answer(out);
    else if (!sx_errmsg()[0])
        abort(); /* a refusal says why */
    sx_free(out);
    free(name);
    return 0;
}
