#!/usr/bin/env python3
"""bk-*: appointments (issue 16) over HTTP against the real binary.

A test service of kind appointment gets its own calendar (Monday to Friday,
08:00-10:00 WIB, one holiday) so every figure is exact: two 60-minute slots
of 2 places and a daily quota of 3.
  bk-1  schedules: PUT/GET, 422 with fields, 404/422 for other kinds
  bk-2  availability: slots, quota, holiday, weekend, bad ranges
  bk-3  booking: queue numbers, slots and estimated times, full day → 409
        appointment.full with next_available (over the holiday and weekend)
  bk-4  the duplicate rule
  bk-5  cancel and reschedule free the place
  bk-6  the queue: order, now_serving, waiting, called/served/no_show,
        names only for staff, illegal transitions
  bk-7  the last place: 50 concurrent bookers → exactly one 201 and 49
        appointment.full (rows counted in the database)
  bk-8  sensitive answers: in GET /bookings/{id} for who sees it, never in
        lists, the ticket, or full-text search
  bk-9  staff-scheduled: requested until staff give a time, unguessable
        meeting links, the requester told
  bk-10 form answers: 422 per field
  bk-11 the booking's ticket: no SLA due time, its moves in the timeline, and
        the ticket routes do not cancel or resolve it behind the booking's back
  bk-12 the per-slot counters equal a recount after all of the above, and
        foreign_key_check finds nothing (the writer skips the checks too), and
        integrity_check (CHECK constraints too) passes
  bk-13 concurrent queue reads right after a commit: each reader's own answer"""
import datetime
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from loket import Client, Server, Tap  # noqa: E402

FORM = [{'key': 'nama', 'label': 'Nama', 'type': 'text', 'required': True},
        {'key': 'nik', 'label': 'NIK', 'type': 'text', 'required': True, 'sensitive': True},
        {'key': 'usia', 'label': 'Usia', 'type': 'number', 'required': False},
        {'key': 'tanggal_lahir', 'label': 'Tanggal lahir', 'type': 'date', 'required': True,
         'sensitive': True},
        {'key': 'poli', 'label': 'Poli', 'type': 'select', 'options': ['Umum', 'Gigi'],
         'required': False},
        {'key': 'keluhan', 'label': 'Keluhan', 'type': 'text', 'required': True,
         'sensitive': True}]
NIK = '3174019988776655'
COMPLAINT = 'sakitgigiberdenyut'  # one word: a full-text search would find it


def answers(name='Maya'):
    return {'nama': name, 'nik': NIK, 'usia': 40, 'tanggal_lahir': '1985-11-03',
            'poli': 'Umum', 'keluhan': 'Keluhan ' + COMPLAINT}


def monday_after(days):
    d = datetime.date.today() + datetime.timedelta(days=days)
    return d + datetime.timedelta(days=(7 - d.weekday()) % 7)


def iso(day, hhmm):
    """A WIB wall time as the API's UTC instant."""
    h, m = map(int, hhmm.split(':'))
    t = datetime.datetime(day.year, day.month, day.day, h, m) - datetime.timedelta(hours=7)
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def main(t):
    srv = Server()
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'bk server exits cleanly', detail)


