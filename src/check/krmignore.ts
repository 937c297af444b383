// kpt's .krmignore: the files of a package that kpt leaves out of the package's resources.
// kpt reads it with kyaml's ignoreFilesMatcher, which uses go-gitignore
// (github.com/monochromegane/go-gitignore), not git: this is that library's matching, ported.
// Its differences from git matter: a pattern with n path parts is matched against the LAST n
// parts of the path at any depth ("sub/*" matches "a/sub/x.yaml"), unless it starts with "/"
// (then against the first n); any `!` pattern that matches wins over every ignore pattern,
// whatever the order; "**" is two "*" (no part may be skipped); `\#` escapes a leading "#";
// each part is matched with Go's filepath.Match ([...] classes, `\` escapes). kyaml asks about
// each directory as it walks (an ignored directory is not entered) and then about each file.
// Matching is a bounded scan (Go's glob algorithm: no backtracking over more than one star),
// never a regular expression built from the file's text.

interface Pattern {
  /** Starts with "/": matched against the first `depth` parts of the path, else the last. */
  absolute: boolean;
  /** Ends with "/": matches directories only. */
  dirOnly: boolean;
  /** Path parts in the pattern (slashes inside it, plus one). */
  depth: number;
  /** The pattern without leading and trailing slashes. */
  body: string;
  /** Has any of `*?[`: matched with filepath.Match, else compared as it is. */
  glob: boolean;
}

export interface Krmignore {
  ignore: Pattern[];
  accept: Pattern[];
}

/** bufio.Scanner's longest line: go-gitignore stops reading the file at a longer one. */
const MAX_LINE = 64 * 1024;

