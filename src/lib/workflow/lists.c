/* Restricted-party lists as versioned data: a version is a folder of list files with a
 * MANIFEST (the bundled snapshot's format), stored content-addressed under the snapshot
 * store; updating computes the delta against the version in force and re-screens the
 * register against the added and changed entities only (docs/workflow.md). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/screen/candidates.h"
#include "lib/screen/text.h"
#include "lib/workflow/wf.h"
#include "stratex/errors.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/strmap.h"
#include "util/strutil.h"
#include "util/utf8.h"

#define WF_VERSIONS_DIR "list-versions"
#define WF_MANIFEST_MAX ((size_t)1 << 20)
#define WF_MAX_LISTS 64
#define WF_IN_FORCE_KEY "lists_in_force"
/* The reverse search (a list name against the register) takes candidates from this share
 * of the threshold up; the forward score with the party's evidence then decides. */
#define WF_REVERSE_MARGIN 0.9

/* One list of a version: a MANIFEST line and where its file (or folder) is now. */
typedef struct ventry {
    char *format, *path, *source, *date, *licence, *hash;
} ventry;

typedef struct version {
    ventry e[WF_MAX_LISTS];
    size_t n;
} version;

static void version_free(version *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->e[i].format);
        free(v->e[i].path);
        free(v->e[i].source);
        free(v->e[i].date);
        free(v->e[i].licence);
        free(v->e[i].hash);
    }
    v->n = 0;
}

int sx_wf_pathf(char out[WF_PATH], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, WF_PATH, fmt, ap);
    va_end(ap);
    return n >= 0 && n < WF_PATH ? 0 : sx_error_set(SX_ELIMIT, "path too long: %.80s...", out);
}

/* ---- reading and writing a MANIFEST ---- */

size_t sx_wf_tsv_next(char **cursor, size_t *lineno, char **f, size_t max)
{
    for (char *line = *cursor; line && *line; line = *cursor) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        *cursor = next;
        ++*lineno;
        line[strcspn(line, "\r")] = '\0';
        if (line[0] == '#' || !*sx_trim(line))
            continue;
        size_t nf = 0;
        for (char *p = line; nf < max && p; nf++) {
            f[nf] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        return nf;
    }
    return 0;
}

static int read_manifest(version *v, const char *dir)
{
    char mpath[WF_PATH], *text = NULL, *cursor = NULL, *f[6];
    size_t len = 0, lineno = 0, nf;
    int rc = sx_wf_pathf(mpath, "%s/lists/MANIFEST", dir);
    rc = rc ? rc : sx_file_read(&text, &len, mpath, WF_MANIFEST_MAX);
    cursor = text;
    while (!rc && (nf = sx_wf_tsv_next(&cursor, &lineno, f, 6)) > 0) {
        if (nf != 6 || v->n == WF_MAX_LISTS) {
            rc = sx_error_set(SX_EPARSE, "%s:%zu: expected 6 tab-separated fields", mpath, lineno);
            break;
        }
        ventry *e = &v->e[v->n++];
        memset(e, 0, sizeof *e);
        if (asprintf(&e->path, "%s/lists/%s", dir, f[1]) < 0)
            e->path = NULL;
        e->format = sx_strdup(f[0]);
        e->source = sx_strdup(f[2]);
        e->date = sx_strdup(f[3]);
        e->licence = sx_strdup(f[4]);
        e->hash = sx_strdup(sx_trim(f[5]));
        if (!e->path || !e->format || !e->source || !e->date || !e->licence || !e->hash)
            rc = sx_error_oom();
    }
    free(text);
    return rc;
}

/* MANIFEST fields are tab-separated lines: a tab or newline in a value would split it. */
static void one_line(char *s)
{
    for (; *s; s++)
        if (*s == '\t' || *s == '\n' || *s == '\r')
            *s = ' ';
}

static int write_manifest(const char *dir, const version *v, char **names)
{
    sx_buf b = {0};
    int rc =
        sx_buf_puts(&b, "# A list version stored by `stratex lists update` (docs/workflow.md).\n"
                        "# FORMAT\tPATH\tSOURCE\tDATE\tLICENCE\tSHA256\n");
    for (size_t i = 0; !rc && i < v->n; i++) {
        const ventry *e = &v->e[i];
        one_line(e->source);
        one_line(e->licence);
        rc = sx_buf_printf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", e->format, names[i], e->source, e->date,
                           e->licence, e->hash);
    }
    char path[WF_PATH];
    rc = rc ? rc : sx_wf_pathf(path, "%s/lists/MANIFEST", dir);
    rc = rc ? rc : sx_file_write_atomic(path, b.ptr, b.len);
    sx_buf_free(&b);
    return rc;
}

/* ---- copying list files into a version ---- */

int sx_wf_copy_file(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sx_file_read(&data, &len, from, (size_t)1 << 30);
    rc = rc ? rc : sx_file_write_atomic(to, data, len);
    free(data);
    return rc;
}

