// The Image config cases: each derived by reading MCO 7ff337a4 (container_runtime_config_controller.go
// RunImageBootstrap, registriesConfigIgnition; helpers.go getValidBlockedAndAllowedRegistries,
// payloadRepoHasUnblockedMirror, validateRegistriesConfScopes, updatePolicyJSON) and runtime-utils
// 7bdb5b9c (registries.go EditRegistriesConfig, ScopeIsNestedInsideScope,
// mirrorsAdjustedForNestedScope, IsValidRegistriesConfScope). `path` names the code path each case
// exercises. The expectations (registries.conf bytes, MCO's error, policy.json scopes, the search
// drop-in) were written from the code and then confirmed, every one, by MCO's own RunImageBootstrap
// (main 7ff337a4) run locally; `problems` are this project's results for the case.
// Read by test/registries/bootstrap.test.ts (MCO's rendering) and test/validate/image-config.test.ts.

export interface Spec {
  [key: string]: unknown;
  imageContentSources?: { source: string; mirrors: string[] }[];
  imageTagMirrorSet?: { source: string; mirrors: string[]; mirrorSourcePolicy?: string }[];
  configuration?: { image: { registrySources: Record<string, string[]> } };
  release?: { image: string };
}

export interface Expect {
  /** registries.conf; null: MCO writes none. */
  conf?: string | null;
  /** MCO's error (RunImageBootstrap's err.Error()). */
  error?: string;
  /** policy.json docker scopes and default; null: the template stays (no policy.json written). */
  policy?: { default: 'accept' | 'reject'; docker: Record<string, 'accept' | 'reject'> } | null;
  /** /etc/containers/registries.conf.d/01-image-searchRegistries.conf; null: none. */
  searchDropIn?: string | null;
  /** Result codes our validation gives (sorted, with severity), when stated. */
  problems?: string[];
}

export interface Case {
  name: string;
  path: string;
  spec: Spec;
  expect: Expect;
}

const HEADER =
  'unqualified-search-registries = ["registry.access.redhat.com", "docker.io"]\nshort-name-mode = ""\nadditional-layer-store-auth-helper = ""\n';

interface M {
  location: string;
  insecure?: boolean;
  pull: 'digest-only' | 'tag-only';
}
interface B {
  scope: string;
  insecure?: boolean;
  blocked?: boolean;
  mirrors?: M[];
}
const q = (s: string) => JSON.stringify(s);
/** Expected registries.conf text for blocks, written out as the Layout section of the reference says. */
export function conf(...blocks: B[]): string {
  let s = HEADER;
  for (const b of blocks) {
    const wild = b.scope.startsWith('*.');
    s += `\n[[registry]]\n  prefix = ${q(wild ? b.scope : '')}\n`;
    if (!wild) s += `  location = ${q(b.scope)}\n`;
    if (b.insecure) s += '  insecure = true\n';
    if (b.blocked) s += '  blocked = true\n';
    for (const m of b.mirrors ?? []) {
      s += `\n  [[registry.mirror]]\n    location = ${q(m.location)}\n`;
      if (m.insecure) s += '    insecure = true\n';
      s += `    pull-from-mirror = ${q(m.pull)}\n`;
    }
  }
  return s;
}
const tag = (location: string, insecure = false): M => ({
  location,
  pull: 'tag-only',
  ...(insecure ? { insecure } : {}),
});
const dig = (location: string, insecure = false): M => ({
  location,
  pull: 'digest-only',
  ...(insecure ? { insecure } : {}),
});
const rs = (registrySources: Record<string, string[]>) => ({ image: { registrySources } });

const PAYLOAD = 'quay.io/openshift-release-dev/ocp-release';
const DIGEST = 'sha256:' + '0123456789abcdef'.repeat(4);
const RELEASE_BY_DIGEST = { image: `${PAYLOAD}@${DIGEST}` };
const REG_ERR = 'could not update registries config with new changes: ';
const POL_ERR = 'could not update policy json with new changes: ';

