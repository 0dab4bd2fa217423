/* Loading and swapping the server's data (see engine.h). */
#include "server/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stratex/audit.h"
#include "stratex/decide.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"

void srv_engine_free(srv_engine *e)
{
    if (!e)
        return;
    if (e->regimes)
        sx_regimes_free(e->regimes);
    if (e->index)
        sx_screen_index_free(e->index);
    sx_free(e->data_hash);
    free(e);
}

static int load_parts(srv_engine *e, const char *data_dir, unsigned what, sx_audit *a,
                      const char *snapshots)
{
    int rc = 0;
    if ((what & SRV_ENGINE_REGIMES))
        rc = sx_regimes_load(&e->regimes, data_dir); /* reads data_dir/regimes/ */
    if (!rc && (what & SRV_ENGINE_LISTS) && a) {
        rc = sx_lists_in_force(e->lists_version, a);
        rc = rc ? rc : sx_lists_load_version(&e->index, a, snapshots, data_dir, e->lists_version);
    } else if (!rc && (what & SRV_ENGINE_LISTS)) {
        rc = sx_screen_index_load_default(&e->index, data_dir);
    }
    return rc ? rc : sx_audit_data_hash(&e->data_hash, e->regimes, e->index);
}

int srv_engine_load(srv_engine **out, const char *data_dir, unsigned what)
{
    return srv_engine_load_store(out, data_dir, what, NULL, NULL);
}

int srv_engine_load_store(srv_engine **out, const char *data_dir, unsigned what, sx_audit *a,
                          const char *snapshots)
{
    srv_engine *e = calloc(1, sizeof *e);
    if (!e)
        return SX_ENOMEM;
    int rc = load_parts(e, data_dir, what, a, snapshots);
    if (rc) {
        srv_engine_free(e);
        return rc;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(e->loaded_at, sizeof e->loaded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    e->refs = 1; /* the holder's */
    *out = e;
    return 0;
}

void srv_holder_init(srv_engine_holder *h, srv_engine *e)
{
    pthread_mutex_init(&h->lock, NULL);
    h->current = e;
}

srv_engine *srv_holder_acquire(srv_engine_holder *h)
{
    pthread_mutex_lock(&h->lock);
    srv_engine *e = h->current;
    e->refs++;
    pthread_mutex_unlock(&h->lock);
    return e;
}

void srv_holder_release(srv_engine_holder *h, srv_engine *e)
{
    pthread_mutex_lock(&h->lock);
    int last = --e->refs == 0;
    pthread_mutex_unlock(&h->lock);
    if (last)
        srv_engine_free(e);
}

void srv_holder_retain(srv_engine_holder *h, srv_engine *e)
{
    pthread_mutex_lock(&h->lock);
    e->refs++;
    pthread_mutex_unlock(&h->lock);
}

void srv_holder_swap(srv_engine_holder *h, srv_engine *e)
{
    pthread_mutex_lock(&h->lock);
    srv_engine *old = h->current;
    h->current = e;
    pthread_mutex_unlock(&h->lock);
    srv_holder_release(h, old);
}

void srv_holder_destroy(srv_engine_holder *h)
{
    srv_holder_release(h, h->current);
    h->current = NULL;
    pthread_mutex_destroy(&h->lock);
}
