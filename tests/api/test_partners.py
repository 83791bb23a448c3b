#!/usr/bin/env python3
"""partners-*: the partner administration (issue #17, seed 003 SOBAT).
Partners with NIK checks, CSV import that is all or nothing, export;
the office scope of partner admins; activities with unit rates; the
yearly ceiling; assignments whose fee Loket computes, refused over the
ceiling (across activities) or the budget, and the concurrent pair of
which exactly one passes; the documents' state, what is missing before
payment, the payment list; the fee and budget reports."""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402

SEQ = [0]


def nik(serial=None, day='15', month='05', year='90', region='327301'):
    """A NIK: region, birth date DDMMYY, then a serial (fresh by default)."""
    if serial is None:
        SEQ[0] += 1
        serial = SEQ[0]
    return '%s%s%s%s%04d' % (region, day, month, year, serial)


def main(t):
    srv = Server()
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'server exits cleanly (status 0, no sanitizer report)', detail)


def run(t, srv):
    admin = srv.client('admin@demo.test')
    pic = srv.client('pic@demo.test')          # partner admin of Diskominfo (demo)
    agent = srv.client('agent@demo.test')
    req = srv.client('requester@demo.test')
    units = {u['name']: u['id'] for u in admin.get('/api/v1/units?per_page=200').json['items']}
    kominfo, dinkes = units['Diskominfo'], units['Dinas Kesehatan']
    ctx = dict(srv=srv, admin=admin, pic=pic, agent=agent, req=req, kominfo=kominfo,
               dinkes=dinkes)
    for part in (crud, nik_checks, imports, export, scope, activities, ceilings, assignments,
                 concurrent_pair, follow_through, reports):
        part(t, ctx)


def new_partner(c, unit, **kw):
    body = dict({'name': 'Mitra %d' % (SEQ[0] + 1), 'nik': nik(), 'unit_id': unit,
                 'bank_name': 'BRI', 'bank_account': '0021010001%05d' % SEQ[0]}, **kw)
    r = c.post('/api/v1/partners', body)
    if r.status != 201:
        raise RuntimeError('partner: %r' % r)
    return r.json['id']


def crud(t, x):
    a = x['admin']
    body = {'name': 'Rina Marlina', 'nik': '3273015505900101', 'address': 'Jl. Braga No. 1',
            'phone': '081322220001', 'email': 'rina@contoh.id', 'bank_name': 'BNI',
            'bank_account': '0987654321', 'unit_id': x['kominfo']}
    r = a.post('/api/v1/partners', body)
    t.status(r, 201, 'partners-1.1 admin creates a partner')
    pid = (r.json or {}).get('id')
    t.eq({k: (r.json or {}).get(k) for k in body}, body, 'partners-1.2 every field stored')
    t.eq(a.get('/api/v1/partners/%s' % pid).json['nik'], '3273015505900101',
         'partners-1.3 read back')
    r = a.patch('/api/v1/partners/%s' % pid, {'phone': '081322220009'})
    t.ok(r.status == 200 and r.json['phone'] == '081322220009', 'partners-1.4 update', r)
    r = a.get('/api/v1/partners?q=Marlina')
    t.ok(r.status == 200 and [p['id'] for p in r.json['items']] == [pid],
         'partners-1.5 search box q finds by name', r)
    r = a.get('/api/v1/partners?q=3273015505900101')
    t.eq([p['id'] for p in r.json['items']], [pid], 'partners-1.6 q finds by NIK')
    r = a.get('/api/v1/partners?bank_name=BNI&unit_id=%d' % x['kominfo'])
    t.ok(pid in [p['id'] for p in r.json['items']] and
         all(p['bank_name'] == 'BNI' for p in r.json['items']), 'partners-1.7 filters', r)
    r = a.get('/api/v1/partners?per_page=2&page=2&sort=name')
    t.ok(r.status == 200 and r.json['page'] == 2 and r.json['per_page'] == 2 and
         len(r.json['items']) == 2 and r.json['total'] >= 6, 'partners-1.8 pages', r)
    r = a.post('/api/v1/partners', dict(body, name='Rina Lagi'))
    t.eq((r.status, r.code()), (409, 'partner.duplicate'),
         'partners-1.9 the same NIK twice is a 409')
    r = a.post('/api/v1/partners', {'name': 'Tanpa kantor', 'nik': nik()})
    t.ok(r.status == 422 and 'unit_id' in r.json['error'].get('fields', {}),
         'partners-1.10 an admin must name the office', r)
    t.status(a.delete('/api/v1/partners/%s' % pid), 204, 'partners-1.11 delete')
    t.status(a.get('/api/v1/partners/%s' % pid), 404, 'partners-1.12 gone')


