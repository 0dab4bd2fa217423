/* Loading data/regimes/: YAML files -> the validated model of model.h.
 *
 * Each file is parsed whole with libyaml's document API, so every node keeps its line for
 * "file:line: message" errors.  Everything goes into one arena owned by the new set; on
 * any error the arena is dropped and the caller gets nothing, so a bad file never
 * half-loads.  Unknown keys are errors too: a misspelt "form:" must not silently turn a
 * dated clause into one that is always in force. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "lib/regime/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/sha256.h"
#include "util/strutil.h"

#define MAX_FILE_BYTES (64u << 20)

typedef struct loader {
    sx_regimes *r;
    sx_arena *a;
    const char *path; /* arena copy, referenced by every clause of the file */
    yaml_document_t doc;
    bool have_doc;
    sx_jurisdiction *j;
    sx_strmap ids;     /* every clause id of the set: duplicates are errors */
    sx_strmap sources; /* source id -> sx_source*, per jurisdiction */
    sx_sha256 *hash;
} loader;

/* ---- errors and YAML nodes ---------------------------------------------------------- */

static int line_of(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }

__attribute__((format(printf, 3, 4))) static int fail(loader *ld, const yaml_node_t *n,
                                                      const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sx_error_set(SX_EDATA, "%s:%d: %s", ld->path, line_of(n), msg);
}

static yaml_node_t *node(loader *ld, int index) { return yaml_document_get_node(&ld->doc, index); }

static yaml_node_t *map_get(loader *ld, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(ld, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return node(ld, p->value);
    }
    return NULL;
}

/* No key twice: YAML leaves a repeated key to the application, and map_get would read the
 * first and silently drop the second ("to: 2019-08-28" written twice, the later one meant). */
static int check_unique(loader *ld, const yaml_node_t *map)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(ld, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            continue; /* refused by the caller */
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *earlier = node(ld, q->key);
            if (earlier && earlier->type == YAML_SCALAR_NODE &&
                strcmp((char *)earlier->data.scalar.value, (char *)k->data.scalar.value) == 0)
                return fail(ld, k, "key \"%s\" is given twice (first on line %d)",
                            (char *)k->data.scalar.value, line_of(earlier));
        }
    }
    return 0;
}

/* Every key of map must be in allowed (NULL-terminated), and none may repeat. */
static int check_keys(loader *ld, const yaml_node_t *map, const char *const *allowed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(ld, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return fail(ld, k, "a key must be a plain word");
        const char *key = (const char *)k->data.scalar.value;
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, key) == 0;
        if (!ok)
            return fail(ld, k, "unknown key \"%s\"", key);
    }
    return check_unique(ld, map);
}

static int want_map(loader *ld, const yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail(ld, n, "%s must be a mapping", what);
    return 0;
}

static bool is_null(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return !*v || strcmp(v, "null") == 0 || strcmp(v, "~") == 0;
}

/* A scalar, copied into the arena; absent or null gives NULL unless required. */
static int scalar(loader *ld, const yaml_node_t *map, const char *key, bool required,
                  const char **out)
{
    yaml_node_t *n = map_get(ld, map, key);
    *out = NULL;
    if (!n || is_null(n)) {
        if (required)
            return fail(ld, map, "missing \"%s\"", key);
        return 0;
    }
    if (n->type != YAML_SCALAR_NODE)
        return fail(ld, n, "\"%s\" must be a single value", key);
    *out = sx_arena_strdup(ld->a, (const char *)n->data.scalar.value);
    return *out ? 0 : SX_ENOMEM;
}

/* A list of scalars; a single scalar is a list of one. */
static int strlist(loader *ld, const yaml_node_t *map, const char *key, sx_strlist *out)
{
    yaml_node_t *n = map_get(ld, map, key);
    out->v = NULL;
    out->n = 0;
    if (!n || is_null(n))
        return 0;
    if (n->type == YAML_SCALAR_NODE) {
        out->v = sx_arena_alloc(ld->a, sizeof *out->v);
        if (!out->v || !(out->v[0] = sx_arena_strdup(ld->a, (char *)n->data.scalar.value)))
            return SX_ENOMEM;
        out->n = 1;
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(ld, n, "\"%s\" must be a list", key);
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    out->v = sx_arena_calloc(ld->a, count ? count : 1, sizeof *out->v);
    if (!out->v)
        return SX_ENOMEM;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = node(ld, *it);
        if (!e || e->type != YAML_SCALAR_NODE)
            return fail(ld, e, "\"%s\" must be a list of single values", key);
        if (!(out->v[out->n++] = sx_arena_strdup(ld->a, (char *)e->data.scalar.value)))
            return SX_ENOMEM;
    }
    return 0;
}

static int date_of(loader *ld, const yaml_node_t *map, const char *key, sx_date dflt, sx_date *out)
{
    yaml_node_t *n = map_get(ld, map, key);
    *out = dflt;
    if (!n || is_null(n))
        return 0;
    if (n->type != YAML_SCALAR_NODE || sx_date_parse(out, (char *)n->data.scalar.value) != 0)
        return fail(ld, n, "bad date for \"%s\": expected YYYY-MM-DD", key);
    return 0;
}

static int int_or_null(loader *ld, const yaml_node_t *map, const char *key, int dflt, int *out)
{
    yaml_node_t *n = map_get(ld, map, key);
    *out = dflt;
    if (!n)
        return 0;
    if (is_null(n)) {
        *out = -1;
        return 0;
    }
    long v;
    if (n->type != YAML_SCALAR_NODE || sx_parse_long(&v, (char *)n->data.scalar.value) != 0 ||
        v < 0 || v > 3650)
        return fail(ld, n, "\"%s\" must be a number of days (0-3650) or null", key);
    *out = (int)v;
    return 0;
}

static int boolean(loader *ld, const yaml_node_t *map, const char *key, int dflt, int *out)
{
    yaml_node_t *n = map_get(ld, map, key);
    *out = dflt;
    if (!n)
        return 0;
    const char *v = n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : "";
    if (strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "false") == 0)
        *out = 0;
    else
        return fail(ld, n, "\"%s\" must be true or false", key);
    return 0;
}

static size_t seq_len(const yaml_node_t *n)
{
    return n && n->type == YAML_SEQUENCE_NODE
               ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
               : 0;
}

