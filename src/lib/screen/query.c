/* Screening one name against the index: analyse the query, gather candidate readings
 * through trigram postings (text and skeleton), score them, keep the best reading per
 * entity, rank, explain. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/screen/candidates.h"
#include "lib/screen/evidence.h"
#include "lib/screen/index.h"
#include "lib/screen/textint.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/utf8.h"

/* The alert line: a score at or above it means "a person must look at this".  Chosen on
 * the score scale, not per list: an exact name (or an exact reading of a Hangul or Kana
 * name) scores 1.0; see docs/screening.md for the measured trade-off. */
#define SX_DEFAULT_THRESHOLD 0.80

#define MAX_CANDIDATES 80     /* names scored per query, best trigram share first */
#define CJK_CANDIDATES 40     /* the same for a query with loanword readings (run) */
#define KEYS_PER_NAME 4       /* readings looked at per candidate name, on average */
#define MAX_CAND_KEYS (CJK_CANDIDATES * KEYS_PER_NAME) /* keys ranked, at most */
#define SKELETON_READINGS 4    /* readings whose skeleton selects candidates */
#define MIN_SCORED 20          /* candidates always scored (if present) */
#define SHORT_FORMS_MET 8      /* short forms a query spells, scored beside them */
#define RELATIVE_SHARE 0.5f    /* others need half the best candidate's share */
#define WORD_LOOKUP_BELOW 1.01f /* best share under which a name is looked up word by word */
#define MIN_SHARE 0.25f        /* share of a reading's trigrams a candidate must have */
#define FLOOR_MARGIN 1e-4f     /* below the alert line, for float rounding (run) */
#define COMMON_TRIGRAM_SHARE 400 /* trigrams in more than 1/400 of the names (+ floor) */
#define COMMON_TRIGRAM_FLOOR 128 /* are skipped, except the RAREST_ALWAYS rarest ones */
#define RAREST_ALWAYS 3
#define READING_LEADERS 3 /* a reading's best keys, when clearly ahead, are always scored */
#define LOAN_PHON_MIN 6 /* shortest word of a loanword reading compared on sounds */
#define WEAK_ALIAS_FACTOR 0.92f
#define TYPE_MISMATCH_FACTOR 0.95f
#define SCRIPT_MIN 0.5f /* same-script scores below are not candidates */
#define MAX_ALSO_LISTED 8 /* other listings of one entity shown with its result */
#define PREFETCH_AHEAD 24 /* keys between asking for a key's tally and reading it */

_Static_assert(MAX_CAND_KEYS >= MAX_CANDIDATES, "a Latin query ranks MAX_CANDIDATES keys");

double sx_screen_default_threshold(void)
{
    return SX_DEFAULT_THRESHOLD;
}

/* ---- scratch ---- */

void sx_ix_scratch_free(sx_ix_scratch *s)
{
    if (!s)
        return;
    free(s->tally);
    free(s->sum);
    free(s->count);
    free(s->touched);
    free(s->alt_touched);
    free(s->word_touched);
    free(s->strong);
    free(s);
}

/* Asks for the tally of keys[i + PREFETCH_AHEAD] while keys[i] is handled: a query's keys
 * are scattered over the index, and too many for their tallies to stay cached between the
 * passes over them.  Without a test for the end of keys: the key lists are allocated
 * PREFETCH_AHEAD slots longer and zeroed (scratch_get), so what lies past the keys listed
 * is a key number all the same, of no use but harmless to ask for. */
static inline void prefetch_ahead(const sx_ix_scratch *s, const uint32_t *keys, size_t i)
{
    __builtin_prefetch(&s->tally[keys[i + PREFETCH_AHEAD]], 1);
}

static sx_ix_scratch *scratch_get(sx_screen_index *ix)
{
    pthread_mutex_lock(&ix->pool_lock);
    sx_ix_scratch *s = ix->pool;
    if (s)
        ix->pool = s->next;
    pthread_mutex_unlock(&ix->pool_lock);
    if (s)
        return s;
    s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t n = ix->nkeys ? ix->nkeys : 1;
    s->tally = calloc(n, sizeof *s->tally);
    s->sum = calloc(n, sizeof *s->sum);
    s->count = calloc(n, sizeof *s->count);
    s->touched = calloc(n + PREFETCH_AHEAD, sizeof *s->touched);
    s->alt_touched = calloc(n + 1 + PREFETCH_AHEAD, sizeof *s->alt_touched); /* 1: count_list */
    s->word_touched = calloc(n + PREFETCH_AHEAD, sizeof *s->word_touched);
    s->strong = malloc(n * sizeof *s->strong);
    s->cap = n;
    if (!s->tally || !s->sum || !s->count || !s->touched || !s->alt_touched || !s->word_touched ||
        !s->strong) {
        sx_ix_scratch_free(s);
        return NULL;
    }
    return s;
}

static void scratch_put(sx_screen_index *ix, sx_ix_scratch *s)
{
    for (size_t i = 0; i < s->ntouched; i++) {
        prefetch_ahead(s, s->touched, i);
        s->tally[s->touched[i]] = (sx_ix_tally){0};
        s->count[s->touched[i]] = 0;
        if (s->summing)
            s->sum[s->touched[i]] = 0.0f;
    }
    for (size_t i = 0; i < s->nwords; i++)
        s->tally[s->word_touched[i]] = (sx_ix_tally){0};
    s->ntouched = 0;
    s->nwords = 0;
    s->nstrong = 0;
    s->npinned = 0;
    s->lookups = 0;
    pthread_mutex_lock(&ix->pool_lock);
    s->next = ix->pool;
    ix->pool = s;
    pthread_mutex_unlock(&ix->pool_lock);
}

/* ---- candidates ---- */

/* A key's hits for one reading are counted in a byte: at most one per trigram. */
_Static_assert(SX_COMPACT_MAX + 2 <= UINT8_MAX, "trigram hits must fit sx_ix_scratch.count");

/* Counts a hit for key k (count; appended to alt[nalt..] if first hit); returns the new
 * nalt. */
static inline size_t count_key(uint8_t *count, uint32_t *alt, size_t nalt, uint32_t k,
                               size_t nkeys)
{
    if (k >= nkeys) /* only from a damaged index file (see ixfile.c) */
        return nalt;
    /* Without a branch (whether a key is hit for the first time is a coin toss): k is
     * written past the keys listed, and counted only if first hit, so alt holds one more
     * slot than there are keys. */
    uint8_t c = count[k];
    count[k] = (uint8_t)(c + 1);
    alt[nalt] = k;
    return nalt + (c == 0);
}

/* Counts a hit for each key of postings [a, b) (count, the keys first hit appended to
 * alt[nalt..]); returns the new nalt.  Every posting but the last is read in one load
 * (sx_ix_posting_load): the postings are most of what a query reads. */
static inline size_t count_list(uint8_t *count, uint32_t *alt, size_t nalt, const uint8_t *post,
                                uint32_t a, uint32_t b, unsigned width, size_t nkeys)
{
    if (a == b)
        return nalt;
    const uint8_t *last = post + (size_t)(b - 1) * width;
    for (const uint8_t *p = post + (size_t)a * width; p < last; p += width)
        nalt = count_key(count, alt, nalt, sx_ix_posting_load(p, width), nkeys);
    return count_key(count, alt, nalt, sx_ix_posting(last, 0, width), nkeys);
}

/* A set of trigram postings: a key class's letters, or its words' marks... (index.h). */
typedef struct postings {
    const uint32_t *off;
    const uint8_t *post;
} postings;

/* A trigram code with this bit is looked up in the second of two sets of postings (the
 * words' marks: gather_words); codes are below SX_IX_NTRI. */
#define IN_SECOND 0x80000000u

static inline uint32_t posting_count(const postings *sets, uint32_t t)
{
    const uint32_t *off = sets[t >> 31].off;
    t &= ~IN_SECOND;
    return off[t + 1] - off[t];
}

/* Counts, for trigrams tri[0..n), the hits of each key (s->count, the keys in
 * s->alt_touched); returns how many keys were hit and sets *used to the number of
 * trigrams followed.  Each trigram is looked up in sets[0], or in sets[1] if it has the
 * IN_SECOND bit.  Trigrams shared by very many keys ("ing", "^ka") select nothing and
 * cost the most, so only the rarer ones are followed (the rarest few always are). */
static size_t count_hits(const sx_screen_index *ix, sx_ix_scratch *s, uint32_t *tri, size_t n,
                         const postings *sets, size_t always, size_t *used)
{
    /* Rarest first (insertion sort by posting length; n is small). */
    for (size_t i = 1; i < n; i++) {
        uint32_t v = tri[i], lv = posting_count(sets, v);
        size_t j = i;
        while (j > 0 && posting_count(sets, tri[j - 1]) > lv) {
            tri[j] = tri[j - 1];
            j--;
        }
        tri[j] = v;
    }
    size_t common = ix->nweighed / COMMON_TRIGRAM_SHARE + COMMON_TRIGRAM_FLOOR; /* posted */
    size_t nalt = 0;
    *used = 0;
    unsigned width = ix->post_width;
    /* Each posting list starts somewhere in tens of megabytes: all are asked for now. */
    for (size_t i = 0; i < n; i++) {
        const postings *at = &sets[tri[i] >> 31];
        __builtin_prefetch(&at->post[(size_t)at->off[tri[i] & ~IN_SECOND] * width]);
    }
    /* In locals: a store through the byte counts could otherwise alias them all. */
    uint8_t *count = s->count;
    uint32_t *alt = s->alt_touched;
    size_t nkeys = ix->nkeys;
    for (size_t i = 0; i < n; i++, (*used)++) {
        const postings *at = &sets[tri[i] >> 31];
        uint32_t t = tri[i] & ~IN_SECOND, a = at->off[t], b = at->off[t + 1];
        if (b - a > common && i >= always)
            break;
        /* The width as a constant: the postings then decode without a test each. */
        nalt = width == 3 ? count_list(count, alt, nalt, at->post, a, b, 3, nkeys)
                          : count_list(count, alt, nalt, at->post, a, b, 4, nkeys);
    }
    return nalt;
}

/* Key k reached share for one query reading: its best so far is raised, and the sum of
 * its shares over the readings (the tie-break of goes_before) grows, if kept.  The sums
 * are apart from the tallies, which a Latin query, not summing, then reads as densely. */
static inline void credit(sx_ix_scratch *s, uint32_t k, float share, bool summing)
{
    if (summing)
        s->sum[k] += share;
    if (share <= s->tally[k].best)
        return;
    if (s->tally[k].best == 0.0f) {
        s->touched[s->ntouched++] = k;
        /* With one lookup, these are the candidates, in touched order (run() then need
         * not revisit every touched key); with more, end_gathering lists them anew. */
        if (share >= MIN_SHARE && s->lookups <= 1)
            s->strong[s->nstrong++] = (sx_ix_cand){k, share, share};
    }
    s->tally[k].best = share;
}

/* The share of a key hit by c of the used trigrams, divided by parts (the words of a
 * words share, else 1). */
static float share_at(size_t c, size_t used, size_t parts)
{
    float s = (float)c / (float)(used ? used : 1);
    return parts == 1 ? s : s / (float)parts;
}

/* share[c] = share_at(c, used, parts) for every count a key can have (one hit per
 * trigram at most): two divisions per count instead of per key hit, the same
 * roundings.  Only a damaged index file could count more (see share_of). */
static void share_table(float *share, size_t used, size_t parts)
{
    for (size_t c = 0; c <= used; c++)
        share[c] = share_at(c, used, parts);
}

static inline float share_of(const float *share, uint8_t c, size_t used, size_t parts)
{
    return c <= used ? share[c] : share_at(c, used, parts);
}

/* Credits the words shares gather_words left pending (see there). */
static void credit_words(sx_ix_scratch *s)
{
    bool summing = s->summing;
    for (size_t i = 0; i < s->nwords; i++) {
        prefetch_ahead(s, s->word_touched, i);
        uint32_t k = s->word_touched[i];
        credit(s, k, s->tally[k].words, summing);
        s->tally[k].words = 0.0f;
    }
    s->nwords = 0;
}

/* The keys one lookup ranks first: READING_LEADERS of them, and one more to tell whether
 * they are clearly ahead.  Best share first; among equals, the key met first. */
typedef struct leaders {
    sx_ix_cand c[READING_LEADERS + 1];
    size_t n;
} leaders;

static void leaders_add(leaders *l, uint32_t k, float share)
{
    if (l->n == READING_LEADERS + 1 && share <= l->c[READING_LEADERS].share)
        return;
    size_t i = l->n < READING_LEADERS + 1 ? l->n++ : READING_LEADERS;
    for (; i > 0 && l->c[i - 1].share < share; i--)
        l->c[i] = l->c[i - 1];
    l->c[i] = (sx_ix_cand){k, share, share};
}

/* Pins the leaders of one lookup that are clearly ahead of the rest (a lower share
 * follows them) and reach MIN_SHARE: they are scored whatever the other readings found.
 * A key's share is its best over the query's readings, and a reading whose trigrams are
 * nearly all common is looked up by its three rarest: every key holding those three
 * shares 1.0, hundreds of them.  Such a reading (a skeleton, a reading no list name
 * spells) crowded out the one key that a telling reading ranked first at 0.39:
 * 온코닉테라퓨틱스 never met Onconic Therapeutics, which scores 0.89. */
static void pin_leaders(sx_ix_scratch *s, const leaders *l)
{
    size_t m = l->n <= READING_LEADERS ? l->n : READING_LEADERS;
    while (m > 0 && m < l->n && l->c[m - 1].share <= l->c[m].share)
        m--;
    for (size_t i = 0; i < m && s->npinned < SX_IX_PINNED_MAX; i++)
        if (l->c[i].share >= MIN_SHARE)
            s->pinned[s->npinned++] = l->c[i];
}

/* Credits the nalt keys that the used trigrams of one reading hit (s->count, s->alt_touched)
 * with their shares; returns the best share a key reached.  exact: the reading's compact
 * length, to pin the keys that hold all the trigrams looked up and are as long (the
 * reading spelled as a list name is, as near as trigrams tell), or 0.  A short reading's
 * trigrams are all common: its three rarest are looked up, and hundreds of keys hold them
 * (エスイー read "se", and every name with an "SE" in it); the one key spelled so need
 * not rank first among them, and 쏠리드 (SOLID LTD at 0.995) once gave no alert.
 * summing: s->summing, as a constant (gather_tri, which passes exact only then). */
