// What explain, registries-conf, check and probe share (fn/args.ts): the cluster choice and the
// input size read the same way by each command that takes them.
import { describe, expect, it } from 'vitest';
import { clusterChoice, UsageError } from '../../fn/args.js';
import { parseCheckArgs } from '../../fn/check.js';
import { parseExplainArgs } from '../../fn/explain.js';
import { parseProbeArgs } from '../../fn/probe.js';
import { parseRegistriesConfArgs } from '../../fn/registries-conf.js';

type Parse = (args: readonly string[]) => { cluster?: string; namespace?: string; maxInput?: number };
// explain takes IMAGE first.
const WITH_CLUSTER: [string, Parse][] = [
  ['explain', (a) => parseExplainArgs(['quay.io/a:1', ...a])],
  ['registries-conf', parseRegistriesConfArgs],
  ['probe', parseProbeArgs],
];
const ALL: [string, Parse][] = [...WITH_CLUSTER, ['check', parseCheckArgs]];

describe.each(WITH_CLUSTER)('%s: --cluster and --namespace', (_, parse) => {
  // [args, cluster, namespace]
  const CASES: [string[], string | undefined, string | undefined][] = [
    [['x/'], undefined, undefined],
    [['--cluster', 'c', 'x/'], 'c', undefined],
    [['--cluster=c', '--namespace', 'ns', 'x/'], 'c', 'ns'],
    [['--namespace=', 'x/'], undefined, ''],
  ];
  it.each(CASES)('%j', (args, cluster, namespace) => {
    const opts = parse(args);
    expect([opts.cluster, opts.namespace]).toEqual([cluster, namespace]);
    // What the command passes on: only the keys given.
    expect(Object.keys(clusterChoice(opts))).toEqual(
      [cluster !== undefined && 'cluster', namespace !== undefined && 'namespace'].filter(Boolean),
    );
  });
  it('an empty --cluster is a usage error', () => {
    expect(() => parse(['--cluster=', 'x/'])).toThrow(UsageError);
  });
});

describe.each(ALL)('%s: --max-input-size', (_, parse) => {
  it.each([
    [['x/'], undefined],
    [['--max-input-size', '64K', 'x/'], 64 * 1024],
    [['--max-input-size=1G', 'x/'], 1024 ** 3],
  ] as [string[], number | undefined][])('%j', (args, bytes) => {
    expect(parse(args).maxInput).toBe(bytes);
  });
  it('a size it cannot read is a usage error with the option named', () => {
    expect(() => parse(['--max-input-size=lots', 'x/'])).toThrow(/--max-input-size must be a size/);
  });
});
