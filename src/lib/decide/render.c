/* A decision as the JSON object of PRODUCT.md, as an officer's memo, and the JSON-in /
 * JSON-out entry point the server and audit replay share with the CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/decide/decision.h"
#include "stratex/version.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/jsonmem.h"

/* ---- rendering steps and caveats ------------------------------------------------------ */

static const char *rule_reason(const sx_rule *r) { return r->reason ? r->reason : r->kind; }

void sx_step_format(const sx_decision *d, const sx_step *s, char *buf, size_t cap)
{
    const sx_item *it = s->ref;
    const sx_rule *rule = s->ref;
    char date[11];
    sx_date_format(date, d->date);
    switch (s->kind) {
    case SX_STEP_NOT_LISTED:
        snprintf(buf, cap, "%s is not on a control list (EAR99 in US terms)", s->text);
        break;
    case SX_STEP_ITEM:
        snprintf(buf, cap, "%s is controlled: %s %s", d->item_input, it->ref ? it->ref : it->controls.v[0], it->name);
        break;
    case SX_STEP_GROUP:
        snprintf(buf, cap, "%s is in %s on %s", sx_country_name(d->regimes, d->dest),
                 sx_group_display(s->ref), date);
        break;
    case SX_STEP_WORLDWIDE:
        snprintf(buf, cap, "%s is controlled to all destinations (15 CFR 738.3(a)(1))", it->controls.v[0]);
        break;
    case SX_STEP_CHART_X:
        snprintf(buf, cap, "The Country Chart has an X for %s in column %s: a licence is required for that reason",
                 d->dest, s->text);
        break;
    case SX_STEP_CHART_NO_X:
        snprintf(buf, cap, "No X for %s in column %s", d->dest, s->text);
        break;
    case SX_STEP_NLR:
        snprintf(buf, cap, "No X in the Country Chart for this item and destination: no licence is "
                           "required (NLR), subject to General Prohibitions 4-10");
        break;
    case SX_STEP_MEASURE:
        snprintf(buf, cap, "Special measure in force: %s", rule_reason(rule));
        break;
    case SX_STEP_REQUIRE:
        snprintf(buf, cap, "A licence is required: %s", rule_reason(rule));
        break;
    case SX_STEP_PROHIBIT:
        snprintf(buf, cap, "Prohibited: %s", rule_reason(rule));
        break;
    case SX_STEP_NONE:
        snprintf(buf, cap, "No licence is needed: %s", rule_reason(rule));
        break;
    case SX_STEP_PARTY_HIT: {
        const sx_party_hit *h = s->ref;
        snprintf(buf, cap, "Party \"%s\" matches %s entry %s \"%s\" (score %.2f): a person must clear "
                           "it before the shipment goes",
                 h->party, h->list, h->entity_id, h->matched_name, h->score);
        break;
    }
    case SX_STEP_PARTY_CLEAR:
        snprintf(buf, cap, "Party \"%s\" matches no restricted-party list entry at the alert threshold", s->text);
        break;
    case SX_STEP_ROW_X: {
        const sx_control_row *row = s->ref;
        snprintf(buf, cap, "%s control%s%s, a licence is required to %s: %s", row->reason,
                 row->scope.applies_to.n ? " of the sub-items named" : "", row->scope.outside.n ? " (with exceptions)" : "",
                 sx_country_name(d->regimes, d->dest), row->see ? row->see : "destinations listed in the entry");
        break;
    }
    case SX_STEP_ROW_NOT_COVERED: {
        const sx_control_row *row = s->ref;
        snprintf(buf, cap, "The %s control of this entry does not cover %s: %s", row->reason, d->item_input,
                 row->see ? row->see : "it applies to other sub-items");
        break;
    }
    case SX_STEP_ANSWERED:
        snprintf(buf, cap, "%s", s->text);
        break;
    case SX_STEP_RESTRICTED: {
        const sx_restriction *x = s->ref;
        snprintf(buf, cap, "License Exception %s is not available here: %s", x->licence, x->text);
        break;
    }
    }
}

