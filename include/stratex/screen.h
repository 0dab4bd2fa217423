/* stratex — restricted-party screening.
 *
 * Lists are loaded from the real formats (ofac-csv, ofac-legacy, un-xml, csl-json,
 * uk-tables, meti-eul-json, simple-csv), indexed once, and queried many times.  Names
 * are compared on normalised code points across Latin, Hangul, Kana and Kanji through
 * transliteration and translation keys; scores are calibrated to [0, 1] with one
 * documented alert threshold, and every result explains itself.  See docs/screening.md.
 *
 * An index is immutable once built and may be shared by any number of threads. */
#ifndef STRATEX_SCREEN_H
#define STRATEX_SCREEN_H

#include "stratex/common.h"

#include <stddef.h>

#include "stratex/lists.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sx_screen_index sx_screen_index;

/* Builds an index over lists; takes ownership of the lists (also on failure). */
SX_EXTERN int sx_screen_index_build(sx_screen_index **out, sx_list **lists, size_t nlists);
/* The bundled public-domain snapshot under data_dir (data/lists).  Opened from its index
 * file in the cache folder ($STRATEX_CACHE_DIR, else $XDG_CACHE_HOME/stratex, else
 * ~/.cache/stratex; "off" for none), which is written first when missing or stale and then
 * opened; built in memory only when no file can be written (docs/screening.md, "The
 * index file"). */
SX_EXTERN int sx_screen_index_load_default(sx_screen_index **out, const char *data_dir);
SX_EXTERN void sx_screen_index_free(sx_screen_index *ix);
/* SHA-256 (hex) identifying the lists indexed. Borrowed. */
SX_EXTERN const char *sx_screen_index_hash(const sx_screen_index *ix);

/* Options for one query.  Declare them with SX_SCREEN_OPTS_INIT, which sets version and
 * the documented defaults, then change what you need:
 *     sx_screen_opts o = SX_SCREEN_OPTS_INIT;  o.limit = 3;
 * version says which fields the caller's struct has, so a later release can add fields
 * after the last without misreading an older program's struct; 0 (a zeroed struct) is
 * read as version 1.  A zeroed struct keeps the meaning it always had: threshold 0 (every
 * candidate), at most 10 results.  A version newer than the library fails SX_EUNSUPPORTED. */
#define SX_SCREEN_OPTS_VERSION 1
/* Every field given, so that a program built with -Wextra (missing-field-initializers)
 * may use it.  clang-format off: it would spread a brace initialiser over four lines */
#define SX_SCREEN_OPTS_INIT                                                                        \
    {                                                                                              \
        SX_SCREEN_OPTS_VERSION, -1.0, 0, NULL, NULL, NULL, NULL, 0                                 \
    }
/* clang-format on */

typedef struct sx_screen_opts {
    unsigned version; /* SX_SCREEN_OPTS_VERSION (0 is read as 1) */
    double threshold; /* results below are dropped; <0 means the default threshold */
    size_t limit;     /* most results; 0 means 10 */
    const char *type; /* person|organization|vessel|aircraft, or NULL */
    /* Evidence beyond the name (each NULL/0 when absent).  It moves the score of a name
     * that was found, and each effect is explained (docs/screening.md): */
    const char *country; /* ISO alpha-2 or a country's name as the lists write it: not
                            among the entity's countries lowers a little, among them
                            raises a little; an unknown one is refused
                            (SX_EUNKNOWN_COUNTRY; SX_EPARSE before 0.3.0) */
    const char *dob;     /* date of birth YYYY, YYYY-MM or YYYY-MM-DD: the same date or year
                            as the list's raises, years apart lowers */
    const char *const *identifiers; /* "VALUE" or "TYPE:VALUE" (passport, IMO, registration
                                       number...): one the list gives raises strongly; the
                                       same TYPE with another number lowers */
    size_t nidentifiers;
} sx_screen_opts;

/* Screens one name; *out is a JSON object {"query":...,"results":[{"list","entity_id",
 * "matched_name","score","explanation":[...]}...]} ranked best first. */
SX_EXTERN int sx_screen_json(char **out, const sx_screen_index *ix, const char *name,
                             const sx_screen_opts *opts);

