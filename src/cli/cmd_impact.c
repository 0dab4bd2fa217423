/* stratex impact: what a rule change does to an order book.
 *
 * Every row of a batch file is decided twice -- on two dates, or on today's data and on a
 * hypothetical data directory (--data-b) -- and the rows whose answer changes are listed
 * with both answers.  The typical questions: "what did 2019-08-28 do to our Korea orders?",
 * "what would moving Japan back to 가의2 do to next quarter's book?". */
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

#define MAX_BATCH_BYTES ((size_t)1 << 30)

typedef struct impact_args {
    const char *batch, *date_a, *date_b, *data_b, *format, *output;
    bool all, quiet;
} impact_args;

/* The declared value of the changed orders, per currency (value,currency columns). */
#define MAX_CURRENCIES 16
typedef struct value_sum {
    char currency[MAX_CURRENCIES][4];
    double amount[MAX_CURRENCIES];
    size_t n;
} value_sum;

typedef struct answer {
    const char *decision;
    char options[512], days[128];
} answer;

const char cmd_impact_usage[] =
    "usage: stratex impact --batch orders.csv --date-a 2019-08-27 --date-b 2019-08-28\n"
    "       stratex impact --batch orders.csv --data-b DIR   (same dates, hypothetical data)\n"
    "         [--all] [--format csv|json] [--output FILE] [--quiet]\n"
    "\n"
    "Decides every order of a book twice -- on two dates, or on today's data and on a\n"
    "hypothetical data folder -- and lists the orders whose answer changes.\n"
    "\n"
    "  --batch FILE   CSV with the columns id,from,to,item,date and optionally end_use,hs,\n"
    "                 value,currency (checked like stratex check's; the declared value of\n"
    "                 the orders that change is summed per currency)\n"
    "  --date-a, --date-b  the two dates (override each row's date)\n"
    "  --data-b DIR   a second data folder (regimes/ as under data/) for answer b\n"
    "  --all          lists every order, changed or not\n"
    "  --output FILE  writes the report to FILE atomically\n"
    "  --quiet        no progress line on a terminal, no closing count on stderr\n"
    "\n"
    "Exit status: 0 done, 1 bad input (file:line), 2 usage.\n";

static int usage(const char *msg)
{
    fprintf(stderr, "stratex impact: %s\n%s", msg, cmd_impact_usage);
    return SX_EXIT_USAGE;
}

static int parse_args(impact_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], **slot = NULL;
        if (strcmp(opt, "--all") == 0) {
            a->all = true;
            continue;
        }
        if (strcmp(opt, "--quiet") == 0 || strcmp(opt, "-q") == 0) {
            a->quiet = true;
            continue;
        }
        if (strcmp(opt, "--batch") == 0) slot = &a->batch;
        else if (strcmp(opt, "--date-a") == 0) slot = &a->date_a;
        else if (strcmp(opt, "--date-b") == 0) slot = &a->date_b;
        else if (strcmp(opt, "--data-b") == 0) slot = &a->data_b;
        else if (strcmp(opt, "--format") == 0) slot = &a->format;
        else if (strcmp(opt, "--output") == 0) slot = &a->output;
        if (!slot || i + 1 >= argc) {
            fprintf(stderr, "stratex impact: %s \"%s\"\n", slot ? "missing value for" : "unknown option", opt);
            return SX_EXIT_USAGE;
        }
        *slot = argv[++i];
    }
    if (!a->batch)
        return usage("--batch is required");
    if (!a->data_b && (!a->date_a || !a->date_b))
        return usage("give --date-a and --date-b, or --data-b");
    if (!a->format)
        a->format = "csv";
    if (strcmp(a->format, "csv") != 0 && strcmp(a->format, "json") != 0)
        return usage("--format must be csv or json");
    return SX_EXIT_OK;
}

static void summarise(const sx_decision *d, answer *out)
{
    size_t n = 0, m = 0;
    out->decision = sx_decision_outcome(d);
    out->options[0] = out->days[0] = '\0';
    for (size_t i = 0; i < sx_decision_option_count(d); i++) {
        if (sx_decision_option_state(d, i) != SX_OPTION_OPEN)
            continue;
        const char *licence = sx_decision_option_licence(d, i);
        int review_days = sx_decision_option_review_days(d, i);
        n += (size_t)snprintf(out->options + n, n < sizeof out->options ? sizeof out->options - n : 0, "%s%s",
                              n ? ";" : "", licence);
        if (review_days >= 0)
            m += (size_t)snprintf(out->days + m, m < sizeof out->days ? sizeof out->days - m : 0, "%s%s:%d",
                                  m ? ";" : "", licence, review_days);
    }
}