void sx_caveat_format(const sx_decision *d, const sx_caveat *c, char *buf, size_t cap)
{
    char date[11];
    switch (c->kind) {
    case SX_CAVEAT_TEXT:
        snprintf(buf, cap, "%s", c->text);
        break;
    case SX_CAVEAT_STATUS:
        snprintf(buf, cap, "%s is %s: %s", c->clause->id, sx_status_name(c->clause->status),
                 c->clause->note ? c->clause->note : "check it against the primary text before relying on it.");
        break;
    case SX_CAVEAT_DERIVED_EARLIER: {
        const sx_item *it = c->ref;
        sx_date_format(date, it->derived_as_of);
        snprintf(buf, cap, "%s is taken from a list of %s; that the %s list held it with this scope on the "
                           "date asked is not verified.", it->controls.v[0], date, d->jur->code);
        break;
    }
    case SX_CAVEAT_NOTE:
        snprintf(buf, cap, "%s: %s", c->clause->id, c->clause->note);
        break;
    case SX_CAVEAT_AS_OF:
        sx_date_format(date, d->jur->as_of);
        snprintf(buf, cap, "The %s data was checked up to %s; later changes are not reflected.", d->jur->code, date);
        break;
    case SX_CAVEAT_OTHER_CONTROLS: {
        const sx_item *it = c->ref;
        snprintf(buf, cap, "%s also has controls outside the Country Chart: %s", it->controls.v[0], it->other_controls);
        break;
    }
    }
}

/* ---- questions -------------------------------------------------------------------------------- */

/* "3B001.c.1.a, 3B001.c.1.c or 3B001.q", into buf. */
static const char *list_text(char *buf, size_t cap, const char *const *v, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        int w = snprintf(buf + len, cap - len, "%s%s", sep, v[i]);
        len += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

/* The sub-items a rule names under what the input named ("1C350.d.15" for "1C350"). */
static size_t items_under_input(const sx_decision *d, const sx_rule *rule, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t w = 0; w < rule->where.items.n && n < cap; w++) {
        const char *want = rule->where.items.v[w];
        bool under = false;
        if (!strchr(d->item_input, ':'))
            under = sx_number_within(want, d->item_input) && !sx_number_within(d->item_input, want);
        for (size_t e = 0; strchr(d->item_input, ':') && e < d->nentries && !under; e++)
            for (size_t c = 0; c < d->entries[e]->controls.n && !under; c++)
                under = sx_number_within(want, d->entries[e]->controls.v[c]) &&
                        !sx_number_within(d->entries[e]->controls.v[c], want);
        if (under)
            out[n++] = want;
    }
    return n;
}

void sx_question_id(const sx_decision *d, const sx_question *q, char *buf, size_t cap)
{
    const char *v[16];
    char l[512];
    switch (q->kind) {
    case SX_QK_ROW_SCOPE:
    case SX_QK_ROW_DEST:
        snprintf(buf, cap, "%s#%zu", q->item->clause.id, q->row + 1);
        break;
    case SX_QK_RESTRICTION:
        snprintf(buf, cap, "%s/%s", q->item->clause.id, ((const sx_restriction *)q->ref)->licence);
        break;
    case SX_QK_ITEM:
        snprintf(buf, cap, "item:%s", list_text(l, sizeof l, v, items_under_input(d, q->rule, v, 16)));
        break;
    case SX_QK_END_USE:
        snprintf(buf, cap, "end_use");
        break;
    case SX_QK_HS:
        snprintf(buf, cap, "hs");
        break;
    case SX_QK_PARTY:
        snprintf(buf, cap, "party:%s", ((const sx_party_hit *)q->ref)->entity_id);
        break;
    case SX_QK_RULE:
        snprintf(buf, cap, "%s", q->rule->clause.id);
        break;
    }
}

static void scope_question(char *buf, size_t cap, const sx_decision *d, const sx_scope *sc, const char *what)
{
    char l[512];
    if (sc->condition)
        snprintf(buf, cap, "Is %s within this scope: \"%s\"? (%s)", d->item_input, sc->condition, what);
    else if (sc->applies_to.n)
        snprintf(buf, cap, "Is the item %s? (%s)", list_text(l, sizeof l, sc->applies_to.v, sc->applies_to.n), what);
    else
        snprintf(buf, cap, "Is the item other than %s? (%s)", list_text(l, sizeof l, sc->outside.v, sc->outside.n), what);
}

