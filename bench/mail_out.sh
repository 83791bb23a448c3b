#!/usr/bin/env bash
# Mail-out benchmark: notifications rendered (template + MIME) and handed to
# an SMTP server per second by the `loket serve` mail worker.
#
# A demo database in a temp dir gets BENCH_MAILS 'ticket_created' outbox
# rows (half Indonesian, half English, non-ASCII titles so subjects need
# RFC 2047); then `loket serve` starts with smtp_url pointing at a local
# aiosmtpd sink (tests/api/smtp_sink.py --discard, Debian's python3-aiosmtpd)
# and the clock runs from the server being up until every row is 'sent'.
# The sink's own count must equal BENCH_MAILS. One worker thread, one SMTP
# connection kept open between messages.
#
# Usage: bench/mail_out.sh     (from the repo root)
#   BENCH_MAILS=2000    rows to send
#   BENCH_DB=PATH       start from a copy of this database (e.g. the
#                       million-ticket one of bench/tickets.sh) instead of
#                       the demo data; its outbox is emptied first (the
#                       SLA sweep at start may queue a few mails more,
#                       which are sent and counted too)
set -euo pipefail
cd "$(dirname "$0")/.."
mails=${BENCH_MAILS:-2000}
[[ $mails =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_MAILS must be a positive integer" >&2; exit 2; }
ninja -C build >/dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/loket-bench-mail.XXXXXX")
sink_pid=''
stop() { # stop PID: TERM the process we started, then reap it
    [ -n "$1" ] || return 0
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() { stop "$sink_pid"; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
smtp_port=$(port)
http_port=$(port)
export LOKET_DATA_DIR=$tmp/data LOKET_ACCESS_LOG=false LOKET_WEB_DIR=$PWD/web
if [ -n "${BENCH_DB:-}" ]; then
    mkdir -p "$tmp/data" && cp "$BENCH_DB" "$tmp/data/loket.db"
    build/loket init >/dev/null 2>&1
    python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); \
d.execute('DELETE FROM outbox'); d.commit()" "$tmp/data/loket.db"
else
    build/loket init --demo >/dev/null 2>&1
fi

python3 - "$tmp/data/loket.db" "$mails" <<'PY'
import json, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time())
rows = []
for i in range(int(sys.argv[2])):
    num = 'LKT-2026-%06d' % (i + 1)
    vars = {'ticket_number': num, 'title': 'Jaringan lantai %d mati — ruang rapat Ü' % i,
            'service': 'Gangguan Jaringan Internet', 'status': 'new', 'status_label': 'Baru',
            'requester_name': 'dr. Maya Lestari', 'requester_nip': '198511032010012005',
            'requester_email': 'requester@demo.test', 'agent': None, 'channel': 'web',
            'link': 'http://localhost:8080/#/tickets/' + num, 'recipient_name': 'Maya',
            'app_name': 'Layanan Terpadu – Diskominfo'}
    rows.append((now, 'requester@demo.test', 'ticket_created', 'en' if i % 2 else 'id',
                 json.dumps(vars), now))
db.executemany("INSERT INTO outbox (created_at, recipient, channel, template, locale, vars,"
               " next_attempt_at) VALUES (?, ?, 'email', ?, ?, ?, ?)", rows)
db.commit()
PY

/usr/bin/python3 tests/api/smtp_sink.py "$smtp_port" "$tmp/sink" --discard >"$tmp/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 100); do grep -q ready "$tmp/sink.log" 2>/dev/null && break; sleep 0.05; done

# The poller starts `loket serve` itself so the clock starts right before
# the server does (startup, ~tens of ms, is included), and stops it by PID.
export LOKET_SMTP_URL=smtp://127.0.0.1:$smtp_port LOKET_OUTBOX_POLL_MS=20
python3 - "$tmp/data/loket.db" "$mails" "$http_port" "$tmp" >"$tmp/result" <<'PY' || { tail "$tmp/server.log" >&2; exit 1; }
import signal, sqlite3, subprocess, sys, time
path, n, port, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
db = sqlite3.connect(path)
log = open(tmp + '/server.log', 'w')
start = time.monotonic()
srv = subprocess.Popen(['build/loket', 'serve', '--listen', '127.0.0.1:' + port],
                       stdout=log, stderr=log)
try:
    while True:
        counts = dict(db.execute("SELECT status, count(*) FROM outbox GROUP BY status")
                      .fetchall())
        if counts.get('failed'):
            sys.exit('failed rows: %d' % counts['failed'])
        if counts.get('sent', 0) >= n:
            break
        if srv.poll() is not None:
            sys.exit('loket serve exited')
        time.sleep(0.005)
    s = time.monotonic() - start
finally:
    srv.send_signal(signal.SIGTERM)
    srv.wait(30)
print('mail out: %d mails rendered and accepted by SMTP in %.2f s = %.0f mails/s '
      '(%.2f ms each, including server start)' % (n, s, n / s, 1000 * s / n))
PY
stop "$sink_pid"; sink_pid=''
received=$(cat "$tmp/sink/count")
if [ -n "${BENCH_DB:-}" ]; then
    [ "$received" -ge "$mails" ] || { echo "sink received $received of $mails" >&2; exit 1; }
    echo "sink received $received mails ($((received - mails)) queued by the server itself)"
else
    [ "$received" -eq "$mails" ] || { echo "sink received $received of $mails" >&2; exit 1; }
fi
cat "$tmp/result"
