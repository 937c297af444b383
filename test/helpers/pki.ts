// Certificates made in the test with openssl: a CA, a server certificate for 127.0.0.1 signed
// by it (the TLS registries and the token server), and a self-signed certificate whose key
// signs the registry tokens (docker-registry's auth.token.rootcertbundle).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  dir: string;
  caCert: string;
  /** PEM of the CA certificate. */
  caPem: string;
  serverCert: string;
  serverKey: string;
  serverCertPem: string;
  serverKeyPem: string;
  tokenCert: string;
  tokenKeyPem: string;
  /** base64 DER of the token signing certificate, for the JWT x5c header. */
  tokenCertDerB64: string;
}

const openssl = (args: string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });

export function makePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=probe-test-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'],
    dir,
  );
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'token.key',
      '-out',
      'token.crt',
      '-days',
      '2',
      '-subj',
      '/CN=probe-test-token-signer',
    ],
    dir,
  );
  const tokenPem = readFileSync(join(dir, 'token.crt'), 'utf8');
  const der = tokenPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    serverCertPem: readFileSync(join(dir, 'server.crt'), 'utf8'),
    serverKeyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
    tokenCert: join(dir, 'token.crt'),
    tokenKeyPem: readFileSync(join(dir, 'token.key'), 'utf8'),
    tokenCertDerB64: der,
  };
}

/**
 * A bcrypt htpasswd line (docker-registry accepts bcrypt only), made with perl's crypt(3):
 * perl-base is Essential in Debian, and its libcrypt (libxcrypt) does bcrypt.
 */
export function htpasswdLine(user: string, password: string): string {
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let salt = '';
  for (let i = 0; i < 21; i++) salt += alphabet[Math.floor(Math.random() * 64)];
  salt += '.'; // the 22nd character carries 2 bits: "." keeps them zero
  const hash = execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, `$2y$05$${salt}`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (!hash.startsWith('$2')) throw new Error(`perl crypt did not make a bcrypt hash: ${hash.slice(0, 4)}`);
  return `${user}:${hash}`;
}
