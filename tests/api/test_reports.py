#!/usr/bin/env python3
"""reports-*: report figures against independent SQL over the database file,
rollup counts against a recount after ticket changes through the API, CSV /
XLSX / PDF exports read back, per-ticket PDFs, charts and permissions
(issue #6). A few thousand tickets come from bench/gen_tickets.py."""
import calendar
import csv
import datetime
import io
import math
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from loket import SRC, Server, Tap  # noqa: E402

TZ = 7 * 3600
OPEN = ('new', 'in_progress', 'waiting')
NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def png(w, h):
    """An RGB PNG with a gradient (cairo draws 1x1 images as a flat colour)."""
    def chunk(kind, body):
        return (struct.pack('>I', len(body)) + kind + body +
                struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff))
    raw = b''.join(b'\x00' + b''.join(bytes((x * 7 % 256, y * 5 % 256, 128)) for x in range(w))
                   for y in range(h))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def local_midnight(ymd):
    y, m, d = map(int, ymd.split('-'))
    return calendar.timegm((y, m, d, 0, 0, 0)) - TZ


def period(frm, to):
    return local_midnight(frm), local_midnight(to) + 86400


def main(t):
    srv = Server()
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'reports-99 server exits cleanly (status 0, no sanitizer report)', detail)


def db_of(srv):
    db = srv.db()
    return db


def setup_data(srv):
    """3000 generated tickets, then an SLA policy on a working-hours calendar
    for some of them, feedback and titles that need CSV quoting."""
    subprocess.run([sys.executable, os.path.join(SRC, 'bench', 'gen_tickets.py'),
                    srv.db_target if srv.pg else srv.dir,
                    '3000'], check=True, stdout=subprocess.DEVNULL)
    db = db_of(srv)
    now = '2026-01-01T00:00:00Z'
    db.execute("INSERT INTO calendars (name, timezone, work_days, work_start, work_end, "
               "created_at, updated_at) VALUES ('Jam kerja uji', 'Asia/Jakarta', '1,2,3,4,5', "
               "'08:00', '16:00', ?, ?)", (now, now))
    cal = db.execute("SELECT id FROM calendars WHERE name = 'Jam kerja uji'").fetchone()[0]
    db.execute("INSERT INTO sla_policies (name, first_response_minutes, resolution_minutes, "
               "calendar_id, created_at, updated_at) VALUES ('SLA uji', 60, 480, ?, ?, ?)",
               (cal, now, now))
    pol = db.execute("SELECT id FROM sla_policies WHERE name = 'SLA uji'").fetchone()[0]
    db.execute('UPDATE tickets SET sla_policy_id = ? WHERE id % 5 = 0', (pol,))
    db.execute("UPDATE tickets SET feedback = ? WHERE rating IS NOT NULL AND id % 7 = 0",
               ('Bagus, "cepat"\nsekali',))
    db.execute("UPDATE tickets SET title = ? WHERE id % 11 = 0", ('Printer, "lantai 2"\nmati',))
    db.commit()
    db.close()
    return pol


