#!/usr/bin/env python3
"""reports21-*: the leader reports of issue #21 item 9 (seed 001): time
waiting on the requester ("Menunggu Pemohon") per requesting unit with
clarification rounds, as JSON and CSV; the ticket export with a chosen
subset of columns and the public timeline. Times are set in the database
after the moves went through the API, so every figure is exact."""
import calendar
import csv
import datetime
import io
import os
import time
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap, file_ticket, run_on_server  # noqa: E402
from test_reports import run_export, xlsx_rows  # noqa: E402

TAG = 'klarifikasiduasatu'


def export(t, c, body, name):
    """Runs an export job to the end (test_reports.run_export); its bytes."""
    return run_export(t, c, body, name)[1]


def csv_rows(data):
    text = data.decode('utf-8')
    assert text.startswith('\ufeff'), 'no BOM'
    return list(csv.reader(io.StringIO(text[1:], newline='')))


def move(c, num, to='cancelled', **kw):
    body = {'to': to}
    body.update(kw)
    return c.post('/api/v1/tickets/%s/transitions' % num, body)


def set_status_times(srv, num, minutes):
    """Sets the times of a ticket's status moves, in event order, to created_at
    + the given minutes."""
    tid, created = srv.sql('SELECT id, created_at FROM tickets WHERE number = ?', (num,))[0]
    ids = [r[0] for r in srv.sql("SELECT id FROM ticket_events WHERE ticket_id = ? AND "
                                    "kind = 'status' ORDER BY id", (tid,))]
    assert len(ids) == len(minutes), (num, ids, minutes)
    for eid, m in zip(ids, minutes):
        srv.sql_exec('UPDATE ticket_events SET at = ? WHERE id = ?', (created + m * 60, eid))


def waiting(t, srv):
    agent = srv.client('agent@demo.test')
    leader = srv.client('leader@demo.test')
    req1 = srv.client('requester@demo.test')   # Dinas Kesehatan
    req2 = srv.client('requester2@demo.test')  # Dinas Pendidikan

    def file(c, title):
        return file_ticket(c, '%s %s' % (title, TAG), 'uji')
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
    statuses = dict(srv.sql('SELECT number, status FROM tickets WHERE number IN (?,?,?,?)',
                               (a, b, n, c)))
    t.ok(statuses == {a: 'in_progress', b: 'waiting', n: 'in_progress', c: 'in_progress'},
         'reports21-1.0 the moves went through the API', statuses)
    set_status_times(srv, a, [5, 10, 40, 100, 190])   # rounds of 30 and 90 minutes
    set_status_times(srv, b, [5, 20])
    set_status_times(srv, n, [5])
    set_status_times(srv, c, [1, 2, 242])             # one round of 240 minutes
    units = dict(srv.sql("SELECT name, id FROM units WHERE name IN ('Dinas Kesehatan', "
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
                   [str(kes), 'Dinas Kesehatan', '3', '2', '3', '2', '1', '120', '30', '60,00'],
                   [str(pend), 'Dinas Pendidikan', '1', '1', '1', '1', '0', '240', '240',
                    '240,00']],
             'reports21-1.7 waiting CSV: exact header and rows')
    for fmt in ('xlsx', 'pdf'):
        data = export(t, leader, {'report': 'waiting', 'format': fmt, 'q': TAG},
                      'reports21-1.8 waiting %s' % fmt)
        t.ok(data and data[:2] in (b'PK', b'%P'), 'reports21-1.8 waiting %s is a file' % fmt)
    return {'a': a, 'b': b, 'c': c, 'n': n}


NOTE = 'RAHASIA-catatan-internal-tapir'
PHONE = '0812-5555-0199'


def wib(iso):
    """An API time (UTC, ISO 8601) as the export writes it: WIB, to the minute."""
    secs = calendar.timegm(time.strptime(iso[:19], '%Y-%m-%dT%H:%M:%S')) + 7 * 3600
    return datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M')


