# Sourced by tests/run.sh: a throwaway PostgreSQL server for the audit store's tests, from
# the Debian postgresql package, on a free loopback port, in a temporary directory that is
# removed afterwards.  Exports STRATEX_PG_URL when the server is up; otherwise prints why
# not, and the PostgreSQL variants of the tests skip with that reason -- except under
# STRATEX_CI=1 (.ci/run), where tests/run.sh and the tests themselves count it a failure.

pg_bin=""
pg_dir=""

pg_find_bin() {
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && pg_bin="$d"
    done
    [ -n "$pg_bin" ]
}

pg_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# initdb refuses to run as root: run the server as the postgres system user then.
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    if ! pg_find_bin; then
        echo "postgresql: not installed (no initdb under /usr/lib/postgresql); skipping" >&2
        return 0
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "postgresql: running as root without a postgres user; skipping" >&2
        return 0
    fi
    pg_dir=$(mktemp -d /tmp/sx-pg-XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
    port=$(pg_free_port)
    if ! pg_as_owner "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U stratex -E UTF8 \
            --no-locale >"$pg_dir/initdb.log" 2>&1; then
        echo "postgresql: initdb failed; skipping:" >&2
        tail -5 "$pg_dir/initdb.log" >&2
        pg_stop
        return 0
    fi
    if ! pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 30 -l "$pg_dir/server.log" \
            -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=on" \
            start >/dev/null 2>&1; then
        echo "postgresql: server did not start; skipping:" >&2
        tail -5 "$pg_dir/server.log" >&2
        pg_stop
        return 0
    fi
    export STRATEX_PG_URL="postgres://stratex@127.0.0.1:$port/postgres"
    echo "postgresql: throwaway server at $STRATEX_PG_URL"
}

pg_stop() {
    [ -n "$pg_dir" ] || return 0
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
        pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1
    fi
    rm -rf "$pg_dir"
    pg_dir=""
    unset STRATEX_PG_URL
}
