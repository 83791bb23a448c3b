"""A real OpenLDAP server (Debian's slapd) for the directory sign-in tests
(issue #22 item 5): its own temporary directory, a generated slapd.conf
with the mdb backend and the memberof overlay, a free loopback port, users
and groups loaded with ldapadd (so the overlay fills memberOf), stopped by
stop(). Readiness is the port answering an anonymous search, never a sleep."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

from loket import free_port

SUFFIX = 'dc=kantor,dc=test'
ROOT_DN = 'cn=admin,' + SUFFIX
ROOT_PW = 'akar-rahasia-1'
SERVICE_DN = 'cn=loket,ou=services,' + SUFFIX
SERVICE_PW = 'layanan-rahasia-42'
SCHEMA = '/etc/ldap/schema'
MODULES = '/usr/lib/ldap'


def person(uid, name, mail, password, nip=None):
    lines = ['dn: uid=%s,ou=people,%s' % (uid, SUFFIX), 'objectClass: inetOrgPerson',
             'uid: ' + uid, 'cn: ' + name, 'sn: ' + name.split()[-1], 'mail: ' + mail,
             'userPassword: ' + password]
    if nip:
        lines.append('employeeNumber: ' + nip)
    return '\n'.join(lines) + '\n'


def group(cn, members):
    lines = ['dn: cn=%s,ou=groups,%s' % (cn, SUFFIX), 'objectClass: groupOfNames', 'cn: ' + cn]
    lines += ['member: uid=%s,ou=people,%s' % (m, SUFFIX) for m in members]
    return '\n'.join(lines) + '\n'


def make_certs(d):
    """A throwaway CA and a server certificate for 127.0.0.1 in d (openssl)."""
    def run(*args):
        subprocess.run(['openssl'] + list(args), cwd=d, check=True, capture_output=True)
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
        '-days', '2', '-subj', '/CN=Uji CA', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign')
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr',
        '-subj', '/CN=127.0.0.1')
    with open(os.path.join(d, 'ext'), 'w') as f:
        f.write('subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
    run('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
        '-out', 'srv.pem', '-days', '2', '-extfile', 'ext')


class Slapd:
    def __init__(self, ldif, tls=False):
        """tls: also a certificate (self.ca_file) for StartTLS on self.url and
        an ldaps:// listener at self.ldaps_url."""
        self.dir = tempfile.mkdtemp(prefix='loket-slapd-')
        os.mkdir(os.path.join(self.dir, 'db'))
        self.port = free_port()
        self.url = 'ldap://127.0.0.1:%d' % self.port
        urls = [self.url + '/']
        tls_conf = []
        if tls:
            make_certs(self.dir)
            self.ca_file = os.path.join(self.dir, 'ca.pem')
            self.ldaps_url = 'ldaps://127.0.0.1:%d' % free_port()
            urls.append(self.ldaps_url + '/')
            tls_conf = ['TLSCACertificateFile %s/ca.pem' % self.dir,
                        'TLSCertificateFile %s/srv.pem' % self.dir,
                        'TLSCertificateKeyFile %s/srv.key' % self.dir]
        conf = os.path.join(self.dir, 'slapd.conf')
        with open(conf, 'w') as f:
            f.write('\n'.join([
                'include %s/core.schema' % SCHEMA,
                'include %s/cosine.schema' % SCHEMA,
                'include %s/inetorgperson.schema' % SCHEMA,
                'include %s/nis.schema' % SCHEMA,
                'modulepath ' + MODULES,
                'moduleload back_mdb',
                'moduleload memberof',
                'pidfile %s/slapd.pid' % self.dir] + tls_conf + [
                'database mdb',
                'maxsize 10485760',
                'suffix "%s"' % SUFFIX,
                'rootdn "%s"' % ROOT_DN,
                'rootpw %s' % ROOT_PW,
                'directory %s/db' % self.dir,
                'overlay memberof',
                # passwords are only for binding; the service account reads the rest
                'access to attrs=userPassword by self write by anonymous auth by * none',
                'access to * by users read by * none',
                '']))
        self.log = open(os.path.join(self.dir, 'slapd.log'), 'w')
        # -d 0: stays in the foreground as this test's own child
        self.proc = subprocess.Popen(['slapd', '-f', conf, '-h', ' '.join(urls), '-d', '0'],
                                     stdout=self.log, stderr=self.log)
        deadline = time.time() + 20
        while True:
            r = subprocess.run(['ldapsearch', '-x', '-H', self.url, '-D', ROOT_DN, '-w', ROOT_PW,
                                '-b', '', '-s', 'base', '1.1'], capture_output=True)
            if r.returncode == 0:
                break
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError('slapd did not start; see %s/slapd.log' % self.dir)
            time.sleep(0.05)
        base = '\n'.join([
            'dn: ' + SUFFIX, 'objectClass: dcObject', 'objectClass: organization',
            'o: Kantor Uji', 'dc: kantor', '',
            'dn: ou=people,' + SUFFIX, 'objectClass: organizationalUnit', 'ou: people', '',
            'dn: ou=groups,' + SUFFIX, 'objectClass: organizationalUnit', 'ou: groups', '',
            'dn: ou=services,' + SUFFIX, 'objectClass: organizationalUnit', 'ou: services', '',
            'dn: ' + SERVICE_DN, 'objectClass: organizationalRole', 'objectClass: simpleSecurityObject',
            'cn: loket', 'userPassword: ' + SERVICE_PW, '', ''])
        self.modify(base + ldif, add=True)

    def modify(self, ldif, add=False):
        """ldapadd (add=True) or ldapmodify of an LDIF text as the root DN."""
        r = subprocess.run(['ldapadd' if add else 'ldapmodify', '-x', '-H', self.url, '-D', ROOT_DN,
                            '-w', ROOT_PW], input=ldif.encode(), capture_output=True)
        if r.returncode != 0:
            raise RuntimeError('ldap%s: %s' % ('add' if add else 'modify', r.stderr.decode()))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == '__main__':
    # For tests in other languages (tests/browser/directory.mjs): one user
    # "budi" (password sandi-budi-1) in group "helpdesk"; prints the URL,
    # then runs until stdin closes.
    import sys
    ds = Slapd(person('budi', 'Budi Santoso', 'budi@kantor.test', 'sandi-budi-1') + '\n'
               + group('helpdesk', ['budi']))
    try:
        print(ds.url, flush=True)
        sys.stdin.read()
    finally:
        ds.stop()
