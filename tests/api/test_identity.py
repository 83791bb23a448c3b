"""Identity on WhatsApp and e-mail intake (issue #21 item 4, seed 002 V.2-3:
the user sends their identity, the agent checks it). A stranger writing by
WhatsApp (signed webhook posts, the fake Graph API of test_whatsapp.py) or by
e-mail (`loket mail-in`, the real SMTP sink of test_mail_out.py) gets their
message filed as a ticket and is asked for name, NIP/NIM and e-mail — the
exact bytes sent are checked; their reply fills the account; agents see them
in GET /api/v1/identity/queue and verify them with POST
/api/v1/users/{id}/verify-identity (404 for requesters and leaders), which
writes by/when, the audit and the timeline. The identity columns are in the
user JSON for staff only and never taken from a PATCH."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, Tap  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402
from test_whatsapp import Fake, delivery, sign, start_fake, text_msg  # noqa: E402

STRANGER = '6289900055566'
IDKEYS = ['identity_channel', 'identity_number', 'identity_sent', 'identity_sent_at',
          'identity_verified_at', 'identity_verified_by']


def main(t):
    sink = Sink()
    fake, s = start_fake(LOKET_SMTP_URL='smtp://127.0.0.1:%d' % sink.port,
                         LOKET_MAIL_FROM='helpdesk@loket.test', LOKET_OUTBOX_POLL_MS='100',
                         LOKET_ORG_NAME='Care Center')

    def s_one(query, params=()):  # the first row, or None
        rows = s.sql(query, params)
        return rows[0] if rows else None
    anon = s.client()
    agent = s.client('agent@demo.test')
    admin = s.client('admin@demo.test')
    leader = s.client('leader@demo.test')
    maya = s.client('requester@demo.test')
    agent_id = s_one("SELECT id FROM users WHERE email = 'agent@demo.test'")[0]
    seq = [0]

    def say(text, name='Dewi'):
        seq[0] += 1
        body = delivery([text_msg('wamid.ID%d' % seq[0], STRANGER, text)],
                        contacts=[{'profile': {'name': name}, 'wa_id': STRANGER}])
        return anon.request('POST', '/api/v1/channels/whatsapp/webhook', raw=body, headers={
            'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body)})

    def sent_to(n):
        def got():
            with Fake.lock:
                b = [m['text']['body'] for m in Fake.sent if m['to'] == STRANGER]
            return b if len(b) >= n else None
        return wait_for(got, timeout=15) or []

    def user(uid):
        row = s_one("SELECT name, email, nip, %s FROM users WHERE id = ?" % ', '.join(IDKEYS), (uid,))
        return dict(zip(['name', 'email', 'nip'] + IDKEYS, row))

    # ---- WhatsApp ---------------------------------------------------------
    r = say('Tidak bisa masuk SSO sejak kemarin.')
    t.eq(r.status, 200, 'wa: a stranger writes → 200')
    uid, number = s_one(
        "SELECT u.id, t.number FROM users u JOIN tickets t ON t.requester_id = u.id"
        " WHERE u.phone = ?", ('+' + STRANGER,))
    bodies = sent_to(2)
    ask = ('Pesan Anda sudah kami catat sebagai tiket %s. Agar dapat kami layani, mohon '
           'kirimkan identitas Anda dengan membalas pesan ini dengan format:\nIDENTITAS\n'
           'Nama: <nama lengkap>\nNIP/NIM: <nomor induk>\nEmail: <alamat email>' % number)
    t.eq(sorted(bodies), sorted([
        'Permintaan Anda telah tercatat dengan nomor tiket %s. Balas pesan ini untuk '
        'menambahkan keterangan.' % number, ask]),
        'wa: the ticket is filed and the stranger is asked for name, NIP/NIM and email')
    u = user(uid)
    t.eq((u['name'], u['email'].endswith('@loket.invalid'), u['identity_channel'],
          u['identity_sent'], u['identity_verified_at']),
         ('Dewi', True, 'whatsapp', None, None),
         'wa: registered as a requester still to be identified')
    q = agent.get('/api/v1/identity/queue')
    mine = [i for i in q.json.get('items', []) if i['id'] == uid] if q.status == 200 else []
    t.ok(q.status == 200 and len(mine) == 1 and mine[0]['identity_channel'] == 'whatsapp' and
         [x['number'] for x in mine[0]['tickets']] == [number],
         'queue: the stranger with their ticket', q.json)

    reply = 'IDENTITAS\nNama: Dewi Lestari\nNIP/NIM: 1011 9001\nEmail: Dewi@Student.Test'
    r = say(reply)
    bodies = sent_to(3)
    t.eq((r.status, bodies[2:]),
         (200, ['Terima kasih, identitas Anda sudah kami terima dan akan diperiksa oleh '
                'petugas.']), 'wa: the identity reply is thanked')
    u = user(uid)
    t.eq((u['name'], u['email'], u['nip'], u['identity_number'], u['identity_sent'],
          bool(u['identity_sent_at']), u['identity_verified_at']),
         ('Dewi Lestari', 'dewi@student.test', None, '10119001', reply, True, None),
         'wa: the reply fills name, email and NIM; kept as sent; not yet verified')
    ev = agent.get('/api/v1/tickets/%s/events' % number).json['items']
    t.eq((s_one("SELECT count(*) FROM tickets WHERE requester_id = ?", (uid,))[0],
          [e['body'] for e in ev if e['kind'] == 'comment']), (1, [reply]),
         'wa: nothing lost — the reply is a comment on the open ticket, no second ticket')

    # ---- who sees the flag --------------------------------------------------
    r = agent.get('/api/v1/users/%d' % uid)
    t.eq({k: r.json.get(k) for k in ('identity_channel', 'identity_number')},
         {'identity_channel': 'whatsapp', 'identity_number': '10119001'},
         'staff: the identity fields are in the user JSON')
    me = maya.get('/api/v1/me').json['user']
    t.eq([k for k in me if k.startswith('identity_')], [], 'requester: /me has no identity fields')
    t.eq(agent.get('/api/v1/me').json['user'].get('identity_verified_at', 'missing'), None,
         'agent: /me carries the (empty) flag')
    r = admin.patch('/api/v1/users/%d' % uid, {'identity_verified_at': '2026-01-01T00:00:00Z'})
    t.eq((r.status, user(uid)['identity_verified_at']), (200, None),
         'PATCH cannot set the flag (read-only: ignored like id)')

    # ---- verify -------------------------------------------------------------
    for who, c in (('requester', maya), ('leader', leader)):
        r = c.post('/api/v1/users/%d/verify-identity' % uid)
        t.eq((r.status, r.code()), (404, 'user.not_found'), 'verify as %s → 404' % who)
        r = c.get('/api/v1/identity/queue')
        t.eq(r.status, 404, 'queue as %s → 404' % who)
    r = agent.post('/api/v1/users/%d/verify-identity' % agent_id)
    t.eq(r.status, 404, 'verify a staff account → 404 (only requesters are checked)')
    r = agent.post('/api/v1/users/%d/verify-identity' % uid)
    t.ok(r.status == 200 and r.json['identity_verified_by'] == agent_id and
         r.json['identity_verified_at'].endswith('Z'), 'verify as agent → 200, by and when',
         r.json)
    u = user(uid)
    t.eq((u['identity_verified_by'], u['identity_verified_at'] == r.json['identity_verified_at']),
         (agent_id, True), 'verify: the user row has by and when')
    t.eq(s.sql("SELECT actor_id, resource, record_id FROM audit_log WHERE action ="
               " 'verify_identity'"), [(agent_id, 'users', uid)],
         'verify: one audit row')
    ev = agent.get('/api/v1/tickets/%s/events' % number).json['items']
    t.eq([(e['kind'], e['actor_name'], e['body']) for e in ev if e['kind'] == 'identity_verified'],
         [('identity_verified', 'Siti Rahmawati', 'Dewi Lestari (10119001)')],
         'verify: on the timeline of their ticket')
    r = admin.post('/api/v1/users/%d/verify-identity' % uid)
    t.eq((r.status, r.code()), (409, 'identity.verified'), 'verify twice → 409')
    q = agent.get('/api/v1/identity/queue').json['items']
    t.eq([i for i in q if i['id'] == uid], [], 'queue: the verified requester has left it')
    r = say('IDENTITAS\nNama: Orang Lain\nNIP/NIM: 999999')
    time.sleep(0.5)
    t.eq(user(uid)['name'], 'Dewi Lestari', 'wa: after verification a new identity changes nothing')

    # a stranger whose first message already names them is thanked, not asked
    other = '6289900077788'
    body = delivery([text_msg('wamid.IDX1', other, 'Nama: Joko Susilo\nNIM: 13519001\n'
                              'Email: joko@std.test\nLaptop lab tidak menyala.')],
                    contacts=[{'profile': {'name': 'jk'}, 'wa_id': other}])
    r = anon.request('POST', '/api/v1/channels/whatsapp/webhook', raw=body, headers={
        'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body)})

    def to_other():
        with Fake.lock:
            b = [m['text']['body'] for m in Fake.sent if m['to'] == other]
        return b if len(b) >= 2 else None
    got = wait_for(to_other, timeout=15) or []
    row = s_one("SELECT u.name, u.email, u.identity_number, count(t.id) FROM users u LEFT JOIN"
                " tickets t ON t.requester_id = u.id WHERE u.phone = ? GROUP BY u.id",
                ('+' + other,))
    t.eq((r.status, row, [b for b in got if b.startswith('Terima kasih, identitas')]),
         (200, ('Joko Susilo', 'joko@std.test', '13519001', 1),
          ['Terima kasih, identitas Anda sudah kami terima dan akan diperiksa oleh petugas.']),
         'wa: a first message with the identity files the ticket, fills the account, thanks')
    t.eq([b for b in got if 'mohon kirimkan identitas' in b], [], 'wa: and does not ask again')

    # ---- e-mail -------------------------------------------------------------
    def mail(raw):
        p = subprocess.run([BIN, 'mail-in'], input=raw.encode(), env=s.env, capture_output=True,
                           timeout=60)
        return p.returncode, (p.stdout + p.stderr).decode().strip()

    rc, out = mail('From: Andi <andi@kampus.test>\nTo: helpdesk@loket.test\nSubject: Nilai belum'
                   ' muncul\nMessage-ID: <id-1@kampus.test>\n\nNilai mata kuliah saya belum'
                   ' muncul.\n')
    enum = out.split()[-1]
    auid = s_one("SELECT id FROM users WHERE email = 'andi@kampus.test'")
    t.ok(rc == 0 and auid and out.startswith('loket mail-in: ticket'),
         'mail: a stranger mails → ticket, registered', out)
    auid = auid[0] if auid else 0
    t.eq(user(auid)['identity_channel'], 'email', 'mail: registered as still to be identified')

    def asked():
        return [m for raw, m in sink.mails() if m['To'] and 'andi@kampus.test' in m['To'] and
                'identitas' in (m['Subject'] or '')]
    got = wait_for(asked, timeout=20)
    body = got[0].get_body(('plain',)).get_content().replace('\r\n', '\n') if got else ''
    t.ok(got and got[0]['Subject'] == '[%s] Care Center: mohon kirimkan identitas Anda' % enum
         and 'IDENTITAS\nNama: <nama lengkap>\nNIP/NIM: <nomor induk>\nEmail: <alamat email>'
         in body and 'tiket %s' % enum in body.replace('\n', ' '),
         'mail: the identity question is mailed, threaded on the ticket',
         (got[0]['Subject'] if got else None, body))
    rc, out = mail('From: Andi <andi@kampus.test>\nTo: helpdesk@loket.test\nSubject: Re: [%s] '
                   'Care Center: mohon kirimkan identitas Anda\nMessage-ID: <id-2@kampus.test>\n'
                   '\nIDENTITAS\nNama: Andi Wijaya\nNIP: 198001012005011009\nEmail: '
                   'lain@kampus.test\n\n> Nama: <nama lengkap>\n' % enum)
    u = user(auid)
    t.eq((rc, u['name'], u['nip'], u['identity_number'], u['email'], u['identity_verified_at']),
         (0, 'Andi Wijaya', '198001012005011009', '198001012005011009', 'andi@kampus.test', None),
         'mail: the reply fills name and NIP; the address they wrote from stays theirs')
    ev = agent.get('/api/v1/tickets/%s/events' % enum).json['items']
    t.eq(len([e for e in ev if e['kind'] == 'comment']), 1, 'mail: the reply is filed on the ticket')
    r = admin.post('/api/v1/users/%d/verify-identity' % auid)
    admin_id = s_one("SELECT id FROM users WHERE email = 'admin@demo.test'")[0]
    t.eq((r.status, r.json.get('identity_verified_by')), (200, admin_id), 'mail: admin verifies')

    ok, detail = s.stop()
    t.ok(ok, 'server exits cleanly', detail)
    sink.cleanup()
    fake.shutdown()


if __name__ == '__main__':
    Tap().run(main)
