// `dist/fn.js check`: the pre-merge CI mode. Fixtures in testdata/check/ (see its README);
// every position asserted here is checked against the fixture text too: the line and column
// must be where the offending value (or, for a missing field, its parent) starts.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFiles } from '../../src/check/report.js';
import { escapeData, escapeProperty, formatGithub, formatJson, formatText } from '../../src/check/format.js';
import { UsageError } from '../../fn/args.js';
import { parseCheckArgs } from '../../fn/check.js';
import { FN, ROOT, runFn } from '../helpers/run-fn.js';
import { TOOLS, requireTool } from '../helpers/tools.js';

const TD = 'testdata/check';
const check = (args: string[], input = '') => runFn(input, ['check', ...args]);
const lines = (s: string) => s.split('\n').filter(Boolean);

/** The text at line:col (1-based) of a file, to the end of that line. */
function at(file: string, line: number, col: number): string {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    [line - 1]!.slice(col - 1);
}

interface Json {
  exitCode: number;
  summary: Record<string, number | boolean>;
  results: {
    severity: string;
    code: string;
    file: string;
    line?: number;
    column?: number;
    document?: number;
    field?: string;
    message: string;
    origin?: unknown;
  }[];
}
const json = (args: string[], input = ''): Json =>
  JSON.parse(check(['--format', 'json', ...args], input).stdout) as Json;

describe('check: a valid repository', () => {
  const run = check([`${TD}/valid`]);
  it('exits 0 with only the summary', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('0 errors, 0 warnings in 4 files (3 HostedClusters)\n');
  });
  it('walks directories for *.yaml and *.yml, skipping node_modules and other files', () => {
    const files = json([`${TD}/valid`]).summary;
    expect(files.files).toBe(4); // kustomization, prod, staging (.yml), no-mirrors; not notes.txt, not node_modules
  });
  it('the same with a trailing slash, a file list, and ./', () => {
    expect(check([`${TD}/valid/`]).stdout).toBe(run.stdout);
    expect(check([`./${TD}/valid/clusters/prod/hosted-cluster.yaml`, `${TD}/valid/clusters/staging`]).stdout).toBe(
      '0 errors, 0 warnings in 3 files (3 HostedClusters)\n',
    );
  });
});

// [file, line, col, severity, code, text found at line:col]
const INVALID: [string, number, number, string, string, string][] = [
  ['invalid/clusters/bad.yaml', 13, 7, 'error', 'invalid-mirror', 'https://mirror.example.com/bad'],
  ['invalid/clusters/bad.yaml', 14, 13, 'error', 'empty-source', '""'],
  ['invalid/clusters/bad.yaml', 18, 25, 'error', 'invalid-policy', 'Never'],
  ['invalid/clusters/bad.yaml', 19, 14, 'error', 'no-mirrors', '[]'],
  ['invalid/clusters/bad.yaml', 20, 13, 'error', 'duplicate-source', 'quay.io/openshift'],
  // `mirrors` is missing: the entry, on its "- source:" line
  ['invalid/clusters/bad.yaml', 23, 5, 'error', 'no-mirrors', 'source: docker.io/library'],
  // an unknown field: its key
  ['invalid/clusters/bad.yaml', 24, 5, 'warning', 'unknown-field', 'mirror:'],
  [
    'invalid/clusters/more.yaml',
    16,
    12,
    'error',
    'unsupported-version',
    'quay.io/openshift-release-dev/ocp-release:4.20.3-x86_64',
  ],
  ['invalid/clusters/more.yaml', 37, 7, 'error', 'blocked-source-is-mirror', 'registry.example.com/team'],
  ['invalid/clusters/more.yaml', 40, 7, 'error', 'mirror-is-source', 'quay.io/other'],
  // `source:` with nothing after it: the key
  ['invalid/clusters/more.yaml', 41, 5, 'error', 'empty-source', 'source:'],
];