static inline __attribute__((always_inline)) float
credit_reading(const sx_screen_index *ix, sx_ix_scratch *s, size_t nalt, size_t used,
               size_t exact, bool summing)
{
    float top = 0.0f;
    float shares[SX_COMPACT_MAX + 3];
    share_table(shares, used, 1);
    leaders lead = {.n = 0};
    float lead_last = -1.0f; /* the last leader's share once there are all of them */
    for (size_t i = 0; i < nalt; i++) {
        prefetch_ahead(s, s->alt_touched, i);
        uint32_t k = s->alt_touched[i];
        /* Share of the trigrams looked up: skipped common ones count for no one. */
        float share = share_of(shares, s->count[k], used, 1);
        if (exact && s->count[k] == used &&
            (size_t)sx_ix_key_clen(ix, k) == exact && s->npinned < SX_IX_PINNED_MAX)
            s->pinned[s->npinned++] = (sx_ix_cand){k, share, share};
        s->count[k] = 0;
        if (share > top)
            top = share;
        /* Most keys are no leader: told here, without a call (a CJK query meets millions). */
        if (share > lead_last) {
            leaders_add(&lead, k, share);
            if (lead.n == READING_LEADERS + 1)
                lead_last = lead.c[READING_LEADERS].share;
        }
        credit(s, k, share, summing);
    }
    pin_leaders(s, &lead);
    return top;
}

/* Adds, for one query reading, each key's share of the reading's trigrams to best.
 * Returns the best share a key reached.  exact: as for credit_reading, applied for a
 * query summing only (a Latin query's ties go by length, goes_before). */
static float gather_tri(const sx_screen_index *ix, sx_ix_scratch *s, uint32_t *tri, size_t n,
                        const uint32_t *off, const uint8_t *post, size_t exact)
{
    credit_words(s); /* before any other share, in the order they were gathered */
    s->lookups++;
    if (n == 0)
        return 0.0f;
    size_t used;
    postings sets[2] = {{off, post}, {off, post}};
    size_t nalt = count_hits(ix, s, tri, n, sets, RAREST_ALWAYS, &used);
    /* Apart for a query summing: a Latin one, which most are, is spared the tests at
     * every key. */
    return s->summing ? credit_reading(ix, s, nalt, used, exact, true)
                      : credit_reading(ix, s, nalt, used, 0, false);
}

/* A name written with its words in another order (Avia Veteran / Veteran Avia) shares
 * its words' inner trigrams, not those across the joins of the words.  Each word is
 * looked up alone (its trigrams with its own boundary marks: those in marks, the
 * postings of the list words' marks wherever the word stands in the name) and a key's
 * share is the mean over the words of its share of each: a name holding every word, in
 * any order, ranks above the many that hold only one of them — which a count over all
 * the words' trigrams together could not tell apart once the common ones are skipped.
 * marks NULL: the words' boundary marks are left out (consonants: a name's are one run,
 * where a word need not start or end it, and a word's marks, among its rarest trigrams,
 * would always be followed).
 * The shares are left in the tallies (s->nwords of them, in s->word_touched), credited
 * by the next gathering or, when this is the last, by the pass over the touched keys
 * that follows it (end_gathering): one pass over those scattered keys fewer. */
static void gather_words(const sx_screen_index *ix, sx_ix_scratch *s, const char *const *tok,
                         const uint8_t *tlen, size_t ntok, const postings *inner,
                         const postings *marks)
{
    credit_words(s);
    s->lookups++;
    size_t nw = 0, words = ntok < SX_PREP_MAX_TOKENS ? ntok : SX_PREP_MAX_TOKENS;
    postings sets[2] = {*inner, marks ? *marks : *inner};
    for (size_t t = 0; t < words; t++) {
        uint32_t tri[SX_COMPACT_MAX + 2];
        size_t n = marks ? sx_ix_trigrams(tri, SX_COMPACT_MAX + 2, tok[t], tlen[t])
                         : sx_ix_inner_trigrams(tri, SX_COMPACT_MAX + 2, tok[t], tlen[t]),
               used;
        if (n == 0)
            continue;
        for (size_t i = 0; marks && i < n; i++)
            if (sx_ix_trigram_marked(tri[i]))
                tri[i] |= IN_SECOND;
        size_t nalt = count_hits(ix, s, tri, n, sets, RAREST_ALWAYS, &used);
        float part[SX_COMPACT_MAX + 3];
        share_table(part, used, words);
        for (size_t i = 0; i < nalt; i++) {
            prefetch_ahead(s, s->alt_touched, i);
            uint32_t k = s->alt_touched[i];
            sx_ix_tally *ty = &s->tally[k];
            float share = share_of(part, s->count[k], used, words);
            s->count[k] = 0;
            if (ty->words == 0.0f)
                s->word_touched[nw++] = k;
            ty->words += share;
        }
    }
    s->nwords = nw;
}

static float gather(const sx_screen_index *ix, sx_ix_scratch *s, const char *text, size_t len,
                    const uint32_t *off, const uint8_t *post, size_t exact)
{
    uint32_t tri[SX_COMPACT_MAX + 2];
    return gather_tri(ix, s, tri, sx_ix_trigrams(tri, SX_COMPACT_MAX + 2, text, len), off,
                      post, exact);
}

typedef sx_ix_cand cand;

/* A candidate being ranked: its key, share, and tie-break (goes_before): |its compact
 * length - the query's| for a Latin query, minus its sum of shares for a query summing,
 * else 0.  Lower goes first. */
typedef struct ranked {
    uint32_t key;
    float share;
    float tie;
} ranked;

/* Whether candidate c goes before o: a greater share; or the same share and, for a Latin
 * query, a length nearer the query's; for a query with loanword readings, a greater sum of
 * shares over the readings.  When the trigrams of a query are nearly all
 * common, only the rarest few are looked up, and hundreds of names hold them all: the
 * three rarest of "Semiconductor Manufacturing International (Shenzhen)" are in
 * "manufacturing", and every manufacturer shares them at 1.0.  Kept in the order they
 * were gathered, the exact name of a late list never became a candidate and a name
 * screened as listed gave no alert.  The length only for a Latin query: its trigrams are
 * its spelling, while a reading of Hangul or kana differs in length from a list name by
 * its romanisation (by the nearest reading's length, ties went to more negatives).  The
 * sum only for a query with loanword readings: of its many readings, a key that several
 * of them reach is likelier than one that a single reading's common trigrams reached
 * (with it, the first CJK_CANDIDATES names are worth MAX_CANDIDATES gathered in order). */
static bool goes_before(const ranked *c, const ranked *o)
{
    if (c->share != o->share)
        return c->share > o->share;
    return c->tie < o->tie;
}

/* Candidate c ready for ranking against a query of compact length qlen (0: not by
 * length), by_sum: by its sum of shares.  Its tie-break is made once here: ties are many
 * (hundreds of keys at 1.0), and comparing each insertion's lengths read the scattered
 * lengths again each time. */
static ranked ranked_of(const sx_screen_index *ix, cand c, int qlen, bool by_sum)
{
    float tie = by_sum ? -c.sum : qlen ? (float)abs(sx_ix_key_clen(ix, c.key) - qlen) : 0.0f;
    return (ranked){c.key, c.share, tie};
}

/* Keeps the best max candidates in goes_before order; among equals the key gathered
 * first stays first (as a stable sort of all of them would have it).  Most keys fall
 * below the last kept one and cost a single comparison; the others find their place by
 * bisection (after every kept one they do not go before), not by a comparison per
 * candidate they pass: hundreds of keys tie at the top shares. */
