#!/usr/bin/env python3
"""matrix-*: every route of src/http/routes.c, for every role, with the exact
status (and error code for 401/403/404) of an otherwise valid request.

The project's rule: every route goes into the permission matrix test, for
every role, with 404 for what the caller may not see. This file parses the
one route table (MASTER(...) expanded by reading the macro itself) and fails
when a route has no row here, so a new route cannot be forgotten.

Expectations come from API.md, SPEC.md and src/core/perm.c: what each role
SHOULD get. Where today's behaviour is a known security bug, the row names it
in KNOWN_BUGS: the check prints "not ok ... # TODO" while the bug lasts, and
fails as soon as it is fixed so the entry gets removed and the check guards
the fix from then on. Rows that hide something (internal notes, contacts)
also check the body, both ways: absent for who may not read it, present for
a reader, so a wrong needle cannot pass unnoticed.

One server, one demo database. Writes that change state get fresh objects
per role; shared objects only take writes that leave visibility alone."""
import datetime
import hashlib
import hmac
import itertools
import os
import re
import shutil
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(__file__))
from loket import SRC, Client, Server, Tap, make_png  # noqa: E402

# id -> issue item; the expected value is written in the row, the bug here.
# Empty since the issue #15 fixes (items 6, 11) were merged.
KNOWN_BUGS = {}

ROLES = ['anon', 'req1', 'req2', 'agent', 'pic', 'vendor', 'leader', 'admin']
LOGIN = {'req1': 'requester@demo.test', 'req2': 'requester2@demo.test',
         'agent': 'agent@demo.test', 'pic': 'pic@demo.test', 'vendor': 'vendor@demo.test',
         'leader': 'leader@demo.test', 'admin': 'admin@demo.test'}

WA_VERIFY, WA_SECRET = 'matrix-verify-token', 'matrix-app-secret'
NOTE = 'CATATAN-INTERNAL-kuda-nil'         # internal note on the escalated ticket
REASON = 'ALASAN-ESKALASI-burung-hantu'    # escalation reason (internal by default)
CONTACT = '0812-7777-4321'                 # contact phone on req1's tickets
PNG = (b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06'
       b'\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02'
       b'\xfe\xa7V\x81\x1b\x00\x00\x00\x00IEND\xaeB`\x82')
SEQ = itertools.count(1)  # next() is atomic in CPython: safe across workers
WORKERS = 6


def uniq(prefix):
    return '%s-%d' % (prefix, next(SEQ))


# ---- the route table -------------------------------------------------------

def parse_routes(path):
    """'METHOD /pattern' for every entry of routes.c, MASTER(...) expanded."""
    text = open(path, encoding='utf-8').read()
    macro = re.search(r'#define MASTER\(path, res\)(.*?)\n\n', text, re.S).group(1)
    expand = re.findall(r'\{M_(\w+), "([^"]*)" path(?: "([^"]*)")?', macro)
    table = text[text.index('const struct route routes[]'):]
    out = []
    for m in re.finditer(r'\{M_(\w+), "([^"]+)"|MASTER\("([^"]+)"', table):
        if m.group(3):
            out += ['%s %s%s%s' % (meth, pre, m.group(3), post) for meth, pre, post in expand]
        else:
            out.append('%s %s' % (m.group(1), m.group(2)))
    return out


# ---- expectations ----------------------------------------------------------

A401 = (401, 'auth.required')
F403 = (403, 'forbidden')                 # the route's own permission
TF = (403, 'ticket.forbidden')            # sees the ticket, may not do this
TFT = (403, 'ticket.forbidden_transition')
TNF = (404, 'ticket.not_found')
KNF = (404, 'token.not_found')
ANF = (404, 'attachment.not_found')


def want(default, anon=A401, **roles):
    """Expected (status, code) per role: `default` for everyone signed in."""
    w = {r: default for r in ROLES}
    w['anon'] = anon
    w.update(roles)
    return {r: v if isinstance(v, tuple) else (v, None) for r, v in w.items()}


def admin_only(ok, **roles):
    """Admin-only routes: ok for admin, 403 forbidden for the rest."""
    return want(F403, admin=ok, **roles)


# Who sees which shared ticket (perm.c sees_ticket): plain = req1's ticket,
# esc = req1's ticket escalated to Diskominfo and then to PT Mitra Jaringan,
# lead = a ticket agent recorded for the leader.
SEES = {'plain': {'req1', 'agent', 'admin', 'leader'},
        'esc': {'req1', 'agent', 'admin', 'leader', 'pic', 'vendor'},
        'lead': {'agent', 'admin', 'leader'},
        # bookings (issue 16): health data, only the requester, the service's
        # staff (agent serves the clinic's polis, pic the virtual booth) and admins
        'bk': {'req1', 'agent', 'admin'},
        'booth': {'req1', 'pic', 'admin'}}


def on_ticket(kind, seen, hidden=TNF, **roles):
    """200-ish for those who see the ticket, 404 for the rest."""
    w = want(hidden, **{r: seen for r in SEES[kind]})
    for r, v in roles.items():
        w[r] = v if isinstance(v, tuple) else (v, None)
    return w


class Probe:
    """One request per role. build(fx, role) -> dict(method, path, body |
    upload | raw, headers, client); check(fx, role, resp) -> None or a
    problem; bugs: role -> KNOWN_BUGS id for that role's expectation."""

    def __init__(self, label, build, expect, check=None, bugs=None):
        self.label, self.build, self.expect = label, build, expect
        self.check, self.bugs = check, bugs or {}


def req(method, path, body=None, **kw):
    return dict(kw, method=method, path=path, body=body)


def const(method, path, body=None, **kw):
    """A fixed request; {name} in the path or in body strings is a fixture id."""
    def fill(v, ids):
        return v.format(**ids) if isinstance(v, str) else v
    return lambda fx, role: req(method, path.format(**fx.ids), body and {
        k: fill(v, fx.ids) for k, v in body.items()}, **kw)


# ---- fixtures --------------------------------------------------------------

class Fx:
    """Sessions of every role (one set per worker) and the shared fixture ids."""

    def __init__(self, srv, ids=None):
        self.srv = srv
        self.c = {r: srv.client(LOGIN[r]) if r != 'anon' else Client(srv.url) for r in ROLES}
        self.admin, self.agent = self.c['admin'], self.c['agent']
        self.ids = ids if ids is not None else {}
        self.pool, self.taken = {}, []

    def fresh(self, key, make):
        """An object no request has changed yet. A refused request (4xx)
        changes nothing, so what it was given goes back to the pool."""
        free = self.pool.get(key)
        obj = free.pop() if free else make()
        self.taken.append((key, obj))
        return obj

    def settle(self, status):
        if status >= 400:
            for key, obj in self.taken:
                self.pool.setdefault(key, []).append(obj)
        self.taken = []

    def ok(self, r, status, what):
        if r.status != status:
            raise RuntimeError('fixture %s: %r' % (what, r))
        return r.json

    # tickets
    def ticket(self, owner='req1', esc=0, status=None):
        """A fresh ticket of `owner`, escalated to tier 2 (esc >= 2) and the
        vendor (esc == 3), then moved to `status`."""
        return self.fresh(('ticket', owner, esc, status),
                          lambda: self.new_ticket(owner, esc, status))

    def new_ticket(self, owner, esc, status):
        body = {'title': uniq('Matriks'), 'description': 'x', 'service_id': self.ids['net'],
                'contact_phone': CONTACT}
        if owner == 'req1':
            t = self.ok(self.c['req1'].post('/api/v1/tickets', body), 201, 'ticket')
        else:  # recorded by tier 1 for someone without ticket rights
            body.update(requester_id=self.ids['uid_' + owner], channel='phone')
            t = self.ok(self.agent.post('/api/v1/tickets', body), 201, 'ticket for ' + owner)
        n = t['number']
        if esc >= 2:
            self.ok(self.agent.post('/api/v1/tickets/%s/escalate' % n,
                                    {'tier': 2, 'unit_id': self.ids['diskominfo'],
                                     'reason': REASON}), 200, 'escalate 2')
        if esc == 3:
            self.ok(self.c['pic'].post('/api/v1/tickets/%s/escalate' % n,
                                       {'tier': 3, 'vendor_id': self.ids['mitra'],
                                        'reason': REASON}), 200, 'escalate 3')
        if status:
            self.ok(self.agent.post('/api/v1/tickets/%s/transitions' % n,
                                    {'to': status, 'summary': 'Sudah beres'}), 200, status)
        return n

    # bookings (issue 16): req1's, each on a day of its own (one a day per person)
    def booking(self, svc='clinic', status='booked'):
        return self.fresh(('booking', svc, status), lambda: self.new_booking(svc, status))

    def new_booking(self, svc, status):
        day = open_day()
        body = {'service_id': self.ids[svc], 'date': day,
                'answers': CLINIC_ANSWERS if svc == 'clinic' else BOOTH_ANSWERS}
        b = self.ok(self.c['req1'].post('/api/v1/bookings', body), 201, 'booking')['booking']
        if status == 'called':
            self.ok(self.admin.post('/api/v1/services/%s/queue/next' % self.ids[svc],
                                    {'date': day}), 200, 'call')
        return b['id']

    def master(self, res):
        """A fresh row of a master resource (admin)."""
        return self.fresh(('master', res), lambda: self.ok(
            self.admin.post('/api/v1/' + res, master_body(self, res)), 201, 'create ' + res)['id'])

    def faq(self, published=True):
        return self.fresh(('faq', published), lambda: self.new_faq(published))

    def new_faq(self, published):
        return self.ok(self.agent.post('/api/v1/faq', {
            'question': uniq('Bagaimana cara reset kata sandi'), 'answer': 'Hubungi *helpdesk*.',
            'published': published}), 201, 'faq')['id']

    def proposal(self):
        return self.fresh('proposal', lambda: self.ok(self.c['req1'].post(
            '/api/v1/faq-proposals', {'question': uniq('Bagaimana cara memakai VPN'),
                                      'answer': 'Pakai klien.'}), 201, 'proposal')['id'])

    def export(self, role):
        j = self.ok(self.c[role].post('/api/v1/exports', {'report': 'summary', 'format': 'csv'}),
                    202, 'export')
        deadline = time.time() + 30
        while time.time() < deadline:  # the export worker runs on its own thread
            s = self.c[role].get('/api/v1/exports/%s' % j['id']).json
            if s['status'] in ('done', 'failed'):
                break
            time.sleep(0.05)
        if s['status'] != 'done':
            raise RuntimeError('export %r' % s)
        return j['id']

    def session(self, role):
        """A second, throwaway session of `role` (for login and logout)."""
        if role == 'anon':
            return Client(self.srv.url)
        return self.srv.client(LOGIN[role])


