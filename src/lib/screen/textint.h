/* Internals shared by the name-analysis files (normalise.c, hangul.c, kana.c, terms.c,
 * analyse.c).  Not part of any public interface. */
#ifndef SX_SCREEN_TEXTINT_H
#define SX_SCREEN_TEXTINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/screen/text.h"
#include "util/buf.h"

/* libhangul's hanja table (Debian libhangul-data): read by the term tables, and part of
 * the index file's key. */
#define SX_HANJA_FILE "/usr/share/libhangul/hanja/hanja.txt"
#define SX_TERM_MAX_OPTS 6 /* most renderings kept for one term */
#define SX_SEG_MAX_OPTS 16 /* most alternatives for one segment of a name */

/* Script of one code point (one sx_script bit; digits count as Latin). */
unsigned sx_script_of(uint32_t cp);
/* The sx_script bits of the letters of s[0..len) (up to its first byte that is not UTF-8),
 * its digits counted as Latin when digits is true, else left out. */
unsigned sx_scripts_of(const char *s, size_t len, bool digits);
static inline bool sx_is_hangul_syllable(uint32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}
/* The Hangul syllable of jamo indices lead (0-18), vowel (0-20) and tail (0-27, 0 none),
 * as Unicode composes it. */
static inline uint32_t sx_hangul_compose(unsigned lead, unsigned vowel, unsigned tail)
{
    return 0xAC00 + (lead * 21 + vowel) * 28 + tail;
}

/* Whether two letters are an English ordinal's ending (1st, 2nd, 3rd, 4th). */
static inline bool sx_ordinal_suffix(const char *s)
{
    return !memcmp(s, "st", 2) || !memcmp(s, "nd", 2) || !memcmp(s, "rd", 2) || !memcmp(s, "th", 2);
}

/* Whether the Latin word s (n bytes) is a number, or mostly one (15th, 2005, ar16): it
 * has digits, and fewer than two letters or fewer than twice as many letters as digits,
 * or it is digits and an ordinal's two letters (1st, 3rd).  The digits of any other word
 * of letters are letters in disguise (Ig0r, I9or). */
static inline bool sx_numeric_word(const char *s, size_t n)
{
    size_t letters = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        letters += s[i] >= 'a' && s[i] <= 'z';
        digits += s[i] >= '0' && s[i] <= '9';
    }
    bool ordinal = letters == 2 && digits + 2 == n && sx_ordinal_suffix(s + n - 2);
    return digits > 0 && (letters < 2 || digits * 2 > letters || ordinal);
}

/* A term table's rendering "-": the word may be left out (本社, 市), as English names
 * drop it. */
#define SX_TERM_LEFT_OUT "-"

/* A term table entry: renderings in Latin, most common first. */
typedef struct sx_term {
    const char *text; /* the term as normalised */
    const char *opts[SX_TERM_MAX_OPTS];
    size_t nopts;
    const char *kanji; /* for a kana reading filed by the table: the kanji term it reads */
    const char *hanja; /* for a Hangul word of the dictionary table: the hanja word bridged */
    bool dict;         /* from the dictionary tables (terms/dict/, EDRDG), not a hand row */
} sx_term;

/* Prior of a term's o-th rendering: hand rows first, dictionary glosses a little below
 * them (still above a piece's own reading, 0.9). */
static inline float sx_term_prior(const sx_term *t, size_t o)
{
    return (t->dict ? 0.96f : 1.0f) - 0.02f * (float)o;
}

/* Tables loaded by sx_text_init (NULL before it succeeded). */
const sx_term *sx_terms_ko(const char *s, size_t len);
const sx_term *sx_terms_ja(const char *s, size_t len);
const sx_term *sx_terms_ko_suffix(const char *s, size_t len); /* only at a word's end */
/* The dictionary tables (terms/dict/, made from EDRDG's edict and kanjidic): a kanji
 * word's English glosses, a Hangul word's through the hanja it reads (연구 -> 研究).  The
 * term returned is the thread's own copy, valid for the next 8 dictionary lookups. */