/* Decides one row; date overrides the row's date when given. */
static int decide_row(answer *out, const sx_regimes *r, const sx_csv *c, const int *col, const char *date)
{
    const char *f[9];
    for (int i = 0; i < 9; i++)
        f[i] = col[i] >= 0 && (size_t)col[i] < c->nfields && *c->fields[col[i]] ? c->fields[col[i]] : NULL;
    sx_shipment s = {.id = f[0],
                     .from = f[1],
                     .to = f[2],
                     .item = f[3],
                     .date = date ? date : f[4],
                     .end_use = f[5],
                     .hs = f[6],
                     .value = f[7],
                     .currency = f[8]};
    s.version = SX_SHIPMENT_VERSION;
    sx_decision *d = NULL;
    int rc = sx_decide(&d, r, NULL, &s);
    if (rc == SX_EDATE && date) {
        /* the row is fine, but the jurisdiction's data does not reach the date asked about
         * (the US snapshot, say): report that instead of failing the whole book */
        out->decision = "no_data";
        snprintf(out->options, sizeof out->options, "%s", sx_errmsg());
        out->days[0] = '\0';
        return SX_EXIT_OK;
    }
    if (rc != 0) {
        fprintf(stderr, "stratex impact: %s:%zu: %s\n", c->name, c->rec_line, sx_errmsg());
        return SX_EXIT_FAIL;
    }
    summarise(d, out);
    sx_decision_free(d);
    return SX_EXIT_OK;
}

static void put_row(sx_buf *b, json_t *rows, const char *id, const answer *x, const answer *y, bool changed)
{
    if (rows) {
        json_array_append_new(rows, json_pack("{s:s, s:b, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}", "id", id,
                                              "changed", changed, "a", "decision", x->decision, "options",
                                              x->options, "review_days", x->days, "b", "decision", y->decision,
                                              "options", y->options, "review_days", y->days));
        return;
    }
    const char *fields[] = {id, x->decision, y->decision, x->options, y->options, x->days, y->days,
                            changed ? "1" : "0"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (i)
            sx_buf_putc(b, ',');
        sx_csv_put_field(b, fields[i]);
    }
    sx_buf_putc(b, '\n');
}

/* Adds a changed order's declared value (already checked by sx_decide) to its currency. */
static int add_value(value_sum *v, const sx_csv *c, const int *col)
{
    const char *amount = col[7] >= 0 && (size_t)col[7] < c->nfields ? c->fields[col[7]] : "";
    const char *currency = col[8] >= 0 && (size_t)col[8] < c->nfields ? c->fields[col[8]] : "";
    if (!*amount || strlen(currency) != 3)
        return SX_EXIT_OK;
    size_t i = 0;
    while (i < v->n && strcmp(v->currency[i], currency) != 0)
        i++;
    if (i == MAX_CURRENCIES) {
        fprintf(stderr, "stratex impact: %s:%zu: more than %d currencies\n", c->name, c->rec_line,
                MAX_CURRENCIES);
        return SX_EXIT_FAIL;
    }
    if (i == v->n) {
        memcpy(v->currency[i], currency, 4);
        v->amount[i] = 0;
        v->n++;
    }
    v->amount[i] += strtod(amount, NULL);
    return SX_EXIT_OK;
}

