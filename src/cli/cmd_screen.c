/* stratex screen — restricted-party screening of one name or a batch (CSV in; text, JSON,
 * CSV or JSON Lines out).  Output is produced in memory and written only on success, so
 * a failure never leaves partial output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "stratex/errors.h"
#include "stratex/lists.h"
#include "stratex/screen.h"
#include "stratex/workflow.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/file.h"
#include "util/strutil.h"

#define SCREEN_MAX_LISTS 32                 /* --list options accepted */
#define SCREEN_MAX_BATCH ((size_t)256 << 20) /* largest batch file read */
#define SCREEN_MAX_IDS 16                   /* --id options (and ids in a batch row) */

const char cmd_screen_usage[] =
    "usage: stratex screen [--list FORMAT:PATH]... [--threshold T] [--limit K]\n"
    "                      [--type person|organization|vessel|aircraft] [--country CC]\n"
    "                      [--dob YYYY[-MM[-DD]]] [--id [TYPE:]VALUE]... [--format text|json|csv]\n"
    "                      [--db DB [--party ID]] NAME\n"
    "       stratex screen [--list FORMAT:PATH]... --batch queries.csv [--format csv|jsonl] [--quiet]\n"
    "\n"
    "Screens a name, or every row of a CSV file (columns id, name, and optionally type,\n"
    "country, dob, identifiers (';'-separated)), against restricted-party lists, in Latin,\n"
    "Hangul, Kana and Kanji; every result explains its score.\n"
    "\n"
    "  --list FORMAT:PATH  a list to load (repeatable); formats: ofac-csv, ofac-legacy, un-xml,\n"
    "                 csl-json, uk-tables, meti-eul-json, simple-csv.  Without --list the\n"
    "                 bundled public-domain snapshot (data/lists/MANIFEST) is used.\n"
    "  --threshold T  drop results scoring below T, in [0, 1] (default: the documented one)\n"
    "  --limit K      at most K results per name, 1..1000 (default 10)\n"
    "  --type, --country, --dob, --id  what else is known of the party: a matching country,\n"
    "                 date of birth or identifier raises the score, a conflicting one lowers\n"
    "                 it, each shown in the explanation\n"
    "  --db DB        screen against the lists in force for that audit store (as its\n"
    "                 `lists update` left them) instead of the bundled snapshot\n"
    "  --party ID     the register's party this name is: hits it was cleared of (for the\n"
    "                 entity's current record) are shown as cleared, not as alerts\n"
    "                 (text and json; needs --db)\n"
    "  --quiet        no progress line on a terminal during --batch\n"
    "\n"
    "Exit status: 0 done (with or without matches), 1 bad input, 2 usage.\n";

typedef struct args {
    const char *lists[SCREEN_MAX_LISTS];
    size_t nlists;
    const char *batch, *format, *name, *db, *party;
    int quiet;
    const char *ids[SCREEN_MAX_IDS];
    sx_screen_opts opts;
    sx_audit *audit; /* --db's store, opened by cmd_screen */
} args;

