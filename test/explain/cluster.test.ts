// `explain` (src/explain): choosing the cluster in the input, and the whole command through
// the built bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainInFiles, chooseCluster } from '../../src/explain/cluster.js';
import { triedLocations, type PullPlan } from '../../src/registries/pull.js';
import { loadInputs } from '../../src/check/subjects.js';
import { ROOT, runFn } from '../helpers/run-fn.js';

const D64 = (c: string) => c.repeat(64);
const SHA = `sha256:${D64('a')}`;

describe('explain: choosing the cluster', () => {
  const loaded = loadInputs(
    ['explain/worked-examples.yaml', 'invalid/clusters/more.yaml', 'cli-list/image-tag-mirrors.yaml'].map((f) => ({
      path: f,
      text: readFileSync(join(ROOT, 'testdata/check', f), 'utf8'),
    })),
  );
  it('by name, by name and namespace; not found lists what there is', () => {
    expect(chooseCluster(loaded.subjects, 'seed')).toMatchObject({ ok: true, value: { subject: { name: 'seed' } } });
    expect(chooseCluster(loaded.subjects, 'seed', 'clusters').ok).toBe(true);
    const missing = chooseCluster(loaded.subjects, 'seed', 'other');
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toMatch(
      /^no HostedCluster named "seed" in namespace "other" in the input; found: clusters\/blocked, /,
    );
  });
  it('without --cluster only when the input holds exactly one', () => {
    expect(chooseCluster(loaded.subjects).ok).toBe(false);
    const one = loadInputs([
      { path: 'l.yaml', text: readFileSync(join(ROOT, 'testdata/check/cli-list/image-tag-mirrors.yaml'), 'utf8') },
    ]);
    expect(chooseCluster(one.subjects)).toMatchObject({ ok: true, value: { subject: { kind: 'MirrorList' } } });
  });
  it('identical copies (a base and its render) count as one', () => {
    const text = readFileSync(join(ROOT, 'testdata/check/explain/worked-examples.yaml'), 'utf8');
    const twice = loadInputs([
      { path: 'a.yaml', text },
      { path: 'b.yaml', text },
    ]);
    expect(chooseCluster(twice.subjects, 'wildcard')).toMatchObject({
      ok: true,
      value: { note: '2 copies with the same mirror lists; using a.yaml#2' },
    });
  });
  describe('several candidates: the hint names only what tells them apart', () => {
    const hc = (name: string, namespace: string, mirror: string) =>
      `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  release:\n    image: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64\n  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - ${mirror}\n`;
    it.each<[string, [string, string][], string | undefined, string | undefined, string]>([
      [
        'same name and namespace in two files',
        [
          ['a.yaml', hc('c', 'n', 'm1.io/x')],
          ['b.yaml', hc('c', 'n', 'm2.io/x')],
        ],
        'c',
        undefined,
        'give only one of these files',
      ],
      [
        'same name and namespace in one file',
        [['a.yaml', `${hc('c', 'n', 'm1.io/x')}---\n${hc('c', 'n', 'm2.io/x')}`]],
        'c',
        undefined,
        'keep only one of these documents in the file',
      ],
      [
        'same name, two namespaces',
        [
          ['a.yaml', hc('c', 'n1', 'm1.io/x')],
          ['b.yaml', hc('c', 'n2', 'm2.io/x')],
        ],
        'c',
        undefined,
        'narrow it with --namespace',
      ],
      [
        'two names, one namespace, no --cluster',
        [
          ['a.yaml', hc('c1', 'n', 'm1.io/x')],
          ['b.yaml', hc('c2', 'n', 'm2.io/x')],
        ],
        undefined,
        undefined,
        'narrow it with --cluster',
      ],
      [
        'two names, two namespaces, no --cluster',
        [
          ['a.yaml', hc('c1', 'n1', 'm1.io/x')],
          ['b.yaml', hc('c2', 'n2', 'm2.io/x')],
        ],
        undefined,
        undefined,
        'narrow it with --cluster and --namespace',
      ],
      [
        'two namespaces, and two copies in one of them',
        [
          ['a.yaml', hc('c', 'n1', 'm1.io/x')],
          ['b.yaml', hc('c', 'n2', 'm2.io/x')],
          ['c.yaml', hc('c', 'n2', 'm3.io/x')],
        ],
        'c',
        undefined,
        'narrow it with --namespace, or give only one of these files',
      ],
      [
        '--namespace given, still two copies',
        [
          ['a.yaml', hc('c', 'n', 'm1.io/x')],
          ['b.yaml', hc('c', 'n', 'm2.io/x')],
        ],
        'c',
        'n',
        'give only one of these files',
      ],
    ])('%s', (_, files, cluster, namespace, hint) => {
      const l = loadInputs(files.map(([path, text]) => ({ path, text })));
      const out = chooseCluster(l.subjects, cluster, namespace);
      expect(out.ok).toBe(false);
      expect(!out.ok && out.error).toMatch(new RegExp(`candidates with different mirror lists: .*; ${hint}$`));
    });
  });
  it('a cluster with errors: exit 1 with its errors at their lines', () => {
    const out = explainInFiles(
      [{ path: 'more.yaml', text: readFileSync(join(ROOT, 'testdata/check/invalid/clusters/more.yaml'), 'utf8') }],
      {
        image: 'quay.io/openshift/app:v1',
        cluster: 'old',
        format: 'text',
      },
    );
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain(
      'more.yaml:16:12: error[unsupported-version] spec.release.image: release 4.20.3 has no ImageTagMirrorSet',
    );
  });
  it('imageContentSources alone (no imageTagMirrorSet): the digest mirrors still apply', () => {
    const text =
      'apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata: {name: ics, namespace: c}\nspec:\n' +
      '  imageContentSources:\n  - source: quay.io/ocp\n    mirrors: [m.example.com/ocp]\n';
    const out = explainInFiles([{ path: 'ics.yaml', text }], { image: `quay.io/ocp/x@${SHA}`, format: 'json' });
    expect(out.exitCode).toBe(0);
    const doc = JSON.parse(out.stdout) as { pull: { plans: PullPlan[] } };
    expect(triedLocations(doc.pull.plans[0]!)).toEqual([`m.example.com/ocp/x@${SHA}`, `quay.io/ocp/x@${SHA}`]);
  });
});

