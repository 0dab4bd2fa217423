/* Answering requests and replaying stored ones: the server and `stratex audit replay` both
 * go through sx_audit_answer(), so a replay recomputes a decision the way it was made. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/audit/backend.h"
#include "lib/workflow/wf.h"
#include "stratex/audit.h"
#include "stratex/decide.h"
#include "stratex/regime.h"
#include "stratex/screen.h"
#include "stratex/version.h"
#include "stratex/workflow.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/strutil.h"


/* Largest result count a screening request may ask for. */
#define SX_AUDIT_SCREEN_MAX_LIMIT 1000
/* Most identifiers a screening request may carry (as `stratex screen --id`). */
#define SX_AUDIT_SCREEN_MAX_IDS 16

static int field_error(const char *field, const char *want)
{
    return sx_error_set(SX_EINVAL, "screen request: \"%s\" must be %s", field, want);
}

static int optional_string(const char **out, json_t *req, const char *field)
{
    json_t *v = json_object_get(req, field);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return field_error(field, "a string");
    *out = json_string_value(v);
    return 0;
}

/* "identifiers": an array of "VALUE" or "TYPE:VALUE" strings, borrowed into ids. */
static int screen_ids(sx_screen_opts *o, const char **ids, json_t *req)
{
    json_t *v = json_object_get(req, "identifiers");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > SX_AUDIT_SCREEN_MAX_IDS)
        return field_error("identifiers", "an array of at most 16 strings");
    for (size_t i = 0; i < json_array_size(v); i++) {
        if (!json_is_string(json_array_get(v, i)))
            return field_error("identifiers", "an array of at most 16 strings");
        ids[i] = json_string_value(json_array_get(v, i));
    }
    o->identifiers = ids;
    o->nidentifiers = json_array_size(v);
    return 0;
}

static int screen_opts(sx_screen_opts *o, const char **name, const char **ids, json_t *req)
{
    memset(o, 0, sizeof *o);
    o->threshold = -1;
    json_t *n = json_object_get(req, "name");
    /* An empty or blank name is the screening library's to refuse (nothing to screen). */
    if (!json_is_string(n))
        return field_error("name", "a string");
    *name = json_string_value(n);
    json_t *t = json_object_get(req, "threshold");
    if (t && !json_is_null(t)) {
        if (!json_is_number(t) || json_number_value(t) < 0 || json_number_value(t) > 1)
            return field_error("threshold", "a number in [0, 1]");
        o->threshold = json_number_value(t);
    }
    json_t *l = json_object_get(req, "limit");
    if (l && !json_is_null(l)) {
        if (!json_is_integer(l) || json_integer_value(l) < 1 ||
            json_integer_value(l) > SX_AUDIT_SCREEN_MAX_LIMIT)
            return field_error("limit", "an integer in 1..1000");
        o->limit = (size_t)json_integer_value(l);
    }
    int rc = optional_string(&o->type, req, "type");
    rc = rc ? rc : optional_string(&o->country, req, "country");
    rc = rc ? rc : optional_string(&o->dob, req, "dob");
    rc = rc ? rc : screen_ids(o, ids, req);
    /* A party id only names whose clearances to show (sx_screen_mark_cleared()). */
    const char *party = NULL;
    return rc ? rc : optional_string(&party, req, "party");
}

static int answer_screen(char **out, const char *request, const sx_screen_index *ix)
{
    if (!ix)
        return sx_error_set(SX_EINVAL, "screen request: no lists loaded");
    json_error_t err;
    json_t *req = json_loads(request, 0, &err);
    if (!json_is_object(req)) {
        json_decref(req);
        return sx_error_set(SX_EPARSE, "screen request: not a JSON object");
    }
    sx_screen_opts o;
    const char *name = NULL, *ids[SX_AUDIT_SCREEN_MAX_IDS];
    int rc = screen_opts(&o, &name, ids, req);
    rc = rc ? rc : sx_screen_json(out, ix, name, &o);
    json_decref(req);
    return rc;
}

