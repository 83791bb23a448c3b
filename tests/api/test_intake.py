#!/usr/bin/env python3
"""intake-*: phone intake of issue #20 item 2 and the service keywords of
item 12. A request recorded for a caller is never filed in the agent's own
name: no caller chosen → 422 naming requester_id (no ticket made); the
agent's own id, or a NIP/email/phone that matches the agent → 422; a caller
the lookup cannot find is registered on the spot as a requester without a
unit; the lookup by role lists requesters only; ?q= on /services reads the
keywords."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import run_on_server  # noqa: E402


def run(t, srv):
    agent = srv.client('agent@demo.test')
    me = agent.get('/api/v1/me').json['user']
    net = [s['id'] for s in agent.get('/api/v1/services?per_page=200').json['items']
           if s['name'] == 'Gangguan Jaringan Internet'][0]
    base = {'title': 'Penelepon: internet mati', 'description': 'Lewat telepon.', 'service_id': net,
            'channel': 'phone'}
    before = agent.get('/api/v1/tickets?per_page=1').json['total']

    r = agent.post('/api/v1/tickets', base)
    t.status(r, 422, 'intake-1.1 no caller chosen: 422')
    fields = (r.json or {}).get('error', {}).get('fields', {})
    t.ok('penelepon' in fields.get('requester_id', ''), 'intake-1.2 the message asks for the caller',
         fields)
    r = agent.post('/api/v1/tickets', dict(base, requester_id=me['id']))
    t.status(r, 422, 'intake-1.3 the agent as the caller by id: 422')
    r = agent.post('/api/v1/tickets', dict(base, requester={'email': me['email'], 'name': 'X'}))
    t.status(r, 422, 'intake-1.4 the agent matched by email: 422')
    t.eq(agent.get('/api/v1/tickets?per_page=1').json['total'], before,
         'intake-1.5 no ticket made by the refused requests')

    r = agent.post('/api/v1/tickets', dict(base, requester={'name': 'Ibu Sari Wulandari',
                                                            'phone': '081377788899'}))
    t.status(r, 201, 'intake-2.1 an unknown caller is registered with the ticket')
    rq = (r.json or {}).get('requester', {})
    t.eq(rq.get('name'), 'Ibu Sari Wulandari', 'intake-2.2 the ticket is the caller\'s')
    admin = srv.client('admin@demo.test')
    u = admin.get('/api/v1/users/%d' % rq.get('id', 0)).json or {}
    t.eq((u.get('role'), u.get('unit_id'), u.get('phone')), ('requester', None, '081377788899'),
         'intake-2.3 registered as a requester without a unit')
    r = agent.post('/api/v1/tickets', dict(base, requester={'name': 'Ibu Sari',
                                                            'phone': '081377788899'}))
    t.eq((r.status, (r.json or {}).get('requester', {}).get('id')), (201, rq.get('id')),
         'intake-2.4 the same phone again finds the caller, no second account')

    found = agent.get('/api/v1/users?role=requester&q=demo.test&per_page=50').json['items']
    t.ok(found and all(x['role'] == 'requester' for x in found),
         'intake-3.1 the lookup by role lists requesters only', [x['role'] for x in found])

    names = [s['name'] for s in agent.get('/api/v1/services?q=hotspot').json['items']]
    t.eq(names, ['Gangguan Jaringan Internet'], 'intake-4.1 ?q= on services reads the keywords')


run_on_server('intake', run)
