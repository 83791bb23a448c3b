#!/usr/bin/env python3
"""docs-*: docs/openapi.yaml describes exactly the routes the server has and
is what tools/gen_openapi.py makes from the current tables. Prints TAP."""
import os
import re
import sys

src = sys.argv[1]
sys.path.insert(0, os.path.join(src, 'tools'))
import gen_openapi  # noqa: E402

n = failed = 0


def ok(cond, name, detail=''):
    global n, failed
    n += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print('#   ' + line)


committed = open(os.path.join(src, 'docs/openapi.yaml'), encoding='utf-8').read()
fresh = gen_openapi.generate(src)
ok(committed == fresh, 'docs-1 docs/openapi.yaml is up to date (run tools/gen_openapi.py)')

documented = set()
path = None
for line in committed.splitlines():
    m = re.match(r'^  "(/[^"]*)":$', line)
    if m:
        path = m.group(1)
        continue
    m = re.match(r'^    (get|post|put|patch|delete):$', line)
    if m and path:
        documented.add((m.group(1).upper(), path))
routes = {(r[0], r[1]) for r in gen_openapi.parse_routes(src)}
ok(len(routes) > 50, 'docs-2 routes parsed from src/http/routes.c', len(routes))
ok(routes - documented == set(), 'docs-3 every route is documented', routes - documented)
ok(documented - routes == set(), 'docs-4 nothing documented that does not exist',
   documented - routes)
res = gen_openapi.parse_resources(src)
ok(len(res) == 11, 'docs-5 eleven master resources parsed', sorted(res))
for key, r in sorted(res.items()):
    head = '    %s:\n      type: object\n' % r['one']
    start = committed.find(head)
    rest = committed[start + len(head):] if start >= 0 else ''
    end = re.search(r'^    \w+:$', rest, re.M)
    block = rest[:end.start()] if end else rest
    fields = [f['name'] for f in r['fields'] if 'hidden' not in f['flags']]
    missing = [f for f in fields if '\n        %s:' % f not in '\n' + block]
    ok(start >= 0 and not missing, 'docs-6 schema %s lists its fields' % r['one'], missing)
try:
    import yaml
    doc = yaml.safe_load(committed)
    ok(doc['openapi'].startswith('3.') and len(doc['paths']) > 40, 'docs-7 YAML parses')
except ImportError:
    print('ok %d - docs-7 YAML parses # SKIP PyYAML not installed' % (n + 1))
    n += 1
print('1..%d' % n)
sys.exit(1 if failed else 0)
