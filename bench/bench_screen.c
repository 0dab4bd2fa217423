/* Screening throughput: builds the index over the bundled lists, then screens query
 * files (CSV with a "name" or "full_name" column) one query at a time on one thread and
 * reports queries/s, p50/p99 latency and RSS.  Figures are reported, never asserted.
 * Usage: bench_screen [DATA_DIR] QUERIES.csv... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stratex/errors.h"
#include "stratex/screen.h"
#include "util/csv.h"
#include "util/file.h"

#define BENCH_MAX_QUERIES 20000 /* queries taken from each file */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void run_file(const sx_screen_index *ix, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (sx_file_read(&data, &len, path, (size_t)64 << 20) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return;
    }
    sx_csv csv;
    sx_csv_init(&csv, data, len, path);
    int col = -1;
    if (sx_csv_next(&csv) > 0) {
        col = sx_csv_column(&csv, "name");
        if (col < 0)
            col = sx_csv_column(&csv, "full_name");
    }
    double *lat = malloc(BENCH_MAX_QUERIES * sizeof *lat);
    size_t n = 0, alerts = 0;
    double t0 = now();
    while (col >= 0 && lat && n < BENCH_MAX_QUERIES && sx_csv_next(&csv) > 0) {
        if ((size_t)col >= csv.nfields)
            continue;
        sx_screen_hit *hits = NULL;
        size_t nh = 0;
        double a = now();
        if (sx_screen_query(&hits, &nh, ix, csv.fields[col], NULL) != 0)
            break;
        lat[n++] = now() - a;
        alerts += nh > 0;
        free(hits);
    }
    double secs = now() - t0;
    if (n > 0) {
        qsort(lat, n, sizeof *lat, cmp_double);
        printf("%-60s %6zu queries  %8.0f queries/s  p50 %6.1f us  p99 %7.1f us  alerts %.3f\n",
               path, n, (double)n / secs, lat[n / 2] * 1e6, lat[n * 99 / 100] * 1e6,
               (double)alerts / (double)n);
    }
    free(lat);
    sx_csv_free(&csv);
    free(data);
}

int main(int argc, char **argv)
{
    int first = 1;
    const char *data_dir = NULL;
    if (argc > 1 && !strstr(argv[1], ".csv")) {
        data_dir = argv[1];
        first = 2;
    }
    double t0 = now();
    sx_screen_index *ix = NULL;
    if (sx_screen_index_load_default(&ix, data_dir) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        return 1;
    }
    printf("index: %zu names from the bundled lists, built in %.2f s, RSS %ld MB\n",
           sx_screen_index_name_count(ix), now() - t0, rss_kb() / 1024);
    for (int i = first; i < argc; i++)
        run_file(ix, argv[i]);
    printf("RSS after queries: %ld MB\n", rss_kb() / 1024);
    sx_screen_index_free(ix);
    return 0;
}