def nik_checks(t, x):
    a = x['admin']
    bad = {
        '327301150590001': '15 digits',
        '32730115059000a1': 'a letter',
        '0073011505900001': 'province 00',
        '2073011505900001': 'province 20 does not exist',
        '3200011505900001': 'regency 00',
        '3273001505900001': 'district 00',
        '3273013205900001': 'day 32',
        '3273011513900001': 'month 13',
        '3273013002900001': '30 February',
        '3273012902010001': '29 February 1901/2001',
        '3273017205900001': 'day 72 (women: 32)',
        '3273011505900000': 'serial 0000',
    }
    for value, why in bad.items():
        r = a.post('/api/v1/partners', {'name': 'Uji NIK', 'nik': value,
                                        'unit_id': x['kominfo']})
        t.ok(r.status == 422 and 'nik' in r.json['error'].get('fields', {}),
             'partners-2 NIK refused: %s' % why, r)
    good = {'3273015505900201': 'woman (day + 40)', '3273012902000202': '29 February 2000',
            '9471011505900203': 'Papua (94)', '1101013112990204': '31 December'}
    for value, why in good.items():
        r = a.post('/api/v1/partners', {'name': 'Uji NIK', 'nik': value,
                                        'unit_id': x['kominfo']})
        t.status(r, 201, 'partners-2 NIK accepted: %s' % why)


def import_csv(c, text, ct='text/csv'):
    return c.request('POST', '/api/v1/partners/import', raw=text.encode('utf-8'),
                     content_type=ct)


def count_nik(a, value):
    return a.get('/api/v1/partners?nik=%s' % value).json['total']


def imports(t, x):
    a, pic = x['admin'], x['pic']
    n1, n2, n3 = nik(), nik(), nik()
    text = ('\ufeffname;nik;address;bank_name;bank_account;unit_id\r\n'
            '"Hartono; S.E.";%s;"Jl. Asia Afrika, No. 8";BRI;"0012";%d\r\n'
            '"Yuni ""Yuyun""";%s;;BNI;55;%d\r\n'
            '\r\n'
            'Wawan;%s;"Jl. ""Cikapundung""";Mandiri;66;%d\r\n') % (
        n1, x['kominfo'], n2, x['kominfo'], n3, x['dinkes'])
    r = import_csv(a, text)
    t.eq((r.status, r.json), (200, {'imported': 3}),
         'partners-3.1 semicolons, BOM, quotes and a blank line: 3 imported')
    p = a.get('/api/v1/partners?nik=%s' % n1).json['items']
    t.ok(p and p[0]['name'] == 'Hartono; S.E.' and p[0]['address'] == 'Jl. Asia Afrika, No. 8'
         and p[0]['bank_account'] == '0012', 'partners-3.2 quoted fields kept whole', p)
    p = a.get('/api/v1/partners?nik=%s' % n3).json['items']
    t.ok(p and p[0]['address'] == 'Jl. "Cikapundung"', 'partners-3.3 doubled quotes', p)

    good, dup_a, dup_b = nik(), nik(), n1
    text = ('name,nik,unit_id\n'
            'Benar,%s,%d\n'
            'NIK salah,1234,%d\n'
            'Dobel di berkas,%s,%d\n'
            'Dobel di berkas,%s,%d\n'
            'Sudah ada,%s,%d\n'
            'Kantor hilang,%s,999999\n'
            'Kurang kolom,%s\n') % (good, x['kominfo'], x['kominfo'], dup_a, x['kominfo'],
                                    dup_a, x['kominfo'], dup_b, x['kominfo'], nik(), nik())
    before = a.get('/api/v1/partners').json['total']
    r = import_csv(a, text)
    fields = (r.json or {}).get('error', {}).get('fields', {})
    t.eq((r.status, r.code()), (422, 'partner.import_invalid'),
         'partners-3.4 a wrong file: 422 partner.import_invalid')
    t.eq(sorted(fields), ['row 3', 'row 5', 'row 6', 'row 7', 'row 8'],
         'partners-3.5 one field per wrong row, rows as in a spreadsheet (header = row 1)')
    t.ok('nik' in fields.get('row 3', ''), 'partners-3.6 the row names its problem', fields)
    t.eq((count_nik(a, good), count_nik(a, dup_a), a.get('/api/v1/partners').json['total']),
         (0, 0, before), 'partners-3.7 nothing half-imported: not even the right rows')
    r = import_csv(a, 'name,nik,unit_id\nX,%s,%d\n' % (nik(), x['kominfo']),
                   ct='application/json')
    t.status(r, 415, 'partners-3.8 not text/csv: 415')
    r = import_csv(a, 'nama,nik\nX,%s\n' % nik())
    t.ok(r.status == 422 and 'row 1' in r.json['error']['fields'],
         'partners-3.9 an unknown column is row 1', r)
    r = import_csv(a, 'name,nik\n"unclosed,%s\n' % nik())
    t.ok(r.status == 422 and 'file' in r.json['error']['fields'], 'partners-3.10 broken CSV', r)
    r = import_csv(a, 'name,nik,unit_id\nYuni "Yuyun",%s,%d\n' % (nik(), x['kominfo']))
    t.ok(r.status == 422 and r.json['error']['fields'].get('file') == 'bukan CSV yang benar',
         'partners-3.10b a stray quote is refused, not guessed', r)
    r = import_csv(a, 'name,nik,unit_id\n')
    t.status(r, 422, 'partners-3.11 a header alone imports nothing: 422')
    # a partner admin's rows land in their own office; another office is refused
    mine = nik()
    r = import_csv(pic, 'name,nik\nMilik Kominfo,%s\n' % mine)
    t.eq((r.status, r.json), (200, {'imported': 1}), 'partners-3.12 partner admin imports')
    t.eq(a.get('/api/v1/partners?nik=%s' % mine).json['items'][0]['unit_id'], x['kominfo'],
         'partners-3.13 into their own office')
    r = import_csv(pic, 'name,nik,unit_id\nLain,%s,%d\n' % (nik(), x['dinkes']))
    t.ok(r.status == 422 and 'row 2' in r.json['error']['fields'],
         "partners-3.14 a row for another office is a wrong row", r)
    t.status(import_csv(x['req'], 'name,nik\nX,%s\n' % nik()), 404,
             'partners-3.15 requesters: 404')


