"""write_locked(srv): a context in which another connection holds the
server's database write lock, for tests of what `loket mail-in` and the IMAP
poller answer when the database is busy (EX_TEMPFAIL, retried later). On
SQLite that is BEGIN EXCLUSIVE on the file; on PostgreSQL the write lock
every loket write transaction takes (the advisory lock of store/pg/tx.c),
held by a psql session until the block ends. Reading and writing rows goes
through srv.sql (loket.py), not here."""
import contextlib
import sqlite3
import subprocess

# store/pg/tx.c WRITE_LOCK: 'loket' 'w'
PG_WRITE_LOCK = 7813502736210243


@contextlib.contextmanager
def write_locked(srv):
    if srv.pg:
        p = subprocess.Popen(['psql', '-qAtX', '-v', 'ON_ERROR_STOP=1', '-d', srv.db_target],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            p.stdin.write('BEGIN; SELECT 1 FROM (SELECT pg_advisory_xact_lock(%d)) l;\n'
                          % PG_WRITE_LOCK)
            p.stdin.flush()
            if p.stdout.readline().strip() != '1':  # the lock is held from here
                raise RuntimeError('write_locked: psql did not take the lock')
            yield
        finally:
            p.stdin.write('ROLLBACK;\n')
            p.stdin.close()
            p.wait(10)
        return
    lock = sqlite3.connect(srv.db_target, isolation_level=None)
    try:
        lock.execute('BEGIN EXCLUSIVE')
        yield
        lock.execute('ROLLBACK')
    finally:
        lock.close()
