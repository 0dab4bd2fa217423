/* Loanword readings of English list names: how a Korean or Japanese writer spells an
 * English word.  "Dreamus Company" is registered in Korea as 드림어스컴퍼니 and in Japan
 * it would be ドリーマスカンパニー; a query in Hangul or katakana is read into Latin
 * letters by the romanisers (deurimeoseukeompeoni, dorimasukanpani), which look nothing
 * like the English spelling.  So the English side is read the other way: espeak-ng (the
 * library made for English letter-to-sound, with its dictionary and rules for unknown
 * words) gives the pronunciation in IPA, and the loanword orthographies turn the sounds
 * into Hangul (the National Institute of Korean Language's 외래어 표기법, English
 * table) or kana (the usual katakana conventions).  The Hangul is romanised with the same
 * RR renderer as queries; the kana goes straight to Hepburn with long vowels collapsed,
 * as query kana is.  No library does the sound-to-Hangul/kana step, so it is here.
 *
 * Words that already read as romanised Korean (Daesung) or Japanese (Kaneko) were
 * probably romanised from the native name: sx_romanised_korean/japanese tell the index,
 * which then also keeps a reading with those words as they are. */
#ifndef SX_NO_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif
#include <pthread.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/screen/similarity.h"
#include "lib/screen/textint.h"
#include "util/error.h"
#include "util/utf8.h"

#define MAX_PHONES 96
#define LOAN_DICT_AGREE 0.6f /* how alike EDICT's katakana and the guess must read */
#define LOAN_CLIPPED 0.75f    /* a dictionary reading shorter than this share is clipped */

/* ---- espeak-ng: one engine for the process, serialised ---- */

static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;
static int engine_state; /* 0 untried, 1 ready, -1 unavailable */

static bool engine_ready(void)
{
#ifdef SX_NO_ESPEAK
    engine_state = -1; /* built without espeak-ng (make ESPEAK=0) */
#else
    if (engine_state == 0) {
        /* British English: non-rhotic and unflapped, as the loanword tables assume
         * (sensor is 센서 / センサー, not 센서르). */
        engine_state = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL,
                                         espeakINITIALIZE_DONT_EXIT) > 0 &&
                               espeak_SetVoiceByName("en") == EE_OK
                           ? 1
                           : -1;
    }
#endif
    return engine_state == 1;
}

