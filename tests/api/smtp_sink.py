#!/usr/bin/python3
"""A real SMTP server for tests and benchmarks: Debian's aiosmtpd on a
loopback port, writing every accepted message to DIR/NNNNNN.eml (written to
a temporary name, then renamed, so readers never see half a file).

usage: /usr/bin/python3 smtp_sink.py PORT DIR [--discard]
Prints "ready" once it listens; stops on SIGTERM. --discard counts messages
without writing them (for the benchmark) and writes the count to DIR/count
on exit. Must run under /usr/bin/python3: aiosmtpd is a Debian package."""
import itertools
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, discard):
        self.dir = directory
        self.discard = discard
        self.seq = itertools.count(1)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        n = next(self.seq)
        self.count = n
        if not self.discard:
            tmp = os.path.join(self.dir, '.%06d.tmp' % n)
            with open(tmp, 'wb') as f:
                f.write(b'X-Envelope-From: %s\r\n' % envelope.mail_from.encode())
                f.write(b'X-Envelope-To: %s\r\n' % ','.join(envelope.rcpt_tos).encode())
                f.write(envelope.original_content)
            os.rename(tmp, os.path.join(self.dir, '%06d.eml' % n))
        return '250 Message accepted for delivery'


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    discard = '--discard' in sys.argv[3:]
    os.makedirs(directory, exist_ok=True)
    # Numbering continues after a restart on the same directory.
    done = [f for f in os.listdir(directory) if f.endswith('.eml')]
    sink = Sink(directory, discard)
    sink.seq = itertools.count(len(done) + 1)
    ctl = Controller(sink, hostname='127.0.0.1', port=port, decode_data=False)
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
