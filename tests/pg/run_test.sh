#!/bin/sh
# Runs one test of the meson suite `pg` against the shared private cluster
# (tests/pg/cluster.sh): starts it once for all the tests running in
# parallel (flock), exports LOKET_TEST_PG and runs the test. The cluster
# stays up for the next test; `tests/pg/cluster.sh stop` ends it. With
# LOKET_TEST_PG already set, or LOKET_PG_CLUSTER_URL (with_cluster.sh, as
# `make test` runs the suite), that cluster is used as it is.
#
# usage: run_test.sh TEST [ARGS...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${LOKET_TEST_PG:-}" ] && [ -n "${LOKET_PG_CLUSTER_URL:-}" ]; then
    LOKET_TEST_PG=$LOKET_PG_CLUSTER_URL
    export LOKET_TEST_PG
fi
if [ -z "${LOKET_TEST_PG:-}" ]; then
    : "${LOKET_PG_DIR:?run_test.sh: LOKET_PG_DIR unset (meson sets it)}"
    mkdir -p "$LOKET_PG_DIR"
    (
        flock 9
        "$here/cluster.sh" start 9>&- # the server must not inherit the lock
    ) 9>"$LOKET_PG_DIR.lock"
    LOKET_TEST_PG=$("$here/cluster.sh" url)
    export LOKET_TEST_PG
fi
exec "$@"
