/* stratex — library version. */
#ifndef STRATEX_VERSION_H
#define STRATEX_VERSION_H

#define SX_VERSION_MAJOR 0
#define SX_VERSION_MINOR 1
#define SX_VERSION_PATCH 0
#define SX_VERSION "0.1.0"

/* The version of the library actually linked (may differ from SX_VERSION in a header). */
const char *sx_version(void);

#endif
