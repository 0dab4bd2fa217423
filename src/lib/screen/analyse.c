/* Name analysis: from one name as published to its Latin readings.  Tokens are split on
 * spaces and script changes, legal forms removed, and every non-Latin token becomes one
 * segment with several readings (terms translated, several romanisations); the readings
 * of the whole name are the most likely combinations of its segments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/utf8.h"

#define MAX_TOKENS 64     /* tokens kept from one name */
#define TOKEN_MAX_CPS 128 /* code points kept from one token */
#define PIECE_COMBOS 12   /* readings kept for one CJK token */
#define READ_BACK_COMBOS 2 /* of them with katakana read back (cjk_token), at most */
#define HANJA_WORD_MAX 4  /* Han characters of a hanja word read whole (hanja_word_at) */
#define DICT_SCALE 0.95f  /* prior of a reading made with dictionary glosses, relative */
#define HANGUL_LETTERS_MAX 8 /* letters read from the start of a Hangul piece */
#define YO_PRIOR 0.95f  /* a name's reading with ё as yo, against its own (yo_alts) */
#define PASSPORT_PRIOR 0.97f /* a Russian name's passport spelling, against BGN/PCGN's */
#define READING_ALTS 32   /* Japanese and Korean readings of one name; the rest of
                             SX_NAME_MAX_ALTS is the Mandarin readings' room */

typedef struct token {
    const char *s; /* into the normalised name */
    size_t len;
    unsigned script;
    const char *path; /* how a Latin token was made from another script, or NULL */
    unsigned prov;    /* the same as sx_prov bits */
    const char *said; /* before fold_digits made its digits letters (len bytes), or NULL */
} token;

typedef struct ctx {
    sx_name_analysis *a;
    token tok[MAX_TOKENS];
    size_t ntok;
    sx_seg segs[MAX_TOKENS];
    size_t nsegs;
    sx_buf tmp;
    bool no_dict; /* a Han name read in Korean: its glosses come from the Han text itself */
    bool listed;  /* a list's name: Arabic-script words kept as written only */
    const char *raw; /* the name as given (raw[0..rawlen)) */
    size_t rawlen;
    const sx_lattice *lattice; /* the last lattice_of, kept while the segments are those */
} ctx;

static int analyse(sx_name_analysis *out, const char *name, size_t len, bool no_dict,
                   bool listed, bool passport);

/* A token's scripts: its digits go with its letters' script (3호), and a token of
 * digits alone is Latin. */
static unsigned token_script(const char *s, size_t len)
{
    unsigned bits = sx_scripts_of(s, len, false);
    return bits ? bits : SX_SCRIPT_LATIN;
}

/* Which side of a Latin/CJK boundary a code point is on (digits go with their token). */
static int side(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return 0;
    unsigned s = sx_script_of(cp);
    return s == SX_SCRIPT_LATIN ? 1 : 2;
}

static void add_token(ctx *c, const char *s, size_t len)
{
    if (len == 0 || c->ntok == MAX_TOKENS)
        return;
    c->tok[c->ntok].s = s;
    c->tok[c->ntok].len = len;
    c->tok[c->ntok].script = token_script(s, len);
    c->tok[c->ntok].path = NULL;
    c->tok[c->ntok].prov = 0;
    c->tok[c->ntok].said = NULL;
    c->ntok++;
}

/* Splits on spaces, then where Latin letters meet CJK ("TCC스틸" -> tcc, 스틸). */
static void tokenise(ctx *c, const char *norm)
{
    const char *p = norm;
    while (*p) {
        size_t n = strcspn(p, " ");
        const char *start = p;
        int cur = 0;
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            int k = sx_utf8_decode(p + i, n - i, &cp);
            if (k <= 0)
                k = 1;
            int sd = k > 0 ? side(cp) : 2;
            if (sd && cur && sd != cur) {
                add_token(c, start, (size_t)(p + i - start));
                start = p + i;
            }
            if (sd)
                cur = sd;
            i += (size_t)k;
        }
        add_token(c, start, (size_t)(p + n - start));
        p += n;
        while (*p == ' ')
            p++;
    }
}

static void drop_token(ctx *c, size_t i)
{
    memmove(&c->tok[i], &c->tok[i + 1], (c->ntok - i - 1) * sizeof c->tok[0]);
    c->ntok--;
}

/* Joins tokens [from, from+k) with spaces into buf; false when not all Latin. */
static bool join_latin(const ctx *c, size_t from, size_t k, char *buf, size_t size)
{
    size_t o = 0;
    for (size_t i = from; i < from + k; i++) {
        if (c->tok[i].script != SX_SCRIPT_LATIN || o + c->tok[i].len + 2 > size)
            return false;
        if (i > from)
            buf[o++] = ' ';
        memcpy(buf + o, c->tok[i].s, c->tok[i].len);
        o += c->tok[i].len;
    }
    buf[o] = '\0';
    return true;
}

/* Letters in s when it is made only of letter names in katakana (エス, エイチ), else 0. */
static size_t letter_names(const char *s, size_t len)
{
    uint32_t cps[TOKEN_MAX_CPS];
    char out[TOKEN_MAX_CPS + 1];
    size_t n = sx_decode(cps, TOKEN_MAX_CPS, s, len);
    return n > 0 && sx_kana_letter_run(out, sizeof out, cps, n) == n ? strlen(out) : 0;
}

static size_t kana_letter_token(const token *t)
{
    return t->script == SX_SCRIPT_KANA ? letter_names(t->s, t->len) : 0;
}

/* Whether the name as given writes token t in parentheses: "(주)" and "㈜" (the same
 * once NFKC-mapped) are legal forms, the syllable 주 alone is a name's (建 周 read in
 * Korean is 건 주, 金 周 is 김 주).  Normalised, the two look alike. */
static bool parenthesised(const ctx *c, const token *t)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)c->raw, (utf8proc_ssize_t)c->rawlen,
                                      &mapped, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
    bool found = false;
    for (utf8proc_ssize_t i = 0; n > 0 && !found && i + (utf8proc_ssize_t)t->len + 2 <= n; i++)
        found = mapped[i] == '(' && memcmp(mapped + i + 1, t->s, t->len) == 0 &&
                mapped[i + 1 + (utf8proc_ssize_t)t->len] == ')';
    free(mapped);
    return found;
}

/* Words of legal forms a mistyped word may be tried as (vennotschap and vennootschap
 * are both rigour's, one error from venootschap). */
#define LEGAL_NEAR_WORDS 8
#define NEAR_MEMO 16 /* tokens whose near words strip_legal keeps */

/* The near words of the tokens strip_legal has looked at: each token is in several of
 * the windows it tries (from each end, for each number of words), and looking its near
 * words up in rigour's forms is most of what stripping costs a Latin name. */
typedef struct near_memo {
    struct {
        const char *s; /* the token's text (it keeps it when tokens before it drop) */
        size_t len;
        bool lone;
        size_t n;
        const char *w[LEGAL_NEAR_WORDS];
    } e[NEAR_MEMO];
    size_t n;
} near_memo;

/* The words of legal forms one typing error from t (sx_legal_words_near), from memo. */
static size_t words_near(near_memo *memo, const token *t, bool lone, const char ***out)
{
    for (size_t i = 0; i < memo->n; i++)
        if (memo->e[i].s == t->s && memo->e[i].len == t->len && memo->e[i].lone == lone) {
            *out = memo->e[i].w;
            return memo->e[i].n;
        }
    size_t i = memo->n < NEAR_MEMO ? memo->n++ : NEAR_MEMO - 1; /* full: the last, again */
    memo->e[i].s = t->s;
    memo->e[i].len = t->len;
    memo->e[i].lone = lone;
    memo->e[i].n = sx_legal_words_near(t->s, t->len, lone, memo->e[i].w, LEGAL_NEAR_WORDS);
    *out = memo->e[i].w;
    return memo->e[i].n;
}

/* The legal form that tokens from..from+k spell, or NULL.  With memo (typo), one of them
 * may be one typing error from a word of the form ("Limted", "Joint Stokc Company"): a
 * mistyped legal form left in the name would weigh as its rarest word. */
static const char *legal_tokens(const ctx *c, size_t from, size_t k, near_memo *memo)
{
    char buf[128];
    if (!join_latin(c, from, k, buf, sizeof buf))
        return NULL;
    if (!memo)
        return sx_legal_latin(buf, strlen(buf));
    for (size_t j = from, at = 0; j < from + k; at += c->tok[j++].len + 1) {
        const char **near;
        size_t nnear = words_near(memo, &c->tok[j], k == 1, &near);
        size_t rest = strlen(buf + at + c->tok[j].len);
        for (size_t m = 0; m < nnear; m++) {
            size_t wl = strlen(near[m]);
            char fixed[sizeof buf + 8];
            if (at + wl + rest + 1 > sizeof fixed)
                continue;
            memcpy(fixed, buf, at);
            memcpy(fixed + at, near[m], wl);
            memcpy(fixed + at + wl, buf + at + c->tok[j].len, rest + 1);
            const char *g = sx_legal_latin(fixed, strlen(fixed));
            if (g)
                return g;
        }
    }
    return NULL;
}

/* A word of the term tables or the dictionaries written in t's script (Hangul: ko_terms,
 * ko_dict; Han and kana: ja_terms, ja_dict, zh_dict). */
static bool dictionary_word(const token *t, const char *s, size_t len)
{
    if (t->script == SX_SCRIPT_HANGUL)
        return sx_terms_ko(s, len) || sx_terms_ko_dict(s, len);
    return sx_terms_ja(s, len) || sx_terms_ja_dict(s, len) || sx_terms_zh_dict(s, len);
}

/* The byte where the code point before byte at of s starts (at > 0). */
static size_t cp_before(const char *s, size_t at)
{
    do
        at--;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80);
    return at;
}

/* Whether a word of the dictionaries of two code points or more is t's bytes [from, end)
 * for some from before byte cut (end >= cut). */
static bool word_before(const token *t, size_t cut, size_t end)
{
    size_t max = sx_terms_max_len(), cps = 0;
    for (size_t i = cut; i < end; i++)
        cps += ((unsigned char)t->s[i] & 0xC0) != 0x80;
    for (size_t from = cut; from > 0 && cps < max;) {
        from = cp_before(t->s, from);
        if (++cps >= 2 && dictionary_word(t, t->s + from, end - from))
            return true;
    }
    return false;
}

/* Whether the legal form of n bytes that ends token t (at_end) or opens it belongs to a
 * word of the dictionaries rather than to the name: the token is itself an entry
 * (株式会社不二越, Nachi-Fujikoshi), or the form ends a longer word and cutting it would
 * leave a piece of a word (회사 of 총회사, general corporation, leaving 선봉기술총; 공사 of
 * 항공사, airline, leaving 고려항).  Where a word ends at the cut (수출입|회사, 무역|회사),
 * the form is cut as before. */
static bool legal_inside_word(const token *t, size_t n, bool at_end)
{
    if (dictionary_word(t, t->s, t->len))
        return true;
    size_t cut = t->len - n; /* a word ends at the cut; a longer word ends t */
    return at_end && !word_before(t, cut, cut) && word_before(t, cut, t->len);
}

/* Removes legal forms at either end, repeatedly ("sa de cv", "co ltd", 株式会社, (주)),
 * always keeping at least one token.  The longest form first, as written before with a
 * typing error ("Limited Liaility Company" is one form, not "Limited"). */
static const char *strip_legal(ctx *c)
{
    const char *tag = NULL;
    bool changed = true;
    near_memo memo;
    memo.n = 0;
    while (changed && c->ntok > 1) {
        changed = false;
        for (size_t k = sx_legal_max_words(); k >= 1 && !changed; k--) {
            for (int typo = 0; typo < 2 && !changed; typo++) {
                near_memo *m = typo ? &memo : NULL;
                const char *g;
                if (c->ntok > k && (g = legal_tokens(c, c->ntok - k, k, m)) != NULL) {
                    tag = g;
                    c->ntok -= k;
                    changed = true;
                } else if (c->ntok > k && (g = legal_tokens(c, 0, k, m)) != NULL) {
                    tag = g;
                    for (size_t i = 0; i < k; i++)
                        drop_token(c, 0);
                    changed = true;
                }
            }
        }
    }
    /* CJK forms inside the first or last token (no word boundaries in CJK names). */
    for (int end = 0; end < 2; end++) {
        for (int guard = 0; guard < 3 && c->ntok > 0; guard++) {
            token *t = end ? &c->tok[c->ntok - 1] : &c->tok[0];
            if (t->script == SX_SCRIPT_LATIN)
                break;
            size_t n = 0;
            bool whole = false;
            const char *g = sx_legal_cjk(t->s, t->len, end == 1, &n, &whole);
            if (!g || (whole && !parenthesised(c, t)))
                break;
            tag = g;
            if (n < t->len && legal_inside_word(t, n, end == 1))
                break;
            if (n == t->len) {
                if (c->ntok == 1)
                    break;
                drop_token(c, end ? c->ntok - 1 : 0);
            } else {
                if (!end)
                    t->s += n;
                t->len -= n;
                /* What is left may be spelled letters (株式会社|エイチ): read them as kana.
                 * Other kana stays with MeCab, whose native reading is the stricter one. */
                if (token_script(t->s, t->len) == SX_SCRIPT_KANA && letter_names(t->s, t->len))
                    t->script = SX_SCRIPT_KANA;
            }
        }
    }
    return tag;
}

static bool has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return true;
    return false;
}

/* Digits inside a word of letters are letters in disguise (Ig0r Sech1n): 0 o, 1 i,
 * 3 e, 4 a, 5 s, 7 t.  Pure numbers stay numbers. */
static int fold_digits(ctx *c, sx_arena *ar)
{
    static const char map[10] = {'o', 'i', 0, 'e', 'a', 's', 0, 't', 0, 0};
    for (size_t i = 0; i < c->ntok; i++) {
        token *t = &c->tok[i];
        if (t->script != SX_SCRIPT_LATIN)
            continue;
        if (!has_digit(t->s, t->len) || sx_numeric_word(t->s, t->len))
            continue;
        char *w = sx_arena_strndup(ar, t->s, t->len);
        if (!w)
            return SX_ENOMEM;
        for (size_t k = 0; k < t->len; k++)
            if (w[k] >= '0' && w[k] <= '9' && map[w[k] - '0'])
                w[k] = map[w[k] - '0'];
        t->said = t->s;
        t->s = w;
    }
    return 0;
}

/* Abbreviations read as the word they stand for (Mfg. -> manufacturing), on the list's
 * side and the query's alike: a reading translated from Japanese or Korean says the word
 * in full, an English name often does not. */
static void expand_abbreviations(ctx *c)
{
    for (size_t i = 0; i < c->ntok; i++) {
        token *t = &c->tok[i];
        const char *w = t->script == SX_SCRIPT_LATIN ? sx_terms_abbreviation(t->s, t->len) : NULL;
        if (w) {
            t->s = w;
            t->len = strlen(w);
            t->said = NULL;
        }
    }
}

/* Whether token t is one letter of the Latin alphabet: an initial.  A lone digit is a
 * number (Partners 7 L.P. is not "partners tlp"). */
static bool is_initial(const token *t)
{
    return t->script == SX_SCRIPT_LATIN && t->len == 1 && t->s[0] >= 'a' && t->s[0] <= 'z';
}

/* "u s a" -> "usa", "l l c" -> "llc": initials written with dots or spaces. */
static int merge_initials(ctx *c, sx_arena *ar)
{
    for (size_t i = 0; i + 1 < c->ntok; i++) {
        size_t j = i;
        while (j < c->ntok && is_initial(&c->tok[j]))
            j++;
        if (j - i < 2)
            continue;
        char *m = sx_arena_alloc(ar, j - i + 1);
        if (!m)
            return SX_ENOMEM;
        for (size_t k = i; k < j; k++)
            m[k - i] = c->tok[k].s[0];
        c->tok[i].s = m;
        c->tok[i].len = j - i;
        for (size_t k = i + 1; k < j; k++)
            drop_token(c, i + 1);
    }
    return 0;
}

/* Splits token i in two at byte at (0 < at < len); false when there is no room. */
static bool split_token(ctx *c, size_t i, size_t at)
{
    if (c->ntok == MAX_TOKENS)
        return false;
    memmove(&c->tok[i + 1], &c->tok[i], (c->ntok - i) * sizeof c->tok[0]);
    c->ntok++;
    c->tok[i].len = at;
    c->tok[i + 1].s += at;
    c->tok[i + 1].len -= at;
    c->tok[i].script = token_script(c->tok[i].s, c->tok[i].len);
    c->tok[i + 1].script = token_script(c->tok[i + 1].s, c->tok[i + 1].len);
    return true;
}

/* Where token t's run of kana at its end (at_end) or its start meets a character of
 * another script (日本|アイ, ビー|機械): the byte of the boundary, or 0 when t is not so
 * made or its run is not letter names. */
static size_t letters_beside_other(const token *t, bool at_end)
{
    size_t first_other = t->len, last_run = 0; /* the first other, the kana that end t */
    for (size_t i = 0; i < t->len;) {
        uint32_t cp;
        int k = sx_utf8_decode(t->s + i, t->len - i, &cp);
        if (k <= 0)
            return 0;
        if (sx_script_of(cp) != SX_SCRIPT_KANA) {
            if (first_other == t->len)
                first_other = i;
            last_run = i + (size_t)k;
        }
        i += (size_t)k;
    }
    size_t at = at_end ? last_run : first_other;
    if (at == 0 || at == t->len)
        return 0;
    return letter_names(at_end ? t->s + at : t->s, at_end ? t->len - at : at) ? at : 0;
}

/* Letter names written with middle dots where the first or the last of them is written
 * against a word in kanji (日本アイ・エス・ケイ, NIHON ISK; 富士ピー・エス, FUJI P.S; 日精
 * エー・エス・ビー機械): the dots say they are letters, so that one is cut from the word
 * it touches and joins the others. */
static void free_kana_letters(ctx *c)
{
    for (size_t i = 0; i < c->ntok; i++) {
        if (!kana_letter_token(&c->tok[i]))
            continue;
        size_t at;
        if (i > 0 && !kana_letter_token(&c->tok[i - 1]) &&
            (at = letters_beside_other(&c->tok[i - 1], true)) > 0 && split_token(c, i - 1, at))
            i++;
        size_t j = i;
        while (j + 1 < c->ntok && kana_letter_token(&c->tok[j + 1]))
            j++;
        if (j + 1 < c->ntok && (at = letters_beside_other(&c->tok[j + 1], false)) > 0)
            split_token(c, j + 1, at);
        i = j + 1;
    }
}

/* エイチ・アイ・エス -> his: initials written with middle dots (which normalising
 * turned into spaces) are letters and nothing else, as "u s a" is for Latin; they become
 * one Latin token, never read as the word eichiaiesu. */
static int merge_kana_letters(ctx *c, sx_arena *ar)
{
    free_kana_letters(c);
    for (size_t i = 0; i + 1 < c->ntok; i++) {
        size_t j = i, letters = 0;
        for (size_t k; j < c->ntok && (k = kana_letter_token(&c->tok[j])) > 0; j++)
            letters += k;
        if (j - i < 2 || letters < 2)
            continue;
        char *m = sx_arena_alloc(ar, letters + 1);
        if (!m)
            return SX_ENOMEM;
        size_t o = 0;
        for (size_t k = i; k < j; k++) {
            uint32_t cps[TOKEN_MAX_CPS];
            size_t n = sx_decode(cps, TOKEN_MAX_CPS, c->tok[k].s, c->tok[k].len);
            sx_kana_letter_run(m + o, letters + 1 - o, cps, n);
            o += strlen(m + o);
        }
        c->tok[i].s = m;
        c->tok[i].len = o;
        c->tok[i].script = SX_SCRIPT_LATIN;
        c->tok[i].path = "kana:letter names";
        c->tok[i].prov = SX_PROV_KANA | SX_PROV_KANA_LETTERS;
        for (size_t k = i + 1; k < j; k++)
            drop_token(c, i + 1);
    }
    return 0;
}

