/* Screening throughput: builds the index over the bundled lists (plus any lists given
 * with --list, e.g. the 1M-name synthetic list of bench/synth_names.py), then screens
 * query files (CSV with a "name" or "full_name" column) one query at a time on one
 * thread and reports queries/s, p50/p95/p99 latency (wall clock, then thread CPU time)
 * and RSS; then the same CPU-time figures per script of the query (Latin, Hangul, kana,
 * kanji, other: the script of its first letter), so the cost of a CJK query can be set
 * against a Latin one's.  Figures are reported, never asserted.
 * --opened: the index is loaded as the CLI and the server load it
 * (sx_screen_index_load_default: opened from its file in STRATEX_CACHE_DIR, or built and
 * written there first), instead of built in this process and kept in its heap.  RSS is
 * given whole and split into anonymous memory (the heap: an index built here, the
 * per-query scratch) and file pages (the index file mapped, MeCab's dictionary).
 * Usage: bench_screen [DATA_DIR] [--opened] [--list FORMAT:PATH]... QUERIES.csv... */
#include <stdbool.h>
#include <stdint.h>
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

/* A field of /proc/self/status in kB ("VmRSS:", "RssAnon:", "RssFile:"), or -1. */
static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0)
            kb = strtol(line + n, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static void print_rss(const char *when)
{
    printf("RSS %s: %ld MB (anonymous %ld, file %ld)\n", when, status_kb("VmRSS:") / 1024,
           status_kb("RssAnon:") / 1024, status_kb("RssFile:") / 1024);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Per-script CPU time per query, over every file run. */
enum { SCRIPT_LATIN, SCRIPT_HANGUL, SCRIPT_KANA, SCRIPT_KANJI, SCRIPT_OTHER, NSCRIPTS };
static const char *const script_names[NSCRIPTS] = {"Latin", "Hangul", "kana", "kanji",
                                                   "other"};
static double *by_script[NSCRIPTS];
static size_t nby_script[NSCRIPTS];

/* The script of the first letter of s (UTF-8), by code point block. */
static int script_of(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        size_t len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
        c = len == 1 ? *p : len == 2 ? *p & 0x1fu : len == 3 ? *p & 0x0fu : *p & 0x07u;
        for (size_t i = 1; i < len && p[i]; i++)
            c = c << 6 | (p[i] & 0x3fu);
        p += len;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xc0 && c < 0x250))
            return SCRIPT_LATIN;
        if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) ||
            (c >= 0x3130 && c <= 0x318f))
            return SCRIPT_HANGUL;
        if (c >= 0x3040 && c <= 0x30ff)
            return SCRIPT_KANA;
        if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf))
            return SCRIPT_KANJI;
        if (c >= 0x370)
            return SCRIPT_OTHER;
    }
    return SCRIPT_OTHER;
}

static void note_script(const char *name, double cpu)
{
    int sc = script_of(name);
    if (nby_script[sc] % 1024 == 0) {
        double *p = realloc(by_script[sc], (nby_script[sc] + 1024) * sizeof *p);
        if (!p)
            return;
        by_script[sc] = p;
    }
    by_script[sc][nby_script[sc]++] = cpu;
}

static void report_scripts(void)
{
    double latin = 0.0;
    for (int sc = 0; sc < NSCRIPTS; sc++) {
        size_t n = nby_script[sc];
        if (n == 0)
            continue;
        qsort(by_script[sc], n, sizeof *by_script[sc], cmp_double);
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += by_script[sc][i];
        double p50 = by_script[sc][n / 2];
        if (sc == SCRIPT_LATIN)
            latin = p50;
        printf("script %-6s %6zu q  CPU mean %7.1f  p50 %7.1f  p99 %8.1f us", script_names[sc],
               n, sum / (double)n * 1e6, p50 * 1e6, by_script[sc][n * 99 / 100] * 1e6);
        if (latin > 0.0 && sc != SCRIPT_LATIN)
            printf("  (p50 %.1fx Latin)", p50 / latin);
        printf("\n");
        free(by_script[sc]);
    }
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
        note_script(csv.fields[col], cpu[n - 1]);
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
    if (argc > 1 && !strstr(argv[1], ".csv") && strcmp(argv[1], "--list") != 0 &&
        strcmp(argv[1], "--opened") != 0) {
        data_dir = argv[1];
        first = 2;
    }
    bool opened = first < argc && strcmp(argv[first], "--opened") == 0;
    first += opened;
    char **extra = calloc((size_t)argc, sizeof *extra);
    size_t nextra = 0;
    while (extra && first + 1 < argc && strcmp(argv[first], "--list") == 0) {
        extra[nextra++] = argv[first + 1];
        first += 2;
    }
    if (opened && nextra) {
        fprintf(stderr, "bench: --opened takes the bundled lists only, not --list\n");
        free(extra);
        return 2;
    }
    sx_screen_index *ix = NULL;
    int rc = extra ? sx_text_init(data_dir) : SX_ENOMEM;
    double t0 = now();
    if (rc == 0)
        rc = opened ? sx_screen_index_load_default(&ix, data_dir)
                    : build_index(&ix, data_dir, extra, nextra);
    if (rc != 0) {
        fprintf(stderr, "bench: %s\n", sx_errmsg());
        free(extra);
        return 1;
    }
    printf("index: %zu names from the bundled lists%s, %s in %.2f s\n",
           sx_screen_index_name_count(ix), nextra ? " and those given" : "",
           opened ? "loaded" : "built", now() - t0);
    print_rss("after loading");
    for (int i = first; i < argc; i++)
        run_file(ix, argv[i]);
    report_scripts();
    print_rss("after queries");
    sx_screen_index_free(ix);
    free(extra);
    return 0;
}
