/* Arena allocator. */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define ARENA_BLOCK 65536

struct sx_arena_block {
    sx_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void *sx_arena_alloc(sx_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    sx_arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
        if (cap > SIZE_MAX - sizeof *b) {
            sx_error_oom();
            return NULL;
        }
        sx_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) {
            sx_error_oom();
            return NULL;
        }
        nb->used = 0;
        nb->cap = cap;
        if (b && size > ARENA_BLOCK / 4) {
            /* A big one-off allocation: keep the current block as the head. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *sx_arena_calloc(sx_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        sx_error_oom();
        return NULL;
    }
    return sx_arena_alloc(a, n * size);
}

char *sx_arena_strndup(sx_arena *a, const char *s, size_t n)
{
    char *p = sx_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *sx_arena_strdup(sx_arena *a, const char *s)
{
    return s ? sx_arena_strndup(a, s, strlen(s)) : NULL;
}

void sx_arena_free(sx_arena *a)
{
    sx_arena_block *b = a->head;
    while (b) {
        sx_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