void sx_loan_signature(char *out, size_t size)
{
#ifdef SX_NO_ESPEAK
    snprintf(out, size, "espeak none");
#else
    /* Its version, and the library file itself (a package update replaces it together
     * with its phoneme data; the data path is known only once the engine is started,
     * which opening an index must not pay for). */
    const char *version = espeak_Info(NULL);
    Dl_info info;
    char lib[PATH_MAX];
    struct stat st;
    if (dladdr((void *)(uintptr_t)espeak_Info, &info) && info.dli_fname &&
        realpath(info.dli_fname, lib) && stat(lib, &st) == 0)
        snprintf(out, size, "espeak %s %s %lld %lld.%09ld", version ? version : "?", lib,
                 (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    else
        snprintf(out, size, "espeak %s", version ? version : "?");
#endif
}

/* The pronunciation of w in IPA, or NULL.  Caller holds engine_lock. */
static const char *pronounce(const char *w)
{
#ifdef SX_NO_ESPEAK
    (void)w;
    return NULL;
#else
    const void *p = w;
    return espeak_TextToPhonemes(&p, espeakCHARS_UTF8, espeakPHONEMES_IPA);
#endif
}

/* ---- sounds ---- */

/* Vowel classes shared by both orthographies; diphthongs are one phone. */
enum vowel { V_I, V_E, V_AE, V_A, V_O, V_U, V_SCHWA, V_AI, V_AU, V_EI, V_OU, V_OI, V_IA,
             V_EA, V_UA };

/* Consonants: the letters used by the tables below ('S' = sh, 'Z' = zh, 'C' = ch,
 * 'J' = dj, 'T' = th, 'D' = dh, 'N' = ng, 'R' = r, 'j' and 'w' glides). */
typedef struct phone {
    char c;      /* consonant letter, or 0 for a vowel */
    uint8_t v;   /* vowel class */
    bool len;    /* a long vowel (ː), or a final schwa standing for -er */
    bool reduced; /* ə ɐ ɚ ɪ ᵻ: a weak vowel, which writers spell as the word is spelled */
    char spelled; /* the spelling's vowel letter for it, when the two line up; else 0 */
} phone;

static bool vowel_cp(uint32_t cp, int *cls)
{
    switch (cp) {
    case 'i': case 0x026A: case 0x1D7B: case 0x0268: *cls = V_I; return true; /* i ɪ ᵻ ɨ */
    case 'e': case 0x025B: *cls = V_E; return true;                          /* e ɛ */
    case 0x00E6: case 'a': *cls = V_AE; return true;                         /* æ a */
    case 0x0251: *cls = V_A; return true;                                    /* ɑ */
    case 'o': case 0x0252: case 0x0254: *cls = V_O; return true;             /* o ɒ ɔ */
    case 'u': case 0x028A: *cls = V_U; return true;                          /* u ʊ */
    case 0x0259: case 0x028C: case 0x0250: case 0x025C: case 0x025A: case 0x0275:
        *cls = V_SCHWA; /* ə ʌ ɐ ɜ ɚ ɵ */
        return true;
    default: return false;
    }
}

static char consonant_cp(uint32_t cp)
{
    switch (cp) {
    case 'p': case 'b': case 't': case 'd': case 'k': case 'f': case 'v': case 's':
    case 'z': case 'h': case 'm': case 'n': case 'l': case 'j': case 'w':
        return (char)cp;
    case 'g': case 0x0261: return 'g';
    case 'x': return 'h';
    case 0x0283: return 'S'; /* ʃ */
    case 0x0292: return 'Z'; /* ʒ */
    case 0x03B8: return 'T'; /* θ */
    case 0x00F0: return 'D'; /* ð */
    case 0x014B: return 'N'; /* ŋ */
    case 0x0279: case 'r': case 0x027E: return 'R'; /* ɹ r ɾ */
    default: return 0;
    }
}

/* Diphthongs espeak writes as two vowel letters. */
static int diphthong(int a, int b)
{
    if (a == V_AE && b == V_I) return V_AI;
    if (a == V_AE && b == V_U) return V_AU;
    if (a == V_E && b == V_I) return V_EI;
    if ((a == V_SCHWA || a == V_O) && b == V_U) return V_OU;
    if (a == V_O && b == V_I) return V_OI;
    if (a == V_I && b == V_SCHWA) return V_IA;
    if (a == V_E && b == V_SCHWA) return V_EA;
    if (a == V_U && b == V_SCHWA) return V_UA;
    return -1;
}

/* IPA from espeak to phones; stress, syllabic and glottal marks are dropped. */
static size_t parse_ipa(phone *ph, size_t room, const char *ipa)
{
    uint32_t cps[MAX_PHONES * 2];
    size_t n = sx_decode(cps, MAX_PHONES * 2, ipa, strlen(ipa)), np = 0;
    if (room > MAX_PHONES)
        room = MAX_PHONES;
    for (size_t i = 0; i < n && np < room; i++) {
        int v;
        char c;
        if (vowel_cp(cps[i], &v)) {
            /* A schwa before ʊ is the first half of əʊ (go), not the second of ɪə:
             * radio, ɹeɪdɪəʊ, is レイディオ, not レイディアウ. */
            bool goat = v == V_SCHWA && i + 1 < n && cps[i + 1] == 0x028A;
            int d = np > 0 && ph[np - 1].c == 0 && !ph[np - 1].len && !goat
                        ? diphthong(ph[np - 1].v, v)
                        : -1;
            bool weak = cps[i] == 0x0259 || cps[i] == 0x0250 || cps[i] == 0x025A ||
                        cps[i] == 0x026A || cps[i] == 0x1D7B;
            if (d >= 0) {
                ph[np - 1].v = (uint8_t)d;
                ph[np - 1].reduced = false;
            } else {
                ph[np++] = (phone){0, (uint8_t)v, false, weak, 0};
            }
        } else if (cps[i] == 0x02D0 && np > 0 && ph[np - 1].c == 0) { /* ː */
            ph[np - 1].len = true;
        } else if ((c = consonant_cp(cps[i])) != 0) {
            /* tʃ and dʒ are one sound. */
            if (np > 0 && ph[np - 1].c == 't' && c == 'S')
                ph[np - 1].c = 'C';
            else if (np > 0 && ph[np - 1].c == 'd' && c == 'Z')
                ph[np - 1].c = 'J';
            else
                ph[np++] = (phone){c, 0, false, false, 0};
        }
    }
    /* ts and dz closing a syllable are one sound each (츠/ツ, 즈/ズ: cats, foods); aʊə
     * is written with a w (파워/パワー power, 타워 tower). */
    phone in[MAX_PHONES];
    memcpy(in, ph, np * sizeof *ph);
    size_t o = 0;
    for (size_t i = 0; i < np && o < room; i++) {
        bool closing = i + 2 >= np || in[i + 2].c != 0;
        if (in[i].c == 't' && i + 1 < np && in[i + 1].c == 's' && closing) {
            ph[o++] = (phone){'X', 0, false, false, 0};
            i++;
        } else if (in[i].c == 'd' && i + 1 < np && in[i + 1].c == 'z' && closing) {
            ph[o++] = (phone){'z', 0, false, false, 0};
            i++;
        } else if (in[i].c == 0 && in[i].v == V_AU && i + 1 < np && in[i + 1].c == 0 &&
                   in[i + 1].v == V_SCHWA && o + 1 < room) {
            ph[o++] = (phone){0, V_A, false, false, 0};
            ph[o++] = (phone){'w', 0, false, false, 0};
        } else {
            ph[o++] = in[i];
        }
    }
    np = o;
    /* A final schwa is mostly a lost -er, -or, -a: long in kana (センサー). */
    if (np > 0 && ph[np - 1].c == 0 && ph[np - 1].v == V_SCHWA)
        ph[np - 1].len = true;
    return np;
}

static bool short_vowel(const phone *p)
{
    return p->c == 0 && !p->len && p->v <= V_SCHWA && p->v != V_A;
}

/* Lines up the vowel sounds with the spelling's vowel groups (a silent final e left
 * out) and, when there are as many of each, notes each weak vowel's letter: Japanese
 * and, for o and e, Korean writers follow the spelling there (technology テクノロジー,
 * 테크놀로지; system システム, 시스템), not the sound (ə). */
static void spell_weak_vowels(phone *ph, size_t np, const char *w)
{
    char groups[MAX_PHONES];
    size_t ng = 0, n = strlen(w);
    if (n > 3 && w[n - 1] == 'e' && !strchr("aeiouy", w[n - 2]))
        n--; /* silent e */
    for (size_t i = 0; i < n && ng < MAX_PHONES;) {
        bool vowel = strchr("aeiou", w[i]) || (w[i] == 'y' && i > 0);
        if (!vowel) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && strchr("aeiouy", w[j]))
            j++;
        groups[ng++] = w[j - 1] == 'y' ? 'i' : w[j - 1]; /* -ion, -ia: the last letter */
        i = j;
    }
    size_t nv = 0;
    for (size_t i = 0; i < np; i++)
        nv += ph[i].c == 0;
    if (nv != ng)
        return;
    for (size_t i = 0, g = 0; i < np; i++)
        if (ph[i].c == 0) {
            if (ph[i].reduced)
                ph[i].spelled = groups[g];
            g++;
        }
}

/* A weak vowel as the Japanese write it: by its letter. */
static int ja_weak(const phone *p)
{
    switch (p->reduced && !p->len ? p->spelled : 0) {
    case 'a': return V_A;
    case 'e': return V_E;
    case 'i': return V_I;
    case 'o': return V_O;
    case 'u': return V_U;
    default: return p->v;
    }
}

/* ... and as the Koreans do: o and e by the letter, the rest by the sound (컴퍼니);
 * a final -er, -or stays 어 (센서, 파워), a final -a is 아 (카메라, 드라마, 소파, 오로라). */
static int ko_weak(const phone *p)
{
    if (p->reduced && !p->len && p->v == V_SCHWA && (p->spelled == 'o' || p->spelled == 'e'))
        return p->spelled == 'o' ? V_O : V_E;
    if (p->reduced && p->len && p->v == V_SCHWA && p->spelled == 'a')
        return V_A;
    return p->v;
}

/* ---- Hangul (외래어 표기법, English) ---- */

typedef struct syl {
    int l, v, t; /* jamo indexes; t = 0 for no final */
    bool epenthetic; /* the vowel is an added ㅡ (or ㅣ) */
} syl;

/* Initial jamo index of a consonant before a vowel. */
static int ko_initial(char c)
{
    switch (c) {
    case 'p': case 'f': return 17; /* ㅍ */
    case 'b': case 'v': return 7;  /* ㅂ */
    case 't': return 16;           /* ㅌ */
    case 'd': case 'D': return 3;  /* ㄷ */
    case 'k': return 15;           /* ㅋ */
    case 'g': return 0;            /* ㄱ */
    case 's': case 'T': case 'S': return 9; /* ㅅ */
    case 'z': case 'Z': case 'J': return 12; /* ㅈ */
    case 'C': case 'X': return 14; /* ㅊ */
    case 'm': return 6;
    case 'n': return 2;
    case 'l': case 'R': return 5;  /* ㄹ */
    case 'h': return 18;
    default: return 11;            /* ㅇ */
    }
}

/* Medial jamo index of a vowel, after a j or w glide (g = 'j', 'w' or 0). */
static int ko_medial(int v, char g)
{
    static const int plain[] = {20, 5, 1, 0, 8, 13, 4};  /* ㅣ ㅔ ㅐ ㅏ ㅗ ㅜ ㅓ */
    static const int jglide[] = {20, 7, 3, 2, 12, 17, 6}; /* ㅣ ㅖ ㅒ ㅑ ㅛ ㅠ ㅕ */
    static const int wglide[] = {16, 15, 10, 9, 14, 13, 14}; /* ㅟ ㅞ ㅙ ㅘ ㅝ ㅜ ㅝ */
    return g == 'j' ? jglide[v] : g == 'w' ? wglide[v] : plain[v];
}

/* First and second vowel of a diphthong (second -1 when it is one Korean vowel). */
static void ko_split(int v, int *a, int *b)
{
    static const int first[] = {V_A, V_A, V_E, V_O, V_O, V_I, V_E, V_U};
    static const int second[] = {V_I, V_U, V_I, -1, V_I, V_SCHWA, V_SCHWA, V_SCHWA};
    if (v < V_AI) {
        *a = v;
        *b = -1;
        return;
    }
    *a = first[v - V_AI];
    *b = second[v - V_AI];
}

static size_t ko_push(syl *s, size_t n, size_t room, syl x)
{
    if (n < room)
        s[n++] = x;
    return n;
}

static size_t to_hangul(syl *s, size_t room, const phone *ph, size_t np)
{
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        const phone *p = &ph[i];
        bool vowel_next = i + 1 < np && ph[i + 1].c == 0;
        syl *prev = n ? &s[n - 1] : NULL;
        if (p->c == 0) { /* a vowel with no consonant before it */
            int a, b;
            ko_split(ko_weak(p), &a, &b);
            n = ko_push(s, n, room, (syl){11, ko_medial(a, 0), 0, false});
            if (b >= 0)
                n = ko_push(s, n, room, (syl){11, ko_medial(b, 0), 0, false});
            continue;
        }
        if ((p->c == 'j' || p->c == 'w') && vowel_next) { /* glide + vowel */
            int a, b;
            ko_split(ko_weak(&ph[i + 1]), &a, &b);
            /* A glide after a consonant joins it (뷰 view, 퀴 qui). */
            bool joined = prev && prev->epenthetic && prev->t == 0 && prev->v == 18;
            syl x = {joined ? prev->l : 11, ko_medial(a, p->c), 0, false};
            if (joined)
                *prev = x;
            else
                n = ko_push(s, n, room, x);
            if (b >= 0)
                n = ko_push(s, n, room, (syl){11, ko_medial(b, 0), 0, false});
            i++;
            continue;
        }
        if (vowel_next) { /* consonant + vowel */
            int a, b;
            ko_split(ko_weak(&ph[i + 1]), &a, &b);
            /* An l between vowels, or after a consonant, is written ㄹㄹ (필름, 클럽). */
            if (p->c == 'l' && prev && prev->t == 0)
                prev->t = 8;
            if (p->c == 'N' && prev && prev->t == 0) /* 싱잉 */
                prev->t = 21;
            int m = p->c == 'S' ? ko_medial(a, 'j') : ko_medial(a, 0); /* 샤 셔 슈 */
            n = ko_push(s, n, room, (syl){ko_initial(p->c), m, 0, false});
            if (b >= 0)
                n = ko_push(s, n, room, (syl){11, ko_medial(b, 0), 0, false});
            i++;
            continue;
        }
        /* A consonant with no vowel after it.  Before a glide it takes ㅡ, which the
         * glide then replaces (뉴 news, 뷰 view). */
        bool nasal = p->c == 'm' || p->c == 'n' || p->c == 'N' || p->c == 'l';
        if (i + 2 < np && (ph[i + 1].c == 'j' || ph[i + 1].c == 'w') && ph[i + 2].c == 0 &&
            !strchr("Rjw", p->c) && !(nasal && prev && prev->t == 0 && !prev->epenthetic)) {
            n = ko_push(s, n, room, (syl){ko_initial(p->c), 18, 0, true});
            continue;
        }
        bool coda_free = prev && prev->t == 0 && !prev->epenthetic;
        int t = 0;
        switch (p->c) {
        case 'm': t = 16; break;
        case 'n': t = 4; break;
        case 'N': t = 21; break;
        case 'l': t = 8; break;
        case 'R': case 'h': case 'j': case 'w': continue; /* silent r; lone glides */
        case 'p': case 't': case 'k': {
            /* After a short vowel, word-final or before a consonant other than l r m n,
             * p t k are finals (갭, 캣, 북, 액트). */
            bool next_ok = i + 1 == np || !strchr("lRmn", ph[i + 1].c);
            if (coda_free && i > 0 && short_vowel(&ph[i - 1]) && next_ok)
                t = p->c == 'p' ? 17 : p->c == 't' ? 19 : 1;
            break;
        }
        default: break;
        }
        bool nasal_or_l = t == 16 || t == 4 || t == 21 || t == 8;
        if (t && (coda_free || (nasal_or_l && prev && prev->t == 0))) {
            prev->t = t;
            continue;
        }
        if (nasal_or_l) { /* nothing to hang it on: 은, 음 */
            n = ko_push(s, n, room, (syl){11, 18, t, true});
            continue;
        }
        /* Otherwise the consonant gets ㅡ (스, 트, 프), or ㅣ for sh/ch/j (시, 치, 지). */
        bool front = p->c == 'S' || p->c == 'C' || p->c == 'J' || p->c == 'Z';
        n = ko_push(s, n, room, (syl){ko_initial(p->c), front ? 20 : 18, 0, true});
    }
    return n;
}