def run(t, srv):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req1 = srv.client('requester@demo.test')
    req2 = srv.client('requester2@demo.test')
    leader = srv.client('leader@demo.test')
    pic = srv.client('pic@demo.test')
    users = {u['email']: u['id'] for u in admin.get('/api/v1/users?per_page=200').json['items']}
    svcs = {s['name']: s['id'] for s in admin.get('/api/v1/services?per_page=200').json['items']}

    # a Monday two weeks ahead: Tuesday is the calendar's holiday
    mon = monday_after(14)
    tue, wed = mon + datetime.timedelta(days=1), mon + datetime.timedelta(days=2)
    fri, nxt_mon = mon + datetime.timedelta(days=4), mon + datetime.timedelta(days=7)
    cal = admin.post('/api/v1/calendars', {'name': 'Klinik Uji', 'timezone': 'Asia/Jakarta',
                                           'work_days': '1,2,3,4,5', 'work_start': '08:00',
                                           'work_end': '10:00'}).json['id']
    admin.post('/api/v1/holidays', {'calendar_id': cal, 'date': tue.isoformat(),
                                    'name': 'Libur uji'})
    sid = admin.post('/api/v1/services', {'name': 'Poli Uji', 'kind': 'appointment'}).json['id']

    # ---- bk-1 schedules ----
    base = '/api/v1/services/%d/schedule' % sid
    t.eq(admin.get(base).code(), 'schedule.not_found', 'bk-1.1 no schedule yet: 404')
    r = admin.request('PUT', base, {'mode': 'self_booking', 'slot_minutes': 60,
                                    'capacity_per_slot': 2, 'daily_quota': 3})
    t.eq((r.status, sorted((r.json['error'].get('fields') or {}).keys())),
         (422, ['calendar_id']), 'bk-1.2 a service without a calendar must name one')
    bad = admin.request('PUT', base, {
        'mode': 'walk_in', 'slot_minutes': 2, 'capacity_per_slot': 0, 'daily_quota': 0,
        'calendar_id': cal, 'meeting_url_base': 'ftp://x',
        'form_fields': [{'key': 'Bad Key', 'label': 'x', 'type': 'text'},
                        {'key': 'p', 'label': 'P', 'type': 'select'},
                        {'key': 'q', 'label': 'Q', 'type': 'colour'}],
        'staff_ids': [users['requester@demo.test']]})
    t.eq((bad.status, bad.code(), sorted(bad.json['error']['fields'])),
         (422, 'validation', ['capacity_per_slot', 'form_fields[0]', 'form_fields[1]',
                              'form_fields[2]', 'meeting_url_base', 'mode', 'slot_minutes',
                              'staff_ids']),
         'bk-1.3 every bad member is a field error')
    sched = {'mode': 'self_booking', 'slot_minutes': 60, 'capacity_per_slot': 2,
             'daily_quota': 3, 'calendar_id': cal, 'form_fields': FORM,
             'staff_ids': [users['agent@demo.test']]}
    r = admin.request('PUT', base, sched)
    t.ok(r.status == 200 and r.json['form_fields'][1]['sensitive'] is True and
         r.json['form_fields'][0]['sensitive'] is False and r.json['staff_ids'] ==
         [users['agent@demo.test']], 'bk-1.4 admin puts the schedule', repr(r))
    t.eq(agent.request('PUT', base, sched).status, 403, 'bk-1.5 staff do not write schedules')
    g = req1.get(base).json
    t.eq((g['mode'], g['slot_minutes'], g['capacity_per_slot'], g['daily_quota'],
          [f['key'] for f in g['form_fields']]),
         ('self_booking', 60, 2, 3, [f['key'] for f in FORM]), 'bk-1.6 everyone reads it')
    net = svcs['Gangguan Jaringan Internet']
    t.eq(admin.get('/api/v1/services/%d/schedule' % net).code(), 'service.not_found',
         'bk-1.7 a ticket service has no schedule: 404')
    r = admin.request('PUT', '/api/v1/services/%d/schedule' % net, sched)
    t.eq((r.status, list(r.json['error']['fields'])), (422, ['service_id']),
         'bk-1.8 nor can it get one: 422')

    # ---- bk-2 availability ----
    av = '/api/v1/services/%d/availability?from=%s&to=%s'
    r = req1.get(av % (sid, mon, nxt_mon))
    days = {d['date']: d for d in r.json['days']}
    t.eq(len(r.json['days']), 8, 'bk-2.1 one entry per day of the range')
    m = days[mon.isoformat()]
    t.eq((m['open'], m['capacity'], m['remaining'],
          [(s['start'], s['remaining']) for s in m['slots']]),
         (True, 3, 3, [(iso(mon, '08:00'), 2), (iso(mon, '09:00'), 2)]),
         'bk-2.2 Monday: two slots of 2, the day held to the quota of 3')
    t.eq((days[tue.isoformat()]['open'], days[tue.isoformat()]['remaining'],
          days[tue.isoformat()]['slots']), (False, 0, []), 'bk-2.3 the holiday is closed')
    sat = (mon + datetime.timedelta(days=5)).isoformat()
    t.eq((days[sat]['open'], days[sat]['remaining']), (False, 0), 'bk-2.4 Saturday is closed')
    for q, field in (('from=2026-02-30&to=2026-03-01', 'from'), ('from=%s' % mon, 'to'),
                     ('from=%s&to=%s' % (wed, mon), 'to'),
                     ('from=%s&to=%s' % (mon, mon + datetime.timedelta(days=62)), 'to')):
        r = req1.get('/api/v1/services/%d/availability?%s' % (sid, q))
        t.eq((r.status, list((r.json['error'].get('fields') or {}))), (422, [field]),
             'bk-2.5 %s → 422 on %s' % (q, field))
    t.eq(req1.get(av % (net, mon, mon)).status, 404, 'bk-2.6 a ticket service has none')

    # ---- bk-3 booking ----
    people = [make_person(agent, i) for i in range(6)]
    book = '/api/v1/bookings'

    def on_behalf(who, day, c=agent, **kw):
        body = {'service_id': sid, 'date': day.isoformat(), 'answers': answers(),
                'requester_id': who, 'channel': 'walk_in'}
        body.update(kw)
        return c.post(book, body)
    r = req1.post(book, {'service_id': sid, 'date': mon.isoformat(), 'answers': answers()})
    b1 = r.json['booking'] if r.status == 201 else {}
    t.eq((r.status, b1.get('status'), b1.get('queue_number'), b1.get('slot_start'),
          b1.get('estimated_at'), b1.get('channel')),
         (201, 'booked', 1, iso(mon, '08:00'), iso(mon, '08:00'), 'web'),
         'bk-3.1 the first booking: number 1 at 08:00')
    r2 = on_behalf(people[0], mon)
    r3 = on_behalf(people[1], mon)
    t.eq([(x.status, x.json['booking']['queue_number'], x.json['booking']['estimated_at'],
           x.json['booking']['channel']) for x in (r2, r3)],
         [(201, 2, iso(mon, '08:30'), 'walk_in'), (201, 3, iso(mon, '09:00'), 'walk_in')],
         'bk-3.2 staff book on behalf: numbers 2 and 3, times shared out in the slots')
    full = on_behalf(people[2], mon)
    t.eq((full.status, full.code(), full.json['error'].get('next_available')),
         (409, 'appointment.full', wed.isoformat()),
         'bk-3.3 the quota is reached: 409 appointment.full, next day with room Wednesday')
    r = on_behalf(people[2], tue)
    t.eq((r.status, r.code(), r.json['error'].get('next_available')),
         (409, 'appointment.closed', wed.isoformat()), 'bk-3.4 the holiday: closed, next Wednesday')
    r = req2.post(book, {'service_id': sid, 'date': mon.isoformat(), 'answers': answers(),
                         'requester_id': people[3]})
    t.eq((r.status, r.code()), (403, 'booking.forbidden'),
         'bk-3.5 a requester does not book for someone else')
    r = req2.post(book, {'service_id': sid, 'date': mon.isoformat(), 'answers': answers(),
                         'channel': 'walk_in'})
    t.eq((r.status, r.code()), (403, 'booking.forbidden'),
         'bk-3.5b nor records a channel for themself')
    r = req2.post(book, {'service_id': sid, 'date': wed.isoformat(), 'answers': answers(),
                         'slot_start': iso(wed, '09:00')})
    t.eq((r.status, r.json.get('booking', {}).get('slot_start'),
          r.json.get('booking', {}).get('queue_number')), (201, iso(wed, '09:00'), 1),
         'bk-3.6 a chosen slot')
    r = req1.post(book, {'service_id': sid, 'date': wed.isoformat(), 'answers': answers(),
                         'slot_start': iso(wed, '09:15')})
    t.eq((r.status, list(r.json['error'].get('fields', {}))), (422, ['slot_start']),
         'bk-3.7 a time that starts no slot: 422')
    past = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    r = req1.post(book, {'service_id': sid, 'date': past, 'answers': answers()})
    t.eq((r.status, list(r.json['error'].get('fields', {}))), (422, ['date']),
         'bk-3.8 a past date: 422')
    av_mon = req1.get(av % (sid, mon, mon)).json['days'][0]
    t.eq((av_mon['remaining'], [s['remaining'] for s in av_mon['slots']]), (0, [0, 0]),
         'bk-3.9 availability shows the day full')

    # ---- bk-4 duplicates ----
    r = req1.post(book, {'service_id': sid, 'date': mon.isoformat(), 'answers': answers()})
    t.eq((r.status, r.code()), (409, 'appointment.duplicate'), 'bk-4.1 same person, same day')
    r = on_behalf(users['requester@demo.test'], mon)
    t.eq((r.status, r.code()), (409, 'appointment.duplicate'),
         'bk-4.2 also when staff book it for them')

    # ---- bk-5 cancel and reschedule free the place ----
    b2 = r2.json['booking']
    t.eq(req2.post('/api/v1/bookings/%d/cancel' % b2['id']).status, 404,
         "bk-5.1 someone else's booking: 404")
    r = agent.post('/api/v1/bookings/%d/cancel' % b2['id'], {'reason': 'Pasien berhalangan'})
    t.eq((r.status, r.json['booking']['status']), (200, 'cancelled'), 'bk-5.2 staff cancel')
    t.eq(req1.get(av % (sid, mon, mon)).json['days'][0]['remaining'], 1,
         'bk-5.3 the place is free again')
    r = on_behalf(people[2], mon)
    t.eq((r.status, r.json['booking']['queue_number'], r.json['booking']['estimated_at']),
         (201, 4, iso(mon, '08:30')), 'bk-5.4 taken again: a new number, the freed time')
    t.eq(agent.post('/api/v1/bookings/%d/cancel' % b2['id']).code(),
         'booking.invalid_transition', 'bk-5.5 cancelled twice: 409')
    r = req1.post('/api/v1/bookings/%d/reschedule' % b1['id'], {'date': wed.isoformat()})
    t.eq((r.status, r.json['booking']['date'], r.json['booking']['queue_number'],
          r.json['booking']['slot_start']), (200, wed.isoformat(), 2, iso(wed, '08:00')),
         'bk-5.6 the requester moves to Wednesday: a new number there')
    t.eq(req1.get(av % (sid, mon, mon)).json['days'][0]['remaining'], 1,
         'bk-5.7 Monday has a place again')
    r = req1.post('/api/v1/bookings/%d/reschedule' % b1['id'], {'date': mon.isoformat()})
    t.eq((r.status, r.json['booking']['queue_number'], r.json['booking']['estimated_at']),
         (200, 5, iso(mon, '08:00')), 'bk-5.8 and back to the free place on Monday')
    full = on_behalf(people[4], mon)
    t.eq(full.code(), 'appointment.full', 'bk-5.9 Monday is full again')
    wb = [b for b in req2.get('/api/v1/bookings?date=%s' % wed).json['items']][0]
    r = req2.post('/api/v1/bookings/%d/reschedule' % wb['id'],
                  {'date': wed.isoformat(), 'slot_start': iso(wed, '08:00')})
    t.eq((r.status, r.json['booking']['queue_number'], r.json['booking']['estimated_at']),
         (200, wb['queue_number'], iso(wed, '08:00')),
         'bk-5.10 another slot the same day keeps the number')
    wd = req2.get(av % (sid, wed, wed)).json['days'][0]
    t.eq([s['remaining'] for s in wd['slots']], [1, 2], 'bk-5.11 and frees the old slot')

    # ---- bk-6 the queue ----
    q = '/api/v1/services/%d/queue?date=%s' % (sid, mon)
    r = req2.get(q).json
    t.eq((r['now_serving'], r['waiting'], [i['queue_number'] for i in r['items']]),
         (None, 3, [5, 4, 3]), 'bk-6.1 numbers in time order (08:00, 08:30, 09:00)')
    t.ok(all('requester_name' not in i for i in r['items']) and
         all(i['mine'] is False for i in r['items']),
         'bk-6.2 a requester sees numbers only, never names', r)
    own = req1.get(q).json
    t.eq([(i['queue_number'], i['mine']) for i in own['items']],
         [(5, True), (4, False), (3, False)], "bk-6.3 req1's own number is marked mine")
    t.eq([sorted(i) for i in own['items']],
         [sorted(['queue_number', 'status', 'slot_start', 'estimated_at', 'mine', 'id',
                  'ticket_number']),
          sorted(['queue_number', 'status', 'slot_start', 'estimated_at', 'mine']),
          sorted(['queue_number', 'status', 'slot_start', 'estimated_at', 'mine'])],
         "bk-6.3b from the copy kept between commits: ids on req1's own entry only")
    t.eq((own['items'][0]['id'], own['items'][1:], own['waiting']),
         (b1['id'], r['items'][1:], r['waiting']),
         "bk-6.3c req1's answer is req2's with req1's own entry put in")
    staff_view = agent.get(q).json
    t.ok(all(i.get('requester_name') for i in staff_view['items']),
         'bk-6.4 staff see names', staff_view)
    nx = '/api/v1/services/%d/queue/next' % sid
    t.eq(req1.post(nx, {'date': mon.isoformat()}).code(), 'booking.forbidden',
         'bk-6.5 a requester does not call numbers')
    t.eq(leader.post(nx, {'date': mon.isoformat()}).code(), 'booking.forbidden',
         'bk-6.6 nor a leader')
    c1 = agent.post(nx, {'date': mon.isoformat()})
    t.eq((c1.status, c1.json['booking']['queue_number'], c1.json['booking']['status']),
         (200, 5, 'called'), 'bk-6.7 the first in time is called')
    r = req2.get(q).json
    t.eq((r['now_serving'], r['waiting']), (5, 2), 'bk-6.8 now serving 5, two waiting')
    t.eq(agent.post('/api/v1/bookings/%d/served' % r3.json['booking']['id']).code(),
         'booking.invalid_transition', 'bk-6.9 served before called: 409')
    t.eq(req1.post('/api/v1/bookings/%d/served' % b1['id']).code(), 'booking.forbidden',
         'bk-6.10 the requester cannot mark themself served')
    r = agent.post('/api/v1/bookings/%d/served' % b1['id'])
    t.eq((r.status, r.json['booking']['status']), (200, 'served'), 'bk-6.11 served')
    c2 = agent.post(nx, {'date': mon.isoformat()})
    t.eq(c2.json['booking']['queue_number'], 4, 'bk-6.12 next: 4')
    r = agent.post('/api/v1/bookings/%d/no_show' % c2.json['booking']['id'])
    t.eq(r.json['booking']['status'], 'no_show', 'bk-6.13 4 did not come')
    c3 = agent.post(nx, {'date': mon.isoformat()})
    t.eq(c3.json['booking']['queue_number'], 3, 'bk-6.14 next: 3')
    r = agent.post(nx, {'date': mon.isoformat()})
    t.eq((r.status, r.code()), (409, 'queue.empty'), 'bk-6.15 nobody left: 409 queue.empty')
    r = req2.get(q).json
    t.eq((r['now_serving'], r['waiting'], [(i['queue_number'], i['status']) for i in r['items']]),
         (3, 0, [(5, 'served'), (4, 'no_show'), (3, 'called')]), 'bk-6.16 the day at its end')
    t.eq(req1.post('/api/v1/bookings/%d/cancel' % b1['id']).code(),
         'booking.invalid_transition', 'bk-6.17 a served booking cannot be cancelled')
    t.eq(agent.post('/api/v1/bookings/%d/served' % b1['id']).code(),
         'booking.invalid_transition', 'bk-6.18 nor served twice')
    # the kept copy of a day follows that day's bookings (api/queue_cache.c)
    thu = mon + datetime.timedelta(days=3)
    qt, qw = q.replace(str(mon), str(thu)), q.replace(str(mon), str(wed))
    t.eq(req2.get(qt).json['items'], [], 'bk-6.19 Thursday: nobody yet (kept)')
    wed_before = len(req2.get(qw).json['items'])
    bt = on_behalf(people[5], thu).json['booking']
    t.eq([i['queue_number'] for i in req2.get(qt).json['items']], [bt['queue_number']],
         'bk-6.20 a booking made shows in the kept copy of its day at once')
    r = agent.post('/api/v1/bookings/%d/reschedule' % bt['id'], {'date': wed.isoformat()})
    t.eq((r.status, req2.get(qt).json['items'], len(req2.get(qw).json['items'])),
         (200, [], wed_before + 1), 'bk-6.21 moved to Wednesday: gone from Thursday, there')
    req2.get(qw)  # kept again
    t.ok(all(i.get('requester_name') for i in agent.get(qw).json['items']),
         'bk-6.22 staff see names beside the kept copy')
    t.eq(admin.request('PUT', base, dict(sched, staff_ids=[])).status, 200,
         'bk-6.23 the agent is taken off the service')
    r = agent.get(qw).json
    t.ok(r['items'] and all('requester_name' not in i and 'id' not in i for i in r['items']),
         'bk-6.24 and sees numbers only at once (the copy checks its staff list again)', r)
    admin.request('PUT', base, sched)

    # ---- bk-7 the last place under 50 concurrent bookers ----
    race(t, srv, admin, agent, sid, cal, fri)

    # ---- bk-8 sensitive answers ----
    sensitive(t, srv, admin, agent, req1, leader, pic, b1)

    # ---- bk-9 staff-scheduled ----
    booth(t, admin, req1, agent, pic, svcs['Konsultasi Virtual Layanan TIK'])

    # ---- bk-10 form answers ----
    bad = dict(answers(), nik='', usia='empat puluh', tanggal_lahir='1985-02-30',
               poli='Mata', hobi='catur')
    del bad['nama']
    r = req2.post(book, {'service_id': sid, 'date': nxt_mon.isoformat(), 'answers': bad})
    t.eq((r.status, r.code(), r.json['error']['fields']),
         (422, 'validation', {'answers.nama': 'wajib diisi', 'answers.nik': 'wajib diisi',
                              'answers.usia': 'harus angka',
                              'answers.tanggal_lahir': 'harus tanggal YYYY-MM-DD',
                              'answers.poli': 'pilih salah satu pilihan',
                              'answers.hobi': 'tidak ada di formulir layanan ini'}),
         'bk-10.1 every bad answer named')

    # ---- bk-11 the ticket ----
    tk = admin.get('/api/v1/tickets/%s' % b1['ticket_number']).json
    t.eq((tk['status'], tk['channel'], tk['booking'], tk['sla']['resolution_due'],
          tk['sla']['first_response_due']), ('resolved', 'web', True, None, None),
         'bk-11.1 the booking is a ticket of its service, no SLA due time, resolved when served')
    ev = admin.get('/api/v1/tickets/%s/events' % b1['ticket_number']).json['items']
    t.ok([e['kind'] for e in ev].count('booking') >= 3, 'bk-11.2 its moves are in the timeline',
         [e['kind'] for e in ev])
    n3 = c3.json['booking']['ticket_number']
    r = agent.post('/api/v1/tickets/%s/transitions' % n3, {'to': 'cancelled', 'reason': 'x'})
    t.eq((r.status, r.code()), (409, 'ticket.is_booking'),
         'bk-11.3 the ticket route does not cancel a booking behind its back')
    r = agent.post('/api/v1/tickets/%s/transitions' % n3, {'to': 'resolved', 'summary': 'x'})
    t.eq((r.status, r.code()), (409, 'ticket.is_booking'), 'bk-11.4 nor resolve it')

    # ---- bk-12 the place counters after all of the above ----
    counters(t, srv)
    # ---- bk-13 many readers of the queue right after a commit ----
    burst(t, srv, agent, q)


