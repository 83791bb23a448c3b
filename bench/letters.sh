#!/usr/bin/env bash
# Bulk partner letters (issue #17): N contracts (default 1000) of one month
# as one PDF and as a ZIP of one PDF per letter, through the export jobs
# (POST /api/v1/exports {"report":"letters"}). Prints per format: wall time
# from the POST to "done", letters per second, the server's CPU
# seconds (/proc, independent of other load on the shared cores), the
# server's peak RSS sampled every 50 ms (and its VmHWM), and the file size.
# Each run issues the letters first (numbers, in the same transactions as
# the letter rows), so the PDF run includes issuing and the ZIP run, on the
# same letters, finds them issued. Goal: >= 200 letters/s, RSS < 100 MB.
# Usage: bench/letters.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
ninja -C build >/dev/null
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
build/loket init --demo --data-dir "$tmp" >/dev/null 2>&1
act=$(python3 bench/gen_letters.py "$tmp" "$n")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
LOKET_DATA_DIR=$tmp LOKET_ACCESS_LOG=false build/loket serve --listen 127.0.0.1:$port \
    >"$tmp/server.log" 2>&1 &
spid=$!
pids+=("$spid")
for _ in $(seq 200); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.05; done
csrf=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
    -d '{"login":"admin@demo.test","password":"loket-demo"}' "$url/api/v1/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
pcpu() { # CPU seconds of the whole server: the export thread and the
    # threads it starts to draw letters (which are gone when it is done)
    awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$spid/stat"
}
echo "$n contracts (partners with 1-2 assignments each), $(nproc) cores, $(date -u +%FT%TZ)"
for fmt in pdf zip; do
    e0=$(pcpu)
    t0=$(date +%s.%N)
    job=$(curl -s -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d "{\"report\":\"letters\",\"format\":\"$fmt\",\"filters\":{\"activity_id\":$act,\"kind\":\"contract\",\"date\":\"2025-03-31\"}}" \
        "$url/api/v1/exports" | tee "$tmp/post.json" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("id", ""))')
    [ -n "$job" ] || { echo "  $fmt: $(cat "$tmp/post.json")"; exit 1; }
    peak=0
    while :; do
        r=$(awk '/VmRSS/ {print $2}' "/proc/$spid/status")
        [ "$r" -gt "$peak" ] && peak=$r
        st=$(curl -s -b "$tmp/jar" "$url/api/v1/exports/$job" \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
        [ "$st" = done ] || [ "$st" = failed ] && break
        sleep 0.05
    done
    t1=$(date +%s.%N)
    e1=$(pcpu)
    [ "$st" = done ] || { echo "  $fmt: job $st"; cat "$tmp/server.log"; exit 1; }
    curl -s -o "$tmp/out.$fmt" -b "$tmp/jar" "$url/api/v1/exports/$job/file"
    size=$(stat -c %s "$tmp/out.$fmt")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$spid/status")
    awk -v n="$n" -v a="$t0" -v b="$t1" -v c0="$e0" -v c1="$e1" -v p="$peak" -v h="$hwm" -v s="$size" -v f="$fmt" \
        'BEGIN { w = b - a; c = c1 - c0; printf "  %-4s %5d letters  wall %5.2f s %6.0f letters/s  CPU %5.2f s %6.0f letters/CPU-s  peak RSS %3d MB (VmHWM %3d MB)  file %5.1f MB\n",
                 f, n, w, n / w, c, (c > 0 ? n / c : 0), p / 1024, h / 1024, s / 1048576 }'
    rm -f "$tmp/out.$fmt"
done
