/* stratex parties — the party register: import it (each party screened against the lists
 * in force; hits open cases) and read it back. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/workflow.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"
#include "util/file.h"

#define MAX_REGISTER_BYTES ((size_t)1 << 30)

const char cmd_parties_usage[] =
    "usage: stratex parties import --db DB parties.csv [--actor NAME] [--threshold T]\n"
    "                              [--snapshots DIR] [--format text|json]\n"
    "       stratex parties list   --db DB [--limit N] [--offset N]\n"
    "\n"
    "parties.csv: a header with id,name and optionally type,country,dob,identifiers; rows\n"
    "sharing an id are names of one party, in any script.  Importing screens every party\n"
    "against the lists in force (`stratex lists status`); each hit at the threshold opens a\n"
    "case unless it is cleared for the entity's current record or already open.  Parties\n"
    "missing from the file are closed, never deleted.  A bad row changes nothing.\n"
    "DB is a SQLite file or a postgres:// URL (default: $STRATEX_DB, else " SX_DEFAULT_DB ").\n";

typedef struct parties_args {
    const char *actor, *threshold, *format, *limit, *offset;
} parties_args;

/* The parties no screening by spelling reaches (sx_parties_unreached_json), named after
 * the report: the officer adds the name each uses in Latin letters. */
static void print_unreached(const json_t *ids)
{
    size_t n = json_array_size(ids);
    if (n == 0)
        return;
    printf(
        "note: %zu %s named only in scripts screened through their readings or not read at all (",
        n, n == 1 ? "party is" : "parties are");
    for (size_t i = 0; i < n && i < 10; i++)
        printf("%s%s", i ? ", " : "", json_string_value(json_array_get(ids, i)));
    printf("%s): a list name that translates or coins a Latin name for %s may not be found; "
           "add the name %s in Latin letters (a row with the same id); until then %s a case "
           "of kind unreached in the worklist\n",
           n > 10 ? ", ..." : "", n == 1 ? "it" : "them", n == 1 ? "it uses" : "each uses",
           n == 1 ? "it has" : "each has");
}

static void print_report(const char *file, const sx_party_import_report *r)
{
    printf("%s: %zu rows, %zu parties (%zu added, %zu updated, %zu unchanged, %zu closed)\n", file,
           r->rows, r->parties, r->added, r->updated, r->unchanged, r->closed);
    printf("screening: %zu hits: %zu cases opened, %zu already open, %zu cleared", r->hits,
           r->cases_opened, r->already_open, r->cleared);
    if (r->clearances_lapsed)
        printf(", %zu clearances lapsed", r->clearances_lapsed);
    printf("\naudit record %lld\n", (long long)r->record);
}

static int print_report_json(const sx_party_import_report *r, json_t *unreached)
{
    json_t *o = json_pack(
        "{sIsIsIsIsIsIsIsIsIsIsIsIsO}", "rows", (json_int_t)r->rows, "parties",
        (json_int_t)r->parties, "added", (json_int_t)r->added, "updated", (json_int_t)r->updated,
        "unchanged", (json_int_t)r->unchanged, "closed", (json_int_t)r->closed, "hits",
        (json_int_t)r->hits, "cases_opened", (json_int_t)r->cases_opened, "already_open",
        (json_int_t)r->already_open, "cleared", (json_int_t)r->cleared, "clearances_lapsed",
        (json_int_t)r->clearances_lapsed, "record", (json_int_t)r->record, "unreached", unreached);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    int rc = text ? wf_cli_print(text) : SX_EXIT_FAIL;
    free(text);
    return rc;
}

static int do_import(wf_cli *c, const parties_args *p)
{
    if (c->npos != 2)
        return wf_cli_usage(c, "import takes one file", NULL);
    const char *file = c->pos[1];
    double threshold = -1;
    if (p->threshold) {
        char *end = NULL;
        threshold = strtod(p->threshold, &end);
        if (*end || !(threshold > 0 && threshold <= 1))
            return wf_cli_usage(c, "--threshold must be in (0, 1], not", p->threshold);
    }
    const char *fmt = p->format ? p->format : "text";
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return wf_cli_usage(c, "--format must be text or json, not", fmt);
    char *data = NULL;
    size_t len = 0;
    if (sx_file_read(&data, &len, file, MAX_REGISTER_BYTES) != 0)
        return wf_cli_fail(c, NULL);
    sx_audit *a = NULL;
    sx_screen_index *ix = NULL;
    int rc = wf_cli_open(c, &a);
    rc = rc ? rc : wf_cli_index(c, a, &ix);
    sx_party_import_report r;
    sx_party_import_opts o = {.source = file, .actor = cli_actor(p->actor), .threshold = threshold};
    /* Read before the import, which reads the file the same way: a bad row fails both. */
    char *unreached_text = NULL;
    if (!rc && sx_parties_unreached_json(&unreached_text, data, len, file) != 0)
        rc = wf_cli_fail(c, "nothing was imported");
    json_t *unreached = unreached_text ? json_loads(unreached_text, 0, NULL) : NULL;
    sx_free(unreached_text);
    if (!rc && !unreached)
        rc = wf_cli_fail(c, "nothing was imported: out of memory");
    if (!rc && sx_parties_import(&r, a, ix, data, len, &o) != 0)
        rc = wf_cli_fail(c, "nothing was imported");
    if (!rc && strcmp(fmt, "json") == 0) {
        rc = print_report_json(&r, unreached);
    } else if (!rc) {
        print_report(file, &r);
        print_unreached(unreached);
    }
    json_decref(unreached);
    if (ix)
        sx_screen_index_free(ix);
    if (a)
        sx_audit_close(a);
    free(data);
    return rc;
}

static int do_list(wf_cli *c, const parties_args *p)
{
    size_t limit = 0, offset = 0;
    int rc = wf_cli_size(c, &limit, p->limit, "--limit must be a count, not");
    rc = rc ? rc : wf_cli_size(c, &offset, p->offset, "--offset must be a count, not");
    sx_audit *a = NULL;
    rc = rc ? rc : wf_cli_open(c, &a);
    char *out = NULL;
    if (!rc && sx_parties_json(&out, a, limit, offset) != 0)
        rc = wf_cli_fail(c, NULL);
    if (!rc)
        rc = wf_cli_print(out);
    free(out);
    if (a)
        sx_audit_close(a);
    return rc;
}

int cmd_parties(int argc, char **argv)
{
    parties_args p = {0};
    wf_cli c = {.command = "parties", .usage = cmd_parties_usage};
    const wf_cli_opt opts[] = {
        {"--db", &c.db, NULL, NULL},         {"--snapshots", &c.snapshots, NULL, NULL},
        {"--actor", &p.actor, NULL, NULL},   {"--threshold", &p.threshold, NULL, NULL},
        {"--format", &p.format, NULL, NULL}, {"--limit", &p.limit, NULL, NULL},
        {"--offset", &p.offset, NULL, NULL},
    };
    c.opts = opts;
    c.nopts = sizeof opts / sizeof opts[0];
    int rc = wf_cli_parse(&c, argc, argv);
    if (rc || c.help)
        return rc;
    if (strcmp(c.pos[0], "import") == 0)
        return do_import(&c, &p);
    if (strcmp(c.pos[0], "list") == 0)
        return do_list(&c, &p);
    return wf_cli_usage(&c, "unknown action", c.pos[0]);
}