function pattern(p: string): Pattern | undefined {
  const body = p.replace(/^\/+|\/+$/g, '');
  // go-gitignore indexes a pattern by its first character after one "/": "" or "/" would make
  // it panic (kpt fails); such a line matches nothing here.
  if (p.replace(/^\//, '') === '') return undefined;
  return {
    absolute: p.startsWith('/'),
    dirOnly: p.endsWith('/'),
    depth: (body.match(/\//g)?.length ?? 0) + 1,
    body,
    glob: /[*?[]/.test(p),
  };
}

export function parseKrmignore(text: string): Krmignore {
  const out: Krmignore = { ignore: [], accept: [] };
  for (const raw of text.split('\n')) {
    const line0 = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (Buffer.byteLength(line0, 'utf8') >= MAX_LINE) break;
    let line = line0.replace(/^ +| +$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('\\#')) line = line.slice(1);
    const accept = line.startsWith('!');
    const p = pattern(accept ? line.slice(1) : line);
    if (p) (accept ? out.accept : out.ignore).push(p);
  }
  return out;
}

// ---- Go's path/filepath.Match on "/"-separated paths -----------------------------------

/** One code point of s at i: [code point, its length in UTF-16 units], or undefined at the end. */
function at(s: string, i: number): [number, number] | undefined {
  if (i >= s.length) return undefined;
  const c = s.codePointAt(i)!;
  return [c, c > 0xffff ? 2 : 1];
}

/** A possibly escaped character of a class: [code point, next index], or undefined (bad pattern). */
function classChar(chunk: string, i: number): [number, number] | undefined {
  if (i >= chunk.length || chunk[i] === '-' || chunk[i] === ']') return undefined;
  if (chunk[i] === '\\') {
    i++;
    if (i >= chunk.length) return undefined;
  }
  const [c, n] = at(chunk, i)!;
  // Go: a class character may not end the chunk (the closing bracket must follow).
  return i + n >= chunk.length ? undefined : [c, i + n];
}

/** Does chunk (no star) match the start of s at `from`? The index after it, or -1; -2 for a bad pattern. */
function matchChunk(chunk: string, s: string, from: number): number {
  let i = 0;
  let j = from;
  while (i < chunk.length) {
    if (j >= s.length) return -1;
    const c = chunk[i]!;
    if (c === '[') {
      const [r, n] = at(s, j)!;
      j += n;
      i++;
      if (i >= chunk.length) return -2;
      const negated = chunk[i] === '^';
      if (negated) i++;
      let match = false;
      let ranges = 0;
      for (;;) {
        if (i < chunk.length && chunk[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const lo = classChar(chunk, i);
        if (!lo) return -2;
        let hi = lo;
        if (chunk[lo[1]] === '-') {
          const h = classChar(chunk, lo[1] + 1);
          if (!h) return -2;
          hi = h;
        }
        if (lo[0] <= r && r <= hi[0]) match = true;
        i = hi[1];
        ranges++;
      }
      if (match === negated) return -1;
    } else if (c === '?') {
      if (s[j] === '/') return -1;
      j += at(s, j)![1];
      i++;
    } else {
      if (c === '\\') {
        i++;
        if (i >= chunk.length) return -2;
      }
      if (chunk[i] !== s[j]) return -1;
      i++;
      j++;
    }
  }
  return j;
}

/** The next piece of the pattern: a run of stars (any), then up to the next star outside a class. */
function scanChunk(p: string, from: number): { star: boolean; chunk: string; next: number } {
  let i = from;
  let star = false;
  while (i < p.length && p[i] === '*') {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 < p.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: p.slice(start, i), next: i };
}

/** Go's filepath.Match (a bad pattern matches nothing, as go-gitignore drops the error). */
export function goMatch(p: string, name: string): boolean {
  let at0 = 0;
  let pos = 0;
  outer: while (pos < p.length) {
    const { star, chunk, next } = scanChunk(p, pos);
    pos = next;
    const last = pos >= p.length;
    if (star && chunk === '') return !name.slice(at0).includes('/');
    const t = matchChunk(chunk, name, at0);
    if (t === -2) return false;
    if (t >= 0 && (t === name.length || !last)) {
      at0 = t;
      continue;
    }
    if (star) {
      for (let i = at0; i < name.length && name[i] !== '/'; i++) {
        const u = matchChunk(chunk, name, i + 1);
        if (u === -2) return false;
        if (u >= 0) {
          if (last && u < name.length) continue;
          at0 = u;
          continue outer;
        }
      }
    }
    return false;
  }
  return at0 === name.length;
}

// ---- go-gitignore's index scan -------------------------------------------------------

/** cutN: the first n parts of path, with the "/" after them when more follow; and whether it is all of it. */
function firstParts(path: string, n: number): [string, boolean] {
  let count = 0;
  for (let i = 0; i < path.length - 1; i++) {
    if (path[i] === '/' && ++count >= n) return [path.slice(0, i + 1), false];
  }
  return [path, true];
}

/** cutLastN: the last n parts of path; and whether it is all of it. */
function lastParts(path: string, n: number): [string, boolean] {
  let count = 0;
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] === '/' && ++count >= n) return [path.slice(i + 1), false];
  }
  return [path, true];
}

const matchOne = (p: Pattern, part: string, isDir: boolean) =>
  !(p.dirOnly && !isDir) && (p.glob ? goMatch(p.body, part) : p.body === part);

function anyMatch(patterns: readonly Pattern[], path: string, isDir: boolean): boolean {
  if (patterns.length === 0) return false;
  let deepest = 0;
  for (const p of patterns) deepest = Math.max(deepest, p.depth);
  // The path's parts at each depth a pattern has: absolute patterns from the start, relative
  // ones from the end (a part that is not the whole path is no directory for absolute ones).
  for (let depth = 1; depth <= deepest; depth++) {
    const [head, headIsAll] = firstParts(path, depth);
    const [tail, tailIsAll] = lastParts(path, depth);
    for (const p of patterns) {
      if (p.depth !== depth) continue;
      if (p.absolute ? matchOne(p, head, headIsAll ? isDir : false) : matchOne(p, tail, isDir)) return true;
    }
    if (headIsAll && tailIsAll) break;
  }
  return false;
}

/** go-gitignore's Match: `relPath` ("/"-separated, relative to the package) as one entry. */
export function matchesEntry(k: Krmignore, relPath: string, isDir: boolean): boolean {
  if (anyMatch(k.accept, relPath, isDir)) return false;
  return anyMatch(k.ignore, relPath, isDir);
}

/**
 * Is `relPath` (a file, "/"-separated, relative to the package) left out of the package, as
 * kyaml's walk decides: a directory on the way that matches is not entered, then the file.
 */
export function isIgnored(k: Krmignore, relPath: string, isDir = false): boolean {
  if (k.ignore.length === 0) return false;
  for (let i = relPath.indexOf('/'); i >= 0; i = relPath.indexOf('/', i + 1)) {
    if (matchesEntry(k, relPath.slice(0, i), true)) return true;
  }
  return matchesEntry(k, relPath, isDir);
}
