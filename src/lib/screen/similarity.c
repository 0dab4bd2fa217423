/* Name similarity: token alignment, whole-name and consonant-skeleton comparison. */
#include "lib/screen/similarity.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/country.h"
#include "lib/screen/textint.h"

/* The distance below by rows of the matrix, for words too long for lev_bits. */
static size_t lev_rows(const char *a, size_t na, const char *b, size_t nb, size_t max)
{
    /* Optimal string alignment: a swap of two neighbours is one edit (Schloz / Scholz). */
    size_t rows[3][SX_COMPACT_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *row = rows[2];
    if (nb > SX_COMPACT_MAX)
        nb = SX_COMPACT_MAX;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t best = i;
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            row[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max) /* every path already costs more than allowed */
            return max + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = row;
        row = t;
    }
    return prev[nb];
}

/* The same distance with the columns of the matrix as bit vectors (Hyyro's
 * bit-parallel optimal string alignment: Myers' algorithm with a transposition term),
 * for a of at most 64 letters: a handful of word operations per letter of b instead of
 * a row of cells.  Exact: it returns the distance itself. */
static size_t lev_bits(const char *a, size_t na, const char *b, size_t nb)
{
    /* Per byte: the positions of a holding it.  Kept all zero between calls (cleared
     * below), since clearing 2 KiB per call would cost as much as the distance. */
    static _Thread_local uint64_t peq[256];
    for (size_t i = 0; i < na; i++)
        peq[(unsigned char)a[i]] |= 1ull << i;
    uint64_t vp = na == 64 ? ~0ull : (1ull << na) - 1, vn = 0, d0 = 0, prev_eq = 0;
    uint64_t last = 1ull << (na - 1);
    size_t d = na;
    for (size_t j = 0; j < nb; j++) {
        uint64_t eq = peq[(unsigned char)b[j]];
        uint64_t tr = ((~d0 & eq) << 1) & prev_eq;
        d0 = (((eq & vp) + vp) ^ vp) | eq | vn | tr;
        uint64_t hp = vn | ~(d0 | vp), hn = d0 & vp;
        if (hp & last)
            d++;
        else if (hn & last)
            d--;
        uint64_t x = (hp << 1) | 1;
        vn = x & d0;
        vp = (hn << 1) | ~(x | d0);
        prev_eq = eq;
    }
    for (size_t i = 0; i < na; i++)
        peq[(unsigned char)a[i]] = 0;
    return d;
}

size_t sx_lev_bytes(const char *a, size_t na, const char *b, size_t nb, size_t max)
{
    if (na > nb ? na - nb > max : nb - na > max)
        return max + 1;
    if (na == 0 || nb == 0)
        return na + nb;
    if (nb > SX_COMPACT_MAX)
        nb = SX_COMPACT_MAX;
    if (na > 64)
        return lev_rows(a, na, b, nb, max);
    size_t d = lev_bits(a, na, b, nb);
    return d > max ? max + 1 : d;
}

size_t sx_lev_cps(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t max)
{
    if (na > nb ? na - nb > max : nb - na > max)
        return max + 1;
    size_t row[SX_COMPACT_MAX + 1];
    if (nb > SX_COMPACT_MAX)
        nb = SX_COMPACT_MAX;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    return row[nb];
}

/* Consonant classes shared by English spellings and romanised kana/Hangul loanwords:
 * b/p/f/v, k/g/c/q, t/d, s/z/j/ch/sh/ts, r/l, m, n; every run of vowels is one 'V'.
 * h, w and y carry too little (and differ most between scripts) and are dropped; doubles
 * collapse.  Buffalo and バッファロー (baffaro) both become PVPVRV. */
size_t sx_skeleton(char *out, const char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i], n1 = i + 1 < len ? s[i + 1] : 0, k = 0;
        switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u': k = 'V'; break;
        case 'b': case 'p': case 'f': case 'v':
            if (c == 'p' && n1 == 'h')
                i++;
            k = 'P';
            break;
        case 'k': case 'g': case 'q': k = 'K'; break;
        case 'c':
            if (n1 == 'h') {
                k = 'S';
                i++;
            } else {
                k = (n1 == 'e' || n1 == 'i' || n1 == 'y') ? 'S' : 'K';
            }
            break;
        case 'x':
            if (o == 0 || out[o - 1] != 'K')
                out[o++] = 'K';
            k = 'S';
            break;
        case 't':
            if (n1 == 's' || n1 == 'h')
                i++;
            k = n1 == 's' ? 'S' : 'T';
            break;
        case 'd': k = 'T'; break;
        case 's': case 'z': case 'j': k = 'S'; break;
        case 'r': case 'l': k = 'R'; break;
        case 'm': k = 'M'; break;
        case 'n': k = 'N'; break;
        default:
            if (c >= '0' && c <= '9')
                k = c;
            break;
        }
        if (k && (o == 0 || out[o - 1] != k))
            out[o++] = k;
    }
    out[o] = '\0';
    return o;
}

typedef struct phon_costs phon_costs;
/* Which costs a comparison uses: the same for every reading, or for a reading whose short
 * vowels are unwritten (Arabic script), which is the compared word's side (a: rows) or
 * the other (b: columns, merge_pairs joining the query's words), or for a reading of
 * Hangul (sx_prep.korean), on either side likewise, or for katakana read back as a
 * foreign spelling (sx_prep.foreign_spelling), whose added vowels are gone. */
typedef enum {
    COSTS_PLAIN,
    COSTS_UNWRITTEN_A,
    COSTS_UNWRITTEN_B,
    COSTS_HANGUL_A,
    COSTS_HANGUL_B,
    COSTS_FOREIGN,
    COSTS_KINDS
} costs_kind;
static costs_kind reading_costs(const sx_prep *q, bool b_side);
static const phon_costs *phon_cost_table(costs_kind kind);
static float phon_sub(char a, char b);
static uint64_t costs_kind_of(const phon_costs *t);
static bool kh_cheaper(const phon_costs *t, const char *w, size_t n);
static float phonetic_score(const char *a, size_t na, const char *b, size_t nb, float min,
                            const phon_costs *t);
static void phon_side_folded(sx_phon_side *s, const char *fb, size_t nb, const uint16_t g[5],
                             bool kh);
static float phon_compare(const char *fa, size_t na, const uint16_t ga[5],
                          const sx_phon_order *oa, sx_phon_side *s, float min,
                          const phon_costs *t);
static void phon_consonants(uint16_t g[5], sx_phon_order *o, const char *f, size_t n);
static bool phon_settled_order(const sx_phon_order *oa, size_t na, const char *fb, size_t nb,
                               float lightest, float allowed, float full, const phon_costs *t);
static float full_edit(const phon_costs *t, const char *fa, size_t na, const char *fb,
                       size_t nb, bool b_kh);
static float phon_align(const char *fa, size_t na, sx_phon_side *s, float min,
                        const phon_costs *t);
static inline bool phon_settled(size_t na, size_t nb, const uint16_t ca[5], const uint16_t cb[5],
                                float total, float lightest, bool weighted, float min,
                                float full, const phon_costs *t);

/* Edits a token of this length may carry and still count as the same word: none for
 * short tokens (Li/Lu, Un/Il are different names), then one edit per four letters. */
static size_t token_budget(size_t len)
{
    return len <= 3 ? 0 : len <= 5 ? 1 : len <= 9 ? 2 : 3;
}

/* Words of a transliterated reading that miss by spelling may still sound the same
 * (wakoru / wacoal); only words of six letters or more (short ones collide: samil /
 * shinil), and never as much as an exact word. */
/* The memo starts small and grows as a query fills it: its probes land anywhere in it,
 * and in a table of the full size (256 KB) nearly every probe missed the caches (5% of
 * a CJK query's time, in token_phon alone).  Most queries fill a few hundred slots. */
#define PHON_MEMO_FIRST 1024  /* slots at first (16 KB); a power of two */
#define PHON_MEMO_GROWTH 4    /* times the slots when half are used; a power of two */
#define PHON_MEMO_SLOTS 16384 /* slots at most; a full memo stops remembering */
#define PHON_MEMO_PROBES 8    /* slots looked at for a key */

typedef struct phon_memo_slot {
    uint64_t key; /* 0: empty */
    float score;
} phon_memo_slot;

struct sx_phon_memo {
    phon_memo_slot *slot;
    size_t mask; /* slots - 1 */
    size_t used;
};

sx_phon_memo *sx_phon_memo_new(void)
{
    sx_phon_memo *m = calloc(1, sizeof *m);
    if (m && !(m->slot = calloc(PHON_MEMO_FIRST, sizeof *m->slot))) {
        free(m);
        return NULL;
    }
    if (m)
        m->mask = PHON_MEMO_FIRST - 1;
    return m;
}

void sx_phon_memo_free(sx_phon_memo *m)
{
    if (m)
        free(m->slot);
    free(m);
}

/* The slot holding key, or the empty one it would go in (*found false), or SIZE_MAX when
 * its probes are all taken by other keys. */
static size_t memo_slot(const sx_phon_memo *m, uint64_t key, bool *found)
{
    size_t at = key & m->mask;
    *found = false;
    for (size_t probe = 0; probe < PHON_MEMO_PROBES; probe++, at = (at + 1) & m->mask) {
        if (m->slot[at].key == key) {
            *found = true;
            return at;
        }
        if (m->slot[at].key == 0)
            return at;
    }
    return SIZE_MAX;
}

/* The memo with PHON_MEMO_GROWTH times the slots, its keys moved over (those whose
 * probes are all taken are forgotten: the memo only spares work).  Unchanged when out of
 * memory. */
static void memo_grow(sx_phon_memo *m)
{
    size_t n = (m->mask + 1) * PHON_MEMO_GROWTH;
    phon_memo_slot *old = m->slot, *slot = calloc(n, sizeof *slot);
    if (!slot)
        return;
    size_t old_n = m->mask + 1;
    m->slot = slot;
    m->mask = n - 1;
    m->used = 0;
    for (size_t i = 0; i < old_n; i++) {
        bool found;
        size_t at = old[i].key ? memo_slot(m, old[i].key, &found) : SIZE_MAX;
        if (at != SIZE_MAX && !found) {
            m->slot[at] = old[i];
            m->used++;
        }
    }
    free(old);
}

/* Remembers the score of key (not in the memo: memo_slot gave at). */
static void memo_put(sx_phon_memo *m, uint64_t key, size_t at, float score)
{
    if (m->used >= (m->mask + 1) / 2) {
        if (m->mask + 1 >= PHON_MEMO_SLOTS)
            return;
        memo_grow(m);
        bool found;
        if (m->used >= (m->mask + 1) / 2 || (at = memo_slot(m, key, &found)) == SIZE_MAX)
            return;
    }
    if (at == SIZE_MAX)
        return;
    m->slot[at].key = key;
    m->slot[at].score = score;
    m->used++;
}

/* Hashes for the memo: a word's is made once per reading (sx_word_sum), a pair's key
 * from its two words'. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return mix64(h ^ (uint64_t)n);
}

/* A 64-bit key for the ordered pair (a, b); 0 marks an empty slot. */
static uint64_t pair_key(uint64_t ha, uint64_t hb)
{
    uint64_t h = mix64(ha ^ mix64(hb ^ 0x9e3779b97f4a7c15ull));
    return h ? h : 1;
}

#define TOKEN_PHON_MIN 0.75f /* a word pair sounding less alike than this counts nothing */

/* sa and sb summarise a and b (word_phon).  The pairs the phonetic comparison's length
 * and consonant bounds settle (most of them) are settled from the summaries, before the
 * memo and the folds: the comparison would return 0 for them all the same. */
/* phonetic_score of two words at TOKEN_PHON_MIN, from their folds when kept. */
static float phon_words(const char *a, size_t na, const sx_word_sum *sa, const char *b, size_t nb,
                        const sx_word_sum *sb, const phon_costs *t)
{
    if (!sa->fold || !sb->fold)
        return phonetic_score(a, na, b, nb, TOKEN_PHON_MIN, t);
    sx_phon_side s;
    phon_side_folded(&s, sb->fold, sb->flen, sb->groups, sb->kh);
    /* token_phon has settled the bounds on the same lengths and groups. */
    return phon_align(sa->fold, sa->flen, &s, TOKEN_PHON_MIN, t);
}

static float token_phon(const char *a, size_t na, const sx_word_sum *sa, const char *b, size_t nb,
                        const sx_word_sum *sb, size_t min_len, sx_phon_memo *memo,
                        const phon_costs *t)
{
    if (na < min_len || nb < min_len)
        return 0.0f;
    /* Unweighted: every letter of b weighs 1, so their sum is b's folded length. */
    float full = full_edit(t, sa->fold, sa->flen, sb->fold, sb->flen, sb->kh);
    if (phon_settled(sa->flen, sb->flen, sa->groups, sb->groups, (float)sb->flen, 1.0f, false,
                     TOKEN_PHON_MIN, full, t))
        return 0.0f;
    /* The same pair under the other costs is another entry. */
    uint64_t key = memo ? pair_key(sa->hash, sb->hash ^ costs_kind_of(t)) : 0;
    bool found = false;
    size_t at = memo ? memo_slot(memo, key, &found) : SIZE_MAX;
    if (found)
        return memo->slot[at].score;
    /* As phon_settled's: unweighted, the longer fold's length. */
    float allowed = (1.0f - TOKEN_PHON_MIN) * (float)(sa->flen > sb->flen ? sa->flen : sb->flen);
    bool settled = sb->fold && phon_settled_order(&sa->order, sa->flen, sb->fold, sb->flen, 1.0f,
                                                  allowed, full, t);
    float p = settled ? 0.0f : phon_words(a, na, sa, b, nb, sb, t);
    p = p > 0.0f ? 0.9f * p : 0.0f;
    if (memo)
        memo_put(memo, key, at, p);
    return p;
}

/* Letters that romanisations of the same name trade for each other (Osama / Usama,
 * Zelenskyy / Selenskyj, Gazprom / Gasprom, Qaddafi / Gaddafi): half an edit.  Vowels
 * far apart (a / o, a / i) stay full edits: Hirota is not Hirata. */
#define TP(c) (1u << ((c) - 'a'))
/* Per letter, its partners among the pairs ou ei iy jy ae vw fv sz ck kq gq cs jz, as
 * bits: the distance looks a pair up for every cell it fills, and a scan of the pairs
 * there cost more than the rest of the cell. */
static const uint32_t translit_partners[26] = {
    ['a' - 'a'] = TP('e'),           ['c' - 'a'] = TP('k') | TP('s'),
    ['e' - 'a'] = TP('i') | TP('a'), ['f' - 'a'] = TP('v'),
    ['g' - 'a'] = TP('q'),           ['i' - 'a'] = TP('e') | TP('y'),
    ['j' - 'a'] = TP('y') | TP('z'), ['k' - 'a'] = TP('c') | TP('q'),
    ['o' - 'a'] = TP('u'),           ['q' - 'a'] = TP('k') | TP('g'),
    ['s' - 'a'] = TP('z') | TP('c'), ['u' - 'a'] = TP('o'),
    ['v' - 'a'] = TP('w') | TP('f'), ['w' - 'a'] = TP('v'),
    ['y' - 'a'] = TP('i') | TP('j'), ['z' - 'a'] = TP('s') | TP('j'),
};
#undef TP

static bool translit_pair(char a, char b)
{
    unsigned x = (unsigned)(unsigned char)a - 'a', y = (unsigned)(unsigned char)b - 'a';
    return x < 26 && y < 26 && ((translit_partners[x] >> y) & 1u);
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Cost of a letter of s (n letters) at i that the other spelling lacks: a doubled
 * letter (Hassan / Hasan, Lindemann), an h after a consonant (Bashar / Basar), the k of
 * kh, which other romanisations and Hangul and katakana write h (Mikhail / Mihail,
 * 미하일, ミハイル; Sukhoi, 수호이), a y ending the word after a consonant (Russian -ий:
 * Vasily, Vasyl, Vasil), or a vowel beside another vowel of the word (Rouhani / Rohani,
 * Nooristani) costs half; others 1.  Only the word's own letters are read: a
 * word points into its name's compact form, where the next word's letters follow (until
 * 2026-12-07 the last vowel of Mohamedi cost half before Omar and 1 before Karim). */
static float translit_indel(const char *s, size_t n, size_t i)
{
    char c = s[i], prev = i > 0 ? s[i - 1] : 0, next = i + 1 < n ? s[i + 1] : 0;
    if (prev == c)
        return 0.5f;
    if (c == 'h' && prev && !is_vowel(prev))
        return 0.5f;
    if (c == 'k' && next == 'h')
        return 0.5f;
    if (c == 'y' && i + 1 == n && prev && !is_vowel(prev))
        return 0.5f;
    if (is_vowel(c) && (is_vowel(prev) || is_vowel(next)))
        return 0.5f;
    return 1.0f;
}

/* x written as ks (Alexander / Aleksandr, Maxim / Maksim: the Cyrillic кс romanised
 * letter by letter) or cs: half an edit, as a letter traded for another. */
#define X_AS_KS 0.5f
/* x, k, c and s in a letter set (letter_set): the letters one x for ks misses. */
#define X_KS_LETTERS                                                                       \
    ((1ull << ('x' & 63u)) | (1ull << ('k' & 63u)) | (1ull << ('c' & 63u)) |              \
     (1ull << ('s' & 63u)))

/* Whether s[i - 2..i) (i >= 2) is a ks or cs that the other spelling writes x. */
static inline bool ks_at(const char *s, size_t i)
{
    return s[i - 1] == 's' && (s[i - 2] == 'k' || s[i - 2] == 'c');
}

/* The rows of translit_distance once the bound has let the pair through; with x_as_ks a
 * constant at each call, so that the words without an x (nearly all) pay nothing for it. */
static inline __attribute__((always_inline)) float
translit_rows(const char *a, size_t na, const char *b, size_t nb, float max, bool x_as_ks)
{
    float rows[3][SX_COMPACT_MAX + 1], ins_b[SX_COMPACT_MAX];
    float *prev2 = rows[0], *prev = rows[1], *row = rows[2];
    float prev_low = 0.0f; /* the previous row's least cell */
    prev[0] = 0.0f;
    for (size_t j = 1; j <= nb; j++) {
        ins_b[j - 1] = translit_indel(b, nb, j - 1);
        prev[j] = prev[j - 1] + ins_b[j - 1];
    }
    for (size_t i = 1; i <= na; i++) {
        float del = translit_indel(a, na, i - 1), low;
        row[0] = prev[0] + del;
        low = row[0];
        for (size_t j = 1; j <= nb; j++) {
            char x = a[i - 1], y = b[j - 1];
            float v = prev[j - 1] + (x == y ? 0.0f : translit_pair(x, y) ? 0.5f : 1.0f);
            if (prev[j] + del < v)
                v = prev[j] + del;
            float ins = row[j - 1] + ins_b[j - 1];
            if (ins < v)
                v = ins;
            if (i > 1 && j > 1 && x == b[j - 2] && a[i - 2] == y && prev2[j - 2] + 1.0f < v)
                v = prev2[j - 2] + 1.0f;
            if (x_as_ks && x == 'x' && j > 1 && ks_at(b, j) && prev[j - 2] + X_AS_KS < v)
                v = prev[j - 2] + X_AS_KS;
            if (x_as_ks && y == 'x' && i > 1 && ks_at(a, i) && prev2[j - 1] + X_AS_KS < v)
                v = prev2[j - 1] + X_AS_KS;
            row[j] = v;
            if (v < low)
                low = v;
        }
        /* ks of a for an x of b steps from row i - 2 to row i: an alignment may pass over
         * one row, so only two rows past max in a row rule all out. */
        if (low > max && (!x_as_ks || prev_low > max))
            return max + 1.0f;
        prev_low = low;
        float *t = prev2;
        prev2 = prev;
        prev = row;
        row = t;
    }
    return prev[nb];
}

/* Edit distance with the costs above, optimal string alignment (a swap is one edit);
 * returns more than max as soon as every alignment costs more.  has_x: whether a or b may
 * have an x (x for ks is looked for only then). */
static float translit_distance(const char *a, size_t na, const char *b, size_t nb, float max,
                               bool has_x)
{
    if (na > SX_COMPACT_MAX)
        na = SX_COMPACT_MAX;
    if (nb > SX_COMPACT_MAX)
        nb = SX_COMPACT_MAX;
    /* Every edit here costs at least half a plain one, so a plain distance above twice
     * the allowance rules the pair out cheaply (most pairs of a query are unrelated); x
     * for ks, two plain edits for half a one, adds one for each x. */
    size_t plain_max = (size_t)(2.0f * max);
    for (size_t i = 0; has_x && i < na + nb; i++)
        plain_max += (i < na ? a[i] : b[i - na]) == 'x';
    if (sx_lev_bytes(a, na, b, nb, plain_max) > plain_max)
        return max + 1.0f;
    return has_x ? translit_rows(a, na, b, nb, max, true)
                 : translit_rows(a, na, b, nb, max, false);
}

/* Roman numerals (II, VII, XIII) number funds, vessels and series: they match exactly. */
static bool roman_numeral(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != 'i' && s[i] != 'v' && s[i] != 'x')
            return false;
    return n > 0;
}

#define INITIAL_SIM 0.7f /* an initial and a word starting with it (token_sim) */
#define NICKNAME_SIM 0.9f /* a given name and its nickname (nicknames.tsv) */
#define INITIALS_NAMED_SIM 0.85f /* a run of initials for the rest of a name (initials_pairs) */
#define INITIALS_NAME_MET 0.95f  /* ... beside a name word met as spelled or romanised */
#define INITIALS_MAX 4   /* letters of one word read as a run of initials (initials_pairs) */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* Whether a and b hold the same digits in the same order, when either is a number: a
 * number numbers a fund, a vessel or a series, and 13th is not 15th however close the
 * spellings. */
static bool same_number(const char *a, size_t na, const char *b, size_t nb)
{
    if (!sx_numeric_word(a, na) && !sx_numeric_word(b, nb))
        return true;
    size_t i = 0, j = 0;
    for (;;) {
        while (i < na && (a[i] < '0' || a[i] > '9'))
            i++;
        while (j < nb && (b[j] < '0' || b[j] > '9'))
            j++;
        if (i == na || j == nb)
            return i == na && j == nb;
        if (a[i++] != b[j++])
            return false;
    }
}

/* Letters (and digits) as a set of bits; letters sharing a bit only weaken the bound. */
static uint64_t letter_set(const char *s, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << ((unsigned char)s[i] & 63u);
    return m;
}

