#!/usr/bin/env python3
"""ldap-*: sign-in with the office directory over LDAP (issue #22 item 5)
against a real slapd started by this test (tests/api/slapd.py).

ldap-search-*: search-then-bind under a service account, groups found by a
               group search: a good password signs in with the mapped role,
               tier and unit; a wrong one and an unknown login get the
               generic error; two groups give two roles; a login holding
               filter syntax matches nobody; a user disabled in Loket stays
               refused; one taken out of every mapped group loses access;
               local accounts keep their local password; throttling holds.
ldap-admin-*:  the settings status and the connection test never show the
               service password; non-admins get 404.
ldap-bind-*:   a bind DN template with the memberOf attribute (as in AD)."""
import os
import shutil
import subprocess
import sys
import socket
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, Server, Tap  # noqa: E402
import slapd  # noqa: E402

SUFFIX = slapd.SUFFIX
PEOPLE = [
    ('budi', 'Budi Santoso', 'budi@kantor.test', 'sandi-budi-1', '199912312024121999'),
    ('siti', 'Siti Rahma', 'siti@kantor.test', 'sandi-siti-2', None),
    ('joko', 'Joko Widodo', 'joko@kantor.test', 'sandi-joko-3', None),
    ('rina', 'Rina Lestari', 'rina@kantor.test', 'sandi-rina-4', None),
    ('bambang', 'Bambang Uji', 'bambang@kantor.test', 'sandi-bambang-5', None),
    ('dewi', 'Dewi Kusuma', 'dewi@kantor.test', 'sandi-dewi-6', None),
]
GROUPS = [('helpdesk', ['budi', 'rina', 'bambang', 'dewi']), ('admins', ['siti']), ('pegawai', ['joko'])]
WRONG = 'invalid_credentials'


def ldif():
    out = [slapd.person(*p) for p in PEOPLE] + [slapd.group(*g) for g in GROUPS]
    return '\n'.join(out)


def login(srv, who, password):
    return srv.client().post('/api/v1/auth/login', {'login': who, 'password': password})


def code(r):
    return r.code() or ''


