// One table row per rule of validateHostedCluster (src/validate/hosted-cluster.ts).
import { describe, expect, it } from 'vitest';
import { registryScope } from '../../src/registries/model.js';
import type { Target, Result } from '../../src/krm/result.js';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import { validateRemembered } from '../../src/validate/remembered.js';
import { SEED_MIRRORS as SEED } from '../helpers/seed.js';

const subject: Target = {
  resourceRef: {
    apiVersion: 'hypershift.openshift.io/v1beta1',
    kind: 'HostedCluster',
    name: 'my-cluster',
    namespace: 'clusters',
  },
  file: { path: 'clusters/my-cluster.yaml', index: 0 },
};

const RELEASE_4_21 = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const ITMS = 'spec.imageTagMirrorSet';
const ICS = 'spec.imageContentSources';

/** A HostedCluster spec on a supported release. */
const spec = (fields: Record<string, unknown>) => ({ release: { image: RELEASE_4_21 }, ...fields });
/** A spec whose imageTagMirrorSet is the given entries. */
const itms = (...entries: unknown[]) => spec({ imageTagMirrorSet: entries });
const ok = { source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] };

interface Expected {
  severity: 'error' | 'warning';
  code: string;
  path: string;
  /** Substrings the message must contain: the offending value (or, for a missing one, what is missing). */
  mentions: string[];
}
interface Row {
  name: string;
  spec: unknown;
  expected: Expected[];
  /** Default: true iff no error is expected. */
  generates?: boolean;
}

const E = (code: string, path: string, ...mentions: string[]): Expected => ({
  severity: 'error',
  code,
  path,
  mentions,
});
const W = (code: string, path: string, ...mentions: string[]): Expected => ({
  severity: 'warning',
  code,
  path,
  mentions,
});

