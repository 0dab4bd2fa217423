/* The workflow routes (docs/workflow.md): the party register, cases and their
 * dispositions, reason codes, list versions.  Thin: each parses the request, calls
 * include/stratex/workflow.h and maps its error to a problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"

#define SRV_MAX_LIST_SPECS 64

static void reply(srv_request *rq, int rc, char *out, unsigned status)
{
    if (rc) {
        free(out);
        srv_problem_from_error(rq, rc);
    } else {
        srv_reply_json(rq, status, out);
    }
}

/* A count from the query string; -1 (and a 400) when it is not one. */
static int query_count(srv_request *rq, size_t *out, const char *name)
{
    const char *v = srv_query(rq, name);
    *out = 0;
    if (!v || !*v)
        return 0;
    char *end = NULL;
    unsigned long long n = strtoull(v, &end, 10);
    if (*end || v[0] == '-' || n > 1000000000ULL) {
        srv_problem(rq, 400, "bad-parameter", "Bad query parameter",
                    "%s must be a non-negative count", name);
        return -1;
    }
    *out = (size_t)n;
    return 0;
}

static const char *query_or_null(srv_request *rq, const char *name)
{
    const char *v = srv_query(rq, name);
    return v && *v ? v : NULL;
}

/* ---- parties ---- */

void srv_h_parties_get(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    size_t limit, offset;
    if (query_count(rq, &limit, "limit") || query_count(rq, &offset, "offset"))
        return;
    char *out = NULL;
    int rc = sx_parties_json(&out, rq->st->audit, limit, offset);
    reply(rq, rc, out, 200);
}

/* {"parties":[{"id","name" or "names":[...],"type","country","dob","identifiers"}]} as the
 * register CSV the library reads, so both doors check a register the same way.  Returns 1
 * when it set a problem itself, else 0 or a library error. */
static int parties_csv(sx_buf *b, json_t *parties, srv_request *rq)
{
    int rc = sx_buf_puts(b, "id,name,type,country,dob,identifiers\n");
    static const char *const attrs[] = {"type", "country", "dob", "identifiers"};
    for (size_t i = 0; !rc && i < json_array_size(parties); i++) {
        json_t *p = json_array_get(parties, i), *names = json_object_get(p, "names");
        const char *id = json_string_value(json_object_get(p, "id"));
        const char *name = json_string_value(json_object_get(p, "name"));
        if (!json_is_object(p) || !id || (!name && !json_is_array(names))) {
            srv_problem(rq, 422, "invalid-request", "Invalid request",
                        "parties[%zu]: \"id\" and \"name\" (or \"names\") are required strings", i);
            return 1;
        }
        size_t n = name ? 1 : json_array_size(names);
        for (size_t k = 0; !rc && k < n; k++) {
            const char *nm = name ? name : json_string_value(json_array_get(names, k));
            if (!nm) {
                srv_problem(rq, 422, "invalid-request", "Invalid request",
                            "parties[%zu].names[%zu] must be a string", i, k);
                return 1;
            }
            rc = sx_csv_put_field(b, id);
            rc = rc ? rc : sx_buf_putc(b, ',');
            rc = rc ? rc : sx_csv_put_field(b, nm);
            for (size_t a = 0; !rc && a < 4; a++) {
                const char *v = k ? NULL : json_string_value(json_object_get(p, attrs[a]));
                rc = sx_buf_putc(b, ',');
                rc = rc ? rc : sx_csv_put_field(b, v ? v : "");
            }
            rc = rc ? rc : sx_buf_putc(b, '\n');
        }
    }
    return rc;
}

