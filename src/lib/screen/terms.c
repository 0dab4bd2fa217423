/* The term tables under data/terms/: Korean and Japanese business terms with their
 * English renderings, Korean surnames with their Latin spellings, legal forms, name
 * particles and titles.  Loaded
 * once per process; read-only afterwards, so any thread may use them. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "lib/screen/country.h"
#include "lib/screen/textint.h"
#include "util/error.h"

#ifndef SX_DEFAULT_DATA_DIR /* set by the Makefile; "data" for other builds (fuzz) */
#define SX_DEFAULT_DATA_DIR "data"
#endif
#include "util/file.h"
#include "util/strmap.h"
#include "util/strutil.h"
#include "util/utf8.h"

#define TERMS_MAX_FILE ((size_t)4 << 20) /* largest term table read */
#define SX_DICT_MAX_FILE ((size_t)64 << 20) /* largest dictionary table read */
#define LEGAL_WORDS_MAX 128 /* distinct words of the Latin legal forms kept for typos */
/* A legal form's word is read through one typing error only from this many letters:
 * in shorter ones an edit is a quarter of the word or more (ltd, gmbh, corp stay exact). */
#define LEGAL_TYPO_MIN_LEN 5
/* A form of one word, from this many: Aisha is a name one edit from kaisha, Kaisa I a
 * ship's; limited, company and corporation are not (Corporacion is corporation). */
#define LEGAL_TYPO_LONE_MIN_LEN 7
/* A dictionary table as read: its text and its data rows in order. */
typedef struct sx_dict {
    char *text;
    const char **rows;
    size_t n;
} sx_dict;

/* A derived legal form's word, under one of the keys its typing errors share: the word, and
 * the word with one letter left out (limited: imited, lmited, ..., limite).  Two words one
 * typing error apart share a key (one left out of the longer, or the letter each changed
 * or swapped left out of both), so a word's keys and its own letter-out forms find every
 * word one error from it, and some two apart, which one_edit_apart then rules out. */
typedef struct legal_near {
    const char *word;
    struct legal_near *next; /* another word under the same key */
} legal_near;

typedef struct tables {
    sx_arena arena;
    sx_strmap ko, ko_suffix, ja, surnames, legal_latin, legal_cjk;
    /* A Latin legal form of several whole words, its words in sorted order -> its tag:
     * the form with its words in another order (Stock Joint Company, Liability Limited
     * Company, Company Joint-Stock) is the form, as a list name and a contract reorder
     * the rest of a name.  Forms spelled in letters (l l c, sp z o o) are not: their
     * letters' order is the form. */
    sx_strmap legal_bag;
    sx_strmap name_words; /* particle or title -> its kind */
    sx_strmap descriptors; /* holdings, industrial, trading -> their rigour group */
    sx_strmap nicknames;   /* bill, william -> their rigour person_nick groups */
    sx_strmap numbers;     /* forty four -> 44, second -> 2nd (ICU's English spell-out) */
    const char *digit_words[10]; /* 0 -> zero ... 9 -> nine (the same) */
    sx_strmap abbreviations; /* abbreviation -> the word it stands for */
    /* The forms of name_split.tsv's phrases (aka, dba, formerly known as), longest first:
     * a field gives another name after them (sides.c). */
    const char **split_forms;
    size_t nsplit;
    /* name_clauses.tsv's clauses, lower case: they end a name field without naming
     * (and any successor, sub-unit, or subsidiary thereof; sides.c). */
    const char **clauses;
    size_t nclauses;
    sx_strmap hanja; /* one Han character -> sx_hanja */
    /* Bit s - 0xAC00: Hangul syllable s is Sino-Korean (load_sino_korean). */
    uint8_t sino_korean[(0xD7A4 - 0xAC00 + 7) / 8];
    sx_strmap sino_spellings; /* every spelling of those syllables (sx_hangul_spellings) */
    sx_strmap renderings; /* "a|b": one-word renderings a < b of one hand term row */
    sx_strmap rendering_words; /* the words of those pairs */
    sx_strmap han_variants; /* variant character -> canonical (UTF-8) */
    sx_dict ja_dict, ko_dict; /* terms/dict/: dictionary glosses, besides the hand rows */
    sx_dict zh_pinyin, zh_dict; /* terms/dict/: Chinese words' readings and glosses */
    sx_dict zh_cantonese;       /* terms/dict/: a Han character's Cantonese, as Hong Kong
                                   spells names */
    sx_dict zh_cantonese_pinyin; /* terms/dict/: a Hong Kong spelling -> the Mandarin of
                                    the characters spelled so */
    sx_dict ja_loan;            /* terms/dict/: an English word's katakana (EDICT) */
    sx_dict zh_ja;              /* terms/dict/: a simplified character's Japanese form */
    sx_dict zh_ja_shared;       /* ... of one Japanese writes as another character */
    sx_dict ja_kanji;           /* terms/dict/: a kanji's reading alone (kanjidic) */
    sx_dict ja_kana;            /* terms/dict/: readings of the words of companies' names,
                                   for the words that end a kana name (ENAMDICT, edict) */
    sx_dict han_traditional;    /* terms/dict/: a canonical character's traditional form
                                 * (実 -> 實), where Unihan simplifies that form */
    sx_dict ko_hanja;           /* terms/dict/: a hanja word's Hangul reading, where its
                                   characters alone read it otherwise (libhangul) */
    sx_strmap wade_giles;       /* pinyin syllable -> its Wade-Giles spelling */
    sx_strmap wade_giles_pinyin; /* Wade-Giles spelling -> the pinyin syllables it spells,
                                   "|" between them, unaspirated first (no apostrophes:
                                   tung is dong or tong) */
    /* The words of the Latin legal forms long enough to tell from a typo of them
     * (limited, company, joint): sx_legal_words_near's own vocabulary. */
    const char *legal_words[LEGAL_WORDS_MAX];
    unsigned char legal_word_len[LEGAL_WORDS_MAX];
    size_t nlegal_words;
    /* The words of the derived forms (org_types.tsv) that legal_words lacks, by the keys
     * of legal_near: too many to scan (some 600); and the first two letters of those
     * keys (near_row), so that most of a name's words are settled without a lookup. */
    sx_strmap legal_near;
    uint64_t near_prefixes[64];
    size_t max_len;     /* longest ko/ja term in code points */
    size_t zh_max_len;  /* longest word of zh_pinyin in code points */
    size_t max_cjk_len; /* longest CJK legal form in bytes */
    size_t legal_max_words; /* most words of a Latin legal form */
} tables;

static tables T;
static bool loaded;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Normalises a table entry the way names are normalised, into the arena. */
static char *norm(const char *s)
{
    sx_buf b = SX_BUF_INIT;
    if (sx_text_normalise(&b, s, strlen(s)) != 0) {
        sx_buf_free(&b);
        return NULL;
    }
    char *r = sx_arena_strdup(&T.arena, b.ptr ? b.ptr : "");
    sx_buf_free(&b);
    return r;
}

static size_t cp_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* What a table holds: terms with their renderings, or legal forms with their tag, our own
 * (legal_forms.tsv) or derived from rigour (org_types.tsv: read after ours, which wins a
 * form both have, and whose words sx_legal_words_near gives first), as written or as make
 * normalised them (LEGAL_DERIVED_BUILT: dict/org_types.tsv, its forms taken as they are). */
typedef enum { TERMS, LEGAL_OWN, LEGAL_DERIVED, LEGAL_DERIVED_BUILT } table_kind;

/* A derived legal form's word is kept in tables.legal_near when shorter than this. */
#define LEGAL_NEAR_MAX 32

/* A legal form's shortest word that may be put in another order (see tables.legal_bag). */
#define LEGAL_BAG_MIN_WORD 3
/* Words of a legal form, in another order too: org_types.tsv's forms have six at most. */
#define LEGAL_BAG_MAX_WORDS 6

/* The words of s[0..len) (single spaces between them) into out in byte order, single
 * spaces between them; returns the length, or 0 when they are fewer than two, more than
 * LEGAL_BAG_MAX_WORDS, or do not fit cap.  min_word: 0, or the fewest letters every word
 * must have. */
