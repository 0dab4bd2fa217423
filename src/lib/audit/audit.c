/* The audit trail's chain logic, independent of the database: record hashing, appends
 * under one lock, verification of the whole chain, JSON views and export. */
#include "stratex/audit.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/audit/backend.h"
#include "lib/audit/tx.h"
#include "stratex/date.h"
#include "stratex/version.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strutil.h"
#include "util/utf8.h"

/* Records read per lock hold while walking the chain: long walks must not starve appends. */
#define SX_AUDIT_SCAN_PAGE 512
/* Most appends committed in one transaction (group commit, see sx_audit_append). */
#define SX_AUDIT_MAX_GROUP 256

/* One append waiting for its group to commit; lives on the appending thread's stack. */
typedef struct pending {
    sx_audit_record rec;
    int taken;          /* in a group being written */
    int done;           /* written (or failed): rc and msg are final */
    int rc;
    char msg[256];      /* the error message, for the appending thread's sx_errmsg() */
    struct pending *next;
} pending;

struct sx_audit {
    pthread_mutex_t lock; /* backends' connections are not safe for concurrent use */
    const sx_audit_ops *ops;
    void *be;
    pthread_mutex_t qlock; /* guards the queue below */
    pthread_cond_t qdone;  /* a group finished */
    pending *qhead, **qtail;
    int leader;            /* a thread is writing a group */
};

static int is_pg_url(const char *target)
{
    return strncmp(target, "postgres://", 11) == 0 || strncmp(target, "postgresql://", 13) == 0;
}

int sx_audit_open_ex(sx_audit **out, const char *target, unsigned flags)
{
    if (!target || !*target)
        return sx_error_set(SX_EINVAL, "audit store: empty target");
    sx_audit *a = calloc(1, sizeof *a);
    if (!a)
        return sx_error_oom();
    int rc = is_pg_url(target) ? sx_audit_pg_open(&a->be, &a->ops, target, flags)
                               : sx_audit_sqlite_open(&a->be, &a->ops, target, flags);
    if (rc) {
        free(a);
        return rc;
    }
    pthread_mutex_init(&a->lock, NULL);
    pthread_mutex_init(&a->qlock, NULL);
    pthread_cond_init(&a->qdone, NULL);
    a->qtail = &a->qhead;
    *out = a;
    return 0;
}

int sx_audit_open(sx_audit **out, const char *target)
{
    return sx_audit_open_ex(out, target, 0);
}

void sx_audit_close(sx_audit *a)
{
    if (!a)
        return;
    a->ops->close(a->be);
    pthread_mutex_destroy(&a->lock);
    pthread_mutex_destroy(&a->qlock);
    pthread_cond_destroy(&a->qdone);
    free(a);
}

const char *sx_audit_backend(const sx_audit *a)
{
    return a->ops->name;
}

/* ---- records ---- */

void sx_audit_record_free(sx_audit_record *r)
{
    if (!r)
        return;
    free(r->kind);
    free(r->request);
    free(r->response);
    free(r->engine_version);
    free(r->data_hash);
    free(r);
}

int sx_audit_record_fill(sx_audit_record **out, const char *const cols[9])
{
    sx_audit_record *r = calloc(1, sizeof *r);
    if (!r)
        return sx_error_oom();
    long id = 0;
    if (sx_parse_long(&id, cols[0] ? cols[0] : "")) {
        free(r);
        return sx_error_set(SX_EDB, "audit store: bad record id \"%s\"", cols[0] ? cols[0] : "");
    }
    r->id = id;
    sx_strlcpy(r->created, cols[1] ? cols[1] : "", sizeof r->created);
    r->kind = sx_strdup(cols[2] ? cols[2] : "");
    r->request = sx_strdup(cols[3] ? cols[3] : "");
    r->response = sx_strdup(cols[4] ? cols[4] : "");
    r->engine_version = sx_strdup(cols[5] ? cols[5] : "");
    r->data_hash = sx_strdup(cols[6] ? cols[6] : "");
    sx_strlcpy(r->prev_hash, cols[7] ? cols[7] : "", sizeof r->prev_hash);
    sx_strlcpy(r->hash, cols[8] ? cols[8] : "", sizeof r->hash);
    if (!r->kind || !r->request || !r->response || !r->engine_version || !r->data_hash) {
        sx_audit_record_free(r);
        return sx_error_oom();
    }
    *out = r;
    return 0;
}

