/* Hangul to Latin: Revised Romanization, McCune-Reischauer (without diacritics), the
 * DPRK's own system (the one UN and OFAC entries for North Korea follow), South Korean
 * passport habits, the older spellings companies kept (Daewoo, Kookmin, Hanwha), and the
 * loanword reading that undoes Korean's epenthetic vowels
 * (셀레스트라 -> selestra) so that borrowed company names meet their English spelling. */
#include <stdio.h>
#include <string.h>

#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/utf8.h"

enum style { RR, MR, DPRK, PASSPORT, COMMON, LOAN, NSTYLES };

/* Jamo indexes: 19 initials, 21 medials, 28 finals. */
static const char *const rr_ini[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                       "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
static const char *const mr_ini[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                       "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"};
static const char *const dprk_ini[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                         "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"};
static const char *const loan_ini[19] = {"g", "k", "n", "d", "t", "r", "m", "b", "p", "s",
                                         "s", "", "j", "j", "ch", "k", "t", "p", "h"};
/* Voiced forms of k/t/p/ch between voiced sounds (MR, DPRK). */
static const char *const voiced_ini[19] = {"g", NULL, NULL, "d", NULL, NULL, NULL, "b", NULL,
                                           NULL, NULL, NULL, "j", NULL, NULL, NULL, NULL,
                                           NULL, NULL};

static const char *const rr_vow[21] = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa",
                                       "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
                                       "ui", "i"};
static const char *const mr_vow[21] = {"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa",
                                       "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u",
                                       "ui", "i"};
static const char *const pp_vow[21] = {"a", "ae", "ya", "yae", "u", "e", "yu", "ye", "o", "wa",
                                       "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
                                       "ui", "i"};
static const char *const loan_vow[21] = {"a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa",
                                         "we", "oe", "yo", "u", "wo", "we", "wi", "yu", "u",
                                         "ui", "i"};

static const char *const fin[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k",
                                    "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
                                    "t", "ng", "t", "t", "k", "t", "p", "t"};
/* In loanwords a final ㅅ is written for t/s (인터넷 internet, 엣지 edge). */
static const char *const loan_fin[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k",
                                         "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
                                         "t", "ng", "t", "t", "k", "t", "p", "t"};

typedef struct jamo {
    int l, v, t;
} jamo;

static jamo split(uint32_t cp)
{
    uint32_t s = cp - 0xAC00;
    jamo j = {(int)(s / 588), (int)((s % 588) / 28), (int)(s % 28)};
    return j;
}

/* Final consonants after which k/t/p/ch are voiced in MR and the DPRK system. */
static bool voicing_final(int t)
{
    return t == 0 || t == 4 || t == 8 || t == 16 || t == 21; /* none, ㄴ, ㄹ, ㅁ, ㅇ */
}