void sx_question_format(const sx_decision *d, const sx_question *q, char *buf, size_t cap)
{
    const sx_control_row *row = q->ref;
    const char *what = q->rule ? rule_reason(q->rule) : NULL;
    const char *country = sx_country_name(d->regimes, d->dest);
    char l[512], ctx[700];
    const char *v[16];
    switch (q->kind) {
    case SX_QK_ROW_SCOPE:
        snprintf(ctx, sizeof ctx, "%s control of %s%s%s", row->reason, q->item->controls.v[0], row->see ? ": " : "",
                 row->see ? row->see : "");
        scope_question(buf, cap, d, &row->scope, ctx);
        break;
    case SX_QK_ROW_DEST:
        snprintf(buf, cap, "Does the %s control of %s require a licence to %s? The entry says: \"%s\"", row->reason,
                 q->item->controls.v[0], country ? country : d->dest, row->ask);
        break;
    case SX_QK_RESTRICTION: {
        const sx_restriction *x = q->ref;
        scope_question(buf, cap, d, &x->scope, x->text);
        break;
    }
    case SX_QK_ITEM:
        snprintf(buf, cap, "Is the item %s? (The answer decides: %s)",
                 list_text(l, sizeof l, v, items_under_input(d, q->rule, v, 16)), what);
        break;
    case SX_QK_END_USE:
        snprintf(buf, cap, "What is the end use (civil, wmd, conventional, military or unknown)? A rule depends on it: %s",
                 what);
        break;
    case SX_QK_HS:
        snprintf(buf, cap, "What is the item's HS code? A rule depends on it: %s", what);
        break;
    case SX_QK_PARTY: {
        const sx_party_hit *h = q->ref;
        snprintf(buf, cap,
                 "Is the party \"%s\" the %s entry %s \"%s\"? If it is: %s The listing: licence requirement "
                 "\"%s\"; review policy \"%s\"%s%s.",
                 h->party, h->list, h->entity_id, h->matched_name, what, h->licence_requirement,
                 h->licence_policy ? h->licence_policy : "not stated", h->notice ? "; " : "", h->notice ? h->notice : "");
        break;
    }
    case SX_QK_RULE:
        snprintf(buf, cap, "%s", what);
        break;
    }
}

/* ---- JSON ----------------------------------------------------------------------------------- */

/* The decision is written straight into a buffer rather than built as a jansson tree: a
 * determination takes under a microsecond, and building ~100 small objects per answer was
 * most of the cost of a batch in JSON Lines and of POST /v1/check.  sx_decision_to_json()
 * parses this text back when a tree is wanted, so there is one rendering. */

static void put_str(sx_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sx_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t run = 0; /* copy a run of bytes that need no escaping in one go */
        while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\')
            run++;
        if (run) {
            sx_buf_put(b, p, run);
            p += run - 1;
            continue;
        }
        if (*p == '"' || *p == '\\') {
            sx_buf_putc(b, '\\');
            sx_buf_putc(b, (char)*p);
        } else if (*p == '\n') {
            sx_buf_puts(b, "\\n");
        } else if (*p == '\t') {
            sx_buf_puts(b, "\\t");
        } else if (*p == '\r') {
            sx_buf_puts(b, "\\r");
        } else if (*p < 0x20) {
            char esc[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0};
            sx_buf_puts(b, esc);
        } else {
            sx_buf_putc(b, (char)*p);
        }
    }
    sx_buf_putc(b, '"');
}

static void put_key(sx_buf *b, bool *first, const char *key)
{
    if (!*first)
        sx_buf_putc(b, ',');
    *first = false;
    put_str(b, key);
    sx_buf_putc(b, ':');
}

static void put_kv(sx_buf *b, bool *first, const char *key, const char *value)
{
    put_key(b, first, key);
    if (value)
        put_str(b, value);
    else
        sx_buf_puts(b, "null");
}

