/* Lookups over a loaded regime set.  The sets are small (a few dozen groups, a few
 * hundred rules per jurisdiction), so linear scans keep this simple and cache-friendly;
 * items are the exception and are matched once per decision. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/regime/model.h"

const sx_jurisdiction *sx_regime_find(const sx_regimes *r, const char *code)
{
    for (size_t i = 0; r && code && i < r->njurs; i++)
        if (strcmp(r->jurs[i].code, code) == 0)
            return &r->jurs[i];
    return NULL;
}

const char *sx_country_name(const sx_regimes *r, const char *code)
{
    return code ? sx_strmap_get(&r->countries, code) : NULL;
}

bool sx_clause_in_force(const sx_clause *c, sx_date d) { return c->from <= d && d < c->to; }

const char *sx_status_name(sx_status s)
{
    switch (s) {
    case SX_VERIFIED: return "verified";
    case SX_PARTIAL: return "partial";
    default: return "unverified";
    }
}

bool sx_strlist_has(const sx_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

const sx_group *sx_group_find(const sx_jurisdiction *j, const char *label)
{
    for (size_t i = 0; i < j->ngroups; i++)
        if (strcmp(j->groups[i].label, label) == 0)
            return &j->groups[i];
    return NULL;
}

const sx_licence *sx_licence_find(const sx_jurisdiction *j, const char *licence)
{
    for (size_t i = 0; i < j->nlicences; i++)
        if (strcmp(j->licences[i].licence, licence) == 0)
            return &j->licences[i];
    return NULL;
}

static const sx_clause *explicit_membership(const sx_jurisdiction *j, const sx_group *g,
                                           const char *country, sx_date d)
{
    if (!sx_clause_in_force(&g->clause, d))
        return NULL;
    const sx_memberlist *l = sx_strmap_get(&j->by_country, country);
    for (size_t i = 0; l && i < l->n; i++)
        if (l->groups[i] == g && sx_clause_in_force(l->clauses[i], d))
            return l->clauses[i];
    return NULL;
}

const sx_clause *sx_group_membership(const sx_jurisdiction *j, const sx_group *g,
                                     const char *country, sx_date d)
{
    if (!g->is_default)
        return explicit_membership(j, g, country, d);
    /* A default group holds every destination in none of the groups it excludes (or, with
     * no exclude list, in no other ordinary group) -- but never the exporting state itself. */
    if (strcmp(country, j->code) == 0 || !sx_clause_in_force(&g->clause, d))
        return NULL;
    for (size_t i = 0; i < j->ngroups; i++) {
        const sx_group *o = &j->groups[i];
        if (o == g || o->is_default || o->is_chart_column)
            continue;
        if (g->exclude.n && !sx_strlist_has(&g->exclude, o->label))
            continue;
        if (explicit_membership(j, o, country, d))
            return NULL;
    }
    return &g->clause;
}

const char *sx_group_display(const sx_group *g)
{
    /* "Group A" for Japan's letters, "region 가의2" for Korea's, the label itself otherwise
     * ("Country Group A:5" reads well as "A:5" in context, "EU001" is its own name). */
    static __thread char buf[96];
    if (strlen(g->label) == 1)
        snprintf(buf, sizeof buf, "Group %s", g->label);
    else if ((unsigned char)g->label[0] >= 0x80)
        snprintf(buf, sizeof buf, "region %s", g->label);
    else if (strchr(g->label, ':'))
        snprintf(buf, sizeof buf, "Country Group %s", g->label);
    else
        snprintf(buf, sizeof buf, "%s", g->label);
    return buf;
}

bool sx_number_within(const char *a, const char *b)
{
    size_t n = strlen(b);
    return strncasecmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '.');
}

bool sx_numbers_related(const char *a, const char *b) { return sx_number_within(a, b) || sx_number_within(b, a); }

bool sx_item_matches(const sx_item *it, const char *input)
{
    if (strchr(input, ':'))
        return it->ref && strcasecmp(it->ref, input) == 0;
    for (size_t i = 0; i < it->controls.n; i++)
        if (sx_numbers_related(input, it->controls.v[i]))
            return true;
    return false;
}
