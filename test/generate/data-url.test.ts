// The committed side of registries-conf and check: a data URL decoded, and the registries.conf
// read out of a generated ConfigMap (data.config -> MachineConfig -> storage file).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dataUrl, decodeDataUrl, registriesConfOf } from '../../src/generate/objects.js';
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
  ])('%s', (_, url, want) => {
    expect(decodeDataUrl(url)).toEqual({ ok: true, value: want });
  });
  it.each([
    ['no data: scheme', 'https://example.com/x', /not a data URL/],
    ['no comma', 'data:text/plain;base64', /not a data URL/],
    ['bad base64', 'data:;base64,@@@', /invalid base64/],
    ['bad %-encoding', 'data:,%E0%A4%A', /invalid %-encoding/],
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
