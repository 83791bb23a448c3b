#!/usr/bin/env python3
"""mail-*: notifications leave by SMTP (issue #4). A real SMTP server
(Debian's aiosmtpd, tests/api/smtp_sink.py) on a loopback port receives the
mails; the checks read the bytes it stored: headers, RFC 2047 subject,
MIME structure and both parts, threading across a ticket's mails, exactly
one delivery per outbox row across an SMTP outage and a worker that died
mid-send or lost the server's answer, failed rows after the last attempt,
resend, STARTTLS with AUTH
and implicit TLS; and the template API
(update, 422 with line/column, preview against a real ticket, reset,
language by the recipient's locale)."""
import email
import email.policy
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, SRC, Server, Tap, free_port  # noqa: E402

SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'smtp_sink.py')
ORG = 'Layanan Terpadu – Diskominfo'  # en dash: the subject needs RFC 2047
MAIL_FROM = 'helpdesk@loket.test'


class Sink:
    """The SMTP server process; stop() and start() again on the same port.
    opts: extra smtp_sink.py flags (--starttls CERT KEY, --smtps ..., --auth)."""

    def __init__(self, port=None, opts=()):
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix='loket-smtp-')
        self.opts = list(opts)
        self.proc = None
        self.start()

    def start(self):
        self.proc = subprocess.Popen(['/usr/bin/python3', SINK, str(self.port), self.dir] +
                                     self.opts, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != 'ready':
            raise RuntimeError('smtp sink did not start: %s' % line)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    def mails(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, '*.eml'))):
            with open(path, 'rb') as f:
                raw = f.read()
            out.append((raw, email.message_from_bytes(raw, policy=email.policy.default)))
        return out

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_for(fn, timeout=20, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def outbox(admin, query=''):
    r = admin.get('/api/v1/outbox' + query)
    return r.json['items'] if r.status == 200 else []


def all_sent(admin, query=''):
    rows = outbox(admin, query)
    return rows if rows and all(o['status'] == 'sent' for o in rows) else None


def outbox_id_of(msg):
    m = re.fullmatch(r'<loket\.(\d+)(?:\.[^@]+)?@loket\.test>', msg['Message-ID'] or '')
    return int(m.group(1)) if m else None


def restart(srv):
    """Starts `loket serve` again on the same data directory and port."""
    srv.log = open(os.path.join(srv.dir, 'server.log'), 'a')
    srv.proc = subprocess.Popen([BIN, 'serve', '--listen', '127.0.0.1:%d' % srv.port],
                                env=srv.env, stdout=srv.log, stderr=srv.log)
    ok = wait_for(lambda: subprocess.run(
        ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', srv.url + '/healthz'],
        capture_output=True, text=True).stdout == '200', timeout=10, step=0.05)
    if not ok:
        raise RuntimeError('server did not restart')


def main(t):
    sink = Sink()
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                      'LOKET_MAIL_FROM': MAIL_FROM, 'LOKET_ORG_NAME': ORG,
                      'LOKET_OUTBOX_POLL_MS': '100', 'LOKET_OUTBOX_BACKOFF_MS': '300',
                      'LOKET_BASE_URL': 'https://loket.test'})
    try:
        delivery(t, srv, sink)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'mail-9.1 server exits cleanly (status 0, no sanitizer report)', detail)
        sink.cleanup()
    failures(t)
    unknown_fate(t)
    tls_and_auth(t)
    templates(t)


def services(c):
    return {s['name']: s['id'] for s in c.get('/api/v1/services?per_page=200').json['items']}


