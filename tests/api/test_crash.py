#!/usr/bin/env python3
"""crash-*: SIGKILL at random moments under concurrent writes (issue #15
item 16).

Twenty rounds on one data directory: each round starts `loket serve`, lets
a few client threads create tickets, comment and upload while the mail
worker sends the outbox to a real SMTP server (tests/api/smtp_sink.py), and
kills the server with SIGKILL once a random number of writes has been
acknowledged, plus a random few milliseconds, so the kill lands inside
requests, commits and SMTP sessions. Afterwards:

- every acknowledged write (a 201 the client received in full) is there:
  tickets by number and title, comments in the timeline, attachments with
  their exact bytes;
- every outbox row reached the SMTP server at most once (Message-ID carries
  the row id), every row marked sent reached it exactly once, and nothing is
  left pending once the server runs undisturbed. A row claimed when the
  kill came stays 'sending' until its lease ends and is then marked failed,
  never sent again on its own (notify/mailer.c): at most once, by design;
  the worker claims one row at a time, so each kill cuts at most one row.

The RNG seed is printed; LOKET_CRASH_SEED=N replays the same choices (the
moments of the kills depend on timing as well)."""
import email.parser
import glob
import hashlib
import os
import random
import sys
import threading
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402
from test_mail_out import MAIL_FROM, Sink, outbox_id_of, restart, wait_for  # noqa: E402

ROUNDS = 20
WORKERS = 3
CUT = [0]  # requests that died with the server (approximate: not locked)
PDF = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]'
       b'/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n')


