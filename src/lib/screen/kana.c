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

uint32_t sx_kana_small_form(uint32_t a, uint32_t b)
{
    if (a < 0x30A1 || a > 0x30F6 || b < 0x30A1 || b > 0x30F6)
        return 0; /* katakana only */
    uint32_t h = to_hiragana(a), hb = to_hiragana(b);
    const char *r = romaji[h - 0x3041];
    size_t cl = consonant_len(r);
    /* ヤ ユ ヨ after the kana of a consonant and i (キ シ チ ニ ヒ ミ リ and voiced), as
     * syllable_at reads the small ones. */
    if (hb == 0x3084 || hb == 0x3086 || hb == 0x3088)
        return cl > 0 && r[cl] == 'i' && r[cl + 1] == '\0' ? b - 1 : 0;
    /* The vowels after フ and ヴ (fa fi fe fo), and エ after シ ジ チ (she je che).  Not
     * after ウ, テ, デ, ト, ド: those end a long vowel as often (キョウ|エイ, テイコク). */
    bool fv = strcmp(r, "fu") == 0 || strcmp(r, "vu") == 0;
    if (hb == 0x3042 || hb == 0x3044 || hb == 0x304A) /* あ い お */
        return fv ? b - 1 : 0;
    if (hb == 0x3048) /* え */
        return fv || strcmp(r, "shi") == 0 || strcmp(r, "chi") == 0 || h == 0x3058 /* じ, not ぢ */
                   ? b - 1
                   : 0;
    return 0;
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
        bool after_sokuon = i > 0 && to_hiragana(cps[i - 1]) == 0x3063;
        syllable_at(syl, cps, n, &i, h);
        /* English -ds is written ッズ (Weds ウェッズ, Kids キッズ, Goods グッズ): ッ is the d,
         * and ズ at the end the plural's s. */
        if (h == 0x3063 && syllable_kana(cps, n, i + 1) == 0x305A) {
            if (sx_buf_puts(out, "d") != 0)
                return SX_ENOMEM;
            continue;
        }
        bool ds = after_sokuon && h == 0x305A && (i + 1 >= n || cps[i + 1] == ' ');
        if (ds) {
            if (sx_buf_puts(out, "s") != 0)
                return SX_ENOMEM;
            continue;
        }
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
        /* A long a ending the word after a consonant is English -er, as katakana writes
         * it (パートナー partner, センター center; -ar and -or are rarer: カー car), and
         * so before the plural's ズ or ス (パートナーズ partners). */
        size_t sl = strlen(syl), end = i + 2;
        if (end < n && (cps[end] == 0x30BA /* ズ */ || cps[end] == 0x30B9 /* ス */) &&
            (end + 1 >= n || cps[end + 1] == ' '))
            end++;
        bool long_end = i + 1 < n && cps[i + 1] == 0x30FC /* ー */ &&
                        (end >= n || cps[end] == ' ');
        if (long_end && sl >= 2 && syl[sl - 1] == 'a' && !strchr("aiueo", syl[sl - 2]) &&
            sl + 1 < sizeof syl) {
            syl[sl - 1] = 'e';
            syl[sl] = 'r';
            syl[sl + 1] = '\0';
        } else if (!long_end && i + 1 < n && cps[i + 1] == 0x30FC /* ー */ && sl >= 1 &&
                   syl[sl - 1] == 'a' && sl + 1 < sizeof syl) {
            syl[sl] = 'r';
            syl[sl + 1] = '\0';
        }
        if (sx_buf_puts(out, syl) != 0)
            return SX_ENOMEM;
    }
    collapse_long(out, from);
    return sx_buf_puts(out, "");
}

/* ---- katakana that writes a Korean name ---- */

/* Hangul letters by their jamo indices (sx_hangul_compose). */
enum { KO_G = 0, KO_N = 2, KO_D = 3, KO_R = 5, KO_M = 6, KO_B = 7, KO_S = 9, KO_ZERO = 11,
       KO_J = 12, KO_CH = 14, KO_K = 15, KO_T = 16, KO_P = 17, KO_H = 18 };
enum { KO_A = 0, KO_AE = 1, KO_YA = 2, KO_EO = 4, KO_E = 5, KO_YEO = 6, KO_YE = 7, KO_O = 8,
       KO_WA = 9, KO_WAE = 10, KO_OE = 11, KO_YO = 12, KO_U = 13, KO_WO = 14, KO_WE = 15,
       KO_WI = 16, KO_YU = 17, KO_EU = 18, KO_UI = 19, KO_I = 20 };
enum { KO_TAIL_K = 1, KO_TAIL_N = 4, KO_TAIL_L = 8, KO_TAIL_M = 16, KO_TAIL_P = 17,
       KO_TAIL_NG = 21 };

/* The leads a Hepburn consonant writes, likeliest first: Japanese hears Korean's plain
 * and aspirated stops alike (チョル 철, チョン 정; パク 박, ピョン 평).  glide: the vowel
 * starts with w (ファ 화).  False for a consonant no Korean syllable is written with. */
