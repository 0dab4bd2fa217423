/* A program as an engineer embedding libstratex writes it, built by tests/cli/test_install.sh
 * only from an installed copy (pkg-config): loads the installed data, decides one shipment
 * through the accessors, screens one name.  Prints what it found; exits 1 on any surprise.
 *
 *   embed DATA_DIR */
#include <stdio.h>
#include <string.h>

#include <stratex/stratex.h>

#if !SX_VERSION_AT_LEAST(0, 1, 0)
#error "needs libstratex 0.1.0 or later"
#endif

static int fail(const char *what)
{
    fprintf(stderr, "embed: %s: %s\n", what, sx_errmsg());
    return 1;
}

static int decide_one(const sx_regimes *r)
{
    sx_shipment s = SX_SHIPMENT_INIT;
    s.from = "JP";
    s.to = "KR";
    s.item = "1C350";
    s.date = "2019-07-10";
    sx_decision *d = NULL;
    if (sx_decide(&d, r, NULL, &s) != 0)
        return fail("sx_decide");
    int bad = strcmp(sx_decision_outcome(d), "licence_required") != 0;
    for (size_t i = 0; i < sx_decision_option_count(d); i++)
        if (sx_decision_option_state(d, i) == SX_OPTION_OPEN)
            printf("open: %s, review %d days\n", sx_decision_option_licence(d, i),
                   sx_decision_option_review_days(d, i));
    char *json = NULL;
    if (sx_decision_json(&json, d) != 0)
        bad = 1;
    else
        printf("decision: %s, %zu citations, json %zu bytes\n", sx_decision_outcome(d),
               sx_decision_citation_count(d), strlen(json));
    sx_free(json);
    sx_decision_free(d);
    return bad;
}

static int screen_one(const char *data_dir)
{
    sx_screen_index *ix = NULL;
    if (sx_screen_index_load_default(&ix, data_dir) != 0)
        return fail("sx_screen_index_load_default");
    sx_screen_opts o = SX_SCREEN_OPTS_INIT;
    o.limit = 1;
    sx_screen_hit *hits = NULL;
    size_t n = 0;
    int rc = sx_screen_query(&hits, &n, ix, "Korea Kwangson Banking Corporation", &o);
    if (rc == 0 && n == 1)
        printf("screen: %s %s %.2f\n", hits[0].list, hits[0].matched_name, hits[0].score);
    sx_free(hits);
    sx_screen_index_free(ix);
    return rc != 0 || n != 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: embed DATA_DIR\n");
        return 2;
    }
    if (sx_version_number() < SX_VERSION_NUMBER_OF(0, 1, 0))
        return fail("library older than the headers");
    printf("libstratex %s (%s)\n", sx_version(), sx_build_features());
    char regimes_dir[4096];
    snprintf(regimes_dir, sizeof regimes_dir, "%s", argv[1]);
    sx_regimes *r = NULL;
    if (sx_regimes_load(&r, regimes_dir) != 0)
        return fail("sx_regimes_load");
    int bad = decide_one(r);
    sx_regimes_free(r);
    return bad || screen_one(argv[1]);
}