def burst(t, srv, agent, q):
    """Right after a commit, requesters read the queue at once: one rebuilds
    the shared copy, the others wait for it (single flight, api/queue_cache.c)
    and each still gets exactly their own answer."""
    who = ['requester@demo.test', 'requester2@demo.test']
    clients = [(w, srv.client(w)) for w in who for _ in range(5)]
    make_person(agent, 900)  # a commit: every kept copy is stale now
    start = threading.Barrier(len(clients))
    got = [None] * len(clients)

    def read(i):
        start.wait()
        got[i] = [clients[i][1].get(q) for _ in range(3)]
    threads = [threading.Thread(target=read, args=(i,)) for i in range(len(clients))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    want = {w: clients[k * 5][1].get(q).json for k, w in enumerate(who)}
    bad = [(clients[i][0], r.status, r.body[:200]) for i in range(len(clients)) for r in got[i]
           if r.status != 200 or r.json != want[clients[i][0]]]
    t.ok(not bad and any(it['mine'] for it in want[who[0]]['items']),
         'bk-13.1 30 concurrent queue reads after a commit: each its reader\'s own answer', bad)


def counters(t, srv):
    """The per-slot counters (migration 0019, kept by triggers) equal a
    recount of the places held after the bookings, cancels, reschedules,
    no-shows, the race and the booth above."""
    kept = srv.sql('SELECT service_id, day, slot_start, n FROM booking_slot_counts'
                   ' WHERE n > 0 ORDER BY 1, 2, 3')
    recount = srv.sql('SELECT service_id, day, slot_start, count(*) FROM bookings'
                      ' WHERE seat IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3')
    moves = srv.sql("SELECT count(*) FROM bookings WHERE status IN"
                    " ('cancelled', 'no_show', 'served')")[0][0]
    # the group-commit writer skips the CHECK constraints (store/sqlite/rollup.c):
    # integrity_check still evaluates them over every row it wrote (SQLite's
    # own: PostgreSQL always checks them)
    check = None if srv.pg else [r[0] for r in srv.sql('PRAGMA integrity_check')]
    # and the foreign keys, which it skips too (rollup.c)
    fk = None if srv.pg else srv.sql('PRAGMA foreign_key_check')
    t.ok(kept == recount and len(kept) >= 4 and moves >= 3,
         'bk-12.1 the per-slot counters equal a recount of the places held',
         repr((kept, recount, moves)))
    if srv.pg:
        t.ok(True, 'bk-12.2 # SKIP integrity_check is SQLite\'s own')
    else:
        t.ok(check == ['ok'], 'bk-12.2 integrity_check, CHECK constraints included, after the bookings',
             check)
    if srv.pg:
        t.ok(True, 'bk-12.3 # SKIP foreign_key_check is SQLite\'s own')
    else:
        t.ok(fk == [], 'bk-12.3 foreign_key_check finds no row without its parent after the bookings',
             fk)


def make_person(agent, i):
    """A caller recorded by the front desk (a ticket on behalf creates them)."""
    r = agent.post('/api/v1/tickets', {
        'title': 'Pendaftaran', 'description': 'x', 'service_id': 1, 'channel': 'walk_in',
        'requester': {'name': 'Pasien %d' % i, 'phone': '08123400%04d' % i}})
    return r.json['requester']['id']


def race(t, srv, admin, agent, sid, cal, day):
    """50 bookers at once for the last place of a day."""
    sched = admin.get('/api/v1/services/%d/schedule' % sid).json
    sched.update(capacity_per_slot=1, daily_quota=2)
    admin.request('PUT', '/api/v1/services/%d/schedule' % sid, sched)
    first = make_person(agent, 100)
    r = agent.post('/api/v1/bookings', {'service_id': sid, 'date': day.isoformat(),
                                        'answers': answers(), 'requester_id': first})
    t.eq(r.status, 201, 'bk-7.1 one place taken, one left')
    people = [make_person(agent, 200 + i) for i in range(50)]
    tok = admin.post('/api/v1/tokens', {'name': 'race'}).json['token']
    start = threading.Barrier(50)
    results = [None] * 50

    def book(i):
        c = Client(srv.url)
        start.wait()
        results[i] = c.post('/api/v1/bookings', {
            'service_id': sid, 'date': day.isoformat(), 'answers': answers('Pasien'),
            'requester_id': people[i], 'channel': 'whatsapp'},
            headers={'Authorization': 'Bearer ' + tok})
    threads = [threading.Thread(target=book, args=(i,)) for i in range(50)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    won = [r for r in results if r.status == 201]
    lost = [r for r in results if r.status == 409 and r.code() == 'appointment.full' and
            r.json['error'].get('next_available')]
    t.eq((len(won), len(lost)), (1, 49), 'bk-7.2 exactly one 201 and 49 appointment.full',)
    rows = srv.sql("SELECT count(*), count(DISTINCT slot_start || '/' || seat), count(DISTINCT day_seat) FROM"
                   " bookings WHERE service_id = ? AND day = ? AND status <> 'cancelled'",
                   (sid, day.isoformat()))[0]
    tickets = srv.sql("SELECT count(*) FROM tickets t JOIN bookings b ON b.ticket_id = t.id"
                      " WHERE b.service_id = ? AND b.day = ?", (sid, day.isoformat()))[0]
    t.eq((rows, tickets), ((2, 2, 2), (2,)),
         'bk-7.3 the database holds 2 bookings (and 2 tickets) for 2 places')


def sensitive(t, srv, admin, agent, req1, leader, pic, b1):
    n, bid = b1['ticket_number'], b1['id']
    for who, c in (('requester', req1), ('staff', agent), ('admin', admin)):
        r = c.get('/api/v1/bookings/%d' % bid)
        a = r.json['booking']['answers'] if r.status == 200 else {}
        t.eq((a.get('nik'), a.get('tanggal_lahir'), a.get('keluhan'), a.get('nama')),
             (NIK, '1985-11-03', 'Keluhan ' + COMPLAINT, 'Maya'),
             'bk-8.1 the %s reads the sensitive answers' % who)
    for who, c in (('leader', leader), ('tier 2 not serving', pic)):
        r = c.get('/api/v1/bookings/%d' % bid)
        t.eq((r.status, r.code()), (404, 'booking.not_found'), 'bk-8.2 the %s: 404' % who)
    lst = admin.get('/api/v1/bookings?per_page=200')
    t.ok(lst.status == 200 and NIK not in lst.body and COMPLAINT not in lst.body and
         '1985-11-03' not in lst.body and '"nama":"Maya"' in lst.body,
         'bk-8.3 the booking list carries ordinary answers only')
    tk = admin.get('/api/v1/tickets/%s' % n)
    t.ok(tk.status == 200 and NIK not in tk.body and COMPLAINT not in tk.body and
         'Nama: Maya' in tk.body, "bk-8.4 the ticket's text holds no sensitive answer", tk)
    tl = admin.get('/api/v1/tickets?per_page=200')
    t.ok(NIK not in tl.body and COMPLAINT not in tl.body, 'bk-8.5 nor the ticket list')
    for word in (NIK, COMPLAINT):
        r = admin.get('/api/v1/tickets?q=%s' % word)
        t.eq((r.status, r.json['total']), (200, 0), 'bk-8.6 full-text search for %s finds nothing'
             % word)
    r = admin.get('/api/v1/tickets?q=Maya&service_id=%d' % b1['service_id'])
    t.ok(r.status == 200 and n in [x['number'] for x in r.json['items']],
         'bk-8.7 (the search itself works: an ordinary answer finds it)', r)
    r = admin.get('/api/v1/bookings?q=%s' % NIK)
    t.eq(r.json['total'], 0, 'bk-8.8 the booking search ignores sensitive answers')
    r = agent.get('/api/v1/bookings?q=Maya')
    t.ok(r.json['total'] >= 1, 'bk-8.9 and finds ordinary ones', r)


def booth(t, admin, req1, agent, pic, sid):
    day = monday_after(21)
    body = {'service_id': sid, 'date': day.isoformat(),
            'answers': {'topik': 'VPN', 'media': 'Video'}}
    r = req1.post('/api/v1/bookings', body)
    b = r.json['booking']
    t.eq((r.status, b['status'], b['slot_start'], b['queue_number']),
         (201, 'requested', None, None), 'bk-9.1 a request waits for a time')
    r2 = admin.post('/api/v1/bookings', dict(body, requester_id=agent.user['id']))
    urls = [b['meeting_url'], r2.json['booking']['meeting_url']]
    base = 'https://meet.jit.si/loket-demo-'
    t.ok(all(u.startswith(base) and len(u) == len(base) + 32 for u in urls) and
         urls[0] != urls[1], 'bk-9.2 each booking its own room (128 random bits)', urls)
    t.eq(agent.post('/api/v1/services/%d/queue/next' % sid, {'date': day.isoformat()}).code(),
         'booking.forbidden', 'bk-9.3 the clinic desk does not run the booth')
    t.eq(agent.get('/api/v1/bookings/%d' % b['id']).status, 404,
         "bk-9.4 nor sees the booth's bookings")
    later = day + datetime.timedelta(days=1)
    r = req1.post('/api/v1/bookings/%d/reschedule' % b['id'], {'date': later.isoformat()})
    t.eq((r.status, r.json['booking']['status'], r.json['booking']['date']),
         (200, 'requested', later.isoformat()), 'bk-9.5 the requester asks for another day')
    r = pic.post('/api/v1/bookings/%d/reschedule' % b['id'],
                 {'date': later.isoformat(), 'slot_start': iso(later, '10:00')})
    bb = r.json['booking']
    t.eq((r.status, bb['status'], bb['slot_start'], bb['queue_number'], bb['meeting_url']),
         (200, 'booked', iso(later, '10:00'), 1, urls[0]), 'bk-9.6 staff give it a time')
    out = admin.get('/api/v1/outbox?per_page=200').json['items']
    told = [o for o in out if o['template'] == 'booking_confirmed' and
            o['vars'].get('booking_time') == '10.00' and
            o['vars'].get('ticket_number') == b['ticket_number']]
    t.ok(told, 'bk-9.7 the requester is told the time',
         [o['vars'] for o in out if o['template'] == 'booking_confirmed'][:3])
    other = admin.post('/api/v1/bookings', dict(body, date=later.isoformat(),
                                                requester_id=pic.user['id']))
    r = pic.post('/api/v1/bookings/%d/reschedule' % other.json['booking']['id'],
                 {'date': later.isoformat(), 'slot_start': iso(later, '10:00')})
    t.eq((r.status, r.code()), (409, 'appointment.full'), 'bk-9.8 a taken hour is full')


if __name__ == '__main__':
    Tap().run(main)
