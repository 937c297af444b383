// kpt's .krmignore: the files of a package that kpt leaves out of the package's resources, in
// gitignore syntax. The common subset: comments, `!` negation, a leading `/` anchoring to the
// package, a trailing `/` for directories, `*`, `**` and `?`; the last matching line wins, and
// a file inside an ignored directory stays ignored.

interface Pattern {
  negate: boolean;
  dirOnly: boolean;
  /** Matched against the whole relative path (anchored) or against any trailing part of it. */
  anchored: boolean;
  re: RegExp;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // "**/" any directories (or none), "**" at the end anything
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseKrmignore(text: string): Pattern[] {
  const out: Pattern[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.replace(/\r$/, '').replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.startsWith('/') || line.includes('/');
    line = line.replace(/^\//, '');
    if (line === '') continue;
    out.push({ negate, dirOnly, anchored, re: globToRegExp(line) });
  }
  return out;
}

function matches(p: Pattern, path: string, isDir: boolean): boolean {
  if (p.dirOnly && !isDir) return false;
  if (p.anchored) return p.re.test(path);
  return p.re.test(path.slice(path.lastIndexOf('/') + 1));
}

/** The last pattern that matches decides: true ignored, false re-included, undefined no pattern. */
function verdict(patterns: readonly Pattern[], path: string, isDir: boolean): boolean | undefined {
  let out: boolean | undefined;
  for (const p of patterns) if (matches(p, path, isDir)) out = !p.negate;
  return out;
}

/** Is `relPath` (a file, "/"-separated, relative to the package) left out of the package? */
export function isIgnored(patterns: readonly Pattern[], relPath: string): boolean {
  const parts = relPath.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (verdict(patterns, parts.slice(0, i).join('/'), true) === true) return true;
  }
  return verdict(patterns, relPath, false) === true;
}