def master_body(fx, res):
    name = uniq('Matriks ' + res)
    return {'units': {'name': name}, 'vendors': {'name': name}, 'categories': {'name': name},
            'calendars': {'name': name},
            'holidays': {'calendar_id': fx.ids.get('calendar'), 'name': name,
                         'date': (datetime.date(2027, 1, 1) +
                                  datetime.timedelta(days=next(SEQ))).isoformat()},
            'sla-policies': {'name': name, 'first_response_minutes': 60,
                             'resolution_minutes': 600},
            'priorities': {'code': uniq('p'), 'name': name, 'rank': 9},
            'services': {'name': name, 'kind': 'ticket'}, 'tags': {'name': uniq('tag')},
            'canned-responses': {'title': name, 'body': 'Terima kasih.'},
            'reject-reasons': {'code': uniq('kode'), 'name': name},
            'users': {'name': name, 'email': uniq('matriks') + '@demo.test',
                      'role': 'requester', 'password': 'rahasia-matriks'}}[res]


def new_nik():
    """A valid NIK (Bandung, born 15-05-1990) with a fresh serial number."""
    return '327301150590%04d' % next(SEQ)


def partner_rows(r):
    """Partner administration (issue #17): admins everything; pic@demo.test,
    partner admin of Diskominfo, that office's partners only (another
    office's partner: 404) and no changes to the national standard (403);
    everyone else 404, as if it did not exist."""
    NF = (404, 'not_found')
    PNF, ANF2 = (404, 'partner.not_found'), (404, 'assignment.not_found')

    def ok(status, pic=None):
        return want(NF, pic=status if pic is None else pic, admin=status)

    def fresh_partner(fx, unit_key):
        return fx.fresh(('partner', unit_key), lambda: fx.ok(fx.admin.post(
            '/api/v1/partners', {'name': uniq('Mitra'), 'nik': new_nik(),
                                 'unit_id': fx.ids[unit_key]}), 201, 'partner')['id'])

    def fresh_asg(fx, partner_key):
        return fx.fresh(('asg', partner_key), lambda: fx.ok(fx.admin.post(
            '/api/v1/assignments', {'partner_id': fx.ids[partner_key],
                                    'activity_id': fx.ids['act'], 'output': 'dokumen',
                                    'volume': 1}), 201, 'assignment')['assignment']['id'])

    def fresh_act(fx):
        return fx.fresh('activity', lambda: fx.ok(fx.admin.post('/api/v1/activities', {
            'code': uniq('MTX'), 'name': 'Matriks', 'start_date': '2026-05-01',
            'end_date': '2026-05-31', 'budget': 1000000}), 201, 'activity')['id'])

    new_partner = lambda fx, role: req('POST', '/api/v1/partners', {  # noqa: E731
        'name': uniq('Mitra baru'), 'nik': new_nik(), 'unit_id': fx.ids['diskominfo']})
    csv = lambda fx, role: req('POST', '/api/v1/partners/import', raw=(  # noqa: E731
        'name,nik,unit_id\n%s,%s,%d\n' % (uniq('Impor'), new_nik(), fx.ids['diskominfo'])
    ).encode(), content_type='text/csv')
    r['GET /api/v1/partners'] = [Probe('list', const('GET', '/api/v1/partners'), ok(200))]
    r['POST /api/v1/partners'] = [Probe('in Diskominfo', new_partner, ok(201))]
    r['POST /api/v1/partners/import'] = [Probe('one row', csv, ok(200))]
    r['GET /api/v1/partners/export'] = [Probe('csv', const('GET', '/api/v1/partners/export'),
                                              ok(200))]
    r['GET /api/v1/partners/{id}'] = [
        Probe('own office', const('GET', '/api/v1/partners/{ptn_mine}'), ok(200)),
        Probe('other office', const('GET', '/api/v1/partners/{ptn_other}'), ok(200, PNF))]
    r['PATCH /api/v1/partners/{id}'] = [
        Probe('own office', const('PATCH', '/api/v1/partners/{ptn_mine}',
                                  {'address': 'Jl. Merdeka No. 10, Bandung'}), ok(200)),
        Probe('other office', const('PATCH', '/api/v1/partners/{ptn_other}',
                                    {'address': 'Jl. Setiabudi No. 9, Bandung'}),
              ok(200, PNF))]
    r['DELETE /api/v1/partners/{id}'] = [
        Probe('own office', lambda fx, role: req('DELETE', '/api/v1/partners/%d' % fresh_partner(
            fx, 'diskominfo')), ok(204)),
        Probe('other office', lambda fx, role: req('DELETE', '/api/v1/partners/%d' %
                                                   fresh_partner(fx, 'dinkes')), ok(204, PNF))]
    r['GET /api/v1/activities'] = [Probe('list', const('GET', '/api/v1/activities'), ok(200))]
    r['POST /api/v1/activities'] = [Probe('admins only', lambda fx, role: req(
        'POST', '/api/v1/activities', {'code': uniq('ACT'), 'name': 'Survei', 'budget': 100,
                                       'start_date': '2026-06-01', 'end_date': '2026-06-30',
                                       'rates': [{'output': 'dokumen', 'unit_rate': 1}]}),
        ok(201, F403))]
    r['GET /api/v1/activities/{id}'] = [Probe('one', const('GET', '/api/v1/activities/{act}'),
                                              ok(200))]
    r['PATCH /api/v1/activities/{id}'] = [Probe('same name', const(
        'PATCH', '/api/v1/activities/{act}', {'name': 'Survei Sosial Ekonomi Nasional Maret 2026'}),
        ok(200, F403))]
    r['DELETE /api/v1/activities/{id}'] = [Probe('unused', lambda fx, role: req(
        'DELETE', '/api/v1/activities/%d' % fresh_act(fx)), ok(204, F403))]
    r['GET /api/v1/partner-ceilings/{year}'] = [Probe('2026', const(
        'GET', '/api/v1/partner-ceilings/2026'), ok(200))]
    r['PUT /api/v1/partner-ceilings/{year}'] = [Probe('2030', const(
        'PUT', '/api/v1/partner-ceilings/2030', {'monthly': 3200000}), ok(200, F403))]
    r['GET /api/v1/assignments'] = [Probe('list', const('GET', '/api/v1/assignments'), ok(200))]
    def assign(key):
        return lambda fx, role: req('POST', '/api/v1/assignments', {
            'partner_id': fx.ids[key], 'activity_id': fx.ids['act'], 'output': 'dokumen',
            'volume': 1})
    r['POST /api/v1/assignments'] = [
        Probe('own office', assign('ptn_mine'), ok(201)),
        Probe('other office', assign('ptn_other'), ok(201, PNF))]

    def check(key):
        return lambda fx, role: req('POST', '/api/v1/assignments/check', {
            'partner_id': fx.ids[key], 'activity_id': fx.ids['act'], 'output': 'dokumen',
            'volume': 1})
    r['POST /api/v1/assignments/check'] = [
        Probe('own office', check('ptn_mine'), ok(200)),
        Probe('other office', check('ptn_other'), ok(200, PNF))]
    r['GET /api/v1/assignments/{id}'] = [
        Probe('own office', const('GET', '/api/v1/assignments/{asg_mine}'), ok(200)),
        Probe('other office', const('GET', '/api/v1/assignments/{asg_other}'), ok(200, ANF2))]
    r['PATCH /api/v1/assignments/{id}'] = [
        Probe('own office', const('PATCH', '/api/v1/assignments/{asg_mine}',
                                  {'surat_tugas_issued': True}), ok(200)),
        Probe('other office', const('PATCH', '/api/v1/assignments/{asg_other}',
                                    {'surat_tugas_issued': True}), ok(200, ANF2))]
    r['DELETE /api/v1/assignments/{id}'] = [
        Probe('own office', lambda fx, role: req('DELETE', '/api/v1/assignments/%d' % fresh_asg(
            fx, 'ptn_mine')), ok(204)),
        Probe('other office', lambda fx, role: req('DELETE', '/api/v1/assignments/%d' %
                                                   fresh_asg(fx, 'ptn_other')), ok(204, ANF2))]
    r['GET /api/v1/contracts'] = [Probe('list', const('GET', '/api/v1/contracts'), ok(200))]
    r['PATCH /api/v1/contracts/{partner_id}/{month}'] = [
        Probe('own office', const('PATCH', '/api/v1/contracts/{ptn_mine}/2026-03',
                                  {'contract_signed': True}), ok(200)),
        Probe('other office', const('PATCH', '/api/v1/contracts/{ptn_other}/2026-03',
                                    {'contract_signed': True}), ok(200, PNF))]
    r['GET /api/v1/payments'] = [Probe('list', const('GET', '/api/v1/payments'), ok(200))]
    r['GET /api/v1/payments/missing'] = [Probe('list', const(
        'GET', '/api/v1/payments/missing'), ok(200))]
    r['GET /api/v1/reports/partner-fees'] = [Probe('a month', const(
        'GET', '/api/v1/reports/partner-fees?month=2026-03'), ok(200))]
    r['GET /api/v1/reports/activity-budgets'] = [Probe('all', const(
        'GET', '/api/v1/reports/activity-budgets'), ok(200))]


def setup(fx):
    a = fx.admin
    ids = fx.ids
    svc = {s['name']: s['id'] for s in a.get('/api/v1/services?per_page=200').json['items']}
    ids['net'] = svc['Gangguan Jaringan Internet']
    ids['redirect_svc'] = svc['Pengajuan Cuti Pegawai']
    units = {u['name']: u['id'] for u in a.get('/api/v1/units?per_page=200').json['items']}
    ids['diskominfo'] = units['Diskominfo']
    ids['dinkes'] = units['Dinas Kesehatan']
    ids['mitra'] = {v['name']: v['id'] for v in a.get('/api/v1/vendors').json['items']}[
        'PT Mitra Jaringan']
    users = a.get('/api/v1/users?per_page=200').json['items']
    for role, login in LOGIN.items():
        ids['uid_' + role] = [u['id'] for u in users if u['email'] == login][0]
    ids['calendar'] = a.get('/api/v1/calendars').json['items'][0]['id']
    ids['template'] = 'ticket_created'
    # shared tickets
    ids['plain'] = fx.ticket()
    ids['esc'] = fx.ticket(esc=3)
    ids['lead'] = fx.ticket(owner='leader')
    fx.ok(fx.agent.post('/api/v1/tickets/%s/comments' % ids['esc'],
                        {'body': NOTE, 'internal': True}), 201, 'note')
    ids['att_plain'] = fx.ok(fx.c['req1'].upload(
        '/api/v1/tickets/%s/attachments' % ids['plain'], 'layar.png', PNG), 201, 'upload')['id']
    ids['att_internal'] = fx.ok(fx.agent.upload(
        '/api/v1/tickets/%s/attachments' % ids['esc'], 'internal.png', PNG,
        fields={'internal': 'true'}), 201, 'internal upload')['id']
    # one shared row per master resource for reads and edits
    for res in MASTERS:
        ids['m_' + res] = fx.master(res)
    tok = fx.ok(fx.c['req1'].post('/api/v1/tokens', {'name': 'matriks'}), 201, 'token')
    ids['tok_req1'], ids['tok_req1_secret'] = tok['id'], tok['token']
    ids['faq'] = fx.faq()
    ids['faq_draft'] = fx.faq(published=False)
    ids['exp_agent'] = fx.export('agent')
    ids['exp_leader'] = fx.export('leader')
    setup_bookings(fx)
    letter_setup(fx)
    fx.taken = []  # shared from here on
    ids['outbox'] = a.get('/api/v1/outbox?per_page=1').json['items'][0]['id']
    # issue #22 item 3: one webhook and its test delivery, shared
    ids['webhook'] = fx.ok(a.post('/api/v1/webhooks', {
        'url': 'http://127.0.0.1:9/matriks', 'events': ['ticket.rated']}), 201, 'webhook')['id']
    ids['webhook_delivery'] = fx.ok(a.post('/api/v1/webhooks/%d/test' % ids['webhook']), 202,
                                    'webhook test')['id']
    # partner administration (demo): pic is partner admin of Diskominfo
    partners = {p['name']: p for p in a.get('/api/v1/partners?per_page=200').json['items']}
    ids['ptn_mine'] = partners['Budi Santoso']['id']       # Diskominfo
    ids['ptn_other'] = partners['Agus Salim']['id']        # Dinas Kesehatan
    ids['act'] = {x['code']: x['id'] for x in a.get('/api/v1/activities').json['items']}[
        'SSN-2026-03']
    asg = a.get('/api/v1/assignments?per_page=200').json['items']
    ids['asg_mine'] = [x['id'] for x in asg if x['partner_id'] == ids['ptn_mine']][0]
    ids['asg_other'] = [x['id'] for x in asg if x['partner_id'] == ids['ptn_other']][0]


