"""Email in end to end through a real IMAP server: dovecot (from Debian)
serves a Maildir in a temporary directory on a free loopback port with
plaintext auth; messages are APPENDed with imaplib; `loket serve` with
imap_url set polls the mailbox and files them like `loket mail-in`. Also
checked: flags (\\Seen once filed), a duplicate Message-ID, and a message
that arrives while the database is locked stays unseen and is filed on a
later poll (never lost)."""
import imaplib
import os
import shutil
import subprocess
import tempfile
import time

from db_lock import write_locked
from loket import SRC, Server, Tap, free_port

DOVECOT = '/usr/sbin/dovecot'
CORPUS = os.path.join(SRC, 'tests', 'data', 'mail')
CONF = """\
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:{d}/home/%u/Maildir
passdb {{
  driver = static
  args = password=s3cret
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={d}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


class Dovecot:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='loket-dovecot-')
        os.chmod(self.dir, 0o755)  # the login processes run as dovenull
        home = os.path.join(self.dir, 'home')
        os.makedirs(home)
        os.makedirs(os.path.join(self.dir, 'state'))
        os.chown(home, 65534, 65534)
        self.port = free_port()
        conf = os.path.join(self.dir, 'dovecot.conf')
        with open(conf, 'w') as f:
            f.write(CONF.format(d=self.dir, port=self.port))
        self.proc = subprocess.Popen([DOVECOT, '-F', '-c', conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                self.imap().logout()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError('dovecot did not start; see %s/dovecot.log' % self.dir)

    def imap(self):
        m = imaplib.IMAP4('127.0.0.1', self.port)
        m.login('helpdesk', 's3cret')
        m.select('INBOX')
        return m

    def append(self, data):
        m = self.imap()
        typ, resp = m.append('INBOX', '', None, data)
        m.logout()
        return typ

    def flags(self):
        m = self.imap()
        typ, data = m.uid('FETCH', '1:*', '(FLAGS)')
        m.logout()
        return [d.decode() for d in data if d]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def main(t):
    if not os.path.exists(DOVECOT):
        print('1..0 # SKIP dovecot not installed')
        raise SystemExit(0)
    dc = Dovecot()
    year = time.localtime().tm_year
    t1 = 'LKT-%d-000001' % year

    def corpus(name):
        data = open(os.path.join(CORPUS, name), 'rb').read()
        return data.replace(b'{{T1}}', t1.encode())

    for name in ('01_gmail_new.eml', '11_bounce_dsn.eml', '03_apple_reply.eml'):
        t.eq(dc.append(corpus(name)), 'OK', 'IMAP APPEND %s' % name[:2])
    s = Server(env={'LOKET_IMAP_URL': 'imap://helpdesk:s3cret@127.0.0.1:%d/INBOX' % dc.port,
                    'LOKET_IMAP_POLL_SECONDS': '1'})

    def wait_rows(n, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            got = s.sql('SELECT count(*) FROM inbound_mail')[0][0]
            if got >= n:
                return got
            time.sleep(0.2)
        return s.sql('SELECT count(*) FROM inbound_mail')[0][0]

    t.eq(wait_rows(3), 3, 'poller filed the three messages')
    rows = s.sql('SELECT outcome, reason, source FROM inbound_mail ORDER BY id')
    t.eq(rows, [('ticket', None, 'imap'), ('ignored', 'bounce', 'imap'),
                ('comment', None, 'imap')], 'in UID order: ticket, bounce ignored, reply comment')
    agent = s.client('agent@demo.test')
    tk = agent.get('/api/v1/tickets/' + t1).json
    t.eq((tk['channel'], tk['title']), ('email', 'Printer lantai 2 tidak bisa mencetak'),
         'ticket from IMAP: channel email')
    ev = agent.get('/api/v1/tickets/%s/events' % t1).json['items']
    t.eq([e['body'] for e in ev if e['kind'] == 'comment'],
         ['Sudah saya coba matikan dan nyalakan lagi, masih sama.'],
         'reply from IMAP: comment without the quote')
    flags = dc.flags()
    t.ok(len(flags) == 3 and all('\\Seen' in f for f in flags), 'all three now \\Seen', flags)

    # The same Message-ID delivered again: no second ticket.
    dc.append(corpus('01_gmail_new.eml'))
    time.sleep(3)
    t.eq((s.sql('SELECT count(*) FROM tickets')[0][0], len(dc.flags()),
          all('\\Seen' in f for f in dc.flags())), (1, 4, True),
         'duplicate by IMAP: seen, nothing filed')

    # Database locked during a poll: the message stays unseen, filed later.
    with write_locked(s):
        dc.append(b'From: requester2@demo.test\r\nSubject: Kipas angin rusak\r\n'
                  b'Message-ID: <imap-busy-1@demo.test>\r\n\r\nKipas angin di ruang 3 rusak.\r\n')
        log = os.path.join(s.dir, 'server.log')
        end = time.time() + 20  # a poll waits out the 5 s busy timeout and gives up
        while time.time() < end and 'temporary failure' not in open(log, errors='replace').read():
            time.sleep(0.2)
        filed = s.sql('SELECT count(*) FROM inbound_mail')[0][0]
    t.ok('temporary failure' in open(log, errors='replace').read() and filed == 3,
         'locked database: a temporary failure, nothing filed (marked unseen for a retry)')
    t.eq(wait_rows(4), 4, 'after the lock: filed on a later poll')
    t.ok(all('\\Seen' in f for f in dc.flags()), 'and then flagged \\Seen')
    r = s.sql("SELECT outcome FROM inbound_mail WHERE message_id = '<imap-busy-1@demo.test>'")
    t.eq(r, [('ticket',)], 'the retried message became a ticket')
    ok, detail = s.stop()
    t.ok(ok, 'server exits cleanly', detail)
    dc.stop()


Tap().run(main)
