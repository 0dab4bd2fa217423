/* Screening throughput: builds the index over the bundled lists (plus any lists given
 * with --list, e.g. the 1M-name synthetic list of bench/synth_names.py), then screens
 * query files (CSV with a "name" or "full_name" column) one query at a time on one
 * thread and reports queries/s, p50/p95/p99 latency (wall clock, then thread CPU time)
 * and RSS.  Figures are reported, never asserted.
 * Usage: bench_screen [DATA_DIR] [--list FORMAT:PATH]... QUERIES.csv... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stratex/errors.h"
#include "stratex/screen.h"
#include "lib/screen/text.h"
#include "util/csv.h"
#include "util/file.h"

#define BENCH_MAX_QUERIES 20000 /* queries taken from each file */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: on a shared machine wall-clock percentiles include the time
 * slices other processes took (about 4 ms each), CPU time does not. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
    double *cpu = malloc(BENCH_MAX_QUERIES * sizeof *cpu);
    size_t n = 0, alerts = 0;
    double t0 = now(), c0 = cpu_now();
    while (col >= 0 && lat && cpu && n < BENCH_MAX_QUERIES && sx_csv_next(&csv) > 0) {
        if ((size_t)col >= csv.nfields)
            continue;
        sx_screen_hit *hits = NULL;
        size_t nh = 0;
        double a = now(), c = cpu_now();
        if (sx_screen_query(&hits, &nh, ix, csv.fields[col], NULL) != 0)
            break;
        cpu[n] = cpu_now() - c;
        lat[n++] = now() - a;
        alerts += nh > 0;
        free(hits);
    }
    double secs = now() - t0, csecs = cpu_now() - c0;
    if (n > 0) {
        qsort(lat, n, sizeof *lat, cmp_double);
        qsort(cpu, n, sizeof *cpu, cmp_double);
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        printf("%-32s %5zu q  %6.0f q/s  p50 %6.1f  p95 %7.1f  p99 %7.1f us  "
               "| CPU %6.0f q/s  p50 %6.1f  p95 %7.1f  p99 %7.1f us  alerts %.3f\n",
               base, n, (double)n / secs, lat[n / 2] * 1e6, lat[n * 95 / 100] * 1e6,
               lat[n * 99 / 100] * 1e6, (double)n / csecs, cpu[n / 2] * 1e6,
               cpu[n * 95 / 100] * 1e6, cpu[n * 99 / 100] * 1e6, (double)alerts / (double)n);
    }
    free(lat);
    free(cpu);
    sx_csv_free(&csv);
    free(data);
}

/* The bundled lists, then each "--list FORMAT:PATH" given, in one index. */
static int build_index(sx_screen_index **ix, const char *data_dir, char **extra, size_t nextra)
{
    sx_list **lists = NULL;
    size_t n = 0;
    int rc = sx_lists_load_default(&lists, &n, data_dir);
    sx_list **all = rc == 0 ? realloc(lists, (n + nextra) * sizeof *all) : NULL;
    if (rc == 0 && !all)
        rc = SX_ENOMEM;
    for (size_t i = 0; i < nextra && rc == 0; i++) {
        char *colon = strchr(extra[i], ':');
        if (!colon) {
            fprintf(stderr, "bench: --list wants FORMAT:PATH, not %s\n", extra[i]);
            rc = SX_EINVAL;
            break;
        }
        *colon = '\0';
        if ((rc = sx_list_load(&all[n], extra[i], colon + 1)) == 0)
            n++;
    }
    if (rc != 0) {
        for (size_t i = 0; all && i < n; i++)
            sx_list_free(all[i]);
        free(all ? all : lists);
        return rc;
    }
    rc = sx_screen_index_build(ix, all, n);
    free(all);
    return rc;
}

int main(int argc, char **argv)
{
    int first = 1;
    const char *data_dir = NULL;
    if (argc > 1 && !strstr(argv[1], ".csv") && strcmp(argv[1], "--list") != 0) {
        data_dir = argv[1];
        first = 2;
    }
    char **extra = calloc((size_t)argc, sizeof *extra);
    size_t nextra = 0;
    while (extra && first + 1 < argc && strcmp(argv[first], "--list") == 0) {
        extra[nextra++] = argv[first + 1];
        first += 2;
    }
    double t0 = now();
    sx_screen_index *ix = NULL;
    if (!extra || sx_text_init(data_dir) != 0 ||
        build_index(&ix, data_dir, extra, nextra) != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        free(extra);
        return 1;
    }
    printf("index: %zu names from the bundled lists%s, built in %.2f s, RSS %ld MB\n",
           sx_screen_index_name_count(ix), nextra ? " and those given" : "", now() - t0,
           rss_kb() / 1024);
    for (int i = first; i < argc; i++)
        run_file(ix, argv[i]);
    printf("RSS after queries: %ld MB\n", rss_kb() / 1024);
    sx_screen_index_free(ix);
    free(extra);
    return 0;
}
