#!/usr/bin/env python3
"""pg-schema: the PostgreSQL schema (src/store/migrations/postgresql/) holds
what the SQLite migrations (src/store/migrations/sqlite/) build, and its
triggers do what SQLite's do.

usage: check_schema.py [SOURCE_DIR]

LOKET_TEST_PG is a base URL of a PostgreSQL cluster (tests/pg/cluster.sh
url); without it the test is skipped (exit 77). It creates two fresh
databases there and drops them afterwards:
- one with 0001_schema.sql alone (and, before the triggers are run, the
  later migrations that only replace 0001's trigger functions,
  TRIGGER_MIGRATIONS), compared with a temporary SQLite file
  migrated 0001..N (in number order, as tools/embed_sql.py embeds them;
  meson.build's order must leave the same schema):
  tables, columns (order, type family, NOT NULL, default, identity),
  primary and unique keys (COLLATE NOCASE = a unique index on lower(col)),
  named indexes (with what a partial one's WHERE names), foreign keys
  with their ON DELETE, the CHECKs of each table (the columns, literals
  and numbers they name), every trigger's PostgreSQL counterpart, the seed
  rows of every table and the identity sequences past them; then the same statements run
  on both (tickets created, changed, made bookings and deleted; priority
  ranks; FAQ votes; constraints that must refuse) and the rows the triggers
  keep (report_daily, priority_rank, vote counters) must be equal, and
  equal to the values written below;
- one owned by a new role without superuser rights, with every PostgreSQL
  migration in order applied as that role: they apply cleanly (unaccent
  is a trusted extension) and keep every SQLite table and column (later
  migrations may add, not remove). The role is dropped afterwards.
Prints every difference and exits 1 if there is any. Python 3 standard
library plus psql. The URL is never printed (it may hold a password)."""
import glob
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

SRC = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    'LOKET_SOURCE_DIR', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

# SQLite-only tables (docs/postgresql.md, "Schema"): the FTS5 virtual tables
# and their shadow tables are found by name; ticket_fts_pending is the log
# the SQLite search indexer follows into its own file.
SQLITE_ONLY = {'ticket_fts_pending', 'sqlite_sequence', 'sqlite_stat1', 'schema_migrations'}
# PostgreSQL-only indexes of 0001 (what SQLite keeps in an FTS5 table).
PG_ONLY_INDEXES = {'faq_articles_search'}
# Partial indexes whose WHERE is spelt differently on purpose: SQLite's
# "NOT first_response_breached" is "first_response_breached = 0" here.
PREDICATE_SPELLING = {'tickets_first_response_due': ('NOT first_response_breached',
                                                     'first_response_breached = 0')}
# PostgreSQL migrations after 0001 that only replace its trigger functions
# (0009: a lean report_ticket_insert), applied before checks 3 and 4.
TRIGGER_MIGRATIONS = {'0009'}
# Every SQLite trigger and the PostgreSQL trigger that does its work.
TRIGGERS = {
    'faq_votes_count': ('faq_votes', 'faq_votes_count'),
    'priorities_rank_copy': ('priorities', 'priorities_rank_copy'),
    'report_ticket_insert': ('tickets', 'report_ticket_insert'),
    'report_ticket_delete': ('tickets', 'report_ticket_delete'),
    'report_ticket_status': ('tickets', 'report_ticket_update'),
    'report_ticket_unit': ('tickets', 'report_ticket_update'),
    'report_ticket_service': ('tickets', 'report_ticket_update'),
    'report_ticket_category': ('tickets', 'report_ticket_update'),
    'report_ticket_priority': ('tickets', 'report_ticket_update'),
    'report_ticket_channel': ('tickets', 'report_ticket_update'),
    'report_ticket_tier': ('tickets', 'report_ticket_update'),
    'report_ticket_agent': ('tickets', 'report_ticket_update'),
    'report_ticket_resolved': ('tickets', 'report_ticket_update'),
    'report_ticket_to_booking': ('tickets', 'report_ticket_update'),
    'report_ticket_from_booking': ('tickets', 'report_ticket_update'),
}
FAMILY = {'INTEGER': 'bigint', 'TEXT': 'text', 'BLOB': 'bytea', 'REAL': 'double precision'}
ON_DELETE = {'a': 'NO ACTION', 'r': 'RESTRICT', 'c': 'CASCADE', 'n': 'SET NULL',
             'd': 'SET DEFAULT'}
FS, RS, NULL = '\x1f', '\x1e', '\\N'
psql_error = ''  # what psql said when it last failed

