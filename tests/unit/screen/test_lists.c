/* Unit tests for the list loaders, on the real list files in ../shared/data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/screen/list.h"
#include "lib/screen/lists/loader.h"
#include "stratex/errors.h"
#include "stratex/lists.h"

static char shared_path[4096];

static const char *shared(const char *rel)
{
    const char *root = getenv("STRATEX_SHARED");
    snprintf(shared_path, sizeof shared_path, "%s/data/%s", root ? root : "../shared", rel);
    return shared_path;
}

static const sx_entity *find(const sx_list *l, const char *id)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->entities[i].id, id) == 0)
            return &l->entities[i];
    return NULL;
}

/* The entity that has a name, of any kind. */
static const sx_entity *find_named(const sx_list *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        for (size_t k = 0; k < l->entities[i].nnames; k++)
            if (strcmp(l->entities[i].names[k].text, name) == 0)
                return &l->entities[i];
    return NULL;
}

static int has_name(const sx_entity *e, const char *name, sx_name_kind kind)
{
    for (size_t i = 0; i < e->nnames; i++)
        if (strcmp(e->names[i].text, name) == 0 && e->names[i].kind == kind)
            return 1;
    return 0;
}

static void test_ofac_csv(void **state)
{
    (void)state;
    sx_list *l = NULL;
    assert_int_equal(sx_list_load(&l, "ofac-csv", shared("ofac_sdn_current/ofac-sdn.csv")), 0);
    assert_int_equal(sx_list_entity_count(l), 19249);
    assert_string_equal(sx_list_name(l), "OFAC-SDN");
    const sx_entity *e = find(l, "36");
    assert_non_null(e);
    assert_string_equal(e->type, "organization");
    assert_true(has_name(e, "AEROCARIBBEAN AIRLINES", SX_NAME_PRIMARY));
    assert_true(has_name(e, "AERO-CARIBBEAN", SX_NAME_ALIAS));
    assert_int_equal(strlen(sx_list_hash(l)), 64);
    sx_list_free(l);
}

static void test_ofac_legacy(void **state)
{
    (void)state;
    sx_list *l = NULL;
    assert_int_equal(
        sx_list_load(&l, "ofac-legacy", shared("ofac_legacy_2021-07-07_consistent")), 0);
    assert_int_equal(sx_list_entity_count(l), 8976); /* 8,976 records, then 0x1A */
    const sx_entity *e = find(l, "306");
    assert_non_null(e);
    assert_true(has_name(e, "BANCO NACIONAL DE CUBA", SX_NAME_PRIMARY));
    assert_true(has_name(e, "NATIONAL BANK OF CUBA", SX_NAME_ALIAS));
    assert_true(has_name(e, "BNC", SX_NAME_WEAK_ALIAS)); /* from the remarks */
    assert_int_equal(e->nprograms, 1);
    assert_string_equal(e->programs[0], "CUBA");
    /* Dates of birth and identifiers from the remarks ("DOB 19 Aug 1966; ... Passport
     * 2525897 (...)"), dates normalised. */
    e = find(l, "18530");
    assert_non_null(e);
    assert_int_equal(e->ndobs, 1);
    assert_string_equal(e->dobs[0], "1966-08-19");
    assert_true(e->nids >= 2);
    assert_string_equal(e->ids[0].type, "Passport");
    assert_string_equal(e->ids[0].value, "2525897");
    sx_list_free(l);
    /* The non-SDN consolidated list in the same layout under cons_* names. */
    assert_int_equal(
        sx_list_load(&l, "ofac-legacy", shared("ofac_consolidated_nonsdn_2025-12-19")), 0);
    assert_int_equal(sx_list_entity_count(l), 442); /* 442 records, then 0x1A */
    sx_list_free(l);
    /* The newest complete raw sdn.csv ends with 0x1A. */
    assert_int_equal(sx_list_load(&l, "ofac-legacy", shared("ofac_legacy_2024-05-03")), 0);
    assert_int_equal(sx_list_entity_count(l), 14965); /* 14,965 records, then 0x1A */
    sx_list_free(l);
}