def delivery(t, srv, sink):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req1 = srv.client('requester@demo.test')
    net = services(req1)['Gangguan Jaringan Internet']

    # -- mail-1: the "ticket created" mail, byte by byte
    title = 'Printer <lantai 2> rusak & macet — é'
    r = req1.post('/api/v1/tickets', {'title': title, 'description': 'Kertas tersangkut.',
                                      'service_id': net})
    t.status(r, 201, 'mail-1.1 ticket created')
    num = r.json['number']
    rows = wait_for(lambda: all_sent(admin, '?ticket=' + num))
    t.ok(rows, 'mail-1.2 the outbox rows of the ticket become sent', outbox(admin, '?ticket=' + num))
    rows = rows or []
    created = [o for o in rows if o['template'] == 'ticket_created']
    t.eq([(o['recipient'], o['attempts'], o['last_error']) for o in created],
         [('requester@demo.test', 1, None)], 'mail-1.3 one created mail, first attempt, no error')
    t.ok(created and created[0]['sent_at'], 'mail-1.4 sent_at is set')
    t.eq(created and created[0]['vars'].get('channel'), 'web', 'mail-1.5 vars carry the channel')

    mails = {outbox_id_of(m): (raw, m) for raw, m in sink.mails()}
    oid = created[0]['id'] if created else -1
    raw, m = mails.get(oid, (b'', None))
    t.ok(m is not None, 'mail-1.6 the SMTP server received the created mail', sorted(mails))
    if m is None:
        return
    me = srv.client('requester@demo.test').get('/api/v1/me').json
    me = me.get('user', me)
    t.eq(m['Subject'], '%s Pembuatan Tiket Baru: %s' % (ORG, num),
         'mail-1.7 subject is the seed wording (Indonesian user)')
    head = raw.split(b'\r\n\r\n', 1)[0]
    t.ok(b'Subject: =?UTF-8?B?' in head, 'mail-1.8 non-ASCII subject is RFC 2047 encoded', head)
    t.ok(all(len(line) <= 78 for line in head.split(b'\r\n')), 'mail-1.9 header lines folded',
         [line for line in head.split(b'\r\n') if len(line) > 78])
    t.eq((m['From'].addresses[0].addr_spec, m['From'].addresses[0].display_name),
         (MAIL_FROM, ORG), 'mail-1.10 From: org name and mail_from')
    t.eq(m['To'], 'requester@demo.test', 'mail-1.11 To: the requester')
    t.eq(m['X-Envelope-To'], 'requester@demo.test', 'mail-1.12 envelope recipient')
    t.eq(m['Message-ID'], '<loket.%d.%s@loket.test>' % (oid, num),
         'mail-1.13 Message-ID <loket.{outbox_id}.{ticket}@{domain}>')
    t.eq((m['In-Reply-To'], m['References']), ('<loket.%s@loket.test>' % num,) * 2,
         'mail-1.14 In-Reply-To and References name the ticket thread root')
    t.eq(m['Auto-Submitted'], 'auto-generated', 'mail-1.15 Auto-Submitted: auto-generated')
    t.ok(m['Date'] and abs(m['Date'].datetime.timestamp() - time.time()) < 120,
         'mail-1.16 Date header is now', m['Date'])
    t.eq(m.get_content_type(), 'multipart/alternative', 'mail-1.17 multipart/alternative')
    parts = list(m.iter_parts())
    t.eq([(p.get_content_type(), p.get_content_charset()) for p in parts],
         [('text/plain', 'utf-8'), ('text/html', 'utf-8')], 'mail-1.18 text then HTML, UTF-8')
    text = parts[0].get_content() if parts else ''
    html = parts[1].get_content() if len(parts) > 1 else ''
    want_text = ('Salam dari %s,\n\nTiket baru telah dibuat dengan detil berikut:\n\n'
                 'Nomor tiket: %s\nJudul Tiket: %s\nLayanan: Gangguan Jaringan Internet\n\n'
                 'Dengan detil pembuat sebagai berikut:\n\nNama pembuat: %s\n'
                 'NIP pembuat: %s\nEmail pembuat: requester@demo.test\n\n'
                 'Tiket anda akan segera kami proses dan terimakasih telah menggunakan '
                 'layanan %s\n\nHormat Kami,\nAdmin %s\n'
                 % (ORG, num, title, me.get('name'), me.get('nip') or '', ORG, ORG))
    t.eq(text.replace('\r\n', '\n'), want_text, 'mail-1.19 text part: the seed template, filled')
    t.ok('Judul Tiket: Printer &lt;lantai 2&gt; rusak &amp; macet — é<br>' in html and
         '<p>Nomor tiket: %s<br>' % num in html and '<script' not in html,
         'mail-1.20 HTML part: same content, values HTML-escaped', html)

    # -- mail-2: a second mail about the ticket threads with the first
    r = agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'in_progress'})
    t.status(r, 200, 'mail-2.1 agent starts work')
    rows = wait_for(lambda: [o for o in (all_sent(admin, '?ticket=' + num) or [])
                             if o['template'] == 'ticket_changed'])
    t.ok(rows, 'mail-2.2 ticket_changed row sent')
    mails = {outbox_id_of(m2): m2 for _, m2 in sink.mails()}
    m2 = mails.get(rows[0]['id']) if rows else None
    t.ok(m2 is not None and m2['Message-ID'] != m['Message-ID'] and
         m2['In-Reply-To'] == m['In-Reply-To'] == '<loket.%s@loket.test>' % num and
         m2['References'] == m['References'],
         'mail-2.3 second mail: own Message-ID, same thread root', m2 and dict(m2))
    t.eq(m2 and m2['Subject'], '%s Perubahan Tiket: %s' % (ORG, num), 'mail-2.4 changed subject')

    # -- mail-3: the recipient's locale picks the language
    users = admin.get('/api/v1/users?q=requester2').json['items']
    r = admin.patch('/api/v1/users/%d' % users[0]['id'], {'locale': 'en'})
    t.status(r, 200, 'mail-3.1 requester2 prefers English')
    req2 = srv.client('requester2@demo.test')
    num2 = req2.post('/api/v1/tickets', {'title': 'Need a new account', 'description': 'x',
                                         'service_id': net}).json['number']
    rows = wait_for(lambda: all_sent(admin, '?ticket=' + num2))
    en = [o for o in rows or [] if o['template'] == 'ticket_created']
    mails = {outbox_id_of(x): x for _, x in sink.mails()}
    m3 = mails.get(en[0]['id']) if en else None
    t.eq((en[0]['locale'] if en else None, m3 and m3['Subject']),
         ('en', '%s New Ticket Created: %s' % (ORG, num2)), 'mail-3.2 English mail for en user')
    body3 = m3.get_body(('plain',)).get_content() if m3 else ''
    t.ok('A new ticket has been created' in body3 and 'Ticket number: %s' % num2 in body3,
         'mail-3.3 English text part', body3)

    # -- mail-4: SMTP down while tickets change; every mail arrives once
    sink.stop()
    before = {o['id'] for o in outbox(admin)}
    for i in range(3):
        r = req1.post('/api/v1/tickets/%s/comments' % num, {'body': 'Tambahan info %d' % i})
        t.status(r, 201, 'mail-4.1.%d comment while SMTP is down' % i)
    agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'waiting', 'reason': 'tunggu'})
    req1.post('/api/v1/tickets', {'title': 'Saat SMTP mati', 'description': 'x',
                                  'service_id': net})
    req2.post('/api/v1/tickets', {'title': 'While SMTP is down', 'description': 'x',
                                  'service_id': net})
    new = lambda: [o for o in outbox(admin) if o['id'] not in before]  # noqa: E731
    def all_retried():
        rows = new()
        return rows if len(rows) >= 3 and all(o['attempts'] >= 1 and o['last_error'] and
                                               o['status'] == 'pending' for o in rows) else None
    retried = wait_for(all_retried, timeout=10)
    t.ok(retried, 'mail-4.2 new rows are retried with an error recorded',
         new())
    t.ok(all(o['status'] in ('pending', 'sending') for o in new()),
         'mail-4.3 nothing is lost or failed during a short outage', new())
    time.sleep(1.0)
    sink.start()
    done = wait_for(lambda: all(o['status'] == 'sent' for o in outbox(admin)), timeout=30)
    rows = outbox(admin)
    t.ok(done, 'mail-4.4 after the restart every row is sent',
         [(o['id'], o['status'], o['attempts'], o['last_error']) for o in rows
          if o['status'] != 'sent'])
    time.sleep(0.5)  # a duplicate would arrive within a few polls
    ids = [outbox_id_of(x) for _, x in sink.mails()]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    t.eq(dup, [], 'mail-4.5 no outbox row delivered twice')
    t.eq(sorted(i for i in ids if i is not None), sorted(o['id'] for o in rows),
         'mail-4.6 exactly the outbox rows arrived, each once')

    # -- mail-5: a worker that died mid-send: at most once, admin resends
    ok, detail = srv.stop(keep=True)
    t.ok(ok, 'mail-5.1 server stops cleanly', detail)
    row = srv.sql("SELECT ticket_id, recipient_id, recipient, vars FROM outbox"
                  " WHERE template = 'ticket_created' ORDER BY id LIMIT 1")[0]
    stuck = srv.sql("INSERT INTO outbox (created_at, ticket_id, recipient_id, recipient,"
                    " channel, template, locale, vars, status, attempts, next_attempt_at,"
                    " claimed_at) VALUES (?, ?, ?, ?, 'email', 'ticket_created', 'id', ?,"
                    " 'sending', 1, ?, ?) RETURNING id",
                    (int(time.time()) - 4000,) + tuple(row) + (int(time.time()) - 4000,
                                                               int(time.time()) - 3600))[0][0]
    restart(srv)
    admin = srv.client('admin@demo.test')
    failed = wait_for(lambda: [o for o in outbox(admin, '?status=failed') if o['id'] == stuck])
    t.ok(failed and 'interrupted' in (failed[0]['last_error'] or ''),
         'mail-5.2 a row left sending by a dead worker is marked failed, not resent', failed)
    time.sleep(0.5)
    t.eq([i for i in (outbox_id_of(x) for _, x in sink.mails()) if i == stuck], [],
         'mail-5.3 and it was not sent on its own')
    r = admin.post('/api/v1/outbox/%d/resend' % stuck)
    t.eq((r.status, (r.json or {}).get('status'), (r.json or {}).get('attempts')),
         (200, 'pending', 0), 'mail-5.4 admin resends it')
    wait_for(lambda: [o for o in outbox(admin) if o['id'] == stuck and o['status'] == 'sent'])
    time.sleep(0.3)
    t.eq([i for i in (outbox_id_of(x) for _, x in sink.mails()) if i == stuck], [stuck],
         'mail-5.5 the resent row arrives exactly once')
    r = admin.post('/api/v1/outbox/%d/resend' % stuck)
    t.eq((r.status, r.code()), (409, 'outbox.not_failed'), 'mail-5.6 a sent row cannot be resent')
    t.eq(admin.post('/api/v1/outbox/999999/resend').status, 404, 'mail-5.7 unknown row: 404')
    t.eq(agent.post('/api/v1/outbox/%d/resend' % stuck).status, 403,
         'mail-5.8 resend is for admins')


