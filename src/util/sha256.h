/* SHA-256 through OpenSSL's EVP interface, as lowercase hex. */
#ifndef SX_UTIL_SHA256_H
#define SX_UTIL_SHA256_H

#include <stddef.h>

#define SX_SHA256_HEX 65 /* 64 hex digits + NUL */

typedef struct sx_sha256 sx_sha256;

int sx_sha256_hex(char out[SX_SHA256_HEX], const void *data, size_t len);
/* Incremental hashing. */
int sx_sha256_new(sx_sha256 **out);
int sx_sha256_update(sx_sha256 *h, const void *data, size_t len);
int sx_sha256_final_hex(sx_sha256 *h, char out[SX_SHA256_HEX]); /* also frees h */
void sx_sha256_free(sx_sha256 *h);

#endif