static void put_strlist(sx_buf *b, const sx_strlist *l)
{
    sx_buf_putc(b, '[');
    for (size_t i = 0; l && i < l->n; i++) {
        if (i)
            sx_buf_putc(b, ',');
        put_str(b, l->v[i]);
    }
    sx_buf_putc(b, ']');
}

static void put_cites(sx_buf *b, const sx_option *o)
{
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < o->ncites; i++) {
        if (i)
            sx_buf_putc(b, ',');
        put_str(b, o->cites[i]->id);
    }
    sx_buf_putc(b, ']');
}

static void put_option(sx_buf *b, const sx_option *o)
{
    bool first = true;
    sx_buf_putc(b, '{');
    put_kv(b, &first, "licence", o->licence->licence);
    put_kv(b, &first, "name", o->licence->name);
    put_key(b, &first, "review_days");
    if (o->review_days >= 0)
        sx_buf_printf(b, "%d", o->review_days);
    else
        sx_buf_puts(b, "null");
    put_key(b, &first, "documents");
    put_strlist(b, o->documents);
    if (o->validity)
        put_kv(b, &first, "validity", o->validity);
    if (o->reason)
        put_kv(b, &first, "conditions", o->reason);
    if (o->condition)
        put_kv(b, &first, "ccl_flag", o->condition);
    put_key(b, &first, "citations");
    put_cites(b, o);
    sx_buf_putc(b, '}');
}

static void put_closed(sx_buf *b, const sx_option *o)
{
    bool first = true;
    sx_buf_putc(b, '{');
    put_kv(b, &first, "licence", o->licence->licence);
    put_kv(b, &first, "reason", o->reason ? o->reason : "not available");
    put_key(b, &first, "citations");
    put_cites(b, o);
    sx_buf_putc(b, '}');
}

static void put_citation(sx_buf *b, const sx_clause *c)
{
    bool first = true;
    char day[11];
    sx_buf_putc(b, '{');
    put_kv(b, &first, "title", c->cite->title);
    if (c->cite->article)
        put_kv(b, &first, "article", c->cite->article);
    put_kv(b, &first, "source", c->cite->url);
    put_kv(b, &first, "status", sx_status_name(c->status));
    if (c->from != SX_DATE_MIN) {
        sx_date_format(day, c->from);
        put_kv(b, &first, "from", day);
    }
    if (c->to != SX_DATE_MAX) {
        sx_date_format(day, c->to);
        put_kv(b, &first, "to", day);
    }
    if (c->note)
        put_kv(b, &first, "note", c->note);
    sx_buf_putc(b, '}');
}

static void put_destination(sx_buf *b, const sx_decision *d)
{
    bool first = true;
    sx_buf_putc(b, '{');
    put_kv(b, &first, "country", d->dest);
    put_kv(b, &first, "name", sx_country_name(d->regimes, d->dest));
    put_key(b, &first, "groups");
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < d->ngroups; i++) {
        if (i)
            sx_buf_putc(b, ',');
        put_str(b, d->groups[i]->label);
    }
    sx_buf_putc(b, ']');
    if (d->jur->method == SX_METHOD_COUNTRY_CHART && d->listed) {
        put_key(b, &first, "country_chart_x");
        sx_buf_putc(b, '[');
        for (size_t i = 0; i < d->nx; i++) {
            if (i)
                sx_buf_putc(b, ',');
            put_str(b, d->x_reasons[i]);
        }
        sx_buf_putc(b, ']');
    }
    sx_buf_putc(b, '}');
}

static void put_item(sx_buf *b, const sx_decision *d)
{
    bool first = true;
    sx_buf_putc(b, '{');
    put_kv(b, &first, "input", d->item_input);
    put_key(b, &first, "entries");
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < d->nentries; i++) {
        if (i)
            sx_buf_putc(b, ',');
        put_str(b, d->entries[i]->ref ? d->entries[i]->ref : d->entries[i]->controls.v[0]);
    }
    sx_buf_putc(b, ']');
    put_key(b, &first, "listed");
    sx_buf_puts(b, d->listed ? "true" : "false");
    if (d->hs)
        put_kv(b, &first, "hs", d->hs);
    sx_buf_putc(b, '}');
}

