/* SHA-256 via OpenSSL. */
#include "util/sha256.h"

#include <openssl/evp.h>

#include "util/error.h"

struct sx_sha256 {
    EVP_MD_CTX *ctx;
};

static void to_hex(char out[SX_SHA256_HEX], const unsigned char *md, unsigned len)
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < len; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[2 * len] = '\0';
}

int sx_sha256_new(sx_sha256 **out)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return sx_error_set(SX_ENOMEM, "cannot start SHA-256");
    }
    *out = (sx_sha256 *)ctx;
    return 0;
}

int sx_sha256_update(sx_sha256 *h, const void *data, size_t len)
{
    if (EVP_DigestUpdate((EVP_MD_CTX *)h, data, len) != 1)
        return sx_error_set(SX_EINVAL, "SHA-256 update failed");
    return 0;
}

int sx_sha256_final_hex(sx_sha256 *h, char out[SX_SHA256_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    int ok = EVP_DigestFinal_ex((EVP_MD_CTX *)h, md, &len) == 1;
    EVP_MD_CTX_free((EVP_MD_CTX *)h);
    if (!ok)
        return sx_error_set(SX_EINVAL, "SHA-256 final failed");
    to_hex(out, md, len);
    return 0;
}

void sx_sha256_free(sx_sha256 *h)
{
    EVP_MD_CTX_free((EVP_MD_CTX *)h);
}

int sx_sha256_hex(char out[SX_SHA256_HEX], const void *data, size_t len)
{
    sx_sha256 *h;
    int rc = sx_sha256_new(&h);
    if (rc)
        return rc;
    if ((rc = sx_sha256_update(h, data, len))) {
        sx_sha256_free(h);
        return rc;
    }
    return sx_sha256_final_hex(h, out);
}
