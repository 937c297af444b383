// The shapes of issue 11's "quadratic time" kind, as inputs of N entries for `npm run bench`:
// one HostedCluster each (or a file for `check` / `explain`). test/hostile/scale.test.ts proves
// by counted work that they grow as n log n; the bench times them through dist/fn.js.
const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

function hostedCluster(specLines) {
  return [
    'apiVersion: hypershift.openshift.io/v1beta1',
    'kind: HostedCluster',
    'metadata:',
    '  name: c1',
    '  namespace: clusters',
    'spec:',
    '  release:',
    `    image: ${RELEASE}`,
    ...specLines,
  ];
}

const resourceList = (lines) =>
  [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    ...lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)),
  ].join('\n') + '\n';

function itms(n, policy = () => undefined) {
  const out = ['  imageTagMirrorSet:'];
  for (let i = 0; i < n; i++) {
    out.push(`  - source: registry.example.com/team${i}`, '    mirrors:', `    - mirror.example.com/team${i}`);
    const p = policy(i);
    if (p) out.push(`    mirrorSourcePolicy: ${p}`);
  }
  return out;
}

/** name -> (n) -> { text, args } : the input and the bundle's arguments (none: the KRM function). */
export const SCALING_SHAPES = {
  'one NeverContactSource among N entries': (n) => ({
    text: resourceList(hostedCluster(itms(n, (i) => (i === 0 ? 'NeverContactSource' : undefined)))),
  }),
  'N/10 mirrors, 10 ICS lists reversed in turn (merge cycles)': (n) => {
    const mirrors = Array.from({ length: n / 10 }, (_, i) => `m${i}.example.com/ocp`);
    const lines = ['  imageContentSources:'];
    for (let k = 0; k < 10; k++) {
      lines.push('  - source: quay.io/ocp', '    mirrors:');
      for (const m of k % 2 ? [...mirrors].reverse() : mirrors) lines.push(`    - ${m}`);
    }
    return { text: resourceList(hostedCluster([...lines, ...itms(1)])) };
  },
  'N policy conflicts': (n) => {
    const ics = ['  imageContentSources:'];
    for (let i = 0; i < n; i++)
      ics.push(`  - source: registry.example.com/team${i}`, '    mirrors:', `    - d.example.com/team${i}`);
    return { text: resourceList(hostedCluster([...ics, ...itms(n, () => 'NeverContactSource')])) };
  },
  'N entries, 1024 insecure + 1024 blocked scopes': (n) => {
    const rs = ['  configuration:', '    image:', '      registrySources:', '        insecureRegistries:'];
    for (let i = 0; i < 1024; i++) rs.push(`        - registry.example.com/team${i}/legacy`);
    rs.push('        blockedRegistries:');
    for (let i = 0; i < 1024; i++) rs.push(`        - mirror.example.com/team${i * 7}`);
    return {
      text: resourceList(hostedCluster([...itms(n, (i) => (i % 3 ? undefined : 'NeverContactSource')), ...rs])),
    };
  },
  'check: one NeverContactSource among N entries': (n) => ({
    text: hostedCluster(itms(n, (i) => (i === 0 ? 'NeverContactSource' : undefined))).join('\n') + '\n',
    args: ['check', '-'],
  }),
  'explain: N mirrors among N other sources': (n) => {
    const lines = ['  imageTagMirrorSet:', '  - source: quay.io/ocp', '    mirrors:'];
    for (let i = 0; i < n; i++) lines.push(`    - m${i}.example.com/ocp`);
    return {
      text: hostedCluster([...lines, ...itms(n).slice(1)]).join('\n') + '\n',
      args: ['explain', 'quay.io/ocp/app:v1', '-'],
    };
  },
};
