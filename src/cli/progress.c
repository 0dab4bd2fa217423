/* The progress line of long batches (check --batch, screen --batch, impact): for a person
 * watching a terminal, so it goes to stderr only when stderr is one, never into a pipe or a
 * log, and never onto stdout, which carries the answer. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

#define PROGRESS_EVERY_MS 200 /* redraws at most this often: drawing must not cost time */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cli_progress_start(cli_progress *p, const char *what, int quiet)
{
    p->what = what;
    p->on = !quiet && isatty(STDERR_FILENO);
    p->shown = 0;
    p->last_ms = now_ms() - PROGRESS_EVERY_MS; /* the first row shows at once */
}

void cli_progress_update(cli_progress *p, size_t rows, size_t done, size_t total)
{
    if (!p->on)
        return;
    long long t = now_ms();
    if (t - p->last_ms < PROGRESS_EVERY_MS)
        return;
    p->last_ms = t;
    unsigned pct = total ? (unsigned)((double)done * 100.0 / (double)total) : 0;
    /* \r and erase-to-end-of-line: the line is redrawn in place */
    fprintf(stderr, "\rstratex %s: %zu rows, %u%% of the input\033[K", p->what, rows, pct);
    p->shown = 1;
}

void cli_progress_done(cli_progress *p)
{
    if (p->on && p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}
