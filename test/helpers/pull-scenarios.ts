// Pull scenarios: for a HostedCluster's mirror lists and one image reference, which locations
// containers/image tries, in order, and which one serves the image.
//
// test/e2e/skopeo.test.ts proves every row with real registries and skopeo (the registries'
// logs and skopeo's own "Trying to access" lines); a prediction (e.g. an `explain` command)
// can be checked against the same rows without any registry.
//
// References are templates. Tokens:
//   {source} {mirror1} {mirror2}  a registry host (`127.0.0.1:PORT` in the end-to-end suite)
//   {digest:LABEL}                the manifest digest of the test image labelled LABEL
// Hosts under `.invalid` never resolve (RFC 6761): a pull that succeeds for such a name can
// only have been served by a mirror.

import type { MirrorEntry } from './krm-function.js';

export type RegistryToken = 'source' | 'mirror1' | 'mirror2';
export const REGISTRY_TOKENS: readonly RegistryToken[] = ['source', 'mirror1', 'mirror2'];

export interface PullScenario {
  id: string;
  title: string;
  imageTagMirrorSet: MirrorEntry[];
  imageContentSources?: Array<{ source: string; mirrors: string[] }>;
  /** The registries.conf the function must render for these lists (MCO's bytes). */
  registriesConf: string;
  /** Test images pushed before the pull: a tagged reference and the label that makes its content. */
  seed: Array<{ at: string; label: string }>;
  /** The reference pulled. */
  image: string;
  /** Every location containers/image tries, in order (blocked and unresolvable ones included). */
  tried: string[];
  /** The subset of `tried` that registries.conf blocks: refused without any request. */
  blocked: string[];
  /** The location that serves the image (the last of `tried`), or null: the pull fails. */
  servedBy: string | null;
  /** For a served pull: the label of the image that comes back. */
  servedLabel?: string;
  /** For a failed pull: a part of containers/image's error message. */
  failure?: string;
}

const HEADER = [
  'unqualified-search-registries = ["registry.access.redhat.com", "docker.io"]',
  'short-name-mode = ""',
  'additional-layer-store-auth-helper = ""',
  '',
].join('\n');

type Block = {
  prefix?: string;
  location?: string;
  blocked?: boolean;
  mirrors: Array<[string, 'tag-only' | 'digest-only']>;
};

/** registries.conf text in MCO's layout (see the project's registries.conf reference and testdata/registries-conf/), for the rows below. */
function conf(...blocks: Block[]): string {
  let out = HEADER;
  for (const b of blocks) {
    out += `\n[[registry]]\n  prefix = "${b.prefix ?? ''}"\n`;
    if (b.location !== undefined) out += `  location = "${b.location}"\n`;
    if (b.blocked === true) out += '  blocked = true\n';
    for (const [location, pull] of b.mirrors) {
      out += `\n  [[registry.mirror]]\n    location = "${location}"\n    pull-from-mirror = "${pull}"\n`;
    }
  }
  return out;
}

const tagOnly = (...locations: string[]): Block['mirrors'] => locations.map((l) => [l, 'tag-only']);

