#!/usr/bin/env python3
"""tools-*: the agent tools of issue #20 over HTTP (docs/agent-tools.md).

In-app notifications (the bell): who hears of an assignment, a reply, an
internal note and a status change; never the actor; never someone who may
not see the ticket (an outside vendor and an internal note); one unread row
per ticket and kind; each user reads and marks only their own.

Attachment preview: ?inline=1 shows raster images and PDF inline with the
type read from the bytes, nosniff and a sandboxing policy, framable by the
app alone; every other type, and every download without ?inline=1, stays
an attachment under the app's strict policy. The attachment list carries
the ticket's limits for the reply box's checks.

The requester's history reuses GET /api/v1/tickets?requester_id=: a tier-2
agent sees only what their scope lets them."""
import io
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loket import file_ticket, make_png, run_on_server  # noqa: E402

PDF = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
       b'2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n'
       b'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n'
       b'trailer<</Root 1 0 R>>\n%%EOF\n')


def zip_bytes():
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w') as z:
        z.writestr('a.txt', 'isi')
    return b.getvalue()


def alerts(c, number=None, **q):
    qs = '&'.join('%s=%s' % kv for kv in q.items())
    r = c.get('/api/v1/me/alerts' + ('?' + qs if qs else ''))
    assert r.status == 200, r
    items = r.json['items']
    if number:
        items = [x for x in items if x['ticket']['number'] == number]
    return items, r.json['unread']


def kinds(c, number):
    return sorted(x['kind'] for x in alerts(c, number)[0] if not x['read'])


