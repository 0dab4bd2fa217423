/* Restricted-party lists: the format dispatcher, the entity builder every loader uses,
 * and the bundled snapshot described by data/lists/MANIFEST. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/country.h"
#include "lib/screen/entity.h"
#include "lib/screen/text.h"
#include "lib/screen/lists/loader.h"
#include "stratex/lists.h"
#include "util/error.h"

#ifndef SX_DEFAULT_DATA_DIR /* set by the Makefile; "data" for other builds (fuzz) */
#define SX_DEFAULT_DATA_DIR "data"
#endif
#include "util/file.h"
#include "util/strmap.h"
#include "util/strutil.h"

#define MANIFEST_MAX ((size_t)1 << 20) /* largest MANIFEST file read */
#define MANIFEST_MAX_LISTS 64          /* most lists one MANIFEST may name */

static const struct {
    const char *format;
    const char *name; /* the list name shown in results */
    int (*load)(sx_list *, const char *);
    const char *issuer; /* whose law a listing's own licence requirement is */
} formats[] = {
    {"simple-csv", NULL, sx_load_simple_csv, NULL},
    {"ofac-csv", "OFAC-SDN", sx_load_ofac_csv, "US"},
    {"ofac-legacy", "OFAC", sx_load_ofac_legacy, "US"},
    {"un-xml", "UN", sx_load_un_xml, NULL},
    {"csl-json", "US-CSL", sx_load_csl_json, "US"},
    {"uk-tables", "UK", sx_load_uk_tables, NULL},
    {"meti-eul-json", "METI-EUL", sx_load_meti_eul_json, "JP"},
};

/* A simple-csv list is named after its file ("list.csv" -> "list"), so results from
 * several custom lists stay distinguishable. */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    return sx_strndup(base, n);
}

static void free_entity(sx_entity *e)
{
    free(e->names);
    free(e->programs);
    free(e->countries);
    free(e->ids);
    free(e->dobs);
}

void sx_list_free(sx_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; !l->pool && i < l->count; i++)
        free_entity(&l->entities[i]);
    free(l->pool);
    free(l->entities);
    if (l->by_id) {
        sx_strmap_free(l->by_id);
        free(l->by_id);
    }
    sx_sha256_free(l->hasher);
    sx_arena_free(&l->arena);
    free(l->name);
    free(l->format);
    free(l->source_date);
    free(l);
}

