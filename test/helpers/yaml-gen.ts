// Item texts for the property tests of the fast reader (test/krm/block-read.property.test.ts):
// realistic HostedClusters, NodePools and generated objects written in many styles, and hostile
// mutations of them. Everything comes from one seed (fast-check draws the seeds), so a failure
// prints a reproducible text.
export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number) => r() < p;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

// ---- a tiny tree, written out in a chosen style -----------------------------------------

export type Tree =
  | { map: [string, Tree][] }
  | { seq: Tree[] }
  | { scalar: string }
  | { raw: string }
  | { block: string; lines: string[] };

/** Strings a function reads, ordinary and treacherous. */
export const ORDINARY = [
  'quay.io/openshift-release-dev/ocp-release:4.21.3-x86_64',
  'registry.example.com/team/app',
  'mirror.internal:5000/ns/app',
  '10.0.0.1:5000',
  '10.0.0.1:5000/ocp/release',
  'registry.redhat.io',
  'docker.io',
  'cluster-1',
  'clusters',
  'pull-secret',
  'NeverContactSource',
  'AllowContactingSource',
  'hypershift.openshift.io/v1beta1',
  'HostedCluster',
  'NodePool',
  'v1',
  'ConfigMap',
  'config.openshift.io/v1',
  'ImageTagMirrorSet',
  'clusters/cluster-1',
  'hosted-clusters/hc.yaml',
  '0',
  '1',
  'a',
  'x_y',
  '_x',
  '/abs/path',
  'example.com/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'a b',
  'trailing',
  'UPPER',
  'mixed-Case.io',
  "it's",
  'say "hi"',
  "''",
  'a  b',
  'x\n',
  '\nx',
  'line one\n  line two\n',
  'a\n   \nb',
  'a\n\n',
];
export const TRICKY = [
  'on',
  'off',
  'yes',
  'no',
  'y',
  'n',
  'Y',
  'N',
  'true',
  'False',
  'ON',
  'Off',
  'null',
  'Null',
  '~',
  '',
  '0755',
  '0o755',
  '0x1F',
  '0b101',
  '1e3',
  '1E3',
  '+1',
  '-1',
  '.5',
  '1_000',
  '190:20:30',
  '1:30.5',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10',
  '.inf',
  '-.Inf',
  '.nan',
  '<<',
  '=',
  '08',
  '1.2.3',
  '4.21',
  '12345678901234567890',
  '0.',
  '-',
  '?',
  ':',
  '- x',
  '? x',
  ': x',
  'a: b',
  'a #b',
  'a#b',
  'a:b',
  "it's",
  '"dq"',
  "'sq'",
  '#',
  '&a',
  '*a',
  '!tag',
  '!!str x',
  '|',
  '>',
  '[a]',
  '{a: b}',
  '[]',
  '{}',
  '%x',
  '@x',
  '`x',
  'a\\b',
  'ünï',
  '\u2028',
  'tab\there',
  ' lead',
  'trail ',
  'x\ny',
  '---',
  '...',
  'a,b',
  '$HOME',
  'foo: ',
  '1e400',
  '-0b11',
  '+.inf',
  '0x',
  '1__2',
  'NaN',
  'Infinity',
  '.',
  'yES',
  'oN',
  'x]y',
  'x}y',
  'a?b',
  'a:',
  'a:,b',
  'a: ]',
  '"a": b',
  ', ',
];

export type Style = 'plain' | 'single' | 'double' | 'literal';

/** A scalar in a given style (whether or not that style can hold it: the readers decide). */
export function scalar(s: string, style: Style): Tree {
  switch (style) {
    case 'plain':
      return { scalar: s };
    case 'single':
      return { scalar: `'${s.replaceAll("'", "''")}'` };
    case 'double':
      return { scalar: JSON.stringify(s) };
    case 'literal':
      return { block: '|', lines: s.split('\n') };
  }
}

export interface Layout {
  step: number; // indentation per level
  wide: boolean; // sequences indented under their key
  comments: number; // probability of a comment after a line / a comment line
  blank: number; // probability of a blank line
  flow: number; // probability of writing a non-empty collection in flow style
  flowBreak: number; // probability of a line break between flow tokens
  flowHostile: number; // probability of a hostile token before a flow entry
}

/** Tokens put before a flow entry: anchors, aliases, tags, comments, empty entries, pairs. */
export const FLOW_HOSTILE = [
  '&a ',
  '*a ',
  '*a, ',
  '!!str ',
  '!t ',
  '# c\n    ',
  ', ',
  'k: ',
  '"k": ',
  '? ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\\',
  '\t',
  ' #',
  '\n\n    ',
  '\n',
];