static void keep_best(ranked *top, size_t *n, size_t max, ranked c)
{
    if (*n == max && !goes_before(&c, &top[max - 1]))
        return;
    size_t lo = 0, hi = *n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (goes_before(&c, &top[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    size_t stay = *n < max ? (*n)++ : max - 1; /* when full, the last one goes */
    memmove(&top[lo + 1], &top[lo], (stay - lo) * sizeof *top);
    top[lo] = c;
}

/* The candidates with the pinned keys first (pin_leaders), each once, then the others in
 * their order, as many as there were: a pinned key takes the place of the last one, so no
 * more names are scored (scoring them too cost CJK queries a tenth to two fifths more
 * CPU, for the same recall).  Returns how many there are (cands has room for
 * SX_IX_PINNED_MAX more meanwhile).  s->count, zero between readings, marks the pinned
 * keys. */
static size_t put_pinned_first(ranked *cands, size_t nc, sx_ix_scratch *s)
{
    ranked pinned[SX_IX_PINNED_MAX];
    size_t np = 0, u = 0;
    for (size_t i = 0; i < s->npinned; i++) {
        uint32_t k = s->pinned[i].key;
        if (!s->count[k]) {
            s->count[k] = 1;
            pinned[np++] = (ranked){k, s->pinned[i].share, 0.0f};
        }
    }
    for (size_t i = 0; i < nc; i++)
        if (!s->count[cands[i].key])
            cands[u++] = cands[i];
    memmove(cands + np, cands, u * sizeof *cands);
    memcpy(cands, pinned, np * sizeof *cands);
    for (size_t i = 0; i < np; i++)
        s->count[pinned[i].key] = 0;
    s->npinned = 0;
    return np + u < nc ? np + u : nc;
}

/* The kinds of a candidate name's keys scored: a Latin query (loans false) meets no
 * loanword reading.  Keys are numbered kind by kind, spelled first (index.h). */
static int kinds_scored(bool loans)
{
    return loans ? SX_KEY_CLASSES : SX_KEY_SPELLED + 1;
}

/* The names of the candidates, resolved before any is scored: their keys, names, twins
 * and tallies lie scattered over the index, and the scoring between two candidates kept
 * those misses from overlapping; looked up together here (the records each name's
 * scoring reads asked for early) they do. */
static void resolve_names(const sx_screen_index *ix, const sx_ix_scratch *s, const ranked *cands,
                          size_t nc, bool loans, uint32_t *name_of)
{
    for (size_t i = 0; i < nc; i++)
        name_of[i] = sx_ix_key_name(ix, cands[i].key);
    for (size_t i = 0; i < nc; i++)
        __builtin_prefetch(&ix->names[name_of[i]]);
    for (size_t i = 0; i < nc; i++) {
        const sx_ix_name *nm = &ix->names[name_of[i]];
        __builtin_prefetch(&s->count[sx_ix_name_first_key(nm)]);
        __builtin_prefetch(&ix->twin[nm->key0[SX_KEY_SPELLED]]);
        __builtin_prefetch(&ix->ents[nm->entity]);
        for (int c = 0; c < kinds_scored(loans); c++)
            for (uint32_t k = nm->key0[c]; k < nm->key0[c] + nm->nkeys[c]; k++)
                sx_ix_key_prefetch(ix, k);
    }
    /* Then what the records point to, the records read in turn while the later ones
     * still arrive. */
    for (size_t i = 0; i < nc; i++) {
        const sx_ix_name *nm = &ix->names[name_of[i]];
        for (int c = 0; c < kinds_scored(loans); c++)
            for (uint32_t k = nm->key0[c]; k < nm->key0[c] + nm->nkeys[c]; k++)
                sx_ix_key_prefetch_words(ix, k);
    }
}

/* ---- scoring ---- */

typedef struct hit {
    uint32_t entity;
    uint32_t name;
    int key;  /* -1 for a same-script match */
    int alt;  /* query reading used */
    float score;
    sx_sim_method method;
    unsigned effects; /* SX_EV_* bits: what the evidence did to the score */
    bool type_mismatch;
    bool same_form; /* the query's legal form is the list name's (cmp_hit_score) */
    bool same_and;  /* the list name says "and" as the query does, or neither does */
    uint8_t side; /* which of the names a field gives met it (sx_name_sides) */
    uint8_t nalso;
    uint32_t also[MAX_ALSO_LISTED]; /* the same entity on other lists (fold_listings) */
} hit;

/* A Korean loanword reading meets Hangul readings of a query, a Japanese one kana and
 * kanji readings; a Latin query meets neither.  Nor does a name written in Han characters
 * read in Korean: Korean writes loanwords in Hangul, and a Chinese or Japanese person's
 * name read so (柳 至 as 유 지) met English words' loanword readings (HUGE as 유지) at
 * 0.99.  (Kanji readings keep meeting the Japanese ones: Japanese company names in kanji
 * are matched to their English names that way, 0.79 against 0.72 without.) */
static bool loan_pair(unsigned qprov, int kind)
{
    if (kind == SX_KEY_LOAN_KO)
        return (qprov & SX_PROV_HANGUL) && !(qprov & SX_PROV_HANJA);
    /* A katakana word read back as its foreign spelling is compared with spellings. */
    return (qprov & (SX_PROV_KANA | SX_PROV_KANJI)) && !sx_prov_read_back(qprov);
}

/* Katakana words are mostly loanwords: compared phonetically from four letters.  Korean
 * and kanji readings are native words: from six (samil is not shinil).  Words read from
 * Arabic script lack their short vowels, which is most of a short word's spelling: from
 * three letters (hsn / Hassan).  Han characters read in Korean never: each syllable is a
 * character's, spelled in every romanisation already (mangyung is not namhung). */
static uint8_t phon_tokens(unsigned prov)
{
    if (prov & SX_PROV_HANJA)
        return 0;
    if (prov & (SX_PROV_HANGUL | SX_PROV_KANJI))
        return 6;
    if (prov & SX_PROV_ABJAD)
        return 3;
    return prov & SX_PROV_KANA ? 4 : 0;
}

/* A reading from Arabic script as candidates are gathered for it: its consonants
 * (sx_consonants), whole and word by word, which a Latin spelling of the name has too,
 * with vowels wherever the script wrote none (m-h-m-d: Muhammad, Mohamed).  The letters'
 * trigrams would miss those, and the skeletons' (which loanword readings use) select
 * too little once the vowels are free: in 350,000 names thousands share them. */
typedef struct abjad_words {
    char whole[2 * SX_COMPACT_MAX + 1];
    size_t wlen;
    const char *tok[SX_PREP_MAX_TOKENS]; /* words of ABJAD_WORD_CONSONANTS or more */
    uint8_t tlen[SX_PREP_MAX_TOKENS];
    size_t n;
} abjad_words;

#define ABJAD_WORD_CONSONANTS 3 /* consonants a word needs to be looked up alone */

static int abjad_consonants(abjad_words *w, const sx_prep *p, sx_arena *a)
{
    w->wlen = sx_consonants(w->whole, p->compact, p->clen);
    w->n = 0;
    for (size_t t = 0; t < p->ntok && t < SX_PREP_MAX_TOKENS; t++) {
        char *word = sx_arena_alloc(a, 2 * (size_t)p->tlen[t] + 1);
        if (!word)
            return SX_ENOMEM;
        size_t n = sx_consonants(word, p->tok[t], p->tlen[t]);
        if (n < ABJAD_WORD_CONSONANTS)
            continue;
        w->tok[w->n] = word;
        w->tlen[w->n++] = (uint8_t)(n < 255 ? n : 255);
    }
    return 0;
}

/* Readings made for a candidate's words (score_tailored), at most, beside the query's own. */
#define TAILORED_MAX 8
#define QUERY_READINGS (SX_NAME_MAX_ALTS + TAILORED_MAX)

typedef struct query {
    sx_name_analysis a;
    sx_name_analysis split; /* the name split at its capitals, if run together */
    sx_name_analysis apart; /* the name with a connective inside a word as a space */
    sx_name_analysis loan_apart; /* the name with a space before an ending of its Hangul
                                    or katakana that a list word is read as */
    sx_name_analysis bare; /* the name without the article it opens with (더, ザ) */
    sx_arena arena;
    size_t nprep;
    size_t nread;       /* preps[0, nread): the name's own readings, the rest tailored to
                           a candidate (score_tailored) */
    bool mixed;         /* Latin letters beside Hangul, kana or Han (prepare_reading) */
    bool han_only;      /* written in Han characters only, its legal form aside */
    bool tailorable;    /* a reading has words rendered several ways (sx_name_alt.lattice) */
    bool lattice_first[SX_NAME_MAX_ALTS]; /* per own reading: the first of its lattice */
    sx_phon_memo *memo; /* shared by the readings: one query's word comparisons */
    sx_evidence_query ev; /* country, date of birth, identifiers */
    bool person;          /* the name is a person's (opts->type): as a listed person's */
    bool as_list;         /* the name is a list name searched for in a register
                             (sx_screen_candidates) */
    bool says_and;        /* the name as written says "and" (says_and), or its letter names
                             do with 엔 (says_and_in_letters) */
    /* Per reading, [0, nprep) filled as each is made (query_clear leaves them). */
    abjad_words *abjad[QUERY_READINGS]; /* per reading from Arabic script, or NULL */
    sx_prep preps[QUERY_READINGS];
    const sx_name_alt *alt[QUERY_READINGS]; /* the reading each prep was made from */
    sx_sim_words *words[QUERY_READINGS];    /* each prep's words, summarised once */
    uint8_t meets[QUERY_READINGS]; /* per reading: bit k set if it meets keys of kind k */
} query;

/* Clears q but for its readings' tables, which are filled as each reading is made: most
 * of its bytes, which a Latin query with one reading would otherwise clear each time. */
static void query_clear(query *q)
{
    memset(q, 0, offsetof(query, abjad));
}

/* Whether a reading spells syllables read from characters (similarity.c other_syllables):
 * Han characters read in Mandarin, Cantonese or Korean, or a Korean person's name in
 * Hangul.  Not kana or a Korean company's name: they write English words as they sound
 * (코아시아 koasia is CoAsia, クレオ kureo is creo), whose spelling starts otherwise. */
static bool syllable_reading(unsigned prov, bool korean_person)
{
    const unsigned han = SX_PROV_HANJA | SX_PROV_MANDARIN | SX_PROV_CANTONESE,
                   other = SX_PROV_LOANWORD | SX_PROV_HANGUL_LETTERS | SX_PROV_KANA_LETTERS |
                           SX_PROV_KANA | SX_PROV_ABJAD;
    return ((prov & han) || (korean_person && (prov & SX_PROV_HANGUL))) && !(prov & other);
}

/* Adds the prepared reading alt of the query (a reading of q->a or q->split).  mixed: the
 * name mixes Latin letters with Hangul, kana or Han. */
static int prepare_reading(query *q, const sx_screen_index *ix, const sx_name_alt *alt,
                           bool mixed)
{
    sx_prep *p = &q->preps[q->nprep];
    /* Short Korean personal names share consonants far too often (Kim Jong Un, Kim
     * Song Hun): never compared on the skeleton.  Nor names that mix Latin letters with
     * Hangul or kana (SG글로벌, ES큐브): the letters are letters, and compared as one
     * string on sounds they pass for any name with similar consonants (SG글로벌 is not
     * Sewoo Global). */
    /* A Korean person's reading: of a name in Hangul, or of kana read as Korean; and a
     * Korean's name written given name first (상현 한 met TSANG, Yun Yuan at 0.81). */
    bool korean_person = q->a.korean_person || (alt->prov & SX_PROV_SURNAME);
    bool loan = sx_loanword_reading(alt->prov) && !korean_person && !q->a.korean_given_first &&
                !mixed;
    int rc = sx_prep_make(p, &q->arena, alt->text, loan);
    if (rc != 0)
        return rc;
    p->spelled = !alt->prov;
    p->letters = p->spelled || mixed ||
                 (alt->prov & (SX_PROV_HANGUL_LETTERS | SX_PROV_KANA_LETTERS)) != 0;
    p->letter_words = sx_name_alt_letter_words(alt, p->ntok);
    if (p->spelled)
        sx_prep_mark_nicknames(p);
    sx_prep_mark_places(p);
    /* A reading compared on sounds as a whole is folded once here: the comparison meets
     * hundreds of list readings. */
    if (loan) {
        char *folded = sx_arena_alloc(&q->arena, 2 * (size_t)p->clen + 1);
        if (!folded)
            return SX_ENOMEM;
        sx_phon_fold(folded, p->compact, p->clen);
        p->folded = folded;
    }
    p->phon_tokens = korean_person ? 0 : phon_tokens(alt->prov);
    p->unwritten_vowels = (alt->prov & SX_PROV_ABJAD) != 0;
    p->syllables = syllable_reading(alt->prov, korean_person);
    p->given_after_family = p->syllables && (alt->prov & SX_PROV_SURNAME);
    p->pinyin = p->syllables && (alt->prov & SX_PROV_MANDARIN);
    p->foreign_spelling = sx_prov_read_back(alt->prov);
    p->korean = (alt->prov & SX_PROV_HANGUL) != 0;
    if (p->clen == 0)
        return 0;
    q->abjad[q->nprep] = NULL;
    if (alt->prov & SX_PROV_ABJAD) {
        abjad_words *aw = sx_arena_alloc(&q->arena, sizeof *aw);
        if (!aw || (rc = abjad_consonants(aw, p, &q->arena)) != 0)
            return aw ? rc : SX_ENOMEM;
        q->abjad[q->nprep] = aw;
    }
    float *w = (float *)p->w;
    for (size_t t = 0; t < p->ntok; t++)
        w[t] = ix ? sx_ix_weight(ix, sx_ix_df(ix, p->tok[t], p->tlen[t])) : 1.0f;
    if (!(q->words[q->nprep] = sx_arena_alloc(&q->arena, sizeof(sx_sim_words))))
        return SX_ENOMEM;
    sx_sim_words_make(q->words[q->nprep], p);
    q->meets[q->nprep] = 1u << SX_KEY_SPELLED;
    for (int kind = SX_KEY_LOAN_KO; kind < SX_KEY_CLASSES; kind++)
        if (loan_pair(alt->prov, kind))
            q->meets[q->nprep] |= (uint8_t)(1u << kind);
    q->alt[q->nprep++] = alt;
    return 0;
}

/* A name run together and screened so ("SiemensAG") is also read split at its capitals,
 * as a list's name run together is indexed (index.c add_split_key): the list may write
 * it apart ("Siemens AG"), and its legal form is then told apart too. */
static int prepare_split_reading(query *q, const sx_screen_index *ix, const char *name)
{
    char split[SX_NAME_MAX_BYTES + 64];
    if (q->a.scripts != SX_SCRIPT_LATIN || q->a.nalts == 0 || q->a.alts[0].prov ||
        q->nprep == SX_NAME_MAX_ALTS || strlen(name) > SX_NAME_MAX_BYTES ||
        !sx_split_at_capitals(split, sizeof split, name))
        return 0;
    int rc = sx_name_analyse(&q->split, split, strlen(split));
    if (rc != 0)
        return rc;
    if (q->split.nalts == 0 || q->split.alts[0].prov ||
        strcmp(q->split.alts[0].text, q->a.alts[0].text) == 0)
        return 0;
    sx_name_alt *alt = &q->split.alts[0];
    alt->path = "split at its capitals";
    alt->prior = SX_SPLIT_PRIOR * q->a.alts[0].prior;
    return prepare_reading(q, ix, alt, false);
}

/* The bytes of the longest word s[0, n) opens with that is() finds in name_words.tsv
 * (sx_terms_connective, sx_terms_article: of SX_CONNECTIVE_MAX_CPS code points at most),
 * or 0. */
static size_t name_word_at(const char *s, size_t n, bool (*is)(const char *, size_t))
{
    size_t end = 0, cut = 0;
    for (size_t cps = 0; end < n && cps < SX_CONNECTIVE_MAX_CPS; cps++) {
        uint32_t cp;
        int k = sx_utf8_decode(s + end, n - end, &cp);
        end += (size_t)(k > 0 ? k : 1);
        if (is(s, end))
            cut = end;
    }
    return cut;
}

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether a name as written says "and": an ampersand (&, its full width ＆), a Latin word
 * of name_words.tsv's connectives (and, und, et), or one said inside a word of Hangul or
 * kana (앤, アンド).  The normalisation drops the ampersand, and a reading the word: M&FC
 * and MFC read alike, and only this tells that 엠에프씨 is MFC and 엠앤에프씨 M&FC
 * (cmp_hit_score). */
static bool says_and(const char *s)
{
    const unsigned cjk = SX_SCRIPT_HANGUL | SX_SCRIPT_KANA;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        if (s[i] == '&')
            return true;
        if (ascii_letter(s[i])) { /* a Latin word: a connective whole, any case */
            char w[SX_CONNECTIVE_MAX_CPS + 1];
            size_t len = 0;
            for (; i < n && ascii_letter(s[i]); i++)
                if (len < sizeof w)
                    w[len++] = (char)(s[i] | 0x20);
            if (len < sizeof w && sx_terms_connective(w, len))
                return true;
            continue;
        }
        uint32_t cp = 0;
        int k = sx_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFF06 || ((sx_script_of(cp) & cjk) &&
                             name_word_at(s + i, n - i, sx_terms_connective) > 0))
            return true;
        i += (size_t)(k > 0 ? k : 1);
    }
    return false;
}

/* Whether a word of the normalised name norm is letter names in Hangul with 엔 between
 * two of them: N or the ampersand (디엔에이 is DNA, 엠엔에프씨 M&FC), and where a hit's
 * reading met a name without the N, the ampersand. */
static bool says_and_in_letters(const char *norm)
{
    uint32_t cps[64];
    size_t n = norm ? strlen(norm) : 0;
    for (size_t i = 0; i < n;) {
        size_t end = i;
        while (end < n && norm[end] != ' ')
            end++;
        size_t nc = sx_decode(cps, sizeof cps / sizeof cps[0], norm + i, end - i);
        if (sx_hangul_letters_say_and(cps, nc))
            return true;
        i = end + 1;
    }
    return false;
}

/* Writes the normalised name with each connective (sx_terms_connective) that lies
 * inside a word of Hangul or kana as a space into out; *any says whether there was one. */
static int connective_apart(sx_buf *out, const char *norm, bool *any)
{
    const unsigned cjk = SX_SCRIPT_HANGUL | SX_SCRIPT_KANA;
    size_t n = strlen(norm), i = 0;
    uint32_t prev = 0;
    int rc = 0;
    *any = false;
    while (i < n && rc == 0) {
        /* The longest connective starting at i, then the code point after it. */
        size_t cut = name_word_at(norm + i, n - i, sx_terms_connective);
        cut = cut ? i + cut : 0;
        uint32_t next = 0;
        if (cut && cut < n && sx_utf8_decode(norm + cut, n - cut, &next) > 0 &&
            (sx_script_of(prev) & cjk) && (sx_script_of(next) & cjk)) {
            rc = sx_buf_putc(out, ' ');
            *any = true;
            prev = ' ';
            i = cut;
            continue;
        }
        int k = sx_utf8_decode(norm + i, n - i, &prev);
        size_t len = (size_t)(k > 0 ? k : 1);
        rc = sx_buf_put(out, norm + i, len);
        i += len;
    }
    return rc ? rc : sx_buf_puts(out, "");
}

/* Prepares the first max readings of the name written anew (text: spaced otherwise),
 * analysed into an, each path led by how (label) and its prior times prior (a little
 * less sure than the name as written: SX_SPLIT_PRIOR, or less), while there is room. */
static int prepare_respaced(query *q, const sx_screen_index *ix, sx_name_analysis *an,
                            const sx_buf *text, const char *label, size_t max, float prior,
                            bool mixed)
{
    int rc = sx_name_analyse(an, text->ptr, text->len);
    for (size_t i = 0; rc == 0 && i < an->nalts && i < max && q->nprep < SX_NAME_MAX_ALTS; i++) {
        sx_name_alt *alt = &an->alts[i];
        size_t size = strlen(label) + strlen(alt->path) + 3;
        char *path = sx_arena_alloc(&q->arena, size);
        if (!path)
            return SX_ENOMEM;
        snprintf(path, size, "%s; %s", label, alt->path);
        alt->path = path;
        alt->prior *= prior;
        rc = prepare_reading(q, ix, alt, mixed);
    }
    return rc;
}

/* A name of Hangul or kana with "&" said inside a word (구스앤홈, GOOSE & HOME) is also
 * read with it as a space, as a list's "&" is: every reading of the name so written,
 * while there is room. */
static int prepare_connective_readings(query *q, const sx_screen_index *ix, bool mixed)
{
    if (!(q->a.scripts & (SX_SCRIPT_HANGUL | SX_SCRIPT_KANA)) || !q->a.normalised)
        return 0;
    sx_buf apart = SX_BUF_INIT;
    bool any = false;
    int rc = connective_apart(&apart, q->a.normalised, &any);
    if (rc == 0 && any)
        rc = prepare_respaced(q, ix, &q->apart, &apart, "& said apart", SIZE_MAX,
                              SX_SPLIT_PRIOR, mixed);
    sx_buf_free(&apart);
    return rc;
}

#define ARTICLE_REST_MIN 2 /* syllables or kana after an article for a reading without it */
/* The prior of such a reading: well under the name's own, as the opening syllable may be
 * a brand's own (ザイマックス is XYMAX), whose rest then meets other names by its sounds
 * (NAVIMAKS GROUP at 0.82 with SX_SPLIT_PRIOR); a name's exact rest still scores 0.96. */
#define ARTICLE_PRIOR 0.6f

/* A name of Hangul or kana that opens with an article (name_words.tsv: 더, ザ; 더코디 is
 * THE CODI, ザ・パック THE PACK) is also read without it, as the lists file a name
 * opening with "The" without it (analyse.c): every reading of the rest, while there is
 * room.  Not where what follows is shorter than ARTICLE_REST_MIN: 더즌 is Dozn.  The
 * name as written keeps its readings, for a native word that opens so (ザオウ, Zao). */
static int prepare_article_readings(query *q, const sx_screen_index *ix, bool mixed)
{
    const char *core = q->a.core;
    if (!(q->a.scripts & (SX_SCRIPT_HANGUL | SX_SCRIPT_KANA)) || !core)
        return 0;
    size_t n = strlen(core), cut = name_word_at(core, n, sx_terms_article);
    if (cut == 0)
        return 0;
    size_t rest = 0;
    for (size_t i = cut; i < n; rest++) {
        uint32_t cp;
        int k = sx_utf8_decode(core + i, n - i, &cp);
        if (k <= 0 || !(sx_script_of(cp) & (SX_SCRIPT_HANGUL | SX_SCRIPT_KANA)))
            return 0;
        i += (size_t)k;
    }
    if (rest < ARTICLE_REST_MIN)
        return 0;
    sx_buf text = SX_BUF_INIT;
    int rc = sx_buf_puts(&text, core + cut);
    if (rc == 0)
        rc = prepare_respaced(q, ix, &q->bare, &text, "article dropped", SIZE_MAX,
                              ARTICLE_PRIOR, mixed);
    sx_buf_free(&text);
    return rc;
}

#define LOAN_APART_MIN 3  /* syllables (Hangul) or kana of a part read as a list's word */
#define LOAN_APART_MAX 16 /* ... at most (텔레커뮤니케이션즈 is 9): a long name's run costs
                             a bounded look per part, not one per syllable of it */
#define LOAN_APART_REST 2 /* syllables a beginning so read leaves after it */
/* Readings made of the name so spaced: its first, most usual.  Hangul's five styles
 * (RR, MR, DPRK, passport, the older spelling that firms keep: Hanwha, Taewoong), not
 * their mixes with terms that read a loanword's syllables as words (에 어로, e fishing);
 * kana's letter names and Hepburn. */
#define LOAN_APART_HANGUL_READINGS 5
#define LOAN_APART_KANA_READINGS 2

/* Whether cps[0..n), Hangul syllables romanised in RR or katakana in Hepburn, are a
 * word some list name is read as: a token of the index, as the Korean loanword reading
 * of AEROSPACE is 에어로스페이스 (eeoroseupeiseu).  rr is scratch. */
static bool list_word(const sx_screen_index *ix, sx_buf *rr, const uint32_t *cps, size_t n,
                      bool kana)
{
    sx_buf_clear(rr);
    int rc = kana ? sx_kana_romaji(rr, cps, n, false) : sx_hangul_rr(rr, cps, n);
    return rc == 0 && rr->len > 0 && sx_ix_df(ix, rr->ptr, rr->len) > 0;
}

/* Whether a katakana word may begin with cp: not a small kana, a long vowel mark or a
 * geminate mark, which belong to the sound before them. */
static bool kana_word_start(uint32_t cp)
{
    static const char small[] = "ァィゥェォャュョッヮヵヶー";
    char u[4];
    int k = sx_utf8_encode(cp, u);
    for (size_t i = 0; k > 0 && i + (size_t)k <= sizeof small - 1; i += 3)
        if (memcmp(small + i, u, (size_t)k) == 0)
            return false;
    return true;
}

/* The syllable where the longest ending of cps[0..n) that is a list word (list_word)
 * begins, leaving one or more before it; 0 when no ending of LOAN_APART_MIN to
 * LOAN_APART_MAX syllables is one. */
static size_t list_word_ending(const sx_screen_index *ix, sx_buf *rr, const uint32_t *cps,
                               size_t n, bool kana)
{
    for (size_t start = n > LOAN_APART_MAX ? n - LOAN_APART_MAX : 1; start + LOAN_APART_MIN <= n;
         start++)
        if ((!kana || kana_word_start(cps[start])) &&
            list_word(ix, rr, cps + start, n - start, kana))
            return start;
    return 0;
}

/* The syllable where the longest beginning of cps[0..n) that is a list word ends,
 * leaving LOAN_APART_REST or more after it; 0 when none of LOAN_APART_MIN syllables or
 * more is one. */
static size_t list_word_beginning(const sx_screen_index *ix, sx_buf *rr, const uint32_t *cps,
                                  size_t n, bool kana)
{
    if (n < LOAN_APART_MIN + LOAN_APART_REST)
        return 0;
    for (size_t end = n - LOAN_APART_REST < LOAN_APART_MAX ? n - LOAN_APART_REST : LOAN_APART_MAX;
         end >= LOAN_APART_MIN; end--)
        if ((!kana || kana_word_start(cps[end])) && list_word(ix, rr, cps, end, kana))
            return end;
    return 0;
}

/* The code point where the longest ending of a run of n code points that is a term of
 * the tables (ko_terms.tsv, ja_terms.tsv: 생명보험, life insurance) begins, of
 * LOAN_APART_TERM_MIN or more and leaving LOAN_APART_MIN or more before it; 0 when none
 * is.  The run is text, code point i starting at byte off[i] (off[n] its end).  A run
 * that ends in one is a name then a term (오렌지라이프생명보험, ORANGE LIFE INSURANCE): the
 * list word's ending is looked for before it. */
#define LOAN_APART_TERM_MIN 2
static size_t term_ending(const char *text, const size_t *off, size_t n, bool kana)
{
    for (size_t start = n > LOAN_APART_MAX ? n - LOAN_APART_MAX : LOAN_APART_MIN;
         start + LOAN_APART_TERM_MIN <= n; start++) {
        const char *t = text + off[start];
        size_t len = off[n] - off[start];
        if (kana ? sx_terms_ja(t, len) : sx_terms_ko(t, len))
            return start;
    }
    return 0;
}

/* Writes the name's core (legal forms out, no spaces) into out with a space before each
 * ending of a run of Hangul syllables or katakana that a list word is read as
 * (list_word_ending), from the run's end: 한화에어로스페이스 is 한화 에어로스페이스, a name
 * and a loanword, as a contract writing it in English spaces them (HANWHA AEROSPACE);
 * then after the beginning of what is left, if one is a list word (list_word_beginning:
 * イワテ ニッポウシャ, THE IWATE NIPPO).  No dictionary holds Korean loanwords, and EDICT
 * not the brands; the lists' own words, read as Korean and Japanese write them, are the
 * vocabulary.  *any says whether there was one. */
static int loanword_apart(sx_buf *out, const sx_screen_index *ix, const char *norm, bool *any)
{
    uint32_t cps[SX_NAME_MAX_BYTES];
    size_t off[SX_NAME_MAX_BYTES + 1]; /* where cps[i] starts in norm */
    size_t n = 0, len = strlen(norm), i = 0;
    *any = false;
    while (i < len && n < SX_NAME_MAX_BYTES) {
        off[n] = i;
        int k = sx_utf8_decode(norm + i, len - i, &cps[n++]);
        i += (size_t)(k > 0 ? k : 1);
    }
    off[n] = i;
    sx_buf rr = SX_BUF_INIT;
    bool cut[SX_NAME_MAX_BYTES] = {false}; /* a space before cps[i] */
    for (size_t w = 0; w < n;) {
        size_t e = w;
        bool hangul = true, kana = true;
        while (e < n && cps[e] != ' ') {
            hangul &= sx_is_hangul_syllable(cps[e]);
            kana &= cps[e] >= 0x30A1 && cps[e] <= 0x30FC && cps[e] != 0x30FB;
            e++;
        }
        size_t end = e, at;
        /* A term ending the run is cut off only where a list word then ends before it. */
        size_t term = hangul || kana ? term_ending(norm, off + w, e - w, kana) : 0;
        if (term && (at = list_word_ending(ix, &rr, cps + w, term, kana)) != 0) {
            *any = cut[w + term] = cut[w + at] = true;
            end = w + at;
        }
        for (; (hangul || kana) && end - w > LOAN_APART_MIN &&
               (at = list_word_ending(ix, &rr, cps + w, end - w, kana)) != 0;
             end = w + at)
            *any = cut[w + at] = true;
        if ((hangul || kana) && (at = list_word_beginning(ix, &rr, cps + w, end - w, kana)) != 0)
            *any = cut[w + at] = true;
        w = e + 1;
    }
    sx_buf_free(&rr);
    for (size_t c = 0; c < n && *any; c++) {
        if (cut[c])
            sx_buf_putc(out, ' ');
        sx_buf_put(out, norm + off[c], off[c + 1] - off[c]);
    }
    return sx_buf_status(out);
}

/* The name's readings with the list-word endings of its Hangul or katakana apart
 * (loanword_apart). */
static int prepare_loanword_readings(query *q, const sx_screen_index *ix)
{
    if (!ix || (q->a.scripts != SX_SCRIPT_HANGUL && q->a.scripts != SX_SCRIPT_KANA) ||
        !q->a.core)
        return 0;
    sx_buf apart = SX_BUF_INIT;
    bool any = false;
    int rc = loanword_apart(&apart, ix, q->a.core, &any);
    size_t max = q->a.scripts == SX_SCRIPT_HANGUL ? LOAN_APART_HANGUL_READINGS
                                                  : LOAN_APART_KANA_READINGS;
    if (rc == 0 && any)
        rc = prepare_respaced(q, ix, &q->loan_apart, &apart, "a list word's ending apart", max,
                              SX_SPLIT_PRIOR, false);
    sx_buf_free(&apart);
    return rc;
}

/* The Hangul syllables word t of p spells (sx_hangul_spells), two or more of one run of
 * the name's n code points (cps, sp: their spellings): the first such. */
static sx_syllables word_syllables(const sx_prep *p, size_t t, const uint32_t *cps,
                                   const sx_syllable_spellings *sp, size_t n)
{
    sx_syllables none = {NULL, 0, 0};
    for (size_t a = 0; a + 1 < n; a++) {
        if (!sx_is_hangul_syllable(cps[a]))
            continue;
        for (size_t b = a + 2; b <= n && b - a < 256 && sx_is_hangul_syllable(cps[b - 1]); b++)
            if (sx_hangul_spells(sp + a, b - a, p->tok[t], p->tlen[t])) {
                sx_syllables s = {sp + a, (uint8_t)(b - a), 0};
                for (size_t k = a; k < b && sx_sino_korean_syllable(cps[k]); k++)
                    s.head++;
                return s;
            }
    }
    return none;
}

/* For each reading of Hangul, the syllables each of its words spells (sx_prep.hangul):
 * a list word may spell them in another mix of romanisations (similarity.c
 * romanised_pairs). */
static int mark_hangul_words(query *q)
{
    if (!(q->a.scripts & SX_SCRIPT_HANGUL))
        return 0;
    size_t len = strlen(q->a.normalised);
    uint32_t *cps = sx_arena_alloc(&q->arena, (len + 1) * sizeof *cps);
    if (!cps)
        return SX_ENOMEM;
    size_t n = sx_decode(cps, len + 1, q->a.normalised, len);
    sx_syllable_spellings *sp = sx_arena_alloc(&q->arena, (n + 1) * sizeof *sp);
    if (!sp)
        return SX_ENOMEM;
    sx_hangul_spellings(sp, cps, n, true);
    for (size_t k = 0; k < q->nprep; k++) {
        sx_prep *p = &q->preps[k];
        if (!(q->alt[k]->prov & SX_PROV_HANGUL) || p->ntok == 0)
            continue;
        sx_syllables *h = sx_arena_alloc(&q->arena, p->ntok * sizeof *h);
        if (!h)
            return SX_ENOMEM;
        bool any = false;
        for (size_t t = 0; t < p->ntok; t++) {
            h[t] = word_syllables(p, t, cps, sp, n);
            any = any || h[t].n;
        }
        p->hangul = any ? h : NULL;
    }
    return 0;
}

static int query_prepare(query *q, const sx_screen_index *ix, const char *name)
{
    query_clear(q);
    int rc = sx_name_analyse(&q->a, name, strlen(name));
    if (rc != 0)
        return rc;
    bool mixed = (q->a.scripts & SX_SCRIPT_LATIN) &&
                 (q->a.scripts & (SX_SCRIPT_HANGUL | SX_SCRIPT_KANA | SX_SCRIPT_HAN));
    q->mixed = mixed;
    q->han_only = q->a.core && sx_scripts_of(q->a.core, strlen(q->a.core), false) == SX_SCRIPT_HAN;
    for (size_t i = 0; i < q->a.nalts && rc == 0; i++)
        rc = prepare_reading(q, ix, &q->a.alts[i], mixed);
    if (rc == 0)
        rc = prepare_split_reading(q, ix, name);
    if (rc == 0)
        rc = prepare_connective_readings(q, ix, mixed);
    if (rc == 0)
        rc = prepare_article_readings(q, ix, mixed);
    if (rc == 0)
        rc = prepare_loanword_readings(q, ix);
    if (rc == 0)
        rc = mark_hangul_words(q);
    if (rc != 0)
        return rc;
    /* A name written FAMILY, Given is said in another order, whoever writes it. */
    if (q->nprep > 0 && q->alt[0] == &q->a.alts[0] && !q->a.alts[0].prov &&
        q->a.scripts == SX_SCRIPT_LATIN)
        q->preps[0].family_words = sx_ix_family_words(name, q->a.alts[0].text, q->preps[0].ntok);
    /* The word-level phonetic memo only serves readings compared on sounds word by word;
     * a Latin query never makes one (and would pay for clearing it). */
    bool phon = false;
    for (size_t i = 0; i < q->nprep; i++)
        phon = phon || q->preps[i].phon_tokens;
    if (phon && !(q->memo = sx_phon_memo_new()))
        return sx_error_oom();
    sx_sim_words_number(q->words, q->preps, q->nprep);
    for (size_t i = 0; i < q->nprep; i++) {
        q->preps[i].memo = q->memo;
        const sx_lattice *l = q->alt[i]->lattice;
        bool first = l != NULL;
        for (size_t j = 0; j < i && first; j++)
            first = q->alt[j]->lattice != l;
        q->lattice_first[i] = first;
        q->tailorable |= first;
    }
    q->nread = q->nprep;
    return 0;
}

static void query_free(query *q)
{
    sx_name_analysis_free(&q->a);
    sx_name_analysis_free(&q->split);
    sx_name_analysis_free(&q->apart);
    sx_name_analysis_free(&q->loan_apart);
    sx_name_analysis_free(&q->bare);
    sx_arena_free(&q->arena);
    sx_phon_memo_free(q->memo);
}

/* Readings whose vowels are unreliable (kana and Hangul renderings of loanwords, spelled
 * letters, Arabic script's unwritten short vowels) may be compared on their consonant
 * skeleton.  Spelled letters are read from
 * Hangul or kana, so they carry that script's flag too. */
bool sx_loanword_reading(unsigned prov)
{
    /* Not when part of the reading is a translated term or a surname: "haejin shipping"
     * and "sina shipping" share every consonant. */
    const unsigned words = SX_PROV_TERM | SX_PROV_KANA_TERM | SX_PROV_SURNAME;
    /* Nor katakana read back as a foreign spelling: its consonants are its Hepburn
     * reading's, compared so already. */
    if (sx_prov_read_back(prov))
        return false;
    /* Nor when letters are spelled in katakana (TN is not DN, nor KT G-TEKT), nor when
     * the reading is Hangul letter names and nothing else (Latin words aside). */
    const unsigned letters_only = SX_PROV_HANGUL | SX_PROV_HANGUL_LETTERS;
    /* Nor Han characters read in Korean, as they are not read in Mandarin: each syllable
     * is a character's, none a guess at a foreign word's sounds, and a name so read
     * compared as one string on sounds passed for names of like consonants (安舒曼·罗伊,
     * read ansuman rai, met Anshuman Roy; most yente negatives in Han characters that
     * alerted did so this way). */
    return (prov & (SX_PROV_HANGUL | SX_PROV_KANA | SX_PROV_KANJI | SX_PROV_ABJAD)) &&
           !(prov & (words | SX_PROV_KANA_LETTERS | SX_PROV_HANJA)) && prov != letters_only;
}

/* A reading's prior moves a score only a little: a less usual romanisation that matches
 * exactly is still an exact match. */
static float prior_factor(float prior)
{
    return 0.9f + 0.1f * prior;
}

/* The list reading's fold for key k, made once for all query readings; spelled: for a
 * loanword reading k, the list name as spelled, whose words it reads one for one (NULL:
 * none). */
static void key_fold(sx_sim_list *folded, const sx_ix_key *k, const sx_prep *spelled)
{
    sx_sim_list_init(folded);
    if (k->kind && spelled && spelled->ntok == k->prep.ntok)
        folded->spelled = spelled;
}

/* Reading i of q and key k as they are compared: qp and c. */
static void compared_readings(sx_prep *qp, sx_prep *c, const query *q, size_t i,
                              const sx_ix_key *k, bool person)
{
    *c = k->prep;
    c->translit = false;
    /* A person's other names are told only in a name as published: a reading of a
     * list name in Hangul or Han characters is made syllable by syllable. */
    c->person = (person || q->person) && !(k->path && k->path[0]);
    /* A loanword reading is in the query's own orthography: only long words that
     * miss by spelling may still be the same word (as for Korean and kanji). */
    *qp = q->preps[i];
    if (k->kind && qp->phon_tokens && qp->phon_tokens < LOAN_PHON_MIN)
        qp->phon_tokens = LOAN_PHON_MIN;
    qp->as_list = q->as_list;
    qp->loose_vowels = k->kind == SX_KEY_LOAN_KO;
    qp->japanese = !(q->alt[i]->prov & (SX_PROV_KANA | SX_PROV_KANJI)) ? SX_JA_NONE
                   : !k->kind                                           ? SX_JA_SPELLED
                   : k->kind == SX_KEY_LOAN_JA                          ? SX_JA_LOAN
                                                                        : SX_JA_NONE;
    qp->han_words = qp->japanese == SX_JA_SPELLED && q->han_only;
}

/* The best score of readings [from, to) of q against key k (*alt: which; untouched when
 * none beats floor). */
static float score_key(const query *q, const sx_ix_key *k, const sx_prep *spelled, bool person,
                       size_t from, size_t to, int *alt, sx_sim_method *method, float floor)
{
    float best = 0.0f;
    sx_sim_list folded;
    key_fold(&folded, k, spelled);
    for (size_t i = from; i < to; i++) {
        sx_sim_method m;
        /* Two transliterated readings are not compared: a Hangul query meets a Hangul
         * list name as written, not through two guesses.  The exception is a loanword
         * reading of an English name, which meets only readings of its own script. */
        if (k->kind ? !((q->meets[i] >> k->kind) & 1u)
                    : q->alt[i]->prov && k->path && k->path[0])
            continue;
        sx_prep qp, c;
        compared_readings(&qp, &c, q, i, k, person);
        /* The floor is for the raw similarity: a score is the raw one times the prior
         * factors (<= 1), and must reach the floor and beat the best so far (less a
         * hundred-thousandth, as the product may round up). */
        float pq = prior_factor(q->alt[i]->prior), pk = prior_factor(k->prior);
        float need = (best > floor ? best : floor) / (pq * pk) * (1.0f - 1e-5f);
        float s = sx_sim_list_score(&qp, q->words[i], &c, &folded, &m, need) * pq * pk;
        if (s > best) {
            best = s;
            *alt = (int)i;
            *method = m;
        }
    }
    return best;
}

/* A key scored earlier in this query, through its twin (keys read alike score alike). */
typedef struct scored {
    uint32_t twin;
    int alt;
    float score;
    sx_sim_method method;
} scored;

/* The memo is a small open-addressed table keyed by twin: more readings are scored than
 * fit in it only when names have many readings, and then a reading is scored again.
 * Which slots are filled is a bitmap: emptying it is 128 bytes per query, not the
 * 16 KB of the slots a query mostly never reads. */
#define MEMO_SLOTS 1024

typedef struct score_memo {
    uint64_t filled[MEMO_SLOTS / 64];
    scored slot[MEMO_SLOTS];
} score_memo;

static void memo_clear(score_memo *m)
{
    memset(m->filled, 0, sizeof m->filled);
}

static bool memo_filled(const score_memo *m, size_t slot)
{
    return (m->filled[slot / 64] >> (slot % 64)) & 1u;
}

static float score_once(const sx_screen_index *ix, const query *q, uint32_t key,
                        score_memo *memo, int *alt, sx_sim_method *method, float floor)
{
    uint32_t twin = ix->twin[key];
    size_t slot = (twin * 2654435761u) & (MEMO_SLOTS - 1);
    for (size_t probe = 0; probe < 8; probe++, slot = (slot + 1) & (MEMO_SLOTS - 1)) {
        if (!memo_filled(memo, slot))
            break;
        if (memo->slot[slot].twin == twin) {
            *alt = memo->slot[slot].alt;
            *method = memo->slot[slot].method;
            return memo->slot[slot].score;
        }
    }
    scored m = {.twin = twin, .alt = *alt, .method = SX_SIM_TOKENS};
    sx_ix_key tmp, stmp;
    const char *tokbuf[SX_PREP_MAX_TOKENS], *stokbuf[SX_PREP_MAX_TOKENS];
    const sx_ix_key *k = sx_ix_key_at(ix, key, &tmp, tokbuf);
    m.score = score_key(q, k, sx_ix_spelled_words(ix, k, &stmp, stokbuf), sx_ix_key_person(ix, key),
                        0, q->nread, &m.alt, &m.method, floor);
    if (!memo_filled(memo, slot)) {
        memo->slot[slot] = m;
        memo->filled[slot / 64] |= 1ull << (slot % 64);
    }
    *alt = m.alt;
    *method = m.method;
    return m.score;
}

/* The short forms a reading of the query as written spells (KOMID, AQAP; index.c
 * add_name_sides), into names[] (SHORT_FORMS_MET at most): scored first.  No postings
 * hold them: an acronym names many, and read letter by letter or by sound a Hangul or
 * kana name meets three-letter ones at will (이씨에스, ECS; 佳 李 read ka i, KAI). */
static size_t short_forms_spelled(const sx_screen_index *ix, const query *q, uint32_t *names)
{
    size_t n = 0;
    for (size_t i = 0; i < q->nprep && ix->nshort_forms; i++)
        if (q->preps[i].spelled)
            n += sx_ix_short_forms_spelled(ix, q->preps[i].compact, q->preps[i].clen, names + n,
                                           SHORT_FORMS_MET - n);
    return n;
}

/* The name's score moved by what is known beside the name: the kind of alias, the
 * entity's type, and the query's evidence (evidence.c). */
static float adjust(const sx_screen_index *ix, const query *q, const sx_ix_name *nm, float s,
                    const sx_screen_opts *opts, hit *h)
{
    if (nm->kind == SX_NAME_WEAK_ALIAS)
        s *= WEAK_ALIAS_FACTOR;
    const sx_entity *e = ix->ents[nm->entity];
    h->type_mismatch = opts && opts->type && strcmp(e->type, "unknown") != 0 &&
                       strcmp(e->type, opts->type) != 0;
    if (h->type_mismatch)
        s *= TYPE_MISMATCH_FACTOR;
    h->same_form =
        q->a.legal_form && nm->legal_form && strcmp(q->a.legal_form, nm->legal_form) == 0;
    s = sx_evidence_apply(&q->ev, e, s, &h->effects);
    return s > 1.0f ? 1.0f : s;
}

static int cmp_hit_entity(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->side > y->side) - (x->side < y->side);
}

