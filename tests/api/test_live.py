#!/usr/bin/env python3
"""live-*: the live desk's event stream, GET /api/v1/events (issue #20
point 3, docs/live.md).

Streams are opened with curl (the session cookie as a browser's
EventSource sends it, or a bearer token) and read line by line. Checked:
events reach the streams of those who see the ticket and only theirs (a
requester never gets another requester's ticket, by number or at all; an
internal note reaches staff only); a Last-Event-ID of this process replays
what was missed, an unknown one asks for a refresh; presence heartbeats
reach the staff viewing the same ticket, and a ticket the caller may not
see is 404; the per-node cap answers 503; heartbeat comments keep an idle
stream open; stopping the server ends the streams cleanly."""
import json
import os
import queue
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap, file_ticket  # noqa: E402


class Stream:
    """One open event stream, read by curl on a thread: events are
    (event, id, data) tuples in a queue; comments are counted."""

    def __init__(self, srv, client=None, token=None, last_id=None):
        args = ['curl', '-sN', '--max-time', '60', '-D', '-']
        if client:
            args += ['-b', client.jar]
        if token:
            args += ['-H', 'Authorization: Bearer ' + token]
        if last_id:
            args += ['-H', 'Last-Event-ID: ' + last_id]
        args.append(srv.url + '/api/v1/events')
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE)
        self.q = queue.Queue()
        self.status = None
        self.comments = 0
        self.ended = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        ev, eid, data, in_headers = 'message', None, [], True
        for raw in self.proc.stdout:
            line = raw.decode('utf-8', 'replace').rstrip('\r\n')
            if in_headers:
                if line.startswith('HTTP/'):
                    self.status = int(line.split()[1])
                elif line == '':
                    in_headers = False
                    self.q.put(('open', None, self.status))
                continue
            if line == '':
                if data:
                    self.q.put((ev, eid, json.loads('\n'.join(data))))
                ev, data = 'message', []
            elif line.startswith(':'):
                self.comments += 1
            elif line.startswith('event: '):
                ev = line[7:]
            elif line.startswith('id: '):
                eid = line[4:]
            elif line.startswith('data: '):
                data.append(line[6:])
        self.ended.set()

    def wait_open(self, timeout=5):
        return self.q.get(timeout=timeout)[2]

    def take(self, pred, timeout=5):
        """The first event matching pred within timeout (others dropped), or None."""
        end = time.time() + timeout
        while time.time() < end:
            try:
                e = self.q.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                return None
            if pred(e):
                return e
        return None

    def drain(self, wait=1.0):
        """Everything that arrives within wait seconds."""
        out, end = [], time.time() + wait
        while time.time() < end:
            try:
                out.append(self.q.get(timeout=max(0.01, end - time.time())))
            except queue.Empty:
                break
        return out

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(10)


def reopen(srv, client, last_id=None, token=None):
    """A stream opened once the server noticed closed ones are gone (a
    parked stream learns of it at its next heartbeat, 1 s here): the cap
    of 5 still counts them until then."""
    end = time.time() + 5
    while True:
        s = Stream(srv, client, token=token, last_id=last_id)
        if s.wait_open() == 200 or time.time() > end:
            return s
        s.close()
        s.ended.wait(5)


def about(number, kind=None):
    return lambda e: e[0] == 'ticket' and e[2].get('number') == number and \
        (kind is None or e[2].get('kind') == kind)


