#!/usr/bin/env bash
# HTTP load benchmark for issue #2: requests/s and p99 latency of
#   (a) a bare libmicrohttpd server (bench/bare_mhd.c)      — the baseline
#   (b) loket GET /healthz
#   (c) loket GET /api/v1/services with a bearer token
# measured in the same run with wrk, printed with ratios to the baseline.
# Usage: bench/http.sh   (BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_THREADS=2)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
ninja -C build >/dev/null

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bare_port=$(port)
loket_port=$(port)
build/bench/bare_mhd "$bare_port" & pids+=($!)
build/loket init --demo --data-dir "$tmp" >/dev/null 2>&1
LOKET_ACCESS_LOG=${LOKET_ACCESS_LOG:-true} build/loket serve --data-dir "$tmp" \
    --listen "127.0.0.1:$loket_port" 2>"$tmp/server.log" >/dev/null & pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$loket_port/healthz" >/dev/null && break; sleep 0.05; done

csrf=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"login":"admin@demo.test","password":"loket-demo"}' \
    "http://127.0.0.1:$loket_port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
LOKET_TOKEN=$(curl -s -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "http://127.0.0.1:$loket_port/api/v1/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export LOKET_TOKEN

# wrk --latency prints "99%  1.23ms"; normalise to milliseconds.
run() {
    local out
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@")
    local rps p99
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    local errs
    errs=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    [ -n "$errs" ] && echo "  note: $errs" >&2
    echo "$rps $p99"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

wrk -t1 -c4 -d1s "http://127.0.0.1:$bare_port/" >/dev/null
wrk -t1 -c4 -d1s -s bench/auth.lua "http://127.0.0.1:$loket_port/api/v1/services" >/dev/null

read -r b_rps b_p99 < <(run "http://127.0.0.1:$bare_port/")
read -r h_rps h_p99 < <(run "http://127.0.0.1:$loket_port/healthz")
read -r s_rps s_p99 < <(run -s bench/auth.lua "http://127.0.0.1:$loket_port/api/v1/services")

echo "wrk -t$threads -c$conns -d${secs}s, $(nproc) cores, access log ${LOKET_ACCESS_LOG:-true}, $(date -u +%FT%TZ)"
printf '%-28s %12s %10s %16s %14s\n' target 'req/s' 'p99 ms' 'req/s vs bare' 'p99 vs bare'
printf '%-28s %12.0f %10.2f %16s %14s\n' 'bare libmicrohttpd' "$b_rps" "$b_p99" '1.00' '1.00'
printf '%-28s %12.0f %10.2f %16.2f %14.2f\n' 'loket /healthz' "$h_rps" "$h_p99" \
    "$(ratio "$h_rps" "$b_rps")" "$(ratio "$h_p99" "$b_p99")"
printf '%-28s %12.0f %10.2f %16.2f %14.2f\n' 'loket /api/v1/services' "$s_rps" "$s_p99" \
    "$(ratio "$s_rps" "$b_rps")" "$(ratio "$s_p99" "$b_p99")"
