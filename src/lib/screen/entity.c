/* A hit's list entity as evidence: the whole record the list gives (names in their own
 * scripts, type, programmes, countries, identifiers, dates of birth, source) and a
 * content hash over a canonical serialisation, so a case can hold what was matched and
 * two versions of a list can be compared entity by entity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/entity.h"
#include "lib/screen/index.h"
#include "stratex/lists.h"
#include "stratex/screen.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/sha256.h"

static const char *kind_name(sx_name_kind k)
{
    return k == SX_NAME_PRIMARY ? "primary" : k == SX_NAME_ALIAS ? "alias" : "weak_alias";
}

static json_t *strings(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* Adds key -> s when s is set; a JSON null otherwise, so every record has the same keys. */
static int set_opt(json_t *o, const char *key, const char *s)
{
    return json_object_set_new(o, key, s ? json_string(s) : json_null());
}

json_t *sx_entity_to_json(const sx_entity *e)
{
    json_t *o = json_object(), *names = json_array(), *ids = json_array();
    int bad = !o || !names || !ids;
    for (size_t i = 0; !bad && i < e->nnames; i++) {
        json_t *n = json_pack("{s:s, s:s}", "name", e->names[i].text, "kind",
                              kind_name(e->names[i].kind));
        bad = !n || json_array_append_new(names, n) != 0;
    }
    for (size_t i = 0; !bad && i < e->nids; i++) {
        json_t *n = json_pack("{s:s, s:s}", "type", e->ids[i].type, "value", e->ids[i].value);
        bad = !n || json_array_append_new(ids, n) != 0;
    }
    if (!bad)
        bad = json_object_set_new(o, "list", json_string(e->list)) ||
              json_object_set_new(o, "id", json_string(e->id)) ||
              json_object_set_new(o, "type", json_string(e->type)) ||
              json_object_set(o, "names", names) ||
              json_object_set_new(o, "programs", strings(e->programs, e->nprograms)) ||
              json_object_set_new(o, "countries", strings(e->countries, e->ncountries)) ||
              json_object_set(o, "identifiers", ids) ||
              json_object_set_new(o, "dob", strings(e->dobs, e->ndobs)) ||
              set_opt(o, "source", e->source) || set_opt(o, "url", e->url) ||
              set_opt(o, "licence_requirement", e->licence_requirement) ||
              set_opt(o, "licence_policy", e->licence_policy) || set_opt(o, "notice", e->notice) ||
              set_opt(o, "issuer", e->issuer);
    json_decref(names);
    json_decref(ids);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One field of the canonical serialisation: its tag, then each value length-prefixed
 * (so no value can be mistaken for a separator), values sorted: the order a list
 * happens to print aliases or programmes in is not part of what it says. */
static int put_field(sx_sha256 *h, const char *tag, const char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_str);
    char head[64];
    int rc = sx_sha256_update(h, head, (size_t)snprintf(head, sizeof head, "%s %zu\n", tag, n));
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(v[i]);
        rc = sx_sha256_update(h, head, (size_t)snprintf(head, sizeof head, "%zu:", len));
        if (rc == 0)
            rc = sx_sha256_update(h, v[i], len);
    }
    return rc;
}

/* A field from the entity's own array, sorted in the scratch array v (the entity's
 * order is the list's, kept for display). */
static int put_copy(sx_sha256 *h, const char *tag, const char **v, const char *const *src,
                    size_t n)
{
    if (n)
        memcpy(v, src, n * sizeof *v);
    return put_field(h, tag, v, n);
}

/* The canonical serialisation, hashed: id, type, names (kind and text), programmes,
 * countries, identifiers (type and value), dates of birth, source, address and licensing,
 * each as a tagged field.  The list's name is left out: the hash is of the record. */
