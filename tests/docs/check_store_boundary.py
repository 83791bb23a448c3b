#!/usr/bin/env python3
"""docs-store-boundary: the storage interface stays the only way into the
store (issue 18 item 1). Prints TAP.

usage: check_store_boundary.py SOURCE_DIR

Fails when
- a C file outside src/store/ calls through the vtable (`->ops->`) or uses
  STORE_CALL: callers use the typed wrappers of src/store/*.h;
- a C file outside src/store/sqlite/ includes <sqlite3.h> or the driver's
  own header store/sqlite/sqlite.h, or calls an sq_ function. Two tests are
  tests of the SQLite driver itself and may read the database file with
  <sqlite3.h>: tests/unit/test_store.c and tests/integration/test_05_backup.c;
- the same for the PostgreSQL driver (issue #19): <libpq-fe.h>,
  store/pg/pg.h and pg_ functions only inside src/store/pg/ (store/open.c
  calls pg_store_open), but for the driver's tests, which read the database
  with libpq: tests/unit/pg_fixture.h and tests/unit/test_pg_*.c;
- a header of src/store/ declares a plain function (not a static inline
  wrapper) other than store_open, store_check_file and the migration_*
  helpers both drivers share: a function only one driver defines is outside
  the interface (store/dbcopy.h, `loket migrate-db`'s own interface with a
  half in each driver, is the exception: it is no part of a server's store);
- a table of operations (struct store_*_ops in src/store/*.h) has a field
  with no wrapper, or a driver (SQLite, PostgreSQL) leaves a field of it
  unset, or its struct store_ops points at a table the driver does not
  fill: a second driver reads the headers, so they must hold every
  operation.

Python 3 standard library only."""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '.'
DIRS = ('src', 'tests', 'tools', 'bench', 'contrib')
# tests of the SQLite driver itself: they open the file with sqlite3 directly
SQLITE_TESTS = {'tests/unit/test_store.c', 'tests/integration/test_05_backup.c'}


def pg_test(rel):
    """tests of the PostgreSQL driver itself: they read the database with libpq"""
    return rel == 'tests/unit/pg_fixture.h' or re.match(r'tests/unit/test_pg_\w+\.c$', rel)

results = []  # (ok, name, diagnostics)


def check(cond, name, detail=''):
    results.append((bool(cond), name, detail))
    return cond


def read(rel):
    with open(os.path.join(SRC, rel), encoding='utf-8') as f:
        return f.read()


def strip_comments(t):
    """Comments out (line numbers kept): a mention in prose is no call."""
    t = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), t, flags=re.S)
    return re.sub(r'//[^\n]*', '', t)


def c_files():
    for d in DIRS:
        top = os.path.join(SRC, d)
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(x for x in dirs if x != 'build' and not x.startswith('.'))
            for f in sorted(files):
                if f.endswith(('.c', '.h')):
                    yield os.path.relpath(os.path.join(root, f), SRC).replace(os.sep, '/')


def hits(text, pattern):
    out = []
    for n, line in enumerate(text.split('\n'), 1):
        if re.search(pattern, line):
            out.append('%d: %s' % (n, line.strip()))
    return out


files = list(c_files())
check(any(f.startswith('src/store/sqlite/') for f in files), 'source tree found',
      'no src/store/sqlite/ under %s' % SRC)

# ---- callers use the wrappers --------------------------------------------
raw, macro, inc, sq, pginc, pgcall = [], [], [], [], [], []
for rel in files:
    text = strip_comments(read(rel))
    if not rel.startswith('src/store/'):
        raw += ['%s:%s' % (rel, h) for h in hits(text, r'->\s*ops\s*->')]
        macro += ['%s:%s' % (rel, h) for h in hits(text, r'\bSTORE_CALL\b')]
    if not rel.startswith('src/store/sqlite/'):
        found = hits(text, r'#\s*include\s*[<"](sqlite3\.h|store/sqlite/sqlite\.h)[>"]')
        if rel in SQLITE_TESTS:
            found = [h for h in found if 'sqlite3.h' not in h]
        inc += ['%s:%s' % (rel, h) for h in found]
        sq += ['%s:%s' % (rel, h) for h in hits(text, r'(?<![\w.>])sq_\w+\s*\(')]
    if not rel.startswith('src/store/pg/') and not pg_test(rel):
        pginc += ['%s:%s' % (rel, h) for h in
                  hits(text, r'#\s*include\s*[<"](libpq-fe\.h|libpq/\S+|store/pg/pg\.h)[>"]')]
        if rel != 'src/store/open.c':
            pgcall += ['%s:%s' % (rel, h)
                       for h in hits(text, r'(?<![\w.>])pgp?_(?!fixture_)\w+\s*\(')]

