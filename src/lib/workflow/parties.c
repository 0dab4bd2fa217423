/* The party register: importing it (each party screened, hits opening cases), reading
 * it, and indexing it for the reverse screening of a list delta (lists.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/index.h"
#include "lib/screen/lists/loader.h"
#include "lib/workflow/wf.h"
#include "stratex/date.h"
#include "stratex/errors.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strmap.h"
#include "util/strutil.h"
#include "util/utf8.h"

#define WF_ID_MAX 128       /* bytes of a party id */
#define WF_NAME_MAX 1024    /* bytes of a name */
#define WF_FIELD_MAX 1024   /* bytes of type, country, dob, identifiers */
#define WF_HITS_PER_NAME 10 /* results asked for each name screened */

/* One party of the file: its rows joined. */
typedef struct party {
    char *id;
    json_t *names; /* array of strings, first as given first */
    char *type, *country, *dob, *identifiers;
    size_t line; /* where it first appears */
} reg_party;

typedef struct register_file {
    reg_party *parties;
    size_t n, cap;
    sx_strmap by_id; /* id -> index + 1 */
    size_t rows;
} register_file;

static void register_free(register_file *r)
{
    for (size_t i = 0; i < r->n; i++) {
        reg_party *p = &r->parties[i];
        free(p->id);
        json_decref(p->names);
        free(p->type);
        free(p->country);
        free(p->dob);
        free(p->identifiers);
    }
    free(r->parties);
    sx_strmap_free(&r->by_id);
}

/* ---- reading the file ---- */

typedef struct columns {
    int id, name, type, country, dob, identifiers;
} columns;

static int read_header(columns *c, sx_csv *csv, const char *src)
{
    static const char *const known[] = {"id", "name", "type", "country", "dob", "identifiers"};
    int *slot[] = {&c->id, &c->name, &c->type, &c->country, &c->dob, &c->identifiers};
    for (size_t k = 0; k < 6; k++)
        *slot[k] = -1;
    for (size_t i = 0; i < csv->nfields; i++) {
        const char *h = sx_trim(csv->fields[i]);
        size_t k = 0;
        while (k < 6 && strcmp(h, known[k]) != 0)
            k++;
        if (k == 6)
            return sx_error_set(SX_EPARSE,
                                "%s:%zu: unknown column \"%.*s\" (id, name, type, country, dob, "
                                "identifiers)",
                                src, csv->rec_line, SX_CUT(h, 40));
        if (*slot[k] >= 0)
            return sx_error_set(SX_EPARSE, "%s:%zu: column %s appears twice", src, csv->rec_line,
                                known[k]);
        *slot[k] = (int)i;
    }
    if (c->id < 0 || c->name < 0)
        return sx_error_set(SX_EPARSE, "%s:%zu: the header must name the columns id and name", src,
                            csv->rec_line);
    return 0;
}

static const char *field(const sx_csv *csv, int col)
{
    return col >= 0 && (size_t)col < csv->nfields ? sx_trim(csv->fields[col]) : "";
}

static int check_text(const char *v, size_t max, const char *what, const char *src, size_t line)
{
    if (!sx_utf8_valid(v, strlen(v)))
        return sx_error_set(SX_EPARSE, "%s:%zu: %s is not valid UTF-8", src, line, what);
    if (strlen(v) > max)
        return sx_error_set(SX_ELIMIT, "%s:%zu: %s is longer than %zu bytes", src, line, what, max);
    return 0;
}

/* type, country and dob as the screening engine reads them, or an error naming the line. */
static int check_attributes(const char *type, const char *country, const char *dob, const char *src,
                            size_t line)
{
    static const char *const types[] = {"person", "organization", "vessel", "aircraft"};
    if (*type) {
        size_t k = 0;
        while (k < 4 && strcmp(type, types[k]) != 0)
            k++;
        if (k == 4)
            return sx_error_set(SX_EPARSE,
                                "%s:%zu: type must be person, organization, vessel or aircraft, "
                                "not \"%.*s\"",
                                src, line, SX_CUT(type, 24));
    }
    if (*country && !(strlen(country) == 2 && country[0] >= 'A' && country[0] <= 'Z' &&
                      country[1] >= 'A' && country[1] <= 'Z'))
        return sx_error_set(SX_EPARSE,
                            "%s:%zu: country must be an ISO 3166 alpha-2 code (KR), "
                            "not \"%.*s\"",
                            src, line, SX_CUT(country, 24));
    const char *iso = NULL;
    int rc = *country ? sx_lb_country_iso(&iso, country) : 0;
    if (rc != 0)
        return rc;
    if (*country && !iso)
        return sx_error_set(SX_EPARSE, "%s:%zu: country \"%s\" is no ISO 3166 alpha-2 code", src,
                            line, country);
    sx_date d;
    int year_only = strlen(dob) == 4 && dob[0] >= '0' && dob[0] <= '9' && dob[1] >= '0' &&
                    dob[1] <= '9' && dob[2] >= '0' && dob[2] <= '9' && dob[3] >= '0' &&
                    dob[3] <= '9';
    if (*dob && !year_only && sx_date_parse(&d, dob) != 0)
        return sx_error_set(SX_EPARSE, "%s:%zu: dob must be YYYY or YYYY-MM-DD, not \"%.*s\"", src,
                            line, SX_CUT(dob, 24));
    return 0;
}

