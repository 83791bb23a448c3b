#!/bin/sh
# Runs a command with a private PostgreSQL cluster (issue #19): `make test`
# and `make test-sanitize` run the whole meson suite through it, so the
# suite `pg` finds the cluster's URL in LOKET_PG_CLUSTER_URL (run_test.sh
# hands it to each test as LOKET_TEST_PG; it is not LOKET_TEST_PG itself,
# which would move the api suite onto PostgreSQL too, docs/postgresql.md).
# The cluster lives in a fresh temporary
# directory on a free port (as user nobody when run as root, see
# cluster.sh) and is stopped and removed afterwards, also when the command
# fails or is interrupted.
#
# usage: with_cluster.sh COMMAND [ARGS...]   (exit status: the command's)
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loket-pg.XXXXXX") || exit 1
chmod 755 "$tmp" # the cluster's owner (nobody) must reach its directory
LOKET_PG_DIR=$tmp/cluster
export LOKET_PG_DIR
cleanup() {
    "$here/cluster.sh" stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if ! "$here/cluster.sh" start; then
    echo "with_cluster.sh: the PostgreSQL cluster did not start; the suite pg will fail" >&2
else
    LOKET_PG_CLUSTER_URL=$("$here/cluster.sh" url)
    export LOKET_PG_CLUSTER_URL
fi
"$@"
