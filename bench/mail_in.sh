#!/usr/bin/env bash
# Email in throughput (issue #4): messages parsed and filed per second.
#  1. in process: bench/mail_bench parses, then files, N corpus messages that
#     open tickets (fresh Message-ID each), one transaction per message;
#  2. as an MTA delivers: M separate `loket mail-in` processes, one message each.
# Usage: bench/mail_in.sh [N] [M]   (defaults 2000 and 200)
#   BENCH_DB=PATH  file into a copy of this database (e.g. the million-ticket
#                  one of bench/tickets.sh) instead of fresh demo data
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
m=${2:-200}
ninja -C build >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ -n "${BENCH_DB:-}" ]; then
    cp "$BENCH_DB" "$tmp/loket.db"
    build/loket init --data-dir "$tmp" >/dev/null 2>&1
else
    build/loket init --demo --data-dir "$tmp" >/dev/null 2>&1
fi
files=(tests/data/mail/01_gmail_new.eml tests/data/mail/02_outlook_html_only.eml
       tests/data/mail/06_latin1_base64_unknown.eml tests/data/mail/07_cp1252_qp.eml
       tests/data/mail/08_nested_inline_image.eml tests/data/mail/09_forward_attached.eml
       tests/data/mail/10_forward_inline.eml)
echo "== in process: build/bench/mail_bench $tmp $n (${#files[@]} corpus messages in turn)"
build/bench/mail_bench "$tmp" "$n" "${files[@]}"
echo "== one process per message: $m x loket mail-in"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
start=$(date +%s.%N)
for i in $(seq "$m"); do
    f=${files[$((i % ${#files[@]}))]}
    { printf 'Message-ID: <pipe-%s-%d@bench>\n' "$$" "$i"; grep -vi '^Message-ID:' "$f"; } |
        LOKET_DATA_DIR="$tmp" build/loket mail-in >/dev/null
done
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); \
print('%d messages in %.2f s = %.0f msg/s' % (n, s, n/s))" "$start" "$end" "$m"
echo "tickets in the database: $(sqlite3 "$tmp/loket.db" 'SELECT count(*) FROM tickets' 2>/dev/null || echo '?')"