check(not raw, 'no ->ops-> call outside src/store/ (use the db_* wrappers)', '\n'.join(raw))
check(not macro, 'no STORE_CALL outside src/store/', '\n'.join(macro))
check(not inc, 'no SQLite header outside src/store/sqlite/ (but the two driver tests)',
      '\n'.join(inc))
check(not sq, 'no sq_ function called outside src/store/sqlite/', '\n'.join(sq))
check(not pginc, 'no libpq or store/pg/pg.h outside src/store/pg/ (but the driver tests)',
      '\n'.join(pginc))
check(not pgcall, 'no pg_ function called outside src/store/pg/ (but store/open.c, the tests)',
      '\n'.join(pgcall))

# ---- the tables are complete ---------------------------------------------
tables = {}  # struct name -> [fields]
wrapped = set()  # (member, field)
members = {}  # member of store_ops -> struct name
for f in sorted(os.listdir(os.path.join(SRC, 'src/store'))):
    if not f.endswith('.h'):
        continue
    text = strip_comments(read('src/store/' + f))
    for m in re.finditer(r'\bstruct (store(?:_\w+)?_ops) \{(.*?)\n\};', text, re.S):
        if m.group(1) == 'store_ops':
            for mm in re.finditer(r'const struct (store_\w+_ops) \*(\w+);', m.group(2)):
                members[mm.group(2)] = mm.group(1)
            continue
        # one field per declaration; the first (*name) (a parameter can be
        # a function pointer too)
        tables[m.group(1)] = [re.search(r'\(\*(\w+)\)\s*\(', d).group(1)
                              for d in m.group(2).split(';') if '(*' in d]
    for m in re.finditer(r'->ops->(\w+)->(\w+)\s*\(', text):
        wrapped.add((m.group(1), m.group(2)))

plain = []
# store_open picks the driver; migration_* are what both drivers' migrate_plan share
PLAIN_OK = {'store_open', 'store_check_file', 'migration_known', 'migration_count',
            'migration_too_new'}
for f in sorted(os.listdir(os.path.join(SRC, 'src/store'))):
    if f.endswith('.h'):
        text = strip_comments(read('src/store/' + f))
        for m in re.finditer(r'^(?!static|typedef|#|struct|extern)[A-Za-z_][\w \t\*]*?\b(\w+)\s*\(',
                             text, re.M):
            if m.group(1) not in PLAIN_OK and f != 'dbcopy.h':
                line = text.count('\n', 0, m.start()) + 1
                plain.append('src/store/%s:%d: %s' % (f, line, m.group(1)))
check(not plain, 'no plain function in src/store/*.h (make it an operation with a wrapper)',
      '\n'.join(plain))

check(tables and members, 'tables of operations found in src/store/*.h',
      '%d tables, %d members of struct store_ops' % (len(tables), len(members)))
for member, struct in sorted(members.items()):
    fields = tables.get(struct)
    if not check(fields, '%s: struct %s is defined in src/store/*.h' % (member, struct)):
        continue
    missing = [x for x in fields if (member, x) not in wrapped]
    check(not missing, '%s: every operation has a wrapper' % member, ' '.join(missing))

for label, folder, top_name in (('SQLite', 'src/store/sqlite', 'sq_ops'),
                                 ('PostgreSQL', 'src/store/pg', 'pg_ops')):
    driver = ''
    for f in sorted(os.listdir(os.path.join(SRC, folder))):
        if f.endswith('.c'):
            driver += strip_comments(read(folder + '/' + f))
    filled, twice = {}, []
    for m in re.finditer(r'const struct (store(?:_\w+)?_ops) (\w+) = \{(.*?)\n\};', driver,
                         re.S):
        if m.group(1) in filled:
            twice.append('struct %s: %s and %s' % (m.group(1), filled[m.group(1)][0], m.group(2)))
        filled[m.group(1)] = (m.group(2), set(re.findall(r'\.(\w+)\s*=', m.group(3))))
    check(not twice, '%s driver fills each table once (a ported area leaves unported.c)'
          % label, '\n'.join(twice))
    for struct, fields in sorted(tables.items()):
        name, set_ = filled.get(struct, (None, set()))
        if not check(name, '%s driver has a struct %s' % (label, struct)):
            continue
        missing = [x for x in fields if x not in set_]
        check(not missing, '%s driver sets every field of %s' % (label, struct),
              ' '.join(missing))
    top = filled.get('store_ops', (None, set()))[1]
    missing = [x for x in members if x not in top]
    check(not missing, '%s driver points %s at every table' % (label, top_name),
          ' '.join(missing))

print('1..%d' % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok and detail:
        for line in str(detail).split('\n'):
            print('#   ' + line)
sys.exit(0 if all(r[0] for r in results) else 1)