static int put_syllable(sx_buf *b, enum style st, jamo j, int prev_t, bool word_start,
                        bool next_is_vowel_initial, bool first_syllable, bool word_end)
{
    const char *ini, *vow, *f;
    switch (st) {
    case RR:
        ini = j.l == 5 && prev_t == 8 ? "l" : rr_ini[j.l]; /* ㄹㄹ is ll */
        vow = rr_vow[j.v];
        break;
    case MR:
    case DPRK:
        ini = st == MR ? mr_ini[j.l] : dprk_ini[j.l];
        if (!word_start && voicing_final(prev_t) && voiced_ini[j.l])
            ini = voiced_ini[j.l];
        if (j.l == 5 && prev_t == 8) /* ㄹㄹ is ll here too (kullobol) */
            ini = "l";
        vow = mr_vow[j.v];
        /* The South writes a word-initial ㄹ as ㄴ or ㅇ (능라도 for 릉라도, 용 for 룡);
         * the DPRK spelling, which its romanised names follow, keeps the r. */
        if (st == DPRK && first_syllable && (j.l == 2 || (j.l == 11 && (j.v == 2 || j.v == 3 ||
                                                                        j.v == 6 || j.v == 7 ||
                                                                        j.v == 12 || j.v == 17 ||
                                                                        j.v == 20))))
            ini = "r";
        break;
    case PASSPORT:
        ini = word_start && j.l == 0 ? "k" : rr_ini[j.l];
        vow = pp_vow[j.v];
        if (j.v == 6 && j.l == 11 && j.t == 21) /* 영 -> young */
            vow = "you";
        break;
    case COMMON:
        /* Spellings from before the Revised Romanization that companies and families
         * kept: ㅜ as oo (Kookmin, Moon), 우 as woo (Daewoo, Woori), 유 as yoo (Yoosung),
         * ㅓ as u (Hyundai), 화 as wha (Hanwha, Samwha). */
        ini = word_start && j.l == 0 ? "k" : rr_ini[j.l];
        vow = pp_vow[j.v];
        if (j.v == 13)
            vow = j.l == 11 ? "woo" : "oo";
        else if (j.v == 17)
            vow = "yoo";
        else if (j.v == 6 && j.l == 11 && j.t == 21)
            vow = "you";
        else if (j.v == 9 && j.l == 18) {
            ini = "";
            vow = "wha";
        }
        break;
    default:
        ini = loan_ini[j.l];
        /* ㄹ after a final ㄹ is one l (셀레 -> sele); ㄹ starting a word is r. */
        if (j.l == 5 && prev_t == 8)
            ini = "";
        vow = loan_vow[j.v];
        /* After ㅈ, ㅉ and ㅊ a y glide is not heard (쥬 sounds as 주), so the loanword
         * orthography writes none (외래어 표기법, as the National Institute of the Korean
         * Language explains it: 주스, not 쥬스); companies still do (메쥬 is Mezoo). */
        if (j.l >= 12 && j.l <= 14 && vow[0] == 'y')
            vow++;
        /* ㅎ before a w glide starting a name is how Korean wrote an f before 1986, and
         * firms kept it: 화이자 Pfizer, 훼미리 Family, 휘트니스 fitness.  Not inside one,
         * where it is mostly a native syllable (세화 Sewha), nor in a person's name. */
        if (first_syllable && j.l == 18 &&
            (j.v == 9 || j.v == 10 || j.v == 14 || j.v == 15 || j.v == 16)) {
            ini = "f";
            vow = loan_vow[j.v] + 1; /* the glide is the f's */
        }
        /* ㅓ ending a word after a consonant, or before a plural's 스 or 즈 ending it, is
         * English -er as Korean writes it (파트너 partner, 센터 center, 파트너스 partners;
         * 외래어 표기법 표 1: ə and ɜ are 어). */
        if (j.v == 4 && j.t == 0 && j.l != 11 && word_end)
            vow = "er";
        /* Epenthetic ㅡ: 스, 트, 크 ... stand for a bare consonant. */
        if (j.v == 18 && j.t == 0 && j.l != 11 && !next_is_vowel_initial)
            vow = "";
        break;
    }
    f = st == LOAN ? loan_fin[j.t] : fin[j.t];
    /* 시 is "shi" in RR-style renderings of names only after s; keep the table's. */
    if (sx_buf_puts(b, ini) != 0 || sx_buf_puts(b, vow) != 0 || sx_buf_puts(b, f) != 0)
        return SX_ENOMEM;
    return 0;
}

static int render(sx_buf *b, enum style st, const uint32_t *cps, size_t n, bool person,
                  bool voice_given)
{
    int prev_t = -1;
    for (size_t i = 0; i < n; i++) {
        if (!sx_is_hangul_syllable(cps[i])) {
            char enc[4];
            int k = sx_utf8_encode(cps[i], enc);
            if (sx_buf_put(b, enc, (size_t)k) != 0)
                return SX_ENOMEM;
            prev_t = -1;
            continue;
        }
        jamo j = split(cps[i]);
        /* Given names are written syllable by syllable, but the second syllable is often
         * voiced as in speech (Chon Gon, Kyong Bok). */
        bool word_start = i == 0 || prev_t < 0 || (person && !voice_given);
        if (person && i > 0 && sx_buf_putc(b, ' ') != 0)
            return SX_ENOMEM;
        bool next_vowel = i + 1 < n && sx_is_hangul_syllable(cps[i + 1]) &&
                          split(cps[i + 1]).l == 11;
        /* The word ends here, or with a plural's 스 or 즈 after this syllable. */
        bool plural = i + 1 < n && (cps[i + 1] == 0xC2A4 /* 스 */ || cps[i + 1] == 0xC988 /* 즈 */) &&
                      (i + 2 == n || !sx_is_hangul_syllable(cps[i + 2]));
        bool word_end = i + 1 == n || !sx_is_hangul_syllable(cps[i + 1]) || plural;
        if (put_syllable(b, st, j, prev_t, word_start, next_vowel, i == 0 && !person,
                         word_end) != 0)
            return SX_ENOMEM;
        prev_t = j.t;
    }
    return 0;
}