diffs = []


def diff(what):
    diffs.append(what)


def migrations(kind):
    files = glob.glob(os.path.join(SRC, 'src', 'store', 'migrations', kind, '[0-9]*.sql'))
    return sorted(files, key=os.path.basename)


def meson_order_differs(numbered):
    """Whether meson.build's list of SQLite migrations, applied in its own
    order, leaves another schema than the number order the binary uses."""
    with open(os.path.join(SRC, 'meson.build'), encoding='utf-8') as f:
        listed = re.findall(r"'(src/store/migrations/sqlite/[0-9]{4}_[a-z0-9_]+\.sql)'", f.read())
    con = sqlite3.connect(':memory:')
    for path in listed:
        with open(os.path.join(SRC, path), encoding='utf-8') as f:
            con.executescript(f.read())
    q = 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY 1, 2'
    got = con.execute(q).fetchall()
    con.close()
    if len(listed) != len(migrations('sqlite')):
        return 'meson.build lists %d SQLite migrations, the directory holds %d' % (
            len(listed), len(migrations('sqlite')))
    if got != numbered.execute(q).fetchall():
        return 'the SQLite migrations in meson.build\'s order leave another schema'
    return None


def db_url(base, name, user=None):
    """base with another database (and another user, without password)."""
    u = urllib.parse.urlsplit(base)
    if user:
        u = u._replace(netloc=user + '@' + u.netloc.rpartition('@')[2])
    return urllib.parse.urlunsplit(u._replace(path='/' + name))


def psql(url, sql=None, path=None, check=True):
    """Runs SQL (or a file) with ON_ERROR_STOP; returns rows as lists of
    text (NULL as \\N) or, with check=False, None when the SQL failed."""
    args = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-F', FS, '-R', RS,
            '-P', 'null=' + NULL, '-d', url]
    args += ['-f', path] if path else ['-c', sql]
    r = subprocess.run(args, capture_output=True, text=True,
                       env=dict(os.environ, PGOPTIONS='-c client_min_messages=warning'))
    if r.returncode != 0:
        global psql_error
        psql_error = r.stderr.strip()
        if not check:
            return None
        sys.exit('psql failed on %s: %s' % (path or sql[:200], r.stderr.strip()))
    out = r.stdout.rstrip('\n')
    return [rec.split(FS) for rec in out.split(RS) if rec.strip('\n') != ''] if out else []


def sq_text(v):
    if v is None:
        return NULL
    if isinstance(v, bytes):
        return '\\x' + v.hex()
    return str(v)


def check_signature(body, columns):
    """What a CHECK names, whatever its spelling: the columns, the quoted
    literals and the numbers (SQLite's "tier BETWEEN 1 AND 3" and
    PostgreSQL's "(tier >= 1) AND (tier <= 3)" both give tier, 1, 3)."""
    lits = re.findall(r"'((?:[^']|'')*)'", body)
    rest = re.sub(r"'(?:[^']|'')*'", ' ', body)
    nums = re.findall(r'(?<![\w.])(\d+)(?![\w.])', rest)
    words = [w for w in re.findall(r'[A-Za-z_][A-Za-z0-9_]*', rest) if w in columns]
    return (tuple(sorted(set(words))), tuple(sorted(lits)), tuple(sorted(nums)))


def check_bodies(sql):
    """The text inside each CHECK ( ... ) of a CREATE TABLE."""
    out = []
    for m in re.finditer(r'\bCHECK\s*\(', sql, re.I):
        depth, i = 1, m.end()
        while depth and i < len(sql):
            depth += {'(': 1, ')': -1}.get(sql[i], 0)
            i += 1
        out.append(sql[m.end():i - 1])
    return out


# ---- SQLite side ------------------------------------------------------------

