/* Licence determination: one shipment, one date, every step cited.
 *
 * The order is the one an export-control officer follows: where is it going (the
 * destination's groups on the date), what is it (the control-list entries the item
 * resolves to), does the law require a licence (list control, or the Country Chart for the
 * US, or catch-all and situational rules for unlisted items), and which licence types are
 * open or closed (the rules, in file order, later overriding earlier).  Nothing about a
 * country, item or date is written here: it is all in data/regimes/. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/decide/decision.h"
#include "stratex/screen.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/strutil.h"

#define MAX_ITEM_LEN 64
#define MAX_ID_LEN 256
#define MAX_VALUE_LEN 32 /* digits of a declared value, with its decimal point */

/* ---- growing arrays in the decision's arena ------------------------------------------ */

static int grow(sx_arena *a, void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *nv = sx_arena_calloc(a, ncap, size);
    if (!nv)
        return SX_ENOMEM;
    if (*v)
        memcpy(nv, *v, n * size);
    *v = nv;
    *cap = ncap;
    return 0;
}

static int cite(sx_decision *d, const sx_clause *c)
{
    /* ids are unique across the set (the loader refuses duplicates) and membership rows
     * without their own id share their group's id string, so pointer equality suffices */
    for (size_t i = 0; i < d->ncited; i++)
        if (d->cited[i]->id == c->id)
            return 0;
    int rc = grow(&d->arena, (void **)&d->cited, &d->capcited, d->ncited, sizeof *d->cited);
    if (!rc)
        d->cited[d->ncited++] = c;
    return rc;
}

static int step(sx_decision *d, sx_step_kind kind, const sx_clause *c, const void *ref, const char *text)
{
    int rc = grow(&d->arena, (void **)&d->steps, &d->capsteps, d->nsteps, sizeof *d->steps);
    if (!rc)
        d->steps[d->nsteps++] = (sx_step){kind, c, ref, text};
    if (!rc && c)
        rc = cite(d, c);
    return rc;
}

static int caveat(sx_decision *d, sx_caveat_kind kind, const sx_clause *c, const void *ref, const char *text)
{
    for (size_t i = 0; i < d->ncaveats; i++) {
        const sx_caveat *o = &d->caveats[i];
        bool same_clause = o->clause == c || (o->clause && c && o->clause->id == c->id);
        if (o->kind == kind && o->text == text && o->ref == ref && same_clause)
            return 0;
    }
    int rc = grow(&d->arena, (void **)&d->caveats, &d->capcaveats, d->ncaveats, sizeof *d->caveats);
    if (!rc)
        d->caveats[d->ncaveats++] = (sx_caveat){kind, c, ref, text};
    return rc;
}

/* ---- input --------------------------------------------------------------------------------- */

static bool valid_item_text(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > MAX_ITEM_LEN)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr(".:()-_", *s))
            return false;
    return true;
}

/* The declared value: a plain decimal amount ("120000", "45000.50"), and its currency,
 * three capital letters (ISO 4217).  Both or neither: an amount without its currency, or a
 * currency without an amount, would be carried into the answer meaning nothing. */
static int check_value(const sx_shipment *s)
{
    bool has_value = s->value && *s->value, has_currency = s->currency && *s->currency;
    if (has_value) {
        size_t len = strlen(s->value), digits = 0, dots = 0;
        for (const char *p = s->value; *p; p++) {
            digits += *p >= '0' && *p <= '9';
            dots += *p == '.';
        }
        if (digits + dots != len || !digits || dots > 1 || s->value[0] == '.' ||
            s->value[len - 1] == '.' || len > MAX_VALUE_LEN)
            return sx_error_set(SX_EINVAL,
                                "value: \"%.*s\" is not an amount (digits with at most one "
                                "decimal point, e.g. 120000 or 45000.50)",
                                SX_CUT(s->value, 32));
        if (!has_currency)
            return sx_error_set(
                SX_EINVAL, "currency: missing; a value needs its currency (ISO 4217, e.g. USD)");
    }
    if (has_currency) {
        const char *c = s->currency;
        bool ok = strlen(c) == 3;
        for (size_t i = 0; ok && i < 3; i++)
            ok = c[i] >= 'A' && c[i] <= 'Z';
        if (!ok)
            return sx_error_set(
                SX_EINVAL,
                "currency: \"%.*s\" is not an ISO 4217 code (three capital letters, e.g. USD)",
                SX_CUT(c, 16));
        if (!has_value)
            return sx_error_set(SX_EINVAL,
                                "value: missing; a currency is given without the value it is for");
    }
    return 0;
}

