/* The audit committer: one thread that records the decisions of suspended requests.
 * Everything queued while one transaction is being made durable goes into the next, so
 * the worker pool stays sized to the cores and never waits on the disk, while every
 * answer is still sent only after its record is committed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "stratex/errors.h"

/* Most entries recorded in one call (a full batch request always fits). */
#define SRV_COMMIT_MAX_ENTRIES 4096

static srv_job *take_all(srv_committer *c)
{
    pthread_mutex_lock(&c->lock);
    while (!c->head && !c->stop)
        pthread_cond_wait(&c->wake, &c->lock);
    srv_job *jobs = c->head;
    c->head = NULL;
    c->tail = &c->head;
    pthread_mutex_unlock(&c->lock);
    return jobs;
}

/* Records jobs[0..n) in one append, then publishes ids or the error and resumes each. */
static void record(srv_state *st, srv_job **jobs, size_t n, size_t nentries)
{
    sx_audit_entry *entries = calloc(nentries, sizeof *entries);
    int64_t *ids = calloc(nentries, sizeof *ids);
    int rc = entries && ids ? 0 : SX_ENOMEM;
    size_t k = 0;
    for (size_t j = 0; !rc && j < n; j++)
        for (size_t i = 0; i < jobs[j]->nentries; i++)
            entries[k++] = jobs[j]->entries[i];
    if (!rc)
        rc = sx_audit_append_many(ids, st->audit, entries, nentries);
    k = 0;
    for (size_t j = 0; j < n; j++) {
        srv_job *job = jobs[j];
        job->rc = rc;
        if (rc)
            snprintf(job->msg, sizeof job->msg, "%s", rc == SX_ENOMEM ? "out of memory" : sx_errmsg());
        for (size_t i = 0; i < job->nentries; i++, k++)
            if (!rc)
                job->ids[job->entry_item[i]] = ids[k];
        job->done = 1;
        /* Last touch: once resumed, the worker owns and frees the job. */
        srv_unpark(st, job->conn);
    }
    free(entries);
    free(ids);
}

static void *commit_loop(void *arg)
{
    srv_state *st = arg;
    srv_job *group[256];
    for (;;) {
        srv_job *jobs = take_all(&st->committer);
        if (!jobs)
            return NULL; /* stop requested and nothing left */
        while (jobs) {
            size_t n = 0, nentries = 0;
            while (jobs && n < 256 &&
                   (n == 0 || nentries + jobs->nentries <= SRV_COMMIT_MAX_ENTRIES)) {
                nentries += jobs->nentries;
                group[n++] = jobs;
                jobs = jobs->next;
            }
            record(st, group, n, nentries);
        }
    }
}

int srv_committer_start(srv_state *st)
{
    srv_committer *c = &st->committer;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    c->tail = &c->head;
    if (pthread_create(&c->thread, NULL, commit_loop, st) != 0)
        return SX_ENOMEM;
    c->running = 1;
    return 0;
}

int srv_committer_submit(srv_state *st, srv_request *rq)
{
    srv_committer *c = &st->committer;
    /* Suspend before queueing: the committer may resume as soon as the job is visible. */
    if (srv_park(rq, SRV_PARK_JOB) != 0)
        return -1;
    rq->job->next = NULL;
    pthread_mutex_lock(&c->lock);
    *c->tail = rq->job;
    c->tail = &rq->job->next;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    return 0;
}

void srv_committer_stop(srv_state *st)
{
    srv_committer *c = &st->committer;
    if (!c->running)
        return;
    pthread_mutex_lock(&c->lock);
    c->stop = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->wake);
    c->running = 0;
}