static size_t sorted_words(const char *s, size_t len, char *out, size_t cap, size_t min_word)
{
    const char *w[LEGAL_BAG_MAX_WORDS];
    size_t wl[LEGAL_BAG_MAX_WORDS], n = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && s[j] != ' ')
            j++;
        if (n == LEGAL_BAG_MAX_WORDS || j - i < (min_word ? min_word : 1))
            return 0;
        /* Insertion by bytes, a shorter word before the longer one it starts. */
        size_t k = n++;
        for (; k > 0; k--) {
            size_t m = wl[k - 1] < j - i ? wl[k - 1] : j - i;
            int c = memcmp(w[k - 1], s + i, m);
            if (c < 0 || (c == 0 && wl[k - 1] <= j - i))
                break;
            w[k] = w[k - 1];
            wl[k] = wl[k - 1];
        }
        w[k] = s + i;
        wl[k] = j - i;
        i = j + 1;
    }
    if (n < 2 || len >= cap)
        return 0;
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        memcpy(out + o, w[k], wl[k]);
        o += wl[k];
        out[o++] = ' ';
    }
    out[o - 1] = '\0';
    return o - 1;
}

/* Form key, tag into tables.legal_bag when its words may come in another order; the first
 * form of a set of words keeps it. */
static int add_legal_bag(const char *key, char *tag)
{
    char sorted[128];
    size_t n = sorted_words(key, strlen(key), sorted, sizeof sorted, LEGAL_BAG_MIN_WORD);
    if (n == 0 || sx_strmap_getn(&T.legal_bag, sorted, n))
        return 0;
    char *copy = sx_arena_strdup(&T.arena, sorted);
    return copy ? sx_strmap_put(&T.legal_bag, copy, tag) : SX_ENOMEM;
}

/* Whether w[0..n) is one of our own legal forms' words already (tables.legal_words). */
static bool own_legal_word(const char *w, size_t n)
{
    for (size_t i = 0; i < T.nlegal_words; i++)
        if (T.legal_word_len[i] == n && memcmp(T.legal_words[i], w, n) == 0)
            return true;
    return false;
}

/* The words of a Latin legal form ("joint stock company") into the vocabulary of
 * sx_legal_words_near, each once. */
static int add_legal_words(const char *form)
{
    for (const char *w = form; *w;) {
        size_t n = strcspn(w, " ");
        if (n >= LEGAL_TYPO_MIN_LEN && n <= UCHAR_MAX && !own_legal_word(w, n)) {
            if (T.nlegal_words == LEGAL_WORDS_MAX)
                return sx_error_set(SX_EPARSE, "legal_forms.tsv: more than %d distinct words",
                                    LEGAL_WORDS_MAX);
            char *copy = sx_arena_alloc(&T.arena, n + 1);
            if (!copy)
                return SX_ENOMEM;
            memcpy(copy, w, n);
            copy[n] = '\0';
            T.legal_word_len[T.nlegal_words] = (unsigned char)n;
            T.legal_words[T.nlegal_words++] = copy;
        }
        w += n;
        w += *w == ' ';
    }
    return 0;
}

/* Where tables.near_prefixes notes a key starting with k[0] and k[1]: a word of bits, by
 * k[0], and the bit of k[1] in it (letters and digits apart; others may share bits). */
static inline uint64_t *near_row(const char *k)
{
    return &T.near_prefixes[(unsigned char)k[0] & 63u];
}

static inline uint64_t near_bit(const char *k)
{
    return 1ull << ((unsigned char)k[1] & 63u);
}

/* Word w under key k[0..n) of tables.legal_near (the key copied into the arena). */
static int near_put(const char *k, size_t n, const char *w)
{
    if (n >= 2)
        *near_row(k) |= near_bit(k);
    legal_near *head = sx_strmap_getn(&T.legal_near, k, n);
    for (legal_near *e = head; e; e = e->next)
        if (strcmp(e->word, w) == 0)
            return 0;
    legal_near *e = sx_arena_alloc(&T.arena, sizeof *e);
    char *key = head ? NULL : sx_arena_alloc(&T.arena, n + 1);
    if (!e || (!head && !key))
        return SX_ENOMEM;
    e->word = w;
    e->next = NULL;
    if (head) { /* after the head, which the map holds */
        e->next = head->next;
        head->next = e;
        return 0;
    }
    memcpy(key, k, n);
    key[n] = '\0';
    return sx_strmap_put(&T.legal_near, key, e);
}

/* The words of a derived legal form that legal_words lacks into tables.legal_near. */
static int add_near_words(const char *form)
{
    for (const char *w = form; *w;) {
        size_t n = strcspn(w, " ");
        if (n >= LEGAL_TYPO_MIN_LEN && n < LEGAL_NEAR_MAX && !own_legal_word(w, n)) {
            char *word = sx_arena_alloc(&T.arena, n + 1), out[LEGAL_NEAR_MAX];
            if (!word)
                return SX_ENOMEM;
            memcpy(word, w, n);
            word[n] = '\0';
            int rc = near_put(word, n, word);
            for (size_t i = 0; rc == 0 && i < n; i++) {
                memcpy(out, word, i);
                memcpy(out + i, word + i + 1, n - i - 1);
                rc = near_put(out, n - 1, word);
            }
            if (rc)
                return rc;
        }
        w += n;
        w += *w == ' ';
    }
    return 0;
}

/* Whether cp is a small kana (ぁ ぃ ぅ ぇ ぉ っ ゃ ゅ ょ ゎ, and their katakana), whose full-size
 * kana is the next code point. */
static bool small_kana(uint32_t cp)
{
    uint32_t h = cp >= 0x30A1 && cp <= 0x30EE ? cp - 0x60 : cp;
    return h == 0x3041 || h == 0x3043 || h == 0x3045 || h == 0x3047 || h == 0x3049 ||
           h == 0x3063 || h == 0x3083 || h == 0x3085 || h == 0x3087 || h == 0x308E;
}

/* A kana form with its small kana written full size, as commercial registers long wrote
 * them (カブシキガイシヤ for カブシキガイシャ: ニッコンホールディングスカブシキガイシヤ), in the
 * arena (the same length in bytes); *out NULL when the form has none. */
static int registered_spelling(const char *key, char **out)
{
    size_t n = strlen(key), o = 0;
    bool changed = false;
    *out = NULL;
    char *r = sx_arena_alloc(&T.arena, n + 1);
    if (!r)
        return SX_ENOMEM;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = sx_utf8_decode(key + i, n - i, &cp);
        if (k <= 0)
            return 0; /* normalised text is valid UTF-8: never */
        changed |= small_kana(cp);
        o += (size_t)sx_utf8_encode(small_kana(cp) ? cp + 1 : cp, r + o);
        i += (size_t)k;
    }
    r[o] = '\0';
    *out = changed ? r : NULL;
    return 0;
}

/* A Latin legal form (normalised) and its tag into tables.legal_latin and legal_bag. */
static int add_legal_latin(char *key, char *tag, table_kind kind)
{
    size_t words = 1;
    for (const char *p = key; *p; p++)
        words += *p == ' ';
    if (kind != LEGAL_OWN &&
        (words > LEGAL_BAG_MAX_WORDS || sx_strmap_getn(&T.legal_latin, key, strlen(key))))
        return 0;
    int rc = kind == LEGAL_OWN ? add_legal_words(key) : add_near_words(key);
    if (!rc)
        rc = add_legal_bag(key, tag);
    if (words > T.legal_max_words)
        T.legal_max_words = words;
    return rc ? rc : sx_strmap_put(&T.legal_latin, key, tag);
}

