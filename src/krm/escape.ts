// The one escaping of text that leaves the tool for a terminal, a log or a CI runner: names,
// namespaces, file names and messages come from the input, and a newline in a name would
// forge a line of ours (or a GitHub Actions `::error` command), an ESC would drive the
// terminal. Every line we print goes through `escapeText`.

/**
 * C0 controls (TAB and LF included: a line is one line), DEL, C1 controls (U+009B is a
 * one-character CSI on some terminals), the Unicode line and paragraph separators, and the
 * bidirectional formatting characters (they reorder what a reader sees: "Trojan Source"), and
 * lone surrogates (no UTF-8 for them: printed they would become U+FFFD, and a YAML `\ud800`
 * escape makes go-yaml, so kpt, refuse the whole output).
 */
const CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * Text made safe to print as (part of) one line: each control character becomes a visible
 * escape (`\n`, `\t`, `\u001b`). The escapes are JSON's, so a line of JSON stays valid JSON
 * with the same value. Backslashes are left as they are.
 */
export function escapeText(s: string): string {
  return s.replace(CONTROL, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Several lines: each escaped, joined by newlines (for output we lay out in lines ourselves). */
export function escapeLines(lines: readonly string[]): string {
  return lines.map(escapeText).join('\n');
}
