// check's render comparison (src/check/render.ts, stale.ts): the committed files against what
// the function's own processor makes of them. Fixture: testdata/check/rendered, a kpt package
// committed rendered; each case edits it in memory as a hand edit after rendering would.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles, type CheckOptions } from '../../src/check/report.js';
import { relativeTo, stepRunsFunction, type GeneratedMode } from '../../src/check/render.js';
import { differences, firstConfDifference } from '../../src/check/stale.js';
import type { InputFile } from '../../src/check/subjects.js';
import { ROOT } from '../helpers/run-fn.js';
import { gzipSync } from 'node:zlib';
import { gunzip } from '../../fn/gzip.js';
import { MAX_DECOMPRESSED_BYTES } from '../../src/generate/objects.js';

const PKG = 'testdata/check/rendered';
const EAST = `${PKG}/clusters/east.yaml`;
const GENERATED = `${PKG}/clusters/east-image-tag-mirrors.yaml`;

/** The fixture's files as fn/io collects them (Kptfile and YAML files, the .krmignore apart). */
function fixture(dir = PKG): { files: InputFile[]; ignores: InputFile[] } {
  const files: InputFile[] = [];
  const ignores: InputFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d)).sort()) {
      const p = `${d}/${name}`;
      if (statSync(join(ROOT, p)).isDirectory()) walk(p);
      else if (name === '.krmignore') ignores.push({ path: p, text: readFileSync(join(ROOT, p), 'utf8') });
      else if (/\.ya?ml$|^Kptfile$/.test(name)) files.push({ path: p, text: readFileSync(join(ROOT, p), 'utf8') });
    }
  };
  walk(dir);
  return { files, ignores };
}

type Edit = (files: InputFile[]) => InputFile[];
const edit =
  (path: string, from: string | RegExp, to: string): Edit =>
  (files) =>
    files.map((f) => {
      if (f.path !== path) return f;
      const text = f.text.replace(from, to);
      if (text === f.text) throw new Error(`the edit of ${path} changed nothing: ${String(from)}`);
      return { ...f, text };
    });
const drop =
  (path: string): Edit =>
  (files) =>
    files.filter((f) => f.path !== path);
const add =
  (path: string, text: string): Edit =>
  (files) => [...files, { path, text }];

function run(edits: Edit[] = [], opts: CheckOptions = {}) {
  const { files, ignores } = fixture();
  const edited = edits.reduce((fs, e) => e(fs), files);
  return checkFiles(edited, { ignores, ...opts });
}
const found = (r: ReturnType<typeof run>) =>
  r.results.map(
    (x) => `${x.file?.path}:${x.position?.line ?? '-'} ${x.severity}[${x.tags.code}] ${x.tags.subject ?? ''}`,
  );

