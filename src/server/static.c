/* The workbench: the built web UI (build/ui, `--ui DIR`) served at "/" by the same server
 * as the API — index.html and the content-hashed files under /assets/ — with their content
 * types, caching, and a Content-Security-Policy that allows nothing but this origin. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"

/* No inline script or style, nothing from another origin, no framing. */
#define UI_CSP                                                                                     \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "   \
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "                 \
    "frame-ancestors 'none'"

/* Vite names every file under assets/ after its content: it never changes under its name. */
#define UI_CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define UI_CACHE_REVALIDATE "no-cache"

static const struct {
    const char *ext;
    const char *ctype;
} content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

int srv_static_wants(const srv_request *rq)
{
    if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
        return 0;
    const char *p = rq->path;
    if (strcmp(p, "/healthz") == 0 || strcmp(p, "/v1") == 0 || strncmp(p, "/v1/", 4) == 0)
        return 0;
    return p[0] == '/';
}

/* A path the UI folder may answer: segments of [A-Za-z0-9._-], none empty or starting with
 * a dot (so no "..", no hidden files), at most SRV_MAX_UI_PATH bytes.  libmicrohttpd has
 * already percent-decoded it, so %2e%2e arrives here as "..". */
static int safe_path(const char *p)
{
    size_t len = strlen(p);
    if (len == 0 || len > SRV_MAX_UI_PATH)
        return 0;
    int seg_start = 1;
    for (const char *c = p; *c; c++) {
        if (*c == '/') {
            if (seg_start)
                return 0; /* empty segment */
            seg_start = 1;
            continue;
        }
        if (seg_start && *c == '.')
            return 0;
        seg_start = 0;
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                 *c == '.' || *c == '_' || *c == '-';
        if (!ok)
            return 0;
    }
    return !seg_start;
}

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof content_types / sizeof content_types[0]; i++)
        if (strcmp(dot, content_types[i].ext) == 0)
            return content_types[i].ctype;
    return "application/octet-stream";
}

/* Reads a regular file (never through a symbolic link) of at most SRV_MAX_UI_FILE_BYTES;
 * returns 0, or -1 with errno (ENOENT for anything that is not a file to serve). */
static int read_file(char **out, size_t *len, const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ELOOP || errno == ENOTDIR || errno == EISDIR)
            errno = ENOENT;
        return -1;
    }
    struct stat sb;
    char *buf = NULL;
    int rc = -1;
    if (fstat(fd, &sb) != 0)
        goto done;
    if (!S_ISREG(sb.st_mode) || sb.st_size < 0 || (size_t)sb.st_size > SRV_MAX_UI_FILE_BYTES) {
        errno = ENOENT;
        goto done;
    }
    size_t size = (size_t)sb.st_size, got = 0;
    buf = malloc(size + 1);
    if (!buf)
        goto done;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto done;
        got += (size_t)n;
    }
    buf[size] = '\0';
    *out = buf;
    *len = size;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    close(fd);
    return rc;
}

void srv_static_answer(srv_request *rq)
{
    const char *dir = rq->st->cfg->ui_dir;
    const char *rel = strcmp(rq->path, "/") == 0 ? "index.html" : rq->path + 1;
    int index = strcmp(rel, "index.html") == 0;
    char path[SRV_MAX_UI_PATH + 4200];
    if (!dir || !safe_path(rel) || strlen(dir) > 4096) {
        srv_problem(rq, 404, NULL, "Not Found", "no such resource: %s", rq->path);
        return;
    }
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *data = NULL;
    size_t len = 0;
    if (read_file(&data, &len, path) != 0) {
        if (errno == ENOMEM)
            srv_problem(rq, 500, "internal-error", "Internal error", "out of memory");
        else if (index)
            srv_problem(rq, 404, "ui-not-built", "Workbench not built",
                        "the workbench is not built: %s/index.html does not exist; run make "
                        "(it needs Node.js and npm), or start the server with --ui DIR",
                        dir);
        else
            srv_problem(rq, 404, NULL, "Not Found", "no such resource: %s", rq->path);
        return;
    }
    rq->status = 200;
    rq->out = data;
    rq->out_len = len;
    rq->ctype = type_of(rel);
    rq->cache = strncmp(rel, "assets/", 7) == 0 ? UI_CACHE_IMMUTABLE : UI_CACHE_REVALIDATE;
    rq->ui = 1;
}

void srv_static_headers(const srv_request *rq, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (!rq->ui)
        return;
    MHD_add_response_header(resp, "Content-Security-Policy", UI_CSP);
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}
