/* CSV list formats: simple-csv, ofac-csv (normalised SDN), ofac-legacy (OFAC's raw
 * sdn/alt/add/sdn_comments files) and uk-tables (the derived UK Sanctions List tables). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/screen/lists/loader.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/strutil.h"

/* One open CSV file: its bytes and the reader over them. */
typedef struct csv_file {
    char *data;
    size_t len;
    sx_csv csv;
    char path[4096];
} csv_file;

static int csv_open(csv_file *f, sx_list *l, const char *path)
{
    memset(f, 0, sizeof *f);
    sx_strlcpy(f->path, path, sizeof f->path);
    int rc = sx_lb_read(l, path, &f->data, &f->len);
    if (rc != 0)
        return rc;
    sx_csv_init(&f->csv, f->data, f->len, f->path);
    return 0;
}

static void csv_close(csv_file *f)
{
    sx_csv_free(&f->csv);
    free(f->data);
    f->data = NULL;
}

/* Reads the header and finds the named columns; required ones must be present. */
static int csv_header(csv_file *f, const char *const *names, int *cols, size_t n,
                      size_t nrequired)
{
    int rc = sx_csv_next(&f->csv);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return sx_error_set(SX_EPARSE, "%s:1: empty file, expected a header", f->path);
    for (size_t i = 0; i < n; i++) {
        cols[i] = sx_csv_column(&f->csv, names[i]);
        if (cols[i] < 0 && i < nrequired)
            return sx_error_set(SX_EPARSE, "%s:%zu: missing column \"%s\"", f->path,
                                f->csv.rec_line, names[i]);
    }
    return 0;
}

/* Field i of the current record, or "" when the column is absent or the row short. */
static const char *fld(const csv_file *f, int col)
{
    if (col < 0 || (size_t)col >= f->csv.nfields)
        return "";
    return f->csv.fields[col];
}

static int need(const csv_file *f, int col, const char *what)
{
    if (fld(f, col)[0] == '\0')
        return sx_error_set(SX_EPARSE, "%s:%zu: empty %s", f->path, f->csv.rec_line, what);
    return 0;
}

/* Adds each part of a "sep"-joined value through add(). */
static int add_split(sx_list *l, size_t idx, const char *value, const char *sep,
                     int (*add)(sx_list *, size_t, const char *))
{
    size_t seplen = strlen(sep);
    char part[4096];
    for (const char *p = value; p && *p;) {
        const char *q = strstr(p, sep);
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n >= sizeof part)
            n = sizeof part - 1;
        memcpy(part, p, n);
        part[n] = '\0';
        int rc = add(l, idx, part);
        if (rc != 0)
            return rc;
        p = q ? q + seplen : NULL;
    }
    return 0;
}

static int add_alias(sx_list *l, size_t idx, const char *name)
{
    return sx_lb_add_name(l, idx, name, SX_NAME_ALIAS);
}

/* ---- simple-csv: id,name[,type,country]; repeated ids are aliases ---- */

