/* Unit tests for the regime loader (validation, file:line errors, no half-loading) and the
 * decision engine through its public API, on the real data/regimes and on small fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stratex/stratex.h"

/* ---- a small valid fixture; each test breaks one thing ---------------------------------- */

static const char countries_yaml[] =
    "countries:\n  - {code: JP, name: Japan}\n  - {code: KR, name: South Korea}\n"
    "  - {code: US, name: United States}\n  - {code: CN, name: China}\n";
static const char regime_yaml[] =
    "jurisdiction: JP\nname: Japan\ndata_begins: 2013-01-01\nas_of: 2026-11-01\nmethod: rules\n";
static const char sources_yaml[] = "sources:\n  - {id: S1, title: Source one, url: https://example.org}\n";
static const char groups_yaml[] =
    "groups:\n"
    "  - group: A\n    id: G-A\n    name: Group A\n    cite: S1\n    status: verified\n"
    "    members:\n      - {countries: [US]}\n      - {country: KR, to: 2019-08-28, id: G-A-KR}\n"
    "  - group: C\n    id: G-C\n    name: Others\n    cite: S1\n    status: verified\n    default: true\n";
static const char items_yaml[] =
    "items:\n  - {id: I-1, ref: \"jp:3(1)\", controls: [1C350], name: Precursors, cite: S1, status: verified}\n";
static const char licences_yaml[] =
    "licences:\n  - {licence: individual, id: L-1, name: Individual, review_days: 90, cite: S1, status: verified}\n"
    "  - {licence: general_bulk, id: L-2, name: Bulk, review_days: null, cite: S1, status: partial}\n";
static const char rules_yaml[] =
    "rules:\n  - {id: R-1, kind: licence_availability, licence: individual, effect: open, cite: S1, status: verified}\n"
    "  - id: R-2\n    kind: licence_availability\n    licence: general_bulk\n    effect: open\n"
    "    where: {groups: [A]}\n    cite: S1\n    status: verified\n";

static char fixture[256];

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int make_fixture(void **state)
{
    (void)state;
    char dir[320];
    snprintf(fixture, sizeof fixture, "/tmp/stratex-regime-test-%d", (int)getpid());
    snprintf(dir, sizeof dir, "%s/regimes/jp", fixture);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", fixture, dir);
    if (system(cmd) != 0)
        return -1;
    snprintf(dir, sizeof dir, "%s/regimes", fixture);
    write_file(dir, "countries.yaml", countries_yaml);
    snprintf(dir, sizeof dir, "%s/regimes/jp", fixture);
    write_file(dir, "regime.yaml", regime_yaml);
    write_file(dir, "sources.yaml", sources_yaml);
    write_file(dir, "groups.yaml", groups_yaml);
    write_file(dir, "items.yaml", items_yaml);
    write_file(dir, "licences.yaml", licences_yaml);
    write_file(dir, "rules.yaml", rules_yaml);
    return 0;
}

static int drop_fixture(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", fixture);
    return system(cmd) == 0 ? 0 : -1;
}

/* Replaces one jp file, loads, and checks the error names file and line. */
static void expect_load_error(const char *file, const char *text, const char *where, const char *msg)
{
    char dir[320];
    snprintf(dir, sizeof dir, "%s/regimes/jp", fixture);
    write_file(dir, file, text);
    sx_regimes *r = (sx_regimes *)0x1;
    assert_int_equal(sx_regimes_load(&r, fixture), SX_EDATA);
    assert_ptr_equal(r, (sx_regimes *)0x1); /* nothing half-loaded is handed out */
    const char *err = sx_errmsg();
    if (!strstr(err, where) || !strstr(err, msg))
        fail_msg("error \"%s\" lacks \"%s\" / \"%s\"", err, where, msg);
}

static void test_fixture_loads(void **state)
{
    (void)state;
    sx_regimes *r = NULL;
    assert_int_equal(sx_regimes_load(&r, fixture), 0);
    assert_int_equal(strlen(sx_regimes_hash(r)), 64);
    sx_regimes_free(r);
}

static void test_unknown_country(void **state)
{
    (void)state;
    expect_load_error("groups.yaml",
                      "groups:\n  - group: A\n    id: G-A\n    name: A\n    cite: S1\n    status: verified\n"
                      "    members:\n      - {country: XX}\n",
                      "groups.yaml:8:", "unknown country \"XX\"");
}

