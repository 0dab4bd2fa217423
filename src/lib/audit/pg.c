/* The audit store on PostgreSQL, for several stratex servers sharing one trail: the head
 * row is locked FOR UPDATE in every append, so concurrent writers from any number of
 * processes extend one unbroken chain.  Triggers refuse UPDATE, DELETE and TRUNCATE. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/audit/backend.h"
#include "util/error.h"

typedef struct pg_be {
    PGconn *conn;
} pg_be;

/* An advisory lock key, so two servers starting together do not race to create the
 * schema ("stratex" in ASCII). */
#define SX_AUDIT_PG_SCHEMA_LOCK "8319400174550349824" /* 0x7374726174657800 */

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS audit_record("
    " id BIGINT PRIMARY KEY, created TEXT NOT NULL, kind TEXT NOT NULL,"
    " request TEXT NOT NULL, response TEXT NOT NULL, engine_version TEXT NOT NULL,"
    " data_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS audit_head("
    " one INTEGER PRIMARY KEY CHECK (one = 1), last_id BIGINT NOT NULL,"
    " last_hash TEXT NOT NULL);"
    "INSERT INTO audit_head VALUES (1, 0,"
    " '" SX_AUDIT_GENESIS "')"
    " ON CONFLICT DO NOTHING;"
    "CREATE OR REPLACE FUNCTION stratex_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS"
    " $$BEGIN RAISE EXCEPTION 'audit records are append-only'; END$$;"
    "CREATE OR REPLACE FUNCTION stratex_audit_chain() RETURNS trigger LANGUAGE plpgsql AS"
    " $$DECLARE h RECORD; BEGIN"
    "  SELECT last_id, last_hash INTO h FROM audit_head WHERE one = 1;"
    "  IF NEW.id IS DISTINCT FROM h.last_id + 1 OR NEW.prev_hash IS DISTINCT FROM h.last_hash"
    "  THEN RAISE EXCEPTION 'audit record does not extend the chain'; END IF;"
    "  RETURN NEW; END$$;"
    "CREATE OR REPLACE FUNCTION stratex_audit_head_forward() RETURNS trigger"
    " LANGUAGE plpgsql AS $$BEGIN"
    "  IF NEW.one <> 1 OR NEW.last_id IS DISTINCT FROM OLD.last_id + 1"
    "   OR NEW.last_hash IS DISTINCT FROM"
    "      (SELECT hash FROM audit_record WHERE id = NEW.last_id)"
    "  THEN RAISE EXCEPTION 'audit head only moves to the newest record'; END IF;"
    "  RETURN NEW; END$$;"
    "CREATE OR REPLACE TRIGGER audit_record_no_change BEFORE UPDATE OR DELETE ON audit_record"
    " FOR EACH ROW EXECUTE FUNCTION stratex_audit_refuse();"
    "CREATE OR REPLACE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record"
    " FOR EACH STATEMENT EXECUTE FUNCTION stratex_audit_refuse();"
    "CREATE OR REPLACE TRIGGER audit_record_chain BEFORE INSERT ON audit_record"
    " FOR EACH ROW EXECUTE FUNCTION stratex_audit_chain();"
    "CREATE OR REPLACE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head"
    " FOR EACH ROW EXECUTE FUNCTION stratex_audit_head_forward();"
    "CREATE OR REPLACE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
    " FOR EACH ROW EXECUTE FUNCTION stratex_audit_refuse();"
    "CREATE OR REPLACE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head"
    " FOR EACH STATEMENT EXECUTE FUNCTION stratex_audit_refuse();";

static void quiet(void *arg, const char *message)
{
    /* The library never prints: NOTICEs such as "relation already exists" are dropped. */
    (void)arg;
    (void)message;
}

static int pg_fail(pg_be *p, PGresult *res, const char *what)
{
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn);
    char line[300];
    snprintf(line, sizeof line, "%s", msg && *msg ? msg : "error");
    line[strcspn(line, "\n")] = '\0';
    PQclear(res);
    /* A dropped connection is re-established for the next call; this one still fails. */
    if (PQstatus(p->conn) == CONNECTION_BAD)
        PQreset(p->conn);
    return sx_error_set(SX_EDB, "audit store (postgresql): %s: %s", what, line);
}