def notification_checks(t, srv):
    req = srv.client('requester@demo.test')
    req2 = srv.client('requester2@demo.test')
    agent = srv.client('agent@demo.test')
    admin = srv.client('admin@demo.test')
    vendor = srv.client('vendor@demo.test')
    num = file_ticket(req, 'Printer ruang rapat macet', 'Kertas tersangkut')
    t.eq(kinds(req, num) + kinds(agent, num), [], 'tools-1.1 filing a ticket tells nobody')

    # an admin assigns the ticket to the agent: the agent hears, the admin not
    r = admin.post('/api/v1/tickets/%s/assign' % num, {'assignee_id': agent.user['id']})
    t.status(r, 200, 'tools-1.2 admin assigns the ticket to the agent')
    t.eq(kinds(agent, num), ['assigned'], 'tools-1.3 the agent has "assigned to you"')
    t.eq(kinds(admin, num), [], 'tools-1.4 the admin (the actor) has nothing')
    it = alerts(agent, num)[0][0]
    t.eq((it['ticket']['title'], it['actor_name'], it['read']),
         ('Printer ruang rapat macet', 'Administrator Helpdesk', False),
         'tools-1.5 the row names the ticket and who did it')

    # taking one's own ticket is one's own action
    num2 = file_ticket(req, 'Akun email terkunci')
    t.status(agent.post('/api/v1/tickets/%s/assign' % num2, {}), 200, 'tools-1.6 the agent takes a ticket')
    t.eq(kinds(agent, num2), [], 'tools-1.7 taking a ticket oneself tells nobody')
    # taking it starts the work (Diproses): the requester gets the mail and the bell
    t.eq(kinds(req, num2), ['status'], 'tools-1.8 the requester hears the work began')

    # the agent's public reply: the requester hears, the agent (actor) not
    t.status(agent.post('/api/v1/tickets/%s/comments' % num, {'body': 'Sedang kami cek.',
                                                              'internal': False}),
             201, 'tools-2.1 the agent replies')
    t.eq(kinds(req, num), ['reply'], 'tools-2.2 the requester has "new reply on your ticket"')
    agent_before = kinds(agent, num)
    t.eq(agent_before, ['assigned'], 'tools-2.3 the agent\'s own reply adds nothing for the agent')
    # a second reply before the first was read: still one row, moved
    agent.post('/api/v1/tickets/%s/comments' % num, {'body': 'Teknisi menuju lokasi.',
                                                    'internal': False})
    t.eq(kinds(req, num), ['reply'], 'tools-2.4 a second unread reply stays one row')
    t.eq([x['kind'] for x in alerts(req2, num)[0]], [],
         'tools-2.5 another unit\'s requester hears nothing of it')

    # the requester answers: the assignee hears
    t.status(req.post('/api/v1/tickets/%s/comments' % num, {'body': 'Terima kasih.',
                                                            'internal': False}),
             201, 'tools-3.1 the requester answers')
    t.eq(kinds(agent, num), ['assigned', 'reply'], 'tools-3.2 the assignee has the reply')

    # an internal note by the admin: the assignee hears, the requester never
    req_before = kinds(req, num)
    t.status(admin.post('/api/v1/tickets/%s/comments' % num, {'body': 'Cek garansi printer.',
                                                              'internal': True}),
             201, 'tools-4.1 the admin writes an internal note')
    t.eq(kinds(agent, num), ['assigned', 'note', 'reply'], 'tools-4.2 the assignee has the note')
    t.eq(kinds(req, num), req_before, 'tools-4.3 the requester hears nothing of a note')

    # a status change by the agent: the requester hears, with the new status
    r = agent.post('/api/v1/tickets/%s/transitions' % num, {'to': 'resolved',
                                                           'summary': 'Kertas dilepas.'})
    t.status(r, 200, 'tools-5.1 the agent resolves the ticket')
    st = [x for x in alerts(req, num)[0] if x['kind'] == 'status' and not x['read']]
    t.eq([x['detail'] for x in st], ['resolved'], 'tools-5.2 the requester has "status: resolved"')
    t.ok(all(x['kind'] != 'status' or x['read'] for x in alerts(agent, num)[0]),
         'tools-5.3 the agent (the actor) has no status row')

    # an outside vendor who may not read internal notes hears of none
    num3 = file_ticket(req, 'Jaringan lantai 2 putus')
    t.status(admin.post('/api/v1/tickets/%s/assign' % num3, {'assignee_id': vendor.user['id']}),
             200, 'tools-6.1 admin assigns a ticket to the vendor\'s agent')
    t.eq(kinds(vendor, num3), ['assigned'], 'tools-6.2 the vendor has "assigned to you"')
    admin.post('/api/v1/tickets/%s/comments' % num3, {'body': 'Catatan internal harga.',
                                                     'internal': True})
    t.eq(kinds(vendor, num3), ['assigned'],
         'tools-6.3 a vendor without sees_internal hears nothing of an internal note')
    admin.post('/api/v1/tickets/%s/comments' % num3, {'body': 'Mohon dicek.', 'internal': False})
    t.eq(kinds(vendor, num3), ['assigned', 'reply'], 'tools-6.4 ... but of a public reply')

    # an automation rule's assignment tells the assignee too (no actor: the system)
    svc = [x for x in admin.get('/api/v1/services?per_page=200').json['items']
           if x['kind'] == 'ticket'][0]['id']
    rule = {'name': 'Uji lonceng', 'events': ['created'],
            'conditions': {'words': ['lonceng']},
            'actions': [{'type': 'assign', 'user_id': agent.user['id']}]}
    t.status(admin.post('/api/v1/automation/rules', rule), 201, 'tools-6.5 admin adds an assigning rule')
    num4 = req.post('/api/v1/tickets', {'title': 'Uji lonceng printer', 'description': 'x',
                                        'service_id': svc}).json['number']
    got = [(x['kind'], x['actor_name']) for x in alerts(agent, num4)[0]]
    t.eq(got, [('assigned', None)], 'tools-6.6 the rule\'s assignee has "assigned to you"')

    # reading: only one's own rows
    mine = alerts(req, num)[0][0]
    r = req2.post('/api/v1/me/alerts/%d/read' % mine['id'], {})
    t.eq((r.status, r.code()), (404, 'inapp.not_found'),
         'tools-7.1 another user cannot mark the row read (404)')
    t.eq(alerts(req, num)[0][0]['read'], False, 'tools-7.2 ... and it stays unread')
    t.eq((req2.post('/api/v1/me/alerts/999999/read', {}).status), 404,
         'tools-7.3 an unknown id answers 404')
    before = req.get('/api/v1/me/alerts/count').json['unread']
    r = req.post('/api/v1/me/alerts/%d/read' % mine['id'], {})
    t.eq((r.status, r.json['marked'], r.json['unread']), (200, 1, before - 1),
         'tools-7.4 marking one read: marked 1, the count drops by one')
    t.eq(alerts(req, num)[0][0]['read'], True, 'tools-7.5 the row reads as read')
    unread_only, _ = alerts(req, unread='true')
    t.ok(all(not x['read'] for x in unread_only), 'tools-7.6 ?unread=true lists only unread rows')
    r = req.post('/api/v1/me/alerts/read-all', {})
    t.eq((r.status, r.json['unread']), (200, 0), 'tools-7.7 mark all read leaves 0 unread')
    t.eq(req.get('/api/v1/me/alerts/count').json, {'unread': 0}, 'tools-7.8 the count is 0')
    t.eq(req.get('/api/v1/me/alerts?limit=0').status, 422, 'tools-7.9 limit 0 is refused (422)')
    t.eq(req.get('/api/v1/me/alerts?unread=ya').status, 422, 'tools-7.10 unread=ya is refused')
    t.eq(srv.client().get('/api/v1/me/alerts/count').status, 401,
         'tools-7.11 signed out: 401')
    return num, req, agent