/* Best first; ties go to a name of the query's legal form (제이에스코퍼레이션, JS
 * Corporation, before JS Company Limited: the legal form is left out of the score, but
 * between names alike it is what tells them apart), then to a name that says "and" where
 * the query does and not where it does not (엠에프씨 is MFC before M&FC), then to a hit
 * of the field whole before one of a name it gives (run_sides: Semiconductor
 * Manufacturing International (Shenzhen) Corporation is that entity's name before it is
 * SMIC's without the place), then to the entity loaded first (lists given first take
 * precedence). */
static int cmp_hit_score(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    if (x->same_form != y->same_form)
        return x->same_form ? -1 : 1;
    if (x->same_and != y->same_and)
        return x->same_and ? -1 : 1;
    if (x->side != y->side)
        return x->side < y->side ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

/* Whether hit b is the entity of hit a listed again on another list: a list that
 * republishes another's entries keeps their ids (the Consolidated Screening List repeats
 * SDN entries under their SDN numbers), so the same id on another list, matched under
 * the same name, is the same entity.  Ids of unrelated lists are unlike (UN "KPi.033",
 * SDN numbers, the CSL's "EL-…" digests); the name guards against a coincidence. */
static bool same_listing(const sx_screen_index *ix, const hit *a, const hit *b)
{
    const sx_entity *x = ix->ents[a->entity], *y = ix->ents[b->entity];
    return strcmp(x->list, y->list) != 0 && strcmp(x->id, y->id) == 0 &&
           strcasecmp(ix->names[a->name].text, ix->names[b->name].text) == 0;
}

/* One result per entity: hits[0..n) ranked best first; a later hit that is an earlier
 * one's entity on another list is folded into it (its listing kept in also).  Returns
 * the number of results left. */
static size_t fold_listings(const sx_screen_index *ix, hit *hits, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < kept && !same_listing(ix, &hits[j], &hits[i]))
            j++;
        if (j == kept) {
            hits[kept++] = hits[i];
        } else if (hits[j].nalso < MAX_ALSO_LISTED) {
            hits[j].also[hits[j].nalso++] = hits[i].entity;
        }
    }
    return kept;
}

