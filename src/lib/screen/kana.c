/* Japanese to Latin: kana to Hepburn (voicing kept: ガ is ga, バ is ba), and kanji
 * readings from the MeCab IPA dictionary. */
#include <mecab.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/utf8.h"

/* Hepburn for hiragana U+3041..U+3096 (katakana maps onto these by -0x60). */
static const char *const romaji[0x56] = {
    "a",  "a",  "i",  "i",  "u",   "u",  "e",  "e",  "o",  "o",  "ka", "ga", "ki", "gi", "ku",
    "gu", "ke", "ge", "ko", "go",  "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",
    "ta", "da", "chi", "ji", "",   "tsu", "zu", "te", "de", "to", "do", "na", "ni", "nu", "ne",
    "no", "ha", "ba", "pa", "hi",  "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo",
    "po", "ma", "mi", "mu", "me",  "mo", "ya", "ya", "yu", "yu", "yo", "yo", "ra", "ri", "ru",
    "re", "ro", "wa", "wa", "i",   "e",  "o",  "n",  "vu", "ka", "ke"};

static uint32_t to_hiragana(uint32_t cp)
{
    if (cp >= 0x30A1 && cp <= 0x30F6)
        return cp - 0x60;
    return cp;
}

static bool small_y(uint32_t h)
{
    return h == 0x3083 || h == 0x3085 || h == 0x3087; /* ゃ ゅ ょ */
}

static bool small_vowel(uint32_t h)
{
    return h == 0x3041 || h == 0x3043 || h == 0x3045 || h == 0x3047 || h == 0x3049;
}

/* The consonant part of a syllable's romaji ("shi" -> "sh", "chi" -> "ch", "ki" -> "k"). */
static size_t consonant_len(const char *r)
{
    size_t n = strlen(r);
    while (n > 0 && strchr("aiueo", r[n - 1]))
        n--;
    return n;
}

/* Collapses long vowels the way passports and company names write them: ou -> o,
 * oo -> o, uu -> u (Kobo, Chuo, Ito). */
static void collapse_long(sx_buf *b, size_t from)
{
    if (!b->ptr)
        return;
    size_t w = from;
    for (size_t r = from; r < b->len; r++) {
        char c = b->ptr[r];
        if (w > from && ((c == 'u' && (b->ptr[w - 1] == 'o' || b->ptr[w - 1] == 'u')) ||
                         (c == 'o' && b->ptr[w - 1] == 'o')))
            continue;
        b->ptr[w++] = c;
    }
    b->len = w;
    b->ptr[w] = '\0';
}

/* The Hepburn syllable that starts at cps[*i] (a kana and the small ゃ or ァ after it)
 * into syl (8 bytes); *i is left on the syllable's last code point. */
static void syllable_at(char syl[8], const uint32_t *cps, size_t n, size_t *i, uint32_t h)
{
    const char *r = romaji[h - 0x3041];
    uint32_t next = *i + 1 < n ? to_hiragana(cps[*i + 1]) : 0;
    size_t cl = consonant_len(r);
    if (small_y(next) && cl > 0 && r[cl] == 'i') {
        /* きゃ kya, しゃ sha, ちゃ cha, じゃ ja */
        const char *y = romaji[next - 0x3041];
        bool palatal = (cl == 2 && (r[0] == 's' || r[0] == 'c')) || r[0] == 'j';
        snprintf(syl, 8, "%.*s%s%s", (int)cl, r, palatal ? "" : "y", y + 1);
        (*i)++;
    } else if (small_vowel(next) && cl > 0) {
        /* ファ fa, ティ ti, ジェ je, ウィ wi */
        snprintf(syl, 8, "%.*s%s",
                 (int)(strcmp(r, "te") == 0 || strcmp(r, "de") == 0 ? 1 : cl), r,
                 romaji[next - 0x3041]);
        (*i)++;
    } else if (small_vowel(next) && h == 0x3046) {
        snprintf(syl, 8, "w%s", romaji[next - 0x3041]); /* ウィ wi */
        (*i)++;
    } else {
        snprintf(syl, 8, "%s", r);
    }
}

/* The kana at cps[i] as hiragana (ヴ is U+3094), or 0 when it is no kana of the table. */
static uint32_t syllable_kana(const uint32_t *cps, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    uint32_t h = to_hiragana(cps[i]);
    return h >= 0x3041 && h <= 0x3096 ? h : 0;
}

