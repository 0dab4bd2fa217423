/* stratex audit — verify the hash chain, export records for an auditor, show one record,
 * replay a past decision with today's engine. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "server/engine.h"
#include "stratex/audit.h"
#include "stratex/errors.h"

const char cmd_audit_usage[] =
    "usage: stratex audit verify [--db TARGET] [--format text|json]\n"
    "       stratex audit export [--db TARGET] [--format jsonl|csv] [--from DATE] [--to DATE]\n"
    "       stratex audit show ID [--db TARGET]\n"
    "       stratex audit replay ID [--db TARGET] [--snapshots DIR] [--format text|json]\n"
    "\n"
    "TARGET is a SQLite file or a postgres:// URL (default: $STRATEX_DB, else " SX_DEFAULT_DB
    ").\n"
    "verify exits 1 when any record was altered, removed, inserted or moved;\n"
    "replay exits 1 when today's answer differs from the recorded one; a check recorded with\n"
    "other regime data is recomputed with that data from the snapshot folder (default:\n"
    "TARGET.snapshots next to a SQLite file, as `stratex serve` keeps it).\n";

typedef struct audit_args {
    const char *action;
    const char *id;
    const char *db;
    const char *format;
    const char *from, *to;
    const char *snapshots;
} audit_args;

const char *cli_default_db(void)
{
    const char *env = getenv("STRATEX_DB");
    return env && *env ? env : SX_DEFAULT_DB;
}

static int bad_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "stratex audit: %s%s%s\n\n%s", msg, arg ? " " : "", arg ? arg : "", cmd_audit_usage);
    return SX_EXIT_USAGE;
}

static int parse_args(audit_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--db") == 0)
            slot = &a->db;
        else if (strcmp(argv[i], "--format") == 0)
            slot = &a->format;
        else if (strcmp(argv[i], "--from") == 0)
            slot = &a->from;
        else if (strcmp(argv[i], "--to") == 0)
            slot = &a->to;
        else if (strcmp(argv[i], "--snapshots") == 0)
            slot = &a->snapshots;
        if (slot) {
            if (i + 1 >= argc)
                return bad_usage("missing value after", argv[i]);
            *slot = argv[++i];
        } else if (argv[i][0] == '-') {
            return bad_usage("unknown option", argv[i]);
        } else if (!a->action) {
            a->action = argv[i];
        } else if (!a->id) {
            a->id = argv[i];
        } else {
            return bad_usage("unexpected argument", argv[i]);
        }
    }
    if (!a->action)
        return bad_usage("missing action", NULL);
    if (!a->db)
        a->db = cli_default_db();
    return 0;
}

static int open_existing(sx_audit **out, const char *db)
{
    if (sx_audit_open_ex(out, db, SX_AUDIT_NOCREATE) == 0)
        return 0;
    fprintf(stderr, "stratex audit: %s\n", sx_errmsg());
    return SX_EXIT_FAIL;
}

static int do_verify(const audit_args *a)
{
    int json = a->format && strcmp(a->format, "json") == 0;
    if (a->format && !json && strcmp(a->format, "text") != 0)
        return bad_usage("unknown format", a->format);
    sx_audit *st;
    if (open_existing(&st, a->db))
        return SX_EXIT_FAIL;
    sx_audit_report rep;
    int rc = sx_audit_verify(&rep, st);
    sx_audit_close(st);
    if (rc && rc != SX_EINTEGRITY) {
        fprintf(stderr, "stratex audit verify: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    if (json) {
        char *text = NULL;
        if (sx_audit_report_json(&text, &rep) == 0)
            printf("%s\n", text);
        sx_free(text);
    } else if (rc == 0) {
        printf("ok: %lld records, chain intact, head %s\n", (long long)rep.records,
               rep.head_hash);
    }
    if (rc) {
        fprintf(stderr, "ALTERED: record %lld: %s\n", (long long)rep.first_bad_id, rep.problem);
        return SX_EXIT_FAIL;
    }
    return SX_EXIT_OK;
}

static int to_stdout(const char *data, size_t len, void *payload)
{
    (void)payload;
    return fwrite(data, 1, len, stdout) == len ? 0 : SX_EIO;
}

static int do_export(const audit_args *a)
{
    sx_audit_export_opts o = SX_AUDIT_EXPORT_OPTS_INIT;
    o.from = a->from;
    o.to = a->to;
    if (a->format && strcmp(a->format, "csv") == 0)
        o.format = SX_AUDIT_CSV;
    else if (a->format && strcmp(a->format, "jsonl") != 0)
        return bad_usage("unknown format", a->format);
    sx_audit *st;
    if (open_existing(&st, a->db))
        return SX_EXIT_FAIL;
    int rc = sx_audit_export(st, &o, to_stdout, NULL);
    sx_audit_close(st);
    if (rc == SX_EIO) {
        fprintf(stderr, "stratex audit export: cannot write: %s\n", strerror(errno));
        return SX_EXIT_FAIL;
    }
    if (rc) {
        fprintf(stderr, "stratex audit export: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    return fflush(stdout) == 0 ? SX_EXIT_OK : SX_EXIT_FAIL;
}

static int parse_id(long long *out, const char *text)
{
    char *end = NULL;
    errno = 0;
    long long v = text ? strtoll(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || v < 1)
        return bad_usage("expected a record id (1, 2, ...), got", text ? text : "nothing");
    *out = v;
    return 0;
}

static int do_show(const audit_args *a)
{
    long long id;
    if (parse_id(&id, a->id))
        return SX_EXIT_USAGE;
    sx_audit *st;
    if (open_existing(&st, a->db))
        return SX_EXIT_FAIL;
    char *json = NULL;
    int rc = sx_audit_get_json(&json, st, id);
    sx_audit_close(st);
    if (rc) {
        fprintf(stderr, "stratex audit show: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    printf("%s\n", json);
    sx_free(json);
    return SX_EXIT_OK;
}

static void print_replay_text(const sx_audit_replay *rp)
{
    const sx_audit_record *r = rp->record;
    printf("record %lld (%s, %s)\n", (long long)r->id, r->kind, r->created);
    printf("  engine: recorded %s, today %s%s\n", r->engine_version,
           rp->same_engine ? r->engine_version : "different",
           rp->same_engine ? "" : " (see --format json)");
    printf("  data:   %s\n", rp->same_data       ? "same versions as recorded"
                          : rp->from_snapshot ? "changed since; recomputed with the recorded regime data (snapshot)"
                                              : "differs from the versions recorded");
    if (rp->error)
        printf("  answer: today's engine refuses the request: %s\n", rp->error);
    else
        printf("  answer: %s\n", rp->identical ? "IDENTICAL" : "DIFFERENT");
}

/* --snapshots, else the store's default folder, else none. */
static const char *snapshot_dir(const audit_args *a)
{
    static char dflt[4200];
    if (a->snapshots)
        return a->snapshots;
    return sx_audit_default_snapshots(dflt, sizeof dflt, a->db) == 0 ? dflt : NULL;
}