describe('explain through dist/fn.js', () => {
  const TD = 'testdata/check/explain';
  const explain = (args: string[], input = '') => runFn(input, ['explain', ...args]);

  it('prints a numbered list: mirror, then the blocked source (example 1)', () => {
    const run = explain(['docker.io/library/nginx:latest', '--cluster', 'seed', TD]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `HostedCluster clusters/seed (${TD}/worked-examples.yaml)`,
        'image: docker.io/library/nginx:latest',
        'pull by tag: docker.io/library/nginx:latest',
        'matched: [[registry]] location = "docker.io/library" (longest matching prefix; blocked = true: NeverContactSource)',
        '   1. internal.registry.com/docker-library/nginx:latest  mirror (tag-only)    try',
        '   2. docker.io/library/nginx:latest                     source               blocked: inside blocked "docker.io/library", refused without a request',
        '  the source is never contacted: if the mirror fails, the pull fails',
        '',
      ].join('\n'),
    );
  });
  it('example 3, tag and digest pulls', () => {
    const tag = explain([
      'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64',
      '--cluster',
      'digest-and-tag',
      '--namespace',
      'clusters',
      TD,
    ]).stdout;
    expect(
      tag
        .split('\n')
        .filter((l) => /^\s+\d+\. /.test(l))
        .map((l) => l.trim().split(/\s+/)[1]),
    ).toEqual([
      'backup.example.com/ocp/release:4.21.0-x86_64',
      'tags.example.com/ocp/release:4.21.0-x86_64',
      'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64',
    ]);
    const digest = explain([
      `quay.io/openshift-release-dev/ocp-release@${SHA}`,
      '--cluster',
      'digest-and-tag',
      TD,
    ]).stdout;
    expect(
      digest
        .split('\n')
        .filter((l) => /^\s+\d+\. /.test(l))
        .map((l) => l.trim().split(/\s+/)[1]),
    ).toEqual([
      `mirror.example.com/ocp/release@${SHA}`,
      `backup.example.com/ocp/release@${SHA}`,
      `quay.io/openshift-release-dev/ocp-release@${SHA}`,
    ]);
    expect(digest).toContain('skipped (tag-only mirror, digest pull)');
  });
  it('example 4, the wildcard port quirk', () => {
    const run = explain(['foo.example.com:5000/app:v1', '--cluster', 'wildcard', TD]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('the pull fails before any request: rewriting reference: invalid reference format');
  });
  it('--format json', () => {
    const run = explain([
      'registry.redhat.io/ubi9/ubi:latest',
      '--cluster',
      'never-contact-source',
      '--format',
      'json',
      TD,
    ]);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as { cluster: unknown; pull: { plans: PullPlan[] } };
    expect(doc.cluster).toEqual({
      kind: 'HostedCluster',
      name: 'never-contact-source',
      namespace: 'clusters',
      file: `${TD}/worked-examples.yaml`,
      document: 3,
    });
    expect(doc.pull.plans[0]).toMatchObject({ scope: 'registry.redhat.io/ubi9', blocked: false });
    expect(triedLocations(doc.pull.plans[0]!)).toEqual(['registry.redhat.io/ubi9/ubi:latest']);
  });
  it('a HyperShift CLI mirror list, without --cluster, on stdin', () => {
    const run = explain(
      ['quay.io/openshift/app:v1', '-'],
      readFileSync(join(ROOT, 'testdata/check/cli-list/image-tag-mirrors.yaml'), 'utf8'),
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1. mirror.example.com/openshift/app:v1');
    expect(run.stdout).toContain('2. quay.io/openshift/app:v1');
  });
  it('a short name says what CRI-O does with it', () => {
    const run = explain(['nginx', '--cluster', 'seed', TD]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'with CRI-O\'s default short_name_mode "enforcing": fails: short name mode is enforcing, but image name nginx:latest returns ambiguous list',
    );
    expect(run.stdout).toContain(
      'candidates, in order: registry.access.redhat.com/nginx:latest, docker.io/library/nginx:latest',
    );
  });
  it('exit 1: no such cluster; a cluster with errors', () => {
    const missing = explain(['quay.io/x:1', '--cluster', 'nope', TD]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^image-tag-mirrors explain: no HostedCluster named "nope" in the input; found: /);
    const bad = explain(['quay.io/x:1', '--cluster', 'bad', 'testdata/check/invalid']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('testdata/check/invalid/clusters/bad.yaml:13:7: error[invalid-mirror]');
    expect(bad.stdout).toBe('');
  });
  it('exit 2: usage, an invalid image, unreadable input', () => {
    for (const args of [
      [],
      ['quay.io/x:1'],
      ['quay.io/x:1', '--cluster'],
      ['quay.io/x:1', '--format', 'github', TD],
      ['quay.io/x:1', '--bogus', TD],
    ]) {
      const r = explain(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: image-tag-mirrors explain IMAGE');
    }
    const image = explain(['quay.io/A:b', '--cluster', 'seed', TD]);
    expect(image.status).toBe(2);
    expect(image.stderr).toBe(
      'image-tag-mirrors explain: invalid image reference "quay.io/A:b": repository name must be lowercase\n',
    );
    expect(explain(['quay.io/x:1', '--cluster', 'seed', 'testdata/check/unreadable']).status).toBe(2);
  });
});