static int check_input(sx_decision *d, const sx_regimes *r, const sx_shipment *s)
{
    if (s->version > SX_SHIPMENT_VERSION)
        return sx_error_set(SX_EUNSUPPORTED, "shipment: version %u is newer than this library (%d)",
                            s->version, SX_SHIPMENT_VERSION);
    if (!s->from || !*s->from)
        return sx_error_set(SX_EINVAL, "from: missing (the exporting jurisdiction, e.g. JP)");
    d->jur = sx_regime_find(r, s->from);
    if (!d->jur)
        return sx_error_set(SX_EUNKNOWN_JURISDICTION, "from: no regime data for jurisdiction \"%.*s\" "
                                                      "(have JP, KR, US, EU)", SX_CUT(s->from, 16));
    if (!s->to || !*s->to)
        return sx_error_set(SX_EINVAL, "to: missing (the destination, ISO 3166-1 alpha-2)");
    if (strlen(s->to) != 2 || !sx_country_name(r, s->to))
        return sx_error_set(SX_EUNKNOWN_COUNTRY, "to: unknown country \"%.*s\" (expected an ISO 3166-1 alpha-2 code such as KR)", SX_CUT(s->to, 16));
    if (strcmp(s->to, s->from) == 0)
        return sx_error_set(SX_EINVAL, "to: the destination %s is the exporting jurisdiction", s->to);
    memcpy(d->dest, s->to, 3);
    if (!s->date || !*s->date)
        return sx_error_set(SX_EINVAL, "date: missing (YYYY-MM-DD)");
    if (sx_date_parse(&d->date, s->date) != 0)
        return sx_error_set(SX_EDATE, "date: \"%.*s\" is not a valid date (expected YYYY-MM-DD)", SX_CUT(s->date, 32));
    if (d->date < d->jur->data_begins) {
        char b[11];
        sx_date_format(b, d->jur->data_begins);
        return sx_error_set(SX_EDATE, "date: %s is before the %s data begins (%s)", s->date, d->jur->code, b);
    }
    if (!s->item || !*s->item)
        return sx_error_set(SX_EINVAL, "item: missing (a control number such as 1C350, jp:3(1) or not-listed)");
    if (!valid_item_text(s->item))
        return sx_error_set(SX_EUNKNOWN_ITEM, "item: \"%.*s\" is not a control number or reference", SX_CUT(s->item, 64));
    static const char *const end_uses[] = {"civil", "wmd", "conventional", "military", "unknown"};
    bool ok = !s->end_use || !*s->end_use;
    for (size_t i = 0; !ok && i < sizeof end_uses / sizeof end_uses[0]; i++)
        ok = strcmp(s->end_use, end_uses[i]) == 0;
    if (!ok)
        return sx_error_set(SX_EINVAL, "end_use: \"%.*s\" is not one of civil, wmd, conventional, military, unknown", SX_CUT(s->end_use, 32));
    if (s->hs && *s->hs) {
        for (const char *p = s->hs; *p; p++)
            if (!isdigit((unsigned char)*p) && *p != '.')
                return sx_error_set(SX_EINVAL, "hs: \"%.*s\" is not an HS code (digits and dots)", SX_CUT(s->hs, 32));
    }
    if (s->id && strlen(s->id) > MAX_ID_LEN)
        return sx_error_set(SX_EINVAL, "id: longer than %d characters", MAX_ID_LEN);
    int rc = check_value(s);
    if (rc)
        return rc;
    for (size_t i = 0; i < s->nanswers; i++) {
        const char *eq = s->answers[i] ? strrchr(s->answers[i], '=') : NULL;
        if (!eq || eq == s->answers[i] || (strcmp(eq, "=yes") != 0 && strcmp(eq, "=no") != 0))
            return sx_error_set(SX_EINVAL, "answers[%zu]: \"%.*s\" is not QUESTION-ID=yes or QUESTION-ID=no", i,
                                SX_CUT(s->answers[i] ? s->answers[i] : "", 64));
    }
    return 0;
}

/* ---- item resolution ---------------------------------------------------------------------- */

static bool is_not_listed(const char *input)
{
    return strcasecmp(input, "not-listed") == 0 || strcasecmp(input, "EAR99") == 0;
}

