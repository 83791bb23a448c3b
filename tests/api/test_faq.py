#!/usr/bin/env python3
"""faq-*: articles rendered safely from Markdown, search and suggestions,
helpful votes, proposals approved or rejected by staff (issue #3)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402


def main(t):
    srv = Server()
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'server exits cleanly (status 0, no sanitizer report)', detail)


def run(t, srv):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req = srv.client('requester@demo.test')
    leader = srv.client('leader@demo.test')

    md = ('Cara **mengatur ulang** kata sandi surel:\n\n1. Buka portal\n2. Klik *Lupa sandi*\n\n'
          '<script>alert(1)</script> [aman](https://pemda.go.id) [jahat](javascript:alert(1)) '
          '![img](javascript:alert(2))')
    r = agent.post('/api/v1/faq', {'question': 'Bagaimana mengatur ulang kata sandi surel?',
                                   'answer': md})
    t.status(r, 201, 'faq-1.1 staff create an article')
    html = (r.json or {}).get('answer_html', '')
    t.ok('<strong>mengatur ulang</strong>' in html and '<ol>' in html,
         'faq-1.2 Markdown rendered', html)
    t.ok('<script>' not in html and '&lt;script&gt;' in html, 'faq-1.3 raw HTML escaped', html)
    t.ok('href="https://pemda.go.id"' in html and 'javascript:' not in html,
         'faq-1.4 javascript: links neutralised', html)
    fid = (r.json or {}).get('id')
    t.status(req.post('/api/v1/faq', {'question': 'abc?', 'answer': 'x'}), 403,
             'faq-1.5 requesters cannot write articles')
    r = agent.post('/api/v1/faq', {'question': 'Draf internal rahasia', 'answer': 'belum',
                                   'published': False})
    draft = (r.json or {}).get('id')
    t.status(r, 201, 'faq-1.6 unpublished draft')
    t.status(req.get('/api/v1/faq/%s' % draft), 404, 'faq-1.7 drafts hidden from requesters')
    t.ok('rahasia' not in req.get('/api/v1/faq?q=rahasia').body, 'faq-1.8 drafts not searchable')
    t.status(agent.post('/api/v1/faq', {'question': 'ab', 'answer': ''}), 422,
             'faq-1.9 validation 422')

    r = req.get('/api/v1/faq/suggest?q=lupa%20kata%20sandi')
    t.eq([x['id'] for x in (r.json or {}).get('items', [])], [fid], 'faq-2.1 suggest by words')
    r = req.get('/api/v1/faq?q=SURELNYA')
    t.eq((r.json or {}).get('total'), 0, 'faq-2.2 longer word does not match a shorter term')
    r = req.get('/api/v1/faq?q=sure')
    t.eq((r.json or {}).get('total'), 1, 'faq-2.3 prefix search')
    t.eq(req.get('/api/v1/faq/suggest?q=ab').json['items'], [], 'faq-2.4 short query: nothing')
    r = req.get('/api/v1/faq')
    t.ok(r.status == 200 and [x['id'] for x in r.json['items']] == [fid] and r.json['total'] == 1,
         'faq-2.5 list without a query: published articles only', r)
    r = agent.get('/api/v1/faq?category_id=999')
    t.eq((r.status, r.json and r.json['total']), (200, 0), 'faq-2.6 list by category, no query')

    r = req.post('/api/v1/faq/%s/helpful' % fid, {'helpful': True})
    t.eq((r.status, (r.json or {}).get('counted')), (200, True), 'faq-3.0 first vote counted')
    r2 = req.post('/api/v1/faq/%s/helpful' % fid, {'helpful': False})
    t.eq((r2.status, (r2.json or {}).get('counted'), r2.json.get('helpful_no')), (200, False, 0),
         'faq-3.0.1 a second vote by the same user: 200, not counted (issue #15 item 11)')
    agent.post('/api/v1/faq/%s/helpful' % fid, {'helpful': False})
    r = req.get('/api/v1/faq/%s' % fid)
    t.eq(((r.json or {}).get('helpful_yes'), r.json.get('helpful_no')), (1, 1),
         'faq-3.1 helpful counts one vote per user')
    t.status(req.post('/api/v1/faq/%s/helpful' % fid, {'helpful': 'yes'}), 422,
             'faq-3.2 helpful must be boolean')

    r = req.post('/api/v1/faq-proposals', {'question': 'Bagaimana cara memasang VPN kantor?'})
    t.status(r, 201, 'faq-4.1 requester proposes')
    pid = (r.json or {}).get('id')
    t.status(leader.post('/api/v1/faq-proposals', {'question': 'Boleh?'}), 403,
             'faq-4.2 leaders do not propose')
    r = req.post('/api/v1/faq-proposals/%s/approve' % pid, {'answer': 'x'})
    t.status(r, 403, 'faq-4.3 requesters cannot approve')
    r = agent.post('/api/v1/faq-proposals/%s/approve' % pid, {})
    t.status(r, 422, 'faq-4.4 approving needs an answer')
    r = agent.post('/api/v1/faq-proposals/%s/approve' % pid,
                   {'answer': 'Unduh klien VPN dari portal TIK lalu masuk dengan akun dinas.'})
    t.status(r, 200, 'faq-4.5 approve publishes')
    art = (r.json or {}).get('article_id')
    t.ok(art and req.get('/api/v1/faq/%s' % art).status == 200, 'faq-4.6 article is public')
    t.status(agent.post('/api/v1/faq-proposals/%s/reject' % pid, {'reason': 'dobel'}), 409,
             'faq-4.7 a reviewed proposal cannot be reviewed again')
    r = req.post('/api/v1/faq-proposals', {'question': 'Kapan gaji ke-13 cair?'})
    p2 = (r.json or {}).get('id')
    t.status(agent.post('/api/v1/faq-proposals/%s/reject' % p2, {}), 422,
             'faq-4.8 rejecting needs a reason')
    r = agent.post('/api/v1/faq-proposals/%s/reject' % p2,
                   {'reason': 'Bukan layanan helpdesk TIK'})
    t.eq(((r.json or {}).get('status'), r.json.get('reject_reason')),
         ('rejected', 'Bukan layanan helpdesk TIK'), 'faq-4.9 rejected with reason')
    mine = req.get('/api/v1/faq-proposals').json
    t.eq(mine['total'], 2, 'faq-4.10 requester lists own proposals')
    other = srv.client('requester2@demo.test').get('/api/v1/faq-proposals').json
    t.eq(other['total'], 0, 'faq-4.11 and nobody else\'s')
    ob = [o['template'] for o in admin.get('/api/v1/outbox').json['items']]
    t.ok(ob.count('faq_proposal_received') == 2 and ob.count('faq_proposal_reviewed') == 2,
         'faq-4.12 proposer is told by mail (queued)', ob)

    t.status(agent.delete('/api/v1/faq/%s' % fid), 204, 'faq-5.1 delete')
    t.status(req.get('/api/v1/faq/%s' % fid), 404, 'faq-5.2 gone')
    t.eq(req.get('/api/v1/faq/suggest?q=sandi').json['items'], [], 'faq-5.3 gone from search')


if __name__ == '__main__':
    Tap().run(main)
