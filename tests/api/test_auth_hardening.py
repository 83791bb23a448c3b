#!/usr/bin/env python3
"""auth15-*: issue #15 items 5, 7 and 8.

mask-*:     passwords inside URL-valued settings never leave the server.
tokens-*:   API tokens are listed, revoked and expire; admins see and revoke
            a user's tokens; any password change ends the user's other
            sessions and revokes their tokens (API reset, self change, CLI).
throttle-*: sign-in throttling per (account, client address) with growing
            Retry-After instead of a hard lock; X-Forwarded-For only from a
            trusted proxy; the session cookie is Secure behind an https
            base_url."""
import datetime
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, PASSWORD, Server, Tap  # noqa: E402


def wait_for(cond, seconds=15):
    """Polls cond() until it returns a true value or the deadline passes."""
    deadline = time.time() + seconds
    while True:
        v = cond()
        if v or time.time() > deadline:
            return v
        time.sleep(0.1)


def bearer(srv, tok):
    return srv.client(), {'Authorization': 'Bearer ' + tok}


def me_status(srv, tok):
    c, h = bearer(srv, tok)
    return c.get('/api/v1/me', headers=h).status


def masking(t):
    secrets = ('rahasia-smtp-77', 'rahasia-imap-88', 'rahasia-wa-99')
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://loket:%s@127.0.0.1:1' % secrets[0],
                      'LOKET_IMAP_URL': 'imap://helpdesk:%s@127.0.0.1:1/INBOX' % secrets[1],
                      'LOKET_IMAP_POLL_SECONDS': '1',
                      'LOKET_WHATSAPP_BASE_URL': 'https://bot:%s@wa.example.id/v20.0' % secrets[2]})
    try:
        admin = srv.client('admin@demo.test')
        r = admin.get('/api/v1/settings')
        s = r.json['settings']
        t.eq((s['smtp_url'], s['imap_url'], s['whatsapp_base_url']),
             ('smtp://loket:***@127.0.0.1:1', 'imap://helpdesk:***@127.0.0.1:1/INBOX',
              'https://bot:***@wa.example.id/v20.0'),
             'mask-1 URL-valued settings show the user, never the password')
        t.ok(not any(x in r.body for x in secrets), 'mask-2 no password anywhere in the answer')
        # the IMAP poller fails against a closed port and logs it; a queued
        # mail fails against the closed SMTP port and records the error
        r = admin.post('/api/v1/tickets', {'title': 'Uji masker', 'description': 'x',
                                           'service_id': 1})
        log = os.path.join(srv.dir, 'server.log')
        t.ok(wait_for(lambda: 'imap' in open(log).read()), 'mask-3 the IMAP error was logged')
        out = admin.get('/api/v1/outbox')
        t.ok(not any(x in open(log).read() + out.body for x in secrets),
             'mask-4 no password in the log or the outbox errors')
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'mask-5 clean exit', detail)


