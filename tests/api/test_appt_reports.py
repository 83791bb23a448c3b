#!/usr/bin/env python3
"""appt-reports-*: the appointments report (issue #16 item 8) against
independent arithmetic over the bookings table, its exports (CSV, XLSX, PDF
read back), who may read it, that it never carries names or form answers,
and that the helpdesk's reports (summary, series, times, SLA, workload,
ratings, recap, the ticket list export) leave bookings out unless asked for,
with the rollup table kept to the same rule."""
import csv
import datetime
import io
import math
import os
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loket import run_on_server  # noqa: E402

SECRET_NIK = '3174099912340001'        # a sensitive answer: must never appear
SECRET_COMPLAINT = 'keluhan-rahasia-gigi-berlubang'
PATIENT = 'Pasien Uji Laporan'          # booked persons' names: never in the report


def answers_for(fields, i):
    out = {}
    for f in fields:
        k, ty = f['key'], f['type']
        if ty == 'date':
            out[k] = '1990-01-%02d' % (i % 28 + 1)
        elif ty == 'number':
            out[k] = 30 + i
        elif ty == 'select':
            out[k] = f['options'][0]
        elif 'nik' in k.lower():
            out[k] = SECRET_NIK
        else:
            out[k] = '%s %d' % (SECRET_COMPLAINT, i)
    return out


def wait_export(t, c, report, fmt, filters, name):
    r = c.post('/api/v1/exports', {'report': report, 'format': fmt, 'filters': filters})
    if not t.status(r, 202, name + ' queued'):
        return None
    job = r.json
    deadline = time.time() + 60
    while job['status'] in ('queued', 'running') and time.time() < deadline:
        time.sleep(0.05)
        job = c.get('/api/v1/exports/%d' % job['id']).json
    t.eq(job['status'], 'done', name + ' done')
    f = c.get('/api/v1/exports/%d/file' % job['id'])
    return f


def pct(served, no_show):
    due = served + no_show
    return None if due == 0 else round(served * 10000 / due) / 100


def nearest(v, p):
    v = sorted(v)
    if not v:
        return None
    return v[max(math.ceil(p * len(v)), 1) - 1]