/* One "key<TAB>value|value..." line into map.  Legal forms carry a tag instead. */
static int table_line(sx_strmap *m, char *line, const char *path, size_t lineno, table_kind kind)
{
    char *tab = strchr(line, '\t');
    if (!tab)
        return sx_error_set(SX_EPARSE, "%s:%zu: expected TERM<TAB>VALUE", path, lineno);
    *tab = '\0';
    bool whole = strchr(line, '(') != NULL; /* (株), (주): only as a whole token */
    char *key = kind == LEGAL_DERIVED_BUILT ? sx_arena_strdup(&T.arena, line) : norm(line);
    if (!key || !*key)
        return key ? sx_error_set(SX_EPARSE, "%s:%zu: empty term", path, lineno) : SX_ENOMEM;
    if (kind != TERMS) {
        char *tag = sx_arena_strdup(&T.arena, tab + 1);
        if (!tag)
            return SX_ENOMEM;
        uint32_t first;
        sx_decode(&first, 1, key, strlen(key));
        unsigned script = sx_script_of(first);
        if (script & SX_SCRIPT_LATIN)
            return add_legal_latin(key, tag, kind);
        /* Forms in a script written with spaces (المحدودة) are whole words, which the
         * substring search of the unspaced scripts' forms would find inside a word. */
        if (kind != LEGAL_OWN &&
            (!(script & (SX_SCRIPT_HAN | SX_SCRIPT_KANA | SX_SCRIPT_HANGUL)) ||
             sx_strmap_getn(&T.legal_cjk, key, strlen(key))))
            return 0;
        /* Whole-token forms are stored with a leading space so prefix/suffix search
         * never finds them. */
        if (whole) {
            size_t n = strlen(key);
            char *k2 = sx_arena_alloc(&T.arena, n + 2);
            if (!k2)
                return SX_ENOMEM;
            k2[0] = ' ';
            memcpy(k2 + 1, key, n + 1);
            key = k2;
        } else if (strlen(key) > T.max_cjk_len) {
            T.max_cjk_len = strlen(key);
        }
        char *registered = NULL;
        int rc = whole ? 0 : registered_spelling(key, &registered);
        if (rc == 0 && registered)
            rc = sx_strmap_put(&T.legal_cjk, registered, tag);
        return rc ? rc : sx_strmap_put(&T.legal_cjk, key, tag);
    }
    /* "-국": a one-syllable term that only counts at the end of a longer word. */
    if (m == &T.ko && line[0] == '-') {
        key = norm(line + 1);
        if (!key)
            return SX_ENOMEM;
        m = &T.ko_suffix;
    }
    sx_term *t = sx_arena_alloc(&T.arena, sizeof *t);
    if (!t)
        return SX_ENOMEM;
    memset(t, 0, sizeof *t);
    t->text = key;
    for (char *p = tab + 1, *bar; p && t->nopts < SX_TERM_MAX_OPTS; p = bar ? bar + 1 : NULL) {
        bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        char *o = strcmp(p, SX_TERM_LEFT_OUT) == 0 ? sx_arena_strdup(&T.arena, p) : norm(p);
        if (!o)
            return SX_ENOMEM;
        if (*o)
            t->opts[t->nopts++] = o;
    }
    if (t->nopts == 0)
        return sx_error_set(SX_EPARSE, "%s:%zu: no rendering", path, lineno);
    if (m != &T.surnames && m != &T.ko_suffix && m != &T.name_words && m != &T.abbreviations &&
        m != &T.descriptors && m != &T.nicknames &&
        m != &T.wade_giles && cp_count(key) > T.max_len)
        T.max_len = cp_count(key);
    return sx_strmap_put(m, key, t);
}

/* Calls fn(line, path, lineno, ctx) on each line of DIR/terms/FILE, its '\r' off; comments
 * and empty lines are skipped (sx_next_line).  Stops at fn's first error. */
static int each_line(const char *dir, const char *file,
                     int (*fn)(char *line, const char *path, size_t lineno, void *ctx), void *ctx)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/terms/%s", dir, file);
    char *text = NULL;
    size_t len = 0;
    int rc = sx_file_read(&text, &len, path, TERMS_MAX_FILE);
    if (rc != 0)
        return rc;
    size_t lineno = 0;
    for (char *cursor = text, *line; rc == 0 && (line = sx_next_line(&cursor, &lineno));) {
        size_t n = strlen(line);
        if (line[n - 1] == '\r')
            line[--n] = '\0';
        if (n > 0)
            rc = fn(line, path, lineno, ctx);
    }
    free(text);
    return rc;
}

typedef struct table_of {
    sx_strmap *m;
    table_kind kind;
} table_of;

static int table_row(char *line, const char *path, size_t lineno, void *ctx)
{
    const table_of *t = ctx;
    return table_line(t->m, line, path, lineno, t->kind);
}

static int load_table(sx_strmap *m, const char *dir, const char *file, table_kind kind)
{
    return each_line(dir, file, table_row, &(table_of){m, kind});
}

typedef struct sx_hanja {
    char common[8];   /* the reading with the most meanings */
    char surname[8];  /* the reading used as a surname, if any */
    char north[8];    /* a reading with the initial ㄹ or ㄴ the South drops (련 of 連) */
    int meanings;
    int surname_rank;
} sx_hanja;

/* The syllable s (UTF-8) as South Korea writes it starting a word, by the initial-sound
 * rule (두음법칙, 한글 맞춤법 제10–12항): ㄹ before ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ is ㅇ, before the other
 * vowels ㄴ; ㄴ before ㅕ ㅖ ㅛ ㅠ ㅣ is ㅇ (련 -> 연, 라 -> 나, 녀 -> 여).  0 when the rule
 * does not change it. */
static uint32_t initial_sound_rule(const char *s)
{
    uint32_t cp;
    if (sx_utf8_decode(s, strlen(s), &cp) <= 0 || !sx_is_hangul_syllable(cp))
        return 0;
    unsigned l = (cp - 0xAC00) / 588, v = (cp - 0xAC00) % 588 / 28, t = (cp - 0xAC00) % 28;
    bool front = v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17 || v == 20;
    if (l == 5) /* ㄹ */
        return sx_hangul_compose(front ? 11 : 2, v, t);
    if (l == 2 && (v == 6 || v == 7 || v == 12 || v == 17 || v == 20)) /* ㄴ */
        return sx_hangul_compose(11, v, t);
    return 0;
}

/* Whether reading s (one syllable) starts with a ㄹ or ㄴ the initial-sound rule drops. */
static bool initial_kept(const char *s)
{
    return initial_sound_rule(s) != 0;
}

/* libhangul's hanja.txt: "reading:hanja:meaning, meaning" (many lines per character).
 * Only single characters are kept. */
static int load_hanja(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (sx_file_read(&text, &len, path, (size_t)64 << 20) != 0) {
        sx_error_clear();
        return 0; /* optional: without it, Han names get Japanese readings only */
    }
    int rc = 0;
    for (char *line = text, *next; line && *line && rc == 0; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (line[0] == '#' || !c1 || !c2 || (size_t)(c1 - line) >= 8)
            continue;
        uint32_t cps[2];
        if (sx_decode(cps, 2, c1 + 1, (size_t)(c2 - c1 - 1)) != 1)
            continue;
        *c1 = *c2 = '\0';
        int meanings = 1;
        for (const char *p = c2 + 1; *p; p++)
            meanings += *p == ',';
        sx_hanja *h = sx_strmap_get(&T.hanja, c1 + 1);
        if (!h) {
            h = sx_arena_alloc(&T.arena, sizeof *h);
            char *key = sx_arena_strdup(&T.arena, c1 + 1);
            if (!h || !key || sx_strmap_put(&T.hanja, key, h) != 0) {
                rc = SX_ENOMEM;
                break;
            }
        }
        if (meanings > h->meanings) {
            snprintf(h->common, sizeof h->common, "%s", line);
            h->meanings = meanings;
        }
        if (!h->north[0] && initial_kept(line))
            snprintf(h->north, sizeof h->north, "%s", line);
        /* "사람의 성 김" (a person's surname) beats "성 금" (a mere 'surname' gloss). */
        int sp = strstr(c2 + 1, "사람의 성") ? 2 : strstr(c2 + 1, "성 ") ? 1 : 0;
        if (sp > h->surname_rank) {
            snprintf(h->surname, sizeof h->surname, "%s", line);
            h->surname_rank = sp;
        }
    }
    free(text);
    return rc;
}

/* A dictionary table made by tools/dict_terms.py (make): "term<TAB>gloss|gloss" and, in
 * ko_dict.tsv, "<TAB>hanja", sorted by term (UTF-8 byte order).  It is kept as read and
 * looked up by binary search over its rows: no map or term records are built, so the
 * 130,000 rows cost a cold start one pass that checks them (a few milliseconds, where
 * building maps took 0.3 s and 20 MB).  A missing table is a warning (screening works,
 * with less recall for Hangul and kanji names); a malformed or unsorted one fails like
 * any term table, with file:line. */
static int key_cmp(const char *row, const char *s, size_t len)
{
    size_t i = 0;
    for (; i < len && row[i] != '\t'; i++)
        if (row[i] != s[i])
            return (unsigned char)row[i] < (unsigned char)s[i] ? -1 : 1;
    if (i < len)
        return -1; /* the row's term is a prefix of s */
    return row[i] == '\t' ? 0 : 1;
}

