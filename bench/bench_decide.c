/* Benchmark: batch determinations per second on the real regime data (PRODUCT.md target
 * >= 1,000,000 per second per core).  One thread; a mix of the corridor's shipments over
 * the 2019-2023 timeline plus US Country Chart and EU cases.  Prints the figure; asserts
 * nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stratex/stratex.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data";
    long rounds = argc > 2 ? atol(argv[2]) : 20000;
    double t0 = now();
    sx_regimes *r;
    if (sx_regimes_load(&r, dir) != 0) {
        fprintf(stderr, "bench_decide: %s\n", sx_errmsg());
        return 1;
    }
    double t_load = now() - t0;
    static const sx_shipment mix[] = {
        {.from = "JP", .to = "KR", .item = "1C350", .date = "2019-07-03"},
        {.from = "JP", .to = "KR", .item = "1C350", .date = "2019-07-04"},
        {.from = "JP", .to = "KR", .item = "3C002", .date = "2019-12-20"},
        {.from = "JP", .to = "KR", .item = "3A001", .date = "2020-03-01"},
        {.from = "JP", .to = "CN", .item = "not-listed", .date = "2025-10-09", .end_use = "military", .hs = "8457.10"},
        {.from = "KR", .to = "JP", .item = "1C350", .date = "2019-09-18"},
        {.from = "KR", .to = "JP", .item = "3C002", .date = "2023-04-24"},
        {.from = "KR", .to = "RU", .item = "not-listed", .date = "2024-09-09", .hs = "8458.11"},
        {.from = "US", .to = "CN", .item = "3C002", .date = "2026-08-01"},
        {.from = "US", .to = "JP", .item = "3A001", .date = "2026-08-01"},
        {.from = "EU", .to = "JP", .item = "1C350", .date = "2024-01-01"},
        {.from = "EU", .to = "KR", .item = "3C002", .date = "2024-01-01"},
    };
    size_t n = sizeof mix / sizeof mix[0];
    long done = 0, required = 0;
    t0 = now();
    for (long k = 0; k < rounds; k++)
        for (size_t i = 0; i < n; i++) {
            sx_decision *d;
            if (sx_decide(&d, r, NULL, &mix[i]) != 0) {
                fprintf(stderr, "bench_decide: %s\n", sx_errmsg());
                return 1;
            }
            required += sx_decision_outcome(d)[0] == 'l';
            sx_decision_free(d);
            done++;
        }
    double secs = now() - t0;
    printf("bench_decide: regime load %.1f ms; %ld determinations in %.3f s = %.0f per second "
           "(1 thread; %ld needed a licence)\n",
           t_load * 1e3, done, secs, done / secs, required);
    sx_regimes_free(r);
    return 0;
}
