/* Prepared readings: the tokens, compact form and skeleton the similarity works on. */
#include "lib/screen/prep.h"

#include <string.h>

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

static uint8_t word_kind(const char *t, size_t n)
{
    const char *k = sx_terms_name_word(t, n);
    if (k)
        return strcmp(k, "title") == 0 ? SX_WORD_TITLE : SX_WORD_PARTICLE;
    return patronymic(t, n) ? SX_WORD_PATRONYMIC : SX_WORD_NAME;
}

int sx_prep_make(sx_prep *p, sx_arena *a, const char *text, bool translit)
{
    memset(p, 0, sizeof *p);
    size_t len = strlen(text);
    char *compact = sx_arena_alloc(a, len + 1);
    char *skel = sx_arena_alloc(a, len + 2);
    const char **tok = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, sizeof *tok);
    uint8_t *tlen = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, 1);
    float *w = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, sizeof *w);
    uint8_t *kind = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, 1);
    if (!compact || !skel || !tok || !tlen || !w || !kind)
        return SX_ENOMEM;
    size_t c = 0, nt = 0;
    for (const char *s = text; *s;) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (n == 0)
            break;
        if (nt < SX_PREP_MAX_TOKENS) {
            tok[nt] = s;
            tlen[nt] = (uint8_t)(n < 255 ? n : 255);
            w[nt] = 1.0f;
            kind[nt] = word_kind(s, tlen[nt]);
            /* A word written twice in a row: a typing slip (Sergey Sergey Shoigu) or a
             * father named like his son (Mohamed Mohamed); optional either way. */
            if (kind[nt] == SX_WORD_NAME && nt > 0 && tlen[nt - 1] == tlen[nt] &&
                memcmp(tok[nt - 1], s, tlen[nt]) == 0)
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
    p->skel = skel;
    p->tok = tok;
    p->tlen = tlen;
    p->w = w;
    p->kind = kind;
    p->ntok = (uint16_t)nt;
    p->translit = translit;
    return 0;
}
