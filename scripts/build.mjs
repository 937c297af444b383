// Bundles the function into one executable file with no runtime node_modules, puts the version
// from package.json into it, and writes the third-party notices of what it bundled (next to it
// and, so a copied fn.js keeps them, as a comment at its end).
//
// The file's code is in units (fn/units.ts): each is bundled on its own and kept in the file as
// a string literal, compiled only when first required. V8 compiles a whole script before it runs
// any of it; as strings, the commands and `yaml` cost a KRM function run a scan, not a compile.
// The outer code (fn/units.ts) holds the units and requires "main" (fn/main.ts). The function
// config's validator is ajv's standalone code, generated here (scripts/config-validator.mjs).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configValidatorModule } from './config-validator.mjs';
import { noticesComment, noticesText } from './third-party-notices.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
export const OUTFILE = join(ROOT, 'dist', 'fn.js');
export const NOTICES = join(ROOT, 'dist', 'THIRD_PARTY_NOTICES.txt');

/** How a unit requires another (fn/units.ts resolves it). */
const UNIT = 'unit:';
/** Starts the line of a unit kept in the comment at the end (fn/units.ts reads it there). */
export const UNIT_LINE = '@image-tag-mirrors-unit ';
/** The unit every function run compiles: a string literal in the code; the others are in the comment. */
const IN_CODE = 'main';

/**
 * The units: name → entry. "main" is what the KRM function runs; the others are required by
 * it or each other on first use.
 */
export const UNITS = {
  main: 'fn/main.ts',
  commands: 'fn/commands.ts',
  yaml: require.resolve('yaml'),
};

/** The module that ajv's standalone code replaces in the bundle (ajv compiles the schema there). */
const CONFIG_VALIDATOR = /[\\/]src[\\/]function[\\/]config-validator\.ts$/;

/**
 * esbuild options shared by the units and the outer code.
 * @type {import('esbuild').BuildOptions & { metafile: true; write: false }}
 */
export const options = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // No bundled package carries /*! */ or @license comments (checked: every legalComments value
  // gives the same bytes): their licences are in their LICENSE files, which the notices copy.
  legalComments: 'none',
  // src/version.ts reads this; JSON.stringify makes it a string literal.
  define: { __IMAGE_TAG_MIRRORS_VERSION__: JSON.stringify(pkg.version) },
  // Types only: importing its runtime would pull in a whole HTTP client.
  external: ['@kubernetes/client-node'],
  metafile: true,
  write: false,
  logLevel: 'warning',
};

// `yaml`'s names, for the stand-in below (read from the package, so none is ever missing).
const YAML_EXPORTS = Object.keys(require('yaml'));

/**
 * Makes the other units "unit:NAME" requires. `yaml` becomes a stand-in whose getters require
 * the unit on first use: its importers initialise at start-up, most runs never call it. The
 * commands (imported by main.ts on first use) are required when asked for. And the config
 * validator becomes ajv's standalone code.
 * @param {string} self the unit being bundled
 * @param {string} validator the standalone validator module
 * @returns {import('esbuild').Plugin}
 */
function unitsPlugin(self, validator) {
  return {
    name: 'units',
    setup(b) {
      b.onResolve({ filter: /^unit:/ }, (a) => ({ path: a.path, external: true }));
      if (self !== 'yaml') b.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'lazy-unit' }));
      b.onLoad({ filter: CONFIG_VALIDATOR }, () => ({ contents: validator, loader: 'js', resolveDir: ROOT }));
      if (self === 'main')
        b.onResolve({ filter: /^\.\/commands\.js$/ }, () => ({ path: 'commands', namespace: 'unit' }));
      b.onLoad({ filter: /.*/, namespace: 'unit' }, (a) => ({
        contents: `module.exports = require(${JSON.stringify(UNIT + a.path)});`,
        loader: 'js',
      }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-unit' }, (a) => ({
        contents: [
          'let unit;',
          `const load = () => (unit ??= require(${JSON.stringify(UNIT + a.path)}));`,
          `module.exports = {${YAML_EXPORTS.map((n) => `get ${n}() { return load().${n}; }`).join(', ')}};`,
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

/**
 * Builds the units and the outer code: the file's text (without the notices) and one metafile
 * of everything bundled (for the notices).
 * @param {Partial<import('esbuild').BuildOptions>} [overrides] e.g. `{ minify: false }` to profile
 */
export async function bundle(overrides = {}) {
  const metafile = { inputs: {}, outputs: {} };
  const add = (name, result) => {
    Object.assign(metafile.inputs, result.metafile.inputs);
    for (const [out, v] of Object.entries(result.metafile.outputs)) metafile.outputs[`${out}#${name}`] = v;
  };
  const validator = await configValidatorModule(ROOT);
  const units = {};
  let comment = '';
  for (const [name, entry] of Object.entries(UNITS)) {
    const result = await build({
      ...options,
      ...overrides,
      entryPoints: [entry],
      outfile: OUTFILE,
      plugins: [unitsPlugin(name, validator)],
    });
    add(name, result);
    // A CommonJS module as a function expression (fn/units.ts calls it as node calls a module).
    const source = `(function(exports,require,module,__filename,__dirname){${result.outputFiles[0].text}\n})`;
    // Names the unit's cache file and, on a comment line, ties the line to this build's code.
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    if (name === IN_CODE) units[name] = { source, hash };
    else {
      // One line each (JSON escapes line breaks); `*\/` is JSON for `*/`, which would end the comment.
      units[name] = { hash };
      comment += `${UNIT_LINE}${name} ${hash} ${JSON.stringify(source).replaceAll('*/', '*\\/')}\n`;
    }
  }
  const outer = await build({ ...options, ...overrides, entryPoints: ['fn/units.ts'], outfile: OUTFILE });
  add('outer', outer);
  // A string literal (esbuild's output is ASCII) costs a scan; a comment less: the units a
  // function run never compiles are read from the file itself when first required.
  const text = [
    '#!/usr/bin/env node',
    `var __UNITS__=${JSON.stringify(units)};`,
    outer.outputFiles[0].text,
    `/* The code of dist/fn.js compiled on first use (fn/units.ts, scripts/build.mjs):\n${comment}*/\n`,
  ].join('\n');
  return { text, metafile };
}

/**
 * Every unit's code in a bundle's text, by name (for the tests).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function unitsOf(text) {
  const units = JSON.parse(/^var __UNITS__=(.*);$/m.exec(text)?.[1] ?? '{}');
  const sources = {};
  for (const [name, unit] of Object.entries(units)) {
    const key = `${UNIT_LINE}${name} ${unit.hash} `;
    const line = text.split('\n').find((l) => l.startsWith(key));
    sources[name] = unit.source ?? (line && JSON.parse(line.slice(key.length)));
  }
  return sources;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { text, metafile } = await bundle();
  const notices = noticesText(ROOT, metafile, `${pkg.name} ${pkg.version}`);
  mkdirSync(dirname(OUTFILE), { recursive: true });
  writeFileSync(OUTFILE, text + noticesComment(notices));
  chmodSync(OUTFILE, 0o755);
  writeFileSync(NOTICES, notices);
}
