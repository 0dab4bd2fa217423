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
#define SRV_REQUEST_TIME_LIMIT_S 60u             /* whole request received within (--request-time-limit) */
#define SRV_MAX_CONNECTIONS 1024u                /* concurrent connections */
#define SRV_MAX_CONNECTIONS_PER_CLIENT 128u      /* from one IP address (--max-connections-per-client) */
#define SRV_SHUTDOWN_GRACE_S 10                  /* wait for in-flight requests on SIGTERM */
#define SRV_MAX_SHUTDOWN_DELAY_S 300u            /* --shutdown-delay at most */
#define SRV_HALF_CLOSED_SEND_MS 2000             /* to write an answer to a half-closed client */
#define SRV_MAX_TOKENS 256                       /* API tokens in a tokens file */
#define SRV_MAX_UI_PATH 512                      /* path of a workbench file under --ui */
#define SRV_MAX_UI_FILE_BYTES ((size_t)16 << 20) /* largest workbench file served */
#define SRV_LISTS_POLL_S 2                       /* look for a new list version in the store */

/* Roles an API token can carry. */
#define SRV_ROLE_NONE 0
#define SRV_ROLE_SCREEN 1 /* checks, screening, regimes, reading audit records and cases */
#define SRV_ROLE_REVIEW 2 /* all of that, plus deciding cases and importing parties */
#define SRV_ROLE_ADMIN 3  /* all of that, plus reload, list updates, reason codes, audit
                             verify and export */