/* The top-level list under key (e.g. "groups:"), required. */
static int top_list(loader *ld, const char *key, yaml_node_t **out)
{
    yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
    if (!root || root->type != YAML_MAPPING_NODE)
        return fail(ld, root, "expected a mapping with \"%s:\"", key);
    const char *allowed[] = {key, NULL};
    int rc = check_keys(ld, root, allowed);
    if (rc)
        return rc;
    *out = map_get(ld, root, key);
    if (!*out || (*out)->type != YAML_SEQUENCE_NODE)
        return fail(ld, root, "\"%s\" must be a list", key);
    return 0;
}

/* ---- files ------------------------------------------------------------------------------ */

static void close_file(loader *ld)
{
    if (ld->have_doc)
        yaml_document_delete(&ld->doc);
    ld->have_doc = false;
}

/* Keeps the file's bytes for snapshots (sx_regimes_snapshot_save), under its path
 * relative to regimes/. */
static int keep_file(loader *ld, const char *dir, const char *name, const char *text, size_t len)
{
    const char *slash = strrchr(dir, '/');
    const char *folder = slash ? slash + 1 : dir;
    char rel[512];
    if (strcmp(folder, "regimes") == 0)
        snprintf(rel, sizeof rel, "%s", name);
    else
        snprintf(rel, sizeof rel, "%s/%s", folder, name);
    sx_regime_file *f = sx_arena_alloc(ld->a, sizeof *f);
    char *copy = sx_arena_alloc(ld->a, len + 1);
    if (!f || !copy || !(f->path = sx_arena_strdup(ld->a, rel)))
        return SX_ENOMEM;
    memcpy(copy, text, len);
    f->data = copy;
    f->len = len;
    if (!ld->r->files_tail)
        ld->r->files_tail = &ld->r->files;
    *ld->r->files_tail = f;
    ld->r->files_tail = &f->next;
    return 0;
}

/* Parses path into ld->doc.  Returns 0, 1 when an optional file is absent, or an error. */
static int open_file(loader *ld, const char *dir, const char *name, bool optional)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    close_file(ld);
    if (!(ld->path = sx_arena_strdup(ld->a, path)))
        return SX_ENOMEM;
    if (optional && access(path, F_OK) != 0)
        return 1;
    char *text;
    size_t len;
    int rc = sx_file_read(&text, &len, path, MAX_FILE_BYTES);
    if (rc)
        return rc;
    rc = keep_file(ld, dir, name, text, len);
    if (!rc)
        rc = sx_sha256_update(ld->hash, name, strlen(name) + 1);
    if (!rc)
        rc = sx_sha256_update(ld->hash, text, len);
    yaml_parser_t parser;
    if (!rc && !yaml_parser_initialize(&parser))
        rc = sx_error_oom();
    if (rc) {
        free(text);
        return rc;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &ld->doc)) {
        /* Not the file's fault: say so.  libyaml leaves error unset when some of its
         * allocations fail (the default tag of a scalar), and sets it for every syntax
         * error. */
        if (parser.error == YAML_MEMORY_ERROR || parser.error == YAML_NO_ERROR)
            rc = sx_error_oom();
        else
            rc =
                sx_error_set(SX_EDATA, "%s:%zu: YAML error: %s", path, parser.problem_mark.line + 1,
                             parser.problem ? parser.problem : "malformed");
    } else {
        ld->have_doc = true;
        if (!yaml_document_get_root_node(&ld->doc))
            rc = sx_error_set(SX_EDATA, "%s:1: the file is empty", path);
    }
    yaml_parser_delete(&parser);
    free(text);
    return rc;
}

/* ---- clauses ------------------------------------------------------------------------------ */

static int parse_cite(loader *ld, const yaml_node_t *map, const sx_source *dflt,
                      const sx_source **out)
{
    yaml_node_t *n = map_get(ld, map, "cite");
    *out = dflt;
    if (!n)
        return dflt ? 0 : fail(ld, map, "missing \"cite\"");
    if (n->type == YAML_SCALAR_NODE) {
        *out = sx_strmap_get(&ld->sources, (const char *)n->data.scalar.value);
        if (!*out)
            return fail(ld, n, "cite \"%s\" names no entry of sources.yaml",
                        (const char *)n->data.scalar.value);
        return 0;
    }
    int rc = want_map(ld, n, "cite");
    const char *allowed[] = {"title", "article", "url", NULL};
    if (!rc)
        rc = check_keys(ld, n, allowed);
    sx_source *s = rc ? NULL : sx_arena_alloc(ld->a, sizeof *s);
    if (!rc && !s)
        rc = SX_ENOMEM;
    if (!rc)
        rc = scalar(ld, n, "title", true, &s->title);
    if (!rc)
        rc = scalar(ld, n, "article", false, &s->article);
    if (!rc)
        rc = scalar(ld, n, "url", false, &s->url);
    *out = s;
    return rc;
}

static int parse_status(loader *ld, const yaml_node_t *map, sx_status dflt, bool required,
                        sx_status *out)
{
    const char *v;
    int rc = scalar(ld, map, "status", required, &v);
    *out = dflt;
    if (rc || !v)
        return rc;
    if (strcmp(v, "verified") == 0)
        *out = SX_VERIFIED;
    else if (strcmp(v, "partial") == 0)
        *out = SX_PARTIAL;
    else if (strcmp(v, "unverified") == 0)
        *out = SX_UNVERIFIED;
    else
        return fail(ld, map_get(ld, map, "status"),
                    "status must be verified, partial or unverified, not \"%s\"", v);
    return 0;
}

static int register_id(loader *ld, const yaml_node_t *at, const char *id)
{
    const sx_clause *seen = sx_strmap_get(&ld->ids, id);
    if (seen)
        return fail(ld, at, "clause id \"%s\" is already used at %s:%d", id, seen->file, seen->line);
    return 0;
}

/* The clause keys of map.  inherit (may be NULL) supplies cite and status for membership
 * rows; id_required is false only for those rows, which then carry their group's id. */