/* Bits set in m (without -mpopcnt the builtin is a library call). */
static size_t popcount64(uint64_t m)
{
    m = m - ((m >> 1) & 0x5555555555555555ull);
    m = (m & 0x3333333333333333ull) + ((m >> 2) & 0x3333333333333333ull);
    m = (m + (m >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (size_t)((m * 0x0101010101010101ull) >> 56);
}

/* A lower bound on the edits between a and b: the distinct letters of either word that
 * the other lacks, on the side that lacks more. */
static size_t letters_missing(uint64_t ma, uint64_t mb)
{
    size_t x = popcount64(ma & ~mb), y = popcount64(mb & ~ma);
    return x > y ? x : y;
}

/* variants: the query was written in Latin letters, so its spelling may be another
 * romanisation of the listed name; readings made here from kana or Hangul already come
 * in several romanisations and keep plain edit costs. */
/* ma and mb: the letter sets of a and b (letter_set), made once per word. */
static inline float token_sim(const char *a, size_t na, uint64_t ma, const char *b, size_t nb,
                              uint64_t mb, bool variants)
{
    if (na == nb && memcmp(a, b, na) == 0)
        return 1.0f;
    /* An initial stands for any word starting with it (A. Khamenei), weakly; a digit
     * is no initial (No. 3 is not No. 31). */
    if (((na == 1 && nb > 1 && b[0] == a[0]) || (nb == 1 && na > 1 && a[0] == b[0])) &&
        !all_digits(a, na) && !all_digits(b, nb))
        return INITIAL_SIM;
    if (roman_numeral(a, na) || roman_numeral(b, nb))
        return 0.0f;
    size_t longer = na > nb ? na : nb, budget = token_budget(na < nb ? na : nb);
    if (budget == 0) /* short words are often acronyms: TK is not TTK */
        return 0.0f;
    /* Most word pairs a query meets share few letters: every letter of one word that the
     * other lacks needs an edit of its own (a swap keeps the letters), each edit costing
     * at least half a plain one with the variant costs.  Settling those before the
     * quadratic distance changes no score.  (The distances cut words past
     * SX_COMPACT_MAX letters short, so those are left to them.)  Where an x may be a ks,
     * x, k, c and s are not counted: one such edit misses three of them. */
    bool has_x = variants && (((ma | mb) >> ('x' & 63u)) & 1u);
    uint64_t uncounted = has_x ? X_KS_LETTERS : 0;
    size_t missing = na <= SX_COMPACT_MAX && nb <= SX_COMPACT_MAX
                         ? letters_missing(ma & ~uncounted, mb & ~uncounted)
                         : 0;
    if ((variants ? 0.5f * (float)missing : (float)missing) > (float)budget)
        return 0.0f;
    float d;
    if (variants) {
        if ((d = translit_distance(a, na, b, nb, (float)budget, has_x)) > (float)budget)
            return 0.0f;
    } else {
        size_t e = sx_lev_bytes(a, na, b, nb, budget);
        if (e > budget)
            return 0.0f;
        d = (float)e;
    }
    /* Asked last: few pairs come this far, and every pair would have to scan its words. */
    if (!same_number(a, na, b, nb))
        return 0.0f;
    /* An edit costs more than its share: Nippo/Nippn must stay below the alert line. */
    float r = 1.0f - 1.5f * d / (float)longer;
    return r > 0.0f ? r : 0.0f;
}

/* Weight of candidate tokens left unmatched, relative to query tokens: a list entry that
 * says more than the query ("Foreign Trade Bank of the DPRK" for "Trade Bank") is
 * less damning than a query word the entry lacks. */
#define EXTRA_CANDIDATE_WEIGHT 0.5f
/* A query word the entry lacks counts more, but a middle name or patronymic left out of
 * a list entry (Vladimir Vladimirovich Putin) must not sink the match. */
#define EXTRA_QUERY_WEIGHT 0.75f
/* Particles (al, bin, van) and titles (Dr, Sheikh) are part of a name but tell little
 * about who is meant: "al" matching "al" must not carry AL-TIKRITI to AL-DULAIMI. */
#define PARTICLE_FACTOR 0.3f
#define TITLE_FACTOR 0.1f
/* A leftover patronymic, initial or repeated word, when the other name matched whole:
 * lists give or leave out these at will (Vladimir [Vladimirovich] Putin, Thomas [A.]
 * Lindemann).  Two different patronymics (Viktorovich / Ivanovich) still count fully. */
#define OPTIONAL_PART_FACTOR 0.2f
#define SURE_PAIR 0.8f /* a word pair this similar is the same name part */
/* A leftover word that says what an organisation is or does (holdings, industrial,
 * trading: data/terms/descriptors.tsv), when the other name matched whole in two or
 * more sure pairs, one of them a word that is not a descriptor: a company's English name
 * adds or drops such words at will (Hyundai Heavy Industries [Group]).  With one pair,
 * the name and its namesake in another trade or the holding of the group are as alike
 * as the name and itself; with descriptors alone, nothing says which one is meant
 * (International Business [Machines]). */
#define DESCRIPTOR_FACTOR 0.3f
#define DESCRIPTOR_PAIRS 2
/* A person's names beyond those the other side gives (Akhtar [Mohammad] Mansour [Shah
 * Mohammed]): a list writes a person's given, father's and tribal names, a contract two
 * of them.  Such a leftover name weighs PERSON_EXTRA_FACTOR when the list name is a
 * person's (sx_prep.person) and the other name matched whole in two or more sure pairs of
 * names, no unsure pair, no word of it left (particles included), and its first word
 * (the own given name, or the family name of FAMILY, Given) at one end of the other
 * (first_met).  A name before the given name is another person's (Qusay Saddam Hussein
 * al-Tikriti is Saddam Hussein al-Tikriti's son; Erik John Lee is not John Lee), and so
 * are the given names alone (Hector Manuel, of BELTRAN SANCHEZ, Hector Manuel).  Only
 * between names as spelled (query.c sets person only for a list name as published): a
 * reading of Han characters, Hangul or kana is made syllable by syllable, and a syllable
 * left over is part of a given name (宥辰 徐, read yu jin seo, is not YOO Jin). */
#define PERSON_EXTRA_FACTOR 0.3f
#define SOLE_WORD_MIN 5 /* letters of a one-word query that names an organisation alone */

#define ORDER_FACTOR 0.97f
/* Words paired across "son of" (bin, ibn, bint: name_words.tsv kind lineage), a person's
 * own name with a father's: another person (Salman bin Muhammad is not Muhammad bin
 * Salman), however alike the words. */
#define LINEAGE_SWAP_FACTOR 0.8f
/* A Korean person's given name read from its syllables (sx_prep.given_after_family) met
 * in another order in a list name: another person (최영준, read choe yong chun, is not
 * CHOE, Chun Yong).  Hangul writes a given name in the one order it is said, and the
 * lists keep it; a name in Latin letters may be written either way round, where
 * ORDER_FACTOR is all an order costs. */
#define GIVEN_SWAP_FACTOR 0.8f

/* The word of p's n that says "son of" or "daughter of" (name_words.tsv kind lineage)
 * when there is one, with words on both sides; else n.  A name of several generations
 * (Mehdi Ben Mohamed Ben Mohamed Kammoun), or whose family name holds one (AL BEN ALI,
 * Isa Ben Tarif), is read in more than one order by the lists: n. */
static size_t lineage_at(const sx_prep *p, size_t n)
{
    size_t at = n;
    for (size_t i = 0; p->kind && i < n; i++)
        if (p->kind[i] == SX_WORD_PARTICLE) {
            const char *k = sx_terms_name_word(p->tok[i], p->tlen[i]);
            if (k && strcmp(k, "lineage") == 0) {
                if (at < n)
                    return n;
                at = i;
            }
        }
    return at > 0 && at + 1 < n ? at : n;
}

/* Whether the paired words (pq[k] of q, pc[k] of c) exchange places across "son of": one
 * before it in q and after it in c, another after it in q and before it in c.  One word
 * alone may cross: a list writes the family name first (AL-RAWI, Salman bin Muhammad). */
static bool lineage_swapped(const sx_prep *q, size_t nq, const uint8_t *pq, const sx_prep *c,
                            size_t nc, const uint8_t *pc, size_t npairs)
{
    if (npairs < 2)
        return false;
    size_t lq = lineage_at(q, nq), lc = lq < nq ? lineage_at(c, nc) : nc;
    if (lq == nq || lc == nc)
        return false;
    bool forward = false, back = false;
    for (size_t k = 0; k < npairs; k++) {
        if (pq[k] == lq || pc[k] == lc)
            continue;
        forward |= pq[k] < lq && pc[k] > lc;
        back |= pq[k] > lq && pc[k] < lc;
    }
    return forward && back;
}

/* A word's weight in the alignment: its IDF weight, less for particles and titles. */
static float word_weight(const sx_prep *p, size_t i)
{
    uint8_t k = p->kind ? p->kind[i] : SX_WORD_NAME;
    return p->w[i] * (k == SX_WORD_PARTICLE ? PARTICLE_FACTOR
                      : k == SX_WORD_TITLE  ? TITLE_FACTOR
                                            : 1.0f);
}

/* Whether every word of a name that is not a particle or title found a partner. */
static bool covered(const sx_prep *p, const bool *used, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!used[i] && (!p->kind || p->kind[i] < SX_WORD_PARTICLE || p->kind[i] > SX_WORD_TITLE))
            return false;
    return true;
}

/* What the alignment says of the words left over on one side of it (leftover_weight). */
typedef struct leftover_rules {
    bool other_covered;      /* every word of the other name but particles and titles paired */
    size_t sure_pairs;       /* name and descriptor pairs of SURE_PAIR or more; SIZE_MAX once
                                a pair was less sure */
    size_t sure_names;       /* of them, pairs of name words */
    size_t descriptor_pairs; /* sure pairs a descriptor left over needs (DESCRIPTOR_PAIRS) */
    bool organisation;       /* names of an organisation: a country or region word left
                                over weighs as a descriptor (place_word) */
    bool person_extra;       /* a person's other names may weigh PERSON_EXTRA_FACTOR */
    bool *other_name;        /* set when one did */
    bool other_between;      /* ... and they all lie between the paired first and last
                                names, in the same order on both sides (other_between) */
    float other_heaviest;    /* then the heaviest of them, which weighs for them all */
} leftover_rules;

/* Whether word i of p names a country or a region (Iran, Deutschland, Europe): an
 * organisation's name adds one for a branch or a subsidiary (BANK MELLI IRAN, Rosneft
 * Deutschland GmbH, FABERLIC EUROPE) as it adds a descriptor, and drops it as freely. */
static bool place_word(const sx_prep *p, size_t i)
{
    return sx_country_word(p->tok[i], p->tlen[i]) != NULL;
}

/* The weight of a word left unmatched.  Patronymics, initials and repeated words are
 * optional parts of a personal name once the other name matched whole, with at least two
 * words (the given and the family name); descriptors of an organisation once it matched
 * whole in r->descriptor_pairs sure pairs, one of them of words that are not descriptors;
 * a person's other names once anchored (r->person_extra: PERSON_EXTRA_FACTOR). */
static float leftover_weight(const sx_prep *p, size_t i, leftover_rules *r)
{
    uint8_t k = p->kind ? p->kind[i] : SX_WORD_NAME;
    bool initial = p->tlen[i] == 1 && p->tok[i][0] >= 'a' && p->tok[i][0] <= 'z';
    bool optional = k == SX_WORD_PATRONYMIC || k == SX_WORD_REPEAT || initial;
    bool names_sure = r->other_covered && r->sure_pairs != SIZE_MAX;
    if (optional && names_sure && r->sure_pairs >= 2)
        return word_weight(p, i) * OPTIONAL_PART_FACTOR;
    bool may_drop = names_sure && r->sure_pairs >= r->descriptor_pairs && r->sure_names >= 1;
    if (may_drop && (k == SX_WORD_DESCRIPTOR ||
                     (k == SX_WORD_NAME && r->organisation && place_word(p, i))))
        return word_weight(p, i) * DESCRIPTOR_FACTOR;
    if (k == SX_WORD_NAME && r->person_extra && names_sure && r->sure_names >= 2) {
        *r->other_name = true;
        float w = word_weight(p, i) * PERSON_EXTRA_FACTOR;
        if (!r->other_between)
            return w;
        if (w > r->other_heaviest)
            r->other_heaviest = w;
        return 0.0f; /* the heaviest weighs for them all (token_score) */
    }
    return word_weight(p, i);
}

/* The first (or the last) word of a name that is a name word, not a particle, title or
 * other part; SIZE_MAX when there is none. */
static size_t outer_name_word(const sx_prep *p, size_t n, bool last)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = last ? n - 1 - k : k;
        if (!p->kind || p->kind[i] == SX_WORD_NAME)
            return i;
    }
    return SIZE_MAX;
}

/* Whether p (of np words: the query, or for a list name searched for in a register the
 * party's name) is one word, the query as spelled, of SOLE_WORD_MIN letters or more,
 * that a word of the other spells exactly: then it names the organisation alone, as a
 * contract's short name does (Huawei for Huawei Technology Co. Ltd.), and the list
 * name's descriptors weigh DESCRIPTOR_FACTOR beside that one pair.  Shorter, it is an
 * acronym that names many (BP for LLC BP INZHINIRING); with more words, or the query's
 * own descriptors against a listed word, DESCRIPTOR_PAIRS hold (Fixstars Investment is
 * not the listed Fixstars). */
static bool sole_word(const sx_prep *q, const sx_prep *p, size_t np, size_t npairs,
                      float pair_sim)
{
    return q->spelled && np == 1 && npairs == 1 && p->tlen[0] >= SOLE_WORD_MIN &&
           pair_sim >= 1.0f;
}

/* Whether every word of a name but its titles found a partner, particles too (KO TAE BIN
 * has not matched KO TAE HUN whole: bin may be a particle or a name). */
static bool all_paired(const sx_prep *p, const bool *used, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!used[i] && (!p->kind || p->kind[i] != SX_WORD_TITLE))
            return false;
    return true;
}

/* Whether the first name word of l, the name with words left over, met the first or the
 * last name word of s: its given name in the order of the name, or the family name of a
 * list's "FAMILY, Given" (RYAN, John Michael for John Ryan).  pl and ps are the aligned
 * pairs' word numbers in l and s. */
static bool first_met(const sx_prep *l, size_t nl, const uint8_t *pl, const sx_prep *s,
                      size_t ns, const uint8_t *ps, size_t npairs)
{
    size_t lf = outer_name_word(l, nl, false);
    size_t sf = outer_name_word(s, ns, false), sl = outer_name_word(s, ns, true);
    for (size_t a = 0; a < npairs; a++)
        if (pl[a] == lf && (ps[a] == sf || ps[a] == sl))
            return true;
    return false;
}

/* Where word i of p (of n words) stands in the order the name is said: a list's FAMILY,
 * Given says its given names first (sx_prep.family_words); any other name as written. */
static size_t spoken_at(const sx_prep *p, size_t n, size_t i)
{
    size_t f = p->family_words;
    if (f == 0 || f >= n)
        return i;
    return i >= f ? i - f : i + (n - f);
}

/* The first (or the last) name word of p in the order it is said (spoken_at), as
 * outer_name_word; SIZE_MAX when there is none. */
static size_t outer_spoken_word(const sx_prep *p, size_t n, bool last)
{
    if (p->family_words == 0 || p->family_words >= n)
        return outer_name_word(p, n, last);
    size_t best = SIZE_MAX, at = 0;
    for (size_t i = 0; i < n; i++) {
        if (p->kind && p->kind[i] != SX_WORD_NAME)
            continue;
        size_t pos = spoken_at(p, n, i);
        if (best == SIZE_MAX || (last ? pos > at : pos < at)) {
            best = i;
            at = pos;
        }
    }
    return best;
}

/* Whether the words l has left over all lie between its first and last name words as
 * said, both paired, and the pairs keep their order on both sides: the names a contract
 * leaves out of AISHA MUAMMAR MUHAMMED ABU MINYAR QADHAFI when it writes Aisha Qadhafi,
 * or of AL-HARBI, Nasir Muhammad 'Awad al-Ghidani when it writes Nasir al-Harbi.  They
 * are then one omission, weighing as the heaviest of them: four names left out are not
 * four times as telling as one.  Not when a pair crossed as said, or a word is left over
 * at an end (James Brown for BROWN DE JAIMES, Hilda Araceli; Janet Diaz for DIAZ FLORES,
 * Nahima Janett, said Nahima Janett Diaz Flores): which names are whose is then a guess.
 * crossed: whether two pairs are in another order as said (pairs_crossed). */
static bool other_between(const sx_prep *l, size_t nl, const uint8_t *pl, size_t npairs,
                          bool crossed)
{
    size_t lf = outer_spoken_word(l, nl, false), ll = outer_spoken_word(l, nl, true);
    bool first = false, last = false;
    for (size_t a = 0; a < npairs; a++) {
        first |= pl[a] == lf;
        last |= pl[a] == ll;
    }
    return !crossed && first && last && lf != SIZE_MAX &&
           spoken_at(l, nl, lf) < spoken_at(l, nl, ll);
}

/* Whether two words of a person's given name, read from syllables after the family
 * name (q->given_after_family), are paired with c's words in another order as c's are
 * said (spoken_at: CHOE, Chun Yong is said Chun Yong Choe; its loanword reading as
 * written).  pq and pc as for pairs_crossed. */
static bool given_swapped(const sx_prep *q, const uint8_t *pq, const sx_prep *c, size_t nc,
                          const uint8_t *pc, size_t npairs)
{
    if (!q->given_after_family)
        return false;
    for (size_t a = 0; a + 1 < npairs; a++)
        for (size_t b = a + 1; b < npairs; b++)
            if (pq[a] > 0 && pq[b] > 0 &&
                (pq[a] < pq[b]) != (spoken_at(c, nc, pc[a]) < spoken_at(c, nc, pc[b])))
                return true;
    return false;
}

/* Whether two of the aligned pairs (pq[k] of the query q, pc[k] of the list name c) are
 * in another order on the two sides as written (*written), and also as said (*said: John
 * Ryan is RYAN, John in the order a contract writes it; spoken_at). */
static void pairs_crossed(const sx_prep *q, size_t nq, const uint8_t *pq, const sx_prep *c,
                          size_t nc, const uint8_t *pc, size_t npairs, bool *written, bool *said)
{
    bool reordered = q->family_words || c->family_words, as_written = false, as_said = false;
    for (size_t a = 0; a + 1 < npairs; a++)
        for (size_t b = a + 1; b < npairs; b++) {
            as_written |= (pq[a] < pq[b]) != (pc[a] < pc[b]);
            if (reordered)
                as_said |= (spoken_at(q, nq, pq[a]) < spoken_at(q, nq, pq[b])) !=
                           (spoken_at(c, nc, pc[a]) < spoken_at(c, nc, pc[b]));
        }
    *written = as_written;
    *said = as_written && (!reordered || as_said); /* in order as written: as said too */
}

#define LOOSE_VOWELS_MIN 6 /* letters of both words for loose vowels (loose) */
#define JOIN_SEAM 1     /* letters each side of a join a spelled word must spell alike */
#define JOIN_WORD_MIN 3 /* ... when both words have three or more: a particle, an initial
                           or a number joins as it may (Abd al / Abdul, Victory 3) */

/* Spells the n words of b from j as one into joined (room for them and a NUL). */
static bool join_words(char *joined, const sx_prep *b, size_t j, size_t n)
{
    size_t l = 0;
    for (size_t k = j; k < j + n; l += b->tlen[k++])
        memcpy(joined + l, b->tok[k], b->tlen[k]);
    /* The variant costs look at the letter after a word's last (translit_indel): here
     * there is none, not whatever the stack held. */
    joined[l] = '\0';
    return true;
}

/* Whether token_sim of a word (la letters, letter set ma) and a join (lj, mj) is 0 by
 * its checks on lengths and letter sets alone: the two cannot be the same word or an
 * initial and its word, and the join is beyond the edit budget (or its letters alone
 * need more edits than the budget allows). */
static bool join_sim_zero(size_t la, uint64_t ma, size_t lj, uint64_t mj, bool variants)
{
    if (la == 1 || lj == 1 || (la == lj && ma == mj))
        return false;
    size_t budget = token_budget(la < lj ? la : lj);
    if (budget == 0)
        return true;
    size_t missing = la <= SX_COMPACT_MAX && lj <= SX_COMPACT_MAX ? letters_missing(ma, mj) : 0;
    return (variants ? 0.5f * (float)missing : (float)missing) > (float)budget;
}

/* Whether word a (la letters), written in Latin letters, spells the join of the n words
 * of b from j as each meets the next: the last JOIN_SEAM letters of the one and the first
 * of the other.  Words that only nearly join are two words that happen to resemble one: Micron
 * Technology is not microtechnology, whose n is missing right where the words meet,
 * while Andrang Heta is 'Ndrangheta with a letter of difference far from it.  (A reading
 * romanised from another script may spell a join otherwise: myeongsin / myoung shin.) */
static bool join_spelled(const char *a, size_t la, const sx_prep *b, size_t j, size_t n)
{
    for (size_t k = j; k + 1 < j + n; k++) {
        size_t l1 = b->tlen[k], l2 = b->tlen[k + 1];
        if (l1 < JOIN_WORD_MIN || l2 < JOIN_WORD_MIN)
            continue;
        char at[2 * JOIN_SEAM];
        memcpy(at, b->tok[k] + l1 - JOIN_SEAM, JOIN_SEAM);
        memcpy(at + JOIN_SEAM, b->tok[k + 1], JOIN_SEAM);
        if (!memmem(a, la, at, sizeof at))
            return false;
    }
    return true;
}

/* Whether the one word of a or b spells every join of the other's words (join_spelled),
 * for the comparison of the two as wholes. */
static bool joins_spelled(const sx_prep *a, const sx_prep *b)
{
    const sx_prep *one = a->ntok == 1 ? a : b, *many = one == a ? b : a;
    size_t n = many->ntok < SX_PREP_MAX_TOKENS ? many->ntok : SX_PREP_MAX_TOKENS;
    for (size_t j = 0; j + 1 < n; j++)
        if (!join_spelled(one->compact, one->clen, many, j, 2))
            return false;
    return true;
}

/* Whether words a and b start with sounds that no two romanisations write for one
 * (phon_sub a full edit: p / d, y / s; not k / g, ch / j, r / l, or two vowels). */
static bool other_sounds(const char *a, size_t na, const char *b, size_t nb)
{
    return na && nb && phon_sub(a[0], b[0]) >= 1.0f;
}

/* What the word pairs of an alignment say of its leftovers (leftover_rules). */
typedef struct pair_tally {
    size_t sure_pairs; /* name and descriptor pairs of SURE_PAIR or more; SIZE_MAX once a
                          pair was less sure */
    size_t sure_names; /* of them, pairs of name words */
} pair_tally;

/* Counts a pair of similarity sim whose query word is of kind k. */
static void tally_pair(pair_tally *t, uint8_t k, float sim)
{
    if (k == SX_WORD_NAME || k == SX_WORD_DESCRIPTOR)
        t->sure_pairs = sim >= SURE_PAIR && t->sure_pairs != SIZE_MAX ? t->sure_pairs + 1
                                                                      : SIZE_MAX;
    if (k == SX_WORD_NAME && sim >= SURE_PAIR)
        t->sure_names++;
}