def failures(t):
    """mail-6: an unreachable SMTP server: retries, then failed after
    outbox_max_attempts; shown to admins; resend delivers once it is up."""
    port = free_port()
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % port,
                      'LOKET_MAIL_FROM': MAIL_FROM, 'LOKET_OUTBOX_POLL_MS': '50',
                      'LOKET_OUTBOX_BACKOFF_MS': '50', 'LOKET_OUTBOX_MAX_ATTEMPTS': '3'})
    sink = None
    try:
        admin = srv.client('admin@demo.test')
        req1 = srv.client('requester@demo.test')
        num = req1.post('/api/v1/tickets', {'title': 'Gagal kirim', 'description': 'x',
                                            'service_id': services(req1)['Gangguan Jaringan Internet']}
                        ).json['number']
        failed = wait_for(lambda: [o for o in outbox(admin, '?status=failed')
                                   if o['template'] == 'ticket_created'], timeout=20)
        t.ok(failed, 'mail-6.1 unreachable SMTP: the row ends failed', outbox(admin))
        o = failed[0] if failed else {}
        t.eq(o.get('attempts'), 3, 'mail-6.2 after outbox_max_attempts attempts')
        t.ok('onnect' in (o.get('last_error') or ''), 'mail-6.3 last_error says why', o)
        t.eq(admin.get('/api/v1/outbox?status=failed&ticket=' + num).status, 200,
             'mail-6.4 failed rows listed for admins')
        sink = Sink(port)
        r = admin.post('/api/v1/outbox/%d/resend' % o.get('id', 0))
        t.status(r, 200, 'mail-6.5 resend')
        sent = wait_for(lambda: [x for x in outbox(admin, '?status=sent') if x['id'] == o.get('id')])
        time.sleep(0.3)
        ids = [outbox_id_of(x) for _, x in sink.mails()]
        t.ok(sent and ids.count(o.get('id')) == 1, 'mail-6.6 resend delivers it once', ids)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'mail-6.7 clean exit', detail)
        if sink:
            sink.cleanup()


