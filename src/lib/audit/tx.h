/* Transactions on the audit store for the workflow layer (src/lib/workflow/): plain SQL
 * on the workflow tables (SX_WORKFLOW_SCHEMA) together with chain appends, committed as
 * one.  A disposition and the case state it changes, an import and the cases it opens,
 * a list version and its delta: each is one transaction, so the tables never say what
 * the chain does not.
 *
 * SQL is written once for both databases: parameters are text, written $1, $2, ... with
 * first uses in ascending order (SQLite numbers named parameters by first use). */
#ifndef SX_AUDIT_TX_H
#define SX_AUDIT_TX_H

#include <stdint.h>

#include "lib/audit/backend.h"

typedef struct sx_tx sx_tx;

/* Runs fn in a transaction: committed when fn returns 0, rolled back otherwise (fn's
 * code is returned).  write = 1 holds the chain's write lock from the start, so what fn
 * reads cannot change under it in any process.  Calls on a are serialised. */
int sx_audit_transact(sx_audit *a, int write, int (*fn)(sx_tx *tx, void *payload), void *payload);

/* One statement; cb (may be NULL) gets each row. */
int sx_tx_sql(sx_tx *tx, const char *sql, int n, const char *const *params, sx_tx_row_cb cb,
              void *payload);

/* Appends a record inside a write transaction; *id and created (may be NULL) receive
 * its id and time. */
int sx_tx_append(sx_tx *tx, int64_t *id, char created[SX_AUDIT_CREATED_LEN],
                 const sx_audit_entry *e);

/* Reads a record inside the transaction. */
int sx_tx_get(sx_tx *tx, int64_t id, sx_audit_record **out);

/* "sqlite" or "postgresql". */
const char *sx_tx_backend(const sx_tx *tx);

#endif
