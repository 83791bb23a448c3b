"""WhatsApp Business Cloud API: webhook verification, signed deliveries
(tampered or missing signatures are 401), messages opening and continuing
tickets, media fetched from the Graph API and attached, delivery statuses,
and agents' replies sent back — free text inside the 24-hour window,
the approved template outside it — through a local fake of the Graph API
that checks the shape of every request (path, bearer token, JSON body)."""
import hashlib
import hmac
import http.server
import json
import os
import struct
import subprocess
import threading
import time
import zlib

from loket import BIN, Server, Tap, free_port

TOKEN = 'EAAG-test-token'
PHONE_ID = '109876543210'
SECRET = 'app-secret-\u00e9'
VERIFY = 'verify-me-123'
MAYA = '6281200000006'     # demo requester, stored as 081200000006
NEWNUM = '6289900011122'   # nobody yet


def png():
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(b'\x00\x00\xff\x00')) + chunk(b'IEND', b''))


PNG = png()
PDF = b'%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'
EXE = b'MZ\x90\x00\x03' + b'\x00' * 59 + b'PE\x00\x00' + b'\x00' * 64
FILES = {'MEDIA-77': (PNG, 'image/png'), 'MEDIA-88': (PDF, 'application/pdf'),
         'MEDIA-99': (EXE, 'application/octet-stream')}


class Fake(http.server.BaseHTTPRequestHandler):
    """The Graph API: media lookup, media bytes, messages. Every request is
    recorded with the problems found in its shape."""
    sent = []        # JSON bodies of accepted messages
    problems = []
    media_hits = []
    fail_first_to = set()
    # approved template names (test_wa_notify.py adds the notices' own)
    templates = {'loket_ticket_update'}
    lock = threading.Lock()
    port = 0

    def log_message(self, *a):
        pass

    def reply(self, status, body, ctype='application/json'):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def bearer_ok(self):
        if self.headers.get('Authorization') != 'Bearer ' + TOKEN:
            with self.lock:
                Fake.problems.append('bad Authorization on %s %s: %r' % (
                    self.command, self.path, self.headers.get('Authorization')))
            self.reply(401, {'error': {'message': 'bad token'}})
            return False
        return True

    def do_GET(self):
        if not self.bearer_ok():
            return
        with self.lock:
            Fake.media_hits.append(self.path)
        mid = self.path.rsplit('/', 1)[-1].replace('.bin', '')
        if mid in FILES and self.path == '/v20.0/' + mid:
            return self.reply(200, {'url': 'http://127.0.0.1:%d/files/%s.bin' % (Fake.port, mid),
                                    'mime_type': FILES[mid][1], 'id': mid})
        if mid in FILES and self.path == '/files/%s.bin' % mid:
            return self.reply(200, FILES[mid][0], FILES[mid][1])
        with self.lock:
            Fake.problems.append('unexpected GET ' + self.path)
        self.reply(404, {'error': {'message': 'no such media'}})

    def do_POST(self):
        if not self.bearer_ok():
            return
        body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
        bad = []
        if self.path != '/v20.0/%s/messages' % PHONE_ID:
            bad.append('path ' + self.path)
        if self.headers.get('Content-Type') != 'application/json':
            bad.append('content type %r' % self.headers.get('Content-Type'))
        try:
            j = json.loads(body)
        except ValueError:
            j = {}
            bad.append('not JSON')
        if j.get('messaging_product') != 'whatsapp' or not j.get('to', '').isdigit():
            bad.append('messaging_product/to')
        if j.get('type') == 'text':
            if not isinstance(j.get('text', {}).get('body'), str):
                bad.append('text.body')
        elif j.get('type') == 'template':
            tp = j.get('template', {})
            params = (tp.get('components') or [{}])[0].get('parameters', [])
            if (tp.get('name') not in Fake.templates
                    or tp.get('language') not in ({'code': 'id'}, {'code': 'en'})
                    or len(params) != 2 or any(p.get('type') != 'text' for p in params)):
                bad.append('template shape %r' % tp)
        else:
            bad.append('type %r' % j.get('type'))
        with self.lock:
            if bad:
                Fake.problems.append('; '.join(bad))
                return self.reply(400, {'error': {'message': '; '.join(bad)}})
            if j['to'] in Fake.fail_first_to:
                Fake.fail_first_to.discard(j['to'])
                return self.reply(500, {'error': {'message': 'try later'}})
            Fake.sent.append(j)
            n = len(Fake.sent)
        self.reply(200, {'messaging_product': 'whatsapp',
                         'contacts': [{'input': j['to'], 'wa_id': j['to']}],
                         'messages': [{'id': 'wamid.OUT%d' % n}]})


