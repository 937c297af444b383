// Credentials go to the host they are for, and nowhere else: not through a redirect to another
// origin, not to a token realm on another host (unless allowed), not to another attempt's host.
// Registry doubles on 127.0.0.1 record every header they receive; "localhost:PORT" names the
// same machine under another host name. The client is fn/registry-client.ts itself, in process.
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRegistryCheck } from '../../fn/registry-client.js';
import { lookupCredentials, parseAuthFile, REDACTED } from '../../src/registries/credentials.js';
import type { AttemptPlan } from '../../src/probe/plan.js';
import { startRecorder, type Recorder } from '../helpers/fake-servers.js';

const USER = 'alice';
const PASSWORD = 'pw-that-must-not-travel';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

const started: Recorder[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.stop();
});

async function recorder(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Recorder> {
  const r = await startRecorder(handle);
  started.push(r);
  return r;
}

function checkWith(authKeys: string[], allowRealmHosts: string[] = []) {
  const parsed = parseAuthFile(
    JSON.stringify({
      auths: Object.fromEntries(
        authKeys.map((k) => [k, { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') }]),
      ),
    }),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return createRegistryCheck({
    timeoutMs: 5000,
    deadlineAt: Date.now() + 60_000,
    credentials: (n) => lookupCredentials(parsed.file, n),
    allowRealmHosts: new Set(allowRealmHosts),
  });
}

const attempt = (location: string): AttemptPlan => ({ location, kind: 'mirror', disposition: 'try', insecure: true });

/** A registry double: /v2/ answers 401 with `challenge`; manifests go to `manifest`. */
function registry(challenge: string, manifest: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/v2/') {
      res.writeHead(401, { 'WWW-Authenticate': challenge }).end();
      return;
    }
    manifest(req, res);
  };
}

const authOf = (r: Recorder) => r.requests.map((q) => q.headers.authorization ?? null);

describe('redirects', () => {
  it('a redirect to another host name is followed without the Authorization header', async () => {
    const target = await recorder((_req, res) => res.writeHead(200, { 'Docker-Content-Digest': 'sha256:x' }).end());
    const origin = await recorder(
      registry('Basic realm="r"', (req, res) => {
        res
          .writeHead(req.headers.authorization === BASIC ? 307 : 401, {
            Location: `http://localhost:${target.port}/v2/team/app/manifests/v1`,
          })
          .end();
      }),
    );
    const r = await checkWith([`127.0.0.1:${origin.port}`])(attempt(`127.0.0.1:${origin.port}/team/app:v1`));
    expect(authOf(origin)).toEqual([null, BASIC]); // the ping goes without; the HEAD with (a control: the credentials were used)
    expect(target.requests.map((q) => [q.method, q.url])).toEqual([['HEAD', '/v2/team/app/manifests/v1']]);
    expect(authOf(target)).toEqual([null]);
    expect(r).toMatchObject({
      status: 'found',
      httpStatus: 200,
      error: expect.stringContaining(`redirected to http://localhost:${target.port} (without credentials)`),
    });
  });

  it('another port on the same host is another origin: no Authorization either (stricter than Go)', async () => {
    const target = await recorder((_req, res) => res.writeHead(200).end());
    const origin = await recorder(
      registry('Basic realm="r"', (_req, res) =>
        res.writeHead(302, { Location: `http://127.0.0.1:${target.port}/v2/team/app/manifests/v1` }).end(),
      ),
    );
    await checkWith([`127.0.0.1:${origin.port}`])(attempt(`127.0.0.1:${origin.port}/team/app:v1`));
    expect(target.requests).toHaveLength(1);
    expect(authOf(target)).toEqual([null]);
  });

  it('a redirect within the same origin keeps the Authorization header', async () => {
    const origin = await recorder(
      registry('Basic realm="r"', (req, res) => {
        if (req.url === '/v2/team/app/manifests/v1')
          res.writeHead(307, { Location: '/v2/team/moved/manifests/v1' }).end();
        else res.writeHead(req.headers.authorization === BASIC ? 200 : 401).end();
      }),
    );
    const r = await checkWith([`127.0.0.1:${origin.port}`])(attempt(`127.0.0.1:${origin.port}/team/app:v1`));
    expect(authOf(origin)).toEqual([null, BASIC, BASIC]);
    expect(r.status).toBe('found');
  });

  it('redirect loops stop', async () => {
    const origin = await recorder(
      registry('Basic realm="r"', (_req, res) => res.writeHead(302, { Location: '/v2/team/app/manifests/v1' }).end()),
    );
    const r = await checkWith([])(attempt(`127.0.0.1:${origin.port}/team/app:v1`));
    expect(r).toMatchObject({ status: 'error', error: 'stopped after 5 redirects' });
    expect(origin.requests).toHaveLength(1 + 6);
  });
});

describe('Bearer token realms', () => {
  const tokenServer = () =>
    recorder((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'tok-anonymous-or-not' })),
    );
  const bearerRegistry = (realm: string) =>
    recorder(
      registry(`Bearer realm="${realm}",service="svc"`, (req, res) =>
        res.writeHead(req.headers.authorization === 'Bearer tok-anonymous-or-not' ? 200 : 401).end(),
      ),
    );

  it('a realm on another host gets no credentials (an anonymous token request), and the report says so', async () => {
    const token = await tokenServer();
    const reg = await bearerRegistry(`http://localhost:${token.port}/token`);
    const r = await checkWith([`127.0.0.1:${reg.port}`])(attempt(`127.0.0.1:${reg.port}/team/app:v1`));
    expect(authOf(token)).toEqual([null]);
    expect(token.requests[0]!.url).toBe('/token?scope=repository%3Ateam%2Fapp%3Apull&service=svc'); // no account either
    expect(r).toMatchObject({
      status: 'found',
      error: expect.stringContaining('credentials not sent (allow it with --allow-realm localhost)'),
    });
  });

  it('--allow-realm HOST: the realm gets the credentials (GET with Basic and account, as containers/image)', async () => {
    const token = await tokenServer();
    const reg = await bearerRegistry(`http://localhost:${token.port}/token`);
    const r = await checkWith([`127.0.0.1:${reg.port}`], ['localhost'])(attempt(`127.0.0.1:${reg.port}/team/app:v1`));
    expect(authOf(token)).toEqual([BASIC]);
    expect(token.requests[0]!.url).toBe('/token?account=alice&scope=repository%3Ateam%2Fapp%3Apull&service=svc');
    expect(r.status).toBe('found');
    expect(authOf(reg)).toEqual([null, 'Bearer tok-anonymous-or-not']);
  });

  it("a realm on the registry's own host name (another port) gets the credentials", async () => {
    const token = await tokenServer();
    const reg = await bearerRegistry(`http://127.0.0.1:${token.port}/token?x=1`);
    await checkWith([`127.0.0.1:${reg.port}`])(attempt(`127.0.0.1:${reg.port}/team/app:v1`));
    expect(authOf(token)).toEqual([BASIC]);
    expect(token.requests[0]!.url).toBe('/token?account=alice&scope=repository%3Ateam%2Fapp%3Apull&service=svc&x=1');
  });

  it('a redirect from the realm is not followed', async () => {
    const elsewhere = await tokenServer();
    const realm = await recorder((_req, res) =>
      res.writeHead(302, { Location: `http://127.0.0.1:${elsewhere.port}/token` }).end(),
    );
    const reg = await bearerRegistry(`http://127.0.0.1:${realm.port}/token`);
    const r = await checkWith([`127.0.0.1:${reg.port}`])(attempt(`127.0.0.1:${reg.port}/team/app:v1`));
    expect(elsewhere.requests).toEqual([]);
    expect(r).toMatchObject({ status: 'error', httpStatus: 302 });
  });

  it('a realm that refuses: unauthorized, with the realm named', async () => {
    const realm = await recorder((_req, res) => res.writeHead(401).end());
    const reg = await bearerRegistry(`http://127.0.0.1:${realm.port}/token`);
    const r = await checkWith([`127.0.0.1:${reg.port}`])(attempt(`127.0.0.1:${reg.port}/team/app:v1`));
    expect(r).toMatchObject({
      status: 'unauthorized',
      httpStatus: 401,
      error: `token realm 127.0.0.1:${realm.port} refused the credentials (401)`,
    });
  });
});

describe('other attempts', () => {
  it("the credentials of one registry never go to another attempt's registry", async () => {
    const withCreds = await recorder(
      registry('Basic realm="a"', (req, res) => res.writeHead(req.headers.authorization === BASIC ? 404 : 401).end()),
    );
    const without = await recorder(
      registry('Basic realm="b"', (req, res) =>
        res.writeHead(req.headers.authorization === undefined ? 401 : 500).end(),
      ),
    );
    const check = checkWith([`127.0.0.1:${withCreds.port}`]);
    const a = await check(attempt(`127.0.0.1:${withCreds.port}/team/app:v1`));
    const b = await check(attempt(`127.0.0.1:${without.port}/team/app:v1`));
    expect(a.status).toBe('missing');
    expect(b).toMatchObject({
      status: 'unauthorized',
      error: expect.stringContaining(`no credentials for 127.0.0.1:${without.port}/team/app in the auth file`),
    });
    expect(authOf(withCreds)).toEqual([null, BASIC]);
    expect(authOf(without)).toEqual([null, null]);
  });

  it('a server that never answers the ping: unreachable after the timeout', async () => {
    const { startSilent } = await import('../helpers/fake-servers.js');
    const silent = await startSilent();
    try {
      const check = createRegistryCheck({ timeoutMs: 300, deadlineAt: Date.now() + 60_000 });
      const r = await check(attempt(`127.0.0.1:${silent.port}/team/app:v1`));
      // insecure: HTTPS first, then plain HTTP, each timing out.
      expect(r).toMatchObject({
        status: 'unreachable',
        error: 'https: timeout after 300 ms; http: timeout after 300 ms',
      });
      expect(silent.connections()).toBe(2);
    } finally {
      await silent.stop();
    }
  });
});

describe('identity tokens (getBearerTokenOAuth2)', () => {
  it('are exchanged with a POST to the realm: grant_type=refresh_token, client_id containers/image', async () => {
    const bodies: string[] = [];
    const realm = await recorder((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"tok-oauth"}');
      });
    });
    const reg = await recorder(
      registry(`Bearer realm="http://127.0.0.1:${realm.port}/oauth2/token",service="svc"`, (req, res) =>
        res.writeHead(req.headers.authorization === 'Bearer tok-oauth' ? 200 : 401).end(),
      ),
    );
    const parsed = parseAuthFile(
      JSON.stringify({
        auths: {
          [`127.0.0.1:${reg.port}`]: {
            auth: Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64'),
            identitytoken: 'refresh-me-secret',
          },
        },
      }),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const r = await createRegistryCheck({
      timeoutMs: 5000,
      deadlineAt: Date.now() + 60_000,
      credentials: (n) => lookupCredentials(parsed.file, n),
    })(attempt(`127.0.0.1:${reg.port}/team/app:v1`));
    expect(r.status).toBe('found');
    expect(
      realm.requests.map((q) => [q.method, q.url, q.headers['content-type'], q.headers.authorization ?? null]),
    ).toEqual([['POST', '/oauth2/token', 'application/x-www-form-urlencoded', null]]);
    expect(bodies).toEqual([
      'client_id=containers%2Fimage&grant_type=refresh_token&refresh_token=refresh-me-secret&scope=repository%3Ateam%2Fapp%3Apull&service=svc',
    ]);
  });
});