static void put_options(sx_buf *b, const sx_decision *d, int state)
{
    bool any = false;
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < d->jur->nlicences; i++) {
        if (d->options[i].state != state)
            continue;
        if (any)
            sx_buf_putc(b, ',');
        any = true;
        if (state == SX_OPT_OPEN)
            put_option(b, &d->options[i]);
        else
            put_closed(b, &d->options[i]);
    }
    sx_buf_putc(b, ']');
}

static int put_screening(sx_buf *b, const sx_decision *d)
{
    if (!d->screening) {
        sx_buf_puts(b, "[]");
        return 0;
    }
    char *text = sx_json_dumps(d->screening, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return sx_error_oom();
    sx_buf_puts(b, text);
    free(text);
    return 0;
}

static const char *question_effect(sx_question_effect e)
{
    return e == SX_Q_PROHIBITED ? "prohibited" : e == SX_Q_LICENCE ? "licence_required" : "licence_options_change";
}

/* [{"id","text","citations":[ids],"if_yes"}]: what would settle an indeterminate answer. */
static void put_questions(sx_buf *b, const sx_decision *d)
{
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < d->nquestions; i++) {
        const sx_question *q = &d->questions[i];
        char id[700], text[2048];
        sx_question_id(d, q, id, sizeof id);
        sx_question_format(d, q, text, sizeof text);
        bool f = true;
        sx_buf_puts(b, i ? ",{" : "{");
        put_kv(b, &f, "id", id);
        put_kv(b, &f, "text", text);
        put_key(b, &f, "citations");
        sx_buf_putc(b, '[');
        for (size_t k = 0; k < q->ncites; k++) {
            if (k)
                sx_buf_putc(b, ',');
            put_str(b, q->cites[k]->id);
        }
        sx_buf_putc(b, ']');
        put_kv(b, &f, "if_yes", question_effect(q->effect));
        sx_buf_putc(b, '}');
    }
    sx_buf_putc(b, ']');
}

static void put_reasoning_and_caveats(sx_buf *b, const sx_decision *d, bool *first)
{
    char text[2048];
    put_key(b, first, "reasoning");
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < d->nsteps; i++) {
        bool f = true;
        sx_step_format(d, &d->steps[i], text, sizeof text);
        sx_buf_puts(b, i ? ",{" : "{");
        put_kv(b, &f, "text", text);
        put_kv(b, &f, "citation", d->steps[i].clause ? d->steps[i].clause->id : NULL);
        sx_buf_putc(b, '}');
    }
    sx_buf_putc(b, ']');
    put_key(b, first, "caveats");
    sx_buf_putc(b, '[');
    for (size_t i = 0; i < d->ncaveats; i++) {
        sx_caveat_format(d, &d->caveats[i], text, sizeof text);
        if (i)
            sx_buf_putc(b, ',');
        put_str(b, text);
    }
    sx_buf_putc(b, ']');
}

