#!/usr/bin/env python3
"""flow-*: issue #20 items 1, 6, 7, 8 and "send as" (svc/ticket_flow.c,
svc/user_invite.c).

  flow-1  status follows the work: taking, a staff member's public reply and
          escalating move a new ticket to in_progress (a status event by the
          agent, so the new queue empties); an internal note, the
          requester's reply and an assignment by someone else do not; a
          ticket worked by three agents shows new → in_progress → resolved;
  flow-2  a reply sent as in_progress / waiting / resolved: one request,
          one transaction (a refused status leaves no comment), resolved
          needs the summary (422 naming summary), an unknown status is 422;
  flow-3  bulk resolve as the queue sends it: without a summary each ticket
          answers 422 naming summary, with one every ticket resolves;
  flow-4  invitations: a user created without a password but invite=true
          gets a one-time expiring link by mail (bytes read back from the
          SMTP sink), sets a password with it once, then signs in; without
          invite the password is still required; a new invitation replaces
          the old link;
  flow-5  escalation events name the unit or vendor (target), for the
          requester too, while the reason keeps its visibility."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402
from test_visibility import ids  # noqa: E402

NET = 'Gangguan Jaringan Internet'


def events(c, num):
    return c.get('/api/v1/tickets/%s/events' % num).json['items']


def path(c, num):
    """The statuses the ticket went through, in order."""
    return [e['new_value'] for e in events(c, num) if e['kind'] in ('created', 'status')]


def file(c, svc, title):
    r = c.post('/api/v1/tickets', {'title': title, 'description': 'Mohon dibantu.',
                                   'service_id': svc})
    return r.json['number']


def new_queue(c):
    return {x['number'] for x in c.get('/api/v1/tickets?status=new&per_page=100').json['items']}


def main(t):
    sink = Sink()
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                      'LOKET_OUTBOX_POLL_MS': '50', 'LOKET_BASE_URL': 'https://loket.test'})
    try:
        run(t, srv, sink)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'flow-9 server exits cleanly', detail)
        sink.cleanup()


def run(t, srv, sink):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    pic = srv.client('pic@demo.test')
    req = srv.client('requester@demo.test')
    svc = ids(admin, 'services')[NET]
    units, vendors = ids(admin, 'units'), ids(admin, 'vendors')
    agent_id = agent.user['id']

    # -- flow-1: status follows the work
    a = file(req, svc, 'Wi-Fi ruang rapat mati')
    t.ok(a in new_queue(agent), 'flow-1.0 a fresh ticket is in the new queue')
    r = agent.post('/api/v1/tickets/%s/assign' % a, {})
    t.eq((r.status, r.json.get('status')), (200, 'in_progress'), 'flow-1.1 taking it → Diproses')
    ev = [e for e in events(agent, a) if e['kind'] == 'status']
    t.eq([(e['old_value'], e['new_value'], e['actor_id']) for e in ev],
         [('new', 'in_progress', agent_id)], 'flow-1.2 one status event, by the agent who took it')
    t.ok(a not in new_queue(agent), 'flow-1.3 and the new queue no longer lists it')

    b = file(req, svc, 'Printer lantai 2')
    agent.post('/api/v1/tickets/%s/comments' % b, {'body': 'cek dulu', 'internal': True})
    req.post('/api/v1/tickets/%s/comments' % b, {'body': 'tambahan info'})
    admin.post('/api/v1/tickets/%s/assign' % b, {'assignee_id': agent_id})
    t.eq(agent.get('/api/v1/tickets/' + b).json['status'], 'new',
         'flow-1.4 an internal note, the requester\'s reply and an assignment by another stay Baru')
    r = agent.post('/api/v1/tickets/%s/comments' % b, {'body': 'Sedang kami periksa.'})
    t.eq((r.status, r.json.get('status')), (201, 'in_progress'), 'flow-1.5 a public reply → Diproses')
    fr = agent.get('/api/v1/tickets/' + b).json
    t.ok(fr.get('first_response_at'), 'flow-1.6 and it is the first response')

    c = file(req, svc, 'Server aplikasi lambat')
    r = agent.post('/api/v1/tickets/%s/escalate' % c, {'tier': 2, 'unit_id': units['Diskominfo'],
                                                       'reason': 'Perlu tim jaringan'})
    t.eq((r.status, r.json.get('status')), (200, 'in_progress'), 'flow-1.7 escalating → Diproses')

    # three agents: one takes, the unit's PIC answers, the vendor resolves
    r = pic.post('/api/v1/tickets/%s/comments' % c, {'body': 'Kami teruskan ke vendor.'})
    pic.post('/api/v1/tickets/%s/escalate' % c, {'tier': 3, 'vendor_id': vendors['PT Mitra Jaringan'],
                                                 'reason': 'Perangkat vendor', 'public': True})
    vendor = srv.client('vendor@demo.test')
    r = vendor.post('/api/v1/tickets/%s/transitions' % c, {'to': 'resolved', 'summary': 'Switch diganti.'})
    t.eq(r.status, 200, 'flow-1.8 the vendor resolves it')
    t.eq(path(admin, c), ['new', 'in_progress', 'resolved'],
         'flow-1.9 the timeline shows Baru → Diproses → Selesai, no jump')

    # -- flow-2: a reply sent with a status
    d = file(req, svc, 'Email tidak bisa kirim')
    r = agent.post('/api/v1/tickets/%s/comments' % d, {'body': 'Mohon kirim tangkapan layar.',
                                                       'status': 'waiting'})
    t.eq((r.status, r.json.get('status')), (201, 'waiting'), 'flow-2.1 send as Menunggu')
    t.eq(path(agent, d), ['new', 'in_progress', 'waiting'], 'flow-2.2 through Diproses, as the lifecycle goes')
    n_before = len(events(agent, d))
    r = agent.post('/api/v1/tickets/%s/comments' % d, {'body': 'Sudah beres.', 'status': 'resolved'})
    t.eq((r.status, r.code(), list((r.json['error'].get('fields') or {}))), (422, 'validation', ['summary']),
         'flow-2.3 send as Selesai without a summary → 422 naming summary')
    t.eq(len(events(agent, d)), n_before, 'flow-2.4 and the reply was not recorded either')
    r = agent.post('/api/v1/tickets/%s/comments' % d, {'body': 'Sudah beres.', 'status': 'resolved',
                                                       'summary': 'Kuota kotak surat ditambah.'})
    t.eq((r.status, r.json.get('status'), r.json.get('resolution_summary')),
         (201, 'resolved', 'Kuota kotak surat ditambah.'), 'flow-2.5 send as Selesai with the summary')
    kinds = [e['kind'] for e in events(agent, d)][-2:]
    t.eq(kinds, ['comment', 'status'], 'flow-2.6 the reply, then the status')
    r = agent.post('/api/v1/tickets/%s/comments' % d, {'body': 'x', 'status': 'cancelled'})
    t.eq((r.status, list(r.json['error'].get('fields') or {})), (422, ['status']),
         'flow-2.7 only in_progress, waiting, resolved')
    e = file(req, svc, 'Akun terkunci')
    r = agent.post('/api/v1/tickets/%s/comments' % e, {'body': 'catatan', 'internal': True,
                                                       'status': 'waiting'})
    t.eq((r.status, r.code()), (409, 'ticket.invalid_transition'),
         'flow-2.8 a note does not start the work, so Baru → Menunggu is refused')

    # -- flow-3: bulk resolve, as queue.js sends it per ticket
    nums = [file(req, svc, 'Massal %d' % i) for i in range(3)]
    bad = [agent.post('/api/v1/tickets/%s/transitions' % n, {'to': 'resolved'}) for n in nums]
    t.eq({(r.status, tuple(r.json['error'].get('fields') or {})) for r in bad}, {(422, ('summary',))},
         'flow-3.1 no summary: each ticket says summary is missing')
    good = [agent.post('/api/v1/tickets/%s/transitions' % n, {'to': 'resolved', 'summary': 'Ditangani massal.'})
            for n in nums]
    t.eq([(r.status, r.json['status']) for r in good], [(200, 'resolved')] * 3,
         'flow-3.2 with the summary every ticket is resolved')
    t.eq(path(agent, nums[0]), ['new', 'in_progress', 'resolved'],
         'flow-3.3 resolving a new ticket goes through Diproses, no jump')

    # -- flow-5: escalation names the target
    ev = [x for x in events(req, c) if x['kind'] == 'escalated']
    t.eq([(x['new_value'], x.get('target')) for x in ev],
         [('2', 'Diskominfo'), ('3', 'PT Mitra Jaringan')], 'flow-5.1 the requester reads where it went')
    t.eq([x['body'] for x in ev], [None, 'Perangkat vendor'], 'flow-5.2 the reason only when public')
    t.eq([x['kind'] for x in events(req, c) if x['kind'] == 'escalation_reason'], [],
         'flow-5.3 an internal reason stays hidden from the requester')
    t.eq([x['body'] for x in events(agent, c) if x['kind'] == 'escalation_reason'], ['Perlu tim jaringan'],
         'flow-5.4 and is there for staff')

    # -- flow-4: invitations
    invite(t, srv, sink, admin, units)


def mail_to(sink, addr, n):
    got = wait_for(lambda: len([m for _, m in sink.mails() if m['To'] == addr]) >= n and
                   [m for _, m in sink.mails() if m['To'] == addr])
    return got or []


def token_of(m):
    text = m.get_body(preferencelist=('plain',)).get_content()
    found = re.search(r'https://loket\.test/#/invite\?token=([0-9a-f]{64})', text)
    return found.group(1) if found else None


def invite(t, srv, sink, admin, units):
    anon = srv.client()
    r = admin.post('/api/v1/users', {'name': 'Rina Agustina', 'email': 'rina@demo.test', 'role': 'requester',
                                     'unit_id': units['Diskominfo']})
    t.eq((r.status, list(r.json['error'].get('fields') or {})), (422, ['password']),
         'flow-4.1 without invite a password is still required')
    t.ok('undangan' in r.json['error']['fields']['password'], 'flow-4.2 and the message offers the invitation',
         r.json['error'])
    r = admin.post('/api/v1/users', {'name': 'Rina Agustina', 'email': 'rina@demo.test', 'role': 'requester',
                                     'unit_id': units['Diskominfo'], 'invite': True})
    t.eq(r.status, 201, 'flow-4.3 invite=true: created without a password')
    uid = r.json['id']
    row = srv.sql('SELECT u.password_hash IS NULL, u.active, length(i.token_hash),'
                  ' i.expires_at - i.created_at FROM users u JOIN user_invites i ON i.user_id = u.id'
                  ' WHERE u.id = ?', (uid,))[0]
    t.eq(row, (1, 1, 32, 72 * 3600), 'flow-4.4 no password, one hashed token, 72 h')
    mails = mail_to(sink, 'rina@demo.test', 1)
    m = mails[0] if mails else None
    tok = token_of(m) if m else None
    t.ok(m is not None and m['Subject'] == 'Helpdesk Kabupaten Demo: undangan untuk membuat kata sandi'
         or (m is not None and m['Subject'].endswith('undangan untuk membuat kata sandi')),
         'flow-4.5 the Indonesian invitation mail', m and m['Subject'])
    t.ok(tok and 'berlaku 72 jam' in m.get_body(preferencelist=('plain',)).get_content() and
         'https://loket.test/#/invite?token=' + tok in m.get_body(preferencelist=('html',)).get_content(),
         'flow-4.6 with the one-time link in text and HTML, 72 h')
    r = anon.post('/api/v1/auth/login', {'login': 'rina@demo.test', 'password': 'apa-saja-123'})
    t.eq(r.status, 401, 'flow-4.7 no password yet: nobody signs in')
    r = anon.post('/api/v1/auth/invite', {'token': tok, 'password': 'pendek'})
    t.eq((r.status, list(r.json['error'].get('fields') or {})), (422, ['password']),
         'flow-4.8 the password rules (8–256)')
    r = anon.post('/api/v1/auth/invite', {'token': '0' * 64, 'password': 'rahasia-rina-1'})
    t.eq((r.status, r.code()), (404, 'invite.invalid_token'), 'flow-4.9 an unknown token → 404')
    r = anon.post('/api/v1/auth/invite', {'token': tok, 'password': 'rahasia-rina-1'})
    t.eq((r.status, r.json), (200, {'status': 'password_set'}), 'flow-4.10 the link sets the password')
    r = anon.post('/api/v1/auth/invite', {'token': tok, 'password': 'rahasia-rina-2'})
    t.eq((r.status, r.code()), (404, 'invite.invalid_token'), 'flow-4.11 once only')
    c = srv.client('rina@demo.test', 'rahasia-rina-1')
    t.eq(c.user and c.user['email'], 'rina@demo.test', 'flow-4.12 she signs in with her own password')

    r = admin.post('/api/v1/users', {'name': 'Yoga', 'email': 'yoga@demo.test', 'role': 'agent', 'tier': 1,
                                     'unit_id': units['Diskominfo'], 'invite': True, 'password': 'rahasia-yoga-1'})
    t.eq((r.status, list(r.json['error'].get('fields') or {})), (422, ['password']),
         'flow-4.13 a password and an invitation together: 422')
    r = admin.post('/api/v1/users', {'name': 'Yoga', 'email': 'yoga@demo.test', 'role': 'agent', 'tier': 1,
                                     'unit_id': units['Diskominfo'], 'invite': True})
    yoga = r.json['id']
    first = token_of((mail_to(sink, 'yoga@demo.test', 1) or [None])[0])
    r = admin.post('/api/v1/users/%d/invite' % yoga, {})
    t.eq((r.status, r.json), (202, {'status': 'invited'}), 'flow-4.14 a new invitation')
    second = token_of((mail_to(sink, 'yoga@demo.test', 2) or [None, None])[1])
    r = anon.post('/api/v1/auth/invite', {'token': first, 'password': 'rahasia-yoga-1'})
    t.eq(r.status, 404, 'flow-4.15 replaces the old link')
    srv.sql_exec('UPDATE user_invites SET expires_at = 1 WHERE user_id = ?', (yoga,))
    r = anon.post('/api/v1/auth/invite', {'token': second, 'password': 'rahasia-yoga-1'})
    t.eq((r.status, r.code()), (404, 'invite.invalid_token'), 'flow-4.16 an expired link → 404')
    agent = srv.client('agent@demo.test')
    r = agent.post('/api/v1/users/%d/invite' % yoga, {})
    t.ok(r.status in (403, 404), 'flow-4.17 only admins invite', r.status)


if __name__ == '__main__':
    Tap().run(main)
