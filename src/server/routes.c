/* The /v1 API: routing, and one handler per operation of PRODUCT.md.  Every decision is
 * answered through sx_audit_answer() and recorded durably before it is returned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "stratex/date.h"
#include "stratex/errors.h"
#include "stratex/regime.h"
#include "stratex/version.h"
#include "stratex/workflow.h"
#include "util/buf.h"
#include "util/error.h"


#define MAX_PARAMS 2
/* Largest audit export served over HTTP; larger ones go through `stratex audit export`. */
#define SRV_MAX_EXPORT_BYTES ((size_t)64 << 20)

typedef void (*handler_fn)(srv_request *rq, srv_engine *e, char *const *params);

typedef struct route {
    const char *method;
    const char *pattern; /* "{}" matches one non-empty path segment */
    handler_fn fn;
    int role;            /* least role the caller's token needs */
} route;

/* ---- decisions ---- */

typedef struct srv_answered {
    char *request; /* canonical request text, as stored and as given to the engine */
    char *answer;  /* engine answer, NULL on error */
    int code;      /* error code when answer is NULL */
    char msg[400];
} answered;

/* The canonical form (compact, members in the order sent) is what the engine reads and
 * what the trail stores, so a replay feeds the engine the very same bytes. */
static void answer_one(answered *out, const char *kind, json_t *item, srv_engine *e)
{
    if (!json_is_object(item)) {
        out->code = SX_EINVAL;
        snprintf(out->msg, sizeof out->msg, "%s request must be a JSON object", kind);
        return;
    }
    out->request = json_dumps(item, JSON_COMPACT);
    int rc = out->request ? sx_audit_answer(&out->answer, kind, out->request, e->regimes, e->index)
                          : SX_ENOMEM;
    if (rc) {
        out->answer = NULL;
        out->code = rc;
        snprintf(out->msg, sizeof out->msg, "%s", sx_errmsg());
    }
}

/* A screening that names a party (its register id) shows the hits that party was
 * cleared of as cleared, not as alerts; the marks are part of the answer recorded. */
static void mark_party(answered *a, json_t *item, srv_state *st, srv_engine *e)
{
    const char *party = json_string_value(json_object_get(item, "party"));
    if (!a->answer || !party)
        return;
    char *marked = NULL;
    int rc = sx_screen_mark_cleared(&marked, st->audit, e->index, party, a->answer);
    sx_free(a->answer);
    a->answer = rc ? NULL : marked;
    if (rc) {
        a->code = rc;
        snprintf(a->msg, sizeof a->msg, "%s", sx_errmsg());
    }
}

void srv_job_free(srv_state *st, srv_job *job)
{
    if (!job)
        return;
    for (size_t i = 0; job->as && i < job->n; i++) {
        free(job->as[i].request);   /* jansson's json_dumps() */
        sx_free(job->as[i].answer); /* sx_audit_answer()'s */
    }
    free(job->as);
    free(job->entries);
    free(job->entry_item);
    free(job->ids);
    json_decref(job->body);
    if (job->engine)
        srv_holder_release(&st->engine, job->engine);
    free(job);
}

/* Answers every item with the engine; lists the successful answers as entries to record. */
static srv_job *job_new(srv_request *rq, srv_engine *e, const char *kind, json_t *body,
                        json_t *items, int batch)
{
    size_t n = batch ? json_array_size(items) : 1;
    srv_job *job = calloc(1, sizeof *job);
    if (!job) {
        json_decref(body);
        return NULL;
    }
    job->kind = kind;
    job->batch = batch;
    job->body = body;
    job->items = items;
    job->n = n;
    job->conn = rq->conn;
    job->as = calloc(n ? n : 1, sizeof *job->as);
    job->entries = calloc(n ? n : 1, sizeof *job->entries);
    job->entry_item = calloc(n ? n : 1, sizeof *job->entry_item);
    job->ids = calloc(n ? n : 1, sizeof *job->ids);
    srv_holder_retain(&rq->st->engine, e);
    job->engine = e;
    if (!job->as || !job->entries || !job->entry_item || !job->ids) {
        srv_job_free(rq->st, job);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *item = batch ? json_array_get(items, i) : body;
        answer_one(&job->as[i], kind, item, e);
        if (strcmp(kind, "screen") == 0)
            mark_party(&job->as[i], item, rq->st, e);
        if (!job->as[i].answer)
            continue;
        job->entries[job->nentries] =
            (sx_audit_entry){kind, job->as[i].request, job->as[i].answer, e->data_hash};
        job->entry_item[job->nentries++] = i;
    }
    return job;
}

