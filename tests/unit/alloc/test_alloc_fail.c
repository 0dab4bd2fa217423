/* Allocation-failure sweep (SQLite's approach): for N = 0, 1, 2, ... the Nth allocation of
 * an operation fails, and the operation must then return SX_ENOMEM with a message, hand
 * nothing out (the output left as it was, or NULL), leak nothing (the ASan build's leak check), and
 * never report a partial answer as a success: when it does succeed despite the failure (a path that
 * can do without the memory), its answer must be byte for byte the one it gives with no failure.
 * Each N is run twice: only the Nth allocation fails ("once"), and every allocation from
 * the Nth on fails ("from then on", which also exercises error paths that allocate).
 *
 * How the failures are injected: the library calls libc's allocator directly in many
 * places (and libyaml, jansson and libxml2 allocate for it), so there is no single internal
 * wrapper to put a hook in.  This binary alone is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup (Makefile),
 * which sends every such call from libstratex.a's objects and from the statically linked
 * libyaml to the __wrap_ functions below; jansson and libxml2 are given the same functions
 * through their allocator hooks (json_set_alloc_funcs, xmlMemSetup).  Nothing of this is
 * in the library: libstratex.so and its exported symbols are unchanged.
 *
 * Operations swept: sx_regimes_load (a small fixture of every file kind), sx_list_load
 * (each format, small files), sx_decide + sx_decision_json + sx_decision_text and
 * sx_decide_json (on the real data, with parties screened against a small index). */
/* cmocka.h needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <execinfo.h>
#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "stratex/stratex.h"

/* ---- the failing allocator ------------------------------------------------------------------ */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static bool armed;       /* counting and failing */
static long countdown;   /* allocations left before the one that fails */
static bool persistent;  /* after the first failure, fail every allocation */
static bool failed;      /* an allocation was refused during this run */
static long allocations; /* counted while armed */
static bool trace;

static bool refuse(void)
{
    if (!armed)
        return false;
    allocations++;
    if (failed && persistent)
        return true;
    if (countdown-- == 0) {
        failed = true;
        if (trace) { /* SX_ALLOC_TRACE=1: where each refused allocation was asked for */
            void *frames[16];
            fprintf(stderr, "-- allocation refused:\n");
            backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
        }
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n)
{
    return refuse() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t size)
{
    return refuse() ? NULL : __real_calloc(n, size);
}
void *__wrap_realloc(void *p, size_t n)
{
    return refuse() ? NULL : __real_realloc(p, n);
}
char *__wrap_strdup(const char *s)
{
    return refuse() ? NULL : __real_strdup(s);
}
char *__wrap_strndup(const char *s, size_t n)
{
    return refuse() ? NULL : __real_strndup(s, n);
}

/* jansson's allocations (the library chains its own watch in front, util/jsonmem.h).
 * jansson 2.14 itself is not safe when an allocation fails inside its parser: with
 * {"answers":{"US-CCL-3B994#1":"no"}}, refusing its 22nd allocation makes json_loads
 * free a pointer it never allocated (ASan: bad-free inside libjansson; the plain build's
 * heap is corrupted).  An operation marked spare_json_parser runs with jansson's parser
 * exempt (json_loads/json_loadb are wrapped too, Makefile); everything else still fails. */
json_t *__real_json_loads(const char *input, size_t flags, json_error_t *error);
json_t *__wrap_json_loads(const char *input, size_t flags, json_error_t *error);
json_t *__real_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error);
json_t *__wrap_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error);
static bool spare_json_parser, in_json_parser;

json_t *__wrap_json_loads(const char *input, size_t flags, json_error_t *error)
{
    in_json_parser = true;
    json_t *j = __real_json_loads(input, flags, error);
    in_json_parser = false;
    return j;
}

json_t *__wrap_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error)
{
    in_json_parser = true;
    json_t *j = __real_json_loadb(buffer, buflen, flags, error);
    in_json_parser = false;
    return j;
}

static void *json_alloc(size_t n)
{
    return spare_json_parser && in_json_parser ? __real_malloc(n) : __wrap_malloc(n);
}

static void arm(long n, bool from_then_on)
{
    countdown = n;
    persistent = from_then_on;
    failed = false;
    allocations = 0;
    armed = true;
}

