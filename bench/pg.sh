#!/usr/bin/env bash
# Issue 19's benchmark: ticket creation (POST), get by number and a list page
# through HAProxy with one and with two `loket serve` nodes on PostgreSQL,
# against one node on SQLite (also behind HAProxy), same data set, one run.
# Also the CPU each request costs on the nodes and on PostgreSQL (utime +
# stime of the server processes and of every process of the cluster, from
# /proc/<pid>/stat, over each wrk run, divided by its requests).
# Usage: bench/pg.sh [N_TICKETS]   (default 100000; the SQLite data set is
# cached in $BENCH_DATA, default /tmp/loket-bench-N, copied fresh per run
# and loaded into PostgreSQL by bench/pg_load.py)
# The PostgreSQL cluster is private (tests/pg/cluster.sh in $BENCH_PG_DIR,
# default /tmp/loket-bench-pg, port $BENCH_PG_PORT, default 55447), started
# with LOKET_PG_DURABLE=1: fsync=on, synchronous_commit=on,
# full_page_writes=on: a ticket acknowledged is on disk, like SQLite's
# synchronous=FULL in WAL mode (src/store/sqlite/). Stopped on exit.
# HAProxy (Debian's haproxy) has one frontend for SQLite, one for one
# PostgreSQL node and one for two; every port is one free at start.
# wrk runs at the default scheduling policy (SCHED_OTHER). BENCH_ROUNDS=0
# prints the statements per creation only (no wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
rounds=${BENCH_ROUNDS:-3}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgdir=${BENCH_PG_DIR:-/tmp/loket-bench-pg}
pgport=${BENCH_PG_PORT:-55447}
command -v haproxy >/dev/null || { echo "pg.sh: haproxy missing (apt-get install haproxy)" >&2; exit 2; }
cache=${BENCH_DATA:-/tmp/loket-bench-$n}
ninja -C build >/dev/null
if [ ! -f "$cache/loket.db" ]; then
    rm -rf "$cache"
    build/loket init --demo --data-dir "$cache" >/dev/null 2>&1
    python3 bench/gen_tickets.py "$cache" "$n"
fi
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null
    LOKET_PG_DIR=$pgdir tests/pg/cluster.sh stop || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
build/loket search-index --data-dir "$cache" >/dev/null
mkdir -p "$tmp/sq" "$tmp/n1" "$tmp/n2"
cp "$cache"/loket*.db "$tmp/sq/"
for w in "$cache"/loket*.db-wal; do [ ! -f "$w" ] || cp "$w" "$tmp/sq/"; done

# PostgreSQL: a durable private cluster, a fresh database with the same rows
LOKET_PG_DIR=$pgdir LOKET_PG_PORT=$pgport LOKET_PG_DURABLE=1 tests/pg/cluster.sh stop || true
LOKET_PG_DIR=$pgdir LOKET_PG_PORT=$pgport LOKET_PG_DURABLE=1 tests/pg/cluster.sh start
admin="postgresql://loket@127.0.0.1:$pgport/postgres"
url="postgresql://loket@127.0.0.1:$pgport/loketbench"
psql -qAt "$admin" -c 'DROP DATABASE IF EXISTS loketbench' -c 'CREATE DATABASE loketbench' >/dev/null
LOKET_DB_URL=$url build/loket init --data-dir "$tmp/n1" >/dev/null 2>&1
psql -qAt "$url" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null
python3 bench/pg_load.py "$tmp/sq/loket.db" "$url"
sync
postmaster=$(head -1 "$pgdir/data/postmaster.pid")

# ports free now (a fixed range collided with other processes' ports)
base=$(port); h1=$(port); h2=$(port); sq=$(port); n1=$(port); n2=$(port)
# HAProxy is a trusted proxy (docs/multinode.md): without that, a node
# refused HAProxy's 129th connection (max_connections_per_addr) with 503
serve() { # port data-dir [db url]
    env LOKET_ACCESS_LOG=false LOKET_BACKUP_HOUR=-1 LOKET_TRUSTED_PROXIES=127.0.0.1 ${3:+LOKET_DB_URL=$3} \
        build/loket serve --data-dir "$2" --listen "127.0.0.1:$1" 2>"$2/server.log" >/dev/null &
}
serve "$sq" "$tmp/sq"; pids+=($!); sqpid=$!
serve "$n1" "$tmp/n1" "$url"; pids+=($!); n1pid=$!
serve "$n2" "$tmp/n2" "$url"; pids+=($!); n2pid=$!
cat >"$tmp/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
backend sq
    server s 127.0.0.1:$sq check inter 2s
