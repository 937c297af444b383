// The probe's order, verdicts and exit codes, with a scripted check (no network).
import { describe, expect, it } from 'vitest';
import type { AttemptPlan, ImagePlan } from '../../src/probe/plan.js';
import {
  DEADLINE_MESSAGE,
  exitCodeOf,
  memoize,
  probePlans,
  summarize,
  type Check,
  type CheckResult,
  type ImageReport,
} from '../../src/probe/run.js';

const m = (location: string, extra: Partial<AttemptPlan> = {}): AttemptPlan => ({
  location,
  kind: 'mirror',
  disposition: 'try',
  insecure: false,
  ...extra,
});
const s = (location: string, extra: Partial<AttemptPlan> = {}): AttemptPlan => ({
  location,
  kind: 'source',
  disposition: 'try',
  insecure: false,
  ...extra,
});

/** A check that answers from a table and records what it was asked, in order. */
function scripted(answers: Record<string, CheckResult['status'] | CheckResult>) {
  const asked: string[] = [];
  const check: Check = async (a) => {
    asked.push(a.location);
    const v = answers[a.location];
    if (v === undefined) throw new Error(`unexpected ask: ${a.location}`);
    return typeof v === 'string' ? { status: v } : v;
  };
  return { asked, check };
}

const statuses = (r: ImageReport) => r.attempts.map((a) => `${a.location}=${a.status}`);

describe('probePlans: order and verdicts', () => {
  const rows: Array<{
    name: string;
    plan: AttemptPlan[];
    answers: Record<string, CheckResult['status'] | CheckResult>;
    asked: string[];
    verdict: string;
    servedBy?: string;
    statuses: string[];
  }> = [
    {
      name: 'served by the first mirror; the rest is not tried',
      plan: [m('m1/a:v1'), m('m2/a:v1'), s('src/a:v1')],
      answers: { 'm1/a:v1': 'found' },
      asked: ['m1/a:v1'],
      verdict: 'mirror',
      servedBy: 'm1/a:v1',
      statuses: ['m1/a:v1=found', 'm2/a:v1=not-tried', 'src/a:v1=not-tried'],
    },
    {
      name: 'the second mirror serves after the first is missing',
      plan: [m('m1/a:v1'), m('m2/a:v1'), s('src/a:v1')],
      answers: { 'm1/a:v1': 'missing', 'm2/a:v1': 'found' },
      asked: ['m1/a:v1', 'm2/a:v1'],
      verdict: 'mirror',
      servedBy: 'm2/a:v1',
      statuses: ['m1/a:v1=missing', 'm2/a:v1=found', 'src/a:v1=not-tried'],
    },
    {
      name: 'falls back to the source after unauthorized and unreachable mirrors',
      plan: [m('m1/a:v1'), m('m2/a:v1'), s('src/a:v1')],
      answers: { 'm1/a:v1': 'unauthorized', 'm2/a:v1': 'unreachable', 'src/a:v1': 'found' },
      asked: ['m1/a:v1', 'm2/a:v1', 'src/a:v1'],
      verdict: 'source',
      servedBy: 'src/a:v1',
      statuses: ['m1/a:v1=unauthorized', 'm2/a:v1=unreachable', 'src/a:v1=found'],
    },
    {
      name: 'a skipped digest-only mirror is not asked; a blocked source is not asked: fails',
      plan: [
        m('d/a:v1', { disposition: 'skipped', reason: 'digest-only mirror, tag pull' }),
        m('m1/a:v1'),
        s('src/a:v1', { disposition: 'blocked', reason: 'blocked' }),
      ],
      answers: { 'm1/a:v1': 'missing' },
      asked: ['m1/a:v1'],
      verdict: 'fails',
      statuses: ['d/a:v1=skipped', 'm1/a:v1=missing', 'src/a:v1=blocked'],
    },
    {
      name: 'a blocked mirror is passed over, the next one serves',
      plan: [m('b/a:v1', { disposition: 'blocked' }), m('m2/a:v1'), s('src/a:v1')],
      answers: { 'm2/a:v1': 'found' },
      asked: ['m2/a:v1'],
      verdict: 'mirror',
      servedBy: 'm2/a:v1',
      statuses: ['b/a:v1=blocked', 'm2/a:v1=found', 'src/a:v1=not-tried'],
    },
    {
      name: 'an error status (HTTP 500) fails the attempt like any other',
      plan: [m('m1/a:v1'), s('src/a:v1')],
      answers: { 'm1/a:v1': { status: 'error', httpStatus: 500 }, 'src/a:v1': 'missing' },
      asked: ['m1/a:v1', 'src/a:v1'],
      verdict: 'fails',
      statuses: ['m1/a:v1=error', 'src/a:v1=missing'],
    },
    {
      name: 'no mirrors: the source itself',
      plan: [s('src/a:v1')],
      answers: { 'src/a:v1': 'found' },
      asked: ['src/a:v1'],
      verdict: 'source',
      servedBy: 'src/a:v1',
      statuses: ['src/a:v1=found'],
    },
    {
      name: 'the deadline: the attempt and all later ones are not tried; the image fails',
      plan: [m('m1/a:v1'), m('m2/a:v1'), s('src/a:v1')],
      answers: { 'm1/a:v1': 'missing', 'm2/a:v1': { status: 'unreachable', deadline: true } },
      asked: ['m1/a:v1', 'm2/a:v1'],
      verdict: 'fails',
      statuses: ['m1/a:v1=missing', 'm2/a:v1=not-tried', 'src/a:v1=not-tried'],
    },
  ];
  for (const r of rows) {
    it(r.name, async () => {
      const { asked, check } = scripted(r.answers);
      const [report] = await probePlans([{ image: 'img', attempts: r.plan }], check, { concurrency: 1 });
      expect(asked).toEqual(r.asked);
      expect(report!.verdict).toBe(r.verdict);
      expect(report!.servedBy).toBe(r.servedBy);
      expect(statuses(report!)).toEqual(r.statuses);
    });
  }

  it('a plan that fails before any request asks nothing', async () => {
    const { asked, check } = scripted({});
    const [r] = await probePlans(
      [
        {
          image: 'nginx',
          attempts: [],
          error: 'short name mode is enforcing, but image name nginx:latest returns ambiguous list',
        },
      ],
      check,
      { concurrency: 1 },
    );
    expect(asked).toEqual([]);
    expect(r).toMatchObject({ verdict: 'fails', error: expect.stringContaining('ambiguous') });
  });

  it('the deadline is named in the failure and the summary', async () => {
    const { check } = scripted({ 'm1/a:v1': { status: 'unreachable', deadline: true } });
    const reports = await probePlans([{ image: 'img', attempts: [m('m1/a:v1')] }], check, { concurrency: 1 });
    expect(reports[0]!.attempts[0]!.error).toBe(DEADLINE_MESSAGE);
    expect(reports[0]!.error).toContain('deadline');
    expect(summarize(reports).deadlineReached).toBe(true);
  });

  it('check fields (HTTP status, latency, scheme, auth key) are carried into the report', async () => {
    const { check } = scripted({
      'm1/a:v1': { status: 'found', httpStatus: 200, latencyMs: 7, scheme: 'http', authKey: 'm1' },
    });
    const [r] = await probePlans([{ image: 'img', attempts: [m('m1/a:v1', { insecure: true })] }], check, {
      concurrency: 1,
    });
    expect(r!.attempts[0]).toEqual({
      location: 'm1/a:v1',
      kind: 'mirror',
      status: 'found',
      httpStatus: 200,
      latencyMs: 7,
      scheme: 'http',
      authKey: 'm1',
      insecure: true,
    });
  });
});

