#!/usr/bin/env python3
"""Writes src/store/pg/unported.c: for every table of operations (struct
store_*_ops in src/store/*.h) that no other file of src/store/pg/ defines
(`const struct store_<x>_ops pg_<x>_ops = {`), a table whose operations all
answer ERR_UNSUPPORTED "store.unported" (issue #19, docs/postgresql.md).

usage: tools/pg_unported.py [SOURCE_DIR]   (rewrites the file in place)

After merging several area branches, unported.c may conflict where two
branches each deleted their own section: take either side and run this to
get the file right. Python 3 standard library only."""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
OUT = os.path.join(SRC, 'src/store/pg/unported.c')
CORE = {'tx', 'maint'}  # tx.c, migrate.c

HEAD = '''/* PostgreSQL driver: the tables not yet ported (issue #19). Every operation
** here answers ERR_UNSUPPORTED "store.unported", so a server on PostgreSQL
** fails loudly and clearly where an area is missing, never silently. One
** section per table, between its "---- pg_<x>_ops ----" comment lines: the
** helper porting an area deletes its section in the commit that adds its
** file (docs/postgresql.md lists what is still here; tools/pg_unported.py
** writes this file anew from what store/pg/ defines). The parameters are
** unused by design. */
#include "store/pg/ops.h"

#include <stddef.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"

/* unused once every table is ported: then this file can go */
__attribute__((unused)) static int unported(struct err *err)
{
    return err_text(err, ERR_UNSUPPORTED, "store.unported", "belum tersedia di driver PostgreSQL",
                    "not yet in the PostgreSQL driver");
}

'''

# Operations whose stub is not "fail": bk_day_gen keys caches, so it moves
# with every commit rather than never.
SPECIAL = {
    ('booking', 'bk_day_gen'): '''/* Moves with every commit: a value kept under it is never stale. */
static uint64_t u_booking_bk_day_gen(struct store *st, int64_t service_id, const char *day)
{
    return store_generation(st);
}
''',
}


def strip(t):
    t = re.sub(r'/\*.*?\*/', '', t, flags=re.S)
    return re.sub(r'//[^\n]*', '', t)


def main():
    tables, members = {}, []
    for f in sorted(os.listdir(os.path.join(SRC, 'src/store'))):
        if not f.endswith('.h'):
            continue
        t = strip(open(os.path.join(SRC, 'src/store', f), encoding='utf-8').read())
        for m in re.finditer(r'\bstruct (store(?:_\w+)?_ops) \{(.*?)\n\};', t, re.S):
            if m.group(1) == 'store_ops':
                members = re.findall(r'const struct (store_\w+_ops) \*(\w+);', m.group(2))
                continue
            fields = []
            for d in m.group(2).split(';'):
                d = ' '.join(d.split())
                if '(*' in d:
                    mm = re.match(r'(.*?)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)$', d)
                    fields.append((mm.group(1).strip(), mm.group(2), mm.group(3)))
            tables[m.group(1)] = fields
    defined = set()
    pg = os.path.join(SRC, 'src/store/pg')
    for f in sorted(os.listdir(pg)):
        if f.endswith('.c') and f != 'unported.c':
            t = strip(open(os.path.join(pg, f), encoding='utf-8').read())
            defined |= set(re.findall(r'const struct store_\w+_ops pg_(\w+)_ops = \{', t))
    out = [HEAD]
    for struct, member in members:
        if member in CORE or member in defined:
            continue
        out.append('/* ---- pg_%s_ops ---- */\n' % member)
        for ret, name, params in tables[struct]:
            if (member, name) in SPECIAL:
                out.append('\n' + SPECIAL[(member, name)])
                continue
            out.append('\nstatic %s%su_%s_%s(%s)\n{\n'
                       % (ret, '' if ret.endswith('*') else ' ', member, name, params))
            has_err = re.search(r'struct err \*err\b', params)
            if ret == 'int':
                out.append('    return %s;\n' % ('unported(err)' if has_err else 'ERR_UNSUPPORTED'))
            elif ret != 'void':
                if has_err:
                    out.append('    unported(err);\n')
                out.append('    return %s;\n' % ('NULL' if ret.endswith('*') else '0'))
            out.append('}\n')
        out.append('\nconst struct %s pg_%s_ops = {\n' % (struct, member))
        for ret, name, params in tables[struct]:
            out.append('    .%s = u_%s_%s,\n' % (name, member, name))
        out.append('};\n\n')
    text = ''.join(out).rstrip() + '\n'
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
