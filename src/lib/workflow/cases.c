/* Cases: opened for each blocked answer, decided with a reason, remembered until the facts
 * change (docs/workflow.md).  A case's id is the id of the "case" record that opened it;
 * each disposition is a "disposition" record in the same chain. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/workflow/wf.h"
#include "stratex/date.h"
#include "stratex/errors.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/sha256.h"
#include "util/strutil.h"
#include "util/utf8.h"

#define WF_DEFAULT_LIMIT 100
#define WF_MAX_LIMIT 1000
/* The last column is the request of an order line's opening record, whose "inputs" are
 * the line as checked: a worklist shows which shipment is blocked without a second call. */
#define WF_CASE_COLUMNS                                                                            \
    "id, kind, state, party, line, list, entity_id, matched_name, score, decision, opened,"        \
    " updated, last_action, CASE WHEN kind = 'check' THEN (SELECT request FROM audit_record"       \
    " WHERE audit_record.id = wf_case.id) END"
#define WF_CASE_NCOLS 14
#define WF_NOTE_MAX 4000 /* bytes of a disposition's note */

int sx_wf_dump(char **out, json_t *v)
{
    *out = sx_json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(6));
    return *out ? 0 : sx_error_oom();
}

static int first_string(int ncols, const char *const *cols, void *payload)
{
    char **out = payload;
    if (*out || ncols < 1)
        return 0;
    *out = sx_strdup(cols[0] ? cols[0] : "");
    return *out ? 0 : SX_ENOMEM;
}

int sx_wf_sql_string(sx_tx *tx, char **out, const char *sql, int n, const char *const *params)
{
    *out = NULL;
    int rc = sx_tx_sql(tx, sql, n, params, first_string, out);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

int sx_wf_version_id(char out[SX_AUDIT_HASH_HEX], const char *const *list_hashes, size_t n)
{
    sx_sha256 *h = NULL;
    int rc = sx_sha256_new(&h);
    for (size_t i = 0; !rc && i < n; i++)
        rc = sx_sha256_update(h, list_hashes[i], strlen(list_hashes[i]));
    return rc ? (sx_sha256_free(h), rc) : sx_sha256_final_hex(h, out);
}

/* ---- one case as JSON ---- */

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A wf_case row (WF_CASE_COLUMNS) as the CASE object of the API. */
static json_t *case_row_json(const char *const *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(strtoll(c[0], NULL, 10)));
    json_object_set_new(o, "state", json_string(c[2]));
    json_object_set_new(o, "kind", json_string(c[1]));
    json_object_set_new(o, "party", text_or_null(c[3]));
    json_object_set_new(o, "line", text_or_null(c[4]));
    json_object_set_new(o, "list", text_or_null(c[5]));
    json_object_set_new(o, "entity_id", text_or_null(c[6]));
    json_object_set_new(o, "matched_name", text_or_null(c[7]));
    json_object_set_new(o, "score", c[8] ? json_real(strtod(c[8], NULL)) : json_null());
    json_object_set_new(o, "decision", text_or_null(c[9]));
    json_object_set_new(o, "opened", json_string(c[10]));
    json_object_set_new(o, "updated", json_string(c[11]));
    json_object_set_new(o, "record", json_integer(strtoll(c[0], NULL, 10)));
    json_object_set_new(o, "last_action", text_or_null(c[12]));
    json_t *opened = c[13] ? json_loads(c[13], 0, NULL) : NULL;
    json_t *inputs = json_object_get(opened, "inputs");
    if (json_is_object(inputs))
        json_object_set(o, "inputs", inputs);
    json_decref(opened);
    return o;
}

static int collect_case(int ncols, const char *const *cols, void *payload)
{
    if (ncols < WF_CASE_NCOLS)
        return sx_error_set(SX_EDB, "workflow: short case row");
    json_t *o = case_row_json(cols);
    return o && json_array_append_new(payload, o) == 0 ? 0 : sx_error_oom();
}

/* ---- opening and settling ---- */