const sx_term *sx_terms_ko_dict(const char *s, size_t len);
const sx_term *sx_terms_ja_dict(const char *s, size_t len);
/* A katakana reading of the Han words companies' names are made of (ホウソウ -> broadcast,
 * packing, legal profession; the word in more names first): only for cutting the words
 * that end a kana name, as the reading is ambiguous.  The same thread-local copies. */
const sx_term *sx_terms_ja_kana(const char *s, size_t len);
/* Chinese words in simplified characters (terms/dict/, made from Rime's pinyin dictionary
 * and EDICT): a word's pinyin, syllables apart (厦门 -> "xia men"), and its English glosses
 * (技术 -> technology).  The same thread-local copies as above. */
const sx_term *sx_terms_zh_pinyin(const char *s, size_t len);
const sx_term *sx_terms_zh_dict(const char *s, size_t len);
/* One Han character's Cantonese reading as Hong Kong spells names (terms/dict/, made
 * from Unihan's kCantonese and jyutping_hk.tsv): 陳 -> "chan", "tsan", the second
 * spelling when Hong Kong writes the syllable two ways.  The same thread-local copy. */
const sx_term *sx_terms_zh_cantonese(const char *s, size_t len);
/* The Mandarin syllables of the characters whose Cantonese Hong Kong spells s[0, len)
 * (terms/dict/zh_cantonese_pinyin.tsv: chan -> "can|chan|chen|..."), "|" between them;
 * NULL when s spells no character's Cantonese.  A pointer into the loaded table. */
const char *sx_terms_cantonese_pinyin(const char *s, size_t len);
/* The Japanese form of a simplified Chinese character Japanese does not write
 * (terms/dict/zh_ja_chars.tsv: 电 -> 電), or with shared, of one that Japanese writes as
 * another character, in a Chinese text (zh_ja_shared.tsv: 机, a desk, -> 機); or 0. */
uint32_t sx_terms_japanese_form(uint32_t cp, bool shared);
/* The katakana EDICT writes an English word in (terms/dict/ja_loan.tsv: towel -> タオル),
 * usual first.  The same thread-local copy. */
const sx_term *sx_terms_ja_loan(const char *s, size_t len);
/* One kanji's reading alone in katakana (terms/dict/ja_kanji.tsv, made from kanjidic: its
 * first on reading, else its first kun: 械 -> カイ), or NULL.  The same thread-local copy. */
const sx_term *sx_terms_ja_kanji(const char *s, size_t len);
/* A pinyin syllable's Wade-Giles spelling (terms/dict/zh_wade_giles.tsv: xi -> hsi), or
 * NULL when it is no syllable of the table. */
const char *sx_terms_wade_giles(const char *syllable, size_t len);
/* The pinyin syllables a Wade-Giles spelling stands for, "|" between them, the one with
 * an unaspirated initial first (tung: "dong|tong"), or NULL when s spells no syllable. */
const char *sx_terms_wade_giles_pinyin(const char *s, size_t len);
/* Whether s is a pinyin syllable (of the pinyin table). */
bool sx_terms_pinyin_syllable(const char *s, size_t len);
size_t sx_terms_zh_max_len(void); /* longest word of the pinyin table, in code points */
const sx_term *sx_terms_surname(const char *s, size_t len);
/* The kind of a word of name_words.tsv ("particle", "lineage", "title", "connective",
 * "article"), else NULL. */
const char *sx_terms_name_word(const char *s, size_t len);
/* Whether s is a connective of name_words.tsv (and, und, et; 앤), or the katakana EDICT
 * writes one in (アンド): the "&" between two words or letters.  The longest is
 * SX_CONNECTIVE_MAX_CPS code points in Hangul or kana. */
bool sx_terms_connective(const char *s, size_t len);
#define SX_CONNECTIVE_MAX_CPS 3
/* Whether s is an article of name_words.tsv (the, 더), or the katakana EDICT writes one
 * in (ザ); SX_CONNECTIVE_MAX_CPS code points at most, as a connective. */
bool sx_terms_article(const char *s, size_t len);
/* The spelling a name word of name_words.tsv is one of (ibn, ben -> bin; el, ul -> al),
 * else the word itself; NULL for a word not in the table. */
