/* Raising errors inside the library: sets the thread's detail message and returns the code,
 * so a failure reads `return sx_error_set(SX_EPARSE, "%s:%zu: ...", path, line);`. */
#ifndef SX_UTIL_ERROR_H
#define SX_UTIL_ERROR_H

#include "stratex/errors.h"

int sx_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For allocation failures: sets "out of memory" and returns SX_ENOMEM. */
int sx_error_oom(void);

#endif
