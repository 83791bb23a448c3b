#!/usr/bin/env bash
# The live desk's cost (issue #20 point 3, docs/live.md): N open event
# streams (GET /api/v1/events) held against one `loket serve` on loopback,
# and what the server pays for them:
#   - held per node: connections, threads, file descriptors and resident
#     memory with the streams open, against the same server without them;
#   - idle CPU: the server's user+system CPU over BENCH_IDLE_SECONDS while
#     the streams only get heartbeats (LOKET_LIVE_HEARTBEAT_SECONDS);
#   - under events: BENCH_EVENTS comments on a ticket every stream may see
#     (the agents'), the CPU they cost and how long until every stream had
#     each one (median and worst).
# Usage: bench/sse.sh [N_STREAMS]   (default 1000; the streams are held by one
# Python process with plain sockets, so the client is cheap: no curl or
# browser per stream). Loopback only; every loop is bounded in count and time.
# Don't run it while others build on a shared machine: the figures would be
# theirs as much as the server's. A smoke run: bench/sse.sh 100.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
idle=${BENCH_IDLE_SECONDS:-30}
events=${BENCH_EVENTS:-50}
hb=${BENCH_HEARTBEAT_SECONDS:-20}
ninja -C build >/dev/null
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export LOKET_DATA_DIR=$tmp LOKET_ACCESS_LOG=false LOKET_WEB_DIR=$PWD/web
export LOKET_MAX_CONNECTIONS=$((n + 200)) LOKET_MAX_CONNECTIONS_PER_ADDR=0
export LOKET_LIVE_MAX_STREAMS=$((n + 10)) LOKET_LIVE_HEARTBEAT_SECONDS=$hb
build/loket init --demo >/dev/null 2>&1
build/loket serve --listen 127.0.0.1:$port >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$pid" "$n" "$idle" "$events" <<'EOF'
import json, os, resource, selectors, socket, statistics, subprocess, sys, time

port, pid, n, idle, events = (int(x) for x in sys.argv[1:6])
base = 'http://127.0.0.1:%d' % port
resource.setrlimit(resource.RLIMIT_NOFILE, (n + 256, max(n + 256, resource.getrlimit(resource.RLIMIT_NOFILE)[1])))
tick = os.sysconf('SC_CLK_TCK')

def call(method, path, body=None, cookie=None, csrf=None):
    args = ['curl', '-s', '-D', '-', '-X', method, base + path, '--max-time', '10']
    if body is not None:
        args += ['-H', 'Content-Type: application/json', '--data-binary', json.dumps(body)]
    if cookie:
        args += ['-H', 'Cookie: ' + cookie]
    if csrf:
        args += ['-H', 'X-CSRF-Token: ' + csrf]
    out = subprocess.run(args, capture_output=True, check=True).stdout.decode()
    head, _, text = out.partition('\r\n\r\n')
    return head, (json.loads(text) if text.strip() else None)

def login(who):
    head, body = call('POST', '/api/v1/auth/login', {'login': who, 'password': 'loket-demo'})
    cookie = '; '.join(l.split(':', 1)[1].split(';')[0].strip() for l in head.split('\r\n')
                       if l.lower().startswith('set-cookie:'))
    return cookie, body['csrf_token']

def cpu():  # server user+system seconds
    f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick

def status():
    s = dict(l.split(':', 1) for l in open('/proc/%d/status' % pid) if ':' in l)
    return {'rss_kb': int(s['VmRSS'].split()[0]), 'threads': int(s['Threads']),
            'fds': len(os.listdir('/proc/%d/fd' % pid))}

agent = login('agent@demo.test')
req = login('requester@demo.test')
svc = [s for s in call('GET', '/api/v1/services?per_page=200', cookie=agent[0])[1]['items'] if s['kind'] == 'ticket'][0]['id']
number = call('POST', '/api/v1/tickets', {'title': 'Bench SSE', 'description': 'x', 'service_id': svc},
              req[0], req[1])[1]['number']
before = status()

sel = selectors.DefaultSelector()
socks, bufs = [], {}
request = ('GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n'
           'Cookie: %s\r\n\r\n' % agent[0]).encode()
t0 = time.time()
for i in range(n):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(request)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, i)
    socks.append(s)
    bufs[i] = b''
# every stream answered 200 and sent its first line
opened, deadline = set(), time.time() + 60
while len(opened) < n and time.time() < deadline:
    for key, _ in sel.select(1):
        data = key.fileobj.recv(65536)
        bufs[key.data] += data
        if b' 200 ' in bufs[key.data].split(b'\r\n', 1)[0] and b'retry:' in bufs[key.data]:
            opened.add(key.data)
        elif bufs[key.data].startswith(b'HTTP/1.1 5'):
            sys.exit('stream %d refused: %r' % (key.data, bufs[key.data][:200]))
print('opened %d of %d streams in %.1f s' % (len(opened), n, time.time() - t0))
if len(opened) < n:
    sys.exit(1)
held = status()

def drain(seconds, want=None):
    """Reads for up to seconds; with want (a bytes marker) returns when every
    stream has it, with the time each one first did."""
    got, end = {}, time.time() + seconds
    while time.time() < end and (want is None or len(got) < n):
        for key, _ in sel.select(0.2):
            try:
                data = key.fileobj.recv(65536)
            except BlockingIOError:
                continue
            bufs[key.data] = bufs[key.data][-4096:] + data
            if want is not None and key.data not in got and want in bufs[key.data]:
                got[key.data] = time.time()
    return got

c0 = cpu(); w0 = time.time()
drain(idle)
idle_cpu = (cpu() - c0) / (time.time() - w0) * 100

lat, c0, w0 = [], cpu(), time.time()
for k in range(events):
    marker = ('"kind":"commented"').encode()
    for i in bufs:
        bufs[i] = b''
    sent = time.time()
    call('POST', '/api/v1/tickets/%s/comments' % number, {'body': 'bench %d' % k, 'internal': False},
         agent[0], agent[1])
    got = drain(10, marker)
    if len(got) < n:
        sys.exit('event %d reached %d of %d streams' % (k, len(got), n))
    lat.append(max(got.values()) - sent)
event_cpu = cpu() - c0
wall = time.time() - w0

print()
print('| streams | %d |' % n)
print('| server threads (without → with streams) | %d → %d |' % (before['threads'], held['threads']))
print('| file descriptors | %d → %d |' % (before['fds'], held['fds']))
print('| resident memory | %.1f → %.1f MB (%.1f KB per stream) |' % (
    before['rss_kb'] / 1024, held['rss_kb'] / 1024, (held['rss_kb'] - before['rss_kb']) / n))
print('| idle CPU over %d s (heartbeats only) | %.2f %% of one core |' % (idle, idle_cpu))
print('| %d events to every stream | %.3f s CPU, %.1f ms CPU per event (%.1f µs per delivery) |' % (
    events, event_cpu, event_cpu / events * 1000, event_cpu / events / n * 1e6))
print('| time until all %d streams had an event | median %.0f ms, worst %.0f ms |' % (
    n, statistics.median(lat) * 1000, max(lat) * 1000))
print('| wall time of the event phase | %.1f s |' % wall)
for s in socks:
    s.close()
EOF
