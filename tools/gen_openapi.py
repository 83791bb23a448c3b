#!/usr/bin/env python3
"""Generates docs/openapi.yaml from the two tables the server itself runs on:
the route table (src/http/routes.c) and the master-data field tables
(src/core/resource.c). Hand-written descriptions of the other endpoints live
in ENDPOINTS below. Usage: gen_openapi.py SOURCE_DIR [OUT]  (OUT '-' = stdout)."""
import re
import sys

ENUMS = {'service_kinds': ['ticket', 'redirect', 'appointment'],
         'roles': ['requester', 'agent', 'admin', 'leader'], 'locales': ['id', 'en']}
FLAGS = {'FF_REQUIRED': 'required', 'FF_SEARCH': 'search', 'FF_FILTER': 'filter',
         'FF_SORT': 'sort', 'FF_HIDDEN': 'hidden', 'FF_UNIQUE': 'unique', 'FF_VIRTUAL': 'virtual'}
FORMATS = {'FT_EMAIL': 'email', 'FT_URL': 'uri', 'FT_DATE': 'date'}
PATTERNS = {'FT_HHMM': '^[0-2][0-9]:[0-5][0-9]$', 'FT_DAYS': '^[1-7](,[1-7])*$',
            'FT_NIP': '^[0-9]{18}$'}

# method path -> (summary, request schema or None, success status, tag)
ENDPOINTS = {
    'GET /healthz': ('Liveness: 200 when the database answers', None, 200, 'system'),
    'POST /api/v1/auth/login': ('Log in with email or NIP; sets the loket_session cookie',
                                'Login', 200, 'auth'),
    'POST /api/v1/auth/logout': ('End the session', None, 204, 'auth'),
    'GET /api/v1/me': ('The current user (and CSRF token for cookie sessions)', None, 200, 'auth'),
    'POST /api/v1/tokens': ('Create an API bearer token (shown once)', 'TokenNew', 201, 'auth'),
    'GET /api/v1/audit': ('Audit log, newest first (admins)', None, 200, 'admin'),
    'GET /api/v1/outbox': ('Queued notifications (admins); ?status=&ticket=', None, 200, 'admin'),
    'POST /api/v1/services/{id}/redirect': ('Log a redirect and return the application URL',
                                            None, 200, 'catalog'),
    'POST /api/v1/tickets': ('Create a ticket (agents may record one for a caller)',
                             'TicketNew', 201, 'tickets'),
    'GET /api/v1/tickets': ('List visible tickets: status, unit_id, service_id, category_id, '
                            'priority, assignee_id (id|me|none), tier, channel, tag, created_from, '
                            'created_to, sla_breached, due_within_minutes, q (full text), sort; '
                            'total is counted up to 10,000 and total_capped says when there '
                            'are more',
                            None, 200, 'tickets'),
    'GET /api/v1/tickets/{number}': ('A ticket (404 when not visible)', None, 200, 'tickets'),
    'PATCH /api/v1/tickets/{number}': ('Staff edit; send "version" to refuse stale writes (409)',
                                       'TicketPatch', 200, 'tickets'),
    'GET /api/v1/tickets/{number}/events': ('The timeline, filtered by what the caller may see',
                                            None, 200, 'tickets'),
    'POST /api/v1/tickets/{number}/comments': ('Public comment or internal note', 'Comment', 201,
                                               'tickets'),
    'POST /api/v1/tickets/{number}/transitions': ('Change status; 409 ticket.invalid_transition',
                                                  'Transition', 200, 'tickets'),
    'POST /api/v1/tickets/{number}/assign': ('Assign ({"assignee_id"}) or take ({})', 'Assign',
                                             200, 'tickets'),
    'POST /api/v1/tickets/{number}/escalate': ('Escalate to tier 2 (unit) or tier 3 (vendor)',
                                               'Escalate', 200, 'tickets'),
    'POST /api/v1/tickets/{number}/rating': ('Rate a resolved ticket 1–5; closes it', 'Rating',
                                             200, 'tickets'),
    'POST /api/v1/tickets/{number}/merge': ('Merge this duplicate into another open ticket',
                                            'Merge', 200, 'tickets'),
    'GET /api/v1/tickets/{number}/attachments': ('Attachments of a ticket', None, 200, 'tickets'),
    'POST /api/v1/tickets/{number}/attachments': ('Upload (multipart/form-data, field "file"); '
                                                  'type from content; 413 over the limit, 415 '
                                                  'wrong type', 'multipart', 201, 'tickets'),
    'GET /api/v1/attachments/{id}': ('Download (Content-Disposition: attachment)', None, 200,
                                     'tickets'),
    'GET /api/v1/faq': ('FAQ articles; q, category_id, page, per_page', None, 200, 'faq'),
    'POST /api/v1/faq': ('Create an article (Markdown answer)', 'FaqNew', 201, 'faq'),
    'GET /api/v1/faq/suggest': ('Up to 5 published articles matching ?q (ticket form)', None,
                                200, 'faq'),
    'GET /api/v1/faq/{id}': ('An article', None, 200, 'faq'),
    'PATCH /api/v1/faq/{id}': ('Edit an article', 'FaqNew', 200, 'faq'),
    'DELETE /api/v1/faq/{id}': ('Delete an article', None, 204, 'faq'),
    'POST /api/v1/faq/{id}/helpful': ('"Was this helpful?" vote', 'Helpful', 200, 'faq'),
    'GET /api/v1/faq-proposals': ('Proposals (requesters: their own)', None, 200, 'faq'),
    'POST /api/v1/faq-proposals': ('Propose an FAQ entry', 'ProposalNew', 201, 'faq'),
    'POST /api/v1/faq-proposals/{id}/approve': ('Approve and publish', 'FaqNew', 200, 'faq'),
    'POST /api/v1/faq-proposals/{id}/reject': ('Reject with a reason', 'Reject', 200, 'faq'),
}

