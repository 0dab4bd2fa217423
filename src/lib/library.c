/* The library as a whole: its version number, its optional parts, and the one function
 * that gives back memory the library handed out. */
#include <stdlib.h>

#include "stratex/common.h"
#include "stratex/version.h"

int sx_version_number(void)
{
    return SX_VERSION_NUMBER;
}

const char *sx_build_features(void)
{
#ifdef SX_NO_ESPEAK
    return "espeak=0";
#else
    return "espeak=1";
#endif
}

void sx_free(void *ptr)
{
    free(ptr);
}
