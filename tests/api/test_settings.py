#!/usr/bin/env python3
"""settings-*: GET /api/v1/settings shows admins the effective configuration
(file, LOKET_* variables, flags), never a secret's value, and nobody else."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402


def main(t):
    srv = Server(env={'LOKET_SMTP_PASSWORD': 'rahasia-sekali-123', 'LOKET_ORG_NAME': 'Diskominfo Uji',
                      'LOKET_AUTO_CLOSE_DAYS': '5', 'LOKET_REQUESTER_OWN_ONLY': 'true'})
    try:
        admin = srv.client('admin@demo.test')
        r = admin.get('/api/v1/settings')
        t.status(r, 200, 'settings-1.1 admin reads the settings')
        s = r.json['settings']
        t.eq((s['org_name'], s['auto_close_days'], s['requester_own_only']),
             ('Diskominfo Uji', 5, True), 'settings-1.2 effective values with their types')
        t.eq((s['smtp_password'], s['whatsapp_token']), ({'set': True}, {'set': False}),
             'settings-1.3 secrets say only whether they are set')
        t.ok('rahasia-sekali-123' not in r.body.decode() if isinstance(r.body, bytes)
             else 'rahasia-sekali-123' not in r.body, 'settings-1.4 no secret value in the answer')
        for who in ('agent@demo.test', 'leader@demo.test', 'requester@demo.test'):
            t.status(srv.client(who).get('/api/v1/settings'), 403,
                     'settings-2 %s gets 403' % who.split('@')[0])
        t.status(srv.client().get('/api/v1/settings'), 401, 'settings-3 anonymous gets 401')
    finally:
        ok, detail = srv.stop(keep=t.failed > 0)
        t.ok(ok, 'settings-4 clean exit', detail)


if __name__ == '__main__':
    Tap().run(main)