int sx_audit_answer(char **out, const char *kind, const char *request, const sx_regimes *r,
                    const sx_screen_index *ix)
{
    if (!kind || !request)
        return sx_error_set(SX_EINVAL, "answer: kind and request are required");
    if (strcmp(kind, "check") == 0) {
        if (!r)
            return sx_error_set(SX_EINVAL, "check request: no regimes loaded");
        return sx_decide_json(out, r, ix, request);
    }
    if (strcmp(kind, "screen") == 0)
        return answer_screen(out, request, ix);
    return sx_error_set(SX_EINVAL, "answer: unknown kind \"%s\"", kind);
}

int sx_audit_data_hash(char **out, const sx_regimes *r, const sx_screen_index *ix)
{
    json_t *o = json_object();
    if (!o)
        return sx_error_oom();
    if (r)
        json_object_set_new(o, "regimes", json_string(sx_regimes_hash(r)));
    if (ix)
        json_object_set_new(o, "lists", json_string(sx_screen_index_hash(ix)));
    *out = sx_json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? 0 : sx_error_oom();
}

void sx_audit_replay_free(sx_audit_replay *rp)
{
    if (!rp)
        return;
    sx_audit_record_free(rp->record);
    free(rp->answer);
    free(rp->error);
    free(rp);
}

/* Equal as JSON values: key order and spacing do not matter, numbers compare by value. */
static int json_text_equal(const char *a, const char *b)
{
    json_error_t err;
    json_t *ja = json_loads(a, JSON_DECODE_ANY, &err);
    json_t *jb = json_loads(b, JSON_DECODE_ANY, &err);
    int eq = ja && jb ? json_equal(ja, jb) : strcmp(a, b) == 0;
    json_decref(ja);
    json_decref(jb);
    return eq;
}

/* Whether the engine answers a record as it did.  A screening that named a party carries
 * that party's clearances as they were (sx_screen_mark_cleared()): those marks are the
 * register's state, not the engine's answer, and are left out of the comparison. */
static int same_answer(const char *answer, const sx_audit_record *rec)
{
    json_error_t err;
    json_t *req = json_loads(rec->request, 0, &err);
    bool named = json_is_string(json_object_get(req, "party"));
    json_decref(req);
    if (!named)
        return json_text_equal(answer, rec->response);
    json_t *was = json_loads(rec->response, 0, &err), *now = json_loads(answer, 0, &err);
    if (was)
        sx_wf_unmark_cleared(was);
    int eq = was && now && json_equal(was, now);
    json_decref(was);
    json_decref(now);
    return eq;
}

/* The regime hash a record was decided with ("" when it has none). */
/* The hash a record's data_hash gives for "regimes" or "lists" ("" when it names none). */
static void recorded(char out[65], const char *data_hash, const char *part)
{
    json_error_t err;
    json_t *j = data_hash ? json_loads(data_hash, 0, &err) : NULL;
    const char *h = json_string_value(json_object_get(j, part));
    snprintf(out, 65, "%s", h ? h : "");
    json_decref(j);
}

/* Today's data is the same as recorded when every part the record names is the same: a
 * check without parties never names the lists. */
static int same_parts(const char *recorded_hash, const sx_regimes *r, const sx_screen_index *ix)
{
    char was[65];
    recorded(was, recorded_hash, "regimes");
    if (*was && (!r || strcmp(was, sx_regimes_hash(r)) != 0))
        return 0;
    recorded(was, recorded_hash, "lists");
    return !*was || (ix && strcmp(was, sx_screen_index_hash(ix)) == 0);
}

int sx_audit_default_snapshots(char *out, size_t cap, const char *target)
{
    if (!target || strncmp(target, "postgres", 8) == 0)
        return sx_error_set(SX_ENOTFOUND, "no default snapshot folder for a PostgreSQL store");
    if ((size_t)snprintf(out, cap, "%s.snapshots", target) >= cap)
        return sx_error_set(SX_EINVAL, "audit store path too long");
    return 0;
}

