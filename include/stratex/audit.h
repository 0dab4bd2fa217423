/* stratex — the tamper-evident audit trail.
 *
 * Every decision is stored append-only with its inputs, its output, the engine version
 * and the hashes of the data it used; a SHA-256 chain over the records makes any edit,
 * insertion or deletion detectable.  SQLite by default, PostgreSQL for a fleet.
 * See docs/audit.md. */
#ifndef STRATEX_AUDIT_H
#define STRATEX_AUDIT_H

#include "stratex/common.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sx_audit sx_audit;

#define SX_AUDIT_HASH_HEX 65 /* 64 lowercase hex digits + NUL */
/* A hash as read back from a store: one character more than a hash holds, so a stored
 * value with anything appended reads back longer than any hash and never compares equal
 * (a field only as wide as a hash would cut the addition off and hide it). */
#define SX_AUDIT_HASH_FIELD (SX_AUDIT_HASH_HEX + 1)
#define SX_AUDIT_CREATED_LEN 32 /* "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" + NUL, with room */

/* Flags for sx_audit_open_ex(). */
#define SX_AUDIT_NOCREATE 1u /* fail with SX_ENOTFOUND instead of creating a new store */

/* Opens (creating if needed) the store: a file path for SQLite or a postgres:// (or
 * postgresql://) URL.  The handle is safe to share between threads: calls are
 * serialised on an internal lock.  Fails with SX_EDB and a message naming the target.
 * Caller closes with sx_audit_close(). */
SX_EXTERN int sx_audit_open(sx_audit **out, const char *target);
SX_EXTERN int sx_audit_open_ex(sx_audit **out, const char *target, unsigned flags);
SX_EXTERN void sx_audit_close(sx_audit *a);

/* "sqlite" or "postgresql". */
SX_EXTERN const char *sx_audit_backend(const sx_audit *a);

/* What the caller hands over for one decision.  All strings are borrowed. */
typedef struct sx_audit_entry {
    const char *kind;      /* "check" or "screen" */
    const char *request;   /* the request as the engine received it (JSON text) */
    const char *response;  /* the engine's answer (JSON text), without the audit id */
    const char *data_hash; /* the data versions used, e.g. {"regimes":"<sha>","lists":"<sha>"} */
} sx_audit_entry;

/* Appends one record in its own transaction and returns only once the store reports it
 * durable (SQLite: WAL with synchronous=FULL; PostgreSQL: a synchronous commit).  *out
 * receives the record id: 1 for the first record, then one more than the last, with no
 * gaps, across every process writing to the same store.  SX_EINVAL for a bad entry, SX_EDB
 * when the store refuses. */
SX_EXTERN int sx_audit_append(int64_t *out, sx_audit *a, const sx_audit_entry *e);

/* Appends n records (a batch request's decisions) and returns once all are durable; out[i]
 * receives the id of entries[i], ids ascending in entry order.  The entries are checked
 * first: a bad one fails the call before anything is stored. */
SX_EXTERN int sx_audit_append_many(int64_t *out, sx_audit *a, const sx_audit_entry *entries,
                                   size_t n);

/* One stored record. */
typedef struct sx_audit_record {
    int64_t id;                         /* 1, 2, 3, ... */
    char created[SX_AUDIT_CREATED_LEN]; /* UTC "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" */
    char *kind;
    char *request;
    char *response;
    char *engine_version; /* sx_version() of the engine that answered */
    char *data_hash;
    char prev_hash[SX_AUDIT_HASH_FIELD]; /* hash of record id-1; 64 zeros for record 1 */
    char hash[SX_AUDIT_HASH_FIELD];      /* SHA-256 of the canonical form, see below */
} sx_audit_record;

/* Reads record id.  SX_ENOTFOUND when there is none.  Free with sx_audit_record_free(). */
SX_EXTERN int sx_audit_get(sx_audit_record **out, sx_audit *a, int64_t id);
SX_EXTERN void sx_audit_record_free(sx_audit_record *r);

/* The record as one JSON object {"id","created","kind","request","response",
 * "engine_version","data_hash","prev_hash","hash"}; request and response are embedded as
 * JSON values (as strings if what is stored no longer parses).  Caller frees *out with sx_free().
 */
SX_EXTERN int sx_audit_record_json(char **out, const sx_audit_record *r);
SX_EXTERN int sx_audit_get_json(char **out, sx_audit *a, int64_t id);

/* The SHA-256 (hex) of a record's canonical form: the header line "stratex-audit-v1\n",
 * then for each of id, created, kind, request, response, engine_version, data_hash,
 * prev_hash the line "<name>=<byte length>:<bytes>\n" (id in decimal).  Lengths make the
 * form unambiguous whatever bytes the fields hold. */
SX_EXTERN int sx_audit_record_hash(char out[SX_AUDIT_HASH_HEX], const sx_audit_record *r);

/* The result of walking the whole chain. */
typedef struct sx_audit_report {
    int64_t records;                     /* records examined */
    int64_t last_id;                     /* id the store's head says is last */
    char head_hash[SX_AUDIT_HASH_FIELD]; /* hash the store's head says is last */
    int64_t first_bad_id;                /* 0 when intact; else the first record at fault */
    char problem[256];                   /* what is wrong with it; "" when intact */
} sx_audit_report;

/* Recomputes every record's hash, checks each prev_hash against its predecessor, that
 * ids run 1, 2, 3, ... without a gap, and that the last record is the one the store's head
 * names.  Returns 0 when intact, SX_EINTEGRITY when a record was edited, removed,
 * inserted or moved (*out says which record first and why), or another error when the
 * store cannot be read. */