static int resolve_item(sx_decision *d)
{
    const sx_jurisdiction *j = d->jur;
    if (is_not_listed(d->item_input))
        return step(d, SX_STEP_NOT_LISTED, NULL, NULL, d->item_input);
    const sx_itemlist *found = sx_items_for(j, d->item_input);
    if (!(d->entries = sx_arena_calloc(&d->arena, (found ? found->n : 0) + 1, sizeof *d->entries)))
        return SX_ENOMEM;
    /* Hand-written entries carry native references and national parameters; the derived
     * multilateral ones are used only when none of those matches. */
    for (int pass = 0; found && pass < 2 && !d->nentries; pass++)
        for (size_t i = 0; i < found->n; i++) {
            const sx_item *it = found->v[i];
            if (it->derived == (pass == 0) || !sx_clause_in_force(&it->clause, d->date))
                continue;
            if (sx_item_matches(it, d->item_input))
                d->entries[d->nentries++] = it;
        }
    if (!d->nentries) {
        char b[11];
        sx_date_format(b, d->date);
        return sx_error_set(SX_EUNKNOWN_ITEM, "item: \"%s\" is not in the %s control-list data on %s "
                                              "(use not-listed for an item on no list)",
                            d->item_input, j->code, b);
    }
    d->listed = true;
    for (size_t i = 0; i < d->nentries; i++) {
        const sx_item *it = d->entries[i];
        int rc = step(d, SX_STEP_ITEM, &it->clause, it, NULL);
        if (!rc && it->derived && d->date < it->derived_as_of)
            rc = caveat(d, SX_CAVEAT_DERIVED_EARLIER, NULL, it, NULL);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- scope: does the law's text cover the item the input names? ------------------------ */

/* Three answers, not two: an input that names less than the law distinguishes ("3B001"
 * against a row for "3B001.c.1.a") is neither in nor out, and the decision asks. */
typedef enum tri { TRI_NO, TRI_MAYBE, TRI_YES } tri;

static tri number_vs(const char *number, const sx_strlist *wanted)
{
    tri t = TRI_NO;
    for (size_t w = 0; w < wanted->n; w++) {
        if (sx_number_within(number, wanted->v[w]))
            return TRI_YES;
        if (sx_number_within(wanted->v[w], number))
            t = TRI_MAYBE;
    }
    return t;
}

/* The numbers rules are written against: the input itself, or for a native reference the
 * control numbers of the entries it names. */
static tri item_in(const sx_decision *d, const sx_strlist *wanted)
{
    if (!d->listed)
        return TRI_NO;
    if (!strchr(d->item_input, ':'))
        return number_vs(d->item_input, wanted);
    tri best = TRI_NO;
    for (size_t e = 0; e < d->nentries; e++)
        for (size_t c = 0; c < d->entries[e]->controls.n; c++) {
            tri t = number_vs(d->entries[e]->controls.v[c], wanted);
            if (t > best)
                best = t;
        }
    return best;
}

static tri scope_covers(const sx_decision *d, const sx_scope *sc)
{
    if (sc->condition)
        return TRI_MAYBE;
    if (sc->applies_to.n)
        return item_in(d, &sc->applies_to);
    if (sc->outside.n) {
        tri t = item_in(d, &sc->outside);
        return t == TRI_YES ? TRI_NO : t == TRI_MAYBE ? TRI_MAYBE : TRI_YES;
    }
    return TRI_YES;
}

static tri tri_and(tri a, tri b) { return a < b ? a : b; }

/* ---- questions ----------------------------------------------------------------------------- */

static bool same_items(const sx_strlist *a, const sx_strlist *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!sx_strlist_has(b, a->v[i]))
            return false;
    return true;
}

/* One question per fact: two rules that turn on the same fact share it. */
static bool same_question(const sx_question *q, const sx_question *n)
{
    if (q->kind != n->kind)
        return false;
    switch (q->kind) {
    case SX_QK_ROW_SCOPE:
    case SX_QK_ROW_DEST:
    case SX_QK_RESTRICTION:
    case SX_QK_PARTY:
        return q->ref == n->ref;
    case SX_QK_ITEM:
        return same_items(&q->rule->where.items, &n->rule->where.items);
    case SX_QK_END_USE:
    case SX_QK_HS:
        return true;
    case SX_QK_RULE:
        return q->rule == n->rule;
    }
    return false;
}

/* The caller's answer to q: 1 yes, 0 no, -1 none.  End uses and HS codes are answered by
 * their own fields, so they are never answered here. */
static int answer_to(sx_decision *d, const sx_question *q)
{
    if (!d->nanswers || q->kind == SX_QK_END_USE || q->kind == SX_QK_HS)
        return -1;
    char id[700];
    sx_question_id(d, q, id, sizeof id);
    size_t n = strlen(id);
    for (size_t i = 0; i < d->nanswers; i++) {
        const char *a = d->answers[i];
        if (strncmp(a, id, n) == 0 && a[n] == '=') {
            char text[2048], line[2048 + 800];
            sx_question_format(d, q, text, sizeof text);
            snprintf(line, sizeof line, "Answered %.3s by the caller: [%.700s] %s", a + n + 1, id, text);
            const char *kept = sx_arena_strdup(&d->arena, line);
            int rc = kept ? step(d, SX_STEP_ANSWERED, q->cites[0], NULL, kept) : SX_ENOMEM;
            if (rc)
                return -2;
            return strcmp(a + n + 1, "yes") == 0;
        }
    }
    return -1;
}

static int ask(sx_decision *d, sx_question n, const sx_clause *c)
{
    n.about_options = n.effect == SX_Q_OPTIONS;
    for (size_t i = 0; i < d->nquestions; i++) {
        sx_question *q = &d->questions[i];
        if (!same_question(q, &n))
            continue;
        if (n.effect > q->effect)
            q->effect = n.effect;
        q->about_options |= n.about_options;
        bool have = false;
        for (size_t k = 0; k < q->ncites && !have; k++)
            have = q->cites[k] == c;
        if (c && !have && q->ncites < sizeof q->cites / sizeof q->cites[0])
            q->cites[q->ncites++] = c;
        return 0;
    }
    int rc = grow(&d->arena, (void **)&d->questions, &d->capquestions, d->nquestions, sizeof *d->questions);
    if (rc)
        return rc;
    n.ncites = 0;
    if (c)
        n.cites[n.ncites++] = c;
    d->questions[d->nquestions++] = n;
    return 0;
}

/* ---- destination ---------------------------------------------------------------------------- */

static int resolve_groups(sx_decision *d)
{
    const sx_jurisdiction *j = d->jur;
    d->groups = sx_arena_calloc(&d->arena, j->ngroups + 1, sizeof *d->groups);
    d->group_clauses = sx_arena_calloc(&d->arena, j->ngroups + 1, sizeof *d->group_clauses);
    if (!d->groups || !d->group_clauses)
        return SX_ENOMEM;
    for (size_t i = 0; i < j->ngroups; i++) {
        const sx_group *g = &j->groups[i];
        const sx_clause *c = g->is_chart_column ? NULL : sx_group_membership(j, g, d->dest, d->date);
        if (!c)
            continue;
        d->groups[d->ngroups] = g;
        d->group_clauses[d->ngroups++] = c;
        int rc = step(d, SX_STEP_GROUP, c, g, NULL);
        if (rc)
            return rc;
    }
    return 0;
}

static bool in_group(const sx_decision *d, const sx_group *g)
{
    for (size_t i = 0; i < d->ngroups; i++)
        if (d->groups[i] == g)
            return true;
    /* chart columns are not listed among the destination's groups: check them directly */
    return g->is_chart_column && sx_group_membership(d->jur, g, d->dest, d->date);
}

/* Country codes are two letters: compared without strcmp, as every rule and row asks. */
static bool has_country(const sx_strlist *l, const char *code)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i][0] == code[0] && l->v[i][1] == code[1] && !l->v[i][2])
            return true;
    return false;
}