const char *sx_terms_particle_root(const char *s, size_t len);
/* The word an abbreviation of abbreviations.tsv stands for (mfg -> manufacturing). */
const char *sx_terms_abbreviation(const char *s, size_t len);
/* The digits of an English number in words (forty four -> 44, second -> 2nd: one to
 * ninety-nine, normalised, words apart by one space), else NULL. */
const char *sx_terms_number(const char *s, size_t len);
/* A digit as an English word (3 -> three; ICU's spell-out), else NULL. */
const char *sx_terms_digit_word(char digit);
/* The forms of the phrases after which a name field gives another name (name_split.tsv:
 * aka, dba, formerly known as; lower-case letters and spaces, their periods and slashes
 * left out), longest first, into *forms; returns how many. */
size_t sx_terms_split_forms(const char *const **forms);
/* The clauses that end a name field without naming (name_clauses.tsv: and any successor,
 * sub-unit, or subsidiary thereof; lower case) into *clauses; returns how many. */
size_t sx_terms_name_clauses(const char *const **clauses);
/* Whether a word (normalised) says what an organisation is or does (descriptors.tsv). */
bool sx_terms_descriptor(const char *s, size_t len);
/* Whether a word (normalised) is a given name or a nickname of nicknames.tsv. */
bool sx_terms_nickname(const char *s, size_t len);
/* Whether given names a and b are one name, one a nickname of the other or both of one
 * (nicknames.tsv: bill, william; ted, theodore). */
bool sx_terms_nicknames(const char *a, size_t la, const char *b, size_t lb);
/* Whether words a and b are two renderings of one hand row of the Korean or Japanese
 * term tables (은행: bank, banking; 무역: trading, trade): one word, as the row says. */
bool sx_terms_one_term(const char *a, size_t la, const char *b, size_t lb);
/* Whether word w is one of two such renderings (a test before sx_terms_one_term). */
bool sx_terms_rendering(const char *w, size_t len);
/* The group of descriptor s in rigour's symbols (international, intl, internacional:
 * "intl"), or NULL when it is no descriptor. */
const char *sx_terms_descriptor_group(const char *s, size_t len);
/* Legal form: a Latin token sequence ("co ltd") or a CJK string; NULL when not one. */
const char *sx_legal_latin(const char *tokens, size_t len);
/* The most words a Latin legal form has (obshchestvo s ogranichennoy otvetstvennostyu: 4). */
size_t sx_legal_max_words(void);
/* The words of Latin legal forms one typing error from word (limted -> limited, joit ->
 * joint; venootschap -> vennootschap, vennotschap), legal_forms.tsv's first, into
 * out[0..max); returns how many.  Only words of five letters or more are read so, and of
 * seven or more when the form is that word alone (lone): shorter ones are names' (Aisha). */
size_t sx_legal_words_near(const char *word, size_t len, bool lone, const char **out, size_t max);
/* Longest CJK legal form at the start (at_end false) or end of s; its byte length in
 * *n, or NULL.  The forms written in parentheses ((株), (주)) only match a whole token,
 * and set *whole: the caller checks the name wrote the parentheses. */
const char *sx_legal_cjk(const char *s, size_t len, bool at_end, size_t *n, bool *whole);
size_t sx_terms_max_len(void); /* longest term in code points */
/* Korean reading (one Hangul syllable, UTF-8) of one Han character, or NULL; surname
 * prefers the reading used for family names (金 -> 김 rather than 금). */
const char *sx_hanja_reading(const char *ch, size_t len, bool surname);
/* The reading of Han character ch as North Korea writes it, where it keeps the initial
 * ㄹ or ㄴ South Korea's spelling drops from its usual reading (連 련, 羅 라); else NULL. */
const char *sx_hanja_north_reading(const char *ch, size_t len);
/* Whether Hangul syllable cp is Sino-Korean: it reads a hanja alone and in Sino-Korean
 * words (libhangul's table: terms.c SINO_WORDS_MIN), as against one only loanwords and
 * native words use (네, 트, 럼), a rare character's (에) or a Chinese name's (둥). */
bool sx_sino_korean_syllable(uint32_t cp);
/* Whether the lowercase letters s[0, len) open with at least min Sino-Korean syllables,
 * each spelled in one of the romanisations (CHINYANG: 진양, Dongsan of
 * DongsanDevelopment: 동산; not TIDE, whose ti and de spell no syllable a hanja reads).
 * Only the first 40 letters are read. */
