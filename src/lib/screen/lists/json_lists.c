/* JSON list formats: csl-json (the compact trade.gov Consolidated Screening List export)
 * and meti-eul-json (METI's End User List as a JSON array). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/lists/loader.h"
#include "util/error.h"
#include "util/jsonmem.h"
#include "util/sha256.h"
#include "util/strutil.h"

static int parse_json(json_t **out, sx_list *l, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sx_lb_read(l, path, &data, &len);
    if (rc != 0)
        return rc;
    json_error_t err;
    sx_json_watch();
    *out = json_loadb(data, len, 0, &err);
    free(data);
    if (*out && sx_json_lost()) { /* parsed, but perhaps not what the file says */
        json_decref(*out);
        *out = NULL;
        return sx_error_oom();
    }
    if (!*out && sx_json_oom(&err))
        return sx_error_oom();
    if (!*out)
        return sx_error_set(SX_EPARSE, "%s:%d: %s", path, err.line, err.text);
    return 0;
}

static const char *jstr(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* A string from a lookup table by index (the compact CSL format stores repeated values
 * once under "tables"). */
static const char *table_value(const json_t *tables, const char *table, const json_t *index)
{
    if (!json_is_integer(index))
        return NULL;
    return json_string_value(json_array_get(json_object_get(tables, table),
                                            (size_t)json_integer_value(index)));
}

/* "Entity List (EL) - Bureau of Industry and Security" -> "EL". */
static void source_code(char *out, size_t size, const char *source)
{
    const char *open = source ? strchr(source, '(') : NULL;
    const char *close = open ? strchr(open, ')') : NULL;
    if (!open || !close || (size_t)(close - open - 1) >= size) {
        sx_strlcpy(out, source ? source : "", size);
        return;
    }
    memcpy(out, open + 1, (size_t)(close - open - 1));
    out[close - open - 1] = '\0';
}

/* Entries without an entity number (BIS lists) get an id derived from their source and
 * name, so it stays the same from one snapshot to the next. */
static int csl_id(char *out, size_t size, const char *code, const char *name, const char *num)
{
    if (num && *num) {
        snprintf(out, size, "%s", num);
        return 0;
    }
    char key[2048], hex[SX_SHA256_HEX];
    snprintf(key, sizeof key, "%s\n%s", code, name);
    int rc = sx_sha256_hex(hex, key, strlen(key));
    if (rc != 0)
        return rc;
    snprintf(out, size, "%s-%.12s", code, hex);
    return 0;
}

static int csl_entry(sx_list *l, const json_t *tables, const json_t *e, size_t i,
                     const char *path)
{
    const char *name = jstr(e, "n");
    if (!json_is_object(e) || !*name)
        return sx_error_set(SX_EPARSE, "%s: entries[%zu]: missing name \"n\"", path, i);
    char code[64], id[128];
    source_code(code, sizeof code, table_value(tables, "sources", json_object_get(e, "s")));
    int rc = csl_id(id, sizeof id, code, name, jstr(e, "e"));
    if (rc != 0)
        return rc;
    size_t idx;
    if ((rc = sx_lb_entity(l, &idx, id, jstr(e, "t"))) != 0 ||
        (rc = sx_lb_add_names(l, idx, name, SX_NAME_PRIMARY, SX_NAME_ALIAS)) != 0 ||
        (rc = sx_lb_add_program(l, idx, code)) != 0)
        return rc;
    if ((rc = sx_lb_set_licensing(l, idx, table_value(tables, "licenceRequirements", json_object_get(e, "lr")),
                                  table_value(tables, "licencePolicies", json_object_get(e, "lp")), jstr(e, "fr"))) != 0)
        return rc;
    if ((rc = sx_lb_set_source(l, idx, table_value(tables, "sources", json_object_get(e, "s")),
                               table_value(tables, "urls", json_object_get(e, "u")))) != 0)
        return rc;
    const char *prog = table_value(tables, "programmes", json_object_get(e, "pg"));
    if (prog && (rc = sx_lb_add_program(l, idx, prog)) != 0)
        return rc;
    size_t k;
    json_t *v;
    json_array_foreach(json_object_get(e, "a"), k, v)
    {
        if ((rc = sx_lb_add_names(l, idx, json_string_value(v), SX_NAME_ALIAS, SX_NAME_ALIAS)) != 0)
            return rc;
    }
    json_array_foreach(json_object_get(e, "c"), k, v)
    {
        if ((rc = sx_lb_add_country_named(l, idx, json_string_value(v))) != 0)
            return rc;
    }
    return 0;
}

int sx_load_csl_json(sx_list *l, const char *path)
{
    json_t *root = NULL;
    int rc = parse_json(&root, l, path);
    if (rc != 0)
        return rc;
    json_t *entries = json_object_get(root, "entries");
    json_t *tables = json_object_get(root, "tables");
    if (!json_is_array(entries) || !json_is_object(tables)) {
        rc = sx_error_set(SX_EPARSE, "%s: not the compact CSL format (no \"entries\" array "
                                     "and \"tables\" object)", path);
        goto done;
    }
    const char *gen = jstr(root, "sourceGeneratedAt");
    if (*gen && !(l->source_date = sx_strndup(gen, 10))) {
        rc = SX_ENOMEM;
        goto done;
    }
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        if ((rc = csl_entry(l, tables, e, i, path)) != 0)
            goto done;
    }
done:
    json_decref(root);
    return rc;
}