def unknown_fate(t):
    """mail-11: the SMTP server took the whole message but the connection
    dropped before its answer. The mail may have been delivered (here it
    was), so it must not be retried: failed, 'delivery unknown', one copy."""
    sink = Sink(opts=['--hangup', '1'])
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                      'LOKET_MAIL_FROM': MAIL_FROM, 'LOKET_OUTBOX_POLL_MS': '50',
                      'LOKET_OUTBOX_BACKOFF_MS': '50'})
    try:
        admin = srv.client('admin@demo.test')
        req1 = srv.client('requester@demo.test')
        req1.post('/api/v1/tickets', {'title': 'Putus', 'description': 'x',
                                      'service_id': services(req1)['Gangguan Jaringan Internet']})
        failed = wait_for(lambda: outbox(admin, '?status=failed'))
        o = failed[0] if failed else {}
        t.ok((o.get('template'), o.get('attempts')) == ('ticket_created', 1),
             'mail-11.1 hang-up after DATA: failed at the first attempt', outbox(admin))
        t.ok('delivery unknown' in (o.get('last_error') or ''), 'mail-11.2 and says why', o)
        time.sleep(0.5)  # several polls and backoffs: a retry would show now
        ids = [outbox_id_of(m) for _, m in sink.mails()]
        t.eq(ids, [o.get('id')], 'mail-11.3 the server holds exactly one copy')
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'mail-11.4 clean exit', detail)
        sink.cleanup()