typedef struct srv_config {
    const char *listen;      /* "HOST:PORT"; port 0 picks a free one */
    const char *db;          /* audit store: SQLite path or postgres:// URL */
    const char *data_dir;    /* regimes/, lists/, openapi.json */
    const char *tokens_file; /* NULL: no authentication (allowed on loopback only) */
    unsigned threads;        /* worker threads; 0 = one per core, at least 2 */
    int access_log;          /* one line per request on stderr (never bodies) */
    const char *snapshots;   /* regime data snapshots by hash, for replay; NULL: none kept */
    unsigned request_time_limit_s; /* 0: SRV_REQUEST_TIME_LIMIT_S */
    unsigned max_connections_per_client; /* 0: SRV_MAX_CONNECTIONS_PER_CLIENT */
    unsigned shutdown_delay_s; /* after SIGTERM, keep answering (health 503) this long */
    const char *ui_dir;      /* the built workbench served at "/" (static.c); NULL: none */
    unsigned lists_poll_s;   /* how often to look for a new list version; 0: SRV_LISTS_POLL_S */
    unsigned refresh_s;      /* fetch the publishers' lists this often; 0: never */
    const char *sources;     /* the publishers file for --refresh; NULL: data_dir's */
    const char *notify;      /* POST each update's new cases here, or NULL */
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

/* Requests whose connection is suspended (parked) until another thread has their answer:
 * the committer (decisions to record) or the reloader.  libmicrohttpd aborts if it is
 * stopped with a connection still suspended, so shutdown closes the parking (no new
 * suspensions) and waits until every parked connection has been resumed. */
typedef struct srv_parking {
    pthread_mutex_t lock;
    pthread_cond_t empty;
    long parked; /* suspended and not yet resumed */
    int closed;  /* shutting down: no more suspensions */
} srv_parking;

#define SRV_PARK_JOB 1    /* waiting for the committer (rq->job) */
#define SRV_PARK_RELOAD 2 /* waiting for the reloader */

/* The reloader thread: builds new data off the worker threads and swaps it in. */
typedef struct srv_reloader {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct srv_request *waiting; /* requests answered by the next load */
    int poke;                    /* look at the store's list version now */
    int stop;
    int running;
} srv_reloader;

/* The schedule of --refresh (refresh.c). */
typedef struct srv_refresher {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    int running;
} srv_refresher;

/* Open connections and the time each has left to send its request (guard.c). */
typedef struct srv_guard {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct srv_conn *head;
    long limit_ms; /* the request time limit */
    int stop;
    int running;
} srv_guard;

/* The listening socket and the thread that accepts on it (listener.c). */
typedef struct srv_listener {
    int fd;      /* the listening socket, -1 when closed */
    int wake[2]; /* a byte written to wake[1] stops the acceptor */
    unsigned port;
    struct MHD_Daemon *daemon;
    pthread_t thread;
    int running;
    atomic_ulong handed; /* connections given to the daemon */
} srv_listener;

typedef struct srv_state {
    const srv_config *cfg;
    sx_audit *audit;
    srv_engine_holder engine;
    pthread_mutex_t reload_lock; /* one reload at a time */
    char *openapi;               /* the OpenAPI document served as is */
    srv_token *tokens;           /* NULL when authentication is off */
    size_t ntokens;
    srv_committer committer;
    srv_parking parking;
    srv_reloader reloader;
    srv_guard guard;
    srv_refresher refresher;
    srv_listener listener;
    atomic_ulong started;        /* connections a worker has taken up (guard.c) */
    atomic_int draining;         /* shutting down: every answer closes its connection */
    atomic_long inflight;        /* requests between the request line and completion */
    atomic_long served;
} srv_state;

typedef struct srv_request {
    srv_state *st;
    struct MHD_Connection *conn;
    struct srv_conn *guard; /* the connection's entry in the guard, or NULL */
    int begun;           /* the headers have been seen (first handler call) */
    const char *bad_target; /* why the request target is refused (400), or NULL */
    const void *route;   /* the route matched before the body is read (routes.c) */
    char caps[2][256];   /* its path parameters */
    int parked;          /* SRV_PARK_* while the connection is suspended, else 0 */
    int reload_rc;       /* outcome of the load that answered a reload request */
    char reload_msg[400];
    struct srv_request *reload_next;
    const char *method;
    const char *path;
    sx_buf body;         /* capped at SRV_MAX_BODY_BYTES */
    int too_large;       /* the body passed the cap: answer 413 once it is drained */
    int role;            /* role of the caller's token (ADMIN when auth is off) */
    char actor[64];      /* the token's name: who decides, in the audit trail */
    struct timespec started;
    /* the response */
    unsigned status;
    char *out;           /* response body (owned) */
    size_t out_len;      /* its length when it may hold NUL bytes (a UI file); 0: strlen */
    const char *cache;   /* Cache-Control; NULL: no-store */
    int ui;              /* a workbench file: the UI's security headers go with it */
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
/* The same with the Content-Type given (NULL: none sent); needs no connection, so the
 * fuzz target (fuzz/fuzz_http_request.c) reaches it. */
json_t *srv_body_json_typed(srv_request *rq, const char *content_type);
/* Inserts "audit_id":id as the first member of the JSON object text obj. */
char *srv_with_audit_id(const char *obj, long long id);
/* A query-string argument, or NULL. */
const char *srv_query(srv_request *rq, const char *name);

/* ---- routes.c ---- */
/* Finds the route and checks the caller's role from the headers alone, so an unknown
 * route, a missing token or a low role is refused before any body is read.  Returns 0
 * when the request may go on, else sets the problem response. */
int srv_route_prepare(srv_request *rq);
/* Answers the request, or parks it (rq->parked) for the committer or the reloader. */
void srv_route(srv_request *rq);
/* Builds the answer of a job the committer has finished, and frees the job. */
void srv_route_finish(srv_request *rq);
void srv_job_free(srv_state *st, srv_job *job);

/* ---- static.c ---- */
/* A GET or HEAD outside /v1 and /healthz: a request for the workbench. */
int srv_static_wants(const srv_request *rq);
/* Answers it from cfg->ui_dir: the file, or 404 (a problem saying the UI is not built when
 * index.html is missing). */
void srv_static_answer(srv_request *rq);
/* Headers every answer carries (nosniff), and a UI file's CSP and framing policy. */
void srv_static_headers(const srv_request *rq, struct MHD_Response *resp);

/* ---- session.c ---- */
/* GET /v1/session: tokens required or not, the caller's role and name. */
void srv_h_session(srv_request *rq, srv_engine *e, char *const *params);

/* ---- commit.c ---- */
int srv_committer_start(srv_state *st);
/* Parks rq's connection and queues its job; the committer resumes it when recorded.
 * Returns -1 (nothing queued) when the server is shutting down. */
int srv_committer_submit(srv_state *st, srv_request *rq);
void srv_committer_stop(srv_state *st);

/* ---- reload.c ---- */
int srv_reloader_start(srv_state *st);
void srv_reloader_stop(srv_state *st);
/* Loads new data and swaps it in, on the calling thread; on failure keeps the old and
 * returns the error code (message in sx_errmsg()). */
int srv_reload(srv_state *st);
/* Parks rq until the reloader has loaded new data; -1 when shutting down. */
int srv_reload_submit(srv_state *st, srv_request *rq);
/* Builds the answer of a reload request the reloader has finished. */
void srv_reload_finish(srv_request *rq);
/* Has the reloader look at the store's list version now (after a list update). */
void srv_reload_poke(srv_state *st);

/* ---- routes_workflow.c: parties, cases, reasons, list versions (docs/workflow.md) ---- */
void srv_h_parties_get(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_parties_post(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_cases_get(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_case_get(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_case_decide(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_reasons_get(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_reason_put(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_lists_get(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_lists_diff(srv_request *rq, srv_engine *e, char *const *params);
void srv_h_lists_update(srv_request *rq, srv_engine *e, char *const *params);
/* Opens the cases of a recorded check batch (its blocked lines). */
void srv_open_check_cases(srv_request *rq, const srv_job *job);

/* ---- refresh.c ---- */
int srv_refresher_start(srv_state *st);
void srv_refresher_stop(srv_state *st);

/* ---- listener.c ---- */
/* Binds and listens on sa (TCP_DEFER_ACCEPT of defer_s seconds); l->port is the port
 * bound.  On failure sets the error (the system's reason) and leaves l closed. */
int srv_listener_open(srv_listener *l, const struct sockaddr *sa, socklen_t len, int v6,
                      unsigned defer_s);
/* Starts accepting, handing each connection to d. */
int srv_listener_start(srv_listener *l, struct MHD_Daemon *d);
/* Stops accepting: joins the acceptor, hands the connections still queued to the daemon
 * and refuses new ones.  Returns how many were handed over by this call (l->handed counts
 * them all). */
int srv_listener_stop(srv_listener *l);
/* Stops (if running) and closes the socket; call after the daemon has stopped. */
void srv_listener_close(srv_listener *l);

/* ---- guard.c ---- */
int srv_guard_start(srv_state *st, unsigned limit_s);
void srv_guard_stop(srv_state *st);
/* libmicrohttpd's connection notifications: registers and forgets connections. */
void srv_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe);
/* The request on the connection has been received (or answered early): its time limit
 * no longer runs. */
void srv_guard_received(srv_state *st, struct srv_conn *c);
/* The connection's request line has arrived (busy) / its request is complete (idle;
 * the time limit starts again for the next request). */
void srv_guard_busy(srv_state *st, struct srv_conn *c, int busy);
/* Closes the connections that have no request in progress (shutdown). */
void srv_guard_close_idle(srv_state *st);
/* Whether a connection's first bytes cannot start an HTTP request (a method token and a
 * space, after any empty lines); too few bytes to tell is not a refusal. */
int srv_not_http(const unsigned char *b, size_t n);
/* Connections open (shutdown waits until each has been answered and closed). */
long srv_guard_open(srv_state *st);

/* ---- server.c ---- */
/* Why a raw request target (percent-encoded path and query) is refused with 400, or NULL:
 * a NUL byte once decoded, or bytes that are not UTF-8. */
const char *srv_target_problem(const char *uri);
/* Copies a field for the access log, writing control characters, spaces, backslashes and
 * bytes beyond ASCII as \xNN; out is always terminated. */
void srv_log_field(char *out, size_t size, const char *in);
/* Suspends rq's connection unless the server is shutting down (returns -1 then). */
int srv_park(srv_request *rq, int kind);
/* Resumes a parked connection; callable from any thread.  The request belongs to its
 * worker again as soon as this is called. */
void srv_unpark(srv_state *st, struct MHD_Connection *conn);

/* ---- auth.c ---- */
int srv_tokens_load(srv_state *st, const char *path);
/* The role of the request's bearer token, SRV_ROLE_NONE when missing or unknown. */
int srv_auth_role(srv_state *st, struct MHD_Connection *conn);
/* The same, also naming the caller (the token's name; "local" when auth is off). */
int srv_auth_identify(srv_state *st, struct MHD_Connection *conn, char actor[64]);
/* "screen", "review" or "admin". */
const char *srv_role_name(int role);

int srv_run(const srv_config *cfg);

#endif
