/* UTF-8 decoding and encoding on code points (never bytes). */
#ifndef SX_UTIL_UTF8_H
#define SX_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s (len bytes left) into *cp; returns the bytes used, or -1
 * for an invalid or truncated sequence (overlongs and surrogates included). */
int sx_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the bytes written, 0 if cp is invalid. */
int sx_utf8_encode(uint32_t cp, char *out);
bool sx_utf8_valid(const char *s, size_t len);

#endif