def business_minutes(a, b):
    """Mon-Fri 08:00-16:00 WIB, no holidays: whole minutes of working time in [a, b)."""
    if b <= a:
        return 0
    total = 0
    day = (a + TZ) // 86400
    while day * 86400 - TZ < b:
        start = day * 86400 - TZ
        if (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoweekday() <= 5:
            lo, hi = max(a, start + 8 * 3600), min(b, start + 16 * 3600)
            if hi > lo:
                total += hi - lo
        day += 1
    return total // 60


def nearest_rank(v, p):
    return v[max(math.ceil(p * len(v)), 1) - 1]


def run(t, srv):
    pol = setup_data(srv)
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    leader = srv.client('leader@demo.test')
    req1 = srv.client('requester@demo.test')
    req2 = srv.client('requester2@demo.test')
    pic = srv.client('pic@demo.test')
    svcs = {s['name']: s for s in admin.get('/api/v1/services?per_page=200').json['items']}
    units = {u['name']: u['id'] for u in admin.get('/api/v1/units?per_page=200').json['items']}
    net = svcs['Gangguan Jaringan Internet']['id']
    comp = svcs['Kerusakan Perangkat Komputer']['id']
    redirect = svcs['Pengajuan Cuti Pegawai']['id']

    # -- reports-1: ticket changes through the API keep the rollups exact
    made = []
    for i in range(24):
        r = req1.post('/api/v1/tickets', {'title': 'Laporan %d' % i, 'description': 'uji',
                                          'service_id': net if i % 2 else comp})
        made.append(r.json['number'])
    for i, num in enumerate(made):
        if i % 6 == 5:
            continue  # stays new
        agent.post('/api/v1/tickets/%s/assign' % num, {})
        agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'in_progress'})
        if i % 6 == 1:
            agent.post('/api/v1/tickets/%s/escalate' % num,
                       {'tier': 2, 'unit_id': units['Diskominfo'], 'reason': 'PIC'})
        if i % 6 == 2:
            t1 = agent.get('/api/v1/tickets/%s' % num).json
            agent.patch('/api/v1/tickets/%s' % num, {'service_id': net, 'priority': 'high',
                                                     'version': t1['version']})
        if i % 3 == 0:
            agent.post('/api/v1/tickets/%s/transitions' % num,
                       {'to': 'resolved', 'summary': 'Sudah diperbaiki, normal kembali.'})
        if i % 6 == 0:
            req1.post('/api/v1/tickets/%s/rating' % num, {'score': 4, 'feedback': 'Mantap'})
        if i % 6 == 3:
            req1.post('/api/v1/tickets/%s/transitions' % num, {'to': 'in_progress'})  # reopen
        if i % 6 == 4:
            agent.post('/api/v1/tickets/%s/transitions' % num,
                       {'to': 'cancelled', 'reason': 'Ganda'})
    for _ in range(3):
        req1.post('/api/v1/services/%d/redirect' % redirect)
    db = db_of(srv)
    recount = {}
    exprs = {'status': 'status', 'unit': "coalesce(CAST(unit_id AS TEXT), '')",
             'service': 'CAST(service_id AS TEXT)',
             'category': "coalesce(CAST(category_id AS TEXT), '')",
             'priority': "coalesce(CAST(priority_id AS TEXT), '')", 'channel': 'channel',
             'tier': 'CAST(tier AS TEXT)', 'agent': "coalesce(CAST(assignee_id AS TEXT), '')"}
    for dim, e in exprs.items():
        for day, key, n in db.execute('SELECT (created_at + 25200) / 86400, %s, count(*) FROM '
                                      'tickets GROUP BY 1, 2' % e):
            recount[(dim, day, key)] = n
    for day, n in db.execute('SELECT (resolved_at + 25200) / 86400, count(*) FROM tickets '
                             'WHERE resolved_at IS NOT NULL GROUP BY 1'):
        recount[('resolved', day, '')] = n
    rollup = {(d, day, k): n for d, day, k, n in
              db.execute('SELECT dim, day, key, n FROM report_daily WHERE n != 0')}
    t.ok(rollup == recount, 'reports-1.1 rollup equals a recount after %d API changes'
         % len(made), 'diff: %r' % sorted(set(rollup.items()) ^ set(recount.items()))[:10])
    changed = db.execute("SELECT count(*) FROM tickets WHERE number IN (%s) AND "
                         "(status != 'new' OR tier != 1)" % ','.join('?' * len(made)),
                         made).fetchone()[0]
    t.ok(changed >= 18, 'reports-1.2 the changes really happened (%d tickets moved)' % changed)

    # -- reports-2: summary by every dimension, rollup and fallback, vs SQL
    frm, to = '2025-01-01', '2025-12-31'
    lo, hi = period(frm, to)
    exprs['month'] = ("to_char(to_timestamp(created_at + 25200) AT TIME ZONE 'UTC', 'YYYY-MM')"
                      if srv.pg else "strftime('%Y-%m', created_at + 25200, 'unixepoch')")
    for dim, e in exprs.items():
        want = dict(db.execute('SELECT %s, count(*) FROM tickets WHERE created_at >= ? AND '
                               'created_at < ? GROUP BY 1' % e, (lo, hi)).fetchall())
        r = leader.get('/api/v1/reports/summary?group_by=%s&from=%s&to=%s' % (dim, frm, to))
        got = {x['key']: x['count'] for x in (r.json or {}).get('rows', [])}
        t.ok(r.status == 200 and got == want and r.json['total'] == sum(want.values()) and
             r.json['source'] == 'rollup' and r.json['group_by'] == dim,
             'reports-2.1 summary by %s from the rollup equals SQL' % dim,
             '%r\n%r\n%r' % (r, got, want))
        wantf = dict(db.execute("SELECT %s, count(*) FROM tickets WHERE created_at >= ? AND "
                                "created_at < ? AND channel = 'web' AND status IN "
                                "('closed', 'resolved') GROUP BY 1" % e, (lo, hi)).fetchall())
        r = admin.get('/api/v1/reports/summary?group_by=%s&from=%s&to=%s&channel=web'
                      '&status=closed,resolved' % (dim, frm, to))
        got = {x['key']: x['count'] for x in (r.json or {}).get('rows', [])}
        t.ok(r.status == 200 and got == wantf and r.json['source'] == 'tickets',
             'reports-2.2 summary by %s with filters (GROUP BY path) equals SQL' % dim,
             '%r\n%r\n%r' % (r, got, wantf))
    r = admin.get('/api/v1/reports/summary?group_by=unit')
    names = dict(db.execute('SELECT CAST(id AS TEXT), name FROM units'))
    t.ok(all(x['label'] == names[x['key']] for x in r.json['rows'] if x['key']),
         'reports-2.3 unit labels are the unit names')
    r = admin.get('/api/v1/reports/summary?group_by=status&from=%s&to=%s' % (frm, to))
    t.ok({x['key']: x['label'] for x in r.json['rows']}.get('new') == 'Baru',
         'reports-2.4 status labels in Indonesian')
    total_all = db.execute('SELECT count(*) FROM tickets').fetchone()[0]
    t.eq(admin.get('/api/v1/reports/summary').json['total'], total_all,
         'reports-2.5 no period: every ticket')
    t.status(admin.get('/api/v1/reports/summary?group_by=colour'), 422,
             'reports-2.6 unknown group_by 422')
    t.status(admin.get('/api/v1/reports/summary?from=2025-13-01'), 422,
             'reports-2.7 bad date 422')
    # a requester-scoped figure through the fallback: pic (tier 2) may not read reports
    t.status(pic.get('/api/v1/reports/summary'), 403, 'reports-2.8 tier-2 agent: 403')
    t.status(req1.get('/api/v1/reports/summary'), 403, 'reports-2.9 requester: 403')
    t.status(agent.get('/api/v1/reports/summary'), 200, 'reports-2.10 tier-1 agent reads')
    r = admin.get('/api/v1/reports/summary?group_by=status&due_within_minutes=60')
    want = dict(db.execute("SELECT status, count(*) FROM tickets WHERE status IN ('new', "
                           "'in_progress') AND resolution_due < ? GROUP BY 1",
                           (int(time.time()) + 3600,)).fetchall())
    t.eq({x['key']: x['count'] for x in r.json['rows']}, want,
         'reports-2.11 due_within_minutes filter as in the ticket list')

    # -- reports-3: created vs resolved over time
    for interval, fmt in (('day', '%Y-%m-%d'), ('week', None), ('month', '%Y-%m')):
        want = {}
        for (c,) in db.execute('SELECT created_at FROM tickets WHERE created_at >= ? AND '
                               'created_at < ?', (lo, hi)):
            want.setdefault(bucket(c, interval), [0, 0])[0] += 1
        for (c,) in db.execute('SELECT resolved_at FROM tickets WHERE resolved_at >= ? AND '
                               'resolved_at < ?', (lo, hi)):
            want.setdefault(bucket(c, interval), [0, 0])[1] += 1
        r = admin.get('/api/v1/reports/series?interval=%s&from=%s&to=%s' % (interval, frm, to))
        got = {x['period']: [x['created'], x['resolved']] for x in (r.json or {}).get('rows', [])}
        t.ok(got == want, 'reports-3.1 created vs resolved per %s equals SQL' % interval,
             '%r' % sorted(set(map(str, got.items())) ^ set(map(str, want.items())))[:6])
        r = admin.get('/api/v1/reports/series?interval=%s&from=%s&to=%s&tier=1'
                      % (interval, frm, to))
        got2 = {x['period']: [x['created'], x['resolved']] for x in r.json['rows']}
        t.ok(r.json['source'] == 'tickets' and sum(v[0] for v in got2.values()) ==
             db.execute('SELECT count(*) FROM tickets WHERE tier = 1 AND created_at >= ? AND '
                        'created_at < ?', (lo, hi)).fetchone()[0],
             'reports-3.2 filtered series per %s counts the filtered tickets' % interval)

    # -- reports-4: first-response and resolution times in business minutes
    fr, res = [], []
    for pid, c, f, rs, paused in db.execute(
            'SELECT sla_policy_id, created_at, first_response_at, resolved_at, '
            'sla_paused_minutes FROM tickets WHERE created_at >= ? AND created_at < ?', (lo, hi)):
        m = business_minutes if pid == pol else (lambda a, b: max(b - a, 0) // 60)
        if f:
            fr.append(m(c, f))
        if rs:
            res.append(max(m(c, rs) - paused, 0))
    r = admin.get('/api/v1/reports/times?from=%s&to=%s' % (frm, to))
    rows = {x['metric']: x for x in (r.json or {}).get('rows', [])}
    for name, v in (('first_response', fr), ('resolution', res)):
        v.sort()
        want = (len(v), nearest_rank(v, 0.5), nearest_rank(v, 0.9), round(sum(v) / len(v), 2))
        x = rows.get(name, {})
        got = (x.get('count'), x.get('median_minutes'), x.get('p90_minutes'),
               x.get('mean_minutes'))
        t.eq(got, want, 'reports-4.1 %s: count, median, p90, mean in business minutes' % name)
    t.ok(any(business_minutes(c, rs) != (rs - c) // 60 for c, rs in db.execute(
        'SELECT created_at, resolved_at FROM tickets WHERE sla_policy_id = ? AND resolved_at '
        'IS NOT NULL LIMIT 50', (pol,))), 'reports-4.2 the calendar really changes durations')

    # -- reports-5: SLA compliance by policy, unit and agent
    keys = {'policy': "coalesce(CAST(sla_policy_id AS TEXT), '')", 'unit': exprs['unit'],
            'agent': exprs['agent']}
    for by, e in keys.items():
        want = {}
        for k, st, b1, b2 in db.execute(
                "SELECT %s, status, first_response_breached, resolution_breached FROM tickets "
                "WHERE status != 'cancelled' AND created_at >= ? AND created_at < ?" % e,
                (lo, hi)):
            w = want.setdefault(k, [0, 0, 0])
            if b1 or b2:
                w[1] += 1
            elif st in ('resolved', 'closed'):
                w[0] += 1
            elif st in OPEN:
                w[2] += 1
        r = admin.get('/api/v1/reports/sla?group_by=%s&from=%s&to=%s' % (by, frm, to))
        got = {x['key']: [x['met'], x['breached'], x['running']]
               for x in (r.json or {}).get('rows', [])}
        t.ok(got == want, 'reports-5.1 SLA met/breached/running by %s equals SQL' % by,
             '%r\n%r' % (got, want))
    r = admin.get('/api/v1/reports/sla?group_by=policy')
    row = [x for x in r.json['rows'] if x['key'] == str(pol)][0]
    t.eq(row['label'], 'SLA uji', 'reports-5.2 policy label')
    done = row['met'] + row['breached']
    t.eq(row['compliance_pct'], round(row['met'] * 100 / done, 2), 'reports-5.3 compliance %')

    # -- reports-6: agent workload
    want = {}
    for aid, st, c, rs in db.execute('SELECT assignee_id, status, created_at, resolved_at FROM '
                                     'tickets WHERE assignee_id IS NOT NULL'):
        w = want.setdefault(aid, [0, 0, []])
        w[0] += st in OPEN
        if rs and lo <= rs < hi:
            w[1] += 1
            w[2].append((rs - c) / 60.0)
    want = {k: [v[0], v[1], round(sum(v[2]) / len(v[2]), 2) if v[2] else None]
            for k, v in want.items()}
    r = admin.get('/api/v1/reports/workload?from=%s&to=%s' % (frm, to))
    got = {x['agent_id']: [x['open'], x['resolved'], x['avg_resolution_minutes']]
           for x in (r.json or {}).get('rows', [])}
    t.ok(got == want, 'reports-6.1 workload: open now, resolved in period, mean time',
         '%r\n%r' % (got, want))

    # -- reports-7: ratings
    dist = dict(db.execute('SELECT rating, count(*) FROM tickets WHERE rating IS NOT NULL AND '
                           'created_at >= ? AND created_at < ? GROUP BY 1', (lo, hi)))
    n = sum(dist.values())
    r = admin.get('/api/v1/reports/ratings?from=%s&to=%s' % (frm, to))
    t.eq(([x['count'] for x in r.json['distribution']], r.json['rating_count'],
          r.json['rating_mean']),
         ([dist.get(i, 0) for i in range(1, 6)], n,
          round(sum(k * v for k, v in dist.items()) / n, 2)),
         'reports-7.1 rating distribution, count and mean')
    t.ok(len(r.json['comments']) == 50 and all(c['feedback'] for c in r.json['comments']),
         'reports-7.2 latest 50 comments with feedback')
    r = admin.get('/api/v1/reports/ratings')
    t.ok(any(c['feedback'] == 'Mantap' for c in r.json['comments']),
         'reports-7.3 feedback given through the API is listed')

    # -- reports-8: redirects per service, monthly recap
    want = dict(db.execute('SELECT CAST(service_id AS TEXT), count(*) FROM service_redirects '
                           'GROUP BY 1'))
    r = admin.get('/api/v1/reports/redirects')
    t.eq({x['key']: x['count'] for x in r.json['redirects']}, want,
         'reports-8.1 redirects per service (3 through the API)')
    t.eq(want, {str(redirect): 3}, 'reports-8.2 the three redirects are there')
    r = admin.get('/api/v1/reports/recap?month=2025-03')
    mlo, mhi = local_midnight('2025-03-01'), local_midnight('2025-04-01')
    mt = db.execute('SELECT count(*) FROM tickets WHERE created_at >= ? AND created_at < ?',
                    (mlo, mhi)).fetchone()[0]
    mr = db.execute('SELECT count(*) FROM tickets WHERE resolved_at >= ? AND resolved_at < ?',
                    (mlo, mhi)).fetchone()[0]
    t.ok(r.status == 200 and r.json['total'] == mt and r.json['created'] == mt and
         r.json['resolved'] == mr and sum(x['count'] for x in r.json['by_unit']) == mt and
         len(r.json['times']) == 2 and 'sla_by_unit' in r.json,
         'reports-8.3 monthly recap combines the figures', r)

    # -- reports-9: charts (the same drawing as in PDFs)
    r = leader.get('/api/v1/reports/chart.svg?report=summary&group_by=status')
    t.ok(r.status == 200 and r.headers.get('content-type') == 'image/svg+xml' and
         '<svg' in r.body, 'reports-9.1 chart.svg', r.status)
    p = subprocess.run(['curl', '-s', '-b', leader.jar, srv.url +
                        '/api/v1/reports/chart.png?report=series&interval=month'],
                       capture_output=True)
    t.ok(p.stdout[:8] == b'\x89PNG\r\n\x1a\n', 'reports-9.2 chart.png is a PNG')
    t.status(leader.get('/api/v1/reports/chart.svg?report=tickets'), 422,
             'reports-9.3 the ticket list has no chart')

    exports(t, srv, db, admin, agent, lo, hi)
    ticket_pdfs(t, srv, db, admin, agent, req1, req2, made)
    db.close()