#ifdef __SANITIZE_ADDRESS__
/* libyaml 0.2.5 leaks the pair stack of a mapping (128 bytes) when the allocation that
 * adds the mapping to the document fails (yaml_parser_load_mapping: STACK_INIT(pairs),
 * then PUSH(document->nodes) fails and its error path frees only the tag); seen here at
 * allocation 390 of the regime fixture.  That is libyaml's, not the library's: it is
 * suppressed for this binary only. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:yaml_parser_load\n";
}
#endif

/* ---- the sweep ---------------------------------------------------------------------------- */

/* run: the operation under test (armed); describe: everything its result holds, as text
 * (not armed), then frees the result. */
typedef struct op {
    const char *name;
    int (*run)(void **result, const void *arg);
    char *(*describe)(void *result);
    const void *arg;
    bool spare_json_parser; /* see json_alloc */
} op;

static char *describe_or_die(const op *o, void *result)
{
    char *text = o->describe(result);
    if (!text)
        fail_msg("%s: describing the result failed", o->name);
    return text;
}

/* Returns the number of allocations the operation makes when nothing fails. */
static long sweep(const op *o)
{
    void *result = NULL;
    spare_json_parser = o->spare_json_parser;
    int rc = o->run(&result, o->arg);
    if (rc != 0)
        fail_msg("%s: fails with no allocation failure: %d %s", o->name, rc, sx_errmsg());
    char *reference = describe_or_die(o, result);
    long total = -1;
    for (int mode = 0; mode < 2; mode++) {
        for (long n = 0;; n++) {
            if (n > 2000000)
                fail_msg("%s: the sweep does not end", o->name);
            result = (void *)&result; /* on failure: untouched or NULL */
            sx_error_clear();
            if (trace)
                fprintf(stderr, "-- %s: allocation %ld fails %s\n", o->name, n,
                        mode ? "from then on" : "once");
            arm(n, mode == 1);
            rc = o->run(&result, o->arg);
            armed = false;
#ifdef __SANITIZE_ADDRESS__
            if (trace && __lsan_do_recoverable_leak_check()) /* which run leaked */
                fprintf(stderr, "-- the run above leaked\n");
#endif
            if (!failed) { /* n is past the last allocation: the sweep is done */
                if (rc != 0)
                    fail_msg("%s: fails with no allocation failure: %d", o->name, rc);
                char *text = describe_or_die(o, result);
                assert_string_equal(text, reference);
                free(text);
                total = allocations;
                break;
            }
            if (rc == 0) { /* did without the memory: the answer must be whole */
                char *text = describe_or_die(o, result);
                if (strcmp(text, reference) != 0) {
                    size_t at = 0;
                    while (text[at] && text[at] == reference[at])
                        at++;
                    size_t from = at > 60 ? at - 60 : 0;
                    fail_msg("%s: allocation %ld failed (%s) and the call succeeded with a "
                             "different answer, from byte %zu:\n  got  ...%.160s\n  want ...%.160s",
                             o->name, n, mode ? "from then on" : "once", at, text + from,
                             reference + from);
                }
                free(text);
                continue;
            }
            if (rc != SX_ENOMEM)
                fail_msg("%s: allocation %ld failed (%s): returned %d (%s) \"%s\", not SX_ENOMEM",
                         o->name, n, mode ? "from then on" : "once", rc, sx_strerror(rc),
                         sx_errmsg());
            if (result != (void *)&result && result != NULL) /* untouched, or NULL */
                fail_msg("%s: allocation %ld failed: something was handed out", o->name, n);
            if (!sx_errmsg()[0])
                fail_msg("%s: allocation %ld failed: no message", o->name, n);
        }
    }
    free(reference);
    print_message("%s: %ld allocations, each failed once and from then on\n", o->name, total);
    return total;
}

/* ---- text helpers ------------------------------------------------------------------------ */

static void append(char **acc, const char *s)
{
    size_t a = *acc ? strlen(*acc) : 0, b = s ? strlen(s) : 6;
    char *grown = realloc(*acc, a + b + 2);
    assert_non_null(grown);
    memcpy(grown + a, s ? s : "(null)", b);
    grown[a + b] = '\n';
    grown[a + b + 1] = '\0';
    *acc = grown;
}

