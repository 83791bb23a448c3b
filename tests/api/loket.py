"""Test harness for API tests written in Python (stdlib only).

Starts the real `loket` binary on a free loopback port with a fresh demo
database in a temporary directory, and offers a small JSON client with a
cookie jar per user. Tests print TAP through the `Tap` class so .ci/run
counts every check. Modelled on h2o's t/Util.pm (spawn_h2o, empty_port).

Reading and writing the server's database directly: never sqlite3.connect
on the data directory (the api suite also runs on PostgreSQL, see
LOKET_TEST_PG below), but

    srv.sql(query, params=())       -> list of row tuples
    srv.sql_exec(query, params=())  -> number of rows changed

(or sql(target, ...) / sql_exec(target, ...) with srv.db, or a SQLite path
or PostgreSQL URL, for a database without a Server). Both drivers keep the
same tables and columns (docs/postgresql.md); queries use `?` placeholders,
which become quoted literals on PostgreSQL. Each call is one autocommit
statement. On PostgreSQL it runs through psql (no Python driver needed) and
values come back as JSON types: integers as int, text as str, NULL as None
(bytea as '\\x...' text). `srv.pg` tells which driver runs, for the few
checks of one driver's own files (PRAGMA integrity_check ...)."""
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

BIN = os.environ.get('LOKET_BIN', 'build/loket')
SRC = os.environ.get('LOKET_SOURCE_DIR', '.')
PASSWORD = 'loket-demo'


# With LOKET_TEST_PG (a base URL such as postgresql://loket@127.0.0.1:PORT/
# postgres, from tests/pg/cluster.sh url), each server gets a fresh
# PostgreSQL database as LOKET_DB_URL instead of a SQLite file
# (docs/postgresql.md, "Running the API tests on PostgreSQL").
PG_BASE = os.environ.get('LOKET_TEST_PG', '')
_pg_serial = [0]


def pg_url_with_db(base, name):
    """base with its database (the URL's path) replaced by name."""
    from urllib.parse import urlsplit, urlunsplit
    u = urlsplit(base)
    return urlunsplit((u.scheme, u.netloc, '/' + name, u.query, u.fragment))


def pg_admin(sql):
    subprocess.run(['psql', '-qX', '-v', 'ON_ERROR_STOP=1', PG_BASE, '-c', sql], check=True,
                   stdout=subprocess.DEVNULL)


def pg_database():
    """A fresh database on the test cluster: (name, URL)."""
    _pg_serial[0] += 1
    name = 'loket_api_%d_%d_%d' % (os.getpid(), int(time.time()), _pg_serial[0])
    pg_admin('CREATE DATABASE ' + name)
    return name, pg_url_with_db(PG_BASE, name)


def _pg_literal(v):
    """v as a PostgreSQL literal (standard_conforming_strings is on)."""
    if v is None:
        return 'NULL'
    if isinstance(v, bool):
        return '1' if v else '0'  # flags are 0/1 integers on both drivers
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (bytes, bytearray)):
        return "'\\x%s'::bytea" % bytes(v).hex()
    return "'%s'" % str(v).replace("'", "''")


def _pg_query(query, params):
    """query with each `?` outside quotes replaced by the next parameter."""
    out, quote, it = [], None, iter(params)
    for ch in query:
        if quote:
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
        elif ch == '?':
            out.append(_pg_literal(next(it)))
            continue
        out.append(ch)
    return ''.join(out)


