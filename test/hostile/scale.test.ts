// Quadratic time (issue 11, kind 5): every rule, the mirror merge, MCO's Image config rendering
// and explain must do O(n log n) work in the number of entries. No clocks: two deterministic
// counts, compared between n and 2n entries (a quadratic step doubles its ratio to ~4):
//   - the work counter (src/work.ts) that the rules, the merge and the indexes tick per entry,
//     node, trie step and comparison;
//   - reads of the input: the spec's lists and entries are Proxies that count every property
//     read, so a scan of the input per entry (findIndex in a loop) shows whatever code does it.
// Timings of the same shapes through the bundle: `npm run bench` ("scaling").
import { describe, expect, it } from 'vitest';
import { mergeConfigMirrors } from '../../src/function/apply-config.js';
import { runImageBootstrap } from '../../src/registries/bootstrap.js';
import { editRegistriesConfig } from '../../src/registries/merge.js';
import { explainNodePull } from '../../src/registries/pull.js';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import { work } from '../../src/work.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const N = 10_000;
/** n log n from 10k to 20k: 2.15; quadratic: 4. */
const MAX_RATIO = 2.6;

/** A deep copy of plain data whose every object and array counts the properties read. */
function counted<T>(value: T, reads: { n: number }): T {
  if (typeof value !== 'object' || value === null) return value;
  const inner = (
    Array.isArray(value)
      ? value.map((v) => counted(v, reads))
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, counted(v, reads)]))
  ) as object;
  return new Proxy(inner, {
    get(target, key, receiver) {
      reads.n++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  }) as T;
}

interface Cost {
  steps: number;
  reads: number;
}

function cost(run: (counted: <T>(v: T) => T) => void): Cost {
  const reads = { n: 0 };
  work.reset();
  run((v) => counted(v, reads));
  return { steps: work.steps, reads: reads.n };
}

/** Runs a shape at n and 2n; both counts may grow at most MAX_RATIO times. */
function expectNLogN(shape: (n: number) => (c: <T>(v: T) => T) => void) {
  const small = cost(shape(N));
  const big = cost(shape(2 * N));
  expect(small.steps, 'the work counter must see the work').toBeGreaterThan(N);
  expect(big.steps / small.steps, `steps ${small.steps} -> ${big.steps}`).toBeLessThan(MAX_RATIO);
  // (Shapes that call the pure modules directly read no counted input.)
  if (small.reads > 0)
    expect(big.reads / small.reads, `input reads ${small.reads} -> ${big.reads}`).toBeLessThan(MAX_RATIO);
}

const itms = (n: number, policy?: (i: number) => string | undefined) =>
  Array.from({ length: n }, (_, i) => {
    const p = policy?.(i);
    return {
      source: `registry.example.com/team${i}`,
      mirrors: [`mirror.example.com/team${i}`],
      ...(p ? { mirrorSourcePolicy: p } : {}),
    };
  });

function validate(spec: Record<string, unknown>) {
  return (c: <T>(v: T) => T) => {
    const v = validateHostedCluster(c({ release: { image: RELEASE }, ...spec }), {});
    expect(v.results.length).toBeGreaterThanOrEqual(0);
  };
}

describe('O(n log n) in entries: 10k against 20k, by counted work and counted input reads', () => {
  it('one NeverContactSource among n imageTagMirrorSet entries (a mirror lookup per entry)', () => {
    expectNLogN((n) => validate({ imageTagMirrorSet: itms(n, (i) => (i === 0 ? 'NeverContactSource' : undefined)) }));
  });

  it('imageContentSources: one source, its mirror list repeated reversed (cycles in the merge)', () => {
    expectNLogN((n) => {
      const mirrors = Array.from({ length: n / 10 }, (_, i) => `m${i}.example.com/ocp`);
      const ics = Array.from({ length: 10 }, (_, k) => ({
        source: 'quay.io/ocp',
        mirrors: k % 2 ? [...mirrors].reverse() : mirrors,
      }));
      return validate({ imageContentSources: ics, imageTagMirrorSet: itms(1) });
    });
  });

  it('n policy conflicts (NeverContactSource entries whose source imageContentSources mirrors too)', () => {
    expectNLogN((n) =>
      validate({
        imageContentSources: itms(n).map((e) => ({ source: e.source, mirrors: [`d.example.com/${e.source}`] })),
        imageTagMirrorSet: itms(n, () => 'NeverContactSource'),
      }),
    );
  });

  it('n duplicate sources and duplicate mirrors', () => {
    expectNLogN((n) =>
      validate({
        imageTagMirrorSet: Array.from({ length: n }, (_, i) => ({
          source: `quay.io/s${i % 100}`,
          mirrors: [`m.example.com/x${i % 7}`, `m.example.com/x${i % 7}`],
        })),
      }),
    );
  });

  it('the Image config within the CRD limits: 1024 insecure and 1024 blocked scopes nested in n sources', () => {
    expectNLogN((n) =>
      validate({
        imageTagMirrorSet: itms(n, (i) => (i % 3 === 0 ? 'NeverContactSource' : undefined)),
        configuration: {
          image: {
            registrySources: {
              insecureRegistries: Array.from({ length: 1024 }, (_, i) => `registry.example.com/team${i}/legacy`),
              blockedRegistries: Array.from({ length: 1024 }, (_, i) => `mirror.example.com/team${i * 7}`),
            },
          },
        },
      }),
    );
  });

  it("MCO's rendering with n scopes of each kind (beyond the CRD's 1024: the algorithm itself)", () => {
    expectNLogN((n) => () => {
      const mirrors = { imageContentSources: [], imageTagMirrorSet: itms(n) };
      const out = runImageBootstrap({
        mirrors,
        sources: {
          insecureRegistries: Array.from({ length: n }, (_, i) => `registry.example.com/team${i}/old`),
          blockedRegistries: Array.from({ length: n }, (_, i) => `*.b${i}.example.com`),
          containerRuntimeSearchRegistries: ['quay.io'],
        },
        releaseImage: RELEASE,
        maxBytes: Infinity,
      });
      expect(out.ok).toBe(true);
    });
  });

  it("the function config's mergeStrategy merge: n entries into n entries, then validated", () => {
    expectNLogN((n) => (c) => {
      const incoming = [
        ...itms(n / 2),
        ...itms(n)
          .slice(n / 2)
          .reverse(),
      ];
      const merged = mergeConfigMirrors(c(itms(n)), c(incoming), 'merge');
      expect(merged).toHaveLength(n);
      validateHostedCluster({ release: { image: RELEASE }, imageTagMirrorSet: merged }, {});
    });
  });

  it('explain: a source with n mirrors among n other sources, blocked and insecure attempts', () => {
    expectNLogN((n) => () => {
      const registries = editRegistriesConfig({
        imageContentSources: [],
        imageTagMirrorSet: [
          { source: 'quay.io/ocp', mirrors: Array.from({ length: n }, (_, i) => `m${i}.example.com/ocp`) },
          ...itms(n, () => 'NeverContactSource'),
        ],
      });
      const pull = explainNodePull('quay.io/ocp/app:v1', registries);
      expect(pull.plans[0]!.attempts).toHaveLength(n + 1);
    });
  });
});
