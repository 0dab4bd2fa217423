/* A decision as the JSON object of PRODUCT.md, as an officer's memo, and the JSON-in /
 * JSON-out entry point the server and audit replay share with the CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/decide/decision.h"
#include "stratex/version.h"
#include "util/buf.h"
#include "util/error.h"

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

/* ---- JSON ---------------------------------------------------------------------------------- */

static json_t *strlist_json(const sx_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && l && i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

static json_t *cites_json(const sx_option *o)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < o->ncites; i++)
        json_array_append_new(a, json_string(o->cites[i]->id));
    return a;
}

static json_t *option_json(const sx_option *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "licence", json_string(o->licence->licence));
    json_object_set_new(j, "name", json_string(o->licence->name));
    json_object_set_new(j, "review_days", o->review_days >= 0 ? json_integer(o->review_days) : json_null());
    json_object_set_new(j, "documents", strlist_json(o->documents));
    if (o->validity)
        json_object_set_new(j, "validity", json_string(o->validity));
    if (o->reason)
        json_object_set_new(j, "conditions", json_string(o->reason));
    if (o->condition)
        json_object_set_new(j, "ccl_flag", json_string(o->condition));
    json_object_set_new(j, "citations", cites_json(o));
    return j;
}

static json_t *closed_json(const sx_option *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "licence", json_string(o->licence->licence));
    json_object_set_new(j, "reason", json_string(o->reason ? o->reason : "not available"));
    json_object_set_new(j, "citations", cites_json(o));
    return j;
}

static json_t *citation_json(const sx_clause *c)
{
    json_t *j = json_object();
    char b[11];
    json_object_set_new(j, "title", json_string(c->cite->title));
    if (c->cite->article)
        json_object_set_new(j, "article", json_string(c->cite->article));
    json_object_set_new(j, "source", c->cite->url ? json_string(c->cite->url) : json_null());
    json_object_set_new(j, "status", json_string(sx_status_name(c->status)));
    if (c->from != SX_DATE_MIN) {
        sx_date_format(b, c->from);
        json_object_set_new(j, "from", json_string(b));
    }
    if (c->to != SX_DATE_MAX) {
        sx_date_format(b, c->to);
        json_object_set_new(j, "to", json_string(b));
    }
    if (c->note)
        json_object_set_new(j, "note", json_string(c->note));
    return j;
}

static json_t *destination_json(const sx_decision *d)
{
    json_t *j = json_object(), *groups = json_array();
    json_object_set_new(j, "country", json_string(d->dest));
    json_object_set_new(j, "name", json_string(sx_country_name(d->regimes, d->dest)));
    for (size_t i = 0; i < d->ngroups; i++)
        json_array_append_new(groups, json_string(d->groups[i]->label));
    json_object_set_new(j, "groups", groups);
    if (d->jur->method == SX_METHOD_COUNTRY_CHART && d->listed) {
        json_t *x = json_array();
        for (size_t i = 0; i < d->nx; i++)
            json_array_append_new(x, json_string(d->x_reasons[i]));
        json_object_set_new(j, "country_chart_x", x);
    }
    return j;
}

static json_t *item_json(const sx_decision *d)
{
    json_t *j = json_object(), *entries = json_array();
    json_object_set_new(j, "input", json_string(d->item_input));
    for (size_t i = 0; i < d->nentries; i++)
        json_array_append_new(entries, json_string(d->entries[i]->ref ? d->entries[i]->ref : d->entries[i]->controls.v[0]));
    json_object_set_new(j, "entries", entries);
    json_object_set_new(j, "listed", json_boolean(d->listed));
    if (d->hs)
        json_object_set_new(j, "hs", json_string(d->hs));
    return j;
}