int sx_kana_romaji(sx_buf *out, const uint32_t *cps, size_t n, bool long_vowels)
{
    size_t from = out->len;
    bool geminate = false;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = to_hiragana(cps[i]);
        char syl[8] = "";
        if (h == 0x30FC) { /* ー: repeat the vowel, or drop it */
            if (long_vowels && out->len > from && sx_buf_putc(out, out->ptr[out->len - 1]))
                return SX_ENOMEM;
            continue;
        }
        if ((h == 0x309D || h == 0x309E || h == 0x30FD || h == 0x30FE) && i > 0) {
            /* ゝ ゞ: repeat the previous kana (voiced for ゞ): いすゞ is isuzu. */
            uint32_t prev = to_hiragana(cps[i - 1]);
            bool voiced = h == 0x309E || h == 0x30FE;
            if (prev >= 0x3041 && prev <= 0x3096) {
                uint32_t r = prev;
                /* か..と and は..ほ take their voiced neighbour at +1 */
                if (voiced && ((prev >= 0x304B && prev <= 0x3062 && (prev - 0x304B) % 2 == 0) ||
                               (prev >= 0x3064 && prev <= 0x3069 && (prev - 0x3064) % 2 == 0) ||
                               (prev >= 0x306F && prev <= 0x307D && (prev - 0x306F) % 3 == 0)))
                    r = prev + 1;
                if (sx_buf_puts(out, romaji[r - 0x3041]) != 0)
                    return SX_ENOMEM;
            }
            continue;
        }
        if (h == 0x3063) { /* small っ: double the next consonant */
            geminate = true;
            continue;
        }
        if (!(h = syllable_kana(cps, n, i))) {
            geminate = false;
            h = to_hiragana(cps[i]);
            if (h == ' ' || (h < 0x80 && sx_script_of(h)))
                if (sx_buf_putc(out, (char)h) != 0)
                    return SX_ENOMEM;
            continue;
        }
        syllable_at(syl, cps, n, &i, h);
        if (geminate && syl[0] && !strchr("aiueon", syl[0])) {
            char c = syl[0] == 'c' ? 't' : syl[0]; /* っち -> tchi */
            if (sx_buf_putc(out, c) != 0)
                return SX_ENOMEM;
        }
        geminate = false;
        if (sx_buf_puts(out, syl) != 0)
            return SX_ENOMEM;
    }
    if (!long_vowels)
        collapse_long(out, from);
    return sx_buf_puts(out, "");
}

/* Whether the vowel closing syl is one katakana adds to a foreign consonant: u after
 * most consonants (スト st, ズ z, ル l/r, フ f, ヴ v, ツ ts, シュ sh), o after t and d (ト,
 * ド).  Not after y (キュ is kyu) nor after a vowel alone. */
static bool added_vowel(const char *syl)
{
    size_t len = strlen(syl);
    if (len < 2)
        return false;
    char v = syl[len - 1], c = syl[len - 2];
    if (v == 'o')
        return len == 2 && (c == 't' || c == 'd');
    return v == 'u' && !strchr("aiueoyw", c);
}

int sx_kana_loanword(sx_buf *out, const uint32_t *cps, size_t n)
{
    size_t from = out->len;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = syllable_kana(cps, n, i);
        if (!h) {
            /* ー and ・ write nothing a foreign spelling has (nor ッ, whose syllable is
             * empty); a space stays. */
            if (cps[i] == ' ' && sx_buf_putc(out, ' ') != 0)
                return SX_ENOMEM;
            continue;
        }
        char syl[8];
        syllable_at(syl, cps, n, &i, h);
        /* The vowel is dropped before another consonant or at the word's end: ズヴェズダ
         * is zvezda, ヴォストーク vostok.  Before a vowel, ン, ー or ッ it is heard, and
         * before h, which would make another letter of the one before (スホイ is Sukhoi,
         * not shoi). */
        uint32_t next = syllable_kana(cps, n, i + 1);
        bool at_end = i + 1 >= n || cps[i + 1] == ' ';
        const char *nr = next ? romaji[next - 0x3041] : "";
        bool before_consonant = *nr && next != 0x3093 /* ん */ && !strchr("aiueoh", *nr);
        /* ツ's u goes only at the end (ビッツ bits): inside a word, ts before another
         * consonant is Japanese's (ツツミ, ツクバ), which no foreign word spells. */
        if (before_consonant && strcmp(syl, "tsu") == 0)
            before_consonant = false;
        if ((at_end || before_consonant) && added_vowel(syl))
            syl[strlen(syl) - 1] = '\0';
        if (sx_buf_puts(out, syl) != 0)
            return SX_ENOMEM;
    }
    collapse_long(out, from);
    return sx_buf_puts(out, "");
}

/* MeCab: one tagger for the process, serialised; it is created on first use. */
static pthread_mutex_t mecab_lock = PTHREAD_MUTEX_INITIALIZER;
static mecab_t *tagger;
static bool tagger_failed;