export const CASES: Case[] = [
  {
    name: 'insecure only, no mirror sets',
    path: 'registriesConfigIgnition renders registries.conf when insecureRegs != nil even without IDMS/ITMS; getRegistryEntry appends',
    spec: { configuration: rs({ insecureRegistries: ['registry.lab:5000'] }) },
    expect: { conf: conf({ scope: 'registry.lab:5000', insecure: true }), policy: null, problems: [] },
  },
  {
    name: 'duplicate insecure entries',
    path: 'getRegistryEntry reuses the block of an equal scope: one block',
    spec: { configuration: rs({ insecureRegistries: ['a.example.com', 'b.example.com', 'a.example.com'] }) },
    expect: {
      conf: conf({ scope: 'a.example.com', insecure: true }, { scope: 'b.example.com', insecure: true }),
      problems: ['warning image-config-duplicate-scope'],
    },
  },
  {
    name: 'blocked only, no mirror sets',
    path: 'registriesBlocked != nil renders the file; updatePolicyJSON: default accept + reject per blocked scope',
    spec: { configuration: rs({ blockedRegistries: ['docker.io'] }) },
    expect: {
      conf: conf({ scope: 'docker.io', blocked: true }),
      policy: { default: 'accept', docker: { 'docker.io': 'reject' } },
    },
  },
  {
    name: 'allowed only, no mirror sets',
    path: 'allowedRegistries alone: no registries.conf (the gate ignores allowed); policy default reject + accept per scope',
    spec: { configuration: rs({ allowedRegistries: ['quay.io', 'registry.redhat.io'] }) },
    expect: {
      conf: null,
      policy: { default: 'reject', docker: { 'quay.io': 'accept', 'registry.redhat.io': 'accept' } },
    },
  },
  {
    name: 'insecure scope equal to a mirrored source',
    path: 'getRegistryEntry finds the ITMS block (registryScope == scope): flag on it, no new block',
    spec: {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['mirror.corp/acme'] }],
      configuration: rs({ insecureRegistries: ['quay.io/acme'] }),
    },
    expect: { conf: conf({ scope: 'quay.io/acme', insecure: true, mirrors: [tag('mirror.corp/acme')] }) },
  },
  {
    name: 'same scope blocked and insecure',
    path: 'blocked pre-pass appends it, the insecure loop finds it: one block with insecure and blocked, at the blocked position',
    spec: {
      configuration: rs({
        insecureRegistries: ['i.example.com', 'both.example.com'],
        blockedRegistries: ['both.example.com'],
      }),
    },
    expect: {
      conf: conf(
        { scope: 'both.example.com', insecure: true, blocked: true },
        { scope: 'i.example.com', insecure: true },
      ),
    },
  },
  {
    name: 'appended blocks keep list order',
    path: 'blocked scopes appended in list order, then insecure scopes in list order (no sorting)',
    spec: {
      configuration: rs({
        blockedRegistries: ['zz.example.com', 'aa.example.com'],
        insecureRegistries: ['yy.example.com', 'bb.example.com'],
      }),
    },
    expect: {
      conf: conf(
        { scope: 'zz.example.com', blocked: true },
        { scope: 'aa.example.com', blocked: true },
        { scope: 'yy.example.com', insecure: true },
        { scope: 'bb.example.com', insecure: true },
      ),
    },
  },
  {
    name: 'insecure host without port does not cover host:port',
    path: 'ScopeIsNestedInsideScope: only "/" continues a scope, "reg.lab:5000/acme" is not inside "reg.lab"',
    spec: {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['reg.lab:5000/acme'] }],
      configuration: rs({ insecureRegistries: ['reg.lab'] }),
    },
    expect: {
      conf: conf({ scope: 'quay.io/acme', mirrors: [tag('reg.lab:5000/acme')] }, { scope: 'reg.lab', insecure: true }),
      problems: ['warning image-config-insecure-scope-misses-port'],
    },
  },
  {
    name: 'insecure host:port covers its mirrors',
    path: 'ScopeIsNestedInsideScope prefix + "/": mirror flagged, block appended',
    spec: {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['reg.lab:5000/acme', 'other.lab/acme'] }],
      configuration: rs({ insecureRegistries: ['reg.lab:5000'] }),
    },
    expect: {
      conf: conf(
        { scope: 'quay.io/acme', mirrors: [tag('reg.lab:5000/acme', true), tag('other.lab/acme')] },
        { scope: 'reg.lab:5000', insecure: true },
      ),
    },
  },
  {
    name: 'insecure wildcard covers a mirror with a port',
    path: 'ScopeIsNestedInsideScope wildcard branch with ":": host before ":" ends with ".lab.example"',
    spec: {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['a.lab.example:5000/acme'] }],
      configuration: rs({ insecureRegistries: ['*.lab.example'] }),
    },
    expect: {
      conf: conf(
        { scope: 'quay.io/acme', mirrors: [tag('a.lab.example:5000/acme', true)] },
        { scope: '*.lab.example', insecure: true },
      ),
    },
  },
  {
    name: 'insecure wildcard does not cover the bare domain or a path',
    path: 'wildcard branch without ":": split on "/"; "lab.example" lacks ".lab.example"; "quay.io/x.lab.example" has host quay.io',
    spec: {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['lab.example/acme', 'quay.io/x.lab.example'] }],
      configuration: rs({ insecureRegistries: ['*.lab.example'] }),
    },
    expect: {
      conf: conf(
        { scope: 'quay.io/acme', mirrors: [tag('lab.example/acme'), tag('quay.io/x.lab.example')] },
        { scope: '*.lab.example', insecure: true },
      ),
    },
  },
  {
    name: 'blocked wildcard inside insecure wildcard',
    path: 'blocked pre-pass makes "*.b.example.com" exist before the insecure loop, so "*.example.com" flags it (registries.go:291-296)',
    spec: { configuration: rs({ blockedRegistries: ['*.b.example.com'], insecureRegistries: ['*.example.com'] }) },
    expect: {
      conf: conf(
        { scope: '*.b.example.com', insecure: true, blocked: true },
        { scope: '*.example.com', insecure: true },
      ),
    },
  },
  {
    name: 'insecure wildcard inside blocked wildcard',
    path: 'blocked loop runs after the insecure blocks exist: "*.i.b.com" gets blocked',
    spec: { configuration: rs({ blockedRegistries: ['*.b.com'], insecureRegistries: ['*.i.b.com'] }) },
    expect: {
      conf: conf({ scope: '*.b.com', blocked: true }, { scope: '*.i.b.com', insecure: true, blocked: true }),
      policy: { default: 'accept', docker: { '*.b.com': 'reject' } },
    },
  },
  {
    name: 'blocked scope containing the payload, release by tag',
    path: 'getValidBlockedAndAllowedRegistries: payload nested in "quay.io"; the temporary file has no mirror for a tag reference (digest-only mirrors skipped), so the scope is dropped from both files',
    spec: {
      imageContentSources: [{ source: 'quay.io/openshift-release-dev', mirrors: ['mirror.corp/ocp'] }],
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['mirror.corp/acme'] }],
      configuration: rs({ blockedRegistries: ['quay.io', 'docker.io'] }),
    },
    expect: {
      conf: conf(
        { scope: 'quay.io/openshift-release-dev', mirrors: [dig('mirror.corp/ocp')] },
        { scope: 'quay.io/acme', mirrors: [tag('mirror.corp/acme')] },
        { scope: 'docker.io', blocked: true },
      ),
      policy: { default: 'accept', docker: { 'docker.io': 'reject' } },
      problems: ['warning image-config-blocked-payload-dropped'],
    },
  },
  {
    name: 'blocked scope containing the payload, release by digest with a digest mirror',
    path: 'payloadRepoHasUnblockedMirror: the digest mirror is outside every blocked scope -> kept in registries.conf and policy (!= repo), repo added to allowed; updatePolicyJSON accepts allowed == [repo]',
    spec: {
      imageContentSources: [{ source: 'quay.io/openshift-release-dev', mirrors: ['mirror.corp/ocp'] }],
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['mirror.corp/acme'] }],
      configuration: rs({ blockedRegistries: ['quay.io'] }),
      release: RELEASE_BY_DIGEST,
    },
    expect: {
      conf: conf(
        { scope: 'quay.io/openshift-release-dev', blocked: true, mirrors: [dig('mirror.corp/ocp')] },
        { scope: 'quay.io/acme', blocked: true, mirrors: [tag('mirror.corp/acme')] },
        { scope: 'quay.io', blocked: true },
      ),
      policy: { default: 'accept', docker: { [PAYLOAD]: 'accept', 'quay.io': 'reject' } },
      problems: [
        'info image-config-blocked-payload-kept',
        'warning source-partly-rejected-by-policy',
        'warning source-rejected-by-policy',
        'warning unknown-version',
      ],
    },
  },
  {
    name: 'blocked scope equal to the payload repository',
    path: 'kept (digest mirror), not put into policyBlocked (== repo), repo added to allowed: updatePolicyJSON makes default reject with only the repo accepted',
    spec: {
      imageContentSources: [{ source: 'quay.io/openshift-release-dev', mirrors: ['mirror.corp/ocp'] }],
      configuration: rs({ blockedRegistries: [PAYLOAD] }),
      release: RELEASE_BY_DIGEST,
    },
    expect: {
      conf: conf(
        { scope: 'quay.io/openshift-release-dev', mirrors: [dig('mirror.corp/ocp')] },
        { scope: PAYLOAD, blocked: true, mirrors: [dig('mirror.corp/ocp/ocp-release')] },
      ),
      policy: { default: 'reject', docker: { [PAYLOAD]: 'accept' } },
      problems: [
        'info image-config-blocked-payload-kept',
        'warning image-config-policy-rejects-by-default',
        'warning source-partly-rejected-by-policy',
      ],
    },
  },
  {
    name: 'two kept blocked scopes containing the payload',
    path: 'allowed gets the repo once per kept scope: len(allowed) == 2 -> updatePolicyJSON "only one of" error, no MachineConfig',
    spec: {
      imageContentSources: [{ source: 'quay.io/openshift-release-dev', mirrors: ['mirror.corp/ocp'] }],
      configuration: rs({ blockedRegistries: ['quay.io', 'quay.io/openshift-release-dev'] }),
      release: RELEASE_BY_DIGEST,
    },
    expect: {
      error: POL_ERR + 'invalid images config: only one of AllowedRegistries or BlockedRegistries may be specified',
      problems: ['error image-config-mco-refuses'],
    },
  },
  {
    name: 'duplicate blocked scope containing the payload',
    path: 'as above through a repeated entry: the CRD allows duplicates (listType atomic), MCO refuses',
    spec: {
      imageContentSources: [{ source: 'quay.io/openshift-release-dev', mirrors: ['mirror.corp/ocp'] }],
      configuration: rs({ blockedRegistries: ['quay.io', 'quay.io'] }),
      release: RELEASE_BY_DIGEST,
    },
    expect: {
      error: POL_ERR + 'invalid images config: only one of AllowedRegistries or BlockedRegistries may be specified',
      problems: ['error image-config-mco-refuses', 'warning image-config-duplicate-scope'],
    },
  },
  {
    name: 'temporary registries.conf fails: every blocked scope lost',
    path: 'payloadRepoHasUnblockedMirror -> createTempRegistriesFile -> EditRegistriesConfig fails (scope in a wildcard ICS source); RunImageBootstrap logs it and continues with nil blocked/allowed lists',
    spec: {
      imageContentSources: [{ source: '*.example.com', mirrors: ['mirror.corp/example'] }],
      configuration: rs({ blockedRegistries: ['quay.io', 'build.example.com'] }),
    },
    expect: {
      conf: conf({ scope: '*.example.com', mirrors: [dig('mirror.corp/example')] }),
      policy: null,
      problems: ['warning image-config-blocked-discarded'],
    },
  },
  {
    name: 'scope in a wildcard ICS source without the payload trigger',
    path: 'EditRegistriesConfig -> mirrorsAdjustedForNestedScope wildcard error, wrapped by registriesConfigIgnition',
    spec: {
      imageContentSources: [{ source: '*.example.com', mirrors: ['mirror.corp/example'] }],
      configuration: rs({ blockedRegistries: ['build.example.com'] }),
    },
    expect: {
      error: REG_ERR + 'internal error: mirrorsAdjustedForNestedScope for a wildcard scope "*.example.com"',
      problems: ['error image-config-scope-in-wildcard-source'],
    },
  },
  {
    name: 'nested scope inherits from the outermost digest source',
    path: 'inheritance loop over digest then tag sources: "quay.io/team/legacy" is filled by "quay.io" (first), the nearer tag source "quay.io/team" is skipped (mirrors no longer empty)',
    spec: {
      imageContentSources: [{ source: 'quay.io', mirrors: ['d.mirror/quay'] }],
      imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['t.mirror/team'] }],
      configuration: rs({ insecureRegistries: ['quay.io/team/legacy'] }),
    },
    expect: {
      conf: conf(
        { scope: 'quay.io', mirrors: [dig('d.mirror/quay')] },
        { scope: 'quay.io/team', mirrors: [tag('t.mirror/team')] },
        { scope: 'quay.io/team/legacy', insecure: true, mirrors: [dig('d.mirror/quay/team/legacy')] },
      ),
      problems: ['warning image-config-scope-inherits-outer-mirrors'],
    },
  },
  {
    name: 'nested scope inherits from the outer of two tag sources',
    path: 'tag sources in byte order: "a.example/x" < "a.example/x/y", so the outer fills the nested blocked scope',
    spec: {
      imageTagMirrorSet: [
        { source: 'a.example/x/y', mirrors: ['m2.example/y'] },
        { source: 'a.example/x', mirrors: ['m1.example/x'] },
      ],
      configuration: rs({ blockedRegistries: ['a.example/x/y/z'] }),
    },
    expect: {
      conf: conf(
        { scope: 'a.example/x', mirrors: [tag('m1.example/x')] },
        { scope: 'a.example/x/y', mirrors: [tag('m2.example/y')] },
        { scope: 'a.example/x/y/z', blocked: true, mirrors: [tag('m1.example/x/y/z')] },
      ),
      problems: [
        'warning image-config-scope-inherits-outer-mirrors',
        'warning source-partly-rejected-by-policy',
        'warning source-partly-rejected-by-policy',
      ],
    },
  },
  {
    name: 'a digest source beats an outer tag source',
    path: 'allMirrorSets = digest sets then tag sets: the ICS source "a.example/x" comes before the ITMS source "a.example"',
    spec: {
      imageContentSources: [{ source: 'a.example/x', mirrors: ['dm.example/x'] }],
      imageTagMirrorSet: [{ source: 'a.example', mirrors: ['tm.example/a'] }],
      configuration: rs({ insecureRegistries: ['a.example/x/y'] }),
    },
    expect: {
      conf: conf(
        { scope: 'a.example/x', mirrors: [dig('dm.example/x')] },
        { scope: 'a.example', mirrors: [tag('tm.example/a')] },
        { scope: 'a.example/x/y', insecure: true, mirrors: [dig('dm.example/x/y')] },
      ),
      problems: [],
    },
  },
  {
    name: 'inherited mirrors keep the insecure flag of the originals',
    path: 'mirrorsAdjustedForNestedScope copies Endpoint structs (Insecure included) after the insecure pass',
    spec: {
      imageTagMirrorSet: [{ source: 'src.example/app', mirrors: ['http.mirror:5000/app'] }],
      configuration: rs({ insecureRegistries: ['http.mirror:5000', 'src.example/app/old'] }),
    },
    expect: {
      conf: conf(
        { scope: 'src.example/app', mirrors: [tag('http.mirror:5000/app', true)] },
        { scope: 'http.mirror:5000', insecure: true },
        { scope: 'src.example/app/old', insecure: true, mirrors: [tag('http.mirror:5000/app/old', true)] },
      ),
    },
  },
  {
    name: 'inherited mirror locations are not re-checked against insecure scopes',
    path: 'the insecure pass runs before inheritance: "mirror.example/app/x" (copied) stays without insecure though "mirror.example/app/x" is an insecure scope',
    spec: {
      imageTagMirrorSet: [{ source: 'src.example/app', mirrors: ['mirror.example/app'] }],
      configuration: rs({ insecureRegistries: ['mirror.example/app/x', 'src.example/app/x'] }),
    },
    expect: {
      conf: conf(
        { scope: 'src.example/app', mirrors: [tag('mirror.example/app')] },
        { scope: 'mirror.example/app/x', insecure: true },
        { scope: 'src.example/app/x', insecure: true, mirrors: [tag('mirror.example/app/x')] },
      ),
    },
  },
  {
    name: 'NeverContactSource source with a blocked nested scope',
    path: 'nested block inherits tag mirrors, blocked from its own scope; the source block keeps blocked from the policy',
    spec: {
      imageTagMirrorSet: [
        { source: 'docker.io/library', mirrors: ['cache.corp/library'], mirrorSourcePolicy: 'NeverContactSource' },
      ],
      configuration: rs({ blockedRegistries: ['docker.io/library/old'] }),
    },
    expect: {
      conf: conf(
        { scope: 'docker.io/library', blocked: true, mirrors: [tag('cache.corp/library')] },
        { scope: 'docker.io/library/old', blocked: true, mirrors: [tag('cache.corp/library/old')] },
      ),
      policy: { default: 'accept', docker: { 'docker.io/library/old': 'reject' } },
    },
  },
  {
    name: 'mirror host blocked',
    path: 'blocked scope equal to a mirror host: mirrors have no blocked flag; c/image refuses each attempt through it (FindRegistry on the attempt name)',
    spec: {
      imageTagMirrorSet: [{ source: 'docker.io/library', mirrors: ['cache.corp/library'] }],
      configuration: rs({ blockedRegistries: ['cache.corp'] }),
    },
    expect: {
      conf: conf(
        { scope: 'docker.io/library', mirrors: [tag('cache.corp/library')] },
        { scope: 'cache.corp', blocked: true },
      ),
      problems: ['warning mirror-in-blocked-scope'],
    },
  },
  {
    name: 'mirror host:port under a blocked host',
    path: 'MCO does not nest "cache.corp:5000" in "cache.corp", but c/image refMatchingPrefix lets "cache.corp" match "cache.corp:5000/..." (":" boundary)',
    spec: {
      imageTagMirrorSet: [{ source: 'docker.io/library', mirrors: ['cache.corp:5000/library'] }],
      configuration: rs({ blockedRegistries: ['cache.corp'] }),
    },
    expect: {
      conf: conf(
        { scope: 'docker.io/library', mirrors: [tag('cache.corp:5000/library')] },
        { scope: 'cache.corp', blocked: true },
      ),
      problems: ['warning mirror-in-blocked-scope'],
    },
  },
  {
    name: 'source outside allowedRegistries',
    path: 'policy default reject; the ITMS source is not in any allowed scope, the mirror does not matter',
    spec: {
      imageTagMirrorSet: [{ source: 'docker.io/library', mirrors: ['cache.corp/library'] }],
      configuration: rs({ allowedRegistries: ['quay.io', 'cache.corp'] }),
    },
    expect: {
      conf: conf({ scope: 'docker.io/library', mirrors: [tag('cache.corp/library')] }),
      policy: { default: 'reject', docker: { 'quay.io': 'accept', 'cache.corp': 'accept' } },
      problems: ['warning source-rejected-by-policy'],
    },
  },
  {
    name: 'mirror outside allowedRegistries is fine',
    path: 'policy evaluates the logical reference: source allowed, mirror host not listed -> no problem',
    spec: {
      imageTagMirrorSet: [{ source: 'docker.io/library', mirrors: ['cache.corp/library'] }],
      configuration: rs({ allowedRegistries: ['docker.io', 'quay.io'] }),
    },
    expect: {
      conf: conf({ scope: 'docker.io/library', mirrors: [tag('cache.corp/library')] }),
      policy: { default: 'reject', docker: { 'docker.io': 'accept', 'quay.io': 'accept' } },
      problems: [],
    },
  },
  {
    name: 'allowed host does not cover host:port in policy.json',
    path: 'DockerReferenceNamespaces lists "reg.example.com:5000", then "*.example.com": never "reg.example.com"',
    spec: {
      imageTagMirrorSet: [{ source: 'reg.example.com:5000/app', mirrors: ['m.example.net/app'] }],
      configuration: rs({ allowedRegistries: ['reg.example.com', 'quay.io'] }),
    },
    expect: {
      conf: conf({ scope: 'reg.example.com:5000/app', mirrors: [tag('m.example.net/app')] }),
      problems: ['warning source-rejected-by-policy'],
    },
  },
  {
    name: 'allowed wildcard covers host:port in policy.json',
    path: 'DockerReferenceNamespaces strips the port before the "*." names',
    spec: {
      imageTagMirrorSet: [{ source: 'reg.example.com:5000/app', mirrors: ['m.example.net/app'] }],
      configuration: rs({ allowedRegistries: ['*.example.com', 'quay.io'] }),
    },
    expect: { conf: conf({ scope: 'reg.example.com:5000/app', mirrors: [tag('m.example.net/app')] }), problems: [] },
  },
  {
    name: 'allowed scope inside the source',
    path: 'most specific policy scope: images of quay.io/acme/app accepted, the rest of quay.io/acme rejected by default',
    spec: {
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['m.example.net/acme'] }],
      configuration: rs({ allowedRegistries: ['quay.io/acme/app', PAYLOAD] }),
    },
    expect: {
      conf: conf({ scope: 'quay.io/acme', mirrors: [tag('m.example.net/acme')] }),
      problems: ['warning source-partly-rejected-by-policy'],
    },
  },
  {
    name: 'search registries drop-in',
    path: 'updateSearchRegistriesConfig: BurntSushi encoding of V2RegistriesConf{UnqualifiedSearchRegistries}; registries.conf untouched',
    spec: { configuration: rs({ containerRuntimeSearchRegistries: ['quay.io', 'registry.example.com:5000'] }) },
    expect: {
      conf: null,
      policy: null,
      searchDropIn:
        'unqualified-search-registries = ["quay.io", "registry.example.com:5000"]\nshort-name-mode = ""\nadditional-layer-store-auth-helper = ""\n',
      problems: [],
    },
  },
  {
    name: 'search registry with a path',
    path: 'the CRD checks no item; c/image postProcessRegistries refuses the drop-in (anchoredDomainRegexp) on the node',
    spec: { configuration: rs({ containerRuntimeSearchRegistries: ['quay.io/myorg'] }) },
    expect: {
      conf: null,
      searchDropIn:
        'unqualified-search-registries = ["quay.io/myorg"]\nshort-name-mode = ""\nadditional-layer-store-auth-helper = ""\n',
      problems: ['warning image-config-search-registry-invalid'],
    },
  },
  {
    name: 'insecure equal to a wildcard mirrored source',
    path: 'getRegistryEntry matches the wildcard block by prefix; scope == mirroredScope skips inheritance: no error',
    spec: {
      imageTagMirrorSet: [{ source: '*.x.example', mirrors: ['m.example.net/x'] }],
      configuration: rs({ insecureRegistries: ['*.x.example'] }),
    },
    expect: { conf: conf({ scope: '*.x.example', insecure: true, mirrors: [tag('m.example.net/x')] }) },
  },
  {
    name: 'wildcard scope inside a wildcard mirrored source',
    path: 'ScopeIsNestedInsideScope("*.a.x.example", "*.x.example") is true: mirrorsAdjustedForNestedScope fails',
    spec: {
      imageTagMirrorSet: [{ source: '*.x.example', mirrors: ['m.example.net/x'] }],
      configuration: rs({ insecureRegistries: ['*.a.x.example'] }),
    },
    expect: {
      error: REG_ERR + 'internal error: mirrorsAdjustedForNestedScope for a wildcard scope "*.x.example"',
      problems: ['error image-config-scope-in-wildcard-source'],
    },
  },
  {
    name: 'mirrored source inside a wildcard mirrored source',
    path: 'the nested block already has mirrors: skipped, no error; insecure flag on it',
    spec: {
      imageTagMirrorSet: [
        { source: '*.x.example', mirrors: ['m.example.net/x'] },
        { source: 'a.x.example/app', mirrors: ['m2.example.net/app'] },
      ],
      configuration: rs({ insecureRegistries: ['a.x.example/app'] }),
    },
    expect: {
      conf: conf(
        { scope: '*.x.example', mirrors: [tag('m.example.net/x')] },
        { scope: 'a.x.example/app', insecure: true, mirrors: [tag('m2.example.net/app')] },
      ),
    },
  },
  {
    name: 'first failing wildcard source in MCO order',
    path: 'digest sets are visited before tag sets: the ICS wildcard is named although the ITMS one sorts first',
    spec: {
      imageContentSources: [{ source: '*.z.example', mirrors: ['m.example.net/z'] }],
      imageTagMirrorSet: [{ source: '*.a.example', mirrors: ['m.example.net/a'] }],
      configuration: rs({ blockedRegistries: ['x.a.example', 'x.z.example'] }),
    },
    expect: { error: REG_ERR + 'internal error: mirrorsAdjustedForNestedScope for a wildcard scope "*.z.example"' },
  },
  {
    name: 'NeverContactSource source with blocked and insecure nested scopes and an insecure mirror host',
    path: 'blocked scope appended before insecure ones; the insecure mirror flag is copied into both nested blocks',
    spec: {
      imageTagMirrorSet: [
        {
          source: 'r.example/p',
          mirrors: ['m.example/t/p', 'm.example/t2/p'],
          mirrorSourcePolicy: 'NeverContactSource',
        },
      ],
      configuration: rs({
        insecureRegistries: ['r.example/p/i', 'm.example/t2'],
        blockedRegistries: ['r.example/p/b'],
      }),
    },
    expect: {
      conf: conf(
        { scope: 'r.example/p', blocked: true, mirrors: [tag('m.example/t/p'), tag('m.example/t2/p', true)] },
        { scope: 'r.example/p/b', blocked: true, mirrors: [tag('m.example/t/p/b'), tag('m.example/t2/p/b', true)] },
        { scope: 'r.example/p/i', insecure: true, mirrors: [tag('m.example/t/p/i'), tag('m.example/t2/p/i', true)] },
        { scope: 'm.example/t2', insecure: true },
      ),
      problems: ['warning image-config-scope-unblocks-source', 'warning source-partly-rejected-by-policy'],
    },
  },
  {
    name: 'release image that ParseNamed refuses',
    path: 'getPayloadRepo -> errParsingReference is fatal in RunImageBootstrap (returned unwrapped)',
    spec: { release: { image: 'ocp-release:4.21.0' }, configuration: rs({ insecureRegistries: ['a.example.com'] }) },
    expect: { error: 'error parsing reference of release image', problems: ['error image-config-mco-refuses'] },
  },
  {
    name: 'payload host where FindRegistry finds no block',
    path: 'ScopeIsNestedInsideScope says the payload is inside "*.ab" (host ends with ".ab"), but refMatchingSubdomainPrefix takes the first ".ab" in "x.ab.ab/...", which is followed by ".": FindRegistry returns nil and MCO dereferences it',
    spec: { release: { image: 'x.ab.ab/ocp/release:4.21.0' }, configuration: rs({ blockedRegistries: ['*.ab'] }) },
    expect: { error: 'PANIC', problems: ['error image-config-mco-refuses'] },
  },
];
