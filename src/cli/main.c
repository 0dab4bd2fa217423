/* stratex — command-line entry point: dispatches to the subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "stratex/errors.h"
#include "stratex/regime.h"
#include "stratex/version.h"

static const char usage[] =
    "usage: stratex <command> [options]\n"
    "\n"
    "  check   --from JP --to KR --item 1C350 --date 2019-07-10 [--format text|json]\n"
    "  check   --batch shipments.csv [--format csv|jsonl] [--output FILE]\n"
    "  regime  groups --jurisdiction JP --date 2020-01-01 [--format text|json]\n"
    "  regime  diff --jurisdiction JP --from 2019-07-01 --to 2019-09-01 [--country KR]\n"
    "  impact  --batch orders.csv --date-a 2019-08-27 --date-b 2019-08-28 [--data-b DIR]\n"
    "  screen  [--list FORMAT:PATH]... [--threshold T] [--limit K] NAME\n"
    "  screen  [--list FORMAT:PATH]... --batch queries.csv [--format csv|jsonl]\n"
    "  match   --pairs pairs.csv [--format csv]\n"
    "  serve   [--listen 127.0.0.1:8080] [--db PATH-or-postgres-URL]\n"
    "  audit   verify|export|replay ID [--db PATH-or-postgres-URL]\n"
    "  parties import --db DB parties.csv | list --db DB\n"
    "  cases   list|show CASE|decide CASE --action A --reason CODE [--db DB]\n"
    "  lists   update [--list FORMAT:PATH]... | status | diff [--db DB]\n"
    "  version\n"
    "\n"
    "Exit status: 0 success, 1 bad input (message on stderr), 2 usage error.\n";

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
    /* build/stratex -> ../data, so the binary works from any working directory. */
    char self[4000];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(self, '/');
            if (!slash)
                break;
            *slash = '\0';
            char probe[4100];
            snprintf(probe, sizeof probe, "%s/data/regimes", self);
            if (access(probe, F_OK) == 0) {
                snprintf(data_dir, sizeof data_dir, "%s/data", self);
                return data_dir;
            }
        }
    }
    snprintf(data_dir, sizeof data_dir, "data");
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

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? SX_EXIT_USAGE : SX_EXIT_OK;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("stratex %s\n", sx_version());
        return SX_EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } commands[] = {
        {"check", cmd_check},   {"regime", cmd_regime}, {"impact", cmd_impact}, {"screen", cmd_screen},
        {"match", cmd_match},   {"serve", cmd_serve},   {"audit", cmd_audit},
        {"parties", cmd_parties}, {"cases", cmd_cases}, {"lists", cmd_lists},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "stratex: unknown command \"%s\"\n\n%s", cmd, usage);
    return SX_EXIT_USAGE;
}
