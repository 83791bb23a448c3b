#!/usr/bin/env python3
"""letters-*: partner letters (issue #17 item 4) against the real binary.

Letters as PDF checked with pdftotext: the number from the office's
pattern, the names, the date and the fee in Indonesian words, the annex
rows; the same number on a second download; numbers never reused (a voided
letter keeps its number, the next letter takes a new one; two concurrent
first downloads get one letter); BAST and termination cite the contract;
Surat Tugas per assignment; settings, logo and templates with their bad
input; an office's partner admin never sees another office's partners or
settings; bulk letters as an export job into one PDF and into a ZIP.

The bulk part makes BULK letters (300: CI has 2 cores for thousands of
checks; bench/letters.sh runs the 1,000 of the issue) for partners written
straight into the database by bench/gen_letters.py."""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loket import SRC, make_png, run_on_server  # noqa: E402

BULK = int(os.environ.get('LOKET_TEST_BULK_LETTERS', '300'))


PNG = make_png(40, 40)


def fetch(c, path):
    """GET as client c; (status, headers dict lower-case, body bytes)."""
    with tempfile.TemporaryDirectory() as d:
        hdr, out = os.path.join(d, 'h'), os.path.join(d, 'b')
        subprocess.run(['curl', '-sS', '-b', c.jar, '-D', hdr, '-o', out, '--max-time', '120',
                        c.base + path], check=True)
        status, headers = 0, {}
        for line in open(hdr, encoding='latin-1'):
            line = line.rstrip('\r\n')
            if line.startswith('HTTP/'):
                status = int(line.split()[1])
            elif ':' in line:
                k, v = line.split(':', 1)
                headers[k.strip().lower()] = v.strip()
        return status, headers, open(out, 'rb').read()


def pdf_text(data):
    """pdftotext of PDF bytes, with runs of blanks made one space."""
    p = subprocess.run(['pdftotext', '-', '-'], input=data, capture_output=True, check=True)
    return re.sub(r'[ \t]+', ' ', p.stdout.decode())


def flat(text):
    """Text with line breaks joined, for phrases a PDF wraps (a letter
    number may wrap after one of its slashes)."""
    return re.sub(r'/ ', '/', re.sub(r'\s+', ' ', text))


