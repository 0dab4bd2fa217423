/* `stratex lists fetch`: the publishers' files downloaded with libcurl (conditional
 * requests, size and time limits) into a staging folder, made a list version by
 * sx_lists_update(), and only then kept as the last download.  A failed or partial
 * download changes nothing (docs/workflow.md). */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/workflow/wf.h"
#include "stratex/errors.h"
#include "stratex/version.h"
#include "util/error.h"
#include "util/file.h"
#include "util/jsonmem.h"
#include "util/sha256.h"
#include "util/strutil.h"
#include "util/utf8.h"

#define WF_FETCH_MAX_SOURCES 64
#define WF_FETCH_DEFAULT_MAX ((size_t)512 << 20)
#define WF_FETCH_DEFAULT_TIMEOUT 300L
#define WF_FETCH_CONNECT_TIMEOUT 30L

typedef struct source {
    char *format, *path, *file, *url, *replaces;
} source;

typedef struct sources {
    source s[WF_FETCH_MAX_SOURCES];
    size_t n;
} sources;

static void sources_free(sources *ss)
{
    for (size_t i = 0; i < ss->n; i++) {
        free(ss->s[i].format);
        free(ss->s[i].path);
        free(ss->s[i].file);
        free(ss->s[i].url);
        free(ss->s[i].replaces);
    }
}

/* A relative name without "..", so a sources file cannot write outside the staging folder. */
static int safe_name(const char *s)
{
    if (!*s || *s == '/' || strstr(s, "..") || strchr(s, '\\'))
        return 0;
    return 1;
}

static int read_sources(sources *ss, const char *path)
{
    char *text = NULL, *cursor, *f[6];
    size_t len = 0, lineno = 0, nf;
    int rc = sx_file_read(&text, &len, path, (size_t)1 << 20);
    cursor = text;
    while (!rc && (nf = sx_wf_tsv_next(&cursor, &lineno, f, 6)) > 0) {
        if (nf < 5 || ss->n == WF_FETCH_MAX_SOURCES) {
            rc = sx_error_set(SX_EPARSE,
                              "%s:%zu: expected FORMAT, PATH, FILE, URL, REPLACES "
                              "separated by tabs",
                              path, lineno);
            break;
        }
        if (!safe_name(f[1]) || (strcmp(f[2], "-") != 0 && !safe_name(f[2]))) {
            rc = sx_error_set(SX_EPARSE, "%s:%zu: PATH and FILE must be relative names", path,
                              lineno);
            break;
        }
        if (strncmp(f[3], "http://", 7) != 0 && strncmp(f[3], "https://", 8) != 0) {
            rc = sx_error_set(SX_EPARSE, "%s:%zu: only http:// and https:// addresses", path,
                              lineno);
            break;
        }
        source *s = &ss->s[ss->n++];
        s->format = sx_strdup(f[0]);
        s->path = sx_strdup(f[1]);
        s->file = strcmp(f[2], "-") == 0 ? NULL : sx_strdup(f[2]);
        s->url = sx_strdup(f[3]);
        s->replaces = strcmp(f[4], "-") == 0 ? NULL : sx_strdup(f[4]);
        if (!s->format || !s->path || !s->url)
            rc = sx_error_oom();
    }
    if (!rc && ss->n == 0)
        rc = sx_error_set(SX_EPARSE, "%s: no sources", path);
    free(text);
    return rc;
}

/* ---- one download ---- */

typedef struct transfer {
    FILE *out;
    size_t bytes, max;
    int too_big;
    char etag[256], last_modified[128];
} transfer;

static size_t on_body(char *data, size_t size, size_t n, void *payload)
{
    transfer *t = payload;
    size_t len = size * n;
    if (t->bytes + len > t->max) {
        t->too_big = 1;
        return 0; /* aborts the transfer */
    }
    t->bytes += len;
    return fwrite(data, 1, len, t->out);
}

/* Keeps the validators of the answer, for the next conditional request. */
static size_t on_header(char *data, size_t size, size_t n, void *payload)
{
    transfer *t = payload;
    size_t len = size * n;
    char *slot = NULL;
    size_t cap = 0, skip = 0;
    if (len > 5 && strncasecmp(data, "ETag:", 5) == 0) {
        slot = t->etag, cap = sizeof t->etag, skip = 5;
    } else if (len > 14 && strncasecmp(data, "Last-Modified:", 14) == 0) {
        slot = t->last_modified, cap = sizeof t->last_modified, skip = 14;
    }
    if (slot) {
        const char *v = data + skip;
        size_t vl = len - skip;
        while (vl && (*v == ' ' || *v == '\t'))
            v++, vl--;
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
            vl--;
        snprintf(slot, cap, "%.*s", (int)(vl < cap ? vl : cap - 1), v);
    }
    return len;
}

typedef struct fetch_one {
    const source *src;
    char dest[WF_PATH], prev[WF_PATH], meta_prev[WF_PATH], meta_dest[WF_PATH];
    long status;
    size_t bytes;
    int not_modified;
} fetch_one;