def bucket(ts, interval):
    d = datetime.datetime.utcfromtimestamp(ts + TZ).date()
    if interval == 'day':
        return d.isoformat()
    if interval == 'month':
        return d.strftime('%Y-%m')
    return (d - datetime.timedelta(days=d.weekday())).isoformat()


def run_export(t, c, body, name):
    r = c.post('/api/v1/exports', body)
    if not t.status(r, 202, '%s: 202 with a job' % name):
        return None, None
    job = r.json
    deadline = time.time() + 60
    while job['status'] in ('queued', 'running') and time.time() < deadline:
        time.sleep(0.1)
        job = c.get('/api/v1/exports/%d' % job['id']).json
    t.ok(job['status'] == 'done' and job['percent'] == 100, '%s: job done, 100%%' % name, job)
    p = subprocess.run(['curl', '-s', '-D', '-', '-o', os.path.join(c.tmp, 'export'),
                        '-b', c.jar, c.base + '/api/v1/exports/%d/file' % job['id']],
                       capture_output=True, text=True)
    with open(os.path.join(c.tmp, 'export'), 'rb') as f:
        data = f.read()
    t.ok('attachment; filename="loket-' in p.stdout, '%s: Content-Disposition' % name)
    return job, data


def xlsx_rows(data, sheet=1):
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', NS):
            shared.append(''.join(x.text or '' for x in si.iter('{%s}t' % NS['m'])))
    root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % sheet))
    rows = []
    for row in root.find('m:sheetData', NS).findall('m:row', NS):
        cells = {}
        for c in row.findall('m:c', NS):
            ref, typ, style = c.get('r'), c.get('t'), c.get('s')
            col = ''.join(ch for ch in ref if ch.isalpha())
            if typ == 'inlineStr':
                val = ''.join(x.text or '' for x in c.iter('{%s}t' % NS['m']))
            elif typ == 's':
                val = shared[int(c.find('m:v', NS).text)]
            else:
                val = float(c.find('m:v', NS).text)
            cells[col] = (typ or 'n', val, style)
        rows.append(cells)
    return z, root, rows