static int push_hit(hit **hits, size_t *n, size_t *cap, hit h)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        hit *p = realloc(*hits, c * sizeof *p);
        if (!p)
            return sx_error_oom();
        *hits = p;
        *cap = c;
    }
    (*hits)[(*n)++] = h;
    return 0;
}

/* Keeps hit h of list name nm, told whether nm says "and" as q does (cmp_hit_score):
 * only for a hit kept, as it reads the name's text again. */
static int keep_hit(const query *q, const sx_ix_name *nm, hit **hits, size_t *n, size_t *cap,
                    hit h)
{
    h.same_and = says_and(nm->text) == q->says_and;
    return push_hit(hits, n, cap, h);
}

/* What scoring a candidate name needs besides it (run). */
typedef struct name_scoring {
    const sx_screen_index *ix;
    const query *q;
    const sx_screen_opts *opts;
    score_memo *memo;
    float floor; /* below it a name cannot alert (run) */
    double threshold;
    bool loans;
} name_scoring;

/* Scores each reading of name nm that its kind is scored for, adding a hit for each that
 * reaches the threshold. */
static int score_name(const name_scoring *ns, const sx_ix_name *nm, hit **hits, size_t *nh,
                      size_t *cap)
{
    const sx_screen_index *ix = ns->ix;
    int rc = 0;
    for (int c = 0; c < kinds_scored(ns->loans) && rc == 0; c++)
        for (uint32_t kk = nm->key0[c]; kk < nm->key0[c] + nm->nkeys[c] && rc == 0; kk++) {
            hit h = {.key = (int)kk, .name = sx_ix_key_name(ix, kk), .alt = -1,
                     .entity = nm->entity};
            h.score = score_once(ix, ns->q, kk, ns->memo, &h.alt, &h.method, ns->floor);
            h.score = adjust(ix, ns->q, nm, h.score, ns->opts, &h);
            if (h.score >= ns->threshold && h.alt >= 0)
                rc = keep_hit(ns->q, nm, hits, nh, cap, h);
        }
    return rc;
}

/* The reading of preps[from, to) spelled text, or -1. */
static int reading_spelled(const query *q, size_t from, size_t to, const char *text)
{
    for (size_t i = from; i < to; i++)
        if (strcmp(q->alt[i]->text, text) == 0)
            return (int)i;
    return -1;
}

/* The reading of q tailored to words (sx_name_alt_tailored) from its reading i, into *at:
 * its index in preps (made there if new, while there is room), or -1 when none is new.
 * Returns 0 or SX_ENOMEM. */
static int tailored_reading(int *at, query *q, const sx_screen_index *ix, size_t i,
                            const char *const *words, const uint8_t *wlen, size_t n)
{
    sx_name_alt t;
    char text[SX_NAME_MAX_BYTES], path[256];
    *at = -1;
    if (!sx_name_alt_tailored(&t, text, path, q->alt[i], words, wlen, n) ||
        reading_spelled(q, 0, q->nread, text) >= 0)
        return 0; /* none, or scored already */
    if ((*at = reading_spelled(q, q->nread, q->nprep, text)) >= 0 ||
        q->nprep == q->nread + TAILORED_MAX)
        return 0;
    sx_name_alt *alt = sx_arena_alloc(&q->arena, sizeof *alt);
    if (!alt || !(t.text = sx_arena_strdup(&q->arena, text)) ||
        !(t.path = sx_arena_strdup(&q->arena, path)))
        return SX_ENOMEM;
    *alt = t;
    size_t before = q->nprep;
    int rc = prepare_reading(q, ix, alt, q->mixed);
    if (rc != 0 || q->nprep == before)
        return rc; /* or no word to compare */
    q->preps[before].memo = q->memo;
    q->words[before]->numbered = false; /* its words are not among the numbered ones */
    *at = (int)before;
    return 0;
}

