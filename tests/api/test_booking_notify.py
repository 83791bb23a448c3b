"""Booking notices (issue #16 item 7) through a real SMTP sink: the
confirmation mail carries an iCalendar invite (a text/calendar alternative
and the same bytes as invite.ics) that Python's icalendar (Debian) parses
back: METHOD:REQUEST, UID stable per booking, SEQUENCE bumped on every
move, METHOD:CANCEL on cancellation, DTSTART/DTEND in UTC at the booking's
estimated time, ORGANIZER and ATTENDEE; the meeting link of a virtual
session as LOCATION and URL; GET /bookings/{id}/ics with the same UID and
SEQUENCE (404 for who may not see the booking, 409 without a time yet);
the reminder before the slot queued exactly once, also across a restart."""
import datetime
import os
import sys

from icalendar import Calendar

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402

UTC = datetime.timezone.utc
ANSWERS = {'nama': 'Maya Sari', 'nik': '1371010101900001', 'usia': 36,
           'tanggal_lahir': '1990-01-01', 'keluhan': 'demam tiga hari'}


def iso(s):
    return datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=UTC)


def parts(msg):
    """(text/calendar alternative, invite.ics attachment) bytes of a mail."""
    cal = att = None
    for p in msg.walk():
        if p.get_content_type() == 'text/calendar':
            cal = p.get_payload(decode=True)
        elif p.get_filename() == 'invite.ics':
            att = p.get_payload(decode=True)
    return cal, att


def vevent(raw):
    c = Calendar.from_ical(raw)
    evs = [e for e in c.walk('VEVENT')]
    return c, evs[0] if len(evs) == 1 else None


