#!/usr/bin/env python3
"""sched-*: scheduled reports (issue #22 item 2). A real SMTP sink receives
the mails; the scheduler's clock is moved with LOKET_SCHEDULER_NOW across
restarts of the server on the same data directory:

- Friday 1 January 2027 07:30 WIB is a holiday of the business calendar (the
  test adds it): the monthly subscription waits, while a weekly one for
  Fridays sends ISO week 2026-W52;
- Monday 4 January 2027 07:30 WIB, the first working day: the monthly recap
  of December 2026 goes once to the owner and the extra address, as a PDF;
- a restart with the same clock sends nothing again;
- a claim left by a process killed between claiming and queueing is taken
  over once it is stale, and February's first working day sends January.
"Send now" mails the latest period without claiming it. Leaders see their
own subscriptions, admins all, requesters and agents none (404)."""
import calendar
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402


def wib(y, m, d, hh, mm):
    return calendar.timegm(datetime.datetime(y, m, d, hh, mm).timetuple()) - 7 * 3600


def attachments(msg):
    return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in msg.iter_attachments()]


def report_mails(sink, *markers):
    return [m for _, m in sink.mails() if all(k in (m['Subject'] or '') for k in markers)]


def run(t, srv, sink):
    admin = srv.client('admin@demo.test')
    leader = srv.client('leader@demo.test')
    req = srv.client('requester@demo.test')
    agent = srv.client('agent@demo.test')
    cal = admin.get('/api/v1/calendars?per_page=200').json['items'][0]['id']
    r = admin.post('/api/v1/holidays', {'calendar_id': cal, 'date': '2027-01-01',
                                        'name': 'Tahun Baru 2027 Masehi'})
    t.status(r, 201, 'sched-1.1 New Year 2027 is a holiday of the calendar')

    for who, c in (('requester', req), ('agent', agent)):
        t.status(c.get('/api/v1/report-subscriptions'), 404, 'sched-1.2 %s: 404' % who)
        t.status(c.post('/api/v1/report-subscriptions', {'report': 'recap'}), 404,
                 'sched-1.3 %s may not subscribe (404)' % who)
    r = leader.post('/api/v1/report-subscriptions', {'report': 'recap', 'format': 'docx'})
    t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))),
         (422, ['format']), 'sched-1.4 an unknown format is refused')
    r = leader.post('/api/v1/report-subscriptions', {'extra_recipients': 'a@b.id, <x>'})
    t.status(r, 422, 'sched-1.5 a bad extra address is refused')
    r = leader.post('/api/v1/report-subscriptions',
                    {'report': 'recap', 'format': 'pdf', 'cadence': 'monthly',
                     'time': '07:00', 'extra_recipients': 'kabid@pemda.test'})
    t.status(r, 201, 'sched-2.1 the leader subscribes to the monthly recap')
    monthly = r.json
    t.eq((monthly['owner']['id'], monthly['time'], monthly['last_send']),
         (leader.user['id'], '07:00', None), 'sched-2.2 owned by the leader, not sent yet')
    r = admin.post('/api/v1/report-subscriptions',
                   {'report': 'sla', 'format': 'xlsx', 'cadence': 'weekly', 'weekday': 5,
                    'time': '07:00'})
    t.status(r, 201, 'sched-2.3 the admin subscribes to the weekly SLA report on Fridays')
    weekly = r.json
    t.eq([s['id'] for s in leader.get('/api/v1/report-subscriptions').json['items']],
         [monthly['id']], 'sched-2.4 a leader lists only their own')
    t.eq(sorted(s['id'] for s in admin.get('/api/v1/report-subscriptions').json['items']),
         sorted([monthly['id'], weekly['id']]), 'sched-2.5 an admin lists all')
    t.status(leader.get('/api/v1/report-subscriptions/%d' % weekly['id']), 404,
             "sched-2.6 another's subscription is 404 to a leader")

    # Friday 1 January 2027, a holiday: only the weekly one is due
    srv.restart({'LOKET_SCHEDULER_NOW': str(wib(2027, 1, 1, 7, 30))})
    got = wait_for(lambda: report_mails(sink, 'Kepatuhan SLA'))
    t.eq(len(got), 1, 'sched-3.1 the weekly SLA report is mailed once')
    if got:
        m = got[0]
        t.eq(m['To'], 'admin@demo.test', 'sched-3.2 to its owner')
        att = attachments(m)
        t.ok(len(att) == 1 and att[0][2][:2] == b'PK' and att[0][0].endswith('.xlsx'),
             'sched-3.3 with the XLSX attached', [(a[0], a[1]) for a in att])
        t.ok('2026-W52' in att[0][0] if att else False, 'sched-3.4 for ISO week 2026-W52')
    admin = srv.client('admin@demo.test')
    leader = srv.client('leader@demo.test')
    t.eq(leader.get('/api/v1/report-subscriptions/%d' % monthly['id']).json['last_send'], None,
         'sched-3.5 the monthly one waits: 1 January is not a working day')

    # Monday 4 January 2027, the first working day
    srv.restart({'LOKET_SCHEDULER_NOW': str(wib(2027, 1, 4, 7, 30))})
    got = wait_for(lambda: len(report_mails(sink, 'Rekap bulanan')) >= 2 and
                   report_mails(sink, 'Rekap bulanan'))
    t.eq(sorted(m['To'] for m in got or []), ['kabid@pemda.test', 'leader@demo.test'],
         'sched-4.1 the recap goes to the owner and the extra address')
    for m in got or []:
        att = attachments(m)
        t.ok(len(att) == 1 and att[0][2][:4] == b'%PDF' and att[0][1] == 'application/pdf',
             'sched-4.2 %s: a PDF attached' % m['To'], [(a[0], a[1]) for a in att])
        t.ok('Desember 2026' in m['Subject'], 'sched-4.3 %s: for December 2026' % m['To'],
             m['Subject'])
    leader = srv.client('leader@demo.test')
    last = leader.get('/api/v1/report-subscriptions/%d' % monthly['id']).json['last_send']
    t.eq((last or {}).get('period'), '2026-12', 'sched-4.4 the send of 2026-12 is recorded')

    # the same moment after a restart: nothing again. A subscription made
    # now sends week 52 in the first pass, after the older ones (oldest
    # first), so once its mail is in, the monthly one was looked at too.
    srv.restart()
    admin = srv.client('admin@demo.test')
    r = admin.post('/api/v1/report-subscriptions',
                   {'report': 'unit_recap', 'format': 'pdf', 'cadence': 'weekly',
                    'weekday': 5, 'time': '06:00'})
    probe = r.json
    t.ok(wait_for(lambda: report_mails(sink, 'Rekap per unit')),
         'sched-5.1 a pass ran after the restart (a new weekly subscription sent)')
    t.eq(len(report_mails(sink, 'Rekap bulanan')), 2,
         'sched-5.2 no second mail for 2026-12 after the restart')
    t.eq(len(report_mails(sink, 'Kepatuhan SLA')), 1, 'sched-5.3 nor for week 52')
    admin.delete('/api/v1/report-subscriptions/%d' % probe['id'])

    # a process killed after claiming January and before queueing: the
    # claim is stale (older than the lease) and is taken over once
    srv.proc.terminate()
    srv.proc.wait(30)
    srv.sql_exec("INSERT INTO report_subscription_sends (subscription_id, period, status, "
                 "claimed_at) VALUES (?, '2027-01', 'claimed', ?)",
                 (monthly['id'], int(time.time()) - 7200))
    srv.restart({'LOKET_SCHEDULER_NOW': str(wib(2027, 2, 1, 7, 30))})
    got = wait_for(lambda: len(report_mails(sink, 'Rekap bulanan', 'Januari 2027')) >= 2 and
                   report_mails(sink, 'Rekap bulanan', 'Januari 2027'))
    t.eq(sorted(m['To'] for m in got or []), ['kabid@pemda.test', 'leader@demo.test'],
         'sched-6.1 the next period (January 2027) is sent on 1 February')
    leader = srv.client('leader@demo.test')
    last = leader.get('/api/v1/report-subscriptions/%d' % monthly['id']).json['last_send']
    t.eq(((last or {}).get('period'), (last or {}).get('status')), ('2027-01', 'queued'),
         'sched-6.2 the stale claim was taken over and finished')
    rows = srv.sql('SELECT period, status FROM report_subscription_sends WHERE '
                   'subscription_id = ? ORDER BY period', (monthly['id'],))
    t.eq(rows, [('2026-12', 'queued'), ('2027-01', 'queued')],
         'sched-6.3 one send row per period')

    # send now: the latest period again, without claiming it
    before = len(report_mails(sink, 'Rekap bulanan', 'Januari 2027'))
    r = leader.post('/api/v1/report-subscriptions/%d/send' % monthly['id'])
    t.eq((r.status, (r.json or {}).get('period'), (r.json or {}).get('queued')),
         (202, '2027-01', 2), 'sched-7.1 send now queues the latest period')
    t.ok(wait_for(lambda: len(report_mails(sink, 'Rekap bulanan', 'Januari 2027')) == before + 2),
         'sched-7.2 and the mails arrive')
    t.status(agent_client(srv).post('/api/v1/report-subscriptions/%d/send' % monthly['id']),
             404, 'sched-7.3 an agent cannot send it (404)')

    # edit and delete
    r = leader.patch('/api/v1/report-subscriptions/%d' % monthly['id'],
                     {'format': 'xlsx', 'time': '08:15', 'active': False})
    t.eq((r.status, r.json.get('format'), r.json.get('time'), r.json.get('active')),
         (200, 'xlsx', '08:15', False), 'sched-8.1 the owner edits it')
    t.status(leader.delete('/api/v1/report-subscriptions/%d' % weekly['id']), 404,
             "sched-8.2 a leader cannot delete another's")
    t.status(leader.delete('/api/v1/report-subscriptions/%d' % monthly['id']), 204,
             'sched-8.3 the owner deletes it')
    t.status(leader.get('/api/v1/report-subscriptions/%d' % monthly['id']), 404,
             'sched-8.4 gone')
    audit = srv.client('admin@demo.test').get('/api/v1/audit?resource=report_subscriptions')
    acts = [(a['action'], a['record_id']) for a in audit.json['items']
            if a['record_id'] == monthly['id']]
    t.eq(sorted(acts), sorted([('create', monthly['id']), ('update', monthly['id']),
                              ('delete', monthly['id'])]),
         'sched-8.5 creating, changing and deleting are audited')


def agent_client(srv):
    return srv.client('agent@demo.test')


def main(t):
    sink = Sink()
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                      'LOKET_MAIL_FROM': 'helpdesk@loket.test', 'LOKET_OUTBOX_POLL_MS': '100',
                      'LOKET_SWEEP_SECONDS': '1', 'LOKET_BASE_URL': 'https://loket.test'})
    try:
        run(t, srv, sink)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'sched-9 server exits cleanly', detail)
        sink.cleanup()


Tap().run(main)
