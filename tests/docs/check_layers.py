#!/usr/bin/env python3
"""docs-layers: every `#include "folder/..."` under src/ follows an edge of
the allow-list below, the allow-list has no edge the code no longer uses,
library headers stay in their one folder, and docs/architecture.md shows
the same layers. Prints TAP; a failure names the offending file:line.

usage: check_layers.py SOURCE_DIR

A folder is a directory directly under src/ (src/main.c is `main`), except
that src/store/sqlite/ and src/store/pg/ are folders of their own: the
SQLite and PostgreSQL drivers, which nothing outside them may include but
store/open.c (store_open picks the driver by the URL). Includes inside one folder are free.
Python 3 standard library only."""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '.'

# folder -> {folder it may include: why}. A why given as (why, [files])
# allows the edge only from those files (paths under src/). Keep it tight:
# an edge nobody uses any more fails the check until it is removed here and
# in docs/architecture.md.
ALLOW = {
    'core': {},
    'auth': {},
    'letters': {},
    'store': {
        'core': 'records, errors and arenas cross the store interface',
        'store/sqlite': ('store_open hands other URLs to the SQLite driver', ['store/open.c']),
        'store/pg': ('store_open hands postgresql:// URLs to the PostgreSQL driver',
                     ['store/open.c']),
    },
    'store/sqlite': {
        'store': 'the driver implements the interface',
        'core': 'it fills core records and errors',
    },
    'store/pg': {
        'store': 'the driver implements the interface',
        'core': 'it fills core records and errors',
    },
    'app': {
        'core': 'the trusted proxy list is a core type',
        'auth': 'the token key size',
    },
    'notify': {
        'core': 'config, arenas, templates of mail',
        'store': 'the mailer claims outbox rows',
    },
    'svc': {
        'core': 'the domain rules it applies',
        'store': 'the rules read and write through the store interface',
        'auth': 'tokens and hashes for sign-up and bookings',
        'letters': 'numbering and wording of letters',
        'notify': 'invites and mail rendered inside the write',
        'report': 'letter PDFs and report rows made by the letter pipeline',
        'channels': 'WhatsApp copies queued in the same write (wa_queue, public comments)',
    },
    'report': {
        'core': 'config, arenas, time and permissions',
        'store': 'aggregates read through the store interface',
        'auth': 'export tokens',
        'svc': 'the shared rules behind report rows (SLA, partners, letters)',
    },
    'channels': {
        'core': 'config, arenas, logging, parsing helpers',
        'store': 'intake writes through the store interface',
        'auth': 'tokens of new requesters',
        'svc': 'intake goes through the same ticket and booking rules',
        'app': 'the workers are started with the server context',
    },
    'http': {
        'core': 'config, arenas, errors, logging',
        'auth': 'session and token hashes',
        'app': 'the server runs with the server context',
        'store': 'req_db hands out connections; sign-in reads sessions',
        'api': ('the one route table names the handlers', ['http/routes.c']),
    },
    'api': {
        'http': 'handlers take a request and reply',
        'core': 'validation, permissions, JSON writing',
        'store': 'reads through the store interface',
        'svc': 'writes go through the service rules',
        'auth': 'tokens and password hashes',
        'report': 'report, export and partner document builders',
        'letters': 'letter kinds and numbering',
        'notify': 'the mail preview renders a template',
        'channels': 'the WhatsApp webhook files deliveries; ticket intake helpers',
    },
    'cli': {
        'core': 'config, errors, logging',
        'store': 'commands open the store',
        'auth': 'password hashing, the token key',
        'svc': 'demo data and the sweep go through the rules',
        'http': '`loket serve` starts the HTTP server',
        'channels': '`loket serve` starts the channel workers',
        'notify': '`loket serve` starts the mailer',
        'report': '`loket serve` starts the export worker',
    },
    'main': {
        'cli': 'main.c dispatches to the subcommands',
        'core': 'config and errors before a subcommand runs',
        'auth': 'libsodium is initialised once',
    },
}

