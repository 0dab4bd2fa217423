/* A party's clearances applied to a screening made outside the register's own runs (a
 * `POST /v1/screen` or `stratex screen` that names the party): each listing the party was
 * cleared of, for the entity's current record, is marked with the clearance's
 * disposition, and only the results left unmarked count as alerts.  A clearance given
 * for an older record of the entity no longer covers it, as in sx_wf_open_hit(). */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/workflow/wf.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/utf8.h"

typedef struct mark_job {
    const sx_screen_index *ix;
    const char *party;
    json_t *answer; /* sx_screen_json()'s, marked in place */
    size_t alerts, cleared;
} mark_job;

/* Marks one listing ({"list", "entity_id", ...}) when a clearance for the entity's
 * current record covers it; *covered tells whether it did. */
static int mark_listing(sx_tx *tx, mark_job *j, json_t *listing, bool *covered)
{
    const char *list = json_string_value(json_object_get(listing, "list"));
    const char *id = json_string_value(json_object_get(listing, "entity_id"));
    *covered = false;
    if (!list || !id)
        return sx_error_set(SX_EINVAL, "screening answer: a result without list or entity_id");
    char *hash = NULL, *disposition = NULL;
    int rc = sx_wf_clearance_for(tx, &hash, &disposition, j->party, list, id);
    const char *now = sx_screen_entity_hash(j->ix, list, id);
    if (!rc && hash && disposition && now && strcmp(hash, now) == 0) {
        json_t *c = json_pack("{sI}", "disposition", (json_int_t)strtoll(disposition, NULL, 10));
        rc = c && json_object_set_new(listing, "cleared", c) == 0 ? 0 : sx_error_oom();
        *covered = rc == 0;
    }
    free(hash);
    free(disposition);
    return rc;
}

/* A result is an alert unless every listing of it (the result and the same entity on
 * other lists) is covered: a clearance of the SDN entry says nothing of an Entity List
 * entry under another id. */
static int mark(sx_tx *tx, void *payload)
{
    mark_job *j = payload;
    const char *p[] = {j->party};
    char *state = NULL;
    int rc = sx_wf_sql_string(tx, &state, "SELECT state FROM wf_party WHERE id = $1", 1, p);
    if (!rc && !state)
        rc = sx_error_set(SX_EINVAL, "party: \"%.*s\" is not in the register",
                          (int)sx_utf8_prefix(j->party, strlen(j->party), 64), j->party);
    free(state);
    json_t *results = json_object_get(j->answer, "results");
    for (size_t i = 0; !rc && i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        bool covered, all;
        rc = mark_listing(tx, j, r, &all);
        json_t *also = json_object_get(r, "also_listed");
        for (size_t k = 0; !rc && k < json_array_size(also); k++) {
            rc = mark_listing(tx, j, json_array_get(also, k), &covered);
            all = all && covered;
        }
        if (all)
            j->cleared++;
        else
            j->alerts++;
    }
    return rc;
}

int sx_screen_mark_cleared(char **out, sx_audit *a, const sx_screen_index *ix, const char *party,
                           const char *answer)
{
    *out = NULL;
    if (!a || !ix || !party || !answer)
        return sx_error_set(SX_EINVAL, "screen: store, index, party and answer are required");
    if (!*party)
        return sx_error_set(SX_EINVAL, "party: an empty party id");
    json_error_t err;
    mark_job j = {ix, party, json_loads(answer, 0, &err), 0, 0};
    if (!json_is_object(j.answer)) {
        json_decref(j.answer);
        return sx_error_set(SX_EPARSE, "screening answer: not a JSON object");
    }
    int rc = sx_audit_transact(a, 0, mark, &j);
    if (!rc && (json_object_set_new(j.answer, "party", json_string(party)) != 0 ||
                json_object_set_new(j.answer, "alerts", json_integer((json_int_t)j.alerts)) != 0 ||
                json_object_set_new(j.answer, "cleared", json_integer((json_int_t)j.cleared)) != 0))
        rc = sx_error_oom();
    rc = rc ? rc : sx_wf_dump(out, j.answer);
    json_decref(j.answer);
    return rc;
}

/* The marks removed again: what the engine alone answered, for replay to compare with. */
void sx_wf_unmark_cleared(json_t *answer)
{
    json_object_del(answer, "party");
    json_object_del(answer, "alerts");
    json_object_del(answer, "cleared");
    json_t *results = json_object_get(answer, "results");
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i), *also = json_object_get(r, "also_listed");
        json_object_del(r, "cleared");
        for (size_t k = 0; k < json_array_size(also); k++)
            json_object_del(json_array_get(also, k), "cleared");
    }
}