/* ---- the US Country Chart (15 CFR 738.4) ---------------------------------------------------- */

static tri dest_covers(const sx_decision *d, const sx_dest *x)
{
    bool in;
    if (x->column) {
        in = !x->column_group || sx_group_membership(d->jur, x->column_group, d->dest, d->date);
        return in && !has_country(&x->not_countries, d->dest) ? TRI_YES : TRI_NO;
    }
    if (!x->countries.n && !x->groups.n)
        return TRI_YES; /* an "ask" row that names no destination: it may reach any */
    /* "the UAE or destinations in D:1, D:4 and D:5, excluding any also in A:5 or A:6": the
     * exclusion qualifies the groups, not the countries named */
    bool by_group = false;
    for (size_t i = 0; i < x->groups.n && !by_group; i++)
        by_group = in_group(d, x->group_refs[i]);
    for (size_t i = 0; i < x->not_groups.n && by_group; i++)
        by_group = !in_group(d, x->not_group_refs[i]);
    in = has_country(&x->countries, d->dest) || by_group;
    return in && !has_country(&x->not_countries, d->dest) ? TRI_YES : TRI_NO;
}

/* A row whose scope or destination the data cannot settle: ask, if its destination could
 * be this one. */
static int ask_row(sx_decision *d, const sx_item *it, size_t k, tri scope)
{
    const sx_control_row *row = &it->rows[k];
    sx_question q = {.kind = scope != TRI_YES ? SX_QK_ROW_SCOPE : SX_QK_ROW_DEST, .ref = row,
                     .item = it, .row = k, .effect = SX_Q_LICENCE, .cites = {&it->clause}, .ncites = 1};
    int a = answer_to(d, &q);
    if (a == -2)
        return SX_ENOMEM;
    if (a == 1) /* the caller says the row reaches this shipment */
        d->x_reasons[d->nx++] = row->dest.column ? row->dest.column : row->reason;
    return a >= 0 ? 0 : ask(d, q, &it->clause);
}

static int apply_row(sx_decision *d, const sx_item *it, size_t k)
{
    const sx_control_row *row = &it->rows[k];
    tri scope = scope_covers(d, &row->scope);
    tri dest = dest_covers(d, &row->dest);
    if (row->ask && dest == TRI_YES)
        dest = TRI_MAYBE;
    if (scope == TRI_NO)
        return step(d, SX_STEP_ROW_NOT_COVERED, &it->clause, row, NULL);
    if (tri_and(scope, dest) == TRI_MAYBE)
        return ask_row(d, it, k, scope);
    const char *col = row->dest.column;
    if (dest == TRI_YES)
        d->x_reasons[d->nx++] = col ? col : row->reason;
    if (col && !row->dest.column_group)
        return step(d, SX_STEP_WORLDWIDE, &it->clause, it, NULL);
    if (!col)
        return dest == TRI_YES ? step(d, SX_STEP_ROW_X, &it->clause, row, NULL) : 0;
    const sx_group *g = row->dest.column_group;
    const sx_clause *c = sx_group_membership(d->jur, g, d->dest, d->date);
    return c ? step(d, SX_STEP_CHART_X, c, NULL, col) : step(d, SX_STEP_CHART_NO_X, &g->clause, NULL, col);
}

static int apply_country_chart(sx_decision *d)
{
    size_t total = 0;
    for (size_t e = 0; e < d->nentries; e++)
        total += d->entries[e]->nrows;
    if (!(d->x_reasons = sx_arena_calloc(&d->arena, total + 1, sizeof *d->x_reasons)))
        return SX_ENOMEM;
    int rc = 0;
    for (size_t e = 0; !rc && e < d->nentries; e++) {
        const sx_item *it = d->entries[e];
        for (size_t k = 0; !rc && k < it->nrows; k++)
            rc = apply_row(d, it, k);
        if (!rc && it->other_controls)
            rc = caveat(d, SX_CAVEAT_OTHER_CONTROLS, NULL, it, NULL);
    }
    return rc;
}

/* ---- rules ------------------------------------------------------------------------------------- */

static bool hs_matches(const char *hs, const sx_strlist *prefixes)
{
    char digits[32];
    size_t n = 0;
    for (const char *p = hs; *p && n < sizeof digits - 1; p++)
        if (*p != '.')
            digits[n++] = *p;
    digits[n] = '\0';
    for (size_t i = 0; i < prefixes->n; i++) {
        char want[32];
        size_t m = 0;
        for (const char *p = prefixes->v[i]; *p && m < sizeof want - 1; p++)
            if (*p != '.')
                want[m++] = *p;
        want[m] = '\0';
        if (m && strncmp(digits, want, m) == 0)
            return true;
    }
    return false;
}

static const char *exception_flag(const sx_decision *d, const char *symbol)
{
    for (size_t e = 0; e < d->nentries; e++)
        for (size_t k = 0; k < d->entries[e]->nexceptions; k++)
            if (strcmp(d->entries[e]->exceptions[k].key, symbol) == 0)
                return d->entries[e]->exceptions[k].value;
    return NULL;
}

static bool only_reasons(const sx_decision *d, const sx_strlist *families)
{
    if (!d->nx)
        return false;
    for (size_t i = 0; i < d->nx; i++) {
        bool ok = false;
        for (size_t f = 0; f < families->n && !ok; f++)
            ok = strncmp(d->x_reasons[i], families->v[f], strlen(families->v[f])) == 0;
        if (!ok)
            return false;
    }
    return true;
}

