/* Fuzz target: the party register CSV reader behind `stratex parties import` and
 * POST /v1/parties (header, names in any script, types, dates, identifiers), without a
 * store.  A register either reads with at least one party or is refused with a message;
 * the parties no screening by spelling reaches are read from it alike, at most one per
 * party. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/workflow/wf.h"
#include "stratex/common.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 99;
    int rc = sx_wf_register_parse(&n, (const char *)data, size, "fuzz.csv");
    if (rc == 0 && n == 0)
        abort(); /* an empty register is an error, never a success */
    if (rc != 0 && (n != 0 || !sx_errmsg()[0]))
        abort(); /* a refusal says why and reads nothing */
    char *ids = NULL;
    int urc = sx_parties_unreached_json(&ids, (const char *)data, size, "fuzz.csv");
    json_t *arr = ids ? json_loads(ids, 0, NULL) : NULL;
    if ((urc == 0) != (rc == 0) || (urc == 0 && (!json_is_array(arr) || json_array_size(arr) > n)))
        abort(); /* the same verdict on the same rows; ids of parties only */
    json_decref(arr);
    sx_free(ids);
    return 0;
}