static const char *meti_name_from_address(const char *addr)
{
    static const char *const prefixes[] = {"People's Republic of China ", "Hong Kong ",
                                           "China "};
    for (size_t i = 0; addr && i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(addr, prefixes[i], n) == 0 && addr[n])
            return addr + n;
    }
    return NULL;
}

static int meti_entry(sx_list *l, const json_t *e, size_t i, const char *path)
{
    const char *id = jstr(e, "id"), *name = jstr(e, "entity_name");
    /* In the 2025-09 snapshot some Chinese entries lost their name into the address
     * ("People's Republic of China Dandong ... Co Ltd"); recover it from there. */
    if (!*name)
        name = meti_name_from_address(
            json_string_value(json_array_get(json_object_get(e, "addresses"), 0)));
    if (!name || !*name)
        name = json_string_value(json_array_get(json_object_get(e, "aliases"), 0));
    if (!json_is_object(e) || !*id || !name || !*name)
        return sx_error_set(SX_EPARSE, "%s: [%zu]: missing \"id\" or \"entity_name\"", path, i);
    size_t idx;
    int rc;
    if ((rc = sx_lb_entity(l, &idx, id, jstr(e, "entity_type"))) != 0 ||
        (rc = sx_lb_add_name(l, idx, name, SX_NAME_PRIMARY)) != 0 ||
        (rc = sx_lb_add_program(l, idx, jstr(e, "list_id"))) != 0)
        return rc;
    size_t k;
    json_t *v;
    json_array_foreach(json_object_get(e, "aliases"), k, v)
    {
        if ((rc = sx_lb_add_name(l, idx, json_string_value(v), SX_NAME_ALIAS)) != 0)
            return rc;
    }
    json_array_foreach(json_object_get(e, "addresses"), k, v)
    {
        if ((rc = sx_lb_add_country_named(l, idx, json_string_value(v))) != 0)
            return rc;
    }
    return 0;
}

int sx_load_meti_eul_json(sx_list *l, const char *path)
{
    json_t *root = NULL;
    int rc = parse_json(&root, l, path);
    if (rc != 0)
        return rc;
    if (!json_is_array(root)) {
        rc = sx_error_set(SX_EPARSE, "%s:1: expected a JSON array of entities", path);
        goto done;
    }
    size_t i;
    json_t *e;
    json_array_foreach(root, i, e)
    {
        if ((rc = meti_entry(l, e, i, path)) != 0)
            goto done;
    }
done:
    json_decref(root);
    return rc;
}
