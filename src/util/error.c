/* Error codes, their descriptions, and the per-thread last error message. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stratex/version.h"
#include "util/utf8.h"

#define SX_ERRMSG_MAX 512

static _Thread_local char last_msg[SX_ERRMSG_MAX];

const char *sx_strerror(int code)
{
    switch (code) {
#define SX_ERRNO_CASE(name, value, desc)                                                           \
    case value:                                                                                    \
        return desc;
        SX_ERRNO_MAP(SX_ERRNO_CASE)
#undef SX_ERRNO_CASE
    }
    return "unknown error";
}

const char *sx_errmsg(void)
{
    return last_msg;
}

void sx_error_clear(void)
{
    last_msg[0] = '\0';
}

int sx_error_set(int code, const char *fmt, ...)
{
    /* Formatted aside first: callers add context to the message before them
     * (sx_error_set(rc, "%s:%zu: %s", file, line, sx_errmsg())), and formatting into
     * the buffer an argument points into would overwrite it as it is read. */
    char msg[sizeof last_msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    memcpy(last_msg, msg, sizeof msg);
    /* Messages quote user input, cut by bytes ("%.16s") or by the buffer: a character
     * split in two, or bytes that were never UTF-8, would make the message unusable in
     * JSON (a problem detail, an audit field).  Mark them instead. */
    sx_utf8_repair(last_msg);
    return code;
}

int sx_error_oom(void)
{
    return sx_error_set(SX_ENOMEM, "out of memory");
}

const char *sx_version(void)
{
    return SX_VERSION;
}
