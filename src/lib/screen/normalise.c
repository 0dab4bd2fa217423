/* Name normalisation on code points: NFKC (width folding: ＴＯＹＯＴＡ, ｶﾞｽ), case folding,
 * Cyrillic, Greek, Armenian and Georgian romanised (ICU), Latin diacritics removed,
 * punctuation to single spaces.  Kana voicing marks are kept (バ stays バ, unlike NFD +
 * mark stripping). */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/utf8.h"

unsigned sx_script_of(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9')
                   ? SX_SCRIPT_LATIN
                   : 0;
    if (cp <= 0x024F || (cp >= 0x1E00 && cp <= 0x1EFF))
        return SX_SCRIPT_LATIN;
    if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
        (cp >= 0x3130 && cp <= 0x318F))
        return SX_SCRIPT_HANGUL;
    if ((cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
        (cp >= 0xFF66 && cp <= 0xFF9F))
        return SX_SCRIPT_KANA;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005 ||
        cp == 0x3006)
        return SX_SCRIPT_HAN;
    if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
        (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
        (cp >= 0xFE70 && cp <= 0xFEFF))
        return SX_SCRIPT_ARABIC;
    return SX_SCRIPT_OTHER;
}

unsigned sx_scripts_of(const char *s, size_t len, bool digits)
{
    unsigned seen = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = sx_utf8_decode(s + i, len - i, &cp);
        if (k <= 0)
            break;
        i += (size_t)k;
        if (digits || cp < '0' || cp > '9')
            seen |= sx_script_of(cp);
    }
    return seen;
}

const char *sx_unread_script(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        int k = sx_utf8_decode(s + i, n - i, &cp);
        if (k <= 0)
            return NULL;
        i += (size_t)k;
        if (sx_script_of(cp) != SX_SCRIPT_OTHER)
            continue;
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode code = uscript_getScript((UChar32)cp, &err);
        if (U_SUCCESS(err) && code != USCRIPT_COMMON && code != USCRIPT_INHERITED)
            return uscript_getName(code);
    }
    return NULL;
}

size_t sx_decode(uint32_t *cps, size_t room, const char *s, size_t len)
{
    size_t n = 0;
    while (len > 0 && n < room) {
        uint32_t cp;
        int k = sx_utf8_decode(s, len, &cp);
        if (k <= 0) {
            cp = 0xFFFD;
            k = 1;
        }
        cps[n++] = cp;
        s += k;
        len -= (size_t)k;
    }
    return n;
}

size_t sx_count_words(const char *s)
{
    size_t n = 0;
    for (;;) {
        s += strspn(s, " ");
        if (!*s)
            return n;
        n++;
        s += strcspn(s, " ");
    }
}

/* sx_seg_add's letter words of one piece's option. */
static uint32_t piece_letter_words(const char *opt, unsigned prov)
{
    if (!(prov & (SX_PROV_HANGUL_LETTERS | SX_PROV_KANA_LETTERS)))
        return 0;
    size_t k = sx_count_words(opt);
    if (k == 0)
        return 0;
    if (!(prov & (SX_PROV_LOANWORD | SX_PROV_SYLLABLES)))
        return k >= 32 ? UINT32_MAX : (1u << k) - 1u;
    size_t w = (prov & SX_PROV_LETTERS_LAST) ? k - 1 : 0;
    return w < 32 ? 1u << w : 0;
}

void sx_seg_add(sx_seg *s, const char *opt, const char *path, unsigned prov, float prior)
{
    sx_seg_add_letters(s, opt, path, prov, prior, opt ? piece_letter_words(opt, prov) : 0);
}

void sx_seg_add_letters(sx_seg *s, const char *opt, const char *path, unsigned prov,
                        float prior, uint32_t letters)
{
    /* An empty option (a word that may be left out) must say why in its path. */
    if (!opt || (!*opt && !(path && *path)) || s->n == SX_SEG_MAX_OPTS)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->opt[i], opt) == 0)
            return;
    s->opt[s->n] = opt;
    s->path[s->n] = path ? path : "";
    s->prov[s->n] = prov;
    s->prior[s->n] = prior;
    s->letters[s->n] = letters;
    s->n++;
}

