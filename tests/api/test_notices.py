#!/usr/bin/env python3
"""notice-*: seed 000's closing confirmation and application problem reports
(issue #15 items 13 and 14).

A ticket closed by the requester's rating or acceptance sends the
ticket_closed mail (not the generic "changed" one), checked byte for byte
as the SMTP server received it (auto-close: tests/unit/test_sweep.c).
POST /api/v1/app-problems files "Laporkan masalah aplikasi" as a ticket of
the configured service for any signed-in user, acknowledged with template 9
(app_problem_reported) instead of "ticket created"; a screenshot follows as
an ordinary attachment. Without a usable service the route answers 503."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import wait_for, all_sent, outbox_id_of  # noqa: E402
from test_visibility import ORG, PNG, with_mail  # noqa: E402


def main(t):
    with_mail(t, 'notice-9.1', closing, app_problems)
    unconfigured(t)


def services(c):
    return {s['name']: s for s in c.get('/api/v1/services?per_page=200').json['items']}


def mail_of(t, srv, sink, admin, num, template, name):
    rows = wait_for(lambda: all_sent(admin, '?ticket=' + num)) or []
    mine = [o for o in rows if o['template'] == template]
    t.eq([o['recipient'] for o in mine], ['requester@demo.test'], name + ': one mail, requester')
    mails = {outbox_id_of(m): m for _, m in sink.mails()}
    m = mails.get(mine[0]['id']) if mine else None
    t.ok(m is not None, name + ': the SMTP server received it')
    return rows, m


def closed_text(num, title):
    return ('Salam dari %s,\n\nTiket anda telah ditutup dengan detil berikut:\n\n'
            'Nomor tiket: %s\nJudul Tiket: %s\nLayanan: Gangguan Jaringan Internet\n'
            'Status: Ditutup\n\n'
            'Terimakasih telah menggunakan layanan %s. Apabila masih membutuhkan bantuan, '
            'silakan buat tiket baru.\n\n'
            'Lihat tiket: https://loket.test/#/tickets/%s\n\n'
            'Hormat Kami,\nAdmin %s\n' % (ORG, num, title, ORG, num, ORG))


def closing(t, srv, sink):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req = srv.client('requester@demo.test')
    net = services(req)['Gangguan Jaringan Internet']['id']
    for how, close in (('rating', lambda n: req.post('/api/v1/tickets/%s/rating' % n,
                                                      {'score': 4})),
                       ('acceptance', lambda n: req.post('/api/v1/tickets/%s/transitions' % n,
                                                          {'to': 'closed'}))):
        title = 'Tutup lewat %s' % how
        num = req.post('/api/v1/tickets', {'title': title, 'description': 'x',
                                           'service_id': net}).json['number']
        agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'resolved', 'summary': 'OK'})
        r = close(num)
        t.eq((r.status, (r.json or {}).get('status')), (200, 'closed'),
             'notice-1 closed by the requester\'s %s' % how)
        rows, m = mail_of(t, srv, sink, admin, num, 'ticket_closed', 'notice-1 ' + how)
        t.eq([o['template'] for o in rows if o['template'] == 'ticket_changed'], [],
             'notice-1 %s: no generic "changed" mail' % how)
        if m is None:
            continue
        t.eq(m['Subject'], '%s Penutupan Tiket: %s' % (ORG, num), 'notice-1 %s: subject' % how)
        t.eq(m.get_body(('plain',)).get_content().replace('\r\n', '\n'), closed_text(num, title),
             'notice-1 %s: text part, byte for byte' % how)
        html = m.get_body(('html',)).get_content()
        t.ok('<p>Tiket anda telah ditutup dengan detil berikut:</p>' in html and
             'Status: Ditutup</p>' in html, 'notice-1 %s: HTML part' % how, html)


def app_problems(t, srv, sink):
    admin = srv.client('admin@demo.test')
    req = srv.client('requester@demo.test')
    svc = services(req)['Masalah Aplikasi Loket']
    what = 'Tombol Kirim tidak bereaksi\nSaya klik berkali-kali, tidak terjadi apa-apa.'
    page = 'https://loket.test/#/new'
    r = req.post('/api/v1/app-problems', {'what': what, 'page_url': page},
                 headers={'User-Agent': 'UjiPeramban/1.0'})
    t.status(r, 201, 'notice-2.1 a requester reports an application problem')
    tk = r.json or {}
    num = tk.get('number', '')
    t.eq((tk.get('service_id'), tk.get('title'), tk.get('channel'), tk.get('status')),
         (svc['id'], 'Masalah aplikasi: Tombol Kirim tidak bereaksi', 'web', 'new'),
         'notice-2.2 filed as a ticket of the demo\'s app problem service')
    t.eq(tk.get('description'), what + '\n\nHalaman: %s\nPeramban: UjiPeramban/1.0' % page,
         'notice-2.3 the description holds what, the page and the browser')
    r = req.upload('/api/v1/tickets/%s/attachments' % num, 'layar.png', PNG)
    t.status(r, 201, 'notice-2.4 the screenshot follows as an attachment of the ticket')
    rows, m = mail_of(t, srv, sink, admin, num, 'app_problem_reported', 'notice-2.5 ack')
    t.eq([o['template'] for o in rows if o['template'] == 'ticket_created'], [],
         'notice-2.6 acknowledged with template 9 instead of "ticket created"')
    if m is not None:
        t.eq(m['Subject'], '%s Laporan Masalah Aplikasi Diterima: %s' % (ORG, num),
             'notice-2.7 subject')
        t.eq(m.get_body(('plain',)).get_content().replace('\r\n', '\n'),
             'Salam dari %s,\n\nLaporan kendala teknis anda pada aplikasi %s telah kami '
             'terima dan tercatat. Kendala tersebut akan segera kami tindaklanjuti.\n\n'
             'Nomor tiket: %s\nJudul: Masalah aplikasi: Tombol Kirim tidak bereaksi\n\n'
             'Terimakasih atas laporan anda.\n\n'
             'Lihat tiket: https://loket.test/#/tickets/%s\n\n'
             'Hormat Kami,\nAdmin %s\n' % (ORG, ORG, num, num, ORG),
             'notice-2.8 text part of template 9, byte for byte')
    long = 'é' * 200
    r = req.post('/api/v1/app-problems', {'what': long})
    t.eq((r.status, (r.json or {}).get('title')),
         (201, 'Masalah aplikasi: ' + 'é' * 60 + '…'),
         'notice-2.9 a long first line is cut at a character boundary')
    for who in ('leader@demo.test', 'vendor@demo.test', 'agent@demo.test', 'pic@demo.test',
                'admin@demo.test'):
        r = srv.client(who).post('/api/v1/app-problems', {'what': 'Halaman kosong'})
        t.eq((r.status, (r.json or {}).get('requester', {}).get('email')), (201, who),
             'notice-2.10 %s reports too, as the requester of the ticket' % who)
    for body, field in (({}, 'what'), ({'what': '   '}, 'what'), ({'what': 5}, 'what'),
                        ({'what': 'x', 'page_url': 'u' * 2001}, 'page_url'),
                        ({'what': 'x' * 5001}, 'what')):
        r = req.post('/api/v1/app-problems', body)
        t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))),
             (422, [field]), 'notice-2.11 invalid %r: 422 naming %s' % (body, field))
    anon = srv.client()
    r = anon.post('/api/v1/app-problems', {'what': 'x'})
    t.status(r, 401, 'notice-2.12 anonymous: 401')


def unconfigured(t):
    """loket.conf names a service that takes no tickets (the demo's redirect
    service, id 6): a clean 503 with a stable code, nothing filed."""
    srv = Server(env={'LOKET_APP_PROBLEM_SERVICE_ID': '6'})
    try:
        c = srv.client('requester@demo.test')
        t.eq(services(c)['Pengajuan Cuti Pegawai']['id'], 6, 'notice-3.0 service 6 is a redirect')
        r = c.post('/api/v1/app-problems', {'what': 'x'})
        t.eq((r.status, (r.json or {}).get('error', {}).get('code')),
             (503, 'app_problem.no_service'), 'notice-3.1 unusable service: 503 app_problem.no_service')
        t.eq(c.get('/api/v1/tickets').json['total'], 0, 'notice-3.2 nothing was filed')
    finally:
        ok, detail = srv.stop()
        t.ok(ok, 'notice-9.2 second server exits cleanly', detail)


if __name__ == '__main__':
    Tap().run(main)