/* A second row of a party may add names; what it says of the party must agree. */
static int merge_attribute(char **slot, const char *v, const char *what, const reg_party *p,
                           const char *src, size_t line)
{
    if (!*v)
        return 0;
    if (!*slot)
        return (*slot = sx_strdup(v)) ? 0 : SX_ENOMEM;
    if (strcmp(*slot, v) != 0)
        return sx_error_set(SX_EPARSE, "%s:%zu: party %.*s: %s \"%.*s\" differs from line %zu", src,
                            line, SX_CUT(p->id, 40), what, SX_CUT(v, 24), p->line);
    return 0;
}

static int add_name(reg_party *p, const char *name)
{
    for (size_t i = 0; i < json_array_size(p->names); i++)
        if (strcmp(json_string_value(json_array_get(p->names, i)), name) == 0)
            return 0;
    return json_array_append_new(p->names, json_string(name)) == 0 ? 0 : sx_error_oom();
}

static int party_for(reg_party **out, register_file *r, const char *id, size_t line)
{
    uintptr_t at = (uintptr_t)sx_strmap_get(&r->by_id, id);
    if (at) {
        *out = &r->parties[at - 1];
        return 0;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        reg_party *np = realloc(r->parties, cap * sizeof *np);
        if (!np)
            return sx_error_oom();
        r->parties = np;
        r->cap = cap;
    }
    reg_party *p = &r->parties[r->n];
    memset(p, 0, sizeof *p);
    p->id = sx_strdup(id);
    p->names = json_array();
    p->line = line;
    if (!p->id || !p->names) {
        free(p->id);
        json_decref(p->names);
        return sx_error_oom();
    }
    r->n++;
    int rc = sx_strmap_put(&r->by_id, p->id, (void *)(uintptr_t)r->n);
    *out = p;
    return rc;
}

static int read_row(register_file *r, const sx_csv *csv, const columns *c, const char *src)
{
    size_t line = csv->rec_line;
    const char *id = field(csv, c->id), *name = field(csv, c->name);
    const char *type = field(csv, c->type), *country = field(csv, c->country);
    const char *dob = field(csv, c->dob), *ids = field(csv, c->identifiers);
    if (!*id)
        return sx_error_set(SX_EPARSE, "%s:%zu: id is empty", src, line);
    if (!*name)
        return sx_error_set(SX_EPARSE, "%s:%zu: name is empty", src, line);
    int rc = check_text(id, WF_ID_MAX, "id", src, line);
    rc = rc ? rc : check_text(name, WF_NAME_MAX, "name", src, line);
    rc = rc ? rc : check_text(ids, WF_FIELD_MAX, "identifiers", src, line);
    rc = rc ? rc : check_attributes(type, country, dob, src, line);
    reg_party *p = NULL;
    rc = rc ? rc : party_for(&p, r, id, line);
    rc = rc ? rc : add_name(p, name);
    rc = rc ? rc : merge_attribute(&p->type, type, "type", p, src, line);
    rc = rc ? rc : merge_attribute(&p->country, country, "country", p, src, line);
    rc = rc ? rc : merge_attribute(&p->dob, dob, "dob", p, src, line);
    return rc ? rc : merge_attribute(&p->identifiers, ids, "identifiers", p, src, line);
}

static int read_register(register_file *r, const char *text, size_t len, const char *src)
{
    sx_csv csv;
    sx_csv_init(&csv, text, len, src);
    columns c;
    int rc = sx_csv_next(&csv);
    if (rc == 0)
        rc = sx_error_set(SX_EPARSE, "%s: empty file (expected a header id,name,...)", src);
    rc = rc < 0 ? rc : read_header(&c, &csv, src);
    while (!rc && (rc = sx_csv_next(&csv)) == 1) {
        r->rows++;
        rc = read_row(r, &csv, &c, src);
    }
    if (!rc && r->n == 0)
        rc = sx_error_set(SX_EPARSE, "%s: no parties", src);
    sx_csv_free(&csv);
    return rc;
}

int sx_wf_register_parse(size_t *nparties, const char *text, size_t len, const char *src)
{
    register_file reg;
    memset(&reg, 0, sizeof reg);
    int rc = read_register(&reg, text, len, src);
    *nparties = rc ? 0 : reg.n;
    register_free(&reg);
    return rc;
}

/* Whether some name of the party is compared as it is spelled: a party whose every name
 * carries a caveat (written in a script met only through its readings, or not read at
 * all) may be listed under a translated or coined Latin name no screening of it reaches.
 * caveats (may be NULL): when it is not reached, an array of its names' caveats, each
 * once, in the order of the names. */
static int party_reached(bool *reached, json_t **caveats, const reg_party *p)
{
    *reached = false;
    json_t *all = caveats ? json_array() : NULL;
    if (caveats && !all)
        return sx_error_oom();
    int rc = 0;
    for (size_t i = 0; i < json_array_size(p->names) && !*reached && !rc; i++) {
        char **texts = NULL;
        size_t n = 0;
        rc = sx_screen_caveats(&texts, &n, json_string_value(json_array_get(p->names, i)));
        for (size_t k = 0; !rc && all && k < n; k++) {
            bool seen = false;
            for (size_t m = 0; m < json_array_size(all) && !seen; m++)
                seen = strcmp(json_string_value(json_array_get(all, m)), texts[k]) == 0;
            if (!seen && json_array_append_new(all, json_string(texts[k])))
                rc = sx_error_oom();
        }
        sx_free(texts);
        *reached = !rc && n == 0;
    }
    if (caveats && !rc && !*reached)
        *caveats = all;
    else
        json_decref(all);
    return rc;
}