json_t *sx_decision_to_json(const sx_decision *d)
{
    json_t *root = json_object(), *options = json_array(), *closed = json_array();
    json_t *caveats = json_array(), *citations = json_object(), *reasoning = json_array();
    char b[11];
    sx_date_format(b, d->date);
    if (d->id)
        json_object_set_new(root, "id", json_string(d->id));
    json_object_set_new(root, "decision", json_string(d->outcome));
    json_object_set_new(root, "jurisdiction", json_string(d->jur->code));
    json_object_set_new(root, "date", json_string(b));
    json_object_set_new(root, "destination", destination_json(d));
    json_object_set_new(root, "item", item_json(d));
    if (d->end_use)
        json_object_set_new(root, "end_use", json_string(d->end_use));
    for (size_t i = 0; i < d->jur->nlicences; i++) {
        if (d->options[i].state == SX_OPT_OPEN)
            json_array_append_new(options, option_json(&d->options[i]));
        else if (d->options[i].state == SX_OPT_CLOSED)
            json_array_append_new(closed, closed_json(&d->options[i]));
    }
    json_object_set_new(root, "options", options);
    json_object_set_new(root, "closed", closed);
    json_object_set_new(root, "screening", d->screening ? json_deep_copy(d->screening) : json_array());
    char text[2048];
    for (size_t i = 0; i < d->nsteps; i++) {
        sx_step_format(d, &d->steps[i], text, sizeof text);
        json_array_append_new(reasoning, json_pack("{s:s, s:s?}", "text", text, "citation",
                                                   d->steps[i].clause ? d->steps[i].clause->id : NULL));
    }
    json_object_set_new(root, "reasoning", reasoning);
    for (size_t i = 0; i < d->ncaveats; i++) {
        sx_caveat_format(d, &d->caveats[i], text, sizeof text);
        json_array_append_new(caveats, json_string(text));
    }
    json_object_set_new(root, "caveats", caveats);
    for (size_t i = 0; i < d->ncited; i++)
        json_object_set_new(citations, d->cited[i]->id, citation_json(d->cited[i]));
    json_object_set_new(root, "citations", citations);
    json_object_set_new(root, "data_hash", json_string(sx_regimes_hash(d->regimes)));
    json_object_set_new(root, "engine", json_string(sx_version()));
    return root;
}

static int dump(char **out, json_t *j, size_t flags)
{
    if (!j)
        return sx_error_oom();
    *out = json_dumps(j, flags | JSON_PRESERVE_ORDER);
    json_decref(j);
    return *out ? 0 : sx_error_oom();
}

int sx_decision_json(char **out, const sx_decision *d)
{
    if (!out || !d)
        return sx_error_set(SX_EINVAL, "sx_decision_json: NULL argument");
    return dump(out, sx_decision_to_json(d), JSON_COMPACT);
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
    if (d->ncaveats)
        sx_buf_puts(&b, "\nCaveats:\n");
    for (size_t i = 0; i < d->ncaveats; i++) {
        sx_caveat_format(d, &d->caveats[i], text, sizeof text);
        sx_buf_printf(&b, "  - %s\n", text);
    }
    sx_buf_puts(&b, "\nCitations:\n");
    for (size_t i = 0; i < d->ncited; i++) {
        const sx_clause *c = d->cited[i];
        sx_buf_printf(&b, "  %s [%s] %s%s%s%s%s\n", c->id, sx_status_name(c->status), c->cite->title,
                      c->cite->article ? ", " : "", c->cite->article ? c->cite->article : "",
                      c->cite->url ? " <" : "", c->cite->url ? c->cite->url : "");
        if (c->cite->url)
            b.len--, sx_buf_puts(&b, ">\n");
    }
    sx_buf_printf(&b, "\nData %s, stratex %s\n", sx_regimes_hash(d->regimes), sx_version());
    if (!b.ptr)
        return sx_error_oom();
    *out = sx_buf_detach(&b);
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

int sx_decide_json(char **out, const sx_regimes *r, const sx_screen_index *screen,
                   const char *request_json)
{
    if (!out || !r || !request_json)
        return sx_error_set(SX_EINVAL, "sx_decide_json: NULL argument");
    json_error_t err;
    json_t *req = json_loads(request_json, JSON_REJECT_DUPLICATES, &err);
    if (!req)
        return sx_error_set(SX_EPARSE, "request: line %d column %d: %s", err.line, err.column, err.text);
    sx_shipment s = {0};
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
    if (!rc)
        rc = field(req, "value", &s.value);
    if (!rc)
        rc = field(req, "currency", &s.currency);
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
