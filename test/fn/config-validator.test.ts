// dist/fn.js validates the function config with ajv's standalone code, generated at build time
// (scripts/config-validator.mjs); the sources compile the same schema with ajv at run time. The
// two must give the same verdict and the same errors (readConfig words its results from them).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configValidatorModule } from '../../scripts/config-validator.mjs';
import { configValidator, type ConfigValidator } from '../../src/function/config-validator.js';
import { ROOT } from '../helpers/run-fn.js';

/** The generated module, bundled and loaded as dist/fn.js would run it. */
async function standalone(): Promise<ConfigValidator> {
  const result = await build({
    stdin: { contents: await configValidatorModule(ROOT), resolveDir: ROOT, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} as { configValidator?: () => ConfigValidator } };

  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(
    module,
    module.exports,
    createRequire(join(ROOT, 'package.json')),
  );
  return module.exports.configValidator!();
}

const long = (n: number) => 'a'.repeat(n);
const CONFIGS: [string, unknown][] = [
  ['empty spec', {}],
  [
    'every field',
    {
      role: 'worker',
      validateOnly: false,
      namespacedNames: true,
      generate: ['ConfigMap', 'ImageTagMirrorSet'],
      mergeStrategy: 'merge',
      cluster: { name: 'c', namespace: 'ns', releaseImage: 'quay.io/a/b:4.21.0', version: 'v4.21.0-rc.1' },
      imageTagMirrorSet: [{ source: 'a', mirrors: ['b'] }],
      imageContentSources: [],
    },
  ],
  ['an unknown key', { mirrors: [] }],
  ['an unknown cluster key', { cluster: { name: 'c', namespace: 'n', zone: 'x' } }],
  ['wrong types everywhere', { role: 1, validateOnly: 'yes', namespacedNames: 0, generate: 'ConfigMap', cluster: 'c' }],
  ['lists of the wrong type', { imageTagMirrorSet: {}, imageContentSources: 'x' }],
  ['generate empty', { generate: [] }],
  ['generate twice the same', { generate: ['ConfigMap', 'ConfigMap'] }],
  ['generate an unknown kind', { generate: ['ConfigMap', 'Secret', 1, null] }],
  ['mergeStrategy unknown', { mergeStrategy: 'append' }],
  ['cluster without name and namespace', { cluster: {} }],
  ['cluster names off the pattern', { cluster: { name: 'Upper', namespace: '-x', releaseImage: ' q', version: '4' } }],
  ['cluster names too long', { cluster: { name: long(54), namespace: long(64) } }],
  ['at the length limits', { cluster: { name: long(53), namespace: long(63) } }],
  // maxLength counts code points (ajv's ucs2length), not UTF-16 units.
  ['astral characters', { cluster: { name: '\u{1F600}'.repeat(30), namespace: '\u{1F600}'.repeat(64) } }],
  ['nulls', { role: null, cluster: null, generate: null, mergeStrategy: null }],
  ['not an object: a list', []],
  ['not an object: a string', 'spec'],
  ['not an object: null', null],
  ['mistakes at every level at once', { x: 1, generate: [], cluster: { name: 1, extra: true }, validateOnly: 'no' }],
];

describe('the standalone config validator (dist/fn.js) and ajv compile (sources) agree', async () => {
  const generated = await standalone();
  const compiled = configValidator();
  it('the table holds valid and invalid configs (else it checks little)', () => {
    const verdicts = CONFIGS.map(([, c]) => compiled(c));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
  it.each(CONFIGS)('%s', (_, config) => {
    const ok = compiled(config);
    const errors = structuredClone(compiled.errors);
    expect(generated(config)).toBe(ok);
    expect(generated.errors).toEqual(errors);
  });
});