def export(t, x):
    a, pic = x['admin'], x['pic']
    new_partner(a, x['kominfo'], name='=HYPERLINK("http://jahat.example","klik")')
    other = new_partner(a, x['dinkes'], name='Mitra Dinkes Ekspor')
    r = a.get('/api/v1/partners/export')
    t.ok(r.status == 200 and r.headers.get('content-type', '').startswith('text/csv'),
         'partners-4.1 export is CSV', r)
    t.ok('"\'=HYPERLINK(""http://jahat.example"",""klik"")"' in r.body,
         'partners-4.2 formula-like names neutralised (report/csv.c)', r.body[:400])
    t.ok(r.body.startswith('\ufeffid,name,nik,'), 'partners-4.3 header row', r.body[:80])
    body = pic.get('/api/v1/partners/export').body
    t.ok('Mitra Dinkes Ekspor' not in body and 'Budi Santoso' in body,
         "partners-4.4 a partner admin exports only their own office", body[:300])
    a.delete('/api/v1/partners/%d' % other)


def scope(t, x):
    a, pic, agent, req = x['admin'], x['pic'], x['agent'], x['req']
    other = new_partner(a, x['dinkes'], name='Mitra Kantor Lain')
    mine = new_partner(a, x['kominfo'], name='Mitra Kantor Sendiri')
    items = pic.get('/api/v1/partners?per_page=200').json['items']
    t.ok(items and all(p['unit_id'] == x['kominfo'] for p in items) and
         mine in [p['id'] for p in items], "partners-5.1 partner admin lists their office only")
    r = pic.get('/api/v1/partners?unit_id=%d' % x['dinkes'])
    t.eq(r.json['total'], 0, "partners-5.2 filtering another office shows nothing")
    for method, path, body in (('GET', '/api/v1/partners/%d' % other, None),
                               ('PATCH', '/api/v1/partners/%d' % other, {'phone': '0811'}),
                               ('DELETE', '/api/v1/partners/%d' % other, None)):
        r = pic.request(method, path, body)
        t.eq((r.status, r.code()), (404, 'partner.not_found'),
             "partners-5.3 another office's partner is not there: %s" % method)
    r = pic.post('/api/v1/partners', {'name': 'X', 'nik': nik(), 'unit_id': x['dinkes']})
    t.eq((r.status, r.code()), (403, 'partner.other_office'),
         'partners-5.4 no partner created for another office')
    r = pic.patch('/api/v1/partners/%d' % mine, {'unit_id': x['dinkes']})
    t.eq((r.status, r.code()), (403, 'partner.other_office'),
         'partners-5.5 no partner moved to another office')
    r = pic.post('/api/v1/partners', {'name': 'Tanpa unit', 'nik': nik()})
    t.ok(r.status == 201 and r.json['unit_id'] == x['kominfo'],
         'partners-5.6 a new partner lands in the office by default', r)
    for who, c in (('requester', req), ('agent without the flag', agent)):
        for path in ('/api/v1/partners', '/api/v1/partners/%d' % mine, '/api/v1/activities',
                     '/api/v1/assignments', '/api/v1/reports/partner-fees?month=2026-03',
                     '/api/v1/payments', '/api/v1/partner-ceilings/2026'):
            r = c.get(path)
            t.eq((r.status, r.code()), (404, 'not_found'), 'partners-5.7 %s: 404 %s' %
                 (who, path))
    t.eq([c.get('/api/v1/me').json['user']['uses_partners'] for c in (a, pic, agent, req)],
         [True, True, False, False], 'partners-5.7b /me says who may use it (the web menu)')
    uid = [u['id'] for u in a.get('/api/v1/users?per_page=200').json['items']
           if u['email'] == 'agent@demo.test'][0]
    r = a.patch('/api/v1/users/%d' % uid, {'partner_admin': True})
    t.ok(r.status == 200 and r.json['partner_admin'] is True,
         'partners-5.8 an admin makes an agent partner admin', r)
    agent2 = x['srv'].client('agent@demo.test')
    t.ok(mine in [p['id'] for p in agent2.get('/api/v1/partners?per_page=200').json['items']],
         "partners-5.9 ... who then administers their unit's partners")
    a.patch('/api/v1/users/%d' % uid, {'partner_admin': False})
    rid = [u['id'] for u in a.get('/api/v1/users?per_page=200').json['items']
           if u['email'] == 'requester@demo.test'][0]
    r = a.patch('/api/v1/users/%d' % rid, {'partner_admin': True})
    t.ok(r.status == 422 and 'partner_admin' in r.json['error']['fields'],
         'partners-5.10 only agents with a unit can be partner admins', r)