void srv_h_parties_post(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    if (!e->index) {
        srv_problem(rq, 501, "not-implemented", "Not implemented", "no lists are loaded");
        return;
    }
    json_t *body = srv_body_json(rq);
    if (!body)
        return;
    json_t *parties = json_is_array(body) ? body : json_object_get(body, "parties");
    if (!json_is_array(parties)) {
        json_decref(body);
        srv_problem(rq, 422, "invalid-request", "Invalid request",
                    "expected {\"parties\": [...]} or a JSON array");
        return;
    }
    sx_buf csv = SX_BUF_INIT;
    int rc = parties_csv(&csv, parties, rq);
    json_decref(body);
    if (rc) {
        sx_buf_free(&csv);
        if (rc < 0)
            srv_problem_from_error(rq, rc);
        /* rc > 0: the problem is set */
        return;
    }
    sx_party_import_report r;
    sx_party_import_opts o = {.source = "request", .actor = rq->actor};
    /* The parties no screening by spelling reaches, read before the import (which reads
     * the rows the same way). */
    char *unreached_text = NULL;
    rc = sx_parties_unreached_json(&unreached_text, csv.ptr, csv.len, "request");
    json_t *unreached = unreached_text ? json_loads(unreached_text, 0, NULL) : NULL;
    sx_free(unreached_text);
    if (rc == 0 && !unreached)
        rc = SX_ENOMEM;
    if (rc == 0)
        rc = sx_parties_import(&r, rq->st->audit, e->index, csv.ptr, csv.len, &o);
    sx_buf_free(&csv);
    if (rc == SX_EPARSE) { /* a register row the engine cannot take: the request is valid JSON */
        json_decref(unreached);
        srv_problem(rq, 422, "invalid-request", "Invalid request", "%s", sx_errmsg());
        return;
    }
    json_t *out =
        rc ? NULL
           : json_pack("{sIsIsIsIsIsIsIsIsIsIsIsIsO}", "rows", (json_int_t)r.rows, "parties",
                       (json_int_t)r.parties, "added", (json_int_t)r.added, "updated",
                       (json_int_t)r.updated, "unchanged", (json_int_t)r.unchanged, "closed",
                       (json_int_t)r.closed, "hits", (json_int_t)r.hits, "cases_opened",
                       (json_int_t)r.cases_opened, "already_open", (json_int_t)r.already_open,
                       "cleared", (json_int_t)r.cleared, "clearances_lapsed",
                       (json_int_t)r.clearances_lapsed, "record", (json_int_t)r.record, "unreached",
                       unreached);
    json_decref(unreached);
    if (!rc && out)
        rq->audit_id = r.record;
    reply(rq, rc ? rc : out ? 0 : SX_ENOMEM, out ? json_dumps(out, JSON_COMPACT) : NULL, 200);
    json_decref(out);
}

/* ---- cases ---- */

void srv_h_cases_get(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    sx_case_filter f = {.state = query_or_null(rq, "state"),
                        .kind = query_or_null(rq, "kind"),
                        .list = query_or_null(rq, "list"),
                        .party = query_or_null(rq, "party"),
                        .from = query_or_null(rq, "from"),
                        .to = query_or_null(rq, "to")};
    if (query_count(rq, &f.limit, "limit") || query_count(rq, &f.offset, "offset"))
        return;
    char *out = NULL;
    int rc = sx_cases_json(&out, rq->st->audit, &f);
    if (rc == SX_EINVAL || rc == SX_EDATE) {
        srv_problem(rq, 400, "bad-parameter", "Bad query parameter", "%s", sx_errmsg());
        return;
    }
    reply(rq, rc, out, 200);
}

static int case_id(srv_request *rq, const char *text, long long *id)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (*text < '1' || *text > '9' || *end || v < 1) {
        srv_problem(rq, 404, "not-found", "Not found", "case ids are positive integers");
        return -1;
    }
    *id = v;
    return 0;
}

void srv_h_case_get(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    long long id;
    if (case_id(rq, params[0], &id))
        return;
    char *out = NULL;
    int rc = sx_case_json(&out, rq->st->audit, id); /* before out is read */
    reply(rq, rc, out, 200);
}

static const char *member(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v) && !json_is_null(v))
        *bad = 1;
    return json_string_value(v);
}

void srv_h_case_decide(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    long long id;
    if (case_id(rq, params[0], &id))
        return;
    json_t *body = srv_body_json(rq);
    if (!body)
        return;
    int bad = !json_is_object(body);
    sx_disposition d = {.action = member(body, "action", &bad),
                        .reason = member(body, "reason", &bad),
                        .note = member(body, "note", &bad),
                        .group = member(body, "group", &bad),
                        .licence = member(body, "licence", &bad),
                        .valid_until = member(body, "valid_until", &bad),
                        .actor = rq->actor[0] ? rq->actor : "token"};
    if (bad) {
        json_decref(body);
        srv_problem(rq, 422, "invalid-request", "Invalid request",
                    "a disposition is an object of strings: action, reason, note, group, "
                    "licence, valid_until");
        return;
    }
    char *out = NULL;
    int64_t record = 0;
    int rc = sx_case_decide(&out, &record, rq->st->audit, id, &d);
    json_decref(body);
    json_t *c = rc ? NULL : json_loads(out, 0, NULL);
    free(out);
    json_t *o = c ? json_pack("{sosI}", "case", c, "record", (json_int_t)record) : NULL;
    if (!rc)
        rq->audit_id = record;
    reply(rq, rc ? rc : o ? 0 : SX_ENOMEM, o ? json_dumps(o, JSON_COMPACT) : NULL, 201);
    json_decref(o);
}

/* ---- reason codes ---- */

void srv_h_reasons_get(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    char *out = NULL;
    int rc = sx_reasons_json(&out, rq->st->audit);
    reply(rq, rc, out, 200);
}

