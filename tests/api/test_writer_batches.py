#!/usr/bin/env python3
"""writer-*: tickets filed at once by many clients go through the
group-commit writer in batches of several jobs, some of which fail, and
every row a creation owes is there afterwards, on either driver
(LOKET_TEST_PG runs it on PostgreSQL). On PostgreSQL the writer counts a
batch's report rows in memory and upserts them once per batch
(store/pg/rollup.c, migration 0009), sends the event and outbox inserts
without waiting for their answers (pg_exec_later, store/pg/query.c) and
bumps the year's counter in the ticket's INSERT (store/pg/tickets.c): the
report rows must still equal a recount, every ticket must have its
"created" event and its acknowledgement in the outbox, and the numbers
must run 1..n without a gap."""
import os
import random
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from loket import run_on_server  # noqa: E402

THREADS, EACH = 8, 12

DIMS = {'status': 'status', 'unit': "coalesce(CAST(unit_id AS TEXT), '')",
        'service': 'CAST(service_id AS TEXT)',
        'category': "coalesce(CAST(category_id AS TEXT), '')",
        'priority': "coalesce(CAST(priority_id AS TEXT), '')", 'channel': 'channel',
        'tier': 'CAST(tier AS TEXT)', 'agent': "coalesce(CAST(assignee_id AS TEXT), '')"}


def recount(srv):
    counts = {}
    for dim, e in DIMS.items():
        for day, key, n in srv.sql('SELECT (created_at + 25200) / 86400, %s, count(*) '
                                   'FROM tickets WHERE booking = 0 GROUP BY 1, 2' % e):
            counts[(dim, int(day), key)] = int(n)
    for day, n in srv.sql('SELECT (resolved_at + 25200) / 86400, count(*) FROM tickets '
                          'WHERE resolved_at IS NOT NULL AND booking = 0 GROUP BY 1'):
        counts[('resolved', int(day), '')] = int(n)
    return counts


