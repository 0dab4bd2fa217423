/* CSV reader/writer. */
#include "util/csv.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

void sx_csv_init(sx_csv *c, const char *data, size_t len, const char *name)
{
    memset(c, 0, sizeof *c);
    c->p = data;
    c->end = data + len;
    c->name = name ? name : "<csv>";
    c->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->p += 3;
    c->store.max = SX_CSV_MAX_FIELD * 4;
}

static int end_field(sx_csv *c, size_t start)
{
    if (c->nfields == SX_CSV_MAX_FIELDS)
        return sx_error_set(SX_ELIMIT, "%s:%zu: more than %d fields", c->name, c->rec_line,
                            SX_CSV_MAX_FIELDS);
    if (c->store.len - start > SX_CSV_MAX_FIELD)
        return sx_error_set(SX_ELIMIT, "%s:%zu: field longer than %zu bytes", c->name,
                            c->rec_line, SX_CSV_MAX_FIELD);
    if (c->nfields == c->capfields) {
        size_t cap = c->capfields ? c->capfields * 2 : 16;
        size_t *o = realloc(c->offsets, cap * sizeof *o);
        if (!o)
            return sx_error_oom();
        c->offsets = o;
        char **f = realloc(c->fields, cap * sizeof *f);
        if (!f)
            return sx_error_oom();
        c->fields = f;
        c->capfields = cap;
    }
    c->offsets[c->nfields++] = start;
    return sx_buf_putc(&c->store, '\0');
}

static int at_end(const sx_csv *c)
{
    /* OFAC files end with a DOS EOF byte (0x1A), sometimes followed by nothing else. */
    return c->p >= c->end || (*c->p == 0x1A && c->p + 1 >= c->end);
}

int sx_csv_next(sx_csv *c)
{
    int rc;
    while (!at_end(c) && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n')
            c->line++;
        c->p++;
    }
    if (at_end(c))
        return 0;
    sx_buf_clear(&c->store);
    c->nfields = 0;
    c->rec_line = c->line;
    size_t start = 0;
    for (;;) {
        start = c->store.len;
        if (c->p < c->end && *c->p == '"') {
            c->p++;
            for (;;) {
                if (c->p >= c->end)
                    return sx_error_set(SX_EPARSE, "%s:%zu: unterminated quoted field",
                                        c->name, c->rec_line);
                char ch = *c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        c->p++;
                        if ((rc = sx_buf_putc(&c->store, '"')))
                            return rc;
                        continue;
                    }
                    break;
                }
                if (ch == '\n')
                    c->line++;
                if ((rc = sx_buf_putc(&c->store, ch)))
                    return rc;
            }
            /* Tolerate stray spaces between a closing quote and the separator. */
            while (c->p < c->end && *c->p == ' ')
                c->p++;
            if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r' &&
                *c->p != 0x1A)
                return sx_error_set(SX_EPARSE, "%s:%zu: text after a closing quote", c->name,
                                    c->rec_line);
        } else {
            const char *s = c->p;
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                c->p++;
            size_t n = (size_t)(c->p - s);
            if (c->p >= c->end && n && s[n - 1] == 0x1A)
                n--;
            if ((rc = sx_buf_put(&c->store, s, n)))
                return rc;
        }
        if ((rc = end_field(c, start)))
            return rc;
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        break;
    }
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    if (c->p < c->end && *c->p == '\n') {
        c->p++;
        c->line++;
    }
    for (size_t i = 0; i < c->nfields; i++)
        c->fields[i] = c->store.ptr + c->offsets[i];
    return 1;
}

void sx_csv_free(sx_csv *c)
{
    sx_buf_free(&c->store);
    free(c->offsets);
    free(c->fields);
    c->offsets = NULL;
    c->fields = NULL;
    c->nfields = c->capfields = 0;
}

int sx_csv_column(const sx_csv *c, const char *name)
{
    for (size_t i = 0; i < c->nfields; i++)
        if (strcmp(c->fields[i], name) == 0)
            return (int)i;
    return -1;
}

int sx_csv_put_field(sx_buf *b, const char *field)
{
    if (!strpbrk(field, ",\"\r\n"))
        return sx_buf_puts(b, field);
    int rc = sx_buf_putc(b, '"');
    for (const char *p = field; !rc && *p; p++)
        rc = *p == '"' ? sx_buf_put(b, "\"\"", 2) : sx_buf_putc(b, *p);
    return rc ? rc : sx_buf_putc(b, '"');
}
