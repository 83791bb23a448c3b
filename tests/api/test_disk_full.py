#!/usr/bin/env python3
"""disk-full-*: when the disk refuses writes, writes answer 507 with the
code storage.full (not 500, not a 400 on uploads), reads keep working, the
search indexer's retries log one line a minute, and writes work again once
there is room (issue #15 item 4).

How the disk fills, without a small filesystem to fill:
- the database: the server is restarted with LOKET_TEST_MAX_PAGES=1, read
  only by the SQLite driver for tests, which sets PRAGMA max_page_count on
  every connection (never below a file's size, so no file can grow). A
  write that needs a new page then fails with SQLITE_FULL, the code SQLite
  gives for ENOSPC, and the server's mapping is the one a full disk meets.
- an upload: the running server's RLIMIT_FSIZE is lowered with prlimit(2),
  so the kernel refuses the file's write() past that offset (EFBIG; the
  server ignores SIGXFSZ). ENOSPC, EDQUOT and EFBIG are mapped alike."""
import os
import random
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402

LIMIT = 1 << 20


def indexer_lines(srv):
    with open(os.path.join(srv.dir, 'server.log'), errors='replace') as f:
        return [l for l in f if 'search indexer' in l]


def main(t):
    srv = Server()
    rnd = random.Random(15)
    try:
        req = srv.client('requester@demo.test')
        svc = [s['id'] for s in req.get('/api/v1/services?per_page=100').json['items']
               if s['kind'] == 'ticket'][0]
        r = req.post('/api/v1/tickets', {'title': 'Printer macet', 'description': 'kertas',
                                         'service_id': svc})
        t.status(r, 201, 'disk-full-1.1 a ticket is created while there is room')
        num = r.json['number']

        # Some pages of room in the database, so tickets fit (and wait for
        # the indexer) before it is full, whatever the demo data takes; the
        # search index cannot grow at all.
        srv.restart({'LOKET_TEST_MAX_PAGES': '+64', 'LOKET_TEST_SEARCH_MAX_PAGES': '1'})
        req = srv.client('requester@demo.test')  # a session row: a free page

        def create(i):  # words never seen: the search index must grow too
            words = ' '.join('kata%x' % rnd.getrandbits(40) for _ in range(300))
            return req.post('/api/v1/tickets', {'title': 'Printer %d macet' % i,
                                                'description': words, 'service_id': svc})
        statuses = []
        for i in range(1, 400):
            r = create(i)
            statuses.append(r.status)
            if r.status != 201:
                break
        t.eq((statuses[-1], r.code()), (507, 'storage.full'),
             'disk-full-1.2 a write the database cannot hold answers 507 storage.full')
        t.ok(r.json['error']['message'], 'disk-full-1.3 with a message', r)
        t.ok(len(statuses) > 1 and set(statuses[:-1]) == {201},
             'disk-full-1.4 tickets fit before it, nothing else', statuses[:3])
        r = create(1000)
        t.eq((r.status, r.code()), (507, 'storage.full'), 'disk-full-1.5 and again')

        t.status(req.get('/api/v1/tickets/%s' % num), 200, 'disk-full-2.1 a ticket still reads')
        r = req.get('/api/v1/tickets?per_page=5')
        t.ok(r.status == 200 and r.json['items'], 'disk-full-2.2 the list still reads', r)
        t.status(req.get('/healthz'), 200, 'disk-full-2.3 healthz')

        resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE, (LIMIT, resource.RLIM_INFINITY))
        up = req.upload('/api/v1/tickets/%s/attachments' % num, 'besar.pdf',
                        b'%PDF-1.4\n' + b'0' * (2 * LIMIT))
        resource.prlimit(srv.proc.pid, resource.RLIMIT_FSIZE,
                         (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        t.eq((up.status, up.code()), (507, 'storage.full'),
             'disk-full-3.1 an upload the disk refuses is 507, not 400')

        # The indexer has tickets to index and fails each retry (every
        # 250 ms); its warning is written once a minute.
        deadline = time.monotonic() + 20
        while not indexer_lines(srv) and time.monotonic() < deadline:
            time.sleep(0.1)
        first = time.monotonic()
        t.eq(len(indexer_lines(srv)), 1, 'disk-full-4.1 the indexer logs its failure')
        while time.monotonic() - first < 3:  # 12 retries: unlimited, 12 lines
            time.sleep(0.25)
        t.eq(len(indexer_lines(srv)), 1, 'disk-full-4.2 and not again within the minute')

        srv.restart({'LOKET_TEST_MAX_PAGES': None})
        req = srv.client('requester@demo.test')
        t.status(create(2000), 201, 'disk-full-5.1 with room again, writes work')
    finally:
        ok, detail = srv.stop()
        t.ok(ok, 'disk-full-5.2 the server stops cleanly', detail)


if __name__ == '__main__':
    Tap().run(main)