describe('values a registry echoes back', () => {
  it('a digest holding a credential too short to scrub everywhere (3 characters) is withheld whole', async () => {
    const short = 'p%w';
    const basic = `Basic ${Buffer.from(`${USER}:${short}`).toString('base64')}`;
    const origin = await recorder(
      registry('Basic realm="r"', (req, res) => {
        if (req.headers.authorization !== basic) res.writeHead(401).end();
        else res.writeHead(200, { 'Docker-Content-Digest': `sha256:0${short}0` }).end();
      }),
    );
    const parsed = parseAuthFile(
      JSON.stringify({
        auths: { [`127.0.0.1:${origin.port}`]: { auth: Buffer.from(`${USER}:${short}`).toString('base64') } },
      }),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const check = createRegistryCheck({
      timeoutMs: 5000,
      deadlineAt: Date.now() + 60_000,
      credentials: (n) => lookupCredentials(parsed.file, n),
    });
    const r = await check(attempt(`127.0.0.1:${origin.port}/team/app@sha256:${'0'.repeat(64)}`));
    expect(authOf(origin)).toEqual([null, basic]);
    expect(r.status).toBe('missing');
    expect(r.error).toContain(`the registry answered digest ${REDACTED}`);
    expect(r.error).not.toContain(short);
  });
});
