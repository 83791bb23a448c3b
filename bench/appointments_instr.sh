#!/usr/bin/env bash
# Instructions per booking and per queue read (issue #16), for a machine too
# busy for wrk figures: the server runs under callgrind and gets a fixed
# set of requests (bench/appt_instr_client.py), each phase dumped apart:
#   book     BENCH_BOOKINGS bookings (default 600), 16 at once, on 20 days
#   phones   2000 queue reads by 1000 different requesters, 16 at once
#   holders  2000 queue reads by the 40 requesters booked on the queue day
#            (each answer is the shared text with their own item spliced in)
#   displays 2000 queue reads by 2 requesters, 16 at once
#   mixed    40 times: one booking (another day), then 50 phone reads
# and prints per phase the instructions of the whole server, of its
# group-commit writer thread, and per request. The data is
# bench/appointments.sh's (appt_setup.py: 3000 requesters, slots of 12,
# 1000 a day; the queue day has 40 bookings, 12 called). The caches keep
# entries for 10 minutes instead of 2 s (LOKET_CACHE_TTL_MS): under
# callgrind 2 s is a few hundred requests, not the tens of thousands of a
# real run. "mixed, per phone read" takes out the writer thread and the
# other 40 bookings' share of the rest at the book phase's figure.
# Usage: bench/appointments_instr.sh [OUTDIR]   (keeps the callgrind files
# there for callgrind_annotate); bench/appointments_instr.sh --report OUTDIR
# prints the table of an earlier run again.
set -euo pipefail
cd "$(dirname "$0")/.."
# report DIR: the table from the callgrind files of a run. Instructions of
# a dump: all threads, and the writer thread (inclusive cost of its start
# routine).
report() {
    local dir=$1 n p f
    n=$(cat "$dir/bookings")
    total() { awk '/^summary:|^totals:/ {print $2; exit}' "$1"; }
    writer() {
        callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
            awk '/src\/svc\/writer\.c:writer / {gsub(",", "", $1); print ($1 == "." ? 0 : $1); exit}' || true
    }
    cat "$dir/answers"
    printf '%-10s %14s %14s %9s %12s\n' phase 'all threads' writer requests 'per request'
    declare -A T W
    for p in book phones displays mixed holders; do
        f=$(grep -l "^desc: Trigger: dump $p\$" "$dir"/callgrind.out.* | head -n 1 || true)
        [ -n "$f" ] || { T[$p]=0; W[$p]=0; continue; } # a run from before the phase
        T[$p]=$(total "$f")
        W[$p]=$(writer "$f")
        W[$p]=${W[$p]:-0}
    done
    row() {
        printf '%-10s %14d %14d %9d %12.0f\n' "$1" "${T[$1]}" "${W[$1]}" "$2" \
            "$(awk -v t="${T[$1]}" -v n="$2" 'BEGIN{print t/n}')"
    }
    row book "$n"
    row phones 2000
    row displays 2000
    row mixed 2040
    [ "${T[holders]}" = 0 ] || row holders 2000
    awk -v b="${T[book]}" -v bw="${W[book]}" -v n="$n" -v m="${T[mixed]}" -v mw="${W[mixed]}" 'BEGIN {
        printf "per booking: %.0f instructions (writer thread %.0f)\n", b / n, bw / n
        printf "mixed, per phone read (bookings taken out): %.0f\n", (m - mw - 40 * (b - bw) / n) / 2000 }'
    echo "callgrind files: $dir"
}
if [ "${1:-}" = --report ]; then
    report "$2"
    exit 0
fi
out=${1:-}
nbook=${BENCH_BOOKINGS:-600}
for tool in valgrind callgrind_control callgrind_annotate curl python3 ninja; do
    command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
ninja -C build >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loket-appt-instr.XXXXXX")
[ -n "$out" ] || out=$tmp/cg
mkdir -p "$out"
spid=
cleanup() { [ -z "$spid" ] || kill "$spid" 2>/dev/null || true; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

build/loket init --demo --data-dir "$tmp/data" >/dev/null 2>&1
export BENCH_TOKENS="$tmp/tokens"
BENCH_SERVICE=$(python3 bench/appt_setup.py "$tmp/data" 3000 "$BENCH_TOKENS" 12 1000)
export BENCH_SERVICE
rm -f "$out"/callgrind.out.*
LOKET_CACHE_TTL_MS=600000 LOKET_ACCESS_LOG=false LOKET_BACKUP_HOUR=-1 valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$out/callgrind.out.%p" build/loket serve --data-dir "$tmp/data" \
    --listen "127.0.0.1:$port" 2>"$tmp/server.log" >/dev/null &
spid=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
api="http://127.0.0.1:$port/api/v1"
days=$(python3 - "$api" "$BENCH_SERVICE" "$(head -n 1 "$BENCH_TOKENS")" <<'PY'
import datetime, json, subprocess, sys
api, sid, tok = sys.argv[1:4]
day = datetime.date.today() + datetime.timedelta(days=1)
out = subprocess.run(['curl', '-sf', '-H', 'Authorization: Bearer ' + tok,
                      '%s/services/%s/availability?from=%s&to=%s'
                      % (api, sid, day, day + datetime.timedelta(days=60))],
                     capture_output=True, check=True).stdout
print(' '.join(d['date'] for d in json.loads(out)['days'] if d['open'])[:11 * 30])
PY
)
read -r -a D <<<"$days"
qday=${D[0]} mday=${D[1]}
book_days=$(IFS=,; echo "${D[*]:2:20}")
client() { python3 bench/appt_instr_client.py "http://127.0.0.1:$port" "$@"; }
# the queue day: 40 bookings (persons 2900..), the first 12 called
client book 40 4 "$qday" 2900 >/dev/null
staff=$(tail -n 1 "$BENCH_TOKENS")
for _ in $(seq 12); do
    curl -sf -o /dev/null -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' \
        -d "{\"date\":\"$qday\"}" "$api/services/$BENCH_SERVICE/queue/next"
done
export BENCH_QUEUE_PATH="/api/v1/services/$BENCH_SERVICE/queue?date=$qday"
# warm-up (caches, statements, the kept queue copy), not counted
client book 100 16 "$book_days" 2000 >/dev/null
client read 1000 16 1000 >/dev/null
callgrind_control -i on "$spid" >/dev/null
# phase NAME CMD...: runs the client with counters from zero, then dumps
phase() {
    local name=$1
    shift
    callgrind_control -z "$spid" >/dev/null
    echo "$name: $(client "$@")" >>"$tmp/answers"
    callgrind_control -d "$name" "$spid" >/dev/null
}
phase book book "$nbook" 16 "$book_days" 0
phase phones read 2000 16 1000
phase displays read 2000 16 2
phase mixed mixed 40 50 "$mday" 1000
phase holders read 2000 16 40 2900
kill "$spid"
wait "$spid" 2>/dev/null || true
spid=
cp "$tmp/answers" "$out/answers"
echo "$nbook" >"$out/bookings"
report "$out"
