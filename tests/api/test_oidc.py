"""Sign-in with the office directory by OpenID Connect (issue #22 item 5)
against a fake provider started here (tests/api/fake_oidc.py): the full
authorization code flow with PKCE ends in a Loket session with the mapped
role, tier and unit; tampered ID tokens (payload changed, wrong key, unknown
kid, alg none, HS256 with the public key, wrong aud or iss, expired, iat in
the future, wrong nonce), a state that does not match, a callback in
another browser, a replayed callback and a code issued for another PKCE
challenge are all refused with a stable code and no session; the client
secret never shows in an answer or the log."""
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from fake_oidc import FakeProvider  # noqa: E402
from loket import Server, Tap  # noqa: E402

SECRET = 'rahasia-klien-xyz-42'
# the directory's one mapping syntax, shared with ldap_group_map
MAP = 'loket-admin => admin; loket-agent => agent:2@2; pimpinan => leader; * => requester'


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def provider_hop(location):
    """Follows the browser to the provider's authorize URL; returns the
    Location the provider sends it back to (or None with the status)."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        r = opener.open(location, timeout=10)
        return None, r.status
    except urllib.error.HTTPError as e:
        return e.headers.get('Location'), e.code


def local(url):
    """The path and query of a URL on Loket (the base URL is not the test's)."""
    u = urllib.parse.urlsplit(url)
    return u.path + ('?' + u.query if u.query else '')


def flow(srv, client=None, change_state=None, callback_client=None):
    """One sign-in; returns (client, where the callback sent the browser)."""
    c = client or srv.client()
    r = c.get('/api/v1/auth/oidc/start')
    if r.status != 302:
        return c, 'start %d %s' % (r.status, r.body)
    back, status = provider_hop(r.headers.get('location'))
    if not back:
        return c, 'provider %d' % status
    if change_state:
        u = urllib.parse.urlsplit(back)
        q = dict(urllib.parse.parse_qsl(u.query))
        q['state'] = change_state
        back = u.path + '?' + urllib.parse.urlencode(q)
    r = (callback_client or c).get(local(back))
    if r.status != 302:
        return c, 'callback %d %s' % (r.status, r.body)
    return c, r.headers.get('location')


def error_of(location):
    return location.split('oidc_error=', 1)[1] if location and 'oidc_error=' in location else location


def main(t):
    fake = FakeProvider(client_secret=SECRET)
    srv = Server(env={'LOKET_OIDC_ISSUER': fake.issuer, 'LOKET_OIDC_CLIENT_ID': 'loket',
                      'LOKET_OIDC_CLIENT_SECRET': SECRET, 'LOKET_OIDC_ROLE_MAP': MAP,
                      'LOKET_OIDC_BUTTON_LABEL': 'SSO Kantor',
                      'LOKET_BASE_URL': 'https://loket.test'})
    try:
        run(t, fake, srv)
    finally:
        fake.stop()
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'oidc-9 server exits cleanly', detail)