/* What the input left open when a rule may apply. */
typedef enum unknown { UNKNOWN_NONE, UNKNOWN_ITEM, UNKNOWN_END_USE, UNKNOWN_HS, UNKNOWN_PARTY } unknown;

/* A flagged party whose listing imposes a licence under the law being applied. */
static const sx_party_hit *licensing_hit(const sx_decision *d)
{
    for (size_t i = 0; i < d->nhits; i++)
        if (d->hits[i]->licence_requirement && d->hits[i]->issuer && strcmp(d->hits[i]->issuer, d->jur->code) == 0)
            return d->hits[i];
    return NULL;
}

static tri rule_applies(const sx_decision *d, const sx_rule *rule, unknown *why)
{
    const sx_where *w = &rule->where;
    *why = UNKNOWN_NONE;
    if (!sx_clause_in_force(&rule->clause, d->date))
        return TRI_NO;
    if (w->listed >= 0 && (w->listed == 1) != d->listed)
        return TRI_NO;
    bool any = !w->groups.n;
    for (size_t i = 0; i < w->groups.n && !any; i++)
        any = in_group(d, w->group_refs[i]);
    for (size_t i = 0; i < w->not_groups.n && any; i++)
        any = !in_group(d, w->not_group_refs[i]);
    if (!any)
        return TRI_NO;
    if (w->countries.n && !has_country(&w->countries, d->dest))
        return TRI_NO;
    if (w->exception && !exception_flag(d, w->exception))
        return TRI_NO;
    if (w->only_reasons.n && !only_reasons(d, &w->only_reasons))
        return TRI_NO;
    tri t = TRI_YES;
    if (w->party_licence) {
        if (!licensing_hit(d))
            return TRI_NO;
        t = TRI_MAYBE; /* a match at the threshold is a possible match, not a finding */
        *why = UNKNOWN_PARTY;
    }
    if (w->items.n) {
        t = item_in(d, &w->items);
        if (t == TRI_MAYBE)
            *why = UNKNOWN_ITEM;
    }
    if (t != TRI_NO && w->end_use.n) {
        if (!d->end_use) {
            t = TRI_MAYBE;
            *why = *why ? *why : UNKNOWN_END_USE;
        } else if (!sx_strlist_has(&w->end_use, d->end_use)) {
            t = TRI_NO;
        }
    }
    if (t != TRI_NO && w->hs.n) {
        if (!d->hs) {
            t = TRI_MAYBE;
            *why = *why ? *why : UNKNOWN_HS;
        } else if (!hs_matches(d->hs, &w->hs)) {
            t = TRI_NO;
        }
    }
    /* not_hs: an HS code is given and starts with none of these (an exclusion from an hs
     * list, or the goods outside a scope) */
    if (t != TRI_NO && w->not_hs.n) {
        if (!d->hs) {
            t = TRI_MAYBE;
            *why = *why ? *why : UNKNOWN_HS;
        } else if (hs_matches(d->hs, &w->not_hs)) {
            t = TRI_NO;
        }
    }
    return t;
}

static sx_question_effect effect_question(const sx_rule *rule)
{
    sx_effect e = rule->effect;
    return e == SX_EFFECT_PROHIBIT || (e == SX_EFFECT_ASK && rule->ask_prohibits) ? SX_Q_PROHIBITED
           : e == SX_EFFECT_REQUIRE || e == SX_EFFECT_ASK                          ? SX_Q_LICENCE
                                                                                   : SX_Q_OPTIONS;
}

/* The question a rule that may apply asks: what the input did not say. */
static sx_question rule_question(const sx_decision *d, const sx_rule *rule, unknown why)
{
    static const sx_question_kind kinds[] = {
        [UNKNOWN_NONE] = SX_QK_RULE, [UNKNOWN_ITEM] = SX_QK_ITEM, [UNKNOWN_END_USE] = SX_QK_END_USE,
        [UNKNOWN_HS] = SX_QK_HS, [UNKNOWN_PARTY] = SX_QK_PARTY};
    sx_question q = {.kind = kinds[why], .rule = rule, .effect = effect_question(rule),
                     .cites = {&rule->clause}, .ncites = 1};
    if (why == UNKNOWN_PARTY)
        q.ref = licensing_hit(d);
    return q;
}

static int ask_rule(sx_decision *d, const sx_rule *rule, unknown why)
{
    return ask(d, rule_question(d, rule, why), &rule->clause);
}

/* The caller's answer to the question a rule would ask (see answer_to). */
static int rule_answer(sx_decision *d, const sx_rule *rule, unknown why)
{
    sx_question q = rule_question(d, rule, why);
    return answer_to(d, &q);
}

static sx_option *option_of(sx_decision *d, const sx_licence *l)
{
    return &d->options[l - d->jur->licences];
}

static void option_cite(sx_option *o, const sx_clause *c)
{
    for (size_t i = 0; i < o->ncites; i++)
        if (o->cites[i] == c)
            return;
    if (o->ncites < sizeof o->cites / sizeof o->cites[0])
        o->cites[o->ncites++] = c;
}

static void set_option(sx_decision *d, const sx_rule *rule, size_t k, int state)
{
    sx_option *o = option_of(d, rule->licence_refs[k]);
    if (o->state != state)
        o->ncites = 0; /* a later rule overrides: its reasons replace the earlier ones */
    o->state = state;
    if (rule->reason)
        o->reason = rule->reason;
    if (rule->review_days != SX_UNSET)
        o->review_days = rule->review_days;
    if (rule->has_documents)
        o->documents = &rule->documents;
    if (rule->validity)
        o->validity = rule->validity;
    option_cite(o, &rule->clause);
    const char *flag = exception_flag(d, rule->licences.v[k]);
    if (flag)
        o->condition = flag;
}

