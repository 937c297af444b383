// registries.conf files containers/image refuses, and near misses it accepts: the table of
// test/registries/parse.test.ts (our reader) and test/e2e/registries-conf-skopeo.test.ts (skopeo
// must refuse and accept the same files). `refused` is a piece of containers/image's message
// (pkg/sysregistriesv2 and BurntSushi/toml, as skopeo prints it).

export interface ConfCase {
  name: string;
  text: string;
  /** A piece of containers/image's error; absent: the file is accepted. */
  refused?: string;
  /**
   * Our TOML parser (smol-toml, TOML 1.0) refuses the file where BurntSushi/toml is more lenient
   * (v1.2.0 of skopeo 1.9.3 here, and v1.4.0, v1.5.0 of CRI-O 1.34 / OpenShift 4.21, v1.6.0
   * alike): explain says it cannot tell. skopeo accepts it unless `refused` says otherwise.
   */
  cannotTell?: true;
  /**
   * Version-dependent: accepted by the BurntSushi/toml of the nodes (v1.5.0, CRI-O 1.34 /
   * OpenShift 4.21) and by us, refused by BurntSushi before v1.3.0 (skopeo 1.9.3 here) with this.
   */
  refusedBeforeToml13?: string;
}

const MCO_HEAD =
  'unqualified-search-registries = ["registry.access.redhat.com", "docker.io"]\nshort-name-mode = ""\nadditional-layer-store-auth-helper = ""\n\n';

const reg = (body: string) => `[[registry]]\n  prefix = ""\n${body}`;
const mirror = (body: string) => `\n  [[registry.mirror]]\n${body}`;
const TOML_REG =
  '[[registry]]\nlocation = "quay.io/openshift"\n[[registry.mirror]]\nlocation = "mirror.example.com/openshift"\n';