def sqlite_model(con):
    m = {'tables': {}, 'uniques': set(), 'indexes': {}, 'fks': set(), 'checks': {},
         'triggers': {}}
    master = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    virtual = [n for t, n, _, s in master if t == 'table' and s and
               s.upper().startswith('CREATE VIRTUAL')]
    for t, name, tbl, sql in master:
        if t == 'trigger':
            m['triggers'][name] = tbl
        if t != 'table' or name in SQLITE_ONLY or name.startswith('sqlite_'):
            continue
        if any(name == v or name.startswith(v + '_') for v in virtual):
            continue
        cols = []
        for cid, cname, ctype, notnull, dflt, pk in con.execute(
                'PRAGMA table_info("%s")' % name):
            cols.append({'name': cname, 'type': FAMILY.get(ctype.upper(), '?' + ctype),
                         'notnull': bool(notnull or pk), 'default': dflt, 'pk': pk})
        m['tables'][name] = cols
        pks = [c for c in cols if c['pk']]
        if len(pks) == 1 and pks[0]['type'] == 'bigint' and 'WITHOUT ROWID' not in sql.upper():
            # INTEGER PRIMARY KEY: the rowid, no index of its own
            m['uniques'].add((name, pks[0]['name'], False))
        names = {c['name'] for c in cols}
        m['checks'][name] = sorted(check_signature(b, names) for b in check_bodies(sql))
        for _, iname, unique, origin, partial in con.execute('PRAGMA index_list("%s")' % name):
            keys = []
            for row in con.execute('PRAGMA index_xinfo("%s")' % iname):
                if row[5]:  # a key column, not the rowid
                    col = row[2] if row[2] is not None else '<expr>'
                    keys.append('lower(%s)' % col if (row[4] or '').upper() == 'NOCASE' else col)
            key = (name, ','.join(keys), bool(partial))
            if unique:
                m['uniques'].add(key)
            if origin == 'c':
                isql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                   (iname,)).fetchone()[0]
                where = re.split(r'\bWHERE\b', isql, flags=re.I)[1] if partial else ''
                if iname in PREDICATE_SPELLING:
                    where = where.replace(*PREDICATE_SPELLING[iname])
                names = {c['name'] for c in cols}
                m['indexes'][iname] = key + (bool(unique), check_signature(where, names))
        fk = {}
        for _id, seq, ref, frm, to, _upd, on_delete, _match in con.execute(
                'PRAGMA foreign_key_list("%s")' % name):
            f = fk.setdefault(_id, [ref, [], [], on_delete])
            f[1].append(frm)
            f[2].append(to or 'id')
        for ref, frm, to, on_delete in fk.values():
            m['fks'].add((name, ','.join(frm), ref, ','.join(to), on_delete))
    return m


# ---- PostgreSQL side --------------------------------------------------------

def pg_model(url):
    m = {'tables': {}, 'uniques': set(), 'indexes': {}, 'fks': set(), 'checks': {},
         'triggers': set()}
    for (t,) in psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"):
        m['tables'][t] = []
        m['checks'][t] = []
    for t, c, typ, nullable, dflt, ident in psql(
            url, "SELECT table_name, column_name, data_type, is_nullable, column_default,"
                 " is_identity FROM information_schema.columns WHERE table_schema = 'public'"
                 " ORDER BY table_name, ordinal_position"):
        if t in m['tables']:
            m['tables'][t].append({'name': c, 'type': typ, 'notnull': nullable == 'NO',
                                   'default': None if dflt == NULL else dflt,
                                   'identity': ident == 'YES'})
    for t, iname, unique, partial, keys, pred in psql(
            url, "SELECT c.relname, i.relname, x.indisunique, x.indpred IS NOT NULL,"
                 " (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ',' ORDER BY k)"
                 "    FROM generate_series(1, x.indnkeyatts) k),"
                 " coalesce(pg_get_expr(x.indpred, x.indrelid), '')"
                 " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                 " JOIN pg_class c ON c.oid = x.indrelid"
                 " WHERE c.relnamespace = 'public'::regnamespace"):
        key = (t, keys.replace('"', ''), partial == 't')
        if unique == 't':
            m['uniques'].add(key)
        names = {c['name'] for c in m['tables'].get(t, [])}
        m['indexes'][iname] = key + (unique == 't', check_signature(
            re.sub(r'::[a-z]+( [a-z]+)?', '', pred), names))
    for t, frm, ref, to, deltype in psql(
            url, "SELECT c.conrelid::regclass::text,"
                 " (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey)"
                 "   WITH ORDINALITY k(n, i) JOIN pg_attribute a"
                 "   ON a.attrelid = c.conrelid AND a.attnum = k.n),"
                 " c.confrelid::regclass::text,"
                 " (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey)"
                 "   WITH ORDINALITY k(n, i) JOIN pg_attribute a"
                 "   ON a.attrelid = c.confrelid AND a.attnum = k.n),"
                 " c.confdeltype FROM pg_constraint c"
                 " WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"):
        m['fks'].add((t, frm.replace('"', ''), ref.replace('"', ''), to.replace('"', ''),
                      ON_DELETE[deltype]))
    for t, body in psql(url, "SELECT conrelid::regclass::text, pg_get_constraintdef(oid)"
                             " FROM pg_constraint WHERE contype = 'c'"
                             " AND connamespace = 'public'::regnamespace"):
        t = t.replace('"', '')
        names = {c['name'] for c in m['tables'].get(t, [])}
        m['checks'].setdefault(t, []).append(
            check_signature(re.sub(r'::[a-z]+( [a-z]+)?', '', body), names))
    for t in m['checks']:
        m['checks'][t].sort()
    for t, name in psql(url, "SELECT c.relname, g.tgname FROM pg_trigger g"
                             " JOIN pg_class c ON c.oid = g.tgrelid"
                             " WHERE NOT g.tgisinternal"):
        m['triggers'].add((t, name))
    return m


