#!/usr/bin/env python3
"""list-args-*: GET /api/v1/tickets reads tier and due_within_minutes by the
same rule as the reports (core/qarg.c, issue #15 item 12). Before, tier=2x
listed tier 2 and due_within_minutes was atoll(...) * 60 (signed overflow):
now anything but plain digits in range is 422 "validation" naming the
field, and an empty value is no filter, for the list and a report alike."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import run_on_server  # noqa: E402

LIST = '/api/v1/tickets?'
REPORT = '/api/v1/reports/summary?group_by=status&'


def answer(c, url):
    r = c.get(url)
    if r.status != 422:
        return r.status
    e = r.json['error']
    return r.status, e['code'], sorted(e.get('fields', {}))


def run(t, srv):
    admin = srv.client('admin@demo.test')
    bad = [('tier=2x', 'tier'), ('tier=0', 'tier'), ('tier=4', 'tier'), ('tier=-1', 'tier'),
           ('tier=%202', 'tier'),
           ('due_within_minutes=99999999999999999', 'due_within_minutes'),
           ('due_within_minutes=99999999999999999999999', 'due_within_minutes'),
           ('due_within_minutes=-5', 'due_within_minutes'),
           ('due_within_minutes=525601', 'due_within_minutes'),
           ('due_within_minutes=60m', 'due_within_minutes')]
    for i, (arg, field) in enumerate(bad):
        for what, base in (('list', LIST), ('report', REPORT)):
            t.eq(answer(admin, base + arg), (422, 'validation', [field]),
                 'list-args-1.%d %s %s: 422 validation naming %s' % (i, what, arg, field))
    both = answer(admin, LIST + 'tier=9&due_within_minutes=-1')
    t.eq(both, (422, 'validation', ['due_within_minutes', 'tier']),
         'list-args-2 both wrong: both fields named')
    for arg in ('tier=', 'due_within_minutes=', 'tier=2', 'due_within_minutes=0',
                'due_within_minutes=525600'):
        for what, base in (('list', LIST), ('report', REPORT)):
            t.eq(answer(admin, base + arg), 200, 'list-args-3 %s %s: 200' % (what, arg))
    total = admin.get(LIST + 'per_page=1').json['total']
    t.eq(admin.get(LIST + 'per_page=1&tier=').json['total'], total,
         'list-args-4 an empty tier is no filter')
    t1 = admin.get(LIST + 'per_page=1&tier=1').json['total']
    t2 = admin.get(LIST + 'per_page=1&tier=2').json['total']
    t3 = admin.get(LIST + 'per_page=1&tier=3').json['total']
    t.eq(t1 + t2 + t3, total, 'list-args-5 tiers 1, 2 and 3 split the list')
    # issue #18: one parser (svc/ticket_query.c) for the list, reports and
    # exports: every filter is judged alike, bad values name their field
    more = [('unit_id=3abc', 'unit_id'), ('unit_id=%203', 'unit_id'),
            ('requester_id=9223372036854775808', 'requester_id'),
            ('assignee_id=you', 'assignee_id'), ('status=open', 'status'),
            ('status=new,bogus', 'status'), ('channel=fax', 'channel'),
            ('sla_breached=yes', 'sla_breached'), ('priority=urgentest', 'priority'),
            ('priority=999999', 'priority'), ('created_from=2026-13-45', 'created_from')]
    for i, (arg, field) in enumerate(more):
        for what, base in (('list', LIST), ('report', REPORT)):
            t.eq(answer(admin, base + arg), (422, 'validation', [field]),
                 'list-args-6.%d %s %s: 422 validation naming %s' % (i, what, arg, field))
    for arg in ('channel=', 'tag=', 'sla_breached=', 'priority=', 'status=', 'unit_id=',
                'priority=high', 'priority=1', 'channel=web', 'sla_breached=true'):
        for what, base in (('list', LIST), ('report', REPORT)):
            t.eq(answer(admin, base + arg), 200, 'list-args-7 %s %s: 200' % (what, arg))
    for i, arg in enumerate(('page=%205', 'page=%2B5', 'page=1e3', 'page=9223372036854775808',
                             'per_page=x', 'sort=colour')):
        field = arg.split('=')[0]
        t.eq(answer(admin, LIST + arg), (422, 'validation', [field]),
             'list-args-8.%d list %s: 422 validation naming %s' % (i, arg, field))
    t.eq(admin.get(LIST + 'per_page=1&channel=').json['total'], total,
         'list-args-9 an empty channel is no filter in the list too')


if __name__ == '__main__':
    run_on_server('list-args', run)