/* Latin letters that do not decompose into base + mark. */
static const char *latin_special(uint32_t cp)
{
    switch (cp) {
    case 0xF8: return "o";  /* ø */
    case 0x111: return "d"; /* đ */
    case 0x142: return "l"; /* ł */
    case 0xE6: return "ae";
    case 0x153: return "oe";
    case 0xFE: return "th";
    case 0x131: return "i"; /* dotless i */
    case 0xDF: return "ss";
    case 0xF0: return "d";
    default: return NULL;
    }
}

/* Apostrophes join (Kyo'ng -> kyong, Korea's -> koreas) instead of splitting. */
static bool is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB ||
           cp == '`' || cp == 0xB4 || cp == 0x2032;
}

static bool keep(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    /* ー (prolonged sound mark) and 々 (iteration mark) are Lm: letters. */
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

/* Appends one code point, folding Latin diacritics (é -> e) but nothing else. */
static int put_folded(sx_buf *out, uint32_t cp)
{
    char enc[4];
    if (cp >= 0x80 && sx_script_of(cp) == SX_SCRIPT_LATIN) {
        const char *sp = latin_special(cp);
        if (sp)
            return sx_buf_puts(out, sp);
        utf8proc_int32_t dec[8];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
                                                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
                                                     &last);
        if (n > 0 && n <= 8) {
            for (utf8proc_ssize_t i = 0; i < n; i++) {
                int k = sx_utf8_encode((uint32_t)dec[i], enc);
                if (sx_buf_put(out, enc, (size_t)k) != 0)
                    return SX_ENOMEM;
            }
            return 0;
        }
    }
    int k = sx_utf8_encode(cp, enc);
    if (k > 0 && sx_script_of(cp) == SX_SCRIPT_HAN) {
        const char *canon = sx_han_canonical(enc, (size_t)k);
        if (canon)
            return sx_buf_puts(out, canon);
    }
    return k > 0 ? sx_buf_put(out, enc, (size_t)k) : 0;
}

/* ---- romanisation of alphabetic scripts ----
 * Names in Cyrillic, Greek, Armenian and Georgian are written in Latin letters by the
 * BGN/PCGN (UNGEGN for Greek) systems, which are close to the English spellings lists
 * use (Сергей Викторович Лавров -> sergey viktorovich lavrov).  Han, kana and Hangul
 * are read in analyse.c instead.  Arabic script writes no short vowels: a name in it stays
 * as written here, and analyse.c adds a reading of its letters (sx_arabic_latin).
 * ICU transliterators are opened on first use, each apart (Han-Latin alone takes ICU
 * 0.07 s to build: a Cyrillic name should not wait for it), and used under one mutex
 * (they are not safe for concurrent use); without ICU data the text stays as written.
 *
 * BGN/PCGN writes a middle dot between letters that would otherwise read as one sound
 * (Братск brat·sk, not the ц of bratsk; Згорани z·horany): lists never do (BRATSK), and
 * the dot would cut the word in two, so it is removed. */

enum {
    ROM_RUSSIAN, ROM_UKRAINIAN, ROM_BELARUSIAN,
    ROM_RUSSIAN_PASSPORT, /* a second reading of a Russian name (sx_text_normalise_passport) */
    ROM_GREEK, ROM_ARMENIAN, ROM_GEORGIAN,
    ROM_ARABIC, /* for the readings only (sx_arabic_latin), never in normalisation */
    ROM_HANS,   /* traditional Chinese characters as simplified (sx_han_simplified) */
    ROM_PINYIN, /* one Han character's Mandarin reading (sx_han_pinyin) */
    ROM_COUNT
};

#define ROM_DOT_OUT "; [\\u00B7] Remove; Latin-ASCII"

