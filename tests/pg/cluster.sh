#!/bin/sh
# A private PostgreSQL cluster for the tests (issue #19, docs/postgresql.md).
#
# usage: tests/pg/cluster.sh start|stop|url|status
#   LOKET_PG_DIR   where the cluster lives (default: build/pg); its data in
#                  $LOKET_PG_DIR/data, its log in $LOKET_PG_DIR/log
#   LOKET_PG_PORT  the TCP port on 127.0.0.1 (default: one free at start,
#                  kept in $LOKET_PG_DIR/port for url)
# start is idempotent (a running cluster is left alone); url prints the base
# URL the tests take as LOKET_TEST_PG (postgresql://loket@127.0.0.1:PORT/
# postgres, trust authentication: loopback only, a throwaway cluster).
# LOKET_PG_DURABLE=1 starts it with fsync=on, synchronous_commit=on and
# full_page_writes=on instead (bench/pg.sh: as durable as SQLite's setting),
# and pg_stat_statements loaded; LOKET_PG_OPTS adds server options.
# Run as root (CI), initdb and postgres run as the unprivileged user
# $LOKET_PG_USER (default nobody), who must be able to reach $LOKET_PG_DIR.
set -eu

dir=${LOKET_PG_DIR:-build/pg}
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
data=$dir/data
user=${LOKET_PG_USER:-nobody}

bindir=${LOKET_PG_BIN:-}
if [ -z "$bindir" ]; then
    for b in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$b/initdb" ]; then bindir=$b; break; fi
    done
fi
[ -n "$bindir" ] || { echo "cluster.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The port of the running cluster (url); at start, LOKET_PG_PORT or a port
# free now (the one of an earlier run may have been taken since).
port() {
    if [ -n "${LOKET_PG_PORT:-}" ]; then echo "$LOKET_PG_PORT"
    elif [ -f "$dir/port" ]; then cat "$dir/port"
    else echo ""; fi
}

running() {
    [ -f "$data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown "$user" "$dir"
        if ! runuser -u "$user" -- test -w "$dir"; then
            echo "cluster.sh: $user cannot write $dir (a parent directory is closed to it)" >&2
            exit 1
        fi
    fi
    if running; then return 0; fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$data" -U loket --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    p=${LOKET_PG_PORT:-$(free_port)}
    # the tests open many short-lived databases: no fsync, small buffers
    opts="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
    if [ "${LOKET_PG_DURABLE:-0}" = 1 ]; then
        opts="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB"
        opts="$opts -c shared_preload_libraries=pg_stat_statements"
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 -o \
        "-p $p -c unix_socket_directories= -c listen_addresses=127.0.0.1 -c max_connections=200 $opts ${LOKET_PG_OPTS:-}" \
        start >/dev/null; then
        tail -n 20 "$dir/log" >&2
        exit 1
    fi
    echo "$p" >"$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
}

stop() {
    if running; then
        as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) if running; then echo "running on port $(port)"; else echo "stopped"; exit 3; fi ;;
url) p=$(port); [ -n "$p" ] || { echo "cluster.sh: not started" >&2; exit 1; }
     echo "postgresql://loket@127.0.0.1:$p/postgres" ;;
*) echo "usage: $0 start|stop|url|status" >&2; exit 2 ;;
esac