/* The value of word w[0, n) when it is a number in Roman numerals of I, V and X, as
 * funds, ships and a series' companies are numbered (Partners VII, Company Ⅷ, which
 * the normalisation spells VIII), in the one form each value is written (4 is iv, not
 * iiii), else 0.  Up to 39: L, C, D and M are as often initials or words (LI, CD, MD);
 * and not I alone, a word and a reading of the surname 이 (李 read kang song i is not the
 * vessel KANG SONG 1). */
#define ROMAN_MAX 39
#define ROMAN_MAX_LETTERS 7 /* xxxviii */
static unsigned roman_value(const char *w, size_t n)
{
    static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    if (n == 0 || n > ROMAN_MAX_LETTERS || (n == 1 && w[0] == 'i'))
        return 0;
    /* Read with the subtractive rule, then kept only if written in the one form. */
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = w[i] == 'i' ? 1 : w[i] == 'v' ? 5 : w[i] == 'x' ? 10 : 0;
        unsigned e = i + 1 < n ? (w[i + 1] == 'v' ? 5 : w[i + 1] == 'x' ? 10 : 1) : 0;
        if (d == 0)
            return 0;
        v = d < e ? v - d : v + d;
    }
    if (v == 0 || v > ROMAN_MAX)
        return 0;
    char form[ROMAN_MAX_LETTERS + 1];
    size_t tens = v / 10, lone = strlen(ones[v % 10]);
    if (tens + lone != n)
        return 0;
    memset(form, 'x', tens);
    memcpy(form + tens, ones[v % 10], lone);
    return memcmp(form, w, n) == 0 ? v : 0;
}

/* The digits of word w[0, n) when it is a number, in digits, in English words (2nd,
 * second and 2 are 2; forty four, the two words as one string, 44) or in Roman numerals
 * (vii is 7), else NULL (sx_terms_number, roman_value).  buf holds 32 bytes. */
static const char *number_digits(const char *w, size_t n, char *buf)
{
    size_t o = 0;
    if (!(w[0] >= '0' && w[0] <= '9')) {
        unsigned roman = roman_value(w, n);
        if (roman) { /* one or two digits */
            size_t d = 0;
            if (roman >= 10)
                buf[d++] = (char)('0' + roman / 10);
            buf[d++] = (char)('0' + roman % 10);
            buf[d] = '\0';
            return buf;
        }
        if (!(w = sx_terms_number(w, n)))
            return NULL;
        n = strlen(w);
    }
    while (o < n && o < 31 && w[o] >= '0' && w[o] <= '9')
        buf[o] = w[o], o++;
    buf[o] = '\0';
    /* Digits, or digits and an ordinal's letters (1st, 44th): not a code (16b, a16). */
    return o == n || (o + 2 == n && sx_ordinal_suffix(w + o)) ? buf : NULL;
}

/* Whether word i of a, in digits (the caller tells), is the number words j and j + 1 of
 * b spell (44 / forty four, 44th / forty fourth): a number of two words, which no one
 * word of it meets (same_numbers). */
static bool number_in_two_words(const sx_prep *a, size_t i, const sx_prep *b, size_t j)
{
    char ad[32], bd[32], words[64];
    size_t l1 = b->tlen[j], l2 = b->tlen[j + 1];
    if (l1 + l2 + 1 >= sizeof words)
        return false;
    const char *digits = number_digits(a->tok[i], a->tlen[i], ad);
    memcpy(words, b->tok[j], l1);
    words[l1] = ' ';
    memcpy(words + l1 + 1, b->tok[j + 1], l2);
    const char *spelled = digits ? number_digits(words, l1 + l2 + 1, bd) : NULL;
    return spelled && strcmp(spelled, digits) == 0;
}

/* Notes, for an explanation (sx_prep.trace of the query's side), that words [i, i + an)
 * of a met words [j, j + bn) of b at sim, as how says (SX_PAIR_*).  a_query: a is the
 * query. */
static void trace_pair(const sx_prep *a, size_t i, size_t an, const sx_prep *b, size_t j,
                       size_t bn, float sim, int how, bool a_query)
{
    sx_sim_trace *t = a_query ? a->trace : b->trace;
    if (!t || t->n >= SX_PREP_MAX_TOKENS)
        return;
    sx_sim_pair p = {(uint8_t)i, (uint8_t)an, (uint8_t)j, (uint8_t)bn, (uint8_t)how, sim};
    if (!a_query)
        p = (sx_sim_pair){(uint8_t)j, (uint8_t)bn, (uint8_t)i, (uint8_t)an, (uint8_t)how, sim};
    t->pair[t->n++] = p;
}

/* Pairs word i of a with the n words of b from j, joined, at similarity sim, met as how
 * says (SX_PAIR_*, for an explanation). */
static void pair_joined(const sx_prep *a, size_t i, const sx_prep *b, size_t j, size_t n,
                        float sim, int how, bool *aused, bool *bused, float *num, float *den,
                        bool a_query, pair_tally *pairs)
{
    aused[i] = true;
    trace_pair(a, i, 1, b, j, n, sim, how, a_query);
    const sx_prep *qside = a_query ? a : b;
    size_t qword = a_query ? i : j;
    tally_pair(pairs, qside->kind ? qside->kind[qword] : SX_WORD_NAME, sim);
    /* The joined side weighs as one word: its rarest part. */
    float wb = 0.0f;
    for (size_t k = j; k < j + n; k++) {
        bused[k] = true;
        float wk = word_weight(b, k);
        wb = wk > wb ? wk : wb;
    }
    float w = word_weight(a, i) + wb;
    *num += sim * w;
    *den += w;
}

static size_t count_unused(const bool *used, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !used[i];
    return k;
}

/* Whether one of the npairs word pairs (pq, pc) pairs a query name word of two letters
 * or more, not a country's name, met as spelled or romanised (INITIALS_NAME_MET): by
 * sound alone, 사이언스 saieonseu ~ SCIENCE does not make HL the initials of HLB LIFE. */
static bool named_pair(const sx_prep *q, const uint8_t *pq, const uint8_t *pc, size_t npairs,
                       float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    for (size_t k = 0; k < npairs; k++) {
        size_t i = pq[k];
        if (sim[i][pc[k]] >= INITIALS_NAME_MET && q->tlen[i] >= 2 &&
            (!q->kind || q->kind[i] == SX_WORD_NAME) && !((q->places >> i) & 1u))
            return true;
    }
    return false;
}

/* A run of initials written as one word and left over on one side (G. W. Bush, which
 * the analysis joins as "gw"; JC Juncker), against as many words left over in a row on
 * the other that start with its letters (George Walker, Jean Claude): each letter an
 * initial of its word, paired and weighed as a lone initial is in the alignment (its own
 * weight on both sides, here the run's or the word's if less; the rest of the word's as a
 * word left over).  a_query: a is the query.
 *
 * named: the query is an organisation's name whose letters are letters (not syllables),
 * and one of its name words was met as spelled or romanised (named_pair).  Then a run
 * standing for all the list words left, with no other query word left, is the firm's
 * own short name for the rest of its name (SM C&C, SM Culture & Contents; 교촌에프앤비,
 * KYOCHON FOOD&BEVERAGE; キョウドウピーアール, KYODO PUBLIC RELATIONS): its letters weigh
 * INITIALS_NAMED_SIM, not INITIAL_SIM.  Not a list name's run against the query's words
 * (AP HOLDINGS is no initials of アイペットホールディングス), nor a person's (G. W. Bush),
 * nor against a list name's loanword reading, whose words are not the list's as written
 * (シーズ read cs is no initials of CHUOKEIZAI-SHA read chuokizai sha). */
static void initials_pairs(const sx_prep *a, bool *aused, size_t na, const sx_prep *b,
                           bool *bused, size_t nb, float *num, float *den, bool a_query,
                           bool named, pair_tally *pairs)
{
    named = named && count_unused(aused, na) == 1;
    size_t b_left = named ? count_unused(bused, nb) : 0;
    for (size_t i = 0; i < na; i++) {
        size_t k = a->tlen[i];
        const char *t = a->tok[i];
        if (aused[i] || k < 2 || k > INITIALS_MAX || k > nb ||
            (a->kind && a->kind[i] != SX_WORD_NAME))
            continue;
        bool letters = true;
        for (size_t m = 0; m < k; m++)
            letters = letters && t[m] >= 'a' && t[m] <= 'z';
        for (size_t j = 0; letters && j + k <= nb; j++) {
            size_t m = 0;
            while (m < k && !bused[j + m] && b->tlen[j + m] > 1 && b->tok[j + m][0] == t[m])
                m++;
            if (m < k)
                continue;
            aused[i] = true;
            float sim = named && b_left == k ? INITIALS_NAMED_SIM : INITIAL_SIM;
            trace_pair(a, i, 1, b, j, k, sim, SX_PAIR_SPELLING, a_query);
            const sx_prep *qside = a_query ? a : b;
            float wa = word_weight(a, i);
            float extra = a_query ? EXTRA_CANDIDATE_WEIGHT : EXTRA_QUERY_WEIGHT; /* b's rest */
            for (m = 0; m < k; m++) {
                bused[j + m] = true;
                size_t qword = a_query ? i : j + m;
                tally_pair(pairs, qside->kind ? qside->kind[qword] : SX_WORD_NAME, INITIAL_SIM);
                float wf = word_weight(b, j + m), wi = wa < wf ? wa : wf;
                *num += sim * 2.0f * wi;
                *den += 2.0f * wi + 2.0f * extra * (wf - wi);
            }
            break;
        }
    }
}

/* token_sim of word i of a and the n words of b from k spelled as one (into joined, room
 * for them and a NUL), or 0 when their lengths and letter sets alone rule it out;
 * *spelled says whether joined was written. */
static float join_token_sim(const sx_prep *a, const sx_sim_words *aw, size_t i, const sx_prep *b,
                            const sx_sim_words *bw, size_t k, size_t n, bool variants,
                            char *joined, bool *spelled)
{
    size_t la = a->tlen[i], lk = 0;
    uint64_t mj = 0;
    for (size_t w = k; w < k + n; w++) {
        lk += b->tlen[w];
        mj |= bw->word[w].set;
    }
    *spelled = false;
    if (join_sim_zero(la, aw->word[i].set, lk, mj, variants))
        return 0.0f;
    *spelled = join_words(joined, b, k, n);
    return token_sim(a->tok[i], la, aw->word[i].set, joined, lk, mj, variants);
}

/* A comparison's words that are two romanisations of one language: a join of two of
 * one side's with one of the other's is met by spelling only when all three are
 * (native_join, native_word). */
typedef struct native_words {
    const sx_prep *q, *c, *as_spelled; /* the comparison (token_score) */
    const sx_sim_words *qw;
    sx_sim_list *l;
    bool *other_word; /* token_score's (set by merge_pairs: other_korean_glued) */
    uint32_t q_tense, c_tense; /* against a Korean loanword reading: bit t, word t has a
                                  tense consonant (colloquial_loans) */
} native_words;

static bool native_word(const native_words *nw, bool query_side, size_t t);
static bool other_pinyin_run(const char *q, size_t nq, const char *c, size_t nc);
static float colloquial_sim(const char *x, size_t nx, const char *y, size_t ny);
static bool colloquial_worth(const native_words *nw, bool a_query, size_t i, uint64_t aset,
                             uint64_t bset, size_t j, bool closes);
static bool ends_epenthetic(const char *w, size_t n);
static bool other_korean_join(size_t i, size_t j, size_t n, bool a_query,
                              const native_words *nw);
#define OTHER_KOREAN_SIM 0.5f

/* Whether word i of a against the n words of b from j joined is to be met by spelling
 * only (a_query: a is the query).  As single words are met (token_score). */
static bool native_join(size_t i, size_t j, size_t n, bool a_query, const native_words *nw)
{
    bool native = native_word(nw, a_query, i);
    for (size_t k = j; native && k < j + n; k++)
        native = native_word(nw, !a_query, k);
    return native;
}

/* The similarity of part [from, to) of word a with word b (nb letters): the share of
 * the longer's letters not edited (no edit budget: a short part a letter off is still
 * mostly its word, ino / INNO), or on sounds if that is more. */
static float part_sim(const char *a, size_t from, size_t to, const char *b, size_t nb,
                      bool sound, const phon_costs *t)
{
    size_t n = to - from, longer = n > nb ? n : nb;
    float sim = 1.0f - (float)sx_lev_bytes(a + from, n, b, nb, longer) / (float)longer;
    if (sound && sim < 1.0f) {
        float p = 0.9f * phonetic_score(a + from, n, b, nb, TOKEN_PHON_MIN, t);
        sim = p > sim ? p : sim;
    }
    return sim;
}

#define JOIN_CUT_SLACK 2 /* letters either side of where a's word is cut, tried too */

/* The best weighed sum of part_sim over the cuts of letters [from, la) of word w into n
 * parts against the n words of b from j (weights: word_weight), each cut where b's word
 * would end or the next begin, give or take JOIN_CUT_SLACK letters; every part holds a
 * letter or more.  Or the first sum of stop or more found. */
static float parts_sum(const char *w, size_t from, size_t la, const sx_prep *b, size_t j,
                       size_t n, bool sound, const phon_costs *t, float stop)
{
    float wj = word_weight(b, j);
    if (n == 1)
        return wj * part_sim(w, from, la, b->tok[j], b->tlen[j], sound, t);
    size_t rest = 0; /* the letters of b's words after j */
    for (size_t k = j + 1; k < j + n; k++)
        rest += b->tlen[k];
    size_t ends = from + b->tlen[j], begins = la > rest ? la - rest : from;
    size_t lo = ends < begins ? ends : begins, hi = ends < begins ? begins : ends;
    lo = lo > from + JOIN_CUT_SLACK ? lo - JOIN_CUT_SLACK : from + 1;
    hi = hi + JOIN_CUT_SLACK + n - 1 <= la ? hi + JOIN_CUT_SLACK : la - (n - 1);
    float best = 0.0f;
    for (size_t c = lo; c <= hi && best < stop; c++) {
        float v = wj * part_sim(w, from, c, b->tok[j], b->tlen[j], sound, t) +
                  parts_sum(w, c, la, b, j + 1, n - 1, sound, t, INFINITY);
        best = v > best ? v : best;
    }
    return best;
}

/* Word i of a against the n words of b from j joined, part by part (parts_sum), the
 * parts weighed as their words are: the best cut, or cap if that is less.  A join's
 * letters are mostly those of a common word (holdings, group): ヤマダ|ホールディングス
 * (yamadahorudingusu) is two letters from yamano horudingusu and met YAMANO HOLDINGS at
 * 0.82, though yamada and yamano, the words that tell the two firms apart, are two
 * names.  A join's similarity is at most this (merge_pairs, joined_instead, join3_sim);
 * sound: the parts are compared on sounds too (with t), as a reading compared so is. */
static float join_parts_sim(const sx_prep *a, size_t i, const sx_prep *b, size_t j, size_t n,
                            bool sound, const phon_costs *t, float cap)
{
    size_t la = a->tlen[i];
    float weights = 0.0f;
    for (size_t k = j; k < j + n; k++) {
        /* A particle or an initial joins as it may (Abd al / Abdul). */
        if (b->tlen[k] < JOIN_WORD_MIN)
            return cap;
        weights += word_weight(b, k);
    }
    /* Nor is a word cut that is no longer than b's last. */
    if (la <= b->tlen[j + n - 1] || weights <= 0.0f)
        return cap;
    /* By letters first: the sounds, which cost more, only where the letters fall short. */
    float stop = cap * weights, sum = parts_sum(a->tok[i], 0, la, b, j, n, false, t, stop);
    if (sound && sum < stop)
        sum = parts_sum(a->tok[i], 0, la, b, j, n, true, t, stop);
    return sum >= stop ? cap : fminf(cap, sum / weights);
}

#define JOIN3_LETTERS 9 /* letters of a query word that three list words may make */

static void word_sum(sx_word_sum *s, char *f, const char *w, size_t n);

/* Word i of the query a against words j, j + 1 and j + 2 of b run together, none of them
 * used (bused), a number or shorter than JOIN_WORD_MIN: a name of three words written
 * as one (미래에셋비전 read miraeesetbijeon, Mirae Asset Vision read in Korean mirae eset
 * bijon), of which a join of two leaves a word over.  Met as merge_pairs meets two words
 * joined, by spelling, or on sounds unless every word is native (native_join); *how
 * says which (SX_PAIR_*).  Returns 0 when they do not meet. */
static float join3_sim(const sx_prep *a, const sx_sim_words *aw, size_t i, const sx_prep *b,
                       const sx_sim_words *bw, size_t j, const bool *bused, size_t phon,
                       bool variants, sx_phon_memo *memo, const phon_costs *t,
                       const native_words *nw, int *how)
{
    char joined[128];
    size_t la = a->tlen[i], lj = 0;
    *how = SX_PAIR_SPELLING;
    if (la < JOIN3_LETTERS)
        return 0.0f;
    for (size_t k = j; k < j + 3; k++) {
        bool digit = b->tok[k][0] >= '0' && b->tok[k][0] <= '9';
        if (bused[k] || b->tlen[k] < JOIN_WORD_MIN || digit)
            return 0.0f;
        lj += b->tlen[k];
    }
    size_t gap = la > lj ? la - lj : lj - la, l0 = b->tlen[j];
    if (lj >= sizeof joined || gap > (la + lj) / 3 || l0 >= la)
        return 0.0f;
    /* The first of the three opens the query's word as spelled, give or take a word's
     * edits: on sounds, the words every financial group has made オキナワフィナンシャル
     * グループ (okinawafinansharugurupu) YOKOHAMA FINANCIAL GROUP at 0.81. */
    if (token_sim(a->tok[i], l0, letter_set(a->tok[i], l0), b->tok[j], l0, bw->word[j].set,
                  variants) <= 0.0f)
        return 0.0f;
    bool spelled;
    float sim = join_token_sim(a, aw, i, b, bw, j, 3, variants, joined, &spelled);
    if (sim > 0.0f && variants && sim < 1.0f && !join_spelled(a->tok[i], la, b, j, 3))
        return 0.0f;
    if (sim <= 0.0f && lj >= phon && !native_join(i, j, 3, true, nw)) {
        if (!spelled)
            join_words(joined, b, j, 3);
        sx_word_sum sum;
        char fold[2 * SX_COMPACT_MAX + 1];
        word_sum(&sum, fold, joined, lj);
        sim = token_phon(a->tok[i], la, &aw->word[i], joined, lj, &sum, phon, memo, t);
        *how = SX_PAIR_SOUND;
    }
    if (sim > 0.0f && sim < 1.0f)
        sim = join_parts_sim(a, i, b, j, 3, true, t, sim);
    if (sim > OTHER_KOREAN_SIM && other_korean_join(i, j, 3, true, nw)) {
        sim = OTHER_KOREAN_SIM;
        *how = SX_PAIR_OTHER_KOREAN;
    }
    return sim;
}

/* A token left over on one side against two adjacent leftovers on the other, joined
 * ("wonbong" / "won bong", "jscargument" / "jsc argument"); syllables: the query is a
 * reading of syllables, whose words are not joined into others (other_syllables).
 * a_query: a is the query (else b is).  A joined pair is a pair like any other for the
 * leftovers (pairs): 동일제강 read "dongil steel" has matched DONG IL STEEL MFG in two
 * sure pairs, and the descriptor left over weighs as it would beside Dongil Steel. */
static void merge_pairs(const sx_prep *a, const sx_sim_words *aw, const sx_prep *b,
                        const sx_sim_words *bw, bool *aused, bool *bused, size_t na, size_t nb,
                        float *num, float *den, size_t phon, bool variants, bool syllables,
                        sx_phon_memo *memo, const phon_costs *t, bool a_query,
                        const native_words *nw, pair_tally *pairs)
{
    for (size_t i = 0; i < na; i++) {
        if (aused[i])
            continue;
        bool number = a->tok[i][0] >= '0' && a->tok[i][0] <= '9';
        size_t two = SIZE_MAX; /* the first two of b's words joined that meet word i */
        float two_sim = 0.0f;
        int two_how = SX_PAIR_SPELLING;
        for (size_t j = 0; j + 1 < nb; j++) {
            if (bused[j] || bused[j + 1])
                continue;
            /* Nor joined into another syllable (yongil / Song Il: other_syllables). */
            if (syllables && other_sounds(a->tok[i], a->tlen[i], b->tok[j], b->tlen[j]))
                continue;
            if (number && number_in_two_words(a, i, b, j)) {
                pair_joined(a, i, b, j, 2, 1.0f, SX_PAIR_SPELLING, aused, bused, num, den,
                            a_query, pairs);
                break;
            }
            char joined[128];
            size_t l1 = b->tlen[j], l2 = b->tlen[j + 1], la = a->tlen[i];
            size_t budget = token_budget(la < l1 + l2 ? la : l1 + l2);
            size_t gap = la > l1 + l2 ? la - l1 - l2 : l1 + l2 - la;
            /* Phonetic joins allow the length gap vowels and a silent r explain. */
            if (l1 + l2 >= sizeof joined || gap > (phon && la >= 8 ? (la + l1 + l2) / 3 : budget))
                continue;
            /* The join is spelled out only when a comparison reads its letters. */
            bool spelled;
            float sim = join_token_sim(a, aw, i, b, bw, j, 2, variants, joined, &spelled);
            if (spelled && variants && sim < 1.0f && !join_spelled(a->tok[i], la, b, j, 2))
                continue; /* nor one by its sounds */
            /* Phonetic joins only for long compounds (クリングルファーマ): they are costly.
             * Not of a join shorter than phon, which token_phon refuses and words_make
             * leaves unsummarised. */
            int how = SX_PAIR_SPELLING;
            if (phon && sim <= 0.0f && la >= 8 && l1 + l2 >= phon &&
                !native_join(i, j, 2, a_query, nw)) {
                if (!spelled && (!aw->word[i].fold || !bw->join[j].fold))
                    spelled = join_words(joined, b, j, 2);
                float p = token_phon(a->tok[i], a->tlen[i], &aw->word[i], joined, l1 + l2,
                                     &bw->join[j], phon, memo, t);
                if (p > sim) {
                    sim = p;
                    how = SX_PAIR_SOUND;
                }
            }
            /* A Korean brand's English against its loanword reading (colloquial_loans). */
            if (sim < 1.0f && nw->q->loose_vowels &&
                colloquial_worth(nw, a_query, i, aw->word[i].set,
                                 bw->word[j].set | bw->word[j + 1].set, j,
                                 ends_epenthetic(a->tok[i], la) !=
                                     ends_epenthetic(b->tok[j + 1], l2))) {
                if (!spelled)
                    spelled = join_words(joined, b, j, 2);
                float v = colloquial_sim(a->tok[i], la, joined, l1 + l2);
                if (v > sim) {
                    sim = v;
                    how = SX_PAIR_SPELLING;
                }
            }
            if (sim <= 0.0f)
                continue;
            /* Nor a run of pinyin joined into another syllable (zhucheng / Zhu Chen). */
            if (sim < 1.0f && nw->q->pinyin) {
                if (!spelled)
                    spelled = join_words(joined, b, j, 2);
                if (a_query ? other_pinyin_run(a->tok[i], la, joined, l1 + l2)
                            : other_pinyin_run(joined, l1 + l2, a->tok[i], la))
                    continue;
            }
            if (sim < 1.0f)
                sim = join_parts_sim(a, i, b, j, 2, phon != 0, t, sim);
            if (sim > OTHER_KOREAN_SIM && other_korean_join(i, j, 2, a_query, nw)) {
                sim = OTHER_KOREAN_SIM;
                how = SX_PAIR_OTHER_KOREAN;
                /* The list's word is the join whole, as the name as one string would
                 * meet it again; the query's word may be a part of the list's two. */
                *nw->other_word = *nw->other_word || !a_query;
            }
            two = j;
            two_sim = sim;
            two_how = how;
            break;
        }
        if (aused[i])
            continue; /* a number paired */
        /* Three of the list's words run together, where two do not surely make the
         * query's word: those around the two that do in part, or any three. */
        size_t three = SIZE_MAX;
        float three_sim = 0.0f;
        int three_how = SX_PAIR_SPELLING;
        for (size_t j = two == SIZE_MAX ? 0 : (two ? two - 1 : 0);
             a_query && phon && two_sim < SURE_PAIR && j + 2 < nb &&
             (two == SIZE_MAX || j <= two);
             j++) {
            int how;
            float sim = join3_sim(a, aw, i, b, bw, j, bused, phon, variants, memo, t, nw, &how);
            if (sim > three_sim) {
                three = j;
                three_sim = sim;
                three_how = how;
            }
        }
        if (three != SIZE_MAX && three_sim > two_sim)
            pair_joined(a, i, b, three, 3, three_sim, three_how, aused, bused, num, den,
                        a_query, pairs);
        else if (two != SIZE_MAX)
            pair_joined(a, i, b, two, 2, two_sim, two_how, aused, bused, num, den, a_query,
                        pairs);
    }
}