static int hash_field(sx_sha256 *h, const char *name, const char *value)
{
    char head[64];
    size_t len = strlen(value);
    int n = snprintf(head, sizeof head, "%s=%zu:", name, len);
    int rc = sx_sha256_update(h, head, (size_t)n);
    if (!rc)
        rc = sx_sha256_update(h, value, len);
    if (!rc)
        rc = sx_sha256_update(h, "\n", 1);
    return rc;
}

int sx_audit_record_hash(char out[SX_AUDIT_HASH_HEX], const sx_audit_record *r)
{
    static const char header[] = "stratex-audit-v1\n";
    char id[32];
    snprintf(id, sizeof id, "%" PRId64, r->id);
    sx_sha256 *h;
    int rc = sx_sha256_new(&h);
    if (rc)
        return rc;
    rc = sx_sha256_update(h, header, sizeof header - 1);
    const char *names[] = {"id",       "created",        "kind",      "request",
                           "response", "engine_version", "data_hash", "prev_hash"};
    const char *values[] = {id,          r->created,        r->kind,      r->request,
                            r->response, r->engine_version, r->data_hash, r->prev_hash};
    for (size_t i = 0; !rc && i < sizeof names / sizeof names[0]; i++)
        rc = hash_field(h, names[i], values[i] ? values[i] : "");
    if (rc) {
        sx_sha256_free(h);
        return rc;
    }
    return sx_sha256_final_hex(h, out);
}

/* ---- appending ---- */

static void now_utc(char out[SX_AUDIT_CREATED_LEN])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, SX_AUDIT_CREATED_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
    unsigned micros = (unsigned)(ts.tv_nsec / 1000) % 1000000u;
    snprintf(out + n, SX_AUDIT_CREATED_LEN - n, ".%06uZ", micros);
}

static int check_entry(const sx_audit_entry *e)
{
    if (!e || !e->kind || !e->request || !e->response || !e->data_hash)
        return sx_error_set(SX_EINVAL, "audit entry: kind, request, response and data_hash "
                                       "are required");
    /* Decisions, and the workflow records that settle them (docs/workflow.md). */
    static const char *const kinds[] = {"check", "screen", "case", "disposition", "parties",
                                        "lists"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(e->kind, kinds[i]) == 0)
            return 0;
    return sx_error_set(SX_EINVAL, "audit entry: unknown kind \"%.*s\"", SX_CUT(e->kind, 32));
}

int sx_audit_chain(sx_audit_record *const *recs, size_t n, int64_t head_id,
                   const char head_hash[SX_AUDIT_HASH_FIELD])
{
    const char *prev = head_hash;
    for (size_t i = 0; i < n; i++) {
        recs[i]->id = head_id + 1 + (int64_t)i;
        memcpy(recs[i]->prev_hash, prev, SX_AUDIT_HASH_FIELD);
        int rc = sx_audit_record_hash(recs[i]->hash, recs[i]);
        if (rc)
            return rc;
        prev = recs[i]->hash;
    }
    return 0;
}

/* Called with qlock held: takes up to SX_AUDIT_MAX_GROUP queued appends, writes them in
 * one transaction without qlock, and publishes the outcome to their threads. */
