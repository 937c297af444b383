// The version a user sees: `--version` of the bundle, the `version` of check's JSON report, and
// src/version.ts under the unit tests, all package.json's version (the build and
// vitest.config.mts define it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { ROOT, runFn } from '../helpers/run-fn.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

describe('version', () => {
  it('package.json has a release version', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });
  it('--version prints the name and package.json version, exit 0', () => {
    expect(runFn('', ['--version'])).toEqual({ stdout: `${pkg.name} ${pkg.version}\n`, stderr: '', status: 0 });
  });
  it('--help lists --version', () => {
    expect(runFn('', ['--help']).stdout).toMatch(/^ {2}image-tag-mirrors --version\n {6}print the version$/m);
  });
  it("check's JSON report carries it", () => {
    const r = runFn('', ['check', '--format', 'json', 'testdata/check/valid']);
    expect(JSON.parse(r.stdout)).toMatchObject({ tool: pkg.name, version: pkg.version });
  });
  it('the unit tests see the same version as the bundle', () => {
    expect(VERSION).toBe(pkg.version);
  });
});