static int write_decision(sx_buf *b, const sx_decision *d)
{
    bool first = true;
    char day[11];
    sx_date_format(day, d->date);
    sx_buf_putc(b, '{');
    if (d->id)
        put_kv(b, &first, "id", d->id);
    put_kv(b, &first, "decision", d->outcome);
    put_kv(b, &first, "jurisdiction", d->jur->code);
    put_kv(b, &first, "date", day);
    put_key(b, &first, "destination");
    put_destination(b, d);
    put_key(b, &first, "item");
    put_item(b, d);
    if (d->end_use)
        put_kv(b, &first, "end_use", d->end_use);
    if (d->value) { /* the declared value, as given (checked in decide.c) */
        bool f = true;
        put_key(b, &first, "value");
        sx_buf_putc(b, '{');
        put_kv(b, &f, "amount", d->value);
        put_kv(b, &f, "currency", d->currency);
        sx_buf_putc(b, '}');
    }
    put_key(b, &first, "options");
    put_options(b, d, SX_OPT_OPEN);
    put_key(b, &first, "closed");
    put_options(b, d, SX_OPT_CLOSED);
    put_key(b, &first, "screening");
    int rc = put_screening(b, d);
    put_key(b, &first, "questions");
    put_questions(b, d);
    if (d->otherwise)
        put_kv(b, &first, "otherwise", d->otherwise);
    put_reasoning_and_caveats(b, d, &first);
    put_key(b, &first, "citations");
    sx_buf_putc(b, '{');
    for (size_t i = 0; i < d->ncited; i++) {
        if (i)
            sx_buf_putc(b, ',');
        put_str(b, d->cited[i]->id);
        sx_buf_putc(b, ':');
        put_citation(b, d->cited[i]);
    }
    sx_buf_putc(b, '}');
    put_kv(b, &first, "data_hash", sx_regimes_hash(d->regimes));
    put_kv(b, &first, "engine", sx_version());
    sx_buf_putc(b, '}');
    /* an append that failed on the way fails the answer (buf.h), never truncates it */
    return rc ? rc : sx_buf_status(b);
}

int sx_decision_json(char **out, const sx_decision *d)
{
    if (!out || !d)
        return sx_error_set(SX_EINVAL, "sx_decision_json: NULL argument");
    sx_buf b = SX_BUF_INIT;
    int rc = write_decision(&b, d);
    if (rc) {
        sx_buf_free(&b);
        return rc;
    }
    char *text = sx_buf_detach(&b);
    if (!text)
        return SX_ENOMEM;
    *out = text;
    return 0;
}

json_t *sx_decision_to_json(const sx_decision *d)
{
    char *text = NULL;
    if (sx_decision_json(&text, d) != 0)
        return NULL;
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    return j;
}

/* ---- the memo ------------------------------------------------------------------------------ */

static const char *headline(const char *outcome)
{
    if (strcmp(outcome, "licence_required") == 0)
        return "LICENCE REQUIRED";
    if (strcmp(outcome, "not_controlled") == 0)
        return "NO LICENCE REQUIRED";
    if (strcmp(outcome, "prohibited") == 0)
        return "PROHIBITED";
    if (strcmp(outcome, "indeterminate") == 0)
        return "INDETERMINATE (the data cannot decide: answer the questions below)";
    return "REVIEW (a party must be cleared)";
}

static void cite_refs(sx_buf *b, const sx_clause *const *cites, size_t n)
{
    sx_buf_puts(b, " (");
    for (size_t i = 0; i < n; i++)
        sx_buf_printf(b, "%s%s, %s", i ? "; " : "", cites[i]->id, sx_status_name(cites[i]->status));
    sx_buf_puts(b, ")");
}

static void memo_options(sx_buf *b, const sx_decision *d)
{
    bool any_open = false, any_closed = false;
    for (size_t i = 0; i < d->jur->nlicences; i++) {
        const sx_option *o = &d->options[i];
        if (o->state != SX_OPT_OPEN)
            continue;
        if (!any_open)
            sx_buf_puts(b, "\nOpen licence options:\n");
        any_open = true;
        sx_buf_printf(b, "  - %s: %s", o->licence->licence, o->licence->name);
        if (o->review_days >= 0)
            sx_buf_printf(b, "; review %d days", o->review_days);
        else
            sx_buf_puts(b, "; review time: no source gives one");
        cite_refs(b, o->cites, o->ncites);
        sx_buf_puts(b, "\n");
        if (o->reason)
            sx_buf_printf(b, "      %s\n", o->reason);
        if (o->condition)
            sx_buf_printf(b, "      CCL: %s\n", o->condition);
        for (size_t k = 0; o->documents && k < o->documents->n; k++)
            sx_buf_printf(b, "      document: %s\n", o->documents->v[k]);
    }
    for (size_t i = 0; i < d->jur->nlicences; i++) {
        const sx_option *o = &d->options[i];
        if (o->state != SX_OPT_CLOSED)
            continue;
        if (!any_closed)
            sx_buf_puts(b, "\nClosed licence options:\n");
        any_closed = true;
        sx_buf_printf(b, "  - %s: %s", o->licence->licence, o->reason ? o->reason : "not available");
        cite_refs(b, o->cites, o->ncites);
        sx_buf_puts(b, "\n");
    }
}

