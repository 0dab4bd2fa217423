/* Shared helpers for the list loaders (internal): building entities, reading files,
 * canonical entity types.  Every loader fills an sx_list through these so that aliases,
 * duplicate names and hashing behave the same for every format. */
#ifndef SX_SCREEN_LOADER_H
#define SX_SCREEN_LOADER_H

#include <stddef.h>

#include "lib/screen/list.h"

#define SX_LIST_MAX_FILE ((size_t)512 << 20) /* largest list file read: 512 MiB */

/* Reads a whole list file (NUL-terminated, caller frees) and feeds it to the list hash. */
int sx_lb_read(sx_list *l, const char *path, char **data, size_t *len);

/* Finds the entity with this id or appends a new one; *idx is its index. */
int sx_lb_entity(sx_list *l, size_t *idx, const char *id, const char *type);
/* Finds an entity by id without creating it; returns 0 and sets *idx, or SX_ENOTFOUND. */
int sx_lb_find(const sx_list *l, size_t *idx, const char *id);

/* Appends to entity idx; empty and duplicate values are ignored.  Names are trimmed. */
int sx_lb_add_name(sx_list *l, size_t idx, const char *text, sx_name_kind kind);
/* A field the source fills with several names parted by semicolons (the UN's ALIAS_NAME
 * "Qasim Soleimani; Qasem Sulaimani; ..."; the CSL's "Cho Yan Nathan; a.k.a Nathan Man
 * Man"), or with a name and a clause that names no one ("PMC Wagner; and any successor,
 * sub-unit, or subsidiary thereof"): each name (sx_name_piece) added, the first of kind,
 * the others of kind rest. */
int sx_lb_add_names(sx_list *l, size_t idx, const char *text, sx_name_kind kind, sx_name_kind rest);
int sx_lb_add_program(sx_list *l, size_t idx, const char *program);
int sx_lb_add_country(sx_list *l, size_t idx, const char *iso2);
/* Tags entity idx with the country a list's field names or codes, if it names one
 * (sx_lb_country_iso); a field that names none is left out.  0 or an SX_E* code. */
int sx_lb_add_country_named(sx_list *l, size_t idx, const char *field);
int sx_lb_add_ident(sx_list *l, size_t idx, const char *type, const char *value);
int sx_lb_set_type(sx_list *l, size_t idx, const char *type);
/* A date of birth as the list writes it ("1970", "1970-03-02"); duplicates ignored. */
int sx_lb_add_dob(sx_list *l, size_t idx, const char *dob);
/* The same from a date as lists write it ("28 Jun 1991", "circa 1960", "1960 to 1965",
 * "1991-06-28"), normalised to YYYY-MM-DD, YYYY-MM, YYYY or YYYY..YYYY; other text is
 * ignored. */
int sx_lb_add_dob_text(sx_list *l, size_t idx, const char *text);
/* The source (sub-list) and its address, where the list names them (either may be NULL). */
int sx_lb_set_source(sx_list *l, size_t idx, const char *source, const char *url);
/* What the listing imposes (any may be NULL): copied into the list's arena. */
int sx_lb_set_licensing(sx_list *l, size_t idx, const char *requirement, const char *policy,
                        const char *notice);

/* Canonical type for a source's spelling ("Individual", "entity", "ship"...):
 * person | organization | vessel | aircraft | unknown.  Static string. */
const char *sx_lb_type(const char *raw);
/* *iso: the alpha-2 code of a country named ("Korea, North", "Türkiye") or coded ("KR",
 * in capitals) by name, or NULL when it names none; static until the term tables are
 * freed.  0, or an SX_E* code when the tables cannot be read or memory runs out. */
int sx_lb_country_iso(const char **iso, const char *name);

/* The loaders: each fills l from path and returns 0 or a negative code with a
 * "file:line: message" detail. */
int sx_load_simple_csv(sx_list *l, const char *path);
int sx_load_ofac_csv(sx_list *l, const char *path);
int sx_load_ofac_legacy(sx_list *l, const char *dir);
int sx_load_un_xml(sx_list *l, const char *path);
int sx_load_csl_json(sx_list *l, const char *path);
int sx_load_uk_tables(sx_list *l, const char *dir);
int sx_load_meti_eul_json(sx_list *l, const char *path);

#endif
