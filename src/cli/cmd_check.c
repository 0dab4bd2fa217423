/* stratex check: one shipment from flags, or an order book from CSV.
 *
 * Output is built in memory and written only when every row decided, so a bad row leaves
 * no partial output file behind (PRODUCT.md: "never a partial output file"). */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "stratex/stratex.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/file.h"

#define MAX_PARTIES 64
#define MAX_BATCH_BYTES ((size_t)1 << 30)

typedef struct check_args {
    sx_shipment s;
    const char *parties[MAX_PARTIES];
    const char *answers[MAX_PARTIES];
    const char *format, *batch, *output;
    const char *db, *actor; /* --batch: record the decisions and open cases */
    bool quiet;
} check_args;

const char cmd_check_usage[] =
    "usage: stratex check --from JP --to KR --item 1C350 --date 2019-07-10\n"
    "         [--end-use civil|wmd|conventional|military|unknown] [--hs CODE]\n"
    "         [--party NAME]... [--value AMOUNT --currency USD] [--id REF] [--format text|json]\n"
    "         [--answer QUESTION-ID=yes|no]... [--output FILE]\n"
    "       stratex check --batch shipments.csv [--format csv|jsonl] [--output FILE] [--quiet]\n"
    "         [--db DB [--actor NAME]]\n"
    "\n"
    "Decides whether a shipment, or every row of an order book, needs an export licence: the\n"
    "decision, the licence options open and closed, review days, documents, caveats, and the\n"
    "citation for every step.\n"
    "\n"
    "  --from, --to   exporting jurisdiction (JP, KR, US, EU) and destination (ISO 3166-1)\n"
    "  --item         control number (1C350), ECCN, native reference (jp:3(1)) or not-listed\n"
    "  --date         YYYY-MM-DD, the jurisdiction's local calendar day\n"
    "  --end-use, --hs  facts that catch-all and situational-permission rules ask for\n"
    "  --party        a party name, screened against the bundled lists (repeatable)\n"
    "  --answer       answers a question an \"indeterminate\" answer asked (repeatable)\n"
    "  --batch FILE   CSV with the columns id,from,to,item,date and optionally end_use,hs,\n"
    "                 party,value,currency,answers (\"ID=yes;ID=no\")\n"
    "  --output FILE  writes the answer to FILE atomically: no partial file on failure\n"
    "  --quiet        no progress line on a terminal during --batch\n"
    "  --db DB        --batch: record every decision in the audit store DB and open a case for\n"
    "                 each blocked line (stratex cases); --actor names who ran it\n"
    "\n"
    "Exit status: 0 decided, 1 bad input (the message names the field or file:line), 2 usage.\n";

static int usage(const char *msg)
{
    fprintf(stderr, "stratex check: %s\n%s", msg, cmd_check_usage);
    return SX_EXIT_USAGE;
}

static int parse_args(check_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = NULL;
        if (strcmp(opt, "--quiet") == 0 || strcmp(opt, "-q") == 0) {
            a->quiet = true;
            continue;
        }
        if (strcmp(opt, "--from") == 0) slot = &a->s.from;
        else if (strcmp(opt, "--to") == 0) slot = &a->s.to;
        else if (strcmp(opt, "--item") == 0) slot = &a->s.item;
        else if (strcmp(opt, "--date") == 0) slot = &a->s.date;
        else if (strcmp(opt, "--end-use") == 0) slot = &a->s.end_use;
        else if (strcmp(opt, "--hs") == 0) slot = &a->s.hs;
        else if (strcmp(opt, "--value") == 0) slot = &a->s.value;
        else if (strcmp(opt, "--currency") == 0) slot = &a->s.currency;
        else if (strcmp(opt, "--id") == 0) slot = &a->s.id;
        else if (strcmp(opt, "--format") == 0) slot = &a->format;
        else if (strcmp(opt, "--batch") == 0) slot = &a->batch;
        else if (strcmp(opt, "--output") == 0 || strcmp(opt, "-o") == 0) slot = &a->output;
        else if (strcmp(opt, "--db") == 0) slot = &a->db;
        else if (strcmp(opt, "--actor") == 0) slot = &a->actor;
        else if (strcmp(opt, "--party") == 0) {
            if (a->s.nparties == MAX_PARTIES)
                return usage("too many --party options (at most 64)");
            slot = &a->parties[a->s.nparties++];
        } else if (strcmp(opt, "--answer") == 0) {
            if (a->s.nanswers == MAX_PARTIES)
                return usage("too many --answer options (at most 64)");
            slot = &a->answers[a->s.nanswers++];
        } else {
            fprintf(stderr, "stratex check: unknown option \"%s\"\n", opt);
            return SX_EXIT_USAGE;
        }
        if (!val) {
            fprintf(stderr, "stratex check: %s needs a value\n", opt);
            return SX_EXIT_USAGE;
        }
        *slot = val;
        i++;
    }
    a->s.parties = a->parties;
    a->s.answers = a->answers;
    return SX_EXIT_OK;
}