def preview_checks(t, srv, num, req, agent):
    up = '/api/v1/tickets/%s/attachments' % num
    png = req.upload(up, 'layar.png', make_png())
    pdf = req.upload(up, 'surat.pdf', PDF)
    zp = req.upload(up, 'berkas.zip', zip_bytes())
    t.eq((png.status, pdf.status, zp.status), (201, 201, 201), 'tools-8.1 three files uploaded')
    lst = agent.get(up).json
    t.ok(lst['limits']['max_bytes'] > 0 and 'png' in lst['limits']['types'].split(','),
         'tools-8.2 the list carries the limits', repr(lst.get('limits')))

    def get(a, inline):
        return agent.get('/api/v1/attachments/%d%s' % (a.json['id'], '?inline=1' if inline else ''))

    r = get(png, False)
    t.ok(r.headers.get('content-disposition', '').startswith('attachment;')
         and r.headers.get('x-frame-options') == 'DENY'
         and "frame-ancestors 'none'" in r.headers.get('content-security-policy', ''),
         'tools-8.3 without ?inline=1 a PNG is a download under the app policy', repr(r.headers))
    for name, a, ctype in (('PNG', png, 'image/png'), ('PDF', pdf, 'application/pdf')):
        r = get(a, True)
        csp = r.headers.get('content-security-policy', '')
        t.ok(r.status == 200 and r.headers.get('content-type') == ctype
             and r.headers.get('content-disposition', '').startswith('inline;')
             and r.headers.get('x-content-type-options') == 'nosniff'
             and 'sandbox' in csp.split('; ') and "default-src 'none'" in csp
             and "frame-ancestors 'self'" in csp
             and r.headers.get('x-frame-options') == 'SAMEORIGIN',
             'tools-8.4 %s with ?inline=1: %s, inline, nosniff, sandboxed' % (name, ctype),
             repr(r.headers))
    r = get(zp, True)
    t.ok(r.headers.get('content-disposition', '').startswith('attachment;')
         and r.headers.get('x-frame-options') == 'DENY'
         and r.headers.get('x-content-type-options') == 'nosniff',
         'tools-8.5 a ZIP stays a download even with ?inline=1', repr(r.headers))
    r = srv.client('requester2@demo.test').get('/api/v1/attachments/%d?inline=1' % png.json['id'])
    t.eq((r.status, r.code()), (404, 'attachment.not_found'),
         'tools-8.6 someone who may not see the ticket gets 404 inline too')


def history_checks(t, srv, req):
    agent = srv.client('agent@demo.test')
    pic = srv.client('pic@demo.test')
    uid = req.user['id']
    mine = agent.get('/api/v1/tickets?requester_id=%d&per_page=50' % uid)
    t.ok(mine.status == 200 and len(mine.json['items']) >= 3
         and all(x['requester']['id'] == uid for x in mine.json['items']),
         'tools-9.1 tier 1 lists the requester\'s tickets', repr(mine))
    theirs = pic.get('/api/v1/tickets?requester_id=%d&per_page=50' % uid)
    seen = {x['number'] for x in theirs.json['items']}
    t.ok(theirs.status == 200 and len(seen) < len(mine.json['items']),
         'tools-9.2 a tier-2 agent sees fewer of them (the visibility rule)', repr(theirs))
    for n in seen:
        t.eq(pic.get('/api/v1/tickets/%s' % n).status, 200,
             'tools-9.3 the tier-2 agent may open %s it lists' % n)


def run(t, srv):
    num, req, agent = notification_checks(t, srv)
    preview_checks(t, srv, num, req, agent)
    history_checks(t, srv, req)


if __name__ == '__main__':
    run_on_server('tools', run)