BODIES = {
    'Login': {'login': ('string', True), 'password': ('string', True)},
    'TokenNew': {'name': ('string', True), 'expires_in_days': ('integer', False)},
    'TicketNew': {'title': ('string', True), 'description': ('string', True),
                  'service_id': ('integer', True), 'priority': ('string', False),
                  'contact_name': ('string', False), 'contact_phone': ('string', False),
                  'requester_id': ('integer', False), 'requester': ('object', False),
                  'channel': ('string', False)},
    'TicketPatch': {'title': ('string', False), 'description': ('string', False),
                    'priority': ('string', False), 'service_id': ('integer', False),
                    'category_id': ('integer', False), 'tags': ('array', False),
                    'version': ('integer', False)},
    'Comment': {'body': ('string', True), 'internal': ('boolean', False)},
    'Transition': {'to': ('string', True), 'summary': ('string', False),
                   'reason': ('string', False)},
    'Assign': {'assignee_id': ('integer', False)},
    'Escalate': {'tier': ('integer', True), 'unit_id': ('integer', False),
                 'vendor_id': ('integer', False), 'reason': ('string', True)},
    'Rating': {'score': ('integer', True), 'feedback': ('string', False)},
    'Merge': {'into': ('string', True)},
    'FaqNew': {'question': ('string', True), 'answer': ('string', True),
               'category_id': ('integer', False), 'published': ('boolean', False)},
    'Helpful': {'helpful': ('boolean', True)},
    'ProposalNew': {'question': ('string', True), 'answer': ('string', False),
                    'category_id': ('integer', False)},
    'Reject': {'reason': ('string', True)},
}


def parse_resources(src):
    text = open(src + '/src/core/resource.c', encoding='utf-8').read()
    text = text.replace('ACTIVE,', '{"active", FT_BOOL, FF_FILTER, 0, 1, NULL, NULL, '
                                   '"Aktif", "Active", "1"},')
    tables = {}
    for m in re.finditer(r'static const struct field (\w+)\[\] = \{(.*?)\n\};', text, re.S):
        fields = []
        for f in re.finditer(r'\{"(\w+)", (FT_\w+), ([^,]+), (-?\d+), (-?\d+), (\w+), '
                             r'(NULL|"[\w-]+"), "([^"]*)", "([^"]*)"', m.group(2)):
            flags = [FLAGS[x.strip()] for x in f.group(3).split('|') if x.strip() in FLAGS]
            fields.append({'name': f.group(1), 'type': f.group(2), 'flags': flags,
                           'min': int(f.group(4)), 'max': int(f.group(5)),
                           'choices': ENUMS.get(f.group(6)), 'label': f.group(9)})
        tables[m.group(1)] = fields
    res = {}
    for m in re.finditer(r'const struct resource (\w+) = \{"([\w-]+)", "(\w+)", "(\w+)", '
                         r'(\w+),', text):
        res[m.group(1)] = {'path': m.group(2), 'one': m.group(4), 'fields': tables[m.group(5)]}
    return res


