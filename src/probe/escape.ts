// What probe prints: registry names, file paths, and error texts from the network and from auth
// files can hold control characters (krm/escape.ts, the tool's one escaping of text lines); and
// no credential value may be printed, whatever text carried it.
import { escapeData, escapeProperty } from '../check/format.js';
import { escapeText } from '../krm/escape.js';
import { REDACTED } from '../registries/credentials.js';

export { escapeText };

/** The characters escapeText escapes that JSON.stringify writes raw: DEL, C1, U+2028, U+2029. */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029]/g;

/** JSON.stringify, with those characters as \u escapes too: the same value, safe to show. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A GitHub workflow command's message: escapeText, then GitHub's own escaping (check's). */
export const escapeGithubData = (s: string) => escapeData(escapeText(s));
/** ... and a property value: also ":" and ",". */
export const escapeGithubProperty = (s: string) => escapeProperty(escapeText(s));

/**
 * A last line of defence before anything is printed: every occurrence of a known secret value
 * (password, the base64 `auth` text, a bearer token, a Basic header value) is replaced.
 * Values shorter than 4 characters are left alone: replacing "a" everywhere would only garble.
 */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  const values = [...new Set([...secrets].filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  for (const v of values) out = out.split(v).join(REDACTED);
  return out;
}
