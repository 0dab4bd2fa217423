/* The screening index (internal layout, shared by index.c and query.c). */
#ifndef SX_SCREEN_INDEX_H
#define SX_SCREEN_INDEX_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "lib/screen/list.h"
#include "lib/screen/prep.h"
#include "lib/screen/text.h"
#include "stratex/screen.h"
#include "util/strmap.h"

/* Kinds of key: the name as spelled (or read from its own script), and the Korean and
 * Japanese loanword readings of an English name. */
enum { SX_KEY_SPELLED, SX_KEY_LOAN_KO, SX_KEY_LOAN_JA, SX_KEY_CLASSES };

#define SX_IX_NTRI (37 * 37 * 37) /* trigram codes over a-z, 0-9 and the boundary mark */

typedef struct sx_ix_key {
    uint32_t name;    /* index into names */
    float prior;      /* how likely this reading of the list name is */
    const char *path; /* how the reading was made; "" when as published */
    uint8_t kind;     /* SX_KEY_SPELLED, or SX_KEY_LOAN_KO / _JA for a loanword reading */
    sx_prep prep;
} sx_ix_key;

typedef struct sx_ix_name {
    uint32_t entity;        /* index into ents */
    sx_name_kind kind;
    unsigned scripts;
    const char *text;       /* as published (borrowed from the list) */
    const char *core;       /* as written, for same-script comparison; NULL if Latin */
    const char *legal_form; /* tag of the legal form removed, or NULL */
    /* Its readings of each kind c: keys[key0[c] .. key0[c] + nkeys[c]), in the order they
     * were made (kind by kind: the spelled readings, then the Korean and the Japanese
     * loanword ones).  Keys are numbered kind by kind (index.c group_keys_by_kind). */
    uint32_t key0[SX_KEY_CLASSES];
    uint8_t nkeys[SX_KEY_CLASSES]; /* (in a byte: a million names keep 8 MB) */
    bool person;     /* its entity's type is person (sx_ix_key_person) */
    bool short_form; /* a short form of one word a list name gives in parentheses, met
                      * only by a query that spells it (index.c add_name_sides) */
    bool beside;     /* a list name's words before or in its closing parentheses (the
                      * name such a short form stands beside), without the rest: met with
                      * the whole (query.c score_siblings) */
    bool inside;     /* of those, the words in the parentheses (itself in another script) */
    bool kin_beside; /* a name of its entity is beside (sx_ix_short_forms_index) */
} sx_ix_name;

/* A name's readings of one kind: at most one per alternative and its split reading
 * (index.c add_name), and two of each loanword kind. */
_Static_assert(SX_NAME_MAX_ALTS + 1 <= UINT8_MAX, "a name's keys of a kind fit a byte");

/* The first of name nm's keys (any name a query meets has one): where a query marks the
 * name as scored. */
static inline uint32_t sx_ix_name_first_key(const sx_ix_name *nm)
{
    for (int c = 0; c < SX_KEY_CLASSES; c++)
        if (nm->nkeys[c])
            return nm->key0[c];
    return nm->key0[SX_KEY_SPELLED];
}

/* A loanword reading of a Latin name (sx_ix_loan_readings). */
typedef struct sx_ix_loan_reading {
    const char *text, *path; /* "loan:ko", "loan:ja romanised kept"... */
    uint8_t kind;            /* SX_KEY_LOAN_KO or SX_KEY_LOAN_JA */
    const bool *descriptor;  /* per word of the name: a descriptor (holdings) */
    size_t nwords;           /* 0 when the name has more words than a prep holds */
} sx_ix_loan_reading;

typedef int (*sx_ix_loan_emit)(void *ctx, const sx_ix_loan_reading *r);

/* Loanword readings of Latin text, a name's first reading (see loan.c): every word as a
 * Korean and a Japanese writer would spell it, and, when some words already look
 * romanised from Korean or Japanese (Daesung Hi-Tech, Kaneko Seeds) or are two letters
 * read as a word, a second reading that keeps those as they are; each is given to emit,
 * none when no word was read.  written is the name as published (NULL: not known): a
 * word of two letters is read as a word only where it writes it with a capital and a
 * small letter (HiDeep, LiComm, De Stellar) and it is not the whole name (Al), else left
 * to the letter readings (YM, IR).
 * cache maps a word to its readings, kept in arena (espeak is the costly step, and list
 * names repeat their words).  The index makes them keys; `match` scores them. */
int sx_ix_loan_readings(sx_strmap *cache, sx_arena *arena, const char *text,
                        const char *written, sx_ix_loan_emit emit, void *ctx);

/* The reading's prep keeps the kinds of the words it reads: a descriptor of the list
 * name (holdings, management) is one in katakana and Hangul too (horudingusu).  Only
 * when the reading has a word for each. */