def parse_routes(src):
    text = open(src + '/src/http/routes.c', encoding='utf-8').read()
    routes = []
    for m in re.finditer(r'\{M_(\w+), "([^"]+)", (\w+), (AUTH_\w+)', text):
        routes.append((m.group(1), m.group(2), m.group(3), m.group(4), None))
    for m in re.finditer(r'^\s*MASTER\("([\w-]+)", (\w+)\)', text, re.M):
        base = '/api/v1/' + m.group(1)
        for meth, path, h in (('GET', base, 'list'), ('POST', base, 'create'),
                              ('GET', base + '/{id}', 'get'), ('PATCH', base + '/{id}', 'update'),
                              ('DELETE', base + '/{id}', 'delete')):
            routes.append((meth, path, h, 'AUTH_USER', m.group(2)))
    for i, r in enumerate(routes):
        if r[2].startswith('api_master_') or r[2].startswith('api_users_'):
            arg = re.search(r'"%s", %s, AUTH_USER, \w+, &(\w+)' % (re.escape(r[1]), r[2]), text)
            if arg:
                routes[i] = (r[0], r[1], r[2].split('_')[-1], r[3], arg.group(1))
    return routes


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def schema_for(field, out, ind):
    t = field['type']
    typ = {'FT_INT': 'integer', 'FT_REF': 'integer', 'FT_BOOL': 'boolean'}.get(t, 'string')
    out.append('%s%s:' % (ind, field['name']))
    out.append('%s  type: %s' % (ind, typ))
    out.append('%s  description: %s' % (ind, q(field['label'])))
    if t in FORMATS:
        out.append('%s  format: %s' % (ind, FORMATS[t]))
    if t in PATTERNS:
        out.append('%s  pattern: %s' % (ind, q(PATTERNS[t])))
    if field['choices']:
        out.append('%s  enum: [%s]' % (ind, ', '.join(field['choices'])))
    if typ == 'string' and field['max'] > 0:
        out.append('%s  maxLength: %d' % (ind, field['max']))
    if typ == 'integer' and t == 'FT_INT':
        out.append('%s  minimum: %d' % (ind, field['min']))
        out.append('%s  maximum: %d' % (ind, field['max']))
    if 'virtual' in field['flags']:
        out.append('%s  writeOnly: true' % ind)
    out.append('%s  nullable: true' % ind)


