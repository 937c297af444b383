// identityOf: what makes two items one object for the API server (and for kustomize's
// "already registered id"): group, kind, namespace, name; no namespace for the cluster-scoped
// ImageTagMirrorSet.
import { describe, expect, it } from 'vitest';
import { identityOf } from '../../src/function/reconcile.js';
import type { JsonObject } from '../../src/krm/kube.js';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string): JsonObject => ({
  apiVersion,
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace },
});

describe('identityOf', () => {
  // [case, a, b, same object?]
  const TABLE: [string, JsonObject, JsonObject, boolean][] = [
    ['same ConfigMap', obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'ConfigMap', 'a', 'ns'), true],
    ['ConfigMaps in two namespaces', obj('v1', 'ConfigMap', 'a', 'x'), obj('v1', 'ConfigMap', 'a', 'y'), false],
    ['ConfigMap with and without namespace', obj('v1', 'ConfigMap', 'a', 'x'), obj('v1', 'ConfigMap', 'a'), false],
    [
      'ImageTagMirrorSet with a namespace (kustomize adds one to kinds it does not know)',
      obj('config.openshift.io/v1', 'ImageTagMirrorSet', 'a', 'x'),
      obj('config.openshift.io/v1', 'ImageTagMirrorSet', 'a'),
      true,
    ],
    [
      'two versions of one group',
      obj('config.openshift.io/v1', 'ImageTagMirrorSet', 'a'),
      obj('config.openshift.io/v1alpha1', 'ImageTagMirrorSet', 'a'),
      true,
    ],
    [
      'two groups',
      obj('config.openshift.io/v1', 'ImageTagMirrorSet', 'a'),
      obj('example.com/v1', 'ImageTagMirrorSet', 'a'),
      false,
    ],
    ['two kinds', obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'Secret', 'a', 'ns'), false],
    ['two names', obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'ConfigMap', 'b', 'ns'), false],
  ];
  it.each(TABLE)('%s', (_, a, b, same) => {
    expect(identityOf(a) === identityOf(b)).toBe(same);
  });
});
