#!/usr/bin/env python3
"""macros-*: issue #20 agent tools, macros over HTTP.

  macros-1  who sees them: admins all, agents the active ones, 404 to
            requesters and leaders; only admins write (403 to agents);
  macros-2  create, read, search, edit, switch off, delete;
  macros-3  an invalid macro is 422 macro.invalid naming the field: no
            action, a resolving internal note, "assign": "user" without an
            assignee, an unknown tag, a broken template, a tag twice;
  macros-4  applying the demo's "Tangani gangguan jaringan" assigns the
            agent, tags, replies with the template variables filled in and
            moves the status, each on the timeline after a "macro" event the
            requester does not see;
  macros-5  all or nothing: a step the ticket service refuses (the status)
            undoes the reply, the tags and the assignment before it;
  macros-6  errors on apply: unknown macro 404 macro.not_found, a switched
            off one 422 macro.invalid, a ticket the agent cannot see 404,
            requesters and leaders 404, a bad macro_id 422;
  macros-7  an internal-note macro writes a note the requester cannot read."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap, run_on_server  # noqa: E402

M = '/api/v1/macros'


def field(r, name):
    return ((r.json or {}).get('error') or {}).get('fields', {}).get(name)


def new_ticket(c, title):
    svc = [s for s in c.get('/api/v1/services?per_page=200').json['items']
           if s['name'] == 'Gangguan Jaringan Internet'][0]['id']
    r = c.post('/api/v1/tickets', {'title': title, 'description': 'Internet mati sejak pagi.',
                                   'service_id': svc})
    assert r.status == 201, r
    return r.json['number']


def events(c, num):
    return c.get('/api/v1/tickets/%s/events' % num).json['items']


def run(t, srv):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    pic = srv.client('pic@demo.test')
    leader = srv.client('leader@demo.test')
    req = srv.client('requester@demo.test')

    # -- macros-1: visibility
    listed = admin.get(M + '?per_page=100')
    t.status(listed, 200, 'macros-1 the admin lists the macros')
    by_name = {m['name']: m for m in listed.json['items']}
    t.ok({'Tangani gangguan jaringan', 'Minta data tambahan', 'Selesai: gangguan pulih',
          'Catatan serah terima'} <= set(by_name), 'macros-1 the demo brings four macros',
         sorted(by_name))
    t.status(agent.get(M), 200, 'macros-1 an agent lists them')
    t.status(pic.get(M), 200, 'macros-1 a tier-2 agent lists them')
    for who, c in (('leader', leader), ('requester', req)):
        r = c.get(M)
        t.ok(r.status == 404 and r.code() == 'not_found', 'macros-1 %s gets 404' % who, r)
        t.status(c.post(M, {'name': 'x', 'body': 'y'}), 404, 'macros-1 %s cannot create (404)' % who)
    r = agent.post(M, {'name': 'Punya agen', 'body': 'Halo'})
    t.ok(r.status == 403 and r.code() == 'forbidden', 'macros-1 an agent may not create (403)', r)
    t.status(agent.delete('%s/%d' % (M, by_name['Catatan serah terima']['id'])), 403,
             'macros-1 an agent may not delete (403)')

    # -- macros-2: CRUD
    r = admin.post(M, {'name': 'Uji makro', 'body': 'Halo {{requester_name}}',
                       'status': 'in_progress', 'tags': ' akun , perangkat', 'assign': 'self'})
    t.status(r, 201, 'macros-2 create')
    mid = r.json['id']
    t.ok(r.json['tags'] == ' akun , perangkat' and r.json['assign'] == 'self'
         and r.json['internal'] is False and r.json['active'] is True,
         'macros-2 the created macro as sent, with defaults', r.json)
    t.eq(admin.get('%s/%d' % (M, mid)).json['name'], 'Uji makro', 'macros-2 read')
    found = admin.get(M + '?q=Uji').json['items']
    t.ok([m['name'] for m in found] == ['Uji makro'], 'macros-2 search by name', found)
    r = admin.patch('%s/%d' % (M, mid), {'assign': None, 'status': 'waiting'})
    t.ok(r.status == 200 and r.json['assign'] is None and r.json['status'] == 'waiting',
         'macros-2 edit', r)
    r = admin.patch('%s/%d' % (M, mid), {'active': False})
    t.status(r, 200, 'macros-2 switch off')
    t.ok(mid not in [m['id'] for m in agent.get(M + '?per_page=100').json['items']],
         'macros-2 agents no longer list a switched-off macro')
    t.status(agent.get('%s/%d' % (M, mid)), 404, 'macros-2 nor read it')
    t.ok(mid in [m['id'] for m in admin.get(M + '?per_page=100').json['items']],
         'macros-2 admins still do')
    t.status(admin.post(M, {'name': 'uji MAKRO', 'body': 'dua'}), 409,
             'macros-2 a second macro of the same name is 409')

    # -- macros-3: invalid macros
    def bad(body, name, fld, want_code='macro.invalid'):
        r = admin.post(M, body)
        t.ok(r.status == 422 and r.code() == want_code and field(r, fld),
             'macros-3 %s: 422 %s naming %s' % (name, want_code, fld), r)
    bad({'name': 'Kosong'}, 'no action', 'body')
    bad({'name': 'Tutup diam-diam', 'body': 'catatan', 'internal': True, 'status': 'resolved'},
        'resolving with an internal note', 'status')
    bad({'name': 'Selesai tanpa kata', 'status': 'resolved'}, 'resolving without a reply', 'status')
    bad({'name': 'Ke siapa', 'assign': 'user'}, 'assign to nobody', 'assignee_id')
    bad({'name': 'Label asing', 'tags': 'jaringan, tidak-ada-label'}, 'an unknown tag', 'tags')
    bad({'name': 'Label ganda', 'tags': 'akun, AKUN'}, 'a tag twice', 'tags')
    bad({'name': 'Label kosong', 'tags': 'akun,,perangkat'}, 'an empty tag', 'tags')
    bad({'name': 'Templat rusak', 'body': 'Halo {{#requester_name}}'}, 'a broken template', 'body')
    bad({'name': 'Status asing', 'status': 'closed'}, 'a status macros cannot set', 'status',
        'validation')
    requester_id = req.user['id']
    bad({'name': 'Ke pemohon', 'assign': 'user', 'assignee_id': requester_id},
        'assign to a requester', 'assignee_id')
    r = admin.patch('%s/%d' % (M, by_name['Minta data tambahan']['id']), {'body': None})
    t.ok(r.status == 200, 'macros-3 a macro keeps working with a status alone', r)
    t.ok(all(m['name'] != 'Kosong' for m in admin.get(M + '?per_page=100').json['items']),
         'macros-3 nothing invalid was stored')

    # -- macros-4: apply
    num = new_ticket(req, 'Wi-Fi lantai 3 mati')
    before = len(events(agent, num))
    r = agent.post('/api/v1/tickets/%s/macro' % num,
                   {'macro_id': by_name['Tangani gangguan jaringan']['id']})
    t.status(r, 200, 'macros-4 apply answers the ticket')
    tk = agent.get('/api/v1/tickets/' + num).json
    t.eq(tk['status'], 'in_progress', 'macros-4 status in progress')
    t.eq((tk.get('assignee') or {}).get('id'), agent.user['id'], 'macros-4 assigned to the agent')
    t.ok('jaringan' in tk['tags'], 'macros-4 tagged jaringan', tk['tags'])
    evs = events(agent, num)[before:]
    kinds = [e['kind'] for e in evs]
    t.ok(kinds[:1] == ['macro'] and evs[0]['new_value'] == 'Tangani gangguan jaringan'
         and evs[0]['internal'], 'macros-4 the timeline starts with the macro (internal)', kinds)
    for k in ('assigned', 'tags', 'comment', 'status'):
        t.ok(k in kinds, 'macros-4 a %s event' % k, kinds)
    comment = [e for e in evs if e['kind'] == 'comment'][0]
    want = ('Yth. dr. Maya Lestari, laporan %s tentang "Wi-Fi lantai 3 mati" sudah kami terima '
            'dan sedang ditangani oleh Siti Rahmawati.' % num)
    t.ok(comment['body'].startswith(want) and comment['actor_name'] == 'Siti Rahmawati',
         'macros-4 the reply with the variables filled in, by the agent', comment)
    seen = events(req, num)
    t.ok(any(e['kind'] == 'comment' and e['body'].startswith(want) for e in seen)
         and not any(e['kind'] == 'macro' for e in seen),
         'macros-4 the requester reads the reply but not the macro event',
         [e['kind'] for e in seen])
    r = agent.post('/api/v1/tickets/%s/macro' % num,
                   {'macro_id': by_name['Tangani gangguan jaringan']['id']})
    kinds2 = [e['kind'] for e in events(agent, num)[before + len(evs):]]
    t.ok(r.status == 200 and 'status' not in kinds2 and 'tags' not in kinds2
         and 'assigned' not in kinds2, 'macros-4 again: what is already so is skipped', kinds2)

    # -- macros-5: all or nothing
    num = new_ticket(req, 'Printer tidak mencetak')
    r = agent.post('/api/v1/tickets/%s/transitions' % num,
                   {'to': 'resolved', 'summary': 'Driver dipasang ulang.'})
    t.status(r, 200, 'macros-5 the ticket is resolved by hand')
    snap = agent.get('/api/v1/tickets/' + num).json
    n_ev = len(events(agent, num))
    r = admin.post(M, {'name': 'Tanya lagi', 'body': 'Apakah sudah normal?', 'status': 'waiting',
                       'tags': 'berulang', 'assign': 'user', 'assignee_id': agent.user['id']})
    t.status(r, 201, 'macros-5 a macro that waits')
    wait_id = r.json['id']
    r = admin.post('/api/v1/tickets/%s/macro' % num, {'macro_id': wait_id})
    t.ok(r.status == 409 and r.code() == 'ticket.invalid_transition',
         'macros-5 resolved cannot go to waiting: 409 from the status step', r)
    after = agent.get('/api/v1/tickets/' + num).json
    t.ok(after['version'] == snap['version'] and after['tags'] == snap['tags']
         and after['assignee'] == snap['assignee'] and after['status'] == 'resolved',
         'macros-5 the ticket is as before', (snap, after))
    t.eq(len(events(agent, num)), n_ev, 'macros-5 no event was left behind (no reply either)')

    # -- macros-6: errors on apply
    num = new_ticket(req, 'Akun email terkunci')
    r = agent.post('/api/v1/tickets/%s/macro' % num, {'macro_id': 999999})
    t.ok(r.status == 404 and r.code() == 'macro.not_found', 'macros-6 unknown macro 404', r)
    r = agent.post('/api/v1/tickets/%s/macro' % num, {'macro_id': mid})
    t.ok(r.status == 422 and r.code() == 'macro.invalid' and field(r, 'active'),
         'macros-6 a switched-off macro 422 naming active', r)
    r = agent.post('/api/v1/tickets/%s/macro' % num, {'macro_id': 'satu'})
    t.ok(r.status == 422 and field(r, 'macro_id'), 'macros-6 macro_id must be an id', r)
    r = pic.post('/api/v1/tickets/%s/macro' % num, {'macro_id': wait_id})
    t.ok(r.status == 404 and r.code() == 'ticket.not_found',
         'macros-6 a tier-2 agent on a ticket not escalated to them: 404', r)
    for who, c in (('requester', req), ('leader', leader)):
        r = c.post('/api/v1/tickets/%s/macro' % num, {'macro_id': wait_id})
        t.ok(r.status == 404, 'macros-6 %s applying: 404' % who, r)
    r = admin.post(M, {'name': 'Label sementara', 'tags': 'pimpinan'})
    t.status(r, 201, 'macros-6 a macro with a tag')
    tmp_id = r.json['id']
    tag = [x for x in admin.get('/api/v1/tags?per_page=100').json['items']
           if x['name'] == 'pimpinan'][0]
    admin.patch('/api/v1/tags/%d' % tag['id'], {'active': False})
    r = agent.post('/api/v1/tickets/%s/macro' % num, {'macro_id': tmp_id})
    t.ok(r.status == 422 and r.code() == 'macro.invalid' and 'pimpinan' in (field(r, 'tags') or ''),
         'macros-6 its tag switched off since: 422 naming the tag', r)
    admin.patch('/api/v1/tags/%d' % tag['id'], {'active': True})
    t.status(admin.delete('%s/%d' % (M, tmp_id)), 204, 'macros-2 delete')
    t.status(admin.get('%s/%d' % (M, tmp_id)), 404, 'macros-2 then 404')

    # -- macros-7: internal note
    r = agent.post('/api/v1/tickets/%s/macro' % num,
                   {'macro_id': by_name['Catatan serah terima']['id']})
    t.status(r, 200, 'macros-7 apply the hand-over note')
    mine = events(agent, num)
    t.ok(any(e['kind'] == 'note' and e['internal'] and e['body'].startswith('Serah terima:')
             for e in mine), 'macros-7 an internal note', [e['kind'] for e in mine])
    t.ok('berulang' in agent.get('/api/v1/tickets/' + num).json['tags'], 'macros-7 tagged')
    t.ok(not any((e.get('body') or '').startswith('Serah terima:') for e in events(req, num)),
         'macros-7 the requester does not read it')


if __name__ == '__main__':
    run_on_server('macros', run)