/* An ICU transform: its ID, or with rules, the name of the rules. */
static const struct {
    const char *id, *rules;
} rom_specs[ROM_COUNT] = {
    [ROM_RUSSIAN] = {"Russian-Latin/BGN" ROM_DOT_OUT, NULL},
    [ROM_UKRAINIAN] = {"Ukrainian-Latin/BGN" ROM_DOT_OUT, NULL},
    /* Belarusian names are written on passports, and so on the lists, by Belarus's own
     * system (the EU's Сяргей Аляксеевіч КАЛІНОЎСКІ is Siarhei Aliakseevich KALINOUSKI),
     * not by BGN/PCGN's Belarusian (Syarhyey Alyaksyeyevich Kalinowski).  Its letters are
     * those of Russian BGN/PCGN but three: г is h, ў is u, і is i (as и). */
    [ROM_BELARUSIAN] = {"stratex-Belarusian-Latin",
                        "г > h; ў > у; і > и; ::Russian-Latin/BGN; ::[\\u00B7] Remove; "
                        "::Latin-ASCII;"},
    /* Russian passports have spelled names by ICAO Doc 9303 since 2013, and lists copy
     * them (the EU's Sergei Petrovich MIKHAILOV, Anatoly Andreevich KOVALEV): й and ы as
     * i and y, е and ё always e, ю iu, я ia, ъ ie, ь left out; where BGN/PCGN writes
     * Sergey, Andreyevich, Kovalëv.  ICU has no such transform; these are its rules
     * (the text is case-folded before it is romanised), BGN/PCGN's for any other letter. */
    [ROM_RUSSIAN_PASSPORT] = {"stratex-Russian-Latin/ICAO",
                              "а > a; б > b; в > v; г > g; д > d; е > e; ё > e; ж > zh; "
                              "з > z; и > i; й > i; к > k; л > l; м > m; н > n; о > o; "
                              "п > p; р > r; с > s; т > t; у > u; ф > f; х > kh; ц > ts; "
                              "ч > ch; ш > sh; щ > shch; ъ > ie; ы > y; ь > ; э > e; "
                              "ю > iu; я > ia; ::Russian-Latin/BGN; ::[\\u00B7] Remove; "
                              "::Latin-ASCII;"},
    [ROM_GREEK] = {"Greek-Latin/UNGEGN; Latin-ASCII", NULL},
    [ROM_ARMENIAN] = {"Armenian-Latin/BGN; Latin-ASCII", NULL},
    [ROM_GEORGIAN] = {"Georgian-Latin/BGN; Latin-ASCII", NULL},
    [ROM_ARABIC] = {"Arabic-Latin; Latin-ASCII", NULL},
    [ROM_HANS] = {"Hant-Hans", NULL},
    [ROM_PINYIN] = {"Han-Latin; Latin-ASCII", NULL},
};

static UTransliterator *rom[ROM_COUNT];
static bool rom_tried[ROM_COUNT];
static pthread_mutex_t rom_lock = PTHREAD_MUTEX_INITIALIZER;

/* s (UTF-8) as UTF-16 into buf of cap units; returns the length, -1 when it does not fit. */
static int32_t utf16_of(UChar *buf, int32_t cap, const char *s)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(buf, cap, &n, s, -1, &err);
    return U_FAILURE(err) || n >= cap ? -1 : n;
}

/* The transliterator of system sys, opened the first time it is asked for (NULL when ICU
 * has no such transliterator).  Called with rom_lock held. */
static UTransliterator *rom_get(int sys)
{
    if (!rom_tried[sys]) {
        rom_tried[sys] = true;
        UChar id[64], rules[512];
        int32_t n = utf16_of(id, 64, rom_specs[sys].id), nr = 0;
        if (rom_specs[sys].rules)
            nr = utf16_of(rules, 512, rom_specs[sys].rules);
        UErrorCode err = U_ZERO_ERROR;
        if (n >= 0 && nr >= 0)
            rom[sys] = utrans_openU(id, n, UTRANS_FORWARD, rom_specs[sys].rules ? rules : NULL,
                                    nr, NULL, &err);
        if (n < 0 || nr < 0 || U_FAILURE(err))
            rom[sys] = NULL;
    }
    return rom[sys];
}

/* The system for a code point's script, or -1 when it is not romanised here.  cyrillic:
 * the system for the name's Cyrillic letters (cyrillic_system). */
static int rom_system(uint32_t cp, int cyrillic)
{
    if ((cp >= 0x0400 && cp <= 0x052F) || (cp >= 0x1C80 && cp <= 0x1C8F))
        return cyrillic;
    if ((cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF))
        return ROM_GREEK;
    if (cp >= 0x0531 && cp <= 0x058F)
        return ROM_ARMENIAN;
    if ((cp >= 0x10A0 && cp <= 0x10FF) || (cp >= 0x1C90 && cp <= 0x1CBF))
        return ROM_GEORGIAN;
    return -1;
}

