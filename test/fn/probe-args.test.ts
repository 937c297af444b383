// probe's options, read with node:util parseArgs as check's and explain's are.
import { describe, expect, it } from 'vitest';
import { parseDuration, parseProbeArgs, PROBE_USAGE } from '../../fn/probe.js';
import { WORKLOAD_KINDS } from '../../src/probe/images.js';
import { UsageError } from '../../fn/args.js';

describe('parseProbeArgs', () => {
  it('defaults', () => {
    expect(parseProbeArgs(['clusters/'])).toMatchObject({
      paths: ['clusters/'],
      timeoutMs: 10_000,
      deadlineMs: 120_000,
      concurrency: 4,
      format: 'text',
      requireMirror: false,
      images: [],
    });
  });
  it('every option', () => {
    const a = parseProbeArgs([
      '--cluster',
      'c',
      '--namespace=ns',
      '--image',
      'a:1',
      '--image=b:2',
      '--images',
      'l.txt',
      '--images=m.txt',
      '--authfile',
      'auth.json',
      '--cert-dir',
      'certs',
      '--allow-realm',
      'auth.example',
      '--timeout',
      '500ms',
      '--deadline',
      '2m',
      '--concurrency',
      '8',
      '--require-mirror',
      '--max-input-size',
      '1M',
      '--format',
      'json',
      '-',
    ]);
    expect(a).toMatchObject({
      cluster: 'c',
      namespace: 'ns',
      images: ['a:1', 'b:2'],
      imageFiles: ['l.txt', 'm.txt'],
      authfile: 'auth.json',
      certDir: 'certs',
      allowRealms: ['auth.example'],
      timeoutMs: 500,
      deadlineMs: 120_000,
      concurrency: 8,
      requireMirror: true,
      maxInput: 1024 * 1024,
      format: 'json',
      stdin: true,
      paths: [],
    });
  });
  it.each([
    [[], 'no input'],
    [['-', 'x'], 'not both'],
    [['--format', 'xml', 'x'], '--format must be one of text, json, github'],
    [['--timeout', '0', 'x'], '--timeout must be more than 0'],
    [['--timeout', '10h', 'x'], 'must be a duration'],
    [['--concurrency', '0', 'x'], '--concurrency must be a number from 1 to 32'],
    [['--concurrency', '99', 'x'], '--concurrency must be a number from 1 to 32'],
    [['--bogus', 'x'], 'unknown option --bogus'],
    [['--image'], '--image needs a value'],
    [['--image', '--format', 'x'], '--image needs a value'],
    [['-x', 'p'], 'unknown option -x'],
    [['--require-mirror=yes', 'x'], '--require-mirror takes no value'],
    [['--max-input-size', 'lots', 'x'], '--max-input-size must be a size such as 64M or 1G'],
    [['--image=', 'x'], '--image needs a value'],
    [['--cluster=', 'x'], '--cluster needs a value'],
  ])('%o -> %s', (args, message) => {
    expect(() => parseProbeArgs(args)).toThrow(UsageError);
    expect(() => parseProbeArgs(args)).toThrow(message);
  });
  it('a usage error names the option', () => {
    expect(() => parseDuration('x', 'deadline')).toThrow(
      '--deadline must be a duration such as 500ms, 10s or 2m, not "x"',
    );
  });
  it('durations', () => {
    expect([
      parseDuration('250ms', 'timeout'),
      parseDuration('3s', 'timeout'),
      parseDuration('3', 'timeout'),
      parseDuration('1m', 'timeout'),
    ]).toEqual([250, 3000, 3000, 60_000]);
  });
});

describe('probe --help', () => {
  it('names every kind whose images probe reads', () => {
    const text = PROBE_USAGE.replace(/\s+/g, ' ');
    expect(WORKLOAD_KINDS.length).toBeGreaterThan(0);
    for (const kind of WORKLOAD_KINDS) expect(text).toMatch(new RegExp(`\\b${kind}s\\b`));
  });
});