/* ---- combining segment options ---- */

typedef struct combo {
    char text[SX_NAME_MAX_BYTES];
    char path[256];
    unsigned prov; /* the sx_prov bits of all its options */
    float prior;
    uint32_t letters; /* its letter words (sx_seg.letters), the first 32 */
    size_t words;     /* its words */
    unsigned char pick[TOKEN_MAX_CPS]; /* the option taken from each segment */
} combo;

/* c extended with option o of seg: its letter words and count. */
static void combo_words(combo *c, const combo *from, const sx_seg *seg, size_t o)
{
    size_t k = sx_count_words(seg->opt[o]);
    c->letters = from->letters | (from->words < 32 ? seg->letters[o] << from->words : 0u);
    c->words = from->words + k;
}

static int cmp_combo(const void *x, const void *y)
{
    float a = ((const combo *)x)->prior, b = ((const combo *)y)->prior;
    return a < b ? 1 : a > b ? -1 : 0;
}

static void append_path(char *dst, size_t size, const char *p)
{
    if (!p || !*p || strstr(dst, p))
        return;
    size_t n = strlen(dst);
    snprintf(dst + n, size - n, "%s%s", n ? "; " : "", p);
}

/* kept[t][o]: how many kept combinations take option o of segment t. */
typedef unsigned short kept_count[SX_SEG_MAX_OPTS];

/* Whether option o of seg must be kept in some combination: every option of a piece,
 * except a term's own Korean or Japanese reading beside its renderings (무역 as muyeok,
 * muyok, muyuk): kept each, their rare trigrams filled the candidates with unrelated
 * names (AL YARMUK for 고려항공무역회사, which lost AIR KORYO TRADING).  A piece that only
 * the dictionary translates keeps its first reading, though: a dictionary word in a name
 * is as often the name itself (광선 of 조선광선은행, the Kwangson of KOREA KWANGSON
 * BANKING, glossed beam and light ray), and the other romanisations of a word are met
 * from that one (similarity.c romanised_pairs). */
static bool needs_keeping(const sx_seg *seg, size_t o)
{
    const unsigned term = SX_PROV_TERM | SX_PROV_KANA_TERM | SX_PROV_SURNAME | SX_PROV_NUMBER;
    if (seg->n <= 1) /* literal Latin */
        return false;
    if (seg->prov[o] & (term | SX_PROV_LEFT_OUT))
        return true;
    bool any = false;
    size_t first_read = SIZE_MAX;
    for (size_t i = 0; i < seg->n; i++) {
        if ((seg->prov[i] & term) && !(seg->prov[i] & SX_PROV_DICT))
            return false;
        any = any || (seg->prov[i] & term);
        if (!(seg->prov[i] & term) && first_read == SIZE_MAX)
            first_read = i;
    }
    return !any || o == first_read;
}

/* Whether kept combination c may give way: each option it keeps (segments 0 to s) is
 * kept by another too. */
static bool may_go(const combo *c, const sx_seg *segs, size_t s, const kept_count *kept)
{
    for (size_t t = 0; t <= s; t++)
        if (needs_keeping(&segs[t], c->pick[t]) && kept[t][c->pick[t]] < 2)
            return false;
    return true;
}

static void tally(const combo *c, size_t s, kept_count *kept, int by)
{
    for (size_t t = 0; t <= s; t++)
        kept[t][c->pick[t]] = (unsigned short)(kept[t][c->pick[t]] + by);
}

/* Keeps every option some candidate takes (needs_keeping) in at least one of the n
 * kept, cand[0, n) of the m ranked: by prior alone the kept fill with a gloss's
 * combinations with every rendering of the other pieces (은파 as silvery waves, eight
 * of twelve) and a rendering the list uses (공업 as "ind") is in none.  The best
 * candidate taking an option none keeps replaces the lowest-ranked kept combination
 * whose options all stay kept, never the first, the likeliest reading. */
static void keep_every_option(combo *cand, size_t n, size_t m, const sx_seg *segs, size_t s,
                              kept_count *kept)
{
    if (m <= n || n < 2)
        return;
    memset(kept, 0, sizeof *kept * (s + 1));
    for (size_t i = 0; i < n; i++)
        tally(&cand[i], s, kept, 1);
    bool moved = false;
    for (size_t j = n; j < m; j++) {
        bool adds = false;
        for (size_t t = 0; t <= s && !adds; t++)
            adds = needs_keeping(&segs[t], cand[j].pick[t]) && kept[t][cand[j].pick[t]] == 0;
        if (!adds)
            continue;
        size_t v = n - 1;
        while (v > 0 && !may_go(&cand[v], segs, s, kept))
            v--;
        if (v == 0)
            break; /* each kept one after the first keeps an option alone */
        tally(&cand[v], s, kept, -1);
        cand[v] = cand[j];
        tally(&cand[v], s, kept, 1);
        moved = true;
    }
    if (moved)
        qsort(cand, n, sizeof *cand, cmp_combo);
}

/* The k most likely combinations of one option per segment; with diverse, every option
 * kept in one at least, as room allows (keep_every_option). */
static size_t beam(combo *out, size_t k, const sx_seg *segs, size_t nsegs, bool diverse)
{
    size_t n = 1;
    combo *next = NULL;
    kept_count *kept = NULL;
    memset(&out[0], 0, sizeof out[0]);
    out[0].prior = 1.0f;
    for (size_t s = 0; s < nsegs; s++) {
        if (segs[s].n == 0)
            continue;
        if (segs[s].n == 1) { /* literal Latin: extend every combination in place */
            for (size_t i = 0; i < n; i++) {
                size_t len = strlen(out[i].text);
                snprintf(out[i].text + len, sizeof out[i].text - len, "%s%s",
                         len ? " " : "", segs[s].opt[0]);
                append_path(out[i].path, sizeof out[i].path, segs[s].path[0]);
                out[i].prov |= segs[s].prov[0];
                out[i].prior *= segs[s].prior[0];
                combo_words(&out[i], &out[i], &segs[s], 0);
            }
            continue;
        }
        size_t m = 0;
        if (!next && !(next = malloc(sizeof(combo) * k * SX_SEG_MAX_OPTS)))
            return 0;
        if (diverse && !kept && !(kept = malloc(sizeof *kept * nsegs))) {
            free(next);
            return 0;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t o = 0; o < segs[s].n; o++) {
                combo *c = &next[m++];
                snprintf(c->text, sizeof c->text, "%s%s%s", out[i].text,
                         out[i].text[0] && segs[s].opt[o][0] ? " " : "", segs[s].opt[o]);
                memcpy(c->path, out[i].path, sizeof c->path);
                append_path(c->path, sizeof c->path, segs[s].path[o]);
                c->prov = out[i].prov | segs[s].prov[o];
                c->prior = out[i].prior * segs[s].prior[o];
                combo_words(c, &out[i], &segs[s], o);
                memcpy(c->pick, out[i].pick, sizeof c->pick);
                c->pick[s] = (unsigned char)o;
            }
        qsort(next, m, sizeof *next, cmp_combo);
        n = m < k ? m : k;
        if (diverse)
            keep_every_option(next, n, m, segs, s, kept);
        memcpy(out, next, n * sizeof *out);
    }
    free(next);
    free(kept);
    return n;
}

/* ---- Hangul tokens ---- */

/* "term 銀行->bank"; a dictionary gloss says so and names the hanja it bridged:
 * "term 연구=研究->research (dict)". */
static const char *dup_term_path(sx_arena *ar, const char *kind, const sx_term *t, const char *opt)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s %s%s%s->%s%s", kind, t->text, t->hanja ? "=" : "",
             t->hanja ? t->hanja : "", opt, t->dict ? " (dict)" : "");
    return sx_arena_strdup(ar, buf);
}

/* Adds a term's o-th rendering to seg.  kind is SX_PROV_TERM, SX_PROV_KANA_TERM or
 * SX_PROV_SURNAME: the one flag names the path's first word too, so the two agree. */
static void add_term(sx_seg *seg, sx_arena *ar, unsigned kind, const sx_term *t, size_t o,
                     float prior)
{
    const char *word = kind == SX_PROV_KANA_TERM ? "kana-term"
                       : kind == SX_PROV_SURNAME ? "surname"
                                                 : "term";
    /* A hand row's "-": the word may be left out, as English names drop it (本社). */
    if (strcmp(t->opts[o], SX_TERM_LEFT_OUT) == 0) {
        sx_seg_add(seg, "", dup_term_path(ar, word, t, "(left out)"), kind | SX_PROV_LEFT_OUT,
                   prior);
        return;
    }
    /* A dictionary term is the thread's copy of its row, which later lookups reuse. */
    const char *opt = t->dict ? sx_arena_strdup(ar, t->opts[o]) : t->opts[o];
    sx_seg_add(seg, opt, dup_term_path(ar, word, t, t->opts[o]),
               kind | (t->dict ? SX_PROV_DICT : 0u), prior);
}

static int cps_to_utf8(char *out, size_t size, const uint32_t *cps, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char enc[4];
        int k = sx_utf8_encode(cps[i], enc);
        if (o + (size_t)k + 1 > size)
            return -1;
        memcpy(out + o, enc, (size_t)k);
        o += (size_t)k;
    }
    out[o] = '\0';
    return (int)o;
}

/* Adds the reading "letters rest", the rest (cps[0..n)) in Hepburn, or with letters_last
 * "rest letters". */
static int letters_and_hepburn(sx_seg *seg, sx_arena *ar, const char *letters,
                               const uint32_t *cps, size_t n, bool letters_last, sx_buf *tmp,
                               float prior)
{
    sx_buf_clear(tmp);
    int rc = letters_last ? 0 : sx_buf_printf(tmp, "%s ", letters);
    if (rc == 0)
        rc = sx_kana_romaji(tmp, cps, n, false);
    if (rc == 0 && letters_last)
        rc = sx_buf_printf(tmp, " %s", letters);
    if (rc != 0)
        return rc;
    const char *r = sx_arena_strdup(ar, tmp->ptr);
    if (!r)
        return SX_ENOMEM;
    sx_seg_add(seg, r, letters_last ? "kana:Hepburn+letter names" : "kana:letter names+Hepburn",
               SX_PROV_KANA | SX_PROV_KANA_LETTERS | SX_PROV_SYLLABLES |
                   (letters_last ? (unsigned)SX_PROV_LETTERS_LAST : 0u),
               prior);
    return 0;
}

/* A katakana piece that ends in two spelled letters or more after three kana or more
 * (ホクトエヌエス: hokuto NS): the head in Hepburn, then the letters, as one more reading.
 * The longest such run. */
static int hepburn_then_letters(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n,
                                sx_buf *tmp)
{
    for (size_t s = 3; s + 2 <= n; s++) {
        char letters[64];
        size_t used = sx_kana_letter_run(letters, sizeof letters, cps + s, n - s);
        if (used == n - s && strlen(letters) >= 2)
            return letters_and_hepburn(seg, ar, letters, cps, s, true, tmp, 0.94f);
    }
    return 0;
}

/* Letters and the possessive ズ after them, as Japanese writes a name's 's (ケーズ is
 * K's, ワイズ Y's; a list writes them K'S, Y's, read ks, ys): the letters with s, then
 * the rest of the piece in Hepburn, as one more reading (ワイズ stays wise too). */
#define KANA_ZU 0x30BA
static int kana_letters_possessive(sx_seg *seg, sx_arena *ar, const char *letters,
                                   const uint32_t *cps, size_t used, size_t n, sx_buf *tmp)
{
    if (!*letters || used >= n || cps[used] != KANA_ZU)
        return 0;
    char own[66];
    snprintf(own, sizeof own, "%ss", letters);
    if (used + 1 == n) {
        const char *r = sx_arena_strdup(ar, own);
        if (!r)
            return SX_ENOMEM;
        sx_seg_add(seg, r, "kana:letter names", SX_PROV_KANA | SX_PROV_KANA_LETTERS, 0.96f);
        return 0;
    }
    return letters_and_hepburn(seg, ar, own, cps + used + 1, n - used - 1, false, tmp, 0.94f);
}

/* Latin letters spelled in katakana: エムビーエス is MBS, ジェイエイミツイリース is JA +
 * mitsuirisu.  A run of two letter names or more at the start of the piece counts, and so
 * does one before three kana or more, as a brand named by a letter writes it (ケイファーマ
 * is K Pharma), as an extra reading; a single エス or ケー inside a loanword, or before a
 * short rest (ケーキ), is read as written. */
static int kana_letters(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n, sx_buf *tmp)
{
    char letters[64];
    size_t used = sx_kana_letter_run(letters, sizeof letters, cps, n);
    int rc = kana_letters_possessive(seg, ar, letters, cps, used, n, tmp);
    if (rc != 0)
        return rc;
    if (strlen(letters) == 1 && used + 3 <= n)
        return letters_and_hepburn(seg, ar, letters, cps + used, n - used, false, tmp, 0.94f);
    if (strlen(letters) < 2)
        return hepburn_then_letters(seg, ar, cps, n, tmp);
    if (used == n) {
        sx_seg_add(seg, sx_arena_strdup(ar, letters), "kana:letter names",
                   SX_PROV_KANA | SX_PROV_KANA_LETTERS, 1.0f);
        return 0;
    }
    /* The run may have eaten the first syllable of the word after it (エヌティティデータ:
     * NTT and deta, not NTTD and ta), so the last letter is also given back. */
    for (int back = 0; back < 2; back++) {
        size_t k = strlen(letters);
        if (back && (k < 3 || used == 0))
            break;
        if (back) {
            char last[8];
            size_t u = 0, len = 0;
            letters[k - 1] = '\0';
            for (size_t m = 0; m + 1 < k; m++) { /* re-measure the shorter run */
                len = sx_kana_letter_run(last, 2, cps + u, n - u);
                u += len;
            }
            used = u;
        }
        rc = letters_and_hepburn(seg, ar, letters, cps + used, n - used, false, tmp,
                                 back ? 0.94f : 0.96f);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Adds the reading "letters rest" (letters_first) or "rest letters" of one way of
 * reading the rest, at prior. */
static int add_letters_and(sx_seg *seg, sx_arena *ar, const char *letters, const char *rest,
                           bool letters_first, float prior)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s", letters_first ? letters : rest,
             letters_first ? rest : letters);
    const char *s = sx_arena_strdup(ar, buf);
    if (!s)
        return SX_ENOMEM;
    sx_seg_add(seg, s,
               letters_first ? "hangul:letter names+loanword" : "hangul:loanword+letter names",
               SX_PROV_HANGUL | SX_PROV_HANGUL_LETTERS | SX_PROV_SYLLABLES | SX_PROV_LOANWORD |
                   (letters_first ? 0u : (unsigned)SX_PROV_LETTERS_LAST),
               prior);
    return 0;
}

/* Spelled letters and the rest of a Hangul piece read as a loanword, as one more reading
 * of the piece: the letters first (에스티씨라이프: STC Life) or last (포스코티엠씨: POSCO
 * TMC). */
static int hangul_letters_and_loanword(sx_seg *seg, sx_arena *ar, const char *letters,
                                       const uint32_t *rest, size_t nrest, bool letters_first,
                                       float prior)
{
    /* The rest in the loanword style (와이엠텍: ym tek).  Until 2026-12-05 the last of
     * sx_hangul_options' readings was taken for it, which is another style's where one
     * spells the same (텍 is tek in RR too, and the last was DPRK's thek); that one stays
     * as well, a little below: its aspirates written with h read English words that
     * Korean writes with ㅍ for f (케이티알파: kt alpha, KTALPHA). */
    sx_buf r = SX_BUF_INIT;
    sx_seg styles = {0};
    int rc = sx_hangul_loanword(&r, rest, nrest);
    if (rc == 0)
        rc = sx_buf_puts(&r, "");
    if (rc == 0 && r.len > 0)
        rc = add_letters_and(seg, ar, letters, r.ptr, letters_first, prior);
    if (rc == 0)
        rc = sx_hangul_options(&styles, ar, rest, nrest, false);
    if (rc == 0 && styles.n > 0 && (!r.ptr || strcmp(styles.opt[styles.n - 1], r.ptr) != 0))
        rc = add_letters_and(seg, ar, letters, styles.opt[styles.n - 1], letters_first,
                             prior * 0.99f);
    /* And in RR, the romanisation of a list name's loanword reading, which keeps its
     * letters as written (KC FEED: kc pideu; mPlus: m peulleoseu): 케이씨피드 and
     * 엠플러스 meet those where the loanword style's kc pid and m pulos do not. */
    if (rc == 0 && styles.n > 0 && (!r.ptr || strcmp(styles.opt[0], r.ptr) != 0) &&
        strcmp(styles.opt[0], styles.opt[styles.n - 1]) != 0)
        rc = add_letters_and(seg, ar, letters, styles.opt[0], letters_first, prior * 0.98f);
    sx_buf_free(&r);
    return rc;
}

/* The shorter letter runs a Hangul piece may open with, as kana_letters reads katakana:
 * the longest run may have eaten the first syllable of the loanword after it (케이티알파
 * is KT and alpa, not KTR and pa; 와이엔텍 Y and entek, 에이비온 A and bion), so its last
 * letter is also given back; and one letter alone before two syllables or more opens a
 * brand (이트론 is E-Tron, 이마트 E-Mart; not in 아이에이, which is IA). */
static int hangul_shorter_letters(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n)
{
    char letters[HANGUL_LETTERS_MAX + 1];
    size_t ends[HANGUL_LETTERS_MAX], count = 0, at = 0;
    while (count < HANGUL_LETTERS_MAX && at < n) {
        char c = 0;
        size_t len = sx_hangul_letter_at(cps + at, n - at, &c);
        if (len == 0 || c == '&')
            break;
        letters[count] = c;
        at += len;
        ends[count++] = at;
    }
    int rc = 0;
    if (count >= 2 && ends[count - 1] < n) {
        letters[count - 1] = '\0';
        rc = hangul_letters_and_loanword(seg, ar, letters, cps + ends[count - 2],
                                         n - ends[count - 2], true, 0.94f);
    }
    if (rc == 0 && count == 1 && ends[0] + 2 <= n) {
        letters[1] = '\0';
        rc = hangul_letters_and_loanword(seg, ar, letters, cps + ends[0], n - ends[0], true,
                                         0.94f);
    }
    return rc;
}

/* A Hangul piece that ends in two spelled letters or more after two syllables or more
 * (포스코티엠씨: POSCO TMC, 금호에이치티: Kumho HT): the head read as a loanword, then the
 * letters, as one more reading.  The longest such run. */
