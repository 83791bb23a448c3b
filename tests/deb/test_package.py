#!/usr/bin/env python3
"""deb-*: the Debian package on this machine (issue #23). Builds an older
release (version 0.0.1, built without the newest migration) and the current
one with dpkg-buildpackage, installs the older with apt-get, runs `loket
init` as the loket user (the office and first admin), upgrades to the
current package with the data in place (one backup, then the pending
migration once), serves it as loket behind nginx with TLS (a throw-away
certificate) and files a ticket through nginx as that admin, checks the old
binary now refuses the database, verifies the unit, and purges.

The older build is today's code without the newest migration, so it is only
used for `loket init`, never served: code may rely on every migration.

Runs only as root with dpkg-buildpackage and nginx present (it installs and
removes a system package); otherwise one TAP skip."""
import glob
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'api'))
from loket import Client, Tap, free_port  # noqa: E402

SRC = os.environ.get('LOKET_SOURCE_DIR', '.')
PW = 'kata-sandi-admin-9'
DATA = '/var/lib/loket'
CONF = '/etc/loket/loket.conf'


def skip_reason():
    if os.geteuid() != 0:
        return 'needs root (installs a system package)'
    for tool in ('dpkg-buildpackage', 'dh', 'nginx', 'apt-get', 'openssl', 'runuser', 'setpriv'):
        if not shutil.which(tool):
            return '%s is not installed' % tool
    if subprocess.run(['dpkg-query', '-W', '-f=${Status}', 'loket'], capture_output=True,
                      text=True).stdout.startswith('install ok'):
        return 'a loket package is installed already; not touching it'
    return None


def run(args, **kw):
    kw.setdefault('capture_output', True)
    kw.setdefault('text', True)
    kw.setdefault('timeout', 300)
    return subprocess.run(args, **kw)


def build(out, env):
    e = dict(os.environ, DEB_BUILD_OPTIONS='nocheck', **env)
    return run(['sh', os.path.join(SRC, 'tools/build_deb.sh'), out], env=e, timeout=600)


def as_loket(args, stdin=None):
    return run(['runuser', '-u', 'loket', '--', 'env', 'LOKET_CONFIG=' + CONF] + args,
               input=stdin)


class Loket:
    """The installed binary serving as the loket user (no systemd here)."""

    def __init__(self, port, log):
        self.log = open(log, 'a')
        self.proc = subprocess.Popen(
            # setpriv execs loket itself (runuser would stay as its parent
            # and answer SIGTERM with its own exit status)
            ['setpriv', '--reuid=loket', '--regid=loket', '--init-groups', 'env',
             'LOKET_CONFIG=' + CONF, 'LOKET_BACKUP_HOUR=-1', '/usr/bin/loket',
             'serve', '--listen', '127.0.0.1:%d' % port], stdout=self.log, stderr=self.log)
        wait_for(lambda: run(['curl', '-fsS', 'http://127.0.0.1:%d/healthz' % port]).returncode
                 == 0, 'loket on %d' % port)

    def owner(self):
        """(name, uid) of the serving process."""
        f = dict(l.split(':', 1) for l in open('/proc/%d/status' % self.proc.pid)
                 .read().splitlines() if ':' in l)
        return f['Name'].strip(), f['Uid'].split()[0]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(60)
        self.log.close()
        return rc


def wait_for(cond, what, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.1)
    raise RuntimeError('timed out waiting for ' + what)


def nginx_conf(tmp, https_port, http_port, loket_port):
    """The shipped site file with this test's ports, certificate and temp
    paths, in a minimal nginx.conf of its own."""
    site = open('/usr/share/doc/loket/examples/nginx/loket.conf').read()
    site = (site.replace('listen 443 ssl http2;', 'listen 127.0.0.1:%d ssl http2;' % https_port)
            .replace('listen 80;', 'listen 127.0.0.1:%d;' % http_port)
            .replace('127.0.0.1:8080', '127.0.0.1:%d' % loket_port)
            .replace('/etc/letsencrypt/live/helpdesk.example.go.id/fullchain.pem', tmp + '/cert.pem')
            .replace('/etc/letsencrypt/live/helpdesk.example.go.id/privkey.pem', tmp + '/key.pem'))
    site = '\n'.join(l for l in site.splitlines() if 'listen [::]' not in l)
    conf = os.path.join(tmp, 'nginx.conf')
    with open(conf, 'w') as f:
        f.write('daemon off;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log;\n'
                'events {}\nhttp {\naccess_log %s/nginx-access.log;\n' % (tmp, tmp, tmp))
        for d in ('client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'):
            f.write('%s_temp_path %s/%s;\n' % (d, tmp, d))
        f.write(site + '\n}\n')
    return conf


