/* stratex — error codes and the last error message.
 *
 * Every library function that can fail returns int: 0 on success or a negative SX_E*
 * code from the table below.  Codes are never renumbered; new ones go at the end.
 * The one-line detail ("data/regimes/jp/groups.yaml:41: unknown country \"KOR\"")
 * is kept per thread and read with sx_errmsg(). */
#ifndef STRATEX_ERRORS_H
#define STRATEX_ERRORS_H

#include "stratex/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, description) */
#define SX_ERRNO_MAP(X)                                                                            \
    X(OK, 0, "success")                                                                            \
    X(ENOMEM, -1, "out of memory")                                                                 \
    X(EINVAL, -2, "invalid input")                                                                 \
    X(ENOTFOUND, -3, "not found")                                                                  \
    X(EIO, -4, "input/output error")                                                               \
    X(EPARSE, -5, "malformed input")                                                               \
    X(ERANGE, -6, "value out of range")                                                            \
    X(ELIMIT, -7, "input exceeds a configured limit")                                              \
    X(EDATA, -8, "invalid regulation or list data")                                                \
    X(EDB, -9, "audit store error")                                                                \
    X(EINTEGRITY, -10, "integrity check failed")                                                   \
    X(EUNSUPPORTED, -11, "unsupported operation")                                                  \
    X(EUNKNOWN_COUNTRY, -12, "unknown country")                                                    \
    X(EUNKNOWN_ITEM, -13, "unknown item")                                                          \
    X(EDATE, -14, "bad or out-of-range date")                                                      \
    X(EAUTH, -15, "not authorised")                                                                \
    X(EUNKNOWN_JURISDICTION, -16, "no regime data for that jurisdiction")                          \
    X(ECONFLICT, -17, "conflicts with the current state")

typedef enum {
#define SX_ERRNO_ENUM(name, value, desc) SX_##name = value,
    SX_ERRNO_MAP(SX_ERRNO_ENUM)
#undef SX_ERRNO_ENUM
} sx_errno;

/* The fixed description of an error code ("out of memory"); never NULL. */
SX_EXTERN const char *sx_strerror(int code);

/* The detail message of the last error raised on the calling thread, or "" when none.
 * Borrowed: valid until the next failing call on this thread. */
SX_EXTERN const char *sx_errmsg(void);

/* Forget the last error on the calling thread. */
SX_EXTERN void sx_error_clear(void);

#ifdef __cplusplus
}
#endif
#endif