def norm_default(d):
    """'web'::text -> 'web'; numbers as they are."""
    if d is None:
        return None
    d = re.sub(r"::[a-z ]+$", '', d.strip())
    return d[1:-1] if d.startswith('(') and d.endswith(')') else d


# ---- the comparison -----------------------------------------------------------

def compare(sq, pg, subset=False):
    """subset: the PostgreSQL side may have more (later migrations)."""
    for t in sorted(set(sq['tables']) - set(pg['tables'])):
        diff('table %s: in SQLite, not in PostgreSQL' % t)
    if not subset:
        for t in sorted(set(pg['tables']) - set(sq['tables'])):
            diff('table %s: in PostgreSQL, not in SQLite' % t)
    for t, scols in sorted(sq['tables'].items()):
        pcols = pg['tables'].get(t)
        if pcols is None:
            continue
        pnames = [c['name'] for c in pcols]
        snames = [c['name'] for c in scols]
        if (pnames[:len(snames)] if subset else pnames) != snames:
            if subset:
                missing = [n for n in snames if n not in pnames]
                if missing:
                    diff('%s: columns %s missing in PostgreSQL' % (t, ','.join(missing)))
            else:
                diff('%s: columns differ\n    SQLite:     %s\n    PostgreSQL: %s'
                     % (t, ','.join(snames), ','.join(pnames)))
        pby = {c['name']: c for c in pcols}
        npk = sum(1 for c in scols if c['pk'])
        for s in scols:
            p = pby.get(s['name'])
            if p is None:
                continue
            where = '%s.%s' % (t, s['name'])
            if s['type'] != p['type']:
                diff('%s: %s expected (the SQLite type\'s family), PostgreSQL has %s'
                     % (where, s['type'], p['type']))
            if s['notnull'] != p['notnull']:
                diff('%s: NOT NULL %s in SQLite, %s in PostgreSQL'
                     % (where, s['notnull'], p['notnull']))
            ident = npk == 1 and s['pk'] and s['type'] == 'bigint' and s['name'] == 'id'
            if ident != p['identity']:
                diff('%s: identity expected %s, PostgreSQL has %s' % (where, ident, p['identity']))
            if norm_default(s['default']) != norm_default(p['default']):
                diff('%s: default %r in SQLite, %r in PostgreSQL'
                     % (where, s['default'], p['default']))
        if not subset and sq['checks'].get(t, []) != pg['checks'].get(t, []):
            diff('%s: CHECKs differ (columns, literals, numbers)\n    SQLite:     %s\n'
                 '    PostgreSQL: %s' % (t, sq['checks'].get(t), pg['checks'].get(t)))
    for u in sorted(sq['uniques'] - pg['uniques']):
        diff('unique key %s(%s)%s: in SQLite, not in PostgreSQL'
             % (u[0], u[1], ' partial' if u[2] else ''))
    if not subset:
        for u in sorted(pg['uniques'] - sq['uniques']):
            diff('unique key %s(%s)%s: in PostgreSQL, not in SQLite'
                 % (u[0], u[1], ' partial' if u[2] else ''))
    for name, key in sorted(sq['indexes'].items()):
        if pg['indexes'].get(name) != key:
            diff('index %s: SQLite %s, PostgreSQL %s' % (name, key, pg['indexes'].get(name)))
    if not subset:
        auto = {k for k, v in pg['indexes'].items() if re.search(r'_(pkey|key)$', k)}
        for name in sorted(set(pg['indexes']) - set(sq['indexes']) - auto - PG_ONLY_INDEXES):
            diff('index %s: in PostgreSQL, not in SQLite' % name)
        for name in sorted(PG_ONLY_INDEXES - set(pg['indexes'])):
            diff('index %s: missing in PostgreSQL' % name)
    for f in sorted(sq['fks'] - pg['fks']):
        diff('foreign key %s(%s) -> %s(%s) ON DELETE %s: not so in PostgreSQL' % f)
    if not subset:
        for f in sorted(pg['fks'] - sq['fks']):
            diff('foreign key %s(%s) -> %s(%s) ON DELETE %s: not in SQLite' % f)
        for name, tbl in sorted(sq['triggers'].items()):
            if name not in TRIGGERS:
                diff('trigger %s ON %s: no PostgreSQL counterpart listed in check_schema.py'
                     % (name, tbl))
            elif TRIGGERS[name] not in pg['triggers'] or TRIGGERS[name][0] != tbl:
                diff('trigger %s ON %s: PostgreSQL trigger %s ON %s missing'
                     % (name, tbl, TRIGGERS[name][1], TRIGGERS[name][0]))


