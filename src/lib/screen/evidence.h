/* Evidence beyond the name (internal): a query's country, date of birth and identifiers
 * set against what the list says of an entity.  A matching date or identifier raises a
 * name's score, a conflicting one lowers it; each effect is explained. */
#ifndef SX_SCREEN_EVIDENCE_H
#define SX_SCREEN_EVIDENCE_H

#include <jansson.h>
#include <stdbool.h>

#include "lib/screen/list.h"
#include "stratex/screen.h"

#define SX_EVIDENCE_MAX_IDS 16 /* identifiers one query may carry */

typedef struct sx_evidence_query {
    char country[3];      /* ISO alpha-2, or "" */
    int year, month, day; /* 0 when not given */
    size_t nids;
    char id_type[SX_EVIDENCE_MAX_IDS][48]; /* "" when the caller gave none */
    char id_value[SX_EVIDENCE_MAX_IDS][64]; /* letters and digits, upper case */
    bool any;
} sx_evidence_query;

/* Reads the evidence of opts; SX_EPARSE (with a message naming the field) when a country
 * is not known, a date is not YYYY, YYYY-MM or YYYY-MM-DD, or there are too many or too
 * long identifiers. */
int sx_evidence_prepare(sx_evidence_query *eq, const sx_screen_opts *opts);

/* Effects on a score (bits of the result of sx_evidence_apply). */
enum {
    SX_EV_COUNTRY_MATCH = 1u << 0,
    SX_EV_COUNTRY_CONFLICT = 1u << 1,
    SX_EV_DOB_MATCH = 1u << 2,      /* the whole date */
    SX_EV_DOB_YEAR = 1u << 3,       /* the year (or within the list's range) */
    SX_EV_DOB_CONFLICT = 1u << 4,
    SX_EV_ID_MATCH = 1u << 5,
    SX_EV_ID_CONFLICT = 1u << 6,
};

/* s moved by the evidence about e; *effects says how. */
float sx_evidence_apply(const sx_evidence_query *eq, const sx_entity *e, float s,
                        unsigned *effects);
/* The lowest name score that the query's evidence could still lift to t, should every
 * gain it carries apply (t itself when it carries none): a name scoring below it cannot
 * reach t whatever the list says of the entity, so its comparison may stop early. */
float sx_evidence_floor(const sx_evidence_query *eq, float t);
/* One explanation line per effect. */
void sx_evidence_explain(json_t *arr, const sx_evidence_query *eq, const sx_entity *e,
                         unsigned effects);

#endif
