// Differential properties of the fast reader (src/krm/block-read.ts): wherever it returns a
// value, the full parse the function falls back to (kubectl's meaning, krm/kube-yaml.ts), a
// plain YAML 1.2 parse and go-yaml's scalar resolution give the same; and its NodePool offsets
// make edits that mean what the edits from the parsed item's node ranges mean. Items are
// realistic objects in many styles, the benchmark workload, and hostile mutations of both
// (the red-team kinds of issue 11 among them: anchors, aliases, merge keys, tags, escapes).
// PROP_RUNS sets the number of runs (default 1000; 8000 finds more).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CANDIDATE_FIELDS, select } from '../../src/function/select.js';
import { readItem } from '../../src/krm/block-read.js';
import { readResourceList } from '../../src/krm/read.js';
import { classifyPlain, Plain } from '../../src/krm/plain-scalar.js';
import { KUBE_YAML } from '../../src/krm/kube-yaml.js';
import { check, newStats, type Stats } from '../helpers/fast-reader-check.js';
import { ROOT } from '../helpers/run-fn.js';
import { mutate, realisticItem, TRICKY } from '../helpers/yaml-gen.js';
import { goResolve } from '../helpers/yaml-oracle.js';

const RUNS = Number(process.env.PROP_RUNS ?? 1000);

function report(name: string, s: Stats) {
  console.log(`${name}: ${s.items} items, read ${s.read}, gave up ${s.gaveUp}, NodePool edits checked ${s.edits}`);
}

describe('the fast reader agrees with the full parse, YAML 1.2 and go-yaml, or gives up', () => {
  it('on realistic items', () => {
    const stats = newStats();
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(0, 0, 0.05, 0.3), (seed, tricky) => {
        const why = check(realisticItem(seed, tricky).text, stats);
        if (why) throw new Error(why);
      }),
      { numRuns: RUNS },
    );
    report('realistic', stats);
    expect(stats.read).toBeGreaterThan(stats.items * 0.3); // the reader is not just giving up
    expect(stats.edits).toBeGreaterThan(0);
  });

  it('on items written in flow style (hostile scalars, tokens, line breaks)', () => {
    const stats = newStats();
    let flowRead = 0; // items holding a non-empty flow collection that the reader read
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(0, 0.05, 0.3), (seed, tricky) => {
        const { text, dash } = realisticItem(seed, tricky, 0.7);
        const why = check(text, stats);
        if (why) throw new Error(why);
        const b = Buffer.from(text);
        if (/[[{] *[^\]} ]/.test(text) && readItem(b, 0, b.length, dash, true)) flowRead++;
      }),
      { numRuns: RUNS },
    );
    report('flow', stats);
    expect(flowRead).toBeGreaterThan(RUNS / 50);
    expect(stats.read).toBeGreaterThan(stats.items * 0.2); // flow items are read, not just given up on
    expect(stats.gaveUp).toBeGreaterThan(0);
  });

  it('on lists of several realistic items', () => {
    const stats = newStats();
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 2, maxLength: 5 }), (seeds) => {
        const items = seeds.map((s) => realisticItem(s, 0.05));
        const dash = items[0]!.dash;
        const why = check(
          items
            .filter((x) => x.dash === dash)
            .map((x) => x.text)
            .join(''),
          stats,
        );
        if (why) throw new Error(why);
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
    report('lists', stats);
  });

  it('on mutated items (hostile tokens, deletions, duplicated and re-indented lines)', () => {
    const stats = newStats();
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.constantFrom(undefined, 0.8), (seed, mseed, flow) => {
        const why = check(mutate(realisticItem(seed, 0.05, flow).text, mseed), stats);
        if (why) throw new Error(why);
      }),
      { numRuns: RUNS * 2 },
    );
    report('mutated', stats);
    expect(stats.gaveUp).toBeGreaterThan(0);
  });

  const workload = (...args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'bench', 'make-workload.mjs'), ...args, '--resource-list'], {
      encoding: 'utf8',
    });

  it('on the benchmark workload: every HostedCluster and NodePool read, and agreeing', () => {
    const stats = newStats();
    for (const args of [
      ['--items', '30', '--clusters', '10'],
      ['--items', '40', '--clusters', '4', '--mirrors', '20'],
    ]) {
      const text = workload(...args);
      const why = check(text.slice(text.indexOf('items:\n') + 'items:\n'.length), stats);
      if (why) throw new Error(why);
      const sel = select(readResourceList(text));
      for (const s of [...sel.hostedClusters, ...sel.nodePools]) expect(s.item.fast(CANDIDATE_FIELDS)).toBeDefined();
    }
    report('workload', stats);
  });

  it('on mutated workload items', () => {
    const text = workload('--items', '9', '--clusters', '3');
    const items = text
      .split(/\n(?=- )/)
      .slice(1)
      .map((t) => (t.endsWith('\n') ? t : t + '\n'));
    const stats = newStats();
    fc.assert(
      fc.property(fc.nat(items.length - 1), fc.integer(), (i, mseed) => {
        const why = check(mutate(items[i]!, mseed), stats);
        if (why) throw new Error(why);
      }),
      { numRuns: RUNS },
    );
    report('mutated workload', stats);
  });
});

describe('plain scalar meaning', () => {
  // Strings built from the characters numbers, booleans, nulls and timestamps are made of.
  const NUMBERISH = [...'0123456789.+-_:eExXoObBtTzZ yYnN~/aAfFlLsSuUiI'];
  const plainish = fc.oneof(
    fc.constantFrom(...TRICKY),
    fc.string({ unit: fc.constantFrom(...NUMBERISH), minLength: 1, maxLength: 12 }),
    fc
      .tuple(
        fc.constantFrom('', '+', '-', '.', '0', '1', '0x', '0o', '0b', '2001-'),
        fc.string({ unit: fc.constantFrom(...NUMBERISH), maxLength: 8 }),
      )
      .map(([a, b]) => a + b),
  );
  it('a plain scalar classified as a string is that string to YAML 1.2, kubectl (YAML 1.1) and go-yaml', () => {
    let strings = 0;
    fc.assert(
      fc.property(plainish, (s) => {
        // classifyPlain's precondition: what the lexer hands it (one line, no comment, no
        // ": ", no surrounding spaces, printable ASCII, no indicator first).
        if (
          s !== s.trim() ||
          s === '' ||
          / #|: |:$|[^\x20-\x7e]/.test(s) ||
          /^[-?:][ ]?$|^[-?:] |^[,[\]{}#&*!|>'"%@`]/.test(s)
        )
          return;
        const k = classifyPlain(s);
        if (k === Plain.Unsure) return;
        const d12 = parseAllDocuments(`v: ${s}\n`);
        const d11 = parseAllDocuments(`v: ${s}\n`, KUBE_YAML);
        if (!Array.isArray(d12) || !Array.isArray(d11) || d12[0]!.errors.length || d11[0]!.errors.length) return;
        const want = k === Plain.String ? s : null;
        if (k === Plain.String) strings++;
        expect(d12[0]!.toJS().v).toBe(want);
        expect(d11[0]!.toJS().v).toBe(want);
        expect(goResolve(s)).toBe(k === Plain.String ? 'str' : 'null');
      }),
      { numRuns: RUNS * 5 },
    );
    expect(strings).toBeGreaterThan(RUNS / 10);
  });
});
