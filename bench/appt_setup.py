#!/usr/bin/env python3
"""Data for bench/appointments.sh (issue #16): PEOPLE requesters, each with
an API token of their own (so every booking is a different person's, as on
a real morning), one token for the hot service's staff (agent@demo.test),
and the hot service (Klinik Pratama - Poli Umum) given room for a benchmark:
5-minute slots of CAPACITY places (default 6) and QUOTA a day (default 500,
a big hospital poli's day), so slots fill one after another and the
per-slot capacity is really reached under load.

Tokens are written straight into the database the way the server stores
them (keyed BLAKE2b of the token, src/auth/crypto.c) before it starts.
Usage: appt_setup.py DATA_DIR PEOPLE TOKENS_FILE [CAPACITY QUOTA] -> prints the
service id."""
import hashlib
import os
import secrets
import sqlite3
import sys

SERVICE = 'Klinik Pratama - Poli Umum'
SLOT_MINUTES = 5


def main():
    data_dir, people, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    capacity = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    quota = int(sys.argv[5]) if len(sys.argv) > 5 else 500
    db = sqlite3.connect(os.path.join(data_dir, 'loket.db'))
    row = db.execute("SELECT value FROM settings WHERE key = 'token_key'").fetchone()
    if row:
        key = bytes.fromhex(row[0])
    else:
        key = secrets.token_bytes(32)
        db.execute("INSERT INTO settings (key, value) VALUES ('token_key', ?)", (key.hex(),))
    unit = db.execute("SELECT id FROM units ORDER BY id LIMIT 1").fetchone()[0]
    now = '2026-01-01T00:00:00Z'
    db.executemany(
        "INSERT INTO users (name, email, role, unit_id, locale, active, created_at, updated_at) "
        "VALUES (?, ?, 'requester', ?, 'id', 1, ?, ?)",
        (('Pasien Beban %d' % i, 'pasien%d@bench.test' % i, unit, now, now)
         for i in range(people)))
    ids = [r[0] for r in db.execute(
        "SELECT id FROM users WHERE email LIKE 'pasien%@bench.test' ORDER BY id")]
    staff = db.execute("SELECT id FROM users WHERE email = 'agent@demo.test'").fetchone()[0]
    tokens = []
    for uid in ids + [staff]:
        tok = secrets.token_hex(32)
        h = hashlib.blake2b(tok.encode(), digest_size=32, key=key).digest()
        db.execute("INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                   "VALUES (?, 'bench', ?, 0)", (uid, h))
        tokens.append(tok)
    sid = db.execute("SELECT id FROM services WHERE name = ?", (SERVICE,)).fetchone()[0]
    db.execute("UPDATE schedules SET slot_minutes = ?, capacity_per_slot = ?, daily_quota = ? "
               "WHERE service_id = ?", (SLOT_MINUTES, capacity, quota, sid))
    db.commit()
    with open(out, 'w') as f:
        f.write('\n'.join(tokens) + '\n')  # the last line is the staff's token
    print(sid)


if __name__ == '__main__':
    main()
