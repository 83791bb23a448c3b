#!/usr/bin/env python3
"""service-*: what systemd sees of `loket serve` (issue #23): READY=1 on
NOTIFY_SOCKET once it listens, RELOADING=1 then READY=1 around a SIGHUP
that re-reads log_level from the configuration file, STOPPING=1 on SIGTERM.
systemd's side is a datagram socket of this test, as sd_notify(3) talks to
it; nothing here needs systemd to run."""
import os
import shutil
import signal
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402


def notices(sock, want, timeout=15):
    """Datagrams until one equals want (or the time is up); all of them."""
    got = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        sock.settimeout(max(0.05, deadline - time.time()))
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            break
        got.append(msg)
        if want in msg.split('\n'):
            break
    return got


def log_has(srv, text, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        srv.log.flush()
        with open(os.path.join(srv.dir, 'server.log'), errors='replace') as f:
            if text in f.read():
                return True
        time.sleep(0.05)
    return False


def main(t):
    tmp = tempfile.mkdtemp(prefix='loket-notify-')
    path = os.path.join(tmp, 'notify')
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    conf = os.path.join(tmp, 'loket.conf')
    with open(conf, 'w') as f:
        f.write('log_level = info\n')
    srv = Server(env={'NOTIFY_SOCKET': path, 'LOKET_CONFIG': conf})
    try:
        got = notices(sock, 'READY=1')
        t.ok(any('READY=1' in m.split('\n') for m in got), 'service-1 READY=1 once listening', got)
        with open(conf, 'w') as f:
            f.write('log_level = debug\n')
        srv.proc.send_signal(signal.SIGHUP)
        got = notices(sock, 'READY=1')
        t.eq([m for m in got if m in ('RELOADING=1', 'READY=1')], ['RELOADING=1', 'READY=1'],
             'service-2 SIGHUP: RELOADING=1, then READY=1')
        t.ok(log_has(srv, 'reload: log_level debug'), 'service-3 the new log_level is applied')
        with open(conf, 'w') as f:
            f.write('log_level = loud\n')
        srv.proc.send_signal(signal.SIGHUP)
        notices(sock, 'READY=1')
        t.ok(log_has(srv, 'reload: log_level must be'),
             'service-4 a bad value is refused and named; the server keeps running')
        t.status(srv.client().get('/healthz'), 200, 'service-5 still serving after the reloads')
        srv.proc.send_signal(signal.SIGTERM)
        got = notices(sock, 'STOPPING=1')
        t.ok(any('STOPPING=1' in m.split('\n') for m in got), 'service-6 STOPPING=1 on SIGTERM', got)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'service-7 clean exit', detail)
        sock.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    Tap().run(main)