static int apply_rule(sx_decision *d, const sx_rule *rule, bool *needed, bool *prohibited)
{
    /* open/closed rules are cited with the option they decide (finish_outcome), so a rule
     * that a later one overrode does not clutter the citations */
    switch (rule->effect) {
    case SX_EFFECT_OPEN:
    case SX_EFFECT_CLOSED:
        for (size_t k = 0; k < rule->licences.n; k++)
            set_option(d, rule, k, rule->effect == SX_EFFECT_OPEN ? SX_OPT_OPEN : SX_OPT_CLOSED);
        /* a special measure is news to the reader: say so in the reasoning too */
        if (strcmp(rule->kind, "special_measure") == 0 && rule->reason)
            return step(d, SX_STEP_MEASURE, &rule->clause, rule, NULL);
        return 0;
    case SX_EFFECT_REQUIRE:
        *needed = true;
        for (size_t k = 0; k < rule->licences.n; k++)
            set_option(d, rule, k, SX_OPT_OPEN);
        return step(d, SX_STEP_REQUIRE, &rule->clause, rule, NULL);
    case SX_EFFECT_PROHIBIT:
        *prohibited = true;
        return step(d, SX_STEP_PROHIBIT, &rule->clause, rule, NULL);
    case SX_EFFECT_NONE:
        *needed = false;
        return step(d, SX_STEP_NONE, &rule->clause, rule, NULL);
    case SX_EFFECT_CAVEAT: {
        int rc = cite(d, &rule->clause);
        return rc ? rc : caveat(d, SX_CAVEAT_TEXT, NULL, NULL, rule->reason);
    }
    case SX_EFFECT_ASK: {
        int a = rule_answer(d, rule, UNKNOWN_NONE);
        if (a == -2)
            return SX_ENOMEM;
        if (a == 1 && rule->ask_prohibits) {
            *prohibited = true;
            return step(d, SX_STEP_PROHIBIT, &rule->clause, rule, NULL);
        }
        if (a == 1) {
            *needed = true;
            for (size_t k = 0; k < rule->licences.n; k++)
                set_option(d, rule, k, SX_OPT_OPEN);
            return step(d, SX_STEP_REQUIRE, &rule->clause, rule, NULL);
        }
        return a == 0 ? 0 : ask_rule(d, rule, UNKNOWN_NONE);
    }
    }
    return 0;
}

/* Applies the rules in order.  *needed says whether a licence is needed, *prohibited
 * whether the export is prohibited.  A rule that may apply asks; meanwhile the answer
 * leans to the safe side: a licence type it might close is closed, one it might open is
 * not opened, a requirement it might add or lift is left as it is. */
static int apply_rules(sx_decision *d, bool *needed, bool *prohibited)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < d->jur->nrules; i++) {
        const sx_rule *rule = &d->jur->rules[i];
        unknown why;
        tri t = rule_applies(d, rule, &why);
        int a = t == TRI_MAYBE && rule->effect != SX_EFFECT_CAVEAT ? rule_answer(d, rule, why) : -1;
        if (a == -2)
            return SX_ENOMEM;
        if (a == 1) /* the caller settled what the rule turns on */
            t = TRI_YES;
        if (t == TRI_YES)
            rc = apply_rule(d, rule, needed, prohibited);
        else if (t == TRI_MAYBE && a < 0 && rule->effect != SX_EFFECT_CAVEAT) {
            rc = ask_rule(d, rule, why);
            for (size_t k = 0; !rc && rule->effect == SX_EFFECT_CLOSED && k < rule->licences.n; k++)
                set_option(d, rule, k, SX_OPT_CLOSED);
        }
    }
    return rc;
}

/* The entries' own limits on licence exceptions, after the rules opened them. */
static int apply_restrictions(sx_decision *d)
{
    int rc = 0;
    for (size_t e = 0; !rc && e < d->nentries; e++) {
        const sx_item *it = d->entries[e];
        for (size_t k = 0; !rc && k < it->nrestrictions; k++) {
            const sx_restriction *x = &it->restrictions[k];
            sx_option *o = option_of(d, x->licence_ref);
            bool dest = !x->groups.n;
            for (size_t g = 0; g < x->groups.n && !dest; g++)
                dest = in_group(d, x->group_refs[g]);
            tri t = o && o->state == SX_OPT_OPEN && dest ? scope_covers(d, &x->scope) : TRI_NO;
            sx_question q = {.kind = SX_QK_RESTRICTION, .ref = x, .item = it, .effect = SX_Q_OPTIONS,
                             .cites = {&it->clause}, .ncites = 1};
            int a = t == TRI_MAYBE ? answer_to(d, &q) : -1;
            if (a == -2)
                return SX_ENOMEM;
            if (a >= 0)
                t = a ? TRI_YES : TRI_NO;
            if (t == TRI_NO)
                continue;
            o->state = SX_OPT_CLOSED;
            o->reason = x->text;
            o->ncites = 0;
            option_cite(o, &it->clause);
            rc = step(d, SX_STEP_RESTRICTED, &it->clause, x, NULL);
            if (!rc && t == TRI_MAYBE) {
                q.ncites = 0;
                rc = ask(d, q, &it->clause);
            }
        }
    }
    return rc;
}

