/* Country names to ISO 3166-1 alpha-2 codes.
 *
 * The lists name countries every way there is: "Korea, North" and "Democratic People's
 * Republic of Korea", "Iran (Islamic Republic of)", "Türkiye", "Burma", or a code.  The
 * names come from Debian's iso-codes (each country's short, official and common name),
 * so no country is left out, and from CLDR's English names through ICU (Russia, Turkey,
 * UK, Burma); data/terms/country_names.tsv adds the three spellings the lists use that
 * neither gives (Kosovo's XK, the CSL's PRC and MACAU).
 *
 * Both sides are compared on one key: an inverted name is turned round ("Korea, Republic
 * of" and "Iran (Islamic Republic of)" read as "Republic of Korea" and "Islamic Republic
 * of Iran"), then normalised as names are (case, accents, punctuation), without a
 * leading "the". */
#include "lib/screen/country.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uenum.h>
#include <unicode/uldnames.h>
#include <unicode/uregion.h>
#include <unicode/ustring.h>

#include "lib/screen/text.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/strmap.h"
#include "util/strutil.h"

#define COUNTRY_MAX_FILE ((size_t)1 << 20)
#define COUNTRY_MAX_NAME 200
#define COUNTRY_WORD_MIN 4 /* letters of a country word (sx_country_word): Iran, Cuba, Peru */

static struct {
    sx_strmap names;   /* key -> code */
    sx_strmap codes;   /* "KR" -> code */
    sx_strmap regions; /* key of a continent's or subcontinent's name -> itself */
    sx_arena arena;
} C;

/* "A, B" -> "B A" and "A (B)" -> "B A": the inverted forms of ISO's short names and the
 * UN's.  in is cut to COUNTRY_MAX_NAME bytes by the caller. */
static void turn_round(char *out, size_t size, const char *in)
{
    const char *comma = strchr(in, ',');
    const char *paren = strchr(in, '(');
    const char *close = paren ? strchr(paren, ')') : NULL;
    if (comma && (!paren || comma < paren))
        snprintf(out, size, "%s %.*s", comma + 1, (int)(comma - in), in);
    else if (paren && close)
        snprintf(out, size, "%.*s %.*s", (int)(close - paren - 1), paren + 1, (int)(paren - in),
                 in);
    else
        snprintf(out, size, "%s", in);
}

static int country_key(sx_buf *key, const char *text)
{
    char round[2 * COUNTRY_MAX_NAME + 4];
    turn_round(round, sizeof round, text);
    key->len = 0;
    int rc = sx_text_normalise(key, round, strlen(round));
    if (rc == 0 && strncmp(key->ptr, "the ", 4) == 0) {
        memmove(key->ptr, key->ptr + 4, key->len - 3);
        key->len -= 4;
    }
    return rc;
}