static int parse_args(args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->opts.threshold = -1.0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--list") == 0 && v) {
            if (a->nlists == SCREEN_MAX_LISTS) {
                fprintf(stderr, "stratex screen: at most %d --list options\n", SCREEN_MAX_LISTS);
                return SX_EXIT_USAGE;
            }
            a->lists[a->nlists++] = v;
        } else if (strcmp(o, "--threshold") == 0 && v) {
            if (sx_parse_double(&a->opts.threshold, v) != 0 || a->opts.threshold < 0 ||
                a->opts.threshold > 1) {
                fprintf(stderr, "stratex screen: --threshold takes a number in [0, 1]\n");
                return SX_EXIT_USAGE;
            }
        } else if (strcmp(o, "--limit") == 0 && v) {
            long k;
            if (sx_parse_long(&k, v) != 0 || k < 1 || k > 1000) {
                fprintf(stderr, "stratex screen: --limit takes a number from 1 to 1000\n");
                return SX_EXIT_USAGE;
            }
            a->opts.limit = (size_t)k;
        } else if (strcmp(o, "--type") == 0 && v) {
            a->opts.type = v;
        } else if (strcmp(o, "--country") == 0 && v) {
            a->opts.country = v;
        } else if (strcmp(o, "--dob") == 0 && v) {
            a->opts.dob = v;
        } else if (strcmp(o, "--id") == 0 && v) {
            if (a->opts.nidentifiers == SCREEN_MAX_IDS) {
                fprintf(stderr, "stratex screen: at most %d --id options\n", SCREEN_MAX_IDS);
                return SX_EXIT_USAGE;
            }
            a->ids[a->opts.nidentifiers++] = v;
            a->opts.identifiers = a->ids;
        } else if (strcmp(o, "--format") == 0 && v) {
            a->format = v;
        } else if (strcmp(o, "--db") == 0 && v) {
            a->db = v;
        } else if (strcmp(o, "--party") == 0 && v) {
            a->party = v;
        } else if (strcmp(o, "--batch") == 0 && v) {
            a->batch = v;
        } else if (strcmp(o, "--quiet") == 0 || strcmp(o, "-q") == 0) {
            a->quiet = 1;
            continue;
        } else if (o[0] == '-' && o[1] == '-') {
            fprintf(stderr, "stratex screen: unknown or incomplete option \"%s\"\n%s", o, cmd_screen_usage);
            return SX_EXIT_USAGE;
        } else if (!a->name) {
            a->name = o;
            continue;
        } else {
            fprintf(stderr, "stratex screen: one NAME only (quote names with spaces)\n");
            return SX_EXIT_USAGE;
        }
        i++;
    }
    if (!a->name == !a->batch) {
        fprintf(stderr, "%s", cmd_screen_usage);
        return SX_EXIT_USAGE;
    }
    const char *ok = a->batch ? "csv jsonl" : "text json csv";
    if (a->format && (!strstr(ok, a->format) || strchr(a->format, ' '))) {
        fprintf(stderr, "stratex screen: --format must be one of: %s\n", ok);
        return SX_EXIT_USAGE;
    }
    if (!a->format)
        a->format = a->batch ? "csv" : "text";
    if (a->party && (!a->db || a->batch || a->nlists || strcmp(a->format, "csv") == 0)) {
        fprintf(stderr, "stratex screen: --party needs --db, one NAME, the lists in force "
                        "(no --list) and --format text or json\n");
        return SX_EXIT_USAGE;
    }
    return 0;
}

static int fail(const char *what)
{
    fprintf(stderr, "stratex screen: %s\n", *sx_errmsg() ? sx_errmsg() : what);
    return SX_EXIT_FAIL;
}

static int load_index(sx_screen_index **ix, const args *a)
{
    if (a->audit && a->nlists == 0) {
        char snapshots[4200];
        int rc = sx_audit_default_snapshots(snapshots, sizeof snapshots, a->db);
        return sx_lists_load_version(ix, a->audit, rc == 0 ? snapshots : NULL, cli_data_dir(),
                                     NULL);
    }
    if (a->nlists == 0) {
        char probe[4200];
        const char *dir = cli_data_dir();
        snprintf(probe, sizeof probe, "%s/lists/MANIFEST", dir);
        /* The compiled-in data folder when the CLI's own guess has no lists. */
        return sx_screen_index_load_default(ix, access(probe, R_OK) == 0 ? dir : NULL);
    }
    sx_list *lists[SCREEN_MAX_LISTS];
    for (size_t i = 0; i < a->nlists; i++) {
        const char *colon = strchr(a->lists[i], ':');
        if (!colon) {
            for (size_t j = 0; j < i; j++)
                sx_list_free(lists[j]);
            sx_error_clear();
            fprintf(stderr, "stratex screen: --list takes FORMAT:PATH\n");
            return SX_EINVAL;
        }
        char format[64];
        size_t fl = (size_t)(colon - a->lists[i]);
        snprintf(format, sizeof format, "%.*s", (int)(fl < 63 ? fl : 63), a->lists[i]);
        int rc = sx_list_load(&lists[i], format, colon + 1);
        if (rc != 0) {
            for (size_t j = 0; j < i; j++)
                sx_list_free(lists[j]);
            return rc;
        }
    }
    return sx_screen_index_build(ix, lists, a->nlists);
}

