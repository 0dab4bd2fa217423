/* The audit store's storage backends (SQLite, PostgreSQL) behind one small interface:
 * the chain logic in audit.c stays the same whatever the database. */
#ifndef SX_AUDIT_BACKEND_H
#define SX_AUDIT_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "stratex/audit.h"

/* Called for each record of a scan, in id order; non-zero stops the scan and is returned. */
typedef int (*sx_audit_scan_cb)(const sx_audit_record *r, void *payload);

typedef struct sx_audit_ops {
    const char *name;
    /* In one transaction that holds the chain's write lock: read the head; for each record
     * in order set id and prev_hash, call sx_audit_record_hash() into hash, insert it and
     * advance the head; commit durably.  All or none are stored. */
    int (*append)(void *be, sx_audit_record *const *recs, size_t n);
    /* SX_ENOTFOUND when the id is absent. */
    int (*get)(void *be, int64_t id, sx_audit_record **out);
    /* Records with after < id <= upto in id order, at most limit of them; *last receives
     * the id of the last record passed to cb (after when none). */
    int (*scan)(void *be, int64_t after, int64_t upto, int limit, sx_audit_scan_cb cb,
                void *payload, int64_t *last);
    /* The head: id and hash of the last record (0 and 64 zeros for an empty store). */
    int (*head)(void *be, int64_t *last_id, char hash[SX_AUDIT_HASH_FIELD]);
    /* The lowest id greater than the head's last id, in one snapshot; 0 when none. */
    int (*beyond)(void *be, int64_t *first);
    void (*close)(void *be);
} sx_audit_ops;

/* Column order shared by both backends' SELECTs. */
#define SX_AUDIT_COLUMNS                                                                           \
    "id, created, kind, request, response, engine_version, data_hash, prev_hash, hash"

/* Fills a record from the nine text columns above (NULL columns become ""). */
int sx_audit_record_fill(sx_audit_record **out, const char *const cols[9]);

/* Links records[0..n) onto the head (id, prev_hash) and hashes each: the chain step
 * both backends run inside their append transaction. */
int sx_audit_chain(sx_audit_record *const *recs, size_t n, int64_t head_id,
                   const char head_hash[SX_AUDIT_HASH_FIELD]);

/* The prev_hash of record 1 (a macro, not a variable: no exported data symbols). */
#define SX_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

int sx_audit_sqlite_open(void **out, const sx_audit_ops **ops, const char *path, unsigned flags);
int sx_audit_pg_open(void **out, const sx_audit_ops **ops, const char *url, unsigned flags);

#endif
