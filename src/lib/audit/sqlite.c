/* The audit store on SQLite: one file, WAL with synchronous=FULL so a committed append
 * survives a crash or power loss, and triggers that refuse UPDATE and DELETE. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/audit/backend.h"
#include "util/error.h"

/* How long a writer waits for another process's transaction before giving up. */
#define SX_AUDIT_SQLITE_BUSY_MS 10000

typedef struct sqlite_be {
    sqlite3 *db;
    sqlite3_stmt *head, *insert, *advance, *get, *scan, *beyond;
} sqlite_be;

/* Record and head commit together, and triggers enforce the chain's shape for anyone
 * writing with the sqlite3 tool: ids run on from the head, prev_hash is the head's hash,
 * the head only moves forward onto the newest record, nothing is updated or deleted. */
static const char schema[] =
    "CREATE TABLE IF NOT EXISTS audit_record("
    " id INTEGER PRIMARY KEY, created TEXT NOT NULL, kind TEXT NOT NULL,"
    " request TEXT NOT NULL, response TEXT NOT NULL, engine_version TEXT NOT NULL,"
    " data_hash TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS audit_head("
    " one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
    " last_hash TEXT NOT NULL);"
    "INSERT OR IGNORE INTO audit_head VALUES (1, 0,"
    " '" SX_AUDIT_GENESIS "');"
    "CREATE TRIGGER IF NOT EXISTS audit_record_no_update BEFORE UPDATE ON audit_record"
    " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_record_no_delete BEFORE DELETE ON audit_record"
    " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_record_chain BEFORE INSERT ON audit_record"
    " WHEN NEW.id IS NOT (SELECT last_id + 1 FROM audit_head)"
    "   OR NEW.prev_hash IS NOT (SELECT last_hash FROM audit_head)"
    " BEGIN SELECT RAISE(ABORT, 'audit record does not extend the chain'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON audit_head"
    " WHEN NEW.one IS NOT 1 OR NEW.last_id IS NOT OLD.last_id + 1"
    "   OR NEW.last_hash IS NOT (SELECT hash FROM audit_record WHERE id = NEW.last_id)"
    " BEGIN SELECT RAISE(ABORT, 'audit head only moves to the newest record'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head"
    " BEGIN SELECT RAISE(ABORT, 'audit head cannot be deleted'); END;";

