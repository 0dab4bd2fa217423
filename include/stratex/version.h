/* stratex — library version.
 *
 * SX_VERSION_* describe the headers a program was compiled with; sx_version() and
 * sx_version_number() the library it runs with.  The shared library's SONAME is
 * libstratex.so.SX_SOVERSION, and SX_SOVERSION changes only when the ABI breaks
 * (docs/library.md). */
#ifndef STRATEX_VERSION_H
#define STRATEX_VERSION_H

#include "stratex/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SX_VERSION_MAJOR 0
#define SX_VERSION_MINOR 5
#define SX_VERSION_PATCH 0
#define SX_VERSION "0.5.0"

/* The ABI generation: the N of libstratex.so.N. */
#define SX_SOVERSION 1

/* 0xMMmmpp: one byte each for major, minor and patch, so versions compare as integers. */
#define SX_VERSION_NUMBER_OF(major, minor, patch) (((major) << 16) | ((minor) << 8) | (patch))
#define SX_VERSION_NUMBER SX_VERSION_NUMBER_OF(SX_VERSION_MAJOR, SX_VERSION_MINOR, SX_VERSION_PATCH)

/* True when the headers are at least major.minor.patch:
 *   #if SX_VERSION_AT_LEAST(0, 2, 0)  ...use something added in 0.2.0...  #endif */
#define SX_VERSION_AT_LEAST(major, minor, patch)                                                   \
    (SX_VERSION_NUMBER >= SX_VERSION_NUMBER_OF(major, minor, patch))

/* The version of the library actually linked (may differ from SX_VERSION in a header). */
SX_EXTERN const char *sx_version(void);
/* The same as a number in the SX_VERSION_NUMBER scheme: a program built against newer
 * headers can refuse to run with an older library that lacks what it uses. */
SX_EXTERN int sx_version_number(void);

/* Which optional parts this build of the library has, as "key=value;..." text, e.g.
 * "espeak=1" when the GPL espeak-ng is linked (docs/library.md, LICENSE). */
SX_EXTERN const char *sx_build_features(void);

#ifdef __cplusplus
}
#endif
#endif
