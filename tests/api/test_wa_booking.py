"""The WhatsApp booking dialogue end to end (issue #16 item 5): signed
webhook deliveries in, the answers out through the fake Graph API of
test_whatsapp.py (which checks every request's shape): KUOTA, DAFTAR →
poli → a full day answered with the next day that has room → the form's
questions one by one (a wrong answer asked again, an optional one
skipped) → YA → queue number and time; the booking made by the same rules
as the API (channel whatsapp, the sender's account); BATAL <nomor>; a new
number gets an account; a plain message still opens a ticket; a stale
dialogue is forgotten; the reminder goes to WhatsApp, the confirmation is
not sent twice."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap  # noqa: E402
from test_mail_out import wait_for  # noqa: E402
from test_whatsapp import Fake, MAYA, NEWNUM, delivery, sign, start_fake, text_msg  # noqa: E402

DAYS_ID = ['Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab', 'Min']


def label(ymd):
    d = datetime.date.fromisoformat(ymd)
    return '%s, %s' % (DAYS_ID[d.weekday()], d.strftime('%d-%m-%Y'))


def main(t):
    fake, s = start_fake(LOKET_SWEEP_SECONDS='1', LOKET_APPOINTMENT_REMINDER_MINUTES='43200')
    anon = s.client()
    admin = s.client('admin@demo.test')
    hook = '/api/v1/channels/whatsapp/webhook'
    seq = [0]
    maya = s.sql("SELECT id FROM users WHERE email = 'requester@demo.test'")[0][0]
    svc = {n: i for i, n in s.sql("SELECT id, name FROM services WHERE kind = 'appointment'")}
    gigi = svc['Klinik Pratama - Poli Gigi']

    def sent_to(frm, dialog=True):
        # dialogue answers are plain; notices about a ticket start with [LKT-…]
        with Fake.lock:
            return [m['text']['body'] for m in Fake.sent if m['to'] == frm and m['type'] == 'text'
                    and m['text']['body'].startswith('[') != dialog]

    def say(frm, text, name='Pengirim'):
        before = len(sent_to(frm))
        seq[0] += 1
        body = delivery([text_msg('wamid.BK%d' % seq[0], frm, text)],
                        contacts=[{'profile': {'name': name}, 'wa_id': frm}])
        r = anon.request('POST', hook, raw=body, headers={
            'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body)})
        if r.status != 200:
            return 'HTTP %d %s' % (r.status, r.body)
        got = wait_for(lambda: len(sent_to(frm)) > before and sent_to(frm), timeout=15)
        return got[before] if got and len(got) > before else None

    # the first open day of Poli Gigi holds one place, taken by someone else
    today = datetime.date.today()
    r = admin.get('/api/v1/services/%d/availability?from=%s&to=%s' % (
        gigi, today + datetime.timedelta(days=1), today + datetime.timedelta(days=20)))
    days = [d['date'] for d in r.json['days'] if d['open']]
    sch = admin.get('/api/v1/services/%d/schedule' % gigi).json
    sch = sch.get('schedule', sch)
    sch['daily_quota'] = 1
    r = admin.request('PUT', '/api/v1/services/%d/schedule' % gigi, sch)
    t.status(r, 200, 'wab-0.1 Poli Gigi: one place a day')
    other = s.client('requester2@demo.test')
    r = other.post('/api/v1/bookings', {'service_id': gigi, 'date': days[0], 'answers': {
        'nama': 'Orang Lain', 'nik': '1371010101900002', 'usia': 40,
        'tanggal_lahir': '1986-02-02', 'keluhan': 'gigi berlubang'}})
    t.status(r, 201, 'wab-0.2 the first open day is taken')
    other_number = r.json['booking']['ticket_number']

    # -- KUOTA
    r = say(MAYA, 'kuota gigi')
    lines = r.split('\n') if r else []
    t.ok(lines[:1] == ['Kuota Klinik Pratama - Poli Gigi:'] and
         '%s: penuh' % label(days[0]) in lines and '%s: sisa 1' % label(days[1]) in lines,
         'wab-1.1 KUOTA <poli>: the next open days with their room', r)
    r = say(MAYA, 'KUOTA')
    t.ok(r and all('Kuota Klinik Pratama - Poli %s:' % p in r for p in ('Umum', 'Gigi', 'Kebidanan')),
         'wab-1.2 KUOTA: every poli', r)

    # -- DAFTAR … YA
    r = say(MAYA, 'DAFTAR')
    t.eq(r, 'Pilih poli:\n1. Klinik Pratama - Poli Gigi\n2. Klinik Pratama - Poli Kebidanan\n'
            '3. Klinik Pratama - Poli Umum\nBalas dengan nomor poli. Ketik BATAL untuk berhenti.',
         'wab-2.1 DAFTAR lists the poli')
    r = say(MAYA, '1')
    t.ok(r and r.startswith('Klinik Pratama - Poli Gigi dipilih.\nPilih tanggal kunjungan:\n1. ') and
         '. %s (penuh)\n' % label(days[0]) in r and '. %s (sisa 1)\n' % label(days[1]) in r,
         'wab-2.2 the days with their room', r)
    r = say(MAYA, datetime.date.fromisoformat(days[0]).strftime('%d/%m/%Y'))
    t.eq(r, 'Maaf, kuota hari itu penuh. Hari berikutnya yang masih ada tempat: %s.\n'
            'Balas dengan tanggal lain. Ketik BATAL untuk berhenti.' % label(days[1]),
         'wab-2.3 a full day: "penuh", and the next day with room')
    d1 = datetime.date.fromisoformat(days[1]).strftime('%d-%m-%Y')
    t.eq(say(MAYA, d1), 'Nama?', 'wab-2.4 a date as DD-MM-YYYY; then the form, one question at a time')
    t.eq(say(MAYA, 'Maya Sari'), 'NIP?\n(Boleh dikosongkan: balas -)', 'wab-2.5 next question')
    t.eq(say(MAYA, '-'), 'NIK?', 'wab-2.6 an optional answer skipped')
    say(MAYA, '1371010101900001')
    t.eq(say(MAYA, 'tiga puluh enam'), 'Jawaban belum sesuai (isi dengan angka). Usia?',
         'wab-2.7 a wrong answer is asked again')
    t.eq(say(MAYA, '36'), 'Tanggal lahir? (DD-MM-YYYY)', 'wab-2.8 then the next')
    say(MAYA, '01-01-1990')
    r = say(MAYA, 'Sakit gigi geraham')
    t.eq(r, 'Periksa data pendaftaran Anda:\nPoli: Klinik Pratama - Poli Gigi\nTanggal: %s\n'
            'Nama: Maya Sari\nNIK: 1371010101900001\nUsia: 36\nTanggal lahir: 1990-01-01\n'
            'Keluhan: Sakit gigi geraham\nBalas YA untuk mendaftar, atau BATAL.' % label(days[1]),
         'wab-2.9 the summary before booking')
    r = say(MAYA, 'ya')
    row = s.sql("SELECT b.id, t.number, b.queue_number, b.estimated_at, b.status, b.channel,"
                     " b.day, b.requester_id, b.sensitive FROM bookings b JOIN tickets t"
                     " ON t.id = b.ticket_id WHERE b.service_id = ? AND b.day = ?",
                     (gigi, days[1]))[0]
    t.ok(row is not None and row[4:8] == ('booked', 'whatsapp', days[1], maya) and
         '1371010101900001' in row[8], 'wab-2.10 booked by the API rules: channel whatsapp, her account',
         (row, r))
    if row:
        hhmm = datetime.datetime.fromtimestamp(row[3], datetime.timezone(
            datetime.timedelta(hours=7))).strftime('%H.%M')
        t.eq(r, 'Pendaftaran berhasil.\nKlinik Pratama - Poli Gigi, %s\nNomor antrean: %d\n'
                'Perkiraan waktu: pukul %s WIB\nNomor pendaftaran: %s\n'
                'Untuk membatalkan, ketik BATAL %s' % (label(days[1]), row[2], hhmm, row[1], row[1]),
             'wab-2.11 the answer: queue number, time and reference')
    t.eq(s.sql("SELECT count(*) FROM wa_dialogs")[0][0], 0,
         'wab-2.12 the finished dialogue is forgotten')
    r = admin.get('/api/v1/services/%d/availability?from=%s&to=%s' % (gigi, days[1], days[1]))
    t.eq(r.json['days'][0]['remaining'], 0, 'wab-2.13 the place is taken (same capacity rules)')

    # -- the reminder by WhatsApp; no second confirmation there
    rem = wait_for(lambda: [m for m in sent_to(MAYA, dialog=False) if 'Pengingat jadwal' in m])
    t.ok(rem and rem[0].startswith('[%s] Pengingat jadwal: Klinik Pratama - Poli Gigi' % row[1]),
         'wab-3.1 the reminder goes to WhatsApp', rem)
    t.eq([m for m in sent_to(MAYA, dialog=False) if 'terjadwal' in m], [],
         'wab-3.2 the confirmation is not sent again by WhatsApp')

    # -- BATAL
    r = say(MAYA, 'BATAL %s' % other_number)
    t.eq(r, 'Nomor pendaftaran %s tidak ditemukan pada nomor WhatsApp ini.' % other_number,
         "wab-4.1 someone else's booking cannot be cancelled")
    r = say(MAYA, 'batal %s' % row[1].lower())
    t.eq(r, 'Pendaftaran %s dibatalkan. Terima kasih, tempatnya kini dapat dipakai orang lain.' % row[1],
         'wab-4.2 BATAL <nomor> cancels her own booking')
    t.eq(s.sql("SELECT status, seat FROM bookings WHERE id = ?", (row[0],))[0],
         ('cancelled', None), 'wab-4.3 cancelled, the place freed')

    # -- a plain message is still a ticket; a dialogue left alone is forgotten
    r = say(MAYA, 'DAFTAR')
    s.sql_exec("UPDATE wa_dialogs SET expires_at = 0")
    r = say(MAYA, '1')  # ticket_created's text is plain, like a dialogue answer
    t.ok(r and r.startswith('Permintaan Anda telah tercatat dengan nomor tiket'),
         'wab-5.1 after the dialogue expired, "1" opens a ticket as before', r)

    # -- a new number books: an account is made for it
    say(NEWNUM, 'DAFTAR', name='Budi Santoso')
    say(NEWNUM, 'umum', name='Budi Santoso')
    for answer in (d1, 'Budi Santoso', '198001012005011002', '3171010101800001', '46',
                   '1980-01-01', 'Batuk'):
        last = say(NEWNUM, answer, name='Budi Santoso')
    r = say(NEWNUM, 'YA', name='Budi Santoso')
    u = s.sql("SELECT id, name, phone, role FROM users WHERE phone = ?", ('+' + NEWNUM,))[0]
    b = s.sql("SELECT requester_id, channel FROM bookings WHERE requester_id = ?",
                   (u[0] if u else 0,))[0]
    t.ok(r and r.startswith('Pendaftaran berhasil.\nKlinik Pratama - Poli Umum') and u and
         u[1:] == ('Budi Santoso', '+' + NEWNUM, 'requester') and b == (u[0], 'whatsapp'),
         'wab-6.1 a new number gets an account and the booking', (last, r, u, b))

    with Fake.lock:
        problems = list(Fake.problems)
    t.eq(problems, [], 'wab-8 every Graph API request had the right shape')
    ok, detail = s.stop()
    t.ok(ok, 'wab-9 server exits cleanly', detail)
    fake.shutdown()


if __name__ == '__main__':
    Tap().run(main)
