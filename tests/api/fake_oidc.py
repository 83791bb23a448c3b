"""A fake OpenID Connect provider for the tests (issue #22 item 5).

Runs in a thread on a free loopback port: the discovery document, the JWKS
(an RSA and a P-256 key), an authorization endpoint that approves the
configured user at once and redirects back with a code, and a token
endpoint that checks the client, the redirect URI and the PKCE verifier
(S256) before answering with a signed ID token. Tests change `user`,
`tamper` and friends between sign-ins to get the token they need.
Standard library plus python3-cryptography (Debian) for the signatures."""
import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def b64u_int(n, size=None):
    return b64u(n.to_bytes(size or (n.bit_length() + 7) // 8, 'big'))


class FakeProvider:
    def __init__(self, client_id='loket', client_secret='rahasia-klien'):
        self.client_id, self.client_secret = client_id, client_secret
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.rogue = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec = ec.generate_private_key(ec.SECP256R1())
        self.user = {'sub': 'u-1', 'email': 'siti@kantor.test', 'name': 'Siti Directory',
                     'email_verified': True, 'groups': ['loket-agent']}
        self.alg = 'RS256'
        self.tamper = None       # see id_token()
        self.codes = {}          # code -> what /authorize was asked
        self.requests = []       # (path, params) seen, newest last
        self.jwks_fetches = 0
        self.spoil_challenge = False
        server = ThreadingHTTPServer(('127.0.0.1', 0), self._handler())
        self.server = server
        self.port = server.server_address[1]
        self.issuer = 'http://127.0.0.1:%d/realms/kantor' % self.port
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # -- keys and tokens
    def jwks(self):
        n = self.rsa.public_key().public_numbers()
        e = self.ec.public_key().public_numbers()
        return {'keys': [
            {'kty': 'RSA', 'kid': 'rsa-1', 'use': 'sig', 'alg': 'RS256',
             'n': b64u_int(n.n), 'e': b64u_int(n.e)},
            {'kty': 'EC', 'kid': 'ec-1', 'use': 'sig', 'alg': 'ES256', 'crv': 'P-256',
             'x': b64u_int(e.x, 32), 'y': b64u_int(e.y, 32)},
        ]}

    def sign(self, header, claims, key=None):
        head = b64u(json.dumps(header).encode()) + '.' + b64u(json.dumps(claims).encode())
        data = head.encode()
        alg = header.get('alg')
        if alg == 'RS256':
            sig = (key or self.rsa).sign(data, padding.PKCS1v15(), hashes.SHA256())
        elif alg == 'ES256':
            r, s = decode_dss_signature((key or self.ec).sign(data, ec.ECDSA(hashes.SHA256())))
            sig = r.to_bytes(32, 'big') + s.to_bytes(32, 'big')
        elif alg == 'HS256':
            sig = hmac.new(key, data, hashlib.sha256).digest()
        else:
            sig = b''
        return head + '.' + b64u(sig)

    def id_token(self, nonce):
        """The ID token for the current user, spoiled as self.tamper says:
        payload (a claim changed after signing), wrong_key, unknown_kid,
        none, hs256, aud, iss, expired, future_iat, nonce."""
        now = int(time.time())
        claims = dict(self.user, iss=self.issuer, aud=self.client_id, azp=self.client_id,
                      iat=now, exp=now + 300, nonce=nonce)
        kid = 'ec-1' if self.alg == 'ES256' else 'rsa-1'
        header = {'alg': self.alg, 'typ': 'JWT', 'kid': kid}
        t = self.tamper
        if t == 'aud':
            claims['aud'] = claims['azp'] = 'another-client'
        elif t == 'iss':
            claims['iss'] = 'http://evil.test/realms/kantor'
        elif t == 'expired':
            claims.update(iat=now - 7200, exp=now - 3600)
        elif t == 'future_iat':
            claims['iat'] = now + 3600
        elif t == 'nonce':
            claims['nonce'] = 'not-the-nonce'
        if t == 'none':
            return self.sign({'alg': 'none', 'typ': 'JWT', 'kid': kid}, claims)
        if t == 'hs256':
            pem = self.rsa.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            return self.sign({'alg': 'HS256', 'typ': 'JWT', 'kid': 'rsa-1'}, claims, pem)
        if t == 'wrong_key':
            return self.sign(header, claims, self.rogue)
        if t == 'unknown_kid':
            return self.sign(dict(header, kid='rogue-9'), claims, self.rogue)
        token = self.sign(header, claims)
        if t == 'payload':
            head, _, sig = token.split('.')
            claims['groups'] = ['loket-admin']
            token = head + '.' + b64u(json.dumps(claims).encode()) + '.' + sig
        return token

    # -- HTTP
    def _handler(self):
        fake = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def send(self, status, body=None, headers=None):
                raw = json.dumps(body).encode() if body is not None else b''
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if body is not None:
                    self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self):
                u = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(u.query))
                fake.requests.append((u.path, q))
                base = '/realms/kantor'
                if u.path == base + '/.well-known/openid-configuration':
                    root = fake.issuer + '/protocol/openid-connect'
                    return self.send(200, {
                        'issuer': fake.issuer, 'authorization_endpoint': root + '/auth',
                        'token_endpoint': root + '/token', 'jwks_uri': root + '/certs',
                        'response_types_supported': ['code'],
                        'id_token_signing_alg_values_supported': ['RS256', 'ES256'],
                        'code_challenge_methods_supported': ['S256']})
                if u.path == base + '/protocol/openid-connect/certs':
                    fake.jwks_fetches += 1
                    return self.send(200, fake.jwks())
                if u.path == base + '/protocol/openid-connect/auth':
                    if (q.get('response_type') != 'code' or q.get('client_id') != fake.client_id
                            or q.get('code_challenge_method') != 'S256'
                            or not q.get('code_challenge') or not q.get('state')
                            or 'openid' not in q.get('scope', '').split()):
                        return self.send(400, {'error': 'invalid_request'})
                    code = secrets.token_urlsafe(24)
                    fake.codes[code] = dict(q)
                    if fake.spoil_challenge:
                        fake.codes[code]['code_challenge'] = b64u(b'x' * 32)
                    loc = q['redirect_uri'] + '?' + urllib.parse.urlencode(
                        {'code': code, 'state': q['state'], 'session_state': 'x'})
                    return self.send(302, headers={'Location': loc})
                self.send(404, {'error': 'not_found'})

            def do_POST(self):
                u = urllib.parse.urlsplit(self.path)
                n = int(self.headers.get('Content-Length') or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
                fake.requests.append((u.path, form))
                if u.path != '/realms/kantor/protocol/openid-connect/token':
                    return self.send(404, {'error': 'not_found'})
                if form.get('client_id') != fake.client_id or \
                        form.get('client_secret') != fake.client_secret:
                    return self.send(401, {'error': 'invalid_client'})
                asked = fake.codes.pop(form.get('code', ''), None)
                if (not asked or form.get('grant_type') != 'authorization_code'
                        or form.get('redirect_uri') != asked['redirect_uri']):
                    return self.send(400, {'error': 'invalid_grant'})
                verifier = form.get('code_verifier', '')
                if b64u(hashlib.sha256(verifier.encode()).digest()) != asked['code_challenge']:
                    return self.send(400, {'error': 'invalid_grant',
                                           'error_description': 'PKCE verification failed'})
                self.send(200, {'access_token': secrets.token_urlsafe(16), 'token_type': 'Bearer',
                                'expires_in': 300, 'id_token': fake.id_token(asked.get('nonce'))})

        return H


if __name__ == '__main__':
    # Standalone for the browser test: prints the issuer, serves until stdin closes.
    import sys
    fake = FakeProvider(client_id=sys.argv[1] if len(sys.argv) > 1 else 'loket',
                        client_secret=sys.argv[2] if len(sys.argv) > 2 else 'rahasia-klien')
    print(fake.issuer, flush=True)
    sys.stdin.read()
    fake.stop()
