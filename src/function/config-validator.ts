// The function config's schema validator. Here ajv compiles it on first use; in dist/fn.js this
// module is replaced by ajv's standalone code of the same schema and options, generated at build
// time (scripts/config-validator.mjs), so the bundle neither carries ajv nor compiles the schema
// on a run. test/fn/config-validator.test.ts holds the two to the same results.
import type AjvClass from 'ajv';
import { AJV_OPTIONS, CONFIG_SCHEMA } from './config-schema.js';

export type ConfigValidator = ReturnType<AjvClass['compile']>;

let compiled: ConfigValidator | undefined;
export function configValidator(): ConfigValidator {
  if (!compiled) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- ajv loaded only when a config is read
    const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
    compiled = new Ajv(AJV_OPTIONS).compile(CONFIG_SCHEMA);
  }
  return compiled;
}