int sx_parties_unreached_json(char **out, const char *csv, size_t len, const char *source)
{
    if (!out || !csv)
        return sx_error_set(SX_EINVAL, "sx_parties_unreached_json: NULL argument");
    *out = NULL;
    register_file reg;
    memset(&reg, 0, sizeof reg);
    int rc = read_register(&reg, csv, len, source ? source : "register");
    json_t *ids = rc ? NULL : json_array();
    rc = rc ? rc : ids ? 0 : sx_error_oom();
    for (size_t i = 0; i < reg.n && rc == 0; i++) {
        bool reached = true;
        rc = party_reached(&reached, NULL, &reg.parties[i]);
        if (rc == 0 && !reached && json_array_append_new(ids, json_string(reg.parties[i].id)))
            rc = sx_error_oom();
    }
    rc = rc ? rc : sx_wf_dump(out, ids);
    json_decref(ids);
    register_free(&reg);
    return rc;
}

/* ---- screening the parties ---- */

/* The best hit of one party on one entity, across its names. */
typedef struct party_hit {
    size_t party;
    char *query; /* the party's name that scored best */
    sx_screen_hit hit;
} party_hit;

typedef struct hits {
    party_hit *v;
    size_t n, cap;
} hits;

static void hits_free(hits *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].query);
    free(h->v);
}

static int hits_add(hits *h, size_t party, const char *query, const sx_screen_hit *hit)
{
    for (size_t i = 0; i < h->n; i++) {
        party_hit *o = &h->v[i];
        if (o->party == party && strcmp(o->hit.list, hit->list) == 0 &&
            strcmp(o->hit.entity_id, hit->entity_id) == 0) {
            if (hit->score > o->hit.score) {
                char *q = sx_strdup(query);
                if (!q)
                    return SX_ENOMEM;
                free(o->query);
                o->query = q;
                o->hit = *hit;
            }
            return 0;
        }
    }
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        party_hit *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return sx_error_oom();
        h->v = v;
        h->cap = cap;
    }
    party_hit *o = &h->v[h->n];
    o->party = party;
    o->hit = *hit;
    o->query = sx_strdup(query);
    if (!o->query)
        return SX_ENOMEM;
    h->n++;
    return 0;
}

#define WF_MAX_IDENTIFIERS 16

void sx_wf_party_opts(sx_screen_opts *o, const sx_wf_party *p, const char **ids, char *buf,
                      size_t cap)
{
    size_t n = 0;
    if (p->identifiers && strlen(p->identifiers) < cap) {
        memcpy(buf, p->identifiers, strlen(p->identifiers) + 1);
        for (char *save = NULL, *t = strtok_r(buf, ";", &save); t && n < WF_MAX_IDENTIFIERS;
             t = strtok_r(NULL, ";", &save))
            if (*sx_trim(t))
                ids[n++] = sx_trim(t);
    }
    o->type = p->type;
    o->country = p->country;
    o->dob = p->dob;
    o->identifiers = n ? ids : NULL;
    o->nidentifiers = n;
}

static sx_wf_party view(const reg_party *p)
{
    return (sx_wf_party){p->id, p->names, p->type, p->country, p->dob, p->identifiers};
}

/* Every name of the party, with what else the register knows of it as evidence (a
 * matching date of birth or identifier raises a hit, a conflicting one lowers it). */