def generate(src):
    res = parse_resources(src)
    routes = parse_routes(src)
    o = ['# Generated by tools/gen_openapi.py from src/http/routes.c and src/core/resource.c.',
         '# Do not edit by hand: change the tables (or ENDPOINTS in the script) and rerun.',
         'openapi: 3.0.3', 'info:', '  title: Loket API', '  version: "1"',
         '  description: >-',
         '    Multi-channel service desk. JSON bodies in UTF-8; times are ISO-8601 UTC;',
         '    Accept-Language id|en picks message language. Errors are',
         '    {"error":{"code","message","fields"}} with a real HTTP status. Lists take',
         '    q, page (1-based) and per_page (default 50, max 200) and answer',
         '    {"items","total","page","per_page"}. Cookie sessions send X-CSRF-Token on',
         '    writes; bearer tokens do not.',
         'servers:', '  - url: http://localhost:8080',
         'security:', '  - cookie: []', '  - bearer: []', 'paths:']
    by_path = {}
    for meth, path, h, auth, arg in routes:
        by_path.setdefault(path, []).append((meth, h, auth, arg))
    for path in sorted(by_path):
        o.append('  %s:' % q(path))
        params = re.findall(r'\{(\w+)\}', path)
        for meth, h, auth, arg in sorted(by_path[path]):
            key = '%s %s' % (meth, path)
            o.append('    %s:' % meth.lower())
            if arg:
                r = res[arg]
                summ = {'list': 'List %s (q, filters, sort, page)' % r['path'],
                        'create': 'Create a %s' % r['one'], 'get': 'Read a %s' % r['one'],
                        'update': 'Update a %s (deactivate with "active": false)' % r['one'],
                        'delete': 'Delete a %s (409 while referenced)' % r['one']}[h]
                tag, body, status = 'master-data', None, {'create': 201, 'delete': 204}.get(h, 200)
                if h in ('create', 'update'):
                    body = '#/components/schemas/%s' % r['one']
            else:
                summ, bname, status, tag = ENDPOINTS.get(key, (h, None, 200, 'other'))
                body = ('#/components/schemas/%s' % bname) if bname and bname != 'multipart' else bname
            o.append('      summary: %s' % q(summ))
            o.append('      tags: [%s]' % tag)
            if auth == 'AUTH_NONE':
                o.append('      security: []')
            if params or (arg and h == 'list'):
                o.append('      parameters:')
                for p in params:
                    o.append('        - {name: %s, in: path, required: true, schema: {type: %s}}'
                             % (p, 'integer' if p == 'id' else 'string'))
                if arg and h == 'list':
                    o.append('        - {name: q, in: query, schema: {type: string}}')
                    o.append('        - {name: page, in: query, schema: {type: integer, minimum: 1}}')
                    o.append('        - {name: per_page, in: query, schema: {type: integer, '
                             'minimum: 1, maximum: 200}}')
                    o.append('        - {name: sort, in: query, schema: {type: string}}')
                    for f in res[arg]['fields']:
                        if 'filter' in f['flags']:
                            o.append('        - {name: %s, in: query, schema: {type: string}}'
                                     % f['name'])
            if body == 'multipart':
                o.append('      requestBody:')
                o.append('        required: true')
                o.append('        content:')
                o.append('          multipart/form-data:')
                o.append('            schema: {type: object, properties: {file: {type: string, '
                         'format: binary}, internal: {type: boolean}}}')
            elif body:
                o.append('      requestBody:')
                o.append('        required: true')
                o.append('        content: {application/json: {schema: {$ref: %s}}}' % q(body))
            o.append('      responses:')
            if status == 204:
                o.append('        "204": {description: Done}')
            elif arg:
                ref = '#/components/schemas/%s' % res[arg]['one']
                if h == 'list':
                    o.append('        "200": {description: A page, content: {application/json: '
                             '{schema: {$ref: "#/components/schemas/Page"}}}}')
                else:
                    o.append('        "%d": {description: OK, content: {application/json: '
                             '{schema: {$ref: %s}}}}' % (status, q(ref)))
            else:
                o.append('        "%d": {description: OK, content: {application/json: {schema: '
                         '{type: object}}}}' % status)
            for code in ('400', '401', '403', '404', '409', '413', '415', '422', '429'):
                o.append('        "%s": {$ref: "#/components/responses/Error"}' % code)
    o += ['components:', '  securitySchemes:',
          '    cookie: {type: apiKey, in: cookie, name: loket_session}',
          '    bearer: {type: http, scheme: bearer}',
          '  responses:', '    Error:', '      description: Error',
          '      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}',
          '  schemas:', '    Error:', '      type: object', '      properties:',
          '        error:', '          type: object', '          required: [code, message]',
          '          properties:', '            code: {type: string}',
          '            message: {type: string}',
          '            fields: {type: object, additionalProperties: {type: string}}',
          '    Page:', '      type: object', '      properties:',
          '        items: {type: array, items: {type: object}}', '        total: {type: integer}',
          '        page: {type: integer}', '        per_page: {type: integer}']
    for name in sorted(BODIES):
        o.append('    %s:' % name)
        o.append('      type: object')
        req = [k for k, (_, r) in BODIES[name].items() if r]
        if req:
            o.append('      required: [%s]' % ', '.join(req))
        o.append('      properties:')
        for k, (t, _) in BODIES[name].items():
            o.append('        %s: {type: %s}' % (k, t))
    for key in sorted(res, key=lambda k: res[k]['one']):
        r = res[key]
        o.append('    %s:' % r['one'])
        o.append('      type: object')
        req = [f['name'] for f in r['fields'] if 'required' in f['flags']]
        if r['one'] == 'user':
            req.append('password')
        o.append('      required: [%s]' % ', '.join(req))
        o.append('      properties:')
        o.append('        id: {type: integer, readOnly: true}')
        for f in r['fields']:
            if 'hidden' not in f['flags']:
                schema_for(f, o, '        ')
        o.append('        created_at: {type: string, format: date-time, readOnly: true}')
        o.append('        updated_at: {type: string, format: date-time, readOnly: true}')
    return '\n'.join(o) + '\n'


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else '.'
    out = sys.argv[2] if len(sys.argv) > 2 else src + '/docs/openapi.yaml'
    text = generate(src)
    if out == '-':
        sys.stdout.write(text)
    else:
        with open(out, 'w', encoding='utf-8') as f:
            f.write(text)


if __name__ == '__main__':
    main()
