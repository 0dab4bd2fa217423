/* The HTTP server (`stratex serve`): shared state, one request's life, named input limits,
 * and the pieces server.c (transport), http.c (responses, JSON input), routes.c (the API)
 * and auth.c (tokens) give each other. */
#ifndef SX_SERVER_H
#define SX_SERVER_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "server/engine.h"
#include "stratex/audit.h"
#include "util/buf.h"

/* Input limits (Redis-style named settings; docs/server.md lists them). */
#define SRV_MAX_BODY_BYTES ((size_t)1 << 20)     /* request body: 1 MiB -> 413 */
#define SRV_MAX_JSON_DEPTH 32                    /* nesting of arrays/objects -> 400 */
#define SRV_MAX_BATCH 1000                       /* items in one batch request -> 413 */
#define SRV_MAX_HEADER_BYTES ((size_t)32 << 10)  /* per-connection header memory -> 431 */
#define SRV_REQUEST_TIMEOUT_S 30u                /* idle connection / slow client, seconds */
#define SRV_MAX_CONNECTIONS 1024u                /* concurrent connections */
#define SRV_SHUTDOWN_GRACE_S 10                  /* wait for in-flight requests on SIGTERM */
#define SRV_MAX_TOKENS 256                       /* API tokens in a tokens file */

/* Roles an API token can carry. */
#define SRV_ROLE_NONE 0
#define SRV_ROLE_SCREEN 1 /* checks, screening, regimes, reading audit records */
#define SRV_ROLE_ADMIN 2  /* all of that, plus reload, audit verify and export */

typedef struct srv_config {
    const char *listen;      /* "HOST:PORT"; port 0 picks a free one */
    const char *db;          /* audit store: SQLite path or postgres:// URL */
    const char *data_dir;    /* regimes/, lists/, openapi.json */
    const char *tokens_file; /* NULL: no authentication (allowed on loopback only) */
    unsigned threads;        /* worker threads; 0 = one per core, at least 2 */
    int access_log;          /* one line per request on stderr (never bodies) */
    const char *snapshots;   /* regime data snapshots by hash, for replay; NULL: none kept */
} srv_config;

typedef struct srv_token {
    char hash[65]; /* SHA-256 (hex) of the token; the token itself is never stored */
    int role;
    char name[64];
} srv_token;

/* Decisions of one request waiting for the audit committer (commit.c): the worker that
 * computed them suspends the connection, the committer records them durably and resumes
 * it, and the worker's next call sends the answer.  Workers never wait on the disk. */
typedef struct srv_job {
    const char *kind;         /* "check" or "screen" */
    int batch;                /* answer as {"results": [...]} */
    struct srv_answered *as;  /* one per item */
    size_t n;
    json_t *body;             /* the parsed request, for ids in error entries */
    json_t *items;            /* batch items (borrowed from body) */
    sx_audit_entry *entries;  /* the successful answers, to record */
    size_t *entry_item;       /* item index of each entry */
    size_t nentries;
    long long *ids;           /* per item: audit id, 0 when not recorded */
    srv_engine *engine;       /* the data the answers came from, held until sent */
    int rc;                   /* outcome of recording */
    char msg[400];
    int done;
    struct MHD_Connection *conn;
    struct srv_job *next;
} srv_job;

typedef struct srv_committer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    srv_job *head, **tail;
    int stop;
    int running;
} srv_committer;

typedef struct srv_state {
    const srv_config *cfg;
    sx_audit *audit;
    srv_engine_holder engine;
    pthread_mutex_t reload_lock; /* one reload at a time */
    char *openapi;               /* the OpenAPI document served as is */
    srv_token *tokens;           /* NULL when authentication is off */
    size_t ntokens;
    srv_committer committer;
    atomic_long inflight;        /* requests between first byte and completion */
    atomic_long served;
} srv_state;

typedef struct srv_request {
    srv_state *st;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    sx_buf body;         /* capped at SRV_MAX_BODY_BYTES */
    int too_large;       /* the body passed the cap: answer 413 once it is drained */
    int role;            /* role of the caller's token (ADMIN when auth is off) */
    struct timespec started;
    /* the response */
    unsigned status;
    char *out;           /* response body (owned) */
    const char *ctype;
    const char *allow;   /* Allow header for 405 */
    long long audit_id;  /* for the access log: last audit id written, 0 if none */
    srv_job *job;        /* decisions waiting to be recorded, or NULL */
} srv_request;

/* ---- http.c ---- */
/* Sets a JSON response; takes ownership of body. */
void srv_reply_json(srv_request *rq, unsigned status, char *body);
/* Sets an RFC 9457 problem response: type is "about:blank" for a bare HTTP status, else
 * "urn:stratex:problem:<slug>"; detail is printf-style. */
void srv_problem(srv_request *rq, unsigned status, const char *slug, const char *title,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Maps a library error (code + sx_errmsg()) to a problem response. */
void srv_problem_from_error(srv_request *rq, int code);
/* Parses the request body as JSON within the limits; on failure sets a 400/415 problem
 * and returns NULL. */
json_t *srv_body_json(srv_request *rq);
/* Inserts "audit_id":id as the first member of the JSON object text obj. */
char *srv_with_audit_id(const char *obj, long long id);
/* A query-string argument, or NULL. */
const char *srv_query(srv_request *rq, const char *name);

/* ---- routes.c ---- */
/* Answers the request, or leaves rq->job set (connection suspended) for the committer. */
void srv_route(srv_request *rq);
/* Builds the answer of a job the committer has finished, and frees the job. */
void srv_route_finish(srv_request *rq);
void srv_job_free(srv_state *st, srv_job *job);

/* ---- commit.c ---- */
int srv_committer_start(srv_state *st);
/* Suspends rq's connection and queues its job; the committer resumes it when recorded. */
void srv_committer_submit(srv_state *st, srv_request *rq);
void srv_committer_stop(srv_state *st);
/* Loads new data and swaps it in; on failure keeps the old and returns the error code
 * (message in sx_errmsg()). */
int srv_reload(srv_state *st);

/* ---- auth.c ---- */
int srv_tokens_load(srv_state *st, const char *path);
/* The role of the request's bearer token, SRV_ROLE_NONE when missing or unknown. */
int srv_auth_role(srv_state *st, struct MHD_Connection *conn);

/* ---- server.c ---- */
int srv_run(const srv_config *cfg);

#endif