static int hangul_loanword_then_letters(sx_seg *seg, sx_arena *ar, const uint32_t *cps,
                                        size_t n)
{
    /* A head of letter names is letters too (에프디엔씨 is FD&C, not epeu and DC): the
     * piece is read as letters already. */
    for (size_t s = 2; s + 2 <= n; s++) {
        if (sx_hangul_letters_span(cps, s) == s)
            continue;
        size_t used = 0;
        const char *letters = sx_hangul_letters(ar, cps + s, n - s, &used, SX_AND_DROPPED);
        if (!letters || used != n - s)
            continue;
        int rc = hangul_letters_and_loanword(seg, ar, letters, cps, s, false, 0.94f);
        /* And the other ways of writing an ampersand, as for letters first (동양이엔피:
         * Dongyang E&P, not ENP). */
        for (int k = 1; rc == 0 && k < SX_AND_STYLES; k++) {
            const char *other =
                sx_hangul_letters(ar, cps + s, n - s, &used, (enum sx_hangul_and)k);
            if (other && used == n - s && strcmp(other, letters) != 0)
                rc = hangul_letters_and_loanword(seg, ar, other, cps, s, false,
                                                 0.94f - 0.01f * (float)k);
        }
        return rc;
    }
    return 0;
}

/* A katakana piece read back as the foreign word it writes (sx_kana_loanword:
 * ズヴェズダ is zvezda, not zuvezuda), as one more reading when it differs from Hepburn.
 * Only katakana: hiragana writes Japanese words, whose vowels are all heard.  Its prior
 * is a dictionary term's, and cjk_token ranks the readings made with it apart, last:
 * they are for names Hepburn and the dictionaries missed. */
#define KATAKANA_LOANWORD_PRIOR 0.9f

static int katakana_loanword(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n,
                             sx_buf *tmp)
{
    if (!sx_kana_katakana_only(cps, n))
        return 0;
    sx_buf_clear(tmp);
    int rc = sx_kana_loanword(tmp, cps, n);
    if (rc != 0 || !tmp->ptr || !*tmp->ptr)
        return rc;
    const char *s = sx_arena_strdup(ar, tmp->ptr); /* sx_seg_add drops it if Hepburn's */
    if (!s)
        return SX_ENOMEM;
    sx_seg_add(seg, s, "kana:loanword", SX_PROV_KANA | SX_PROV_LOANWORD | SX_PROV_SYLLABLES,
               KATAKANA_LOANWORD_PRIOR);
    return 0;
}

/* A katakana piece that is one letter's name, beside a term of the same token, is also
 * that letter (スリー|エフ is Three F, イー|ベース e base, eBASE): kana_letters reads a letter
 * alone only before three kana or more of a loanword read in Hepburn, and a term's
 * rendering is no kana. */
static int kana_letter_beside_term(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n)
{
    char letter[8];
    if (sx_kana_letter_run(letter, sizeof letter, cps, n) != n || strlen(letter) != 1)
        return 0;
    const char *r = sx_arena_strdup(ar, letter);
    if (!r)
        return SX_ENOMEM;
    sx_seg_add(seg, r, "kana:letter names", SX_PROV_KANA | SX_PROV_KANA_LETTERS, 0.96f);
    return 0;
}

/* A piece of a Hangul or Japanese token that is not a known term. */
static int raw_piece(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n, bool japanese,
                     sx_buf *tmp)
{
    if (!japanese) {
        size_t used[SX_AND_STYLES];
        const char *letters[SX_AND_STYLES];
        for (int k = 0; k < SX_AND_STYLES; k++)
            letters[k] = sx_hangul_letters(ar, cps, n, &used[k], (enum sx_hangul_and)k);
        if (letters[0] && used[0] == n)
            sx_seg_add(seg, letters[0], "hangul:letter names",
                       SX_PROV_HANGUL | SX_PROV_HANGUL_LETTERS, 1.0f);
        int rc = sx_hangul_options(seg, ar, cps, n, false);
        /* The other ways of writing the ampersand after the readings, in the room left. */
        for (int k = 1; k < SX_AND_STYLES; k++)
            if (letters[k] && used[k] == n)
                sx_seg_add(seg, letters[k], "hangul:letter names",
                           SX_PROV_HANGUL | SX_PROV_HANGUL_LETTERS, 1.0f - 0.02f * (float)k);
        for (int k = 0; rc == 0 && k < SX_AND_STYLES; k++)
            if (letters[k] && used[k] < n)
                rc = hangul_letters_and_loanword(seg, ar, letters[k], cps + used[k],
                                                 n - used[k], true, 0.96f - 0.01f * (float)k);
        if (rc == 0)
            rc = hangul_shorter_letters(seg, ar, cps, n);
        if (rc == 0)
            rc = hangul_loanword_then_letters(seg, ar, cps, n);
        return rc;
    }
    char utf8[TOKEN_MAX_CPS * 4 + 1];
    if (cps_to_utf8(utf8, sizeof utf8, cps, n) < 0)
        return 0;
    bool han = false;
    for (size_t i = 0; i < n; i++)
        han |= sx_script_of(cps[i]) == SX_SCRIPT_HAN;
    uint32_t kana[TOKEN_MAX_CPS * 2];
    size_t nk = n;
    const char *path = "kana:Hepburn";
    unsigned prov = SX_PROV_KANA | SX_PROV_SYLLABLES;
    if (han) {
        sx_buf_clear(tmp);
        int rc = sx_japanese_reading(tmp, utf8, strlen(utf8));
        if (rc != 0)
            return rc;
        nk = sx_decode(kana, TOKEN_MAX_CPS * 2, tmp->ptr ? tmp->ptr : "", tmp->len);
        path = "kanji:MeCab reading";
        prov = SX_PROV_KANJI | SX_PROV_SYLLABLES;
    } else {
        memcpy(kana, cps, n * sizeof *cps);
    }
    if (!han) {
        int rc = kana_letters(seg, ar, cps, n, tmp);
        if (rc != 0)
            return rc;
    }
    for (int lv = 0; lv < 2; lv++) {
        sx_buf_clear(tmp);
        int rc = sx_kana_romaji(tmp, kana, nk, lv == 1);
        if (rc != 0)
            return rc;
        /* Characters no dictionary could read stay in the reading as a word of their own
         * (u4e92) that matches nothing: dropping them would let "chemical industries"
         * stand for "互応 chemical industries". */
        for (size_t i = 0; i < nk; i++)
            if (sx_script_of(kana[i]) == SX_SCRIPT_HAN)
                rc = sx_buf_printf(tmp, " u%x", (unsigned)kana[i]);
        if (rc != 0)
            return rc;
        const char *s = sx_arena_strdup(ar, tmp->ptr ? tmp->ptr : "");
        if (!s)
            return SX_ENOMEM;
        if (*s)
            sx_seg_add(seg, s, path, prov, lv ? 0.97f : 1.0f);
    }
    return han ? 0 : katakana_loanword(seg, ar, cps, n, tmp);
}

/* The English ordinal suffix of the number in digits num (len of them): 1st, 2nd, 3rd,
 * 4th, 11th to 13th, 21st. */
static const char *ordinal_suffix(const char *num, size_t len)
{
    char last = num[len - 1], tens = len > 1 ? num[len - 2] : '0';
    if (tens == '1')
        return "th";
    return last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
}

/* The number num (len digits) as the English names number what an ordinal prefix
 * numbers: No. 5, 5th or 5 alone; alone first when bare (Korean funds and ships are
 * "No. 5"; Japan's and China's 第 names a plant or a unit by its number: 第121 is the
 * 121 Aviation Repair Plant, and a "no" left over weighs as a word). */
static void ordinal_options(sx_seg *seg, sx_arena *ar, const char *num, size_t len,
                            const char *path, bool bare)
{
    char a[24], b[24];
    snprintf(a, sizeof a, "no %s", num);
    snprintf(b, sizeof b, "%s%s", num, ordinal_suffix(num, len));
    if (bare)
        sx_seg_add(seg, sx_arena_strdup(ar, num), path, SX_PROV_NUMBER, 1.0f);
    sx_seg_add(seg, sx_arena_strdup(ar, a), path, SX_PROV_NUMBER, bare ? 0.99f : 1.0f);
    sx_seg_add(seg, sx_arena_strdup(ar, b), path, SX_PROV_NUMBER, 0.98f);
    if (!bare)
        sx_seg_add(seg, sx_arena_strdup(ar, num), path, SX_PROV_NUMBER, 0.97f);
}

#define KO_ORDINAL 0xC81C     /* 제 */
#define KO_ORDINAL_END 0xD638 /* 호 */
#define HAN_ORDINAL 0x7B2C    /* 第 */
#define HAN_NUMBER_END 0x53F7 /* 号 (號 in traditional characters) */
#define HAN_NUMBER_END_T 0x865F

/* Numbers inside a Hangul word: 제5호 and 5호 -> "no 5" | "5th" | "5" (numbered funds,
 * ship investment and special-purpose companies, as their English names number them),
 * and any other run of digits as a word of its own (동북아5 -> dongbuka 5), so the
 * number meets the list's "No. 5" as a number.  제 numbers only with 호 after the number
 * (it is also a syllable of names: 제일).  In a Japanese or Chinese word (japanese) 第
 * numbers with or without 号 after it (株式会社第121航空修理工場 is Joint Stock Company
 * 121 Aviation Repair Plant; MeCab read it dai 121, a word no English name has); other
 * digits there are left to the reading.  Returns the code points used, 0 for none. */
static size_t ordinal(sx_seg *seg, sx_arena *ar, const uint32_t *cps, size_t n, bool japanese)
{
    uint32_t prefix = japanese ? HAN_ORDINAL : KO_ORDINAL;
    size_t s = n >= (japanese ? 2 : 3) && cps[0] == prefix ? 1 : 0, d = s;
    if (japanese && !s)
        return 0;
    while (d < n && cps[d] >= '0' && cps[d] <= '9' && d < s + 5)
        d++;
    bool end = d < n && (japanese ? cps[d] == HAN_NUMBER_END || cps[d] == HAN_NUMBER_END_T
                                  : cps[d] == KO_ORDINAL_END);
    if (d == s || (s && !japanese && !end))
        return 0;
    char num[8] = "";
    for (size_t i = s; i < d; i++)
        num[i - s] = (char)cps[i];
    if (!s && !end) {
        sx_seg_add(seg, sx_arena_strdup(ar, num), "digits", SX_PROV_NUMBER, 1.0f);
        return d;
    }
    ordinal_options(seg, ar, num, d - s, japanese ? "ordinal 第N" : "ordinal 제N호", japanese);
    return d + end;
}

/* Whether a kana word may be cut out at [i, i+len): not starting on a mark that
 * belongs to the syllable before (ャ, ッ, ー, ン), not ending before one (キャ, コー). */
static bool kana_cut_ok(const uint32_t *cps, size_t n, size_t i, size_t len)
{
    uint32_t first = cps[i] >= 0x30A1 && cps[i] <= 0x30F6 ? cps[i] - 0x60 : cps[i];
    uint32_t after = i + len < n ? cps[i + len] : 0;
    if (after >= 0x30A1 && after <= 0x30F6)
        after -= 0x60;
    bool small_or_long_after = after == 0x30FC || after == 0x3083 || after == 0x3085 ||
                               after == 0x3087 || (after >= 0x3041 && after <= 0x3049 && after % 2);
    bool bad_start = first == 0x30FC || first == 0x3063 || first == 0x3093 || first == 0x3083 ||
                     first == 0x3085 || first == 0x3087 ||
                     (first >= 0x3041 && first <= 0x3049 && first % 2);
    return !bad_start && !small_or_long_after;
}

/* The term a string is: a hand row (data/terms/), else, when dict, a dictionary word. */
static const sx_term *term_of(const char *s, size_t len, bool japanese, bool dict)
{
    const sx_term *t = japanese ? sx_terms_ja(s, len) : sx_terms_ko(s, len);
    if (!t && dict)
        t = japanese ? sx_terms_ja_dict(s, len) : sx_terms_ko_dict(s, len);
    return t;
}

/* The term cps[i, i + len) of a token of n is (term_of), not cut inside a syllable of
 * kana; trade: else the reading of a word of companies' names (ホクリク|ホウソウ), which
 * only the words that end a kana name are looked for as. */
static const sx_term *term_at(const uint32_t *cps, size_t n, size_t i, size_t len,
                              bool japanese, bool dict, bool trade)
{
    char key[TOKEN_MAX_CPS * 4 + 1];
    int kl = cps_to_utf8(key, sizeof key, cps + i, len);
    if (kl <= 0 || (japanese && !kana_cut_ok(cps, n, i, len)))
        return NULL;
    const sx_term *t = term_of(key, (size_t)kl, japanese, dict);
    return t || !trade ? t : sx_terms_ja_kana(key, (size_t)kl);
}

/* ---- small kana written full-size ----
 * Registers and older documents write a name's small kana full-size: コウギヨウ for
 * コウギョウ (工業), フイナンシヤル for フィナンシャル.  Most such pairs are sounds of their
 * own as well (チヨダ chiyoda, ミヤザキ miyazaki, キヤノン canon), so a kana is read small
 * only where the dictionaries say so: a word of the terms or dictionaries, three kana or
 * more, spells it small across it, and none spells the name as written there (シヨウケン
 * stays: 使用権, right of use, is a word as well as 証券). */

#define SMALL_KANA_WORD_MIN 3 /* kana of a word that may settle a small kana */

/* Whether a word of SMALL_KANA_WORD_MIN kana or more (a term, a dictionary word, a word
 * of companies' names) covers both cps[i - 1] and cps[i]. */
static bool kana_word_across(const uint32_t *cps, size_t n, size_t i)
{
    size_t maxlen = sx_terms_max_len();
    for (size_t s = i > maxlen ? i - maxlen : 0; s < i; s++)
        for (size_t len = SMALL_KANA_WORD_MIN; s + len <= n && len <= maxlen; len++)
            if (s + len > i && term_at(cps, n, s, len, true, true, true))
                return true;
    return false;
}

/* Reads in the katakana cps[0..n) each full-size kana that a word spells small there
 * (see above), in place. */
static void small_kana_of_words(uint32_t *cps, size_t n)
{
    uint32_t written[TOKEN_MAX_CPS];
    if (n > TOKEN_MAX_CPS)
        return;
    memcpy(written, cps, n * sizeof *cps);
    /* All at once, so a word with two (フイナンシヤル) is found; then each is put back
     * where no word spells it small, until none is. */
    bool some = false;
    for (size_t i = 1; i < n; i++) {
        uint32_t sm = sx_kana_small_form(written[i - 1], written[i]);
        if (sm && !kana_word_across(written, n, i)) {
            cps[i] = sm;
            some = true;
        }
    }
    for (bool changed = some; changed;) {
        changed = false;
        for (size_t i = 1; i < n; i++)
            if (cps[i] != written[i] && !kana_word_across(cps, n, i)) {
                cps[i] = written[i];
                changed = true;
            }
    }
}

/* A term that may end a name in the chain of cjk_pieces.  Korean: any term of term_of.
 * Japanese: a hand row (a dictionary word too when dict, as in the rest of the pass),
 * else the reading of a word of companies' names. */
static const sx_term *chain_term(const uint32_t *cps, size_t n, size_t i, size_t len,
                                 bool japanese, bool dict)
{
    return term_at(cps, n, i, len, japanese, dict || !japanese, japanese);
}

/* Splits a CJK token into known terms (longest match) and raw pieces, each a segment.
 * dict: dictionary words count as terms too. */
static int cjk_pieces(sx_seg *pieces, size_t *npieces, size_t max, sx_arena *ar,
                      const uint32_t *cps, size_t n, bool japanese, bool dict, bool *found_term,
                      sx_buf *tmp)
{
    size_t i = 0, raw_start = 0;
    size_t maxlen = sx_terms_max_len();
    *npieces = 0;
    *found_term = false;
    /* Names end in the words of their trade (남강|건설, 영진|선박|회사): the run of known
     * words that ends the token, cut from the right, longest first, leaving at least
     * two characters for the name itself, counts dictionary words as terms even in the
     * first pass.  chain is where that run starts; pick[i] the word starting at i. */
    /* In the dictionary pass (dict) the whole Hangul token is cut that way, from the
     * right, a character at a time where no word ends (남|강|건설, not 남|강건|설). */
    /* A kana name (here: Japanese text without Han, which MeCab cuts) is cut so only
     * at its end, in both passes (ホクリク|ホウソウ, ニホン|シュッパン|ボウエキ): its
     * readings stay whole too (cjk_token), and the glosses are a word's senses for a
     * tailored reading to choose from (放送 broadcast, 包装 packing). */
    size_t pick[TOKEN_MAX_CPS + 1] = {0}, chain = n;
    size_t keep = dict && !japanese ? 0 : 2;
    for (size_t j = n; j > keep && n <= TOKEN_MAX_CPS;) {
        size_t got = 0;
        for (size_t len = maxlen < j - keep ? maxlen : j - keep; len >= 2 && !got; len--)
            if (chain_term(cps, n, j - len, len, japanese, dict))
                got = len;
        if (!got && (!dict || japanese))
            break;
        j -= got ? got : 1;
        pick[j] = got;
        chain = j;
    }
    while (i <= n && *npieces + 2 < max) {
        size_t best = 0;
        const sx_term *term = NULL;
        sx_seg ord = {0};
        size_t ol = i < n ? ordinal(&ord, ar, cps + i, n - i, japanese) : 0;
        for (size_t len = maxlen < n - i ? maxlen : n - i; len >= 2 && !ol && i < n; len--) {
            bool in_chain = i >= chain;
            if (in_chain && len != pick[i])
                continue;
            /* A word before the chain ends where one of the chain's words starts (not
             * ホク|リクホウ|ソウ), or at the end (a company read whole: シミズケンセツ,
             * shimizu; テレビトウキョウ|ホールディングス, tv tokyo). */
            if (i < chain && i + len > chain && i + len < n && !pick[i + len])
                continue;
            term = in_chain ? chain_term(cps, n, i, len, japanese, dict)
                            : term_at(cps, n, i, len, japanese, dict, false);
            if (term) {
                best = len;
                /* The English plural stays with a katakana loanword (システムズ). */
                if (japanese && !term->kanji && i + len < n && cps[i + len] == 0x30BA &&
                    sx_script_of(cps[i]) == SX_SCRIPT_KANA)
                    best++;
                break;
            }
        }
        if (!term && !ol && i < n) {
            i++;
            continue;
        }
        if (i > raw_start) {
            memset(&pieces[*npieces], 0, sizeof pieces[0]);
            sx_seg *raw = &pieces[(*npieces)++];
            int rc = raw_piece(raw, ar, cps + raw_start, i - raw_start, japanese, tmp);
            /* Beside a term, not the whole token. */
            if (rc == 0 && japanese && (raw_start > 0 || i < n))
                rc = kana_letter_beside_term(raw, ar, cps + raw_start, i - raw_start);
            if (rc != 0)
                return rc;
        }
        if (i == n)
            break;
        *found_term = true;
        sx_seg *p = &pieces[(*npieces)++];
        memset(p, 0, sizeof *p);
        if (ol) {
            *p = ord;
            i += ol;
        } else {
            for (size_t o = 0; o < term->nopts; o++)
                add_term(p, ar, term->kanji ? SX_PROV_KANA_TERM : SX_PROV_TERM, term, o,
                         sx_term_prior(term, o));
            /* English names of DPRK entities often drop the leading 조선 (Korea); South
             * Korean names keep their 한국 (Hankook, Korea), so only 조선 may go. */
            if (i == 0 && !japanese && strcmp(term->text, "조선") == 0)
                sx_seg_add(p, "", "country word left out", SX_PROV_LEFT_OUT, 0.99f);
            /* Companies also keep the Korean or Japanese word (Sangsa, Kogyo), in every
             * romanisation, all at one prior: a name the dictionary also knows (은파,
             * silvery waves) is written in the list as its DPRK spelling (Unpha), which
             * the first two (RR, MR) lack, and ranked lower it would not be kept by
             * the beam, full of the gloss's combinations. */
            sx_seg tmpseg = {0};
            int rc = raw_piece(&tmpseg, ar, cps + i, best, japanese, tmp);
            if (rc != 0)
                return rc;
            /* A Korean word only the dictionary translates, before the words that end the
             * name (its trade: 은행, 무역회사), is as likely the name itself: 광선 of
             * 조선광선은행, glossed beam and light ray, is the Kwangson of KOREA KWANGSON
             * BANKING.  Its first reading is then as likely as its gloss (and kept with
             * the renderings of the other pieces: needs_keeping).  Not a word that ends
             * the name, which is its trade or goods (아연 of 고려아연, zinc), nor in the
             * dictionary pass, the glosses' room, whose words the first pass has read. */
            float read = !japanese && !dict && term->dict && i + best < n
                             ? sx_term_prior(term, 0)
                             : 0.9f;
            for (size_t o = 0; o < tmpseg.n; o++)
                if (!sx_prov_read_back(tmpseg.prov[o])) { /* the term is the foreign word */
                    sx_seg_add(p, tmpseg.opt[o], tmpseg.path[o], tmpseg.prov[o], read);
                    read = 0.9f;
                }
            i += best;
        }
        raw_start = i;
    }
    return 0;
}