static int parse_clause(loader *ld, const yaml_node_t *map, const sx_clause *inherit,
                        sx_clause *c)
{
    memset(c, 0, sizeof *c);
    c->file = ld->path;
    c->line = line_of(map);
    int rc = scalar(ld, map, "id", inherit == NULL, &c->id);
    bool own_id = !rc && c->id;
    if (!rc && !c->id)
        c->id = inherit->id;
    else if (!rc)
        rc = register_id(ld, map, c->id);
    if (!rc)
        rc = parse_cite(ld, map, inherit ? inherit->cite : NULL, &c->cite);
    if (!rc)
        rc = parse_status(ld, map, inherit ? inherit->status : SX_UNVERIFIED, inherit == NULL,
                          &c->status);
    if (!rc)
        rc = scalar(ld, map, "note", false, &c->note);
    if (!rc)
        rc = date_of(ld, map, "from", SX_DATE_MIN, &c->from);
    if (!rc)
        rc = date_of(ld, map, "to", SX_DATE_MAX, &c->to);
    if (!rc && c->from >= c->to)
        rc = fail(ld, map, "\"from\" must be before \"to\" (intervals are [from, to))");
    if (!rc && c->from != SX_DATE_MIN && ld->j && c->from < ld->j->data_begins)
        rc = fail(ld, map, "\"from\" is before data_begins of %s", ld->j->code);
    if (!rc && own_id)
        rc = sx_strmap_put(&ld->ids, c->id, c);
    return rc;
}

/* ---- countries.yaml ------------------------------------------------------------------------ */

