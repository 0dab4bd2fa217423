/* stratex regime groups | diff: what the data says on a date, what changed between two. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "stratex/stratex.h"

typedef struct regime_args {
    const char *sub, *jurisdiction, *date, *from, *to, *country, *item, *format;
} regime_args;

const char cmd_regime_usage[] =
    "usage: stratex regime groups --jurisdiction JP --date 2020-01-01 [--format text|json]\n"
    "       stratex regime diff --jurisdiction JP --from 2019-07-01 --to 2019-09-01\n"
    "                           [--country KR] [--item 1C350] [--format text|json]\n"
    "\n"
    "groups: the country groups of a jurisdiction on a date, with their members.\n"
    "diff: what changed between two dates -- group membership, special measures, rules --\n"
    "for every destination or one (--country), for every item or one (--item).\n"
    "\n"
    "Exit status: 0 done, 1 bad input (unknown jurisdiction, bad date), 2 usage.\n";

static int usage(const char *msg)
{
    fprintf(stderr, "stratex regime: %s\n%s", msg, cmd_regime_usage);
    return SX_EXIT_USAGE;
}

static int parse_args(regime_args *a, int argc, char **argv)
{
    if (argc < 2)
        return usage("missing subcommand (groups or diff)");
    a->sub = argv[1];
    for (int i = 2; i < argc; i += 2) {
        const char *opt = argv[i], **slot = NULL;
        if (strcmp(opt, "--jurisdiction") == 0) slot = &a->jurisdiction;
        else if (strcmp(opt, "--date") == 0) slot = &a->date;
        else if (strcmp(opt, "--from") == 0) slot = &a->from;
        else if (strcmp(opt, "--to") == 0) slot = &a->to;
        else if (strcmp(opt, "--country") == 0) slot = &a->country;
        else if (strcmp(opt, "--item") == 0) slot = &a->item;
        else if (strcmp(opt, "--format") == 0) slot = &a->format;
        if (!slot) {
            fprintf(stderr, "stratex regime: unknown option \"%s\"\n", opt);
            return SX_EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "stratex regime: %s needs a value\n", opt);
            return SX_EXIT_USAGE;
        }
        *slot = argv[i + 1];
    }
    if (!a->format)
        a->format = "text";
    if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0)
        return usage("--format must be text or json");
    if (!a->jurisdiction)
        return usage("--jurisdiction is required");
    return SX_EXIT_OK;
}

static int parse_date(sx_date *d, const char *text, const char *flag)
{
    if (sx_date_parse(d, text) != 0) {
        fprintf(stderr, "stratex regime: %s: \"%s\" is not a valid date (expected YYYY-MM-DD)\n", flag, text);
        return SX_EXIT_FAIL;
    }
    return SX_EXIT_OK;
}

static void print_groups_text(json_t *j)
{
    printf("%s country groups on %s\n", json_string_value(json_object_get(j, "jurisdiction")),
           json_string_value(json_object_get(j, "date")));
    size_t i, k;
    json_t *g, *m;
    json_array_foreach(json_object_get(j, "groups"), i, g) {
        printf("\n%s: %s [%s, %s] - %lld members\n  ", json_string_value(json_object_get(g, "group")),
               json_string_value(json_object_get(g, "name")), json_string_value(json_object_get(g, "id")),
               json_string_value(json_object_get(g, "status")),
               (long long)json_integer_value(json_object_get(g, "count")));
        json_array_foreach(json_object_get(g, "members"), k, m) {
            const char *status = json_string_value(json_object_get(m, "status"));
            printf("%s%s%s", k ? " " : "", json_string_value(json_object_get(m, "country")),
                   strcmp(status, "verified") == 0 ? "" : "*");
        }
        printf("\n");
    }
    printf("\n* membership not verified (see the data file's note)\n");
}

static void print_diff_text(json_t *j)
{
    const char *country = json_string_value(json_object_get(j, "country"));
    const char *item = json_string_value(json_object_get(j, "item"));
    printf("%s: what changed after %s up to %s%s%s%s%s\n", json_string_value(json_object_get(j, "jurisdiction")),
           json_string_value(json_object_get(j, "from")), json_string_value(json_object_get(j, "to")),
           country ? " for " : "", country ? country : "", item ? ", item " : "", item ? item : "");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "changes"), i, c) {
        const char *kind = json_string_value(json_object_get(c, "kind"));
        const char *change = json_string_value(json_object_get(c, "change"));
        if (strcmp(kind, "membership") == 0)
            printf("  %s  %s %s group %s", json_string_value(json_object_get(c, "date")),
                   json_string_value(json_object_get(c, "country")), change,
                   json_string_value(json_object_get(c, "group")));
        else
            printf("  %s  %s %s: %s", json_string_value(json_object_get(c, "date")), kind, change,
                   json_string_value(json_object_get(c, "text")) ? json_string_value(json_object_get(c, "text")) : "");
        printf(" (%s, %s)\n", json_string_value(json_object_get(c, "id")), json_string_value(json_object_get(c, "status")));
    }
    if (!i)
        printf("  no changes\n");
}

static int render(const char *json, const regime_args *a, bool groups)
{
    if (strcmp(a->format, "json") == 0) {
        printf("%s\n", json);
        return SX_EXIT_OK;
    }
    json_t *j = json_loads(json, 0, NULL);
    if (!j)
        return SX_EXIT_FAIL;
    if (groups)
        print_groups_text(j);
    else
        print_diff_text(j);
    json_decref(j);
    return SX_EXIT_OK;
}

int cmd_regime(int argc, char **argv)
{
    regime_args a = {0};
    int rc = parse_args(&a, argc, argv);
    if (rc != SX_EXIT_OK)
        return rc;
    bool groups = strcmp(a.sub, "groups") == 0;
    if (!groups && strcmp(a.sub, "diff") != 0)
        return usage("the subcommand is groups or diff");
    if (groups && !a.date)
        return usage("groups needs --date");
    if (!groups && (!a.from || !a.to))
        return usage("diff needs --from and --to");
    sx_date d1 = 0, d2 = 0;
    if (groups && parse_date(&d1, a.date, "date"))
        return SX_EXIT_FAIL;
    if (!groups && (parse_date(&d1, a.from, "from") || parse_date(&d2, a.to, "to")))
        return SX_EXIT_FAIL;
    sx_regimes *r;
    if (cli_load_regimes(&r, NULL) != SX_EXIT_OK)
        return SX_EXIT_FAIL;
    char *json = NULL;
    rc = groups ? sx_regime_groups_json(&json, r, a.jurisdiction, d1)
                : sx_regime_diff_item_json(&json, r, a.jurisdiction, d1, d2, a.country, a.item);
    int exit_code = SX_EXIT_OK;
    if (rc) {
        fprintf(stderr, "stratex regime: %s\n", sx_errmsg());
        exit_code = SX_EXIT_FAIL;
    } else {
        exit_code = render(json, &a, groups);
    }
    sx_free(json);
    sx_regimes_free(r);
    return exit_code;
}