static int run(const impact_args *a, sx_csv *c, const sx_regimes *ra, const sx_regimes *rb, sx_buf *out)
{
    static const char *const names[] = {"id",      "from", "to",    "item",    "date",
                                        "end_use", "hs",   "value", "currency"};
    int col[9];
    value_sum value = {0};
    const char *begin = c->p; /* for the share of the input read */
    if (sx_csv_next(c) <= 0) {
        fprintf(stderr, "stratex impact: %s: empty file or bad header\n", c->name);
        return SX_EXIT_FAIL;
    }
    for (int i = 0; i < 9; i++)
        if ((col[i] = sx_csv_column(c, names[i])) < 0 && i < 5) {
            fprintf(stderr, "stratex impact: %s:1: missing column \"%s\"\n", c->name, names[i]);
            return SX_EXIT_FAIL;
        }
    json_t *rows = strcmp(a->format, "json") == 0 ? json_array() : NULL;
    if (!rows)
        sx_buf_puts(out, "id,decision_a,decision_b,options_a,options_b,review_days_a,review_days_b,changed\n");
    long total = 0, changed = 0;
    int got, rc = SX_EXIT_OK;
    cli_progress progress;
    cli_progress_start(&progress, "impact", a->quiet);
    while (rc == SX_EXIT_OK && (got = sx_csv_next(c)) > 0) {
        cli_progress_update(&progress, (size_t)total, (size_t)(c->p - begin), (size_t)(c->end - begin));
        answer x, y;
        rc = decide_row(&x, ra, c, col, a->date_a);
        if (rc == SX_EXIT_OK)
            rc = decide_row(&y, rb, c, col, a->date_b);
        if (rc != SX_EXIT_OK)
            break;
        bool both_without_data = strcmp(x.decision, "no_data") == 0 && strcmp(y.decision, "no_data") == 0;
        bool diff = !both_without_data && (strcmp(x.decision, y.decision) != 0 ||
                                           strcmp(x.options, y.options) != 0 || strcmp(x.days, y.days) != 0);
        total++;
        changed += diff;
        if (diff)
            rc = add_value(&value, c, col);
        if (diff || a->all)
            put_row(out, rows, col[0] >= 0 ? c->fields[col[0]] : "", &x, &y, diff);
    }
    if (rc == SX_EXIT_OK && got < 0) {
        fprintf(stderr, "stratex impact: %s\n", sx_errmsg());
        rc = SX_EXIT_FAIL;
    }
    if (rc == SX_EXIT_OK && rows) {
        json_t *values = json_object();
        for (size_t i = 0; i < value.n; i++) {
            char amount[64];
            snprintf(amount, sizeof amount, "%.2f", value.amount[i]);
            json_object_set_new(values, value.currency[i], json_string(amount));
        }
        json_t *root =
            json_pack("{s:s?, s:s?, s:s?, s:I, s:I, s:o, s:o}", "date_a", a->date_a, "date_b",
                      a->date_b, "data_b", a->data_b, "orders", (json_int_t)total, "changed",
                      (json_int_t)changed, "value_changed", values, "rows", rows);
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        sx_buf_puts(out, text);
        sx_buf_putc(out, '\n');
        free(text);
        json_decref(root);
        rows = NULL;
    }
    cli_progress_done(&progress);
    json_decref(rows);
    if (rc == SX_EXIT_OK && !a->quiet) {
        fprintf(stderr, "stratex impact: %ld of %ld orders change", changed, total);
        for (size_t i = 0; i < value.n; i++)
            fprintf(stderr, "%s%.2f %s", i ? ", " : " (declared value ", value.amount[i],
                    value.currency[i]);
        fprintf(stderr, "%s\n", value.n ? ")" : "");
    }
    return rc;
}

int cmd_impact(int argc, char **argv)
{
    impact_args a = {0};
    int rc = parse_args(&a, argc, argv);
    if (rc != SX_EXIT_OK)
        return rc;
    char *data;
    size_t len;
    if (sx_file_read(&data, &len, a.batch, MAX_BATCH_BYTES) != 0) {
        fprintf(stderr, "stratex impact: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    sx_regimes *ra = NULL, *rb = NULL;
    rc = cli_load_regimes(&ra, NULL);
    if (rc == SX_EXIT_OK && a.data_b)
        rc = cli_load_regimes(&rb, a.data_b);
    sx_buf out = SX_BUF_INIT;
    sx_csv c;
    sx_csv_init(&c, data, len, a.batch);
    if (rc == SX_EXIT_OK)
        rc = run(&a, &c, ra, rb ? rb : ra, &out);
    if (rc == SX_EXIT_OK && a.output && sx_file_write_atomic(a.output, out.ptr ? out.ptr : "", out.len) != 0) {
        fprintf(stderr, "stratex impact: %s\n", sx_errmsg());
        rc = SX_EXIT_FAIL;
    } else if (rc == SX_EXIT_OK && !a.output && out.len) {
        fwrite(out.ptr, 1, out.len, stdout);
    }
    sx_buf_free(&out);
    sx_csv_free(&c);
    sx_regimes_free(ra);
    sx_regimes_free(rb);
    free(data);
    return rc;
}
