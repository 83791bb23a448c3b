#!/usr/bin/env python3
"""Fills a Loket database with N realistic tickets for benchmarks: the demo
units, services and people, statuses in a plausible mix, dates spread over
three years, a creation event per ticket, public comments on a third of them,
and a search-log row per ticket (`loket search-index` then builds the search
index). Writes straight into SQLite (bypassing the API) so a million tickets
take about a minute. With --attachments K, every K-th ticket also gets an
attachment: its row and its file under DATA_DIR/attachments, as an upload
leaves them (tests/pg/test_migrate_100k.py; off by default, and drawn from
a random generator of its own, so the tickets stay the same either way).
Given a PostgreSQL URL instead of a data directory, it writes the same rows
there (COPY through psql, one transaction; PostgreSQL indexes them for
search in its triggers, so no search-log rows) and ends with NOTIFY
loket_gen, so running servers see them (docs/postgresql.md).

usage: bench/gen_tickets.py DATA_DIR|POSTGRESQL_URL [N] [--attachments K]
       (run `loket init --demo` on it first)"""
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time


class Rows(list):
    def fetchone(self):
        return self[0] if self else None


class PgTarget:
    """The few sqlite3.Connection calls below, on PostgreSQL through psql:
    reads run at once; writes are collected and sent as one script (COPY
    for the bulk rows) at commit."""

    def __init__(self, url):
        self.url, self.script = url, []

    def execute(self, sql, args=()):
        if sql.startswith('PRAGMA'):
            return Rows()
        if sql.lstrip().upper().startswith('SELECT'):
            out = subprocess.run(['psql', '-qXAt', '-v', 'ON_ERROR_STOP=1', self.url, '-c',
                                  'SELECT row_to_json(q) FROM (%s) q' % sql],
                                 check=True, capture_output=True, text=True).stdout
            row = lambda kv: tuple(v for _, v in kv)  # noqa: E731 (columns in order)
            return Rows(json.loads(line, object_pairs_hook=row) for line in out.splitlines()
                        if line)
        self.script.append(pg_sql(sql, args) + ';')
        return Rows()

    def executemany(self, sql, rows):
        # INSERT INTO t (cols) VALUES (?,...) -> COPY t (cols) FROM STDIN
        head = sql.split(' VALUES ')[0].replace('INSERT INTO ', 'COPY ', 1)
        if 'ticket_fts_pending' in head:
            return  # PostgreSQL's search index is kept by triggers
        self.script.append(head + ' FROM STDIN;')
        self.script.extend('\t'.join(copy_field(v) for v in r) for r in rows)
        self.script.append('\\.')

    def commit(self):
        if not self.script:
            return
        body = '\n'.join(['BEGIN;'] + self.script + ["NOTIFY loket_gen, 'conf';", 'COMMIT;'])
        self.script = []
        subprocess.run(['psql', '-qX', '-v', 'ON_ERROR_STOP=1', self.url, '-f', '-'],
                       input=body + '\n', check=True, text=True, stdout=subprocess.DEVNULL)

    def close(self):
        self.commit()


def pg_sql(sql, args):
    """sql with each ? replaced by a literal (the statements below keep ? out
    of their quotes); SQLite's max() of two values is greatest() there."""
    parts = sql.replace('max(last, excluded.last)', 'greatest(ticket_counters.last, '
                        'excluded.last)').split('?')
    lit = ['NULL' if v is None else str(v) if isinstance(v, int) else
           "'%s'" % str(v).replace("'", "''") for v in args]
    return parts[0] + ''.join(l + p for l, p in zip(lit, parts[1:]))


def copy_field(v):
    if v is None:
        return '\\N'
    return str(v).replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def connect(target):
    if target.startswith(('postgresql://', 'postgres://')):
        return PgTarget(target)
    db = sqlite3.connect(target + '/loket.db')
    db.execute('PRAGMA journal_mode=WAL')
    db.execute('PRAGMA synchronous=OFF')
    # the rollup triggers' statement journals in memory, not a temporary
    # file written page by page (most of this script's system time); the
    # pages the batches touch kept in the cache
    db.execute('PRAGMA temp_store=MEMORY')
    db.execute('PRAGMA cache_size=-262144')
    return db

