#!/bin/sh
# bench/migrate_db.sh: times `loket migrate-db` on a generated installation
# (issue #19 item 4): `loket init --demo-base`, bench/gen_tickets.py N
# tickets, then the copy into a fresh database of the cluster at
# LOKET_TEST_PG (tests/pg/cluster.sh url), verification included; then a
# second run (verification only). Results: bench/README.md.
# usage: LOKET_TEST_PG=postgresql://... bench/migrate_db.sh [N] [BUILD_DIR]
set -eu
n=${1:-100000}
build=${2:-build}
: "${LOKET_TEST_PG:?set LOKET_TEST_PG to the cluster's URL}"
dir=$(mktemp -d)
db=migbench_$$
base=${LOKET_TEST_PG%/*}
trap 'psql -q "$base/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$dir"' EXIT
"$build/loket" init --demo-base --data-dir "$dir" >/dev/null 2>&1
python3 "$(dirname "$0")/gen_tickets.py" "$dir" "$n" --attachments 50 # as pg-migrate-db-100k
psql -q "$base/postgres" -c "CREATE DATABASE $db"
echo "rows: $(sqlite3 "$dir/loket.db" 'SELECT (SELECT count(*) FROM tickets) || " tickets, " || (SELECT count(*) FROM ticket_events) || " events"')"
start=$(date +%s.%N)
LOKET_DB_URL= "$build/loket" migrate-db --data-dir "$dir" --to "$base/$db" > "$dir/out.txt"
mid=$(date +%s.%N)
LOKET_DB_URL= "$build/loket" migrate-db --data-dir "$dir" --to "$base/$db" > "$dir/out2.txt"
end=$(date +%s.%N)
grep -E '^(tickets|ticket_events|report_daily) ' "$dir/out.txt"
tail -1 "$dir/out.txt"
tail -1 "$dir/out2.txt"
echo "copy + verify: $(echo "$mid - $start" | bc) s; second run (verify only): $(echo "$end - $mid" | bc) s"