static void score_text(char out[32], double score)
{
    if (score < 0)
        out[0] = '\0';
    else
        snprintf(out, 32, "%.4f", score);
}

int sx_wf_case_open(sx_tx *tx, int64_t *id, const wf_new_case *c)
{
    char *request = NULL, *response = NULL;
    int rc = sx_wf_dump(&request, c->request);
    rc = rc ? rc : sx_wf_dump(&response, c->response);
    char created[SX_AUDIT_CREATED_LEN];
    sx_audit_entry e = {"case", request, response, c->data_hash ? c->data_hash : "{}"};
    rc = rc ? rc : sx_tx_append(tx, id, created, &e);
    free(request);
    free(response);
    if (rc)
        return rc;
    char idtext[32], score[32];
    snprintf(idtext, sizeof idtext, "%" PRId64, *id);
    score_text(score, c->score);
    const char *p[] = {
        idtext,      c->kind,      WF_OPEN,         c->party,        c->line,
        c->list,     c->entity_id, c->subject_hash, c->matched_name, score[0] ? score : NULL,
        c->decision, created};
    rc = sx_tx_sql(tx,
                   "INSERT INTO wf_case(id, kind, state, party, line, list, entity_id,"
                   " subject_hash, matched_name, score, decision, opened, updated)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
                   12, p, NULL, NULL);
    const char *ev[] = {idtext};
    return rc ? rc
              : sx_tx_sql(tx, "INSERT INTO wf_event(record, case_id) VALUES ($1, $1)", 1, ev, NULL,
                          NULL);
}

int sx_wf_case_settle(sx_tx *tx, int64_t *record, int64_t id, json_t *d, const char *state)
{
    char *request = NULL;
    json_t *resp = json_pack("{sIss}", "case", (json_int_t)id, "state", state);
    char *response = NULL;
    int rc = resp ? sx_wf_dump(&request, d) : sx_error_oom();
    rc = rc ? rc : sx_wf_dump(&response, resp);
    json_decref(resp);
    char created[SX_AUDIT_CREATED_LEN];
    sx_audit_entry e = {"disposition", request, response, "{}"};
    rc = rc ? rc : sx_tx_append(tx, record, created, &e);
    free(request);
    free(response);
    if (rc)
        return rc;
    char rec[32], idtext[32];
    snprintf(rec, sizeof rec, "%" PRId64, *record);
    snprintf(idtext, sizeof idtext, "%" PRId64, id);
    const char *action = json_string_value(json_object_get(d, "action"));
    const char *p[] = {state, created, action, idtext};
    rc = sx_tx_sql(tx,
                   "UPDATE wf_case SET state = $1, updated = $2, last_action = $3"
                   " WHERE id = $4",
                   4, p, NULL, NULL);
    const char *ev[] = {rec, idtext};
    return rc ? rc
              : sx_tx_sql(tx, "INSERT INTO wf_event(record, case_id) VALUES ($1, $2)", 2, ev, NULL,
                          NULL);
}

static int collect_case_id(int ncols, const char *const *cols, void *payload)
{
    (void)ncols;
    return json_array_append_new(payload, json_integer(strtoll(cols[0], NULL, 10))) == 0
               ? 0
               : sx_error_oom();
}

int sx_wf_close_cases(sx_tx *tx, size_t *closed, const char *select_ids, int n,
                      const char *const *params, const char *reason, const char *note)
{
    json_t *ids = json_array();
    int rc = ids ? sx_tx_sql(tx, select_ids, n, params, collect_case_id, ids) : sx_error_oom();
    for (size_t i = 0; !rc && i < json_array_size(ids); i++) {
        json_int_t c = json_integer_value(json_array_get(ids, i));
        json_t *d = json_pack("{sIssssssss}", "case", c, "action", "close", "reason", reason,
                              "actor", WF_SYSTEM, "note", note);
        int64_t record = 0;
        rc = d ? sx_wf_case_settle(tx, &record, c, d, WF_CLOSED) : sx_error_oom();
        json_decref(d);
        if (!rc && closed)
            (*closed)++;
    }
    json_decref(ids);
    return rc;
}

