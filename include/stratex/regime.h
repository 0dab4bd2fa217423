/* stratex — regulations as time-versioned data.
 *
 * A regime set holds every jurisdiction found under a data directory (data/regimes/<jur>/):
 * country groups with membership intervals, control-list entries, licence types, special
 * measures and catch-all rules, each clause with a stable id, a citation, an effective
 * interval [from, to) and a verification status.  See docs/regime-model.md.
 *
 * A loaded set is immutable and may be shared by any number of threads. */
#ifndef STRATEX_REGIME_H
#define STRATEX_REGIME_H

#include "stratex/common.h"

#include <stddef.h>

#include "stratex/date.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sx_regimes sx_regimes;

/* Loads and validates every jurisdiction under dir.  On any error nothing is returned
 * (*out untouched) and sx_errmsg() says "file:line: message". Caller frees with
 * sx_regimes_free(). */
SX_EXTERN int sx_regimes_load(sx_regimes **out, const char *dir);
SX_EXTERN void sx_regimes_free(sx_regimes *r);

/* SHA-256 (hex) over the data files that were loaded, in a fixed order: the data
 * version recorded in audit records.  Borrowed, lives as long as r. */
SX_EXTERN const char *sx_regimes_hash(const sx_regimes *r);

/* The country groups of a jurisdiction on a date, as the JSON object printed by
 * `stratex regime groups --format json`.  *out is the caller's to sx_free(). */
SX_EXTERN int sx_regime_groups_json(char **out, const sx_regimes *r, const char *jurisdiction,
                                    sx_date date);

/* What changed for a jurisdiction between two dates (membership, measures, rules),
 * optionally for one destination country (NULL for all), as JSON. */
SX_EXTERN int sx_regime_diff_json(char **out, const sx_regimes *r, const char *jurisdiction,
                                  sx_date from, sx_date to, const char *country);
/* The same, also narrowed to one item (a control number or native reference; NULL for
 * all): rules that name other items and other items' entries are left out. */
SX_EXTERN int sx_regime_diff_item_json(char **out, const sx_regimes *r, const char *jurisdiction,
                                       sx_date from, sx_date to, const char *country,
                                       const char *item);

/* Content-addressed snapshots, for replaying a past decision with the data it used.
 * save writes <store>/<hash>.regimes once per data version (the bytes that were loaded);
 * load finds the snapshot of a hash, validates it like live data and checks that it
 * hashes to its name (SX_ENOTFOUND when there is none, SX_EINTEGRITY when it lies). */
SX_EXTERN int sx_regimes_snapshot_save(const sx_regimes *r, const char *store);
SX_EXTERN int sx_regimes_snapshot_load(sx_regimes **out, const char *store, const char *hash);

#ifdef __cplusplus
}
#endif
#endif