def search_mode(t, ds):
    env = {'LOKET_LDAP_URL': ds.url, 'LOKET_LDAP_BIND_DN': slapd.SERVICE_DN,
           'LOKET_LDAP_BIND_PASSWORD': slapd.SERVICE_PW, 'LOKET_LDAP_BASE_DN': SUFFIX,
           'LOKET_LDAP_USER_FILTER': '(|(uid=%s)(mail=%s))', 'LOKET_LDAP_GROUP_ATTR': '',
           'LOKET_LDAP_GROUP_FILTER': '(&(objectClass=groupOfNames)(member=%s))',
           'LOKET_LDAP_TIMEOUT_SECONDS': '3',
           # two groups, two roles; the unit is filled in once the demo's is known
           'LOKET_LDAP_GROUP_MAP': 'cn=admins,ou=groups,%s => admin; helpdesk => agent' % SUFFIX}
    srv = Server(env=env)
    try:
        admin = srv.client('admin@demo.test')
        unit = admin.get('/api/v1/units').json['items'][0]['id']
        srv.restart({'LOKET_LDAP_GROUP_MAP': 'cn=admins,ou=groups,%s => admin; '
                     'helpdesk => agent:2@%d' % (SUFFIX, unit)})
        admin = srv.client('admin@demo.test')
        t.ok(True, 'ldap-search-1 local admin still signs in with the local password')

        r = login(srv, 'budi', 'sandi-budi-1')
        t.status(r, 200, 'ldap-search-2 good directory password signs in')
        u = (r.json or {}).get('user', {})
        t.eq((u.get('name'), u.get('email'), u.get('role'), u.get('tier'), u.get('unit_id'),
              u.get('auth_source'), u.get('nip')),
             ('Budi Santoso', 'budi@kantor.test', 'agent', 2, unit, 'ldap', '199912312024121999'),
             'ldap-search-3 the user is made from the entry: name, email, NIP, mapped role/tier/unit')
        t.eq(u.get('external_id'), 'uid=budi,ou=people,' + SUFFIX, 'ldap-search-4 external id is the DN')
        r = login(srv, 'budi@kantor.test', 'sandi-budi-1')
        t.eq((r.status, (r.json or {}).get('user', {}).get('id')), (200, u.get('id')),
             'ldap-search-5 signing in by e-mail finds the same user, not a new one')

        # six first sign-ins of one person at once: one account, all signed in
        res = [None] * 6

        def one(i):
            res[i] = login(srv, 'dewi', 'sandi-dewi-6')
        ths = [threading.Thread(target=one, args=(i,)) for i in range(6)]
        for th in ths:
            th.start()
        for th in ths:
            th.join(60)
        t.eq([r.status for r in res], [200] * 6, 'ldap-search-5b concurrent first sign-ins all succeed')
        t.eq(len(set((r.json or {}).get('user', {}).get('id') for r in res)), 1,
             'ldap-search-5c ... as one and the same new user')

        r = login(srv, 'siti', 'sandi-siti-2')
        t.eq((r.status, (r.json or {}).get('user', {}).get('role')), (200, 'admin'),
             'ldap-search-6 the second group maps to the second role (admin)')

        r = login(srv, 'budi', 'salah-sekali')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG), 'ldap-search-7 wrong password: generic error')
        r = login(srv, 'nobody', 'apa-saja-123')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG), 'ldap-search-8 unknown login: generic error')
        r = login(srv, 'joko', 'sandi-joko-3')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG),
             'ldap-search-9 a member of no mapped group is refused (ldap_unmapped = refuse)')

        # a login holding filter syntax is one literal value: it cannot match budi
        for i, evil in enumerate(['*)(uid=*', '*', 'bu*', 'budi)(|(uid=*', '*)(mail=*',
                                  'budi\\2a', '(uid=budi)']):
            r = login(srv, evil, 'sandi-budi-1')
            t.eq((r.status, code(r)), (401, 'auth.' + WRONG),
                 'ldap-search-10.%d login %r matches nobody' % (i, evil))

        # a local account is never checked against the directory
        rl = login(srv, 'agent@demo.test', 'sandi-budi-1')
        t.eq(rl.status, 401, 'ldap-search-11 a local account ignores directory passwords')
        t.status(login(srv, 'agent@demo.test', 'loket-demo'), 200,
                 'ldap-search-11b ... and keeps its local one')

        # disabled in Loket: refused even with the right directory password
        r = admin.patch('/api/v1/users/%d' % u['id'], {'active': False})
        t.status(r, 200, 'ldap-search-12 admin disables the directory user')
        r = login(srv, 'budi', 'sandi-budi-1')
        t.eq((r.status, code(r)), (403, 'auth.inactive'), 'ldap-search-13 a disabled user stays refused')
        r = admin.get('/api/v1/users/%d' % u['id'])
        t.eq(r.json.get('active'), False, 'ldap-search-14 signing in does not re-enable the user')

        # taken out of every mapped group: refused, and the live session ends
        rina = srv.client('rina', 'sandi-rina-4')
        t.status(rina.get('/api/v1/me'), 200, 'ldap-search-15 rina signed in (helpdesk)')
        ds.modify('dn: cn=helpdesk,ou=groups,%s\nchangetype: modify\ndelete: member\n'
                  'member: uid=rina,ou=people,%s\n' % (SUFFIX, SUFFIX))
        r = login(srv, 'rina', 'sandi-rina-4')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG),
             'ldap-search-16 removed from every mapped group: refused')
        t.status(rina.get('/api/v1/me'), 401, 'ldap-search-17 ... and her open session ended')

        # the users list shows the source
        r = admin.get('/api/v1/users?auth_source=ldap&per_page=100')
        srcs = sorted((x['email'], x['auth_source']) for x in r.json['items'])
        t.eq(srcs, [('budi@kantor.test', 'ldap'), ('dewi@kantor.test', 'ldap'),
                    ('rina@kantor.test', 'ldap'), ('siti@kantor.test', 'ldap')],
             'ldap-search-18 users filter by source')
        r = admin.get('/api/v1/users?auth_source=local&per_page=1')
        t.ok(r.json['total'] > 0, 'ldap-search-19 demo users are local')

        # an API write cannot turn a local account into a directory one
        r = admin.patch('/api/v1/users/%d' % u['id'], {'auth_source': 'local', 'active': True})
        r = admin.get('/api/v1/users/%d' % u['id'])
        t.eq(r.json.get('auth_source'), 'ldap', 'ldap-search-20 auth_source is read-only in the API')

        # the same throttle as local sign-in
        st = [login(srv, 'bambang', 'salah-%d' % i).status for i in range(6)]
        t.eq(st[-1], 429, 'ldap-search-21 repeated wrong directory passwords are throttled', )

        # the admins' view and test
        r = admin.get('/api/v1/settings/ldap')
        t.status(r, 200, 'ldap-admin-1 status for admins')
        l = r.json['ldap']
        t.eq((l['configured'], l['bind_password_set'], l['mode'], len(l['group_map'])),
             (True, True, 'search_then_bind', 2), 'ldap-admin-2 configured, password set, map shown')
        t.ok(slapd.SERVICE_PW not in r.body, 'ldap-admin-3 the service password is not in the status')
        r = admin.post('/api/v1/settings/ldap/test')
        t.eq((r.status, r.json.get('ok')), (200, True), 'ldap-admin-4 connection test works')
        t.ok(slapd.SERVICE_PW not in r.body, 'ldap-admin-5 ... and shows no password')
        r = admin.get('/api/v1/settings')
        t.eq(r.json['settings']['ldap_bind_password'], {'set': True},
             'ldap-admin-6 settings show only that the password is set')
        for who in ('agent@demo.test', 'leader@demo.test', 'requester@demo.test'):
            c = srv.client(who)
            t.eq((c.get('/api/v1/settings/ldap').status, c.post('/api/v1/settings/ldap/test').status),
                 (404, 404), 'ldap-admin-7 %s gets 404' % who)

        # a wrong service password: the test says so, sign-in fails generically
        srv.restart({'LOKET_LDAP_BIND_PASSWORD': 'bukan-ini'})
        admin = srv.client('admin@demo.test')
        r = admin.post('/api/v1/settings/ldap/test')
        t.eq((r.status, r.json.get('ok')), (200, False), 'ldap-admin-8 test reports a failing bind')
        r = login(srv, 'siti', 'sandi-siti-2')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG),
             'ldap-admin-9 directory trouble gives the generic error')
    finally:
        with open(os.path.join(srv.dir, 'server.log'), errors='replace') as f:
            log = f.read()
        t.ok('directory sign-in refused' in log and slapd.SERVICE_PW not in log
             and 'sandi-' not in log, 'ldap-search-98 failures logged, never a password', log[-2000:])
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'ldap-search-99 server exits cleanly', detail)