def compare_seeds(con, url, sq):
    tables = sorted(t for t in sq['tables'])
    # one round trip for the row counts; rows only of the tables seeded
    pcount = dict(psql(url, ' UNION ALL '.join(
        "SELECT '%s', count(*)::text FROM \"%s\"" % (t, t) for t in tables)))
    for t in tables:
        cols = sq['tables'][t]
        scount = con.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0]
        if scount == 0 and pcount.get(t) == '0':
            continue
        order = ','.join(str(i + 1) for i in range(len(cols)))
        srows = [[sq_text(v) for v in r]
                 for r in con.execute('SELECT * FROM "%s" ORDER BY %s' % (t, order))]
        prows = psql(url, 'SELECT * FROM "%s" ORDER BY %s' % (t, order))
        if srows != prows:
            diff('seed rows of %s differ\n    SQLite:     %s\n    PostgreSQL: %s'
                 % (t, srows, prows))
        if srows and any(c['name'] == 'id' and c['pk'] for c in cols):
            last = psql(url, "SELECT coalesce(pg_sequence_last_value("
                             "pg_get_serial_sequence('%s', 'id')::regclass), 0),"
                             " (SELECT max(id) FROM %s)" % (t, t))[0]
            if int(last[0]) < int(last[1]):
                diff('%s: identity at %s, below the seeded id %s (setval missing)'
                     % (t, last[0], last[1]))


# ---- the triggers at work -----------------------------------------------------

T0 = 1764979200          # 2025-12-06 00:00 UTC: local day 20428 (07:00 WIB)
LATE = T0 + 17 * 3600    # 2025-12-07 00:00 WIB: local day 20429
BEFORE = LATE - 1        # the last second of local day 20428

TICKET_COLS = ('id, number, title, description, service_id, category_id, priority_id,'
               ' requester_id, unit_id, channel, status, tier, assignee_id, created_at,'
               ' updated_at, resolved_at, priority_rank, booking')
