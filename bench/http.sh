#!/usr/bin/env bash
# HTTP load benchmark: requests/s and p99 latency of
#   (a) a bare libmicrohttpd server (bench/bare_mhd.c)      — the baseline
#   (b) loket GET /healthz
#   (c) loket GET /api/v1/services with a bearer token (bench/auth.lua)
# measured in the same run with wrk and printed with ratios to the baseline.
# By default the Loket targets are measured twice: with the per-request
# access log on (the default) and off (LOKET_ACCESS_LOG=false).
#
# Usage: bench/http.sh          (from the repo root, or `make bench`)
#   BENCH_SECONDS=10      wrk duration per target
#   BENCH_CONNECTIONS=32  wrk -c
#   BENCH_THREADS=2       wrk -t
#   BENCH_ROUNDS=3        rounds per table; each round runs the three targets
#                         back to back and the table shows the median
#   BENCH_ACCESS_LOG=both both | true | false
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
rounds=${BENCH_ROUNDS:-3}
for v in "$secs" "$conns" "$threads" "$rounds"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_* values must be positive integers" >&2; exit 2; }
done
case ${BENCH_ACCESS_LOG:-both} in
    both) modes=(true false) ;;
    true | false) modes=("$BENCH_ACCESS_LOG") ;;
    *) echo "BENCH_ACCESS_LOG must be both, true or false" >&2; exit 2 ;;
esac
for tool in wrk curl python3 ninja; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (wrk: apt-get install wrk)" >&2; exit 1; }
done
ninja -C build >/dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/loket-bench.XXXXXX")
bare_pid='' loket_pid=''
stop() { # stop PID: TERM the process we started, then reap it
    [ -n "$1" ] || return 0
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    trap - EXIT INT TERM
    stop "$loket_pid"
    stop "$bare_pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_up() { # wait_up URL PID NAME LOG
    for _ in $(seq 200); do
        curl -s -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || break
        sleep 0.05
    done
    echo "$3 did not start at $1:" >&2
    tail -n 5 "$4" >&2
    exit 1
}

bare_port=$(free_port)
build/bench/bare_mhd "$bare_port" 2>"$tmp/bare.log" &
bare_pid=$!
wait_up "http://127.0.0.1:$bare_port/" "$bare_pid" bare_mhd "$tmp/bare.log"

build/loket init --demo --data-dir "$tmp/data" >"$tmp/init.log" 2>&1 ||
    { cat "$tmp/init.log" >&2; exit 1; }
loket_port=$(free_port)
start_loket() { # start_loket ACCESS_LOG — server stderr (the access log) goes to a file
    LOKET_ACCESS_LOG=$1 build/loket serve --data-dir "$tmp/data" \
        --listen "127.0.0.1:$loket_port" >>"$tmp/server.log" 2>&1 &
    loket_pid=$!
    wait_up "http://127.0.0.1:$loket_port/healthz" "$loket_pid" "loket serve" "$tmp/server.log"
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
start_loket "${modes[0]}"
csrf=$(curl -sf -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"login":"admin@demo.test","password":"loket-demo"}' \
    "http://127.0.0.1:$loket_port/api/v1/auth/login" | json_field csrf_token)
LOKET_TOKEN=$(curl -sf -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "http://127.0.0.1:$loket_port/api/v1/tokens" | json_field token)
export LOKET_TOKEN
curl -sf -o /dev/null -H "Authorization: Bearer $LOKET_TOKEN" \
    "http://127.0.0.1:$loket_port/api/v1/services" ||
    { echo "the bearer token is refused by /api/v1/services" >&2; exit 1; }

# run ARGS... — one wrk run; sets RPS and P99 (milliseconds). wrk --latency
# prints e.g. "     99%    1.23ms"; a run with errors or non-2xx answers
# is refused, since fast error replies would flatter the numbers.
RPS='' P99=''
run() {
    local out
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "wrk reported errors for $*:" >&2
        echo "$out" >&2
        exit 1
    fi
    RPS=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    P99=$(awk '$1 == "99%" { v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /m$/) { sub(/m$/, "", v); v = v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
        print v }' <<<"$out")
    if [ -z "$RPS" ] || [ -z "$P99" ]; then
        echo "cannot parse wrk output:" >&2
        echo "$out" >&2
        exit 1
    fi
    # The access log grows ~200 bytes a request (~10 MB/s at /healthz
    # speed); the server appends, so truncating keeps the temp dir small.
    : >"$tmp/server.log"
}
warm() { wrk -t1 -c4 -d1s "$@" >/dev/null; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ints() { local out='' v; for v; do out+="${out:+ }$(printf '%.0f' "$v")"; done; echo "$out"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # row NAME RPS P99 BARE_RPS BARE_P99
    printf '%-26s %10.0f %9.2f %15s %13s\n' "$1" "$2" "$3" \
        "$(ratio "$2" "$4")" "$(ratio "$3" "$5")"
}

bare_url="http://127.0.0.1:$bare_port/"
health_url="http://127.0.0.1:$loket_port/healthz"
services_url="http://127.0.0.1:$loket_port/api/v1/services"
first=1
for mode in "${modes[@]}"; do
    if [ "$first" = 0 ]; then
        stop "$loket_pid"
        loket_pid=''
        start_loket "$mode"
    fi
    first=0
    warm "$bare_url"
    warm "$health_url"
    warm -s bench/auth.lua "$services_url"
    # Each round measures the baseline right before the Loket targets, so
    # every ratio compares figures taken seconds apart; the median over the
    # rounds damps other load on a shared machine.
    b_r=() b_p=() h_r=() h_p=() s_r=() s_p=()
    for ((i = 1; i <= rounds; i++)); do
        run "$bare_url";                       b_r+=("$RPS") b_p+=("$P99")
        run "$health_url";                     h_r+=("$RPS") h_p+=("$P99")
        run -s bench/auth.lua "$services_url"; s_r+=("$RPS") s_p+=("$P99")
    done
    b_rps=$(median "${b_r[@]}") b_p99=$(median "${b_p[@]}")
    h_rps=$(median "${h_r[@]}") h_p99=$(median "${h_p[@]}")
    s_rps=$(median "${s_r[@]}") s_p99=$(median "${s_p[@]}")

    echo
    echo "wrk -t$threads -c$conns -d${secs}s --latency, median of $rounds, $(nproc) cores, access log $mode, $(date -u +%FT%TZ)"
    printf '%-26s %10s %9s %15s %13s\n' target 'req/s' 'p99 ms' 'req/s vs bare' 'p99 vs bare'
    row 'bare libmicrohttpd' "$b_rps" "$b_p99" "$b_rps" "$b_p99"
    row 'loket /healthz' "$h_rps" "$h_p99" "$b_rps" "$b_p99"
    row 'loket /api/v1/services' "$s_rps" "$s_p99" "$b_rps" "$b_p99"
    if [ "$rounds" -gt 1 ]; then # the spread tells how noisy the machine was
        printf 'req/s per round: bare %s | healthz %s | services %s\n' \
            "$(ints "${b_r[@]}")" "$(ints "${h_r[@]}")" "$(ints "${s_r[@]}")"
    fi
done
