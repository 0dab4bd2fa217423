/* stratex serve — the HTTP JSON API (src/server/).  Parses the options and runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "stratex/audit.h"
#include "server/server.h"

/* The built workbench is found from where the binary is, like the data: build/stratex ->
 * build/ui (build/asan/ui for the sanitized build), PREFIX/bin/stratex ->
 * PREFIX/share/stratex/ui once installed.  Without either, build/ui's place is named, so
 * the 404 and the startup line say where the UI was looked for. */
static const char *default_ui_dir(void)
{
    static char dir[4200];
    char self[4000];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return "build/ui";
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    static const char *const layouts[] = {"ui", "../share/stratex/ui"};
    for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
        snprintf(dir, sizeof dir, "%s/%s/index.html", self, layouts[k]);
        if (access(dir, F_OK) == 0) {
            snprintf(dir, sizeof dir, "%s/%s", self, layouts[k]);
            return dir;
        }
    }
    snprintf(dir, sizeof dir, "%s/ui", self);
    return dir;
}

const char cmd_serve_usage[] =
    "usage: stratex serve [--listen 127.0.0.1:8080] [--db PATH-or-postgres-URL]\n"
    "                     [--data DIR] [--snapshots DIR] [--tokens FILE] [--threads N]\n"
    "                     [--request-time-limit SECONDS] [--max-connections-per-client N]\n"
    "                     [--shutdown-delay SECONDS]\n"
    "                     [--ui DIR] [--access-log] [--refresh INTERVAL [--sources FILE] [--notify URL]]\n"
    "\n"
    "  --listen   HOST:PORT to listen on (port 0: any free port; the URL is printed)\n"
    "  --db       audit store: a SQLite file (default $STRATEX_DB, else " SX_DEFAULT_DB ")\n"
    "             or a postgres:// URL\n"
    "  --data     data directory (regimes/, lists/, openapi.json)\n"
    "  --snapshots  folder keeping every regime data and list version by hash, for audit\n"
    "             replay (default: the SQLite file's name + .snapshots; for PostgreSQL give\n"
    "             one folder shared by every server)\n"
    "  --tokens   API tokens file, lines \"<sha256-hex of token> screen|review|admin [name]\";\n"
    "             required to listen on anything but loopback; the name is the actor of\n"
    "             what the token decides\n"
    "  --refresh  fetch the publishers' lists this often (90, 90s, 15m, 6h, 1d) and put a\n"
    "             changed version in force (stratex lists fetch); --sources names the\n"
    "             publishers file (default DATA/lists/PUBLISHERS)\n"
    "  --notify   POST each update's new cases as JSON to this URL\n"
    "  --threads  worker threads (default: one per core, at least 2)\n"
    "  --request-time-limit  seconds a client has to send a whole request, headers and\n"
    "             body (default 60); later it gets 408 and the connection is closed\n"
    "  --max-connections-per-client  open connections from one IP address (default 128;\n"
    "             behind a load balancer, which is one address, raise it to 1024)\n"
    "  --shutdown-delay  seconds to keep serving after SIGTERM with /healthz answering 503,\n"
    "             so a load balancer's health check takes the instance out first (default 0)\n"
    "  --ui       the built workbench served at / (default: ui/ beside the stratex\n"
    "             binary, build/ui; installed: PREFIX/share/stratex/ui)\n"
    "  --access-log  one line per request on stderr (never bodies or tokens)\n"
    "\n"
    "SIGTERM/SIGINT finish in-flight requests and stop; SIGHUP reloads the data.\n";

static int bad(const char *msg, const char *arg)
{
    fprintf(stderr, "stratex serve: %s %s\n\n%s", msg, arg ? arg : "", cmd_serve_usage);
    return SX_EXIT_USAGE;
}