bool sx_sino_korean_start(const char *s, size_t len, size_t min);
/* The Hangul reading of the hanja word s (len bytes, traditional forms), when its
 * characters alone would read it otherwise (貿易 -> 무역), else NULL.  The string lives
 * until a few more dictionary lookups (terms.c's ring): copy it. */
const char *sx_hanja_word_reading(const char *s, size_t len);
/* The canonical form of a variant Han character (髙 -> 高), or NULL. */
const char *sx_han_canonical(const char *ch, size_t len);
/* The other way: the older form a canonical character folds (実 -> 實), or NULL. */
const char *sx_han_traditional(const char *ch, size_t len);

/* One segment of a name with its alternative Latin renderings. */
typedef struct sx_seg {
    const char *opt[SX_SEG_MAX_OPTS];  /* arena strings: lowercase ASCII words */
    const char *path[SX_SEG_MAX_OPTS]; /* how each was made ("" for literal Latin) */
    unsigned prov[SX_SEG_MAX_OPTS];    /* the same as sx_prov bits (0 for literal Latin) */
    float prior[SX_SEG_MAX_OPTS];
    uint32_t letters[SX_SEG_MAX_OPTS]; /* bit w: word w of the option is Latin letters
                                          spelled by their names (sx_seg_add_letters) */
    size_t n;
} sx_seg;

/* Adds an option to a segment (ignored when full or duplicate); prov holds the sx_prov
 * bits that say what path says.  Its letter words are told by prov, for an option made
 * of one piece: a piece of letter names alone is letters throughout, one that also reads
 * a loanword or syllables has them first, or last with SX_PROV_LETTERS_LAST. */
void sx_seg_add(sx_seg *s, const char *opt, const char *path, unsigned prov, float prior);
/* The same with its letter words given (sx_seg.letters): for an option that joins the
 * options of several pieces, whose provenance bits, merged, no longer tell which words
 * each piece gave. */
void sx_seg_add_letters(sx_seg *s, const char *opt, const char *path, unsigned prov, float prior,
                        uint32_t letters);
/* The words of s (separated by spaces). */
size_t sx_count_words(const char *s);

/* Hangul: romanisations of a run of syllables.  person: read as separate syllables
 * (given names).  Appends options to seg, strings in arena. */
int sx_hangul_options(sx_seg *seg, sx_arena *a, const uint32_t *cps, size_t n, bool person);
/* How an ampersand spelled in Hangul is written in Latin: dropped (앤 in 엘앤케이 -> lk,
 * as the list's "L&K" becomes lk), as n (엘앤피 -> lnp), or dropped also where 엔 stands
 * for it (이엔씨 -> ec, E&C). */
enum sx_hangul_and { SX_AND_DROPPED, SX_AND_AS_N, SX_AND_ALL_DROPPED, SX_AND_STYLES };
/* Latin letters spelled out in Hangul (에스티씨 -> stc): the longest prefix of the run
 * made of letter names (at least two letters); *used code points.  NULL when none. */
const char *sx_hangul_letters(sx_arena *a, const uint32_t *cps, size_t n, size_t *used,
                              enum sx_hangul_and and_as);

/* The code points of the letter names cps opens with, however many (에프디엔씨: 5). */
size_t sx_hangul_letters_span(const uint32_t *cps, size_t n);

/* Whether the letter names cps opens with say "and" before the run ends: 앤 or 엔드, or 엔
 * between two letters, which SX_AND_ALL_DROPPED reads as the ampersand (엠엔에프씨, M&FC). */
bool sx_hangul_letters_say_and(const uint32_t *cps, size_t n);

/* The Latin letter whose Hangul name starts cps (케이 -> k; the longest name), in
 * *letter; returns the code points it takes, 0 when none. */
size_t sx_hangul_letter_at(const uint32_t *cps, size_t n, char *letter);

/* How one Hangul syllable is spelled in each romanisation (RR, McCune-Reischauer, the
 * DPRK's, passport, the older spellings), at a word's start or inside one: n spellings of
 * len[k] letters (not terminated).  sx_hangul_spellings fills one per code point of
 * cps[0, n) (n 0 for a code point that is no syllable); as_heard: also as the syllable is
 * heard, with the vowel speech no longer tells from its own (ㅐ for ㅔ: 세 sae), which no
 * romanisation writes and firms do. */