describe('probePlans: concurrency and order of results', () => {
  it('never runs more than `concurrency` checks at once; results keep the input order', async () => {
    let running = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const check: Check = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return { status: 'found' };
    };
    const plans: ImagePlan[] = Array.from({ length: 7 }, (_, i) => ({ image: `img${i}`, attempts: [m(`m/a${i}:v1`)] }));
    const done = probePlans(plans, check, { concurrency: 3 });
    // Let the workers start, then release one check at a time.
    for (let k = 0; k < 7; k++) {
      while (release.length === 0) await new Promise((r) => setImmediate(r));
      release.shift()!();
    }
    const reports = await done;
    expect(peak).toBe(3);
    expect(reports.map((r) => r.image)).toEqual(plans.map((p) => p.image));
  });

  it('memoize asks each location once, even when asked concurrently', async () => {
    const { asked, check } = scripted({ 'm/a:v1': 'found', 'src/a:v1': 'found' });
    const plans: ImagePlan[] = [
      { image: 'one', attempts: [m('m/a:v1')] },
      { image: 'two', attempts: [m('m/a:v1')] },
      { image: 'three', attempts: [s('src/a:v1')] },
    ];
    const reports = await probePlans(plans, memoize(check), { concurrency: 3 });
    expect(asked.sort()).toEqual(['m/a:v1', 'src/a:v1']);
    expect(reports.map((r) => r.verdict)).toEqual(['mirror', 'mirror', 'source']);
  });
});

describe('exit codes (issue 15)', () => {
  const img = (verdict: ImageReport['verdict']): ImageReport => ({ image: 'i', verdict, attempts: [] });
  it.each([
    [['mirror', 'mirror'], false, 0],
    [['mirror', 'source'], false, 0],
    [['mirror', 'source'], true, 1],
    [['mirror', 'fails'], false, 1],
    [['fails'], true, 1],
    [['mirror'], true, 0],
  ] as const)('%o require-mirror=%s -> %i', (verdicts, requireMirror, code) => {
    expect(exitCodeOf(verdicts.map(img), requireMirror)).toBe(code);
  });
});

describe('policy.json', () => {
  it('rejecting the image: the pull fails after the first location that has it, nothing else is asked', async () => {
    const { asked, check } = scripted({ 'm1/a:v1': 'missing', 'm2/a:v1': 'found' });
    const plan: ImagePlan = {
      image: 'src/a:v1',
      reference: 'src/a:v1',
      attempts: [m('m1/a:v1'), m('m2/a:v1'), s('src/a:v1')],
      policyRejects: 'src',
    };
    const [r] = await probePlans([plan], check, { concurrency: 1 });
    expect(asked).toEqual(['m1/a:v1', 'm2/a:v1']);
    expect(r!.verdict).toBe('fails');
    expect(r!.servedBy).toBeUndefined();
    expect(r!.error).toBe(
      'policy.json rejects src/a:v1 (src): the manifest came from m2/a:v1, then the pull fails ("Source image rejected")',
    );
    expect(statuses(r!)).toEqual(['m1/a:v1=missing', 'm2/a:v1=found', 'src/a:v1=not-tried']);
    expect(exitCodeOf([r!], false)).toBe(1);
  });
  it('when nothing has the image, the failure is the locations', async () => {
    const { check } = scripted({ 'm1/a:v1': 'missing' });
    const [r] = await probePlans([{ image: 'x', attempts: [m('m1/a:v1')], policyRejects: 'the default' }], check, {
      concurrency: 1,
    });
    expect(r!.error).toBe('m1/a:v1: missing');
  });
});
