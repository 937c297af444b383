// HostedCluster owners whose names a writer must take care with: YAML 1.1 words and numbers,
// long names, quotes, controls, non-ASCII, and line breaks (not names the function generates
// for, but the text must still be the generic writer's: literal blocks at their columns).
export const AWKWARD_OWNERS: readonly { name: string; namespace: string }[] = [
  { name: 'cluster-0', namespace: 'clusters' },
  { name: 'no', namespace: 'on' },
  { name: 'a', namespace: '' },
  { name: '0644', namespace: 'y' },
  { name: '1e3', namespace: 'null' },
  { name: 'x'.repeat(200), namespace: 'n'.repeat(63) },
  { name: 'x: y', namespace: ' #' },
  { name: "it's", namespace: 'say "hi"' },
  { name: 'tab\there', namespace: 'bell\u0007' },
  { name: 'ünï', namespace: 'ns' },
  { name: 'multi\nline', namespace: 'name\nspace\n' },
];
