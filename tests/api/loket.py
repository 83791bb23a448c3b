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

(or sql(target, ...) / sql_exec(target, ...) with srv.db_target, or a SQLite path
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


def pg_database(template=None):
    """A fresh database on the test cluster: (name, URL); a copy of
    template when given (pg_template)."""
    _pg_serial[0] += 1
    name = 'loket_api_%d_%d_%d' % (os.getpid(), int(time.time()), _pg_serial[0])
    pg_admin('CREATE DATABASE %s%s' % (name, ' TEMPLATE ' + template if template else ''))
    return name, pg_url_with_db(PG_BASE, name)


# `loket init` on PostgreSQL costs seconds (the desk demo's ~200 tickets go
# through the ticket service: thousands of round trips), so each init
# flavour (INIT_ARGS) runs once and every server gets a copy of its result
# (CREATE DATABASE ... TEMPLATE, a file copy in the cluster). Safe because
# init's result depends on nothing a test sets but the database URL
# (src/cli/init.c: migrations, the token key, the demo rows; its data
# directory stays empty on PostgreSQL); it is made when first needed, so
# its rows (the desk's ticket times) are at most a run older than the
# server's start (a test of what the server adds later takes rows newer
# than srv.started_at). With LOKET_TEST_PG_RUN (set by
# tests/pg/api_on_pg.sh, which drops the templates afterwards) the
# templates are shared by every test of that run, else they belong to this
# process and go at exit. A test that needs another init passes its own
# LOKET_DB_URL.
INIT_ARGS = {'desk': ['--demo'], 'base': ['--demo-base'], 'none': []}
_pg_templates = {}


def init_flavour(demo):
    """Server(demo=...) as a key of INIT_ARGS."""
    return {'desk': 'desk', False: 'none', None: 'none'}.get(demo, 'base')


def _pg_exists(name):
    out = _psql(PG_BASE, "SELECT 1 FROM pg_database WHERE datname = '%s'" % name)
    return out.strip() == '1'


def _pg_drop_templates():
    for name in _pg_templates.values():
        subprocess.run(['psql', '-qX', PG_BASE, '-c', 'DROP DATABASE IF EXISTS %s' % name],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pg_template(flavour):
    """The name of the database `loket init` of this flavour made (made
    now if needed): never connected to again, only copied."""
    if flavour in _pg_templates:
        return _pg_templates[flavour]
    run = os.environ.get('LOKET_TEST_PG_RUN', '')
    owner = ''.join(c for c in run.lower() if c.isalnum())[:24] or 'p%d' % os.getpid()
    name = 'loket_tpl_%s_%s' % (owner, flavour)
    if not run and _pg_exists(name):  # a dead process's leftover (pid reused) may be older
        pg_admin('DROP DATABASE %s' % name)
    if not run or not _pg_exists(name):
        # made under a name of its own, then renamed: two tests of a run
        # starting at once both make one, the second rename fails
        tmp, url = pg_database()
        env = dict(os.environ, LOKET_DB_URL=url,
                   LOKET_DATA_DIR=tempfile.mkdtemp(prefix='loket-tpl-'))
        p = subprocess.run([BIN, 'init'] + INIT_ARGS[flavour], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        shutil.rmtree(env['LOKET_DATA_DIR'], ignore_errors=True)
        if p.returncode != 0:
            pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % tmp)
            raise RuntimeError('init %s failed (exit %d): %s' % (
                ' '.join(INIT_ARGS[flavour]), p.returncode, p.stderr.strip()[-500:]))
        r = subprocess.run(['psql', '-qX', '-v', 'ON_ERROR_STOP=1', PG_BASE, '-c',
                            'ALTER DATABASE %s RENAME TO %s' % (tmp, name), '-c',
                            'ALTER DATABASE %s WITH ALLOW_CONNECTIONS false' % name],
                           capture_output=True, text=True)
        if r.returncode != 0:
            pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % tmp)
            if not _pg_exists(name):
                raise RuntimeError('template %s: %s' % (name, r.stderr.strip()))
        elif not run and not _pg_templates:
            atexit.register(_pg_drop_templates)
    _pg_templates[flavour] = name
    return name


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


class PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows

    def __iter__(self):
        return iter(self.rows)


class PgDb:
    """The server's PostgreSQL database with the little of sqlite3.Connection
    the tests use (Server.db()): execute(sql, args) with ? placeholders,
    fetchone/fetchall rows as tuples of Python values (numbers stay
    numbers: each row travels as JSON), commit/close do nothing (every
    statement commits by itself). A write also sends NOTIFY loket_gen, as
    Loket's own commits do, so servers see it like another node's write
    (a write outside Loket is otherwise not noticed: docs/postgresql.md).
    psql underneath: standard library only."""

    def __init__(self, url):
        self.url = url

    def execute(self, sql, args=()):
        sql = _pg_query(sql.strip().rstrip(';'), args)
        head = sql.split(None, 1)[0].upper() if sql else ''
        rows = head in ('SELECT', 'WITH', 'VALUES') or ' RETURNING ' in sql.upper()
        if rows:
            if head in ('SELECT', 'WITH', 'VALUES'):
                sql = 'SELECT row_to_json(q) FROM (%s) q' % sql
            else:
                sql = 'WITH q AS (%s) SELECT row_to_json(q) FROM q' % sql
        if head in ('INSERT', 'UPDATE', 'DELETE'):
            sql += "; NOTIFY loket_gen, 'conf'"  # one transaction with the write (-c)
        p = subprocess.run(['psql', '-qXAt', '-v', 'ON_ERROR_STOP=1', self.url, '-c', sql],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError('psql: %s' % p.stderr.strip())
        if not rows:
            return PgCursor([])
        return PgCursor([tuple(json.loads(l, object_pairs_hook=lambda kv: [v for _, v in kv]))
                         for l in p.stdout.splitlines() if l])

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


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
    PostgreSQL URL (Server.db_target). See the header comment."""
    if _is_pg(target):
        # row_to_json keeps the columns' order and JSON types; a CTE also
        # takes INSERT/UPDATE ... RETURNING
        out = _psql(target, 'WITH q AS (%s) SELECT row_to_json(q) FROM q'
                    % _pg_query(query.rstrip().rstrip(';'), params))
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
        flavour = init_flavour(demo)
        if PG_BASE and 'LOKET_DB_URL' not in (env or {}):
            # the init below then finds everything done (pg_template)
            self.pg_db, self.env['LOKET_DB_URL'] = pg_database(pg_template(flavour))
        url = self.env.get('LOKET_DB_URL', '')
        # where sql()/sql_exec() go: the PostgreSQL URL or the SQLite file
        self.pg = _is_pg(url)
        self.db_target = url if self.pg else (url[len('sqlite:'):] if url.startswith('sqlite:')
                                       else url or os.path.join(self.dir, 'loket.db'))
        # demo=True: the demo without the desk's tickets and FAQ (many tests
        # count tickets from an empty desk); demo='desk': all of `make run`'s
        args = [BIN, 'init'] + INIT_ARGS[flavour]
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
        self.started_at = time.time()  # rows the server writes are not older
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

    def discard(self):
        """Removes what stop(keep=True) kept, once the test is done with it."""
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.pg_db:
            pg_admin('DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.pg_db)

    def db(self):
        """The server's database for direct reads and writes, every
        statement committed by itself: a sqlite3.Connection in autocommit
        on SQLite, a PgDb (the same execute/fetchone/commit) on PostgreSQL,
        so a test written with it runs on both."""
        if self.pg_db:
            return PgDb(self.env['LOKET_DB_URL'])
        import sqlite3
        return sqlite3.connect(os.path.join(self.dir, 'loket.db'), isolation_level=None,
                               timeout=30)

    def sql(self, query, params=()):
        """Rows (tuples) of one query on this server's database."""
        return sql(self.db_target, query, params)

    def sql_exec(self, query, params=()):
        """One writing statement on this server's database; rows changed."""
        return sql_exec(self.db_target, query, params)

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
