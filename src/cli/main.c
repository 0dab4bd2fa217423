/* stratex — command-line entry point: dispatches to the subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "stratex/errors.h"
#include "stratex/regime.h"
#include "stratex/version.h"

/* The subcommands.  To add one: write src/cli/cmd_<name>.c with int cmd_<name>(int, char **)
 * and const char cmd_<name>_usage[] (its --help text: "usage: stratex <name> ..." lines, a
 * blank line, then what it does), declare both in cli.h, and add a row here with a one-line
 * summary.  --help (handled here, before the command runs), `stratex --help` and the man
 * page stratex-<name>(1) then follow, and tests/cli/test_help.sh checks every row. */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary; /* one line for `stratex --help` and the man page's NAME */
} cli_command;

static const cli_command commands[] = {
    {"check", cmd_check, cmd_check_usage, "licence determination: one shipment or an order book"},
    {"regime", cmd_regime, cmd_regime_usage, "country groups on a date; changes between two dates"},
    {"impact", cmd_impact, cmd_impact_usage, "what a rule change does to an order book"},
    {"screen", cmd_screen, cmd_screen_usage, "screen names against restricted-party lists"},
    {"match", cmd_match, cmd_match_usage, "score name pairs on the screening scale"},
    {"serve", cmd_serve, cmd_serve_usage, "run the HTTP JSON API and the web workbench"},
    {"audit", cmd_audit, cmd_audit_usage, "verify, export, show and replay the audit trail"},
    {"parties", cmd_parties, cmd_parties_usage,
     "the party register: import it (screened), list it"},
    {"cases", cmd_cases, cmd_cases_usage, "the worklist: list, show and decide cases"},
    {"lists", cmd_lists, cmd_lists_usage, "list versions: update, fetch, status, diff"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *to)
{
    fputs("usage: stratex <command> [options]\n"
          "       stratex <command> --help\n"
          "       stratex --version\n"
          "\n"
          "Commands:\n",
          to);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Regulation data and bundled lists are read from $STRATEX_DATA, else from the data\n"
          "folder next to the program (../share/stratex/data once installed, ../data in the\n"
          "source tree), else from " SX_DEFAULT_DATA_DIR ".\n"
          "Exit status: 0 success, 1 bad input (message on stderr), 2 usage error.\n",
          to);
}

/* --help or -h anywhere among a command's arguments asks for its help, whatever else is
 * there (a half-typed command line is the usual reason to ask). */
static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    }
    return 0;
}

static void print_version(void)
{
    printf("stratex %s (%s)\n", sx_version(), sx_build_features());
#ifndef SX_NO_ESPEAK
    puts("This build links espeak-ng: the stratex binary is distributed under GPL-3.0-or-later.");
#else
    puts("Built without espeak-ng (ESPEAK=0): Apache-2.0.");
#endif
}

static char data_dir[4200];

const char *cli_data_dir(void)
{
    if (data_dir[0])
        return data_dir;
    const char *env = getenv("STRATEX_DATA");
    if (env && *env) {
        snprintf(data_dir, sizeof data_dir, "%s", env);
        return data_dir;
    }
    /* Found from where the binary is, so it works from any working directory and an
     * installed tree can be moved: build/stratex -> ../data in the source tree,
     * PREFIX/bin/stratex -> PREFIX/share/stratex/data once installed (also under a DESTDIR). */
    static const char *const layouts[] = {"share/stratex/data", "data"};
    char self[4000];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(self, '/');
            if (!slash)
                break;
            *slash = '\0';
            for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
                char probe[4100];
                snprintf(probe, sizeof probe, "%s/%s/regimes", self, layouts[k]);
                if (access(probe, F_OK) == 0) {
                    snprintf(data_dir, sizeof data_dir, "%s/%s", self, layouts[k]);
                    return data_dir;
                }
            }
        }
    }
    /* the folder this build was configured for (make DATADIR=...), then ./data */
    snprintf(data_dir, sizeof data_dir, "%s",
             access(SX_DEFAULT_DATA_DIR "/regimes", F_OK) == 0 ? SX_DEFAULT_DATA_DIR : "data");
    return data_dir;
}

int cli_load_regimes(sx_regimes **out, const char *dir)
{
    if (sx_regimes_load(out, dir ? dir : cli_data_dir()) != 0) {
        fprintf(stderr, "stratex: cannot load regime data: %s\n", sx_errmsg());
        return SX_EXIT_FAIL;
    }
    return SX_EXIT_OK;
}

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return SX_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        const cli_command *c = argc > 2 ? find_command(argv[2]) : NULL;
        if (argc > 2 && !c) {
            fprintf(stderr, "stratex: unknown command \"%s\"\n\n", argv[2]);
            print_usage(stderr);
            return SX_EXIT_USAGE;
        }
        if (c)
            fputs(c->usage, stdout);
        else
            print_usage(stdout);
        return SX_EXIT_OK;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        print_version();
        return SX_EXIT_OK;
    }
    const cli_command *c = find_command(cmd);
    if (!c) {
        fprintf(stderr, "stratex: unknown command \"%s\"\n\n", cmd);
        print_usage(stderr);
        return SX_EXIT_USAGE;
    }
    if (wants_help(argc - 1, argv + 1)) {
        fputs(c->usage, stdout);
        return SX_EXIT_OK;
    }
    return c->run(argc - 1, argv + 1);
}
