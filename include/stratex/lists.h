/* stratex — restricted-party lists: loading the real list formats.
 *
 * Formats (PRODUCT.md): ofac-csv, ofac-legacy (folder), un-xml, csl-json, uk-tables
 * (folder), meti-eul-json, simple-csv.  A list that fails to load fails whole: nothing
 * half-loaded is ever returned. */
#ifndef STRATEX_LISTS_H
#define STRATEX_LISTS_H

#include "stratex/common.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sx_list sx_list;

/* Loads one list.  format is one of the names above; path is a file or, for
 * ofac-legacy and uk-tables, a folder.  A malformed or truncated file fails with a
 * message naming the file and the record. Caller frees with sx_list_free(). */
SX_EXTERN int sx_list_load(sx_list **out, const char *format, const char *path);
SX_EXTERN void sx_list_free(sx_list *l);
SX_EXTERN size_t sx_list_entity_count(const sx_list *l);
/* The list's name as shown in results ("OFAC-SDN", "UN", "US-CSL", ...). Borrowed. */
SX_EXTERN const char *sx_list_name(const sx_list *l);
/* SHA-256 (hex) of the bytes loaded. Borrowed. */
SX_EXTERN const char *sx_list_hash(const sx_list *l);

/* The i-th entity of l (0 <= i < sx_list_entity_count(l)): its id and the SHA-256 (hex)
 * of a canonical serialisation of everything the list says about it (names, type,
 * programmes, countries, identifiers, dates of birth, source, licensing; arrays sorted),
 * so two versions of a list can be diffed by id and hash.  Either out-pointer may be
 * NULL; both strings are borrowed and live as long as l.  SX_EINVAL when i is past the
 * end. */
SX_EXTERN int sx_list_entity_at(const sx_list *l, size_t i, const char **id,
                                const char **content_hash);
/* The i-th entity of l as a JSON object (see sx_screen_entity_json); the caller frees
 * *out with free().  SX_EINVAL when i is past the end. */
SX_EXTERN int sx_list_entity_json(char **out, const sx_list *l, size_t i);

/* Loads the bundled public-domain snapshot described by data_dir/lists/MANIFEST.
 * On success *out is an array of *n lists (free each, then the array with sx_free()). */
SX_EXTERN int sx_lists_load_default(sx_list ***out, size_t *n, const char *data_dir);

#ifdef __cplusplus
}
#endif
#endif
