/* The index file: a built screening index written once and opened by later processes
 * (memory-mapped, checked, a few pointer tables rebuilt), so `stratex screen NAME` does
 * not re-read the lists and re-analyse every name.  Layout: a fixed header (magic,
 * format, byte order, size, checksum, the key it was built for, a section table), then
 * 32-byte aligned sections; every reference inside is an offset, never a pointer. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unicode/uversion.h>
#include <unistd.h>

#include "lib/screen/index.h"
#include "lib/screen/lists/loader.h"
#include "lib/screen/textint.h"
#include "stratex/version.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/sha256.h"
#include "util/strmap.h"

#define IX_MAGIC "SXSCRIX\n"
#define IX_FORMAT 51u /* bumped whenever the layout or what the index holds changes */
#define IX_POSTINGS 4 /* sets of postings per class of key: letters, skeleton, consonants,
                        * words' marks */
#define IX_BYTE_ORDER 0x01020304u
#define IX_HEADER 8192 /* bytes; sections start here */
#define IX_FOLDER_MAX 4096 /* the data folder's path, NUL included */
#define IX_ALIGN 32
#define IX_MAX_FILE ((uint64_t)4 << 30) /* larger files are refused as foreign */

enum {
    S_STR, S_LISTS, S_ENTS, S_ENAMES, S_EVALS, S_EIDS, S_NAMES, S_KEYS, S_KTOK, S_KW, S_KLEN,
    S_KKIND, S_DF, S_TWIN, S_CJK, S_KCLEN,
    S_POST0, /* then tri_off, tri_post, sk_off, sk_post, cn_off, cn_post, wm_off, wm_post per
              * class of key */
    S_COUNT = S_POST0 + 2 * IX_POSTINGS * SX_KEY_CLASSES
};

typedef struct ix_header {
    char magic[8];
    uint32_t format, byte_order;
    uint64_t file_size;
    uint64_t checksum; /* over bytes [IX_HEADER, file_size) */
    char key[SX_SHA256_HEX];
    char index_hash[SX_SHA256_HEX];
    uint32_t sizes[8]; /* sizeof of the records below, so a foreign build is refused */
    uint64_t nkeys, nnames, nents, nlists, ncjk, ntok;
    struct {
        uint64_t off, len;
    } sect[S_COUNT];
    char folder[IX_FOLDER_MAX]; /* the data folder indexed, absolute; "" when not known */
} ix_header;

_Static_assert(sizeof(ix_header) <= IX_HEADER, "index file header too large");

typedef struct ix_list {
    uint32_t name, format, source_date, issuer, hash, ent0, nents, pad;
} ix_list;

typedef struct ix_ent {
    char content_hash[SX_SHA256_HEX - 1]; /* inline: opening reads records in order */
    uint8_t type;                         /* index into entity_types */
    uint32_t id, source, url, licence_requirement, licence_policy, notice, issuer;
    uint32_t names0, nnames, progs0, nprogs, countries0, ncountries, ids0, nids, dobs0, ndobs;
} ix_ent;

/* The canonical entity types (sx_lb_type), stored by number. */
static const char *const entity_types[] = {"unknown", "person", "organization", "vessel",
                                           "aircraft"};

static uint8_t type_code(const char *type)
{
    for (size_t i = 0; i < sizeof entity_types / sizeof entity_types[0]; i++)
        if (strcmp(type, entity_types[i]) == 0)
            return (uint8_t)i;
    return 0;
}

/* In ix_name.kind, above the sx_name_kind: sx_ix_name.short_form, .beside and .inside. */
#define IX_SHORT_FORM (1u << 8)
#define IX_BESIDE (1u << 9)
#define IX_INSIDE (1u << 10)

typedef struct ix_name {
    uint32_t entity, kind, scripts, text, core, legal_form;
    uint32_t key0[SX_KEY_CLASSES], nkeys[SX_KEY_CLASSES]; /* as sx_ix_name */
} ix_name;

typedef struct sx_ix_file_key {
    uint32_t name;
    float prior;
    uint32_t path, compact, tok0;
    uint16_t clen, slen, ntok;
    uint8_t kind, ncons, translit, spelled, phon_tokens, family_words;
} ix_key;

/* ---- the checksum: four 64-bit lanes over 32-byte blocks (fast enough to check a
 * 100 MB file on every open; it detects corruption, not tampering) ---- */

#define CK_P1 0x9E3779B185EBCA87ull
#define CK_P2 0xC2B2AE3D27D4EB4Full

typedef struct ck_state {
    uint64_t v[4];
    uint64_t len;
} ck_state;

static void ck_init(ck_state *s)
{
    s->v[0] = CK_P1 + CK_P2;
    s->v[1] = CK_P2;
    s->v[2] = 0;
    s->v[3] = 0 - CK_P1;
    s->len = 0;
}

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* len is a multiple of IX_ALIGN (sections are padded). */
static void ck_blocks(ck_state *s, const unsigned char *p, size_t len)
{
    uint64_t v0 = s->v[0], v1 = s->v[1], v2 = s->v[2], v3 = s->v[3];
    for (size_t i = 0; i + IX_ALIGN <= len; i += IX_ALIGN) {
        uint64_t w[4];
        memcpy(w, p + i, sizeof w);
        v0 = rotl64(v0 + w[0] * CK_P2, 31) * CK_P1;
        v1 = rotl64(v1 + w[1] * CK_P2, 31) * CK_P1;
        v2 = rotl64(v2 + w[2] * CK_P2, 31) * CK_P1;
        v3 = rotl64(v3 + w[3] * CK_P2, 31) * CK_P1;
    }
    s->v[0] = v0;
    s->v[1] = v1;
    s->v[2] = v2;
    s->v[3] = v3;
    s->len += len;
}

static uint64_t ck_final(const ck_state *s)
{
    uint64_t h = rotl64(s->v[0], 1) + rotl64(s->v[1], 7) + rotl64(s->v[2], 12) +
                 rotl64(s->v[3], 18);
    h ^= s->len;
    h ^= h >> 33;
    h *= CK_P2;
    h ^= h >> 29;
    h *= CK_P1;
    h ^= h >> 32;
    return h;
}

#define CK_CHUNK ((size_t)1 << 20)

