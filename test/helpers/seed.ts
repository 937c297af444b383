// The imageTagMirrorSet of the feature documentation's example HostedCluster: the one the
// repository's root kpt package (clusters/) holds, and the validation tests' valid case.
export const SEED_MIRRORS = [
  { source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] },
  {
    source: 'registry.redhat.io/ubi8',
    mirrors: ['mirror.example.com/ubi8', 'backup.mirror.com/ubi8'],
    mirrorSourcePolicy: 'AllowContactingSource',
  },
  {
    source: 'docker.io/library',
    mirrors: ['internal.registry.com/docker-library'],
    mirrorSourcePolicy: 'NeverContactSource',
  },
];
