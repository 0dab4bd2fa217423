/* Unit tests for the audit trail: appends, the hash chain, verification against every kind
 * of tampering (done with the database's own client library, as an intruder would), export,
 * concurrent writers.  Each test runs on SQLite and, when the suite started a throwaway
 * server (STRATEX_PG_URL, see tests/pg.sh), on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stratex/audit.h"
#include "stratex/errors.h"
#include "stratex/version.h"

typedef struct fixture {
    int pg;            /* 1: PostgreSQL at STRATEX_PG_URL, 0: SQLite in dir */
    char dir[256];
    char target[512];
} fixture;

/* ---- set-up: a fresh store per test ---- */

static int pg_exec(const char *url, const char *sql)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return -1;
    }
    PGresult *res = PQexec(c, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        print_error("postgresql: %s", PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(c);
    return ok ? 0 : -1;
}

static int setup_sqlite(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sx-audit-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->target, sizeof f->target, "%s/audit.db", f->dir);
    *state = f;
    return 0;
}

static int setup_pg(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->pg = 1;
    const char *url = getenv("STRATEX_PG_URL");
    if (url && *url) {
        snprintf(f->target, sizeof f->target, "%s", url);
        pg_exec(url, "SET client_min_messages = warning;"
                     "DROP TABLE IF EXISTS audit_record, audit_head CASCADE");
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f->pg) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
            return -1;
    }
    free(f);
    return 0;
}

static void need_store(const fixture *f)
{
    if (f->pg && !f->target[0]) {
        /* on CI the server is part of the machine: its absence is a failure */
        const char *ci = getenv("STRATEX_CI");
        if (ci && strcmp(ci, "1") == 0)
            fail_msg("STRATEX_CI=1 but STRATEX_PG_URL is unset: no PostgreSQL server");
        print_message("skipped: STRATEX_PG_URL unset (no PostgreSQL server started by "
                      "tests/pg.sh)\n");
        skip();
    }
}

/* Runs SQL against the store behind the library's back, triggers out of the way. */
static void tamper(const fixture *f, const char *sql)
{
    if (f->pg) {
        char all[2048];
        snprintf(all, sizeof all,
                 "BEGIN; ALTER TABLE audit_record DISABLE TRIGGER USER;"
                 " ALTER TABLE audit_head DISABLE TRIGGER USER; %s;"
                 " ALTER TABLE audit_record ENABLE TRIGGER USER;"
                 " ALTER TABLE audit_head ENABLE TRIGGER USER; COMMIT",
                 sql);
        assert_int_equal(pg_exec(f->target, all), 0);
        return;
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->target, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db,
                          "DROP TRIGGER audit_record_no_update; DROP TRIGGER audit_record_no_delete;"
                          "DROP TRIGGER audit_record_chain; DROP TRIGGER audit_head_forward;",
                          NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        print_error("sqlite: %s\n", msg ? msg : "?");
    sqlite3_free(msg);
    sqlite3_close(db);
    assert_int_equal(rc, SQLITE_OK);
}

/* Runs SQL with the triggers in place; returns 0 when the database accepted it. */
static int try_sql(const fixture *f, const char *sql)
{
    if (f->pg) {
        PGconn *c = PQconnectdb(f->target);
        PGresult *res = PQexec(c, sql);
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
        PQfinish(c);
        return ok ? 0 : -1;
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->target, &db), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static sx_audit *open_store(const fixture *f)
{
    sx_audit *a = NULL;
    int rc = sx_audit_open(&a, f->target);
    if (rc)
        print_error("open: %s\n", sx_errmsg());
    assert_int_equal(rc, 0);
    return a;
}

static int64_t append(sx_audit *a, const char *kind, const char *request, const char *response)
{
    sx_audit_entry e = {kind, request, response, "{\"regimes\":\"abc\",\"lists\":\"def\"}"};
    int64_t id = 0;
    int rc = sx_audit_append(&id, a, &e);
    if (rc)
        print_error("append: %s\n", sx_errmsg());
    assert_int_equal(rc, 0);
    return id;
}

/* A store with three records. */
static sx_audit *three(const fixture *f)
{
    sx_audit *a = open_store(f);
    assert_int_equal(append(a, "check", "{\"from\":\"JP\",\"to\":\"KR\"}", "{\"decision\":\"a\"}"),
                     1);
    assert_int_equal(append(a, "screen", "{\"name\":\"삼성\"}", "{\"results\":[]}"), 2);
    assert_int_equal(append(a, "check", "{\"from\":\"KR\"}", "{\"decision\":\"c\"}"), 3);
    return a;
}

static void expect_bad(sx_audit *a, int64_t id, const char *why)
{
    sx_audit_report rep;
    int rc = sx_audit_verify(&rep, a);
    if (rc != SX_EINTEGRITY)
        print_error("verify returned %d (%s), problem \"%s\"\n", rc, sx_errmsg(), rep.problem);
    assert_int_equal(rc, SX_EINTEGRITY);
    assert_int_equal(rep.first_bad_id, id);
    if (!strstr(rep.problem, why))
        print_error("problem \"%s\" lacks \"%s\"\n", rep.problem, why);
    assert_non_null(strstr(rep.problem, why));
}

/* ---- tests ---- */

static void test_append_and_read(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    sx_audit_record *r = NULL;
    assert_int_equal(sx_audit_get(&r, a, 2), 0);
    assert_int_equal(r->id, 2);
    assert_string_equal(r->kind, "screen");
    assert_string_equal(r->request, "{\"name\":\"삼성\"}");
    assert_string_equal(r->engine_version, sx_version());
    assert_int_equal(strlen(r->created), 27);
    char h[SX_AUDIT_HASH_HEX];
    assert_int_equal(sx_audit_record_hash(h, r), 0);
    assert_string_equal(h, r->hash);
    sx_audit_record *r1 = NULL;
    assert_int_equal(sx_audit_get(&r1, a, 1), 0);
    assert_string_equal(r->prev_hash, r1->hash);
    assert_string_equal(r1->prev_hash,
                        "0000000000000000000000000000000000000000000000000000000000000000");
    sx_audit_record_free(r);
    sx_audit_record_free(r1);
    assert_int_equal(sx_audit_get(&r, a, 4), SX_ENOTFOUND);
    sx_audit_close(a);
}

static void test_json_view(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    char *text = NULL;
    assert_int_equal(sx_audit_get_json(&text, a, 1), 0);
    json_error_t err;
    json_t *o = json_loads(text, 0, &err);
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "id")), 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "request"), "to")),
                        "KR");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(o, "data_hash"), "regimes")), "abc");
    assert_int_equal(strlen(json_string_value(json_object_get(o, "hash"))), 64);
    json_decref(o);
    free(text);
    sx_audit_close(a);
}

