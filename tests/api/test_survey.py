"""The periodic satisfaction survey (issue #22 item 6, seed 002 "Survey
Kepuasan Pengguna"), against the real binary and a real SMTP sink: admins
create and activate a survey; "send now" samples N of the period's
requesters (those who filed a ticket in it) and mails each a single-use
token link, checked in the delivered bytes; the token answers through the
API (422 naming the field, 409 the second time); the report's figures
match the answers, free text for admins and leaders only; the sweep sends
a survey once for the period that ended, and neither a restart nor a second
"send now" sends a period again."""
import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap, file_ticket  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402

QUESTIONS = [
    {'key': 'puas', 'kind': 'scale',
     'text_id': 'Secara keseluruhan, seberapa puas anda dengan layanan kami?',
     'text_en': 'Overall, how satisfied are you with our service?'},
    {'key': 'tuntas', 'kind': 'scale',
     'text_id': 'Kendala yang anda alami dapat teratasi dengan baik.',
     'text_en': 'Your problem was solved well.'},
    {'key': 'saran', 'kind': 'text', 'text_id': 'Saran untuk perbaikan layanan',
     'text_en': 'Suggestions to improve our service'},
]
WIB = datetime.timezone(datetime.timedelta(hours=7))
TOKEN = re.compile(rb'/#/survey\?token=([0-9a-f]{64})')


def month_bounds(dt):
    """[from, to) unix seconds and key of dt's WIB month."""
    first = dt.astimezone(WIB).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    nxt = (first + datetime.timedelta(days=32)).replace(day=1)
    return int(first.timestamp()), int(nxt.timestamp()), first.strftime('%Y-%m')


def survey_mails(sink):
    return [(raw, m) for raw, m in sink.mails() if 'Survei Kepuasan' in str(m['Subject'])
            or 'Satisfaction Survey' in str(m['Subject'])]


def body_bytes(m):
    return m.get_body(preferencelist=('plain',)).get_content().encode()