def exports(t, srv, db, admin, agent, lo, hi):
    want = db.execute('SELECT count(*) FROM tickets WHERE created_at >= ? AND created_at < ?',
                      (lo, hi)).fetchone()[0]
    # an export finished 8 days ago: removed (row and file) after the next job
    old = os.path.join(srv.dir, 'exports', '999-old.csv')
    with open(old, 'w') as f:
        f.write('x')
    db.execute("INSERT INTO export_jobs (id, user_id, report, format, params, status, file, "
               "filename, created_at, finished_at) VALUES (999, 1, 'tickets', 'csv', '', "
               "'done', '999-old.csv', 'x.csv', ?, ?)", (int(time.time()) - 8 * 86400,) * 2)
    db.execute("INSERT INTO export_jobs (id, user_id, report, format, params, status, file, "
               "filename, created_at, finished_at) VALUES (998, 1, 'tickets', 'csv', '', "
               "'done', '998-recent.csv', 'x.csv', ?, ?)", (int(time.time()) - 6 * 86400,) * 2)
    db.commit()
    # -- reports-10: CSV
    job, data = run_export(t, admin, {'report': 'tickets', 'format': 'csv',
                                      'filters': {'from': '2025-01-01', 'to': '2025-12-31'}},
                           'reports-10.1 CSV')
    t.ok(data.startswith(b'\xef\xbb\xbf'), 'reports-10.2 CSV starts with the UTF-8 BOM')
    text = data[3:].decode('utf-8')
    t.ok('\r\n' in text, 'reports-10.3 CRLF line ends')
    rows = list(csv.reader(io.StringIO(text, newline='')))
    t.eq(len(rows) - 1, want, 'reports-10.4 one row per ticket of 2025')
    t.eq((os.path.exists(old), [r[0] for r in db.execute(
        'SELECT id FROM export_jobs WHERE id IN (998, 999)')]), (False, [998]),
        'reports-10.13 exports older than 7 days removed, newer kept')
    t.eq(job['total'], want, 'reports-10.5 job total')
    quoted = [r for r in rows if r[1] == 'Printer, "lantai 2"\nmati']
    t.ok(quoted and '"Printer, ""lantai 2""\r\nmati"' not in text and
         '"Printer, ""lantai 2""\nmati"' in text,
         'reports-10.6 comma, quote and newline quoted as RFC 4180')
    nums = set(r[0] for r in rows[1:])
    t.eq(nums, set(x for (x,) in db.execute(
        'SELECT number FROM tickets WHERE created_at >= ? AND created_at < ?', (lo, hi))),
        'reports-10.7 exactly the tickets of the period')
    r = admin.post('/api/v1/exports', {'report': 'summary', 'format': 'csv',
                                       'group_by': 'channel'})
    job2 = r.json
    for _ in range(100):
        if job2['status'] == 'done':
            break
        time.sleep(0.05)
        job2 = admin.get('/api/v1/exports/%d' % job2['id']).json
    p = subprocess.run(['curl', '-s', '-b', admin.jar, admin.base + job2['file_url']],
                       capture_output=True)
    got = {r[0]: int(r[2]) for r in list(csv.reader(io.StringIO(
        p.stdout[3:].decode(), newline='')))[1:]}
    t.eq(got, dict(db.execute('SELECT channel, count(*) FROM tickets GROUP BY 1')),
         'reports-10.8 a report exported as CSV has the report figures')
    # job privacy and validation
    t.status(agent.get('/api/v1/exports/%d' % job['id']), 404,
             'reports-10.9 another user cannot see the job')
    t.status(agent.get('/api/v1/exports/%d/file' % job['id']), 404,
             'reports-10.10 nor download its file')
    t.status(admin.post('/api/v1/exports', {'report': 'tickets', 'format': 'doc'}), 422,
             'reports-10.11 unknown format 422')
    t.status(admin.post('/api/v1/exports', {'report': 'tickets', 'format': 'csv',
                                            'filters': {'status': 'bogus'}}), 422,
             'reports-10.12 bad filter refused at once')

    # -- reports-11: XLSX
    job, data = run_export(t, admin, {'report': 'tickets', 'format': 'xlsx',
                                      'from': '2025-01-01', 'to': '2025-12-31'},
                           'reports-11.1 XLSX')
    z, root, rows = xlsx_rows(data)
    t.eq(len(rows) - 1, want, 'reports-11.2 one row per ticket')
    header = [v[1] for k, v in sorted(rows[0].items(), key=lambda kv: (len(kv[0]), kv[0]))]
    t.eq(header[:3], ['Nomor', 'Judul', 'Status'], 'reports-11.3 header row')
    styles = ET.fromstring(z.read('xl/styles.xml'))
    xfs = styles.find('m:cellXfs', NS).findall('m:xf', NS)
    fonts = styles.find('m:fonts', NS).findall('m:font', NS)
    hstyle = rows[0]['A'][2]
    bold = hstyle is not None and fonts[int(xfs[int(hstyle)].get('fontId'))].find(
        'm:b', NS) is not None
    t.ok(bold, 'reports-11.4 header is bold')
    pane = root.find('m:sheetViews/m:sheetView/m:pane', NS)
    t.ok(pane is not None and pane.get('state') == 'frozen' and pane.get('ySplit') == '1',
         'reports-11.5 header row frozen')
    t.ok(root.find('m:cols', NS) is not None and
         float(root.find('m:cols', NS).findall('m:col', NS)[1].get('width')) > 30,
         'reports-11.6 column widths set')
    first = rows[1]
    t.ok(first['I'][0] == 'n' and first['I'][1] in (1.0, 2.0, 3.0),
         'reports-11.7 tier is a numeric cell')
    numfmts = {f.get('numFmtId'): f.get('formatCode')
               for f in styles.find('m:numFmts', NS).findall('m:numFmt', NS)}
    dstyle = xfs[int(first['L'][2])].get('numFmtId')
    t.ok(first['L'][0] == 'n' and 'yyyy' in numfmts.get(dstyle, ''),
         'reports-11.8 created_at is a date cell (serial number + date format)')
    created0 = db.execute('SELECT created_at FROM tickets WHERE number = ?',
                          (first['A'][1],)).fetchone()[0]
    serial = (created0 + TZ) / 86400 + 25569
    t.ok(abs(first['L'][1] - serial) < 1 / 1440, 'reports-11.9 date value is the WIB time')

    # -- reports-12: PDF
    db.execute("INSERT INTO settings (key, value) VALUES ('report_logo_path', ?)"
               " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               (os.path.join(srv.dir, 'logo.png'),))
    db.commit()
    with open(os.path.join(srv.dir, 'logo.png'), 'wb') as f:
        f.write(png(48, 32))
    job, data = run_export(t, admin, {'report': 'tickets', 'format': 'pdf',
                                      'filters': {'from': '2025-06-01', 'to': '2025-08-31'}},
                           'reports-12.1 PDF')
    pdf_checks(t, srv, data, 'reports-12', ['Loket', 'Daftar tiket', 'Halaman 2', 'Nomor'],
               min_pages=3)
    pages = pdf_pages_text(srv, data)
    t.ok(all('Nomor' in p for p in pages[:-1]), 'reports-12.5 header row repeated on every page')
    imgs = subprocess.run(['pdfimages', '-list', pdf_file(srv, data)], capture_output=True)
    t.ok(imgs.returncode == 0 and len(imgs.stdout.decode().splitlines()) > 2,
         'reports-12.6 logo drawn from the report_logo_path setting', imgs)
    job, data = run_export(t, admin, {'report': 'recap', 'format': 'pdf', 'month': '2025-03'},
                           'reports-12.7 recap PDF')
    pdf_checks(t, srv, data, 'reports-12.8', ['Rekap bulanan', 'Tiket per status',
                                               'Kepatuhan SLA per unit', 'Sebaran penilaian'])
    job, data = run_export(t, admin, {'report': 'sla', 'format': 'xlsx', 'group_by': 'unit'},
                           'reports-12.9 SLA as XLSX')
    z, root, rows = xlsx_rows(data)
    t.eq(len(rows) - 1, len(admin.get('/api/v1/reports/sla?group_by=unit').json['rows']),
         'reports-12.10 one XLSX row per report row')


def pdf_file(srv, data):
    path = os.path.join(srv.dir, 'check.pdf')
    with open(path, 'wb') as f:
        f.write(data)
    return path


def pdf_pages_text(srv, data):
    p = subprocess.run(['pdftotext', '-layout', pdf_file(srv, data), '-'], capture_output=True)
    return p.stdout.decode('utf-8', 'replace').split('\f')


def pdf_checks(t, srv, data, name, needles, min_pages=1):
    info = subprocess.run(['pdfinfo', pdf_file(srv, data)], capture_output=True)
    out = info.stdout.decode()
    pages = int([l for l in out.splitlines() if l.startswith('Pages:')][0].split()[1])
    t.ok('595.28 x 841.89 pts (A4)' in out and pages >= min_pages,
         '%s.2 A4, %d page(s)' % (name, pages), out)
    text = '\n'.join(pdf_pages_text(srv, data))
    missing = [n for n in needles if n not in text]
    t.ok(not missing, '%s.3 text has the headings' % name, 'missing %r' % missing)
    d = os.path.join(srv.dir, 'pdfpages')
    os.makedirs(d, exist_ok=True)
    subprocess.run(['pdftoppm', '-gray', '-r', '20', '-l', '2', pdf_file(srv, data),
                    os.path.join(d, 'pg')], check=True)
    dark = []
    for fn in sorted(os.listdir(d)):
        if fn.endswith('.pgm'):
            with open(os.path.join(d, fn), 'rb') as f:
                raw = f.read()
            body = raw.split(b'\n', 3)[3]
            dark.append(sum(1 for b in body if b < 128) / len(body))
            os.unlink(os.path.join(d, fn))
    t.ok(dark and all(x > 0.005 for x in dark), '%s.4 rendered pages are not blank' % name, dark)


def ticket_pdfs(t, srv, db, admin, agent, req1, req2, made):
    # -- reports-13: per-ticket PDFs
    num = made[3]  # resolved, then reopened by the requester: still open for comments
    r1 = agent.post('/api/v1/tickets/%s/comments' % num,
                    {'body': 'RAHASIA-internal-zebra jangan dicetak', 'internal': True})
    r2 = agent.post('/api/v1/tickets/%s/comments' % num, {'body': 'Balasan publik untuk pemohon'})
    t.ok(r1.status == 201 and r2.status == 201, 'reports-13.0 internal note and reply added',
         (r1, r2))

    def get_pdf(c, kind, num=num):
        p = subprocess.run(['curl', '-s', '-D', '-', '-o', os.path.join(c.tmp, 'tp.pdf'), '-b',
                            c.jar, c.base + '/api/v1/tickets/%s/pdf?kind=%s' % (num, kind)],
                           capture_output=True, text=True)
        with open(os.path.join(c.tmp, 'tp.pdf'), 'rb') as f:
            return p.stdout, f.read()

    hdr, data = get_pdf(agent, 'summary')
    t.ok(' 200' in hdr.splitlines()[0] and 'application/pdf' in hdr,
         'reports-13.1 ticket summary PDF', hdr)
    text = '\n'.join(pdf_pages_text(srv, data))
    t.ok(num in text and 'Laporan 3' in text and 'Balasan publik' in text,
         'reports-13.2 summary has the ticket and its public timeline', text[:1500])
    t.ok('RAHASIA' not in text, 'reports-13.3 internal note never printed, even for staff')
    num = made[0]  # resolved and rated (closed) through the API
    hdr, data = get_pdf(req1, 'completion', num)
    text = '\n'.join(pdf_pages_text(srv, data))
    row = db.execute('SELECT r.name, a.name FROM tickets t JOIN users r ON r.id = '
                     't.requester_id JOIN users a ON a.id = t.assignee_id WHERE t.number = ?',
                     (num,)).fetchone()
    t.ok('BERITA ACARA PENYELESAIAN LAYANAN' in text and 'Sudah diperbaiki' in text and
         row[0] in text and row[1] in text and 'Pemohon,' in text and 'Petugas,' in text,
         'reports-13.4 berita acara: summary, requester, officer, signature blocks', text[:800])
    pdf_checks(t, srv, data, 'reports-13.5', ['BERITA ACARA', 'Ringkasan hasil pekerjaan'])
    hdr, _ = get_pdf(req2, 'summary')
    t.ok(' 404' in hdr.splitlines()[0], 'reports-13.6 a user who cannot see the ticket: 404')
    open_num = made[5]
    r = agent.get('/api/v1/tickets/%s/pdf?kind=completion' % open_num)
    t.status(r, 409, 'reports-13.7 no berita acara before resolution')
    t.status(agent.get('/api/v1/tickets/%s/pdf?kind=letter' % num), 422,
             'reports-13.8 unknown kind 422')


if __name__ == '__main__':
    Tap().run(main)
