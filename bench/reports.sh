#!/usr/bin/env bash
# Report benchmarks for issue #6 on a generated data set (bench/gen_tickets.py):
#  1. the migration's rollup backfill on the data set;
#  2. the dashboard's summaries (by status, unit and month for one year) with
#     wrk, beside the plain GROUP BY each one replaces (sqlite3 CLI, .timer);
#  3. exporting every ticket of that year as CSV, XLSX and PDF through the
#     export jobs: wall time, rows/s and the server's RSS sampled meanwhile.
# The machine is shared, so besides wall-clock figures the script reports CPU
# time from /proc: of the HTTP worker threads per summary request, and of the
# export thread (named loket-export) per export; those do not depend on how
# many other processes compete for the two cores.
# Usage: bench/reports.sh [N_TICKETS]   (default 1000000; the data set is cached
# in $BENCH_DATA, default /tmp/loket-bench-N, and copied fresh for each run).
# Knobs: BENCH_SECONDS (wrk duration, 10), BENCH_CONNECTIONS (8), REPORT_YEAR (2025),
# BENCH_FORMATS ("csv xlsx pdf").
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-8}
year=${REPORT_YEAR:-2025}
formats=${BENCH_FORMATS:-csv xlsx pdf}
cache=${BENCH_DATA:-/tmp/loket-bench-$n}
ninja -C build >/dev/null
if [ ! -f "$cache/loket.db" ]; then
    rm -rf "$cache"
    build/loket init --demo --data-dir "$cache" >/dev/null 2>&1
    python3 bench/gen_tickets.py "$cache" "$n"
fi
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
# migrations and the search index (loket-search.db) once on the cache, not per run
build/loket search-index --data-dir "$cache" >/dev/null
cp "$cache"/loket*.db "$tmp/"
for w in "$cache"/loket*.db-wal; do [ ! -f "$w" ] || cp "$w" "$tmp/"; done
sync # the copy's writeback would otherwise land on the server's first checkpoint
echo "$n tickets, year $year, $(nproc) cores, $(date -u +%FT%TZ)"

# 1. migrations (the rollup backfill runs only if the copy predates 0008)
t0=$(date +%s.%N)
build/loket init --data-dir "$tmp" 2>&1 | sed 's/^/  /'
echo "  migrate: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

# 2. summaries
lo=$(python3 -c "import calendar; print(calendar.timegm(($year,1,1,0,0,0)) - 25200)")
hi=$(python3 -c "import calendar; print(calendar.timegm(($year + 1,1,1,0,0,0)) - 25200)")
echo
echo "plain GROUP BY over tickets (sqlite3 CLI, warm cache, best of 3):"
for q in "status" "coalesce(unit_id, '')" "strftime('%Y-%m', created_at + 25200, 'unixepoch')"; do
    best=$(for _ in 1 2 3; do
        printf '.timer on\nSELECT %s, count(*) FROM tickets WHERE created_at >= %s AND created_at < %s GROUP BY 1;\n' \
            "$q" "$lo" "$hi" | sqlite3 "$tmp/loket.db" \
            | awk '/^Run Time/ {print $4 * 1000, ($6 + $8) * 1000}'
    done | sort -n | head -1)
    printf '  %-58s %8.1f ms wall %8.1f ms CPU\n' "GROUP BY $q" $best
done

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
lp=$(port)
url="http://127.0.0.1:$lp"
LOKET_ACCESS_LOG=false LOKET_SWEEP_SECONDS=86400 build/loket serve --data-dir "$tmp" --listen "127.0.0.1:$lp" \
    2>"$tmp/server.log" >/dev/null & pids+=($!)
