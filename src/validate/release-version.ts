// Reads the OpenShift version from a release image reference.

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/**
 * "quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64" -> 4.21.0. Nightlies
 * ("4.21.0-0.nightly-2025-...") and pre-releases ("4.22.0-ec.1-multi") read as their
 * x.y.z: a 4.21 pre-release is 4.21. Undefined when pinned by digest or the tag is no version.
 */
export function releaseVersion(image: string): Version | undefined {
  if (image.includes('@')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  if (colon < 0) return undefined;
  const m = /^v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(?:[-+_.].*)?$/.exec(image.slice(colon + 1, colon + 200));
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** "4.21.0" or "4.21" as typed in a function config. */
export function parseVersion(s: string): Version | undefined {
  const m = /^v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(?:[-+].*)?$/.exec(s.slice(0, 200));
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : undefined;
}

export const atLeast = (v: Version, min: { major: number; minor: number }) =>
  v.major > min.major || (v.major === min.major && v.minor >= min.minor);

export const formatVersion = (v: Version) => `${v.major}.${v.minor}.${v.patch}`;