/* Which language a name's Cyrillic letters are (the text is case-folded), by the letters
 * only one of them has: ў is Belarusian's alone; ї, є and ґ Ukrainian's; і is both
 * Ukrainian and Belarusian, Belarusian when ы or э, which Ukrainian lacks, are there too
 * (Сяргей Аляксеевіч КАЛІНОЎСКІ; Сергій Віталійович Курченко).  Otherwise Russian.
 * Each is read its own way: Ukrainian Володимир is Volodymyr, not Russian's Volodimir. */
static int cyrillic_system(const utf8proc_uint8_t *s, utf8proc_ssize_t n)
{
    bool i = false, ukrainian = false, not_ukrainian = false;
    for (utf8proc_ssize_t at = 0; at < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + at, n - at, &c);
        if (k <= 0)
            break;
        if (c == 0x045E) /* ў */
            return ROM_BELARUSIAN;
        i |= c == 0x0456;
        ukrainian |= c == 0x0457 || c == 0x0454 || c == 0x0491; /* ї є ґ */
        not_ukrainian |= c == 0x044B || c == 0x044D;            /* ы э */
        at += k;
    }
    if (ukrainian)
        return ROM_UKRAINIAN;
    if (i)
        return not_ukrainian ? ROM_BELARUSIAN : ROM_UKRAINIAN;
    return ROM_RUSSIAN;
}

#define ROM_RUN_MAX 256 /* code points romanised at once; longer runs are cut */

/* Romanises one run of code points of one system into buf (UTF-16; all these scripts
 * are in the BMP).  Returns the length written, or 0 when it could not. */
static int32_t romanise_run(UChar *buf, int32_t cap, const uint32_t *cps, int32_t n, int sys)
{
    if (n * 4 > cap)
        return 0;
    for (int32_t i = 0; i < n; i++)
        buf[i] = (UChar)cps[i];
    int32_t len = n, limit = n;
    UErrorCode err = U_ZERO_ERROR;
    pthread_mutex_lock(&rom_lock);
    UTransliterator *t = rom_get(sys);
    if (t)
        utrans_transUChars(t, buf, &len, cap, 0, &limit, &err);
    pthread_mutex_unlock(&rom_lock);
    return t && !U_FAILURE(err) ? len : 0;
}

/* Letters of Urdu and Pashto that ICU's Arabic-Latin leaves as they are, as the Arabic
 * letter romanised the same way: Urdu's ہ and ھ (the second also marks aspiration, بھ
 * bh) as ه, ے as ي, ۃ as ة; the retroflex ٹ ټ, ڈ ډ, ڑ ړ as t, d, r; Pashto's ښ as ش,
 * ږ as ژ, ګ as گ, ځ as ز (dz), څ as س (ts), ۍ ې as ي; ں ڼ as ن; the Maghreb's ڨ as
 * گ (g). */
static const uint32_t arabic_letters[][2] = {
    {0x06C1, 0x0647}, {0x06BE, 0x0647}, {0x06D2, 0x064A}, {0x06C3, 0x0629},
    {0x0679, 0x062A}, {0x067C, 0x062A}, {0x0688, 0x062F}, {0x0689, 0x062F},
    {0x0691, 0x0631}, {0x0693, 0x0631}, {0x069A, 0x0634}, {0x0696, 0x0698},
    {0x06AB, 0x06AF}, {0x0681, 0x0632}, {0x0685, 0x0633}, {0x06CD, 0x064A},
    {0x06D0, 0x064A}, {0x06BA, 0x0646}, {0x06BC, 0x0646}, {0x06A8, 0x06AF},
};

static uint32_t arabic_letter_of(uint32_t cp)
{
    for (size_t i = 0; i < sizeof arabic_letters / sizeof *arabic_letters; i++)
        if (arabic_letters[i][0] == cp)
            return arabic_letters[i][1];
    return cp;
}