static bool is_country_code(const char *s)
{
    return s && strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int load_countries(loader *ld, const char *dir)
{
    int rc = open_file(ld, dir, "countries.yaml", false);
    yaml_node_t *list = NULL;
    if (!rc)
        rc = top_list(ld, "countries", &list);
    for (yaml_node_item_t *it = rc ? NULL : list->data.sequence.items.start;
         !rc && it < list->data.sequence.items.top; it++) {
        yaml_node_t *row = node(ld, *it);
        const char *code, *name;
        const char *allowed[] = {"code", "name", NULL};
        rc = want_map(ld, row, "a country");
        if (!rc)
            rc = check_keys(ld, row, allowed);
        if (!rc)
            rc = scalar(ld, row, "code", true, &code);
        if (!rc)
            rc = scalar(ld, row, "name", true, &name);
        if (!rc && !is_country_code(code))
            rc = fail(ld, row, "\"%s\" is not an ISO 3166-1 alpha-2 code", code);
        if (!rc && sx_strmap_get(&ld->r->countries, code))
            rc = fail(ld, row, "country %s is listed twice", code);
        if (!rc)
            rc = sx_strmap_put(&ld->r->countries, code, (void *)name);
    }
    return rc;
}

static int check_country(loader *ld, const yaml_node_t *at, const char *code)
{
    if (!sx_strmap_get(&ld->r->countries, code))
        return fail(ld, at, "unknown country \"%s\" (not in countries.yaml)", code);
    return 0;
}

/* ---- regime.yaml and sources.yaml ----------------------------------------------------------- */

static int load_header(loader *ld, const char *dir)
{
    sx_jurisdiction *j = ld->j;
    int rc = open_file(ld, dir, "regime.yaml", false);
    yaml_node_t *root = rc ? NULL : yaml_document_get_root_node(&ld->doc);
    const char *allowed[] = {"jurisdiction", "name", "authority", "data_begins", "as_of", "method", NULL};
    const char *method = NULL;
    if (!rc)
        rc = want_map(ld, root, "regime.yaml");
    if (!rc)
        rc = check_keys(ld, root, allowed);
    if (!rc)
        rc = scalar(ld, root, "jurisdiction", true, &j->code);
    if (!rc)
        rc = scalar(ld, root, "name", true, &j->name);
    if (!rc)
        rc = scalar(ld, root, "authority", false, &j->authority);
    if (!rc)
        rc = date_of(ld, root, "data_begins", SX_DATE_MIN, &j->data_begins);
    if (!rc && j->data_begins == SX_DATE_MIN)
        rc = fail(ld, root, "missing \"data_begins\"");
    if (!rc)
        rc = date_of(ld, root, "as_of", SX_DATE_MAX, &j->as_of);
    if (!rc)
        rc = scalar(ld, root, "method", true, &method);
    if (!rc && strcmp(method, "rules") == 0)
        j->method = SX_METHOD_RULES;
    else if (!rc && strcmp(method, "country_chart") == 0)
        j->method = SX_METHOD_COUNTRY_CHART;
    else if (!rc)
        rc = fail(ld, root, "method must be rules or country_chart, not \"%s\"", method);
    if (!rc && !is_country_code(j->code))
        rc = fail(ld, root, "jurisdiction must be a two-letter code");
    return rc;
}

static int load_sources(loader *ld, const char *dir)
{
    int rc = open_file(ld, dir, "sources.yaml", false);
    yaml_node_t *list = NULL;
    if (!rc)
        rc = top_list(ld, "sources", &list);
    if (!rc && !(ld->j->sources = sx_arena_calloc(ld->a, seq_len(list) + 1, sizeof(sx_source))))
        rc = SX_ENOMEM;
    for (yaml_node_item_t *it = rc ? NULL : list->data.sequence.items.start;
         !rc && it < list->data.sequence.items.top; it++) {
        yaml_node_t *row = node(ld, *it);
        sx_source *s = &ld->j->sources[ld->j->nsources];
        const char *allowed[] = {"id", "title", "article", "url", NULL};
        rc = want_map(ld, row, "a source");
        if (!rc)
            rc = check_keys(ld, row, allowed);
        if (!rc)
            rc = scalar(ld, row, "id", true, &s->id);
        if (!rc)
            rc = scalar(ld, row, "title", true, &s->title);
        if (!rc)
            rc = scalar(ld, row, "article", false, &s->article);
        if (!rc)
            rc = scalar(ld, row, "url", false, &s->url);
        if (!rc && sx_strmap_get(&ld->sources, s->id))
            rc = fail(ld, row, "source \"%s\" is defined twice", s->id);
        if (!rc)
            rc = sx_strmap_put(&ld->sources, s->id, s);
        ld->j->nsources++;
    }
    return rc;
}

/* ---- groups.yaml ------------------------------------------------------------------------------- */

static int add_membership(loader *ld, sx_group *g, const yaml_node_t *row, const char *country,
                          const sx_clause *c)
{
    int rc = check_country(ld, row, country);
    for (size_t i = 0; !rc && i < g->nmembers; i++) {
        const sx_membership *m = &g->members[i];
        if (strcmp(m->country, country) == 0 && m->clause.from < c->to && c->from < m->clause.to)
            rc = fail(ld, row, "%s is in group %s twice over an overlapping interval (see line %d)",
                      country, g->label, m->clause.line);
    }
    if (!rc) {
        g->members[g->nmembers].country = country;
        g->members[g->nmembers].clause = *c;
        g->nmembers++;
    }
    return rc;
}

static int parse_member(loader *ld, sx_group *g, const yaml_node_t *row)
{
    const char *allowed[] = {"country", "countries", "id", "cite", "status", "note", "from", "to", NULL};
    const char *country;
    sx_strlist many;
    sx_clause c;
    int rc = want_map(ld, row, "a member");
    if (!rc)
        rc = check_keys(ld, row, allowed);
    if (!rc)
        rc = parse_clause(ld, row, &g->clause, &c);
    if (!rc)
        rc = scalar(ld, row, "country", false, &country);
    if (!rc)
        rc = strlist(ld, row, "countries", &many);
    if (!rc && !country == !many.n)
        rc = fail(ld, row, "a member needs either \"country\" or \"countries\"");
    if (!rc && country)
        rc = add_membership(ld, g, row, country, &c);
    for (size_t i = 0; !rc && i < many.n; i++)
        rc = add_membership(ld, g, row, many.v[i], &c);
    return rc;
}

static size_t count_members(loader *ld, const yaml_node_t *members)
{
    size_t n = 0;
    for (yaml_node_item_t *it = members->data.sequence.items.start; it < members->data.sequence.items.top; it++) {
        yaml_node_t *many = map_get(ld, node(ld, *it), "countries");
        n += many && many->type == YAML_SEQUENCE_NODE ? seq_len(many) : 1;
    }
    return n;
}

static int parse_group(loader *ld, sx_group *g, const yaml_node_t *row)
{
    const char *allowed[] = {"group", "id", "name", "cite", "status", "note", "from", "to",
                             "default", "exclude", "kind", "members", NULL};
    const char *kind = NULL;
    int dflt = 0;
    int rc = want_map(ld, row, "a group");
    if (!rc)
        rc = check_keys(ld, row, allowed);
    if (!rc)
        rc = scalar(ld, row, "group", true, &g->label);
    if (!rc)
        rc = scalar(ld, row, "name", true, &g->name);
    if (!rc)
        rc = parse_clause(ld, row, NULL, &g->clause);
    if (!rc)
        rc = boolean(ld, row, "default", 0, &dflt);
    if (!rc)
        rc = strlist(ld, row, "exclude", &g->exclude);
    if (!rc)
        rc = scalar(ld, row, "kind", false, &kind);
    if (!rc && kind && strcmp(kind, "chart_column") != 0)
        rc = fail(ld, row, "kind must be chart_column, not \"%s\"", kind);
    g->is_default = dflt;
    g->is_chart_column = kind != NULL;
    yaml_node_t *members = rc ? NULL : map_get(ld, row, "members");
    if (!rc && dflt && members)
        rc = fail(ld, members, "a default group has no member list");
    if (!rc && !dflt && (!members || members->type != YAML_SEQUENCE_NODE))
        rc = fail(ld, row, "group %s needs a \"members\" list", g->label);
    if (!rc && members) {
        g->members = sx_arena_calloc(ld->a, count_members(ld, members) + 1, sizeof *g->members);
        if (!g->members)
            rc = SX_ENOMEM;
        for (yaml_node_item_t *it = rc ? NULL : members->data.sequence.items.start;
             !rc && it < members->data.sequence.items.top; it++)
            rc = parse_member(ld, g, node(ld, *it));
    }
    return rc;
}

/* A default group is the complement of the groups it excludes: membership in it is only
 * as sure as the lists it is the complement of, so it takes their weakest status. */
static void complement_status(const sx_jurisdiction *j, sx_group *g)
{
    sx_status weakest = g->clause.status;
    for (size_t i = 0; i < j->ngroups; i++) {
        const sx_group *o = &j->groups[i];
        if (o == g || o->is_default || o->is_chart_column ||
            (g->exclude.n && !sx_strlist_has(&g->exclude, o->label)))
            continue;
        if (o->clause.status > weakest)
            weakest = o->clause.status;
        for (size_t m = 0; m < o->nmembers; m++)
            if (o->members[m].clause.status > weakest)
                weakest = o->members[m].clause.status;
    }
    if (weakest != g->clause.status) {
        g->clause.status = weakest;
        if (!g->clause.note)
            g->clause.note = "The complement of the other groups: as certain as the least certain membership it excludes.";
    }
}

static int load_groups(loader *ld, const char *dir)
{
    sx_jurisdiction *j = ld->j;
    int rc = open_file(ld, dir, "groups.yaml", false);
    yaml_node_t *list = NULL;
    if (!rc)
        rc = top_list(ld, "groups", &list);
    if (!rc && !(j->groups = sx_arena_calloc(ld->a, seq_len(list) + 1, sizeof(sx_group))))
        rc = SX_ENOMEM;
    for (yaml_node_item_t *it = rc ? NULL : list->data.sequence.items.start;
         !rc && it < list->data.sequence.items.top; it++) {
        sx_group *g = &j->groups[j->ngroups];
        rc = parse_group(ld, g, node(ld, *it));
        if (!rc && sx_group_find(j, g->label))
            rc = fail(ld, node(ld, *it), "group %s is defined twice", g->label);
        j->ngroups++;
    }
    /* exclude names groups defined anywhere in the file, so check after reading all. */
    for (size_t i = 0; !rc && i < j->ngroups; i++)
        for (size_t k = 0; !rc && k < j->groups[i].exclude.n; k++)
            if (!sx_group_find(j, j->groups[i].exclude.v[k]))
                rc = sx_error_set(SX_EDATA, "%s:%d: exclude names no group \"%s\"",
                                  j->groups[i].clause.file, j->groups[i].clause.line,
                                  j->groups[i].exclude.v[k]);
    for (size_t i = 0; !rc && i < j->ngroups; i++)
        if (j->groups[i].is_default)
            complement_status(j, &j->groups[i]);
    return rc;
}

/* ---- items.yaml / items-native.yaml / items-derived.yaml ---------------------------------- */

static int parse_exceptions(loader *ld, sx_item *item, const yaml_node_t *row)
{
    yaml_node_t *m = map_get(ld, row, "exceptions");
    if (!m)
        return 0;
    int rc = want_map(ld, m, "exceptions");
    if (!rc)
        rc = check_unique(ld, m);
    size_t n = rc ? 0 : (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
    if (!rc && !(item->exceptions = sx_arena_calloc(ld->a, n + 1, sizeof(sx_kv))))
        rc = SX_ENOMEM;
    for (yaml_node_pair_t *p = rc ? NULL : m->data.mapping.pairs.start;
         !rc && p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(ld, p->key), *v = node(ld, p->value);
        if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
            return fail(ld, k, "an exception flag is a symbol and a value");
        sx_kv *kv = &item->exceptions[item->nexceptions++];
        kv->key = sx_arena_strdup(ld->a, (char *)k->data.scalar.value);
        kv->value = sx_arena_strdup(ld->a, (char *)v->data.scalar.value);
        if (!kv->key || !kv->value)
            rc = SX_ENOMEM;
    }
    return rc;
}

static int check_country(loader *ld, const yaml_node_t *at, const char *code);
static int resolve_groups(loader *ld, const yaml_node_t *at, const sx_strlist *l, const sx_group ***out);

/* applies_to / outside / condition: at most one, and sub-items must be of the entry. */
static int parse_scope(loader *ld, const sx_item *item, const yaml_node_t *map, sx_scope *sc)
{
    int rc = strlist(ld, map, "applies_to", &sc->applies_to);
    if (!rc)
        rc = strlist(ld, map, "outside", &sc->outside);
    if (!rc)
        rc = scalar(ld, map, "condition", false, &sc->condition);
    if (!rc && (sc->applies_to.n > 0) + (sc->outside.n > 0) + (sc->condition != NULL) > 1)
        rc = fail(ld, map, "give one of applies_to, outside or condition");
    for (int pass = 0; !rc && pass < 2; pass++) {
        const sx_strlist *l = pass ? &sc->outside : &sc->applies_to;
        for (size_t i = 0; !rc && i < l->n; i++) {
            bool ok = false;
            for (size_t c = 0; c < item->controls.n && !ok; c++)
                ok = sx_number_within(l->v[i], item->controls.v[c]);
            if (!ok)
                rc = fail(ld, map, "\"%s\" is not a sub-item of this entry", l->v[i]);
        }
    }
    return rc;
}

static int parse_dest(loader *ld, const yaml_node_t *map, sx_dest *dst)
{
    int rc = scalar(ld, map, "column", false, &dst->column);
    if (!rc)
        rc = strlist(ld, map, "countries", &dst->countries);
    if (!rc)
        rc = strlist(ld, map, "groups", &dst->groups);
    if (!rc)
        rc = strlist(ld, map, "not_groups", &dst->not_groups);
    if (!rc)
        rc = strlist(ld, map, "not_countries", &dst->not_countries);
    for (size_t i = 0; !rc && i < dst->countries.n; i++)
        rc = check_country(ld, map, dst->countries.v[i]);
    for (size_t i = 0; !rc && i < dst->not_countries.n; i++)
        rc = check_country(ld, map, dst->not_countries.v[i]);
    if (!rc)
        rc = resolve_groups(ld, map, &dst->groups, &dst->group_refs);
    if (!rc)
        rc = resolve_groups(ld, map, &dst->not_groups, &dst->not_group_refs);
    if (!rc && dst->column && strcmp(dst->column, "WW") != 0 && !(dst->column_group = sx_group_find(ld->j, dst->column)))
        rc = fail(ld, map, "column \"%s\" is not a group of %s", dst->column, ld->j->code);
    return rc;
}

/* chart: the License Requirements rows.  A row says where a licence is required (a column,
 * destinations) or asks (its text names nothing the data can test). */
static int parse_rows(loader *ld, sx_item *item, const yaml_node_t *row)
{
    yaml_node_t *list = map_get(ld, row, "chart");
    size_t n = seq_len(list) + item->reasons.n;
    if (list && list->type != YAML_SEQUENCE_NODE)
        return fail(ld, list, "\"chart\" must be a list");
    if (!(item->rows = sx_arena_calloc(ld->a, n + 1, sizeof *item->rows)))
        return SX_ENOMEM;
    /* reasons: [NS2, AT1] is shorthand for whole-entry rows with those columns */
    for (size_t i = 0; i < item->reasons.n; i++) {
        sx_control_row *r = &item->rows[item->nrows++];
        r->reason = item->reasons.v[i];
        r->dest.column = item->reasons.v[i];
        if (strcmp(r->dest.column, "WW") != 0 && !(r->dest.column_group = sx_group_find(ld->j, r->dest.column)))
            return fail(ld, row, "reason column \"%s\" is not a group of %s", r->dest.column, ld->j->code);
    }
    int rc = 0;
    for (yaml_node_item_t *it = list ? list->data.sequence.items.start : NULL;
         !rc && list && it < list->data.sequence.items.top; it++) {
        yaml_node_t *m = node(ld, *it);
        sx_control_row *r = &item->rows[item->nrows++];
        const char *allowed[] = {"reason", "applies_to", "outside", "condition", "column", "countries",
                                 "groups", "not_groups", "not_countries", "ask", "see", NULL};
        rc = want_map(ld, m, "a chart row");
        if (!rc)
            rc = check_keys(ld, m, allowed);
        if (!rc)
            rc = scalar(ld, m, "reason", true, &r->reason);
        if (!rc)
            rc = parse_scope(ld, item, m, &r->scope);
        if (!rc)
            rc = parse_dest(ld, m, &r->dest);
        if (!rc)
            rc = scalar(ld, m, "ask", false, &r->ask);
        if (!rc)
            rc = scalar(ld, m, "see", false, &r->see);
        bool has_dest = r->dest.column || r->dest.countries.n || r->dest.groups.n;
        if (!rc && !has_dest && !r->ask)
            rc = fail(ld, m, "a chart row needs a destination (column, countries, groups) or \"ask\" (or both: ask there)");
    }
    return rc;
}

/* restrict: the entry's own limits on licence exceptions. */
static int parse_restrictions(loader *ld, sx_item *item, const yaml_node_t *row)
{
    yaml_node_t *list = map_get(ld, row, "restrict");
    if (!list)
        return 0;
    if (list->type != YAML_SEQUENCE_NODE)
        return fail(ld, list, "\"restrict\" must be a list");
    if (!(item->restrictions = sx_arena_calloc(ld->a, seq_len(list) + 1, sizeof *item->restrictions)))
        return SX_ENOMEM;
    int rc = 0;
    for (yaml_node_item_t *it = list->data.sequence.items.start; !rc && it < list->data.sequence.items.top; it++) {
        yaml_node_t *m = node(ld, *it);
        sx_restriction *x = &item->restrictions[item->nrestrictions++];
        const char *allowed[] = {"licence", "applies_to", "outside", "condition", "groups", "text", NULL};
        rc = want_map(ld, m, "a restriction");
        if (!rc)
            rc = check_keys(ld, m, allowed);
        if (!rc)
            rc = scalar(ld, m, "licence", true, &x->licence);
        if (!rc)
            rc = scalar(ld, m, "text", true, &x->text);
        if (!rc)
            rc = parse_scope(ld, item, m, &x->scope);
        if (!rc)
            rc = strlist(ld, m, "groups", &x->groups);
        if (!rc)
            rc = resolve_groups(ld, m, &x->groups, &x->group_refs);
    }
    return rc;
}

static int parse_item(loader *ld, sx_item *item, const yaml_node_t *row)
{
    const char *allowed[] = {"id", "ref", "controls", "name", "parameters", "hs", "cas", "reasons",
                             "chart", "restrict", "exceptions", "other_controls", "derived_as_of",
                             "cite", "status", "note", "from", "to", NULL};
    int rc = want_map(ld, row, "an item");
    if (!rc)
        rc = check_keys(ld, row, allowed);
    if (!rc)
        rc = parse_clause(ld, row, NULL, &item->clause);
    if (!rc)
        rc = scalar(ld, row, "ref", false, &item->ref);
    if (!rc)
        rc = strlist(ld, row, "controls", &item->controls);
    if (!rc && !item->ref && !item->controls.n)
        rc = fail(ld, row, "an item needs a \"ref\" or \"controls\"");
    if (!rc && item->ref && !strchr(item->ref, ':'))
        rc = fail(ld, row, "ref \"%s\" needs a scheme prefix such as jp:", item->ref);
    if (!rc)
        rc = scalar(ld, row, "name", true, &item->name);
    if (!rc)
        rc = scalar(ld, row, "parameters", false, &item->parameters);
    if (!rc)
        rc = scalar(ld, row, "other_controls", false, &item->other_controls);
    if (!rc)
        rc = strlist(ld, row, "hs", &item->hs);
    if (!rc)
        rc = strlist(ld, row, "cas", &item->cas);
    if (!rc)
        rc = strlist(ld, row, "reasons", &item->reasons);
    if (!rc)
        rc = parse_exceptions(ld, item, row);
    if (!rc)
        rc = date_of(ld, row, "derived_as_of", SX_DATE_MIN, &item->derived_as_of);
    if (!rc)
        rc = parse_rows(ld, item, row);
    if (!rc)
        rc = parse_restrictions(ld, item, row);
    return rc;
}

static int load_items(loader *ld, const char *dir, const char *name, bool derived)
{
    sx_jurisdiction *j = ld->j;
    int rc = open_file(ld, dir, name, true); /* a jurisdiction may have only derived items */
    if (rc == 1)
        return 0;
    yaml_node_t *list = NULL;
    if (!rc)
        rc = top_list(ld, "items", &list);
    sx_item *grown = rc ? NULL : sx_arena_calloc(ld->a, j->nitems + seq_len(list) + 1, sizeof(sx_item));
    if (!rc && !grown)
        rc = SX_ENOMEM;
    if (!rc && j->nitems)
        memcpy(grown, j->items, j->nitems * sizeof(sx_item));
    if (!rc)
        j->items = grown;
    for (yaml_node_item_t *it = rc ? NULL : list->data.sequence.items.start;
         !rc && it < list->data.sequence.items.top; it++) {
        sx_item *item = &j->items[j->nitems++];
        rc = parse_item(ld, item, node(ld, *it));
        item->derived = derived;
    }
    return rc;
}

/* ---- licences.yaml ---------------------------------------------------------------------------- */

static int load_licences(loader *ld, const char *dir)
{
    sx_jurisdiction *j = ld->j;
    int rc = open_file(ld, dir, "licences.yaml", false);
    yaml_node_t *list = NULL;
    if (!rc)
        rc = top_list(ld, "licences", &list);
    if (!rc && !(j->licences = sx_arena_calloc(ld->a, seq_len(list) + 1, sizeof(sx_licence))))
        rc = SX_ENOMEM;
    for (yaml_node_item_t *it = rc ? NULL : list->data.sequence.items.start;
         !rc && it < list->data.sequence.items.top; it++) {
        yaml_node_t *row = node(ld, *it);
        sx_licence *l = &j->licences[j->nlicences];
        const char *allowed[] = {"licence", "id", "name", "review_days", "validity", "documents",
                                 "cite", "status", "note", "from", "to", NULL};
        rc = want_map(ld, row, "a licence");
        if (!rc)
            rc = check_keys(ld, row, allowed);
        if (!rc)
            rc = scalar(ld, row, "licence", true, &l->licence);
        if (!rc && sx_licence_find(j, l->licence))
            rc = fail(ld, row, "licence %s is defined twice", l->licence);
        if (!rc)
            rc = scalar(ld, row, "name", true, &l->name);
        if (!rc)
            rc = parse_clause(ld, row, NULL, &l->clause);
        if (!rc && !map_get(ld, row, "review_days"))
            rc = fail(ld, row, "missing \"review_days\" (a number, or null where no source gives one)");
        if (!rc)
            rc = int_or_null(ld, row, "review_days", -1, &l->review_days);
        if (!rc)
            rc = scalar(ld, row, "validity", false, &l->validity);
        if (!rc)
            rc = strlist(ld, row, "documents", &l->documents);
        j->nlicences++;
    }
    return rc;
}

/* ---- rules.yaml ----------------------------------------------------------------------------------- */

static int parse_effect(loader *ld, const yaml_node_t *row, sx_effect *out)
{
    static const char *const names[] = {"open", "closed", "require", "prohibit", "none", "caveat", "ask"};
    const char *v;
    int rc = scalar(ld, row, "effect", true, &v);
    for (size_t i = 0; !rc && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = (sx_effect)i;
            return 0;
        }
    return rc ? rc : fail(ld, row, "effect must be open, closed, require, prohibit, none, caveat or ask, not \"%s\"", v);
}

/* Resolves group labels to the groups themselves, so a decision compares pointers. */
static int resolve_groups(loader *ld, const yaml_node_t *at, const sx_strlist *l, const sx_group ***out)
{
    if (!(*out = sx_arena_calloc(ld->a, l->n + 1, sizeof **out)))
        return SX_ENOMEM;
    for (size_t i = 0; i < l->n; i++)
        if (!((*out)[i] = sx_group_find(ld->j, l->v[i])))
            return fail(ld, at, "no group \"%s\" in %s groups.yaml", l->v[i], ld->j->code);
    return 0;
}

/* A rule's item must name some entry; the item index is built before rules are read. */
static bool item_number_known(const sx_jurisdiction *j, const char *number)
{
    const sx_itemlist *l = sx_items_for(j, number);
    for (size_t i = 0; l && i < l->n; i++)
        if (sx_item_matches(l->v[i], number))
            return true;
    return false;
}

static int parse_where(loader *ld, sx_rule *rule, const yaml_node_t *row)
{
    sx_where *w = &rule->where;
    w->listed = 1;
    yaml_node_t *m = map_get(ld, row, "where");
    if (!m)
        return 0;
    const char *allowed[] = {"groups", "not_groups", "countries", "items", "listed", "end_use",
                             "hs", "not_hs", "exception", "only_reasons", "party_licence", NULL};
    static const char *const end_uses[] = {"civil", "wmd", "conventional", "military", "unknown"};
    int rc = want_map(ld, m, "where");
    if (!rc)
        rc = check_keys(ld, m, allowed);
    if (!rc)
        rc = strlist(ld, m, "groups", &w->groups);
    if (!rc)
        rc = strlist(ld, m, "not_groups", &w->not_groups);
    if (!rc)
        rc = strlist(ld, m, "countries", &w->countries);
    if (!rc)
        rc = strlist(ld, m, "items", &w->items);
    if (!rc)
        rc = strlist(ld, m, "end_use", &w->end_use);
    if (!rc)
        rc = strlist(ld, m, "hs", &w->hs);
    if (!rc)
        rc = strlist(ld, m, "not_hs", &w->not_hs);
    if (!rc)
        rc = strlist(ld, m, "only_reasons", &w->only_reasons);
    if (!rc)
        rc = scalar(ld, m, "exception", false, &w->exception);
    int party = 0;
    if (!rc)
        rc = boolean(ld, m, "party_licence", 0, &party);
    w->party_licence = party;
    yaml_node_t *listed = rc ? NULL : map_get(ld, m, "listed");
    if (listed && listed->type == YAML_SCALAR_NODE && strcmp((char *)listed->data.scalar.value, "any") == 0)
        w->listed = -1;
    else if (!rc)
        rc = boolean(ld, m, "listed", 1, &w->listed);
    if (!rc)
        rc = resolve_groups(ld, m, &w->groups, &w->group_refs);
    if (!rc)
        rc = resolve_groups(ld, m, &w->not_groups, &w->not_group_refs);
    for (size_t i = 0; !rc && i < w->countries.n; i++)
        rc = check_country(ld, m, w->countries.v[i]);
    for (size_t i = 0; !rc && i < w->items.n; i++)
        if (!item_number_known(ld->j, w->items.v[i]))
            rc = fail(ld, m, "item \"%s\" matches no entry of %s items", w->items.v[i], ld->j->code);
    for (size_t i = 0; !rc && i < w->end_use.n; i++) {
        bool ok = false;
        for (size_t k = 0; k < sizeof end_uses / sizeof end_uses[0]; k++)
            ok |= strcmp(w->end_use.v[i], end_uses[k]) == 0;
        if (!ok)
            rc = fail(ld, m, "unknown end use \"%s\"", w->end_use.v[i]);
    }
    return rc;
}

static int parse_rule(loader *ld, sx_rule *rule, const yaml_node_t *row)
{
    const char *allowed[] = {"id", "kind", "licence", "effect", "where", "reason", "review_days",
                             "documents", "validity", "if_yes", "cite", "status", "note", "from", "to", NULL};
    int rc = want_map(ld, row, "a rule");
    if (!rc)
        rc = check_keys(ld, row, allowed);
    if (!rc)
        rc = parse_clause(ld, row, NULL, &rule->clause);
    if (!rc)
        rc = scalar(ld, row, "kind", true, &rule->kind);
    if (!rc)
        rc = parse_effect(ld, row, &rule->effect);
    if (!rc)
        rc = strlist(ld, row, "licence", &rule->licences);
    bool needs_licence = rule->effect == SX_EFFECT_OPEN || rule->effect == SX_EFFECT_CLOSED ||
                         rule->effect == SX_EFFECT_REQUIRE;
    if (!rc && needs_licence && !rule->licences.n)
        rc = fail(ld, row, "effect needs a \"licence\"");
    if (!rc && !(rule->licence_refs = sx_arena_calloc(ld->a, rule->licences.n + 1, sizeof *rule->licence_refs)))
        rc = SX_ENOMEM;
    for (size_t i = 0; !rc && i < rule->licences.n; i++)
        if (!(rule->licence_refs[i] = sx_licence_find(ld->j, rule->licences.v[i])))
            rc = fail(ld, row, "licence \"%s\" is not in %s licences.yaml", rule->licences.v[i], ld->j->code);
    if (!rc)
        rc = scalar(ld, row, "reason", false, &rule->reason);
    if (!rc && !rule->reason && (rule->effect == SX_EFFECT_CLOSED || rule->effect == SX_EFFECT_CAVEAT ||
                                 rule->effect == SX_EFFECT_PROHIBIT || rule->effect == SX_EFFECT_ASK))
        rc = fail(ld, row, "a closed, caveat, prohibit or ask rule needs a \"reason\"");
    const char *if_yes = NULL;
    if (!rc)
        rc = scalar(ld, row, "if_yes", false, &if_yes);
    if (!rc && if_yes && (rule->effect != SX_EFFECT_ASK ||
                          (strcmp(if_yes, "prohibited") != 0 && strcmp(if_yes, "licence_required") != 0)))
        rc = fail(ld, row, "if_yes (prohibited or licence_required) belongs to an ask rule");
    rule->ask_prohibits = if_yes && strcmp(if_yes, "prohibited") == 0;
    if (!rc)
        rc = int_or_null(ld, row, "review_days", SX_UNSET, &rule->review_days);
    if (!rc)
        rc = scalar(ld, row, "validity", false, &rule->validity);
    if (!rc)
        rc = strlist(ld, row, "documents", &rule->documents);
    rule->has_documents = !rc && map_get(ld, row, "documents") != NULL;
    if (!rc)
        rc = parse_where(ld, rule, row);
    return rc;
}

/* rules.yaml, then rules-generated.yaml (written by a converter such as ear2regime.py)
 * when present: rules apply in this order. */
static int load_rules(loader *ld, const char *dir, const char *name, bool optional)
{
    sx_jurisdiction *j = ld->j;
    int rc = open_file(ld, dir, name, optional);
    if (rc == 1)
        return 0;
    yaml_node_t *list = NULL;
    if (!rc)
        rc = top_list(ld, "rules", &list);
    sx_rule *grown = rc ? NULL : sx_arena_calloc(ld->a, j->nrules + seq_len(list) + 1, sizeof(sx_rule));
    if (!rc && !grown)
        rc = SX_ENOMEM;
    if (!rc && j->nrules)
        memcpy(grown, j->rules, j->nrules * sizeof(sx_rule));
    if (!rc)
        j->rules = grown;
    for (yaml_node_item_t *it = rc ? NULL : list->data.sequence.items.start;
         !rc && it < list->data.sequence.items.top; it++)
        rc = parse_rule(ld, &j->rules[j->nrules++], node(ld, *it));
    return rc;
}

/* Restrictions name licence types, which are read after the items. */
static int resolve_restrictions(sx_jurisdiction *j)
{
    for (size_t i = 0; i < j->nitems; i++)
        for (size_t k = 0; k < j->items[i].nrestrictions; k++) {
            sx_restriction *x = &j->items[i].restrictions[k];
            if (!(x->licence_ref = sx_licence_find(j, x->licence)))
                return sx_error_set(SX_EDATA, "%s:%d: a restriction names licence \"%s\", not in %s licences.yaml",
                                    j->items[i].clause.file, j->items[i].clause.line, x->licence, j->code);
        }
    return 0;
}

/* ---- the set ------------------------------------------------------------------------------------------ */

static int load_jurisdiction(loader *ld, const char *dir)
{
    sx_strmap_free(&ld->sources);
    int rc = load_header(ld, dir);
    if (!rc)
        rc = load_sources(ld, dir);
    if (!rc)
        rc = load_groups(ld, dir);
    if (!rc)
        rc = load_items(ld, dir, "items.yaml", false);
    if (!rc) /* generated from a national list (tools/jp2regime.py): ranks as hand-written */
        rc = load_items(ld, dir, "items-native.yaml", false);
    if (!rc)
        rc = load_items(ld, dir, "items-derived.yaml", true);
    if (!rc)
        rc = load_licences(ld, dir);
    if (!rc && !ld->j->nitems)
        rc = sx_error_set(SX_EDATA, "%s: no items.yaml, items-native.yaml or items-derived.yaml", dir);
    if (!rc)
        rc = resolve_restrictions(ld->j);
    if (!rc)
        rc = sx_jurisdiction_index(ld->a, ld->j);
    if (!rc)
        rc = load_rules(ld, dir, "rules.yaml", false);
    if (!rc)
        rc = load_rules(ld, dir, "rules-generated.yaml", true);
    for (size_t i = 0; !rc && i < ld->r->njurs; i++)
        if (&ld->r->jurs[i] != ld->j && strcmp(ld->r->jurs[i].code, ld->j->code) == 0)
            rc = sx_error_set(SX_EDATA, "%s/regime.yaml:1: jurisdiction %s is defined twice", dir, ld->j->code);
    close_file(ld);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The jurisdiction folders under regimes/, sorted so the hash does not depend on readdir. */
static int list_dirs(const char *regimes, char ***out, size_t *n)
{
    DIR *d = opendir(regimes);
    if (!d)
        return sx_error_set(SX_EIO, "%s: cannot open the regime data folder", regimes);
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; !rc && (e = readdir(d));) {
        char probe[4096];
        int len = snprintf(probe, sizeof probe, "%s/%s/regime.yaml", regimes, e->d_name);
        if (len < 0 || (size_t)len >= sizeof probe || e->d_name[0] == '.' || access(probe, F_OK) != 0)
            continue;
        if (count == cap) {
            char **grown = realloc(names, (cap = cap ? cap * 2 : 8) * sizeof *names);
            if (!grown) {
                rc = sx_error_oom();
                break;
            }
            names = grown;
        }
        if (!(names[count] = sx_strdup(e->d_name)))
            rc = SX_ENOMEM;
        else
            count++;
    }
    closedir(d);
    if (!rc && !count)
        rc = sx_error_set(SX_EDATA, "%s: no jurisdiction folder with a regime.yaml", regimes);
    if (rc) {
        for (size_t i = 0; i < count; i++)
            free(names[i]);
        free(names);
        return rc;
    }
    qsort(names, count, sizeof *names, cmp_names);
    *out = names;
    *n = count;
    return 0;
}

static int load_all(loader *ld, const char *data_dir)
{
    char regimes[4096];
    snprintf(regimes, sizeof regimes, "%s/regimes", data_dir);
    int rc = load_countries(ld, regimes);
    char **dirs = NULL;
    size_t ndirs = 0;
    if (!rc)
        rc = list_dirs(regimes, &dirs, &ndirs);
    if (!rc && !(ld->r->jurs = sx_arena_calloc(ld->a, ndirs, sizeof(sx_jurisdiction))))
        rc = SX_ENOMEM;
    for (size_t i = 0; !rc && i < ndirs; i++) {
        char dir[4400];
        snprintf(dir, sizeof dir, "%s/%s", regimes, dirs[i]);
        ld->j = &ld->r->jurs[ld->r->njurs++];
        rc = load_jurisdiction(ld, dir);
    }
    for (size_t i = 0; i < ndirs; i++)
        free(dirs[i]);
    free(dirs);
    return rc;
}

int sx_regimes_load(sx_regimes **out, const char *dir)
{
    if (!out || !dir)
        return sx_error_set(SX_EINVAL, "sx_regimes_load: NULL argument");
    sx_regimes *r = calloc(1, sizeof *r);
    if (!r)
        return sx_error_oom();
    loader ld = {.r = r, .a = &r->arena};
    int rc = sx_sha256_new(&ld.hash);
    if (!rc)
        rc = load_all(&ld, dir);
    close_file(&ld);
    sx_strmap_free(&ld.ids);
    sx_strmap_free(&ld.sources);
    if (!rc)
        rc = sx_sha256_final_hex(ld.hash, r->hash);
    else
        sx_sha256_free(ld.hash);
    if (rc) {
        sx_regimes_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void sx_regimes_free(sx_regimes *r)
{
    if (!r)
        return;
    sx_strmap_free(&r->countries);
    for (size_t i = 0; i < r->njurs; i++)
        sx_jurisdiction_index_free(&r->jurs[i]);
    sx_arena_free(&r->arena);
    free(r);
}

const char *sx_regimes_hash(const sx_regimes *r) { return r ? r->hash : NULL; }