def main(t):
    sink = Sink()
    env = {'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port, 'LOKET_OUTBOX_POLL_MS': '50',
           'LOKET_MAIL_FROM': 'Klinik <helpdesk@loket.test>', 'LOKET_ORG_NAME': 'Loket Demo',
           'LOKET_SWEEP_SECONDS': '1',
           # every booking of the next two weeks is due for its reminder at once
           'LOKET_APPOINTMENT_REMINDER_MINUTES': '43200'}
    s = Server(env=env)
    maya = s.client('requester@demo.test')
    other = s.client('requester2@demo.test')
    staff = s.client('agent@demo.test')
    pic = s.client('pic@demo.test')
    svc = {n: i for i, n in s.sql("SELECT id, name FROM services WHERE kind = 'appointment'")}
    umum, booth = svc['Klinik Pratama - Poli Umum'], svc['Konsultasi Virtual Layanan TIK']

    today = datetime.date.today()
    r = maya.get('/api/v1/services/%d/availability?from=%s&to=%s' % (
        umum, today + datetime.timedelta(days=1), today + datetime.timedelta(days=13)))
    days = [d['date'] for d in r.json['days'] if d['open'] and d['remaining'] > 0]
    t.ok(len(days) >= 3, 'notify-0 open days ahead', r)

    def mails(to, subject_has):
        return [m for _, m in sink.mails() if m['To'] == to and subject_has in m['Subject']]

    # -- confirmation with the invite
    r = maya.post('/api/v1/bookings', {'service_id': umum, 'date': days[0], 'answers': ANSWERS})
    t.status(r, 201, 'notify-1.1 booked')
    b = r.json['booking']
    got = wait_for(lambda: mails('requester@demo.test', 'jadwal Klinik Pratama - Poli Umum'))
    m = got[0] if got else None
    t.ok(m is not None, 'notify-1.2 the confirmation mail arrives')
    cal_b, att_b = parts(m) if m else (None, None)
    t.ok(cal_b is not None and cal_b == att_b and m.get_content_type() == 'multipart/mixed',
         'notify-1.3 text/calendar alternative and invite.ics attachment, same bytes')
    t.ok(b'\r\n' in (cal_b or b'') and b'\n' not in (cal_b or b'\n').replace(b'\r\n', b''),
         'notify-1.4 CRLF line ends (RFC 5545)')
    c, ev = vevent(cal_b or b'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')
    start = iso(b['estimated_at'])
    uid = 'booking-%d@loket.test' % b['id']
    t.eq((str(c.get('METHOD')), str(c.get('VERSION')), str(ev.get('UID')), int(ev.get('SEQUENCE')),
          ev.decoded('DTSTART'), ev.decoded('DTEND') - ev.decoded('DTSTART'),
          str(ev.get('STATUS'))),
         ('REQUEST', '2.0', uid, 0, start, datetime.timedelta(minutes=30), 'CONFIRMED'),
         'notify-1.5 METHOD:REQUEST, UID per booking, SEQUENCE 0, UTC start at the estimate, one slot')
    t.ok(ev.decoded('DTSTART').tzinfo is not None and
         ev.decoded('DTSTART').utcoffset() == datetime.timedelta(0) and
         b'DTSTART:' + start.strftime('%Y%m%dT%H%M%SZ').encode() in cal_b,
         'notify-1.6 DTSTART written in UTC (…Z)')
    t.eq((str(ev.get('ORGANIZER')), ev.get('ORGANIZER').params.get('CN'),
          str(ev.get('ATTENDEE')), str(ev.get('SUMMARY'))),
         ('mailto:helpdesk@loket.test', 'Loket Demo', 'mailto:requester@demo.test',
          'Klinik Pratama - Poli Umum (antrean %d)' % b['queue_number']),
         'notify-1.7 ORGANIZER, ATTENDEE, SUMMARY with the queue number')
    # one booking, one mail: the confirmation stands in for ticket_created.
    # (Its reminder is due at once here, LOKET_APPOINTMENT_REMINDER_MINUTES:
    # the 1-second sweep may queue it any moment, on either driver; 6.x
    # checks reminders.)
    t.eq(s.sql("SELECT template, recipient FROM outbox WHERE ticket_id = ?"
               " AND template != 'booking_reminder' ORDER BY id", (b['ticket_id'],)),
         [('booking_confirmed', 'requester@demo.test')],
         'notify-1.8 exactly one notice for a booking with a time: its confirmation')
    t.eq(len([m for _, m in sink.mails() if m['To'] == 'requester@demo.test' and
              'pengingat' not in m['Subject'] and
              b['ticket_number'] in m.get_body(('plain',)).get_content()]), 1,
         'notify-1.9 exactly one mail to the requester names the booking (besides its reminder)')
    body = m.get_body(preferencelist=('plain',)).get_content() if m else ''
    t.ok('Nomor antrean: %d' % b['queue_number'] in body and b['ticket_number'] in body,
         'notify-1.8 the mail text names the queue number and reference')
    t.ok('1371010101900001' not in (cal_b or b'').decode() and 'demam' not in body,
         'notify-1.9 no sensitive answers in the mail or the invite')

    # -- GET /ics
    path = '/api/v1/bookings/%d/ics' % b['id']
    r = maya.get(path)
    t.eq((r.status, r.headers.get('content-type')), (200, 'text/calendar; charset=utf-8'),
         'notify-2.1 GET ics → text/calendar')
    _, ev2 = vevent(r.body.encode())
    t.eq((str(ev2.get('UID')), int(ev2.get('SEQUENCE'))), (uid, 0), 'notify-2.2 same UID and SEQUENCE')
    t.eq(other.get(path).status, 404, 'notify-2.3 another requester: 404')
    t.eq(staff.get(path).status, 200, "notify-2.4 the service's staff: 200")

    # -- reschedule: SEQUENCE 1, new time
    r = maya.post('/api/v1/bookings/%d/reschedule' % b['id'], {'date': days[1]})
    t.status(r, 200, 'notify-3.1 rescheduled')
    moved = r.json['booking']
    got = wait_for(lambda: mails('requester@demo.test', 'jadwal baru'))
    cal_m = parts(got[0])[0] if got else b''
    c, ev = vevent(cal_m or b'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')
    t.eq((str(c.get('METHOD')), str(ev.get('UID')), int(ev.get('SEQUENCE')), ev.decoded('DTSTART')),
         ('REQUEST', uid, 1, iso(moved['estimated_at'])),
         'notify-3.2 the new invite: same UID, SEQUENCE 1, the new time')
    _, ev2 = vevent(maya.get(path).body.encode())
    t.eq(int(ev2.get('SEQUENCE')), 1, 'notify-3.3 GET ics follows')

    # -- cancel: METHOD:CANCEL, SEQUENCE 2
    r = maya.post('/api/v1/bookings/%d/cancel' % b['id'], {})
    t.status(r, 200, 'notify-4.1 cancelled')
    got = wait_for(lambda: mails('requester@demo.test', 'dibatalkan'))
    cal_c, att_c = parts(got[0]) if got else (b'', b'')
    c, ev = vevent(cal_c or b'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')
    t.eq((str(c.get('METHOD')), str(ev.get('UID')), int(ev.get('SEQUENCE')), str(ev.get('STATUS')),
          got[0].get_content_type() if got else None),
         ('CANCEL', uid, 2, 'CANCELLED', 'multipart/mixed'),
         'notify-4.2 METHOD:CANCEL, same UID, SEQUENCE 2, STATUS:CANCELLED')
    t.ok(b'method=CANCEL' in got[0].as_bytes() if got else False,
         'notify-4.3 Content-Type text/calendar; method=CANCEL')

    # -- the virtual booth: a meeting link, after staff give a time
    r = maya.post('/api/v1/bookings', {'service_id': booth, 'date': days[0],
                                       'answers': {'topik': 'VPN kantor', 'media': 'Video'}})
    vb = r.json['booking'] if r.status == 201 else {}
    t.eq((r.status, vb.get('status')), (201, 'requested'), 'notify-5.1 booth: requested')
    t.eq(s.sql("SELECT template FROM outbox WHERE ticket_id = ? ORDER BY id",
               (vb.get('ticket_id', 0),)),
         [('ticket_created',)], 'notify-5.1b a request waiting for its time: ticket_created tells them')
    r = maya.get('/api/v1/bookings/%d/ics' % vb.get('id', 0))
    t.eq((r.status, r.code()), (409, 'booking.unscheduled'), 'notify-5.2 no time yet: 409')
    r = pic.post('/api/v1/bookings/%d/reschedule' % vb.get('id', 0), {'date': days[2]})
    t.eq((r.status, r.json['booking']['status'] if r.status == 200 else r.body), (200, 'booked'),
         'notify-5.3 staff give it a time')
    url = r.json['booking'].get('meeting_url', '') if r.status == 200 else ''
    got = wait_for(lambda: mails('requester@demo.test', 'jadwal Konsultasi Virtual'))
    cal_v = parts(got[0])[0] if got else b''
    _, ev = vevent(cal_v or b'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')
    t.ok(url.startswith('https://meet.jit.si/loket-demo-') and str(ev.get('LOCATION')) == url and
         str(ev.get('URL')) == url and url in got[0].get_body(('plain',)).get_content(),
         'notify-5.4 the meeting link: LOCATION, URL and the mail text', url)

    # -- the reminder, once, also across a restart
    r = maya.post('/api/v1/bookings', {'service_id': umum, 'date': days[2], 'answers': ANSWERS})
    rb = r.json['booking']

    def reminders(bid):
        return s.sql("SELECT count(*) FROM outbox o JOIN bookings b ON b.ticket_id = o.ticket_id"
                     " WHERE o.template = 'booking_reminder' AND b.id = ?", (bid,))[0][0]
    t.ok(wait_for(lambda: reminders(rb['id']) == 1 and reminders(vb['id']) == 1),
         'notify-6.1 the reminders are queued')
    got = wait_for(lambda: mails('requester@demo.test', 'pengingat'))
    t.ok(got and 'Nomor antrean: %d' % rb['queue_number'] in
         got[0].get_body(('plain',)).get_content(), 'notify-6.2 the reminder mail arrives')
    # (the sweep may have reminded it before it was cancelled, never after)
    t.eq(s.sql("SELECT count(*) FROM outbox o JOIN bookings b ON b.ticket_id = o.ticket_id"
               " WHERE o.template = 'booking_reminder' AND b.id = ? AND o.created_at > b.updated_at",
               (b['id'],))[0][0], 0, 'notify-6.3 no reminder after a cancellation')
    s.restart()
    maya = s.client('requester@demo.test')
    r = maya.post('/api/v1/bookings', {'service_id': umum, 'date': days[1], 'answers': ANSWERS})
    later = r.json['booking']
    # once the sweep after the restart has reminded the new booking, it has
    # passed over the old one too
    t.ok(wait_for(lambda: reminders(later['id']) == 1), 'notify-6.4 the sweep runs after a restart')
    t.eq((reminders(rb['id']), reminders(vb['id'])), (1, 1), 'notify-6.5 still one reminder each')

    # -- the requester of the booth asks for another day: back to requested,
    # the old invite withdrawn (CANCEL by UID, no time left to name)
    r = maya.post('/api/v1/bookings/%d/reschedule' % vb['id'], {'date': days[0]})
    t.eq((r.status, r.json['booking']['status'] if r.status == 200 else r.body), (200, 'requested'),
         'notify-7.1 the requester asks for another day')
    got = wait_for(lambda: mails('requester@demo.test', 'permintaan jadwal baru'))
    cal_w = parts(got[0])[0] if got else b''
    c, ev = vevent(cal_w or b'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')
    t.eq((str(c.get('METHOD')), str(ev.get('UID')), int(ev.get('SEQUENCE')), ev.get('DTSTART')),
         ('CANCEL', 'booking-%d@loket.test' % vb['id'], 1, None),
         'notify-7.2 "new time requested" withdraws the invite: CANCEL, same UID, SEQUENCE 1')
    ok, detail = s.stop()
    t.ok(ok, 'notify-9 server exits cleanly', detail)
    sink.cleanup()


if __name__ == '__main__':
    Tap().run(main)
