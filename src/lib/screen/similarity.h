/* Name similarity (internal): two prepared Latin readings compared three ways —
 * IDF-weighted token alignment, the whole name without spaces, and (for readings made by
 * transliteration) the consonant skeleton that survives loanword vowels.  All scores
 * are in [0, 1]; see docs/screening.md for why each is shaped the way it is. */
#ifndef SX_SCREEN_SIMILARITY_H
#define SX_SCREEN_SIMILARITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SX_PREP_MAX_TOKENS 24 /* tokens compared per reading; more are ignored */
#define SX_COMPACT_MAX 160    /* bytes of a reading compared whole */

/* What a word of a name is, for its weight in the token alignment. */
enum {
    SX_WORD_NAME = 0,  /* an ordinary word */
    SX_WORD_PARTICLE,  /* al, bin, van, de (data/terms/name_words.tsv) */
    SX_WORD_TITLE,     /* Dr, Mr, President, Sheikh */
    SX_WORD_PATRONYMIC, /* Vladimirovich, Viktorovna: Slavic patronymic endings */
    SX_WORD_REPEAT,     /* the same word as the one before (Sergey Sergey Shoigu) */
    SX_WORD_DESCRIPTOR  /* what an organisation is or does: holdings, industrial, trading
                           (data/terms/descriptors.tsv) */
};

/* Word-level phonetic comparisons made while scoring one query, remembered: the same
 * query word meets the same list words (trading, company...) under many readings and
 * names.  Owned by the query; not shared between threads. */
typedef struct sx_phon_memo sx_phon_memo;
sx_phon_memo *sx_phon_memo_new(void);
void sx_phon_memo_free(sx_phon_memo *m);

/* How two words met (sx_sim_pair.how): by their letters (a word's initial among them),
 * by their sounds, as forms of one word (belt, belting), as a name and its nickname, as
 * the same Hangul syllables in another mix of romanisations (dongguk, DONGKUK), or as
 * two Korean words held apart though alike (samyeong, Samyang: other_korean_words). */
enum {
    SX_PAIR_SPELLING = 0,
    SX_PAIR_SOUND,
    SX_PAIR_FORM,
    SX_PAIR_NICKNAME,
    SX_PAIR_ROMANISED,
    SX_PAIR_OTHER_KOREAN
};

/* The Hangul syllables a query reading's word was romanised from (query.c), as their
 * spellings (textint.h), or n 0; head: how many of them, from the first, read a hanja
 * each (a Sino-Korean word, not a loanword's or a coined name's: textint.h
 * sx_sino_korean_syllable; 삼양홀딩스 2, and n for a Sino-Korean word throughout). */
typedef struct sx_syllable_spellings sx_syllable_spellings;
typedef struct sx_syllables {
    const sx_syllable_spellings *sp;
    uint8_t n, head;
} sx_syllables;

/* The words a word-by-word comparison paired, for an explanation: words [q, q + qn) of
 * the query met words [c, c + cn) of the list name at sim, as how says (more than one
 * word on a side: words joined, or a run of initials).  Words in no pair were left over. */
typedef struct sx_sim_pair {
    uint8_t q, qn, c, cn, how;
    float sim;
} sx_sim_pair;

typedef struct sx_sim_trace {
    size_t n;
    sx_sim_pair pair[SX_PREP_MAX_TOKENS];
} sx_sim_trace;

enum { SX_JA_NONE, SX_JA_SPELLED, SX_JA_LOAN };

