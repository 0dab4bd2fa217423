/* The server's transport and life: libmicrohttpd on a worker pool, request bodies within
 * their limit, signals (SIGTERM/SIGINT: finish in-flight requests, close the store;
 * SIGHUP: reload data atomically), the startup line and the access log. */
#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "util/error.h"
#include "util/file.h"

#define SRV_MAX_OPENAPI_BYTES ((size_t)4 << 20)

/* ---- one request ---- */

static double elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) * 1e3 + (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

static srv_request *request_new(srv_state *st, struct MHD_Connection *conn, const char *method,
                                const char *url)
{
    srv_request *rq = calloc(1, sizeof *rq);
    if (!rq)
        return NULL;
    rq->st = st;
    rq->conn = conn;
    rq->method = method;
    rq->path = url;
    rq->body.max = SRV_MAX_BODY_BYTES;
    rq->role = srv_auth_role(st, conn);
    clock_gettime(CLOCK_MONOTONIC, &rq->started);
    atomic_fetch_add(&st->inflight, 1);
    return rq;
}

static enum MHD_Result send_reply(srv_request *rq)
{
    if (!rq->out) {
        /* Only allocation failure gets here: answer without a body rather than not at all. */
        rq->status = 503;
        rq->ctype = "application/problem+json";
        rq->out = strdup("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                         "\"status\":503}");
    }
    size_t len = rq->out ? strlen(rq->out) : 0;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, rq->out, MHD_RESPMEM_MUST_FREE);
    if (!resp)
        return MHD_NO;
    rq->out = NULL; /* libmicrohttpd frees it now */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rq->ctype);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (rq->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rq->allow);
    enum MHD_Result r = MHD_queue_response(rq->conn, rq->status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* A declared body over the limit is refused before it is read. */
static int declared_too_large(struct MHD_Connection *conn)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return 0;
    char *end = NULL;
    unsigned long long n = strtoull(cl, &end, 10);
    return end && *end == '\0' && n > SRV_MAX_BODY_BYTES;
}

