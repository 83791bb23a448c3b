#!/usr/bin/env python3
"""docs-openapi: docs/openapi.yaml describes exactly the routes the server
has, every master-data field as src/core/resource.c defines it, and is what
tools/gen_openapi.py makes from the current tables. Prints TAP.

usage: check_openapi.py SOURCE_DIR

Python 3 standard library only. The route and field tables are read here
with regexes of their own (not the generator's C reader), so a mistake in
either shows up as a difference. The YAML is read with a strict reader for
the subset the generator emits (anything outside it is an error); when
PyYAML is installed its reading must agree."""
import json
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '.'
DOC_PATH = os.path.join(SRC, 'docs/openapi.yaml')
WRITES = ('post', 'patch', 'put', 'delete')
METHODS = ('get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace')

results = []  # (ok, name, diagnostics)


def check(cond, name, detail=''):
    results.append((bool(cond), name, detail))
    return cond


def read(rel):
    with open(os.path.join(SRC, rel), encoding='utf-8') as f:
        return f.read()


# ---------------------------------------------------------------------------
# A strict reader for the YAML subset tools/gen_openapi.py writes
# ---------------------------------------------------------------------------

class YamlError(Exception):
    pass


_PLAIN = re.compile(r'^[A-Za-z_/$][A-Za-z0-9_./$-]*$')
_NOT_STRINGS = {'y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~'}
_DECODER = json.JSONDecoder()


def plain_value(tok, no):
    if tok in ('null', 'true', 'false'):
        return {'null': None, 'true': True, 'false': False}[tok]
    if re.fullmatch(r'-?(0|[1-9][0-9]*)', tok):
        return int(tok)
    if _PLAIN.match(tok) and tok.lower() not in _NOT_STRINGS:
        return tok
    raise YamlError('line %d: unsafe plain scalar %r' % (no, tok))


def quoted(s, i, no):
    try:
        return _DECODER.raw_decode(s, i)
    except ValueError as e:
        raise YamlError('line %d: bad quoted string: %s' % (no, e))


def flow(s, i, no, inside):
    """One flow node starting at s[i]; returns (value, next index)."""
    if s.startswith('{', i):
        out, i = {}, i + 1
        if s.startswith('}', i):
            return out, i + 1
        while True:
            if s.startswith('"', i):
                key, i = quoted(s, i, no)
            else:
                m = re.compile(r'[^:,\[\]{}"]+').match(s, i)
                if not m:
                    raise YamlError('line %d: bad flow key at column %d' % (no, i + 1))
                key, i = plain_value(m.group(0), no), m.end()
            if not s.startswith(': ', i):
                raise YamlError('line %d: expected ": " at column %d' % (no, i + 1))
            val, i = flow(s, i + 2, no, True)
            if key in out:
                raise YamlError('line %d: duplicate key %r' % (no, key))
            out[key] = val
            if s.startswith(', ', i):
                i += 2
            elif s.startswith('}', i):
                return out, i + 1
            else:
                raise YamlError('line %d: expected , or } at column %d' % (no, i + 1))
    if s.startswith('[', i):
        out, i = [], i + 1
        if s.startswith(']', i):
            return out, i + 1
        while True:
            val, i = flow(s, i, no, True)
            out.append(val)
            if s.startswith(', ', i):
                i += 2
            elif s.startswith(']', i):
                return out, i + 1
            else:
                raise YamlError('line %d: expected , or ] at column %d' % (no, i + 1))
    if s.startswith('"', i):
        return quoted(s, i, no)
    m = re.compile(r'[^,\[\]{}]+' if inside else r'.+').match(s, i)
    if not m:
        raise YamlError('line %d: empty value' % no)
    return plain_value(m.group(0), no), m.end()


def scalar_line(s, no):
    val, i = flow(s, 0, no, False)
    if i != len(s):
        raise YamlError('line %d: trailing text %r' % (no, s[i:]))
    return val