/* Adds a reading (katakana) as romaji options to a piece. */
static int add_reading(sx_seg *p, ctx *c, const char *rd, size_t rl, float prior)
{
    uint32_t kana[TOKEN_MAX_CPS * 2];
    size_t nk = sx_decode(kana, TOKEN_MAX_CPS * 2, rd, rl);
    for (int lv = 0; lv < 2; lv++) {
        sx_buf_clear(&c->tmp);
        int rc = sx_kana_romaji(&c->tmp, kana, nk, lv == 1);
        if (rc != 0)
            return rc;
        const char *r = sx_arena_strdup(&c->a->arena, c->tmp.ptr ? c->tmp.ptr : "");
        if (!r)
            return SX_ENOMEM;
        if (*r)
            sx_seg_add(p, r, "kanji:MeCab reading", SX_PROV_KANJI | SX_PROV_SYLLABLES,
                       prior * (lv ? 0.97f : 1.0f));
    }
    return 0;
}

/* One MeCab word holding terms (日清食品ホールディングス as a single proper noun): cut
 * its reading where each term's own reading occurs, so the parts around the terms keep
 * their in-context readings (ニッシン, not ニチ シン).  1 when done, 0 when the reading
 * cannot be aligned (the caller falls back), <0 on error. */
static int aligned_pieces(sx_seg *pieces, size_t *np, size_t max, ctx *c, const uint32_t *cps,
                          size_t n, const char *rd, size_t rl, bool dict)
{
    size_t maxlen = sx_terms_max_len(), i = 0, raw_start = 0, rpos = 0, count = 0;
    bool any = false;
    char key[TOKEN_MAX_CPS * 4 + 1];
    while (i < n && count + 2 < max) {
        const sx_term *term = NULL;
        size_t best = 0;
        for (size_t len = maxlen < n - i ? maxlen : n - i; len >= 2 && !term; len--) {
            int kl = cps_to_utf8(key, sizeof key, cps + i, len);
            if (kl > 0 && (term = term_of(key, (size_t)kl, true, dict)) != NULL)
                best = len;
        }
        if (!term) {
            i++;
            continue;
        }
        sx_buf tr = SX_BUF_INIT;
        int kl = cps_to_utf8(key, sizeof key, cps + i, best);
        int rc = kl > 0 ? sx_japanese_reading(&tr, key, (size_t)kl) : -1;
        const char *at = rc == 0 && tr.len ? strstr(rd + rpos, tr.ptr) : NULL;
        if (!at || (size_t)(at - rd) >= rl) {
            sx_buf_free(&tr);
            return rc < 0 && rc != -1 ? rc : 0;
        }
        size_t cut = (size_t)(at - rd);
        if (i > raw_start) {
            if (cut == rpos) { /* nothing left for the part before the term */
                sx_buf_free(&tr);
                return 0;
            }
            sx_seg *p = &pieces[count];
            memset(p, 0, sizeof *p);
            if ((rc = add_reading(p, c, rd + rpos, cut - rpos, 1.0f)) != 0) {
                sx_buf_free(&tr);
                return rc;
            }
            count += p->n > 0;
        }
        sx_seg *p = &pieces[count];
        memset(p, 0, sizeof *p);
        for (size_t o = 0; o < term->nopts; o++)
            add_term(p, &c->a->arena, SX_PROV_TERM, term, o, sx_term_prior(term, o));
        rc = add_reading(p, c, at, tr.len, 0.9f);
        count++;
        rpos = cut + tr.len;
        sx_buf_free(&tr);
        if (rc != 0)
            return rc;
        any = true;
        i += best;
        raw_start = i;
    }
    if (!any)
        return 0;
    if (raw_start < n) {
        if (rpos >= rl)
            return 0;
        sx_seg *p = &pieces[count];
        memset(p, 0, sizeof *p);
        int rc = add_reading(p, c, rd + rpos, rl - rpos, 1.0f);
        if (rc != 0)
            return rc;
        count += p->n > 0;
    }
    *np = count;
    return 1;
}

/* After a morpheme 第: the number MeCab cut after it (its digits, in one morpheme or
 * several, and 号 if it follows) read by ordinal() into p.  *si and *ri, the offsets of
 * the next morpheme in surf and read, move past what was used; returns the morphemes
 * used, 0 when no number follows. */
static size_t numbered_morphemes(sx_seg *p, sx_arena *ar, const sx_buf *surf,
                                 const sx_buf *read, size_t *si, size_t *ri)
{
    uint32_t cps[8] = {HAN_ORDINAL};
    size_t n = 1, used = 0, s = *si, r = *ri;
    while (s < surf->len && n < sizeof cps / sizeof cps[0]) {
        const char *sf = surf->ptr + s;
        size_t sl = strlen(sf), k = 0;
        uint32_t m[8];
        size_t nm = sx_decode(m, 8, sf, sl);
        bool digits = nm > 0 && nm <= 5;
        for (size_t i = 0; i < nm && digits; i++)
            digits = m[i] >= '0' && m[i] <= '9';
        bool end = nm == 1 && n > 1 && (m[0] == HAN_NUMBER_END || m[0] == HAN_NUMBER_END_T);
        if (!digits && !end)
            break;
        for (; k < nm && n < sizeof cps / sizeof cps[0]; k++)
            cps[n++] = m[k];
        s += sl + 1;
        r += strlen(read->ptr + r) + 1;
        used++;
        if (end)
            break;
    }
    if (used == 0 || ordinal(p, ar, cps, n, true) != n) {
        memset(p, 0, sizeof *p);
        return 0;
    }
    *si = s;
    *ri = r;
    return used;
}

#define JOINED_TERM_MORPHEMES 3 /* morphemes joined into one term at most */
#define JOINED_TERM_BYTES 64

/* MeCab cuts some words a term table holds whole (造船|所: 造船所, shipyard; the
 * dictionary's, EDICT's): the longest run of two to JOINED_TERM_MORPHEMES morphemes from
 * the one at *si (offsets into surf and read, which hold them NUL apart) that is a term.
 * Its text and reading are written to text and rd, *si and *ri moved past it; false, and
 * nothing moved, when no run is a term. */
static bool joined_term(const sx_buf *surf, const sx_buf *read, size_t *si, size_t *ri,
                        bool dict, char text[JOINED_TERM_BYTES], char rd[JOINED_TERM_BYTES * 2])
{
    size_t s = *si, r = *ri, end_s[JOINED_TERM_MORPHEMES], end_r[JOINED_TERM_MORPHEMES];
    size_t tl[JOINED_TERM_MORPHEMES], rl[JOINED_TERM_MORPHEMES], k = 0, t = 0, l = 0;
    /* Of the morphemes up to k: one is no term alone; one MeCab gives no reading. */
    bool unknown[JOINED_TERM_MORPHEMES], unread[JOINED_TERM_MORPHEMES];
    for (; k < JOINED_TERM_MORPHEMES && s < surf->len && r < read->len; k++) {
        size_t a = strlen(surf->ptr + s), b = strlen(read->ptr + r);
        if (a == 0 || t + a >= JOINED_TERM_BYTES || l + b >= JOINED_TERM_BYTES * 2)
            break;
        unknown[k] = (k > 0 && unknown[k - 1]) || !term_of(surf->ptr + s, a, true, dict);
        unread[k] = (k > 0 && unread[k - 1]) || b == 0;
        memcpy(text + t, surf->ptr + s, a);
        memcpy(rd + l, read->ptr + r, b);
        tl[k] = t += a;
        rl[k] = l += b;
        end_s[k] = s += a + 1;
        end_r[k] = r += b + 1;
    }
    /* Only a run with a morpheme no term alone: words that are terms each (修理|工場,
     * repair | plant) stay apart, as the lists translate them (EDICT's 修理工場 is a
     * repair shop; Japan's notices write Aviation Repair Plant). */
    for (; k >= 2; k--)
        if (unknown[k - 1] && term_of(text, tl[k - 1], true, dict)) {
            text[tl[k - 1]] = '\0';
            /* Without a reading of every morpheme, none: the text is read again
             * (raw_piece), not as the others' readings alone (アステラス製薬 was read
             * seiyaku). */
            rd[unread[k - 1] ? 0 : rl[k - 1]] = '\0';
            *si = end_s[k - 1];
            *ri = end_r[k - 1];
            return true;
        }
    return false;
}

/* A kanji token split the way MeCab reads it in context (日清|食品|ホールディングス): a
 * morpheme that is a term is translated (and read), one that contains terms is split
 * further, any other is read; morphemes a term joins are one (joined_term). */
static int morpheme_pieces(sx_seg *pieces, size_t *np, size_t max, ctx *c, const token *t,
                           bool dict, bool *found)
{
    sx_buf surf = SX_BUF_INIT, read = SX_BUF_INIT;
    int rc = sx_japanese_morphemes(&surf, &read, t->s, t->len);
    sx_arena *ar = &c->a->arena;
    *np = 0;
    *found = false;
    for (size_t si = 0, ri = 0; rc == 0 && si < surf.len && *np + 2 < max;) {
        const char *sf = surf.ptr + si, *rd = read.ptr + ri;
        char jsf[JOINED_TERM_BYTES], jrd[JOINED_TERM_BYTES * 2];
        if (joined_term(&surf, &read, &si, &ri, dict, jsf, jrd)) {
            sf = jsf;
            rd = jrd;
        } else {
            si += strlen(sf) + 1;
            ri += strlen(rd) + 1;
        }
        size_t sl = strlen(sf), rl = strlen(rd);
        uint32_t cps[TOKEN_MAX_CPS];
        size_t n = sx_decode(cps, TOKEN_MAX_CPS, sf, sl);
        sx_seg *p = &pieces[*np];
        memset(p, 0, sizeof *p);
        if (n == 1 && cps[0] == HAN_ORDINAL) {
            size_t used = numbered_morphemes(p, ar, &surf, &read, &si, &ri);
            if (used > 0) {
                (*np)++;
                *found = true;
                continue;
            }
        }
        const sx_term *term = term_of(sf, sl, true, dict);
        if (term) {
            for (size_t o = 0; o < term->nopts; o++)
                add_term(p, ar, SX_PROV_TERM, term, o, sx_term_prior(term, o));
            *found = true;
        }
        if (!term && n > 2 && rl > 0) {
            size_t sub = 0;
            int ar_rc = aligned_pieces(pieces + *np, &sub, max - *np, c, cps, n, rd, rl, dict);
            if (ar_rc < 0) {
                rc = ar_rc;
                break;
            }
            if (ar_rc > 0) {
                *np += sub;
                *found = true;
                continue;
            }
        }
        if (!term && n > 2) {
            size_t sub = 0;
            bool subfound = false;
            rc = cjk_pieces(pieces + *np, &sub, max - *np, ar, cps, n, true, dict, &subfound,
                            &c->tmp);
            if (rc == 0 && subfound) {
                *np += sub;
                *found = true;
                continue;
            }
            memset(p, 0, sizeof *p);
        }
        if (rc == 0 && rl > 0) {
            uint32_t kana[TOKEN_MAX_CPS * 2];
            size_t nk = sx_decode(kana, TOKEN_MAX_CPS * 2, rd, rl);
            for (int lv = 0; lv < 2 && rc == 0; lv++) {
                sx_buf_clear(&c->tmp);
                rc = sx_kana_romaji(&c->tmp, kana, nk, lv == 1);
                const char *r = rc == 0 ? sx_arena_strdup(ar, c->tmp.ptr ? c->tmp.ptr : "") : NULL;
                if (rc == 0 && !r)
                    rc = SX_ENOMEM;
                if (rc == 0 && *r)
                    sx_seg_add(p, r, "kanji:MeCab reading", SX_PROV_KANJI | SX_PROV_SYLLABLES,
                               (term ? 0.9f : 1.0f) * (lv ? 0.97f : 1.0f));
            }
        } else if (rc == 0) {
            rc = raw_piece(p, ar, cps, n, true, &c->tmp);
        }
        if (p->n > 0)
            (*np)++;
    }
    sx_buf_free(&surf);
    sx_buf_free(&read);
    return rc == SX_EUNSUPPORTED ? 0 : rc;
}

/* The option of a piece that reads it: a term's rendering kept in Japanese (the tables
 * list it last: 工業 industries|...|kogyo, 日本 japan|nippon|nihon), else the first
 * reading that is no term (the reading a term shares with its rendering is filed under
 * the term), else the first option. */
static size_t read_option(const sx_seg *p)
{
    for (size_t o = p->n; o-- > 0;)
        if ((p->prov[o] & SX_PROV_TERM) && sx_romanised_japanese(p->opt[o]))
            return o;
    for (size_t o = 0; o < p->n; o++)
        if (!(p->prov[o] & SX_PROV_TERM))
            return o;
    return 0;
}

/* The combination that reads every piece instead of translating it (Teikoku Tsushin
 * Kogyo rather than Teikoku Communications Industries): many English names keep the
 * Japanese words, and the beam, ranked by prior, would keep only translations. */
static int all_read(sx_seg *seg, sx_arena *ar, const sx_seg *pieces, size_t np)
{
    char text[SX_NAME_MAX_BYTES] = "", path[256] = "";
    unsigned prov = 0;
    float prior = 1.0f;
    for (size_t i = 0; i < np; i++) {
        size_t pick = read_option(&pieces[i]);
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s%s", len ? " " : "", pieces[i].opt[pick]);
        append_path(path, sizeof path, pieces[i].path[pick]);
        prov |= pieces[i].prov[pick];
        prior *= pieces[i].prior[pick];
    }
    const char *t = sx_arena_strdup(ar, text), *pa = sx_arena_strdup(ar, path);
    if (!t || !pa)
        return SX_ENOMEM;
    sx_seg_add(seg, t, pa, prov, prior);
    return 0;
}

/* A CJK token's pieces: terms (dictionary words too when dict) and the rest, with the
 * suffix-only Korean term as the last piece.  *dict_used: a dictionary word is among them. */
static int token_pieces(sx_seg *pieces, size_t *np, ctx *c, const token *t, const uint32_t *cps,
                        size_t n, bool japanese, const sx_term *suffix, bool dict, bool *found,
                        bool *dict_used)
{
    int rc;
    *np = 0;
    if (japanese && (t->script & SX_SCRIPT_HAN))
        rc = morpheme_pieces(pieces, np, TOKEN_MAX_CPS - 1, c, t, dict, found);
    else
        rc = cjk_pieces(pieces, np, TOKEN_MAX_CPS - 1, &c->a->arena, cps, suffix ? n - 1 : n,
                        japanese, dict, found, &c->tmp);
    if (rc != 0)
        return rc;
    if (suffix) {
        sx_seg *p = &pieces[(*np)++];
        memset(p, 0, sizeof *p);
        for (size_t o = 0; o < suffix->nopts; o++)
            add_term(p, &c->a->arena, SX_PROV_TERM, suffix, o, sx_term_prior(suffix, o));
        if ((rc = raw_piece(p, &c->a->arena, cps + n - 1, 1, false, &c->tmp)) != 0)
            return rc;
        *found = true;
    }
    *dict_used = false;
    for (size_t i = 0; i < *np && !*dict_used; i++)
        for (size_t o = 0; o < pieces[i].n && !*dict_used; o++)
            *dict_used = (pieces[i].prov[o] & SX_PROV_DICT) != 0;
    return 0;
}

/* Adds the best k combinations of pieces to seg, their priors scaled. */
static int add_combos(sx_seg *seg, ctx *c, const sx_seg *pieces, size_t np, size_t k, float scale)
{
    combo *cb = malloc(sizeof(combo) * PIECE_COMBOS);
    if (!cb)
        return sx_error_oom();
    k = beam(cb, k < PIECE_COMBOS ? k : PIECE_COMBOS, pieces, np, true);
    for (size_t i = 0; i < k; i++) {
        const char *text = sx_arena_strdup(&c->a->arena, cb[i].text);
        const char *path = sx_arena_strdup(&c->a->arena, cb[i].path);
        if (!text || !path) {
            free(cb);
            return SX_ENOMEM;
        }
        sx_seg_add_letters(seg, text, path, cb[i].prov, cb[i].prior * scale, cb[i].letters);
    }
    free(cb);
    return 0;
}

/* pieces[0..np) into out with katakana read back as foreign spellings (raw_piece's
 * katakana_loanword) left out, or, only: with each piece that has such a reading held to
 * it.  The readings with a read-back spelling are for names Hepburn and the dictionaries
 * miss; so they are ranked apart, after every other (cjk_token). */
static void read_back_pieces(sx_seg *out, const sx_seg *pieces, size_t np, bool only)
{
    for (size_t i = 0; i < np; i++) {
        const sx_seg *in = &pieces[i];
        bool has = false;
        for (size_t o = 0; o < in->n; o++)
            has |= sx_prov_read_back(in->prov[o]);
        memset(&out[i], 0, sizeof out[i]);
        for (size_t o = 0; o < in->n; o++)
            if (only ? !has || sx_prov_read_back(in->prov[o]) : !sx_prov_read_back(in->prov[o]))
                sx_seg_add(&out[i], in->opt[o], in->path[o], in->prov[o], in->prior[o]);
    }
}

/* Adds the combinations of pieces (add_combos) with or without (read_back) the katakana
 * read back; the latter only when some piece has such a reading. */
static int add_read_combos(sx_seg *seg, ctx *c, const sx_seg *pieces, size_t np, size_t k,
                           float scale, bool read_back)
{
    bool some = false; /* a piece has a read-back reading (katakana only) */
    for (size_t i = 0; i < np && !some; i++)
        for (size_t o = 0; o < pieces[i].n && !some; o++)
            some = sx_prov_read_back(pieces[i].prov[o]);
    if (!some)
        return read_back ? 0 : add_combos(seg, c, pieces, np, k, scale);
    sx_seg *kept = malloc(sizeof *kept * np);
    if (!kept)
        return sx_error_oom();
    read_back_pieces(kept, pieces, np, read_back);
    bool any = !read_back;
    for (size_t i = 0; i < np && !any; i++)
        any = kept[i].n > 0 && sx_prov_read_back(kept[i].prov[0]);
    int rc = any ? add_combos(seg, c, kept, np, k, scale) : 0;
    free(kept);
    return rc;
}