static int put_item_error(sx_buf *b, size_t index, json_t *item, const answered *a)
{
    srv_request tmp;
    memset(&tmp, 0, sizeof tmp);
    sx_error_set(a->code, "%s", a->msg);
    srv_problem_from_error(&tmp, a->code);
    json_t *id = json_is_object(item) ? json_object_get(item, "id") : NULL;
    char *idtext = id ? json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    /* srv_problem() always encodes (it repairs what is not UTF-8); only a failed
     * allocation leaves no text, and the entry still says what kind of error it was. */
    char fallback[128];
    snprintf(fallback, sizeof fallback, "{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":%u}",
             tmp.status ? tmp.status : 500);
    int rc = sx_buf_printf(b, "{\"index\":%zu,%s%s%s\"error\":%s}", index, idtext ? "\"id\":" : "",
                           idtext ? idtext : "", idtext ? "," : "", tmp.out ? tmp.out : fallback);
    free(idtext);
    free(tmp.out);
    return rc;
}

static char *batch_output(const srv_job *job)
{
    sx_buf b = SX_BUF_INIT;
    int rc = sx_buf_puts(&b, "{\"results\":[");
    for (size_t i = 0; !rc && i < job->n; i++) {
        if (i)
            rc = sx_buf_putc(&b, ',');
        if (rc)
            break;
        if (job->as[i].answer) {
            char *one = srv_with_audit_id(job->as[i].answer, job->ids[i]);
            rc = one ? sx_buf_puts(&b, one) : SX_EINVAL;
            free(one);
        } else {
            rc = put_item_error(&b, i, json_array_get(job->items, i), &job->as[i]);
        }
    }
    rc = rc ? rc : sx_buf_puts(&b, "]}");
    if (rc) {
        sx_buf_free(&b);
        return NULL;
    }
    return sx_buf_detach(&b);
}

static void single_output(srv_request *rq, const srv_job *job)
{
    const answered *a = &job->as[0];
    if (!a->answer) {
        sx_error_set(a->code, "%s", a->msg); /* the engine's message, not a later one */
        srv_problem_from_error(rq, a->code);
        return;
    }
    char *out = srv_with_audit_id(a->answer, job->ids[0]);
    if (out)
        srv_reply_json(rq, 200, out);
    else
        srv_problem(rq, 500, "internal-error", "Internal error",
                    "the engine's answer is not a JSON object");
}

void srv_route_finish(srv_request *rq)
{
    srv_job *job = rq->job;
    rq->job = NULL;
    if (job->rc) {
        sx_error_set(job->rc, "%s", job->msg);
        srv_problem_from_error(rq, job->rc);
    } else if (job->batch) {
        if (strcmp(job->kind, "check") == 0)
            srv_open_check_cases(rq, job);
        char *out = batch_output(job);
        if (out)
            srv_reply_json(rq, 200, out);
        else
            srv_problem(rq, 500, "internal-error", "Internal error", "cannot build the response");
    } else {
        single_output(rq, job);
    }
    for (size_t i = 0; !job->rc && i < job->n; i++)
        if (job->ids[i])
            rq->audit_id = job->ids[i];
    srv_job_free(rq->st, job);
}

static void shutting_down(srv_request *rq)
{
    srv_problem(rq, 503, "shutting-down", "Service Unavailable",
                "the server is shutting down; nothing was decided or recorded: send the "
                "request again (to another instance)");
}

/* Answers now when there is nothing to record, else hands the job to the committer. */
static void dispatch_job(srv_request *rq, srv_job *job)
{
    if (!job) {
        srv_problem(rq, 500, "internal-error", "Internal error", "out of memory");
        return;
    }
    rq->job = job;
    if (job->nentries == 0) {
        job->done = 1;
        srv_route_finish(rq);
        return;
    }
    if (srv_committer_submit(rq->st, rq) != 0) {
        rq->job = NULL;
        srv_job_free(rq->st, job);
        shutting_down(rq);
    }
}

static void decide_single(srv_request *rq, srv_engine *e, const char *kind)
{
    json_t *body = srv_body_json(rq);
    if (body)
        dispatch_job(rq, job_new(rq, e, kind, body, NULL, 0));
}

static void h_check(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    decide_single(rq, e, "check");
}

static void h_screen(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    decide_single(rq, e, "screen");
}