def bind_mode(t, ds):
    env = {'LOKET_LDAP_URL': ds.url, 'LOKET_LDAP_USER_DN': 'uid=%s,ou=people,' + SUFFIX,
           'LOKET_LDAP_GROUP_ATTR': 'memberOf',
           'LOKET_LDAP_GROUP_MAP': 'helpdesk => leader', 'LOKET_LDAP_UNMAPPED': 'requester'}
    srv = Server(env=env)
    try:
        r = login(srv, 'bambang', 'sandi-bambang-5')
        u = (r.json or {}).get('user', {})
        t.eq((r.status, u.get('role'), u.get('tier')), (200, 'leader', None),
             'ldap-bind-1 DN template + memberOf: mapped role')
        r = login(srv, 'joko', 'sandi-joko-3')
        t.eq((r.status, (r.json or {}).get('user', {}).get('role')), (200, 'requester'),
             'ldap-bind-2 ldap_unmapped = requester signs in as requester')
        r = login(srv, 'bambang', 'sandi-joko-3')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG), 'ldap-bind-3 wrong password refused')
        r = login(srv, 'bambang,ou=people', 'sandi-bambang-5')
        t.eq(r.status, 401, 'ldap-bind-4 a login with DN syntax is escaped')
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'ldap-bind-9 server exits cleanly', detail)


