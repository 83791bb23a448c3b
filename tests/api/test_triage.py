#!/usr/bin/env python3
"""triage-*: issue #21 items 5 and 6 (seed 002: agents close the tickets
they handled, every ticket filed under a tag; seed 000: a named PIC per
service, escalation to that PIC).

  triage-1  untagged=true / uncategorised=true on the list and the reports
            equal SQL; a bad value is 422 naming the parameter;
  triage-2  summary group_by=tagged|categorised: counts, shares, CSV;
  triage-3  agent_close: off, the agent may not close (and may_close is
            false); switched on live in the settings table, the assigned
            agent may, another agent not;
  triage-4  tag_before_resolve: resolving an untagged ticket is 422 `tags`;
  triage-5  services.pic_user_id is validated on every write;
  triage-6  an escalation to the service's unit mails the PIC alone (outbox
            rows and the mail itself); a service without a PIC tells the
            whole unit as before."""
import csv
import io
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap  # noqa: E402
from test_mail_out import wait_for, all_sent, outbox_id_of  # noqa: E402
from test_visibility import with_mail, ids  # noqa: E402

NET = 'Gangguan Jaringan Internet'     # the demo's service with a PIC (pic@demo.test)
PC = 'Kerusakan Perangkat Komputer'    # Diskominfo too, no PIC
REASON = 'Perlu dicek di ruang server'


def main(t):
    with_mail(t, 'triage-9', run)


def setting(srv, key, value):
    """The admin's live choice, as the settings page (issue #21 item 7) stores it."""
    srv.sql_exec('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO '
                 'UPDATE SET value = excluded.value', (key, value))


def sql(srv, query, args=()):
    return srv.sql(query, args)


def file(c, service, title):
    r = c.post('/api/v1/tickets', {'title': title, 'description': 'Mohon dibantu.',
                                   'service_id': service})
    return r.json['number']