# A library header may be included only in these folders (and, for a
# header of ours that wraps one, from the files listed).
ONLY_IN = {
    '<sqlite3.h>': ('store/sqlite', [], 'SQL only in the SQLite driver'),
    '<libpq-fe.h>': ('store/pg', [], 'libpq only in the PostgreSQL driver'),
    '"store/pg/pg.h"': ('store/pg', [], 'the PostgreSQL driver\'s internals stay in it'),
    '<microhttpd.h>': ('http', [], 'libmicrohttpd only in the HTTP layer'),
    '"http/mhd.h"': ('http', ['api/attachments.c', 'api/booking_ics.c', 'api/exports.c',
                             'api/letters.c', 'api/reports.c'],
                     'file downloads build their own responses'),
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"][^>"]+[>"])')

results = []  # (ok, name, diagnostics)


def check(cond, name, detail=''):
    results.append((bool(cond), name, detail))
    return cond


def folder(rel):
    """The folder of a path under src/."""
    if rel.startswith('store/sqlite/'):
        return 'store/sqlite'
    if rel.startswith('store/pg/'):
        return 'store/pg'
    return rel.split('/')[0] if '/' in rel else 'main'


def scan(src_dir):
    """[(file, line, include as written, target path or None)]."""
    out = []
    for d, dirs, files in os.walk(src_dir):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, src_dir).replace(os.sep, '/')
            with open(path, encoding='utf-8', errors='replace') as fh:
                for no, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    target = None
                    if inc.startswith('"'):
                        name = inc[1:-1]
                        # "x.h" is the including file's own folder; ours are
                        # written from src/ ("core/err.h")
                        local = os.path.join(os.path.dirname(rel), name)
                        if '/' not in name or os.path.exists(os.path.join(src_dir, local)):
                            target = os.path.normpath(local).replace(os.sep, '/')
                        else:
                            target = name
                    out.append((rel, no, inc, target))
    return out


def doc_layers(path):
    """The ```layers block of docs/architecture.md as {folder: set}."""
    with open(path, encoding='utf-8') as fh:
        text = fh.read()
    m = re.search(r'^```layers\n(.*?)^```', text, re.S | re.M)
    if not m:
        return None
    got = {}
    for line in m.group(1).splitlines():
        if not line.strip():
            continue
        left, _, right = line.partition('→')
        right = right.strip()
        got[left.strip().rstrip('/')] = (set() if right in ('', '-', '(nothing)') else
                                         {x.strip().rstrip('/') for x in right.split(',')})
    return got


def main():
    src_dir = os.path.join(SRC, 'src')
    incs = scan(src_dir)
    check(len(incs) > 100, 'src/ has includes to check (%d)' % len(incs))

    bad, used = [], set()
    unknown = set()
    for rel, no, inc, target in incs:
        if target is None:
            continue
        a, b = folder(rel), folder(target)
        if a == b:
            continue
        if a not in ALLOW:
            unknown.add(a)
            continue
        why = ALLOW[a].get(b)
        files = why[1] if isinstance(why, tuple) else None
        if why is None or (files is not None and rel not in files):
            bad.append('src/%s:%d: %s → %s (%s) is not in the allow-list'
                       % (rel, no, a, b, inc))
        else:
            used.add((a, b))
    check(not unknown, 'every folder under src/ has an allow-list entry',
          '\n'.join('folder %s/ is not in ALLOW' % u for u in sorted(unknown)))
    check(not bad, 'every include follows an allowed folder edge', '\n'.join(bad))
    stale = ['%s → %s is allowed but no include uses it: remove it' % (a, b)
             for a in ALLOW for b in ALLOW[a] if (a, b) not in used]
    check(not stale, 'the allow-list has no unused edge', '\n'.join(stale))
    stale_files = ['%s → %s names src/%s, which does not make that include' % (a, b, f)
                   for a in ALLOW for b, why in ALLOW[a].items() if isinstance(why, tuple)
                   for f in why[1]
                   if not any(r == f and t and folder(t) == b for r, _, _, t in incs)]
    check(not stale_files, 'every file named by an edge uses it', '\n'.join(stale_files))

    for header, (home, files, why) in ONLY_IN.items():
        wrong = []
        seen = set()
        for rel, no, inc, target in incs:
            if inc != header and not (header.startswith('"') and target == header[1:-1]):
                continue
            seen.add(rel)
            if folder(rel) != home and rel not in files:
                wrong.append('src/%s:%d: %s outside %s/' % (rel, no, header, home))
        wrong += ['%s lists src/%s, which does not include it' % (header, f)
                  for f in files if f not in seen]
        check(not wrong, '%s only in %s/ (%s)' % (header, home, why), '\n'.join(wrong))

    doc = os.path.join(SRC, 'docs/architecture.md')
    got = doc_layers(doc) if os.path.exists(doc) else None
    if check(got is not None, 'docs/architecture.md has a ```layers block'):
        want = {a: set(b) for a, b in ALLOW.items()}
        diff = []
        for a in sorted(set(want) | set(got)):
            if want.get(a) != got.get(a):
                diff.append('%s: script %s, doc %s'
                            % (a, sorted(want.get(a, ())) if a in want else 'absent',
                               sorted(got[a]) if a in got else 'absent'))
        check(not diff, 'docs/architecture.md lists the same layers as the script',
              '\n'.join(diff))


if __name__ == '__main__':
    try:
        main()
    except Exception:  # a crash is one failed check, not a silent pass
        import traceback
        results.append((False, 'checker ran to the end', traceback.format_exc()))
    print('1..%d' % len(results))
    for n, (ok, name, detail) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', n, name))
        if not ok and detail != '':
            for line in str(detail).splitlines()[:60]:
                print('#   ' + line)
    sys.exit(0 if all(ok for ok, _, _ in results) else 1)