SCENARIO = [
    "INSERT INTO units (id, name, code, created_at, updated_at) VALUES"
    " (1, 'Unit A', 'UA', 'x', 'x'), (2, 'Unit B', 'UB', 'x', 'x')",
    "INSERT INTO categories (id, name, created_at, updated_at) VALUES (1, 'Kat', 'x', 'x')",
    "INSERT INTO priorities (id, code, name, rank, created_at, updated_at) VALUES"
    " (1, 'low', 'Low', 10, 'x', 'x'), (2, 'high', 'High', 20, 'x', 'x')",
    "INSERT INTO services (id, name, kind, unit_id, created_at, updated_at) VALUES"
    " (1, 'Svc 1', 'ticket', 1, 'x', 'x'), (2, 'Svc 2', 'appointment', 2, 'x', 'x')",
    "INSERT INTO users (id, name, email, role, created_at, updated_at) VALUES"
    " (1, 'Req', 'req@x', 'requester', 'x', 'x'), (2, 'Ag', 'ag@x', 'agent', 'x', 'x'),"
    " (3, 'Ag3', 'ag3@x', 'agent', 'x', 'x')",
    # t1: counted, the last second of day 20428
    "INSERT INTO tickets (%s) VALUES (1, 'N1', 't', 'd', 1, 1, 1, 1, 1, 'web', 'new', 1,"
    " NULL, %d, %d, NULL, 10, 0)" % (TICKET_COLS, BEFORE, BEFORE),
    # t2: counted, day 20429, resolved when created (day 20430)
    "INSERT INTO tickets (%s) VALUES (2, 'N2', 't', 'd', 1, NULL, 2, 1, NULL, 'whatsapp',"
    " 'resolved', 2, 3, %d, %d, %d, 20, 0)" % (TICKET_COLS, LATE, LATE, LATE + 86400),
    # t3: a booking, not counted
    "INSERT INTO tickets (%s) VALUES (3, 'N3', 't', 'd', 2, NULL, NULL, 1, NULL, 'web',"
    " 'new', 1, NULL, %d, %d, NULL, NULL, 1)" % (TICKET_COLS, T0, T0),
    "UPDATE tickets SET status = 'in_progress', assignee_id = 2 WHERE id = 1",
    # a save that changes nothing counted
    "UPDATE tickets SET title = 'same', status = 'in_progress', assignee_id = 2 WHERE id = 1",
    "UPDATE tickets SET unit_id = 2, status = 'resolved', resolved_at = %d, tier = 2,"
    " category_id = NULL, priority_id = 2, channel = 'phone', service_id = 2 WHERE id = 1"
    % LATE,
    # created_at alone moves nothing
    "UPDATE tickets SET created_at = created_at + 86400 WHERE id = 1",
    # t3 stops being a booking: joins with its values; t2 becomes one: leaves
    "UPDATE tickets SET booking = 0 WHERE id = 3",
    "UPDATE tickets SET booking = 1, status = 'closed' WHERE id = 2",
    "UPDATE tickets SET status = 'cancelled' WHERE id = 2",
    # t4 created and deleted: its rows go back to 0
    "INSERT INTO tickets (%s) VALUES (4, 'N4', 't', 'd', 1, 1, 1, 1, 1, 'email', 'new', 3,"
    " 3, %d, %d, %d, 10, 0)" % (TICKET_COLS, T0, T0, T0 + 60),
    "DELETE FROM tickets WHERE id = 4",
    # the rank copy runs whenever rank is set, changed or not (t1's copy is
    # stale after its priority_id moved to 2 without it)
    "UPDATE priorities SET rank = 15 WHERE id = 1",
    "UPDATE priorities SET rank = 20, name = 'High!' WHERE id = 2",
    "INSERT INTO faq_articles (id, question, answer_md, answer_html, created_at, updated_at)"
    " VALUES (1, 'q', 'a', 'a', 1, 1)",
    "INSERT INTO faq_votes (faq_id, user_id, helpful, voted_at) VALUES (1, 1, 1, 1), (1, 2, 0, 1)",
    "INSERT INTO faq_votes (faq_id, user_id, helpful, voted_at) VALUES (1, 1, 0, 2)"
    " ON CONFLICT DO NOTHING",
    "INSERT INTO faq_votes (faq_id, user_id, helpful, voted_at) VALUES (1, 3, 1, 2)",
    "INSERT INTO reject_reasons (code, name, created_at, updated_at) VALUES"
    " ('baru', 'Baru', 'x', 'x')",
]
# Statements both databases must refuse (unique keys folding case, CHECKs,
# foreign keys).
REFUSED = [
    "INSERT INTO units (name, created_at, updated_at) VALUES ('unit a', 'x', 'x')",
    "INSERT INTO units (name, code, created_at, updated_at) VALUES ('Unit C', 'ua', 'x', 'x')",
    "INSERT INTO users (name, email, role, created_at, updated_at) VALUES"
    " ('R2', 'REQ@X', 'requester', 'x', 'x')",
    "INSERT INTO priorities (code, name, created_at, updated_at) VALUES ('low', 'x', 'x', 'x')",
    "UPDATE tickets SET status = 'bogus' WHERE id = 1",
    "UPDATE tickets SET tier = 4 WHERE id = 1",
    "INSERT INTO ticket_tags (ticket_id, tag_id) VALUES (1, 999)",
    "INSERT INTO automation_rules (name, kind, created_at, updated_at) VALUES ('', 'time', 1, 1)",
]
READ_BACK = [
    ('report_daily', "SELECT dim, day, key, n FROM report_daily ORDER BY dim, day, key"),
    ('tickets', "SELECT id, priority_id, priority_rank, booking, status FROM tickets ORDER BY id"),
    ('faq_articles', "SELECT id, helpful_yes, helpful_no FROM faq_articles ORDER BY id"),
    ('reject_reasons', "SELECT id, code FROM reject_reasons ORDER BY id"),
]
# What the scenario must leave, worked out by hand from SQLite's triggers
# (key, value): a few rows of each kind of move.
EXPECT = {
    ('report_daily', ('status', '20428', 'resolved')): '1',      # t1, moved twice
    ('report_daily', ('status', '20428', 'new')): '1',           # t3 joined; t1 left
    ('report_daily', ('status', '20428', 'in_progress')): '0',
    ('report_daily', ('status', '20429', 'resolved')): '0',      # t2 left as a booking
    ('report_daily', ('unit', '20428', '2')): '1',
    ('report_daily', ('unit', '20428', '1')): '0',
    ('report_daily', ('unit', '20428', '')): '1',                # t3, no unit
    ('report_daily', ('agent', '20428', '2')): '1',
    ('report_daily', ('agent', '20428', '')): '1',
    ('report_daily', ('agent', '20428', '3')): '0',              # t4 deleted
    ('report_daily', ('service', '20428', '2')): '2',            # t1 moved, t3 joined
    ('report_daily', ('channel', '20428', 'phone')): '1',
    ('report_daily', ('channel', '20428', 'email')): '0',
    ('report_daily', ('tier', '20428', '2')): '1',
    ('report_daily', ('category', '20428', '')): '2',
    ('report_daily', ('priority', '20428', '2')): '1',
    ('report_daily', ('resolved', '20429', '')): '1',            # t1 at LATE
    ('report_daily', ('resolved', '20430', '')): '0',            # t2 left
    ('report_daily', ('resolved', '20428', '')): '0',            # t4 (T0 + 60) deleted
    ('tickets', '1'): ['1', '2', '20', '0', 'resolved'],
    ('faq_articles', '1'): ['1', '2', '1'],
    ('reject_reasons', '5'): ['5', 'baru'],
}


