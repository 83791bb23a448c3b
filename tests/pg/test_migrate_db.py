#!/usr/bin/env python3
"""pg-migrate-db: `loket migrate-db` (issue #19 item 4) on the cluster named
by LOKET_TEST_PG. A demo installation copied and verified (row counts read
back with psql equal SQLite's, a ticket's row equal, the users listed through
the store on the copy); an interrupted copy (LOKET_MIGRATE_STOP_AFTER) run
again to completion; a second run changes nothing; a target holding another
installation refused; a row changed on the target caught by the verification.
A generated 100,000-ticket installation: test_migrate_100k.py. Prints TAP.

usage: test_migrate_db.py SOURCE_DIR BUILD_DIR"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid

SRC, BUILD = sys.argv[1], sys.argv[2]
LOKET = os.path.abspath(os.path.join(BUILD, 'loket'))
BASE = os.environ.get('LOKET_TEST_PG')
if not BASE:
    print('1..0 # skipped: LOKET_TEST_PG unset')
    sys.exit(77)
n_test = 0
failed = 0


def ok(cond, name, detail=''):
    global n_test, failed
    n_test += 1
    print('%sok %d - %s' % ('' if cond else 'not ', n_test, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[-30:]:
            print('# ' + line)


def url(db):
    return BASE.rsplit('/', 1)[0] + '/' + db


def psql(db, sql):
    return subprocess.run(['psql', '-Atq', url(db), '-c', sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def newdb():
    name = 'mig_' + uuid.uuid4().hex[:12]
    psql('postgres', 'CREATE DATABASE ' + name)
    made.append(name)
    return name


def migrate(data, db, env=None):
    # trust authentication ignores the password: it is there to be hidden
    to = url(db).replace('://loket@', '://loket:SECRETPW@')
    e = dict(os.environ)
    e.update(env or {})
    e.pop('LOKET_DB_URL', None)
    return subprocess.run([LOKET, 'migrate-db', '--data-dir', data, '--to', to],
                          capture_output=True, text=True, env=e)


def init(data, extra=()):
    e = dict(os.environ)
    e.pop('LOKET_DB_URL', None)
    subprocess.run([LOKET, 'init', '--data-dir', data] + (list(extra) or ['--demo']), check=True,
                   capture_output=True, env=e)


made = []
tmp = tempfile.mkdtemp(prefix='loket-migrate-')
try:
    demo = os.path.join(tmp, 'demo')
    init(demo)
    lite = sqlite3.connect(os.path.join(demo, 'loket.db'))
    db = newdb()
    r = migrate(demo, db)
    ok(r.returncode == 0 and 'and verified' in r.stdout, 'demo copied and verified',
       r.stdout + r.stderr)
    ok(' ok' in r.stdout and 'MISMATCH' not in r.stdout, 'verification table printed, all ok',
       r.stdout)
    for table in ('tickets', 'ticket_events', 'users', 'report_daily', 'settings',
                  'ticket_counters', 'faq_votes', 'outbox'):
        want = lite.execute('SELECT count(*) FROM %s' % table).fetchone()[0]
        got = int(psql(db, 'SELECT count(*) FROM %s' % table))
        ok(want == got and want > 0, '%s: %d rows in both' % (table, want), '%s vs %s' % (want, got))
    tid, number, title = lite.execute(
        'SELECT id, number, title FROM tickets ORDER BY id DESC LIMIT 1').fetchone()
    row = psql(db, "SELECT number || '|' || title FROM tickets WHERE id = %d" % tid)
    ok(row == '%s|%s' % (number, title), 'ticket %s read back' % number, row)
    yes = lite.execute('SELECT sum(helpful_yes) FROM faq_articles').fetchone()[0]
    ok(int(psql(db, 'SELECT sum(helpful_yes) FROM faq_articles')) == yes,
       'FAQ vote counts not counted twice by the trigger', yes)
    mx = lite.execute('SELECT max(id) FROM tickets').fetchone()[0]
    ok(int(psql(db, "SELECT nextval('tickets_id_seq')")) == mx + 1,
       'tickets identity continues after the largest id copied')
    ok(int(psql(db, 'SELECT count(*) FROM ticket_search')) ==
       lite.execute('SELECT count(*) FROM tickets').fetchone()[0], 'search rows rebuilt')
    e = dict(os.environ, LOKET_DB_URL=url(db))
    users = subprocess.run([LOKET, 'user', 'list', '--data-dir', os.path.join(tmp, 'x')],
                           capture_output=True, text=True, env=e)
    ok(users.returncode == 0 and 'admin@demo.test' in users.stdout,
       'the store on the copy lists the demo users', users.stdout + users.stderr)
    ok('SECRETPW' not in r.stdout + r.stderr and 'loket@' in r.stderr,
       'the URL printed without its password', r.stderr[:300])

    r2 = migrate(demo, db)
    ok(r2.returncode == 0 and 'nothing changed' in r2.stdout, 'second run verifies, changes nothing',
       r2.stdout + r2.stderr)
    ok(int(psql(db, "SELECT count(*) FROM migrate_db_copy WHERE state = 'copied'")) > 50,
       'marker rows per table')

    db2 = newdb()
    r = migrate(demo, db2, {'LOKET_MIGRATE_STOP_AFTER': '40'})
    ok(r.returncode == 3, 'copy interrupted after 40 tables', r.returncode)
    ok(int(psql(db2, "SELECT count(*) FROM migrate_db_copy WHERE state = 'copied'")) == 40,
       '40 tables marked copied')
    r = migrate(demo, db2)
    ok(r.returncode == 0 and 'and verified' in r.stdout, 'interrupted copy completed',
       r.stdout + r.stderr)
    ok(int(psql(db2, 'SELECT count(*) FROM tickets')) ==
       lite.execute('SELECT count(*) FROM tickets').fetchone()[0], 'every ticket there')

    other = os.path.join(tmp, 'other')
    init(other)
    r = migrate(other, db)
    ok(r.returncode == 1 and 'another installation' in r.stderr, 'copy of another installation refused',
       r.stderr)
    db3 = newdb()
    psql(db3, 'SELECT 1')
    subprocess.run([LOKET, 'init', '--demo'], env=dict(os.environ, LOKET_DB_URL=url(db3)),
                   capture_output=True, cwd=tmp)
    has_users = int(psql(db3, 'SELECT count(*) FROM users'))
    r = migrate(demo, db3)
    ok(has_users > 0 and r.returncode == 1 and 'already holds data' in r.stderr,
       'a target with its own data refused', r.stderr)
    ok(int(psql(db3, 'SELECT count(*) FROM users')) == has_users, '... and left as it was')

    # a changed row on the target is caught and named (the generated
    # installation's copy is pg-migrate-db-100k's, tests/pg/test_migrate_100k.py)
    psql(db2, "UPDATE tickets SET title = title || 'x' WHERE id = (SELECT min(id) FROM tickets)")
    r = migrate(demo, db2)
    ok(r.returncode == 1 and 'tickets' in r.stderr and 'MISMATCH' in r.stdout,
       'a changed row fails verification, naming the table', r.stdout[-500:] + r.stderr)
finally:
    for name in made:
        subprocess.run(['psql', '-q', url('postgres'), '-c', 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name],
                       capture_output=True)
    subprocess.run(['rm', '-rf', tmp])
print('1..%d' % n_test)
sys.exit(1 if failed else 0)
