/* RFC 4180 CSV reading over an in-memory buffer, and CSV field writing.
 *
 * Tolerates what real list files contain: a UTF-8 BOM, CRLF or LF line ends, OFAC's
 * trailing DOS EOF byte (0x1A), quoted fields with embedded commas, quotes and newlines.
 * Errors name the source and the line where the bad record starts. */
#ifndef SX_UTIL_CSV_H
#define SX_UTIL_CSV_H

#include <stddef.h>

#include "util/buf.h"

#define SX_CSV_MAX_FIELD ((size_t)1 << 20) /* longest field accepted: 1 MiB */
#define SX_CSV_MAX_FIELDS 4096             /* most fields in one record */

typedef struct sx_csv {
    const char *p, *end;
    const char *name;  /* file name for messages (borrowed) */
    size_t line;       /* line number of the next record */
    size_t rec_line;   /* line number where the current record starts */
    sx_buf store;      /* field bytes, NUL-separated */
    size_t *offsets;   /* field start offsets into store */
    size_t nfields, capfields;
    char **fields;     /* pointers into store, valid until the next sx_csv_next */
} sx_csv;

void sx_csv_init(sx_csv *c, const char *data, size_t len, const char *name);
/* Reads the next record: 1 when one was read, 0 at the end, <0 on error. Blank lines are
 * skipped. */
int sx_csv_next(sx_csv *c);
void sx_csv_free(sx_csv *c);

/* Column index of a header name in the current record, or -1. */
int sx_csv_column(const sx_csv *c, const char *name);

/* Appends one field to b, quoted only when it must be. */
int sx_csv_put_field(sx_buf *b, const char *field);

#endif