/* A batch body is an array of requests, or an object holding one under `member`. */
static json_t *batch_items(srv_request *rq, json_t *body, const char *member)
{
    json_t *items = json_is_array(body) ? body : json_object_get(body, member);
    if (!json_is_array(items)) {
        srv_problem(rq, 422, "invalid-request", "Invalid request",
                    "expected {\"%s\": [...]} or a JSON array", member);
        return NULL;
    }
    if (json_array_size(items) > SRV_MAX_BATCH) {
        srv_problem(rq, 413, "limit-exceeded", "Request exceeds a limit",
                    "%zu items in one batch; the limit is %d", json_array_size(items),
                    SRV_MAX_BATCH);
        return NULL;
    }
    return items;
}

/* Each item is answered on its own: a bad item gets an error entry (and no record), the
 * others their decisions and audit ids. */
static void decide_batch(srv_request *rq, srv_engine *e, const char *kind, const char *member)
{
    json_t *body = srv_body_json(rq);
    json_t *items = body ? batch_items(rq, body, member) : NULL;
    if (!items) {
        json_decref(body);
        return;
    }
    dispatch_job(rq, job_new(rq, e, kind, body, items, 1));
}

static void h_check_batch(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    decide_batch(rq, e, "check", "shipments");
}

static void h_screen_batch(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    decide_batch(rq, e, "screen", "queries");
}

/* ---- regimes ---- */

static int query_date(srv_request *rq, sx_date *out, const char *name, int required)
{
    const char *v = srv_query(rq, name);
    if (!v || !*v) {
        if (!required)
            return 1;
        srv_problem(rq, 400, "missing-parameter", "Missing query parameter",
                    "query parameter \"%s\" (YYYY-MM-DD) is required", name);
        return -1;
    }
    if (sx_date_parse(out, v) != 0) {
        srv_problem(rq, 400, "bad-date", "Bad date", "query parameter \"%s\": %s", name,
                    sx_errmsg());
        return -1;
    }
    return 0;
}

static int regimes_ready(srv_request *rq, srv_engine *e)
{
    if (e->regimes)
        return 1;
    srv_problem(rq, 501, "not-implemented", "Not implemented",
                "regulation data is not built into this engine yet");
    return 0;
}

static void reply_or_problem(srv_request *rq, int rc, char *out)
{
    if (rc) {
        sx_free(out);
        srv_problem_from_error(rq, rc);
    } else {
        srv_reply_json(rq, 200, out);
    }
}

/* The jurisdiction is part of the path: one the data does not have is a missing resource. */
static void regime_reply(srv_request *rq, int rc, char *out)
{
    if (rc == SX_EUNKNOWN_JURISDICTION) {
        sx_free(out);
        srv_problem(rq, 404, "not-found", "Not found", "%s", sx_errmsg());
        return;
    }
    reply_or_problem(rq, rc, out);
}

static void h_groups(srv_request *rq, srv_engine *e, char *const *params)
{
    sx_date date;
    if (!regimes_ready(rq, e) || query_date(rq, &date, "date", 1) != 0)
        return;
    char *out = NULL;
    int rc = sx_regime_groups_json(&out, e->regimes, params[0], date);
    regime_reply(rq, rc, out);
}

static void h_diff(srv_request *rq, srv_engine *e, char *const *params)
{
    sx_date from, to;
    if (!regimes_ready(rq, e) || query_date(rq, &from, "from", 1) != 0 ||
        query_date(rq, &to, "to", 1) != 0)
        return;
    const char *country = srv_query(rq, "country"), *item = srv_query(rq, "item");
    char *out = NULL;
    int rc = sx_regime_diff_item_json(&out, e->regimes, params[0], from, to,
                                      country && *country ? country : NULL, item && *item ? item : NULL);
    regime_reply(rq, rc, out);
}

/* ---- audit ---- */

static int parse_audit_id(srv_request *rq, const char *text, long long *id)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (*text < '1' || *text > '9' || *end || v < 1) {
        srv_problem(rq, 404, "not-found", "Not found",
                    "audit ids are positive integers; \"%s\" is not one", text);
        return -1;
    }
    *id = v;
    return 0;
}

static void h_audit_get(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    long long id;
    if (parse_audit_id(rq, params[0], &id))
        return;
    char *out = NULL;
    int rc = sx_audit_get_json(&out, rq->st->audit, id);
    if (rc == SX_ENOTFOUND)
        srv_problem(rq, 404, "not-found", "Not found", "no audit record %lld", id);
    else
        reply_or_problem(rq, rc, out);
}