static void test_overlapping_membership(void **state)
{
    (void)state;
    expect_load_error("groups.yaml",
                      "groups:\n  - group: A\n    id: G-A\n    name: A\n    cite: S1\n    status: verified\n"
                      "    members:\n      - {country: KR, to: 2019-08-28, id: M1}\n"
                      "      - {country: KR, from: 2019-08-01, id: M2}\n",
                      "groups.yaml:9:", "overlapping interval");
}

static void test_dangling_cite(void **state)
{
    (void)state;
    expect_load_error("items.yaml",
                      "items:\n  - {id: I-1, controls: [1C350], name: P, cite: NOPE, status: verified}\n",
                      "items.yaml:2:", "cite \"NOPE\" names no entry");
}

static void test_bad_date(void **state)
{
    (void)state;
    expect_load_error("items.yaml",
                      "items:\n  - {id: I-1, controls: [1C350], name: P, cite: S1, status: verified, from: 2019-02-30}\n",
                      "items.yaml:2:", "bad date for \"from\"");
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect_load_error("items.yaml",
                      "items:\n  - {id: I-1, controls: [1C350], name: P, cite: S1, status: verified, form: 2019-01-01}\n",
                      "items.yaml:2:", "unknown key \"form\"");
}

static void test_dangling_licence_and_group(void **state)
{
    (void)state;
    expect_load_error("rules.yaml",
                      "rules:\n  - {id: R-1, kind: k, licence: nonesuch, effect: open, cite: S1, status: verified}\n",
                      "rules.yaml:2:", "licence \"nonesuch\" is not in JP licences.yaml");
    make_fixture(NULL);
    expect_load_error("rules.yaml",
                      "rules:\n  - {id: R-1, kind: k, licence: individual, effect: open, where: {groups: [Z]}, "
                      "cite: S1, status: verified}\n",
                      "rules.yaml:2:", "no group \"Z\"");
}

static void test_duplicate_id_and_status(void **state)
{
    (void)state;
    expect_load_error("items.yaml",
                      "items:\n  - {id: L-1, controls: [1C350], name: P, cite: S1, status: verified}\n",
                      "licences.yaml:2:", "clause id \"L-1\" is already used");
    make_fixture(NULL);
    expect_load_error("items.yaml",
                      "items:\n  - {id: I-9, controls: [1C350], name: P, cite: S1, status: probably}\n",
                      "items.yaml:2:", "status must be verified, partial or unverified");
}

static void test_yaml_syntax_error(void **state)
{
    (void)state;
    expect_load_error("rules.yaml", "rules:\n  - {id: R-1, kind: [unclosed\n", "rules.yaml:", "YAML error");
}

static void test_interval_order(void **state)
{
    (void)state;
    expect_load_error("items.yaml",
                      "items:\n  - {id: I-1, controls: [1C350], name: P, cite: S1, status: verified, "
                      "from: 2020-01-01, to: 2019-01-01}\n",
                      "items.yaml:2:", "\"from\" must be before \"to\"");
}

/* A key given twice is an error, not "the first one wins": found by fuzz_regime. */
static void test_duplicate_key(void **state)
{
    (void)state;
    expect_load_error("regime.yaml",
                      "jurisdiction: JP\nname: Japan\ndata_begins: 2013-01-01\n"
                      "data_begins: 2019-01-01\nmethod: rules\n",
                      "regime.yaml:4:", "key \"data_begins\" is given twice (first on line 3)");
    char dir[320];
    snprintf(dir, sizeof dir, "%s/regimes/jp", fixture);
    write_file(dir, "regime.yaml", regime_yaml);
    expect_load_error(
        "items.yaml",
        "items:\n  - {id: I-1, ref: \"jp:3(1)\", controls: [1C350], name: P, cite: S1,\n"
        "     status: verified, to: 2019-01-01, to: 2020-01-01}\n",
        "items.yaml:3:", "key \"to\" is given twice");
    expect_load_error(
        "items.yaml",
        "items:\n  - {id: I-1, ref: \"jp:3(1)\", controls: [1C350], name: P, cite: S1,\n"
        "     status: verified, exceptions: {LVS: yes, LVS: no}}\n",
        "items.yaml:3:", "key \"LVS\" is given twice");
}

/* ---- the real data ------------------------------------------------------------------------ */

static sx_regimes *real;

static int load_real(void **state)
{
    (void)state;
    return sx_regimes_load(&real, "data") == 0 ? 0 : (fprintf(stderr, "%s\n", sx_errmsg()), -1);
}

static int free_real(void **state)
{
    (void)state;
    sx_regimes_free(real);
    return 0;
}