static void append_owned(char **acc, char *s)
{
    append(acc, s);
    sx_free(s);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char tmp[64];

/* ---- sx_regimes_load on a fixture ----------------------------------------------------------- */

static const char *const fixture_files[][2] = {
    {"countries.yaml",
     "countries:\n  - {code: JP, name: Japan}\n  - {code: KR, name: South Korea}\n"
     "  - {code: US, name: United States}\n  - {code: CN, name: China}\n"},
    {"jp/regime.yaml", "jurisdiction: JP\nname: Japan\nauthority: METI\ndata_begins: 2013-01-01\n"
                       "as_of: 2026-11-01\nmethod: rules\n"},
    {"jp/sources.yaml", "sources:\n  - {id: S1, title: Source one, url: https://example.org}\n"
                        "  - {id: S2, title: Source two, article: Art. 2}\n"},
    {"jp/groups.yaml",
     "groups:\n"
     "  - group: A\n    id: G-A\n    name: Group A\n    cite: S1\n    status: verified\n"
     "    members:\n      - {countries: [US]}\n      - {country: KR, to: 2019-08-28, id: G-A-KR}\n"
     "  - group: B\n    id: G-B\n    name: Group B\n    cite: S2\n    status: partial\n"
     "    members:\n      - {country: KR, from: 2019-08-28, id: G-B-KR, status: verified}\n"
     "  - group: C\n    id: G-C\n    name: Others\n    cite: S1\n    status: verified\n"
     "    default: true\n    exclude: [A, B]\n"},
    {"jp/items.yaml", "items:\n  - {id: I-1, ref: \"jp:3(1)\", controls: [1C350], name: "
                      "Precursors, hs: [\"2811.11\"],"
                      " cite: S1, status: verified}\n"
                      "  - {id: I-2, ref: \"jp:5(17)\", controls: [1C009.b], name: Polyimide, "
                      "cite: S2, status: partial,"
                      " from: 2019-07-04}\n"},
    {"jp/items-derived.yaml", "items:\n  - {id: D-1, controls: [3C002], name: Resists, cite: S1,"
                              " status: partial, note: derived}\n"},
    {"jp/licences.yaml",
     "licences:\n  - {licence: individual, id: L-1, name: Individual, review_days: 90, cite: S1,"
     " status: verified}\n"
     "  - {licence: general_bulk, id: L-2, name: Bulk, review_days: null, cite: S1, status: "
     "partial}\n"},
    {"jp/rules.yaml",
     "rules:\n  - {id: R-1, kind: licence_availability, licence: individual, effect: open, cite: "
     "S1,"
     " status: verified}\n"
     "  - id: R-2\n    kind: licence_availability\n    licence: general_bulk\n    effect: open\n"
     "    where: {groups: [A]}\n    cite: S1\n    status: verified\n"
     "  - id: R-3\n    kind: licence_availability\n    licence: general_bulk\n    effect: closed\n"
     "    where: {groups: [B], items: [1C009.b]}\n    reason: not for group B\n    cite: S2\n"
     "    status: partial\n"},
};

static int run_regimes_load(void **result, const void *arg)
{
    return sx_regimes_load((sx_regimes **)result, (const char *)arg);
}

static char *describe_regimes(void *result)
{
    sx_regimes *r = result;
    char *acc = NULL, *out = NULL;
    append(&acc, sx_regimes_hash(r));
    sx_date d;
    assert_int_equal(sx_date_parse(&d, "2020-01-01"), 0);
    assert_int_equal(sx_regime_groups_json(&out, r, "JP", d), 0);
    append_owned(&acc, out);
    sx_date from;
    assert_int_equal(sx_date_parse(&from, "2013-01-01"), 0);
    assert_int_equal(sx_regime_diff_json(&out, r, "JP", from, d, NULL), 0);
    append_owned(&acc, out);
    const char *items[] = {"1C350", "1C009.b", "3C002", "jp:5(17)"};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        sx_shipment s = {.from = "JP", .to = "KR", .item = items[i], .date = "2020-01-01"};
        sx_decision *dec = NULL;
        assert_int_equal(sx_decide(&dec, r, NULL, &s), 0);
        assert_int_equal(sx_decision_json(&out, dec), 0);
        append_owned(&acc, out);
        sx_decision_free(dec);
    }
    sx_regimes_free(r);
    return acc;
}

static void test_regimes_load(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/regimes/jp", tmp);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", path);
    assert_int_equal(system(cmd), 0);
    for (size_t i = 0; i < sizeof fixture_files / sizeof *fixture_files; i++) {
        snprintf(path, sizeof path, "%s/regimes/%s", tmp, fixture_files[i][0]);
        write_file(path, fixture_files[i][1]);
    }
    op o = {"sx_regimes_load", run_regimes_load, describe_regimes, tmp, false};
    assert_true(sweep(&o) > 0);
}