#define SX_SYLLABLE_SPELLINGS 32 /* at most 5 initials by 5 vowels, and wha */
#define SX_SPELLING_MAX 10
typedef struct sx_syllable_spellings sx_syllable_spellings;
struct sx_syllable_spellings {
    uint32_t first; /* bit c - 'a': some spelling starts with letter c */
    uint8_t n;
    uint8_t len[SX_SYLLABLE_SPELLINGS];
    char s[SX_SYLLABLE_SPELLINGS][SX_SPELLING_MAX];
};
void sx_hangul_spellings(sx_syllable_spellings *out, const uint32_t *cps, size_t n, bool as_heard);
/* Whether the Latin word w (len bytes) spells n syllables one by one, each as one of its
 * spellings: DONGKUK for 동국, RR's dong and McCune-Reischauer's kuk. */
bool sx_hangul_spells(const sx_syllable_spellings *sp, size_t n, const char *w, size_t len);
/* Whether w opens with such a spelling of the n syllables (CHINYANGHOLDINGS does not of
 * 삼양, SAMYANGHOLDINGS does); w may go on. */
bool sx_hangul_spells_start(const sx_syllable_spellings *sp, size_t n, const char *w, size_t len);

/* Revised Romanization of a run of Hangul syllables as one word (no person spacing). */
int sx_hangul_rr(sx_buf *out, const uint32_t *cps, size_t n);
/* The same in the loanword style (hangul.c: epenthetic vowels undone, 텍 -> tek). */
int sx_hangul_loanword(sx_buf *out, const uint32_t *cps, size_t n);
/* Loanword readings of one lowercase English word of two letters or more: how Korean (in
 * RR) and Japanese (in Hepburn, long vowels collapsed) write it, appended to ko and ja.
 * SX_ENOTFOUND when the word is not one to read (no vowel, digits, no pronunciation
 * engine).  Whether a word of two letters is a word or letters is the caller's to say. */
int sx_loan_word(sx_buf *ko, sx_buf *ja, const char *word, size_t len);
/* What the loanword readings depend on beyond this code: the espeak-ng version and its
 * data (path, size and time of its phoneme data), written to out ("" without espeak). */
void sx_loan_signature(char *out, size_t size);
/* Whether a lowercase word can be read as romanised Korean syllables (RR/MR: daesung,
 * hanwha) or Japanese ones (Hepburn/Kunrei: kaneko, nippon). */
bool sx_romanised_korean(const char *word);
bool sx_romanised_japanese(const char *word);
/* Folds the long vowels of a romanised Japanese word the way query kana are read
 * (ohmori, oomori, oumori -> omori; daidoh -> daido), in place. */
void sx_japanese_fold_long(char *word);
/* The Hepburn spelling of a romanised Japanese word written in Kunrei-shiki or
 * Nihon-shiki (aisin -> aishin, mitutoyo -> mitsutoyo) into out (2 * strlen + 1 bytes). */
void sx_japanese_hepburn(char *out, const char *word);

/* Whether cps[0..n) is katakana alone (ァ to ー, the middle dot included). */
bool sx_kana_katakana_only(const uint32_t *cps, size_t n);
/* The small form of katakana b after katakana a where the two may be one syllable with
 * its small kana written full-size (キヨ for キョ, フイ for フィ: analyse.c
 * small_kana_of_words); 0 otherwise. */
uint32_t sx_kana_small_form(uint32_t a, uint32_t b);
/* Kana (hiragana or katakana) to Hepburn; long_vowels false collapses ou/uu/ー the way
 * passports and company names do.  Appends lowercase ASCII to out. */
int sx_kana_romaji(sx_buf *out, const uint32_t *cps, size_t n, bool long_vowels);
/* Katakana read back as the foreign word it writes: Hepburn without the vowels katakana
 * adds to a lone consonant (ズヴェズダ -> zvezda, アルマズ -> armaz), without ッ's double
 * consonant and ー's long vowel.  Appends lowercase ASCII to out. */