/* Whether word i of a, about to be paired with word j of b at an unsure best, is rather
 * j joined with the word before or after it, surely: a kana name read as one word
 * (オキナワカイホウ, okinawakaiho) meets OKINAWA in part and OKINAWA KAIHO whole, and
 * once paired with OKINAWA its join was never tried (merge_pairs joins only what the
 * alignment left over).  Then the join is paired instead, and the first of b's two words
 * returned (for the order of the pairs); else SIZE_MAX.  a_query: a is the query. */
static size_t joined_instead(const sx_prep *a, const sx_sim_words *aw, size_t i,
                             const sx_prep *b, const sx_sim_words *bw, size_t j, size_t nb,
                             bool *aused, bool *bused, float best, bool variants,
                             bool syllables, float *num, float *den, bool a_query,
                             pair_tally *pairs)
{
    size_t la = a->tlen[i], lj = b->tlen[j];
    if (la <= lj)
        return SIZE_MAX; /* no join of j's is as short as word i */
    for (size_t k = j ? j - 1 : 0; k <= j && k + 1 < nb; k++) {
        size_t l1 = b->tlen[k], l2 = b->tlen[k + 1];
        /* The join begins with j (k = j) or ends with it: word i's first or last letter
         * is j's, as where j met i in part. */
        if (k == j ? a->tok[i][0] != b->tok[j][0] : a->tok[i][la - 1] != b->tok[j][lj - 1])
            continue;
        char joined[128];
        bool spelled;
        if (bused[k] || bused[k + 1] || l1 + l2 >= sizeof joined ||
            (syllables && other_sounds(a->tok[i], la, b->tok[k], l1)))
            continue;
        float sim = join_token_sim(a, aw, i, b, bw, k, 2, variants, joined, &spelled);
        if (sim >= SURE_PAIR && sim < 1.0f)
            sim = join_parts_sim(a, i, b, k, 2, false, NULL, sim);
        if (sim >= SURE_PAIR && sim > best) {
            pair_joined(a, i, b, k, 2, sim, SX_PAIR_SPELLING, aused, bused, num, den, a_query,
                        pairs);
            return k;
        }
    }
    return SIZE_MAX;
}

/* Whether words i of a and j of b are an initial and a longer word starting with it. */
static bool is_initial_pair(const sx_prep *a, size_t i, const sx_prep *b, size_t j)
{
    return (a->tlen[i] == 1) != (b->tlen[j] == 1) && a->tok[i][0] == b->tok[j][0];
}

/* Whether words i of q and j of c are compared with loose vowels (sx_prep's
 * loose_vowels): only long words, where a vowel or two are a small part of the word
 * (노바렉스 nobarekseu / nobeorekseu); in short ones they are most of it (고제 goje is
 * not koseo). */
static bool loose(const sx_prep *q, size_t i, const sx_prep *c, size_t j)
{
    return q->loose_vowels && q->tlen[i] >= LOOSE_VOWELS_MIN && c->tlen[j] >= LOOSE_VOWELS_MIN;
}

static bool same_particle(const char *a, size_t la, const char *b, size_t lb)
{
    const char *ra = sx_terms_particle_root(a, la), *rb = sx_terms_particle_root(b, lb);
    return ra && rb && strcmp(ra, rb) == 0;
}

/* Whether the shorter of words a and b contracts the longer: its first letter, then the
 * rest of its letters in order with some left out between them (intl, international;
 * grp, group), or the longer cut short to at most half its letters (tech, technology;
 * eng, engineering).  Not a word the other starts with and half as long or more: bank is
 * no contraction of banking. */
static bool contracts(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb)
        return contracts(b, lb, a, la);
    if (la < 2 || la + 2 > lb || a[0] != b[0])
        return false;
    if (memcmp(a, b, la) == 0)
        return 2 * la <= lb;
    size_t j = 1;
    for (size_t i = 1; i < la; i++) {
        while (j < lb && b[j] != a[i])
            j++;
        if (j++ == lb)
            return false;
    }
    return true;
}

/* Whether descriptors a and b are in one group of rigour's symbols. */
static bool one_group(const char *a, size_t la, const char *b, size_t lb)
{
    const char *ga = sx_terms_descriptor_group(a, la), *gb = sx_terms_descriptor_group(b, lb);
    return ga && gb && strcmp(ga, gb) == 0;
}

/* Whether descriptors a and b are one word of rigour's symbols, one contracting the
 * other (Intl, International).  Not one in another language of the same group: a name of
 * descriptors only (株式会社テクノロジーズ, Technologies) then met one in Russian
 * (TEKHNOLOGIYA, OOO) at 1.0. */
static bool same_descriptor(const char *a, size_t la, const char *b, size_t lb)
{
    return contracts(a, la, b, lb) && one_group(a, la, b, lb);
}

/* Whether descriptors a and b are forms of one word of a group of rigour's symbols: they
 * share their letters but for the last two of the shorter, and at least DESCRIPTOR_STEM
 * (tactics, tactical; electric, electrical; technology, technologies).  A dictionary
 * glosses a word in one form (戦術, tactics) where the company's English name uses
 * another.  Not bank and banking (contracts), nor one in another language of the group
 * (tekhnologiya). */
#define DESCRIPTOR_STEM 5
#define UNSURE_FORM 0.0f /* what descriptor_form's pair tells the leftover rules */
static bool descriptor_form(const char *a, size_t la, const char *b, size_t lb)
{
    size_t shorter = la < lb ? la : lb, stem = 0;
    while (stem < shorter && a[stem] == b[stem])
        stem++;
    return stem >= DESCRIPTOR_STEM && stem + 2 >= shorter && one_group(a, la, b, lb);
}

/* The digits of word i of p when it is a number, in digits or in English words (2nd,
 * second and 2 are 2), else NULL.  buf holds 32 bytes. */
static const char *number_of(const sx_prep *p, size_t i, char *buf)
{
    return number_digits(p->tok[i], p->tlen[i], buf);
}

static bool has_number(const sx_prep *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p->tok[i][0] >= '0' && p->tok[i][0] <= '9')
            return true;
    return false;
}

/* A number written in words and the same number in digits are the same word (Second
 * Academy, 2nd Academy; Three Percenters, 3 Percenters): names write them either way.
 * Looked for only when one side writes a word with digits. */
static void same_numbers(const sx_prep *q, size_t nq, const sx_prep *c, size_t nc,
                         float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    if (!has_number(q, nq) && !has_number(c, nc))
        return;
    char qb[32], cb[32];
    for (size_t i = 0; i < nq; i++) {
        const char *qn = number_of(q, i, qb);
        for (size_t j = 0; j < nc && qn; j++) {
            const char *cn = sim[i][j] < 1.0f ? number_of(c, j, cb) : NULL;
            if (cn && strcmp(qn, cn) == 0)
                sim[i][j] = 1.0f;
        }
    }
}

/* A country named in two languages is one word (Germany, Deutschland; Spain, España):
 * a subsidiary's name says its country in the register's language, a contract in
 * English.  Only the query's words marked as places are looked up in the list name. */
static void same_places(const sx_prep *q, size_t nq, const sx_prep *c, size_t nc,
                        float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    for (size_t i = 0; q->places && i < nq; i++) {
        if (!((q->places >> i) & 1u))
            continue;
        const void *place = sx_country_word(q->tok[i], q->tlen[i]);
        for (size_t j = 0; j < nc; j++)
            if (sim[i][j] < 1.0f && sx_country_word(c->tok[j], c->tlen[j]) == place)
                sim[i][j] = 1.0f;
    }
}

/* Whether the syllable a[0, na) is one of "x|y|z". */
static bool among_syllables(const char *list, const char *a, size_t na)
{
    for (const char *o = list; *o;) {
        size_t n = strcspn(o, "|");
        if (n == na && memcmp(o, a, na) == 0)
            return true;
        o += n + (o[n] == '|');
    }
    return false;
}

/* Whether b is one syllable of Mandarin other than the pinyin syllable a: a pinyin
 * syllable, or the Wade-Giles spelling of one (zh_wade_giles.tsv), that is neither a
 * nor a's Wade-Giles spelling.  cheng and chen, zhang and zhuang are one edit apart,
 * and as close as a syllable misspelled; in a reading of Han characters, which has no
 * typing error in it, they are two characters (成 朱 is not Zhu Chen).  A list word that
 * spells no syllable of Mandarin (a Korean spelling, a misspelling, cheung) is left as
 * compared, and so is one Hong Kong writes the Cantonese of a character read a in (chan
 * for 陈, chen; zh_cantonese_pinyin.tsv); ping, which Hong Kong writes no character read
 * ling in, is another syllable than ling. */
static bool other_pinyin(const char *a, size_t na, const char *b, size_t nb)
{
    if (!sx_terms_pinyin_syllable(a, na) || (na == nb && memcmp(a, b, na) == 0))
        return false;
    const char *wg = sx_terms_wade_giles(a, na);
    if (wg && strlen(wg) == nb && memcmp(wg, b, nb) == 0)
        return false;
    const char *yue = sx_terms_cantonese_pinyin(b, nb); /* chan: 陈 as Hong Kong writes it */
    if (yue && among_syllables(yue, a, na))
        return false;
    if (sx_terms_pinyin_syllable(b, nb))
        return true;
    const char *of = sx_terms_wade_giles_pinyin(b, nb); /* "x|y": the syllables b spells */
    return of && !among_syllables(of, a, na);
}

/* A reading of syllables (sx_prep.syllables: Han characters, a Korean person's Hangul)
 * is exact: there is no typing error in it, and its words start with their first
 * syllable's consonant.  A list word starting with another sound is another syllable,
 * however close the rest (peng / deng: 鹏 高 is not DENG, Gao); the other
 * romanisations (ri / i, hsi / xi) are readings of their own.  A reading in pinyin also
 * meets no other syllable of Mandarin (other_pinyin). */
static void other_syllables(const sx_prep *q, size_t nq, const sx_prep *c, size_t nc,
                            float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    for (size_t i = 0; i < nq; i++)
        for (size_t j = 0; j < nc; j++)
            if (sim[i][j] > 0.0f && sim[i][j] < 1.0f &&
                (other_sounds(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j]) ||
                 (q->pinyin && other_pinyin(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j]))))
                sim[i][j] = 0.0f;
}

#define PINYIN_RUN_MAX 8    /* syllables of a run cut (mandarin_cut) */
#define SYLLABLE_LETTERS 6 /* the longest syllable: zhuang, chuang, hsiung */

/* Whether s[0, n) is one syllable of Mandarin as a list may spell it: in pinyin, in
 * Wade-Giles, or a spelling Hong Kong writes a character's Cantonese in (list), else in
 * pinyin only. */
static bool mandarin_syllable(const char *s, size_t n, bool list)
{
    return sx_terms_pinyin_syllable(s, n) ||
           (list && (sx_terms_wade_giles_pinyin(s, n) || sx_terms_cantonese_pinyin(s, n)));
}

/* Cuts s[at, n) into syllables (mandarin_syllable), the longest first and backtracking;
 * ends[k]: where syllable k + have ends.  Returns the number of syllables, 0 when s does
 * not cut into at most PINYIN_RUN_MAX of them. */
static size_t mandarin_cut(const char *s, size_t at, size_t n, uint8_t *ends, size_t have,
                           bool list)
{
    if (at == n)
        return have;
    /* Letters the syllables left cannot hold: no cut (and no search of every way to cut
     * a long run's start). */
    if (n - at > (PINYIN_RUN_MAX - have) * SYLLABLE_LETTERS)
        return 0;
    for (size_t l = n - at < SYLLABLE_LETTERS ? n - at : SYLLABLE_LETTERS; l > 0; l--) {
        if (!mandarin_syllable(s + at, l, list))
            continue;
        ends[have] = (uint8_t)(at + l);
        size_t k = mandarin_cut(s, at + l, n, ends, have + 1, list);
        if (k)
            return k;
    }
    return 0;
}

/* Whether the run q[0, nq) of a reading in pinyin and the list's run c[0, nc) cut into as
 * many syllables, one of them another syllable of Mandarin (other_pinyin): a reading of
 * Han characters run together (朱成 read zhucheng) is not Zhu Chen, as its words apart
 * are not (other_syllables). */
static bool other_pinyin_run(const char *q, size_t nq, const char *c, size_t nc)
{
    uint8_t qe[PINYIN_RUN_MAX], ce[PINYIN_RUN_MAX];
    if (nq > 255 || nc > 255)
        return false;
    size_t k = mandarin_cut(q, 0, nq, qe, 0, false);
    if (k < 2 || mandarin_cut(c, 0, nc, ce, 0, true) != k)
        return false;
    for (size_t i = 0, qa = 0, ca = 0; i < k; qa = qe[i], ca = ce[i], i++)
        if (other_pinyin(q + qa, qe[i] - qa, c + ca, ce[i] - ca))
            return true;
    return false;
}

/* A loanword reading c's words met as the list spells them (s, word for word), where
 * that is nearer (how says so, for an explanation).  Returns whether any was. */
static bool spelled_words(const sx_prep *q, const sx_sim_words *qw, size_t nq, const sx_prep *c,
                          const sx_prep *s, float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS],
                          uint8_t how[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    bool any = false;
    for (size_t j = 0; j < s->ntok && j < SX_PREP_MAX_TOKENS; j++) {
        if (s->tlen[j] == c->tlen[j] && memcmp(s->tok[j], c->tok[j], s->tlen[j]) == 0)
            continue;
        uint64_t ms = letter_set(s->tok[j], s->tlen[j]);
        for (size_t i = 0; i < nq; i++) {
            float v = token_sim(q->tok[i], q->tlen[i], qw->word[i].set, s->tok[j], s->tlen[j],
                                ms, q->spelled);
            if (v > sim[i][j]) {
                sim[i][j] = v;
                how[i][j] = SX_PAIR_SPELLING;
                any = true;
            }
        }
    }
    return any;
}

/* An English word and the same word inflected or made a noun of (belt / belting, lease /
 * leasing, system / systems, battery / batteries): a translated reading says the word a
 * dictionary glosses, the company's English name the form it uses.  The word is one
 * EDICT writes in katakana (ja_loan.tsv: an English word, where Mirae of MiraeING is
 * not), of INFLECTED_STEM letters or more, so that short words do not meet longer
 * others; not a descriptor (holding, technologies), whose forms descriptors.tsv groups
 * and whose pairs weigh as the rules for descriptors say. */
#define INFLECTED_SIM 0.9f
#define INFLECTED_STEM 4
static bool suffixed(const char *stem, size_t ls, const char *w, size_t lw, const char *suf,
                     size_t lf)
{
    return ls >= INFLECTED_STEM && lw == ls + lf && memcmp(w, stem, ls) == 0 &&
           memcmp(w + ls, suf, lf) == 0;
}

static bool inflected(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb)
        return inflected(b, lb, a, la); /* a is the shorter word */
    /* Most pairs are told apart here: a suffix adds one to four letters to a stem that
     * starts both words.  Asked for every pair of words of every comparison. */
    if (lb - la < 1 || lb - la > 4 || la < INFLECTED_STEM || memcmp(a, b, INFLECTED_STEM) != 0)
        return false;
    bool e_end = a[la - 1] == 'e', y_end = a[la - 1] == 'y';
    bool form = suffixed(a, la, b, lb, "s", 1) || suffixed(a, la, b, lb, "es", 2) ||
                suffixed(a, la, b, lb, "ing", 3) || suffixed(a, la, b, lb, "ings", 4) ||
                (e_end && suffixed(a, la - 1, b, lb, "ing", 3)) ||
                (y_end && suffixed(a, la - 1, b, lb, "ies", 3));
    return form && sx_terms_ja_loan(a, la) != NULL && !sx_terms_descriptor(a, la) &&
           !sx_terms_descriptor(b, lb);
}

/* A list word that spells the Hangul syllables a reading's word was romanised from, one
 * by one in a mix of the romanisations (sx_hangul_spells: DONGKUK for 동국, read dongguk
 * in RR and tongguk in McCune-Reischauer), is that word as the company spells it: a
 * reading is one style throughout, a company's own spelling picks per syllable.  A
 * little less sure than the word as one style writes it.  Words of ROMANISED_MIN letters
 * or more: fewer spell too many syllables. */
#define ROMANISED_SIM 0.95f
#define ROMANISED_MIN 4

/* Whether list word j of c spells the syllables of word i of q, remembered in l for a
 * numbered word. */
static bool romanised(const sx_prep *q, const sx_sim_words *qw, size_t i, const sx_prep *c,
                      size_t j, sx_sim_list *l)
{
    const sx_syllables *h = &q->hangul[i];
    uint8_t id = qw->numbered ? qw->id[i] : SX_SIM_NO_ID;
    if (id == SX_SIM_NO_ID)
        return sx_hangul_spells(h->sp, h->n, c->tok[j], c->tlen[j]);
    if ((l->rom_known[id] >> j) & 1u)
        return (l->rom_spells[id] >> j) & 1u;
    bool spells = sx_hangul_spells(h->sp, h->n, c->tok[j], c->tlen[j]);
    l->rom_known[id] |= 1u << j;
    l->rom_spells[id] |= (uint32_t)spells << j;
    return spells;
}

static void romanised_pairs(const sx_prep *q, const sx_sim_words *qw, size_t nq,
                            const sx_prep *c, size_t nc, sx_sim_list *l,
                            float sim[][SX_PREP_MAX_TOKENS], uint8_t how[][SX_PREP_MAX_TOKENS])
{
    for (size_t i = 0; i < nq; i++)
        for (size_t j = 0; j < nc && q->hangul[i].n; j++)
            if (sim[i][j] < ROMANISED_SIM && c->tlen[j] >= ROMANISED_MIN &&
                romanised(q, qw, i, c, j, l)) {
                sim[i][j] = ROMANISED_SIM;
                if (how)
                    how[i][j] = SX_PAIR_ROMANISED;
            }
}

/* Whether q is compared with a list name's loanword reading, Korean or Japanese
 * (query.c compared_readings). */
static bool against_loanword(const sx_prep *q)
{
    return q->loose_vowels || q->japanese == SX_JA_LOAN;
}

/* Against a list name's loanword reading, a letter is no initial of its words: they
 * are the list's words as the query's script writes them, not as the list spells them
 * (알지노믹스 read r jinomikseu: R is no initial of LAB read raebeu).  Not for a reading of
 * syllables (a Korean person's name), whose one-letter syllables are no letters (이, i)
 * and which pairs them so rather than joining them into another name's word (정자 이,
 * jong ja i, is not ZhongJie Electronics read jong jai illekteuronikseu). */
static void no_initials(const sx_prep *q, size_t nq, const sx_prep *c, size_t nc,
                        float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    for (size_t i = 0; i < nq; i++)
        for (size_t j = 0; j < nc; j++)
            if ((q->tlen[i] == 1) != (c->tlen[j] == 1) && sim[i][j] <= INITIAL_SIM)
                sim[i][j] = 0.0f;
}

/* A letter the query spells by its name in Hangul or kana (sx_prep.letter_words) is a
 * letter of the name, as a brand writes one, not an initial standing for a word:
 * ティーライフ, T Life, is not Trust Life, nor イーアライアンス, E Alliance, Alliance
 * Energy.  A Latin initial stays one (A. Khamenei): it is written so. */
static void letters_no_initials(const sx_prep *q, size_t nq, const sx_prep *c, size_t nc,
                                float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    for (size_t i = 0; i < nq && i < 32; i++)
        if (q->tlen[i] == 1 && ((q->letter_words >> i) & 1u))
            for (size_t j = 0; j < nc; j++)
                if (c->tlen[j] > 1 && sim[i][j] <= INITIAL_SIM)
                    sim[i][j] = 0.0f;
}

/* token_sim of word i of q and word j of c, remembered in l (q's words numbered). */
static inline float pair_sim(const sx_prep *q, const sx_sim_words *qw, size_t i,
                             const sx_prep *c, const sx_sim_words *cw, size_t j, sx_sim_list *l)
{
    bool v = q->spelled || loose(q, i, c, j);
    uint8_t id = qw->id[i];
    if (id == SX_SIM_NO_ID)
        return token_sim(q->tok[i], q->tlen[i], qw->word[i].set, c->tok[j], c->tlen[j],
                         cw->word[j].set, v);
    if ((l->known[v][id] >> j) & 1u)
        return l->pair_sim[v][id][j];
    float s = token_sim(q->tok[i], q->tlen[i], qw->word[i].set, c->tok[j], c->tlen[j],
                        cw->word[j].set, v);
    l->pair_sim[v][id][j] = s;
    l->known[v][id] |= 1u << j;
    return s;
}

