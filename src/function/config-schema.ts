// The JSON schema of the function config's spec (and of ConfigMap data, once read into one),
// and the ajv options it is compiled with: data only, shared by config-validator.ts and by
// scripts/config-validator.mjs, which compiles it at build time for dist/fn.js.
import { GENERATED_KINDS } from '../constants.js';
import { DNS_LABEL as DNS_LABEL_RE } from '../krm/kube.js';
import { RELEASE_IMAGE_PATTERN } from '../validate/rules.js';

const DNS_LABEL = DNS_LABEL_RE.source;

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Only "worker" is accepted (checked after the schema, with the reason).
    role: { type: 'string' },
    validateOnly: { type: 'boolean' },
    namespacedNames: { type: 'boolean' },
    generate: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: GENERATED_KINDS } },
    mergeStrategy: { enum: ['replace', 'merge'] },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'namespace'],
      properties: {
        name: { type: 'string', pattern: DNS_LABEL, maxLength: 53 },
        namespace: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
        releaseImage: { type: 'string', pattern: RELEASE_IMAGE_PATTERN.source },
        version: { type: 'string', pattern: '^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+].*)?$' },
      },
    },
    imageTagMirrorSet: { type: 'array' },
    imageContentSources: { type: 'array' },
  },
} as const;

/** allErrors: every mistake in the config is reported at once. */
export const AJV_OPTIONS = { allErrors: true } as const;