/* Whether some piece is read rather than known as a term or a number. */
static bool some_piece_read(const sx_seg *pieces, size_t np)
{
    for (size_t i = 0; i < np; i++)
        if (pieces[i].n > 0 && !(pieces[i].prov[0] & (SX_PROV_TERM | SX_PROV_NUMBER)))
            return true;
    return false;
}

/* Read in Japanese, a Chinese text's simplified characters are their Japanese forms
 * (三菱电机软件: 三菱電機軟件, mitsubishi denki): MeCab reads no simplified character, and
 * Chinese papers write Japanese firms' names so (三菱重工航空发动机株式会社).  Maps
 * cps[0..n) (zh_ja_chars.tsv) and, when one was mapped, the text being Chinese, the
 * characters Japanese writes as others (zh_ja_shared.tsv: 机 -> 機); then points *t at
 * *copy, which spells them.  A Japanese name's own characters stay. */
static int japanese_forms(ctx *c, const token **t, token *copy, uint32_t *cps, size_t n)
{
    bool chinese = false;
    for (int shared = 0; shared < 2 && (shared == 0 || chinese); shared++)
        for (size_t i = 0; i < n; i++) {
            uint32_t j = sx_script_of(cps[i]) == SX_SCRIPT_HAN
                             ? sx_terms_japanese_form(cps[i], shared == 1)
                             : 0;
            if (j) {
                cps[i] = j;
                chinese = true;
            }
        }
    if (!chinese)
        return 0;
    char utf8[TOKEN_MAX_CPS * 4 + 1];
    int len = cps_to_utf8(utf8, sizeof utf8, cps, n);
    const char *s = len > 0 ? sx_arena_strdup(&c->a->arena, utf8) : NULL;
    if (len > 0 && !s)
        return SX_ENOMEM;
    if (s) {
        *copy = **t;
        copy->s = s;
        copy->len = (size_t)len;
        *t = copy;
    }
    return 0;
}

/* A token that was Han and kana, its Han a legal form now cut off (株式会社|スリーエフ), is
 * read by MeCab, whose Hepburn is the stricter, Japanese one: read as kana, every short
 * name's Hepburn met list names by sound (有限会社コム / COMO, 株式会社カカオ / Cacco).
 * Its katakana also gets the readings only the kana path makes, in the room left: its
 * letter names (three f, Three F Co.) and its katakana read back (ウェッズ weds), as
 * カブシキガイシャスリーエフ has them. */
static int kana_after_legal_form(sx_seg *seg, ctx *c, const token *t, const uint32_t *cps,
                                 size_t n)
{
    if (!sx_kana_katakana_only(cps, n))
        return 0;
    token kana = *t;
    kana.script = SX_SCRIPT_KANA;
    sx_seg pieces[TOKEN_MAX_CPS], read_back = {0};
    size_t np = 0;
    bool found = false, dict_used = false;
    int rc = 0;
    /* Letters beside a word or a gloss (スリー|エフ: three f): both passes, as cjk_token
     * makes them; the read-back from the first. */
    for (int dict = 0; dict < (c->no_dict ? 1 : 2) && rc == 0; dict++) {
        sx_seg spelled = {0};
        rc = token_pieces(pieces, &np, c, &kana, cps, n, true, NULL, dict == 1, &found,
                          &dict_used);
        if (rc == 0)
            rc = add_read_combos(&spelled, c, pieces, np, PIECE_COMBOS,
                                 dict ? DICT_SCALE : 1.0f, false);
        if (rc == 0 && dict == 0)
            rc = add_read_combos(&read_back, c, pieces, np, READ_BACK_COMBOS, 1.0f, true);
        for (size_t o = 0; rc == 0 && o < spelled.n; o++)
            if (spelled.prov[o] & SX_PROV_KANA_LETTERS)
                sx_seg_add_letters(seg, spelled.opt[o], spelled.path[o], spelled.prov[o],
                                   spelled.prior[o], spelled.letters[o]);
    }
    for (size_t o = 0; rc == 0 && o < read_back.n; o++)
        sx_seg_add(seg, read_back.opt[o], read_back.path[o], read_back.prov[o],
                   read_back.prior[o]);
    return rc;
}

static int cjk_token(ctx *c, const token *t, bool japanese)
{
    uint32_t cps[TOKEN_MAX_CPS];
    size_t n = sx_decode(cps, TOKEN_MAX_CPS, t->s, t->len);
    token as_japanese;
    if (japanese) {
        int rc = japanese_forms(c, &t, &as_japanese, cps, n);
        if (rc != 0)
            return rc;
        if (sx_kana_katakana_only(cps, n))
            small_kana_of_words(cps, n);
    }
    sx_seg pieces[TOKEN_MAX_CPS];
    size_t np = 0;
    bool found = false, dict_used = false;
    const sx_term *suffix = NULL;
    if (!japanese && n >= 3) {
        char key[8];
        int kl = cps_to_utf8(key, sizeof key, cps + n - 1, 1);
        suffix = kl > 0 ? sx_terms_ko_suffix(key, (size_t)kl) : NULL;
        /* Not when a longer term ends the word (창작사 is a studio, not 창작 + company). */
        for (size_t k = 2; suffix && k <= n && k <= sx_terms_max_len(); k++) {
            char tail[TOKEN_MAX_CPS * 4 + 1];
            int tl = cps_to_utf8(tail, sizeof tail, cps + n - k, k);
            if (tl > 0 && sx_terms_ko(tail, (size_t)tl))
                suffix = NULL;
        }
    }
    int rc = token_pieces(pieces, &np, c, t, cps, n, japanese, suffix, false, &found, &dict_used);
    if (rc != 0)
        return rc;
    sx_seg *seg = &c->segs[c->nsegs++];
    memset(seg, 0, sizeof *seg);
    /* Japanese tokens keep room for the all-read and whole readings. */
    if ((rc = add_read_combos(seg, c, pieces, np, japanese ? PIECE_COMBOS - 2 : PIECE_COMBOS,
                              1.0f, false)) != 0)
        return rc;
    if (japanese && found && np > 1 && (rc = all_read(seg, &c->a->arena, pieces, np)) != 0)
        return rc;
    /* The token read whole as well.  Japanese: MeCab knows many company names as one
     * word.  Korean, once and only when terms cut the token without covering it: a term
     * found inside a loanword (엔터 in 엔터프라이즈, 리츠 in 메리츠) cuts it where the
     * list's word is one. */
    if (found && (japanese || some_piece_read(pieces, np))) {
        sx_seg whole = {0};
        if ((rc = raw_piece(&whole, &c->a->arena, cps, n, japanese, &c->tmp)) != 0)
            return rc;
        size_t keep = japanese ? whole.n : whole.n > 0;
        for (size_t o = 0; o < keep; o++)
            if (!sx_prov_read_back(whole.prov[o]))
                sx_seg_add(seg, whole.opt[o], whole.path[o], whole.prov[o],
                           whole.prior[o] * (japanese ? 0.99f : 0.9f));
    }
    /* The katakana read back as foreign spellings last, in the room the glosses leave:
     * most katakana in a company's name is Japanese or a word the dictionaries know. */
    sx_seg read_back = {0};
    if (japanese && (rc = add_read_combos(&read_back, c, pieces, np, READ_BACK_COMBOS, 1.0f,
                                          true)) != 0)
        return rc;
    /* The dictionaries' glosses come after, in the room left (SX_SEG_MAX_OPTS): the
     * token cut again with dictionary words as terms (研究所 -> research institute,
     * 연구 -> 硏究 -> research).  Only added, never in place of a reading above: a word
     * the dictionary knows is as often part of a proper name (삼성, 현대, 제이). */
    if (seg->n < SX_SEG_MAX_OPTS && !c->no_dict) {
        if ((rc = token_pieces(pieces, &np, c, t, cps, n, japanese, suffix, true, &found,
                               &dict_used)) != 0)
            return rc;
        if (dict_used && (rc = add_read_combos(seg, c, pieces, np, SX_SEG_MAX_OPTS - seg->n,
                                               DICT_SCALE, false)) != 0)
            return rc;
    }
    for (size_t o = 0; o < read_back.n; o++)
        sx_seg_add(seg, read_back.opt[o], read_back.path[o], read_back.prov[o],
                   read_back.prior[o]);
    return japanese && (t->script & SX_SCRIPT_HAN) ? kana_after_legal_form(seg, c, t, cps, n)
                                                   : 0;
}

/* ---- Arabic script ----
 * Arabic script writes consonants and long vowels; the short vowels are left unwritten
 * (محمد is m-h-m-d, listed as Muhammad, Mohamed, Mohammad).  A word is read as its
 * letters (ICU's Arabic-Latin) and compared on sounds, where a vowel the reading lacks
 * costs little (query.c, similarity.c). */

#define ARTICLE_REST_MIN 3 /* letters after al- for it to stand apart (not allh) */

static bool latin_vowel(char ch)
{
    return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}

/* One word of a reading (see abjad_word) into out; returns the length written. */
static size_t abjad_letters(char *out, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\'') {
            if (o == 0)
                out[o++] = 'a';
            continue;
        }
        /* Before a final ي (the long i of -awi, -avi: Musawi, Mousavi) w is a consonant. */
        bool vowel_next = i + 1 < n && (latin_vowel(s[i + 1]) ||
                                        (ch == 'w' && s[i + 1] == 'y' && i + 2 == n));
        if ((ch == 'w' || ch == 'y') && o > 0 && !vowel_next)
            ch = ch == 'w' ? 'u' : 'i';
        out[o++] = ch;
    }
    return o;
}

/* How a word's article al- is written in a reading (abjad_word). */
typedef enum {
    ARTICLE_WRITTEN, /* al-, a word of its own as the lists write it (al-Tikriti, Al Duri) */
    ARTICLE_SPOKEN,  /* before a sun letter (t, th, d, dh, r, z, s, sh, l, n) its l takes
                        that consonant: ad-Din, ar-Rahman */
    ARTICLE_JOINED,  /* after another word, of which it makes a compound: u and l or the
                        sun letter (Abdul Karim, Shamsuddin, Abdurrahman, Hidayatullah) */
} article_form;

#define ARTICLE_FORMS 3
static const char *const article_paths[ARTICLE_FORMS] = {
    "arabic:letters (short vowels unwritten)",
    "arabic:letters, al- as spoken (ad-Din)",
    "arabic:letters, al- joined (-ud-Din, -ullah)",
};
static const float article_priors[ARTICLE_FORMS] = {1.0f, 0.9f, 0.9f};

/* The reading of a word's letters (from sx_arabic_latin) into out (room for n + 3):
 * و and ي are the long vowels u and i except at the word's start or before a vowel
 * (or و before a final ي), where they are w and y (Walid, Marwan, Musawi; Hussein,
 * Mahmud, Ali); ʿayn or hamza opening a word is heard as the vowel it carries, written a
 * (Abd, Ali), and is silent elsewhere, as in the lists' spellings (Saʿid, Said).  A word
 * opening with al- has the article written as `form` says; it stands apart before three
 * letters or more (al-ʿUbaidi), and only the joined form reads it before fewer (الله:
 * -ullah).  Returns the length, or 0 when the form does not apply to the word. */
static size_t abjad_word(char *out, const char *s, size_t n, article_form form)
{
    size_t o = 0, letters = 0;
    for (size_t i = 2; i < n; i++) /* ʿayn opening the rest is its vowel (al-ʿArab) */
        letters += s[i] != '\'' || i == 2;
    bool article = n > 3 && s[0] == 'a' && s[1] == 'l' &&
                   (letters >= ARTICLE_REST_MIN || form == ARTICLE_JOINED);
    bool sun = article && strchr("tdrzsln", s[2]);
    if (form != ARTICLE_WRITTEN && !article)
        return 0;
    if (form == ARTICLE_SPOKEN && !sun)
        return 0;
    if (article) {
        out[o++] = form == ARTICLE_JOINED ? 'u' : 'a';
        if (form == ARTICLE_WRITTEN || !sun) {
            out[o++] = 'l';
        } else {
            size_t k = (strchr("tds", s[2]) && s[3] == 'h') ? 2 : 1; /* th, dh, sh */
            memcpy(out + o, s + 2, k);
            o += k;
        }
        if (letters >= ARTICLE_REST_MIN)
            out[o++] = ' ';
        s += 2;
        n -= 2;
    }
    o += abjad_letters(out + o, s, n);
    out[o] = '\0';
    return o;
}

/* Letters that French romanisations, used for names from the Maghreb, write otherwise:
 * ج as dj (Djamel), ش as ch (Akkacha).  (The Egyptian g for ج, Gamal, found nothing more
 * in make eval's sets and is left out.) */
typedef struct respelling {
    const char *from, *to, *path;
} respelling;
static const respelling respellings[] = {
    {"j", "dj", "arabic:letters, j as dj (French)"},
    {"sh", "ch", "arabic:letters, sh as ch (French)"},
};
#define RESPELLING_PRIOR 0.85f

/* word with every from written to, into out (room for twice word). */
static void respell(char *out, const char *word, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to), o = 0;
    for (const char *p = word; *p;) {
        if (strncmp(p, from, lf) == 0) {
            memcpy(out + o, to, lt);
            o += lt;
            p += lf;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

/* A word in Arabic script: its reading, with the article's other forms as options
 * (the joined one only after the name's first word). */
static int arabic_token(ctx *c, const token *t)
{
    sx_buf_clear(&c->tmp);
    int rc = sx_arabic_latin(&c->tmp, t->s, t->len);
    if (rc != 0)
        return rc;
    if (c->tmp.len == 0)
        return 0; /* no ICU data: compared as written only */
    sx_seg *seg = &c->segs[c->nsegs];
    memset(seg, 0, sizeof *seg);
    bool first = t == &c->tok[0];
    for (int f = 0; f < ARTICLE_FORMS; f++) {
        if (f == ARTICLE_JOINED && first)
            continue;
        char *word = sx_arena_alloc(&c->a->arena, c->tmp.len + 4);
        if (!word)
            return SX_ENOMEM;
        if (abjad_word(word, c->tmp.ptr, c->tmp.len, (article_form)f) == 0)
            continue;
        sx_seg_add(seg, word, article_paths[f], SX_PROV_ABJAD, article_priors[f]);
        for (size_t v = 0; v < sizeof respellings / sizeof *respellings; v++) {
            const respelling *r = &respellings[v];
            if (!strstr(word, r->from))
                continue;
            char *other = sx_arena_alloc(&c->a->arena, 2 * strlen(word) + 1);
            if (!other)
                return SX_ENOMEM;
            respell(other, word, r->from, r->to);
            sx_seg_add(seg, other, r->path, SX_PROV_ABJAD, article_priors[f] * RESPELLING_PRIOR);
        }
    }
    if (seg->n > 0)
        c->nsegs++;
    return 0;
}

/* A Korean personal name: surname (one or two syllables) + given name, read syllable by
 * syllable, with the surname's passport and DPRK spellings (이 -> Lee, Yi, Rhee, Ri). */
static bool korean_person(ctx *c)
{
    uint32_t cps[16];
    size_t n = 0;
    for (size_t i = 0; i < c->ntok; i++) {
        if (c->tok[i].script != SX_SCRIPT_HANGUL)
            return false;
        n += sx_decode(cps + n, 16 - n, c->tok[i].s, c->tok[i].len);
    }
    if (n < 2 || n > 5)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!sx_is_hangul_syllable(cps[i]))
            return false;
    for (size_t sl = 2; sl >= 1; sl--) {
        char key[8];
        int kl = cps_to_utf8(key, sizeof key, cps, sl);
        const sx_term *sur = kl > 0 ? sx_terms_surname(key, (size_t)kl) : NULL;
        if (!sur || n - sl < 1 || n - sl > 3)
            continue;
        sx_seg *s = &c->segs[c->nsegs++];
        memset(s, 0, sizeof *s);
        for (size_t o = 0; o < sur->nopts; o++)
            add_term(s, &c->a->arena, SX_PROV_SURNAME, sur, o, 1.0f - 0.01f * (float)o);
        sx_seg *g = &c->segs[c->nsegs++];
        memset(g, 0, sizeof *g);
        return sx_hangul_options(g, &c->a->arena, cps + sl, n - sl, true) == 0;
    }
    return false;
}

/* Where the last k words of text[0, len) start; 0 when they include the first word. */
static size_t last_words(const char *text, size_t len, size_t k)
{
    size_t at = len;
    while (k-- > 0 && at > 0) {
        at--; /* past the space before the word after, or into the last word */
        while (at > 0 && text[at - 1] != ' ')
            at--;
    }
    return at;
}

/* The length of reading text without the legal forms that end it, longest first and
 * keeping at least one word, as strip_legal removes a list name's own.  A term may end
 * its English in one (스팩 -> special purpose acquisition company, 공사 -> corporation)
 * where the list name's was removed: the reading is left as the list's name is. */
static size_t without_legal_end(const char *text)
{
    size_t len = strlen(text);
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t k = sx_legal_max_words(); k >= 1 && !changed; k--) {
            size_t at = last_words(text, len, k);
            if (at > 0 && sx_legal_latin(text + at, len - at)) {
                len = at - 1;
                changed = true;
            }
        }
    }
    return len;
}

/* A copy of c's segments in the analysis's arena, which a query's readings are kept
 * with (sx_name_alt_tailored); NULL for a list's name, or when no word has two
 * renderings. */
static const sx_lattice *lattice_of(ctx *c)
{
    size_t several = 0;
    for (size_t i = 0; i < c->nsegs; i++)
        several += c->segs[i].n > 1;
    if (c->listed || several == 0)
        return NULL;
    if (c->lattice && c->lattice->n == c->nsegs &&
        memcmp(c->lattice->segs, c->segs, c->nsegs * sizeof *c->segs) == 0)
        return c->lattice; /* one copy for the readings of one set of segments */
    sx_lattice *l = sx_arena_alloc(&c->a->arena, sizeof *l);
    sx_seg *segs = sx_arena_alloc(&c->a->arena, c->nsegs * sizeof *segs);
    if (!l || !segs)
        return NULL; /* the readings are made all the same, without */
    memcpy(segs, c->segs, c->nsegs * sizeof *segs);
    l->segs = segs;
    l->n = c->nsegs;
    return c->lattice = l;
}

/* Keeps with alt the lattice it was picked from and its picks (none when out of room). */
static void keep_lattice(sx_arena *arena, sx_name_alt *alt, const sx_lattice *l,
                         const unsigned char *pick)
{
    unsigned char *p = l ? sx_arena_alloc(arena, l->n) : NULL;
    if (!p)
        return;
    memcpy(p, pick, l->n);
    alt->lattice = l;
    alt->pick = p;
}