int sx_list_load(sx_list **out, const char *format, const char *path)
{
    *out = NULL;
    if (!format || !path)
        return sx_error_set(SX_EINVAL, "list format and path are required");
    size_t f = 0;
    while (f < sizeof formats / sizeof formats[0] && strcmp(formats[f].format, format) != 0)
        f++;
    if (f == sizeof formats / sizeof formats[0])
        return sx_error_set(SX_EINVAL, "unknown list format \"%s\" (simple-csv, ofac-csv, "
                                       "ofac-legacy, un-xml, csl-json, uk-tables, "
                                       "meti-eul-json)", format);
    int rc = SX_ENOMEM;
    sx_list *l = calloc(1, sizeof *l);
    if (!l)
        return sx_error_oom();
    l->name = formats[f].name ? sx_strdup(formats[f].name) : name_from_path(path);
    l->format = sx_strdup(format);
    l->issuer = formats[f].issuer;
    l->by_id = calloc(1, sizeof(sx_strmap));
    if (!l->name || !l->format || !l->by_id) {
        rc = sx_error_oom();
        goto done;
    }
    if ((rc = sx_sha256_new(&l->hasher)) != 0)
        goto done;
    if ((rc = formats[f].load(l, path)) != 0)
        goto done;
    if (l->count == 0) {
        rc = sx_error_set(SX_EDATA, "%s: no entities found", path);
        goto done;
    }
    rc = sx_sha256_final_hex(l->hasher, l->hash);
    l->hasher = NULL;
    if (rc != 0)
        goto done;
    if ((rc = sx_list_hash_entities(l)) != 0)
        goto done;
    /* The id map only serves joins while loading. */
    sx_strmap_free(l->by_id);
    free(l->by_id);
    l->by_id = NULL;
done:
    if (rc != 0) {
        sx_list_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

size_t sx_list_entity_count(const sx_list *l)
{
    return l ? l->count : 0;
}

const char *sx_list_name(const sx_list *l)
{
    return l ? l->name : "";
}

const char *sx_list_hash(const sx_list *l)
{
    return l ? l->hash : "";
}

/* ---- the entity builder ---- */

int sx_lb_read(sx_list *l, const char *path, char **data, size_t *len)
{
    int rc = sx_file_read(data, len, path, SX_LIST_MAX_FILE);
    if (rc != 0)
        return rc;
    if ((rc = sx_sha256_update(l->hasher, *data, *len)) != 0) {
        free(*data);
        *data = NULL;
    }
    return rc;
}

int sx_lb_find(const sx_list *l, size_t *idx, const char *id)
{
    void *v = sx_strmap_get(l->by_id, id);
    if (!v)
        return SX_ENOTFOUND;
    *idx = (size_t)(uintptr_t)v - 1;
    return 0;
}

int sx_lb_entity(sx_list *l, size_t *idx, const char *id, const char *type)
{
    if (sx_lb_find(l, idx, id) == 0)
        return 0;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        sx_entity *e = realloc(l->entities, cap * sizeof *e);
        if (!e)
            return sx_error_oom();
        l->entities = e;
        l->cap = cap;
    }
    sx_entity *e = &l->entities[l->count];
    memset(e, 0, sizeof *e);
    e->list = l->name;
    e->id = sx_arena_strdup(&l->arena, id);
    e->type = sx_lb_type(type);
    if (!e->id)
        return SX_ENOMEM;
    int rc = sx_strmap_put(l->by_id, e->id, (void *)(uintptr_t)(l->count + 1));
    if (rc != 0)
        return rc;
    *idx = l->count++;
    return 0;
}

int sx_lb_set_type(sx_list *l, size_t idx, const char *type)
{
    l->entities[idx].type = sx_lb_type(type);
    return 0;
}

/* Grows a heap array of n elements by one; the new slot is zeroed. */
static int grow(void **arr, size_t n, size_t size)
{
    /* Capacities are powers of two, so growth is amortised without a stored capacity. */
    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 2;
        void *p = realloc(*arr, cap * size);
        if (!p)
            return sx_error_oom();
        *arr = p;
    }
    memset((char *)*arr + n * size, 0, size);
    return 0;
}

/* Copies s without surrounding whitespace into the arena; NULL when empty. */
static const char *trimmed(sx_list *l, const char *s, int *rc)
{
    *rc = 0;
    if (!s)
        return NULL;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return NULL;
    char *c = sx_arena_strndup(&l->arena, s, n);
    if (!c)
        *rc = SX_ENOMEM;
    return c;
}

int sx_lb_add_name(sx_list *l, size_t idx, const char *text, sx_name_kind kind)
{
    int rc;
    sx_entity *e = &l->entities[idx];
    const char *t = trimmed(l, text, &rc);
    if (!t)
        return rc;
    for (size_t i = 0; i < e->nnames; i++)
        if (strcmp(e->names[i].text, t) == 0) {
            if (kind < e->names[i].kind) /* a strong alias beats a weak duplicate */
                e->names[i].kind = kind;
            return 0;
        }
    if ((rc = grow((void **)&e->names, e->nnames, sizeof *e->names)) != 0)
        return rc;
    e->names[e->nnames].text = t;
    e->names[e->nnames].kind = kind;
    e->nnames++;
    return 0;
}

/* Takes out of field the groups in square brackets that a phrase opens, adding the
 * names each lists as aliases when l is not NULL: the CSL's ISN entries write Universal
 * Enterprise Limited [aka General Technology Limited, aka Beijing Luo Luo Tech
 * Development Limited, aka Tiger Force Electronics, aka Foshan Nanhai Winhope Trade
 * Company] (Hong Kong Entity), and its 2022 list Astronautics Research Institute [aka
 * Astronautics Systems Research Center, Aerospace Research Institute].  Other brackets
 * stay ([Old Reference # …]). */