def delivery(messages=None, statuses=None, contacts=None):
    value = {'messaging_product': 'whatsapp',
             'metadata': {'display_phone_number': '62752000', 'phone_number_id': PHONE_ID}}
    if messages:
        value['messages'] = messages
        value['contacts'] = contacts or []
    if statuses:
        value['statuses'] = statuses
    return json.dumps({'object': 'whatsapp_business_account', 'entry': [
        {'id': 'WABA1', 'changes': [{'field': 'messages', 'value': value}]}]}).encode()


def sign(body, secret=SECRET):
    return 'sha256=' + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def text_msg(wamid, frm, text, ts=None):
    return {'from': frm, 'id': wamid, 'timestamp': str(int(ts or time.time())), 'type': 'text',
            'text': {'body': text}}


def start_fake(**env):
    """The fake Graph API on a free port, and a server configured for it
    (extra LOKET_* settings in env)."""
    Fake.port = free_port()
    fake = http.server.ThreadingHTTPServer(('127.0.0.1', Fake.port), Fake)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    env = dict({'LOKET_WHATSAPP_BASE_URL': 'http://127.0.0.1:%d/v20.0' % Fake.port,
                'LOKET_WHATSAPP_TOKEN': TOKEN, 'LOKET_WHATSAPP_PHONE_NUMBER_ID': PHONE_ID,
                'LOKET_WHATSAPP_APP_SECRET': SECRET, 'LOKET_WHATSAPP_VERIFY_TOKEN': VERIFY,
                'LOKET_CHANNEL_RETRY_SECONDS': '1'}, **env)
    return fake, Server(env=env)