/* Adds the most likely combinations of c's segments as readings, at most room of them. */
static int add_alts(ctx *c, float scale, size_t room)
{
    sx_name_analysis *a = c->a;
    combo *cb = malloc(sizeof(combo) * SX_NAME_MAX_ALTS);
    if (!cb)
        return sx_error_oom();
    size_t k = beam(cb, READING_ALTS, c->segs, c->nsegs, false);
    for (size_t i = 0; i < k; i++)
        if (cb[i].prov & SX_PROV_TERM)
            cb[i].text[without_legal_end(cb[i].text)] = '\0';
    size_t end = a->nalts + room < READING_ALTS ? a->nalts + room : READING_ALTS;
    const sx_lattice *lattice = NULL;
    bool lattice_made = false;
    for (size_t i = 0; i < k && a->nalts < end; i++) {
        bool dup = false;
        for (size_t j = 0; j < a->nalts; j++)
            dup |= strcmp(a->alts[j].text, cb[i].text) == 0;
        if (dup || !cb[i].text[0])
            continue;
        sx_name_alt *alt = &a->alts[a->nalts++];
        alt->text = sx_arena_strdup(&a->arena, cb[i].text);
        alt->path = sx_arena_strdup(&a->arena, cb[i].path);
        alt->prov = cb[i].prov;
        alt->prior = cb[i].prior * scale;
        if (!lattice_made) {
            lattice = lattice_of(c);
            lattice_made = true;
        }
        keep_lattice(&a->arena, alt, lattice, cb[i].pick);
        if (!alt->text || !alt->path) {
            free(cb);
            return SX_ENOMEM;
        }
    }
    free(cb);
    return 0;
}

/* Appends to key (size bytes) the form ko_hanja.tsv files the Han character s (n bytes)
 * under: its Japanese form for a simplified one (贸 -> 貿), folded by han_variants.tsv
 * (髙 -> 高, 學 -> 学); false when it does not fit. */
static bool hanja_key_char(char *key, size_t size, const char *s, size_t n, uint32_t cp)
{
    char ja[8];
    uint32_t j = sx_terms_japanese_form(cp, false);
    if (j) {
        int jl = sx_utf8_encode(j, ja);
        if (jl > 0) {
            s = ja;
            n = (size_t)jl;
        }
    }
    /* Folded, not turned to a traditional form: a character has one canonical form
     * and may have several variants, and the first variant of 高 is 髙, which
     * libhangul does not write: 高麗 (Koryo) read 고여, its characters alone. */
    const char *canon = sx_han_canonical(s, n);
    const char *c = canon ? canon : s;
    size_t cl = canon ? strlen(canon) : n, kl = strlen(key);
    if (kl + cl + 1 > size)
        return false;
    memcpy(key + kl, c, cl);
    key[kl + cl] = '\0';
    return true;
}

/* The longest hanja word (two to HANJA_WORD_MAX Han characters) that starts s (len
 * bytes) and reads otherwise than its characters alone (sx_hanja_word_reading: 貿易 is
 * 무역, 易 alone 이): its reading into out (size bytes); returns the bytes of s it
 * covers, 0 when none. */
static size_t hanja_word_at(char *out, size_t size, const char *s, size_t len)
{
    size_t ends[HANJA_WORD_MAX + 1] = {0}, nchars = 0;
    char key[HANJA_WORD_MAX * 4 * 3 + 1] = "";
    size_t keys[HANJA_WORD_MAX + 1] = {0};
    for (size_t k = 0; k < len && nchars < HANJA_WORD_MAX;) {
        uint32_t cp;
        int n = sx_utf8_decode(s + k, len - k, &cp);
        if (n <= 0 || sx_script_of(cp) != SX_SCRIPT_HAN ||
            !hanja_key_char(key, sizeof key, s + k, (size_t)n, cp))
            break;
        k += (size_t)n;
        ends[++nchars] = k;
        keys[nchars] = strlen(key);
    }
    for (size_t w = nchars; w >= 2; w--) {
        const char *r = sx_hanja_word_reading(key, keys[w]);
        if (r && strlen(r) < size) {
            snprintf(out, size, "%s", r);
            return ends[w];
        }
    }
    return 0;
}

/* Appends to out (at *o, size bytes) the North's reading of the Han characters s[0, n)
 * whose South reading is south (one syllable each): a character's ㄹ or ㄴ that the
 * South's initial-sound rule drops kept (sx_hanja_north_reading), else the South's
 * syllable.  False when it does not fit. */
static bool north_syllables(char *out, size_t *o, size_t size, const char *s, size_t n,
                            const char *south)
{
    for (size_t k = 0, j = 0; k < n; j += 3) {
        uint32_t cp;
        int m = sx_utf8_decode(s + k, n - k, &cp);
        if (m <= 0 || strlen(south) < j + 3)
            return false;
        const char *nr = sx_hanja_north_reading(s + k, (size_t)m);
        const char *syl = nr ? nr : south + j;
        size_t sl = nr ? strlen(nr) : 3;
        if (*o + sl + 1 >= size)
            return false;
        memcpy(out + *o, syl, sl);
        *o += sl;
        k += (size_t)m;
    }
    return true;
}

/* The readings of hangul (the Han name read in Korean) as alternatives of c's name, room
 * at most, each's path saying how: how (hanja->hangul, or the North's reading). */
static int add_hanja_reading(ctx *c, const char *hangul, size_t len, const char *how,
                             float scale, size_t room)
{
    sx_name_analysis *a = c->a;
    /* Without the Hangul bridge: it would guess again the hanja the name spells out
     * (일본원자력 -> 본원 -> 本願), and the Han text's own glosses are read already. */
    sx_name_analysis ko;
    int rc = analyse(&ko, hangul, len, true, c->listed, false);
    if (rc != 0)
        return rc;
    for (size_t i = 0, added = 0; i < ko.nalts && added < room && a->nalts < SX_NAME_MAX_ALTS;
         i++) {
        /* Han characters read in Korean are Sino-Korean syllables: never a loanword or
         * Latin letters spelled out (欅 read 거 is not "go"). */
        if (ko.alts[i].prov & (SX_PROV_LOANWORD | SX_PROV_HANGUL_LETTERS))
            continue;
        bool known = false;
        for (size_t j = 0; j < a->nalts && !known; j++)
            known = strcmp(a->alts[j].text, ko.alts[i].text) == 0;
        if (known)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s %.200s; %.200s", how, hangul, ko.alts[i].path);
        sx_name_alt *alt = &a->alts[a->nalts++];
        added++;
        alt->text = sx_arena_strdup(&a->arena, ko.alts[i].text);
        alt->path = sx_arena_strdup(&a->arena, path);
        alt->prov = ko.alts[i].prov | SX_PROV_HANJA;
        alt->prior = ko.alts[i].prior * scale;
        if (!alt->text || !alt->path) {
            rc = SX_ENOMEM;
            break;
        }
    }
    a->korean_person |= ko.korean_person;
    sx_name_analysis_free(&ko);
    return rc;
}

#define HANJA_PRIOR 0.95f      /* a Han name read in Korean, against its own readings */
#define NORTH_HANJA_PRIOR 0.9f /* ... with the initial ㄹ and ㄴ the North keeps */
#define NORTH_HANJA_ROOM 4     /* the North's readings, of the Korean ones' room */
#define NORTH_HANJA_WORD 4     /* characters of a word for the North's reading */

/* Han names without kana may be Korean (DPRK entities in Japanese and Chinese lists:
 * 金正恩, 鴨緑江開発銀行): read each character in Korean and analyse that Hangul name.
 * Once only: c->no_dict says this is already such a reading, and a name none of whose
 * characters has a Korean reading (䶸) would otherwise be analysed again as it is,
 * without end.  The North writes a character's ㄹ or ㄴ where the South drops it at a
 * word's start (連合 련합, Ryonhap, where the South reads 연합; 羅先 라선, Rason): the
 * names on the lists are the North's own, so that reading is made too, where it differs,
 * with NORTH_HANJA_ROOM of the room: for a name with a word of NORTH_HANJA_WORD
 * characters or more, an organisation's.  A person's name (two to three characters a
 * word) is read by its surname's spellings, which hold the North's (이: Lee, Ri; 류:
 * Ryu), and read twice it cost Han-only names 15% more (100 names of the yente
 * negatives, callgrind). */
static int hanja_alts(ctx *c, size_t room)
{
    sx_name_analysis *a = c->a;
    if (c->no_dict || !(a->scripts & SX_SCRIPT_HAN) ||
        (a->scripts & (SX_SCRIPT_KANA | SX_SCRIPT_HANGUL)))
        return 0;
    char hangul[SX_NAME_MAX_BYTES], north[SX_NAME_MAX_BYTES];
    size_t o = 0, no = 0, read = 0;
    bool first = true, north_ok = false;
    for (size_t i = 0; i < c->ntok && !north_ok; i++) {
        uint32_t cps[NORTH_HANJA_WORD];
        size_t chars = sx_decode(cps, NORTH_HANJA_WORD, c->tok[i].s, c->tok[i].len);
        north_ok = chars >= NORTH_HANJA_WORD;
    }
    for (size_t i = 0; i < c->ntok; i++) {
        const token *t = &c->tok[i];
        if (o && o + 1 < sizeof hangul)
            hangul[o++] = ' ';
        if (no && no + 1 < sizeof north)
            north[no++] = ' ';
        for (size_t k = 0; k < t->len;) {
            uint32_t cp;
            int n = sx_utf8_decode(t->s + k, t->len - k, &cp);
            if (n <= 0)
                return 0;
            /* A word that reads otherwise than its characters, else a character. */
            char word[HANJA_WORD_MAX * 4 * 3 + 1];
            size_t step = hanja_word_at(word, sizeof word, t->s + k, t->len - k);
            const char *r = step ? word : NULL;
            if (!step) {
                step = (size_t)n;
                if (sx_script_of(cp) == SX_SCRIPT_HAN)
                    r = sx_hanja_reading(t->s + k, step, first);
            }
            size_t rl = r ? strlen(r) : step;
            if (o + rl + 1 >= sizeof hangul)
                return 0;
            read += r != NULL;
            memcpy(hangul + o, r ? r : t->s + k, rl);
            o += rl;
            if (north_ok && r)
                north_ok = north_syllables(north, &no, sizeof north, t->s + k, step, r);
            else if (north_ok && (north_ok = no + rl + 1 < sizeof north)) {
                memcpy(north + no, t->s + k, rl);
                no += rl;
            }
            k += step;
            first = false;
        }
    }
    hangul[o] = '\0';
    if (read == 0)
        return 0;
    north[no] = '\0';
    bool north_differs = north_ok && strcmp(north, hangul) != 0;
    size_t north_room = north_differs ? (room < NORTH_HANJA_ROOM ? room : NORTH_HANJA_ROOM) : 0;
    int rc = add_hanja_reading(c, hangul, o, "hanja->hangul", HANJA_PRIOR, room - north_room);
    if (rc == 0 && north_room)
        rc = add_hanja_reading(c, north, no, "hanja->hangul (as the North reads it)",
                               NORTH_HANJA_PRIOR, north_room);
    return rc;
}

/* A Korean person's name written in katakana, as Japanese writes Korean names (キム・ジョンウン
 * for 김정은, パク・ポンジュ for 박봉주): a surname word and a given name of one to three
 * syllables.  Read as the Hangul it stands for, in the segments a Hangul name's are read
 * in (korean_person): the surname's spellings (Kim, Pak), the given name's romanisations
 * (RR, McCune-Reischauer, the DPRK's: Jong Un, Pong Ju), and the readings tailored to
 * each list name take the options it spells.  The kana cannot tell ㄴ from ㅇ (ン), ㅓ
 * from ㅗ, ㅜ from ㅡ, nor ㅐ from ㅔ or ㅚ (sx_kana_korean): the surname segment holds
 * the first KANA_KOREAN_SURNAMES surnames its letters' choices spell (ko_surnames.tsv:
 * チェ 최 or 채), the given name's the likeliest Hangul, then that with each of its first
 * KANA_KOREAN_FLIPS ン read the other way (McCune-Reischauer and the DPRK write ㅓ and
 * ㅗ, ㅜ and ㅡ alike). */
#define KANA_KOREAN_PRIOR 0.9f /* a katakana name read as Korean, against its Hepburn */
#define KANA_KOREAN_ROOM 12    /* its readings, at most */
#define KANA_KOREAN_SURNAMES 2
#define KANA_KOREAN_FLIPS 2
#define KANA_KOREAN_SYLLABLES 3

static uint32_t ko_compose(const sx_ko_syllable *k, size_t lead, size_t vowel, size_t tail)
{
    return sx_hangul_compose(k->lead[lead], k->vowel[vowel], k->tail[tail]);
}

/* The surname segment: the spellings of the surnames (one syllable or two) the syllables
 * sur[0..n) may write, the first KANA_KOREAN_SURNAMES found; false when none.  A vowel
 * of three choices is エ's (ㅐ ㅔ ㅚ; after w ㅞ ㅚ ㅙ), and a surname written with エ is
 * most often 최 (チェ): its last choice is tried first. */
static bool kana_surname_seg(sx_seg *seg, sx_arena *ar, const sx_ko_syllable *sur, size_t n)
{
    static const uint8_t e_order[3] = {2, 0, 1};
    if (n == 0 || n > 2)
        return false;
    memset(seg, 0, sizeof *seg);
    size_t found = 0;
    /* each syllable's choices: lead x vowel x tail, likeliest first (2 x 3 x 2) */
    for (size_t pick = 0; pick < (n == 2 ? 144u : 12u) && found < KANA_KOREAN_SURNAMES; pick++) {
        uint32_t cps[2];
        bool ok = true;
        for (size_t s = 0, p = pick; s < n && ok; s++, p /= 12) {
            size_t l = p % 2, v = (p / 2) % 3, t = p / 6 % 2;
            if (sur[s].vowel[2] != SX_KO_NONE)
                v = e_order[v];
            ok = sur[s].lead[l] != SX_KO_NONE && sur[s].vowel[v] != SX_KO_NONE &&
                 sur[s].tail[t] != SX_KO_NONE;
            if (ok)
                cps[s] = ko_compose(&sur[s], l, v, t);
        }
        char key[16];
        const sx_term *t = ok && cps_to_utf8(key, sizeof key, cps, n) > 0
                               ? sx_terms_surname(key, strlen(key))
                               : NULL;
        if (!t)
            continue;
        size_t before = seg->n;
        for (size_t o = 0; o < t->nopts; o++)
            add_term(seg, ar, SX_PROV_SURNAME, t, o,
                     (1.0f - 0.01f * (float)o) * (1.0f - 0.02f * (float)found));
        found += seg->n > before;
    }
    return found > 0;
}

/* The syllables of token t as a Korean name's (sx_kana_korean) appended at out[*n]. */
static bool kana_korean_word(sx_ko_syllable *out, size_t *n, size_t max, const token *t)
{
    uint32_t cps[TOKEN_MAX_CPS];
    size_t len = sx_decode(cps, TOKEN_MAX_CPS, t->s, t->len);
    size_t k = len && *n < max ? sx_kana_korean(out + *n, max - *n, cps, len) : 0;
    *n += k;
    return k > 0;
}

static int kana_korean_alts(ctx *c)
{
    if (c->a->legal_form || c->ntok < 2 || c->ntok > 3 || c->a->scripts != SX_SCRIPT_KANA)
        return 0;
    sx_ko_syllable syl[2 + KANA_KOREAN_SYLLABLES];
    size_t nsur = 0;
    if (!kana_korean_word(syl, &nsur, 2, &c->tok[0]))
        return 0;
    size_t n = nsur;
    for (size_t i = 1; i < c->ntok; i++)
        if (!kana_korean_word(syl, &n, nsur + KANA_KOREAN_SYLLABLES, &c->tok[i]))
            return 0;
    sx_seg surname;
    if (!kana_surname_seg(&surname, &c->a->arena, syl, nsur))
        return 0;
    /* The path says the kana were read so. */
    sx_seg *k = &c->segs[0];
    memset(k, 0, sizeof *k);
    sx_seg_add(k, "", "kana read as Korean", 0, 1.0f);
    c->segs[1] = surname;
    sx_seg *g = &c->segs[2];
    memset(g, 0, sizeof *g);
    c->nsegs = 3;
    /* The given name's ン read the likeliest way, then flipped one at a time. */
    size_t flips[KANA_KOREAN_FLIPS], nflips = 0;
    for (size_t s = nsur; s < n && nflips < KANA_KOREAN_FLIPS; s++)
        if (syl[s].tail[1] != SX_KO_NONE)
            flips[nflips++] = s;
    for (size_t f = 0; f <= nflips; f++) {
        uint32_t given[KANA_KOREAN_SYLLABLES];
        for (size_t s = nsur; s < n; s++)
            given[s - nsur] = ko_compose(&syl[s], 0, 0, f > 0 && flips[f - 1] == s);
        int rc = sx_hangul_options(g, &c->a->arena, given, n - nsur, true);
        if (rc != 0)
            return rc;
    }
    return g->n ? add_alts(c, KANA_KOREAN_PRIOR, KANA_KOREAN_ROOM) : 0;
}

/* A Latin token as a segment of its own, as written. */
static int latin_seg(ctx *c, const token *t)
{
    sx_seg *seg = &c->segs[c->nsegs++];
    memset(seg, 0, sizeof *seg);
    const char *txt = sx_arena_strndup(&c->a->arena, t->s, t->len);
    if (!txt)
        return SX_ENOMEM;
    sx_seg_add(seg, txt, t->path ? t->path : "", t->prov, 1.0f);
    return 0;
}

/* ---- Mandarin ----
 * A name in Han characters without kana or Hangul may be Chinese: mainland names are
 * romanised in Hanyu Pinyin, a word's syllables joined (厦门 Xiamen, 华为 Huawei), a
 * person's given name apart from the surname (李方伟 Li Fangwei), and companies' trade
 * words translated (技术 Technology).  The text is made simplified (Hong Kong and Taiwan
 * write traditional characters) and cut into the words of Rime's pinyin dictionary,
 * which reads a character in its word (厦门 is xia men, not sha men); a word the gloss
 * table knows is also offered in English.  Characters no word holds are joined into one
 * word, as a brand or a given name is (高芯 Gaoxin).  Queries only: a list's own name in
 * Han characters is met as written. */

#define MANDARIN_PRIOR 0.95f  /* their prior, beside the Japanese readings of the same text */
#define MANDARIN_READ 0.9f    /* a glossed word read rather than translated */
#define PERSON_CPS_MAX 3      /* longest Han name read as surname + given name */
#define WADE_GILES_PRIOR 0.97f /* a person's name in Wade-Giles, beside its pinyin */
#define CANTONESE_PRIOR 0.97f  /* a person's name in Cantonese, beside its pinyin */
#define CANTONESE_SECOND 0.98f /* ... with a syllable's second spelling (tsang for chang) */
#define CANTONESE_READINGS 5   /* readings of a name in Cantonese at most */
#define CANTONESE_CPS_MAX 4    /* longest Han name read so (林鄭月娥: a married woman's
                                  two surnames and her given name) */

/* Appends the pinyin of simplified Han text s[0, len) to out: the word's reading, else
 * each character's (the table's, else ICU's); syllables joined, or with apart a space
 * between them. */
static int pinyin_of(sx_buf *out, const char *s, size_t len, bool apart)
{
    const sx_term *t = sx_terms_zh_pinyin(s, len);
    if (t) {
        for (const char *p = t->opts[0]; *p; p++)
            if ((apart || *p != ' ') && sx_buf_putc(out, *p) != 0)
                return sx_buf_status(out);
        return sx_buf_puts(out, "");
    }
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        uint32_t cp;
        int k = sx_utf8_decode(s + i, len - i, &cp);
        size_t step = k > 0 ? (size_t)k : 1;
        if (apart && i > 0 && out->len && out->ptr[out->len - 1] != ' ')
            rc = sx_buf_putc(out, ' ');
        if (rc == 0)
            rc = sx_terms_zh_pinyin(s + i, step) ? pinyin_of(out, s + i, step, apart)
                                                  : sx_han_pinyin(out, s + i, step);
        i += step;
    }
    return rc;
}

