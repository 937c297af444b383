// Generated objects are written from templates (a fleet writes thousands): each must be exactly
// the text the generic writer gives the whole object, at any column, with and without a
// namespace and file annotations, for every value a template slot can get; values a template
// cannot carry (line breaks, text a literal block cannot hold) fall back to the generic writer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../helpers/property-seed.js';
import {
  configMapBlock,
  generatedForCluster,
  imageTagMirrorSetBlock,
  type Generated,
} from '../../src/generate/objects.js';
import { emitEntry } from '../../src/krm/yaml-emit.js';
import { newRegistry, type MirrorInput, type Registry, type TagMirrorEntry } from '../../src/registries/model.js';
import type { GeneratedKind } from '../../src/constants.js';
import { AWKWARD_OWNERS } from '../helpers/owners.js';

const registry = (scope: string, mirrors: string[]): Registry => ({
  ...newRegistry(scope),
  mirrors: mirrors.map((location) => ({ location, insecure: false, pullFromMirror: 'tag-only' as const })),
});

function objects(
  owner: { name: string; namespace: string },
  entries: TagMirrorEntry[],
  opts: { path?: string; namespacedNames?: boolean; generate?: GeneratedKind[] } = {},
): Generated[] {
  const mirrors: MirrorInput = { imageTagMirrorSet: entries, imageContentSources: [] };
  const registries = entries.map((e) => registry(e.source, e.mirrors));
  return generatedForCluster(owner, mirrors, registries, opts);
}

/** What pieces of text and bytes say, joined. */
const textOf = (made: string | readonly (string | Uint8Array)[]) =>
  typeof made === 'string'
    ? made
    : Buffer.concat(made.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');

/** Every object written from its template, at three columns, in its file and elsewhere. */
function expectWriterText(gs: Generated[]) {
  for (const g of gs)
    for (const column of [0, 2, 5])
      for (const at of [g.file, undefined, { path: 'other/dir/x.yaml', index: 7 }]) {
        expect(textOf(g.block(column, at)), `${g.kind} at ${column}`).toBe(emitEntry(g.make(at), column));
      }
}

const ENTRIES: TagMirrorEntry[] = [
  { source: 'registry0.example.com/team0/app0', mirrors: ['mirror-a.internal.example.com:5000/team0/app0'] },
  {
    source: 'quay.io/openshift',
    mirrors: ['m1.example.com/openshift', 'm2.example.com:5000/x'],
    mirrorSourcePolicy: 'NeverContactSource',
  },
  { source: '*.example.com', mirrors: ['m.example.net'], mirrorSourcePolicy: 'AllowContactingSource' },
];

describe('generated objects from templates', () => {
  for (const owner of AWKWARD_OWNERS)
    it(`${JSON.stringify(owner).slice(0, 60)}`, () => {
      for (const path of [undefined, 'clusters/hc.yaml', 'a b/"q".yaml', '0'])
        for (const namespacedNames of [false, true])
          expectWriterText(objects(owner, ENTRIES, { ...(path ? { path } : {}), namespacedNames }));
    });

  it('one kind alone (generate: [ConfigMap], [ImageTagMirrorSet])', () => {
    expectWriterText(objects(AWKWARD_OWNERS[0]!, ENTRIES, { path: 'x.yaml', generate: ['ConfigMap'] }));
    expectWriterText(objects(AWKWARD_OWNERS[0]!, ENTRIES, { path: 'x.yaml', generate: ['ImageTagMirrorSet'] }));
  });

  it('entries the template cannot carry: none, no mirror, a line break (written generically)', () => {
    for (const entries of [
      [],
      [{ source: 'a.io/x', mirrors: [] }],
      [{ source: 'a.io/x', mirrors: ['m.io/\nx'] }],
      [{ source: 'a.io/x', mirrors: ['m.io/x'], mirrorSourcePolicy: '' }],
      [{ source: 'a\nb', mirrors: ['m.io/x'] }],
    ])
      expectWriterText(objects(AWKWARD_OWNERS[0]!, entries));
  });

  it('any strings in every slot', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const words = fc.constantFrom(
      'no',
      'yes',
      'on',
      '~',
      'null',
      '0x1F',
      '0644',
      '1_000',
      '2001-12-14',
      '<<',
      '- a',
      '? b',
    );
    const value = fc.oneof(text, words, fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/));
    const entry = fc.record(
      { source: value, mirrors: fc.array(value, { maxLength: 3 }), mirrorSourcePolicy: value },
      { requiredKeys: ['source', 'mirrors'] },
    );
    fc.assert(
      fc.property(
        value,
        value,
        fc.option(value, { nil: undefined }),
        fc.array(entry, { maxLength: 4 }),
        (name, ns, path, entries) => {
          expectWriterText(objects({ name, namespace: ns }, entries, path === undefined ? {} : { path }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a fleet cluster is written from the templates, not by the generic writer', () => {
    const url = 'dW5x';
    const file = { path: 'clusters/hc.yaml', index: '0' };
    for (const column of [0, 2]) {
      expect(configMapBlock(column, 'cluster-0', 'clusters', 'clusters/cluster-0', file, url)).toBeDefined();
      expect(configMapBlock(column, 'cluster-0', '', 'cluster-0', undefined, url)).toBeDefined();
      expect(
        imageTagMirrorSetBlock(column, 'cluster-0-image-tag-mirrors', 'clusters/cluster-0', file, ENTRIES),
      ).toBeDefined();
      expect(
        imageTagMirrorSetBlock(column, 'cluster-0-image-tag-mirrors', 'clusters/cluster-0', undefined, ENTRIES),
      ).toBeDefined();
    }
    // and what it cannot carry is left to the writer
    expect(configMapBlock(0, 'a\nb', 'clusters', 'clusters/a\nb', undefined, url)).toBeUndefined();
    expect(configMapBlock(0, 'ünï', 'clusters', 'clusters/ünï', undefined, url)).toBeUndefined();
    expect(imageTagMirrorSetBlock(0, 'x', 'clusters/x', undefined, [{ source: 'a', mirrors: [] }])).toBeUndefined();
  });
});
