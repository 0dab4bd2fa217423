/* Fuzz target: the CSV reader every batch and list file goes through. */
#include <stdint.h>
#include <stdlib.h>

#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sx_csv c;
    sx_csv_init(&c, (const char *)data, size, "fuzz.csv");
    int rc;
    size_t records = 0;
    while ((rc = sx_csv_next(&c)) > 0) {
        for (size_t i = 0; i < c.nfields; i++)
            if (!c.fields[i])
                abort();
        records++;
    }
    (void)records;
    sx_csv_free(&c);
    return 0;
}