/* ---- kana, straight to Hepburn ---- */

static const char *ja_vowel(int v)
{
    static const char *const tab[] = {"i", "e", "a", "a", "o", "u", "a", "ai", "au", "ei",
                                      "o", "oi", "ia", "ea", "ua"};
    return tab[v];
}

/* Hepburn of consonant c before the first letter of vowel string vs. */
static const char *ja_onset(char c, char v)
{
    switch (c) {
    case 'p': return "p";
    case 'b': case 'v': return "b";
    case 't': return v == 'u' ? "ts" : "t";
    case 'd': return "d";
    case 'k': return "k";
    case 'g': return "g";
    case 'f': return "f";
    case 's': case 'T': return v == 'i' ? "sh" : "s";
    case 'z': case 'D': return v == 'i' ? "j" : "z";
    case 'S': return "sh";
    case 'X': return "ts";
    case 'Z': case 'J': return "j";
    case 'C': return "ch";
    case 'm': return "m";
    case 'n': return "n";
    case 'N': return "ng";
    case 'l': case 'R': return "r";
    case 'h': return v == 'u' ? "f" : "h";
    case 'j': return "y";
    case 'w': return v == 'a' || v == 'o' ? "w" : v == 'u' ? "" : "u";
    default: return "";
    }
}

/* The vowel kana add to a bare consonant (ト, ド, ク, ス, シュ, チ, ジ). */
static const char *ja_bare(char c, const phone *next)
{
    switch (c) {
    case 't': return "to";
    case 'd': return "do";
    case 'X': return "tsu";
    case 'C': return "chi";
    case 'J': case 'Z': return "ji";
    case 'S': return "shu";
    case 'n': return "n";
    case 'm': return next && strchr("pbm", next->c ? next->c : '?') ? "n" : "mu";
    case 'N': return next && strchr("kg", next->c ? next->c : '?') ? "n" : "ngu";
    case 'R': case 'h': case 'j': case 'w': return "";
    case 'l': return "ru";
    case 'p': return "pu";
    case 'b': case 'v': return "bu";
    case 'k': return "ku";
    case 'g': return "gu";
    case 'f': return "fu";
    case 's': case 'T': return "su";
    case 'z': case 'D': return "zu";
    default: return "";
    }
}