void sx_ix_loan_descriptors(sx_prep *p, const sx_ix_loan_reading *r);

typedef struct sx_ix_token {
    const char *text;
    uint32_t df;        /* names containing the token */
    uint32_t last_name; /* while counting */
} sx_ix_token;

/* A candidate key and its share of the query's trigrams. */
typedef struct sx_ix_cand {
    uint32_t key;
    float share;
    float sum; /* its shares summed over the query's readings (ties, query.c) */
} sx_ix_cand;

/* What a query has found of one key so far.  The two shares live side by side because a
 * posting is followed to a scattered key: one cache line serves both.  The hit counts
 * are apart and a byte each, small enough (one byte per key) to stay cached while a
 * query counts its ~100,000 postings. */
typedef struct sx_ix_tally {
    float best;  /* best share of query trigrams found */
    float words; /* its mean share of the words looked up one by one */
} sx_ix_tally;

#define SX_IX_PINNED_MAX 256 /* keys a query's readings may pin as candidates (query.c) */

/* Per-query working memory, pooled so queries do not allocate index-sized arrays. */
typedef struct sx_ix_scratch {
    struct sx_ix_scratch *next;
    sx_ix_tally *tally;    /* per key */
    float *sum;            /* per key: its shares summed over the readings, if summing */
    bool summing;          /* whether this query ranks ties by that sum (query.c) */
    uint8_t *count;        /* per key: trigram hits for the reading being gathered */
    uint32_t *touched;     /* keys with a non-zero best */
    uint32_t *alt_touched; /* keys counted for the reading being gathered */
    uint32_t *word_touched; /* keys with a non-zero words share */
    sx_ix_cand *strong;    /* touched keys whose first share reached the minimum */
    size_t ntouched, nstrong, cap;
    size_t lookups;        /* lookups begun for this query (query.c credit) */
    size_t nwords; /* word_touched keys whose words share is not credited yet */
    sx_ix_cand pinned[SX_IX_PINNED_MAX]; /* keys a reading ranked clearly first (query.c) */
    size_t npinned;
} sx_ix_scratch;

struct sx_screen_index {
    sx_list **lists;
    size_t nlists;
    const sx_entity **ents; /* all entities, in list order */
    size_t nents;
    sx_ix_name *names;
    size_t nnames, capnames;
    /* Names a token's frequency counts (sx_ix_weight): not a short form nor a name beside
     * the whole, which give the whole's words again (sx_ix_weighed_names). */
    size_t nweighed;
    sx_ix_key *keys;
    size_t nkeys, capkeys;
    sx_strmap dict; /* token -> sx_ix_token */
    sx_strmap loan_words; /* while building: word -> its loanword readings */
    sx_strmap paths;      /* while building: reading paths, interned */
    uint32_t *twin; /* per key: the first key read alike (find_twins), scored once */
    uint8_t *kclen; /* per key: its compact length (capped at 255), dense, for the ties
                       between candidates (query.c goes_before) */
    /* Trigram postings per kind of key (sx_key_class): the loanword readings are kept
     * apart, so that their letters neither change which trigrams count as rare for
     * spelled names nor take candidate places from them; each is looked up only for
     * query readings of its own script. */
    uint32_t *tri_off[SX_KEY_CLASSES], *sk_off[SX_KEY_CLASSES];  /* in postings */
    uint8_t *tri_post[SX_KEY_CLASSES], *sk_post[SX_KEY_CLASSES]; /* sx_ix_posting */
    /* And over the spelled keys' consonants (sx_consonants), for readings of Arabic
     * script, which write no short vowels; empty for the loanword kinds. */
    uint32_t *cn_off[SX_KEY_CLASSES];
    uint8_t *cn_post[SX_KEY_CLASSES];
    /* And over the boundary trigrams of each word of the spelled keys ("^zi", "nc$"),
     * which a query's words are looked up by (query.c gather_words); empty for the
     * loanword kinds. */
    uint32_t *wm_off[SX_KEY_CLASSES];
    uint8_t *wm_post[SX_KEY_CLASSES];
    unsigned post_width; /* bytes per posting: sx_ix_post_width(nkeys) */
    uint32_t *cjk; /* names with a core */
    size_t ncjk;
    /* The short forms (sx_ix_name.short_form), which no postings hold: sorted by their
     * spelled reading, for a query that spells one (sx_ix_short_forms_spelled). */
    struct sx_ix_short_form *short_forms;
    size_t nshort_forms;
    sx_arena arena;
    char hash[SX_SHA256_HEX];
    pthread_mutex_t pool_lock;
    sx_ix_scratch *pool;
    /* An index opened from a file (ixfile.c): the mapping its strings, weights, twins,
     * postings and CJK names point into, and the token frequencies as a sorted table
     * ({token offset into strings, df} pairs) instead of dict. */
    void *map;
    size_t map_len;
    const char *map_str;
    const uint32_t *df_table;
    size_t ndf;
    /* An opened index's keys stay file records (keys is NULL): a query turns the few it
     * scores into sx_ix_key (sx_ix_key_at), so opening costs nothing per key. */
    const struct sx_ix_file_key *fkeys;
    const uint32_t *fktok; /* per word: string offset + 1 */
    const float *fkw;
    const uint8_t *fklen, *fkkind;
    size_t fntok, str_len;
};

