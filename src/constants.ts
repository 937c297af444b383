// Every name the function shares with the outside world, in one place.

export const FUNCTION_NAME = 'image-tag-mirrors';

export const RESOURCE_LIST_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'] as const;
export const RESOURCE_LIST_KIND = 'ResourceList';

export const HYPERSHIFT_GROUP = 'hypershift.openshift.io';
/** The HyperShift API versions the function reads; an item of another version is left alone. */
export const HYPERSHIFT_VERSIONS: readonly string[] = ['v1beta1', 'v1alpha1'];
export const HOSTED_CLUSTER_KIND = 'HostedCluster';
export const NODE_POOL_KIND = 'NodePool';

export const ITMS_API_VERSION = 'config.openshift.io/v1';
export const ITMS_KIND = 'ImageTagMirrorSet';
export const MACHINE_CONFIG_API_VERSION = 'machineconfiguration.openshift.io/v1';
export const MACHINE_CONFIG_KIND = 'MachineConfig';
export const MACHINE_CONFIG_ROLE_LABEL = 'machineconfiguration.openshift.io/role';
export const CONFIG_MAP_KIND = 'ConfigMap';
/** The key a NodePool's spec.config ConfigMap must hold its manifest under. */
export const CONFIG_MAP_DATA_KEY = 'config';
/** HyperShift rejects a NodePool with more spec.config entries than this. */
export const NODE_POOL_MAX_CONFIGS = 10;

/** The HostedCluster's pull secret (spec.pullSecret.name): a Secret whose data holds this key. */
export const SECRET_KIND = 'Secret';
export const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';

export const FN_CONFIG_API_VERSION = 'fn.image-tag-mirrors.dev/v1alpha1';
export const FN_CONFIG_KIND = 'ImageTagMirrors';

/** Set on every object we generate: it is how we find, update and prune them. */
export const OWNER_ANNOTATION = 'image-tag-mirrors.dev/hosted-cluster';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

export const ANNOTATION = {
  path: 'internal.config.kubernetes.io/path',
  index: 'internal.config.kubernetes.io/index',
  legacyPath: 'config.kubernetes.io/path',
  legacyIndex: 'config.kubernetes.io/index',
  localConfig: 'config.kubernetes.io/local-config',
  function: 'config.kubernetes.io/function',
  /**
   * kpt numbers every item of the package (0, 1, ...) with this one when a step or an eval
   * selects part of it (selectors, exclusions, --match-*), to merge the output back; without a
   * selection it is not there (kpt internal/fnruntime, SetResourceIds/MergeWithInput).
   */
  kptResourceId: 'internal.config.k8s.io/kpt-resource-id',
  /** kpt fn render sets it on every item (the package's folder); kpt fn eval and kustomize do not. */
  packagePath: 'internal.config.kubernetes.io/package-path',
} as const;

export const POLICY = {
  allow: 'AllowContactingSource',
  never: 'NeverContactSource',
} as const;
export const POLICIES: readonly string[] = [POLICY.allow, POLICY.never];

/** The first OpenShift minor that has ImageTagMirrorSet (seed document). */
export const MIN_VERSION = { major: 4, minor: 21 } as const;

export const REGISTRIES_CONF_PATH = '/etc/containers/registries.conf';
/** Ignition spec version HyperShift uses for its own core ignition configs. */
export const IGNITION_VERSION = '3.2.0';
/**
 * The role of our MachineConfig. HyperShift sets role=worker on every MachineConfig of a
 * NodePool's spec.config (nodepool/config.go), whatever it carried.
 */
export const MACHINE_CONFIG_ROLE = 'worker';
/**
 * The pools HyperShift renders NodePool ignition with (control-plane-operator mcs/reconcile.go:
 * `master`, served to the nodes, selecting role=worker; and `worker`). MCO writes its own
 * registries.conf in 99-<pool>-generated-registries for each: ours must sort after all of them.
 */
export const HYPERSHIFT_POOLS: readonly string[] = ['master', 'worker'];
export const mcoRegistriesMachineConfig = (pool: string) => `99-${pool}-generated-registries`;

/** The objects the function can generate for a cluster; the ConfigMap is what the nodes get. */
export const GENERATED_KINDS = [ITMS_KIND, CONFIG_MAP_KIND] as const;
export type GeneratedKind = (typeof GENERATED_KINDS)[number];

export const names = {
  /** Cluster scoped: with namespacedNames, the namespace makes it unique across namespaces. */
  imageTagMirrorSet: (cluster: string, namespace?: string) =>
    namespace ? `${namespace}-${cluster}-image-tag-mirrors` : `${cluster}-image-tag-mirrors`,
  configMap: (cluster: string) => `${cluster}-image-tag-mirrors`,
  // Sorts after MCO's own 99-<pool>-generated-registries ("i" > "g"), so our file wins the merge.
  machineConfig: (cluster: string) => `99-${MACHINE_CONFIG_ROLE}-image-tag-mirrors-${cluster}`,
  file: (cluster: string) => `${cluster}-image-tag-mirrors.yaml`,
};