static void test_rejects_bad_entry(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = open_store(f);
    sx_audit_entry e = {"decide", "{}", "{}", ""};
    int64_t id = 0;
    assert_int_equal(sx_audit_append(&id, a, &e), SX_EINVAL);
    e.kind = "check";
    e.request = NULL;
    assert_int_equal(sx_audit_append(&id, a, &e), SX_EINVAL);
    sx_audit_report rep;
    assert_int_equal(sx_audit_verify(&rep, a), 0);
    assert_int_equal(rep.records, 0);
    sx_audit_close(a);
}

static void test_verify_intact_and_reopen(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    sx_audit_close(a);
    a = open_store(f);
    assert_int_equal(append(a, "screen", "{\"name\":\"x\"}", "{}"), 4);
    sx_audit_report rep;
    assert_int_equal(sx_audit_verify(&rep, a), 0);
    assert_int_equal(rep.records, 4);
    assert_int_equal(rep.last_id, 4);
    assert_int_equal(rep.first_bad_id, 0);
    char *json = NULL;
    assert_int_equal(sx_audit_report_json(&json, &rep), 0);
    assert_non_null(strstr(json, "\"ok\":true"));
    free(json);
    sx_audit_close(a);
}

static void test_triggers_refuse_changes(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    assert_int_not_equal(try_sql(f, "UPDATE audit_record SET response = '{}' WHERE id = 2"), 0);
    assert_int_not_equal(try_sql(f, "DELETE FROM audit_record WHERE id = 3"), 0);
    assert_int_not_equal(try_sql(f, "DELETE FROM audit_record"), 0);
    assert_int_not_equal(try_sql(f, "UPDATE audit_head SET last_id = 2"), 0);
    assert_int_not_equal(try_sql(f, "INSERT INTO audit_record VALUES (9, 'x', 'check', '{}',"
                                    " '{}', 'v', '', 'p', 'h')"),
                         0);
    if (f->pg)
        assert_int_not_equal(try_sql(f, "TRUNCATE audit_record"), 0);
    sx_audit_report rep;
    assert_int_equal(sx_audit_verify(&rep, a), 0);
    assert_int_equal(rep.records, 3);
    sx_audit_close(a);
}

static void test_detects_edit(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    tamper(f, "UPDATE audit_record SET response = '{\"results\":[1]}' WHERE id = 2");
    expect_bad(a, 2, "record edited");
    sx_audit_close(a);
}

