/* What the regime says on a date (groups) and what changed between two dates (diff). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/regime/model.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/utf8.h"

static json_t *date_json(sx_date d)
{
    char b[11];
    sx_date_format(b, d);
    return json_string(b);
}

static int dump(char **out, json_t *j)
{
    if (!j)
        return sx_error_oom();
    *out = sx_json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
    json_decref(j);
    return *out ? 0 : sx_error_oom();
}

static int find_jur(const sx_jurisdiction **out, const sx_regimes *r, const char *code)
{
    if (!r || !code)
        return sx_error_set(SX_EINVAL, "jurisdiction: missing");
    *out = sx_regime_find(r, code);
    if (!*out)
        return sx_error_set(SX_EUNKNOWN_JURISDICTION, "jurisdiction: no regime data for \"%.*s\" (have JP, KR, US, EU)", SX_CUT(code, 16));
    return 0;
}

static int check_date(const sx_jurisdiction *j, sx_date d, const char *what)
{
    if (d < j->data_begins) {
        char b[11];
        sx_date_format(b, j->data_begins);
        return sx_error_set(SX_EDATE, "%s: the date is before the %s data begins (%s)", what, j->code, b);
    }
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every country code, sorted: default groups are listed member by member. */
static const char **all_countries(const sx_regimes *r, size_t *n)
{
    const char **v = calloc(r->countries.count + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < r->countries.cap; i++)
        if (r->countries.slots[i].key)
            v[(*n)++] = r->countries.slots[i].key;
    if (v)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static json_t *group_json(const sx_regimes *r, const sx_jurisdiction *j, const sx_group *g, sx_date d,
                          const char **countries, size_t ncountries)
{
    json_t *o = json_object(), *members = json_array();
    json_object_set_new(o, "group", json_string(g->label));
    json_object_set_new(o, "name", json_string(g->name));
    json_object_set_new(o, "id", json_string(g->clause.id));
    json_object_set_new(o, "status", json_string(sx_status_name(g->clause.status)));
    if (g->is_default)
        json_object_set_new(o, "default", json_true());
    for (size_t i = 0; i < ncountries; i++) {
        const sx_clause *c = sx_group_membership(j, g, countries[i], d);
        if (c)
            json_array_append_new(members, json_pack("{s:s, s:s, s:s, s:s}", "country", countries[i], "name",
                                                     sx_country_name(r, countries[i]), "id", c->id,
                                                     "status", sx_status_name(c->status)));
    }
    json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(members)));
    json_object_set_new(o, "members", members);
    return o;
}

int sx_regime_groups_json(char **out, const sx_regimes *r, const char *jurisdiction, sx_date date)
{
    const sx_jurisdiction *j;
    int rc = find_jur(&j, r, jurisdiction);
    if (!rc)
        rc = check_date(j, date, "date");
    if (rc)
        return rc;
    size_t n;
    const char **countries = all_countries(r, &n);
    if (!countries)
        return sx_error_oom();
    json_t *root = json_object(), *groups = json_array();
    json_object_set_new(root, "jurisdiction", json_string(j->code));
    json_object_set_new(root, "date", date_json(date));
    for (size_t i = 0; i < j->ngroups; i++)
        if (!j->groups[i].is_chart_column && sx_clause_in_force(&j->groups[i].clause, date))
            json_array_append_new(groups, group_json(r, j, &j->groups[i], date, countries, n));
    json_object_set_new(root, "groups", groups);
    json_object_set_new(root, "data_hash", json_string(r->hash));
    free(countries);
    return dump(out, root);
}

/* ---- diff ------------------------------------------------------------------------------------ */

typedef struct diff {
    json_t *changes;
    sx_date from, to;
    const char *country, *item;
} diff;

static bool item_concerns(const sx_item *it, const char *item) { return !item || sx_item_matches(it, item); }

static bool changes_within(const diff *df, sx_date d) { return df->from < d && d <= df->to; }

static void add_change(diff *df, sx_date d, const char *change, const char *kind, const sx_clause *c,
                       json_t *extra)
{
    json_t *o = json_object();
    json_object_set_new(o, "date", date_json(d));
    json_object_set_new(o, "change", json_string(change));
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "status", json_string(sx_status_name(c->status)));
    json_object_update(o, extra);
    json_decref(extra);
    json_array_append_new(df->changes, o);
}

static void clause_changes(diff *df, const sx_clause *c, const char *kind, json_t *extra,
                           const char *starts, const char *ends)
{
    if (changes_within(df, c->from))
        add_change(df, c->from, starts, kind, c, json_deep_copy(extra));
    if (changes_within(df, c->to))
        add_change(df, c->to, ends, kind, c, json_deep_copy(extra));
    json_decref(extra);
}

