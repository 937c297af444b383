// The TOML writer (src/registries/render.ts) against an independent TOML parser (smol-toml).
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { MirrorInput } from '../../src/registries/model.js';
import { renderRegistriesConf, tomlString } from '../../src/registries/render.js';

describe('TOML writer (src/registries/render.ts) against smol-toml', () => {
  const roundTrips = (s: string) => (parseToml(`k = ${tomlString(s)}`) as { k: unknown }).k === s;

  it('tomlString: any well-formed string round-trips, also through UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(roundTrips(s)).toBe(true);
        const viaBytes = Buffer.from(`k = ${tomlString(s)}\n`, 'utf8').toString('utf8');
        if (Buffer.from(s, 'utf8').toString('utf8') === s) expect((parseToml(viaBytes) as { k: unknown }).k).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });

  it('tomlString: any string of UTF-16 code units (lone surrogates too) round-trips as a JS string', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 64 }), (s) => {
        expect(roundTrips(s)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('tomlString: the control characters, quotes and backslash one by one', () => {
    for (let c = 0; c < 0x100; c++) expect(roundTrips(`a${String.fromCharCode(c)}b`), `U+${c.toString(16)}`).toBe(true);
    for (const s of ['', '"', '\\', '\\"', '"""', "'''", '\\u0000', '\\U0001F600', '\n[[registry]]\n', '#'])
      expect(roundTrips(s), JSON.stringify(s)).toBe(true);
  });

  it('renderRegistriesConf: parses as TOML with the same sources, mirrors and policies, for arbitrary strings', () => {
    const str = fc.string({ unit: 'binary', maxLength: 16 });
    const entries = (policy: boolean) =>
      fc
        .uniqueArray(
          fc.record({
            source: fc.oneof(
              str,
              str.map((s) => `*.${s}`),
            ),
            mirrors: fc.uniqueArray(str, { minLength: 1, maxLength: 3 }),
            never: fc.boolean(),
          }),
          {
            selector: (e) => e.source,
            maxLength: 4,
          },
        )
        .map((es) =>
          es
            .map((e) => ({
              source: e.source,
              mirrors: e.mirrors.filter((m) => m !== e.source),
              ...(policy && e.never ? { mirrorSourcePolicy: 'NeverContactSource' } : {}),
            }))
            .filter((e) => e.mirrors.length > 0),
        );
    fc.assert(
      fc.property(entries(false), entries(true), (ics, itms) => {
        const input: MirrorInput = {
          imageContentSources: ics.map(({ source, mirrors }) => ({ source, mirrors })),
          imageTagMirrorSet: itms,
        };
        const conf = renderRegistriesConf(input);
        const parsed = parseToml(conf) as { registry?: Record<string, unknown>[] };
        // The model: digest sources in byte order, then the other tag sources in byte order;
        // each with its digest mirrors, then its tag mirrors, in list order.
        const order = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const scopes = [...order(ics.map((e) => e.source))];
        for (const s of order(itms.map((e) => e.source))) if (!scopes.includes(s)) scopes.push(s);
        const expected = scopes.map((source) => {
          const wildcard = source.startsWith('*.');
          const block: Record<string, unknown> = { prefix: wildcard ? source : '' };
          if (!wildcard && source) block.location = source;
          const tag = itms.find((e) => e.source === source);
          if (tag?.mirrorSourcePolicy === 'NeverContactSource') block.blocked = true;
          const mirror = [
            ...(ics.find((e) => e.source === source)?.mirrors ?? []).map((location) => ({
              location,
              'pull-from-mirror': 'digest-only',
            })),
            ...(tag?.mirrors ?? []).map((location) => ({ location, 'pull-from-mirror': 'tag-only' })),
          ];
          if (mirror.length) block.mirror = mirror;
          return block;
        });
        expect(parsed.registry ?? []).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
