/* Fuzz target: name analysis and pair scoring on arbitrary bytes (two names split at the
 * first newline).  Scores must stay in [0, 1]. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stratex/screen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *nl = memchr(buf, '\n', size);
    const char *b = "Kim Jong Un";
    if (nl) {
        *nl = '\0';
        b = nl + 1;
    }
    double s = 0;
    if (sx_match_names(&s, buf, b, NULL) == 0 && (s < 0.0 || s > 1.0))
        abort();
    /* What a screening of the name cannot say: at most two sentences, none empty. */
    char **caveats = NULL;
    size_t n = 0;
    if (sx_screen_caveats(&caveats, &n, buf) != 0 || n > 2 || caveats[n] != NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!caveats[i][0])
            abort();
    sx_free(caveats);
    free(buf);
    return 0;
}
