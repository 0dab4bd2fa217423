/* stratex cases — the officer's worklist: list the cases, show one with its evidence and
 * history, decide it with a reason. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/workflow.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"

const char cmd_cases_usage[] =
    "usage: stratex cases list   --db DB [--state open|escalated|closed|active|all]\n"
    "                            [--kind screen|check|unreached] [--list NAME] [--party ID]\n"
    "                            [--from DATE] [--to DATE] [--limit N] [--offset N]\n"
    "                            [--format text|jsonl|json]\n"
    "       stratex cases show   --db DB CASE [--format text|json]\n"
    "       stratex cases decide --db DB CASE --action clear|confirm|escalate|release\n"
    "                            --reason CODE [--note TEXT] [--group NAME]\n"
    "                            [--licence NUMBER --valid-until DATE] [--actor NAME]\n"
    "       stratex cases reasons --db DB\n"
    "\n"
    "A case is opened for each screening hit at the threshold and each checked order line\n"
    "that is blocked (review, licence_required, prohibited, indeterminate).  clear: not this\n"
    "entity (remembered until the list changes the entity's record); confirm: a true match,\n"
    "the order stays blocked; escalate: to --group; release: an order line against a\n"
    "licence valid on its shipment date.  Reason codes are configured (`cases reasons`).\n"
    "The actor defaults to $STRATEX_ACTOR, else $USER, else the login name.  list shows the active "
    "cases (open or escalated) unless\n"
    "--state says otherwise.  Exit status 1: unknown case, a closed case, a bad reason.\n";

typedef struct cases_args {
    sx_case_filter f;
    const char *limit, *offset, *format;
    sx_disposition d;
} cases_args;

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* One line of the text worklist. */
static void print_case_line(json_t *c)
{
    char subject[80], about[160];
    if (json_is_string(json_object_get(c, "party")))
        snprintf(subject, sizeof subject, "party %s", str(c, "party"));
    else
        snprintf(subject, sizeof subject, "line %s", str(c, "line"));
    if (strcmp(str(c, "kind"), "screen") == 0)
        snprintf(about, sizeof about, "%s %s \"%s\" %.2f", str(c, "list"), str(c, "entity_id"),
                 str(c, "matched_name"), json_real_value(json_object_get(c, "score")));
    else if (strcmp(str(c, "kind"), "unreached") == 0)
        snprintf(about, sizeof about, "no name screened as spelled: add its name in Latin letters");
    else { /* the decision, and the shipment it was made for */
        json_t *in = json_object_get(c, "inputs");
        snprintf(about, sizeof about, "%s %s %s->%s %s", str(c, "decision"), str(in, "item"),
                 str(in, "from"), str(in, "to"), str(in, "date"));
    }
    printf("%-6lld %-9s %-9s %-18s %-10.10s %s\n",
           (long long)json_integer_value(json_object_get(c, "id")), str(c, "state"), str(c, "kind"),
           subject, str(c, "opened"), about);
}

static int print_jsonl(const char *case_json, void *payload)
{
    (void)payload;
    return wf_cli_print(case_json) == SX_EXIT_OK ? 0 : SX_EIO;
}

static int do_list(wf_cli *c, cases_args *p, sx_audit *a)
{
    const char *fmt = p->format ? p->format : "text";
    if (strcmp(fmt, "jsonl") == 0) {
        if (sx_cases_each(a, &p->f, print_jsonl, NULL) != 0)
            return wf_cli_fail(c, NULL);
        return SX_EXIT_OK;
    }
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return wf_cli_usage(c, "--format must be text, jsonl or json, not", fmt);
    char *out = NULL;
    if (sx_cases_json(&out, a, &p->f) != 0)
        return wf_cli_fail(c, NULL);
    int rc = SX_EXIT_OK;
    if (strcmp(fmt, "json") == 0) {
        rc = wf_cli_print(out);
    } else {
        json_t *o = json_loads(out, 0, NULL), *cases = json_object_get(o, "cases");
        printf("%-6s %-9s %-9s %-18s %-10s %s\n", "CASE", "STATE", "KIND", "SUBJECT", "OPENED",
               "ENTITY / DECISION");
        for (size_t i = 0; i < json_array_size(cases); i++)
            print_case_line(json_array_get(cases, i));
        printf("%zu of %lld\n", json_array_size(cases),
               (long long)json_integer_value(json_object_get(o, "total")));
        json_decref(o);
    }
    free(out);
    return rc;
}

