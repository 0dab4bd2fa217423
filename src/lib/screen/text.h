/* Name analysis (internal): normalisation, legal forms, and the Latin readings of a name
 * in any script.  The matcher compares names only through what this produces.
 *
 * normalise: NFKC (width folding), case folding, punctuation to spaces, on code points;
 *            kana voicing marks are kept.
 * readings:  for Hangul, Kana, Kanji and mixed names, several romanised alternatives
 *            (Revised Romanization, McCune-Reischauer, passport spellings; Hepburn,
 *            Kunrei, passport; kanji readings from a dictionary; Korean readings of
 *            Hanja), with business terms translated (무역/貿易 -> trading).  A Latin name
 *            yields itself.  Each alternative says how it was made. */
#ifndef SX_SCREEN_TEXT_H
#define SX_SCREEN_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

#define SX_NAME_MAX_BYTES 1024 /* longer names are cut at a code point boundary */
#define SX_NAME_MAX_ALTS 40    /* most alternatives produced for one name */

typedef enum {
    SX_SCRIPT_LATIN = 1 << 0,
    SX_SCRIPT_HANGUL = 1 << 1,
    SX_SCRIPT_KANA = 1 << 2,
    SX_SCRIPT_HAN = 1 << 3,
    SX_SCRIPT_OTHER = 1 << 4,
    SX_SCRIPT_ARABIC = 1 << 5, /* Arabic script (Arabic, Persian, Urdu, Pashto) */
} sx_script;

/* How a reading was made, as flags: each piece of a reading sets its own and a reading
 * has those of all its pieces.  The matcher decides on these; the path text says the same
 * for people and is never searched (a term's or a name's own words could match). */
typedef enum {
    SX_PROV_HANGUL = 1 << 0,         /* read from Hangul (paths "hangul:...") */
    SX_PROV_KANA = 1 << 1,           /* read from kana ("kana:...") */
    SX_PROV_KANJI = 1 << 2,          /* kanji read by MeCab ("kanji:MeCab reading") */
    SX_PROV_SYLLABLES = 1 << 3,      /* syllables romanised (RR, MR, DPRK, Hepburn...) */
    SX_PROV_HANGUL_LETTERS = 1 << 4, /* Latin letters spelled in Hangul (에스케이 -> sk) */
    SX_PROV_KANA_LETTERS = 1 << 5,   /* Latin letters spelled in katakana (エムビーエス) */
    SX_PROV_TERM = 1 << 6,           /* a term's rendering ("term 무역->trading") */
    SX_PROV_KANA_TERM = 1 << 7,      /* kana read as the kanji term it spells ("kana-term") */
    SX_PROV_DICT = 1 << 8,           /* that term is a dictionary gloss ("(dict)") */
    SX_PROV_SURNAME = 1 << 9,        /* a Korean surname's spelling ("surname 김->kim") */
    SX_PROV_NUMBER = 1 << 10,        /* digits or an ordinal in a Hangul word (제5호) */
    SX_PROV_LEFT_OUT = 1 << 11,      /* a word left out ("country word left out") */
    SX_PROV_HANJA = 1 << 12,         /* Han characters read in Korean ("hanja->hangul") */
    SX_PROV_LOAN_KO = 1 << 13,       /* an English list name as Korean writes loanwords */
    SX_PROV_LOAN_JA = 1 << 14,       /* the same as Japanese writes them */
    SX_PROV_LOANWORD = 1 << 15,      /* read as a loanword: "hangul:loanword", "kana:loanword" */
    SX_PROV_ABJAD = 1 << 16,         /* Arabic script: consonants and long vowels, the short
                                        vowels unwritten ("arabic:...") */
    SX_PROV_MANDARIN = 1 << 17,      /* Han characters read in Mandarin ("mandarin:pinyin") */
    SX_PROV_CANTONESE = 1 << 18,     /* ... in Cantonese as Hong Kong spells names
                                        ("cantonese:Hong Kong") */
    SX_PROV_LETTERS_LAST = 1 << 19,  /* with letter names and a loanword or syllables: the
                                        letters end the piece (포스코티엠씨: posco tmc) */
} sx_prov;

