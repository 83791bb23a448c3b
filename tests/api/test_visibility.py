#!/usr/bin/env python3
"""vis-*: who sees what of a ticket (issue #15 items 6 and 11).

Internal notes, internal attachments, the escalation reason and the
requester's personal contacts (e-mail, contact phone) are for the office's
own staff. A tier-3 vendor (an outside company) sees them only when its
vendor record has sees_internal; the requester never sees internal notes
and sees the escalation reason only when the agent marked it public. Each
role is walked over the ticket JSON, the list, the timeline, attachments,
the PDF, the user directory and the mails; what a role may not see at all
is 404. Leaders file and follow their own tickets like any employee but do
not write to other people's. The requester's escalation mail (seed 000's
template 7) is checked byte for byte: it names the unit, not the reason."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import Sink, wait_for, all_sent, outbox_id_of  # noqa: E402

ORG = 'Loket Uji'
PHONE = '081234567890'
PNG = (b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06'
       b'\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00'
       b'\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82')
NOTE = 'Catatan internal: server lama, sandi di lemari'
R_UNIT = 'Alasan internal: butuh akses ruang server'
R_VENDOR = 'Alasan internal kedua: kontrak vendor'
R_PUBLIC = 'Perlu penggantian perangkat oleh vendor'


def with_mail(t, name, *steps):
    """Runs each step(t, srv, sink) against a demo server whose mail goes to a
    fresh SMTP sink (ORG as the sender name, links under https://loket.test),
    then checks the server stops cleanly. Shared with test_notices.py."""
    sink = Sink()
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                      'LOKET_MAIL_FROM': 'helpdesk@loket.test', 'LOKET_ORG_NAME': ORG,
                      'LOKET_OUTBOX_POLL_MS': '100', 'LOKET_BASE_URL': 'https://loket.test'})
    try:
        for step in steps:
            step(t, srv, sink)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, name + ' server exits cleanly', detail)
        sink.cleanup()


def main(t):
    with_mail(t, 'vis-9', run)


def ids(c, path):
    return {x['name']: x['id'] for x in c.get('/api/v1/%s?per_page=200' % path).json['items']}


def pdf_text(c, num):
    """The ticket's summary PDF as text (the client decodes bodies: fetch raw)."""
    pdf = subprocess.run(['curl', '-sS', '-b', c.jar, '%s/api/v1/tickets/%s/pdf' % (c.base, num)],
                         capture_output=True).stdout
    return subprocess.run(['pdftotext', '-', '-'], input=pdf, capture_output=True).stdout.decode()


def run(t, srv, sink):
    admin = srv.client('admin@demo.test')
    tier1 = srv.client('agent@demo.test')
    tier2 = srv.client('pic@demo.test')
    vendor = srv.client('vendor@demo.test')
    req = srv.client('requester@demo.test')
    other = srv.client('requester2@demo.test')
    leader = srv.client('leader@demo.test')
    net = ids(req, 'services')['Gangguan Jaringan Internet']
    unit = ids(admin, 'units')['Diskominfo']
    vid = ids(admin, 'vendors')['PT Mitra Jaringan']

    # -- vis-1: a ticket escalated to the unit, then to the vendor; notes and reasons internal
    r = req.post('/api/v1/tickets', {'title': 'Wi-Fi lantai 3 mati', 'description': 'Sejak pagi.',
                                     'service_id': net, 'contact_phone': PHONE})
    t.status(r, 201, 'vis-1.1 requester files a ticket with a contact phone')
    num = r.json['number']
    t.status(tier1.post('/api/v1/tickets/%s/comments' % num, {'body': NOTE, 'internal': True}),
             201, 'vis-1.2 tier 1 writes an internal note')
    r = tier1.upload('/api/v1/tickets/%s/attachments' % num, 'sandi.png', PNG,
                     {'internal': 'true'})
    t.status(r, 201, 'vis-1.3 tier 1 attaches a file to the internal note')
    att = (r.json or {}).get('id')
    r = tier1.post('/api/v1/tickets/%s/escalate' % num,
                   {'tier': 2, 'unit_id': unit, 'reason': R_UNIT})
    t.status(r, 200, 'vis-1.4 tier 1 escalates to the unit (reason not public)')
    r = tier2.post('/api/v1/tickets/%s/escalate' % num,
                   {'tier': 3, 'vendor_id': vid, 'reason': R_VENDOR, 'public': False})
    t.status(r, 200, 'vis-1.5 tier 2 escalates to the vendor (public: false)')
    r = tier1.post('/api/v1/tickets/%s/escalate' % num,
                   {'tier': 3, 'vendor_id': vid, 'reason': 'x', 'public': 'ya'})
    t.eq((r.status, (r.json or {}).get('error', {}).get('fields', {}).get('public') is not None),
         (422, True), 'vis-1.6 public must be a boolean: 422 naming the field')

    # -- vis-2: the same ticket through every role's eyes
    def view(c):
        tk = c.get('/api/v1/tickets/' + num)
        ev = c.get('/api/v1/tickets/%s/events' % num)
        at = c.get('/api/v1/tickets/%s/attachments' % num)
        lst = c.get('/api/v1/tickets?per_page=200')
        row = [x for x in (lst.json or {}).get('items', []) if x['number'] == num]
        if tk.status != 200:
            return tk.status
        items = ev.json['items']
        return {
            'email': tk.json['requester']['email'], 'phone': tk.json['contact_phone'],
            'list_email': row[0]['requester']['email'] if row else 'absent',
            'note': any(e['body'] == NOTE for e in items),
            'reasons': sorted(e['body'] for e in items if e['kind'] == 'escalation_reason'),
            'escalated_bodies': [e['body'] for e in items if e['kind'] == 'escalated'],
            'attachment': any(a['id'] == att for a in (at.json or {}).get('items', [])),
            'download': c.get('/api/v1/attachments/%s' % att).status,
        }
    staff = {'email': 'requester@demo.test', 'phone': PHONE, 'list_email': 'requester@demo.test',
             'note': True, 'reasons': sorted([R_UNIT, R_VENDOR]),
             'escalated_bodies': [None, None], 'attachment': True, 'download': 200}
    outsider = {'email': None, 'phone': None, 'list_email': None, 'note': False, 'reasons': [],
                'escalated_bodies': [None, None], 'attachment': False, 'download': 404}
    requester = dict(outsider, email='requester@demo.test', phone=PHONE,
                     list_email='requester@demo.test')
    for name, c, want in (('tier 1', tier1, staff), ('tier 2', tier2, staff),
                          ('admin', admin, staff), ('leader', leader, staff),
                          ('vendor without sees_internal', vendor, outsider),
                          ('requester', req, requester)):
        t.eq(view(c), want, 'vis-2 %s sees exactly its share of the ticket' % name)
    t.eq(view(other), 404, 'vis-2 another unit\'s requester: 404')
    t.eq(other.get('/api/v1/attachments/%s' % att).status, 404,
         'vis-2 another unit\'s requester: the attachment is 404 too')
    text = pdf_text(req, num)
    t.ok(num in text and R_UNIT not in text and R_VENDOR not in text and NOTE not in text,
         'vis-2 the requester\'s PDF carries no internal reason or note', text[-600:])
    text = pdf_text(vendor, num)
    t.ok(num in text and PHONE not in text and 'requester@demo.test' not in text and
         NOTE not in text, 'vis-2 the vendor\'s PDF carries no contacts or notes')

    # -- vis-3: what the vendor may not do without the setting
    t.eq(vendor.get('/api/v1/me').json['user']['sees_internal'], False,
         'vis-3.1 /me tells the web app the vendor does not see internal notes')
    t.status(vendor.post('/api/v1/tickets/%s/comments' % num, {'body': 'x', 'internal': True}),
             403, 'vis-3.2 a vendor without the setting writes no internal note')
    t.status(vendor.upload('/api/v1/tickets/%s/attachments' % num, 'a.png', PNG,
                           {'internal': 'true'}), 403,
             'vis-3.3 nor an internal attachment')
    t.status(vendor.get('/api/v1/users?per_page=5'), 403,
             'vis-3.4 nor reads the user directory (everyone\'s e-mail and phone)')
    t.status(vendor.post('/api/v1/tickets/%s/comments' % num, {'body': 'Kami cek besok.'}), 201,
             'vis-3.5 a public comment is fine')
    t.eq([x['sees_internal'] for x in admin.get('/api/v1/vendors').json['items']
          if x['id'] == vid], [False], 'vis-3.6 vendor master data: sees_internal defaults false')

    # -- vis-4: the setting lets the vendor in
    r = admin.patch('/api/v1/vendors/%d' % vid, {'sees_internal': True})
    t.eq((r.status, (r.json or {}).get('sees_internal')), (200, True),
         'vis-4.1 admin sets sees_internal on the vendor')
    t.eq(view(vendor), staff, 'vis-4.2 vendor with sees_internal sees notes, reasons, contacts')
    t.eq(vendor.get('/api/v1/me').json['user']['sees_internal'], True, 'vis-4.3 /me says so')
    t.status(vendor.post('/api/v1/tickets/%s/comments' % num, {'body': 'cek', 'internal': True}),
             201, 'vis-4.4 and writes internal notes')
    t.status(vendor.get('/api/v1/users?per_page=5'), 200, 'vis-4.5 and reads the directory')
    admin.patch('/api/v1/vendors/%d' % vid, {'sees_internal': False})
    v = view(vendor)
    t.eq(v['note'] if isinstance(v, dict) else v, False,
         'vis-4.6 switched off again: the notes are gone at once')

    # -- vis-5: a public reason is the requester's to read
    r = req.post('/api/v1/tickets', {'title': 'Switch rusak', 'description': 'Lampu mati.',
                                     'service_id': net})
    num2 = r.json['number']
    r = tier1.post('/api/v1/tickets/%s/escalate' % num2,
                   {'tier': 3, 'vendor_id': vid, 'reason': R_PUBLIC, 'public': True})
    t.status(r, 200, 'vis-5.1 tier 1 escalates with a public reason')
    ev = req.get('/api/v1/tickets/%s/events' % num2).json['items']
    t.eq([(e['kind'], e['body']) for e in ev if e['kind'].startswith('escalat')],
         [('escalated', R_PUBLIC)], 'vis-5.2 requester reads the public reason, no internal copy')

    # -- vis-6: mails. The requester learns the unit (template 7), not the reason.
    rows = wait_for(lambda: all_sent(admin, '?ticket=' + num))
    rows = rows or []
    esc = [o for o in rows if o['template'] == 'ticket_escalated']
    t.eq([o['recipient'] for o in esc], ['requester@demo.test', 'requester@demo.test'],
         'vis-6.1 ticket_escalated goes to the requester, once per escalation')
    t.eq([o for o in rows if o['template'] == 'ticket_changed' and
          o['recipient'] == 'requester@demo.test'], [],
         'vis-6.2 no generic "changed" mail for an escalation')
    pic = sorted((o['recipient'], o['vars'].get('reason'), o['vars'].get('requester_email'))
                 for o in rows if o['template'] == 'ticket_escalated_pic')
    t.eq(pic, [('pic@demo.test', R_UNIT, 'requester@demo.test'),
               ('vendor@demo.test', None, None)],
         'vis-6.3 the PIC gets the reason and contacts; the vendor neither')
    mails = {outbox_id_of(m): (raw, m) for raw, m in sink.mails()}
    raw, m = mails.get(esc[0]['id'] if esc else -1, (b'', None))
    t.ok(m is not None, 'vis-6.4 the SMTP server received the escalation mail')
    if m is None:
        return
    t.eq(m['Subject'], '%s Eskalasi Tiket kepada PIC: %s' % (ORG, num), 'vis-6.5 subject')
    text = m.get_body(('plain',)).get_content().replace('\r\n', '\n')
    t.eq(text, 'Salam dari %s,\n\n'
               'Tiket anda diteruskan kepada PIC layanan di Diskominfo karena membutuhkan '
               'penanganan lanjutan. Tiket anda kini ditangani oleh pihak yang berwenang:\n\n'
               'Nomor tiket: %s\nJudul Tiket: Wi-Fi lantai 3 mati\n'
               'Layanan: Gangguan Jaringan Internet\nDitangani oleh: Diskominfo\n'
               'Status: Baru\n\n'
               'Terimakasih telah menggunakan layanan %s\n\n'
               'Lihat tiket: https://loket.test/#/tickets/%s\n\n'
               'Hormat Kami,\nAdmin %s\n' % (ORG, num, ORG, num, ORG),
         'vis-6.6 text part: template 7 for the requester, naming the unit, not the reason')
    t.ok(R_UNIT not in raw.decode('utf-8', 'replace'), 'vis-6.7 the reason is nowhere in it')

    # -- vis-7: leaders file and follow their own tickets, and no one else's
    r = leader.post('/api/v1/tickets', {'title': 'Laptop pimpinan lambat', 'description': 'x',
                                        'service_id': net})
    t.status(r, 201, 'vis-7.1 a leader files a ticket')
    own = r.json['number']
    t.status(leader.post('/api/v1/tickets/%s/comments' % own, {'body': 'Mohon segera.'}), 201,
             'vis-7.2 comments on it')
    t.status(leader.post('/api/v1/tickets/%s/comments' % num, {'body': 'x'}), 403,
             'vis-7.3 not on somebody else\'s ticket')
    t.status(leader.post('/api/v1/tickets/%s/transitions' % num,
                         {'to': 'cancelled', 'reason': 'x'}), 403,
             'vis-7.4 nor cancels it')
    t.status(leader.patch('/api/v1/tickets/' + num, {'title': 'x'}), 403,
             'vis-7.5 nor edits it')
    t.status(leader.post('/api/v1/tickets/%s/comments' % own,
                         {'body': 'x', 'internal': True}), 403,
             'vis-7.6 leaders write no internal notes, even on their own ticket')
    tier1.post('/api/v1/tickets/%s/transitions' % own, {'to': 'resolved', 'summary': 'RAM'})
    r = leader.post('/api/v1/tickets/%s/rating' % own, {'score': 5})
    t.eq((r.status, (r.json or {}).get('status')), (200, 'closed'),
         'vis-7.7 rates it (and so closes it)')
    r = leader.post('/api/v1/tickets', {'title': 'Salah pilih', 'description': 'x',
                                        'service_id': net})
    r = leader.post('/api/v1/tickets/%s/transitions' % r.json['number'],
                    {'to': 'cancelled', 'reason': 'Salah layanan'})
    t.eq((r.status, (r.json or {}).get('status')), (200, 'cancelled'),
         'vis-7.8 cancels their own ticket')
    t.status(leader.post('/api/v1/units', {'name': 'Unit X'}), 403,
             'vis-7.9 master data stays read-only')
    t.status(leader.post('/api/v1/tickets', {'title': 'x', 'description': 'y',
                                             'service_id': net, 'requester_id': 5}), 403,
             'vis-7.10 and files nothing on behalf of others')


if __name__ == '__main__':
    Tap().run(main)