static void test_detects_edit_with_rehash(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    /* An intruder who recomputes the edited record's hash still breaks the next link. */
    sx_audit_record *r = NULL;
    assert_int_equal(sx_audit_get(&r, a, 2), 0);
    free(r->response);
    r->response = strdup("{\"results\":[1]}");
    assert_int_equal(sx_audit_record_hash(r->hash, r), 0);
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE audit_record SET response = '{\"results\":[1]}', hash = '%s' WHERE id = 2",
             r->hash);
    sx_audit_record_free(r);
    tamper(f, sql);
    expect_bad(a, 3, "prev_hash does not match");
    sx_audit_close(a);
}

static void test_detects_deletion(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    tamper(f, "DELETE FROM audit_record WHERE id = 2");
    expect_bad(a, 2, "missing");
    sx_audit_close(a);
}

static void test_detects_truncation(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    tamper(f, "DELETE FROM audit_record WHERE id = 3");
    expect_bad(a, 3, "removed from the end");
    sx_audit_close(a);
}

static void test_detects_reorder(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    tamper(f, "UPDATE audit_record SET id = -id WHERE id IN (2, 3);"
              "UPDATE audit_record SET id = 5 + id WHERE id IN (-2, -3)");
    expect_bad(a, 2, "record edited");
    sx_audit_close(a);
}

static void test_detects_insertion(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    /* Shift records 2..3 up and plant a forged record 2 that links correctly to 1. */
    sx_audit_record *one = NULL;
    assert_int_equal(sx_audit_get(&one, a, 1), 0);
    sx_audit_record forged = *one;
    forged.id = 2;
    forged.response = "{\"decision\":\"not_controlled\"}";
    memcpy(forged.prev_hash, one->hash, sizeof forged.prev_hash);
    assert_int_equal(sx_audit_record_hash(forged.hash, &forged), 0);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE audit_record SET id = -id WHERE id IN (2, 3);"
             "UPDATE audit_record SET id = 1 - id WHERE id IN (-2, -3);"
             "INSERT INTO audit_record VALUES (2, '%s', 'check', '%s', '%s', '%s', '%s', '%s',"
             " '%s')",
             forged.created, forged.request, forged.response, forged.engine_version,
             forged.data_hash, forged.prev_hash, forged.hash);
    sx_audit_record_free(one);
    tamper(f, sql);
    expect_bad(a, 3, "record edited");
    sx_audit_close(a);
}

static void test_detects_record_beyond_head(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    tamper(f, "INSERT INTO audit_record VALUES (4, '2030-01-01T00:00:00.000000Z', 'check', '{}',"
              " '{}', 'v', '{}', 'p', 'h')");
    expect_bad(a, 4, "beyond the head");
    sx_audit_close(a);
}

typedef struct sink {
    char buf[8192];
    size_t len;
} sink;

static int to_sink(const char *data, size_t len, void *payload)
{
    sink *s = payload;
    if (s->len + len >= sizeof s->buf)
        return -100;
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    s->buf[s->len] = '\0';
    return 0;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_export(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    sink s = {{0}, 0};
    sx_audit_export_opts o = SX_AUDIT_EXPORT_OPTS_INIT;
    /* options from a newer release are refused, not half-read */
    o.version = SX_AUDIT_EXPORT_OPTS_VERSION + 1;
    assert_int_equal(sx_audit_export(a, &o, to_sink, &s), SX_EUNSUPPORTED);
    assert_int_equal(s.len, 0);
    /* a zeroed struct (version 0) still means JSON Lines, every record */
    memset(&o, 0, sizeof o);
    assert_int_equal(sx_audit_export(a, &o, to_sink, &s), 0);
    assert_int_equal(count_lines(s.buf), 3);
    s.len = 0;
    s.buf[0] = '\0';
    o = (sx_audit_export_opts)SX_AUDIT_EXPORT_OPTS_INIT;
    assert_int_equal(sx_audit_export(a, &o, to_sink, &s), 0);
    assert_int_equal(count_lines(s.buf), 3);
    char *line2 = strchr(s.buf, '\n') + 1;
    json_error_t err;
    json_t *j = json_loadb(line2, (size_t)(strchr(line2, '\n') - line2), 0, &err);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 2);
    json_decref(j);

    s.len = 0;
    s.buf[0] = '\0';
    o.from = "2999-01-01";
    assert_int_equal(sx_audit_export(a, &o, to_sink, &s), 0);
    assert_int_equal(s.len, 0);
    o.from = "2000-01-01";
    o.to = "2999-01-01";
    o.format = SX_AUDIT_CSV;
    assert_int_equal(sx_audit_export(a, &o, to_sink, &s), 0);
    assert_int_equal(count_lines(s.buf), 4);
    assert_memory_equal(s.buf, "id,created,kind,", 16);
    o.from = "yesterday";
    assert_int_equal(sx_audit_export(a, &o, to_sink, &s), SX_EDATE);
    sx_audit_close(a);
}