static int entity_hash(const sx_entity *e, char hex[SX_SHA256_HEX])
{
    size_t most = e->nnames > e->nids ? e->nnames : e->nids;
    most = most > e->nprograms ? most : e->nprograms;
    most = most > e->ncountries ? most : e->ncountries;
    most = most > e->ndobs ? most : e->ndobs;
    most = most > 8 ? most : 8;
    const char **v = calloc(most, sizeof *v);
    sx_arena tmp = SX_ARENA_INIT;
    sx_sha256 *h = NULL;
    int rc = v ? sx_sha256_new(&h) : sx_error_oom();
    const char *one[] = {e->id, e->type, e->source, e->url, e->licence_requirement,
                         e->licence_policy, e->notice, e->issuer};
    const char *tags[] = {"id", "type", "source", "url", "licence_requirement",
                          "licence_policy", "notice", "issuer"};
    for (size_t i = 0; i < 8 && rc == 0; i++) {
        v[0] = one[i];
        rc = put_field(h, tags[i], v, one[i] != NULL);
    }
    for (size_t i = 0; i < e->nnames && rc == 0; i++) {
        const char *k = kind_name(e->names[i].kind);
        size_t kl = strlen(k), nl = strlen(e->names[i].text);
        char *t = sx_arena_alloc(&tmp, kl + nl + 2);
        if (!t)
            rc = sx_error_oom();
        else {
            memcpy(t, k, kl);
            t[kl] = ':';
            memcpy(t + kl + 1, e->names[i].text, nl + 1);
            v[i] = t;
        }
    }
    if (rc == 0)
        rc = put_field(h, "names", v, e->nnames);
    if (rc == 0)
        rc = put_copy(h, "programs", v, e->programs, e->nprograms);
    if (rc == 0)
        rc = put_copy(h, "countries", v, e->countries, e->ncountries);
    for (size_t i = 0; i < e->nids && rc == 0; i++) {
        size_t tl = strlen(e->ids[i].type), vl = strlen(e->ids[i].value);
        char *t = sx_arena_alloc(&tmp, tl + vl + 2);
        if (!t)
            rc = sx_error_oom();
        else {
            memcpy(t, e->ids[i].type, tl);
            t[tl] = '\x1f'; /* a unit separator: never in a type */
            memcpy(t + tl + 1, e->ids[i].value, vl + 1);
            v[i] = t;
        }
    }
    if (rc == 0)
        rc = put_field(h, "identifiers", v, e->nids);
    if (rc == 0)
        rc = put_copy(h, "dob", v, e->dobs, e->ndobs);
    if (rc == 0) {
        rc = sx_sha256_final_hex(h, hex);
        h = NULL;
    }
    sx_sha256_free(h);
    sx_arena_free(&tmp);
    free(v);
    return rc;
}

int sx_list_hash_entities(sx_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        int rc = entity_hash(&l->entities[i], l->entities[i].content_hash);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int sx_list_entity_at(const sx_list *l, size_t i, const char **id, const char **content_hash)
{
    if (!l || i >= l->count)
        return sx_error_set(SX_EINVAL, "entity %zu is past the end of the list", i);
    if (id)
        *id = l->entities[i].id;
    if (content_hash)
        *content_hash = l->entities[i].content_hash;
    return 0;
}

int sx_list_entity_json(char **out, const sx_list *l, size_t i)
{
    *out = NULL;
    int rc = sx_list_entity_at(l, i, NULL, NULL);
    if (rc != 0)
        return rc;
    json_t *o = sx_entity_to_json(&l->entities[i]);
    if (!o || json_object_set_new(o, "content_hash",
                                  json_string(l->entities[i].content_hash)) != 0) {
        json_decref(o);
        return sx_error_oom();
    }
    *out = sx_json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? 0 : sx_error_oom();
}

/* Linear over the lists, then the list's entities: a case looks up a handful of hits,
 * and an id map would cost every index build (and every opened index file) memory. */
static const sx_list *find_list(const sx_screen_index *ix, const char *list)
{
    for (size_t i = 0; ix && list && i < ix->nlists; i++)
        if (strcmp(ix->lists[i]->name, list) == 0)
            return ix->lists[i];
    return NULL;
}

static int find_entity(size_t *out, const sx_list *l, const char *id)
{
    for (size_t i = 0; l && id && i < l->count; i++)
        if (strcmp(l->entities[i].id, id) == 0) {
            *out = i;
            return 0;
        }
    return SX_ENOTFOUND;
}

int sx_screen_entity_json(char **out, const sx_screen_index *ix, const char *list,
                          const char *entity_id)
{
    *out = NULL;
    const sx_list *l = find_list(ix, list);
    size_t i;
    if (!l || find_entity(&i, l, entity_id) != 0)
        return sx_error_set(SX_ENOTFOUND, "no entity \"%s\" on list \"%s\"",
                            entity_id ? entity_id : "", list ? list : "");
    return sx_list_entity_json(out, l, i);
}

const char *sx_screen_entity_hash(const sx_screen_index *ix, const char *list,
                                  const char *entity_id)
{
    const sx_list *l = find_list(ix, list);
    size_t i;
    return l && find_entity(&i, l, entity_id) == 0 ? l->entities[i].content_hash : NULL;
}

size_t sx_screen_index_list_count(const sx_screen_index *ix)
{
    return ix ? ix->nlists : 0;
}

const sx_list *sx_screen_index_list_at(const sx_screen_index *ix, size_t i)
{
    return ix && i < ix->nlists ? ix->lists[i] : NULL;
}
