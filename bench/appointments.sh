#!/usr/bin/env bash
# Appointment benchmark (issue #16): bookings per second on one hot service
# (bench/appointments_post.lua: every request a different requester with a
# token of their own, the clinic's form) at concurrency 64, the queue /
# "now serving" endpoint (GET /api/v1/services/{id}/queue, requesters' view
# of a day of 40 bookings, bench/appointments_queue.lua) as two waiting-room
# displays poll it (answered from the response cache between commits) and as
# 1000 phones do (each its own answer: mostly built afresh), alone and while
# bookings pour in, each beside a bare libmicrohttpd answer
# (bench/bare_mhd.c, POST and GET) measured in the same round; afterwards
# the bookings are counted per slot and per day against the capacity and
# per person and day (zero overbooking, zero duplicates).
# Usage: bench/appointments.sh      (BENCH_SECONDS=10, BENCH_CONNECTIONS=64,
#   BENCH_ROUNDS=3, BENCH_PEOPLE=20000; the hot service's 5-minute slots hold
#   BENCH_SLOT_CAP=12 and its days BENCH_QUOTA=1000, spread over
#   BENCH_DAYS_PER_RUN=25 open days per booking run and BENCH_DAYS_MIXED=10
#   per run under mixed load; medians of the rounds are shown)
# wrk runs as SCHED_BATCH as in bench/tickets.sh (BENCH_WRK_POLICY=other
# for the default policy).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
rounds=${BENCH_ROUNDS:-3}
people=${BENCH_PEOPLE:-20000}
slot_cap=${BENCH_SLOT_CAP:-12}
quota=${BENCH_QUOTA:-1000}
days_per_run=${BENCH_DAYS_PER_RUN:-25}
case ${BENCH_WRK_POLICY:-batch} in
batch) wrk=(chrt --batch 0 wrk) ;;
other) wrk=(wrk) ;;
*) echo "BENCH_WRK_POLICY must be batch or other" >&2; exit 2 ;;
esac
for tool in wrk curl python3 ninja sqlite3; do
    command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
ninja -C build >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loket-appt-bench.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build/loket init --demo --data-dir "$tmp/data" >/dev/null 2>&1
export BENCH_TOKENS="$tmp/tokens" BENCH_THREADS=2
BENCH_SERVICE=$(python3 bench/appt_setup.py "$tmp/data" "$people" "$BENCH_TOKENS" "$slot_cap" "$quota")
export BENCH_SERVICE
staff_token=$(tail -n 1 "$BENCH_TOKENS")
bp=$(port) lp=$(port)
build/bench/bare_mhd "$bp" & pids+=($!)
LOKET_ACCESS_LOG=false LOKET_BACKUP_HOUR=-1 build/loket serve --data-dir "$tmp/data" \
    --listen "127.0.0.1:$lp" 2>"$tmp/server.log" >/dev/null & pids+=($!)
spid=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$lp/healthz" >/dev/null && break; sleep 0.05; done
api="http://127.0.0.1:$lp/api/v1"

# open days ahead (the demo's working calendar), from the availability answer
days_mixed=${BENCH_DAYS_MIXED:-10}
need=$((1 + rounds * (days_per_run + 2 * days_mixed)))
open_days=$(python3 - "$api" "$BENCH_SERVICE" "$(head -n 1 "$BENCH_TOKENS")" "$need" <<'PY'
import datetime, json, subprocess, sys
api, sid, tok, need = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
day, days = datetime.date.today() + datetime.timedelta(days=1), []
while len(days) < need:
    to = day + datetime.timedelta(days=60)
    out = subprocess.run(['curl', '-sf', '-H', 'Authorization: Bearer ' + tok,
                          '%s/services/%s/availability?from=%s&to=%s' % (api, sid, day, to)],
                         capture_output=True, check=True).stdout
    days += [d['date'] for d in json.loads(out)['days'] if d['open'] and d['remaining'] > 0]
    day = to + datetime.timedelta(days=1)
print(' '.join(days[:need]))
PY
)
read -r -a D <<<"$open_days"
queue_day=${D[0]}
# the day the queue shows: 40 bookings (two polis' worth), the first 12 called
python3 - "$api" "$BENCH_SERVICE" "$queue_day" "$BENCH_TOKENS" <<'PY'
import json, subprocess, sys
api, sid, day, toks = sys.argv[1], sys.argv[2], sys.argv[3], open(sys.argv[4]).read().split()
def call(tok, path, body):
    out = subprocess.run(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '-H',
                          'Authorization: Bearer ' + tok, '-H', 'Content-Type: application/json',
                          '-d', json.dumps(body), api + path], capture_output=True, text=True)
    return out.stdout