int sx_arabic_latin(sx_buf *out, const char *s, size_t len)
{
    uint32_t cps[ROM_RUN_MAX];
    size_t n = 0;
    for (size_t i = 0; i < len && n < ROM_RUN_MAX;) {
        uint32_t cp;
        int k = sx_utf8_decode(s + i, len - i, &cp);
        if (k <= 0)
            break;
        i += (size_t)k;
        if (cp == 0x0640) /* tatweel only stretches a line */
            continue;
        cp = arabic_letter_of(cp);
        /* ة is read a at a word's end (Hamza, Fatima; lists write -a or -ah), t before a
         * suffix; ICU writes t. */
        bool last = i >= len;
        cps[n++] = cp == 0x0629 && last ? 0x0627 : cp;
    }
    UChar lat[ROM_RUN_MAX * 4];
    int32_t m = n ? romanise_run(lat, ROM_RUN_MAX * 4, cps, (int32_t)n, ROM_ARABIC) : 0;
    int rc = 0;
    for (int32_t j = 0; j < m && rc == 0; j++) {
        UChar u = lat[j];
        if (u >= 'A' && u <= 'Z')
            u = (UChar)(u - 'A' + 'a');
        if (u >= 'a' && u <= 'z')
            rc = sx_buf_putc(out, (char)u);
        else if (u == 0x02BF || u == 0x02BE || u == '\'' || u == 0x2019)
            rc = sx_buf_putc(out, '\''); /* ʿayn, hamza */
    }
    return rc ? rc : sx_buf_puts(out, "");
}

/* Han text through one of ICU's transforms, in runs of at most ROM_RUN_MAX code points
 * of the BMP (the transforms know no others); other code points are copied as they are. */
static int han_transform(sx_buf *out, const char *s, size_t len, int sys)
{
    uint32_t cps[ROM_RUN_MAX];
    UChar buf[ROM_RUN_MAX * 4];
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        size_t n = 0, start = i;
        for (uint32_t cp; i < len && n < ROM_RUN_MAX;) {
            int k = sx_utf8_decode(s + i, len - i, &cp);
            if (k <= 0 || cp > 0xFFFF)
                break;
            cps[n++] = cp;
            i += (size_t)k;
        }
        int32_t m = n ? romanise_run(buf, ROM_RUN_MAX * 4, cps, (int32_t)n, sys) : 0;
        if (n && !m) /* the transform failed: the run as it was */
            rc = sx_buf_put(out, s + start, i - start);
        for (int32_t j = 0; j < m && rc == 0; j++) {
            char u8[4];
            int w = buf[j] >= 0xD800 && buf[j] <= 0xDFFF ? 0 : sx_utf8_encode(buf[j], u8);
            rc = w > 0 ? sx_buf_put(out, u8, (size_t)w) : 0;
        }
        if (rc == 0 && i < len && (!n || i == start)) { /* beyond the BMP, or undecodable */
            uint32_t cp;
            int k = sx_utf8_decode(s + i, len - i, &cp);
            size_t step = k > 0 ? (size_t)k : 1;
            rc = sx_buf_put(out, s + i, step);
            i += step;
        }
    }
    return rc ? rc : sx_buf_puts(out, "");
}

int sx_han_simplified(sx_buf *out, const char *s, size_t len)
{
    return han_transform(out, s, len, ROM_HANS);
}

int sx_han_pinyin(sx_buf *out, const char *s, size_t len)
{
    sx_buf lat = SX_BUF_INIT;
    int rc = han_transform(&lat, s, len, ROM_PINYIN);
    for (size_t i = 0; rc == 0 && i < lat.len; i++) {
        char ch = lat.ptr[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch >= 'a' && ch <= 'z')
            rc = sx_buf_putc(out, ch);
    }
    sx_buf_free(&lat);
    return rc ? rc : sx_buf_puts(out, "");
}

/* One code point of the case-folded name into out: apostrophes join, other
 * punctuation becomes one space, letters are folded. */
static int emit(sx_buf *out, uint32_t c, bool *space, size_t start)
{
    if (is_apostrophe(c))
        return 0;
    if (!keep(c)) {
        if (!*space) {
            *space = true;
            return sx_buf_putc(out, ' ');
        }
        return 0;
    }
    /* A combining mark left after a Latin letter (no precomposed form) is dropped. */
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
    if (cat == UTF8PROC_CATEGORY_MN && out->len > start &&
        (unsigned char)out->ptr[out->len - 1] < 0x80)
        return 0;
    *space = false;
    return put_folded(out, c);
}

static int normalise(sx_buf *out, const char *in, size_t len, bool passport, bool *russian);

int sx_text_normalise(sx_buf *out, const char *in, size_t len)
{
    bool russian;
    return normalise(out, in, len, false, &russian);
}