/* A list is a file or (ofac-legacy, uk-tables) a flat folder of files. */
static int copy_list(const char *from, const char *to)
{
    struct stat st;
    if (stat(from, &st) != 0)
        return sx_error_set(SX_EIO, "%s: %s", from, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return sx_wf_copy_file(from, to);
    if (mkdir(to, 0755) != 0 && errno != EEXIST)
        return sx_error_set(SX_EIO, "%s: %s", to, strerror(errno));
    DIR *d = opendir(from);
    if (!d)
        return sx_error_set(SX_EIO, "%s: %s", from, strerror(errno));
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char a[WF_PATH], b[WF_PATH];
        rc = sx_wf_pathf(a, "%s/%s", from, de->d_name);
        rc = rc ? rc : sx_wf_pathf(b, "%s/%s", to, de->d_name);
        if (!rc && stat(a, &st) == 0 && S_ISREG(st.st_mode))
            rc = sx_wf_copy_file(a, b);
    }
    closedir(d);
    return rc;
}

int sx_wf_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        while (d && (de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char sub[WF_PATH];
            if (sx_wf_pathf(sub, "%s/%s", path, de->d_name) == 0)
                sx_wf_remove_tree(sub);
        }
        if (d)
            closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}

int sx_wf_make_dirs(const char *path)
{
    char tmp[WF_PATH];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return sx_error_set(SX_EIO, "%s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
        return sx_error_set(SX_EIO, "%s: %s", tmp, strerror(errno));
    return 0;
}

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *s = path + n;
    while (s > path && s[-1] != '/')
        s--;
    return s;
}

/* ---- the version in force ---- */

typedef struct meta_job {
    char *value;
} meta_job;

static int read_in_force(sx_tx *tx, void *payload)
{
    meta_job *j = payload;
    const char *p[] = {WF_IN_FORCE_KEY};
    return sx_wf_sql_string(tx, &j->value, "SELECT value FROM wf_meta WHERE key = $1", 1, p);
}

int sx_lists_in_force(char out[SX_AUDIT_HASH_HEX], sx_audit *a)
{
    out[0] = '\0';
    meta_job j = {NULL};
    int rc = sx_audit_transact(a, 0, read_in_force, &j);
    if (!rc && j.value)
        snprintf(out, SX_AUDIT_HASH_HEX, "%s", j.value);
    free(j.value);
    return rc;
}

static int version_dir(char out[WF_PATH], const char *snapshots, const char *v)
{
    return sx_wf_pathf(out, "%s/" WF_VERSIONS_DIR "/%s", snapshots, v);
}

static const char *data_dir_or_default(const char *d)
{
    return d ? d : SX_DEFAULT_DATA_DIR;
}

/* An index over the lists of a version folder, read with the term tables of data_dir. */
static int index_dir(sx_screen_index **out, const char *dir, const char *data_dir)
{
    sx_list **lists = NULL;
    size_t n = 0;
    int rc = sx_text_init(data_dir);
    rc = rc ? rc : sx_lists_load_default(&lists, &n, dir);
    rc = rc ? rc : sx_screen_index_build(out, lists, n); /* takes the lists */
    free(lists);
    return rc;
}

int sx_lists_load_version(sx_screen_index **out, sx_audit *a, const char *snapshots,
                          const char *data_dir, const char *v)
{
    *out = NULL;
    char now[SX_AUDIT_HASH_HEX], dir[WF_PATH];
    int rc = 0;
    if (!v) {
        if ((rc = sx_lists_in_force(now, a)) != 0)
            return rc;
        v = now;
    }
    if (!*v)
        return sx_screen_index_load_default(out, data_dir);
    if (!snapshots)
        return sx_error_set(SX_EINVAL, "list version %.12s: no snapshot store given", v);
    if ((rc = version_dir(dir, snapshots, v)) != 0)
        return rc;
    if (access(dir, F_OK) != 0)
        return sx_error_set(SX_ENOTFOUND, "list version %.12s is not in %s", v, snapshots);
    return index_dir(out, dir, data_dir);
}

/* ---- the delta ---- */

typedef struct delta {
    json_t *entities; /* [{"list","id","change","name","fields"}] */
    size_t added, removed, changed;
} delta;

static const char *primary_name(json_t *entity)
{
    json_t *names = json_object_get(entity, "names");
    const char *n = json_string_value(json_object_get(json_array_get(names, 0), "name"));
    return n ? n : "";
}

/* What differs between two records of one entity: the top-level members that differ. */
static json_t *changed_fields(json_t *was, json_t *now)
{
    json_t *fields = json_array();
    const char *key;
    json_t *value;
    json_object_foreach(now, key, value)
    {
        if (strcmp(key, "content_hash") != 0 && !json_equal(value, json_object_get(was, key)))
            json_array_append_new(fields, json_string(key));
    }
    json_object_foreach(was, key, value)
    {
        if (!json_object_get(now, key))
            json_array_append_new(fields, json_string(key));
    }
    return fields;
}

static int note_entity(delta *d, const char *list, const char *id, const char *change,
                       json_t *entity, json_t *fields)
{
    json_t *o = json_pack("{ssssssss}", "list", list, "id", id, "change", change, "name",
                          primary_name(entity));
    if (o && fields)
        json_object_set(o, "fields", fields);
    return o && json_array_append_new(d->entities, o) == 0 ? 0 : sx_error_oom();
}

