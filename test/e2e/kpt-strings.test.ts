// Every class of code point in the strings we write, read back by real kpt (go-yaml v3 through
// kyaml): the YAML writer (src/krm/yaml-emit.ts), the path annotations of generated objects
// (package folders named with any character), and the results messages (kpt prints them).
// kpt refuses the whole output on one character go-yaml does not allow raw (DEL, C1,
// U+FFFE/U+FFFF) and reads NEL, U+2028 and U+2029 raw as line breaks.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitYaml } from '../../src/krm/yaml-emit.js';
import { escapeText } from '../../src/krm/escape.js';
import { hostedCluster } from '../helpers/hostile.js';
import { FN } from '../helpers/run-fn.js';
import { describeRun, requireBundle, requireTool, run, TOOLS } from '../helpers/tools.js';

/** One or more characters of each class, between ASCII letters and at the ends. */
const CLASSES: Record<string, string> = {
  'C0 controls': '\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f',
  DEL: '\u007f',
  'C1 controls': '\u0080\u0084\u009b\u009f',
  NEL: '\u0085',
  'NEL before a space': '\u0085 ',
  'line separator': '\u2028',
  'line separator between spaces': ' \u2028  ',
  'paragraph separator': '\u2029',
  'separators in a row': '\u2028\u2029\u2028',
  'separator then newline': '\u2028\n',
  'bidi embeddings and overrides': '\u202a\u202b\u202c\u202d\u202e',
  'bidi isolates': '\u2066\u2067\u2068\u2069',
  'bidi marks': '\u200e\u200f\u061c',
  BOM: '\ufeff',
  'non-characters U+FFFE and U+FFFF': '\ufffe\uffff',
  'U+FFFD': '\ufffd',
  'no-break space': '\u00a0',
  astral: '😀\u{10ffff}',
  'quotes and backslash': `'"\\`,
  'YAML indicators': ': # - ? & * ! | > % @ `',
};

const values = Object.values(CLASSES).flatMap((c) => [`a${c}b`, c, `${c}x`, `x${c}`]);

const kptTool = requireTool(TOOLS.kpt);

