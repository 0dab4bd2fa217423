/* The workflow layer's internals, shared by parties.c, cases.c and lists.c.  The data
 * model is in docs/workflow.md: the chain records are the truth; the wf_* tables are
 * what they say, kept in the same transaction so they can be queried. */
#ifndef SX_WORKFLOW_WF_H
#define SX_WORKFLOW_WF_H

#include <jansson.h>
#include <stdint.h>

#include "lib/audit/tx.h"
#include "stratex/workflow.h"

/* Case states (the wf_case.state column). */
#define WF_OPEN "open"
#define WF_ESCALATED "escalated"
#define WF_CLOSED "closed"

/* The actor of what the engine does by itself (a removed entity closing its cases). */
#define WF_SYSTEM "system"

/* A case about to be opened. */
typedef struct wf_new_case {
    const char *kind;                            /* "screen" | "check" | "unreached" */
    const char *party, *line;                    /* its subject: a party id or an order line id */
    const char *list, *entity_id, *subject_hash; /* a hit's entity and its content hash;
                                                    a line's inputs hash */
    const char *matched_name;
    double score;         /* a hit's; < 0 for none */
    const char *decision; /* a line's */
    json_t *request;      /* what the record says was asked (borrowed) */
    json_t *response;     /* the answer and the evidence (borrowed) */
    const char *data_hash;
    const char *actor;
} wf_new_case;

/* Appends the "case" record and the row; *id is the case id (= the record id). */
int sx_wf_case_open(sx_tx *tx, int64_t *id, const wf_new_case *c);

/* Appends a "disposition" record for case id and moves it to state; the record's
 * request is d (borrowed, must hold "case" and "action"). */
int sx_wf_case_settle(sx_tx *tx, int64_t *record, int64_t id, json_t *d, const char *state);

/* Closes, as the system (a "close" disposition with reason and note), every case whose
 * id the query select_ids (with its n params) returns; *closed (may be NULL) is raised by
 * their number. */
int sx_wf_close_cases(sx_tx *tx, size_t *closed, const char *select_ids, int n,
                      const char *const *params, const char *reason, const char *note);

/* The state of the newest case on (party, list, entity): "" when there is none. */
int sx_wf_case_for_hit(sx_tx *tx, char state[16], const char *party, const char *list,
                       const char *entity_id);

/* The clearance of (party, list, entity): the entity hash it was given for and the
 * disposition record, each NULL when there is none. */
int sx_wf_clearance_for(sx_tx *tx, char **hash, char **disposition, const char *party,
                        const char *list, const char *entity_id);

/* Opens a case for one screening hit of a party unless it is cleared for the entity's
 * current record or a case on it is still active; a clearance given for an older record
 * lapses (and the new case names it).  *opened: 1 opened, 2 opened as its clearance
 * lapsed, 0 already active, -1 cleared.
 * cause says why it was screened ("import", "list update").  *case_id (may be NULL)
 * receives the new case's id, or 0. */
typedef struct sx_wf_party {
    const char *id;
    json_t *names;                                  /* array of strings */
    const char *type, *country, *dob, *identifiers; /* each NULL when unknown */
} sx_wf_party;

/* The screening options for a party: its type, country, dob and identifiers as evidence.
 * ids (16 at most) and buf hold the split identifiers. */
void sx_wf_party_opts(sx_screen_opts *o, const sx_wf_party *p, const char **ids, char *buf,
                      size_t cap);

int sx_wf_open_hit(sx_tx *tx, int *opened, int64_t *case_id, const sx_screen_index *ix,
                   const sx_wf_party *party, const char *query, const sx_screen_hit *h,
                   const char *data_hash, const char *actor, double threshold, const char *cause);

/* Removes what sx_screen_mark_cleared() added to a screening answer, so that a replay
 * compares the engine's answer alone (the clearances in force have moved on since). */
void sx_wf_unmark_cleared(json_t *answer);

/* An index over the register's open parties (NULL when there are none).  With snapshots,
 * the index is kept there in a file (register.sxi) keyed by the register's state and the
 * engine (term tables of data_dir): an update while the register is unchanged opens it
 * instead of reading and analysing every party's names again.  key receives the key the
 * index was made for ("" when none could be made). */
int sx_wf_register_index(sx_screen_index **out, char key[SX_AUDIT_HASH_HEX], sx_tx *tx,
                         const char *snapshots, const char *data_dir);
/* That key for the register as the transaction sees it; 1 when there is no register. */
int sx_wf_register_key(char key[SX_AUDIT_HASH_HEX], sx_tx *tx, const char *data_dir);

/* Files (lists.c).  A path built from parts, SX_ELIMIT when it does not fit (never a
 * cut-off path); mkdir -p; rm -r (0 or -1, for clean-up); a file copied atomically. */
#define WF_PATH 4096
int sx_wf_pathf(char out[WF_PATH], const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sx_wf_make_dirs(const char *path);
int sx_wf_remove_tree(const char *path);
int sx_wf_copy_file(const char *from, const char *to);
/* The next line of tab-separated text that is neither blank nor a '#' comment, split in
 * place into at most max fields; returns how many (0 at the end).  *cursor walks text. */
size_t sx_wf_tsv_next(char **cursor, size_t *lineno, char **f, size_t max);

/* Compact JSON text of v (never NULL on success; SX_ENOMEM otherwise). */
int sx_wf_dump(char **out, json_t *v);
/* The first column of the first row as a new string (NULL when no row). */
int sx_wf_sql_string(sx_tx *tx, char **out, const char *sql, int n, const char *const *params);

/* The same SHA-256 as sx_screen_index_hash() for an index over these list hashes. */
int sx_wf_version_id(char out[SX_AUDIT_HASH_HEX], const char *const *list_hashes, size_t n);

/* Reads a party register CSV without a store or screening (parties.c), for the fuzz
 * target fuzz/fuzz_register.c: 0 with the number of parties read, or the parse error the
 * import would report. */
int sx_wf_register_parse(size_t *nparties, const char *text, size_t len, const char *src);

#endif
