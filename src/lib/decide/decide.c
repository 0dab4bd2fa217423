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
#include "util/strutil.h"

#define MAX_ITEM_LEN 64
#define MAX_ID_LEN 256

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

static int check_input(sx_decision *d, const sx_regimes *r, const sx_shipment *s)
{
    if (!s->from || !*s->from)
        return sx_error_set(SX_EINVAL, "from: missing (the exporting jurisdiction, e.g. JP)");
    d->jur = sx_regime_find(r, s->from);
    if (!d->jur)
        return sx_error_set(SX_EUNKNOWN_COUNTRY, "from: no regime data for jurisdiction \"%.16s\" "
                                                 "(have JP, KR, US, EU)", s->from);
    if (!s->to || !*s->to)
        return sx_error_set(SX_EINVAL, "to: missing (the destination, ISO 3166-1 alpha-2)");
    if (strlen(s->to) != 2 || !sx_country_name(r, s->to))
        return sx_error_set(SX_EUNKNOWN_COUNTRY, "to: unknown country \"%.16s\" (expected an ISO 3166-1 alpha-2 code such as KR)", s->to);
    if (strcmp(s->to, s->from) == 0)
        return sx_error_set(SX_EINVAL, "to: the destination %s is the exporting jurisdiction", s->to);
    memcpy(d->dest, s->to, 3);
    if (!s->date || !*s->date)
        return sx_error_set(SX_EINVAL, "date: missing (YYYY-MM-DD)");
    if (sx_date_parse(&d->date, s->date) != 0)
        return sx_error_set(SX_EDATE, "date: \"%.32s\" is not a valid date (expected YYYY-MM-DD)", s->date);
    if (d->date < d->jur->data_begins) {
        char b[11];
        sx_date_format(b, d->jur->data_begins);
        return sx_error_set(SX_EDATE, "date: %s is before the %s data begins (%s)", s->date, d->jur->code, b);
    }
    if (!s->item || !*s->item)
        return sx_error_set(SX_EINVAL, "item: missing (a control number such as 1C350, jp:3(1) or not-listed)");
    if (!valid_item_text(s->item))
        return sx_error_set(SX_EUNKNOWN_ITEM, "item: \"%.64s\" is not a control number or reference", s->item);
    static const char *const end_uses[] = {"civil", "wmd", "conventional", "military", "unknown"};
    bool ok = !s->end_use || !*s->end_use;
    for (size_t i = 0; !ok && i < sizeof end_uses / sizeof end_uses[0]; i++)
        ok = strcmp(s->end_use, end_uses[i]) == 0;
    if (!ok)
        return sx_error_set(SX_EINVAL, "end_use: \"%.32s\" is not one of civil, wmd, conventional, military, unknown", s->end_use);
    if (s->hs && *s->hs) {
        for (const char *p = s->hs; *p; p++)
            if (!isdigit((unsigned char)*p) && *p != '.')
                return sx_error_set(SX_EINVAL, "hs: \"%.32s\" is not an HS code (digits and dots)", s->hs);
    }
    if (s->id && strlen(s->id) > MAX_ID_LEN)
        return sx_error_set(SX_EINVAL, "id: longer than %d characters", MAX_ID_LEN);
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
        if (rc)
            return rc;
    }
    return 0;
}

/* The numbers rules are written against: the input itself, or for a native reference the
 * control numbers of the entries it names. */