/* A whole number in 1..max. */
static int positive(unsigned *out, const char *val, unsigned max)
{
    char *end = NULL;
    long n = strtol(val, &end, 10);
    if (!*val || *end || n < 1 || n > (long)max)
        return -1;
    *out = (unsigned)n;
    return 0;
}

/* "90", "90s", "15m", "6h", "1d" -> seconds (at most 30 days). */
static int interval(unsigned *out, const char *val)
{
    char *end = NULL;
    long n = strtol(val, &end, 10);
    long unit = !*end ? 1 : strcmp(end, "s") == 0 ? 1 : strcmp(end, "m") == 0 ? 60
              : strcmp(end, "h") == 0 ? 3600 : strcmp(end, "d") == 0 ? 86400 : 0;
    if (end == val || unit == 0 || n < 1 || n > 30L * 86400 / unit)
        return -1;
    *out = (unsigned)(n * unit);
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    srv_config cfg = {.listen = "127.0.0.1:8080", .db = cli_default_db(), .data_dir = cli_data_dir(),
                      .ui_dir = default_ui_dir()};
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            fputs(cmd_serve_usage, stdout);
            return SX_EXIT_OK;
        }
        if (strcmp(opt, "--access-log") == 0) {
            cfg.access_log = 1;
            continue;
        }
        if (i + 1 >= argc)
            return bad("missing value after", opt);
        const char *val = argv[++i];
        if (strcmp(opt, "--listen") == 0) {
            cfg.listen = val;
        } else if (strcmp(opt, "--db") == 0) {
            cfg.db = val;
        } else if (strcmp(opt, "--data") == 0) {
            cfg.data_dir = val;
        } else if (strcmp(opt, "--ui") == 0) {
            cfg.ui_dir = val;
        } else if (strcmp(opt, "--snapshots") == 0) {
            cfg.snapshots = val;
        } else if (strcmp(opt, "--refresh") == 0) {
            if (interval(&cfg.refresh_s, val) != 0)
                return bad("--refresh takes an interval (90, 90s, 15m, 6h, 1d; at least 1 s), not", val);
        } else if (strcmp(opt, "--sources") == 0) {
            cfg.sources = val;
        } else if (strcmp(opt, "--notify") == 0) {
            if (strncmp(val, "http://", 7) != 0 && strncmp(val, "https://", 8) != 0)
                return bad("--notify takes an http:// or https:// URL, not", val);
            cfg.notify = val;
        } else if (strcmp(opt, "--tokens") == 0) {
            cfg.tokens_file = val;
        } else if (strcmp(opt, "--request-time-limit") == 0) {
            if (positive(&cfg.request_time_limit_s, val, 3600) != 0)
                return bad("--request-time-limit takes 1..3600 seconds, not", val);
        } else if (strcmp(opt, "--max-connections-per-client") == 0) {
            if (positive(&cfg.max_connections_per_client, val, SRV_MAX_CONNECTIONS) != 0)
                return bad("--max-connections-per-client takes 1..1024, not", val);
        } else if (strcmp(opt, "--shutdown-delay") == 0) {
            if (positive(&cfg.shutdown_delay_s, val, SRV_MAX_SHUTDOWN_DELAY_S) != 0)
                return bad("--shutdown-delay takes 1..300 seconds, not", val);
        } else if (strcmp(opt, "--threads") == 0) {
            char *end = NULL;
            long n = strtol(val, &end, 10);
            if (*end || n < 1 || n > 256)
                return bad("--threads takes 1..256, not", val);
            cfg.threads = (unsigned)n;
        } else {
            return bad("unknown option", opt);
        }
    }
    /* Keep the regime data every answer is given with, so audit replay can use it later:
     * next to a SQLite store by default; a PostgreSQL fleet names a shared folder. */
    static char snapshots[4200];
    if (!cfg.snapshots && sx_audit_default_snapshots(snapshots, sizeof snapshots, cfg.db) == 0)
        cfg.snapshots = snapshots;
    return srv_run(&cfg);
}