/* The best score against key k of q's readings tailored to its words (a list name as
 * published: a reading of one in another script is never compared with a query's
 * reading, score_key), *alt which (untouched when none is new).  Returns 0 or SX_ENOMEM. */
static int score_tailored_key(float *best, query *q, const sx_screen_index *ix,
                              const sx_ix_key *k, const sx_prep *spelled, bool person, int *alt,
                              sx_sim_method *method, float floor)
{
    *best = 0.0f;
    if (k->path && k->path[0])
        return 0;
    size_t ntok = k->prep.ntok < SX_PREP_MAX_TOKENS ? k->prep.ntok : SX_PREP_MAX_TOKENS;
    int rc = 0;
    for (size_t i = 0; i < q->nread && rc == 0; i++) {
        int t = -1, a = -1;
        sx_sim_method m;
        if (q->lattice_first[i])
            rc = tailored_reading(&t, q, ix, i, k->prep.tok, k->prep.tlen, ntok);
        if (t < 0)
            continue;
        float s = score_key(q, k, spelled, person, (size_t)t, (size_t)t + 1, &a, &m,
                            *best > floor ? *best : floor);
        if (s > *best && a >= 0) {
            *best = s;
            *alt = a;
            *method = m;
        }
    }
    return rc;
}

/* Scores name nm with the readings of the query tailored to the words of its spelled
 * readings (sx_name_alt_tailored: a word the query renders several ways, rendered as
 * this name does), adding a hit for each key that one brings to the threshold.  A
 * reading is tailored once for each set of words it was picked from (its lattice), from
 * the first reading picked from it. */
static int score_tailored(const name_scoring *ns, query *q, const sx_ix_name *nm, hit **hits,
                          size_t *nh, size_t *cap)
{
    const sx_screen_index *ix = ns->ix;
    int rc = 0;
    for (uint32_t kk = nm->key0[SX_KEY_SPELLED];
         kk < nm->key0[SX_KEY_SPELLED] + nm->nkeys[SX_KEY_SPELLED] && rc == 0; kk++) {
        sx_ix_key tmp, stmp;
        const char *tokbuf[SX_PREP_MAX_TOKENS], *stokbuf[SX_PREP_MAX_TOKENS];
        const sx_ix_key *k = sx_ix_key_at(ix, kk, &tmp, tokbuf);
        hit h = {.key = (int)kk, .name = sx_ix_key_name(ix, kk), .alt = -1,
                 .entity = nm->entity};
        rc = score_tailored_key(&h.score, q, ix, k, sx_ix_spelled_words(ix, k, &stmp, stokbuf),
                                sx_ix_key_person(ix, kk), &h.alt, &h.method, ns->floor);
        if (rc != 0 || h.alt < 0)
            continue;
        h.score = adjust(ix, q, nm, h.score, ns->opts, &h);
        if (h.score >= ns->threshold)
            rc = keep_hit(q, nm, hits, nh, cap, h);
    }
    return rc;
}

static bool entity_in(const uint32_t *ents, size_t n, uint32_t e)
{
    for (size_t i = 0; i < n; i++)
        if (ents[i] == e)
            return true;
    return false;
}

/* Scores the names of candidate name id's entity that stand beside a short form (index.c
 * add_name_sides: SPECIAL INDUSTRIES GROUP of SPECIAL INDUSTRIES GROUP (SIG)), which no
 * postings hold: a query that meets the whole meets them.  An entity's names lie side by
 * side in the index. */
static int score_siblings(const name_scoring *ns, uint32_t id, hit **hits, size_t *nh,
                          size_t *cap)
{
    const sx_screen_index *ix = ns->ix;
    uint32_t ent = ix->names[id].entity, first = id;
    while (first > 0 && ix->names[first - 1].entity == ent)
        first--;
    int rc = 0;
    for (uint32_t j = first; j < ix->nnames && ix->names[j].entity == ent && rc == 0; j++)
        if (ix->names[j].beside)
            rc = score_name(ns, &ix->names[j], hits, nh, cap);
    return rc;
}

/* Runs one query; *out are the hits at or above the threshold, one per entity, ranked. */
/* The entity types a query may ask for: the request schema's enum (data/openapi.json,
 * ScreenRequest.type).  Anything else is refused rather than matching nothing. */
static int check_type(const char *type)
{
    static const char *const known[] = {"person", "organization", "vessel", "aircraft"};
    if (!type)
        return 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(type, known[i]) == 0)
            return 0;
    return sx_error_set(SX_EPARSE,
                        "type: \"%.*s\" is not one of person, organization, vessel, aircraft",
                        (int)sx_utf8_prefix(type, strlen(type), 32), type);
}

/* A name with no letters or digits left once normalised ("   ", "...", a zero-width
 * space) cannot be screened: answering "no match" would record a clean screening of
 * nothing. */
static int check_screenable(const query *q)
{
    if (q->a.normalised && *q->a.normalised)
        return 0;
    return sx_error_set(SX_EPARSE, "name: nothing to screen (no letters or digits once "
                                   "spaces, punctuation and invisible characters are removed)");
}

/* hist[b]: how many of the n candidates have a share in [b/20, (b+1)/20).  A CJK query
 * has tens of thousands, mostly in the same few bins: counted in four lanes, so that the
 * increments of one bin do not wait for each other. */
static void share_histogram(const cand *c, size_t n, size_t hist[21])
{
    size_t lane[4][21] = {{0}};
    for (size_t i = 0; i < n; i++)
        lane[i & 3][(int)(c[i].share * 20.0f)]++;
    for (size_t b = 0; b < 21; b++)
        hist[b] = lane[0][b] + lane[1][b] + lane[2][b] + lane[3][b];
}

/* Whether reading i's compact form (skel: its skeleton) was looked up already in class c
 * by an earlier reading (skel_done: the readings whose skeleton was).  Readings often
 * share a form (kimjong un / kim jong un; the skeletons of RR and McCune-Reischauer), and
 * the same trigrams give every key the same share again, which credit() would refuse. */
static bool gathered_before(const query *q, size_t i, int c, bool skel, const bool *skel_done)
{
    const sx_prep *p = &q->preps[i];
    for (size_t j = 0; j < i; j++) {
        const sx_prep *o = &q->preps[j];
        if (!((q->meets[j] >> c) & 1u) || (skel && !skel_done[j]))
            continue;
        if (skel ? o->slen == p->slen && memcmp(o->skel, p->skel, p->slen) == 0
                 : o->clen == p->clen && memcmp(o->compact, p->compact, p->clen) == 0)
            return true;
    }
    return false;
}

/* Several readings gathered: a key's share is its best over them, known only now, so
 * the touched keys (scattered in memory) are visited once more, and with them the words
 * shares still pending (gather_words), as credit_words would have credited them: the max
 * of a key's two shares, and the keys first reached by their words after all the others,
 * in the order they were reached. */
static void end_gathering(sx_ix_scratch *s)
{
    s->nstrong = 0;
    for (size_t i = 0; i < s->ntouched; i++) {
        prefetch_ahead(s, s->touched, i);
        uint32_t k = s->touched[i];
        sx_ix_tally t = s->tally[k];
        float share = t.words > t.best ? t.words : t.best, sum = 0.0f;
        s->tally[k] = (sx_ix_tally){0}; /* read for the last time: cleared here */
        if (s->summing) {
            sum = s->sum[k] + t.words;
            s->sum[k] = 0.0f;
        }
        if (share >= MIN_SHARE)
            s->strong[s->nstrong++] = (cand){k, share, sum};
    }
    /* A words share is never 0 (a key hit at least one trigram): 0 here means the key
     * was touched before and is done. */
    for (size_t i = 0; i < s->nwords; i++) {
        prefetch_ahead(s, s->word_touched, i);
        uint32_t k = s->word_touched[i];
        float share = s->tally[k].words;
        if (share == 0.0f)
            continue;
        s->tally[k] = (sx_ix_tally){0};
        if (share >= MIN_SHARE)
            s->strong[s->nstrong++] = (cand){k, share, share};
    }
    s->ntouched = 0; /* nothing left for scratch_put to clear */
    s->nwords = 0;
}

/* hits[0..nh) as one hit per entity, its best name, best first; with fold, one per entity
 * across lists too (fold_listings).  Returns how many are left. */
static size_t best_per_entity(const sx_screen_index *ix, hit *hits, size_t nh, bool fold)
{
    size_t u = 0;
    if (nh > 0) {
        qsort(hits, nh, sizeof *hits, cmp_hit_entity);
        for (size_t i = 0; i < nh; i++)
            if (u == 0 || hits[u - 1].entity != hits[i].entity)
                hits[u++] = hits[i];
        qsort(hits, u, sizeof *hits, cmp_hit_score);
        if (fold)
            u = fold_listings(ix, hits, u);
    }
    return u;
}

/* Screens name: *out holds the hits ranked best first, one per entity; with fold, one per
 * entity across lists too (fold_listings) — for a reader, not for the workflow, which
 * follows each list's record of an entity. */
static int run(hit **out, size_t *nout, query *q, const sx_screen_index *ixc, const char *name,
               const sx_screen_opts *opts, bool fold, bool as_list)
{
    sx_screen_index *ix = (sx_screen_index *)ixc; /* only the scratch pool changes */
    double threshold = opts && opts->threshold >= 0 ? opts->threshold : SX_DEFAULT_THRESHOLD;
    hit *hits = NULL;
    size_t nh = 0, caph = 0;
    *out = NULL;
    *nout = 0;
    int rc = opts && opts->version > SX_SCREEN_OPTS_VERSION
                 ? sx_error_set(SX_EUNSUPPORTED, "screen: options version %u is newer than "
                                                 "this library (%d)",
                                opts->version, SX_SCREEN_OPTS_VERSION)
                 : check_type(opts ? opts->type : NULL);
    if (rc != 0) {
        query_clear(q); /* freed by the caller even when refused before preparing */
        return rc;
    }
    rc = query_prepare(q, ix, name); /* which clears q first */
    rc = rc ? rc : check_screenable(q);
    rc = rc ? rc : sx_evidence_prepare(&q->ev, opts);
    if (rc != 0)
        return rc;
    q->person = opts && sx_ix_type_person(opts->type);
    q->as_list = as_list;
    q->says_and = says_and(name) ||
                  ((q->a.scripts & SX_SCRIPT_HANGUL) && says_and_in_letters(q->a.normalised));
    sx_ix_scratch *s = scratch_get(ix);
    if (!s)
        return sx_error_oom();
    size_t skeletons = 0, gathered = 0;
    bool skel_done[SX_NAME_MAX_ALTS] = {false};
    bool loans = false; /* whether a reading meets loanword readings of list names */
    for (size_t i = 0; i < q->nprep; i++)
        loans |= (q->meets[i] & ~(1u << SX_KEY_SPELLED)) != 0;
    s->summing = loans; /* the tie-break of goes_before */
    for (size_t i = 0; i < q->nprep; i++) {
        const sx_prep *p = &q->preps[i];
        /* Skeleton trigrams select loosely and cost the most: the likeliest few only.  A
         * reading of Arabic script is looked up by its consonants instead. */
        const abjad_words *aw = q->abjad[i];
        bool skel = !aw && (p->translit || p->phon_tokens) && p->slen >= 3 &&
                    skeletons++ < SKELETON_READINGS;
        for (int c = 0; c < SX_KEY_CLASSES; c++) {
            if (!((q->meets[i] >> c) & 1u))
                continue;
            /* The name as spelled is also looked up word by word (its words may be in
             * another order; WORD_LOOKUP_BELOW), and so is a reading with translated
             * words, which keep the order of the language they came from (イワテギンコウ
             * read iwate bank; the list's The Bank of Iwate), and so is a reading in
             * Mandarin, whose surname the lists write first or last (曾國衞 read ceng
             * guowei; the list's Guowei CENG).  Not one in Cantonese: the whole name's
             * lookup finds those, and the words' cost a fifth more. */
            bool translated = (q->alt[i]->prov &
                               (SX_PROV_TERM | SX_PROV_KANA_TERM | SX_PROV_MANDARIN)) != 0;
            bool words = c == SX_KEY_SPELLED && (p->spelled || translated) && p->ntok >= 2;
            float top = 0.0f;
            if (words || !gathered_before(q, i, c, false, skel_done))
                top = gather(ix, s, p->compact, p->clen, ix->tri_off[c], ix->tri_post[c],
                             p->clen);
            gathered++;
            if (words && top < WORD_LOOKUP_BELOW) {
                postings letters = {ix->tri_off[c], ix->tri_post[c]},
                         marks = {ix->wm_off[c], ix->wm_post[c]};
                gather_words(ix, s, p->tok, p->tlen, p->ntok, &letters, &marks);
                gathered++;
            }
            if (skel && ix->sk_off[c]) {
                if (!gathered_before(q, i, c, true, skel_done))
                    gather(ix, s, p->skel, p->slen, ix->sk_off[c], ix->sk_post[c], 0);
                gathered++;
            }
            if (aw && c == SX_KEY_SPELLED && aw->wlen >= 3) {
                gather(ix, s, aw->whole, aw->wlen, ix->cn_off[c], ix->cn_post[c], 0);
                gathered++;
                if (aw->n >= 2) {
                    postings consonants = {ix->cn_off[c], ix->cn_post[c]};
                    gather_words(ix, s, aw->tok, aw->tlen, aw->n, &consonants, NULL);
                    gathered++;
                }
            }
        }
        skel_done[i] = skel;
    }
    if (gathered > 1)
        end_gathering(s);
    else
        credit_words(s); /* none: words are looked up only beside the whole name */
    /* Only the best keys are kept, enough for maxn names (a name has one spelled
     * reading, and loanword readings only when they were looked up): a share histogram
     * finds the cut first (keys below MIN_SHARE cannot move it). */
    size_t maxn = loans ? CJK_CANDIDATES : MAX_CANDIDATES;
    size_t want = loans ? MAX_CAND_KEYS : MAX_CANDIDATES;
    size_t hist[21];
    share_histogram(s->strong, s->nstrong, hist);
    float cut = MIN_SHARE;
    for (size_t b = 20, sum = 0; b > 0; b--) {
        sum += hist[b];
        if (sum >= want) {
            cut = (float)b / 20.0f > MIN_SHARE ? (float)b / 20.0f : MIN_SHARE;
            break;
        }
    }
    ranked cands[MAX_CAND_KEYS + SX_IX_PINNED_MAX];
    size_t nc = 0;
    /* Ties go to the key nearest the name as spelled, for a Latin query (goes_before). */
    int qlen = q->a.scripts == SX_SCRIPT_LATIN && q->nprep ? (int)q->preps[0].clen : 0;
    for (size_t i = 0; i < s->nstrong; i++)
        if (s->strong[i].share >= cut)
            keep_best(cands, &nc, want, ranked_of(ix, s->strong[i], qlen, loans));
    /* Keys sharing far fewer trigrams than the best candidate cannot outrank it. */
    while (nc > MIN_SCORED && cands[nc - 1].share < RELATIVE_SHARE * cands[0].share)
        nc--;
    nc = put_pinned_first(cands, nc, s);
    /* A candidate is a name: every reading of it is scored (its loanword reading may
     * select it, its English spelling may match best), each name once. */
    score_memo memo;
    memo_clear(&memo);
    /* A name scoring below the floor cannot alert: the prior factors and adjust() only
     * lower a score, but for the evidence's gains (sx_evidence_floor).  Less a margin for
     * the rounding of the comparisons the floor cuts short (sx_sim_list_score). */
    float alert_floor = sx_evidence_floor(&q->ev, (float)threshold) - FLOOR_MARGIN;
    uint32_t name_of[SHORT_FORMS_MET + MAX_CAND_KEYS];
    size_t nshort = short_forms_spelled(ix, q, name_of);
    resolve_names(ix, s, cands, nc, loans, name_of + nshort);
    nc += nshort;
    name_scoring ns = {.ix = ix, .q = q, .opts = opts, .memo = &memo, .floor = alert_floor,
                       .threshold = threshold, .loans = loans};
    uint32_t sibs_of[MAX_CAND_KEYS]; /* entities whose names beside short forms were scored */
    size_t names = 0, nsibs = 0;
    for (size_t i = 0; i < nc && rc == 0 && names < maxn; i++) {
        const sx_ix_name *nm = &ix->names[name_of[i]];
        if (s->count[sx_ix_name_first_key(nm)]) /* name already scored */
            continue;
        s->count[sx_ix_name_first_key(nm)] = 1;
        names++;
        rc = score_name(&ns, nm, &hits, &nh, &caph);
        if (rc == 0 && q->tailorable)
            rc = score_tailored(&ns, q, nm, &hits, &nh, &caph);
        if (rc == 0 && nm->kin_beside && nsibs < MAX_CAND_KEYS &&
            !entity_in(sibs_of, nsibs, nm->entity)) {
            sibs_of[nsibs++] = nm->entity;
            rc = score_siblings(&ns, name_of[i], &hits, &nh, &caph);
        }
    }
    for (size_t i = 0; i < nc; i++)
        s->count[sx_ix_name_first_key(&ix->names[name_of[i]])] = 0;
    /* Queries in other scripts also meet list names in their script as written. */
    if (q->a.scripts & ~(unsigned)SX_SCRIPT_LATIN)
        for (size_t i = 0; i < ix->ncjk && rc == 0; i++) {
            const sx_ix_name *nm = &ix->names[ix->cjk[i]];
            if (!(nm->scripts & q->a.scripts & ~(unsigned)SX_SCRIPT_LATIN))
                continue;
            float sc = sx_sim_script(q->a.core, nm->core);
            if (sc < SCRIPT_MIN)
                continue;
            hit h = {.entity = nm->entity, .name = ix->cjk[i], .key = -1, .alt = -1,
                     .method = SX_SIM_SCRIPT};
            h.score = adjust(ix, q, nm, sc, opts, &h);
            if (h.score >= threshold)
                rc = keep_hit(q, nm, &hits, &nh, &caph, h);
        }
    if (rc != 0)
        goto done;
    size_t u = best_per_entity(ix, hits, nh, fold);
    size_t limit = opts && opts->limit ? opts->limit : 10;
    *nout = u < limit ? u : limit;
    *out = hits;
    hits = NULL;
done:
    scratch_put(ix, s);
    free(hits);
    return rc;
}

