#!/usr/bin/env python3
"""The query plans of the tickets' and bookings' key queries use an index.

Migration 0035 made some indexes partial (rows without a due time or an
assignee are left out) and dropped one (bench/README.md, appointments,
sixth pass). A partial index serves only queries whose WHERE implies its
own, so this test builds the schema from every SQLite migration in
meson.build's order, takes the SQL of the driver's functions straight from
src/store/sqlite/*.c (string literals and the string macros they use), adds
the shapes of the list filters that src/store/sqlite/scope.c puts together,
and runs EXPLAIN QUERY PLAN on each: a full SCAN of tickets or bookings
fails, and the queries the changed indexes exist for must name them.
Usage: check_plans.py SOURCE_ROOT (TAP output).
"""
import os
import re
import sqlite3
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else '.'
results = []


def ok(cond, name, detail=''):
    results.append((bool(cond), name, detail))


def schema():
    db = sqlite3.connect(':memory:')
    meson = open(os.path.join(ROOT, 'meson.build')).read()
    paths = re.findall(r"'(src/store/migrations/sqlite/[^']+\.sql)'", meson)
    for p in sorted(paths, key=os.path.basename):
        db.executescript(open(os.path.join(ROOT, p)).read())
    return db


def c_source(name):
    return open(os.path.join(ROOT, 'src/store/sqlite', name)).read()


def string_macros(src):
    """#define NAME "..." ["..." | OTHER]... joined (after line splices)."""
    src = src.replace('\\\n', ' ')
    macros = {}
    for name, body in re.findall(r'#define (\w+)[ \t]+(".*)', src):
        macros[name] = body
    return macros


TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Z][A-Z0-9_]{2,})')


def literal_runs(body, macros):
    """Runs of adjacent string literals (and string macros) in C text."""
    runs, cur, pos = [], [], 0
    for m in TOKEN.finditer(body):
        gap = body[pos:m.start()]
        if cur and gap.strip():
            runs.append(''.join(cur))
            cur = []
        if m.group(2):
            if m.group(2) not in macros:
                if cur:
                    runs.append(''.join(cur))
                    cur = []
                pos = m.end()
                continue
            cur.extend(expand(macros[m.group(2)], macros))
        else:
            cur.append(m.group(1))
        pos = m.end()
    if cur:
        runs.append(''.join(cur))
    return runs


def expand(text, macros):
    out = []
    for m in TOKEN.finditer(text):
        if m.group(2):
            out.extend(expand(macros.get(m.group(2), '""'), macros))
        else:
            out.append(m.group(1))
    return out


def function_sql(file, fn):
    src = c_source(file)
    macros = string_macros(src)
    m = re.search(r'\n[^\n;]*\b%s\([^;{]*\)\s*\{' % re.escape(fn), src)
    if not m:
        ok(False, '%s: function %s found' % (file, fn))
        return []
    end = src.index('\n}\n', m.end())
    body = src[m.end():end]
    return [s.replace('%s', '').replace('\\"', '"') for s in literal_runs(body, macros)
            if re.match(r'\s*(SELECT|WITH)\b', s)]


def plan(db, sql):
    """EXPLAIN QUERY PLAN with every parameter bound to 1 (?N: up to the highest N)."""
    numbered = [int(x) for x in re.findall(r'\?(\d+)', sql)]
    n = max(numbered) if numbered else sql.count('?')
    return [r[3] for r in db.execute('EXPLAIN QUERY PLAN ' + sql, [1] * n)]


FULL_SCAN = re.compile(r'^SCAN (t|tickets|b|bookings)( AS \w+)?$')


def check(db, name, sql, must_use=None):
    try:
        rows = plan(db, sql)
    except sqlite3.Error as e:  # INDEXED BY an index the WHERE does not fit
        ok(False, name + ' prepares', '%s: %s' % (e, sql))
        return
    scans = [r for r in rows if FULL_SCAN.match(r)]
    ok(not scans, name + ': no full scan of tickets or bookings', '\n'.join(rows))
    if must_use:
        ok(any(must_use in r for r in rows), '%s uses %s' % (name, must_use), '\n'.join(rows))


