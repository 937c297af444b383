import { describe, expect, it } from 'vitest';
import type { Code } from '../../src/constants.js';
import {
  formatResult,
  hasErrors,
  result,
  sortResults,
  type Target,
  type Result,
  type Severity,
} from '../../src/krm/result.js';

const hc = (name: string, namespace = 'clusters'): Target => ({
  resourceRef: { apiVersion: 'hypershift.openshift.io/v1beta1', kind: 'HostedCluster', name, namespace },
});
const r = (
  severity: Severity,
  path?: string,
  subject: Target = hc('a'),
  code: Code = 'invalid-mirror',
  message = 'm',
) => result(severity, code, message, subject, path);
const paths = (rs: Result[]) => rs.map((x) => x.field?.path);

describe('result()', () => {
  it('builds a result in kpt key order: message first, tags last', () => {
    const x = result(
      'error',
      'invalid-source',
      'bad',
      { ...hc('a'), file: { path: 'hc.yaml', index: 2 } },
      'spec.imageTagMirrorSet[0].source',
    );
    expect(x).toEqual({
      message: 'bad',
      severity: 'error',
      resourceRef: {
        apiVersion: 'hypershift.openshift.io/v1beta1',
        kind: 'HostedCluster',
        name: 'a',
        namespace: 'clusters',
      },
      field: { path: 'spec.imageTagMirrorSet[0].source' },
      file: { path: 'hc.yaml', index: 2 },
      tags: { code: 'invalid-source' },
    });
    expect(Object.keys(x)).toEqual(['message', 'severity', 'resourceRef', 'field', 'file', 'tags']);
  });
  it('leaves out what it has not got', () => {
    const x = result('warning', 'unknown-version', 'w', {});
    expect(x).toEqual({ message: 'w', severity: 'warning', tags: { code: 'unknown-version' } });
  });
  it('copies the subject', () => {
    const s = hc('a');
    const x = result('error', 'invalid-type', 'm', s);
    s.resourceRef!.name = 'changed';
    expect(x.resourceRef!.name).toBe('a');
  });
});

describe('sortResults', () => {
  it('errors first, then warnings, then info', () => {
    const input = [r('info', 'a'), r('warning', 'a'), r('error', 'z'), r('info', 'b'), r('error', 'a')];
    expect(sortResults(input).map((x) => [x.severity, x.field?.path])).toEqual([
      ['error', 'a'],
      ['error', 'z'],
      ['warning', 'a'],
      ['info', 'a'],
      ['info', 'b'],
    ]);
  });

  it('[2] before [10], in document order', () => {
    const input = [
      r('error', 'spec.imageTagMirrorSet[10].source'),
      r('error', 'spec.imageTagMirrorSet[2].source'),
      r('error', 'spec.imageTagMirrorSet[1].mirrors[10]'),
      r('error', 'spec.imageTagMirrorSet[1].mirrors[9]'),
      r('error', 'spec.imageTagMirrorSet[1].mirrors[2]'),
      r('error', 'spec.imageTagMirrorSet[1]'),
      r('error', 'spec.imageTagMirrorSet'),
    ];
    expect(paths(sortResults(input))).toEqual([
      'spec.imageTagMirrorSet',
      'spec.imageTagMirrorSet[1]',
      'spec.imageTagMirrorSet[1].mirrors[2]',
      'spec.imageTagMirrorSet[1].mirrors[9]',
      'spec.imageTagMirrorSet[1].mirrors[10]',
      'spec.imageTagMirrorSet[2].source',
      'spec.imageTagMirrorSet[10].source',
    ]);
  });

  it('severity wins over path', () => {
    expect(paths(sortResults([r('warning', 'spec.x[2]'), r('error', 'spec.x[10]')]))).toEqual([
      'spec.x[10]',
      'spec.x[2]',
    ]);
  });

  it('orders by file, file index, namespace, name, then path, code and message', () => {
    const f = (path: string, index?: number): Target => ({
      ...hc('a'),
      file: index === undefined ? { path } : { path, index },
    });
    const input = [
      r('error', 'spec.b', hc('b', 'ns2')),
      r('error', 'spec.a', hc('b', 'ns1')),
      r('error', 'spec.a', hc('a', 'ns2')),
      r('error', 'spec.a', f('b.yaml')),
      r('error', 'spec.a', f('a.yaml', 1)),
      r('error', 'spec.a', f('a.yaml', 0)),
      r('error', 'spec.a', hc('b', 'ns2'), 'invalid-source', 'z'),
      r('error', 'spec.a', hc('b', 'ns2'), 'invalid-source', 'a'),
      r('error', 'spec.a', hc('b', 'ns2'), 'empty-source'),
    ];
    expect(
      sortResults(input).map((x) => [
        x.file ? `${x.file.path}#${x.file.index ?? ''}` : '-',
        x.resourceRef?.namespace,
        x.resourceRef?.name,
        x.field?.path,
        x.tags.code,
        x.message,
      ]),
    ).toEqual([
      ['-', 'ns1', 'b', 'spec.a', 'invalid-mirror', 'm'],
      ['-', 'ns2', 'a', 'spec.a', 'invalid-mirror', 'm'],
      ['-', 'ns2', 'b', 'spec.a', 'empty-source', 'm'],
      ['-', 'ns2', 'b', 'spec.a', 'invalid-source', 'a'],
      ['-', 'ns2', 'b', 'spec.a', 'invalid-source', 'z'],
      ['-', 'ns2', 'b', 'spec.b', 'invalid-mirror', 'm'],
      ['a.yaml#0', 'clusters', 'a', 'spec.a', 'invalid-mirror', 'm'],
      ['a.yaml#1', 'clusters', 'a', 'spec.a', 'invalid-mirror', 'm'],
      ['b.yaml#', 'clusters', 'a', 'spec.a', 'invalid-mirror', 'm'],
    ]);
  });

  it('a result without a path sorts before those with one', () => {
    expect(paths(sortResults([r('error', 'spec'), r('error', undefined)]))).toEqual([undefined, 'spec']);
  });

  it('does not modify its input and keeps every result', () => {
    const input = [r('warning', 'b'), r('error', 'a')];
    const copy = [...input];
    const out = sortResults(input);
    expect(input).toEqual(copy);
    expect(out).not.toBe(input);
    expect(out).toHaveLength(2);
  });

  it('is idempotent and independent of the input order', () => {
    const input = [
      r('warning', 'spec.imageContentSources[0].mirrors'),
      r('error', 'spec.imageTagMirrorSet[10].source'),
      r('error', 'spec.imageTagMirrorSet[2].mirrors[1]'),
      r('error', 'spec.release.image', hc('b')),
      r('warning', 'spec.release.image'),
      r('info', undefined, {}),
    ];
    const once = sortResults(input);
    expect(sortResults(once)).toEqual(once);
    expect(sortResults([...input].reverse())).toEqual(once);
  });
});