static void read_meta(const char *path, char *etag, size_t ecap, char *lm, size_t lcap)
{
    char *text = NULL;
    size_t len = 0;
    etag[0] = lm[0] = '\0';
    if (sx_file_read(&text, &len, path, 4096) != 0)
        return;
    json_t *m = json_loads(text, 0, NULL);
    const char *e = json_string_value(json_object_get(m, "etag"));
    const char *l = json_string_value(json_object_get(m, "last_modified"));
    snprintf(etag, ecap, "%s", e ? e : "");
    snprintf(lm, lcap, "%s", l ? l : "");
    json_decref(m);
    free(text);
}

static int download(fetch_one *f, const sx_lists_fetch_opts *o)
{
    char etag[256], lm[128], tmp[WF_PATH + 8];
    int have_prev = access(f->prev, F_OK) == 0;
    if (have_prev)
        read_meta(f->meta_prev, etag, sizeof etag, lm, sizeof lm);
    else
        etag[0] = lm[0] = '\0';
    snprintf(tmp, sizeof tmp, "%s.part", f->dest);
    transfer t = {.max = o->max_bytes ? o->max_bytes : WF_FETCH_DEFAULT_MAX};
    if (!(t.out = fopen(tmp, "wb")))
        return sx_error_set(SX_EIO, "%s: %s", tmp, strerror(errno));
    CURL *c = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char h[400];
    if (etag[0]) {
        snprintf(h, sizeof h, "If-None-Match: %s", etag);
        hdrs = curl_slist_append(hdrs, h);
    }
    if (lm[0]) {
        snprintf(h, sizeof h, "If-Modified-Since: %s", lm);
        hdrs = curl_slist_append(hdrs, h);
    }
    char agent[64];
    snprintf(agent, sizeof agent, "stratex/%s", sx_version());
    curl_easy_setopt(c, CURLOPT_URL, f->src->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, WF_FETCH_CONNECT_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_TIMEOUT,
                     o->timeout_s > 0 ? o->timeout_s : WF_FETCH_DEFAULT_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t.max);
    curl_easy_setopt(c, CURLOPT_USERAGENT, agent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    CURLcode cc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    int closed = fclose(t.out);
    f->bytes = t.bytes;
    int rc = 0;
    if (t.too_big || cc == CURLE_FILESIZE_EXCEEDED)
        rc = sx_error_set(SX_ELIMIT, "%s: larger than %zu bytes", f->src->url, t.max);
    else if (cc != CURLE_OK)
        rc = sx_error_set(SX_EIO, "%s: %s", f->src->url, curl_easy_strerror(cc));
    else if (closed != 0)
        rc = sx_error_set(SX_EIO, "%s: %s", tmp, strerror(errno));
    else if (f->status == 304 && have_prev)
        f->not_modified = 1;
    else if (f->status != 200)
        rc = sx_error_set(SX_EIO, "%s: HTTP %ld", f->src->url, f->status);
    if (!rc && f->not_modified) {
        unlink(tmp);
        rc = sx_wf_copy_file(f->prev, f->dest);
        if (!rc && access(f->meta_prev, F_OK) == 0)
            rc = sx_wf_copy_file(f->meta_prev, f->meta_dest);
        return rc;
    }
    if (rc) {
        unlink(tmp);
        return rc;
    }
    if (rename(tmp, f->dest) != 0)
        return sx_error_set(SX_EIO, "%s: %s", f->dest, strerror(errno));
    json_t *m =
        json_pack("{ssssss}", "url", f->src->url, "etag", t.etag, "last_modified", t.last_modified);
    char *text = m ? sx_json_dumps(m, JSON_COMPACT) : NULL;
    json_decref(m);
    rc = text ? sx_file_write_atomic(f->meta_dest, text, strlen(text)) : sx_error_oom();
    free(text);
    return rc;
}

/* ---- folders ---- */

/* The meta file of a URL: named by the URL's hash, so any address maps to a file name. */
static int meta_path(char out[WF_PATH], const char *dir, const char *url)
{
    char h[SX_SHA256_HEX];
    int rc = sx_sha256_hex(h, url, strlen(url));
    return rc ? rc : sx_wf_pathf(out, "%s/.meta/%s.json", dir, h);
}

static int prepare_one(fetch_one *f, const source *s, const char *staging, const char *current)
{
    memset(f, 0, sizeof *f);
    f->src = s;
    char dir[WF_PATH];
    int rc = s->file ? sx_wf_pathf(f->dest, "%s/%s/%s", staging, s->path, s->file)
                     : sx_wf_pathf(f->dest, "%s/%s", staging, s->path);
    rc = rc        ? rc
         : s->file ? sx_wf_pathf(f->prev, "%s/%s/%s", current, s->path, s->file)
                   : sx_wf_pathf(f->prev, "%s/%s", current, s->path);
    rc = rc ? rc : meta_path(f->meta_prev, current, s->url);
    rc = rc ? rc : meta_path(f->meta_dest, staging, s->url);
    rc = rc ? rc : sx_wf_pathf(dir, "%s", f->dest);
    if (!rc) {
        *strrchr(dir, '/') = '\0';
        rc = sx_wf_make_dirs(dir);
    }
    if (!rc) {
        snprintf(dir, sizeof dir, "%s", f->meta_dest);
        *strrchr(dir, '/') = '\0';
        rc = sx_wf_make_dirs(dir);
    }
    return rc;
}

/* ---- the whole fetch ---- */

typedef struct fetch_job {
    sources ss;
    fetch_one one[WF_FETCH_MAX_SOURCES];
    char staging[WF_PATH], current[WF_PATH], old[WF_PATH];
    const char *specs[WF_FETCH_MAX_SOURCES], *drop[WF_FETCH_MAX_SOURCES];
    char spec_buf[WF_FETCH_MAX_SOURCES][WF_PATH + 32];
    size_t nspecs, ndrop;
} fetch_job;

/* One spec per list (FORMAT and PATH), and the lists they replace. */
static int plan_lists(fetch_job *j)
{
    for (size_t i = 0; i < j->ss.n; i++) {
        const source *s = &j->ss.s[i];
        char spec[WF_PATH + 32];
        int rc = sx_wf_pathf(spec, "%s:%s/%s", s->format, j->staging, s->path);
        if (rc)
            return rc;
        size_t k = 0;
        while (k < j->nspecs && strcmp(j->spec_buf[k], spec) != 0)
            k++;
        if (k == j->nspecs) {
            memcpy(j->spec_buf[k], spec, sizeof spec);
            j->specs[j->nspecs++] = j->spec_buf[k];
        }
        if (!s->replaces)
            continue;
        k = 0;
        while (k < j->ndrop && strcmp(j->drop[k], s->replaces) != 0)
            k++;
        if (k == j->ndrop)
            j->drop[j->ndrop++] = s->replaces;
    }
    return 0;
}

static json_t *downloads_json(const fetch_job *j)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < j->ss.n; i++)
        json_array_append_new(arr, json_pack("{sssssI}", "url", j->one[i].src->url, "status",
                                             j->one[i].not_modified ? "not-modified" : "downloaded",
                                             "bytes", (json_int_t)j->one[i].bytes));
    return arr;
}