describe('check: a package committed rendered', () => {
  it('checks clean, and says a render was compared', () => {
    const r = run();
    expect(found(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.summary.rendered).toBe(1);
  });

  // [what, edits, findings (file:line severity[code] subject)]
  const CASES: [string, Edit[], string[]][] = [
    [
      'a mirror changed by hand in the HostedCluster: both generated objects are stale',
      [edit(EAST, '- mirror-east.example.com/openshift', '- mirror-new.example.com/openshift')],
      [
        `${GENERATED}:13 error[stale-generated] ImageTagMirrorSet east-image-tag-mirrors`,
        `${GENERATED}:29 error[stale-generated] ConfigMap clusters/east-image-tag-mirrors`,
      ],
    ],
    [
      'the generated file deleted: both objects missing, at the HostedCluster',
      [drop(GENERATED)],
      [
        `${EAST}:5 error[missing-generated] ImageTagMirrorSet east-image-tag-mirrors`,
        `${EAST}:5 error[missing-generated] ConfigMap clusters/east-image-tag-mirrors`,
      ],
    ],
    [
      "the NodePool's entry removed by hand: not wired",
      [edit(EAST, / {2}config:\n {2}- name: east-image-tag-mirrors\n/, '')],
      [`${EAST}:24 error[node-pool-not-wired] NodePool clusters/east-workers`],
    ],
    [
      'the mirror list removed: the generated objects are left over, the NodePool entry stale',
      [edit(EAST, / {2}imageTagMirrorSet:[\s\S]*NeverContactSource\n/, '')],
      [
        `${GENERATED}:4 error[stale-generated] ImageTagMirrorSet east-image-tag-mirrors`,
        `${GENERATED}:22 error[stale-generated] ConfigMap clusters/east-image-tag-mirrors`,
        // spec.config's first entry, 8 lines up: the list is gone
        `${EAST}:20 error[node-pool-stale] NodePool clusters/east-workers`,
      ],
    ],
    [
      "the generated ConfigMap's registries.conf edited by hand",
      [edit(GENERATED, /base64,[A-Za-z0-9+/=]+/, 'base64,eD0xCg==')],
      [`${GENERATED}:29 error[stale-generated] ConfigMap clusters/east-image-tag-mirrors`],
    ],
    [
      'a label added to a generated object by hand',
      [
        edit(
          GENERATED,
          '    app.kubernetes.io/managed-by: image-tag-mirrors\n',
          '    app.kubernetes.io/managed-by: image-tag-mirrors\n    team: a\n',
        ),
      ],
      [`${GENERATED}:7 error[stale-generated] ImageTagMirrorSet east-image-tag-mirrors`],
    ],
    [
      'a NodePool with ten other entries: the function cannot wire it (its own result, placed)',
      [
        edit(
          EAST,
          / {2}config:\n {2}- name: east-image-tag-mirrors\n/,
          `  config:\n${Array.from({ length: 10 }, (_, i) => `  - name: other-${i}\n`).join('')}`,
        ),
      ],
      [`${EAST}:28 error[node-pool-config-limit] NodePool clusters/east-workers`],
    ],
    [
      'a stale copy in a file .krmignore leaves out: not compared',
      [add(`${PKG}/drafts/more.yaml`, readFileSync(join(ROOT, GENERATED), 'utf8').replace('mirror-east', 'old'))],
      [],
    ],
    [
      'an error in the HostedCluster: check reports it once, the render leaves the generated objects alone',
      [edit(EAST, '- mirror-east.example.com/openshift', '- https://mirror-east.example.com/openshift')],
      [`${EAST}:13 error[invalid-mirror] HostedCluster clusters/east`],
    ],
  ];
  it.each(CASES)('%s', (_, edits, want) => {
    const r = run(edits);
    expect(found(r)).toEqual(want);
    expect(r.exitCode).toBe(want.length ? 1 : 0);
  });

  it('each finding says what differs and names the command that fixes it', () => {
    const r = run([edit(EAST, '- mirror-east.example.com/openshift', '- mirror-new.example.com/openshift')]);
    const [itms, cm] = r.results;
    expect(itms!.field?.path).toBe('spec.imageTagMirrors[0].mirrors[0]');
    expect(itms!.message).toBe(
      `stale: spec.imageTagMirrors[0].mirrors[0] differs from what the function generates now; render again: kpt fn render ${PKG} --allow-exec`,
    );
    expect(cm!.message).toContain(
      'registries.conf line 19: committed "    location = \\"mirror-east.example.com/openshift\\"", rendered "    location = \\"mirror-new.example.com/openshift\\""',
    );
    const missing = run([drop(GENERATED)]).results[0]!;
    expect(missing.message).toBe(
      `missing: the function generates it for HostedCluster clusters/east into ${PKG}/clusters/east-image-tag-mirrors.yaml; render again: kpt fn render ${PKG} --allow-exec`,
    );
  });
});

describe('check --generated: when missing output is expected', () => {
  // A repository that renders at build time (a kustomize transformer, an Argo CD plugin)
  // commits no generated objects and no wiring.
  const unrendered = [
    drop(GENERATED),
    edit(EAST, / {2}config:\n {2}- name: east-image-tag-mirrors\n/, ''),
    drop(`${PKG}/Kptfile`),
    drop(`${PKG}/drafts/old-east.yaml`),
  ];
  const cases: [string, Edit[], GeneratedMode, string[]][] = [
    ['auto, no Kptfile and no generated object: nothing required', unrendered, 'auto', []],
    [
      'require: everything required',
      unrendered,
      'require',
      ['missing-generated', 'missing-generated', 'node-pool-not-wired'],
    ],
    ['ignore: a stale package passes', [drop(GENERATED)], 'ignore', []],
    [
      'auto, a Kptfile whose pipeline runs the function: required',
      [drop(GENERATED), edit(EAST, / {2}config:\n {2}- name: east-image-tag-mirrors\n/, '')],
      'auto',
      ['missing-generated', 'missing-generated', 'node-pool-not-wired'],
    ],
    [
      'auto, no Kptfile but a generated object committed: required',
      [
        drop(`${PKG}/Kptfile`),
        drop(`${PKG}/drafts/old-east.yaml`),
        edit(EAST, / {2}config:\n {2}- name: east-image-tag-mirrors\n/, ''),
      ],
      'auto',
      ['node-pool-not-wired'],
    ],
    [
      'auto, a Kptfile that runs another function: nothing required',
      [
        ...unrendered,
        add(
          `${PKG}/Kptfile`,
          'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: x}\npipeline:\n  mutators:\n  - image: gcr.io/kpt-fn/set-labels:v0.2\n',
        ),
      ],
      'auto',
      [],
    ],
    [
      'auto, the function only as a validator: nothing required',
      [
        ...unrendered,
        add(
          `${PKG}/Kptfile`,
          'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: x}\npipeline:\n  validators:\n  - exec: ./dist/fn.js\n',
        ),
      ],
      'auto',
      [],
    ],
  ];
  it.each(cases)('%s', (_, edits, mode, codes) => {
    const r = run(edits, { generated: mode });
    expect(r.results.map((x) => x.tags.code)).toEqual(codes);
  });

  it("a Kptfile's function config is the render's: validateOnly renders nothing, so nothing is missing", () => {
    const r = run([
      drop(GENERATED),
      edit(
        `${PKG}/Kptfile`,
        '  - exec: ./dist/fn.js\n',
        '  - exec: ./dist/fn.js\n    configMap:\n      validateOnly: "true"\n',
      ),
    ]);
    // The NodePool keeps its entry too: validateOnly changes nothing.
    expect(found(r)).toEqual([]);
    expect(r.summary.rendered).toBe(1);
  });
  it('a configPath that is not among the files: a warning, not compared', () => {
    const r = run([
      edit(`${PKG}/Kptfile`, '  - exec: ./dist/fn.js\n', '  - exec: ./dist/fn.js\n    configPath: fn-config.yaml\n'),
    ]);
    expect(found(r)).toEqual([`${PKG}/Kptfile:- warning[render-skipped] `]);
    expect(r.results[0]!.message).toMatch(/fn-config\.yaml is not among the files checked/);
    expect(r.exitCode).toBe(0);
  });
  it('YAML that does not parse: no comparison (the render would fail too), exit 2', () => {
    const r = run([drop(GENERATED), add(`${PKG}/clusters/broken.yaml`, 'a: [1\n')]);
    expect(r.results.map((x) => x.tags.code)).toEqual(['invalid-yaml']);
    expect(r.exitCode).toBe(2);
  });
});

describe('check: the examples', () => {
  const read = (dir: string): InputFile[] => {
    const out: InputFile[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(join(ROOT, d)).sort()) {
        const p = `${d}/${name}`;
        if (statSync(join(ROOT, p)).isDirectory()) walk(p);
        else if (/\.ya?ml$|^Kptfile$/.test(name)) out.push({ path: p, text: readFileSync(join(ROOT, p), 'utf8') });
      }
    };
    walk(dir);
    return out;
  };
  it.each([
    // committed rendered: compared, clean
    ['examples/kpt-package', 1],
    ['examples/flux', 1], // source/ (not rendered) and rendered/ (the build output) stay apart
    ['clusters', 1],
    // rendered at build time: nothing committed, nothing compared
    ['examples/argocd', 0],
    ['examples/kustomize-validator', 0],
    ['examples/kustomize-generator', 0],
  ])('%s: no render finding (%i compared)', (dir, rendered) => {
    const r = checkFiles(read(dir));
    const codes = new Set([
      'stale-generated',
      'missing-generated',
      'node-pool-not-wired',
      'node-pool-stale',
      'not-rendered',
    ]);
    expect(r.results.filter((x) => codes.has(x.tags.code))).toEqual([]);
    expect(r.summary.rendered).toBe(rendered);
  });
  it('examples/kpt-package edited by hand after rendering: stale, with the command to fix it', () => {
    const files = read('examples/kpt-package').map((f) =>
      f.path.endsWith('hosted-cluster.yaml')
        ? { ...f, text: f.text.replace('- mirror.example.com/ubi8', '- mirror.example.com/ubi9') }
        : f,
    );
    const r = checkFiles(files);
    expect(
      r.results.filter((x) => x.severity === 'error').map((x) => `${x.file?.path}:${x.position?.line} ${x.tags.code}`),
    ).toEqual([
      'examples/kpt-package/clusters/my-cluster-image-tag-mirrors.yaml:16 stale-generated', // the mirror
      // data.config: the ConfigMap's registries.conf
      'examples/kpt-package/clusters/my-cluster-image-tag-mirrors.yaml:34 stale-generated',
    ]);
    expect(r.results[0]!.message).toMatch(/; render again: kpt fn render examples\/kpt-package --allow-exec$/);
  });
  it('a document without metadata (a Kustomization) is no difference', () => {
    const r = checkFiles(read('examples/kustomize-validator'), { generated: 'require' });
    expect(r.results.map((x) => `${x.tags.code} ${x.tags.subject}`)).toEqual([
      'missing-generated ImageTagMirrorSet my-cluster-image-tag-mirrors',
      'missing-generated ConfigMap clusters/my-cluster-image-tag-mirrors',
      'node-pool-not-wired NodePool clusters/my-cluster-workers',
    ]);
  });
});