int sx_hangul_rr(sx_buf *out, const uint32_t *cps, size_t n)
{
    return render(out, RR, cps, n, false, false);
}

int sx_hangul_loanword(sx_buf *out, const uint32_t *cps, size_t n)
{
    return render(out, LOAN, cps, n, false, false);
}

static const char *const style_path[NSTYLES] = {"hangul:RR", "hangul:MR", "hangul:DPRK",
                                                "hangul:passport", "hangul:older spelling",
                                                "hangul:loanword"};
static const float style_prior[NSTYLES] = {1.0f, 0.98f, 0.98f, 0.97f, 0.96f, 0.95f};

int sx_hangul_options(sx_seg *seg, sx_arena *a, const uint32_t *cps, size_t n, bool person)
{
    sx_buf b = SX_BUF_INIT;
    int rc = 0;
    for (int st = 0; st <= NSTYLES; st++) {
        /* One extra pass for persons: DPRK with the given name's second syllable voiced. */
        bool voiced = st == NSTYLES;
        if ((person && st == LOAN) || (voiced && (!person || n < 2)))
            continue;
        enum style style = voiced ? DPRK : (enum style)st;
        sx_buf_clear(&b);
        if ((rc = render(&b, style, cps, n, person, voiced)) != 0 || (rc = sx_buf_puts(&b, "")))
            break;
        const char *s = sx_arena_strdup(a, b.ptr);
        if (!s) {
            rc = SX_ENOMEM;
            break;
        }
        unsigned prov = SX_PROV_HANGUL | SX_PROV_SYLLABLES | (st == LOAN ? SX_PROV_LOANWORD : 0);
        sx_seg_add(seg, s, voiced ? "hangul:DPRK voiced" : style_path[st], prov,
                   voiced ? 0.96f : style_prior[st]);
    }
    sx_buf_free(&b);
    return rc;
}

/* Adds ini + vow + final to out's spellings, once. */
static void add_spelling(sx_syllable_spellings *out, const char *ini, const char *vow,
                         const char *final)
{
    char s[SX_SPELLING_MAX];
    int n = snprintf(s, sizeof s, "%s%s%s", ini, vow, final);
    if (n <= 0 || (size_t)n >= sizeof s)
        return;
    for (size_t k = 0; k < out->n; k++)
        if (out->len[k] == n && memcmp(out->s[k], s, (size_t)n) == 0)
            return;
    if (out->n < SX_SYLLABLE_SPELLINGS) {
        if (s[0] >= 'a' && s[0] <= 'z')
            out->first |= 1u << (s[0] - 'a');
        memcpy(out->s[out->n], s, (size_t)n);
        out->len[out->n++] = (uint8_t)n;
    }
}

/* The spellings of one syllable (jamo j) in the styles above but the loanword's: each
 * style's initial, voiced or not and as a word's start writes it, with each style's vowel
 * and the final.  A company's own romanisation mixes them syllable by syllable (DONGKUK
 * for 동국: RR's dong, the word-initial k of McCune-Reischauer and the passports; GUYOUNG
 * for 구영: RR's gu, the passports' young), where a reading is one style throughout.  ㄹ
 * opening a syllable is also l, as firms write it wherever it stands (보락 BOLAK, 롯데
 * Lotte), not only after ㄹ as RR does. */
