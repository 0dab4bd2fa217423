/* stratex — the officer's workflow: the party register, cases, dispositions with reasons,
 * clearances that lapse when a listing changes, and the restricted-party lists as
 * versioned data with delta re-screening.
 *
 * Everything lives in the audit store (SQLite or PostgreSQL): each change is an audit
 * record in the same hash chain as the decisions it settles ("parties", "case",
 * "disposition", "lists"), written in the transaction that updates the workflow tables.
 * A case's id is the id of the record that opened it; its history is its records.
 * See docs/workflow.md. */
#ifndef STRATEX_WORKFLOW_H
#define STRATEX_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "stratex/audit.h"
#include "stratex/common.h"
#include "stratex/lists.h"
#include "stratex/screen.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the party register ---- */

typedef struct sx_party_import_opts {
    const char *source; /* file name for messages and the record ("parties.csv") */
    const char *actor;  /* who imports (the token's name, --actor), or NULL */
    double threshold;   /* screening threshold; < 0 (or 0 in a zeroed struct): the default */
} sx_party_import_opts;

typedef struct sx_party_import_report {
    size_t rows;                              /* data rows read */
    size_t parties;                           /* distinct party ids in the file */
    size_t added, updated, unchanged, closed; /* against the register before */
    size_t hits;                              /* (party, entity) pairs at the threshold */
    size_t cases_opened;                      /* new cases */
    size_t cleared;           /* hits already cleared for that entity's current record */
    size_t already_open;      /* hits with a case still open */
    size_t clearances_lapsed; /* clearances given for an entity's older record */
    int64_t record;           /* the "parties" audit record */
} sx_party_import_report;

/* Imports a register (CSV text: header with id,name and optionally type,country,dob,
 * identifiers; rows sharing an id are names of one party, in any script), screens every
 * party with ix and opens a case for each hit at the threshold that is neither cleared
 * for the entity's current record nor already open.  A party no screening by spelling
 * reaches (sx_parties_unreached_json) gets a case of kind "unreached" unless one on the
 * same names is active or was decided; it is closed by the system once a name of the
 * party is reached (since 0.5.0; counted in cases_opened).  Parties missing from the file are
 * closed, never deleted.  A bad row fails the whole import with "source:line: what"
 * (SX_EPARSE / SX_EINVAL) and nothing is written. */
SX_EXTERN int sx_parties_import(sx_party_import_report *rep, sx_audit *a, const sx_screen_index *ix,
                                const char *csv, size_t len, const sx_party_import_opts *opts);

/* The parties of a register (the CSV text sx_parties_import takes) that no screening by
 * spelling reaches: every name of the party is written in a script compared only through
 * its readings (Han characters, Hangul, kana, Arabic) or not read at all, so a list name
 * that translates it or is coined in Latin letters may not be found (sx_screen_caveats).
 * *out is a JSON array of their ids, in the file's order; add the name each uses in Latin
 * letters (a row with the same id).  A bad row fails as in sx_parties_import.  Caller
 * frees *out with sx_free().  Since 0.4.0. */
SX_EXTERN int sx_parties_unreached_json(char **out, const char *csv, size_t len,
                                        const char *source);

/* {"parties":[{"id","names":[...],"type","country","dob","identifiers","state"}],
 *  "total":N,"limit":N,"offset":N}.  limit 0 means 100. */
SX_EXTERN int sx_parties_json(char **out, sx_audit *a, size_t limit, size_t offset);

/* A screening that names a party (by its register id), made outside the register's own
 * runs: answer is sx_screen_json()'s JSON; *out is the same answer with each listing (a
 * result, and each of its also_listed) that a clearance of the party covers for the
 * entity's current record marked "cleared": {"disposition": RECORD}, and "party",
 * "alerts" (results with a listing not covered) and "cleared" (results wholly covered)
 * added.  A clearance given for an older record of the entity does not cover it.
 * SX_EINVAL when the party is not in the register.  Caller frees *out with sx_free().
 * Since 0.3.0. */
SX_EXTERN int sx_screen_mark_cleared(char **out, sx_audit *a, const sx_screen_index *ix,
                                     const char *party, const char *answer);

/* ---- cases ---- */

typedef struct sx_case_filter {
    const char
        *state; /* open | escalated | closed | active (open or escalated) | all; NULL: active */
    const char *kind;  /* screen | check | unreached, or NULL */
    const char *list;  /* list name, or NULL */
    const char *party; /* party id, or NULL */
    const char *from;  /* opened on or after this UTC day (YYYY-MM-DD), or NULL */
    const char *to;    /* opened before this UTC day, or NULL */
    size_t limit;      /* 0 means 100 */
    size_t offset;
} sx_case_filter;

/* {"cases":[CASE...],"total":N,"limit":N,"offset":N}, newest first; CASE is
 * {"id","state","kind","party","line","list","entity_id","matched_name","score",
 *  "decision","opened","updated","record","last_action"} and, for an order line,
 *  "inputs" (the line as checked).  SX_EINVAL / SX_EDATE for a bad
 * filter. */
SX_EXTERN int sx_cases_json(char **out, sx_audit *a, const sx_case_filter *f);

/* Calls cb with each matching CASE object (compact JSON, one per call), oldest first,
 * ignoring limit and offset: for `cases list --format jsonl`. */
SX_EXTERN int sx_cases_each(sx_audit *a, const sx_case_filter *f,
                            int (*cb)(const char *case_json, void *payload), void *payload);

/* One case with "inputs", "answer", "evidence", "data" and "history" (its records).
 * SX_ENOTFOUND when there is none. */
SX_EXTERN int sx_case_json(char **out, sx_audit *a, int64_t id);

