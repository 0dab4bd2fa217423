/* stratex match — scores name pairs from a CSV file (name1,name2[,schema] plus any other
 * columns, which are copied through) and marks those at the default threshold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "stratex/errors.h"
#include "stratex/screen.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/file.h"

#define MATCH_MAX_FILE ((size_t)256 << 20) /* largest pairs file read */

const char cmd_match_usage[] =
    "usage: stratex match --pairs pairs.csv [--format csv]\n"
    "\n"
    "Scores name pairs on the screening scale: each row of pairs.csv has name1,name2 and\n"
    "optionally schema (person, organization, vessel, aircraft, or the FollowTheMoney names\n"
    "Person, Company, Organization, LegalEntity, PublicBody, Vessel, Airplane; checked: a\n"
    "person's names may give more or fewer given and middle names, as a listed person's\n"
    "do when screening); other columns are copied through, and a score and whether it\n"
    "reaches the default alert threshold are added.\n"
    "\n"
    "Exit status: 0 done, 1 bad input (file:line), 2 usage.\n";

static int put_row(sx_buf *out, const sx_csv *csv)
{
    int rc = 0;
    for (size_t i = 0; i < csv->nfields && rc == 0; i++) {
        if (i)
            rc = sx_buf_putc(out, ',');
        if (rc == 0)
            rc = sx_csv_put_field(out, csv->fields[i]);
    }
    return rc;
}

static int match_file(sx_buf *out, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sx_file_read(&data, &len, path, MATCH_MAX_FILE);
    if (rc != 0)
        return rc;
    sx_csv csv;
    sx_csv_init(&csv, data, len, path);
    int c1 = -1, c2 = -1, cs = -1;
    size_t width = 0;
    if ((rc = sx_csv_next(&csv)) <= 0 || (c1 = sx_csv_column(&csv, "name1")) < 0 ||
        (c2 = sx_csv_column(&csv, "name2")) < 0) {
        if (rc >= 0) {
            fprintf(stderr, "stratex match: %s:1: header must have name1 and name2 columns\n",
                    path);
            rc = SX_EPARSE;
        }
        goto done;
    }
    cs = sx_csv_column(&csv, "schema");
    width = csv.nfields;
    rc = put_row(out, &csv);
    if (rc == 0)
        rc = sx_buf_puts(out, ",score,alert\n");
    double t = sx_screen_default_threshold();
    while (rc == 0 && (rc = sx_csv_next(&csv)) > 0) {
        if (csv.nfields != width) {
            fprintf(stderr, "stratex match: %s:%zu: expected %zu fields, found %zu\n", path,
                    csv.rec_line, width, csv.nfields);
            rc = SX_EPARSE;
            break;
        }
        double s = 0;
        rc = sx_match_names(&s, csv.fields[c1], csv.fields[c2],
                            cs >= 0 ? csv.fields[cs] : NULL);
        if (rc == SX_EINVAL) { /* a bad schema or name: say which line */
            fprintf(stderr, "stratex match: %s:%zu: %s\n", path, csv.rec_line, sx_errmsg());
            sx_error_clear();
            break;
        }
        if (rc == 0)
            rc = put_row(out, &csv);
        if (rc == 0)
            rc = sx_buf_printf(out, ",%.4f,%d\n", s, s >= t);
    }
    if (rc > 0)
        rc = 0;
done:
    sx_csv_free(&csv);
    free(data);
    return rc;
}

int cmd_match(int argc, char **argv)
{
    const char *pairs = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc) {
            pairs = argv[++i];
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
                   strcmp(argv[i + 1], "csv") == 0) {
            i++;
        } else {
            fprintf(stderr, "%s", cmd_match_usage);
            return SX_EXIT_USAGE;
        }
    }
    if (!pairs) {
        fprintf(stderr, "%s", cmd_match_usage);
        return SX_EXIT_USAGE;
    }
    sx_buf out = SX_BUF_INIT;
    int rc = match_file(&out, pairs);
    if (rc != 0) {
        if (*sx_errmsg())
            fprintf(stderr, "stratex match: %s\n", sx_errmsg());
        sx_buf_free(&out);
        return SX_EXIT_FAIL;
    }
    fwrite(out.ptr, 1, out.len, stdout);
    sx_buf_free(&out);
    return fflush(stdout) == 0 ? SX_EXIT_OK : SX_EXIT_FAIL;
}