/* Runs a statement that returns no rows. */
static int pg_command(pg_be *p, const char *sql, int nparams, const char *const *params)
{
    PGresult *res = PQexecParams(p->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return pg_fail(p, res, sql);
    PQclear(res);
    return 0;
}

static int pg_query(pg_be *p, PGresult **out, const char *sql, int nparams,
                    const char *const *params)
{
    PGresult *res = PQexecParams(p->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return pg_fail(p, res, "query");
    *out = res;
    return 0;
}

static int row_record(PGresult *res, int row, sx_audit_record **out)
{
    const char *cols[9];
    for (int i = 0; i < 9; i++)
        cols[i] = PQgetvalue(res, row, i);
    return sx_audit_record_fill(out, cols);
}

static int parse_id(int64_t *out, const char *text)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (!end || *end)
        return sx_error_set(SX_EDB, "audit store (postgresql): bad id \"%s\"", text);
    *out = v;
    return 0;
}

static int read_head(pg_be *p, const char *sql, int64_t *last_id, char hash[SX_AUDIT_HASH_FIELD])
{
    PGresult *res = NULL;
    int rc = pg_query(p, &res, sql, 0, NULL);
    if (rc)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return sx_error_set(SX_EDB, "audit store (postgresql): the head row is missing");
    }
    rc = parse_id(last_id, PQgetvalue(res, 0, 0));
    snprintf(hash, SX_AUDIT_HASH_FIELD, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    return rc;
}

static int insert_record(pg_be *p, const sx_audit_record *r)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    const char *values[] = {id,          r->created,        r->kind,      r->request,
                            r->response, r->engine_version, r->data_hash, r->prev_hash,
                            r->hash};
    int rc = pg_command(p,
                        "INSERT INTO audit_record(" SX_AUDIT_COLUMNS
                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        9, values);
    const char *head[] = {id, r->hash};
    return rc ? rc
              : pg_command(p, "UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE one = 1",
                           2, head);
}

static int commit(pg_be *p)
{
    PGresult *res = PQexec(p->conn, "COMMIT");
    /* A failed transaction answers COMMIT with the tag ROLLBACK and status OK. */
    if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(res), "COMMIT") != 0)
        return pg_fail(p, res, "commit");
    PQclear(res);
    return 0;
}

static int pg_append(void *be, sx_audit_record *const *recs, size_t n)
{
    pg_be *p = be;
    int rc = pg_command(p, "BEGIN", 0, NULL);
    if (rc)
        return rc;
    int64_t head_id = 0;
    char head_hash[SX_AUDIT_HASH_FIELD];
    /* FOR UPDATE makes every other writer wait here until these records are committed. */
    rc = read_head(p, "SELECT last_id, last_hash FROM audit_head WHERE one = 1 FOR UPDATE",
                   &head_id, head_hash);
    rc = rc ? rc : sx_audit_chain(recs, n, head_id, head_hash);
    for (size_t i = 0; !rc && i < n; i++)
        rc = insert_record(p, recs[i]);
    rc = rc ? rc : commit(p);
    if (rc)
        PQclear(PQexec(p->conn, "ROLLBACK"));
    return rc;
}

/* ---- the workflow layer's transactions (tx.h) ---- */

static int pg_begin(void *be, int write)
{
    pg_be *p = be;
    int rc = pg_command(p, "BEGIN", 0, NULL);
    if (rc || !write)
        return rc;
    /* The chain's write lock, as in pg_append: workflow writers and appenders of every
     * process go one at a time, so a case's state read here cannot change before commit. */
    PGresult *res = NULL;
    rc = pg_query(p, &res, "SELECT last_id FROM audit_head WHERE one = 1 FOR UPDATE", 0, NULL);
    PQclear(res);
    if (rc)
        PQclear(PQexec(p->conn, "ROLLBACK"));
    return rc;
}

static int pg_end(void *be, int do_commit)
{
    pg_be *p = be;
    if (do_commit) {
        int rc = commit(p);
        if (rc)
            PQclear(PQexec(p->conn, "ROLLBACK"));
        return rc;
    }
    PQclear(PQexec(p->conn, "ROLLBACK"));
    return 0;
}

