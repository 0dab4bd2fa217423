/* stratex — licence determination.
 *
 * sx_decide() answers, for one shipment on one date: the decision, the licence options
 * that are open (review days, documents, citations) and those that are closed (with the
 * reason), the parties' screening results, caveats for unverified data, and every
 * citation used.  The answer is deterministic for the same data and input. */
#ifndef STRATEX_DECIDE_H
#define STRATEX_DECIDE_H

#include "stratex/common.h"

#include <stddef.h>

#include "stratex/regime.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sx_screen_index sx_screen_index;

typedef struct sx_shipment {
    const char *id;       /* caller's reference, echoed back; may be NULL */
    const char *from;     /* exporting jurisdiction: "JP", "KR", "US", "EU" */
    const char *to;       /* destination, ISO 3166-1 alpha-2 */
    const char *item;     /* "1C350", an ECCN, "jp:3(1)", or "not-listed" */
    const char *hs;       /* HS code for catch-all rules, or NULL */
    const char *date;     /* "YYYY-MM-DD" */
    const char *end_use;  /* civil|wmd|conventional|military|unknown, or NULL */
    const char *const *parties; /* party names to screen */
    size_t nparties;
    const char *value;    /* declared value as text, or NULL */
    const char *currency; /* ISO 4217, or NULL */
    /* Answers to questions an earlier determination asked: "US-CCL-3B994#1=no",
     * "party:EL-11d9d8f5db52=yes".  Sub-items, end uses and HS codes are answered by the
     * item, end_use and hs fields instead. */
    const char *const *answers;
    size_t nanswers;
} sx_shipment;

typedef struct sx_decision sx_decision;

/* Decides one shipment.  screen may be NULL (parties are then not screened).  Fails with
 * SX_EUNKNOWN_COUNTRY, SX_EUNKNOWN_ITEM, SX_EDATE or SX_EINVAL and a message naming the
 * field.  Caller frees *out with sx_decision_free(). */
SX_EXTERN int sx_decide(sx_decision **out, const sx_regimes *r, const sx_screen_index *screen,
                        const sx_shipment *s);

/* "not_controlled", "licence_required", "prohibited", "review" or "indeterminate". Borrowed. */
SX_EXTERN const char *sx_decision_outcome(const sx_decision *d);

/* The decision as the JSON object of PRODUCT.md, or as an officer's memo. */
SX_EXTERN int sx_decision_json(char **out, const sx_decision *d);
SX_EXTERN int sx_decision_text(char **out, const sx_decision *d);
SX_EXTERN void sx_decision_free(sx_decision *d);

/* JSON in, JSON out: request {"from","to","item","date", optional "end_use","hs",
 * "parties":[...],"value","currency","id","answers":{"QUESTION-ID":"yes"|"no"}} -> the
 * decision JSON.  Used by the server and
 * by audit replay, so all three paths give the same answer. */
SX_EXTERN int sx_decide_json(char **out, const sx_regimes *r, const sx_screen_index *screen,
                             const char *request_json);

#ifdef __cplusplus
}
#endif
#endif
