#!/usr/bin/env python3
"""two-*: two `loket serve` nodes on one PostgreSQL database behind HAProxy
(issue #19 item 5), started from docs/examples/haproxy.cfg with its ports
replaced. Checks: concurrent ticket creation through the balancer (unique,
gap-free numbers, both nodes served), each notification delivered exactly
once to an SMTP sink while both nodes run their outbox workers, a session
made on one node used (and ended) on the other, a write on one node seen on
the other, and one node killed with SIGKILL mid-load: every ticket whose
201 the client received exists, and the balancer's health check takes the
dead node out. Skips (77) without LOKET_TEST_PG or haproxy; run by the
suite `pg` through tests/pg/run_test.sh."""
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'api'))
from loket import PG_BASE, SRC, Client, Server, Tap, free_port  # noqa: E402

HAPROXY = shutil.which('haproxy') or ('/usr/sbin/haproxy' if os.path.exists('/usr/sbin/haproxy')
                                      else None)
if not PG_BASE or not HAPROXY:
    print('1..0 # SKIP %s missing' % ('LOKET_TEST_PG' if not PG_BASE else 'haproxy'))
    sys.exit(77)

from test_mail_out import Sink, outbox_id_of, wait_for  # noqa: E402

NUMBER = re.compile(r'^[A-Z]+-(\d{4})-(\d+)$')


class Node(Server):
    """A second `loket serve` on an existing database: no `loket init`
    (the first node made the database), its own data directory (each
    server locks its own)."""

    def __init__(self, env):
        self.dir = tempfile.mkdtemp(prefix='loket-node-')
        self.port = free_port()
        self.env = dict(env, LOKET_DATA_DIR=self.dir)
        self.pg_db = None  # the first node drops the database
        self.log = open(os.path.join(self.dir, 'server.log'), 'w')
        self.scheme = 'http'
        self._spawn()


class Balancer:
    """HAProxy running docs/examples/haproxy.cfg with the test's ports."""

    def __init__(self, port_a, port_b):
        self.dir = tempfile.mkdtemp(prefix='loket-lb-')
        self.port = free_port()
        self.sock = os.path.join(self.dir, 'admin.sock')
        with open(os.path.join(SRC, 'docs', 'examples', 'haproxy.cfg')) as f:
            cfg = f.read()
        for old, new in (('127.0.0.1:8080', '127.0.0.1:%d' % self.port),
                         ('127.0.0.1:8081', '127.0.0.1:%d' % port_a),
                         ('127.0.0.1:8082', '127.0.0.1:%d' % port_b),
                         ('/run/haproxy/loket.sock', self.sock)):
            if old not in cfg:
                raise RuntimeError('haproxy.cfg no longer holds %s' % old)
            cfg = cfg.replace(old, new)
        self.cfg = os.path.join(self.dir, 'haproxy.cfg')
        with open(self.cfg, 'w') as f:
            f.write(cfg)
        self.log = open(os.path.join(self.dir, 'haproxy.log'), 'w')
        self.proc = subprocess.Popen([HAPROXY, '-db', '-f', self.cfg], stdout=self.log,
                                     stderr=self.log)
        self.url = 'http://127.0.0.1:%d' % self.port

    def states(self):
        """{server name: status} from `show stat` on the stats socket."""
        try:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(5)
            s.connect(self.sock)
            s.sendall(b'show stat\n')
            data = b''
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            s.close()
        except OSError:
            return {}
        rows = csv.DictReader(data.decode().lstrip('# ').splitlines())
        return {r['svname']: r['status'] for r in rows if r['pxname'] == 'loket_nodes'
                and r['svname'] not in ('BACKEND', 'FRONTEND')}

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.log.close()


def psql(url, sql):
    p = subprocess.run(['psql', '-qXAt', '-v', 'ON_ERROR_STOP=1', url, '-c', sql],
                       capture_output=True, text=True, check=True)
    return [line.split('|') for line in p.stdout.splitlines() if line]


def gap_free(url, t, name):
    """Every ticket's number is unique and each year's are 1..n."""
    rows = [r[0] for r in psql(url, 'SELECT number FROM tickets')]
    t.eq(len(set(rows)), len(rows), name + ' every ticket number unique')
    years = {}
    for n in rows:
        m = NUMBER.match(n)
        if m:
            years.setdefault(m.group(1), []).append(int(m.group(2)))
    t.eq(sum(len(v) for v in years.values()), len(rows), name + ' every number is PREFIX-YYYY-N')
    t.eq({y: sorted(v) for y, v in years.items()},
         {y: list(range(1, len(v) + 1)) for y, v in years.items()},
         name + ' each year\'s numbers are 1..n, no gap')
    return rows


