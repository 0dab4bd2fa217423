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

/* Something that shaped the answer, in the order it was found.  Steps and caveats are
 * recorded as pointers into the regime data and rendered to text only when an answer is
 * printed: a batch that only needs the decision pays no formatting. */
typedef enum sx_step_kind {
    SX_STEP_NOT_LISTED, /* text: the item input */
    SX_STEP_ITEM,       /* ref: sx_item */
    SX_STEP_GROUP,      /* ref: sx_group */
    SX_STEP_WORLDWIDE,  /* ref: sx_item */
    SX_STEP_CHART_X,    /* text: column */
    SX_STEP_CHART_NO_X, /* text: column */
    SX_STEP_NLR,
    SX_STEP_MEASURE, /* ref: sx_rule */
    SX_STEP_REQUIRE, /* ref: sx_rule */
    SX_STEP_PROHIBIT,
    SX_STEP_NONE,
    SX_STEP_PARTY_HIT, /* ref: sx_party_hit */
    SX_STEP_PARTY_CLEAR, /* text: the party */
    SX_STEP_ROW_X,       /* ref: sx_control_row whose destinations include this one */
    SX_STEP_ROW_NOT_COVERED, /* ref: sx_control_row whose sub-items exclude the input */
    SX_STEP_RESTRICTED,  /* ref: sx_restriction that closed a licence exception */
    SX_STEP_ANSWERED     /* text: the question and the caller's answer */
} sx_step_kind;

/* What answering a question "yes" would do to the answer: used to keep only the questions
 * that could change it. */
typedef enum sx_question_effect {
    SX_Q_OPTIONS,   /* the open and closed licence types */
    SX_Q_LICENCE,   /* a licence would be required */
    SX_Q_PROHIBITED /* the export would be prohibited */
} sx_question_effect;

typedef enum sx_question_kind {
    SX_QK_ROW_SCOPE,   /* rule: -, ref: sx_control_row of item: which sub-item is it? */
    SX_QK_ROW_DEST,    /* ref: sx_control_row of item whose destinations are prose */
    SX_QK_RESTRICTION, /* ref: sx_restriction of item: is the item within it? */
    SX_QK_ITEM,        /* rule: names sub-items under the input */
    SX_QK_END_USE,     /* rule: depends on the end use, not declared */
    SX_QK_HS,          /* rule: depends on the HS code, not given */
    SX_QK_PARTY,       /* rule: depends on a flagged party; ref: sx_party_hit */
    SX_QK_RULE         /* rule: its reason is the question (effect ask) */
} sx_question_kind;

/* Something the data cannot decide and the input did not say: the decision is
 * "indeterminate" while any question that could change it is open.  Recorded as pointers
 * and worded only when an answer is printed (sx_question_format), like steps. */
typedef struct sx_question {
    sx_question_kind kind;
    const void *ref;
    const sx_item *item;
    const sx_rule *rule;
    size_t row; /* SX_QK_ROW_*: the row's index in item */
    sx_question_effect effect; /* the most a "yes" would do */
    bool about_options;        /* a "yes" would also change the licence types */
    const sx_clause *cites[4];
    size_t ncites;
} sx_question;

/* A party that screening flagged: the best hit, copied into the decision's arena. */
typedef struct sx_party_hit {
    const char *party, *list, *entity_id, *matched_name;
    double score;
    const char *licence_requirement, *licence_policy, *notice, *issuer; /* the listing's own */
} sx_party_hit;

typedef struct sx_step {
    sx_step_kind kind;
    const sx_clause *clause;
    const void *ref;
    const char *text;
} sx_step;

typedef enum sx_caveat_kind {
    SX_CAVEAT_TEXT,           /* text as given (a rule's reason or a fixed sentence) */
    SX_CAVEAT_STATUS,         /* clause is partial or unverified */
    SX_CAVEAT_AS_OF,          /* the date is past the data's as_of */
    SX_CAVEAT_OTHER_CONTROLS, /* ref: sx_item with controls outside the Country Chart */
    SX_CAVEAT_NOTE,           /* clause is verified and its note qualifies the answer */
    SX_CAVEAT_DERIVED_EARLIER /* ref: derived sx_item used on a date before its source list */
} sx_caveat_kind;

typedef struct sx_caveat {
    sx_caveat_kind kind;
    const sx_clause *clause;
    const void *ref;
    const char *text;
} sx_caveat;

struct sx_decision {
    sx_arena arena;
    const sx_regimes *regimes;
    const sx_jurisdiction *jur;
    const char *id, *item_input, *hs, *end_use;
    const char *value, *currency; /* the declared value, checked (decide.c), or NULL */
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
    sx_caveat *caveats;
    size_t ncaveats, capcaveats;
    sx_question *questions; /* after finish_outcome: only those that could change the answer */
    size_t nquestions, capquestions;
    const char *otherwise;  /* indeterminate: the decision if every question is answered "no" */
    const char *const *answers; /* the caller's "ID=yes|no", borrowed for the call */
    size_t nanswers;
    const sx_clause **cited; /* every clause used, first-use order, unique by id */
    size_t ncited, capcited;

    json_t *screening; /* array, or NULL when no party was screened */
    const sx_party_hit **hits; /* flagged parties, one per party */
    size_t nhits;
    const char **parties;
    size_t nparties;
};

json_t *sx_decision_to_json(const sx_decision *d);
/* The text of a step or caveat, written into buf (always NUL-terminated). */
void sx_step_format(const sx_decision *d, const sx_step *s, char *buf, size_t cap);
void sx_caveat_format(const sx_decision *d, const sx_caveat *c, char *buf, size_t cap);
/* A question's stable id ("US-CCL-3B001#3", "item:1C350.d.15", "end_use") and its text. */
void sx_question_id(const sx_decision *d, const sx_question *q, char *buf, size_t cap);
void sx_question_format(const sx_decision *d, const sx_question *q, char *buf, size_t cap);

#endif
