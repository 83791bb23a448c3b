#!/usr/bin/env python3
"""Generates docs/openapi.yaml (OpenAPI 3.0.3) from the tables the server
itself runs on:

  src/http/routes.c     the one route table (MASTER(path, res) expanded)
  src/core/resource.c   the master-data field tables (names, types, flags,
  src/core/res_partners.c  bounds, enums, defaults, labels)
  src/core/resource.h,  the struct layouts, so the initialisers are read by
  src/http/route.h      member name rather than by position

The C is read with a small preprocessor (object- and function-like #defines,
string-literal concatenation) and an initialiser splitter; nothing is
compiled. Endpoints that are not generic master data are described by hand in
ENDPOINTS below; a route without an entry there (or an entry without a route)
stops the generator, so the document cannot silently fall behind.

Python 3 standard library only. The YAML is emitted by hand in a small,
strict subset: block mappings and sequences, flow sequences of scalars,
double-quoted (JSON-escaped) strings, and plain scalars only where they
cannot be read as anything but a string.

usage: gen_openapi.py [SOURCE_DIR [OUT]]   (OUT '-' = stdout; default
SOURCE_DIR/docs/openapi.yaml)"""
import json
import os
import re
import sys

# ---------------------------------------------------------------------------
# A small C reader
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|[A-Za-z_]\w*|\d\w*|\S', re.S)


