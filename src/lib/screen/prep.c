/* Prepared readings: the tokens, compact form and skeleton the similarity works on. */
#include "lib/screen/prep.h"

#include <string.h>

#include "lib/screen/country.h"
#include "lib/screen/textint.h"
#include "stratex/errors.h"

/* Slavic patronymics (Vladimirovich, Sergeyevna, Oleksandrovych): a part that lists give
 * or leave out at will.  Surnames with these endings exist (Abramovich), so the alignment
 * only discounts such a word when it is left over and the rest of the name matched. */
static bool patronymic(const char *t, size_t n)
{
    static const char *const endings[] = {"ovich", "evich", "ovych", "evych", "ovitch",
                                          "evitch", "ovna", "evna", "ivna", "ichna"};
    if (n < 7)
        return false;
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        size_t k = strlen(endings[i]);
        if (memcmp(t + n - k, endings[i], k) == 0)
            return true;
    }
    return false;
}

/* The kind of word t[0, n), whose name_words.tsv kind is k (or NULL). */
static uint8_t word_kind(const char *t, size_t n, const char *k)
{
    if (k)
        return strcmp(k, "title") == 0 ? SX_WORD_TITLE : SX_WORD_PARTICLE;
    if (sx_terms_descriptor(t, n))
        return SX_WORD_DESCRIPTOR;
    return patronymic(t, n) ? SX_WORD_PATRONYMIC : SX_WORD_NAME;
}

/* Whether word s[0, n), of kind k in data/terms/name_words.tsv (or NULL), is a
 * connective (and, und, et) with words on both sides (c: letters before it).  It is left
 * out of the reading, as the "&" names write for it is (normalisation makes it a space):
 * Procter & Gamble and Procter and Gamble, H&M and H and M are one name.  Left out here,
 * not when the name is analysed: a loanword reading is made from the words as written,
 * and katakana and Hangul say the "and" (リンクアンドモチベーション, Link and Motivation). */
static bool connective_inside(const char *s, size_t n, size_t c, const char *k)
{
    return k && c > 0 && s[n + strspn(s + n, " ")] != '\0' && strcmp(k, "connective") == 0;
}

static int prep_make(sx_prep *p, sx_arena *a, const char *text, bool translit, bool keep_skel)
{
    memset(p, 0, sizeof *p);
    size_t len = strlen(text), words = 0;
    /* Arrays sized to the words there are: an index holds hundreds of thousands of
     * readings, most of two or three words. */
    for (const char *s = text; *s;) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        words++;
        s += strcspn(s, " ");
    }
    if (words > SX_PREP_MAX_TOKENS)
        words = SX_PREP_MAX_TOKENS;
    size_t room = words ? words : 1;
    /* One block per reading (the arena rounds every allocation up to 16 bytes): word
     * pointers, weights, lengths, kinds, then the compact form and, when kept, the
     * skeleton (an x is two classes, KS, so it may be twice as long as the letters). */
    size_t skel_room = keep_skel ? 2 * (len < SX_COMPACT_MAX ? len : SX_COMPACT_MAX) + 1 : 0;
    char *block = sx_arena_alloc(a, room * (sizeof(char *) + sizeof(float) + 2) + len + 1 +
                                        skel_room);
    if (!block)
        return SX_ENOMEM;
    memset(block, 0, room * (sizeof(char *) + sizeof(float) + 2));
    const char **tok = (const char **)(void *)block;
    float *w = (float *)(void *)(block + room * sizeof(char *));
    uint8_t *tlen = (uint8_t *)(block + room * (sizeof(char *) + sizeof(float)));
    uint8_t *kind = tlen + room;
    char *compact = (char *)(kind + room);
    char stack_skel[2 * SX_COMPACT_MAX + 1];
    char *skel = keep_skel ? compact + len + 1 : stack_skel;
    size_t c = 0, nt = 0;
    bool after_connective = false;
    for (const char *s = text; *s;) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (n == 0)
            break;
        const char *nk = sx_terms_name_word(s, n);
        if (connective_inside(s, n, c, nk)) {
            s += n;
            after_connective = true;
            continue;
        }
        /* Initials a connective joined are one word, as the analysis makes initials that
         * "&" joined (H and M is "hm", as H&M is). */
        if (after_connective && n == 1 && nt > 0 && tlen[nt - 1] == 1 &&
            tok[nt - 1] + 1 == compact + c && c < SX_COMPACT_MAX) {
            tlen[nt - 1] = 2;
            kind[nt - 1] = word_kind(tok[nt - 1], 2, sx_terms_name_word(tok[nt - 1], 2));
            compact[c++] = *s++;
            after_connective = false;
            continue;
        }
        after_connective = false;
        if (nt < SX_PREP_MAX_TOKENS) {
            /* Words point into the compact form (they are its pieces, in order), so the
             * spaced text need not be kept; a word past the compact form's end is
             * copied on its own. */
            if (c + n <= SX_COMPACT_MAX) {
                tok[nt] = compact + c;
            } else {
                char *copy = sx_arena_alloc(a, n + 1);
                if (!copy)
                    return SX_ENOMEM;
                memcpy(copy, s, n);
                copy[n] = '\0';
                tok[nt] = copy;
            }
            tlen[nt] = (uint8_t)(n < 255 ? n : 255);
            w[nt] = 1.0f;
            kind[nt] = word_kind(s, tlen[nt], nk);
            /* A word written twice in a row: a typing slip (Sergey Sergey Shoigu) or a
             * father named like his son (Mohamed Mohamed); optional either way. */
            bool word = kind[nt] == SX_WORD_NAME || kind[nt] == SX_WORD_DESCRIPTOR;
            if (word && nt > 0 && tlen[nt - 1] == tlen[nt] && memcmp(tok[nt - 1], s, tlen[nt]) == 0)
                kind[nt] = SX_WORD_REPEAT;
            nt++;
        }
        for (size_t i = 0; i < n && c < SX_COMPACT_MAX; i++)
            compact[c++] = s[i];
        s += n;
    }
    compact[c] = '\0';
    p->compact = compact;
    p->clen = (uint16_t)c;
    p->slen = (uint16_t)sx_skeleton(skel, compact, c);
    p->skel = keep_skel ? skel : NULL;
    for (size_t i = 0; i < p->slen; i++)
        p->ncons += skel[i] != 'V';
    p->tok = tok;
    p->tlen = tlen;
    p->w = w;
    p->kind = kind;
    p->ntok = (uint16_t)nt;
    p->translit = translit;
    return 0;
}

int sx_prep_make(sx_prep *p, sx_arena *a, const char *text, bool translit)
{
    return prep_make(p, a, text, translit, true);
}

int sx_prep_make_key(sx_prep *p, sx_arena *a, const char *text, bool translit)
{
    return prep_make(p, a, text, translit, false);
}

void sx_prep_mark_places(sx_prep *p)
{
    p->places = 0;
    for (size_t t = 0; t < p->ntok && t < 32; t++)
        if (p->kind[t] == SX_WORD_NAME && sx_country_word(p->tok[t], p->tlen[t]))
            p->places |= 1u << t;
}

void sx_prep_mark_nicknames(sx_prep *p)
{
    p->nicknames = 0;
    for (size_t t = 0; t < p->ntok && t < 32; t++) {
        /* Ben is also a particle ("son of"). */
        bool word = p->kind[t] == SX_WORD_NAME || p->kind[t] == SX_WORD_PARTICLE;
        if (word && sx_terms_nickname(p->tok[t], p->tlen[t]))
            p->nicknames |= 1u << t;
    }
}