/* Whether word t of p passes reads (a romanisation's syllables: loan.c), as a string. */
static bool word_reads_as(const sx_prep *p, size_t t, bool (*reads)(const char *))
{
    char buf[SX_COMPACT_MAX + 1];
    if (p->tlen[t] > SX_COMPACT_MAX)
        return false;
    memcpy(buf, p->tok[t], p->tlen[t]);
    buf[p->tlen[t]] = '\0';
    return reads(buf);
}

/* Whether word t of p reads as romanised Korean (sx_romanised_korean). */
static bool romanised_korean(const sx_prep *p, size_t t)
{
    return word_reads_as(p, t, sx_romanised_korean);
}

/* Whether word t of p reads as romanised Japanese (Yamaha, Toyota, Aichi, not a gloss:
 * machinery) and names no country or region (asia, china and korea are English however
 * they syllabify: アジア, ajia, meets asia by sound). */
static bool romanised_japanese(const sx_prep *p, size_t t)
{
    return word_reads_as(p, t, sx_romanised_japanese) &&
           !sx_country_word(p->tok[t], p->tlen[t]);
}

/* Whether word j of c, met by a Japanese reading's word that reads as romanised Japanese
 * (q->japanese; sx_sim_words.ja_native), is romanised Japanese too: then the two are two
 * romanisations of Japanese, which meet in one of the reading's spellings or not at all.
 * Sounds are for the words Japanese borrowed, whose katakana spells another language's
 * sounds (makuseru, MAXELL); between two romanisations of Japanese a sound-alike is
 * another name (yamaura ~ yamaha 0.82, toda ~ toyota 0.76, mizuho ~ matsui 0.67).  The
 * list word is j of c as spelled, or, for c a loanword reading, the word of the name as
 * spelled that it reads (as_spelled; unknown without it): a word the index kept as it
 * is in that reading (loan.c) is romanised Japanese too.  Remembered in cw, c's words. */
static bool native_japanese(const sx_prep *q, const sx_prep *c, const sx_prep *as_spelled,
                            sx_sim_words *cw, size_t j)
{
    const sx_prep *w = q->japanese == SX_JA_SPELLED ? c : q->japanese == SX_JA_LOAN ? as_spelled
                                                                                     : NULL;
    if (!w || j >= w->ntok || (w != c && w->ntok != c->ntok))
        return false;
    if (!((cw->ja_known >> j) & 1u)) {
        cw->ja_known |= 1u << j;
        cw->ja_native |= (uint32_t)romanised_japanese(w, j) << j;
    }
    return (cw->ja_native >> j) & 1u;
}

/* Whether word t of the query (query_side) or of the list name met is a word of one
 * language with the other side's (native_join): of a Japanese reading, a word that reads
 * as romanised Japanese, and a list word that does (for a loanword reading, the word as
 * spelled: native_japanese), every list word for a name of Han characters
 * (sx_prep.han_words); of a Hangul reading, a word that reads as romanised Korean, on
 * both sides, or on the query's a word that spells the name's syllables in one of the
 * romanisations (sx_prep.hangul: the DPRK's phyongan, whose ph the syllable test leaves
 * to English words).  That the name is Hangul does not tell: a reading may guess at a
 * syllable's sound (영 read ryong, as the North writes 령), and such a word spells no
 * syllable of the name.  A list word's answer is remembered with its words: telling
 * Korean costs a syllabification. */
static bool native_word(const native_words *nw, bool query_side, size_t t)
{
    const sx_prep *q = nw->q, *c = nw->c;
    if (query_side)
        return q->japanese ? (nw->qw->ja_native >> t) & 1u
               : q->korean ? ((nw->qw->ko_native >> t) & 1u) || (q->hangul && q->hangul[t].n)
                           : false;
    if (q->japanese)
        return q->han_words || native_japanese(q, c, nw->as_spelled, &nw->l->words, t);
    if (!q->korean)
        return false;
    /* For a loanword reading, the list name's words as spelled (as native_japanese's). */
    const sx_prep *w = !q->loose_vowels ? c : nw->as_spelled;
    sx_sim_words *cw = &nw->l->words;
    if (!w || t >= w->ntok || w->ntok != c->ntok)
        return false;
    if (!((cw->ko_known >> t) & 1u)) {
        cw->ko_known |= 1u << t;
        cw->ko_native |= (uint32_t)romanised_korean(w, t) << t;
    }
    return (cw->ko_native >> t) & 1u;
}

/* A reading of katakana as the foreign word it spells (q->foreign_spelling) meets no
 * word of c that reads as romanised Japanese: its Hepburn twin is compared with those.
 * Read back, a native name loses the vowels that make it one (ニッコン nikon, サクライ
 * sakrai) and would meet Nikon by spelling and Hisaka by sound. */
static void foreign_spellings(const sx_prep *q, size_t nq, const sx_prep *c, size_t nc,
                              const sx_prep *as_spelled, sx_sim_words *cw,
                              float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    for (size_t j = 0; j < nc; j++)
        if (native_japanese(q, c, as_spelled, cw, j))
            for (size_t i = 0; i < nq; i++)
                sim[i][j] = 0.0f;
}

/* The start of words [t, t + n) of the list name met, joined into buf (at most
 * SX_COMPACT_MAX letters), as spelled (the name native_word reads: the spelled name
 * where c is a loanword reading of it) or as read (c); its length. */
static size_t list_words(char *buf, const native_words *nw, size_t t, size_t n, bool spelled)
{
    const sx_prep *c = nw->c, *w = spelled && nw->q->loose_vowels ? nw->as_spelled : c;
    if (!w || t + n > w->ntok || w->ntok != c->ntok)
        w = c;
    size_t len = 0;
    for (size_t k = t; k < t + n && k < w->ntok && len < SX_COMPACT_MAX; k++) {
        size_t l = w->tlen[k] < SX_COMPACT_MAX - len ? w->tlen[k] : SX_COMPACT_MAX - len;
        memcpy(buf + len, w->tok[k], l);
        len += l;
    }
    return len;
}

/* Whether word i of a Hangul reading is compared on its sounds as a Korean word: it reads
 * as romanised Korean, or spells its syllables in a romanisation the syllable test does
 * not know (the DPRK's samyongemthek); not a Korean person's reading (no phon_tokens),
 * syllable by syllable, which other_syllables holds. */
static bool korean_sounds(const sx_prep *q, const sx_sim_words *qw, size_t i)
{
    return q->phon_tokens && (((qw->ko_native >> i) & 1u) || q->hangul[i].n);
}

/* The syllables that open a word as its first Sino-Korean word (other_korean_head): most
 * Sino-Korean words are two syllables, and a longer run of syllables that read hanja runs
 * as often into a loanword's (수산아이앤티: 수산, then 아이, the letter I). */
#define HEAD_SYLLABLES 2

/* Whether word i of a Hangul reading opens with a Sino-Korean word compared on sounds
 * (sx_syllables.head, korean_sounds). */
static bool opens_sino_korean(const sx_prep *q, const sx_sim_words *qw, size_t i)
{
    return q->hangul && i < q->ntok && i < SX_PREP_MAX_TOKENS &&
           q->hangul[i].head >= HEAD_SYLLABLES && korean_sounds(q, qw, i);
}

/* Whether a list name that meets word i of a Hangul reading from the word's start, which
 * opens with a Sino-Korean word (opens_sino_korean: 삼양 of 삼양홀딩스), opens with
 * another Korean word there: that word is spelled at the start of neither the list words
 * as spelled (spelled, sl letters) nor as read (read, rl: a loanword reading of Gene is
 * jin, as 진원 reads for GeneOne), yet those as spelled open with as many Sino-Korean
 * syllables (sx_sino_korean_start: CHINYANG HOLDINGS, Dongsan of DongsanDevelopment; not
 * TIDE).  The syllables after it, a loanword's or a coined name's, are left to sound, as
 * other_korean_words leaves such words. */
static bool other_korean_head(const sx_prep *q, size_t i, const char *spelled, size_t sl,
                              const char *read, size_t rl)
{
    const sx_syllable_spellings *sp = q->hangul[i].sp;
    return !sx_hangul_spells_start(sp, HEAD_SYLLABLES, spelled, sl) &&
           !sx_hangul_spells_start(sp, HEAD_SYLLABLES, read, rl) &&
           sx_sino_korean_start(spelled, sl, HEAD_SYLLABLES);
}

/* other_korean_head of word i of the query and the list name's n words from t, which
 * open with a word that reads as romanised Korean (native_word): words of English spell
 * Sino-Korean syllables as often as not (Gene: 게, 내). */
static bool other_korean_words_at(const native_words *nw, size_t i, size_t t, size_t n)
{
    if (!opens_sino_korean(nw->q, nw->qw, i) || !native_word(nw, false, t))
        return false;
    char spelled[SX_COMPACT_MAX], read[SX_COMPACT_MAX];
    size_t sl = list_words(spelled, nw, t, n, true), rl = list_words(read, nw, t, n, false);
    return sl && rl && other_korean_head(nw->q, i, spelled, sl, read, rl);
}

/* Whether list word t, written as one word (DongsanDevelopment), is another Korean word
 * and query word i + 1 run together: it ends with that word, and what opens it reads as
 * romanised Korean and is another Korean word than query word i (other_korean_head). */
static bool other_korean_glued(const native_words *nw, size_t i, size_t t)
{
    const sx_prep *q = nw->q;
    if (!opens_sino_korean(q, nw->qw, i))
        return false;
    char spelled[SX_COMPACT_MAX + 1], read[SX_COMPACT_MAX];
    size_t sl = list_words(spelled, nw, t, 1, true), rl = list_words(read, nw, t, 1, false);
    size_t nl = q->tlen[i + 1];
    if (sl <= nl || memcmp(spelled + sl - nl, q->tok[i + 1], nl) != 0)
        return false;
    spelled[sl - nl] = '\0';
    return sx_romanised_korean(spelled) && other_korean_head(q, i, spelled, sl - nl, read, rl);
}

/* Whether word i of a and the n words of b from j joined (merge_pairs) are two Korean
 * words (a_query: a is the query): the query's word against the list's n from the first
 * (삼양홀딩스 samyangholdingseu / CHINYANG HOLDINGS), or, n being 2, the query's first of
 * two against the list's one word (동원 개발 dongwon development / DongsanDevelopment). */
static bool other_korean_join(size_t i, size_t j, size_t n, bool a_query,
                              const native_words *nw)
{
    if (!nw->q->hangul)
        return false;
    /* The list's words as spelled, as other_korean_words reads them. */
    native_words spelled = *nw;
    spelled.as_spelled = nw->l->spelled;
    return a_query ? other_korean_words_at(&spelled, i, j, n) : other_korean_glued(&spelled, j, i);
}

/* A word of a Hangul reading that spells Sino-Korean syllables of the name
 * (sx_prep.hangul, sx_syllables.head all of them) and a list word that reads as romanised Korean but
 * spells other syllables in every romanisation (sx_hangul_spells knows RR,
 * McCune-Reischauer, the DPRK's, the passports' and the older spellings) are two Korean
 * words: a sound-alike or a word a letter apart is another name (samyeong / Samyang,
 * daesang / DAECHANG, pyeongan / PYEONGSAN), not the name spelled another way.  The
 * pair counts OTHER_KOREAN_SIM at most, as two words sharing half their letters would,
 * not nothing: a firm may spell a syllable no system does.  The words of loanwords and
 * coined names (a syllable no hanja reads: 휴럼, Hurum) are left to sound: their
 * Hangul is itself a guess at another spelling; so are the words of a reading not
 * compared on sounds (qw->ko_native unset: a Korean person's, syllable by syllable, which
 * other_syllables holds).  A word whose Sino-Korean syllables only open it (삼영엠텍) is
 * held so where the list word opens with another Korean word (other_korean_head).
 * other[i] bit j: pair (i, j) held so. */
static void other_korean_words(const sx_prep *q, const sx_sim_words *qw, size_t nq,
                               const sx_prep *c, size_t nc, sx_sim_list *l,
                               const native_words *nw,
                               float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS],
                               uint8_t how[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS],
                               uint32_t other[SX_PREP_MAX_TOKENS])
{
    for (size_t i = 0; i < nq; i++) {
        const sx_syllables *h = &q->hangul[i];
        if (!opens_sino_korean(q, qw, i))
            continue;
        for (size_t j = 0; j < nc; j++) {
            if (sim[i][j] <= OTHER_KOREAN_SIM)
                continue;
            if (h->head == h->n ? native_word(nw, false, j) && !romanised(q, qw, i, c, j, l)
                        : other_korean_words_at(nw, i, j, 1)) {
                sim[i][j] = OTHER_KOREAN_SIM;
                other[i] |= 1u << j;
                if (how)
                    how[i][j] = SX_PAIR_OTHER_KOREAN;
            }
        }
    }
}

/* Whether c is a vowel letter of Revised Romanization (w, y: of a diphthong). */
static inline bool rr_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'w' || c == 'y';
}

/* Whether w[i, i + 2) is a tense consonant of Revised Romanization (kk, tt, pp, ss, jj)
 * that opens a syllable: a vowel follows (SS, letters said, is two). */
static inline bool tense_at(const char *w, size_t n, size_t i)
{
    char c = w[i];
    bool tense = c == 'k' || c == 't' || c == 'p' || c == 's' || c == 'j';
    return tense && i + 2 < n && w[i + 1] == c && rr_vowel(w[i + 2]);
}

/* w[0, n) with each tense consonant (tense_at) written plain (kk k, tt t, pp p, ss s,
 * jj j), into out (n + 1 bytes); returns the length, n when none was. */
static size_t tense_plain(char *out, const char *w, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (tense_at(w, n, i))
            continue;
        out[o++] = w[i];
    }
    out[o] = '\0';
    return o;
}

#define SCHWA_WORD_MIN 4 /* letters of a word met with its schwa as a (colloquial_loans) */
#define CLOSED_WORD_MIN 4 /* ... and closed on its last consonant, those left */

/* w (NUL-terminated) with each eo that ends its syllable (before a syllable's first
 * consonant, or at the end) written a, in place; returns the length, and whether any
 * was in *changed. */
static size_t schwa_as_a(char *w, bool *changed)
{
    size_t o = 0;
    *changed = false;
    for (size_t i = 0; w[i]; i++) {
        if (w[i] == 'e' && w[i + 1] == 'o' &&
            (!w[i + 2] || (!rr_vowel(w[i + 2]) && rr_vowel(w[i + 3])))) {
            w[o++] = 'a';
            i++;
            *changed = true;
            continue;
        }
        w[o++] = w[i];
    }
    w[o] = '\0';
    return o;
}

/* Whether w[0, n) ends in a consonant and the epenthetic eu after it (워크 wokeu, 디프
 * dipeu), which Korean writes a brand's last consonant with where it could close the
 * syllable instead (웍 wok, 딥 dip). */
static bool ends_epenthetic(const char *w, size_t n)
{
    return n >= 3 && w[n - 2] == 'e' && w[n - 1] == 'u' && !rr_vowel(w[n - 3]);
}

/* w (NUL-terminated, n letters) closed on its last consonant (ends_epenthetic): the eu
 * after it dropped and b, d, g said as the syllable's close, p, t, k (래브 raebeu, 랩
 * raep); returns the length. */
static size_t closed_on_consonant(char *w, size_t n)
{
    if (!ends_epenthetic(w, n))
        return n;
    n -= 2;
    char *c = &w[n - 1];
    *c = *c == 'b' ? 'p' : *c == 'd' ? 't' : *c == 'g' ? 'k' : *c;
    w[n] = '\0';
    return n;
}

/* A word's forms for colloquial_loans: tense consonants plain, then its schwa as a, then
 * closed on its last consonant (closed_on_consonant). */
typedef struct colloquial_forms {
    char plain[SX_COMPACT_MAX + 1], schwa[SX_COMPACT_MAX + 1], closed[SX_COMPACT_MAX + 1];
    uint8_t nplain, nschwa, nclosed;
    bool tense, schwa_a; /* whether either form differs from the one before */
    bool epenthetic;     /* whether the schwa form ends in an epenthetic eu */
} colloquial_forms;

static bool colloquial_make(colloquial_forms *f, const char *w, size_t n)
{
    if (n > SX_COMPACT_MAX)
        return false;
    f->nplain = (uint8_t)tense_plain(f->plain, w, n);
    f->tense = f->nplain != n;
    memcpy(f->schwa, f->plain, (size_t)f->nplain + 1);
    f->nschwa = (uint8_t)schwa_as_a(f->schwa, &f->schwa_a);
    f->epenthetic = ends_epenthetic(f->schwa, f->nschwa);
    memcpy(f->closed, f->schwa, (size_t)f->nschwa + 1);
    f->nclosed = (uint8_t)closed_on_consonant(f->closed, f->nschwa);
    return true;
}

/* Whether w[0, n) has a tense consonant (tense_at), told without copying it. */
static bool has_tense(const char *w, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (tense_at(w, n, i))
            return true;
    return false;
}

/* How alike two words' colloquial forms x and y are (letter sets xs, ys; variants as
 * for token_sim): 1 when alike but for their schwas written a (in words of
 * SCHWA_WORD_MIN letters or more), or closed on their last consonant where one ends in
 * an epenthetic eu (CLOSED_WORD_MIN), else, when either has a tense consonant, their
 * similarity with it plain; 0 when neither says anything. */
static float colloquial_pair(const colloquial_forms *x, uint64_t xs, const colloquial_forms *y,
                             uint64_t ys, bool variants)
{
    if ((x->schwa_a || y->schwa_a) && x->nschwa >= SCHWA_WORD_MIN && x->nschwa == y->nschwa &&
        memcmp(x->schwa, y->schwa, x->nschwa) == 0)
        return 1.0f;
    if (x->epenthetic != y->epenthetic && x->nclosed >= CLOSED_WORD_MIN &&
        x->nclosed == y->nclosed && memcmp(x->closed, y->closed, x->nclosed) == 0)
        return 1.0f;
    if (!x->tense && !y->tense)
        return 0.0f;
    return token_sim(x->plain, x->nplain, xs, y->plain, y->nplain, ys, variants);
}

/* colloquial_loans for a word and two words joined (merge_pairs): their similarity with
 * tense consonants plain, 1 when alike but for their schwas written a or closed on their
 * last consonant, else 0. */
static float colloquial_sim(const char *x, size_t nx, const char *y, size_t ny)
{
    colloquial_forms fx, fy;
    if (!colloquial_make(&fx, x, nx) || !colloquial_make(&fy, y, ny))
        return 0.0f;
    return colloquial_pair(&fx, letter_set(fx.plain, fx.nplain), &fy,
                           letter_set(fy.plain, fy.nplain), false);
}

/* a, e and o in a letter set (letter_set): the letters a schwa written a trades. */
#define SCHWA_LETTERS ((1ull << ('a' & 63u)) | (1ull << ('e' & 63u)) | (1ull << ('o' & 63u)))
/* ... and with u, and the consonants a syllable's close says otherwise: the letters a word
 * closed on its last consonant trades. */
#define CLOSE_LETTERS                                                                     \
    (SCHWA_LETTERS | (1ull << ('u' & 63u)) | (1ull << ('b' & 63u)) | (1ull << ('p' & 63u)) | \
     (1ull << ('d' & 63u)) | (1ull << ('t' & 63u)) | (1ull << ('g' & 63u)) |                \
     (1ull << ('k' & 63u)))

/* Whether word i of one side (the query's, a_query) and words j, j + 1 of the other
 * joined (letters aset, bset) may meet as colloquial_sim says: one has a tense consonant,
 * or they have the same letters but for a, e and o, or, where one ends in an epenthetic
 * eu and the other does not (closes), but for those a word closed on its consonant
 * trades. */
static bool colloquial_worth(const native_words *nw, bool a_query, size_t i, uint64_t aset,
                             uint64_t bset, size_t j, bool closes)
{
    uint32_t at = a_query ? nw->q_tense : nw->c_tense, bt = a_query ? nw->c_tense : nw->q_tense;
    return (aset & ~SCHWA_LETTERS) == (bset & ~SCHWA_LETTERS) || ((at >> i) & 1u) ||
           ((bt >> j) & 3u) || (closes && (aset & ~CLOSE_LETTERS) == (bset & ~CLOSE_LETTERS));
}

/* Bit t: word t of p has a tense consonant (has_tense). */
static uint32_t tense_words(const sx_prep *p, size_t n)
{
    uint32_t m = 0;
    for (size_t t = 0; t < n; t++)
        m |= (uint32_t)has_tense(p->tok[t], p->tlen[t]) << t;
    return m;
}

/* A Hangul reading's word and a list word's Korean loanword reading (sx_prep.loose_vowels)
 * compared as Korean writes brands' English, otherwise than the loanword rules (외래어
 * 표기법) that espeak's reading follows.  Tense where the rules write plain (써니
 * sseoni, Sunny, read 서니 seoni; 까페, 쎄븐): compared with them plain.  The English
 * vowel letter written for the schwa the rules write 어 (부스타 buseuta, BOOSTER, read
 * 부스터 buseuteo; 테라텍, TERATECH, read 테러텍): the same word when the two are alike
 * but for those eo written a, in a word of SCHWA_WORD_MIN letters or more.  As an edit
 * it would make words of other letters alike too (하이스틸 is not HUSTEEL, read 허스틸),
 * and in a shorter word it is most of the word (코리아나, korea na, is not KOREA NEO).
 * A last consonant closing the syllable where the rules give it an epenthetic eu, or the
 * other way (하이딥 haidip, HiDeep, read 하이디프 haidipeu; 랩 for LAB, 래브; 캐프 for CAP,
 * 캡): the same word when the two are alike so closed (closed_on_consonant), in words of
 * CLOSED_WORD_MIN letters or more so closed.  A letter more or another vowel cost a
 * quarter of a short word's score (써니전자 / SUNNY ELECTRONICS was 0.77). */
static void colloquial_loans(const sx_prep *q, const sx_sim_words *qw, size_t nq,
                             const sx_prep *c, const sx_sim_words *cw, size_t nc,
                             uint32_t q_tense, uint32_t c_tense,
                             float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS])
{
    colloquial_forms cf[SX_PREP_MAX_TOKENS];
    uint32_t made = 0, unmade = 0;
    for (size_t i = 0; i < nq; i++) {
        colloquial_forms qf;
        bool qmade = false, qtense = (q_tense >> i) & 1u;
        for (size_t j = 0; j < nc; j++) {
            if (sim[i][j] >= 1.0f || ((unmade >> j) & 1u))
                continue;
            /* Words alike but for their schwas have the same letters, a, e and o aside:
             * most pairs are told apart by their letter sets, before either is copied. */
            bool tense = qtense || ((c_tense >> j) & 1u);
            bool schwa = q->tlen[i] >= SCHWA_WORD_MIN && (qw->word[i].set & ~SCHWA_LETTERS) ==
                                                             (cw->word[j].set & ~SCHWA_LETTERS);
            bool closes =
                ends_epenthetic(q->tok[i], q->tlen[i]) != ends_epenthetic(c->tok[j], c->tlen[j]) &&
                (qw->word[i].set & ~CLOSE_LETTERS) == (cw->word[j].set & ~CLOSE_LETTERS);
            if (!tense && !schwa && !closes)
                continue;
            if (!qmade && !(qmade = colloquial_make(&qf, q->tok[i], q->tlen[i])))
                break;
            if (!((made >> j) & 1u)) {
                if (!colloquial_make(&cf[j], c->tok[j], c->tlen[j])) {
                    unmade |= 1u << j;
                    continue;
                }
                made |= 1u << j;
            }
            float v = colloquial_pair(&qf, qw->word[i].set, &cf[j], cw->word[j].set,
                                      loose(q, i, c, j));
            if (v > sim[i][j])
                sim[i][j] = v;
        }
    }
}

