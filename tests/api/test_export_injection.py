#!/usr/bin/env python3
"""export-inj-*: a requester's title or name that a spreadsheet would run as
a formula (OWASP "CSV injection": = + - @, tab, carriage return first)
reaches a CSV export as quoted text behind a single quote; numbers stay
numbers; XLSX needs nothing, its cells are typed strings and never
formulas (issue #15 item 9)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import file_ticket, run_on_server  # noqa: E402
from test_reports import xlsx_rows, run_export  # noqa: E402

TITLES = ['=HYPERLINK("http://evil.test/","klik")', '+62 812 555', '-2+3', '@SUM(A1:A9)',
          '\tTab di depan']


def run(t, srv):
    admin = srv.client('admin@demo.test')
    req = srv.client('requester@demo.test')
    nums = [file_ticket(req, title) for title in TITLES]
    srv.sql_exec("UPDATE users SET name = '=1+1 Maya' WHERE email = 'requester@demo.test'")
    _, data = run_export(t, admin, {'report': 'tickets', 'format': 'csv', 'filters': {}},
                         'export-inj-1 CSV')
    lines = data[3:].split(b'\r\n')
    rows = {n: [ln for ln in lines if ln.startswith(n.encode() + b',')] for n in nums}
    want = [b'"\'=HYPERLINK(""http://evil.test/"",""klik"")"', b'"\'+62 812 555"',
            b'"\'-2+3"', b'"\'@SUM(A1:A9)"', b'"\'\tTab di depan"']
    for i, n in enumerate(nums):
        got = rows[n][0] if len(rows[n]) == 1 else None
        t.ok(got is not None and got.startswith(n.encode() + b',' + want[i] + b','),
             'export-inj-2.%d title %r: quoted behind a quote' % (i, TITLES[i]), got)
        t.ok(got is not None and b',"\'=1+1 Maya",' in got,
             'export-inj-3.%d the requester\'s name too' % i, got)
    t.ok(b'\n=' not in data and b',=' not in data and b',@' not in data and
         b',+' not in data and b',-' not in data,
         'export-inj-4 no cell of the file starts with a formula character', data[:400])

    _, data = run_export(t, admin, {'report': 'tickets', 'format': 'xlsx', 'filters': {}},
                         'export-inj-5 XLSX')
    z, root, xrows = xlsx_rows(data)
    sheet = z.read('xl/worksheets/sheet1.xml')
    t.ok(b'<f>' not in sheet and b'<f ' not in sheet, 'export-inj-6 XLSX has no formula cell')
    by_num = {r['A'][1]: r for r in xrows if 'A' in r}
    got = [(by_num[n]['B'][0] in ('s', 'inlineStr'), by_num[n]['B'][1]) for n in nums]
    t.eq(got, [(True, title) for title in TITLES],
         'export-inj-7 XLSX titles are string cells, exactly as typed')


if __name__ == '__main__':
    run_on_server('export-inj', run)
