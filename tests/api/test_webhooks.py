#!/usr/bin/env python3
"""hook-*: outbound webhooks (issue #22 item 3) against a local receiver
started here on a free port. Admins only (404 for every other role); URLs
with credentials refused; the secret write-only, shown once; every delivery
signed (the HMAC recomputed here), internal notes kept out; retries with
backoff after 500s up to the limit, then failed with the last answer kept
and a redelivery; one endpoint's deliveries in order (a later one waits for
an earlier one being retried); ticket requests answered while the receiver
hangs. Waits for conditions, never fixed sleeps."""
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import wait_for  # noqa: E402

NOTE = 'CATATAN-INTERNAL-webhook-kuda-nil'
GIVEN_SECRET = 'rahasia-uji-webhook-0123456789'


class Receiver:
    """An HTTP server in a thread: records every POST; /ok answers 200,
    /fail 500, /flaky 500 on its first two requests, /order 500 on its
    first, /hang holds the request until release()."""

    def __init__(self):
        self.lock = threading.Lock()
        self.got = []
        self.counts = {}
        self.release_ev = threading.Event()
        self.hanging = threading.Event()
        rec = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
                path = self.path
                with rec.lock:
                    n = rec.counts.get(path, 0) + 1
                    rec.counts[path] = n
                    rec.got.append({'path': path, 'headers': dict(self.headers), 'body': body,
                                    'at': time.time(), 'n': n})
                code = 200
                if path == '/fail' or (path == '/flaky' and n <= 2) or \
                        (path == '/order' and n == 1):
                    code = 500
                if path == '/hang':
                    rec.hanging.set()
                    rec.release_ev.wait(30)
                out = b'boom \x00\xff' + b'x' * 2000 if code == 500 else b'{"ok":true}'
                try:
                    self.send_response(code)
                    self.send_header('Content-Length', str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except OSError:
                    pass  # the sender gave up (timeout)

            def log_message(self, *a):
                pass

        self.srv = ThreadingHTTPServer(('127.0.0.1', 0), H)
        self.srv.daemon_threads = True
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def url(self, path):
        return 'http://127.0.0.1:%d%s' % (self.port, path)

    def on(self, path):
        with self.lock:
            return [g for g in self.got if g['path'] == path]

    def stop(self):
        self.release_ev.set()
        self.srv.shutdown()
        self.srv.server_close()


def signed_ok(g, secret):
    h = g['headers']
    want = 'sha256=' + hmac.new(secret.encode(), h['X-Loket-Timestamp'].encode() + b'.' +
                                g['body'], hashlib.sha256).hexdigest()
    return hmac.compare_digest(h.get('X-Loket-Signature', ''), want)


def deliveries(admin, hid):
    r = admin.get('/api/v1/webhooks/%d/deliveries' % hid)
    return r.json['items'] if r.status == 200 else []


def main(t):
    rx = Receiver()
    srv = Server(env={'LOKET_WEBHOOK_POLL_MS': '50', 'LOKET_WEBHOOK_BACKOFF_MS': '1000',
                      'LOKET_WEBHOOK_MAX_ATTEMPTS': '3', 'LOKET_WEBHOOK_TIMEOUT_MS': '3000'})
    secrets = []
    try:
        run(t, srv, rx, secrets)
    finally:
        rx.stop()
        with open(os.path.join(srv.dir, 'server.log'), errors='replace') as f:
            log = f.read()
        t.ok(secrets and not any(s in log for s in secrets),
             'hook-9.1 no webhook secret in the server log')
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'hook-9.2 clean exit', detail)


