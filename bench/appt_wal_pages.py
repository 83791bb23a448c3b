#!/usr/bin/env python3
"""WAL pages a booking writes, with the indexes before and after migration
0035 (issue #16, bench/README.md appointments, sixth pass).

Copies a migrated database (`loket init --demo --data-dir DIR`), drops its
triggers (the group-commit writer runs with them off) and writes, per
booking, the rows the writer does: the ticket counter, the ticket, its
search-queue row, two events, the booking, its slot counter and the
confirmation's outbox row; PER_COMMIT bookings a transaction. Prints WAL
frames per booking for the schema as it is and with 0035 undone.
Usage: bench/appt_wal_pages.py DIR/loket.db [PER_COMMIT]   (default 8)
"""
import os
import shutil
import sqlite3
import sys

UNDO_0035 = """
DROP INDEX tickets_first_response_due;
CREATE INDEX tickets_first_response_due ON tickets(first_response_due)
    WHERE status IN ('new', 'in_progress') AND first_response_at IS NULL
      AND NOT first_response_breached;
DROP INDEX tickets_resolution_due;
CREATE INDEX tickets_resolution_due ON tickets(resolution_due)
    WHERE status IN ('new', 'in_progress');
DROP INDEX tickets_assignee;
CREATE INDEX tickets_assignee ON tickets(assignee_id, status);
CREATE INDEX bookings_day_slot ON bookings(service_id, day, slot_start, seat)
    WHERE seat IS NOT NULL;
DROP INDEX bookings_queue;
CREATE UNIQUE INDEX bookings_queue ON bookings(service_id, day, queue_number)
    WHERE queue_number IS NOT NULL;
CREATE INDEX bookings_day_queue ON bookings(service_id, day, queue_number);
"""


def frames_per_booking(src, undo, per_commit, n=4000):
    p = '/tmp/appt-wal-pages.db'
    for s in ('', '-wal', '-shm'):
        if os.path.exists(p + s):
            os.remove(p + s)
    shutil.copy(src, p)
    db = sqlite3.connect(p, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL')
    db.execute('PRAGMA wal_autocheckpoint=0')
    db.execute('PRAGMA foreign_keys=OFF')  # made-up requesters; the pages are the same
    db.execute('PRAGMA ignore_check_constraints=ON')  # as the writer
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute('DROP TRIGGER "%s"' % t)
    if undo:
        db.executescript(UNDO_0035)
    db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    sid, cat, pri = db.execute("SELECT id, category_id, priority_id FROM services"
                               " WHERE kind = 'appointment' ORDER BY id LIMIT 1").fetchone()
    uid = db.execute('SELECT min(id) FROM users').fetchone()[0]
    db.execute('INSERT OR IGNORE INTO ticket_counters VALUES (2099, 0)')
    for i in range(n):
        if i % per_commit == 0:
            db.execute('BEGIN IMMEDIATE')
        day = '2099-01-%02d' % (1 + i // 1000)
        k = i % 1000
        slot = 4070908800 + (i // 1000) * 86400 + (k // 12) * 300
        now = 1765000000 + i
        db.execute('UPDATE ticket_counters SET last = last + 1 WHERE year = 2099')
        tid = db.execute(
            "INSERT INTO tickets (number, title, description, service_id, category_id,"
            " priority_id, requester_id, channel, status, tier, created_by, created_at,"
            " updated_at, priority_rank, booking) VALUES (?,?,?,?,?,?,?,'web','new',1,?,?,?,2,1)",
            ('WAL-2099-%06d' % i, 'Janji temu Poli Umum %s no. %d' % (day, k + 1),
             'Janji temu Poli Umum.\nNama: Orang %d\nUmur: 40\nJenis kelamin: L' % i,
             sid, cat, pri, uid, uid, now, now)).lastrowid
        db.execute('INSERT INTO ticket_fts_pending (ticket_id) VALUES (?)', (tid,))
        for kind, field, new in (('created', None, 'new'),
                                 ('booking', 'booking', 'booked %d #%d' % (slot, k + 1))):
            db.execute('INSERT INTO ticket_events (ticket_id, at, actor_id, kind, field,'
                       ' new_value) VALUES (?,?,?,?,?,?)', (tid, now, uid, kind, field, new))
        db.execute(
            "INSERT INTO bookings (ticket_id, service_id, requester_id, day, slot_start,"
            " queue_number, estimated_at, status, channel, seat, day_seat, answers, sensitive,"
            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,'booked','web',?,?,?,?,?,?)",
            (tid, sid, 1000000 + i, day, slot, k + 1, slot, k % 12 + 1, k + 1,
             '{"nama":"Orang %d","umur":"40","jk":"L"}' % i,
             '{"nik":"3171010101800001","lahir":"1980-01-01","keluhan":"Batuk"}', now, now))
        db.execute('INSERT INTO booking_slot_counts VALUES (?,?,?,1)'
                   ' ON CONFLICT DO UPDATE SET n = n + 1', (sid, day, slot))
        db.execute('INSERT INTO outbox (created_at, ticket_id, recipient_id, recipient, template,'
                   ' vars, next_attempt_at) VALUES (?,?,?,?,?,?,?)',
                   (now, tid, uid, 'orang%d@demo.test' % i, 'booking_confirmed', 'v' * 1400, now))
        if i % per_commit == per_commit - 1:
            db.execute('COMMIT')
    frames = (os.path.getsize(p + '-wal') - 32) / (4096 + 24)  # before close checkpoints it
    db.close()
    return frames / n


def main():
    src = sys.argv[1]
    per_commit = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    page = sqlite3.connect(src).execute('PRAGMA page_size').fetchone()[0]
    print('page size %d, %d bookings a commit' % (page, per_commit))
    print('before 0035: %.2f WAL frames a booking' % frames_per_booking(src, True, per_commit))
    print('after 0035:  %.2f WAL frames a booking' % frames_per_booking(src, False, per_commit))


if __name__ == '__main__':
    main()