describe('hasErrors', () => {
  it.each([
    [[], false],
    [[r('warning'), r('info')], false],
    [[r('warning'), r('error')], true],
  ] as [Result[], boolean][])('%#', (rs, expected) => expect(hasErrors(rs)).toBe(expected));
});

describe('formatResult', () => {
  const TABLE: [string, Result, string][] = [
    [
      'everything',
      result(
        'error',
        'invalid-source',
        'invalid format for source "x/"',
        { ...hc('my-cluster'), file: { path: 'clusters/hc.yaml', index: 2 } },
        'spec.imageTagMirrorSet[0].source',
      ),
      'error[invalid-source] HostedCluster clusters/my-cluster spec.imageTagMirrorSet[0].source (clusters/hc.yaml#2): invalid format for source "x/"',
    ],
    [
      'file index 0 is not shown',
      result(
        'warning',
        'unknown-version',
        'w',
        { ...hc('my-cluster'), file: { path: 'hc.yaml', index: 0 } },
        'spec.release.image',
      ),
      'warning[unknown-version] HostedCluster clusters/my-cluster spec.release.image (hc.yaml): w',
    ],
    [
      'no file',
      result('error', 'duplicate-source', 'dup', hc('my-cluster'), 'spec.imageTagMirrorSet[1].source'),
      'error[duplicate-source] HostedCluster clusters/my-cluster spec.imageTagMirrorSet[1].source: dup',
    ],
    [
      'no namespace, no path',
      result('error', 'invalid-type', 'spec must be a map', {
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'fn' },
      }),
      'error[invalid-type] ConfigMap fn: spec must be a map',
    ],
    [
      'info',
      result('info', 'unknown-version', 'no HostedCluster c', hc('c')),
      'info[unknown-version] HostedCluster clusters/c: no HostedCluster c',
    ],
    // a functionConfig read error has no resource: no double space, no " :"
    ['no resource', result('error', 'invalid-config', 'm', {}, 'data.x'), 'error[invalid-config] data.x: m'],
    [
      'no resource, no path',
      result('error', 'invalid-config', 'cannot read functionConfig: boom', {}),
      'error[invalid-config]: cannot read functionConfig: boom',
    ],
    [
      'no resource, a file',
      result('error', 'invalid-type', 'm', { file: { path: 'hc.yaml', index: 3 } }, 'spec'),
      'error[invalid-type] spec (hc.yaml#3): m',
    ],
  ];
  it.each(TABLE)('%s', (_, x, expected) => expect(formatResult(x)).toBe(expected));

  it('one line per result for one-line messages', () => {
    for (const [, x] of TABLE) expect(formatResult(x)).not.toContain('\n');
  });

  it('never a double space or a space before the colon', () => {
    for (const [, x] of TABLE) expect(formatResult(x)).not.toMatch(/ {2}| :/);
  });
});