/* ---- a field giving a name twice ---- */

#define FIELD_QUERIES (SX_NAME_SIDES + 1) /* the field as one name, and its sides */

/* Screens a field that may give a name twice (sx_name_sides): the field as one name (qs[0]:
 * a list may write both sides in one name, ROSNEFT AERO (RN AERO) for Роснефть-Аэро /
 * РН-Аэро) and each side apart (qs[1..]), an entity keeping its best hit of any of them.
 * The queries are allocated (not zeroed: run clears them); the caller frees them with
 * free_sides.  *nq: how many (one for a field of one name). */
static int run_sides(hit **out, size_t *nout, query **qs, size_t *nq, const sx_screen_index *ix,
                     const char *name, const sx_screen_opts *opts, bool fold, bool as_list)
{
    char *side[SX_NAME_SIDES];
    *out = NULL;
    *nout = 0;
    *nq = 0;
    size_t n = 0;
    int rc = sx_name_sides(name, false, side, &n, NULL);
    if (rc != 0)
        return rc;
    if (!(qs[0] = malloc(sizeof *qs[0]))) {
        for (size_t k = 0; k < n; k++)
            free(side[k]);
        return sx_error_oom();
    }
    *nq = 1;
    if (n == 0)
        return run(out, nout, qs[0], ix, name, opts, fold, as_list);
    sx_screen_opts every = SX_SCREEN_OPTS_INIT;
    if (opts)
        every = *opts;
    every.limit = SIZE_MAX; /* the limit is the field's, applied once the sides meet */
    hit *all = NULL;
    size_t nall = 0, cap = 0;
    for (size_t k = 0; k <= n && rc == 0; k++) {
        if (k > 0 && !(qs[k] = malloc(sizeof *qs[k]))) {
            rc = sx_error_oom();
            break;
        }
        *nq = k + 1;
        hit *h = NULL;
        size_t nh = 0;
        rc = run(&h, &nh, qs[k], ix, k ? side[k - 1] : name, &every, false, as_list);
        for (size_t i = 0; i < nh && rc == 0; i++) {
            h[i].side = (uint8_t)k;
            rc = push_hit(&all, &nall, &cap, h[i]);
        }
        free(h);
    }
    for (size_t k = 0; k < n; k++)
        free(side[k]);
    if (rc != 0) {
        free(all);
        return rc;
    }
    size_t u = best_per_entity(ix, all, nall, fold);
    size_t limit = opts && opts->limit ? opts->limit : 10;
    *nout = u < limit ? u : limit;
    *out = all;
    return 0;
}

static void free_sides(query **qs, size_t nq)
{
    for (size_t k = 0; k < nq; k++) {
        query_free(qs[k]);
        free(qs[k]);
    }
}

static int screen_hits(sx_screen_hit **out, size_t *n, const sx_screen_index *ix,
                       const char *name, const sx_screen_opts *opts, bool as_list)
{
    *out = NULL;
    *n = 0;
    if (!ix || !name)
        return sx_error_set(SX_EINVAL, "screen: index and name are required");
    query *qs[FIELD_QUERIES];
    size_t nq = 0;
    hit *hits = NULL;
    size_t nh = 0;
    int rc = run_sides(&hits, &nh, qs, &nq, ix, name, opts, false, as_list);
    free_sides(qs, nq);
    if (rc != 0)
        return rc;
    sx_screen_hit *r = calloc(nh ? nh : 1, sizeof *r);
    if (!r) {
        free(hits);
        return sx_error_oom();
    }
    for (size_t i = 0; i < nh; i++) {
        const sx_entity *e = ix->ents[hits[i].entity];
        r[i].list = e->list;
        r[i].entity_id = e->id;
        r[i].entity_type = e->type;
        r[i].matched_name = ix->names[hits[i].name].text;
        r[i].licence_requirement = e->licence_requirement;
        r[i].licence_policy = e->licence_policy;
        r[i].notice = e->notice;
        r[i].issuer = e->licence_requirement ? e->issuer : NULL;
        r[i].score = (double)((int)(hits[i].score * 10000.0f + 0.5f)) / 10000.0;
    }
    free(hits);
    *out = r;
    *n = nh;
    return 0;
}

int sx_screen_query(sx_screen_hit **out, size_t *n, const sx_screen_index *ix,
                    const char *name, const sx_screen_opts *opts)
{
    return screen_hits(out, n, ix, name, opts, false);
}

int sx_screen_candidates(sx_screen_hit **out, size_t *n, const sx_screen_index *ix,
                         const char *list_name, const sx_screen_opts *opts)
{
    return screen_hits(out, n, ix, list_name, opts, true);
}

/* ---- JSON with explanations ---- */

static const char *method_text(sx_sim_method m)
{
    switch (m) {
    case SX_SIM_TOKENS: return "compared word by word, rare words weighing more";
    case SX_SIM_TOKENS_OTHER_NAMES:
        return "compared word by word, rare words weighing more; the person's names that one "
               "side gives and the other does not weighed less (lists give every given and "
               "father's name)";
    case SX_SIM_WHOLE: return "compared as one string without spaces";
    case SX_SIM_SKELETON: return "compared on consonants (loanword spelling)";
    default: return "compared as written in the same script";
    }
}

static const char *kind_text(sx_name_kind k)
{
    return k == SX_NAME_PRIMARY ? "primary name" : k == SX_NAME_ALIAS ? "alias" : "weak alias";
}

/* Words [t, t + n) of p, spaced. */
static void put_words(sx_buf *b, const sx_prep *p, size_t t, size_t n)
{
    for (size_t i = t; i < t + n && i < p->ntok; i++)
        sx_buf_printf(b, "%s%.*s", i > t ? " " : "", (int)p->tlen[i], p->tok[i]);
}

/* The words of p in no pair of tr (query_side: p is the query's reading, else the list
 * name's), after a comma when words were listed before; returns how many it lists. */
static size_t put_leftovers(sx_buf *b, const sx_prep *p, const sx_sim_trace *tr,
                            bool query_side, bool after)
{
    size_t listed = 0;
    size_t n = p->ntok < SX_PREP_MAX_TOKENS ? p->ntok : SX_PREP_MAX_TOKENS;
    for (size_t t = 0; t < n; t++) {
        bool paired = false;
        for (size_t k = 0; k < tr->n && !paired; k++) {
            size_t from = query_side ? tr->pair[k].q : tr->pair[k].c;
            size_t len = query_side ? tr->pair[k].qn : tr->pair[k].cn;
            paired = t >= from && t < from + len;
        }
        if (paired)
            continue;
        sx_buf_puts(b, listed || after ? ", " : "");
        put_words(b, p, t, 1);
        listed++;
    }
    return listed;
}

/* How a pair met, said after its similarity; nothing for its letters. */
static const char *pair_how_text(int how)
{
    switch (how) {
    case SX_PAIR_SOUND: return " by sound";
    case SX_PAIR_FORM: return ", another form";
    case SX_PAIR_NICKNAME: return ", a nickname";
    case SX_PAIR_ROMANISED: return ", another romanisation";
    case SX_PAIR_OTHER_KOREAN: return ", another Korean word";
    default: return "";
    }
}

/* For a hit scored word by word, which words met which and how nearly, and what was left
 * over: what an officer weighs (samyang ~ chinyang (0.50, another Korean word) is a
 * look-alike, not a namesake).  The comparison is made again with its pairs noted, unbounded. */
static void explain_words(json_t *arr, const sx_screen_index *ix, const query *q, const hit *h)
{
    if (h->alt < 0 || h->key < 0 ||
        (h->method != SX_SIM_TOKENS && h->method != SX_SIM_TOKENS_OTHER_NAMES))
        return;
    sx_ix_key tmp, stmp;
    const char *tokbuf[SX_PREP_MAX_TOKENS], *stokbuf[SX_PREP_MAX_TOKENS];
    const sx_ix_key *k = sx_ix_key_at(ix, (uint32_t)h->key, &tmp, tokbuf);
    sx_sim_list folded;
    key_fold(&folded, k, sx_ix_spelled_words(ix, k, &stmp, stokbuf));
    sx_prep qp, c;
    compared_readings(&qp, &c, q, (size_t)h->alt, k, sx_ix_key_person(ix, (uint32_t)h->key));
    sx_sim_trace tr = {.n = 0};
    qp.trace = &tr;
    sx_sim_method m;
    sx_sim_list_score(&qp, q->words[h->alt], &c, &folded, &m, 0.0f);
    if (tr.n == 0)
        return;
    /* In the query's order (they were made best first). */
    for (size_t i = 1; i < tr.n; i++)
        for (size_t j = i; j > 0 && tr.pair[j - 1].q > tr.pair[j].q; j--) {
            sx_sim_pair t = tr.pair[j];
            tr.pair[j] = tr.pair[j - 1];
            tr.pair[j - 1] = t;
        }
    /* An append that fails empties the buffer: its line is then left out (sx_buf). */
    sx_buf b = SX_BUF_INIT;
    sx_buf_puts(&b, "words met: ");
    for (size_t i = 0; i < tr.n; i++) {
        const sx_sim_pair *pr = &tr.pair[i];
        sx_buf_puts(&b, i ? ", " : "");
        put_words(&b, &qp, pr->q, pr->qn);
        /* "=" for words counted as the same (Intl, International; Germany, Deutschland) */
        sx_buf_puts(&b, pr->sim >= 1.0f ? " = " : " ~ ");
        put_words(&b, &c, pr->c, pr->cn);
        if (pr->sim < 1.0f)
            sx_buf_printf(&b, " (%.2f%s)", (double)pr->sim, pair_how_text(pr->how));
    }
    if (sx_buf_status(&b) == 0)
        json_array_append_new(arr, json_string(b.ptr));
    sx_buf_clear(&b);
    sx_buf_puts(&b, "words left over: ");
    bool query_words = put_leftovers(&b, &qp, &tr, true, false) > 0;
    if (query_words)
        sx_buf_puts(&b, " (query)");
    bool list_words = put_leftovers(&b, &c, &tr, false, query_words) > 0;
    if (list_words)
        sx_buf_puts(&b, " (list name)");
    if ((query_words || list_words) && sx_buf_status(&b) == 0)
        json_array_append_new(arr, json_string(b.ptr));
    sx_buf_free(&b);
}

