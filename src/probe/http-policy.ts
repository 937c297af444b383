// Decisions of the registry client that need no network: what an HTTP answer means for an
// attempt, how a network error is described, and where credentials may go.
import type { CheckStatus } from './run.js';
import { hostOf } from './location.js';

/** manifest.DefaultRequestedManifestMIMETypes (containers/image manifest/manifest.go), in its order. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
] as const;

/** Redirects followed per request (Go's http.Client follows 10; a manifest HEAD rarely needs one). */
export const MAX_REDIRECTS = 5;
/** iolimits.MaxAuthTokenBodySize. */
export const MAX_TOKEN_BODY = 1 << 20;
/** Error bodies are read only this far (nothing of them is printed but an error code). */
export const MAX_ERROR_BODY = 64 << 10;

/** What the status of a manifest HEAD means. containers/image: anything but 200 fails the attempt. */
export function manifestStatus(status: number): { status: CheckStatus; error?: string } {
  if (status === 200) return { status: 'found' };
  if (status === 404) return { status: 'missing', error: 'manifest unknown (404)' };
  if (status === 401 || status === 403) return { status: 'unauthorized' };
  if (status === 429) return { status: 'error', error: 'too many requests (429)' };
  return { status: 'error', error: `unexpected HTTP status ${status}` };
}

/** What a /v2/ ping answer means: 200 and 401 are a registry (detectPropertiesHelper). */
export function pingStatus(status: number): { ok: true } | { ok: false; status: CheckStatus; error: string } {
  if (status === 200 || status === 401) return { ok: true };
  if (status === 403) return { ok: false, status: 'unauthorized', error: 'GET /v2/ answered 403' };
  return { ok: false, status: 'error', error: `GET /v2/ answered HTTP ${status}: not a registry API endpoint` };
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/** A network failure in words: "connection refused", "TLS: ...", "timeout after 2000 ms". */
export function describeNetworkError(err: { code?: string; message?: string }): string {
  const code = err.code ?? '';
  const message = (err.message ?? 'unknown error').split('\n')[0]!;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not resolved (${code})`;
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `no route to host (${code})`;
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    // OpenSSL's "write EPROTO 80..:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/..."
    const m = /SSL routines:[^:]*:([^:]*)/.exec(message);
    const reason = m ? m[1]! : message;
    const hint = reason === 'wrong version number' ? ' (a plain HTTP endpoint? only an insecure one may use HTTP)' : '';
    return `TLS: ${reason}${hint}${code ? ` (${code})` : ''}`;
  }
  return code ? `${message} (${code})` : message;
}

/** Same scheme, host and port: the only redirect target that still gets the Authorization header. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port;
}

/** Docker Hub's registry hands out tokens from another host. */
const KNOWN_REALM_HOSTS: Record<string, readonly string[]> = { 'registry-1.docker.io': ['auth.docker.io'] };

export type RealmDecision = { send: true } | { send: false; why: string };

/**
 * Whether credentials go to a Bearer token realm. containers/image (docker_client.go
 * getBearerToken) sends them to whatever realm the registry names, over any scheme. probe is
 * stricter: only to a realm on the registry's own host name (any port), to Docker Hub's known
 * auth host, or to a host the user allowed (--allow-realm); never from HTTPS down to HTTP.
 * Otherwise the token is asked for anonymously and the report says why.
 */
export function realmDecision(
  registry: string,
  registryScheme: 'https' | 'http',
  realm: URL,
  allowed: ReadonlySet<string>,
): RealmDecision {
  const realmHost = realm.hostname;
  const own = hostOf(registry);
  const trusted =
    realmHost === own ||
    (KNOWN_REALM_HOSTS[registry] ?? []).includes(realmHost) ||
    allowed.has(realmHost) ||
    allowed.has(realm.host);
  if (!trusted)
    return {
      send: false,
      why: `token realm ${realm.host} is another host than the registry ${registry}; credentials not sent (allow it with --allow-realm ${realmHost})`,
    };
  if (registryScheme === 'https' && realm.protocol !== 'https:')
    return {
      send: false,
      why: `token realm ${realm.origin} is plain HTTP for an HTTPS registry; credentials not sent`,
    };
  return { send: true };
}

/** A realm URL the client may call at all: http or https, no user info. */
export function parseRealm(realm: string): { ok: true; url: URL } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return { ok: false, error: `Bearer challenge realm is not a URL: ${JSON.stringify(realm.slice(0, 200))}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: `Bearer challenge realm has scheme ${url.protocol}` };
  if (url.username !== '' || url.password !== '')
    return { ok: false, error: 'Bearer challenge realm carries user info' };
  return { ok: true, url };
}

/** url.Values.Encode for the token request: keys sorted, values percent-encoded from their bytes. */
export function formEncode(
  params: ReadonlyArray<[string, string]>,
  latin1Keys: ReadonlySet<string> = new Set(),
): string {
  const enc = (s: string, latin1: boolean) => {
    const bytes = Buffer.from(s, latin1 ? 'latin1' : 'utf8');
    let out = '';
    for (const b of bytes) {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
      else if (b === 0x20) out += '+';
      else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
  return [...params]
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p[0] < b.p[0] ? -1 : a.p[0] > b.p[0] ? 1 : a.i - b.i))
    .map(({ p: [k, v] }) => `${enc(k, false)}=${enc(v, latin1Keys.has(k))}`)
    .join('&');
}
