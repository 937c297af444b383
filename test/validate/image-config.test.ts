// The Image config's results (src/validate/image-config.ts, image-config-effects.ts): the
// hand-derived cases' expected results, and a table that makes every code appear.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/krm/result.js';
import { validateDigestMirrors, validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import { CASES, type Spec } from '../helpers/image-config-cases.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

/** The function's rules for a cluster with an imageTagMirrorSet; explain's for one without. */
type AnySpec = Record<string, unknown>;

function validate(spec: AnySpec): Result[] {
  const full = { ...spec, release: spec.release ?? { image: RELEASE } };
  const itms = spec.imageTagMirrorSet;
  return (Array.isArray(itms) && itms.length ? validateHostedCluster(full, {}) : validateDigestMirrors(full)).results;
}
const problems = (spec: Spec) =>
  validate(spec)
    .map((r) => `${r.severity} ${r.tags.code}`)
    .sort();

describe('the Image config cases: results', () => {
  for (const c of CASES.filter((x) => x.expect.problems !== undefined)) {
    it(c.name, () => expect(problems(c.spec)).toEqual([...c.expect.problems!].sort()));
  }
});

type Row = [title: string, spec: AnySpec, severity: string, code: string, path: string, message: RegExp];

const ITMS = [{ source: 'quay.io/acme', mirrors: ['mirror.example.com/acme'] }];
const rs = (registrySources: unknown): AnySpec => ({
  imageTagMirrorSet: ITMS,
  configuration: { image: { registrySources } },
});
const RS = 'spec.configuration.image.registrySources';

const TABLE: Row[] = [
  [
    'a scope that is no string',
    rs({ insecureRegistries: [5] }),
    'error',
    'image-config-invalid-scope',
    `${RS}.insecureRegistries[0]`,
    /must be a string, not a number/,
  ],
  [
    'an empty scope',
    rs({ blockedRegistries: [''] }),
    'error',
    'image-config-invalid-scope',
    `${RS}.blockedRegistries[0]`,
    /must not be empty/,
  ],
  [
    'a scope over 256 characters',
    rs({ allowedRegistries: ['a'.repeat(257)] }),
    'error',
    'image-config-invalid-scope',
    `${RS}.allowedRegistries[0]`,
    /longer than 256 characters/,
  ],
  [
    'a scope with a scheme',
    rs({ insecureRegistries: ['https://quay.io'] }),
    'error',
    'image-config-invalid-scope',
    `${RS}.insecureRegistries[0]`,
    /hostname\[:port\]\[\/path\].*remove the scheme/,
  ],
  [
    'a scope with a tag',
    rs({ blockedRegistries: ['quay.io/acme:v1'] }),
    'error',
    'image-config-invalid-scope',
    `${RS}.blockedRegistries[0]`,
    /remove the tag/,
  ],
  [
    'a wildcard with a path',
    rs({ insecureRegistries: ['*.x.com/p'] }),
    'error',
    'image-config-invalid-scope',
    `${RS}.insecureRegistries[0]`,
    /whole leading label/,
  ],
  [
    'a list that is no list',
    rs({ insecureRegistries: 'quay.io' }),
    'error',
    'invalid-type',
    `${RS}.insecureRegistries`,
    /must be a list of registry scopes, not a string/,
  ],
  ['registrySources that is no map', rs(['quay.io']), 'error', 'invalid-type', RS, /must be a map, not a list/],
  [
    'configuration that is no map',
    { imageTagMirrorSet: ITMS, configuration: 'x' },
    'error',
    'invalid-type',
    'spec.configuration',
    /must be a map, not a string/,
  ],
  [
    'an unknown field',
    rs({ insecure: ['quay.io'] }),
    'warning',
    'unknown-field',
    `${RS}.insecure`,
    /unknown field "insecure"/,
  ],
  [
    'more than 1024 scopes',
    rs({ insecureRegistries: Array.from({ length: 1025 }, (_, i) => `h${i}.example.com`) }),
    'error',
    'image-config-too-many-scopes',
    `${RS}.insecureRegistries`,
    /1025 entries; the HostedCluster CRD allows at most 1024/,
  ],
  [
    'allowed and blocked together',
    rs({ allowedRegistries: ['quay.io'], blockedRegistries: [] }),
    'error',
    'image-config-allowed-and-blocked',
    RS,
    /Only one of blockedRegistries or allowedRegistries may be set/,
  ],
  [
    'a repeated scope',
    rs({ insecureRegistries: ['a.com', 'a.com'] }),
    'warning',
    'image-config-duplicate-scope',
    `${RS}.insecureRegistries[1]`,
    /repeats insecureRegistries\[0\]/,
  ],
  [
    'an empty search list',
    rs({ containerRuntimeSearchRegistries: [] }),
    'error',
    'image-config-search-registries-empty',
    `${RS}.containerRuntimeSearchRegistries`,
    /at least 1 item/,
  ],
  [
    'a repeated search registry',
    rs({ containerRuntimeSearchRegistries: ['quay.io', 'quay.io'] }),
    'error',
    'image-config-search-registry-duplicate',
    `${RS}.containerRuntimeSearchRegistries[1]`,
    /Duplicate value "quay.io"/,
  ],
  [
    'a search registry with a scheme',
    rs({ containerRuntimeSearchRegistries: ['https://quay.io'] }),
    'warning',
    'image-config-search-registry-invalid',
    `${RS}.containerRuntimeSearchRegistries[0]`,
    /URI schemes are not supported.*EVERY image pull on the node fails/,
  ],
  [
    'a scope inside a wildcard source',
    {
      imageTagMirrorSet: [{ source: '*.x.com', mirrors: ['m.example.com/x'] }],
      configuration: { image: { registrySources: { insecureRegistries: ['a.x.com'] } } },
    },
    'error',
    'image-config-scope-in-wildcard-source',
    `${RS}.insecureRegistries[0]`,
    /"a.x.com" lies inside the wildcard mirror source "\*.x.com".*mirrorsAdjustedForNestedScope for a wildcard scope "\*.x.com"/,
  ],
  [
    'a release image MCO cannot parse (the HyperShift rule passes a short name; MCO needs it fully qualified)',
    {
      ...rs({ insecureRegistries: ['a.com'] }),
      release: { image: 'ocp-release:4.21.0-x86_64' },
    },
    'error',
    'image-config-mco-refuses',
    'spec.release.image',
    /error parsing reference of release image/,
  ],
  [
    'nested scopes beyond a ConfigMap',
    {
      imageTagMirrorSet: [
        {
          source: 'quay.io/acme',
          mirrors: Array.from({ length: 100 }, (_, i) => `mirror${i}.example.com/a/rather/long/path`),
        },
      ],
      configuration: {
        image: {
          registrySources: { insecureRegistries: Array.from({ length: 1000 }, (_, i) => `quay.io/acme/t${i}`) },
        },
      },
    },
    'error',
    'image-config-too-large',
    RS,
    /registries\.conf would be \d+ bytes/,
  ],
  [
    'a blocked scope with no release image',
    {
      imageTagMirrorSet: ITMS,
      release: {},
      configuration: { image: { registrySources: { blockedRegistries: ['docker.io'] } } },
    },
    'warning',
    'image-config-unknown-release',
    'spec.release.image',
    /no release image/,
  ],
  [
    'allowedRegistries without the release repository',
    rs({ allowedRegistries: ['quay.io/acme'] }),
    'warning',
    'image-config-payload-not-allowed',
    `${RS}.allowedRegistries`,
    /policy\.json rejects the release payload repository "quay.io\/openshift-release-dev\/ocp-release"/,
  ],
  [
    'a mirror over 255 characters',
    { imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: [`m.example.com/${'a'.repeat(250)}`] }] },
    'error',
    'mirror-reference-too-long',
    'spec.imageTagMirrorSet[0].mirrors[0]',
    /264 characters long.*over the 255 characters containers\/image allows/,
  ],
  [
    'a host source: the shortest name adds "/x"',
    { imageTagMirrorSet: [{ source: 'quay.io', mirrors: [`m.example.com/${'a'.repeat(240)}`] }] },
    'error',
    'mirror-reference-too-long',
    'spec.imageTagMirrorSet[0].mirrors[0]',
    /254 characters long, so every image name through it has at least 256/,
  ],
  [
    'an imageContentSources mirror over 255 characters',
    {
      imageTagMirrorSet: ITMS,
      imageContentSources: [{ source: 'quay.io/x', mirrors: [`m.example.com/${'a'.repeat(250)}`] }],
    },
    'warning',
    'mirror-reference-too-long',
    'spec.imageContentSources[0].mirrors[0]',
    /rendered as the Machine Config Operator does/,
  ],
  [
    'a nested scope copying a mirror to over 255 characters',
    {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: [`m.example.com/${'a'.repeat(236)}`] }],
      configuration: { image: { registrySources: { insecureRegistries: ['quay.io/acme/team/x'] } } },
    },
    'warning',
    'mirror-reference-too-long',
    `${RS}.insecureRegistries[0]`,
    /copied for "quay.io\/acme\/team\/x"/,
  ],
];

