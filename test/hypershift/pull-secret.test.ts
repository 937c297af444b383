// The HostedCluster's pull secret among the input objects, as HyperShift reads it.
import { describe, expect, it } from 'vitest';
import { findPullSecret, pullSecretName } from '../../src/hypershift/pull-secret.js';

describe('pull secret of a HostedCluster', () => {
  const secret = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ps', namespace: 'clusters' },
    ...data,
    ...extra,
  });
  const json = '{"auths":{"r":{"auth":"YTpi"}}}';
  it('spec.pullSecret.name', () => {
    expect(pullSecretName({ pullSecret: { name: 'ps' } })).toBe('ps');
    expect(pullSecretName({ pullSecret: {} })).toBeUndefined();
  });
  it.each([
    [
      'data .dockerconfigjson (base64)',
      [secret({ data: { '.dockerconfigjson': Buffer.from(json).toString('base64') } })],
      'found',
    ],
    ['stringData .dockerconfigjson', [secret({ stringData: { '.dockerconfigjson': json } })], 'found'],
    [
      'only a legacy .dockercfg (HyperShift reads .dockerconfigjson only)',
      [secret({ data: { '.dockercfg': Buffer.from('{}').toString('base64') } })],
      'invalid',
    ],
    [
      'any Secret type: HyperShift does not check it',
      [secret({ type: 'Opaque', stringData: { '.dockerconfigjson': json } })],
      'found',
    ],
    [
      'not a core Secret',
      [{ ...secret({ stringData: { '.dockerconfigjson': json } }), apiVersion: 'example.com/v1' }],
      'none',
    ],
    [
      'base64 without padding (Kubernetes refuses it)',
      [secret({ data: { '.dockerconfigjson': 'YTpi' + 'e30' } })],
      'invalid',
    ],
    ['not base64', [secret({ data: { '.dockerconfigjson': '***' } })], 'invalid'],
    ['no .dockerconfigjson key', [secret({ data: { other: 'eA==' } })], 'invalid'],
    ['another namespace', [{ ...secret({}), metadata: { name: 'ps', namespace: 'other' } }], 'none'],
    ['absent', [], 'none'],
  ])('%s', (_name, objects, kind) => expect(findPullSecret(objects, 'ps', 'clusters').kind).toBe(kind));
  it('returns the JSON text', () => {
    const s = findPullSecret(
      [secret({ data: { '.dockerconfigjson': Buffer.from(json).toString('base64') } })],
      'ps',
      'clusters',
    );
    expect(s.kind === 'found' && s.text).toBe(json);
  });
});

describe('the message for a Secret without the key', () => {
  it("is HyperShift's", () => {
    const s = findPullSecret([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ps' }, data: {} }], 'ps', '');
    expect(s).toMatchObject({ kind: 'invalid', why: 'expected .dockerconfigjson key in pull secret' });
  });
  it('names the Secret that is not there', () => {
    expect(findPullSecret([], 'ps', 'clusters')).toEqual({
      kind: 'none',
      why: 'Secret clusters/ps (spec.pullSecret) is not in the input',
    });
  });
});