def tls_and_auth(t):
    """mail-10: STARTTLS with AUTH, and implicit TLS (smtps://), verified
    against the test's own CA file (smtp_ca_file)."""
    tmp = tempfile.mkdtemp(prefix='loket-smtp-tls-')
    cert, key = os.path.join(tmp, 'cert.pem'), os.path.join(tmp, 'key.pem')
    p = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
                        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
                        '-keyout', key, '-out', cert], capture_output=True)
    if not t.ok(p.returncode == 0, 'mail-10.0 test certificate', p.stderr):
        return
    cases = [('starttls', ['--starttls', cert, key, '--auth', 'loket:rahasia-smtp'],
              lambda port: 'smtp://127.0.0.1:%d?starttls' % port, 'loket'),
             ('smtps', ['--smtps', cert, key], lambda port: 'smtps://127.0.0.1:%d' % port, '-')]
    try:
        for i, (name, opts, url, login) in enumerate(cases, 1):
            sink = Sink(opts=opts)
            srv = Server(env={'LOKET_SMTP_URL': url(sink.port), 'LOKET_MAIL_FROM': MAIL_FROM,
                              'LOKET_SMTP_USER': 'loket' if login != '-' else '',
                              'LOKET_SMTP_PASSWORD': 'rahasia-smtp' if login != '-' else '',
                              'LOKET_SMTP_CA_FILE': cert, 'LOKET_OUTBOX_POLL_MS': '100'})
            try:
                admin = srv.client('admin@demo.test')
                req1 = srv.client('requester@demo.test')
                num = req1.post('/api/v1/tickets', {
                    'title': 'TLS', 'description': 'x',
                    'service_id': services(req1)['Gangguan Jaringan Internet']}).json['number']
                rows = wait_for(lambda: all_sent(admin, '?ticket=' + num))
                t.ok(rows, 'mail-10.%d.1 %s: delivered' % (i, name), outbox(admin))
                got = [(m['X-Sink-TLS'], m['X-Sink-Auth'], m['Subject'])
                       for _, m in sink.mails()]
                t.eq(got, [('yes', login, 'Loket Pembuatan Tiket Baru: %s' % num)],
                     'mail-10.%d.2 %s: over TLS, AUTH %s' % (i, name, login))
            finally:
                ok, detail = srv.stop(keep=t.failed > 0)
                t.ok(ok, 'mail-10.%d.3 clean exit' % i, detail)
                sink.cleanup()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def templates(t):
    """mail-7/8: the template API, without SMTP (mail stays queued)."""
    srv = Server()
    try:
        template_api(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'mail-8.9 clean exit', detail)