static int bracketed_aliases(sx_list *l, size_t idx, char *field, sx_name_kind kind)
{
    int rc = 0;
    for (char *open = strchr(field, '['); open && rc == 0; open = strchr(open, '[')) {
        char *close = strchr(open, ']');
        size_t start[SX_NAME_LISTED_MAX], end[SX_NAME_LISTED_MAX], len;
        if (!close)
            break;
        len = (size_t)(close - open - 1);
        if (sx_name_piece(open + 1, len, start, end) != SX_PIECE_ALIAS) {
            open = close;
            continue;
        }
        size_t n = l ? sx_name_listed(open + 1, len, start, end, SX_NAME_LISTED_MAX) : 0;
        for (size_t k = 0; k < n && rc == 0; k++) {
            char *name = strndup(open + 1 + start[k], end[k] - start[k]);
            rc = name ? sx_lb_add_name(l, idx, name, kind) : sx_error_oom();
            free(name);
        }
        char *after = close + 1 + (close[1] == ' ' && open > field && open[-1] == ' ');
        memmove(open, after, strlen(after) + 1);
    }
    return rc;
}

int sx_lb_add_names(sx_list *l, size_t idx, const char *text, sx_name_kind kind,
                    sx_name_kind rest)
{
    if (!text)
        return 0;
    char *copy = strdup(text);
    if (!copy)
        return sx_error_oom();
    /* The field without its groups of names in brackets, which follow it as aliases. */
    bool groups = strchr(copy, '[') != NULL;
    int rc = groups ? bracketed_aliases(NULL, idx, copy, rest) : 0;
    bool first = true;
    char *save = NULL;
    for (char *t = strtok_r(copy, ";", &save); t && rc == 0; t = strtok_r(NULL, ";", &save)) {
        size_t start, end;
        if (sx_name_piece(t, strlen(t), &start, &end) == SX_PIECE_NONE)
            continue; /* a clause that names no one, or an empty piece */
        t[end] = '\0';
        rc = sx_lb_add_name(l, idx, t + start, first ? kind : rest);
        first = false;
    }
    free(copy);
    if (rc == 0 && groups) {
        if (!(copy = strdup(text)))
            return sx_error_oom();
        rc = bracketed_aliases(l, idx, copy, rest);
        free(copy);
    }
    return rc;
}

static int add_string(sx_list *l, const char ***arr, size_t *n, const char *s)
{
    int rc;
    const char *t = trimmed(l, s, &rc);
    if (!t)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*arr)[i], t) == 0)
            return 0;
    if ((rc = grow((void **)arr, *n, sizeof **arr)) != 0)
        return rc;
    (*arr)[(*n)++] = t;
    return 0;
}

int sx_lb_set_licensing(sx_list *l, size_t idx, const char *requirement, const char *policy,
                        const char *notice)
{
    sx_entity *e = &l->entities[idx];
    const char *in[3] = {requirement, policy, notice};
    const char **out[3] = {&e->licence_requirement, &e->licence_policy, &e->notice};
    e->issuer = l->issuer;
    for (int i = 0; i < 3; i++)
        if (in[i] && *in[i] && !(*out[i] = sx_arena_strdup(&l->arena, in[i])))
            return sx_error_oom();
    return 0;
}

int sx_lb_add_program(sx_list *l, size_t idx, const char *program)
{
    sx_entity *e = &l->entities[idx];
    return add_string(l, &e->programs, &e->nprograms, program);
}

int sx_lb_add_country(sx_list *l, size_t idx, const char *iso2)
{
    sx_entity *e = &l->entities[idx];
    return add_string(l, &e->countries, &e->ncountries, iso2);
}