/* The staging folder becomes the last download, only after the version is in force. */
static int keep_staging(fetch_job *j)
{
    if (access(j->current, F_OK) == 0 && rename(j->current, j->old) != 0)
        return sx_error_set(SX_EIO, "%s: %s", j->current, strerror(errno));
    if (rename(j->staging, j->current) != 0)
        return sx_error_set(SX_EIO, "%s: %s", j->current, strerror(errno));
    sx_wf_remove_tree(j->old);
    return 0;
}

int sx_lists_fetch(char **report, sx_audit *a, const sx_lists_fetch_opts *opts)
{
    *report = NULL;
    if (!a || !opts || !opts->snapshots)
        return sx_error_set(SX_EINVAL, "lists fetch: a store and a snapshot folder are required");
    fetch_job *j = calloc(1, sizeof *j);
    if (!j)
        return sx_error_oom();
    char sources_path[WF_PATH];
    int rc = opts->sources ? sx_wf_pathf(sources_path, "%s", opts->sources)
                           : sx_wf_pathf(sources_path, "%s/lists/PUBLISHERS",
                                         opts->data_dir ? opts->data_dir : SX_DEFAULT_DATA_DIR);
    rc = rc ? rc : read_sources(&j->ss, sources_path);
    rc = rc ? rc : sx_wf_pathf(j->current, "%s/downloads/current", opts->snapshots);
    rc = rc ? rc
            : sx_wf_pathf(j->staging, "%s/downloads/.staging-%ld-%ld", opts->snapshots,
                          (long)getpid(), (long)time(NULL));
    rc = rc ? rc
            : sx_wf_pathf(j->old, "%s/downloads/.old-%ld-%ld", opts->snapshots, (long)getpid(),
                          (long)time(NULL));
    if (!rc && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        rc = sx_error_set(SX_EIO, "libcurl could not be initialised");
    for (size_t i = 0; !rc && i < j->ss.n; i++)
        rc = prepare_one(&j->one[i], &j->ss.s[i], j->staging, j->current);
    for (size_t i = 0; !rc && i < j->ss.n; i++)
        rc = download(&j->one[i], opts);
    rc = rc ? rc : plan_lists(j);
    char *update = NULL;
    if (!rc) {
        sx_lists_update_opts u = {.data_dir = opts->data_dir,
                                  .snapshots = opts->snapshots,
                                  .actor = opts->actor,
                                  .threshold = opts->threshold,
                                  .drop = j->drop,
                                  .ndrop = j->ndrop};
        rc = sx_lists_update(&update, a, j->specs, j->nspecs, &u);
    }
    rc = rc ? rc : keep_staging(j);
    if (rc)
        sx_wf_remove_tree(j->staging); /* nothing downloaded is kept: the next fetch starts over */
    json_t *o = rc ? NULL
                   : json_pack("{soso}", "downloads", downloads_json(j), "update",
                               json_loads(update, 0, NULL));
    rc = rc ? rc : o ? sx_wf_dump(report, o) : sx_error_oom();
    json_decref(o);
    free(update);
    sources_free(&j->ss);
    free(j);
    return rc;
}