static void test_un_xml(void **state)
{
    (void)state;
    sx_list *l = NULL;
    assert_int_equal(
        sx_list_load(&l, "un-xml", shared("un_sc_consolidated_2026-02-27/consolidated.xml")), 0);
    assert_int_equal(sx_list_entity_count(l), 1003);
    assert_string_equal(l->source_date, "2026-02-27");
    const sx_entity *e = find(l, "6907993");
    assert_non_null(e);
    assert_string_equal(e->type, "person");
    assert_true(has_name(e, "ERIC BADEGE", SX_NAME_PRIMARY));
    e = find(l, "6908402");
    assert_true(has_name(e, "Allied Democratic Forces", SX_NAME_ALIAS));
    /* A name field the UN fills with several names, parted at its semicolons. */
    e = find(l, "110408");
    assert_true(has_name(e, "Qasim Sulaimani", SX_NAME_ALIAS));
    assert_true(has_name(e, "Haji Qassem", SX_NAME_WEAK_ALIAS)); /* of a "Low" quality field */
    for (size_t i = 0; i < e->nnames; i++)
        assert_null(strchr(e->names[i].text, ';'));
    e = find(l, "6908026");
    assert_true(has_name(e, "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", SX_NAME_PRIMARY));
    assert_true(has_name(e, "GREAT LAKES BUSINESS COMPANY (GLBC)", SX_NAME_ALIAS));
    /* Dates of birth: an exact DATE, and a FROM_YEAR..TO_YEAR range. */
    e = find(l, "6908536");
    assert_int_equal(e->ndobs, 1);
    assert_string_equal(e->dobs[0], "1980-07-06");
    e = find(l, "6908643");
    assert_string_equal(e->dobs[0], "1967..1969");
    /* Nationalities as the UN writes them: M49 names, inverted or not, with accents. */
    static const char *const nationality[][2] = {
        {"111735", "TN"}, /* Tunisia */
        {"112166", "GB"}, /* United Kingdom of Great Britain and Northern Ireland */
        {"110444", "IR"}, /* Iran (Islamic Republic of) */
        {"2830354", "TR"}, /* Türkiye */
        {"6907993", "CD"}, /* Democratic Republic of the Congo */
    };
    for (size_t i = 0; i < sizeof nationality / sizeof nationality[0]; i++) {
        e = find(l, nationality[i][0]);
        assert_non_null(e);
        assert_true(e->ncountries >= 1);
        assert_string_equal(e->countries[0], nationality[i][1]);
    }
    sx_list_free(l);
}

/* Country fields to alpha-2 codes: every ISO country by any of its names, the lists' own
 * spellings, codes in either case; anything else is not a country. */
static void test_country_names(void **state)
{
    (void)state;
    static const char *const known[][2] = {
        {"Korea, North", "KP"},
        {"Democratic People's Republic of Korea", "KP"},
        {"korea, south", "KR"},
        {"Republic of Korea", "KR"},
        {"Iran (Islamic Republic of)", "IR"},
        {"Congo, Democratic Republic of the", "CD"},
        {"Congo", "CG"},
        {"Türkiye", "TR"},
        {"TURKIYE", "TR"},
        {"Turkey", "TR"},
        {"Burma", "MM"},
        {"Viet Nam", "VN"},
        {"Vietnam", "VN"},
        {"State of Palestine", "PS"},
        {"Bulgaria", "BG"},
        {"BG", "BG"},
        {"UK", "GB"},
        {"XK", "XK"},
        {"  Japan", "JP"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const char *code = NULL;
        assert_int_equal(sx_lb_country_iso(&code, known[i][0]), 0);
        if (!code || strcmp(code, known[i][1]) != 0)
            fail_msg("%s: %s, expected %s", known[i][0], code ? code : "none", known[i][1]);
    }
    static const char *const unknown[] = {"ZZ", "Narnia", "former Soviet Union", "na", "",
                                          "Korea", "REGION: CRIMEA", "\xff\xfe", "bg"};
    const char *code = "";
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_int_equal(sx_lb_country_iso(&code, unknown[i]), 0);
        if (code)
            fail_msg("\"%s\" taken for %s", unknown[i], code);
    }
    assert_int_equal(sx_lb_country_iso(&code, NULL), 0);
    assert_null(code);
}

