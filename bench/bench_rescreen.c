/* Delta re-screening (docs/workflow.md): a register of N parties, a list update that adds
 * K entities, measured end to end through sx_lists_update() — loading both versions, the
 * delta, the register's index read from the store, the K entities screened against it,
 * the cases written — against what a full re-screen of the register would cost (every
 * party screened against every list, measured on a sample and scaled to N, said so).
 * Figures are reported, never asserted.
 *
 * Usage: bench_rescreen DATA_DIR REGISTER.csv (id,name: bench/synth_names.py's list.csv)
 *                       ENTITIES.csv (id,name: the K entities the update adds) */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/audit/tx.h"
#include "stratex/errors.h"
#include "stratex/lists.h"
#include "stratex/screen.h"
#include "stratex/workflow.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/file.h"

#define SAMPLE 2000 /* parties screened forward to price a full re-screen */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct reg {
    char **ids, **names;
    size_t n;
} reg;

static int read_register(reg *r, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (sx_file_read(&data, &len, path, (size_t)1 << 30) != 0)
        return -1;
    sx_csv c;
    sx_csv_init(&c, data, len, path);
    int id = -1, name = -1;
    size_t cap = 0;
    if (sx_csv_next(&c) == 1) {
        id = sx_csv_column(&c, "id");
        name = sx_csv_column(&c, "name");
    }
    while (id >= 0 && name >= 0 && sx_csv_next(&c) == 1) {
        if ((size_t)id >= c.nfields || (size_t)name >= c.nfields)
            continue;
        if (r->n == cap) {
            cap = cap ? cap * 2 : 4096;
            r->ids = realloc(r->ids, cap * sizeof *r->ids);
            r->names = realloc(r->names, cap * sizeof *r->names);
        }
        r->ids[r->n] = strdup(c.fields[id]);
        r->names[r->n++] = strdup(c.fields[name]);
    }
    sx_csv_free(&c);
    free(data);
    return r->n ? 0 : -1;
}

/* The register straight into the store's table: importing it would screen every party
 * forward first, which is the full re-screen this benchmark prices separately.  The rows
 * name a "parties" record, as an import's do (the register's index file is keyed by it). */
static int fill(sx_tx *tx, void *payload)
{
    const reg *r = payload;
    char names[2048], record[32];
    int64_t id = 0;
    sx_audit_entry e = {"parties", "{\"source\":\"bench\"}", "{}", "{}"};
    if (sx_tx_append(tx, &id, NULL, &e) != 0)
        return -1;
    snprintf(record, sizeof record, "%" PRId64, id);
    for (size_t i = 0; i < r->n; i++) {
        json_t *arr = json_pack("[s]", r->names[i]);
        char *text = json_dumps(arr, JSON_COMPACT);
        snprintf(names, sizeof names, "%s", text ? text : "[]");
        free(text);
        json_decref(arr);
        const char *p[] = {r->ids[i], names, record};
        int rc = sx_tx_sql(tx,
                           "INSERT INTO wf_party(id, names, state, updated, record)"
                           " VALUES ($1, $2, 'open', '2026-12-01T00:00:00Z', $3)"
                           " ON CONFLICT (id) DO NOTHING",
                           3, p, NULL, NULL);
        if (rc)
            return rc;
    }
    return 0;
}