def expected(srv, frm, to, service_id=0):
    """Per (service, day) figures computed here from the bookings table."""
    rows = srv.sql(
        'SELECT service_id, day, status, coalesce(estimated_at, 0), coalesce(called_at, 0), '
        'coalesce(served_at, 0) FROM bookings WHERE day >= ? AND day <= ? AND (? = 0 OR '
        'service_id = ?)', (frm, to, service_id, service_id))
    groups = {}
    for sid, day, st, est, called, served in rows:
        g = groups.setdefault((sid, day), {'bookings': 0, 'served': 0, 'no_show': 0,
                                           'cancelled': 0, 'open': 0, 'wait': [], 'svc': []})
        g['bookings'] += 1
        g[st if st in ('served', 'no_show', 'cancelled') else 'open'] += 1
        if called and est:
            g['wait'].append((called - est + 30) // 60 if called > est else 0)
        if served and called:
            g['svc'].append((served - called + 30) // 60 if served > called else 0)
    return groups


def run(t, srv):
    admin, leader = srv.client('admin@demo.test'), srv.client('leader@demo.test')
    agent, req = srv.client('agent@demo.test'), srv.client('requester@demo.test')
    services = admin.get('/api/v1/services?per_page=200').json['items']
    appt = [s for s in services if s['kind'] == 'appointment']
    plain = [s for s in services if s['kind'] == 'ticket'][0]
    t.ok(len(appt) >= 2, 'appt-reports-1 the demo has appointment services',
         [s['name'] for s in services])
    svc = appt[0]
    sch = admin.get('/api/v1/services/%d/schedule' % svc['id']).json
    # a schedule we know: self booking, room for everyone this test books
    sch.update({'mode': 'self_booking', 'slot_minutes': 15, 'capacity_per_slot': 4,
                'daily_quota': 40})
    sch.pop('service_name', None)
    r = admin.request('PUT', '/api/v1/services/%d/schedule' % svc['id'], sch)
    t.status(r, 200, 'appt-reports-2 admin sets the schedule')
    today = datetime.date.today()
    av = admin.get('/api/v1/services/%d/availability?from=%s&to=%s' % (
        svc['id'], today, today + datetime.timedelta(days=20))).json
    days = [d['date'] for d in av['days'] if d['remaining'] >= 6][:2]
    t.eq(len(days), 2, 'appt-reports-3 two open days ahead')

    # persons: fresh requesters booked by the admin on their behalf
    people = []
    for i in range(6):
        r = admin.post('/api/v1/users', {'name': '%s %d' % (PATIENT, i),
                                         'email': 'pasien%d@example.test' % i,
                                         'role': 'requester', 'password': 'sandi-pasien-%d' % i})
        people.append(r.json['id'])
    bookings = []
    for di, day in enumerate(days):
        for i, pid in enumerate(people[:5 - di]):
            r = admin.post('/api/v1/bookings', {'service_id': svc['id'], 'date': day,
                                                'requester_id': pid, 'channel': 'walk_in',
                                                'answers': answers_for(sch['form_fields'], i)})
            if r.status != 201:
                t.ok(False, 'booking for person %d on %s' % (i, day), r)
                continue
            bookings.append(r.json['booking'])
    t.eq(len(bookings), 9, 'appt-reports-4 nine bookings made through the API')
    # the day's life, through the API: called, served, no-show, cancelled
    b0 = [b for b in bookings if b['date'] == days[0]]
    r = admin.post('/api/v1/bookings/%d/cancel' % b0[4]['id'], {'reason': 'berhalangan'})
    t.status(r, 200, 'appt-reports-5 one booking cancelled')
    for b in b0[:3]:
        admin.post('/api/v1/services/%d/queue/next' % svc['id'], {'date': days[0]})
    admin.post('/api/v1/bookings/%d/served' % b0[0]['id'])
    admin.post('/api/v1/bookings/%d/served' % b0[1]['id'])
    admin.post('/api/v1/bookings/%d/no_show' % b0[2]['id'])
    st = dict(srv.sql('SELECT id, status FROM bookings'))
    t.eq([st[b['id']] for b in b0], ['served', 'served', 'no_show', 'booked', 'cancelled'],
         'appt-reports-6 statuses as the queue left them')
    # exact times for the waiting figures: waits 5 and 40 min, service 12 and 7
    est = {b['id']: int(datetime.datetime.fromisoformat(
        b['estimated_at'].replace('Z', '+00:00')).timestamp()) for b in b0}
    for bid, wait, svc_min in ((b0[0]['id'], 5, 12), (b0[1]['id'], 40, 7)):
        srv.sql_exec('UPDATE bookings SET called_at = ?, served_at = ? WHERE id = ?',
                     (est[bid] + wait * 60, est[bid] + (wait + svc_min) * 60, bid))
    # called before the given time: no wait, not a negative one
    srv.sql_exec('UPDATE bookings SET called_at = ? WHERE id = ?', (est[b0[2]['id']] - 600,
                                                                  b0[2]['id']))

    q = 'from=%s&to=%s' % (days[0], days[1])
    r = leader.get('/api/v1/reports/appointments?' + q)
    t.status(r, 200, 'appt-reports-7 a leader reads the appointments report')
    rep = r.json or {}
    want = expected(srv, days[0], days[1])
    got = {(x['service_id'], x['day']): x for x in rep.get('rows', [])}
    t.eq(sorted(got), sorted(want), 'appt-reports-8 one row per service and day')
    bad = []
    for key, w in want.items():
        g = got.get(key, {})
        for k in ('bookings', 'served', 'no_show', 'cancelled', 'open'):
            if g.get(k) != w[k]:
                bad.append((key, k, g.get(k), w[k]))
        for k, v in (('wait_median_minutes', nearest(w['wait'], .5)),
                     ('wait_p90_minutes', nearest(w['wait'], .9)),
                     ('service_median_minutes', nearest(w['svc'], .5)),
                     ('service_p90_minutes', nearest(w['svc'], .9)),
                     ('attendance_pct', pct(w['served'], w['no_show']))):
            if g.get(k) != v:
                bad.append((key, k, g.get(k), v))
    t.eq(bad, [], 'appt-reports-9 counts, attendance and waiting times match the bookings')
    first = got.get((svc['id'], days[0]), {})
    t.eq((first.get('wait_median_minutes'), first.get('wait_p90_minutes'),
          first.get('service_median_minutes'), first.get('attendance_pct')),
         (5, 40, 7, 66.67), 'appt-reports-10 waits 0/5/40 min: median 5, p90 40; '
                            'attendance 2 of 3')
    t.eq((rep.get('bookings'), rep.get('served'), rep.get('no_show'), rep.get('cancelled')),
         (9, 2, 1, 1), 'appt-reports-11 the period totals')
    bysvc = {x['service_id']: x for x in rep.get('by_service', [])}
    t.eq(bysvc.get(svc['id'], {}).get('bookings'), 9, 'appt-reports-12 per-service totals')
    t.eq([x['day'] for x in rep.get('by_day', [])], days, 'appt-reports-13 per-day totals')
    body = r.body
    leaks = [s for s in (SECRET_NIK, SECRET_COMPLAINT, PATIENT) if s in body]
    t.eq(leaks, [], 'appt-reports-14 no names and no form answers in the report')

    # arguments, validated like the other reports
    r = leader.get('/api/v1/reports/appointments?from=2026-13-01')
    t.ok(r.status == 422 and r.code() == 'validation' and 'from' in r.json['error']['fields'],
         'appt-reports-15 a bad date: 422 with fields.from', r)
    r = leader.get('/api/v1/reports/appointments?service_id=%d' % plain['id'])
    t.ok(r.status == 422 and 'service_id' in (r.json['error'].get('fields') or {}),
         'appt-reports-16 a helpdesk service: 422 fields.service_id', r)
    r = leader.get('/api/v1/reports/appointments?%s&service_id=%d' % (q, appt[1]['id']))
    t.ok(r.status == 200 and r.json['rows'] == [], 'appt-reports-17 another service: no rows', r)
    r = leader.get('/api/v1/reports/appointments?month=%s' % days[0][:7])
    t.ok(r.status == 200 and all(x['day'].startswith(days[0][:7]) for x in r.json['rows']),
         'appt-reports-18 month= works', r)
    t.eq(req.get('/api/v1/reports/appointments').status, 403,
         'appt-reports-19 a requester may not read reports')
    t.eq(agent.get('/api/v1/reports/appointments?' + q).status, 200,
         'appt-reports-20 a tier-1 agent reads the figures like other reports')
    r = leader.get('/api/v1/reports/chart.svg?report=appointments&section=1&lang=en&' + q)
    r_id = leader.get('/api/v1/reports/chart.svg?report=appointments&section=1&' + q)
    t.ok(r.status == 200 and '<svg' in r.body and r_id.status == 200 and r.body != r_id.body,
         'appt-reports-21 the chart, and worded otherwise in English', r.status)

    # exports
    filt = {'from': days[0], 'to': days[1]}
    f = wait_export(t, leader, 'appointments', 'csv', filt, 'appt-reports-22 CSV export')
    if f:
        text = f.body.lstrip('\ufeff')
        rows = list(csv.reader(io.StringIO(text)))
        t.ok(any(r[:1] == [days[0]] and svc['name'] in r for r in rows),
             'appt-reports-23 the CSV has the day and service row', rows[:5])
        t.eq([s for s in (SECRET_NIK, SECRET_COMPLAINT, PATIENT) if s in text], [],
             'appt-reports-24 no names or answers in the CSV')
    # XLSX and PDF through curl to files (binary bodies)
    for fmt in ('xlsx', 'pdf'):
        r = leader.post('/api/v1/exports', {'report': 'appointments', 'format': fmt,
                                            'filters': filt})
        job = r.json
        deadline = time.time() + 60
        while job['status'] in ('queued', 'running') and time.time() < deadline:
            time.sleep(0.05)
            job = leader.get('/api/v1/exports/%d' % job['id']).json
        path = os.path.join(srv.dir, 'dl.' + fmt)
        subprocess.run(['curl', '-s', '-b', leader.jar, '-o', path,
                        srv.url + '/api/v1/exports/%d/file' % job['id']], check=True)
        if fmt == 'xlsx':
            with zipfile.ZipFile(path) as z:
                xml = ''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml'))
            t.ok(svc['name'] in xml and SECRET_NIK not in xml and PATIENT not in xml,
                 'appt-reports-26 the XLSX holds the service, not names or answers')
        else:
            text = subprocess.run(['pdftotext', '-layout', path, '-'], capture_output=True,
                                  text=True).stdout
            t.ok('Janji temu per layanan dan hari' in text and days[0] in text
                 and PATIENT not in text and SECRET_COMPLAINT not in text,
                 'appt-reports-27 the PDF prints the table, without names or answers',
                 text[:800])

    # the helpdesk's figures leave the bookings out
    plain_ticket = admin.post('/api/v1/tickets', {'title': 'Printer rusak', 'description': 'x',
                                                  'service_id': plain['id']}).json
    n_book = srv.sql('SELECT count(*) FROM tickets WHERE booking = 1')[0][0]
    n_plain = srv.sql('SELECT count(*) FROM tickets WHERE booking = 0')[0][0]
    t.eq(n_book, 9, 'appt-reports-28 every booking is a ticket flagged booking')
    s = leader.get('/api/v1/reports/summary').json
    t.eq((s['total'], s.get('source')), (n_plain, 'rollup'),
         'appt-reports-29 summary (from the rollup) counts no bookings')
    s = leader.get('/api/v1/reports/summary?group_by=service&status=new').json
    t.eq(s['total'], srv.sql("SELECT count(*) FROM tickets WHERE booking = 0 AND "
                             "status = 'new'")[0][0],
         'appt-reports-30 summary over the tickets counts no bookings either')
    t.ok(str(svc['id']) not in [x['key'] for x in s['rows']],
         'appt-reports-31 no appointment service among the helpdesk rows')
    s = admin.get('/api/v1/reports/summary?appointments=include').json
    t.eq(s['total'], n_plain + n_book, 'appt-reports-32 appointments=include counts them')
    s = admin.get('/api/v1/reports/summary?appointments=only').json
    t.eq(s['total'], n_book, 'appt-reports-33 appointments=only counts only them')
    s = admin.get('/api/v1/reports/summary?service_id=%d' % svc['id']).json
    t.eq(s['total'], 9, "appt-reports-34 a report on the service itself asks for its bookings")
    s = leader.get('/api/v1/reports/summary?appointments=include').json
    t.eq(s['total'], n_plain, "appt-reports-35 asked for, bookings keep their visibility: "
                              "a leader (not the service's staff) counts none")
    r = leader.get('/api/v1/reports/summary?appointments=sometimes')
    t.ok(r.status == 422 and 'appointments' in r.json['error']['fields'],
         'appt-reports-36 appointments= is validated', r)
    # a booking resolved and assigned would weigh on SLA and workload: not counted
    agent_id = agent.user['id']
    bt = b0[0]['ticket_number']
    srv.sql_exec("UPDATE tickets SET assignee_id = ?, first_response_breached = 1 WHERE number = ?",
                 (agent_id, bt))
    w = {x['agent_id']: x for x in leader.get('/api/v1/reports/workload').json['rows']}
    open_agent = srv.sql("SELECT count(*) FROM tickets WHERE booking = 0 AND assignee_id = ? "
                         "AND status IN ('new','in_progress','waiting')",
                         (agent_id,))[0][0]
    t.eq(w.get(agent_id, {}).get('open', 0), open_agent,
         'appt-reports-37 workload leaves out the booking assigned to the agent')
    sla = leader.get('/api/v1/reports/sla').json
    breached = srv.sql("SELECT count(*) FROM tickets WHERE booking = 0 AND status != "
                       "'cancelled' AND (first_response_breached = 1 OR resolution_breached = 1)"
                       )[0][0]
    t.eq(sla['breached'], breached, 'appt-reports-38 SLA figures leave out the booking')
    times = leader.get('/api/v1/reports/times').json
    t.eq(times['rows'][0]['count'], srv.sql(
        'SELECT count(*) FROM tickets WHERE booking = 0 AND first_response_at IS NOT NULL'
    )[0][0], 'appt-reports-39 response times leave out bookings')
    f = wait_export(t, admin, 'tickets', 'csv', {}, 'appt-reports-40 ticket list export')
    if f:
        t.ok(plain_ticket['number'] in f.body and bt not in f.body,
             'appt-reports-41 the ticket list export leaves out bookings')
    # the rollup equals a recount without bookings after all of this
    rollup = dict(((d, k), n) for d, k, n in srv.sql(
        "SELECT dim, key, sum(n) FROM report_daily WHERE dim IN ('status', 'service') "
        "GROUP BY 1, 2 HAVING sum(n) != 0"))
    recount = {}
    for st_, sid in srv.sql('SELECT status, service_id FROM tickets WHERE booking = 0'):
        recount[('status', st_)] = recount.get(('status', st_), 0) + 1
        recount[('service', str(sid))] = recount.get(('service', str(sid)), 0) + 1
    t.eq(rollup, recount, 'appt-reports-42 the rollup holds no bookings')


if __name__ == '__main__':
    run_on_server('appt-reports', run)
