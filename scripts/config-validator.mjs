// ajv's standalone code for the function config's schema (src/function/config-schema.ts, with
// its ajv options): what src/function/config-validator.ts is in dist/fn.js. The same code ajv
// compiles at run time, written out once at build time, so the bundle carries neither ajv's
// compiler nor the cost of running it (test/fn/config-validator.test.ts compares the two).
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The schema and ajv options, read from the TypeScript module (bundled to evaluate it here).
 * @param {string} root the repository
 */
export async function configSchema(root) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/function/config-schema.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(
    module,
    module.exports,
    createRequire(join(root, 'package.json')),
  );
  return /** @type {{ CONFIG_SCHEMA: object, AJV_OPTIONS: object }} */ (module.exports);
}

/**
 * An ES module exporting `configValidator()` as src/function/config-validator.ts does, backed by
 * ajv's standalone code (it imports ajv's small runtime helpers, e.g. ucs2length for maxLength).
 * @param {string} root the repository
 */
export async function configValidatorModule(root) {
  const { CONFIG_SCHEMA, AJV_OPTIONS } = await configSchema(root);
  const ajv = new Ajv.default({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const code = standaloneCode.default(ajv, ajv.compile(CONFIG_SCHEMA));
  return `${code}\nexport function configValidator() { return validate; }\n`;
}