/* Word-by-word similarity; *other_names says whether a person's names that one side gives
 * and the other does not weighed less (PERSON_EXTRA_FACTOR), *other_word whether a pair
 * aligned is two Korean words held apart (other_korean_words), or a list word is another
 * Korean word and a query word run together (other_korean_glued).  l: what is kept of list
 * reading c (its words, its word comparisons with q's numbered words).  as_spelled: c is
 * a loanword reading of that spelled name (or NULL); -1 when a word was nearer as spelled
 * and a pair of the alignment is unsure (then c is scored alone).  With q->trace, the
 * pairs it makes are noted there. */
static float token_score(const sx_prep *q, const sx_sim_words *qw, const sx_prep *c,
                         sx_sim_list *l, const sx_prep *as_spelled, bool *other_names,
                         bool *other_word)
{
    const sx_sim_words *cw = &l->words;
    size_t nq = q->ntok < SX_PREP_MAX_TOKENS ? q->ntok : SX_PREP_MAX_TOKENS;
    size_t nc = c->ntok < SX_PREP_MAX_TOKENS ? c->ntok : SX_PREP_MAX_TOKENS;
    if (nq == 0 || nc == 0)
        return 0.0f;
    float sim[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS];
    /* How each pair met (SX_PAIR_*), kept only for an explanation (q->trace). */
    uint8_t how[SX_PREP_MAX_TOKENS][SX_PREP_MAX_TOKENS];
    if (q->trace) {
        q->trace->n = 0;
        memset(how, SX_PAIR_SPELLING, sizeof how);
    }
    /* The reading's side: a's letters here, b's when merge_pairs joins the query's words. */
    const phon_costs *pt = phon_cost_table(reading_costs(q, false));
    const phon_costs *pt_b = phon_cost_table(reading_costs(q, true));
    uint32_t phon_terms = (uint32_t)q->phon_tokens | (uint32_t)costs_kind_of(pt) << 8;
    if (qw->numbered) {
        if (!l->pairs_used) {
            memset(l->known, 0, sizeof l->known);
            memset(l->phon_known, 0, sizeof l->phon_known);
            memset(l->rom_known, 0, sizeof l->rom_known);
            memset(l->rom_spells, 0, sizeof l->rom_spells);
            l->phon_terms = phon_terms;
            l->pairs_used = true;
        }
        for (size_t i = 0; i < nq; i++)
            for (size_t j = 0; j < nc; j++)
                sim[i][j] = pair_sim(q, qw, i, c, cw, j, l);
    } else {
        for (size_t i = 0; i < nq; i++)
            for (size_t j = 0; j < nc; j++)
                sim[i][j] = token_sim(q->tok[i], q->tlen[i], qw->word[i].set, c->tok[j],
                                      c->tlen[j], cw->word[j].set, q->spelled || loose(q, i, c, j));
    }
    if (against_loanword(q) && !q->syllables)
        no_initials(q, nq, c, nc, sim);
    if (q->letter_words)
        letters_no_initials(q, nq, c, nc, sim);
    if (q->hangul)
        romanised_pairs(q, qw, nq, c, nc, l, sim, q->trace ? how : NULL);
    /* Against a Korean loanword reading: the words with a tense consonant, for the
     * words' and the joins' colloquial forms (colloquial_loans, merge_pairs). */
    uint32_t q_tense = 0, c_tense = 0;
    if (q->loose_vowels) {
        q_tense = tense_words(q, nq);
        c_tense = tense_words(c, nc);
        colloquial_loans(q, qw, nq, c, cw, nc, q_tense, c_tense, sim);
    }
    /* Katakana read back as a foreign spelling guesses r for l: only an exact spelling
     * settles its word (armaz is almaz by sound, 0.7 by spelling). */
    const float settled = q->foreign_spelling ? 1.0f : 0.7f;
    if (q->phon_tokens)
        for (size_t i = 0; i < nq; i++) {
            /* A word already matched by spelling needs no phonetic second look; by
             * loose vowels it still does (the sounds may agree better), and so does a
             * word whose short vowels are unwritten (each counts as a whole edit in
             * the spelling: bshar / Bashar 0.75, as against 0.86 on sounds). */
            bool spelled = false;
            for (size_t j = 0; j < nc && !spelled && !q->unwritten_vowels; j++)
                spelled = sim[i][j] >= settled && !loose(q, i, c, j) &&
                          !kh_cheaper(pt, c->tok[j], c->tlen[j]);
            uint8_t id = qw->numbered && l->phon_terms == phon_terms ? qw->id[i] : SX_SIM_NO_ID;
            bool native = !spelled && q->japanese && ((qw->ja_native >> i) & 1u);
            for (size_t j = 0; j < nc && !spelled; j++) {
                float p;
                if (native && (q->han_words || native_japanese(q, c, as_spelled, &l->words, j)))
                    continue;
                if (id != SX_SIM_NO_ID && ((l->phon_known[id] >> j) & 1u)) {
                    p = l->phon_sim[id][j];
                } else {
                    p = token_phon(q->tok[i], q->tlen[i], &qw->word[i], c->tok[j], c->tlen[j],
                                   &cw->word[j], q->phon_tokens, q->memo, pt);
                    if (id != SX_SIM_NO_ID) {
                        l->phon_sim[id][j] = p;
                        l->phon_known[id] |= 1u << j;
                    }
                }
                if (p > sim[i][j]) {
                    sim[i][j] = p;
                    if (q->trace)
                        how[i][j] = SX_PAIR_SOUND;
                }
            }
        }
    /* A reading's words, glosses among them: the list's form of the word (belting), or
     * another rendering of the term a gloss renders (bank, banking: 은행). */
    if (!q->spelled)
        for (size_t i = 0; i < nq; i++)
            for (size_t j = 0; j < nc; j++)
                if (sim[i][j] < INFLECTED_SIM &&
                    (inflected(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j]) ||
                     (((qw->renders >> i) & 1u) &&
                      sx_terms_one_term(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j])))) {
                    sim[i][j] = INFLECTED_SIM;
                    if (q->trace)
                        how[i][j] = SX_PAIR_FORM;
                }
    bool mixed = as_spelled && as_spelled->ntok == c->ntok &&
                 spelled_words(q, qw, nq, c, as_spelled, sim, how);
    uint32_t form_pairs[SX_PREP_MAX_TOKENS] = {0}; /* descriptor_form's pairs, by query word */
    /* Particles that transliterations of one word spell apart are that word (bin, ibn and
     * ben are Arabic "son of"; al, el and ul its article): too short for an edit.  So are
     * a descriptor and its contraction in rigour's symbols (Intl, International), and,
     * for a reading's word, a descriptor and its other form (descriptor_form). */
    if (q->kind && c->kind)
        for (size_t i = 0; i < nq; i++) {
            uint8_t k = q->kind[i];
            for (size_t j = 0; j < nc && (k == SX_WORD_PARTICLE || k == SX_WORD_DESCRIPTOR); j++)
                if (c->kind[j] == k && sim[i][j] < 1.0f &&
                    (k == SX_WORD_PARTICLE
                         ? same_particle(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j])
                         : same_descriptor(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j])))
                    sim[i][j] = 1.0f;
                else if (k == SX_WORD_DESCRIPTOR && c->kind[j] == k && !q->spelled &&
                         sim[i][j] < INFLECTED_SIM &&
                         descriptor_form(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j])) {
                    if (sim[i][j] < SURE_PAIR) /* no surer than its letters made it */
                        form_pairs[i] |= 1u << j;
                    sim[i][j] = INFLECTED_SIM; /* a gloss's form of the list's word */
                    if (q->trace)
                        how[i][j] = SX_PAIR_FORM;
                }
        }
    /* A given name and its nickname in a person's name are one name (Ben, Benjamin), a
     * little less sure than the name itself. */
    if (q->nicknames && c->person && c->kind)
        for (size_t i = 0; i < nq; i++)
            for (size_t j = 0; j < nc && ((q->nicknames >> i) & 1u); j++)
                if (c->kind[j] == SX_WORD_NAME && sim[i][j] < NICKNAME_SIM &&
                    sx_terms_nicknames(q->tok[i], q->tlen[i], c->tok[j], c->tlen[j])) {
                    sim[i][j] = NICKNAME_SIM;
                    if (q->trace)
                        how[i][j] = SX_PAIR_NICKNAME;
                }
    same_places(q, nq, c, nc, sim);
    same_numbers(q, nq, c, nc, sim);
    if (q->syllables)
        other_syllables(q, nq, c, nc, sim);
    if (q->foreign_spelling)
        foreign_spellings(q, nq, c, nc, as_spelled, &l->words, sim);
    native_words nw = {.q = q,
                       .qw = qw,
                       .c = c,
                       .as_spelled = as_spelled,
                       .l = l,
                       .other_word = other_word,
                       .q_tense = q_tense,
                       .c_tense = c_tense};
    /* (set only for a reading of Hangul, whose words have their syllables: a Latin
     * name's comparisons need not clear it) */
    uint32_t other_korean[SX_PREP_MAX_TOKENS];
    bool hangul_words = q->hangul != NULL;
    if (hangul_words) {
        /* The list words as spelled tell a Korean word even where c is scored without
         * them (as_spelled NULL: an unsure pair beside them). */
        native_words spelled = nw;
        spelled.as_spelled = l->spelled;
        memset(other_korean, 0, sizeof other_korean);
        other_korean_words(q, qw, nq, c, nc, l, &spelled, sim, q->trace ? how : NULL,
                           other_korean);
    }
    bool organisation = !c->person && !q->person;
    /* Greedy one-to-one alignment, best pairs first. */
    bool qused[SX_PREP_MAX_TOKENS] = {0}, cused[SX_PREP_MAX_TOKENS] = {0};
    uint8_t pq[SX_PREP_MAX_TOKENS], pc[SX_PREP_MAX_TOKENS];
    size_t npairs = 0;
    pair_tally pairs = {0, 0};
    float num = 0.0f, den = 0.0f;
    for (;;) {
        float best = 0.0f;
        size_t bi = 0, bj = 0;
        for (size_t i = 0; i < nq; i++)
            for (size_t j = 0; !qused[i] && j < nc; j++)
                if (!cused[j] && sim[i][j] > best) {
                    best = sim[i][j];
                    bi = i;
                    bj = j;
                }
        if (best <= 0.0f)
            break;
        if (best < SURE_PAIR) {
            /* A join paired instead is a pair for the order of the words too (MOTORS
             * XTREME is X-TREME MOTORS in another order). */
            size_t k = joined_instead(q, qw, bi, c, cw, bj, nc, qused, cused, best, q->spelled,
                                      q->syllables, &num, &den, true, &pairs);
            if (k != SIZE_MAX) {
                pq[npairs] = (uint8_t)bi;
                pc[npairs++] = (uint8_t)k;
                continue;
            }
            k = joined_instead(c, cw, bj, q, qw, bi, nq, cused, qused, best, q->spelled,
                               q->syllables, &num, &den, false, &pairs);
            if (k != SIZE_MAX) {
                pq[npairs] = (uint8_t)k;
                pc[npairs++] = (uint8_t)bj;
                continue;
            }
        }
        /* Words read and words spelled mixed stand only where every pair is the same
         * name part: YAS AIR read yaejeu eeo is not 하이즈항공 read haijeu air, nor
         * ALMENOR HOLDINGS Ａホールディングス (the caller scores the reading alone). */
        if (mixed && best < SURE_PAIR)
            return -1.0f;
        qused[bi] = cused[bj] = true;
        trace_pair(q, bi, 1, c, bj, 1, best, q->trace ? how[bi][bj] : 0, true);
        pq[npairs] = (uint8_t)bi;
        pc[npairs++] = (uint8_t)bj;
        /* Optional parts are discounted only beside two or more sure name pairs and no
         * unsure one (Jayne / Wayne P. Smith is not Wayne Smith with an initial). */
        /* In an organisation's name a country paired says no more than a descriptor
         * does (日本投資, read japan investment, is not Japan Asia Investment). */
        uint8_t kq = q->kind ? q->kind[bi] : SX_WORD_NAME;
        if (organisation && ((q->places >> bi) & 1u))
            kq = SX_WORD_DESCRIPTOR;
        /* A descriptor's other form scores as one, but is no surer a pair than its
         * letters made it: beside it, a descriptor left over is not dropped (Digital
         * Information Technology is not DIGITAL TECHNOLOGIES). */
        tally_pair(&pairs, kq, ((form_pairs[bi] >> bj) & 1u) ? UNSURE_FORM : best);
        float wq = word_weight(q, bi), wc = word_weight(c, bj);
        if (is_initial_pair(q, bi, c, bj)) {
            /* An initial says one letter of the word it stands for: the pair counts
             * with the initial's weight on both sides, and the rest of the full word's
             * weight as a word left unmatched (T-Motor is not Toyota Motor). */
            float wi = q->tlen[bi] == 1 ? wq : wc, wf = q->tlen[bi] == 1 ? wc : wq;
            float rest = wf > wi ? wf - wi : 0.0f;
            num += best * 2.0f * wi;
            den += 2.0f * wi + 2.0f * (q->tlen[bi] == 1 ? EXTRA_CANDIDATE_WEIGHT
                                                         : EXTRA_QUERY_WEIGHT) * rest;
            continue;
        }
        /* A contraction is rarer than its word only for being one (Intl, International):
         * the pair weighs as the word would twice. */
        if (q->kind && c->kind && q->kind[bi] == SX_WORD_DESCRIPTOR &&
            c->kind[bj] == SX_WORD_DESCRIPTOR &&
            same_descriptor(q->tok[bi], q->tlen[bi], c->tok[bj], c->tlen[bj]))
            wq = wc = wq < wc ? wq : wc;
        num += best * (wq + wc);
        den += wq + wc;
    }
    /* Only where a word is left over on one side and two on the other. */
    if (!q->syllables && npairs < nq && npairs + 2 <= nc)
        initials_pairs(q, qused, nq, c, cused, nc, &num, &den, true,
                       organisation && q->letters && !against_loanword(q) &&
                           named_pair(q, pq, pc, npairs, sim),
                       &pairs);
    if (!q->syllables && npairs < nc && npairs + 2 <= nq)
        initials_pairs(c, cused, nc, q, qused, nq, &num, &den, false, false, &pairs);
    merge_pairs(q, qw, c, cw, qused, cused, nq, nc, &num, &den, q->phon_tokens, q->spelled,
                q->syllables, q->memo, pt, true, &nw, &pairs);
    merge_pairs(c, cw, q, qw, cused, qused, nc, nq, &num, &den, q->phon_tokens, q->spelled,
                q->syllables, q->memo, pt_b, false, &nw, &pairs);
    for (size_t k = 0; hangul_words && k < npairs; k++)
        *other_word = *other_word || ((other_korean[pq[k]] >> pc[k]) & 1u);
    bool person = c->person && q->spelled;
    float first_pair = npairs ? sim[pq[0]][pc[0]] : 0.0f;
    /* The query's words left over: judged against the list name (or, for a list name
     * searched for in a register, the party's name, as the forward screening would). */
    bool party_sole = q->as_list && sole_word(q, c, nc, npairs, first_pair);
    bool crossed, crossed_said;
    pairs_crossed(q, nq, pq, c, nc, pc, npairs, &crossed, &crossed_said);
    leftover_rules r = {.other_covered = covered(c, cused, nc),
                        .sure_pairs = pairs.sure_pairs,
                        .sure_names = pairs.sure_names,
                        .descriptor_pairs = party_sole ? 1 : DESCRIPTOR_PAIRS,
                        .organisation = organisation,
                        .person_extra = person && all_paired(c, cused, nc) &&
                                        first_met(q, nq, pq, c, nc, pc, npairs),
                        .other_name = other_names};
    /* (told only where it may count: leftover_weight asks it of a person's names) */
    r.other_between = r.person_extra && other_between(q, nq, pq, npairs, crossed_said);
    for (size_t i = 0; i < nq; i++)
        if (!qused[i])
            den += 2.0f * EXTRA_QUERY_WEIGHT * leftover_weight(q, i, &r);
    den += 2.0f * EXTRA_QUERY_WEIGHT * r.other_heaviest;
    r.other_heaviest = 0.0f;
    /* The list name's words left over: judged against the query. */
    r.other_covered = covered(q, qused, nq);
    r.descriptor_pairs = sole_word(q, q, nq, npairs, first_pair) ? 1 : DESCRIPTOR_PAIRS;
    r.person_extra = person && all_paired(q, qused, nq) && first_met(c, nc, pc, q, nq, pq, npairs);
    r.other_between = r.person_extra && other_between(c, nc, pc, npairs, crossed_said);
    for (size_t j = 0; j < nc; j++)
        if (!cused[j])
            den += 2.0f * EXTRA_CANDIDATE_WEIGHT * leftover_weight(c, j, &r);
    den += 2.0f * EXTRA_CANDIDATE_WEIGHT * r.other_heaviest;
    if (lineage_swapped(q, nq, pq, c, nc, pc, npairs))
        num *= LINEAGE_SWAP_FACTOR;
    if (crossed && given_swapped(q, pq, c, nc, pc, npairs))
        num *= GIVEN_SWAP_FACTOR;
    /* Same words in another order: a little less certain (Kim Il Su is not Kim Su Il). */
    if (crossed)
        num *= ORDER_FACTOR;
    return den > 0.0f ? num / den : 0.0f;
}

/* Whole-name comparison without spaces (JSCARGUMENT, Kyongnam / Kyong Nam).  Each edit
 * costs 1.5 times its share so that one changed syllable in a short name stays well
 * below the alert line (김종은 is not 김정은). */
static float ratio(size_t d, size_t longer, float cost)
{
    float r = 1.0f - cost * (float)d / (float)longer;
    return r > 0.0f ? r : 0.0f;
}

static float whole_score(const char *a, size_t na, const char *b, size_t nb, float cost)
{
    if (na == 0 || nb == 0)
        return 0.0f;
    size_t longer = na > nb ? na : nb;
    size_t max = (size_t)((float)longer / cost) + 1;
    size_t d = sx_lev_bytes(a, na, b, nb, max);
    return d > max ? 0.0f : ratio(d, longer, cost);
}

/* The whole-name score w of a name of several words against one of one word (query or
 * list name, either way), when the one word opens or ends with the other's first or last
 * word as spelled: the rest compared as one string, the shared word met, each at the
 * weight of the words of the name of several.  Counted by letters, a shared common word
 * outvotes the one that tells the names apart (성우전자, songu electronics, met
 * DONGBUELECTRONICS at 0.82), and a word the one name lacks costs only its letters
 * (トラスト, torasuto, met J Trust's jtorasuto at 0.83).  Never above w. */
static float whole_beside_shared(const sx_prep *q, const sx_prep *c, float w)
{
    const sx_prep *many = q->ntok > 1 ? q : c, *one = many == q ? c : q;
    if (many->ntok < 2 || one->ntok != 1 || many->ntok > SX_PREP_MAX_TOKENS || !many->w)
        return w;
    size_t last = many->ntok - 1, n1 = many->tlen[0], nl = many->tlen[last];
    bool opens = n1 <= one->clen && n1 < many->clen && many->tok[0] == many->compact &&
                 memcmp(one->compact, many->compact, n1) == 0;
    bool ends = nl <= one->clen && nl < many->clen &&
                many->tok[last] + nl == many->compact + many->clen &&
                memcmp(one->compact + one->clen - nl, many->compact + many->clen - nl, nl) == 0;
    if (!opens && !ends)
        return w;
    /* The end first: descriptors close a name (electronics, holdings). */
    size_t shared = ends ? last : 0, n = ends ? nl : n1;
    float ws = many->w[shared], wr = 0.0f;
    for (size_t t = 0; t < many->ntok; t++)
        if (t != shared)
            wr += many->w[t];
    if (ws + wr <= 0.0f)
        return w;
    /* The rest of the one word against the rest of the others (nothing left of the one
     * word: they are words it lacks). */
    const char *many_rest = many->compact + (ends ? 0 : n);
    const char *one_rest = one->compact + (ends ? 0 : n);
    float r = whole_score(many_rest, many->clen - n, one_rest, one->clen - n, 1.5f);
    float apart = (r * wr + ws) / (ws + wr);
    return apart < w ? apart : w;
}

/* Spelling folded to sounds: digraphs to one letter (sh, ch, ts, ph, ck, qu, x -> ks,
 * c -> s or k), doubled letters once.  Returns the length written to out (size >= 2n+1). */
static size_t phon_fold_w(char *out, float *wout, const char *s, const float *w, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i], n1 = i + 1 < n ? s[i + 1] : 0, k = c;
        float wi = w ? w[i] : 1.0f;
        if ((c == 's' || c == 'c') && n1 == 'h') {
            k = c == 's' ? 's' : 'c';
            i++;
        } else if (c == 't' && n1 == 's') {
            k = 's';
            i++;
        } else if (c == 't' && n1 == 'i' && i + 2 < n && (s[i + 2] == 'o' || s[i + 2] == 'a')) {
            k = 's'; /* -tion, -tial: heard as shon (ション, 션) */
        } else if (c == 't' && n1 == 'h') {
            k = 'q'; /* th: heard as s or t in kana and Hangul (헬스 health) */
            i++;
        } else if (c == 'p' && n1 == 'h') {
            k = 'f';
            i++;
        } else if (c == 'c' && n1 == 'k') {
            k = 'k';
            i++;
        } else if (c == 'q') {
            k = 'k';
            if (n1 == 'u') { /* qu: kw */
                if (wout)
                    wout[o] = wi;
                out[o++] = 'k';
                k = 'w';
                i++;
            }
        } else if (c == 'c') {
            k = (n1 == 'e' || n1 == 'i' || n1 == 'y') ? 's' : 'k';
        } else if (c == 'x') {
            if (wout)
                wout[o] = wi;
            out[o++] = 'k';
            k = 's';
        } else if ((c == 'o' || c == 'e') && n1 == c) {
            k = c == 'o' ? 'u' : 'i'; /* Moorim, Heehoon: oo and ee spell u and i */
            i++;
        }
        if (o == 0 || out[o - 1] != k) {
            if (wout)
                wout[o] = wi;
            out[o++] = k;
        }
    }
    out[o] = '\0';
    return o;
}

