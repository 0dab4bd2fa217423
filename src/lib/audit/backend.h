/* The audit store's storage backends (SQLite, PostgreSQL) behind one small interface:
 * the chain logic in audit.c stays the same whatever the database. */
#ifndef SX_AUDIT_BACKEND_H
#define SX_AUDIT_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "stratex/audit.h"

/* Called for each record of a scan, in id order; non-zero stops the scan and is returned. */
typedef int (*sx_audit_scan_cb)(const sx_audit_record *r, void *payload);
/* Called for each row a statement returns, with its columns as text (NULL for SQL NULL);
 * non-zero stops and is returned. */
typedef int (*sx_tx_row_cb)(int ncols, const char *const *cols, void *payload);

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
    /* The workflow layer's transactions (src/lib/audit/tx.h): begin one (write: holding
     * the chain's write lock, as append does), run one statement in it, end it. */
    int (*begin)(void *be, int write);
    int (*sql)(void *be, const char *sql, int n, const char *const *params, sx_tx_row_cb cb,
               void *payload);
    int (*end)(void *be, int commit);
    /* Inside a write transaction: links rec onto the head, hashes it, stores it. */
    int (*append_in)(void *be, sx_audit_record *rec);
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

/* The workflow tables (docs/workflow.md), in SQL both databases run: they live beside the
 * chain in the same store, and every change to them is made in the transaction that
 * appends the chain record saying why. */
#define SX_WORKFLOW_SCHEMA                                                                         \
    "CREATE TABLE IF NOT EXISTS wf_party(id TEXT PRIMARY KEY, names TEXT NOT NULL,"                \
    " type TEXT, country TEXT, dob TEXT, identifiers TEXT, state TEXT NOT NULL,"                   \
    " updated TEXT NOT NULL, record BIGINT NOT NULL);"                                             \
    "CREATE TABLE IF NOT EXISTS wf_case(id BIGINT PRIMARY KEY, kind TEXT NOT NULL,"                \
    " state TEXT NOT NULL, party TEXT, line TEXT, list TEXT, entity_id TEXT,"                      \
    " subject_hash TEXT, matched_name TEXT, score TEXT, decision TEXT, opened TEXT NOT NULL,"      \
    " updated TEXT NOT NULL, last_action TEXT);"                                                   \
    "CREATE INDEX IF NOT EXISTS wf_case_state ON wf_case(state, id);"                              \
    "CREATE INDEX IF NOT EXISTS wf_case_party ON wf_case(party, list, entity_id);"                 \
    "CREATE INDEX IF NOT EXISTS wf_case_entity ON wf_case(list, entity_id);"                       \
    "CREATE INDEX IF NOT EXISTS wf_case_line ON wf_case(line);"                                    \
    "CREATE TABLE IF NOT EXISTS wf_event(record BIGINT PRIMARY KEY, case_id BIGINT NOT NULL);"     \
    "CREATE INDEX IF NOT EXISTS wf_event_case ON wf_event(case_id, record);"                       \
    "CREATE TABLE IF NOT EXISTS wf_clearance(party TEXT NOT NULL, list TEXT NOT NULL,"             \
    " entity_id TEXT NOT NULL, entity_hash TEXT NOT NULL, disposition BIGINT NOT NULL,"            \
    " PRIMARY KEY (party, list, entity_id));"                                                      \
    "CREATE TABLE IF NOT EXISTS wf_reason(code TEXT PRIMARY KEY, action TEXT NOT NULL,"            \
    " label TEXT NOT NULL);"                                                                       \
    "INSERT INTO wf_reason(code, action, label)"                                                   \
    " SELECT 'false-positive', 'clear', 'Not this entity'"                                         \
    "  WHERE NOT EXISTS (SELECT 1 FROM wf_reason)"                                                 \
    " UNION ALL SELECT 'confirmed-match', 'confirm', 'A true match: the order stays blocked'"      \
    "  WHERE NOT EXISTS (SELECT 1 FROM wf_reason)"                                                 \
    " UNION ALL SELECT 'needs-legal', 'escalate', 'Needs a legal opinion'"                         \
    "  WHERE NOT EXISTS (SELECT 1 FROM wf_reason)"                                                 \
    " UNION ALL SELECT 'licence-held', 'release', 'Released against a licence held'"               \
    "  WHERE NOT EXISTS (SELECT 1 FROM wf_reason);"                                                \
    "CREATE TABLE IF NOT EXISTS wf_list_version(version TEXT PRIMARY KEY, seq BIGINT NOT NULL,"    \
    " created TEXT NOT NULL, lists TEXT NOT NULL, delta TEXT NOT NULL, record BIGINT NOT NULL);"   \
    "CREATE TABLE IF NOT EXISTS wf_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"

int sx_audit_sqlite_open(void **out, const sx_audit_ops **ops, const char *path, unsigned flags);
int sx_audit_pg_open(void **out, const sx_audit_ops **ops, const char *url, unsigned flags);

#endif