/* ---- caveats from the data's own status ------------------------------------------------------ */

static int status_caveats(sx_decision *d)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < d->ncited; i++) {
        const sx_clause *c = d->cited[i];
        if (c->status != SX_VERIFIED)
            rc = caveat(d, SX_CAVEAT_STATUS, c, NULL, NULL);
        else if (c->note)
            rc = caveat(d, SX_CAVEAT_NOTE, c, NULL, NULL);
    }
    if (!rc && d->date > d->jur->as_of)
        rc = caveat(d, SX_CAVEAT_AS_OF, NULL, NULL, NULL);
    return rc;
}

/* ---- putting it together ---------------------------------------------------------------------- */

static int init_options(sx_decision *d)
{
    const sx_jurisdiction *j = d->jur;
    if (!(d->options = sx_arena_calloc(&d->arena, j->nlicences + 1, sizeof *d->options)))
        return SX_ENOMEM;
    for (size_t i = 0; i < j->nlicences; i++) {
        sx_option *o = &d->options[i];
        o->licence = &j->licences[i];
        o->review_days = j->licences[i].review_days;
        o->documents = &j->licences[i].documents;
        o->validity = j->licences[i].validity;
    }
    return 0;
}

static int copy_input(sx_decision *d, const sx_shipment *s)
{
    sx_arena *a = &d->arena;
    d->id = s->id ? sx_arena_strdup(a, s->id) : NULL;
    d->item_input = sx_arena_strdup(a, s->item);
    d->hs = s->hs && *s->hs ? sx_arena_strdup(a, s->hs) : NULL;
    d->end_use = s->end_use && *s->end_use ? sx_arena_strdup(a, s->end_use) : NULL;
    d->value = s->value && *s->value ? sx_arena_strdup(a, s->value) : NULL; /* check_value */
    d->currency = d->value ? sx_arena_strdup(a, s->currency) : NULL;
    d->answers = s->answers; /* read during sx_decide only */
    d->nanswers = s->nanswers;
    if (!d->item_input || (s->id && !d->id) || (s->hs && *s->hs && !d->hs) ||
        (s->end_use && *s->end_use && !d->end_use) || (d->value && !d->currency) ||
        (s->value && *s->value && !d->value))
        return SX_ENOMEM;
    d->parties = sx_arena_calloc(a, s->nparties + 1, sizeof *d->parties);
    for (size_t i = 0; d->parties && i < s->nparties; i++)
        if (s->parties[i] && *s->parties[i] &&
            !(d->parties[d->nparties++] = sx_arena_strdup(a, s->parties[i])))
            return SX_ENOMEM;
    return d->parties ? 0 : SX_ENOMEM;
}

static int decide_listed_or_not(sx_decision *d, bool *needed)
{
    int rc = 0;
    if (d->listed && d->jur->method == SX_METHOD_COUNTRY_CHART) {
        rc = apply_country_chart(d);
        *needed = d->nx > 0;
        if (!rc && !*needed && !d->nquestions) /* an open row is asked, not called NLR */
            rc = step(d, SX_STEP_NLR, NULL, NULL, NULL);
    } else {
        *needed = d->listed;
    }
    return rc;
}

/* A party no list name met may still be listed under a name its screening cannot reach
 * (sx_screen_caveats: a translation of a name in Han characters, a brand coined in Latin
 * letters): the decision says so, naming the party, rather than calling it clear. */
static int clear_party_caveats(sx_decision *d, const char *party)
{
    char **texts = NULL;
    size_t n = 0;
    int rc = sx_screen_caveats(&texts, &n, party);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(party) + strlen(texts[i]) + 64;
        char *text = sx_arena_alloc(&d->arena, len);
        if (!text) {
            rc = sx_error_oom();
            break;
        }
        snprintf(text, len, "Party \"%s\": no list name met it, but %s.", party, texts[i]);
        rc = caveat(d, SX_CAVEAT_TEXT, NULL, NULL, text);
    }
    sx_free(texts);
    return rc;
}

/* Screens every party against the index; a hit at the alert threshold turns the decision
 * into "review" (PRODUCT.md: a party hit that a person must clear). */