/* Appends to out the Wade-Giles spelling of pinyin syllables (separated by spaces),
 * joined as pinyin_of joins them: Taiwan writes its names so (蔡其昌 Tsai Chi-chang where
 * pinyin has Cai Qichang). */
static int wade_giles_of(sx_buf *out, const char *pinyin)
{
    int rc = 0;
    for (const char *p = pinyin; *p && rc == 0;) {
        size_t n = strcspn(p, " ");
        const char *wg = sx_terms_wade_giles(p, n);
        rc = wg ? sx_buf_puts(out, wg) : sx_buf_put(out, p, n);
        p += n;
        p += *p == ' ';
    }
    return rc;
}

/* Adds to seg the pinyin of s[0, len) (joined) with the given flags and prior. */
static int add_pinyin(sx_seg *seg, ctx *c, const char *s, size_t len, unsigned prov, float prior)
{
    sx_buf_clear(&c->tmp);
    int rc = pinyin_of(&c->tmp, s, len, false);
    if (rc != 0)
        return rc;
    if (!c->tmp.len)
        return 0;
    const char *text = sx_arena_strdup(&c->a->arena, c->tmp.ptr);
    if (!text)
        return SX_ENOMEM;
    sx_seg_add(seg, text, "mandarin:pinyin", SX_PROV_MANDARIN | SX_PROV_SYLLABLES | prov, prior);
    return 0;
}

/* Characters no word holds, s[0, len), as one word read (a brand, a given name). */
static int run_seg(ctx *c, const char *s, size_t len)
{
    sx_seg *seg = &c->segs[c->nsegs++];
    memset(seg, 0, sizeof *seg);
    int rc = add_pinyin(seg, c, s, len, 0, 1.0f);
    c->nsegs -= seg->n == 0;
    return rc;
}

/* The words of one simplified Han token as segments: dictionary words (glossed and read)
 * and runs of characters no word holds (read, joined). */
static int mandarin_words(ctx *c, const char *s, size_t len)
{
    size_t maxlen = sx_terms_zh_max_len(), run = 0; /* run: start of unmatched characters */
    int rc = 0;
    bool in_run = false;
    for (size_t i = 0; i <= len && rc == 0 && c->nsegs + 1 < MAX_TOKENS;) {
        /* A legal form inside the token, which only a token's ends lose before (长光卫星
         * 技术股份有限公司 (长光卫星)): left out, as a list name's is. */
        size_t lf = 0;
        bool whole = false;
        if (i < len && sx_legal_cjk(s + i, len - i, false, &lf, &whole) && !whole && lf > 0) {
            if (in_run)
                rc = run_seg(c, s + run, i - run);
            in_run = false;
            i += lf;
            continue;
        }
        /* Where each of the next maxlen characters ends. */
        size_t ends[TOKEN_MAX_CPS + 1], ne = 0;
        for (size_t j = i; j < len && ne < maxlen && ne < TOKEN_MAX_CPS;) {
            uint32_t cp;
            int k = sx_utf8_decode(s + j, len - j, &cp);
            j += k > 0 ? (size_t)k : 1;
            ends[ne++] = j;
        }
        /* The longest word (two characters at least), or, when the dictionary glosses
         * it not but glosses a shorter word that the rest of it follows as a word, that
         * one: 集团公司 is 集团 (group) and 公司 (company), not jituangongsi; 黑龙江 stays
         * Heilongjiang, not 黑龙 (black dragon) and 江. */
        size_t best = 0, nbest = 0;
        for (size_t n = ne; n >= 2 && !best; n--)
            if (sx_terms_zh_pinyin(s + i, ends[n - 1] - i)) {
                best = ends[n - 1] - i;
                nbest = n;
            }
        for (size_t n = nbest > 3 ? nbest - 2 : 0; n >= 2 && !sx_terms_zh_dict(s + i, best); n--) {
            size_t head = ends[n - 1] - i;
            if (sx_terms_zh_dict(s + i, head) && sx_terms_zh_pinyin(s + i + head, best - head)) {
                best = head;
                nbest = n;
            }
        }
        /* A place's administrative word the lists leave out (深圳市 Shenzhen, 黑龙江省
         * Heilongjiang): a one-character row of the gloss table ends the word and the
         * rest is a word too.  That character is then a word of its own. */
        if (nbest >= 3 && sx_terms_zh_dict(s + ends[nbest - 2], best - (ends[nbest - 2] - i)) &&
            sx_terms_zh_pinyin(s + i, ends[nbest - 2] - i))
            best = ends[nbest - 2] - i;
        if (!best && ne > 0 && sx_terms_zh_dict(s + i, ends[0] - i))
            best = ends[0] - i;
        if (!best && i < len) {
            if (!in_run)
                run = i;
            in_run = true;
            i = ends[0];
            continue;
        }
        if (in_run) /* the characters before: one word */
            rc = run_seg(c, s + run, i - run);
        in_run = false;
        if (i >= len || rc != 0)
            break;
        sx_seg *seg = &c->segs[c->nsegs++];
        memset(seg, 0, sizeof *seg);
        const sx_term *gloss = sx_terms_zh_dict(s + i, best);
        for (size_t o = 0; gloss && o < gloss->nopts; o++) {
            if (strcmp(gloss->opts[o], SX_TERM_LEFT_OUT) == 0)
                sx_seg_add(seg, "", "mandarin: place word left out",
                           SX_PROV_MANDARIN | SX_PROV_LEFT_OUT, sx_term_prior(gloss, o));
            else
                add_term(seg, &c->a->arena, SX_PROV_TERM, gloss, o, sx_term_prior(gloss, o));
        }
        for (size_t o = 0; o < seg->n; o++)
            seg->prov[o] |= SX_PROV_MANDARIN;
        rc = add_pinyin(seg, c, s + i, best, 0, seg->n ? MANDARIN_READ : 1.0f);
        c->nsegs -= seg->n == 0;
        i += best;
    }
    return rc;
}

/* Adds to seg, as its second option, the Wade-Giles spelling of s[0, len) when it is not
 * the pinyin (a Taiwanese person's name). */
static int add_wade_giles(sx_seg *seg, ctx *c, const char *s, size_t len)
{
    sx_buf_clear(&c->tmp);
    int rc = pinyin_of(&c->tmp, s, len, true);
    sx_buf wg = SX_BUF_INIT;
    if (rc == 0)
        rc = wade_giles_of(&wg, c->tmp.ptr ? c->tmp.ptr : "");
    if (rc == 0 && wg.len && seg->n && strcmp(wg.ptr, seg->opt[0]) != 0) {
        const char *text = sx_arena_strdup(&c->a->arena, wg.ptr);
        if (text)
            sx_seg_add(seg, text, "mandarin:Wade-Giles", SX_PROV_MANDARIN | SX_PROV_SYLLABLES,
                       WADE_GILES_PRIOR);
        else
            rc = SX_ENOMEM;
    }
    sx_buf_free(&wg);
    return rc;
}

/* A short name in Han characters only may be a person's: surname (the first character)
 * and given name, each read whole, in pinyin and in Wade-Giles.  *done: the two segments
 * were made. */
static int mandarin_person(ctx *c, const char *s, size_t len, bool *done)
{
    *done = false;
    uint32_t cps[PERSON_CPS_MAX + 1];
    size_t n = sx_decode(cps, PERSON_CPS_MAX + 1, s, len);
    if (n < 2 || n > PERSON_CPS_MAX)
        return 0;
    for (size_t j = 0; j < n; j++)
        if (sx_script_of(cps[j]) != SX_SCRIPT_HAN)
            return 0;
    char first[8];
    int k = cps_to_utf8(first, sizeof first, cps, 1);
    if (k <= 0)
        return 0;
    sx_seg *sur = &c->segs[c->nsegs++], *given = &c->segs[c->nsegs++];
    memset(sur, 0, sizeof *sur);
    memset(given, 0, sizeof *given);
    int rc = add_pinyin(sur, c, s, (size_t)k, 0, 1.0f);
    if (rc == 0)
        rc = add_pinyin(given, c, s + k, len - (size_t)k, 0, 1.0f);
    if (rc == 0)
        rc = add_wade_giles(sur, c, s, (size_t)k);
    if (rc == 0)
        rc = add_wade_giles(given, c, s + k, len - (size_t)k);
    *done = rc == 0 && sur->n && given->n;
    return rc;
}

/* A Han token as simplified Chinese: the normalisation folded older forms to the
 * Japanese ones (實 -> 実, which Chinese does not write), so those go back first. */
static int mandarin_text(sx_buf *out, ctx *c, const token *t)
{
    sx_buf_clear(&c->tmp);
    int rc = 0;
    for (size_t k = 0; k < t->len && rc == 0;) {
        uint32_t cp;
        int n = sx_utf8_decode(t->s + k, t->len - k, &cp);
        size_t step = n > 0 ? (size_t)n : 1;
        const char *old = n > 0 ? sx_han_traditional(t->s + k, step) : NULL;
        rc = old ? sx_buf_puts(&c->tmp, old) : sx_buf_put(&c->tmp, t->s + k, step);
        k += step;
    }
    return rc ? rc : sx_han_simplified(out, c->tmp.ptr, c->tmp.len);
}

/* Appends a reading (none when its text is empty or repeats a reading's, or there is no
 * room left). */
static int add_alt(sx_name_analysis *a, const char *text, const char *path, unsigned prov,
                   float prior)
{
    for (size_t j = 0; j < a->nalts; j++)
        if (strcmp(a->alts[j].text, text) == 0)
            return 0;
    if (!text[0] || a->nalts >= SX_NAME_MAX_ALTS)
        return 0;
    sx_name_alt *alt = &a->alts[a->nalts++];
    alt->text = sx_arena_strdup(&a->arena, text);
    alt->path = sx_arena_strdup(&a->arena, path);
    alt->prov = prov;
    alt->prior = prior;
    return alt->text && alt->path ? 0 : SX_ENOMEM;
}

/* The reading that takes option pick[i] of each of segs[0..n): its text (a legal form
 * a translated term ends it with left out), path and flags; its prior multiplied into
 * *prior. */
static void picked_text(char text[SX_NAME_MAX_BYTES], char path[256], unsigned *prov,
                        float *prior, const sx_seg *segs, size_t n, const unsigned char *pick)
{
    text[0] = path[0] = '\0';
    *prov = 0;
    for (size_t i = 0, len = 0; i < n; i++) {
        const sx_seg *g = &segs[i];
        if (g->n == 0)
            continue;
        if (*g->opt[pick[i]] && len < SX_NAME_MAX_BYTES)
            len += (size_t)snprintf(text + len, SX_NAME_MAX_BYTES - len, "%s%s", len ? " " : "",
                                    g->opt[pick[i]]);
        append_path(path, 256, g->path[pick[i]]);
        *prov |= g->prov[pick[i]];
        *prior *= g->prior[pick[i]];
    }
    if (*prov & SX_PROV_TERM)
        text[without_legal_end(text)] = '\0';
}

/* Appends the reading that takes option pick[i] of each of c's segments (none when its
 * text repeats a reading's). */
static int add_picked(ctx *c, const size_t *pick, float prior)
{
    sx_name_analysis *a = c->a;
    char text[SX_NAME_MAX_BYTES], path[256];
    unsigned char picks[MAX_TOKENS];
    unsigned prov;
    for (size_t i = 0; i < c->nsegs; i++)
        picks[i] = (unsigned char)pick[i];
    picked_text(text, path, &prov, &prior, c->segs, c->nsegs, picks);
    size_t before = a->nalts;
    int rc = add_alt(a, text, path, prov, prior);
    if (rc == 0 && a->nalts > before)
        keep_lattice(&a->arena, &a->alts[before], lattice_of(c), picks);
    return rc;
}

/* The number of words of text (words apart) among words[0..n). */
static size_t words_met(const char *text, const char *const *words, const uint8_t *wlen,
                        size_t n)
{
    size_t met = 0;
    for (const char *w = text; *w;) {
        size_t k = strcspn(w, " ");
        for (size_t j = 0; j < n; j++)
            if (wlen[j] == k && memcmp(words[j], w, k) == 0) {
                met++;
                break;
            }
        w += k;
        w += *w == ' ';
    }
    return met;
}

bool sx_name_alt_tailored(sx_name_alt *out, char text[SX_NAME_MAX_BYTES], char path[256],
                          const sx_name_alt *alt, const char *const *words, const uint8_t *wlen,
                          size_t n)
{
    const sx_lattice *l = alt->lattice;
    if (!l || l->n > MAX_TOKENS)
        return false;
    unsigned char pick[MAX_TOKENS];
    bool changed = false;
    for (size_t s = 0; s < l->n; s++) {
        const sx_seg *g = &l->segs[s];
        size_t own = alt->pick[s] < g->n ? alt->pick[s] : 0, best = own;
        if (g->n > 1) {
            size_t most = words_met(g->opt[own], words, wlen, n);
            for (size_t o = 0; o < g->n; o++) {
                size_t m = words_met(g->opt[o], words, wlen, n);
                if (m > most) {
                    most = m;
                    best = o;
                }
            }
        }
        pick[s] = (unsigned char)best;
        changed |= best != own;
    }
    if (!changed)
        return false;
    /* The prior of the renderings taken, with the rest of alt's (a factor its
     * combination gave it: MANDARIN_PRIOR, a second rendering's). */
    float own = 1.0f, prior = 1.0f;
    unsigned prov;
    picked_text(text, path, &prov, &own, l->segs, l->n, alt->pick);
    picked_text(text, path, &prov, &prior, l->segs, l->n, pick);
    append_path(path, 256, "its words rendered as the list name renders them");
    prior = own > 0.0f ? alt->prior * prior / own : alt->prior;
    *out = (sx_name_alt){.text = text, .path = path, .prov = prov,
                         .prior = prior < 1.0f ? prior : 1.0f, .lattice = l};
    return true;
}

uint32_t sx_name_alt_letter_words(const sx_name_alt *alt, size_t nwords)
{
    const sx_lattice *l = alt->lattice;
    if (!l || !alt->pick || !(alt->prov & (SX_PROV_HANGUL_LETTERS | SX_PROV_KANA_LETTERS)))
        return 0;
    uint32_t mask = 0;
    size_t t = 0;
    for (size_t s = 0; s < l->n; s++) {
        const sx_seg *g = &l->segs[s];
        if (alt->pick[s] >= g->n)
            return 0;
        if (t < 32)
            mask |= g->letters[alt->pick[s]] << t;
        t += sx_count_words(g->opt[alt->pick[s]]);
    }
    /* The words must be alt's and the caller's: a reading whose text was changed after
     * it was picked (a legal form cut off its end), or whose words the caller joined or
     * dropped, is not told apart. */
    return t == nwords && t == sx_count_words(alt->text) ? mask : 0;
}

/* A person's readings: in pinyin, then in Wade-Giles throughout (the option each segment
 * has second, or its pinyin when spelled alike; add_picked drops a repeat). */
static int person_readings(ctx *c)
{
    int rc = add_picked(c, (size_t[2]){0, 0}, MANDARIN_PRIOR);
    size_t wg[2] = {c->segs[0].n > 1, c->segs[1].n > 1};
    return rc ? rc : add_picked(c, wg, MANDARIN_PRIOR);
}

/* The option of a segment that reads its word rather than translating it. */
static size_t read_pick(const sx_seg *g)
{
    for (size_t o = 0; o < g->n; o++)
        if (!(g->prov[o] & SX_PROV_TERM))
            return o;
    return 0;
}

/* Whether text (words apart) says what an organisation does, not which one it is: its
 * words of four letters or more are all descriptors (descriptors.tsv: technology,
 * development, trading), and it has one.  "and", "of" do not count. */
static bool descriptor_text(const char *text)
{
    size_t n = 0;
    for (const char *w = text; *w;) {
        size_t k = strcspn(w, " ");
        if (k >= 4 && !sx_terms_descriptor(w, k))
            return false;
        n += k >= 4;
        w += k;
        w += *w == ' ';
    }
    return n > 0;
}

/* The first option of g that is a gloss saying a trade (descriptor_text), or SIZE_MAX. */
static size_t trade_gloss(const sx_seg *g)
{
    for (size_t o = 0; o < g->n; o++)
        if ((g->prov[o] & SX_PROV_TERM) && descriptor_text(g->opt[o]))
            return o;
    return SIZE_MAX;
}

/* Five or six readings of the words: the glossed words translated (中国电子科技集团: China
 * Electronics Technology Group), only the trade words that end the name translated
 * (福瑞达黑龙江供应链管理: Furuida Heilongjiang Supply Chain Management), only the first
 * word read, as a brand or a place is (华为技术: Huawei Technology; 中兴通讯: Zhongxing
 * Communication), every word read (Zhongxing Tongxun), the glossed words in their
 * second rendering, and only the words saying a trade translated, wherever they are: a
 * brand's characters are often a word too (鲁成伟业科技发展: 伟业, great achievement, in
 * Lucheng Weiye Technology Development). */
static int mandarin_readings(ctx *c)
{
    size_t gloss[MAX_TOKENS] = {0}, first_read[MAX_TOKENS] = {0}, all_read[MAX_TOKENS];
    size_t trade[MAX_TOKENS] = {0};
    bool first = true, tail = true;
    for (size_t i = 0; i < c->nsegs; i++) {
        all_read[i] = read_pick(&c->segs[i]);
        /* The first word of Han text, not a Latin one before it. */
        if (first && (c->segs[i].prov[all_read[i]] & SX_PROV_MANDARIN)) {
            first_read[i] = all_read[i];
            first = false;
        }
    }
    /* The trade words end the name (供应链管理: supply chain management): the run of
     * glossed words at its end translated, the words before it read. */
    for (size_t i = c->nsegs; i-- > 0;) {
        tail = tail && (c->segs[i].prov[0] & (SX_PROV_TERM | SX_PROV_LEFT_OUT));
        trade[i] = tail ? 0 : all_read[i];
    }
    /* And the glossed words in their second rendering where they have one (香港: Hong
     * Kong, HK; 科技: Technology, Science and Technology). */
    size_t second[MAX_TOKENS] = {0};
    bool any_second = false;
    for (size_t i = 0; i < c->nsegs; i++)
        if (c->segs[i].n > 2 && (c->segs[i].prov[1] & SX_PROV_TERM)) {
            second[i] = 1;
            any_second = true;
        }
    int rc = add_picked(c, gloss, MANDARIN_PRIOR);
    if (rc == 0)
        rc = add_picked(c, trade, MANDARIN_PRIOR * 0.99f);
    if (rc == 0 && any_second)
        rc = add_picked(c, second, MANDARIN_PRIOR * 0.97f);
    if (rc == 0)
        rc = add_picked(c, first_read, MANDARIN_PRIOR * 0.99f);
    if (rc == 0)
        rc = add_picked(c, all_read, MANDARIN_PRIOR * 0.98f);
    size_t trades[MAX_TOKENS];
    bool any_trade = false;
    for (size_t i = 0; i < c->nsegs; i++) {
        size_t o = trade_gloss(&c->segs[i]);
        trades[i] = o == SIZE_MAX ? all_read[i] : o;
        any_trade |= o != SIZE_MAX;
    }
    if (rc == 0 && any_trade)
        rc = add_picked(c, trades, MANDARIN_PRIOR * 0.98f);
    return rc;
}

