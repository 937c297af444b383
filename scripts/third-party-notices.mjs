// The third-party notices of what esbuild put into the bundle, from its metafile: every
// package with at least one byte in the output, its licence and its own licence file, word
// for word. Run by scripts/build.mjs on every build, so the notices cannot go stale; it
// throws (and the build fails) for a bundled package without a licence file or with a
// licence that is not on the list below, so a new dependency is looked at before it ships.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Licences whose terms the notices file satisfies (keep the text, name the copyright holder). */
export const ALLOWED_LICENSES = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD']);
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** "node_modules/@scope/name/dist/x.js" → "node_modules/@scope/name", the last node_modules wins. */
export function packageDirOf(input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

/** The bundled packages (dir relative to root) with the bytes each contributes, from an esbuild metafile. */
export function bundledPackages(metafile) {
  const bytes = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = packageDirOf(input);
      if (dir === undefined || bytesInOutput === 0) continue;
      bytes.set(dir, (bytes.get(dir) ?? 0) + bytesInOutput);
    }
  }
  return bytes;
}

/** name, version, licence and licence text of one package directory; throws when one is missing. */
export function packageNotice(root, dir) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const license = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
  if (!ALLOWED_LICENSES.has(license)) {
    throw new Error(
      `${pkg.name}@${pkg.version} (${dir}) is bundled under licence "${license}", which is not in ALLOWED_LICENSES of scripts/third-party-notices.mjs`,
    );
  }
  const file = readdirSync(join(root, dir))
    .filter((f) => LICENSE_FILE.test(f))
    .sort()[0];
  if (file === undefined || !existsSync(join(root, dir, file))) {
    throw new Error(
      `${pkg.name}@${pkg.version} (${dir}) is bundled but ships no LICENSE file: add its licence text by hand`,
    );
  }
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return {
    name: pkg.name,
    version: pkg.version,
    license,
    repository,
    file,
    text: readFileSync(join(root, dir, file), 'utf8')
      .replace(/\r\n/g, '\n')
      .trimEnd(),
  };
}

/** The whole notices text, packages sorted by name (one entry per name@version). */
export function noticesText(root, metafile, product) {
  const seen = new Map();
  for (const dir of bundledPackages(metafile).keys()) {
    const n = packageNotice(root, dir);
    seen.set(`${n.name}@${n.version}`, n);
  }
  const notices = [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rule = '-'.repeat(78);
  const head = [
    `${product} bundles the following third-party packages into dist/fn.js.`,
    'Their licences and copyright notices follow, each as the package ships it.',
    '',
    ...notices.map((n) => `  ${n.name}@${n.version}  ${n.license}`),
  ];
  const body = notices.map((n) =>
    [
      rule,
      `${n.name}@${n.version}  (${n.license})${n.repository ? `  ${n.repository}` : ''}`,
      `${n.file}:`,
      '',
      n.text,
    ].join('\n'),
  );
  return `${[head.join('\n'), ...body].join('\n\n')}\n`;
}

/** The notices as one block comment for the end of the bundle; a "*\/" in a text cannot end it early. */
export function noticesComment(text) {
  return `/*! THIRD-PARTY NOTICES\n${text.replace(/\*\//g, '* /')}*/\n`;
}