WORDS = ('jaringan internet lambat putus printer tidak bisa mencetak akun surel lupa kata '
         'sandi aplikasi simpeg gagal login laptop rusak layar biru data statistik sektoral '
         'permintaan akses vpn server kantor wifi ruang rapat email dinas pembaruan sistem '
         'formulir unggah dokumen tanda tangan elektronik sertifikat kedaluwarsa').split()
STATUSES = ['closed'] * 55 + ['resolved'] * 10 + ['cancelled'] * 5 + ['in_progress'] * 15 + \
           ['new'] * 10 + ['waiting'] * 5
CHANNELS = ['web'] * 6 + ['email', 'whatsapp', 'phone', 'walk_in']


def sentence(rng, n):
    return ' '.join(rng.choice(WORDS) for _ in range(n))


def attachment(data_dir, rng, tid, uploader, at):
    """An attachment row's values; its file (random bytes, 1-4 KB) written
    where the server keeps uploads: attachments/<2 chars>/<random name>."""
    body = rng.randbytes(rng.randrange(1024, 4096))
    name = '%032x' % rng.getrandbits(128)
    path = os.path.join(data_dir, 'attachments', name[:2])
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), 'wb') as f:
        f.write(body)
    return (tid, uploader, 'lampiran-%d.pdf' % tid, 'application/pdf', len(body),
            hashlib.sha256(body).hexdigest(), name[:2] + '/' + name, at)


