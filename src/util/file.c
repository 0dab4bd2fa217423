/* File helpers. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"

int sx_file_read(char **out, size_t *len, const char *path, size_t max)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sx_error_set(SX_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        close(fd);
        return sx_error_set(SX_EIO, "%s: not a readable file", path);
    }
    sx_buf b = SX_BUF_INIT;
    b.max = max;
    int rc = 0;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = sx_error_set(SX_EIO, "%s: read error: %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        rc = sx_buf_put(&b, chunk, (size_t)n);
        if (rc) {
            if (rc == SX_ELIMIT)
                sx_error_set(SX_ELIMIT, "%s: larger than the limit of %zu bytes", path, max);
            break;
        }
    }
    close(fd);
    if (rc) {
        sx_buf_free(&b);
        return rc;
    }
    *len = b.len;
    *out = sx_buf_detach(&b);
    return *out ? 0 : sx_error_oom();
}

int sx_file_write_atomic(const char *path, const void *data, size_t len)
{
    sx_buf tmp = SX_BUF_INIT;
    int rc = sx_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    if (rc)
        return rc;
    int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = sx_error_set(SX_EIO, "%s: cannot create: %s", path, strerror(errno));
        goto done;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = sx_error_set(SX_EIO, "%s: write error: %s", path, strerror(errno));
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    if (!rc && fsync(fd) != 0)
        rc = sx_error_set(SX_EIO, "%s: fsync failed: %s", path, strerror(errno));
    close(fd);
    if (!rc && rename(tmp.ptr, path) != 0)
        rc = sx_error_set(SX_EIO, "%s: cannot replace: %s", path, strerror(errno));
    if (rc)
        unlink(tmp.ptr);
done:
    sx_buf_free(&tmp);
    return rc;
}