def run(t, srv):
    agent = srv.client('agent@demo.test')
    admin = srv.client('admin@demo.test')
    req1 = srv.client('requester@demo.test')
    req2 = srv.client('requester2@demo.test')

    anon = srv.client().get('/api/v1/events')
    t.eq((anon.status, anon.code()), (401, 'auth.required'), 'live-1.1 a stream needs a sign-in')

    s_agent, s_req1, s_req2 = Stream(srv, agent), Stream(srv, req1), Stream(srv, req2)
    t.eq([s.wait_open() for s in (s_agent, s_req1, s_req2)], [200, 200, 200],
         'live-1.2 three streams open (session cookie)')

    # a requester's new ticket: the agent and its requester hear of it, the other requester not
    start = time.time()
    num = file_ticket(req1, 'Proyektor ruang rapat mati', 'Tidak menyala sejak pagi.')
    e = s_agent.take(about(num, 'created'), 2)
    t.ok(e is not None and time.time() - start < 2, 'live-1.3 the agent hears of the new ticket within 2 s', e)
    t.ok(e and set(e[2]) == {'ticket', 'number', 'kind', 'actor'} and e[2]['actor'] == req1.user['id'],
         'live-1.4 an event carries ids and its kind only', e)
    t.ok(s_agent.take(lambda x: x[0] == 'counts', 2) is not None, 'live-1.5 a new ticket moves the counts')
    t.ok(s_req1.take(about(num, 'created'), 2) is not None, 'live-1.6 its requester hears of it')

    # the agent replies: the requester's page hears; a note is for staff only
    r = agent.post('/api/v1/tickets/%s/comments' % num, {'body': 'Teknisi segera datang.', 'internal': False})
    t.status(r, 201, 'live-2.1 the agent replies')
    t.ok(s_req1.take(about(num, 'commented'), 2) is not None, 'live-2.2 the reply reaches the requester\'s stream')
    r = agent.post('/api/v1/tickets/%s/comments' % num, {'body': 'Catatan: cek kabel HDMI.', 'internal': True})
    t.status(r, 201, 'live-2.3 the agent writes an internal note')
    t.ok(s_agent.take(about(num, 'commented'), 2) is not None, 'live-2.4 staff hear of the note')
    r = agent.post('/api/v1/tickets/%s/assign' % num, {})
    t.ok(r.status in (200, 201), 'live-2.5 the agent takes the ticket', r)
    t.ok(s_agent.take(about(num, 'updated'), 2) is not None, 'live-2.6 taking it is an update')
    got = s_req1.drain(1.5)
    t.ok(not [x for x in got if x[0] == 'ticket' and x[2]['kind'] == 'commented'],
         'live-2.7 the requester hears nothing of the internal note', got)

    # the other requester saw nothing of this ticket at all, not even its number
    seen = s_req2.drain(0.5)
    text = json.dumps(seen)
    t.ok(num not in text and not [x for x in seen if x[0] in ('ticket', 'presence')],
         'live-3.1 another requester never gets the ticket', seen)
    num2 = file_ticket(req2, 'Laptop lambat', 'Butuh waktu lama.')
    t.ok(s_req2.take(about(num2), 2) is not None, 'live-3.2 ...but gets their own')
    got = s_req1.drain(1.0)
    t.ok(num2 not in json.dumps(got), 'live-3.3 and the first requester does not get it', got)

    # resumption: the id of the last event replays what came after it
    e = s_agent.take(about(num2, 'created'), 2)
    last = e[1] if e else ''
    r = agent.post('/api/v1/tickets/%s/comments' % num2, {'body': 'Sudah dicek.', 'internal': False})
    t.ok(s_agent.take(about(num2, 'commented'), 2) is not None, 'live-4.1 the comment is on the open stream')
    s_again = Stream(srv, agent, last_id=last)
    s_again.wait_open()
    t.ok(s_again.take(about(num2, 'commented'), 2) is not None,
         'live-4.2 Last-Event-ID replays the events after it')
    s_again.close()
    s_old = reopen(srv, agent, '12.34')
    t.ok(s_old.take(lambda x: x[0] == 'refresh', 2) is not None,
         'live-4.3 an id this process does not hold asks for a refresh')
    s_old.close()
    s_bad = reopen(srv, agent, 'x' * 300)
    t.ok(s_bad.take(lambda x: x[0] == 'refresh', 2) is not None, 'live-4.4 a malformed id asks for a refresh')
    s_bad.close()

    # a bearer token works as well as the cookie
    tok = admin.post('/api/v1/tokens', {'name': 'live'}).json['token']
    s_tok = reopen(srv, None, token=tok)
    t.eq(s_tok.status, 200, 'live-5.1 a stream with a bearer token')
    admin.post('/api/v1/tickets/%s/comments' % num, {'body': 'Admin melihat.', 'internal': False})
    t.ok(s_tok.take(about(num, 'commented'), 2) is not None, 'live-5.2 ...gets events')
    s_tok.close()

    # presence: the admin views the ticket, the agent's stream is told; requesters are not
    r = admin.post('/api/v1/tickets/%s/presence' % num, {'state': 'typing'})
    t.status(r, 204, 'live-6.1 a presence heartbeat')
    e = s_agent.take(lambda x: x[0] == 'presence' and x[2]['number'] == num, 2)
    t.ok(e and [v['name'] for v in e[2]['viewers']] == [admin.user['name']] and e[2]['viewers'][0]['typing'],
         'live-6.2 the agent hears who is typing on the ticket', e)
    r = admin.post('/api/v1/tickets/%s/presence' % num, {'state': 'left'})
    e = s_agent.take(lambda x: x[0] == 'presence' and x[2]['number'] == num, 2)
    t.ok(e and e[2]['viewers'] == [], 'live-6.3 ...and when they leave', e)
    got = s_req1.drain(0.5) + s_req2.drain(0.1)
    t.ok(not [x for x in got if x[0] == 'presence'], 'live-6.4 requesters get no presence events', got)
    r = req2.post('/api/v1/tickets/%s/presence' % num, {'state': 'viewing'})
    t.eq((r.status, r.code()), (404, 'ticket.not_found'), 'live-6.5 presence on a ticket one may not see is 404')
    r = agent.post('/api/v1/tickets/%s/presence' % num, {'state': 'dancing'})
    t.status(r, 422, 'live-6.6 an unknown state is refused')

    # an idle stream gets heartbeat comments (LOKET_LIVE_HEARTBEAT_SECONDS=1)
    before = s_req2.comments
    time.sleep(2.5)
    t.ok(s_req2.comments >= before + 1, 'live-7.1 heartbeat comments on an idle stream',
         (before, s_req2.comments))

    # the per-node cap (LOKET_LIVE_MAX_STREAMS=5): three open, two more fit, the sixth is 503
    extra = [reopen(srv, agent) for _ in range(2)]
    r = agent.get('/api/v1/events')
    t.eq((r.status, r.code(), r.headers.get('retry-after')), (503, 'live.full', '30'),
         'live-8.1 past the cap a stream is refused with Retry-After')
    for s in extra:
        s.close()

    # stopping the server ends the open streams (the test harness checks the exit)
    srv.proc.send_signal(2)
    t.ok(s_agent.ended.wait(10) and s_req1.ended.wait(5), 'live-9.1 stopping ends the streams')
    for s in (s_agent, s_req1, s_req2):
        s.close()


def main(t):
    srv = Server(env={'LOKET_LIVE_HEARTBEAT_SECONDS': '1', 'LOKET_LIVE_MAX_STREAMS': '5'})
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'live-9.2 server exits cleanly', detail)


Tap().run(main)
