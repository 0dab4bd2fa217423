/* The in-memory model of a loaded restricted-party list (internal to the library).
 * Loaders (src/lib/screen/lists/) fill it; the index (src/lib/screen/) reads it. */
#ifndef SX_SCREEN_LIST_H
#define SX_SCREEN_LIST_H

#include <stddef.h>

#include "stratex/lists.h"
#include "util/arena.h"
#include "util/sha256.h"

typedef enum {
    SX_NAME_PRIMARY = 0,
    SX_NAME_ALIAS = 1,      /* a.k.a., strong alias, f.k.a. */
    SX_NAME_WEAK_ALIAS = 2, /* OFAC "weak" aliases, UN "Low quality" */
} sx_name_kind;

typedef struct sx_entity_name {
    const char *text; /* as published, UTF-8 */
    sx_name_kind kind;
} sx_entity_name;

typedef struct sx_identifier {
    const char *type;  /* "passport", "imo", "registration", ... as the source names it */
    const char *value;
} sx_identifier;

typedef struct sx_entity {
    const char *list; /* list name (borrowed from the sx_list) */
    const char *id;   /* the id the source gives (OFAC ent_num, UN DATAID, ...) */
    const char *type; /* person | organization | vessel | aircraft | unknown */
    sx_entity_name *names;
    size_t nnames;
    const char **programs; /* sanctions programmes / source sub-lists */
    size_t nprograms;
    const char **countries; /* ISO 3166-1 alpha-2 where known */
    size_t ncountries;
    sx_identifier *ids;
    size_t nids;
    /* What a listing itself imposes, where the list says (US Entity List: "For all items
     * subject to the EAR", "Presumption of denial", the Federal Register notice). */
    const char *licence_requirement, *licence_policy, *notice;
    const char *issuer; /* the list's, when it imposes something */
    const char **dobs;  /* dates of birth as the list gives them (YYYY, YYYY-MM-DD, ...) */
    size_t ndobs;
    const char *source; /* the sub-list or source named by the list, or NULL */
    const char *url;    /* the source's address where the list gives one, or NULL */
    /* SHA-256 (hex) over a canonical serialisation of everything above (entity.c), so a
     * changed record gives a different hash; set when the list finishes loading. */
    char content_hash[SX_SHA256_HEX];
} sx_entity;

struct sx_list {
    char *name;             /* "OFAC-SDN", "UN", "US-CSL", "METI-EUL", ... */
    char *format;           /* the format it was loaded from */
    char *source_date;      /* data date where the file says it, else NULL */
    const char *issuer;     /* the jurisdiction whose law the list is ("US"), or NULL */
    char hash[SX_SHA256_HEX];
    sx_arena arena;         /* owns every string below */
    sx_entity *entities;    /* heap array; each entity's arrays are heap arrays too, so
                               aliases can be appended while a file is joined */
    size_t count, cap;
    void *by_id;            /* sx_strmap id -> entity index + 1, while loading */
    sx_sha256 *hasher;      /* over every byte read, while loading */
    void *pool;             /* opened from an index file: one block holding every
                               entity's arrays (freed whole, not per entity) */
};

#endif
