// registries-conf and explain --from: a cluster's registries.conf from the spec (the
// function's own render) and as committed (the generated ConfigMap, decoded).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registriesConfInFiles } from '../../src/explain/registries-conf.js';
import { explainInFiles } from '../../src/explain/cluster.js';
import { itemsOf, machineConfigOf, registriesConfOf } from '../helpers/objects.js';
import { FN, ROOT, runFn } from '../helpers/run-fn.js';
import { spawnSync } from 'node:child_process';
import { work } from '../../src/work.js';
import { processResourceList } from '../../src/function/process.js';
import { parseAllDocuments } from 'yaml';
import { gzipSync } from 'node:zlib';
import { MAX_DECOMPRESSED_BYTES } from '../../src/generate/objects.js';
import { CONF_CASES } from '../helpers/registries-conf-cases.js';

const PKG = 'testdata/check/rendered';
const tmp = mkdtempSync(join(tmpdir(), 'itm-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the rendered fixture, optionally edited. */
function copy(name: string, edits: [string, string | RegExp, string][] = []): string {
  const d = join(tmp, name);
  cpSync(join(ROOT, PKG), d, { recursive: true });
  for (const [file, from, to] of edits) {
    const p = join(d, file);
    const text = readFileSync(p, 'utf8');
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit of ${file} changed nothing`);
    writeFileSync(p, next);
  }
  return d;
}

/** The committed registries.conf of the fixture, straight from its file (the test's own reader). */
const committedEast = (() => {
  const docs = parseAllDocuments(readFileSync(join(ROOT, PKG, 'clusters/east-image-tag-mirrors.yaml'), 'utf8'));
  const cm = (Array.isArray(docs) ? docs : []).map((d) => d.toJS()).find((o) => o.kind === 'ConfigMap');
  return registriesConfOf(machineConfigOf(cm));
})();

const MOVED: [string, string, string] = [
  'clusters/east.yaml',
  '- mirror-east.example.com/openshift',
  '- mirror-new.example.com/openshift',
];

describe('registries-conf', () => {
  it('from the spec: the bytes of the committed file when the package is rendered', () => {
    const r = runFn('', ['registries-conf', '--cluster', 'east', PKG]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(committedEast);
    expect(r.stdout).toContain('location = "mirror-east.example.com/openshift"');
  });
  it('--from committed: the same bytes, decoded from the ConfigMap', () => {
    const r = runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', PKG]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(committedEast);
  });
  it('after a hand edit of the spec: spec and committed differ, by that line', () => {
    const d = copy('moved', [MOVED]);
    const spec = runFn('', ['registries-conf', '--cluster', 'east', d]).stdout;
    const committed = runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', d]).stdout;
    expect(committed).toBe(committedEast);
    expect(spec).toBe(committedEast.replace('mirror-east.example.com/openshift', 'mirror-new.example.com/openshift'));
  });
  it('the same render as the function: what kpt fn render would commit', () => {
    // The function run over the package's ResourceList: its ConfigMap holds the same bytes.
    const d = copy('via-fn', [MOVED]);
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${readFileSync(
      join(d, 'clusters/east.yaml'),
      'utf8',
    )
      .split(/^---\n/m)
      .map((doc) =>
        doc
          .split('\n')
          .map((l, i) => (i === 0 ? `- ${l}` : l ? `  ${l}` : l))
          .join('\n'),
      )
      .join('\n')}`;
    const out = itemsOf(runFn(list).stdout).find((o) => o.kind === 'ConfigMap')!;
    expect(runFn('', ['registries-conf', '--cluster', 'east', d]).stdout).toBe(registriesConfOf(machineConfigOf(out)));
  });
  it('every cluster (no --cluster): sorted, each after a header; a cluster without mirrors says so, exit 0', () => {
    const r = runFn('', ['registries-conf', PKG]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `# ==> clusters/east (from spec) <==\n${committedEast}\n` +
        '# ==> clusters/plain (from spec) <==\n# nothing: no imageTagMirrorSet: the function generates no registries.conf (the nodes keep the one MCO renders)\n\n',
    );
    expect(runFn('', ['registries-conf', '--all', '--cluster', 'east', PKG]).stdout).toBe(
      `# ==> clusters/east (from spec) <==\n${committedEast}\n`,
    );
  });
  it('one cluster without mirrors: nothing printed, exit 1 with the reason', () => {
    const r = runFn('', ['registries-conf', '--cluster', 'plain', PKG]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `image-tag-mirrors registries-conf: clusters/plain (${PKG}/clusters/plain.yaml): no imageTagMirrorSet: the function generates no registries.conf (the nodes keep the one MCO renders)\n`,
    );
  });
  it('--from committed without a committed ConfigMap: exit 1', () => {
    const r = runFn('', ['registries-conf', '--from', 'committed', '--cluster', 'east', `${PKG}/clusters/east.yaml`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no committed generated ConfigMap in the input');
  });
  it("a cluster with errors: exit 1, the function's reason", () => {
    const d = copy('broken', [['clusters/east.yaml', '- mirror-east.example.com/openshift', '- https://x']]);
    const r = runFn('', ['registries-conf', '--cluster', 'east', d]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^image-tag-mirrors registries-conf: clusters\/east \(.*\): the function generates nothing for it: error\[invalid-mirror\] spec\.imageTagMirrorSet\[0\]\.mirrors\[0\]: invalid format for mirror "https:\/\/x"/,
    );
  });
  it('no such cluster: exit 1 and what there is', () => {
    const r = runFn('', ['registries-conf', '--cluster', 'nope', PKG]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'image-tag-mirrors registries-conf: no HostedCluster named "nope" in the input; found: clusters/east, clusters/plain\n',
    );
  });
  it('from a kustomize build stream on stdin', () => {
    const text = ['clusters/east.yaml', 'clusters/east-image-tag-mirrors.yaml']
      .map((f) => readFileSync(join(ROOT, PKG, f), 'utf8'))
      .join('---\n');
    expect(runFn(text, ['registries-conf', '-']).stdout).toBe(committedEast);
    expect(runFn(text, ['registries-conf', '--from', 'committed', '-']).stdout).toBe(committedEast);
  });
  it.each([
    [['registries-conf', '--from', 'both', PKG], '--from must be one of spec, committed, not "both"'],
    [['registries-conf', '--all=1', PKG], '--all takes no value'],
    [['registries-conf'], 'no input: give files or directories, or - for stdin'],
  ])('usage errors: %j', (args, message) => {
    const r = runFn('', args);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`image-tag-mirrors registries-conf: ${message}`);
  });
  it('pure: a control character in a committed file is printed escaped', () => {
    const cm = readFileSync(join(ROOT, PKG, 'clusters/east-image-tag-mirrors.yaml'), 'utf8').replace(
      /base64,[A-Za-z0-9+/=]+/,
      `base64,${Buffer.from('a = "\u001b[31m"\n').toString('base64')}`,
    );
    const out = registriesConfInFiles(
      [
        { path: 'east.yaml', text: readFileSync(join(ROOT, PKG, 'clusters/east.yaml'), 'utf8') },
        { path: 'gen.yaml', text: cm },
      ],
      { from: 'committed', cluster: 'east' },
    );
    expect(out.stdout).toBe('a = "\\u001b[31m"\n');
  });

  it('pure: a committed line that looks like a section header cannot be printed as one (--all)', () => {
    const forged = '# ==> clusters/other (from committed) <==\n# ==>x\n #==> y\na = 1\n';
    const cm = readFileSync(join(ROOT, PKG, 'clusters/east-image-tag-mirrors.yaml'), 'utf8').replace(
      /base64,[A-Za-z0-9+/=]+/,
      `base64,${Buffer.from(forged).toString('base64')}`,
    );
    const files = [
      { path: 'east.yaml', text: readFileSync(join(ROOT, PKG, 'clusters/east.yaml'), 'utf8') },
      { path: 'gen.yaml', text: cm },
    ];
    const all = registriesConfInFiles(files, { from: 'committed', all: true });
    expect(all.stdout).toBe(
      '# ==> clusters/east (from committed) <==\n' +
        '# \\u003d=> clusters/other (from committed) <==\n# \\u003d=>x\n #==> y\na = 1\n\n',
    );
    expect(all.stdout.split('\n').filter((l) => l.startsWith('# ==>'))).toHaveLength(1);
    // One cluster without headers: the bytes as they are.
    expect(registriesConfInFiles(files, { from: 'committed', cluster: 'east' }).stdout).toBe(forged);
  });
});

/** A HostedCluster document: name, namespace, and its imageTagMirrorSet entries as YAML lines. */
const hostedCluster = (name: string, entries: string, namespace = 'clusters') =>
  `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  release:\n    image: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64\n  imageTagMirrorSet:\n${entries}`;
const entry = (source: string, mirror: string) => `  - source: ${source}\n    mirrors:\n    - ${mirror}\n`;

describe('registries-conf: what explain and the function see (newcomer #10, #26)', () => {
  const example = readFileSync(join(ROOT, 'examples/resource-list.yaml'), 'utf8');
  const piped = itemsOf(runFn(example).stdout);
  const expected = registriesConfOf(
    machineConfigOf(piped.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'my-cluster-image-tag-mirrors')!),
  );

  it.each([
    ['a file', [{ path: 'resource-list.yaml', text: example }], {}],
    ['stdin', [{ path: '<stdin>', text: example }], { stdin: true }],
    ['a file after another document', [{ path: 'x.yaml', text: `a: b\n---\n${example}` }], {}],
  ])('a ResourceList document (%s): its items rendered as the function renders the list', (_, files, opts) => {
    const out = registriesConfInFiles(files, { from: 'spec', cluster: 'my-cluster', ...opts });
    expect(out.stderr).toEqual([]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(expected);
    expect(expected).toContain('mirror.example.com/openshift');
  });

  it('a ResourceList document --from committed: the generated ConfigMap among its items', () => {
    const out = registriesConfInFiles([{ path: 'rendered.yaml', text: runFn(example).stdout }], {
      from: 'committed',
      cluster: 'my-cluster',
    });
    expect(out.stderr).toEqual([]);
    expect(out.stdout).toBe(expected);
  });

  const prod = { path: 'prod/hc.yaml', text: hostedCluster('c1', entry('quay.io/a', 'prod.example.com/a')) };
  const stage = { path: 'stage/hc.yaml', text: hostedCluster('c1', entry('quay.io/a', 'stage.example.com/a')) };
  const prodCopy = { path: 'build/all.yaml', text: `a: b\n---\n${prod.text}` };

  it('one name in two folders with different mirrors: refused, both candidates named', () => {
    for (const req of [{ cluster: 'c1' }, {}]) {
      const out = registriesConfInFiles([prod, stage], { from: 'spec', ...req });
      expect(out.exitCode).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toEqual([
        '2 candidates with different mirror lists: HostedCluster clusters/c1 at prod/hc.yaml; HostedCluster clusters/c1 at stage/hc.yaml; give only one of these files (--all prints each)',
      ]);
    }
  });

  it('--all: each copy under a header naming its file', () => {
    const out = registriesConfInFiles([prod, stage], { from: 'spec', all: true });
    expect(out.stderr).toEqual([]);
    expect(out.exitCode).toBe(0);
    const headers = out.stdout.split('\n').filter((l) => l.startsWith('# ==>'));
    expect(headers).toEqual([
      '# ==> clusters/c1 in prod/hc.yaml (from spec) <==',
      '# ==> clusters/c1 in stage/hc.yaml (from spec) <==',
    ]);
    const [, first, second] = out.stdout.split(/^# ==> .*$/m);
    expect(first).toContain('prod.example.com/a');
    expect(first).not.toContain('stage.example.com/a');
    expect(second).toContain('stage.example.com/a');
  });

  it('identical copies (a base and its build) are one cluster, with or without --all', () => {
    const one = registriesConfInFiles([prod, prodCopy], { from: 'spec', cluster: 'c1' });
    expect(one.exitCode).toBe(0);
    expect(one.stdout).toContain('prod.example.com/a');
    const all = registriesConfInFiles([prod, prodCopy], { from: 'spec', all: true });
    expect(all.stdout.split('\n').filter((l) => l.startsWith('# ==>'))).toEqual(['# ==> clusters/c1 (from spec) <==']);
  });

  it('a cluster with several errors: every error, one line each', () => {
    const bad = {
      path: 'bad.yaml',
      text: hostedCluster(
        'c1',
        entry('quay.io/a', 'https://x') + entry('quay.io/b', 'quay.io/b') + entry('quay.io/c:v1', 'm.io/c'),
      ),
    };
    const out = registriesConfInFiles([bad], { from: 'spec', cluster: 'c1' });
    expect(out.exitCode).toBe(1);
    expect(out.stderr[0]).toBe('clusters/c1 (bad.yaml): the function generates nothing for it: 3 errors:');
    expect(out.stderr.slice(1).map((l) => l.replace(/\].*/, ']'))).toEqual([
      '  error[invalid-mirror]',
      '  error[mirror-is-source]',
      '  error[invalid-source]',
    ]);
    const all = registriesConfInFiles([bad], { from: 'spec', all: true });
    expect(all.stdout.split('\n').filter((l) => l.startsWith('#   error['))).toHaveLength(3);
  });
});

describe('registries-conf --all is linear in clusters (red team 2, #3)', () => {
  /** A folder of n clusters, each with its NodePool, and the work of printing them all (src/work.ts). */
  function workFor(n: number, committed = false) {
    const files = Array.from({ length: n }, (_, i) => ({
      path: `clusters/hc${i}.yaml`,
      text: `${hostedCluster(`c${i}`, entry(`quay.io/team${i}`, `mirror.example.com/team${i}`))}---\napiVersion: hypershift.openshift.io/v1beta1\nkind: NodePool\nmetadata:\n  name: np${i}\n  namespace: clusters\nspec:\n  clusterName: c${i}\n`,
    }));
    const input = committed ? rendered(files) : files;
    work.reset();
    const out = registriesConfInFiles(input, { from: 'spec', all: true });
    expect(out.stderr).toEqual([]);
    expect(out.stdout.match(/^# ==> /gm)).toHaveLength(n);
    return work.steps;
  }
  /** The files after `kpt fn render`: the function's output, back in the files its path annotations name. */
  function rendered(files: { path: string; text: string }[]) {
    const items = files.flatMap((f) =>
      f.text.split(/^---\n/m).map((d, i) => {
        const doc = parseAllDocuments(d)[0]!.toJS();
        doc.metadata.annotations = { 'config.kubernetes.io/path': f.path, 'config.kubernetes.io/index': String(i) };
        return doc;
      }),
    );
    const out = processResourceList(
      JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }),
    );
    const byPath = new Map<string, string[]>();
    for (const o of itemsOf([...out.output].join(''))) {
      const path = o.metadata!.annotations!['config.kubernetes.io/path']!;
      byPath.set(path, [...(byPath.get(path) ?? []), JSON.stringify(o)]);
    }
    return [...byPath].map(([path, docs]) => ({ path, text: docs.join('\n---\n') }));
  }

  it.each([
    ['the spec only', false],
    ['with the rendered objects committed (unchanged items)', true],
  ])('%s: twice the clusters, about twice the work', (_, committed) => {
    const small = workFor(100, committed);
    const big = workFor(200, committed);
    expect(small).toBeGreaterThan(100);
    expect(big / small, `steps ${small} -> ${big}`).toBeLessThan(2.5);
  });
});

describe('explain --from', () => {
  const image = 'quay.io/openshift/app:v1';
  it('a rendered package: no note, spec and committed explain the same', () => {
    const spec = runFn('', ['explain', image, '--cluster', 'east', PKG]);
    expect(spec.status).toBe(0);
    expect(spec.stdout).not.toMatch(/note: /);
    const committed = runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', PKG]);
    expect(committed.status).toBe(0);
    expect(committed.stdout.split('\n').slice(2)).toEqual(spec.stdout.split('\n').slice(1));
    expect(committed.stdout.split('\n')[1]).toMatch(
      /^note: from the committed registries.conf in ConfigMap clusters\/east-image-tag-mirrors \(testdata\/check\/rendered\/clusters\/east-image-tag-mirrors\.yaml:22\)$/,
    );
  });
  it('a stale package: the spec is explained, with a note that the committed file differs', () => {
    const d = copy('explain-stale', [MOVED]);
    const r = runFn('', ['explain', image, '--cluster', 'east', d]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `note: the committed registries.conf in ConfigMap clusters/east-image-tag-mirrors (${d}/clusters/east-image-tag-mirrors.yaml:22) differs from what the spec renders now (registries.conf line 19: committed "    location = \\"mirror-east.example.com/openshift\\"", rendered "    location = \\"mirror-new.example.com/openshift\\""): it is stale; render again; this explains the spec (--from committed explains the committed file)`,
    );
    expect(r.stdout).toContain('1. mirror-new.example.com/openshift/app:v1');
    const c = runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', d]);
    expect(c.stdout).toContain('1. mirror-east.example.com/openshift/app:v1');
    expect(c.stdout).toContain('it is stale; render again');
  });
  it('--from committed reads what the ConfigMap holds, even by hand', () => {
    const conf =
      'unqualified-search-registries = ["registry.access.redhat.com", "docker.io"]\n\n[[registry]]\n  prefix = ""\n  location = "quay.io/openshift"\n  blocked = true\n\n  [[registry.mirror]]\n    location = "hand.example.com/x"\n    pull-from-mirror = "tag-only"\n';
    const d = copy('by-hand', [
      [
        'clusters/east-image-tag-mirrors.yaml',
        /base64,[A-Za-z0-9+/=]+/,
        `base64,${Buffer.from(conf).toString('base64')}`,
      ],
    ]);
    const r = runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', d]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1. hand.example.com/x/app:v1');
    expect(r.stdout).toContain('the source is never contacted');
  });
  /** The fixture's cluster and its generated ConfigMap holding `conf`, as input files. */
  const withConf = (conf: string) => [
    { path: 'east.yaml', text: readFileSync(join(ROOT, PKG, 'clusters/east.yaml'), 'utf8') },
    {
      path: 'gen.yaml',
      text: readFileSync(join(ROOT, PKG, 'clusters/east-image-tag-mirrors.yaml'), 'utf8').replace(
        /base64,[A-Za-z0-9+/=]+/,
        `base64,${Buffer.from(conf).toString('base64')}`,
      ),
    },
  ];
  it.each(CONF_CASES.filter((c) => c.refused !== undefined && !c.cannotTell))(
    'pure: --from committed, a file containers/image refuses ($name): every pull fails, exit 1',
    (c) => {
      const files = withConf(c.text);
      const text = explainInFiles(files, { image, format: 'text', from: 'committed' });
      expect(text.exitCode).toBe(1);
      expect(text.stdout).toContain('fails before any request: containers/image refuses the registries.conf');
      expect(text.stdout).toContain(c.refused);
      expect(text.stdout).not.toMatch(/^\s+1\. /m);
      const json = JSON.parse(explainInFiles(files, { image, format: 'json', from: 'committed' }).stdout);
      expect(json).toMatchObject({ exitCode: 1, registries: [], pull: { plans: [] } });
      expect(json.refused).toContain(c.refused);
      const conf = registriesConfInFiles(files, { from: 'committed', cluster: 'east' });
      expect(conf.exitCode).toBe(1);
      expect(conf.stdout).not.toBe('');
      expect(conf.stderr.join('\n')).toContain(`containers/image refuses the committed registries.conf`);
      expect(conf.stderr.join('\n')).toContain(c.refused);
    },
  );
  it.each(CONF_CASES.filter((c) => c.cannotTell))(
    'pure: --from committed, a file our TOML parser refuses where BurntSushi/toml is lenient ($name): cannot tell, exit 1',
    (c) => {
      const files = withConf(c.text);
      const text = explainInFiles(files, { image, format: 'text', from: 'committed' });
      expect(text.exitCode).toBe(1);
      expect(text.stdout).toContain('cannot tell: the TOML parsers differ here');
      expect(text.stdout).not.toContain('every pull');
      expect(text.stdout).not.toMatch(/^\s+1\. /m);
      const json = JSON.parse(explainInFiles(files, { image, format: 'json', from: 'committed' }).stdout);
      expect(json).toMatchObject({ exitCode: 1, cannotTell: true, registries: [], pull: { plans: [] } });
      const conf = registriesConfInFiles(files, { from: 'committed', cluster: 'east' });
      expect(conf.exitCode).toBe(1);
      expect(conf.stderr.join('\n')).toContain(
        'cannot tell whether containers/image reads the committed registries.conf',
      );
    },
  );
  it.each(CONF_CASES.filter((c) => c.refused === undefined && !c.cannotTell))(
    'pure: --from committed, a near miss containers/image accepts ($name): explained, exit 0',
    (c) => {
      const files = withConf(c.text);
      const text = explainInFiles(files, { image, format: 'text', from: 'committed' });
      expect(text.stdout).not.toContain('refuses');
      expect(text.exitCode).toBe(0);
      expect(registriesConfInFiles(files, { from: 'committed', cluster: 'east' }).exitCode).toBe(0);
    },
  );
  it('--from committed: the bundle says a refused file fails every pull, exit 1', () => {
    const d = copy('refused-conf', [
      [
        'clusters/east-image-tag-mirrors.yaml',
        /base64,[A-Za-z0-9+/=]+/,
        `base64,${Buffer.from('[[registry]]\nlocation = "a.io"\nlocation = "b.io"\n').toString('base64')}`,
      ],
    ]);
    const r = runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', d]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `containers/image refuses the registries.conf ("toml: line 3 (last key "registry.location"): Key 'registry.location' has already been defined."), so every pull on these nodes fails`,
    );
    const conf = runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', d]);
    expect(conf.status).toBe(1);
    expect(conf.stderr).toContain("Key 'registry.location' has already been defined.; every pull on its nodes fails");
  });
  it('--from committed: a near miss containers/image accepts is explained, exit 0', () => {
    const text =
      '[[registry]]\nlocation = "quay.io/openshift"\nmirror-by-digest-only = true\ncolour = "red"\n[[registry.mirror]]\nlocation = "hand.example.com/x"\n';
    const d = copy('near-miss', [
      [
        'clusters/east-image-tag-mirrors.yaml',
        /base64,[A-Za-z0-9+/=]+/,
        `base64,${Buffer.from(text).toString('base64')}`,
      ],
    ]);
    const r = runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', d]);
    expect(r.status).toBe(0);
    // mirror-by-digest-only applies to every mirror: a tag pull skips it.
    expect(r.stdout).toMatch(/hand\.example\.com\/x\/app:v1 +mirror \(digest-only\) +skipped/);
    expect(runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', d]).status).toBe(0);
  });
  it('--from committed: a gzip-compressed committed file (Ignition 3.1+) is decompressed by the bundle', () => {
    const d = copy('gzip', [
      [
        'clusters/east-image-tag-mirrors.yaml',
        /source: data:text\/plain;charset=utf-8;base64,[A-Za-z0-9+/=]+/,
        `compression: gzip\n              source: data:;base64,${gzipSync(committedEast).toString('base64')}`,
      ],
    ]);
    expect(runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', d])).toMatchObject({
      status: 0,
      stdout: committedEast,
    });
    const r = runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', d]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1. mirror-east.example.com/openshift/app:v1');
  });
  it('--from committed: zero bytes after the gzip member (Ignition refuses them), exit 1', () => {
    const padded = Buffer.concat([gzipSync(committedEast), Buffer.alloc(16)]);
    const d = copy('gzip-zeros', [
      [
        'clusters/east-image-tag-mirrors.yaml',
        /source: data:text\/plain;charset=utf-8;base64,[A-Za-z0-9+/=]+/,
        `compression: gzip\n              source: data:;base64,${padded.toString('base64')}`,
      ],
    ]);
    const r = runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', d]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('contents.compression gzip: not valid gzip data: gzip: invalid header (member 2, byte');
    expect(runFn('', ['explain', image, '--cluster', 'east', '--from', 'committed', d]).status).toBe(1);
  });
  it('--from committed: a gzip bomb is cut off, exit 1', () => {
    const d = copy('gzip-bomb', [
      [
        'clusters/east-image-tag-mirrors.yaml',
        /source: data:text\/plain;charset=utf-8;base64,[A-Za-z0-9+/=]+/,
        `compression: gzip\n              source: data:;base64,${gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1, 35)).toString('base64')}`,
      ],
    ]);
    const r = runFn('', ['registries-conf', '--cluster', 'east', '--from', 'committed', d]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `contents.compression gzip: more than ${MAX_DECOMPRESSED_BYTES} bytes once decompressed`,
    );
  });
  it('--from committed: no committed ConfigMap, exit 1', () => {
    const none = explainInFiles(
      [{ path: 'east.yaml', text: readFileSync(join(ROOT, PKG, 'clusters/east.yaml'), 'utf8') }],
      { image, format: 'text', from: 'committed' },
    );
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/no committed generated ConfigMap of HostedCluster clusters\/east/);
  });
  it('JSON says which one it explains', () => {
    const d = copy('json', [MOVED]);
    const doc = JSON.parse(
      runFn('', ['explain', image, '--cluster', 'east', '--format', 'json', '--from', 'committed', d]).stdout,
    );
    expect(doc).toMatchObject({ tool: 'image-tag-mirrors', command: 'explain', formatVersion: 1, exitCode: 0 });
    expect(doc.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.from).toBe('committed');
    expect(doc.notes).toHaveLength(2);
    expect(doc.pull.plans[0].attempts[0].location).toBe('mirror-east.example.com/openshift/app:v1');
  });
});

