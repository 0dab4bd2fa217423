/* The stratex command: one function per subcommand, each in src/cli/cmd_<name>.c.
 * Exit status: 0 success, 1 a decision could not be made (bad input), 2 usage error. */
#ifndef SX_CLI_H
#define SX_CLI_H

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

/* Where the embedded defaults live: $STRATEX_DATA, else the data/ folder found next to
 * the binary's project root, else ./data.  Returns a static string. */
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