def main(t):
    sink = Sink()
    s = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                    'LOKET_OUTBOX_POLL_MS': '50', 'LOKET_BASE_URL': 'https://loket.test',
                    'LOKET_SWEEP_SECONDS': '1'})
    admin, leader, agent = (s.client(u + '@demo.test') for u in ('admin', 'leader', 'agent'))
    anon = s.client()

    # five new requesters, each with a ticket this month
    people = []
    for i in range(5):
        email = 'survei%d@warga.test' % i
        r = admin.post('/api/v1/users', {'name': 'Warga %d' % i, 'email': email,
                                         'role': 'requester', 'password': 'loket-demo-123'})
        assert r.status == 201, r
        c = s.client(email, 'loket-demo-123')
        file_ticket(c, 'Tiket survei %d' % i)
        people.append(email)
    now = datetime.datetime.now(datetime.timezone.utc)
    frm, to, key = month_bounds(now)
    cands = {row[0] for row in s.sql(
        "SELECT DISTINCT u.email FROM users u JOIN tickets t ON t.requester_id = u.id"
        " WHERE u.role = 'requester' AND u.active = 1 AND t.created_at >= ? AND t.created_at < ?",
        (frm, to))}
    t.ok(set(people) <= cands and len(cands) >= 5, 'survey-0 the period has >= 5 requesters',
         sorted(cands))

    # -- definition checks
    r = admin.post('/api/v1/surveys', {'title': '', 'period': 'weekly',
                                       'questions': [{'kind': 'stars', 'text_id': 'x'}]})
    t.eq((r.status, r.code(), sorted(r.json['error']['fields'])),
         (422, 'validation', ['period', 'questions[0].kind', 'title']),
         'survey-1.1 422 names title, period and the question kind')
    r = admin.post('/api/v1/surveys', {'title': 'X', 'period': 'monthly', 'questions': []})
    t.eq((r.status, list(r.json['error']['fields'])), (422, ['questions']),
         'survey-1.2 at least one question')
    r = leader.post('/api/v1/surveys', {'title': 'X', 'period': 'monthly',
                                        'questions': QUESTIONS})
    t.eq((r.status, r.code()), (404, 'not_found'), 'survey-1.3 leaders may not create (404)')
    r = admin.post('/api/v1/surveys', {'title': 'Survei Kepuasan Pengguna', 'period': 'monthly',
                                       'questions': QUESTIONS, 'sample_size': 3})
    t.eq((r.status, r.json['status'], [q['key'] for q in r.json['questions']],
          r.json['questions'][0]['required'], r.json['questions'][2]['required']),
         (201, 'draft', ['puas', 'tuntas', 'saran'], True, False),
         'survey-1.4 created as a draft; scales required, text optional')
    sid = r.json['id']
    r = admin.post('/api/v1/surveys/%d/send' % sid)
    t.eq((r.status, r.code()), (409, 'survey.not_active'), 'survey-1.5 a draft is not sent')
    r = admin.post('/api/v1/surveys/%d/activate' % sid)
    t.eq((r.status, r.json['status'], r.json['activated_at'] is not None), (200, 'active', True),
         'survey-1.6 activated')
    r = admin.patch('/api/v1/surveys/%d' % sid, {'questions': QUESTIONS[:1]})
    t.eq((r.status, r.code()), (409, 'survey.not_draft'),
         'survey-1.7 questions are fixed once active')

    # -- send now: three sampled requesters, one mail each
    r = admin.post('/api/v1/surveys/%d/send' % sid)
    t.eq((r.status, r.json), (200, {'period': key, 'invited': 3}),
         'survey-2.1 send now: the current period, 3 invited')
    invited = {row[0]: row[1] for row in s.sql(
        "SELECT u.email, i.unit_id FROM survey_invitations i JOIN users u ON u.id = i.requester_id"
        " WHERE i.survey_id = ?", (sid,))}
    t.ok(len(invited) == 3 and set(invited) <= cands,
         'survey-2.2 three invitations, all to requesters of the period', invited)
    mails = wait_for(lambda: len(survey_mails(sink)) >= 3 and survey_mails(sink))
    got = sorted(m['To'] for _, m in mails)
    t.eq(got, sorted(invited), 'survey-2.3 one mail to each sampled requester, none to others')
    tokens = {}
    for raw, m in mails:
        found = TOKEN.search(body_bytes(m))
        tokens[m['To']] = found.group(1).decode() if found else None
    t.ok(all(tokens.values()) and len(set(tokens.values())) == 3,
         'survey-2.4 each mail carries its own 64-hex token link', tokens)
    raw0, m0 = mails[0]
    t.ok(str(m0['Subject']).endswith('Survei Kepuasan Pengguna: Survei Kepuasan Pengguna') and
         (b'https://loket.test/#/survey?token=' + tokens[m0['To']].encode()) in body_bytes(m0)
         and b'Content-Type: text/html' in raw0 and b'Content-Type: text/plain' in raw0,
         'survey-2.5 the bytes: Indonesian subject, text and HTML, the answering page link',
         raw0[:1500])
    # a BLOB: bytes from SQLite, '\\x...' text from PostgreSQL (loket.py)
    stored = [h if isinstance(h, bytes) else bytes.fromhex(h[2:])
              for h, in s.sql("SELECT token_hash FROM survey_invitations")]
    t.ok(all(bytes.fromhex(tok) not in stored and tok.encode() not in bytes(h)
             for tok in tokens.values() for h in stored),
         'survey-2.6 only a hash of each token is stored')
    r = admin.post('/api/v1/surveys/%d/send' % sid)
    t.eq((r.status, r.code()), (409, 'survey.period_sent'),
         'survey-2.7 the same period again → 409 survey.period_sent')

    # -- answering by token alone
    tok = sorted(tokens.items())
    (e1, t1), (e2, t2), (e3, t3) = tok
    r = anon.post('/api/v1/survey-form', {'token': t1})
    t.eq((r.status, r.json['title'], r.json['period'], len(r.json['questions']),
          r.json['answered']), (200, 'Survei Kepuasan Pengguna', key, 3, False),
         'survey-3.1 the form by token, without signing in')
    r = anon.post('/api/v1/survey-form', {'token': 'a' * 64})
    t.eq((r.status, r.code()), (404, 'survey.invalid_token'), 'survey-3.2 unknown token → 404')
    r = anon.post('/api/v1/survey-form/answer', {'token': t1, 'answers': {
        'puas': 6, 'saran': 7, 'lain': 1}})
    t.eq((r.status, r.code(), sorted(r.json['error']['fields'])),
         (422, 'validation', ['answers.lain', 'answers.puas', 'answers.saran', 'answers.tuntas']),
         'survey-3.3 422 names each bad answer (out of range, missing, not text, unknown)')
    r = anon.post('/api/v1/survey-form/answer', {'token': t1, 'answers': {
        'puas': 5, 'tuntas': 4, 'saran': 'Pertahankan, petugasnya ramah.'}})
    t.eq((r.status, r.json), (200, {'status': 'answered'}), 'survey-3.4 answered')
    r = anon.post('/api/v1/survey-form/answer', {'token': t1, 'answers': {
        'puas': 1, 'tuntas': 1}})
    t.eq((r.status, r.code()), (409, 'survey.answered'), 'survey-3.5 a second answer → 409')
    r = anon.post('/api/v1/survey-form', {'token': t1})
    t.eq((r.status, r.json['answered']), (200, True), 'survey-3.6 the form knows it is answered')
    r = anon.post('/api/v1/survey-form/answer', {'token': t2, 'answers': {
        'puas': 2, 'tuntas': 4}})
    t.eq(r.status, 200, 'survey-3.7 a second requester answers (no text)')

    # -- results
    r = leader.get('/api/v1/reports/survey')
    t.eq(r.status, 200, 'survey-4.1 leaders read the report')
    rep = r.json
    q = {row['question']: row for row in rep['questions']}
    t.eq((q['puas']['responses'], q['puas']['mean'], [q['puas']['n%d' % i] for i in range(1, 6)],
          q['tuntas']['responses'], q['tuntas']['mean']),
         (2, 3.5, [0, 1, 0, 0, 1], 2, 4),
         'survey-4.2 per question: responses, mean, distribution 1..5')
    t.eq((rep['invited'], rep['answered'], rep['response_rate']), (3, 2, 66.6),
         'survey-4.3 response rate')
    t.eq(sum(u['invited'] for u in rep['units']), 3, 'survey-4.4 invitations per unit add up')
    t.eq([c['text'] for c in rep['comments']], ['Pertahankan, petugasnya ramah.'],
         'survey-4.5 free text in the report for leaders')
    r = agent.get('/api/v1/reports/survey')
    t.eq((r.status, r.code()), (404, 'not_found'),
         'survey-4.6 tier-1 agents (other report readers) get 404')
    r = agent.post('/api/v1/exports', {'report': 'survey', 'format': 'csv'})
    t.eq(r.status, 404, 'survey-4.7 nor may they export it')
    files = {}
    for fmt in ('csv', 'xlsx', 'pdf'):
        r = admin.post('/api/v1/exports', {'report': 'survey', 'format': fmt})
        job = r.json['id'] if r.status == 202 else 0
        done = job and wait_for(lambda: admin.get('/api/v1/exports/%d' % job).json['status'] in
                                ('done', 'failed') and admin.get('/api/v1/exports/%d' % job).json)
        f = admin.get('/api/v1/exports/%d/file' % job) if done and done['status'] == 'done' else None
        got = f.body if f and f.status == 200 else b''
        files[fmt] = got.encode('latin-1', 'replace') if isinstance(got, str) else got
    body = files['csv'].decode('latin-1').encode('latin-1').decode('utf-8', 'replace')
    t.ok('Pertahankan, petugasnya ramah.' in body and '3.5' in body.replace(',', '.'),
         'survey-4.8 the CSV export holds the means and the free text', body[:600])
    t.ok(files['xlsx'][:2] == b'PK' and files['pdf'][:5] == b'%PDF-',
         'survey-4.9 XLSX and PDF exports are written',
         (files['xlsx'][:8], files['pdf'][:8]))
    r = leader.get('/api/v1/surveys/%d' % sid)
    t.eq((r.status, r.json['invited'], r.json['answered'], [x['period'] for x in r.json['sends']]),
         (200, 3, 2, [key]), 'survey-4.10 the survey counts its invitations and periods')

    # -- the sweep: a survey active last month goes out once for last month
    pfrm, pto, pkey = month_bounds(datetime.datetime.fromtimestamp(frm - 1, datetime.timezone.utc))
    r = admin.post('/api/v1/surveys', {'title': 'Survei Bulanan', 'period': 'monthly',
                                       'questions': QUESTIONS[:1]})
    sid2 = r.json['id']
    admin.post('/api/v1/surveys/%d/activate' % sid2)
    uid = s.sql("SELECT id FROM users WHERE email = ?", (people[4],))[0][0]
    # the tickets first: the running server's sweep may fire between the
    # two writes, and once the survey looks active last month it marks that
    # period sent with whatever candidates it finds then
    s.sql_exec("UPDATE tickets SET created_at = ? WHERE requester_id = ?", (pfrm + 7200, uid))
    s.sql_exec("UPDATE surveys SET activated_at = ? WHERE id = ?", (pfrm + 3600, sid2))
    s.restart()
    admin = s.client('admin@demo.test')
    sends = wait_for(lambda: s.sql(
        "SELECT period, invited FROM survey_sends WHERE survey_id = ?", (sid2,)))
    t.eq(sends, [(pkey, 1)], 'survey-5.1 the sweep sent last month once, to its one requester')
    wait_for(lambda: [m for _, m in survey_mails(sink) if 'Bulanan' in str(m['Subject'])])
    n_mails = len(survey_mails(sink))
    n_inv = s.sql("SELECT count(*) FROM survey_invitations")[0][0]
    t.eq((n_mails, n_inv), (4, 4), 'survey-5.2 its one mail arrived')

    # -- a restart: nothing is sent again (a third survey proves a sweep ran)
    r = admin.post('/api/v1/surveys', {'title': 'Survei Penanda', 'period': 'monthly',
                                       'questions': QUESTIONS[:1]})
    sid3 = r.json['id']
    admin.post('/api/v1/surveys/%d/activate' % sid3)
    s.sql_exec("UPDATE surveys SET activated_at = ? WHERE id = ?", (pfrm + 3600, sid3))
    s.restart()
    admin, anon = s.client('admin@demo.test'), s.client()
    t.ok(wait_for(lambda: s.sql("SELECT 1 FROM survey_sends WHERE survey_id = ?", (sid3,))),
         'survey-6.1 a sweep ran after the restart')
    r = admin.post('/api/v1/surveys/%d/send' % sid)
    t.eq((r.status, r.code()), (409, 'survey.period_sent'),
         'survey-6.2 after the restart "send now" still refuses the sent period')
    t.eq((s.sql("SELECT count(*) FROM survey_sends WHERE survey_id IN (?, ?)",
                     (sid, sid2))[0][0],
          s.sql("SELECT count(*) FROM survey_invitations WHERE survey_id IN (?, ?)",
                     (sid, sid2))[0][0],
          s.sql("SELECT count(*) FROM outbox WHERE template = 'survey_invite'")[0][0]
          - s.sql("SELECT count(*) FROM survey_invitations WHERE survey_id = ?",
                       (sid3,))[0][0]),
         (2, 4, 4), 'survey-6.3 no period resent: the same sends, invitations and mails')

    # -- close: no more answers
    r = admin.post('/api/v1/surveys/%d/close' % sid)
    t.eq((r.status, r.json['status']), (200, 'closed'), 'survey-7.1 closed')
    r = anon.post('/api/v1/survey-form/answer', {'token': t3, 'answers': {
        'puas': 3, 'tuntas': 3}})
    t.eq((r.status, r.code()), (409, 'survey.closed'), 'survey-7.2 no answers after closing')
    r = admin.delete('/api/v1/surveys/%d' % sid)
    t.eq((r.status, r.code()), (409, 'survey.not_draft'), 'survey-7.3 only drafts are deleted')

    ok, detail = s.stop()
    t.ok(ok, 'survey-8 clean shutdown', detail)
    sink.cleanup()


if __name__ == '__main__':
    Tap().run(main)