int sx_load_simple_csv(sx_list *l, const char *path)
{
    static const char *const names[] = {"id", "name", "type", "country"};
    int cols[4], rc;
    csv_file f;
    if ((rc = csv_open(&f, l, path)) != 0)
        return rc;
    if ((rc = csv_header(&f, names, cols, 4, 2)) != 0)
        goto done;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = need(&f, cols[0], "id")) != 0 || (rc = need(&f, cols[1], "name")) != 0)
            goto done;
        int existed = sx_lb_find(l, &idx, fld(&f, cols[0])) == 0;
        if ((rc = sx_lb_entity(l, &idx, fld(&f, cols[0]), fld(&f, cols[2]))) != 0)
            goto done;
        if ((rc = sx_lb_add_name(l, idx, fld(&f, cols[1]),
                                 existed ? SX_NAME_ALIAS : SX_NAME_PRIMARY)) != 0)
            goto done;
        if ((rc = sx_lb_add_country_named(l, idx, fld(&f, cols[3]))) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

/* ---- ofac-csv: uid,name,type,programs,alternate_names ("; "-joined) ---- */

int sx_load_ofac_csv(sx_list *l, const char *path)
{
    static const char *const names[] = {"uid", "name", "type", "programs", "alternate_names"};
    int cols[5], rc;
    csv_file f;
    if ((rc = csv_open(&f, l, path)) != 0)
        return rc;
    if ((rc = csv_header(&f, names, cols, 5, 2)) != 0)
        goto done;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = need(&f, cols[0], "uid")) != 0 || (rc = need(&f, cols[1], "name")) != 0)
            goto done;
        if ((rc = sx_lb_entity(l, &idx, fld(&f, cols[0]), fld(&f, cols[2]))) != 0 ||
            (rc = sx_lb_add_name(l, idx, fld(&f, cols[1]), SX_NAME_PRIMARY)) != 0 ||
            (rc = add_split(l, idx, fld(&f, cols[3]), "; ", sx_lb_add_program)) != 0 ||
            (rc = add_split(l, idx, fld(&f, cols[4]), "; ", add_alias)) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

/* ---- ofac-legacy: raw OFAC files, no header, "-0-" meaning empty ---- */

/* OFAC writes "-0- " (with a trailing space) for an empty field. */
static const char *ofac_val(const csv_file *f, size_t i)
{
    if (i >= f->csv.nfields)
        return "";
    const char *v = f->csv.fields[i];
    return strncmp(v, "-0-", 3) == 0 && (v[3] == '\0' || v[3] == ' ') ? "" : v;
}

/* Weak aliases live in the remarks as a.k.a. 'NAME'; OFAC itself does not search them,
 * but screening must (Watchman #450). */
static int ofac_weak_akas(sx_list *l, size_t idx, const char *remarks)
{
    for (const char *p = strstr(remarks, "a.k.a. '"); p; p = strstr(p, "a.k.a. '")) {
        p += 8;
        const char *q = strchr(p, '\'');
        if (!q)
            break;
        char name[1024];
        size_t n = (size_t)(q - p) < sizeof name - 1 ? (size_t)(q - p) : sizeof name - 1;
        memcpy(name, p, n);
        name[n] = '\0';
        int rc = sx_lb_add_name(l, idx, name, SX_NAME_WEAK_ALIAS);
        if (rc != 0)
            return rc;
        p = q + 1;
    }
    return 0;
}

/* Remark labels that carry a value with digits but are no identifier of the party. */
static const char *const ofac_not_ids[] = {"Date", "Executive Order", "sanctions",
                                           "Transactions Prohibited", "Linked To", "Phone",
                                           "Telephone", "Model", "Website", "Email", "Fax",
                                           "Digital Currency", "Gender", "Additional",
                                           "Effective", "Listing", "Tonnage", "Length",
                                           "a.k.a", "f.k.a", "POB"};

/* One remark ("DOB 28 Jun 1991", "nationality Iran", "Passport A1234567 (Iran)"): what it
 * says of the party's birth, nationality or identifiers. */
static int ofac_remark(sx_list *l, size_t idx, char *part)
{
    if (strncmp(part, "alt. ", 5) == 0)
        part += 5;
    if (strncmp(part, "DOB ", 4) == 0)
        return sx_lb_add_dob_text(l, idx, part + 4);
    if (strncmp(part, "nationality ", 12) == 0 || strncmp(part, "citizen ", 8) == 0) {
        return sx_lb_add_country_named(l, idx, strchr(part, ' ') + 1);
    }
    /* "<label> <value>[ (<issuer>)]": the value is the first word holding a digit. */
    char *value = part, *word = part;
    for (;;) {
        word += strspn(word, " ");
        if (!*word)
            return 0;
        size_t n = strcspn(word, " ");
        if (strpbrk(word, "0123456789") && (size_t)(strpbrk(word, "0123456789") - word) < n) {
            value = word;
            break;
        }
        word += n;
    }
    if (value == part || strlen(value) < 4)
        return 0;
    for (size_t i = 0; i < sizeof ofac_not_ids / sizeof ofac_not_ids[0]; i++) {
        const char *hit = strstr(part, ofac_not_ids[i]);
        if (hit && hit < value)
            return 0;
    }
    value[-1] = '\0';
    char *paren = strstr(value, " (");
    if (paren)
        *paren = '\0';
    return sx_lb_add_ident(l, idx, sx_trim(part), value);
}

/* The remarks field: "; "-separated remarks, the last ending in a full stop. */
static int ofac_remarks(sx_list *l, size_t idx, const char *remarks)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", remarks);
    int rc = 0;
    for (char *part = buf, *next; part && rc == 0; part = next) {
        next = strchr(part, ';');
        if (next)
            *next++ = '\0';
        part = sx_trim(part);
        size_t n = strlen(part);
        if (n && part[n - 1] == '.')
            part[n - 1] = '\0';
        rc = ofac_remark(l, idx, part);
    }
    return rc;
}