def run_scenario(con, url):
    for sql in SCENARIO:
        try:
            con.execute(sql)
        except sqlite3.Error as e:
            diff('scenario: SQLite refused %s: %s' % (sql, e))
        if psql(url, sql, check=False) is None:
            diff('scenario: PostgreSQL refused %s' % sql)
    con.commit()
    for sql in REFUSED:
        try:
            con.execute(sql)
            con.commit()
            diff('SQLite accepted what it must refuse: %s' % sql)
        except sqlite3.Error:
            con.rollback()
        if psql(url, sql, check=False) is not None:
            diff('PostgreSQL accepted what it must refuse: %s' % sql)
    for name, sql in READ_BACK:
        srows = [[sq_text(v) for v in r] for r in con.execute(sql)]
        prows = psql(url, sql)
        if srows != prows:
            diff('after the scenario, %s differs\n    SQLite:     %s\n    PostgreSQL: %s'
                 % (name, srows, prows))
        for rows, side in ((srows, 'SQLite'), (prows, 'PostgreSQL')):
            for (tbl, key), want in EXPECT.items():
                if tbl != name:
                    continue
                if tbl == 'report_daily':
                    got = next((r[3] for r in rows if tuple(r[:3]) == key), None)
                else:
                    got = next((r for r in rows if r[0] == key), None)
                if got != want:
                    diff('after the scenario, %s %s: %s has %s, expected %s'
                         % (tbl, key, side, got, want))