typedef struct sx_prep {
    const char *compact;  /* letters and digits only */
    const char *skel;     /* consonant classes of compact */
    const char **tok;     /* tokens */
    const uint8_t *tlen;  /* token lengths */
    const float *w;       /* token weights (IDF) */
    const uint8_t *kind;  /* SX_WORD_* of each token */
    uint16_t clen, slen, ntok;
    uint8_t ncons;        /* consonant classes in the skeleton (capped at 255) */
    bool translit;        /* a loanword-like reading: compared phonetically as a whole */
    bool spelled;         /* the name as written in Latin letters, not a reading made
                             from another script: its words may be other romanisations */
    bool letters;         /* a query's reading whose letters may be letters as written: the
                             name as spelled, one that mixes Latin letters with another
                             script, or letter names read from Hangul or kana (query.c
                             prepare_reading); not syllables (日本エイサー's エイ, ei) */
    uint32_t letter_words; /* a query's reading: bit t, word t is Latin letters spelled in
                              Hangul or kana (sx_name_alt_letter_words), which the list name
                              must write as letters to be compared on consonants, and
                              which are no initials of its words */
    bool loose_vowels;    /* a reading met with a list name's loanword reading: both are
                             guesses at one name's vowels, so vowels cost as between
                             romanisations (token_sim's variants) */
    uint8_t phon_tokens;  /* 0, or the shortest word length compared phonetically (partly
                             transliterated readings) */
    bool unwritten_vowels; /* a reading of a script that leaves short vowels unwritten
                              (Arabic): a vowel added or dropped costs little */
    uint8_t japanese;     /* a reading of Japanese (kana, kanji) against a list name:
                             SX_JA_SPELLED as spelled, SX_JA_LOAN as its loanword reading
                             in kana; a list word that reads as romanised Japanese is met
                             by spelling only, never by sound (similarity.c token_score) */
    bool han_words;       /* a reading of Japanese written in Han characters only (its
                             legal form aside): its words that read as romanised Japanese
                             are Japanese words, never a foreign word's sounds spelled in
                             kana, and meet any list word by spelling only (token_score) */
    bool korean;          /* a query's reading of Hangul (query.c prepare_reading): a word
                             that reads as romanised Korean meets two list words joined that
                             do too by spelling only (similarity.c native_join) */
    bool foreign_spelling; /* katakana read back as a foreign spelling ("kana:loanword"):
                              it meets no list word that reads as romanised Japanese, which
                              the katakana's Hepburn reading is compared with instead
                              (similarity.c foreign_spellings) */
    bool syllables;       /* a reading of syllables with no typing error in it (Han
                             characters, a Korean person's Hangul: query.c
                             syllable_reading): a word starting with another sound is
                             another word (similarity.c other_syllables) */
    bool pinyin;          /* a query's reading of syllables in pinyin (Han characters
                             read in Mandarin): a list word spelling another syllable of
                             Mandarin is another word (similarity.c other_pinyin) */
    bool given_after_family; /* a query's reading of syllables that starts with a
                                Korean surname's spelling (SX_PROV_SURNAME): the words
                                after it are its given name, in the order it is said
                                (similarity.c given_swapped) */
    bool person;          /* a list name of a person: names beyond those the other side
                             gives are optional parts (similarity.c leftover_weight) */
    uint8_t family_words; /* a name written FAMILY, Given (AL-HARBI, Nasir Muhammad: a
                             listed person's as published, or a Latin query): its first
                             words, the family name, which come last as the name is
                             said (similarity.c spoken_at); 0 when it has no one comma,
                             or the reading's words are not those of the name written */
    bool as_list;         /* a query that is a list name searched for in a register
                             (sx_screen_candidates): a one-word name on either side
                             lightens the other's descriptors (similarity.c sole_word) */
    uint32_t places;      /* bit t: word t names a country or region (country.h
                             sx_country_word; marked for a query's readings only,
                             sx_prep_mark_places) */
    uint32_t nicknames;   /* bit t: word t is a given name or nickname of nicknames.tsv
                             (marked for a query's readings only, sx_prep_mark_nicknames) */
    sx_phon_memo *memo;   /* a query reading's memo (see above), or NULL */
    sx_sim_trace *trace;  /* a query reading's: where the word comparison notes its
                             pairs (an explanation's), or NULL */
    const char *folded;   /* a query reading's compact form folded to sounds
                             (sx_phon_fold), or NULL: then folded per comparison */
    const sx_syllables *hangul; /* a query reading of Hangul: per word, the syllables it
                                   spells (two or more), or NULL */
} sx_prep;

/* How a score was reached: word by word (SX_SIM_TOKENS_OTHER_NAMES when names of a person
 * that one side gives and the other does not weighed less: PERSON_EXTRA_FACTOR), as one
 * string, on consonants, or in the same script. */
typedef enum {
    SX_SIM_TOKENS,
    SX_SIM_TOKENS_OTHER_NAMES,
    SX_SIM_WHOLE,
    SX_SIM_SKELETON,
    SX_SIM_SCRIPT
} sx_sim_method;

/* A list reading folded to sounds, as the phonetic comparison reads it, with what the
 * comparison derives from it alone (similarity.c). */
