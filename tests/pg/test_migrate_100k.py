#!/usr/bin/env python3
"""pg-migrate-db-100k: `loket migrate-db` (issue #19 item 4, "migrate-db on
a copy of a 100,000-ticket database, verified") on the cluster named by
LOKET_TEST_PG. The installation is `loket init --demo-base` plus
bench/gen_tickets.py's tickets, events, requesters, counters, search log
and (--attachments) attachment rows with their files; the settings come
from init. The test then checks the copy itself, not only the tool's
report: every table's row count read from both databases, the counters,
settings and attachment rows equal, the search rows rebuilt; a second run
changes nothing (counts, the newest row version of each table, the
sequences); and `loket serve` on the copy finds a ticket by a word of its
description and one by a word of a comment, hands out an attachment's
bytes as written, and numbers a new ticket after the copied ones.

LOKET_TEST_MIGRATE_TICKETS sets the number of tickets (default 100000;
docs/postgresql.md "Moving from SQLite"). Prints TAP.

usage: test_migrate_100k.py SOURCE_DIR BUILD_DIR"""
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

SRC, BUILD = sys.argv[1], sys.argv[2]
LOKET = os.path.abspath(os.path.join(BUILD, 'loket'))
os.environ.setdefault('LOKET_BIN', LOKET)
os.environ.setdefault('LOKET_SOURCE_DIR', SRC)
sys.path.insert(0, os.path.join(SRC, 'tests', 'api'))
from loket import PG_BASE, Server, Tap, free_port, pg_url_with_db  # noqa: E402

if not PG_BASE:
    print('1..0 # SKIP LOKET_TEST_PG unset')
    sys.exit(77)
N = int(os.environ.get('LOKET_TEST_MIGRATE_TICKETS', '100000'))
ATTACH_EVERY = 50
# not in the copy: the tool's marker, the migrations' own log, and the
# search rows PostgreSQL rebuilds from the tickets (compared on their own)
NOT_COPIED = ('migrate_db_copy', 'schema_migrations', 'ticket_search')
# words no generated ticket holds (bench/gen_tickets.py's WORDS): the one in
# a description with an accent, found without it (unaccent)
DESC_WORD, DESC_TEXT = 'kursiergonomis', 'kursiergonómis patah di ruang tunggu'
COMMENT_WORD = 'lemarisurat'
NUMBER = re.compile(r'^[A-Z]+-(\d{4})-(\d+)$')


def psql(url, sql):
    p = subprocess.run(['psql', '-qXAt', '-v', 'ON_ERROR_STOP=1', url, '-c', sql],
                       capture_output=True, text=True, check=True)
    return [line.split('|') for line in p.stdout.splitlines() if line]


def no_db_url():
    e = dict(os.environ)
    e.pop('LOKET_DB_URL', None)
    return e


class OnCopy(Server):
    """`loket serve` on the copy: the migrated database and the source's
    data directory (its attachment files), no `loket init`."""

    def __init__(self, data_dir, db_url):
        self.dir = data_dir
        self.port = free_port()
        self.env = dict(os.environ, LOKET_DATA_DIR=data_dir, LOKET_DB_URL=db_url,
                        LOKET_ACCESS_LOG='false', LOKET_WEB_DIR=os.path.join(SRC, 'web'))
        self.pg_db = None  # the test drops it
        self.log = open(os.path.join(data_dir, 'server.log'), 'w')
        self.scheme = 'http'
        self._spawn()


def table_counts(db_url, tables):
    """{table: (rows, newest row version)} in one query: xmin moves on any
    insert or update, the count on any delete."""
    sql = ' UNION ALL '.join(
        "SELECT '%s', count(*), coalesce(max(xmin::text::bigint), 0) FROM %s" % (t, t)
        for t in tables)
    return {r[0]: (int(r[1]), int(r[2])) for r in psql(db_url, sql)}


def sequences(db_url):
    return psql(db_url, "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences"
                        " WHERE schemaname = 'public' ORDER BY 1")


def migrate(data, db_url):
    t0 = time.time()
    r = subprocess.run([LOKET, 'migrate-db', '--data-dir', data, '--to', db_url],
                       capture_output=True, text=True, env=no_db_url())
    return r, time.time() - t0