SX_EXTERN int sx_audit_verify(sx_audit_report *out, sx_audit *a);
/* {"ok":bool,"records":N,"last_id":N,"head_hash":"...","first_bad_id":N|null,
 *  "problem":"..."|null}.  Caller frees *out with sx_free(). */
SX_EXTERN int sx_audit_report_json(char **out, const sx_audit_report *r);

/* Export for an auditor. */
typedef enum sx_audit_format { SX_AUDIT_JSONL = 0, SX_AUDIT_CSV = 1 } sx_audit_format;

/* Declare with SX_AUDIT_EXPORT_OPTS_INIT (version, JSON Lines, every record); version works
 * as for sx_screen_opts (0, a zeroed struct, is read as 1 and means the same defaults). */
#define SX_AUDIT_EXPORT_OPTS_VERSION 1
/* clang-format off */
#define SX_AUDIT_EXPORT_OPTS_INIT {SX_AUDIT_EXPORT_OPTS_VERSION, SX_AUDIT_JSONL, NULL, NULL}
/* clang-format on */

typedef struct sx_audit_export_opts {
    unsigned version; /* SX_AUDIT_EXPORT_OPTS_VERSION (0 is read as 1) */
    sx_audit_format format;
    const char *from; /* "YYYY-MM-DD": records created on or after that UTC day, or NULL */
    const char *to;   /* "YYYY-MM-DD": records created before that UTC day, or NULL */
} sx_audit_export_opts;

/* Receives output in pieces; returns 0 to go on, non-zero to stop (that value is then
 * returned by sx_audit_export). */
typedef int (*sx_audit_write_cb)(const char *data, size_t len, void *payload);

/* Writes the records in id order: one JSON object per line (sx_audit_record_json), or
 * CSV with the header id,created,kind,engine_version,data_hash,prev_hash,hash,request,
 * response.  SX_EDATE for a bad from/to, SX_EUNSUPPORTED for an opts->version newer than
 * the library. */
SX_EXTERN int sx_audit_export(sx_audit *a, const sx_audit_export_opts *opts, sx_audit_write_cb cb,
                              void *payload);

/* ---- answering and replaying ---- */

typedef struct sx_regimes sx_regimes;
typedef struct sx_screen_index sx_screen_index;

/* The engine's answer to one request, computed the one way the server computes it and
 * replay recomputes it:
 *   kind "check":  request is the shipment object of sx_decide_json() -> the decision JSON;
 *   kind "screen": request is {"name", optional "threshold" (number), "limit" (1..1000),
 *                  "type", "country", "dob", "identifiers" (array of at most 16 strings),
 *                  "party" (a register id: the caller marks its clearances with
 *                  sx_screen_mark_cleared())} -> the JSON of sx_screen_json().
 * r is needed for "check", ix for "screen" (ix may be NULL for "check": parties are then
 * not screened).  Errors are the engine's (SX_EUNKNOWN_COUNTRY, SX_EINVAL naming the
 * field, ...).  Caller frees *out with sx_free(). */
SX_EXTERN int sx_audit_answer(char **out, const char *kind, const char *request,
                              const sx_regimes *r, const sx_screen_index *ix);

/* {"regimes":"<sha256>","lists":"<sha256>"} for the data loaded (either may be NULL and is
 * then left out): the data_hash to record with every answer.  Caller frees *out with sx_free(). */
SX_EXTERN int sx_audit_data_hash(char **out, const sx_regimes *r, const sx_screen_index *ix);

/* A past decision recomputed with today's engine and data. */
typedef struct sx_audit_replay {
    sx_audit_record *record; /* the stored record */
    char *answer;            /* today's answer; NULL when the engine now refuses the request */
    char *error;             /* why it refuses, else NULL */
    int identical;           /* 1 when answer and stored response are equal JSON values */
    int same_data;           /* 1 when today's data hashes equal the recorded ones */
    int same_engine;         /* 1 when today's engine version equals the recorded one */
    int from_snapshot;       /* 1 when the answer was recomputed with the recorded data */
} sx_audit_replay;

/* Replays record id: SX_ENOTFOUND when there is none, SX_EINVAL when its kind is not one
 * sx_audit_answer() knows.  A different answer is not an error: see identical.  Free with
 * sx_audit_replay_free(). */
SX_EXTERN int sx_audit_replay_record(sx_audit_replay **out, sx_audit *a, int64_t id,
                                     const sx_regimes *r, const sx_screen_index *ix);
/* The same, but a check recorded with other regime data than r is recomputed with that
 * data, loaded from the snapshot store (sx_regimes_snapshot_load) when it holds it. */
SX_EXTERN int sx_audit_replay_record_with(sx_audit_replay **out, sx_audit *a, int64_t id,
                                          const sx_regimes *r, const sx_screen_index *ix,
                                          const char *snapshots);
/* Where a store keeps its data snapshots by default: "<file>.snapshots" next to a SQLite
 * file; SX_ENOTFOUND for PostgreSQL (give a shared folder explicitly). */
SX_EXTERN int sx_audit_default_snapshots(char *out, size_t cap, const char *target);
SX_EXTERN void sx_audit_replay_free(sx_audit_replay *rp);
/* {"id","kind","identical","same_data","same_engine","recorded_engine","engine",
 *  "recorded_data_hash","data_hash","recorded_response","response","error"}. */
SX_EXTERN int sx_audit_replay_json(char **out, const sx_audit_replay *rp, const char *data_hash);

#ifdef __cplusplus
}
#endif
#endif
