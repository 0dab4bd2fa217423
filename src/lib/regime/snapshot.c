/* Content-addressed snapshots of the regime data, so a decision recorded years ago can be
 * replayed with the very data it used (docs/audit.md, "Replay").
 *
 * A snapshot is one file, <store>/<hash>.regimes, named by the set's SHA-256: a header
 * line, then for each data file "path length\n" followed by its bytes.  Loading extracts the
 * files into a private temporary folder, loads them with the ordinary loader (so a
 * snapshot is validated like live data) and checks the hash again: a snapshot that does
 * not hash to its name is refused. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/regime/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"

#define SNAPSHOT_MAGIC "stratex-regimes-snapshot 1\n"
#define MAX_SNAPSHOT_BYTES ((size_t)256 << 20)

static bool valid_hash(const char *h)
{
    if (!h || strlen(h) != 64)
        return false;
    for (; *h; h++)
        if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f')))
            return false;
    return true;
}

static int snapshot_path(char *out, size_t cap, const char *store, const char *hash)
{
    if (!valid_hash(hash))
        return sx_error_set(SX_EINVAL, "snapshot: \"%.70s\" is not a data hash", hash ? hash : "");
    if ((size_t)snprintf(out, cap, "%s/%s.regimes", store, hash) >= cap)
        return sx_error_set(SX_EINVAL, "snapshot: store path too long");
    return 0;
}

int sx_regimes_snapshot_save(const sx_regimes *r, const char *store)
{
    char path[4096];
    int rc = r && store ? snapshot_path(path, sizeof path, store, r->hash)
                        : sx_error_set(SX_EINVAL, "sx_regimes_snapshot_save: NULL argument");
    if (rc)
        return rc;
    if (access(path, F_OK) == 0)
        return 0; /* content-addressed: an existing snapshot is this one */
    if (mkdir(store, 0755) != 0 && errno != EEXIST)
        return sx_error_set(SX_EIO, "%s: cannot create the snapshot folder: %s", store, strerror(errno));
    sx_buf b = SX_BUF_INIT;
    sx_buf_puts(&b, SNAPSHOT_MAGIC);
    for (const sx_regime_file *f = r->files; f; f = f->next) {
        sx_buf_printf(&b, "%s %zu\n", f->path, f->len);
        sx_buf_put(&b, f->data, f->len);
    }
    rc = b.ptr ? sx_file_write_atomic(path, b.ptr, b.len) : sx_error_oom();
    sx_buf_free(&b);
    return rc;
}

/* Writes every file of the archive under dir/regimes/. */
static int extract(const char *data, size_t len, const char *dir, const char *name)
{
    size_t magic = strlen(SNAPSHOT_MAGIC);
    if (len < magic || memcmp(data, SNAPSHOT_MAGIC, magic) != 0)
        return sx_error_set(SX_EDATA, "%s: not a stratex regime snapshot", name);
    for (size_t at = magic; at < len;) {
        const char *nl = memchr(data + at, '\n', len - at);
        char rel[512], full[4700];
        size_t n = 0;
        if (!nl || (size_t)(nl - (data + at)) >= sizeof rel)
            return sx_error_set(SX_EDATA, "%s: truncated entry header at byte %zu", name, at);
        memcpy(rel, data + at, (size_t)(nl - (data + at)));
        rel[nl - (data + at)] = '\0';
        char *space = strrchr(rel, ' ');
        if (!space || sscanf(space + 1, "%zu", &n) != 1 || strstr(rel, "..") || rel[0] == '/')
            return sx_error_set(SX_EDATA, "%s: bad entry header at byte %zu", name, at);
        *space = '\0';
        at = (size_t)(nl - data) + 1;
        if (n > len - at)
            return sx_error_set(SX_EDATA, "%s: %s is truncated", name, rel);
        snprintf(full, sizeof full, "%s/regimes/%s", dir, rel);
        char *slash = strrchr(full, '/');
        *slash = '\0';
        if (mkdir(full, 0700) != 0 && errno != EEXIST)
            return sx_error_set(SX_EIO, "%s: %s", full, strerror(errno));
        *slash = '/';
        int rc = sx_file_write_atomic(full, data + at, n);
        if (rc)
            return rc;
        at += n;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

/* Deletes the temporary folder bottom-up; it holds only what extract() wrote. */
static void remove_tree(const char *dir) { nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS); }

int sx_regimes_snapshot_load(sx_regimes **out, const char *store, const char *hash)
{
    char path[4096];
    int rc = out && store ? snapshot_path(path, sizeof path, store, hash)
                          : sx_error_set(SX_EINVAL, "sx_regimes_snapshot_load: NULL argument");
    if (rc)
        return rc;
    char *data;
    size_t len;
    if (access(path, F_OK) != 0)
        return sx_error_set(SX_ENOTFOUND, "no snapshot of regime data %s in %s", hash, store);
    if ((rc = sx_file_read(&data, &len, path, MAX_SNAPSHOT_BYTES)) != 0)
        return rc;
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/stratex-snapshot-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        free(data);
        return sx_error_set(SX_EIO, "snapshot: cannot create a temporary folder: %s", strerror(errno));
    }
    char regimes[4200];
    snprintf(regimes, sizeof regimes, "%s/regimes", dir);
    rc = mkdir(regimes, 0700) == 0 ? 0 : sx_error_set(SX_EIO, "%s: %s", regimes, strerror(errno));
    if (!rc)
        rc = extract(data, len, dir, path);
    free(data);
    sx_regimes *r = NULL;
    if (!rc)
        rc = sx_regimes_load(&r, dir);
    remove_tree(dir);
    if (!rc && strcmp(r->hash, hash) != 0) {
        rc = sx_error_set(SX_EINTEGRITY, "%s: the snapshot hashes to %s, not to its name", path, r->hash);
        sx_regimes_free(r);
    }
    if (!rc)
        *out = r;
    return rc;
}