backend pg1
    server a 127.0.0.1:$n1 check inter 2s
backend pg2
    balance roundrobin
    server a 127.0.0.1:$n1 check inter 2s
    server b 127.0.0.1:$n2 check inter 2s
frontend fsq
    bind 127.0.0.1:$base
    default_backend sq
frontend fpg1
    bind 127.0.0.1:$h1
    default_backend pg1
frontend fpg2
    bind 127.0.0.1:$h2
    default_backend pg2
CFG
haproxy -f "$tmp/haproxy.cfg" -db >"$tmp/haproxy.log" 2>&1 & pids+=($!); hapid=$!
for p in "$sq" "$n1" "$n2" "$base" "$h1" "$h2"; do
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.05; done
    curl -sf "http://127.0.0.1:$p/healthz" >/dev/null || { echo "pg.sh: nothing answers on $p" >&2; tail "$tmp"/*/server.log "$tmp/haproxy.log" >&2; exit 1; }
done
token() { # port: a bearer token of admin@demo.test
    local csrf
    csrf=$(curl -s -c "$tmp/jar$1" -H 'Content-Type: application/json' \
        -d '{"login":"admin@demo.test","password":"loket-demo"}' "http://127.0.0.1:$1/api/v1/auth/login" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
    curl -s -b "$tmp/jar$1" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d '{"name":"bench"}' "http://127.0.0.1:$1/api/v1/tokens" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
sqtoken=$(token "$sq")
pgtoken=$(token "$n1")
# GET by number: numbers 1..m in every year the data set has (m: the smallest year's count)
read -r gmax gyears < <(sqlite3 "$tmp/sq/loket.db" \
    "SELECT min(last), group_concat(year, ',') FROM ticket_counters" | tr '|' ' ')
export BENCH_GET_MAX=$gmax BENCH_GET_YEARS=$gyears
echo "wrk.headers['Authorization'] = 'Bearer ' .. os.getenv('LOKET_TOKEN')" >"$tmp/auth.lua"

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pgticks() { # every process of the cluster: the postmaster and its children
    local s=0 p
    for p in /proc/[0-9]*; do
        read -r -a st <"$p/stat" 2>/dev/null || continue
        # the command may hold spaces: count fields from the end (ppid = field 4)
        [ "${p#/proc/}" = "$postmaster" ] || [ "${st[3]}" = "$postmaster" ] || continue
        s=$((s + st[13] + st[14]))
    done 2>/dev/null
    echo "$s"
}
run() { # label args...: prints rps p99 bad requests
    local out rps p99 bad reqs
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
    bad=$(awk '/Non-2xx/ {s+=$NF} /Socket errors/ {for (i=4;i<=NF;i+=2) {v=$i; gsub(/,/,"",v); s+=v}} END {print s+0}' <<<"$out")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $p99 $bad $reqs"
}
declare -A R P B C D H
# CPU ms per request: c_node (the nodes that served), c_pg (the cluster), c_ha (haproxy)
measure() { # key port lua-or-url-args...
    local key=$1 port=$2; shift 2
    local a1 a2 a3 b1 b2 b3 ha1 ha2 rps p99 bad reqs
    a1=$(ticks "$sqpid"); a2=$(( $(ticks "$n1pid") + $(ticks "$n2pid") )); a3=$(pgticks); ha1=$(ticks "$hapid")
    read -r rps p99 bad reqs < <(run "$@")
    b1=$(ticks "$sqpid"); b2=$(( $(ticks "$n1pid") + $(ticks "$n2pid") )); b3=$(pgticks); ha2=$(ticks "$hapid")
    R[$key]+="$rps "; P[$key]+="$p99 "; B[$key]+="$bad "
    local node=$((b2 - a2)); [ "$port" = "$base" ] && node=$((b1 - a1))
    C[$key]+="$(awk -v t="$node" -v r="$reqs" -v hz="$hz" 'BEGIN {printf "%.3f", r ? t * 1000 / hz / r : 0}') "
    D[$key]+="$(awk -v t="$((b3 - a3))" -v r="$reqs" -v hz="$hz" 'BEGIN {printf "%.3f", r ? t * 1000 / hz / r : 0}') "
    H[$key]+="$(awk -v t="$((ha2 - ha1))" -v r="$reqs" -v hz="$hz" 'BEGIN {printf "%.3f", r ? t * 1000 / hz / r : 0}') "
}
# statements per creation, from the server side: 200 creations one after the
# other on one node (one ticket per group-commit batch), pg_stat_statements
# (top-level statements: each string the driver sends; "BEGIN; SELECT
# pg_advisory_xact_lock(..)" is one round trip holding two)
stmts() {
    psql -qAt "$url" -c 'SELECT pg_stat_statements_reset()' >/dev/null
    local t0 t1; t0=$(pgticks)
    for i in $(seq 200); do
        curl -sf -o /dev/null -H "Authorization: Bearer $pgtoken" -H 'Content-Type: application/json' \
            -d "{\"title\":\"Hitung $i\",\"description\":\"pernyataan per tiket\",\"service_id\":1,\"priority\":\"normal\"}" \
            "http://127.0.0.1:$n1/api/v1/tickets"
    done
    t1=$(pgticks)
    echo "statements per creation (200 sequential POSTs on one node, pg_stat_statements), PostgreSQL CPU $(awk -v t=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.3f", t * 1000 / hz / 200}') ms per creation:"
    psql -qAt -F ' ' "$url" -c "SELECT round(sum(calls) / 200.0, 2), round((sum(total_exec_time) / 200)::numeric, 3) || ' ms'
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
    psql -qAt -F ' | ' "$url" -c "SELECT round(calls / 200.0, 2), round((total_exec_time / 200)::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY calls DESC, total_exec_time DESC LIMIT 25"
}
stmts
# BENCH_ROUNDS=0: the statement count only, no wrk
[ "$rounds" -gt 0 ] || exit 0
for ((k = 1; k <= rounds; k++)); do
    for db in sq pg1 pg2; do
        case $db in sq) port=$base tok=$sqtoken ;; pg1) port=$h1 tok=$pgtoken ;; pg2) port=$h2 tok=$pgtoken ;; esac
        export LOKET_TOKEN=$tok
        measure "$db.post" "$port" -s bench/tickets_post.lua "http://127.0.0.1:$port/api/v1/tickets"
        measure "$db.get" "$port" -s bench/pg_get.lua "http://127.0.0.1:$port/"
        measure "$db.list" "$port" -s "$tmp/auth.lua" "http://127.0.0.1:$port/api/v1/tickets?status=in_progress&unit_id=3&per_page=50"
    done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
sum() { tr ' ' '\n' <<<"$1" | grep . | awk '{s+=$1} END {print s+0}'; }
echo "$n tickets, wrk -t2 -c$conns -d${secs}s (SCHED_OTHER), median of $rounds rounds, $(nproc) cores, through HAProxy $(haproxy -v | awk 'NR==1 {print $3}'), $(date -u +%FT%TZ)"
echo "PostgreSQL $(psql -qAt "$url" -c 'SHOW server_version'): fsync=$(psql -qAt "$url" -c 'SHOW fsync'), synchronous_commit=$(psql -qAt "$url" -c 'SHOW synchronous_commit'); SQLite: WAL, the driver's synchronous setting"
printf '%-12s %-10s %9s %8s %8s %11s %9s %9s\n' target store 'req/s' 'p99 ms' non-2xx 'node ms/req' 'pg ms/req' 'ha ms/req'
for t in post get list; do
    for db in sq pg1 pg2; do
        k=$db.$t
        printf '%-12s %-10s %9.0f %8.2f %8d %11.3f %9.3f %9.3f\n' "$t" \
            "$(case $db in sq) echo sqlite ;; pg1) echo 'pg 1 node' ;; pg2) echo 'pg 2 nodes' ;; esac)" \
            "$(median "${R[$k]}")" "$(median "${P[$k]}")" "$(sum "${B[$k]}")" \
            "$(median "${C[$k]}")" "$(median "${D[$k]}")" "$(median "${H[$k]}")"
    done
done
r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "creation, PostgreSQL 1 node / SQLite: req/s $(r "$(median "${R[pg1.post]}")" "$(median "${R[sq.post]}")"), p99 $(r "$(median "${P[pg1.post]}")" "$(median "${P[sq.post]}")"), failures $(sum "${B[pg1.post]}") vs $(sum "${B[sq.post]}") (goal: >= 0.50, 0, p99 < 50 ms)"
echo "req/s per round: sqlite POST ${R[sq.post]}| pg1 POST ${R[pg1.post]}| pg2 POST ${R[pg2.post]}"