static int put_hit_csv(sx_buf *out, const char *qid, size_t rank, const sx_screen_hit *h)
{
    char num[32];
    int rc = 0;
    if (qid) {
        rc |= sx_csv_put_field(out, qid);
        rc |= sx_buf_putc(out, ',');
    }
    rc |= sx_buf_printf(out, "%zu,", rank);
    rc |= sx_csv_put_field(out, h->list);
    rc |= sx_buf_putc(out, ',');
    rc |= sx_csv_put_field(out, h->entity_id);
    rc |= sx_buf_putc(out, ',');
    rc |= sx_csv_put_field(out, h->matched_name);
    snprintf(num, sizeof num, ",%.4f\n", h->score);
    rc |= sx_buf_puts(out, num);
    return rc ? SX_ENOMEM : 0;
}

/* The answer as JSON, with the party's clearances marked when --party names one. */
static int screened(char **json, const sx_screen_index *ix, const args *a)
{
    char *plain = NULL;
    int rc = sx_screen_json(&plain, ix, a->name, &a->opts);
    if (rc != 0 || !a->party) {
        *json = plain;
        return rc;
    }
    rc = sx_screen_mark_cleared(json, a->audit, ix, a->party, plain);
    sx_free(plain);
    return rc;
}

/* " [cleared]" after a listing a clearance of the --party covers. */
static const char *cleared_mark(const json_t *listing)
{
    return json_object_get(listing, "cleared") ? " [cleared]" : "";
}

/* The text answer: one line per entity (the library's JSON folds an entity listed on
 * several lists into one result), its other listings after it. */
static int screen_text(sx_buf *out, const sx_screen_index *ix, const args *a)
{
    char *json = NULL;
    int rc = screened(&json, ix, a);
    if (rc != 0)
        return rc;
    json_t *root = json_loads(json, 0, NULL);
    sx_free(json);
    if (!root)
        return SX_ENOMEM;
    json_t *results = json_object_get(root, "results");
    if (json_array_size(results) == 0)
        rc = sx_buf_printf(out, "no match at threshold %.2f\n",
                           json_real_value(json_object_get(root, "threshold")));
    for (size_t i = 0; i < json_array_size(results) && rc == 0; i++) {
        json_t *r = json_array_get(results, i), *also = json_object_get(r, "also_listed");
        rc = sx_buf_printf(out, "%zu  %.4f  %-9s %-12s %s (%s)%s", i + 1,
                           json_real_value(json_object_get(r, "score")),
                           json_string_value(json_object_get(r, "list")),
                           json_string_value(json_object_get(r, "entity_id")),
                           json_string_value(json_object_get(r, "matched_name")),
                           json_string_value(json_object_get(r, "type")), cleared_mark(r));
        for (size_t k = 0; k < json_array_size(also) && rc == 0; k++) {
            json_t *o = json_array_get(also, k);
            rc = sx_buf_printf(out, "%s %s %s%s", k ? "," : "  also on",
                               json_string_value(json_object_get(o, "list")),
                               json_string_value(json_object_get(o, "entity_id")),
                               cleared_mark(o));
        }
        rc = rc ? rc : sx_buf_putc(out, '\n');
    }
    json_t *caveats = json_object_get(root, "caveats");
    for (size_t i = 0; i < json_array_size(caveats) && rc == 0; i++)
        rc = sx_buf_printf(out, "caveat: %s\n", json_string_value(json_array_get(caveats, i)));
    if (a->party && rc == 0)
        rc = sx_buf_printf(out, "party %s: %lld alert(s), %lld result(s) cleared on every list\n",
                           a->party,
                           (long long)json_integer_value(json_object_get(root, "alerts")),
                           (long long)json_integer_value(json_object_get(root, "cleared")));
    json_decref(root);
    return rc ? SX_ENOMEM : 0;
}