static void h_audit_replay(srv_request *rq, srv_engine *e, char *const *params)
{
    long long id;
    if (parse_audit_id(rq, params[0], &id))
        return;
    sx_audit_replay *rp = NULL;
    int rc = sx_audit_replay_record_with(&rp, rq->st->audit, id, e->regimes, e->index, rq->st->cfg->snapshots);
    char *out = NULL;
    if (!rc)
        rc = sx_audit_replay_json(&out, rp, e->data_hash);
    sx_audit_replay_free(rp);
    if (rc == SX_ENOTFOUND)
        srv_problem(rq, 404, "not-found", "Not found", "no audit record %lld", id);
    else
        reply_or_problem(rq, rc, out);
}

static void h_audit_verify(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    sx_audit_report rep;
    int rc = sx_audit_verify(&rep, rq->st->audit);
    char *out = NULL;
    if (rc == 0 || rc == SX_EINTEGRITY)
        rc = sx_audit_report_json(&out, &rep);
    reply_or_problem(rq, rc, out);
}

static int to_buf(const char *data, size_t len, void *payload)
{
    return sx_buf_put(payload, data, len);
}

static void h_audit_export(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    const char *format = srv_query(rq, "format");
    sx_audit_export_opts o = SX_AUDIT_EXPORT_OPTS_INIT;
    o.from = srv_query(rq, "from");
    o.to = srv_query(rq, "to");
    if (format && strcmp(format, "csv") == 0) {
        o.format = SX_AUDIT_CSV;
    } else if (format && strcmp(format, "jsonl") != 0) {
        srv_problem(rq, 400, "bad-parameter", "Bad query parameter",
                    "format must be jsonl or csv");
        return;
    }
    sx_buf b = SX_BUF_INIT;
    b.max = SRV_MAX_EXPORT_BYTES;
    int rc = sx_audit_export(rq->st->audit, &o, to_buf, &b);
    if (rc == SX_EDATE) {
        sx_buf_free(&b);
        srv_problem(rq, 400, "bad-date", "Bad date", "%s", sx_errmsg());
        return;
    }
    char *out = rc ? NULL : sx_buf_detach(&b);
    sx_buf_free(&b);
    reply_or_problem(rq, rc ? rc : out ? 0 : SX_ENOMEM, out ? out : NULL);
    if (!rc && out)
        rq->ctype = o.format == SX_AUDIT_CSV ? "text/csv; charset=utf-8" : "application/jsonl";
}

/* ---- service ---- */

static void h_health(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)params;
    json_error_t err;
    json_t *hash = json_loads(e->data_hash ? e->data_hash : "{}", 0, &err);
    /* Shutting down (SIGTERM): 503 takes the instance out of a balancer's rotation. */
    int draining = atomic_load(&rq->st->draining);
    json_t *o = json_pack("{ss ss ss s{sb sb so ss} sI sI}", "status", draining ? "draining" : "ok", "version",
                          sx_version(), "audit_backend", sx_audit_backend(rq->st->audit),
                          "engine", "decide", e->regimes != NULL, "screen", e->index != NULL,
                          "data_hash", hash ? hash : json_object(), "loaded_at", e->loaded_at,
                          "inflight", (json_int_t)atomic_load(&rq->st->inflight), "served",
                          (json_int_t)atomic_load(&rq->st->served));
    srv_reply_json(rq, draining ? 503 : 200, o ? json_dumps(o, JSON_COMPACT) : NULL);
    json_decref(o);
}

static void h_openapi(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    if (!rq->st->openapi) {
        srv_problem(rq, 404, "not-found", "Not found", "no OpenAPI document was found");
        return;
    }
    srv_reply_json(rq, 200, strdup(rq->st->openapi));
}

/* Answered when the reloader has loaded the data (srv_reload_finish), without holding a
 * worker thread meanwhile. */
static void h_reload(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    if (srv_reload_submit(rq->st, rq) != 0)
        shutting_down(rq);
}

/* ---- routing ---- */

