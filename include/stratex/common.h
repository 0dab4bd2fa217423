/* stratex — what every public header needs: the export marker and sx_free().
 *
 * libstratex is built with -fvisibility=hidden, so only what a public header marks with
 * SX_EXTERN is exported from the shared library; everything else in the library (the
 * internal sx_ helpers under src/) stays private and may change in any release.  See
 * docs/library.md for the ABI promise. */
#ifndef STRATEX_COMMON_H
#define STRATEX_COMMON_H

#if defined(__GNUC__) || defined(__clang__)
#define SX_EXTERN extern __attribute__((visibility("default")))
#else
#define SX_EXTERN extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Frees a string or array the library allocated and handed over through an out-parameter
 * without a type-specific *_free() (the JSON and text of sx_*_json()/sx_*_text(), the hit
 * array of sx_screen_query(), the list array of sx_lists_load_default()).  Accepts NULL.
 * Use it rather than free(): a program whose C runtime or allocator differs from the
 * library's (a static CRT, a debugging malloc, another language's runtime) must not free
 * the library's memory itself.  In this release free() still works and will for every
 * 0.x release, but only sx_free() is promised. */
SX_EXTERN void sx_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