def config_check(t):
    """A bad ldap_* setting stops `loket serve` at once, saying which."""
    d = tempfile.mkdtemp(prefix='loket-ldapconf-')
    try:
        env = dict(os.environ, LOKET_DATA_DIR=d)
        subprocess.run([BIN, 'init'], env=env, check=True, capture_output=True)
        good = {'LOKET_LDAP_URL': 'ldap://127.0.0.1:9', 'LOKET_LDAP_BASE_DN': SUFFIX,
                'LOKET_LDAP_GROUP_MAP': 'helpdesk => agent'}
        for i, (bad, needle) in enumerate([
                ({'LOKET_LDAP_GROUP_MAP': 'helpdesk => boss'}, 'ldap_group_map entry 1'),
                ({'LOKET_LDAP_URL': 'http://dc1'}, 'ldap://'),
                ({'LOKET_LDAP_UNMAPPED': 'maybe'}, 'ldap_unmapped'),
                ({'LOKET_LDAP_BASE_DN': ''}, 'ldap_base_dn'),
                ({'LOKET_LDAP_GROUP_MAP': ''}, 'nobody could sign in')]):
            e = dict(env, **good)
            e.update(bad)
            p = subprocess.run([BIN, 'serve', '--listen', '127.0.0.1:0'], env=e,
                               capture_output=True, text=True, timeout=30)
            t.ok(p.returncode == 1 and needle in p.stderr,
                 'ldap-conf-%d %s refused at start' % (i + 1, list(bad.values())[0] or 'empty'),
                 p.stderr)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def hung_directory(t):
    """A directory that accepts the connection and never answers: the
    sign-in gives up after ldap_timeout_seconds with the generic error, and
    the server answers other requests meanwhile."""
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(16)
    held = []
    stop = threading.Event()

    def hold():
        lsock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(lsock.accept()[0])  # read nothing, answer nothing
            except OSError:
                pass
    th = threading.Thread(target=hold, daemon=True)
    th.start()
    srv = Server(env={'LOKET_LDAP_URL': 'ldap://127.0.0.1:%d' % lsock.getsockname()[1],
                      'LOKET_LDAP_BASE_DN': SUFFIX, 'LOKET_LDAP_GROUP_MAP': 'helpdesk => agent',
                      # long enough that six answers on a loaded machine come
                      # back while the sign-in still waits (ldap-hung-3)
                      'LOKET_LDAP_TIMEOUT_SECONDS': '10', 'LOKET_WORKERS': '2'})
    try:
        out = {}

        def attempt():
            t0 = time.time()
            out['r'] = login(srv, 'budi', 'sandi-budi-1')
            out['s'] = time.time() - t0
        a = threading.Thread(target=attempt)
        a.start()
        while not held and a.is_alive():  # the sign-in has reached the directory
            time.sleep(0.02)
        # new connections land on either worker thread (fd % workers): none
        # waits for the one that took the sign-in
        t0 = time.time()
        health = [srv.client().get('/healthz').status for _ in range(6)]
        quick = time.time() - t0
        waiting = a.is_alive()  # the sign-in still waits on the directory
        a.join(30)
        t.eq((out['r'].status, code(out['r'])), (401, 'auth.' + WRONG),
             'ldap-hung-1 a directory that never answers: the generic error')
        t.ok(10 <= out['s'] < 25,
             'ldap-hung-2 ... after the 10 s timeout, not forever (%.1f s)' % out['s'])
        t.ok(health == [200] * 6 and waiting,
             'ldap-hung-3 other requests answered while it waits (%.2f s)' % quick)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'ldap-hung-9 server exits cleanly', detail)
        stop.set()
        th.join()
        for c in held:
            c.close()
        lsock.close()


def tls_modes(t, ds):
    """StartTLS and ldaps:// against the test's own CA; a certificate the
    server cannot verify (no CA given) refuses the sign-in."""
    base = {'LOKET_LDAP_USER_DN': 'uid=%s,ou=people,' + SUFFIX, 'LOKET_LDAP_GROUP_ATTR': 'memberOf',
            'LOKET_LDAP_GROUP_MAP': 'helpdesk => agent'}
    srv = Server(env=dict(base, LOKET_LDAP_URL=ds.url, LOKET_LDAP_STARTTLS='true',
                          LOKET_LDAP_CA_FILE=ds.ca_file))
    try:
        t.status(login(srv, 'budi', 'sandi-budi-1'), 200, 'ldap-tls-1 StartTLS with the CA file')
        srv.restart({'LOKET_LDAP_URL': ds.ldaps_url, 'LOKET_LDAP_STARTTLS': 'false'})
        t.status(login(srv, 'budi', 'sandi-budi-1'), 200, 'ldap-tls-2 ldaps:// with the CA file')
        srv.restart({'LOKET_LDAP_CA_FILE': None})
        r = login(srv, 'budi', 'sandi-budi-1')
        t.eq((r.status, code(r)), (401, 'auth.' + WRONG),
             'ldap-tls-3 a certificate from an unknown CA is refused')
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'ldap-tls-9 server exits cleanly', detail)


def main(t):
    config_check(t)
    hung_directory(t)
    ds = slapd.Slapd(ldif(), tls=True)
    try:
        search_mode(t, ds)
        bind_mode(t, ds)
        tls_modes(t, ds)
    finally:
        ds.stop()


if __name__ == '__main__':
    Tap().run(main)