export function layout(r: Rng): Layout {
  return {
    step: pick(r, [2, 2, 2, 4, 3]),
    wide: chance(r, 0.3),
    comments: pick(r, [0, 0, 0.1, 0.3]),
    blank: pick(r, [0, 0, 0.05]),
    flow: pick(r, [0, 0, 0, 0.3, 0.9]),
    flowBreak: pick(r, [0, 0, 0.2]),
    flowHostile: pick(r, [0, 0, 0.03, 0.1]),
  };
}

/** Writes a map as an item of a block sequence with its dash at `dash`. */
export function writeItem(item: Tree, l: Layout, r: Rng, dash: number): string {
  const out: string[] = [];
  const comment = () => (chance(r, l.comments) ? pick(r, [' # c', '  # note: x', ' #', ' # -- [a] {b}: "c"']) : '');
  const extra = (ind: number) => {
    if (chance(r, l.blank)) out.push(pick(r, ['', ' '.repeat(int(r, 0, ind + 4))]));
    if (chance(r, l.comments / 3)) out.push(`${' '.repeat(int(r, 0, ind + 4))}# comment line`);
  };
  // A collection in flow style: its continuation lines at about `ind` (sometimes too little),
  // with trailing commas and hostile tokens now and then.
  const flowText = (t: Tree, ind: number): string => {
    const sep = () =>
      chance(r, l.flowBreak) ? '\n' + ' '.repeat(Math.max(0, ind + int(r, -2, 3))) : pick(r, [' ', '', ' ', '  ']);
    const hostile = () => (chance(r, l.flowHostile) ? pick(r, FLOW_HOSTILE) : '');
    const trailing = () => (chance(r, l.flowHostile) ? ',' : '');
    if ('scalar' in t) return hostile() + t.scalar;
    if ('raw' in t) return t.raw;
    if ('block' in t) return JSON.stringify(t.lines.join('\n'));
    if ('map' in t) {
      const parts = t.map.map(([k, v]) => `${hostile()}${k}: ${flowText(v, ind)}`);
      return `{${sep()}${parts.join(',' + sep())}${trailing()}${sep()}}`;
    }
    const parts = t.seq.map((v) => hostile() + flowText(v, ind));
    return `[${sep()}${parts.join(',' + sep())}${trailing()}${sep()}]`;
  };
  const flowable = (t: Tree) =>
    (('map' in t && t.map.length > 0) || ('seq' in t && t.seq.length > 0)) && chance(r, l.flow);
  // first: the text that starts the node's first line (a key's "k:" or a dash), or null.
  const write = (t: Tree, ind: number, first: string | null) => {
    if ('scalar' in t || 'raw' in t) {
      const v = 'scalar' in t ? t.scalar : t.raw;
      out.push(`${first ?? ' '.repeat(ind)}${first ? ' ' : ''}${v}${comment()}`);
      return;
    }
    if ('block' in t) {
      out.push(`${first ?? ''}${first ? ' ' : ''}${t.block}${comment()}`);
      for (const line of t.lines) out.push(line === '' ? '' : ' '.repeat(ind) + line);
      return;
    }
    if ('map' in t) {
      if (t.map.length === 0) {
        out.push(`${first ?? ' '.repeat(ind)}${first ? ' ' : ''}{}${comment()}`);
        return;
      }
      t.map.forEach(([k, v], i) => {
        const lead = i === 0 && first !== null ? `${first}${k}:` : `${' '.repeat(ind)}${k}:`;
        if (i > 0) extra(ind);
        writeValue(v, ind, lead);
      });
      return;
    }
    if (t.seq.length === 0) {
      out.push(`${first ?? ' '.repeat(ind)}${first ? ' ' : ''}[]${comment()}`);
      return;
    }
    if (first) out.push(first.trimEnd() + comment());
    for (const it of t.seq) {
      extra(ind);
      const dashLead = `${' '.repeat(ind)}- `;
      if (flowable(it)) out.push(dashLead + flowText(it, ind + 2) + comment());
      else if ('map' in it && it.map.length > 0) write(it, ind + 2, dashLead);
      else if ('seq' in it && it.seq.length > 0) {
        out.push(`${' '.repeat(ind)}-${comment()}`);
        write(it, ind + 2, null);
      } else writeValue(it, ind + 2, dashLead.trimEnd());
    }
  };
  // A key's (or a dash's) value: inline scalar, or a block node on the next lines.
  const writeValue = (v: Tree, ind: number, lead: string) => {
    if (flowable(v)) out.push(`${lead} ${flowText(v, ind + l.step)}${comment()}`);
    else if ('map' in v && v.map.length > 0) {
      out.push(lead + comment());
      write(v, ind + l.step, null);
    } else if ('seq' in v && v.seq.length > 0) {
      out.push(lead + comment());
      write(v, l.wide ? ind + l.step : ind, null);
    } else if ('block' in v) {
      write(v, ind + l.step, lead);
    } else write(v, ind, lead);
  };
  write(item, dash + 2, `${' '.repeat(dash)}- `);
  return out.join('\n') + '\n';
}