/* One screening result; strings are borrowed from the index and live as long as it. */
typedef struct sx_screen_hit {
    const char *list;         /* list name ("OFAC-SDN", "UN", ...) */
    const char *entity_id;    /* the id the list gives */
    const char *entity_type;  /* person | organization | vessel | aircraft | unknown */
    const char *matched_name; /* the list name (primary or alias) that matched best */
    double score;             /* in [0, 1] */
    /* What the listing imposes where the list says (borrowed from the index, may be NULL):
     * the licence requirement, the review policy, the Federal Register notice, and the
     * jurisdiction whose law that is ("US"). */
    const char *licence_requirement, *licence_policy, *notice, *issuer;
} sx_screen_hit;

/* Screens one name; *out is an array of *n hits ranked best first (possibly empty, never
 * NULL on success).  The caller frees it with sx_free().  A name field that gives one name
 * twice, parted by slashes (Игорь АНТИПОВ / Iгор АНТИПОВ, ООО Газпромнефть / Gazprom Neft
 * PJSC), is also screened side by side, each entity once at its best. */
SX_EXTERN int sx_screen_query(sx_screen_hit **out, size_t *n, const sx_screen_index *ix,
                              const char *name, const sx_screen_opts *opts);

/* What a screening of name cannot say, whatever the lists hold: *out is an array of *n
 * sentences in English (possibly none), the "caveats" of sx_screen_json.  A name written
 * in Han characters, Hangul, kana or Arabic script is compared through its readings in
 * Latin letters and the dictionary words in it, so a list name that translates it or a
 * brand coined in Latin letters is not reached; a name partly in a script that is not
 * read at all (Hebrew, Thai) met only the list names written in that script.  One
 * allocation: the caller frees *out with sx_free().  Since 0.4.0. */
SX_EXTERN int sx_screen_caveats(char ***out, size_t *n, const char *name);

/* Names indexed (primary names and aliases, all lists). */
SX_EXTERN size_t sx_screen_index_name_count(const sx_screen_index *ix);

/* ---- a hit's list entity, as evidence for a case ----
 *
 * The entity (list, entity_id) as given by a hit (sx_screen_hit.list / .entity_id) as a
 * JSON object: {"list","id","type","names":[{"name","kind"}...] (each name as published,
 * in its own script; kind primary|alias|weak_alias), "programs":[...], "countries":[ISO
 * alpha-2...], "identifiers":[{"type","value"}...], "dob":[...] (as the list writes
 * them), "source", "url", "licence_requirement", "licence_policy", "notice", "issuer"
 * (each a string or null), "content_hash"}.  The caller frees *out with free().
 * SX_ENOTFOUND when the index has no such entity. */
SX_EXTERN int sx_screen_entity_json(char **out, const sx_screen_index *ix, const char *list,
                                    const char *entity_id);
/* The entity's content hash (see sx_list_entity_at), or NULL when the index has no such
 * entity.  Borrowed; lives as long as ix. */
SX_EXTERN const char *sx_screen_entity_hash(const sx_screen_index *ix, const char *list,
                                            const char *entity_id);
/* The lists indexed, in load order (borrowed; live as long as ix), so their entities can
 * be walked with sx_list_entity_at(). NULL when i is past the end. */
SX_EXTERN size_t sx_screen_index_list_count(const sx_screen_index *ix);
SX_EXTERN const sx_list *sx_screen_index_list_at(const sx_screen_index *ix, size_t i);

/* The documented default alert threshold. */
SX_EXTERN double sx_screen_default_threshold(void);

/* Scores two names against each other on the same scale as sx_screen_query (0..1).
 * schema says what the names are: NULL or "", an entity type (person, organization, vessel,
 * aircraft) or a FollowTheMoney schema name (Person, Company, Organization, LegalEntity,
 * PublicBody, Vessel, Airplane).  It is checked, and anything else fails with SX_EINVAL.
 * Names are read the same way whatever they name; a person's (person, Person) may give
 * more or fewer given and middle names than the other (as against a listed person in
 * sx_screen_query), which other schemas and NULL do not allow. */
SX_EXTERN int sx_match_names(double *score, const char *name1, const char *name2,
                             const char *schema);

#ifdef __cplusplus
}
#endif
#endif
