/* `stratex check --batch --db`: every decision of an order book recorded in the audit
 * trail, and a case opened for each blocked line (docs/workflow.md).  The record holds the
 * answer as sx_audit_answer() computes it, the way the server records it, so `audit
 * replay` recomputes it the same way. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "stratex/stratex.h"
#include "stratex/workflow.h"

json_t *cli_shipment_json(const sx_shipment *s)
{
    json_t *o = json_object();
    const char *keys[] = {"id", "from", "to", "item", "date", "end_use", "hs", "value", "currency"};
    const char *vals[] = {s->id,      s->from, s->to,    s->item,    s->date,
                          s->end_use, s->hs,   s->value, s->currency};
    for (size_t i = 0; o && i < sizeof keys / sizeof keys[0]; i++)
        if (vals[i])
            json_object_set_new(o, keys[i], json_string(vals[i]));
    if (o && s->nparties) {
        json_t *p = json_array();
        for (size_t i = 0; i < s->nparties; i++)
            json_array_append_new(p, json_string(s->parties[i]));
        json_object_set_new(o, "parties", p);
    }
    if (o && s->nanswers) { /* "ID=yes" -> {"ID": "yes"} */
        json_t *a = json_object();
        for (size_t i = 0; i < s->nanswers; i++) {
            const char *eq = strrchr(s->answers[i], '=');
            if (!eq)
                continue;
            char key[700];
            snprintf(key, sizeof key, "%.*s", (int)(eq - s->answers[i]), s->answers[i]);
            json_object_set_new(a, key, json_string(eq + 1));
        }
        json_object_set_new(o, "answers", a);
    }
    return o;
}

static int fail(const char *what)
{
    fprintf(stderr, "stratex check: %s: %s\n", what, sx_errmsg());
    return SX_EXIT_FAIL;
}

int cli_record_batch(const char *db, const char *actor, const sx_regimes *r,
                     const sx_screen_index *ix, json_t *shipments)
{
    size_t n = json_array_size(shipments);
    sx_audit_entry *entries = calloc(n ? n : 1, sizeof *entries);
    char **requests = calloc(n ? n : 1, sizeof *requests),
         **answers = calloc(n ? n : 1, sizeof *answers);
    int64_t *ids = calloc(n ? n : 1, sizeof *ids);
    sx_check_line *lines = calloc(n ? n : 1, sizeof *lines);
    char *data_hash = NULL;
    sx_audit *a = NULL;
    int rc = entries && requests && answers && ids && lines ? SX_EXIT_OK : fail("out of memory");
    if (!rc && sx_audit_data_hash(&data_hash, r, ix) != 0)
        rc = fail("data hash");
    for (size_t i = 0; !rc && i < n; i++) {
        requests[i] = json_dumps(json_array_get(shipments, i), JSON_COMPACT);
        if (!requests[i] || sx_audit_answer(&answers[i], "check", requests[i], r, ix) != 0)
            rc = fail("recording a decision");
        entries[i] = (sx_audit_entry){"check", requests[i], answers[i], data_hash};
    }
    if (!rc && sx_audit_open(&a, db) != 0)
        rc = fail(db);
    if (!rc && n && sx_audit_append_many(ids, a, entries, n) != 0)
        rc = fail("the audit store refused the decisions; nothing was written");
    for (size_t i = 0; !rc && i < n; i++) {
        const char *id = json_string_value(json_object_get(json_array_get(shipments, i), "id"));
        lines[i] = (sx_check_line){id ? id : "", requests[i], answers[i], data_hash, ids[i]};
    }
    if (!rc && sx_cases_open_checks(NULL, a, lines, n, actor) != 0)
        rc = fail("the decisions are recorded but their cases were not opened");
    if (a)
        sx_audit_close(a);
    for (size_t i = 0; i < n; i++) {
        free(requests ? requests[i] : NULL);
        free(answers ? answers[i] : NULL);
    }
    free(entries);
    free(requests);
    free(answers);
    free(ids);
    free(lines);
    free(data_hash);
    return rc;
}
