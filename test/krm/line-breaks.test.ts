// A list written with CRLF line breaks: what the function adds or rewrites (generated items,
// NodePool entries, results) follows the list's line breaks, the values read the same as from
// an LF list, and a second run writes the same bytes. An LF list gets no CR.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { processResourceList } from '../../src/function/process.js';
import { hostedCluster, listOf, nodePool } from '../helpers/hostile.js';

const run = (text: string) => {
  const p = processResourceList(text);
  return Buffer.concat([...p.output].map((x) => Buffer.from(x))).toString('utf8');
};
const crlf = (s: string) => s.replace(/\n/g, '\r\n');
const valueOf = (text: string) => parseAllDocuments(text)[0]!.toJS() as Record<string, unknown>;

// A warning result too (a blocked mirror), so the results block is written.
const BLOCKED =
  '  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - mirror.example.com/openshift\n  configuration:\n    image:\n      registrySources:\n        blockedRegistries:\n        - mirror.example.com\n';

const LISTS: [string, string][] = [
  ['block list', listOf([hostedCluster('c1', BLOCKED), nodePool('np', 'c1')])],
  [
    'flow list (the full parse)',
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${JSON.stringify({
      apiVersion: 'hypershift.openshift.io/v1beta1',
      kind: 'HostedCluster',
      metadata: { name: 'c1', namespace: 'clusters' },
      spec: {
        release: { image: 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64' },
        imageTagMirrorSet: [{ source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] }],
      },
    })}]\n`,
  ],
];

describe('line breaks of the list', () => {
  it.each(LISTS)('%s with CRLF: every line of the output ends with CRLF, same values, idempotent', (_, lf) => {
    const outLf = run(lf);
    const out = run(crlf(lf));
    expect(out.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(valueOf(out)).toEqual(valueOf(outLf));
    expect(run(out)).toBe(out);
  });

  it.each(LISTS)('%s with LF: no CR written', (_, lf) => {
    expect(run(lf)).not.toContain('\r');
  });
});
