/* The in-memory regime model: what data/regimes/ says, validated and resolved.
 *
 * Everything is allocated in the set's arena and immutable after sx_regimes_load(), so a
 * loaded set can be shared by threads without locks.  See docs/regime-model.md for the
 * file format this mirrors. */
#ifndef SX_REGIME_MODEL_H
#define SX_REGIME_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "stratex/date.h"
#include "stratex/regime.h"
#include "util/arena.h"
#include "util/strmap.h"

typedef enum sx_status { SX_VERIFIED, SX_PARTIAL, SX_UNVERIFIED } sx_status;

typedef struct sx_strlist {
    const char **v;
    size_t n;
} sx_strlist;

typedef struct sx_source {
    const char *id; /* NULL for a citation written inline */
    const char *title, *article, *url;
} sx_source;

/* One statement of law: every group membership, item, licence and rule is one. */
typedef struct sx_clause {
    const char *id;
    const sx_source *cite;
    sx_date from, to; /* [from, to); SX_DATE_MIN / SX_DATE_MAX when open */
    sx_status status;
    const char *note;
    const char *file; /* for messages: "data/regimes/jp/rules.yaml:42" */
    int line;
} sx_clause;

typedef struct sx_membership {
    const char *country;
    sx_clause clause;
} sx_membership;

typedef struct sx_group {
    const char *label; /* "A", "가의2", "A:1", "NS2" */
    const char *name;
    sx_clause clause;
    bool is_default;      /* every country in none of `exclude` (or of the other groups) */
    bool is_chart_column; /* US Country Chart column: used by the chart algorithm, not shown */
    sx_strlist exclude;
    sx_membership *members;
    size_t nmembers;
} sx_group;

typedef struct sx_kv {
    const char *key, *value;
} sx_kv;

/* Which sub-items of an entry a control row or a restriction covers.  Both empty: the
 * entire entry.  A condition is scope written as prose ("shotguns with a barrel length of
 * 24 in. or more"): the data cannot test it, so a decision asks. */
typedef struct sx_scope {
    sx_strlist applies_to; /* covered: these sub-items ("3B001.c.1.a") and what is under them */
    sx_strlist outside;    /* covered: everything except these sub-items */
    const char *condition;
} sx_scope;

/* Where a control row or restriction sends a licence requirement: a Country Chart column,
 * everywhere, or destinations written out (countries, groups, minus exclusions). */
typedef struct sx_dest {
    const char *column;    /* "NS2"; "WW" for every destination */
    const struct sx_group *column_group; /* resolved at load; NULL for "WW" */
    sx_strlist countries, groups, not_groups, not_countries;
    const struct sx_group **group_refs, **not_group_refs; /* resolved at load */
} sx_dest;

/* One row of an ECCN's License Requirements (15 CFR 738.4): a reason for control, the
 * sub-items it covers and where it requires a licence.  ask is the row's text when it
 * names no destination the data can test ("See § 742.6(a)(11)"): a decision asks. */
typedef struct sx_control_row {
    const char *reason; /* "NS" */
    sx_scope scope;
    sx_dest dest;
    const char *ask;
    const char *see; /* the row's own wording, shown with the step */
} sx_control_row;

/* A limit the entry itself puts on a licence type ("STA may not be used to ship
 * 3B001.c.1.a … to A:5 or A:6"; "GBS: Yes, except a.3 …"). */
typedef struct sx_restriction {
    const char *licence;
    const struct sx_licence *licence_ref; /* resolved at load */
    sx_scope scope;
    sx_strlist groups; /* destinations it applies to; empty: all */
    const struct sx_group **group_refs;
    const char *text;
} sx_restriction;

typedef struct sx_item {
    sx_clause clause;
    const char *ref; /* "jp:3(1)", "us:3C002", or NULL */
    sx_strlist controls;
    const char *name, *parameters, *other_controls;
    sx_strlist hs, cas, reasons;
    sx_kv *exceptions;
    size_t nexceptions;
    sx_control_row *rows; /* US: License Requirements rows; reasons: become whole-entry rows */
    size_t nrows;
    sx_restriction *restrictions;
    size_t nrestrictions;
    sx_date derived_as_of; /* derived: the date of the list it was derived from */
    bool derived; /* from items-derived.yaml: used only when no hand-written or native entry matches */
} sx_item;

typedef struct sx_licence {
    const char *licence; /* the identifier in answers: "individual", "GBS", "EU001" */
    const char *name, *validity;
    int review_days; /* -1: no source gives one (JSON null) */
    sx_strlist documents;
    sx_clause clause;
} sx_licence;

