#!/usr/bin/env bash
# Automation rules benchmark (issue #22 item 1): ticket creation
# (POST /api/v1/tickets, bench/tickets_post.lua) on a server with 50 active
# trigger rules on "created" against the same data without any, in the same
# run, rounds alternating. Goal: the rules cost at most 20 % of the creation
# throughput (ratio >= 0.80). Of the 50 rules 48 do not match the generated
# tickets (other services, words the titles lack, ratings, outside hours on a
# calendar open all day) and 2 do (a tag, a priority), so both the matching
# and the acting are measured.
# Usage: bench/automation.sh [N_TICKETS]   (default 100000 generated tickets,
# bench/gen_tickets.py, cached in $BENCH_DATA, default /tmp/loket-bench-N;
# 0 = the demo data alone). BENCH_SECONDS (10), BENCH_ROUNDS (3),
# BENCH_CONNECTIONS (64), BENCH_WRK_POLICY (batch) as in bench/tickets.sh;
# BENCH_MATCHING (2, at most 2): how many of the 50 rules act on every ticket
# (0 measures the matching alone).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
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
    [ "$n" = 0 ] || python3 bench/gen_tickets.py "$cache" "$n"
fi
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
build/loket search-index --data-dir "$cache" >/dev/null
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME: a server on a fresh copy of the data set; sets port_NAME, token_NAME
start() {
    local d="$tmp/$1" p; p=$(port)
    mkdir -p "$d"
    cp "$cache"/loket*.db "$d/"
    for w in "$cache"/loket*.db-wal; do [ ! -f "$w" ] || cp "$w" "$d/"; done
    LOKET_ACCESS_LOG=false LOKET_BACKUP_HOUR=-1 build/loket serve --data-dir "$d" \
        --listen "127.0.0.1:$p" 2>"$d/server.log" >/dev/null & pids+=($!)
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.05; done
    local csrf
    csrf=$(curl -s -c "$d/jar" -H 'Content-Type: application/json' \
        -d '{"login":"admin@demo.test","password":"loket-demo"}' "http://127.0.0.1:$p/api/v1/auth/login" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
    printf -v "port_$1" %s "$p"
    printf -v "csrf_$1" %s "$csrf"
    printf -v "token_$1" %s "$(curl -s -b "$d/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d '{"name":"bench"}' "http://127.0.0.1:$p/api/v1/tokens" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
}
start none
start rules
sync

# 50 trigger rules on the second server, through the API as an admin writes them
python3 - "http://127.0.0.1:$port_rules" "$token_rules" "${BENCH_MATCHING:-2}" <<'PY'
import json, sys, urllib.error, urllib.request
base, token, matching = sys.argv[1], sys.argv[2], int(sys.argv[3])
def call(method, path, body=None):
    r = urllib.request.Request(base + '/api/v1' + path, method=method,
                               data=json.dumps(body).encode() if body is not None else None,
                               headers={'Authorization': 'Bearer ' + token,
                                        'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(r) as f:
            return json.load(f)
    except urllib.error.HTTPError as e:
        sys.exit('%s %s: %d %s' % (method, path, e.code, e.read().decode()))
services = [s['id'] for s in call('GET', '/services?per_page=200')['items']]
other = [s for s in services if s != 1] or [1]
cal = call('POST', '/calendars', {'name': 'Bench 24 jam', 'timezone': 'Asia/Jakarta',
                                  'work_days': '1,2,3,4,5,6,7', 'work_start': '00:00',
                                  'work_end': '23:59'})['id']
rules = []
for i in range(50 - matching):
    kind = i % 4
    cond = ({'service_ids': [other[i % len(other)]]} if kind == 0 else
            {'words': ['kata-unik-%d' % i, 'tidak-ada-%d' % i]} if kind == 1 else
            {'rating_max': 2} if kind == 2 else
            {'outside_hours': True, 'calendar_id': cal, 'channels': ['web', 'email']})
    rules.append({'name': 'bench %d' % i, 'events': ['created'], 'conditions': cond,
                  'actions': [{'type': 'add_tags', 'tags': ['berulang']},
                              {'type': 'notify', 'to': 'admins', 'message': 'bench'}]})
acting = [{'name': 'bench tag', 'events': ['created'], 'conditions': {'service_ids': [1]},
           'actions': [{'type': 'add_tags', 'tags': ['jaringan']}]},
          {'name': 'bench priority', 'events': ['created'],
           'conditions': {'service_ids': [1], 'words': ['aplikasi']},
           'actions': [{'type': 'set_priority', 'priority_id': 3}]}]
rules += acting[:matching]
for r in rules:
    call('POST', '/automation/rules', r)
on = sum(1 for r in call('GET', '/automation/rules')['items'] if r['enabled'])
print('server with rules: %d rules enabled' % on, file=sys.stderr)
PY

run() {
    local out; out=$("${wrk[@]}" -t2 -c"$conns" -d"${secs}s" --latency "$@")
    local rps p99 bad
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "sock"}' <<<"$out" | tr '\n' ' ')
    echo "$rps $p99 ${bad:-0}"
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
declare -A R P B
for ((k = 1; k <= rounds; k++)); do
    # alternate which goes first: the machine's speed drifts within a round
    order=(none rules); [ $((k % 2)) = 0 ] && order=(rules none)
    for s in "${order[@]}"; do
        p=port_$s; tk=token_$s
        read -r rps p99 bad < <(LOKET_TOKEN=${!tk} run -s bench/tickets_post.lua "http://127.0.0.1:${!p}/api/v1/tickets")
        R[$s]+="$rps "; P[$s]+="$p99 "
        [ "$bad" = 0 ] || B[$s]+="$bad "
    done
done
rn=$(median "${R[none]}"); rr=$(median "${R[rules]}")
echo "$n tickets, wrk -t2 -c$conns -d${secs}s ($policy policy), median of $rounds rounds, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-40s %10s %9s %s\n' target 'req/s' 'p99 ms' 'non-2xx'
printf '%-40s %10.0f %9.2f %s\n' 'POST /api/v1/tickets, no rules' "$rn" "$(median "${P[none]}")" "${B[none]:-0}"
printf '%-40s %10.0f %9.2f %s\n' 'POST /api/v1/tickets, 50 trigger rules' "$rr" "$(median "${P[rules]}")" "${B[rules]:-0}"
echo "req/s per round: none ${R[none]}| rules ${R[rules]}"
ratio=$(awk -v a="$rr" -v b="$rn" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
acted=$(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute(\"SELECT count(*) FROM ticket_events WHERE kind = 'automation'\").fetchone()[0])" "$tmp/rules/loket.db")
echo "rule actions on the timeline of the server with rules: $acted"
echo "ratio with/without rules: $ratio (goal >= 0.80: rules cost at most 20 %)"
awk -v r="$ratio" 'BEGIN { exit !(r >= 0.80) }' && echo "PASS" || { echo "FAIL"; exit 1; }