def _psql(url, query):
    p = subprocess.run(['psql', '-AtqX', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError('psql: %s\n  in: %s' % (p.stderr.strip(), query))
    return p.stdout


def _is_pg(target):
    return target.startswith(('postgresql://', 'postgres://'))


def sql(target, query, params=()):
    """Rows (tuples) of one query on target: a SQLite file's path or a
    PostgreSQL URL (Server.db). See the header comment."""
    if _is_pg(target):
        # row_to_json keeps the columns' order and JSON types; a CTE also
        # takes INSERT/UPDATE ... RETURNING
        out = _psql(target, 'WITH q AS (%s) SELECT row_to_json(q) FROM q'
                    % _pg_query(query, params))
        row = lambda pairs: tuple(v for _, v in pairs)  # noqa: E731 (duplicate names kept)
        return [json.loads(l, object_pairs_hook=row) for l in out.splitlines() if l]
    import sqlite3
    db = sqlite3.connect(target, timeout=30, isolation_level=None)
    try:
        return db.execute(query, params).fetchall()
    finally:
        db.close()


def sql_exec(target, query, params=()):
    """Runs one writing statement on target, committed; rows changed."""
    if _is_pg(target):
        p = subprocess.run(['psql', '-AtX', '-v', 'ON_ERROR_STOP=1', '-d', target, '-c',
                            _pg_query(query, params)], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError('psql: %s\n  in: %s' % (p.stderr.strip(), query))
        tag = p.stdout.strip().splitlines()[-1].split() if p.stdout.strip() else []
        return int(tag[-1]) if tag and tag[-1].isdigit() else 0
    import sqlite3
    db = sqlite3.connect(target, timeout=30, isolation_level=None)
    try:
        return db.execute(query, params).rowcount
    finally:
        db.close()


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """A loket serve process with its own data directory."""

    def __init__(self, env=None, demo=True, scheme='http'):
        self.dir = tempfile.mkdtemp(prefix='loket-test-')
        self.port = free_port()
        self.env = dict(os.environ, LOKET_DATA_DIR=self.dir, LOKET_ACCESS_LOG='false',
                        LOKET_WEB_DIR=os.path.join(SRC, 'web'))
        self.env.update(env or {})
        self.pg_db = None
        if PG_BASE and 'LOKET_DB_URL' not in (env or {}):
            self.pg_db, self.env['LOKET_DB_URL'] = pg_database()
        url = self.env.get('LOKET_DB_URL', '')
        # where sql()/sql_exec() go: the PostgreSQL URL or the SQLite file
        self.pg = _is_pg(url)
        self.db = url if self.pg else (url[len('sqlite:'):] if url.startswith('sqlite:')
                                       else url or os.path.join(self.dir, 'loket.db'))
        # demo=True: the demo without the desk's tickets and FAQ (many tests
        # count tickets from an empty desk); demo='desk': all of `make run`'s
        args = [BIN, 'init'] + ({'desk': ['--demo'], False: [], None: []}.get(demo, ['--demo-base']))
        p = subprocess.run(args, env=self.env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            if self.pg_db:  # nothing to look at: do not leave it behind
                pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.pg_db)
            raise RuntimeError('%s failed (exit %d): %s' % (' '.join(args[1:]), p.returncode,
                                                            p.stderr.strip()[-500:]))
        self.log = open(os.path.join(self.dir, 'server.log'), 'w')
        self.scheme = scheme
        self._spawn()

    def _spawn(self):
        self.proc = subprocess.Popen(
            [BIN, 'serve', '--listen', '127.0.0.1:%d' % self.port], env=self.env,
            stdout=self.log, stderr=self.log)
        self.url = '%s://127.0.0.1:%d' % (self.scheme, self.port)
        deadline = time.time() + 10
        while time.time() < deadline:
            p = subprocess.run(['curl', '-sk', '-o', '/dev/null', '-w', '%{http_code}',
                                self.url + '/healthz'], capture_output=True, text=True)
            if p.stdout == '200':
                return
            time.sleep(0.05)
        raise RuntimeError('server did not start; see %s/server.log' % self.dir)

    def restart(self, env=None):
        """SIGTERM, then a new server on the same data directory and a new
        port, with env changed (a None value removes the variable)."""
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        for k, v in (env or {}).items():
            if v is None:
                self.env.pop(k, None)
            else:
                self.env[k] = v
        self.port = free_port()
        self._spawn()

    def stop(self, keep=False):
        """SIGTERM, wait, and report whether the server exited cleanly: exit
        status 0 and no sanitizer report in its log. Returns (ok, detail)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        with open(os.path.join(self.dir, 'server.log'), errors='replace') as f:
            log = f.read()
        bad = [l for l in log.splitlines()
               if 'Sanitizer' in l or 'runtime error:' in l]
        ok = self.proc.returncode == 0 and not bad
        detail = 'exit %s\n%s' % (self.proc.returncode, '\n'.join(bad[:20]))
        if keep or not ok:
            print('# kept %s' % self.dir + (' and database %s' % self.pg_db if self.pg_db else ''))
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
            if self.pg_db:
                pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.pg_db)
        return ok, detail

    def sql(self, query, params=()):
        """Rows (tuples) of one query on this server's database."""
        return sql(self.db, query, params)

    def sql_exec(self, query, params=()):
        """One writing statement on this server's database; rows changed."""
        return sql_exec(self.db, query, params)

    def client(self, login=None, password=PASSWORD):
        c = Client(self.url)
        if login:
            r = c.post('/api/v1/auth/login', {'login': login, 'password': password})
            if r.status != 200:
                raise RuntimeError('login %s: %d %s' % (login, r.status, r.body))
            c.csrf = r.json['csrf_token']
            c.user = r.json['user']
        return c


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def code(self):
        return (self.json or {}).get('error', {}).get('code')

    def __repr__(self):
        return '%d %s' % (self.status, self.body[:300])


class Headers(dict):
    """Case-insensitive header lookup (last value wins)."""

    def get(self, key, default=None):
        return dict.get(self, key.lower(), default)


class Client:
    """HTTP through libcurl (the curl command), one cookie jar per client.

    Using curl keeps these tests honest about the wire: real HTTP/1.1 with
    the same library the integration rig and operators use."""

    def __init__(self, base):
        self.base = base
        self.tmp = tempfile.mkdtemp(prefix='loket-client-')
        atexit.register(shutil.rmtree, self.tmp, True)
        self.jar = os.path.join(self.tmp, 'cookies')
        self.csrf = None
        self.user = None
        self.seq = 0
        self.insecure = False

    def request(self, method, path, body=None, headers=None, raw=None, content_type=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h['Content-Type'] = 'application/json'
        if content_type:
            h['Content-Type'] = content_type
        if self.csrf and method not in ('GET', 'HEAD'):
            h.setdefault('X-CSRF-Token', self.csrf)
        self.seq += 1
        hdr_file = os.path.join(self.tmp, 'h%d' % self.seq)
        args = ['curl', '-sS', '-X', method, '-b', self.jar, '-c', self.jar, '-D', hdr_file,
                '-o', '-', '--max-time', '60', '-H', 'Expect:', '--path-as-is']
        if self.insecure:
            args.append('-k')
        for k, v in h.items():
            args += ['-H', '%s: %s' % (k, v)]
        if data is not None:
            args += ['--data-binary', '@-']
        args.append(self.base + path)
        p = subprocess.run(args, input=data, capture_output=True)
        if p.returncode != 0:
            raise RuntimeError('curl %s %s: %s' % (method, path, p.stderr.decode()))
        status, headers = 0, Headers()
        with open(hdr_file, encoding='latin-1') as f:
            for line in f:
                line = line.rstrip('\r\n')
                if line.startswith('HTTP/'):
                    status, headers = int(line.split()[1]), Headers()
                elif ':' in line:
                    k, v = line.split(':', 1)
                    headers[k.strip().lower()] = v.strip()
        os.unlink(hdr_file)
        return Response(status, headers, p.stdout.decode('utf-8', 'replace'))

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.request('POST', path, body if body is not None else {}, **kw)

    def patch(self, path, body, **kw):
        return self.request('PATCH', path, body, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def upload(self, path, filename, content, fields=None):
        boundary = '----loketboundary7MA4YWxkTrZu0gW'
        parts = []
        for k, v in (fields or {}).items():
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                          % (boundary, k, v)).encode())
        parts.append(('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
                      'Content-Type: application/octet-stream\r\n\r\n'
                      % (boundary, filename)).encode() + content + b'\r\n')
        parts.append(('--%s--\r\n' % boundary).encode())
        return self.request('POST', path, raw=b''.join(parts),
                            content_type='multipart/form-data; boundary=' + boundary)


class Tap:
    """Minimal TAP producer: tap.ok(cond, name); tap.eq(got, want, name)."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        if cond:
            print('ok %d - %s' % (self.n, name))
        else:
            self.failed += 1
            print('not ok %d - %s' % (self.n, name))
            if detail is not None:
                for line in str(detail).splitlines():
                    print('#   ' + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, 'got:  %r\nwant: %r' % (got, want))

    def status(self, resp, want, name):
        return self.ok(resp.status == want, name, 'got %r' % (resp,))

    def run(self, fn):
        """Runs fn(tap); an exception counts as one failure. Exits with status."""
        try:
            fn(self)
        except Exception:  # noqa: BLE001 - report anything as a failed check
            self.ok(False, 'no exception', traceback.format_exc())
        print('1..%d' % self.n)
        sys.exit(1 if self.failed else 0)


def run_on_server(prefix, fn, **server_kw):
    """Tap().run of fn(t, srv) on a fresh Server, then the check that it
    stops cleanly ('<prefix>-9 server exits cleanly'); its directory is kept
    when a check failed."""
    def main(t):
        srv = Server(**server_kw)
        try:
            fn(t, srv)
        finally:
            ok, detail = srv.stop(keep=t.failed > 0)
            t.ok(ok, '%s-9 server exits cleanly' % prefix, detail)
    Tap().run(main)


def make_png(w=8, h=8):
    """A w x h grey PNG with correct checksums: one that image libraries
    (cairo for letter logos) decode, unlike a truncated fixture."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    raw = b''.join(b'\x00' + b'\x80\x80\x80' * w for _ in range(h))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def file_ticket(c, title, description='x'):
    """Files a ticket as client c on the first ticket service; its number."""
    svc = [s for s in c.get('/api/v1/services?per_page=200').json['items']
           if s['kind'] == 'ticket'][0]['id']
    return c.post('/api/v1/tickets', {'title': title, 'description': description,
                                      'service_id': svc}).json['number']
