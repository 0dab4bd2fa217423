/* Fuzz target: a check request as the server and audit replay receive it (JSON), through
 * sx_decide_json on the real regime data.  Any input must give a decision or a clean
 * error, never a crash, leak or undefined behaviour. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stratex/stratex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sx_regimes *regimes;

static void release(void) { sx_regimes_free(regimes); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!regimes) {
        const char *dir = getenv("STRATEX_DATA");
        if (sx_regimes_load(&regimes, dir ? dir : "data") != 0)
            abort();
        atexit(release);
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *out = NULL;
    if (sx_decide_json(&out, regimes, NULL, text) == 0 && (!out || out[0] != '{'))
        abort();
    free(out);
    free(text);
    return 0;
}
