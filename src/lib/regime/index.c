/* Lookup indexes over a loaded jurisdiction.  A decision resolves its item and the
 * destination's memberships through these hash maps instead of scanning hundreds of items
 * and chart-column member lists: that scan was most of a determination's time. */
#include <ctype.h>
#include <string.h>

#include "lib/regime/model.h"
#include "util/error.h"

void sx_item_key(char *out, size_t cap, const char *number, bool is_ref)
{
    size_t n = 0;
    for (const char *p = number; *p && n + 1 < cap; p++) {
        if (!is_ref && *p == '.')
            break;
        out[n++] = (char)(is_ref ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
    }
    out[n] = '\0';
}

static int push_item(sx_arena *a, sx_strmap *m, const char *key, const sx_item *it)
{
    sx_itemlist *l = sx_strmap_get(m, key);
    if (!l) {
        char *k = sx_arena_strdup(a, key);
        l = sx_arena_alloc(a, sizeof *l);
        if (!k || !l || sx_strmap_put(m, k, l) != 0)
            return SX_ENOMEM;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        const sx_item **v = sx_arena_calloc(a, cap, sizeof *v);
        if (!v)
            return SX_ENOMEM;
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = it;
    return 0;
}

static int push_member(sx_arena *a, sx_strmap *m, const sx_group *g, const sx_membership *mb)
{
    sx_memberlist *l = sx_strmap_get(m, mb->country);
    if (!l) {
        l = sx_arena_alloc(a, sizeof *l);
        if (!l || sx_strmap_put(m, mb->country, l) != 0)
            return SX_ENOMEM;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const sx_group **gs = sx_arena_calloc(a, cap, sizeof *gs);
        const sx_clause **cs = sx_arena_calloc(a, cap, sizeof *cs);
        if (!gs || !cs)
            return SX_ENOMEM;
        if (l->n) {
            memcpy(gs, l->groups, l->n * sizeof *gs);
            memcpy(cs, l->clauses, l->n * sizeof *cs);
        }
        l->groups = gs;
        l->clauses = cs;
        l->cap = cap;
    }
    l->groups[l->n] = g;
    l->clauses[l->n++] = &mb->clause;
    return 0;
}

int sx_jurisdiction_index(sx_arena *a, sx_jurisdiction *j)
{
    char key[128];
    int rc = 0;
    for (size_t i = 0; !rc && i < j->nitems; i++) {
        const sx_item *it = &j->items[i];
        for (size_t k = 0; !rc && k < it->controls.n; k++) {
            sx_item_key(key, sizeof key, it->controls.v[k], false);
            rc = push_item(a, &j->by_number, key, it);
        }
        if (!rc && it->ref) {
            sx_item_key(key, sizeof key, it->ref, true);
            rc = push_item(a, &j->by_ref, key, it);
        }
    }
    for (size_t i = 0; !rc && i < j->ngroups; i++)
        for (size_t k = 0; !rc && k < j->groups[i].nmembers; k++)
            rc = push_member(a, &j->by_country, &j->groups[i], &j->groups[i].members[k]);
    return rc;
}

void sx_jurisdiction_index_free(sx_jurisdiction *j)
{
    sx_strmap_free(&j->by_number);
    sx_strmap_free(&j->by_ref);
    sx_strmap_free(&j->by_country);
}

const sx_itemlist *sx_items_for(const sx_jurisdiction *j, const char *input)
{
    char key[128];
    bool is_ref = strchr(input, ':') != NULL;
    sx_item_key(key, sizeof key, input, is_ref);
    return sx_strmap_get(is_ref ? &j->by_ref : &j->by_number, key);
}