class Reader:
    def __init__(self, text):
        self.lines = [(n + 1, ln) for n, ln in enumerate(text.split('\n'))]
        self.i = 0

    def peek(self):
        while self.i < len(self.lines):
            no, ln = self.lines[self.i]
            if ln.strip() and not ln.startswith('#'):
                if '\t' in ln[:len(ln) - len(ln.lstrip())]:
                    raise YamlError('line %d: tab in indentation' % no)
                if ln != ln.rstrip():
                    raise YamlError('line %d: trailing space' % no)
                return no, len(ln) - len(ln.lstrip(' ')), ln.lstrip(' ')
            self.i += 1
        return None

    def document(self):
        v = self.block(0)
        if self.peek() is not None:
            raise YamlError('line %d: unexpected text' % self.peek()[0])
        return v

    def block(self, ind):
        p = self.peek()
        if p is None or p[1] != ind:
            raise YamlError('line %d: expected a block at indent %d' % (p[0] if p else 0, ind))
        return self.seq(ind) if p[2].startswith('- ') else self.mapping(ind, {})

    def mapping(self, ind, out):
        while True:
            p = self.peek()
            if p is None or p[1] < ind:
                return out
            no, at, s = p
            if at > ind or s.startswith('- '):
                raise YamlError('line %d: bad indentation' % no)
            self.i += 1
            self.entry(out, s, ind, no)

    def entry(self, out, s, ind, no):
        if s.startswith('"'):
            key, i = quoted(s, 0, no)
        else:
            m = re.match(r'[^:"{}\[\],]+', s)
            if not m:
                raise YamlError('line %d: bad key' % no)
            key, i = plain_value(m.group(0), no), m.end()
        if not isinstance(key, str):
            raise YamlError('line %d: key %r is not a string' % (no, key))
        if key in out:
            raise YamlError('line %d: duplicate key %r' % (no, key))
        rest = s[i:]
        if rest == ':':
            p = self.peek()
            if p is None or p[1] <= ind:
                raise YamlError('line %d: %s has no value' % (no, key))
            out[key] = self.block(p[1])
        elif rest == ': |-':
            out[key] = self.literal(ind, no)
        elif rest.startswith(': '):
            out[key] = scalar_line(rest[2:], no)
        else:
            raise YamlError('line %d: expected ":" after %r' % (no, key))

    def literal(self, ind, no):
        body, block_ind = [], None
        while self.i < len(self.lines):
            n, ln = self.lines[self.i]
            if ln.strip():
                at = len(ln) - len(ln.lstrip(' '))
                if at <= ind:
                    break
                block_ind = at if block_ind is None else block_ind
                if at < block_ind:
                    raise YamlError('line %d: literal block dedented' % n)
                body.append(ln[block_ind:])
            else:
                body.append('')
            self.i += 1
        while body and not body[-1]:
            body.pop()
            self.i -= 1
        if not body:
            raise YamlError('line %d: empty literal block' % no)
        return '\n'.join(body)

    def seq(self, ind):
        out = []
        while True:
            p = self.peek()
            if p is None or p[1] < ind:
                return out
            no, at, s = p
            if at != ind or not s.startswith('- '):
                raise YamlError('line %d: expected "- " at indent %d' % (no, ind))
            self.i += 1
            item = s[2:]
            if re.match(r'("(?:[^"\\]|\\.)*"|[^"{\[\s][^:]*):( |$)', item):
                d = {}
                self.entry(d, item, ind + 2, no)
                out.append(self.mapping(ind + 2, d))
            else:
                out.append(scalar_line(item, no))


def load_subset(text):
    return Reader(text).document()


# ---------------------------------------------------------------------------
# The tables, read here on their own
# ---------------------------------------------------------------------------

def uncomment(text):
    return re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)