static int ofac_programs(sx_list *l, size_t idx, const char *value)
{
    /* Several programmes are written "SDGT] [IRGC". */
    return add_split(l, idx, value, "] [", sx_lb_add_program);
}

static int ofac_expect_fields(const csv_file *f, size_t n)
{
    if (f->csv.nfields < n)
        return sx_error_set(SX_EPARSE, "%s:%zu: expected %zu fields, found %zu", f->path,
                            f->csv.rec_line, n, f->csv.nfields);
    return 0;
}

static int ofac_sdn(sx_list *l, const char *path)
{
    csv_file f;
    int rc = csv_open(&f, l, path);
    if (rc != 0)
        return rc;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        const char *type = ofac_val(&f, 2);
        if ((rc = ofac_expect_fields(&f, 4)) != 0 || (rc = need(&f, 0, "ent_num")) != 0 ||
            (rc = need(&f, 1, "SDN_Name")) != 0)
            goto done;
        if ((rc = sx_lb_entity(l, &idx, ofac_val(&f, 0), type[0] ? type : "entity")) != 0 ||
            (rc = sx_lb_add_name(l, idx, ofac_val(&f, 1), SX_NAME_PRIMARY)) != 0 ||
            (rc = ofac_programs(l, idx, ofac_val(&f, 3))) != 0 ||
            (rc = ofac_weak_akas(l, idx, ofac_val(&f, 11))) != 0 ||
            (rc = ofac_remarks(l, idx, ofac_val(&f, 11))) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

/* Rows of the joined files whose ent_num is not in sdn.csv are skipped: OFAC's files are
 * published together, but snapshots taken on different days do not fully join. */
static int ofac_alt(sx_list *l, const char *path)
{
    csv_file f;
    int rc = csv_open(&f, l, path);
    if (rc != 0)
        return rc;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = ofac_expect_fields(&f, 4)) != 0 || (rc = need(&f, 0, "ent_num")) != 0)
            goto done;
        if (sx_lb_find(l, &idx, ofac_val(&f, 0)) != 0)
            continue;
        sx_name_kind kind = sx_streq_ascii_ci(ofac_val(&f, 2), "weak") ? SX_NAME_WEAK_ALIAS
                                                                         : SX_NAME_ALIAS;
        if ((rc = sx_lb_add_name(l, idx, ofac_val(&f, 3), kind)) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

static int ofac_add(sx_list *l, const char *path)
{
    csv_file f;
    int rc = csv_open(&f, l, path);
    if (rc != 0)
        return rc;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = ofac_expect_fields(&f, 5)) != 0 || (rc = need(&f, 0, "ent_num")) != 0)
            goto done;
        if (sx_lb_find(l, &idx, ofac_val(&f, 0)) != 0)
            continue;
        if ((rc = sx_lb_add_country_named(l, idx, ofac_val(&f, 4))) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

static int ofac_comments(sx_list *l, const char *path)
{
    csv_file f;
    int rc = csv_open(&f, l, path);
    if (rc != 0)
        return rc;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = ofac_expect_fields(&f, 2)) != 0 || (rc = need(&f, 0, "ent_num")) != 0)
            goto done;
        if (sx_lb_find(l, &idx, ofac_val(&f, 0)) != 0)
            continue;
        if ((rc = ofac_weak_akas(l, idx, ofac_val(&f, 1))) != 0 ||
            (rc = ofac_remarks(l, idx, ofac_val(&f, 1))) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

int sx_load_ofac_legacy(sx_list *l, const char *dir)
{
    /* The consolidated (non-SDN) list uses the same layout under cons_* names. */
    static const char *const sdn_names[][4] = {
        {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"},
        {"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"},
    };
    int (*const steps[4])(sx_list *, const char *) = {ofac_sdn, ofac_alt, ofac_add,
                                                       ofac_comments};
    for (size_t set = 0; set < 2; set++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, sdn_names[set][0]);
        if (access(path, R_OK) != 0)
            continue;
        for (size_t s = 0; s < 4; s++) {
            snprintf(path, sizeof path, "%s/%s", dir, sdn_names[set][s]);
            if (s > 0 && access(path, R_OK) != 0)
                continue; /* only the primary file is required */
            int rc = steps[s](l, path);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    return sx_error_set(SX_EIO, "%s: no sdn.csv or cons_prim.csv in this folder", dir);
}

/* ---- uk-tables: subjects.csv + subject_names.csv (+ countries, identifiers) ---- */

static int uk_subjects(sx_list *l, const char *path)
{
    static const char *const names[] = {"unique_id", "subject_type", "un_reference_number",
                                        "ofsi_group_id"};
    int cols[4], rc;
    csv_file f;
    if ((rc = csv_open(&f, l, path)) != 0)
        return rc;
    if ((rc = csv_header(&f, names, cols, 4, 2)) != 0)
        goto done;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = need(&f, cols[0], "unique_id")) != 0)
            goto done;
        if ((rc = sx_lb_entity(l, &idx, fld(&f, cols[0]), fld(&f, cols[1]))) != 0 ||
            (rc = sx_lb_add_ident(l, idx, "un_reference", fld(&f, cols[2]))) != 0 ||
            (rc = sx_lb_add_ident(l, idx, "ofsi_group_id", fld(&f, cols[3]))) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

static int uk_names(sx_list *l, const char *path)
{
    static const char *const names[] = {"unique_id", "name_type", "full_name", "alias_strength"};
    int cols[4], rc;
    csv_file f;
    if ((rc = csv_open(&f, l, path)) != 0)
        return rc;
    if ((rc = csv_header(&f, names, cols, 4, 3)) != 0)
        goto done;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if ((rc = need(&f, cols[0], "unique_id")) != 0)
            goto done;
        if (sx_lb_find(l, &idx, fld(&f, cols[0])) != 0) {
            rc = sx_error_set(SX_EDATA, "%s:%zu: unknown subject \"%s\"", f.path,
                              f.csv.rec_line, fld(&f, cols[0]));
            goto done;
        }
        const char *nt = fld(&f, cols[1]);
        sx_name_kind kind = strcmp(nt, "primary") == 0 ? SX_NAME_PRIMARY : SX_NAME_ALIAS;
        if (strstr(fld(&f, cols[3]), "low_quality"))
            kind = SX_NAME_WEAK_ALIAS;
        if ((rc = sx_lb_add_name(l, idx, fld(&f, cols[2]), kind)) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

static int uk_countries(sx_list *l, const char *path)
{
    static const char *const names[] = {"unique_id", "iso"};
    int cols[2], rc;
    csv_file f;
    if ((rc = csv_open(&f, l, path)) != 0)
        return rc;
    if ((rc = csv_header(&f, names, cols, 2, 2)) != 0)
        goto done;
    while ((rc = sx_csv_next(&f.csv)) > 0) {
        size_t idx;
        if (sx_lb_find(l, &idx, fld(&f, cols[0])) != 0)
            continue;
        if ((rc = sx_lb_add_country_named(l, idx, fld(&f, cols[1]))) != 0)
            goto done;
    }
done:
    csv_close(&f);
    return rc < 0 ? rc : 0;
}

int sx_load_uk_tables(sx_list *l, const char *dir)
{
    char path[4200];
    int rc;
    snprintf(path, sizeof path, "%s/subjects.csv", dir);
    if ((rc = uk_subjects(l, path)) != 0)
        return rc;
    snprintf(path, sizeof path, "%s/subject_names.csv", dir);
    if ((rc = uk_names(l, path)) != 0)
        return rc;
    snprintf(path, sizeof path, "%s/subject_countries.csv", dir);
    if (access(path, R_OK) == 0 && (rc = uk_countries(l, path)) != 0)
        return rc;
    /* A subject without any name cannot be screened; the tables are inconsistent. */
    for (size_t i = 0; i < l->count; i++)
        if (l->entities[i].nnames == 0)
            return sx_error_set(SX_EDATA, "%s/subject_names.csv: subject \"%s\" has no name",
                                dir, l->entities[i].id);
    return 0;
}