int sx_decision_text(char **out, const sx_decision *d)
{
    if (!out || !d)
        return sx_error_set(SX_EINVAL, "sx_decision_text: NULL argument");
    sx_buf b = SX_BUF_INIT;
    char date[11];
    sx_date_format(date, d->date);
    sx_buf_printf(&b, "Export check%s%s: %s -> %s (%s), item %s, %s\n", d->id ? " " : "",
                  d->id ? d->id : "", d->jur->code, d->dest, sx_country_name(d->regimes, d->dest),
                  d->item_input, date);
    if (d->value)
        sx_buf_printf(&b, "Declared value: %s %s\n", d->value, d->currency);
    sx_buf_printf(&b, "Decision: %s\n\nReasoning:\n", headline(d->outcome));
    char text[2048];
    for (size_t i = 0; i < d->nsteps; i++) {
        sx_step_format(d, &d->steps[i], text, sizeof text);
        size_t n = strlen(text);
        sx_buf_printf(&b, "  - %.*s", (int)(n && text[n - 1] == '.' ? n - 1 : n), text);
        if (d->steps[i].clause)
            cite_refs(&b, &d->steps[i].clause, 1);
        sx_buf_puts(&b, ".\n");
    }
    memo_options(&b, d);
    if (d->nquestions && d->otherwise)
        sx_buf_printf(&b, "\nQuestions (if every answer is no: %s):\n", headline(d->otherwise));
    else if (d->nquestions)
        sx_buf_puts(&b, "\nQuestions (about the licence types; the safe answer is shown above):\n");
    for (size_t i = 0; i < d->nquestions; i++) {
        const sx_question *q = &d->questions[i];
        char id[700];
        sx_question_id(d, q, id, sizeof id);
        sx_question_format(d, q, text, sizeof text);
        sx_buf_printf(&b, "  - [%s] %s If yes: %s.", id, text, question_effect(q->effect));
        cite_refs(&b, q->cites, q->ncites);
        sx_buf_puts(&b, "\n");
    }
    if (d->ncaveats)
        sx_buf_puts(&b, "\nCaveats:\n");
    for (size_t i = 0; i < d->ncaveats; i++) {
        sx_caveat_format(d, &d->caveats[i], text, sizeof text);
        sx_buf_printf(&b, "  - %s\n", text);
    }
    sx_buf_puts(&b, "\nCitations:\n");
    for (size_t i = 0; i < d->ncited; i++) {
        const sx_clause *c = d->cited[i];
        sx_buf_printf(&b, "  %s [%s] %s%s%s%s%s%s\n", c->id, sx_status_name(c->status),
                      c->cite->title, c->cite->article ? ", " : "",
                      c->cite->article ? c->cite->article : "", c->cite->url ? " <" : "",
                      c->cite->url ? c->cite->url : "", c->cite->url ? ">" : "");
    }
    sx_buf_printf(&b, "\nData %s, stratex %s\n", sx_regimes_hash(d->regimes), sx_version());
    /* an append that failed on the way fails the memo (buf.h), never truncates it */
    int rc = sx_buf_status(&b);
    char *memo = rc ? NULL : sx_buf_detach(&b);
    if (!memo) {
        sx_buf_free(&b);
        return rc ? rc : SX_ENOMEM;
    }
    *out = memo;
    return 0;
}

/* ---- JSON in, JSON out ---------------------------------------------------------------------- */