NIK = '3174011234560007'  # a sensitive answer: only who sees the booking reads it
CLINIC_ANSWERS = {'nama': 'Maya', 'nik': NIK, 'usia': 40, 'tanggal_lahir': '1985-11-03',
                  'keluhan': 'Batuk berdahak'}
BOOTH_ANSWERS = {'topik': 'VPN kantor', 'media': 'Video'}
HOLIDAYS = set()
DAYS = []
DAYS_LOCK = threading.Lock()


def open_day():
    """The next unused working day (Monday to Friday, not a holiday) from a
    week ahead: every booking fixture gets a day of its own."""
    with DAYS_LOCK:
        d = DAYS[-1] if DAYS else datetime.date.today() + datetime.timedelta(days=7)
        while True:
            d += datetime.timedelta(days=1)
            if d.weekday() < 5 and d.isoformat() not in HOLIDAYS:
                DAYS.append(d)
                return d.isoformat()


def setup_bookings(fx):
    a, ids = fx.admin, fx.ids
    svc = {s['name']: s['id'] for s in a.get('/api/v1/services?per_page=200').json['items']}
    ids['clinic'] = svc['Klinik Pratama - Poli Umum']
    ids['booth'] = svc['Konsultasi Virtual Layanan TIK']
    HOLIDAYS.update(h['date'] for h in a.get('/api/v1/holidays?per_page=200').json['items'])
    ids['bk'] = fx.booking()
    ids['bk_day'] = a.get('/api/v1/bookings/%s' % ids['bk']).json['booking']['date']
    ids['bk_ticket'] = a.get('/api/v1/bookings/%s' % ids['bk']).json['booking']['ticket_number']
    ids['booth_bk'] = fx.booking('booth')
    ids['schedule_booth'] = a.get('/api/v1/services/%s/schedule' % ids['booth']).json
# ---- partner letters (issue #17 item 4) ----------------------------------

def letter_partner(fx):
    """A new Diskominfo partner with one assignment in 2025-04; its id."""
    a, k = fx.admin, next(SEQ)
    p = fx.ok(a.post('/api/v1/partners', {
        'name': uniq('Mitra Matriks'), 'nik': '%016d' % (1375010101800000 + 5000 + k),
        'unit_id': fx.ids['diskominfo']}), 201, 'partner')['id']
    fx.ok(a.post('/api/v1/assignments', {'partner_id': p, 'activity_id': fx.ids['lact'],
                                         'output': 'dokumen', 'volume': 10,
                                         'month': '2025-04'}), 201, 'assignment')
    return p


def fresh_letter(fx):
    """A live contract letter no request has voided yet; its id."""
    def make():
        r = fx.admin.get('/api/v1/partners/%d/letters/contract.pdf?month=2025-04'
                         % letter_partner(fx))
        return int(r.headers.get('x-letter-id'))
    return fx.fresh('letter', make)


def letter_setup(fx):
    a, ids = fx.admin, fx.ids
    fx.ok(a.request('PUT', '/api/v1/partner-ceilings/2025', {'monthly': 3200000}), 200, 'ceiling')
    ids['lact'] = fx.ok(a.post('/api/v1/activities', {
        'code': 'MATRIKS25', 'name': 'Survei Matriks', 'start_date': '2025-04-01',
        'end_date': '2025-04-30', 'budget': 10 ** 9,
        'rates': [{'output': 'dokumen', 'unit_rate': 4000}]}), 201, 'activity')['id']
    ids['lpartner'] = letter_partner(fx)
    ids['lassign'] = a.get('/api/v1/assignments?partner_id=%d' % ids['lpartner']).json[
        'items'][0]['id']
    fx.ok(a.request('PUT', '/api/v1/units/%d/letter-settings/logo' % ids['diskominfo'],
                    raw=make_png(), content_type='image/png'), 200, 'logo')


def letter_rows(r):
    """Admins and an office's partner admin (pic@demo.test, Diskominfo) use
    letters; pic may not change the national templates (403) nor another
    office's settings (404); the rest get 404 as for an unknown path.
    tests/api/test_letters.py checks the letters themselves."""
    nf = (404, 'not_found')

    def use(ok, pic=None):
        return want(nf, admin=ok, pic=ok if pic is None else pic)
    p = '/api/v1/partners/{lpartner}/letters'
    r['GET /api/v1/partners/{id}/letters'] = [Probe('list', const('GET', p), use(200))]
    for kind in ('contract', 'bast', 'termination'):
        r['GET /api/v1/partners/{id}/letters/%s.pdf' % kind] = [Probe(kind, const(
            'GET', p + '/%s.pdf?month=2025-04' % kind), use(200))]
    r['GET /api/v1/assignments/{id}/letters/assignment.pdf'] = [Probe('surat tugas', const(
        'GET', '/api/v1/assignments/{lassign}/letters/assignment.pdf'), use(200))]
    r['POST /api/v1/letters/{id}/void'] = [Probe('a live letter', lambda fx, role: req(
        'POST', '/api/v1/letters/%d/void' % fresh_letter(fx), {'reason': 'salah ketik'}),
        use(200))]
    t = '/api/v1/letter-templates'
    r['GET ' + t] = [Probe('list', const('GET', t), use(200))]
    r['GET ' + t + '/{kind}'] = [Probe('contract', const('GET', t + '/contract'), use(200))]
    r['PUT ' + t + '/{kind}'] = [Probe('termination', const(
        'PUT', t + '/termination', {'body': '# PEMUTUSAN {{letter.number}}\n'}),
        use(200, pic=F403))]
    r['POST ' + t + '/{kind}/reset'] = [Probe('termination', const(
        'POST', t + '/termination/reset', {}), use(200, pic=F403))]
    u = '/api/v1/units/{diskominfo}/letter-settings'
    unf = (404, 'unit.not_found')
    r['GET /api/v1/units/{id}/letter-settings'] = [
        Probe('Diskominfo', const('GET', u), use(200)),
        Probe('another office', const('GET', '/api/v1/units/{m_units}/letter-settings'),
              use(200, pic=unf))]
    r['PUT /api/v1/units/{id}/letter-settings'] = [Probe('Diskominfo', const(
        'PUT', u, {'city': 'Bukittinggi', 'ppk_name': 'Dewi Lestari'}), use(200))]
    r['GET /api/v1/units/{id}/letter-settings/logo'] = [Probe('logo', const('GET', u + '/logo'),
                                                              use(200))]
    # writes on another unit: the GET above keeps Diskominfo's logo
    m = '/api/v1/units/{m_units}/letter-settings/logo'
    r['PUT /api/v1/units/{id}/letter-settings/logo'] = [Probe('PNG, another office', const(
        'PUT', m, raw=make_png(), content_type='image/png'), use(200, pic=unf))]
    r['DELETE /api/v1/units/{id}/letter-settings/logo'] = [Probe('another office', const(
        'DELETE', m), use(200, pic=unf))]
    r['POST /api/v1/exports'].append(Probe('letters pdf', const(
        'POST', '/api/v1/exports', {'report': 'letters', 'format': 'pdf',
                                    'filters': {'month': '2025-04'}}), use(202)))


MASTERS = ['units', 'vendors', 'categories', 'calendars', 'holidays', 'sla-policies',
           'priorities', 'services', 'tags', 'canned-responses', 'reject-reasons']


# ---- content checks --------------------------------------------------------

def absent(*needles):
    """A check: none of the needles (fixture-formatted) occurs in the body."""
    def check(fx, role, r):
        found = [n for n in needles if n.format(**fx.ids) in r.body]
        return found and 'body shows %s' % found
    return check


def present(*needles):
    """A check: every needle occurs in the body."""
    def check(fx, role, r):
        missing = [n for n in needles if n.format(**fx.ids) not in r.body]
        return missing and 'body lacks %s' % missing
    return check


def by_role(**checks):
    """A check per role; roles not named are not checked."""
    return lambda fx, role, r: checks[role](fx, role, r) if role in checks else None


# req1's contacts on the escalated ticket: the vendor (no sees_internal) never
# reads them, tier 1 does (the ticket JSON carries the e-mail and contact_phone).
CONTACTS = ('requester@demo.test', CONTACT)
contacts_check = by_role(vendor=absent('081200000006', *CONTACTS), agent=present(*CONTACTS))
# The internal note and the internal escalation reason: staff who read
# internal information see both, the vendor and the requester neither.
_inside, _outside = present(NOTE, REASON), absent(NOTE, REASON)
events_check = by_role(agent=_inside, pic=_inside, leader=_inside, admin=_inside,
                       vendor=_outside, req1=_outside)


def att_list_check(fx, role, r):
    ids = [a.get('id') for a in (r.json or {}).get('items', [])]
    listed = fx.ids['att_internal'] in ids
    if role in ('vendor', 'req1') and listed:
        return 'lists the internal attachment'
    if role == 'agent' and not listed:
        return 'does not list the internal attachment'
    return None


# ---- the rows --------------------------------------------------------------

def T(kind, suffix='', fresh=None, **kw):
    """Path builder on a shared ticket, or on a fresh one per role."""
    def build(fx, role, method, body):
        n = fx.ticket(**fresh) if fresh is not None else fx.ids[kind]
        return req(method, '/api/v1/tickets/%s%s' % (n, suffix), body, **kw)
    return build


def on(method, kind, suffix='', body=None, fresh=None, **kw):
    b = T(kind, suffix, fresh, **kw)
    return lambda fx, role: b(fx, role, method, body)


def login_probe(fx, role):
    c = fx.session(role)  # the role's own cookies: a second session
    return req('POST', '/api/v1/auth/login',
               {'login': LOGIN.get(role, 'requester@demo.test'), 'password': 'loket-demo'},
               client=c)


def logout_probe(fx, role):
    return req('POST', '/api/v1/auth/logout', client=fx.session(role))