/* ---- sx_list_load -------------------------------------------------------------------------- */

typedef struct list_arg {
    const char *format, *path;
} list_arg;

static int run_list_load(void **result, const void *arg)
{
    const list_arg *a = arg;
    return sx_list_load((sx_list **)result, a->format, a->path);
}

static char *describe_list(void *result)
{
    sx_list *l = result;
    char *acc = NULL;
    append(&acc, sx_list_name(l));
    append(&acc, sx_list_hash(l));
    for (size_t i = 0; i < sx_list_entity_count(l); i++) {
        char *out = NULL;
        assert_int_equal(sx_list_entity_json(&out, l, i), 0);
        append_owned(&acc, out);
    }
    sx_list_free(l);
    return acc;
}

static const char *const list_files[][3] = {
    {"simple-csv", "simple.csv",
     "id,name,type\n1,ACME TRADING,organization\n1,ACME CORP,organization\n"
     "2,\"Ivanov, Ivan\",individual\n3,株式会社テスト,organization\n"},
    {"ofac-csv", "ofac.csv",
     "uid,name,type,programs,alternate_names\n"
     "36,AEROCARIBBEAN AIRLINES,entity,CUBA,AERO-CARIBBEAN\n"
     "173,\"ZHANG, Wei\",individual,SDGT;IRAN,\"CHANG, Wei;Zhang Wei\"\n"},
    {"csl-json", "csl.json",
     "{\"tables\":{\"sources\":[\"Entity List (EL) - BIS\",\"Specially Designated Nationals (SDN) "
     "- "
     "Treasury Department\"]},\"entries\":["
     "{\"n\":\"HUAWEI TECHNOLOGIES CO., LTD.\",\"a\":[\"Huawei\",\"華為\"],\"s\":0,\"c\":[\"CN\"]},"
     "{\"n\":\"X CORP\",\"a\":[],\"s\":1,\"c\":[\"IR\",\"RU\"]}]}"},
    {"meti-eul-json", "meti.json",
     "[{\"id\":\"jp-eul-1\",\"entity_name\":\"Alpha Industries\",\"aliases\":[\"Alpha Ind.\"],"
     "\"addresses\":[\"Iran\"]},"
     "{\"id\":\"jp-eul-2\",\"entity_name\":\"Beta Co\",\"aliases\":[],\"addresses\":[\"North "
     "Korea\"]}]"},
    {"un-xml", "un.xml",
     "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>KPi.001"
     "</REFERENCE_NUMBER><FIRST_NAME>KIM</FIRST_NAME><SECOND_NAME>IL</SECOND_NAME>"
     "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>K. Il</ALIAS_NAME></INDIVIDUAL_ALIAS>"
     "</INDIVIDUAL></INDIVIDUALS><ENTITIES><ENTITY><DATAID>2</DATAID><REFERENCE_NUMBER>KPe.002"
     "</REFERENCE_NUMBER><FIRST_NAME>KOREA MINING CORP</FIRST_NAME></ENTITY></ENTITIES>"
     "</CONSOLIDATED_LIST>"},
};

static void test_list_load(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof list_files / sizeof *list_files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", tmp, list_files[i][1]);
        write_file(path, list_files[i][2]);
        list_arg a = {list_files[i][0], path};
        char name[64];
        snprintf(name, sizeof name, "sx_list_load %s", list_files[i][0]);
        op o = {name, run_list_load, describe_list, &a, false};
        assert_true(sweep(&o) > 0);
    }
}

/* ---- sx_decide and sx_decide_json on the real data ----------------------------------------- */

static sx_regimes *real;
static sx_screen_index *screen;

typedef struct decided {
    char *json, *text;
} decided;

static int run_decide(void **result, const void *arg)
{
    const sx_shipment *s = arg;
    sx_decision *d = NULL;
    char *json = NULL, *text = NULL;
    int rc = sx_decide(&d, real, screen, s);
    if (!rc)
        rc = sx_decision_json(&json, d);
    if (!rc)
        rc = sx_decision_text(&text, d);
    sx_decision_free(d);
    decided *out = rc ? NULL : __real_malloc(sizeof *out); /* the test's own: never fails */
    if (!rc && !out)
        abort();
    if (rc) {
        sx_free(json);
        sx_free(text);
        return rc;
    }
    out->json = json;
    out->text = text;
    *result = out;
    return 0;
}