def strip_comments(text):
    """Removes /* */ and // comments, leaving string literals alone."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            m = re.compile(r'%s(?:[^%s\\\n]|\\.)*%s' % (c, c, c), re.S).match(text, i)
            if not m:
                raise ValueError('unterminated literal at offset %d' % i)
            out.append(m.group(0))
            i = m.end()
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            if j < 0:
                raise ValueError('unterminated comment at offset %d' % i)
            out.append(' ' + '\n' * text.count('\n', i, j))
            i = j + 2
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_defines(text):
    """{name: (params or None, body)} for every #define, continuation lines
    joined. Returns the text without the directive lines."""
    defines, keep = {}, []
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r'\s*#', line):
            full = line
            while full.endswith('\\') and i + 1 < len(lines):
                i += 1
                full = full[:-1] + ' ' + lines[i]
            m = re.match(r'\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?\s*(.*)$', full)
            if m:
                params = None
                if m.group(2) is not None:
                    params = [p.strip() for p in m.group(3).split(',') if p.strip()]
                defines[m.group(1)] = (params, m.group(4).strip())
            keep.append('')
        else:
            keep.append(line)
        i += 1
    return defines, '\n'.join(keep)


def _balanced_args(text, i):
    """text[i] == '('; returns (args, index after ')')."""
    depth, args, cur, j = 0, [], [], i
    while j < len(text):
        m = _TOKEN.match(text, j)
        if not m:
            cur.append(text[j])
            j += 1
            continue
        tok = m.group(0)
        j = m.end()
        if tok in '([{':
            depth += 1
            if depth == 1:
                continue
        elif tok in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur).strip())
                return args, j
        elif tok == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
            continue
        cur.append(text[m.start():j])
    raise ValueError('unbalanced parentheses')


def expand(text, defines, depth=0):
    """Expands the macros in text (identifiers outside string literals)."""
    if depth > 20:
        raise ValueError('macro recursion')
    out, i = [], 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if not m:
            out.append(text[i])
            i += 1
            continue
        tok = m.group(0)
        d = defines.get(tok) if re.match(r'[A-Za-z_]', tok) else None
        if d is None:
            out.append(text[i:m.end()])
            i = m.end()
            continue
        params, body = d
        if params is None:
            out.append(' ' + expand(body, defines, depth + 1) + ' ')
            i = m.end()
            continue
        k = m.end()
        while k < len(text) and text[k].isspace():
            k += 1
        if k >= len(text) or text[k] != '(':
            out.append(tok)
            i = m.end()
            continue
        args, i = _balanced_args(text, k)
        if len(args) != len(params) and not (params == [] and args == ['']):
            raise ValueError('%s takes %d arguments, got %d' % (tok, len(params), len(args)))
        sub = dict(zip(params, args))
        body_out = []
        for bm in _TOKEN.finditer(body):
            body_out.append(sub.get(bm.group(0), bm.group(0)))
        out.append(' ' + expand(' '.join(body_out), defines, depth + 1) + ' ')
    return ''.join(out)


def split_top(text, sep=','):
    """Splits on sep outside brackets and string literals."""
    parts, cur, depth = [], [], 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok in '([{':
            depth += 1
        elif tok in ')]}':
            depth -= 1
        if tok == sep and depth == 0:
            parts.append(' '.join(cur))
            cur = []
        else:
            cur.append(tok)
    if cur:
        parts.append(' '.join(cur))
    return [p.strip() for p in parts]


_ESC = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0'}


def c_value(expr):
    """A C initialiser value: adjacent string literals (concatenated) → str,
    NULL → None, integer → int, true/false → bool, `&x` → '&x', `A | B` →
    ['A', 'B'], a braced list → list; anything else → the identifier text."""
    expr = expr.strip()
    if expr.startswith('{'):
        if not expr.endswith('}'):
            raise ValueError('bad braced initialiser: %r' % expr)
        return [c_value(p) for p in split_top(expr[1:-1]) if p]
    toks = [m.group(0) for m in _TOKEN.finditer(expr)]
    if toks and all(t.startswith('"') for t in toks):
        return ''.join(re.sub(r'\\(.)', lambda e: _ESC.get(e.group(1), e.group(1)), t[1:-1])
                       for t in toks)
    if expr == 'NULL':
        return None
    if expr in ('true', 'false'):
        return expr == 'true'
    if re.fullmatch(r'\(?\s*-?\s*\d+\s*\)?', expr):
        return int(expr.replace('(', '').replace(')', '').replace(' ', ''))
    if '|' in expr:
        return [t.strip() for t in expr.split('|')]
    return ' '.join(toks).replace('& ', '&')


def struct_members(header_text, name):
    """Member names of `struct name { ... };` in declaration order."""
    m = re.search(r'\bstruct\s+%s\s*\{(.*?)\};' % re.escape(name), header_text, re.S)
    if not m:
        raise ValueError('struct %s not found' % name)
    members = []
    for decl in m.group(1).split(';'):
        decl = decl.strip()
        if not decl:
            continue
        for part in split_top(decl):
            ids = re.findall(r'[A-Za-z_]\w*', re.sub(r'\[[^\]]*\]', '', part))
            members.append(ids[-1])
    return members


def read_c(path):
    with open(path, encoding='utf-8') as f:
        text = strip_comments(f.read())
    defines, body = read_defines(text)
    return defines, body


def initialisers(text, decl_re):
    """(name, body) for every `<decl> name[] = { body };` matched by decl_re
    (a regex with one group: the variable name), in file order."""
    out = []
    for m in re.finditer(decl_re + r'\s*(?:\[\s*\])?\s*=\s*\{', text):
        depth, j = 1, m.end()
        while depth:
            t = _TOKEN.match(text, j)
            if not t:
                j += 1
                continue
            tok = t.group(0)
            depth += tok == '{'
            depth -= tok == '}'
            j = t.end()
        out.append((m.group(1), text[m.end():j - 1]))
    return out


# ---------------------------------------------------------------------------
# The two tables
# ---------------------------------------------------------------------------

def parse_resources(src):
    """{C name: resource} in the order of the resources[] array; each
    resource has name, table, one, default_sort, has_active and fields (each
    with the struct field members, flags as a set)."""
    header = strip_comments(open(os.path.join(src, 'src/core/resource.h'), encoding='utf-8').read())
    fmembers, rmembers = struct_members(header, 'field'), struct_members(header, 'resource')
    defines, text = read_c(os.path.join(src, 'src/core/resource.c'))
    # the partner administration's tables live in their own file
    more_defines, more = read_c(os.path.join(src, 'src/core/res_partners.c'))
    defines.update(more_defines)
    text += '\n' + more
    defines.pop('N', None)  # N(a) is sizeof arithmetic: leave it as text
    text = expand(text, defines)
    arrays = {}
    for name, body in initialisers(text, r'static\s+const\s+char\s*\*\s*const\s+(\w+)'):
        arrays[name] = [v for v in (c_value(p) for p in split_top(body) if p) if v is not None]
    tables = {}
    for name, body in initialisers(text, r'static\s+const\s+struct\s+field\s+(\w+)'):
        fields = []
        for entry in split_top(body):
            if not entry:
                continue
            vals = c_value(entry)
            if len(vals) > len(fmembers):
                raise ValueError('%s: too many values in %r' % (name, entry))
            f = dict(zip(fmembers, vals + [None] * (len(fmembers) - len(vals))))
            fl = f['flags']
            f['flags'] = set() if fl in (0, None) else set([fl] if isinstance(fl, str) else fl)
            if isinstance(f['choices'], str):
                f['choices'] = arrays[f['choices']]
            fields.append(f)
        tables[name] = fields
    res = {}
    for m in re.finditer(r'(?<!extern )const\s+struct\s+resource\s+(\w+)\s*=\s*\{', text):
        body = initialisers(text[m.start():], r'const\s+struct\s+resource\s+(\w+)')[0][1]
        vals = [c_value(p) for p in split_top(body)]
        r = dict(zip(rmembers, vals))
        r['fields'] = tables[r['fields']]
        res[m.group(1)] = r
    order = []
    for _, body in initialisers(text, r'const\s+struct\s+resource\s*\*\s*const\s+(resources)'):
        order = [v[1:] for v in (c_value(p) for p in split_top(body) if p) if v]
    return {k: res[k] for k in order} if order else res


def parse_routes(src):
    """Routes in table order: dicts with the struct route members (method
    without M_, pattern, handler, auth, perm, arg without &, body_max, flags)."""
    header = strip_comments(open(os.path.join(src, 'src/http/route.h'), encoding='utf-8').read())
    members = struct_members(header, 'route')
    defines, text = read_c(os.path.join(src, 'src/http/routes.c'))
    text = expand(text, defines)
    tables = initialisers(text, r'const\s+struct\s+route\s+(routes)')
    if len(tables) != 1:
        raise ValueError('routes[] not found in src/http/routes.c')
    routes = []
    for entry in split_top(tables[0][1]):
        if not entry:
            continue
        vals = c_value(entry)
        r = dict(zip(members, vals + [None] * (len(members) - len(vals))))
        r['method'] = r['method'][2:] if r['method'].startswith('M_') else r['method']
        if isinstance(r['arg'], str) and r['arg'].startswith('&'):
            r['arg'] = r['arg'][1:]
        elif r['arg'] is not None:
            raise ValueError('unexpected route arg %r' % r['arg'])
        routes.append(r)
    return routes


# ---------------------------------------------------------------------------
# What the tables do not say (each with the place in the C that says it)
# ---------------------------------------------------------------------------

# src/core/perm.c perm_can(): who passes the route's permission check.
PERMS = {
    -1: None,  # NO_PERM: the handler decides
    'ACT_MASTER_READ': 'any signed-in user',
    'ACT_TOKEN_CREATE': 'any signed-in user',
    'ACT_MASTER_WRITE': 'admin',
    'ACT_USER_WRITE': 'admin',
    'ACT_AUDIT_READ': 'admin',
    'ACT_SETTINGS_WRITE': 'admin',
    'ACT_USER_READ': 'admin, leader, agent',
    'ACT_TICKET_CREATE': 'requester, agent, admin',
    'ACT_FAQ_WRITE': 'tier-1 agent, admin',
    'ACT_FAQ_PROPOSE': 'everyone except leaders',
    'ACT_REPORT_READ': 'admin, leader, tier-1 agent',
}
# Permissions every signed-in user has: the route check itself never answers 403.
PERMS_ALWAYS = {'ACT_MASTER_READ', 'ACT_TOKEN_CREATE', -1}

# src/api/users.c check_user(): a password is required on create, unless the
# user is invited (issue #20 item 7): then none may be given.
EXTRA_REQUIRED = {'users': []}
# src/api/users.c and src/core/resource.c record_user_rules().
RESOURCE_NOTES = {
    'users': 'Accounts. The password is stored only as an argon2id hash and is never '
             'shown. An agent without a tier gets tier 1; only agents have a tier; a '
             'tier-2 agent needs unit_id and a tier-3 agent vendor_id (422 otherwise). '
             'Admins cannot deactivate, demote or delete their own account '
             '(409 user.self_lockout). Setting a password ends the user\'s sessions (but the '
             'one making a change to its own account) and revokes their API tokens. '
             'Create takes a password, or "invite": true without one (issue #20): the user is '
             'mailed a one-time link (template user_invite, invite_token_hours, 72) to set '
             'their own (POST /api/v1/auth/invite); neither is 422 naming password.',
    'services': 'Catalogue entries. kind "ticket" services take tickets; "redirect" '
                'services send users to external_url (POST /api/v1/services/{id}/redirect).',
    'holidays': 'Non-working days of a calendar (SLA clocks skip them).',
    'calendars': 'Working hours for SLA clocks.',
    'partners': 'Field partners (mitra) of an office (unit_id). nik: 16 digits with a '
                'province code, non-zero regency and district, a birth date DDMMYY (day + 40 '
                'for women) and a serial from 0001 (422 otherwise); unique (409). Admins see '
                'every office; a partner admin (users.partner_admin) only their own unit: '
                'another office\'s partner is 404, a write naming another office 403 '
                'partner.other_office, and a new partner without unit_id lands in theirs. '
                'Everyone else gets 404 on every partner route.',
    'activities': 'Survey and census activities with their period, budget (pagu, whole '
                  'rupiah) and unit rates (SHKS): requests and answers also carry '
                  '"rates":[{"output":"dokumen","unit_rate":4000}] (outputs unique, rates whole '
                  'rupiah; a PATCH with rates replaces them all). Admins write (a partner admin '
                  'gets 403), partner admins read, everyone else 404. A budget below what the '
                  'assignments spend is 409 activity.budget_exceeded; a period that leaves '
                  'assignments outside is 409 activity.assignments_outside.',
}

TYPE_NAMES = {'FT_INT': 'integer', 'FT_REF': 'integer', 'FT_BOOL': 'boolean'}
FORMATS = {'FT_EMAIL': 'email', 'FT_URL': 'uri', 'FT_DATE': 'date'}
PATTERNS = {'FT_HHMM': r'^([01][0-9]|2[0-3]):[0-5][0-9]$',
            'FT_DAYS': r'^[1-7](,[1-7])*$',
            'FT_NIP': r'^[0-9]{18}$',
            'FT_PHONE': r'^\+?[0-9 ()-]+$',
            'FT_URL': r'^https?://.+'}
TYPE_NOTES = {'FT_PHONE': 'Phone number: optional +, 5–20 digits, spaces, dashes, parentheses.',
              'FT_URL': 'http(s) URL.',
              'FT_DAYS': 'ISO weekdays, Monday = 1, e.g. "1,2,3,4,5"; no repeats.',
              'FT_HHMM': 'Time of day HH:MM.',
              'FT_NIP': 'NIP: 18 digits.',
              'FT_TZ': 'Time zone the server knows, e.g. Asia/Jakarta, Asia/Makassar, '
                       'Asia/Jayapura.',
              'FT_DATE': 'Date YYYY-MM-DD.'}

# ---------------------------------------------------------------------------
# Schema helpers
# ---------------------------------------------------------------------------


def camel(s):
    return ''.join(p[:1].upper() + p[1:] for p in re.split(r'[_\-]', s) if p)


def ref(name, kind='schemas'):
    return {'$ref': '#/components/%s/%s' % (kind, name)}


def S(type_, description=None, **kw):
    d = {'type': type_}
    if description:
        d['description'] = description
    for k, v in kw.items():
        d[k.rstrip('_')] = v
    return d


def nul(schema):
    schema = dict(schema)
    schema['nullable'] = True
    return schema


def obj(props, required=(), description=None, **kw):
    d = {'type': 'object'}
    if description:
        d['description'] = description
    if required:
        d['required'] = list(required)
    d['properties'] = props
    d.update(kw)
    return d


def arr(items, description=None, **kw):
    d = {'type': 'array'}
    if description:
        d['description'] = description
    d['items'] = items
    d.update(kw)
    return d


TIME = S('string', 'ISO-8601 UTC', format='date-time')
ID = S('integer', format='int64', minimum=1)


def page_of(item, extra=None):
    props = {'items': arr(item), 'total': S('integer', 'Matches over all pages', minimum=0),
             'page': S('integer', minimum=1), 'per_page': S('integer', minimum=1, maximum=200)}
    props.update(extra or {})
    return obj(props, ['items', 'total', 'page', 'per_page'])


# ---------------------------------------------------------------------------
# Master-data schemas from the field tables
# ---------------------------------------------------------------------------

def field_schema(f, res):
    t = f['type']
    s = {'type': TYPE_NAMES.get(t, 'string')}
    notes = [f['label_en'] + (' (%s)' % f['label_id'] if f['label_id'] != f['label_en'] else '') + '.']
    if t == 'FT_REF':
        notes.append('Id of a %s record.' % f['ref'])
    if t in TYPE_NOTES:
        notes.append(TYPE_NOTES[t])
    fl = f['flags']
    if 'FF_UNIQUE' in fl:
        notes.append('Unique (409 %s.duplicate).' % res['one'])
    if 'FF_SEARCH' in fl:
        notes.append('Matched by q.')
    if 'FF_FILTER' in fl:
        notes.append('List filter.')
    if 'FF_SORT' in fl:
        notes.append('Sortable.')
    if 'FF_VIRTUAL' in fl:
        notes.append('Write-only: accepted on create and update, never stored or shown.')
    required = 'FF_REQUIRED' in fl
    # A field with a default is NOT NULL in the schema (src/store/migrations):
    # null is refused there, so only optional fields without one can be null.
    nullable = not required and f['def'] is None and 'FF_VIRTUAL' not in fl
    if f['def'] is not None:
        notes.append('Set to the default on create when left out; cannot be null.')
    elif nullable and s['type'] == 'string':
        notes.append('An empty string means none (null).')
    s['description'] = ' '.join(notes)
    if t == 'FT_INT':
        s['format'] = 'int64'
        s['minimum'], s['maximum'] = f['min'], f['max']
    elif t == 'FT_REF':
        s['format'] = 'int64'
        s['minimum'] = 1
    elif s['type'] == 'string':
        if t in FORMATS:
            s['format'] = FORMATS[t]
        if t in PATTERNS:
            s['pattern'] = PATTERNS[t]
        if f['min']:
            s['minLength'] = f['min']
        if f['max']:
            s['maxLength'] = f['max']
    if f['choices']:
        s['enum'] = list(f['choices'])
    if f['def'] is not None:
        s['default'] = (int(f['def']) != 0 if t == 'FT_BOOL' else
                        int(f['def']) if t in ('FT_INT', 'FT_REF') else f['def'])
    if 'FF_VIRTUAL' in fl:
        s['writeOnly'] = True
    elif 'FF_READONLY' in fl:  # written by the server only; ignored in a request body
        s['readOnly'] = True
        s['nullable'] = True
        s['description'] += (' Read-only (ignored in request bodies); shown to staff only (issue '
                             '#21: the identity check).')
    elif nullable:
        s['nullable'] = True
        if 'enum' in s:
            s['enum'].append(None)
    return s


def resource_schemas(res):
    """(full schema, patch schema) for one resource."""
    props = {'id': dict(ID, readOnly=True, description='Assigned by the server.')}
    for f in res['fields']:
        if 'FF_HIDDEN' not in f['flags']:
            props[f['name']] = field_schema(f, res)
    props['created_at'] = dict(TIME, readOnly=True)
    props['updated_at'] = dict(TIME, readOnly=True)
    req = [f['name'] for f in res['fields']
           if 'FF_REQUIRED' in f['flags'] and 'FF_HIDDEN' not in f['flags']]
    req += [n for n in EXTRA_REQUIRED.get(res['name'], []) if n not in req]
    desc = RESOURCE_NOTES.get(res['name'], '')
    desc = (desc + ' ' if desc else '') + (
        '`required` lists what create needs; id, created_at and updated_at are read-only '
        'and ignored in request bodies; unknown fields are 422.')
    full = obj(props, req, desc)
    # In a PATCH a field left out keeps its value: no defaults there.
    patch = {k: {a: b for a, b in v.items() if a != 'default'}
             for k, v in props.items() if not v.get('readOnly')}
    pdesc = ('Partial update of a %s: only the fields sent change; null clears an optional '
             'field; a required field cannot be cleared.' % res['one'])
    if res['name'] == 'users':
        pdesc += ' Send password to change it.'
    return full, obj(patch, (), pdesc)


# ---------------------------------------------------------------------------
# Hand-written schemas of the other endpoints (see the handler named beside each)
# ---------------------------------------------------------------------------

TICKET_STATUSES = ['new', 'in_progress', 'waiting', 'resolved', 'closed', 'cancelled']  # core/ticket.c
CHANNELS = ['web', 'email', 'whatsapp', 'phone', 'walk_in']  # api/tickets.c channels[]
TICKET_SORTS = ['created_at', 'updated_at', 'number', 'status', 'priority', 'resolution_due',
                'title']  # api/tickets.c api_tickets_list()


def static_schemas():
    ref_obj = lambda *names: obj({n: (S('integer', format='int64') if n == 'id' else nul(S('string')))
                                  for n in names}, ['id'])
    sc = {}
    sc['Error'] = obj({'error': obj({
        'code': S('string', 'Stable dotted code, e.g. auth.csrf, unit.duplicate, validation'),
        'message': S('string', 'Readable message in the language Accept-Language picked'),
        'fields': S('object', 'Only on validation errors (and on the duplicate field of a '
                    '409): field name → problem', additionalProperties=S('string'))},
        ['code', 'message'])}, ['error'])
    sc['Health'] = obj({'status': S('string', enum=['ok', 'unavailable'])}, ['status'])
    sc['LoginRequest'] = obj({'login': S('string', 'Email or NIP'),
                              'password': S('string', format='password')},
                             ['login', 'password'])
    SEES_INTERNAL = ('user also carries sees_internal (boolean): false for a tier-3 vendor '
                     'whose vendor record does not let it read internal notes and personal '
                     'contacts; and uses_partners (boolean): true for admins and partner '
                     'admins, who may use the partner administration')
    # issue 16 item 4: outside stakeholders sign up
    sc['SignupRequest'] = obj({'email': S('string', format='email'),
                               'name': S('string', maxLength=200),
                               'password': S('string', format='password', minLength=8,
                                             maxLength=256),
                               'locale': S('string', enum=['id', 'en'], default='id',
                                           description='Language of the mail')},
                              ['email', 'name', 'password'])
    sc['SignupAccepted'] = obj({'status': S('string', enum=['check_email'])}, ['status'])
    sc['SignupOpen'] = obj({'enabled': S('boolean')}, ['enabled'])
    sc['OidcOffered'] = obj({'enabled': S('boolean'),
                             'label': S('string', description='oidc_button_label; only when enabled')},
                            ['enabled'])
    sc['Guide'] = obj({'lang': S('string', enum=['id', 'en']),
                       'html': S('string', 'The guide rendered from Markdown; raw HTML in the '
                                 'source is escaped')}, ['lang', 'html'])
    sc['VerifyRequest'] = obj({'token': S('string', 'The 64-hex token of the mailed link',
                                          pattern='^[0-9a-f]{64}$')}, ['token'])
    sc['Verified'] = obj({'status': S('string', enum=['verified']), 'user_id': S('integer')},
                         ['status', 'user_id'])
    sc['InviteAccept'] = obj({'token': S('string', 'The 64-hex token of the mailed invitation',
                                         pattern='^[0-9a-f]{64}$'),
                              'password': S('string', 'The new password', minLength=8,
                                            maxLength=256)}, ['token', 'password'])
    sc['InviteDone'] = obj({'status': S('string', enum=['password_set'])}, ['status'])
    sc['Invited'] = obj({'status': S('string', enum=['invited'])}, ['status'])
    sc['Session'] = obj({'user': ref('User'),
                         'csrf_token': S('string', 'Send as X-CSRF-Token on cookie-authenticated '
                                         'writes')}, ['user', 'csrf_token'],
                        SEES_INTERNAL)
    sc['IdentityQueue'] = obj({
        'items': arr({'allOf': [ref('User'), obj({'tickets': arr(obj({
            'number': S('string'), 'title': S('string'), 'status': S('string'),
            'channel': nul(S('string'))}, ['number', 'status']))}, ['tickets'])]}),
        'total': S('integer', minimum=0)}, ['items', 'total'])
    sc['Me'] = obj({'user': ref('User'),
                    'csrf_token': nul(S('string', 'The session\'s CSRF token; null with a bearer '
                                        'token'))}, ['user', 'csrf_token'], SEES_INTERNAL)
    sc['TokenRequest'] = obj({'name': S('string', minLength=1, maxLength=100),
                              'expires_in_days': S('integer', 'Omit (and omit expires_at) for a '
                                                   'token that does not expire', minimum=1,
                                                   maximum=3650),
                              'expires_at': S('string', 'Instead of expires_in_days: a future '
                                              'UTC time, YYYY-MM-DDTHH:MM:SSZ, at most 3650 '
                                              'days ahead', format='date-time')}, ['name'])
    sc['TokenCreated'] = obj({'id': ID, 'name': S('string'),
                              'token': S('string', 'The secret, shown only this once; send as '
                                         '`Authorization: Bearer <token>`'),
                              'created_at': TIME,
                              'expires_at': nul(TIME)},
                             ['id', 'name', 'token', 'created_at', 'expires_at'])
    sc['Token'] = obj({'id': ID, 'name': S('string'), 'created_at': TIME,
                       'expires_at': nul(TIME),
                       'expired': S('boolean', 'true once expires_at passed (the token then '
                                    'answers 401 until revoked)')},
                      ['id', 'name', 'created_at', 'expires_at', 'expired'],
                      description='Never the secret or its hash')
    sc['TokenList'] = obj({'items': {'type': 'array', 'items': ref('Token')}}, ['items'])
    sc['AuditEntry'] = obj({'id': ID, 'at': TIME, 'actor_id': nul(ID),
                            'actor_name': nul(S('string')),
                            'action': S('string', 'create, update, delete, approve, reject ...'),
                            'resource': S('string', 'e.g. units, users, tokens, faq'),
                            'record_id': nul(ID),
                            'detail': nul(S('object', 'The record on create/delete; '
                                            '{"field":{"old","new"}} on update')),
                            'ip': nul(S('string'))},
                           ['id', 'at', 'action', 'resource'])
    sc['AuditPage'] = page_of(ref('AuditEntry'))
    sc['OutboxEntry'] = obj({'id': ID, 'created_at': TIME, 'ticket_id': nul(ID),
                             'recipient': S('string'), 'channel': S('string'),
                             'template': S('string'), 'locale': S('string'),
                             'vars': nul(S('object')), 'status': S('string'),
                             'attempts': S('integer'),
                             'next_attempt_at': TIME, 'sent_at': nul(TIME),
                             'last_error': nul(S('string', 'Why the last attempt failed'))},
                            ['id', 'created_at', 'recipient', 'channel', 'template', 'status'])
    # Not paged (api/ticket_edit.c api_outbox_list): page 1, per_page = the
    # number of items, so 0 when there are none.
    sc['OutboxPage'] = page_of(ref('OutboxEntry'), {'per_page': S(
        'integer', 'The number of items (not paged)', minimum=0)})
    sc['Settings'] = obj({'settings': obj({}, description='Every configuration key with its '
                                           'effective value', additionalProperties=True),
                          'source': S('string')}, ['settings', 'source'])
    # issue #21: the settings page and the role policy (api/office.c, api/policy.c)
    office = {'org_name': S('string', 'One line, at most 200 characters'),
              'letterhead': S('string', 'Lines under the name on report PDFs and the '
                              'default letterhead of letters; at most 1000 characters'),
              'smtp_host': S('string'), 'smtp_port': S('integer', minimum=0, maximum=65535),
              'smtp_tls': S('string', enum=['none', 'starttls', 'tls']),
              'smtp_user': S('string'), 'mail_from': S('string')}
    # issue #21 item 5: the desk rules in force (svc/desk_rules.h), settings row over loket.conf
    rules = {'agent_close': S('boolean', 'An agent may close a resolved ticket assigned to '
                              'them'),
             'tag_before_resolve': S('boolean', 'A ticket is resolved only with at least one '
                                     'tag (else 422 tags)')}
    sc['OfficeSettings'] = obj(dict(office, **{
        'org_name_from_db': S('boolean', 'Set on this page (else loket.conf)'),
        'mail_from_db': S('boolean', 'The mail server was set on this page'),
        'logo_url': nul(S('string')),
        'smtp_password_set': S('boolean', 'The password is write-only: only whether it is set'),
        'restart_needed': arr(S('string'), 'What applies only after a restart: mail_worker')},
        **rules),
        ['org_name', 'letterhead', 'smtp_host', 'smtp_port', 'smtp_tls', 'smtp_user',
         'smtp_password_set', 'mail_from', 'restart_needed', 'agent_close', 'tag_before_resolve'])
    sc['OfficeSettingsPut'] = obj(dict(office, smtp_password=S(
        'string', 'Write-only; empty or absent keeps the stored one'), **rules),
        description='Only the members given change; an empty string clears a value back to '
                    'loket.conf\'s (org_name may not be empty). agent_close and '
                    'tag_before_resolve take true or false only (anything else, null '
                    'included, is 422 naming the field).')
    sc['TestMail'] = obj({'to': S('string', 'Recipient address')}, ['to'])
    sc['TestMailResult'] = obj({'sent': S('boolean'), 'to': S('string'),
                                'detail': S('string', 'The mail server\'s answer when not sent')},
                               ['sent', 'to', 'detail'])
    cells = obj({}, additionalProperties=S('boolean'),
                description='right -> {class -> allowed}')
    sc['RolePolicy'] = obj({'rights': arr(S('string')), 'classes': arr(S('string')),
                            'policy': obj({}, additionalProperties=cells),
                            'defaults': obj({}, additionalProperties=cells)},
                           ['rights', 'classes', 'policy', 'defaults'])
    sc['RolePolicyPut'] = obj({'policy': obj({}, additionalProperties=cells)}, ['policy'])
    sc['AttachmentDelete'] = obj({'reason': S('string', 'Required, at most 500 characters',
                                              maxLength=500)}, ['reason'])
    sc['OutboxResent'] = obj({'id': ID, 'status': S('string', enum=['pending']),
                              'attempts': S('integer')}, ['id', 'status', 'attempts'])
    parts = {'subject': S('string', 'One line, at most 500 bytes', maxLength=500),
             'text': S('string', 'Plain-text body, at most 64 KiB'),
             'html': S('string', 'HTML body, at most 64 KiB')}
    sc['MailTemplateSummary'] = obj({'key': S('string'), 'locale': S('string', enum=['id', 'en']),
                                     'customized': S('boolean'), 'subject': S('string'),
                                     'updated_at': nul(TIME)},
                                    ['key', 'locale', 'customized', 'subject'])
    sc['MailTemplateList'] = page_of(ref('MailTemplateSummary'))
    sc['MailTemplate'] = obj(dict(parts, key=S('string'), locale=S('string', enum=['id', 'en']),
                                  customized=S('boolean'), updated_at=nul(TIME),
                                  default=obj(dict(parts))),
                             ['key', 'locale', 'customized', 'subject', 'text', 'html'],
                             'A mail template (mustache subset, see README)')
    sc['MailTemplatePut'] = obj(dict(parts), ['subject', 'text', 'html'])
    sc['MailTemplatePatch'] = obj(dict(parts))
    sc['MailPreviewRequest'] = obj(dict(parts, ticket=S('string', 'Ticket number'),
                                        vars=S('object', 'Extra variables')))
    sc['MailPreview'] = obj({'key': S('string'), 'locale': S('string'),
                             'customized': S('boolean'), 'subject': S('string'),
                             'text': S('string'), 'html': S('string'),
                             'vars': S('object', 'The variables used')},
                            ['subject', 'text', 'html', 'vars'])
    sc['Redirect'] = obj({'url': S('string', format='uri'), 'service_id': ID,
                          'service': S('string', 'Service name')},
                         ['url', 'service_id', 'service'])
    sc['Ticket'] = obj({
        'id': ID, 'number': S('string', 'PREFIX-YEAR-NNNNNN, e.g. LKT-2026-000123'),
        'title': S('string'), 'description': S('string'),
        'status': S('string', enum=TICKET_STATUSES),
        'status_label': obj({'id': S('string'), 'en': S('string')}),
        'service': obj({'id': ID, 'name': nul(S('string')), 'kind': nul(S('string'))}),
        'service_id': ID,
        'booking': S('boolean', 'An appointment (GET /api/v1/bookings?q=<number> finds it): '
                     'seen only by its requester, its service\'s staff and admins; no SLA '
                     'due times; cancelled or resolved through the booking routes'),
        'category_id': nul(ID),
        'priority': nul(S('string', 'Priority code')), 'priority_id': nul(ID),
        'requester': obj({'id': ID, 'name': nul(S('string')),
                          'email': nul(S('string', 'null for a viewer who may not see personal '
                                         'contacts (a tier-3 vendor without sees_internal)'))}),
        'requester_id': ID, 'unit_id': nul(ID), 'unit_name': nul(S('string')),
        'contact_name': nul(S('string')),
        'contact_phone': nul(S('string', 'null for a viewer who may not see personal contacts')),
        'channel': S('string', enum=CHANNELS),
        'assignee': nul(obj({'id': ID, 'name': nul(S('string'))})),
        'assignee_id': nul(ID), 'tier': S('integer', minimum=1, maximum=3),
        'escalation': obj({'unit_id': nul(ID), 'vendor_id': nul(ID)}),
        'tags': arr(S('string')),
        'created_at': TIME, 'updated_at': nul(TIME), 'first_response_at': nul(TIME),
        'resolved_at': nul(TIME), 'closed_at': nul(TIME),
        'sla': obj({'policy_id': nul(ID), 'first_response_due': nul(TIME),
                    'resolution_due': nul(TIME), 'first_response_breached': S('boolean'),
                    'resolution_breached': S('boolean'),
                    'paused_minutes': S('integer'), 'paused': S('boolean')}),
        'resolution_summary': nul(S('string')), 'cancel_reason': nul(S('string')),
        'rating': nul(S('integer', minimum=1, maximum=5)), 'feedback': nul(S('string')),
        'merged_into': nul(S('string', 'Number of the ticket this one was merged into')),
        'version': S('integer', 'Send back in PATCH to refuse stale writes'),
        'may_close': S('boolean', 'Resolved and the caller may close it (accept the '
                       'resolution): the requester, an admin, or the assigned agent when the '
                       'setting agent_close is on')},
        ['id', 'number', 'title', 'status', 'service_id', 'requester_id', 'channel', 'tier',
         'version'], 'A ticket (api/ticket_common.c ticket_json)')
    sc['TicketPage'] = page_of(ref('Ticket'), {'total_capped': S(
        'boolean', 'true when counting stopped early: total is then a lower bound (10000, or '
        'for a text search with filters the matches among the first 10,001 text matches)')})
    sc['TicketNew'] = obj({
        'title': S('string', maxLength=200), 'description': S('string', maxLength=20000),
        'service_id': S('integer', 'An active service of kind "ticket"', format='int64'),
        'priority': S('string', 'Priority code (or its id as an integer); default: the '
                      'service\'s'),
        'contact_name': S('string', maxLength=200), 'contact_phone': S('string', maxLength=32),
        'requester_id': S('integer', 'Tier-1 agents and admins: record for this user',
                          format='int64'),
        'requester': obj({'nip': S('string'), 'email': S('string'), 'phone': S('string'),
                          'name': S('string')}, (),
                         'Tier-1 agents and admins: the caller, found by nip, email or phone, '
                         'or registered as a requester when unknown and name is given',
                         additionalProperties=True),
        'channel': S('string', 'Tier-1 agents and admins; default phone when recording for '
                     'someone else, web otherwise', enum=CHANNELS)},
        ['title', 'description', 'service_id'])
    sc['TicketPatch'] = obj({
        'title': S('string', minLength=1, maxLength=200),
        'description': S('string', minLength=1, maxLength=20000),
        'priority': S('string', 'Priority code'), 'priority_id': S('integer', format='int64'),
        'service_id': S('integer', format='int64'), 'category_id': S('integer', format='int64'),
        'contact_name': S('string', maxLength=200), 'contact_phone': S('string', maxLength=32),
        'tags': arr(S('string'), 'Names of existing tags; replaces the set', maxItems=20),
        'version': S('integer', 'The version you read; a different current version is 409 '
                     'ticket.stale')}, (), 'Staff edit; any other key is 422')
    sc['TicketEvent'] = obj({'id': ID, 'at': TIME, 'actor_id': nul(ID),
                             'actor_name': nul(S('string')),
                             'kind': S('string', 'created, status, comment, note, assigned, '
                                       'escalated (body: the reason only when public), '
                                       'escalation_reason (internal), field, tags, attachment, '
                                       'rating, channel ...'),
                             'field': nul(S('string')), 'old_value': nul(S('string')),
                             'new_value': nul(S('string')), 'body': nul(S('string')),
                             'internal': S('boolean'),
                             'target': S('string', 'escalated only: the unit (tier 2) or vendor '
                                         '(tier 3) it went to, by name (issue #20)')},
                            ['id', 'at', 'kind', 'internal'])
    sc['TicketEvents'] = obj({'number': S('string'), 'items': arr(ref('TicketEvent'))},
                             ['number', 'items'])
    sc['Comment'] = obj({'body': S('string', minLength=1, maxLength=20000),
                         'internal': S('boolean', 'Internal note (staff only)', default=False),
                         'status': S('string', 'Send as: after the comment, in the same '
                                     'transaction, the ticket moves to this status (as POST '
                                     '.../transitions would; nothing is kept when it is refused)',
                                     enum=['in_progress', 'waiting', 'resolved']),
                         'summary': S('string', 'Required with status resolved',
                                      maxLength=10000)},
                        ['body'])
    sc['Transition'] = obj({'to': S('string', enum=TICKET_STATUSES),
                            'summary': S('string', 'Required for resolved', maxLength=10000),
                            'reason': S('string', 'Required for cancelled', maxLength=2000),
                            'reason_code': S('string', 'Staff cancelling someone else\'s ticket: '
                                             'an active code of /reject-reasons (issue #21); '
                                             '422 naming reason_code for an unknown or '
                                             'inactive one, with another status, or from the '
                                             'ticket\'s own requester')},
                           ['to'])
    sc['Assign'] = obj({'assignee_id': nul(S('integer', 'An active agent or admin; omit or '
                                              'null to take the ticket yourself',
                                              format='int64'))})
    sc['Escalate'] = obj({'tier': S('integer', enum=[2, 3]),
                          'unit_id': S('integer', 'With tier 2', format='int64'),
                          'vendor_id': S('integer', 'With tier 3', format='int64'),
                          'reason': S('string', minLength=1),
                          'public': S('boolean', 'true: the requester may read the reason (the '
                                      'escalated event carries it); otherwise it is an internal '
                                      'escalation_reason event', default=False)},
                         ['tier', 'reason'])
    sc['AppProblem'] = obj({'what': S('string', 'What went wrong', minLength=1, maxLength=5000),
                            'page_url': S('string', 'The page it happened on', maxLength=2000)},
                           ['what'])
    sc['Rating'] = obj({'score': S('integer', minimum=1, maximum=5),
                        'feedback': S('string', maxLength=5000)}, ['score'])
    sc['Merge'] = obj({'into': S('string', 'Number of the ticket to merge into')}, ['into'])
    sc['Attachment'] = obj({'id': ID, 'filename': S('string'),
                            'content_type': S('string', 'Detected from the content'),
                            'size': S('integer'), 'sha256': S('string'),
                            'internal': S('boolean'), 'created_at': TIME,
                            'uploader_id': nul(ID), 'uploader_name': nul(S('string')),
                            'url': S('string', 'Download path')},
                           ['id', 'filename', 'content_type', 'size', 'sha256', 'url'])
    sc['AttachmentList'] = obj({'items': arr(ref('Attachment')),
                                'limits': obj({'max_bytes': S('integer', 'Largest file taken'),
                                               'types': S('string', 'Allowed types as file '
                                                          'extensions: jpg,png,pdf,...')},
                                              ['max_bytes', 'types'])}, ['items'])
    sc['Upload'] = obj({'file': S('string', format='binary'),
                        'internal': S('string', '"true" or "1": visible to staff only')},
                       ['file'])
    sc['Faq'] = obj({'id': ID, 'category_id': nul(ID), 'question': S('string'),
                     'answer': S('string', 'Markdown'),
                     'answer_html': S('string', 'The answer rendered to safe HTML'),
                     'published': S('boolean'), 'helpful_yes': S('integer'),
                     'helpful_no': S('integer'), 'created_at': nul(TIME),
                     'updated_at': nul(TIME),
                     'counted': S('boolean', 'Only in the answer to a vote: false when this '
                                  'user had voted already (the first vote stands)')},
                    ['id', 'question', 'answer', 'answer_html', 'published'])
    sc['FaqPage'] = page_of(ref('Faq'))
    faq_props = lambda: {'question': S('string', minLength=3, maxLength=300),
                         'answer': S('string', 'Markdown', minLength=1, maxLength=50000),
                         'category_id': nul(S('integer', format='int64')),
                         'published': S('boolean', default=True)}
    sc['FaqNew'] = obj(faq_props(), ['question', 'answer'])
    sc['FaqPatch'] = obj(faq_props(), (), 'Only the fields sent change')
    sc['FaqApprove'] = obj(faq_props(), (), 'Optional edits made while approving; the '
                           'proposal\'s text is used for what is left out, and an answer is '
                           'needed either way. Send {} to publish as proposed.')
    sc['FaqSuggestions'] = obj({'items': arr(obj({'id': ID, 'question': S('string'),
                                                  'answer_html': S('string')},
                                                 ['id', 'question', 'answer_html']),
                                             maxItems=5)}, ['items'])
    sc['Helpful'] = obj({'helpful': S('boolean')}, ['helpful'])
    sc['FaqProposal'] = obj({'id': ID, 'proposer_id': ID, 'proposer_name': nul(S('string')),
                             'category_id': nul(ID), 'question': S('string'),
                             'answer': nul(S('string', 'Markdown')),
                             'status': S('string', enum=['pending', 'approved', 'rejected']),
                             'reject_reason': nul(S('string')), 'article_id': nul(ID),
                             'created_at': nul(TIME), 'reviewed_at': nul(TIME)},
                            ['id', 'proposer_id', 'question', 'status'])
    sc['FaqProposalPage'] = page_of(ref('FaqProposal'))
    sc['ProposalNew'] = obj({'question': S('string', minLength=3, maxLength=300),
                             'answer': S('string', 'Markdown (optional)', maxLength=50000),
                             'category_id': nul(S('integer', format='int64'))}, ['question'])
    sc['Reject'] = obj({'reason': S('string', minLength=3, maxLength=2000)}, ['reason'])
    sc['WhatsAppDelivery'] = obj(
        {'object': S('string'), 'entry': arr(S('object'))},
        description='A WhatsApp Cloud API webhook delivery: entry[].changes[].value with '
                    'contacts, messages (text, image, document ...) and statuses')
    sc['WebhookAck'] = obj({'ok': S('boolean'), 'messages': S('integer')}, ['ok', 'messages'])
    # reports and exports (issue 6)
    sc['ReportSection'] = obj({'key': S('string', 'Member of the report holding the rows'),
                               'title': S('string'),
                               'columns': arr(obj({'key': S('string'), 'label': S('string'),
                                                   'type': S('string', enum=['text', 'integer',
                                                                             'number', 'time'])},
                                                  ['key', 'label', 'type']))},
                              ['key', 'title', 'columns'])
    sc['Report'] = obj({'report': S('string'), 'title': S('string'),
                        'period': S('string', 'The period in words (WIB days)'),
                        'group_by': S('string'),
                        'source': S('string', 'rollup (the trigger-kept daily counts) or '
                                    'tickets (a GROUP BY when filters need it)',
                                    enum=['rollup', 'tickets']),
                        'sections': arr(ref('ReportSection'),
                                        'What each rows member holds; every row is an object '
                                        'keyed by the column keys')},
                       ['report', 'title', 'period', 'sections'],
                       'Rows are under the section keys (rows, distribution, comments, by_status '
                       '...); scalar figures (total, created, resolved, met, breached, running, '
                       'rating_count, rating_mean, redirects) at the top level',
                       additionalProperties=True)
    sc['Summary'] = obj({'group_by': S('string', enum=REPORT_DIMS),
                         'rows': arr(obj({'key': S('string', 'The value: status name, id as '
                                                   'text, YYYY-MM, "" for none'),
                                          'label': S('string'), 'count': S('integer')},
                                         ['key', 'label', 'count'])),
                         'total': S('integer'),
                         'source': S('string', enum=['rollup', 'tickets'])},
                        ['group_by', 'rows', 'total'], 'API.md "Reports", plus the Report '
                        'members', additionalProperties=True)
    sc['ExportNew'] = obj({'report': S('string', enum=REPORT_NAMES + ['survey', 'letters']),
                           'format': S('string', enum=['csv', 'xlsx', 'pdf', 'zip'],
                                       description='zip: letters only (one PDF per letter)'),
                           'filters': obj({}, (), 'The report\'s query parameters (from, to, '
                                          'month, group_by, interval and the ticket list '
                                          'filters; month or year for the partner reports); '
                                          'they may also be given at the top level',
                                          additionalProperties=True),
                           'columns': S('string', description='Report tickets only: a '
                                        'comma-separated subset of number, title, status, '
                                        'service, category, priority, unit, channel, tier, '
                                        'requester, assignee, created_at, first_response_at, '
                                        'resolved_at, closed_at, rating, sla_breached, in that '
                                        'order in the file (default: all). 422 naming columns '
                                        'for an unknown or repeated one (issue #21)'),
                           'timeline': S('string', enum=['public'], description='Report '
                                         'tickets, CSV or XLSX only: a second table "timeline" '
                                         '(number, at, actor, kind, field, old_value, '
                                         'new_value, body) with the public events of the '
                                         'exported tickets: never internal notes, nothing of '
                                         'bookings, no contact values')},
                          ['report', 'format'])
    sc['ExportJob'] = obj({'id': ID, 'report': S('string'), 'format': S('string'),
                           'status': S('string', enum=['queued', 'running', 'done', 'failed']),
                           'percent': S('integer', minimum=0, maximum=100),
                           'done_rows': S('integer'), 'total': S('integer'),
                           'created_at': TIME, 'finished_at': nul(TIME),
                           'error': nul(S('string')),
                           'file_url': nul(S('string', 'Download path once done'))},
                          ['id', 'report', 'format', 'status', 'percent'])
    sc.update(appointment_schemas())
    partner_schemas(sc)
    letter_schemas(sc)
    webhook_schemas(sc)  # issue #22 item 3
    # issue #22 item 4: the notification channel choice
    chan = S('string', 'auto: mail, plus WhatsApp for tickets that came by WhatsApp; email; '
             'whatsapp (instead of mail, once a number is known); both',
             enum=['auto', 'email', 'whatsapp', 'both'])
    sc['NotifyPref'] = obj({'channel': chan,
                            'phone': nul(S('string', 'WhatsApp number as digits (62…); null: '
                                           'the account\'s, or the one the ticket came from')),
                            'whatsapp': S('boolean', 'Whether the office has WhatsApp set up')},
                           ['channel', 'phone', 'whatsapp'])
    sc['NotifyPrefRequest'] = obj({'channel': chan,
                                   'phone': nul(S('string', '8-15 digits; +, spaces, dashes, '
                                                  'dots and brackets allowed; a national 0… '
                                                  'becomes 62…'))}, ['channel'])
    directory_schemas(sc)
    survey_schemas(sc)
    # issue #20: in-app notifications (the bell)
    sc['AlertCount'] = obj({'unread': S('integer'),
                            'marked': S('integer', 'Rows this call marked read')}, ['unread'])
    sc['Alert'] = obj({'id': ID, 'kind': S('string', 'assigned: to you; reply: a new public '
                                           'reply; note: an internal note; status: the status '
                                           'changed', enum=['assigned', 'reply', 'note',
                                                            'status']),
                       'detail': nul(S('string', 'status: the new status')),
                       'actor_name': nul(S('string', 'null: the system')),
                       'created_at': TIME, 'read': S('boolean'),
                       'ticket': obj({'number': S('string'), 'title': S('string'),
                                      'status': S('string')}, ['number', 'title', 'status'])},
                      ['id', 'kind', 'created_at', 'read', 'ticket'])
    sc['AlertList'] = obj({'items': arr(ref('Alert')), 'unread': S('integer')},
                          ['items', 'unread'])
    # issue #20: the live desk's presence heartbeat
    sc['PresenceBeat'] = obj({'state': S('string', 'viewing (every few seconds while the '
                                         'ticket is open), typing, or left',
                                         enum=['viewing', 'typing', 'left'])}, ['state'])
    return sc


# ---- the satisfaction survey (issue #22 item 6) ------------------------------

def survey_schemas(sc):
    q = obj({'key': S('string', 'a-z, 0-9, _ (at most 32); q1, q2 ... when left out',
                      pattern='^[a-z0-9_]{1,32}$'),
             'kind': S('string', enum=['scale', 'text']),
             'text_id': S('string', 'The question in Indonesian, at most 500 bytes',
                          maxLength=500),
             'text_en': S('string', 'In English (the Indonesian when left out)', maxLength=500),
             'required': S('boolean', 'Default: true for a scale, false for a text')},
            ['kind', 'text_id'])
    fields = {'title': S('string', maxLength=200),
              'period': S('string', enum=['monthly', 'quarterly']),
              'questions': arr(q, minItems=1, maxItems=20),
              'sample_size': S('integer', 'Requesters per period; 0 = no limit', minimum=0,
                               maximum=100000),
              'sample_percent': S('integer', 'Share of the period\'s requesters (rounded up); '
                                  '0 = no limit', minimum=0, maximum=100)}
    sc['SurveyNew'] = obj(fields, ['title', 'period', 'questions'])
    sc['SurveyPatch'] = obj(fields)
    send = obj({'period': S('string'), 'sent_at': TIME, 'candidates': S('integer'),
                'invited': S('integer'), 'answered': S('integer')})
    sc['Survey'] = obj(dict(fields, id=ID, status=S('string', enum=['draft', 'active', 'closed']),
                            activated_at=nul(TIME), closed_at=nul(TIME), created_at=TIME,
                            updated_at=TIME, invited=S('integer'), answered=S('integer'),
                            sends=arr(send)),
                       ['id', 'title', 'period', 'questions', 'status'])
    sc['SurveyList'] = obj({'items': arr(ref('Survey'))}, ['items'])
    sc['SurveySent'] = obj({'period': S('string', '2026-12 or 2026-Q4'),
                            'invited': S('integer')}, ['period', 'invited'])
    sc['SurveyToken'] = obj({'token': S('string', 'From the invitation mail (64 hex)')},
                            ['token'])
    sc['SurveyForm'] = obj({'title': S('string'), 'period': S('string'), 'questions': arr(q),
                            'answered': S('boolean'), 'closed': S('boolean')},
                           ['title', 'period', 'questions', 'answered', 'closed'])
    sc['SurveyAnswer'] = obj({'token': S('string'),
                              'answers': obj({}, 'question key -> 1..5 (scale) or text '
                                             '(at most 2000 bytes)')}, ['token', 'answers'])
    sc['SurveyAnswered'] = obj({'status': S('string', enum=['answered'])}, ['status'])
    automation_schemas(sc)
    sc['MacroApply'] = obj({'macro_id': S('integer', format='int64', minimum=1)}, ['macro_id'])
    return sc


def automation_schemas(sc):
    """Automation rules (issue #22 item 1, src/api/automation.c,
    docs/automation.md)."""
    cond = obj({k: arr(S('integer')) for k in ('service_ids', 'category_ids', 'unit_ids',
                                                 'priority_ids', 'requester_ids')},
               description='All given must hold (an empty object: every ticket). Also: '
                           'channels, statuses, tags (names, any of), words (any of, in title '
                           'or description, case-insensitive), rating_max, rating_min (1-5), '
                           'outside_hours (bool) with calendar_id.')
    act = obj({'type': S('string', enum=['assign', 'set_priority', 'set_status', 'add_tags',
                                         'escalate', 'reply', 'notify', 'follow_up'])},
              ['type'], description='assign: user_id, or unit_id with mode round_robin | '
                                    'least_loaded; set_priority: priority_id; set_status: '
                                    'status with summary (resolved) or reason (cancelled); '
                                    'add_tags: tags; escalate: tier, unit_id; reply: '
                                    'canned_response_id; notify: to (requester, assignee, '
                                    'admins, user with user_id) and message; follow_up: tier.')
    timing = obj({'type': S('string', enum=['waiting_days', 'unassigned_minutes',
                                            'before_breach']),
                  'days': S('integer'), 'minutes': S('integer')},
                 description='Time rules only: waiting_days with days (business days), '
                             'unassigned_minutes and before_breach with minutes.')
    body = {'name': S('string', maxLength=200), 'kind': S('string', enum=['trigger', 'time']),
            'enabled': S('boolean'),
            'events': arr(S('string', enum=['created', 'updated', 'commented', 'status',
                                            'rated'])),
            'timing': timing, 'conditions': cond, 'actions': arr(act, maxItems=8)}
    sc['AutomationRuleIn'] = obj(body, ['name', 'actions'])
    sc['AutomationRule'] = obj(dict(body, id=ID, position=S('integer'),
                                    created_by=S('integer'), created_at=TIME, updated_at=TIME),
                               ['id', 'name', 'kind', 'enabled', 'position', 'events', 'timing',
                                'conditions', 'actions'])
    sc['AutomationRuleList'] = page_of(ref('AutomationRule'))
    sc['AutomationSwitch'] = obj({'enabled': S('boolean')}, ['enabled'])
    sc['AutomationOrder'] = obj({'ids': arr(ID)}, ['ids'])
    sc['AutomationDryRun'] = obj({
        'items': arr(obj({'number': S('string'), 'title': S('string'), 'status': S('string'),
                          'service': S('string'), 'created_at': TIME})),
        'matched': S('integer'), 'scanned': S('integer'), 'days': S('integer')},
        ['items', 'matched', 'scanned', 'days'])
    subscription_schemas(sc)
    return sc


# ---- scheduled reports (issue #22 item 2) -----------------------------------

def subscription_schemas(sc):
    fields = {
        'report': S('string', 'recap = monthly recap, sla = SLA compliance, unit_recap = '
                    'tickets per unit', enum=['recap', 'sla', 'unit_recap']),
        'format': S('string', enum=['pdf', 'xlsx']),
        'cadence': S('string', 'monthly: the first working day of the business calendar; '
                     'weekly: on weekday', enum=['monthly', 'weekly']),
        'weekday': S('integer', 'ISO weekday of a weekly send, 1 = Monday', minimum=1,
                     maximum=7),
        'time': S('string', 'HH:MM, WIB', pattern='^[0-2][0-9]:[0-5][0-9]$'),
        'extra_recipients': S('string', 'Addresses besides the owner, comma separated, at '
                              'most 10'),
        'active': S('boolean')}
    sc['SubscriptionIn'] = obj(dict(fields, unit_id=nul(ID)))
    sc['Subscription'] = obj(dict(
        fields, id=ID, owner=obj({'id': ID, 'name': nul(S('string'))}, ['id']),
        unit=nul(obj({'id': ID, 'name': nul(S('string'))}, ['id'])),
        last_send=nul(obj({'period': S('string', '2026-11 or 2026-W48'),
                           'status': S('string', enum=['claimed', 'queued', 'failed']),
                           'at': TIME}, ['period'])),
        created_at=TIME, updated_at=TIME),
        ['id', 'owner', 'report', 'format', 'cadence', 'weekday', 'time', 'active'])
    sc['SubscriptionPage'] = obj({'items': arr(ref('Subscription')),
                                  'total': S('integer', minimum=0)}, ['items', 'total'])
    sc['SubscriptionSent'] = obj({'period': S('string'), 'period_label': S('string'),
                                  'queued': S('integer', 'Mails queued', minimum=0)},
                                 ['period', 'queued'])


SUB_WHO = ('Leaders (their own subscriptions) and admins (all); 404 not_found for requesters '
           'and agents, 404 subscription.not_found for a leader asking for another\'s.')


# ---- appointments (issue 16) ----------------------------------------------

BOOKING_STATUSES = ['requested', 'booked', 'called', 'served', 'no_show', 'cancelled']
DATE = S('string', 'YYYY-MM-DD', format='date')


def appointment_schemas():
    sc = {}
    field = obj({'key': S('string', 'lowercase letters, digits, _ (1-32)',
                          pattern='^[a-z][a-z0-9_]{0,31}$'),
                 'label': S('string', maxLength=200),
                 'type': S('string', enum=['text', 'date', 'number', 'select']),
                 'options': arr(S('string'), 'select only: 1-50 choices'),
                 'required': S('boolean', default=False),
                 'sensitive': S('boolean', 'Specially protected personal data (NIK, date of '
                                'birth, complaint): kept apart from the ticket, never in lists, '
                                'search, reports or exports', default=False)},
                ['key', 'label', 'type'])
    sc['Schedule'] = obj({
        'service_id': ID, 'service_name': S('string'),
        'mode': S('string', enum=['self_booking', 'staff_scheduled']),
        'slot_minutes': S('integer', minimum=5, maximum=480),
        'capacity_per_slot': S('integer', '0 = the daily quota spread over the slots',
                               minimum=0, maximum=1000),
        'daily_quota': S('integer', '0 = none', minimum=0, maximum=10000),
        'meeting_url_base': nul(S('string', 'Each booking gets this plus 32 random hex digits')),
        'calendar_id': nul(ID),
        'form_fields': arr(field, 'At most 30'),
        'staff_ids': arr(ID, 'Agents or admins who serve the service: they see its bookings '
                         'and run its queue'),
        'attachment_max_mb': nul(S('integer', 'Session documents: the size limit of files '
                                   "attached to this service's tickets; null = "
                                   'LOKET_ATTACHMENT_MAX_MB. Enforced before the body is read '
                                   '(413 upload.too_large)', minimum=1, maximum=4096)),
        'allow_media': S('boolean', 'Session documents: audio and video recordings (mp4, webm, '
                         'mkv, mov, mp3, m4a, wav, ogg) and chat files (txt) besides the '
                         'configured types; otherwise 415 upload.type', default=False)},
        ['mode', 'slot_minutes'], 'Opening days and hours come from calendar_id, else from the '
        "service's SLA policy's calendar; holidays are closed")
    slot = obj({'start': TIME, 'capacity': S('integer'), 'remaining': S('integer')},
               ['start', 'remaining'])
    sc['Availability'] = obj({'service_id': ID, 'mode': S('string'), 'days': arr(obj({
        'date': DATE, 'open': S('boolean'), 'capacity': S('integer'),
        'remaining': S('integer'), 'slots': arr(slot, "The slots still open (today's "
                                                     'started ones are left out)')},
        ['date', 'remaining', 'slots']))}, ['days'])
    sc['BookingNew'] = obj({
        'service_id': ID, 'date': DATE,
        'slot_start': S('string', 'The start of one of the day\'s slots; absent = the first '
                        'with room', format='date-time'),
        'answers': obj({}, description='Form answers by key', additionalProperties=True),
        'requester_id': S('integer', 'Staff (tier 1, admins, the service\'s staff) only',
                          format='int64'),
        'channel': S('string', 'Agents and admins only (403 booking.forbidden); default web, '
                     'or phone on behalf', enum=CHANNELS)}, ['service_id', 'date'])
    sc['Booking'] = obj({
        'id': ID, 'ticket_id': ID, 'ticket_number': S('string'), 'service_id': ID,
        'service_name': S('string'), 'requester_id': ID, 'requester_name': S('string'),
        'date': DATE, 'slot_start': nul(TIME), 'queue_number': nul(S('integer')),
        'estimated_at': nul(TIME), 'status': S('string', enum=BOOKING_STATUSES),
        'channel': S('string', enum=CHANNELS), 'meeting_url': S('string'),
        'answers': obj({}, description='Ordinary answers; GET /bookings/{id} adds the '
                       'sensitive ones', additionalProperties=True),
        'called_at': nul(TIME), 'served_at': nul(TIME), 'created_at': TIME},
        ['id', 'ticket_number', 'service_id', 'date', 'status'])
    sc['BookingOne'] = obj({'booking': ref('Booking')}, ['booking'])
    sc['BookingPage'] = page_of(ref('Booking'))
    sc['BookingMove'] = obj({'date': DATE, 'slot_start': S('string', format='date-time')},
                            ['date'])
    sc['BookingCancel'] = obj({'reason': S('string', maxLength=2000)})
    sc['QueueNext'] = obj({'date': DATE})
    sc['Queue'] = obj({'service_id': ID, 'date': DATE, 'now_serving': nul(S('integer')),
                       'waiting': S('integer'), 'items': arr(obj({
                           'queue_number': S('integer'), 'status': S('string'),
                           'slot_start': nul(TIME), 'estimated_at': nul(TIME),
                           'mine': S('boolean'), 'id': ID, 'ticket_number': S('string'),
                           'requester_name': S('string', 'Staff only')},
                           ['queue_number', 'status', 'mine']))},
                      ['date', 'now_serving', 'waiting', 'items'])
    return sc


BOOKING_RULE = ('A booking (and its ticket) is visible only to its requester, the service\'s '
                'staff and admins: 404 booking.not_found for everyone else. ')


def appointment_endpoints():
    return {
        'GET /api/v1/services/{id}/schedule': dict(
            summary="An appointment service's schedule", tag='appointments', ok=200, out='Schedule',
            handler='api/schedules.c api_schedule_get',
            description='Any signed-in user. Not an active appointment service: 404 '
                        'service.not_found; none yet: 404 schedule.not_found.'),
        'PUT /api/v1/services/{id}/schedule': dict(
            summary='Set the schedule', tag='appointments', body='Schedule', ok=200, out='Schedule',
            handler='api/schedules.c api_schedule_put', errors=['422'],
            description='Admins. Every bad member is a field of the 422 (a service of another '
                        'kind: service_id). capacity_per_slot and/or daily_quota must be set.'),
        'GET /api/v1/services/{id}/availability': dict(
            summary='Remaining places per day and slot', tag='appointments', ok=200,
            out='Availability', handler='api/schedules.c api_availability', errors=['422'],
            params=[qp('from', DATE), qp('to', DATE, 'At most 62 days from from')],
            description='Any signed-in user. A day holds min(daily_quota, slots x slot capacity).'),
        'GET /api/v1/services/{id}/queue': dict(
            summary="The day's queue", tag='appointments', ok=200, out='Queue',
            handler='api/schedules.c api_queue_get', params=[qp('date', DATE, 'Default today')],
            description='Any signed-in user sees numbers, statuses and times; names only the '
                        "service's staff and admins; the caller's own entries have mine, id and "
                        'ticket_number. now_serving is the number called last.'),
        'POST /api/v1/services/{id}/queue/next': dict(
            summary='Call the next number', tag='appointments', body='QueueNext', ok=200,
            out='BookingOne', handler='api/bookings.c api_queue_next', errors=['403', '409'],
            description="The service's staff and admins (403 booking.forbidden). The booked "
                        'booking with the earliest estimated time becomes called; none: 409 '
                        'queue.empty.'),
        'POST /api/v1/bookings': dict(
            summary='Book', tag='appointments', body='BookingNew', ok=201, out='BookingOne',
            handler='api/bookings.c api_bookings_create', errors=['403', '409', '422'],
            description='Self-booking services: booked with a queue number, a slot and an '
                        'estimated time; staff-scheduled: requested. A full day: 409 '
                        'appointment.full with next_available (YYYY-MM-DD or null) in the error '
                        'object; a closed day: 409 appointment.closed, the same; the same person '
                        'twice for one service and day: 409 appointment.duplicate; bad answers: 422 '
                        'with fields answers.<key>. Never more bookings than places, whatever the '
                        'concurrency (docs/appointments.md).'),
        'GET /api/v1/bookings': dict(
            summary='List bookings', tag='appointments', ok=200, out='BookingPage',
            handler='api/bookings.c api_bookings_list', errors=['422'],
            params=[ref('q', 'parameters'), qp('service_id', ID), qp('date', DATE),
                    qp('status', S('string'), 'One or several, comma-separated: ' +
                       ', '.join(BOOKING_STATUSES))] + PAGE_PARAMS,
            description='Requesters see their own, staff the bookings of the services they serve, '
                        'admins all. q matches the ticket number, the requester\'s name and '
                        'ordinary answers, never sensitive ones; items carry ordinary answers only. '
                        'With date: in queue order.'),
        'GET /api/v1/bookings/{id}': dict(
            summary='Read a booking', tag='appointments', ok=200, out='BookingOne',
            handler='api/bookings.c api_bookings_get',
            description=BOOKING_RULE + 'Its answers include the sensitive ones.'),
        'GET /api/v1/bookings/{id}/ics': dict(
            summary='The booking\'s calendar invite', tag='appointments', ok=200, out='calendar',
            handler='api/booking_ics.c api_bookings_ics', errors=['409'],
            description=BOOKING_RULE + 'METHOD:REQUEST with UID booking-<id>@<mail domain> and '
                        'the SEQUENCE of the last mailed invite (bumped by every move and the '
                        'cancellation; METHOD:CANCEL once cancelled or no-show), DTSTART at the '
                        'estimated time and DTEND one slot later in UTC, the meeting link as '
                        'LOCATION and URL. 409 booking.unscheduled while requested.',
            headers={'Content-Disposition': 'attachment; filename="<ticket number>.ics"'}),
        'POST /api/v1/bookings/{id}/cancel': dict(
            summary='Cancel', tag='appointments', body='BookingCancel', ok=200, out='BookingOne',
            handler='api/bookings.c api_bookings_cancel', errors=['403', '409'],
            description=BOOKING_RULE + 'The requester or staff; requested or booked only (409 '
                        'booking.invalid_transition). The place is free again.'),
        'POST /api/v1/bookings/{id}/reschedule': dict(
            summary='Move to another day or slot', tag='appointments', body='BookingMove', ok=200,
            out='BookingOne', handler='api/bookings.c api_bookings_reschedule',
            errors=['403', '409', '422'],
            description=BOOKING_RULE + 'Frees the old place and takes a new one (409 '
                        'appointment.full/closed as when booking). Staff on a requested booking '
                        'give it its time (booked); the requester of a staff-scheduled service asks '
                        'for another day (requested again).'),
        'POST /api/v1/bookings/{id}/served': dict(
            summary='Mark served', tag='appointments', ok=200, out='BookingOne',
            handler='api/bookings.c api_bookings_served', errors=['403', '409'],
            description=BOOKING_RULE + "The service's staff and admins; called bookings only."),
        'POST /api/v1/bookings/{id}/no_show': dict(
            summary='Mark no-show', tag='appointments', ok=200, out='BookingOne',
            handler='api/bookings.c api_bookings_no_show', errors=['403', '409'],
            description=BOOKING_RULE + "The service's staff and admins; booked or called bookings."),
    }


MONTH = S('string', 'YYYY-MM', pattern='^[0-9]{4}-[0-9]{2}$')
RUPIAH = S('integer', 'Whole rupiah', format='int64', minimum=0)


LETTER_KINDS = ['contract', 'assignment', 'bast', 'termination']


WEBHOOK_KINDS = ['ticket.created', 'ticket.status_changed', 'ticket.commented',
                 'ticket.assigned', 'ticket.escalated', 'ticket.rated', 'ticket.updated',
                 'ticket.merged', 'ticket.attachment_added', 'ticket.internal_note']


def webhook_schemas(sc):
    """Outbound webhooks (issue #22 item 3, api/webhooks.c, docs/webhooks.md)."""
    kinds = arr(S('string', enum=WEBHOOK_KINDS))
    hook = {'id': ID, 'name': S('string'), 'url': S('string', 'http(s); never with credentials'),
            'events': kinds, 'enabled': S('boolean'),
            'secret_set': S('boolean', 'The secret is write-only: only whether it is set'),
            'created_by': S('integer'), 'created_at': TIME, 'updated_at': nul(TIME),
            'last_status': nul(S('integer', 'HTTP status of the latest attempt')),
            'last_response': nul(S('string', 'Its body (at most 512 bytes, printable ASCII) '
                                   'or why there was none')),
            'last_at': nul(TIME)}
    sc['Webhook'] = obj(hook, ['id', 'url', 'events', 'enabled', 'secret_set'])
    sc['WebhookCreated'] = obj(dict(hook, secret=S(
        'string', 'Only when the server generated it (creation without a secret, or '
        'new_secret): shown this once')), ['id', 'url', 'events', 'enabled', 'secret_set'])
    sc['WebhookList'] = obj({'items': arr(ref('Webhook')), 'event_kinds': kinds},
                            ['items', 'event_kinds'])
    body = {'name': S('string', maxLength=200), 'url': S('string', maxLength=2000),
            'events': {'oneOf': [kinds, S('string', 'Comma-separated kinds')]},
            'enabled': S('boolean'),
            'secret': S('string', 'Write-only, 16 to 256 characters', minLength=16,
                        maxLength=256),
            'new_secret': S('boolean', 'Generate a new secret (answered once)')}
    sc['WebhookNew'] = obj(body, ['url', 'events'])
    sc['WebhookPatch'] = obj(body)
    sc['WebhookDelivery'] = obj({
        'id': ID, 'webhook_id': ID, 'event': S('string'), 'ticket_id': nul(ID),
        'status': S('string', enum=['pending', 'sending', 'delivered', 'failed']),
        'attempts': S('integer'), 'created_at': TIME, 'next_attempt_at': nul(TIME),
        'finished_at': nul(TIME), 'last_status': nul(S('integer')),
        'last_response': nul(S('string')), 'last_error': nul(S('string')),
        'redelivery_of': nul(ID), 'payload': S('object', 'The JSON body sent')},
        ['id', 'webhook_id', 'event', 'status', 'attempts'])
    sc['WebhookDeliveries'] = obj({'items': arr(ref('WebhookDelivery'))}, ['items'])


def letter_schemas(sc):
    """Partner letters (src/api/letters.c, docs/letters.md)."""
    text = {k: S('string') for k in (
        'unit_code', 'head_lines', 'address', 'city', 'region', 'partner_role', 'ppk_name',
        'ppk_nip', 'ppk_position', 'signer_name', 'signer_nip', 'signer_position')}
    for k in LETTER_KINDS:
        text['pattern_' + k] = S('string', 'Number pattern: {seq[:N]} {unit} {kind} {month[:2]} '
                                 '{month_roman} {year[:2]}; must hold {seq}')
    sc['LetterSettingsPut'] = obj(text, (), 'Every member is a string ("" or left out: the '
                                  'default); PUT replaces all of them')
    sc['LetterSettings'] = obj(dict(text, **{
        'unit_id': ID, 'unit_name': S('string'),
        'effective': obj(text, (), 'The settings with the defaults filled in'),
        'sample_numbers': obj({k: S('string') for k in LETTER_KINDS}, (),
                              'Each pattern with sequence 1 and today\'s month'),
        'has_logo': S('boolean'), 'logo_url': nul(S('string')), 'updated_at': nul(TIME)}),
        ['unit_id', 'effective', 'has_logo'])
    tmpl = {'kind': S('string', enum=LETTER_KINDS), 'title': S('string'),
            'custom': S('boolean', 'An admin\'s override is in use'), 'updated_at': nul(TIME)}
    sc['LetterTemplateList'] = obj({'items': arr(obj(tmpl, ['kind', 'custom']))}, ['items'])
    sc['LetterTemplate'] = obj(dict(tmpl, body=S('string'), default=S('string')),
                               ['kind', 'custom', 'body', 'default'])
    sc['LetterTemplatePut'] = obj({'body': S('string', 'Mustache subset (notify/tmpl.h) '
                                            'rendering the line markup of docs/letters.md',
                                            maxLength=65536)}, ['body'])
    sc['Letter'] = obj({'id': ID, 'kind': S('string', enum=LETTER_KINDS), 'number': S('string'),
                        'partner_id': ID, 'unit_id': ID, 'month': MONTH,
                        'assignment_id': nul(ID), 'letter_date': S('string', format='date'),
                        'seq': S('integer'), 'year': S('integer'), 'issued_at': S('string'),
                        'voided_at': nul(S('string')), 'void_reason': nul(S('string'))},
                       ['id', 'kind', 'number', 'partner_id', 'month', 'letter_date'])
    sc['LetterList'] = obj({'items': arr(ref('Letter'))}, ['items'])
    sc['LetterVoid'] = obj({'reason': S('string', maxLength=500)}, ['reason'])


def directory_schemas(sc):
    """Sign-in with the office directory (issue #22 item 5, src/api/directory.c)."""
    text = S('string')
    sc['LdapStatus'] = obj({'ldap': obj({
        'configured': S('boolean', 'ldap_url is set'),
        'url': S('string', 'ldap_url, a password in it masked as ***'),
        'starttls': S('boolean'),
        'mode': S('string', 'bind_dn_template (ldap_user_dn set) or search_then_bind',
                  enum=['bind_dn_template', 'search_then_bind']),
        'bind_dn': text, 'bind_password_set': S('boolean', 'never the password itself'),
        'user_dn': text, 'base_dn': text, 'user_filter': text, 'attr_name': text,
        'attr_email': text, 'attr_nip': text, 'group_attr': text, 'group_base': text,
        'group_filter': text, 'unmapped': S('string', 'refuse or requester'),
        'timeout_seconds': S('integer'),
        'group_map': arr(obj({'group': text, 'role': text, 'tier': nul(S('integer')),
                              'unit_id': nul(S('integer'))}, ['group', 'role'])),
        'group_map_error': S('string', 'why ldap_group_map does not parse (then no group_map)')},
        ['configured', 'url', 'mode', 'bind_password_set'])}, ['ldap'])
    sc['LdapTestResult'] = obj({'ok': S('boolean'),
                                'detail': S('string', 'What the directory answered')},
                               ['ok', 'detail'])


def partner_schemas(sc):
    """The partner administration (src/api/assignments.c, contracts.c,
    partner_reports.c, activities.c)."""
    sc['ImportResult'] = obj({'imported': S('integer', minimum=1)}, ['imported'])
    sc['Ceiling'] = obj({'year': S('integer'), 'monthly': RUPIAH}, ['year', 'monthly'])
    sc['CeilingPut'] = obj({'monthly': RUPIAH}, ['monthly'])
    asg = {'id': ID, 'partner_id': ID, 'partner_name': S('string'), 'activity_id': ID,
           'activity_code': S('string'), 'activity_name': S('string'), 'output': S('string'),
           'volume': S('integer', minimum=1), 'unit_rate': RUPIAH,
           'fee': S('integer', 'volume × unit_rate, whole rupiah', format='int64'),
           'month': MONTH, 'surat_tugas_issued': S('boolean'), 'created_at': TIME,
           'updated_at': TIME,
           'role': nul(S('string', 'The partner\'s role, e.g. Petugas Pendataan Lapangan')),
           'area': nul(S('string', 'Work area (wilayah tugas)'))}
    sc['Assignment'] = obj(asg, ['id', 'partner_id', 'activity_id', 'output', 'volume',
                                 'unit_rate', 'fee', 'month'])
    sc['AssignmentCreated'] = obj({'assignment': ref('Assignment')}, ['assignment'])
    sc['AssignmentPage'] = page_of(ref('Assignment'))
    sc['AssignmentCheck'] = obj({'fee': RUPIAH, 'unit_rate': RUPIAH, 'month': MONTH,
                                 'total': RUPIAH, 'ceiling': RUPIAH,
                                 'remaining': S('integer'), 'activity_total': RUPIAH,
                                 'budget': RUPIAH, 'budget_remaining': S('integer')},
                                ['fee', 'month', 'total', 'ceiling'])
    sc['AssignmentNew'] = obj({'partner_id': ID, 'activity_id': ID,
                               'output': S('string', 'One of the activity\'s rate outputs'),
                               'volume': S('integer', minimum=1, maximum=1000000000),
                               'month': MONTH, 'surat_tugas_issued': S('boolean'),
                               'role': S('string', maxLength=100),
                               'area': S('string', maxLength=200)},
                              ['partner_id', 'activity_id', 'output', 'volume'],
                              'month is needed when the activity spans months and must be one '
                              'of its months')
    sc['AssignmentPatch'] = obj({'output': S('string'), 'volume': S('integer', minimum=1),
                                 'month': MONTH, 'surat_tugas_issued': S('boolean'),
                                 'role': nul(S('string', maxLength=100)),
                                 'area': nul(S('string', maxLength=200))}, (),
                                'The fee is computed again and checked like a new assignment')
    sc['Contract'] = obj({
        'partner_id': ID, 'partner_name': S('string'), 'nik': S('string'), 'unit_id': ID,
        'unit_name': S('string'), 'month': MONTH, 'total': RUPIAH,
        'assignments': S('integer'), 'surat_tugas_missing': S('integer'),
        'contract_signed': S('boolean'), 'bast_signed': S('boolean'),
        'terminated': S('boolean'), 'paid': S('boolean'), 'bank_name': nul(S('string')),
        'bank_account': nul(S('string')),
        'missing': arr(S('string', enum=['terminated', 'contract_signed', 'surat_tugas_issued',
                                         'bast_signed', 'bank_account']),
                       'What blocks payment; empty when the contract may be paid')},
        ['partner_id', 'month', 'total', 'missing'])
    sc['ContractList'] = obj({'items': arr(ref('Contract')), 'total': S('integer')},
                             ['items', 'total'])
    sc['ContractPatch'] = obj({k: S('boolean') for k in ('contract_signed', 'bast_signed',
                                                         'terminated', 'paid')})
    sc['Payments'] = obj({'items': arr(ref('Contract')), 'total': S('integer'), 'sum': RUPIAH},
                         ['items', 'total', 'sum'])
    sc['PartnerFees'] = obj({'month': MONTH, 'ceiling': nul(RUPIAH), 'rows': arr(obj({
        'partner_id': ID, 'name': S('string'), 'nik': S('string'), 'unit_id': ID,
        'unit_name': S('string'), 'total': RUPIAH, 'ceiling': nul(RUPIAH),
        'remaining': nul(S('integer')), 'over': S('boolean')}))}, ['month', 'rows'])
    sc['ActivityBudgets'] = obj({'rows': arr(obj({
        'activity_id': ID, 'code': S('string'), 'name': S('string'),
        'start_date': S('string', format='date'), 'end_date': S('string', format='date'),
        'budget': RUPIAH, 'used': RUPIAH, 'remaining': S('integer'),
        'assignments': S('integer'), 'percent': S('number')}))}, ['rows'])


def qp(name, schema, description=None):
    p = {'name': name, 'in': 'query'}
    if description:
        p['description'] = description
    p['schema'] = schema
    return p


PAGE_PARAMS = [ref('page', 'parameters'), ref('per_page', 'parameters')]
REPORT_DIMS = ['status', 'unit', 'service', 'category', 'channel', 'priority', 'tier', 'agent',
               'month', 'tagged', 'categorised']
REPORT_NAMES = ['tickets', 'summary', 'series', 'times', 'sla', 'workload', 'ratings',
                'redirects', 'recap', 'appointments', 'partner-fees', 'activity-budgets', 'payments',
                'waiting', 'rejections']
TICKET_FILTERS = [
    qp('status', S('string'), 'One status or several, comma-separated: ' + ', '.join(TICKET_STATUSES)),
    qp('unit_id', ID), qp('service_id', ID), qp('category_id', ID), qp('requester_id', ID),
    qp('assignee_id', S('string', pattern='^([1-9][0-9]*|me|none)$'), 'A user id, me or none'),
    qp('tier', S('integer', minimum=1, maximum=3),
       '1, 2 or 3; empty is no filter; anything else is 422 validation (field tier)'),
    qp('channel', S('string', enum=CHANNELS)),
    qp('priority', S('string'), 'Priority code or id (an unknown one is 422 validation, '
       'field priority)'),
    qp('tag', S('string'), 'Tag name'),
    qp('created_from', S('string'), 'YYYY-MM-DD (start of that day, UTC) or ISO-8601 UTC'),
    qp('created_to', S('string'), 'YYYY-MM-DD (start of that day, UTC) or ISO-8601 UTC'),
    qp('sla_breached', S('boolean')),
    qp('due_within_minutes', S('integer', minimum=0, maximum=525600),
       'Resolution due within this many minutes, 0 to 525600; empty is no filter; anything '
       'else is 422 validation (field due_within_minutes)'),
    qp('untagged', S('boolean'), 'true: only tickets without a tag (false or empty: no filter; '
       'anything else is 422 validation)'),
    qp('uncategorised', S('boolean'), 'true: only tickets without a category (false or empty: '
       'no filter; anything else is 422 validation)'),
]

REPORT_PERIOD = [
    qp('from', S('string', format='date'), 'First day, WIB (YYYY-MM-DD)'),
    qp('to', S('string', format='date'), 'Last day, inclusive, WIB (YYYY-MM-DD)'),
    qp('month', S('string', pattern='^[0-9]{4}-[0-9]{2}$'), 'A whole month instead of from/to'),
]
REPORT_FILTERS = [ref('q', 'parameters')] + TICKET_FILTERS + [
    qp('appointments', S('string', enum=['exclude', 'include', 'only'], default='exclude'),
       'Bookings (tickets of appointment services) are left out of helpdesk figures unless '
       'include or only is given, or service_id names a service; asked for, they count only '
       'for those who may see them (their requester, the service\'s staff, admins)'),
]


def report_ep(name, summary, description, extra=(), out='Report'):
    return dict(summary=summary, tag='reports', ok=200, out=out, errors=['422'],
                handler='api/reports.c api_reports_' + name, description=description,
                params=REPORT_PERIOD + list(extra) + REPORT_FILTERS)


# "METHOD pattern" → how to describe it. Keys: summary, description, tag, body
# (schema name; 'multipart' for uploads), ok (status), out (schema name, or
# 'binary' for a file), params (extra query parameters), errors (statuses the
# handler itself answers besides the ones every request can get), handler
# (where to look).
PARTNER_WHO = (' Admins (every office) and partner admins (their own unit); everyone else '
               '404 not_found.')
FORMAT_PARAM = qp('format', S('string', enum=['json', 'csv', 'xlsx', 'pdf'], default='json'),
                  'A file instead of JSON (report/csv.c neutralises formula-like text)')


def partner_ep(summary, description, **kw):
    spec = dict(summary=summary, tag='partner administration', ok=200,
                description=description + PARTNER_WHO)
    spec.update(kw)
    return spec


LETTER_PDF = dict(tag='letters', ok=200, out='binary', errors=['409', '422'],
                  handler='api/letters.c (svc/letters.c, report/letter_pdf.c)',
                  headers={'X-Letter-Number': 'The letter\'s number (printable ASCII only)',
                           'X-Letter-Id': 'The letter\'s id (POST /api/v1/letters/{id}/void)',
                           'Content-Disposition': 'inline; filename="<kind>-<partner>-<month>.pdf"'})
LETTER_DATE = qp('date', S('string', format='date'), 'Printed on a letter issued now (default '
                 'today, WIB); an issued letter keeps its date')
LETTER_PREVIEW = qp('preview', S('boolean', default=False), 'true: a letter not issued yet is '
                    'drawn with the number PRATINJAU and not issued (no number taken, no '
                    'X-Letter-Id); an issued one is returned as it is')


def letter_pdf(summary, description, params):
    spec = dict(LETTER_PDF, summary=summary, params=params,
                description=description + ' Issued on the first download: its number from the '
                'office\'s pattern and sequence (per office, kind and year, in the same '
                'transaction as the letter row); every later download returns the same letter '
                'and number. 409 letter.no_assignments when the partner has none that month.'
                + PARTNER_WHO)
    return spec


ENDPOINTS = {
    'GET /api/v1/partners/{id}/letters': partner_ep(
        'Letters issued for a partner', 'Newest first, voided ones included; ?month=YYYY-MM '
        'filters.', out='LetterList', tag='letters', handler='api/letters.c'),
    'GET /api/v1/partners/{id}/letters/contract.pdf': letter_pdf(
        'Contract (Surat Perjanjian Kerja) of a partner-month as PDF',
        'Between the office\'s PPK and the partner; date in words, the articles, the annex of '
        'the month\'s assignments, the fee in figures and words.',
        [qp('month', MONTH, 'Required'), LETTER_DATE, LETTER_PREVIEW]),
    'GET /api/v1/partners/{id}/letters/bast.pdf': letter_pdf(
        'Handover report (BAST) of a partner-month as PDF',
        'Cites the month\'s contract, issuing it first when there is none.',
        [qp('month', MONTH, 'Required'), LETTER_DATE, LETTER_PREVIEW]),
    'GET /api/v1/partners/{id}/letters/termination.pdf': letter_pdf(
        'Termination letter of a partner-month as PDF',
        'Cites the month\'s contract, issuing it first when there is none.',
        [qp('month', MONTH, 'Required'), LETTER_DATE, LETTER_PREVIEW]),
    'GET /api/v1/assignments/{id}/letters/assignment.pdf': letter_pdf(
        'Assignment letter (Surat Tugas) of an assignment as PDF',
        'Signed by the office\'s signatory; the activity\'s days within the month.',
        [LETTER_DATE, LETTER_PREVIEW]),
    'POST /api/v1/letters/{id}/void': partner_ep(
        'Void a letter', 'It keeps its number (never given again); the next download issues a '
        'new letter with a new number. 409 letter.voided when void already. Audited.',
        body='LetterVoid', out='Letter', errors=['409', '422'], tag='letters',
        handler='api/letters.c'),
    'GET /api/v1/letter-templates': partner_ep(
        'The letter templates', 'contract, assignment, bast, termination; custom when an '
        'admin changed one.', out='LetterTemplateList', tag='letters', handler='api/letters.c'),
    'GET /api/v1/letter-templates/{kind}': partner_ep(
        'A letter template', 'The text in use and the built-in default (variables and markup: '
        'docs/letters.md).', out='LetterTemplate', tag='letters', handler='api/letters.c'),
    'PUT /api/v1/letter-templates/{kind}': partner_ep(
        'Change a letter template (admins)', 'Checked before it is saved: 422 on body with '
        'line and column. Partner admins 403. Audited.', body='LetterTemplatePut',
        out='LetterTemplate', errors=['403', '422'], tag='letters', handler='api/letters.c'),
    'POST /api/v1/letter-templates/{kind}/reset': partner_ep(
        'Back to the built-in template (admins)', 'Partner admins 403. Audited.',
        out='LetterTemplate', errors=['403'], tag='letters', handler='api/letters.c'),
    'GET /api/v1/units/{id}/letter-settings': partner_ep(
        'An office\'s letter settings', 'Officials (PPK; the Surat Tugas signatory), '
        'letterhead, work area, number patterns, as stored and in effect. Another office '
        'than a partner admin\'s own: 404 unit.not_found.', out='LetterSettings', tag='letters',
        handler='api/letters.c'),
    'PUT /api/v1/units/{id}/letter-settings': partner_ep(
        'Save an office\'s letter settings', 'Patterns are checked (422 naming the field and '
        'the column). Audited.', body='LetterSettingsPut', out='LetterSettings',
        errors=['422'], tag='letters', handler='api/letters.c'),
    'GET /api/v1/units/{id}/letter-settings/logo': partner_ep(
        'The office\'s letterhead logo (PNG)', '404 letter.no_logo when none.', out='binary',
        tag='letters', handler='api/letters.c'),
    'PUT /api/v1/units/{id}/letter-settings/logo': partner_ep(
        'Upload the letterhead logo', 'Body: the PNG itself (image/png); another type 415 '
        'letter.logo_type; a PNG that does not decode or is over 4000 pixels a side 422. '
        'Audited.', out='LetterSettings', errors=['415', '422'], tag='letters',
        handler='api/letters.c'),
    'DELETE /api/v1/units/{id}/letter-settings/logo': partner_ep(
        'Remove the letterhead logo', 'Audited.', out='LetterSettings', tag='letters',
        handler='api/letters.c'),
    'POST /api/v1/partners/import': dict(
        summary='Import partners from CSV', tag='partners', ok=200, out='ImportResult',
        errors=['415', '422'], handler='api/partner_import.c api_partners_import',
        description='Body text/csv (415 otherwise): a header row naming partner fields '
                    '(name, nik, address, phone, email, bank_name, bank_account, unit_id), '
                    'comma or semicolon separated, UTF-8 (a BOM is fine). All or nothing: '
                    'any wrong row answers 422 partner.import_invalid with fields keyed '
                    '"row N" (the spreadsheet row, the header being row 1) and nothing is '
                    'imported.' + PARTNER_WHO),
    'GET /api/v1/partners/export': dict(
        summary='Export partners as CSV', tag='partners', ok=200, out='binary',
        handler='api/partner_import.c api_partners_export',
        params=[ref('q', 'parameters'), qp('unit_id', ID)],
        description='Every partner the user administers, RFC 4180 with a BOM; formula-like '
                    'text neutralised.' + PARTNER_WHO),
    'GET /api/v1/partner-ceilings/{year}': partner_ep(
        'The monthly ceiling per partner (SBML) of a year', 'No ceiling set: 404 '
        'ceiling.not_found.', out='Ceiling', handler='api/activities.c'),
    'PUT /api/v1/partner-ceilings/{year}': partner_ep(
        'Set the monthly ceiling of a year', 'Admins only (a partner admin gets 403). Audited.',
        body='CeilingPut', out='Ceiling', errors=['422'], handler='api/activities.c'),
    'GET /api/v1/assignments': partner_ep(
        'List assignments', 'Filters partner_id, activity_id, month; q matches the partner\'s '
        'name or NIK and the activity\'s code or name.', out='AssignmentPage',
        errors=['422'], handler='api/assignments.c',
        params=[ref('q', 'parameters'), qp('partner_id', ID), qp('activity_id', ID),
                qp('month', MONTH)] + PAGE_PARAMS),
    'POST /api/v1/assignments': partner_ep(
        'Assign a partner to an activity', 'fee = volume × the activity\'s unit_rate for the '
        'output, whole rupiah (over Rp 10^15: 422). Over the year\'s monthly ceiling counting '
        'every assignment of the partner in that month: 409 partner.ceiling_exceeded with '
        'month, total (what the month would reach) and ceiling inside the error object; over '
        'the activity\'s budget: 409 activity.budget_exceeded with total and budget; no '
        'ceiling set for the year: 409 partner.ceiling_missing. The checks and the insert run '
        'in one write transaction: of two concurrent assignments that together pass the '
        'ceiling exactly one is created. Audited.', ok=201, body='AssignmentNew',
        out='AssignmentCreated', errors=['409', '422'], handler='api/assignments.c'),
    'POST /api/v1/assignments/check': partner_ep(
        'Check an assignment without making it', 'Every check of POST /api/v1/assignments, '
        'then rolled back: 200 with fee, unit_rate, month, total (the partner\'s month with '
        'it), ceiling, remaining, activity_total, budget, budget_remaining; or the same '
        'refusal the create would answer. For forms that show the fee and the ceiling while '
        'the volume is typed.', body='AssignmentNew', out='AssignmentCheck',
        errors=['409', '422'], handler='api/assignments.c api_assignments_check'),
    'GET /api/v1/assignments/{id}': partner_ep(
        'Read an assignment', '', out='Assignment', handler='api/assignments.c'),
    'PATCH /api/v1/assignments/{id}': partner_ep(
        'Change an assignment', 'Output, volume, month and surat_tugas_issued; checked like a '
        'new one. Audited.', body='AssignmentPatch', out='Assignment', errors=['409', '422'],
        handler='api/assignments.c'),
    'DELETE /api/v1/assignments/{id}': partner_ep(
        'Delete an assignment', 'Audited.', ok=204, handler='api/assignments.c'),
    'GET /api/v1/contracts': partner_ep(
        'Contracts (partner × month) and their documents\' state', 'One per partner and month '
        'with assignments.', out='ContractList', errors=['422'], handler='api/contracts.c',
        params=[qp('month', MONTH), qp('partner_id', ID)]),
    'PATCH /api/v1/contracts/{partner_id}/{month}': partner_ep(
        'Set a contract\'s documents\' state', 'contract_signed, bast_signed, terminated, '
        'paid (booleans, any subset). No assignment that month: 404 contract.not_found. '
        'Audited.', body='ContractPatch', out='Contract', errors=['422'],
        handler='api/contracts.c'),
    'GET /api/v1/payments': partner_ep(
        'Payment list for the finance office', 'Contracts with nothing missing, with bank '
        'accounts and the sum; also as a file.', out='Payments', errors=['422'],
        handler='api/partner_reports.c (report/partners.c)',
        params=[qp('month', MONTH), FORMAT_PARAM]),
    'GET /api/v1/payments/missing': partner_ep(
        'What is missing before payment', 'Unpaid contracts that something blocks, each with '
        'missing.', out='ContractList', errors=['422'], handler='api/contracts.c',
        params=[qp('month', MONTH), qp('partner_id', ID)]),
    'GET /api/v1/reports/partner-fees': partner_ep(
        'Fees per partner in a month against the ceiling', 'month is required.',
        out='PartnerFees', errors=['422'], handler='api/partner_reports.c (report/partners.c)',
        params=[qp('month', MONTH), FORMAT_PARAM]),
    'GET /api/v1/reports/activity-budgets': partner_ep(
        'Spending per activity against its budget (realisation against pagu)',
        'Activities whose period touches year (all without it); national figures.',
        out='ActivityBudgets', errors=['422'],
        handler='api/partner_reports.c (report/partners.c)',
        params=[qp('year', S('integer', minimum=2000, maximum=9999)), FORMAT_PARAM]),
    'GET /api/v1/reports/summary': report_ep(
        'summary', 'Ticket counts by one dimension',
        'Tickets created in the period grouped by group_by. Without filters (other than a '
        'period) and for users who see every ticket the counts come from the rollup kept by '
        'triggers (p99 under 5 ms at a million tickets); otherwise a GROUP BY over tickets. '
        'Admins, leaders and tier-1 agents.',
        [qp('group_by', S('string', enum=REPORT_DIMS, default='status'))], out='Summary'),
    'GET /api/v1/reports/series': report_ep(
        'series', 'Tickets created vs resolved over time',
        'rows: {period, created, resolved}; created counts tickets created in the period, '
        'resolved those resolved in it.',
        [qp('interval', S('string', enum=['day', 'week', 'month'], default='day'),
            'Weeks start on Monday')]),
    'GET /api/v1/reports/times': report_ep(
        'times', 'First-response and resolution times',
        'Business minutes on each ticket\'s SLA calendar (pauses subtracted from resolution): '
        'count, median and p90 (nearest rank), mean.'),
    'GET /api/v1/reports/sla': report_ep(
        'sla', 'SLA compliance', 'met (resolved without a breach), breached (either flag), running '
        '(open, no breach) and compliance_pct per group; cancelled tickets left out.',
        [qp('group_by', S('string', enum=['policy', 'unit', 'agent'], default='policy'))]),
    'GET /api/v1/reports/workload': report_ep(
        'workload', 'Agent workload', 'Per assignee: open now, resolved in the period (the period applies '
        'to resolution), mean wall-clock minutes to resolution.'),
    'GET /api/v1/reports/ratings': report_ep(
        'ratings', 'Ratings', 'rating_count, rating_mean, distribution (1-5 stars) and the latest 50 '
        'comments of tickets created in the period.'),
    'GET /api/v1/reports/redirects': report_ep(
        'redirects', 'Redirects per service', 'Uses to other applications (redirect services) in the '
        'period; the ticket filters do not apply.'),
    'GET /api/v1/reports/recap': report_ep(
        'recap', 'Monthly recap', 'by_status, by_unit, by_service, series (days), times, sla_by_unit, '
        'ratings and redirects for one month (month=YYYY-MM) or period.'),
    'GET /api/v1/reports/waiting': report_ep(
        'waiting', 'Time waiting on the requester per unit',
        'Seed 001 (issue #21): how fast each requesting unit answers clarification questions. '
        'For tickets created in the period, per requesting unit (rows: unit_id, unit, tickets, '
        'tickets_waited, rounds, answered, waiting_now, total_minutes, median_minutes, '
        'mean_minutes): rounds are moves into "waiting" (Menunggu Pemohon), answered the '
        'rounds that ended; times are wall-clock minutes from entering to leaving waiting, '
        'median (nearest rank) and mean per answered round. Rounds still open count as '
        'waiting_now. Figures: rounds, answered, waiting_now, total_minutes, median_minutes, '
        'mean_minutes. Admins, leaders and tier-1 agents.'),
    'GET /api/v1/reports/rejections': report_ep(
        'rejections', 'Rejections per reason code and requesters\' own cancellations',
        'Seed 001 (issue #21): cancelled tickets created in the period, rows {kind, code, label, '
        'count}: kind "rejected" (cancelled by staff) per rejection reason code (master data '
        'reject-reasons; code "" when none was given), kind "requester" for tickets their '
        'requester cancelled. Figures rejected and cancelled_by_requester. Admins, leaders '
        'and tier-1 agents.'),
    'GET /api/v1/reports/appointments': dict(
        summary='Appointments: bookings, attendance and waiting times', tag='reports', ok=200,
        out='Report', errors=['422'], handler='api/reports.c api_reports_appointments',
        description='Per service and day (rows), per service (by_service) and per day (by_day) '
                    'of the bookings whose day lies in the period: bookings, served, no_show, '
                    'cancelled, open, attendance_pct (served of served + no-show), waiting '
                    'time from the given (estimated) time to being called and service time '
                    'from called to served as median and p90 minutes (nearest rank). Figures '
                    'only: no names, no form answers. Admins, leaders and tier-1 agents; '
                    'export it with POST /exports {"report":"appointments"}.',
        params=REPORT_PERIOD + [qp('service_id', ID, 'An appointment service (422 '
                                                     'validation for another kind)')]),
    'GET /api/v1/reports/chart.svg': dict(
        summary='A report\'s chart as SVG', tag='reports', ok=200, out='binary', errors=['422'],
        handler='api/reports.c api_reports_chart_svg',
        description='Drawn by the same code as the charts in PDF exports. Content type '
                    'image/svg+xml.',
        params=[qp('report', S('string', enum=REPORT_NAMES[1:], default='summary')),
                qp('section', S('integer', minimum=0), 'Which section\'s chart (default: the '
                   'first that has one)'),
                qp('width', S('integer', minimum=200, maximum=2000, default=640)),
                qp('height', S('integer', minimum=120, maximum=1500, default=320)),
                qp('group_by', S('string')), qp('interval', S('string')),
                qp('lang', S('string', enum=['id', 'en'], default='id'),
                   'en: title, series names and word labels in English')]
        + REPORT_PERIOD + REPORT_FILTERS),
    'GET /api/v1/reports/chart.png': dict(
        summary='A report\'s chart as PNG', tag='reports', ok=200, out='binary', errors=['422'],
        handler='api/reports.c api_reports_chart_png', description='As chart.svg, image/png.',
        params=[qp('report', S('string', enum=REPORT_NAMES[1:], default='summary')),
                qp('section', S('integer', minimum=0)),
                qp('width', S('integer', minimum=200, maximum=2000, default=640)),
                qp('height', S('integer', minimum=120, maximum=1500, default=320)),
                qp('group_by', S('string')), qp('interval', S('string'))]
        + REPORT_PERIOD + REPORT_FILTERS),
    'POST /api/v1/exports': dict(
        summary='Queue an export', tag='reports', body='ExportNew', ok=202, out='ExportJob',
        errors=['422'], handler='api/exports.c',
        description='Any report, or report "tickets" (the ticket list with its filters), as '
                    'CSV (RFC 4180, UTF-8 with BOM), XLSX or PDF (A4). The export worker in '
                    'loket serve writes the file; it sees what the requesting user sees. '
                    'Ticket reports: admins, leaders and tier-1 agents (403 forbidden '
                    'otherwise). Partner reports (partner-fees, activity-budgets, payments): '
                    'admins and partner admins, scoped to their office (404 not_found '
                    'otherwise).'),
    'GET /api/v1/exports/{id}': dict(
        summary='Export status and progress', tag='reports', ok=200, out='ExportJob',
        handler='api/exports.c', description='Only for the user who asked (and admins); 404 '
                                             'for anyone else. Report readers and partner '
                                             'admins (403 forbidden otherwise).'),
    'GET /api/v1/exports/{id}/file': dict(
        summary='Download an export', tag='reports', ok=200, out='binary', errors=['409'],
        handler='api/exports.c api_exports_file',
        description='409 export.not_ready until done. Report readers and partner admins (403 '
                    'forbidden otherwise), their own jobs (admins: all).',
        headers={'Content-Disposition': 'attachment; filename="loket-<report>-<date>.<ext>"'}),
    'GET /api/v1/tickets/{number}/pdf': dict(
        summary='Ticket summary or completion report (berita acara) as PDF', tag='tickets',
        ok=200, out='binary', errors=['409', '422'], handler='api/reports.c api_tickets_pdf',
        description='For anyone who can see the ticket (404 otherwise). Internal notes are '
                    'never printed. kind=completion needs a resolved ticket (409 '
                    'ticket.not_resolved).',
        params=[qp('kind', S('string', enum=['summary', 'completion'], default='summary'))],
        headers={'Content-Disposition': 'inline; filename="<number>-<kind>.pdf"'}),
    'GET /api/v1/tickets/{number}/receipt.pdf': dict(
        summary='Ticket receipt (tanda terima) as a one-page PDF', tag='tickets', ok=200,
        out='binary', handler='api/receipt.c api_tickets_receipt_pdf',
        description='For anyone who can see the ticket (404 ticket.not_found otherwise): the '
                    'letterhead, number, service, title, requester, date received and a QR '
                    'code of the ticket\'s page (base_url + "/#/tickets/<number>").'),
    'GET /api/v1/report-subscriptions': dict(
        summary='Report subscriptions', tag='reports', ok=200, out='SubscriptionPage',
        errors=['404'], handler='api/subscriptions.c api_subscriptions_list',
        description='Newest first, at most 500. ' + SUB_WHO),
    'POST /api/v1/report-subscriptions': dict(
        summary='Subscribe to a scheduled report', tag='reports', body='SubscriptionIn',
        ok=201, out='Subscription', errors=['404', '422'],
        handler='api/subscriptions.c api_subscriptions_create',
        description='Defaults: recap, pdf, monthly, 07:00 WIB, active. The caller owns it and '
                    'receives it by mail with the report attached, built with the caller\'s '
                    'visibility. Audited. ' + SUB_WHO),
    'GET /api/v1/report-subscriptions/{id}': dict(
        summary='One report subscription', tag='reports', ok=200, out='Subscription',
        errors=['404'], handler='api/subscriptions.c api_subscriptions_get',
        description=SUB_WHO),
    'PATCH /api/v1/report-subscriptions/{id}': dict(
        summary='Change a report subscription', tag='reports', body='SubscriptionIn', ok=200,
        out='Subscription', errors=['404', '422'],
        handler='api/subscriptions.c api_subscriptions_update',
        description='Members left out keep their value. Audited. ' + SUB_WHO),
    'DELETE /api/v1/report-subscriptions/{id}': dict(
        summary='Unsubscribe', tag='reports', ok=204, errors=['404'],
        handler='api/subscriptions.c api_subscriptions_delete',
        description='Its send records go with it. Audited. ' + SUB_WHO),
    'POST /api/v1/report-subscriptions/{id}/send': dict(
        summary='Send a report subscription now (a test)', tag='reports', ok=202,
        out='SubscriptionSent', errors=['404'],
        handler='api/subscriptions.c api_subscriptions_send',
        description='Builds the latest period (the one the schedule sent last or would have) '
                    'and queues the mails at once, without claiming the period: the scheduled '
                    'send still happens. No request body. ' + SUB_WHO),
    'GET /api/v1/guide': dict(
        summary='The user guide, rendered', tag='auth', ok=200, out='Guide', errors=['422'],
        handler='api/guide.c api_guide_get',
        description='docs/guide/panduan.md (id) or docs/guide/guide.md (en), embedded at build '
                    'time, as HTML for the web app\'s help page. Open to everyone, signed in or '
                    'not. Links to screens are "#/..." hashes of the web app.',
        params=[qp('lang', S('string', enum=['id', 'en'], default='id'))]),
    'GET /healthz': dict(
        summary='Liveness', tag='system', ok=200, out='Health', handler='api/health.c',
        description='200 {"status":"ok"} when the database answers, 503 '
                    '{"status":"unavailable"} otherwise.', extra={'503': 'Health'}),
    'POST /api/v1/auth/login': dict(
        summary='Log in with email or NIP', tag='auth', body='LoginRequest', ok=200,
        out='Session', handler='api/auth.c api_auth_login', errors=['401', '403', '415', '429'],
        description='JSON only (415 request.content_type otherwise). Sets the loket_session '
                    'cookie (HttpOnly, SameSite=Lax; Secure under TLS or when base_url is '
                    'https). Wrong credentials: 401 auth.invalid_credentials; deactivated '
                    'account: 403 auth.inactive. Throttled per (account, client address): after '
                    'login_max_failures failures in a row that pair gets 429 auth.throttled '
                    'with Retry-After (login_delay_seconds, doubling per further failure up to '
                    'login_delay_max_seconds) even with the right password; success resets it; '
                    'other addresses are not affected. The client address is the peer, or '
                    'from a trusted_proxies peer the right-most untrusted X-Forwarded-For entry.',
        headers={'Set-Cookie': 'loket_session=<token>; Path=/; HttpOnly; SameSite=Lax; '
                               'Max-Age=<session lifetime>'}),
    'GET /api/v1/auth/signup': dict(
        summary='Whether self sign-up is open', tag='auth', ok=200, out='SignupOpen',
        handler='api/signup.c api_auth_signup_status',
        description='For the login page\'s "sign up" link: the signup setting (on, off, or demo: '
                    'on only in a database holding the demo data).'),
    'POST /api/v1/auth/signup': dict(
        summary='Sign up (outside stakeholders)', tag='auth', body='SignupRequest', ok=202,
        out='SignupAccepted', handler='api/signup.c api_auth_signup',
        errors=['403', '415', '422', '429'],
        description='JSON only. Creates an inactive requester without a unit and mails a '
                    'single-use link (#/verify?token=...) valid signup_token_hours (24); signing '
                    'up again while unverified replaces the name, password and link. An address '
                    'that already has an account gets the same 202 answer and its owner a '
                    '"you already have an account" mail instead (no account enumeration). '
                    'Password rules as for users (8-256 characters). Every sign-up counts against '
                    'the client address like failed logins (429 auth.throttled). 403 '
                    'signup.disabled when sign-up is closed.'),
    'POST /api/v1/auth/verify': dict(
        summary='Confirm a sign-up', tag='auth', body='VerifyRequest', ok=200, out='Verified',
        handler='api/signup.c api_auth_verify', errors=['404', '415', '429'],
        description='Activates the account of the mailed token, once. Unknown, used or expired: '
                    '404 signup.invalid_token (counted against the client address). Until then '
                    'the account\'s login answers 403 auth.unverified.'),
    'POST /api/v1/auth/invite': dict(
        summary='Set one\'s password from an invitation', tag='auth', body='InviteAccept',
        ok=200, out='InviteDone', handler='api/signup.c api_auth_invite',
        errors=['404', '415', '422', '429'],
        description='JSON only. The token of the link an admin\'s invitation mailed (issue #20 '
                    'item 7) sets the user\'s password, once. Unknown, used or expired: 404 '
                    'invite.invalid_token (counted against the client address like failed '
                    'logins); password rules as for users (422).'),
    'GET /api/v1/auth/oidc': dict(
        summary='Whether sign-in with the office directory is offered', tag='auth', ok=200,
        out='OidcOffered', handler='api/oidc.c api_auth_oidc_status',
        description='For the login page\'s "Masuk dengan <label>" button: enabled when '
                    'oidc_issuer and oidc_client_id are set (docs/directory-login-oidc.md).'),
    'GET /api/v1/auth/oidc/start': dict(
        summary='Start sign-in with the office directory (OpenID Connect)', tag='auth', ok=302,
        handler='api/oidc.c api_auth_oidc_start', errors=['404'],
        description='Redirects the browser to the provider\'s authorization endpoint (from its '
                    'discovery document, cached) with response_type=code, PKCE S256, a random '
                    'state and nonce; the state is kept server-side for ten minutes and bound to '
                    'this browser by the loket_oidc cookie (HttpOnly, SameSite=Lax). 404 oidc.off '
                    'when not configured; a provider that cannot be reached redirects to '
                    '/#/login?oidc_error=oidc.provider_unreachable.',
        headers={'Location': 'the provider\'s authorization URL',
                 'Set-Cookie': 'loket_oidc=<random>; Path=/api/v1/auth/oidc; HttpOnly; '
                               'SameSite=Lax; Max-Age=600'}),
    'GET /api/v1/auth/oidc/callback': dict(
        summary='Come back from the office directory', tag='auth', ok=302,
        handler='api/oidc.c api_auth_oidc_callback', errors=['404'],
        params=[qp('code', S('string')), qp('state', S('string')), qp('error', S('string'))],
        description='Checks the state (once, same browser), exchanges the code with the PKCE '
                    'verifier at the token endpoint and verifies the ID token: RS256 or ES256 '
                    'signature against the provider\'s JWKS (refetched for an unknown kid), iss, '
                    'aud/azp, exp and iat (2 minutes leeway), nonce. Then the user of (issuer, '
                    'sub) gets name, email and the role/tier/unit oidc_role_map gives the '
                    'oidc_role_claim, a session cookie is set as by POST /auth/login and the '
                    'browser goes to /#/. Any failure goes to /#/login?oidc_error=<code> (oidc.state, '
                    'oidc.denied, oidc.provider_error, oidc.provider_unreachable, '
                    'oidc.token_exchange, oidc.token_malformed, oidc.token_alg, oidc.token_key, '
                    'oidc.token_signature, oidc.token_issuer, oidc.token_audience, '
                    'oidc.token_expired, oidc.token_iat, oidc.token_nonce, oidc.token_subject, '
                    'oidc.no_email, oidc.no_role, oidc.email_taken, oidc.inactive, oidc.config) '
                    'with no session. 404 oidc.off when not configured.',
        headers={'Location': '/#/ or /#/login?oidc_error=<code>',
                 'Set-Cookie': 'loket_session=<token>; Path=/; HttpOnly; SameSite=Lax; '
                               'Max-Age=<session lifetime>'}),
    'POST /api/v1/auth/logout': dict(
        summary='End the session', tag='auth', ok=204, handler='api/auth.c api_auth_logout',
        description='Deletes a cookie session and clears the cookie. No request body.'),
    'GET /api/v1/me': dict(summary='The signed-in user', tag='auth', ok=200, out='Me',
                           handler='api/auth.c api_me'),
    'POST /api/v1/tokens': dict(
        summary='Create an API token', tag='auth', body='TokenRequest', ok=201,
        out='TokenCreated', handler='api/auth.c api_tokens_create',
        description='The token acts as its owner; only its keyed hash is stored. Optional '
                    'expiry by expires_in_days or expires_at (not both; 422 validation); an '
                    'expired token answers 401 auth.bad_token. A password change revokes all '
                    'of the user\'s tokens.'),
    'GET /api/v1/tokens': dict(
        summary='My API tokens', tag='auth', ok=200, out='TokenList',
        handler='api/auth.c api_tokens_list',
        errors=['403', '404', '422'],
        params=[qp('user_id', S('integer', minimum=1))],
        description='The caller\'s tokens that are not revoked (expired ones included, with '
                    'expired true), oldest first. Never the secret or its hash. Admins may '
                    'name another user with user_id (the list of GET /api/v1/users/{id}/tokens; '
                    '403 forbidden for others, 404 user.not_found, 422 validation for a '
                    'malformed id). Allowed: any signed-in user.'),
    'DELETE /api/v1/tokens/{id}': dict(
        summary='Revoke one of my API tokens', tag='auth', ok=204, errors=['404'],
        handler='api/auth.c api_tokens_revoke',
        description='Only the caller\'s own: someone else\'s token, an unknown or an already '
                    'revoked id answers 404 token.not_found. Recorded in the audit log.'),
    # issue #22 item 4: WhatsApp notifications (docs/whatsapp-notifications.md)
    'GET /api/v1/me/notifications': dict(
        summary='My notification channel', tag='auth', ok=200, out='NotifyPref',
        handler='api/wa_notify.c api_me_notifications_get',
        description='Where status changes, the resolution and the rating request reach the '
                    'caller: mail, WhatsApp or both. Allowed: any signed-in user.'),
    'PUT /api/v1/me/notifications': dict(
        summary='Choose my notification channel', tag='auth', body='NotifyPrefRequest', ok=200,
        out='NotifyPref', errors=['422'], handler='api/wa_notify.c api_me_notifications_put',
        description='Stores the choice and the WhatsApp number (audited as an update of the '
                    'user). 422 validation for an unknown channel or a number that is not 8-15 '
                    'digits.'),
    'GET /api/v1/users/{id}/notifications': dict(
        summary='A user\'s notification channel', tag='users', ok=200, out='NotifyPref',
        errors=['404'], handler='api/wa_notify.c api_user_notifications_get',
        description='Admins: anyone\'s; the organisation\'s agents (tier 1 and 2): a '
                    'requester\'s; everyone: their own. 404 user.not_found for the rest.'),
    'PUT /api/v1/users/{id}/notifications': dict(
        summary='Set a user\'s notification channel', tag='users', body='NotifyPrefRequest',
        ok=200, out='NotifyPref', errors=['404', '422'],
        handler='api/wa_notify.c api_user_notifications_put',
        description='As PUT /api/v1/me/notifications, for whom GET allows (an agent recording '
                    'a requester\'s WhatsApp number).'),
    # issue #20: in-app notifications, the bell (docs/agent-tools.md)
    'GET /api/v1/me/alerts': dict(
        summary='My in-app notifications', tag='auth', ok=200, out='AlertList', errors=['422'],
        handler='api/inapp.c api_inapp_list',
        description='The caller\'s own notifications, newest first: assigned to you, a new '
                    'reply or internal note on your ticket, its status changed. Each names the '
                    'ticket (number, title, status) and who acted; rows of tickets the caller '
                    'no longer sees are left out. ?unread=true only the unread ones, ?limit '
                    '1-100 (default 30). Allowed: any signed-in user.'),
    'GET /api/v1/me/alerts/count': dict(
        summary='How many of my notifications are unread', tag='auth', ok=200, out='AlertCount',
        handler='api/inapp.c api_inapp_count',
        description='{"unread": N}: what the bell in the header polls. Allowed: any signed-in '
                    'user.'),
    'POST /api/v1/me/alerts/read-all': dict(
        summary='Mark all my notifications read', tag='auth', ok=200, out='AlertCount',
        handler='api/inapp.c api_inapp_read_all',
        description='Answers {"marked": rows that were unread, "unread": 0}.'),
    'POST /api/v1/me/alerts/{id}/read': dict(
        summary='Mark one of my notifications read', tag='auth', ok=200, out='AlertCount',
        errors=['404'], handler='api/inapp.c api_inapp_read',
        description='404 inapp.not_found when the id is not one of the caller\'s. Answers '
                    '{"marked": 0 or 1, "unread": N}.'),
    'GET /api/v1/users/{id}/tokens': dict(
        summary='A user\'s API tokens (admins)', tag='auth', ok=200, out='TokenList',
        errors=['404'], handler='api/auth.c api_user_tokens_list',
        description='As GET /api/v1/tokens for that user. 404 user.not_found.'),
    'DELETE /api/v1/users/{id}/tokens/{token_id}': dict(
        summary='Revoke a user\'s API token (admins)', tag='auth', ok=204, errors=['404'],
        handler='api/auth.c api_user_tokens_revoke',
        description='404 user.not_found, or token.not_found when token_id is not that '
                    'user\'s live token. Recorded in the audit log.'),
    'POST /api/v1/users/{id}/invite': dict(
        summary='Send a user a new invitation (admins)', tag='users', ok=202, out='Invited',
        errors=['404'], handler='api/users.c api_users_invite',
        description='Mails a new one-time link to set the password (template user_invite, '
                    'valid invite_token_hours); an older link stops working. No request body. '
                    'Recorded in the audit log.'),
    # issue #21 item 4 (seed 002): the identity a channel intake asked for
    'POST /api/v1/users/{id}/verify-identity': dict(
        summary='Mark a requester\'s identity verified (agents and admins)', tag='users',
        ok=200, out='User', errors=['404', '409'], handler='api/identity.c api_identity_verify',
        description='Sets identity_verified_at (now) and identity_verified_by (the caller) on a '
                    'requester, writes the audit row and an identity_verified event on each of '
                    'their tickets. No request body. 404 user.not_found for a caller who is not '
                    'an admin or an agent of the organisation (requesters, leaders, an outside '
                    'vendor\'s agents) and for an account that is not a requester; 409 '
                    'identity.verified when it already is.'),
    'GET /api/v1/identity/queue': dict(
        summary='Requesters still to be identified (agents and admins)', tag='users', ok=200,
        out='IdentityQueue', errors=['404'], handler='api/identity.c api_identity_queue',
        description='Requesters a WhatsApp or e-mail intake registered whose identity is not '
                    'verified, newest first, at most 200, each with what they sent '
                    '(identity_sent, identity_number) and their latest five tickets. 404 '
                    'user.not_found for requesters, leaders and an outside vendor\'s agents.'),
    'GET /api/v1/audit': dict(
        summary='Audit log, newest first', tag='audit', ok=200, out='AuditPage',
        handler='api/audit.c', errors=['422'],
        params=[ref('q', 'parameters'), qp('resource', S('string'), 'e.g. units, users'),
                qp('actor_id', ID)] + PAGE_PARAMS),
    'GET /api/v1/outbox': dict(
        summary='Queued notifications', tag='audit', ok=200, out='OutboxPage',
        handler='api/ticket_edit.c api_outbox_list', errors=['404'],
        description='Not paged: every matching row, page 1.',
        params=[qp('status', S('string')), qp('ticket', S('string'), 'Ticket number')]),
    'GET /api/v1/settings': dict(
        summary='The server\'s effective settings (admins)', tag='audit', ok=200,
        out='Settings', handler='api/settings.c api_settings_get',
        description='From loket.conf, LOKET_* variables and flags; read-only (a change needs '
                    'a restart). Secrets show {"set": true|false}, never their value; a '
                    'password inside a URL-valued setting (smtp_url, imap_url ...) shows as '
                    '*** (smtp://user:***@host:587), as in every log line.'),
    'POST /api/v1/outbox/{id}/resend': dict(
        summary='Queue a failed notification again', tag='audit', ok=200, out='OutboxResent',
        handler='api/mail.c api_outbox_resend', errors=['404', '409'],
        description='Only failed rows (409 outbox.not_failed otherwise), so a sent mail is '
                    'never sent twice. Attempts start again from 0. No request body.'),
    'GET /api/v1/mail-templates': dict(
        summary='Mail templates', tag='mail', ok=200, out='MailTemplateList',
        handler='api/mail.c api_mail_templates_list',
        description='Every template key in each language, and whether an admin changed it.'),
    'GET /api/v1/mail-templates/{key}/{locale}': dict(
        summary='Read a mail template', tag='mail', ok=200, out='MailTemplate',
        handler='api/mail.c api_mail_templates_get', errors=['404'],
        description='The template in use (override or built-in) and the built-in default.'),
    'PUT /api/v1/mail-templates/{key}/{locale}': dict(
        summary='Replace a mail template', tag='mail', body='MailTemplatePut', ok=200,
        out='MailTemplate', handler='api/mail.c api_mail_templates_put',
        errors=['404', '422'],
        description='A template that does not parse is refused: 422 template.syntax with '
                    'error.part (subject, text or html), error.line and error.column.'),
    'PATCH /api/v1/mail-templates/{key}/{locale}': dict(
        summary='Change parts of a mail template', tag='mail', body='MailTemplatePatch',
        ok=200, out='MailTemplate', handler='api/mail.c api_mail_templates_patch',
        errors=['404', '422'], description='As PUT, for the parts given.'),
    'POST /api/v1/mail-templates/{key}/{locale}/reset': dict(
        summary='Reset a mail template to the built-in default', tag='mail', ok=200,
        out='MailTemplate', handler='api/mail.c api_mail_templates_reset', errors=['404'],
        description='No request body.'),
    'POST /api/v1/mail-templates/{key}/{locale}/preview': dict(
        summary='Render a mail template', tag='mail', body='MailPreviewRequest', ok=200,
        out='MailPreview', handler='api/mail.c api_mail_templates_preview',
        errors=['404', '422'],
        description='Renders the template in use, or the draft parts given, with the variables '
                    'a mail about the ticket (by number) to its requester carries, plus vars. '
                    'Nothing is sent.'),
    'POST /api/v1/tickets': dict(
        summary='Create a ticket', tag='tickets', body='TicketNew', ok=201, out='Ticket',
        handler='api/tickets.c api_tickets_create', errors=['403'],
        description='Answered after the commit that holds the ticket. Every signed-in user, '
                    'leaders included, files their own. Recording a request for '
                    'someone else (requester_id, requester or channel) needs a tier-1 agent or '
                    'admin (403 ticket.forbidden).'),
    'POST /api/v1/app-problems': dict(
        summary='Report a problem with the application ("Laporkan masalah aplikasi")',
        tag='tickets', body='AppProblem', ok=201, out='Ticket',
        handler='api/app_problems.c api_app_problems_create', errors=['422', '503'],
        description='Any signed-in user. Filed as a ticket of the service app_problem_service_id '
                    '(loket.conf, else the one `loket demo` set up) with the caller as '
                    'requester; the title is "Masalah aplikasi: " and the first line of what, '
                    'the description what, the page and the browser (User-Agent). The '
                    'requester gets the app_problem_reported mail instead of ticket_created. '
                    'A screenshot follows as an attachment of the returned ticket. No usable '
                    'service: 503 app_problem.no_service.'),
    'GET /api/v1/tickets': dict(
        summary='List visible tickets', tag='tickets', ok=200, out='TicketPage',
        handler='api/tickets.c api_tickets_list', errors=['422'],
        params=[ref('q', 'parameters')] + TICKET_FILTERS + [
            qp('sort', S('string', enum=TICKET_SORTS + ['-' + s for s in TICKET_SORTS],
                         default='-created_at'), 'Field, - prefix for descending')] + PAGE_PARAMS),
    'GET /api/v1/tickets/{number}': dict(summary='Read a ticket', tag='tickets', ok=200,
                                         out='Ticket', handler='api/tickets.c'),
    'PATCH /api/v1/tickets/{number}': dict(
        summary='Edit a ticket (staff)', tag='tickets', body='TicketPatch', ok=200, out='Ticket',
        handler='api/ticket_edit.c', errors=['403', '409']),
    'GET /api/v1/tickets/{number}/events': dict(
        summary='The timeline', tag='tickets', ok=200, out='TicketEvents',
        handler='api/tickets.c api_tickets_events',
        description='Internal notes only for staff who see them.'),
    'POST /api/v1/tickets/{number}/comments': dict(
        summary='Comment or internal note', tag='tickets', body='Comment', ok=201, out='Ticket',
        handler='api/ticket_work.c', errors=['403', '409'],
        description='409 ticket.closed on a closed or cancelled ticket. A staff member\'s '
                    'public comment moves a new ticket to in_progress (issue #20). With status '
                    '(send as): the transition\'s errors (409, 422 naming summary).'),
    'POST /api/v1/tickets/{number}/transitions': dict(
        summary='Change status', tag='tickets', body='Transition', ok=200, out='Ticket',
        handler='api/ticket_work.c', errors=['403', '409', '422'],
        description='Not allowed from the current status: 409 ticket.invalid_transition. '
                    'To closed: the requester, an admin, or the assigned agent when the setting '
                    'agent_close is on. To resolved while the setting tag_before_resolve is on '
                    'and the ticket has no tag: 422 validation (field tags). '
                    'A reason_code is recorded as a public reject_code event.'),
    'POST /api/v1/tickets/{number}/assign': dict(
        summary='Assign or take', tag='tickets', body='Assign', ok=200, out='Ticket',
        handler='api/ticket_work.c', errors=['403'],
        description='Taking a new ticket (assigning it to oneself) moves it to in_progress '
                    '(issue #20); an assignment to someone else leaves the status.'),
    'POST /api/v1/tickets/{number}/escalate': dict(
        summary='Escalate to a unit (tier 2) or a vendor (tier 3)', tag='tickets',
        body='Escalate', ok=200, out='Ticket', handler='api/ticket_work.c',
        errors=['403', '409', '422'],
        description='The requester gets ticket_escalated naming the unit or vendor (never the '
                    'reason); the agents of the target get ticket_escalated_pic, with the reason '
                    'unless they are a vendor without sees_internal and the reason is not '
                    'public. An escalation to the service\'s own handling unit goes to the '
                    'service\'s PIC (services.pic_user_id) alone when it has a valid one. '
                    'The escalated event names the target (target); a new ticket moves to '
                    'in_progress (issue #20).'),
    'POST /api/v1/tickets/{number}/rating': dict(
        summary='Rate a resolved ticket; closes it', tag='tickets', body='Rating', ok=200,
        out='Ticket', handler='api/ticket_work.c', errors=['403', '409']),
    'POST /api/v1/tickets/{number}/merge': dict(
        summary='Merge this duplicate into another ticket', tag='tickets', body='Merge', ok=200,
        out='Ticket', handler='api/ticket_work.c', errors=['403', '409']),
    'GET /api/v1/tickets/{number}/attachments': dict(
        summary='Attachments of a ticket', tag='attachments', ok=200, out='AttachmentList',
        handler='api/attachments.c'),
    'POST /api/v1/tickets/{number}/attachments': dict(
        summary='Upload an attachment', tag='attachments', body='multipart', ok=201,
        out='Attachment', handler='api/attachments.c',
        errors=['400', '403', '409', '415', '422'],
        description='multipart/form-data, one part named file. Authentication, whether the '
                    'ticket is visible (404) and whether the user may attach to it (403, 409 '
                    'ticket.closed) are checked before the body is read; over '
                    'LOKET_ATTACHMENT_MAX_MB is 413 upload.too_large; a body without its '
                    'closing boundary is 400 upload.malformed; a second file part is 422 '
                    'upload.one_file; a type not allowed (detected from the content) is 415 '
                    'upload.type. Bytes of the file name that are not UTF-8 become _.'),
    'GET /api/v1/attachments/{id}': dict(
        summary='Download an attachment', tag='attachments', ok=200, out='binary',
        handler='api/attachments.c api_attachments_download',
        description='?inline=1 (issue #20, the preview): PNG, JPEG, GIF, WebP and PDF are '
                    'sent with Content-Disposition inline, a sandboxing Content-Security-Policy '
                    '(default-src \'none\'; sandbox; frame-ancestors \'self\') and '
                    'X-Frame-Options SAMEORIGIN; every other type stays an attachment. The '
                    'Content-Type is the one detected from the bytes, with nosniff.',
        params=[qp('inline', S('string', '1: show a previewable type inline', enum=['1']))],
        headers={'Content-Disposition': 'attachment; filename="..."; filename*=UTF-8\'\'...',
                 'X-Checksum-SHA256': 'SHA-256 of the file, hex'}),
    'GET /api/v1/faq': dict(
        summary='FAQ articles', tag='faq', ok=200, out='FaqPage', handler='api/faq.c',
        errors=['422'], description='Unpublished articles only for tier-1 agents and admins.',
        params=[ref('q', 'parameters'), qp('category_id', ID),
                qp('published', S('boolean'), 'true: published only')] + PAGE_PARAMS),
    'POST /api/v1/faq': dict(summary='Create an article', tag='faq', body='FaqNew', ok=201,
                             out='Faq', handler='api/faq.c'),
    'GET /api/v1/faq/suggest': dict(
        summary='Suggestions for the ticket form', tag='faq', ok=200, out='FaqSuggestions',
        handler='api/faq.c api_faq_suggest',
        description='Up to 5 published articles; empty when q is shorter than 3 characters.',
        params=[qp('q', S('string'))]),
    'GET /api/v1/faq/{id}': dict(summary='Read an article', tag='faq', ok=200, out='Faq',
                                 handler='api/faq.c'),
    'PATCH /api/v1/faq/{id}': dict(summary='Edit an article', tag='faq', body='FaqPatch',
                                   ok=200, out='Faq', handler='api/faq.c'),
    'DELETE /api/v1/faq/{id}': dict(summary='Delete an article', tag='faq', ok=204,
                                    handler='api/faq.c'),
    'POST /api/v1/faq/{id}/helpful': dict(
        summary='"Was this helpful?" vote', tag='faq', body='Helpful', ok=200, out='Faq',
        handler='api/faq.c',
        description='One vote per user: a second vote by the same user is 200 with the counts '
                    'unchanged and counted false (idempotent, so a double click is harmless).'),
    'GET /api/v1/faq-proposals': dict(
        summary='FAQ proposals', tag='faq', ok=200, out='FaqProposalPage', handler='api/faq.c',
        errors=['422'], description='Requesters see their own; staff see all.',
        params=[qp('status', S('string', enum=['pending', 'approved', 'rejected']))]
        + PAGE_PARAMS),
    'POST /api/v1/faq-proposals': dict(summary='Propose an FAQ entry', tag='faq',
                                       body='ProposalNew', ok=201, out='FaqProposal',
                                       handler='api/faq.c'),
    'POST /api/v1/faq-proposals/{id}/approve': dict(
        summary='Approve and publish', tag='faq', body='FaqApprove', ok=200, out='FaqProposal',
        handler='api/faq.c review', errors=['409'],
        description='Already reviewed: 409 faq_proposal.reviewed.'),
    'POST /api/v1/faq-proposals/{id}/reject': dict(
        summary='Reject with a reason', tag='faq', body='Reject', ok=200, out='FaqProposal',
        handler='api/faq.c review', errors=['409'],
        description='Already reviewed: 409 faq_proposal.reviewed.'),
    'GET /api/v1/channels/whatsapp/webhook': dict(
        summary='WhatsApp webhook verification', tag='channels', ok=200, out='text',
        handler='api/whatsapp.c api_whatsapp_verify', errors=['403'],
        params=[qp('hub.mode', S('string', enum=['subscribe'])), qp('hub.verify_token', S('string')),
                qp('hub.challenge', S('string'))],
        description='Echoes hub.challenge as text/plain when hub.verify_token equals '
                    'LOKET_WHATSAPP_VERIFY_TOKEN; otherwise 403 whatsapp.verify_failed.'),
    'POST /api/v1/channels/whatsapp/webhook': dict(
        summary='WhatsApp webhook delivery', tag='channels', body='WhatsAppDelivery', ok=200,
        out='WebhookAck', handler='api/whatsapp.c api_whatsapp_receive', errors=['400'],
        description='Requires X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with '
                    'LOKET_WHATSAPP_APP_SECRET>; missing or wrong: 401 whatsapp.signature. A '
                    'message from a number with an open WhatsApp ticket adds a comment, otherwise '
                    'opens a ticket (channel whatsapp); media are fetched from the Graph API and '
                    'attached; statuses of sent messages are recorded. Database busy: 503 so '
                    'Meta redelivers; redelivered message ids are not filed twice.'),
    'POST /api/v1/services/{id}/redirect': dict(
        summary='Follow a redirect service', tag='services', ok=200, out='Redirect',
        handler='api/ticket_edit.c api_services_redirect', errors=['409'],
        description='Logs the redirect, queues a notice to the user and returns the URL. Not a '
                    'redirect service (or no URL): 409 service.not_redirect; inactive: 404. No '
                    'request body.'),
}
ENDPOINTS.update(appointment_endpoints())
# issue #20 point 3: the live desk (api/events.c, docs/live.md)
ENDPOINTS.update({
    'GET /api/v1/events': dict(
        summary='Live events (server-sent events)', tag='tickets', ok=200, out='event-stream',
        errors=['503'], handler='api/events.c (svc/live.c)',
        params=[qp('last_event_id', S('string'), 'The last id seen ("E.S"), as the '
                   'Last-Event-ID header an EventSource sends when it reconnects'),
                qp('poll', S('string', enum=['1']), '1: send what there is, then end (the '
                   'fallback when a stream cannot stay open)')],
        description='Events name a ticket by id and number with a kind only (event: ticket, '
                    'data {ticket, number, kind: created|updated|commented, actor}); event: '
                    'counts when queue counts may have moved; event: presence {ticket, number, '
                    'viewers: [{id, name, typing}]} for staff; event: refresh when events were '
                    'missed (reload everything); comment lines as heartbeats. Each stream gets '
                    'only the tickets its user may see (internal notes: staff who read them). '
                    'Past live_max_streams on this node: 503 live.full with Retry-After.'),
    'POST /api/v1/tickets/{number}/presence': dict(
        summary='Presence heartbeat on a ticket', tag='tickets', body='PresenceBeat', ok=204,
        handler='api/events.c (svc/live.c)',
        description='Tells the staff who see the ticket that the caller is viewing it, typing '
                    'on it, or has left; without another heartbeat within 30 s the caller counts '
                    'as gone. 404 ticket.not_found for a ticket the caller may not see.'),
})
# issue #22 item 3: outbound webhooks (admins; 404 not_found for every other role)
WH_404 = ' Any other role: 404 not_found, as for an unknown path.'
ENDPOINTS.update({
    'GET /api/v1/webhooks': dict(
        summary='Webhook endpoints', tag='webhooks', ok=200, out='WebhookList', errors=['404'],
        handler='api/webhooks.c', description='With the event kinds one may choose.' + WH_404),
    'POST /api/v1/webhooks': dict(
        summary='Register a webhook endpoint', tag='webhooks', body='WebhookNew', ok=201,
        out='WebhookCreated', errors=['404', '422'], handler='api/webhooks.c',
        description='Without a secret one is generated and answered this once. A URL with '
                    'user:password@ is refused (422 url). Audited without the secret.' + WH_404),
    'GET /api/v1/webhooks/{id}': dict(
        summary='A webhook endpoint', tag='webhooks', ok=200, out='Webhook', errors=['404'],
        handler='api/webhooks.c', description='404 webhook.not_found.' + WH_404),
    'PATCH /api/v1/webhooks/{id}': dict(
        summary='Change a webhook endpoint', tag='webhooks', body='WebhookPatch', ok=200,
        out='WebhookCreated', errors=['404', '422'], handler='api/webhooks.c',
        description='Members sent change; new_secret: true answers the new secret once.'
                    + WH_404),
    'DELETE /api/v1/webhooks/{id}': dict(
        summary='Delete a webhook endpoint', tag='webhooks', ok=204, errors=['404'],
        handler='api/webhooks.c', description='With its deliveries. Audited.' + WH_404),
    'GET /api/v1/webhooks/{id}/deliveries': dict(
        summary='A webhook\'s deliveries', tag='webhooks', ok=200, out='WebhookDeliveries',
        errors=['404', '422'], handler='api/webhooks.c',
        params=[qp('limit', S('integer', minimum=1, maximum=500, default=50), 'Newest first')],
        description='Status, attempts and the last answer of each.' + WH_404),
    'POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver': dict(
        summary='Send a delivery again', tag='webhooks', ok=202, out='WebhookDelivery',
        errors=['404'], handler='api/webhooks.c',
        description='Queues its payload as a new delivery (new id, redelivery_of set). 404 '
                    'webhook.delivery_not_found when it is not that endpoint\'s.' + WH_404),
    'POST /api/v1/webhooks/{id}/test': dict(
        summary='Send a test event', tag='webhooks', ok=202, out='WebhookDelivery',
        errors=['404'], handler='api/webhooks.c',
        description='Queues a ping (X-Loket-Event: ping), even to a disabled endpoint.'
                    + WH_404),
})

# issue #22 item 1: automation rules (admins; 404 to everyone else)
_AUTO = 'Admins only: to every other role the address does not exist (404 not_found).'
ENDPOINTS.update({
    'GET /api/v1/automation/rules': dict(
        summary='Automation rules in run order', tag='automation', ok=200,
        out='AutomationRuleList', handler='api/automation.c', description=_AUTO),
    'POST /api/v1/automation/rules': dict(
        summary='Create an automation rule', tag='automation', body='AutomationRuleIn', ok=201,
        out='AutomationRule', errors=['404', '422'], handler='api/automation.c',
        description='Runs last until reordered. 422 codes: automation.bad_condition, '
                    'automation.bad_action, automation.bad_event, automation.bad_timing, '
                    'validation; fields name the part (conditions.words, actions[1].type). '
                    + _AUTO),
    'POST /api/v1/automation/rules/reorder': dict(
        summary='Set the run order', tag='automation', body='AutomationOrder', ok=200,
        out='AutomationRuleList', errors=['404', '422'], handler='api/automation.c',
        description='The ids given run first, in that order. ' + _AUTO),
    'GET /api/v1/automation/rules/{id}': dict(
        summary='One automation rule', tag='automation', ok=200, out='AutomationRule',
        errors=['404'], handler='api/automation.c', description=_AUTO),
    'PUT /api/v1/automation/rules/{id}': dict(
        summary='Replace an automation rule', tag='automation', body='AutomationRuleIn', ok=200,
        out='AutomationRule', errors=['404', '422'], handler='api/automation.c',
        description='Keeps its position. ' + _AUTO),
    'PATCH /api/v1/automation/rules/{id}': dict(
        summary='Switch a rule on or off', tag='automation', body='AutomationSwitch', ok=200,
        out='AutomationRule', errors=['404', '422'], handler='api/automation.c',
        description=_AUTO),
    'DELETE /api/v1/automation/rules/{id}': dict(
        summary='Delete an automation rule', tag='automation', ok=204, errors=['404'],
        handler='api/automation.c', description='Its run records go with it. ' + _AUTO),
    'POST /api/v1/automation/rules/{id}/dry-run': dict(
        summary='Tickets the rule would have matched last week', tag='automation', ok=200,
        out='AutomationDryRun', errors=['404'], handler='api/automation.c',
        description='Tickets opened in the last 7 days whose current state meets the '
                    'conditions (at most 200); nothing is written. ' + _AUTO),
    'POST /api/v1/automation/dry-run': dict(
        summary='Dry run of a rule not saved', tag='automation', body='AutomationRuleIn',
        ok=200, out='AutomationDryRun', errors=['404', '422'], handler='api/automation.c',
        description='As the dry run of a saved rule, for the editor. ' + _AUTO),
})
# issue #21 items 7 and 8
ENDPOINTS.update({
    'GET /api/v1/settings/office': dict(
        summary='The office\'s editable settings (admins)', tag='audit', ok=200,
        out='OfficeSettings', handler='api/office.c',
        description='Name, letterhead, logo and the mail server, stored in the database over '
                    'loket.conf. Documents and the test mail read them at each use; the mail '
                    'worker only at start (restart_needed). The SMTP password is never '
                    'returned, only smtp_password_set.'),
    'PUT /api/v1/settings/office': dict(
        summary='Change the office\'s settings', tag='audit', body='OfficeSettingsPut', ok=200,
        out='OfficeSettings', handler='api/office.c', errors=['422'],
        description='Audited with the names of the changed keys (never the password). The '
                    'desk rules (agent_close, tag_before_resolve) apply from the next '
                    'request.'),
    'GET /api/v1/settings/logo': dict(
        summary='The office\'s logo', tag='audit', ok=200, out='binary', errors=['404'],
        handler='api/office.c', description='Any signed-in user; 404 settings.no_logo when '
                                            'none. PNG or JPEG as uploaded.'),
    'PUT /api/v1/settings/logo': dict(
        summary='Upload the office\'s logo', tag='audit', ok=200, out='OfficeSettings',
        errors=['413', '415'], handler='api/office.c',
        description='Body: the image itself, PNG or JPEG by its bytes (415 settings.logo_type '
                    'otherwise), at most 512 KiB. A PNG also becomes the report PDFs\' logo. '
                    'Audited.'),
    'DELETE /api/v1/settings/logo': dict(
        summary='Remove the office\'s logo', tag='audit', ok=200, out='OfficeSettings',
        handler='api/office.c'),
    'POST /api/v1/settings/test-mail': dict(
        summary='Send a test mail now', tag='audit', body='TestMail', ok=200,
        out='TestMailResult', errors=['409', '422'], handler='api/office.c',
        description='Through the saved mail settings, synchronously; 200 whether or not the '
                    'server accepted it (sent, detail); 409 settings.no_mail_server when none '
                    'is set.'),
    'GET /api/v1/role-policy': dict(
        summary='Rights per role (admins)', tag='audit', ok=200, out='RolePolicy',
        handler='api/policy.c',
        description='Seed 001: who may re-assign, reopen or delete attachments is role '
                    'policy. Classes: admin, leader, agent1..agent3, requester.'),
    'PUT /api/v1/role-policy': dict(
        summary='Change rights per role', tag='audit', body='RolePolicyPut', ok=200,
        out='RolePolicy', errors=['422'], handler='api/policy.c',
        description='Cells named change, the rest stay; in force at once (no restart). '
                    'Audited.'),
    'DELETE /api/v1/attachments/{id}': dict(
        summary='Delete an attachment (soft)', tag='attachments', body='AttachmentDelete',
        ok=204, errors=['403', '404', '422'], handler='api/policy.c api_attachments_delete',
        description='Under the role policy right attachment.delete. The row and file are '
                    'kept (deleted_at/by/reason); lists and downloads answer as if it never '
                    'existed (404). 404 for who does not see the file, 403 '
                    'attachment.forbidden for who sees it without the right; a timeline event '
                    'and an audit row.'),
})

# issue #22 item 5: sign-in with the office directory (LDAP)
ENDPOINTS.update({
    'GET /api/v1/settings/ldap': dict(
        summary='The directory sign-in (LDAP) settings (admins)', tag='audit', ok=200,
        out='LdapStatus', errors=['404'], handler='api/directory.c',
        description='Read-only, from loket.conf (docs/directory-login.md). The service '
                    'password is never returned, only bind_password_set. 404 for everyone but '
                    'admins.'),
    'POST /api/v1/settings/ldap/test': dict(
        summary='Test the directory connection now', tag='audit', ok=200,
        out='LdapTestResult', errors=['404', '409'], handler='api/directory.c',
        description='Connects (StartTLS if set), binds as the service account (or '
                    'anonymously) and reads the base DN, each step bounded by '
                    'ldap_timeout_seconds; 200 whether or not it worked (ok, detail); 409 '
                    'directory.not_configured without ldap_url. 404 for everyone but admins.'),
})

# The satisfaction survey (issue #22 item 6, docs/survey.md).
SURVEY_WHO = ' Admins; leaders read; everyone else 404 not_found.'
ENDPOINTS.update({
    'GET /api/v1/surveys': dict(
        summary='Surveys', tag='reports', ok=200, out='SurveyList', handler='api/survey.c',
        description='Every satisfaction survey, newest first, with invitations and answers '
                    'counted.' + SURVEY_WHO),
    'POST /api/v1/surveys': dict(
        summary='Create a survey (draft)', tag='reports', body='SurveyNew', ok=201, out='Survey',
        errors=['422'], handler='api/survey.c',
        description='A draft; questions are a 1-5 scale or free text, worded in Indonesian '
                    'and English. Admins only (404 for others). Audited.'),
    'GET /api/v1/surveys/{id}': dict(
        summary='A survey', tag='reports', ok=200, out='Survey', handler='api/survey.c',
        description='With the periods it went out for (sends).' + SURVEY_WHO),
    'PATCH /api/v1/surveys/{id}': dict(
        summary='Change a survey', tag='reports', body='SurveyPatch', ok=200, out='Survey',
        errors=['409', '422'], handler='api/survey.c',
        description='Title and sample any time before it closes; questions and period only '
                    'while a draft (409 survey.not_draft); 409 survey.closed once closed. '
                    'Admins only. Audited.'),
    'DELETE /api/v1/surveys/{id}': dict(
        summary='Delete a draft survey', tag='reports', ok=204, errors=['409'],
        handler='api/survey.c',
        description='Only a draft (409 survey.not_draft). Admins only. Audited.'),
    'POST /api/v1/surveys/{id}/activate': dict(
        summary='Activate a survey', tag='reports', ok=200, out='Survey', errors=['409'],
        handler='api/survey.c',
        description='draft -> active (409 survey.status otherwise): from the next period on '
                    'the sweep sends it once per period. Admins only. Audited.'),
    'POST /api/v1/surveys/{id}/close': dict(
        summary='Close a survey', tag='reports', ok=200, out='Survey', errors=['409'],
        handler='api/survey.c',
        description='active -> closed: no more sends or answers (409 survey.closed). Admins '
                    'only. Audited.'),
    'POST /api/v1/surveys/{id}/send': dict(
        summary='Send the current period now', tag='reports', ok=200, out='SurveySent',
        errors=['409'], handler='api/survey.c',
        description='Samples the requesters with tickets created in the current period so far '
                    '(deterministic per period) and queues one invitation mail each. 409 '
                    'survey.period_sent when the period went out already (by the sweep or an '
                    'earlier send), survey.not_active unless active. Admins only. Audited.'),
    'GET /api/v1/reports/survey': report_ep(
        'survey', 'Satisfaction survey results',
        'Invitations sent in the period: per survey and scale question the responses, mean and '
        'counts of 1..5 (section questions); invitations, answers and response rate per '
        'requesting unit (section units); the free-text answers (section comments). Figures '
        'invited, answered, response_rate (percent). Admins and leaders only (404 for others, '
        'exports too: POST /exports with report=survey).'),
    'POST /api/v1/survey-form': dict(
        summary='The survey of an invitation token', tag='reports', body='SurveyToken', ok=200,
        out='SurveyForm', handler='api/survey.c',
        description='For the answering page (#/survey?token=...); no sign-in, the 256-bit '
                    'token from the mail is the key. 404 survey.invalid_token for an unknown '
                    'one.'),
    'POST /api/v1/survey-form/answer': dict(
        summary='Answer a survey', tag='reports', body='SurveyAnswer', ok=200,
        out='SurveyAnswered', errors=['409', '422'], handler='api/survey.c',
        description='Single use: 409 survey.answered the second time, survey.closed after the '
                    'survey closed; 422 validation naming answers.<key>.'),
})
# issue #20 agent tools: macros (src/api/macros.c, svc/macro.c); their CRUD
# is the generic master-data one with its own permission rules
_MACRO_WHO = (' Agents (every tier) and admins read macros, agents only the active ones; '
              'admins write them (403 to agents); requesters and leaders get 404.')
RESOURCE_NOTES['macros'] = (
    'One click applies a reply, a status, tags and an assignment to a ticket (POST '
    '/api/v1/tickets/{number}/macro). body may use the mail templates\' variables '
    '({{requester_name}}, {{ticket_number}}, {{title}}, {{service}}, {{status_label}}, '
    '{{link}} ...) and {{agent_name}}; tags are comma-separated names. 422 macro.invalid '
    'names the field: body (no action at all, or a template the mail renderer refuses), '
    'status (resolving needs a public reply, the resolution summary), assignee_id ("assign": '
    '"user" without an active agent or admin), tags (unknown or inactive, empty, twice, over '
    '8).' + _MACRO_WHO)
ENDPOINTS.update({
    'POST /api/v1/tickets/{number}/macro': dict(
        summary='Apply a macro to a ticket', tag='tickets', body='MacroApply', ok=200,
        out='Ticket', errors=['403', '404', '409', '422'], handler='api/macros.c (svc/macro.c)',
        description='As the caller, through the ticket services: assignment, tags added, the '
                    'reply (or internal note) with the variables filled in, then the status; '
                    'each on the timeline after an internal "macro" event naming it. All or '
                    'nothing: a refused step (403 ticket.forbidden, 409 '
                    'ticket.invalid_transition ...) leaves the ticket as it was. Steps that '
                    'change nothing are skipped. 404 ticket.not_found, 404 macro.not_found; 422 '
                    'macro.invalid for a switched-off macro (field active) or one that no '
                    'longer checks.' + _MACRO_WHO),
})

ERRORS = {  # status → (component name, description)
    '400': ('BadRequest', 'Malformed: empty body, invalid JSON, or not a JSON object '
                          '(request.malformed)'),
    '401': ('Unauthorized', 'Not logged in (auth.required), or a bad bearer token '
                            '(auth.bad_token)'),
    '403': ('Forbidden', 'Not allowed (forbidden), or a cookie-authenticated write without '
                         'the right X-CSRF-Token (auth.csrf)'),
    '404': ('NotFound', 'Unknown, or not visible to you'),
    '409': ('Conflict', 'Conflict: duplicate unique value, still referenced, invalid '
                        'transition, stale version ...'),
    '413': ('TooLarge', 'Request body over the limit (request.too_large, upload.too_large)'),
    '415': ('UnsupportedMediaType', 'Wrong content type'),
    '422': ('Invalid', 'Validation failed (validation); error.fields names each problem'),
    '429': ('RateLimited', 'Too many attempts (auth.throttled)'),
    '503': ('Unavailable', 'Not available: a needed setting is missing (app_problem.no_service) '
                           '...'),
}

TAGS = [('system', 'Health'), ('auth', 'Login, logout, the current user, API tokens'),
        ('audit', 'Audit log and notification outbox (admins)')]
TAGS_AFTER = [('tickets', 'Tickets: numbers are the key'), ('attachments', 'Ticket attachments'),
              ('faq', 'FAQ articles and proposals'),
              ('mail', 'Notification mail templates (admins)'),
              ('channels', 'Inbound channels: the WhatsApp Cloud API webhook'),
              ('reports', 'Reports, charts and exports (CSV, XLSX, PDF)'),
              ('appointments', 'Appointments: schedules, availability, bookings and the queue '
                               '(services of kind appointment)'),
              ('partner administration', 'Partners\' assignments, ceilings, contracts, '
               'payments (issue #17); partners and activities are master data above'),
              ('letters', 'Partner letters as PDF: contracts, Surat Tugas, BAST, termination; '
               'office letter settings and templates (issue #17, docs/letters.md)'),
              ('webhooks', 'Outbound webhooks (admins; docs/webhooks.md)'),
              ('automation', 'Automation rules: triggers and time rules (admins, issue #22, '
               'docs/automation.md)')]

DESCRIPTION = """\
Loket service desk, HTTP API v1. Generated by tools/gen_openapi.py from
src/http/routes.c and src/core/resource.c; the fixed points are in API.md.

Conventions
- JSON bodies in UTF-8. Times are ISO-8601 UTC (2026-11-22T07:30:00Z);
  dates are YYYY-MM-DD.
- Accept-Language: id|en picks the language of messages (otherwise the
  user's own setting, otherwise id).
- Errors: an HTTP status and
  {"error":{"code":"<stable.dotted.code>","message":"<readable>","fields":{"<field>":"<problem>"}}}
  (fields only on validation errors). 400 malformed, 401 not logged in,
  403 not allowed, 404 unknown or not visible to you, 405 method not
  allowed, 409 conflict, 413 too large, 415 wrong type, 422 validation,
  429 rate limited, 500 internal, 503 unavailable (also server.busy and
  server.too_many_connections, answered before any request is read when
  the connection limits are reached), 507 storage.full (the disk refused
  a write; reads keep working).
- Lists: ?q= free text, field filters, sort (a field, - prefix for
  descending), page (1-based) and per_page (default 50, max 200; larger
  values are cut to 200) answer {"items":[...],"total":N,"page":P,"per_page":K}.
  page and per_page must be integers >= 1 (422 otherwise).

Authentication
- POST /api/v1/auth/login sets the loket_session cookie (HttpOnly,
  SameSite=Lax, Secure under TLS or an https base_url) and returns csrf_token. Cookie-
  authenticated POST, PATCH and DELETE requests must send it as
  X-CSRF-Token, or get 403 auth.csrf.
- Authorization: Bearer <token> (POST /api/v1/tokens) needs no CSRF token.
  A malformed or unknown bearer token is 401 auth.bad_token.

Master data
- units, vendors, categories, calendars, holidays, sla-policies,
  priorities, services, tags, canned-responses and users share one shape:
  GET list, POST create (201), GET, PATCH, DELETE (204) /{id}. Read: any
  signed-in user (users: admin, leader, agent); write: admin.
- Requesters see only active records. Deleting a record that is still
  referenced is 409 <resource>.referenced: deactivate it instead with
  {"active": false}. A duplicate unique value is 409 <resource>.duplicate.
- Text lengths (minLength, maxLength) are counted by the server in UTF-8
  bytes. Unknown fields are 422; id, created_at and updated_at in a body
  are ignored."""


# ---------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------

def responses_for(status, out, headers=None):
    if status == 204:
        r = {'description': 'Done (no body)'}
    elif status == 302:  # issue #22: the OpenID Connect sign-in's redirects
        r = {'description': 'Found: the browser goes on to the Location header'}
    elif out == 'text':
        r = {'description': 'OK', 'content': {'text/plain': {'schema': S('string')}}}
    elif out == 'calendar':
        r = {'description': 'An iCalendar (RFC 5545) object',
             'content': {'text/calendar': {'schema': S('string')}}}
    elif out == 'event-stream':  # issue #20: the live desk
        r = {'description': 'Server-sent events, open until the client leaves',
             'content': {'text/event-stream': {'schema': S('string')}}}
    elif out == 'binary':
        r = {'description': 'The file, with its stored content type',
             'content': {'application/octet-stream': {'schema': S('string', format='binary')}}}
    else:
        r = {'description': 'OK' if status == 200 else 'Created',
             'content': {'application/json': {'schema': ref(out)}}}
    if headers:
        r['headers'] = {k: {'description': v, 'schema': S('string')} for k, v in headers.items()}
    return r


def operation(route, res, spec):
    """One operation object. route: parsed route; res: resource or None;
    spec: ENDPOINTS entry (None for master routes)."""
    meth = route['method']
    write = meth in ('POST', 'PATCH', 'PUT', 'DELETE')
    user = route['auth'] == 'AUTH_USER'
    perm = route['perm']
    params = [ref(p, 'parameters') for p in re.findall(r'\{(\w+)\}', route['pattern'])]
    errors = set()
    op = {}
    if res is not None:
        verb = route['handler'].rsplit('_', 1)[1]  # list, create, get, update, delete
        one, many = camel(res['one']), camel(res['name'])
        op['operationId'] = {'list': 'list' + many, 'create': 'create' + one, 'get': 'get' + one,
                             'update': 'update' + one, 'delete': 'delete' + one}[verb]
        op['summary'] = {'list': 'List %s' % res['name'], 'create': 'Create a %s' % res['one'],
                         'get': 'Read a %s' % res['one'], 'update': 'Update a %s' % res['one'],
                         'delete': 'Delete a %s' % res['one']}[verb]
        desc = {'list': 'q matches %s. Filters accept the literal null (no value).' % (
                    ', '.join(f['name'] for f in res['fields'] if 'FF_SEARCH' in f['flags'])
                    or 'nothing'),
                'create': 'Defaults are applied to fields left out.',
                'get': '', 'update': 'Only the fields sent change.',
                'delete': 'Still referenced: 409 %s.referenced (deactivate instead).'
                          % res['one'] if res['has_active'] else
                          'Still referenced: 409 %s.referenced.' % res['one']}[verb]
        if res['has_active'] and verb in ('list', 'get'):
            desc = (desc + ' Requesters see only active records.').strip()
        if res['name'] == 'users' and verb == 'delete':
            desc += ' Deleting your own account: 409 user.self_lockout.'
        op['tags'] = [res['name']]
        body = {'create': camel(res['one']), 'update': camel(res['one']) + 'Patch'}.get(verb)
        ok = {'create': 201, 'delete': 204}.get(verb, 200)
        out = camel(res['name']) + 'Page' if verb == 'list' else camel(res['one'])
        headers = None
        if verb == 'list':
            params = [ref('q', 'parameters')]
            for f in res['fields']:
                if 'FF_FILTER' in f['flags']:
                    s = field_schema(f, res)
                    fs = {k: s[k] for k in ('type', 'format', 'enum') if k in s}
                    if 'enum' in fs:
                        fs['enum'] = [e for e in fs['enum'] if e is not None]
                    if fs['type'] == 'boolean':
                        fd = 'true or false (also 1 or 0)'
                    else:
                        fd = f['label_en']
                    params.append(qp(f['name'], fs, fd))
            sorts = [f['name'] for f in res['fields'] if 'FF_SORT' in f['flags']]
            params.append(qp('sort', S('string', enum=sorts + ['-' + s for s in sorts]),
                             'Field, - prefix for descending; default %s' % res['default_sort']))
            params += PAGE_PARAMS
            errors.add('422')
        if verb in ('create', 'update'):
            errors |= {'409', '422'}
        if verb == 'delete':
            errors.add('409')
        if verb != 'list' and verb != 'create':
            errors.add('404')
    else:
        op['operationId'] = re.sub(r'^api_', '', route['handler'])
        op['operationId'] = op['operationId'][:1] + camel(op['operationId'])[1:]
        op['summary'] = spec['summary']
        desc = spec.get('description', '')
        op['tags'] = [spec['tag']]
        body, ok, out = spec.get('body'), spec['ok'], spec.get('out')
        headers = spec.get('headers')
        params += spec.get('params', [])
        errors |= set(spec.get('errors', []))
        if '{' in route['pattern']:
            errors.add('404')
    who = PERMS.get(perm, 'see ' + str(perm))
    notes = [desc] if desc else []
    if who:
        notes.append('Allowed: %s.' % who)
    if route.get('body_max'):
        notes.append('Body limit: %d KB.' % (route['body_max'] // 1024))
    if spec and spec.get('handler'):
        notes.append('Handler: src/%s.' % spec['handler'])
    elif res is not None:
        notes.append('Handler: src/api/%s.c %s.' % (route['handler'].split('_')[1],
                                                    route['handler']))
    if notes:
        op['description'] = ' '.join(notes)
    if not user:
        op['security'] = []
    elif write:
        op['security'] = [{'cookieSession': [], 'csrfToken': []}, {'bearerToken': []}]
    if params:
        op['parameters'] = params
    if body == 'multipart':
        op['requestBody'] = {'required': True, 'content': {'multipart/form-data': {
            'schema': ref('Upload')}}}
    elif body:
        op['requestBody'] = {'required': True, 'content': {'application/json': {
            'schema': ref(body)}}}
    if body:
        errors |= {'400', '413', '422'}
    if user:
        errors.add('401')
        if write or perm not in PERMS_ALWAYS:
            errors.add('403')
    resp = {str(ok): responses_for(ok, out, headers)}
    for code, out2 in (spec or {}).get('extra', {}).items():
        resp[code] = {'description': 'Unavailable',
                      'content': {'application/json': {'schema': ref(out2)}}}
    for code in sorted(errors):
        resp[code] = ref(ERRORS[code][0], 'responses')
    resp['default'] = ref('Error', 'responses')
    op['responses'] = resp
    return op


def build(src):
    resources = parse_resources(src)
    routes = parse_routes(src)
    by_c_name = resources
    paths, seen = {}, set()
    for r in routes:
        key = '%s %s' % (r['method'], r['pattern'])
        if key in seen:
            raise ValueError('route listed twice: ' + key)
        seen.add(key)
        res = by_c_name[r['arg']] if r['arg'] else None
        if res is not None and not re.match(r'api_(master|users|partners|activities|services|macros)_(list|create|get|update|delete)$',
                                            r['handler']):
            raise ValueError('%s: resource route with handler %s' % (key, r['handler']))
        spec = None if res is not None else ENDPOINTS.get(key)
        if res is None and spec is None:
            raise ValueError('route %s has no entry in ENDPOINTS (tools/gen_openapi.py)' % key)
        if r['perm'] not in PERMS:
            raise ValueError('%s: permission %s missing from PERMS' % (key, r['perm']))
        paths.setdefault(r['pattern'], {})[r['method'].lower()] = operation(r, res, spec)
    stale = set(ENDPOINTS) - seen
    if stale:
        raise ValueError('ENDPOINTS entries without a route: ' + ', '.join(sorted(stale)))

    schemas = static_schemas()
    for res in resources.values():
        full, patch = resource_schemas(res)
        schemas[camel(res['one'])] = full
        schemas[camel(res['one']) + 'Patch'] = patch
        schemas[camel(res['name']) + 'Page'] = page_of(ref(camel(res['one'])))

    used_tags = []
    for ops in paths.values():
        for op in ops.values():
            for t in op['tags']:
                if t not in used_tags:
                    used_tags.append(t)
    tag_desc = dict(TAGS + TAGS_AFTER)
    for res in resources.values():
        tag_desc[res['name']] = 'Master data: %s (table %s)' % (res['name'], res['table'])
    order = [t for t, _ in TAGS] + [r['name'] for r in resources.values()] + [t for t, _ in TAGS_AFTER]
    order += [t for t in used_tags if t not in order]
    tags = [{'name': t, 'description': tag_desc.get(t, t)} for t in order if t in used_tags]

    responses = {name: {'description': desc, 'content': {'application/json': {
        'schema': ref('Error')}}} for name, desc in ERRORS.values()}
    responses['Error'] = {'description': 'Any other error (405, 500, 503, 507 ...)',
                          'content': {'application/json': {'schema': ref('Error')}}}
    return {
        'openapi': '3.0.3',
        'info': {'title': 'Loket API', 'version': '1', 'description': DESCRIPTION},
        'servers': [{'url': 'http://localhost:8080', 'description': 'Default LOKET_BASE_URL'}],
        'security': [{'cookieSession': []}, {'bearerToken': []}],
        'tags': tags,
        'paths': paths,
        'components': {
            'securitySchemes': {
                'cookieSession': {'type': 'apiKey', 'in': 'cookie', 'name': 'loket_session',
                                  'description': 'Session cookie set by POST /api/v1/auth/login'},
                'csrfToken': {'type': 'apiKey', 'in': 'header', 'name': 'X-CSRF-Token',
                              'description': 'csrf_token from login or /api/v1/me; required '
                                             'with the session cookie on POST, PATCH and DELETE'},
                'bearerToken': {'type': 'http', 'scheme': 'bearer',
                                'description': 'API token from POST /api/v1/tokens; no CSRF '
                                               'token needed'},
            },
            'parameters': {
                'id': {'name': 'id', 'in': 'path', 'required': True, 'schema': ID},
                'number': {'name': 'number', 'in': 'path', 'required': True,
                           'description': 'Ticket number, e.g. LKT-2026-000123',
                           'schema': S('string')},
                'key': {'name': 'key', 'in': 'path', 'required': True,
                        'description': 'Template key, e.g. ticket_created',
                        'schema': S('string')},
                'token_id': {'name': 'token_id', 'in': 'path', 'required': True,
                             'description': 'Token id (GET /api/v1/users/{id}/tokens)',
                             'schema': ID},
                'locale': {'name': 'locale', 'in': 'path', 'required': True,
                           'schema': S('string', enum=['id', 'en'])},
                'year': {'name': 'year', 'in': 'path', 'required': True,
                         'schema': S('integer', minimum=2000, maximum=9999)},
                'kind': {'name': 'kind', 'in': 'path', 'required': True,
                         'schema': S('string', enum=LETTER_KINDS)},
                'partner_id': {'name': 'partner_id', 'in': 'path', 'required': True,
                               'schema': ID},
                'month': {'name': 'month', 'in': 'path', 'required': True, 'schema': MONTH},
                'delivery': {'name': 'delivery', 'in': 'path', 'required': True,
                             'description': 'Webhook delivery id', 'schema': ID},
                'q': qp('q', S('string'), 'Free text'),
                'page': qp('page', S('integer', minimum=1, default=1), '1-based page'),
                'per_page': qp('per_page', S('integer', minimum=1, default=50),
                               'Items per page; values over 200 are cut to 200'),
            },
            'responses': responses,
            'schemas': schemas,
        },
    }


# ---------------------------------------------------------------------------
# YAML emitter (a strict subset; tests/docs/check_openapi.py reads it back)
# ---------------------------------------------------------------------------

WIDTH = 100  # flow collections only when the line stays this short
_PLAIN = re.compile(r'^[A-Za-z_/$][A-Za-z0-9_./$-]*$')
_RESERVED = {'y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~'}


def quote(s):
    """A YAML double-quoted scalar: JSON escapes, which YAML shares, plus
    escapes for the characters YAML would otherwise fold or reject."""
    out = json.dumps(s, ensure_ascii=False)
    return re.sub('[\u0080-\u009f\u2028\u2029\ufeff]', lambda m: '\\u%04x' % ord(m.group(0)), out)


def scalar(v):
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        if _PLAIN.match(v) and v.lower() not in _RESERVED:
            return v
        return quote(v)
    raise TypeError('cannot emit %r' % (v,))


def is_scalar(v):
    return v is None or isinstance(v, (bool, int, str))


def flow(v):
    """v as a one-line flow collection, or None when it has nested
    collections other than lists of scalars."""
    if isinstance(v, list):
        if all(is_scalar(x) for x in v):
            return '[%s]' % ', '.join(scalar(x) for x in v)
        return None
    if isinstance(v, dict):
        parts = []
        for k, x in v.items():
            r = scalar(x) if is_scalar(x) and not (isinstance(x, str) and '\n' in x) else \
                flow(x) if isinstance(x, list) else None
            if r is None:
                return None
            parts.append('%s: %s' % (key_text(k), r))
        return '{%s}' % ', '.join(parts)
    return None


def key_text(k):
    k = str(k)
    return quote(k) if k.isdigit() else scalar(k)


def _block_ok(s):
    lines = s.split('\n')
    return (len(lines) > 1 and all(ln == ln.rstrip() for ln in lines) and lines[0][:1] not in ' \t'
            and lines[0] and lines[-1] and not re.search('[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]', s))


def emit(node, ind, out):
    pad = ' ' * ind
    if isinstance(node, dict):
        for k, v in node.items():
            key = key_text(k)
            f = flow(v) if isinstance(v, (dict, list)) else None
            if isinstance(v, str) and '\n' in v and _block_ok(v):
                out.append('%s%s: |-' % (pad, key))
                out.extend(pad + '  ' + ln if ln else '' for ln in v.split('\n'))
            elif is_scalar(v):
                out.append('%s%s: %s' % (pad, key, scalar(v)))
            elif not v:
                out.append('%s%s: %s' % (pad, key, '{}' if isinstance(v, dict) else '[]'))
            elif f is not None and len(pad) + len(key) + len(f) + 2 <= WIDTH:
                out.append('%s%s: %s' % (pad, key, f))
            else:
                out.append('%s%s:' % (pad, key))
                emit(v, ind + 2, out)
    elif isinstance(node, list):
        for item in node:
            f = flow(item) if isinstance(item, (dict, list)) else None
            if is_scalar(item):
                out.append('%s- %s' % (pad, scalar(item)))
            elif isinstance(item, dict) and f is not None and len(pad) + len(f) + 2 <= WIDTH:
                out.append('%s- %s' % (pad, f))
            elif isinstance(item, dict) and item:
                sub = []
                emit(item, ind + 2, sub)
                out.append('%s- %s' % (pad, sub[0][ind + 2:]))
                out.extend(sub[1:])
            else:
                raise TypeError('cannot emit a nested or empty list item')
    else:
        raise TypeError('cannot emit %r at the top level' % (node,))


def to_yaml(doc):
    out = ['# Generated by tools/gen_openapi.py from src/http/routes.c and src/core/resource.c.',
           '# Do not edit by hand: change the tables (or the script) and run',
           '#   python3 tools/gen_openapi.py .']
    emit(doc, 0, out)
    return '\n'.join(out) + '\n'


def generate(src):
    return to_yaml(build(src))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else '.'
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(src, 'docs/openapi.yaml')
    text = generate(src)
    if out == '-':
        sys.stdout.write(text)
    else:
        with open(out, 'w', encoding='utf-8') as f:
            f.write(text)


if __name__ == '__main__':
    main()