/* Whether token i repeats the start of an earlier one: the short form a Chinese name
 * gives after the full one (长光卫星技术股份有限公司 (长光卫星)), read once. */
static bool short_form(const ctx *c, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (c->tok[j].len > c->tok[i].len && memcmp(c->tok[j].s, c->tok[i].s, c->tok[i].len) == 0)
            return true;
    return false;
}

/* One Han character's Cantonese (sx_terms_zh_cantonese), looked up in the older form
 * the normaliser folded away (實, not 実), else as written. */
static const sx_term *cantonese_of(const char *ch, size_t len)
{
    const char *old = sx_han_traditional(ch, len);
    const sx_term *t = old ? sx_terms_zh_cantonese(old, strlen(old)) : NULL;
    return t ? t : sx_terms_zh_cantonese(ch, len);
}

/* A short name in Han characters only as Hong Kong writes a person's: every syllable a
 * word, in Cantonese (鄧炳強 Tang Ping-keung; 曾國衞 Tsang Kwok-wai).  Hong Kong spells
 * many syllables two ways (chang / tsang, lei / lee), one name one way and the next the
 * other, so the readings take the first spelling of every syllable, then the second
 * of one syllable at a time, CANTONESE_READINGS at most.  None when a character has no
 * reading. */
static int cantonese_readings(ctx *c, const token *t)
{
    char spell[CANTONESE_CPS_MAX][2][16]; /* each syllable's first and second spelling */
    size_t n = 0;
    for (size_t at = 0; at < t->len; n++) {
        uint32_t cp;
        int k = sx_utf8_decode(t->s + at, t->len - at, &cp);
        const sx_term *r = k > 0 && n < CANTONESE_CPS_MAX && sx_script_of(cp) == SX_SCRIPT_HAN
                               ? cantonese_of(t->s + at, (size_t)k)
                               : NULL;
        if (!r)
            return 0;
        at += (size_t)k;
        for (int v = 0; v < 2; v++) {
            int w = snprintf(spell[n][v], sizeof spell[n][v], "%s", r->opts[v ? r->nopts - 1 : 0]);
            if (w < 0 || (size_t)w >= sizeof spell[n][v])
                return 0; /* longer than any syllable the table makes */
        }
    }
    if (n < 2)
        return 0;
    int rc = 0;
    /* Reading k spells syllable k - 1 its second way; reading 0 none. */
    for (size_t k = 0, made = 0; k <= n && made < CANTONESE_READINGS && rc == 0; k++) {
        size_t which = k == 0 ? n : k - 1;
        if (which < n && strcmp(spell[which][0], spell[which][1]) == 0)
            continue;
        char text[CANTONESE_CPS_MAX * 17] = "";
        for (size_t i = 0, len = 0; i < n; i++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", i ? " " : "",
                                    spell[i][i == which]);
        rc = add_alt(c->a, text,
                     which < n ? "cantonese:Hong Kong (a second spelling)" : "cantonese:Hong Kong",
                     SX_PROV_CANTONESE | SX_PROV_SYLLABLES,
                     MANDARIN_PRIOR * CANTONESE_PRIOR * (which < n ? CANTONESE_SECOND : 1.0f));
        made++;
    }
    return rc;
}

static int mandarin_alts(ctx *c)
{
    sx_name_analysis *a = c->a;
    if (c->listed || !(a->scripts & SX_SCRIPT_HAN) ||
        (a->scripts & (SX_SCRIPT_KANA | SX_SCRIPT_HANGUL)) || a->nalts >= SX_NAME_MAX_ALTS)
        return 0;
    /* A Han character left once the legal form is off (not in ＯＦＩ・０１株式会社). */
    bool han = false;
    for (size_t i = 0; i < c->ntok && !han; i++)
        han = (token_script(c->tok[i].s, c->tok[i].len) & SX_SCRIPT_HAN) != 0;
    if (!han)
        return 0;
    sx_buf simp = SX_BUF_INIT;
    int rc = 0;
    /* The person's reading first: a short name's syllables are more likely a person's,
     * unless a legal form says it names a company (株式会社精和 is no Jing He). */
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        c->nsegs = 0;
        bool person = pass == 0;
        if (person && (c->ntok != 1 || a->legal_form))
            continue;
        for (size_t i = 0; i < c->ntok && rc == 0 && c->nsegs + 2 < MAX_TOKENS; i++) {
            const token *t = &c->tok[i];
            if (t->script == SX_SCRIPT_LATIN) {
                rc = latin_seg(c, t);
                continue;
            }
            if (t->script != SX_SCRIPT_HAN || short_form(c, i))
                continue;
            sx_buf_clear(&simp);
            if ((rc = mandarin_text(&simp, c, t)) != 0)
                break;
            if (person) {
                bool done = false;
                rc = mandarin_person(c, simp.ptr, simp.len, &done);
                if (!done)
                    c->nsegs = 0;
            } else {
                rc = mandarin_words(c, simp.ptr, simp.len);
            }
        }
        if (rc == 0 && c->nsegs > 0)
            rc = person ? person_readings(c) : mandarin_readings(c);
        /* After the pinyin and Wade-Giles, which mainland and Taiwanese names use. */
        if (rc == 0 && person && c->tok[0].script == SX_SCRIPT_HAN)
            rc = cantonese_readings(c, &c->tok[0]);
    }
    c->nsegs = 0;
    sx_buf_free(&simp);
    return rc;
}

/* A Latin name in Wade-Giles (Mao Tse-tung, Hsi Chin-ping) read as pinyin, which the
 * lists write mainland names in (mao ze dong; xi jin ping and, the apostrophes being
 * dropped, xi qin ping...): up to WADE_GILES_READINGS readings, unaspirated initials
 * first.  Queries only, of two to WADE_GILES_MAX_WORDS words each a Wade-Giles syllable,
 * one at least no pinyin syllable (tse, hsi, tung): a name in pinyin (Chen Wei), or in
 * any other language, is not one. */
#define WADE_GILES_READINGS 4
#define WADE_GILES_MAX_WORDS 4
static int wade_giles_alts(ctx *c)
{
    if (c->listed || c->ntok < 2 || c->ntok > WADE_GILES_MAX_WORDS)
        return 0;
    const char *opts[WADE_GILES_MAX_WORDS];
    bool other = false;
    for (size_t i = 0; i < c->ntok; i++) {
        const token *t = &c->tok[i];
        if (t->script != SX_SCRIPT_LATIN ||
            !(opts[i] = sx_terms_wade_giles_pinyin(t->s, t->len)))
            return 0;
        other |= !sx_terms_pinyin_syllable(t->s, t->len);
    }
    if (!other)
        return 0;
    /* Readings in odometer order, the last word's options turning fastest. */
    size_t pick[WADE_GILES_MAX_WORDS] = {0};
    for (int r = 0; r < WADE_GILES_READINGS; r++) {
        char text[WADE_GILES_MAX_WORDS * 8];
        size_t o = 0;
        for (size_t i = 0; i < c->ntok; i++) {
            const char *p = opts[i];
            for (size_t k = 0; k < pick[i]; k++)
                p = strchr(p, '|') + 1;
            size_t n = strcspn(p, "|");
            if (o + n + 2 > sizeof text)
                return 0;
            if (o)
                text[o++] = ' ';
            memcpy(text + o, p, n);
            o += n;
        }
        text[o] = '\0';
        int rc = add_alt(c->a, text, "Wade-Giles read as pinyin",
                         SX_PROV_MANDARIN | SX_PROV_SYLLABLES, WADE_GILES_PRIOR);
        if (rc != 0)
            return rc;
        size_t i = c->ntok;
        while (i-- > 0) {
            const char *more = opts[i];
            for (size_t k = 0; k <= pick[i] && more; k++)
                more = strchr(more, '|') ? strchr(more, '|') + 1 : NULL;
            if (more) {
                pick[i]++;
                break;
            }
            pick[i] = 0;
        }
        if (i == SIZE_MAX) /* every combination made */
            break;
    }
    return 0;
}

/* Whether the name is two words of Hangul, a given name of one to three syllables then
 * a surname of ko_surnames.tsv, whole, the first word none (상현 한, 성훈 김). */
static bool korean_given_first(const ctx *c)
{
    if (c->ntok != 2)
        return false;
    size_t n[2]; /* syllables of each word */
    for (size_t i = 0; i < 2; i++) {
        uint32_t cps[8];
        if (c->tok[i].script != SX_SCRIPT_HANGUL)
            return false;
        n[i] = sx_decode(cps, 8, c->tok[i].s, c->tok[i].len);
        for (size_t k = 0; k < n[i]; k++)
            if (!sx_is_hangul_syllable(cps[k]))
                return false;
    }
    return n[0] >= 1 && n[0] <= 3 && n[1] <= 2 && sx_terms_surname(c->tok[1].s, c->tok[1].len) &&
           !sx_terms_surname(c->tok[0].s, c->tok[0].len);
}

static int build_alts(ctx *c)
{
    int rc;
    sx_name_analysis *a = c->a;
    a->alts = sx_arena_calloc(&a->arena, SX_NAME_MAX_ALTS, sizeof *a->alts);
    if (!a->alts)
        return SX_ENOMEM;
    /* Korean personal names first: they are read differently from company names.  Not
     * a name with a legal form, an organisation's: 한국앤컴퍼니 (Hankook & Company, its
     * "company" the legal form) was read han kook, a surname and a given name, and
     * met Han Kook Capital. */
    a->korean_given_first = !a->legal_form && korean_given_first(c);
    if (!a->legal_form && korean_person(c)) {
        a->korean_person = 1;
        if ((rc = add_alts(c, 1.0f, READING_ALTS)) != 0)
            return rc;
        c->nsegs = 0;
    }
    for (size_t i = 0; i < c->ntok && c->nsegs < MAX_TOKENS; i++) {
        const token *t = &c->tok[i];
        if (t->script == SX_SCRIPT_LATIN) {
            if ((rc = latin_seg(c, t)) != 0)
                return rc;
        } else if (t->script & (SX_SCRIPT_KANA | SX_SCRIPT_HAN | SX_SCRIPT_HANGUL)) {
            bool japanese = !(t->script & SX_SCRIPT_HANGUL);
            if ((rc = cjk_token(c, t, japanese)) != 0)
                return rc;
        } else if (t->script == SX_SCRIPT_ARABIC && !c->listed) {
            if ((rc = arabic_token(c, t)) != 0)
                return rc;
        }
        /* Other scripts (Hebrew, Thai...) have no reading here: compared as written. */
    }
    /* Japanese readings first, Korean ones fill the room they leave of READING_ALTS, and
     * the Mandarin ones have a room of their own. */
    if ((rc = add_alts(c, 1.0f, READING_ALTS)) != 0)
        return rc;
    size_t japanese = a->nalts;
    if ((rc = mandarin_alts(c)) != 0)
        return rc;
    if ((rc = hanja_alts(c, READING_ALTS - japanese)) != 0)
        return rc;
    if (!c->no_dict && (rc = kana_korean_alts(c)) != 0)
        return rc;
    return wade_giles_alts(c);
}

/* The readings of a name written in Cyrillic with ё (U+0451, Ё U+0401) read yo, after
 * its own: BGN/PCGN writes ë, which is e once the diaeresis is off (Артём artem, Фёдор
 * fedor, Хрущёв khrushchev), and the lists write either that or yo (Artyom, Fyodor,
 * DYOMIN).  The name is read again with йо for ё, which BGN/PCGN writes yo. */
static int yo_alts(ctx *c)
{
    static const char yo[] = "\xd1\x91", capital_yo[] = "\xd0\x81";
    if (!memmem(c->raw, c->rawlen, yo, 2) && !memmem(c->raw, c->rawlen, capital_yo, 2))
        return 0;
    sx_buf v = SX_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < c->rawlen && rc == 0; i++) {
        bool small = i + 1 < c->rawlen && memcmp(c->raw + i, yo, 2) == 0;
        bool capital = i + 1 < c->rawlen && memcmp(c->raw + i, capital_yo, 2) == 0;
        if (small || capital) {
            rc = sx_buf_puts(&v, capital ? "\xd0\x99\xd0\xbe" : "\xd0\xb9\xd0\xbe"); /* Йо, йо */
            i++;
        } else {
            rc = sx_buf_put(&v, c->raw + i, 1);
        }
    }
    sx_name_analysis va;
    if (rc == 0 && (rc = analyse(&va, v.ptr, v.len, c->no_dict, c->listed, false)) == 0) {
        sx_name_analysis *a = c->a;
        for (size_t i = 0; i < va.nalts && rc == 0; i++) {
            char path[320];
            snprintf(path, sizeof path, "cyrillic:\xd1\x91 read yo%s%.250s",
                     va.alts[i].path[0] ? "; " : "", va.alts[i].path);
            rc = add_alt(a, va.alts[i].text, path, va.alts[i].prov, va.alts[i].prior * YO_PRIOR);
        }
        sx_name_analysis_free(&va);
    }
    sx_buf_free(&v);
    return rc;
}

/* A Russian name is read again as Russian passports spell it (ICAO Doc 9303, which
 * lists copy: Sergei Petrovich MIKHAILOV, Anatoly Andreevich KOVALEV) beside BGN/PCGN's
 * reading (sergey petrovich mikhaylov), at PASSPORT_PRIOR of its own.  In a list of
 * many Russian names nearly every trigram is common, and candidates are looked up by the
 * rarest: those of one system's spelling only (yev, liy), which the other's list name
 * lacks.  The name read with ё as йо (yo_alts) is read so too, ё then io, as lists of
 * Belarusian spellings write it (Павел Николаевич ЛЁГКИЙ, the EU's Pavel Nikolaevich
 * LIOHKI). */
static int passport_alts(ctx *c)
{
    bool cyrillic = false; /* lead bytes of U+0400..U+053F: a cheap look first */
    for (size_t i = 0; i < c->rawlen && !cyrillic; i++)
        cyrillic = (unsigned char)c->raw[i] >= 0xD0 && (unsigned char)c->raw[i] <= 0xD4;
    if (!cyrillic)
        return 0;
    sx_name_analysis va;
    int rc = analyse(&va, c->raw, c->rawlen, c->no_dict, c->listed, true);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < va.nalts && rc == 0; i++) {
        char path[320];
        snprintf(path, sizeof path, "cyrillic: passport spelling (ICAO 9303)%s%.250s",
                 va.alts[i].path[0] ? "; " : "", va.alts[i].path);
        rc = add_alt(c->a, va.alts[i].text, path, va.alts[i].prov,
                     va.alts[i].prior * PASSPORT_PRIOR);
    }
    sx_name_analysis_free(&va);
    return rc;
}

/* A Latin name whose digits fold_digits made letters, as it is said (3SOFT: 3soft, not
 * esoft), when its first reading is its words as they are (sx_name_analysis.said). */
static int set_said(ctx *c)
{
    sx_name_analysis *a = c->a;
    bool folded = false;
    size_t len = 0;
    for (size_t i = 0; i < c->ntok; i++) {
        if (c->tok[i].script != SX_SCRIPT_LATIN)
            return 0;
        folded |= c->tok[i].said != NULL;
        len += c->tok[i].len + 1;
    }
    if (!folded || a->nalts == 0 || a->alts[0].prov)
        return 0;
    char *said = sx_arena_alloc(&a->arena, len + 1), *as_read = sx_arena_alloc(&a->arena, len + 1);
    if (!said || !as_read)
        return SX_ENOMEM;
    size_t o = 0;
    for (size_t i = 0; i < c->ntok; i++) {
        const token *t = &c->tok[i];
        if (o) {
            said[o] = as_read[o] = ' ';
            o++;
        }
        memcpy(said + o, t->said ? t->said : t->s, t->len);
        memcpy(as_read + o, t->s, t->len);
        o += t->len;
    }
    said[o] = as_read[o] = '\0';
    if (strcmp(as_read, a->alts[0].text) == 0)
        a->said = said;
    return 0;
}

static int set_core(ctx *c)
{
    sx_name_analysis *a = c->a;
    size_t total = 0;
    for (size_t i = 0; i < c->ntok; i++)
        total += c->tok[i].len;
    char *core = sx_arena_alloc(&a->arena, total + 1);
    if (!core)
        return SX_ENOMEM;
    size_t o = 0;
    for (size_t i = 0; i < c->ntok; i++) {
        memcpy(core + o, c->tok[i].s, c->tok[i].len);
        o += c->tok[i].len;
    }
    core[o] = '\0';
    a->core = core;
    return 0;
}

int sx_name_analyse(sx_name_analysis *out, const char *name, size_t len)
{
    return analyse(out, name, len, false, false, false);
}

int sx_name_analyse_listed(sx_name_analysis *out, const char *name, size_t len)
{
    return analyse(out, name, len, false, true, false);
}

static int analyse(sx_name_analysis *out, const char *name, size_t len, bool no_dict,
                   bool listed, bool passport)
{
    memset(out, 0, sizeof *out);
    int rc = sx_text_init(NULL);
    if (rc != 0)
        return rc;
    if (len > SX_NAME_MAX_BYTES) {
        len = SX_NAME_MAX_BYTES;
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
            len--;
    }
    /* Not zeroed whole: its token and segment tables (27 KB) are filled as they are
     * taken, each segment zeroed there, and zeroing them all cost a Latin query more
     * than reading its name. */
    ctx *c = malloc(sizeof *c);
    if (!c)
        return sx_error_oom();
    c->ntok = 0;
    c->nsegs = 0;
    c->tmp = (sx_buf)SX_BUF_INIT;
    c->a = out;
    c->no_dict = no_dict;
    c->listed = listed;
    c->raw = name;
    c->rawlen = len;
    c->lattice = NULL;
    sx_buf norm = SX_BUF_INIT;
    bool russian = false;
    if ((rc = passport ? sx_text_normalise_passport(&norm, name, len, &russian)
                       : sx_text_normalise(&norm, name, len)) != 0)
        goto done;
    if (passport && !russian)
        goto done; /* no reading: the name has no Russian Cyrillic */
    if (!(out->normalised = sx_arena_strdup(&out->arena, norm.ptr ? norm.ptr : ""))) {
        rc = SX_ENOMEM;
        goto done;
    }
    tokenise(c, out->normalised);
    for (size_t i = 0; i < c->ntok; i++)
        out->scripts |= c->tok[i].script;
    if ((rc = merge_initials(c, &out->arena)) != 0 || (rc = fold_digits(c, &out->arena)) != 0)
        goto done;
    expand_abbreviations(c);
    out->legal_form = strip_legal(c);
    /* After the legal form, which may share a token with the first letter (株式会社エイチ). */
    if ((rc = merge_kana_letters(c, &out->arena)) != 0)
        goto done;
    if ((rc = set_core(c)) != 0)
        goto done;
    /* Drop a leading article: "The Chikuho Bank" is filed as "Chikuho Bank". */
    if (c->ntok > 1 && c->tok[0].len == 3 && memcmp(c->tok[0].s, "the", 3) == 0)
        drop_token(c, 0);
    if ((rc = build_alts(c)) == 0 && (rc = set_said(c)) == 0 && !passport &&
        (rc = yo_alts(c)) == 0)
        rc = passport_alts(c);
done:
    sx_buf_free(&norm);
    sx_buf_free(&c->tmp);
    free(c);
    if (rc != 0)
        sx_name_analysis_free(out);
    return rc;
}

void sx_name_analysis_free(sx_name_analysis *a)
{
    if (!a)
        return;
    sx_arena_free(&a->arena);
    memset(a, 0, sizeof *a);
}