static char *describe_decided(void *result)
{
    decided *d = result;
    char *acc = NULL;
    append_owned(&acc, d->json);
    append_owned(&acc, d->text);
    free(d);
    return acc;
}

static int run_decide_json(void **result, const void *arg)
{
    return sx_decide_json((char **)result, real, screen, (const char *)arg);
}

static char *describe_string(void *result)
{
    char *acc = NULL;
    append_owned(&acc, result);
    return acc;
}

static int load_real(void **state)
{
    (void)state;
    const char *root = getenv("STRATEX_ROOT");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", root ? root : ".");
    if (sx_regimes_load(&real, dir) != 0) {
        fprintf(stderr, "%s\n", sx_errmsg());
        return -1;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/parties.csv", tmp);
    write_file(path,
               "id,name,type\nP1,ACME TRADING,organization\nP2,\"Ivanov, Ivan\",individual\n");
    sx_list *l = NULL;
    if (sx_list_load(&l, "simple-csv", path) != 0 || sx_screen_index_build(&screen, &l, 1) != 0) {
        fprintf(stderr, "%s\n", sx_errmsg());
        return -1;
    }
    return 0;
}

static void test_decide(void **state)
{
    (void)state;
    static const char *const parties[] = {"Acme Trading Co", "Nobody In Particular"};
    static const char *const answers[] = {"US-CCL-3B994#1=no"};
    const sx_shipment ships[] = {
        {.id = "A1", .from = "JP", .to = "KR", .item = "1C350", .date = "2019-07-10"},
        {.from = "JP",
         .to = "KR",
         .item = "jp:3(1)",
         .date = "2019-09-01",
         .end_use = "civil",
         .parties = parties,
         .nparties = 2},
        {.from = "KR", .to = "JP", .item = "1C350", .date = "2023-05-01", .hs = "2811.11"},
        {.from = "US",
         .to = "CN",
         .item = "3B994",
         .date = "2026-08-01",
         .answers = answers,
         .nanswers = 1},
        {.from = "EU",
         .to = "RU",
         .item = "not-listed",
         .date = "2024-03-01",
         .end_use = "military"},
    };
    for (size_t i = 0; i < sizeof ships / sizeof *ships; i++) {
        char name[96];
        snprintf(name, sizeof name, "sx_decide %s->%s %s", ships[i].from, ships[i].to,
                 ships[i].item);
        op o = {name, run_decide, describe_decided, &ships[i], false};
        assert_true(sweep(&o) > 0);
    }
}

static void test_decide_json(void **state)
{
    (void)state;
    static const char *const requests[] = {
        "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\",\"date\":\"2019-07-10\",\"id\":\"r-1\","
        "\"parties\":[\"ACME Trading\",\"Someone Else\"],\"end_use\":\"civil\"}",
        "{\"from\":\"US\",\"to\":\"CN\",\"item\":\"3B994\",\"date\":\"2026-08-01\","
        "\"answers\":{\"US-CCL-3B994#1\":\"no\"}}",
        "{\"from\":\"JP\",\"to\":\"XX\",\"item\":\"1C350\",\"date\":\"2019-07-10\"}",
    };
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++) {
        char *out = NULL;
        int rc = sx_decide_json(&out, real, screen, requests[i]);
        sx_free(out);
        if (rc != 0) /* a refused request: its failure must not depend on memory */
            continue;
        char name[48];
        snprintf(name, sizeof name, "sx_decide_json request %zu", i + 1);
        op o = {name, run_decide_json, describe_string, requests[i], i == 1};
        assert_true(sweep(&o) > 0);
    }
}

static int teardown(void **state)
{
    (void)state;
    sx_regimes_free(real);
    sx_screen_index_free(screen);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    trace = getenv("SX_ALLOC_TRACE") != NULL;
    void *first[1];
    if (trace)
        backtrace(first, 1); /* loads libgcc_s before anything is armed */
    json_set_alloc_funcs(json_alloc, free);
    xmlMemSetup(free, __wrap_malloc, __wrap_realloc, __wrap_strdup);
    snprintf(tmp, sizeof tmp, "/tmp/stratex-alloc-test-%d", (int)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", tmp, tmp);
    if (system(cmd) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regimes_load),
        cmocka_unit_test(test_list_load),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_decide_json),
    };
    return cmocka_run_group_tests_name("allocation failures", tests, load_real, teardown);
}