static void print_strings(const char *label, json_t *arr)
{
    if (!json_array_size(arr))
        return;
    printf("  %-12s", label);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        if (json_is_object(v)) /* names {"name","kind"}, identifiers {"type","value"} */
            printf("%s%s%s%s", i ? "; " : "",
                   json_string_value(json_object_get(v, "name")) ? str(v, "name") : str(v, "type"),
                   json_object_get(v, "value") ? " " : "", str(v, "value"));
        else
            printf("%s%s", i ? "; " : "", json_string_value(v) ? json_string_value(v) : "");
    }
    printf("\n");
}

/* The case as an officer reads it: what, the evidence side by side, the history. */
static void print_case(json_t *c)
{
    print_case_line(c);
    json_t *ev = json_object_get(c, "evidence");
    if (strcmp(str(c, "kind"), "unreached") == 0) {
        printf("query\n");
        print_strings("names", json_object_get(json_object_get(ev, "query"), "names"));
        print_strings("why", json_object_get(ev, "caveats"));
    } else if (json_is_object(ev)) {
        json_t *q = json_object_get(ev, "query"), *e = json_object_get(ev, "entity");
        printf("query\n");
        print_strings("names", json_object_get(q, "names"));
        printf("  %-12s%s\n", "screened", str(ev, "screened_name"));
        printf("entity %s %s (%s)\n", str(e, "list"), str(e, "id"), str(e, "type"));
        print_strings("names", json_object_get(e, "names"));
        print_strings("programmes", json_object_get(e, "programs"));
        print_strings("countries", json_object_get(e, "countries"));
        print_strings("identifiers", json_object_get(e, "identifiers"));
        print_strings("born", json_object_get(e, "dob"));
        if (*str(e, "source"))
            printf("  %-12s%s\n", "source", str(e, "source"));
        printf("score %.4f\n", json_real_value(json_object_get(ev, "score")));
        print_strings("why", json_object_get(ev, "explanation"));
    } else {
        json_t *in = json_object_get(c, "inputs");
        printf("shipment %s -> %s, item %s, date %s: %s\n", str(in, "from"), str(in, "to"),
               str(in, "item"), str(in, "date"), str(c, "decision"));
    }
    printf("history\n");
    json_t *h = json_object_get(c, "history");
    for (size_t i = 0; i < json_array_size(h); i++) {
        json_t *r = json_array_get(h, i);
        printf("  #%-6lld %.19s %-9s %s%s%s%s%s\n",
               (long long)json_integer_value(json_object_get(r, "record")), str(r, "created"),
               str(r, "action"), str(r, "reason"), *str(r, "actor") ? " by " : "", str(r, "actor"),
               *str(r, "note") ? ": " : "", str(r, "note"));
    }
}

static int parse_case_id(const wf_cli *c, long long *id)
{
    char *end = NULL;
    if (c->npos != 2)
        return wf_cli_usage(c, "give one CASE id", NULL);
    *id = strtoll(c->pos[1], &end, 10);
    if (!*c->pos[1] || *end || *id <= 0)
        return wf_cli_usage(c, "CASE must be a positive number, not", c->pos[1]);
    return SX_EXIT_OK;
}

static int do_show(wf_cli *c, cases_args *p, sx_audit *a)
{
    long long id;
    int rc = parse_case_id(c, &id);
    if (rc)
        return rc;
    const char *fmt = p->format ? p->format : "text";
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return wf_cli_usage(c, "--format must be text or json, not", fmt);
    char *out = NULL;
    if (sx_case_json(&out, a, id) != 0)
        return wf_cli_fail(c, NULL);
    if (strcmp(fmt, "json") == 0) {
        rc = wf_cli_print(out);
    } else {
        json_t *o = json_loads(out, 0, NULL);
        print_case(o);
        json_decref(o);
    }
    free(out);
    return rc;
}