static int do_replay(const audit_args *a)
{
    int json = a->format && strcmp(a->format, "json") == 0;
    if (a->format && !json && strcmp(a->format, "text") != 0)
        return bad_usage("unknown format", a->format);
    long long id;
    if (parse_id(&id, a->id))
        return SX_EXIT_USAGE;
    sx_audit *st;
    if (open_existing(&st, a->db))
        return SX_EXIT_FAIL;
    srv_engine *e = NULL;
    int rc = srv_engine_load(&e, cli_data_dir(), SRV_ENGINE_REGIMES | SRV_ENGINE_LISTS);
    sx_audit_replay *rp = NULL;
    if (!rc)
        rc = sx_audit_replay_record_with(&rp, st, id, e->regimes, e->index, snapshot_dir(a));
    sx_audit_close(st);
    if (rc) {
        fprintf(stderr, "stratex audit replay: %s\n", sx_errmsg());
        srv_engine_free(e);
        return SX_EXIT_FAIL;
    }
    if (json) {
        char *text = NULL;
        if (sx_audit_replay_json(&text, rp, e->data_hash) == 0)
            printf("%s\n", text);
        sx_free(text);
    } else {
        print_replay_text(rp);
    }
    int same = rp->identical;
    sx_audit_replay_free(rp);
    srv_engine_free(e);
    return same ? SX_EXIT_OK : SX_EXIT_FAIL;
}

int cmd_audit(int argc, char **argv)
{
    audit_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc)
        return rc;
    if (strcmp(a.action, "verify") == 0)
        return do_verify(&a);
    if (strcmp(a.action, "export") == 0)
        return do_export(&a);
    if (strcmp(a.action, "show") == 0)
        return do_show(&a);
    if (strcmp(a.action, "replay") == 0)
        return do_replay(&a);
    return bad_usage("unknown action", a.action);
}