static size_t phon_fold(char *out, const char *s, size_t n)
{
    return phon_fold_w(out, NULL, s, NULL, n);
}

size_t sx_consonants(char *out, const char *s, size_t n)
{
    size_t len = phon_fold(out, s, n < SX_COMPACT_MAX ? n : SX_COMPACT_MAX), o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = out[i];
        if (strchr("aeiouyw", c) || (o > 0 && out[o - 1] == c))
            continue;
        out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

static inline bool vowelish(char c)
{
    /* a e i o u y w h as a bit set over 'a'..'z' */
    unsigned k = (unsigned)(unsigned char)c - 'a';
    return k < 26 && ((0x1504191u >> k) & 1u);
}

static int sound_class(char c)
{
    switch (c) {
    case 'b': case 'p': case 'f': case 'v': return 1;
    case 'k': case 'g': return 2;
    case 't': case 'd': return 3;
    case 's': case 'z': case 'j': case 'c': return 4;
    case 'r': case 'l': return 5;
    case 'm': case 'n': return 6;
    default: return 0;
    }
}

/* Costs of the phonetic edit distance: what kana and Hangul renderings change about an
 * English spelling is cheap (vowels added, dropped or coloured; voiced/unvoiced pairs;
 * r/l; a silent r), anything else is a full edit. */
static float phon_sub(char a, char b)
{
    if (a == b)
        return 0.0f;
    /* Japanese and Korean readings of native names keep their vowels: Hirota is not
     * Hirata.  Added or dropped vowels (loanword epenthesis) stay cheap. */
    if (vowelish(a) && vowelish(b)) {
        /* Glides and h colour a vowel rather than replace it (kakaopei / kakaopay). */
        bool glide = a == 'y' || a == 'w' || a == 'h' || b == 'y' || b == 'w' || b == 'h';
        if (glide)
            return 0.3f;
        /* Neighbouring vowels (paper / 페이퍼, o / u) are confused more than distant ones. */
        char x = a < b ? a : b, y = a < b ? b : a;
        if ((x == 'a' && y == 'e') || (x == 'e' && y == 'i') || (x == 'o' && y == 'u'))
            return 0.4f;
        return 0.6f;
    }
    if ((a == 'q' && (b == 's' || b == 't')) || (b == 'q' && (a == 's' || a == 't')))
        return 0.2f;
    int ca = sound_class(a), cb = sound_class(b);
    if (!ca || ca != cb)
        return 1.0f;
    /* s, j and ch are distinct consonants in Korean and Japanese words (대상 is not
     * 대창); only z stands in for them cheaply. */
    if (ca == 4 && a != 'z' && b != 'z')
        return 0.5f;
    return 0.3f;
}

#define INDEL_MIN 0.3f /* the cheapest letter added or dropped (phon_indel) */
/* Arabic script leaves short vowels unwritten: a vowel the other name has where a
 * reading made from it has none costs this (sx_prep's unwritten_vowels).  A long vowel
 * is written (ي, و) and is in the reading already, so dropping one costs in full:
 * Hasan (حسن, hsn) and Hussein (حسين, hsin) stay apart by the i, as do Mohammadi
 * (محمدی, mhmdi) and Muhammad. */
#define SHORT_VOWEL_COST 0.2f
#define WV_COST 0.3f /* w for v, against such a reading: as another pair of one sound */
#define SCRIPT_LACKS_COST 0.1f /* p for b, v for f, against such a reading: one letter */
/* A Hangul reading's k for a list name's ch: English spells k so in words from Greek
 * (chem, tech, chrome), which Korean writes with ㅋ (켐, 텍, 크롬); as another pair of one
 * sound.  Not the other way: a reading's ch is ㅊ, which is no k (Chang is not Kang). */
#define GREEK_CH_COST 0.3f
/* The k of a list name's kh inserted, against a reading of Hangul or kana: Russian х and
 * Arabic خ, romanised kh, are written with ㅎ and ハ行 (Mikhail 미하일, ミハイル; Sukhoi
 * 수호이, スホイ; Khabarovsk 하바롭스크), so the reading has the h alone.  As another pair
 * of one sound.  Not against a reading written with kh itself (the DPRK's 캉 khang, which
 * is a k: the b side of COSTS_HANGUL_B), nor an Arabic-script one (خ and ح are two letters
 * there, Khalid is not Halid). */
#define KH_INSERT_COST 0.3f

#define FOREIGN_VOWEL_COST 0.6f

/* A letter added or dropped.  unwritten_vowel: the reading's script leaves short vowels
 * unwritten; foreign: the reading is katakana read back as a foreign spelling, whose
 * added vowels are gone already, so a vowel more or less is no longer katakana's own
 * (aoipro is not Opro), though still a guess at one (ジ is ji in svyaji, Svyaz). */
static float phon_indel(char c, bool unwritten_vowel, bool foreign)
{
    bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    if (vowel && unwritten_vowel)
        return SHORT_VOWEL_COST;
    if (vowel && foreign)
        return FOREIGN_VOWEL_COST;
    return c == 'h' ? 0.5f : vowelish(c) ? INDEL_MIN : c == 'r' ? INDEL_MIN : 1.0f;
}

/* phon_sub and phon_indel as tables over the letters a folded reading holds (a-z,
 * 0-9, anything else), filled once: the comparison's inner loop looks costs up.  Two
 * tables: one for every reading, one for readings whose short vowels are unwritten. */
#define PHON_CODES 37
struct phon_costs {
    float sub[PHON_CODES][PHON_CODES];
    float indel[PHON_CODES]; /* a letter of b inserted */
    float del[PHON_CODES];   /* a letter of a deleted */
    float indel_min;         /* the least of both, for the length bound (phon_settled) */
    float full_min; /* the least a consonant costs against anything but its bound group or
                       order label: a full edit, but for w for v (WV_COST) */
    float kh_insert; /* the k of b's kh inserted (KH_INSERT_COST), or 1: a full edit */
    uint64_t kind;           /* costs_kind, for the word memo's key */
};

static const char phon_letters[PHON_CODES + 1] = "abcdefghijklmnopqrstuvwxyz0123456789_";

static inline uint8_t phon_code(char c)
{
    if (c >= 'a' && c <= 'z')
        return (uint8_t)(c - 'a');
    if (c >= '0' && c <= '9')
        return (uint8_t)(26 + c - '0');
    return PHON_CODES - 1;
}

static phon_costs phon_tables[COSTS_KINDS];
static pthread_once_t phon_table_once = PTHREAD_ONCE_INIT;

static float phon_ones_table[2 * SX_COMPACT_MAX + 1];

static void phon_table_fill(void)
{
    for (size_t j = 0; j < sizeof phon_ones_table / sizeof phon_ones_table[0]; j++)
        phon_ones_table[j] = 1.0f;
    for (int k = 0; k < COSTS_KINDS; k++) {
        phon_costs *t = &phon_tables[k];
        bool u = k == COSTS_UNWRITTEN_A || k == COSTS_UNWRITTEN_B;
        bool h = k == COSTS_HANGUL_A || k == COSTS_HANGUL_B;
        t->kind = (uint64_t)k;
        t->indel_min = u ? SHORT_VOWEL_COST : INDEL_MIN;
        t->full_min = u ? WV_COST : h ? GREEK_CH_COST : 1.0f;
        t->kh_insert = k == COSTS_PLAIN || k == COSTS_FOREIGN || k == COSTS_HANGUL_A
                           ? KH_INSERT_COST
                           : 1.0f;
        for (int i = 0; i < PHON_CODES; i++) {
            /* The vowels the reading lacks are the other side's, inserted or deleted. */
            t->indel[i] = phon_indel(phon_letters[i], k == COSTS_UNWRITTEN_A, k == COSTS_FOREIGN);
            t->del[i] = phon_indel(phon_letters[i], k == COSTS_UNWRITTEN_B, k == COSTS_FOREIGN);
            for (int j = 0; j < PHON_CODES; j++)
                t->sub[i][j] = phon_sub(phon_letters[i], phon_letters[j]);
        }
        /* Two characters outside the alphabet are not known to be the same one. */
        t->sub[PHON_CODES - 1][PHON_CODES - 1] = 1.0f;
        /* و is w in Arabic and v in Persian and Urdu (Jawad, Javad; Musawi, Mousavi). */
        if (u)
            t->sub[phon_code('w')][phon_code('v')] = t->sub[phon_code('v')][phon_code('w')] =
                WV_COST;
        /* Arabic has no letter for p or v: a name spelled with them is written with ب and
         * ف, read b and f (فرناندو بيريز, Fernando Pérez; فيكتور, Victor).  Only so: a
         * reading's p is Persian's پ, which tells p from b (پرهام is not Ebrahim). */
        uint8_t rb = phon_code('b'), rf = phon_code('f'), op = phon_code('p'), ov = phon_code('v');
        if (k == COSTS_UNWRITTEN_A) /* the reading's letters are the rows */
            t->sub[rb][op] = t->sub[rf][ov] = SCRIPT_LACKS_COST;
        if (k == COSTS_UNWRITTEN_B)
            t->sub[op][rb] = t->sub[ov][rf] = SCRIPT_LACKS_COST;
        /* The list's ch is folded to c (phon_fold_w). */
        uint8_t rk = phon_code('k'), lc = phon_code('c');
        if (k == COSTS_HANGUL_A)
            t->sub[rk][lc] = GREEK_CH_COST;
        if (k == COSTS_HANGUL_B)
            t->sub[lc][rk] = GREEK_CH_COST;
    }
}

static const phon_costs *phon_cost_table(costs_kind kind)
{
    pthread_once(&phon_table_once, phon_table_fill);
    return &phon_tables[kind];
}

static costs_kind reading_costs(const sx_prep *q, bool b_side)
{
    if (q->unwritten_vowels)
        return b_side ? COSTS_UNWRITTEN_B : COSTS_UNWRITTEN_A;
    if (q->foreign_spelling)
        return COSTS_FOREIGN;
    if (q->korean)
        return b_side ? COSTS_HANGUL_B : COSTS_HANGUL_A;
    return COSTS_PLAIN;
}

static uint64_t costs_kind_of(const phon_costs *t)
{
    return t->kind;
}

/* What the bounds charge a consonant met outside its group or label, or added or
 * dropped, in a comparison of the folds fa and fb: a full edit, but for w for v, or k
 * for ch, under a cost table that makes that cheaper (t->full_min, against an
 * Arabic-script or a Hangul reading) when one side has the one and the other the other.
 * A fold not given (NULL): the table's least. */
static float full_edit_pairs(const phon_costs *t, const char *fa, size_t na, const char *fb,
                             size_t nb)
{
    if (t->full_min >= 1.0f)
        return 1.0f;
    if (!fa || !fb)
        return t->full_min;
    if (t->kind == COSTS_HANGUL_A) /* the list's ch (c, rare) first */
        return memchr(fb, 'c', nb) && memchr(fa, 'k', na) ? t->full_min : 1.0f;
    if (t->kind == COSTS_HANGUL_B)
        return memchr(fa, 'c', na) && memchr(fb, 'k', nb) ? t->full_min : 1.0f;
    bool wv = (memchr(fa, 'w', na) && memchr(fb, 'v', nb)) ||
              (memchr(fa, 'v', na) && memchr(fb, 'w', nb));
    return wv ? t->full_min : 1.0f;
}

/* Whether the fold f (n letters) holds kh (the k inserted at t->kh_insert). */
static bool kh_in(const char *f, size_t n)
{
    for (const char *k = f; n > 1 && (k = memchr(k, 'k', n - 1 - (size_t)(k - f))) != NULL; k++)
        if (k[1] == 'h')
            return true;
    return false;
}

/* Whether word w (n letters) holds a kh whose k costs less than its spelling says under
 * t: its phonetic comparison may then beat a fair spelling match (suhoi / sukhoi 0.75). */
static bool kh_cheaper(const phon_costs *t, const char *w, size_t n)
{
    return t->kh_insert < 1.0f && kh_in(w, n);
}

/* ... and the k of a kh of fb inserted (KH_INSERT_COST), where the table makes it
 * cheaper: b_kh, whether fb holds kh (kh_in, made with the fold). */
static float full_edit(const phon_costs *t, const char *fa, size_t na, const char *fb,
                       size_t nb, bool b_kh)
{
    float full = full_edit_pairs(t, fa, na, fb, nb);
    return b_kh && t->kh_insert < full ? t->kh_insert : full;
}

/* Weights of an unweighted side: every letter 1. */
static const float *phon_ones(void)
{
    pthread_once(&phon_table_once, phon_table_fill);
    return phon_ones_table;
}

/* Consonant groups for the bound below: a letter of one group meets a letter of another
 * only through a full edit (phon_sub, phon_indel).  t/d and s/z/j/c are pooled, since the
 * folded th (q) stands cheaply for either; r/l are left out (a silent r is cheap), as are
 * vowels, glides, h and digits. */
static int bound_group(char c)
{
    switch (c) {
    case 'b': case 'p': case 'f': case 'v': return 0;
    case 'k': case 'g': return 1;
    case 't': case 'd': case 's': case 'z': case 'j': case 'c': return 2;
    case 'm': case 'n': return 3;
    case 'q': return 4;
    default: return -1;
    }
}

/* Letters of s per consonant group (bound_group), for the bound below. */
static void consonant_groups(uint16_t g[5], const char *s, size_t n)
{
    memset(g, 0, 5 * sizeof *g);
    for (size_t i = 0; i < n; i++) {
        int k = bound_group(s[i]);
        if (k >= 0)
            g[k]++;
    }
}

/* A lower bound on the full-cost edits of any alignment of a with b: a consonant of a
 * group has to meet a consonant of the same group or cost a whole edit, and one edit
 * settles at most one letter of each side, so the larger side's excess is a bound.  A
 * th (q) on the other side may absorb one t/d/s group letter cheaply. */
static inline size_t consonant_excess(const uint16_t ca[5], const uint16_t cb[5])
{
    size_t ea = 0, eb = 0;
    for (int g = 0; g < 4; g++) {
        int d = ca[g] - cb[g];
        if (g == 2) /* the other side's th letters stand in for this group */
            d = d > 0 ? (d > cb[4] ? d - cb[4] : 0) : (-d > ca[4] ? d + ca[4] : 0);
        if (d > 0)
            ea += (size_t)d;
        else
            eb += (size_t)-d;
    }
    return ea > eb ? ea : eb;
}

/* Float sums in the comparison may round a hair below the bound's whole edits. */
#define PHON_BOUND_SLACK 1e-3f

/* Whether the comparison of a fold of na letters (consonant groups ca) with one of nb
 * letters (groups cb, weights summing to total, the least lightest; all 1 unless
 * weighted) cannot reach min on length and consonants alone. */
static inline bool phon_settled(size_t na, size_t nb, const uint16_t ca[5], const uint16_t cb[5],
                                float total, float lightest, bool weighted, float min,
                                float full, const phon_costs *t)
{
    if (na == 0 || nb == 0)
        return true;
    /* The weighted length of b, scaled up when a is the longer (every letter of a is
     * then charged at the weight of the place it meets in b). */
    float longer = na > nb ? total * (float)na / (float)nb : total;
    float allowed = (1.0f - min) * longer;
    /* Every extra letter costs at least indel_min (times the lightest weight). */
    if (!weighted && t->indel_min * (float)(na > nb ? na - nb : nb - na) > allowed)
        return true;
    /* Most pairs a query meets differ in consonants the edit costs charge in full: a
     * bound on those settles them without the quadratic comparison. */
    return (float)consonant_excess(ca, cb) * full * lightest > allowed + PHON_BOUND_SLACK;
}

/* Folds the list side b (weights wb_in, or NULL) into s: what the comparison needs of
 * b alone.  The letter codes and costs for the quadratic part come later (phon_costs_b),
 * since most pairs are settled by the bounds before it. */
static void phon_side_make(sx_phon_side *s, const char *b, size_t nb, const float *wb_in)
{
    s->weighted = wb_in != NULL;
    s->costs = NULL;
    s->ranked = false;
    nb = phon_fold_w(s->fb_buf, wb_in ? s->wb_buf : NULL, b, wb_in,
                     nb < SX_COMPACT_MAX ? nb : SX_COMPACT_MAX);
    s->fb = s->fb_buf;
    s->wb = wb_in ? s->wb_buf : phon_ones();
    s->nb = (uint16_t)nb;
    s->kh = kh_in(s->fb, nb);
    float total = 0.0f;
    for (size_t j = 0; j < nb; j++)
        total += s->wb[j];
    s->total = total;
    float lightest = nb ? s->wb[0] : 0.0f;
    for (size_t j = 1; j < nb; j++)
        lightest = s->wb[j] < lightest ? s->wb[j] : lightest;
    s->lightest = lightest;
    consonant_groups(s->groups, s->fb, nb);
}

/* The same for a word already folded (fb, nb letters, consonant groups g, kh: whether
 * it holds kh; word_phon), unweighted: its weights are all 1, so their sum is nb and the
 * least 1. */
static void phon_side_folded(sx_phon_side *s, const char *fb, size_t nb, const uint16_t g[5],
                             bool kh)
{
    s->weighted = s->ranked = false;
    s->kh = kh;
    s->costs = NULL;
    s->fb = fb;
    s->wb = phon_ones();
    s->nb = (uint16_t)nb;
    s->total = (float)nb;
    s->lightest = nb ? 1.0f : 0.0f;
    memcpy(s->groups, g, sizeof s->groups);
}

/* b's letter codes, insertion costs and the comparison's first row, made once. */
static void phon_costs_b(sx_phon_side *s, const phon_costs *t)
{
    s->ranked = false; /* the insertions' ranking was made with other costs, if any */
    s->row0[0] = 0.0f;
    for (size_t j = 1; j <= s->nb; j++) {
        s->bc[j - 1] = phon_code(s->fb[j - 1]);
        float ins = t->indel[s->bc[j - 1]];
        if (s->fb[j - 1] == 'k' && j < s->nb && s->fb[j] == 'h' && t->kh_insert < ins)
            ins = t->kh_insert;
        s->insw[j - 1] = ins * s->wb[j - 1];
        s->row0[j] = s->row0[j - 1] + s->insw[j - 1];
    }
    s->costs = t;
}

/* s->cheapest, from the insertion costs (phon_costs_b first).  Sorted by insertion: a
 * list name has tens of letters, and qsort's calls through a comparison cost more. */
static void phon_rank_insertions(sx_phon_side *s)
{
    float sorted[2 * SX_COMPACT_MAX + 1];
    for (size_t i = 0; i < s->nb; i++) {
        float v = s->insw[i];
        size_t j = i;
        for (; j > 0 && sorted[j - 1] > v; j--)
            sorted[j] = sorted[j - 1];
        sorted[j] = v;
    }
    s->cheapest[0] = 0.0f;
    for (size_t k = 0; k < s->nb; k++)
        s->cheapest[k + 1] = s->cheapest[k] + sorted[k];
    s->ranked = true;
}

/* Whether a fold of na letters, shorter than s, cannot reach min for the letters of s it
 * leaves over: an alignment pairs at most na letters of s, and every other one is
 * inserted at its cost in insw (the costs of the pairs and deletions are never below 0),
 * so the nb - na cheapest insertions are a bound.  A long list name against a short
 * reading (most whole-name pairs of a CJK query) is settled by it before the quadratic
 * part, whatever the letters: its light common words still count at their weight. */
static bool phon_settled_insertions(size_t na, sx_phon_side *s, float min, const phon_costs *t)
{
    if (na >= s->nb)
        return false;
    if (s->costs != t)
        phon_costs_b(s, t);
    float allowed = (1.0f - min) * s->total; /* as in phon_settled: nb is the longer */
    if (s->row0[s->nb] <= allowed) /* every letter inserted: the bound cannot settle it */
        return false;
    if (!s->ranked)
        phon_rank_insertions(s);
    return s->cheapest[s->nb - na] > allowed + PHON_BOUND_SLACK;
}

/* Consonant labels for the order bound, plus one (0: not such a consonant): a consonant
 * of one label meets one of another at a full edit (phon_sub, phon_indel), except th
 * (q), which stands cheaply for t or s.  Finer than bound_group's, which pools t/d with
 * s/z/j/c for th: here th is met label by label (order_compat).  A table: it is read for
 * every letter of both sides of a pair. */
static const uint8_t order_label_of[128] = {
    ['b'] = 1, ['p'] = 1, ['f'] = 1, ['v'] = 1, ['k'] = 2, ['g'] = 2, ['t'] = 3, ['d'] = 3,
    ['s'] = 4, ['z'] = 4, ['j'] = 4, ['c'] = 4, ['m'] = 5, ['n'] = 5, ['q'] = 6,
};

static inline int order_label(char c)
{
    unsigned u = (unsigned char)c;
    return u < 128 ? order_label_of[u] - 1 : -1;
}

/* Per label, the labels whose consonants it meets at less than a full edit, as bits. */
static const uint8_t order_compat[SX_ORDER_LABELS] = {
    1u << 0, 1u << 1, 1u << 2 | 1u << 5, 1u << 3 | 1u << 5, 1u << 4, 1u << 2 | 1u << 3 | 1u << 5,
};

/* bound_group of each order label (t/d and s/z/j/c pooled). */
static const uint8_t order_group[SX_ORDER_LABELS] = {0, 1, 2, 2, 3, 4};

/* For the fold f (n letters), in one pass: its letters per consonant group g (as
 * consonant_groups counts them) and its consonants in order o. */
static void phon_consonants(uint16_t g[5], sx_phon_order *o, const char *f, size_t n)
{
    uint64_t own[SX_ORDER_LABELS] = {0}; /* the places of each label's own consonants */
    size_t k = 0;
    memset(g, 0, 5 * sizeof *g);
    for (size_t i = 0; i < n; i++) {
        int l = order_label(f[i]);
        if (l < 0)
            continue;
        g[order_group[l]]++;
        if (k < 64)
            own[l] |= 1ull << k;
        k++;
    }
    for (int y = 0; y < SX_ORDER_LABELS; y++) {
        o->at[y] = 0;
        for (int l = 0; l < SX_ORDER_LABELS; l++)
            if ((order_compat[l] >> y) & 1u)
                o->at[y] |= own[l];
    }
    o->n = k <= 64 ? (uint8_t)k : SX_ORDER_NONE;
}

/* Whether a fold of na letters whose consonants are oa and the fold fb (nb letters) cannot
 * be aligned within allowed on their consonants in order.  The consonants an alignment
 * pairs at less than a full edit form a common subsequence of the two (under
 * order_compat), no longer than their longest; every other consonant is deleted,
 * inserted or substituted at a full edit (full: full_edit; times a weight of at least
 * lightest), one edit settling at most one consonant of each side.  Stronger than
 * consonant_excess, which counts the consonants regardless of order: most word pairs
 * left to the comparison hold like consonants in another order (hyeondae /
 * kyueoroteu).  The other letters (vowels, h, w, y, r, l, digits) one side has more of
 * are deleted or inserted (t->indel_min each: a short vowel against an Arabic-script
 * reading costs less than INDEL_MIN), or met by a consonant in one of those edits: one
 * each at most, and an edit more costs more than the letter it spares.  The longest
 * common subsequence is found bit-parallel (Allison and Dix), a few operations per
 * consonant of fb. */
static bool phon_settled_order(const sx_phon_order *oa, size_t na, const char *fb, size_t nb,
                               float lightest, float allowed, float full, const phon_costs *t)
{
    if (oa->n == SX_ORDER_NONE)
        return false;
    uint64_t v = ~0ull;
    size_t mb = 0;
    for (size_t j = 0; j < nb; j++) {
        int l = order_label(fb[j]);
        if (l < 0)
            continue;
        uint64_t u = v & oa->at[l];
        v = (v + u) | (v - u);
        mb++;
    }
    uint64_t mask = oa->n == 64 ? ~0ull : (1ull << oa->n) - 1;
    size_t pairs = popcount64(~v & mask), ma = oa->n;
    size_t edits = ma > mb ? ma - pairs : mb - pairs;
    size_t va = na - ma, vb = nb - mb, others = va > vb ? va - vb : vb - va;
    float least = (float)edits * full +
                  (others > edits ? t->indel_min * (float)(others - edits) : 0.0f);
    return least * lightest > allowed + PHON_BOUND_SLACK;
}

/* One row of the phonetic comparison (letter a against every letter of s), in place:
 * row holds the previous row across [*lo, *hi], the columns whose cells are at or below
 * limit (phon_compare), and gets this row's, with *lo and *hi moved.  False when every
 * cell of the row exceeds allowed: no alignment can reach min.  unit: s is unweighted
 * (every weight 1, and x * 1 is x), so the products are left out. */
static inline bool phon_row_at(float *row, size_t *lo, size_t *hi, char a, const sx_phon_side *s,
                               const phon_costs *t, float allowed, float limit, bool unit)
{
    uint8_t ac = phon_code(a);
    const float *sub = t->sub[ac], *wb = s->wb, *insw = s->insw;
    const uint8_t *bc = s->bc;
    float del = t->del[ac], diag = INFINITY, left = INFINITY, low = INFINITY;
    /* nhi: the last column kept (within the limit); the first is found at the end. */
    size_t nb = s->nb, j = *lo, phi = *hi, first = *lo, nhi = SIZE_MAX;
    if (j == 0) { /* the first column: a's letters deleted so far */
        diag = row[0];
        row[0] += unit ? del : del * wb[0];
        left = low = row[0];
        nhi = row[0] <= limit ? 0 : nhi;
        j = 1;
    }
    /* Columns the previous row kept: substitution, deletion or insertion. */
    for (size_t end = phi < nb ? phi : nb; j <= end; j++) {
        float up = row[j];
        float v = diag + (unit ? sub[bc[j - 1]] : sub[bc[j - 1]] * wb[j - 1]);
        float u = up + (unit ? del : del * wb[j - 1]);
        if (u < v)
            v = u;
        float ins = left + insw[j - 1];
        if (ins < v)
            v = ins;
        row[j] = v;
        diag = up;
        left = v;
        low = v < low ? v : low;
        nhi = v <= limit ? j : nhi;
    }
    /* The column after them: no deletion (the cell above was out of reach). */
    if (j <= nb) {
        float v = diag + (unit ? sub[bc[j - 1]] : sub[bc[j - 1]] * wb[j - 1]);
        float ins = left + insw[j - 1];
        if (ins < v)
            v = ins;
        row[j] = left = v;
        low = v < low ? v : low;
        nhi = v <= limit ? j : nhi;
        j++;
    }
    /* Past them only insertions lead on, while they stay within the limit. */
    for (; j <= nb && left <= limit; j++) {
        float v = left + insw[j - 1];
        row[j] = left = v;
        low = v < low ? v : low;
        nhi = v <= limit ? j : nhi;
    }
    if (low > allowed) /* then no cell is kept either: allowed <= limit */
        return false;
    while (row[first] > limit) /* every cell from first to nhi was made in this row */
        first++;
    *lo = first;
    *hi = nhi;
    return true;
}

static bool phon_row(float *row, size_t *lo, size_t *hi, char a, const sx_phon_side *s,
                     const phon_costs *t, float allowed, float limit)
{
    return s->weighted ? phon_row_at(row, lo, hi, a, s, t, allowed, limit, false)
                       : phon_row_at(row, lo, hi, a, s, t, allowed, limit, true);
}

/* Phonetic similarity in [0, 1] of the folded a (na letters) and the folded list side
 * s; 0 as soon as it cannot reach min (rows whose cheapest cell already exceeds the
 * allowed distance end the comparison).  s's weights, when given, weigh each letter of b
 * (the list side) by how distinctive its word is: an edit inside a common word
 * ("holdings") costs less than one inside the name proper, and the name proper counts
 * for more of the whole, so that 오리온홀딩스 does not pass for HARIM HOLDINGS on the
 * strength of the generic word. */
static float phon_compare(const char *fa, size_t na, const uint16_t ga[5],
                          const sx_phon_order *oa, sx_phon_side *s, float min,
                          const phon_costs *t)
{
    uint16_t own[5];
    const uint16_t *ca = ga;
    if (!ca) {
        consonant_groups(own, fa, na);
        ca = own;
    }
    float full = full_edit(t, fa, na, s->fb, s->nb, s->kh);
    if (phon_settled(na, s->nb, ca, s->groups, s->total, s->lightest, s->weighted, min, full,
                     t) ||
        phon_settled_insertions(na, s, min, t))
        return 0.0f;
    /* The same sums as phon_settled's. */
    float longer = na > s->nb ? s->total * (float)na / (float)s->nb : s->total;
    if (oa &&
        phon_settled_order(oa, na, s->fb, s->nb, s->lightest, (1.0f - min) * longer, full, t))
        return 0.0f;
    return phon_align(fa, na, s, min, t);
}

/* phon_compare past its bounds (a pair phon_settled leaves open). */
static float phon_align(const char *fa, size_t na, sx_phon_side *s, float min,
                        const phon_costs *t)
{
    size_t nb = s->nb;
    /* The same sums as phon_settled's. */
    float longer = na > nb ? s->total * (float)na / (float)nb : s->total;
    float allowed = (1.0f - min) * longer;
    /* The costs of b's letters are looked up once, not once per cell. */
    if (s->costs != t)
        phon_costs_b(s, t);
    /* Costs only add up along an alignment, so a cell above the limit cannot lie on one
     * that reaches min: such cells are left out (as if infinite), and each row is
     * computed only across the columns [lo, hi] its predecessor keeps below the limit
     * (and where the insertions after them stay below).  Every cell at or below the
     * limit keeps its exact value, since its best predecessor is one too; the limit's
     * margin of a thousandth of the length above allowed is far beyond float rounding,
     * so a final cell left out would have failed min all the same. */
    float limit = allowed + 1e-3f * longer;
    float row[2 * SX_COMPACT_MAX + 1];
    size_t lo = 0, hi = 0;
    row[0] = 0.0f;
    while (hi < nb && s->row0[hi + 1] <= limit) {
        hi++;
        row[hi] = s->row0[hi];
    }
    for (size_t i = 1; i <= na; i++) {
        if (!phon_row(row, &lo, &hi, fa[i - 1], s, t, allowed, limit))
            return 0.0f;
    }
    if (hi < nb) /* the last cell is above the limit */
        return 0.0f;
    float r = 1.0f - row[nb] / longer;
    return r >= min ? r : 0.0f;
}

/* A query reading against a list side: the reading's fold is made once
 * (sx_phon_fold, q->folded), not once per list reading; folded here when not given. */
static float phon_compare_query(const sx_prep *q, const sx_sim_words *qw, sx_phon_side *s,
                                float min)
{
    char buf[2 * SX_COMPACT_MAX + 1];
    const phon_costs *t = phon_cost_table(reading_costs(q, false));
    if (q->folded)
        return phon_compare(q->folded, strlen(q->folded), qw->whole_groups, &qw->whole, s, min,
                            t);
    size_t na = phon_fold(buf, q->compact, q->clen < SX_COMPACT_MAX ? q->clen : SX_COMPACT_MAX);
    return phon_compare(buf, na, NULL, NULL, s, min, t);
}

/* The same for two spellings, both folded here (words of the token alignment). */
static float phonetic_score(const char *a, size_t na, const char *b, size_t nb, float min,
                            const phon_costs *t)
{
    char fa[2 * SX_COMPACT_MAX + 1];
    sx_phon_side s;
    na = phon_fold(fa, a, na < SX_COMPACT_MAX ? na : SX_COMPACT_MAX);
    phon_side_make(&s, b, nb, NULL);
    return phon_compare(fa, na, NULL, NULL, &s, min, t);
}

/* What the word comparisons need of a word alone: its fold's length and consonant
 * groups (for phon_settled) and its hash (for the memo), as phonetic_score folds it. */
static void word_sum(sx_word_sum *s, char *f, const char *w, size_t n)
{
    size_t fl = phon_fold(f, w, n < SX_COMPACT_MAX ? n : SX_COMPACT_MAX);
    s->flen = (uint16_t)fl;
    s->kh = kh_in(f, fl);
    phon_consonants(s->groups, &s->order, f, fl);
    s->hash = word_hash(w, n);
    s->fold = f;
}

/* word_sum, the fold kept in ws->folds when there is room (else folded again). */
static void word_phon(sx_sim_words *ws, sx_word_sum *s, const char *w, size_t n)
{
    char f[2 * SX_COMPACT_MAX + 1];
    word_sum(s, f, w, n);
    size_t fl = s->flen;
    s->fold = NULL;
    if (fl < sizeof ws->folds - ws->folds_used) {
        s->fold = memcpy(ws->folds + ws->folds_used, f, fl);
        ws->folds_used += fl;
    }
}

/* The words of p summarised once for all the readings they meet: letter sets always,
 * the phonetic parts (of each word and of each word joined with the next, as
 * merge_pairs joins them) for the words token_phon may compare, those of min_len
 * letters or more (0: none). */
static void words_make(sx_sim_words *w, const sx_prep *p, size_t min_len)
{
    size_t n = p->ntok < SX_PREP_MAX_TOKENS ? p->ntok : SX_PREP_MAX_TOKENS;
    if (!w->sets) {
        for (size_t t = 0; t < n; t++)
            w->word[t].set = letter_set(p->tok[t], p->tlen[t]);
        w->sets = true;
    }
    if (min_len == 0 || (w->phon_min && min_len >= w->phon_min))
        return;
    /* Words below min_len, or already made for a longer min_len, are left alone. */
    size_t upto = w->phon_min ? w->phon_min : SIZE_MAX;
    for (size_t t = 0; t < n; t++)
        if (p->tlen[t] >= min_len && p->tlen[t] < upto)
            word_phon(w, &w->word[t], p->tok[t], p->tlen[t]);
    for (size_t t = 0; t + 1 < n; t++) {
        char joined[128];
        size_t l1 = p->tlen[t], l2 = p->tlen[t + 1];
        /* merge_pairs never joins words as long as the buffer */
        if (l1 + l2 >= sizeof joined || l1 + l2 < min_len || l1 + l2 >= upto)
            continue;
        memcpy(joined, p->tok[t], l1);
        memcpy(joined + l1, p->tok[t + 1], l2);
        word_phon(w, &w->join[t], joined, l1 + l2);
    }
    w->phon_min = (uint8_t)(min_len < 255 ? min_len : 255);
}

void sx_sim_words_number(sx_sim_words *const *w, const sx_prep *p, size_t n)
{
    const char *word[SX_SIM_QUERY_WORDS];
    uint8_t len[SX_SIM_QUERY_WORDS];
    size_t nwords = 0, total = 0;
    for (size_t r = 0; r < n; r++) {
        size_t nt = p[r].ntok < SX_PREP_MAX_TOKENS ? p[r].ntok : SX_PREP_MAX_TOKENS;
        for (size_t t = 0; t < nt; t++) {
            size_t k = 0;
            while (k < nwords && !(len[k] == p[r].tlen[t] &&
                                   memcmp(word[k], p[r].tok[t], len[k]) == 0))
                k++;
            if (k == nwords && nwords < SX_SIM_QUERY_WORDS) {
                word[nwords] = p[r].tok[t];
                len[nwords++] = p[r].tlen[t];
            }
            w[r]->id[t] = k < nwords ? (uint8_t)k : SX_SIM_NO_ID;
            total++;
        }
    }
    /* Numbered only when a word recurs: else nothing is met twice (a Latin name). */
    for (size_t r = 0; r < n; r++)
        w[r]->numbered = nwords < total;
}

void sx_sim_words_make(sx_sim_words *w, const sx_prep *p)
{
    sx_sim_words_init(w);
    words_make(w, p, p->phon_tokens);
    for (size_t t = 0; p->phon_tokens && t < p->ntok && t < SX_PREP_MAX_TOKENS; t++) {
        w->ja_native |= (uint32_t)romanised_japanese(p, t) << t;
        if (p->korean)
            w->ko_native |= (uint32_t)romanised_korean(p, t) << t;
    }
    for (size_t t = 0; !p->spelled && t < p->ntok && t < SX_PREP_MAX_TOKENS; t++)
        w->renders |= (uint32_t)sx_terms_rendering(p->tok[t], p->tlen[t]) << t;
    if (p->folded)
        phon_consonants(w->whole_groups, &w->whole, p->folded, strlen(p->folded));
}

size_t sx_phon_fold(char *out, const char *s, size_t n)
{
    return phon_fold(out, s, n < SX_COMPACT_MAX ? n : SX_COMPACT_MAX);
}

/* Consonant letters of a reading (doubles once), each at its letter weight, a
 * descriptor's (holdings, management) at DESCRIPTOR_FACTOR of it, as when one is left
 * over (leftover_weight).  The words spell the compact form (letter_weights). */
static float weighted_consonants(const sx_prep *c, const float *lw)
{
    float n = 0.0f;
    for (size_t t = 0, i = 0; t < c->ntok; t++) {
        float f = c->kind && c->kind[t] == SX_WORD_DESCRIPTOR ? DESCRIPTOR_FACTOR : 1.0f;
        for (size_t end = i + c->tlen[t]; i < end; i++) {
            char ch = c->compact[i];
            /* vowelish: the same letters as strchr("aeiouyhw", ch), without a call per
             * letter (a list name's, once per key a query scores) */
            if (vowelish(ch) || (i > 0 && c->compact[i - 1] == ch))
                continue;
            n += lw[i] * f;
        }
    }
    return n;
}

/* Per-letter weights of a multi-word reading's compact form: each letter carries its
 * word's weight relative to the name's most distinctive word.  False when the words do
 * not spell the compact form (then the comparison is unweighted). */
static bool letter_weights(float *out, const sx_prep *c)
{
    float top = 0.0f;
    size_t at = 0;
    for (size_t t = 0; t < c->ntok; t++)
        if (c->w[t] > top)
            top = c->w[t];
    if (top <= 0.0f)
        return false;
    for (size_t t = 0; t < c->ntok; t++) {
        if (at + c->tlen[t] > c->clen || memcmp(c->compact + at, c->tok[t], c->tlen[t]) != 0)
            return false;
        for (size_t k = 0; k < c->tlen[t]; k++)
            out[at + k] = c->w[t] / top;
        at += c->tlen[t];
    }
    return at == c->clen;
}

#define SKELETON_MIN 3         /* fewer consonants collide too often to mean anything */
#define SKELETON_CEILING 0.92f /* a skeleton match alone is strong evidence, not proof */
#define SKELETON_CEILING_BASE 0.78f /* ... and weaker the fewer consonants it rests on */
#define SKELETON_CEILING_STEP 0.025f

/* The list reading's side of the whole-name phonetic comparison: its letter weights,
 * weighted consonants and fold, the same for every query reading it meets. */
static void sim_list_make(sx_sim_list *l, const sx_prep *c)
{
    float lw[SX_COMPACT_MAX + 1];
    bool weighted = c->ntok > 1 && c->ntok <= SX_PREP_MAX_TOKENS && c->clen <= SX_COMPACT_MAX &&
                    letter_weights(lw, c);
    /* Consonants of common words count at their words' weight (see sx_sim), and a
     * descriptor's less. */
    l->ccw = weighted ? weighted_consonants(c, lw) : (float)c->ncons;
    phon_side_make(&l->phon, c->compact, c->clen, weighted ? lw : NULL);
    l->made = true;
}

/* Whether list name c opens with another Korean word than the query's first word
 * (other_korean_words_at). */
static bool other_korean_start(const sx_prep *q, const sx_sim_words *qw, const sx_prep *c,
                               sx_sim_list *l)
{
    if (!q->hangul || q->ntok == 0 || c->ntok == 0)
        return false;
    native_words nw = {.q = q, .qw = qw, .c = c, .as_spelled = l->spelled, .l = l};
    return other_korean_words_at(&nw, 0, 0, c->ntok);
}

/* Whether the list name c (l: its comparison state) writes each of the query's words
 * that are Latin letters spelled in Hangul or kana (sx_prep.letter_words) as those
 * letters: as the list spells it, where c is its loanword reading, which writes its
 * sounds in the query's letters (FIRSTEC read peoseutek has no P).  On consonants alone, letters pass
 * for a word of like sounds (씨티알모빌리티, CTR Mobility, met KG Mobility's kgmobilliti
 * at 0.82; 피에스텍, P estek, met FIRSTEC at 0.84), where SK Rent a Car's letters are
 * written as they are spelled. */
static bool letters_written(const sx_prep *q, const sx_prep *c, const sx_sim_list *l)
{
    const sx_prep *as_spelled = l->spelled ? l->spelled : c;
    for (size_t t = 0; t < q->ntok && t < 32; t++) {
        if (!((q->letter_words >> t) & 1u))
            continue;
        /* A letter alone is written as a word of its own (E-Tron), not as any word's
         * letter (시지트로닉스, C jitronics, is not CHEMTRONICS); two or more anywhere. */
        bool written = q->tlen[t] > 1 && memmem(as_spelled->compact, as_spelled->clen,
                                                q->tok[t], q->tlen[t]) != NULL;
        for (size_t j = 0; !written && q->tlen[t] == 1 && j < as_spelled->ntok; j++)
            written = as_spelled->tlen[j] == 1 && as_spelled->tok[j][0] == q->tok[t][0];
        if (!written)
            return false;
    }
    return true;
}

float sx_sim_list_score(const sx_prep *q, const sx_sim_words *qw, const sx_prep *c, sx_sim_list *l,
                        sx_sim_method *method, float floor)
{
    sx_sim_words own;
    if (!qw || (q->phon_tokens && (!qw->phon_min || q->phon_tokens < qw->phon_min))) {
        sx_sim_words_make(&own, q);
        qw = &own;
    }
    words_make(&l->words, c, q->phon_tokens);
    bool other_names = false, other_word = false;
    float best = token_score(q, qw, c, l, l->spelled, &other_names, &other_word);
    if (best < 0.0f) { /* words met as spelled beside an unsure pair: read alone */
        other_word = false;
        best = token_score(q, qw, c, l, NULL, &other_names, &other_word);
    }
    *method = other_names ? SX_SIM_TOKENS_OTHER_NAMES : SX_SIM_TOKENS;
    /* Word by word, a Korean word met another (other_korean_words), or the list name
     * opens with one: the name as one string or on its consonants would meet it again by
     * the letters they share (삼영엠텍 samyeongemtek / Samyang Entech, 0.85 on
     * consonants). */
    if (best >= 1.0f || other_word || other_korean_start(q, qw, c, l))
        return best;
    /* Whole-name comparison is for spacing differences (one side written as one word);
     * between two multi-word names it lets shared generic words ("korea ... shipping")
     * outvote the one distinctive word that differs. */
    float w = q->ntok == 1 || c->ntok == 1
                  ? whole_score(q->compact, q->clen, c->compact, c->clen, 1.5f)
                  : 0.0f;
    if (w < 1.0f && q->spelled && !joins_spelled(q, c))
        w = 0.0f;
    if (w > 0.0f && w < 1.0f)
        w = whole_beside_shared(q, c, w);
    if (w > 0.0f && w < 1.0f && q->pinyin &&
        other_pinyin_run(q->compact, q->clen, c->compact, c->clen))
        w = 0.0f;
    if (w > best) {
        best = w;
        *method = SX_SIM_WHOLE;
    }
    size_t qc = q->ncons, cc = c->ncons;
    /* Not a name of Han characters alone (its words are Japanese words, not guesses at
     * a loanword's consonants: 竹中 洋 met TAKENAKA CORPORATION at 0.83), nor letters
     * the list name does not write. */
    if (q->translit && !q->han_words && qc >= 2 && cc >= 2 &&
        (qc >= SKELETON_MIN || cc >= SKELETON_MIN) && letters_written(q, c, l)) {
        if (!l->made)
            sim_list_make(l, c);
        /* A sound-alike is evidence in proportion to the consonants it lines up: three
         * (daesang / daechang) say little, six or more say as much as a skeleton can.
         * Consonants of common words count at their words' weight: "holdings" adds
         * little to what "ss" and "shoa" have in common. */
        float ccw = l->ccw;
        float cons = (float)qc < ccw ? (float)qc : ccw;
        float ceiling = SKELETON_CEILING_BASE + SKELETON_CEILING_STEP * cons;
        if (ceiling > SKELETON_CEILING)
            ceiling = SKELETON_CEILING;
        float need = (best > floor ? best : floor) / ceiling;
        float p = need >= 1.0f ? 0.0f : ceiling * phon_compare_query(q, qw, &l->phon, need);
        if (p > best) {
            best = p;
            *method = SX_SIM_SKELETON;
        }
    }
    return best;
}

float sx_sim(const sx_prep *q, const sx_prep *c, sx_sim_method *method, float floor)
{
    sx_sim_list l;
    sx_sim_list_init(&l);
    return sx_sim_list_score(q, NULL, c, &l, method, floor);
}

float sx_sim_script(const char *a, const char *b)
{
    uint32_t ca[SX_COMPACT_MAX], cb[SX_COMPACT_MAX];
    size_t na = sx_decode(ca, SX_COMPACT_MAX, a, strlen(a));
    size_t nb = sx_decode(cb, SX_COMPACT_MAX, b, strlen(b));
    if (na == 0 || nb == 0)
        return 0.0f;
    size_t longer = na > nb ? na : nb;
    size_t d = sx_lev_cps(ca, na, cb, nb, longer);
    return ratio(d, longer, 1.5f);
}