def run(t, srv, rx, secrets):
    admin = srv.client('admin@demo.test')
    agent = srv.client('agent@demo.test')
    req1 = srv.client('requester@demo.test')
    leader = srv.client('leader@demo.test')
    svc = admin.get('/api/v1/services').json['items'][0]['id']

    def ticket(c=req1, title='Printer rusak'):
        return c.post('/api/v1/tickets', {'title': title, 'description': 'Tidak bisa cetak.',
                                          'service_id': svc})

    # ---- who may see it, what is refused
    for who, c in (('agent', agent), ('requester', req1), ('leader', leader)):
        t.eq(c.get('/api/v1/webhooks').status, 404, 'hook-1.1 %s gets 404' % who)
    t.eq(srv.client().get('/api/v1/webhooks').status, 401, 'hook-1.2 anonymous: 401')
    r = admin.post('/api/v1/webhooks', {'url': 'http://user:pw@127.0.0.1:%d/ok' % rx.port,
                                         'events': ['ticket.created']})
    t.eq((r.status, list(r.json['error'].get('fields', {}))), (422, ['url']),
         'hook-1.3 credentials inside the URL refused')
    r = admin.post('/api/v1/webhooks', {'url': 'ftp://127.0.0.1/x', 'events': ['nope']})
    t.eq((r.status, sorted(r.json['error'].get('fields', {}))), (422, ['events', 'url']),
         'hook-1.4 a non-http URL and an unknown kind refused')

    # ---- an endpoint, its one-time secret, a signed delivery
    r = admin.post('/api/v1/webhooks', {'name': 'Dasbor', 'url': rx.url('/ok'),
                                         'events': ['ticket.created', 'ticket.commented',
                                                    'ticket.status_changed']})
    t.status(r, 201, 'hook-2.1 admin registers an endpoint')
    a_id, secret = r.json['id'], r.json.get('secret', '')
    secrets.append(secret)
    t.ok(secret.startswith('whsec_') and r.json['secret_set'],
         'hook-2.2 a generated secret is shown on creation')
    lst = admin.get('/api/v1/webhooks')
    one = admin.get('/api/v1/webhooks/%d' % a_id)
    t.ok(lst.status == 200 and secret not in json.dumps(lst.json) and
         secret not in json.dumps(one.json) and one.json['secret_set'] is True and
         'ticket.rated' in lst.json['event_kinds'],
         'hook-2.3 list and read say secret_set, never the secret')
    tk = ticket()
    t.status(tk, 201, 'hook-2.4 a ticket is opened')
    number = tk.json['number']
    got = wait_for(lambda: rx.on('/ok'))
    g = got[0] if got else None
    t.ok(g and g['headers'].get('X-Loket-Event') == 'ticket.created' and signed_ok(g, secret),
         'hook-2.5 ticket.created arrives, signed with HMAC-SHA256 of timestamp.body', g)
    p = json.loads(g['body']) if g else {}
    t.ok(p.get('ticket', {}).get('number') == number and 'description' not in p['ticket'] and
         abs(int(g['headers']['X-Loket-Timestamp']) - time.time()) < 60,
         'hook-2.6 the payload names the ticket, without its description', p)
    ds = wait_for(lambda: [d for d in deliveries(admin, a_id) if d['status'] == 'delivered'])
    t.ok(ds and str(ds[0]['id']) == g['headers'].get('X-Loket-Delivery') and
         ds[0]['last_status'] == 200 and ds[0]['attempts'] == 1,
         'hook-2.7 the delivery is listed delivered with its answer', ds)
    hook = admin.get('/api/v1/webhooks/%d' % a_id).json
    t.eq((hook['last_status'], hook['last_response']), (200, '{"ok":true}'),
         'hook-2.8 the endpoint shows the last answer')

    # ---- internal notes stay inside; a public comment goes out
    c = agent.post('/api/v1/tickets/%s/comments' % number, {'body': NOTE, 'internal': True})
    t.status(c, 201, 'hook-3.1 agent adds an internal note')
    c = agent.post('/api/v1/tickets/%s/comments' % number, {'body': 'Sedang dicek.'})
    t.status(c, 201, 'hook-3.2 and a public comment')
    got = wait_for(lambda: [x for x in rx.on('/ok')
                            if x['headers'].get('X-Loket-Event') == 'ticket.commented'])
    t.ok(got and json.loads(got[0]['body']).get('text') == 'Sedang dicek.',
         'hook-3.3 ticket.commented arrives with the public text')
    t.ok(not any(NOTE.encode() in x['body'] for x in rx.on('/ok')),
         'hook-3.4 the internal note never reached the endpoint')

    # ---- test event; a new secret signs from then on
    r = admin.post('/api/v1/webhooks/%d/test' % a_id)
    t.status(r, 202, 'hook-4.1 send a test event')
    got = wait_for(lambda: [x for x in rx.on('/ok') if x['headers'].get('X-Loket-Event') == 'ping'])
    t.ok(got and signed_ok(got[0], secret), 'hook-4.2 the ping arrives signed')
    r = admin.patch('/api/v1/webhooks/%d' % a_id, {'secret': GIVEN_SECRET})
    t.ok(r.status == 200 and 'secret' not in r.json and r.json['secret_set'],
         'hook-4.3 an admin sets a secret of their own: not echoed')
    secrets.append(GIVEN_SECRET)
    admin.post('/api/v1/webhooks/%d/test' % a_id)
    got = wait_for(lambda: [x for x in rx.on('/ok')
                            if x['headers'].get('X-Loket-Event') == 'ping'][1:])
    t.ok(got and signed_ok(got[0], GIVEN_SECRET), 'hook-4.4 the next delivery uses it')
    audit = admin.get('/api/v1/audit?resource=webhook')
    t.ok(audit.status == 200 and GIVEN_SECRET not in audit.body and
         secret not in audit.body, 'hook-4.5 no secret in the audit')

    # ---- retries with backoff, then failed with the answer kept; redelivery
    r1 = admin.post('/api/v1/webhooks', {'url': rx.url('/flaky'), 'events': 'ticket.created'})
    r2 = admin.post('/api/v1/webhooks', {'url': rx.url('/fail'), 'events': ['ticket.created']})
    t.ok(r1.status == 201 and r2.status == 201, 'hook-5.1 two more endpoints')
    secrets += [r1.json.get('secret', 'x'), r2.json.get('secret', 'x')]
    ticket(title='Jaringan lambat')
    ok = wait_for(lambda: [d for d in deliveries(admin, r1.json['id'])
                           if d['status'] == 'delivered'], timeout=30)
    fl = rx.on('/flaky')
    t.ok(ok and ok[0]['attempts'] == 3 and len(fl) == 3 and
         len({x['headers']['X-Loket-Delivery'] for x in fl}) == 1,
         'hook-5.2 after two 500s the third attempt of the same delivery succeeds', (ok, len(fl)))
    if len(fl) == 3:
        t.ok(fl[2]['at'] - fl[1]['at'] >= 1.0,
             'hook-5.3 the second retry waited longer (backoff doubles: 1 s, then 2 s)',
             [x['at'] for x in fl])
    bad = wait_for(lambda: [d for d in deliveries(admin, r2.json['id'])
                            if d['status'] == 'failed'], timeout=30)
    t.ok(bad and bad[0]['attempts'] == 3 and bad[0]['last_status'] == 500 and
         bad[0]['last_response'].startswith('boom ??') and len(bad[0]['last_response']) <= 512,
         'hook-5.4 after the limit: failed, the last answer kept truncated and printable', bad)
    rd = admin.post('/api/v1/webhooks/%d/deliveries/%d/redeliver' % (r2.json['id'], bad[0]['id'])
                    if bad else '/api/v1/webhooks/0/deliveries/0/redeliver')
    t.ok(rd.status == 202 and rd.json['redelivery_of'] == bad[0]['id'] and
         rd.json['id'] != bad[0]['id'], 'hook-5.5 redeliver queues it again as a new delivery')
    wrong = admin.post('/api/v1/webhooks/%d/deliveries/%d/redeliver' % (a_id, bad[0]['id'])
                       if bad else '/api/v1/webhooks/0/deliveries/0/redeliver')
    t.eq(wrong.status, 404, "hook-5.6 another endpoint's delivery: 404")
    admin.patch('/api/v1/webhooks/%d' % r2.json['id'], {'enabled': False})

    # ---- order per endpoint: later events wait for the first one's retry
    r = admin.post('/api/v1/webhooks', {'url': rx.url('/order'),
                                         'events': ['ticket.created', 'ticket.commented']})
    secrets.append(r.json.get('secret', 'x'))
    o_id = r.json['id']
    n2 = ticket(title='Urutan').json['number']
    for i in range(3):
        agent.post('/api/v1/tickets/%s/comments' % n2, {'body': 'balasan %d' % i})
    seq = wait_for(lambda: len(rx.on('/order')) >= 5 and rx.on('/order'), timeout=30) or []
    kinds = [(x['headers']['X-Loket-Event'], x['n']) for x in seq]
    ids = [int(x['headers']['X-Loket-Delivery']) for x in seq]
    t.ok(len(seq) == 5 and kinds[0][0] == kinds[1][0] == 'ticket.created' and
         ids[0] == ids[1] and ids[1:] == sorted(ids[1:]) and
         [json.loads(x['body']).get('text') for x in seq[2:]] ==
         ['balasan 0', 'balasan 1', 'balasan 2'],
         'hook-6.1 the comments waited for the created event to succeed, then came in order',
         kinds)
    admin.patch('/api/v1/webhooks/%d' % o_id, {'enabled': False})

    # ---- a receiver that hangs never holds a request
    r = admin.post('/api/v1/webhooks', {'url': rx.url('/hang'), 'events': ['ticket.created']})
    secrets.append(r.json.get('secret', 'x'))
    h_id = r.json['id']
    ticket(title='Menggantung')
    t.ok(rx.hanging.wait(20), 'hook-7.1 the receiver holds a delivery')
    start = time.time()
    codes = [ticket(title='Saat menggantung %d' % i).status for i in range(5)]
    took = time.time() - start
    t.ok(codes == [201] * 5 and took < 2.5 and rx.hanging.is_set() and not rx.release_ev.is_set(),
         'hook-7.2 five tickets opened while the receiver hangs (%.2f s)' % took, codes)
    admin.patch('/api/v1/webhooks/%d' % h_id, {'enabled': False})
    rx.release_ev.set()

    # ---- edit and delete
    r = admin.patch('/api/v1/webhooks/%d' % a_id, {'events': ['ticket.rated'], 'new_secret': True})
    t.ok(r.status == 200 and r.json['events'] == ['ticket.rated'] and
         r.json.get('secret', '').startswith('whsec_'),
         'hook-8.1 events changed; a new generated secret shown once')
    secrets.append(r.json.get('secret', 'x'))
    t.eq(admin.delete('/api/v1/webhooks/%d' % a_id).status, 204, 'hook-8.2 delete')
    t.eq(admin.get('/api/v1/webhooks/%d' % a_id).status, 404, 'hook-8.3 gone')


if __name__ == '__main__':
    Tap().run(main)
