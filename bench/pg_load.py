#!/usr/bin/env python3
"""Copies a benchmark SQLite database (bench/gen_tickets.py) into a freshly
migrated PostgreSQL database for bench/pg.sh, so both drivers are measured
on the same rows. Not `migrate-db` (issue 19 item 4): a bench-only bulk copy
with psql COPY, every table both schemas have, the columns both have, with
triggers and foreign keys off (session_replication_role = replica: the
rollups such as report_daily are copied, not recomputed), then every
identity sequence set past its largest id. BLOB columns travel as hex.

usage: bench/pg_load.py SQLITE_FILE POSTGRES_URL"""
import sqlite3
import subprocess
import sys


def psql(url, sql, stdin=None):
    return subprocess.run(['psql', '-qAt', '-v', 'ON_ERROR_STOP=1', url, '-c', sql],
                          input=stdin, capture_output=True, check=True).stdout.decode()


def main():
    src, url = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(src)
    pg_cols = {}
    for line in psql(url, "SELECT table_name, column_name FROM information_schema.columns"
                          " WHERE table_schema = 'public' AND is_generated = 'NEVER'"
                          " ORDER BY table_name, ordinal_position").splitlines():
        t, c = line.split('|')
        pg_cols.setdefault(t, []).append(c)
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    script = ["SET session_replication_role = replica;"]
    copies = []
    for t in tables:
        if t not in pg_cols or t == 'schema_migrations':
            continue
        info = {r[1]: (r[2] or '').upper() for r in db.execute(f'PRAGMA table_info("{t}")')}
        cols = [c for c in pg_cols[t] if c in info]
        if not cols:
            continue
        sel = ', '.join(f"'\\x' || hex(\"{c}\")" if 'BLOB' in info[c] else f'"{c}"' for c in cols)
        copies.append((t, cols, sel))
        script.append(f'TRUNCATE "{t}" CASCADE;')
    psql(url, '\n'.join(script))
    for t, cols, sel in copies:
        rows = subprocess.run(['sqlite3', '-csv', src, f'SELECT {sel} FROM "{t}"'],
                              capture_output=True, check=True).stdout
        if not rows:
            continue
        collist = ', '.join(f'"{c}"' for c in cols)
        subprocess.run(['psql', '-qAt', '-v', 'ON_ERROR_STOP=1', url, '-c',
                        'SET session_replication_role = replica',
                        '-c', f'COPY "{t}" ({collist}) FROM STDIN WITH (FORMAT csv)'],
                       input=rows, check=True, capture_output=True)
    # identity columns: next id past the largest copied one
    psql(url, """DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public' AND is_identity = 'YES' LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L),
                        coalesce((SELECT max(%I) FROM %I), 0) + 1, false)',
                       r.table_name, r.column_name, r.column_name, r.table_name);
      END LOOP; END $$;""")
    psql(url, 'ANALYZE')


if __name__ == '__main__':
    main()