static int file_checksum(int fd, const char *path, uint64_t size, uint64_t *out)
{
    unsigned char *buf = malloc(CK_CHUNK);
    if (!buf)
        return sx_error_oom();
    ck_state ck;
    ck_init(&ck);
    uint64_t off = IX_HEADER;
    int rc = 0;
    while (off < size && rc == 0) {
        size_t want = size - off < CK_CHUNK ? (size_t)(size - off) : CK_CHUNK;
        ssize_t n = pread(fd, buf, want, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || (size_t)n % IX_ALIGN) {
            /* Short reads of a regular file only happen at its end: truncated under us. */
            rc = sx_error_set(SX_EINTEGRITY, "%s: short read at %llu", path,
                              (unsigned long long)off);
            break;
        }
        ck_blocks(&ck, buf, (size_t)n);
        off += (uint64_t)n;
    }
    free(buf);
    *out = ck_final(&ck);
    return rc;
}

/* ---- writing ---- */

typedef struct writer {
    FILE *f;
    uint64_t off;
    ck_state ck;
    ix_header *h;
    sx_buf str;       /* the string section */
    sx_strmap interned; /* string -> offset + 1 in str (keys borrowed from the index) */
} writer;

/* A string's offset + 1 in the string section (0 for NULL), written once. */
static int str_ref(writer *w, const char *s, uint32_t *out)
{
    *out = 0;
    if (!s)
        return 0;
    void *v = sx_strmap_get(&w->interned, s);
    if (v) {
        *out = (uint32_t)(uintptr_t)v;
        return 0;
    }
    if (w->str.len + strlen(s) + 1 >= UINT32_MAX)
        return sx_error_set(SX_ELIMIT, "index file: strings exceed 4 GiB");
    uint32_t ref = (uint32_t)w->str.len + 1;
    int rc = sx_buf_put(&w->str, s, strlen(s) + 1);
    if (rc == 0)
        rc = sx_strmap_put(&w->interned, s, (void *)(uintptr_t)ref);
    *out = ref;
    return rc;
}

/* A word of a reading: a piece of its compact form (no terminator of its own), or a
 * copy when it lay past the compact form's end. */
static int tok_ref(writer *w, const sx_prep *p, uint32_t compact_ref, size_t t, uint32_t *out)
{
    const char *tok = p->tok[t];
    if (tok >= p->compact && tok + p->tlen[t] <= p->compact + p->clen) {
        *out = compact_ref + (uint32_t)(tok - p->compact);
        return 0;
    }
    char copy[256];
    memcpy(copy, tok, p->tlen[t]);
    copy[p->tlen[t]] = '\0';
    uint32_t ref = 0;
    if (w->str.len + p->tlen[t] + 1 >= UINT32_MAX)
        return sx_error_set(SX_ELIMIT, "index file: strings exceed 4 GiB");
    ref = (uint32_t)w->str.len + 1;
    *out = ref;
    return sx_buf_put(&w->str, copy, (size_t)p->tlen[t] + 1);
}

static int put_section(writer *w, int id, const void *data, size_t len)
{
    static const unsigned char zeros[IX_ALIGN];
    w->h->sect[id].off = w->off;
    w->h->sect[id].len = len;
    size_t whole = len / IX_ALIGN * IX_ALIGN, pad = (IX_ALIGN - len % IX_ALIGN) % IX_ALIGN;
    unsigned char last[IX_ALIGN] = {0};
    if (len && fwrite(data, 1, len, w->f) != len)
        return sx_error_set(SX_EIO, "index file: write error: %s", strerror(errno));
    if (pad && fwrite(zeros, 1, pad, w->f) != pad)
        return sx_error_set(SX_EIO, "index file: write error: %s", strerror(errno));
    ck_blocks(&w->ck, data, whole);
    if (pad) {
        memcpy(last, (const unsigned char *)data + whole, len - whole);
        ck_blocks(&w->ck, last, IX_ALIGN);
    }
    w->off += len + pad;
    return 0;
}