static int to_hepburn(sx_buf *out, const phone *ph, size_t np)
{
    int rc = 0;
    for (size_t i = 0; i < np && rc == 0; i++) {
        const phone *p = &ph[i];
        if (p->c == 0) {
            rc = sx_buf_puts(out, ja_vowel(ja_weak(p)));
            continue;
        }
        /* A consonant before a glide and a vowel: kyu, byu, nyu, hyu (キュ, ビュ, ニュ,
         * ヒュ); kui for kw (クイック). */
        if (i + 2 < np && ph[i + 2].c == 0 && (ph[i + 1].c == 'j' || ph[i + 1].c == 'w') &&
            (!strchr("jwRh", p->c) || (p->c == 'h' && ph[i + 1].c == 'j'))) {
            const char *v = ja_vowel(ja_weak(&ph[i + 2]));
            if (ph[i + 1].c == 'j') {
                const char *o = ja_onset(p->c, 'a');
                bool palatal = !strcmp(o, "sh") || !strcmp(o, "ch") || !strcmp(o, "j");
                if ((rc = sx_buf_puts(out, o)) == 0 && !palatal)
                    rc = sx_buf_putc(out, 'y');
            } else {
                rc = sx_buf_puts(out, ja_bare(p->c, NULL));
            }
            if (rc == 0)
                rc = sx_buf_puts(out, ph[i + 1].c == 'j' && v[0] == 'i' ? v + 1 : v);
            i += 2;
            continue;
        }
        if (i + 1 < np && ph[i + 1].c == 0) {
            const char *v = ja_vowel(ja_weak(&ph[i + 1]));
            if (p->c == 'j' && v[0] == 'i')
                rc = sx_buf_puts(out, v);
            else if ((rc = sx_buf_puts(out, ja_onset(p->c, v[0]))) == 0)
                rc = sx_buf_puts(out, v);
            i++;
            continue;
        }
        /* A word-final p, t, k, ch or ts after a short vowel doubles (キャット, ブック,
         * ナッツ), and so does a p, t or k before a final s after a full one (ボックス,
         * トップス, ハイマックス; not after a weak one: エレクトロニクス). */
        bool final = i + 1 == np || (i + 2 == np && ph[i + 1].c == 's' &&
                                     strchr("ptk", p->c) && i > 0 && !ph[i - 1].reduced);
        if (final && i > 0 && short_vowel(&ph[i - 1]) && strchr("ptkCX", p->c))
            rc = sx_buf_putc(out, p->c == 'C' || p->c == 'X' ? 't' : p->c);
        if (rc == 0)
            rc = sx_buf_puts(out, ja_bare(p->c, i + 1 < np ? &ph[i + 1] : NULL));
    }
    return rc;
}

