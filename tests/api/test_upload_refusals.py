#!/usr/bin/env python3
"""upload-*: attachment uploads that must not be stored (issue #15 item
10), and after each refusal no attachments row, no "attachment" event, no
stored file and no temp file: a body without its closing boundary (400
upload.malformed, before: stored truncated with 201), two "file" parts
(422 upload.one_file, before: joined into one file), and a sender who may
not attach to the ticket (404 / 403 / 409 answered before the body is
read, before: after it was on disk). A file name that is not UTF-8 is
cleaned ('_' for each stray byte) before anything is stored (before: 500
after the row was committed, then hidden from the list)."""
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import file_ticket, run_on_server  # noqa: E402

PNG = (b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06'
       b'\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02'
       b'\xfe\xa7V\x81\x1b\x00\x00\x00\x00IEND\xaeB`\x82')
B = 'loketuji9x7'
CT = 'multipart/form-data; boundary=' + B


def part(name, filename, content):
    head = b'--' + B.encode() + b'\r\nContent-Disposition: form-data; name="' + name + b'"'
    if filename is not None:
        head += b'; filename="' + filename + b'"\r\nContent-Type: application/octet-stream'
    return head + b'\r\n\r\n' + content + b'\r\n'


END = b'--' + B.encode() + b'--\r\n'


def run(t, srv):
    req = srv.client('requester@demo.test')
    req2 = srv.client('requester2@demo.test')
    leader = srv.client('leader@demo.test')
    agent = srv.client('agent@demo.test')
    num = file_ticket(req, 'Lampiran')
    url = '/api/v1/tickets/%s/attachments' % num
    tid = srv.sql('SELECT id FROM tickets WHERE number = ?', (num,))[0][0]
    store = os.path.join(srv.dir, 'attachments')

    def stored():
        files = []
        for root, _, names in os.walk(store):
            files += [os.path.relpath(os.path.join(root, n), store) for n in names]
        return (srv.sql('SELECT count(*) FROM attachments WHERE ticket_id = ?',
                           (tid,))[0][0],
                srv.sql("SELECT count(*) FROM ticket_events WHERE ticket_id = ? AND"
                           " kind = 'attachment'", (tid,))[0][0],
                sorted(files))

    def refused(name, c, body, status, code):
        before = stored()
        r = c.request('POST', url, raw=body, content_type=CT)
        t.eq((r.status, r.code()), (status, code), '%s: %d %s' % (name, status, code))
        t.eq(stored(), before, '%s: no row, no event, no file, no temp file' % name)
        return r

    # a body cut short: no closing boundary, or cut inside the file
    refused('upload-1.1 no closing boundary', req, part(b'file', b'a.png', PNG), 400,
            'upload.malformed')
    refused('upload-1.2 cut inside the file', req,
            part(b'file', b'a.png', PNG)[:-20], 400, 'upload.malformed')
    # two file parts, or a second one after a text field
    r = refused('upload-2.1 two file parts', req,
                part(b'file', b'a.png', PNG) + part(b'file', b'b.png', PNG) + END, 422,
                'upload.one_file')
    t.eq(sorted(((r.json or {}).get('error') or {}).get('fields', {})), ['file'],
         'upload-2.2 the field named')
    refused('upload-2.3 file, field, file', req,
            part(b'file', b'a.png', PNG) + part(b'internal', None, b'false') +
            part(b'file', b'a.png', PNG) + END, 422, 'upload.one_file')
    # who may not attach: refused before the body
    one = part(b'file', b'a.png', PNG) + END
    refused('upload-3.1 a ticket the sender cannot see', req2, one, 404, 'ticket.not_found')
    refused('upload-3.2 a leader (read-only)', leader, one, 403, 'ticket.forbidden')

    # refused before the body: the answer comes while most of it is unsent,
    # and nothing is on disk meanwhile
    jar = {}
    with open(req2.jar) as f:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) == 7:
                jar[cols[5]] = cols[6]
    head = ('POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n'
            'X-CSRF-Token: %s\r\nCookie: %s\r\n\r\n'
            % (url, CT, 8 * 1024 * 1024, req2.csrf,
               '; '.join('%s=%s' % kv for kv in jar.items()))).encode()
    s = socket.create_connection(('127.0.0.1', srv.port), timeout=20)
    s.sendall(head + part(b'file', b'besar.png', PNG + b'\0' * 4096)[:-2])
    try:
        answer = s.recv(4096)
    except socket.timeout:
        answer = b'(no answer within 20 s)'
    tmp = os.path.join(store, 'tmp')
    t.eq(os.listdir(tmp) if os.path.isdir(tmp) else [], [],
         'upload-3.3 nothing in the temp folder while the body is still coming')
    s.close()
    t.ok(answer.startswith(b'HTTP/1.1 404'),
         'upload-3.4 404 answered before the body was sent', answer[:200])

    # a file name that is not UTF-8: cleaned, stored once, listed
    before = stored()
    r = req.request('POST', url, raw=part(b'file', b'laporan-\xe9t\xe9 \xc3\xa9.png', PNG) + END,
                    content_type=CT)
    t.eq((r.status, (r.json or {}).get('filename')), (201, 'laporan-_t_ \u00e9.png'),
         'upload-4.1 a Latin-1 name: 201, stray bytes as _')
    after = stored()
    t.eq((after[0] - before[0], after[1] - before[1], len(after[2]) - len(before[2])),
         (1, 1, 1), 'upload-4.2 one row, one event, one file')
    lst = agent.get(url)
    t.eq((lst.status, [a['filename'] for a in (lst.json or {}).get('items', [])]),
         (200, ['laporan-_t_ \u00e9.png']), 'upload-4.3 listed under the clean name')
    ev = [e for e in agent.get('/api/v1/tickets/%s/events' % num).json['items']
          if e['kind'] == 'attachment']
    t.eq([e.get('new_value') for e in ev], ['laporan-_t_ \u00e9.png'],
         'upload-4.4 the event names it the same')

    # a closed ticket: refused before the body too (409)
    srv.sql_exec("UPDATE tickets SET status = 'closed' WHERE id = ?", (tid,))
    refused('upload-5.1 a closed ticket', req, one, 409, 'ticket.closed')


if __name__ == '__main__':
    run_on_server('upload', run)
