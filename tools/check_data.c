/* check-data: consistency of data/regimes/ beyond what the loader refuses.
 *
 *   build/check-data DATA_DIR [US_EAR_SNAPSHOT_DIR]
 *
 * The loader already rejects unknown keys, unresolvable groups, items and licences, and
 * clauses without a source or status.  This checks what only the set as a whole, or the
 * snapshot it came from, can show:
 *   - every ECCN of the snapshot is an entry with at least one License Requirements row;
 *   - an entry whose rows are prose the engine asks about is not "verified";
 *   - a derived entry (items-derived.yaml) uses only a multilateral number;
 *   - a sub-item a rule, row or restriction names is a paragraph of the snapshot's entry
 *     where the snapshot lists the entry's paragraphs;
 *   - every clause has a source and a status.
 * Prints "file:line: problem" per finding and exits 1 if there is any. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lib/regime/model.h"
#include "stratex/regime.h"
#include "util/error.h"

static int problems;

__attribute__((format(printf, 2, 3))) static void report(const sx_clause *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "%s:%d: %s: ", c->file, c->line, c->id);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    problems++;
}

/* The CCL's multilateral entries: third character 0-3 (Wassenaar, MTCR, NSG, Australia
 * Group); a 9 in the fourth position inside those bands is a US-only addition. */
static bool multilateral_number(const char *n)
{
    return strlen(n) >= 5 && isdigit((unsigned char)n[0]) && n[1] >= 'A' && n[1] <= 'E' && n[2] >= '0' &&
           n[2] <= '3' && isdigit((unsigned char)n[3]) && n[3] != '9' && isdigit((unsigned char)n[4]);
}

static void check_clause(const sx_clause *c)
{
    if (!c->cite)
        report(c, "no source");
}

static void check_derived(const sx_jurisdiction *j)
{
    for (size_t i = 0; i < j->nitems; i++) {
        const sx_item *it = &j->items[i];
        for (size_t k = 0; it->derived && k < it->controls.n; k++)
            if (!multilateral_number(it->controls.v[k]))
                report(&it->clause, "derived entry uses %s, not a multilateral number", it->controls.v[k]);
    }
}

/* The snapshot entry for eccn, or NULL. */
static json_t *ccl_entry(json_t *ccl, const char *eccn)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(ccl, "entries"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "eccn")), eccn) == 0)
            return e;
    }
    return NULL;
}

/* "1C350.d.15": is ".d.15" a paragraph the snapshot lists for 1C350?  Unknown (no
 * paragraph list for the entry) counts as known.  loose: the snapshot's paragraph lists
 * are incomplete below the top level (the .z paragraphs), so for numbers the converter
 * read from the CCL's own text only the top-level paragraph is checked. */
static bool paragraph_known(json_t *ccl, const char *number, bool loose)
{
    char eccn[6];
    const char *dot = strchr(number, '.');
    if (!dot || dot - number != 5)
        return true;
    memcpy(eccn, number, 5);
    eccn[5] = '\0';
    json_t *e = ccl_entry(ccl, eccn);
    json_t *items = e ? json_object_get(e, "items") : NULL;
    if (!json_array_size(items))
        return true;
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p)
    {
        const char *para = json_string_value(json_object_get(p, "paragraph"));
        if (para && strcasecmp(para, dot + 1) == 0)
            return true;
    }
    /* a parent paragraph the snapshot lists only through its children ("a" of "a.1") */
    size_t n = loose ? strcspn(dot + 1, ".") : strlen(dot + 1);
    json_array_foreach(items, i, p)
    {
        const char *para = json_string_value(json_object_get(p, "paragraph"));
        if (para && strncasecmp(para, dot + 1, n) == 0 && (para[n] == '.' || (loose && !para[n])))
            return true;
        /* paragraphs are lettered in sequence: a letter before a listed one exists */
        if (para && loose && n == 1 && tolower((unsigned char)dot[1]) < tolower((unsigned char)para[0]))
            return true;
    }
    return false;
}