static void write_group(sx_audit *a)
{
    sx_audit_record *recs[SX_AUDIT_MAX_GROUP];
    pending *group[SX_AUDIT_MAX_GROUP];
    size_t n = 0;
    while (a->qhead && n < SX_AUDIT_MAX_GROUP) {
        pending *p = a->qhead;
        a->qhead = p->next;
        p->taken = 1;
        group[n] = p;
        recs[n++] = &p->rec;
    }
    if (!a->qhead)
        a->qtail = &a->qhead;
    a->leader = 1;
    pthread_mutex_unlock(&a->qlock);

    pthread_mutex_lock(&a->lock);
    int rc = a->ops->append(a->be, recs, n);
    pthread_mutex_unlock(&a->lock);

    pthread_mutex_lock(&a->qlock);
    for (size_t i = 0; i < n; i++) {
        group[i]->rc = rc;
        if (rc)
            snprintf(group[i]->msg, sizeof group[i]->msg, "%s", sx_errmsg());
        group[i]->done = 1;
    }
    a->leader = 0;
    pthread_cond_broadcast(&a->qdone);
}

static void pending_init(pending *p, const sx_audit_entry *e)
{
    memset(p, 0, sizeof *p);
    now_utc(p->rec.created);
    /* The record borrows the caller's strings; the backend only reads them. */
    p->rec.kind = (char *)e->kind;
    p->rec.request = (char *)e->request;
    p->rec.response = (char *)e->response;
    p->rec.engine_version = (char *)sx_version();
    p->rec.data_hash = (char *)e->data_hash;
}

/* Group commit: an fsync costs far more than the rest of an append, so appends that
 * arrive while one transaction is being written wait and go together in the next; the
 * first waiter to find no writer at work writes the group.  Every caller still returns
 * only after its own records are committed. */
static int append_pending(sx_audit *a, pending *ps, size_t n)
{
    pthread_mutex_lock(&a->qlock);
    for (size_t i = 0; i < n; i++) {
        *a->qtail = &ps[i];
        a->qtail = &ps[i].next;
    }
    for (size_t i = 0; i < n; i++) {
        while (!ps[i].done) {
            if (!a->leader && !ps[i].taken)
                write_group(a);
            else
                pthread_cond_wait(&a->qdone, &a->qlock);
        }
    }
    pthread_mutex_unlock(&a->qlock);
    for (size_t i = 0; i < n; i++)
        if (ps[i].rc)
            return sx_error_set(ps[i].rc, "%s", ps[i].msg);
    return 0;
}

int sx_audit_append(int64_t *out, sx_audit *a, const sx_audit_entry *e)
{
    int rc = check_entry(e);
    if (rc)
        return rc;
    pending p;
    pending_init(&p, e);
    rc = append_pending(a, &p, 1);
    if (!rc)
        *out = p.rec.id;
    return rc;
}

int sx_audit_append_many(int64_t *out, sx_audit *a, const sx_audit_entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = check_entry(&entries[i]);
        if (rc)
            return rc;
    }
    if (n == 0)
        return 0;
    pending *ps = calloc(n, sizeof *ps);
    if (!ps)
        return sx_error_oom();
    for (size_t i = 0; i < n; i++)
        pending_init(&ps[i], &entries[i]);
    int rc = append_pending(a, ps, n);
    for (size_t i = 0; !rc && i < n; i++)
        out[i] = ps[i].rec.id;
    free(ps);
    return rc;
}

/* ---- transactions for the workflow layer ---- */

struct sx_tx {
    sx_audit *a;
};

int sx_audit_transact(sx_audit *a, int write, int (*fn)(sx_tx *tx, void *payload),
                      void *payload)
{
    pthread_mutex_lock(&a->lock);
    sx_tx tx = {a};
    int rc = a->ops->begin(a->be, write);
    if (!rc) {
        rc = fn(&tx, payload);
        if (rc) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", sx_errmsg());
            a->ops->end(a->be, 0);
            sx_error_set(rc, "%s", msg); /* the rollback must not replace fn's reason */
        } else {
            rc = a->ops->end(a->be, 1);
        }
    }
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sx_tx_sql(sx_tx *tx, const char *sql, int n, const char *const *params, sx_tx_row_cb cb,
              void *payload)
{
    return tx->a->ops->sql(tx->a->be, sql, n, params, cb, payload);
}

