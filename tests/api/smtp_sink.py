#!/usr/bin/python3
"""A real SMTP server for tests and benchmarks: Debian's aiosmtpd on a
loopback port, writing every accepted message to DIR/NNNNNN.eml (written to
a temporary name, then renamed, so readers never see half a file).

usage: /usr/bin/python3 smtp_sink.py PORT DIR [--discard] [--starttls CERT KEY]
                                     [--smtps CERT KEY] [--auth USER:PASSWORD]
                                     [--hangup N]
Prints "ready" once it listens; stops on SIGTERM. --discard counts messages
without writing them (for the benchmark) and writes the count to DIR/count
on exit. --starttls requires STARTTLS before MAIL; --smtps speaks TLS from
the first byte; --auth requires AUTH (PLAIN/LOGIN) with that login. Each
stored message starts with X-Sink-TLS (yes/no), X-Sink-Auth (the login
or -) and X-Sink-Helo (the client's EHLO/HELO name) lines recording how it
came in. --hangup N: for the first N messages,
store them and then drop the connection instead of answering 250, so the
client cannot know whether the mail was taken. Must run under /usr/bin/python3:
aiosmtpd is a Debian package."""
import itertools
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, directory, discard):
        self.dir = directory
        self.discard = discard
        self.seq = itertools.count(1)
        self.count = 0
        self.hangups = 0

    async def handle_DATA(self, server, session, envelope):
        n = next(self.seq)
        self.count = n
        if not self.discard:
            tmp = os.path.join(self.dir, '.%06d.tmp' % n)
            with open(tmp, 'wb') as f:
                f.write(b'X-Envelope-From: %s\r\n' % envelope.mail_from.encode())
                f.write(b'X-Envelope-To: %s\r\n' % ','.join(envelope.rcpt_tos).encode())
                login = session.auth_data if session.authenticated else None
                tls = session.ssl or server.transport.get_extra_info('ssl_object')
                f.write(b'X-Sink-TLS: %s\r\n' % (b'yes' if tls else b'no'))
                f.write(b'X-Sink-Auth: %s\r\n' % (login.encode() if login else b'-'))
                f.write(b'X-Sink-Helo: %s\r\n' % (session.host_name or '-').encode())
                f.write(envelope.original_content)
            os.rename(tmp, os.path.join(self.dir, '%06d.eml' % n))
        if self.hangups > 0:
            self.hangups -= 1
            server.transport.abort()
            return '421 gone'  # never reaches the client
        return '250 Message accepted for delivery'


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    args = sys.argv[3:]
    discard = '--discard' in args
    kw = {}

    def opt(name, n):
        if name not in args:
            return None
        i = args.index(name)
        return args[i + 1:i + 1 + n]

    def context(cert, key):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        return ctx
    if opt('--starttls', 2):
        kw.update(tls_context=context(*opt('--starttls', 2)), require_starttls=True)
    if opt('--smtps', 2):
        kw.update(ssl_context=context(*opt('--smtps', 2)))
    if opt('--auth', 1):
        user, password = opt('--auth', 1)[0].split(':', 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == user and auth_data.password.decode() == password)
            return AuthResult(success=ok, auth_data=user if ok else None)
        kw.update(authenticator=authenticator, auth_required=True)
    os.makedirs(directory, exist_ok=True)
    # Numbering continues after a restart on the same directory.
    done = [f for f in os.listdir(directory) if f.endswith('.eml')]
    sink = Sink(directory, discard)
    sink.seq = itertools.count(len(done) + 1)
    if opt('--hangup', 1):
        sink.hangups = int(opt('--hangup', 1)[0])
    ctl = Controller(sink, hostname='127.0.0.1', port=port, decode_data=False, **kw)
    ctl.start()
    print('ready', flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    ctl.stop()
    if discard:
        with open(os.path.join(directory, 'count'), 'w') as f:
            f.write('%d\n' % sink.count)


if __name__ == '__main__':
    main()