typedef struct sx_ix_short_form {
    const char *compact; /* its spelled reading (in the keys' or the mapping's strings) */
    size_t clen;
    uint32_t name;
} sx_ix_short_form;

/* Sorts the index's short forms into short_forms and marks the names of entities with a
 * name beside one (kin_beside), for an index built or opened from a file. */
int sx_ix_short_forms_index(sx_screen_index *ix);
/* The names a token's frequency counts (sx_screen_index.nweighed). */
size_t sx_ix_weighed_names(const sx_screen_index *ix);
/* The short forms spelled compact[0..clen) into out[] (names, room at most); how many. */
size_t sx_ix_short_forms_spelled(const sx_screen_index *ix, const char *compact, size_t clen,
                                 uint32_t *out, size_t room);

/* A posting is a key number in post_width bytes, little-endian: three while the keys
 * number under 2^24 (the bundled lists have 350,000), which spares a quarter of the
 * postings' memory (13.5 MB of 54 for the bundled lists); four beyond. */
static inline unsigned sx_ix_post_width(size_t nkeys)
{
    return nkeys < (1u << 24) ? 3 : 4;
}

static inline uint32_t sx_ix_posting(const uint8_t *post, size_t p, unsigned width)
{
    const uint8_t *b = post + p * width;
    uint32_t k = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
    return width == 4 ? k | (uint32_t)b[3] << 24 : k;
}

/* A posting that is not the last of its array, read in one 4-byte load: the byte past a
 * 3-byte posting is the next posting's, masked off. */
static inline uint32_t sx_ix_posting_load(const uint8_t *b, unsigned width)
{
    uint32_t k;
    memcpy(&k, b, sizeof k);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    k = __builtin_bswap32(k);
#endif
    return width == 4 ? k : k & 0xFFFFFFu;
}

static inline void sx_ix_posting_put(uint8_t *post, size_t p, unsigned width, uint32_t k)
{
    for (unsigned i = 0; i < width; i++)
        post[p * width + i] = (uint8_t)(k >> (8 * i));
}

/* Key k: the built index's own, or one made from the file's record into *tmp, its word
 * pointers in tokbuf (SX_PREP_MAX_TOKENS of them). */
const sx_ix_key *sx_ix_file_key(const sx_screen_index *ix, uint32_t k, sx_ix_key *tmp,
                                const char **tokbuf);
uint32_t sx_ix_file_key_name(const sx_screen_index *ix, uint32_t k);
uint8_t sx_ix_file_key_kind(const sx_screen_index *ix, uint32_t k);

static inline const sx_ix_key *sx_ix_key_at(const sx_screen_index *ix, uint32_t k,
                                            sx_ix_key *tmp, const char **tokbuf)
{
    return ix->keys ? &ix->keys[k] : sx_ix_file_key(ix, k, tmp, tokbuf);
}

static inline uint32_t sx_ix_key_name(const sx_screen_index *ix, uint32_t k)
{
    return ix->keys ? ix->keys[k].name : sx_ix_file_key_name(ix, k);
}

static inline uint8_t sx_ix_key_kind(const sx_screen_index *ix, uint32_t k)
{
    return ix->keys ? ix->keys[k].kind : sx_ix_file_key_kind(ix, k);
}

/* The reading as published whose words loanword key k reads, one for one (add_name
 * reads a name's first reading, or that split where it runs words together): the
 * name's first such of as many words.  NULL when k is no loanword reading or there is
 * none.  tmp and tokbuf as for sx_ix_key_at. */
const sx_prep *sx_ix_spelled_words(const sx_screen_index *ix, const sx_ix_key *k,
                                   sx_ix_key *tmp, const char **tokbuf);

/* Whether key k reads a name of a person: a person's list entry may give more given,
 * middle and family names than a query, or fewer (similarity.c leftover_weight).  Kept
 * in the name record, which a candidate's scoring reads anyway: reading the entity's
 * type string instead missed the cache for every key scored (a fifth of the samples of
 * query.c's run, about 6% of a Latin query's time). */
static inline bool sx_ix_key_person(const sx_screen_index *ix, uint32_t k)
{
    return ix->names[sx_ix_key_name(ix, k)].person;
}