describe('check: an invalid repository', () => {
  const run = check([`${TD}/invalid`]);
  it('exits 1', () => expect(run.status).toBe(1));
  it('reports every mistake at the line and column of the offending value, in file order', () => {
    const got = lines(run.stdout)
      .slice(0, -1)
      .map((l) => /^(.+?):(\d+):(\d+): (\w+)\[([a-z-]+)\]/.exec(l)!.slice(1));
    expect(got).toEqual(INVALID.map(([f, l, c, s, code]) => [`${TD}/${f}`, String(l), String(c), s, code]));
  });
  for (const [file, line, col, , code, text] of INVALID) {
    it(`${file}:${line}:${col} (${code}) is at ${text}`, () =>
      expect(at(`${TD}/${file}`, line, col).startsWith(text)).toBe(true));
  }
  it('names the object and the field', () => {
    expect(lines(run.stdout)[0]).toBe(
      `${TD}/invalid/clusters/bad.yaml:13:7: error[invalid-mirror] HostedCluster clusters/bad spec.imageTagMirrorSet[0].mirrors[1]: ` +
        'invalid format for mirror "https://mirror.example.com/bad": remove the scheme (no "https://"): write host[:port][/path]',
    );
  });
  it('ends with the summary', () => {
    expect(lines(run.stdout).at(-1)).toBe('10 errors, 1 warning in 2 files (3 HostedClusters)');
  });
  it('gives the document index of a multi-document file', () => {
    const r = json([`${TD}/invalid/clusters/more.yaml`]).results;
    expect(r.map((x) => [x.line, x.document])).toEqual([
      [16, 1],
      [37, 2],
      [40, 2],
      [41, 2],
    ]);
  });
});

