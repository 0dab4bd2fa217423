/* Shared by the workflow commands: `stratex parties`, `stratex cases`, `stratex lists`
 * (PRODUCT.md, Workflow).  Each is a client of include/stratex/workflow.h only. */
#ifndef SX_CLI_WORKFLOW_H
#define SX_CLI_WORKFLOW_H

#include <stddef.h>

#include "cli/cli.h"
#include "stratex/audit.h"
#include "stratex/screen.h"

#define WF_CLI_POS 4
#define WF_CLI_MANY 64

typedef struct wf_cli_opt {
    const char *name;  /* "--db" */
    const char **slot; /* where a single value goes */
    const char **many; /* or: where repeated values go (WF_CLI_MANY at most) */
    size_t *count;
} wf_cli_opt;

typedef struct wf_cli {
    const char *command; /* "cases" */
    const char *usage;
    const wf_cli_opt *opts;
    size_t nopts;
    const char *pos[WF_CLI_POS]; /* the action and its arguments */
    size_t npos;
    int help; /* --help was answered */
    const char *db, *snapshots;
    char snapshots_buf[4200];
} wf_cli;

/* Parses argv (argv[0] is the command); prints usage and returns SX_EXIT_USAGE on error. */
int wf_cli_parse(wf_cli *c, int argc, char **argv);
int wf_cli_usage(const wf_cli *c, const char *msg, const char *arg);
/* Prints "stratex CMD: what: <library message>" and returns SX_EXIT_FAIL. */
int wf_cli_fail(const wf_cli *c, const char *what);
/* Opens --db (default cli_default_db()) and settles the snapshot folder. */
int wf_cli_open(wf_cli *c, sx_audit **a);
/* The screening index of the lists in force for that store. */
int wf_cli_index(wf_cli *c, sx_audit *a, sx_screen_index **ix);
/* A non-negative count from an option ("--limit"). */
int wf_cli_size(const wf_cli *c, size_t *out, const char *text, const char *what);
/* Writes text and a newline to stdout. */
int wf_cli_print(const char *text);

#endif