int sx_text_normalise_passport(sx_buf *out, const char *in, size_t len, bool *russian)
{
    return normalise(out, in, len, true, russian);
}

/* passport: Russian Cyrillic read by the passport system, not BGN/PCGN's.  *russian:
 * whether the name has Cyrillic read as Russian. */
static int normalise(sx_buf *out, const char *in, size_t len, bool passport, bool *russian)
{
    /* utf8proc wants valid UTF-8: replace bad bytes first. */
    sx_buf clean = SX_BUF_INIT;
    int rc = 0;
    uint32_t cp;
    char enc[4];
    for (size_t i = 0; i < len;) {
        int k = sx_utf8_decode(in + i, len - i, &cp);
        if (k <= 0 || cp == 0) {
            cp = k <= 0 ? 0xFFFD : ' ';
            k = 1;
        }
        if ((rc = sx_buf_put(&clean, enc, (size_t)sx_utf8_encode(cp, enc))) != 0)
            goto done;
        i += (size_t)k;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t mlen = utf8proc_map(
        (const utf8proc_uint8_t *)(clean.ptr ? clean.ptr : ""), (utf8proc_ssize_t)clean.len,
        &mapped, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                     UTF8PROC_IGNORE);
    if (mlen < 0) {
        rc = sx_error_set(SX_EINVAL, "name normalisation failed: %s",
                          utf8proc_errmsg(mlen));
        goto done;
    }
    bool space = true; /* at start: no leading space */
    int cyrillic = cyrillic_system(mapped, mlen);
    bool cyrillic_met = false;
    if (passport && cyrillic == ROM_RUSSIAN)
        cyrillic = ROM_RUSSIAN_PASSPORT;
    size_t start = out->len;
    for (utf8proc_ssize_t i = 0; i < mlen && rc == 0;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, mlen - i, &c);
        if (k <= 0)
            break;
        i += k;
        int sys = rom_system((uint32_t)c, cyrillic);
        cyrillic_met |= sys == cyrillic;
        if (sys < 0) {
            rc = emit(out, (uint32_t)c, &space, start);
            continue;
        }
        /* A run of letters (and their marks) of one script is romanised whole: the
         * systems read some letters by their neighbours (Greek ου, Russian е after a
         * vowel). */
        uint32_t run[ROM_RUN_MAX];
        int32_t n = 0;
        run[n++] = (uint32_t)c;
        while (i < mlen && n < ROM_RUN_MAX) {
            utf8proc_int32_t d;
            utf8proc_ssize_t kd = utf8proc_iterate(mapped + i, mlen - i, &d);
            if (kd <= 0 || (rom_system((uint32_t)d, cyrillic) != sys &&
                            utf8proc_category(d) != UTF8PROC_CATEGORY_MN))
                break;
            run[n++] = (uint32_t)d;
            i += kd;
        }
        UChar lat[ROM_RUN_MAX * 4];
        int32_t m = romanise_run(lat, ROM_RUN_MAX * 4, run, n, sys);
        for (int32_t j = 0; j < m && rc == 0; j++)
            rc = emit(out, lat[j], &space, start);
        for (int32_t j = 0; m == 0 && j < n && rc == 0; j++) /* no ICU: as written */
            rc = emit(out, run[j], &space, start);
    }
    free(mapped);
    *russian = cyrillic_met && (cyrillic == ROM_RUSSIAN || cyrillic == ROM_RUSSIAN_PASSPORT);
    if (rc == 0) {
        if (out->len > start && out->ptr[out->len - 1] == ' ')
            out->ptr[--out->len] = '\0';
        rc = sx_buf_puts(out, "");
    }
done:
    sx_buf_free(&clean);
    return rc;
}

/* ---- names run together ---- */

/* Whether s starts the legal form "Co., Ltd." (also "CO.,LTD", "Co.Ltd"), in any case:
 * written in capitals and run into the name ("SANYANGELECTROMECHANICSCO.,LTD"), only
 * its abbreviation mark tells it from the name's own letters. */
static bool glued_co_ltd(const char *s)
{
    if (strncasecmp(s, "co.", 3) != 0)
        return false;
    s += 3;
    while (*s == ',' || *s == ' ')
        s++;
    return strncasecmp(s, "ltd", 3) == 0;
}