/* The values of one entity field, appended to vals; *first is where they start. */
static int put_vals(writer *w, sx_buf *vals, const char *const *v, size_t n, uint32_t *first)
{
    *first = (uint32_t)(vals->len / sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        uint32_t r;
        int rc = str_ref(w, v[i], &r);
        if (rc == 0)
            rc = sx_buf_put(vals, &r, sizeof r);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int write_lists(writer *w, const sx_screen_index *ix)
{
    sx_buf lists = SX_BUF_INIT, ents = SX_BUF_INIT, enames = SX_BUF_INIT, evals = SX_BUF_INIT,
           eids = SX_BUF_INIT;
    sx_buf *all[] = {&lists, &ents, &enames, &evals, &eids};
    for (size_t i = 0; i < 5; i++)
        all[i]->max = SIZE_MAX / 2;
    int rc = 0;
    uint32_t ent0 = 0;
    for (size_t li = 0; li < ix->nlists && rc == 0; li++) {
        const sx_list *l = ix->lists[li];
        ix_list r = {.ent0 = ent0, .nents = (uint32_t)l->count};
        if ((rc = str_ref(w, l->name, &r.name)) || (rc = str_ref(w, l->format, &r.format)) ||
            (rc = str_ref(w, l->source_date, &r.source_date)) ||
            (rc = str_ref(w, l->issuer, &r.issuer)) || (rc = str_ref(w, l->hash, &r.hash)) ||
            (rc = sx_buf_put(&lists, &r, sizeof r)))
            break;
        for (size_t i = 0; i < l->count && rc == 0; i++) {
            const sx_entity *e = &l->entities[i];
            ix_ent r2 = {.nnames = (uint32_t)e->nnames, .nprogs = (uint32_t)e->nprograms,
                         .ncountries = (uint32_t)e->ncountries, .nids = (uint32_t)e->nids,
                         .ndobs = (uint32_t)e->ndobs};
            const char *one[] = {e->id, e->source, e->url, e->licence_requirement,
                                 e->licence_policy, e->notice, e->issuer};
            uint32_t *refs[] = {&r2.id, &r2.source, &r2.url, &r2.licence_requirement,
                                &r2.licence_policy, &r2.notice, &r2.issuer};
            memcpy(r2.content_hash, e->content_hash, sizeof r2.content_hash);
            r2.type = type_code(e->type);
            for (size_t k = 0; k < 7 && rc == 0; k++)
                rc = str_ref(w, one[k], refs[k]);
            r2.names0 = (uint32_t)(enames.len / (2 * sizeof(uint32_t)));
            for (size_t k = 0; k < e->nnames && rc == 0; k++) {
                uint32_t pair[2] = {0, (uint32_t)e->names[k].kind};
                if ((rc = str_ref(w, e->names[k].text, &pair[0])) == 0)
                    rc = sx_buf_put(&enames, pair, sizeof pair);
            }
            r2.ids0 = (uint32_t)(eids.len / (2 * sizeof(uint32_t)));
            for (size_t k = 0; k < e->nids && rc == 0; k++) {
                uint32_t pair[2];
                if ((rc = str_ref(w, e->ids[k].type, &pair[0])) == 0 &&
                    (rc = str_ref(w, e->ids[k].value, &pair[1])) == 0)
                    rc = sx_buf_put(&eids, pair, sizeof pair);
            }
            if (rc == 0)
                rc = put_vals(w, &evals, e->programs, e->nprograms, &r2.progs0);
            if (rc == 0)
                rc = put_vals(w, &evals, e->countries, e->ncountries, &r2.countries0);
            if (rc == 0)
                rc = put_vals(w, &evals, e->dobs, e->ndobs, &r2.dobs0);
            if (rc == 0)
                rc = sx_buf_put(&ents, &r2, sizeof r2);
        }
        ent0 += (uint32_t)l->count;
    }
    if (rc == 0 && !(rc = put_section(w, S_LISTS, lists.ptr, lists.len)) &&
        !(rc = put_section(w, S_ENTS, ents.ptr, ents.len)) &&
        !(rc = put_section(w, S_ENAMES, enames.ptr, enames.len)) &&
        !(rc = put_section(w, S_EVALS, evals.ptr, evals.len)))
        rc = put_section(w, S_EIDS, eids.ptr, eids.len);
    for (size_t i = 0; i < 5; i++)
        sx_buf_free(all[i]);
    return rc;
}

static int cmp_df(const void *a, const void *b, void *str)
{
    const uint32_t *x = a, *y = b;
    return strcmp((const char *)str + x[0] - 1, (const char *)str + y[0] - 1);
}

static int write_index(writer *w, const sx_screen_index *ix)
{
    size_t ntok = 0;
    for (size_t k = 0; k < ix->nkeys; k++)
        ntok += ix->keys[k].prep.ntok;
    ix_name *names = calloc(ix->nnames ? ix->nnames : 1, sizeof *names);
    ix_key *keys = calloc(ix->nkeys ? ix->nkeys : 1, sizeof *keys);
    uint32_t *ktok = malloc((ntok ? ntok : 1) * sizeof *ktok);
    float *kw = malloc((ntok ? ntok : 1) * sizeof *kw);
    uint8_t *klen = malloc(ntok ? ntok : 1), *kkind = malloc(ntok ? ntok : 1);
    uint32_t *df = malloc((ix->dict.count ? ix->dict.count : 1) * 2 * sizeof *df);
    int rc = names && keys && ktok && kw && klen && kkind && df ? 0 : sx_error_oom();
    for (size_t i = 0; i < ix->nnames && rc == 0; i++) {
        const sx_ix_name *n = &ix->names[i];
        ix_name *r = &names[i];
        r->entity = n->entity;
        r->kind = (uint32_t)n->kind | (n->short_form ? IX_SHORT_FORM : 0) |
                  (n->beside ? IX_BESIDE : 0) | (n->inside ? IX_INSIDE : 0);
        r->scripts = n->scripts;
        memcpy(r->key0, n->key0, sizeof r->key0);
        for (int c = 0; c < SX_KEY_CLASSES; c++)
            r->nkeys[c] = n->nkeys[c];
        if ((rc = str_ref(w, n->text, &r->text)) == 0 && (rc = str_ref(w, n->core, &r->core)) == 0)
            rc = str_ref(w, n->legal_form, &r->legal_form);
    }
    size_t t0 = 0;
    for (size_t k = 0; k < ix->nkeys && rc == 0; k++) {
        const sx_ix_key *key = &ix->keys[k];
        const sx_prep *p = &key->prep;
        ix_key *r = &keys[k];
        r->name = key->name;
        r->prior = key->prior;
        r->kind = key->kind;
        r->clen = p->clen;
        r->slen = p->slen;
        r->ntok = p->ntok;
        r->ncons = p->ncons;
        r->translit = p->translit;
        r->spelled = p->spelled;
        r->phon_tokens = p->phon_tokens;
        r->family_words = (uint8_t)p->family_words;
        r->tok0 = (uint32_t)t0;
        if ((rc = str_ref(w, key->path, &r->path)) != 0 ||
            (rc = str_ref(w, p->compact, &r->compact)) != 0)
            break;
        for (size_t t = 0; t < p->ntok && rc == 0; t++, t0++) {
            rc = tok_ref(w, p, r->compact, t, &ktok[t0]);
            kw[t0] = p->w[t];
            klen[t0] = p->tlen[t];
            kkind[t0] = p->kind ? p->kind[t] : SX_WORD_NAME;
        }
    }
    size_t ndf = 0;
    for (size_t i = 0; i < ix->dict.cap && rc == 0; i++) {
        const sx_ix_token *tk = ix->dict.slots[i].key ? ix->dict.slots[i].value : NULL;
        if (!tk)
            continue;
        rc = str_ref(w, tk->text, &df[2 * ndf]);
        df[2 * ndf + 1] = tk->df;
        ndf++;
    }
    if (rc == 0) {
        /* Sorted by token, so an opened index looks a query word up by bisection. */
        qsort_r(df, ndf, 2 * sizeof *df, cmp_df, w->str.ptr);
        w->h->ntok = ntok;
        if (!(rc = put_section(w, S_NAMES, names, ix->nnames * sizeof *names)) &&
            !(rc = put_section(w, S_KEYS, keys, ix->nkeys * sizeof *keys)) &&
            !(rc = put_section(w, S_KTOK, ktok, ntok * sizeof *ktok)) &&
            !(rc = put_section(w, S_KW, kw, ntok * sizeof *kw)) &&
            !(rc = put_section(w, S_KLEN, klen, ntok)) &&
            !(rc = put_section(w, S_KKIND, kkind, ntok)) &&
            !(rc = put_section(w, S_DF, df, ndf * 2 * sizeof *df)) &&
            !(rc = put_section(w, S_TWIN, ix->twin, ix->nkeys * sizeof *ix->twin)))
            rc = put_section(w, S_CJK, ix->cjk, ix->ncjk * sizeof *ix->cjk);
        if (rc == 0)
            rc = put_section(w, S_KCLEN, ix->kclen, ix->nkeys);
    }
    for (int c = 0; c < SX_KEY_CLASSES && rc == 0; c++) {
        const uint32_t *offs[IX_POSTINGS] = {ix->tri_off[c], ix->sk_off[c], ix->cn_off[c],
                                             ix->wm_off[c]};
        const uint8_t *posts[IX_POSTINGS] = {ix->tri_post[c], ix->sk_post[c], ix->cn_post[c],
                                             ix->wm_post[c]};
        for (int j = 0; j < IX_POSTINGS && rc == 0; j++) {
            /* An offsets array has one entry per trigram code and one more; the postings
             * as many as its offsets array's last entry says, post_width bytes each. */
            int at = S_POST0 + 2 * IX_POSTINGS * c + 2 * j;
            rc = put_section(w, at, offs[j], (SX_IX_NTRI + 1) * sizeof(uint32_t));
            if (rc == 0)
                rc = put_section(w, at + 1, posts[j],
                                 (size_t)offs[j][SX_IX_NTRI] * ix->post_width);
        }
    }
    free(names);
    free(keys);
    free(ktok);
    free(kw);
    free(klen);
    free(kkind);
    free(df);
    return rc;
}

int sx_ix_save(const sx_screen_index *ix, const char *path, const char *key, const char *folder)
{
    if (ix->map)
        return sx_error_set(SX_EUNSUPPORTED, "an index opened from a file is not saved again");
    writer w = {.str = SX_BUF_INIT, .interned = SX_STRMAP_INIT};
    w.str.max = SIZE_MAX / 2;
    ix_header *h = calloc(1, IX_HEADER);
    sx_buf tmp = SX_BUF_INIT;
    int rc = h ? sx_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid()) : sx_error_oom();
    if (rc != 0)
        goto done;
    w.h = h;
    ck_init(&w.ck);
    if (!(w.f = fopen(tmp.ptr, "wb"))) {
        rc = sx_error_set(SX_EIO, "%s: cannot create: %s", tmp.ptr, strerror(errno));
        goto done;
    }
    memcpy(h->magic, IX_MAGIC, 8);
    h->format = IX_FORMAT;
    h->byte_order = IX_BYTE_ORDER;
    snprintf(h->key, sizeof h->key, "%s", key);
    snprintf(h->index_hash, sizeof h->index_hash, "%s", ix->hash);
    char real[PATH_MAX];
    if (folder && realpath(folder, real) && strlen(real) < sizeof h->folder)
        memcpy(h->folder, real, strlen(real) + 1);
    const uint32_t sizes[8] = {sizeof(ix_header), sizeof(ix_list), sizeof(ix_ent),
                               sizeof(ix_name), sizeof(ix_key), sizeof(float),
                               SX_KEY_CLASSES, SX_IX_NTRI};
    memcpy(h->sizes, sizes, sizeof sizes);
    h->nkeys = ix->nkeys;
    h->nnames = ix->nnames;
    h->nents = ix->nents;
    h->nlists = ix->nlists;
    h->ncjk = ix->ncjk;
    if (fwrite(h, 1, IX_HEADER, w.f) != IX_HEADER) {
        rc = sx_error_set(SX_EIO, "%s: write error: %s", tmp.ptr, strerror(errno));
        goto done;
    }
    w.off = IX_HEADER;
    if ((rc = write_lists(&w, ix)) != 0 || (rc = write_index(&w, ix)) != 0 ||
        (rc = put_section(&w, S_STR, w.str.ptr ? w.str.ptr : "", w.str.len)) != 0)
        goto done;
    h->file_size = w.off;
    h->checksum = ck_final(&w.ck);
    if (fseek(w.f, 0, SEEK_SET) != 0 || fwrite(h, 1, IX_HEADER, w.f) != IX_HEADER ||
        fflush(w.f) != 0 || fsync(fileno(w.f)) != 0) {
        rc = sx_error_set(SX_EIO, "%s: write error: %s", tmp.ptr, strerror(errno));
        goto done;
    }
    if (fclose(w.f) != 0) {
        w.f = NULL;
        rc = sx_error_set(SX_EIO, "%s: write error: %s", tmp.ptr, strerror(errno));
        goto done;
    }
    w.f = NULL;
    /* Readers see the old file or the new one, never a part of one. */
    if (rename(tmp.ptr, path) != 0)
        rc = sx_error_set(SX_EIO, "%s: cannot replace: %s", path, strerror(errno));
done:
    if (w.f)
        fclose(w.f);
    if (rc != 0 && tmp.ptr)
        unlink(tmp.ptr);
    sx_buf_free(&tmp);
    sx_buf_free(&w.str);
    sx_strmap_free(&w.interned);
    free(h);
    return rc;
}

/* ---- opening ---- */

typedef struct reader {
    const unsigned char *base;
    const ix_header *h;
    const char *str;
    size_t str_len;
    const char *path;
} reader;

/* A section as an array of n elements of size bytes, or NULL (with an error) when the
 * section does not hold exactly that. */
static const void *section(const reader *r, int id, size_t size, size_t n, int *rc)
{
    uint64_t off = r->h->sect[id].off, len = r->h->sect[id].len;
    if (*rc != 0)
        return NULL;
    if (off < IX_HEADER || off % IX_ALIGN || len > r->h->file_size - off ||
        off > r->h->file_size || (size && (len % size || len / size != n))) {
        *rc = sx_error_set(SX_EINTEGRITY, "%s: section %d is out of bounds or mis-sized",
                           r->path, id);
        return NULL;
    }
    return r->base + off;
}

/* A string reference; NULL for 0.  Out-of-range references fail the open. */
static const char *str_at(const reader *r, uint32_t ref, int *rc)
{
    if (ref == 0 || *rc != 0)
        return NULL;
    if (ref > r->str_len) {
        *rc = sx_error_set(SX_EINTEGRITY, "%s: a string reference is out of bounds", r->path);
        return NULL;
    }
    return r->str + ref - 1;
}

static int open_lists(sx_screen_index *ix, const reader *r)
{
    int rc = 0;
    const ix_list *ls = section(r, S_LISTS, sizeof *ls, r->h->nlists, &rc);
    const ix_ent *es = section(r, S_ENTS, sizeof *es, r->h->nents, &rc);
    size_t nen = r->h->sect[S_ENAMES].len / 8, nev = r->h->sect[S_EVALS].len / 4,
           nei = r->h->sect[S_EIDS].len / 8;
    const uint32_t *en = section(r, S_ENAMES, 8, nen, &rc);
    const uint32_t *ev = section(r, S_EVALS, 4, nev, &rc);
    const uint32_t *ei = section(r, S_EIDS, 8, nei, &rc);
    if (rc != 0)
        return rc;
    if (!(ix->lists = calloc(r->h->nlists ? r->h->nlists : 1, sizeof *ix->lists)) ||
        !(ix->ents = calloc(r->h->nents ? r->h->nents : 1, sizeof *ix->ents)))
        return sx_error_oom();
    size_t e = 0;
    for (size_t li = 0; li < r->h->nlists && rc == 0; li++) {
        sx_list *l = calloc(1, sizeof *l);
        if (!l)
            return sx_error_oom();
        ix->lists[ix->nlists++] = l;
        const char *name = str_at(r, ls[li].name, &rc), *fmt = str_at(r, ls[li].format, &rc);
        const char *date = str_at(r, ls[li].source_date, &rc), *hash = str_at(r, ls[li].hash, &rc);
        l->issuer = str_at(r, ls[li].issuer, &rc);
        if (rc != 0 || !name || !fmt || !hash || strlen(hash) != SX_SHA256_HEX - 1 ||
            ls[li].ent0 != e || ls[li].nents > r->h->nents - e)
            return rc ? rc : sx_error_set(SX_EINTEGRITY, "%s: list %zu is malformed", r->path, li);
        memcpy(l->hash, hash, SX_SHA256_HEX);
        if (!(l->name = strdup(name)) || !(l->format = strdup(fmt)) ||
            (date && !(l->source_date = strdup(date))))
            return sx_error_oom();
        l->count = l->cap = ls[li].nents;
        l->entities = calloc(l->count ? l->count : 1, sizeof *l->entities);
        /* Every entity's arrays in one block: names, then the string arrays, then ids. */
        size_t nn = 0, nv = 0, ni = 0;
        for (size_t i = 0; i < l->count; i++) {
            const ix_ent *x = &es[e + i];
            nn += x->nnames;
            nv += (size_t)x->nprogs + x->ncountries + x->ndobs;
            ni += x->nids;
        }
        l->pool = malloc(nn * sizeof(sx_entity_name) + ni * sizeof(sx_identifier) +
                         nv * sizeof(char *) + 1);
        if (!l->entities || !l->pool)
            return sx_error_oom();
        sx_entity_name *pn = l->pool;
        sx_identifier *pi = (sx_identifier *)(pn + nn);
        const char **pv = (const char **)(pi + ni);
        for (size_t i = 0; i < l->count && rc == 0; i++, e++) {
            const ix_ent *x = &es[e];
            sx_entity *t = &l->entities[i];
            ix->ents[e] = t;
            t->list = l->name;
            t->id = str_at(r, x->id, &rc);
            t->type = entity_types[x->type < sizeof entity_types / sizeof entity_types[0]
                                       ? x->type
                                       : 0];
            t->source = str_at(r, x->source, &rc);
            t->url = str_at(r, x->url, &rc);
            t->licence_requirement = str_at(r, x->licence_requirement, &rc);
            t->licence_policy = str_at(r, x->licence_policy, &rc);
            t->notice = str_at(r, x->notice, &rc);
            t->issuer = str_at(r, x->issuer, &rc);
            if (rc != 0 || !t->id ||
                x->names0 > nen || x->nnames > nen - x->names0 || x->ids0 > nei ||
                x->nids > nei - x->ids0 || x->progs0 > nev || x->nprogs > nev - x->progs0 ||
                x->countries0 > nev || x->ncountries > nev - x->countries0 ||
                x->dobs0 > nev || x->ndobs > nev - x->dobs0)
                return rc ? rc
                          : sx_error_set(SX_EINTEGRITY, "%s: entity %zu is malformed", r->path, e);
            memcpy(t->content_hash, x->content_hash, sizeof x->content_hash);
            t->content_hash[sizeof x->content_hash] = '\0';
            t->names = pn;
            t->nnames = x->nnames;
            for (size_t k = 0; k < x->nnames; k++) {
                pn->text = str_at(r, en[2 * (x->names0 + k)], &rc);
                pn->kind = (sx_name_kind)en[2 * (x->names0 + k) + 1];
                pn++;
            }
            t->ids = pi;
            t->nids = x->nids;
            for (size_t k = 0; k < x->nids; k++) {
                pi->type = str_at(r, ei[2 * (x->ids0 + k)], &rc);
                pi->value = str_at(r, ei[2 * (x->ids0 + k) + 1], &rc);
                pi++;
            }
            const char ***arr[3] = {&t->programs, &t->countries, &t->dobs};
            size_t *cnt[3] = {&t->nprograms, &t->ncountries, &t->ndobs};
            uint32_t first[3] = {x->progs0, x->countries0, x->dobs0};
            uint32_t num[3] = {x->nprogs, x->ncountries, x->ndobs};
            for (int a = 0; a < 3; a++) {
                *arr[a] = pv;
                *cnt[a] = num[a];
                for (size_t k = 0; k < num[a]; k++)
                    *pv++ = str_at(r, ev[first[a] + k], &rc);
            }
        }
    }
    return rc;
}

/* Whether a name record's keys of each kind are keys of the index. */
static bool name_keys_ok(const sx_screen_index *ix, const ix_name *x)
{
    for (int c = 0; c < SX_KEY_CLASSES; c++)
        if (x->key0[c] > ix->nkeys || x->nkeys[c] > ix->nkeys - x->key0[c] ||
            x->nkeys[c] > UINT8_MAX)
            return false;
    return true;
}

static int open_index(sx_screen_index *ix, const reader *r)
{
    int rc = 0;
    const ix_name *ns = section(r, S_NAMES, sizeof *ns, r->h->nnames, &rc);
    const ix_key *ks = section(r, S_KEYS, sizeof *ks, r->h->nkeys, &rc);
    size_t ntok = r->h->ntok;
    const uint32_t *ktok = section(r, S_KTOK, 4, ntok, &rc);
    const float *kw = section(r, S_KW, sizeof(float), ntok, &rc);
    const uint8_t *klen = section(r, S_KLEN, 1, ntok, &rc);
    const uint8_t *kkind = section(r, S_KKIND, 1, ntok, &rc);
    size_t ndf = r->h->sect[S_DF].len / 8;
    ix->df_table = section(r, S_DF, 8, ndf, &rc);
    ix->ndf = ndf;
    ix->twin = (uint32_t *)section(r, S_TWIN, 4, r->h->nkeys, &rc);
    ix->cjk = (uint32_t *)section(r, S_CJK, 4, r->h->ncjk, &rc);
    ix->kclen = (uint8_t *)section(r, S_KCLEN, 1, r->h->nkeys, &rc);
    if (rc != 0)
        return rc;
    ix->nnames = ix->capnames = r->h->nnames;
    ix->nkeys = ix->capkeys = r->h->nkeys;
    ix->post_width = sx_ix_post_width(ix->nkeys);
    ix->ncjk = r->h->ncjk;
    ix->names = calloc(ix->nnames ? ix->nnames : 1, sizeof *ix->names);
    if (!ix->names)
        return sx_error_oom();
    ix->fkeys = ks;
    ix->fktok = ktok;
    ix->fkw = kw;
    ix->fklen = klen;
    ix->fkkind = kkind;
    ix->fntok = ntok;
    for (size_t i = 0; i < ix->nnames && rc == 0; i++) {
        const ix_name *x = &ns[i];
        sx_ix_name *n = &ix->names[i];
        if (x->entity >= ix->nents || !name_keys_ok(ix, x))
            return sx_error_set(SX_EINTEGRITY, "%s: name %zu is malformed", r->path, i);
        n->entity = x->entity;
        n->person = sx_ix_type_person(ix->ents[x->entity]->type);
        n->kind = (sx_name_kind)(x->kind & ~(IX_SHORT_FORM | IX_BESIDE | IX_INSIDE));
        n->short_form = (x->kind & IX_SHORT_FORM) != 0;
        n->beside = (x->kind & IX_BESIDE) != 0;
        n->inside = (x->kind & IX_INSIDE) != 0;
        n->scripts = x->scripts;
        n->text = str_at(r, x->text, &rc);
        n->core = str_at(r, x->core, &rc);
        n->legal_form = str_at(r, x->legal_form, &rc);
        memcpy(n->key0, x->key0, sizeof n->key0);
        for (int c = 0; c < SX_KEY_CLASSES; c++)
            n->nkeys[c] = (uint8_t)x->nkeys[c];
        if (rc == 0 && !n->text)
            rc = sx_error_set(SX_EINTEGRITY, "%s: name %zu has no text", r->path, i);
    }
    for (size_t i = 0; i < ix->nkeys && rc == 0; i++)
        if (ix->twin[i] >= ix->nkeys)
            rc = sx_error_set(SX_EINTEGRITY, "%s: twin %zu is out of bounds", r->path, i);
    for (size_t i = 0; i < ix->ncjk && rc == 0; i++)
        if (ix->cjk[i] >= ix->nnames || !ix->names[ix->cjk[i]].core)
            rc = sx_error_set(SX_EINTEGRITY, "%s: CJK name %zu is malformed", r->path, i);
    for (size_t i = 0; i < ndf && rc == 0; i++)
        if (ix->df_table[2 * i] == 0 || ix->df_table[2 * i] > r->str_len)
            rc = sx_error_set(SX_EINTEGRITY, "%s: token %zu is out of bounds", r->path, i);
    for (int c = 0; c < SX_KEY_CLASSES && rc == 0; c++) {
        uint32_t **offs[IX_POSTINGS] = {&ix->tri_off[c], &ix->sk_off[c], &ix->cn_off[c],
                                        &ix->wm_off[c]};
        uint8_t **posts[IX_POSTINGS] = {&ix->tri_post[c], &ix->sk_post[c], &ix->cn_post[c],
                                        &ix->wm_post[c]};
        for (int j = 0; j < IX_POSTINGS && rc == 0; j++) {
            int at = S_POST0 + 2 * IX_POSTINGS * c + 2 * j;
            const uint32_t *off = section(r, at, 4, SX_IX_NTRI + 1, &rc);
            if (rc != 0)
                break;
            size_t npost = off[SX_IX_NTRI];
            const uint8_t *post = section(r, at + 1, ix->post_width, npost, &rc);
            if (rc != 0)
                break;
            /* Offsets must rise to the postings' end: a query never reads outside. */
            for (size_t i = 0; i < SX_IX_NTRI && rc == 0; i++)
                if (off[i] > off[i + 1])
                    rc = sx_error_set(SX_EINTEGRITY, "%s: postings offsets fall", r->path);
            /* The postings themselves are not read here (50 MB): gather() skips any that
             * names no key. */
            *offs[j] = (uint32_t *)off;
            *posts[j] = (uint8_t *)post;
        }
    }
    return rc;
}

/* A key record is checked when it is read, not when the file is opened: a query reads
 * a few hundred of 350,000.  One that points outside the file reads as empty (it then
 * matches nothing); the checksum makes that a writer's bug, not a disk's. */
static bool file_key_ok(const sx_screen_index *ix, const ix_key *x)
{
    return x->name < ix->nnames && x->tok0 <= ix->fntok && x->ntok <= ix->fntok - x->tok0 &&
           x->ntok <= SX_PREP_MAX_TOKENS && x->kind < SX_KEY_CLASSES && x->compact != 0 &&
           x->compact <= ix->str_len && x->clen < ix->str_len - x->compact + 1 &&
           x->path <= ix->str_len && (x->family_words == 0 || x->family_words < x->ntok);
}

const sx_ix_key *sx_ix_file_key(const sx_screen_index *ix, uint32_t k, sx_ix_key *tmp,
                                const char **tokbuf)
{
    const ix_key *x = &ix->fkeys[k];
    memset(tmp, 0, sizeof *tmp);
    tmp->path = "";
    tmp->prep.compact = "";
    tmp->prep.tok = tokbuf;
    if (k >= ix->nkeys || !file_key_ok(ix, x))
        return tmp;
    sx_prep *p = &tmp->prep;
    tmp->name = x->name;
    tmp->prior = x->prior;
    tmp->kind = x->kind;
    if (x->path)
        tmp->path = ix->map_str + x->path - 1;
    p->compact = ix->map_str + x->compact - 1;
    p->clen = x->clen;
    p->slen = x->slen;
    p->ncons = x->ncons;
    p->translit = x->translit;
    p->spelled = x->spelled;
    p->phon_tokens = x->phon_tokens;
    p->family_words = x->family_words;
    p->w = ix->fkw + x->tok0;
    p->tlen = ix->fklen + x->tok0;
    p->kind = ix->fkkind + x->tok0;
    for (size_t t = 0; t < x->ntok; t++) {
        uint32_t ref = ix->fktok[x->tok0 + t];
        if (ref == 0 || ref > ix->str_len || p->tlen[t] > ix->str_len - ref)
            return tmp; /* ntok stays 0 */
        tokbuf[t] = ix->map_str + ref - 1;
    }
    p->ntok = x->ntok;
    return tmp;
}

uint32_t sx_ix_file_key_name(const sx_screen_index *ix, uint32_t k)
{
    uint32_t n = k < ix->nkeys ? ix->fkeys[k].name : 0;
    return n < ix->nnames ? n : 0;
}

void sx_ix_file_key_prefetch(const sx_screen_index *ix, uint32_t k)
{
    if (k < ix->nkeys)
        __builtin_prefetch(&ix->fkeys[k]);
}

void sx_ix_file_key_prefetch_words(const sx_screen_index *ix, uint32_t k)
{
    if (k >= ix->nkeys)
        return;
    const ix_key *x = &ix->fkeys[k];
    if (x->tok0 >= ix->fntok || x->compact == 0 || x->compact > ix->str_len)
        return; /* a damaged record: sx_ix_file_key refuses it */
    __builtin_prefetch(&ix->fktok[x->tok0]);
    __builtin_prefetch(&ix->fkw[x->tok0]);
    __builtin_prefetch(&ix->fklen[x->tok0]);
    __builtin_prefetch(&ix->fkkind[x->tok0]);
    __builtin_prefetch(ix->map_str + x->compact - 1);
}

uint8_t sx_ix_file_key_kind(const sx_screen_index *ix, uint32_t k)
{
    return k < ix->nkeys ? ix->fkeys[k].kind : 0;
}


int sx_ix_open(sx_screen_index **out, const char *path, const char *key)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? SX_ENOTFOUND
                               : sx_error_set(SX_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    int rc = 0;
    void *map = MAP_FAILED;
    sx_screen_index *ix = NULL;
    if (fstat(fd, &st) != 0 || st.st_size < IX_HEADER || (uint64_t)st.st_size > IX_MAX_FILE) {
        rc = sx_error_set(SX_EINTEGRITY, "%s: not an index file (size %lld)", path,
                          (long long)st.st_size);
        goto done;
    }
    uint64_t sum = 0;
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        rc = sx_error_set(SX_EIO, "%s: cannot map: %s", path, strerror(errno));
        goto done;
    }
    const ix_header *h = map;
    const uint32_t sizes[8] = {sizeof(ix_header), sizeof(ix_list), sizeof(ix_ent),
                               sizeof(ix_name), sizeof(ix_key), sizeof(float),
                               SX_KEY_CLASSES, SX_IX_NTRI};
    if (memcmp(h->magic, IX_MAGIC, 8) != 0 || h->byte_order != IX_BYTE_ORDER ||
        h->format != IX_FORMAT || memcmp(h->sizes, sizes, sizeof sizes) != 0) {
        rc = sx_error_set(SX_EINTEGRITY, "%s: not a stratex index file of format %u for this "
                                         "machine", path, IX_FORMAT);
        goto done;
    }
    if (h->file_size != (uint64_t)st.st_size || (h->file_size - IX_HEADER) % IX_ALIGN) {
        rc = sx_error_set(SX_EINTEGRITY, "%s: truncated (%lld of %llu bytes)", path,
                          (long long)st.st_size, (unsigned long long)h->file_size);
        goto done;
    }
    if (memchr(h->key, '\0', sizeof h->key) == NULL || strcmp(h->key, key) != 0) {
        rc = sx_error_set(SX_EINTEGRITY, "%s: built for other lists or another engine (stale)",
                          path);
        goto done;
    }
    /* The checksum reads the file rather than the mapping: on a virtual machine faulting
     * in 100 MB of pages costs several times a read of the same bytes. */
    if ((rc = file_checksum(fd, path, h->file_size, &sum)) != 0)
        goto done;
    if (sum != h->checksum) {
        rc = sx_error_set(SX_EINTEGRITY, "%s: checksum mismatch (corrupt)", path);
        goto done;
    }
    if (!(ix = calloc(1, sizeof *ix))) {
        rc = sx_error_oom();
        goto done;
    }
    pthread_mutex_init(&ix->pool_lock, NULL);
    ix->map = map;
    ix->map_len = (size_t)st.st_size;
    map = MAP_FAILED; /* the index owns it now */
    reader r = {.base = ix->map, .h = h, .path = path};
    r.str = section(&r, S_STR, 0, 0, &rc);
    r.str_len = rc == 0 ? h->sect[S_STR].len : 0;
    if (rc == 0 && r.str_len && r.str[r.str_len - 1] != '\0')
        rc = sx_error_set(SX_EINTEGRITY, "%s: the string section is not terminated", path);
    ix->map_str = r.str;
    ix->str_len = r.str_len;
    if (rc == 0 && (memchr(h->index_hash, '\0', sizeof h->index_hash) == NULL ||
                    strlen(h->index_hash) != SX_SHA256_HEX - 1))
        rc = sx_error_set(SX_EINTEGRITY, "%s: malformed index hash", path);
    if (rc == 0)
        memcpy(ix->hash, h->index_hash, SX_SHA256_HEX);
    ix->nents = h->nents;
    if (rc == 0)
        rc = open_lists(ix, &r);
    if (rc == 0)
        rc = open_index(ix, &r);
    if (rc == 0) {
        ix->nweighed = sx_ix_weighed_names(ix); /* as weigh_tokens counted them */
        rc = sx_ix_short_forms_index(ix);       /* a few names: sorted again, not stored */
    }
done:
    if (map != MAP_FAILED)
        munmap(map, (size_t)st.st_size);
    close(fd);
    if (rc != 0) {
        sx_screen_index_free(ix);
        return rc;
    }
    *out = ix;
    return 0;
}

