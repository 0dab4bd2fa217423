/* Writes a term table with its first column normalised as names are (sx_text_normalise),
 * so that the process that reads it opens no ICU transliterator to do so: rigour's legal
 * forms (data/terms/org_types.tsv) are written in Cyrillic, Greek, Armenian and Georgian
 * too, and normalising them when the tables load opened those transliterators in every
 * process (20 ms of a cold `stratex screen`), where a name in those scripts opens them
 * when it comes.  The tables are loaded before the Han variants, so the forms are
 * normalised here without them too (sx_text_init is not called), as the loader would.
 * The output opens with a line naming its input, which says where its rows come from
 * (the input's comments are not copied); it is written whole or not at all.
 *
 *     terms-normalise data/terms/org_types.tsv data/terms/dict/org_types.tsv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/text.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/strutil.h"

static int row(sx_buf *out, char *line, const char *path, size_t lineno)
{
    char *tab = strchr(line, '\t');
    int rc;
    if (!tab) {
        fprintf(stderr, "terms-normalise: %s:%zu: expected FORM<TAB>VALUE\n", path, lineno);
        return -1;
    }
    size_t before = out->len;
    if (sx_text_normalise(out, line, (size_t)(tab - line)) != 0 || out->len == before) {
        fprintf(stderr, "terms-normalise: %s:%zu: the form normalises to nothing\n", path,
                lineno);
        return -1;
    }
    return (rc = sx_buf_puts(out, tab)) != 0 ? rc : sx_buf_puts(out, "\n");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: terms-normalise IN OUT\n");
        return 2;
    }
    char *text = NULL;
    size_t len = 0, lineno = 0;
    if (sx_file_read(&text, &len, argv[1], (size_t)16 << 20) != 0) {
        fprintf(stderr, "terms-normalise: cannot read %s\n", argv[1]);
        return 1;
    }
    sx_buf out = SX_BUF_INIT;
    int rc = sx_buf_printf(&out, "# %s normalised as names are (tools/terms_normalise.c): "
                                 "its source and licence are that file's.\n", argv[1]);
    for (char *cursor = text, *line; rc == 0 && (line = sx_next_line(&cursor, &lineno));) {
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\r')
            line[n - 1] = '\0';
        rc = row(&out, line, argv[1], lineno);
    }
    if (rc == 0)
        rc = sx_file_write_atomic(argv[2], out.ptr ? out.ptr : "", out.len);
    if (rc != 0)
        fprintf(stderr, "terms-normalise: %s not written\n", argv[2]);
    free(text);
    sx_buf_free(&out);
    return rc == 0 ? 0 : 1;
}
