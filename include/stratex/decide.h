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

/* One shipment.  Declare it with SX_SHIPMENT_INIT, then set the fields:
 *     sx_shipment s = SX_SHIPMENT_INIT;  s.from = "JP";  s.to = "KR"; ...
 * or with designated initialisers starting .version = SX_SHIPMENT_VERSION.  version says
 * which fields the caller's struct has (as for sx_screen_opts, docs/library.md): 0, a
 * zeroed struct, is read as 1; a version newer than the library fails with
 * SX_EUNSUPPORTED rather than being half-read. */
#define SX_SHIPMENT_VERSION 1
/* every field spelt out, so -Wmissing-field-initializers (C and C++) stays quiet */
/* clang-format off */
#define SX_SHIPMENT_INIT \
    {SX_SHIPMENT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0}
/* clang-format on */

typedef struct sx_shipment {
    unsigned version;           /* SX_SHIPMENT_VERSION (0 is read as 1) */
    const char *id;             /* caller's reference, echoed back; may be NULL */
    const char *from;           /* exporting jurisdiction: "JP", "KR", "US", "EU" */
    const char *to;             /* destination, ISO 3166-1 alpha-2 */
    const char *item;           /* "1C350", an ECCN, "jp:3(1)", or "not-listed" */
    const char *hs;             /* HS code for catch-all rules, or NULL */
    const char *date;           /* "YYYY-MM-DD" */
    const char *end_use;        /* civil|wmd|conventional|military|unknown, or NULL */
    const char *const *parties; /* party names to screen */
    size_t nparties;
    /* The declared value: an amount in plain decimals ("120000", "45000.50") and its ISO
     * 4217 currency ("USD"), both or neither (NULL or "").  It does not change the
     * decision; it is checked (SX_EINVAL naming the field) and carried into the answer:
     * sx_decision_value()/_currency(), "value":{"amount","currency"} in the JSON and a
     * "Declared value:" line in the memo. */
    const char *value;
    const char *currency;
    /* Answers to questions an earlier determination asked: "US-CCL-3B994#1=no",
     * "party:EL-11d9d8f5db52=yes".  Sub-items, end uses and HS codes are answered by the
     * item, end_use and hs fields instead. */
    const char *const *answers;
    size_t nanswers;
} sx_shipment;

typedef struct sx_decision sx_decision;

/* Decides one shipment.  screen may be NULL (parties are then not screened).  Fails with
 * SX_EUNKNOWN_COUNTRY, SX_EUNKNOWN_ITEM, SX_EDATE or SX_EINVAL and a message naming the
 * field, SX_EUNSUPPORTED for a shipment version newer than the library.  Caller frees
 * *out with sx_decision_free(). */
SX_EXTERN int sx_decide(sx_decision **out, const sx_regimes *r, const sx_screen_index *screen,
                        const sx_shipment *s);

/* "not_controlled", "licence_required", "prohibited", "review" or "indeterminate". Borrowed. */
SX_EXTERN const char *sx_decision_outcome(const sx_decision *d);

/* ---- reading a decision ----
 * Everything the JSON holds is also readable field by field, for programs that act on
 * the answer rather than print it.  Strings returned as const char * are borrowed and live
 * as long as d; indexes run from 0 to the matching *_count() - 1, and an index out of
 * range gives NULL, 0, -1 or SX_ERANGE as said. */

/* The caller's reference (sx_shipment.id), or NULL. */
SX_EXTERN const char *sx_decision_id(const sx_decision *d);
/* The exporting jurisdiction ("JP") and the destination ("KR") decided for. */
SX_EXTERN const char *sx_decision_jurisdiction(const sx_decision *d);
SX_EXTERN const char *sx_decision_destination(const sx_decision *d);

/* The declared value (sx_shipment.value, as given) and its currency, or NULL for both. */
SX_EXTERN const char *sx_decision_value(const sx_decision *d);
SX_EXTERN const char *sx_decision_currency(const sx_decision *d);

/* Licence options: one per licence type of the jurisdiction, in the data's order. */
typedef enum sx_option_state {
    SX_OPTION_UNDECIDED = 0, /* no rule opened or closed it (not listed in the JSON) */
    SX_OPTION_OPEN = 1,      /* in "options" */
    SX_OPTION_CLOSED = 2     /* in "closed", with a reason */
} sx_option_state;
SX_EXTERN size_t sx_decision_option_count(const sx_decision *d);
SX_EXTERN sx_option_state sx_decision_option_state(const sx_decision *d, size_t i);
/* The licence's identifier ("individual", "GBS", "EU001"). */
SX_EXTERN const char *sx_decision_option_licence(const sx_decision *d, size_t i);
/* Review days of an open option; -1 when no source gives one. */
SX_EXTERN int sx_decision_option_review_days(const sx_decision *d, size_t i);
/* Why a closed option is closed (or a note on an open one), or NULL. */
SX_EXTERN const char *sx_decision_option_reason(const sx_decision *d, size_t i);

/* Every clause the answer relied on, in first-use order: their ids ("JP-SM-3ITEMS-2019"). */
SX_EXTERN size_t sx_decision_citation_count(const sx_decision *d);
SX_EXTERN const char *sx_decision_citation_id(const sx_decision *d, size_t i);

/* The questions of an "indeterminate" answer (0 otherwise).  The id is what an answer
 * names (sx_shipment.answers: "ID=yes"); id and text are the caller's to sx_free().
 * SX_ERANGE for an index out of range. */
SX_EXTERN size_t sx_decision_question_count(const sx_decision *d);
SX_EXTERN int sx_decision_question_id(char **out, const sx_decision *d, size_t i);
SX_EXTERN int sx_decision_question_text(char **out, const sx_decision *d, size_t i);
SX_EXTERN size_t sx_decision_question_citation_count(const sx_decision *d, size_t i);
SX_EXTERN const char *sx_decision_question_citation_id(const sx_decision *d, size_t i, size_t k);

/* Caveats (unverified data, dates past the data, notes), worded; the caller's to sx_free(). */
SX_EXTERN size_t sx_decision_caveat_count(const sx_decision *d);
SX_EXTERN int sx_decision_caveat_text(char **out, const sx_decision *d, size_t i);

/* The decision as the JSON object of PRODUCT.md, or as an officer's memo. */
SX_EXTERN int sx_decision_json(char **out, const sx_decision *d);
SX_EXTERN int sx_decision_text(char **out, const sx_decision *d);
/* (Both *out are the caller's to sx_free().) */
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
