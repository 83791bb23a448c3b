"""Self sign-up of outside stakeholders (issue #16 item 4): POST
/api/v1/auth/signup answers 202 with the same body whether or not the
address has an account, mails a single-use expiring link (or, to an
existing account, a "you already have an account" mail) through a real
SMTP sink; /auth/verify activates a requester without a unit; unverified
accounts cannot sign in (auth.unverified); password rules, throttling per
client address, and the signup setting (on in a demo database, off in a
plain one, LOKET_SIGNUP=off/on)."""
import datetime
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402

SIGNUP, VERIFY, LOGIN = '/api/v1/auth/signup', '/api/v1/auth/verify', '/api/v1/auth/login'
PW = 'rahasia-kuat-123'


def mail_to(sink, addr, n=1):
    """The mails to addr once n of them arrived (oldest first)."""
    got = wait_for(lambda: [m for _, m in sink.mails() if m['To'] == addr][n - 1:] and
                   [m for _, m in sink.mails() if m['To'] == addr])
    return got or []


def body_text(m):
    return m.get_body(preferencelist=('plain',)).get_content()


def token_of(m):
    found = re.search(r'/#/verify\?token=([0-9a-f]{64})', body_text(m))
    return found.group(1) if found else None


def main(t):
    sink = Sink()
    s = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                    'LOKET_OUTBOX_POLL_MS': '50', 'LOKET_BASE_URL': 'https://loket.test',
                    'LOKET_TRUSTED_PROXIES': '127.0.0.1, ::1',
                    'LOKET_LOGIN_MAX_FAILURES': '3', 'LOKET_LOGIN_DELAY_SECONDS': '60'})
    anon = s.client()
    seq = [0]

    def from_addr():
        # each step from its own client address, so throttling stays out of the way
        seq[0] += 1
        return {'X-Forwarded-For': '198.51.100.%d' % seq[0]}

    def signup(body, headers=None):
        return anon.post(SIGNUP, body, headers=headers or from_addr())

    r = anon.get(SIGNUP)
    t.eq((r.status, r.json), (200, {'enabled': True}), 'signup-1.0 GET: open in the demo')
    # -- input checks
    r = anon.request('POST', SIGNUP, raw=b'email=a@b.test', content_type='application/x-www-form-urlencoded')
    t.eq((r.status, r.code()), (415, 'request.content_type'), 'signup-1.1 JSON only')
    r = signup({'email': 'not-an-address', 'name': ' ', 'password': 'short'})
    t.eq((r.status, r.code(), sorted((r.json['error'].get('fields') or {}).keys())),
         (422, 'validation', ['email', 'name', 'password']),
         'signup-1.2 bad email, empty name, short password → 422 with fields')
    r = signup({'email': 'x@y.test', 'name': 'X', 'password': 'a' * 257})
    t.eq((r.status, list(r.json['error']['fields'])), (422, ['password']),
         'signup-1.3 the password rules of the rest of Loket (8–256)')

    # -- a new address
    r = signup({'email': '  Dewi@Kantor-Lain.test ', 'name': ' Dewi Lestari ', 'password': PW})
    t.eq((r.status, r.json), (202, {'status': 'check_email'}), 'signup-2.1 new address → 202')
    row = s.sql("SELECT name, role, unit_id, active, tier FROM users WHERE lower(email) = ?",
                     ('dewi@kantor-lain.test',))[0]
    t.eq(row, ('Dewi Lestari', 'requester', None, 0, None),
         'signup-2.2 an inactive requester without a unit, name trimmed')
    pend = s.sql("SELECT count(*), max(length(token_hash)), max(expires_at - created_at)"
                      " FROM signup_pending")[0]
    t.eq(pend, (1, 32, 24 * 3600), 'signup-2.3 one pending token, stored hashed, 24 h')
    r = anon.post(LOGIN, {'login': 'dewi@kantor-lain.test', 'password': PW})
    t.eq((r.status, r.code()), (403, 'auth.unverified'),
         'signup-2.4 unverified: the right password → 403 auth.unverified')
    r = anon.post(LOGIN, {'login': 'dewi@kantor-lain.test', 'password': 'wrong-password'})
    t.eq((r.status, r.code()), (401, 'auth.invalid_credentials'),
         'signup-2.5 a wrong password says nothing about verification')

    mails = mail_to(sink, 'Dewi@Kantor-Lain.test')
    t.eq(len(mails), 1, 'signup-3.1 one verification mail')
    m = mails[0]
    tok = token_of(m)
    t.ok(tok is not None and m['Subject'].endswith('konfirmasi alamat email Anda') and
         'berlaku 24 jam' in body_text(m) and 'https://loket.test/#/verify?token=' in
         m.get_body(preferencelist=('html',)).get_content(),
         'signup-3.2 Indonesian mail with a https://loket.test/#/verify link, 24 h', m['Subject'])
    r = anon.post(VERIFY, {'token': '0' * 64}, headers=from_addr())
    t.eq((r.status, r.code()), (404, 'signup.invalid_token'), 'signup-3.3 unknown token → 404')
    r = anon.post(VERIFY, {'token': tok}, headers=from_addr())
    uid = s.sql("SELECT id FROM users WHERE lower(email) = 'dewi@kantor-lain.test'")[0][0]
    t.eq((r.status, r.json), (200, {'status': 'verified', 'user_id': uid}), 'signup-3.4 verified')
    r = anon.post(VERIFY, {'token': tok}, headers=from_addr())
    t.eq((r.status, r.code()), (404, 'signup.invalid_token'), 'signup-3.5 single use')
    c = s.client('dewi@kantor-lain.test', PW)
    t.eq((c.user['role'], c.user.get('unit_id'), c.user['active']), ('requester', None, True),
         'signup-3.6 signs in as a requester with no unit')
    booth = s.sql("SELECT id FROM services WHERE name = 'Konsultasi Virtual Layanan TIK'")[0][0]
    first = datetime.date.today() + datetime.timedelta(days=1)
    r = c.get('/api/v1/services/%d/availability?from=%s&to=%s' % (
        booth, first, first + datetime.timedelta(days=13)))
    day = [d['date'] for d in r.json['days'] if d['open']][0]
    r = c.post('/api/v1/bookings', {'service_id': booth, 'date': day,
                                    'answers': {'topik': 'Integrasi data', 'media': 'Video'}})
    t.eq((r.status, (r.json or {}).get('booking', {}).get('status')), (201, 'requested'),
         'signup-3.7 and requests a virtual consultation (seed 004)')

    # -- an existing address: same answer, nothing changed, the owner is told
    before = s.sql("SELECT password_hash, name FROM users WHERE email = 'requester@demo.test'")[0]
    r = signup({'email': 'requester@demo.test', 'name': 'Penyerang', 'password': PW})
    t.eq((r.status, r.json), (202, {'status': 'check_email'}),
         'signup-4.1 existing address → the same 202 answer (no enumeration)')
    after = s.sql("SELECT password_hash, name FROM users WHERE email = 'requester@demo.test'")[0]
    t.eq(after, before, 'signup-4.2 the existing account is untouched')
    m = (mail_to(sink, 'requester@demo.test') or [None])[0]
    t.ok(m is not None and 'sudah memiliki akun' in m['Subject'] and token_of(m) is None,
         'signup-4.3 its owner gets "you already have an account", no link')
    t.eq(s.sql("SELECT count(*) FROM signup_pending")[0][0], 0,
         'signup-4.4 no pending row for an existing account')

    # -- signing up again while pending replaces the token; English mail; expiry
    r = signup({'email': 'budi@luar.test', 'name': 'Budi', 'password': PW, 'locale': 'en'})
    first = token_of(mail_to(sink, 'budi@luar.test')[0])
    r = signup({'email': 'budi@luar.test', 'name': 'Budi S.', 'password': PW + '!', 'locale': 'en'})
    ms = mail_to(sink, 'budi@luar.test', 2)
    second = token_of(ms[-1]) if len(ms) == 2 else None
    t.ok(second and second != first and ms[-1]['Subject'].endswith('confirm your email address'),
         'signup-5.1 signing up again mails a new link (English on request)')
    r = anon.post(VERIFY, {'token': first}, headers=from_addr())
    t.eq(r.status, 404, 'signup-5.2 the older link no longer works')
    s.sql_exec('UPDATE signup_pending SET expires_at = ?', (int(time.time()) - 1,))
    r = anon.post(VERIFY, {'token': second}, headers=from_addr())
    t.eq((r.status, r.code()), (404, 'signup.invalid_token'), 'signup-5.3 an expired link → 404')
    r = anon.post(LOGIN, {'login': 'budi@luar.test', 'password': PW + '!'})
    t.eq(r.code(), 'auth.unverified', 'signup-5.4 still unverified after an expired link')

    # -- throttling per client address, like login
    one = {'X-Forwarded-For': '203.0.113.77'}
    codes = [signup({'email': 'spam%d@x.test' % i, 'name': 'S', 'password': PW}, one).status
             for i in range(4)]
    r = signup({'email': 'spam9@x.test', 'name': 'S', 'password': PW}, one)
    t.eq((codes, r.status, r.code()), ([202, 202, 202, 429], 429, 'auth.throttled'),
         'signup-6.1 a flood of sign-ups from one address → 429 auth.throttled')
    r = signup({'email': 'elsewhere@x.test', 'name': 'S', 'password': PW})
    t.status(r, 202, 'signup-6.2 other addresses are not affected')
    bad = {'X-Forwarded-For': '203.0.113.78'}
    codes = [anon.post(VERIFY, {'token': '%064x' % i}, headers=bad).status for i in range(4)]
    t.eq(codes, [404, 404, 404, 429], 'signup-6.3 guessing tokens is throttled too')

    # -- the setting
    s.restart({'LOKET_SIGNUP': 'off'})
    r = s.client().post(SIGNUP, {'email': 'late@x.test', 'name': 'L', 'password': PW})
    t.eq((r.status, r.code()), (403, 'signup.disabled'), 'signup-7.1 LOKET_SIGNUP=off → 403')
    t.eq(s.client().get(SIGNUP).json, {'enabled': False}, 'signup-7.1b GET says closed')
    ok, detail = s.stop()
    t.ok(ok, 'signup-7.2 server exits cleanly', detail)

    plain = Server(demo=False)
    r = plain.client().post(SIGNUP, {'email': 'a@x.test', 'name': 'A', 'password': PW})
    t.eq((r.status, r.code()), (403, 'signup.disabled'),
         'signup-7.3 default "demo": closed in a database without the demo data')
    plain.restart({'LOKET_SIGNUP': 'on'})
    r = plain.client().post(SIGNUP, {'email': 'a@x.test', 'name': 'A', 'password': PW})
    t.status(r, 202, 'signup-7.4 LOKET_SIGNUP=on opens it')
    plain.stop()
    sink.cleanup()


if __name__ == '__main__':
    Tap().run(main)