def run(t, srv):
    admin = srv.client('admin@demo.test')
    services = [s['id'] for s in admin.get('/api/v1/services?per_page=200').json['items']
                if s.get('kind', 'ticket') == 'ticket' and s.get('active', 1)]
    requester_id = srv.client('requester@demo.test').user['id']
    t.ok(len(services) >= 2, 'writer-1.0 the demo has ticket services (%d)' % len(services))
    rnd = random.Random(19)
    plans = []  # per thread: (login, body, expected status)
    for k in range(THREADS):
        plan = []
        for i in range(EACH):
            body = {'title': 'Batch %d-%d' % (k, i), 'description': 'writer batches',
                    'service_id': rnd.choice(services)}
            prio = rnd.choice([None, 'low', 'normal', 'high'])
            if prio:
                body['priority'] = prio
            want = 201
            if i % 5 == 4:  # fails inside the batch, before it writes
                body['service_id'] = 999999
                want = 422
            if k % 2:  # staff recording a caller's request: a channel event too
                body.update({'requester_id': requester_id, 'channel': 'phone'})
                plan.append(('agent@demo.test', body, want))
            else:
                plan.append(('requester@demo.test', body, want))
        plans.append(plan)
    results = [[] for _ in range(THREADS)]
    clients = [srv.client(plan[0][0]) for plan in plans]
    start = threading.Barrier(THREADS)

    def worker(k):
        start.wait()
        for login, body, want in plans[k]:
            r = clients[k].post('/api/v1/tickets', body)
            results[k].append((r.status, want, (r.json or {}).get('number')))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    flat = [x for rs in results for x in rs]
    wrong = [(got, want) for got, want, _ in flat if got != want]
    t.eq(wrong, [], 'writer-1.1 every creation answered as expected (%d)' % len(flat))
    made = sorted(n for got, _, n in flat if got == 201)

    counted = {k: n for k, n in ((tuple((d, int(day), key)), int(n)) for d, day, key, n in
               srv.sql('SELECT dim, day, key, n FROM report_daily WHERE n != 0'))}
    want = recount(srv)
    t.ok(counted == want, 'writer-1.2 report_daily equals a recount after %d creations'
         % len(made), 'diff: %r' % sorted(set(counted.items()) ^ set(want.items()))[:10])

    marks = ','.join('?' * len(made))

    def exactly_one(table, cond):
        """The numbers of made with exactly one row of table matching cond."""
        rows = srv.sql("SELECT t.number, count(x.id) FROM tickets t LEFT JOIN %s x"
                       " ON x.ticket_id = t.id AND %s WHERE t.number IN (%s)"
                       " GROUP BY t.number" % (table, cond, marks), made)
        return sorted(n for n, c in rows if int(c) == 1)
    t.eq(exactly_one('ticket_events', "x.kind = 'created'"), made,
         'writer-1.3 each new ticket has exactly one "created" event')
    channel = srv.sql(
        "SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.kind = 'channel' AND t.number IN (%s)" % marks, made)[0][0]
    phone = sum(1 for k in range(THREADS) if k % 2 for got, _, _ in results[k] if got == 201)
    t.eq(int(channel), phone, 'writer-1.4 each recorded request has its channel event')
    t.eq(exactly_one('outbox', "x.template = 'ticket_created'"), made,
         'writer-1.5 each new ticket has exactly one acknowledgement in the outbox')

    nums = [r[0] for r in srv.sql('SELECT number FROM tickets')]
    by_year = {}
    for n in nums:
        _, year, seq = n.rsplit('-', 2)
        by_year.setdefault(year, []).append(int(seq))
    gaps = {y: len(s) for y, s in by_year.items() if sorted(s) != list(range(1, len(s) + 1))}
    t.eq(gaps, {}, 'writer-1.6 each year\'s numbers run 1..n without a gap')

    # -- writer-2: a job that fails AFTER it wrote (its acknowledgement is
    # refused: the outbox row is the last write of a creation, the one
    # PostgreSQL sends without waiting) fails alone; the batch is run again
    # with savepoints and the other jobs' tickets stand, counted once.
    # PostgreSQL only: SQLite's writer runs with triggers and CHECKs off
    # (store/sqlite/rollup.c), so nothing there can refuse the row
    if not srv.pg:
        t.ok(True, 'writer-2 # SKIP a refused acknowledgement: PostgreSQL only')
        return
    srv.sql_exec("ALTER TABLE outbox ADD CONSTRAINT writer_boom"
                 " CHECK (vars NOT LIKE '%BOOM%') NOT VALID")
    before = int(srv.sql('SELECT count(*) FROM tickets')[0][0])
    results2 = [[] for _ in range(THREADS)]
    start2 = threading.Barrier(THREADS)

    def worker2(k):
        start2.wait()
        for i in range(4):
            title = 'BOOM %d-%d' % (k, i) if (k + i) % 3 == 0 else 'Gelombang %d-%d' % (k, i)
            r = clients[k].post('/api/v1/tickets', {'title': title, 'description': 'writer',
                                                    'service_id': services[0]})
            results2[k].append((title, r.status))

    threads = [threading.Thread(target=worker2, args=(k,)) for k in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    flat2 = [x for rs in results2 for x in rs]
    booms = [st for title, st in flat2 if title.startswith('BOOM')]
    fine = [st for title, st in flat2 if not title.startswith('BOOM')]
    t.ok(booms and all(st >= 500 for st in booms) and fine and all(st == 201 for st in fine),
         'writer-2.1 the refused jobs fail (%d), every other one is filed (%d)'
         % (len(booms), len(fine)), repr(flat2))
    titles = sorted(r[0] for r in srv.sql("SELECT title FROM tickets WHERE description = 'writer'"))
    t.eq(titles, sorted(title for title, st in flat2 if st == 201),
         'writer-2.2 exactly the filed tickets exist')
    t.eq(int(srv.sql('SELECT count(*) FROM tickets')[0][0]) - before, len(fine),
         'writer-2.3 no ticket of a failed job is left')
    counted = {k: n for k, n in ((tuple((d, int(day), key)), int(n)) for d, day, key, n in
               srv.sql('SELECT dim, day, key, n FROM report_daily WHERE n != 0'))}
    t.ok(counted == recount(srv), 'writer-2.4 report_daily still equals a recount',
         'diff: %r' % sorted(set(counted.items()) ^ set(recount(srv).items()))[:10])
    t.eq(exactly_one('ticket_events', "x.kind = 'created'"), made,
         'writer-2.5 the earlier tickets keep their one "created" event')


if __name__ == '__main__':
    run_on_server('writer', run)
