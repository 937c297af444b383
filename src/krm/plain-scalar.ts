// What a plain (unquoted) scalar means, in the few answers that need no parser: "this exact
// string", "null", or "not sure". The fast reader returns a plain scalar as a string only
// when YAML 1.2 core (the `yaml` package), YAML 1.1 and go-yaml v2 (what kubectl reads with,
// through sigs.k8s.io/yaml) all read it as that string; the YAML writer quotes every string
// for which this is not `Plain.String`, so that no reader takes `no`, `on`, `0b11` or `0644`
// for a boolean or a number. Conservative on purpose: a string that only looks like a
// number, a boolean, a timestamp or a merge key to one of them, or might, is "not sure".

export enum Plain {
  String,
  Null,
  Unsure,
}

/** Booleans and nulls of YAML 1.1 and 1.2 together: the words that are not strings. */
const WORDS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'null',
  'Null',
  'NULL',
]);

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);

/** The words no reader takes for a string: booleans and nulls of YAML 1.1 and 1.2. */
export const BOOL_NULL_WORDS: readonly string[] = [...new Set([...WORDS, ...NULLS])];
const EXPONENT_ONLY = /^[eE][-+]?[0-9]+$/;

// Letters that occur in some number or timestamp form of one of the three readers: hex
// digits, the 0x/0o/0b prefixes, exponents, timestamps' T and Z, .inf/.nan, hex floats' p.
const NUMERIC_LETTER = new Uint8Array(128);
for (const c of 'abcdefABCDEFxXoObBtTzZiInNpP') NUMERIC_LETTER[c.charCodeAt(0)] = 1;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * First characters after which no reader resolves anything but a string (and none of them
 * is a YAML indicator). Letters, digits, sign and dot are judged separately.
 */
const SAFE_FIRST = new Set([...'/_$(=^;'].map((c) => c.charCodeAt(0)));

/**
 * s: a plain scalar as it stands in block context, one line, printable ASCII, no leading or
 * trailing space, not starting with an indicator (callers check that first).
 */
export function classifyPlain(s: string): Plain {
  const c = s.charCodeAt(0);
  // (`e5`: the yaml package's YAML 1.1 float pattern leaves the digits before the exponent
  // optional, so it reads NaN there.)
  if (isLetter(c)) {
    const exponent = (c === 101 || c === 69) && EXPONENT_ONLY.test(s);
    if (s.length > 5) return exponent ? Plain.Unsure : Plain.String;
    if (NULLS.has(s)) return Plain.Null;
    return WORDS.has(s) || exponent ? Plain.Unsure : Plain.String;
  }
  if (isDigit(c) || c === 43 /* + */ || c === 45 /* - */ || c === 46 /* . */) {
    // No number or timestamp of any reader has a slash, two dots, or such a letter.
    let dots = 0;
    for (let i = 0; i < s.length; i++) {
      const d = s.charCodeAt(i);
      if (d === 47 /* / */) return Plain.String;
      if (d === 46) dots++;
      else if (isLetter(d) && !NUMERIC_LETTER[d]) return Plain.String;
    }
    return dots >= 2 ? Plain.String : Plain.Unsure;
  }
  if (c === 126 /* ~ */ && s.length === 1) return Plain.Null;
  return SAFE_FIRST.has(c) ? Plain.String : Plain.Unsure;
}
