#!/bin/sh
# The api suite again, on PostgreSQL (issue #19: every API test on both
# drivers): `make test` runs it after the whole meson suite, inside the same
# tests/pg/with_cluster.sh, whose cluster (LOKET_PG_CLUSTER_URL) becomes
# LOKET_TEST_PG, so tests/api/loket.py gives each server a fresh database
# there (`make test-pg-api` runs this pass alone). Every test of the suite
# runs except those listed in tests/pg/api_not_on_pg.txt (one name a line,
# with its reason). LOKET_TEST_PG_RUN names this run: each `loket init`
# flavour runs once for the whole run and every server gets a copy of its
# database (loket.py's pg_template), dropped here at the end. The log is
# meson-logs/testlog-pg.json (--logbase testlog-pg), so the first run's
# testlog.json stays and tools/count_tests.py counts both.
#
# usage: api_on_pg.sh BUILD_DIR [MESON TEST ARGS...]   (exit status: meson's)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1
shift
# a stale log of an earlier run must not be counted as this one's
rm -f "$build/meson-logs/testlog-pg.json"
url=${LOKET_TEST_PG:-${LOKET_PG_CLUSTER_URL:-}}
if [ -z "$url" ]; then
    echo "api_on_pg.sh: no cluster (run it through tests/pg/with_cluster.sh)" >&2
    # counted as one failure by tools/count_tests.py, not as nothing
    mkdir -p "$build/meson-logs"
    echo '{"name": "api-on-pg", "result": "ERROR", "stdout": "not ok 1 - no PostgreSQL cluster"}' \
        >"$build/meson-logs/testlog-pg.json"
    exit 1
fi
skip=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/api_not_on_pg.txt" | awk 'NF { print $1 }')
tests=$(meson test -C "$build" --no-rebuild --list --suite api 2>/dev/null | sed -n 's|^.* / ||p' |
        grep -vxF -e "$skip" -e '' || true)
[ -n "$tests" ] || { echo "api_on_pg.sh: no api tests found in $build" >&2; exit 1; }
echo "api suite on PostgreSQL: $(echo "$tests" | wc -l) tests ($(echo "$skip" | grep -c .) listed in tests/pg/api_not_on_pg.txt)"
LOKET_TEST_PG=$url
LOKET_TEST_PG_RUN=r$$
export LOKET_TEST_PG LOKET_TEST_PG_RUN
status=0
# shellcheck disable=SC2086
meson test -C "$build" --no-rebuild --logbase testlog-pg --print-errorlogs --num-processes 2 "$@" $tests ||
    status=$?
for db in $(psql -qXAt "$url" -c "SELECT datname FROM pg_database WHERE datname LIKE 'loket\_tpl\_$LOKET_TEST_PG_RUN\_%'"); do
    psql -qX "$url" -c "DROP DATABASE IF EXISTS $db" || true
done
exit $status
