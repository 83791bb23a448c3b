#!/usr/bin/env python3
"""reports20-*: leader-ready reports of issue #20 item 9. The recap PDF opens
with a page of key figures (tickets in and out, resolved within SLA, median
first response and resolution, satisfaction), shows Indonesian labels and
numbers ("100,00") instead of codes and ids, prints its chart and table text
at 9 pt or more (12 px at print, read back with pdftotext -bbox) and charts
every day of the period (a 0 where nothing happened); CSV decimals are
"100,00", XLSX keeps numbers numeric with a thousands format."""
import csv
import datetime
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap, file_ticket, run_on_server  # noqa: E402
from test_reports import run_export, xlsx_rows, NS  # noqa: E402

WIB = datetime.timezone(datetime.timedelta(hours=7))


def pdf_text(srv, data, first=None, last=None, bbox=False):
    path = os.path.join(srv.dir, 'recap20.pdf')
    with open(path, 'wb') as f:
        f.write(data)
    args = ['pdftotext'] + (['-bbox'] if bbox else ['-layout'])
    if first:
        args += ['-f', str(first)]
    if last:
        args += ['-l', str(last)]
    p = subprocess.run(args + [path, '-'], capture_output=True)
    return p.stdout.decode('utf-8', 'replace')


def run(t, srv):
    agent = srv.client('agent@demo.test')
    leader = srv.client('leader@demo.test')
    req = srv.client('requester@demo.test')
    nums = [file_ticket(req, 'Rekap dua puluh %d' % i) for i in range(3)]
    done = nums[0]
    t.status(agent.post('/api/v1/tickets/%s/transitions' % done, {'to': 'in_progress'}), 200,
             'reports20-1.1 taken')
    t.status(agent.post('/api/v1/tickets/%s/comments' % done, {'body': 'Sedang dikerjakan'}), 201,
             'reports20-1.2 first response')
    t.status(agent.post('/api/v1/tickets/%s/transitions' % done,
                        {'to': 'resolved', 'summary': 'Sudah beres'}), 200, 'reports20-1.3 resolved')
    t.status(req.post('/api/v1/tickets/%s/rating' % done, {'score': 4, 'feedback': 'baik'}), 200,
             'reports20-1.4 rated 4 (which closes it)')
    today = datetime.datetime.now(WIB).date()
    month = today.strftime('%Y-%m')

    # -- the recap PDF
    job, data = run_export(t, leader, {'report': 'recap', 'format': 'pdf', 'month': month},
                           'reports20-2.1 recap PDF')
    first = pdf_text(srv, data, 1, 1)
    words = first.split()
    t.ok('Angka utama' in first, 'reports20-2.2 the first page is the key figures', first)
    keys = ['Tiket masuk', 'Tiket selesai', 'Selesai tepat waktu (SLA)', 'Median tanggapan pertama',
            'Median penyelesaian', 'Kepuasan pemohon']
    t.ok(all(k in first for k in keys), 'reports20-2.3 the six key figures are named', first)
    t.ok('3' in words and '1' in words and '100,0%' in words,
         'reports20-2.4 3 tickets in, 1 out, 100,0% within SLA (decimal comma)', first)
    t.ok(first.count('< 1 menit') == 2 and '0 m' not in first,
         'reports20-2.5 medians under a minute read "< 1 menit", never "0 m"', first)
    t.ok('4,00 / 5' in first and 'dari 1 penilaian' in first, 'reports20-2.6 satisfaction 4,00 / 5',
         first)
    t.ok('Tiket per status' not in first, 'reports20-2.7 no chart on the first page')
    rest = pdf_text(srv, data, 2)
    t.ok('Tiket per status' in rest and 'Baru' in rest and 'Ditutup' in rest and
         'Tanggapan pertama' in rest, 'reports20-2.8 Indonesian labels', rest[:800])
    codes = [c for c in ('first_response', 'in_progress', 'resolution') if c in rest] + \
        [c for c in ('new', 'closed') if re.search(r'\b%s\b' % c, rest)]
    t.eq(codes, [], 'reports20-2.9 no raw codes on paper')
    t.ok('Kode' not in rest and '\nID ' not in rest, 'reports20-2.10 no code or id columns')
    t.ok(re.search(r'Kepatuhan \(%\).*\n.*100,00', rest) is not None and '100.00' not in rest,
         'reports20-2.11 numbers in the Indonesian format (100,00)', rest)
    t.eq(rest.count('Tiket per status'), 1, 'reports20-2.12 each title printed once')
    # every day of the month up to today, a 0 where nothing happened
    days = re.findall(r'^\s*(%s-\d\d)\s+(\d+)\s+(\d+)\s*$' % month, rest, re.M)
    t.eq([d for d, _, _ in days], ['%s-%02d' % (month, d) for d in range(1, today.day + 1)],
         'reports20-2.13 the series has a row for every day of the period so far')
    t.eq(sum(int(c) for _, c, _ in days), 3, 'reports20-2.14 and its counts add up')
    # the printed size of chart and table text: the height of each word box
    # of page 2 but the running header and footer is at least 9 pt's
    box = pdf_text(srv, data, 2, 2, bbox=True)
    heights = [(float(m.group(4)) - float(m.group(2)), m.group(5)) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', box)
        if 40 < float(m.group(2)) < 790]
    small = [(round(h, 1), w) for h, w in heights if h < 9 * 1.1]
    t.ok(heights and not small, 'reports20-2.15 chart and table text at 9 pt (12 px) or more',
         small[:10])

    # -- the JSON series: zeros filled in
    r = leader.get('/api/v1/reports/series?interval=day&month=' + month)
    rows = (r.json or {}).get('rows') or []
    t.eq(len(rows), today.day, 'reports20-3.1 /reports/series has every day of the month so far')
    t.eq(sum(x['created'] for x in rows), 3, 'reports20-3.2 with the counts where they were')

    # -- CSV and XLSX
    job, data = run_export(t, leader, {'report': 'sla', 'format': 'csv', 'group_by': 'unit',
                                       'month': month}, 'reports20-4.1 SLA CSV')
    rows = list(csv.reader(io.StringIO(data.decode('utf-8')[1:], newline='')))
    t.eq(rows[1][-1] if len(rows) > 1 else None, '100,00',
         'reports20-4.2 CSV decimals with a decimal comma')
    job, data = run_export(t, leader, {'report': 'sla', 'format': 'xlsx', 'group_by': 'unit',
                                       'month': month}, 'reports20-4.3 SLA XLSX')
    z, root, xr = xlsx_rows(data)
    cell = xr[1].get('F') if len(xr) > 1 else None
    styles = ET.fromstring(z.read('xl/styles.xml'))
    xfs = styles.find('m:cellXfs', NS).findall('m:xf', NS)
    fmts = {f.get('numFmtId'): f.get('formatCode')
            for f in styles.find('m:numFmts', NS).findall('m:numFmt', NS)}
    t.ok(cell and cell[0] == 'n' and cell[1] == 100.0 and
         fmts.get(xfs[int(cell[2])].get('numFmtId')) == '#,##0.00',
         'reports20-4.4 XLSX: the number stays a number, shown with a thousands format', cell)


if __name__ == '__main__':
    run_on_server('reports20', run)