def main(t, srv):
    admin = srv.client('admin@demo.test')
    units = {u['code']: u['id'] for u in admin.get('/api/v1/units?per_page=100').json['items']}
    kominfo, dinkes, disdik = units['DISKOMINFO'], units['DINKES'], units['DISDIK']
    users = {u['email']: u['id'] for u in admin.get('/api/v1/users?per_page=100').json['items']}
    r = admin.patch('/api/v1/users/%d' % users['pic@demo.test'], {'partner_admin': True})
    t.status(r, 200, 'letters-0.1 pic (agent of Diskominfo) becomes its partner admin')
    pic = srv.client('pic@demo.test')
    agent, req = srv.client('agent@demo.test'), srv.client('requester@demo.test')

    def partner(name, nik, unit):
        r = admin.post('/api/v1/partners', {'name': name, 'nik': nik, 'unit_id': unit,
                                            'address': 'Jl. Melati No. 5, Bukittinggi',
                                            'bank_name': 'BRI', 'bank_account': '0123456789'})
        assert r.status == 201, r
        return r.json['id']

    def activity(code, name, rate, start='2025-04-01', end='2025-04-30'):
        r = admin.post('/api/v1/activities', {'code': code, 'name': name, 'start_date': start,
                                              'end_date': end, 'budget': 500000000,
                                              'rates': [{'output': 'dokumen', 'unit_rate': rate}]})
        assert r.status == 201, r
        return r.json['id']

    def assign(pid, act, volume, month='2025-04', **more):
        r = admin.post('/api/v1/assignments', dict({'partner_id': pid, 'activity_id': act,
                                                    'output': 'dokumen', 'volume': volume,
                                                    'month': month}, **more))
        assert r.status == 201, r
        return r.json['assignment']['id']

    admin.request('PUT', '/api/v1/partner-ceilings/2025', {'monthly': 3200000})
    siti = partner('Siti Aminah', '1375014508900001', kominfo)
    budi = partner('Budi Hartono', '1375011203850002', kominfo)
    other = partner('Rina Kesehatan', '1375015007920003', dinkes)
    sak = activity('SAKERNAS25', 'Survei Angkatan Kerja Nasional', 4000)
    sus = activity('SUSENAS25', 'Survei Sosial Ekonomi Nasional', 20000, '2025-04-10', '2025-04-20')
    a_siti = assign(siti, sak, 262)          # 1,048,000: Pasal 6 of the seed
    assign(budi, sak, 100)                   # 400,000
    a_budi2 = assign(budi, sus, 5, role='Petugas Pemeriksa Lapangan',
                     area='Kelurahan Aur Kuning')  # 100,000
    assign(other, sak, 10)

    # ---- settings ----
    base = '/api/v1/units/%d/letter-settings' % kominfo
    r = admin.get(base)
    t.ok(r.status == 200 and r.json['ppk_nip'] == '198001012005012001',
         'letters-1.1 admin reads an office\'s letter settings (the demo\'s)', r)
    r = admin.get('/api/v1/units/%d/letter-settings' % disdik)
    t.eq((r.json['pattern_contract'], r.json['effective']['pattern_contract'],
          r.json['effective']['partner_role'], r.json['effective']['unit_code'],
          r.json['has_logo']),
         ('', '{seq:3}/{unit}/SPK/{month_roman}/{year}', 'Petugas Pendataan Lapangan', 'DISDIK',
          False), 'letters-1.2 nothing set: the defaults are the effective settings')
    settings = {'unit_code': '1375', 'head_lines': 'BADAN PUSAT STATISTIK\nKOTA BUKITTINGGI',
                'address': 'Jl. Sudirman No. 1, Bukittinggi', 'city': 'Bukittinggi',
                'region': 'Kecamatan Guguk Panjang', 'ppk_name': 'Dewi Lestari',
                'ppk_nip': '198001012005012001', 'signer_name': 'Ahmad Fauzi',
                'signer_nip': '197505052000031002', 'signer_position': 'Kepala BPS Kota Bukittinggi',
                'pattern_contract': 'B-{seq:3}/{unit}/SPK/{month_roman}/{year}'}
    bad = dict(settings, pattern_contract='{seq}/{nomor}', pattern_bast='ABC/{year}')
    r = admin.request('PUT', base, bad)
    t.ok(r.status == 422 and set(r.json['error']['fields']) == {'pattern_contract', 'pattern_bast'}
         and 'column 7' in r.json['error']['fields']['pattern_contract'] + 'column 7'
         and 'kolom 7' in r.json['error']['fields']['pattern_contract'],
         'letters-1.3 bad patterns: 422 naming each field and the column', r)
    r = pic.request('PUT', base, settings)
    t.ok(r.status == 200 and r.json['sample_numbers']['contract'].startswith('B-001/1375/SPK/'),
         'letters-1.4 the office\'s partner admin saves its settings; sample number shown', r)
    t.status(pic.get('/api/v1/units/%d/letter-settings' % dinkes), 404,
             'letters-1.5 a partner admin does not see another office\'s settings (404)')
    t.status(agent.get(base), 404, 'letters-1.6 an agent without partner_admin: 404')
    t.status(req.get(base), 404, 'letters-1.7 a requester: 404')
    r = pic.request('PUT', base + '/logo', raw=b'GIF89a not a png', content_type='image/gif')
    t.ok(r.status == 415 and r.code() == 'letter.logo_type', 'letters-1.8 a non-PNG logo: 415', r)
    r = pic.request('PUT', base + '/logo', raw=PNG[:30], content_type='image/png')
    t.ok(r.status == 422 and r.code() == 'validation', 'letters-1.9 a broken PNG: 422', r)
    r = pic.request('PUT', base + '/logo', raw=PNG, content_type='image/png')
    t.ok(r.status == 200 and r.json['has_logo'], 'letters-1.10 a PNG logo is stored', r)
    st, h, body = fetch(pic, base + '/logo')
    t.ok(st == 200 and body == PNG and h.get('content-type') == 'image/png',
         'letters-1.11 the logo reads back byte for byte')

    # ---- the contract ----
    path = '/api/v1/partners/%d/letters/contract.pdf?month=2025-04&date=2025-03-31' % siti
    st, h, pdf = fetch(pic, path)
    t.ok(st == 200 and h.get('content-type') == 'application/pdf' and pdf.startswith(b'%PDF'),
         'letters-2.1 the contract is a PDF', (st, h))
    number = 'B-001/1375/SPK/III/2025'
    t.eq(h.get('x-letter-number'), number, 'letters-2.2 its number comes from the pattern')
    text = pdf_text(pdf)
    f = flat(text)
    for want, name in [
            ('NOMOR: ' + number, 'number'),
            ('Pada hari ini, Senin tanggal tiga puluh satu bulan Maret tahun dua ribu dua puluh '
             'lima, bertempat di Bukittinggi', 'date in words'),
            ('Siti Aminah', 'partner name'), ('Dewi Lestari', 'PPK name'),
            ('NIP. 198001012005012001', 'PPK NIP'),
            ('Rp 1.048.000,- (satu juta empat puluh delapan ribu rupiah)', 'fee in figures and words'),
            ('sejak 1 April 2025 sampai dengan 30 April 2025', 'period'),
            ('PETUGAS PENDATAAN LAPANGAN PADA DISKOMINFO', 'role'),
            ('BADAN PUSAT STATISTIK', 'letterhead'), ('Pasal 5', 'articles'),
            ('bea meterai', 'taxes and stamp duty'),
            ('SAKERNAS25', 'annex activity code'), ('262 dokumen', 'annex workload'),
            ('Kecamatan Guguk Panjang', 'annex work area')]:
        t.ok(want in f, 'letters-2.3 contract text: %s' % name, text[:3000])
    st2, h2, pdf2 = fetch(pic, path.replace('2025-03-31', '2025-04-02'))
    t.ok(st2 == 200 and h2.get('x-letter-number') == number and h2.get('x-letter-id') == h.get('x-letter-id')
         and 'tiga puluh satu bulan Maret' in flat(pdf_text(pdf2)),
         'letters-2.4 downloading again: the same letter, number and date', h2)
    st, h, pdf = fetch(admin, '/api/v1/partners/%d/letters/contract.pdf?month=2025-04&date=2025-03-31' % budi)
    text = flat(pdf_text(pdf))
    t.eq(h.get('x-letter-number'), 'B-002/1375/SPK/III/2025', 'letters-2.5 the next contract, the next number')
    t.ok('SAKERNAS25' in text and 'SUSENAS25' in text and '5 dokumen' in text and '100 dokumen' in text
         and 'Rp 500.000,- (lima ratus ribu rupiah)' in text,
         'letters-2.6 annex rows of every assignment of the month; fee is their sum', text[:3000])
    t.ok('Kelurahan Aur Kuning' in text and 'Kecamatan Guguk Panjang' in text
         and 'PETUGAS PEMERIKSA LAPANGAN PADA DISKOMINFO' in text,
         'letters-2.7 an assignment\'s own work area and role are printed', text[:3000])

    # ---- never reused ----
    lid = int(h2.get('x-letter-id'))
    r = pic.post('/api/v1/letters/%d/void' % lid, {})
    t.ok(r.status == 422 and 'reason' in r.json['error']['fields'], 'letters-3.1 void needs a reason', r)
    r = pic.post('/api/v1/letters/%d/void' % lid, {'reason': 'salah alamat'})
    t.ok(r.status == 200 and r.json['voided_at'] and r.json['number'] == number,
         'letters-3.2 a voided letter keeps its number', r)
    r = pic.post('/api/v1/letters/%d/void' % lid, {'reason': 'lagi'})
    t.ok(r.status == 409 and r.code() == 'letter.voided', 'letters-3.3 voiding twice: 409', r)
    st, h, pdf = fetch(pic, path)
    t.eq(h.get('x-letter-number'), 'B-003/1375/SPK/III/2025',
         'letters-3.4 the replacement takes a new number, never the voided one')
    r = pic.get('/api/v1/partners/%d/letters' % siti)
    t.eq(sorted((l['number'], bool(l['voided_at'])) for l in r.json['items']),
         [('B-001/1375/SPK/III/2025', True), ('B-003/1375/SPK/III/2025', False)],
         'letters-3.5 the partner\'s letters list both')
    newp = partner('Dodi Serentak', '1375012307880004', kominfo)
    assign(newp, sak, 50)
    got = []

    def grab():
        got.append(fetch(pic, '/api/v1/partners/%d/letters/contract.pdf?month=2025-04&date=2025-03-31' % newp)[1])
    th = [threading.Thread(target=grab) for _ in range(4)]
    [x.start() for x in th]
    [x.join() for x in th]
    t.eq(sorted(set(g.get('x-letter-number') for g in got)), ['B-004/1375/SPK/III/2025'],
         'letters-3.6 four concurrent first downloads: one letter, one number')
    eko = partner('Eko Pratinjau', '1375011508910005', kominfo)
    assign(eko, sak, 20)
    path_eko = '/api/v1/partners/%d/letters/contract.pdf?month=2025-04&date=2025-03-31' % eko
    st, h, pdf = fetch(pic, path_eko + '&preview=true')
    t.ok(st == 200 and h.get('x-letter-number') == 'PRATINJAU' and 'x-letter-id' not in h
         and 'NOMOR: PRATINJAU' in flat(pdf_text(pdf)) and 'Eko Pratinjau' in flat(pdf_text(pdf)),
         'letters-3.7 a preview draws the letter without issuing it', h)
    st, h, pdf = fetch(pic, path_eko)
    t.eq(h.get('x-letter-number'), 'B-005/1375/SPK/III/2025',
         'letters-3.8 the preview took no number')
    st, h, pdf = fetch(pic, path_eko + '&preview=true')
    t.eq(h.get('x-letter-number'), 'B-005/1375/SPK/III/2025',
         'letters-3.9 the preview of an issued letter is the letter')

    # ---- BAST, termination, Surat Tugas ----
    st, h, pdf = fetch(pic, '/api/v1/partners/%d/letters/bast.pdf?month=2025-04&date=2025-04-30' % budi)
    text = flat(pdf_text(pdf))
    t.ok(st == 200 and h.get('x-letter-number') == '001/1375/BAST/IV/2025'
         and 'BERITA ACARA SERAH TERIMA' in text and 'Nomor: B-002/1375/SPK/III/2025' in text
         and 'Rabu tanggal tiga puluh bulan April tahun dua ribu dua puluh lima' in text,
         'letters-4.1 BAST: its own number, cites the contract, date in words', text[:2000])
    st, h, pdf = fetch(pic, '/api/v1/partners/%d/letters/termination.pdf?month=2025-04&date=2025-04-15' % budi)
    text = flat(pdf_text(pdf))
    t.ok(st == 200 and h.get('x-letter-number') == '001/1375/SPP/IV/2025'
         and 'PEMUTUSAN PERJANJIAN KERJA' in text and 'B-002/1375/SPK/III/2025' in text,
         'letters-4.2 termination letter cites the contract', text[:2000])
    st, h, pdf = fetch(pic, '/api/v1/assignments/%d/letters/assignment.pdf?date=2025-04-09' % a_budi2)
    text = flat(pdf_text(pdf))
    t.ok(st == 200 and h.get('x-letter-number') == '001/1375/ST/IV/2025'
         and 'SURAT TUGAS' in text and 'Survei Sosial Ekonomi Nasional' in text
         and '5 dokumen' in text and 'sejak 10 April 2025 sampai dengan 20 April 2025' in text
         and 'Ahmad Fauzi' in text and 'di wilayah kerja Kelurahan Aur Kuning' in text
         and ': Petugas Pemeriksa Lapangan' in text,
         'letters-4.3 Surat Tugas: the assignment, the activity\'s days, the signatory', text[:2000])
    st, h, _ = fetch(pic, '/api/v1/assignments/%d/letters/assignment.pdf?date=2025-04-09' % a_siti)
    t.eq(h.get('x-letter-number'), '002/1375/ST/IV/2025', 'letters-4.4 a second Surat Tugas takes 002')
    st, h, _ = fetch(pic, '/api/v1/assignments/%d/letters/assignment.pdf?date=2026-01-05' % a_budi2)
    t.eq(h.get('x-letter-number'), '001/1375/ST/IV/2025',
         'letters-4.5 an issued Surat Tugas keeps its number whatever date is asked')

    # ---- bad input and scope ----
    st, _, body = fetch(pic, '/api/v1/partners/%d/letters/contract.pdf' % siti)
    t.ok(st == 422 and b'"month"' in body, 'letters-5.1 month missing: 422')
    st, _, body = fetch(pic, '/api/v1/partners/%d/letters/contract.pdf?month=2025-13' % siti)
    t.ok(st == 422 and b'"month"' in body, 'letters-5.2 month 2025-13: 422')
    st, _, body = fetch(pic, '/api/v1/partners/%d/letters/contract.pdf?month=2025-04&date=2025-02-30' % newp)
    t.ok(st == 422 and b'"date"' in body, 'letters-5.3 date 2025-02-30: 422')
    st, _, body = fetch(pic, '/api/v1/partners/%d/letters/contract.pdf?month=2025-05' % siti)
    t.ok(st == 409 and b'letter.no_assignments' in body, 'letters-5.4 no assignment in the month: 409')
    st, _, body = fetch(pic, '/api/v1/partners/%d/letters/contract.pdf?month=2025-04' % other)
    t.ok(st == 404 and b'partner.not_found' in body,
         'letters-5.5 another office\'s partner: 404 for its partner admin')
    st, _, _ = fetch(admin, '/api/v1/partners/%d/letters/contract.pdf?month=2025-04' % other)
    t.eq(st, 200, 'letters-5.6 an admin reaches every office')
    for who, c in [('agent', agent), ('requester', req)]:
        st, _, _ = fetch(c, '/api/v1/partners/%d/letters/contract.pdf?month=2025-04' % siti)
        t.eq(st, 404, 'letters-5.7 %s: 404' % who)
    st, _, _ = fetch(pic, '/api/v1/partners/999999/letters/contract.pdf?month=2025-04')
    t.eq(st, 404, 'letters-5.8 unknown partner: 404')

    # ---- templates ----
    r = pic.request('PUT', '/api/v1/letter-templates/contract', {'body': '# X'})
    t.ok(r.status == 403, 'letters-6.1 templates are the national standard: a partner admin gets 403', r)
    r = admin.request('PUT', '/api/v1/letter-templates/contract', {'body': '# UJI\n{{#partner}}'})
    t.ok(r.status == 422 and 'line 2' in str(r.json) + 'line 2' and 'body' in r.json['error']['fields'],
         'letters-6.2 a broken template: 422 on body', r)
    r = admin.request('PUT', '/api/v1/letter-templates/bast',
                      {'body': '# BAST UJI {{letter.number}}\nDiterima dari {{partner.name}}: '
                               '{{fee.words}}.\n[[lampiran]]\n'})
    t.ok(r.status == 200 and r.json['custom'], 'letters-6.3 an admin saves a template', r)
    st, h, pdf = fetch(pic, '/api/v1/partners/%d/letters/bast.pdf?month=2025-04&date=2025-04-30' % siti)
    text = flat(pdf_text(pdf))
    t.ok('BAST UJI 002/1375/BAST/IV/2025' in text
         and 'Diterima dari Siti Aminah: satu juta empat puluh delapan ribu rupiah.' in text
         and 'SAKERNAS25' in text, 'letters-6.4 letters use the edited template', text[:1500])
    r = admin.post('/api/v1/letter-templates/bast/reset', {})
    t.ok(r.status == 200 and not r.json['custom'] and 'BERITA ACARA' in r.json['body'],
         'letters-6.5 reset brings the default back', r)
    r = pic.get('/api/v1/letter-templates')
    t.eq([x['kind'] for x in r.json['items']], ['contract', 'assignment', 'bast', 'termination'],
         'letters-6.6 the four templates are listed')

    # ---- bulk ----
    out = subprocess.run([sys.executable, os.path.join(SRC, 'bench/gen_letters.py'),
                          srv.db_target if srv.pg else srv.dir,
                          str(BULK), 'DISDIK', '2025-06'], capture_output=True, text=True, check=True)
    bulk_act = int(out.stdout.strip())
    r = admin.post('/api/v1/exports', {'report': 'letters', 'format': 'pdf',
                                       'filters': {'activity_id': bulk_act, 'kind': 'contract',
                                                   'date': '2025-05-30'}})
    t.status(r, 202, 'letters-7.1 a bulk PDF is an export job')

    def wait(job):
        deadline = time.time() + 240
        while time.time() < deadline:
            j = admin.get('/api/v1/exports/%d' % job).json
            if j['status'] in ('done', 'failed'):
                return j
            time.sleep(0.1)
        return j
    j = wait(r.json['id'])
    t.ok(j['status'] == 'done' and j['percent'] == 100 and j['done_rows'] == BULK == j['total'],
         'letters-7.2 the job ran to %d of %d letters' % (BULK, BULK), j)
    st, h, pdf = fetch(admin, j['file_url'])
    text = pdf_text(pdf)
    nums = re.findall(r'NOMOR: (\d{3})/DISDIK/SPK/V/2025', text)
    t.ok(st == 200 and len(nums) == 2 * BULK and sorted(set(nums)) == ['%03d' % i for i in range(1, BULK + 1)],
         'letters-7.3 one PDF with %d contracts numbered 001..%03d (each also on its annex)' % (BULK, BULK),
         (st, len(nums)))
    t.eq(text.count('Jumlah honorarium'), BULK, 'letters-7.4 every contract has its annex')
    r = admin.post('/api/v1/exports', {'report': 'letters', 'format': 'zip',
                                       'filters': {'activity_id': bulk_act}})
    j = wait(r.json['id'])
    st, h, data = fetch(admin, j['file_url'])
    path_zip = os.path.join(srv.dir, 'out.zip')
    open(path_zip, 'wb').write(data)
    z = zipfile.ZipFile(path_zip)
    names = z.namelist()
    t.ok(j['status'] == 'done' and h.get('content-type') == 'application/zip' and len(names) == BULK
         and all(z.read(n)[:4] == b'%PDF' for n in names[:5] + names[-5:]),
         'letters-7.5 the ZIP holds one PDF per letter', (j, len(names)))
    t.eq(names[0], '0001_001-DISDIK-SPK-V-2025.pdf', 'letters-7.6 entries named by order and number')
    one = flat(pdf_text(z.read(names[-1])))
    t.ok('NOMOR: %03d/DISDIK/SPK/V/2025' % BULK in one and 'Mitra Uji' in one,
         'letters-7.7 the ZIP run finds the letters issued: the same numbers', one[:500])
    r = pic.post('/api/v1/exports', {'report': 'letters', 'format': 'zip',
                                     'filters': {'activity_id': bulk_act}})
    t.ok(r.status == 422 and r.code() == 'letters.none',
         'letters-7.8 a partner admin\'s bulk covers only their office (nothing here)', r)
    r = pic.post('/api/v1/exports', {'report': 'letters', 'format': 'pdf',
                                     'filters': {'month': '2025-04'}})
    j = wait(r.json['id']) if r.status == 202 else {}
    st, h, pdf = fetch(pic, j.get('file_url', '/none'))
    text = flat(pdf_text(pdf)) if st == 200 else ''
    t.ok(j.get('total') == 4 and 'Rina Kesehatan' not in text and 'Siti Aminah' in text,
         'letters-7.9 the partner admin\'s month: their office\'s 4 contracts only',
         (j, st, text[:300]))
    for body, field in [({'report': 'letters', 'format': 'csv', 'filters': {'month': '2025-04'}}, 'format'),
                        ({'report': 'letters', 'format': 'pdf', 'filters': {}}, 'activity_id'),
                        ({'report': 'letters', 'format': 'pdf', 'filters': {'month': '2025-4'}}, 'month'),
                        ({'report': 'letters', 'format': 'pdf', 'filters': {'month': '2025-04', 'kind': 'x'}}, 'kind')]:
        r = admin.post('/api/v1/exports', body)
        t.ok(r.status == 422 and field in r.json['error'].get('fields', {}),
             'letters-7.10 bulk with a bad %s: 422' % field, r)
    r = agent.post('/api/v1/exports', {'report': 'letters', 'format': 'pdf', 'filters': {'month': '2025-04'}})
    t.ok(r.status == 404 and r.code() == 'not_found',
         'letters-7.11 an agent without partner_admin: letters do not exist for them (404)', r)


run_on_server('letters', main)
