"""Email in: `loket mail-in` over the corpus in tests/data/mail/ (Gmail,
Outlook, Apple Mail, mobile, nested multiparts, inline images, ISO-8859-1,
Windows-1252, base64 and QP bodies, RFC 2047 subjects, forwards, bounces,
auto-replies), each with its expected outcome: exit status, ticket or
comment, the exact text stored, attachments, the inbound_mail record and
the acknowledgement in the outbox. {{T1}}/{{T2}} in a message stand for the
numbers the first two mails got."""
import json
import os
import subprocess

from db_lock import write_locked
from loket import BIN, SRC, Server, Tap

CORPUS = os.path.join(SRC, 'tests', 'data', 'mail')


def main(t):
    s = Server()
    nums = {}

    def mail(name, env=None, raw=None):
        data = raw if raw is not None else open(os.path.join(CORPUS, name), 'rb').read()
        for k, v in nums.items():
            data = data.replace(('{{%s}}' % k).encode(), v.encode())
        p = subprocess.run([BIN, 'mail-in'], input=data, env=dict(s.env, **(env or {})),
                           capture_output=True, timeout=60)
        return p.returncode, (p.stdout + p.stderr).decode('utf-8', 'replace').strip()

    def one(sql, *args):
        rows = s.sql(sql, args)
        r = rows[0] if rows else None
        return r[0] if r and len(r) == 1 else r

    def count(sql, *args):
        return s.sql(sql, args)[0][0]

    agent = s.client('agent@demo.test')
    admin = s.client('admin@demo.test')
    maya = one("SELECT id FROM users WHERE email = 'requester@demo.test'")
    rahmat = one("SELECT id FROM users WHERE email = 'requester2@demo.test'")
    siti = one("SELECT id FROM users WHERE email = 'agent@demo.test'")

    def last_comment(number):
        r = agent.get('/api/v1/tickets/%s/events' % number)
        cs = [e for e in r.json['items'] if e['kind'] == 'comment']
        return cs[-1] if cs else None

    def outbox(number, template):
        return s.sql("SELECT recipient, vars FROM outbox o JOIN tickets t ON t.id ="
                     " o.ticket_id WHERE t.number = ? AND o.template = ? ORDER BY o.id",
                     (number, template))

    def record(message_id):
        rows = s.sql("SELECT outcome, reason, source FROM inbound_mail WHERE message_id = ?",
                     (message_id,))
        return rows[0] if rows else None

    # 01 Gmail, multipart/alternative, QP UTF-8: a new ticket.
    rc, out = mail('01_gmail_new.eml')
    t.eq(rc, 0, '01 gmail: exit 0')
    nums['T1'] = out.split()[-1]
    t.ok(out.startswith('loket mail-in: ticket '), '01 gmail: a ticket', out)
    tk = agent.get('/api/v1/tickets/' + nums['T1']).json
    t.eq((tk['channel'], tk['title'], tk['requester_id'], tk['status']),
         ('email', 'Printer lantai 2 tidak bisa mencetak', maya, 'new'),
         '01 gmail: channel email, subject as title, requester matched by email (any case)')
    t.eq(tk['description'],
         'Selamat pagi,\n\nPrinter HP di ruang tata usaha lantai 2 tidak bisa mencetak sejak '
         'kemarin \u2013\nlampu indikator berkedip oranye.\n\nTerima kasih,\nMaya',
         '01 gmail: the text/plain part, QP decoded, exact')
    ack = outbox(nums['T1'], 'ticket_created')
    t.ok(len(ack) == 1 and ack[0][0] == 'requester@demo.test' and
         json.loads(ack[0][1])['ticket_number'] == nums['T1'],
         '01 gmail: acknowledgement (ticket_created) with the number queued', ack)
    t.eq(record('<CAF8x0QmGmail01+abc@mail.gmail.com>'), ('ticket', None, 'pipe'),
         '01 gmail: recorded in inbound_mail')

    # 02 Outlook, HTML only, windows-1252 QP: converted to text.
    rc, out = mail('02_outlook_html_only.eml')
    nums['T2'] = out.split()[-1]
    t.eq(rc, 0, '02 outlook html: exit 0')
    tk = agent.get('/api/v1/tickets/' + nums['T2']).json
    t.eq((tk['requester_id'], tk['channel']), (rahmat, 'email'), '02 outlook html: requester 2')
    t.eq(tk['description'],
         'Yth. Helpdesk,\n\nAkun SIMPEG saya terkunci setelah salah kata sandi 3\u00d7 \u2013 '
         'mohon dibuka kembali.\n\n- NIP: 198902142014021006\n- Unit: Dinas Pendidikan\n\n'
         'Salam, Rahmat & tim', '02 outlook html: HTML to text, entities, cp1252 dash, lists')

    # 03 Apple Mail reply: comment without the quoted history.
    n_ack = len(outbox(nums['T1'], 'comment_received'))
    rc, out = mail('03_apple_reply.eml')
    t.eq((rc, out), (0, 'loket mail-in: comment ' + nums['T1']), '03 apple reply: a comment')
    c = last_comment(nums['T1'])
    t.eq((c['body'], c['actor_id']),
         ('Sudah saya coba matikan dan nyalakan lagi, masih sama.', maya),
         '03 apple reply: "On ... wrote:" and > lines stripped, by the requester')
    acks = outbox(nums['T1'], 'comment_received')
    t.ok(len(acks) == n_ack + 1 and acks[-1][0] == 'requester@demo.test' and
         json.loads(acks[-1][1])['comment'] == c['body'],
         '03 apple reply: comment_received acknowledgement queued', acks)

    # 04 Outlook reply by the agent; only In-Reply-To names the ticket.
    rc, out = mail('04_outlook_agent_reply.eml')
    t.eq((rc, out), (0, 'loket mail-in: comment ' + nums['T1']), '04 outlook agent: a comment')
    c = last_comment(nums['T1'])
    t.eq((c['body'], c['actor_id']),
         ('Teknisi kami akan datang pukul 13.00 untuk memeriksa printer.\n\nSalam,\nSiti', siti),
         '04 outlook agent: "-----Original Message-----" block stripped')
    tk = agent.get('/api/v1/tickets/' + nums['T1']).json
    t.ok(tk['first_response_at'] is not None, '04 outlook agent: counts as first response')
    t.ok(any(json.loads(v).get('author') == 'Siti Rahmawati'
             for _, v in outbox(nums['T1'], 'new_comment')),
         '04 outlook agent: the requester is notified of the new comment')

    # 05 mobile reply in Indonesian, base64, References only, wrapped attribution.
    rc, out = mail('05_mobile_indonesian_reply.eml')
    t.eq((rc, out), (0, 'loket mail-in: comment ' + nums['T2']), '05 mobile: comment on T2')
    t.eq(last_comment(nums['T2'])['body'],
         'Baik, terima kasih. Sudah bisa masuk lagi.\n\nDikirim dari ponsel saya',
         '05 mobile: "Pada ... menulis:" over two lines stripped, base64 decoded')

    # 06 unknown sender, ISO-8859-1 base64, RFC 2047 subject in two charsets.
    users = count("SELECT count(*) FROM users")
    rc, out = mail('06_latin1_base64_unknown.eml')
    t.eq(rc, 0, '06 latin1: exit 0')
    tk = agent.get('/api/v1/tickets/' + out.split()[-1]).json
    t.eq(tk['title'], 'Laptop tidak menyala \u2013 ruang caf\u00e9', '06 latin1: RFC 2047 subject')
    t.eq(tk['description'],
         'Laptop di ruang caf\u00e9 tidak menyala.\nSaya sudah mencoba pengisi daya lain - '
         'tetap mati.', '06 latin1: ISO-8859-1 base64 body to UTF-8')
    t.eq((count("SELECT count(*) FROM users"), one("SELECT name || '|' || role FROM users "
                                                   "WHERE email = 'jose.maria@example.org'")),
         (users + 1, 'Jos\u00e9 Mar\u00eda|requester'),
         '06 latin1: unknown sender registered as a requester (name decoded)')

    # 07 Windows-1252 QP labelled ISO-8859-1.
    rc, out = mail('07_cp1252_qp.eml')
    tk = agent.get('/api/v1/tickets/' + out.split()[-1]).json
    t.eq(tk['description'],
         'Tagihan \u201cPaket Kantor\u201d bulan ini \u20ac 45 lebih mahal.\n'
         'Mohon dicek \u2013 terima kasih.', '07 cp1252: smart quotes, euro, dash')

    # 08 nested multiparts with an inline image, a PDF and a refused .exe.
    rc, out = mail('08_nested_inline_image.eml')
    t.eq(rc, 0, '08 nested: exit 0 (a refused attachment does not refuse the mail)')
    n8 = out.split()[3].rstrip(':')
    tk = agent.get('/api/v1/tickets/' + n8).json
    t.eq(tk['description'], 'Monitor di meja saya bergaris hijau, foto terlampir.',
         '08 nested: text/plain inside related/alternative')
    att = agent.get('/api/v1/tickets/%s/attachments' % n8).json['items']
    t.eq(sorted((a['filename'], a['content_type']) for a in att),
         [('Berita Acara \u2013 Monitor.pdf', 'application/pdf'), ('image001.png', 'image/png')],
         '08 nested: inline PNG and RFC 2231 named PDF stored, .exe not')
    pdf = [a for a in att if a['content_type'] == 'application/pdf'][0]
    r = agent.get(pdf['url'])
    t.ok(r.status == 200 and r.body.startswith('%PDF-1.4') and pdf['size'] == 142,
         '08 nested: PDF bytes downloadable intact', r)
    t.eq(record('<nested-0008@demo.test>')[1],
         'attachment driver.exe refused: type application/x-dosexec not allowed',
         '08 nested: the refused attachment is noted in the record')

    # 09 forward as attachment, 10 inline forward.
    rc, out = mail('09_forward_attached.eml')
    tk = agent.get('/api/v1/tickets/' + out.split()[-1]).json
    t.eq(tk['description'],
         'Diteruskan dari kepala bidang.\n\n---------- Pesan terlampir ----------\n'
         'From: kabid@pemda.example.go.id\nSubject: Permintaan akun email baru\n\n'
         'Mohon dibuatkan akun email untuk pegawai baru, Sdri. Ani.',
         '09 forward attached: message/rfc822 text included')
    t.eq((tk['requester_id'], tk['channel']), (siti, 'email'), '09 forward: by the agent')
    rc, out = mail('10_forward_inline.eml')
    tk = agent.get('/api/v1/tickets/' + out.split()[-1]).json
    t.ok(tk['description'].endswith('To: <requester@demo.test>\n\nInternet di puskesmas mati '
                                    'sejak pagi.') and
         tk['description'].startswith('Mohon ditindaklanjuti.\n\n---------- Forwarded message'),
         '10 forward inline: kept whole (a new ticket is not quote-stripped)', tk['description'])

    # 11-15: bounces, auto-replies, bulk, loops: recorded, never answered.
    tickets = count("SELECT count(*) FROM tickets")
    rows = count("SELECT count(*) FROM outbox")
    events = count("SELECT count(*) FROM ticket_events")
    for name, mid, reason in [
            ('11_bounce_dsn.eml', '<20261201050000.AAAA1@mail.demo.test>', 'bounce'),
            ('12_autoreply_ooo.eml', '<ooo-0012@demo.test>', 'auto_reply'),
            ('13_precedence_bulk.eml', '<bulk-0013@example.com>', 'bulk'),
            ('14_outlook_oof.eml', '<oof-0014@demo.test>', 'auto_reply'),
            ('15_own_message_loop.eml', '<loket.7.%s@localhost>' % nums['T1'], 'loop')]:
        rc, out = mail(name)
        t.eq((rc, record(mid)), (0, ('ignored', reason, 'pipe')),
             '%s: exit 0, recorded as ignored (%s)' % (name[:2], reason))
    t.eq((count("SELECT count(*) FROM tickets"), count("SELECT count(*) FROM outbox"),
          count("SELECT count(*) FROM ticket_events")), (tickets, rows, events),
         '11-15: no ticket, no comment, no outgoing mail for any of them')

    # 16 not allowed, 17 garbage: permanent refusals with sysexits codes.
    rc, out = mail('16_not_allowed.eml')
    t.eq((rc, record('<notallowed-0016@demo.test>')[:2]), (67, ('refused', 'not_allowed')),
         '16 another requester on T1: EX_NOUSER (67), recorded refused')
    t.eq(count("SELECT count(*) FROM ticket_events"), events, '16: no comment added')
    kept = os.listdir(os.path.join(s.dir, 'mail-refused'))
    t.eq(len(kept), 1, '16: the refused message is kept in DATA_DIR/mail-refused')
    rc, out = mail('17_garbage.eml')
    t.eq(rc, 65, '17 not a message: EX_DATAERR (65)')

    # Duplicate deliveries: nothing filed twice; the first answer is repeated.
    rc, out = mail('01_gmail_new.eml')
    t.eq((rc, count("SELECT count(*) FROM tickets")), (0, tickets),
         'duplicate of 01: exit 0, no second ticket')
    t.ok('duplicate' in out, 'duplicate of 01: reported as duplicate', out)
    rc, out = mail('16_not_allowed.eml')
    t.eq(rc, 67, 'duplicate of 16: refused again with 67')

    # 18: the requester answers a waiting ticket → in_progress, as the API does.
    r = agent.post('/api/v1/tickets/%s/transitions' % nums['T1'], {'to': 'in_progress'})
    r = agent.post('/api/v1/tickets/%s/transitions' % nums['T1'], {'to': 'waiting'})
    t.eq(r.json.get('status'), 'waiting', '18: T1 waits on the requester')
    rc, out = mail('18_reply_waiting.eml')
    tk = agent.get('/api/v1/tickets/' + nums['T1']).json
    t.eq((rc, tk['status'], last_comment(nums['T1'])['body']),
         (0, 'in_progress', 'Nomor seri printer: CN12345678.'),
         '18: reply moves waiting → in_progress; comment stored without the quote')

    # 21: Outlook HTML-only reply: the quoted header block (in divs) is cut.
    rc, out = mail('21_outlook_html_reply.eml')
    t.eq((rc, out, last_comment(nums['T1'])['body']),
         (0, 'loket mail-in: comment ' + nums['T1'],
          'Printer sudah normal kembali, terima kasih banyak.'),
         '21 outlook html reply: converted, From/Sent/To/Subject block and below removed')

    # 19: a reply to a closed ticket opens a new one pointing back.
    agent.post('/api/v1/tickets/%s/transitions' % nums['T2'], {'to': 'in_progress'})
    agent.post('/api/v1/tickets/%s/transitions' % nums['T2'], {'to': 'resolved',
                                                              'summary': 'Akun dibuka.'})
    r = admin.post('/api/v1/tickets/%s/transitions' % nums['T2'], {'to': 'closed'})
    t.eq(r.json.get('status'), 'closed', '19: T2 closed')
    rc, out = mail('19_reply_closed.eml')
    t.ok(rc == 0 and out.startswith('loket mail-in: ticket '), '19: a new ticket', out)
    tk = agent.get('/api/v1/tickets/' + out.split()[3].rstrip(':')).json
    t.eq((tk['description'], tk['requester_id']),
         ('Lanjutan tiket %s:\n\nAkun saya terkunci lagi.' % nums['T2'], rahmat),
         '19: description points back to the closed ticket')

    # 20: no Message-ID: identified by its bytes.
    rc, out = mail('20_no_message_id.eml')
    n20 = out.split()[-1]
    tk = agent.get('/api/v1/tickets/' + n20).json
    t.eq((rc, tk['title']), (0, '(tanpa subjek)'), '20: no subject → placeholder title')
    before = count("SELECT count(*) FROM tickets")
    rc, out = mail('20_no_message_id.eml')
    t.eq((rc, count("SELECT count(*) FROM tickets")), (0, before),
         '20: redelivery without Message-ID is still a duplicate')

    # Unknown senders refused when configured so.
    raw = (b'From: stranger@example.net\nSubject: Halo\nMessage-ID: <stranger-1@example.net>\n\n'
           b'Tolong.\n')
    rc, out = mail(None, env={'LOKET_MAIL_UNKNOWN_SENDERS': 'refuse'}, raw=raw)
    t.eq((rc, count("SELECT count(*) FROM users WHERE email = 'stranger@example.net'")), (67, 0),
         'mail_unknown_senders=refuse: EX_NOUSER, nobody registered')

    # Database busy: EX_TEMPFAIL, and the same message files fine afterwards.
    raw = (b'From: requester@demo.test\nSubject: Kursi rusak\nMessage-ID: <busy-1@demo.test>\n\n'
           b'Kursi rusak.\n')
    with write_locked(s):
        rc, out = mail(None, raw=raw)
    t.eq(rc, 75, 'database locked: EX_TEMPFAIL (75) so the MTA retries')
    t.eq(record('<busy-1@demo.test>'), None, 'database locked: nothing recorded')
    rc, out = mail(None, raw=raw)
    t.ok(rc == 0 and out.startswith('loket mail-in: ticket'), 'retry after the lock: filed', out)

    # Only our own domain makes an id ours: a look-alike opens a new ticket.
    raw = ('From: requester@demo.test\nSubject: Lampu ruang server\nMessage-ID: <like-1@x>\n'
           'In-Reply-To: <loket.%s@localhost.example.com>\n\nLampu mati.\n' % nums['T1']).encode()
    before = len([e for e in agent.get('/api/v1/tickets/%s/events' % nums['T1']).json['items']
                  if e['kind'] == 'comment'])
    rc, out = mail(None, raw=raw)
    after = len([e for e in agent.get('/api/v1/tickets/%s/events' % nums['T1']).json['items']
                 if e['kind'] == 'comment'])
    t.ok(rc == 0 and out.startswith('loket mail-in: ticket ') and before == after,
         'In-Reply-To on a look-alike domain: a new ticket, no comment on T1', out)

    # Attachment size rule as for uploads (LOKET_ATTACHMENT_MAX_MB).
    import base64
    big = base64.encodebytes(b'%PDF-1.4\n' + b'0' * (1536 * 1024)).decode()
    raw = ('From: requester@demo.test\nSubject: Laporan besar\nMessage-ID: <big-1@demo.test>\n'
           'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n'
           'Content-Type: text/plain\n\nLaporan terlampir.\n--b\nContent-Type: application/pdf\n'
           'Content-Disposition: attachment; filename=laporan.pdf\n'
           'Content-Transfer-Encoding: base64\n\n' + big + '--b--\n').encode()
    rc, out = mail(None, env={'LOKET_ATTACHMENT_MAX_MB': '1'}, raw=raw)
    nb = out.split()[3].rstrip(':')
    t.eq((rc, agent.get('/api/v1/tickets/%s/attachments' % nb).json['items'],
          record('<big-1@demo.test>')[1]),
         (0, [], 'attachment laporan.pdf refused: larger than 1 MB'),
         'attachment over attachment_max_mb: not stored, noted, mail filed')

    # Item 5: the channel is in the API, filterable.
    r = agent.get('/api/v1/tickets?channel=email&per_page=100')
    t.eq(r.json['total'], count("SELECT count(*) FROM tickets WHERE channel = 'email'"),
         'API: tickets?channel=email lists the mailed tickets')
    ok, detail = s.stop()
    t.ok(ok, 'server exits cleanly', detail)


Tap().run(main)
