/* Fuzz target: the list loaders.  The first byte picks the format, the rest is the file.
 * Any input must load whole or fail cleanly (no crash, no leak, no half-loaded list). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stratex/lists.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"simple-csv", "ofac-csv", "csl-json",
                                          "meti-eul-json", "un-xml"};
    if (size < 1)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/sx_fuzz_lists_%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    sx_list *l = NULL;
    if (sx_list_load(&l, formats[data[0] % 5], path) == 0)
        sx_list_free(l);
    unlink(path);
    return 0;
}