def login(base, who):
    c = Client(base)
    r = c.post('/api/v1/auth/login', {'login': who, 'password': 'loket-demo'})
    if r.status != 200:
        raise RuntimeError('login %s: %r' % (who, r))
    c.csrf = r.json['csrf_token']
    c.user = r.json['user']
    return c


def create_many(base, svc, count, threads, acked, stop=None, prefix='two'):
    """count tickets from `threads` threads through base; acked gets
    (number, node) for each 201; returns the other answers."""
    lock = threading.Lock()
    left = [count]
    other = []

    def run(i):
        c = login(base, 'requester@demo.test')
        while not (stop and stop.is_set()):
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
                k = left[0]
            try:
                r = c.post('/api/v1/tickets', {'title': '%s %d.%d' % (prefix, i, k),
                                               'description': 'x', 'service_id': svc})
            except RuntimeError as e:  # curl itself failed (connection cut)
                with lock:
                    other.append(str(e))
                continue
            with lock:
                if r.status == 201:
                    acked.append((r.json['number'], r.headers.get('x-loket-node')))
                else:
                    other.append((r.status, r.code()))
    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for th in ts:
        th.start()
    for th in ts:
        th.join()
    return other


def main(t):
    sink = Sink()
    env = {'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
           'LOKET_MAIL_FROM': 'helpdesk@loket.test', 'LOKET_BASE_URL': 'https://loket.test',
           'LOKET_OUTBOX_POLL_MS': '100', 'LOKET_OUTBOX_BACKOFF_MS': '300',
           'LOKET_TRUSTED_PROXIES': '127.0.0.1'}
    a = Server(env=env)
    b = lb = None
    try:
        b = Node(a.env)
        lb = Balancer(a.port, b.port)
        up = wait_for(lambda: lb.states() == {'node1': 'UP', 'node2': 'UP'}, timeout=20)
        t.ok(up, 'two-1.1 HAProxy sees both nodes UP (health check on /healthz)', lb.states())
        db = a.env['LOKET_DB_URL']
        req = login(lb.url, 'requester@demo.test')
        svc = [s for s in req.get('/api/v1/services?per_page=200').json['items']
               if s['kind'] == 'ticket'][0]['id']
        before = int(psql(db, 'SELECT count(*) FROM tickets')[0][0])

        # -- two-2: 200 tickets from 8 threads through the balancer
        acked = []
        other = create_many(lb.url, svc, 200, 8, acked)
        t.eq(other, [], 'two-2.1 no request failed')
        t.eq(len(acked), 200, 'two-2.2 200 tickets acknowledged (201)')
        nums = [n for n, _ in acked]
        t.eq(len(set(nums)), 200, 'two-2.3 200 different numbers handed out')
        served = {}
        for _, node in acked:
            served[node] = served.get(node, 0) + 1
        t.ok(set(served) == {'node1', 'node2'} and min(served.values()) >= 50,
             'two-2.4 both nodes served tickets (round robin)', served)
        t.eq(int(psql(db, 'SELECT count(*) FROM tickets')[0][0]), before + 200,
             'two-2.5 the database holds 200 more tickets')
        rows = gap_free(db, t, 'two-2.6')
        t.ok(set(nums) <= set(rows), 'two-2.9 every acknowledged number is in the database')

        # -- two-3: each notification sent exactly once by the two workers
        def settled():
            r = psql(db, "SELECT count(*) FILTER (WHERE status <> 'sent'), count(*) FROM outbox")
            return int(r[0][0]) == 0 and int(r[0][1]) > 0
        t.ok(wait_for(settled, timeout=60), 'two-3.1 every outbox row becomes sent',
             psql(db, 'SELECT status, count(*) FROM outbox GROUP BY status'))
        sent = sorted(int(r[0]) for r in psql(db, "SELECT id FROM outbox WHERE status = 'sent'"))
        t.ok(len(sent) >= 200, 'two-3.2 at least one mail per ticket (%d rows)' % len(sent))
        want = len(sent)
        wait_for(lambda: len(sink.mails()) >= want, timeout=10)
        got = sorted(outbox_id_of(m) for _, m in sink.mails())
        t.eq(got, sent, 'two-3.3 the SMTP sink got each outbox row exactly once')
        t.eq(psql(db, "SELECT count(*) FROM outbox WHERE attempts <> 1")[0][0], '0',
             'two-3.4 every row went out on its first attempt (no double claim)')

        # -- two-4: a session made on node A works on node B, and ends on both
        ca = login(a.url, 'agent@demo.test')
        cb = Client(b.url)
        cb.jar, cb.csrf = ca.jar, ca.csrf  # the same browser, another node
        r = cb.get('/api/v1/me')
        me = (r.json or {}).get('user', r.json or {})
        t.ok(r.status == 200 and me.get('email') == 'agent@demo.test',
             'two-4.1 node B knows the session node A made', r)
        # node A keeps its own copy of the cookie: the sign-out below clears
        # the shared jar, and a request without the cookie proves nothing
        ca.jar = os.path.join(ca.tmp, 'kept')
        shutil.copy(cb.jar, ca.jar)
        t.status(ca.get('/api/v1/me'), 200, 'two-4.2 node A still knows it too')
        r = cb.post('/api/v1/auth/logout')
        t.ok(r.status in (200, 204), 'two-4.3 sign-out on node B', r)
        t.ok(wait_for(lambda: ca.get('/api/v1/me').status == 401, timeout=5, step=0.05),
             'two-4.4 node A refuses the same cookie once node B ended the session')

        # -- two-5: a write on node A is seen by the next reads on node B
        admin_a = login(a.url, 'admin@demo.test')
        admin_b = login(b.url, 'admin@demo.test')
        path = '/api/v1/services/%d' % svc

        def name_on_b():
            return admin_b.get(path).json.get('name')
        t.ok(name_on_b() != 'Layanan dua node', 'two-5.0 node B reads (and caches) the old name')
        r = admin_a.patch(path, {'name': 'Layanan dua node'})
        t.status(r, 200, 'two-5.1 node A renames the service')
        t.ok(wait_for(lambda: name_on_b() == 'Layanan dua node', timeout=5, step=0.02),
             'two-5.2 node B serves the new name (cache moved by NOTIFY)', name_on_b())
        # a ticket read on node B names its service from node B's record
        # cache (store/pg/ticket_names.c), which the same NOTIFY moved
        num = acked[0][0]

        def service_on_b():
            return ((admin_b.get('/api/v1/tickets/' + num).json or {}).get('service') or {}).get('name')
        t.ok(wait_for(lambda: service_on_b() == 'Layanan dua node', timeout=5, step=0.02),
             'two-5.3 a ticket read on node B names the renamed service', service_on_b())

        # -- two-6: node B killed with SIGKILL mid-load through the balancer
        acked2 = []
        stop = threading.Event()
        box = {}
        load = threading.Thread(target=lambda: box.update(
            other=create_many(lb.url, svc, 400, 8, acked2, stop, 'kill')))
        load.start()
        wait_for(lambda: len(acked2) >= 60, timeout=60, step=0.01)
        b.proc.send_signal(signal.SIGKILL)
        b.proc.wait(10)
        killed_at = len(acked2)
        load.join(120)
        t.ok(killed_at >= 60 and len(acked2) > killed_at,
             'two-6.1 tickets were acknowledged before and after the kill (%d, %d)'
             % (killed_at, len(acked2) - killed_at))
        lost = []
        reader = login(a.url, 'requester@demo.test')
        for n, _ in acked2:
            r = reader.get('/api/v1/tickets/' + n)
            if r.status != 200 or (r.json or {}).get('number', n) != n:
                lost.append((n, r.status))
        t.eq(lost, [], 'two-6.2 every acknowledged ticket exists, read through node A')
        gap_free(db, t, 'two-6.3')
        down = wait_for(lambda: lb.states() == {'node1': 'UP', 'node2': 'DOWN'}, timeout=10)
        t.ok(down, 'two-6.6 the health check took node2 out', lb.states())
        after = []
        c = login(lb.url, 'requester@demo.test')
        for i in range(10):
            r = c.get('/api/v1/tickets/' + acked2[0][0])
            after.append((r.status, r.headers.get('x-loket-node')))
        t.eq(after, [(200, 'node1')] * 10, 'two-6.7 the balancer sends everything to node1')
        # HAProxy answers 502 (no Loket error code) for a request the node
        # died holding; a curl error is a connection cut the same way
        t.ok(all(isinstance(x, str) or x == (502, None) for x in box.get('other', [])),
             'two-6.8 the only failures were requests cut by the kill (%d)'
             % len(box.get('other', [])), box.get('other'))
    finally:
        if lb:
            lb.stop()
        if b:
            if b.proc.poll() is None:
                b.proc.terminate()
                b.proc.wait(30)
            b.log.close()
            if not t.failed:
                shutil.rmtree(b.dir, ignore_errors=True)
            else:
                print('# kept node B %s, balancer %s' % (b.dir, lb and lb.dir))
        ok, detail = a.stop(keep=t.failed > 0)
        t.ok(ok, 'two-9 node A exits cleanly', detail)
        sink.cleanup()


if __name__ == '__main__':
    Tap().run(main)
