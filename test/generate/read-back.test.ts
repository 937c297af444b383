// A second run reads the generated objects back by their templates (src/generate/read-back.ts).
// Whenever it gives a value, the fast reader (which checks every line) must give the same one;
// it must give a value for what the templates write; and a text edited anywhere is either read
// back to what the fast reader reads, or left to the fast reader.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../helpers/property-seed.js';
import { generatedForCluster, type Generated } from '../../src/generate/objects.js';
import { readBackGenerated } from '../../src/generate/read-back.js';
import { readItem } from '../../src/krm/block-read.js';
import { CANDIDATE_FIELDS } from '../../src/function/select.js';
import { newRegistry, type TagMirrorEntry } from '../../src/registries/model.js';

const textOf = (made: string | readonly (string | Uint8Array)[]) =>
  typeof made === 'string'
    ? made
    : Buffer.concat(made.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');

function objects(owner: { name: string; namespace: string }, entries: TagMirrorEntry[], path?: string): Generated[] {
  const registries = entries.map((e) => ({
    ...newRegistry(e.source),
    mirrors: e.mirrors.map((location) => ({ location, insecure: false, pullFromMirror: 'tag-only' as const })),
  }));
  return generatedForCluster(owner, { imageTagMirrorSet: entries, imageContentSources: [] }, registries, {
    ...(path ? { path } : {}),
  });
}

/** The item's text in a list at `column`, a comment after it: both readers on it. */
function readBoth(text: string, column: number, tail = '') {
  const prefix = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
  const bytes = Buffer.from(prefix + text + tail);
  const start = prefix.length;
  const contentEnd = start + Buffer.byteLength(text);
  const it = { bytes, start, contentEnd, end: bytes.length, column };
  return { back: readBackGenerated(it), fast: readItem(bytes, start, bytes.length, column, CANDIDATE_FIELDS) };
}

const ENTRIES: TagMirrorEntry[] = [
  { source: 'registry0.example.com/team0/app0', mirrors: ['mirror-a.internal.example.com:5000/team0/app0'] },
  { source: 'quay.io/o', mirrors: ['m1.example.com/o', 'm2.example.com/o'], mirrorSourcePolicy: 'NeverContactSource' },
];

describe('read back: what the templates write', () => {
  const OWNERS = [
    { name: 'cluster-0', namespace: 'clusters' },
    { name: 'a', namespace: '' },
    { name: 'no', namespace: 'on' },
    { name: '0644', namespace: '1e3' },
  ];
  for (const owner of OWNERS)
    for (const path of [undefined, 'clusters/hc.yaml', 'a b/"q".yaml'])
      it(`${owner.name}/${owner.namespace} ${path ?? 'no file'}`, () => {
        for (const g of objects(owner, ENTRIES, path))
          for (const column of [0, 2])
            for (const tail of ['', '\n# a comment\n\n']) {
              const { back, fast } = readBoth(textOf(g.block(column)), column, tail);
              expect(back, `${g.kind} at ${column}`).toBeDefined();
              expect(fast?.value).toEqual(back);
            }
      });
});

describe('read back: never another value than the fast reader', () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/),
    fc.constantFrom('no', 'yes', '~', 'null', '0x1F', '- a', '"q"', "'", 'a: b', 'a #b'),
  );
  const entry = fc.record(
    { source: value, mirrors: fc.array(value, { minLength: 1, maxLength: 3 }), mirrorSourcePolicy: value },
    { requiredKeys: ['source', 'mirrors'] },
  );
  const edit = fc.record({
    at: fc.nat(),
    op: fc.constantFrom('replace', 'insert', 'delete'),
    byte: fc.constantFrom(...' :#-"\'\n\t\r\\abz09{}[]&*!|>%@`'.split('').map((c) => c.charCodeAt(0)), 0x85, 0xe2),
  });

  it('generated texts, and the same edited', () => {
    fc.assert(
      fc.property(
        value,
        value,
        fc.option(value, { nil: undefined }),
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(0, 2),
        fc.array(edit, { maxLength: 2 }),
        fc.constantFrom('', '# ok\n', '\n\n# \u0001\n', '# \u0085\n', '#\r\n', '\t\n', '# \ufeff\n', '  # deeper\n'),
        (name, ns, path, entries, column, edits, tail) => {
          for (const g of objects({ name, namespace: ns }, entries, path)) {
            let bytes = Buffer.from(textOf(g.block(column)));
            for (const e of edits) {
              const at = e.at % (bytes.length + 1);
              const b = Buffer.from([e.byte]);
              bytes =
                e.op === 'insert'
                  ? Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at)])
                  : e.op === 'delete'
                    ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
                    : Buffer.concat([bytes.subarray(0, at), b, bytes.subarray(at + 1)]);
            }
            if (!bytes.toString('latin1').endsWith('\n')) continue; // (an item's text ends with its line)
            const { back, fast } = readBoth(bytes.toString('latin1'), column, tail);
            if (back !== undefined) {
              expect(fast, bytes.toString('latin1')).toBeDefined();
              expect(fast!.value).toEqual(back);
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