def activity(a, code, start, end, budget, rates):
    r = a.post('/api/v1/activities', {'code': code, 'name': 'Kegiatan ' + code,
                                      'start_date': start, 'end_date': end, 'budget': budget,
                                      'rates': rates})
    if r.status != 201:
        raise RuntimeError('activity: %r' % r)
    return r.json['id']


def activities(t, x):
    a, pic = x['admin'], x['pic']
    body = {'code': 'SE-2027', 'name': 'Sensus Ekonomi 2027', 'start_date': '2027-05-01',
            'end_date': '2027-07-31', 'budget': 90000000,
            'rates': [{'output': 'dokumen', 'unit_rate': 4000},
                      {'output': 'hari', 'unit_rate': 150000}]}
    r = a.post('/api/v1/activities', body)
    t.status(r, 201, 'partners-6.1 admin creates an activity with rates')
    aid = r.json['id']
    t.eq(a.get('/api/v1/activities/%d' % aid).json['rates'],
         [{'output': 'dokumen', 'unit_rate': 4000}, {'output': 'hari', 'unit_rate': 150000}],
         'partners-6.2 rates read back')
    r = a.patch('/api/v1/activities/%d' % aid, {'rates': [{'output': 'responden',
                                                           'unit_rate': 20000}]})
    t.eq(r.json.get('rates'), [{'output': 'responden', 'unit_rate': 20000}],
         'partners-6.3 rates replaced as a whole')
    for bad, why in (({'rates': [{'output': 'a', 'unit_rate': 1}, {'output': 'a',
                                                                     'unit_rate': 2}]},
                      'rates'), ({'rates': [{'output': 'a', 'unit_rate': -1}]}, 'rates[0]'),
                     ({'rates': [{'output': 'a', 'unit_rate': 1.5}]}, 'rates[0]'),
                     ({'end_date': '2027-04-30'}, 'end_date'),
                     ({'start_date': '2027-02-30'}, 'start_date')):
        r = a.patch('/api/v1/activities/%d' % aid, bad)
        t.ok(r.status == 422 and why in r.json['error'].get('fields', {}),
             'partners-6.4 refused: %s' % bad, r)
    t.eq(pic.get('/api/v1/activities/%d' % aid).status, 200,
         'partners-6.5 partner admins read activities')
    r = pic.patch('/api/v1/activities/%d' % aid, {'name': 'x'})
    t.eq((r.status, r.code()), (403, 'forbidden'), 'partners-6.6 ... but do not set them')
    t.eq(pic.post('/api/v1/activities', dict(body, code='X1')).status, 403,
         'partners-6.7 ... nor create them')


def ceilings(t, x):
    a, pic = x['admin'], x['pic']
    r = a.get('/api/v1/partner-ceilings/2031')
    t.eq((r.status, r.code()), (404, 'ceiling.not_found'), 'partners-7.1 no ceiling yet: 404')
    r = a.request('PUT', '/api/v1/partner-ceilings/2027', {'monthly': 3200000})
    t.eq((r.status, r.json), (200, {'year': 2027, 'monthly': 3200000}),
         'partners-7.2 admin sets the 2027 monthly ceiling')
    t.eq(pic.get('/api/v1/partner-ceilings/2027').json, {'year': 2027, 'monthly': 3200000},
         'partners-7.3 partner admins read it')
    t.eq(pic.request('PUT', '/api/v1/partner-ceilings/2027', {'monthly': 1}).status, 403,
         '... and do not set it')
    r = a.request('PUT', '/api/v1/partner-ceilings/2027', {'monthly': -1})
    t.status(r, 422, 'partners-7.4 negative: 422')
    r = a.request('PUT', '/api/v1/partner-ceilings/2027', {'monthly': 3200000.5})
    t.status(r, 422, 'partners-7.5 not whole rupiah: 422')
    audit = a.get('/api/v1/audit?resource=partner-ceilings').json['items']
    t.ok(audit and audit[0]['record_id'] == 2027, 'partners-7.6 audited', audit[:1])