int sx_lb_add_dob(sx_list *l, size_t idx, const char *dob)
{
    sx_entity *e = &l->entities[idx];
    return add_string(l, &e->dobs, &e->ndobs, dob);
}

/* A date of birth in one of the forms lists write ("28 Jun 1991", "Jun 1991", "1991",
 * "1991-06-28", "circa 1960", "1960 to 1965") as YYYY-MM-DD, YYYY-MM, YYYY or a year
 * range YYYY..YYYY (circa Y: Y-1..Y+1), so a query's date can be compared with it.  False
 * when the text is none of these. */
static bool norm_dob(char *out, size_t size, const char *s)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    int y = 0, m = 0, d = 0, y2 = 0;
    char mon[4] = {0};
    bool circa = false;
    while (*s == ' ')
        s++;
    if (strncmp(s, "circa ", 6) == 0) {
        circa = true;
        s += 6;
    }
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !s[n]) {
    } else if (sscanf(s, "%4d to %4d%n", &y, &y2, &n) == 2 && !s[n]) {
    } else if (sscanf(s, "%2d %3[A-Za-z] %4d%n", &d, mon, &y, &n) == 3 && !s[n]) {
    } else if ((d = 0, sscanf(s, "%3[A-Za-z] %4d%n", mon, &y, &n)) == 2 && !s[n]) {
    } else if ((mon[0] = 0, sscanf(s, "%4d%n", &y, &n)) == 1 && !s[n] && n == 4) {
    } else {
        return false;
    }
    if (mon[0]) {
        for (int i = 0; i < 3; i++)
            mon[i] = (char)tolower((unsigned char)mon[i]);
        const char *at = strstr(months, mon);
        if (!at || (at - months) % 3)
            return false;
        m = (int)(at - months) / 3 + 1;
    }
    if (y < 1800 || y > 2200 || m < 0 || m > 12 || d < 0 || d > 31 || (y2 && y2 < y))
        return false;
    if (circa)
        snprintf(out, size, "%04d..%04d", y - 1, y + 1);
    else if (y2)
        snprintf(out, size, "%04d..%04d", y, y2);
    else if (d && m)
        snprintf(out, size, "%04d-%02d-%02d", y, m, d);
    else if (m)
        snprintf(out, size, "%04d-%02d", y, m);
    else
        snprintf(out, size, "%04d", y);
    return true;
}

int sx_lb_add_dob_text(sx_list *l, size_t idx, const char *text)
{
    char dob[32];
    return text && norm_dob(dob, sizeof dob, text) ? sx_lb_add_dob(l, idx, dob) : 0;
}

int sx_lb_set_source(sx_list *l, size_t idx, const char *source, const char *url)
{
    sx_entity *e = &l->entities[idx];
    int rc = 0;
    if (source && *source && !(e->source = trimmed(l, source, &rc)) && rc)
        return rc;
    if (url && *url && !(e->url = trimmed(l, url, &rc)) && rc)
        return rc;
    return 0;
}

int sx_lb_add_ident(sx_list *l, size_t idx, const char *type, const char *value)
{
    int rc;
    sx_entity *e = &l->entities[idx];
    const char *v = trimmed(l, value, &rc);
    if (!v)
        return rc;
    const char *t = trimmed(l, type ? type : "id", &rc);
    if (!t)
        return rc ? rc : SX_EINVAL;
    if ((rc = grow((void **)&e->ids, e->nids, sizeof *e->ids)) != 0)
        return rc;
    e->ids[e->nids].type = t;
    e->ids[e->nids].value = v;
    e->nids++;
    return 0;
}

const char *sx_lb_type(const char *raw)
{
    static const struct {
        const char *raw, *canon;
    } map[] = {
        {"person", "person"},       {"individual", "person"},     {"organization", "organization"},
        {"organisation", "organization"}, {"entity", "organization"}, {"company", "organization"},
        {"vessel", "vessel"},       {"ship", "vessel"},           {"aircraft", "aircraft"},
    };
    if (raw)
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (sx_streq_ascii_ci(raw, map[i].raw))
                return map[i].canon;
    return "unknown";
}