spid=$!
for _ in $(seq 200); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.05; done
# CPU time (ms) of the server's threads whose name matches $1.
tcpu() {
    for t in /proc/$spid/task/*; do
        if grep -q "$1" "$t/comm"; then awk '{print $14 + $15}' "$t/stat"; fi
    done | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {print s * 1000 / hz}'
}
# The SLA sweep runs once at start-up on the main thread; let it finish.
for _ in $(seq 120); do
    a=$(awk '{print $14 + $15}' "/proc/$spid/task/$spid/stat"); sleep 1
    [ "$a" = "$(awk '{print $14 + $15}' "/proc/$spid/task/$spid/stat")" ] && break
done
csrf=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"login":"admin@demo.test","password":"loket-demo"}' "$url/api/v1/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
LOKET_TOKEN=$(curl -s -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$url/api/v1/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export LOKET_TOKEN REPORT_YEAR=$year
auth=(-H "Authorization: Bearer $LOKET_TOKEN")
echo
echo "the same through the API (one request each):"
for g in status unit month; do
    curl -s -o "$tmp/out.json" -w '%{time_total}\n' "${auth[@]}" \
        "$url/api/v1/reports/summary?group_by=$g&from=$year-01-01&to=$year-12-31" \
        | awk -v g="$g" '{ printf "  %-58s %8.2f ms\n", "GET /reports/summary?group_by=" g, $1 * 1000 }'
    python3 -c "import json; d=json.load(open('$tmp/out.json')); print('    source=%s total=%d rows=%d' % (d['source'], d['total'], len(d['rows'])))"
done
curl -s -o "$tmp/out.json" -w '%{time_total}\n' "${auth[@]}" \
    "$url/api/v1/reports/summary?group_by=unit&from=$year-01-01&to=$year-12-31&channel=web" \
    | awk '{ printf "  %-58s %8.2f ms\n", "same by unit with channel=web (GROUP BY path)", $1 * 1000 }'

c0=$(tcpu MHD-worker)
for _ in $(seq 100); do
    for g in status unit month; do
        curl -s -o /dev/null "${auth[@]}" "$url/api/v1/reports/summary?group_by=$g&from=$year-01-01&to=$year-12-31"
    done
done
c1=$(tcpu MHD-worker)
c2=$(tcpu MHD-worker)
for _ in $(seq 300); do curl -s -o /dev/null "${auth[@]}" "$url/api/v1/me"; done
c3=$(tcpu MHD-worker)
awk -v a="$c0" -v b="$c1" -v c="$c2" -v d="$c3" 'BEGIN {
    printf "  HTTP worker CPU per summary request: %.2f ms (GET /api/v1/me, for scale: %.2f ms)\n",
           (b - a) / 300, (d - c) / 300 }'

echo
out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/reports.lua "$url")
bad=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket errors"}' <<<"$out")
echo "wrk -t2 -c$conns -d${secs}s, summaries by status/unit/month in turn:"
awk '/Requests\/sec/ {print "  req/s " $2} $1=="50%" || $1=="90%" || $1=="99%" {print "  p" substr($1,1,2) " " $2}' <<<"$out"
[ -z "$bad" ] || echo "  NOT ALL 2xx: $bad"

# 3. exports
echo
echo "export every ticket of $year (job wall time, server RSS sampled every 50 ms):"
for fmt in $formats; do
    job=$(curl -s -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d "{\"report\":\"tickets\",\"format\":\"$fmt\",\"from\":\"$year-01-01\",\"to\":\"$year-12-31\"}" \
        "$url/api/v1/exports" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    t0=$(date +%s.%N)
    e0=$(tcpu loket-export)
    peak=0
    i=0
    while :; do
        r=$(awk '/VmRSS/ {print $2}' "/proc/$spid/status")
        [ "$r" -gt "$peak" ] && peak=$r
        i=$((i + 1))
        if [ $((i % 4)) -eq 0 ]; then
            st=$(curl -s "${auth[@]}" "$url/api/v1/exports/$job" \
                | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["status"], j["total"])')
            case "$st" in done*|failed*) break ;; esac
        fi
        sleep 0.05
    done
    t1=$(date +%s.%N)
    e1=$(tcpu loket-export)
    total=${st#* }
    curl -s -o "$tmp/export.$fmt" "${auth[@]}" "$url/api/v1/exports/$job/file"
    size=$(stat -c %s "$tmp/export.$fmt")
    awk -v f="$fmt" -v s="${st%% *}" -v n="$total" -v a="$t0" -v b="$t1" -v p="$peak" -v z="$size" \
        -v c="$(awk -v x="$e0" -v y="$e1" 'BEGIN {print (y - x) / 1000}')" \
        'BEGIN { printf "  %-5s %-6s %8d rows  wall %6.1f s %8.0f rows/s  CPU %6.1f s %8.0f rows/CPU-s  peak RSS %3d MB  file %6.1f MB\n",
                 f, s, n, b - a, n / (b - a), c, n / (c > 0 ? c : 1), p / 1024, z / 1048576 }'
    rm -f "$tmp/export.$fmt"
done