static const sx_list *find_list(sx_list *const *lists, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(sx_list_name(lists[i]), name) == 0)
            return lists[i];
    return NULL;
}

static int index_ids(sx_strmap *m, const sx_list *l)
{
    for (size_t i = 0; i < sx_list_entity_count(l); i++) {
        const char *id = NULL;
        int rc = sx_list_entity_at(l, i, &id, NULL);
        rc = rc ? rc : sx_strmap_put(m, id, (void *)(uintptr_t)(i + 1));
        if (rc)
            return rc;
    }
    return 0;
}

static int entity_json(json_t **out, const sx_list *l, size_t i)
{
    char *text = NULL;
    int rc = sx_list_entity_json(&text, l, i);
    *out = rc ? NULL : json_loads(text, 0, NULL);
    free(text);
    return rc ? rc : *out ? 0 : sx_error_oom();
}

static int note_removed(delta *d, const sx_list *was, size_t i)
{
    const char *id = NULL;
    json_t *e = NULL;
    int rc = sx_list_entity_at(was, i, &id, NULL);
    rc = rc ? rc : entity_json(&e, was, i);
    rc = rc ? rc : note_entity(d, sx_list_name(was), id, "removed", e, NULL);
    json_decref(e);
    d->removed++;
    return rc;
}

/* One list against its previous version (was may be NULL: every entity is new). */
static int diff_list(delta *d, const sx_list *was, const sx_list *now)
{
    sx_strmap ids;
    memset(&ids, 0, sizeof ids);
    int rc = was ? index_ids(&ids, was) : 0;
    size_t nwas = was ? sx_list_entity_count(was) : 0;
    unsigned char *seen = calloc(nwas ? nwas : 1, 1);
    if (!seen)
        rc = sx_error_oom();
    for (size_t i = 0; !rc && i < sx_list_entity_count(now); i++) {
        const char *id = NULL, *hash = NULL, *old_hash = NULL;
        rc = sx_list_entity_at(now, i, &id, &hash);
        uintptr_t at = rc || !was ? 0 : (uintptr_t)sx_strmap_get(&ids, id);
        if (rc)
            break;
        json_t *e = NULL, *o = NULL;
        if (at) {
            seen[at - 1] = 1;
            rc = sx_list_entity_at(was, at - 1, NULL, &old_hash);
            if (rc || strcmp(old_hash, hash) == 0)
                continue;
            rc = entity_json(&e, now, i);
            rc = rc ? rc : entity_json(&o, was, at - 1);
            json_t *fields = rc ? NULL : changed_fields(o, e);
            rc = rc ? rc : note_entity(d, sx_list_name(now), id, "changed", e, fields);
            json_decref(fields);
            d->changed++;
        } else {
            rc = entity_json(&e, now, i);
            rc = rc ? rc : note_entity(d, sx_list_name(now), id, "added", e, NULL);
            d->added++;
        }
        json_decref(e);
        json_decref(o);
    }
    for (size_t i = 0; !rc && i < nwas; i++)
        if (!seen[i])
            rc = note_removed(d, was, i);
    free(seen);
    sx_strmap_free(&ids);
    return rc;
}

/* Every entity of a list the new version leaves out is removed. */
static int diff_dropped(delta *d, const sx_list *was)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < sx_list_entity_count(was); i++)
        rc = note_removed(d, was, i);
    return rc;
}

static int diff_versions(delta *d, sx_list *const *was, size_t nwas, sx_list *const *now,
                         size_t nnow)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < nnow; i++)
        rc = diff_list(d, find_list(was, nwas, sx_list_name(now[i])), now[i]);
    for (size_t i = 0; !rc && i < nwas; i++)
        if (!find_list(now, nnow, sx_list_name(was[i])))
            rc = diff_dropped(d, was[i]);
    return rc;
}

/* ---- building the new version on disk ---- */

typedef struct update {
    sx_audit *a;
    const sx_lists_update_opts *opts;
    char previous[SX_AUDIT_HASH_HEX]; /* "" before the first update: the bundled lists */
    char base_dir[WF_PATH];           /* the folder holding the previous version's lists/ */
    version v;                        /* the new version's entries */
    char **names;                     /* file names inside the version's lists/ */
    sx_list **was, **now;
    size_t nwas, nnow;
    char id[SX_AUDIT_HASH_HEX];
    char dir[WF_PATH];
    delta d;
    sx_screen_index *ix, *reg;
    char reg_key[SX_AUDIT_HASH_HEX]; /* the register state reg was made for; "" unknown */
    size_t opened, closed, lapsed, cleared;
    json_t *new_cases; /* ids of the cases the re-screening opened */
    int64_t record;
} update;

/* Loads one "FORMAT:PATH": every file is validated before anything else happens. */
static int load_spec(sx_list **out, char **format, const char *spec)
{
    *out = NULL;
    *format = NULL;
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || !colon[1])
        return sx_error_set(SX_EINVAL, "--list must be FORMAT:PATH, not \"%.*s\"",
                            SX_CUT(spec, 60));
    if (!(*format = sx_strndup(spec, (size_t)(colon - spec))))
        return SX_ENOMEM;
    int rc = sx_list_load(out, *format, colon + 1);
    if (rc) {
        free(*format);
        *format = NULL;
    }
    return rc;
}