static bool ko_lead(uint8_t lead[2], bool *glide, const char *c, size_t n)
{
    static const struct {
        const char *hepburn;
        uint8_t lead[2];
    } map[] = {{"", {KO_ZERO, SX_KO_NONE}}, {"k", {KO_G, KO_K}},   {"g", {KO_G, SX_KO_NONE}},
               {"s", {KO_S, SX_KO_NONE}},   {"sh", {KO_S, SX_KO_NONE}}, {"z", {KO_J, SX_KO_NONE}},
               {"j", {KO_J, KO_CH}},        {"ch", {KO_CH, KO_J}},  {"t", {KO_D, KO_T}},
               {"d", {KO_D, SX_KO_NONE}},   {"n", {KO_N, SX_KO_NONE}}, {"h", {KO_H, SX_KO_NONE}},
               {"f", {KO_H, SX_KO_NONE}},   {"b", {KO_B, SX_KO_NONE}}, {"p", {KO_B, KO_P}},
               {"m", {KO_M, SX_KO_NONE}},   {"r", {KO_R, SX_KO_NONE}}, {"w", {KO_ZERO, SX_KO_NONE}},
               {"y", {KO_ZERO, SX_KO_NONE}}};
    *glide = n == 1 && c[0] == 'f';
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].hepburn) == n && memcmp(map[i].hepburn, c, n) == 0) {
            memcpy(lead, map[i].lead, 2);
            return true;
        }
    return false;
}

/* The vowels a Hepburn vowel writes (y: after a palatalised consonant or y; w: after w or
 * f), likeliest first. */
static bool ko_vowel(uint8_t v[3], const char *s, bool y, bool w)
{
    static const struct {
        char hepburn;
        uint8_t plain[3], y[3], w[3];
    } map[] = {
        {'a', {KO_A, SX_KO_NONE, SX_KO_NONE}, {KO_YA, SX_KO_NONE, SX_KO_NONE}, {KO_WA, SX_KO_NONE, SX_KO_NONE}},
        {'i', {KO_I, KO_UI, SX_KO_NONE}, {KO_I, SX_KO_NONE, SX_KO_NONE}, {KO_WI, SX_KO_NONE, SX_KO_NONE}},
        {'u', {KO_U, KO_EU, SX_KO_NONE}, {KO_YU, SX_KO_NONE, SX_KO_NONE}, {KO_U, SX_KO_NONE, SX_KO_NONE}},
        {'e', {KO_AE, KO_E, KO_OE}, {KO_YE, SX_KO_NONE, SX_KO_NONE}, {KO_WE, KO_OE, KO_WAE}},
        {'o', {KO_O, KO_EO, SX_KO_NONE}, {KO_YEO, KO_YO, SX_KO_NONE}, {KO_WO, SX_KO_NONE, SX_KO_NONE}},
    };
    if (s[0] == '\0' || s[1] != '\0')
        return false;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].hepburn == s[0]) {
            memcpy(v, y ? map[i].y : w ? map[i].w : map[i].plain, 3);
            return true;
        }
    return false;
}

/* A Hepburn syllable (syllable_at) as a Korean syllable without its tail. */
static bool ko_syllable(sx_ko_syllable *k, const char *syl)
{
    size_t cl = consonant_len(syl);
    const char *vowel = syl + cl;
    bool y = false, w = false;
    /* ky, ry, hy...: the consonant, then a vowel with y; y and w alone are glides */
    if (cl >= 2 && syl[cl - 1] == 'y') {
        y = true;
        cl--;
    } else if (cl == 1 && (syl[0] == 'y' || syl[0] == 'w')) {
        y = syl[0] == 'y';
        w = syl[0] == 'w';
    }
    bool glide;
    if (!ko_lead(k->lead, &glide, syl, cl))
        return false;
    /* ファ, フィ, フェ are 화, 휘, 회; フ alone 후 */
    w |= glide && vowel[0] != 'u';
    if (!ko_vowel(k->vowel, vowel, y, w))
        return false;
    k->tail[0] = 0;
    k->tail[1] = SX_KO_NONE;
    return true;
}

/* The tail a kana writes after a syllable: ム, ル, ク, プ (ン apart). */
static uint8_t ko_tail_kana(uint32_t h)
{
    switch (h) {
    case 0x3080: return KO_TAIL_M; /* む */
    case 0x308B: return KO_TAIL_L; /* る */
    case 0x304F: return KO_TAIL_K; /* く */
    case 0x3077: return KO_TAIL_P; /* ぷ */
    default: return 0;
    }
}

/* Whether the kana at cps[i] starts a syllable with a consonant: not a vowel, y or w
 * kana, nor ン (ムン is 문: ム starts it). */