def exports(t, srv, tk):
    agent = srv.client('agent@demo.test')
    leader = srv.client('leader@demo.test')
    req1 = srv.client('requester@demo.test')
    req2 = srv.client('requester2@demo.test')
    a, b, c, n = tk['a'], tk['b'], tk['c'], tk['n']
    # what must never reach the file: an internal note, a personal contact
    agent.post('/api/v1/tickets/%s/comments' % n, {'body': NOTE, 'internal': True})
    cur = agent.get('/api/v1/tickets/%s' % n).json
    r = agent.patch('/api/v1/tickets/%s' % n, {'contact_phone': PHONE, 'version': cur['version']})
    t.status(r, 200, 'reports21-2.0 a contact phone set on a ticket')

    # -- 2.1: a chosen subset of columns, in the order asked
    data = export(t, leader, {'report': 'tickets', 'format': 'csv', 'q': TAG,
                              'columns': 'number,status,title'}, 'reports21-2.1 columns CSV')
    titles = {a: 'Dua putaran', b: 'Masih menunggu', n: 'Tanpa klarifikasi', c: 'Satu putaran'}
    if data:
        t.eq(csv_rows(data), [['number', 'status', 'title'],
                              [a, 'Diproses', titles[a] + ' ' + TAG],
                              [b, 'Menunggu Pemohon', titles[b] + ' ' + TAG],
                              [n, 'Diproses', titles[n] + ' ' + TAG],
                              [c, 'Diproses', titles[c] + ' ' + TAG]],
             'reports21-2.2 columns CSV: exact header and rows')
    data = export(t, leader, {'report': 'tickets', 'format': 'xlsx', 'q': TAG,
                              'columns': 'unit,number'}, 'reports21-2.3 columns XLSX')
    if data:
        _, _, rows = xlsx_rows(data)
        vals = [[v[1] for _, v in sorted(r.items())] for r in rows]
        t.eq(vals[:2], [['Unit', 'Nomor'], ['Dinas Kesehatan', a]],
             'reports21-2.4 columns XLSX: the chosen columns only')

    # -- 2.5: the public timeline, bound by the privacy rules
    data = export(t, leader, {'report': 'tickets', 'format': 'csv', 'q': TAG,
                              'columns': 'number,title', 'timeline': 'public'},
                  'reports21-2.5 timeline CSV')
    if data:
        rows = csv_rows(data)
        blank = rows.index([])
        head, tl = rows[:blank], rows[blank + 1:]
        want = []
        for num, who in ((a, req1), (b, req1), (n, req1), (c, req2)):
            for e in who.get('/api/v1/tickets/%s/events' % num).json['items']:
                hide = (e.get('field') or '').startswith('contact_')
                want.append([num, wib(e['at']), e.get('actor_name') or '', e['kind'],
                             e.get('field') or '', '' if hide else e.get('old_value') or '',
                             '' if hide else e.get('new_value') or '', e.get('body') or ''])
        t.eq(head[0], ['number', 'title'], 'reports21-2.6 timeline CSV: the tickets first')
        t.eq(tl[:2], [['Riwayat publik tiket'],
                      ['number', 'at', 'actor', 'kind', 'field', 'old_value', 'new_value',
                       'body']], 'reports21-2.7 timeline CSV: its own titled table')
        t.eq(tl[2:], want, 'reports21-2.8 timeline rows = each requester\'s public timeline '
                           '(contact values blanked)')
        text = data.decode('utf-8')
        t.ok(NOTE not in text and PHONE not in text and
             any(r[3] == 'field' and r[4] == 'contact_phone' for r in tl[2:]),
             'reports21-2.9 no internal note, no contact value (the change itself is listed)')
        t.ok(any(r[3] == 'comment' and r[7] == 'Ini datanya' for r in tl[2:]),
             'reports21-2.10 the requester\'s comments are in it')
    data = export(t, leader, {'report': 'tickets', 'format': 'xlsx', 'q': TAG,
                              'timeline': 'public'}, 'reports21-2.11 timeline XLSX')
    if data:
        z, _, _ = xlsx_rows(data)
        sheets = [x for x in z.namelist() if x.startswith('xl/worksheets/sheet')]
        _, _, tl = xlsx_rows(data, 2)
        t.eq([v[1] for _, v in sorted(tl[0].items())], ['Nomor', 'Waktu', 'Pelaku', 'Jenis',
                                                          'Kolom', 'Nilai lama', 'Nilai baru',
                                                          'Isi'],
             'reports21-2.12 timeline XLSX: its header')
        t.eq(len(sheets), 2, 'reports21-2.12 timeline XLSX: a second worksheet')

    # -- 2.13: validation names the field
    def refused(body):
        r = leader.post('/api/v1/exports', body)
        e = (r.json or {}).get('error') or {}
        return r.status, sorted(e.get('fields', {}))
    base = {'report': 'tickets', 'format': 'csv'}
    for extra, field in (({'columns': 'number,password'}, 'columns'),
                         ({'columns': 'number,number'}, 'columns'),
                         ({'columns': 'number,'}, 'columns'),
                         ({'timeline': 'all'}, 'timeline'),
                         ({'timeline': 'public', 'format': 'pdf'}, 'timeline'),
                         ({'report': 'summary', 'columns': 'number'}, 'columns'),
                         ({'report': 'summary', 'timeline': 'public'}, 'timeline')):
        body = dict(base, **extra)
        t.eq(refused(body), (422, [field]), 'reports21-2.13 %r: 422 naming %s' % (extra, field))


TAG2 = 'tolakduasatu'