/* The list of the same name in the version is replaced; another is added.  Takes format. */
static int merge_spec(update *u, const sx_list *l, char *format, const char *path)
{
    size_t at = 0;
    while (at < u->nwas && strcmp(sx_list_name(u->was[at]), sx_list_name(l)) != 0)
        at++;
    if (at >= u->v.n && u->v.n == WF_MAX_LISTS) {
        free(format);
        return sx_error_set(SX_ELIMIT, "a version holds at most %d lists", WF_MAX_LISTS);
    }
    if (at >= u->v.n)
        at = u->v.n++;
    ventry *e = &u->v.e[at];
    free(e->format);
    free(e->path);
    free(e->source);
    free(e->date);
    free(e->licence);
    free(e->hash);
    char day[11];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    e->format = format;
    e->path = sx_strdup(path);
    e->source = sx_strdup(path);
    e->date = sx_strdup(day);
    e->licence = sx_strdup("see the publisher");
    e->hash = sx_strdup(sx_list_hash(l));
    return e->path && e->source && e->date && e->licence && e->hash ? 0 : sx_error_oom();
}

static void ventry_free(ventry *e)
{
    free(e->format);
    free(e->path);
    free(e->source);
    free(e->date);
    free(e->licence);
    free(e->hash);
}

/* Leaves the lists named in opts->drop out of the new version.  Entries 0 .. nwas-1 are
 * the previous version's lists, in order (merge_spec replaces them in place). */
static int drop_lists(update *u)
{
    size_t keep = 0;
    for (size_t i = 0; i < u->v.n; i++) {
        int drop = 0;
        for (size_t k = 0; i < u->nwas && k < u->opts->ndrop; k++)
            drop |= strcmp(sx_list_name(u->was[i]), u->opts->drop[k]) == 0;
        if (drop)
            ventry_free(&u->v.e[i]);
        else
            u->v.e[keep++] = u->v.e[i];
    }
    u->v.n = keep;
    return keep ? 0 : sx_error_set(SX_EINVAL, "a list version must hold at least one list");
}

/* Copies every list of the new version into a temporary folder with its MANIFEST, loads
 * it back (the MANIFEST's hashes checked) and moves it to its content address. */
static int store_version(update *u)
{
    char tmp[WF_PATH];
    int rc = sx_wf_pathf(tmp, "%s/" WF_VERSIONS_DIR "/.new-%ld-%ld", u->opts->snapshots,
                         (long)getpid(), (long)time(NULL));
    char lists[WF_PATH];
    rc = rc ? rc : sx_wf_pathf(lists, "%s/lists", tmp);
    if (rc)
        return rc;
    sx_wf_remove_tree(tmp);
    rc = sx_wf_make_dirs(lists);
    u->names = calloc(u->v.n ? u->v.n : 1, sizeof *u->names);
    if (!u->names)
        rc = sx_error_oom();
    /* Each list in a folder of its own, under its own file name: two lists may share a
     * file name, and a list whose name is its file's (simple-csv) keeps its name from
     * one version to the next, so that its entities are compared, not replaced. */
    for (size_t i = 0; !rc && i < u->v.n; i++) {
        if (asprintf(&u->names[i], "%zu/%s", i + 1, base_name(u->v.e[i].path)) < 0) {
            u->names[i] = NULL;
            rc = sx_error_oom();
            break;
        }
        char to[WF_PATH];
        rc = sx_wf_pathf(to, "%s/%zu", lists, i + 1);
        rc = rc ? rc : sx_wf_make_dirs(to);
        rc = rc ? rc : sx_wf_pathf(to, "%s/%s", lists, u->names[i]);
        rc = rc ? rc : copy_list(u->v.e[i].path, to);
    }
    rc = rc ? rc : write_manifest(tmp, &u->v, u->names);
    rc = rc ? rc : sx_lists_load_default(&u->now, &u->nnow, tmp);
    const char *hashes[WF_MAX_LISTS];
    for (size_t i = 0; !rc && i < u->nnow; i++)
        hashes[i] = sx_list_hash(u->now[i]);
    rc = rc ? rc : sx_wf_version_id(u->id, hashes, u->nnow);
    rc = rc ? rc : version_dir(u->dir, u->opts->snapshots, u->id);
    if (!rc && access(u->dir, F_OK) == 0) {
        sx_wf_remove_tree(tmp); /* content-addressed: the same version is already stored */
    } else if (!rc && rename(tmp, u->dir) != 0) {
        rc = sx_error_set(SX_EIO, "%s: %s", u->dir, strerror(errno));
    }
    if (rc)
        sx_wf_remove_tree(tmp);
    return rc;
}

/* ---- re-screening the register against the delta ---- */

typedef struct party_row {
    json_t *names;
    char *type, *country, *dob, *identifiers;
} party_row;