void srv_h_reason_put(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    json_t *body = srv_body_json(rq);
    if (!body)
        return;
    int bad = !json_is_object(body);
    const char *action = member(body, "action", &bad), *label = member(body, "label", &bad);
    int rc = bad ? sx_error_set(SX_EINVAL, "a reason is {\"action\": ..., \"label\": ...}")
                 : sx_reason_set(rq->st->audit, params[0], action, label);
    json_decref(body);
    char *out = NULL;
    rc = rc ? rc : sx_reasons_json(&out, rq->st->audit);
    reply(rq, rc, out, 200);
}

/* ---- list versions ---- */

void srv_h_lists_get(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    char *out = NULL;
    int rc = sx_lists_status_json(&out, rq->st->audit);
    json_t *o = rc ? NULL : json_loads(out, 0, NULL);
    free(out);
    out = NULL;
    if (o) /* what this server answers with: it follows the store within seconds */
        json_object_set_new(o, "loaded", json_string(e->lists_version));
    reply(rq, rc ? rc : o ? 0 : SX_ENOMEM, o ? json_dumps(o, JSON_COMPACT) : NULL, 200);
    json_decref(o);
}

void srv_h_lists_diff(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    char *out = NULL;
    int rc = sx_lists_diff_json(&out, rq->st->audit, query_or_null(rq, "version"));
    reply(rq, rc, out, 200);
}

/* {"lists": ["FORMAT:PATH", ...]}: files on the server's disk, as an administrator would
 * name them to `stratex lists update`. */
void srv_h_lists_update(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    if (!rq->st->cfg->snapshots) {
        srv_problem(rq, 501, "not-implemented", "Not implemented",
                    "list versions need a snapshot folder: start the server with --snapshots");
        return;
    }
    json_t *body = srv_body_json(rq);
    if (!body)
        return;
    json_t *lists = json_object_get(body, "lists");
    const char *specs[SRV_MAX_LIST_SPECS];
    size_t n = json_array_size(lists);
    int ok = json_is_array(lists) && n <= SRV_MAX_LIST_SPECS;
    for (size_t i = 0; ok && i < n; i++)
        ok = (specs[i] = json_string_value(json_array_get(lists, i))) != NULL;
    if (!ok) {
        json_decref(body);
        srv_problem(rq, 422, "invalid-request", "Invalid request",
                    "expected {\"lists\": [\"FORMAT:PATH\", ...]} (at most %d)",
                    SRV_MAX_LIST_SPECS);
        return;
    }
    sx_lists_update_opts o = {
        .data_dir = rq->st->cfg->data_dir, .snapshots = rq->st->cfg->snapshots, .actor = rq->actor};
    char *out = NULL;
    int rc = sx_lists_update(&out, rq->st->audit, specs, n, &o);
    json_decref(body);
    if (!rc)
        srv_reload_poke(rq->st);
    if (rc == SX_EIO || rc == SX_EPARSE || rc == SX_EDATA || rc == SX_EINTEGRITY) {
        free(out);
        srv_problem(rq, 422, "invalid-list", "Invalid list file", "nothing changed: %s",
                    sx_errmsg());
        return;
    }
    reply(rq, rc, out, 200);
}

/* ---- order lines of a check batch ---- */

void srv_open_check_cases(srv_request *rq, const srv_job *job)
{
    size_t cap = job->nentries ? job->nentries : 1;
    sx_check_line *lines = calloc(cap, sizeof *lines);
    char(*ids)[64] = calloc(cap, sizeof *ids);
    size_t n = 0;
    for (size_t k = 0; lines && ids && k < job->nentries; k++) {
        size_t i = job->entry_item[k];
        if (!job->ids[i])
            continue;
        json_t *id = json_object_get(json_array_get(job->items, i), "id");
        if (json_is_string(id))
            snprintf(ids[n], sizeof ids[n], "%s", json_string_value(id));
        else if (json_is_integer(id))
            snprintf(ids[n], sizeof ids[n], "%lld", (long long)json_integer_value(id));
        else /* a line without an id is known by its decision record */
            snprintf(ids[n], sizeof ids[n], "record-%lld", job->ids[i]);
        lines[n] = (sx_check_line){ids[n], job->entries[k].request, job->entries[k].response,
                                   job->entries[k].data_hash, job->ids[i]};
        n++;
    }
    /* The decisions are recorded and answered either way; a case that could not be opened
     * is reported in the log (its line can be sent again: an open case is not doubled). */
    if (lines && ids && sx_cases_open_checks(NULL, rq->st->audit, lines, n, rq->actor) != 0)
        fprintf(stderr, "stratex serve: cases for a check batch not opened: %s\n", sx_errmsg());
    free(lines);
    free(ids);
}