static int field(json_t *req, const char *key, const char **out)
{
    json_t *v = json_object_get(req, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return sx_error_set(SX_EINVAL, "%s: must be a string", key);
    *out = json_string_value(v);
    return 0;
}

/* "value": a string ("120000.50") or a JSON number (120000), as data/openapi.json allows;
 * a number is written in plain decimals for sx_decide's check. */
static int amount_field(json_t *req, char *buf, size_t cap, const char **out)
{
    json_t *v = json_object_get(req, "value");
    *out = NULL;
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *out = buf;
        return 0;
    }
    if (json_is_real(v)) {
        double x = json_real_value(v);
        if (!(x >= 0 && x < 1e18))
            return sx_error_set(SX_EINVAL, "value: %g is not an amount", x);
        snprintf(buf, cap, "%.2f", x);
        *out = buf;
        return 0;
    }
    return field(req, "value", out);
}

int sx_decide_json(char **out, const sx_regimes *r, const sx_screen_index *screen,
                   const char *request_json)
{
    if (!out || !r || !request_json)
        return sx_error_set(SX_EINVAL, "sx_decide_json: NULL argument");
    json_error_t err;
    sx_json_watch();
    json_t *req = json_loads(request_json, JSON_REJECT_DUPLICATES, &err);
    if (req && sx_json_lost()) { /* parsed, but perhaps not what the caller sent */
        json_decref(req);
        return sx_error_oom();
    }
    if (!req && sx_json_oom(&err))
        return sx_error_oom();
    if (!req)
        return sx_error_set(SX_EPARSE, "request: line %d column %d: %s", err.line, err.column, err.text);
    sx_shipment s = SX_SHIPMENT_INIT;
    const char *parties[64];
    int rc = json_is_object(req) ? 0 : sx_error_set(SX_EINVAL, "request: must be a JSON object");
    if (!rc)
        rc = field(req, "id", &s.id);
    if (!rc)
        rc = field(req, "from", &s.from);
    if (!rc)
        rc = field(req, "to", &s.to);
    if (!rc)
        rc = field(req, "item", &s.item);
    if (!rc)
        rc = field(req, "hs", &s.hs);
    if (!rc)
        rc = field(req, "date", &s.date);
    if (!rc)
        rc = field(req, "end_use", &s.end_use);
    char amount[64];
    if (!rc)
        rc = amount_field(req, amount, sizeof amount, &s.value);
    if (!rc)
        rc = field(req, "currency", &s.currency);
    const char *answers[64];
    char answer_text[64][720];
    json_t *ans = rc ? NULL : json_object_get(req, "answers");
    if (ans && !json_is_object(ans))
        rc = sx_error_set(SX_EINVAL, "answers: must be an object of question id to \"yes\" or \"no\"");
    if (!rc && ans && json_object_size(ans) > 64)
        rc = sx_error_set(SX_ELIMIT, "answers: at most 64 per shipment");
    const char *qid;
    json_t *qv;
    json_object_foreach(rc ? NULL : ans, qid, qv)
    {
        const char *v = json_string_value(qv);
        if (!v || (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) || strlen(qid) > 700) {
            rc = sx_error_set(SX_EINVAL, "answers: the answer to a question is \"yes\" or \"no\"");
            break;
        }
        snprintf(answer_text[s.nanswers], sizeof answer_text[0], "%s=%s", qid, v);
        answers[s.nanswers] = answer_text[s.nanswers];
        s.nanswers++;
    }
    s.answers = answers;
    json_t *p = rc ? NULL : json_object_get(req, "parties");
    if (p && !json_is_array(p))
        rc = sx_error_set(SX_EINVAL, "parties: must be a list of names");
    if (!rc && p && json_array_size(p) > sizeof parties / sizeof parties[0])
        rc = sx_error_set(SX_ELIMIT, "parties: at most %zu per shipment", sizeof parties / sizeof parties[0]);
    for (size_t i = 0; !rc && p && i < json_array_size(p); i++) {
        json_t *e = json_array_get(p, i);
        if (!json_is_string(e))
            rc = sx_error_set(SX_EINVAL, "parties[%zu]: must be a string", i);
        else
            parties[s.nparties++] = json_string_value(e);
    }
    s.parties = parties;
    sx_decision *d = NULL;
    if (!rc)
        rc = sx_decide(&d, r, screen, &s);
    if (!rc)
        rc = sx_decision_json(out, d);
    sx_decision_free(d);
    json_decref(req);
    return rc;
}
