// A small Docker token server (the distribution "token" auth spec) for docker-registry's
// `auth: token:` config, run in the test process on 127.0.0.1. It signs RS256 JWTs with a key
// whose self-signed certificate is the registry's rootcertbundle, naming that certificate in
// the JWT header (x5c), which distribution 2.8 verifies against the bundle
// (registry/auth/token/token.go VerifySigningKey / parseAndVerifyCertChain).
//   GET /token?service=S&scope=repository:NAME:ACTIONS[&scope=...][&account=U]
//   - Basic credentials of a known user: every requested action on every requested repository;
//   - wrong credentials: 401;
//   - anonymous: pull on repositories under one of `anonymousPull` prefixes, nothing else.
// Every request's method, URL and headers are recorded (to prove who sent what).
import { createSign, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

export interface TokenServerOptions {
  issuer: string;
  service: string;
  signingKeyPem: string;
  signingCertDerB64: string;
  users: Record<string, string>;
  anonymousPull?: string[];
  /** Serve HTTPS with this certificate. */
  tls?: { certPem: string; keyPem: string };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface TokenServer {
  url: string;
  host: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string) =>
  Buffer.from(b).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

export function signToken(
  o: TokenServerOptions,
  subject: string,
  access: Array<{ type: string; name: string; actions: string[] }>,
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c: [o.signingCertDerB64] };
  const claims = {
    iss: o.issuer,
    sub: subject,
    aud: o.service,
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomBytes(8).toString('hex'),
    access,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = createSign('RSA-SHA256').update(input).sign(o.signingKeyPem);
  return `${input}.${b64url(sig)}`;
}

function basicUser(req: IncomingMessage): { user: string; password: string } | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startTokenServer(o: TokenServerOptions): Promise<TokenServer> {
  const requests: RecordedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    const creds = basicUser(req);
    let subject = '';
    if (creds !== undefined) {
      if (o.users[creds.user] === undefined || o.users[creds.user] !== creds.password) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"invalid credentials"}');
        return;
      }
      subject = creds.user;
    }
    const access: Array<{ type: string; name: string; actions: string[] }> = [];
    for (const scope of url.searchParams.getAll('scope')) {
      const [type, name, actions] = scope.split(':');
      if (type !== 'repository' || name === undefined || actions === undefined) continue;
      if (subject !== '') access.push({ type, name, actions: actions.split(',') });
      else if ((o.anonymousPull ?? []).some((p) => name.startsWith(p)) && actions.split(',').includes('pull'))
        access.push({ type, name, actions: ['pull'] });
    }
    const token = signToken(o, subject, access);
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  };
  const server: Server = o.tls
    ? createHttpsServer({ cert: o.tls.certPem, key: o.tls.keyPem }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error('no address');
  const host = `127.0.0.1:${a.port}`;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host}/token`,
    host,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