class Acked:
    """What the clients were told was saved."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tickets = {}      # number -> title
        self.comments = []     # (number, body)
        self.files = []        # (number, id, sha256)
        self.count = 0         # acknowledged writes this round

    def add(self, kind, item):
        with self.lock:
            if kind == 'ticket':
                self.tickets[item[0]] = item[1]
            else:
                (self.comments if kind == 'comment' else self.files).append(item)
            self.count += 1

    def some_ticket(self, rng):
        with self.lock:
            return rng.choice(sorted(self.tickets)) if self.tickets else None


def worker(rng, clients, net, req2, acked, stop, tag):
    """Writes until the server is gone; records only what was acknowledged."""
    n = 0
    while not stop.is_set():
        n += 1
        roll = rng.random()
        number = acked.some_ticket(rng)
        try:
            if roll < 0.4 or not number:
                title = 'Crash %s-%d' % (tag, n)
                body = {'title': title, 'description': 'uji mati mendadak', 'service_id': net}
                if rng.random() < 0.5:
                    r = clients['req1'].post('/api/v1/tickets', body)
                else:  # recorded by tier 1 for requester2: a mail to them too
                    body.update(requester_id=req2, channel='phone')
                    r = clients['agent'].post('/api/v1/tickets', body)
                if r.status == 201:
                    acked.add('ticket', (r.json['number'], title))
            elif roll < 0.7:
                text = 'komentar %s-%d %08x' % (tag, n, rng.getrandbits(32))
                r = clients['agent'].post('/api/v1/tickets/%s/comments' % number, {'body': text})
                if r.status == 201:
                    acked.add('comment', (number, text))
            else:
                # a PDF of 1-64 KiB whose comment lines make every file unique
                filler = b''.join(b'%%%032x\n' % rng.getrandbits(128)
                                  for _ in range(rng.randint(30, 2000)))
                data = PDF + filler + b'%%EOF\n'
                r = clients['agent'].upload('/api/v1/tickets/%s/attachments' % number,
                                            'lampiran-%s-%d.pdf' % (tag, n), data)
                if r.status == 201:
                    acked.add('file', (number, r.json['id'], hashlib.sha256(data).hexdigest()))
        except RuntimeError:  # the connection died with the server: not acknowledged
            CUT[0] += 1


def kill(srv):
    srv.proc.kill()
    srv.proc.wait()
    srv.log.close()


def crash_rounds(t, srv, rng, acked):
    admin = srv.client('admin@demo.test')
    svc = {s['name']: s['id'] for s in admin.get('/api/v1/services?per_page=200').json['items']}
    net = svc['Gangguan Jaringan Internet']
    req2 = [u['id'] for u in admin.get('/api/v1/users?per_page=200').json['items']
            if u['email'] == 'requester2@demo.test'][0]
    # one session set per worker thread: sessions live in the database, so
    # they survive every restart
    sessions = [{'req1': srv.client('requester@demo.test'), 'agent': srv.client('agent@demo.test')}
                for _ in range(WORKERS)]
    cut, before = [], 0
    for rnd in range(ROUNDS):
        if rnd:
            restart(srv)
        target = rng.randint(1, 12)
        jitter = rng.random() * 0.05
        with acked.lock:
            acked.count = 0
        stop = threading.Event()
        threads = [threading.Thread(target=worker, args=(
            random.Random(rng.getrandbits(64)), sessions[i], net, req2, acked, stop,
            '%d.%d' % (rnd, i))) for i in range(WORKERS)]
        for th in threads:
            th.start()
        # kill once `target` writes were acknowledged, a moment later
        reached = wait_for(lambda: acked.count >= target, timeout=60, step=0.005)
        time.sleep(jitter)  # where the kill lands, not a wait for anything
        kill(srv)
        stop.set()
        for th in threads:
            th.join()
        if not reached:
            t.ok(False, 'crash-1.%d round reached %d acknowledged writes' % (rnd + 1, target))
        now = sending_rows(srv)
        cut.append(now - before)
        before = now
    t.ok(True, 'crash-1 %d rounds, each killed with SIGKILL under load' % ROUNDS)
    # The worker claims one row at a time, so a kill cuts at most the one
    # mail in flight, never a batch of rows that had not reached SMTP yet.
    t.ok(max(cut) <= 1, 'crash-14 each kill left at most one row mid-send', cut)


def sending_rows(srv):
    return srv.sql("SELECT count(*) FROM outbox WHERE status = 'sending'")[0][0]


def verify_writes(t, srv, acked):
    admin = srv.client('admin@demo.test')
    missing = []
    for number, title in sorted(acked.tickets.items()):
        r = admin.get('/api/v1/tickets/%s' % number)
        if r.status != 200 or r.json.get('title') != title:
            missing.append('ticket %s: %r' % (number, r))
    t.ok(not missing, 'crash-2 all %d acknowledged tickets are there, by number and title'
         % len(acked.tickets), '\n'.join(missing[:20]))
    missing = []
    by_ticket = {}
    for number, text in acked.comments:
        by_ticket.setdefault(number, []).append(text)
    for number, texts in sorted(by_ticket.items()):
        ev = admin.get('/api/v1/tickets/%s/events' % number)
        bodies = Counter(e.get('body') for e in (ev.json or {}).get('items', [])
                         if e['kind'] == 'comment')
        missing += ['comment on %s: %r (x%d)' % (number, x, bodies[x]) for x in texts
                    if bodies[x] != 1]
    t.ok(not missing, 'crash-3 all %d acknowledged comments are in their timelines, once'
         % len(acked.comments), '\n'.join(missing[:20]))
    missing = []
    for number, aid, sha in acked.files:
        r = admin.get('/api/v1/attachments/%s' % aid)
        got = hashlib.sha256(r.body.encode()).hexdigest() \
            if r.status == 200 else None
        if got != sha:
            missing.append('attachment %s on %s: %d, sha256 %s' % (aid, number, r.status, got))
    t.ok(not missing, 'crash-4 all %d acknowledged attachments are there, byte for byte'
         % len(acked.files), '\n'.join(missing[:20]))
    return admin


def verify_store(t, srv):
    """Acknowledged or not, what the database holds is whole: each ticket has
    its 'created' event, each attachment row its file with those bytes."""
    orphans = [n for (n,) in srv.sql(
        "SELECT number FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e"
        " WHERE e.ticket_id = t.id AND e.kind = 'created')")]
    t.ok(not orphans, 'crash-6 every ticket in the database has its created event', orphans)
    bad = []
    rows = srv.sql('SELECT id, stored_name, size, sha256 FROM attachments')
    for aid, name, size, sha in rows:
        try:
            with open(os.path.join(srv.dir, 'attachments', name), 'rb') as f:
                data = f.read()
        except OSError as e:
            bad.append('%d: %s' % (aid, e))
            continue
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            bad.append('%d: %d bytes, sha256 differs' % (aid, len(data)))
    t.ok(not bad, 'crash-7 every attachment row (%d) has its file, byte for byte' % len(rows),
         bad[:20])
    # one change, one notification: a write replayed after a kill (or a
    # group commit retried) would queue the same mail twice under new ids
    dup = srv.sql('SELECT ticket_id, template, recipient, count(*) FROM outbox'
                  ' GROUP BY ticket_id, template, recipient, vars'
                  ' HAVING count(*) > 1')
    t.ok(not dup, 'crash-13 no notification is queued twice', dup[:20])
    # Files a kill left without a row waste disk but lose nothing: counted.
    tmp = os.path.join(srv.dir, 'attachments', 'tmp')
    stored = {n for (_, n, _, _) in rows}
    top = os.path.join(srv.dir, 'attachments')
    loose = [n for d in os.listdir(top) if d != 'tmp'
             for n in ['%s/%s' % (d, f) for f in os.listdir(os.path.join(top, d))]
             if n not in stored]
    print('# left behind by kills: %d upload temp files, %d stored files without a row'
          % (len(os.listdir(tmp)) if os.path.isdir(tmp) else 0, len(loose)))
    out = dict(srv.sql("SELECT id, status FROM outbox WHERE channel = 'email'"))
    return out


def verify_mail(t, srv, sink, admin):
    # undisturbed now: whatever is still pending goes out
    drained = wait_for(lambda: admin.get('/api/v1/outbox?status=pending').json['items'] == [],
                       timeout=60, step=0.05)
    t.ok(drained, 'crash-5 the outbox drains once the server runs undisturbed')
    rows = verify_store(t, srv)  # WAL: reading beside the running server is safe
    ok, detail = srv.stop(keep=t.failed > 0)
    t.ok(ok, 'crash-8 the last run stops cleanly on SIGTERM (no sanitizer report)', detail)
    parser = email.parser.BytesHeaderParser()
    delivered = Counter()
    for path in glob.glob(os.path.join(sink.dir, '*.eml')):
        with open(path, 'rb') as f:
            delivered[outbox_id_of(parser.parse(f))] += 1
    twice = {i: n for i, n in delivered.items() if n > 1}
    t.ok(not twice, 'crash-9 no outbox row reached the SMTP server twice (%d mails, %d rows)'
         % (sum(delivered.values()), len(rows)), twice)
    unknown = [i for i in delivered if i not in rows]
    t.ok(not unknown, 'crash-10 every mail received is an outbox row', unknown[:20])
    sent = [i for i, s in rows.items() if s == 'sent']
    t.ok(all(delivered[i] == 1 for i in sent),
         'crash-11 every row marked sent reached the SMTP server exactly once (%d)' % len(sent),
         [i for i in sent if delivered[i] != 1][:20])
    status = Counter(rows.values())
    cut = [i for i, s in rows.items() if s in ('sending', 'failed')]
    t.ok(set(status) <= {'sent', 'sending', 'failed'}, 'crash-12 nothing left pending',
         dict(status))
    # Rows a kill interrupted between claim and finish: sent or not, they
    # are never sent again by themselves (an admin may resend after checking).
    print('# outbox: %s; %d interrupted by a kill, %d of them had reached the SMTP server'
          % (dict(status), len(cut), sum(1 for i in cut if delivered[i])))


def main(t):
    seed = int(os.environ.get('LOKET_CRASH_SEED') or random.SystemRandom().getrandbits(32))
    print('# seed %d (replay the choices with LOKET_CRASH_SEED=%d)' % (seed, seed))
    rng = random.Random(seed)
    started = time.time()
    sink = Sink()
    srv = Server(env={'LOKET_SMTP_URL': 'smtp://127.0.0.1:%d' % sink.port,
                      'LOKET_MAIL_FROM': MAIL_FROM, 'LOKET_OUTBOX_POLL_MS': '20',
                      'LOKET_OUTBOX_BACKOFF_MS': '50'})
    acked = Acked()
    try:
        crash_rounds(t, srv, rng, acked)
        tmp = os.path.join(srv.dir, 'attachments', 'tmp')
        left = sorted(os.listdir(tmp)) if os.path.isdir(tmp) else []
        # a kill's leftovers, aged past the hour the sweep waits (a live
        # upload keeps writing its file), and one that could still be live
        os.makedirs(tmp, exist_ok=True)
        for f in left:
            os.utime(os.path.join(tmp, f), (time.time() - 7200, time.time() - 7200))
        with open(os.path.join(tmp, 'live.part'), 'wb') as f:
            f.write(b'x')
        restart(srv)
        t.ok(wait_for(lambda: sorted(os.listdir(tmp)) == ['live.part'], timeout=30),
             'crash-15 temp files of killed uploads (%d) are deleted, a fresh one kept'
             % len(left), sorted(os.listdir(tmp)))
        os.unlink(os.path.join(tmp, 'live.part'))
        admin = verify_writes(t, srv, acked)
        verify_mail(t, srv, sink, admin)
    finally:
        if srv.proc.poll() is None:
            srv.stop(keep=True)
        sink.cleanup()
        print('# %.1f s; %d requests cut by a kill' % (time.time() - started, CUT[0]))


if __name__ == '__main__':
    Tap().run(main)