int sx_wf_case_for_hit(sx_tx *tx, char state[16], const char *party, const char *list,
                       const char *entity_id)
{
    char *s = NULL;
    const char *p[] = {party, list, entity_id};
    int rc = sx_wf_sql_string(tx, &s,
                              "SELECT state FROM wf_case WHERE party = $1 AND list = $2"
                              " AND entity_id = $3 ORDER BY id DESC LIMIT 1",
                              3, p);
    snprintf(state, 16, "%s", s ? s : "");
    free(s);
    return rc;
}

/* ---- listing ---- */

/* The WHERE clause of a filter, with its parameters numbered from 1. */
typedef struct where {
    char sql[512];
    const char *params[8];
    int n;       /* parameters */
    int clauses; /* conditions */
} where;

/* Adds "cond $k" with value as parameter k, or cond alone when value is NULL. */
static void where_add(where *w, const char *cond, const char *value)
{
    size_t len = strlen(w->sql);
    const char *join = w->clauses++ ? " AND " : " WHERE ";
    if (!value) {
        snprintf(w->sql + len, sizeof w->sql - len, "%s%s", join, cond);
        return;
    }
    snprintf(w->sql + len, sizeof w->sql - len, "%s%s $%d", join, cond, w->n + 1);
    w->params[w->n++] = value;
}

static int check_day(const char *day, const char *what)
{
    sx_date d;
    if (day && (strlen(day) != 10 || sx_date_parse(&d, day) != 0))
        return sx_error_set(SX_EDATE, "cases: %s must be a date YYYY-MM-DD", what);
    return 0;
}

static int build_where(where *w, const sx_case_filter *f)
{
    memset(w, 0, sizeof *w);
    sx_case_filter none = {0};
    if (!f)
        f = &none;
    const char *state = f->state ? f->state : "active";
    if (strcmp(state, "active") == 0)
        where_add(w, "state <> 'closed'", NULL);
    else if (strcmp(state, WF_OPEN) == 0 || strcmp(state, WF_ESCALATED) == 0 ||
             strcmp(state, WF_CLOSED) == 0)
        where_add(w, "state =", state);
    else if (strcmp(state, "all") != 0)
        return sx_error_set(SX_EINVAL,
                            "cases: state must be open, escalated, closed, active or "
                            "all, not \"%.*s\"",
                            SX_CUT(state, 24));
    if (f->kind && strcmp(f->kind, "screen") != 0 && strcmp(f->kind, "check") != 0 &&
        strcmp(f->kind, "unreached") != 0)
        return sx_error_set(SX_EINVAL, "cases: kind must be screen, check or unreached");
    int rc = check_day(f->from, "from");
    rc = rc ? rc : check_day(f->to, "to");
    if (rc)
        return rc;
    const char *conds[][2] = {{"kind =", f->kind},
                              {"list =", f->list},
                              {"party =", f->party},
                              {"opened >=", f->from},
                              {"opened <", f->to}};
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++)
        if (conds[i][1])
            where_add(w, conds[i][0], conds[i][1]);
    return 0;
}

typedef struct list_job {
    const sx_case_filter *f;
    json_t *cases;
    char *total;
    int (*each)(const char *, void *);
    void *payload;
} list_job;

