// packageFolder: new files go beside the HostedCluster's file, never outside the package.
import { describe, expect, it } from 'vitest';
import { packageFolder } from '../../src/generate/objects.js';

describe('packageFolder', () => {
  const TABLE: [string, string][] = [
    ['hc.yaml', ''],
    ['clusters/hc.yaml', 'clusters/'],
    ['a/b/c/hc.yaml', 'a/b/c/'],
    ['./clusters/hc.yaml', 'clusters/'],
    ['a//b/hc.yaml', 'a/b/'],
    ['a/../b/hc.yaml', 'b/'],
    ['a/b/../../hc.yaml', ''],
    // outside the package: the root instead
    ['/etc/hc.yaml', ''],
    ['../hc.yaml', ''],
    ['../../etc/hc.yaml', ''],
    ['a/../../hc.yaml', ''],
    ['a\\..\\..\\hc.yaml', ''],
  ];
  it.each(TABLE)('%s -> "%s"', (path, folder) => {
    expect(packageFolder(path)).toBe(folder);
  });
});