typedef struct sx_disposition {
    const char *action;      /* clear | confirm | escalate | release */
    const char *reason;      /* a configured reason code for that action */
    const char *note;        /* free text, or NULL */
    const char *actor;       /* who decides; required */
    const char *group;       /* escalate: the group it goes to; required there */
    const char *licence;     /* release: the licence number; required there */
    const char *valid_until; /* release: YYYY-MM-DD, on or after the shipment date */
} sx_disposition;

/* Decides a case: appends a "disposition" record and moves the case (clear, confirm,
 * release: closed; escalate: escalated; clear applies to screening hits and unreached
 * parties, release to order lines).  A clear of a screening hit remembers (party,
 * list, entity, the entity's content hash): later screenings of that party show the hit
 * as cleared until the entity's record changes.  SX_ENOTFOUND: no such case;
 * SX_ECONFLICT: the case is closed (also when another disposition closed it first);
 * SX_EINVAL: an unknown reason code, a reason of another action, a missing field, an
 * action that does not apply to the case's kind, a licence that does not cover the
 * shipment date.  *case_json (may be NULL) receives the case after it; *record the
 * disposition's record id. */
SX_EXTERN int sx_case_decide(char **case_json, int64_t *record, sx_audit *a, int64_t id,
                             const sx_disposition *d);

/* One order line whose decision was recorded (check --batch, POST /v1/check/batch). */
typedef struct sx_check_line {
    const char *line;     /* the line's id in the order book (or its index) */
    const char *request;  /* the shipment JSON, as recorded */
    const char *response; /* the decision JSON, as recorded */
    const char *data_hash;
    int64_t record; /* the "check" record */
} sx_check_line;

/* Opens a case for each line whose decision blocks the shipment (review,
 * licence_required, prohibited, indeterminate), unless a case for the same line and the
 * same inputs is still open.  cases[i] (may be NULL) receives the case id or 0. */
SX_EXTERN int sx_cases_open_checks(int64_t *cases, sx_audit *a, const sx_check_line *lines,
                                   size_t n, const char *actor);

/* {"reasons":[{"code","action","label"}]}. */
SX_EXTERN int sx_reasons_json(char **out, sx_audit *a);
/* Adds or changes a reason code (admin). */
SX_EXTERN int sx_reason_set(sx_audit *a, const char *code, const char *action, const char *label);

/* ---- lists as versioned data ---- */

typedef struct sx_lists_update_opts {
    const char *data_dir;  /* the bundled lists (data_dir/lists/MANIFEST): the version in
                              force when the store has none yet; NULL: the default */
    const char *snapshots; /* where versions are kept (sx_audit_default_snapshots) */
    const char *actor;
    double threshold;        /* re-screening threshold; <= 0: the default */
    const char *const *drop; /* names of lists to leave out of the new version (their
                                entities count as removed); a name not in force is ignored */
    size_t ndrop;
} sx_lists_update_opts;

/* Makes a new list version: the version in force with each list given ("FORMAT:PATH")
 * replacing the list of the same name (or added).  Every file is validated first; the
 * version is stored content-addressed under snapshots; the delta against the version in
 * force (entities added, removed, changed) is computed; then, in one transaction, the
 * version is put in force with a "lists" record, the register is re-screened against
 * the added and changed entities only (new hits open cases; a clearance whose entity
 * changed lapses and its hit opens a new case), and open cases on removed entities are
 * closed by the system.  A file that fails to load changes nothing.  *report receives
 * {"version","previous","lists":[...],"delta":{"added":N,"removed":N,"changed":N,
 *  "entities":[{"list","id","change","name","fields":[...]}]},"cases_opened":N,
 *  "cases_closed":N,"clearances_lapsed":N,"record":N}. */
SX_EXTERN int sx_lists_update(char **report, sx_audit *a, const char *const *specs, size_t nspecs,
                              const sx_lists_update_opts *opts);

typedef struct sx_lists_fetch_opts {
    const char *sources; /* the publishers file; NULL: data_dir/lists/PUBLISHERS */
    const char *data_dir, *snapshots, *actor;
    size_t max_bytes; /* largest file accepted; 0: 512 MiB */
    long timeout_s;   /* per file; 0: 300 s */
    double threshold; /* re-screening threshold; <= 0: the default */
} sx_lists_fetch_opts;

/* Downloads every file of the publishers file (http/https only; conditional requests
 * with the ETag and Last-Modified of the last download; redirects followed, at most 5),
 * then makes the version with sx_lists_update(), each list replacing the one of its name
 * and the lists its rows say they replace.  Any failed, oversized, timed-out or partial
 * download, or a file that does not load, changes nothing.  *report: {"downloads":[{"url",
 * "status":"downloaded"|"not-modified","bytes"}],"update":<sx_lists_update report>}. */
SX_EXTERN int sx_lists_fetch(char **report, sx_audit *a, const sx_lists_fetch_opts *opts);

/* The version in force ("" when the store has none: the bundled lists are in force). */
SX_EXTERN int sx_lists_in_force(char out[SX_AUDIT_HASH_HEX], sx_audit *a);

/* {"in_force","versions":[{"version","created","lists":[...],"delta":{"added",
 *  "removed","changed"},"record"}]}, newest first. */
SX_EXTERN int sx_lists_status_json(char **out, sx_audit *a);
/* The delta of a version (NULL: the one in force), with its entities. */
SX_EXTERN int sx_lists_diff_json(char **out, sx_audit *a, const char *version);

/* Loads the screening index of a stored version (NULL: the one in force; when the store
 * has none, the bundled lists under data_dir). */
SX_EXTERN int sx_lists_load_version(sx_screen_index **out, sx_audit *a, const char *snapshots,
                                    const char *data_dir, const char *version);

#ifdef __cplusplus
}
#endif
#endif