/* ---- where the file lives and what it is keyed by ---- */

int sx_ix_cache_path(char *path, size_t size, const char *data_dir)
{
    const char *dir = getenv("STRATEX_CACHE_DIR");
    char base[PATH_MAX];
    if (dir && (strcmp(dir, "off") == 0 || !*dir))
        return 1;
    if (dir) {
        snprintf(base, sizeof base, "%s", dir);
    } else if ((dir = getenv("XDG_CACHE_HOME")) && *dir) {
        snprintf(base, sizeof base, "%s/stratex", dir);
    } else if ((dir = getenv("HOME")) && *dir) {
        snprintf(base, sizeof base, "%s/.cache", dir);
        mkdir(base, 0755);
        snprintf(base, sizeof base, "%s/.cache/stratex", dir);
    } else {
        return 1;
    }
    if (mkdir(base, 0755) != 0 && errno != EEXIST)
        return 1;
    /* One file per data folder, named by its absolute path's hash. */
    char real[PATH_MAX], hex[SX_SHA256_HEX];
    if (!realpath(data_dir, real))
        snprintf(real, sizeof real, "%s", data_dir);
    int rc = sx_sha256_hex(hex, real, strlen(real));
    if (rc != 0)
        return rc;
    if ((size_t)snprintf(path, size, "%s/screen-%.16s.sxi", base, hex) >= size)
        return 1;
    return 0;
}

