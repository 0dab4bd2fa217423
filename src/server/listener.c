/* The listening socket and its acceptor thread.
 *
 * libmicrohttpd is started without a listening socket of its own (MHD_USE_NO_LISTEN_SOCKET):
 * this thread accepts and hands each connection to the daemon with MHD_add_connection(),
 * which gives it to a worker with room.  Why not let libmicrohttpd listen: stopping it
 * from accepting at shutdown takes MHD_quiesce_daemon(), which in 0.9.75 removes the
 * socket from each worker's epoll set while that worker may be removing it too, and
 * aborts the process when it loses that race (MHD_PANIC "Failed to remove listen FD from
 * epoll set", seen under load in tests/server/drain.py).  Owning the socket makes
 * "stop accepting" a thread we stop ourselves. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/server.h"
#include "util/error.h"

/* Waits up to ms for the stop byte; returns whether it came. */
static int stop_requested(srv_listener *l, int ms)
{
    struct pollfd p = {l->wake[0], POLLIN, 0};
    return poll(&p, 1, ms) > 0;
}

/* Accepts every connection waiting in the queue and gives it to the daemon (which closes
 * the socket itself when it cannot take it: a per-client cap or a full server).  Returns
 * how many were handed over. */
static int accept_waiting(srv_listener *l)
{
    for (int n = 0;; n++) {
        struct sockaddr_storage sa;
        socklen_t len = sizeof sa;
        int fd = accept4(l->fd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            /* Out of descriptors or memory: the queue waits; try again shortly rather
             * than spin on a socket that stays readable. */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                stop_requested(l, 100);
            return n; /* EAGAIN: the queue is empty */
        }
        if (MHD_add_connection(l->daemon, fd, (struct sockaddr *)&sa, len) == MHD_YES)
            atomic_fetch_add(&l->handed, 1);
    }
}

static void *acceptor(void *arg)
{
    srv_listener *l = arg;
    for (;;) {
        struct pollfd p[2] = {{l->fd, POLLIN, 0}, {l->wake[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        if (p[0].revents & POLLIN)
            accept_waiting(l);
    }
    return NULL;
}

int srv_listener_open(srv_listener *l, const struct sockaddr *sa, socklen_t len, int v6,
                      unsigned defer_s)
{
    memset(l, 0, sizeof *l);
    l->fd = l->wake[0] = l->wake[1] = -1;
    int one = 1, secs = (int)defer_s;
    l->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l->fd < 0)
        return sx_error_set(SX_EIO, "socket: %s", strerror(errno));
    /* SO_REUSEADDR: a restart binds again at once (connections of the last run may be in
     * TIME_WAIT).  Not SO_REUSEPORT: a second server on the same port is an error. */
    setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (v6)
        setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(l->fd, sa, len) != 0 || listen(l->fd, SOMAXCONN) != 0) {
        int e = errno;
        srv_listener_close(l);
        return sx_error_set(SX_EIO, "%s", strerror(e));
    }
    /* The kernel hands a connection over only once its first bytes have arrived, so the
     * guard can tell at once whether they can start an HTTP request (guard.c); a
     * connection that sends nothing stays in the kernel meanwhile and takes no slot. */
    if (setsockopt(l->fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &secs, sizeof secs) != 0)
        fprintf(stderr, "stratex serve: warning: TCP_DEFER_ACCEPT: %s\n", strerror(errno));
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (getsockname(l->fd, (struct sockaddr *)&bound, &blen) == 0)
        l->port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                    : ((struct sockaddr_in *)&bound)->sin_port);
    if (pipe2(l->wake, O_CLOEXEC) != 0) {
        int e = errno;
        srv_listener_close(l);
        return sx_error_set(SX_EIO, "pipe: %s", strerror(e));
    }
    return 0;
}

int srv_listener_start(srv_listener *l, struct MHD_Daemon *d)
{
    l->daemon = d;
    if (pthread_create(&l->thread, NULL, acceptor, l) != 0)
        return sx_error_set(SX_EIO, "cannot start the acceptor thread");
    l->running = 1;
    return 0;
}

int srv_listener_stop(srv_listener *l)
{
    if (!l->running)
        return 0;
    ssize_t w;
    do
        w = write(l->wake[1], "x", 1);
    while (w < 0 && errno == EINTR);
    pthread_join(l->thread, NULL);
    l->running = 0;
    /* A load balancer has sent these requests already (their first bytes are in:
     * TCP_DEFER_ACCEPT): they are answered, not reset.  Then shutting down the reading
     * side refuses new connections at once (a balancer sends them to another instance),
     * while the descriptor stays valid until the daemon has stopped. */
    int handed = accept_waiting(l);
    shutdown(l->fd, SHUT_RD);
    return handed;
}

void srv_listener_close(srv_listener *l)
{
    srv_listener_stop(l);
    if (l->fd >= 0)
        close(l->fd);
    for (int i = 0; i < 2; i++)
        if (l->wake[i] >= 0)
            close(l->wake[i]);
    l->fd = l->wake[0] = l->wake[1] = -1;
}