static char *decide(const char *from, const char *to, const char *item, const char *date)
{
    sx_shipment s = {.from = from, .to = to, .item = item, .date = date};
    sx_decision *d = NULL;
    char *json = NULL;
    if (sx_decide(&d, real, NULL, &s) != 0)
        return NULL;
    assert_int_equal(sx_decision_json(&json, d), 0);
    sx_decision_free(d);
    return json;
}

static void test_real_hf_boundary(void **state)
{
    (void)state;
    char *before = decide("JP", "KR", "1C350", "2019-07-03");
    char *after = decide("JP", "KR", "1C350", "2019-07-04");
    assert_non_null(before);
    assert_non_null(after);
    assert_non_null(strstr(before, "\"licence\":\"general_bulk\",\"name\""));
    assert_null(strstr(after, "\"licence\":\"general_bulk\",\"name\""));
    assert_non_null(strstr(after, "\"JP-SM-3ITEMS-2019\""));
    free(before);
    free(after);
}

static void test_real_deterministic(void **state)
{
    (void)state;
    char *a = decide("KR", "JP", "1C350", "2020-01-01");
    char *b = decide("KR", "JP", "1C350", "2020-01-01");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The public accessors say what the JSON says (docs/library.md: reading a decision). */
static void test_real_accessors(void **state)
{
    (void)state;
    sx_shipment s = {.id = "PO-1", .from = "JP", .to = "KR", .item = "1C350", .date = "2019-07-10"};
    sx_decision *d = NULL;
    assert_int_equal(sx_decide(&d, real, NULL, &s), 0);
    assert_string_equal(sx_decision_id(d), "PO-1");
    assert_string_equal(sx_decision_jurisdiction(d), "JP");
    assert_string_equal(sx_decision_destination(d), "KR");
    size_t open = 0, closed = 0, n = sx_decision_option_count(d);
    for (size_t i = 0; i < n; i++) {
        if (sx_decision_option_state(d, i) == SX_OPTION_OPEN) {
            open++;
            assert_string_equal(sx_decision_option_licence(d, i), "individual");
            assert_int_equal(sx_decision_option_review_days(d, i), 90);
        } else if (sx_decision_option_state(d, i) == SX_OPTION_CLOSED) {
            closed++;
            assert_non_null(sx_decision_option_reason(d, i));
        }
    }
    assert_int_equal(open, 1); /* the JSON's "options" */
    assert_int_equal(closed, 3); /* and "closed": general, special general, specific bulk */
    assert_true(sx_decision_citation_count(d) > 0);
    assert_non_null(strstr(sx_decision_citation_id(d, 0), "JP-"));
    /* out of range: a plain answer, never a read past the end */
    assert_null(sx_decision_option_licence(d, n));
    assert_int_equal(sx_decision_option_state(d, n), SX_OPTION_UNDECIDED);
    assert_int_equal(sx_decision_option_review_days(d, n), -1);
    assert_null(sx_decision_citation_id(d, sx_decision_citation_count(d)));
    /* a decided answer may still ask what would change the options (the JSON's questions) */
    assert_int_equal(sx_decision_question_count(d), 1);
    char *text = NULL;
    assert_int_equal(sx_decision_question_id(&text, d, 0), 0);
    assert_string_equal(text, "item:1C350.d.15");
    sx_free(text);
    text = NULL;
    assert_int_equal(sx_decision_question_id(&text, d, 1), SX_ERANGE);
    assert_null(text);
    sx_decision_free(d);

    /* tests/cases/us/subitem-3b001-bare-japan.json: the rows differ by sub-item */
    sx_shipment q = {.from = "US", .to = "JP", .item = "3B001", .end_use = "civil", .date = "2026-08-01"};
    assert_int_equal(sx_decide(&d, real, NULL, &q), 0);
    assert_string_equal(sx_decision_outcome(d), "indeterminate");
    assert_int_equal(sx_decision_question_count(d), 2);
    assert_int_equal(sx_decision_question_id(&text, d, 1), 0);
    assert_string_equal(text, "US-CCL-3B001#2");
    sx_free(text);
    assert_int_equal(sx_decision_question_text(&text, d, 0), 0);
    assert_true(strlen(text) > 10);
    sx_free(text);
    assert_true(sx_decision_question_citation_count(d, 0) > 0);
    assert_non_null(sx_decision_question_citation_id(d, 0, 0));
    assert_null(sx_decision_question_citation_id(d, 0, sx_decision_question_citation_count(d, 0)));
    for (size_t i = 0; i < sx_decision_caveat_count(d); i++) {
        assert_int_equal(sx_decision_caveat_text(&text, d, i), 0);
        assert_true(*text);
        sx_free(text);
    }
    assert_int_equal(sx_decision_caveat_text(&text, d, sx_decision_caveat_count(d)), SX_ERANGE);
    sx_decision_free(d);
}

static void test_real_errors(void **state)
{
    (void)state;
    sx_shipment s = {.from = "JP", .to = "KR", .item = "1C350", .date = "2019-02-29"};
    sx_decision *d = NULL;
    assert_int_equal(sx_decide(&d, real, NULL, &s), SX_EDATE);
    assert_null(d);
    s.date = "2020-01-01";
    s.to = "ZZ";
    assert_int_equal(sx_decide(&d, real, NULL, &s), SX_EUNKNOWN_COUNTRY);
    s.to = "KR";
    /* a jurisdiction without data has its own code: callers must not read the message */
    s.from = "CN";
    assert_int_equal(sx_decide(&d, real, NULL, &s), SX_EUNKNOWN_JURISDICTION);
    s.from = "JP";
    s.item = "1C350'; DROP";
    assert_int_equal(sx_decide(&d, real, NULL, &s), SX_EUNKNOWN_ITEM);
    char *out = NULL;
    assert_int_equal(sx_decide_json(&out, real, NULL, "{\"from\":\"JP\",\"to\":1}"), SX_EINVAL);
    assert_int_equal(sx_decide_json(&out, real, NULL, "{\"from\":"), SX_EPARSE);
    assert_null(out);
    assert_int_equal(sx_decide_json(&out, real, NULL,
                                    "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\",\"date\":\"2019-07-04\"}"),
                     0);
    assert_non_null(strstr(out, "\"decision\":\"licence_required\""));
    free(out);
}

/* The declared value is checked and carried into the answer, never dropped. */
static void test_real_value_currency(void **state)
{
    (void)state;
    sx_shipment s = {.from = "JP",
                     .to = "KR",
                     .item = "1C350",
                     .date = "2019-07-10",
                     .value = "120000.50",
                     .currency = "USD"};
    sx_decision *d = NULL;
    assert_int_equal(sx_decide(&d, real, NULL, &s), 0);
    assert_string_equal(sx_decision_value(d), "120000.50");
    assert_string_equal(sx_decision_currency(d), "USD");
    char *out = NULL;
    assert_int_equal(sx_decision_json(&out, d), 0);
    assert_non_null(strstr(out, "\"value\":{\"amount\":\"120000.50\",\"currency\":\"USD\"}"));
    sx_free(out);
    assert_int_equal(sx_decision_text(&out, d), 0);
    assert_non_null(strstr(out, "\nDeclared value: 120000.50 USD\n"));
    sx_free(out);
    sx_decision_free(d);
    /* none given: nothing in the answer */
    s.value = s.currency = "";
    assert_int_equal(sx_decide(&d, real, NULL, &s), 0);
    assert_null(sx_decision_value(d));
    assert_null(sx_decision_currency(d));
    assert_int_equal(sx_decision_json(&out, d), 0);
    assert_null(strstr(out, "\"value\""));
    sx_free(out);
    sx_decision_free(d);
    /* refused, naming the field */
    static const char *const bad[][3] = {
        {"12,000", "USD", "value: \"12,000\" is not an amount"},
        {"-5", "USD", "value: \"-5\""},
        {"1.2.3", "USD", "value:"},
        {".5", "USD", "value:"},
        {"5.", "USD", "value:"},
        {"100", "usd", "currency: \"usd\" is not an ISO 4217 code"},
        {"100", "US", "currency:"},
        {"100", "", "currency: missing"},
        {"", "USD", "value: missing"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        s.value = bad[i][0];
        s.currency = bad[i][1];
        d = (sx_decision *)0x1;
        assert_int_equal(sx_decide(&d, real, NULL, &s), SX_EINVAL);
        if (!strstr(sx_errmsg(), bad[i][2]))
            fail_msg("%s %s: \"%s\" lacks \"%s\"", bad[i][0], bad[i][1], sx_errmsg(), bad[i][2]);
    }
    /* JSON: a string or a number, as data/openapi.json allows */
    assert_int_equal(
        sx_decide_json(&out, real, NULL,
                       "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\","
                       "\"date\":\"2019-07-04\",\"value\":45000,\"currency\":\"JPY\"}"),
        0);
    assert_non_null(strstr(out, "\"value\":{\"amount\":\"45000\",\"currency\":\"JPY\"}"));
    sx_free(out);
    assert_int_equal(sx_decide_json(&out, real, NULL,
                                    "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\","
                                    "\"date\":\"2019-07-04\",\"value\":12.5,\"currency\":\"EUR\"}"),
                     0);
    assert_non_null(strstr(out, "\"amount\":\"12.50\""));
    sx_free(out);
    out = NULL;
    assert_int_equal(sx_decide_json(&out, real, NULL,
                                    "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\","
                                    "\"date\":\"2019-07-04\",\"value\":-1,\"currency\":\"EUR\"}"),
                     SX_EINVAL);
    assert_int_equal(sx_decide_json(&out, real, NULL,
                                    "{\"from\":\"JP\",\"to\":\"KR\",\"item\":\"1C350\","
                                    "\"date\":\"2019-07-04\",\"currency\":\"EUR\"}"),
                     SX_EINVAL);
    assert_null(out);
}

/* sx_shipment is versioned like the option structs: the macro sets the version, a zeroed
 * struct is read as version 1, a newer version is refused rather than half-read. */
static void test_real_shipment_version(void **state)
{
    (void)state;
    sx_shipment s = SX_SHIPMENT_INIT;
    assert_int_equal(s.version, SX_SHIPMENT_VERSION);
    s.from = "JP";
    s.to = "KR";
    s.item = "1C350";
    s.date = "2019-07-10";
    sx_decision *d = NULL;
    assert_int_equal(sx_decide(&d, real, NULL, &s), 0);
    char *with = NULL, *without = NULL;
    assert_int_equal(sx_decision_json(&with, d), 0);
    sx_decision_free(d);
    s.version = 0; /* a struct from before the field: the same answer */
    assert_int_equal(sx_decide(&d, real, NULL, &s), 0);
    assert_int_equal(sx_decision_json(&without, d), 0);
    assert_string_equal(with, without);
    sx_free(with);
    sx_free(without);
    sx_decision_free(d);
    s.version = SX_SHIPMENT_VERSION + 1;
    d = (sx_decision *)0x1;
    assert_int_equal(sx_decide(&d, real, NULL, &s), SX_EUNSUPPORTED);
    assert_ptr_equal(d, (sx_decision *)0x1);
    assert_non_null(strstr(sx_errmsg(), "shipment: version 2 is newer than this library (1)"));
}

static void test_real_groups_and_diff(void **state)
{
    (void)state;
    sx_date from, to;
    char *json = NULL;
    assert_int_equal(sx_date_parse(&from, "2019-08-27"), 0);
    assert_int_equal(sx_date_parse(&to, "2019-08-28"), 0);
    assert_int_equal(sx_regime_diff_json(&json, real, "JP", from, to, "KR"), 0);
    assert_non_null(strstr(json, "\"change\":\"leaves\",\"kind\":\"membership\",\"id\":\"JP-ETCO-AT3-KR-2004\""));
    assert_non_null(strstr(json, "\"groups_before\":[\"A\"],\"groups_after\":[\"B\"]"));
    free(json);
    assert_int_equal(sx_regime_groups_json(&json, real, "JP", to), 0);
    assert_non_null(strstr(json, "\"group\":\"A\""));
    assert_non_null(strstr(json, "\"count\":26"));
    free(json);
    assert_int_equal(sx_regime_groups_json(&json, real, "XX", to), SX_EUNKNOWN_JURISDICTION);
}

static int teardown(void **state)
{
    free_real(state);
    return drop_fixture(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_fixture_loads, make_fixture),
        cmocka_unit_test_setup(test_unknown_country, make_fixture),
        cmocka_unit_test_setup(test_overlapping_membership, make_fixture),
        cmocka_unit_test_setup(test_dangling_cite, make_fixture),
        cmocka_unit_test_setup(test_bad_date, make_fixture),
        cmocka_unit_test_setup(test_unknown_key, make_fixture),
        cmocka_unit_test_setup(test_dangling_licence_and_group, make_fixture),
        cmocka_unit_test_setup(test_duplicate_id_and_status, make_fixture),
        cmocka_unit_test_setup(test_yaml_syntax_error, make_fixture),
        cmocka_unit_test_setup(test_interval_order, make_fixture),
        cmocka_unit_test_setup(test_duplicate_key, make_fixture),
        cmocka_unit_test(test_real_hf_boundary),
        cmocka_unit_test(test_real_deterministic),
        cmocka_unit_test(test_real_accessors),
        cmocka_unit_test(test_real_errors),
        cmocka_unit_test(test_real_groups_and_diff),
        cmocka_unit_test(test_real_value_currency),
        cmocka_unit_test(test_real_shipment_version),
    };
    return cmocka_run_group_tests_name("regime loader and decisions", tests, load_real, teardown);
}
