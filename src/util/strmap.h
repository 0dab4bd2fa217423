/* A string-keyed hash map (open addressing, linear probing) from a key to a pointer.
 * Keys are borrowed: the caller keeps them alive (typically in an arena). */
#ifndef SX_UTIL_STRMAP_H
#define SX_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sx_strmap_slot {
    const char *key;
    void *value;
    uint64_t hash;
} sx_strmap_slot;

typedef struct sx_strmap {
    sx_strmap_slot *slots;
    size_t cap, count;
} sx_strmap;

#define SX_STRMAP_INIT {NULL, 0, 0}

uint64_t sx_hash_bytes(const void *data, size_t len);
/* Inserts or replaces; 0 or SX_ENOMEM. */
int sx_strmap_put(sx_strmap *m, const char *key, void *value);
void *sx_strmap_get(const sx_strmap *m, const char *key);
void *sx_strmap_getn(const sx_strmap *m, const char *key, size_t len);
void sx_strmap_free(sx_strmap *m);

#endif