def main(t):
    tmp = tempfile.mkdtemp(prefix='loket-mig100k-')
    data = os.path.join(tmp, 'data')
    name = 'mig100k_' + uuid.uuid4().hex[:12]
    url = pg_url_with_db(PG_BASE, name)
    srv = None
    print('# %d tickets (LOKET_TEST_MIGRATE_TICKETS)' % N)
    try:
        t0 = time.time()
        subprocess.run([LOKET, 'init', '--demo-base', '--data-dir', data], check=True,
                       capture_output=True, env=no_db_url())
        subprocess.run([sys.executable, os.path.join(SRC, 'bench', 'gen_tickets.py'), data,
                        str(N), '--attachments', str(ATTACH_EVERY)],
                       check=True, capture_output=True)
        lite = sqlite3.connect(os.path.join(data, 'loket.db'))
        # a word of a description and one of a comment, each on one ticket
        ids = [r[0] for r in lite.execute('SELECT id FROM tickets ORDER BY id')]
        desc_id, comment_id = ids[len(ids) // 3], ids[2 * len(ids) // 3]
        lite.execute("UPDATE tickets SET description = description || ' ' || ? WHERE id = ?",
                     (DESC_TEXT, desc_id))
        lite.execute("INSERT INTO ticket_events (ticket_id, at, actor_id, kind, body)"
                     " SELECT id, created_at + 900, requester_id, 'comment', ? FROM tickets"
                     " WHERE id = ?", ('arsip di %s lantai dua' % COMMENT_WORD, comment_id))
        lite.commit()
        print('# generated in %.1f s' % (time.time() - t0))

        def lite_count(table):
            return lite.execute('SELECT count(*) FROM %s' % table).fetchone()[0]
        t.eq(lite_count('tickets'), N, 'mig100k-1.1 the source holds %d tickets' % N)
        kinds = {k: lite_count(k) for k in ('ticket_events', 'attachments', 'users', 'settings',
                                            'ticket_counters', 'ticket_fts_pending')}
        t.ok(kinds['ticket_events'] > N and kinds['attachments'] >= N // ATTACH_EVERY and
             kinds['users'] > 500 and kinds['settings'] > 0 and kinds['ticket_counters'] >= 3
             and kinds['ticket_fts_pending'] >= N,
             'mig100k-1.2 events, attachments, users, settings, counters and search log'
             ' in the source', kinds)

        # -- mig100k-2: the copy
        psql(PG_BASE, 'CREATE DATABASE ' + name)
        r, took = migrate(data, url)
        print('# migrate-db (copy, search rebuild, verification): %.1f s' % took)
        t.ok(r.returncode == 0, 'mig100k-2.1 migrate-db exits 0', r.stdout[-2000:] + r.stderr)
        t.ok('and verified' in r.stdout, 'mig100k-2.2 it reports the copy verified',
             r.stdout[-500:])
        rows = [l.split() for l in r.stdout.splitlines()[1:] if len(l.split()) == 6]
        tables = sorted(x[0] for x in psql(
            url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                 " AND table_type = 'BASE TABLE'") if x[0] not in NOT_COPIED)
        t.eq(sorted(x[0] for x in rows if x[5] == 'ok'), tables,
             'mig100k-2.3 its verification lists every table of the copy, each ok')

        # -- mig100k-3: the copy read back from both databases
        on_pg = table_counts(url, tables)
        missing = [x for x in tables if not lite.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (x,)).fetchone()]
        t.eq(missing, [], 'mig100k-3.1 every table of the copy exists in the source')
        differ = {x: (lite_count(x), on_pg[x][0]) for x in tables
                  if x not in missing and lite_count(x) != on_pg[x][0]}
        t.eq(differ, {}, 'mig100k-3.2 every table (%d) holds as many rows on both sides'
             % len(tables))
        t.eq({k: on_pg[k][0] for k in kinds if k in on_pg},
             {k: v for k, v in kinds.items() if k in on_pg},
             'mig100k-3.3 ... events %d, attachments %d, users %d, settings %d, counters %d'
             % tuple(kinds[k] for k in ('ticket_events', 'attachments', 'users', 'settings',
                                        'ticket_counters')))
        t.eq(int(psql(url, 'SELECT count(*) FROM ticket_search')[0][0]), N,
             'mig100k-3.4 a search row for each ticket (rebuilt on PostgreSQL)')
        counters = {int(y): int(n) for y, n in lite.execute('SELECT year, last FROM ticket_counters')}
        t.eq({int(y): int(n) for y, n in psql(url, 'SELECT year, last FROM ticket_counters')},
             counters, 'mig100k-3.5 the yearly ticket counters equal')
        t.eq(sorted(tuple(x) for x in psql(url, 'SELECT key, value FROM settings')),
             sorted(lite.execute('SELECT key, value FROM settings')),
             'mig100k-3.6 the settings equal')
        att_sql = 'SELECT id, ticket_id, size, sha256, stored_name FROM attachments'
        t.eq(sorted(tuple(x) for x in psql(url, att_sql)),
             sorted(tuple(str(v) for v in x) for x in lite.execute(att_sql)),
             'mig100k-3.7 the attachment rows equal')
        max_id = lite.execute('SELECT max(id) FROM tickets').fetchone()[0]

        # -- mig100k-4: a second run verifies and changes nothing
        seq = sequences(url)
        r, took2 = migrate(data, url)
        print('# second run (verification only): %.1f s' % took2)
        t.ok(r.returncode == 0 and 'already copied: verified, nothing changed' in r.stdout,
             'mig100k-4.1 a second run verifies and reports nothing changed',
             r.stdout[-1000:] + r.stderr)
        after = table_counts(url, tables)
        t.eq({k: v for k, v in after.items() if on_pg[k] != v}, {},
             'mig100k-4.2 ... and no table\'s rows changed (counts, newest row version)')
        t.eq(sequences(url), seq, 'mig100k-4.3 ... nor any sequence')

        # -- mig100k-5: Loket on the copy
        srv = OnCopy(data, url)
        admin = srv.client('admin@demo.test')
        numbers = dict(lite.execute('SELECT id, number FROM tickets WHERE id IN (?, ?)',
                                    (desc_id, comment_id)))
        for word, tid, what in ((DESC_WORD, desc_id, 'description'),
                                (COMMENT_WORD, comment_id, 'comment')):
            r = admin.get('/api/v1/tickets?q=' + word)
            got = [x.get('number') for x in (r.json or {}).get('items', [])]
            t.eq((r.status, got), (200, [numbers[tid]]),
                 'mig100k-5.1 a search for "%s" finds the one ticket with it in its %s'
                 % (word, what))
        for aid, stored, sha in lite.execute(
                'SELECT id, stored_name, sha256 FROM attachments WHERE id IN'
                ' ((SELECT min(id) FROM attachments), (SELECT max(id) FROM attachments))'):
            with open(os.path.join(data, 'attachments', stored), 'rb') as f:
                want = f.read()
            status, body = download(admin, aid)
            t.ok(status == 200 and body == want and hashlib.sha256(body).hexdigest() == sha,
                 'mig100k-5.2 attachment %d: the bytes served equal its file (%d bytes)'
                 % (aid, len(want)), 'HTTP %s, %d bytes' % (status, len(body)))
        req = srv.client('requester@demo.test')
        svc = [s for s in req.get('/api/v1/services?per_page=200').json['items']
               if s['kind'] == 'ticket'][0]['id']
        r = req.post('/api/v1/tickets', {'title': 'Setelah pindah ke PostgreSQL',
                                         'description': 'tiket pertama', 'service_id': svc})
        m = NUMBER.match((r.json or {}).get('number', ''))
        t.ok(r.status == 201 and m, 'mig100k-5.3 a ticket created on the copy', r)
        if m:
            year, seqno = int(m.group(1)), int(m.group(2))
            t.eq(seqno, counters.get(year, 0) + 1,
                 'mig100k-5.4 its number %s follows the %d copied for %d'
                 % (r.json['number'], counters.get(year, 0), year))
            t.ok(r.json.get('id', 0) > max_id, 'mig100k-5.5 its id follows the copied ones',
                 (r.json.get('id'), max_id))
        ok, detail = srv.stop(keep=t.failed > 0)
        srv = None
        t.ok(ok, 'mig100k-9 the server on the copy exits cleanly', detail)
        print('# whole test: %.1f s' % (time.time() - t0))
    finally:
        if srv:
            srv.stop(keep=True)
        subprocess.run(['psql', '-qX', PG_BASE, '-c',
                        'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name], capture_output=True)
        if not t.failed:
            subprocess.run(['rm', '-rf', tmp])
        else:
            print('# kept %s' % tmp)


def download(c, aid):
    """(HTTP status, bytes) of an attachment as served: Client decodes
    bodies as text, so curl is run here writing the body to a file."""
    out = os.path.join(c.tmp, 'download')
    p = subprocess.run(['curl', '-sS', '-b', c.jar, '-o', out, '-w', '%{http_code}',
                        c.base + '/api/v1/attachments/%d' % aid], capture_output=True, text=True)
    with open(out, 'rb') as f:
        return int(p.stdout or 0), f.read()


if __name__ == '__main__':
    Tap().run(main)
