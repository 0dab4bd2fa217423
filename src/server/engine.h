/* The data a server answers with: regimes, the screening index and their data hash,
 * loaded together and replaced together.  Requests hold a reference to one engine for
 * their whole life, so a reload is atomic: a request sees the old data or the new, never
 * a mix.  Also used by `stratex audit replay`. */
#ifndef SX_SERVER_ENGINE_H
#define SX_SERVER_ENGINE_H

#include <pthread.h>

#include "stratex/audit.h"
#include "stratex/regime.h"
#include "stratex/screen.h"

#define SRV_ENGINE_REGIMES 1u
#define SRV_ENGINE_LISTS 2u

typedef struct srv_engine {
    sx_regimes *regimes;    /* NULL when not loaded (not asked for, or not built in) */
    sx_screen_index *index; /* likewise */
    char *data_hash;        /* {"regimes":"...","lists":"..."} recorded with every answer */
    char loaded_at[32];     /* UTC time of the load, for /healthz */
    char lists_version[65]; /* the store's list version in force at the load; "" = bundled */
    int refs;               /* guarded by the holder's lock */
} srv_engine;

/* Loads what `what` asks for from data_dir (its regimes/ and lists/).  A part
 * that fails to load fails the whole load with the library's message. */
int srv_engine_load(srv_engine **out, const char *data_dir, unsigned what);
/* The same, but the lists are the version the store a has in force (its files kept under
 * snapshots, docs/workflow.md); the bundled ones while it has none. */
int srv_engine_load_store(srv_engine **out, const char *data_dir, unsigned what, sx_audit *a,
                          const char *snapshots);
void srv_engine_free(srv_engine *e);

/* Holds the current engine for many threads. */
typedef struct srv_engine_holder {
    pthread_mutex_t lock;
    srv_engine *current;
} srv_engine_holder;

void srv_holder_init(srv_engine_holder *h, srv_engine *e);
/* A reference to the current engine; give it back with srv_holder_release(). */
srv_engine *srv_holder_acquire(srv_engine_holder *h);
void srv_holder_release(srv_engine_holder *h, srv_engine *e);
/* One more reference to an engine already held (it may no longer be current). */
void srv_holder_retain(srv_engine_holder *h, srv_engine *e);
/* Installs e as current; the old engine is freed when its last request releases it. */
void srv_holder_swap(srv_engine_holder *h, srv_engine *e);
void srv_holder_destroy(srv_engine_holder *h);

#endif