typedef struct sx_phon_side {
    const char *fb;  /* the fold (in fb_buf, or a word's: word_phon) */
    const float *wb; /* per folded letter: its word's weight */
    char fb_buf[2 * SX_COMPACT_MAX + 1];
    float wb_buf[2 * SX_COMPACT_MAX + 1];
    uint8_t bc[2 * SX_COMPACT_MAX + 1]; /* letter codes (once costed) */
    float insw[2 * SX_COMPACT_MAX + 1]; /* cost of inserting each letter (once costed) */
    float row0[2 * SX_COMPACT_MAX + 2]; /* the comparison's first row (once costed) */
    /* cheapest[k]: the k cheapest insertions of insw together, a bound for a shorter
     * query reading (made with the costs, on first need) */
    float cheapest[2 * SX_COMPACT_MAX + 2];
    float total, lightest;              /* sum and least of wb */
    uint16_t groups[5];                 /* letters per consonant group, for a bound */
    uint16_t nb;
    const void *costs; /* the cost table bc, insw and row0 were made with, or NULL */
    bool weighted, ranked;
    bool kh; /* the fold holds kh, whose k some costs insert cheaply */
} sx_phon_side;

/* A fold's consonants in order, for a bound on the phonetic comparison: at[y] holds the
 * places (in the sequence of its consonants) of those that meet a consonant of label y
 * (similarity.c order_label) at less than a full edit. */
#define SX_ORDER_LABELS 6
typedef struct sx_phon_order {
    uint64_t at[SX_ORDER_LABELS];
    uint8_t n; /* its consonants; more than 64: SX_ORDER_NONE, no bound */
} sx_phon_order;
#define SX_ORDER_NONE 255

/* A word as the word comparisons see it before comparing letters. */
typedef struct sx_word_sum {
    uint64_t set;       /* its letters as bits, for a bound on edits */
    uint64_t hash;      /* the word memo's key (with phon) */
    uint16_t flen;      /* length folded to sounds (with phon) */
    uint16_t groups[5]; /* consonant groups of the fold (with phon) */
    const char *fold;   /* the fold, flen letters in the words' folds, or NULL */
    sx_phon_order order; /* its consonants in order (with phon) */
    bool kh;            /* the fold holds kh, whose k some costs insert cheaply (with phon) */
} sx_word_sum;

/* The words of a reading summarised once, not once per pair of readings. */
typedef struct sx_sim_words {
    bool sets;        /* letter sets made */
    uint8_t phon_min; /* phonetic parts made for words (and joins) this long; 0: none */
    sx_word_sum word[SX_PREP_MAX_TOKENS];
    sx_word_sum join[SX_PREP_MAX_TOKENS]; /* word t joined with t + 1 (merge_pairs) */
    size_t folds_used;
    char folds[1536]; /* the words' folds (not NUL-terminated); never copy the struct */
    sx_phon_order whole; /* a query reading's consonants of its fold (sx_prep.folded) */
    uint16_t whole_groups[5]; /* ... and its letters per consonant group */
    /* Bit t: word t reads as romanised Japanese (similarity.c native_japanese); a query
     * reading's made with its words when compared on sounds, a list reading's as asked
     * (ja_known).  For a loanword reading, of the list name's words as spelled. */
    uint32_t ja_known, ja_native;
    /* The same for romanised Korean (similarity.c native_word). */
    uint32_t ko_known, ko_native;
    /* Bit t: a query reading's word t renders a term that has other renderings
     * (sx_terms_rendering), made with its words. */
    uint32_t renders;
    bool numbered; /* a query reading's: id set (sx_sim_words_number) */
    uint8_t id[SX_PREP_MAX_TOKENS]; /* each word's number among the distinct words of the
                                       query's readings, or SX_SIM_NO_ID */
} sx_sim_words;

/* Distinct words of a query's readings whose comparisons with a list name's words are
 * remembered while the readings meet it (sx_sim_list); more are compared each time. */
#define SX_SIM_QUERY_WORDS 64
#define SX_SIM_NO_ID 255

static inline void sx_sim_words_init(sx_sim_words *w)
{
    w->sets = false;
    w->phon_min = 0;
    w->folds_used = 0;
    w->whole.n = SX_ORDER_NONE;
    w->ja_known = w->ja_native = 0;
    w->ko_known = w->ko_native = 0;
    w->renders = 0;
    w->numbered = false;
}