/* ENTITIES.csv again with every name changed (", renamed" appended). */
static int write_renamed(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    if (sx_file_read(&data, &len, from, (size_t)1 << 30) != 0)
        return -1;
    FILE *f = fopen(to, "w");
    sx_csv c;
    sx_csv_init(&c, data, len, from);
    int id = -1, name = -1, rc = f ? 0 : -1;
    if (!rc && sx_csv_next(&c) == 1) {
        id = sx_csv_column(&c, "id");
        name = sx_csv_column(&c, "name");
        fprintf(f, "id,name\n");
    }
    while (!rc && id >= 0 && name >= 0 && sx_csv_next(&c) == 1) {
        if ((size_t)id >= c.nfields || (size_t)name >= c.nfields)
            continue;
        sx_buf row = SX_BUF_INIT, renamed = SX_BUF_INIT;
        rc = sx_buf_printf(&renamed, "%s, renamed", c.fields[name]);
        rc = rc ? rc : sx_csv_put_field(&row, c.fields[id]);
        rc = rc ? rc : sx_buf_putc(&row, ',');
        rc = rc ? rc : sx_csv_put_field(&row, renamed.ptr);
        rc = rc ? rc : sx_buf_putc(&row, '\n');
        if (!rc && fwrite(row.ptr, 1, row.len, f) != row.len)
            rc = -1;
        sx_buf_free(&row);
        sx_buf_free(&renamed);
    }
    sx_csv_free(&c);
    free(data);
    if (f && fclose(f) != 0)
        rc = -1;
    return id >= 0 && name >= 0 ? rc : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_rescreen DATA_DIR REGISTER.csv ENTITIES.csv\n");
        return 2;
    }
    const char *data_dir = argv[1];
    reg r = {0};
    if (read_register(&r, argv[2]) != 0) {
        fprintf(stderr, "bench: cannot read %s\n", argv[2]);
        return 1;
    }
    char dir[] = "/tmp/sx-bench-rescreen-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char db[4200], snaps[4200], spec[4700];
    snprintf(db, sizeof db, "%s/store.db", dir);
    snprintf(snaps, sizeof snaps, "%s/store.db.snapshots", dir);
    snprintf(spec, sizeof spec, "simple-csv:%s", argv[3]);
    sx_audit *a = NULL;
    double t0 = now();
    if (sx_audit_open(&a, db) != 0 || sx_audit_transact(a, 1, fill, &r) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return 1;
    }
    printf("register: %zu parties stored in %.1f s\n", r.n, now() - t0);

    t0 = now();
    char *report = NULL;
    const char *specs[] = {spec};
    sx_lists_update_opts o = {.data_dir = data_dir, .snapshots = snaps, .actor = "bench"};
    if (sx_lists_update(&report, a, specs, 1, &o) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return 1;
    }
    double update_s = now() - t0;
    json_t *rep = json_loads(report, 0, NULL), *delta = json_object_get(rep, "delta");
    printf("delta re-screen: %" JSON_INTEGER_FORMAT
           " entities added, %zu parties: %.1f s end to end "
           "(both versions loaded, delta, register indexed from the store, re-screened, "
           "%" JSON_INTEGER_FORMAT " cases opened)\n",
           json_integer_value(json_object_get(delta, "added")), r.n, update_s,
           json_integer_value(json_object_get(rep, "cases_opened")));
    json_decref(rep);
    free(report);

    /* The next update, the register unchanged: its index is opened from the file the
     * first update kept.  The same K entities, each renamed, are K changed entities. */
    char changed[4600];
    const char *base = strrchr(argv[3], '/');
    snprintf(changed, sizeof changed, "%s/v2", dir);
    mkdir(changed, 0755); /* the same file name: the same list, its entities changed */
    snprintf(changed, sizeof changed, "%s/v2/%s", dir, base ? base + 1 : argv[3]);
    if (write_renamed(argv[3], changed) != 0) {
        fprintf(stderr, "bench: cannot write %s\n", changed);
        return 1;
    }
    snprintf(spec, sizeof spec, "simple-csv:%s", changed);
    t0 = now();
    if (sx_lists_update(&report, a, specs, 1, &o) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return 1;
    }
    rep = json_loads(report, 0, NULL);
    delta = json_object_get(rep, "delta");
    printf("next update, register unchanged: %" JSON_INTEGER_FORMAT
           " entities changed: %.1f s end to end (the register's index opened from its file, "
           "%" JSON_INTEGER_FORMAT " cases opened)\n",
           json_integer_value(json_object_get(delta, "changed")), now() - t0,
           json_integer_value(json_object_get(rep, "cases_opened")));
    json_decref(rep);
    free(report);

    /* where the time goes: the register's index, and the entities screened against it */
    sx_list *l = NULL;
    sx_screen_index *rix = NULL;
    t0 = now();
    if (sx_list_load(&l, "simple-csv", argv[2]) != 0 || sx_screen_index_build(&rix, &l, 1) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return 1;
    }
    double build_s = now() - t0;
    sx_list *delta_list = NULL;
    if (sx_list_load(&delta_list, "simple-csv", argv[3]) != 0)
        return 1;
    t0 = now();
    size_t k = sx_list_entity_count(delta_list);
    for (size_t i = 0; i < k; i++) {
        char *text = NULL;
        if (sx_list_entity_json(&text, delta_list, i) != 0)
            continue;
        json_t *e = json_loads(text, 0, NULL);
        const char *name = json_string_value(
            json_object_get(json_array_get(json_object_get(e, "names"), 0), "name"));
        sx_screen_hit *hits = NULL;
        size_t nh = 0;
        sx_screen_opts so = {.threshold = -1, .limit = 50};
        if (name && sx_screen_query(&hits, &nh, rix, name, &so) == 0)
            free(hits);
        json_decref(e);
        free(text);
    }
    printf("  of which: the register's index %.1f s; %zu entities screened against it %.2f s\n",
           build_s, k, now() - t0);
    sx_list_free(delta_list);
    sx_screen_index_free(rix);

    /* the alternative: every party screened forward against the lists in force */
    sx_screen_index *ix = NULL;
    if (sx_lists_load_version(&ix, a, snaps, data_dir, NULL) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return 1;
    }
    size_t step = r.n > SAMPLE ? r.n / SAMPLE : 1, done = 0;
    t0 = now();
    for (size_t i = 0; i < r.n; i += step, done++) {
        sx_screen_hit *hits = NULL;
        size_t nh = 0;
        sx_screen_opts so = {.threshold = -1};
        if (sx_screen_query(&hits, &nh, ix, r.names[i], &so) == 0)
            free(hits);
    }
    double per = (now() - t0) / (double)done;
    printf("full re-screen: %.3f ms per party (%zu sampled) x %zu parties = %.0f s, one thread "
           "(scaled from the sample)\n",
           per * 1e3, done, r.n, per * (double)r.n);
    sx_screen_index_free(ix);
    sx_audit_close(a);
    char rm[4300];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    if (system(rm) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
    for (size_t i = 0; i < r.n; i++) {
        free(r.ids[i]);
        free(r.names[i]);
    }
    free(r.ids);
    free(r.names);
    return 0;
}
