/* stratex — the tamper-evident audit trail.
 *
 * Every decision is stored append-only with its inputs, its output, the engine version
 * and the hashes of the data it used; a SHA-256 chain over the records makes any edit,
 * insertion or deletion detectable.  SQLite by default, PostgreSQL for a fleet.
 * See docs/audit.md. */
#ifndef STRATEX_AUDIT_H
#define STRATEX_AUDIT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sx_audit sx_audit;

/* Opens (creating if needed) the store: a file path for SQLite or a postgres:// URL. */
int sx_audit_open(sx_audit **out, const char *target);
void sx_audit_close(sx_audit *a);

#ifdef __cplusplus
}
#endif
#endif