static int list_page(sx_tx *tx, void *payload)
{
    list_job *j = payload;
    where w;
    int rc = build_where(&w, j->f);
    if (rc)
        return rc;
    char sql[1024], lim[32], off[32];
    size_t limit = j->f && j->f->limit ? j->f->limit : WF_DEFAULT_LIMIT;
    if (limit > WF_MAX_LIMIT)
        return sx_error_set(SX_EINVAL, "cases: limit is at most %d", WF_MAX_LIMIT);
    snprintf(lim, sizeof lim, "%zu", limit);
    snprintf(off, sizeof off, "%zu", j->f ? j->f->offset : 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM wf_case%s", w.sql);
    rc = sx_wf_sql_string(tx, &j->total, sql, w.n, w.params);
    if (rc)
        return rc;
    w.params[w.n] = lim;
    w.params[w.n + 1] = off;
    snprintf(sql, sizeof sql,
             "SELECT " WF_CASE_COLUMNS " FROM wf_case%s ORDER BY id DESC"
             " LIMIT CAST($%d AS BIGINT) OFFSET CAST($%d AS BIGINT)",
             w.sql, w.n + 1, w.n + 2);
    return sx_tx_sql(tx, sql, w.n + 2, w.params, collect_case, j->cases);
}

int sx_cases_json(char **out, sx_audit *a, const sx_case_filter *f)
{
    *out = NULL;
    list_job j = {f, json_array(), NULL, NULL, NULL};
    if (!j.cases)
        return sx_error_oom();
    int rc = sx_audit_transact(a, 0, list_page, &j);
    if (!rc) {
        json_t *o = json_pack("{sOsIsIsI}", "cases", j.cases, "total",
                              (json_int_t)strtoll(j.total ? j.total : "0", NULL, 10), "limit",
                              (json_int_t)(f && f->limit ? f->limit : WF_DEFAULT_LIMIT), "offset",
                              (json_int_t)(f ? f->offset : 0));
        rc = o ? sx_wf_dump(out, o) : sx_error_oom();
        json_decref(o);
    }
    json_decref(j.cases);
    free(j.total);
    return rc;
}

static int each_case(int ncols, const char *const *cols, void *payload)
{
    list_job *j = payload;
    if (ncols < WF_CASE_NCOLS)
        return sx_error_set(SX_EDB, "workflow: short case row");
    json_t *o = case_row_json(cols);
    char *text = NULL;
    int rc = o ? sx_wf_dump(&text, o) : sx_error_oom();
    json_decref(o);
    rc = rc ? rc : j->each(text, j->payload);
    free(text);
    return rc;
}

static int list_all(sx_tx *tx, void *payload)
{
    list_job *j = payload;
    where w;
    int rc = build_where(&w, j->f);
    if (rc)
        return rc;
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT " WF_CASE_COLUMNS " FROM wf_case%s ORDER BY id", w.sql);
    return sx_tx_sql(tx, sql, w.n, w.params, each_case, j);
}

int sx_cases_each(sx_audit *a, const sx_case_filter *f,
                  int (*cb)(const char *case_json, void *payload), void *payload)
{
    list_job j = {f, NULL, NULL, cb, payload};
    return sx_audit_transact(a, 0, list_all, &j);
}

/* ---- one case in full ---- */

typedef struct show_job {
    int64_t id;
    json_t *out;
    json_t *records; /* record ids of its history */
} show_job;

static json_t *parse_or_string(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

static int collect_id(int ncols, const char *const *cols, void *payload)
{
    return json_array_append_new(payload, json_integer(strtoll(cols[0], NULL, 10))) == 0
               ? 0
               : sx_error_oom();
}

/* One history entry: what the record says, flattened for a reader. */
static json_t *history_entry(const sx_audit_record *r)
{
    json_t *req = parse_or_string(r->request);
    json_t *h =
        json_pack("{sIssss}", "record", (json_int_t)r->id, "created", r->created, "kind", r->kind);
    static const char *const keys[] = {"action", "reason",  "note",        "actor",
                                       "group",  "licence", "valid_until", "cause"};
    for (size_t i = 0; h && json_is_object(req) && i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(req, keys[i]);
        if (v)
            json_object_set(h, keys[i], v);
    }
    if (h && strcmp(r->kind, "case") == 0 && !json_object_get(h, "action"))
        json_object_set_new(h, "action", json_string("open"));
    json_decref(req);
    return h;
}

static int show_case(sx_tx *tx, void *payload)
{
    show_job *j = payload;
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%" PRId64, j->id);
    const char *p[] = {idtext};
    json_t *rows = json_array();
    int rc = rows ? sx_tx_sql(tx, "SELECT " WF_CASE_COLUMNS " FROM wf_case WHERE id = $1", 1, p,
                              collect_case, rows)
                  : sx_error_oom();
    if (!rc && json_array_size(rows) == 0)
        rc = sx_error_set(SX_ENOTFOUND, "case %" PRId64 " not found", j->id);
    if (!rc) {
        j->out = json_incref(json_array_get(rows, 0));
        rc = sx_tx_sql(tx, "SELECT record FROM wf_event WHERE case_id = $1 ORDER BY record", 1, p,
                       collect_id, j->records);
    }
    json_decref(rows);
    json_t *history = json_array();
    for (size_t i = 0; !rc && i < json_array_size(j->records); i++) {
        sx_audit_record *r = NULL;
        int64_t rid = json_integer_value(json_array_get(j->records, i));
        rc = sx_tx_get(tx, rid, &r);
        if (rc)
            break;
        if (rid == j->id) { /* the opening record: what the case is about */
            json_t *req = parse_or_string(r->request), *resp = parse_or_string(r->response);
            json_object_set(j->out, "inputs", json_object_get(req, "inputs"));
            json_object_set(j->out, "answer", json_object_get(resp, "answer"));
            json_t *ev = json_object_get(resp, "evidence");
            json_object_set(j->out, "evidence", ev ? ev : json_null());
            json_object_set_new(j->out, "data", parse_or_string(r->data_hash));
            json_decref(req);
            json_decref(resp);
        }
        json_array_append_new(history, history_entry(r));
        sx_audit_record_free(r);
    }
    if (!rc && j->out)
        json_object_set(j->out, "history", history);
    json_decref(history);
    return rc;
}

int sx_case_json(char **out, sx_audit *a, int64_t id)
{
    *out = NULL;
    show_job j = {id, NULL, json_array()};
    int rc = j.records ? sx_audit_transact(a, 0, show_case, &j) : sx_error_oom();
    if (!rc)
        rc = sx_wf_dump(out, j.out);
    json_decref(j.out);
    json_decref(j.records);
    return rc;
}

/* ---- deciding ---- */

/* Which actions apply to which kind of case: a screening hit is cleared (not this
 * entity) or confirmed; a party no screening reaches is cleared (looked up by hand under
 * the names it uses: not listed) or confirmed (listed under another name); an order line
 * is confirmed (stays blocked) or released against a licence; any may be escalated. */
static int action_applies(const char *action, const char *kind)
{
    if (strcmp(action, "escalate") == 0 || strcmp(action, "confirm") == 0)
        return 1;
    if (strcmp(action, "clear") == 0)
        return strcmp(kind, "screen") == 0 || strcmp(kind, "unreached") == 0;
    if (strcmp(action, "release") == 0)
        return strcmp(kind, "check") == 0;
    return 0;
}

typedef struct decide_job {
    int64_t id;
    const sx_disposition *d;
    int64_t record;
} decide_job;

typedef struct case_row {
    char kind[16], state[16];
    char *party, *list, *entity_id;
} case_row;

static int read_case_row(int ncols, const char *const *cols, void *payload)
{
    case_row *c = payload;
    snprintf(c->kind, sizeof c->kind, "%s", cols[0]);
    snprintf(c->state, sizeof c->state, "%s", cols[1]);
    c->party = cols[2] ? sx_strdup(cols[2]) : NULL;
    c->list = cols[3] ? sx_strdup(cols[3]) : NULL;
    c->entity_id = cols[4] ? sx_strdup(cols[4]) : NULL;
    return 0;
}

/* The shipment date a release must cover: the opening record's inputs.date. */
static int shipment_date(sx_tx *tx, int64_t id, sx_date *out)
{
    sx_audit_record *r = NULL;
    int rc = sx_tx_get(tx, id, &r);
    if (rc)
        return rc;
    json_t *req = json_loads(r->request, 0, NULL);
    const char *date = json_string_value(json_object_get(json_object_get(req, "inputs"), "date"));
    *out = date && sx_date_parse(out, date) == 0 ? *out : sx_date_today();
    json_decref(req);
    sx_audit_record_free(r);
    return 0;
}

static int check_release(sx_tx *tx, int64_t id, const sx_disposition *d)
{
    if (!d->licence || !*d->licence)
        return sx_error_set(SX_EINVAL, "release: a licence number is required");
    sx_date until, ship;
    if (!d->valid_until || sx_date_parse(&until, d->valid_until) != 0)
        return sx_error_set(SX_EINVAL, "release: valid_until must be a date YYYY-MM-DD");
    int rc = shipment_date(tx, id, &ship);
    if (rc)
        return rc;
    if (until < ship) {
        char s[11];
        sx_date_format(s, ship);
        return sx_error_set(SX_EINVAL,
                            "release: licence valid until %s does not cover the shipment date %s",
                            d->valid_until, s);
    }
    return 0;
}

static int check_reason(sx_tx *tx, const sx_disposition *d)
{
    char *action = NULL;
    const char *p[] = {d->reason};
    int rc = sx_wf_sql_string(tx, &action, "SELECT action FROM wf_reason WHERE code = $1", 1, p);
    if (!rc && !action)
        rc = sx_error_set(SX_EINVAL, "unknown reason code \"%.*s\"", SX_CUT(d->reason, 40));
    else if (!rc && strcmp(action, d->action) != 0)
        rc = sx_error_set(SX_EINVAL, "reason \"%.*s\" is for %s, not %s", SX_CUT(d->reason, 40),
                          action, d->action);
    free(action);
    return rc;
}

/* Remembers a clear: (party, list, entity, the entity's content hash as the case saw it). */
static int remember_clearance(sx_tx *tx, int64_t id, int64_t record, const case_row *c)
{
    char *hash = NULL, idtext[32], rec[32];
    snprintf(idtext, sizeof idtext, "%" PRId64, id);
    snprintf(rec, sizeof rec, "%" PRId64, record);
    const char *p[] = {idtext};
    int rc = sx_wf_sql_string(tx, &hash, "SELECT subject_hash FROM wf_case WHERE id = $1", 1, p);
    const char *q[] = {c->party, c->list, c->entity_id, hash ? hash : "", rec};
    rc = rc ? rc
            : sx_tx_sql(tx,
                        "INSERT INTO wf_clearance(party, list, entity_id, entity_hash, disposition)"
                        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (party, list, entity_id)"
                        " DO UPDATE SET entity_hash = excluded.entity_hash,"
                        " disposition = excluded.disposition",
                        5, q, NULL, NULL);
    free(hash);
    return rc;
}

static json_t *disposition_json(int64_t id, const sx_disposition *d)
{
    json_t *o = json_pack("{sIssssss}", "case", (json_int_t)id, "action", d->action, "reason",
                          d->reason, "actor", d->actor);
    if (!o)
        return NULL;
    if (d->note && *d->note)
        json_object_set_new(o, "note", json_string(d->note));
    if (strcmp(d->action, "escalate") == 0)
        json_object_set_new(o, "group", json_string(d->group));
    if (strcmp(d->action, "release") == 0) {
        json_object_set_new(o, "licence", json_string(d->licence));
        json_object_set_new(o, "valid_until", json_string(d->valid_until));
    }
    return o;
}

static int decide(sx_tx *tx, void *payload)
{
    decide_job *j = payload;
    const sx_disposition *d = j->d;
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%" PRId64, j->id);
    const char *p[] = {idtext};
    case_row c;
    memset(&c, 0, sizeof c);
    int rc = sx_tx_sql(tx, "SELECT kind, state, party, list, entity_id FROM wf_case WHERE id = $1",
                       1, p, read_case_row, &c);
    if (!rc && !c.kind[0])
        rc = sx_error_set(SX_ENOTFOUND, "case %" PRId64 " not found", j->id);
    if (!rc && strcmp(c.state, WF_CLOSED) == 0)
        rc = sx_error_set(SX_ECONFLICT, "case %" PRId64 " is closed", j->id);
    if (!rc && !action_applies(d->action, c.kind))
        rc = sx_error_set(SX_EINVAL, "%s does not apply to a %s case", d->action, c.kind);
    rc = rc ? rc : check_reason(tx, d);
    if (!rc && strcmp(d->action, "release") == 0)
        rc = check_release(tx, j->id, d);
    json_t *rec = rc ? NULL : disposition_json(j->id, d);
    if (!rc && !rec)
        rc = sx_error_oom();
    const char *state = strcmp(d->action, "escalate") == 0 ? WF_ESCALATED : WF_CLOSED;
    rc = rc ? rc : sx_wf_case_settle(tx, &j->record, j->id, rec, state);
    if (!rc && strcmp(d->action, "clear") == 0 && c.party && c.list && c.entity_id)
        rc = remember_clearance(tx, j->id, j->record, &c);
    json_decref(rec);
    free(c.party);
    free(c.list);
    free(c.entity_id);
    return rc;
}

static int check_disposition(const sx_disposition *d)
{
    static const char *const actions[] = {"clear", "confirm", "escalate", "release"};
    if (!d || !d->action)
        return sx_error_set(SX_EINVAL, "disposition: action is required");
    size_t i = 0;
    while (i < 4 && strcmp(d->action, actions[i]) != 0)
        i++;
    if (i == 4)
        return sx_error_set(SX_EINVAL,
                            "disposition: action must be clear, confirm, escalate or release, "
                            "not \"%.*s\"",
                            SX_CUT(d->action, 24));
    if (!d->reason || !*d->reason)
        return sx_error_set(SX_EINVAL, "disposition: a reason code is required");
    if (!d->actor || !*d->actor)
        return sx_error_set(SX_EINVAL, "disposition: the actor is required");
    if (strcmp(d->action, "escalate") == 0 && (!d->group || !*d->group))
        return sx_error_set(SX_EINVAL, "escalate: the group it goes to is required");
    const char *texts[] = {d->reason, d->actor, d->note, d->group, d->licence, d->valid_until};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        if (texts[k] &&
            (!sx_utf8_valid(texts[k], strlen(texts[k])) || strlen(texts[k]) > WF_NOTE_MAX))
            return sx_error_set(SX_EINVAL,
                                "disposition: a field is not valid UTF-8 or is longer "
                                "than %d bytes",
                                WF_NOTE_MAX);
    return 0;
}

int sx_case_decide(char **case_json, int64_t *record, sx_audit *a, int64_t id,
                   const sx_disposition *d)
{
    if (case_json)
        *case_json = NULL;
    int rc = check_disposition(d);
    if (rc)
        return rc;
    decide_job j = {id, d, 0};
    rc = sx_audit_transact(a, 1, decide, &j);
    if (rc)
        return rc;
    if (record)
        *record = j.record;
    if (!case_json)
        return 0;
    char *full = NULL;
    rc = sx_case_json(&full, a, id);
    if (rc)
        return rc;
    *case_json = full;
    return 0;
}

/* ---- order lines ---- */

/* Decisions that stop a shipment until someone acts. */
static int blocks(const char *decision)
{
    static const char *const blocking[] = {"review", "licence_required", "prohibited",
                                           "indeterminate"};
    for (size_t i = 0; decision && i < sizeof blocking / sizeof blocking[0]; i++)
        if (strcmp(decision, blocking[i]) == 0)
            return 1;
    return 0;
}

typedef struct lines_job {
    const sx_check_line *lines;
    size_t n;
    int64_t *cases;
    const char *actor;
} lines_job;

static int open_line(sx_tx *tx, const sx_check_line *l, int64_t *id, const char *actor)
{
    *id = 0;
    json_t *req = json_loads(l->request, 0, NULL), *resp = json_loads(l->response, 0, NULL);
    const char *decision = json_string_value(json_object_get(resp, "decision"));
    int rc = 0;
    if (!req || !resp) {
        rc = sx_error_set(SX_EINVAL, "line %.*s: request and response must be JSON",
                          SX_CUT(l->line ? l->line : "?", 40));
        goto done;
    }
    if (!blocks(decision))
        goto done;
    char hash[SX_AUDIT_HASH_HEX], *open = NULL;
    if ((rc = sx_sha256_hex(hash, l->request, strlen(l->request))) != 0)
        goto done;
    const char *p[] = {l->line, hash};
    rc = sx_wf_sql_string(tx, &open,
                          "SELECT id FROM wf_case WHERE line = $1 AND subject_hash = $2"
                          " AND state <> 'closed'",
                          2, p);
    if (rc || open) { /* the same line with the same inputs is still being dealt with */
        free(open);
        goto done;
    }
    json_t *request = json_pack("{sssssIsO}", "kind", "check", "line", l->line, "decision_record",
                                (json_int_t)l->record, "inputs", req);
    json_t *response = json_pack("{sO}", "answer", resp);
    if (request && actor)
        json_object_set_new(request, "actor", json_string(actor));
    wf_new_case c = {.kind = "check",
                     .line = l->line,
                     .subject_hash = hash,
                     .score = -1,
                     .decision = decision,
                     .request = request,
                     .response = response,
                     .data_hash = l->data_hash,
                     .actor = actor};
    rc = request && response ? sx_wf_case_open(tx, id, &c) : sx_error_oom();
    json_decref(request);
    json_decref(response);
done:
    json_decref(req);
    json_decref(resp);
    return rc;
}

static int open_lines(sx_tx *tx, void *payload)
{
    lines_job *j = payload;
    for (size_t i = 0; i < j->n; i++) {
        int64_t id = 0;
        int rc = open_line(tx, &j->lines[i], &id, j->actor);
        if (rc)
            return rc;
        if (j->cases)
            j->cases[i] = id;
    }
    return 0;
}

int sx_cases_open_checks(int64_t *cases, sx_audit *a, const sx_check_line *lines, size_t n,
                         const char *actor)
{
    for (size_t i = 0; i < n; i++)
        if (!lines[i].line || !lines[i].request || !lines[i].response)
            return sx_error_set(SX_EINVAL,
                                "check line %zu: line, request and response are "
                                "required",
                                i + 1);
    if (n == 0)
        return 0;
    lines_job j = {lines, n, cases, actor};
    return sx_audit_transact(a, 1, open_lines, &j);
}

/* ---- reason codes ---- */

static int collect_reason(int ncols, const char *const *cols, void *payload)
{
    json_t *o = json_pack("{ssssss}", "code", cols[0], "action", cols[1], "label", cols[2]);
    return o && json_array_append_new(payload, o) == 0 ? 0 : sx_error_oom();
}

static int read_reasons(sx_tx *tx, void *payload)
{
    return sx_tx_sql(tx, "SELECT code, action, label FROM wf_reason ORDER BY action, code", 0, NULL,
                     collect_reason, payload);
}

int sx_reasons_json(char **out, sx_audit *a)
{
    *out = NULL;
    json_t *arr = json_array();
    int rc = arr ? sx_audit_transact(a, 0, read_reasons, arr) : sx_error_oom();
    json_t *o = rc ? NULL : json_pack("{sO}", "reasons", arr);
    rc = rc ? rc : o ? sx_wf_dump(out, o) : sx_error_oom();
    json_decref(o);
    json_decref(arr);
    return rc;
}

typedef struct reason_job {
    const char *code, *action, *label;
} reason_job;

static int put_reason(sx_tx *tx, void *payload)
{
    reason_job *r = payload;
    const char *p[] = {r->code, r->action, r->label};
    return sx_tx_sql(tx,
                     "INSERT INTO wf_reason(code, action, label) VALUES ($1, $2, $3)"
                     " ON CONFLICT (code) DO UPDATE SET action = excluded.action,"
                     " label = excluded.label",
                     3, p, NULL, NULL);
}

int sx_reason_set(sx_audit *a, const char *code, const char *action, const char *label)
{
    sx_disposition probe = {.action = action, .reason = code, .actor = "admin"};
    int rc = check_disposition(&probe);
    if (rc)
        return rc;
    for (const char *c = code; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return sx_error_set(SX_EINVAL, "reason code: lowercase letters, digits and '-' only");
    reason_job r = {code, action, label && *label ? label : code};
    return sx_audit_transact(a, 1, put_reason, &r);
}