static const route routes[] = {
    {"GET", "/healthz", h_health, SRV_ROLE_NONE},
    {"GET", "/v1/openapi.json", h_openapi, SRV_ROLE_NONE},
    {"GET", "/v1/session", srv_h_session, SRV_ROLE_NONE},
    {"POST", "/v1/check", h_check, SRV_ROLE_SCREEN},
    {"POST", "/v1/check/batch", h_check_batch, SRV_ROLE_SCREEN},
    {"POST", "/v1/screen", h_screen, SRV_ROLE_SCREEN},
    {"POST", "/v1/screen/batch", h_screen_batch, SRV_ROLE_SCREEN},
    {"GET", "/v1/regimes/{}/groups", h_groups, SRV_ROLE_SCREEN},
    {"GET", "/v1/regimes/{}/diff", h_diff, SRV_ROLE_SCREEN},
    {"GET", "/v1/audit/verify", h_audit_verify, SRV_ROLE_ADMIN},
    {"GET", "/v1/audit/export", h_audit_export, SRV_ROLE_ADMIN},
    {"GET", "/v1/audit/{}", h_audit_get, SRV_ROLE_SCREEN},
    {"GET", "/v1/audit/{}/replay", h_audit_replay, SRV_ROLE_SCREEN},
    {"POST", "/v1/admin/reload", h_reload, SRV_ROLE_ADMIN},
    {"GET", "/v1/parties", srv_h_parties_get, SRV_ROLE_SCREEN},
    {"POST", "/v1/parties", srv_h_parties_post, SRV_ROLE_REVIEW},
    {"GET", "/v1/cases", srv_h_cases_get, SRV_ROLE_SCREEN},
    {"GET", "/v1/cases/{}", srv_h_case_get, SRV_ROLE_SCREEN},
    {"POST", "/v1/cases/{}/dispositions", srv_h_case_decide, SRV_ROLE_REVIEW},
    {"GET", "/v1/reasons", srv_h_reasons_get, SRV_ROLE_SCREEN},
    {"PUT", "/v1/reasons/{}", srv_h_reason_put, SRV_ROLE_ADMIN},
    {"GET", "/v1/lists", srv_h_lists_get, SRV_ROLE_SCREEN},
    {"GET", "/v1/lists/diff", srv_h_lists_diff, SRV_ROLE_SCREEN},
    {"POST", "/v1/lists/update", srv_h_lists_update, SRV_ROLE_ADMIN},
};

/* Matches path against pattern segment by segment; captures "{}" segments (borrowed
 * copies into caps). */
static int match(const char *pattern, const char *path, char caps[MAX_PARAMS][256])
{
    int ncap = 0;
    while (*pattern && *path) {
        if (*pattern != '/' || *path != '/')
            return 0;
        pattern++, path++;
        size_t plen = strcspn(pattern, "/"), len = strcspn(path, "/");
        if (plen == 2 && strncmp(pattern, "{}", 2) == 0) {
            if (len == 0 || len >= 256 || ncap == MAX_PARAMS)
                return 0;
            memcpy(caps[ncap], path, len);
            caps[ncap++][len] = '\0';
        } else if (plen != len || strncmp(pattern, path, len) != 0) {
            return 0;
        }
        pattern += plen, path += len;
    }
    return *pattern == '\0' && *path == '\0';
}

static int allowed(srv_request *rq, const route *r)
{
    if (rq->role >= r->role)
        return 1;
    if (rq->role == SRV_ROLE_NONE)
        srv_problem(rq, 401, "unauthorized", "Unauthorized",
                    "this operation needs an API token: Authorization: Bearer TOKEN");
    else
        srv_problem(rq, 403, "forbidden", "Forbidden",
                    "this operation needs a token with the %s role (this one has %s)",
                    srv_role_name(r->role), srv_role_name(rq->role));
    return 0;
}

int srv_route_prepare(srv_request *rq)
{
    const char *allow = NULL;
    /* HEAD is GET without a body (libmicrohttpd drops the body). */
    const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(routes[i].pattern, rq->path, rq->caps))
            continue;
        if (strcmp(routes[i].method, method) == 0) {
            rq->route = &routes[i];
            return allowed(rq, &routes[i]) ? 0 : -1;
        }
        allow = routes[i].method;
    }
    if (allow) {
        rq->allow = allow;
        srv_problem(rq, 405, NULL, "Method Not Allowed", "%s %s: use %s", rq->method, rq->path,
                    allow);
    } else {
        srv_problem(rq, 404, NULL, "Not Found", "no such resource: %s", rq->path);
    }
    return -1;
}

void srv_route(srv_request *rq)
{
    if (!rq->route && srv_route_prepare(rq) != 0)
        return;
    const route *r = rq->route;
    char *params[MAX_PARAMS] = {rq->caps[0], rq->caps[1]};
    srv_engine *e = srv_holder_acquire(&rq->st->engine);
    r->fn(rq, e, params);
    srv_holder_release(&rq->st->engine, e);
}