const ROWS: Row[] = [
  // ---- valid input
  { name: 'the seed example', spec: itms(...SEED), expected: [] },
  {
    name: 'seed example in a full HostedCluster spec',
    spec: { ...itms(...SEED), pullSecret: { name: 'ps' }, platform: { type: 'AWS' } },
    expected: [],
  },
  {
    name: 'wildcard source',
    spec: itms({ source: '*.example.com', mirrors: ['mirror.corp.com/example'] }),
    expected: [],
  },
  {
    name: 'ports and nested sources',
    spec: itms(
      { source: 'registry.example.com:5000/team/app', mirrors: ['tags.example.com:8443/app'] },
      { source: 'registry.example.com:5000', mirrors: ['mirror.example.com:8443/all'] },
    ),
    expected: [],
  },
  { name: 'mirrorSourcePolicy null is the default', spec: itms({ ...ok, mirrorSourcePolicy: null }), expected: [] },

  // ---- the spec itself
  { name: 'spec undefined', spec: undefined, expected: [], generates: false },
  { name: 'spec null', spec: null, expected: [], generates: false },
  {
    name: 'spec a string',
    spec: 'imageTagMirrorSet: []',
    expected: [E('invalid-type', 'spec', 'a string', 'imageTagMirrorSet: []')],
  },
  { name: 'spec a list', spec: [ok], expected: [E('invalid-type', 'spec', 'a list')] },
  { name: 'spec a number', spec: 42, expected: [E('invalid-type', 'spec', 'number', '42')] },
  { name: 'spec without imageTagMirrorSet', spec: spec({}), expected: [], generates: false },
  { name: 'imageTagMirrorSet empty', spec: itms(), expected: [], generates: false },
  { name: 'imageTagMirrorSet null', spec: spec({ imageTagMirrorSet: null }), expected: [], generates: false },
  {
    name: 'imageTagMirrorSet empty: imageContentSources and release are not checked',
    spec: {
      release: { image: 'quay.io/ocp-release:4.10.0' },
      imageTagMirrorSet: [],
      imageContentSources: [{ source: 'bad source', mirrors: [] }],
    },
    expected: [],
    generates: false,
  },
  {
    name: 'imageTagMirrorSet a map',
    spec: spec({ imageTagMirrorSet: ok }),
    expected: [E('invalid-type', ITMS, 'a map')],
  },
  {
    name: 'imageTagMirrorSet a string',
    spec: spec({ imageTagMirrorSet: 'quay.io/openshift' }),
    expected: [E('invalid-type', ITMS, 'a string', 'quay.io/openshift')],
  },
  {
    name: 'imageTagMirrorSet a number',
    spec: spec({ imageTagMirrorSet: 7 }),
    expected: [E('invalid-type', ITMS, 'a number')],
  },

  // ---- an entry
  {
    name: 'entry a string',
    spec: itms('quay.io/openshift'),
    expected: [E('invalid-type', `${ITMS}[0]`, 'a string', 'quay.io/openshift')],
  },
  { name: 'entry null', spec: itms(null), expected: [E('invalid-type', `${ITMS}[0]`, 'null')] },
  { name: 'entry a list', spec: itms([ok]), expected: [E('invalid-type', `${ITMS}[0]`, 'a list')] },
  {
    name: 'bad entry does not hide the next one',
    spec: itms(ok, 5, { source: 'quay.io/x' }),
    expected: [E('invalid-type', `${ITMS}[1]`, 'a number'), E('no-mirrors', `${ITMS}[2].mirrors`, '"quay.io/x"')],
  },
  {
    name: 'unknown field in an entry',
    spec: itms({ ...ok, mirrorsSourcePolicy: 'NeverContactSource' }),
    expected: [W('unknown-field', `${ITMS}[0].mirrorsSourcePolicy`, 'mirrorsSourcePolicy')],
  },
  {
    name: 'two unknown fields',
    spec: itms({ ...ok, policy: 'x', Source: 'y' }),
    expected: [
      W('unknown-field', `${ITMS}[0].Source`, '"Source"'),
      W('unknown-field', `${ITMS}[0].policy`, '"policy"'),
    ],
  },

  // ---- source
  {
    name: 'empty source',
    spec: itms({ ...ok, source: '' }),
    expected: [E('empty-source', `${ITMS}[0].source`, `${ITMS}[0]`, 'empty source')],
  },
  {
    name: 'missing source',
    spec: itms({ mirrors: ok.mirrors }),
    expected: [E('empty-source', `${ITMS}[0].source`, `${ITMS}[0]`, 'empty source')],
  },
  {
    name: 'null source',
    spec: itms({ ...ok, source: null }),
    expected: [E('empty-source', `${ITMS}[0].source`, `${ITMS}[0]`)],
  },
  {
    name: 'non-string source (number)',
    spec: itms({ ...ok, source: 4211 }),
    expected: [E('invalid-type', `${ITMS}[0].source`, 'a number', '4211')],
  },
  {
    name: 'non-string source (boolean)',
    spec: itms({ ...ok, source: true }),
    expected: [E('invalid-type', `${ITMS}[0].source`, 'a boolean', 'true')],
  },
  {
    name: 'non-string source (list)',
    spec: itms({ ...ok, source: ['quay.io/a'] }),
    expected: [E('invalid-type', `${ITMS}[0].source`, 'a list', 'quay.io/a')],
  },
  {
    name: 'non-string source (map)',
    spec: itms({ ...ok, source: { host: 'quay.io' } }),
    expected: [E('invalid-type', `${ITMS}[0].source`, 'a map', 'quay.io')],
  },
  {
    name: 'invalid source: tag',
    spec: itms({ ...ok, source: 'quay.io/openshift:latest' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '"quay.io/openshift:latest"', 'remove the tag')],
  },
  {
    name: 'invalid source: scheme',
    spec: itms({ ...ok, source: 'https://quay.io' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '"https://quay.io"', 'remove the scheme')],
  },
  {
    name: 'invalid source: digest',
    spec: itms({ ...ok, source: 'quay.io/a@sha256:abc' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '"quay.io/a@sha256:abc"', 'remove the digest')],
  },
  {
    name: 'invalid source: uppercase path',
    spec: itms({ ...ok, source: 'quay.io/OpenShift' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '"quay.io/OpenShift"', 'lowercase')],
  },
  {
    name: 'invalid source: wildcard with path',
    spec: itms({ ...ok, source: '*.example.com/ns' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '"*.example.com/ns"', 'wildcard')],
  },
  {
    name: 'invalid source: white space',
    spec: itms({ ...ok, source: ' quay.io' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '" quay.io"', 'white space')],
  },
  {
    name: 'invalid source: control character is escaped in the message',
    spec: itms({ ...ok, source: 'quay.io/a\u0007' }),
    expected: [E('invalid-source', `${ITMS}[0].source`, '"quay.io/a\\u0007"')],
  },
  {
    name: 'duplicate source',
    spec: itms(ok, { source: ok.source, mirrors: ['other.example.com/openshift'] }),
    expected: [E('duplicate-source', `${ITMS}[1].source`, '"quay.io/openshift"', `${ITMS}[0]`)],
  },
  {
    name: 'source three times',
    spec: itms(ok, { ...ok, mirrors: ['a.example.com/o'] }, { ...ok, mirrors: ['b.example.com/o'] }),
    expected: [
      E('duplicate-source', `${ITMS}[1].source`, '"quay.io/openshift"', `${ITMS}[0]`),
      E('duplicate-source', `${ITMS}[2].source`, '"quay.io/openshift"', `${ITMS}[0]`),
    ],
  },
  {
    name: 'duplicate invalid source: both rules',
    spec: itms({ ...ok, source: 'quay.io/A' }, { ...ok, source: 'quay.io/A' }),
    expected: [
      E('invalid-source', `${ITMS}[0].source`, '"quay.io/A"'),
      E('invalid-source', `${ITMS}[1].source`, '"quay.io/A"'),
      E('duplicate-source', `${ITMS}[1].source`, '"quay.io/A"'),
    ],
  },
  {
    name: 'sources differing only in case are not duplicates',
    spec: itms(ok, { ...ok, source: 'Quay.io/openshift' }),
    expected: [],
  },

  // ---- mirrorSourcePolicy
  {
    name: 'invalid policy',
    spec: itms({ ...ok, mirrorSourcePolicy: 'Never' }),
    expected: [E('invalid-policy', `${ITMS}[0].mirrorSourcePolicy`, '"Never"')],
  },
  {
    name: 'invalid policy: wrong case',
    spec: itms({ ...ok, mirrorSourcePolicy: 'nevercontactsource' }),
    expected: [E('invalid-policy', `${ITMS}[0].mirrorSourcePolicy`, '"nevercontactsource"')],
  },
  {
    name: 'invalid policy: empty string',
    spec: itms({ ...ok, mirrorSourcePolicy: '' }),
    expected: [E('invalid-policy', `${ITMS}[0].mirrorSourcePolicy`, '""')],
  },
  {
    name: 'non-string policy (number)',
    spec: itms({ ...ok, mirrorSourcePolicy: 12345 }),
    expected: [E('invalid-policy', `${ITMS}[0].mirrorSourcePolicy`, '12345')],
  },
  {
    name: 'non-string policy (boolean)',
    spec: itms({ ...ok, mirrorSourcePolicy: true }),
    expected: [E('invalid-policy', `${ITMS}[0].mirrorSourcePolicy`, 'true')],
  },

  // ---- mirrors
  {
    name: 'no mirrors (empty list)',
    spec: itms({ ...ok, mirrors: [] }),
    expected: [E('no-mirrors', `${ITMS}[0].mirrors`, '"quay.io/openshift"')],
  },
  {
    name: 'no mirrors (missing)',
    spec: itms({ source: 'quay.io/openshift' }),
    expected: [E('no-mirrors', `${ITMS}[0].mirrors`, '"quay.io/openshift"')],
  },
  {
    name: 'no mirrors (null)',
    spec: itms({ ...ok, mirrors: null }),
    expected: [E('no-mirrors', `${ITMS}[0].mirrors`, '"quay.io/openshift"')],
  },
  {
    name: 'mirrors a string',
    spec: itms({ ...ok, mirrors: 'mirror.example.com/openshift' }),
    expected: [
      E('invalid-type', `${ITMS}[0].mirrors`, 'a string', 'mirror.example.com/openshift', 'list of mirror strings'),
    ],
  },
  {
    name: 'mirrors a map',
    spec: itms({ ...ok, mirrors: { a: 'b' } }),
    expected: [E('invalid-type', `${ITMS}[0].mirrors`, 'a map')],
  },
  {
    name: 'mirror not a string (number)',
    spec: itms({ ...ok, mirrors: [42] }),
    expected: [E('invalid-type', `${ITMS}[0].mirrors[0]`, 'a number', '42')],
  },
  {
    name: 'mirror not a string (null)',
    spec: itms({ ...ok, mirrors: ['m.example.com/a', null] }),
    expected: [E('invalid-type', `${ITMS}[0].mirrors[1]`, 'null')],
  },
  {
    name: 'mirror not a string (map)',
    spec: itms({ ...ok, mirrors: [{ location: 'm.example.com/a' }] }),
    expected: [E('invalid-type', `${ITMS}[0].mirrors[0]`, 'a map', 'm.example.com/a')],
  },
  {
    name: 'invalid mirror: wildcard',
    spec: itms({ ...ok, mirrors: ['*.example.com'] }),
    expected: [
      E('invalid-mirror', `${ITMS}[0].mirrors[0]`, '"*.example.com"', 'wildcards are allowed in sources only'),
    ],
  },
  {
    name: 'invalid mirror: tag',
    spec: itms({ ...ok, mirrors: ['m.example.com/a', 'm.example.com/openshift:v1'] }),
    expected: [E('invalid-mirror', `${ITMS}[0].mirrors[1]`, '"m.example.com/openshift:v1"', 'remove the tag')],
  },
  {
    name: 'invalid mirror: trailing slash',
    spec: itms({ ...ok, mirrors: ['m.example.com/'] }),
    expected: [E('invalid-mirror', `${ITMS}[0].mirrors[0]`, '"m.example.com/"', 'trailing')],
  },
  {
    name: 'invalid mirror: empty',
    spec: itms({ ...ok, mirrors: [''] }),
    expected: [E('invalid-mirror', `${ITMS}[0].mirrors[0]`, '""')],
  },
  {
    name: 'duplicate mirror',
    spec: itms({ ...ok, mirrors: ['m.example.com/o', 'n.example.com/o', 'm.example.com/o'] }),
    expected: [E('duplicate-mirror', `${ITMS}[0].mirrors[2]`, '"m.example.com/o"', '"quay.io/openshift"')],
  },
  {
    name: 'mirror equal to source',
    spec: itms({ ...ok, mirrors: ['quay.io/openshift'] }),
    expected: [E('mirror-is-source', `${ITMS}[0].mirrors[0]`, '"quay.io/openshift"')],
  },
  {
    name: 'mirror equal to source, second position',
    spec: itms({ ...ok, mirrors: ['m.example.com/o', 'quay.io/openshift'] }),
    expected: [E('mirror-is-source', `${ITMS}[0].mirrors[1]`, '"quay.io/openshift"')],
  },
  {
    name: 'several rules in one entry',
    spec: itms({ source: 'quay.io/a:b', mirrors: ['x/', 7], mirrorSourcePolicy: 'Always' }),
    expected: [
      E('invalid-source', `${ITMS}[0].source`, '"quay.io/a:b"'),
      E('invalid-policy', `${ITMS}[0].mirrorSourcePolicy`, '"Always"'),
      E('invalid-mirror', `${ITMS}[0].mirrors[0]`, '"x/"'),
      E('invalid-type', `${ITMS}[0].mirrors[1]`, '7'),
    ],
  },

  // ---- NeverContactSource and mirrors inside the blocked scope
  {
    name: "another entry's mirror inside a blocked source",
    spec: itms(
      { source: 'quay.io', mirrors: ['mirror.example.com/quay'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'registry.example.com/team', mirrors: ['quay.io/mirrors/team'] },
    ),
    expected: [
      E(
        'blocked-source-is-mirror',
        `${ITMS}[1].mirrors[0]`,
        '"quay.io/mirrors/team"',
        '"quay.io"',
        'NeverContactSource',
      ),
    ],
  },
  {
    name: 'own mirror inside its own blocked source',
    spec: itms({ source: 'quay.io', mirrors: ['quay.io/mirror'], mirrorSourcePolicy: 'NeverContactSource' }),
    expected: [E('blocked-source-is-mirror', `${ITMS}[0].mirrors[0]`, '"quay.io/mirror"', '"quay.io"')],
  },
  {
    name: 'mirror inside a blocked wildcard source',
    spec: itms(
      { source: '*.example.com', mirrors: ['mirror.corp.com/example'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'quay.io/x', mirrors: ['cache.example.com/x'] },
    ),
    expected: [E('blocked-source-is-mirror', `${ITMS}[1].mirrors[0]`, '"cache.example.com/x"', '"*.example.com"')],
  },
  {
    name: 'mirror with a port matches a blocked host (containers/image quirk)',
    spec: itms(
      { source: 'quay.io', mirrors: ['mirror.example.com/quay'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'docker.io/x', mirrors: ['quay.io:443/x'] },
    ),
    expected: [E('blocked-source-is-mirror', `${ITMS}[1].mirrors[0]`, '"quay.io:443/x"', '"quay.io"')],
  },
  {
    name: 'imageContentSources mirror inside a blocked source',
    spec: spec({
      imageTagMirrorSet: [
        { source: 'docker.io', mirrors: ['internal.registry.com/docker'], mirrorSourcePolicy: 'NeverContactSource' },
      ],
      imageContentSources: [
        { source: 'registry.redhat.io/ubi9', mirrors: ['mirror.example.com/ubi9', 'docker.io/mirror/ubi9'] },
      ],
    }),
    expected: [E('blocked-source-is-mirror', `${ICS}[0].mirrors[1]`, '"docker.io/mirror/ubi9"', '"docker.io"')],
  },
  {
    name: 'a more specific unblocked source shields its mirrors',
    spec: itms(
      { source: 'quay.io', mirrors: ['mirror.example.com/quay'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'registry.example.com', mirrors: ['quay.io/mirror/x'] },
      { source: 'quay.io/mirror', mirrors: ['m.example.com/m'] },
    ),
    expected: [],
  },
  {
    name: 'a blocked scope ends at a "/" boundary',
    spec: itms(
      { source: 'quay.io/team', mirrors: ['mirror.example.com/team'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'docker.io/x', mirrors: ['quay.io/teammate/x'] },
    ),
    expected: [],
  },
  {
    name: 'a blocked wildcard does not cover the bare domain',
    spec: itms(
      { source: '*.example.com', mirrors: ['mirror.corp.com/example'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'quay.io/x', mirrors: ['example.com/x'] },
    ),
    expected: [],
  },
  {
    name: 'a more specific unblocked wildcard shields its mirrors (upstream ranks by prefix length)',
    spec: itms(
      { source: '*.example.com', mirrors: ['mirror.corp.com/example'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: '*.prod.example.com', mirrors: ['mirror.corp.com/prod'] },
      { source: 'quay.io/x', mirrors: ['cache.prod.example.com/x'] },
    ),
    expected: [],
  },
  {
    name: 'an unblocked exact host shields its mirrors from a blocked wildcard (upstream ranks by prefix length)',
    spec: itms(
      { source: '*.example.com', mirrors: ['mirror.corp.com/example'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'cache.example.com', mirrors: ['mirror.corp.com/cache'] },
      { source: 'quay.io/x', mirrors: ['cache.example.com/x'] },
    ),
    expected: [],
  },
  {
    name: 'a blocked more specific wildcard still blocks under an unblocked shorter one',
    spec: itms(
      { source: '*.example.com', mirrors: ['mirror.corp.com/example'] },
      { source: '*.prod.example.com', mirrors: ['mirror.corp.com/prod'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'quay.io/x', mirrors: ['cache.prod.example.com/x'] },
    ),
    expected: [
      E('blocked-source-is-mirror', `${ITMS}[2].mirrors[0]`, '"cache.prod.example.com/x"', '"*.prod.example.com"'),
    ],
  },

  // ---- policy conflict with imageContentSources
  {
    name: 'conflicting policy with an imageContentSources entry of the same source',
    spec: spec({
      imageContentSources: [{ source: 'docker.io/library', mirrors: ['mirror.example.com/library'] }],
      imageTagMirrorSet: [
        {
          source: 'docker.io/library',
          mirrors: ['internal.registry.com/docker-library'],
          mirrorSourcePolicy: 'NeverContactSource',
        },
      ],
    }),
    expected: [E('conflicting-policy', `${ITMS}[0].mirrorSourcePolicy`, '"docker.io/library"', ICS)],
  },
  {
    name: 'conflicting policy on the second entry',
    spec: spec({
      imageContentSources: [{ source: 'docker.io/library', mirrors: ['mirror.example.com/library'] }],
      imageTagMirrorSet: [
        ok,
        {
          source: 'docker.io/library',
          mirrors: ['internal.registry.com/docker-library'],
          mirrorSourcePolicy: 'NeverContactSource',
        },
      ],
    }),
    expected: [E('conflicting-policy', `${ITMS}[1].mirrorSourcePolicy`, '"docker.io/library"')],
  },
  {
    name: 'conflicting policy counts an imageContentSources entry without mirrors',
    spec: spec({
      imageContentSources: [{ source: 'docker.io/library', mirrors: [] }],
      imageTagMirrorSet: [
        {
          source: 'docker.io/library',
          mirrors: ['internal.registry.com/docker-library'],
          mirrorSourcePolicy: 'NeverContactSource',
        },
      ],
    }),
    expected: [
      W('ics-quirk', `${ICS}[0].mirrors`, '"docker.io/library"'),
      E('conflicting-policy', `${ITMS}[0].mirrorSourcePolicy`, '"docker.io/library"'),
    ],
  },
  {
    name: 'explicit AllowContactingSource does not conflict',
    spec: spec({
      imageContentSources: [{ source: 'docker.io/library', mirrors: ['mirror.example.com/library'] }],
      imageTagMirrorSet: [
        {
          source: 'docker.io/library',
          mirrors: ['internal.registry.com/docker-library'],
          mirrorSourcePolicy: 'AllowContactingSource',
        },
      ],
    }),
    expected: [],
  },
  {
    name: 'NeverContactSource on a nested source does not conflict (exact strings)',
    spec: spec({
      imageContentSources: [{ source: 'registry.redhat.io/ubi9', mirrors: ['mirror.example.com/ubi9'] }],
      imageTagMirrorSet: [
        {
          source: 'registry.redhat.io',
          mirrors: ['mirror.example.com/redhat'],
          mirrorSourcePolicy: 'NeverContactSource',
        },
      ],
    }),
    expected: [],
  },

  // ---- version gate
  {
    name: '4.20.x is too old',
    spec: { release: { image: 'quay.io/openshift-release-dev/ocp-release:4.20.5-x86_64' }, imageTagMirrorSet: [ok] },
    expected: [E('unsupported-version', 'spec.release.image', '4.20.5', '4.21')],
  },
  {
    name: '3.11 is too old',
    spec: { release: { image: 'quay.io/ocp-release:3.11.0' }, imageTagMirrorSet: [ok] },
    expected: [E('unsupported-version', 'spec.release.image', '3.11.0')],
  },
  {
    name: '4.21.0',
    spec: { release: { image: 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64' }, imageTagMirrorSet: [ok] },
    expected: [],
  },
  {
    name: '4.21.0-ec.1',
    spec: {
      release: { image: 'quay.io/openshift-release-dev/ocp-release:4.21.0-ec.1-x86_64' },
      imageTagMirrorSet: [ok],
    },
    expected: [],
  },
  {
    name: '4.22.0-ec.1-multi',
    spec: {
      release: { image: 'quay.io/openshift-release-dev/ocp-release:4.22.0-ec.1-multi' },
      imageTagMirrorSet: [ok],
    },
    expected: [],
  },
  {
    name: 'nightly 4.21',
    spec: {
      release: { image: 'registry.ci.openshift.org/ocp/release:4.21.0-0.nightly-2025-10-01-123456' },
      imageTagMirrorSet: [ok],
    },
    expected: [],
  },
  { name: '5.0', spec: { release: { image: 'quay.io/ocp-release:5.0.0' }, imageTagMirrorSet: [ok] }, expected: [] },
  {
    name: 'digest-pinned release: warning, generation still happens',
    spec: {
      release: { image: 'quay.io/openshift-release-dev/ocp-release@sha256:' + 'b'.repeat(64) },
      imageTagMirrorSet: [ok],
    },
    expected: [W('unknown-version', 'spec.release.image', 'quay.io/openshift-release-dev/ocp-release@sha256:', '4.21')],
  },
  {
    name: 'release tag is no version',
    spec: { release: { image: 'quay.io/ocp-release:latest' }, imageTagMirrorSet: [ok] },
    expected: [W('unknown-version', 'spec.release.image', '"quay.io/ocp-release:latest"')],
  },
  {
    name: 'missing release',
    spec: { imageTagMirrorSet: [ok] },
    expected: [W('unknown-version', 'spec.release.image', 'no release image')],
  },
  {
    name: 'release without image',
    spec: { release: {}, imageTagMirrorSet: [ok] },
    expected: [W('unknown-version', 'spec.release.image', 'no release image')],
  },
  {
    name: 'release image empty',
    spec: { release: { image: '' }, imageTagMirrorSet: [ok] },
    expected: [W('unknown-version', 'spec.release.image', 'no release image')],
  },
  {
    name: 'release a string',
    spec: { release: RELEASE_4_21, imageTagMirrorSet: [ok] },
    expected: [W('unknown-version', 'spec.release.image', 'no release image')],
  },
  {
    name: 'release image a number',
    spec: { release: { image: 4.21 }, imageTagMirrorSet: [ok] },
    expected: [E('invalid-type', 'spec.release.image', '4.21')],
  },
  {
    name: 'too-old release and a bad entry: both reported',
    spec: { release: { image: 'quay.io/ocp-release:4.20.0' }, imageTagMirrorSet: [{ ...ok, mirrors: [] }] },
    expected: [
      E('unsupported-version', 'spec.release.image', '4.20.0'),
      E('no-mirrors', `${ITMS}[0].mirrors`, '"quay.io/openshift"'),
    ],
  },

  // ---- imageContentSources: HyperShift already accepts it; only what breaks MCO is an error
  {
    name: 'imageContentSources: a source listed among its own mirrors',
    spec: spec({
      imageTagMirrorSet: [ok],
      imageContentSources: [{ source: 'quay.io/ocp', mirrors: ['quay.io/ocp', 'm.example.com/ocp'] }],
    }),
    expected: [W('ics-quirk', `${ICS}[0].mirrors[0]`, '"quay.io/ocp"')],
  },
  {
    name: 'imageContentSources: entry without mirrors',
    spec: spec({ imageTagMirrorSet: [ok], imageContentSources: [{ source: 'quay.io/ocp' }] }),
    expected: [W('ics-quirk', `${ICS}[0].mirrors`, '"quay.io/ocp"')],
  },
  {
    name: 'imageContentSources: repeated source and duplicate mirrors are fine',
    spec: spec({
      imageTagMirrorSet: [ok],
      imageContentSources: [
        { source: 'quay.io/ocp', mirrors: ['a.example.com/ocp', 'a.example.com/ocp'] },
        { source: 'quay.io/ocp', mirrors: ['b.example.com/ocp'] },
      ],
    }),
    expected: [],
  },
  {
    name: 'imageContentSources: invalid source',
    spec: spec({
      imageTagMirrorSet: [ok],
      imageContentSources: [{ source: 'quay.io/ocp:latest', mirrors: ['m.example.com/ocp'] }],
    }),
    expected: [E('ics-invalid-source', `${ICS}[0].source`, '"quay.io/ocp:latest"', 'remove the tag')],
  },
  {
    name: 'imageContentSources: invalid mirror',
    spec: spec({
      imageTagMirrorSet: [ok],
      imageContentSources: [{ source: 'quay.io/ocp', mirrors: ['https://m.example.com/ocp'] }],
    }),
    expected: [E('ics-invalid-mirror', `${ICS}[0].mirrors[0]`, '"https://m.example.com/ocp"', 'remove the scheme')],
  },
  {
    name: 'imageContentSources: non-string mirror',
    spec: spec({ imageTagMirrorSet: [ok], imageContentSources: [{ source: 'quay.io/ocp', mirrors: [8080] }] }),
    expected: [E('invalid-type', `${ICS}[0].mirrors[0]`, '8080')],
  },
  {
    name: 'imageContentSources: a map',
    spec: spec({ imageTagMirrorSet: [ok], imageContentSources: { source: 'quay.io/ocp' } }),
    expected: [E('invalid-type', ICS, 'a map')],
  },
  {
    name: 'imageContentSources: entry a string',
    spec: spec({ imageTagMirrorSet: [ok], imageContentSources: ['quay.io/ocp'] }),
    expected: [E('invalid-type', `${ICS}[0]`, 'a string', 'quay.io/ocp')],
  },
  {
    name: 'imageContentSources: non-string source',
    spec: spec({ imageTagMirrorSet: [ok], imageContentSources: [{ source: 443, mirrors: ['m.example.com/ocp'] }] }),
    expected: [E('invalid-type', `${ICS}[0].source`, '443')],
  },
  {
    name: 'imageContentSources: non-string source (list)',
    spec: spec({
      imageTagMirrorSet: [ok],
      imageContentSources: [{ source: ['quay.io/ocp'], mirrors: ['m.example.com/ocp'] }],
    }),
    expected: [E('invalid-type', `${ICS}[0].source`, '"quay.io/ocp"')],
  },
  {
    name: 'imageContentSources: mirrors a string',
    spec: spec({
      imageTagMirrorSet: [ok],
      imageContentSources: [{ source: 'quay.io/ocp', mirrors: 'm.example.com/ocp' }],
    }),
    expected: [E('invalid-type', `${ICS}[0].mirrors`, 'a string', 'm.example.com/ocp', 'list of mirror strings')],
  },
];

const key = (r: { path: string; code: string; severity: string }) => `${r.path}\u0000${r.code}\u0000${r.severity}`;
const byKey = <T extends { path: string; code: string; severity: string }>(xs: T[]) =>
  [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const shape = (r: Result) => ({ severity: r.severity, code: r.tags.code as string, path: r.field?.path ?? '' });
const shapes = (rs: Result[]) => byKey(rs.map(shape));
const expectedShapes = (es: Expected[]) => byKey(es.map(({ severity, code, path }) => ({ severity, code, path })));

function checkMentions(results: Result[], expected: Expected[]) {
  for (const e of expected) {
    const r = results.find((x) => x.tags.code === e.code && x.field?.path === e.path && x.severity === e.severity);
    expect(r, `${e.code} at ${e.path}`).toBeDefined();
    for (const m of e.mentions) expect(r!.message, `${e.code} at ${e.path}`).toContain(m);
  }
}

describe('validateHostedCluster: one row per rule', () => {
  for (const row of ROWS) {
    const generates = row.generates ?? !row.expected.some((e) => e.severity === 'error');
    const run = () => validateHostedCluster(row.spec, subject);

    it(row.name, () => {
      const v = run();
      expect(shapes(v.results)).toEqual(expectedShapes(row.expected));
      expect('mirrors' in v, 'mirrors present').toBe(generates);
      expect('registries' in v, 'registries present').toBe(generates);
      for (const r of v.results) {
        expect(r.resourceRef).toEqual(subject.resourceRef);
        expect(r.file).toEqual(subject.file);
        expect(r.message.length).toBeGreaterThan(0);
      }
    });

    if (row.expected.length > 0) {
      it(`${row.name}: the message mentions the value`, () => checkMentions(run().results, row.expected));
    }
  }
});

describe('validateHostedCluster: output', () => {
  it('the seed example yields its typed entries and three registry blocks', () => {
    const v = validateHostedCluster(itms(...SEED), subject);
    expect(v.results).toEqual([]);
    expect(v.mirrors).toEqual({ imageContentSources: [], imageTagMirrorSet: SEED });
    expect(v.registries!.map((b) => [registryScope(b), b.blocked])).toEqual([
      ['docker.io/library', true],
      ['quay.io/openshift', false],
      ['registry.redhat.io/ubi8', false],
    ]);
  });

  it('a digest-pinned release still generates', () => {
    const v = validateHostedCluster(
      { release: { image: 'quay.io/ocp-release@sha256:' + 'c'.repeat(64) }, imageTagMirrorSet: [ok] },
      subject,
    );
    expect(v.results.map((r) => r.severity)).toEqual(['warning']);
    expect(v.mirrors?.imageTagMirrorSet).toEqual([ok]);
    expect(v.registries).toHaveLength(1);
  });

  it('unknown fields are dropped from the typed entries', () => {
    const v = validateHostedCluster(itms({ ...ok, extra: 1 }), subject);
    expect(v.mirrors?.imageTagMirrorSet).toEqual([ok]);
  });

  it('a null mirrorSourcePolicy is left out of the typed entry', () => {
    const v = validateHostedCluster(itms({ ...ok, mirrorSourcePolicy: null }), subject);
    expect(v.mirrors?.imageTagMirrorSet[0]).toEqual(ok);
  });

  it('imageContentSources are passed through with their quirks', () => {
    const ics = [{ source: 'quay.io/ocp', mirrors: ['quay.io/ocp', 'm.example.com/ocp'] }];
    const v = validateHostedCluster(spec({ imageTagMirrorSet: [ok], imageContentSources: ics }), subject);
    expect(v.mirrors?.imageContentSources).toEqual(ics);
  });

  it('does not modify its input', () => {
    const input = itms(...SEED, { ...ok, source: 'x/', extra: true });
    const copy = structuredClone(input);
    validateHostedCluster(input, subject);
    expect(input).toEqual(copy);
  });

  it('long values are shortened in messages', () => {
    const long = 'quay.io/' + 'a'.repeat(10_000) + ':tag';
    const v = validateHostedCluster(itms({ ...ok, source: long }), subject);
    expect(v.results).toHaveLength(1);
    expect(v.results[0]!.message).toContain('"quay.io/aaaa');
    expect(v.results[0]!.message.length).toBeLessThan(400);
  });

  it('hostile values in every field return (hang guard only)', () => {
    const hostile = [
      'quay.io/' + 'a-'.repeat(50_000) + '!',
      'a.'.repeat(100_000) + '!',
      '*.' + 'a.'.repeat(100_000) + '!',
    ];
    const v = validateHostedCluster(
      spec({
        imageTagMirrorSet: hostile.map((h) => ({ source: h, mirrors: hostile, mirrorSourcePolicy: h })),
        imageContentSources: hostile.map((h) => ({ source: h, mirrors: hostile })),
      }),
      subject,
    );
    expect(v.results.length).toBeGreaterThan(0);
    expect(v.mirrors).toBeUndefined();
  }, 2000);
});

describe('validateHostedCluster: known version (generator mode)', () => {
  const TABLE: [string, { major: number; minor: number; patch: number }, Expected[]][] = [
    [
      '4.20.9 is too old',
      { major: 4, minor: 20, patch: 9 },
      [E('unsupported-version', 'spec.release.image', '4.20.9')],
    ],
    ['4.21.0', { major: 4, minor: 21, patch: 0 }, []],
    ['4.30.1', { major: 4, minor: 30, patch: 1 }, []],
    ['5.0.0', { major: 5, minor: 0, patch: 0 }, []],
  ];
  it.each(TABLE)('%s (overrides spec.release.image)', (_, version, expected) => {
    const v = validateHostedCluster(
      { release: { image: 'quay.io/ocp-release:3.0.0' }, imageTagMirrorSet: [ok] },
      subject,
      { version },
    );
    expect(shapes(v.results)).toEqual(expectedShapes(expected));
    checkMentions(v.results, expected);
  });
  it('no release image needed', () => {
    expect(
      validateHostedCluster({ imageTagMirrorSet: [ok] }, subject, { version: { major: 4, minor: 21, patch: 0 } })
        .results,
    ).toEqual([]);
  });
});

describe('mirror-is-source: the hint follows the entry', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['AllowContactingSource (default)', {}, /remove it \(the source is tried last anyway\)$/],
    ['AllowContactingSource', { mirrorSourcePolicy: 'AllowContactingSource' }, /tried last anyway\)$/],
    [
      'NeverContactSource',
      { mirrorSourcePolicy: 'NeverContactSource' },
      /with NeverContactSource it does not reach the source \(that attempt is blocked like the source\); remove it, and use AllowContactingSource if pulls should reach the source$/,
    ],
  ])('%s', (_, policy, message) => {
    const v = validateHostedCluster(
      itms({ source: 'docker.io', mirrors: ['m.example/docker', 'docker.io'], ...policy }),
      subject,
    );
    const hits = v.results.filter((r) => r.tags.code === 'mirror-is-source');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toMatch(message);
  });
});

// validateRemembered (src/validate/remembered.ts): a fleet's clusters of one setup share one
// validation. Every row gets exactly the answer validateHostedCluster gives, for its own
// cluster, asked three times for three clusters; a clean answer is shared (from the third: the
// second makes the key), one with results never is.
describe('validateRemembered: the answer validateHostedCluster gives, shared only when clean', () => {
  const other: Target = {
    resourceRef: { ...subject.resourceRef!, name: 'other-cluster', namespace: 'elsewhere' },
    file: { path: 'elsewhere/other.yaml', index: 2 },
  };
  const third: Target = { resourceRef: { ...subject.resourceRef!, name: 'third-cluster' } };
  for (const row of ROWS)
    it(row.name, () => {
      const first = validateRemembered(row.spec, subject);
      const second = validateRemembered(row.spec, other);
      const last = validateRemembered(row.spec, third);
      expect(first).toEqual(validateHostedCluster(row.spec, subject));
      expect(second).toEqual(validateHostedCluster(row.spec, other));
      expect(last).toEqual(validateHostedCluster(row.spec, third));
      if (first.results.length === 0 && first.registries) expect(last.registries).toBe(second.registries);
      else expect(last.registries === undefined || last.registries !== second.registries).toBe(true);
    });

  it('a fleet of distinct setups: each answer its own and right; a setup that then repeats is shared again', () => {
    // Distinct setups (each cluster its own sources): every answer its own, and right.
    const mine = (i: number) => itms({ source: `quay.io/team${i}/app`, mirrors: [`mirror.example.com/team${i}/app`] });
    for (let i = 0; i < 300; i++)
      expect(validateRemembered(mine(i), subject)).toEqual(validateHostedCluster(mine(i), subject));
    // One of them again, three times: shared from the third.
    const again = [0, 1, 2].map(() => validateRemembered(mine(7), other));
    for (const v of again) expect(v).toEqual(validateHostedCluster(mine(7), other));
    expect(again[2]!.registries).toBe(again[1]!.registries);
    // Same first and last source, different mirrors: the fingerprint is alike, the answers are not shared.
    const a = itms({ source: 'quay.io/x', mirrors: ['m1.example.com/x'] });
    const b = itms({ source: 'quay.io/x', mirrors: ['m2.example.com/x'] });
    for (const spec of [a, a, a, b, b])
      expect(validateRemembered(spec, subject)).toEqual(validateHostedCluster(spec, subject));
    expect(validateRemembered(b, subject).registries).not.toBe(validateRemembered(a, subject).registries);
    // A fingerprint of huge strings is not kept (nor, then, the answer): each answer its own.
    const huge = itms({ source: `quay.io/${'x'.repeat(5000)}`, mirrors: ['m.example.com/x'] });
    const answers = [0, 1, 2].map(() => validateRemembered(huge, subject));
    for (const v of answers) expect(v).toEqual(validateHostedCluster(huge, subject));
    if (answers[2]!.registries) expect(answers[2]!.registries).not.toBe(answers[1]!.registries);
  });

  it('values JSON cannot tell apart are not remembered (a full parse: NaN, Infinity, null; 1 and "1")', () => {
    const base = { source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] };
    const clean = itms(base);
    for (const odd of [NaN, Infinity, 1, true])
      for (const field of ['mirrorSourcePolicy', 'extra']) {
        const withNull = itms({ ...base, [field]: null });
        const withOdd = itms({ ...base, [field]: odd });
        for (let k = 0; k < 2; k++) {
          validateRemembered(withNull, subject);
          validateRemembered(clean, subject);
        }
        expect(validateRemembered(withOdd, other)).toEqual(validateHostedCluster(withOdd, other));
      }
    const quoted = spec({ imageTagMirrorSet: [base], release: { image: 1 } });
    for (let k = 0; k < 2; k++)
      validateRemembered(spec({ imageTagMirrorSet: [base], release: { image: '1' } }), subject);
    expect(validateRemembered(quoted, other)).toEqual(validateHostedCluster(quoted, other));
  });

  it('an absent field is not a null one', () => {
    const absent = itms(ok);
    const nulls = { ...itms(ok), imageContentSources: null, configuration: null };
    for (let k = 0; k < 2; k++) validateRemembered(absent, subject);
    expect(validateRemembered(nulls, other)).toEqual(validateHostedCluster(nulls, other));
    const noRelease = { imageTagMirrorSet: [ok] };
    const nullRelease = { imageTagMirrorSet: [ok], release: null };
    for (let k = 0; k < 2; k++) validateRemembered(noRelease, subject);
    expect(validateRemembered(nullRelease, other)).toEqual(validateHostedCluster(nullRelease, other));
  });
});