static int read_party_row(int ncols, const char *const *c, void *payload)
{
    party_row *p = payload;
    p->names = json_loads(c[0] ? c[0] : "[]", 0, NULL);
    char **slots[] = {&p->type, &p->country, &p->dob, &p->identifiers};
    for (int k = 0; k < 4; k++)
        *slots[k] = c[k + 1] ? sx_strdup(c[k + 1]) : NULL;
    return p->names ? 0 : sx_error_oom();
}

/* The party's own names screened forward against the new version, with its evidence, as
 * an import would: the hit on (list, id) at the threshold, or none.  The reverse search
 * only finds the candidates; the forward score decides, so a case from a list update and
 * one from an import mean the same. */
static int confirm_forward(sx_screen_hit *best, const char **query, const sx_screen_index *ix,
                           const sx_wf_party *p, const char *list, const char *id, double threshold)
{
    const char *ids[16];
    char idbuf[1025];
    best->score = -1.0;
    for (size_t k = 0; k < json_array_size(p->names); k++) {
        const char *name = json_string_value(json_array_get(p->names, k));
        sx_screen_opts o = {.threshold = threshold, .limit = 100};
        sx_wf_party_opts(&o, p, ids, idbuf, sizeof idbuf);
        sx_screen_hit *v = NULL;
        size_t n = 0;
        if (sx_screen_query(&v, &n, ix, name, &o) != 0)
            continue; /* what the import accepted it reads again; a refusal finds nothing */
        for (size_t i = 0; i < n; i++)
            if (strcmp(v[i].list, list) == 0 && strcmp(v[i].entity_id, id) == 0 &&
                v[i].score > best->score) {
                *best = v[i];
                *query = name;
            }
        free(v);
    }
    return best->score >= 0.0;
}

static void count_opened(update *u, int opened)
{
    if (opened > 0)
        u->opened++;
    if (opened == 2)
        u->lapsed++;
    else if (opened < 0)
        u->cleared++;
}

/* One party the reverse search found for a list entity: confirmed forward, then a case. */
static int rescreen_party(sx_tx *tx, update *u, const char *party_id, const char *list,
                          const char *id, const char *data_hash)
{
    party_row p = {0};
    const char *q[] = {party_id};
    int rc =
        sx_tx_sql(tx, "SELECT names, type, country, dob, identifiers FROM wf_party WHERE id = $1",
                  1, q, read_party_row, &p);
    sx_wf_party who = {party_id, p.names, p.type, p.country, p.dob, p.identifiers};
    sx_screen_hit fwd;
    const char *query = NULL;
    if (!rc && p.names &&
        confirm_forward(&fwd, &query, u->ix, &who, list, id, u->opts->threshold)) {
        int opened = 0;
        int64_t case_id = 0;
        rc = sx_wf_open_hit(tx, &opened, &case_id, u->ix, &who, query, &fwd, data_hash,
                            u->opts->actor, u->opts->threshold, "list update");
        count_opened(u, opened);
        if (case_id && json_array_append_new(u->new_cases, json_integer(case_id)) != 0)
            rc = sx_error_oom();
    }
    json_decref(p.names);
    free(p.type);
    free(p.country);
    free(p.dob);
    free(p.identifiers);
    return rc;
}

/* One list entity screened against the register: every name of it finds candidate
 * parties, a little below the threshold since the two directions do not score exactly
 * alike; each candidate is confirmed forward (confirm_forward). */
static int rescreen_entity(sx_tx *tx, update *u, const char *list, const char *id,
                           const char *data_hash)
{
    char *text = NULL;
    int rc = sx_screen_entity_json(&text, u->ix, list, id);
    json_t *entity = rc ? NULL : json_loads(text, 0, NULL), *seen = json_object();
    free(text);
    if (rc || !seen) {
        json_decref(entity);
        json_decref(seen);
        return rc ? rc : sx_error_oom();
    }
    json_t *names = json_object_get(entity, "names");
    /* A listed person's names are a person's whatever type the party was given. */
    const char *type = json_string_value(json_object_get(entity, "type"));
    for (size_t k = 0; !rc && k < json_array_size(names); k++) {
        const char *name = json_string_value(json_object_get(json_array_get(names, k), "name"));
        sx_screen_hit *v = NULL;
        size_t n = 0;
        sx_screen_opts o = {.threshold = u->opts->threshold * WF_REVERSE_MARGIN, .limit = 50};
        o.type = type && strcmp(type, "person") == 0 ? type : NULL;
        if (!name || sx_screen_candidates(&v, &n, u->reg, name, &o) != 0)
            continue; /* a list name the engine cannot read (all punctuation) finds no party */
        for (size_t h = 0; !rc && h < n; h++) {
            if (json_object_get(seen, v[h].entity_id))
                continue; /* found by another of the entity's names */
            json_object_set_new(seen, v[h].entity_id, json_true());
            rc = rescreen_party(tx, u, v[h].entity_id, list, id, data_hash);
        }
        free(v);
    }
    json_decref(entity);
    json_decref(seen);
    return rc;
}