/* The readings are taken from the IPA dictionary's feature layout (reading in field 8),
 * so that dictionary is asked for by name: a machine whose default MeCab dictionary is
 * UniDic or Juman would otherwise give other fields and silently wrong readings.
 * SX_MECAB_DICDIR overrides the directory. */
#define SX_MECAB_IPADIC "/var/lib/mecab/dic/ipadic-utf8"

static mecab_t *tagger_open(void)
{
    const char *dir = getenv("SX_MECAB_DICDIR");
    char arg[512];
    snprintf(arg, sizeof arg, "-d %s", dir && *dir ? dir : SX_MECAB_IPADIC);
    mecab_t *t = mecab_new2(arg);
    return t ? t : mecab_new2(""); /* another layout of ipadic: the system default */
}

void sx_japanese_signature(char *out, size_t size)
{
    const char *dir = getenv("SX_MECAB_DICDIR");
    char dic[600];
    snprintf(dic, sizeof dic, "%s/sys.dic", dir && *dir ? dir : SX_MECAB_IPADIC);
    struct stat st;
    if (stat(dic, &st) == 0)
        snprintf(out, size, "mecab %s %s %lld %lld.%09ld", mecab_version(), dic,
                 (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    else
        snprintf(out, size, "mecab %s %s missing", mecab_version(), dic);
}

/* The reading of one morpheme: the 8th feature field, or NULL when MeCab has none. */
static const char *node_reading(const mecab_node_t *node, size_t *len)
{
    const char *f = node->feature;
    int commas = 0;
    while (*f && commas < 7)
        commas += *f++ == ',';
    *len = strcspn(f, ",");
    return commas == 7 && *len > 0 && strncmp(f, "*", *len) != 0 ? f : NULL;
}

/* A word MeCab does not know (互応) read character by character, each character parsed on
 * its own.  A character MeCab reads only inside the words it knows (械 of 機械, 紡 of
 * 紡績) is read as kanjidic reads it alone (ja_kanji.tsv: its first on reading, as a
 * company's name mostly reads it: 富士紡 Fujibo, 前田工繊 Maeda Kosen); one neither
 * reads stays as it is written.  Caller holds the lock. */
static int read_by_character(sx_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t k = 1;
        while (i + k < len && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        const mecab_node_t *n = mecab_sparse_tonode2(tagger, s + i, k);
        for (; n; n = n->next) {
            size_t rl;
            if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE)
                continue;
            const char *r = node_reading(n, &rl);
            const sx_term *kanji = r ? NULL : sx_terms_ja_kanji(n->surface, n->length);
            if (kanji && kanji->nopts > 0) {
                r = kanji->opts[0];
                rl = strlen(r);
            }
            if (r && sx_buf_put(out, r, rl) != 0)
                return SX_ENOMEM;
            if (!r && sx_buf_put(out, n->surface, n->length) != 0)
                return SX_ENOMEM;
        }
        i += k;
    }
    return 0;
}

int sx_japanese_reading(sx_buf *out, const char *s, size_t len)
{
    int rc = 0;
    pthread_mutex_lock(&mecab_lock);
    if (!tagger && !tagger_failed) {
        tagger = tagger_open();
        tagger_failed = tagger == NULL;
    }
    if (!tagger)
        goto done;
    /* Morphemes are copied out first: parsing again invalidates MeCab's nodes. */
    sx_buf parts = SX_BUF_INIT; /* per morpheme: 'R' reading or 'U' unknown surface, NUL */
    const mecab_node_t *node = mecab_sparse_tonode2(tagger, s, len);
    for (; node && rc == 0; node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE)
            continue;
        size_t rl;
        const char *r = node_reading(node, &rl);
        rc = sx_buf_putc(&parts, r ? 'R' : 'U');
        if (rc == 0)
            rc = r ? sx_buf_put(&parts, r, rl) : sx_buf_put(&parts, node->surface, node->length);
        if (rc == 0)
            rc = sx_buf_put(&parts, "", 1);
    }
    for (size_t i = 0; rc == 0 && i < parts.len;) {
        const char *p = parts.ptr + i;
        size_t pl = strlen(p);
        if (out->len && (rc = sx_buf_putc(out, ' ')) != 0)
            break;
        rc = p[0] == 'R' ? sx_buf_put(out, p + 1, pl - 1) : read_by_character(out, p + 1, pl - 1);
        i += pl + 1;
    }
    sx_buf_free(&parts);
    if (rc == 0)
        rc = sx_buf_puts(out, "");
done:
    pthread_mutex_unlock(&mecab_lock);
    return rc;
}