def run(t, srv, sink):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req = srv.client('requester@demo.test')
    units = ids(admin, 'units')
    svcs = ids(admin, 'services')
    users = {u['email']: u['id'] for u in admin.get('/api/v1/users?per_page=200').json['items']}
    disk = units['Diskominfo']
    for email, tier, unit in (('pic2@demo.test', 2, disk), ('agent2@demo.test', 1, disk),
                              ('bkpsdm@demo.test', 2, units['BKPSDM'])):
        r = admin.post('/api/v1/users', {'name': email.split('@')[0], 'email': email,
                                         'role': 'agent', 'tier': tier, 'unit_id': unit,
                                         'password': 'loket-demo'})
        users[email] = r.json.get('id')
    agent2 = srv.client('agent2@demo.test')

    # -- triage-1: the "not yet filed" filters
    tagged = file(req, svcs[NET], 'Wi-Fi lantai 3 mati')
    file(req, svcs[PC], 'Printer macet')
    r = agent.patch('/api/v1/tickets/' + tagged,
                    {'tags': ['jaringan'], 'version': agent.get('/api/v1/tickets/' + tagged).json['version']})
    t.status(r, 200, 'triage-1.0 a tag is added')
    want = sorted(n for (n,) in sql(srv, 'SELECT number FROM tickets t WHERE NOT EXISTS '
                                    '(SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id)'))
    got = sorted(x['number'] for x in
                 agent.get('/api/v1/tickets?untagged=true&per_page=200').json['items'])
    t.eq(got, want, 'triage-1.1 untagged=true lists exactly the tickets without a tag')
    t.ok(tagged not in got and len(got) > 0, 'triage-1.2 the tagged one is not among them')
    want_unc = sql(srv, 'SELECT count(*) FROM tickets WHERE category_id IS NULL')[0][0]
    t.eq(agent.get('/api/v1/tickets?uncategorised=true').json['total'], want_unc,
         'triage-1.3 uncategorised=true counts the tickets without a category')
    all_n = agent.get('/api/v1/tickets?untagged=false').json['total']
    t.eq(all_n, agent.get('/api/v1/tickets').json['total'], 'triage-1.4 false is no filter')
    for bad in ('yes', '1', 'TRUE'):
        r = agent.get('/api/v1/tickets?untagged=' + bad)
        t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))),
             (422, ['untagged']), 'triage-1.5 untagged=%s is 422 naming untagged' % bad)
    r = agent.get('/api/v1/tickets?uncategorised=no')
    t.status(r, 422, 'triage-1.6 uncategorised=no is 422')
    r = admin.get('/api/v1/reports/summary?untagged=true')
    t.eq(r.json['total'], len(want), 'triage-1.7 the summary report takes the filter too')

    # -- triage-2: the share of tagged tickets
    total = sql(srv, 'SELECT count(*) FROM tickets WHERE booking = 0')[0][0]
    n_tagged = sql(srv, 'SELECT count(*) FROM tickets t WHERE booking = 0 AND EXISTS '
                   '(SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id)')[0][0]
    r = admin.get('/api/v1/reports/summary?group_by=tagged')
    t.status(r, 200, 'triage-2.1 summary by tagged')
    rows = {x['key']: (x['count'], x['share']) for x in r.json['rows']}
    share = round(1000.0 * n_tagged / total) / 10
    t.eq(rows.get('yes', (0, 0))[0] + rows.get('no', (0, 0))[0], total,
         'triage-2.2 tagged + untagged = every ticket')
    t.eq((rows.get('yes', (0, 0))[0], r.json['tagged_share']), (n_tagged, share),
         'triage-2.3 the tagged count and its share (%)')
    labels = {x['key']: x['label'] for x in r.json['rows']}
    t.eq(labels.get('no'), 'Belum bertag', 'triage-2.4 Indonesian labels')
    r = admin.get('/api/v1/reports/summary?group_by=categorised')
    t.ok(r.status == 200 and 'categorised_share' in r.json, 'triage-2.5 summary by categorised')
    job = admin.post('/api/v1/exports', {'report': 'summary', 'format': 'csv',
                                         'group_by': 'tagged'}).json
    for _ in range(200):
        if job.get('status') == 'done':
            break
        time.sleep(0.05)
        job = admin.get('/api/v1/exports/%d' % job['id']).json
    p = subprocess.run(['curl', '-s', '-b', admin.jar, admin.base + job.get('file_url', '')],
                       capture_output=True)
    lines = list(csv.reader(io.StringIO(p.stdout[3:].decode(), newline='')))
    t.eq(lines[0] if lines else None, ['key', 'label', 'count', 'share'],
         'triage-2.6 CSV header with the share column')
    got = {x[0]: int(x[2]) for x in lines[1:] if x}
    t.eq(got.get('yes', 0), n_tagged, 'triage-2.7 CSV has the tagged count')

    # -- triage-3: agent_close
    num = file(req, svcs[PC], 'Monitor berkedip')
    agent.post('/api/v1/tickets/%s/assign' % num, {})
    r = agent.post('/api/v1/tickets/%s/transitions' % num,
                   {'to': 'resolved', 'summary': 'Kabel diganti.'})
    t.status(r, 200, 'triage-3.1 the assigned agent resolves (no tag rule yet)')
    t.eq(agent.get('/api/v1/tickets/' + num).json['may_close'], False,
         'triage-3.2 setting off: may_close false for the agent')
    t.eq(req.get('/api/v1/tickets/' + num).json['may_close'], True,
         'triage-3.3 the requester may close (accept)')
    t.status(agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'closed'}), 403,
             'triage-3.4 setting off: the agent may not close')
    setting(srv, 'agent_close', 'true')
    t.eq(agent.get('/api/v1/tickets/' + num).json['may_close'], True,
         'triage-3.5 switched on live: may_close true for the assigned agent')
    t.eq(agent2.get('/api/v1/tickets/' + num).json['may_close'], False,
         'triage-3.6 another agent: may_close false')
    t.status(agent2.post('/api/v1/tickets/%s/transitions' % num, {'to': 'closed'}), 403,
             'triage-3.7 another agent may not close')
    t.status(agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'in_progress'}), 403,
             'triage-3.8 nor may the agent reopen')
    r = agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'closed'})
    t.eq((r.status, (r.json or {}).get('status')), (200, 'closed'),
         'triage-3.9 the assigned agent closes')
    setting(srv, 'agent_close', 'false')

    # -- triage-4: tag_before_resolve
    setting(srv, 'tag_before_resolve', 'true')
    num = file(req, svcs[PC], 'Keyboard rusak')
    agent.post('/api/v1/tickets/%s/assign' % num, {})
    r = agent.post('/api/v1/tickets/%s/transitions' % num,
                   {'to': 'resolved', 'summary': 'Diganti.'})
    t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))), (422, ['tags']),
         'triage-4.1 resolving an untagged ticket: 422 naming tags')
    # taking it started the work (issue #20 item 1); the refused resolve changed nothing
    t.eq(agent.get('/api/v1/tickets/' + num).json['status'], 'in_progress',
         'triage-4.2 nothing changed')
    tk = agent.get('/api/v1/tickets/' + num).json
    agent.patch('/api/v1/tickets/' + num, {'tags': ['perangkat'], 'version': tk['version']})
    r = agent.post('/api/v1/tickets/%s/transitions' % num,
                   {'to': 'resolved', 'summary': 'Diganti.'})
    t.status(r, 200, 'triage-4.3 once tagged it resolves')
    setting(srv, 'tag_before_resolve', 'false')

    # -- triage-5: who may be a service's PIC
    r = admin.get('/api/v1/services/%d' % svcs[NET])
    t.eq(r.json.get('pic_user_id'), users['pic@demo.test'], 'triage-5.1 the demo PIC')
    for email, why in (('requester@demo.test', 'a requester'), ('vendor@demo.test', 'a vendor'),
                       ('bkpsdm@demo.test', 'tier 2 of another unit')):
        r = admin.patch('/api/v1/services/%d' % svcs[PC], {'pic_user_id': users[email]})
        t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))),
             (422, ['pic_user_id']), 'triage-5.2 %s cannot be the PIC' % why)
    r = admin.patch('/api/v1/services/%d' % svcs[NET], {'unit_id': units['BKPSDM']})
    t.eq((r.status, sorted((r.json or {}).get('error', {}).get('fields', {}))),
         (422, ['pic_user_id']), 'triage-5.3 moving the service away from its PIC\'s unit')
    t.eq(admin.get('/api/v1/services/%d' % svcs[NET]).json['unit_id'], disk,
         'triage-5.4 and nothing was written')
    r = admin.patch('/api/v1/services/%d' % svcs[PC], {'pic_user_id': users['agent2@demo.test']})
    t.status(r, 200, 'triage-5.5 a tier-1 agent may be the PIC')
    r = admin.patch('/api/v1/services/%d' % svcs[PC], {'pic_user_id': None})
    t.eq((r.status, r.json.get('pic_user_id')), (200, None), 'triage-5.6 and the PIC is cleared')
    t.status(agent.patch('/api/v1/services/%d' % svcs[PC], {'pic_user_id': None}), 403,
             'triage-5.7 only admins write it')

    # -- triage-6: escalation goes to the PIC alone
    n1 = file(req, svcs[NET], 'Internet gedung B putus')
    n2 = file(req, svcs[PC], 'Komputer tidak menyala')
    for n in (n1, n2):
        r = agent.post('/api/v1/tickets/%s/escalate' % n,
                       {'tier': 2, 'unit_id': disk, 'reason': REASON})
        t.status(r, 200, 'triage-6.0 escalated %s to Diskominfo' % n)
    rows1 = wait_for(lambda: all_sent(admin, '?ticket=' + n1)) or []
    rows2 = wait_for(lambda: all_sent(admin, '?ticket=' + n2)) or []
    pic1 = sorted(o['recipient'] for o in rows1 if o['template'] == 'ticket_escalated_pic')
    pic2 = sorted(o['recipient'] for o in rows2 if o['template'] == 'ticket_escalated_pic')
    t.eq(pic1, ['pic@demo.test'], 'triage-6.1 the service with a PIC: the PIC alone')
    t.eq(pic2, ['pic2@demo.test', 'pic@demo.test'],
         'triage-6.2 the service without a PIC: every tier-2 agent of the unit')
    mails = {outbox_id_of(m): (raw, m) for raw, m in sink.mails()}
    row = [o for o in rows1 if o['template'] == 'ticket_escalated_pic']
    raw, m = mails.get(row[0]['id'] if row else -1, (b'', None))
    t.ok(m is not None and m['To'].addresses[0].addr_spec == 'pic@demo.test' and
         len(m['To'].addresses) == 1 and not m['Cc'], 'triage-6.3 the mail is to the PIC only',
         m and str(m['To']))
    body = m.get_body(('plain',)).get_content() if m is not None else ''
    t.ok(n1 in body and REASON in body, 'triage-6.4 it names the ticket and the reason', body[:400])
    to_pic2 = [mm for _, mm in sink.mails() if 'pic2@demo.test' in str(mm['To']) and n1 in
               str(mm['Subject'])]
    t.eq(to_pic2, [], 'triage-6.5 no mail about it to the other unit agent')
    # a PIC who no longer qualifies is skipped: the unit is told instead
    admin.patch('/api/v1/users/%d' % users['pic@demo.test'], {'active': False})
    n3 = file(req, svcs[NET], 'Internet gedung C putus')
    agent.post('/api/v1/tickets/%s/escalate' % n3, {'tier': 2, 'unit_id': disk, 'reason': REASON})
    rows3 = wait_for(lambda: all_sent(admin, '?ticket=' + n3)) or []
    t.eq(sorted(o['recipient'] for o in rows3 if o['template'] == 'ticket_escalated_pic'),
         ['pic2@demo.test'], 'triage-6.6 an inactive PIC: the unit (its active agents) instead')


if __name__ == '__main__':
    Tap().run(main)
