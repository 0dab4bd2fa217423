/* Reloading data (POST /v1/admin/reload, SIGHUP).  A load takes seconds, so it never runs
 * on a worker thread: a reload request parks its connection and the reloader thread
 * builds the new data beside the old, swaps it in (requests keep the data they started
 * with) and resumes every request that was waiting for it, which is then answered with
 * the outcome.  Requests that arrive during a load wait for the next one, since the data
 * on disk may have changed after the running load read it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"
#include "util/error.h"

int srv_reload(srv_state *st)
{
    pthread_mutex_lock(&st->reload_lock);
    srv_engine *fresh = NULL;
    int rc = srv_engine_load_store(&fresh, st->cfg->data_dir, SRV_ENGINE_REGIMES | SRV_ENGINE_LISTS,
                                   st->audit, st->cfg->snapshots);
    /* the data any answer is given with must be replayable later: keep its snapshot first */
    if (!rc && st->cfg->snapshots &&
        (rc = sx_regimes_snapshot_save(fresh->regimes, st->cfg->snapshots)) != 0)
        srv_engine_free(fresh);
    if (!rc)
        srv_holder_swap(&st->engine, fresh);
    pthread_mutex_unlock(&st->reload_lock);
    return rc;
}

/* Waits for requests, stop, or the time to look at the store's list version; returns
 * the waiting list (NULL when none), *stop when the server stops. */
static srv_request *take_waiting(srv_reloader *r, unsigned poll_s, int *stop)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += poll_s;
    pthread_mutex_lock(&r->lock);
    while (!r->waiting && !r->stop && !r->poke)
        if (pthread_cond_timedwait(&r->wake, &r->lock, &until) != 0)
            break;
    r->poke = 0;
    srv_request *list = r->waiting;
    r->waiting = NULL;
    *stop = r->stop && !list;
    pthread_mutex_unlock(&r->lock);
    return list;
}

/* A new list version put in force by `stratex lists update` or another server on the same
 * store: loaded beside the old data and swapped in, like a reload. */
static void follow_lists(srv_state *st)
{
    char now[SX_AUDIT_HASH_HEX];
    if (sx_lists_in_force(now, st->audit) != 0)
        return; /* the store is unreachable: keep serving what is loaded */
    srv_engine *e = srv_holder_acquire(&st->engine);
    int changed = strcmp(now, e->lists_version) != 0;
    srv_holder_release(&st->engine, e);
    if (changed && srv_reload(st) != 0)
        fprintf(stderr, "stratex serve: list version %.12s not loaded: %s\n", now, sx_errmsg());
}

static void *reload_loop(void *arg)
{
    srv_state *st = arg;
    srv_request *list;
    unsigned poll_s = st->cfg->lists_poll_s ? st->cfg->lists_poll_s : SRV_LISTS_POLL_S;
    for (;;) {
        int stop = 0;
        list = take_waiting(&st->reloader, poll_s, &stop);
        if (stop)
            break;
        if (!list) {
            follow_lists(st);
            continue;
        }
        int rc = srv_reload(st);
        const char *msg = rc ? sx_errmsg() : "";
        while (list) {
            srv_request *rq = list;
            list = rq->reload_next;
            rq->reload_rc = rc;
            snprintf(rq->reload_msg, sizeof rq->reload_msg, "%s", msg);
            /* Last touch: once resumed, the worker owns rq. */
            srv_unpark(st, rq->conn);
        }
    }
    return NULL;
}

int srv_reloader_start(srv_state *st)
{
    srv_reloader *r = &st->reloader;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (pthread_create(&r->thread, NULL, reload_loop, st) != 0)
        return SX_ENOMEM;
    r->running = 1;
    return 0;
}

/* Requests still waiting when the reloader stops get their load first (the parking is
 * closed only once they are resumed). */
void srv_reloader_stop(srv_state *st)
{
    srv_reloader *r = &st->reloader;
    if (!r->running)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    r->running = 0;
}

void srv_reload_poke(srv_state *st)
{
    srv_reloader *r = &st->reloader;
    pthread_mutex_lock(&r->lock);
    r->poke = 1;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
}

int srv_reload_submit(srv_state *st, srv_request *rq)
{
    if (srv_park(rq, SRV_PARK_RELOAD) != 0)
        return -1;
    srv_reloader *r = &st->reloader;
    pthread_mutex_lock(&r->lock);
    rq->reload_next = r->waiting;
    r->waiting = rq;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    return 0;
}

void srv_reload_finish(srv_request *rq)
{
    if (rq->reload_rc) {
        srv_problem(rq, 500, "reload-failed", "Reload failed", "the old data stays in service: %s",
                    rq->reload_msg);
        return;
    }
    srv_engine *now = srv_holder_acquire(&rq->st->engine);
    json_error_t err;
    json_t *hash = json_loads(now->data_hash ? now->data_hash : "{}", 0, &err);
    json_t *o = json_pack("{sb so ss}", "reloaded", 1, "data_hash", hash ? hash : json_object(),
                          "loaded_at", now->loaded_at);
    srv_holder_release(&rq->st->engine, now);
    srv_reply_json(rq, 200, o ? json_dumps(o, JSON_COMPACT) : NULL);
    json_decref(o);
}
