#!/usr/bin/env python3
"""outside-*: a read that starts after another process committed sees that
commit, even when the answer was cached just before (issue #15 item 3; the
server asks SQLite's data_version at the start of every request,
store/sqlite/watch.c). Before, another process's commit showed only after
the checkpointer's next poll (20 ms), and api-mail_in failed on fast
machines. On PostgreSQL the same promise is kept by NOTIFY loket_gen
(store/pg/driver.c). Many rounds: a poll that happens to land in between hides the bug
now and then, never in every round."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import BIN, file_ticket, run_on_server  # noqa: E402

MAIL = """From: "dr. Maya Lestari" <requester@demo.test>
Content-Type: text/plain; charset=utf-8
Subject: Re: [{num}] Printer
Date: Tue, 1 Dec 2026 11:20:45 +0700
In-Reply-To: <loket.1.{num}@localhost>
Message-Id: <outside-{i}@demo.test>
To: helpdesk@localhost

Balasan ke-{i} dari surel.
"""


def comments(agent, num):
    r = agent.get('/api/v1/tickets/%s/events' % num)
    return [e['body'] for e in r.json['items'] if e['kind'] == 'comment']


def run(t, srv):
    agent = srv.client('agent@demo.test')
    req = srv.client('requester@demo.test')
    num = file_ticket(req, 'Printer')

    # `loket mail-in` in its own process, then the (cached) events at once
    missed = []
    for i in range(8):
        before = comments(agent, num)  # fills the cache
        p = subprocess.run([BIN, 'mail-in'], input=MAIL.format(num=num, i=i).encode(),
                           env=srv.env, capture_output=True, timeout=60)
        if p.returncode != 0:
            missed.append((i, p.stdout + p.stderr))
            continue
        after = comments(agent, num)
        if after != before + ['Balasan ke-%d dari surel.' % i]:
            missed.append((i, after[-2:]))
    t.eq(missed, [], 'outside-1 a comment mail-in committed shows in the next events read')

    # plain SQL from this process: the ticket list and the events, cached.
    # On PostgreSQL a node hears of other processes' commits through NOTIFY
    # loket_gen (docs/postgresql.md), which every loket process sends with
    # its commits: a plain SQL writer sends it too, in the same transaction
    notify = "; NOTIFY loket_gen, 'data'" if srv.pg else ''
    tid = srv.sql('SELECT id FROM tickets WHERE number = ?', (num,))[0][0]
    missed = []
    for i in range(40):
        before = comments(agent, num)
        body = 'Catatan luar %d' % i
        srv.sql_exec("INSERT INTO ticket_events (ticket_id, at, actor_id, kind, body) "
                     "SELECT ?, 1767225700, id, 'comment', ? FROM users "
                     "WHERE email = 'agent@demo.test'" + notify, (tid, body))
        after = comments(agent, num)
        if after != before + [body]:
            missed.append((i, after[-2:]))
    t.eq(missed, [], 'outside-2 a row committed by another connection shows in the next read')

    missed = []
    url = '/api/v1/tickets?per_page=1'
    for i in range(20):
        before = agent.get(url).json['total']
        srv.sql_exec("INSERT INTO tickets (number, title, description, service_id,"
                     " requester_id, channel, status, created_at, updated_at) SELECT"
                     " ?, title, description, service_id, requester_id, channel,"
                     " status, created_at, updated_at FROM tickets WHERE id = ?" + notify,
                     ('LKT-2026-8%05d' % i, tid))
        after = agent.get(url).json['total']
        if after != before + 1:
            missed.append((i, before, after))
    t.eq(missed, [], 'outside-3 the list total (kept counts) follows another process\'s insert')


if __name__ == '__main__':
    run_on_server('outside', run)