/**
 * Every result code, reported in `tags.code` by the function, `check` and `explain`; the
 * README documents each. To add one: a key here, a row in the README's results table, and a
 * test that makes it appear.
 */
export const CODE = {
  // The mirror lists of a HostedCluster (validate/)
  invalidType: 'invalid-type',
  unknownField: 'unknown-field',
  emptySource: 'empty-source',
  invalidSource: 'invalid-source',
  duplicateSource: 'duplicate-source',
  invalidPolicy: 'invalid-policy',
  noMirrors: 'no-mirrors',
  invalidMirror: 'invalid-mirror',
  duplicateMirror: 'duplicate-mirror',
  mirrorIsSource: 'mirror-is-source',
  blockedSourceIsMirror: 'blocked-source-is-mirror',
  conflictingPolicy: 'conflicting-policy',
  unsupportedVersion: 'unsupported-version',
  unknownVersion: 'unknown-version',
  icsInvalidSource: 'ics-invalid-source',
  icsInvalidMirror: 'ics-invalid-mirror',
  icsQuirk: 'ics-quirk',
  invalidReleaseImage: 'invalid-release-image',
  mirrorReferenceTooLong: 'mirror-reference-too-long',
  // The Image config of a HostedCluster (spec.configuration.image.registrySources) and what MCO
  // makes of it with the mirror lists (validate/image-config*.ts)
  imageConfigInvalidScope: 'image-config-invalid-scope',
  imageConfigTooManyScopes: 'image-config-too-many-scopes',
  imageConfigAllowedAndBlocked: 'image-config-allowed-and-blocked',
  imageConfigDuplicateScope: 'image-config-duplicate-scope',
  imageConfigSearchRegistryInvalid: 'image-config-search-registry-invalid',
  imageConfigSearchRegistryDuplicate: 'image-config-search-registry-duplicate',
  imageConfigSearchRegistriesEmpty: 'image-config-search-registries-empty',
  imageConfigScopeInWildcardSource: 'image-config-scope-in-wildcard-source',
  imageConfigMcoRefuses: 'image-config-mco-refuses',
  imageConfigTooLarge: 'image-config-too-large',
  imageConfigUnknownRelease: 'image-config-unknown-release',
  imageConfigBlockedPayloadDropped: 'image-config-blocked-payload-dropped',
  imageConfigBlockedPayloadKept: 'image-config-blocked-payload-kept',
  imageConfigBlockedDiscarded: 'image-config-blocked-discarded',
  imageConfigPolicyRejectsByDefault: 'image-config-policy-rejects-by-default',
  imageConfigPayloadNotAllowed: 'image-config-payload-not-allowed',
  imageConfigScopeInheritsOuterMirrors: 'image-config-scope-inherits-outer-mirrors',
  imageConfigScopeUnblocksSource: 'image-config-scope-unblocks-source',
  imageConfigInsecureScopeMissesPort: 'image-config-insecure-scope-misses-port',
  mirrorInBlockedScope: 'mirror-in-blocked-scope',
  allLocationsBlocked: 'all-locations-blocked',
  sourceRejectedByPolicy: 'source-rejected-by-policy',
  sourcePartlyRejectedByPolicy: 'source-partly-rejected-by-policy',
  nodePoolReleasePayload: 'node-pool-release-payload',
  // The input itself: YAML that does not parse (function, check, explain); a path that cannot
  // be read (check, explain)
  invalidYaml: 'invalid-yaml',
  unreadable: 'unreadable',
  // The function config, and the objects the function generates and wires (function/)
  invalidConfig: 'invalid-config',
  nameCollision: 'name-collision',
  nameTaken: 'name-taken',
  duplicateGenerated: 'duplicate-generated',
  orphanedGenerated: 'orphaned-generated',
  outOfSight: 'out-of-sight',
  duplicateConfigEntry: 'duplicate-config-entry',
  nodePoolConfigLimit: 'node-pool-config-limit',
  nodePoolWiring: 'node-pool-wiring',
  unsupportedApiVersion: 'unsupported-api-version',
  // An item the function must edit (a NodePool's spec.config, the config's HostedCluster)
  // written so that no edit of its text leaves the rest as it was (spec an alias, an anchor
  // repeated elsewhere)
  cannotEdit: 'cannot-edit',
  // check: the committed files against what the function would render from them (check/stale.ts)
  staleGenerated: 'stale-generated',
  missingGenerated: 'missing-generated',
  nodePoolNotWired: 'node-pool-not-wired',
  nodePoolStale: 'node-pool-stale',
  notRendered: 'not-rendered',
  renderSkipped: 'render-skipped',
  notKrm: 'not-krm',
  // The pull secret against the mirrors, without any network (check, function)
  mirrorWithoutCredentials: 'mirror-without-credentials',
  invalidPullSecret: 'invalid-pull-secret',
} as const;
export type Code = (typeof CODE)[keyof typeof CODE];

/**
 * Exit codes of every mode: 0 no errors (warnings allowed), 1 errors found, 2 a usage error
 * or input that cannot be read (check and explain; 2 wins over 1).
 */
export const EXIT = { clean: 0, errors: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
