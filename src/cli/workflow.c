/* What the workflow commands (parties, cases, lists) share: their options, the store, the
 * lists in force, and printing what the library returns. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/workflow.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"

int wf_cli_usage(const wf_cli *c, const char *msg, const char *arg)
{
    fprintf(stderr, "stratex %s: %s%s%s\n\n%s", c->command, msg, arg ? " " : "", arg ? arg : "",
            c->usage);
    return SX_EXIT_USAGE;
}

int wf_cli_parse(wf_cli *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            fputs(c->usage, stdout);
            c->help = 1;
            return SX_EXIT_OK;
        }
        if (opt[0] == '-' && opt[1] == '-') {
            size_t k = 0;
            while (k < c->nopts && strcmp(c->opts[k].name, opt) != 0)
                k++;
            if (k == c->nopts)
                return wf_cli_usage(c, "unknown option", opt);
            if (i + 1 >= argc)
                return wf_cli_usage(c, "missing value after", opt);
            const char *val = argv[++i];
            if (c->opts[k].many) {
                if (*c->opts[k].count == WF_CLI_MANY)
                    return wf_cli_usage(c, "too many", opt);
                c->opts[k].many[(*c->opts[k].count)++] = val;
            } else {
                *c->opts[k].slot = val;
            }
        } else if (c->npos < WF_CLI_POS) {
            c->pos[c->npos++] = opt;
        } else {
            return wf_cli_usage(c, "unexpected argument", opt);
        }
    }
    if (c->npos == 0)
        return wf_cli_usage(c, "missing action", NULL);
    return SX_EXIT_OK;
}

int wf_cli_fail(const wf_cli *c, const char *what)
{
    fprintf(stderr, "stratex %s: %s%s%s\n", c->command, what ? what : "", what ? ": " : "",
            sx_errmsg());
    return SX_EXIT_FAIL;
}

int wf_cli_open(wf_cli *c, sx_audit **a)
{
    const char *db = c->db ? c->db : cli_default_db();
    if (sx_audit_open(a, db) != 0)
        return wf_cli_fail(c, NULL);
    if (!c->snapshots) {
        if (sx_audit_default_snapshots(c->snapshots_buf, sizeof c->snapshots_buf, db) == 0)
            c->snapshots = c->snapshots_buf;
    }
    return SX_EXIT_OK;
}

int wf_cli_index(wf_cli *c, sx_audit *a, sx_screen_index **ix)
{
    if (sx_lists_load_version(ix, a, c->snapshots, cli_data_dir(), NULL) != 0)
        return wf_cli_fail(c, "cannot load the lists in force");
    return SX_EXIT_OK;
}

int wf_cli_size(const wf_cli *c, size_t *out, const char *text, const char *what)
{
    *out = 0;
    if (!text)
        return SX_EXIT_OK;
    char *end = NULL;
    unsigned long long v = strtoull(text, &end, 10);
    if (!*text || *end || text[0] == '-' || v > 1000000000ULL)
        return wf_cli_usage(c, what, text);
    *out = (size_t)v;
    return SX_EXIT_OK;
}

int wf_cli_print(const char *text)
{
    if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF || fflush(stdout) != 0)
        return SX_EXIT_FAIL;
    return SX_EXIT_OK;
}

const char *cli_actor(const char *given)
{
    if (given && *given)
        return given;
    const char *env[] = {"STRATEX_ACTOR", "USER", "LOGNAME"};
    for (size_t i = 0; i < sizeof env / sizeof env[0]; i++) {
        const char *v = getenv(env[i]);
        if (v && *v)
            return v;
    }
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "unknown";
}
