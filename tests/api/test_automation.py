#!/usr/bin/env python3
"""automation-*: issue #22 item 1, the admins' automation rules over HTTP.

  automation-1  only admins see /automation/rules (404 for every other role);
  automation-2  a bad condition or action is 422 with a stable code naming
                the field;
  automation-3  a rule created through the API acts on the next ticket in
                the same request: assignment, tag, an "automation" timeline
                event naming the rule, the notice in the outbox; the report
                counts follow the assignment;
  automation-4  switched off it does nothing; reorder; the dry run lists the
                matching tickets of the last 7 days and writes nothing;
  automation-5  delete, then 404."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402

RULES = '/api/v1/automation/rules'


def ids(c, path):
    return {x['name']: x['id'] for x in c.get('/api/v1/%s?per_page=200' % path).json['items']}


def sql(srv, query, args=()):
    return srv.sql(query, args)


def main(t):
    srv = Server()
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'automation-9 server exits cleanly', detail)


def run(t, srv):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    leader = srv.client('leader@demo.test')
    req = srv.client('requester@demo.test')
    net = ids(req, 'services')['Gangguan Jaringan Internet']
    siti = [u['id'] for u in admin.get('/api/v1/users?per_page=200').json['items']
            if u['email'] == 'agent@demo.test'][0]

    # -- automation-1: admins only
    seeded = admin.get(RULES)
    t.status(seeded, 200, 'automation-1 the admin lists the rules')
    t.ok(all(not r['enabled'] for r in seeded.json['items']) and len(seeded.json['items']) >= 2,
         'automation-1 the demo brings example rules, switched off', seeded.json)
    for who, c in (('agent', agent), ('leader', leader), ('requester', req)):
        t.status(c.get(RULES), 404, 'automation-1 %s gets 404' % who)
        t.status(c.post(RULES, {'name': 'x'}), 404, 'automation-1 %s may not create' % who)

    # -- automation-2: errors name the field
    rule = {'name': 'Jaringan: Siti, label, kabar', 'events': ['created'],
            'conditions': {'service_ids': [net], 'words': ['automasi']},
            'actions': [{'type': 'assign', 'user_id': siti},
                        {'type': 'add_tags', 'tags': ['jaringan']},
                        {'type': 'notify', 'to': 'requester',
                         'message': 'Tiket Anda sudah kami teruskan ke petugas jaringan.'}]}
    bad = dict(rule, actions=[{'type': 'assign'}])
    r = admin.post(RULES, bad)
    t.ok(r.status == 422 and r.json['error']['code'] == 'automation.bad_action' and
         'actions[0].unit_id' in r.json['error'].get('fields', {}),
         'automation-2 an assignment to nobody: 422 automation.bad_action actions[0].unit_id',
         r.body)
    r = admin.post(RULES, dict(rule, conditions={'rating_max': 9}))
    t.ok(r.status == 422 and r.json['error']['code'] == 'automation.bad_condition' and
         'conditions.rating_max' in r.json['error'].get('fields', {}),
         'automation-2 rating 9: 422 automation.bad_condition conditions.rating_max', r.body)
    r = admin.post(RULES, dict(rule, events=['kemarin']))
    t.ok(r.status == 422 and r.json['error']['code'] == 'automation.bad_event',
         'automation-2 an unknown event: 422 automation.bad_event', r.body)

    # -- automation-3: it acts in the request that files the ticket
    r = admin.post(RULES, rule)
    t.status(r, 201, 'automation-3 rule created')
    rid = r.json['id']
    t.eq((r.json['enabled'], r.json['events'], r.json['conditions']['words']),
         (True, ['created'], ['automasi']), 'automation-3 the rule as stored')
    r = req.post('/api/v1/tickets', {'title': 'Uji automasi Wi-Fi', 'description': 'Mati.',
                                     'service_id': net})
    t.status(r, 201, 'automation-3 ticket filed')
    num = r.json['number']
    tk = admin.get('/api/v1/tickets/' + num).json
    t.eq((tk.get('assignee_id'), tk.get('tags')), (siti, ['jaringan']),
         'automation-3 assigned to Siti and tagged at once')
    ev = admin.get('/api/v1/tickets/%s/events' % num).json
    ev = ev.get('items', ev) if isinstance(ev, dict) else ev
    auto = [e for e in ev if e.get('kind') == 'automation']
    t.eq(sorted(e.get('field') for e in auto), ['assign', 'notify', 'tags'],
         'automation-3 one timeline event per action')
    t.ok(all(e.get('body') == rule['name'] for e in auto),
         'automation-3 each event names the rule', auto)
    tid = sql(srv, 'SELECT id FROM tickets WHERE number = ?', (num,))[0][0]
    mails = [m[0] for m in sql(srv, 'SELECT template FROM outbox WHERE ticket_id = ?', (tid,))]
    t.ok('automation_notice' in mails and 'ticket_assigned' in mails,
         'automation-3 the notice and the assignment mail are in the outbox', mails)
    runs = sql(srv, 'SELECT count(*) FROM ticket_rule_runs WHERE rule_id = ? AND ticket_id = ?',
               (rid, tid))[0][0]
    t.eq(runs, 0, 'automation-3 a rule on "created" alone needs no run row (a ticket is '
         'created once; the timeline names the rule)')
    # the writer counts a new ticket's report figures in memory (triggers off):
    # the rule's assignment moves them as the UPDATE triggers would
    for dim, col in (('agent', "coalesce(CAST(assignee_id AS TEXT), '')"),
                     ('priority', "coalesce(CAST(priority_id AS TEXT), '')")):
        want = sorted(sql(srv, 'SELECT (created_at + 25200) / 86400, %s, count(*) FROM tickets '
                               'WHERE booking = 0 GROUP BY 1, 2' % col))
        got = sorted(sql(srv, 'SELECT day, key, n FROM report_daily WHERE dim = ? AND n != 0',
                         (dim,)))
        t.eq(got, want, 'automation-3 report_daily %s counts equal the tickets' % dim)
    other = req.post('/api/v1/tickets', {'title': 'Internet lambat', 'description': 'Lambat.',
                                         'service_id': net}).json['number']
    t.eq(admin.get('/api/v1/tickets/' + other).json.get('assignee_id'), None,
         'automation-3 a ticket without the word is left alone')

    # -- automation-4: off, reorder, dry run
    r = admin.patch('%s/%d' % (RULES, rid), {'enabled': False})
    t.eq((r.status, r.json.get('enabled')), (200, False), 'automation-4 switched off')
    off = req.post('/api/v1/tickets', {'title': 'Automasi lagi', 'description': 'Mati lagi.',
                                       'service_id': net}).json['number']
    t.eq(admin.get('/api/v1/tickets/' + off).json.get('assignee_id'), None,
         'automation-4 a rule switched off does nothing')
    order = [x['id'] for x in admin.get(RULES).json['items']]
    r = admin.post(RULES + '/reorder', {'ids': [rid] + [i for i in order if i != rid]})
    t.eq([x['id'] for x in r.json['items']][0] if r.status == 200 else r.body, rid,
         'automation-4 reordered: the rule runs first')
    before = sql(srv, 'SELECT count(*), max(version) FROM tickets')
    r = admin.post('%s/%d/dry-run' % (RULES, rid))
    nums = [x['number'] for x in r.json.get('items', [])] if r.status == 200 else r.body
    t.ok(r.status == 200 and num in nums and off in nums and other not in nums,
         'automation-4 the dry run lists the matching tickets of the week', nums)
    r = admin.post('/api/v1/automation/dry-run', dict(rule, conditions={'words': ['lambat']}))
    t.ok(r.status == 200 and [x['number'] for x in r.json['items']] == [other],
         'automation-4 a dry run of a rule not saved', r.body)
    t.eq(sql(srv, 'SELECT count(*), max(version) FROM tickets'), before,
         'automation-4 a dry run writes nothing')
    t.status(agent.post('/api/v1/automation/dry-run', rule), 404,
             'automation-4 an agent gets 404 for the dry run')

    # -- automation-5: delete
    t.status(admin.delete('%s/%d' % (RULES, rid)), 204, 'automation-5 deleted')
    t.status(admin.get('%s/%d' % (RULES, rid)), 404, 'automation-5 then 404')


if __name__ == '__main__':
    Tap().run(main)
