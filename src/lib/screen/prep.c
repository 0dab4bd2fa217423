/* Prepared readings: the tokens, compact form and skeleton the similarity works on. */
#include "lib/screen/prep.h"

#include <string.h>

#include "stratex/errors.h"

int sx_prep_make(sx_prep *p, sx_arena *a, const char *text, bool translit)
{
    memset(p, 0, sizeof *p);
    size_t len = strlen(text);
    char *compact = sx_arena_alloc(a, len + 1);
    char *skel = sx_arena_alloc(a, len + 2);
    const char **tok = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, sizeof *tok);
    uint8_t *tlen = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, 1);
    float *w = sx_arena_calloc(a, SX_PREP_MAX_TOKENS, sizeof *w);
    if (!compact || !skel || !tok || !tlen || !w)
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
    p->ntok = (uint16_t)nt;
    p->translit = translit;
    return 0;
}