int sx_japanese_morphemes(sx_buf *surfaces, sx_buf *readings, const char *s, size_t len)
{
    int rc = 0;
    pthread_mutex_lock(&mecab_lock);
    if (!tagger && !tagger_failed) {
        tagger = tagger_open();
        tagger_failed = tagger == NULL;
    }
    if (!tagger) {
        rc = SX_EUNSUPPORTED;
        goto done;
    }
    const mecab_node_t *node = mecab_sparse_tonode2(tagger, s, len);
    for (; node && rc == 0; node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE)
            continue;
        size_t rl;
        const char *r = node_reading(node, &rl);
        if ((rc = sx_buf_put(surfaces, node->surface, node->length)) != 0 ||
            (rc = sx_buf_put(surfaces, "", 1)) != 0 || (rc = sx_buf_put(readings, r ? r : "", r ? rl : 0)) != 0)
            break;
        rc = sx_buf_put(readings, "", 1);
    }
done:
    pthread_mutex_unlock(&mecab_lock);
    return rc;
}

/* Names of Latin letters as Japanese writes them, with the common variants (エー and
 * エイ for A, ティー, テー and テイ for T).  The longest name at a position wins, so
 * エイチ is H rather than A and a stray チ. */
static const struct {
    const char *kana;
    char latin;
} kana_letters[] = {
    {"エー", 'a'},   {"エイ", 'a'},   {"ビー", 'b'},     {"ビイ", 'b'},     {"シー", 'c'},
    {"シイ", 'c'},   {"ディー", 'd'}, {"ディ", 'd'},     {"デー", 'd'},     {"イー", 'e'},
    {"イイ", 'e'},   {"エフ", 'f'},   {"ジー", 'g'},     {"ジイ", 'g'},     {"エイチ", 'h'},
    {"エッチ", 'h'}, {"エーチ", 'h'}, {"アイ", 'i'},     {"ジェー", 'j'},   {"ジェイ", 'j'},
    {"ケー", 'k'},   {"ケイ", 'k'},   {"エル", 'l'},     {"エム", 'm'},     {"エヌ", 'n'},
    {"オー", 'o'},   {"ピー", 'p'},   {"ピイ", 'p'},     {"キュー", 'q'},   {"アール", 'r'},
    {"エス", 's'},   {"ティー", 't'}, {"ティ", 't'},     {"テー", 't'},     {"テイ", 't'},
    {"ユー", 'u'},   {"ブイ", 'v'},   {"ヴィ", 'v'},     {"ヴイ", 'v'},     {"ヴィー", 'v'},
    {"ダブリュー", 'w'}, {"ダブリュ", 'w'}, {"エックス", 'x'}, {"ワイ", 'y'},   {"ゼット", 'z'},
    {"ゼッド", 'z'}, {"ズィー", 'z'},
};

/* The code points of the letter name at cps[i] (its Latin letter in *latin), or 0. */
static size_t letter_at(const uint32_t *cps, size_t n, size_t i, char *latin)
{
    size_t best = 0;
    for (size_t k = 0; k < sizeof kana_letters / sizeof kana_letters[0]; k++) {
        uint32_t lc[6];
        size_t ln = sx_decode(lc, 6, kana_letters[k].kana, strlen(kana_letters[k].kana));
        if (ln > best && i + ln <= n && memcmp(lc, cps + i, ln * sizeof *lc) == 0) {
            best = ln;
            *latin = kana_letters[k].latin;
        }
    }
    return best;
}

/* The code points of a connective at cps[i] (sx_terms_connective: アンド, the "&" of
 * T&K, ティーアンドケイ), or 0. */
static size_t connective_at(const uint32_t *cps, size_t n, size_t i)
{
    for (size_t len = SX_CONNECTIVE_MAX_CPS; len > 0; len--) {
        char buf[4 * SX_CONNECTIVE_MAX_CPS + 1];
        size_t o = 0;
        for (size_t k = 0; k < len && i + len <= n; k++)
            o += (size_t)sx_utf8_encode(cps[i + k], buf + o);
        if (i + len <= n && sx_terms_connective(buf, o))
            return len;
    }
    return 0;
}

size_t sx_kana_letter_run(char *out, size_t size, const uint32_t *cps, size_t n)
{
    size_t i = 0, o = 0;
    while (i < n && o + 1 < size) {
        char latin = 0;
        size_t len = letter_at(cps, n, i, &latin);
        /* Letters joined by a connective are one run, as T&K is TK (prep.c). */
        size_t joined = len == 0 && o > 0 ? connective_at(cps, n, i) : 0;
        if (joined && (len = letter_at(cps, n, i + joined, &latin)) > 0)
            i += joined;
        if (len == 0)
            break;
        out[o++] = latin;
        i += len;
    }
    if (size)
        out[o] = '\0';
    return i;
}