/* A removed entity: its active cases are closed by the system, its clearances go. */
static int retire_entity(sx_tx *tx, update *u, const char *list, const char *id)
{
    const char *p[] = {list, id};
    char note[256];
    snprintf(note, sizeof note, "%s no longer lists %s (list version %.12s)", list, id, u->id);
    int rc = sx_wf_close_cases(tx, &u->closed,
                               "SELECT id FROM wf_case WHERE list = $1 AND entity_id = $2 AND"
                               " state <> 'closed' ORDER BY id",
                               2, p, "entity-removed", note);
    return rc ? rc
              : sx_tx_sql(tx, "DELETE FROM wf_clearance WHERE list = $1 AND entity_id = $2", 2, p,
                          NULL, NULL);
}

static json_t *lists_json(update *u)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < u->nnow && arr; i++)
        json_array_append_new(arr,
                              json_pack("{sssssssI}", "name", sx_list_name(u->now[i]), "format",
                                        u->v.e[i].format, "hash", sx_list_hash(u->now[i]),
                                        "entities", (json_int_t)sx_list_entity_count(u->now[i])));
    return arr;
}

static json_t *delta_json(const delta *d, int with_entities)
{
    json_t *o = json_pack("{sIsIsI}", "added", (json_int_t)d->added, "removed",
                          (json_int_t)d->removed, "changed", (json_int_t)d->changed);
    if (o && with_entities)
        json_object_set(o, "entities", d->entities);
    return o;
}

/* The register's index is made before the update's write transaction (prepare_register):
 * at a million parties it takes half a minute when the register changed since the last
 * update, and the store's writers -- every server recording decisions -- would wait for
 * it.  Inside the transaction it is kept only if the register is still the one it was
 * made for (an import may have come in between); otherwise it is made again there. */
static int prepare_register(sx_tx *tx, void *payload)
{
    update *u = payload;
    return sx_wf_register_index(&u->reg, u->reg_key, tx, u->opts->snapshots,
                                data_dir_or_default(u->opts->data_dir));
}

static int register_in_tx(sx_tx *tx, update *u)
{
    char now[SX_AUDIT_HASH_HEX];
    int k = sx_wf_register_key(now, tx, data_dir_or_default(u->opts->data_dir));
    /* Without a key to compare (k < 0) the index is made again: a failure that is the
     * store's shows there. */
    bool same = u->reg_key[0] ? k == 0 && strcmp(now, u->reg_key) == 0 : k == 1 && !u->reg;
    sx_error_clear();
    if (same)
        return 0;
    if (u->reg)
        sx_screen_index_free(u->reg);
    u->reg = NULL;
    return sx_wf_register_index(&u->reg, u->reg_key, tx, u->opts->snapshots,
                                data_dir_or_default(u->opts->data_dir));
}

/* The transaction: the "lists" record, the version in force, the re-screening. */
static int put_in_force(sx_tx *tx, void *payload)
{
    update *u = payload;
    json_t *lists = lists_json(u);
    json_t *req = json_pack("{sssssO}", "version", u->id, "previous", u->previous, "lists", lists);
    if (req && u->opts->actor)
        json_object_set_new(req, "actor", json_string(u->opts->actor));
    json_t *resp = json_pack("{so}", "delta", delta_json(&u->d, 1));
    char *request = NULL, *response = NULL, *delta_text = NULL, *lists_text = NULL;
    char created[SX_AUDIT_CREATED_LEN], *data_hash = NULL;
    int rc = req && resp ? sx_wf_dump(&request, req) : sx_error_oom();
    rc = rc ? rc : sx_wf_dump(&response, resp);
    rc = rc ? rc : sx_wf_dump(&delta_text, json_object_get(resp, "delta"));
    rc = rc ? rc : sx_wf_dump(&lists_text, lists);
    rc = rc ? rc : sx_audit_data_hash(&data_hash, NULL, u->ix);
    sx_audit_entry e = {"lists", request, response, data_hash};
    rc = rc ? rc : sx_tx_append(tx, &u->record, created, &e);
    char rec[32];
    snprintf(rec, sizeof rec, "%" PRId64, u->record);
    const char *p[] = {u->id, rec, created, lists_text, delta_text};
    rc = rc ? rc
            : sx_tx_sql(tx,
                        "INSERT INTO wf_list_version(version, seq, created, lists, delta, record)"
                        " VALUES ($1, $2, $3, $4, $5, $2) ON CONFLICT (version) DO UPDATE SET"
                        " seq = excluded.seq, created = excluded.created, delta = excluded.delta,"
                        " record = excluded.record",
                        5, p, NULL, NULL);
    const char *m[] = {WF_IN_FORCE_KEY, u->id};
    rc = rc ? rc
            : sx_tx_sql(tx,
                        "INSERT INTO wf_meta(key, value) VALUES ($1, $2) ON CONFLICT (key)"
                        " DO UPDATE SET value = excluded.value",
                        2, m, NULL, NULL);
    rc = rc ? rc : register_in_tx(tx, u);
    for (size_t i = 0; !rc && i < json_array_size(u->d.entities); i++) {
        json_t *en = json_array_get(u->d.entities, i);
        const char *list = json_string_value(json_object_get(en, "list"));
        const char *id = json_string_value(json_object_get(en, "id"));
        const char *change = json_string_value(json_object_get(en, "change"));
        if (strcmp(change, "removed") == 0)
            rc = retire_entity(tx, u, list, id);
        else if (u->reg)
            rc = rescreen_entity(tx, u, list, id, data_hash);
    }
    json_decref(lists);
    json_decref(req);
    json_decref(resp);
    free(request);
    free(response);
    free(delta_text);
    free(lists_text);
    free(data_hash);
    return rc;
}