describe('the Image config: a result for every code', () => {
  it.each(TABLE)('%s', (_title, spec, severity, code, path, message) => {
    const found = validate(spec).filter((r) => r.tags.code === code);
    expect(
      found.map((r) => [r.severity, r.field?.path]),
      JSON.stringify(validate(spec).map((r) => r.message)),
    ).toContainEqual([severity, path]);
    expect(found.find((r) => r.field?.path === path)!.message).toMatch(message);
  });
  it('a release image HyperShift refuses gets one error, not a second one for MCO', () => {
    const spec = {
      ...rs({ insecureRegistries: ['a.com'] }),
      release: { image: ' quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64' },
    };
    expect(
      validate(spec)
        .filter((r) => r.field?.path === 'spec.release.image')
        .map((r) => r.tags.code),
    ).toEqual(['invalid-release-image']);
  });
  it('a mirror of 253 characters under a repository source is fine (the image can be the source itself)', () => {
    expect(
      validate({ imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: [`m.example.com/${'a'.repeat(241)}`] }] }),
    ).toEqual([]);
  });
  it('empty lists are absent, as HyperShift drops them: no registries.conf change', () => {
    const v = validateHostedCluster(
      { release: { image: RELEASE }, ...rs({ insecureRegistries: [], blockedRegistries: [] }) },
      {},
    );
    expect(v.results).toEqual([]);
    expect(v.registries).toEqual(
      validateHostedCluster({ release: { image: RELEASE }, imageTagMirrorSet: ITMS }, {}).registries,
    );
  });
});

