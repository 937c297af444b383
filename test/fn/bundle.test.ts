// The bundle is what users and the container image run: one file, node only.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unitsOf } from '../../scripts/build.mjs';
import { FN, ROOT } from '../helpers/run-fn.js';

const bundle = readFileSync(FN, 'utf8');

describe('dist/fn.js', () => {
  it('is one executable file with a node shebang', () => {
    expect(bundle.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(FN).mode & 0o111).not.toBe(0);
  });

  // The units (fn/units.ts) are JSON strings in the file: their quotes are escaped.
  const units = unitsOf(bundle);
  const code = [bundle, ...Object.values(units)];

  it('holds its code in units: the function, the commands and yaml', () => {
    expect(Object.keys(units).sort()).toEqual(['commands', 'main', 'yaml']);
    for (const source of Object.values(units)) expect(source).toMatch(/^\(function\(exports,require,module,/);
  });

  it('requires nothing but node built-ins and its own units (no node_modules at run time)', () => {
    const required = code.flatMap((text) => [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect(required.length).toBeGreaterThan(5);
    // ajv's runtime helpers hold `require("ajv/dist/runtime/...")` as text for its standalone
    // mode; it is never called here (the run below with a function config proves it).
    const external = required.filter(
      (m) =>
        !m.startsWith('node:') &&
        !BUILTINS.has(m) &&
        !m.startsWith('ajv/dist/runtime/') &&
        !(m.startsWith('unit:') && m.slice('unit:'.length) in units),
    );
    expect(external).toEqual([]);
  });

  it('carries no ajv compiler: the config validator is ajv standalone code', () => {
    expect(code.join('\n')).not.toMatch(/strictSchema|json-schema-traverse|fast-uri/);
  });

  it('does not carry @kubernetes/client-node (types only)', () => {
    expect(bundle).not.toMatch(/client-node|KubeConfig|CoreV1Api/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'itm-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['--version'],
    ['probe', '--help'],
    ['registries-conf', '--help'],
    ['explain', '--help'],
    ['check', '--help'],
  ])('runs alone: %s (its unit compiled from the copied file)', (...args) => {
    const alone = join(dir, 'fn.js');
    copyFileSync(FN, alone);
    const r = spawnSync(alone, args, { cwd: dir, env: { PATH: dirname(process.execPath) }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^(image-tag-mirrors \d|usage: image-tag-mirrors )/);
  });
  it('a unit of another build in the file (replaced while it ran): one line, exit 1', () => {
    const changed = join(dir, 'changed.js');
    writeFileSync(changed, bundle.replace(/^(@image-tag-mirrors-unit commands )[0-9a-f]+ /m, '$10123456789abcdef '), {
      mode: 0o755,
    });
    const r = spawnSync(changed, ['check', '--help'], {
      cwd: dir,
      env: { PATH: dirname(process.execPath) },
      encoding: 'utf8',
    });
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(
      `image-tag-mirrors: internal error: ${changed} changed while it ran (its commands code is not there): run it again\n`,
    );
  });
  it('runs alone: copied into an empty folder, with only node on PATH and no environment', () => {
    const alone = join(dir, 'fn.js');
    copyFileSync(FN, alone);
    // seed: no function config; generator: a typed config, so ajv runs too.
    for (const name of ['seed', 'generator']) {
      const input = readFileSync(join(ROOT, `testdata/function/${name}/input.yaml`));
      const r = spawnSync(alone, [], { input, cwd: dir, env: { PATH: dirname(process.execPath) }, encoding: 'utf8' });
      // Generator mode tells the user to wire the NodePools (kustomize shows only stderr).
      expect(r.stderr.replace(/^image-tag-mirrors: (info\[node-pool-wiring\] .*|1 info\(s\))\n/gm, '')).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(readFileSync(join(ROOT, `testdata/function/${name}/expected.yaml`), 'utf8'));
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  it('builds the bundle with the same npm script the tests use', () => {
    expect(stages[0]).toMatch(/^RUN npm ci\b/m);
    expect(stages[0]).toMatch(/^RUN npm run build\b/m);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build).toBe('node scripts/build.mjs');
  });
  it('ships dist/fn.js with its notices and licence, runs it with node as a non-root user, needs no shell', () => {
    const last = stages[stages.length - 1]!;
    expect(last).toMatch(/^gcr\.io\/distroless\/nodejs\d+-debian13:nonroot$/m);
    // a container's compile cache would be lost with it: not written
    expect(last).toMatch(/^ENV NODE_DISABLE_COMPILE_CACHE=1$/m);
    expect([...last.matchAll(/^COPY .*$/gm)].map((m) => m[0])).toEqual([
      'COPY --from=build /src/dist/fn.js /src/dist/THIRD_PARTY_NOTICES.txt /fn/',
      'COPY LICENSE /fn/LICENSE',
    ]);
    expect(last).toMatch(/^USER nonroot$/m);
    expect(last).toMatch(/^ENTRYPOINT \["\/nodejs\/bin\/node", "\/fn\/fn.js"\]$/m);
    expect(last).not.toMatch(/^RUN /m);
  });
  it('builds on the Node.js line it runs on, an LTS line within engines, as the Argo CD sidecar', () => {
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    const build = /^node:(\d+)-/.exec(stages[0]!)?.[1];
    expect(/nodejs(\d+)-/.exec(stages[stages.length - 1]!)?.[1]).toBe(build);
    expect(Number(build)).toBeGreaterThanOrEqual(Number(/^>=(\d+)$/.exec(engines)?.[1]));
    expect(Number(build) % 2, 'odd majors never become LTS').toBe(0);
    const sidecar = readFileSync(join(ROOT, 'examples/argocd/Dockerfile'), 'utf8');
    expect(sidecar).toMatch(new RegExp(`^FROM node:${build}-`, 'm'));
  });
  it('copies every source folder the build reads', () => {
    const copied = [...stages[0]!.matchAll(/^COPY (.*) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(copied.sort()).toEqual([
      'fn',
      'package-lock.json',
      'package.json',
      'scripts',
      'src',
      'tools',
      'tsconfig.json',
    ]);
  });
  it('metadata.yaml names the image and the example package', () => {
    const meta = parse(readFileSync(join(ROOT, 'metadata.yaml'), 'utf8'));
    expect(meta.image).toMatch(/image-tag-mirrors$/);
    expect(meta.examplePackageURLs[0]).toMatch(/examples\/kpt-package$/);
  });
});

const BUILTINS = new Set([
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'events',
  'fs',
  'os',
  'path',
  'process',
  'stream',
  'string_decoder',
  'tty',
  'url',
  'util',
  'zlib',
]);