/* The bundled lists, in force until the first update, are kept as a version too (their
 * MANIFEST and files copied as they are): screenings made with them replay with them. */
static int keep_bundled(update *u)
{
    const char *hashes[WF_MAX_LISTS];
    for (size_t i = 0; i < u->nwas && i < WF_MAX_LISTS; i++)
        hashes[i] = sx_list_hash(u->was[i]);
    char dir[WF_PATH], tmp[WF_PATH], from[WF_PATH], to[WF_PATH];
    int rc = sx_wf_version_id(u->previous, hashes, u->nwas < WF_MAX_LISTS ? u->nwas : WF_MAX_LISTS);
    rc = rc ? rc : version_dir(dir, u->opts->snapshots, u->previous);
    if (rc || access(dir, F_OK) == 0)
        return rc;
    rc = sx_wf_pathf(tmp, "%s.new-%ld", dir, (long)getpid());
    rc = rc ? rc : sx_wf_pathf(to, "%s/lists", tmp);
    rc = rc ? rc : sx_wf_make_dirs(to);
    for (size_t i = 0; !rc && i < u->v.n; i++) {
        rc = sx_wf_pathf(to, "%s/lists/%s", tmp, base_name(u->v.e[i].path));
        rc = rc ? rc : copy_list(u->v.e[i].path, to);
    }
    rc = rc ? rc : sx_wf_pathf(from, "%s/lists/MANIFEST", u->base_dir);
    rc = rc ? rc : sx_wf_pathf(to, "%s/lists/MANIFEST", tmp);
    rc = rc ? rc : sx_wf_copy_file(from, to);
    if (!rc && rename(tmp, dir) != 0 && access(dir, F_OK) != 0)
        rc = sx_error_set(SX_EIO, "%s: %s", dir, strerror(errno));
    sx_wf_remove_tree(tmp);
    return rc;
}

static int load_previous(update *u)
{
    int rc = sx_lists_in_force(u->previous, u->a);
    if (rc)
        return rc;
    int bundled = !u->previous[0];
    if (!bundled)
        rc = version_dir(u->base_dir, u->opts->snapshots, u->previous);
    else
        rc = sx_wf_pathf(u->base_dir, "%s", data_dir_or_default(u->opts->data_dir));
    rc = rc ? rc : read_manifest(&u->v, u->base_dir);
    rc = rc ? rc : sx_lists_load_default(&u->was, &u->nwas, u->base_dir);
    return rc || !bundled ? rc : keep_bundled(u);
}

static json_t *report_json(update *u, int unchanged)
{
    json_t *o =
        json_pack("{sssssosbsosIsIsIsIsI}", "version", u->id, "previous", u->previous, "lists",
                  lists_json(u), "unchanged", unchanged, "delta", delta_json(&u->d, 1),
                  "cases_opened", (json_int_t)u->opened, "cases_closed", (json_int_t)u->closed,
                  "clearances_lapsed", (json_int_t)u->lapsed, "hits_cleared",
                  (json_int_t)u->cleared, "record", (json_int_t)u->record);
    if (o)
        json_object_set(o, "new_cases", u->new_cases);
    return o;
}

static void update_free(update *u)
{
    for (size_t i = 0; u->names && i < u->v.n; i++) /* before version_free empties v */
        free(u->names[i]);
    free(u->names);
    version_free(&u->v);
    for (size_t i = 0; i < u->nwas; i++)
        sx_list_free(u->was[i]);
    free(u->was);
    if (u->ix)
        sx_screen_index_free(u->ix);
    else {
        for (size_t i = 0; i < u->nnow; i++)
            sx_list_free(u->now[i]);
    }
    free(u->now);
    if (u->reg)
        sx_screen_index_free(u->reg);
    json_decref(u->d.entities);
    json_decref(u->new_cases);
}