static int pg_sql(void *be, const char *sql, int n, const char *const *params, sx_tx_row_cb cb,
                  void *payload)
{
    pg_be *p = be;
    PGresult *res = PQexecParams(p->conn, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return pg_fail(p, res, "statement");
    int rc = 0, rows = PQntuples(res), nc = PQnfields(res);
    if (nc > 32)
        nc = 32;
    const char *cols[32];
    for (int r = 0; !rc && cb && r < rows; r++) {
        for (int i = 0; i < nc; i++)
            cols[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
        rc = cb(nc, cols, payload);
    }
    PQclear(res);
    return rc;
}

static int pg_append_in(void *be, sx_audit_record *rec)
{
    pg_be *p = be;
    int64_t head_id = 0;
    char head_hash[SX_AUDIT_HASH_FIELD];
    int rc = read_head(p, "SELECT last_id, last_hash FROM audit_head WHERE one = 1", &head_id,
                       head_hash);
    rc = rc ? rc : sx_audit_chain(&rec, 1, head_id, head_hash);
    return rc ? rc : insert_record(p, rec);
}

static int pg_get(void *be, int64_t id, sx_audit_record **out)
{
    pg_be *p = be;
    char text[32];
    snprintf(text, sizeof text, "%lld", (long long)id);
    const char *params[] = {text};
    PGresult *res = NULL;
    int rc = pg_query(p, &res,
                      "SELECT " SX_AUDIT_COLUMNS " FROM audit_record WHERE id = $1", 1, params);
    if (rc)
        return rc;
    if (PQntuples(res) == 0)
        rc = sx_error_set(SX_ENOTFOUND, "audit record %lld not found", (long long)id);
    else
        rc = row_record(res, 0, out);
    PQclear(res);
    return rc;
}

static int pg_scan(void *be, int64_t after, int64_t upto, int limit, sx_audit_scan_cb cb,
                   void *payload, int64_t *last)
{
    pg_be *p = be;
    char a[32], u[32], l[16];
    snprintf(a, sizeof a, "%lld", (long long)after);
    snprintf(u, sizeof u, "%lld", (long long)upto);
    snprintf(l, sizeof l, "%d", limit);
    const char *params[] = {a, u, l};
    PGresult *res = NULL;
    int rc = pg_query(p, &res,
                      "SELECT " SX_AUDIT_COLUMNS " FROM audit_record"
                      " WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3",
                      3, params);
    for (int i = 0; !rc && i < PQntuples(res); i++) {
        rc = parse_id(last, PQgetvalue(res, i, 0));
        if (rc || !cb)
            continue;
        sx_audit_record *r = NULL;
        rc = row_record(res, i, &r);
        rc = rc ? rc : cb(r, payload);
        sx_audit_record_free(r);
    }
    PQclear(res);
    return rc;
}

static int pg_head(void *be, int64_t *last_id, char hash[SX_AUDIT_HASH_FIELD])
{
    return read_head(be, "SELECT last_id, last_hash FROM audit_head WHERE one = 1", last_id,
                     hash);
}

static int pg_beyond(void *be, int64_t *first)
{
    pg_be *p = be;
    PGresult *res = NULL;
    int rc = pg_query(p, &res,
                      "SELECT coalesce(min(id), 0) FROM audit_record"
                      " WHERE id > (SELECT last_id FROM audit_head WHERE one = 1)",
                      0, NULL);
    if (rc)
        return rc;
    rc = parse_id(first, PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

static void pg_close(void *be)
{
    pg_be *p = be;
    if (!p)
        return;
    PQfinish(p->conn);
    free(p);
}

static const sx_audit_ops pg_ops = {
    "postgresql", pg_append, pg_get,       pg_scan,  pg_head, pg_beyond,
    pg_begin,     pg_sql,    pg_end,       pg_append_in, pg_close,
};

static int create_schema(pg_be *p)
{
    int rc = pg_command(p, "BEGIN", 0, NULL);
    PGresult *locked = NULL;
    rc = rc ? rc
            : pg_query(p, &locked, "SELECT pg_advisory_xact_lock(" SX_AUDIT_PG_SCHEMA_LOCK ")",
                       0, NULL);
    PQclear(locked);
    if (!rc) {
        /* Several statements: only the simple protocol (no parameters) accepts them. */
        PGresult *res = PQexec(p->conn, schema);
        rc = PQresultStatus(res) == PGRES_COMMAND_OK ? (PQclear(res), 0)
                                                     : pg_fail(p, res, "create schema");
        if (!rc) {
            res = PQexec(p->conn, SX_WORKFLOW_SCHEMA);
            rc = PQresultStatus(res) == PGRES_COMMAND_OK
                     ? (PQclear(res), 0)
                     : pg_fail(p, res, "create workflow tables");
        }
    }
    rc = rc ? rc : commit(p);
    if (rc)
        PQclear(PQexec(p->conn, "ROLLBACK"));
    return rc;
}

static int schema_present(pg_be *p)
{
    PGresult *res = NULL;
    int rc = pg_query(p, &res, "SELECT to_regclass('audit_head') IS NOT NULL", 0, NULL);
    if (rc)
        return rc;
    int present = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return present ? 0 : sx_error_set(SX_ENOTFOUND, "audit store: no audit tables in database");
}

static int configure(pg_be *p, unsigned flags)
{
    PQsetNoticeProcessor(p->conn, quiet, NULL);
    /* The server's default could be off; the durability promise needs it on. */
    int rc = pg_command(p, "SET synchronous_commit = on", 0, NULL);
    if (rc)
        return rc;
    return (flags & SX_AUDIT_NOCREATE) ? schema_present(p) : create_schema(p);
}

int sx_audit_pg_open(void **out, const sx_audit_ops **ops, const char *url, unsigned flags)
{
    pg_be *p = calloc(1, sizeof *p);
    if (!p)
        return sx_error_oom();
    p->conn = PQconnectdb(url);
    int rc;
    if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
        char line[300];
        snprintf(line, sizeof line, "%s", p->conn ? PQerrorMessage(p->conn) : "out of memory");
        line[strcspn(line, "\n")] = '\0';
        rc = sx_error_set(SX_EDB, "audit store (postgresql): cannot connect: %s", line);
    } else {
        rc = configure(p, flags);
    }
    if (rc) {
        pg_close(p);
        return rc;
    }
    *out = p;
    *ops = &pg_ops;
    return 0;
}
