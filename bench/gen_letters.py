#!/usr/bin/env python3
"""Partners and assignments for the letters benchmark and the bulk test
(bench/letters.sh, tests/api/test_letters.py): N partners of one office,
each with one or two assignments in one month of one activity, written
straight into a `loket init` database (the API's rules are not what is
measured; fees are volume x rate as the API computes them).

usage: gen_letters.py DATA_DIR|POSTGRESQL_URL N [UNIT_CODE] [MONTH]
Prints the activity id. A postgresql:// URL (the api suite on PostgreSQL)
is written through tests/api/loket.py's sql()/sql_exec(): a psql run per
about 40 partners."""
import os
import sqlite3
import sys


def main_pg(url, n, unit_code, month):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests',
                                    'api'))
    from loket import sql, sql_exec
    now = '2025-03-01T00:00:00Z'
    code = 'BENCH%d%s' % (n, month.replace('-', ''))
    act = sql(url, 'INSERT INTO activities (code, name, start_date, end_date, budget, created_at,'
              ' updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
              (code, 'Survei Biaya Hidup %s' % month, month + '-01', month + '-28', 10 ** 12, now,
               now))[0][0]
    unit = sql(url, 'SELECT id FROM units WHERE code = ?', (unit_code,))[0][0]
    base = sql(url, 'SELECT count(*) FROM partners')[0][0]
    sql_exec(url, 'INSERT INTO activity_rates (activity_id, output, unit_rate) VALUES '
             '(?, ?, ?), (?, ?, ?)', (act, 'dokumen', 4000, act, 'responden', 15000))
    stmts, params = [], []
    for i in range(n):
        if len(stmts) > 100:  # psql -c takes one argument: at most 128 KiB
            sql_exec(url, '; '.join(stmts), params)
            stmts, params = [], []
        k = base + i
        nik = '%016d' % (1375010101800000 + k)
        stmts.append('INSERT INTO partners (name, nik, address, phone, unit_id, bank_name, '
                     'bank_account, active, created_at, updated_at) VALUES '
                     '(?, ?, ?, ?, ?, ?, ?, 1, ?, ?)')
        params += ['Mitra Uji %05d' % k, nik, 'Jl. Contoh No. %d, Bukittinggi' % (k % 200 + 1),
                   '0812%08d' % k, unit, 'BRI', '0000%08d' % k, now, now]
        for output, vol in [('dokumen', 262)] + ([('responden', 10)] if k % 2 else []):
            rate = 4000 if output == 'dokumen' else 15000
            stmts.append('INSERT INTO assignments (partner_id, activity_id, output, volume, '
                         'unit_rate, fee, month, created_at, updated_at) SELECT id, ?, ?, ?, ?, '
                         '?, ?, ?, ? FROM partners WHERE nik = ?')
            params += [act, output, vol, rate, vol * rate, month, now, now, nik]
    if stmts:
        sql_exec(url, '; '.join(stmts), params)
    print(act)


def main():
    data, n = sys.argv[1], int(sys.argv[2])
    unit_code = sys.argv[3] if len(sys.argv) > 3 else 'DISKOMINFO'
    month = sys.argv[4] if len(sys.argv) > 4 else '2025-04'
    if data.startswith(('postgresql://', 'postgres://')):
        return main_pg(data, n, unit_code, month)
    db = sqlite3.connect(data + '/loket.db', timeout=30)
    now = '2025-03-01T00:00:00Z'
    unit = db.execute('SELECT id FROM units WHERE code = ?', (unit_code,)).fetchone()[0]
    code = 'BENCH%d%s' % (n, month.replace('-', ''))
    cur = db.execute(
        'INSERT INTO activities (code, name, start_date, end_date, budget, created_at, updated_at) '
        'VALUES (?, ?, ?, ?, ?, ?, ?)',
        (code, 'Survei Biaya Hidup %s' % month, month + '-01', month + '-28', 10 ** 12, now, now))
    act = cur.lastrowid
    db.execute('INSERT INTO activity_rates (activity_id, output, unit_rate) VALUES (?, ?, ?)',
               (act, 'dokumen', 4000))
    db.execute('INSERT INTO activity_rates (activity_id, output, unit_rate) VALUES (?, ?, ?)',
               (act, 'responden', 15000))
    base = db.execute('SELECT count(*) FROM partners').fetchone()[0]
    for i in range(n):
        k = base + i
        # 16 digits: region 137501, birth date 01-01-80, then a serial
        nik = '%016d' % (1375010101800000 + k)
        cur = db.execute(
            'INSERT INTO partners (name, nik, address, phone, unit_id, bank_name, bank_account, '
            'active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
            ('Mitra Uji %05d' % k, nik,
             'Jl. Contoh No. %d, Bukittinggi' % (k % 200 + 1), '0812%08d' % k, unit, 'BRI',
             '0000%08d' % k, now, now))
        pid = cur.lastrowid
        rows = [('dokumen', 262)] + ([('responden', 10)] if k % 2 else [])
        for output, vol in rows:
            rate = 4000 if output == 'dokumen' else 15000
            db.execute(
                'INSERT INTO assignments (partner_id, activity_id, output, volume, unit_rate, fee, '
                'month, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (pid, act, output, vol, rate, vol * rate, month, now, now))
    db.commit()
    print(act)


if __name__ == '__main__':
    main()