static void too_large(srv_request *rq)
{
    srv_problem(rq, 413, "limit-exceeded", "Content Too Large",
                "the request body exceeds %zu bytes", SRV_MAX_BODY_BYTES);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **ctx)
{
    (void)version;
    srv_request *rq = *ctx;
    if (rq && rq->job) {
        /* Resumed by the committer: the decisions are recorded (or could not be). */
        if (!rq->job->done)
            return MHD_YES;
        srv_route_finish(rq);
        return send_reply(rq);
    }
    if (!rq) {
        rq = request_new(cls, conn, method, url);
        if (!rq)
            return MHD_NO;
        *ctx = rq;
        if (declared_too_large(conn)) {
            too_large(rq);
            return send_reply(rq);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        /* Past the limit the rest is drained unread, then refused with 413. */
        if (!rq->too_large && sx_buf_put(&rq->body, upload_data, *upload_size) != 0) {
            rq->too_large = 1;
            sx_buf_free(&rq->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->status) /* already answered (413 before the body) */
        return MHD_YES;
    if (rq->too_large) {
        too_large(rq);
    } else {
        srv_route(rq);
        if (rq->job)
            return MHD_YES; /* suspended until the committer has recorded the decisions */
    }
    return send_reply(rq);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode why)
{
    (void)conn;
    (void)why;
    srv_state *st = cls;
    srv_request *rq = *ctx;
    if (!rq)
        return;
    if (st->cfg->access_log)
        fprintf(stderr, "%s %s %u %.3fms audit_id=%lld\n", rq->method, rq->path, rq->status,
                elapsed_ms(&rq->started), rq->audit_id);
    srv_job_free(st, rq->job);
    free(rq->out);
    sx_buf_free(&rq->body);
    free(rq);
    *ctx = NULL;
    atomic_fetch_sub(&st->inflight, 1);
    atomic_fetch_add(&st->served, 1);
}

/* ---- listening ---- */

typedef struct listen_addr {
    struct sockaddr_storage sa;
    int v6;
    int loopback;
    char host[128];
    char port[16];
} listen_addr;

static int split_listen(listen_addr *la, const char *spec)
{
    const char *colon = strrchr(spec, ':');
    if (!colon)
        return sx_error_set(SX_EINVAL, "--listen %s: expected HOST:PORT", spec);
    size_t hlen = (size_t)(colon - spec);
    if (hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']') /* [::1]:8080 */
        spec++, hlen -= 2;
    if (hlen == 0 || hlen >= sizeof la->host || strlen(colon + 1) >= sizeof la->port)
        return sx_error_set(SX_EINVAL, "--listen %s: expected HOST:PORT", spec);
    memcpy(la->host, spec, hlen);
    la->host[hlen] = '\0';
    snprintf(la->port, sizeof la->port, "%s", colon + 1);
    return 0;
}

static int resolve_listen(listen_addr *la, const char *spec)
{
    memset(la, 0, sizeof *la);
    int rc = split_listen(la, spec);
    if (rc)
        return rc;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(la->host, la->port, &hints, &res);
    if (gai != 0)
        return sx_error_set(SX_EINVAL, "--listen %s: %s", spec, gai_strerror(gai));
    memcpy(&la->sa, res->ai_addr, res->ai_addrlen);
    la->v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    if (la->v6) {
        struct in6_addr *a = &((struct sockaddr_in6 *)&la->sa)->sin6_addr;
        la->loopback = IN6_IS_ADDR_LOOPBACK(a);
    } else {
        uint32_t a = ntohl(((struct sockaddr_in *)&la->sa)->sin_addr.s_addr);
        la->loopback = (a >> 24) == 127;
    }
    return 0;
}

static unsigned worker_threads(const srv_config *cfg)
{
    if (cfg->threads)
        return cfg->threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 2 ? 2u : (unsigned)cores;
}

static struct MHD_Daemon *start_daemon(srv_state *st, listen_addr *la)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | (la->v6 ? MHD_USE_IPv6 : 0);
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, st, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&la->sa,
        MHD_OPTION_THREAD_POOL_SIZE, worker_threads(st->cfg), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        SRV_MAX_HEADER_BYTES, MHD_OPTION_CONNECTION_TIMEOUT, SRV_REQUEST_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, SRV_MAX_CONNECTIONS, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, st, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
}

/* ---- life ---- */

static int load_openapi(srv_state *st)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/openapi.json", st->cfg->data_dir);
    size_t len = 0;
    if (sx_file_read(&st->openapi, &len, path, SRV_MAX_OPENAPI_BYTES) != 0) {
        fprintf(stderr, "stratex serve: warning: %s\n", sx_errmsg());
        st->openapi = NULL;
    }
    return 0;
}

static int prepare(srv_state *st, const srv_config *cfg, listen_addr *la)
{
    memset(st, 0, sizeof *st);
    st->cfg = cfg;
    pthread_mutex_init(&st->reload_lock, NULL);
    int rc = resolve_listen(la, cfg->listen);
    if (!rc && cfg->tokens_file)
        rc = srv_tokens_load(st, cfg->tokens_file);
    if (!rc && !la->loopback && !st->tokens)
        rc = sx_error_set(SX_EAUTH,
                          "--listen %s is not a loopback address: give --tokens FILE so "
                          "callers must authenticate",
                          cfg->listen);
    if (rc)
        return rc;
    srv_engine *e = NULL;
    rc = srv_engine_load(&e, cfg->data_dir, SRV_ENGINE_REGIMES | SRV_ENGINE_LISTS);
    if (!rc && cfg->snapshots)
        rc = sx_regimes_snapshot_save(e->regimes, cfg->snapshots);
    if (rc) {
        srv_engine_free(e);
        return rc;
    }
    srv_holder_init(&st->engine, e);
    rc = sx_audit_open(&st->audit, cfg->db);
    rc = rc ? rc : srv_committer_start(st);
    return rc ? rc : load_openapi(st);
}

static void release(srv_state *st)
{
    srv_committer_stop(st);
    sx_audit_close(st->audit);
    if (st->engine.current)
        srv_holder_destroy(&st->engine);
    pthread_mutex_destroy(&st->reload_lock);
    free(st->openapi);
    free(st->tokens);
}

static void print_url(struct MHD_Daemon *d, const listen_addr *la, const srv_state *st)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    printf("stratex serve: listening on http://%s%s%s:%u (audit: %s %s, %u workers%s)\n",
           la->v6 ? "[" : "", la->host, la->v6 ? "]" : "", port, sx_audit_backend(st->audit),
           strncmp(st->cfg->db, "postgres", 8) == 0 ? "(url not shown)" : st->cfg->db,
           worker_threads(st->cfg), st->tokens ? ", tokens required" : "");
    printf("try: curl -s -X POST http://%s%s%s:%u/v1/check -H 'Content-Type: application/json'%s"
           " -d '{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\",\"date\":\"2019-07-10\"}'\n",
           la->v6 ? "[" : "", la->host, la->v6 ? "]" : "", port,
           st->tokens ? " -H 'Authorization: Bearer TOKEN'" : "");
    fflush(stdout);
}

/* Waits for in-flight requests to finish (up to the grace period) once no new
 * connections are accepted. */
static void drain(srv_state *st)
{
    for (int i = 0; i < SRV_SHUTDOWN_GRACE_S * 100 && atomic_load(&st->inflight) > 0; i++) {
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
}

static void serve_signals(srv_state *st, const sigset_t *set)
{
    for (;;) {
        int sig = 0;
        if (sigwait(set, &sig) != 0)
            continue;
        if (sig != SIGHUP) {
            fprintf(stderr, "stratex serve: %s: finishing in-flight requests\n",
                    sig == SIGINT ? "SIGINT" : "SIGTERM");
            return;
        }
        if (srv_reload(st) == 0)
            fprintf(stderr, "stratex serve: SIGHUP: data reloaded\n");
        else
            fprintf(stderr, "stratex serve: SIGHUP: reload failed, old data kept: %s\n",
                    sx_errmsg());
    }
}

int srv_run(const srv_config *cfg)
{
    /* Blocked before any thread starts, so every worker inherits the mask and only
     * sigwait() below sees these signals; SIGPIPE from a vanished client is ignored. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    srv_state st;
    listen_addr la;
    int rc = prepare(&st, cfg, &la);
    if (rc) {
        fprintf(stderr, "stratex serve: %s\n", sx_errmsg());
        release(&st);
        return rc == SX_EAUTH || rc == SX_EINVAL ? 2 : 1;
    }
    struct MHD_Daemon *d = start_daemon(&st, &la);
    if (!d) {
        fprintf(stderr, "stratex serve: cannot listen on %s\n", cfg->listen);
        release(&st);
        return 1;
    }
    print_url(d, &la, &st);
    serve_signals(&st, &set);
    MHD_socket lsock = MHD_quiesce_daemon(d);
    drain(&st);
    MHD_stop_daemon(d);
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);
    release(&st);
    fprintf(stderr, "stratex serve: stopped\n");
    return 0;
}