/* Whether the dictionary table at path is missing, said once as a warning: the tables are
 * made by make, and a data folder without them still screens, with lower recall. */
static bool dict_missing(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 || errno != ENOENT)
        return false;
    fprintf(stderr,
            "stratex: warning: %s is missing: names in Hangul and Han characters are "
            "screened without its readings and glosses, with lower recall (make builds "
            "it from the packages that tools/deps.sh installs)\n",
            path);
    return true;
}

static int load_dict(sx_dict *d, const char *dir, const char *file, size_t *max_len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/terms/dict/%s", dir, file);
    if (dict_missing(path))
        return 0;
    size_t len = 0, rows = 0;
    int rc = sx_file_read(&d->text, &len, path, SX_DICT_MAX_FILE);
    if (rc != 0)
        return rc;
    for (size_t k = 0; k < len; k++)
        rows += d->text[k] == '\n';
    d->rows = malloc((rows + 1) * sizeof *d->rows);
    if (!d->rows)
        return SX_ENOMEM;
    size_t lineno = 0;
    const char *prev = NULL;
    for (char *cursor = d->text, *line; (line = sx_next_line(&cursor, &lineno));) {
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || tab[1] == '\0' || tab[1] == '\t' || tab[1] == '|')
            return sx_error_set(SX_EPARSE, "%s:%zu: expected TERM<TAB>GLOSS|GLOSS", path, lineno);
        if (prev && key_cmp(prev, line, (size_t)(tab - line)) >= 0)
            return sx_error_set(SX_EPARSE,
                                "%s:%zu: terms out of order or repeated (make "
                                "regenerates the table)",
                                path, lineno);
        size_t cps = 0;
        for (const char *p = line; p < tab; p++)
            cps += ((unsigned char)*p & 0xC0) != 0x80;
        if (cps > *max_len)
            *max_len = cps;
        d->rows[d->n++] = prev = line;
    }
    return 0;
}

/* A dictionary row as a term.  The term lives in a small ring per thread: valid until
 * DICT_RING further dictionary lookups on the same thread (the analysis uses each term
 * right after finding it). */
#define DICT_RING 8
typedef struct dict_slot {
    sx_term t;
    char buf[512];
} dict_slot;
static _Thread_local dict_slot ring[DICT_RING];
static _Thread_local unsigned ring_pos;

