/* Audit store append throughput: T threads each appending records of a realistic size
 * (a check request and a ~4.7 KB decision) to a fresh SQLite store with its durable
 * settings.  Shows what group commit buys.  Figures are reported, never asserted.
 * Usage: bench_audit  (env SX_BENCH_DIR: where the store goes, default /tmp) */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stratex/audit.h"
#include "stratex/errors.h"

#define RECORDS_PER_RUN 4000

typedef struct worker {
    sx_audit *a;
    int n;
    const char *response;
    int failures;
} worker;

static void *append_loop(void *arg)
{
    worker *w = arg;
    sx_audit_entry e = {"check", "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\",\"date\":\"2019-07-10\"}",
                        w->response, "{\"regimes\":\"fbec4fab42d3dea33f5736310b9e8b79d097c959cb11c8cc9e4ee41dff116854\"}"};
    for (int i = 0; i < w->n; i++) {
        int64_t id;
        if (sx_audit_append(&id, w->a, &e) != 0)
            w->failures++;
    }
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(int threads, const char *response)
{
    char path[256];
    const char *dir = getenv("SX_BENCH_DIR");
    snprintf(path, sizeof path, "%s/sx-bench-audit-%d.db", dir ? dir : "/tmp", (int)getpid());
    sx_audit *a;
    if (sx_audit_open(&a, path) != 0) {
        fprintf(stderr, "bench_audit: %s\n", sx_errmsg());
        return 1;
    }
    worker w[64];
    pthread_t t[64];
    double start = now_s();
    for (int i = 0; i < threads; i++) {
        w[i] = (worker){a, RECORDS_PER_RUN / threads, response, 0};
        pthread_create(&t[i], NULL, append_loop, &w[i]);
    }
    int failures = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        failures += w[i].failures;
    }
    double secs = now_s() - start;
    int total = (RECORDS_PER_RUN / threads) * threads;
    printf("bench_audit: sqlite, %2d threads: %8.0f durable appends/s (%d records, %.2f s%s)\n",
           threads, total / secs, total, secs, failures ? ", FAILURES" : "");
    sx_audit_close(a);
    char wal[300];
    unlink(path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    return 0;
}

int main(void)
{
    size_t size = 4700;
    char *response = malloc(size + 1);
    if (!response)
        return 1;
    memset(response, 'x', size);
    memcpy(response, "{\"decision\":\"", 13);
    memcpy(response + size - 2, "\"}", 2);
    response[size] = '\0';
    int counts[] = {1, 2, 8, 32, 64};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (run(counts[i], response))
            return 1;
    free(response);
    return 0;
}
