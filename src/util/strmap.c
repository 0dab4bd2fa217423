/* String hash map. FNV-1a is plenty for identifiers and name tokens. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

uint64_t sx_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

static int rehash(sx_strmap *m, size_t cap)
{
    sx_strmap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return sx_error_oom();
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t j = m->slots[i].hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int sx_strmap_put(sx_strmap *m, const char *key, void *value)
{
    if ((m->count + 1) * 4 >= m->cap * 3) {
        int rc = rehash(m, m->cap ? m->cap * 2 : 16);
        if (rc)
            return rc;
    }
    size_t len = strlen(key);
    uint64_t h = sx_hash_bytes(key, len);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) {
            m->slots[j].value = value;
            return 0;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->slots[j].key = key;
    m->slots[j].value = value;
    m->slots[j].hash = h;
    m->count++;
    return 0;
}

void *sx_strmap_getn(const sx_strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    uint64_t h = sx_hash_bytes(key, len);
    size_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        if (m->slots[j].hash == h && strncmp(m->slots[j].key, key, len) == 0 &&
            m->slots[j].key[len] == '\0')
            return m->slots[j].value;
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

void *sx_strmap_get(const sx_strmap *m, const char *key)
{
    return sx_strmap_getn(m, key, strlen(key));
}

void sx_strmap_free(sx_strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