export const CONF_CASES: readonly ConfCase[] = [
  // ---- refused ------------------------------------------------------------------------------
  {
    name: 'mirror-by-digest-only with a mirror pull-from-mirror',
    text:
      MCO_HEAD +
      reg('  location = "quay.io/openshift"\n  mirror-by-digest-only = true\n') +
      mirror('    location = "mirror.example.com/openshift"\n    pull-from-mirror = "tag-only"\n'),
    refused:
      'cannot set mirror usage mirror-by-digest-only for the registry ("quay.io/openshift") and pull-from-mirror for per-mirror ("mirror.example.com/openshift") at the same time',
  },
  {
    name: 'mirror-by-digest-only with pull-from-mirror = "all"',
    text:
      reg('  location = "quay.io/a"\n  mirror-by-digest-only = true\n') +
      mirror('    location = "m.example.com/a"\n    pull-from-mirror = "all"\n'),
    refused: 'cannot set mirror usage mirror-by-digest-only',
  },
  {
    name: 'a key twice in a [[registry]]',
    text:
      MCO_HEAD +
      reg('  location = "quay.io/other"\n  location = "quay.io/openshift"\n') +
      mirror('    location = "mirror.example.com/openshift"\n'),
    refused: `Key 'registry.location' has already been defined`,
  },
  {
    name: 'a key twice in a [[registry.mirror]]',
    text:
      reg('  location = "quay.io/a"\n') +
      mirror('    location = "m.example.com/a"\n    insecure = true\n    insecure = true\n'),
    refused: 'has already been defined',
  },
  {
    name: 'a top-level key twice',
    text: 'short-name-mode = ""\nshort-name-mode = ""\n',
    refused: 'has already been defined',
  },
  {
    name: 'a table twice',
    text: '[aliases]\n"app" = "quay.io/a/app"\n[aliases]\n',
    refused: 'has already been defined',
  },
  {
    name: '[registry] after [[registry]]',
    text: reg('  location = "quay.io/a"\n') + '[registry]\n',
    refused: 'toml: ',
  },
  {
    name: 'one location twice with a different blocked',
    text:
      MCO_HEAD +
      reg('  location = "quay.io/openshift"\n') +
      mirror('    location = "mirror.example.com/openshift"\n') +
      '\n' +
      reg('  location = "quay.io/openshift"\n  blocked = true\n'),
    refused: `registry 'quay.io/openshift' is defined multiple times with conflicting 'blocked' setting`,
  },
  {
    name: 'one location under two prefixes with a different insecure',
    text:
      '[[registry]]\n  prefix = "quay.io/a"\n  location = "quay.io/a"\n  insecure = true\n' +
      '[[registry]]\n  prefix = "quay.io/b"\n  location = "quay.io/a"\n',
    refused: `registry 'quay.io/a' is defined multiple times with conflicting 'insecure' setting`,
  },
  {
    name: 'one location twice, the second with a trailing slash and a different blocked',
    text: reg('  location = "quay.io/a"\n') + reg('  location = "quay.io/a/"\n  blocked = true\n'),
    refused: `conflicting 'blocked' setting`,
  },
  {
    name: 'blocked as a string',
    text: reg('  location = "quay.io/a"\n  blocked = "true"\n'),
    refused: 'incompatible types',
  },
  { name: 'location as an integer', text: reg('  location = 5\n'), refused: 'incompatible types' },
  {
    name: 'mirror as a string',
    text: reg('  location = "quay.io/a"\n  mirror = "m.example.com/a"\n'),
    refused: 'incompatible types',
  },
  { name: 'registry as one table', text: '[registry]\n  location = "quay.io/a"\n', refused: 'incompatible types' },
  {
    name: 'unqualified-search-registries as a string',
    text: 'unqualified-search-registries = "docker.io"\n',
    refused: 'incompatible types',
  },
  {
    name: 'a search registry of another type',
    text: 'unqualified-search-registries = ["docker.io", 1]\n',
    refused: 'toml: ',
  },
  { name: 'an unterminated string', text: reg('  location = "quay.io/a\n'), refused: 'toml: ' },
  { name: 'a value missing', text: reg('  location =\n'), refused: 'toml: ' },
  {
    name: 'neither location nor prefix',
    text: '[[registry]]\n  blocked = true\n',
    refused: 'invalid condition: both location and prefix are unset',
  },
  {
    name: 'a prefix without location that is no wildcard',
    text: '[[registry]]\n  prefix = "quay.io/a"\n',
    refused: 'invalid condition: location is unset and prefix is not in the format: *.example.com',
  },
  {
    name: 'a location with a scheme',
    text: reg('  location = "https://quay.io/a"\n'),
    refused: `invalid location 'https://quay.io/a': URI schemes are not supported`,
  },
  {
    name: 'a mirror with a scheme',
    text: reg('  location = "quay.io/a"\n') + mirror('    location = "http://m.example.com/a"\n'),
    refused: 'URI schemes are not supported',
  },
  {
    name: 'pull-from-mirror on the registry',
    text: reg('  location = "quay.io/a"\n  pull-from-mirror = "tag-only"\n'),
    refused: 'pull-from-mirror must not be set for a non-mirror registry "quay.io/a"',
  },
  {
    name: 'a mirror without location',
    text: reg('  location = "quay.io/a"\n') + mirror('    insecure = true\n'),
    refused: 'invalid condition: mirror location is unset',
  },
  {
    name: 'a mirror location of only "/"',
    text: reg('  location = "quay.io/a"\n') + mirror('    location = "/"\n'),
    refused: 'invalid condition: mirror location is unset',
  },
  {
    name: 'an unknown pull-from-mirror',
    text:
      reg('  location = "quay.io/a"\n') +
      mirror('    location = "m.example.com/a"\n    pull-from-mirror = "Tag-Only"\n'),
    refused: 'unsupported pull-from-mirror value "Tag-Only" for mirror "m.example.com/a"',
  },
  {
    name: 'a search registry with a path',
    text: 'unqualified-search-registries = ["quay.io/a"]\n',
    refused: 'Invalid unqualified-search-registries entry "quay.io/a"',
  },
  {
    name: 'an unknown short-name-mode',
    text: 'short-name-mode = "sometimes"\n',
    refused: 'invalid short-name mode: "sometimes"',
  },
  {
    name: 'a wildcard prefix with a path',
    text: '[[registry]]\n  prefix = "*.example.com/a"\n  location = "m.example.com/a"\n',
    refused:
      'Wildcarded prefix should be in the format: *.example.com. Current prefix "*.example.com/a" is incorrectly formatted',
  },
  {
    name: 'v1 and v2 mixed',
    text: '[registries.search]\nregistries = ["docker.io"]\n\n' + reg('  location = "quay.io/a"\n'),
    refused: 'mixing sysregistry v1/v2 is not supported',
  },
  {
    name: 'v1 with a scheme',
    text: '[registries.block]\nregistries = ["https://quay.io"]\n',
    refused: 'URI schemes are not supported',
  },
  {
    name: 'an alias with a registry as its name',
    text: '[aliases]\n"quay.io/app" = "quay.io/a/app"\n',
    refused: 'must not contain registry',
  },
  { name: 'an alias to a tag', text: '[aliases]\n"app" = "quay.io/a/app:v1"\n', refused: 'must not contain tag' },
  {
    name: 'an alias to a name without registry',
    text: '[aliases]\n"app" = "a/app"\n',
    refused: 'must contain registry and repository',
  },

  // ---- accepted: near misses ----------------------------------------------------------------
  { name: 'an empty file', text: '' },
  {
    name: "MCO's own render",
    text:
      MCO_HEAD +
      reg('  location = "quay.io/openshift"\n') +
      mirror('    location = "mirror.example.com/openshift"\n    pull-from-mirror = "tag-only"\n'),
  },
  {
    name: 'mirror-by-digest-only with mirrors that say nothing',
    text:
      reg('  location = "quay.io/a"\n  mirror-by-digest-only = true\n') + mirror('    location = "m.example.com/a"\n'),
  },
  {
    name: 'mirror-by-digest-only with pull-from-mirror = ""',
    text:
      reg('  location = "quay.io/a"\n  mirror-by-digest-only = true\n') +
      mirror('    location = "m.example.com/a"\n    pull-from-mirror = ""\n'),
  },
  {
    name: 'mirror-by-digest-only = false with pull-from-mirror',
    text:
      reg('  location = "quay.io/a"\n  mirror-by-digest-only = false\n') +
      mirror('    location = "m.example.com/a"\n    pull-from-mirror = "digest-only"\n'),
  },
  {
    name: 'one location twice with the same settings',
    text: reg('  location = "quay.io/a"\n  blocked = true\n') + reg('  location = "quay.io/a"\n  blocked = true\n'),
  },
  {
    name: 'one location under two prefixes with the same settings',
    text: '[[registry]]\n  prefix = "quay.io/a"\n  location = "quay.io/a"\n[[registry]]\n  prefix = "quay.io/b"\n  location = "quay.io/a"\n',
  },
  {
    name: 'the same key in two [[registry]] tables',
    text: reg('  location = "quay.io/a"\n') + reg('  location = "quay.io/b"\n'),
  },
  {
    name: 'keys containers/image does not know, of any type',
    text:
      'color = "red"\nsize = 3\nwhen = 1979-05-27T07:32:00Z\n[extra]\nx = { y = 1 }\n' +
      reg('  location = "quay.io/a"\n  weight = 1.5\n') +
      mirror('    location = "m.example.com/a"\n    note = ["a", 1]\n'),
  },
  {
    name: 'keys in another case',
    text: '[[Registry]]\n  Location = "quay.io/a"\n  BLOCKED = true\n  [[Registry.Mirror]]\n    LOCATION = "m.example.com/a"\n',
  },
  {
    name: 'locations with a trailing slash',
    text: reg('  location = "quay.io/a/"\n') + mirror('    location = "m.example.com/a/"\n'),
  },
  {
    name: 'inline tables and a multi-line array',
    text: 'unqualified-search-registries = [\n  "docker.io",\n]\nregistry = [{ location = "quay.io/a", mirror = [{ location = "m.example.com/a" }] }]\n',
  },
  { name: 'a wildcard prefix without location', text: '[[registry]]\n  prefix = "*.example.com"\n  blocked = true\n' },
  {
    name: 'v1 alone',
    text: '[registries.search]\nregistries = ["docker.io"]\n[registries.block]\nregistries = ["quay.io/a"]\n[registries.insecure]\nregistries = ["quay.io/b/"]\n',
  },
  { name: 'an empty [registries] table beside v2', text: '[registries]\n' + reg('  location = "quay.io/a"\n') },
  {
    name: 'valid aliases and short-name-mode',
    text: 'short-name-mode = "enforcing"\n[aliases]\n"app" = "quay.io/a/app"\n"other" = ""\n',
  },
  { name: 'credential-helpers', text: 'credential-helpers = ["containers-auth.json"]\n' },
  { name: 'a search registry with a trailing slash', text: 'unqualified-search-registries = ["docker.io/"]\n' },

  // ---- TOML (BurntSushi/toml, checked against v1.2.0, v1.4.0, v1.5.0 and v1.6.0) -------------
  {
    name: 'arrays nested 1000 deep under an unknown key',
    text: `x = ${'['.repeat(1000)}${']'.repeat(1000)}\n` + TOML_REG,
  },
  { name: 'a [a.b] header, then [a]', text: '[a.b]\nc = 1\n[a]\nd = 2\n' + TOML_REG },
  { name: 'a [a] header twice', text: '[a]\n[a]\n' + TOML_REG, refused: "Key 'a' has already been defined." },
  { name: 'two UTF-8 BOMs', text: '\ufeff\ufeff' + TOML_REG, refused: 'toml: line 1:' },
  { name: 'a.b = 1, then [a]', text: 'a.b = 1\n[a]\n' + TOML_REG, cannotTell: true },
  { name: 'a.b.c = 1, then [a.b]', text: 'a.b.c = 1\n[a.b]\nd = 2\n' + TOML_REG, cannotTell: true },
  { name: '[a] with b.c = 1, then [a.b]', text: '[a]\nb.c = 1\n[a.b]\n' + TOML_REG, cannotTell: true },
  { name: 'an inline table a, then [a.c]', text: 'a = {b = 1}\n[a.c]\n' + TOML_REG, cannotTell: true },
  {
    name: 'arrays nested 1001 deep under an unknown key',
    text: `x = ${'['.repeat(1001)}${']'.repeat(1001)}\n` + TOML_REG,
    cannotTell: true,
  },
  {
    name: 'inline tables nested 5000 deep under an unknown key',
    text: `x = ${'{a='.repeat(5000)}1${'}'.repeat(5000)}\n` + TOML_REG,
    cannotTell: true,
  },
  {
    // BurntSushi accepts the header and refuses the key after it; smol-toml stops at the header.
    name: 'a.b = 1, then b again under [a]',
    text: 'a.b = 1\n[a]\nb = 2\n' + TOML_REG,
    refused: "Key 'a.b' has already been defined.",
    cannotTell: true,
  },
  { name: 'a UTF-8 BOM', text: '\ufeff' + TOML_REG, refusedBeforeToml13: "expected '.' or '='" },
];