def main():
    args = sys.argv[1:]
    attach_every = 0
    if '--attachments' in args:
        i = args.index('--attachments')
        attach_every = int(args[i + 1])
        del args[i:i + 2]
    data_dir = args[0]
    n = int(args[1]) if len(args) > 1 else 1000000
    arng = random.Random(19)
    db = connect(data_dir)
    rng = random.Random(2026)
    # (ORDER BY id: the same choices on both drivers)
    services = [r[0] for r in db.execute("SELECT id FROM services WHERE kind = 'ticket'"
                                         " ORDER BY id")]
    rank = dict(db.execute('SELECT id, rank FROM priorities ORDER BY id'))
    prios = list(rank)
    agents = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'agent' ORDER BY id")]
    # more requesters so per-unit and per-requester lists look real
    units = [r[0] for r in db.execute('SELECT id FROM units ORDER BY id')]
    now = int(time.time())
    for i in range(500):
        db.execute("INSERT INTO users (name, email, role, unit_id, locale, active, created_at,"
                   " updated_at) VALUES (?, ?, 'requester', ?, 'id', 1, '2026-01-01T00:00:00Z',"
                   " '2026-01-01T00:00:00Z')",
                   ('Pegawai %d' % i, 'pegawai%d@bench.test' % i, rng.choice(units)))
    db.commit()
    reqs = list(db.execute("SELECT id, unit_id FROM users WHERE role = 'requester' ORDER BY id"))
    start = now - 3 * 365 * 86400
    # numbers go on after the demo's own tickets (init --demo creates some)
    counters = dict(db.execute('SELECT year, last FROM ticket_counters'))
    t0 = time.time()
    batch_t, batch_e, batch_f, batch_a = [], [], [], []
    next_id = (db.execute('SELECT coalesce(max(id), 0) FROM tickets').fetchone()[0]) + 1
    for k in range(n):
        created = start + int((now - start) * k / n) + rng.randrange(60)
        year = time.gmtime(created + 7 * 3600).tm_year
        counters[year] = counters.get(year, 0) + 1
        number = 'LKT-%d-%06d' % (year, counters[year] % 1000000)
        rid, unit = rng.choice(reqs)
        status = rng.choice(STATUSES)
        resolved = created + rng.randrange(3600, 5 * 86400) if status in ('resolved', 'closed') else None
        title = sentence(rng, rng.randrange(3, 7)).capitalize()
        desc = sentence(rng, rng.randrange(8, 25))
        assignee = rng.choice(agents) if status != 'new' else None
        due = created + 86400
        tid = next_id + k
        prio = rng.choice(prios)
        batch_t.append((tid, number, title, desc, rng.choice(services), prio, rank[prio], rid,
                        unit, rng.choice(CHANNELS), status, assignee, created, resolved or created,
                        created + 1800 if status != 'new' else None, resolved,
                        resolved + 86400 if status == 'closed' else None, created + 7200, due,
                        1 if (resolved or now) > due else 0,
                        rng.randrange(3, 6) if status == 'closed' else None,
                        'Selesai ditangani' if resolved else None))
        batch_e.append((tid, created, rid, 'created', 'new', None))
        if k % 3 == 0:
            batch_e.append((tid, created + 600, rid, 'comment', None, sentence(rng, 10)))
        batch_f.append((tid,))
        if attach_every and k % attach_every == 0:
            batch_a.append(attachment(data_dir, arng, tid, rid, created + 300))
        if len(batch_t) == 20000 or k == n - 1:
            db.executemany(
                'INSERT INTO tickets (id, number, title, description, service_id, priority_id,'
                ' priority_rank, requester_id, unit_id, channel, status, assignee_id, created_at, updated_at,'
                ' first_response_at, resolved_at, closed_at, first_response_due, resolution_due,'
                ' resolution_breached, rating, resolution_summary)'
                ' VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', batch_t)
            db.executemany('INSERT INTO ticket_events (ticket_id, at, actor_id, kind, new_value,'
                           ' body) VALUES (?,?,?,?,?,?)', batch_e)
            # the search index (loket-search.db) is built from this log by
            # `loket search-index` or the server's indexer
            db.executemany('INSERT INTO ticket_fts_pending (ticket_id) VALUES (?)', batch_f)
            db.executemany('INSERT INTO attachments (ticket_id, uploader_id, filename,'
                           ' content_type, size, sha256, stored_name, created_at)'
                           ' VALUES (?,?,?,?,?,?,?,?)', batch_a)
            db.commit()
            batch_t, batch_e, batch_f, batch_a = [], [], [], []
            print('\r%d tickets, %.0f/s' % (k + 1, (k + 1) / (time.time() - t0)), end='',
                  file=sys.stderr)
    # Settle what the server's SLA sweep would have done over those three
    # years, or the first hour of every benchmark is the sweep working off
    # ~100k breaches and ~100k auto-closes, 500 at a time, beside the load.
    db.execute("UPDATE tickets SET first_response_breached = 1 WHERE status IN ('new',"
               " 'in_progress') AND first_response_at IS NULL AND first_response_due <= ?",
               (now,))
    db.execute("UPDATE tickets SET status = 'closed', closed_at = resolved_at + 3 * 86400"
               " WHERE status = 'resolved' AND resolved_at <= ?", (now - 10 * 86400,))
    for year, last in counters.items():
        db.execute('INSERT INTO ticket_counters (year, last) VALUES (?, ?) ON CONFLICT (year)'
                   ' DO UPDATE SET last = max(last, excluded.last)', (year, last))
    if isinstance(db, PgTarget):
        # ids were given: the identity goes on after them
        db.script.append("SELECT setval(pg_get_serial_sequence('tickets', 'id'), max(id))"
                         " FROM tickets;")
        db.close()
        print('\ndone: %d tickets in %.1fs' % (n, time.time() - t0), file=sys.stderr)
        return
    db.commit()
    # only statistics: a server writing beside us may refuse the upgrade at
    # once (SQLITE_BUSY_SNAPSHOT, no busy wait), so a few tries, then without
    for _ in range(20):
        try:
            db.execute('PRAGMA optimize')
            break
        except sqlite3.OperationalError:
            time.sleep(0.1)
    db.close()
    print('\ndone: %d tickets in %.1fs' % (n, time.time() - t0), file=sys.stderr)


if __name__ == '__main__':
    main()