/* ---- words already romanised from Korean or Japanese ---- */

/* The length of p when s starts with it, else SIZE_MAX (p is a few letters: compared in
 * place, as a screening asks this of list words for every query). */
static inline size_t starts_with(const char *s, const char *p)
{
    size_t k = 0;
    for (; p[k]; k++)
        if (s[k] != p[k])
            return SIZE_MAX;
    return k;
}

/* Can s be cut into syllables made of onset + vowel + coda from these tables?  A small
 * dynamic programme over positions. */
static bool syllabifies(const char *s, const char *const *onsets, const char *const *vowels,
                        const char *const *codas)
{
    size_t n = strlen(s);
    if (n == 0 || n > 40)
        return false;
    bool ok[41] = {true};
    for (size_t i = 0; i < n; i++) {
        if (!ok[i])
            continue;
        for (const char *const *o = onsets; *o; o++) {
            size_t lo = starts_with(s + i, *o);
            if (lo == SIZE_MAX)
                continue;
            for (const char *const *v = vowels; *v; v++) {
                size_t lv = starts_with(s + i + lo, *v);
                if (lv == SIZE_MAX)
                    continue;
                size_t at = i + lo + lv;
                ok[at] = true;
                for (const char *const *c = codas; *c; c++) {
                    size_t lc = starts_with(s + at, *c);
                    if (lc != SIZE_MAX && lc)
                        ok[at + lc] = true;
                }
            }
        }
    }
    return ok[n];
}