def post_asg(c, pid, aid, output, volume, month=None):
    body = {'partner_id': pid, 'activity_id': aid, 'output': output, 'volume': volume}
    if month:
        body['month'] = month
    return c.post('/api/v1/assignments', body)


def assignments(t, x):
    a, pic = x['admin'], x['pic']
    p = new_partner(a, x['kominfo'], name='Mitra Honor')
    one = activity(a, 'A1-2027', '2027-03-31', '2027-03-31', 10000000,
                   [{'output': 'dokumen', 'unit_rate': 4000}])      # a one-day activity
    span = activity(a, 'A2-2027', '2027-01-15', '2027-03-15', 10000000,
                    [{'output': 'responden', 'unit_rate': 25000}])
    r = post_asg(pic, p, one, 'dokumen', 262)
    t.status(r, 201, 'partners-8.1 assignment created')
    asg = (r.json or {}).get('assignment', {})
    t.eq((asg.get('fee'), asg.get('month')), (1048000, '2027-03'),
         'partners-8.2 fee = 262 × Rp 4.000 = Rp 1.048.000, month of a one-day activity')
    first = asg.get('id')
    r = pic.patch('/api/v1/assignments/%s' % first, {'role': 'Petugas Pendataan Lapangan',
                                                     'area': 'Kecamatan Coblong'})
    t.eq((r.status, r.json.get('role'), r.json.get('area'), r.json.get('fee')),
         (200, 'Petugas Pendataan Lapangan', 'Kecamatan Coblong', 1048000),
         'partners-8.2b role and work area (for the letters) set')
    r = pic.patch('/api/v1/assignments/%s' % first, {'area': None})
    t.eq((r.json.get('role'), r.json.get('area')), ('Petugas Pendataan Lapangan', None),
         'partners-8.2c null clears one, the other stays')
    r = post_asg(pic, p, span, 'responden', 10)
    t.ok(r.status == 422 and 'month' in r.json['error']['fields'],
         'partners-8.3 an activity over months needs the month', r)
    r = post_asg(pic, p, span, 'responden', 10, '2027-04')
    t.ok(r.status == 422 and 'month' in r.json['error']['fields'],
         'partners-8.4 a month outside the period is refused', r)
    r = post_asg(pic, p, span, 'responden', 10, '2027-4')
    t.status(r, 422, 'partners-8.5 a malformed month is refused')
    r = post_asg(pic, p, span, 'dokumen', 10, '2027-03')
    t.ok(r.status == 422 and 'output' in r.json['error']['fields'],
         'partners-8.6 an output without a rate is refused', r)
    for v in (0, -5, 1.5, '3'):
        r = post_asg(pic, p, one, 'dokumen', v)
        t.ok(r.status == 422 and 'volume' in r.json['error']['fields'],
             'partners-8.7 volume %r refused' % (v,), r)
    # 1,048,000 + 80 × 25,000 = 3,048,000 ≤ 3,200,000 (across two activities)
    r = post_asg(pic, p, span, 'responden', 80, '2027-03')
    t.ok(r.status == 201 and r.json['assignment']['fee'] == 2000000,
         'partners-8.8 a second activity in the same month, under the ceiling', r)
    second = r.json['assignment']['id']
    # the live check of a form: the same rules, nothing kept
    before = a.get('/api/v1/assignments?partner_id=%d' % p).json['total']
    r = pic.post('/api/v1/assignments/check', {'partner_id': p, 'activity_id': span,
                                               'output': 'responden', 'volume': 6,
                                               'month': '2027-03'})
    t.eq((r.status, r.json), (200, {'fee': 150000, 'unit_rate': 25000, 'month': '2027-03',
                                    'total': 3198000, 'ceiling': 3200000, 'remaining': 2000,
                                    'activity_total': 2150000, 'budget': 10000000,
                                    'budget_remaining': 7850000}),
         'partners-8.8b check: the fee and what is left, while typing')
    r = pic.post('/api/v1/assignments/check', {'partner_id': p, 'activity_id': span,
                                               'output': 'responden', 'volume': 7,
                                               'month': '2027-03'})
    t.eq((r.status, r.code(), r.json['error'].get('total')),
         (409, 'partner.ceiling_exceeded', 3223000), 'partners-8.8c check: the same refusal')
    t.eq(a.get('/api/v1/assignments?partner_id=%d' % p).json['total'], before,
         'partners-8.8d check keeps nothing')
    t.status(x['req'].post('/api/v1/assignments/check', {'partner_id': p}), 404,
             'partners-8.8e check: requesters 404')
    r = post_asg(pic, p, span, 'responden', 7, '2027-03')     # + 175,000 = 3,223,000
    err = (r.json or {}).get('error', {})
    t.eq((r.status, err.get('code'), err.get('month'), err.get('total'), err.get('ceiling')),
         (409, 'partner.ceiling_exceeded', '2027-03', 3223000, 3200000),
         'partners-8.9 over the ceiling across activities: 409 naming month, total, ceiling')
    r = post_asg(pic, p, span, 'responden', 6, '2027-03')     # + 150,000 = 3,198,000
    t.status(r, 201, 'partners-8.10 just under the ceiling passes')
    r = post_asg(pic, p, span, 'responden', 80, '2027-02')
    t.status(r, 201, 'partners-8.11 another month has its own ceiling')
    # an update is checked like a new one, and a refusal changes nothing
    r = a.patch('/api/v1/assignments/%d' % second, {'volume': 90})
    t.eq((r.status, r.code()), (409, 'partner.ceiling_exceeded'), 'partners-8.12 update over')
    t.eq(a.get('/api/v1/assignments/%d' % second).json['fee'], 2000000,
         'partners-8.13 ... leaves the assignment as it was')
    r = a.patch('/api/v1/assignments/%d' % second, {'volume': 40})
    t.ok(r.status == 200 and r.json['fee'] == 1000000, 'partners-8.14 update under', r)
    # budget
    small = activity(a, 'A3-2027', '2027-06-01', '2027-06-30', 100000,
                     [{'output': 'hari', 'unit_rate': 40000}])
    q = new_partner(a, x['kominfo'], name='Mitra Pagu')
    t.status(post_asg(a, q, small, 'hari', 2), 201, 'partners-8.15 within the budget')
    r = post_asg(a, p, small, 'hari', 1)
    err = (r.json or {}).get('error', {})
    t.eq((r.status, err.get('code'), err.get('total'), err.get('budget')),
         (409, 'activity.budget_exceeded', 120000, 100000),
         'partners-8.16 over the activity budget: 409 activity.budget_exceeded')
    r = a.patch('/api/v1/activities/%d' % small, {'budget': 50000})
    t.eq((r.status, r.code()), (409, 'activity.budget_exceeded'),
         'partners-8.17 a budget below what is spent is refused')
    r = a.patch('/api/v1/activities/%d' % span, {'end_date': '2027-02-28'})
    t.eq((r.status, r.code()), (409, 'activity.assignments_outside'),
         'partners-8.17b a period that leaves assignments outside is refused')
    r = a.patch('/api/v1/activities/%d' % span, {'start_date': '2027-02-01'})
    t.status(r, 200, 'partners-8.17c a period that still holds them is fine')
    # no ceiling for the year; overflow
    far = activity(a, 'A4-2040', '2040-01-01', '2040-01-31', 10 ** 15,
                   [{'output': 'hari', 'unit_rate': 10 ** 15}])
    r = post_asg(a, p, far, 'hari', 1)
    t.eq((r.status, r.code()), (409, 'partner.ceiling_missing'),
         'partners-8.18 no ceiling set for the year: 409')
    r = post_asg(a, p, far, 'hari', 1000000000)
    t.ok(r.status == 422 and 'volume' in r.json['error']['fields'],
         'partners-8.19 a fee past Rp 10^15 is refused, never wrapped', r)
    # list, scope, delete
    r = pic.get('/api/v1/assignments?partner_id=%d&month=2027-03' % p)
    t.ok(r.status == 200 and r.json['total'] == 3 and
         sum(i['fee'] for i in r.json['items']) == 1048000 + 1000000 + 150000,
         'partners-8.20 list filtered by partner and month', r)
    for bad in ('partner_id=5x', 'activity_id=0', 'month=2027-3'):
        r = pic.get('/api/v1/assignments?' + bad)
        t.ok(r.status == 422 and bad.split('=')[0] in r.json['error']['fields'],
             'partners-8.20b a bad filter is 422: %s' % bad, r)
    t.status(pic.get('/api/v1/contracts?partner_id=5x'), 422, 'partners-8.20c ... contracts too')
    t.eq(pic.get('/api/v1/assignments?q=A3-2027').json['total'], 1,
         'partners-8.21 q finds by activity code')
    t.eq((a.delete('/api/v1/partners/%d' % p).code(), a.delete('/api/v1/activities/%d' % span)
          .code()), ('partner.referenced', 'activity.referenced'),
         'partners-8.21b a partner or activity with assignments is not deleted (409)')
    r = a.delete('/api/v1/assignments/%d' % second)
    t.status(r, 204, 'partners-8.22 delete')
    t.status(post_asg(pic, p, span, 'responden', 40, '2027-03'), 201,
             'partners-8.23 ... frees room under the ceiling')
    r = x['req'].post('/api/v1/assignments', {'partner_id': p, 'activity_id': one,
                                              'output': 'dokumen', 'volume': 1})
    t.status(r, 404, 'partners-8.24 requesters: 404')
    audit = a.get('/api/v1/audit?resource=assignments').json['items']
    t.ok(len(audit) >= 5, 'partners-8.25 assignments are audited', len(audit))