typedef struct writer {
    const fixture *f;
    sx_audit *shared; /* NULL: open a connection of its own */
    int n;
    int failures;
} writer;

static void *write_many(void *arg)
{
    writer *w = arg;
    sx_audit *a = w->shared;
    if (!a && sx_audit_open(&a, w->f->target) != 0) {
        w->failures = w->n;
        return NULL;
    }
    for (int i = 0; i < w->n; i++) {
        sx_audit_entry e = {"check", "{\"n\":1}", "{}", "{}"};
        int64_t id;
        if (sx_audit_append(&id, a, &e) != 0)
            w->failures++;
    }
    if (!w->shared)
        sx_audit_close(a);
    return NULL;
}

/* Four writers: two share one handle (threads of one server), two have their own
 * connection (other processes or servers).  The chain must stay unbroken. */
static void test_concurrent_writers(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = open_store(f);
    writer w[4] = {{f, a, 40, 0}, {f, a, 40, 0}, {f, NULL, 40, 0}, {f, NULL, 40, 0}};
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, write_many, &w[i]);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    sx_audit_report rep;
    assert_int_equal(sx_audit_verify(&rep, a), 0);
    assert_int_equal(rep.records, 160);
    assert_int_equal(rep.last_id, 160);
    sx_audit_close(a);
}

static void test_append_many(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = three(f);
    sx_audit_entry es[300];
    int64_t ids[300];
    for (int i = 0; i < 300; i++)
        es[i] = (sx_audit_entry){i % 2 ? "check" : "screen", "{\"n\":2}", "{}", "{}"};
    assert_int_equal(sx_audit_append_many(ids, a, es, 300), 0);
    for (int i = 0; i < 300; i++)
        assert_int_equal(ids[i], 4 + i);
    es[7].kind = "bogus"; /* one bad entry: nothing is stored */
    assert_int_equal(sx_audit_append_many(ids, a, es, 300), SX_EINVAL);
    sx_audit_report rep;
    assert_int_equal(sx_audit_verify(&rep, a), 0);
    assert_int_equal(rep.records, 303);
    sx_audit_close(a);
}

static void test_open_errors(void **state)
{
    fixture *f = *state;
    need_store(f);
    sx_audit *a = NULL;
    if (!f->pg) {
        assert_int_equal(sx_audit_open_ex(&a, f->target, SX_AUDIT_NOCREATE), SX_ENOTFOUND);
        assert_int_equal(sx_audit_open(&a, "/nonexistent-dir/x/audit.db"), SX_EDB);
        assert_non_null(strstr(sx_errmsg(), "/nonexistent-dir/x/audit.db"));
    } else {
        assert_int_equal(sx_audit_open(&a, "postgres://nobody@127.0.0.1:1/none"), SX_EDB);
        assert_non_null(strstr(sx_errmsg(), "cannot connect"));
    }
    assert_int_equal(sx_audit_open(&a, ""), SX_EINVAL);
}

#define BOTH(fn)                                                                                   \
    {"sqlite/" #fn, fn, setup_sqlite, teardown, NULL},                                             \
    {                                                                                              \
        "postgresql/" #fn, fn, setup_pg, teardown, NULL                                            \
    }

int main(void)
{
    if (!getenv("STRATEX_PG_URL"))
        printf("note: PostgreSQL variants will be skipped: STRATEX_PG_URL is unset\n");
    const struct CMUnitTest tests[] = {
        BOTH(test_append_and_read),
        BOTH(test_json_view),
        BOTH(test_rejects_bad_entry),
        BOTH(test_verify_intact_and_reopen),
        BOTH(test_triggers_refuse_changes),
        BOTH(test_detects_edit),
        BOTH(test_detects_edit_with_rehash),
        BOTH(test_detects_deletion),
        BOTH(test_detects_truncation),
        BOTH(test_detects_reorder),
        BOTH(test_detects_insertion),
        BOTH(test_detects_record_beyond_head),
        BOTH(test_export),
        BOTH(test_concurrent_writers),
        BOTH(test_append_many),
        BOTH(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