/* The row of d whose term is s[0, len), as loaded ("TERM<TAB>GLOSS|GLOSS"), or NULL. */
static const char *dict_row(const sx_dict *d, const char *s, size_t len)
{
    if (!loaded || d->n == 0)
        return NULL;
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(d->rows[mid], s, len);
        if (c == 0)
            return d->rows[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const sx_term *dict_lookup(const sx_dict *d, const char *s, size_t len)
{
    const char *row = dict_row(d, s, len);
    if (!row)
        return NULL;
    dict_slot *slot = &ring[ring_pos++ % DICT_RING];
    snprintf(slot->buf, sizeof slot->buf, "%s", row);
    sx_term *t = &slot->t;
    memset(t, 0, sizeof *t);
    t->dict = true;
    t->text = slot->buf;
    char *tab = strchr(slot->buf, '\t');
    if (!tab) /* cut off by the buffer: not a usable row */
        return NULL;
    *tab = '\0';
    char *hanja = strchr(tab + 1, '\t');
    if (hanja) {
        *hanja++ = '\0';
        t->hanja = *hanja ? hanja : NULL;
    }
    for (char *o = tab + 1, *bar; o && t->nopts < SX_TERM_MAX_OPTS; o = bar ? bar + 1 : NULL) {
        bar = strchr(o, '|');
        if (bar)
            *bar = '\0';
        if (*o)
            t->opts[t->nopts++] = o;
    }
    return t->nopts ? t : NULL;
}

/* The rest of d's row for key s (after its tab), or NULL. */
static const char *dict_value(const sx_dict *d, const char *s, size_t len)
{
    const char *row = dict_row(d, s, len);
    return row ? strchr(row, '\t') + 1 : NULL; /* load_dict checked the tab */
}

const char *sx_terms_cantonese_pinyin(const char *s, size_t len)
{
    return dict_value(&T.zh_cantonese_pinyin, s, len);
}

/* han_variants.tsv: "variant<TAB>canonical", one character each. */
static int variant_row(char *line, const char *path, size_t lineno, void *ctx)
{
    (void)ctx;
    char *tab = strchr(line, '\t');
    if (!tab)
        return sx_error_set(SX_EPARSE, "%s:%zu: expected VARIANT<TAB>CANONICAL", path, lineno);
    *tab = '\0';
    char *k = sx_arena_strdup(&T.arena, line), *v = sx_arena_strdup(&T.arena, sx_trim(tab + 1));
    if (!k || !v || sx_strmap_put(&T.han_variants, k, v) != 0)
        return SX_ENOMEM;
    return 0;
}

static int load_variants(const char *dir)
{
    return each_line(dir, "han_variants.tsv", variant_row, NULL);
}

const char *sx_han_canonical(const char *ch, size_t len)
{
    return loaded ? sx_strmap_getn(&T.han_variants, ch, len) : NULL;
}

const char *sx_han_traditional(const char *ch, size_t len)
{
    return dict_value(&T.han_traditional, ch, len);
}

const char *sx_hanja_word_reading(const char *s, size_t len)
{
    const sx_term *t = dict_lookup(&T.ko_hanja, s, len);
    return t ? t->opts[0] : NULL;
}

/* The key of two renderings in T.renderings, the lesser first, into key (room for both
 * and two bytes); its length, or 0 when they do not fit. */
static size_t rendering_key(char *key, size_t size, const char *a, size_t la, const char *b,
                            size_t lb)
{
    if (la + lb + 2 > size)
        return 0;
    int c = memcmp(a, b, la < lb ? la : lb);
    bool swap = c > 0 || (c == 0 && la > lb);
    const char *x = swap ? b : a, *y = swap ? a : b;
    size_t lx = swap ? lb : la, ly = swap ? la : lb;
    memcpy(key, x, lx);
    key[lx] = '|';
    memcpy(key + lx + 1, y, ly);
    key[lx + 1 + ly] = '\0';
    return lx + 1 + ly;
}

/* The pairs of one-word renderings of each hand row of the Korean and Japanese term
 * tables (은행: bank, banking), for sx_terms_one_term.  Run once they are loaded. */
static int add_rendering_pairs(void)
{
    const sx_strmap *rows[] = {&T.ko, &T.ja};
    for (size_t m = 0; m < 2; m++)
        for (size_t i = 0; i < rows[m]->cap; i++) {
            const sx_term *t = rows[m]->slots[i].key ? rows[m]->slots[i].value : NULL;
            for (size_t a = 0; t && a < t->nopts; a++)
                for (size_t b = a + 1; b < t->nopts; b++) {
                    const char *x = t->opts[a], *y = t->opts[b];
                    char key[128];
                    size_t n = strchr(x, ' ') || strchr(y, ' ')
                                   ? 0
                                   : rendering_key(key, sizeof key, x, strlen(x), y, strlen(y));
                    if (n == 0 || strcmp(x, SX_TERM_LEFT_OUT) == 0 ||
                        strcmp(y, SX_TERM_LEFT_OUT) == 0 || sx_strmap_getn(&T.renderings, key, n))
                        continue;
                    char *k = sx_arena_strndup(&T.arena, key, n);
                    if (!k || sx_strmap_put(&T.renderings, k, k) != 0 ||
                        (!sx_strmap_get(&T.rendering_words, x) &&
                         sx_strmap_put(&T.rendering_words, x, (void *)x) != 0) ||
                        (!sx_strmap_get(&T.rendering_words, y) &&
                         sx_strmap_put(&T.rendering_words, y, (void *)y) != 0))
                        return SX_ENOMEM;
                }
        }
    return 0;
}

bool sx_terms_rendering(const char *w, size_t len)
{
    return loaded && sx_strmap_getn(&T.rendering_words, w, len) != NULL;
}

bool sx_terms_one_term(const char *a, size_t la, const char *b, size_t lb)
{
    char key[128];
    size_t n = loaded ? rendering_key(key, sizeof key, a, la, b, lb) : 0;
    return n && sx_strmap_getn(&T.renderings, key, n) != NULL;
}

/* The fewest of libhangul's hanja words a syllable reads in to be Sino-Korean (ko_sino.tsv,
 * derived by tools/dict_terms.py from hanja.txt, rows of syllables that read a character
 * alone): 454 syllables do, the readings of Sino-Korean words.  Under it are readings
 * confined to a few transcribed names (둥 of 광둥 廣東, 15 words; 칩, 17) and stray ones
 * (볼, 겹, one); 에 reads a character alone (恚) and no word; 네 and 디 read in words but
 * no character alone, sounds a word took. */
#define SINO_WORDS_MIN 20

/* T.sino_korean from ko_sino.tsv ("syllable<TAB>words"); none without it, as without
 * libhangul's table. */
static int load_sino_korean(const char *dir)
{
    sx_dict d = {0};
    size_t max_len = 0;
    int rc = load_dict(&d, dir, "ko_sino.tsv", &max_len);
    for (size_t i = 0; rc == 0 && i < d.n; i++) {
        uint32_t syl;
        const char *tab = strchr(d.rows[i], '\t');
        if (sx_decode(&syl, 1, d.rows[i], (size_t)(tab - d.rows[i])) == 1 &&
            sx_is_hangul_syllable(syl) && strtoul(tab + 1, NULL, 10) >= SINO_WORDS_MIN)
            T.sino_korean[(syl - 0xAC00) / 8] |= (uint8_t)(1u << ((syl - 0xAC00) % 8));
    }
    free(d.text);
    free(d.rows);
    return rc;
}

/* Every Latin spelling of a Sino-Korean syllable, in every romanisation hangul.c knows
 * (T.sino_spellings), not as heard: a word reads as romanised Korean by the systems'
 * spellings (the e of E-MART spells no 애).  Run once libhangul's table is read. */
static int add_sino_spellings(void)
{
    for (uint32_t cp = 0xAC00; cp <= 0xD7A3; cp++) {
        if (!((T.sino_korean[(cp - 0xAC00) / 8] >> ((cp - 0xAC00) % 8)) & 1u))
            continue;
        sx_syllable_spellings sp;
        sx_hangul_spellings(&sp, &cp, 1, false);
        for (size_t k = 0; k < sp.n; k++) {
            if (sx_strmap_getn(&T.sino_spellings, sp.s[k], sp.len[k]))
                continue;
            char *key = sx_arena_strndup(&T.arena, sp.s[k], sp.len[k]);
            if (!key || sx_strmap_put(&T.sino_spellings, key, key) != 0)
                return SX_ENOMEM;
        }
    }
    return 0;
}

bool sx_sino_korean_start(const char *s, size_t len, size_t min)
{
    if (!loaded || min == 0 || min > 40)
        return false;
    if (len > 40)
        len = 40; /* a start is asked: the first 40 letters hold it */
    /* most[p]: the most syllables (up to min) s[0, p) is cut into; -1 where none. */
    int8_t most[41];
    memset(most, -1, sizeof most);
    most[0] = 0;
    for (size_t p = 0; p < len; p++) {
        if (most[p] < 0)
            continue;
        int8_t next = most[p] < (int8_t)min ? (int8_t)(most[p] + 1) : (int8_t)min;
        for (size_t l = 1; l <= SX_SPELLING_MAX && p + l <= len; l++)
            if (most[p + l] < next && sx_strmap_getn(&T.sino_spellings, s + p, l)) {
                if (next >= (int8_t)min)
                    return true;
                most[p + l] = next;
            }
    }
    return false;
}

bool sx_sino_korean_syllable(uint32_t cp)
{
    return loaded && sx_is_hangul_syllable(cp) &&
           ((T.sino_korean[(cp - 0xAC00) / 8] >> ((cp - 0xAC00) % 8)) & 1u);
}

const char *sx_hanja_reading(const char *ch, size_t len, bool surname)
{
    const sx_hanja *h = loaded ? sx_strmap_getn(&T.hanja, ch, len) : NULL;
    if (!h)
        return NULL;
    return surname && h->surname[0] ? h->surname : h->common;
}

const char *sx_hanja_north_reading(const char *ch, size_t len)
{
    const sx_hanja *h = loaded ? sx_strmap_getn(&T.hanja, ch, len) : NULL;
    if (!h || !h->north[0])
        return NULL;
    /* Only the ㄹ or ㄴ of the character's own usual reading: 連 is 연 in the South,
     * 련 in the North; not another reading of it (樂 락 beside 악, music). */
    uint32_t south = initial_sound_rule(h->north), common;
    return sx_utf8_decode(h->common, strlen(h->common), &common) > 0 && south == common
               ? h->north
               : NULL;
}

/* Morae in a katakana reading: small ャュョァィゥェォ belong to the syllable before. */
static size_t morae(const char *kana)
{
    uint32_t cps[64];
    size_t n = sx_decode(cps, 64, kana, strlen(kana)), m = 0;
    for (size_t i = 0; i < n; i++)
        m += !(cps[i] == 0x30E3 || cps[i] == 0x30E5 || cps[i] == 0x30E7 ||
               (cps[i] >= 0x30A1 && cps[i] <= 0x30A9 && cps[i] % 2 == 1));
    return m;
}

/* Files one kanji term under its reading (種苗 -> シュビョウ) unless the table already has
 * that kana word.  Readings under three morae (カ, シャ, セイ) are left out: they occur
 * inside too many unrelated names. */
static int add_reading_of(const sx_term *kt)
{
    sx_buf rd = SX_BUF_INIT;
    int rc = sx_japanese_reading(&rd, kt->text, strlen(kt->text));
    char key[128];
    size_t o = 0;
    bool kana_only = rc == 0 && rd.len > 0;
    for (size_t i = 0; kana_only && i < rd.len && o + 1 < sizeof key; i++) {
        if (rd.ptr[i] == ' ') /* MeCab separates morphemes: 化学工業 カガク コウギョウ */
            continue;
        key[o++] = rd.ptr[i];
    }
    key[o] = '\0';
    sx_buf_free(&rd);
    if (rc != 0)
        return rc;
    uint32_t cps[64];
    size_t n = sx_decode(cps, 64, key, o);
    for (size_t i = 0; i < n; i++)
        kana_only &= (sx_script_of(cps[i]) & SX_SCRIPT_KANA) != 0;
    if (!kana_only || morae(key) < 3 || sx_strmap_get(&T.ja, key))
        return 0;
    sx_term *t = sx_arena_alloc(&T.arena, sizeof *t);
    char *text = sx_arena_strdup(&T.arena, key);
    if (!t || !text)
        return SX_ENOMEM;
    *t = *kt;
    t->text = text;
    t->kanji = kt->text;
    if (n > T.max_len)
        T.max_len = n;
    return sx_strmap_put(&T.ja, text, t);
}

/* Pinyin initials Wade-Giles writes with an apostrophe when aspirated (p', t', k', ch',
 * ts'): the names drop it, so tung is dong first (the unaspirated one, written without
 * it), then tong. */
static bool unaspirated(const char *pinyin)
{
    return strchr("bdgzj", pinyin[0]) != NULL;
}

typedef struct wg_pair {
    const char *wg, *pinyin;
} wg_pair;

static int cmp_wg_pair(const void *a, const void *b)
{
    const wg_pair *x = a, *y = b;
    int c = strcmp(x->wg, y->wg);
    if (c)
        return c;
    if (unaspirated(x->pinyin) != unaspirated(y->pinyin))
        return unaspirated(x->pinyin) ? -1 : 1;
    return strcmp(x->pinyin, y->pinyin);
}

/* tables.wade_giles read backwards (tables.wade_giles_pinyin).  Run once it is loaded. */
static int add_wade_giles_pinyin(void)
{
    wg_pair *pairs = calloc(T.wade_giles.count ? T.wade_giles.count : 1, sizeof *pairs);
    if (!pairs)
        return SX_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < T.wade_giles.cap; i++) {
        const sx_strmap_slot *sl = &T.wade_giles.slots[i];
        const sx_term *t = sl->key ? sl->value : NULL;
        if (t && t->nopts > 0)
            pairs[n++] = (wg_pair){t->opts[0], t->text};
    }
    qsort(pairs, n, sizeof *pairs, cmp_wg_pair);
    int rc = 0;
    for (size_t i = 0, j; i < n && rc == 0; i = j) {
        size_t len = 0;
        for (j = i; j < n && strcmp(pairs[j].wg, pairs[i].wg) == 0; j++)
            len += strlen(pairs[j].pinyin) + 1;
        char *joined = sx_arena_alloc(&T.arena, len);
        if (!joined) {
            rc = SX_ENOMEM;
            break;
        }
        size_t o = 0;
        for (size_t k = i; k < j; k++) {
            size_t pl = strlen(pairs[k].pinyin);
            memcpy(joined + o, pairs[k].pinyin, pl);
            o += pl;
            joined[o++] = k + 1 < j ? '|' : '\0';
        }
        rc = sx_strmap_put(&T.wade_giles_pinyin, pairs[i].wg, joined);
    }
    free(pairs);
    return rc;
}

/* Files the katakana EDICT writes each connective and article of name_words.tsv in
 * (ja_loan.tsv: and is アンド, its reading of ＆; the is ザ) as that word's kind too: a
 * kana name says the "&" of T&K so (ティーアンドケイ), and the "The" it opens with
 * (ザ・パック).  Run once the tables are loaded (sx_terms_ja_loan). */
#define KATAKANA_WORDS_MAX 16
static int add_katakana_name_words(void)
{
    const sx_term *conn[KATAKANA_WORDS_MAX]; /* connectives and articles */
    size_t n = 0;
    for (size_t i = 0; i < T.name_words.cap && n < KATAKANA_WORDS_MAX; i++) {
        const sx_term *t = T.name_words.slots[i].key ? T.name_words.slots[i].value : NULL;
        if (t && (strcmp(t->opts[0], "connective") == 0 || strcmp(t->opts[0], "article") == 0))
            conn[n++] = t;
    }
    for (size_t i = 0; i < n; i++) {
        const sx_term *k = sx_terms_ja_loan(conn[i]->text, strlen(conn[i]->text));
        for (size_t o = 0; k && o < k->nopts; o++) {
            if (sx_strmap_get(&T.name_words, k->opts[o]))
                continue;
            sx_term *t = sx_arena_alloc(&T.arena, sizeof *t);
            char *text = sx_arena_strdup(&T.arena, k->opts[o]);
            if (!t || !text)
                return SX_ENOMEM;
            *t = *conn[i];
            t->text = text;
            int rc = sx_strmap_put(&T.name_words, text, t);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

/* English number words to digits, one to ninety-nine and first to ninety-ninth, spelled
 * by ICU's rule-based number format (en: %spellout-numbering, %spellout-ordinal; the
 * digits of UNUM_ORDINAL), so that no table of number words is kept by hand.  Keys are
 * normalised as names are: lower case, a hyphen a space (forty four, forty fourth). */
#define NUMBER_WORDS_MAX 99

static int put_number(UNumberFormat *f, int n, const char *digits)
{
    UChar u[64];
    char w[128];
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = unum_format(f, n, u, 64, NULL, &st);
    u_strToUTF8(w, sizeof w, NULL, u, len, &st);
    if (U_FAILURE(st))
        return sx_error_set(SX_EDATA, "number words: ICU could not spell %d (%s)", n,
                            u_errorName(st));
    for (char *p = w; *p; p++)
        *p = *p == '-' ? ' ' : *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
    char *key = sx_arena_strdup(&T.arena, w), *value = sx_arena_strdup(&T.arena, digits);
    return key && value ? sx_strmap_put(&T.numbers, key, value) : SX_ENOMEM;
}

static int longer_first(const void *a, const void *b)
{
    size_t la = strlen(*(const char *const *)a), lb = strlen(*(const char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A list of strings read from a table: kept in the terms' arena, grown as rows come. */
typedef struct string_list {
    const char ***v;
    size_t *n, cap;
} string_list;

static int string_list_add(string_list *l, const char *s)
{
    if (*l->n == l->cap) {
        size_t more = l->cap ? l->cap * 2 : 16;
        const char **v = realloc(*l->v, more * sizeof *v);
        if (!v)
            return sx_error_oom();
        *l->v = v;
        l->cap = more;
    }
    if (!((*l->v)[*l->n] = sx_arena_strdup(&T.arena, s)))
        return sx_error_oom();
    ++*l->n;
    return 0;
}

/* name_split.tsv: "phrase<TAB>form" rows; the form into T.split_forms (*ctx). */
static int split_row(char *line, const char *path, size_t lineno, void *ctx)
{
    char *tab = strchr(line, '\t');
    if (!tab || !tab[1] || strspn(tab + 1, "abcdefghijklmnopqrstuvwxyz ") != strlen(tab + 1))
        return sx_error_set(SX_EPARSE, "%s:%zu: expected \"phrase<TAB>form\", the form in "
                                       "lower-case letters and spaces", path, lineno);
    return string_list_add(ctx, tab + 1);
}

/* The forms of name_split.tsv, longest first (formerly known as before formerly). */
static int load_split_phrases(const char *dir)
{
    string_list forms = {&T.split_forms, &T.nsplit, 0};
    int rc = each_line(dir, "name_split.tsv", split_row, &forms);
    if (rc == 0 && T.nsplit)
        qsort(T.split_forms, T.nsplit, sizeof *T.split_forms, longer_first);
    return rc;
}

/* name_clauses.tsv: a clause a row, kept in lower case, into T.clauses (*ctx). */
static int clause_row(char *line, const char *path, size_t lineno, void *ctx)
{
    (void)path;
    (void)lineno;
    for (char *p = line; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return string_list_add(ctx, line);
}

static int load_clauses(const char *dir)
{
    string_list clauses = {&T.clauses, &T.nclauses, 0};
    return each_line(dir, "name_clauses.tsv", clause_row, &clauses);
}

size_t sx_terms_name_clauses(const char *const **clauses)
{
    *clauses = loaded ? T.clauses : NULL;
    return loaded ? T.nclauses : 0;
}

size_t sx_terms_split_forms(const char *const **forms)
{
    *forms = loaded ? T.split_forms : NULL;
    return loaded ? T.nsplit : 0;
}

static int load_numbers(void)
{
    static const UChar ordinal_rules[] = u"%spellout-ordinal";
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *cardinal = unum_open(UNUM_SPELLOUT, NULL, 0, "en", NULL, &st);
    UNumberFormat *ordinal = unum_open(UNUM_SPELLOUT, NULL, 0, "en", NULL, &st);
    UNumberFormat *suffixed = unum_open(UNUM_ORDINAL, NULL, 0, "en", NULL, &st);
    if (U_SUCCESS(st))
        unum_setTextAttribute(ordinal, UNUM_DEFAULT_RULESET, ordinal_rules, -1, &st);
    int rc = U_FAILURE(st) ? sx_error_set(SX_EDATA, "number words: ICU: %s", u_errorName(st))
                           : 0;
    for (int d = 0; d < 10 && rc == 0; d++) {
        UChar u[32];
        char w[64];
        int32_t len = unum_format(cardinal, d, u, 32, NULL, &st);
        u_strToUTF8(w, sizeof w, NULL, u, len, &st);
        if (U_FAILURE(st))
            rc = sx_error_set(SX_EDATA, "number words: ICU: %s", u_errorName(st));
        else if (!(T.digit_words[d] = sx_arena_strdup(&T.arena, w)))
            rc = SX_ENOMEM;
    }
    for (int n = 1; n <= NUMBER_WORDS_MAX && rc == 0; n++) {
        UChar u[32];
        char digits[32];
        snprintf(digits, sizeof digits, "%d", n);
        rc = put_number(cardinal, n, digits);
        int32_t len = rc ? 0 : unum_format(suffixed, n, u, 32, NULL, &st);
        u_strToUTF8(digits, sizeof digits, NULL, u, len, &st);
        if (rc == 0 && U_FAILURE(st))
            rc = sx_error_set(SX_EDATA, "number words: ICU: %s", u_errorName(st));
        rc = rc ? rc : put_number(ordinal, n, digits);
    }
    unum_close(cardinal);
    unum_close(ordinal);
    unum_close(suffixed);
    return rc;
}

/* Kana names write native words in kana (カネコシュビョウ for カネコ種苗), so every
 * kanji term of ja_terms.tsv is also filed under its MeCab reading.  Without MeCab the
 * table keeps its written forms only. */
static int add_term_readings(void)
{
    size_t n = 0;
    const sx_term **kt = malloc((T.ja.count + 1) * sizeof *kt);
    if (!kt)
        return SX_ENOMEM;
    for (size_t i = 0; i < T.ja.cap; i++) {
        const sx_term *t = T.ja.slots[i].key ? T.ja.slots[i].value : NULL;
        uint32_t first;
        if (t && sx_decode(&first, 1, t->text, strlen(t->text)) == 1 &&
            sx_script_of(first) == SX_SCRIPT_HAN)
            kt[n++] = t;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = add_reading_of(kt[i]);
    free(kt);
    return rc;
}

static void free_tables(void)
{
    sx_strmap_free(&T.ko);
    sx_strmap_free(&T.ko_suffix);
    sx_strmap_free(&T.ja);
    sx_strmap_free(&T.surnames);
    sx_strmap_free(&T.legal_latin);
    sx_strmap_free(&T.legal_bag);
    sx_strmap_free(&T.legal_near);
    sx_strmap_free(&T.legal_cjk);
    sx_strmap_free(&T.name_words);
    sx_strmap_free(&T.descriptors);
    sx_strmap_free(&T.nicknames);
    sx_strmap_free(&T.numbers);
    sx_strmap_free(&T.wade_giles);
    sx_strmap_free(&T.wade_giles_pinyin);
    sx_strmap_free(&T.abbreviations);
    free(T.split_forms);
    T.split_forms = NULL;
    T.nsplit = 0;
    free(T.clauses);
    T.clauses = NULL;
    T.nclauses = 0;
    sx_strmap_free(&T.hanja);
    sx_strmap_free(&T.sino_spellings);
    sx_strmap_free(&T.renderings);
    sx_strmap_free(&T.rendering_words);
    sx_strmap_free(&T.han_variants);
    free(T.han_traditional.text);
    free(T.han_traditional.rows);
    free(T.ja_dict.text);
    free(T.ja_dict.rows);
    free(T.ko_dict.text);
    free(T.ko_dict.rows);
    free(T.zh_pinyin.text);
    free(T.zh_pinyin.rows);
    free(T.zh_dict.text);
    free(T.zh_dict.rows);
    free(T.zh_cantonese.text);
    free(T.zh_cantonese.rows);
    free(T.zh_cantonese_pinyin.text);
    free(T.zh_cantonese_pinyin.rows);
    free(T.ja_loan.text);
    free(T.ja_loan.rows);
    free(T.zh_ja.text);
    free(T.zh_ja.rows);
    free(T.zh_ja_shared.text);
    free(T.zh_ja_shared.rows);
    free(T.ja_kanji.text);
    free(T.ja_kanji.rows);
    free(T.ja_kana.text);
    free(T.ja_kana.rows);
    free(T.ko_hanja.text);
    free(T.ko_hanja.rows);
    sx_arena_free(&T.arena);
    sx_countries_free();
    memset(&T, 0, sizeof T);
}

/* The Wade-Giles table (terms/dict/, made by tools/wade_giles.py) and its reverse map. */
static int load_wade_giles(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/terms/dict/zh_wade_giles.tsv", dir);
    if (dict_missing(path))
        return 0;
    int rc = load_table(&T.wade_giles, dir, "dict/zh_wade_giles.tsv", TERMS);
    return rc ? rc : add_wade_giles_pinyin();
}

/* rigour's legal forms: as make normalised them (dict/org_types.tsv, Makefile), else as
 * written, normalised here (opening ICU's transliterators for its Cyrillic forms, which a
 * process screening Latin names only has no need of). */
static int load_org_types(const char *dir)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/terms/dict/org_types.tsv", dir);
    if (stat(path, &st) == 0)
        return load_table(NULL, dir, "dict/org_types.tsv", LEGAL_DERIVED_BUILT);
    return load_table(NULL, dir, "org_types.tsv", LEGAL_DERIVED);
}

int sx_text_init(const char *data_dir)
{
    int rc = 0;
    pthread_mutex_lock(&lock);
    if (loaded)
        goto done;
    const char *dir = data_dir ? data_dir : getenv("STRATEX_DATA");
    if (!dir || !*dir)
        dir = SX_DEFAULT_DATA_DIR;
    if ((rc = load_table(&T.ko, dir, "ko_terms.tsv", TERMS)) != 0 ||
        (rc = load_table(&T.ja, dir, "ja_terms.tsv", TERMS)) != 0 ||
        (rc = load_table(&T.surnames, dir, "ko_surnames.tsv", TERMS)) != 0 ||
        (rc = load_table(NULL, dir, "legal_forms.tsv", LEGAL_OWN)) != 0 ||
        (rc = load_org_types(dir)) != 0 ||
        (rc = load_table(&T.name_words, dir, "name_words.tsv", TERMS)) != 0 ||
        (rc = load_table(&T.abbreviations, dir, "abbreviations.tsv", TERMS)) != 0 ||
        (rc = load_table(&T.descriptors, dir, "descriptors.tsv", TERMS)) != 0 ||
        (rc = load_table(&T.nicknames, dir, "nicknames.tsv", TERMS)) != 0 ||
        (rc = load_split_phrases(dir)) != 0 || (rc = load_clauses(dir)) != 0 ||
        (rc = load_numbers()) != 0 ||
        (rc = load_wade_giles(dir)) != 0 ||
        (rc = load_hanja(SX_HANJA_FILE)) != 0 || (rc = load_sino_korean(dir)) != 0 ||
        (rc = add_sino_spellings()) != 0 ||
        (rc = load_variants(dir)) != 0 ||
        (rc = add_term_readings()) != 0 ||
        (rc = load_dict(&T.ja_dict, dir, "ja_dict.tsv", &T.max_len)) != 0 ||
        (rc = load_dict(&T.ko_dict, dir, "ko_dict.tsv", &T.max_len)) != 0 ||
        (rc = load_dict(&T.zh_pinyin, dir, "zh_pinyin.tsv", &T.zh_max_len)) != 0 ||
        (rc = load_dict(&T.zh_dict, dir, "zh_dict.tsv", &T.zh_max_len)) != 0 ||
        (rc = load_dict(&T.zh_cantonese, dir, "zh_cantonese.tsv", &(size_t){0})) != 0 ||
        (rc = load_dict(&T.zh_cantonese_pinyin, dir, "zh_cantonese_pinyin.tsv",
                        &(size_t){0})) != 0 ||
        (rc = load_dict(&T.zh_ja, dir, "zh_ja_chars.tsv", &(size_t){0})) != 0 ||
        (rc = load_dict(&T.zh_ja_shared, dir, "zh_ja_shared.tsv", &(size_t){0})) != 0 ||
        (rc = load_dict(&T.ja_kanji, dir, "ja_kanji.tsv", &(size_t){0})) != 0 ||
        (rc = load_dict(&T.ja_kana, dir, "ja_kana.tsv", &T.max_len)) != 0 ||
        (rc = load_dict(&T.ko_hanja, dir, "ko_hanja.tsv", &(size_t){0})) != 0 ||
        (rc = load_dict(&T.han_traditional, dir, "han_traditional.tsv", &(size_t){0})) != 0 ||
        (rc = load_dict(&T.ja_loan, dir, "ja_loan.tsv", &(size_t){0})) != 0 ||
        (rc = sx_countries_load(dir)) != 0 || (rc = add_rendering_pairs()) != 0) {
        free_tables();
        goto done;
    }
    loaded = true;
    if ((rc = add_katakana_name_words()) != 0) {
        loaded = false;
        free_tables();
    }
done:
    pthread_mutex_unlock(&lock);
    return rc;
}

static const sx_term *lookup(const sx_strmap *m, const char *s, size_t len)
{
    return loaded ? sx_strmap_getn(m, s, len) : NULL;
}

const sx_term *sx_terms_ko(const char *s, size_t len)
{
    return lookup(&T.ko, s, len);
}

const sx_term *sx_terms_ko_dict(const char *s, size_t len)
{
    return dict_lookup(&T.ko_dict, s, len);
}

const sx_term *sx_terms_ja_dict(const char *s, size_t len)
{
    return dict_lookup(&T.ja_dict, s, len);
}

const sx_term *sx_terms_ja_kana(const char *s, size_t len)
{
    return dict_lookup(&T.ja_kana, s, len);
}

const sx_term *sx_terms_zh_pinyin(const char *s, size_t len)
{
    return dict_lookup(&T.zh_pinyin, s, len);
}

const sx_term *sx_terms_zh_dict(const char *s, size_t len)
{
    return dict_lookup(&T.zh_dict, s, len);
}

uint32_t sx_terms_japanese_form(uint32_t cp, bool shared)
{
    char key[4];
    int k = sx_utf8_encode(cp, key);
    const sx_term *t = k > 0 ? dict_lookup(shared ? &T.zh_ja_shared : &T.zh_ja, key, (size_t)k)
                             : NULL;
    uint32_t j = 0;
    return t && t->nopts > 0 && sx_decode(&j, 1, t->opts[0], strlen(t->opts[0])) == 1 ? j : 0;
}

const sx_term *sx_terms_zh_cantonese(const char *s, size_t len)
{
    return dict_lookup(&T.zh_cantonese, s, len);
}

const sx_term *sx_terms_ja_kanji(const char *s, size_t len)
{
    return dict_lookup(&T.ja_kanji, s, len);
}

const sx_term *sx_terms_ja_loan(const char *s, size_t len)
{
    return dict_lookup(&T.ja_loan, s, len);
}

size_t sx_terms_zh_max_len(void)
{
    return T.zh_max_len;
}

const sx_term *sx_terms_ko_suffix(const char *s, size_t len)
{
    return lookup(&T.ko_suffix, s, len);
}

const sx_term *sx_terms_ja(const char *s, size_t len)
{
    return lookup(&T.ja, s, len);
}

const sx_term *sx_terms_surname(const char *s, size_t len)
{
    return lookup(&T.surnames, s, len);
}

const char *sx_terms_wade_giles(const char *syllable, size_t len)
{
    const sx_term *t = lookup(&T.wade_giles, syllable, len);
    return t ? t->opts[0] : NULL;
}

const char *sx_terms_wade_giles_pinyin(const char *s, size_t len)
{
    return loaded ? sx_strmap_getn(&T.wade_giles_pinyin, s, len) : NULL;
}

bool sx_terms_pinyin_syllable(const char *s, size_t len)
{
    return lookup(&T.wade_giles, s, len) != NULL;
}

const char *sx_terms_name_word(const char *s, size_t len)
{
    const sx_term *t = lookup(&T.name_words, s, len);
    return t ? t->opts[0] : NULL;
}

bool sx_terms_connective(const char *s, size_t len)
{
    const char *kind = sx_terms_name_word(s, len);
    return kind && strcmp(kind, "connective") == 0;
}

bool sx_terms_article(const char *s, size_t len)
{
    const char *kind = sx_terms_name_word(s, len);
    return kind && strcmp(kind, "article") == 0;
}

const char *sx_terms_particle_root(const char *s, size_t len)
{
    const sx_term *t = lookup(&T.name_words, s, len);
    return !t ? NULL : t->nopts > 1 ? t->opts[1] : t->text;
}

bool sx_terms_descriptor(const char *s, size_t len)
{
    return lookup(&T.descriptors, s, len) != NULL;
}

bool sx_terms_nickname(const char *s, size_t len)
{
    return lookup(&T.nicknames, s, len) != NULL;
}

bool sx_terms_nicknames(const char *a, size_t la, const char *b, size_t lb)
{
    const sx_term *ta = lookup(&T.nicknames, a, la), *tb = ta ? lookup(&T.nicknames, b, lb) : NULL;
    for (size_t i = 0; tb && i < ta->nopts; i++)
        for (size_t j = 0; j < tb->nopts; j++)
            if (strcmp(ta->opts[i], tb->opts[j]) == 0)
                return true;
    return false;
}

const char *sx_terms_descriptor_group(const char *s, size_t len)
{
    const sx_term *t = lookup(&T.descriptors, s, len);
    return t ? t->opts[0] : NULL;
}

const char *sx_terms_abbreviation(const char *s, size_t len)
{
    const sx_term *t = lookup(&T.abbreviations, s, len);
    return t ? t->opts[0] : NULL;
}

const char *sx_terms_number(const char *s, size_t len)
{
    return loaded ? sx_strmap_getn(&T.numbers, s, len) : NULL;
}

const char *sx_terms_digit_word(char digit)
{
    return loaded && digit >= '0' && digit <= '9' ? T.digit_words[digit - '0'] : NULL;
}

size_t sx_terms_max_len(void)
{
    return T.max_len;
}

size_t sx_legal_max_words(void)
{
    return loaded ? T.legal_max_words : 0;
}

const char *sx_legal_latin(const char *tokens, size_t len)
{
    if (!loaded)
        return NULL;
    const char *tag = sx_strmap_getn(&T.legal_latin, tokens, len);
    if (tag || !memchr(tokens, ' ', len))
        return tag;
    char sorted[128];
    size_t n = sorted_words(tokens, len, sorted, sizeof sorted, 0);
    return n ? sx_strmap_getn(&T.legal_bag, sorted, n) : NULL;
}

/* Whether a and b are one typing error apart: one letter changed, dropped, added, or two
 * neighbours swapped (the optimal-string-alignment distance is 1). */
static bool one_edit_apart(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb)
        return one_edit_apart(b, lb, a, la);
    if (lb - la > 1)
        return false;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (i == la)
        return lb == la + 1; /* b adds a last letter; equal strings are no edit apart */
    if (la == lb)
        return memcmp(a + i + 1, b + i + 1, la - i - 1) == 0 ||
               (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                memcmp(a + i + 2, b + i + 2, la - i - 2) == 0);
    return memcmp(a + i, b + i + 1, la - i) == 0; /* b adds a letter at i */
}

/* The words of tables.legal_near of min letters or more one typing error from word into
 * out[n..max); returns the new n.  Looked up under word and under word with each letter
 * left out in turn. */
static size_t derived_words_near(const char *word, size_t len, size_t min, const char **out,
                                 size_t n, size_t max)
{
    char cut[LEGAL_NEAR_MAX];
    if (len > LEGAL_NEAR_MAX)
        return n;
    for (size_t i = 0; i <= len && n < max; i++) {
        const char *k = word;
        size_t kl = len;
        if (i < len) {
            memcpy(cut, word, i);
            memcpy(cut + i, word + i + 1, len - i - 1);
            k = cut;
            kl = len - 1;
        }
        if (kl >= 2 && !(*near_row(k) & near_bit(k)))
            continue;
        for (const legal_near *e = sx_strmap_getn(&T.legal_near, k, kl); e && n < max;
             e = e->next) {
            size_t wl = strlen(e->word);
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = out[j] == e->word;
            if (!seen && wl >= min && one_edit_apart(word, len, e->word, wl))
                out[n++] = e->word;
        }
    }
    return n;
}

size_t sx_legal_words_near(const char *word, size_t len, bool lone, const char **out,
                           size_t max)
{
    size_t min = lone ? LEGAL_TYPO_LONE_MIN_LEN : LEGAL_TYPO_MIN_LEN, n = 0;
    if (!loaded || len + 1 < min)
        return 0;
    for (size_t i = 0; i < T.nlegal_words && n < max; i++) {
        size_t wl = T.legal_word_len[i];
        if (wl >= min && wl + 1 >= len && wl <= len + 1 &&
            one_edit_apart(word, len, T.legal_words[i], wl))
            out[n++] = T.legal_words[i];
    }
    return derived_words_near(word, len, min, out, n, max);
}

const char *sx_legal_cjk(const char *s, size_t len, bool at_end, size_t *n, bool *whole)
{
    *whole = false;
    if (!loaded)
        return NULL;
    /* Whole-token forms first: "(주)" normalised is the lone token "주". */
    char key[64];
    if (len + 2 <= sizeof key) {
        key[0] = ' ';
        memcpy(key + 1, s, len);
        const char *tag = sx_strmap_getn(&T.legal_cjk, key, len + 1);
        if (tag) {
            *n = len;
            *whole = true;
            return tag;
        }
    }
    size_t max = T.max_cjk_len < len ? T.max_cjk_len : len;
    for (size_t k = max; k >= 3; k--) {
        const char *start = at_end ? s + len - k : s;
        if (((unsigned char)*start & 0xC0) == 0x80)
            continue; /* not a code point boundary */
        const char *tag = sx_strmap_getn(&T.legal_cjk, start, k);
        if (tag) {
            *n = k;
            return tag;
        }
    }
    return NULL;
}
