#!/usr/bin/env python3
"""Fixed request sets for bench/appointments_instr.sh (issue #16): the
same bookings and queue reads as bench/appointments.sh, but a fixed number
of each, so the server's instruction count per request (callgrind) can be
compared between builds on a machine too busy for wrk figures.

Usage: appt_instr_client.py URL PHASE ARGS...
  book N CONC DAYS FIRST   N bookings (persons FIRST.., on the comma-separated
                           DAYS in turn), CONC at once; prints the 201s
  read N CONC READERS [FIRST]  N queue reads by READERS different requesters
                           (persons FIRST.., default 0)
  mixed ROUNDS READS       ROUNDS times: one booking, then READS phone reads
Env: BENCH_TOKENS (file, one token a line, the last the staff's),
BENCH_SERVICE, BENCH_QUEUE_PATH, BENCH_FIRST (the first person of mixed)."""
import http.client
import os
import sys
import threading
import urllib.parse

URL = urllib.parse.urlsplit(sys.argv[1])
TOKENS = open(os.environ['BENCH_TOKENS']).read().split()
STAFF = TOKENS.pop()
SERVICE = os.environ['BENCH_SERVICE']
QUEUE = os.environ.get('BENCH_QUEUE_PATH', '')


def conn():
    return http.client.HTTPConnection(URL.hostname, URL.port, timeout=600)


def booking_body(p, day):
    return ('{"service_id":%s,"date":"%s","answers":{"nama":"Pasien Beban %d",'
            '"nip":"19850517%010d","nik":"3174%012d","usia":%d,"tanggal_lahir":"1985-05-17",'
            '"keluhan":"Demam dan batuk sejak dua hari"}}'
            % (SERVICE, day, p, p, p, 20 + p % 40))


def book(c, p, day):
    c.request('POST', '/api/v1/bookings', booking_body(p, day),
              {'Authorization': 'Bearer ' + TOKENS[p], 'Content-Type': 'application/json'})
    r = c.getresponse()
    r.read()
    return r.status


def read(c, tok):
    c.request('GET', QUEUE, headers={'Authorization': 'Bearer ' + tok})
    r = c.getresponse()
    r.read()
    return r.status


def parallel(n, conc, one):
    """one(c, k) for k in 0..n-1 over conc connections; the statuses."""
    out, lock, nxt = {}, threading.Lock(), [0]

    def run():
        c = conn()
        while True:
            with lock:
                k = nxt[0]
                nxt[0] += 1
            if k >= n:
                break
            st = one(c, k)
            with lock:
                out[st] = out.get(st, 0) + 1
        c.close()
    ts = [threading.Thread(target=run) for _ in range(conc)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def main():
    phase = sys.argv[2]
    if phase == 'book':
        n, conc, days, first = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(','), int(sys.argv[6])
        # person first + k // #days on day k % #days: nobody twice on a day
        res = parallel(n, conc, lambda c, k: book(c, first + k // len(days), days[k % len(days)]))
    elif phase == 'read':
        n, conc, readers = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        first = int(sys.argv[6]) if len(sys.argv) > 6 else 0
        res = parallel(n, conc, lambda c, k: read(c, TOKENS[first + k % readers]))
    elif phase == 'mixed':
        rounds, reads, day, first = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
        c, res, k = conn(), {}, 0
        for i in range(rounds):
            st = book(c, first + i, day)
            res['book %d' % st] = res.get('book %d' % st, 0) + 1
            for _ in range(reads):
                st = read(c, TOKENS[k % 1000])
                k += 1
                res[st] = res.get(st, 0) + 1
    else:
        sys.exit('unknown phase ' + phase)
    print(' '.join('%s:%d' % kv for kv in sorted(res.items(), key=str)))


if __name__ == '__main__':
    main()