static void test_csl_json(void **state)
{
    (void)state;
    sx_list *l = NULL;
    assert_int_equal(
        sx_list_load(&l, "csl-json", shared("us_csl_2026-07-31/screening-list.json")), 0);
    assert_true(sx_list_entity_count(l) > 25000);
    const sx_entity *e = find(l, "15268");
    assert_non_null(e);
    assert_true(has_name(e, "BANK OF KUNLUN CO LTD", SX_NAME_PRIMARY));
    assert_true(has_name(e, "KARAMAY URBAN CREDIT COOPERATIVES", SX_NAME_ALIAS));
    assert_string_equal(e->countries[0], "CN");
    /* Fields of several names parted at semicolons: a phrase opening a piece says it is
     * another name; a conjunction, that the sentence goes on and gives none. */
    e = find_named(l, "Sinobright Import and Export Company");
    assert_non_null(e);
    assert_true(has_name(e, "Sinobright Import and Export Company", SX_NAME_PRIMARY));
    e = find_named(l, "Cho Yan Nathan");
    assert_non_null(e);
    assert_true(has_name(e, "Cho Yan Nathan", SX_NAME_PRIMARY));
    assert_true(has_name(e, "Nathan Man Man", SX_NAME_ALIAS));
    e = find_named(l, "OJSC Concern Kalashnikov");
    assert_non_null(e);
    assert_true(has_name(e, "NPO Izhmash OAO", SX_NAME_ALIAS));
    /* A group in square brackets that a phrase opens lists other names of the entity. */
    e = find_named(l, "Universal Enterprise Limited (Hong Kong Entity)");
    assert_non_null(e);
    assert_true(has_name(e, "Universal Enterprise Limited (Hong Kong Entity)", SX_NAME_PRIMARY));
    assert_true(has_name(e, "General Technology Limited", SX_NAME_ALIAS));
    assert_true(has_name(e, "Foshan Nanhai Winhope Trade Company", SX_NAME_ALIAS));
    for (size_t i = 0; i < l->count; i++)
        for (size_t k = 0; k < l->entities[i].nnames; k++) {
            const char *name = l->entities[i].names[k].text;
            if (strchr(name, ';') || strstr(name, "successor") || strstr(name, "[aka"))
                fail_msg("%s: name \"%s\"", l->entities[i].id, name);
        }
    /* As the CSL of 2022 writes one (one phrase for two names); a comma before a legal form
     * stays in its name; brackets no phrase opens stay in the name.  Added to two entities
     * of the loaded list (its id map is gone once loaded). */
    size_t a = (size_t)(find(l, "15268") - l->entities), b = a + 1;
    size_t na = l->entities[a].nnames, nb = l->entities[b].nnames;
    assert_int_equal(sx_lb_add_names(l, a,
                                     "Astronautics Research Institute [aka Astronautics Systems "
                                     "Research Center, Aerospace Research Institute, Acme "
                                     "Trading, Inc.]",
                                     SX_NAME_ALIAS, SX_NAME_ALIAS),
                     0);
    assert_int_equal(sx_lb_add_names(l, b, "Ri Ho Nam [DPRK Official]", SX_NAME_ALIAS,
                                     SX_NAME_ALIAS),
                     0);
    e = &l->entities[a];
    assert_int_equal(e->nnames, na + 4);
    assert_true(has_name(e, "Astronautics Research Institute", SX_NAME_ALIAS));
    assert_true(has_name(e, "Astronautics Systems Research Center", SX_NAME_ALIAS));
    assert_true(has_name(e, "Aerospace Research Institute", SX_NAME_ALIAS));
    assert_true(has_name(e, "Acme Trading, Inc.", SX_NAME_ALIAS));
    e = &l->entities[b];
    assert_int_equal(e->nnames, nb + 1);
    assert_true(has_name(e, "Ri Ho Nam [DPRK Official]", SX_NAME_ALIAS));
    sx_list_free(l);
}

static void test_uk_meti(void **state)
{
    (void)state;
    sx_list *l = NULL;
    assert_int_equal(sx_list_load(&l, "uk-tables", shared("uk_sanctions_list_derived_2026-05")),
                     0);
    assert_int_equal(sx_list_entity_count(l), 6046);
    const sx_entity *e = find(l, "AFG0001");
    assert_true(has_name(e, "Haji Alim Hawala", SX_NAME_ALIAS));
    sx_list_free(l);
    assert_int_equal(
        sx_list_load(&l, "meti-eul-json", shared("jp_meti_end_user_list/jp_meti_eul.json")), 0);
    assert_int_equal(sx_list_entity_count(l), 835);
    e = find(l, "jp-eul-10");
    assert_true(has_name(e, "Emirates Alloys LLC", SX_NAME_PRIMARY));
    assert_string_equal(e->countries[0], "AE");
    sx_list_free(l);
}

static void test_simple_csv_aliases(void **state)
{
    (void)state;
    char path[256];
    const char *root = getenv("STRATEX_SHARED");
    snprintf(path, sizeof path, "%s/eval/kr-designated/list.csv", root ? root : "../shared");
    sx_list *l = NULL;
    assert_int_equal(sx_list_load(&l, "simple-csv", path), 0);
    assert_int_equal(sx_list_entity_count(l), 17841);
    const sx_entity *e = find(l, "KF-489");
    assert_int_equal(e->nnames, 2);
    assert_true(has_name(e, "KIM, Kyo'ng-Nam", SX_NAME_ALIAS));
    assert_string_equal(sx_list_name(l), "list");
    sx_list_free(l);
}