static json_t *explain(const sx_screen_index *ix, const query *q, const hit *h)
{
    json_t *arr = json_array();
    const sx_ix_name *nm = &ix->names[h->name];
    char buf[1024];
    snprintf(buf, sizeof buf, "matched the %s \"%s\"", kind_text(nm->kind), nm->text);
    json_array_append_new(arr, json_string(buf));
    if (h->alt >= 0) {
        const sx_name_alt *alt = q->alt[h->alt];
        if (alt->path[0]) {
            snprintf(buf, sizeof buf, "query read as \"%s\" (%s)", alt->text, alt->path);
            json_array_append_new(arr, json_string(buf));
        }
        sx_ix_key tmp;
        const char *tokbuf[SX_PREP_MAX_TOKENS];
        const sx_ix_key *k = sx_ix_key_at(ix, (uint32_t)h->key, &tmp, tokbuf);
        if (k->path[0]) {
            snprintf(buf, sizeof buf, "list name read as \"%s\" (%s)", k->prep.compact, k->path);
            json_array_append_new(arr, json_string(buf));
        }
    }
    json_array_append_new(arr, json_string(method_text(h->method)));
    explain_words(arr, ix, q, h);
    if (q->a.legal_form || nm->legal_form) {
        snprintf(buf, sizeof buf, "legal form ignored (%s%s%s)",
                 q->a.legal_form ? q->a.legal_form : "",
                 q->a.legal_form && nm->legal_form ? ", " : "",
                 nm->legal_form ? nm->legal_form : "");
        json_array_append_new(arr, json_string(buf));
    }
    if (nm->kind == SX_NAME_WEAK_ALIAS)
        json_array_append_new(arr, json_string("weak alias: score lowered"));
    if (nm->short_form)
        json_array_append_new(arr, json_string("met by the short form it gives in parentheses, "
                                               "as spelled"));
    if (nm->beside)
        json_array_append_new(arr, json_string(nm->inside
                                                   ? "met by the name it gives in parentheses"
                                                   : "met by its words before the parentheses"));
    if (h->type_mismatch) {
        snprintf(buf, sizeof buf, "listed as %s, not the type asked for: score lowered",
                 ix->ents[nm->entity]->type);
        json_array_append_new(arr, json_string(buf));
    }
    sx_evidence_explain(arr, &q->ev, ix->ents[nm->entity], h->effects);
    return arr;
}

/* The other lists the entity of h is on: list, id and programmes of each. */
static json_t *also_listed(const sx_screen_index *ix, const hit *h)
{
    json_t *arr = json_array();
    for (size_t a = 0; a < h->nalso; a++) {
        const sx_entity *e = ix->ents[h->also[a]];
        json_t *o = json_object(), *progs = json_array();
        json_object_set_new(o, "list", json_string(e->list));
        json_object_set_new(o, "entity_id", json_string(e->id));
        for (size_t p = 0; p < e->nprograms; p++)
            json_array_append_new(progs, json_string(e->programs[p]));
        json_object_set_new(o, "programs", progs);
        json_array_append_new(arr, o);
    }
    return arr;
}

#define SX_CAVEAT_MAX 768 /* bytes of one caveat sentence, its terminator included */

/* Of the scripts seen, those compared only through readings in Latin letters, as words
 * for a caveat ("Han characters and Hangul"); "" when there are none. */
static const char *read_scripts(char *buf, size_t size, unsigned seen)
{
    static const struct {
        unsigned script;
        const char *words;
    } read[] = {{SX_SCRIPT_HAN, "Han characters"},
                {SX_SCRIPT_HANGUL, "Hangul"},
                {SX_SCRIPT_KANA, "kana"},
                {SX_SCRIPT_ARABIC, "Arabic script"}};
    size_t len = 0, nread = sizeof read / sizeof read[0], total = 0, listed = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nread; i++)
        total += (seen & read[i].script) != 0;
    for (size_t i = 0; i < nread; i++)
        if (seen & read[i].script) {
            const char *sep = listed == 0 ? "" : listed + 1 == total ? " and " : ", ";
            listed++;
            len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", sep,
                                    read[i].words);
        }
    return buf;
}

/* What the answer cannot say about name (sx_screen_caveats): up to two sentences. */
static size_t caveat_texts(char msgs[2][SX_CAVEAT_MAX], const char *name)
{
    size_t n = 0;
    char scripts[96];
    unsigned seen = sx_scripts_of(name, strlen(name), true);
    /* Han names are read in Mandarin pinyin (and Japanese, Korean), a person's also in
     * Wade-Giles and in Hong Kong's Cantonese spellings: a firm's are not read so, and
     * Hong Kong writes one syllable more ways than are made (基 kei, kee, ki). */
    if (*read_scripts(scripts, sizeof scripts, seen))
        snprintf(msgs[n++], sizeof msgs[0],
                 "the name is written in %s, compared with the lists through its readings in "
                 "Latin letters and the dictionary words in it: a list name that translates "
                 "it, %sor a name coined in Latin letters (a brand), may not be reached that "
                 "way — screen the name the party uses in Latin letters as well",
                 scripts, (seen & SX_SCRIPT_HAN)
                              ? "spells it in another romanisation (Wade-Giles and Hong "
                                "Kong's Cantonese are made for persons' names only, in their "
                                "usual spellings: Hong Kong writes one syllable several "
                                "ways), "
                              : "");
    /* Only a letter of no script read here (Hebrew, Thai...) needs ICU's look. */
    const char *script = (seen & SX_SCRIPT_OTHER) ? sx_unread_script(name) : NULL;
    if (script)
        snprintf(msgs[n++], sizeof msgs[0],
                 "the name is written partly in %s script, which is not read into Latin "
                 "letters: those words were compared only with list names written in %s; "
                 "a list's Latin spelling of them is not matched — screen a Latin "
                 "transliteration of the name as well",
                 script, script);
    return n;
}

/* What the answer cannot say (caveat_texts), as the answer's "caveats". */
static json_t *caveats(const query *q)
{
    json_t *arr = json_array();
    char msgs[2][SX_CAVEAT_MAX];
    size_t n = caveat_texts(msgs, q->a.normalised);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(msgs[i]));
    return arr;
}

int sx_screen_caveats(char ***out, size_t *n, const char *name)
{
    if (!out || !n || !name)
        return sx_error_set(SX_EINVAL, "sx_screen_caveats: NULL argument");
    *out = NULL;
    *n = 0;
    char msgs[2][SX_CAVEAT_MAX];
    size_t k = caveat_texts(msgs, name), bytes = (k + 1) * sizeof(char *);
    for (size_t i = 0; i < k; i++)
        bytes += strlen(msgs[i]) + 1;
    /* The pointers, then the sentences they point to: one block, one sx_free(). */
    char **arr = malloc(bytes);
    if (!arr)
        return sx_error_oom();
    char *text = (char *)(arr + k + 1);
    for (size_t i = 0; i < k; i++) {
        size_t len = strlen(msgs[i]) + 1;
        arr[i] = memcpy(text, msgs[i], len);
        text += len;
    }
    arr[k] = NULL;
    *out = arr;
    *n = k;
    return 0;
}

int sx_screen_json(char **out, const sx_screen_index *ix, const char *name,
                   const sx_screen_opts *opts)
{
    *out = NULL;
    if (!ix || !name)
        return sx_error_set(SX_EINVAL, "screen: index and name are required");
    query *qs[FIELD_QUERIES];
    size_t nq = 0;
    hit *hits = NULL;
    size_t nh = 0;
    int rc = run_sides(&hits, &nh, qs, &nq, ix, name, opts, true, false);
    if (rc != 0) {
        free_sides(qs, nq);
        return rc;
    }
    json_t *root = json_object(), *results = json_array();
    json_object_set_new(root, "query", json_string(name));
    json_object_set_new(root, "normalised", json_string(qs[0]->a.normalised));
    json_object_set_new(root, "threshold",
                        json_real(opts && opts->threshold >= 0 ? opts->threshold
                                                               : SX_DEFAULT_THRESHOLD));
    json_object_set_new(root, "index", json_string(ix->hash));
    for (size_t i = 0; i < nh; i++) {
        const sx_entity *e = ix->ents[hits[i].entity];
        json_t *r = json_object();
        json_object_set_new(r, "list", json_string(e->list));
        json_object_set_new(r, "entity_id", json_string(e->id));
        json_object_set_new(r, "type", json_string(e->type));
        json_object_set_new(r, "matched_name", json_string(ix->names[hits[i].name].text));
        json_object_set_new(r, "score",
                            json_real((double)((int)(hits[i].score * 10000.0f + 0.5f)) / 10000.0));
        json_t *progs = json_array();
        for (size_t p = 0; p < e->nprograms; p++)
            json_array_append_new(progs, json_string(e->programs[p]));
        json_object_set_new(r, "programs", progs);
        if (hits[i].nalso)
            json_object_set_new(r, "also_listed", also_listed(ix, &hits[i]));
        json_object_set_new(r, "explanation", explain(ix, qs[hits[i].side], &hits[i]));
        json_array_append_new(results, r);
    }
    json_object_set_new(root, "results", results);
    json_object_set_new(root, "caveats", caveats(qs[0]));
    *out = sx_json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(root);
    free(hits);
    free_sides(qs, nq);
    return *out ? 0 : sx_error_oom();
}

/* ---- pairs ---- */

/* What a pair's schema may be (screen.h): an entity type of this library, or the
 * FollowTheMoney schema name that evaluation sets use for one. */
static int check_schema(const char *schema)
{
    static const char *const known[] = {"person",     "organization", "vessel",       "aircraft",
                                        "Person",     "Company",      "Organization", "LegalEntity",
                                        "PublicBody", "Vessel",       "Airplane"};
    if (!schema || !*schema)
        return 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(schema, known[i]) == 0)
            return 0;
    return sx_error_set(SX_EINVAL,
                        "schema: \"%.*s\" is not one of person, organization, vessel, aircraft "
                        "(or Person, Company, Organization, LegalEntity, PublicBody, Vessel, "
                        "Airplane)",
                        (int)sx_utf8_prefix(schema, strlen(schema), 32), schema);
}

/* A pair's Latin name read as a Korean or Japanese writer spells it (the index's
 * loanword keys), scored against the other name's readings. */
typedef struct match_loan {
    const query *q;
    sx_arena *arena;
    const sx_prep *spelled; /* the name as spelled, whose words the readings read */
    bool person;
    float best;
} match_loan;

static int score_loan_reading(void *ctx, const sx_ix_loan_reading *r)
{
    match_loan *m = ctx;
    sx_ix_key k = {.prior = 0.95f, .path = r->path, .kind = r->kind};
    int rc = sx_prep_make_key(&k.prep, m->arena, r->text, true);
    if (rc != 0 || k.prep.clen == 0)
        return rc;
    sx_ix_loan_descriptors(&k.prep, r);
    int alt = -1;
    sx_sim_method method;
    float s = score_key(m->q, &k, m->spelled, m->person, 0, m->q->nread, &alt, &method,
                        m->best);
    if (s > m->best)
        m->best = s;
    return 0;
}

/* The best score of c's loanword readings against q, a name in another script; best when
 * c is not a Latin name read as spelled. */
/* The reading of a name run together, split (prepare_split_reading), or NULL when there
 * is none: &alts[0] of no readings is arithmetic on a null pointer. */
static const sx_name_alt *split_reading(const query *q)
{
    return q->split.nalts ? &q->split.alts[0] : NULL;
}

/* written: c's name as given (its words of two letters, sx_ix_loan_readings). */
static int match_loan_readings(float *best, const query *q, query *c, const char *written,
                               bool person)
{
    if (c->a.scripts != SX_SCRIPT_LATIN || c->a.nalts == 0 || c->a.alts[0].prov)
        return 0;
    match_loan m = {.q = q, .arena = &c->arena, .person = person, .best = *best};
    /* As the index reads it (index.c add_name): split where it runs words together, its
     * digits as said. */
    const char *words = c->a.alts[0].text;
    for (size_t j = 0; j < c->nprep; j++)
        if (c->alt[j] == &c->a.alts[0] || c->alt[j] == split_reading(c)) {
            m.spelled = &c->preps[j];
            words = c->alt[j]->text;
        }
    if (c->a.said)
        words = c->a.said;
    sx_strmap cache = SX_STRMAP_INIT;
    int rc = sx_ix_loan_readings(&cache, &c->arena, words, written, score_loan_reading, &m);
    sx_strmap_free(&cache);
    *best = m.best;
    return rc;
}

int sx_match_names(double *score, const char *name1, const char *name2, const char *schema)
{
    *score = 0.0;
    if (!name1 || !name2)
        return sx_error_set(SX_EINVAL, "match: two names are required");
    int bad = check_schema(schema);
    if (bad)
        return bad;
    /* A person's names, as a list of persons gives them (sx_ix_key_person). */
    bool person = schema && (strcmp(schema, "person") == 0 || strcmp(schema, "Person") == 0);
    query a, b;
    int rc = query_prepare(&a, NULL, name1);
    if (rc == 0)
        rc = query_prepare(&b, NULL, name2);
    else
        query_clear(&b);
    if (rc != 0)
        goto done;
    /* The query side is the one that needs reading: a Latin name is the "list" side. */
    query *q = &a, *c = &b;
    if (!(a.a.scripts & ~(unsigned)SX_SCRIPT_LATIN) && (b.a.scripts & ~(unsigned)SX_SCRIPT_LATIN)) {
        q = &b;
        c = &a;
    }
    float best = 0.0f;
    unsigned shared = q->a.scripts & c->a.scripts & ~(unsigned)SX_SCRIPT_LATIN;
    if (shared) {
        best = sx_sim_script(q->a.core, c->a.core);
    } else {
        for (size_t j = 0; j < c->nprep && rc == 0; j++) {
            sx_ix_key k = {.prior = c->alt[j]->prior, .prep = c->preps[j]};
            /* A name run together, split, is a reading as published, as the index keeps
             * it (index.c add_split_key). */
            k.path = c->alt[j] == split_reading(c) ? "" : c->alt[j]->path;
            int alt = -1;
            sx_sim_method m;
            float s = score_key(q, &k, NULL, person, 0, q->nread, &alt, &m, 0.0f);
            if (s > best)
                best = s;
            /* And the query's readings tailored to its words, as a screening does
             * (score_tailored). */
            rc = score_tailored_key(&s, q, NULL, &k, NULL, person, &alt, &m, best);
            if (s > best)
                best = s;
        }
        /* A Latin name in katakana or Hangul (リンクアンドモチベーション: Link and
         * Motivation) meets it as the screening does, through its loanword readings. */
        if (rc == 0 && (q->a.scripts & ~(unsigned)SX_SCRIPT_LATIN))
            rc = match_loan_readings(&best, q, c, c == &a ? name1 : name2, person);
    }
    *score = (double)((int)(best * 10000.0f + 0.5f)) / 10000.0;
done:
    query_free(&a);
    query_free(&b);
    return rc;
}
