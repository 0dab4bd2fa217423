/* The server's transport and life: libmicrohttpd on a worker pool, request bodies within
 * their limit, signals (SIGTERM/SIGINT: finish in-flight requests, close the store;
 * SIGHUP: reload data atomically), the startup line and the access log. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "util/error.h"
#include "util/file.h"
#include "util/utf8.h"

#define SRV_MAX_OPENAPI_BYTES ((size_t)4 << 20)

/* ---- one request ---- */

static double elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) * 1e3 +
           (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

static struct srv_conn *guard_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static srv_request *request_new(srv_state *st, struct MHD_Connection *conn)
{
    srv_request *rq = calloc(1, sizeof *rq);
    if (!rq)
        return NULL;
    rq->st = st;
    rq->conn = conn;
    rq->method = "";
    rq->path = "";
    rq->body.max = SRV_MAX_BODY_BYTES;
    rq->guard = guard_of(conn);
    clock_gettime(CLOCK_MONOTONIC, &rq->started);
    srv_guard_busy(st, rq->guard, 1);
    atomic_fetch_add(&st->inflight, 1);
    return rq;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Why the raw request target (path and query, still percent-encoded) is refused, or NULL.
 * A NUL byte (%00) would cut the decoded path or a parameter short (/v1/audit/1%00abc
 * read as record 1), and bytes that are not UTF-8 cannot be quoted in any answer. */
const char *srv_target_problem(const char *uri)
{
    size_t len = strlen(uri), n = 0;
    char *dec = malloc(len + 1);
    if (!dec)
        return NULL; /* not checked; the handlers still see a C string */
    const char *why = NULL;
    for (size_t i = 0; i < len && !why; i++) {
        int hi = uri[i] == '%' && i + 2 < len ? hex_digit(uri[i + 1]) : -1;
        int lo = hi >= 0 ? hex_digit(uri[i + 2]) : -1;
        if (lo < 0) {
            dec[n++] = uri[i];
            continue;
        }
        dec[n] = (char)(hi * 16 + lo);
        if (dec[n++] == '\0')
            why = "contains a NUL byte (%00)";
        i += 2;
    }
    if (!why && !sx_utf8_valid(dec, n))
        why = "is not valid UTF-8 once percent-decoded";
    free(dec);
    return why;
}

/* libmicrohttpd's URI log callback: the request line has arrived and the target is seen
 * before it is decoded.  The request starts here (its context is created). */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    srv_request *rq = request_new(cls, conn);
    if (rq)
        rq->bad_target = srv_target_problem(uri);
    return rq;
}

static enum MHD_Result send_reply(srv_request *rq)
{
    /* An answer goes out: whatever the request did not send no longer matters. */
    srv_guard_received(rq->st, rq->guard);
    if (!rq->out) {
        /* Only allocation failure gets here: answer without details rather than not at
         * all (503 stays reserved for the audit store and shutdown). */
        rq->status = 500;
        rq->ctype = "application/problem+json";
        rq->out = strdup("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
                         "\"status\":500}");
    }
    size_t len = rq->out_len ? rq->out_len : rq->out ? strlen(rq->out) : 0;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, rq->out, MHD_RESPMEM_MUST_FREE);
    if (!resp)
        return MHD_NO;
    rq->out = NULL; /* libmicrohttpd frees it now */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rq->ctype);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            rq->cache ? rq->cache : "no-store");
    srv_static_headers(rq, resp);
    if (rq->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rq->allow);
    /* Shutting down: the client must not send another request on this connection. */
    if (atomic_load(&rq->st->draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result r = MHD_queue_response(rq->conn, rq->status, resp);
    MHD_destroy_response(resp);
    return r;
}

/* A declared body over the limit is refused before it is read. */
static int declared_too_large(struct MHD_Connection *conn)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
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

/* The headers are in: everything that can be refused without the body is refused now —
 * a bad target, an unknown route, a missing token or a low role (so an anonymous client
 * cannot make the server buffer bodies), a declared body over the limit. */
static enum MHD_Result begin(srv_request *rq, const char *method, const char *url)
{
    rq->begun = 1;
    rq->method = method;
    rq->path = url;
    rq->role = srv_auth_identify(rq->st, rq->conn, rq->actor);
    if (rq->bad_target)
        srv_problem(rq, 400, "bad-request-target", "Bad request target", "the request target %s",
                    rq->bad_target);
    else if (srv_static_wants(rq))
        srv_static_answer(rq); /* the workbench: no token, no body */
    else if (srv_route_prepare(rq) != 0)
        ; /* answered: 401, 403, 404 or 405 */
    else if (declared_too_large(rq->conn))
        too_large(rq);
    else
        return MHD_YES; /* read the body */
    return send_reply(rq);
}

/* A parked request's answer, built once what it waited for is done. */
static void finish_parked(srv_request *rq)
{
    int kind = rq->parked;
    rq->parked = 0;
    if (kind == SRV_PARK_RELOAD)
        srv_reload_finish(rq);
    else
        srv_route_finish(rq);
}

/* Resumed by the committer or the reloader: the answer can be built now. */
static enum MHD_Result resumed(srv_request *rq)
{
    if (rq->parked == SRV_PARK_JOB && !rq->job->done)
        return MHD_YES;
    finish_parked(rq);
    return send_reply(rq);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **ctx)
{
    (void)version;
    srv_request *rq = *ctx;
    if (!rq) { /* the request-line callback could not allocate */
        rq = request_new(cls, conn);
        if (!rq)
            return MHD_NO;
        *ctx = rq;
    }
    if (!rq->begun)
        return begin(rq, method, url);
    if (rq->parked)
        return resumed(rq);
    if (*upload_size) {
        /* Past the limit the rest is drained unread, then refused with 413. */
        if (!rq->too_large && sx_buf_put(&rq->body, upload_data, *upload_size) != 0) {
            rq->too_large = 1;
            sx_buf_free(&rq->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->status) /* already answered (before the body) */
        return MHD_YES;
    srv_guard_received(rq->st, rq->guard);
    if (rq->too_large) {
        too_large(rq);
    } else {
        srv_route(rq);
        if (rq->parked)
            return MHD_YES; /* suspended until the committer or the reloader is done */
    }
    return send_reply(rq);
}

/* ---- answers to half-closed clients ---- */

/* Writes all of p within SRV_HALF_CLOSED_SEND_MS; the socket is non-blocking. */
static void write_within(int fd, const char *p, size_t len, int *budget_ms)
{
    while (len > 0 && *budget_ms > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return;
        struct pollfd pfd = {fd, POLLOUT, 0};
        if (poll(&pfd, 1, 50) == 0)
            *budget_ms -= 50;
    }
}

/* libmicrohttpd 0.9.75 closes a connection as soon as it reads the end of the client's
 * stream, even when the whole request has been received and only the answer is missing:
 * a client that sends its request and then shuts down its writing side (shutdown
 * SHUT_WR, as `nc -N` does) would lose an answer whose decision is already recorded.
 * This runs just before that close (the socket is still open): the answer is written
 * here, as a complete HTTP/1.1 response ending the connection. */
static void answer_half_closed(srv_request *rq)
{
    finish_parked(rq);
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!info || !rq->out)
        return;
    char head[512];
    size_t len = strlen(rq->out);
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %u %s\r\nContent-Type: %s\r\nCache-Control: no-store\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                     rq->status, MHD_get_reason_phrase_for(rq->status), rq->ctype, len);
    int budget = SRV_HALF_CLOSED_SEND_MS;
    write_within(info->connect_fd, head, (size_t)n, &budget);
    write_within(info->connect_fd, rq->out, len, &budget);
}

/* ---- the access log ---- */

/* Copies a logged field with control characters, spaces, backslashes and bytes beyond
 * ASCII written as \xNN, so a request cannot forge a line (%0a) or a field (%20). */
void srv_log_field(char *out, size_t size, const char *in)
{
    size_t o = 0;
    for (; *in && o + 5 < size; in++) {
        unsigned char c = (unsigned char)*in;
        if (c <= 0x20 || c >= 0x7f || c == '\\') {
            snprintf(out + o, size - o, "\\x%02x", c);
            o += 4;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
}

static void log_request(const srv_request *rq)
{
    char method[64], path[1024];
    srv_log_field(method, sizeof method, rq->method);
    srv_log_field(path, sizeof path, rq->path);
    fprintf(stderr, "%s %s %u %.3fms audit_id=%lld\n", method, path, rq->status,
            elapsed_ms(&rq->started), rq->audit_id);
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
    /* Still marked parked: resumed, but closed before its answer could be sent. */
    if (rq->parked)
        answer_half_closed(rq);
    if (st->cfg->access_log)
        log_request(rq);
    srv_guard_busy(st, rq->guard, 0);
    srv_job_free(st, rq->job);
    free(rq->out);
    sx_buf_free(&rq->body);
    free(rq);
    *ctx = NULL;
    atomic_fetch_sub(&st->inflight, 1);
    atomic_fetch_add(&st->served, 1);
}

/* ---- parking ---- */

int srv_park(srv_request *rq, int kind)
{
    srv_parking *p = &rq->st->parking;
    pthread_mutex_lock(&p->lock);
    if (p->closed) {
        pthread_mutex_unlock(&p->lock);
        return -1;
    }
    /* Under the lock, so shutdown never sees a suspension it has not counted. */
    MHD_suspend_connection(rq->conn);
    rq->parked = kind;
    p->parked++;
    pthread_mutex_unlock(&p->lock);
    return 0;
}

void srv_unpark(srv_state *st, struct MHD_Connection *conn)
{
    MHD_resume_connection(conn);
    srv_parking *p = &st->parking;
    pthread_mutex_lock(&p->lock);
    if (--p->parked == 0)
        pthread_cond_broadcast(&p->empty);
    pthread_mutex_unlock(&p->lock);
}

/* Refuses further suspensions and waits (up to ms) until every parked connection has
 * been resumed; returns the number still parked. */
static long parking_close(srv_state *st, int ms)
{
    srv_parking *p = &st->parking;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&p->lock);
    p->closed = 1;
    while (p->parked > 0 && pthread_cond_timedwait(&p->empty, &p->lock, &until) == 0)
        ;
    long left = p->parked;
    pthread_mutex_unlock(&p->lock);
    return left;
}

/* ---- listening ---- */

typedef struct listen_addr {
    struct sockaddr_storage sa;
    socklen_t salen;
    int v6;
    int loopback;
    char host[128];
    char port[16];
} listen_addr;

/* A port is 0 (any free port) to 65535 in decimal digits; getaddrinfo() alone would
 * take "99999" modulo 65536 and an empty port as 0. */
static int valid_port(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 5 || strspn(p, "0123456789") != n)
        return 0;
    return strtol(p, NULL, 10) <= 65535;
}

static int split_listen(listen_addr *la, const char *spec)
{
    const char *colon = strrchr(spec, ':'), *host = spec;
    if (!colon)
        return sx_error_set(SX_EINVAL, "--listen %s: expected HOST:PORT", spec);
    size_t hlen = (size_t)(colon - spec);
    if (hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']') /* [::1]:8080 */
        host++, hlen -= 2;
    if (hlen == 0 || hlen >= sizeof la->host)
        return sx_error_set(SX_EINVAL, "--listen %s: expected HOST:PORT", spec);
    if (!valid_port(colon + 1))
        return sx_error_set(SX_EINVAL,
                            "--listen %s: the port must be a number from 0 to 65535 "
                            "(0: any free port)",
                            spec);
    memcpy(la->host, host, hlen);
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
    la->salen = (socklen_t)res->ai_addrlen;
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

static unsigned per_client_cap(const srv_config *cfg)
{
    return cfg->max_connections_per_client ? cfg->max_connections_per_client
                                           : SRV_MAX_CONNECTIONS_PER_CLIENT;
}

/* libmicrohttpd does not listen itself: the listener (listener.c) accepts and hands it
 * each connection, so that stopping to accept at shutdown is ours to do. */
static struct MHD_Daemon *start_daemon(srv_state *st)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, st, MHD_OPTION_THREAD_POOL_SIZE, worker_threads(st->cfg),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, SRV_MAX_HEADER_BYTES, MHD_OPTION_CONNECTION_TIMEOUT,
        SRV_REQUEST_TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT, SRV_MAX_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client_cap(st->cfg), MHD_OPTION_URI_LOG_CALLBACK,
        on_request_line, st, MHD_OPTION_NOTIFY_CONNECTION, srv_guard_notify, st,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, st, MHD_OPTION_END);
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
    st->listener.fd = st->listener.wake[0] = st->listener.wake[1] = -1;
    pthread_mutex_init(&st->reload_lock, NULL);
    pthread_mutex_init(&st->parking.lock, NULL);
    pthread_cond_init(&st->parking.empty, NULL);
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
    /* the store first: it says which list version is in force */
    rc = sx_audit_open(&st->audit, cfg->db);
    if (rc)
        return rc;
    srv_engine *e = NULL;
    rc = srv_engine_load_store(&e, cfg->data_dir, SRV_ENGINE_REGIMES | SRV_ENGINE_LISTS, st->audit,
                               cfg->snapshots);
    if (!rc && cfg->snapshots)
        rc = sx_regimes_snapshot_save(e->regimes, cfg->snapshots);
    if (rc) {
        srv_engine_free(e);
        return rc;
    }
    srv_holder_init(&st->engine, e);
    rc = srv_committer_start(st);
    rc = rc ? rc : srv_reloader_start(st);
    rc = rc ? rc : srv_refresher_start(st);
    rc = rc ? rc
            : srv_guard_start(st, cfg->request_time_limit_s ? cfg->request_time_limit_s
                                                            : SRV_REQUEST_TIME_LIMIT_S);
    return rc ? rc : load_openapi(st);
}

