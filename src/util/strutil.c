/* String helpers. */
#include "util/strutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/utf8.h"

char *sx_strdup(const char *s)
{
    if (!s)
        return NULL;
    return sx_strndup(s, strlen(s));
}

char *sx_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) {
        sx_error_oom();
        return NULL;
    }
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t sx_strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* Quoted user input is cut to 40 bytes on a character boundary (for "%.*s"). */
#define QUOTED(s) (int)sx_utf8_prefix((s), strlen(s), 40), (s)

int sx_parse_long(long *out, const char *s)
{
    if (!s || !*s)
        return sx_error_set(SX_EINVAL, "empty number");
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end)
        return sx_error_set(SX_EINVAL, "not a whole number: \"%.*s\"", QUOTED(s));
    if (errno == ERANGE)
        return sx_error_set(SX_ERANGE, "number out of range: \"%.*s\"", QUOTED(s));
    *out = v;
    return 0;
}

int sx_parse_double(double *out, const char *s)
{
    if (!s || !*s)
        return sx_error_set(SX_EINVAL, "empty number");
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end)
        return sx_error_set(SX_EINVAL, "not a number: \"%.*s\"", QUOTED(s));
    if (errno == ERANGE)
        return sx_error_set(SX_ERANGE, "number out of range: \"%.*s\"", QUOTED(s));
    *out = v;
    return 0;
}

bool sx_streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool sx_streq_ascii_ci(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return *a == *b;
}

char *sx_trim(char *s)
{
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
                   s[len - 1] == '\n'))
        s[--len] = '\0';
    size_t start = 0;
    while (s[start] == ' ' || s[start] == '\t' || s[start] == '\r' || s[start] == '\n')
        start++;
    if (start)
        memmove(s, s + start, len - start + 1);
    return s;
}

char *sx_next_line(char **cursor, size_t *lineno)
{
    for (char *line = *cursor, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        *cursor = next;
        ++*lineno;
        if (line[0] != '#' && line[0] != '\0')
            return line;
    }
    *cursor = NULL;
    return NULL;
}