// ---- realistic items -------------------------------------------------------------------

function str(r: Rng, tricky: number): Tree {
  const s = chance(r, tricky) ? pick(r, TRICKY) : pick(r, ORDINARY);
  const style: Style = pick(r, [
    'plain',
    'plain',
    'plain',
    'single',
    'double',
    ...(chance(r, 0.1) ? (['literal'] as const) : []),
  ]);
  return scalar(s, style);
}

function maybe<T>(r: Rng, p: number, f: () => T): T[] {
  return chance(r, p) ? [f()] : [];
}

/** A subtree nobody reads: nested maps, lists, numbers, booleans, block scalars, flow. */
function filler(r: Rng, depth: number): Tree {
  const k = int(r, 0, depth > 2 ? 4 : 6);
  switch (k) {
    case 0:
      return {
        scalar: pick(r, ['AWS', '3', 'true', 'no', '0755', '1.5', '~', '"quoted"', "'sq'", 'on', 'x y z', '""', 'a#b']),
      };
    case 1:
      return { raw: pick(r, ['[]', '{}']) };
    case 2:
      return {
        block: pick(r, ['|', '|-', '|+', '>', '>-']),
        lines: pick(r, [
          ['line one', '  indented', '', 'last'],
          ['# not a comment', 'key: [value'],
          ['x'],
          ['a', '', ''],
          ['', '  ', 'after blank lines'],
          ['  ', 'x'],
          ['\t tab', 'x  '],
          [],
        ]),
      };
    case 3:
      return { scalar: pick(r, ['registry.example.com', 'm6i.xlarge', 'us-east-1', 'Replace', '10Gi', '2001-12-14']) };
    case 4:
      return { scalar: pick(r, ['0', '1', '2']) };
    case 5:
      return {
        map: Array.from({ length: int(r, 1, 3) }, (_, i) => [
          pick(r, ['type', 'aws', 'region', 'name', 'value', 'mode', 'on', 'x.io/y']) + (i ? String(i) : ''),
          filler(r, depth + 1),
        ]),
      };
    default:
      return { seq: Array.from({ length: int(r, 1, 3) }, () => filler(r, depth + 1)) };
  }
}

function mirrorEntries(r: Rng, tricky: number, policy: boolean): Tree {
  return {
    seq: Array.from({ length: int(r, 0, 4) }, () => ({
      map: [
        ['source', str(r, tricky)],
        ...maybe(
          r,
          0.9,
          () => ['mirrors', { seq: Array.from({ length: int(r, 0, 3) }, () => str(r, tricky)) }] as [string, Tree],
        ),
        ...(policy ? maybe(r, 0.4, () => ['mirrorSourcePolicy', str(r, tricky)] as [string, Tree]) : []),
        ...maybe(r, 0.1, () => ['extra', filler(r, 2)] as [string, Tree]),
      ],
    })),
  };
}

function metadata(r: Rng, tricky: number): Tree {
  const annotations: [string, Tree][] = [];
  if (chance(r, 0.5))
    annotations.push([
      'config.kubernetes.io/index',
      scalar(pick(r, ['0', '1', '12']), pick(r, ['single', 'double', 'plain'])),
    ]);
  if (chance(r, 0.5)) annotations.push(['internal.config.kubernetes.io/path', str(r, tricky)]);
  if (chance(r, 0.3)) annotations.push(['image-tag-mirrors.dev/hosted-cluster', str(r, tricky)]);
  if (chance(r, 0.2))
    annotations.push([
      'kubectl.kubernetes.io/last-applied-configuration',
      { block: '|', lines: ['{"apiVersion":"v1"}'] },
    ]);
  return {
    map: [
      ['name', str(r, tricky)],
      ...maybe(r, 0.9, () => ['namespace', str(r, tricky)] as [string, Tree]),
      ...maybe(r, 0.5, () => ['labels', { map: [['fleet.example.com/region', str(r, tricky)]] }] as [string, Tree]),
      ...(annotations.length || chance(r, 0.1) ? [['annotations', { map: annotations }] as [string, Tree]] : []),
      ...maybe(r, 0.1, () => ['uid', { scalar: '1234-abcd' }] as [string, Tree]),
    ],
  };
}