describe('check -: a kustomize build stream', () => {
  // What kustomize would build: the package's objects, not the drafts.
  const stream = (files: InputFile[]) =>
    files
      .filter((f) => f.path.endsWith('.yaml') && !f.path.includes('/drafts/'))
      .map((f) => f.text)
      .join('---\n');
  it('a stream with stale generated objects: found at their place in the stream, with their origin', () => {
    const { files } = fixture();
    const text = stream(edit(EAST, '- mirror-east.example.com/openshift', '- mirror-new.example.com/openshift')(files));
    const r = checkFiles([{ path: '<stdin>', text }], { stdin: true });
    expect(r.results.map((x) => x.tags.code)).toEqual(['stale-generated', 'stale-generated']);
    expect(r.summary.rendered).toBe(1);
  });
  it('a clean build stream passes', () => {
    const r = checkFiles([{ path: '<stdin>', text: stream(fixture().files) }], { stdin: true });
    expect(r.results).toEqual([]);
  });
});

describe('the pieces', () => {
  it.each([
    [{ exec: './dist/fn.js' }, true],
    [{ exec: 'image-tag-mirrors' }, true],
    [{ exec: '../node_modules/.bin/image-tag-mirrors' }, true],
    [{ exec: 'tools/image-tag-mirrors.js --flag' }, true],
    [{ image: 'ghcr.io/acme/image-tag-mirrors:v1' }, true],
    [{ image: 'ghcr.io/acme/image-tag-mirrors@sha256:abc' }, true],
    [{ image: 'gcr.io/kpt-fn/set-labels:v0.2' }, false],
    [{ exec: './dist/other.js' }, false],
    [{ image: 'ghcr.io/acme/image-tag-mirrors-fork:v1' }, false],
    ['not a step', false],
  ])('stepRunsFunction(%j) = %s', (step, want) => {
    expect(stepRunsFunction(step)).toBe(want);
  });
  it.each([
    ['pkg', 'pkg/a.yaml', 'a.yaml'],
    ['pkg/', 'pkg/sub/a.yaml', 'sub/a.yaml'],
    ['pkg', 'pkg2/a.yaml', undefined],
    ['.', 'a/b.yaml', 'a/b.yaml'],
    ['.', '../a.yaml', undefined],
  ])('relativeTo(%s, %s) = %s', (dir, path, want) => {
    expect(relativeTo(dir, path)).toBe(want);
  });
  it.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1 }, { a: 2 }, ['a']],
    [{ a: [1, 2] }, { a: [1, 3] }, ['a.1']],
    [{ a: [1, 2] }, { a: [1] }, ['a']],
    [{ a: 1 }, { b: 1 }, ['a', 'b']],
    [{ a: 1, b: 1, c: 1, d: 1 }, {}, ['a', 'b', 'c']],
  ])('differences(%j, %j)', (a, b, want) => {
    expect(differences(a, b).map((p) => p.join('.'))).toEqual(want);
  });
  it.each([
    ['a\nb\n', 'a\nb\n', undefined],
    ['a\nb\n', 'a\nc\n', 'registries.conf line 2: committed "b", rendered "c"'],
    ['a\n', 'a\nb\n', 'registries.conf line 2: committed "", rendered "b"'],
    ['a', 'a\nb', 'registries.conf line 2: committed nothing (the file ends), rendered "b"'],
    ['a\nb', 'a', 'registries.conf line 2: committed "b", rendered nothing (the file ends)'],
    ['', 'a', 'registries.conf line 1: committed "", rendered "a"'],
    ['\n', '', 'registries.conf line 2: committed "", rendered nothing (the file ends)'],
    ['x\ny', 'z\ny', 'registries.conf line 1: committed "x", rendered "z"'],
    ['a\nbc\nd', 'a\nbd\nd', 'registries.conf line 2: committed "bc", rendered "bd"'],
  ])('firstConfDifference(%j, %j)', (a, b, want) => {
    expect(firstConfDifference(a, b)).toBe(want);
  });
  it('firstConfDifference: what splitting both texts into lines says, for 2,000 random pairs', () => {
    // The plain definition, which splits (a 64 MiB decompressed file of newlines would be 64M strings).
    const bySplit = (a: string, b: string) => {
      if (a === b) return undefined;
      const [x, y] = [a.split('\n'), b.split('\n')];
      let i = 0;
      while (i < x.length && i < y.length && x[i] === y[i]) i++;
      const side = (l: string[]) => (i < l.length ? JSON.stringify(l[i]) : 'nothing (the file ends)');
      return `registries.conf line ${i + 1}: committed ${side(x)}, rendered ${side(y)}`;
    };
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const text = () => Array.from({ length: rnd(8) }, () => 'ab\n'[rnd(3)]).join('');
    for (let i = 0; i < 2000; i++) {
      const a = text();
      const b = rnd(2) ? text() : a + text();
      expect(firstConfDifference(a, b), JSON.stringify([a, b])).toBe(bySplit(a, b));
    }
  });
});