static int screen_party(hits *h, size_t i, const reg_party *p, const sx_screen_index *ix,
                        double threshold, const char *src)
{
    const char *ids[WF_MAX_IDENTIFIERS];
    char idbuf[WF_FIELD_MAX + 1];
    sx_wf_party who = view(p);
    for (size_t k = 0; k < json_array_size(p->names); k++) {
        const char *name = json_string_value(json_array_get(p->names, k));
        sx_screen_opts o = {.threshold = threshold, .limit = WF_HITS_PER_NAME};
        sx_wf_party_opts(&o, &who, ids, idbuf, sizeof idbuf);
        sx_screen_hit *v = NULL;
        size_t n = 0;
        int rc = sx_screen_query(&v, &n, ix, name, &o);
        if (rc)
            return sx_error_set(rc, "%s:%zu: party %.*s: %s", src, p->line, SX_CUT(p->id, 40),
                                sx_errmsg());
        for (size_t j = 0; !rc && j < n; j++)
            rc = hits_add(h, i, name, &v[j]);
        free(v);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- writing ---- */

static json_t *party_json(const reg_party *p)
{
    json_t *o = json_pack("{sssO}", "id", p->id, "names", p->names);
    if (!o)
        return NULL;
    const char *keys[] = {"type", "country", "dob", "identifiers"};
    const char *vals[] = {p->type, p->country, p->dob, p->identifiers};
    for (size_t k = 0; k < 4; k++)
        json_object_set_new(o, keys[k], vals[k] ? json_string(vals[k]) : json_null());
    return o;
}

typedef struct import_job {
    register_file *reg;
    hits *hits;
    const sx_screen_index *ix;
    const sx_party_import_opts *opts;
    const char *file_hash;
    sx_party_import_report *rep;
    json_t *added, *updated, *closed; /* party ids, and the rows that changed */
} import_job;

/* What the register says now of one party: its row as JSON text, or NULL. */
static int stored_party(sx_tx *tx, char **row, char **state, const char *id)
{
    const char *p[] = {id};
    *state = NULL;
    int rc = sx_wf_sql_string(tx, row,
                              "SELECT names || '|' || coalesce(type, '') || '|' ||"
                              " coalesce(country, '') || '|' || coalesce(dob, '') || '|' ||"
                              " coalesce(identifiers, '') FROM wf_party WHERE id = $1",
                              1, p);
    return rc ? rc : sx_wf_sql_string(tx, state, "SELECT state FROM wf_party WHERE id = $1", 1, p);
}

static int upsert_party(sx_tx *tx, const reg_party *p, const char *names, const char *now,
                        const char *record)
{
    const char *v[] = {p->id, names, p->type, p->country, p->dob, p->identifiers, now, record};
    return sx_tx_sql(tx,
                     "INSERT INTO wf_party(id, names, type, country, dob, identifiers, state,"
                     " updated, record) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)"
                     " ON CONFLICT (id) DO UPDATE SET names = excluded.names,"
                     " type = excluded.type, country = excluded.country, dob = excluded.dob,"
                     " identifiers = excluded.identifiers, state = 'open',"
                     " updated = excluded.updated, record = excluded.record",
                     8, v, NULL, NULL);
}

/* Sorts each party into added / updated / unchanged against the register. */
static int classify(sx_tx *tx, import_job *j, unsigned char *changed)
{
    for (size_t i = 0; i < j->reg->n; i++) {
        const reg_party *p = &j->reg->parties[i];
        char *names = NULL, *row = NULL, *state = NULL, *want = NULL;
        int rc = sx_wf_dump(&names, p->names);
        rc = rc ? rc : stored_party(tx, &row, &state, p->id);
        if (!rc && asprintf(&want, "%s|%s|%s|%s|%s", names, p->type ? p->type : "",
                            p->country ? p->country : "", p->dob ? p->dob : "",
                            p->identifiers ? p->identifiers : "") < 0)
            rc = sx_error_oom();
        if (!rc) {
            json_t *bucket = NULL;
            if (!row) {
                bucket = j->added;
                j->rep->added++;
            } else if (strcmp(row, want) != 0 || strcmp(state, "open") != 0) {
                bucket = j->updated;
                j->rep->updated++;
            } else {
                j->rep->unchanged++;
            }
            changed[i] = bucket != NULL;
            if (bucket && json_array_append_new(bucket, party_json(p)) != 0)
                rc = sx_error_oom();
        }
        free(names);
        free(row);
        free(state);
        free(want);
        if (rc)
            return rc;
    }
    return 0;
}

static int collect_string(int ncols, const char *const *cols, void *payload)
{
    return json_array_append_new(payload, json_string(cols[0])) == 0 ? 0 : sx_error_oom();
}

/* Parties in the register but not in the file: closed, never deleted. */
static int find_closed(sx_tx *tx, import_job *j)
{
    json_t *open = json_array();
    int rc = open ? sx_tx_sql(tx, "SELECT id FROM wf_party WHERE state = 'open' ORDER BY id", 0,
                              NULL, collect_string, open)
                  : sx_error_oom();
    for (size_t i = 0; !rc && i < json_array_size(open); i++) {
        const char *id = json_string_value(json_array_get(open, i));
        if (!sx_strmap_get(&j->reg->by_id, id)) {
            rc = json_array_append(j->closed, json_array_get(open, i)) == 0 ? 0 : sx_error_oom();
            j->rep->closed++;
        }
    }
    json_decref(open);
    return rc;
}

static int write_register(sx_tx *tx, import_job *j, const unsigned char *changed)
{
    json_t *req = json_pack("{sssssIsOsOsO}", "source", j->opts->source, "sha256", j->file_hash,
                            "rows", (json_int_t)j->reg->rows, "added", j->added, "updated",
                            j->updated, "closed", j->closed);
    if (req && j->opts->actor)
        json_object_set_new(req, "actor", json_string(j->opts->actor));
    json_t *resp = json_pack("{sIsIsIsI}", "parties", (json_int_t)j->reg->n, "added",
                             (json_int_t)j->rep->added, "updated", (json_int_t)j->rep->updated,
                             "closed", (json_int_t)j->rep->closed);
    char *request = NULL, *response = NULL, created[SX_AUDIT_CREATED_LEN];
    int rc = req && resp ? sx_wf_dump(&request, req) : sx_error_oom();
    rc = rc ? rc : sx_wf_dump(&response, resp);
    json_decref(req);
    json_decref(resp);
    sx_audit_entry e = {"parties", request, response, "{}"};
    rc = rc ? rc : sx_tx_append(tx, &j->rep->record, created, &e);
    free(request);
    free(response);
    char rec[32];
    snprintf(rec, sizeof rec, "%" PRId64, j->rep->record);
    for (size_t i = 0; !rc && i < j->reg->n; i++) {
        if (!changed[i])
            continue;
        char *names = NULL;
        rc = sx_wf_dump(&names, j->reg->parties[i].names);
        rc = rc ? rc : upsert_party(tx, &j->reg->parties[i], names, created, rec);
        free(names);
    }
    for (size_t i = 0; !rc && i < json_array_size(j->closed); i++) {
        const char *p[] = {created, rec, json_string_value(json_array_get(j->closed, i))};
        rc = sx_tx_sql(tx,
                       "UPDATE wf_party SET state = 'closed', updated = $1, record = $2"
                       " WHERE id = $3",
                       3, p, NULL, NULL);
    }
    return rc;
}

/* ---- hits to cases ---- */

int sx_wf_clearance_for(sx_tx *tx, char **hash, char **disposition, const char *party,
                        const char *list, const char *entity_id)
{
    const char *p[] = {party, list, entity_id};
    int rc = sx_wf_sql_string(tx, hash,
                              "SELECT entity_hash FROM wf_clearance WHERE party = $1 AND list = $2"
                              " AND entity_id = $3",
                              3, p);
    return rc ? rc
              : sx_wf_sql_string(tx, disposition,
                                 "SELECT disposition FROM wf_clearance WHERE party = $1 AND"
                                 " list = $2 AND entity_id = $3",
                                 3, p);
}

/* Whether a screening result (JSON) is the entity (list, id), or lists it among the
 * same entity's other listings (also_listed). */
static bool same_entity(const json_t *r, const char *list, const char *id)
{
    const json_t *o = r;
    for (size_t a = 0; o; o = json_array_get(json_object_get(r, "also_listed"), a++))
        if (sx_streq(json_string_value(json_object_get(o, "list")), list) &&
            sx_streq(json_string_value(json_object_get(o, "entity_id")), id))
            return true;
    return false;
}

/* The evidence a screening case holds: the query's names against the entity's record,
 * the score and its per-token explanation. */
static json_t *hit_evidence(const sx_screen_index *ix, const char *query, const sx_wf_party *p,
                            const sx_screen_hit *h)
{
    char *entity = NULL, *screened = NULL, idbuf[WF_FIELD_MAX + 1];
    const char *ids[WF_MAX_IDENTIFIERS];
    sx_screen_opts o = {.threshold = 0.0, .limit = 50};
    sx_wf_party_opts(&o, p, ids, idbuf, sizeof idbuf); /* the same evidence as the hit */
    json_t *ev = json_object();
    if (sx_screen_entity_json(&entity, ix, h->list, h->entity_id) == 0)
        json_object_set_new(ev, "entity", json_loads(entity, 0, NULL));
    json_object_set_new(ev, "query",
                        json_pack("{sOss?ss?ss?ss?}", "names", p->names, "type", p->type, "country",
                                  p->country, "dob", p->dob, "identifiers", p->identifiers));
    json_object_set_new(ev, "screened_name", json_string(query));
    json_object_set_new(ev, "matched_name", json_string(h->matched_name));
    json_object_set_new(ev, "score", json_real(h->score));
    json_t *expl = NULL;
    if (sx_screen_json(&screened, ix, query, &o) == 0) {
        json_t *res = json_loads(screened, 0, NULL);
        json_t *results = json_object_get(res, "results");
        for (size_t i = 0; i < json_array_size(results); i++) {
            json_t *r = json_array_get(results, i);
            if (same_entity(r, h->list, h->entity_id)) {
                expl = json_incref(json_object_get(r, "explanation"));
                break;
            }
        }
        json_decref(res);
    }
    json_object_set_new(ev, "explanation", expl ? expl : json_array());
    free(entity);
    free(screened);
    return ev;
}

/* Opens a case for one hit unless it is cleared for the entity's current record or a
 * case on it is still active; a clearance for an older record lapses. *opened: 1 when a
 * case was opened, 0 when already open, -1 when cleared. */
int sx_wf_open_hit(sx_tx *tx, int *opened, int64_t *case_id, const sx_screen_index *ix,
                   const sx_wf_party *party, const char *query, const sx_screen_hit *h,
                   const char *data_hash, const char *actor, double threshold, const char *cause)
{
    const char *party_id = party->id;
    *opened = 0;
    if (case_id)
        *case_id = 0;
    const char *hash = sx_screen_entity_hash(ix, h->list, h->entity_id);
    char *cleared = NULL, *disposition = NULL, state[16];
    int rc = sx_wf_clearance_for(tx, &cleared, &disposition, party_id, h->list, h->entity_id);
    json_t *lapsed = NULL;
    if (!rc && cleared && hash && strcmp(cleared, hash) == 0) {
        *opened = -1;
        goto done;
    }
    if (!rc && cleared) { /* the listing changed since it was cleared: the clearance lapses */
        lapsed = json_integer(strtoll(disposition, NULL, 10));
        const char *p[] = {party_id, h->list, h->entity_id};
        rc = sx_tx_sql(tx,
                       "DELETE FROM wf_clearance WHERE party = $1 AND list = $2 AND"
                       " entity_id = $3",
                       3, p, NULL, NULL);
    }
    rc = rc ? rc : sx_wf_case_for_hit(tx, state, party_id, h->list, h->entity_id);
    if (rc || (state[0] && strcmp(state, WF_CLOSED) != 0))
        goto done; /* a case on this hit is still being dealt with */
    json_t *inputs = json_pack("{sssOss?ss?ss?ss?}", "party", party_id, "names", party->names,
                               "type", party->type, "country", party->country, "dob", party->dob,
                               "identifiers", party->identifiers);
    json_t *request =
        json_pack("{sssssOsssssf}", "kind", "screen", "party", party_id, "inputs", inputs, "list",
                  h->list, "entity_id", h->entity_id, "threshold", threshold);
    if (request && cause)
        json_object_set_new(request, "cause", json_string(cause));
    if (request && lapsed)
        json_object_set(request, "lapsed_clearance", lapsed);
    if (request && actor)
        json_object_set_new(request, "actor", json_string(actor));
    json_t *answer = json_pack("{sssssssf}", "list", h->list, "entity_id", h->entity_id,
                               "matched_name", h->matched_name, "score", h->score);
    json_t *response = json_pack("{sosO}", "answer", answer, "evidence", json_null());
    if (response)
        json_object_set_new(response, "evidence", hit_evidence(ix, query, party, h));
    wf_new_case c = {.kind = "screen",
                     .party = party_id,
                     .list = h->list,
                     .entity_id = h->entity_id,
                     .subject_hash = hash,
                     .matched_name = h->matched_name,
                     .score = h->score,
                     .request = request,
                     .response = response,
                     .data_hash = data_hash,
                     .actor = actor};
    int64_t id = 0;
    rc = request && response ? sx_wf_case_open(tx, &id, &c) : sx_error_oom();
    if (!rc)
        *opened = lapsed ? 2 : 1;
    if (!rc && case_id)
        *case_id = id;
    json_decref(inputs);
    json_decref(request);
    json_decref(response);
done:
    json_decref(lapsed);
    free(cleared);
    free(disposition);
    return rc;
}

static int collect_party_id(int ncols, const char *const *cols, void *payload)
{
    (void)ncols;
    return !cols[0] || json_object_set_new(payload, cols[0], json_true()) == 0 ? 0 : sx_error_oom();
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The SHA-256 of a party's names in sorted order, one per line: the same names in another
 * order of the file's rows are the same names. */
static int names_hash(char out[SX_SHA256_HEX], const json_t *names)
{
    size_t n = json_array_size(names);
    const char **v = malloc((n ? n : 1) * sizeof *v);
    sx_sha256 *h = NULL;
    int rc = v ? sx_sha256_new(&h) : sx_error_oom();
    for (size_t i = 0; !rc && i < n; i++)
        v[i] = json_string_value(json_array_get(names, i));
    if (!rc)
        qsort(v, n, sizeof *v, cmp_text);
    for (size_t i = 0; !rc && i < n; i++)
        if ((rc = sx_sha256_update(h, v[i], strlen(v[i]))) == 0)
            rc = sx_sha256_update(h, "\n", 1);
    if (!rc)
        rc = sx_sha256_final_hex(h, out);
    else
        sx_sha256_free(h);
    free(v);
    return rc;
}

/* The newest case on a party no screening reaches for these names: its state and last
 * action, "" when there is none. */
typedef struct unreached_row {
    char state[16], last_action[16];
} unreached_row;

static int read_unreached_row(int ncols, const char *const *cols, void *payload)
{
    unreached_row *r = payload;
    snprintf(r->state, sizeof r->state, "%s", ncols > 0 && cols[0] ? cols[0] : "");
    snprintf(r->last_action, sizeof r->last_action, "%s", ncols > 1 && cols[1] ? cols[1] : "");
    return 0;
}

/* A name of the party is now compared as spelled (the officer added the name it uses in
 * Latin letters): its active unreached cases are closed by the system. */
static int close_reached(sx_tx *tx, const reg_party *p)
{
    const char *q[] = {p->id};
    return sx_wf_close_cases(tx, NULL,
                             "SELECT id FROM wf_case WHERE kind = 'unreached' AND party = $1"
                             " AND state <> 'closed' ORDER BY id",
                             1, q, "name-reached",
                             "a name of the party is now compared as it is spelled");
}

/* Opens a case for a party no screening by spelling reaches, so that the worklist holds
 * it until the officer adds the name it uses in Latin letters or decides it: unless a
 * case on the same names is still active, or was decided by an officer (a case the
 * system closed opens again when the names go back).  A party reached again has its
 * active ones closed (active: the ids of the parties that have one).  *opened: 1 when a
 * case was opened. */
static int unreached_case(sx_tx *tx, int *opened, const import_job *j, const reg_party *p,
                          const char *data_hash, const json_t *active)
{
    *opened = 0;
    bool reached = true;
    json_t *caveats = NULL;
    int rc = party_reached(&reached, &caveats, p);
    if (rc || reached)
        return rc || !json_object_get(active, p->id) ? rc : close_reached(tx, p);
    char subject[SX_SHA256_HEX];
    rc = names_hash(subject, p->names);
    unreached_row last = {{0}, {0}};
    const char *q[] = {p->id, subject};
    rc = rc ? rc
            : sx_tx_sql(tx,
                        "SELECT state, last_action FROM wf_case WHERE kind = 'unreached' AND"
                        " party = $1 AND subject_hash = $2 ORDER BY id DESC LIMIT 1",
                        2, q, read_unreached_row, &last);
    bool decided = strcmp(last.state, WF_CLOSED) == 0 && strcmp(last.last_action, "close") != 0;
    if (rc || (last.state[0] && (strcmp(last.state, WF_CLOSED) != 0 || decided))) {
        json_decref(caveats);
        return rc;
    }
    json_t *inputs = party_json(p);
    json_t *request = json_pack("{sssssOss}", "kind", "unreached", "party", p->id, "inputs", inputs,
                                "cause", "import");
    if (request && j->opts->actor)
        json_object_set_new(request, "actor", json_string(j->opts->actor));
    json_t *evidence = json_pack("{s{sOss?ss?}sO}", "query", "names", p->names, "type", p->type,
                                 "country", p->country, "caveats", caveats);
    json_t *response =
        json_pack("{s{sbsO}so}", "answer", "reached", 0, "caveats", caveats, "evidence", evidence);
    wf_new_case c = {.kind = "unreached",
                     .party = p->id,
                     .subject_hash = subject,
                     .score = -1.0,
                     .request = request,
                     .response = response,
                     .data_hash = data_hash,
                     .actor = j->opts->actor};
    int64_t id = 0;
    rc = request && response ? sx_wf_case_open(tx, &id, &c) : sx_error_oom();
    *opened = rc == 0;
    json_decref(inputs);
    json_decref(request);
    json_decref(response);
    json_decref(caveats);
    return rc;
}

static int import(sx_tx *tx, void *payload)
{
    import_job *j = payload;
    unsigned char *changed = calloc(j->reg->n, 1);
    if (!changed)
        return sx_error_oom();
    int rc = classify(tx, j, changed);
    rc = rc ? rc : find_closed(tx, j);
    rc = rc ? rc : write_register(tx, j, changed);
    free(changed);
    char *data_hash = NULL;
    rc = rc ? rc : sx_audit_data_hash(&data_hash, NULL, j->ix);
    for (size_t i = 0; !rc && i < j->hits->n; i++) {
        const party_hit *h = &j->hits->v[i];
        sx_wf_party who = view(&j->reg->parties[h->party]);
        int opened = 0;
        rc = sx_wf_open_hit(tx, &opened, NULL, j->ix, &who, h->query, &h->hit, data_hash,
                            j->opts->actor, j->opts->threshold, "import");
        if (opened == 2)
            j->rep->clearances_lapsed++;
        if (opened > 0)
            j->rep->cases_opened++;
        else if (opened < 0)
            j->rep->cleared++;
        else
            j->rep->already_open++;
    }
    /* The parties with an active unreached case (few): only they can be closed. */
    json_t *active = json_object();
    rc = rc       ? rc
         : active ? sx_tx_sql(tx,
                              "SELECT DISTINCT party FROM wf_case WHERE kind = 'unreached' AND"
                              " state <> 'closed'",
                              0, NULL, collect_party_id, active)
                  : sx_error_oom();
    for (size_t i = 0; !rc && i < j->reg->n; i++) {
        int opened = 0;
        rc = unreached_case(tx, &opened, j, &j->reg->parties[i], data_hash, active);
        j->rep->cases_opened += (size_t)opened;
    }
    json_decref(active);
    free(data_hash);
    return rc;
}

int sx_parties_import(sx_party_import_report *rep, sx_audit *a, const sx_screen_index *ix,
                      const char *csv, size_t len, const sx_party_import_opts *opts)
{
    memset(rep, 0, sizeof *rep);
    if (!a || !ix || !csv)
        return sx_error_set(SX_EINVAL, "parties import: store, index and file are required");
    sx_party_import_opts o = opts ? *opts : (sx_party_import_opts){0};
    if (!o.source)
        o.source = "parties.csv";
    if (o.threshold <= 0)
        o.threshold = sx_screen_default_threshold();
    register_file reg;
    memset(&reg, 0, sizeof reg);
    hits h = {0};
    char file_hash[SX_SHA256_HEX];
    int rc = read_register(&reg, csv, len, o.source);
    rc = rc ? rc : sx_sha256_hex(file_hash, csv, len);
    /* Screening takes the time; it runs before the transaction takes the store's lock. */
    for (size_t i = 0; !rc && i < reg.n; i++)
        rc = screen_party(&h, i, &reg.parties[i], ix, o.threshold, o.source);
    import_job j = {&reg, &h, ix, &o, file_hash, rep, json_array(), json_array(), json_array()};
    if (!rc && (!j.added || !j.updated || !j.closed))
        rc = sx_error_oom();
    if (!rc) {
        rep->rows = reg.rows;
        rep->parties = reg.n;
        rep->hits = h.n;
        rc = sx_audit_transact(a, 1, import, &j);
    }
    if (rc) { /* nothing was written: the report says so too */
        memset(rep, 0, sizeof *rep);
    }
    json_decref(j.added);
    json_decref(j.updated);
    json_decref(j.closed);
    hits_free(&h);
    register_free(&reg);
    return rc;
}

/* ---- reading the register ---- */

static int collect_party(int ncols, const char *const *c, void *payload)
{
    json_t *names = json_loads(c[1] ? c[1] : "[]", 0, NULL);
    json_t *o = json_pack("{sssososs?ss?ss?ss}", "id", c[0], "names", names ? names : json_array(),
                          "type", c[2] ? json_string(c[2]) : json_null(), "country", c[3], "dob",
                          c[4], "identifiers", c[5], "state", c[6]);
    return o && json_array_append_new(payload, o) == 0 ? 0 : sx_error_oom();
}

typedef struct page_job {
    size_t limit, offset;
    json_t *rows;
    char *total;
} page_job;

static int read_parties(sx_tx *tx, void *payload)
{
    page_job *j = payload;
    char lim[32], off[32];
    snprintf(lim, sizeof lim, "%zu", j->limit);
    snprintf(off, sizeof off, "%zu", j->offset);
    const char *p[] = {lim, off};
    int rc = sx_wf_sql_string(tx, &j->total, "SELECT count(*) FROM wf_party", 0, NULL);
    return rc ? rc
              : sx_tx_sql(tx,
                          "SELECT id, names, type, country, dob, identifiers, state FROM wf_party"
                          " ORDER BY id LIMIT CAST($1 AS BIGINT) OFFSET CAST($2 AS BIGINT)",
                          2, p, collect_party, j->rows);
}

int sx_parties_json(char **out, sx_audit *a, size_t limit, size_t offset)
{
    *out = NULL;
    if (limit > 1000)
        return sx_error_set(SX_EINVAL, "parties: limit is at most 1000");
    page_job j = {limit ? limit : 100, offset, json_array(), NULL};
    int rc = j.rows ? sx_audit_transact(a, 0, read_parties, &j) : sx_error_oom();
    json_t *o = rc ? NULL
                   : json_pack("{sOsIsIsI}", "parties", j.rows, "total",
                               (json_int_t)strtoll(j.total ? j.total : "0", NULL, 10), "limit",
                               (json_int_t)j.limit, "offset", (json_int_t)j.offset);
    rc = rc ? rc : o ? sx_wf_dump(out, o) : sx_error_oom();
    json_decref(o);
    json_decref(j.rows);
    free(j.total);
    return rc;
}

/* ---- the register as a list, for reverse screening ---- */

static int add_register_party(int ncols, const char *const *c, void *payload)
{
    sx_list *l = payload;
    size_t idx;
    int rc = sx_lb_entity(l, &idx, c[0], c[2] ? c[2] : "unknown");
    json_t *names = json_loads(c[1] ? c[1] : "[]", 0, NULL);
    for (size_t k = 0; !rc && k < json_array_size(names); k++)
        rc = sx_lb_add_name(l, idx, json_string_value(json_array_get(names, k)),
                            k ? SX_NAME_ALIAS : SX_NAME_PRIMARY);
    json_decref(names);
    if (!rc && c[3])
        rc = sx_lb_add_country(l, idx, c[3]);
    return rc;
}

/* An index over the open parties of the register: each party an entity, its names the
 * names; a list entity screened against it finds the parties it may be. */
static int build_register_index(sx_screen_index **out, sx_tx *tx, const char *key)
{
    *out = NULL;
    sx_list *l = calloc(1, sizeof *l);
    if (!l)
        return sx_error_oom();
    l->name = sx_strdup("register");
    l->format = sx_strdup("register");
    l->by_id = calloc(1, sizeof(sx_strmap));
    int rc = l->name && l->format && l->by_id ? 0 : sx_error_oom();
    rc = rc ? rc
            : sx_tx_sql(tx,
                        "SELECT id, names, type, country FROM wf_party WHERE state = 'open'"
                        " ORDER BY id",
                        0, NULL, add_register_party, l);
    /* The register changes with every import: its index is never recorded as data.  Its
     * "list hash" is the index file's key, or that of the word when there is no file (a
     * hash all the same, as an index file requires of every list). */
    if (!rc && key)
        snprintf(l->hash, sizeof l->hash, "%s", key);
    else if (!rc)
        rc = sx_sha256_hex(l->hash, "register", 8);
    if (l->by_id) {
        sx_strmap_free(l->by_id);
        free(l->by_id);
        l->by_id = NULL;
    }
    if (rc || l->count == 0) { /* an empty register: nothing to screen against */
        sx_list_free(l);
        return rc;
    }
    return sx_screen_index_build(out, &l, 1);
}

/* The key of the register's index file: the engine's (sx_ix_cache_key: file format,
 * engine, term tables, reading libraries) and the register's state -- the chain hash of
 * the record that last changed a party (unique to this store) and the number of open
 * parties.  Every import that changes a party writes that party's row with its record,
 * so a changed register has another key.  1 when there is no register. */
int sx_wf_register_key(char key[SX_AUDIT_HASH_HEX], sx_tx *tx, const char *data_dir)
{
    char *state = NULL, engine[SX_SHA256_HEX];
    int rc = sx_wf_sql_string(tx, &state,
                              "SELECT r.hash || ' ' || (SELECT COUNT(*) FROM wf_party"
                              " WHERE state = 'open') FROM audit_record r"
                              " WHERE r.id = (SELECT MAX(record) FROM wf_party)",
                              0, NULL);
    if (!rc && !state)
        rc = 1;
    rc = rc ? rc : sx_ix_cache_key(engine, data_dir, data_dir);
    char *text = NULL;
    if (!rc && asprintf(&text, "register index\n%s\n%s\n", engine, state) < 0)
        rc = sx_error_oom();
    rc = rc ? rc : sx_sha256_hex(key, text, strlen(text));
    free(text);
    free(state);
    return rc;
}

int sx_wf_register_index(sx_screen_index **out, char key[SX_AUDIT_HASH_HEX], sx_tx *tx,
                         const char *snapshots, const char *data_dir)
{
    *out = NULL;
    key[0] = '\0';
    char path[WF_PATH];
    bool cached = snapshots && sx_wf_pathf(path, "%s/register.sxi", snapshots) == 0 &&
                  sx_wf_register_key(key, tx, data_dir) == 0;
    if (!cached)
        key[0] = '\0';
    sx_error_clear(); /* the file is a cache: without one the index is built */
    if (cached && sx_ix_open(out, path, key) == 0)
        return 0;
    int rc = build_register_index(out, tx, cached ? key : NULL);
    if (rc == 0 && *out && cached && sx_wf_make_dirs(snapshots) == 0) {
        (void)sx_ix_save(*out, path, key, NULL); /* the register's: no data folder */
        sx_error_clear();
    }
    return rc;
}