/* Revised Romanization, McCune-Reischauer and passport spellings of Korean syllables. */
bool sx_romanised_korean(const char *s)
{
    static const char *const on[] = {"", "g", "k", "kk", "n", "d", "t", "tt", "r", "m", "b",
                                     "p", "pp", "s", "ss", "j", "jj", "ch", "h", NULL};
    static const char *const vo[] = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa",
                                     "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui",
                                     "i", NULL};
    static const char *const co[] = {"", "k", "n", "t", "l", "m", "p", "ng", NULL};
    return syllabifies(s, on, vo, co);
}

/* Hepburn, Kunrei and passport spellings of Japanese syllables (with doubled consonants
 * and the moraic n). */
bool sx_romanised_japanese(const char *s)
{
    static const char *const on[] = {"", "k", "g", "s", "sh", "z", "j", "t", "ch", "ts", "d",
                                     "n", "h", "f", "b", "p", "m", "y", "r", "w", "ky", "gy",
                                     "ny", "hy", "by", "py", "my", "ry", "kk", "ss", "tt",
                                     "pp", "tch", "ssh", NULL};
    static const char *const vo[] = {"a", "i", "u", "e", "o", "oh", "ou", "uu", NULL};
    static const char *const co[] = {"", "n", "m", NULL};
    return syllabifies(s, on, vo, co);
}