static int do_decide(wf_cli *c, cases_args *p, sx_audit *a)
{
    long long id;
    int rc = parse_case_id(c, &id);
    if (rc)
        return rc;
    if (!p->d.action || !p->d.reason)
        return wf_cli_usage(c, "decide needs --action and --reason", NULL);
    p->d.actor = cli_actor(p->d.actor);
    char *out = NULL;
    int64_t record = 0;
    if (sx_case_decide(&out, &record, a, id, &p->d) != 0)
        return wf_cli_fail(c, "not decided");
    json_t *o = json_loads(out, 0, NULL);
    printf("case %lld: %s (%s), audit record %lld\n", id, str(o, "state"), p->d.action,
           (long long)record);
    json_decref(o);
    free(out);
    return SX_EXIT_OK;
}

static int do_reasons(wf_cli *c, sx_audit *a)
{
    char *out = NULL;
    if (sx_reasons_json(&out, a) != 0)
        return wf_cli_fail(c, NULL);
    json_t *o = json_loads(out, 0, NULL), *r = json_object_get(o, "reasons");
    for (size_t i = 0; i < json_array_size(r); i++) {
        json_t *e = json_array_get(r, i);
        printf("%-9s %-18s %s\n", str(e, "action"), str(e, "code"), str(e, "label"));
    }
    json_decref(o);
    free(out);
    return SX_EXIT_OK;
}

int cmd_cases(int argc, char **argv)
{
    cases_args p;
    memset(&p, 0, sizeof p);
    wf_cli c = {.command = "cases", .usage = cmd_cases_usage};
    const wf_cli_opt opts[] = {
        {"--db", &c.db, NULL, NULL},
        {"--state", &p.f.state, NULL, NULL},
        {"--kind", &p.f.kind, NULL, NULL},
        {"--list", &p.f.list, NULL, NULL},
        {"--party", &p.f.party, NULL, NULL},
        {"--from", &p.f.from, NULL, NULL},
        {"--to", &p.f.to, NULL, NULL},
        {"--limit", &p.limit, NULL, NULL},
        {"--offset", &p.offset, NULL, NULL},
        {"--format", &p.format, NULL, NULL},
        {"--action", &p.d.action, NULL, NULL},
        {"--reason", &p.d.reason, NULL, NULL},
        {"--note", &p.d.note, NULL, NULL},
        {"--group", &p.d.group, NULL, NULL},
        {"--licence", &p.d.licence, NULL, NULL},
        {"--valid-until", &p.d.valid_until, NULL, NULL},
        {"--actor", &p.d.actor, NULL, NULL},
    };
    c.opts = opts;
    c.nopts = sizeof opts / sizeof opts[0];
    int rc = wf_cli_parse(&c, argc, argv);
    if (rc || c.help)
        return rc;
    rc = wf_cli_size(&c, &p.f.limit, p.limit, "--limit must be a count, not");
    rc = rc ? rc : wf_cli_size(&c, &p.f.offset, p.offset, "--offset must be a count, not");
    if (rc)
        return rc;
    const char *action = c.pos[0];
    if (strcmp(action, "list") != 0 && strcmp(action, "show") != 0 &&
        strcmp(action, "decide") != 0 && strcmp(action, "reasons") != 0)
        return wf_cli_usage(&c, "unknown action", action);
    sx_audit *a = NULL;
    if ((rc = wf_cli_open(&c, &a)) != 0)
        return rc;
    if (strcmp(action, "list") == 0)
        rc = do_list(&c, &p, a);
    else if (strcmp(action, "show") == 0)
        rc = do_show(&c, &p, a);
    else if (strcmp(action, "decide") == 0)
        rc = do_decide(&c, &p, a);
    else
        rc = do_reasons(&c, a);
    sx_audit_close(a);
    return rc;
}