int sx_tx_append(sx_tx *tx, int64_t *id, char created[SX_AUDIT_CREATED_LEN],
                 const sx_audit_entry *e)
{
    int rc = check_entry(e);
    if (rc)
        return rc;
    pending p;
    pending_init(&p, e);
    rc = tx->a->ops->append_in(tx->a->be, &p.rec);
    if (rc)
        return rc;
    if (id)
        *id = p.rec.id;
    if (created)
        memcpy(created, p.rec.created, SX_AUDIT_CREATED_LEN);
    return 0;
}

int sx_tx_get(sx_tx *tx, int64_t id, sx_audit_record **out)
{
    return tx->a->ops->get(tx->a->be, id, out);
}

const char *sx_tx_backend(const sx_tx *tx)
{
    return tx->a->ops->name;
}

/* ---- reading ---- */

int sx_audit_get(sx_audit_record **out, sx_audit *a, int64_t id)
{
    pthread_mutex_lock(&a->lock);
    int rc = a->ops->get(a->be, id, out);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

static int put_json_string(sx_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    int rc = sx_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; !rc && *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = {'\\', (char)*p};
            rc = sx_buf_put(b, esc, 2);
        } else if (*p < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            rc = sx_buf_put(b, esc, 6);
        } else {
            rc = sx_buf_putc(b, (char)*p);
        }
    }
    return rc ? rc : sx_buf_putc(b, '"');
}

/* Copies valid JSON text without the whitespace between tokens, so the stored bytes
 * appear unchanged (no float reformatting) yet fit on one JSONL line. */
static int put_json_compact(sx_buf *b, const char *s)
{
    int in_string = 0, rc = 0;
    for (const char *p = s; !rc && *p; p++) {
        char c = *p;
        if (in_string) {
            rc = sx_buf_putc(b, c);
            if (c == '\\' && p[1])
                rc = rc ? rc : sx_buf_putc(b, *++p);
            else if (c == '"')
                in_string = 0;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        } else {
            in_string = c == '"';
            rc = sx_buf_putc(b, c);
        }
    }
    return rc;
}

static int put_json_value(sx_buf *b, const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
    if (!v)
        return put_json_string(b, text);
    json_decref(v);
    return put_json_compact(b, text);
}

static int put_record_json(sx_buf *b, const sx_audit_record *r)
{
    int rc = sx_buf_printf(b, "{\"id\":%" PRId64 ",\"created\":", r->id);
    rc = rc ? rc : put_json_string(b, r->created);
    rc = rc ? rc : sx_buf_puts(b, ",\"kind\":");
    rc = rc ? rc : put_json_string(b, r->kind);
    rc = rc ? rc : sx_buf_puts(b, ",\"request\":");
    rc = rc ? rc : put_json_value(b, r->request);
    rc = rc ? rc : sx_buf_puts(b, ",\"response\":");
    rc = rc ? rc : put_json_value(b, r->response);
    rc = rc ? rc : sx_buf_puts(b, ",\"engine_version\":");
    rc = rc ? rc : put_json_string(b, r->engine_version);
    rc = rc ? rc : sx_buf_puts(b, ",\"data_hash\":");
    rc = rc ? rc : put_json_value(b, r->data_hash);
    rc = rc ? rc : sx_buf_printf(b, ",\"prev_hash\":\"%s\",\"hash\":\"%s\"}", r->prev_hash,
                                 r->hash);
    return rc;
}

int sx_audit_record_json(char **out, const sx_audit_record *r)
{
    sx_buf b = SX_BUF_INIT;
    int rc = put_record_json(&b, r);
    if (rc) {
        sx_buf_free(&b);
        return rc;
    }
    *out = sx_buf_detach(&b);
    return *out ? 0 : sx_error_oom();
}