def routes_from_c():
    """[(METHOD, pattern, handler, auth)] from src/http/routes.c with each
    MASTER(path, res) replaced by the routes its #define lists."""
    text = uncomment(read('src/http/routes.c'))
    text = re.sub(r'\\\n', ' ', text)
    m = re.search(r'#define MASTER\((\w+), (\w+)\)(.*)', text)
    if not m:
        raise ValueError('#define MASTER(path, res) not found')
    pname, rname, body = m.groups()
    shape = re.findall(r'\{M_(\w+), "(/[^"]*)" %s(?: "([^"]*)")?, (\w+), (AUTH_\w+), \w+, &%s\b'
                       % (pname, rname), body)
    text = text[:m.start()] + text[m.end():]
    routes = []
    for line in text.split('\n'):
        inv = re.match(r'\s*MASTER\("([^"]+)", (\w+)\),?\s*$', line)
        if inv:
            for meth, prefix, suffix, handler, auth in shape:
                routes.append((meth, prefix + inv.group(1) + suffix, handler, auth))
            continue
        r = re.match(r'\s*\{M_(\w+), "([^"]+)", (\w+), (AUTH_\w+),', line)
        if r:
            routes.append(r.groups())
        elif re.search(r'\{M_|MASTER\(', line):
            raise ValueError('route line not understood: ' + line.strip())
    return routes, len(shape)


def resources_from_c():
    """{path: {'one', 'fields': [{name, type, flags, min, max, choices}]}}."""
    text = uncomment(read('src/core/resource.c'))
    macros = dict(re.findall(r'#define (\w+) (\{.*\})\n', text))
    arrays = {n: re.findall(r'"([^"]*)"', b)
              for n, b in re.findall(r'static const char \*const (\w+)\[\] = \{(.*?)\};', text)}
    tables = {}
    for name, body in re.findall(r'static const struct field (\w+)\[\] = \{\n(.*?)\n\};', text,
                                 re.S):
        fields = []
        for line in body.split('\n'):
            line = line.strip().rstrip(',')
            line = macros.get(line, line)
            if not line:
                continue
            m = re.fullmatch(r'\{"(\w+)", (FT_\w+), ([\w| ]+), (-?\d+), (-?\d+), (\w+), '
                             r'(NULL|"[^"]*"), "[^"]*", "[^"]*"(?:, "[^"]*")?\}', line)
            if not m:
                raise ValueError('%s: field line not understood: %s' % (name, line))
            flags = set() if m.group(3) == '0' else {f.strip() for f in m.group(3).split('|')}
            fields.append({'name': m.group(1), 'type': m.group(2), 'flags': flags,
                           'min': int(m.group(4)), 'max': int(m.group(5)),
                           'choices': arrays.get(m.group(6))})
        tables[name] = fields
    res = {}
    for path, one, fields in re.findall(
            r'const struct resource \w+ = \{"([^"]+)", "\w+", "(\w+)", (\w+),', text):
        res[path] = {'one': one, 'fields': tables[fields]}
    return res


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def resolve(doc, ref):
    if not ref.startswith('#/'):
        raise KeyError(ref)
    node = doc
    for part in ref[2:].split('/'):
        node = node[part.replace('~1', '/').replace('~0', '~')]
    return node


def deref(doc, node):
    while isinstance(node, dict) and '$ref' in node:
        node = resolve(doc, node['$ref'])
    return node


def all_refs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == '$ref':
                out.append(v)
            else:
                all_refs(v, out)
    elif isinstance(node, list):
        for v in node:
            all_refs(v, out)
    return out


def json_schema_of(doc, op, status):
    r = deref(doc, op.get('responses', {}).get(status, {}))
    sch = r.get('content', {}).get('application/json', {}).get('schema')
    return sch


def body_schema_of(doc, op):
    rb = deref(doc, op.get('requestBody', {}))
    return rb.get('content', {}).get('application/json', {}).get('schema')