describe.skipIf(kptTool.skip)(kptTool.title('strings through real kpt'), () => {
  const KPT = kptTool.path!;
  let dir: string;
  beforeAll(() => {
    requireBundle();
    dir = mkdtempSync(join(tmpdir(), 'itm-kpt-strings-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the YAML writer: every value and key comes back from kpt as written (go-yaml reads what `yaml` reads)', () => {
    // kpt reads the function's output and writes the objects back; go-yaml keeps each
    // scalar's style, and its double-quoted style escapes every break and unprintable
    // character, so `yaml` reads kpt's output unambiguously.
    const data: Record<string, string> = {};
    values.forEach((v, i) => {
      data[`v${i}`] = v;
      data[`${v}|key${i}`] = `k${i}`;
    });
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'strings', annotations: { 'config.kubernetes.io/path': 'cm.yaml' } },
      data,
    };
    const list = emitYaml({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [cm] });
    // Written by us, read by `yaml` as the same strings.
    expect((parse(list) as { items: { data: unknown }[] }).items[0]!.data).toEqual(data);
    const pkg = join(dir, 'writer');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strings\n');
    writeFileSync(join(dir, 'list.yaml'), list);
    const fn = join(dir, 'emit.sh');
    writeFileSync(fn, `#!/bin/sh\ncat >/dev/null\ncat '${join(dir, 'list.yaml')}'\n`);
    chmodSync(fn, 0o755);
    const r = run(KPT, ['fn', 'eval', pkg, '--exec', fn, '-o', 'unwrap'], { cwd: dir });
    expect(r.status, describeRun(r)).toBe(0);
    const back = parse(r.stdout) as { data: Record<string, string> };
    for (const [k, v] of Object.entries(data)) expect(back.data[k], JSON.stringify(k)).toBe(v);
    expect(Object.keys(back.data).length).toBe(Object.keys(data).length);
  });

  const FOLDERS: Record<string, string> = {
    NEL: 'a\u0085b',
    'line separator': 'a\u2028b',
    'paragraph separator': 'a\u2029b',
    'line separator then a space': 'a\u2028 b',
    'a space then a line separator': 'a \u2028b',
    DEL: 'a\u007fb',
    C1: 'a\u009bb',
    tab: 'a\tb',
    'bidi override': 'a\u202eb',
    BOM: 'a\ufeffb',
    astral: 'a😀b',
    // (A backslash sends the file to the package root on purpose: objects.ts packageFolder.)
    quotes: `a'"b`,
    'YAML indicators': 'a: #b',
  };

  it('generated objects land beside their HostedCluster, whatever the folder is named; a second run changes nothing', () => {
    const pkg = join(dir, 'folders');
    mkdirSync(pkg);
    writeFileSync(
      join(pkg, 'Kptfile'),
      'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: folders\n  annotations:\n    config.kubernetes.io/local-config: "true"\n',
    );
    const names = Object.entries(FOLDERS);
    names.forEach(([, folder], i) => {
      mkdirSync(join(pkg, folder));
      writeFileSync(join(pkg, folder, 'hc.yaml'), hostedCluster(`c${i}`));
    });
    const r = run(KPT, ['fn', 'eval', pkg, '--exec', FN], { cwd: dir });
    expect(r.status, describeRun(r)).toBe(0);
    const tree = () =>
      readdirSync(pkg, { recursive: true, encoding: 'utf8' })
        .filter((p) => p.endsWith('.yaml'))
        .sort();
    const expected = names.flatMap(([, folder], i) => [`${folder}/c${i}-image-tag-mirrors.yaml`, `${folder}/hc.yaml`]);
    expect(tree()).toEqual(expected.sort());
    names.forEach(([what, folder], i) => {
      const text = readFileSync(join(pkg, folder, `c${i}-image-tag-mirrors.yaml`), 'utf8');
      expect(text, what).toContain('kind: ConfigMap');
    });
    const before = expected.map((p) => readFileSync(join(pkg, p), 'utf8'));
    const again = run(KPT, ['fn', 'eval', pkg, '--exec', FN], { cwd: dir });
    expect(again.status, describeRun(again)).toBe(0);
    expect(tree()).toEqual(expected.sort());
    expect(expected.map((p) => readFileSync(join(pkg, p), 'utf8'))).toEqual(before);
  });

  it('results messages quoting every class: kpt shows our error results, each message one escaped line', () => {
    const pkg = join(dir, 'messages');
    mkdirSync(pkg);
    const hc = {
      apiVersion: 'hypershift.openshift.io/v1beta1',
      kind: 'HostedCluster',
      metadata: { name: 'c1', namespace: 'clusters' },
      spec: {
        release: { image: 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64' },
        imageTagMirrorSet: values.map((v) => ({ source: `quay.io/${v}`, mirrors: ['mirror.example.com/a'] })),
      },
    };
    writeFileSync(join(pkg, 'hc.yaml'), emitYaml(hc));
    const results = join(dir, 'results');
    mkdirSync(results);
    const r = run(KPT, ['fn', 'eval', pkg, '--exec', FN, '--results-dir', results], { cwd: dir });
    expect(r.status, describeRun(r)).toBe(1);
    expect(r.output).not.toMatch(/MalformedYAML|control characters/);
    expect(r.output).toContain('invalid-source');
    const file = readFileSync(join(results, 'results.yaml'), 'utf8');
    type ResultList = { items?: { results?: { message: string; tags?: { code?: string } }[] }[] };
    const docs = parseAllDocuments(file).map((d) => d.toJS() as ResultList);
    const reported = docs.flatMap((d) => d.items ?? []).flatMap((i) => i.results ?? []);
    const messages = reported.filter((x) => x.tags?.code === 'invalid-source').map((x) => x.message);
    expect(messages.length).toBeGreaterThanOrEqual(values.length);
    for (const m of messages) expect(m, JSON.stringify(m)).toBe(escapeText(m));
  });
});