int sx_audit_get_json(char **out, sx_audit *a, int64_t id)
{
    sx_audit_record *r = NULL;
    int rc = sx_audit_get(&r, a, id);
    if (!rc)
        rc = sx_audit_record_json(out, r);
    sx_audit_record_free(r);
    return rc;
}

/* Walks records (after, upto] page by page, taking the lock per page only. */
static int walk(sx_audit *a, int64_t upto, sx_audit_scan_cb cb, void *payload)
{
    int64_t after = 0;
    for (;;) {
        int64_t last = after;
        pthread_mutex_lock(&a->lock);
        int rc = a->ops->scan(a->be, after, upto, SX_AUDIT_SCAN_PAGE, cb, payload, &last);
        pthread_mutex_unlock(&a->lock);
        if (rc)
            return rc;
        if (last == after)
            return 0;
        after = last;
    }
}

/* ---- verification ---- */

typedef struct verify_state {
    sx_audit_report *rep;
    int64_t expect;                /* id the next record must have */
    char prev[SX_AUDIT_HASH_FIELD]; /* hash the next record's prev_hash must equal */
} verify_state;

static int flag(sx_audit_report *rep, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int flag(sx_audit_report *rep, int64_t id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->problem, sizeof rep->problem, fmt, ap);
    va_end(ap);
    rep->first_bad_id = id;
    return sx_error_set(SX_EINTEGRITY, "audit record %" PRId64 ": %s", id, rep->problem);
}

static int verify_one(const sx_audit_record *r, void *payload)
{
    verify_state *st = payload;
    st->rep->records++;
    if (r->id != st->expect)
        return flag(st->rep, st->expect,
                    "record is missing (the next stored record is %" PRId64 ")", r->id);
    char h[SX_AUDIT_HASH_HEX];
    int rc = sx_audit_record_hash(h, r);
    if (rc)
        return rc;
    if (strcmp(h, r->hash) != 0)
        return flag(st->rep, r->id, "contents do not match the stored hash (record edited)");
    if (strcmp(r->prev_hash, st->prev) != 0)
        return flag(st->rep, r->id,
                    "prev_hash does not match the hash of record %" PRId64
                    " (a record before it was edited, inserted, removed or moved)",
                    r->id - 1);
    memcpy(st->prev, r->hash, sizeof st->prev);
    st->expect++;
    return 0;
}

static int verify_tail(verify_state *st, int64_t beyond)
{
    sx_audit_report *rep = st->rep;
    if (st->expect - 1 != rep->last_id)
        return flag(rep, st->expect,
                    "record is missing: the head names record %" PRId64
                    " as last (records removed from the end)",
                    rep->last_id);
    if (strcmp(st->prev, rep->head_hash) != 0)
        return flag(rep, rep->last_id, "hash differs from the one the head recorded");
    if (beyond)
        return flag(rep, beyond, "record lies beyond the head (inserted outside the store)");
    return 0;
}

int sx_audit_verify(sx_audit_report *out, sx_audit *a)
{
    memset(out, 0, sizeof *out);
    int64_t beyond = 0;
    pthread_mutex_lock(&a->lock);
    int rc = a->ops->head(a->be, &out->last_id, out->head_hash);
    pthread_mutex_unlock(&a->lock);
    if (rc)
        return rc;
    verify_state st = {out, 1, {0}};
    snprintf(st.prev, sizeof st.prev, "%s", SX_AUDIT_GENESIS);
    rc = walk(a, out->last_id, verify_one, &st);
    if (rc)
        return rc;
    /* A record past the head cannot come from an append (record and head commit
     * together), so it was planted. */
    pthread_mutex_lock(&a->lock);
    rc = a->ops->beyond(a->be, &beyond);
    pthread_mutex_unlock(&a->lock);
    if (rc)
        return rc;
    return verify_tail(&st, beyond);
}

