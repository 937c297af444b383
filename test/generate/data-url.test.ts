// The committed side of registries-conf and check: a data URL decoded, and the registries.conf
// read out of a generated ConfigMap (data.config -> MachineConfig -> storage file).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dataUrl, decodeDataUrl, MAX_DECOMPRESSED_BYTES, registriesConfOf } from '../../src/generate/objects.js';
import * as helpers from '../helpers/objects.js';
import { ROOT } from '../helpers/run-fn.js';

describe('decodeDataUrl', () => {
  it.each([
    ['base64 as dataUrl writes it', dataUrl('a = "b"\n'), 'a = "b"\n'],
    ['UTF-8 text', dataUrl('ü ☃\n'), 'ü ☃\n'],
    ['empty', dataUrl(''), ''],
    ['%-encoded (Ignition accepts it)', 'data:,a%20%3D%20%22b%22%0A', 'a = "b"\n'],
    ['%-encoded with a media type', 'data:text/plain;charset=utf-8,x%0Ay', 'x\ny'],
    ['base64 without a media type', 'data:;base64,eA==', 'x'],
    ['%-encoded beside raw UTF-8', 'data:,%C3%BC-\u00fc-%e2%98%83', '\u00fc-\u00fc-\u2603'],
  ])('%s', (_, url, want) => {
    expect(decodeDataUrl(url)).toEqual({ ok: true, value: want });
  });
  it.each([
    ['no data: scheme', 'https://example.com/x', /not a data URL/],
    ['no comma', 'data:text/plain;base64', /not a data URL/],
    ['bad base64', 'data:;base64,@@@', /invalid base64/],
    ['bad %-encoding', 'data:,%E0%A4%A', /invalid %-encoding/],
    ['a % without hex digits', 'data:,a%zzb', /invalid %-encoding/],
  ])('refuses %s', (_, url, error) => {
    const out = decodeDataUrl(url);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatch(error);
  });
});

const cm = (config: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', data: { config } });
const mc = (files: unknown) => stringify({ spec: { config: { storage: { files } } } });

describe('registriesConfOf', () => {
  it('decodes every ConfigMap of the golden cases as the test helper does', () => {
    const dir = join(ROOT, 'testdata', 'function');
    let n = 0;
    for (const c of readdirSync(dir)) {
      let text: string;
      try {
        text = readFileSync(join(dir, c, 'expected.yaml'), 'utf8');
      } catch {
        continue;
      }
      for (const obj of helpers.itemsOf(text).filter((o) => helpers.isGenerated(o) && o.kind === 'ConfigMap')) {
        expect(registriesConfOf(obj)).toEqual({
          ok: true,
          value: helpers.registriesConfOf(helpers.machineConfigOf(obj)),
        });
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(8);
  });
  it.each([
    ['no data.config', { kind: 'ConfigMap' }, /no data\.config/],
    ['data.config not YAML', cm('a: [1'), /not valid YAML/],
    [
      'no registries.conf file',
      cm(mc([{ path: '/etc/other', contents: { source: dataUrl('x') } }])),
      /writes no \/etc\/containers\/registries\.conf/,
    ],
    ['no contents.source', cm(mc([{ path: '/etc/containers/registries.conf' }])), /no contents\.source/],
    [
      'a bad data URL',
      cm(mc([{ path: '/etc/containers/registries.conf', contents: { source: 'x' } }])),
      /not a data URL/,
    ],
  ])('refuses %s', (_, obj, error) => {
    const out = registriesConfOf(obj);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatch(error);
  });
  it('finds the file among others', () => {
    const files = [
      { path: '/etc/other', contents: { source: dataUrl('no') } },
      { path: '/etc/containers/registries.conf', contents: { source: dataUrl('yes\n') } },
    ];
    expect(registriesConfOf(cm(mc(files)))).toEqual({ ok: true, value: 'yes\n' });
  });
});

describe('registriesConfOf: contents.compression (Ignition spec 3.1.0 and later)', () => {
  const CONF = '[[registry]]\n  prefix = ""\n  location = "quay.io/a"\n';
  /** The MachineConfig with one registries.conf file of `contents`, at Ignition `version`. */
  const withContents = (contents: unknown, version: unknown = '3.2.0') =>
    cm(
      stringify({
        spec: {
          config: {
            ignition: { version },
            storage: { files: [{ path: '/etc/containers/registries.conf', contents }] },
          },
        },
      }),
    );
  const b64 = (bytes: Uint8Array) => `data:;base64,${Buffer.from(bytes).toString('base64')}`;
  const pct = (bytes: Uint8Array) => `data:,${[...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`;
  const gunzip = (data: Uint8Array, maxBytes: number) => {
    try {
      return { ok: true as const, value: new Uint8Array(gunzipSync(data, { maxOutputLength: maxBytes })) };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    }
  };

  it.each([
    ['gzip, base64, spec 3.2.0', { compression: 'gzip', source: b64(gzipSync(CONF)) }, '3.2.0'],
    ['gzip, base64, spec 3.1.0', { compression: 'gzip', source: b64(gzipSync(CONF)) }, '3.1.0'],
    [
      'gzip, base64, spec 3.5.0-experimental',
      { compression: 'gzip', source: b64(gzipSync(CONF)) },
      '3.5.0-experimental',
    ],
    ['gzip, %-encoded binary', { compression: 'gzip', source: pct(gzipSync(CONF)) }, '3.4.0'],
    ['compression ""', { compression: '', source: dataUrl(CONF) }, '3.0.0'],
    ['compression null', { compression: null, source: dataUrl(CONF) }, '3.2.0'],
  ])('decodes %s', (_, contents, version) => {
    expect(registriesConfOf(withContents(contents, version), gunzip)).toEqual({ ok: true, value: CONF });
  });

  it.each([
    [
      'gzip under spec 3.0.0',
      { compression: 'gzip', source: b64(gzipSync(CONF)) },
      '3.0.0',
      /needs Ignition spec 3\.1\.0 or later.*"3\.0\.0"/,
    ],
    [
      'gzip without a spec version',
      { compression: 'gzip', source: b64(gzipSync(CONF)) },
      null,
      /needs Ignition spec 3\.1\.0/,
    ],
    [
      'another compression',
      { compression: 'bzip2', source: b64(gzipSync(CONF)) },
      '3.2.0',
      /"bzip2" is no compression Ignition knows/,
    ],
    ['gzip that is not gzip', { compression: 'gzip', source: dataUrl(CONF) }, '3.2.0', /contents\.compression gzip: /],
    [
      'a gzip bomb',
      { compression: 'gzip', source: b64(gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1))) },
      '3.2.0',
      /contents\.compression gzip: /,
    ],
  ])('refuses %s', (_, contents, version, error) => {
    const out = registriesConfOf(withContents(contents, version), gunzip);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatch(error);
  });

  it('says so when nothing can decompress (a pure caller)', () => {
    const out = registriesConfOf(withContents({ compression: 'gzip', source: b64(gzipSync(CONF)) }));
    expect(out).toEqual({ ok: false, error: expect.stringMatching(/gzip cannot be decompressed here/) });
  });
});