def main(t):
    # the status notices of issue #22 have their own test (test_wa_notify.py)
    fake, s = start_fake(LOKET_WHATSAPP_NOTIFY='false')
    anon = s.client()
    agent = s.client('agent@demo.test')
    hook = '/api/v1/channels/whatsapp/webhook'
    maya = s.sql("SELECT id FROM users WHERE email = 'requester@demo.test'")[0][0]

    def post(body, sig='sign'):
        h = {'Content-Type': 'application/json'}
        if sig == 'sign':
            sig = sign(body)
        if sig is not None:
            h['X-Hub-Signature-256'] = sig
        return anon.request('POST', hook, raw=body, headers=h)

    def wait_sent(n, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            with Fake.lock:
                if len(Fake.sent) >= n:
                    return list(Fake.sent)
            time.sleep(0.1)
        return list(Fake.sent)

    def settled(sql, args, want, timeout=10):
        # The fake has the message before loket records that it was sent.
        end = time.time() + timeout
        got = None
        while time.time() < end:
            got = s.sql(sql, args)
            if got == want:
                break
            time.sleep(0.1)
        return got

    # Verification handshake.
    r = anon.get(hook + '?hub.mode=subscribe&hub.verify_token=%s&hub.challenge=1158201444' % VERIFY)
    t.eq((r.status, r.body, r.headers.get('content-type', '').split(';')[0]),
         (200, '1158201444', 'text/plain'), 'verify: challenge echoed as text/plain')
    r = anon.get(hook + '?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1')
    t.eq((r.status, r.code()), (403, 'whatsapp.verify_failed'), 'verify: wrong token → 403')
    r = anon.get(hook + '?hub.verify_token=%s&hub.challenge=1' % VERIFY)
    t.status(r, 403, 'verify: no hub.mode → 403')

    # Signatures over the raw body.
    body = delivery([text_msg('wamid.IN1', MAYA, 'Wi-Fi ruang rapat mati sejak pagi.\nMohon '
                              'dibantu.')], contacts=[{'profile': {'name': 'Maya'},
                                                        'wa_id': MAYA}])
    r = post(body, sig=None)
    t.eq((r.status, r.code()), (401, 'whatsapp.signature'), 'no signature → 401')
    r = post(body, sig=sign(body + b' '))
    t.status(r, 401, 'signature of other bytes (tampered body) → 401')
    r = post(body, sig=sign(body, 'other-secret'))
    t.status(r, 401, 'signature with another secret → 401')
    r = post(body, sig=sign(body).replace('sha256=', 'sha1='))
    t.status(r, 401, 'wrong scheme → 401')
    t.eq(s.sql("SELECT count(*) FROM tickets")[0][0], 0,
         'nothing filed from unsigned deliveries')

    # A message from a known number opens a ticket.
    r = post(body)
    t.eq((r.status, r.json), (200, {'ok': True, 'messages': 1}), 'signed delivery → 200')
    row = s.sql("SELECT number, requester_id, channel, title, description FROM tickets"
                     )[0]
    t1 = row[0]
    t.eq(row[1:], (maya, 'whatsapp', 'Wi-Fi ruang rapat mati sejak pagi.',
                   'Wi-Fi ruang rapat mati sejak pagi.\nMohon dibantu.'),
         'new ticket: channel whatsapp, requester matched by phone (0812… = 62812…), text')
    tk = agent.get('/api/v1/tickets/' + t1).json
    t.eq(tk['channel'], 'whatsapp', 'API shows channel whatsapp')
    sent = wait_sent(1)
    t.ok(len(sent) == 1 and sent[0] == {
        'messaging_product': 'whatsapp', 'recipient_type': 'individual', 'to': MAYA,
        'type': 'text', 'text': {'preview_url': False, 'body': (
            'Permintaan Anda telah tercatat dengan nomor tiket %s. Balas pesan ini untuk '
            'menambahkan keterangan.' % t1)}},
        'acknowledgement sent as free text with the ticket number', sent)

    # Meta redelivers the same delivery: nothing filed twice.
    r = post(body)
    t.eq((r.status, s.sql("SELECT count(*) FROM tickets")[0][0],
          s.sql("SELECT count(*) FROM ticket_events WHERE kind = 'comment'")[0][0]),
         (200, 1, 0), 'redelivery: 200, no second ticket or comment')

    # A second message continues the open ticket; an image is fetched and attached.
    agent.post('/api/v1/tickets/%s/transitions' % t1, {'to': 'in_progress'})
    r = agent.post('/api/v1/tickets/%s/transitions' % t1, {'to': 'waiting'})
    body = delivery([text_msg('wamid.IN2', MAYA, 'Sekarang lampunya merah.'),
                     {'from': MAYA, 'id': 'wamid.IN3', 'timestamp': str(int(time.time())),
                      'type': 'image', 'image': {'id': 'MEDIA-77', 'mime_type': 'image/png',
                                                 'sha256': 'x', 'caption': 'Foto router'}}])
    r = post(body)
    t.eq(r.status, 200, 'text + image delivery → 200')
    ev = agent.get('/api/v1/tickets/%s/events' % t1).json['items']
    t.eq([e['body'] for e in ev if e['kind'] == 'comment'],
         ['Sekarang lampunya merah.', 'Foto router'],
         'both messages are comments on the open ticket (caption as text)')
    t.eq(agent.get('/api/v1/tickets/' + t1).json['status'], 'in_progress',
         'the requester writing moves waiting → in_progress')
    t.eq(Fake.media_hits, ['/v20.0/MEDIA-77', '/files/MEDIA-77.bin'],
         'media: looked up by id, then downloaded from its url (bearer on both)')
    att = agent.get('/api/v1/tickets/%s/attachments' % t1).json['items']
    t.ok(len(att) == 1 and att[0]['content_type'] == 'image/png' and
         att[0]['sha256'] == hashlib.sha256(PNG).hexdigest() and att[0]['size'] == len(PNG),
         'media: stored as an attachment, bytes intact', att)

    # Documents: a PDF is attached under its name; an executable is refused.
    body = delivery([{'from': MAYA, 'id': 'wamid.IN4', 'timestamp': str(int(time.time())),
                      'type': 'document', 'document': {'id': 'MEDIA-88', 'filename':
                                                       'Surat Tugas.pdf',
                                                       'mime_type': 'application/pdf'}},
                     {'from': MAYA, 'id': 'wamid.IN5', 'timestamp': str(int(time.time())),
                      'type': 'document', 'document': {'id': 'MEDIA-99', 'filename': 'setup.exe',
                                                       'mime_type': 'application/x-msdownload'}}])
    r = post(body)
    att = agent.get('/api/v1/tickets/%s/attachments' % t1).json['items']
    t.eq((r.status, sorted((a['filename'], a['content_type'], a['size']) for a in att)),
         (200, [('Surat Tugas.pdf', 'application/pdf', len(PDF)),
                ('lampiran-1.png', 'image/png', len(PNG))]),
         'document: PDF attached under its file name; the .exe refused by the upload rules')
    ev = agent.get('/api/v1/tickets/%s/events' % t1).json['items']
    t.eq([e['body'] for e in ev if e['kind'] == 'comment'][-2:],
         ['Surat Tugas.pdf', 'setup.exe'], 'document without caption: its name as the comment')

    # The agent answers: free text inside the 24-hour window.
    r = agent.post('/api/v1/tickets/%s/comments' % t1, {'body': 'Teknisi menuju lokasi.\nMohon '
                                                               'ditunggu.'})
    t.status(r, 201, 'agent comment via the API')
    agent.post('/api/v1/tickets/%s/comments' % t1, {'body': 'catatan internal',
                                                     'internal': True})
    sent = wait_sent(2)
    t.eq(sent[1:], [{'messaging_product': 'whatsapp', 'recipient_type': 'individual',
                     'to': MAYA, 'type': 'text', 'text': {
                         'preview_url': False,
                         'body': '[%s] Teknisi menuju lokasi.\nMohon ditunggu.' % t1}}],
         'reply inside 24 h: type text to the number that wrote')
    time.sleep(1.5)
    t.eq(len(Fake.sent), 2, 'internal notes never go out')
    out = settled("SELECT status, attempts FROM outbox WHERE channel = 'whatsapp' ORDER BY id",
                  (), [('sent', 1), ('sent', 1)])
    t.eq(out, [('sent', 1), ('sent', 1)], 'outbox rows claimed once and marked sent')

    # The agent answers the notification mail instead: it goes out on WhatsApp too.
    mail = ('From: agent@demo.test\nSubject: Re: [%s] Wi-Fi\nMessage-ID: <wa-mail-1@demo.test>\n'
            '\nRouter sudah diganti.\n\nOn Tue, Dec 1, 2026 Helpdesk <helpdesk@localhost> wrote:\n'
            '> lama\n' % t1).encode()
    p = subprocess.run([BIN, 'mail-in'], input=mail, env=s.env, capture_output=True)
    sent = wait_sent(3)
    t.eq((p.returncode, sent[2:3]),
         (0, [{'messaging_product': 'whatsapp', 'recipient_type': 'individual', 'to': MAYA,
               'type': 'text', 'text': {'preview_url': False,
                                        'body': '[%s] Router sudah diganti.' % t1}}]),
         'agent reply by email on a WhatsApp ticket: sent on WhatsApp as well')
    settled("SELECT count(*) FROM outbox WHERE channel = 'whatsapp' AND status = 'sent'", (),
            [(3,)])

    # Delivery statuses per outgoing message id.
    wamid = s.sql("SELECT wamid FROM wa_outbound WHERE kind = 'text' ORDER BY sent_at DESC,"
                       " wamid DESC LIMIT 1")[0][0]
    now = int(time.time())
    body = delivery(statuses=[{'id': wamid, 'status': 'delivered', 'timestamp': str(now + 1),
                               'recipient_id': MAYA},
                              {'id': wamid, 'status': 'read', 'timestamp': str(now + 2),
                               'recipient_id': MAYA}])
    r = post(body)
    t.eq((r.status, s.sql("SELECT status FROM wa_outbound WHERE wamid = ?",
                               (wamid,))[0][0],
          ','.join(r[0] for r in s.sql('SELECT status FROM wa_status WHERE wamid = ? ORDER BY id',
                                       (wamid,)))), (200, 'read', 'delivered,read'),
         'statuses delivered then read recorded for the outgoing message')

    # Outside the window: a new number whose last message is two days old.
    Fake.fail_first_to.add(NEWNUM)
    old = int(time.time()) - 2 * 86400
    body = delivery([text_msg('wamid.IN9', NEWNUM, 'Printer macet', ts=old)],
                    contacts=[{'profile': {'name': 'Budi Santoso'}, 'wa_id': NEWNUM}])
    r = post(body)
    t.eq(r.status, 200, 'message from an unknown number → 200')
    row = s.sql("SELECT t.number, u.name, u.phone FROM tickets t JOIN users u ON u.id ="
                     " t.requester_id WHERE u.phone = ?", ('+' + NEWNUM,))[0]
    t.eq(row[1:] if row else None, ('Budi Santoso', '+' + NEWNUM),
         'unknown number: requester registered with the profile name and phone')
    t2 = row[0]
    # seed 002 (issue #21): the stranger is also asked for their identity;
    # that question goes out while the acknowledgement waits for its retry
    sent = wait_sent(5)
    ask = ('Pesan Anda sudah kami catat sebagai tiket %s. Agar dapat kami layani, mohon '
           'kirimkan identitas Anda dengan membalas pesan ini dengan format: IDENTITAS Nama: '
           '<nama lengkap> NIP/NIM: <nomor induk> Email: <alamat email>' % t2)
    t.eq(sent[3:4], [{'messaging_product': 'whatsapp', 'to': NEWNUM, 'type': 'template',
                      'template': {'name': 'loket_ticket_update', 'language': {'code': 'id'},
                                   'components': [{'type': 'body', 'parameters': [
                                       {'type': 'text', 'text': t2},
                                       {'type': 'text', 'text': ask}]}]}}],
         'unknown number: asked for name, NIP/NIM and email (template outside 24 h)')
    t.eq(sent[4:5], [{'messaging_product': 'whatsapp', 'to': NEWNUM, 'type': 'template',
                      'template': {'name': 'loket_ticket_update', 'language': {'code': 'id'},
                                   'components': [{'type': 'body', 'parameters': [
                                       {'type': 'text', 'text': t2},
                                       {'type': 'text', 'text': (
                                           'Permintaan Anda telah tercatat dengan nomor tiket '
                                           '%s. Balas pesan ini untuk menambahkan keterangan.'
                                           % t2)}]}]}}],
         'outside 24 h: template message; first attempt failed (500) and was retried')
    t.eq(settled("SELECT status, attempts, last_error IS NOT NULL FROM outbox WHERE"
                 " recipient = ? ORDER BY id LIMIT 1", (NEWNUM,), [('sent', 2, 1)]),
         [('sent', 2, 1)], 'retry: two attempts, the first error kept')
    r = agent.post('/api/v1/tickets/%s/comments' % t2, {'body': 'Sudah kami\ncek.'})
    sent = wait_sent(6)
    t.eq(sent[5:6], [{'messaging_product': 'whatsapp', 'to': NEWNUM, 'type': 'template',
                      'template': {'name': 'loket_ticket_update', 'language': {'code': 'id'},
                                   'components': [{'type': 'body', 'parameters': [
                                       {'type': 'text', 'text': t2},
                                       {'type': 'text', 'text': 'Sudah kami cek.'}]}]}}],
         'agent reply outside 24 h: template with number and comment (no line breaks)')
    t.eq(settled("SELECT kind FROM wa_outbound WHERE phone = ? ORDER BY sent_at, wamid",
                 (NEWNUM,), [('template',)] * 3),
         [('template',)] * 3, 'outgoing messages recorded with their kind')

    t.eq(Fake.problems, [], 'every request to the fake Graph API had the expected shape')
    ok, detail = s.stop(keep=True)
    t.ok(ok, 'server exits cleanly', detail)

    # A row left 'sending' by a server that died mid-send is marked failed
    # at the next start, never sent again.
    last = s.sql("SELECT max(id) FROM outbox WHERE channel = 'whatsapp'")[0][0]
    s.sql_exec("UPDATE outbox SET status = 'sending' WHERE id = ?", (last,))
    n_sent = len(Fake.sent)
    log = open(os.path.join(s.dir, 'restart.log'), 'w')
    proc = subprocess.Popen([BIN, 'serve', '--listen', '127.0.0.1:%d' % free_port()],
                            env=s.env, stdout=log, stderr=log)
    got = settled("SELECT status, last_error FROM outbox WHERE id = ?", (last,),
                  [('failed', 'interrupted while sending: may or may not have been delivered')])
    proc.terminate()
    proc.wait(30)
    log.close()
    t.eq((got, len(Fake.sent)),
         ([('failed', 'interrupted while sending: may or may not have been delivered')], n_sent),
         'restart: a row cut off while sending is marked failed, not sent twice')
    s.discard()
    fake.shutdown()


if __name__ == '__main__':  # test_wa_booking.py imports the fake
    Tap().run(main)