/* Whether the file at path is an index file of this format whose data folder is gone. */
static bool orphaned(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ix_header *h = malloc(sizeof *h);
    bool gone = false;
    if (h && read(fd, h, sizeof *h) == (ssize_t)sizeof *h &&
        memcmp(h->magic, IX_MAGIC, 8) == 0 && h->byte_order == IX_BYTE_ORDER &&
        h->format == IX_FORMAT && memchr(h->folder, '\0', sizeof h->folder) && h->folder[0]) {
        struct stat st;
        gone = stat(h->folder, &st) != 0 && errno == ENOENT;
    }
    free(h);
    close(fd);
    return gone;
}

void sx_ix_prune(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (!slash || (size_t)(slash - path) >= sizeof dir)
        return;
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "screen-", 7) != 0 || n < 11 || strcmp(e->d_name + n - 4, ".sxi") ||
            strcmp(e->d_name, slash + 1) == 0)
            continue;
        char other[PATH_MAX];
        if ((size_t)snprintf(other, sizeof other, "%s/%s", dir, e->d_name) >= sizeof other)
            continue;
        /* A process that has the file mapped keeps it until it unmaps it. */
        if (orphaned(other))
            (void)unlink(other);
    }
    closedir(d);
}

/* Adds a file's bytes (small files) or its size and modification time (list files, whose
 * SHA-256 the MANIFEST records and the build verifies) to the key. */
