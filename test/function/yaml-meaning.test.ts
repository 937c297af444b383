// Each field the function reads, with every plain scalar form of the go-yaml table: a form
// kubectl reads as a string is that string to the function; a boolean or a number (which the
// API server refuses for a string field) is an invalid-type result on that field, and nothing
// is generated. Run in-process (the function's pure core): the fields x forms are many.
import { describe, expect, it } from 'vitest';
import { processResourceList } from '../../src/function/process.js';
import type { Result } from '../../src/krm/result.js';
import { GO_YAML } from '../helpers/go-yaml-table.js';
import { RELEASE_IMAGE, listOf } from '../helpers/hostile.js';

const ITMS = '  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - mirror.example.com/openshift\n';
const cluster = (meta: string, spec: string) =>
  `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n${meta}spec:\n${spec}`;
const META = '  name: c1\n  namespace: clusters\n';
const RELEASE = `  release:\n    image: ${RELEASE_IMAGE}\n`;
const sources = (list: string) =>
  `${RELEASE}${ITMS}  configuration:\n    image:\n      registrySources:\n        ${list}:\n        - F\n`;

interface Field {
  name: string;
  items: string[];
  path: string;
  /** What null is for this field: no value (absent), or a wrong entry (invalid-type). */
  nullIs: 'absent' | 'invalid' | 'other';
  severity?: 'error' | 'warning';
}

const FIELDS: Field[] = [
  {
    name: 'source',
    items: [
      cluster(
        META,
        `${RELEASE}  imageTagMirrorSet:\n  - source: F\n    mirrors:\n    - mirror.example.com/openshift\n`,
      ),
    ],
    path: 'spec.imageTagMirrorSet[0].source',
    nullIs: 'other',
  },
  {
    name: 'mirror',
    items: [cluster(META, `${RELEASE}  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - F\n`)],
    path: 'spec.imageTagMirrorSet[0].mirrors[0]',
    nullIs: 'invalid',
  },
  {
    name: 'release image',
    items: [cluster(META, `  release:\n    image: F\n${ITMS}`)],
    path: 'spec.release.image',
    nullIs: 'other',
  },
  {
    name: 'insecureRegistries entry',
    items: [cluster(META, sources('insecureRegistries'))],
    path: 'spec.configuration.image.registrySources.insecureRegistries[0]',
    nullIs: 'invalid',
  },
  {
    name: 'blockedRegistries entry',
    items: [cluster(META, sources('blockedRegistries'))],
    path: 'spec.configuration.image.registrySources.blockedRegistries[0]',
    nullIs: 'invalid',
  },
  {
    name: 'containerRuntimeSearchRegistries entry',
    items: [cluster(META, sources('containerRuntimeSearchRegistries'))],
    path: 'spec.configuration.image.registrySources.containerRuntimeSearchRegistries[0]',
    nullIs: 'invalid',
  },
  {
    name: 'metadata.namespace',
    items: [cluster('  name: c1\n  namespace: F\n', `${RELEASE}${ITMS}`)],
    path: 'metadata.namespace',
    nullIs: 'absent',
  },
  {
    name: 'metadata.name',
    items: [cluster('  name: F\n  namespace: clusters\n', `${RELEASE}${ITMS}`)],
    path: 'metadata.name',
    nullIs: 'other',
  },
  {
    name: 'NodePool spec.clusterName',
    items: [
      cluster(META, `${RELEASE}${ITMS}`),
      'apiVersion: hypershift.openshift.io/v1beta1\nkind: NodePool\nmetadata:\n  name: np\n  namespace: clusters\nspec:\n  clusterName: F\n',
    ],
    path: 'spec.clusterName',
    nullIs: 'absent',
    severity: 'warning',
  },
];

function run(items: string[], form: string): { results: Result[]; output: string } {
  const p = processResourceList(listOf(items.map((i) => i.replace(/\bF$/m, form))));
  return { results: p.results, output: [...p.output].map(String).join('') };
}

/** "must be a string, not a number (15)", "an entry must be a host[:port] string, not a boolean (true)". */
const WRONG_TYPE = /must be a [^,]*string[^,]*, not (a number|a boolean|null)/;

const CASES = FIELDS.flatMap((f) => GO_YAML.map(([form, kind]) => [f.name, form, kind, f] as const));

describe('every field read as kubectl reads it', () => {
  it.each(CASES)('%s: %j (%s)', (_, form, kind, f) => {
    const { results, output } = run(f.items, form);
    // The wrong-type result of that field (registry scopes have their own code: the CRD's rule).
    const typed = results.filter((r) => r.field?.path === f.path && WRONG_TYPE.test(r.message));
    const wrongType =
      kind === 'bool' || kind === 'int' || kind === 'float' || (kind === 'null' && f.nullIs === 'invalid');
    if (wrongType) {
      expect(typed, JSON.stringify(results)).toHaveLength(1);
      expect(typed[0]!.severity).toBe(f.severity ?? 'error');
      expect(typed[0]!.tags?.code).toMatch(
        /^(invalid-type|image-config-invalid-scope|image-config-search-registry-invalid)$/,
      );
      // Nothing generated from a value the API server refuses (a NodePool's cluster: not wired).
      if (f.severity !== 'warning') expect(output).not.toMatch(/kind: ImageTagMirrorSet/);
      else expect(output).not.toMatch(/- name: c1-image-tag-mirrors/);
    } else {
      expect(typed, JSON.stringify(typed)).toEqual([]);
    }
  });
});

describe('JSON items are JSON (kubectl decodes a JSON document as JSON, not YAML)', () => {
  it('a NodePool with 1e400, 1.0 and a 23-digit number is wired, and those numbers keep their text', () => {
    const input = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [
 {"apiVersion": "hypershift.openshift.io/v1beta1", "kind": "HostedCluster", "metadata": {"name": "c1", "namespace": "clusters"}, "spec": {"release": {"image": "${RELEASE_IMAGE}"}, "imageTagMirrorSet": [{"source": "quay.io/openshift", "mirrors": ["mirror.example.com/openshift"]}]}},
 {"apiVersion": "hypershift.openshift.io/v1beta1", "kind": "NodePool", "metadata": {"name": "np1", "namespace": "clusters"}, "spec": {"clusterName": "c1", "replicas": 1.0, "huge": 1e400, "big": 12345678901234567890123}}
]}
`;
    const p = processResourceList(input);
    const out = [...p.output].map(String).join('');
    expect(p.results).toEqual([]);
    expect(out).toContain('"replicas": 1.0, "huge": 1e400, "big": 12345678901234567890123');
    expect(out).toMatch(/"config": ?\[\{"name": ?"c1-image-tag-mirrors"\}\]/);
  });
});