int sx_kana_loanword(sx_buf *out, const uint32_t *cps, size_t n);
/* One syllable of a Korean name as Japanese writes it in katakana (キム, ジョン, チョル
 * for 김, 정, 철): the Hangul letters it stands for as indices of Unicode's syllable
 * composition (lead 0-18, vowel 0-20, tail 0-27, 0 none), the likeliest first, then
 * those the same kana also write (SX_KO_NONE ends a list).  Katakana cannot tell ㄴ from
 * ㅇ (ン), ㅓ from ㅗ (オ), ㅜ from ㅡ (ウ), nor ㅐ from ㅔ or ㅚ (エ). */
#define SX_KO_NONE 0xFF
typedef struct sx_ko_syllable {
    uint8_t lead[2], vowel[3], tail[2];
} sx_ko_syllable;
/* A word of katakana (no spaces) read as the syllables of a Korean name: its kana
 * syllables, with ン and a final ム, ル, ク or プ as the tail of the syllable before
 * (キム 김, パク 박, スギル 수길), ー and ッ passed over.  Returns the number written to
 * out (at most max), 0 when the word is not katakana or has a kana no Korean syllable
 * is written with (ツ, ヴ). */
size_t sx_kana_korean(sx_ko_syllable *out, size_t max, const uint32_t *cps, size_t n);
/* Latin letters spelled out in katakana (エイチアイエス -> his): the longest prefix of
 * cps made of letter names, written to out (NUL-terminated); returns the code points
 * used (0 when cps does not start with a letter name). */
size_t sx_kana_letter_run(char *out, size_t size, const uint32_t *cps, size_t n);
/* Japanese reading (katakana) of a kanji/kana string from the MeCab dictionary, as
 * morphemes separated by spaces; "" when MeCab is unavailable. */
int sx_japanese_reading(sx_buf *out, const char *s, size_t len);
/* What the kanji readings depend on beyond this code: the MeCab version and its IPA
 * dictionary (path, size and time of sys.dic), written to out. */
void sx_japanese_signature(char *out, size_t size);
/* MeCab's morphemes of s: surfaces and readings (katakana, "" when unknown), each list
 * NUL-separated and in the same order.  SX_EUNSUPPORTED without MeCab. */
int sx_japanese_morphemes(sx_buf *surfaces, sx_buf *readings, const char *s, size_t len);

/* The letters of an Arabic-script word in Latin (ICU's Arabic-Latin, then ASCII): the
 * consonants and long vowels the script writes, lowercase, ʿayn and hamza as "'" (a
 * word-final ة as a, the vowel it is read with).  Appends to out; "" without ICU data. */
int sx_arabic_latin(sx_buf *out, const char *s, size_t len);
/* Han text with traditional characters as simplified ones (ICU's Hant-Hans; 華為 ->
 * 华为), other characters as they are.  Appends to out. */
int sx_han_simplified(sx_buf *out, const char *s, size_t len);
/* The Mandarin reading of Han text as lowercase ASCII letters, no tones or spaces (ICU's
 * Han-Latin, one character's most usual reading): for characters the pinyin table lacks. */
int sx_han_pinyin(sx_buf *out, const char *s, size_t len);

/* The name of the first script in s (a normalised name) that no reading is made for
 * (ICU's name: "Hebrew", "Thai", "Devanagari"), or NULL when every letter is read. */
const char *sx_unread_script(const char *s);

/* Decodes UTF-8 into code points (invalid bytes as U+FFFD); *n on input is the room. */
size_t sx_decode(uint32_t *cps, size_t room, const char *s, size_t len);

/* Lists run some names together, the words told apart only by their capitals
 * ("DongilTechnology", "SNUPrecisionCo.,Ltd", "SANGBOCo.,Ltd") or by a legal form ending
 * the word ("SESILCORPORATION"), and so do the parties screened ("SiemensAG").  Writes
 * name with a space at each such join into out (size bytes); false when there is none or
 * it does not fit.  Only ASCII letters: other scripts have no such joins. */
bool sx_split_at_capitals(char *out, size_t size, const char *name);
/* The prior of a name's reading split at its capitals: a little less sure than the name
 * as written (a list's key, a query's reading). */
#define SX_SPLIT_PRIOR 0.97f

#endif