static int key_file(sx_sha256 *h, const char *path, bool bytes)
{
    if (bytes) {
        char *data = NULL;
        size_t len = 0;
        int rc = sx_file_read(&data, &len, path, (size_t)16 << 20);
        if (rc == 0)
            rc = sx_sha256_update(h, path, strlen(path) + 1);
        if (rc == 0)
            rc = sx_sha256_update(h, data, len);
        free(data);
        return rc == SX_EIO ? sx_sha256_update(h, "-", 1) : rc;
    }
    struct stat st;
    char line[PATH_MAX + 96];
    int n = stat(path, &st) == 0
                ? snprintf(line, sizeof line, "%s %lld %lld.%09ld\n", path, (long long)st.st_size,
                           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec)
                : snprintf(line, sizeof line, "%s missing\n", path);
    return sx_sha256_update(h, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

int sx_ix_cache_key(char out[SX_SHA256_HEX], const char *lists_dir, const char *terms_dir)
{
    static const char *const terms[] = {"ko_terms.tsv", "ja_terms.tsv", "ko_surnames.tsv",
                                        "legal_forms.tsv", "org_types.tsv", "name_words.tsv",
                                        "abbreviations.tsv", "descriptors.tsv",
                                        "han_variants.tsv", "country_names.tsv",
                                        "name_split.tsv"};
    sx_sha256 *h = NULL;
    char path[PATH_MAX], head[128];
    int rc = sx_sha256_new(&h);
    int n = snprintf(head, sizeof head, "stratex-index %u %s espeak=%d\n", IX_FORMAT, SX_VERSION,
#ifdef SX_NO_ESPEAK
                     0
#else
                     1
#endif
    );
    if (rc == 0)
        rc = sx_sha256_update(h, head, (size_t)n);
    snprintf(path, sizeof path, "%s/lists/MANIFEST", lists_dir);
    if (rc == 0)
        rc = key_file(h, path, true);
    /* The MANIFEST's list files: the second field of each line. */
    char *text = NULL;
    size_t len = 0;
    if (rc == 0 && sx_file_read(&text, &len, path, (size_t)1 << 20) == 0) {
        for (char *line = text, *next; line && *line && rc == 0; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            char *tab = strchr(line, '\t');
            if (line[0] == '#' || !tab)
                continue;
            char *end = strchr(tab + 1, '\t');
            if (end)
                *end = '\0';
            snprintf(path, sizeof path, "%s/lists/%s", lists_dir, tab + 1);
            rc = key_file(h, path, false);
        }
    }
    free(text);
    for (size_t i = 0; i < sizeof terms / sizeof terms[0] && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/terms/%s", terms_dir, terms[i]);
        rc = key_file(h, path, true);
    }
    /* The dictionary tables (8 MB, made by make from the EDRDG packages): by size and
     * time, as the lists; make rewrites them whenever a dictionary changes. */
    static const char *const dicts[] = {"ja_dict.tsv", "ko_dict.tsv", "ja_loan.tsv",
                                        "ja_kana.tsv", "ko_hanja.tsv", "countries.tsv",
                                        "country_translations.tsv"};
    for (size_t i = 0; i < sizeof dicts / sizeof dicts[0] && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/terms/dict/%s", terms_dir, dicts[i]);
        rc = key_file(h, path, false);
    }
    if (rc == 0)
        rc = key_file(h, SX_HANJA_FILE, false);
    /* The libraries that make readings: another MeCab dictionary or espeak-ng release
     * reads names otherwise, and an index built with the old one would be stale. */
    char sig[1400];
    sx_japanese_signature(sig, sizeof sig);
    size_t sl = strlen(sig);
    sx_loan_signature(sig + sl, sizeof sig - sl);
    /* ICU romanises names and its CLDR data names countries (country.c). */
    UVersionInfo icu;
    char icu_text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(icu);
    u_versionToString(icu, icu_text);
    sl = strlen(sig);
    snprintf(sig + sl, sizeof sig - sl, " icu=%s", icu_text);
    if (rc == 0)
        rc = sx_sha256_update(h, sig, strlen(sig));
    /* The engine itself: the object file this code was loaded from (the stratex binary,
     * libstratex.so, a test), by size and time, so a rebuilt engine (other readings,
     * other weights) never opens an index an older one wrote. */
    Dl_info info;
    char engine[PATH_MAX];
    if (!dladdr((void *)(uintptr_t)sx_ix_cache_key, &info) || !info.dli_fname ||
        !realpath(info.dli_fname, engine))
        snprintf(engine, sizeof engine, "/proc/self/exe"); /* stat() follows the link */
    if (rc == 0)
        rc = key_file(h, engine, false);
    if (rc == 0)
        return sx_sha256_final_hex(h, out);
    sx_sha256_free(h);
    return rc;
}