int sx_audit_replay_record(sx_audit_replay **out, sx_audit *a, int64_t id, const sx_regimes *r,
                           const sx_screen_index *ix)
{
    return sx_audit_replay_record_with(out, a, id, r, ix, NULL);
}

int sx_audit_replay_record_with(sx_audit_replay **out, sx_audit *a, int64_t id, const sx_regimes *r,
                                const sx_screen_index *ix, const char *snapshots)
{
    sx_audit_replay *rp = calloc(1, sizeof *rp);
    if (!rp)
        return sx_error_oom();
    int rc = sx_audit_get(&rp->record, a, id);
    if (!rc && strcmp(rp->record->kind, "check") != 0 && strcmp(rp->record->kind, "screen") != 0)
        rc = sx_error_set(SX_EINVAL, "audit record %lld: unknown kind \"%s\"", (long long)id,
                          rp->record->kind);
    if (rc) {
        sx_audit_replay_free(rp);
        return rc;
    }
    /* A check decided with other regime data is recomputed with that data when the
     * snapshot store has it: the question replay answers is "would this engine give the
     * same answer on the same facts". */
    sx_regimes *then = NULL;
    char was[65];
    recorded(was, rp->record->data_hash, "regimes");
    if (snapshots && r && *was && strcmp(rp->record->kind, "check") == 0 &&
        strcmp(was, sx_regimes_hash(r)) != 0 && sx_regimes_snapshot_load(&then, snapshots, was) == 0)
        rp->from_snapshot = 1;
    /* Likewise a screening with the list version it names, kept by `lists update`. */
    sx_screen_index *ix_then = NULL;
    recorded(was, rp->record->data_hash, "lists");
    if (snapshots && ix && *was && strcmp(rp->record->kind, "screen") == 0 &&
        strcmp(was, sx_screen_index_hash(ix)) != 0 &&
        sx_lists_load_version(&ix_then, a, snapshots, NULL, was) == 0)
        rp->from_snapshot = 1;
    if (sx_audit_answer(&rp->answer, rp->record->kind, rp->record->request, then ? then : r,
                        ix_then ? ix_then : ix) != 0) {
        rp->answer = NULL;
        rp->error = sx_strdup(sx_errmsg());
    } else {
        rp->identical = same_answer(rp->answer, rp->record);
    }
    sx_regimes_free(then);
    if (ix_then)
        sx_screen_index_free(ix_then);
    rp->same_data = same_parts(rp->record->data_hash, r, ix);
    rp->same_engine = strcmp(rp->record->engine_version, sx_version()) == 0;
    *out = rp;
    return 0;
}

static json_t *parsed_or_string(const char *text)
{
    json_error_t err;
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, &err) : NULL;
    return v ? v : text ? json_string(text) : json_null();
}

int sx_audit_replay_json(char **out, const sx_audit_replay *rp, const char *data_hash)
{
    const sx_audit_record *rec = rp->record;
    json_t *o = json_pack("{sI ss sb sb sb sb ss ss so so so so so}", "id", (json_int_t)rec->id,
                          "kind", rec->kind, "identical", rp->identical, "same_data",
                          rp->same_data, "same_engine", rp->same_engine, "from_snapshot",
                          rp->from_snapshot, "recorded_engine",
                          rec->engine_version, "engine", sx_version(), "recorded_data_hash",
                          parsed_or_string(rec->data_hash), "data_hash",
                          parsed_or_string(data_hash), "recorded_response",
                          parsed_or_string(rec->response), "response",
                          parsed_or_string(rp->answer), "error",
                          rp->error ? json_string(rp->error) : json_null());
    if (!o)
        return sx_error_oom();
    *out = sx_json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? 0 : sx_error_oom();
}