static int screen_parties(sx_decision *d, const sx_screen_index *ix, bool *flagged)
{
    sx_screen_opts opts = {.threshold = -1, .limit = 5};
    if (!(d->screening = json_array()) || !(d->hits = sx_arena_calloc(&d->arena, d->nparties + 1, sizeof *d->hits)))
        return sx_error_oom();
    for (size_t i = 0; i < d->nparties; i++) {
        sx_screen_hit *hits = NULL;
        size_t n = 0;
        int rc = sx_screen_query(&hits, &n, ix, d->parties[i], &opts);
        if (rc)
            return rc;
        /* every append checked: a party or hit lost to memory must fail the decision, not
         * leave it saying the party was clear */
        json_t *results = json_array();
        bool whole = results != NULL;
        for (size_t k = 0; whole && k < n; k++)
            whole = json_array_append_new(
                        results, json_pack("{s:s, s:s, s:s, s:s, s:f}", "list", hits[k].list,
                                           "entity_id", hits[k].entity_id, "entity_type",
                                           hits[k].entity_type, "matched_name",
                                           hits[k].matched_name, "score", hits[k].score)) == 0;
        if (whole) {
            whole =
                json_array_append_new(d->screening, json_pack("{s:s, s:o}", "party", d->parties[i],
                                                              "results", results)) == 0;
            results = NULL; /* s:o took it, or json_pack dropped it */
        }
        json_decref(results);
        if (!whole) {
            free(hits);
            return sx_error_oom();
        }
        sx_party_hit *h = n ? sx_arena_alloc(&d->arena, sizeof *h) : NULL;
        if (h) {
            /* the index outlives the decision only for the caller: copy what is kept */
            sx_arena *a = &d->arena;
            *h = (sx_party_hit){d->parties[i], sx_arena_strdup(a, hits[0].list),
                                sx_arena_strdup(a, hits[0].entity_id),
                                sx_arena_strdup(a, hits[0].matched_name), hits[0].score,
                                hits[0].licence_requirement ? sx_arena_strdup(a, hits[0].licence_requirement) : NULL,
                                hits[0].licence_policy ? sx_arena_strdup(a, hits[0].licence_policy) : NULL,
                                hits[0].notice ? sx_arena_strdup(a, hits[0].notice) : NULL,
                                hits[0].issuer ? sx_arena_strdup(a, hits[0].issuer) : NULL};
            d->hits[d->nhits++] = h;
            *flagged = true;
        }
        free(hits);
        if (n && (!h || !h->list || !h->entity_id || !h->matched_name))
            return sx_error_oom();
        rc = n ? step(d, SX_STEP_PARTY_HIT, NULL, h, NULL) : step(d, SX_STEP_PARTY_CLEAR, NULL, NULL, d->parties[i]);
        rc = rc || n ? rc : clear_party_caveats(d, d->parties[i]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Keeps the questions whose "yes" could change the answer: a licence where none is
 * required yet, a prohibition where there is none yet, the licence types where a licence
 * is required.  Only the first two make the decision "indeterminate". */
static void keep_open_questions(sx_decision *d, int certain)
{
    size_t kept = 0;
    for (size_t i = 0; i < d->nquestions; i++) {
        const sx_question *q = &d->questions[i];
        bool stricter = q->effect != SX_Q_OPTIONS && (int)q->effect > certain;
        bool matters = stricter || (q->about_options && certain == SX_Q_LICENCE);
        if (matters)
            d->questions[kept++] = *q;
    }
    d->nquestions = kept;
}

static int finish_outcome(sx_decision *d, bool needed, bool prohibited)
{
    int rc = 0;
    int certain = prohibited ? SX_Q_PROHIBITED : needed ? SX_Q_LICENCE : -1;
    if (prohibited) {
        d->outcome = "prohibited";
    } else if (needed) {
        d->outcome = "licence_required";
    } else {
        d->outcome = "not_controlled";
        for (size_t i = 0; i < d->jur->nlicences; i++)
            d->options[i].state = SX_OPT_UNSET;
    }
    keep_open_questions(d, certain);
    /* a question about the licence types leaves the decision standing: it is asked, and
     * the types it concerns lean to the safe side (apply_rules) */
    bool open = false;
    for (size_t i = 0; i < d->nquestions && !open; i++)
        open = d->questions[i].effect != SX_Q_OPTIONS && (int)d->questions[i].effect > certain;
    if (open) {
        d->otherwise = d->outcome;
        d->outcome = "indeterminate";
    }
    for (size_t i = 0; !rc && i < d->nquestions; i++)
        for (size_t k = 0; !rc && k < d->questions[i].ncites; k++)
            rc = cite(d, d->questions[i].cites[k]);
    for (size_t i = 0; !rc && i < d->jur->nlicences; i++) {
        const sx_option *o = &d->options[i];
        for (size_t k = 0; !rc && o->state != SX_OPT_UNSET && k < o->ncites; k++)
            rc = cite(d, o->cites[k]);
        if (!rc && o->state == SX_OPT_OPEN)
            rc = cite(d, &o->licence->clause);
    }
    if (!rc && d->nparties && !d->screening)
        rc = caveat(d, SX_CAVEAT_TEXT, NULL, NULL, "The parties were not screened in this determination.");
    return rc;
}

int sx_decide(sx_decision **out, const sx_regimes *r, const sx_screen_index *screen,
              const sx_shipment *s)
{
    if (!out || !r || !s)
        return sx_error_set(SX_EINVAL, "sx_decide: NULL argument");
    sx_decision *d = calloc(1, sizeof *d);
    if (!d)
        return sx_error_oom();
    d->regimes = r;
    bool needed = false, prohibited = false, flagged = false;
    int rc = check_input(d, r, s);
    if (!rc)
        rc = copy_input(d, s);
    if (!rc)
        rc = init_options(d);
    if (!rc)
        rc = resolve_groups(d);
    if (!rc)
        rc = resolve_item(d);
    if (!rc)
        rc = decide_listed_or_not(d, &needed);
    if (!rc && screen && d->nparties)
        rc = screen_parties(d, screen, &flagged);
    if (!rc)
        rc = apply_rules(d, &needed, &prohibited);
    if (!rc)
        rc = apply_restrictions(d);
    if (!rc)
        rc = finish_outcome(d, needed, prohibited);
    if (!rc && flagged && !prohibited) {
        d->outcome = "review"; /* the questions stay: a person answers them with the match */
        d->otherwise = NULL;
    }
    if (!rc)
        rc = status_caveats(d);
    d->answers = NULL; /* the caller's, valid only during the call */
    d->nanswers = 0;
    if (rc) {
        sx_decision_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

const char *sx_decision_outcome(const sx_decision *d) { return d ? d->outcome : NULL; }

void sx_decision_free(sx_decision *d)
{
    if (!d)
        return;
    json_decref(d->screening);
    sx_arena_free(&d->arena);
    free(d);
}