describe('check: HyperShift CLI mirror list files (--image-tag-mirror-set FILE)', () => {
  it('a valid list: exit 0, counted as a mirror list', () => {
    const run = check([`${TD}/cli-list/image-tag-mirrors.yaml`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('0 errors, 0 warnings in 1 file (0 HostedClusters, 1 mirror list)\n');
  });
  it('an invalid list: the list paths and positions of the file', () => {
    const run = check([`${TD}/cli-list/bad-mirrors.yaml`]);
    expect(run.status).toBe(1);
    const f = `${TD}/cli-list/bad-mirrors.yaml`;
    expect(lines(run.stdout)).toEqual([
      `${f}:4:5: error[invalid-mirror] mirror list [0].mirrors[0]: invalid format for mirror "mirror.example.com/openshift:latest": remove the tag (":tag"): a mirror scope names a registry or repository, not an image`,
      `${f}:8:23: error[invalid-policy] mirror list [1].mirrorSourcePolicy: invalid mirrorSourcePolicy "neverContactSource": use AllowContactingSource (the default) or NeverContactSource`,
      `${f}:9:11: error[invalid-source] mirror list [2].source: invalid format for source "*.example.com/team": a wildcard must be a whole leading label of a host name, as in "*.example.com", with no port or path`,
      `${f}:12:3: error[empty-source] mirror list [3].source: entry [3] has an empty source: set source to the registry or repository to mirror, e.g. "quay.io/openshift"`,
      '4 errors, 0 warnings in 1 file (0 HostedClusters, 1 mirror list)',
    ]);
    expect(at(f, 4, 5)).toBe('mirror.example.com/openshift:latest');
    expect(at(f, 12, 3)).toBe('mirrors:'); // no source: the entry
  });
  it('no version gate: the CLI file names no release (checked as 4.21)', () => {
    const r = json([`${TD}/cli-list`]).results;
    expect(r.some((x) => x.code === 'unknown-version' || x.code === 'unsupported-version')).toBe(false);
  });
});

describe('check: multi-document files, List objects, anchors', () => {
  const r = json([`${TD}/multi-doc`]);
  it('finds HostedClusters in a List, in a stream with empty documents, and a trailing mirror list', () => {
    expect(r.summary).toMatchObject({ hostedClusters: 4, mirrorLists: 1, errors: 2, warnings: 1 });
  });
  it('positions', () => {
    expect(r.results.map((x) => [x.file.slice(TD.length + 1), x.line, x.column, x.document, x.code])).toEqual([
      ['multi-doc/list.yaml', 32, 9, 0, 'blocked-source-is-mirror'],
      ['multi-doc/stream.yaml', 16, 7, 1, 'duplicate-mirror'],
      // no spec.release: the "spec:" key
      ['multi-doc/stream.yaml', 23, 1, 2, 'unknown-version'],
    ]);
    expect(at(`${TD}/multi-doc/list.yaml`, 32, 9)).toBe('quay.io/openshift/mirror');
    expect(at(`${TD}/multi-doc/stream.yaml`, 16, 7)).toBe('mirror.example.com:8443/team');
    expect(at(`${TD}/multi-doc/stream.yaml`, 23, 1)).toBe('spec:');
  });
  it('a value reached through an alias points at the anchored node', () => {
    const { results } = checkFiles([
      { path: 'a.yaml', text: 'list: &l\n- source: quay.io/x\n  mirrors: ["bad mirror"]\n' },
      {
        path: 'b.yaml',
        text:
          'apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata: {name: b, namespace: n}\n' +
          'spec:\n  release: {image: "quay.io/r:4.21.0"}\n  shared: &m ["bad mirror"]\n  imageTagMirrorSet:\n  - source: quay.io/x\n    mirrors: *m\n',
      },
    ]);
    expect(results.map((r) => [r.file?.path, r.position?.line, r.position?.column, r.tags.code])).toEqual([
      ['b.yaml', 6, 15, 'invalid-mirror'],
    ]);
  });
});

// Once a bug: exit 2 on a ConfigMap nested 1,000 levels, which kpt renders and kubectl reads.
describe('check: a document nested deeper than the bound', () => {
  const HC =
    'apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata: {name: c1, namespace: n}\n' +
    'spec:\n  release: {image: "quay.io/r:4.21.0"}\n  imageTagMirrorSet:\n  - source: quay.io/x\n    mirrors: ["bad mirror"]\n';
  const deep = (kind: string, name: string) =>
    `apiVersion: v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: n}\ndata:\n  x: "${'['.repeat(1000)}"\nextra: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
  it('one check does not read: passed over, the rest checked', () => {
    const report = checkFiles([
      { path: 'hc.yaml', text: HC },
      { path: 'deep.yaml', text: deep('ConfigMap', 'unrelated') },
    ]);
    expect(report.results.map((r) => [r.file?.path, r.tags.code])).toEqual([['hc.yaml', 'invalid-mirror']]);
    expect(report.summary).toMatchObject({ documents: 2 });
  });
  it('one check reads (a Secret): refused, naming the file', () => {
    const report = checkFiles([
      { path: 'hc.yaml', text: HC },
      { path: 'deep.yaml', text: deep('Secret', 'pull') },
    ]);
    expect(report.results.map((r) => [r.file?.path, r.tags.code])).toContainEqual(['deep.yaml', 'invalid-yaml']);
    expect(report.exitCode).toBe(2);
  });
});

describe('check: function configs (ImageTagMirrors)', () => {
  it('validates the config and its list; spec.release.image is spec.cluster.releaseImage there', () => {
    const run = check([`${TD}/fn-config`]);
    expect(run.status).toBe(1);
    const f = `${TD}/fn-config/mirrors.yaml`;
    expect(lines(run.stdout).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      `${f}:9:9: error[invalid-config] ImageTagMirrors my-cluster-mirrors`,
      `${f}:13:19: error[unsupported-version] ImageTagMirrors my-cluster-mirrors`,
      '2 errors, 0 warnings',
    ]);
    expect(run.stdout).toContain('spec.cluster.releaseImage: release 4.20.0 has no ImageTagMirrorSet');
    expect(at(f, 13, 19)).toBe('quay.io/openshift-release-dev/ocp-release:4.20.0-x86_64');
  });
});

describe('check -: a kustomize build stream on stdin', () => {
  const stream = readFileSync(join(ROOT, TD, 'stdin/kustomize-build.yaml'), 'utf8');
  const run = check(['-'], stream);
  it('exits 1 with the stream findings', () => {
    expect(run.status).toBe(1);
    expect(lines(run.stdout)).toEqual([
      // annotated, but an overlay changed the value: the stream position, and where it came from
      `<stdin>:27:7: error[invalid-mirror] HostedCluster clusters/west spec.imageTagMirrorSet[0].mirrors[1]: invalid format for mirror "Mirror.Example.com/Patched-By-An-Overlay": repository paths must be lowercase (from ${TD}/stdin/src/west.yaml)`,
      // no annotation: the stream position
      '<stdin>:41:25: error[invalid-policy] HostedCluster clusters/north spec.imageTagMirrorSet[0].mirrorSourcePolicy: invalid mirrorSourcePolicy "Always": use AllowContactingSource (the default) or NeverContactSource',
      // annotated with its file (config.kubernetes.io/path), same value there: the file's own position
      `${TD}/stdin/src/east.yaml:13:7: error[invalid-mirror] HostedCluster clusters/east spec.imageTagMirrorSet[0].mirrors[0]: invalid format for mirror "mirror.example.com/openshift/": remove the trailing "/"`,
      '3 errors, 0 warnings in stdin (3 HostedClusters)',
    ]);
    expect(stream.split('\n')[26]!.slice(6)).toBe('- Mirror.Example.com/Patched-By-An-Overlay'.slice(2));
    expect(stream.split('\n')[40]!.slice(24)).toBe('Always');
    expect(at(`${TD}/stdin/src/east.yaml`, 13, 7)).toBe('mirror.example.com/openshift/');
  });
  it("github: a file annotation only where the file is known; a line only where it is the file's", () => {
    const gh = lines(check(['--format', 'github', '-'], stream).stdout);
    expect(gh[0]).toMatch(
      /^::error file=testdata\/check\/stdin\/src\/west.yaml,title=image-tag-mirrors invalid-mirror::.*\(<stdin>:27:7\)$/,
    );
    expect(gh[1]).toMatch(/^::error title=image-tag-mirrors invalid-policy::.*\(<stdin>:41:25\)$/);
    expect(gh[2]).toMatch(
      /^::error file=testdata\/check\/stdin\/src\/east.yaml,line=13,col=7,endColumn=35,title=image-tag-mirrors invalid-mirror::/,
    );
  });
  it('json: origin of a stream finding', () => {
    const r = json(['-'], stream).results;
    expect(r[0]).toMatchObject({
      file: '<stdin>',
      line: 27,
      column: 7,
      origin: { path: `${TD}/stdin/src/west.yaml`, index: 0 },
    });
    expect(r[2]).toMatchObject({ file: `${TD}/stdin/src/east.yaml`, line: 13, column: 7, document: 0 });
  });
  it('two HostedClusters with one name in different namespaces: the ImageTagMirrorSet names collide', () => {
    const r = check(['-'], readFileSync(join(ROOT, TD, 'stdin/collision.yaml'), 'utf8'));
    expect(r.status).toBe(1);
    expect(lines(r.stdout)[0]).toBe(
      '<stdin>:17:9: error[name-collision] HostedCluster team-b/east metadata.name: HostedClusters team-a/east and team-b/east would both generate the cluster-scoped ImageTagMirrorSet east-image-tag-mirrors: set namespacedNames: true in the function config to name it <namespace>-east-image-tag-mirrors, or leave the ImageTagMirrorSet out with generate: [ConfigMap] (kpt: -- generate=ConfigMap; the NodePools need only the ConfigMap)',
    );
  });
  it('warnings only: exit 0 (a release pinned by digest: the version is unknown)', () => {
    const r = check(
      ['-'],
      'apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata: {name: pinned, namespace: c}\nspec:\n' +
        `  release: {image: "quay.io/openshift-release-dev/ocp-release@sha256:${'a'.repeat(64)}"}\n` +
        '  imageTagMirrorSet: [{source: quay.io/x, mirrors: [m.example.com/x]}]\n',
    );
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(
        /^<stdin>:5:20: warning\[unknown-version\] HostedCluster c\/pinned spec.release.image: cannot read the OpenShift version/,
      ),
      '0 errors, 1 warning in stdin (1 HostedCluster)',
    ]);
  });
  // A failed `kustomize build | check -` sends nothing: that must not pass.
  it.each([
    ['nothing', ''],
    ['blank lines', '\n\n  \n'],
    ['only comments', '# nothing here\n'],
    ['empty documents', '---\n---\n...\n'],
  ])('an empty stream (%s): exit 2, one line, no report', (_, input) => {
    const r = check(['-'], input);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'image-tag-mirrors check: stdin holds no YAML document (did the command before the pipe fail?)\n',
    );
  });
});

describe('check: input that cannot be read exits 2', () => {
  it('YAML that does not parse: 2, with its position, and the other files still checked', () => {
    const run = check([`${TD}/unreadable`]);
    expect(run.status).toBe(2);
    expect(lines(run.stdout)).toEqual([
      `${TD}/unreadable/broken.yaml:9:3: error[invalid-yaml] not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${TD}/unreadable/fine.yaml:13:7: error[invalid-mirror] HostedCluster clusters/fine spec.imageTagMirrorSet[0].mirrors[1]: invalid format for mirror "mirror.example.com/UPPER": repository paths must be lowercase`,
      '2 errors, 0 warnings in 2 files (1 HostedCluster)',
    ]);
  });
  it('a missing path: 2', () => {
    const run = check([`${TD}/no-such-dir`, `${TD}/valid`]);
    expect(run.status).toBe(2);
    expect(lines(run.stdout)[0]).toBe(
      `${TD}/no-such-dir: error[unreadable] cannot read ${TD}/no-such-dir: no such file or directory`,
    );
  });
  it('a directory without YAML files: 2', () => {
    const run = check([`${TD}/no-yaml`]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe(
      `${TD}/no-yaml: error[unreadable] no .yaml or .yml files under ${TD}/no-yaml\n1 error, 0 warnings in 0 files (0 HostedClusters)\n`,
    );
  });
  it('a binary file named on the command line: 2, no stack trace', () => {
    const run = check([FN]); // JavaScript is not YAML
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });
  it('stdin that does not parse: 2', () => {
    const run = check(['-'], 'a: [\n');
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^<stdin>:2:1: error\[invalid-yaml\]/);
  });
});

describe('check: usage errors exit 2 with the usage on stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['no arguments', [], /no input: give files or directories, or - for stdin/],
    ['an unknown option', ['--strict', TD], /unknown option --strict/],
    ['an unknown format', ['--format', 'sarif', TD], /--format must be one of text, json, github, not "sarif"/],
    ['--format without a value', ['--format'], /--format needs a value/],
    ['stdin and paths', ['-', TD], /read either stdin \(-\) or paths, not both/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const run = check(args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('usage: image-tag-mirrors check');
      expect(run.stderr).toContain('exit status: 0 no errors');
    });
  }
  it('--help prints the usage on stdout and exits 0', () => {
    const run = check(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: image-tag-mirrors check');
  });
  it('--format=json and -- (a path that starts with a dash)', () => {
    expect(parseCheckArgs(['--format=json', '--', '-odd'])).toMatchObject({
      format: 'json',
      paths: ['-odd'],
      stdin: false,
    });
    expect(() => parseCheckArgs(['-x'])).toThrow(UsageError);
  });
  it('no argument at all is still the KRM function', () => {
    const run = runFn('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('kind: ResourceList');
  });
});

describe('check --format json', () => {
  const run = check(['--format', 'json', `${TD}/invalid`]);
  const doc = JSON.parse(run.stdout) as Json;
  it('is one JSON document with the exit code and the summary', () => {
    expect(run.status).toBe(1);
    expect(doc.exitCode).toBe(1);
    expect(doc.summary).toEqual({
      errors: 10,
      warnings: 1,
      infos: 0,
      files: 2,
      stdin: false,
      hostedClusters: 3,
      mirrorLists: 0,
      functionConfigs: 0,
      rendered: 0,
    });
  });
  it('has every result with file, line, column, field and object', () => {
    expect(doc.results).toHaveLength(11);
    expect(doc.results[0]).toEqual({
      severity: 'error',
      code: 'invalid-mirror',
      message:
        'invalid format for mirror "https://mirror.example.com/bad": remove the scheme (no "https://"): write host[:port][/path]',
      file: `${TD}/invalid/clusters/bad.yaml`,
      line: 13,
      column: 7,
      endLine: 13,
      endColumn: 37,
      document: 0,
      subject: 'HostedCluster clusters/bad',
      resource: {
        apiVersion: 'hypershift.openshift.io/v1beta1',
        kind: 'HostedCluster',
        name: 'bad',
        namespace: 'clusters',
      },
      field: 'spec.imageTagMirrorSet[0].mirrors[1]',
    });
  });
  it('is stable: the same bytes every run', () => {
    expect(check(['--format', 'json', `${TD}/invalid`]).stdout).toBe(run.stdout);
  });
  it('a clean run: exit 0, no results', () => {
    const clean = json([`${TD}/valid`]);
    expect(clean.exitCode).toBe(0);
    expect(clean.results).toEqual([]);
  });
  it('an unreadable input: exitCode 2', () => expect(json([`${TD}/unreadable`]).exitCode).toBe(2));
});

describe('check --format github', () => {
  it('one workflow command per finding, at file, line and column, then the summary', () => {
    const run = check(['--format', 'github', `${TD}/invalid`]);
    expect(run.status).toBe(1);
    const out = lines(run.stdout);
    expect(out).toHaveLength(12);
    expect(out[0]).toBe(
      `::error file=${TD}/invalid/clusters/bad.yaml,line=13,col=7,endColumn=36,title=image-tag-mirrors invalid-mirror::` +
        'HostedCluster clusters/bad spec.imageTagMirrorSet[0].mirrors[1]: invalid format for mirror "https://mirror.example.com/bad": remove the scheme (no "https://"): write host[:port][/path]',
    );
    expect(out[6]).toMatch(
      /^::warning file=testdata\/check\/invalid\/clusters\/bad.yaml,line=24,col=5,endColumn=10,title=image-tag-mirrors unknown-field::/,
    );
    // a multi-line value (a map) gets no column range
    for (const l of out.slice(0, -1))
      expect(l).toMatch(
        /^::(error|warning) file=[^,]+,line=\d+,col=\d+(,endColumn=\d+)?,title=image-tag-mirrors [a-z-]+::/,
      );
    expect(out.at(-1)).toBe('10 errors, 1 warning in 2 files (3 HostedClusters)');
  });
  it('escapes "%" in messages (and CR, LF), and "%", ",", ":" in properties', () => {
    const out = lines(check(['--format', 'github', `${TD}/github`]).stdout);
    expect(out[0]).toContain('invalid format for mirror "mirror.example.com/100%25,a:b"');
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('dir,x/a:b%.yaml')).toBe('dir%2Cx/a%3Ab%25.yaml');
    const report = checkFiles([
      {
        path: 'we,ird:name.yaml',
        text: 'apiVersion: hypershift.openshift.io/v1\nkind: HostedCluster\nmetadata: {name: x}\nspec:\n  release: {image: "q.io/r:4.21.0"}\n  imageTagMirrorSet: [{source: "q.io/a", mirrors: ["m/X"]}]\n',
      },
    ]);
    expect(formatGithub(report)).toMatch(
      /^::error file=we%2Cird%3Aname\.yaml,line=6,col=\d+,endColumn=\d+,title=image-tag-mirrors invalid-mirror::/,
    );
  });
});

describe('the pure formatters agree with the bundle', () => {
  const files = ['bad.yaml', 'more.yaml'].map((f) => ({
    path: `${TD}/invalid/clusters/${f}`,
    text: readFileSync(join(ROOT, TD, 'invalid/clusters', f), 'utf8'),
  }));
  const report = checkFiles(files);
  it('text, json and github', () => {
    expect(formatText(report)).toBe(
      check([`${TD}/invalid/clusters/bad.yaml`, `${TD}/invalid/clusters/more.yaml`]).stdout,
    );
    expect(formatJson(report)).toBe(
      check(['--format', 'json', `${TD}/invalid/clusters/bad.yaml`, `${TD}/invalid/clusters/more.yaml`]).stdout,
    );
    expect(formatGithub(report)).toBe(
      check(['--format', 'github', `${TD}/invalid/clusters/bad.yaml`, `${TD}/invalid/clusters/more.yaml`]).stdout,
    );
  });
});

// ---- examples/ci: the workflow commands, run as written -----------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'itm-ci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** The runner image has a `kustomize` on PATH: the pinned one here, under that name. */
const kustomize = requireTool(TOOLS.kustomize);
const KUSTOMIZE_BIN = join(tmp, 'bin');
mkdirSync(KUSTOMIZE_BIN);
if (kustomize.path) symlinkSync(kustomize.path, join(KUSTOMIZE_BIN, 'kustomize'));
/** A test of a step that runs kustomize: skipped with the tool's message where it is missing. */
const itFor = (step: Step) =>
  step.run!.includes('kustomize')
    ? (title: string, fn: () => void) => it.skipIf(kustomize.skip)(kustomize.title(title), fn)
    : it;

/** A copy of a fixture repository with the bundle vendored where the examples expect it. */
function repo(fixture: string): string {
  const dir = mkdtempSync(join(tmp, `${fixture}-`));
  cpSync(join(ROOT, TD, fixture), dir, { recursive: true });
  mkdirSync(join(dir, 'tools'));
  copyFileSync(FN, join(dir, 'tools', 'image-tag-mirrors.js'));
  return dir;
}

function sh(shell: string[], command: string, cwd: string) {
  const r = spawnSync(shell[0]!, [...shell.slice(1), command], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}${delimiter}${KUSTOMIZE_BIN}${delimiter}${process.env.PATH ?? ''}`,
    },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Step {
  run?: string;
  shell?: string;
}

describe('examples/ci/github-actions.yml', () => {
  const wf = parse(readFileSync(join(ROOT, 'examples/ci/github-actions.yml'), 'utf8')) as {
    jobs: Record<string, { steps: Step[]; 'runs-on': string }>;
  };
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
  const commands = steps.filter((s) => s.run?.includes('image-tag-mirrors.js check'));
  // GitHub's shells: `bash -e {0}` by default, `bash --noprofile --norc -eo pipefail {0}` for shell: bash.
  const shellOf = (s: Step) =>
    s.shell === 'bash' ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'] : ['bash', '-e', '-c'];

  it('checks out, sets up Node 26 (LTS) and runs check with --format github', () => {
    expect(steps.some((s) => (s as { uses?: string }).uses?.startsWith('actions/checkout@'))).toBe(true);
    const node = steps.find((s) => (s as { uses?: string }).uses?.startsWith('actions/setup-node@')) as {
      with: { 'node-version': number };
    };
    expect(String(node.with['node-version'])).toBe('26');
    expect(commands.length).toBe(2);
    for (const c of commands) expect(c.run).toContain('check --format github');
  });
  for (const [i, step] of commands.entries()) {
    itFor(step)(`step ${i + 1} (${step.run!.trim()}): a clean repository passes`, () => {
      const r = sh(shellOf(step), step.run!, repo('ci-repo'));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // files: the clusters, the CLI mirror list and the transformer's config; the kustomize
      // build: the clusters and the ConfigMaps the transformer generated (compared with a render)
      expect(r.stdout).toMatch(
        /^0 errors, 0 warnings in (5 files \(2 HostedClusters, 1 mirror list, 1 function config\)|stdin \(2 HostedClusters; 1 render compared\))\n$/,
      );
    });
    itFor(step)(`step ${i + 1}: a broken mirror fails the step with an annotation`, () => {
      const r = sh(shellOf(step), step.run!, repo('ci-repo-invalid'));
      expect(r.status).toBe(1);
      const out = lines(r.stdout);
      expect(out[0]).toMatch(
        /^::error .*title=image-tag-mirrors invalid-mirror::HostedCluster clusters\/west spec.imageTagMirrorSet\[0\].mirrors\[1\]: /,
      );
      if (!step.run!.includes(' -')) {
        // files: the annotation is on the file's line, as a pull request shows it
        expect(out[0]).toMatch(/^::error file=clusters\/west.yaml,line=17,col=7,/);
        expect(at(`${TD}/ci-repo-invalid/clusters/west.yaml`, 17, 7)).toBe('mirror-west.example.com/openshift:4.21');
      }
    });
  }
  it.skipIf(kustomize.skip)(
    kustomize.title('the kustomize step fails when kustomize fails (pipefail), not only when check does'),
    () => {
      const step = commands.find((s) => s.run!.includes('kustomize build'))!;
      const dir = repo('ci-repo');
      rmSync(join(dir, 'clusters', 'kustomization.yaml'));
      const r = sh(shellOf(step), step.run!, dir);
      expect(r.status).not.toBe(0);
    },
  );
  it.skipIf(kustomize.skip)(
    kustomize.title('the kustomize step runs the function the kustomization names as a transformer'),
    () => {
      const step = commands.find((s) => s.run!.includes('kustomize build'))!;
      const dir = repo('ci-repo');
      expect(readFileSync(join(dir, 'clusters', 'kustomization.yaml'), 'utf8')).toMatch(/^transformers:\n- /m);
      // the function's own error fails kustomize, and so the step
      const west = join(dir, 'clusters', 'west.yaml');
      writeFileSync(west, readFileSync(west, 'utf8').replace('mirror-west.example.com/openshift', 'https://x'));
      const r = sh(shellOf(step), step.run!, dir);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/image-tag-mirrors: error\[invalid-mirror\] HostedCluster clusters\/west /);
    },
  );
});

describe('examples/ci/gitlab-ci.yml', () => {
  const ci = parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<
    string,
    { image: string; script: string[]; after_script?: string[]; artifacts?: { paths: string[]; when: string } }
  >;
  const job = ci['image-tag-mirrors']!;
  // GitLab runs script lines in the image's sh, stopping at the first failure (errexit).
  const run = (lines: string[], cwd: string) => sh(['sh', '-e', '-c'], lines.join('\n'), cwd);

  it('runs check --format text in a Node 26 (LTS) image', () => {
    expect(job.image).toMatch(/^node:26-/);
    expect(job.script).toEqual(['node tools/image-tag-mirrors.js check --format text clusters/']);
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['image-tag-mirrors.json'] });
  });
  it('a clean repository: the job passes, the report is written', () => {
    const dir = repo('ci-repo');
    const r = run(job.script, dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('0 errors, 0 warnings in 5 files (2 HostedClusters, 1 mirror list, 1 function config)\n');
    expect(run(job.after_script!, dir).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'image-tag-mirrors.json'), 'utf8'))).toMatchObject({
      exitCode: 0,
      results: [],
    });
  });
  it('a broken mirror: the job fails (exit 1) with path:line:col; after_script still writes the JSON report', () => {
    const dir = repo('ci-repo-invalid');
    const r = run(job.script, dir);
    expect(r.status).toBe(1);
    expect(lines(r.stdout)[0]).toMatch(
      /^clusters\/west.yaml:17:7: error\[invalid-mirror\] HostedCluster clusters\/west /,
    );
    run(job.after_script!, dir);
    const report = JSON.parse(readFileSync(join(dir, 'image-tag-mirrors.json'), 'utf8')) as Json;
    expect(report.exitCode).toBe(1);
    expect(report.results[0]).toMatchObject({
      file: 'clusters/west.yaml',
      line: 17,
      column: 7,
      code: 'invalid-mirror',
    });
  });
  it('unreadable input: the job fails with exit 2', () => {
    const dir = repo('ci-repo');
    copyFileSync(join(ROOT, TD, 'unreadable/broken.yaml'), join(dir, 'clusters', 'broken.yaml'));
    expect(run(job.script, dir).status).toBe(2);
  });
});

describe('check: a committed registries.conf gzip-compressed (the bundle decompresses it)', () => {
  it('the same file once decompressed: stale, saying that only the encoding differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itm-gzip-'));
    try {
      cpSync(join(ROOT, TD, 'rendered'), dir, { recursive: true });
      const file = join(dir, 'clusters', 'east-image-tag-mirrors.yaml');
      const text = readFileSync(file, 'utf8');
      const m = /source: data:text\/plain;charset=utf-8;base64,([A-Za-z0-9+/=]+)\n/.exec(text)!;
      const gz = gzipSync(Buffer.from(m[1]!, 'base64')).toString('base64');
      writeFileSync(file, text.replace(m[0], `compression: gzip\n              source: data:;base64,${gz}\n`));
      const out = json([dir]);
      expect(out.exitCode).toBe(1);
      expect(out.results.map((r) => `${r.code} ${r.line}`)).toEqual(['stale-generated 29']);
      expect(out.results[0]!.message).toContain(
        'the registries.conf it writes is the same once decoded; the MachineConfig differs at spec.config.storage.files[0].contents.compression, spec.config.storage.files[0].contents.source: committed gzip-compressed in a "data:;base64," URL',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
