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
/* The length of the longest prefix of s (len bytes) that is at most max bytes and does
 * not end inside a character: for cutting user input in messages (never "%.16s", which
 * can split a character and make the message invalid UTF-8). */
size_t sx_utf8_prefix(const char *s, size_t len, size_t max);
/* For a "%.*s" in a message quoting user input: SX_CUT(s, 16) (needs <string.h>). */
#define SX_CUT(s, n) (int)sx_utf8_prefix((s), strlen(s), (n)), (s)
/* Replaces, in place, every byte of s (NUL-terminated) that is not part of a valid UTF-8
 * sequence with '?', so the text can always be encoded as JSON; returns the bytes
 * replaced.  The length never changes. */
size_t sx_utf8_repair(char *s);

#endif