export const PULL_SCENARIOS: readonly PullScenario[] = [
  {
    id: 'tag-from-mirror',
    title: 'a tag pull is served by the mirror; the source, which has the image too, is not asked',
    imageTagMirrorSet: [{ source: '{source}/s1', mirrors: ['{mirror1}/m/s1'] }],
    registriesConf: conf({ location: '{source}/s1', mirrors: tagOnly('{mirror1}/m/s1') }),
    seed: [
      { at: '{mirror1}/m/s1/app:v1', label: 's1@mirror1' },
      { at: '{source}/s1/app:v1', label: 's1@source' },
    ],
    image: '{source}/s1/app:v1',
    tried: ['{mirror1}/m/s1/app:v1'],
    blocked: [],
    servedBy: '{mirror1}/m/s1/app:v1',
    servedLabel: 's1@mirror1',
  },
  {
    id: 'fallback-no-policy',
    title: 'no mirrorSourcePolicy: an image missing on the mirror comes from the source',
    imageTagMirrorSet: [{ source: '{source}/s2', mirrors: ['{mirror1}/m/s2'] }],
    registriesConf: conf({ location: '{source}/s2', mirrors: tagOnly('{mirror1}/m/s2') }),
    seed: [{ at: '{source}/s2/app:v1', label: 's2@source' }],
    image: '{source}/s2/app:v1',
    tried: ['{mirror1}/m/s2/app:v1', '{source}/s2/app:v1'],
    blocked: [],
    servedBy: '{source}/s2/app:v1',
    servedLabel: 's2@source',
  },
  {
    id: 'fallback-allow-contacting-source',
    title: 'AllowContactingSource: an image missing on the mirror comes from the source',
    imageTagMirrorSet: [
      { source: '{source}/s3', mirrors: ['{mirror1}/m/s3'], mirrorSourcePolicy: 'AllowContactingSource' },
    ],
    registriesConf: conf({ location: '{source}/s3', mirrors: tagOnly('{mirror1}/m/s3') }),
    seed: [{ at: '{source}/s3/app:v1', label: 's3@source' }],
    image: '{source}/s3/app:v1',
    tried: ['{mirror1}/m/s3/app:v1', '{source}/s3/app:v1'],
    blocked: [],
    servedBy: '{source}/s3/app:v1',
    servedLabel: 's3@source',
  },
  {
    id: 'never-contact-source-fails',
    title:
      'NeverContactSource: an image missing on the mirror fails, though the source has it; the source sees nothing',
    imageTagMirrorSet: [
      { source: '{source}/s4', mirrors: ['{mirror1}/m/s4'], mirrorSourcePolicy: 'NeverContactSource' },
    ],
    registriesConf: conf({ location: '{source}/s4', blocked: true, mirrors: tagOnly('{mirror1}/m/s4') }),
    seed: [{ at: '{source}/s4/app:v1', label: 's4@source' }],
    image: '{source}/s4/app:v1',
    tried: ['{mirror1}/m/s4/app:v1', '{source}/s4/app:v1'],
    blocked: ['{source}/s4/app:v1'],
    servedBy: null,
    failure: 'is blocked',
  },
  {
    id: 'never-contact-source-from-mirror',
    title: 'NeverContactSource: the mirror serves a tag pull; the source sees nothing',
    imageTagMirrorSet: [
      { source: '{source}/s5', mirrors: ['{mirror1}/m/s5'], mirrorSourcePolicy: 'NeverContactSource' },
    ],
    registriesConf: conf({ location: '{source}/s5', blocked: true, mirrors: tagOnly('{mirror1}/m/s5') }),
    seed: [
      { at: '{mirror1}/m/s5/app:v1', label: 's5@mirror1' },
      { at: '{source}/s5/app:v1', label: 's5@source' },
    ],
    image: '{source}/s5/app:v1',
    tried: ['{mirror1}/m/s5/app:v1'],
    blocked: [],
    servedBy: '{mirror1}/m/s5/app:v1',
    servedLabel: 's5@mirror1',
  },
  {
    id: 'mirror-order',
    title: 'mirrors are tried in listed order: the first (empty) is asked, the second serves',
    imageTagMirrorSet: [{ source: '{source}/s6', mirrors: ['{mirror1}/m/s6', '{mirror2}/m/s6'] }],
    registriesConf: conf({ location: '{source}/s6', mirrors: tagOnly('{mirror1}/m/s6', '{mirror2}/m/s6') }),
    seed: [
      { at: '{mirror2}/m/s6/app:v1', label: 's6@mirror2' },
      { at: '{source}/s6/app:v1', label: 's6@source' },
    ],
    image: '{source}/s6/app:v1',
    tried: ['{mirror1}/m/s6/app:v1', '{mirror2}/m/s6/app:v1'],
    blocked: [],
    servedBy: '{mirror2}/m/s6/app:v1',
    servedLabel: 's6@mirror2',
  },
  {
    id: 'mirror-order-reversed',
    title:
      'mirrors are tried in listed order: with both holding the image, the first listed serves and the other is not asked',
    imageTagMirrorSet: [{ source: '{source}/s7', mirrors: ['{mirror2}/m/s7', '{mirror1}/m/s7'] }],
    registriesConf: conf({ location: '{source}/s7', mirrors: tagOnly('{mirror2}/m/s7', '{mirror1}/m/s7') }),
    seed: [
      { at: '{mirror1}/m/s7/app:v1', label: 's7@mirror1' },
      { at: '{mirror2}/m/s7/app:v1', label: 's7@mirror2' },
      { at: '{source}/s7/app:v1', label: 's7@source' },
    ],
    image: '{source}/s7/app:v1',
    tried: ['{mirror2}/m/s7/app:v1'],
    blocked: [],
    servedBy: '{mirror2}/m/s7/app:v1',
    servedLabel: 's7@mirror2',
  },
  {
    id: 'digest-skips-tag-only-mirror',
    title: 'a digest pull does not use a tag-only mirror, though it holds the image',
    imageTagMirrorSet: [{ source: '{source}/s8', mirrors: ['{mirror1}/m/s8'] }],
    registriesConf: conf({ location: '{source}/s8', mirrors: tagOnly('{mirror1}/m/s8') }),
    seed: [
      { at: '{mirror1}/m/s8/app:v1', label: 's8' },
      { at: '{source}/s8/app:v1', label: 's8' },
    ],
    image: '{source}/s8/app@{digest:s8}',
    tried: ['{source}/s8/app@{digest:s8}'],
    blocked: [],
    servedBy: '{source}/s8/app@{digest:s8}',
    servedLabel: 's8',
  },
  {
    id: 'digest-uses-ics-mirror',
    title: 'a digest pull uses the imageContentSources (digest-only) mirror and skips the tag-only one',
    imageContentSources: [{ source: '{source}/s9', mirrors: ['{mirror2}/d/s9'] }],
    imageTagMirrorSet: [{ source: '{source}/s9', mirrors: ['{mirror1}/m/s9'] }],
    registriesConf: conf({
      location: '{source}/s9',
      mirrors: [
        ['{mirror2}/d/s9', 'digest-only'],
        ['{mirror1}/m/s9', 'tag-only'],
      ],
    }),
    seed: [
      { at: '{mirror1}/m/s9/app:v1', label: 's9' },
      { at: '{mirror2}/d/s9/app:v1', label: 's9' },
      { at: '{source}/s9/app:v1', label: 's9' },
    ],
    image: '{source}/s9/app@{digest:s9}',
    tried: ['{mirror2}/d/s9/app@{digest:s9}'],
    blocked: [],
    servedBy: '{mirror2}/d/s9/app@{digest:s9}',
    servedLabel: 's9',
  },
  {
    id: 'tag-skips-digest-only-mirror',
    title: 'a tag pull skips the imageContentSources (digest-only) mirror, listed first, and uses the tag-only one',
    imageContentSources: [{ source: '{source}/s10', mirrors: ['{mirror2}/d/s10'] }],
    imageTagMirrorSet: [{ source: '{source}/s10', mirrors: ['{mirror1}/m/s10'] }],
    registriesConf: conf({
      location: '{source}/s10',
      mirrors: [
        ['{mirror2}/d/s10', 'digest-only'],
        ['{mirror1}/m/s10', 'tag-only'],
      ],
    }),
    seed: [
      { at: '{mirror1}/m/s10/app:v1', label: 's10@mirror1' },
      { at: '{mirror2}/d/s10/app:v1', label: 's10@mirror2' },
      { at: '{source}/s10/app:v1', label: 's10@source' },
    ],
    image: '{source}/s10/app:v1',
    tried: ['{mirror1}/m/s10/app:v1'],
    blocked: [],
    servedBy: '{mirror1}/m/s10/app:v1',
    servedLabel: 's10@mirror1',
  },
  {
    id: 'wildcard-subdomain',
    title:
      'a wildcard source *.mirror-test.invalid routes a subdomain host to the mirror (the source host does not resolve)',
    imageTagMirrorSet: [{ source: '*.mirror-test.invalid', mirrors: ['{mirror1}/wild'] }],
    registriesConf: conf({ prefix: '*.mirror-test.invalid', mirrors: tagOnly('{mirror1}/wild') }),
    seed: [{ at: '{mirror1}/wild/team/app:v1', label: 's11@mirror1' }],
    image: 'src.mirror-test.invalid/team/app:v1',
    tried: ['{mirror1}/wild/team/app:v1'],
    blocked: [],
    servedBy: '{mirror1}/wild/team/app:v1',
    servedLabel: 's11@mirror1',
  },
  {
    id: 'wildcard-not-apex',
    title: 'a wildcard source *.mirror-test.invalid does not match mirror-test.invalid itself: the mirror is not asked',
    imageTagMirrorSet: [{ source: '*.mirror-test.invalid', mirrors: ['{mirror1}/wild'] }],
    registriesConf: conf({ prefix: '*.mirror-test.invalid', mirrors: tagOnly('{mirror1}/wild') }),
    seed: [{ at: '{mirror1}/wild/team/app:v1', label: 's12@mirror1' }],
    image: 'mirror-test.invalid/team/app:v1',
    tried: ['mirror-test.invalid/team/app:v1'],
    blocked: [],
    servedBy: null,
    failure: 'lookup mirror-test.invalid',
  },
  {
    id: 'wildcard-with-port',
    title:
      'a wildcard source does not cope with a port: host:port under *.mirror-test.invalid fails before any request',
    imageTagMirrorSet: [{ source: '*.mirror-test.invalid', mirrors: ['{mirror1}/wild'] }],
    registriesConf: conf({ prefix: '*.mirror-test.invalid', mirrors: tagOnly('{mirror1}/wild') }),
    seed: [{ at: '{mirror1}/wild/team/app:v1', label: 's15@mirror1' }],
    image: 'src.mirror-test.invalid:5000/team/app:v1',
    // containers/image matches the block, then fails to rewrite the reference for the mirror
    // (the matched host part keeps the port), before trying any location.
    tried: [],
    blocked: [],
    servedBy: null,
    failure: 'rewriting reference: invalid reference format',
  },
  {
    id: 'nested-source-longest-prefix',
    title: 'nested sources: the longest matching source wins and the enclosing source is never consulted',
    imageTagMirrorSet: [
      { source: '{source}', mirrors: ['{mirror1}/all'] },
      { source: '{source}/s13/app', mirrors: ['{mirror2}/m/s13-app'] },
    ],
    registriesConf: conf(
      { location: '{source}', mirrors: tagOnly('{mirror1}/all') },
      { location: '{source}/s13/app', mirrors: tagOnly('{mirror2}/m/s13-app') },
    ),
    seed: [
      { at: '{mirror1}/all/s13/app:v1', label: 's13@mirror1' },
      { at: '{source}/s13/app:v1', label: 's13@source' },
    ],
    image: '{source}/s13/app:v1',
    tried: ['{mirror2}/m/s13-app:v1', '{source}/s13/app:v1'],
    blocked: [],
    servedBy: '{source}/s13/app:v1',
    servedLabel: 's13@source',
  },
  {
    id: 'nested-source-enclosing',
    title: "nested sources: a reference outside the inner source uses the enclosing source's mirror",
    imageTagMirrorSet: [
      { source: '{source}', mirrors: ['{mirror1}/all'] },
      { source: '{source}/s14/app', mirrors: ['{mirror2}/m/s14-app'] },
    ],
    registriesConf: conf(
      { location: '{source}', mirrors: tagOnly('{mirror1}/all') },
      { location: '{source}/s14/app', mirrors: tagOnly('{mirror2}/m/s14-app') },
    ),
    seed: [
      { at: '{mirror1}/all/s14/other:v1', label: 's14@mirror1' },
      { at: '{source}/s14/other:v1', label: 's14@source' },
    ],
    image: '{source}/s14/other:v1',
    tried: ['{mirror1}/all/s14/other:v1'],
    blocked: [],
    servedBy: '{mirror1}/all/s14/other:v1',
    servedLabel: 's14@mirror1',
  },
];