static void syllable_spellings(sx_syllable_spellings *out, jamo j, bool as_heard)
{
    /* ㅅ before ㅣ and ㅟ is sh in McCune-Reischauer (시 shi, 신 shin), as firms and
     * families write it (신한 Shinhan), where the readings' MR keeps it s. */
    bool sh = j.l == 9 && (j.v == 20 || j.v == 16);
    const char *ini[5] = {rr_ini[j.l], mr_ini[j.l], dprk_ini[j.l], voiced_ini[j.l],
                          j.l == 5 ? "l" : sh ? "sh" : NULL};
    /* as_heard: ㅔ and ㅐ (e, ae) are one vowel in speech today (the standard
     * pronunciation, 표준 발음법, keeps them apart; Seoul speakers do not), and firms
     * spell ㅔ as ㅐ's ae (세동 SAE DONG).  Not ㅐ as e: an English word's e then spelled
     * syllables (MILE for 미래, 0.95). */
    const char *vow[5] = {rr_vow[j.v], mr_vow[j.v], pp_vow[j.v], NULL,
                          as_heard && j.v == 5 ? "ae" : NULL};
    /* The older spellings (COMMON in put_syllable): ㅜ oo, 우 woo, 유 yoo, 영 young; ㅐ as
     * ai, as passports write 백 Paik (ko_surnames.tsv) and firms 현대 Hyundai; the i of ㅣ
     * and of ㅢ (said i after a first syllable) as ee, as 이 is Lee (ko_surnames.tsv) and
     * 서희 SEOHEE.  Per syllable only: as whole readings their words crowded out others'. */
    if (j.v == 13)
        vow[3] = j.l == 11 ? "woo" : "oo";
    else if (j.v == 17)
        vow[3] = "yoo";
    else if (j.v == 6 && j.l == 11 && j.t == 21)
        vow[3] = "you";
    else if (j.v == 1)
        vow[3] = "ai";
    else if (j.v == 19 || j.v == 20)
        vow[3] = "ee";
    /* ㅖ after a consonant but ㅇ and ㄹ is said ㅔ as well (the standard pronunciation,
     * 표준 발음법 art. 5: 계 [게]), and firms spell it so (계양 KEYANG). */
    else if (j.v == 7 && j.l != 11 && j.l != 5)
        vow[3] = "e";
    /* 아 alone as ah, an h closing the bare vowel as the older spellings did (동아
     * Dong-Ah, 세아 SeAH). */
    else if (j.v == 0 && j.l == 11 && j.t == 0)
        vow[3] = "ah";
    out->n = 0;
    out->first = 0;
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 5 && ini[a]; b++)
            if (vow[b])
                add_spelling(out, ini[a], vow[b], fin[j.t]);
    if (j.v == 9 && j.l == 18) /* 화 wha (Hanwha) */
        add_spelling(out, "", "wha", fin[j.t]);
}

void sx_hangul_spellings(sx_syllable_spellings *out, const uint32_t *cps, size_t n,
                         bool as_heard)
{
    for (size_t i = 0; i < n; i++) {
        out[i].n = 0;
        out[i].first = 0;
        if (sx_is_hangul_syllable(cps[i]))
            syllable_spellings(&out[i], split(cps[i]), as_heard);
    }
}

/* Bit p of the result: the n syllables, one spelling each, spell w[0, p). */
static uint64_t spelled_prefixes(const sx_syllable_spellings *sp, size_t n, const char *w,
                                 size_t len)
{
    if (n == 0 || len == 0 || len > 63 || w[0] < 'a' || w[0] > 'z' ||
        !((sp[0].first >> (w[0] - 'a')) & 1u))
        return 0;
    uint64_t at = 1; /* bit p: the syllables so far spell w[0, p) */
    for (size_t i = 0; i < n && at; i++) {
        uint64_t reached = 0;
        for (size_t p = 0; p < len; p++) {
            if (!((at >> p) & 1u))
                continue;
            for (size_t k = 0; k < sp[i].n; k++) {
                size_t l = sp[i].len[k];
                if (p + l <= len && w[p] == sp[i].s[k][0] && memcmp(w + p, sp[i].s[k], l) == 0)
                    reached |= (uint64_t)1 << (p + l);
            }
        }
        at = reached;
    }
    return at;
}

bool sx_hangul_spells(const sx_syllable_spellings *sp, size_t n, const char *w, size_t len)
{
    /* A word longer than the prefixes' bits is spelled by no syllables (and a shift by
     * its length would be undefined: found by fuzz_screen). */
    return len <= 63 && ((spelled_prefixes(sp, n, w, len) >> len) & 1u);
}

bool sx_hangul_spells_start(const sx_syllable_spellings *sp, size_t n, const char *w, size_t len)
{
    /* Spellings run to ten letters a syllable: the start that can hold them is enough. */
    size_t room = n * SX_SPELLING_MAX, m = len < room ? len : room;
    return spelled_prefixes(sp, n, w, m < 63 ? m : 63) != 0;
}