static bool consonant_kana(const uint32_t *cps, size_t n, size_t i)
{
    uint32_t h = syllable_kana(cps, n, i);
    if (!h)
        return false;
    const char *r = romaji[h - 0x3041];
    return consonant_len(r) > 0 && r[0] != 'y' && r[0] != 'w' && h != 0x3093;
}

/* The likeliest of the vowels and tails katakana cannot tell apart, by what Korean names
 * hold most: オ with a tail is ㅓ (정, 성, 철), open ㅗ (호, 도); ウン with no lead 은;
 * ヒ 희 (선희); ン after o, yo, a or e ㅇ (정, 영, 강), after i or u ㄴ (진, 순). */
static void ko_likeliest(sx_ko_syllable *k)
{
    uint8_t *v = k->vowel;
    if (v[0] == KO_I && v[1] == KO_UI && k->lead[0] == KO_H && !k->tail[0]) {
        v[0] = KO_UI;
        v[1] = KO_I;
    }
    if (v[0] == KO_O && v[1] == KO_EO && k->tail[0]) {
        v[0] = KO_EO;
        v[1] = KO_O;
    }
    if (v[0] == KO_U && v[1] == KO_EU && k->lead[0] == KO_ZERO && k->tail[0]) {
        v[0] = KO_EU;
        v[1] = KO_U;
    }
    if (k->tail[0] == KO_TAIL_N) {
        bool ng = v[0] != KO_I && v[0] != KO_U && v[0] != KO_EU && v[0] != KO_YU && v[0] != KO_WI;
        k->tail[0] = ng ? KO_TAIL_NG : KO_TAIL_N;
        k->tail[1] = ng ? KO_TAIL_N : KO_TAIL_NG;
    }
}

bool sx_kana_katakana_only(const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cps[i] < 0x30A1 || cps[i] > 0x30FC)
            return false;
    return true;
}

size_t sx_kana_korean(sx_ko_syllable *out, size_t max, const uint32_t *cps, size_t n)
{
    if (!sx_kana_katakana_only(cps, n))
        return 0; /* katakana only: hiragana writes Japanese words */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = syllable_kana(cps, n, i);
        if (!h || h == 0x3063)
            continue; /* ー, ・ and ッ */
        if (h == 0x3093) { /* ン: ㄴ or ㅇ */
            if (k == 0 || out[k - 1].tail[0])
                return 0;
            out[k - 1].tail[0] = KO_TAIL_N;
            continue;
        }
        size_t at = i;
        char syl[8];
        syllable_at(syl, cps, n, &i, h);
        uint8_t tail = i == at ? ko_tail_kana(h) : 0;
        if (tail && k > 0 && !out[k - 1].tail[0] && (i + 1 == n || consonant_kana(cps, n, i + 1))) {
            out[k - 1].tail[0] = tail;
            continue;
        }
        if (k == max || !ko_syllable(&out[k], syl))
            return 0;
        k++;
    }
    for (size_t j = 0; j < k; j++)
        ko_likeliest(&out[j]);
    return k;
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
 * エイ for A, ティー, テー and テイ for T), a long vowel also written with its vowel's
 * kana as registers write names (デイ D, オウ O: テイエチケー is THK), エチ for H and ダブル
 * for W.  The longest name at a position wins, so エイチ is H rather than A and a stray
 * チ. */
static const struct {
    const char *kana;
    char latin;
} kana_letters[] = {
    {"エー", 'a'},   {"エイ", 'a'},   {"ビー", 'b'},     {"ビイ", 'b'},     {"シー", 'c'},
    {"シイ", 'c'},   {"ディー", 'd'}, {"ディ", 'd'},     {"デー", 'd'},     {"デイ", 'd'},
    {"イー", 'e'},   {"イイ", 'e'},   {"エフ", 'f'},     {"ジー", 'g'},     {"ジイ", 'g'},
    {"エイチ", 'h'}, {"エッチ", 'h'}, {"エーチ", 'h'},   {"エチ", 'h'},     {"アイ", 'i'},
    {"ジェー", 'j'}, {"ジェイ", 'j'}, {"ケー", 'k'},     {"ケイ", 'k'},     {"エル", 'l'},
    {"エム", 'm'},   {"エヌ", 'n'},   {"オー", 'o'},     {"オウ", 'o'},     {"ピー", 'p'},
    {"ピイ", 'p'},   {"キュー", 'q'}, {"アール", 'r'},   {"エス", 's'},     {"ティー", 't'},
    {"ティ", 't'},   {"テー", 't'},   {"テイ", 't'},     {"ユー", 'u'},     {"ブイ", 'v'},
    {"ヴィ", 'v'},   {"ヴイ", 'v'},   {"ヴィー", 'v'},   {"ダブリュー", 'w'}, {"ダブリュ", 'w'},
    {"ダブル", 'w'}, {"エックス", 'x'}, {"ワイ", 'y'},   {"ゼット", 'z'},   {"ゼッド", 'z'},
    {"ズィー", 'z'},
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