static void membership_changes(diff *df, const sx_regimes *r, const sx_jurisdiction *j)
{
    for (size_t i = 0; i < j->ngroups; i++) {
        const sx_group *g = &j->groups[i];
        if (g->is_chart_column)
            continue;
        for (size_t k = 0; k < g->nmembers; k++) {
            const sx_membership *m = &g->members[k];
            if (df->country && strcmp(df->country, m->country) != 0)
                continue;
            clause_changes(df, &m->clause, "membership",
                           json_pack("{s:s, s:s, s:s}", "group", g->label, "country", m->country, "name",
                                     sx_country_name(r, m->country)),
                           "joins", "leaves");
        }
    }
}

static bool rule_concerns(const sx_rule *rule, const char *country, const char *item)
{
    if (country && rule->where.countries.n && !sx_strlist_has(&rule->where.countries, country))
        return false;
    if (!item || !rule->where.items.n)
        return true;
    for (size_t i = 0; i < rule->where.items.n; i++)
        if (!strchr(item, ':') && sx_numbers_related(rule->where.items.v[i], item))
            return true;
    return false;
}

static void rule_changes(diff *df, const sx_jurisdiction *j)
{
    for (size_t i = 0; i < j->nrules; i++) {
        const sx_rule *rule = &j->rules[i];
        if (!rule_concerns(rule, df->country, df->item))
            continue;
        json_t *extra = json_pack("{s:s}", "rule_kind", rule->kind);
        if (rule->reason)
            json_object_set_new(extra, "text", json_string(rule->reason));
        clause_changes(df, &rule->clause, "rule", extra, "takes_effect", "ends");
    }
    for (size_t i = 0; i < j->nitems; i++)
        if (!j->items[i].derived && item_concerns(&j->items[i], df->item))
            clause_changes(df, &j->items[i].clause, "item", json_pack("{s:s}", "text", j->items[i].name),
                           "takes_effect", "ends");
}

static int cmp_change(const void *a, const void *b)
{
    const char *da = json_string_value(json_object_get(*(json_t *const *)a, "date"));
    const char *db = json_string_value(json_object_get(*(json_t *const *)b, "date"));
    return strcmp(da, db);
}

/* Sorted by date; stable within a day so file order (the order of the law) is kept. */
static json_t *sorted(json_t *changes)
{
    size_t n = json_array_size(changes);
    json_t **v = calloc(n + 1, sizeof *v);
    json_t *out = json_array();
    for (size_t i = 0; v && i < n; i++)
        v[i] = json_array_get(changes, i);
    /* insertion sort: stable, and a diff has tens of entries */
    for (size_t i = 1; v && i < n; i++)
        for (size_t k = i; k > 0 && cmp_change(&v[k - 1], &v[k]) > 0; k--) {
            json_t *t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    for (size_t i = 0; v && i < n; i++)
        json_array_append(out, v[i]);
    free(v);
    json_decref(changes);
    return out;
}

static json_t *groups_of(const sx_jurisdiction *j, const char *country, sx_date d)
{
    json_t *a = json_array();
    for (size_t i = 0; i < j->ngroups; i++)
        if (!j->groups[i].is_chart_column && sx_group_membership(j, &j->groups[i], country, d))
            json_array_append_new(a, json_string(j->groups[i].label));
    return a;
}

int sx_regime_diff_json(char **out, const sx_regimes *r, const char *jurisdiction, sx_date from,
                        sx_date to, const char *country)
{
    return sx_regime_diff_item_json(out, r, jurisdiction, from, to, country, NULL);
}

int sx_regime_diff_item_json(char **out, const sx_regimes *r, const char *jurisdiction, sx_date from,
                             sx_date to, const char *country, const char *item)
{
    const sx_jurisdiction *j;
    int rc = find_jur(&j, r, jurisdiction);
    if (!rc)
        rc = check_date(j, from, "from");
    if (!rc && to < from)
        rc = sx_error_set(SX_EDATE, "to: must not be before from");
    if (!rc && country && !sx_country_name(r, country))
        rc = sx_error_set(SX_EUNKNOWN_COUNTRY, "country: unknown country \"%.*s\"", SX_CUT(country, 16));
    if (rc)
        return rc;
    diff df = {json_array(), from, to, country, item};
    membership_changes(&df, r, j);
    rule_changes(&df, j);
    json_t *root = json_object();
    json_object_set_new(root, "jurisdiction", json_string(j->code));
    json_object_set_new(root, "from", date_json(from));
    json_object_set_new(root, "to", date_json(to));
    if (country) {
        json_object_set_new(root, "country", json_string(country));
        json_object_set_new(root, "groups_before", groups_of(j, country, from));
        json_object_set_new(root, "groups_after", groups_of(j, country, to));
    }
    if (item)
        json_object_set_new(root, "item", json_string(item));
    json_object_set_new(root, "changes", sorted(df.changes));
    json_object_set_new(root, "data_hash", json_string(r->hash));
    return dump(out, root);
}