/* Writes the finished output: to FILE atomically, or to stdout. */
static int emit(const check_args *a, const sx_buf *b)
{
    if (a->output) {
        if (sx_file_write_atomic(a->output, b->ptr ? b->ptr : "", b->len) != 0) {
            fprintf(stderr, "stratex check: %s\n", sx_errmsg());
            return SX_EXIT_FAIL;
        }
        return SX_EXIT_OK;
    }
    if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
        return SX_EXIT_FAIL;
    return fflush(stdout) == 0 ? SX_EXIT_OK : SX_EXIT_FAIL;
}

/* The bundled restricted-party lists, loaded only when a shipment names a party (the
 * index takes most of a second to build). */
static int load_screen(sx_screen_index **ix)
{
    if (*ix)
        return SX_EXIT_OK;
    if (sx_screen_index_load_default(ix, cli_data_dir()) != 0) {
        fprintf(stderr, "stratex check: cannot load the restricted-party lists: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    return SX_EXIT_OK;
}

/* ---- one shipment ------------------------------------------------------------------------ */

/* The library's compact JSON, indented for a person: the same object, key order kept. */
static int indented_json(char **out, const sx_decision *d)
{
    char *compact = NULL;
    int rc = sx_decision_json(&compact, d);
    if (rc)
        return rc;
    json_t *j = json_loads(compact, 0, NULL);
    sx_free(compact);
    *out = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    return *out ? 0 : SX_ENOMEM;
}

static int check_one(check_args *a)
{
    const char *fmt = a->format ? a->format : "text";
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return usage("--format must be text or json for one shipment");
    if (!a->s.from || !a->s.to || !a->s.item || !a->s.date)
        return usage("--from, --to, --item and --date are required (or --batch FILE)");
    sx_regimes *r;
    if (cli_load_regimes(&r, NULL) != SX_EXIT_OK)
        return SX_EXIT_FAIL;
    sx_screen_index *ix = NULL;
    if (a->s.nparties && load_screen(&ix) != SX_EXIT_OK) {
        sx_regimes_free(r);
        return SX_EXIT_FAIL;
    }
    sx_decision *d = NULL;
    char *text = NULL;
    int rc = sx_decide(&d, r, ix, &a->s);
    if (!rc && strcmp(fmt, "json") == 0) {
        rc = indented_json(&text, d);
    } else if (!rc) {
        rc = sx_decision_text(&text, d);
    }
    int exit_code = SX_EXIT_OK;
    if (rc) {
        fprintf(stderr, "stratex check: %s\n", sx_errmsg());
        exit_code = SX_EXIT_FAIL;
    } else {
        sx_buf b = SX_BUF_INIT;
        sx_buf_puts(&b, text);
        if (strcmp(fmt, "json") == 0)
            sx_buf_putc(&b, '\n');
        exit_code = emit(a, &b);
        sx_buf_free(&b);
    }
    if (strcmp(fmt, "json") == 0)
        free(text); /* jansson's json_dumps() */
    else
        sx_free(text);
    sx_decision_free(d);
    sx_screen_index_free(ix);
    sx_regimes_free(r);
    return exit_code;
}

/* ---- a batch ---------------------------------------------------------------------------------- */

typedef struct batch_cols {
    int id, from, to, item, date, end_use, hs, party, value, currency, answers;
} batch_cols;

static int find_columns(sx_csv *c, batch_cols *k)
{
    const char *required[] = {"id", "from", "to", "item", "date"};
    int *slots[] = {&k->id, &k->from, &k->to, &k->item, &k->date};
    for (size_t i = 0; i < 5; i++)
        if ((*slots[i] = sx_csv_column(c, required[i])) < 0) {
            fprintf(stderr, "stratex check: %s:1: missing column \"%s\" (need id,from,to,item,date)\n",
                    c->name, required[i]);
            return SX_EXIT_FAIL;
        }
    k->end_use = sx_csv_column(c, "end_use");
    k->hs = sx_csv_column(c, "hs");
    k->party = sx_csv_column(c, "party");
    k->value = sx_csv_column(c, "value");
    k->currency = sx_csv_column(c, "currency");
    k->answers = sx_csv_column(c, "answers");
    return SX_EXIT_OK;
}

static const char *col(const sx_csv *c, int i)
{
    return i >= 0 && (size_t)i < c->nfields && *c->fields[i] ? c->fields[i] : NULL;
}

static void put_joined_options(sx_buf *b, const sx_decision *d, bool review_days)
{
    bool first = true;
    for (size_t i = 0; i < sx_decision_option_count(d); i++) {
        if (sx_decision_option_state(d, i) != SX_OPTION_OPEN)
            continue;
        if (!first)
            sx_buf_putc(b, ';');
        first = false;
        int days = sx_decision_option_review_days(d, i);
        if (!review_days)
            sx_buf_puts(b, sx_decision_option_licence(d, i));
        else if (days >= 0)
            sx_buf_printf(b, "%d", days);
    }
}

static int put_csv_row(sx_buf *out, const sx_decision *d)
{
    sx_buf f = SX_BUF_INIT;
    const char *id = sx_decision_id(d);
    sx_csv_put_field(out, id ? id : "");
    sx_buf_putc(out, ',');
    sx_csv_put_field(out, sx_decision_outcome(d));
    sx_buf_putc(out, ',');
    put_joined_options(&f, d, false);
    sx_csv_put_field(out, f.ptr ? f.ptr : "");
    sx_buf_putc(out, ',');
    sx_buf_clear(&f);
    put_joined_options(&f, d, true);
    sx_csv_put_field(out, f.ptr ? f.ptr : "");
    sx_buf_putc(out, ',');
    sx_buf_clear(&f);
    for (size_t i = 0; i < sx_decision_citation_count(d); i++)
        sx_buf_printf(&f, "%s%s", i ? ";" : "", sx_decision_citation_id(d, i));
    sx_csv_put_field(out, f.ptr ? f.ptr : "");
    sx_buf_putc(out, ',');
    sx_buf_clear(&f);
    int rc = 0;
    for (size_t i = 0; !rc && i < sx_decision_question_count(d); i++) {
        char *qid = NULL;
        rc = sx_decision_question_id(&qid, d, i);
        if (!rc)
            sx_buf_printf(&f, "%s%s", i ? ";" : "", qid);
        sx_free(qid);
    }
    sx_csv_put_field(out, f.ptr ? f.ptr : "");
    sx_buf_putc(out, '\n');
    sx_buf_free(&f);
    return rc;
}

static int decide_row(const sx_regimes *r, sx_screen_index **ix, const sx_csv *c, const batch_cols *k,
                      bool jsonl, sx_buf *out, json_t *record)
{
    const char *party = col(c, k->party);
    /* answers: "ID=yes;ID=no", split in a copy */
    char answers_buf[4096];
    const char *answers[64];
    size_t nanswers = 0;
    const char *given = col(c, k->answers);
    if (given && strlen(given) >= sizeof answers_buf) {
        fprintf(stderr, "stratex check: %s:%zu: answers: longer than %zu bytes\n", c->name, c->rec_line,
                sizeof answers_buf - 1);
        return SX_EXIT_FAIL;
    }
    if (given) {
        strcpy(answers_buf, given);
        for (char *save = NULL, *t = strtok_r(answers_buf, ";", &save); t && nanswers < 64;
             t = strtok_r(NULL, ";", &save))
            answers[nanswers++] = t;
    }
    sx_shipment s = {.id = col(c, k->id), .from = col(c, k->from), .to = col(c, k->to),
                     .item = col(c, k->item), .date = col(c, k->date), .end_use = col(c, k->end_use),
                     .hs = col(c, k->hs), .value = col(c, k->value), .currency = col(c, k->currency),
                     .parties = &party, .nparties = party ? 1 : 0, .answers = answers, .nanswers = nanswers};
    s.version = SX_SHIPMENT_VERSION;
    sx_decision *d = NULL;
    if (party && load_screen(ix) != SX_EXIT_OK)
        return SX_EXIT_FAIL;
    if (sx_decide(&d, r, *ix, &s) != 0) {
        fprintf(stderr, "stratex check: %s:%zu: %s\n", c->name, c->rec_line, sx_errmsg());
        return SX_EXIT_FAIL;
    }
    if (record)
        json_array_append_new(record, cli_shipment_json(&s));
    int rc;
    if (jsonl) {
        char *line = NULL;
        rc = sx_decision_json(&line, d);
        if (rc == 0) {
            sx_buf_puts(out, line);
            sx_buf_putc(out, '\n');
        }
        sx_free(line);
    } else {
        rc = put_csv_row(out, d);
    }
    sx_decision_free(d);
    if (rc) {
        /* never a row left out of the output: the whole batch fails */
        fprintf(stderr, "stratex check: %s:%zu: %s\n", c->name, c->rec_line, sx_errmsg());
        return SX_EXIT_FAIL;
    }
    return SX_EXIT_OK;
}

static int check_batch(check_args *a)
{
    const char *fmt = a->format ? a->format : "csv";
    if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "jsonl") != 0)
        return usage("--format must be csv or jsonl for --batch");
    char *data;
    size_t len;
    if (sx_file_read(&data, &len, a->batch, MAX_BATCH_BYTES) != 0) {
        fprintf(stderr, "stratex check: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    sx_regimes *r;
    if (cli_load_regimes(&r, NULL) != SX_EXIT_OK) {
        free(data);
        return SX_EXIT_FAIL;
    }
    sx_csv c;
    sx_csv_init(&c, data, len, a->batch);
    sx_buf out = SX_BUF_INIT;
    sx_screen_index *ix = NULL;
    batch_cols k;
    bool jsonl = strcmp(fmt, "jsonl") == 0;
    int exit_code = SX_EXIT_OK, got = sx_csv_next(&c);
    if (got <= 0) {
        fprintf(stderr, "stratex check: %s\n", got < 0 ? sx_errmsg() : "the batch file is empty (need a header)");
        exit_code = SX_EXIT_FAIL;
    } else {
        exit_code = find_columns(&c, &k);
    }
    if (exit_code == SX_EXIT_OK && !jsonl)
        sx_buf_puts(&out, "id,decision,options,review_days,citations,questions\n");
    json_t *record = a->db ? json_array() : NULL;
    cli_progress progress;
    cli_progress_start(&progress, "check", a->quiet);
    size_t rows = 0;
    while (exit_code == SX_EXIT_OK && (got = sx_csv_next(&c)) > 0) {
        exit_code = decide_row(r, &ix, &c, &k, jsonl, &out, record);
        cli_progress_update(&progress, ++rows, (size_t)(c.p - data), len);
    }
    cli_progress_done(&progress);
    if (exit_code == SX_EXIT_OK && got < 0) {
        fprintf(stderr, "stratex check: %s\n", sx_errmsg());
        exit_code = SX_EXIT_FAIL;
    }
    /* recorded only once every row decided: a bad row records nothing */
    if (exit_code == SX_EXIT_OK && record)
        exit_code = cli_record_batch(a->db, cli_actor(a->actor), r, ix, record);
    json_decref(record);
    if (exit_code == SX_EXIT_OK)
        exit_code = emit(a, &out);
    sx_buf_free(&out);
    sx_csv_free(&c);
    sx_screen_index_free(ix);
    sx_regimes_free(r);
    free(data);
    return exit_code;
}

int cmd_check(int argc, char **argv)
{
    check_args a = {0};
    int rc = parse_args(&a, argc, argv);
    if (rc != SX_EXIT_OK)
        return rc;
    return a.batch ? check_batch(&a) : check_one(&a);
}