function shuffleSome<T>(r: Rng, xs: T[]): T[] {
  if (chance(r, 0.8)) return xs;
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = int(r, 0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function hostedCluster(r: Rng, tricky: number): Tree {
  const spec: [string, Tree][] = [
    [
      'release',
      { map: [['image', str(r, tricky)], ...maybe(r, 0.1, () => ['other', filler(r, 2)] as [string, Tree])] },
    ],
    ...maybe(r, 0.7, () => ['pullSecret', { map: [['name', { scalar: 'pull-secret' }]] }] as [string, Tree]),
    ...maybe(r, 0.7, () => ['platform', filler(r, 1)] as [string, Tree]),
    ...maybe(r, 0.8, () => ['imageTagMirrorSet', mirrorEntries(r, tricky, true)] as [string, Tree]),
    ...maybe(r, 0.6, () => ['imageContentSources', mirrorEntries(r, tricky, false)] as [string, Tree]),
    ...maybe(
      r,
      0.4,
      () =>
        [
          'configuration',
          {
            map: [
              [
                'image',
                {
                  map: [
                    [
                      'registrySources',
                      {
                        map: shuffleSome(
                          r,
                          [
                            'insecureRegistries',
                            'blockedRegistries',
                            'allowedRegistries',
                            'containerRuntimeSearchRegistries',
                          ]
                            .filter(() => chance(r, 0.5))
                            .map(
                              (k) =>
                                [k, { seq: Array.from({ length: int(r, 0, 3) }, () => str(r, tricky)) }] as [
                                  string,
                                  Tree,
                                ],
                            ),
                        ),
                      },
                    ],
                  ],
                },
              ],
              ...maybe(r, 0.3, () => ['apiServer', filler(r, 2)] as [string, Tree]),
            ],
          },
        ] as [string, Tree],
    ),
    ...maybe(r, 0.3, () => ['services', filler(r, 1)] as [string, Tree]),
    ...maybe(
      r,
      0.2,
      () =>
        [
          'additionalTrustBundle',
          { block: '|', lines: ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----END CERTIFICATE-----'] },
        ] as [string, Tree],
    ),
  ];
  return {
    map: shuffleSome(r, [
      ['apiVersion', scalar('hypershift.openshift.io/v1beta1', pick(r, ['plain', 'plain', 'double']))],
      ['kind', scalar('HostedCluster', pick(r, ['plain', 'plain', 'single']))],
      ['metadata', metadata(r, tricky)],
      ['spec', { map: shuffleSome(r, spec) }],
      ...maybe(r, 0.1, () => ['status', filler(r, 1)] as [string, Tree]),
    ]),
  };
}

export function nodePool(r: Rng, tricky: number): Tree {
  const config = (): Tree =>
    chance(r, 0.1)
      ? { raw: pick(r, ['[]', '{}']) }
      : {
          seq: Array.from({ length: int(r, 1, 3) }, () => ({
            map: [['name', str(r, tricky)], ...maybe(r, 0.1, () => ['extra', filler(r, 2)] as [string, Tree])],
          })),
        };
  const spec: [string, Tree][] = [
    ['clusterName', str(r, tricky)],
    ...maybe(r, 0.7, () => ['replicas', { scalar: String(int(r, 0, 5)) }] as [string, Tree]),
    ...maybe(r, 0.6, () => ['management', { map: [['upgradeType', { scalar: 'Replace' }]] }] as [string, Tree]),
    ...maybe(r, 0.6, () => ['platform', filler(r, 1)] as [string, Tree]),
    ...maybe(r, 0.5, () => ['config', config()] as [string, Tree]),
    ...maybe(r, 0.5, () => ['release', { map: [['image', str(r, tricky)]] }] as [string, Tree]),
    ...maybe(
      r,
      0.15,
      () => ['tuningConfig', { block: pick(r, ['|', '|+', '|-', '>']), lines: ['a', '# b', ''] }] as [string, Tree],
    ),
  ];
  return {
    map: shuffleSome(r, [
      ['apiVersion', { scalar: 'hypershift.openshift.io/v1beta1' }],
      ['kind', { scalar: 'NodePool' }],
      ['metadata', metadata(r, tricky)],
      ['spec', { map: shuffleSome(r, spec) }],
    ]),
  };
}

export function generated(r: Rng, tricky: number): Tree {
  const cm = chance(r, 0.5);
  return {
    map: [
      ['apiVersion', { scalar: cm ? 'v1' : 'config.openshift.io/v1' }],
      ['kind', { scalar: cm ? 'ConfigMap' : 'ImageTagMirrorSet' }],
      ['metadata', metadata(r, tricky)],
      cm
        ? [
            'data',
            {
              map: [
                [
                  'config',
                  {
                    block: '|',
                    lines: [
                      'apiVersion: machineconfiguration.openshift.io/v1',
                      'kind: MachineConfig',
                      'spec:',
                      '  config:',
                      '    storage: {}',
                    ],
                  },
                ],
              ],
            },
          ]
        : ['spec', { map: [['imageTagMirrors', mirrorEntries(r, tricky, true)]] }],
    ],
  };
}

/** flow: how often collections are written in flow style (default: the layout's draw). */
export function realisticItem(seed: number, tricky: number, flow?: number): { text: string; dash: number } {
  const r = rng(seed);
  const kind = int(r, 0, 9);
  const tree = kind < 4 ? hostedCluster(r, tricky) : kind < 8 ? nodePool(r, tricky) : generated(r, tricky);
  const dash = pick(r, [0, 0, 2]);
  const l = layout(r);
  if (flow !== undefined) l.flow = flow;
  return { text: writeItem(tree, l, r, dash), dash };
}

// ---- hostile mutations -----------------------------------------------------------------

export const HOSTILE = [
  '&a ',
  '*a',
  '&anchor',
  ' *a',
  '!!str ',
  '!!binary ',
  '!tag ',
  '! ',
  '<<: ',
  '<<: *a',
  '<<:\n',
  '? ',
  '?',
  ': ',
  ':',
  '"',
  "'",
  '\\',
  '\\"',
  '"\\x43"',
  '"a\\\n b"',
  '|',
  '|+',
  '|-',
  '>',
  '>-',
  '|2',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '[a, b]',
  '{a: 1}',
  '# ',
  ' #',
  '#',
  '\t',
  '\r',
  '\r\n',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  'é',
  '\u0000',
  '\u001b',
  '\u007f',
  '---',
  '...',
  '--- ',
  '%YAML 1.1\n',
  '- ',
  '-',
  '  ',
  ' ',
  '\n',
  '\n  ',
  '\n    ',
  '\n- ',
  '@',
  '`',
  '%',
  'on',
  'no',
  '0755',
  '~',
  'null',
  '1e3',
  'yes',
  '__proto__',
  'spec',
  'config',
  'kind: ',
  'name: x',
  '\n  spec:\n',
  '\n  kind: X\n',
];

/** Applies 1 to 3 random edits: hostile insertions, deletions, duplicated or re-indented lines. */
export function mutate(text: string, seed: number): string {
  const r = rng(seed ^ 0x9e3779b9);
  let t = text;
  const n = int(r, 1, 3);
  for (let i = 0; i < n; i++) {
    const lines = t.split('\n');
    const li = int(r, 0, Math.max(0, lines.length - 2));
    const line = lines[li]!;
    switch (int(r, 0, 7)) {
      case 0:
      case 1:
      case 2: {
        // insert a token somewhere in a line (after ": ", at the content start, or anywhere)
        const tok = pick(r, HOSTILE);
        const colon = line.indexOf(': ');
        const content = line.length - line.trimStart().length;
        const at = pick(r, [colon >= 0 ? colon + 2 : line.length, content, int(r, 0, line.length), line.length]);
        lines[li] = line.slice(0, at) + tok + line.slice(at);
        break;
      }
      case 3: // delete a few characters
        if (line.length > 0) {
          const a = int(r, 0, line.length - 1);
          lines[li] = line.slice(0, a) + line.slice(a + int(r, 1, 3));
        }
        break;
      case 4: // duplicate a line (duplicate keys, repeated entries)
        lines.splice(li, 0, line);
        break;
      case 5: // re-indent a line
        lines[li] = pick(r, [' ', '  ', '   ']) + line;
        break;
      case 6: // dedent a line
        lines[li] = line.replace(/^ {1,2}/, '');
        break;
      default: // a comment line anywhere, or a line holding just a hostile token
        lines.splice(li + 1, 0, ' '.repeat(int(r, 0, 8)) + pick(r, ['# c', '#', ...HOSTILE]));
    }
    t = lines.join('\n');
  }
  return t;
}
