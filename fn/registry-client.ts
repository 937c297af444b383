// The OCI distribution client of `probe`, on node:http/https only. For one pull location:
//   1. GET /v2/ (the ping): HTTPS; for an insecure endpoint HTTPS without verification, then
//      plain HTTP if that fails (docker_client.go detectPropertiesHelper). 200 or 401 is a
//      registry; its WWW-Authenticate challenges are kept for the host (as upstream does, the
//      ping's challenges serve every request to that host).
//   2. The first Basic or Bearer challenge: Basic sends the credentials found for the
//      location's name; Bearer asks the realm for a token (service, scope
//      repository:<path>:pull, account), with the credentials only where realmDecision allows.
//      An identity token is exchanged with a POST (grant_type=refresh_token), as upstream.
//   3. HEAD /v2/<path>/manifests/<tag|digest> with containers/image's Accept list.
// Redirects: followed up to MAX_REDIRECTS for the ping and the manifest HEAD; the
// Authorization header only goes to the same scheme+host+port (stricter than Go, which keeps it
// for the same host name on another port). The token request follows none.
// Every request has a timeout (the smaller of --timeout and what is left of --deadline); no
// agent (one connection per request, closed after), so nothing keeps the process alive.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Lookup } from '../src/registries/credentials.js';
import {
  describeNetworkError,
  formEncode,
  MANIFEST_ACCEPT,
  manifestStatus,
  MAX_ERROR_BODY,
  MAX_REDIRECTS,
  MAX_TOKEN_BODY,
  parseRealm,
  pingStatus,
  realmDecision,
  sameOrigin,
} from '../src/probe/http-policy.js';
import { parseLocation, type Location } from '../src/probe/location.js';
import type { AttemptPlan } from '../src/probe/plan.js';
import type { Check, CheckResult, CheckStatus } from '../src/probe/run.js';
import { parseChallenges, usableChallenge, type Challenge } from '../src/probe/www-authenticate.js';
import { withheldIfEchoed } from '../src/probe/escape.js';

export interface TlsMaterial {
  /** Extra CA certificates (PEM), added to Node's built-in roots. */
  ca?: string[];
  cert?: string;
  key?: string;
  /** The cert dir could not be used: the attempt fails with this (containers/image fails too). */
  error?: string;
}

export interface ClientOptions {
  timeoutMs: number;
  /**
   * The trusted CA certificates (PEM) before any --cert-dir ones: the system's, as Go's
   * x509.SystemCertPool reads them; undefined: Node's built-in roots.
   */
  systemCa?: readonly string[];
  /** Date.now() value after which nothing new is asked. */
  deadlineAt: number;
  /** Credentials for an image name (host/path); undefined when there is no auth file. */
  credentials?: (name: string) => Lookup;
  /** TLS material for a host[:port] as written in the reference. */
  tls?: (domain: string) => TlsMaterial;
  allowRealmHosts?: ReadonlySet<string>;
  /** Told every secret value that goes on the wire, so that the caller can scrub output. */
  onSecret?: (value: string) => void;
  userAgent?: string;
  /** Clock, for latency (tests never assert timings). */
  now?: () => number;
}

class DeadlineError extends Error {}
/** A redirect probe will not follow: the registry answered, but not usably. */
class RedirectError extends Error {}
class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`timeout after ${ms} ms`);
  }
}

interface Response {
  status: number;
  headers: Record<string, string[]>;
  body: Buffer;
  url: URL;
}

interface SendOptions {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string | string[]>;
  body?: string;
  tls: TlsMaterial;
  verify: boolean;
  maxBody: number;
}

/** A step of one attempt: its value, or the attempt's result when the step failed. */
type Step<T> = { ok: true; value: T } | { ok: false; result: CheckResult };

const failed = <T>(status: CheckStatus, error: string, httpStatus?: number): Step<T> => ({
  ok: false,
  result: { status, error, ...(httpStatus !== undefined ? { httpStatus } : {}) },
});