def concurrent_pair(t, x):
    """Two assignments that each fit but together pass the ceiling, sent at
    the same moment: exactly one is created, every round."""
    a = x['admin']
    act = activity(a, 'PAR-2027', '2027-08-01', '2027-08-31', 10 ** 12,
                   [{'output': 'hari', 'unit_rate': 100000}])
    clients = [x['srv'].client('admin@demo.test'), x['srv'].client('pic@demo.test')]
    rounds, good = 15, 0
    detail = []
    for i in range(rounds):
        p = new_partner(a, x['kominfo'], name='Mitra Paralel %d' % i)
        barrier = threading.Barrier(2)
        out = [None, None]

        def fire(k):
            barrier.wait()
            out[k] = post_asg(clients[k], p, act, 'hari', 20)   # Rp 2.000.000 each

        th = [threading.Thread(target=fire, args=(k,)) for k in (0, 1)]
        for h in th:
            h.start()
        for h in th:
            h.join()
        statuses = sorted(r.status for r in out)
        total = sum(j['fee'] for j in a.get('/api/v1/assignments?partner_id=%d' % p)
                    .json['items'])
        if statuses == [201, 409] and total == 2000000:
            good += 1
        else:
            detail.append('round %d: %r total %d' % (i, out, total))
    t.eq(good, rounds, 'partners-9 concurrent pair over the ceiling: exactly one 201 in '
         'each of %d rounds' % rounds)
    if detail:
        print('# ' + '\n# '.join(detail))