def migrations(db):
    with closing(sqlite3.connect(db)) as c:
        return [r[0] for r in c.execute('SELECT version FROM schema_migrations ORDER BY version')]


def main(t):
    tmp = tempfile.mkdtemp(prefix='loket-deb-')
    os.chmod(tmp, 0o755)
    newest = int(sorted(os.listdir(os.path.join(SRC, 'src/store/migrations/sqlite')))[-1][:4])
    srv = nginx = None
    try:
        p = build(tmp + '/old', {'DEB_VERSION': '0.0.1', 'LOKET_MIGRATIONS_UPTO': str(newest - 1)})
        old = glob.glob(tmp + '/old/loket_0.0.1_*.deb')
        t.ok(p.returncode == 0 and old, 'deb-1 the older release builds', p.stdout[-2000:] + p.stderr[-2000:])
        p = build(tmp + '/new', {})
        new = [d for d in glob.glob(tmp + '/new/loket_*.deb') if '0.0.1' not in d]
        t.ok(p.returncode == 0 and new, 'deb-2 make deb builds the package', p.stderr[-2000:])
        p = run(['lintian', '--fail-on', 'error,warning'] + new) if shutil.which('lintian') else None
        t.ok(p is None or p.returncode == 0, 'deb-3 lintian: no error or warning',
             p and p.stdout + p.stderr)

        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        p = run(['apt-get', 'install', '-y', '--no-install-recommends', old[0]], env=env)
        t.ok(p.returncode == 0, 'deb-4 apt-get install the older package', p.stdout[-2000:] + p.stderr)
        st = os.stat(DATA)
        t.ok(run(['id', '-u', 'loket']).returncode == 0 and
             run(['stat', '-c', '%U %a', DATA]).stdout.strip() == 'loket 750',
             'deb-5 loket system user owns /var/lib/loket (0750)', st)
        p = as_loket(['/usr/bin/loket', 'init', '--office', 'Diskominfo Uji', '--admin-email',
                      'it@pemda.test', '--admin-name', 'Admin TI'], PW + '\n')
        t.ok(p.returncode == 0 and 'http' in p.stdout, 'deb-6 loket init as loket, non-interactive',
             p.stdout + p.stderr)
        t.eq(migrations(DATA + '/loket.db'), list(range(1, newest)),
             'deb-7 the older release applied its migrations')

        p = run(['apt-get', 'install', '-y', '--no-install-recommends', new[0]], env=env)
        t.ok(p.returncode == 0, 'deb-8 upgrade to the current package', p.stdout[-2000:] + p.stderr)
        backups = glob.glob(DATA + '/backups/*')
        t.ok(len(backups) == 1 and 'backed up' in p.stdout + p.stderr,
             'deb-9 one backup was made before migrating', backups)
        t.eq(backups and migrations(backups[0]), list(range(1, newest)),
             'deb-10 the backup holds the schema from before the upgrade')
        t.eq(migrations(DATA + '/loket.db'), list(range(1, newest + 1)),
             'deb-11 the pending migration ran, once')
        p = run(['apt-get', 'install', '-y', '--reinstall', new[0]], env=env)
        t.ok(p.returncode == 0 and len(glob.glob(DATA + '/backups/*')) == 1,
             'deb-12 a reinstall migrates nothing and backs up nothing', p.stderr)
        port, https_port, http_port = free_port(), free_port(), free_port()
        srv = Loket(port, tmp + '/loket.log')
        t.eq(srv.owner(), ('loket', run(['id', '-u', 'loket']).stdout.strip()),
             'deb-13 the server runs as loket')
        run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj',
             '/CN=127.0.0.1', '-keyout', tmp + '/key.pem', '-out', tmp + '/cert.pem'])
        conf = nginx_conf(tmp, https_port, http_port, port)
        p = run(['nginx', '-t', '-c', conf])
        t.ok(p.returncode == 0, 'deb-14 nginx accepts the shipped site file', p.stderr)
        nginx = subprocess.Popen(['nginx', '-c', conf])
        wait_for(lambda: run(['curl', '-ks', 'https://127.0.0.1:%d/healthz' % https_port])
                 .returncode == 0, 'nginx')
        r = run(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{redirect_url}',
                 'http://127.0.0.1:%d/x' % http_port])
        t.ok(r.stdout.startswith('301 https://'), 'deb-15 plain HTTP is redirected to HTTPS', r.stdout)
        c = Client('https://127.0.0.1:%d' % https_port)
        c.insecure = True
        r = c.post('/api/v1/auth/login', {'login': 'it@pemda.test', 'password': PW})
        t.status(r, 200, 'deb-16 the first admin signs in through nginx with TLS')
        c.csrf = r.json['csrf_token']
        r = c.post('/api/v1/services', {'name': 'Jaringan', 'kind': 'ticket'})
        sid = (r.json or {}).get('id')
        r = c.post('/api/v1/tickets', {'title': 'Internet mati', 'description': 'lantai 2',
                                       'service_id': sid})
        number = (r.json or {}).get('number')
        t.ok(r.status == 201 and number, 'deb-17 a ticket is created through nginx', r)
        # The client address through nginx: a client at 127.0.0.2 sending
        # its own X-Forwarded-For is recorded as 127.0.0.2 (nginx replaces
        # the header, Loket trusts it only from the proxy at 127.0.0.1).
        tok = c.post('/api/v1/tokens', {'name': 'xff'}).json['token']
        r = run(['curl', '-ks', '--interface', '127.0.0.2', '-o', '/dev/null', '-w', '%{http_code}',
                 '-H', 'Authorization: Bearer ' + tok, '-H', 'X-Forwarded-For: 203.0.113.9',
                 '-H', 'Content-Type: application/json', '-d', '{"name":"Lewat proksi"}',
                 'https://127.0.0.1:%d/api/v1/units' % https_port])
        audit = c.get('/api/v1/audit?resource=units').json['items']
        t.eq((r.stdout, [a['ip'] for a in audit][:1]), ('201', ['127.0.0.2']),
             'deb-17b the address nginx saw reaches the audit log, a forged one does not')
        t.ok(srv.stop() == 0, 'deb-18 the server stops cleanly on SIGTERM')
        srv = None
        srv = Loket(port, tmp + '/loket.log')
        r = c.get('/api/v1/tickets/%s' % number)
        t.eq((r.status, (r.json or {}).get('title')), (200, 'Internet mati'),
             'deb-19 the ticket is there after a restart')
        t.ok(srv.stop() == 0, 'deb-20 the server stops cleanly again')
        srv = None

        run(['dpkg-deb', '-x', old[0], tmp + '/oldroot'])
        p = as_loket([tmp + '/oldroot/usr/bin/loket', 'init'])
        t.ok(p.returncode == 1 and 'newer version' in p.stderr,
             'deb-21 the older binary refuses the upgraded database', p.stderr)
        p = run(['systemd-analyze', 'verify', '--man=no', '/lib/systemd/system/loket.service'])
        t.ok(p.returncode == 0 and not p.stderr.strip(), 'deb-22 systemd-analyze verify the unit',
             p.stderr)

        p = run(['apt-get', 'purge', '-y', 'loket'], env=env)
        gone = [f for f in (DATA, '/etc/loket', '/usr/bin/loket', '/usr/share/loket',
                            '/lib/systemd/system/loket.service') if os.path.exists(f)]
        t.ok(p.returncode == 0 and not gone, 'deb-23 purge removes the package and its data',
             '%s %s' % (gone, p.stderr))
    finally:
        if srv:
            srv.stop()
        if nginx:
            nginx.terminate()
            nginx.wait(10)
        if os.path.exists('/usr/bin/loket'):
            run(['apt-get', 'purge', '-y', 'loket'])
        if t.failed:
            print('# kept %s' % tmp)
        else:
            shutil.rmtree(tmp, True)


if __name__ == '__main__':
    why = skip_reason()
    if why:
        print('1..1\nok 1 # SKIP %s' % why)
        sys.exit(0)
    Tap().run(main)