export function createRegistryCheck(options: ClientOptions): Check {
  const now = options.now ?? Date.now;
  const userAgent = options.userAgent ?? 'image-tag-mirrors-probe';
  const allowed = options.allowRealmHosts ?? new Set<string>();
  /** Every credential value sent: a registry that echoes one gets the echoed value withheld. */
  const sent = new Set<string>();
  const secret = (v: string) => {
    sent.add(v);
    options.onSecret?.(v);
    return v;
  };

  const timeoutFor = (): number => {
    const left = options.deadlineAt - now();
    if (left <= 0) throw new DeadlineError();
    return Math.min(options.timeoutMs, left);
  };

  function sendOnce(url: URL, o: SendOptions): Promise<Response> {
    const ms = timeoutFor();
    const deadlineCut = ms < options.timeoutMs;
    return new Promise<Response>((resolve, reject) => {
      const isHttps = url.protocol === 'https:';
      const base: RequestOptions = {
        method: o.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers: o.headers,
        agent: false,
      };
      if (isHttps) {
        base.rejectUnauthorized = o.verify;
        const extra = o.tls.ca ?? [];
        if (options.systemCa !== undefined) base.ca = [...options.systemCa, ...extra];
        else if (extra.length > 0) base.ca = [...rootCertificates, ...extra];
        if (o.tls.cert) base.cert = o.tls.cert;
        if (o.tls.key) base.key = o.tls.key;
        // SNI takes a host name, never an IP address.
        if (!/^[0-9.]+$/.test(url.hostname)) base.servername = url.hostname;
      }
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = (isHttps ? httpsRequest : httpRequest)(base, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= o.maxBody) chunks.push(c);
          else res.destroy();
        });
        const done = () =>
          finish(() =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headersDistinct as Record<string, string[]>,
              body: Buffer.concat(chunks),
              url,
            }),
          );
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      const timer = setTimeout(() => {
        const err = deadlineCut ? new DeadlineError() : new TimeoutError(ms);
        req.destroy(err);
        finish(() => reject(err));
      }, ms);
      req.on('error', (e) => finish(() => reject(e)));
      if (o.body !== undefined) req.end(o.body);
      else req.end();
    });
  }

  /** Follows redirects; `auth` goes only to the first request's origin. */
  async function send(
    url: URL,
    o: SendOptions,
    auth: string | undefined,
    follow: boolean,
  ): Promise<Response & { hops: string[] }> {
    const origin = url;
    const hops: string[] = [];
    let current = url;
    for (let hop = 0; ; hop++) {
      const headers = { ...o.headers };
      if (auth !== undefined && sameOrigin(origin, current)) headers['Authorization'] = auth;
      const res = await sendOnce(current, { ...o, headers });
      const location = res.headers['location']?.[0];
      if (!follow || ![301, 302, 303, 307, 308].includes(res.status) || location === undefined) return { ...res, hops };
      if (hop >= MAX_REDIRECTS) throw new RedirectError(`stopped after ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new RedirectError('redirect to an invalid URL');
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:')
        throw new RedirectError(`redirect to scheme ${next.protocol}`);
      hops.push(next.origin);
      current = next;
    }
  }

  interface Endpoint {
    base: URL;
    scheme: 'https' | 'http';
    challenges: Challenge[];
    verify: boolean;
    tls: TlsMaterial;
  }

  const pings = new Map<string, Promise<Step<Endpoint>>>();

  function ping(loc: Location, insecure: boolean): Promise<Step<Endpoint>> {
    const key = `${insecure ? 'insecure ' : ''}${loc.domain}`;
    let p = pings.get(key);
    if (p === undefined) {
      p = doPing(loc, insecure);
      pings.set(key, p);
    }
    return p;
  }

  async function doPing(loc: Location, insecure: boolean): Promise<Step<Endpoint>> {
    const tls = options.tls?.(loc.domain) ?? {};
    if (tls.error !== undefined) return failed('unreachable', `TLS configuration: ${tls.error}`);
    const tryScheme = async (scheme: 'https' | 'http'): Promise<Step<Endpoint>> => {
      const base = new URL(`${scheme}://${loc.registry}`);
      try {
        const res = await send(
          new URL('/v2/', base),
          { method: 'GET', headers: commonHeaders(), tls, verify: !insecure, maxBody: MAX_ERROR_BODY },
          undefined,
          true,
        );
        const s = pingStatus(res.status);
        if (!s.ok) return failed(s.status, `${scheme}: ${s.error}`, res.status);
        return {
          ok: true,
          value: {
            base,
            scheme,
            challenges: parseChallenges(res.headers['www-authenticate'] ?? []),
            verify: !insecure,
            tls,
          },
        };
      } catch (e) {
        if (e instanceof DeadlineError) throw e;
        if (e instanceof RedirectError) return failed('error', `${scheme}: GET /v2/: ${e.message}`);
        return failed('unreachable', `${scheme}: ${describeNetworkError(e as NodeJS.ErrnoException)}`);
      }
    };
    const https = await tryScheme('https');
    if (https.ok || !insecure) return https;
    const http = await tryScheme('http');
    if (http.ok) return http;
    // Both failed: say both (upstream returns the second error only).
    return { ok: false, result: { ...http.result, error: `${https.result.error}; ${http.result.error}` } };
  }

  function commonHeaders(): Record<string, string> {
    return { 'User-Agent': userAgent, 'Docker-Distribution-API-Version': 'registry/2.0' };
  }

  const tokens = new Map<string, Promise<Step<string>>>();

  async function token(
    ep: Endpoint,
    loc: Location,
    challenge: Challenge,
    lookup: Lookup | undefined,
  ): Promise<Step<{ token: string; note?: string }>> {
    const realmText = challenge.params.get('realm');
    if (realmText === undefined) return failed('error', 'missing realm in bearer auth challenge');
    const realm = parseRealm(realmText);
    if (!realm.ok) return failed('error', realm.error);
    const creds = lookup?.kind === 'found' ? lookup.credentials : undefined;
    let note: string | undefined;
    let send = creds !== undefined;
    if (send) {
      const d = realmDecision(loc.registry, ep.scheme, realm.url, allowed);
      if (!d.send) {
        send = false;
        note = d.why;
      }
    }
    const service = challenge.params.get('service') ?? '';
    const scope = `repository:${loc.repository}:pull`;
    const identity = send && creds?.identityToken !== undefined;
    const cacheKey = JSON.stringify([
      realm.url.href,
      service,
      scope,
      send && lookup?.kind === 'found' ? lookup.key : '',
      identity,
    ]);
    let p = tokens.get(cacheKey);
    if (p === undefined) {
      p = fetchToken(ep, realm.url, service, scope, send ? creds : undefined);
      tokens.set(cacheKey, p);
    }
    const t = await p;
    if (!t.ok)
      return note !== undefined ? { ok: false, result: { ...t.result, error: `${t.result.error ?? ''}; ${note}` } } : t;
    return { ok: true, value: { token: t.value, ...(note !== undefined ? { note } : {}) } };
  }

  async function fetchToken(
    ep: Endpoint,
    realm: URL,
    service: string,
    scope: string,
    creds: (Lookup & { kind: 'found' })['credentials'] | undefined,
  ): Promise<Step<string>> {
    const headers: Record<string, string> = { 'User-Agent': userAgent };
    let method: 'GET' | 'POST' = 'GET';
    let body: string | undefined;
    const url = new URL(realm.href);
    if (creds?.identityToken !== undefined) {
      // getBearerTokenOAuth2: the realm's own query, then the form, all in the body.
      method = 'POST';
      const params: Array<[string, string]> = [...url.searchParams.entries()];
      if (service !== '') params.push(['service', service]);
      params.push(
        ['scope', scope],
        ['grant_type', 'refresh_token'],
        ['refresh_token', secret(creds.identityToken.reveal())],
        ['client_id', 'containers/image'],
      );
      body = formEncode(params);
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else {
      // getBearerToken: the realm's own query kept, account/service/scope added.
      const params: Array<[string, string]> = [...url.searchParams.entries()];
      if (creds !== undefined && creds.username !== '') params.push(['account', creds.username]);
      if (service !== '') params.push(['service', service]);
      params.push(['scope', scope]);
      url.search = formEncode(params, new Set(['account']));
      if (creds !== undefined && creds.username !== '' && !creds.password.empty) {
        headers['Authorization'] =
          `Basic ${secret(Buffer.from(`${creds.username}:${secret(creds.password.reveal())}`, 'latin1').toString('base64'))}`;
      }
    }
    let res: Response;
    try {
      res = await send(
        url,
        {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
          tls: ep.tls,
          verify: ep.verify,
          maxBody: MAX_TOKEN_BODY,
        },
        undefined,
        false,
      );
    } catch (e) {
      if (e instanceof DeadlineError) throw e;
      return failed('unreachable', `token realm ${realm.host}: ${describeNetworkError(e as NodeJS.ErrnoException)}`);
    }
    if (res.status >= 300 && res.status < 400)
      return failed('error', `token realm ${realm.host} answered a redirect (${res.status}); not followed`, res.status);
    if (res.status === 401 || res.status === 403)
      return failed(
        'unauthorized',
        `token realm ${realm.host} refused ${creds ? 'the credentials' : 'an anonymous token'} (${res.status})`,
        res.status,
      );
    if (res.status !== 200) return failed('error', `token realm ${realm.host} answered HTTP ${res.status}`, res.status);
    let doc: unknown;
    try {
      doc = JSON.parse(res.body.toString('utf8'));
    } catch {
      return failed('error', `token realm ${realm.host}: the answer is not JSON`);
    }
    const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
    const t =
      typeof o.token === 'string' && o.token !== ''
        ? o.token
        : typeof o.access_token === 'string'
          ? o.access_token
          : '';
    if (t === '') return failed('error', `token realm ${realm.host}: no token in the answer`);
    return { ok: true, value: secret(t) };
  }

  async function check(attempt: AttemptPlan): Promise<CheckResult> {
    const started = now();
    const parsed = parseLocation(attempt.location);
    if (!parsed.ok) return { status: 'error', error: parsed.error };
    const loc = parsed.value;
    const lookup = options.credentials?.(loc.name);
    if (lookup?.kind === 'error') return { status: 'error', error: `getting username and password: ${lookup.error}` };
    const authKey = lookup?.kind === 'found' ? lookup.key : undefined;
    const withMeta = (r: CheckResult, scheme?: 'https' | 'http'): CheckResult => ({
      ...r,
      latencyMs: Math.max(0, Math.round(now() - started)),
      ...(scheme !== undefined ? { scheme } : {}),
      ...(authKey !== undefined && r.authKey === undefined ? { authKey } : {}),
    });
    try {
      const ep = await ping(loc, attempt.insecure);
      if (!ep.ok) return withMeta(ep.result);
      const e = ep.value;
      const challenge = usableChallenge(e.challenges);
      let auth: string | undefined;
      let note: string | undefined;
      if (challenge?.scheme === 'basic' && lookup?.kind === 'found') {
        const c = lookup.credentials;
        auth = `Basic ${secret(Buffer.from(`${c.username}:${secret(c.password.reveal())}`, 'latin1').toString('base64'))}`;
      } else if (challenge?.scheme === 'bearer') {
        const t = await token(e, loc, challenge, lookup);
        if (!t.ok) return withMeta(t.result, e.scheme);
        auth = `Bearer ${t.value.token}`;
        note = t.value.note;
      }
      const path = `/v2/${loc.repository}/manifests/${loc.reference}`;
      let res: Response & { hops: string[] };
      try {
        res = await send(
          new URL(path, e.base),
          {
            method: 'HEAD',
            headers: { ...commonHeaders(), Accept: [...MANIFEST_ACCEPT] },
            tls: e.tls,
            verify: e.verify,
            maxBody: 0,
          },
          auth,
          true,
        );
      } catch (err) {
        if (err instanceof DeadlineError) throw err;
        if (err instanceof RedirectError) return withMeta({ status: 'error', error: err.message }, e.scheme);
        return withMeta({ status: 'unreachable', error: describeNetworkError(err as NodeJS.ErrnoException) }, e.scheme);
      }
      const m = manifestStatus(res.status);
      const out: CheckResult = { status: m.status, httpStatus: res.status };
      const why: string[] = [];
      if (m.error !== undefined) why.push(m.error);
      if (m.status === 'unauthorized') why.push(unauthorizedWhy(lookup, challenge, loc.name));
      if (m.status === 'found' && loc.byDigest) {
        const got = res.headers['docker-content-digest']?.[0];
        if (got !== undefined && got !== loc.reference) {
          out.status = 'missing';
          // Whole or withheld, checked before it is cut to length (a cut could split a secret).
          const shown = withheldIfEchoed(got, sent);
          why.push(`the registry answered digest ${shown === got ? got.slice(0, 80) : shown}`);
        }
      }
      if (res.hops.length > 0)
        why.push(
          `redirected to ${res.hops.map((h) => withheldIfEchoed(h, sent)).join(' -> ')}${auth !== undefined && res.hops.some((h) => h !== e.base.origin) ? ' (without credentials)' : ''}`,
        );
      if (note !== undefined) why.push(note);
      if (why.length > 0) out.error = why.join('; ');
      return withMeta(out, e.scheme);
    } catch (err) {
      if (err instanceof DeadlineError)
        return { status: 'unreachable', deadline: true, error: "the run's deadline passed" };
      return withMeta({ status: 'error', error: describeNetworkError(err as NodeJS.ErrnoException) });
    }
  }

  return check;
}

function unauthorizedWhy(lookup: Lookup | undefined, challenge: Challenge | undefined, name: string): string {
  if (lookup === undefined) return 'no auth file given';
  switch (lookup.kind) {
    case 'found':
      return `the credentials of "${lookup.key}" were refused${challenge === undefined ? ' (the registry sent no challenge)' : ''}`;
    case 'empty':
      return `the auth file entry "${lookup.key}" holds no credentials`;
    case 'helper':
      return `credential helper "${lookup.helper}" for ${lookup.registry} is not run by probe`;
    case 'none':
      return `no credentials for ${name} in the auth file`;
    case 'error':
      return lookup.error;
  }
}