/* Numbers the words of a query's n readings (p[i] summarised in w[i]) alike where they
 * are spelled alike: a Hangul or kana query has dozens of readings sharing a few words
 * (seohui, construction), and each list name meets every one of them. */
void sx_sim_words_number(sx_sim_words *const *w, const sx_prep *p, size_t n);

/* Summarises a query reading's words for sx_sim_list_score (after phon_tokens is set). */
void sx_sim_words_make(sx_sim_words *w, const sx_prep *p);

/* What sx_sim derives from a list reading alone, made on first need and kept while the
 * reading meets the query's readings (score one list reading against many). */
typedef struct sx_sim_list {
    bool made;
    /* A loanword reading's words as the list name spells them, one for one (query.c
     * score_key), or NULL: a query word meets either (한화엔진 read hanwha enjin meets
     * HANWHA as written and ENGINE read enjin). */
    const sx_prep *spelled;
    float ccw; /* its consonants, weighted by their words */
    sx_sim_words words;
    sx_phon_side phon;
    /* The spelling comparisons of the query's numbered words with this reading's words,
     * plain [0] and with the romanisation variants [1]: known[v][id] bit j says
     * pair_sim[v][id][j] is made.  Cleared on first use (pairs_used). */
    bool pairs_used;
    uint32_t known[2][SX_SIM_QUERY_WORDS];
    float pair_sim[2][SX_SIM_QUERY_WORDS][SX_PREP_MAX_TOKENS];
    /* The same for the comparisons on sounds, under the one set of terms (the shortest
     * word compared, the cost table) phon_terms says: the first reading's. */
    uint32_t phon_terms;
    uint32_t phon_known[SX_SIM_QUERY_WORDS];
    float phon_sim[SX_SIM_QUERY_WORDS][SX_PREP_MAX_TOKENS];
    /* Whether a numbered word's Hangul syllables are spelled by list word j in a mix of
     * romanisations (similarity.c romanised_pairs): rom_known[id] bit j says rom_spells
     * holds the answer. */
    uint32_t rom_known[SX_SIM_QUERY_WORDS];
    uint32_t rom_spells[SX_SIM_QUERY_WORDS];
} sx_sim_list;

_Static_assert(SX_PREP_MAX_TOKENS <= 32, "sx_sim_list.known holds a bit per list word");

static inline void sx_sim_list_init(sx_sim_list *l)
{
    l->made = false;
    l->spelled = NULL;
    l->pairs_used = false;
    sx_sim_words_init(&l->words);
}

/* Bounded Levenshtein distance on bytes; returns max + 1 when above max. */
size_t sx_lev_bytes(const char *a, size_t na, const char *b, size_t nb, size_t max);
/* The same on code points. */
size_t sx_lev_cps(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t max);

/* Writes the consonant skeleton of an ASCII string (size >= 2 * len + 1: x is two
 * classes); returns its length. */
size_t sx_skeleton(char *out, const char *s, size_t len);

/* Writes s (its first SX_COMPACT_MAX bytes) folded to sounds as the phonetic comparison
 * reads it (size >= 2 * min(n, SX_COMPACT_MAX) + 1); returns its length. */
size_t sx_phon_fold(char *out, const char *s, size_t n);

/* Writes the consonant letters of s as folded to sounds (sx_phon_fold), without the
 * vowels, y and w, a letter once where it repeats (Saddam Hussein -> sdmhsn): what a
 * name written in Arabic script shares with its Latin spellings, letter by letter (size
 * as for sx_phon_fold); returns the length. */
size_t sx_consonants(char *out, const char *s, size_t n);

/* Similarity of a query reading and a list reading.  floor: scores below it are of no
 * use to the caller, so costly comparisons that cannot reach it are skipped. */
float sx_sim(const sx_prep *q, const sx_prep *c, sx_sim_method *method, float floor);

/* sx_sim with the list reading's derived forms in l (sx_sim_list_init before the
 * first call; then only with the same c) and the query reading's words in qw
 * (sx_sim_words_make; NULL: summarised here). */
float sx_sim_list_score(const sx_prep *q, const sx_sim_words *qw, const sx_prep *c, sx_sim_list *l,
                        sx_sim_method *method, float floor);

/* Same-script similarity of two CJK names compared as written (core strings). */
float sx_sim_script(const char *a, const char *b);

#endif
