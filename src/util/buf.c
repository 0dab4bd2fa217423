/* Bounded growable buffers. */
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* The first failure: what the buffer held is dropped, and the code kept (buf.h). */
static int lose(sx_buf *b, int rc)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->err = rc;
    return rc;
}

int sx_buf_grow(sx_buf *b, size_t extra)
{
    if (b->err)
        return b->err;
    size_t max = b->max ? b->max : SX_BUF_DEFAULT_MAX;
    if (extra > max || b->len > max - extra)
        return lose(b, sx_error_set(SX_ELIMIT, "buffer limit of %zu bytes exceeded", max));
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->ptr, cap);
    if (!p)
        return lose(b, sx_error_oom());
    b->ptr = p;
    b->cap = cap;
    return 0;
}

int sx_buf_status(const sx_buf *b)
{
    return b->err;
}

int sx_buf_put(sx_buf *b, const void *data, size_t len)
{
    int rc = sx_buf_grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return 0;
}

int sx_buf_puts(sx_buf *b, const char *s)
{
    return sx_buf_put(b, s, strlen(s));
}

int sx_buf_putc(sx_buf *b, char c)
{
    /* the common case, room already there, without the limit arithmetic */
    if (b->len + 2 <= b->cap && (!b->max || b->len + 1 <= b->max)) {
        b->ptr[b->len++] = c;
        b->ptr[b->len] = '\0';
        return 0;
    }
    return sx_buf_put(b, &c, 1);
}

int sx_buf_vprintf(sx_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return b->err ? b->err : lose(b, sx_error_set(SX_EINVAL, "bad format string"));
    int rc = sx_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int sx_buf_printf(sx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sx_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void sx_buf_clear(sx_buf *b)
{
    b->len = 0;
    b->err = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

char *sx_buf_detach(sx_buf *b)
{
    char *p = b->ptr;
    if (!p && !b->err && !(p = calloc(1, 1)))
        sx_error_oom();
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->err = 0;
    return p;
}

void sx_buf_free(sx_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->err = 0;
}