describe('check - on a stream: stale generated objects found in their own files', () => {
  it('a finding moves to the file the path annotation names, at the same value', () => {
    // As kustomize builds it with path annotations: each document names its file and index.
    const gen = readFileSync(join(ROOT, PKG, 'clusters/east-image-tag-mirrors.yaml'), 'utf8')
      .split(/^---\n/m)
      .map((doc, i) =>
        doc.replace(
          /^( {2}annotations:\n)/m,
          `$1    config.kubernetes.io/path: ${PKG}/clusters/east-image-tag-mirrors.yaml\n    config.kubernetes.io/index: "${i}"\n`,
        ),
      )
      .join('---\n');
    const east = readFileSync(join(ROOT, PKG, 'clusters/east.yaml'), 'utf8').replace(MOVED[1], MOVED[2]);
    const r = runFn(`${east}---\n${gen}`, ['check', '-']);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n').filter(Boolean);
    // Both generated objects are stale; the ConfigMap's data.config is the same text in its own
    // file (line 29), the ImageTagMirrorSet's mirror too (line 13): reported there.
    expect(lines.map((l) => l.split(': ')[0])).toEqual([
      `${PKG}/clusters/east-image-tag-mirrors.yaml:13:7`,
      `${PKG}/clusters/east-image-tag-mirrors.yaml:29:11`,
      '2 errors, 0 warnings in stdin (1 HostedCluster; 1 render compared)',
    ]);
    expect(lines[0]).toContain('error[stale-generated] ImageTagMirrorSet east-image-tag-mirrors');
  });
});