static bool is_code(const char *s)
{
    return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* Files a name of the country whose code is code.  A name already filed under another
 * code is an error in a table (where, in *where) and is passed over from CLDR (where
 * NULL): the tables say how the lists write names. */
static int put_name(const char *code, const char *name, const char *where)
{
    sx_buf key = SX_BUF_INIT;
    int rc = country_key(&key, name);
    if (rc == 0 && key.len == 0 && where)
        rc = sx_error_set(SX_EPARSE, "%s: the name is empty once normalised", where);
    const char *other = rc == 0 && key.len ? sx_strmap_get(&C.names, key.ptr) : NULL;
    if (other && other != code && where)
        rc = sx_error_set(SX_EPARSE, "%s: \"%s\" already names %s", where, key.ptr, other);
    if (rc == 0 && key.len && !other) {
        char *stored = sx_arena_strdup(&C.arena, key.ptr);
        if (!stored || sx_strmap_put(&C.names, stored, (void *)code) != 0)
            rc = SX_ENOMEM;
    }
    sx_buf_free(&key);
    return rc;
}

/* A word of the translations table, CODE<TAB>word, as names are normalised (lowercase
 * letters a-z: tools/countries.py folds them), filed as it is: normalising 1,300 words
 * with ICU would cost every cold start milliseconds.  Passed over when another table
 * files it under another code, as CLDR's names are. */
static int translation_line(char *line, const char *path, size_t lineno)
{
    char *tab = strchr(line, '\t');
    if (tab)
        *tab = '\0';
    size_t n = tab ? strspn(tab + 1, "abcdefghijklmnopqrstuvwxyz") : 0;
    if (!tab || !is_code(line) || n < COUNTRY_WORD_MIN || tab[1 + n] || n > COUNTRY_MAX_NAME)
        return sx_error_set(SX_EPARSE,
                            "%s:%zu: expected CODE<TAB>word (an upper-case alpha-2 code, "
                            "a word of %d to %d letters a-z)",
                            path, lineno, COUNTRY_WORD_MIN, COUNTRY_MAX_NAME);
    char *code = sx_strmap_get(&C.codes, line);
    if (!code || sx_strmap_get(&C.names, tab + 1))
        return 0; /* a country the other tables do not know, or a name they file */
    char *stored = sx_arena_strdup(&C.arena, tab + 1);
    if (!stored || sx_strmap_put(&C.names, stored, code) != 0)
        return SX_ENOMEM;
    return 0;
}

/* CODE<TAB>NAME: a name of the country whose alpha-2 code is CODE. */
static int country_line(char *line, const char *path, size_t lineno)
{
    char *tab = strchr(line, '\t');
    if (tab)
        *tab = '\0';
    if (!tab || !is_code(line) || !tab[1] || strlen(tab + 1) > COUNTRY_MAX_NAME)
        return sx_error_set(SX_EPARSE,
                            "%s:%zu: expected CODE<TAB>NAME (an upper-case "
                            "alpha-2 code, a name of at most %d bytes)",
                            path, lineno, COUNTRY_MAX_NAME);
    char *code = sx_strmap_get(&C.codes, line);
    if (!code) {
        if (!(code = sx_arena_strdup(&C.arena, line)) || sx_strmap_put(&C.codes, code, code))
            return SX_ENOMEM;
    }
    char where[4300];
    snprintf(where, sizeof where, "%s:%zu", path, lineno);
    return put_name(code, tab + 1, where);
}

/* CLDR's English name of a region through ICU (full or short: "United Kingdom", "UK"),
 * as UTF-8 in out; false when ICU has none but the code itself. */
static bool cldr_name(char *out, int32_t size, const ULocaleDisplayNames *names, const char *code)
{
    UChar u[COUNTRY_MAX_NAME];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = uldn_regionDisplayName(names, code, u, COUNTRY_MAX_NAME, &e);
    if (U_FAILURE(e) || n <= 0)
        return false;
    u_strToUTF8(out, size, NULL, u, n, &e);
    return U_SUCCESS(e) && strcmp(out, code) != 0;
}

/* Files CLDR's English names of every country the tables know, full and short, and both
 * halves of a name with another in parentheses: Russia and Turkey (ISO writes Russian
 * Federation and Türkiye), UK, Kosovo, Burma from "Myanmar (Burma)", as OFAC's and the
 * CSL's country fields write them.  Without ICU data the tables alone serve. */
static int add_cldr_names(void)
{
    UErrorCode e = U_ZERO_ERROR;
    UDisplayContext short_names[] = {UDISPCTX_LENGTH_SHORT};
    ULocaleDisplayNames *forms[2] = {uldn_open("en", ULDN_STANDARD_NAMES, &e),
                                     uldn_openForContext("en", short_names, 1, &e)};
    int rc = 0;
    for (size_t i = 0; U_SUCCESS(e) && rc == 0 && i < C.codes.cap; i++) {
        const char *code = C.codes.slots[i].key;
        char name[4 * COUNTRY_MAX_NAME];
        for (int f = 0; code && rc == 0 && f < 2; f++) {
            if (!cldr_name(name, sizeof name, forms[f], code))
                continue;
            rc = put_name(code, name, NULL);
            char *open = strstr(name, " (");
            size_t n = strlen(name);
            if (rc == 0 && open && name[n - 1] == ')') {
                name[n - 1] = '\0';
                *open = '\0';
                rc = put_name(code, name, NULL);
                rc = rc ? rc : put_name(code, open + 2, NULL);
            }
        }
    }
    uldn_close(forms[0]);
    uldn_close(forms[1]);
    return rc;
}

/* Files CLDR's English names of the continents and subcontinents (Europe, Asia, Latin
 * America), which name a company's region as a country names its country (Tidewater
 * Middle East, FABERLIC EUROPE): through ICU's regions, not a hand list. */
static int add_regions(void)
{
    UErrorCode e = U_ZERO_ERROR;
    ULocaleDisplayNames *names = uldn_open("en", ULDN_STANDARD_NAMES, &e);
    const URegionType types[] = {URGN_CONTINENT, URGN_SUBCONTINENT};
    int rc = 0;
    for (size_t t = 0; U_SUCCESS(e) && rc == 0 && t < sizeof types / sizeof types[0]; t++) {
        UEnumeration *codes = uregion_getAvailable(types[t], &e);
        const char *code;
        while (U_SUCCESS(e) && rc == 0 && (code = uenum_next(codes, NULL, &e))) {
            char name[4 * COUNTRY_MAX_NAME];
            sx_buf key = SX_BUF_INIT;
            if (cldr_name(name, sizeof name, names, code) && (rc = country_key(&key, name)) == 0 &&
                key.len && !sx_strmap_get(&C.regions, key.ptr)) {
                char *stored = sx_arena_strdup(&C.arena, key.ptr);
                if (!stored || sx_strmap_put(&C.regions, stored, stored) != 0)
                    rc = SX_ENOMEM;
            }
            sx_buf_free(&key);
        }
        uenum_close(codes);
    }
    uldn_close(names);
    return rc;
}

static int load_file(const char *path, bool optional, bool words)
{
    struct stat st;
    if (optional && stat(path, &st) != 0 && errno == ENOENT) {
        if (words) /* the English names serve without them */
            return 0;
        fprintf(stderr,
                "stratex: warning: %s is missing: list entries keep only the countries "
                "written as codes or in data/terms/country_names.tsv (make builds it from "
                "the iso-codes package that tools/deps.sh installs)\n",
                path);
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    int rc = sx_file_read(&text, &len, path, COUNTRY_MAX_FILE);
    size_t lineno = 0;
    for (char *cursor = text, *line; rc == 0 && (line = sx_next_line(&cursor, &lineno));) {
        size_t n = strlen(line);
        if (line[n - 1] == '\r')
            line[--n] = '\0';
        if (n > 0)
            rc = words ? translation_line(line, path, lineno) : country_line(line, path, lineno);
    }
    free(text);
    return rc;
}

int sx_countries_load(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/terms/dict/countries.tsv", dir);
    int rc = load_file(path, true, false);
    snprintf(path, sizeof path, "%s/terms/country_names.tsv", dir);
    if (rc == 0)
        rc = load_file(path, false, false);
    if (rc == 0)
        rc = add_cldr_names();
    snprintf(path, sizeof path, "%s/terms/dict/country_translations.tsv", dir);
    if (rc == 0)
        rc = load_file(path, true, true);
    if (rc == 0)
        rc = add_regions();
    if (rc != 0)
        sx_countries_free();
    return rc;
}

void sx_countries_free(void)
{
    sx_strmap_free(&C.names);
    sx_strmap_free(&C.codes);
    sx_strmap_free(&C.regions);
    sx_arena_free(&C.arena);
    memset(&C, 0, sizeof C);
}

int sx_country_code(const char **code, const char *text)
{
    *code = NULL;
    if (!text || strlen(text) > COUNTRY_MAX_NAME)
        return 0;
    sx_buf key = SX_BUF_INIT;
    int rc = country_key(&key, text);
    if (rc == 0 && key.len > 0)
        *code = sx_strmap_get(&C.names, key.ptr);
    sx_buf_free(&key);
    /* A code, after the names so that "UK" can name GB; only in capitals, as the lists
     * write codes: the UN's nationality "na" means none given, not Namibia. */
    while (*text == ' ')
        text++;
    if (rc == 0 && !*code && is_code(text))
        *code = sx_strmap_get(&C.codes, text);
    return rc;
}

const void *sx_country_word(const char *w, size_t n)
{
    if (n < COUNTRY_WORD_MIN)
        return NULL;
    const void *code = sx_strmap_getn(&C.names, w, n);
    return code ? code : sx_strmap_getn(&C.regions, w, n);
}
