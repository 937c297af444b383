// Go's %q / %#v for a string (strconv.Quote), as MCO's error messages print scopes, so that our
// messages quote MCO's errors exactly. Printable ASCII is kept (with \" and \\); the usual C
// escapes; other bytes below 0x20 and 0x7f as \xNN; other code points are kept when printable
// in Go's sense, approximated as "not a control, format, private-use, surrogate or unassigned
// character or a line/paragraph separator" (\uNNNN otherwise).

const SIMPLE: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const simple = SIMPLE[ch];
    if (simple) out += simple;
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x80) out += ch;
    else if (UNPRINTABLE.test(ch))
      out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Go's %q of a []string: ["a" "b"]. */
export const goQuoteList = (xs: readonly string[]): string => `[${xs.map(goQuote).join(' ')}]`;