/* How many words of reading, a person's name as published (text) read in ntok words, are
 * its family name (sx_prep.family_words): those before the one comma of "AL-HARBI, Nasir
 * Muhammad" (al harbi nasir muhammad: 2), read alone, when the reading begins with them
 * and goes on.  0 for a name without one comma (SMITH, John, Jr. is not sure), or when
 * the reading's words are not all the prep's (a connective left out). */
uint8_t sx_ix_family_words(const char *text, const char *reading, size_t ntok);

/* Whether entity type names a person (as the loaders write it). */
static inline bool sx_ix_type_person(const char *type)
{
    return type && strcmp(type, "person") == 0;
}

/* Letters and digits of key k's reading, spaces left out (at most 255): from a dense
 * array, since comparing the lengths of tied candidates reads hundreds of them. */
static inline int sx_ix_key_clen(const sx_screen_index *ix, uint32_t k)
{
    return ix->kclen[k];
}

/* Asks for key k's record ahead of its use (sx_ix_key_at, sx_ix_key_kind). */
void sx_ix_file_key_prefetch(const sx_screen_index *ix, uint32_t k);
static inline void sx_ix_key_prefetch(const sx_screen_index *ix, uint32_t k)
{
    if (ix->keys)
        __builtin_prefetch(&ix->keys[k]);
    else
        sx_ix_file_key_prefetch(ix, k);
}

/* Asks for what scoring key k reads beyond its record (its words, their lengths and
 * weights, its compact form), once the record itself has arrived (sx_ix_key_prefetch):
 * they lie elsewhere again, one more miss per key scored. */
void sx_ix_file_key_prefetch_words(const sx_screen_index *ix, uint32_t k);
static inline void sx_ix_key_prefetch_words(const sx_screen_index *ix, uint32_t k)
{
    if (!ix->keys) {
        sx_ix_file_key_prefetch_words(ix, k);
        return;
    }
    /* One arena block per reading (prep.c): word pointers, weights, lengths, kinds,
     * then the compact form the words point into; two lines hold most. */
    const char *block = (const char *)ix->keys[k].prep.tok;
    __builtin_prefetch(block);
    __builtin_prefetch(block + 64);
}

/* How many names of the index hold a token (0 when none). */
uint32_t sx_ix_df(const sx_screen_index *ix, const char *tok, size_t len);

/* ---- the index file (ixfile.c) ---- */

/* Writes ix to path atomically (a temporary file renamed over it), stamped with key and
 * the data folder it indexes (NULL: not known). */
int sx_ix_save(const sx_screen_index *ix, const char *path, const char *key, const char *folder);
/* Removes the index files beside path (screen-*.sxi) whose data folder no longer exists:
 * one is written per data folder, and folders come and go (a test's, an old install's),
 * 90 MB each.  Files of another format, or that name no folder, are left. */
void sx_ix_prune(const char *path);
/* Opens an index file written by sx_ix_save.  SX_ENOTFOUND when there is none;
 * SX_EINTEGRITY (with a message saying why) when it is truncated, foreign, written for
 * another key (stale) or fails its checksum: such a file is never used. */
int sx_ix_open(sx_screen_index **out, const char *path, const char *key);
/* The key an index file of the bundled lists under lists_dir must carry: the index file
 * format, the engine version, the MANIFEST (which records each list's SHA-256), each
 * list file's size and modification time, and the term tables under terms_dir. */
int sx_ix_cache_key(char out[SX_SHA256_HEX], const char *lists_dir, const char *terms_dir);
/* Where the index file for data_dir lives (STRATEX_CACHE_DIR, else XDG_CACHE_HOME/stratex,
 * else HOME/.cache/stratex); 1 when caching is off (STRATEX_CACHE_DIR=off) or no place
 * is known, 0 with *path set, or a negative code. */
int sx_ix_cache_path(char *path, size_t size, const char *data_dir);

/* The trigrams of s padded with boundary marks ("^ki", ..., "am$"), deduplicated. */
size_t sx_ix_trigrams(uint32_t *out, size_t max, const char *s, size_t len);
/* The same without those holding a boundary mark: for a word looked up inside names,
 * where it need not start or end one. */
size_t sx_ix_inner_trigrams(uint32_t *out, size_t max, const char *s, size_t len);
/* Whether trigram code t holds a boundary mark (codes are base 37, 36 the mark). */
static inline bool sx_ix_trigram_marked(uint32_t t)
{
    return t / (37 * 37) == 36 || t % 37 == 36;
}
float sx_ix_weight(const sx_screen_index *ix, uint32_t df);
void sx_ix_scratch_free(sx_ix_scratch *s);
/* Whether a reading with these sx_prov bits may be compared on its consonant skeleton. */
bool sx_loanword_reading(unsigned prov);

#endif
