#!/bin/sh
# The browser suite again, on PostgreSQL (issue #19: every browser test on
# both drivers): `make test` runs it after the whole meson suite, inside
# tests/pg/with_cluster.sh, whose cluster (LOKET_PG_CLUSTER_URL) becomes
# LOKET_TEST_PG, so tests/browser/harness.mjs gives each server a fresh
# database there. Every test of the suite runs. The log is
# meson-logs/testlog-pg-browser.json (--logbase testlog-pg-browser), so the
# first run's testlog.json stays and tools/count_tests.py counts both.
#
# usage: browser_on_pg.sh BUILD_DIR [MESON TEST ARGS...]   (exit status: meson's)
set -eu
build=$1
shift
url=${LOKET_TEST_PG:-${LOKET_PG_CLUSTER_URL:-}}
# a stale log of an earlier run must not be counted as this one's
rm -f "$build/meson-logs/testlog-pg-browser.json"
if [ -z "$url" ]; then
    echo "browser_on_pg.sh: no cluster (run it through tests/pg/with_cluster.sh)" >&2
    exit 1
fi
n=$(meson test -C "$build" --no-rebuild --list --suite browser 2>/dev/null | grep -c ' / ' || true)
[ "$n" -gt 0 ] || { echo "browser_on_pg.sh: no browser tests found in $build" >&2; exit 1; }
echo "browser suite on PostgreSQL: $n tests"
LOKET_TEST_PG=$url
export LOKET_TEST_PG
exec meson test -C "$build" --no-rebuild --logbase testlog-pg-browser --print-errorlogs --num-processes 2 \
    --suite browser "$@"