def follow_through(t, x):
    a, pic = x['admin'], x['pic']
    act = activity(a, 'FT-2027', '2027-09-01', '2027-09-30', 10 ** 9,
                   [{'output': 'dokumen', 'unit_rate': 4000}])
    p = new_partner(a, x['kominfo'], name='Mitra Tindak Lanjut')
    nobank = new_partner(a, x['kominfo'], name='Mitra Tanpa Rekening', bank_account=None)
    ids = [post_asg(pic, p, act, 'dokumen', n).json['assignment']['id'] for n in (100, 50)]
    post_asg(pic, nobank, act, 'dokumen', 10)
    month = '2027-09'
    r = pic.get('/api/v1/payments/missing?month=%s' % month)
    miss = {c['partner_id']: c['missing'] for c in r.json['items']}
    t.eq(miss.get(p), ['contract_signed', 'surat_tugas_issued', 'bast_signed'],
         'partners-10.1 missing before payment: contract, surat tugas, BAST')
    t.eq(miss.get(nobank), ['contract_signed', 'surat_tugas_issued', 'bast_signed',
                            'bank_account'], 'partners-10.2 ... and a missing bank account')
    r = pic.patch('/api/v1/contracts/%d/%s' % (p, month), {'contract_signed': True,
                                                          'bast_signed': True})
    t.ok(r.status == 200 and r.json['contract_signed'] and r.json['bast_signed'] and
         r.json['missing'] == ['surat_tugas_issued'], 'partners-10.3 states set', r)
    t.eq(pic.patch('/api/v1/assignments/%d' % ids[0], {'surat_tugas_issued': True}).status,
         200, 'partners-10.4 surat tugas issued on an assignment')
    r = pic.get('/api/v1/contracts?month=%s&partner_id=%d' % (month, p))
    t.eq((r.json['items'][0]['surat_tugas_missing'], r.json['items'][0]['missing']),
         (1, ['surat_tugas_issued']), 'partners-10.5 one surat tugas still missing')
    t.eq([c['partner_id'] for c in pic.get('/api/v1/payments?month=%s' % month)
          .json['items']], [], 'partners-10.6 not in the payment list yet')
    pic.patch('/api/v1/assignments/%d' % ids[1], {'surat_tugas_issued': True})
    r = pic.get('/api/v1/payments?month=%s' % month)
    t.ok(r.status == 200 and [c['partner_id'] for c in r.json['items']] == [p] and
         r.json['items'][0]['total'] == 600000 and r.json['sum'] == 600000 and
         r.json['items'][0]['bank_account'], 'partners-10.7 payment list with bank account', r)
    t.ok(p not in [c['partner_id'] for c in pic.get('/api/v1/payments/missing?month=%s' %
                                                     month).json['items']],
         'partners-10.8 nothing missing any more')
    r = pic.get('/api/v1/payments?month=%s&format=csv' % month)
    acct = a.get('/api/v1/partners/%d' % p).json['bank_account']
    t.ok(r.status == 200 and acct in r.body and '600000' in r.body,
         'partners-10.9 payment list as CSV for the finance office', r.body[:300])
    r = pic.get('/api/v1/payments?month=%s&format=xlsx' % month)
    t.ok(r.status == 200 and r.body[:2] == 'PK', 'partners-10.10 ... and XLSX', r.status)
    r = pic.patch('/api/v1/contracts/%d/%s' % (p, month), {'paid': True})
    t.ok(r.status == 200 and r.json['paid'], 'partners-10.11 marked paid', r)
    r = pic.patch('/api/v1/contracts/%d/%s' % (p, month), {'terminated': True})
    t.eq(r.json['missing'], ['terminated'], 'partners-10.12 a terminated contract is blocked')
    r = pic.patch('/api/v1/contracts/%d/2027-10' % p, {'paid': True})
    t.eq((r.status, r.code()), (404, 'contract.not_found'),
         'partners-10.13 no contract without assignments that month')
    r = pic.patch('/api/v1/contracts/%d/%s' % (p, month), {'paid': 'ya'})
    t.status(r, 422, 'partners-10.14 states are booleans')
    audit = a.get('/api/v1/audit?resource=contracts').json['items']
    t.ok(len(audit) == 3 and audit[0]['detail']['new']['terminated'] is True,
         'partners-10.15 state changes are audited', audit[:1])