describe('a mirror in a blocked scope: the consequence follows what is left of the pull path', () => {
  const BLOCKED = 'registry.corp.example';
  const entry = (mirrors: string[], policy?: string) => ({
    source: 'docker.io',
    mirrors,
    ...(policy ? { mirrorSourcePolicy: policy } : {}),
  });
  const spec = (e: ReturnType<typeof entry>, blocked: string[] = [BLOCKED], more: AnySpec = {}): AnySpec => ({
    imageTagMirrorSet: [e],
    configuration: { image: { registrySources: { blockedRegistries: blocked } } },
    ...more,
  });
  const codes = (s: AnySpec) =>
    validate(s)
      .filter((r) => r.tags.code === 'mirror-in-blocked-scope' || r.tags.code === 'all-locations-blocked')
      .map((r) => [r.severity, r.tags.code, r.field?.path, r.message]);
  it.each<[string, AnySpec, string, string, string, RegExp]>([
    [
      'the only mirror blocked, the source NeverContactSource: every pull fails',
      spec(entry([`${BLOCKED}:5000/dockerhub`], 'NeverContactSource')),
      'error',
      'all-locations-blocked',
      'spec.imageTagMirrorSet[0].mirrors',
      /^every location of "docker\.io" is blocked: "registry\.corp\.example:5000\/dockerhub" lies in "registry\.corp\.example" \(blockedRegistries\), and the source itself lies in "docker\.io" \(NeverContactSource\);.* so every pull of "docker\.io" fails; .*or use AllowContactingSource$/,
    ],
    [
      'every mirror blocked, the source in blockedRegistries',
      spec(entry([`${BLOCKED}/a`, `${BLOCKED}/b`]), [BLOCKED, 'docker.io']),
      'error',
      'all-locations-blocked',
      'spec.imageTagMirrorSet[0].mirrors',
      /"registry\.corp\.example\/a" lies in .*, "registry\.corp\.example\/b" lies in .*the source itself lies in "docker\.io" \(blockedRegistries\).*every pull of "docker\.io" fails; unblock the mirror's registry, or add a mirror outside the blocked scopes$/,
    ],
    [
      'the only mirror blocked, the source contacted',
      spec(entry([`${BLOCKED}/dh`])),
      'warning',
      'mirror-in-blocked-scope',
      'spec.imageTagMirrorSet[0].mirrors[0]',
      /pulls of "docker\.io" by tag go on to the source;/,
    ],
    [
      'one mirror of two blocked, NeverContactSource',
      spec(entry([`${BLOCKED}/dh`, 'ok.example/dh'], 'NeverContactSource')),
      'warning',
      'mirror-in-blocked-scope',
      'spec.imageTagMirrorSet[0].mirrors[0]',
      /go on to the other mirrors \(the source is never contacted: NeverContactSource\);/,
    ],
    [
      'one mirror of two blocked, the source contacted',
      spec(entry(['ok.example/dh', `${BLOCKED}/dh`])),
      'warning',
      'mirror-in-blocked-scope',
      'spec.imageTagMirrorSet[0].mirrors[1]',
      /go on to the other mirrors or the source;/,
    ],
    [
      'the only mirror blocked by tag, a digest mirror open: every pull by tag fails',
      spec(entry([`${BLOCKED}/dh`]), [BLOCKED, 'docker.io'], {
        imageContentSources: [{ source: 'docker.io', mirrors: ['ok.example/dh'] }],
      }),
      'error',
      'all-locations-blocked',
      'spec.imageTagMirrorSet[0].mirrors',
      /so every pull of "docker\.io" by tag fails;/,
    ],
  ])('%s', (_, s, severity, code, path, message) => {
    const found = codes(s);
    // One finding for one mistake: an error replaces the mirror's warning.
    expect(found).toHaveLength(1);
    expect(found[0]!.slice(0, 3)).toEqual([severity, code, path]);
    expect(found[0]![3]).toMatch(message);
  });
  it('an error stops the generation for the cluster', () => {
    const v = validateHostedCluster(
      { release: { image: RELEASE }, ...spec(entry([`${BLOCKED}/dh`], 'NeverContactSource')) },
      {},
    );
    expect(v.registries).toBeUndefined();
  });
});