/* Names of Latin letters as Koreans write them, longest first where one is a prefix of
 * another (에이치 before 에이).  '&' marks the ampersand (앤, 엔드).  Beside the standard
 * names, the names as heard that firms write too: W's l carried into its last syllable
 * (더블류: 에이에프더블류 is A.F.W), H's two vowels said as one (에치: 에치에프알 is HFR). */
static const struct {
    const char *hangul;
    const char *latin;
} letters[] = {
    {"더블유", "w"}, {"에이치", "h"}, {"에이", "a"}, {"비", "b"},   {"씨", "c"},  {"시", "c"},
    {"디", "d"},     {"이", "e"},     {"에프", "f"}, {"지", "g"},   {"아이", "i"}, {"제이", "j"},
    {"케이", "k"},   {"엘", "l"},     {"엠", "m"},   {"엔", "n"},   {"오", "o"},  {"피", "p"},
    {"큐", "q"},     {"알", "r"},     {"에스", "s"}, {"에쓰", "s"}, {"티", "t"},  {"유", "u"},
    {"브이", "v"},   {"엑스", "x"},   {"와이", "y"}, {"제트", "z"}, {"지", "z"},  {"앤", "&"},
    {"엔드", "&"},   {"에르", "r"},   {"베", "b"},    {"더블류", "w"}, {"에치", "h"},
};

size_t sx_hangul_letter_at(const uint32_t *cps, size_t n, char *letter)
{
    size_t best = 0;
    for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++) {
        uint32_t lc[4];
        size_t ln = sx_decode(lc, 4, letters[k].hangul, strlen(letters[k].hangul));
        if (ln > best && ln <= n && memcmp(lc, cps, ln * sizeof *lc) == 0) {
            best = ln;
            *letter = letters[k].latin[0];
        }
    }
    return best;
}

/* Whether cps[i] (a letter name of best code points, after count letters) is 엔 said for
 * the ampersand, as SX_AND_ALL_DROPPED reads it: between two letters (이엔씨, E&C). */
static bool en_for_and(const uint32_t *cps, size_t n, size_t i, size_t best, size_t count)
{
    return cps[i] == 0xC5D4 && best == 1 && count > 0 && i + 1 < n;
}

/* Reads the letter names cps[0, n) opens with into out (room bytes, terminated), the
 * ampersand as and_as says; *count letters written, *said_and whether an ampersand was
 * among them.  Returns the code points read. */
static size_t read_letters(const uint32_t *cps, size_t n, enum sx_hangul_and and_as, char *out,
                           size_t room, size_t *count, bool *said_and)
{
    size_t o = 0, i = 0;
    *count = 0;
    *said_and = false;
    while (i < n) {
        char ch = 0;
        size_t best = sx_hangul_letter_at(cps + i, n - i, &ch);
        if (best == 0 || o + 2 >= room)
            break;
        /* The list writes L&K as "l k", which becomes lk like any run of initials; some
         * companies write the ampersand as n (E&M as ENM, P&C as PNC); 엔 is also used
         * for the ampersand (이엔씨 for E&C). */
        bool amp =
            ch == '&' || (and_as == SX_AND_ALL_DROPPED && en_for_and(cps, n, i, best, *count));
        *said_and |= amp;
        if (amp && and_as == SX_AND_AS_N)
            ch = 'n';
        else if (amp)
            ch = 0;
        if (ch) {
            out[o++] = ch;
            (*count)++;
        }
        i += best;
    }
    out[o] = '\0';
    return i;
}

size_t sx_hangul_letters_span(const uint32_t *cps, size_t n)
{
    char out[128];
    size_t count;
    bool said_and;
    return read_letters(cps, n, SX_AND_DROPPED, out, sizeof out, &count, &said_and);
}

bool sx_hangul_letters_say_and(const uint32_t *cps, size_t n)
{
    char out[128];
    size_t count;
    bool said_and;
    read_letters(cps, n, SX_AND_ALL_DROPPED, out, sizeof out, &count, &said_and);
    return said_and;
}

const char *sx_hangul_letters(sx_arena *a, const uint32_t *cps, size_t n, size_t *used,
                              enum sx_hangul_and and_as)
{
    char out[128];
    size_t count;
    bool said_and;
    size_t i = read_letters(cps, n, and_as, out, sizeof out, &count, &said_and);
    *used = 0;
    if (count < 2)
        return NULL;
    *used = i;
    return sx_arena_strdup(a, out);
}