static void release(srv_state *st)
{
    srv_listener_close(&st->listener);
    srv_guard_stop(st);
    srv_refresher_stop(st);
    srv_reloader_stop(st);
    srv_committer_stop(st);
    sx_audit_close(st->audit);
    if (st->engine.current)
        srv_holder_destroy(&st->engine);
    pthread_mutex_destroy(&st->reload_lock);
    pthread_mutex_destroy(&st->parking.lock);
    pthread_cond_destroy(&st->parking.empty);
    free(st->openapi);
    free(st->tokens);
}

static void print_url(const listen_addr *la, const srv_state *st)
{
    unsigned port = st->listener.port;
    char index[4200];
    snprintf(index, sizeof index, "%s/index.html", st->cfg->ui_dir ? st->cfg->ui_dir : "");
    printf("stratex serve: workbench at http://%s%s%s:%u/%s\n", la->v6 ? "[" : "", la->host,
           la->v6 ? "]" : "", port,
           st->cfg->ui_dir && access(index, R_OK) == 0 ? "" : " (not built: run make)");
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

/* Waits up to ms for in-flight requests to finish and, while draining, for every
 * connection to close: a connection whose request has arrived but not yet been parsed
 * (handed over from the listening queue, or read and not yet begun) counts no request in
 * flight, and stopping the daemon would drop it unanswered.  Idle connections were shut
 * and close at once; the others close after their answer (Connection: close). */
static void drain(srv_state *st, int ms)
{
    for (int i = 0; i < ms / 10 && (atomic_load(&st->inflight) > 0 || srv_guard_open(st) > 0);
         i++) {
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
}

/* --shutdown-delay: keep accepting and answering for a while with /healthz at 503, so a
 * load balancer's health check takes the instance out before its socket refuses anyone.
 * Without it a balancer may connect in the instant before the socket closes and have its
 * request reset unanswered (docs/deploy.md). */
static void leave_balancer(const srv_state *st)
{
    unsigned s = st->cfg->shutdown_delay_s;
    if (s == 0)
        return;
    fprintf(stderr, "stratex serve: health answers 503; still serving for %u s\n", s);
    struct timespec delay = {(time_t)s, 0};
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR)
        ;
}

/* SIGTERM: stop accepting, close idle keep-alive connections, let requests in flight
 * finish (each answer now closes its connection), then make sure no connection is left
 * suspended — libmicrohttpd aborts if stopped with one — and stop the daemon.  Returns 0,
 * or -1 when requests are still waiting for the audit store after the grace period (the
 * daemon is then left as it is: stopping it would abort). */
static int stop_serving(srv_state *st, struct MHD_Daemon *d)
{
    atomic_store(&st->draining, 1);
    leave_balancer(st);
    /* The connections already queued (their request sent) are handed to the workers and
     * answered; new ones are refused, so a load balancer sends them to another instance. */
    srv_listener_stop(&st->listener);
    /* MHD_add_connection() queues a connection for a worker, which registers it (the
     * guard's notification) only when it gets to it; until then the drain below would see
     * it neither open nor in flight and stop the daemon under it: its request sent and
     * never answered.  So wait (up to a second) until every connection handed over has
     * been taken up. */
    for (int i = 0; i < 100 && atomic_load(&st->started) < atomic_load(&st->listener.handed);
         i++) {
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
    srv_guard_close_idle(st);
    drain(st, SRV_SHUTDOWN_GRACE_S * 1000);
    long parked = parking_close(st, SRV_SHUTDOWN_GRACE_S * 1000);
    if (parked > 0) {
        fprintf(stderr,
                "stratex serve: %ld requests still wait for the audit store; exiting "
                "without their answers\n",
                parked);
        return -1;
    }
    drain(st, 1000); /* the requests just resumed send their answers */
    MHD_stop_daemon(d);
    srv_listener_close(&st->listener);
    return 0;
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
    if (srv_listener_open(&st.listener, (struct sockaddr *)&la.sa, la.salen, la.v6,
                          SRV_REQUEST_TIMEOUT_S) != 0) {
        fprintf(stderr, "stratex serve: cannot listen on %s: %s\n", cfg->listen, sx_errmsg());
        release(&st);
        return 1;
    }
    struct MHD_Daemon *d = start_daemon(&st);
    if (!d || srv_listener_start(&st.listener, d) != 0) {
        fprintf(stderr, "stratex serve: cannot start serving on %s\n", cfg->listen);
        if (d)
            MHD_stop_daemon(d);
        release(&st);
        return 1;
    }
    print_url(&la, &st);
    serve_signals(&st, &set);
    if (stop_serving(&st, d) != 0)
        return 1;
    release(&st);
    fprintf(stderr, "stratex serve: stopped\n");
    return 0;
}