void sx_japanese_fold_long(char *w)
{
    size_t o = 0;
    for (size_t i = 0; w[i]; i++) {
        char c = w[i], prev = o ? w[o - 1] : 0, next = w[i + 1];
        /* ou, oo, uu as the query's kana are read (long vowels collapsed); oh before a
         * consonant or at the end is the passport spelling of the same long o. */
        if ((c == 'u' && (prev == 'o' || prev == 'u')) || (c == 'o' && prev == 'o'))
            continue;
        if (c == 'h' && prev == 'o' && !strchr("aeiouy", next ? next : 'x'))
            continue;
        w[o++] = c;
    }
    w[o] = '\0';
}

/* Kunrei-shiki (ISO 3602) and Nihon-shiki spellings of a romanised Japanese word in
 * Hepburn, as query kana are read: si, ti, tu, zi, hu, sya, tyo, zyu -> shi, chi, tsu,
 * ji, fu, sha, cho, ju (AISIN, Mitutoyo, NANSIN are Aishin, Mitsutoyo, Nanshin; a doubled
 * t before i becomes Hepburn's tch: matti -> matchi).  Only for a word that
 * sx_romanised_japanese accepts, where every s, t, z or h before a vowel opens a
 * syllable; h after s or c is Hepburn's own (shu, chu).  out holds 2 * strlen(w) + 1. */
void sx_japanese_hepburn(char *out, const char *w)
{
    size_t o = 0;
    for (size_t i = 0; w[i]; i++) {
        char c = w[i], next = w[i + 1], prev = i ? w[i - 1] : 0;
        bool y_vowel = next == 'y' && w[i + 2] && strchr("auo", w[i + 2]);
        const char *to = NULL;
        if (c == 's' && (next == 'i' || y_vowel))
            to = "sh";
        else if (c == 't' && (next == 'i' || y_vowel))
            to = "ch";
        else if (c == 't' && next == 'u')
            to = "ts";
        else if (c == 'z' && (next == 'i' || y_vowel))
            to = "j";
        else if (c == 'h' && next == 'u' && prev != 's' && prev != 'c')
            to = "f";
        if (!to) {
            out[o++] = c;
            continue;
        }
        for (const char *t = to; *t; t++)
            out[o++] = *t;
        if (y_vowel)
            i++; /* sya -> sha: the y is in the digraph */
    }
    out[o] = '\0';
}

/* ---- the katakana a dictionary gives ---- */

/* How alike, 0..1, two readings in Hepburn are: one minus their edit distance over the
 * longer's length. */
static float hepburn_agreement(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), longer = na > nb ? na : nb;
    return longer ? 1.0f - (float)sx_lev_bytes(a, na, b, nb, longer) / (float)longer : 0.0f;
}

/* Whether a dictionary's reading is a shortening of the guess (アド for advertising,
 * テレビ for television): kana clip loanwords, and a list name spells the word whole. */
static bool abbreviated(const char *dict, const char *guess)
{
    return (float)strlen(dict) < LOAN_CLIPPED * (float)strlen(guess);
}

/* Replaces ja, espeak-ng's reading of word as a Japanese writer would spell it, with the
 * katakana EDICT writes the word in (towel is タオル, not the タウエル the sounds give),
 * read as query kana are: of the dictionary's forms, the one that reads most like the
 * guess, if LOAN_DICT_AGREE alike and not clipped; on a tie the usual one (listed first).
 * An entry's gloss may be its meaning rather than its source (マンション is glossed
 * apartment), a native word written in katakana (リンゴ, apple) or a clipping (テク,
 * technology): those read nothing like the guess. */
