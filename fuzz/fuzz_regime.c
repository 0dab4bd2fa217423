/* Fuzz target: the YAML regime loader (sx_regimes_load) and, when a set loads, the queries
 * that walk what it built (groups, diff, a decision and its JSON and memo).
 *
 * An input is a small data folder written as sections, each starting with a line
 * "--- NAME" where NAME is countries.yaml, a jurisdiction file (regime.yaml, sources.yaml,
 * groups.yaml, items.yaml, items-native.yaml, items-derived.yaml, licences.yaml, rules.yaml,
 * rules-generated.yaml) of the folder jp/, or the same prefixed "kr/" for a second folder
 * (which exists only when the input gives its regime.yaml).  Bytes before the first section
 * are ignored.  Files the input does not give come from a small valid fixture, so a seed
 * holding one file tests that file in a set that otherwise loads.
 *
 * Any input must load whole or fail cleanly with an error naming file and line: no crash,
 * no leak, no undefined behaviour, no set handed out on failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/regime/model.h"
#include "stratex/stratex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const jur_files[] = {"regime.yaml",          "sources.yaml",
                                        "groups.yaml",          "items.yaml",
                                        "items-native.yaml",    "items-derived.yaml",
                                        "licences.yaml",        "rules.yaml",
                                        "rules-generated.yaml", NULL};

/* The fixture of tests/unit/regime/test_regime.c: files not in the input. */
static const char *fixture_text(const char *name)
{
    if (strcmp(name, "countries.yaml") == 0)
        return "countries:\n  - {code: JP, name: Japan}\n  - {code: KR, name: South Korea}\n"
               "  - {code: US, name: United States}\n  - {code: CN, name: China}\n";
    if (strcmp(name, "regime.yaml") == 0)
        return "jurisdiction: JP\nname: Japan\ndata_begins: 2013-01-01\nas_of: 2026-11-01\n"
               "method: rules\n";
    if (strcmp(name, "sources.yaml") == 0)
        return "sources:\n  - {id: S1, title: Source one, url: https://example.org}\n";
    if (strcmp(name, "groups.yaml") == 0)
        return "groups:\n"
               "  - group: A\n    id: G-A\n    name: Group A\n    cite: S1\n    status: verified\n"
               "    members:\n      - {countries: [US]}\n"
               "      - {country: KR, to: 2019-08-28, id: G-A-KR}\n"
               "  - group: C\n    id: G-C\n    name: Others\n    cite: S1\n    status: verified\n"
               "    default: true\n";
    if (strcmp(name, "items.yaml") == 0)
        return "items:\n  - {id: I-1, ref: \"jp:3(1)\", controls: [1C350], name: Precursors, "
               "cite: S1, status: verified}\n";
    if (strcmp(name, "licences.yaml") == 0)
        return "licences:\n  - {licence: individual, id: L-1, name: Individual, review_days: 90, "
               "cite: S1, status: verified}\n"
               "  - {licence: general_bulk, id: L-2, name: Bulk, review_days: null, cite: S1, "
               "status: partial}\n";
    if (strcmp(name, "rules.yaml") == 0)
        return "rules:\n  - {id: R-1, kind: licence_availability, licence: individual, "
               "effect: open, cite: S1, status: verified}\n"
               "  - id: R-2\n    kind: licence_availability\n    licence: general_bulk\n"
               "    effect: open\n    where: {groups: [A]}\n    cite: S1\n    status: verified\n";
    return NULL; /* items-native, items-derived, rules-generated: absent */
}

typedef struct section {
    const char *name; /* "countries.yaml", "jp/rules.yaml", "kr/regime.yaml" */
    const uint8_t *text;
    size_t len;
} section;

/* Is name (len bytes) a file this target writes?  Gives the canonical spelling. */
static const char *known_name(const char *name, size_t len)
{
    static char buf[64];
    if (len == strlen("countries.yaml") && memcmp(name, "countries.yaml", len) == 0)
        return "countries.yaml";
    const char *dir = "jp";
    if (len > 3 && (memcmp(name, "jp/", 3) == 0 || memcmp(name, "kr/", 3) == 0)) {
        dir = memcmp(name, "kr/", 3) == 0 ? "kr" : "jp";
        name += 3;
        len -= 3;
    }
    for (const char *const *f = jur_files; *f; f++)
        if (len == strlen(*f) && memcmp(name, *f, len) == 0) {
            snprintf(buf, sizeof buf, "%s/%s", dir, *f);
            return buf;
        }
    return NULL;
}

static size_t split(const uint8_t *data, size_t size, section *out, size_t max, char names[][64])
{
    size_t n = 0;
    size_t i = 0;
    while (i < size) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t end = nl ? (size_t)(nl - data) : size;
        if (end - i > 4 && memcmp(data + i, "--- ", 4) == 0) {
            const char *canon = known_name((const char *)data + i + 4, end - i - 4);
            if (canon && n < max) {
                snprintf(names[n], 64, "%s", canon);
                out[n].name = names[n];
                out[n].text = nl ? (const uint8_t *)nl + 1 : data + size;
                out[n].len = 0;
                n++;
            }
        } else if (n) {
            out[n - 1].len = (nl ? end + 1 : end) - (size_t)(out[n - 1].text - data);
        }
        i = nl ? end + 1 : size;
    }
    return n;
}