def tokens(t, srv):
    agent = srv.client('agent@demo.test')
    agent_id = agent.user['id']
    r = agent.post('/api/v1/tokens', {'name': 'skrip-a', 'expires_in_days': 30})
    t.status(r, 201, 'tokens-1.1 create with expires_in_days')
    a = r.json
    t.ok(a['expires_at'] and a['created_at'], 'tokens-1.2 created_at and expires_at shown', a)
    b = agent.post('/api/v1/tokens', {'name': 'skrip-b'}).json
    r = agent.get('/api/v1/tokens')
    t.status(r, 200, 'tokens-2.1 list own tokens')
    items = r.json['items']
    t.eq([(x['id'], x['name'], x['expired']) for x in items],
         [(a['id'], 'skrip-a', False), (b['id'], 'skrip-b', False)], 'tokens-2.2 both, oldest first')
    t.eq(sorted(items[0]), ['created_at', 'expired', 'expires_at', 'id', 'name'],
         'tokens-2.3 never the secret or its hash')
    t.eq(items[1]['expires_at'], None, 'tokens-2.4 no expiry is null')
    t.ok(a['token'] not in r.body and b['token'] not in r.body, 'tokens-2.5 no secret in the list')
    # another user sees only theirs and cannot revoke the agent's
    req = srv.client('requester@demo.test')
    t.eq(req.get('/api/v1/tokens').json['items'], [], 'tokens-3.1 others see only their own')
    r = req.delete('/api/v1/tokens/%d' % a['id'])
    t.eq((r.status, r.code()), (404, 'token.not_found'), 'tokens-3.2 someone else\'s token: 404')
    t.eq(me_status(srv, a['token']), 200, 'tokens-3.3 still works')
    # revoke own
    r = agent.delete('/api/v1/tokens/%d' % a['id'])
    t.status(r, 204, 'tokens-4.1 revoke own token')
    t.eq(me_status(srv, a['token']), 401, 'tokens-4.2 revoked token answers 401')
    t.eq([x['id'] for x in agent.get('/api/v1/tokens').json['items']], [b['id']],
         'tokens-4.3 gone from the list')
    r = agent.delete('/api/v1/tokens/%d' % a['id'])
    t.eq((r.status, r.code()), (404, 'token.not_found'), 'tokens-4.4 revoking twice: 404')
    t.eq(agent.delete('/api/v1/tokens/abc').status, 404, 'tokens-4.5 bad id: 404')
    # a token can revoke itself (no CSRF with a bearer)
    c, h = bearer(srv, b['token'])
    t.status(c.get('/api/v1/tokens', headers=h), 200, 'tokens-4.6 list with a bearer token')

    # expiry by date
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)
    r = agent.post('/api/v1/tokens', {'name': 'singkat',
                                      'expires_at': soon.strftime('%Y-%m-%dT%H:%M:%SZ')})
    t.status(r, 201, 'tokens-5.1 create with expires_at')
    short = r.json
    t.eq(me_status(srv, short['token']), 200, 'tokens-5.2 works before it expires')
    t.ok(wait_for(lambda: me_status(srv, short['token']) == 401), 'tokens-5.3 401 once expired')
    c, h = bearer(srv, short['token'])
    t.eq(c.get('/api/v1/me', headers=h).code(), 'auth.bad_token', 'tokens-5.4 code auth.bad_token')
    listed = {x['id']: x for x in agent.get('/api/v1/tokens').json['items']}
    t.eq(listed[short['id']]['expired'], True, 'tokens-5.5 listed as expired')
    past = (datetime.datetime.now(datetime.timezone.utc) -
            datetime.timedelta(minutes=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
    for body, field, name in (
            ({'name': 'x', 'expires_at': past}, 'expires_at', 'a past expires_at'),
            ({'name': 'x', 'expires_at': '31/12/2030'}, 'expires_at', 'a malformed expires_at'),
            ({'name': 'x', 'expires_at': soon.strftime('%Y-%m-%dT%H:%M:%SZ'),
              'expires_in_days': 3}, 'expires_at', 'both kinds of expiry'),
            ({'name': 'x', 'expires_in_days': 0}, 'expires_in_days', 'expires_in_days 0')):
        r = agent.post('/api/v1/tokens', body)
        t.ok(r.status == 422 and r.code() == 'validation' and
             field in r.json['error'].get('fields', {}), 'tokens-5.6 422 for ' + name, r)

    # admins: a given user's tokens
    admin = srv.client('admin@demo.test')
    r = admin.get('/api/v1/users/%d/tokens' % agent_id)
    t.eq((r.status, [x['id'] for x in r.json['items']]), (200, [b['id'], short['id']]),
         'tokens-6.1 admin lists a user\'s tokens')
    t.eq(agent.get('/api/v1/users/%d/tokens' % agent_id).status, 403,
         'tokens-6.2 non-admins may not use the admin route')
    r = admin.get('/api/v1/tokens?user_id=%d' % agent_id)
    t.eq((r.status, [x['id'] for x in r.json['items']]), (200, [b['id'], short['id']]),
         'tokens-6.1b API.md\'s GET /tokens?user_id= is the same list')
    t.eq(agent.get('/api/v1/tokens?user_id=%d' % agent_id).status, 403,
         'tokens-6.2b non-admins may not name a user')
    for bad in ('2x', '', '-1', '99999999999999999999'):
        r = admin.get('/api/v1/tokens?user_id=' + bad)
        t.eq((r.status, r.code()), (422, 'validation'), 'tokens-6.2c user_id=%r: 422' % bad)
    r = admin.get('/api/v1/tokens?user_id=999999')
    t.eq((r.status, r.code()), (404, 'user.not_found'), 'tokens-6.2d unknown user_id: 404')
    r = admin.get('/api/v1/users/999999/tokens')
    t.eq((r.status, r.code()), (404, 'user.not_found'), 'tokens-6.3 unknown user 404')
    own = admin.post('/api/v1/tokens', {'name': 'admin-sendiri'}).json
    r = admin.delete('/api/v1/users/%d/tokens/%d' % (agent_id, own['id']))
    t.eq((r.status, r.code()), (404, 'token.not_found'),
         'tokens-6.4 a token of another user under this user: 404')
    r = admin.delete('/api/v1/users/%d/tokens/%d' % (agent_id, b['id']))
    t.status(r, 204, 'tokens-6.5 admin revokes a user\'s token')
    t.eq(me_status(srv, b['token']), 401, 'tokens-6.6 that token answers 401')
    audit = admin.get('/api/v1/audit?resource=tokens').json
    t.ok(any(x['action'] == 'revoke' and x['record_id'] == b['id'] for x in audit['items']),
         'tokens-6.7 revocation in the audit log', audit)


def password_changes(t, srv):
    admin = srv.client('admin@demo.test')
    r = admin.post('/api/v1/users', {'name': 'Ganti Sandi', 'email': 'ganti@example.test',
                                     'role': 'agent', 'tier': 1, 'password': 'sandi-lama-1'})
    uid = r.json['id']
    s1, s2 = srv.client('ganti@example.test', 'sandi-lama-1'), srv.client('ganti@example.test',
                                                                           'sandi-lama-1')
    tok = s1.post('/api/v1/tokens', {'name': 'otomasi'}).json['token']
    other = srv.client('agent@demo.test')
    other_tok = other.post('/api/v1/tokens', {'name': 'tetap'}).json['token']
    r = admin.patch('/api/v1/users/%d' % uid, {'password': 'sandi-baru-2'})
    t.status(r, 200, 'pw-1.1 admin resets a password')
    t.eq((s1.get('/api/v1/me').status, s2.get('/api/v1/me').status), (401, 401),
         'pw-1.2 every session of that user ended')
    t.eq(me_status(srv, tok), 401, 'pw-1.3 their API token revoked')
    t.eq(srv.client().get('/api/v1/tokens', headers={'Authorization': 'Bearer ' + tok}).status,
         401, 'pw-1.4 (also for the token routes)')
    t.eq((other.get('/api/v1/me').status, me_status(srv, other_tok)), (200, 200),
         'pw-1.5 other users keep their sessions and tokens')
    s3 = srv.client('ganti@example.test', 'sandi-baru-2')
    r = admin.patch('/api/v1/users/%d' % uid, {'name': 'Ganti Sandi Sekali Lagi'})
    t.status(s3.get('/api/v1/me'), 200, 'pw-1.6 an edit without a password ends nothing')

    # an admin changing their own password keeps this session, loses the rest
    me2 = srv.client('admin@demo.test')
    atok = admin.post('/api/v1/tokens', {'name': 'admin-skrip'}).json['token']
    admin_id = admin.user['id']
    r = admin.patch('/api/v1/users/%d' % admin_id, {'password': 'admin-baru-99'})
    t.status(r, 200, 'pw-2.1 self change')
    t.status(admin.get('/api/v1/me'), 200, 'pw-2.2 the session making it stays')
    t.eq(me2.get('/api/v1/me').status, 401, 'pw-2.3 the other session ended')
    t.eq(me_status(srv, atok), 401, 'pw-2.4 own tokens revoked')
    admin.patch('/api/v1/users/%d' % admin_id, {'password': PASSWORD})

    # the CLI, from another process
    s4 = srv.client('ganti@example.test', 'sandi-baru-2')
    tok4 = s4.post('/api/v1/tokens', {'name': 'cli'}).json
    p = subprocess.run([BIN, 'user', 'tokens', 'ganti@example.test'], env=srv.env,
                       capture_output=True, text=True)
    t.ok(p.returncode == 0 and 'cli' in p.stdout and tok4['token'] not in p.stdout,
         'pw-3.1 loket user tokens lists them, without the secret', p.stdout + p.stderr)
    p = subprocess.run([BIN, 'user', 'passwd', 'ganti@example.test'], env=srv.env,
                       input='sandi-cli-333\n', capture_output=True, text=True)
    t.eq(p.returncode, 0, 'pw-3.2 loket user passwd')
    t.ok(wait_for(lambda: me_status(srv, tok4['token']) == 401), 'pw-3.3 token revoked')
    t.ok(wait_for(lambda: s4.get('/api/v1/me').status == 401), 'pw-3.4 session ended')
    t.status(srv.client('ganti@example.test', 'sandi-cli-333').get('/api/v1/me'), 200,
             'pw-3.5 the new password works')
    s5 = srv.client('ganti@example.test', 'sandi-cli-333')
    tok5 = s5.post('/api/v1/tokens', {'name': 'cli-2'}).json
    p = subprocess.run([BIN, 'user', 'revoke-token', 'ganti@example.test', str(tok5['id'])],
                       env=srv.env, capture_output=True, text=True)
    t.eq(p.returncode, 0, 'pw-3.6 loket user revoke-token')
    t.ok(wait_for(lambda: me_status(srv, tok5['token']) == 401), 'pw-3.7 that token answers 401')
    p = subprocess.run([BIN, 'user', 'revoke-token', 'ganti@example.test', str(tok5['id'])],
                       env=srv.env, capture_output=True, text=True)
    t.eq(p.returncode, 1, 'pw-3.8 revoking it again fails')


def login(c, who, password, addr=None):
    return c.post('/api/v1/auth/login', {'login': who, 'password': password},
                  headers={'X-Forwarded-For': addr} if addr else None)


def throttle(t):
    # The test client always connects from 127.0.0.1: trusted here, so
    # X-Forwarded-For stands for the client's address.
    srv = Server(env={'LOKET_TRUSTED_PROXIES': '127.0.0.1, ::1', 'LOKET_LOGIN_MAX_FAILURES': '3',
                      'LOKET_LOGIN_DELAY_SECONDS': '2', 'LOKET_ACCESS_LOG': 'true',
                      'LOKET_BASE_URL': 'https://helpdesk.example.id'})
    plain = long_wait = None
    try:
        c = srv.client()
        # Part 1 on a server whose wait (60 s) cannot run out between two
        # requests however loaded the machine is: a sign-in (argon2id) can
        # take longer than the 2 s wait part 2 measures.
        long_wait = Server(env={'LOKET_TRUSTED_PROXIES': '127.0.0.1, ::1',
                                'LOKET_LOGIN_MAX_FAILURES': '3',
                                'LOKET_LOGIN_DELAY_SECONDS': '60'})
        lw = long_wait.client()
        flood = [login(lw, 'agent@demo.test', 'salah-%d' % i, '198.51.100.7') for i in range(8)]
        t.eq([r.status for r in flood], [401, 401, 401, 429, 429, 429, 429, 429],
             'throttle-1.1 a flood from one address is throttled after 3 failures')
        t.eq(flood[3].code(), 'auth.throttled', 'throttle-1.2 code auth.throttled')
        t.ok(flood[3].headers.get('Retry-After') in ('59', '60'), 'throttle-1.3 Retry-After',
             flood[3].headers)
        r = login(lw, 'agent@demo.test', PASSWORD, '203.0.113.5')
        t.status(r, 200, 'throttle-1.4 the right user from another address still signs in')
        r = login(lw, 'agent@demo.test', PASSWORD, '198.51.100.7')
        t.status(r, 429, 'throttle-1.5 the flooding address waits even with the right password')
        r = login(lw, 'requester@demo.test', PASSWORD, '198.51.100.7')
        t.status(r, 200, 'throttle-1.6 the same address signs in to another account')

        # growing delays: 2, 4, 8 seconds. While the pair waits every attempt
        # answers 429 and does not count; the first one after the wait is
        # verified again (a wrong password then starts the next, longer wait).
        rs = [login(c, 'pic@demo.test', 'salah', '198.51.100.9').status for _ in range(3)]
        t.eq(rs, [401, 401, 401], 'throttle-2.1 three failures')
        waits = []
        for i in range(3):
            r = login(c, 'pic@demo.test', 'salah', '198.51.100.9')
            waits.append((r.status, int(r.headers.get('Retry-After') or 0)))
            if i < 2:
                t.ok(wait_for(lambda: login(c, 'pic@demo.test', 'salah',
                                            '198.51.100.9').status == 401, 15),
                     'throttle-2.%d the wait ends, the next failure counts' % (i + 2))
        t.ok([x[0] for x in waits] == [429] * 3 and waits[0][1] in (1, 2) and
             waits[1][1] in (3, 4) and waits[2][1] in (7, 8),
             'throttle-2.4 Retry-After doubles: %r' % (waits,))
        t.ok(wait_for(lambda: login(c, 'pic@demo.test', PASSWORD, '198.51.100.9').status == 200,
                      15), 'throttle-2.5 the right password once the wait is over')
        rs = [login(c, 'pic@demo.test', 'salah', '198.51.100.9').status for _ in range(3)]
        t.eq(rs, [401, 401, 401], 'throttle-2.6 success resets the count')

        # the access log records the client address the same rule found
        login(c, 'agent@demo.test', 'salah', '198.51.100.7')
        login(c, 'leader@demo.test', 'salah', '203.0.113.5')
        # the line is written after the answer has gone out: wait for it
        def logged_ips():
            lines = [json.loads(x) for x in open(os.path.join(srv.dir, 'server.log'))
                     if x.startswith('{') and x.endswith('\n')]
            return {x.get('ip') for x in lines if x.get('msg') == 'request'}
        wait_for(lambda: {'198.51.100.7', '203.0.113.5'} <= logged_ips(), 10)
        ips = logged_ips()
        t.ok({'198.51.100.7', '203.0.113.5'} <= ips, 'throttle-3.1 access log shows the client '
             'address from a trusted proxy', ips)
        r = login(c, 'leader@demo.test', PASSWORD, '203.0.113.5')
        t.ok('; Secure' in (r.headers.get('Set-Cookie') or ''),
             'throttle-4.1 Secure cookie when base_url is https', r.headers)

        # no trusted proxy: the header is ignored, so forged addresses do not
        # escape the throttle (and the cookie is not Secure over http)
        plain = Server(env={'LOKET_LOGIN_MAX_FAILURES': '3', 'LOKET_LOGIN_DELAY_SECONDS': '60',
                            'LOKET_ACCESS_LOG': 'true'})
        p = plain.client()
        rs = [login(p, 'agent@demo.test', 'salah', '198.51.100.%d' % i).status for i in range(4)]
        t.eq(rs, [401, 401, 401, 429], 'throttle-5.1 X-Forwarded-For ignored from an untrusted peer')
        r = login(p, 'agent@demo.test', PASSWORD, '203.0.113.5')
        t.status(r, 429, 'throttle-5.2 a forged address does not escape the wait')
        lines = [json.loads(x) for x in open(os.path.join(plain.dir, 'server.log'))
                 if x.startswith('{')]
        ips = {x.get('ip') for x in lines if x.get('msg') == 'request'}
        t.eq(ips, {'127.0.0.1'}, 'throttle-5.3 access log shows the peer')
        r = login(p, 'leader@demo.test', PASSWORD)
        t.ok(r.status == 200 and 'Secure' not in (r.headers.get('Set-Cookie') or ''),
             'throttle-5.4 no Secure flag over plain http', r.headers)
    finally:
        for s, name in ((srv, 'throttle-6.1'), (plain, 'throttle-6.2'),
                        (long_wait, 'throttle-6.3')):
            if s:
                ok, detail = s.stop(keep=t.failed > 0)
                t.ok(ok, name + ' clean exit', detail)


def main(t):
    masking(t)
    srv = Server()
    try:
        tokens(t, srv)
        password_changes(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'tokens-9 clean exit', detail)
    throttle(t)


if __name__ == '__main__':
    Tap().run(main)
