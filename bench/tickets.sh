#!/usr/bin/env bash
# Ticket benchmarks for issue #3 on a generated data set (bench/gen_tickets.py):
# create, get by number, a filtered list page and full-text search, each
# beside a bare libmicrohttpd baseline (GET and POST) measured in the same run,
# and a floor for GET by number (bench/bare_mhd with a file: one random page
# read and a ticket-sized or a list-page-sized answer per request).
# Usage: bench/tickets.sh [N_TICKETS]   (default 1000000; the data set is cached
# in $BENCH_DATA, default /tmp/loket-bench-N, and copied fresh for each run;
# BENCH_ROUNDS (3) rounds of every target, medians shown)
# wrk shares the two cores with the server. It runs as SCHED_BATCH
# (BENCH_WRK_POLICY=batch, the default; =other for the default policy): woken
# by an answer, a SCHED_OTHER wrk preempts the server thread that sent it,
# which no remote client does, and that costs a server in proportion to its
# time per request (bench/README.md, sixth session).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
rounds=${BENCH_ROUNDS:-3}
policy=${BENCH_WRK_POLICY:-batch}
case $policy in
batch) wrk=(chrt --batch 0 wrk) ;;
other) wrk=(wrk) ;;
*) echo "BENCH_WRK_POLICY must be batch or other" >&2; exit 2 ;;
esac
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
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bp=$(port); lp=$(port); fp=$(port); fl=$(port)
build/bench/bare_mhd "$bp" & pids+=($!)
# the floor of a GET by number: bare plus one random page read and a ticket-sized answer
build/bench/bare_mhd "$fp" "$tmp/loket.db" 1700 & pids+=($!)
# and of a list page: the same with the 61 KB answer of 50 tickets
build/bench/bare_mhd "$fl" "$tmp/loket.db" 61000 & pids+=($!)
# no daily backup (backup_hour): it would copy the whole database inside the measured run
LOKET_ACCESS_LOG=false LOKET_BACKUP_HOUR=-1 build/loket serve --data-dir "$tmp" --listen "127.0.0.1:$lp" \
    2>"$tmp/server.log" >/dev/null & pids+=($!)
spid=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$lp/healthz" >/dev/null && break; sleep 0.05; done
csrf=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"login":"admin@demo.test","password":"loket-demo"}' "http://127.0.0.1:$lp/api/v1/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
LOKET_TOKEN=$(curl -s -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "http://127.0.0.1:$lp/api/v1/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export LOKET_TOKEN
echo 'wrk.method = "POST"; wrk.body = "{}"' > "$tmp/post.lua"
echo "wrk.headers['Authorization'] = 'Bearer ' .. os.getenv('LOKET_TOKEN')" > "$tmp/auth.lua"

maxrss=0
rss() { local r; r=$(awk '/VmRSS/ {print $2}' "/proc/$spid/status"); [ "$r" -gt "$maxrss" ] && maxrss=$r; true; }
run() {
    local out; out=$("${wrk[@]}" -t2 -c"$conns" -d"${secs}s" --latency "$@")
    local rps p99 bad
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "sock"}' <<<"$out" | tr '\n' ' ')
    echo "$rps $p99 ${bad:-0}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# RSS is sampled in this shell (run's subshell cannot update maxrss) while each load runs.
sample() { while kill -0 "$spid" 2>/dev/null; do rss; echo "$maxrss" > "$tmp/rss"; sleep 0.5; done; }
sample & pids+=($!)
# Rounds: each target runs once per round, every Loket target right after the
# bare baseline it is compared with, and the table shows medians (the VM's
# speed drifts by a third from one minute to the next).
declare -A R P B
targets=(bpost post bget floor get lfloor list search vlist vsearch)
for ((k = 1; k <= rounds; k++)); do
    for t in "${targets[@]}"; do
        case $t in
        bpost) args=(-s "$tmp/post.lua" "http://127.0.0.1:$bp/") ;;
        post) args=(-s bench/tickets_post.lua "http://127.0.0.1:$lp/api/v1/tickets") ;;
        bget) args=("http://127.0.0.1:$bp/") ;;
        floor) args=("http://127.0.0.1:$fp/") ;;
        lfloor) args=("http://127.0.0.1:$fl/") ;;
        get) args=(-s bench/tickets_get.lua "http://127.0.0.1:$lp/") ;;
        list) args=(-s "$tmp/auth.lua" "http://127.0.0.1:$lp/api/v1/tickets?status=in_progress&unit_id=3&per_page=50") ;;
        search) args=(-s "$tmp/auth.lua" "http://127.0.0.1:$lp/api/v1/tickets?q=printer&per_page=50") ;;
        vlist) export BENCH_VARY=list; args=(-s bench/tickets_vary.lua "http://127.0.0.1:$lp/") ;;
        vsearch) export BENCH_VARY=search; args=(-s bench/tickets_vary.lua "http://127.0.0.1:$lp/") ;;
        esac
        read -r rps p99 bad < <(run "${args[@]}")
        R[$t]+="$rps "
        P[$t]+="$p99 "
        [ "$bad" = 0 ] || B[$t]+="$bad "
    done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
row() { # label target baseline
    local r p; r=$(median "${R[$2]}"); p=$(median "${P[$2]}")
    printf '%-34s %10.0f %9.2f %12s %s\n' "$1" "$r" "$p" \
        "$([ -n "${3:-}" ] && ratio "$r" "$(median "${R[$3]}")" || echo 1.00)" "${B[$2]:-0}"
}
echo "$n tickets, wrk -t2 -c$conns -d${secs}s ($policy policy), median of $rounds rounds, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-34s %10s %9s %12s %s\n' target 'req/s' 'p99 ms' 'vs bare' 'non-2xx'
row 'bare GET' bget
row 'bare POST' bpost
row 'POST /api/v1/tickets' post bpost
row 'floor: 1 pread + 1.7 KB answer' floor bget
row 'GET /api/v1/tickets/{number}' get bget
row 'floor: 1 pread + 61 KB answer' lfloor bget
row 'GET list (status+unit filter)' list bget
row 'GET search q=printer (newest)' search bget
row 'GET list, random filters+page' vlist bget
row 'GET search, random word+page' vsearch bget
echo "req/s per round: bare POST ${R[bpost]}| POST ${R[post]}| bare GET ${R[bget]}| GET ${R[get]}"
echo "(the fixed list and search URLs are answered from the response cache; the random ones mostly miss it)"
echo "server peak RSS: $(( $(cat "$tmp/rss") / 1024 )) MB"