for i in range(40):
    body = {'service_id': int(sid), 'date': day, 'answers': {
        'nama': 'Pasien %d' % i, 'nik': '3174%012d' % i, 'usia': 30, 'tanggal_lahir': '1990-01-01',
        'keluhan': 'Kontrol'}}
    assert call(toks[-2 - i], '/bookings', body) == '201', 'seeding the queue day failed'
for i in range(12):
    assert call(toks[-1], '/services/%s/queue/next' % sid, {'date': day}) == '200'
PY
queue_token=$(sed -n 3p "$BENCH_TOKENS")
echo 'wrk.method = "POST"; wrk.body = "{}"' >"$tmp/post.lua"
export BENCH_QUEUE_PATH="/api/v1/services/$BENCH_SERVICE/queue?date=$queue_day"
queue_url="http://127.0.0.1:$lp$BENCH_QUEUE_PATH"
curl -sf -H "Authorization: Bearer $queue_token" "$queue_url" >"$tmp/queue.json"
python3 -c 'import json,sys; q=json.load(open(sys.argv[1])); assert q["now_serving"] == 12 and len(q["items"]) == 40, q' "$tmp/queue.json"

count() { sqlite3 "$tmp/data/loket.db" "SELECT count(*) FROM bookings WHERE status != 'cancelled'"; }
# run OUTFILE ARGS... — one wrk run; prints "req/s p99ms non2xx"
parse() {
    local out=$1 rps p99 bad
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "sock"}' <<<"$out" | tr '\n' ' ')
    echo "$rps $p99 ${bad:-0}"
}
wrk_run() { "${wrk[@]}" -t2 -c"$1" -d"${secs}s" --latency "${@:2}"; }
declare -A R P B C
add() { R[$1]+="$2 "; P[$1]+="$3 "; [ "$4" = 0 ] || B[$1]+="$4 "; }
# CPU time (ms) the server, and its group-commit writer thread, used so far.
# Per booking or read it does not depend on the share of the cores the
# server got, which on a shared machine moves more than any change does.
tick=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' "$1"; }
srv_ms() { cpu_ms "/proc/$spid/stat"; }
wr_ms() {
    local t
    for t in /proc/"$spid"/task/*; do
        [ "$(cat "$t/comm")" = loket-writer ] && { cpu_ms "$t/stat"; return; }
    done
    echo 0
}
# cpu TARGET MS COUNT: microseconds per item
cpu() { [ "${3:-0}" -gt 0 ] && C[$1]+="$(awk -v m="$2" -v n="$3" 'BEGIN{printf "%.0f", m*1000/n}') "; return 0; }
requests() { awk '/requests in/ {print $1}' <<<"$1"; }
di=1
next_days() { BENCH_DAYS=$(IFS=,; echo "${D[*]:di:$1}"); di=$((di + $1)); export BENCH_DAYS; }
# book TARGET CONNS — a booking run; the rate is the bookings made (rows), not the answers
book() {
    local before out made s0 w0
    before=$(count) s0=$(srv_ms) w0=$(wr_ms)
    out=$(wrk_run "$2" -s bench/appointments_post.lua "$api/bookings")
    made=$(( $(count) - before ))
    cpu "$1" $(( $(srv_ms) - s0 )) "$made"
    cpu "$1w" $(( $(wr_ms) - w0 )) "$made"
    read -r r p b < <(parse "$out")
    add "$1" "$(awk -v m="$made" -v s="$secs" 'BEGIN{print m/s}')" "$p" "$b"
    add "$1req" "$r" "$p" "$b"
}
# queue TARGET CONNS READERS — queue reads by READERS different requesters
queue() {
    export BENCH_READERS=$3
    local out s0 w0
    s0=$(srv_ms) w0=$(wr_ms)
    out=$(wrk_run "$2" -s bench/appointments_queue.lua "$queue_url")
    # outside the writer: the reads (under load also the bookings' HTTP side)
    cpu "$1" $(( $(srv_ms) - s0 - $(wr_ms) + w0 )) "$(requests "$out")"
    read -r r p b < <(parse "$out")
    add "$1" "$r" "$p" "$b"
}
# mixed NAME READERS — bookings and queue reads at once, half the connections each
mixed() {
    next_days "$days_mixed"
    local before made
    before=$(count)
    wrk_run $((conns / 2)) -s bench/appointments_post.lua "$api/bookings" >"$tmp/mixed_book" &
    local wpid=$!
    queue "mq$1" $((conns / 2)) "$2"
    wait "$wpid"
    made=$(( $(count) - before ))
    read -r r p b < <(parse "$(cat "$tmp/mixed_book")")
    add "mb$1" "$(awk -v m="$made" -v s="$secs" 'BEGIN{print m/s}')" "$p" "$b"
}
for ((k = 1; k <= rounds; k++)); do
    read -r r p b < <(parse "$(wrk_run "$conns" -s "$tmp/post.lua" "http://127.0.0.1:$bp/")")
    add bpost "$r" "$p" "$b"
    next_days "$days_per_run"
    book book "$conns"
    read -r r p b < <(parse "$(wrk_run "$conns" "http://127.0.0.1:$bp/")")
    add bget "$r" "$p" "$b"
    queue qdisplay "$conns" 2
    queue qphones "$conns" 1000
done
# under load: after the rounds above, so their bookings are all in
for ((k = 1; k <= rounds; k++)); do
    mixed display 2
    mixed phones 1000
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # label target [baseline]
    local r p; r=$(median "${R[$2]}"); p=$(median "${P[$2]}")
    printf '%-44s %9.0f %9.2f %8s %s\n' "$1" "$r" "$p" \
        "$([ -n "${3:-}" ] && ratio "$r" "$(median "${R[$3]}")" || echo 1.00)" "${B[$2]:-0}"
}
echo "wrk -t2 -c$conns -d${secs}s, median of $rounds rounds, $(nproc) cores, $people requesters, slots of $slot_cap, $quota a day, $days_per_run days a run, $(date -u +%FT%TZ)"
printf '%-44s %9s %9s %8s %s\n' target 'per s' 'p99 ms' 'vs bare' 'non-2xx'
row 'bare POST' bpost
row 'bookings made (201), c=64' book bpost
row 'POST /api/v1/bookings answers, c=64' bookreq bpost
row 'bare GET' bget
row 'GET queue, 2 readers (displays), c=64' qdisplay bget
row 'GET queue, 1000 readers (phones), c=64' qphones bget
row 'GET queue, 2 readers, during bookings, c=32' mqdisplay bget
row '  bookings made meanwhile, c=32' mbdisplay bpost
row 'GET queue, 1000 readers, during bookings' mqphones bget
row '  bookings made meanwhile, c=32' mbphones bpost
echo "per round: bare POST ${R[bpost]}| bookings ${R[book]}| bare GET ${R[bget]}| queue displays ${R[qdisplay]}| phones ${R[qphones]}"
echo "under load: queue displays ${R[mqdisplay]}| phones ${R[mqphones]}"
cm() { [ -n "${C[$1]:-}" ] && median "${C[$1]}" || echo -; }
echo "server CPU, median us: per booking $(cm book) (writer $(cm bookw)); per queue read: displays $(cm qdisplay), phones $(cm qphones); outside the writer per queue read during bookings: displays $(cm mqdisplay), phones $(cm mqphones)"
# zero overbooking: places per slot and per day against the capacity
sqlite3 "$tmp/data/loket.db" <<SQL
.mode list
SELECT 'bookings ' || count(*) || ', days ' || count(DISTINCT day) || ', slots ' || count(DISTINCT slot_start)
  FROM bookings WHERE service_id = $BENCH_SERVICE AND status != 'cancelled';
SELECT 'largest slot ' || max(n) || ' of capacity ' || (SELECT capacity_per_slot FROM schedules WHERE service_id = $BENCH_SERVICE)
  || ', slots full ' || sum(n = (SELECT capacity_per_slot FROM schedules WHERE service_id = $BENCH_SERVICE))
  || ', slots over capacity ' || sum(n > (SELECT capacity_per_slot FROM schedules WHERE service_id = $BENCH_SERVICE))
  FROM (SELECT count(*) AS n FROM bookings WHERE service_id = $BENCH_SERVICE AND status != 'cancelled' GROUP BY day, slot_start);
SELECT 'largest day ' || max(n) || ' of quota ' || (SELECT daily_quota FROM schedules WHERE service_id = $BENCH_SERVICE)
  || ', days over quota ' || sum(n > (SELECT daily_quota FROM schedules WHERE service_id = $BENCH_SERVICE))
  FROM (SELECT count(*) AS n FROM bookings WHERE service_id = $BENCH_SERVICE AND status != 'cancelled' GROUP BY day);
SELECT 'same person twice on a day ' || count(*) FROM (SELECT 1 FROM bookings WHERE status != 'cancelled'
  GROUP BY service_id, day, requester_id HAVING count(*) > 1);
SELECT 'tickets without their booking ' || count(*) FROM tickets t WHERE t.booking = 1
  AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.ticket_id = t.id);
SELECT 'integrity_check (CHECK constraints too) ' || group_concat(integrity_check, '; ')
  FROM pragma_integrity_check;
SELECT 'rows without their parent (foreign_key_check) ' || count(*) FROM pragma_foreign_key_check;
SQL
echo "server peak RSS: $(( $(awk '/VmHWM/ {print $2}' "/proc/$spid/status") / 1024 )) MB"
