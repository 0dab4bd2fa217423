/* The decision object shared by the engine (decide.c) and its renderings (render.c). */
#ifndef SX_DECISION_H
#define SX_DECISION_H

#include <jansson.h>

#include "lib/regime/model.h"
#include "stratex/decide.h"

enum { SX_OPT_UNSET, SX_OPT_OPEN, SX_OPT_CLOSED };

/* A licence type's state after the rules: open or closed, and the clauses that said so. */
typedef struct sx_option {
    const sx_licence *licence;
    int state;
    const char *reason;
    const char *condition; /* the CCL's licence-exception flag text, US only */
    int review_days;
    const sx_strlist *documents;
    const char *validity;
    const sx_clause *cites[8];
    size_t ncites;
} sx_option;

/* Something that shaped the answer, in the order it was found: shown in the memo. */
typedef struct sx_step {
    const char *text; /* arena */
    const sx_clause *clause;
} sx_step;

struct sx_decision {
    sx_arena arena;
    const sx_regimes *regimes;
    const sx_jurisdiction *jur;
    const char *id, *item_input, *hs, *end_use;
    char dest[3];
    sx_date date;
    const char *outcome;

    const sx_item **entries; /* control-list entries the item resolved to */
    size_t nentries;
    bool listed;

    const sx_group **groups; /* destination's groups on the date */
    const sx_clause **group_clauses;
    size_t ngroups;

    const char **x_reasons; /* US: Country Chart columns with an X */
    size_t nx;

    sx_option *options; /* one per licence type of the jurisdiction */
    sx_step *steps;
    size_t nsteps, capsteps;
    const char **caveats;
    size_t ncaveats, capcaveats;
    const sx_clause **cited; /* every clause used, first-use order, unique by id */
    size_t ncited, capcited;

    json_t *screening; /* array */
    const char **parties;
    size_t nparties;
};

json_t *sx_decision_to_json(const sx_decision *d);

#endif