def template_api(t, srv):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req1 = srv.client('requester@demo.test')
    num = req1.post('/api/v1/tickets', {'title': 'Proyektor <mati>', 'description': 'x',
                                        'service_id': services(req1)['Gangguan Jaringan Internet']}
                    ).json['number']
    base = '/api/v1/mail-templates'

    r = admin.get(base)
    items = (r.json or {}).get('items', [])
    # every default template, in both languages (counted from the sources, so
    # a new template does not need this line changed)
    n = 2 * len(glob.glob(os.path.join(SRC, 'src', 'notify', 'templates', 'id', '*.tmpl')))
    t.eq((r.status, len(items), len({(i['key'], i['locale']) for i in items})), (200, n, n),
         'mail-7.1 list: every default template x 2 languages')
    t.ok(n >= 34, 'mail-7.1.1 at least the 17 templates of issue #15 (ticket_closed, _pic)')
    t.eq(agent.get(base).status, 403, 'mail-7.2 templates are for admins')
    r = admin.get(base + '/ticket_created/id')
    t.eq((r.status, r.json.get('customized'), r.json.get('subject')),
         (200, False, '{{app_name}} Pembuatan Tiket Baru: {{ticket_number}}'),
         'mail-7.3 default template')
    t.eq(admin.get(base + '/nope/id').status, 404, 'mail-7.4 unknown key: 404')
    t.eq(admin.get(base + '/ticket_created/fr').status, 404, 'mail-7.5 unknown language: 404')

    r = admin.request('PUT', base + '/ticket_created/id',
                      body={'subject': 'x', 'text': 'Halo\n  {{#title}}x', 'html': '<p>ok</p>'})
    e = (r.json or {}).get('error', {})
    t.eq((r.status, e.get('code'), e.get('part'), e.get('line'), e.get('column')),
         (422, 'template.syntax', 'text', 2, 3), 'mail-7.6 bad text: 422 with line and column')
    t.ok('text' in e.get('fields', {}) and 'never closed' in e.get('message', ''),
         'mail-7.7 the error names the field and the problem', e)
    r = admin.patch(base + '/ticket_created/id', {'html': '<p>{{>partial}}</p>'})
    e = (r.json or {}).get('error', {})
    t.eq((r.status, e.get('part'), e.get('line'), e.get('column')), (422, 'html', 1, 4),
         'mail-7.8 partials refused')
    r = admin.patch(base + '/ticket_created/id', {'subject': 'a\n{{b}}'})
    t.eq((r.status, (r.json or {}).get('error', {}).get('part')), (422, 'subject'),
         'mail-7.9 a subject must be one line')
    r = admin.request('PUT', base + '/ticket_created/id', body={'subject': 'x'})
    t.eq((r.status, r.code()), (422, 'validation'), 'mail-7.10 PUT needs all three parts')
    r = admin.patch(base + '/ticket_created/id', {'subject': 'x', 'bogus': 1})
    t.eq(r.status, 422, 'mail-7.11 unknown fields refused')
    t.eq(admin.get(base + '/ticket_created/id').json.get('customized'), False,
         'mail-7.12 refused updates changed nothing')

    subject = '[{{ticket_number}}] Tiket baru: {{title}}'
    r = admin.patch(base + '/ticket_created/id', {'subject': subject})
    t.eq((r.status, r.json.get('customized'), r.json.get('subject')), (200, True, subject),
         'mail-7.13 PATCH the subject')
    t.ok(r.json.get('default', {}).get('subject', '').endswith('{{ticket_number}}') and
         'Salam dari' in r.json.get('text', ''), 'mail-7.14 other parts and the default kept')
    r = admin.post(base + '/ticket_created/id/preview', {'ticket': num})
    t.eq((r.status, (r.json or {}).get('subject')), (200, '[%s] Tiket baru: Proyektor <mati>' % num),
         'mail-7.15 preview renders the override against the real ticket')
    t.ok('Judul Tiket: Proyektor &lt;mati&gt;' in (r.json or {}).get('html', '') and
         'Judul Tiket: Proyektor <mati>' in (r.json or {}).get('text', ''),
         'mail-7.16 preview: HTML escaped, text not')
    r = admin.post(base + '/ticket_created/en/preview', {'ticket': num})
    t.eq((r.status, (r.json or {}).get('subject')), (200, 'Loket New Ticket Created: %s' % num),
         'mail-7.17 preview in English uses the English default')
    t.ok('Ticket number: %s' % num in r.json.get('text', ''), 'mail-7.18 English text part')
    r = admin.post(base + '/ticket_changed/id/preview',
                   {'ticket': num, 'text': '{{status_label}}|{{channel}}|{{#channel_web}}W{{/channel_web}}'})
    t.eq((r.status, (r.json or {}).get('text')), (200, 'Baru|web|W'),
         'mail-7.19 preview of a draft: status label, channel and derived flags')
    r = admin.post(base + '/ticket_changed/id/preview', {'ticket': num, 'text': '{{#a}}'})
    t.eq((r.status, (r.json or {}).get('error', {}).get('line')), (422, 1),
         'mail-7.20 preview of a bad draft: 422')
    t.eq(admin.post(base + '/ticket_created/id/preview', {'ticket': 'LKT-1999-000001'}).status,
         404, 'mail-7.21 preview against an unknown ticket: 404')
    r = admin.post(base + '/faq_proposal_reviewed/en/preview',
                   {'vars': {'question': 'Q?', 'decision': 'rejected', 'reason': 'dup'}})
    t.ok(r.status == 200 and 'We could not accept it.' in r.json['text'] and
         'Reason: dup' in r.json['text'] and 'approved' not in r.json['text'],
         'mail-7.22 preview without a ticket, with sample vars', r)

    # The override is what the worker renders: rows stay queued (no SMTP).
    time.sleep(0.3)
    rows = outbox(admin, '?ticket=' + num)
    t.ok(rows and all(o['status'] == 'pending' and o['attempts'] == 0 for o in rows),
         'mail-8.1 with smtp_url unset mail stays queued', rows)

    r = admin.post(base + '/ticket_created/id/reset')
    t.eq((r.status, r.json.get('customized'), r.json.get('subject')),
         (200, False, '{{app_name}} Pembuatan Tiket Baru: {{ticket_number}}'),
         'mail-8.2 reset to the default')
    items = admin.get(base).json['items']
    t.eq([i for i in items if i['customized']], [], 'mail-8.3 nothing customized after reset')
    audit = admin.get('/api/v1/audit?resource=mail_templates').json['items']
    t.eq(sorted(a['action'] for a in audit), ['reset', 'update'], 'mail-8.4 audited')


if __name__ == '__main__':
    Tap().run(main)
