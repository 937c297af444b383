// `check` without any network: a HostedCluster's pull secret, when that Secret is in the input,
// against its mirrors (mirror-without-credentials), and a pull secret that cannot be read
// (invalid-pull-secret). Fixture: testdata/check/pull-secret/ (positions asserted against it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkFiles } from '../../src/check/report.js';
import { ROOT, runFn } from '../helpers/run-fn.js';

const DIR = 'testdata/check/pull-secret/clusters';
const at = (file: string, line: number, col: number) =>
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    [line - 1]!.slice(col - 1);
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('check: the pull secret against the mirrors (fixture)', () => {
  const r = runFn('', ['check', '--format', 'json', DIR]);
  const doc = JSON.parse(r.stdout) as {
    exitCode: number;
    results: Array<{
      severity: string;
      code: string;
      file: string;
      line: number;
      column: number;
      field: string;
      message: string;
    }>;
  };

  it('warnings only: exit 0', () => {
    expect(r.status).toBe(0);
    expect(doc.exitCode).toBe(0);
    expect(doc.results.every((x) => x.severity === 'warning')).toBe(true);
  });

  it('one warning per mirror without credentials, at the mirror; none for covered mirrors', () => {
    const east = doc.results.filter((x) => x.code === 'mirror-without-credentials');
    expect(east.map((x) => [x.line, x.column, x.field, at(x.file, x.line, x.column)])).toEqual([
      [17, 7, 'spec.imageContentSources[0].mirrors[1]', 'digests.example.com/ocp'],
      [23, 7, 'spec.imageTagMirrorSet[0].mirrors[2]', 'anonymous.example.com/team'],
      [26, 7, 'spec.imageTagMirrorSet[1].mirrors[0]', 'empty.example.com/acme'],
    ]);
    // mirror.example.com: the host entry; cache.example.com/team: a key below it
    // (cache.example.com/team/app); docker.io: the index.docker.io entry (normalised, as upstream).
    expect(east[0]!.message).toBe(
      'no credentials for mirror digests.example.com/ocp in the pull secret clusters/east-pull-secret: no auths entry matches it, so nodes pull from it anonymously',
    );
    expect(east[2]!.message).toContain('its entry "empty.example.com" holds no credentials');
  });

  it('a pull secret without .dockerconfigjson: invalid-pull-secret at spec.pullSecret.name', () => {
    const west = doc.results.filter((x) => x.code === 'invalid-pull-secret');
    expect(west.map((x) => [x.file, x.line, x.column, at(x.file, x.line, x.column)])).toEqual([
      [`${DIR}/west.yaml`, 10, 11, 'west-pull-secret'],
    ]);
    expect(west[0]!.message).toBe(
      'the pull secret clusters/west-pull-secret cannot be read: expected .dockerconfigjson key in pull secret',
    );
  });

  it('never prints a credential', () => {
    expect(r.stdout + r.stderr).not.toMatch(/not-a-real-password|cm9ib3Q6/);
  });
});

describe('check: when the rule applies', () => {
  const cluster = (spec: Record<string, unknown> = {}, namespace = 'clusters') => ({
    apiVersion: 'hypershift.openshift.io/v1beta1',
    kind: 'HostedCluster',
    metadata: { name: 'a', namespace },
    spec: {
      release: { image: 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64' },
      pullSecret: { name: 'ps' },
      imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['m.example/team'] }],
      ...spec,
    },
  });
  const secret = (dockerconfigjson: string, namespace = 'clusters') => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ps', namespace },
    data: { '.dockerconfigjson': b64(dockerconfigjson) },
  });
  const codes = (...docs: unknown[]) =>
    checkFiles([{ path: 'f.yaml', text: docs.map((d) => stringify(d)).join('---\n') }]).results.map((x) => x.tags.code);
  const none = JSON.stringify({ auths: {} });
  const covered = JSON.stringify({ auths: { 'm.example': { auth: b64('u:p') } } });

  it.each<[string, unknown[], string[]]>([
    ['no Secret in the input: nothing (no network, nothing to compare)', [cluster()], []],
    ['the Secret in another namespace: nothing', [cluster(), secret(none, 'other')], []],
    ['no spec.pullSecret: nothing', [cluster({ pullSecret: undefined }), secret(none)], []],
    ['covered by the host entry', [cluster(), secret(covered)], []],
    ['not covered', [cluster(), secret(none)], ['mirror-without-credentials']],
    [
      'the Secret inside a List',
      [cluster(), { apiVersion: 'v1', kind: 'List', items: [secret(none)] }],
      ['mirror-without-credentials'],
    ],
    [
      'an entry that is not base64',
      [cluster(), secret(JSON.stringify({ auths: { 'm.example': { auth: '!!' } } }))],
      ['mirror-without-credentials'],
    ],
    ['a Secret that is not JSON', [cluster(), secret('{')], ['invalid-pull-secret']],
    [
      'a cluster with errors: only its errors',
      [cluster({ imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['m.example/team:v1'] }] }), secret(none)],
      ['invalid-mirror'],
    ],
  ])('%s', (_name, docs, want) => expect(codes(...docs)).toEqual(want));
});