def session(url):
    return subprocess.Popen(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def send(p, sql):
    p.stdin.write(sql + '\n')
    p.stdin.flush()


def wait_for(url, sql, want):
    for _ in range(200):
        if psql(url, sql) == [[want]]:
            return True
        time.sleep(0.05)
    return False


def run_opposite_moves(url):
    """Two nodes move tickets of one day the opposite way at once (one
    resolves, one reopens) while a third holds the first row they need:
    both must wait and finish, not deadlock (report_daily rows are locked
    in key order), and the counts end where they began."""
    day = (T0 + 25200) // 86400
    psql(url, "INSERT INTO tickets (%s) VALUES (10, 'N10', 't', 'd', 1, 1, 1, 1, 1, 'web',"
              " 'in_progress', 1, NULL, %d, %d, NULL, NULL, 0), (11, 'N11', 't', 'd', 1, 1, 1,"
              " 1, 1, 'web', 'resolved', 1, NULL, %d, %d, NULL, NULL, 0)"
         % (TICKET_COLS, T0, T0, T0, T0))
    counts = ("SELECT string_agg(key || '=' || n, ',' ORDER BY key) FROM report_daily"
              " WHERE dim = 'status' AND day = %d AND key IN ('in_progress', 'resolved')" % day)
    before = psql(url, counts)
    holder, a, b = session(url), session(url), session(url)
    send(holder, "BEGIN; SELECT 1 FROM report_daily WHERE dim = 'status' AND day = %d"
                 " AND key = 'in_progress' FOR UPDATE;" % day)
    waiting = ("SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database()"
               " AND wait_event_type = 'Lock'")
    ok = wait_for(url, "SELECT count(*)::text FROM pg_stat_activity WHERE datname ="
                       " current_database() AND state = 'idle in transaction'", '1')
    # one after the other, so the first waits first: the order in which
    # the old per-dimension statements deadlocked
    send(a, "UPDATE tickets SET status = 'resolved' WHERE id = 10;")
    ok = ok and wait_for(url, waiting, '1')
    send(b, "UPDATE tickets SET status = 'in_progress' WHERE id = 11;")
    ok = ok and wait_for(url, waiting, '2')
    send(holder, 'COMMIT;')
    outs = [p.communicate(timeout=60) for p in (holder, a, b)]
    if not ok:
        diff('opposite moves: the two updates never waited on the held row')
    for p, (_, err) in zip((holder, a, b), outs):
        if p.returncode != 0:
            diff('opposite moves: a session failed: %s' % err.strip())
    after = psql(url, counts)
    if after != before:
        diff('opposite moves: status counts %s before, %s after' % (before, after))


def main():
    base = os.environ.get('LOKET_TEST_PG')
    if not base:
        print('# skipped: LOKET_TEST_PG unset')
        return 77
    tmp = tempfile.mkdtemp(prefix='loket-schema-')
    sq_path = os.path.join(tmp, 'schema.db')
    con = sqlite3.connect(sq_path, isolation_level=None)
    con.execute('PRAGMA foreign_keys = ON')  # as the SQLite driver runs
    for f in migrations('sqlite'):
        with open(f, encoding='utf-8') as fh:
            con.executescript(fh.read())
    con.isolation_level = ''
    pg_files = migrations('postgresql')
    if not pg_files or not os.path.basename(pg_files[0]).startswith('0001_'):
        sys.exit('no src/store/migrations/postgresql/0001_*.sql')
    tag = uuid.uuid4().hex[:10]
    one, full = 'loket_schema_%s' % tag, 'loket_schema_all_%s' % tag
    # the second database belongs to a role that is no superuser: what an
    # installation's loket role is (unaccent is a trusted extension)
    owner = 'loket_schema_owner_%s' % tag
    psql(base, 'CREATE DATABASE %s' % one)
    psql(base, 'CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE' % owner)
    psql(base, 'CREATE DATABASE %s OWNER %s' % (full, owner))
    try:
        url1, url2 = db_url(base, one), db_url(base, full)
        psql(url1, path=pg_files[0])
        sq = sqlite_model(con)
        why = meson_order_differs(con)
        if why:
            diff(why)
        compare(sq, pg_model(url1))
        print('%s - tables, columns, keys, indexes, foreign keys, triggers (%d tables)'
              % ('ok 1' if not diffs else 'not ok 1', len(sq['tables'])))
        n = len(diffs)
        compare_seeds(con, url1, sq)
        print('%s - seed rows' % ('ok 2' if len(diffs) == n else 'not ok 2'))
        n = len(diffs)
        # later migrations that replace 0001's trigger functions: checks 3
        # and 4 test the functions an installation runs
        for f in pg_files:
            if os.path.basename(f)[:4] in TRIGGER_MIGRATIONS:
                psql(url1, path=f)
        run_scenario(con, url1)
        print('%s - triggers and constraints at work' % ('ok 3' if len(diffs) == n else 'not ok 3'))
        n = len(diffs)
        run_opposite_moves(url1)
        print('%s - opposite moves on two connections wait, never deadlock'
              % ('ok 4' if len(diffs) == n else 'not ok 4'))
        n = len(diffs)
        url2 = db_url(base, full, user=owner)
        who = 'the database owner, no superuser'
        if psql(url2, 'SELECT 1', check=False) is None:
            # a cluster that wants passwords: the new role has none
            url2, who = db_url(base, full), 'LOKET_TEST_PG\'s user (cannot sign in as a new role)'
        for f in pg_files:
            if psql(url2, path=f, check=False) is None:
                diff('%s fails as %s: %s' % (os.path.basename(f), who, psql_error))
                break
        else:
            compare(sq, pg_model(url2), subset=True)
        print('%s - all %d PostgreSQL migrations apply as %s and keep the SQLite schema'
              % ('ok 5' if len(diffs) == n else 'not ok 5', len(pg_files), who))
    finally:
        con.close()
        psql(base, 'DROP DATABASE IF EXISTS %s' % one, check=False)
        psql(base, 'DROP DATABASE IF EXISTS %s' % full, check=False)
        psql(base, 'DROP ROLE IF EXISTS %s' % owner, check=False)
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    for d in diffs:
        print('# ' + d.replace('\n', '\n# '))
    print('1..5')
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main())
