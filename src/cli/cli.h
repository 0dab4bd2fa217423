/* The stratex command: one function per subcommand, each in src/cli/cmd_<name>.c.
 * Exit status: 0 success, 1 a decision could not be made (bad input), 2 usage error. */
#ifndef SX_CLI_H
#define SX_CLI_H

#include <stddef.h>

#define SX_EXIT_OK 0
#define SX_EXIT_FAIL 1
#define SX_EXIT_USAGE 2

int cmd_check(int argc, char **argv);
int cmd_regime(int argc, char **argv);
int cmd_impact(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_parties(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_lists(int argc, char **argv);

/* Each command's --help text, kept next to its options in cmd_<name>.c: "usage: ..." lines,
 * a blank line, then what it does and its options.  `stratex CMD --help` prints it, usage
 * errors print it to stderr, and tools/man.sh turns it into the man page stratex-CMD(1). */
extern const char cmd_check_usage[];
extern const char cmd_regime_usage[];
extern const char cmd_impact_usage[];
extern const char cmd_screen_usage[];
extern const char cmd_match_usage[];
extern const char cmd_serve_usage[];
extern const char cmd_audit_usage[];
extern const char cmd_parties_usage[];
extern const char cmd_cases_usage[];
extern const char cmd_lists_usage[];

/* Progress for long batches, on stderr and only when stderr is a terminal (a pipe or a
 * log file never sees it); quiet silences it.  cli_progress_update() redraws one line --
 * rows done and the share of the input read (done of total bytes) -- at most five times a
 * second; cli_progress_done() clears the line. */
typedef struct cli_progress {
    const char *what; /* "check", "screen", ... */
    int on;
    int shown; /* a line is on the screen */
    long long last_ms;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *what, int quiet);
void cli_progress_update(cli_progress *p, size_t rows, size_t done, size_t total);
void cli_progress_done(cli_progress *p);

/* Where the embedded defaults live: $STRATEX_DATA, else share/stratex/data or data/ found
 * up to three folders above the binary (installed tree, source tree), else the DATADIR the
 * build was configured with, else ./data.  Returns a static string. */
const char *cli_data_dir(void);

/* Loads the regime data under dir (NULL: cli_data_dir()); on failure prints why, naming
 * the file and line, and returns SX_EXIT_FAIL. */
typedef struct sx_regimes sx_regimes;
int cli_load_regimes(sx_regimes **out, const char *dir);

/* check --batch --db (check_record.c): the request JSON of a shipment, and recording an
 * order book's decisions (an array of such requests) with the cases of its blocked lines. */
typedef struct sx_shipment sx_shipment;
typedef struct sx_screen_index sx_screen_index;
typedef struct json_t json_t;
json_t *cli_shipment_json(const sx_shipment *s);
int cli_record_batch(const char *db, const char *actor, const sx_regimes *r,
                     const sx_screen_index *ix, json_t *shipments);

/* Who acts on the command line: the --actor given, else $STRATEX_ACTOR, $USER, $LOGNAME,
 * else the login name of the process's user. */
const char *cli_actor(const char *given);

/* The audit store used when --db is not given: $STRATEX_DB, else SX_DEFAULT_DB in the
 * working directory. */
#define SX_DEFAULT_DB "stratex-audit.db"
const char *cli_default_db(void);

#endif