def reports(t, x):
    a, pic = x['admin'], x['pic']
    r = a.get('/api/v1/reports/partner-fees?month=2026-03')
    rows = {row['name']: row for row in r.json['rows']}
    t.eq((r.json['ceiling'], rows['Budi Santoso']['total'], rows['Budi Santoso']['ceiling'],
          rows['Budi Santoso']['remaining']), (3200000, 2048000, 3200000, 1152000),
         'partners-11.1 fees per partner against the ceiling (demo: Budi, March 2026)')
    t.ok('Agus Salim' in rows, 'partners-11.2 admins see every office')
    names = [row['name'] for row in pic.get('/api/v1/reports/partner-fees?month=2026-03')
             .json['rows']]
    t.ok('Budi Santoso' in names and 'Agus Salim' not in names,
         "partners-11.3 a partner admin's report holds their office only", names)
    t.status(a.get('/api/v1/reports/partner-fees'), 422, 'partners-11.4 month is required')
    r = a.get('/api/v1/reports/activity-budgets?year=2026')
    rows = {row['code']: row for row in r.json['rows']}
    t.eq((rows['SSN-2026-03']['budget'], rows['SSN-2026-03']['used']), (50000000, 3748000),
         'partners-11.5 realisation against pagu per activity')
    for fmt, ctype, magic in (('csv', 'text/csv', '\ufeff'), ('xlsx', 'application/vnd.',
                                                              'PK'), ('pdf', 'application/pdf',
                                                                      '%PDF')):
        r = a.get('/api/v1/reports/partner-fees?month=2026-03&format=' + fmt)
        t.ok(r.status == 200 and r.headers.get('content-type', '').startswith(ctype) and
             r.body.startswith(magic), 'partners-11.6 partner fees as %s' % fmt, r.status)
    r = a.get('/api/v1/reports/activity-budgets?format=csv')
    t.ok('SSN-2026-03' in r.body and '50000000' in r.body, 'partners-11.7 budgets as CSV',
         r.body[:200])
    # the same reports as export jobs (POST /exports), scoped like the API
    for report, filters, fmt, needle in (('partner-fees', {'month': '2026-03'}, 'csv',
                                          'Budi Santoso'),
                                         ('activity-budgets', {'year': 2026}, 'pdf', '%PDF'),
                                         ('payments', {'month': '2026-03'}, 'xlsx', 'PK')):
        r = pic.post('/api/v1/exports', {'report': report, 'format': fmt, 'filters': filters})
        t.status(r, 202, 'partners-11.8 a partner admin exports %s as %s' % (report, fmt))
        job = wait_export(pic, r.json['id'])
        f = pic.get('/api/v1/exports/%d/file' % r.json['id'])
        t.ok(job['status'] == 'done' and f.status == 200 and needle in f.body[:4000] and
             'Agus Salim' not in f.body, 'partners-11.9 ... the file, own office only', job)
    r = pic.post('/api/v1/exports', {'report': 'partner-fees', 'format': 'csv'})
    t.ok(r.status == 422 and 'month' in r.json['error']['fields'],
         'partners-11.10 a bad filter is refused before the job', r)
    r = x['req'].post('/api/v1/exports', {'report': 'payments', 'format': 'csv'})
    t.eq((r.status, r.code()), (404, 'not_found'), 'partners-11.11 requesters: 404')
    r = pic.post('/api/v1/exports', {'report': 'summary', 'format': 'csv'})
    t.eq((r.status, r.code()), (403, 'forbidden'),
         'partners-11.12 a partner admin still has no ticket reports')


def wait_export(c, jid):
    """Polls the job until it is done or failed (the worker has its own thread)."""
    deadline = time.time() + 30
    while time.time() < deadline:
        j = c.get('/api/v1/exports/%d' % jid).json
        if j['status'] in ('done', 'failed'):
            return j
        time.sleep(0.05)
    return j


if __name__ == '__main__':
    Tap().run(main)