static int db_error(sqlite_be *s, const char *what)
{
    return sx_error_set(SX_EDB, "audit store (sqlite): %s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(sqlite_be *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    int rc = sx_error_set(SX_EDB, "audit store (sqlite): %s", msg ? msg : "error");
    sqlite3_free(msg);
    return rc;
}

static int prepare(sqlite_be *s, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return db_error(s, "prepare");
    return 0;
}

static int prepare_all(sqlite_be *s)
{
    int rc = prepare(s, &s->head, "SELECT last_id, last_hash FROM audit_head WHERE one = 1");
    rc = rc ? rc
            : prepare(s, &s->insert,
                      "INSERT INTO audit_record(" SX_AUDIT_COLUMNS
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    rc = rc ? rc
            : prepare(s, &s->advance,
                      "UPDATE audit_head SET last_id = ?1, last_hash = ?2 WHERE one = 1");
    rc = rc ? rc
            : prepare(s, &s->get, "SELECT " SX_AUDIT_COLUMNS " FROM audit_record WHERE id = ?1");
    rc = rc ? rc
            : prepare(s, &s->scan,
                      "SELECT " SX_AUDIT_COLUMNS " FROM audit_record"
                      " WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3");
    rc = rc ? rc
            : prepare(s, &s->beyond,
                      "SELECT min(id) FROM audit_record"
                      " WHERE id > (SELECT last_id FROM audit_head WHERE one = 1)");
    return rc;
}

static int row_record(sqlite3_stmt *st, sx_audit_record **out)
{
    const char *cols[9];
    for (int i = 0; i < 9; i++)
        cols[i] = (const char *)sqlite3_column_text(st, i);
    return sx_audit_record_fill(out, cols);
}

static int read_head(sqlite_be *s, int64_t *last_id, char hash[SX_AUDIT_HASH_FIELD])
{
    int rc = 0;
    if (sqlite3_step(s->head) == SQLITE_ROW) {
        *last_id = sqlite3_column_int64(s->head, 0);
        const char *h = (const char *)sqlite3_column_text(s->head, 1);
        snprintf(hash, SX_AUDIT_HASH_FIELD, "%s", h ? h : "");
    } else {
        rc = sx_error_set(SX_EDB, "audit store (sqlite): the head row is missing");
    }
    sqlite3_reset(s->head);
    return rc;
}

static int insert_record(sqlite_be *s, const sx_audit_record *r)
{
    sqlite3_stmt *st = s->insert;
    sqlite3_bind_int64(st, 1, r->id);
    const char *text[] = {r->created,   r->kind,      r->request,   r->response,
                          r->engine_version, r->data_hash, r->prev_hash, r->hash};
    for (int i = 0; i < 8; i++)
        sqlite3_bind_text(st, i + 2, text[i], -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, "insert");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc)
        return rc;
    sqlite3_bind_int64(s->advance, 1, r->id);
    sqlite3_bind_text(s->advance, 2, r->hash, -1, SQLITE_STATIC);
    rc = sqlite3_step(s->advance) == SQLITE_DONE ? 0 : db_error(s, "advance head");
    sqlite3_reset(s->advance);
    sqlite3_clear_bindings(s->advance);
    return rc;
}

static int sqlite_append(void *be, sx_audit_record *const *recs, size_t n)
{
    sqlite_be *s = be;
    /* IMMEDIATE takes the write lock before reading the head, so two processes on the
     * same file cannot both extend the chain from the same record. */
    int rc = exec(s, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    int64_t head_id = 0;
    char head_hash[SX_AUDIT_HASH_FIELD];
    rc = read_head(s, &head_id, head_hash);
    rc = rc ? rc : sx_audit_chain(recs, n, head_id, head_hash);
    for (size_t i = 0; !rc && i < n; i++)
        rc = insert_record(s, recs[i]);
    rc = rc ? rc : exec(s, "COMMIT");
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- the workflow layer's transactions (tx.h) ---- */

static int sqlite_begin(void *be, int write)
{
    return exec(be, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int sqlite_end(void *be, int commit)
{
    sqlite_be *s = be;
    int rc = commit ? exec(s, "COMMIT") : 0;
    /* A COMMIT that fails (SQLITE_BUSY, a full disk) can leave the transaction open: the
     * next BEGIN on this connection would fail.  Roll it back. */
    if (!commit || (rc && !sqlite3_get_autocommit(s->db)))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int sqlite_sql(void *be, const char *sql, int n, const char *const *params,
                      sx_tx_row_cb cb, void *payload)
{
    sqlite_be *s = be;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, "prepare");
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC); /* NULL binds NULL */
    int rc = 0, step;
    const char *cols[32];
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int nc = sqlite3_column_count(st);
        if (nc > 32)
            nc = 32;
        for (int i = 0; i < nc; i++)
            cols[i] = (const char *)sqlite3_column_text(st, i);
        rc = cb ? cb(nc, cols, payload) : 0;
    }
    if (!rc && step != SQLITE_DONE)
        rc = db_error(s, "statement");
    sqlite3_finalize(st);
    return rc;
}

static int sqlite_append_in(void *be, sx_audit_record *rec)
{
    sqlite_be *s = be;
    int64_t head_id = 0;
    char head_hash[SX_AUDIT_HASH_FIELD];
    int rc = read_head(s, &head_id, head_hash);
    rc = rc ? rc : sx_audit_chain(&rec, 1, head_id, head_hash);
    return rc ? rc : insert_record(s, rec);
}

static int sqlite_get(void *be, int64_t id, sx_audit_record **out)
{
    sqlite_be *s = be;
    sqlite3_bind_int64(s->get, 1, id);
    int step = sqlite3_step(s->get), rc;
    if (step == SQLITE_ROW)
        rc = row_record(s->get, out);
    else if (step == SQLITE_DONE)
        rc = sx_error_set(SX_ENOTFOUND, "audit record %lld not found", (long long)id);
    else
        rc = db_error(s, "read record");
    sqlite3_reset(s->get);
    return rc;
}

static int sqlite_scan(void *be, int64_t after, int64_t upto, int limit, sx_audit_scan_cb cb,
                       void *payload, int64_t *last)
{
    sqlite_be *s = be;
    sqlite3_stmt *st = s->scan;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, upto);
    sqlite3_bind_int(st, 3, limit);
    int rc = 0, step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        *last = sqlite3_column_int64(st, 0);
        if (!cb)
            continue;
        sx_audit_record *r = NULL;
        rc = row_record(st, &r);
        rc = rc ? rc : cb(r, payload);
        sx_audit_record_free(r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = db_error(s, "scan records");
    sqlite3_reset(st);
    return rc;
}

static int sqlite_head(void *be, int64_t *last_id, char hash[SX_AUDIT_HASH_FIELD])
{
    return read_head(be, last_id, hash);
}

static int sqlite_beyond(void *be, int64_t *first)
{
    sqlite_be *s = be;
    int rc = 0;
    if (sqlite3_step(s->beyond) == SQLITE_ROW)
        *first = sqlite3_column_int64(s->beyond, 0); /* NULL reads as 0 */
    else
        rc = db_error(s, "read beyond head");
    sqlite3_reset(s->beyond);
    return rc;
}

static void sqlite_close(void *be)
{
    sqlite_be *s = be;
    if (!s)
        return;
    sqlite3_stmt *all[] = {s->head, s->insert, s->advance, s->get, s->scan, s->beyond};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    sqlite3_close(s->db);
    free(s);
}

static const sx_audit_ops sqlite_ops = {
    "sqlite",    sqlite_append, sqlite_get, sqlite_scan,     sqlite_head,
    sqlite_beyond, sqlite_begin, sqlite_sql, sqlite_end,      sqlite_append_in,
    sqlite_close,
};

static int configure(sqlite_be *s)
{
    sqlite3_busy_timeout(s->db, SX_AUDIT_SQLITE_BUSY_MS);
    /* FULL in WAL mode syncs the log on every commit: the durability the API promises. */
    int rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    rc = rc ? rc : exec(s, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    rc = exec(s, schema);
    rc = rc ? rc : exec(s, SX_WORKFLOW_SCHEMA);
    rc = rc ? rc : exec(s, "COMMIT");
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc ? rc : prepare_all(s);
}

int sx_audit_sqlite_open(void **out, const sx_audit_ops **ops, const char *path, unsigned flags)
{
    if ((flags & SX_AUDIT_NOCREATE) && access(path, F_OK) != 0)
        return sx_error_set(SX_ENOTFOUND, "audit store %s does not exist", path);
    sqlite_be *s = calloc(1, sizeof *s);
    if (!s)
        return sx_error_oom();
    /* NOMUTEX: the sx_audit handle serialises all use of this connection itself. */
    int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = 0;
    if (sqlite3_open_v2(path, &s->db, open_flags, NULL) != SQLITE_OK) {
        rc = sx_error_set(SX_EDB, "audit store %s: %s", path,
                          s->db ? sqlite3_errmsg(s->db) : "cannot open");
    } else {
        rc = configure(s);
    }
    if (rc) {
        sqlite_close(s);
        return rc;
    }
    *out = s;
    *ops = &sqlite_ops;
    return 0;
}