def rejections(t, srv):
    agent = srv.client('agent@demo.test')
    admin = srv.client('admin@demo.test')
    leader = srv.client('leader@demo.test')
    req1 = srv.client('requester@demo.test')
    made = [file_ticket(req1, 'Tolak %d %s' % (i, TAG2), 'uji') for i in range(6)]
    codes = {r['code']: r for r in admin.get('/api/v1/reject-reasons?per_page=50').json['items']}
    t.eq(sorted(codes), ['bukan_kewenangan', 'data_tidak_lengkap', 'duplikat', 'spam'],
         'reports21-3.1 migration 0020 seeds the four reason codes of the seed wording')

    def err_fields(r):
        return r.status, sorted(((r.json or {}).get('error') or {}).get('fields', {}))
    cancel = {'to': 'cancelled', 'reason': 'Sudah ada tiket yang sama'}
    t.eq(err_fields(move(agent, made[0], **dict(cancel, reason_code='tidak_ada'))),
         (422, ['reason_code']), 'reports21-3.2 an unknown code: 422 naming reason_code')
    t.eq(err_fields(move(agent, made[0], 'in_progress', reason_code='duplikat')),
         (422, ['reason_code']), 'reports21-3.3 a code with another status: 422 reason_code')
    t.eq(err_fields(move(req1, made[5], **dict(cancel, reason_code='duplikat'))),
         (422, ['reason_code']), 'reports21-3.4 the requester cancelling their own ticket '
                                 'gives no code: 422 reason_code')
    r = admin.patch('/api/v1/reject-reasons/%d' % codes['spam']['id'], {'active': False})
    t.status(r, 200, 'reports21-3.5 an admin deactivates a code')
    t.eq(err_fields(move(agent, made[1], **dict(cancel, reason_code='spam'))),
         (422, ['reason_code']), 'reports21-3.6 an inactive code: 422 reason_code')
    admin.patch('/api/v1/reject-reasons/%d' % codes['spam']['id'], {'active': True})
    r = admin.post('/api/v1/reject-reasons', {'code': 'di_luar_layanan', 'name': 'Di luar '
                                              'katalog layanan', 'rank': 9})
    t.status(r, 201, 'reports21-3.7 an admin adds a code')
    for num, code in ((made[0], 'duplikat'), (made[1], 'spam'), (made[2], 'duplikat'),
                      (made[3], None), (made[4], 'di_luar_layanan')):
        body = dict(cancel, reason_code=code) if code else cancel
        t.status(move(agent, num, **body), 200, 'reports21-3.8 staff reject %s (%s)' % (num, code))
    t.status(move(req1, made[5], **cancel), 200, 'reports21-3.9 the requester cancels their own')
    ev = req1.get('/api/v1/tickets/%s/events' % made[0]).json['items']
    t.ok(any(e['kind'] == 'reject_code' and e['new_value'] == 'duplikat' for e in ev),
         'reports21-3.10 the code is on the ticket\'s public timeline')
    r = leader.get('/api/v1/reports/rejections?q=' + TAG2)
    t.status(r, 200, 'reports21-3.11 the leader reads the rejections report')
    want = [{'kind': 'rejected', 'code': 'duplikat',
             'label': 'Duplikat: permintaan yang sama sudah ada', 'count': 2},
            {'kind': 'rejected', 'code': 'spam', 'label': 'Spam atau bukan permintaan layanan',
             'count': 1},
            {'kind': 'rejected', 'code': 'di_luar_layanan', 'label': 'Di luar katalog layanan',
             'count': 1},
            {'kind': 'rejected', 'code': '', 'label': '(ditolak tanpa kode)', 'count': 1},
            {'kind': 'requester', 'code': '', 'label': 'Dibatalkan sendiri oleh pemohon',
             'count': 1}]
    t.eq((r.json or {}).get('rows'), want, 'reports21-3.12 rejections per code, apart from the '
                                           'requester\'s own cancellation')
    t.eq([(r.json or {}).get(k) for k in ('rejected', 'cancelled_by_requester')], [5, 1],
         'reports21-3.13 figures rejected and cancelled_by_requester')
    data = export(t, leader, {'report': 'rejections', 'format': 'csv', 'q': TAG2},
                  'reports21-3.14 rejections CSV')
    if data:
        t.eq(csv_rows(data), [['kind', 'code', 'label', 'count']] +
             [[w['kind'], w['code'], w['label'], str(w['count'])] for w in want],
             'reports21-3.15 rejections CSV: exact header and rows')
    t.status(req1.get('/api/v1/reports/rejections'), 403, 'reports21-3.16 not for requesters')


def run(t, srv):
    tk = waiting(t, srv)
    exports(t, srv, tk)
    rejections(t, srv)


if __name__ == '__main__':
    run_on_server('reports21', run)