static int screen_one(sx_buf *out, const sx_screen_index *ix, const args *a)
{
    if (strcmp(a->format, "text") == 0)
        return screen_text(out, ix, a);
    if (strcmp(a->format, "json") == 0) {
        char *json = NULL;
        int rc = screened(&json, ix, a);
        if (rc == 0)
            rc = sx_buf_puts(out, json) || sx_buf_putc(out, '\n') ? SX_ENOMEM : 0;
        sx_free(json);
        return rc;
    }
    sx_screen_hit *hits = NULL;
    size_t n = 0;
    int rc = sx_screen_query(&hits, &n, ix, a->name, &a->opts);
    if (rc != 0)
        return rc;
    double t = a->opts.threshold >= 0 ? a->opts.threshold : sx_screen_default_threshold();
    if (strcmp(a->format, "csv") == 0)
        rc = sx_buf_puts(out, "rank,list,entity_id,matched_name,score\n");
    else if (n == 0)
        rc = sx_buf_printf(out, "no match at threshold %.2f\n", t);
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (strcmp(a->format, "csv") == 0)
            rc = put_hit_csv(out, NULL, i + 1, &hits[i]);
        else
            rc = sx_buf_printf(out, "%zu  %.4f  %-9s %-12s %s (%s)\n", i + 1, hits[i].score,
                               hits[i].list, hits[i].entity_id, hits[i].matched_name,
                               hits[i].entity_type);
    }
    sx_free(hits);
    return rc;
}

/* A row the library refused (an unknown country, a bad date): the message names the row,
 * since nothing of the batch is written. */
static void row_error(const char *file, size_t line)
{
    if (*sx_errmsg()) {
        fprintf(stderr, "stratex screen: %s:%zu: %s\n", file, line, sx_errmsg());
        sx_error_clear();
    }
}

