/* stratex lists — restricted-party lists as versioned data: update (validate, store a
 * version, print the delta, re-screen the register against it), status, diff. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/workflow.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"

const char cmd_lists_usage[] =
    "usage: stratex lists update --db DB [--list FORMAT:PATH]... [--snapshots DIR]\n"
    "                            [--actor NAME] [--format text|json]\n"
    "                            [--drop NAME]...\n"
    "       stratex lists fetch  --db DB [--sources FILE] [--max-bytes N] [--timeout SECONDS]\n"
    "                            [--snapshots DIR] [--actor NAME] [--format text|json]\n"
    "       stratex lists status --db DB [--format text|json]\n"
    "       stratex lists diff   --db DB [VERSION] [--format text|json]\n"
    "\n"
    "update makes a new version: the version in force (at first the bundled lists) with each\n"
    "list given replacing the list of the same name.  Every file is validated first (a bad\n"
    "one changes nothing); the version is kept under the snapshot folder (default: DB.snapshots\n"
    "next to a SQLite file; required for PostgreSQL); the delta (entities added, removed,\n"
    "changed) is printed; the party register is re-screened against the added and changed\n"
    "entities only, and open cases on removed entities are closed.  Running servers on the\n"
    "same store pick the new version up.  FORMAT: ofac-csv, ofac-legacy, un-xml, csl-json,\n"
    "uk-tables, meti-eul-json, simple-csv.  --drop leaves a list in force out of the new version.\n"
    "\n"
    "fetch downloads the publishers' files named in --sources (default: DATA/lists/PUBLISHERS:\n"
    "OFAC, the UN list, the US CSL) with conditional requests, then updates as above; any\n"
    "failed, oversized, timed-out or partial download changes nothing.\n";

typedef struct lists_args {
    const char *specs[WF_CLI_MANY];
    size_t nspecs;
    const char *drop[WF_CLI_MANY];
    size_t ndrop;
    const char *actor, *format, *sources, *max_bytes, *timeout;
} lists_args;

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static long long num(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static void print_delta(json_t *d, size_t max_entities)
{
    printf("delta: %lld added, %lld removed, %lld changed\n", num(d, "added"), num(d, "removed"),
           num(d, "changed"));
    json_t *e = json_object_get(d, "entities");
    for (size_t i = 0; i < json_array_size(e) && i < max_entities; i++) {
        json_t *x = json_array_get(e, i);
        printf("  %-8s %s %s \"%s\"", str(x, "change"), str(x, "list"), str(x, "id"),
               str(x, "name"));
        json_t *f = json_object_get(x, "fields");
        for (size_t k = 0; k < json_array_size(f); k++)
            printf("%s%s", k ? ", " : " (", json_string_value(json_array_get(f, k)));
        printf("%s\n", json_array_size(f) ? ")" : "");
    }
    if (json_array_size(e) > max_entities)
        printf("  ... and %zu more (--format json for all)\n", json_array_size(e) - max_entities);
}

static int emit(const char *fmt, const char *text, void (*as_text)(json_t *))
{
    if (strcmp(fmt, "json") == 0)
        return wf_cli_print(text);
    json_t *o = json_loads(text, 0, NULL);
    as_text(o);
    json_decref(o);
    return SX_EXIT_OK;
}

static void update_text(json_t *o)
{
    if (json_is_true(json_object_get(o, "unchanged"))) {
        printf("version %.12s: unchanged (the files are those in force)\n", str(o, "version"));
        return;
    }
    if (*str(o, "previous"))
        printf("version %.12s in force (was %.12s)\n", str(o, "version"), str(o, "previous"));
    else
        printf("version %.12s in force (was the bundled lists)\n", str(o, "version"));
    print_delta(json_object_get(o, "delta"), 50);
    printf("re-screening: %lld cases opened, %lld closed, %lld clearances lapsed, %lld hits "
           "still cleared\naudit record %lld\n",
           num(o, "cases_opened"), num(o, "cases_closed"), num(o, "clearances_lapsed"),
           num(o, "hits_cleared"), num(o, "record"));
}

static void fetch_text(json_t *o)
{
    json_t *d = json_object_get(o, "downloads");
    for (size_t i = 0; i < json_array_size(d); i++) {
        json_t *x = json_array_get(d, i);
        printf("%-13s %10lld bytes  %s\n", str(x, "status"), num(x, "bytes"), str(x, "url"));
    }
    update_text(json_object_get(o, "update"));
}

static void status_text(json_t *o)
{
    printf("in force: %s\n", *str(o, "in_force") ? str(o, "in_force") : "the bundled lists");
    json_t *v = json_object_get(o, "versions");
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *x = json_array_get(v, i), *d = json_object_get(x, "delta");
        printf("%.12s  %.19s  +%lld -%lld ~%lld  record %lld  ", str(x, "version"),
               str(x, "created"), num(d, "added"), num(d, "removed"), num(d, "changed"),
               num(x, "record"));
        json_t *l = json_object_get(x, "lists");
        for (size_t k = 0; k < json_array_size(l); k++)
            printf("%s%s (%lld)", k ? ", " : "", str(json_array_get(l, k), "name"),
                   num(json_array_get(l, k), "entities"));
        printf("\n");
    }
}

static void diff_text(json_t *o)
{
    printf("version %s\n", str(o, "version"));
    print_delta(json_object_get(o, "delta"), (size_t)-1);
}

int cmd_lists(int argc, char **argv)
{
    lists_args p;
    memset(&p, 0, sizeof p);
    wf_cli c = {.command = "lists", .usage = cmd_lists_usage};
    const wf_cli_opt opts[] = {
        {"--db", &c.db, NULL, NULL},           {"--snapshots", &c.snapshots, NULL, NULL},
        {"--list", NULL, p.specs, &p.nspecs},  {"--actor", &p.actor, NULL, NULL},
        {"--format", &p.format, NULL, NULL},   {"--drop", NULL, p.drop, &p.ndrop},
        {"--sources", &p.sources, NULL, NULL}, {"--max-bytes", &p.max_bytes, NULL, NULL},
        {"--timeout", &p.timeout, NULL, NULL},
    };
    c.opts = opts;
    c.nopts = sizeof opts / sizeof opts[0];
    int rc = wf_cli_parse(&c, argc, argv);
    if (rc || c.help)
        return rc;
    const char *fmt = p.format ? p.format : "text";
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return wf_cli_usage(&c, "--format must be text or json, not", fmt);
    const char *action = c.pos[0];
    int update = strcmp(action, "update") == 0, status = strcmp(action, "status") == 0,
        diff = strcmp(action, "diff") == 0, fetch = strcmp(action, "fetch") == 0;
    if (!update && !status && !diff && !fetch)
        return wf_cli_usage(&c, "unknown action", action);
    if (c.npos > (diff ? 2u : 1u))
        return wf_cli_usage(&c, "unexpected argument", c.pos[c.npos - 1]);
    sx_audit *a = NULL;
    if ((rc = wf_cli_open(&c, &a)) != 0)
        return rc;
    char *out = NULL;
    size_t max_bytes = 0, timeout = 0;
    if (fetch && (wf_cli_size(&c, &max_bytes, p.max_bytes, "--max-bytes must be a count, not") ||
                  wf_cli_size(&c, &timeout, p.timeout, "--timeout must be seconds, not"))) {
        sx_audit_close(a);
        return SX_EXIT_USAGE;
    }
    if (fetch) {
        sx_lists_fetch_opts o = {.sources = p.sources,
                                 .data_dir = cli_data_dir(),
                                 .snapshots = c.snapshots,
                                 .actor = cli_actor(p.actor),
                                 .max_bytes = max_bytes,
                                 .timeout_s = (long)timeout};
        if (sx_lists_fetch(&out, a, &o) != 0)
            rc = wf_cli_fail(&c, "nothing changed");
        else
            rc = emit(fmt, out, fetch_text);
    } else if (update) {
        sx_lists_update_opts o = {.data_dir = cli_data_dir(),
                                  .snapshots = c.snapshots,
                                  .actor = cli_actor(p.actor),
                                  .drop = p.drop,
                                  .ndrop = p.ndrop};
        if (sx_lists_update(&out, a, p.specs, p.nspecs, &o) != 0)
            rc = wf_cli_fail(&c, "nothing changed");
        else
            rc = emit(fmt, out, update_text);
    } else if (status) {
        rc = sx_lists_status_json(&out, a) != 0 ? wf_cli_fail(&c, NULL)
                                                : emit(fmt, out, status_text);
    } else {
        rc = sx_lists_diff_json(&out, a, c.npos == 2 ? c.pos[1] : NULL) != 0
                 ? wf_cli_fail(&c, NULL)
                 : emit(fmt, out, diff_text);
    }
    free(out);
    sx_audit_close(a);
    return rc;
}
