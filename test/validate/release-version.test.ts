import { describe, expect, it } from 'vitest';
import { MIN_VERSION } from '../../src/constants.js';
import {
  atLeast,
  formatVersion,
  parseVersion,
  releaseVersion,
  type Version,
} from '../../src/validate/release-version.js';

const v = (major: number, minor: number, patch = 0): Version => ({ major, minor, patch });

describe('releaseVersion(image)', () => {
  const TABLE: [string, Version | undefined][] = [
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.3-aarch64', v(4, 21, 3)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-multi', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:v4.21.0', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.20.15-x86_64', v(4, 20, 15)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-ec.1', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-ec.1-x86_64', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.22.0-ec.1-multi', v(4, 22, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-rc.3-x86_64', v(4, 21, 0)],
    ['registry.ci.openshift.org/ocp/release:4.21.0-0.nightly-2025-10-01-123456', v(4, 21, 0)],
    ['registry.ci.openshift.org/ocp/release:4.22.0-0.ci-2025-10-01-123456', v(4, 22, 0)],
    ['quay.io/okd/scos-release:4.21.0-okd-scos.ec.2', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0+build.5', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0_x86_64', v(4, 21, 0)],
    ['quay.io/openshift-release-dev/ocp-release:10.0.0', v(10, 0, 0)],
    ['localhost:5000/ocp/release:4.21.1', v(4, 21, 1)],
    ['registry.example.com:5000/ocp-release:4.21.0-x86_64', v(4, 21, 0)],
    ['ocp-release:4.21.0', v(4, 21, 0)],
    // not readable
    ['quay.io/openshift-release-dev/ocp-release@sha256:' + 'a'.repeat(64), undefined],
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64@sha256:' + 'a'.repeat(64), undefined],
    ['quay.io/openshift-release-dev/ocp-release', undefined],
    ['localhost:5000/ocp-release', undefined],
    ['quay.io/openshift-release-dev/ocp-release:latest', undefined],
    ['quay.io/openshift-release-dev/ocp-release:x86_64-4.21.0', undefined],
    ['quay.io/openshift-release-dev/ocp-release:4', undefined],
    ['quay.io/openshift-release-dev/ocp-release:421', undefined],
    ['quay.io/openshift-release-dev/ocp-release:4.', undefined],
    ['quay.io/openshift-release-dev/ocp-release:4.x', undefined],
    ['quay.io/openshift-release-dev/ocp-release:', undefined],
    ['quay.io/openshift-release-dev/ocp-release:V4.21.0', undefined],
    ['quay.io/openshift-release-dev/ocp-release:4.1234567.0', undefined],
    ['', undefined],
    ['4.21.0', undefined],
  ];
  it.each(TABLE)('%j -> %j', (image, expected) => {
    expect(releaseVersion(image)).toEqual(expected);
  });
  it('a huge tag returns (hang guard only)', () => {
    expect(releaseVersion('quay.io/r:4.21.0-' + 'x'.repeat(1_000_000))).toEqual(v(4, 21, 0));
    expect(releaseVersion('quay.io/r:' + '4.'.repeat(500_000))).toEqual(v(4, 4, 4));
    expect(releaseVersion('quay.io/r:' + '4'.repeat(1_000_000))).toBeUndefined();
    expect(releaseVersion('/'.repeat(1_000_000) + ':')).toBeUndefined();
  }, 2000);
});

describe('parseVersion(s)', () => {
  const TABLE: [string, Version | undefined][] = [
    ['4.21', v(4, 21, 0)],
    ['4.21.0', v(4, 21, 0)],
    ['4.21.7', v(4, 21, 7)],
    ['v4.21', v(4, 21, 0)],
    ['v4.21.0', v(4, 21, 0)],
    ['4.21.0-ec.1', v(4, 21, 0)],
    ['4.22.0-ec.1-multi', v(4, 22, 0)],
    ['4.21.0-0.nightly-2025-10-01-123456', v(4, 21, 0)],
    ['4.21.0+build', v(4, 21, 0)],
    ['4.20', v(4, 20, 0)],
    ['10.1.2', v(10, 1, 2)],
    ['4.21-rc.0', v(4, 21, 0)],
    ['4', undefined],
    ['4.', undefined],
    ['4.21.', undefined],
    ['4.x', undefined],
    ['4.21.x', undefined],
    ['4.21.0_x86_64', undefined],
    [' 4.21', undefined],
    ['4.21 ', undefined],
    ['V4.21', undefined],
    ['latest', undefined],
    ['', undefined],
    ['quay.io/ocp-release:4.21.0', undefined],
  ];
  it.each(TABLE)('%j -> %j', (s, expected) => {
    expect(parseVersion(s)).toEqual(expected);
  });
});

describe('atLeast(version, min)', () => {
  const TABLE: [Version, boolean][] = [
    [v(4, 21, 0), true],
    [v(4, 21, 99), true],
    [v(4, 22, 0), true],
    [v(4, 100, 0), true],
    [v(5, 0, 0), true],
    [v(10, 0, 0), true],
    [v(4, 20, 0), false],
    [v(4, 20, 999), false],
    [v(4, 2, 1), false],
    [v(3, 99, 0), false],
    [v(0, 0, 0), false],
  ];
  it.each(TABLE)('%j >= 4.21: %s', (version, expected) => {
    expect(atLeast(version, MIN_VERSION)).toBe(expected);
  });
  it('MIN_VERSION is 4.21 (seed document)', () => expect(MIN_VERSION).toEqual({ major: 4, minor: 21 }));
  it('other minimums', () => {
    expect(atLeast(v(4, 13, 0), { major: 4, minor: 13 })).toBe(true);
    expect(atLeast(v(4, 12, 9), { major: 4, minor: 13 })).toBe(false);
  });
});

describe('formatVersion', () => {
  it.each([
    [v(4, 21, 0), '4.21.0'],
    [v(4, 20, 15), '4.20.15'],
  ] as [Version, string][])('%j -> %s', (version, s) => expect(formatVersion(version)).toBe(s));
  it('round trip through parseVersion', () => {
    for (const s of ['4.21.0', '4.20.15', '10.0.3']) expect(formatVersion(parseVersion(s)!)).toBe(s);
  });
});