/* Whether a reading's provenance is katakana read back as the foreign word it spells
 * ("kana:loanword"; kana.c sx_kana_loanword). */
static inline bool sx_prov_read_back(unsigned prov)
{
    return (prov & SX_PROV_KANA) && (prov & SX_PROV_LOANWORD);
}

/* The words of a name in another script, each with the renderings it has (a reading,
 * a term's translations: 物流 wuliu, logistics, physical distribution), that a query's
 * readings were picked from (struct sx_seg: textint.h). */
typedef struct sx_lattice {
    const struct sx_seg *segs;
    size_t n;
} sx_lattice;

typedef struct sx_name_alt {
    const char *text;  /* lowercase ASCII Latin tokens separated by single spaces, legal
                          forms removed (e.g. "choson pugang trading company") */
    const char *path;  /* how it was made, for explanations (e.g. "hangul:McCune-Reischauer;
                          term 무역->trading") ; "" for the name itself */
    unsigned prov;     /* the same as sx_prov bits, for decisions; 0 for the name itself */
    float prior;       /* 1.0 for the most likely reading, lower for less likely ones */
    const sx_lattice *lattice; /* a query's reading: the words it was picked from, or NULL */
    const unsigned char *pick; /* ... the rendering it takes of each (lattice->n) */
} sx_name_alt;

typedef struct sx_name_analysis {
    sx_arena arena;         /* owns everything below */
    const char *normalised; /* the normalised name in its own script */
    const char *core;       /* normalised, legal forms removed, no spaces: what two names
                               in the same CJK script are compared on */
    unsigned scripts;       /* sx_script bits present */
    const char *legal_form; /* canonical tag of the legal form found ("co_ltd", "kk",
                               "jsc", "llc", ...), or NULL */
    sx_name_alt *alts;
    size_t nalts;
    int korean_person;      /* read as a Korean personal name (surname + given name) */
    int korean_given_first; /* two words of Hangul, a given name then a whole surname (성훈
                               김, as Western forms write a Korean's name): a person's, whose
                               readings are no loanword compared on consonants */
    const char *said;       /* a Latin name with digits among its words' letters, its first
                               reading with them as digits, as the name is said (3soft,
                               day1; alts[0] reads them as letters in disguise: esoft,
                               dayi), or NULL */
} sx_name_analysis;

/* Appends the normalised form of in[0..len) to out (valid UTF-8 for any input: invalid
 * bytes become U+FFFD; never longer than 4 * len + 4 bytes). */
int sx_text_normalise(sx_buf *out, const char *in, size_t len);
/* The same, a name's Russian Cyrillic read as Russian passports spell it (ICAO Doc 9303:
 * Sergei, not BGN/PCGN's Sergey); *russian: whether the name has Russian Cyrillic. */
int sx_text_normalise_passport(sx_buf *out, const char *in, size_t len, bool *russian);

/* Analyses one name.  On success the caller frees with sx_name_analysis_free(). */
int sx_name_analyse(sx_name_analysis *out, const char *name, size_t len);
/* The same for a list's name: its words in Arabic script are kept as written only, for
 * queries in that script.  Their consonant reading is for queries, which meet the lists'
 * own Latin spellings: two guesses at the unwritten vowels are never compared, nor a
 * Latin query with a name missing them. */
int sx_name_analyse_listed(sx_name_analysis *out, const char *name, size_t len);
void sx_name_analysis_free(sx_name_analysis *a);

/* Reading alt of a query with, for each word it renders, the rendering that most words
 * of words[0..n) spell (a list name's words, lowercase): the lists translate one word
 * several ways (物流: Kangze Yuan International Logistics; 发展: Trade Development, where
 * the reading says growth), and a reading takes one rendering of each word, of a
 * handful of combinations.  A word changes only for a rendering that spells more of
 * those words than its own.  Returns true with the reading's text, path, flags and
 * prior (alt's, moved by the renderings' priors) in *out, its strings in text[] and
 * path[]; false when it would be alt itself, or alt has no lattice. */