// A committed generated ConfigMap whose MachineConfig writes registries.conf another way than
// the function does: gzip-compressed (Ignition 3.1+, as Butane writes big files), or in
// another data URL form. Neither MCO (`data:text/plain;charset=utf-8;base64,`, compression "")
// nor the function ever writes gzip; `kpt fn render` replaces the ConfigMap with the
// function's form, so check says stale, and what differs once the file is decoded as the node
// gets it: the first line, or that only the encoding differs, or why it cannot be read.
describe('check: a committed registries.conf in another encoding', () => {
  const committed = readFileSync(join(ROOT, GENERATED), 'utf8');
  const SOURCE = /source: data:text\/plain;charset=utf-8;base64,([A-Za-z0-9+/=]+)\n/;
  const CONF = Buffer.from(SOURCE.exec(committed)![1]!, 'base64').toString('utf8');
  const NEW_CONF = CONF.replace('mirror-east.example.com/openshift', 'mirror-new.example.com/openshift');
  const b64 = (bytes: Uint8Array, type = '') => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
  const pct = (text: string) => `data:,${encodeURIComponent(text)}`;
  /** The committed ConfigMap with its file's contents replaced (indented as data.config's contents). */
  const withContents = (source: string, gzip = false): Edit =>
    edit(GENERATED, SOURCE, `${gzip ? 'compression: gzip\n              ' : ''}source: ${source}\n`);
  const stale = (edits: Edit[], opts: CheckOptions = { gunzip }) => {
    const r = run(edits, opts);
    expect(found(r)).toEqual([`${GENERATED}:29 error[stale-generated] ConfigMap clusters/east-image-tag-mirrors`]);
    const m = r.results[0]!.message;
    expect(m).toMatch(/^stale: data\.config differs from what the function generates now \(/);
    expect(m).toMatch(/\); render again: kpt fn render testdata\/check\/rendered --allow-exec$/);
    return m;
  };
  const SAME_ONCE_DECODED =
    '(the registries.conf it writes is the same once decoded; the MachineConfig differs at spec.config.storage.files[0].contents';
  const LINE_19 =
    '(registries.conf line 19: committed "    location = \\"mirror-new.example.com/openshift\\"", rendered "    location = \\"mirror-east.example.com/openshift\\"")';

  it('the same file gzip-compressed: only the encoding differs, and the next render writes the generated form', () => {
    const m = stale([withContents(b64(gzipSync(CONF)), true)]);
    expect(m).toContain(SAME_ONCE_DECODED);
    expect(m).toContain('contents.compression');
    expect(m).toContain(
      ': committed gzip-compressed in a "data:;base64," URL, generated uncompressed in a "data:text/plain;charset=utf-8;base64," URL; the next render writes the generated form)',
    );
  });
  it('the same file gzip-compressed in several members, %-encoded: the same once decoded', () => {
    const half = CONF.length >> 1;
    const data = Buffer.concat([gzipSync(CONF.slice(0, half)), gzipSync(CONF.slice(half))]);
    const source = `data:,${[...data].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`;
    expect(stale([withContents(source, true)])).toContain('committed gzip-compressed in a "data:," URL');
  });
  it('another file gzip-compressed: the first line that differs once decompressed', () => {
    expect(stale([withContents(b64(gzipSync(NEW_CONF)), true)])).toContain(LINE_19);
  });
  it.each([
    ['truncated', (d: Buffer) => d.subarray(0, 20), 'not valid gzip data: unexpected EOF (member 1, byte 0)'],
    [
      'with trailing zeros (Ignition fails on them)',
      (d: Buffer) => Buffer.concat([d, Buffer.alloc(16)]),
      'gzip: invalid header (member 2',
    ],
    ['not gzip at all', () => Buffer.from(CONF), 'not valid gzip data: gzip: invalid header (member 1, byte 0)'],
    [
      'a checksum that does not match',
      (d: Buffer) => Buffer.concat([d.subarray(0, -8), Buffer.alloc(8)]),
      'gzip: invalid checksum',
    ],
  ])('corrupt gzip (%s): the committed file cannot be read, said in one result', (_, corrupt, why) => {
    const m = stale([withContents(b64(corrupt(gzipSync(CONF))), true)]);
    expect(m).toContain(
      '(the committed registries.conf cannot be read: /etc/containers/registries.conf: contents.compression gzip: ',
    );
    expect(m).toContain(why);
  });
  it(`a gzip bomb (more than ${MAX_DECOMPRESSED_BYTES} bytes once decompressed): cut off at the cap, said in one result`, () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1, 10), { level: 9 });
    expect(stale([withContents(b64(bomb), true)])).toContain(
      `(the committed registries.conf cannot be read: /etc/containers/registries.conf: contents.compression gzip: more than ${MAX_DECOMPRESSED_BYTES} bytes once decompressed)`,
    );
  });
  it('64 MiB of newlines, within the cap: the first differing line is named (linear, no split)', () => {
    const data = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES, 10), { level: 9 });
    expect(stale([withContents(b64(data), true)])).toContain(
      '(registries.conf line 1: committed "", rendered "unqualified-search-registries = [\\"registry.access.redhat.com\\", \\"docker.io\\"]")',
    );
  });
  it('gzip, but read by a caller that cannot decompress: says so', () => {
    expect(stale([withContents(b64(gzipSync(CONF)), true)], {})).toContain(
      '(the committed registries.conf cannot be read: /etc/containers/registries.conf: contents.compression gzip cannot be decompressed here)',
    );
  });
  it.each([
    ['a %-encoded data URL', pct(CONF), '"data:," URL'],
    ['base64 without a media type', b64(Buffer.from(CONF)), '"data:;base64," URL'],
  ])('the same file in %s: only the data URL differs', (_, source, form) => {
    const m = stale([withContents(source)]);
    expect(m).toContain(`${SAME_ONCE_DECODED}.source: committed uncompressed in a ${form}`);
  });
  it.each([
    ['a %-encoded data URL', pct(NEW_CONF)],
    ['base64 without a media type', b64(Buffer.from(NEW_CONF))],
  ])('another file in %s: the first line that differs', (_, source) => {
    expect(stale([withContents(source)])).toContain(LINE_19);
  });
  it('the same MachineConfig written another way (a comment in data.config): only its YAML text differs', () => {
    const m = stale([edit(GENERATED, '    kind: MachineConfig\n', '    kind: MachineConfig # edited\n')]);
    expect(m).toContain(
      '(the registries.conf it writes is the same once decoded, and so is the MachineConfig: only the YAML text of data.config differs)',
    );
  });
  it('the same file, with another MachineConfig field changed: that field is named', () => {
    const m = stale([edit(GENERATED, '            mode: 420\n', '            mode: 384\n')]);
    expect(m).toContain(
      '(the registries.conf it writes is the same once decoded; the MachineConfig differs at spec.config.storage.files[0].mode; the next render writes the generated form)',
    );
  });
});