static int write_file(const char *path, const void *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = len ? fwrite(text, 1, len, f) : 0;
    return fclose(f) == 0 && w == len ? 0 : -1;
}

static const section *given(const section *s, size_t n, const char *name)
{
    const section *found = NULL; /* the last one wins */
    for (size_t i = 0; i < n; i++)
        if (strcmp(s[i].name, name) == 0)
            found = &s[i];
    return found;
}

static void exercise(const sx_regimes *r)
{
    (void)sx_regimes_hash(r);
    sx_date d2013, d2020, d2026;
    if (sx_date_parse(&d2013, "2013-01-01") || sx_date_parse(&d2020, "2020-01-01") ||
        sx_date_parse(&d2026, "2026-01-01"))
        abort();
    for (size_t i = 0; i < r->njurs; i++) {
        const char *jur = r->jurs[i].code;
        char *out = NULL;
        if (sx_regime_groups_json(&out, r, jur, d2020) == 0)
            sx_free(out);
        out = NULL;
        if (sx_regime_diff_json(&out, r, jur, d2013, d2026, NULL) == 0)
            sx_free(out);
        const char *item = r->jurs[i].nitems && r->jurs[i].items[0].controls.n
                               ? r->jurs[i].items[0].controls.v[0]
                               : "1C350";
        const char *to[] = {"KR", "CN", "US"};
        for (size_t k = 0; k < sizeof to / sizeof *to; k++) {
            sx_shipment s = {.from = jur, .to = to[k], .item = item, .date = "2020-01-01"};
            sx_decision *d = NULL;
            if (sx_decide(&d, r, NULL, &s) != 0)
                continue;
            out = NULL;
            if (sx_decision_json(&out, d) == 0)
                sx_free(out);
            out = NULL;
            if (sx_decision_text(&out, d) == 0)
                sx_free(out);
            sx_decision_free(d);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum { MAX_SECTIONS = 32 };
    section sec[MAX_SECTIONS];
    char names[MAX_SECTIONS][64];
    size_t n = split(data, size, sec, MAX_SECTIONS, names);

    char root[64], path[160];
    snprintf(root, sizeof root, "/tmp/sx_fuzz_regime_%d", (int)getpid());
    const char *dirs[] = {"", "/regimes", "/regimes/jp", "/regimes/kr"};
    bool with_kr = given(sec, n, "kr/regime.yaml") != NULL;
    for (size_t i = 0; i < (with_kr ? 4u : 3u); i++) {
        snprintf(path, sizeof path, "%s%s", root, dirs[i]);
        mkdir(path, 0700);
    }
    bool ok = true;
    const section *c = given(sec, n, "countries.yaml");
    snprintf(path, sizeof path, "%s/regimes/countries.yaml", root);
    if (c)
        ok = write_file(path, c->text, c->len) == 0;
    else
        ok = write_file(path, fixture_text("countries.yaml"),
                        strlen(fixture_text("countries.yaml"))) == 0;
    for (size_t d = 0; ok && d < (with_kr ? 2u : 1u); d++)
        for (const char *const *f = jur_files; ok && *f; f++) {
            char name[48];
            snprintf(name, sizeof name, "%s/%s", d ? "kr" : "jp", *f);
            snprintf(path, sizeof path, "%s/regimes/%s", root, name);
            const section *s = given(sec, n, name);
            const char *dflt = fixture_text(*f);
            if (s)
                ok = write_file(path, s->text, s->len) == 0;
            else if (dflt)
                ok = write_file(path, dflt, strlen(dflt)) == 0;
        }

    if (ok) {
        sx_regimes *r = (sx_regimes *)&r; /* must stay untouched on failure */
        sx_regimes *const sentinel = r;
        int rc = sx_regimes_load(&r, root);
        if (getenv("SX_FUZZ_VERBOSE")) /* for writing seeds: what did this input do? */
            fprintf(stderr, "%s\n", rc ? sx_errmsg() : "loaded");
        if (rc == 0) {
            exercise(r);
            sx_regimes_free(r);
        } else if (r != sentinel || !sx_errmsg()[0]) {
            abort(); /* a failed load handed something out, or said nothing */
        }
    }

    for (size_t d = 0; d < 2; d++)
        for (const char *const *f = jur_files; *f; f++) {
            snprintf(path, sizeof path, "%s/regimes/%s/%s", root, d ? "kr" : "jp", *f);
            unlink(path);
        }
    snprintf(path, sizeof path, "%s/regimes/countries.yaml", root);
    unlink(path);
    for (size_t i = 4; i-- > 0;) {
        snprintf(path, sizeof path, "%s%s", root, dirs[i]);
        rmdir(path);
    }
    return 0;
}
