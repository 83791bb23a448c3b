#!/usr/bin/env python3
"""receipt-*: the ticket receipt of issue #22 item 7. The PDF is rasterised
with pdftoppm and its QR code decoded with zbarimg (zbar-tools), which must
give the ticket's page URL exactly; pdftotext shows the number and the
service; a requester who may not see the ticket gets 404."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap, file_ticket, run_on_server  # noqa: E402

BASE = 'https://loket.example.go.id/helpdesk'


def get_bytes(c, path):
    """The body as bytes (the harness's Client decodes text)."""
    out = os.path.join(c.tmp, 'bytes')
    subprocess.run(['curl', '-s', '-o', out, '-b', c.jar, c.base + path], check=True)
    with open(out, 'rb') as f:
        return f.read()


def run(t, srv):
    req = srv.client('requester@demo.test')
    other = srv.client('requester2@demo.test')
    agent = srv.client('agent@demo.test')
    num = file_ticket(req, 'Printer ruang rapat macet', 'Kertas tersangkut.')
    ticket = req.get('/api/v1/tickets/' + num).json
    r = req.get('/api/v1/tickets/%s/receipt.pdf' % num)
    t.status(r, 200, 'receipt-1.1 the requester downloads the receipt')
    t.eq(r.headers.get('content-type'), 'application/pdf', 'receipt-1.2 as a PDF')
    data = get_bytes(req, '/api/v1/tickets/%s/receipt.pdf' % num)
    t.ok(data.startswith(b'%PDF'), 'receipt-1.3 PDF bytes')
    with tempfile.TemporaryDirectory() as d:
        pdf = os.path.join(d, 'r.pdf')
        with open(pdf, 'wb') as f:
            f.write(data)
        info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
        t.ok(re.search(r'^Pages:\s+1$', info, re.M), 'receipt-1.4 one page', info)
        text = subprocess.run(['pdftotext', '-layout', pdf, '-'], capture_output=True,
                              text=True).stdout
        t.ok(num in text, 'receipt-1.5 the number is printed', text)
        t.ok(ticket['service']['name'] in text, 'receipt-1.6 the service is printed', text)
        t.ok('TANDA TERIMA' in text, 'receipt-1.7 titled as a receipt', text)
        subprocess.run(['pdftoppm', '-r', '150', '-png', '-singlefile', pdf,
                        os.path.join(d, 'page')], check=True)
        z = subprocess.run(['zbarimg', '--quiet', '--raw', '-Sdisable', '-Sqrcode.enable',
                            os.path.join(d, 'page.png')], capture_output=True, text=True)
        t.eq(z.stdout.strip(), '%s/#/tickets/%s' % (BASE, num),
             "receipt-1.8 the QR code decodes to the ticket's page")
    t.status(agent.get('/api/v1/tickets/%s/receipt.pdf' % num), 200,
             'receipt-2.1 staff who see the ticket may print it too')
    r = other.get('/api/v1/tickets/%s/receipt.pdf' % num)
    t.status(r, 404, "receipt-2.2 another requester gets 404")
    t.eq(r.code(), 'ticket.not_found', 'receipt-2.3 the same code as a missing ticket')
    t.status(req.get('/api/v1/tickets/LKT-1999-000001/receipt.pdf'), 404,
             'receipt-2.4 a ticket that does not exist: 404')
    t.status(srv.client().get('/api/v1/tickets/%s/receipt.pdf' % num), 401,
             'receipt-2.5 signed out: 401')


run_on_server('receipt', run, env={'LOKET_BASE_URL': BASE + '/'})