// Outside a kpt package the function config is not among the files (kustomize drops a
// transformer's config from its output): committed ConfigMaps without any ImageTagMirrorSet
// mean `generate: [ConfigMap]`. A Kptfile is the truth where there is one.
describe('check: a render committed with generate: [ConfigMap]', () => {
  const FLUX = 'examples/flux/rendered/hosted-clusters.yaml';
  const text = readFileSync(join(ROOT, FLUX), 'utf8');
  const KPTFILE =
    'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\npipeline:\n  mutators:\n  - exec: ./dist/fn.js\n';
  const renderCodes = (files: InputFile[], stdin = false) =>
    checkFiles(files, { stdin })
      .results.filter((r) => r.severity === 'error')
      .map((r) => `${r.tags.code} ${r.resourceRef?.kind}`);
  it.each<[string, InputFile[], boolean, string[]]>([
    ['a folder: the ConfigMap alone is clean', [{ path: 'rendered/all.yaml', text }], false, []],
    ['a stream (kustomize build | check -): clean', [{ path: '<stdin>', text }], true, []],
    [
      'a folder: a stale ConfigMap is still stale',
      [{ path: 'rendered/all.yaml', text: text.replace('- mirror.example.com/ubi8', '- mirror.example.com/ubi9') }],
      false,
      ['stale-generated ConfigMap'],
    ],
    [
      'a kpt package whose Kptfile has no config: the ImageTagMirrorSet is missing',
      [
        { path: 'p/Kptfile', text: KPTFILE },
        { path: 'p/all.yaml', text },
      ],
      false,
      ['missing-generated ImageTagMirrorSet'],
    ],
    [
      'a kpt package whose Kptfile says generate: ConfigMap: clean',
      [
        { path: 'p/Kptfile', text: `${KPTFILE}    configMap:\n      generate: ConfigMap\n` },
        { path: 'p/all.yaml', text },
      ],
      false,
      [],
    ],
  ])('%s', (_, files, stdin, want) => {
    expect(renderCodes(files, stdin)).toEqual(want);
  });
});