int sx_audit_report_json(char **out, const sx_audit_report *r)
{
    sx_buf b = SX_BUF_INIT;
    int ok = r->first_bad_id == 0;
    int rc = sx_buf_printf(&b, "{\"ok\":%s,\"records\":%" PRId64 ",\"last_id\":%" PRId64
                               ",\"head_hash\":\"%s\",\"first_bad_id\":",
                           ok ? "true" : "false", r->records, r->last_id, r->head_hash);
    if (!rc && ok)
        rc = sx_buf_puts(&b, "null,\"problem\":null}");
    else if (!rc) {
        rc = sx_buf_printf(&b, "%" PRId64 ",\"problem\":", r->first_bad_id);
        rc = rc ? rc : put_json_string(&b, r->problem);
        rc = rc ? rc : sx_buf_putc(&b, '}');
    }
    if (rc) {
        sx_buf_free(&b);
        return rc;
    }
    *out = sx_buf_detach(&b);
    return *out ? 0 : sx_error_oom();
}

/* ---- export ---- */

typedef struct export_state {
    const sx_audit_export_opts *opts;
    sx_audit_write_cb cb;
    void *payload;
    sx_buf line;
} export_state;

static int put_csv_record(sx_buf *b, const sx_audit_record *r)
{
    char id[32];
    snprintf(id, sizeof id, "%" PRId64, r->id);
    const char *fields[] = {id,        r->created,   r->kind,    r->engine_version, r->data_hash,
                            r->prev_hash, r->hash, r->request, r->response};
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof fields / sizeof fields[0]; i++) {
        if (i)
            rc = sx_buf_putc(b, ',');
        rc = rc ? rc : sx_csv_put_field(b, fields[i]);
    }
    return rc ? rc : sx_buf_puts(b, "\r\n");
}

static int in_range(const sx_audit_record *r, const sx_audit_export_opts *o)
{
    /* created starts with the UTC day, so a day comparison is a prefix comparison. */
    if (o->from && strncmp(r->created, o->from, 10) < 0)
        return 0;
    if (o->to && strncmp(r->created, o->to, 10) >= 0)
        return 0;
    return 1;
}

static int export_one(const sx_audit_record *r, void *payload)
{
    export_state *st = payload;
    if (!in_range(r, st->opts))
        return 0;
    sx_buf_clear(&st->line);
    int rc = st->opts->format == SX_AUDIT_CSV ? put_csv_record(&st->line, r)
                                              : put_record_json(&st->line, r);
    if (!rc && st->opts->format != SX_AUDIT_CSV)
        rc = sx_buf_putc(&st->line, '\n');
    return rc ? rc : st->cb(st->line.ptr, st->line.len, st->payload);
}

static int check_day(const char *day)
{
    sx_date d;
    return day ? sx_date_parse(&d, day) : 0;
}

int sx_audit_export(sx_audit *a, const sx_audit_export_opts *opts, sx_audit_write_cb cb,
                    void *payload)
{
    sx_audit_export_opts defaults = SX_AUDIT_EXPORT_OPTS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version > SX_AUDIT_EXPORT_OPTS_VERSION)
        return sx_error_set(SX_EUNSUPPORTED, "export: options version %u is newer than this "
                                             "library (%d)", opts->version,
                            SX_AUDIT_EXPORT_OPTS_VERSION);
    int rc = check_day(opts->from);
    rc = rc ? rc : check_day(opts->to);
    if (rc)
        return rc;
    export_state st = {opts, cb, payload, SX_BUF_INIT};
    if (opts->format == SX_AUDIT_CSV) {
        static const char header[] =
            "id,created,kind,engine_version,data_hash,prev_hash,hash,request,response\r\n";
        rc = cb(header, sizeof header - 1, payload);
    }
    rc = rc ? rc : walk(a, INT64_MAX, export_one, &st);
    sx_buf_free(&st.line);
    return rc;
}