/* The lists' country fields, named or coded, as alpha-2 codes (country.c).  The tables
 * are read with the term tables, on first use. */
int sx_lb_country_iso(const char **iso, const char *name)
{
    *iso = NULL;
    int rc = sx_text_init(NULL);
    return rc != 0 ? rc : sx_country_code(iso, name);
}

int sx_lb_add_country_named(sx_list *l, size_t idx, const char *field)
{
    const char *iso = NULL;
    int rc = sx_lb_country_iso(&iso, field);
    return rc == 0 && iso ? sx_lb_add_country(l, idx, iso) : rc;
}

/* ---- the bundled snapshot ---- */

/* MANIFEST lines: FORMAT<TAB>PATH<TAB>SOURCE<TAB>DATE<TAB>LICENCE<TAB>SHA256; '#' comments.
 * PATH is relative to the MANIFEST's folder.  A hash mismatch fails the load: the
 * snapshot must be exactly what the MANIFEST describes. */
static int manifest_line(sx_list **out, char *line, const char *dir, const char *mpath,
                         size_t lineno)
{
    char *field[6];
    size_t nf = 0;
    char *p = line;
    while (nf < 6) {
        field[nf++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (nf != 6)
        return sx_error_set(SX_EPARSE, "%s:%zu: expected 6 tab-separated fields", mpath, lineno);
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, field[1]) >= sizeof path)
        return sx_error_set(SX_ELIMIT, "%s:%zu: path too long", mpath, lineno);
    int rc = sx_list_load(out, field[0], path);
    if (rc != 0)
        return rc;
    if (strcmp((*out)->hash, sx_trim(field[5])) != 0) {
        sx_list_free(*out);
        *out = NULL;
        return sx_error_set(SX_EINTEGRITY, "%s:%zu: %s does not match its recorded SHA-256",
                            mpath, lineno, field[1]);
    }
    free((*out)->source_date); /* the MANIFEST's date is the snapshot's */
    if (((*out)->source_date = sx_strdup(field[3])) == NULL) {
        sx_list_free(*out);
        *out = NULL;
        return SX_ENOMEM;
    }
    return 0;
}

int sx_lists_load_default(sx_list ***out, size_t *n, const char *data_dir)
{
    *out = NULL;
    *n = 0;
    char dir[4096], mpath[4200];
    if ((size_t)snprintf(dir, sizeof dir, "%s/lists", data_dir ? data_dir : SX_DEFAULT_DATA_DIR) >=
        sizeof dir)
        return sx_error_set(SX_ELIMIT, "data directory path too long");
    snprintf(mpath, sizeof mpath, "%s/MANIFEST", dir);
    char *text = NULL;
    size_t len = 0;
    int rc = sx_file_read(&text, &len, mpath, MANIFEST_MAX);
    if (rc != 0)
        return rc;
    sx_list **lists = calloc(MANIFEST_MAX_LISTS, sizeof *lists);
    size_t count = 0, lineno = 0;
    if (!lists) {
        rc = sx_error_oom();
        goto done;
    }
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[ll - 1] = '\0';
        if (line[0] == '#' || sx_trim(line)[0] == '\0')
            continue;
        if (count == MANIFEST_MAX_LISTS) {
            rc = sx_error_set(SX_ELIMIT, "%s:%zu: more than %d lists", mpath, lineno,
                              MANIFEST_MAX_LISTS);
            goto done;
        }
        if ((rc = manifest_line(&lists[count], line, dir, mpath, lineno)) != 0)
            goto done;
        count++;
    }
    if (count == 0)
        rc = sx_error_set(SX_EDATA, "%s: names no list", mpath);
done:
    free(text);
    if (rc != 0) {
        for (size_t i = 0; i < count; i++)
            sx_list_free(lists[i]);
        free(lists);
        return rc;
    }
    *out = lists;
    *n = count;
    return 0;
}