/* Whether the letters that start s, the rest of a word, are a legal form of one word
 * (legal_forms.tsv) run into the name before them.  Written in full, from
 * GLUED_LEGAL_MIN letters (corporation, company, limited).  Abbreviated with its mark
 * ("INC.", "CORP.", "LTD."), from GLUED_ABBREVIATION_MIN: written in capitals and run
 * into the name (TRICOMINC., YAMATOINTERNATIONALINC.), the mark is what tells it from the
 * name's own letters, as for "Co., Ltd."; "ZINC" and "Zinc Co." stay whole (and co., a
 * name's ending as often as an abbreviation, is not one of them: TESCO.). */
#define GLUED_LEGAL_MIN 7
#define GLUED_ABBREVIATION_MIN 3
static bool glued_legal(const char *s)
{
    char lower[32];
    size_t n = 0;
    while (n < sizeof lower && isalpha((unsigned char)s[n]))
        n++;
    bool form = n >= GLUED_LEGAL_MIN || (n >= GLUED_ABBREVIATION_MIN && s[n] == '.');
    if (!form || n >= sizeof lower)
        return false;
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)tolower((unsigned char)s[i]);
    lower[n] = '\0';
    return sx_legal_latin(lower, n) != NULL;
}

/* Whether a join at its capitals starts a part at name[i]: a lower-case letter then a
 * capital, or a run of capitals then a capital and a lower-case letter (the run being an
 * acronym).  The capital must start a part of two letters or more: GmbH is one word. */
static bool capital_join(const char *name, size_t i)
{
    unsigned char prev = i ? (unsigned char)name[i - 1] : ' ', c = (unsigned char)name[i],
                  next = (unsigned char)name[i + 1];
    return isupper(c) && isalpha(next) && (islower(prev) || (isupper(prev) && islower(next)));
}

/* Whether name[start, end), a part the capitals would make, is an abbreviated legal form
 * (Co, Inc, Corp, Ltd, AG) that neither its full stop nor the end of the name tells from
 * the name's own letters: CoAsia and MiCo Ltd. are names, not Asia and Mi with Co., as
 * SiemensAG and ESTsoftCorp. are Siemens and ESTsoft. */
static bool bare_legal_part(const char *name, size_t start, size_t end)
{
    char lower[GLUED_LEGAL_MIN];
    size_t n = end - start;
    if (n == 0 || n >= sizeof lower || name[end] == '.')
        return false;
    bool last = true;
    for (const char *s = name + end; *s && last; s++)
        last = !isalnum((unsigned char)*s);
    if (last)
        return false;
    for (size_t k = 0; k < n; k++)
        lower[k] = (char)tolower((unsigned char)name[start + k]);
    lower[n] = '\0';
    return sx_legal_latin(lower, n) != NULL;
}

/* The end of the part a join at its capitals starts at name[i]: a capital and its small
 * letters, or a run of capitals up to the next join or the end of the word. */
static size_t capital_part_end(const char *name, size_t i)
{
    size_t j = i + 1;
    while (isalpha((unsigned char)name[j]) && !capital_join(name, j))
        j++;
    return j;
}

/* A join is a join at the capitals (capital_join) that splits off no bare legal form
 * (bare_legal_part); a letter then "Co., Ltd"; the third letter of a word or a later
 * one, then a legal form of one word ending the word (SESILCORPORATION, Brainzcompany: a
 * name of three letters or more before it, so that unlimited and incorporation stay
 * whole), or an abbreviated one with its full stop (TRICOMINC.). */
bool sx_split_at_capitals(char *out, size_t size, const char *name)
{
    bool any = false;
    size_t o = 0, word = 0, part = 0; /* where the word and the part of name[i] start */
    for (size_t i = 0; name[i] && o + 2 < size; i++) {
        char prev = i ? name[i - 1] : ' ', c = name[i];
        if (!isalpha((unsigned char)prev))
            word = part = i;
        bool join = (capital_join(name, i) && !bare_legal_part(name, part, i) &&
                     !bare_legal_part(name, i, capital_part_end(name, i))) ||
                    (isalpha((unsigned char)prev) && glued_co_ltd(name + i)) ||
                    (i >= word + 3 && glued_legal(name + i));
        if (join) {
            out[o++] = ' ';
            any = true;
            part = i;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return any && o + 2 < size;
}
