#!/usr/bin/env python3
"""reports21-*: the leader reports of issue #21 item 9 (seed 001): time
waiting on the requester ("Menunggu Pemohon") per requesting unit with
clarification rounds, as JSON and CSV; the ticket export with a chosen
subset of columns and the public timeline. Times are set in the database
after the moves went through the API, so every figure is exact."""
import csv
import io
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap, run_on_server  # noqa: E402
from test_reports import run_export  # noqa: E402

TAG = 'klarifikasiduasatu'


def db_of(srv):
    return sqlite3.connect(os.path.join(srv.dir, 'loket.db'), timeout=10)


def export(t, c, body, name):
    """Runs an export job to the end (test_reports.run_export); its bytes."""
    return run_export(t, c, body, name)[1]


def csv_rows(data):
    text = data.decode('utf-8')
    assert text.startswith('\ufeff'), 'no BOM'
    return list(csv.reader(io.StringIO(text[1:], newline='')))


def move(c, num, to, **kw):
    body = {'to': to}
    body.update(kw)
    return c.post('/api/v1/tickets/%s/transitions' % num, body)


def set_status_times(db, num, minutes):
    """Sets the times of a ticket's status moves, in event order, to created_at
    + the given minutes."""
    tid, created = db.execute('SELECT id, created_at FROM tickets WHERE number = ?',
                              (num,)).fetchone()
    ids = [r[0] for r in db.execute("SELECT id FROM ticket_events WHERE ticket_id = ? AND "
                                    "kind = 'status' ORDER BY id", (tid,))]
    assert len(ids) == len(minutes), (num, ids, minutes)
    for eid, m in zip(ids, minutes):
        db.execute('UPDATE ticket_events SET at = ? WHERE id = ?', (created + m * 60, eid))


def waiting(t, srv):
    agent = srv.client('agent@demo.test')
    leader = srv.client('leader@demo.test')
    req1 = srv.client('requester@demo.test')   # Dinas Kesehatan
    req2 = srv.client('requester2@demo.test')  # Dinas Pendidikan
    svc = [s for s in agent.get('/api/v1/services?per_page=200').json['items']
           if s['kind'] == 'ticket'][0]['id']

    def file(c, title):
        return c.post('/api/v1/tickets', {'title': '%s %s' % (title, TAG),
                                          'description': 'uji', 'service_id': svc}).json['number']
    a, b, n = file(req1, 'Dua putaran'), file(req1, 'Masih menunggu'), file(req1, 'Tanpa klarifikasi')
    c = file(req2, 'Satu putaran')
    # a: two rounds answered by comments (the requester's reply moves it back)
    move(agent, a, 'in_progress')
    move(agent, a, 'waiting')
    req1.post('/api/v1/tickets/%s/comments' % a, {'body': 'Ini datanya'})
    move(agent, a, 'waiting')
    req1.post('/api/v1/tickets/%s/comments' % a, {'body': 'Sudah saya lengkapi'})
    # b: still waiting; n: never asked; c: one round, staff moves it on
    move(agent, b, 'in_progress')
    move(agent, b, 'waiting')
    move(agent, n, 'in_progress')
    move(agent, c, 'in_progress')
    move(agent, c, 'waiting')
    move(agent, c, 'in_progress')
    db = db_of(srv)
    statuses = dict(db.execute('SELECT number, status FROM tickets WHERE number IN (?,?,?,?)',
                               (a, b, n, c)))
    t.ok(statuses == {a: 'in_progress', b: 'waiting', n: 'in_progress', c: 'in_progress'},
         'reports21-1.0 the moves went through the API', statuses)
    set_status_times(db, a, [5, 10, 40, 100, 190])   # rounds of 30 and 90 minutes
    set_status_times(db, b, [5, 20])
    set_status_times(db, n, [5])
    set_status_times(db, c, [1, 2, 242])             # one round of 240 minutes
    db.commit()
    units = dict(db.execute("SELECT name, id FROM units WHERE name IN ('Dinas Kesehatan', "
                            "'Dinas Pendidikan')"))
    kes, pend = units['Dinas Kesehatan'], units['Dinas Pendidikan']

    r = leader.get('/api/v1/reports/waiting?q=' + TAG)
    t.status(r, 200, 'reports21-1.1 the leader reads the waiting report')
    rows = {x['unit']: x for x in (r.json or {}).get('rows', [])}
    want = {
        'Dinas Kesehatan': {'unit_id': kes, 'unit': 'Dinas Kesehatan', 'tickets': 3,
                            'tickets_waited': 2, 'rounds': 3, 'answered': 2, 'waiting_now': 1,
                            'total_minutes': 120, 'median_minutes': 30, 'mean_minutes': 60},
        'Dinas Pendidikan': {'unit_id': pend, 'unit': 'Dinas Pendidikan', 'tickets': 1,
                             'tickets_waited': 1, 'rounds': 1, 'answered': 1, 'waiting_now': 0,
                             'total_minutes': 240, 'median_minutes': 240, 'mean_minutes': 240},
    }
    t.eq(rows, want, 'reports21-1.2 per unit: tickets, rounds, answered, waiting now, '
                     'total / median / mean minutes')
    figs = {k: (r.json or {}).get(k) for k in ('tickets', 'rounds', 'answered', 'waiting_now',
                                                'total_minutes', 'median_minutes',
                                                'mean_minutes')}
    t.eq(figs, {'tickets': 4, 'rounds': 4, 'answered': 3, 'waiting_now': 1,
                'total_minutes': 360, 'median_minutes': 90, 'mean_minutes': 120},
         'reports21-1.3 figures over all units')
    cols = [x['key'] for x in r.json['sections'][0]['columns']]
    r2 = leader.get('/api/v1/reports/waiting?q=%s&unit_id=%d' % (TAG, pend))
    t.eq([x['unit'] for x in r2.json['rows']], ['Dinas Pendidikan'],
         'reports21-1.4 the list filters apply (unit_id)')
    r3 = req1.get('/api/v1/reports/waiting?q=' + TAG)
    t.status(r3, 403, 'reports21-1.5 a requester may not read it')

    data = export(t, leader, {'report': 'waiting', 'format': 'csv', 'q': TAG},
                  'reports21-1.6 waiting CSV')
    if data:
        got = csv_rows(data)
        t.eq(got, [cols,
                   [str(kes), 'Dinas Kesehatan', '3', '2', '3', '2', '1', '120', '30', '60.00'],
                   [str(pend), 'Dinas Pendidikan', '1', '1', '1', '1', '0', '240', '240',
                    '240.00']],
             'reports21-1.7 waiting CSV: exact header and rows')
    for fmt in ('xlsx', 'pdf'):
        data = export(t, leader, {'report': 'waiting', 'format': fmt, 'q': TAG},
                      'reports21-1.8 waiting %s' % fmt)
        t.ok(data and data[:2] in (b'PK', b'%P'), 'reports21-1.8 waiting %s is a file' % fmt)
    return {'a': a, 'b': b, 'c': c, 'n': n}


def run(t, srv):
    waiting(t, srv)


if __name__ == '__main__':
    run_on_server('reports21', run)
