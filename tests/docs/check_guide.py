#!/usr/bin/env python3
"""docs-guide: the user guide (docs/guide/panduan.md, Indonesian, and
docs/guide/guide.md, English; issue #21 item 10) stays true to the web app.

Every screen the guide names is written as a Markdown link to a hash route
(`[Buat Tiket](#/new)`). This check fails when
  - a named screen matches no route of web/js/app.js's router, or the
    route's page module (web/js/pages/<mod>.js) does not exist;
  - a queue or master-data screen names a queue (web/js/pages/queue.js
    QUEUES) or resource (web/js/admin_nav.js MASTER) the page does not know
    (the router would accept any word there);
  - the two languages name different screens (one was edited alone);
  - the web app has no help link to #/help, or either guide is missing.
Prints TAP."""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
GUIDES = {'id': 'docs/guide/panduan.md', 'en': 'docs/guide/guide.md'}
n = 0
failed = 0


def ok(cond, name, detail=''):
    global n, failed
    n += 1
    if cond:
        print('ok %d - %s' % (n, name))
    else:
        failed += 1
        print('not ok %d - %s' % (n, name))
        for line in str(detail).splitlines():
            print('#   ' + line)


def read(rel):
    with open(os.path.join(ROOT, rel), encoding='utf-8') as f:
        return f.read()


def router():
    """[(compiled regex, module or None)] from app.js's `routes` table."""
    src = read('web/js/app.js')
    table = src[src.index('const routes = ['):]
    table = table[:table.index('\n];')]
    out = []
    for m in re.finditer(r"\[/(.+?)/, (?:'([a-z_]+)'|null), ", table):
        # the JS regexes here are plain: \/ and (?:...) read the same in Python
        out.append((re.compile(m.group(1).replace('\\/', '/')), m.group(2)))
    return out


def js_keys(rel, pattern):
    m = re.search(pattern, read(rel), re.S)
    return set(re.findall(r"'([a-z0-9-]+)'", m.group(1))) if m else set()


def screens(md):
    """Every #/... link target, without its query string."""
    return sorted({m.group(1).split('?')[0] for m in re.finditer(r'\]\((#/[^)\s]*)\)', md)})


routes = router()
ok(len(routes) > 20, 'the router table of web/js/app.js is read', '%d routes' % len(routes))
queues = set(re.findall(r"^  ([a-z]+): \(\)", read('web/js/pages/queue.js'), re.M))
master = js_keys('web/js/admin_nav.js', r'export const MASTER = \[(.*?)\];')
ok(queues and master, 'queue names and master-data resources are read', '%s %s' % (queues, master))

named = {}
for lang, rel in GUIDES.items():
    try:
        md = read(rel)
    except OSError as e:
        ok(False, '%s exists' % rel, e)
        continue
    named[lang] = screens(md)
    ok(len(named[lang]) >= 15, '%s names the screens it describes' % rel, named[lang])
    for hash_ in named[lang]:
        path = hash_[1:]
        hit = next(((rx, mod) for rx, mod in routes if rx.fullmatch(path)), None)
        problem = None
        if not hit:
            problem = 'no route in web/js/app.js'
        else:
            mod = hit[1] or 'ticket'  # the ticket route picks ticket.js or workspace.js
            if not os.path.exists(os.path.join(ROOT, 'web/js/pages', mod + '.js')):
                problem = 'web/js/pages/%s.js does not exist' % mod
            m = re.fullmatch(r'/queue/([a-z]+)', path)
            if m and m.group(1) not in queues:
                problem = 'queue.js has no queue %r' % m.group(1)
            m = re.fullmatch(r'/admin/master/([a-z-]+)', path)
            if m and m.group(1) not in master:
                problem = 'admin_nav.js has no master resource %r' % m.group(1)
        ok(problem is None, '%s: screen %s exists' % (lang, hash_), problem or '')

if len(named) == 2:
    only_id = sorted(set(named['id']) - set(named['en']))
    only_en = sorted(set(named['en']) - set(named['id']))
    ok(not only_id and not only_en, 'both languages name the same screens',
       'only Indonesian: %s\nonly English: %s' % (only_id, only_en))

ok('href="#/help"' in read('web/index.html'), 'every page has the help link (web/index.html header)')
ok(any(rx.fullmatch('/help') and mod == 'help' for rx, mod in routes), 'the router has the help page')

print('1..%d' % n)
sys.exit(1 if failed else 0)