def wa_receive(fx, role):
    raw = b'{"object":"whatsapp_business_account","entry":[]}'
    sig = hmac.new(WA_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return req('POST', '/api/v1/channels/whatsapp/webhook', raw=raw,
               content_type='application/json', headers={'X-Hub-Signature-256': 'sha256=' + sig})


def live_token(fx, owner):
    """A fresh API token of `owner`, remembered for token_kept."""
    tok = fx.ok(fx.c[owner].post('/api/v1/tokens', {'name': uniq('hapus')}), 201, 'token')['id']
    fx.last_token = (owner, tok)
    return tok


# issue #22 item 1: automation rules are the admins' alone; to everyone else
# they do not exist (404 not_found, as an unknown address)
AUTO_NF = (404, 'not_found')
AUTO_RULE = {'name': 'Matriks', 'enabled': False, 'events': ['created'],
             'actions': [{'type': 'notify', 'to': 'admins', 'message': 'uji'}]}


def auto_rule(fx):
    """A fresh rule of the admin's, switched off (writes run in parallel)."""
    return fx.ok(fx.c['admin'].post('/api/v1/automation/rules', dict(
        AUTO_RULE, name=uniq('aturan'))), 201, 'automation rule')['id']


def auto_on_rule(method, tail='', body=None):
    return lambda fx, role: req(method, '/api/v1/automation/rules/%s%s' % (auto_rule(fx), tail),
                                body)


def token_delete(owner=None):
    """DELETE /tokens/{id} of a token of `owner` (None: the caller's own)."""
    return lambda fx, role: req('DELETE', '/api/v1/tokens/%s' % live_token(
        fx, owner or (role if role != 'anon' else 'req1')))


def user_token_delete(holder):
    """The admins' DELETE of req1's token {token_id}, the token held by `holder`."""
    return lambda fx, role: req('DELETE', '/api/v1/users/%s/tokens/%s' % (
        fx.ids['uid_req1'], live_token(fx, holder)))


def token_kept(fx, role, r):
    """The probe's token is gone after a 204 and still listed otherwise."""
    owner, tok = fx.last_token
    listed = tok in [t['id'] for t in fx.c[owner].get('/api/v1/tokens').json['items']]
    if listed == (r.status == 204):
        return "%s's token %d is %s listed after %d" % (owner, tok, 'still' if listed else 'no '
                                                      'longer', r.status)
    return None


def req1_tokens(fx, role, r):
    """An admin's list of req1's tokens: the setup's token, without its secret."""
    if fx.ids['tok_req1'] not in [t['id'] for t in r.json['items']]:
        return "req1's token %d is not listed" % fx.ids['tok_req1']
    return absent('{tok_req1_secret}')(fx, role, r)


def app_problem_check(fx, role, r):
    """The report is a ticket filed for the caller."""
    if r.status != 201:
        return None
    t = r.json
    if t['requester']['id'] != fx.ids['uid_' + role] or \
            not t['title'].startswith('Masalah aplikasi: Tombol simpan'):
        return 'filed as %r for %r' % (t['title'], t['requester'])
    return None


def template_put(fx, role):
    t = fx.admin.get('/api/v1/mail-templates/ticket_created/id').json
    return req('PUT', '/api/v1/mail-templates/ticket_created/id',
               {'subject': t['subject'], 'text': t['text'], 'html': t['html']})


REPORTS = ['summary', 'series', 'times', 'sla', 'workload', 'ratings', 'redirects', 'recap',
           'appointments', 'waiting', 'rejections']
READERS = dict(agent=200, leader=200, admin=200)  # ACT_REPORT_READ


def rows():
    r = {}
    everyone = want(200)
    r['GET /healthz'] = [Probe('health', const('GET', '/healthz'), want(200, anon=200))]
    r['POST /api/v1/auth/login'] = [Probe('own password', login_probe, want(200, anon=200))]
    # open to everyone (signed in or not); 202 whatever the address
    r['GET /api/v1/auth/signup'] = [Probe('open?', const('GET', '/api/v1/auth/signup'),
                                          want(200, anon=200))]
    # the user guide: open to everyone (issue #21 item 10)
    r['GET /api/v1/guide'] = [Probe('guide', const('GET', '/api/v1/guide?lang=en'),
                                    want(200, anon=200))]
    r['POST /api/v1/auth/signup'] = [Probe('new address', lambda fx, role: req(
        'POST', '/api/v1/auth/signup', {'email': uniq('daftar') + '@luar.test', 'name': 'Tamu',
                                        'password': 'loket-demo-123'}), want(202, anon=202))]
    r['POST /api/v1/auth/verify'] = [Probe('unknown token', const(
        'POST', '/api/v1/auth/verify', {'token': 'f' * 64}),
        want((404, 'signup.invalid_token'), anon=(404, 'signup.invalid_token')))]
    # issue #20 item 7: an invited user sets their password (the flow: test_flow.py)
    r['POST /api/v1/auth/invite'] = [Probe('unknown token', const(
        'POST', '/api/v1/auth/invite', {'token': 'e' * 64, 'password': 'rahasia-undangan'}),
        want((404, 'invite.invalid_token'), anon=(404, 'invite.invalid_token')))]
    r['POST /api/v1/auth/logout'] = [Probe('a second session', logout_probe, want(204))]
    # issue #22 item 5: sign-in with the office directory; this server has no
    # provider configured, so only the status answers (the flow: test_oidc.py)
    r['GET /api/v1/auth/oidc'] = [Probe('offered?', const('GET', '/api/v1/auth/oidc'),
                                        want(200, anon=200))]
    r['GET /api/v1/auth/oidc/start'] = [Probe('off', const('GET', '/api/v1/auth/oidc/start'),
                                              want((404, 'oidc.off'), anon=(404, 'oidc.off')))]
    r['GET /api/v1/auth/oidc/callback'] = [Probe('off', const(
        'GET', '/api/v1/auth/oidc/callback?code=x&state=y'),
        want((404, 'oidc.off'), anon=(404, 'oidc.off')))]
    r['GET /api/v1/me'] = [Probe('me', const('GET', '/api/v1/me'), everyone)]
    r['POST /api/v1/tokens'] = [Probe('own token', lambda fx, role: req(
        'POST', '/api/v1/tokens', {'name': uniq('token')}), want(201))]
    r['GET /api/v1/tokens'] = [
        Probe('own tokens', const('GET', '/api/v1/tokens'), everyone),
        Probe("req1's (?user_id=)", const('GET', '/api/v1/tokens?user_id={uid_req1}'),
              admin_only(200), by_role(admin=req1_tokens))]
    # own tokens only: admins revoke others' through /users/{id}/tokens/{token_id}
    r['DELETE /api/v1/tokens/{id}'] = [
        Probe('own token', token_delete(), want(204), token_kept),
        Probe("req1's token", token_delete('req1'), want(KNF, req1=204), token_kept)]
    r['GET /api/v1/users/{id}/tokens'] = [
        Probe("req1's", const('GET', '/api/v1/users/{uid_req1}/tokens'), admin_only(200),
              by_role(admin=req1_tokens)),
        Probe('unknown user', const('GET', '/api/v1/users/999999/tokens'),
              admin_only((404, 'user.not_found')))]
    r['DELETE /api/v1/users/{id}/tokens/{token_id}'] = [
        Probe("the user's live token", user_token_delete('req1'), admin_only(204), token_kept),
        Probe("another user's token", user_token_delete('req2'), admin_only(KNF), token_kept)]

    r['GET /api/v1/audit'] = [Probe('audit', const('GET', '/api/v1/audit'), admin_only(200))]
    r['GET /api/v1/outbox'] = [Probe('outbox', const('GET', '/api/v1/outbox'), admin_only(200))]
    r['GET /api/v1/settings'] = [Probe('settings', const('GET', '/api/v1/settings'),
                                       admin_only(200))]
    # issue #21 item 7 and 8: the settings page and the role policy. No logo
    # is uploaded here (writes run in parallel; test_settings_admin.py
    # serves one back): PUT sends text (415), DELETE of none is fine.
    r['GET /api/v1/settings/office'] = [Probe('office', const('GET', '/api/v1/settings/office'),
                                              admin_only(200))]
    r['PUT /api/v1/settings/office'] = [Probe('letterhead', const(
        'PUT', '/api/v1/settings/office', {'letterhead': 'Jl. Matriks No. 1'}), admin_only(200))]
    r['GET /api/v1/settings/logo'] = [Probe('none yet', const('GET', '/api/v1/settings/logo'),
                                            want((404, 'settings.no_logo')))]
    r['PUT /api/v1/settings/logo'] = [Probe('not an image', const(
        'PUT', '/api/v1/settings/logo', raw=b'bukan gambar', content_type='image/png'),
        admin_only((415, 'settings.logo_type')))]
    r['DELETE /api/v1/settings/logo'] = [Probe('none', const('DELETE', '/api/v1/settings/logo'),
                                               admin_only(200))]
    r['POST /api/v1/settings/test-mail'] = [Probe('to a demo user', const(
        'POST', '/api/v1/settings/test-mail', {'to': 'agent@demo.test'}),
        admin_only((409, 'settings.no_mail_server')))]  # this server has no SMTP
    # issue #22 item 5: the directory sign-in's status and test, hidden (404)
    # from all but admins; this server has no directory configured
    r['GET /api/v1/settings/ldap'] = [Probe('status', const('GET', '/api/v1/settings/ldap'),
                                            want((404, 'not_found'), admin=200))]
    r['POST /api/v1/settings/ldap/test'] = [Probe('not configured', const(
        'POST', '/api/v1/settings/ldap/test'),
        want((404, 'not_found'), admin=(409, 'directory.not_configured')))]
    r['GET /api/v1/role-policy'] = [Probe('policy', const('GET', '/api/v1/role-policy'),
                                          admin_only(200))]
    # the default value again: other rows must not see a changed policy
    r['PUT /api/v1/role-policy'] = [Probe('a default cell', const(
        'PUT', '/api/v1/role-policy', {'policy': {'attachment.delete': {'admin': True}}}),
        admin_only(200))]
    AR = '/api/v1/automation/rules'
    auto_only = lambda ok: want(AUTO_NF, admin=ok)  # noqa: E731
    r['GET ' + AR] = [Probe('rules', const('GET', AR), auto_only(200))]
    r['POST ' + AR] = [Probe('a rule switched off', lambda fx, role: req(
        'POST', AR, dict(AUTO_RULE, name=uniq('aturan'))), auto_only(201))]
    r['POST ' + AR + '/reorder'] = [Probe('one rule first', lambda fx, role: req(
        'POST', AR + '/reorder', {'ids': [auto_rule(fx)]}), auto_only(200))]
    r['GET ' + AR + '/{id}'] = [Probe('a rule', auto_on_rule('GET'), auto_only(200))]
    r['PUT ' + AR + '/{id}'] = [Probe('renamed', auto_on_rule('PUT', body=dict(
        AUTO_RULE, name='Matriks baru')), auto_only(200))]
    r['PATCH ' + AR + '/{id}'] = [Probe('switched off', auto_on_rule(
        'PATCH', body={'enabled': False}), auto_only(200))]
    r['DELETE ' + AR + '/{id}'] = [Probe('a rule', auto_on_rule('DELETE'), auto_only(204))]
    r['POST ' + AR + '/{id}/dry-run'] = [Probe('last week', auto_on_rule('POST', '/dry-run'),
                                                auto_only(200))]
    r['POST /api/v1/automation/dry-run'] = [Probe('a rule not saved', const(
        'POST', '/api/v1/automation/dry-run', AUTO_RULE), auto_only(200))]
    r['POST /api/v1/outbox/{id}/resend'] = [Probe(
        'a queued row', const('POST', '/api/v1/outbox/{outbox}/resend'),
        admin_only((409, 'outbox.not_failed')))]
    tpl = '/api/v1/mail-templates/ticket_created/id'
    r['GET /api/v1/mail-templates'] = [Probe('list', const('GET', '/api/v1/mail-templates'),
                                             admin_only(200))]
    r['GET /api/v1/mail-templates/{key}/{locale}'] = [Probe('get', const('GET', tpl),
                                                            admin_only(200))]
    r['PUT /api/v1/mail-templates/{key}/{locale}'] = [Probe('same text', template_put,
                                                            admin_only(200))]
    r['PATCH /api/v1/mail-templates/{key}/{locale}'] = [Probe(
        'subject', const('PATCH', tpl, {'subject': 'Tiket {{ticket_number}} diterima'}),
        admin_only(200))]
    r['POST /api/v1/mail-templates/{key}/{locale}/reset'] = [Probe(
        'reset', const('POST', tpl + '/reset'), admin_only(200))]
    r['POST /api/v1/mail-templates/{key}/{locale}/preview'] = [Probe(
        'preview', const('POST', tpl + '/preview', {'ticket': '{plain}'}), admin_only(200))]

    # tickets
    new_ticket = lambda fx, role: req('POST', '/api/v1/tickets', {  # noqa: E731
        'title': uniq('Baru'), 'description': 'Internet mati.', 'service_id': fx.ids['net']})
    for_other = lambda fx, role: req('POST', '/api/v1/tickets', {  # noqa: E731
        'title': uniq('Telepon'), 'description': 'Lewat telepon.', 'service_id': fx.ids['net'],
        'requester_id': fx.ids['uid_req2'], 'channel': 'phone'})
    # "Laporkan masalah aplikasi": everyone signed in files one for oneself
    r['POST /api/v1/app-problems'] = [
        Probe('a report', lambda fx, role: req('POST', '/api/v1/app-problems', {
            'what': uniq('Tombol simpan tidak bereaksi'), 'page_url': '/#/tickets'}),
            want(201), app_problem_check),
        Probe('nothing said', const('POST', '/api/v1/app-problems', {
            'what': '  ', 'page_url': '/#/tickets'}), want((422, 'validation')))]
    r['POST /api/v1/tickets'] = [
        Probe('for oneself', new_ticket, want(201)),
        Probe('on behalf of a caller', for_other, want(TF, agent=201, admin=201))]

    def listed(kind):
        def check(fx, role, r):
            seen = fx.ids[kind] in [x['number'] for x in (r.json or {}).get('items', [])]
            if seen != (role in SEES[kind]):
                return '%s %s in the list' % (fx.ids[kind], 'is' if seen else 'is not')
            return contacts_check(fx, role, r) if kind == 'esc' else None
        return check
    r['GET /api/v1/tickets'] = [
        # the shared tickets have the lowest numbers: first in any list by number
        Probe('scoped list (plain)', const('GET', '/api/v1/tickets?sort=number&per_page=5'),
              everyone, listed('plain')),
        Probe('scoped list (escalated)', const('GET', '/api/v1/tickets?sort=number&per_page=5'),
              everyone, listed('esc'))]
    r['GET /api/v1/tickets/{number}'] = [
        Probe('plain', on('GET', 'plain'), on_ticket('plain', 200)),
        Probe('escalated', on('GET', 'esc'), on_ticket('esc', 200), contacts_check),
        Probe("leader's own", on('GET', 'lead'), on_ticket('lead', 200))]
    r['PATCH /api/v1/tickets/{number}'] = [
        Probe('plain', lambda fx, role: req('PATCH', '/api/v1/tickets/%s' % fx.ids['plain'],
                                            {'title': uniq('Judul')}),
              on_ticket('plain', 200, req1=TF, leader=TF)),
        Probe('escalated', lambda fx, role: req('PATCH', '/api/v1/tickets/%s' % fx.ids['esc'],
                                                {'title': uniq('Judul')}),
              on_ticket('esc', 200, req1=TF, leader=TF))]
    r['GET /api/v1/tickets/{number}/events'] = [
        Probe('plain', on('GET', 'plain', '/events'), on_ticket('plain', 200)),
        Probe('escalated', on('GET', 'esc', '/events'), on_ticket('esc', 200), events_check)]
    comment = {'body': 'Sudah dicoba lagi.'}
    r['POST /api/v1/tickets/{number}/comments'] = [
        Probe('plain', on('POST', 'plain', '/comments', comment),
              on_ticket('plain', 201, leader=TF)),
        Probe('escalated', on('POST', 'esc', '/comments', comment),
              on_ticket('esc', 201, leader=TF)),
        Probe("leader's own", on('POST', 'lead', '/comments', comment),
              on_ticket('lead', 201)),
        # a vendor without sees_internal cannot write what it may not read
        Probe('internal note', on('POST', 'esc', '/comments', {'body': 'n', 'internal': True}),
              on_ticket('esc', 201, req1=TF, leader=TF, vendor=TF))]
    r['POST /api/v1/tickets/{number}/transitions'] = [
        Probe('start work', on('POST', None, '/transitions', {'to': 'in_progress'}, fresh={}),
              on_ticket('plain', 200, req1=TFT, leader=TFT)),
        # issue #20 item 1: an escalated ticket is in progress already
        Probe('wait on the requester (escalated)',
              on('POST', None, '/transitions', {'to': 'waiting'}, fresh={'esc': 3}),
              on_ticket('esc', 200, req1=TFT, leader=TFT)),
        Probe('cancel', on('POST', None, '/transitions', {'to': 'cancelled', 'reason': 'salah'},
                           fresh={}),
              on_ticket('plain', 200, leader=TFT)),
        Probe("cancel the leader's own",
              on('POST', None, '/transitions', {'to': 'cancelled', 'reason': 'salah'},
                 fresh={'owner': 'leader'}),
              on_ticket('lead', 200)),
        Probe('accept the resolution',
              on('POST', None, '/transitions', {'to': 'closed'}, fresh={'status': 'resolved'}),
              on_ticket('plain', 200, agent=TFT, leader=TFT))]
    r['POST /api/v1/tickets/{number}/assign'] = [
        Probe('take', on('POST', None, '/assign', {}, fresh={}),
              on_ticket('plain', 200, req1=TF, leader=TF)),
        Probe('take (escalated)', on('POST', None, '/assign', {}, fresh={'esc': 3}),
              on_ticket('esc', 200, req1=TF, leader=TF)),
        Probe('assign to another agent',
              lambda fx, role: req('POST', '/api/v1/tickets/%s/assign' % fx.ticket(esc=3),
                                   {'assignee_id': fx.ids['uid_admin']}),
              on_ticket('esc', 200, req1=TF, leader=TF, pic=TF, vendor=TF))]
    esc2 = lambda fx: {'tier': 2, 'unit_id': fx.ids['diskominfo'], 'reason': 'r'}  # noqa: E731
    esc3 = lambda fx: {'tier': 3, 'vendor_id': fx.ids['mitra'], 'reason': 'r'}  # noqa: E731
    r['POST /api/v1/tickets/{number}/escalate'] = [
        Probe('to a unit', lambda fx, role: req(
            'POST', '/api/v1/tickets/%s/escalate' % fx.ticket(), esc2(fx)),
            on_ticket('plain', 200, req1=TF, leader=TF)),
        Probe('tier 2 on to the vendor', lambda fx, role: req(
            'POST', '/api/v1/tickets/%s/escalate' % fx.ticket(esc=2), esc3(fx)),
            on_ticket('esc', 200, req1=TF, leader=TF, vendor=TNF)),
        Probe('tier 3 again', lambda fx, role: req(
            'POST', '/api/v1/tickets/%s/escalate' % fx.ticket(esc=3), esc3(fx)),
            on_ticket('esc', 200, req1=TF, leader=TF, vendor=TF))]
    rate = {'score': 5, 'feedback': 'Cepat.'}
    r['POST /api/v1/tickets/{number}/rating'] = [
        Probe('resolved', on('POST', None, '/rating', rate, fresh={'status': 'resolved'}),
              on_ticket('plain', TF, req1=200)),
        Probe('resolved (escalated)',
              on('POST', None, '/rating', rate, fresh={'esc': 3, 'status': 'resolved'}),
              on_ticket('esc', TF, req1=200)),
        Probe("the leader's own",
              on('POST', None, '/rating', rate, fresh={'owner': 'leader', 'status': 'resolved'}),
              on_ticket('lead', TF, leader=200))]
    r['POST /api/v1/tickets/{number}/merge'] = [
        Probe('plain', lambda fx, role: req('POST', '/api/v1/tickets/%s/merge' % fx.ticket(),
                                            {'into': fx.ticket()}),
              on_ticket('plain', 200, req1=TF, leader=TF)),
        Probe('escalated', lambda fx, role: req(
            'POST', '/api/v1/tickets/%s/merge' % fx.ticket(esc=3), {'into': fx.ticket(esc=3)}),
            on_ticket('esc', 200, req1=TF, leader=TF))]
    r['GET /api/v1/tickets/{number}/attachments'] = [
        Probe('plain', on('GET', 'plain', '/attachments'), on_ticket('plain', 200)),
        Probe('escalated', on('GET', 'esc', '/attachments'), on_ticket('esc', 200),
              att_list_check)]

    def upload(kind):
        return lambda fx, role: req('POST', '/api/v1/tickets/%s/attachments' % fx.ids[kind],
                                    upload=('foto.png', PNG))
    r['POST /api/v1/tickets/{number}/attachments'] = [
        Probe('plain', upload('plain'), on_ticket('plain', 201, leader=TF)),
        Probe('escalated', upload('esc'), on_ticket('esc', 201, leader=TF)),
        Probe("leader's own", upload('lead'), on_ticket('lead', 201))]
    r['GET /api/v1/attachments/{id}'] = [
        Probe('public', const('GET', '/api/v1/attachments/{att_plain}'), on_ticket('plain', 200,
                                                                                   ANF)),
        Probe('internal', const('GET', '/api/v1/attachments/{att_internal}'),
              on_ticket('esc', 200, ANF, req1=ANF, vendor=ANF))]
    # issue #21 item 8: soft delete under the role policy (default: admins).
    # A fresh ticket and file per request; the ones refused go back to the pool.
    def att_delete(internal):
        def make(fx):
            if internal:
                return fx.ok(fx.agent.upload(
                    '/api/v1/tickets/%s/attachments' % fx.ticket(esc=3), 'catatan.png', PNG,
                    fields={'internal': 'true'}), 201, 'internal upload')['id']
            return fx.ok(fx.c['req1'].upload(
                '/api/v1/tickets/%s/attachments' % fx.ticket(), 'hapus.png', PNG), 201,
                'upload')['id']
        return lambda fx, role: req('DELETE', '/api/v1/attachments/%d' % fx.fresh(
            ('att_del', internal), lambda: make(fx)), {'reason': 'salah unggah'})
    AF = (403, 'attachment.forbidden')
    r['DELETE /api/v1/attachments/{id}'] = [
        Probe('public', att_delete(False), on_ticket('plain', AF, ANF, admin=204)),
        Probe('internal', att_delete(True), on_ticket('esc', AF, ANF, admin=204, req1=ANF,
                                                      vendor=ANF))]
    r['GET /api/v1/tickets/{number}/pdf'] = [
        Probe('summary', on('GET', 'plain', '/pdf?kind=summary'), on_ticket('plain', 200)),
        Probe('summary (escalated)', on('GET', 'esc', '/pdf?kind=summary'),
              on_ticket('esc', 200))]
    # issue #22 item 7: the receipt, for whoever sees the ticket
    r['GET /api/v1/tickets/{number}/receipt.pdf'] = [
        Probe('receipt', on('GET', 'plain', '/receipt.pdf'), on_ticket('plain', 200)),
        Probe('receipt (escalated)', on('GET', 'esc', '/receipt.pdf'), on_ticket('esc', 200))]

    # reports and exports
    for rep in REPORTS:
        r['GET /api/v1/reports/' + rep] = [Probe(rep, const('GET', '/api/v1/reports/' + rep),
                                                 want(F403, **READERS))]
    for ext in ('svg', 'png'):
        r['GET /api/v1/reports/chart.' + ext] = [Probe(
            'summary chart', const('GET', '/api/v1/reports/chart.%s?report=summary' % ext),
            want(F403, **READERS))]
    # partner reports export for partner admins (pic) and admins; 404 to the rest
    r['POST /api/v1/exports'] = [
        Probe('summary csv', const('POST', '/api/v1/exports', {'report': 'summary',
                                                                'format': 'csv'}),
              want(F403, agent=202, leader=202, admin=202)),
        Probe('partner fees xlsx', const('POST', '/api/v1/exports', {
            'report': 'partner-fees', 'format': 'xlsx', 'filters': {'month': '2026-03'}}),
            want((404, 'not_found'), pic=202, admin=202))]
    enf = (404, 'export.not_found')
    for suffix in ('', '/file'):
        # pic reads export jobs (partner reports), but only its own
        r['GET /api/v1/exports/{id}' + suffix] = [
            Probe("agent's", const('GET', '/api/v1/exports/{exp_agent}' + suffix),
                  want(F403, agent=200, leader=enf, admin=200, pic=enf)),
            Probe("leader's", const('GET', '/api/v1/exports/{exp_leader}' + suffix),
                  want(F403, agent=enf, leader=200, admin=200, pic=enf))]

    # channels: signed by Meta, not by a session; the same for everyone
    r['GET /api/v1/channels/whatsapp/webhook'] = [Probe('verify', const(
        'GET', '/api/v1/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=%s'
        '&hub.challenge=4242' % WA_VERIFY), want(200, anon=200))]
    r['POST /api/v1/channels/whatsapp/webhook'] = [Probe('signed, empty', wa_receive,
                                                          want(200, anon=200))]

    # FAQ: everyone reads published articles; tier 1 and admins write
    def fw(ok):  # ACT_FAQ_WRITE: tier 1 and admins
        return want(F403, agent=ok, admin=ok)
    r['GET /api/v1/faq'] = [Probe('list', const('GET', '/api/v1/faq'), everyone)]
    r['POST /api/v1/faq'] = [Probe('article', lambda fx, role: req('POST', '/api/v1/faq', {
        'question': uniq('Cara mencetak'), 'answer': 'Tekan Ctrl+P.', 'published': True}),
        fw(201))]
    r['GET /api/v1/faq/suggest'] = [Probe('suggest', const('GET', '/api/v1/faq/suggest?q=reset'),
                                          everyone)]
    fnf = (404, 'faq.not_found')
    r['GET /api/v1/faq/{id}'] = [
        Probe('published', const('GET', '/api/v1/faq/{faq}'), everyone),
        Probe('draft', const('GET', '/api/v1/faq/{faq_draft}'), want(fnf, agent=200, admin=200))]
    r['PATCH /api/v1/faq/{id}'] = [Probe('answer', const(
        'PATCH', '/api/v1/faq/{faq}', {'answer': 'Hubungi **helpdesk**.'}), fw(200))]
    r['DELETE /api/v1/faq/{id}'] = [Probe('a fresh article', lambda fx, role: req(
        'DELETE', '/api/v1/faq/%s' % fx.faq()), fw(204))]
    r['POST /api/v1/faq/{id}/helpful'] = [Probe('vote', const(
        'POST', '/api/v1/faq/{faq}/helpful', {'helpful': True}), everyone)]
    r['GET /api/v1/faq-proposals'] = [Probe('own or all', const('GET', '/api/v1/faq-proposals'),
                                            everyone)]
    r['POST /api/v1/faq-proposals'] = [Probe('propose', lambda fx, role: req(
        'POST', '/api/v1/faq-proposals', {'question': uniq('Bagaimana cara mengganti foto')}),
        want(201, leader=F403))]
    r['POST /api/v1/faq-proposals/{id}/approve'] = [Probe('pending', lambda fx, role: req(
        'POST', '/api/v1/faq-proposals/%s/approve' % fx.proposal(), {}), fw(200))]
    r['POST /api/v1/faq-proposals/{id}/reject'] = [Probe('pending', lambda fx, role: req(
        'POST', '/api/v1/faq-proposals/%s/reject' % fx.proposal(), {'reason': 'Sudah ada.'}),
        fw(200))]

    # master data: read by everyone signed in, written by admins; the user
    # directory lists e-mail and phone, so not to requesters nor to a tier-3
    # vendor without sees_internal
    for res in MASTERS + ['users']:
        base = '/api/v1/' + res
        read = want(F403, admin=200, leader=200, agent=200, pic=200) \
            if res == 'users' else everyone
        field = 'title' if res == 'canned-responses' else 'name'
        r['GET ' + base] = [Probe('list', const('GET', base + '?per_page=200'), read)]
        r['POST ' + base] = [Probe('create', (lambda res: lambda fx, role: req(
            'POST', '/api/v1/' + res, master_body(fx, res)))(res), admin_only(201))]
        if res == 'users':
            r['GET ' + base + '/{id}'] = [Probe("a requester", const(
                'GET', base + '/{uid_req1}'), read)]
        else:
            r['GET ' + base + '/{id}'] = [Probe('active row', const(
                'GET', base + '/{m_%s}' % res), read)]
        r['PATCH ' + base + '/{id}'] = [Probe(field, (lambda res, field: lambda fx, role: req(
            'PATCH', '/api/v1/%s/%s' % (res, fx.ids.get('m_' + res) or fx.master(res)),
            {field: uniq('Ubah')}))(res, field), admin_only(200))]
        r['DELETE ' + base + '/{id}'] = [Probe('a fresh row', (lambda res: lambda fx, role: req(
            'DELETE', '/api/v1/%s/%s' % (res, fx.master(res))))(res), admin_only(204))]
    # issue #20 item 7: a new invitation link, admins only
    r['POST /api/v1/users/{id}/invite'] = [Probe('a fresh user', lambda fx, role: req(
        'POST', '/api/v1/users/%s/invite' % fx.master('users')), admin_only(202))]
    r['POST /api/v1/services/{id}/redirect'] = [Probe('redirect service', const(
        'POST', '/api/v1/services/{redirect_svc}/redirect'), everyone)]
    booking_rows(r, everyone)
    partner_rows(r)
    letter_rows(r)
    identity_rows(r)
    webhook_rows(r)  # issue #22 item 3
    wa_notify_rows(r)
    inapp_rows(r)
    survey_rows(r)
    schedule_rows(r)
    # issue #20: the live desk. The stream is open to everyone signed in
    # (what it carries is filtered: test_live.py); ?poll=1 ends it at once.
    # Presence goes by the ticket's visibility: 404 for who may not see it.
    r['GET /api/v1/events'] = [Probe('poll', const('GET', '/api/v1/events?poll=1'), everyone)]
    r['POST /api/v1/tickets/{number}/presence'] = [
        Probe('plain', on('POST', 'plain', '/presence', {'state': 'viewing'}),
              on_ticket('plain', 204)),
        Probe('escalated', on('POST', 'esc', '/presence', {'state': 'typing'}),
              on_ticket('esc', 204)),
        Probe("leader's own", on('POST', 'lead', '/presence', {'state': 'left'}),
              on_ticket('lead', 204))]
    macro_rows(r)  # issue #20 agent tools
    return r


def macro_rows(r):
    """Macros (issue #20 agent tools): agents of every tier and admins read
    and apply them, admins write (403 to agents); requesters and leaders get
    the 404 of an unknown endpoint. Applying needs the ticket too (404
    ticket.not_found for one the agent cannot see). The matrix's macro only
    adds a tag, so it works on any open ticket."""
    nf = (404, 'not_found')
    base = '/api/v1/macros'

    def staff(ok, write=False):
        agents = F403 if write else ok
        return want(nf, agent=agents, pic=agents, vendor=agents, admin=ok)

    def new_macro(fx):
        return fx.ok(fx.admin.post(base, {'name': uniq('Makro matriks'), 'tags': 'berulang'}),
                     201, 'macro')['id']

    def shared(fx):
        if 'macro' not in fx.ids:
            fx.ids['macro'] = new_macro(fx)
        return fx.ids['macro']

    def fresh(fx):
        return fx.fresh('macro', lambda: new_macro(fx))

    def apply(**ticket):
        return lambda fx, role: req('POST', '/api/v1/tickets/%s/macro' % fx.ticket(**ticket),
                                    {'macro_id': shared(fx)})
    r['GET ' + base] = [Probe('list', const('GET', base), staff(200))]
    r['POST ' + base] = [Probe('create', lambda fx, role: req(
        'POST', base, {'name': uniq('Makro baru'), 'body': 'Terima kasih.'}),
        staff(201, write=True))]
    r['GET ' + base + '/{id}'] = [Probe('one', lambda fx, role: req(
        'GET', '%s/%d' % (base, shared(fx))), staff(200))]
    r['PATCH ' + base + '/{id}'] = [Probe('reply', lambda fx, role: req(
        'PATCH', '%s/%d' % (base, fresh(fx)), {'body': 'Terima kasih.'}), staff(200, write=True))]
    r['DELETE ' + base + '/{id}'] = [Probe('a fresh one', lambda fx, role: req(
        'DELETE', '%s/%d' % (base, fresh(fx))), staff(204, write=True))]
    r['POST /api/v1/tickets/{number}/macro'] = [
        Probe('on a fresh ticket', apply(), on_ticket('plain', 200, req1=nf, req2=nf, leader=nf)),
        Probe('on a fresh escalated ticket', apply(esc=3),
              on_ticket('esc', 200, req1=nf, req2=nf, leader=nf))]


def webhook_rows(r):
    """Outbound webhooks (issue #22 item 3): admins only; every other role
    gets the 404 of an unknown endpoint, so no one else learns they exist.
    The endpoint points at the discard port and takes only ratings: the
    matrix's own ticket writes queue nothing for it."""
    hook = {'url': 'http://127.0.0.1:9/matriks', 'events': ['ticket.rated']}

    def only(ok):
        return want((404, 'not_found'), admin=ok)

    def fresh_hook(fx):
        return fx.fresh('webhook', lambda: fx.ok(fx.admin.post('/api/v1/webhooks', hook), 201,
                                                 'webhook')['id'])
    base = '/api/v1/webhooks'
    r['GET ' + base] = [Probe('list', const('GET', base), only(200))]
    r['POST ' + base] = [Probe('create', const('POST', base, hook), only(201))]
    r['GET ' + base + '/{id}'] = [Probe('one', const('GET', base + '/{webhook}'), only(200))]
    r['PATCH ' + base + '/{id}'] = [Probe('name', const('PATCH', base + '/{webhook}',
                                                        {'name': 'Matriks'}), only(200))]
    r['DELETE ' + base + '/{id}'] = [Probe('a fresh one', lambda fx, role: req(
        'DELETE', '%s/%d' % (base, fresh_hook(fx))), only(204))]
    r['GET ' + base + '/{id}/deliveries'] = [Probe('deliveries', const(
        'GET', base + '/{webhook}/deliveries'), only(200))]
    r['POST ' + base + '/{id}/deliveries/{delivery}/redeliver'] = [Probe('the test event', const(
        'POST', base + '/{webhook}/deliveries/{webhook_delivery}/redeliver'), only(202))]
    r['POST ' + base + '/{id}/test'] = [Probe('test', const('POST', base + '/{webhook}/test'),
                                              only(202))]


def alert_read(fx, role):
    """POST /me/alerts/{id}/read of a row of req1's: a fresh ticket of req1
    answered by the agent (the "new reply" row it makes)."""
    n = fx.new_ticket('req1', 0, None)
    fx.ok(fx.agent.post('/api/v1/tickets/%s/comments' % n, {'body': 'Dibalas', 'internal': False}),
          201, 'reply')
    items = fx.c['req1'].get('/api/v1/me/alerts?unread=true').json['items']
    aid = [x for x in items if x['ticket']['number'] == n][0]['id']
    return req('POST', '/api/v1/me/alerts/%d/read' % aid, {})


def inapp_rows(r):
    """In-app notifications (issue #20, the bell): everyone signed in reads
    and marks their own rows; another user's row answers 404."""
    r['GET /api/v1/me/alerts'] = [Probe('own list', const('GET', '/api/v1/me/alerts'), want(200))]
    r['GET /api/v1/me/alerts/count'] = [Probe('own count', const('GET', '/api/v1/me/alerts/count'),
                                              want(200))]
    r['POST /api/v1/me/alerts/read-all'] = [Probe('own rows', const(
        'POST', '/api/v1/me/alerts/read-all', {}), want(200))]
    r['POST /api/v1/me/alerts/{id}/read'] = [Probe("req1's row", alert_read,
                                                   want((404, 'inapp.not_found'), req1=200))]


def wa_notify_rows(r):
    """The notification channel choice (issue #22 item 4): everyone signed in
    reads and sets their own; admins anyone's, the organisation's agents
    (tier 1 and 2) a requester's; 404 user.not_found for the rest."""
    nf = (404, 'user.not_found')
    for m, body in (('GET', None), ('PUT', {'channel': 'email', 'phone': None})):
        r['%s /api/v1/me/notifications' % m] = [
            Probe('own choice', const(m, '/api/v1/me/notifications', body), want(200))]
        r['%s /api/v1/users/{id}/notifications' % m] = [
            Probe('a requester\'s', const(m, '/api/v1/users/{uid_req2}/notifications', body),
                  want(nf, req2=200, agent=200, pic=200, admin=200)),
            Probe('an agent\'s', const(m, '/api/v1/users/{uid_agent}/notifications', body),
                  want(nf, agent=200, admin=200))]


SURVEY_Q = [{'key': 'q1', 'kind': 'scale', 'text_id': 'Kepuasan', 'text_en': 'Satisfaction'},
            {'key': 'q2', 'kind': 'text', 'text_id': 'Saran', 'text_en': 'Suggestions'}]


def survey_rows(r):
    """The satisfaction survey (issue #22 item 6): admins write, leaders
    read (results too), everyone else 404; the answering page's calls go by
    the token alone (an unknown one is 404 for anybody)."""
    nf = (404, 'not_found')
    read = want(nf, leader=200, admin=200)

    def fresh(fx, status):
        def make():
            sv = fx.ok(fx.admin.post('/api/v1/surveys', {
                'title': uniq('Survei'), 'period': 'monthly', 'questions': SURVEY_Q}),
                201, 'survey')
            if status in ('active', 'closed'):
                fx.ok(fx.admin.post('/api/v1/surveys/%d/activate' % sv['id']), 200, 'activate')
            if status == 'closed':
                fx.ok(fx.admin.post('/api/v1/surveys/%d/close' % sv['id']), 200, 'close')
            return sv['id']
        return fx.fresh(('survey', status), make)

    def on_survey(method, suffix, status, body=None):
        return lambda fx, role: req(method, '/api/v1/surveys/%d%s' % (fresh(fx, status), suffix),
                                    body)

    r['GET /api/v1/surveys'] = [Probe('list', const('GET', '/api/v1/surveys'), read)]
    r['POST /api/v1/surveys'] = [Probe('a draft', lambda fx, role: req(
        'POST', '/api/v1/surveys', {'title': uniq('Survei'), 'period': 'quarterly',
                                    'questions': SURVEY_Q}), want(nf, admin=201))]
    r['GET /api/v1/surveys/{id}'] = [Probe('a draft', lambda fx, role: req(
        'GET', '/api/v1/surveys/%d' % fresh(fx, 'closed')), read)]
    r['PATCH /api/v1/surveys/{id}'] = [Probe('title', on_survey(
        'PATCH', '', 'draft', {'title': 'Judul baru'}), want(nf, admin=200))]
    r['DELETE /api/v1/surveys/{id}'] = [Probe('a draft', on_survey('DELETE', '', 'draft'),
                                              want(nf, admin=204))]
    r['POST /api/v1/surveys/{id}/activate'] = [Probe('a draft', on_survey(
        'POST', '/activate', 'draft'), want(nf, admin=200))]
    r['POST /api/v1/surveys/{id}/close'] = [Probe('an active one', on_survey(
        'POST', '/close', 'active'), want(nf, admin=200))]
    r['POST /api/v1/surveys/{id}/send'] = [Probe('an active one', on_survey(
        'POST', '/send', 'active'), want(nf, admin=200))]
    r['GET /api/v1/reports/survey'] = [Probe('results', const('GET', '/api/v1/reports/survey'),
                                             read)]
    bad = (404, 'survey.invalid_token')
    r['POST /api/v1/survey-form'] = [Probe('unknown token', const(
        'POST', '/api/v1/survey-form', {'token': 'e' * 64}), want(bad, anon=bad))]
    r['POST /api/v1/survey-form/answer'] = [Probe('unknown token', const(
        'POST', '/api/v1/survey-form/answer', {'token': 'e' * 64, 'answers': {'q1': 5}}),
        want(bad, anon=bad))]


def schedule_rows(r):
    """Report subscriptions (issue #22 item 2): leaders their own, admins
    all; requesters and agents 404 as if the resource did not exist."""
    NF, SNF = (404, 'not_found'), (404, 'subscription.not_found')
    base = '/api/v1/report-subscriptions'
    body = {'report': 'recap', 'format': 'pdf', 'cadence': 'monthly', 'time': '07:00'}

    def sub(fx, owner):
        key = 'sub_' + owner
        if key not in fx.ids:
            fx.ids[key] = fx.ok(fx.c[owner].post(base, body), 201, 'subscription')['id']
        return fx.ids[key]

    def on_sub(method, owner, suffix='', b=None):
        return lambda fx, role: req(method, '%s/%d%s' % (base, sub(fx, owner), suffix), b)

    def fresh_sub(fx):
        return fx.fresh('sub_del', lambda: fx.ok(fx.c['leader'].post(base, body), 201,
                                                 'subscription')['id'])
    r['GET ' + base] = [Probe('list', const('GET', base), want(NF, leader=200, admin=200))]
    r['POST ' + base] = [Probe('monthly recap', const('POST', base, body),
                               want(NF, leader=201, admin=201))]
    r['GET ' + base + '/{id}'] = [
        Probe("a leader's", on_sub('GET', 'leader'), want(NF, leader=200, admin=200)),
        Probe("an admin's", on_sub('GET', 'admin'), want(NF, leader=SNF, admin=200))]
    r['PATCH ' + base + '/{id}'] = [
        Probe("a leader's", on_sub('PATCH', 'leader', b={'time': '07:30'}),
              want(NF, leader=200, admin=200)),
        Probe("an admin's", on_sub('PATCH', 'admin', b={'time': '07:30'}),
              want(NF, leader=SNF, admin=200))]
    r['DELETE ' + base + '/{id}'] = [
        Probe("a leader's", lambda fx, role: req('DELETE', '%s/%d' % (base, fresh_sub(fx))),
              want(NF, leader=204, admin=204))]
    r['POST ' + base + '/{id}/send'] = [
        Probe("a leader's", on_sub('POST', 'leader', '/send'), want(NF, leader=202, admin=202)),
        Probe("an admin's", on_sub('POST', 'admin', '/send'), want(NF, leader=SNF, admin=202))]


def identity_rows(r):
    """The identity check (issue #21 item 4): admins and the organisation's
    agents (tier 1 and 2) see the queue and verify requesters; requesters,
    leaders and an outside vendor's agent get 404."""
    nf = (404, 'user.not_found')
    staff = want(nf, agent=200, pic=200, admin=200)

    def fresh_requester(fx):
        return fx.ok(fx.admin.post('/api/v1/users', {
            'name': 'Pemohon Matriks', 'email': uniq('identitas') + '@demo.test',
            'role': 'requester', 'password': 'loket-demo-123'}), 201, 'requester')['id']

    r['POST /api/v1/users/{id}/verify-identity'] = [
        Probe('an unverified requester', lambda fx, role: req(
            'POST', '/api/v1/users/%d/verify-identity' % fx.fresh(
                'idreq', lambda: fresh_requester(fx))), staff),
        Probe('a staff account', const('POST', '/api/v1/users/{uid_agent}/verify-identity'),
              want(nf))]
    r['GET /api/v1/identity/queue'] = [Probe('queue', const('GET', '/api/v1/identity/queue'),
                                             staff)]


def booking_rows(r, everyone):
    """Appointments (issue 16): a booking and its ticket are seen by the
    requester, the service's staff and admins only (404 for the rest, tier 1
    and leaders included); sensitive answers never reach a list."""
    bnf = (404, 'booking.not_found')
    bf = (403, 'booking.forbidden')

    def on_bk(kind, seen, **roles):
        w = want(bnf, **{role: seen for role in SEES[kind]})
        w.update({k: v if isinstance(v, tuple) else (v, None) for k, v in roles.items()})
        return w

    def fresh(suffix, svc='clinic', status='booked', body=None):
        return lambda fx, role: req('POST', '/api/v1/bookings/%s/%s' % (
            fx.booking(svc, status), suffix), body(fx) if callable(body) else body)
    staff = dict(agent=200, admin=200)
    r['GET /api/v1/services/{id}/schedule'] = [Probe('clinic', const(
        'GET', '/api/v1/services/{clinic}/schedule'), everyone)]
    r['PUT /api/v1/services/{id}/schedule'] = [Probe('same schedule', lambda fx, role: req(
        'PUT', '/api/v1/services/%s/schedule' % fx.ids['booth'], fx.ids['schedule_booth']),
        admin_only(200))]
    r['GET /api/v1/services/{id}/availability'] = [Probe('a week', const(
        'GET', '/api/v1/services/{clinic}/availability?from={bk_day}&to={bk_day}'), everyone)]
    names = 'dr. Maya Lestari'
    r['GET /api/v1/services/{id}/queue'] = [Probe('numbers, names for staff', const(
        'GET', '/api/v1/services/{clinic}/queue?date={bk_day}'), everyone,
        by_role(agent=present(names), admin=present(names), req1=absent(names),
                req2=absent(names), pic=absent(names), vendor=absent(names),
                leader=absent(names)))]
    r['POST /api/v1/services/{id}/queue/next'] = [Probe('a waiting booking', lambda fx, role: req(
        'POST', '/api/v1/services/%s/queue/next' % fx.ids['clinic'], {
            'date': fx.admin.get('/api/v1/bookings/%s' % fx.booking()).json['booking']['date']}),
        want(bf, **staff))]
    r['POST /api/v1/bookings'] = [Probe('for oneself', lambda fx, role: req(
        'POST', '/api/v1/bookings', {'service_id': fx.ids['clinic'], 'date': open_day(),
                                     'answers': CLINIC_ANSWERS}), want(201))]
    r['GET /api/v1/bookings'] = [Probe("req1's clinic booking", const(
        'GET', '/api/v1/bookings?per_page=200'), everyone, bk_list_check)]
    r['GET /api/v1/bookings/{id}'] = [
        Probe('clinic (sensitive answers)', const('GET', '/api/v1/bookings/{bk}'),
              on_bk('bk', 200), by_role(req1=present(NIK), agent=present(NIK),
                                        admin=present(NIK))),
        Probe('virtual booth', const('GET', '/api/v1/bookings/{booth_bk}'), on_bk('booth', 200))]
    # the invite (issue 16 item 7): who sees the booking, like GET /bookings/{id};
    # a requested booking has no time yet
    r['GET /api/v1/bookings/{id}/ics'] = [
        Probe('clinic', const('GET', '/api/v1/bookings/{bk}/ics'), on_bk('bk', 200)),
        Probe('virtual booth, requested', const('GET', '/api/v1/bookings/{booth_bk}/ics'),
              on_bk('booth', (409, 'booking.unscheduled')))]
    r['POST /api/v1/bookings/{id}/cancel'] = [Probe('a fresh booking', fresh('cancel'),
                                                    on_bk('bk', 200))]
    r['POST /api/v1/bookings/{id}/reschedule'] = [Probe('to another day', fresh(
        'reschedule', body=lambda fx: {'date': open_day()}), on_bk('bk', 200))]
    r['POST /api/v1/bookings/{id}/served'] = [Probe('a called booking', fresh(
        'served', status='called'), on_bk('bk', 200, req1=bf))]
    r['POST /api/v1/bookings/{id}/no_show'] = [Probe('a booked booking', fresh('no_show'),
                                                     on_bk('bk', 200, req1=bf))]
    # the booking's ticket follows the same rule on the ticket routes
    bk_ticket = want(TNF, req1=200, agent=200, admin=200)
    r['GET /api/v1/tickets/{number}'].append(Probe('a booking', const(
        'GET', '/api/v1/tickets/{bk_ticket}'), bk_ticket, by_role(
            req1=absent(NIK), agent=absent(NIK), admin=absent(NIK))))
    r['GET /api/v1/tickets/{number}/events'].append(Probe('a booking', const(
        'GET', '/api/v1/tickets/{bk_ticket}/events'), bk_ticket))
    r['GET /api/v1/tickets'].append(Probe('a booking', const(
        'GET', '/api/v1/tickets?per_page=200&service_id={clinic}'), everyone, tickets_bk_check))


def bk_list_check(fx, role, r):
    """GET /bookings: req1's clinic booking listed for who sees it, never
    with its sensitive answers."""
    seen = fx.ids['bk'] in [x['id'] for x in (r.json or {}).get('items', [])]
    if seen != (role in SEES['bk']):
        return 'booking %s %s listed' % (fx.ids['bk'], 'is' if seen else 'is not')
    return NIK in r.body and 'the list shows a sensitive answer'


def tickets_bk_check(fx, role, r):
    seen = fx.ids['bk_ticket'] in [x['number'] for x in (r.json or {}).get('items', [])]
    if seen != (role in SEES['bk']):
        return 'booking ticket %s %s listed' % (fx.ids['bk_ticket'], 'is' if seen else 'is not')
    return NIK in r.body and 'the list shows a sensitive answer'


# ---- running ---------------------------------------------------------------

def send(fx, role, spec):
    c = spec.get('client') or fx.c[role]
    if 'upload' in spec:
        name, data = spec['upload']
        return c.upload(spec['path'], name, data)
    if 'raw' in spec:
        return c.request(spec['method'], spec['path'], raw=spec['raw'],
                         content_type=spec.get('content_type'), headers=spec.get('headers'))
    body = spec['body']
    if body is None and spec['method'] in ('POST', 'PUT', 'PATCH'):
        body = {}
    return c.request(spec['method'], spec['path'], body, headers=spec.get('headers'))


def probe_row(fx, key, p, role):
    """Sends one probe; returns (name, problems, bug, detail)."""
    spec = p.build(fx, role)
    r = send(fx, role, spec)
    fx.settle(r.status)
    status, code = p.expect[role]
    problems = []
    if r.status != status:
        problems.append('status %d, want %d' % (r.status, status))
    elif code and r.code() != code:
        problems.append('code %r, want %r' % (r.code(), code))
    elif p.check:
        why = p.check(fx, role, r)
        if why:
            problems.append(why)
    name = 'matrix-4 %s [%s] %s -> %d%s' % (key, p.label, role, status,
                                            ' ' + code if code and status >= 400 else '')
    return name, problems, p.bugs.get(role), '%s %s\n%r' % (spec['method'], spec['path'], r)


def run(t, srv):
    fx = Fx(srv)
    setup(fx)
    print('# setup done after %.1f s' % (time.time() - STARTED))
    table = rows()
    declared = parse_routes(os.path.join(SRC, 'src', 'http', 'routes.c'))
    t.ok(len(declared) > 50 and len(set(declared)) == len(declared),
         'matrix-1 routes.c parsed: %d routes, no duplicates' % len(declared))
    missing = [k for k in declared if k not in table]
    t.ok(not missing, 'matrix-2 every route of routes.c has a row in the matrix',
         'no row for:\n' + '\n'.join(missing))
    stale = [k for k in table if k not in declared]
    t.ok(not stale, 'matrix-3 every row names a route of routes.c', '\n'.join(stale))
    # Rows are independent (fresh objects for state changes), so a few
    # workers with their own sessions share them; TAP is printed in order.
    keys = [k for k in declared if k in table]
    results = {}

    def worker(i):
        wfx = Fx(srv, fx.ids) if i else fx
        for key in keys[i::WORKERS]:
            try:
                results[key] = [probe_row(wfx, key, p, role)
                                for p in table[key] for role in ROLES]
            except Exception:  # noqa: BLE001 - reported as that row's failure
                results[key] = [('matrix-4 %s' % key, [traceback.format_exc()], None, '')]
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    open_bugs, fixed = set(), set()
    for key in keys:
        for name, problems, bug, detail in results.get(key, [('matrix-4 ' + key,
                                                               ['no result'], None, '')]):
            if bug and problems:
                open_bugs.add(bug)
                t.n += 1
                print('not ok %d - %s # TODO known bug %s (%s): %s' % (
                    t.n, name, bug, KNOWN_BUGS[bug], '; '.join(problems)))
                continue
            if bug:
                fixed.add(bug)
                problems.append('known bug %r is fixed: take it out of KNOWN_BUGS' % bug)
            t.ok(not problems, name, '; '.join(problems) + '\n' + detail)
    vendor_switch(t, fx)
    print('# known bugs still open: %s' % (', '.join(sorted(open_bugs)) or 'none'))
    t.ok(not (set(KNOWN_BUGS) - open_bugs - fixed),
         'matrix-6 every KNOWN_BUGS entry is exercised by a row',
         sorted(set(KNOWN_BUGS) - open_bugs - fixed))


def vendor_switch(t, fx):
    """matrix-5: the vendor's sees_internal lets its tier-3 agents read what
    the rows above hide from them, at once (same session), and back. Run
    after the rows: they expect the switch off."""
    a, v, esc = fx.admin, fx.c['vendor'], fx.ids['esc']
    vendor = '/api/v1/vendors/%s' % fx.ids['mitra']
    for on, n in ((True, 1), (False, 2)):
        r = a.patch(vendor, {'sees_internal': on})
        t.ok(r.status == 200 and r.json['sees_internal'] is on,
             'matrix-5.%d.1 admin sets PT Mitra Jaringan sees_internal %s' % (n, on), repr(r))
        seen = ('reads' if on else 'does not read') + ' %s'
        ev = v.get('/api/v1/tickets/%s/events' % esc)
        t.ok(ev.status == 200 and all((x in ev.body) is on for x in (NOTE, REASON)),
             'matrix-5.%d.2 the vendor %s' % (n, seen % 'the internal note and reason'), repr(ev))
        tk = v.get('/api/v1/tickets/%s' % esc)
        t.ok(tk.status == 200 and all((x in tk.body) is on for x in CONTACTS),
             "matrix-5.%d.3 the vendor %s" % (n, seen % "req1's e-mail and contact phone"),
             repr(tk))
        att = v.get('/api/v1/attachments/%s' % fx.ids['att_internal'])
        t.eq((att.status, att.code()), (200, None) if on else ANF,
             'matrix-5.%d.4 the vendor %s' % (n, seen % 'the internal attachment'))
        note = v.post('/api/v1/tickets/%s/comments' % esc, {'body': 'n', 'internal': True})
        t.eq((note.status, note.code()), (201, None) if on else TF,
             'matrix-5.%d.5 the vendor %s internal notes' % (
                 n, 'writes' if on else 'may not write'))
        users = v.get('/api/v1/users/%s' % fx.ids['uid_req1'])
        t.eq((users.status, users.code()), (200, None) if on else F403,
             'matrix-5.%d.6 the vendor %s' % (n, seen % 'the user directory'))


STARTED = time.time()


def main(t):
    # every role signs up from 127.0.0.1: more than the sign-up throttle allows
    srv = Server(env={'LOKET_WHATSAPP_VERIFY_TOKEN': WA_VERIFY,
                      'LOKET_WHATSAPP_APP_SECRET': WA_SECRET, 'LOKET_LOGIN_MAX_FAILURES': '100'})
    try:
        run(t, srv)
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'matrix-7 server exits cleanly (status 0, no sanitizer report)', detail)
    print('# %.1f s' % (time.time() - STARTED))


if __name__ == '__main__':
    shutil.which('curl') or sys.exit('curl is needed')
    Tap().run(main)