def main():
    db = schema()
    # the driver's own statements
    sweep = function_sql('tickets.c', 'sq_ticket_sweep_candidates')
    ok(len(sweep) == 1, 'the sweep statement found', sweep)
    for s in sweep:
        check(db, 'sla sweep', s, 'tickets_first_response_due')
        check(db, 'sla sweep', s, 'tickets_resolution_due')
    workload = [s.replace('\\"', '"') for s in literal_runs(c_source('reports.c'),
                                                          string_macros(c_source('reports.c')))
                if 'GROUP BY t.assignee_id' in s]
    ok(len(workload) == 1, 'the workload report statement found', workload)
    for s in workload:
        # sum(%s), CASE WHEN %s: the period; the last %s: the report's filters
        s = s.replace('%s', 't.resolved_at >= ?17', 2).replace('%s', '')
        check(db, 'workload report', s, 'tickets_assignee')
    bk_fns = ['sq_bk_seats', 'sq_bk_last_queue', 'sq_bk_last_day_seat', 'sq_bk_next_waiting',
              'sq_bk_queue_state', 'sq_bk_live_of', 'sq_bk_counts']
    for fn in bk_fns:
        stmts = function_sql('bookings.c', fn)
        ok(stmts, 'bookings.c %s: statement found' % fn)
        for i, s in enumerate(stmts):
            check(db, '%s #%d' % (fn, i + 1), s,
                  'bookings_queue' if fn in ('sq_bk_last_queue', 'sq_bk_queue_state') else None)
    # the ticket lists' filters as scope.c writes them
    lists = {
        'assigned to me': ("SELECT t.id FROM tickets t WHERE t.assignee_id = ?9"
                           " AND t.status IN ('new','in_progress')"
                           " ORDER BY t.created_at DESC LIMIT 25", 'tickets_assignee'),
        'overdue filter': ("SELECT t.id FROM tickets t WHERE t.status IN ('new','in_progress')"
                           " AND t.resolution_due < ?16 ORDER BY t.created_at DESC LIMIT 25", None),
        'unassigned new': ("SELECT t.id FROM tickets t WHERE t.assignee_id IS NULL"
                           " AND t.status = 'new' ORDER BY t.created_at DESC LIMIT 25", None),
        'tier 2 desk': ("SELECT t.id FROM tickets t WHERE (t.esc_unit_id = ?2 OR t.assignee_id = ?1"
                        " OR t.requester_id = ?1) ORDER BY t.created_at DESC LIMIT 25", None),
        'by service': ("SELECT t.id FROM tickets t WHERE t.service_id = ?1"
                       " ORDER BY t.created_at DESC LIMIT 25", None),
        'by due': ("SELECT t.id FROM tickets t ORDER BY t.resolution_due LIMIT 25", 'tickets_due'),
        'a day of bookings': ("SELECT b.id FROM bookings b WHERE b.service_id = ?1 AND b.day = ?2"
                              " ORDER BY b.queue_number", 'bookings_queue'),
        'a report of days': ("SELECT b.service_id, count(*) FROM bookings b WHERE b.day >= ?1"
                             " AND b.day <= ?2 GROUP BY b.service_id", None),
    }
    for name, (sql, idx) in lists.items():
        check(db, 'list ' + name, sql, idx)
    # what 0035 is for: the indexes a booking's rows no longer enter
    idx = {n: s for n, s in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    ok('bookings_day_slot' not in idx and 'bookings_day_queue' not in idx,
       'bookings_day_slot and bookings_day_queue are gone')
    ok('bookings_queue' in idx and 'UNIQUE' in idx['bookings_queue'] and
       'WHERE' not in idx['bookings_queue'], 'bookings_queue is unique on every row')
    for n, col in (('tickets_first_response_due', 'first_response_due'),
                   ('tickets_resolution_due', 'resolution_due'), ('tickets_assignee', 'assignee_id')):
        ok(n in idx and ('%s IS NOT NULL' % col) in idx[n], '%s leaves out rows without %s' % (n, col))
    print('1..%d' % len(results))
    for i, (good, name, detail) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if good else 'not ok', i, name))
        if not good and detail:
            for line in str(detail).splitlines():
                print('#   ' + line)
    return 0 if all(r[0] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
