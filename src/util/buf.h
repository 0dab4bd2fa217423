/* Growable byte buffers with an upper bound (curl's dynbuf idea): every append checks
 * for overflow and for the buffer's maximum, so input can never grow one without limit.
 *
 * A failure is sticky, as in curl: the first append that fails (out of memory, over the
 * maximum) frees what the buffer held and records its code, and every later append fails
 * with that code, until sx_buf_clear() or sx_buf_free().  A writer may therefore append
 * without checking each call and check sx_buf_status() once at the end: a buffer that
 * lost an append never passes for a complete (truncated) string. */
#ifndef SX_UTIL_BUF_H
#define SX_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define SX_BUF_DEFAULT_MAX ((size_t)1 << 30) /* 1 GiB unless a caller sets less */

typedef struct sx_buf {
    char *ptr;  /* always NUL-terminated once anything was added */
    size_t len; /* bytes in use, excluding the terminator */
    size_t cap; /* bytes allocated */
    size_t max; /* largest len allowed; 0 means SX_BUF_DEFAULT_MAX */
    int err;    /* the first failed append's SX_E* code, or 0 */
} sx_buf;

#define SX_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0, 0, 0                                                                           \
    }

int sx_buf_grow(sx_buf *b, size_t extra);
int sx_buf_put(sx_buf *b, const void *data, size_t len);
int sx_buf_puts(sx_buf *b, const char *s);
int sx_buf_putc(sx_buf *b, char c);
int sx_buf_printf(sx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sx_buf_vprintf(sx_buf *b, const char *fmt, va_list ap);
/* 0, or the code of the first append that failed since the buffer was last cleared. */
int sx_buf_status(const sx_buf *b);
/* Empties the buffer (keeping its memory) and forgets a failure. */
void sx_buf_clear(sx_buf *b);
/* Hands the string to the caller (who frees it); the buffer is left empty.  NULL when an
 * append failed (see sx_buf_status()) or allocation fails; "" when nothing was added. */
char *sx_buf_detach(sx_buf *b);
void sx_buf_free(sx_buf *b);

#endif