static int screen_batch(sx_buf *out, const sx_screen_index *ix, const args *a)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sx_file_read(&data, &len, a->batch, SCREEN_MAX_BATCH);
    if (rc != 0)
        return rc;
    sx_csv csv;
    sx_csv_init(&csv, data, len, a->batch);
    int cid = -1, cname = -1, ctype = -1, ccountry = -1, cdob = -1, cids = -1;
    bool jsonl = strcmp(a->format, "jsonl") == 0;
    if ((rc = sx_csv_next(&csv)) <= 0 || (cid = sx_csv_column(&csv, "id")) < 0 ||
        (cname = sx_csv_column(&csv, "name")) < 0) {
        if (rc >= 0) {
            fprintf(stderr, "stratex screen: %s:1: header must have id and name columns\n",
                    a->batch);
            sx_error_clear();
            rc = SX_EPARSE;
        }
        goto done;
    }
    ctype = sx_csv_column(&csv, "type");
    ccountry = sx_csv_column(&csv, "country");
    cdob = sx_csv_column(&csv, "dob");
    cids = sx_csv_column(&csv, "identifiers");
    rc = 0;
    if (!jsonl)
        rc = sx_buf_puts(out, "query_id,rank,list,entity_id,matched_name,score\n");
    cli_progress progress;
    cli_progress_start(&progress, "screen", a->quiet);
    size_t rows = 0;
    while (rc == 0 && (rc = sx_csv_next(&csv)) > 0) {
        cli_progress_update(&progress, rows++, (size_t)(csv.p - data), len);
        if ((size_t)cname >= csv.nfields || (size_t)cid >= csv.nfields) {
            fprintf(stderr, "stratex screen: %s:%zu: missing id or name\n", a->batch,
                    csv.rec_line);
            sx_error_clear();
            rc = SX_EPARSE;
            break;
        }
        sx_screen_opts o = a->opts;
        if (ctype >= 0 && (size_t)ctype < csv.nfields && csv.fields[ctype][0])
            o.type = csv.fields[ctype];
        if (ccountry >= 0 && (size_t)ccountry < csv.nfields && csv.fields[ccountry][0])
            o.country = csv.fields[ccountry];
        if (cdob >= 0 && (size_t)cdob < csv.nfields && csv.fields[cdob][0])
            o.dob = csv.fields[cdob];
        const char *row_ids[SCREEN_MAX_IDS];
        if (cids >= 0 && (size_t)cids < csv.nfields && csv.fields[cids][0]) {
            /* "passport:A123;IMO:9123456": split in place (the row is ours). */
            o.nidentifiers = 0;
            o.identifiers = row_ids;
            for (char *p = csv.fields[cids], *next; p && o.nidentifiers < SCREEN_MAX_IDS;
                 p = next) {
                next = strchr(p, ';');
                if (next)
                    *next++ = '\0';
                if (*sx_trim(p))
                    row_ids[o.nidentifiers++] = sx_trim(p);
            }
        }
        const char *qid = csv.fields[cid], *name = csv.fields[cname];
        if (jsonl) {
            char *json = NULL;
            if ((rc = sx_screen_json(&json, ix, name, &o)) != 0) {
                row_error(a->batch, csv.rec_line);
                break;
            }
            /* {"id":...,"query":...}: the row id first, then the screen object. */
            rc = sx_buf_puts(out, "{\"id\":\"");
            for (const char *p = qid; *p && rc == 0; p++)
                rc = (*p == '"' || *p == '\\') ? sx_buf_printf(out, "\\%c", *p)
                     : (unsigned char)*p < 0x20 ? sx_buf_printf(out, "\\u%04x", *p)
                                                : sx_buf_putc(out, *p);
            if (rc == 0)
                rc = sx_buf_printf(out, "\",%s\n", json + 1);
            sx_free(json);
            continue;
        }
        sx_screen_hit *hits = NULL;
        size_t n = 0;
        if ((rc = sx_screen_query(&hits, &n, ix, name, &o)) != 0) {
            row_error(a->batch, csv.rec_line);
            break;
        }
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = put_hit_csv(out, qid, i + 1, &hits[i]);
        sx_free(hits);
    }
    cli_progress_done(&progress);
    if (rc > 0)
        rc = 0;
done:
    sx_csv_free(&csv);
    free(data);
    return rc;
}

int cmd_screen(int argc, char **argv)
{
    args a;
    int st = parse_args(&a, argc, argv);
    if (st != 0)
        return st;
    sx_screen_index *ix = NULL;
    sx_buf out = SX_BUF_INIT;
    if (a.db && sx_audit_open(&a.audit, a.db) != 0)
        return fail("cannot open the audit store");
    int rc = load_index(&ix, &a);
    if (rc != 0) {
        sx_buf_free(&out);
        sx_audit_close(a.audit);
        return rc == SX_EINVAL && !*sx_errmsg() ? SX_EXIT_USAGE : fail("cannot load lists");
    }
    rc = a.batch ? screen_batch(&out, ix, &a) : screen_one(&out, ix, &a);
    sx_screen_index_free(ix);
    sx_audit_close(a.audit);
    if (rc != 0) {
        sx_buf_free(&out);
        return fail("screening failed");
    }
    if (out.len)
        fwrite(out.ptr, 1, out.len, stdout);
    sx_buf_free(&out);
    return fflush(stdout) == 0 ? SX_EXIT_OK : SX_EXIT_FAIL;
}
