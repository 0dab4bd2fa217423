/* Small string helpers the library uses instead of strcpy/atoi and friends. */
#ifndef SX_UTIL_STRUTIL_H
#define SX_UTIL_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

char *sx_strdup(const char *s);              /* NULL in, NULL out; sets SX_ENOMEM message */
char *sx_strndup(const char *s, size_t n);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t sx_strlcpy(char *dst, const char *src, size_t size);
/* Whole-string decimal parse; 0 or SX_EINVAL / SX_ERANGE. */
int sx_parse_long(long *out, const char *s);
int sx_parse_double(double *out, const char *s);
bool sx_streq(const char *a, const char *b);      /* NULL-safe */
bool sx_streq_ascii_ci(const char *a, const char *b);
/* Trims ASCII whitespace in place; returns s. */
char *sx_trim(char *s);
/* The next line of text at *cursor (a writable, NUL-terminated table) that is neither
 * empty nor a '#' comment, cut out in place; NULL at the end.  *lineno counts every line
 * passed, for messages. */
char *sx_next_line(char **cursor, size_t *lineno);

#endif