// Red team 2, 5-registries-conf-errors-140k: a HostedCluster of 140k mirror-is-source entries
// cost 1.1-1.4 GB in registries-conf, most of it the parser's syntax tree and document of the 9
// MB file (about 650 MB live while it was built). Plain block YAML is now read without them
// (check/documents.ts fastDocuments). Bounded, not timed: 40k such entries ran out of a 160 MB
// heap before and now fit in 64 MB; run with 128 MB.
describe('registries-conf: a HostedCluster with 40,000 errors in a small heap', () => {
  it('says the cluster has 40000 errors, exit 1, within --max-old-space-size=128', () => {
    const n = 40_000;
    const lines = [
      'apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n  name: c1\n  namespace: clusters\nspec:\n  release:\n    image: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64\n  imageTagMirrorSet:\n',
    ];
    for (let i = 0; i < n; i++) lines.push(`  - source: quay.io/a${i}\n    mirrors: ["quay.io/a${i}"]\n`);
    const file = join(tmp, 'errors-40k.yaml');
    writeFileSync(file, lines.join(''));
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', FN, 'registries-conf', file], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 1 << 28,
    });
    expect(r.stderr).not.toMatch(/heap out of memory|internal error/i);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`clusters/c1 (${file}): the function generates nothing for it: ${n} errors:`);
    expect(r.stderr.match(/error\[mirror-is-source\]/g)).toHaveLength(n);
  });
});