static int dictionary_katakana(sx_buf *ja, const char *word, size_t len)
{
    const sx_term *t = sx_terms_ja_loan(word, len);
    int rc = 0;
    float best = 0.0f;
    sx_buf pick = SX_BUF_INIT;
    for (size_t o = 0; t && o < t->nopts && rc == 0; o++) {
        uint32_t cps[MAX_PHONES];
        size_t n = sx_decode(cps, MAX_PHONES, t->opts[o], strlen(t->opts[o]));
        sx_buf r = SX_BUF_INIT;
        rc = sx_kana_romaji(&r, cps, n, false);
        if (rc == 0)
            rc = sx_buf_puts(&r, "");
        const char *guess = ja->ptr ? ja->ptr : "";
        float agree = rc == 0 ? hepburn_agreement(r.ptr, guess) : 0.0f;
        if (agree >= LOAN_DICT_AGREE && agree > best && !abbreviated(r.ptr, guess)) {
            best = agree;
            sx_buf_clear(&pick);
            rc = sx_buf_puts(&pick, r.ptr);
        }
        sx_buf_free(&r);
    }
    if (rc == 0 && pick.len) {
        sx_buf_clear(ja);
        rc = sx_buf_puts(ja, pick.ptr);
    }
    sx_buf_free(&pick);
    return rc;
}

/* The phones as Korean writers spell a word's final s: an English plural's or
 * possessive's [z] is 스 as the letter is, not 즈 as the sound (홀딩스 Holdings, 모터스
 * Motors, 파트너스 Partners, 랩스 Labs), but for -ies, which keeps 즈 (인더스트리즈
 * Industries), and -ds, one sound dz (키즈 Kids).  The Japanese keep the sound
 * (ホールディングス but パートナーズ): ph is left as it is, and the phones changed are
 * written to kept (np of them).  w is the word; one of two letters is no plural (is, as). */
static const phone *ko_final_s(phone *kept, const phone *ph, size_t np, const char *w,
                               size_t len)
{
    if (np == 0 || len < 3 || ph[np - 1].c != 'z' || w[len - 1] != 's' ||
        memcmp(w + len - 3, "ies", 3) == 0 || w[len - 2] == 'd')
        return ph;
    memcpy(kept, ph, np * sizeof *ph);
    kept[np - 1].c = 's';
    /* A b or g between a short vowel and that s is a final as p and k are: 랩스 Labs,
     * 백스 Bags (the orthography's 래브즈 is no firm's spelling). */
    if (np >= 3 && (kept[np - 2].c == 'b' || kept[np - 2].c == 'g') &&
        short_vowel(&kept[np - 3]))
        kept[np - 2].c = kept[np - 2].c == 'b' ? 'p' : 'k';
    return kept;
}

/* ---- the public step ---- */

int sx_loan_word(sx_buf *ko, sx_buf *ja, const char *word, size_t len)
{
    char w[64];
    if (len == 0 || len >= sizeof w)
        return SX_ENOTFOUND;
    memcpy(w, word, len);
    w[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return SX_ENOTFOUND; /* digits and acronyms stay as written */
    bool has_vowel = strpbrk(w, "aeiouy") != NULL;
    if (!has_vowel || len < 2)
        return SX_ENOTFOUND; /* KT, SK, LG: letters, read as letters by the query side */
    phone ph[MAX_PHONES];
    size_t np = 0;
    pthread_mutex_lock(&engine_lock);
    if (engine_ready()) {
        const char *ipa = pronounce(w);
        if (ipa)
            np = parse_ipa(ph, MAX_PHONES, ipa);
    }
    pthread_mutex_unlock(&engine_lock);
    if (np == 0)
        return SX_ENOTFOUND;
    spell_weak_vowels(ph, np, w);
    syl s[MAX_PHONES * 2];
    phone ko_ph[MAX_PHONES];
    size_t ns = to_hangul(s, MAX_PHONES * 2, ko_final_s(ko_ph, ph, np, w, len), np);
    uint32_t cps[MAX_PHONES * 2];
    for (size_t i = 0; i < ns; i++)
        cps[i] = sx_hangul_compose((unsigned)s[i].l, (unsigned)s[i].v, (unsigned)s[i].t);
    int rc = sx_hangul_rr(ko, cps, ns);
    if (rc == 0)
        rc = to_hepburn(ja, ph, np);
    return rc == 0 ? dictionary_katakana(ja, w, len) : rc;
}
