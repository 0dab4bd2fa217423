/* A bump allocator for data that lives and dies together (one load of a regime, one list,
 * one request): many small allocations, one free. */
#ifndef SX_UTIL_ARENA_H
#define SX_UTIL_ARENA_H

#include <stddef.h>

typedef struct sx_arena_block sx_arena_block;

typedef struct sx_arena {
    sx_arena_block *head;
    size_t total;  /* bytes handed out, for memory reports */
} sx_arena;

#define SX_ARENA_INIT {NULL, 0}

/* 16-byte aligned, zeroed memory; NULL (with SX_ENOMEM set) on failure. */
void *sx_arena_alloc(sx_arena *a, size_t size);
/* Overflow-checked n * size. */
void *sx_arena_calloc(sx_arena *a, size_t n, size_t size);
char *sx_arena_strdup(sx_arena *a, const char *s);
char *sx_arena_strndup(sx_arena *a, const char *s, size_t n);
void sx_arena_free(sx_arena *a);

#endif