/* Writes text to a temporary file and returns its path. */
static const char *temp_file(const char *suffix, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/sx_test_lists_%d%s", (int)getpid(), suffix);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_malformed(void **state)
{
    (void)state;
    sx_list *l = NULL;
    const char *p = temp_file(".csv", "id,name\n1,ALPHA\n2,\"BROKEN\n");
    assert_true(sx_list_load(&l, "simple-csv", p) < 0);
    assert_null(l);
    assert_non_null(strstr(sx_errmsg(), ":3:"));
    unlink(p);
    p = temp_file(".csv", "id,label\n1,ALPHA\n");
    assert_int_equal(sx_list_load(&l, "simple-csv", p), SX_EPARSE);
    assert_non_null(strstr(sx_errmsg(), "missing column \"name\""));
    unlink(p);
    p = temp_file(".json", "{\"entries\": [ {\"n\": \"X\"} \n");
    assert_int_equal(sx_list_load(&l, "csl-json", p), SX_EPARSE);
    assert_non_null(strstr(sx_errmsg(), ".json:"));
    unlink(p);
    p = temp_file(".xml", "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n</CONSOLIDATED_LIST>");
    assert_int_equal(sx_list_load(&l, "un-xml", p), SX_EPARSE);
    assert_non_null(strstr(sx_errmsg(), ".xml:4:"));
    unlink(p);
    p = temp_file(".csv", "uid,name,type\n1,,entity\n");
    assert_int_equal(sx_list_load(&l, "ofac-csv", p), SX_EPARSE);
    assert_non_null(strstr(sx_errmsg(), ":2: empty name"));
    unlink(p);
    assert_int_equal(sx_list_load(&l, "no-such-format", "x"), SX_EINVAL);
    assert_true(sx_list_load(&l, "ofac-csv", "/nonexistent/file.csv") < 0);
    assert_null(l);
}

/* The entity accessors: ids and content hashes in list order, a hash that ignores the
 * order a file lists an entity's names in but changes when what it says changes, and
 * the record as JSON with its names as published. */
static void test_entity_accessors(void **state)
{
    (void)state;
    sx_list *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(sx_list_load(&a, "simple-csv",
                                  temp_file("a.csv", "id,name,type,country\n"
                                                     "E1,Acme Trading Co,organization,CN\n"
                                                     "E1,\xe9\xab\x98\xe6\x9d\xbe,organization,CN\n"
                                                     "E1,Acme Trdg,organization,CN\n"
                                                     "E2,Kim Il,person,KP\n")),
                     0);
    assert_int_equal(sx_list_load(&b, "simple-csv",
                                  temp_file("a.csv", "id,name,type,country\n"
                                                     "E2,Kim Il,person,KP\n"
                                                     "E1,Acme Trading Co,organization,CN\n"
                                                     "E1,Acme Trdg,organization,CN\n"
                                                     "E1,\xe9\xab\x98\xe6\x9d\xbe,organization,CN\n")),
                     0);
    assert_int_equal(sx_list_load(&c, "simple-csv",
                                  temp_file("a.csv", "id,name,type,country\n"
                                                     "E1,Acme Trading Co,organization,HK\n"
                                                     "E2,Kim Il,person,KP\n")),
                     0);
    const char *id = NULL, *ha = NULL, *hb = NULL, *hc = NULL;
    assert_int_equal(sx_list_entity_at(a, 0, &id, &ha), 0);
    assert_string_equal(id, "E1");
    assert_int_equal(strlen(ha), 64);
    /* b lists E2 first and E1's aliases in another order: E1's record is the same. */
    assert_int_equal(sx_list_entity_at(b, 1, &id, &hb), 0);
    assert_string_equal(id, "E1");
    assert_int_equal(sx_list_entity_at(c, 0, &id, &hc), 0);
    /* c drops a name and moves the country: a different record. */
    assert_string_equal(ha, hb);
    assert_string_not_equal(ha, hc);
    assert_int_equal(sx_list_entity_at(a, 1, &id, &ha), 0);
    assert_int_equal(sx_list_entity_at(c, 1, NULL, &hc), 0);
    assert_string_equal(ha, hc);
    assert_int_equal(sx_list_entity_at(a, 2, &id, &ha), SX_EINVAL);

    char *json = NULL;
    assert_int_equal(sx_list_entity_json(&json, a, 0), 0);
    assert_non_null(strstr(json, "\"id\":\"E1\""));
    assert_non_null(strstr(json, "\"name\":\"\xe9\xab\x98\xe6\x9d\xbe\""));
    assert_non_null(strstr(json, "\"countries\":[\"CN\"]"));
    assert_non_null(strstr(json, "\"content_hash\":\""));
    free(json);
    sx_list_free(a);
    sx_list_free(b);
    sx_list_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ofac_csv),    cmocka_unit_test(test_ofac_legacy),
        cmocka_unit_test(test_un_xml),      cmocka_unit_test(test_csl_json),
        cmocka_unit_test(test_uk_meti),     cmocka_unit_test(test_simple_csv_aliases),
        cmocka_unit_test(test_malformed),   cmocka_unit_test(test_entity_accessors),
        cmocka_unit_test(test_country_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
