#!/usr/bin/env python3
"""setadm-*: the admins' settings page and role policy (issue #21 items 7
and 8, seed 001). The office's name, letterhead and logo (bytes served back,
type by content), mail settings with a test send captured by a real SMTP
server (smtp_sink.py), the SMTP password never in an answer, the audit or
the server log; the role policy changing who may delete an attachment
without a restart and surviving one; the soft delete (row kept, audited, a
timeline event, gone from lists and downloads)."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap, make_png  # noqa: E402
from test_mail_out import Sink, wait_for  # noqa: E402

SECRET = 'RAHASIA-smtp-kuda-laut-7731'
JPEG = b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9'


def main(t):
    sink = Sink()
    srv = Server()
    try:
        run(t, srv, sink)
    finally:
        sink.cleanup()
        with open(os.path.join(srv.dir, 'server.log'), errors='replace') as f:
            log = f.read()
        t.ok(SECRET not in log, 'setadm-9.1 the SMTP password is not in the server log')
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'setadm-9.2 clean exit', detail)


def run(t, srv, sink):
    admin, agent = srv.client('admin@demo.test'), srv.client('agent@demo.test')
    req1, req2 = srv.client('requester@demo.test'), srv.client('requester2@demo.test')

    # ---- office identity and mail settings
    r = admin.get('/api/v1/settings/office')
    t.status(r, 200, 'setadm-1.1 admin reads the office settings')
    t.eq((r.json['smtp_password_set'], r.json['restart_needed']), (False, ['mail_worker']),
         'setadm-1.2 no password yet; the mail worker is what needs a restart')
    for who, c in (('agent', agent), ('requester', req1)):
        t.status(c.get('/api/v1/settings/office'), 403, 'setadm-1.3 %s may not' % who)
    r = admin.request('PUT', '/api/v1/settings/office', {
        'org_name': 'Dinas Kominfo Uji', 'letterhead': 'Jl. Sudirman No. 1\nBukittinggi',
        'smtp_host': '127.0.0.1', 'smtp_port': sink.port, 'smtp_tls': 'none',
        'smtp_user': '', 'smtp_password': SECRET, 'mail_from': 'Loket Uji <desk@loket.test>'})
    t.status(r, 200, 'setadm-1.4 admin saves name, letterhead and mail settings')
    t.eq((r.json['org_name'], r.json['letterhead'], r.json['smtp_port'],
          r.json['smtp_password_set']),
         ('Dinas Kominfo Uji', 'Jl. Sudirman No. 1\nBukittinggi', sink.port, True),
         'setadm-1.5 the answer shows the new values and only that a password is set')
    bad = admin.request('PUT', '/api/v1/settings/office',
                        {'smtp_tls': 'ssl3', 'smtp_port': 70000, 'mail_from': 'nobody'})
    t.eq((bad.status, sorted((bad.json['error'].get('fields') or {}).keys())),
         (422, ['mail_from', 'smtp_port', 'smtp_tls']), 'setadm-1.6 bad values: 422 by field')
    # an empty password box keeps the stored one
    r = admin.request('PUT', '/api/v1/settings/office', {'smtp_password': ''})
    t.eq((r.status, r.json['smtp_password_set']), (200, True),
         'setadm-1.7 an empty password keeps the stored one')
    answers = [admin.get(p) for p in ('/api/v1/settings/office', '/api/v1/settings',
                                      '/api/v1/audit?resource=settings')]
    t.ok(all(SECRET not in a.body for a in answers) and SECRET not in r.body,
         'setadm-1.8 the password is in no answer (office, settings, audit)')
    audit = answers[2].json['items']
    t.ok(any('mail.smtp_password' in str(a.get('detail')) for a in audit),
         'setadm-1.9 the audit says the password changed', audit[:2])

    # ---- test mail, through the settings just saved, no restart
    r = admin.post('/api/v1/settings/test-mail', {'to': 'uji@demo.test'})
    t.eq((r.status, r.json and r.json['sent']), (200, True), 'setadm-2.1 test mail sent')
    mails = wait_for(sink.mails, timeout=10)
    t.ok(len(mails) == 1 and 'Dinas Kominfo Uji' in str(mails[0][1]['Subject']) and
         'desk@loket.test' in str(mails[0][1]['From']),
         'setadm-2.2 the sink got it, with the new name and sender',
         [m[1]['Subject'] for m in mails])
    admin.request('PUT', '/api/v1/settings/office', {'smtp_port': 1})
    r = admin.post('/api/v1/settings/test-mail', {'to': 'uji@demo.test'})
    t.eq((r.status, r.json and r.json['sent'], bool(r.json and r.json['detail'])),
         (200, False, True), 'setadm-2.3 a refused connection: sent false with the reason')
    t.status(agent.post('/api/v1/settings/test-mail', {'to': 'uji@demo.test'}), 403,
             'setadm-2.4 agents may not send test mail')

    # ---- logo: sniffed type, served back
    png = make_png(16, 16)
    r = admin.request('PUT', '/api/v1/settings/logo', raw=png, content_type='image/jpeg')
    t.eq((r.status, r.json and r.json['logo_url']), (200, '/api/v1/settings/logo'),
         'setadm-3.1 a PNG logo is taken (whatever the header says)')
    g = agent.get('/api/v1/settings/logo')
    t.eq(served(g), (200, 'image/png', str(len(png)), same(g, png)),
         'setadm-3.2 the same bytes served back, typed by content')
    r = admin.request('PUT', '/api/v1/settings/logo', raw=JPEG, content_type='image/png')
    g = req1.get('/api/v1/settings/logo')
    t.eq((r.status,) + served(g), (200, 200, 'image/jpeg', str(len(JPEG)), same(g, JPEG)),
         'setadm-3.3 a JPEG logo too')
    r = admin.request('PUT', '/api/v1/settings/logo', raw=b'<svg/>', content_type='image/png')
    t.eq((r.status, r.code()), (415, 'settings.logo_type'), 'setadm-3.4 not PNG/JPEG: 415')
    r = admin.request('PUT', '/api/v1/settings/logo', raw=b'\x89PNG\r\n\x1a\n' + b'0' * 600000,
                      content_type='image/png')
    t.eq(r.status, 413, 'setadm-3.5 over 512 KiB: 413')
    t.status(admin.request('DELETE', '/api/v1/settings/logo'), 200, 'setadm-3.6 removed')
    t.status(agent.get('/api/v1/settings/logo'), 404, 'setadm-3.7 then 404')

    # ---- role policy and the soft delete
    tk = req1.post('/api/v1/tickets', {'title': 'Lampiran salah', 'description': 'x',
                                       'service_id': first_service(admin)}).json['number']
    att = req1.upload('/api/v1/tickets/%s/attachments' % tk, 'salah.png', png).json['id']
    url = '/api/v1/attachments/%d' % att
    t.eq(admin.get('/api/v1/role-policy').json['policy']['attachment.delete'],
         {'admin': True, 'leader': False, 'agent1': False, 'agent2': False, 'agent3': False,
          'requester': False}, 'setadm-4.1 default: only admins delete attachments')
    r = agent.request('DELETE', url, {'reason': 'keliru'})
    t.eq((r.status, r.code()), (403, 'attachment.forbidden'), 'setadm-4.2 agent: 403')
    t.eq(req2.request('DELETE', url, {'reason': 'keliru'}).status, 404,
         'setadm-4.3 who does not see the ticket: 404')
    t.eq((req2.request('DELETE', url).status, admin.request('DELETE', url).status), (404, 422),
         'setadm-4.3b no body: still 404 for who cannot see it, 422 for who may delete')
    r = admin.request('PUT', '/api/v1/role-policy',
                      {'policy': {'attachment.delete': {'agent1': True}}})
    t.eq((r.status, r.json['policy']['attachment.delete']['agent1']), (200, True),
         'setadm-4.4 admin lets tier-1 agents delete attachments')
    t.eq(admin.request('PUT', '/api/v1/role-policy',
                       {'policy': {'attachment.delete': {'agent9': True}}}).status, 422,
         'setadm-4.5 unknown class: 422')
    r = agent.request('DELETE', url, {'reason': '   '})
    t.eq((r.status, list((r.json['error'].get('fields') or {}).keys())), (422, ['reason']),
         'setadm-4.6 a reason is required')
    t.status(agent.request('DELETE', url, {'reason': 'Salah unggah: data pribadi'}), 204,
             'setadm-4.7 the agent deletes it now, without a restart')
    t.eq(req1.get(url).status, 404, 'setadm-4.8 downloads answer 404')
    t.eq([a['id'] for a in req1.get('/api/v1/tickets/%s/attachments' % tk).json['items']],
         [], 'setadm-4.9 the list no longer shows it')
    t.eq(agent.request('DELETE', url, {'reason': 'lagi'}).status, 404,
         'setadm-4.10 a second delete: 404')
    ev = [e for e in req1.get('/api/v1/tickets/%s/events' % tk).json['items']
          if e.get('kind') == 'attachment_deleted']
    t.ok(len(ev) == 1 and ev[0].get('body') == 'Salah unggah: data pribadi',
         'setadm-4.11 a timeline event with the reason', ev)
    au = [a for a in admin.get('/api/v1/audit?resource=attachments').json['items']
          if a.get('record_id') == att]
    t.ok(len(au) == 1 and 'Salah unggah' in str(au[0].get('detail')),
         'setadm-4.12 an audit row with the reason', au)

    # ---- the other two rights follow the policy as well, at once
    admin_id = admin.get('/api/v1/me').json['user']['id']
    admin.request('PUT', '/api/v1/role-policy', {'policy': {'ticket.reassign': {'agent1': False}}})
    r = agent.post('/api/v1/tickets/%s/assign' % tk, {'assignee_id': admin_id})
    t.eq(r.status, 403, 'setadm-7.1 reassign taken from tier 1: 403')
    admin.request('PUT', '/api/v1/role-policy', {'policy': {'ticket.reassign': {'agent1': True}}})
    r = agent.post('/api/v1/tickets/%s/assign' % tk, {'assignee_id': admin_id})
    t.eq(r.status, 200, 'setadm-7.2 given back: 200')
    agent.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'in_progress'})
    agent.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'resolved', 'summary': 'Selesai.'})
    admin.request('PUT', '/api/v1/role-policy', {'policy': {'ticket.reopen': {'requester': False}}})
    r = req1.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'in_progress', 'reason': 'belum'})
    t.eq(r.status, 403, 'setadm-7.3 reopen taken from requesters: 403')
    admin.request('PUT', '/api/v1/role-policy', {'policy': {'ticket.reopen': {'requester': True}}})
    r = req1.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'in_progress', 'reason': 'belum'})
    t.eq(r.status, 200, 'setadm-7.4 given back: the requester reopens')

    # ---- the name and letterhead head the ticket PDFs at once
    pdf = pdf_text(req1, '/api/v1/tickets/%s/pdf?kind=summary' % tk)
    t.ok('Dinas Kominfo Uji' in pdf and 'Jl. Sudirman No. 1' in pdf,
         'setadm-6.1 the summary PDF carries the new name and letterhead', pdf[:300])

    # ---- the policy and the settings survive a restart
    srv.restart()
    agent = srv.client('agent@demo.test')
    att2 = req1_again(srv).upload('/api/v1/tickets/%s/attachments' % tk, 'dua.png', png).json['id']
    t.status(agent.request('DELETE', '/api/v1/attachments/%d' % att2, {'reason': 'duplikat'}),
             204, 'setadm-5.1 the stored policy is in force after a restart')
    admin = srv.client('admin@demo.test')
    r = admin.get('/api/v1/settings/office')
    t.eq((r.json['org_name'], r.json['smtp_password_set']), ('Dinas Kominfo Uji', True),
         'setadm-5.2 settings kept')
    admin.request('PUT', '/api/v1/role-policy', {'policy': {'attachment.delete': {'agent1': False}}})
    t.eq(agent.request('DELETE', '/api/v1/attachments/%d' % att, {'reason': 'x'}).status, 404,
         'setadm-5.3 taken away again (and the deleted one stays gone)')
    desk_rules(t, srv, admin, agent, req1_again(srv))


def desk_rules(t, srv, admin, agent, req):
    """setadm-10: the desk rules of item 5 (svc/desk_rules.h) switched on the
    settings page: the answer shows the rule in force, PUT takes booleans
    only and the change applies to the next request."""
    r = admin.get('/api/v1/settings/office')
    t.eq((r.json.get('agent_close'), r.json.get('tag_before_resolve')), (False, False),
         'setadm-10.1 both rules off by default (loket.conf)')
    for bad in ({'agent_close': 'true'}, {'agent_close': 1}, {'agent_close': None},
                {'tag_before_resolve': 'ya'}):
        key = next(iter(bad))
        r = admin.request('PUT', '/api/v1/settings/office', bad)
        t.eq((r.status, sorted((r.json['error'].get('fields') or {}).keys())), (422, [key]),
             'setadm-10.2 %r: 422 naming the field' % (bad,))
    t.eq(admin.get('/api/v1/settings/office').json['agent_close'], False,
         'setadm-10.3 a refused PUT changed nothing')
    t.status(agent.request('PUT', '/api/v1/settings/office', {'agent_close': True}), 403,
             'setadm-10.4 an agent may not switch a rule')
    svc = first_service(admin)
    tk = req.post('/api/v1/tickets', {'title': 'Printer macet', 'description': 'x',
                                      'service_id': svc}).json['number']
    agent.post('/api/v1/tickets/%s/assign' % tk, {})
    agent.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'resolved', 'summary': 'Selesai.'})
    t.status(agent.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'closed'}), 403,
             'setadm-10.5 rule off: the assigned agent may not close')
    r = admin.request('PUT', '/api/v1/settings/office',
                      {'agent_close': True, 'tag_before_resolve': True})
    t.eq((r.status, r.json.get('agent_close'), r.json.get('tag_before_resolve')),
         (200, True, True), 'setadm-10.6 PUT switches both on; the answer shows them')
    t.ok(admin.get('/api/v1/settings').json['settings'].get('agent_close') in (False, 'false'),
         'setadm-10.7 loket.conf\'s value is unchanged (the settings row wins)')
    r = agent.post('/api/v1/tickets/%s/transitions' % tk, {'to': 'closed'})
    t.eq((r.status, (r.json or {}).get('status')), (200, 'closed'),
         'setadm-10.8 switched live: the assigned agent closes the resolved ticket')
    tk2 = req.post('/api/v1/tickets', {'title': 'Mouse rusak', 'description': 'x',
                                       'service_id': svc}).json['number']
    agent.post('/api/v1/tickets/%s/assign' % tk2, {})
    r = agent.post('/api/v1/tickets/%s/transitions' % tk2, {'to': 'resolved', 'summary': 'x'})
    t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))), (422, ['tags']),
         'setadm-10.9 tag_before_resolve on: resolving untagged is 422 tags')
    au = admin.get('/api/v1/audit?resource=settings').json['items']
    t.ok(any('agent_close' in str(a.get('detail')) and 'tag_before_resolve' in str(a.get('detail'))
             for a in au), 'setadm-10.10 the change is audited by key', au[:2])
    r = admin.request('PUT', '/api/v1/settings/office',
                      {'agent_close': False, 'tag_before_resolve': False})
    t.eq((r.json.get('agent_close'), r.json.get('tag_before_resolve')), (False, False),
         'setadm-10.11 and off again')
    r = agent.post('/api/v1/tickets/%s/transitions' % tk2, {'to': 'resolved', 'summary': 'x'})
    t.status(r, 200, 'setadm-10.12 rule off: the untagged ticket resolves')


def pdf_text(c, path):
    """The PDF's text (bytes fetched by curl with c's session: the client
    decodes bodies as text)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
        subprocess.run(['curl', '-sS', '-b', c.jar, '-o', f.name, c.base + path], check=True)
        p = subprocess.run(['pdftotext', f.name, '-'], capture_output=True)
        return p.stdout.decode('utf-8', 'replace')


def served(g):
    return (g.status, g.headers.get('content-type'), g.headers.get('content-length'), True)


def same(g, data):
    # the client decodes bodies as UTF-8 with replacement: compare alike,
    # the length above makes the comparison strict enough
    return g.body == data.decode('utf-8', 'replace')


def req1_again(srv):
    return srv.client('requester@demo.test')


def first_service(admin):
    return admin.get('/api/v1/services').json['items'][0]['id']


if __name__ == '__main__':
    Tap().run(main)