static bool item_in(const sx_decision *d, const sx_strlist *wanted)
{
    if (!d->listed)
        return false;
    for (size_t w = 0; w < wanted->n; w++) {
        if (!strchr(d->item_input, ':') && sx_number_within(d->item_input, wanted->v[w]))
            return true;
        for (size_t e = 0; strchr(d->item_input, ':') && e < d->nentries; e++)
            for (size_t c = 0; c < d->entries[e]->controls.n; c++)
                if (sx_number_within(d->entries[e]->controls.v[c], wanted->v[w]))
                    return true;
    }
    return false;
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

/* ---- the US Country Chart (15 CFR 738.4) ---------------------------------------------------- */

static int apply_country_chart(sx_decision *d)
{
    size_t total = 0;
    for (size_t e = 0; e < d->nentries; e++)
        total += d->entries[e]->reasons.n;
    if (!(d->x_reasons = sx_arena_calloc(&d->arena, total + 1, sizeof *d->x_reasons)))
        return SX_ENOMEM;
    int rc = 0;
    for (size_t e = 0; !rc && e < d->nentries; e++) {
        const sx_item *it = d->entries[e];
        for (size_t k = 0; !rc && k < it->reasons.n; k++) {
            const char *col = it->reasons.v[k];
            const sx_group *g = sx_group_find(d->jur, col);
            const sx_clause *c = g ? sx_group_membership(d->jur, g, d->dest, d->date) : NULL;
            if (strcmp(col, "WW") == 0) {
                d->x_reasons[d->nx++] = col;
                rc = step(d, SX_STEP_WORLDWIDE, &it->clause, it, NULL);
            } else if (c) {
                d->x_reasons[d->nx++] = col;
                rc = step(d, SX_STEP_CHART_X, c, NULL, col);
            } else if (g) {
                rc = step(d, SX_STEP_CHART_NO_X, &g->clause, NULL, col);
            }
        }
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

static bool rule_applies(const sx_decision *d, const sx_rule *rule)
{
    const sx_where *w = &rule->where;
    if (!sx_clause_in_force(&rule->clause, d->date))
        return false;
    if (w->listed >= 0 && (w->listed == 1) != d->listed)
        return false;
    bool any = !w->groups.n;
    for (size_t i = 0; i < w->groups.n && !any; i++)
        any = in_group(d, w->group_refs[i]);
    for (size_t i = 0; i < w->not_groups.n && any; i++)
        any = !in_group(d, w->not_group_refs[i]);
    if (!any)
        return false;
    if (w->countries.n && !sx_strlist_has(&w->countries, d->dest))
        return false;
    if (w->items.n && !item_in(d, &w->items))
        return false;
    if (w->end_use.n && (!d->end_use || !sx_strlist_has(&w->end_use, d->end_use)))
        return false;
    if (w->hs.n && (!d->hs || !hs_matches(d->hs, &w->hs)))
        return false;
    /* not_hs: an HS code is given and starts with none of these (an exclusion from an hs
     * list, or the goods outside a scope; without an HS code the rule cannot be decided) */
    if (w->not_hs.n && (!d->hs || hs_matches(d->hs, &w->not_hs)))
        return false;
    if (w->exception && !exception_flag(d, w->exception))
        return false;
    if (w->only_reasons.n && !only_reasons(d, &w->only_reasons))
        return false;
    return true;
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

/* Applies the rules in order.  *needed says whether a licence is needed, *prohibited
 * whether the export is prohibited. */
static int apply_rules(sx_decision *d, bool *needed, bool *prohibited)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < d->jur->nrules; i++) {
        const sx_rule *rule = &d->jur->rules[i];
        if (!rule_applies(d, rule))
            continue;
        /* open/closed rules are cited with the option they decide (finish_outcome), so a
         * rule that a later one overrode does not clutter the citations */
        switch (rule->effect) {
        case SX_EFFECT_OPEN:
        case SX_EFFECT_CLOSED:
            for (size_t k = 0; k < rule->licences.n; k++)
                set_option(d, rule, k, rule->effect == SX_EFFECT_OPEN ? SX_OPT_OPEN : SX_OPT_CLOSED);
            /* a special measure is news to the reader: say so in the reasoning too */
            if (strcmp(rule->kind, "special_measure") == 0 && rule->reason)
                rc = step(d, SX_STEP_MEASURE, &rule->clause, rule, NULL);
            break;
        case SX_EFFECT_REQUIRE:
            *needed = true;
            for (size_t k = 0; k < rule->licences.n; k++)
                set_option(d, rule, k, SX_OPT_OPEN);
            rc = step(d, SX_STEP_REQUIRE, &rule->clause, rule, NULL);
            break;
        case SX_EFFECT_PROHIBIT:
            *prohibited = true;
            rc = step(d, SX_STEP_PROHIBIT, &rule->clause, rule, NULL);
            break;
        case SX_EFFECT_NONE:
            *needed = false;
            rc = step(d, SX_STEP_NONE, &rule->clause, rule, NULL);
            break;
        case SX_EFFECT_CAVEAT:
            rc = cite(d, &rule->clause);
            if (!rc)
                rc = caveat(d, SX_CAVEAT_TEXT, NULL, NULL, rule->reason);
            break;
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
        if (c->status == SX_VERIFIED)
            continue;
        rc = caveat(d, SX_CAVEAT_STATUS, c, NULL, NULL);
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
    if (!d->item_input || (s->id && !d->id))
        return SX_ENOMEM;
    d->parties = sx_arena_calloc(a, s->nparties + 1, sizeof *d->parties);
    for (size_t i = 0; d->parties && i < s->nparties; i++)
        if (s->parties[i] && *s->parties[i])
            d->parties[d->nparties++] = sx_arena_strdup(a, s->parties[i]);
    return d->parties ? 0 : SX_ENOMEM;
}

static int decide_listed_or_not(sx_decision *d, bool *needed)
{
    int rc = 0;
    if (d->listed && d->jur->method == SX_METHOD_COUNTRY_CHART) {
        rc = apply_country_chart(d);
        *needed = d->nx > 0;
        if (!rc && !*needed)
            rc = step(d, SX_STEP_NLR, NULL, NULL, NULL);
    } else {
        *needed = d->listed;
    }
    return rc;
}

/* Screens every party against the index; a hit at the alert threshold turns the decision
 * into "review" (PRODUCT.md: a party hit that a person must clear). */
static int screen_parties(sx_decision *d, const sx_screen_index *ix, bool *flagged)
{
    sx_screen_opts opts = {.threshold = -1, .limit = 5};
    if (!(d->screening = json_array()))
        return sx_error_oom();
    for (size_t i = 0; i < d->nparties; i++) {
        sx_screen_hit *hits = NULL;
        size_t n = 0;
        int rc = sx_screen_query(&hits, &n, ix, d->parties[i], &opts);
        if (rc)
            return rc;
        json_t *results = json_array();
        for (size_t k = 0; k < n; k++)
            json_array_append_new(results, json_pack("{s:s, s:s, s:s, s:s, s:f}", "list", hits[k].list, "entity_id",
                                                     hits[k].entity_id, "entity_type", hits[k].entity_type,
                                                     "matched_name", hits[k].matched_name, "score", hits[k].score));
        json_array_append_new(d->screening, json_pack("{s:s, s:o}", "party", d->parties[i], "results", results));
        sx_party_hit *h = n ? sx_arena_alloc(&d->arena, sizeof *h) : NULL;
        if (h) {
            *h = (sx_party_hit){d->parties[i], sx_arena_strdup(&d->arena, hits[0].list),
                                sx_arena_strdup(&d->arena, hits[0].entity_id),
                                sx_arena_strdup(&d->arena, hits[0].matched_name), hits[0].score};
            *flagged = true;
        }
        free(hits);
        if (n && (!h || !h->list || !h->entity_id || !h->matched_name))
            return SX_ENOMEM;
        rc = n ? step(d, SX_STEP_PARTY_HIT, NULL, h, NULL) : step(d, SX_STEP_PARTY_CLEAR, NULL, NULL, d->parties[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int finish_outcome(sx_decision *d, bool needed, bool prohibited)
{
    int rc = 0;
    if (prohibited) {
        d->outcome = "prohibited";
    } else if (needed) {
        d->outcome = "licence_required";
    } else {
        d->outcome = "not_controlled";
        for (size_t i = 0; i < d->jur->nlicences; i++)
            d->options[i].state = SX_OPT_UNSET;
        if (!d->listed && !d->end_use)
            rc = caveat(d, SX_CAVEAT_TEXT, NULL, NULL,
                        "No end use was declared: catch-all and situational-permission rules "
                        "that depend on the end use were not applied.");
        if (!rc && !d->listed && !d->hs)
            rc = caveat(d, SX_CAVEAT_TEXT, NULL, NULL, "No HS code was given: rules keyed to HS codes were not applied.");
    }
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
    if (!rc)
        rc = apply_rules(d, &needed, &prohibited);
    if (!rc && screen && d->nparties)
        rc = screen_parties(d, screen, &flagged);
    if (!rc)
        rc = finish_outcome(d, needed, prohibited);
    if (!rc && flagged && !prohibited)
        d->outcome = "review";
    if (!rc)
        rc = status_caveats(d);
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