def main():
    text = open(DOC_PATH, encoding='utf-8').read()
    try:
        doc = load_subset(text)
        check(isinstance(doc, dict), 'docs/openapi.yaml is well-formed (strict subset reader)')
    except YamlError as e:
        check(False, 'docs/openapi.yaml is well-formed (strict subset reader)', e)
        doc = None
    try:
        import yaml
        try:
            other = yaml.safe_load(text)
            check(doc is not None and other == doc, 'PyYAML reads the same document',
                  'the readings differ' if doc is not None else '')
        except yaml.YAMLError as e:
            check(False, 'PyYAML reads the same document', e)
    except ImportError:
        results.append((True, 'PyYAML reads the same document # SKIP PyYAML not installed', ''))

    sys.path.insert(0, os.path.join(SRC, 'tools'))
    try:
        import gen_openapi
        fresh = gen_openapi.generate(SRC)
        diff = ''
        if fresh != text:
            a, b = text.split('\n'), fresh.split('\n')
            n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
            diff = 'first difference at line %d:\n  file:  %s\n  fresh: %s' % (
                n + 1, a[n] if n < len(a) else '<end>', b[n] if n < len(b) else '<end>')
        check(fresh == text, 'docs/openapi.yaml is up to date (python3 tools/gen_openapi.py .)',
              diff)
    except Exception as e:  # the generator refuses tables it cannot describe
        check(False, 'docs/openapi.yaml is up to date (python3 tools/gen_openapi.py .)',
              '%s: %s' % (type(e).__name__, e))

    try:
        routes, master_n = routes_from_c()
        resources = resources_from_c()
    except (ValueError, KeyError) as e:
        check(False, 'route and field tables parsed', e)
        return
    check(master_n == 5 and len(routes) == len(set((r[0], r[1]) for r in routes)) and
          len(resources) >= 11,
          'routes.c: %d routes, MASTER() expands to %d routes; resource.c: %d resources'
          % (len(routes), master_n, len(resources)),
          'MASTER shape %d, duplicates, or resources %d' % (master_n, len(resources)))
    if doc is None or not isinstance(doc.get('paths'), dict):
        check(False, 'document has paths')
        return

    paths = doc['paths']
    components = doc.get('components', {})
    documented = {(m.upper(), p) for p, item in paths.items() for m in item if m in METHODS}
    routed = {(r[0], r[1]) for r in routes}
    missing = sorted(routed - documented)
    extra = sorted(documented - routed)
    check(not missing, 'every route in src/http/routes.c is in docs/openapi.yaml (%d)' % len(routed),
          '\n'.join('%s %s' % r for r in missing))
    check(not extra, 'every operation in docs/openapi.yaml is a route in src/http/routes.c',
          '\n'.join('%s %s' % r for r in extra))

    info = doc.get('info', {})
    desc = info.get('description', '')
    need = ['ISO-8601', 'UTC', 'Accept-Language', 'page', 'per_page', 'total', '200',
            'X-CSRF-Token', 'loket_session', 'Bearer']
    check(doc.get('openapi') == '3.0.3' and info.get('title') and info.get('version') and
          all(w in desc for w in need),
          'openapi 3.0.3 with info.description giving the API.md conventions',
          'missing: %s' % [w for w in need if w not in desc])

    refs = all_refs(doc, [])
    bad = []
    for ref in set(refs):
        try:
            resolve(doc, ref)
        except (KeyError, TypeError):
            bad.append(ref)
    check(refs and not bad, 'all %d $refs resolve' % len(refs), '\n'.join(sorted(bad)))

    schemes = components.get('securitySchemes', {})
    by_kind = {(s.get('type'), s.get('in'), s.get('name'), s.get('scheme')): k
               for k, s in schemes.items()}
    cookie = by_kind.get(('apiKey', 'cookie', 'loket_session', None))
    csrf = by_kind.get(('apiKey', 'header', 'X-CSRF-Token', None))
    bearer = by_kind.get(('http', None, None, 'bearer'))
    check(cookie and csrf and bearer,
          'security schemes: cookie loket_session, header X-CSRF-Token, http bearer',
          schemes)

    err = components.get('schemas', {}).get('Error', {})
    inner = err.get('properties', {}).get('error', {})
    check(err.get('required') == ['error'] and
          set(inner.get('properties', {})) == {'code', 'message', 'fields'} and
          set(inner.get('required', [])) == {'code', 'message'},
          'Error schema is {"error":{"code","message","fields"}}')
    std = {}
    for code in ('400', '401', '403', '404', '409', '413', '422', '429'):
        uses = [deref(doc, op['responses'][code]) for item in paths.values()
                for m, op in item.items() if m in METHODS and code in op.get('responses', {})]
        std[code] = bool(uses) and all(
            u.get('content', {}).get('application/json', {}).get('schema') ==
            {'$ref': '#/components/schemas/Error'} for u in uses)
    check(all(std.values()), 'error responses 400 401 403 404 409 413 422 429 are used and '
          'carry the Error schema', [c for c, ok in std.items() if not ok])

    auth_of = {(r[0], r[1]): r[3] for r in routes}
    probs, op_ids = [], {}
    for p, item in sorted(paths.items()):
        want = set(re.findall(r'\{(\w+)\}', p))
        for m, op in item.items():
            if m not in METHODS:
                continue
            where = '%s %s' % (m.upper(), p)
            op_ids.setdefault(op.get('operationId'), []).append(where)
            got = {deref(doc, q).get('name') for q in op.get('parameters', [])
                   if deref(doc, q).get('in') == 'path' and deref(doc, q).get('required')}
            if got != want:
                probs.append('%s: path parameters %s, declared %s' % (where, sorted(want),
                                                                      sorted(got)))
            codes = set(op.get('responses', {}))
            # a redirect is the success of a browser step (the OpenID Connect sign-in)
            if not any(c.startswith('2') or c == '302' for c in codes):
                probs.append('%s: no 2xx response' % where)
            sec = op.get('security', doc.get('security'))
            auth = auth_of.get((m.upper(), p))
            if auth == 'AUTH_NONE' and sec != []:
                probs.append('%s: open route without security: []' % where)
            if auth == 'AUTH_USER':
                if not sec or '401' not in codes:
                    probs.append('%s: needs a login but has no security or no 401' % where)
                elif m in WRITES:
                    if not all(cookie not in alt or csrf in alt for alt in sec) or \
                            {bearer: []} not in sec or not any(cookie in alt for alt in sec):
                        probs.append('%s: a write must take cookie+%s or bearer' % (where, csrf))
                    if '403' not in codes:
                        probs.append('%s: a write can be 403 auth.csrf' % where)
                elif any(csrf in alt for alt in sec):
                    probs.append('%s: a read asks for the CSRF token' % where)
    dup = {k: v for k, v in op_ids.items() if not k or len(v) > 1}
    check(not probs, 'operations: path parameters declared, 2xx answers, security and CSRF '
          'match the route\'s auth', '\n'.join(probs))
    check(not dup, 'operationIds present and unique', dup)

    schemas = components.get('schemas', {})
    for path, res in resources.items():
        base, item = '/api/v1/' + path, '/api/v1/' + path + '/{id}'
        ops = {m: paths.get(base, {}).get(m) for m in ('get', 'post')}
        ops.update({m + '_id': paths.get(item, {}).get(m) for m in ('get', 'patch', 'delete')})
        if not check(all(ops.values()), '%s: list, create, get, update and delete documented'
                     % path, [k for k, v in ops.items() if not v]):
            continue
        full = deref(doc, json_schema_of(doc, ops['get_id'], '200') or {})
        create = deref(doc, body_schema_of(doc, ops['post']) or {})
        patch = deref(doc, body_schema_of(doc, ops['patch_id']) or {})
        created = deref(doc, json_schema_of(doc, ops['post'], '201') or {})
        page = deref(doc, json_schema_of(doc, ops['get'], '200') or {})
        props = full.get('properties', {})
        visible = [f['name'] for f in res['fields'] if 'FF_HIDDEN' not in f['flags']]
        hidden = [f['name'] for f in res['fields'] if 'FF_HIDDEN' in f['flags']]
        problems = ['missing: ' + n for n in visible if n not in props]
        problems += ['hidden field shown: ' + n for n in hidden
                     if n in props or n in patch.get('properties', {})]
        problems += ['unknown property: ' + n for n in props
                     if n not in visible + ['id', 'created_at', 'updated_at']]
        check(not problems, '%s: schema lists every field of %s.%s except FF_HIDDEN ones'
              % (path, 'src/core/resource.c', res['one']), '\n'.join(problems))

        problems = []
        for f in res['fields']:
            s = props.get(f['name'])
            if s is None or 'FF_HIDDEN' in f['flags']:
                continue
            want = {'FT_INT': 'integer', 'FT_REF': 'integer', 'FT_BOOL': 'boolean'}.get(
                f['type'], 'string')
            if s.get('type') != want:
                problems.append('%s: type %s, want %s' % (f['name'], s.get('type'), want))
            if f['choices'] and [e for e in s.get('enum', []) if e is not None] != f['choices']:
                problems.append('%s: enum %s, want %s' % (f['name'], s.get('enum'), f['choices']))
            if want == 'string' and f['max'] and s.get('maxLength') != f['max']:
                problems.append('%s: maxLength %s, want %d' % (f['name'], s.get('maxLength'),
                                                               f['max']))
            if f['type'] == 'FT_INT' and (s.get('minimum'), s.get('maximum')) != (f['min'], f['max']):
                problems.append('%s: bounds %s..%s, want %d..%d' % (
                    f['name'], s.get('minimum'), s.get('maximum'), f['min'], f['max']))
            if ('FF_VIRTUAL' in f['flags']) != bool(s.get('writeOnly')):
                problems.append('%s: writeOnly should be %s' % (f['name'],
                                                                'FF_VIRTUAL' in f['flags']))
            if 'FF_REQUIRED' in f['flags'] and s.get('nullable'):
                problems.append('%s: required but nullable' % f['name'])
        check(not problems, '%s: field types, enums, maxLength and bounds match the table' % path,
              '\n'.join(problems))

        problems = []
        req = [f['name'] for f in res['fields'] if 'FF_REQUIRED' in f['flags']]
        if create is not full or created is not full:
            problems.append('create body and answer are not the record schema')
        if not set(req) <= set(full.get('required', [])):
            problems.append('create required %s, table says %s' % (full.get('required'), req))
        for n in ('id', 'created_at', 'updated_at'):
            if not props.get(n, {}).get('readOnly') or n in full.get('required', []):
                problems.append('%s must be readOnly and not required' % n)
        if patch.get('required') or patch is full:
            problems.append('the PATCH body must be its own schema with nothing required')
        pprops = patch.get('properties', {})
        # FF_READONLY fields (written by the server only) are not in a PATCH
        writable = [f['name'] for f in res['fields'] if 'FF_READONLY' not in f['flags']]
        if sorted(pprops) != sorted(n for n in visible if n in props and n in writable):
            problems.append('PATCH properties %s' % sorted(pprops))
        if not {'items', 'total', 'page', 'per_page'} <= set(page.get('required', [])) or \
                deref(doc, page.get('properties', {}).get('items', {}).get('items', {})) is not full:
            problems.append('list answer is not {items: [record], total, page, per_page}')
        check(not problems, '%s: required on create, readOnly id/created_at/updated_at, PATCH '
              'and list shapes' % path, '\n'.join(problems))

        params = {deref(doc, q).get('name'): deref(doc, q) for q in ops['get'].get('parameters', [])}
        problems = ['no ?%s' % n for n in ('q', 'page', 'per_page', 'sort') if n not in params]
        filters = [f for f in res['fields'] if 'FF_FILTER' in f['flags']]
        for f in filters:
            if f['name'] not in params:
                problems.append('no ?%s filter' % f['name'])
        sorts = [f['name'] for f in res['fields'] if 'FF_SORT' in f['flags']]
        got = params.get('sort', {}).get('schema', {}).get('enum')
        if got is not None and sorted(got) != sorted(sorts + ['-' + s for s in sorts]):
            problems.append('sort enum %s, FF_SORT gives %s' % (got, sorts))
        known = {'q', 'page', 'per_page', 'sort'} | {f['name'] for f in filters}
        problems += ['?%s is not a filter' % n for n in params if n not in known]
        check(not problems, '%s: list takes q, sort, page, per_page and the FF_FILTER fields'
              % path, '\n'.join(problems))


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # a crash is one failed check, not a silent pass
        import traceback
        results.append((False, 'checker ran to the end', traceback.format_exc()))
    print('1..%d' % len(results))
    for n, (ok, name, detail) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', n, name))
        if not ok and detail != '':
            for line in str(detail).splitlines()[:30]:
                print('#   ' + line)
    sys.exit(0 if all(ok for ok, _, _ in results) else 1)
