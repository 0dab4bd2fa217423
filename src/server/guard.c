/* The connection guard: every open connection with the time it has left to send its
 * request.  libmicrohttpd's timeout counts only silence, so a client sending a byte every
 * few seconds could hold a connection forever; here the whole request (headers and body)
 * must arrive within the request time limit, counted from the connection's opening or
 * the end of its previous request.  A guard thread answers late ones 408 and shuts their
 * socket; libmicrohttpd then sees the end of the stream and closes the connection itself.
 * A new connection's first bytes are looked at too: what cannot start an HTTP request is
 * answered 400 at once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "server/server.h"
#include "stratex/errors.h"

/* How often the guard looks for connections past their limit. */
#define GUARD_TICK_MS 200

typedef struct srv_conn {
    int fd;             /* owned by libmicrohttpd; valid until the CLOSED notification */
    long long deadline; /* monotonic ms by which the request must be in; 0: not running */
    int busy;           /* a request is in progress (its request line has arrived) */
    int served;         /* a request has been answered: idle now means between requests */
    struct srv_conn *prev, *next;
} srv_conn;

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

#define LATE_BODY                                                                                  \
    "{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,"                      \
    "\"detail\":\"the request was not received within the time limit\"}"
_Static_assert(sizeof LATE_BODY - 1 == 123, "Content-Length below must match the body");
static const char late_answer[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                                  "Content-Type: application/problem+json\r\n"
                                  "Content-Length: 123\r\n\r\n" LATE_BODY;

#define NOT_HTTP_BODY                                                                              \
    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"                          \
    "\"detail\":\"the request line is not HTTP\"}"
_Static_assert(sizeof NOT_HTTP_BODY - 1 == 97, "Content-Length below must match the body");
static const char not_http_answer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
                                      "Content-Type: application/problem+json\r\n"
                                      "Content-Length: 97\r\n\r\n" NOT_HTTP_BODY;

/* RFC 9110 tchar: what a method token is made of. */
static int is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Whether the first bytes of a connection cannot start an HTTP request: after any empty
 * lines, a request line starts with a method token and a space.  Too few bytes to tell
 * is not a refusal. */
int srv_not_http(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n && (b[i] == '\r' || b[i] == '\n'))
        i++;
    for (size_t start = i; i < n; i++) {
        if (b[i] == ' ')
            return i == start;
        if (!is_tchar(b[i]))
            return 1;
    }
    return 0;
}

/* libmicrohttpd gives no hook before it parses a request line, and it waits silently on
 * what it cannot parse (a line starting with a NUL byte is read as empty, binary data
 * without a line end as a line still coming) or closes without a word ("GARBAGE").  The
 * listening socket hands a connection over only once its first bytes have arrived
 * (TCP_DEFER_ACCEPT, server.c), so they can be looked at (not consumed) here, before
 * libmicrohttpd reads them: bytes that cannot start a request get 400 at once and the
 * connection is closed. */
static void refuse_if_not_http(int fd)
{
    unsigned char first[64];
    ssize_t n = recv(fd, first, sizeof first, MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0 || !srv_not_http(first, (size_t)n))
        return;
    ssize_t w = send(fd, not_http_answer, sizeof not_http_answer - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)w;
    shutdown(fd, SHUT_RDWR);
}

/* Called with the lock held, so the entry (and its fd) cannot go away meanwhile. */
static void expire(srv_conn *c)
{
    c->deadline = 0;
    /* Best effort: the socket is non-blocking and nothing else writes to it while the
     * request is still being received. */
    ssize_t n = send(c->fd, late_answer, sizeof late_answer - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)n;
    shutdown(c->fd, SHUT_RDWR);
}

static void *guard_loop(void *arg)
{
    srv_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        long long now = now_ms();
        for (srv_conn *c = g->head; c; c = c->next)
            if (c->deadline && now >= c->deadline)
                expire(c);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += GUARD_TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int srv_guard_start(srv_state *st, unsigned limit_s)
{
    srv_guard *g = &st->guard;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    g->limit_ms = (long)limit_s * 1000;
    if (pthread_create(&g->thread, NULL, guard_loop, g) != 0)
        return SX_ENOMEM;
    g->running = 1;
    return 0;
}

void srv_guard_stop(srv_state *st)
{
    srv_guard *g = &st->guard;
    if (!g->running)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = 1;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    /* Entries left are those of connections the daemon never reported closed. */
    while (g->head) {
        srv_conn *c = g->head;
        g->head = c->next;
        free(c);
    }
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->wake);
    g->running = 0;
}

static void conn_started(srv_guard *g, struct MHD_Connection *conn, void **socket_context)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    srv_conn *c = info ? calloc(1, sizeof *c) : NULL;
    if (!c)
        return; /* unguarded: the idle timeout still applies */
    c->fd = info->connect_fd;
    pthread_mutex_lock(&g->lock);
    c->deadline = now_ms() + g->limit_ms;
    c->next = g->head;
    if (g->head)
        g->head->prev = c;
    g->head = c;
    pthread_mutex_unlock(&g->lock);
    *socket_context = c;
    refuse_if_not_http(c->fd);
}

static void conn_closed(srv_guard *g, srv_conn *c)
{
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&g->lock);
    free(c);
}

void srv_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
    srv_state *st = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_started(&st->guard, conn, socket_context);
        atomic_fetch_add(&st->started, 1);
    } else if (*socket_context) /* libmicrohttpd closes the socket only after this returns */
        conn_closed(&st->guard, *socket_context);
    if (toe != MHD_CONNECTION_NOTIFY_STARTED)
        *socket_context = NULL;
}

void srv_guard_received(srv_state *st, srv_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&st->guard.lock);
    c->deadline = 0;
    pthread_mutex_unlock(&st->guard.lock);
}

void srv_guard_busy(srv_state *st, srv_conn *c, int busy)
{
    if (!c)
        return;
    pthread_mutex_lock(&st->guard.lock);
    c->busy = busy;
    if (!busy) {
        c->served = 1;
        c->deadline = now_ms() + st->guard.limit_ms;
    }
    pthread_mutex_unlock(&st->guard.lock);
}

long srv_guard_open(srv_state *st)
{
    long n = 0;
    pthread_mutex_lock(&st->guard.lock);
    for (srv_conn *c = st->guard.head; c; c = c->next)
        n++;
    pthread_mutex_unlock(&st->guard.lock);
    return n;
}

/* Whether bytes the server has not read yet wait on the connection: a request sent on a
 * keep-alive connection, or a new connection's first request not yet parsed. */
static int request_waiting(int fd)
{
    char b;
    return recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

void srv_guard_close_idle(srv_state *st)
{
    pthread_mutex_lock(&st->guard.lock);
    for (srv_conn *c = st->guard.head; c; c = c->next)
        /* Idle means between two requests.  A new connection is never idle: it was
         * handed over with its first bytes (TCP_DEFER_ACCEPT), which libmicrohttpd may
         * have read and not yet parsed; nor is one with a request waiting unread.  Those
         * are answered (with Connection: close) like the requests in flight. */
        if (!c->busy && c->served && !request_waiting(c->fd)) {
            c->deadline = 0;
            /* Only the reading side: libmicrohttpd sees the end of the stream and closes
             * the connection as a client that left between requests. */
            shutdown(c->fd, SHUT_RD);
        }
    pthread_mutex_unlock(&st->guard.lock);
}