export interface ResolveContext {
  hosts: Record<RegistryToken, string>;
  /** The digest for `{digest:LABEL}`. */
  digest: (label: string) => string;
}

/** Replaces the tokens of one template. */
export function resolveTemplate(template: string, ctx: ResolveContext): string {
  return template.replace(/\{(source|mirror1|mirror2|digest:[^}]+)\}/g, (_, token: string) =>
    token.startsWith('digest:') ? ctx.digest(token.slice('digest:'.length)) : ctx.hosts[token as RegistryToken],
  );
}

/** The scenario with every template resolved. */
export function resolveScenario(s: PullScenario, ctx: ResolveContext): PullScenario {
  const r = (t: string) => resolveTemplate(t, ctx);
  return {
    ...s,
    imageTagMirrorSet: s.imageTagMirrorSet.map((e) => ({ ...e, source: r(e.source), mirrors: e.mirrors.map(r) })),
    ...(s.imageContentSources !== undefined
      ? { imageContentSources: s.imageContentSources.map((e) => ({ source: r(e.source), mirrors: e.mirrors.map(r) })) }
      : {}),
    registriesConf: r(s.registriesConf),
    seed: s.seed.map((x) => ({ at: r(x.at), label: x.label })),
    image: r(s.image),
    tried: s.tried.map(r),
    blocked: s.blocked.map(r),
    servedBy: s.servedBy === null ? null : r(s.servedBy),
  };
}