int sx_lists_update(char **report, sx_audit *a, const char *const *specs, size_t nspecs,
                    const sx_lists_update_opts *opts)
{
    *report = NULL;
    if (!a || !opts || !opts->snapshots)
        return sx_error_set(SX_EINVAL, "lists update: a store and a snapshot folder are required");
    update *u = calloc(1, sizeof *u);
    if (!u)
        return sx_error_oom();
    sx_lists_update_opts o = *opts;
    if (o.threshold <= 0)
        o.threshold = sx_screen_default_threshold();
    u->a = a;
    u->opts = &o;
    u->d.entities = json_array();
    u->new_cases = json_array();
    /* every given file is loaded before anything is stored: a bad one changes nothing */
    sx_list **given = calloc(nspecs ? nspecs : 1, sizeof *given);
    char **formats = calloc(nspecs ? nspecs : 1, sizeof *formats);
    int rc = u->d.entities && u->new_cases && given && formats ? 0 : sx_error_oom();
    for (size_t i = 0; !rc && i < nspecs; i++)
        rc = load_spec(&given[i], &formats[i], specs[i]);
    rc = rc ? rc : load_previous(u);
    for (size_t i = 0; !rc && i < nspecs; i++) {
        rc = merge_spec(u, given[i], formats[i], strchr(specs[i], ':') + 1);
        formats[i] = NULL; /* merge_spec took it */
    }
    for (size_t i = 0; given && i < nspecs; i++) {
        sx_list_free(given[i]);
        free(formats ? formats[i] : NULL);
    }
    if (!rc)
        rc = drop_lists(u);
    free(given);
    free(formats);
    char versions[WF_PATH];
    rc = rc ? rc : sx_wf_pathf(versions, "%s/" WF_VERSIONS_DIR, o.snapshots);
    rc = rc ? rc : sx_wf_make_dirs(versions);
    rc = rc ? rc : store_version(u);
    int unchanged = !rc && strcmp(u->id, u->previous) == 0;
    rc = rc || unchanged ? rc : diff_versions(&u->d, u->was, u->nwas, u->now, u->nnow);
    size_t nnow = u->nnow;
    if (!rc && !unchanged) { /* the index takes the lists; lists_json reads them through it */
        rc = sx_text_init(o.data_dir);
        rc = rc ? rc : sx_screen_index_build(&u->ix, u->now, nnow);
        if (rc)
            u->nnow = 0;
    }
    rc = rc || unchanged ? rc : sx_audit_transact(a, 0, prepare_register, u);
    rc = rc || unchanged ? rc : sx_audit_transact(a, 1, put_in_force, u);
    json_t *rep = rc ? NULL : report_json(u, unchanged);
    rc = rc ? rc : rep ? sx_wf_dump(report, rep) : sx_error_oom();
    json_decref(rep);
    update_free(u);
    free(u);
    return rc;
}

/* ---- status and diff ---- */

static int collect_version(int ncols, const char *const *c, void *payload)
{
    json_t *lists = json_loads(c[2], 0, NULL), *d = json_loads(c[3], 0, NULL);
    if (d)
        json_object_del(d, "entities");
    json_t *o = json_pack("{sssssososo}", "version", c[0], "created", c[1], "lists",
                          lists ? lists : json_array(), "delta", d ? d : json_object(), "record",
                          json_integer(strtoll(c[4], NULL, 10)));
    return o && json_array_append_new(payload, o) == 0 ? 0 : sx_error_oom();
}

typedef struct status_job {
    json_t *versions;
    char *in_force;
} status_job;

static int read_status(sx_tx *tx, void *payload)
{
    status_job *j = payload;
    const char *p[] = {WF_IN_FORCE_KEY};
    int rc = sx_wf_sql_string(tx, &j->in_force, "SELECT value FROM wf_meta WHERE key = $1", 1, p);
    return rc ? rc
              : sx_tx_sql(tx,
                          "SELECT version, created, lists, delta, record FROM wf_list_version"
                          " ORDER BY seq DESC",
                          0, NULL, collect_version, j->versions);
}

int sx_lists_status_json(char **out, sx_audit *a)
{
    *out = NULL;
    status_job j = {json_array(), NULL};
    int rc = j.versions ? sx_audit_transact(a, 0, read_status, &j) : sx_error_oom();
    json_t *o =
        rc ? NULL
           : json_pack("{sssO}", "in_force", j.in_force ? j.in_force : "", "versions", j.versions);
    rc = rc ? rc : o ? sx_wf_dump(out, o) : sx_error_oom();
    json_decref(o);
    json_decref(j.versions);
    free(j.in_force);
    return rc;
}

typedef struct diff_job {
    const char *version;
    char *delta, *found;
} diff_job;

static int read_diff(sx_tx *tx, void *payload)
{
    diff_job *j = payload;
    const char *p[] = {WF_IN_FORCE_KEY};
    int rc = 0;
    if (!j->version) {
        rc = sx_wf_sql_string(tx, &j->found, "SELECT value FROM wf_meta WHERE key = $1", 1, p);
        if (!rc && !j->found)
            return sx_error_set(SX_ENOTFOUND, "no list version in force: the bundled lists are "
                                              "(run `stratex lists update`)");
        j->version = j->found;
    }
    const char *q[] = {j->version};
    rc = rc ? rc
            : sx_wf_sql_string(tx, &j->delta,
                               "SELECT delta FROM wf_list_version WHERE version = $1", 1, q);
    if (!rc && !j->delta)
        rc = sx_error_set(SX_ENOTFOUND, "list version %.*s not found", SX_CUT(j->version, 64));
    return rc;
}

int sx_lists_diff_json(char **out, sx_audit *a, const char *v)
{
    *out = NULL;
    diff_job j = {v, NULL, NULL};
    int rc = sx_audit_transact(a, 0, read_diff, &j);
    json_t *d = rc ? NULL : json_loads(j.delta, 0, NULL);
    json_t *o = d ? json_pack("{ssso}", "version", j.version, "delta", d) : NULL;
    rc = rc ? rc : o ? sx_wf_dump(out, o) : sx_error_oom();
    json_decref(o);
    free(j.delta);
    free(j.found);
    return rc;
}