def run(t, fake, srv):
    anon = srv.client()
    r = anon.get('/api/v1/auth/oidc')
    t.eq((r.status, r.json), (200, {'enabled': True, 'label': 'SSO Kantor'}),
         'oidc-1.0 status: offered with the label')

    # -- the authorization request
    r = anon.get('/api/v1/auth/oidc/start')
    t.status(r, 302, 'oidc-1.1 start redirects')
    loc = r.headers.get('location') or ''
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query))
    t.ok(loc.startswith(fake.issuer + '/protocol/openid-connect/auth?'),
         'oidc-1.2 to the authorization endpoint of the discovery document', loc)
    t.eq((q.get('response_type'), q.get('client_id'), q.get('code_challenge_method'),
          q.get('redirect_uri'), q.get('scope')),
         ('code', 'loket', 'S256', 'https://loket.test/api/v1/auth/oidc/callback',
          'openid profile email'), 'oidc-1.3 code flow, S256, the derived redirect URI')
    t.ok(len(q.get('state', '')) >= 43 and len(q.get('nonce', '')) >= 43 and
         len(q.get('code_challenge', '')) == 43, 'oidc-1.4 state, nonce and challenge are random')
    t.ok('loket_oidc=' in (r.headers.get('set-cookie') or '') and
         'HttpOnly' in r.headers.get('set-cookie'), 'oidc-1.5 the browser-binding cookie')
    t.ok(SECRET not in loc, 'oidc-1.6 no client secret in the redirect')

    # -- the full flow: agent tier 2 of unit 2
    c, where = flow(srv)
    t.eq(where, '/#/', 'oidc-2.0 the callback sends the browser into the app')
    r = c.get('/api/v1/me')
    u = r.json and r.json['user']
    t.eq((r.status, u and u['role'], u and u['tier'], u and u['unit_id'], u and u['email'],
          u and u['name']),
         (200, 'agent', 2, 2, 'siti@kantor.test', 'Siti Directory'),
         'oidc-2.1 the session works on /me with the mapped role, tier and unit')
    t.ok(r.json and r.json.get('csrf_token'), 'oidc-2.2 a normal session with its CSRF token')
    t.ok(c.get('/api/v1/tickets').status == 200, 'oidc-2.3 the agent reads the queue')
    tok = [p for p, f in fake.requests if p.endswith('/token')]
    t.ok(tok, 'oidc-2.4 the code was exchanged at the token endpoint')
    row = srv.sql("SELECT provider, subject, user_id FROM user_identities")
    t.eq([(p, s) for p, s, _ in row], [(fake.issuer, 'u-1')], 'oidc-2.5 the identity is linked')
    uid = row[0][2] if row else None
    t.eq(srv.sql("SELECT auth_source, external_id FROM users WHERE id = ?", (uid,)),
         [('oidc', 'u-1')], 'oidc-2.5a the account source is oidc, the subject its external id')

    # second sign-in: the directory moved her; same account, new role
    fake.user = dict(fake.user, groups=['pimpinan'], name='Siti D.')
    c2, where = flow(srv)
    u = c2.get('/api/v1/me').json['user'] if where == '/#/' else {}
    t.eq((where, u.get('id'), u.get('role'), u.get('tier'), u.get('name')),
         ('/#/', uid, 'leader', None, 'Siti D.'),
         'oidc-2.6 a later sign-in updates the same user from the directory')

    # ES256 signatures verify too
    fake.alg = 'ES256'
    c3, where = flow(srv)
    t.eq((where, c3.get('/api/v1/me').status), ('/#/', 200), 'oidc-2.7 an ES256 ID token')
    fake.alg = 'RS256'

    # -- tampered tokens: refused, no session
    users_before = srv.sql("SELECT count(*) FROM users")[0][0]
    for n, (tamper, code) in enumerate([
            ('payload', 'oidc.token_signature'), ('wrong_key', 'oidc.token_signature'),
            ('unknown_kid', 'oidc.token_key'), ('none', 'oidc.token_alg'),
            ('hs256', 'oidc.token_alg'), ('aud', 'oidc.token_audience'),
            ('iss', 'oidc.token_issuer'), ('expired', 'oidc.token_expired'),
            ('future_iat', 'oidc.token_iat'), ('nonce', 'oidc.token_nonce')]):
        fake.tamper = tamper
        c, where = flow(srv)
        me = c.get('/api/v1/me')
        t.eq((error_of(where), me.status), (code, 401),
             'oidc-3.%d %s refused (%s), no session' % (n, tamper, code))
    fake.tamper = None
    t.eq(srv.sql("SELECT count(*) FROM users")[0][0], users_before,
         'oidc-3.10 no user was made by a refused token')
    before = fake.jwks_fetches
    fake.tamper = 'unknown_kid'
    flow(srv)
    flow(srv)
    fake.tamper = None
    t.ok(fake.jwks_fetches - before <= 1, 'oidc-3.11 unknown kids refetch the JWKS at most once a minute',
         fake.jwks_fetches - before)

    # -- state and PKCE
    c, where = flow(srv, change_state='A' * 43)
    t.eq((error_of(where), c.get('/api/v1/me').status), ('oidc.state', 401),
         'oidc-4.0 a state that was never issued is refused')
    other = srv.client()
    c, where = flow(srv, callback_client=other)
    t.eq((error_of(where), other.get('/api/v1/me').status, c.get('/api/v1/me').status),
         ('oidc.state', 401, 401), 'oidc-4.1 a callback in another browser is refused')
    c = srv.client()
    r = c.get('/api/v1/auth/oidc/start')
    back, _ = provider_hop(r.headers.get('location'))
    first = c.get(local(back))
    again = srv.client().get(local(back))
    t.eq((first.headers.get('location'), error_of(again.headers.get('location'))),
         ('/#/', 'oidc.state'), 'oidc-4.2 a callback works once')
    fake.spoil_challenge = True
    c, where = flow(srv)
    fake.spoil_challenge = False
    t.eq((error_of(where), c.get('/api/v1/me').status), ('oidc.token_exchange', 401),
         'oidc-4.3 the provider checks the PKCE verifier: a code for another challenge fails')
    c = srv.client()
    r = c.get('/api/v1/auth/oidc/callback?error=access_denied&state=x')
    t.eq(error_of(r.headers.get('location')), 'oidc.denied', 'oidc-4.4 the user said no')

    # -- mapping and accounts
    fake.user = dict(fake.user, sub='u-2', email='budi@kantor.test', groups=['loket-admin'])
    c, where = flow(srv)
    t.eq(c.get('/api/v1/me').json['user']['role'] if where == '/#/' else where, 'admin',
         'oidc-5.0 the first matching rule maps loket-admin to admin')
    fake.user = dict(fake.user, sub='u-3', email='ani@kantor.test', groups='lain')
    c, where = flow(srv)
    t.eq(c.get('/api/v1/me').json['user']['role'] if where == '/#/' else where, 'requester',
         'oidc-5.1 "*" maps everyone else to requester (a string claim works)')
    # users are cached: on PostgreSQL a plain SQL writer tells the nodes with
    # NOTIFY loket_gen as every loket process does (docs/postgresql.md)
    notify = "; NOTIFY loket_gen, 'conf'" if srv.pg else ''
    srv.sql_exec("UPDATE users SET active = 0 WHERE email = 'ani@kantor.test'" + notify)
    c, where = flow(srv)
    t.eq((error_of(where), c.get('/api/v1/me').status), ('oidc.inactive', 401),
         'oidc-5.2 a deactivated account does not sign in')
    fake.user = dict(fake.user, sub='u-4', email='no-role@kantor.test', groups=[])
    for n, (bad, what) in enumerate([('loket-admin=admin', 'the old VALUE=ROLE form'),
                                     ('loket-agent => agent:2', 'tier 2 without a unit'),
                                     ('* => leader:1', 'a tier for a leader')]):
        srv.restart({'LOKET_OIDC_ROLE_MAP': bad})
        r = srv.client().get('/api/v1/auth/oidc/start')
        t.eq((r.status, error_of(r.headers.get('location'))), (302, 'oidc.config'),
             'oidc-5.3.%d the shared parser refuses %s' % (n, what))
    srv.restart({'LOKET_OIDC_ROLE_MAP': 'loket-admin => admin'})
    c, where = flow(srv)
    t.eq(error_of(where), 'oidc.no_role', 'oidc-5.3 no matching rule: refused')
    admin_email = srv.sql("SELECT email FROM users WHERE role = 'admin' ORDER BY id")[0][0]
    fake.user = dict(fake.user, sub='u-5', email=admin_email, groups=['loket-admin'],
                     email_verified=False)
    c, where = flow(srv)
    t.eq(error_of(where), 'oidc.email_taken',
         'oidc-5.4 an unverified email does not take over a local account')
    srv.sql_exec("UPDATE users SET auth_source = 'ldap', external_id = 'cn=rudi,dc=kantor'"
                 " WHERE email = 'budi@kantor.test'" + notify)
    fake.user = dict(fake.user, sub='u-6', email='BUDI@kantor.test', groups=['loket-admin'],
                     email_verified=True)
    c, where = flow(srv)
    t.eq((error_of(where), srv.sql("SELECT auth_source FROM users WHERE email = "
                                   "'budi@kantor.test'")),
         ('oidc.email_taken', [('ldap',)]),
         'oidc-5.5 a verified email does not take over an LDAP account either')

    # -- the secret stays write-only
    admin = srv.client(admin_email)
    r = admin.get('/api/v1/settings')
    t.ok(r.status == 200 and SECRET not in r.body, 'oidc-6.0 not in the settings answer')
    r = admin.get('/api/v1/users?auth_source=oidc&per_page=100')
    t.eq(sorted((u['email'], u['auth_source'], u['external_id']) for u in r.json['items']),
         [('ani@kantor.test', 'oidc', 'u-3'), ('siti@kantor.test', 'oidc', 'u-1')],
         'oidc-6.0a the users list shows the account source of OIDC accounts')
    with open(os.path.join(srv.dir, 'server.log'), errors='replace') as f:
        log = f.read()
    t.ok(SECRET not in log and 'oidc sign-in refused: oidc.token_alg' in log,
         'oidc-6.1 refusals are logged, the secret is not')

    # -- switched off
    srv.restart({'LOKET_OIDC_ISSUER': None})
    anon.base = srv.url
    r = anon.get('/api/v1/auth/oidc')
    t.eq((r.status, r.json), (200, {'enabled': False}), 'oidc-7.0 not offered without an issuer')
    t.eq((anon.get('/api/v1/auth/oidc/start').status,
          anon.get('/api/v1/auth/oidc/callback?code=x&state=y').status), (404, 404),
         'oidc-7.1 start and callback answer 404 when off')


if __name__ == '__main__':
    Tap().run(main)