typedef enum sx_effect {
    SX_EFFECT_OPEN,
    SX_EFFECT_CLOSED,
    SX_EFFECT_REQUIRE,
    SX_EFFECT_PROHIBIT,
    SX_EFFECT_NONE,
    SX_EFFECT_CAVEAT,
    SX_EFFECT_ASK /* the rule's reason is a question; "yes" means a licence is required */
} sx_effect;

typedef struct sx_where {
    sx_strlist groups, not_groups, countries, items, end_use, hs, not_hs, only_reasons;
    const char *exception; /* the item carries this licence-exception flag */
    int listed;            /* 1 list-controlled, 0 not, -1 either; default 1 */
    bool party_licence;    /* a flagged party's listing imposes a licence under this law */
    const struct sx_group **group_refs, **not_group_refs; /* resolved at load */
} sx_where;

#define SX_UNSET (-2)

typedef struct sx_rule {
    sx_clause clause;
    const char *kind;
    sx_strlist licences;
    const struct sx_licence **licence_refs; /* resolved at load, parallel to licences */
    sx_effect effect;
    sx_where where;
    const char *reason, *validity;
    int review_days; /* SX_UNSET: the licence's own; -1 null */
    sx_strlist documents;
    bool has_documents;
    bool ask_prohibits; /* effect ask: "yes" means prohibited, not a licence */
} sx_rule;

typedef enum sx_method { SX_METHOD_RULES, SX_METHOD_COUNTRY_CHART } sx_method;

/* Indexes built once at load so a decision does no scans over lists or members. */
typedef struct sx_itemlist {
    const sx_item **v;
    size_t n, cap;
} sx_itemlist;

typedef struct sx_memberlist {
    const sx_group **groups;
    const sx_clause **clauses;
    size_t n, cap;
} sx_memberlist;

typedef struct sx_jurisdiction {
    const char *code, *name, *authority;
    sx_date data_begins, as_of;
    sx_method method;
    sx_source *sources;
    size_t nsources;
    sx_group *groups;
    size_t ngroups;
    sx_item *items;
    size_t nitems;
    sx_licence *licences;
    size_t nlicences;
    sx_rule *rules;
    size_t nrules;
    sx_strmap by_number;  /* control number up to its first '.', upper case -> sx_itemlist */
    sx_strmap by_ref;     /* native reference, lower case -> sx_itemlist */
    sx_strmap by_country; /* country -> sx_memberlist of explicit memberships */
} sx_jurisdiction;

/* One data file as loaded: the bytes the hash covers, kept for snapshots. */
typedef struct sx_regime_file {
    const char *path; /* relative to regimes/: "countries.yaml", "jp/rules.yaml" */
    const char *data;
    size_t len;
    struct sx_regime_file *next;
} sx_regime_file;

struct sx_regimes {
    sx_arena arena;
    sx_regime_file *files, **files_tail;
    sx_strmap countries; /* ISO code -> English name */
    sx_jurisdiction *jurs;
    size_t njurs;
    char hash[65];
};

/* Lookups used by decide and diff (model.c). */
const sx_jurisdiction *sx_regime_find(const sx_regimes *r, const char *code);
const char *sx_country_name(const sx_regimes *r, const char *code);
bool sx_clause_in_force(const sx_clause *c, sx_date d);
const char *sx_status_name(sx_status s);
const sx_group *sx_group_find(const sx_jurisdiction *j, const char *label);
/* The membership clause that puts country in g on date d, or NULL.  For a default group,
 * returns the group's own clause when the country is in none of the excluded groups. */
const sx_clause *sx_group_membership(const sx_jurisdiction *j, const sx_group *g,
                                     const char *country, sx_date d);
const sx_licence *sx_licence_find(const sx_jurisdiction *j, const char *licence);
bool sx_strlist_has(const sx_strlist *l, const char *s);
/* Control numbers (model.c).  within: a is b or a sub-item of b ("1C009.b" of "1C009");
 * related: either is within the other.  ASCII case-insensitive. */
bool sx_number_within(const char *a, const char *b);
bool sx_numbers_related(const char *a, const char *b);
/* The entry answers to input: its native reference ("jp:3(1)") or a related number. */
bool sx_item_matches(const sx_item *it, const char *input);
/* index.c: builds and frees the lookup indexes of a loaded jurisdiction. */
int sx_jurisdiction_index(sx_arena *a, sx_jurisdiction *j);
void sx_jurisdiction_index_free(sx_jurisdiction *j);
/* The key an item number or reference is filed under ("1c009.b" -> "1C009"). */
void sx_item_key(char *out, size_t cap, const char *number, bool is_ref);
const sx_itemlist *sx_items_for(const sx_jurisdiction *j, const char *input);
/* How a group reads in a sentence: "Group A", "region 가의2", "Country Group A:5". */
const char *sx_group_display(const sx_group *g);

#endif