static void check_sub_items(const sx_clause *c, json_t *ccl, const sx_strlist *l, const char *what)
{
    bool loose = strcmp(what, "the rule") != 0; /* rules are written by hand: exact */
    for (size_t i = 0; ccl && i < l->n; i++)
        if (!paragraph_known(ccl, l->v[i], loose))
            report(c, "%s names %s, which is no paragraph of the snapshot's entry", what, l->v[i]);
}

static void check_items(const sx_jurisdiction *j, json_t *ccl)
{
    for (size_t i = 0; i < j->nitems; i++) {
        const sx_item *it = &j->items[i];
        check_clause(&it->clause);
        bool asks = false;
        for (size_t k = 0; k < it->nrows; k++) {
            const sx_control_row *r = &it->rows[k];
            asks |= r->ask != NULL || r->scope.condition != NULL;
            check_sub_items(&it->clause, ccl, &r->scope.applies_to, "a chart row");
            check_sub_items(&it->clause, ccl, &r->scope.outside, "a chart row");
        }
        for (size_t k = 0; k < it->nrestrictions; k++)
            check_sub_items(&it->clause, ccl, &it->restrictions[k].scope.applies_to, "a restriction");
        if (asks && it->clause.status == SX_VERIFIED)
            report(&it->clause, "verified, but some of its rows are prose the engine asks about");
        if (j->method == SX_METHOD_COUNTRY_CHART && !it->nrows)
            report(&it->clause, "no License Requirements row: the Country Chart cannot be applied");
    }
}

static void check_rules(const sx_jurisdiction *j, json_t *ccl)
{
    for (size_t i = 0; i < j->nrules; i++) {
        check_clause(&j->rules[i].clause);
        check_sub_items(&j->rules[i].clause, ccl, &j->rules[i].where.items, "the rule");
    }
    for (size_t i = 0; i < j->ngroups; i++)
        check_clause(&j->groups[i].clause);
    for (size_t i = 0; i < j->nlicences; i++)
        check_clause(&j->licences[i].clause);
}

/* Every ECCN of the snapshot is an entry of the country-chart jurisdiction. */
static void check_coverage(const sx_jurisdiction *j, json_t *ccl)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(ccl, "entries"), i, e)
    {
        const char *eccn = json_string_value(json_object_get(e, "eccn"));
        const sx_itemlist *l = sx_items_for(j, eccn);
        bool found = false;
        for (size_t k = 0; l && k < l->n && !found; k++)
            found = sx_item_matches(l->v[k], eccn) && l->v[k]->nrows > 0;
        if (!found) {
            printf("%s: ECCN %s of the snapshot has no entry with a License Requirements row\n", j->code, eccn);
            problems++;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: check-data DATA_DIR [US_EAR_SNAPSHOT_DIR]\n");
        return 2;
    }
    sx_regimes *r = NULL;
    if (sx_regimes_load(&r, argv[1]) != 0) {
        fprintf(stderr, "check-data: %s\n", sx_errmsg());
        return 1;
    }
    json_t *ccl = NULL;
    if (argc == 3) {
        char path[4096];
        json_error_t err;
        snprintf(path, sizeof path, "%s/ccl.json", argv[2]);
        if (!(ccl = json_load_file(path, 0, &err))) {
            fprintf(stderr, "check-data: %s:%d: %s\n", path, err.line, err.text);
            sx_regimes_free(r);
            return 1;
        }
    }
    for (size_t i = 0; i < r->njurs; i++) {
        const sx_jurisdiction *j = &r->jurs[i];
        check_derived(j);
        check_items(j, ccl);
        check_rules(j, ccl);
        if (ccl && j->method == SX_METHOD_COUNTRY_CHART)
            check_coverage(j, ccl);
    }
    printf("check-data: %d problem%s in %zu jurisdictions\n", problems, problems == 1 ? "" : "s", r->njurs);
    json_decref(ccl);
    sx_regimes_free(r);
    return problems ? 1 : 0;
}
