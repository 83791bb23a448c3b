#!/usr/bin/env python3
"""first-run-*: `loket init` without --demo on a new installation stores the
office name and the first admin (password on stdin, never a flag), prints the
address, creates nothing of the demo data; a second run only migrates; a
database newer than the binary makes init and serve refuse."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, Server, Tap, pg_admin  # noqa: E402

PW = 'kata-sandi-admin-9'


def init(srv, args, stdin):
    return subprocess.run([BIN, 'init'] + args, env=srv.env, input=stdin, capture_output=True,
                          text=True, timeout=60)


def stored_bytes(srv):
    """Everything the database holds, as text: the SQLite file, or a dump of
    the PostgreSQL database."""
    if srv.pg:
        return subprocess.run(['pg_dump', '--data-only', '-d', srv.db_target], capture_output=True,
                              text=True, check=True, timeout=60).stdout
    return open(srv.db_target, 'rb').read().decode('latin-1')


def main(t):
    srv = Server(demo=False, env={'LOKET_BASE_URL': 'https://loket.pemda.test'})
    flags = ['--office', 'Diskominfo Kota Uji', '--admin-email', 'it@pemda.test',
             '--admin-name', 'Admin TI']
    try:
        p = init(srv, flags, 'pendek\n')
        t.ok(p.returncode == 1 and 'password' in p.stderr,
             'first-run-1 a weak password is refused', p.stderr)
        p = init(srv, flags[:2], PW + '\n')
        t.ok(p.returncode == 1 and '--admin-email' in p.stderr,
             'first-run-2 a missing flag without a terminal is refused', p.stderr)
        t.eq(srv.sql('SELECT count(*) FROM users')[0][0], 0,
             'first-run-3 no account after the refusals')
        p = init(srv, flags, PW + '\n')
        t.eq(p.returncode, 0, 'first-run-4 init with the flags and the password on stdin')
        t.ok('https://loket.pemda.test' in p.stdout, 'first-run-5 the address is printed', p.stdout)
        users = srv.sql('SELECT email, name, role FROM users')
        org = srv.sql("SELECT value FROM settings WHERE key = 'org_name'")
        demo = [srv.sql('SELECT count(*) FROM %s' % tb)[0][0]
                for tb in ('units', 'services', 'categories', 'vendors', 'tickets')]
        t.eq(users, [('it@pemda.test', 'Admin TI', 'admin')], 'first-run-6 exactly one admin')
        t.eq(org, [('Diskominfo Kota Uji',)], 'first-run-7 the office name is stored')
        t.eq(demo, [0, 0, 0, 0, 0], 'first-run-8 nothing of the demo data')
        t.ok(PW not in stored_bytes(srv), 'first-run-9 no plain password')

        p = init(srv, ['--office', 'Lain', '--admin-email', 'x@pemda.test', '--admin-name', 'X'],
                 PW + '\n')
        n = srv.sql('SELECT count(*) FROM users')[0][0]
        org = srv.sql("SELECT value FROM settings WHERE key = 'org_name'")[0][0]
        t.ok(p.returncode == 0 and 'only migrations' in p.stdout and n == 1 and
             org == 'Diskominfo Kota Uji', 'first-run-10 a second init only migrates', p.stdout)

        srv.restart()
        admin = srv.client('it@pemda.test', PW)
        r = admin.get('/api/v1/settings')
        t.eq((r.status, r.json['settings']['org_name']), (200, 'Diskominfo Kota Uji'),
             'first-run-11 the admin signs in; the office name is the org_name in use')
    finally:
        ok, detail = srv.stop(keep=True)  # the refusals below use its database
        t.ok(ok, 'first-run-12 clean exit', detail)

    srv.sql_exec("INSERT INTO schema_migrations VALUES (9999, 'from_the_future', '2030-01-01')")
    p = init(srv, [], '')
    t.ok(p.returncode == 1 and 'migration 9999' in p.stderr and 'newer version' in p.stderr,
         'first-run-13 init refuses a database newer than the binary', p.stderr)
    p = subprocess.run([BIN, 'serve', '--listen', '127.0.0.1:0'], env=srv.env,
                       capture_output=True, text=True, timeout=60)
    t.ok(p.returncode == 1 and 'migration 9999' in p.stderr,
         'first-run-14 serve refuses it too', p.stderr)
    t.eq(srv.sql('SELECT count(*) FROM schema_migrations WHERE version < 9999')[0][0],
         len(os.listdir(os.path.join(os.environ.get('LOKET_SOURCE_DIR', '.'), 'src/store/migrations',
                                     'postgresql' if srv.pg else 'sqlite'))),
         'first-run-15 nothing was changed in it')
    if not t.failed:
        shutil.rmtree(srv.dir, True)
        if srv.pg_db:
            pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % srv.pg_db)


if __name__ == '__main__':
    Tap().run(main)
