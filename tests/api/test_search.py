#!/usr/bin/env python3
"""search-*: the search index in its own file (DATA_DIR/loket-search.db),
kept by the server's indexer from the log ticket_fts_pending: tickets made
by concurrent requests (group commits) and public comments are found at
once, internal notes never; `loket search-index` rebuilds a lost index and
trims the log; a server started on an index ahead of its database (a
restored backup) rebuilds it (issue #3)."""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, Server, Tap, free_port  # noqa: E402


def search(c, q):
    r = c.get('/api/v1/tickets?q=%s&per_page=100' % q)
    return r.status, sorted(i['number'] for i in (r.json or {}).get('items', []))


def restart(srv):
    """Stops the server and starts another on the same data directory."""
    srv.proc.send_signal(signal.SIGTERM)
    srv.proc.wait(30)
    srv.port = free_port()
    srv.url = 'http://127.0.0.1:%d' % srv.port
    srv.proc = subprocess.Popen([BIN, 'serve', '--listen', '127.0.0.1:%d' % srv.port],
                                env=srv.env, stdout=srv.log, stderr=srv.log)
    for _ in range(200):
        p = subprocess.run(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}',
                            srv.url + '/healthz'], capture_output=True, text=True)
        if p.stdout == '200':
            return
        time.sleep(0.05)
    raise RuntimeError('server did not restart')


def stopped(srv):
    srv.proc.send_signal(signal.SIGTERM)
    srv.proc.wait(30)


def meta(srv):
    db = sqlite3.connect(os.path.join(srv.dir, 'loket-search.db'))
    try:
        return db.execute("SELECT v FROM search_meta WHERE k = 'indexed_seq'").fetchone()[0]
    finally:
        db.close()


def main(t):
    srv = Server()
    try:
        req = srv.client('requester@demo.test')
        agent = srv.client('agent@demo.test')
        svc = [s['id'] for s in req.get('/api/v1/services?per_page=100').json['items']
               if s['kind'] == 'ticket'][0]
        # -- search-1: forty tickets from concurrent requests (shared commits)
        made, lock = [], threading.Lock()

        def create(i):
            c = srv.client('requester@demo.test')
            r = c.post('/api/v1/tickets', {'title': 'Proyektorkilat %d rusak' % i,
                                           'description': 'lampu redup', 'service_id': svc})
            with lock:
                made.append((r.status, r.json and r.json.get('number')))
        th = [threading.Thread(target=create, args=(i,)) for i in range(40)]
        for x in th:
            x.start()
        for x in th:
            x.join()
        t.eq(sorted(s for s, _ in made), [201] * 40, 'search-1.1 forty concurrent creates')
        st, found = search(req, 'proyektorkilat')
        t.eq((st, found), (200, sorted(n for _, n in made)),
             'search-1.2 a search right after finds all forty')
        num = made[0][1]
        agent.post('/api/v1/tickets/%s/comments' % num, {'body': 'ganti bohlamzeta sekarang'})
        agent.post('/api/v1/tickets/%s/comments' % num,
                   {'body': 'catatan rahasiaomega', 'internal': True})
        t.eq(search(req, 'bohlamzeta'), (200, [num]), 'search-1.3 a public comment is found')
        t.eq(search(agent, 'rahasiaomega'), (200, []),
             'search-1.4 an internal note is never indexed')
        db = srv.db()
        end = db.execute('SELECT max(seq) FROM ticket_fts_pending').fetchone()[0]
        db.close()
        t.ok(meta(srv) >= end, 'search-1.5 the index covers the log',
             'indexed %r, log end %r' % (meta(srv), end))
        # an edit replaces the ticket's row: the old title's words are gone
        other = made[1][1]
        r = agent.patch('/api/v1/tickets/%s' % other, {'title': 'Monitorgamma berkedip'})
        t.eq((r.status, r.json.get('title')), (200, 'Monitorgamma berkedip'),
             'search-1.6 an agent edits a title')
        t.eq((search(req, 'monitorgamma'), search(agent, 'proyektorkilat')[1].count(other)),
             ((200, [other]), 0), 'search-1.7 the new title is found, the old one no more')
        sdb = sqlite3.connect(os.path.join(srv.dir, 'loket-search.db'))
        rows = sdb.execute('SELECT count(*), count(DISTINCT rowid) FROM ticket_fts').fetchone()
        sdb.close()
        db = srv.db()
        tickets = db.execute('SELECT count(*) FROM tickets').fetchone()[0]
        db.close()
        t.eq(rows, (tickets, tickets), 'search-1.8 one index row per ticket after edits')

        # -- search-2: a lost index file, rebuilt by `loket search-index`
        stopped(srv)
        for f in ('loket-search.db', 'loket-search.db-wal', 'loket-search.db-shm'):
            if os.path.exists(os.path.join(srv.dir, f)):
                os.remove(os.path.join(srv.dir, f))
        p = subprocess.run([BIN, 'search-index'], env=srv.env, capture_output=True, text=True)
        t.eq((p.returncode, p.stdout), (0, 'search index up to date\n'),
             'search-2.1 loket search-index rebuilds a lost index')
        db = srv.db()
        tickets = db.execute('SELECT count(*) FROM tickets').fetchone()[0]
        left = db.execute('SELECT count(*) FROM ticket_fts_pending').fetchone()[0]
        db.close()
        sdb = sqlite3.connect(os.path.join(srv.dir, 'loket-search.db'))
        rows = sdb.execute('SELECT count(*) FROM ticket_fts').fetchone()[0]
        sdb.close()
        t.eq((rows, left), (tickets, 1), 'search-2.2 every ticket indexed, the log trimmed to one row')
        p = subprocess.run([BIN, 'search-index', '--now'], env=srv.env, capture_output=True,
                           text=True)
        t.eq((p.returncode, 'unknown option --now' in p.stderr), (2, True),
             'search-2.3 an unknown option is refused')
        restart(srv)
        req = srv.client('requester@demo.test')
        t.eq(search(req, 'bohlamzeta'), (200, [num]), 'search-2.4 found again after the rebuild')

        # -- search-3: an index ahead of its database (loket.db from a backup)
        stopped(srv)
        sdb = sqlite3.connect(os.path.join(srv.dir, 'loket-search.db'))
        sdb.execute("UPDATE search_meta SET v = 1000000000 WHERE k = 'indexed_seq'")
        sdb.commit()
        sdb.close()
        restart(srv)
        req = srv.client('requester@demo.test')
        r = req.post('/api/v1/tickets', {'title': 'Kabelsigma putus', 'description': 'lantai 3',
                                         'service_id': svc})
        seen = []
        for _ in range(100):
            seen = search(req, 'kabelsigma')[1]
            if seen:
                break
            time.sleep(0.1)
        t.eq(seen, [r.json['number']], 'search-3.1 the server rebuilds an index ahead of it')
        t.ok(meta(srv) < 1000000000, 'search-3.2 its position is the log\'s again')
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'search-4 clean exit', detail)


if __name__ == '__main__':
    Tap().run(main)