bool sx_name_alt_tailored(sx_name_alt *out, char text[SX_NAME_MAX_BYTES], char path[256],
                          const sx_name_alt *alt, const char *const *words, const uint8_t *wlen,
                          size_t n);

/* The words of a query's reading alt that are Latin letters spelled in Hangul or kana
 * (에스케이 in 에스케이렌터카: "sk rentuka"; エフ in スリーエフ: "three f"), as bits: bit t for word t of alt->text (its first 32).
 * nwords: the words the caller reads alt->text as.  0 when none, when alt has no lattice
 * to tell (a reading made otherwise), or when its words are not nwords. */
uint32_t sx_name_alt_letter_words(const sx_name_alt *alt, size_t nwords);

#define SX_NAME_SIDES 4 /* names one field gives, screened apart, at most */

/* The names one field gives, when it gives more than one, into side[] (copies the caller
 * frees): parted after a phrase that says another name follows (a.k.a., d/b/a, formerly:
 * name_split.tsv), at slashes, or a name and its short form in closing parentheses, each
 * side of two words or more, sharing words (or initials) with the first unless a phrase
 * parted them; a list name (listed) also gives a short form of one word made of its
 * initials (KOREA MINING DEVELOPMENT TRADING CORPORATION (KOMID)), a query only the name
 * before it; a name with other spellings of its words in parentheses a phrase opens
 * (Maher (a.k.a. Mahir) AL-ASSAD) as the name without them and with each spelling; and
 * the words before closing parentheses that name no other (Vizo Group Limited (Hong
 * Kong)): a list's beside the whole, a query's when two words or more.
 * *nsides: how many, 0 when the field is one name; roles[k] (may be NULL): what side k is
 * (sx_side_role).  Returns 0, or SX_ENOMEM. */
typedef enum {
    SX_SIDE_NAME = 0,       /* a name of its own */
    SX_SIDE_SHORT_FORM = 1, /* a list name's short form of one word (KOMID) */
    SX_SIDE_BESIDE = 2,     /* a list name without its closing parentheses (a short form,
                               itself in another script, a place), beside the whole */
    SX_SIDE_INSIDE = 3,     /* a list name in its closing parentheses (itself in another
                               script), beside the whole */
} sx_side_role;
int sx_name_sides(const char *name, bool listed, char *side[SX_NAME_SIDES], size_t *nsides,
                  uint8_t *roles);

/* The name a field a list fills with a name, or a piece of one it parts at semicolons,
 * gives: piece[*start..*end), without a clause that ends it and names no one
 * (name_clauses.tsv: "Sinobright Import and Export Company; and any successor, sub-unit,
 * or subsidiary thereof") nor a phrase that opens it (the CSL's "Cho Yan Nathan; a.k.a
 * Nathan Man Man": SX_PIECE_ALIAS, another name of the entity).  SX_PIECE_NONE when no
 * name is left (the clause, or spaces). */
enum { SX_PIECE_NONE = 0, SX_PIECE_NAME = 1, SX_PIECE_ALIAS = 2 };
int sx_name_piece(const char *piece, size_t len, size_t *start, size_t *end);

#define SX_NAME_LISTED_MAX 16 /* names a group in square brackets gives, at most */

/* The names a group lists (g[0, len): the inside of square brackets that a phrase opens,
 * "aka General Technology Limited, aka Tiger Force Electronics"), parted at commas that
 * another phrase or a name of two words or more follows (a comma before Inc. stays in
 * its name), each without its phrase: g[start[k], end[k]), room at most.  Returns how
 * many; 0 when no phrase opens the group. */
size_t sx_name_listed(const char *g, size_t len, size_t *start, size_t *end, size_t room);

/* Loads the term tables, legal forms and dictionaries once per process (thread-safe;
 * called by sx_name_analyse on first use).  data_dir NULL means the built-in default. */
int sx_text_init(const char *data_dir);

#endif
