// Wrong results (issue 11, kind 8): a mirror so long that every image name through it is over
// the 255 characters containers/image allows. `explain` knew every pull fails; the function and
// `check` now say so too (src/validate/reference-length.ts), through the bundle.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFn } from '../helpers/run-fn.js';
import {
  expectCleanEnd,
  expectGenerates,
  expectRejected,
  hostedCluster,
  listOf,
  runBounded,
} from '../helpers/hostile.js';

const LONG = `mirror.example.com/${'a'.repeat(240)}`; // 259 characters
const itms = (mirror: string, source = 'quay.io/openshift') =>
  `  imageTagMirrorSet:\n  - source: ${source}\n    mirrors:\n    - ${mirror}\n`;

describe('a mirror that makes every reference longer than 255 characters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'itm-long-mirror-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the function: an error on the mirror, nothing generated', () => {
    const list = expectRejected(runBounded(listOf([hostedCluster('long', itms(LONG))])), ['mirror-reference-too-long']);
    expect(list.results[0]!.field?.path).toBe('spec.imageTagMirrorSet[0].mirrors[0]');
    expect(list.results[0]!.message).toContain('over the 255 characters containers/image allows');
  });

  it('check: the same error at its line; explain: every pull fails before any request', () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, hostedCluster('long', itms(LONG)));
    const check = runFn('', ['check', '--format', 'json', file]);
    expect(check.status).toBe(1);
    const report = JSON.parse(check.stdout) as { results: { code: string; line: number; message: string }[] };
    expect(report.results.map((r) => [r.code, r.line])).toEqual([['mirror-reference-too-long', 12]]);
    expect(report.results[0]!.message).toContain('every pull of "quay.io/openshift" then fails before any request');
    // explain refuses to explain a cluster with errors; the renderer's prediction (the pull
    // fails before any request) is in test/registries/pull.test.ts.
    expect(runFn('', ['explain', 'quay.io/openshift/app:v1', file]).status).toBe(1);
  });

  it('at the limit (255 with the shortest name) it is fine', () => {
    expectGenerates(
      runBounded(listOf([hostedCluster('edge', itms(`mirror.example.com/${'a'.repeat(219)}`, 'quay.io/openshift'))])),
    );
    // A host source adds at least "/x" to every name: 254 characters are then too many.
    const host = expectCleanEnd(
      runBounded(listOf([hostedCluster('host', itms(`m.example.com/${'a'.repeat(240)}`, 'quay.io'))])),
    )!;
    expect(host.results.map((r) => r.tags.code)).toEqual(['mirror-reference-too-long']);
  });

  it('imageContentSources (input HyperShift accepts): a warning, rendered as MCO does', () => {
    const spec = `  imageContentSources:\n  - source: quay.io/ocp\n    mirrors:\n    - ${LONG}\n${itms('mirror.example.com/openshift')}`;
    const list = expectGenerates(runBounded(listOf([hostedCluster('ics', spec)])));
    expect(list.results.map((r) => [r.severity, r.tags.code, r.field?.path])).toEqual([
      ['warning', 'mirror-reference-too-long', 'spec.imageContentSources[0].mirrors[0]'],
    ]);
  });
});
