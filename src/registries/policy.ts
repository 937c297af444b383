// /etc/containers/policy.json as MCO writes it from the Image config, and how containers/image
// decides a pull against it. Our MachineConfig never writes policy.json (MCO's own
// 99-worker-generated-registries keeps doing so); this model is for validation and explain.
//
// MCO updatePolicyJSON (container-runtime-config/helpers.go): with allowed scopes, "default"
// becomes reject and each allowed scope gets insecureAcceptAnything; then, with blocked scopes,
// "default" becomes insecureAcceptAnything again and each blocked scope gets reject (a scope in
// both ends up reject). transports.docker is replaced by these scopes when there is at least
// one. Without allowed and blocked scopes the template stays: default insecureAcceptAnything.
//
// containers/image signature/policy_eval.go requirementsForImageRef: the transport's scopes are
// looked up for the image's PolicyConfigurationIdentity() ("name:tag" or "name@digest"), then
// each of PolicyConfigurationNamespaces() in order, then "", then the policy default.
// docker/policyconfiguration/naming.go DockerReferenceNamespaces: the name, each parent path
// down to "host[:port]", then "*.rest" for each dot of the host with the port removed
// ("a.b.example.com:5000/x" -> ..., "a.b.example.com:5000", "*.b.example.com", "*.example.com",
// "*.com"). So "example.com" is not a namespace of "example.com:5000/x".
// The image evaluated is the *logical* reference (the one asked for, never the mirror's):
// copy/single.go IsRunningImageAllowed(unparsedImage) -> dockerImageSource.Reference() is
// logicalRef (docker/docker_image_src.go), checked once, after the manifest was fetched from the
// first pull source that answered; a rejection ends the pull there.
import { tick } from '../work.js';
import { nameOf, type ImageRef } from './reference.js';

export type Verdict = 'accept' | 'reject';

export interface PolicyModel {
  default: Verdict;
  /** transports.docker scopes; empty: no docker section (the template). */
  docker: Map<string, Verdict>;
}

/** MCO's template: accept everything. */
export const TEMPLATE_POLICY: PolicyModel = { default: 'accept', docker: new Map() };

/** updatePolicyJSON's scopes (no ClusterImagePolicies: HyperShift passes none to the bootstrap). */
export function buildPolicy(policyBlocked: readonly string[], allowed: readonly string[]): PolicyModel {
  if (policyBlocked.length === 0 && allowed.length === 0) return TEMPLATE_POLICY;
  const docker = new Map<string, Verdict>();
  let verdict: Verdict = 'accept';
  if (allowed.length > 0) {
    verdict = 'reject';
    for (const s of allowed) docker.set(s, 'accept');
  }
  if (policyBlocked.length > 0) {
    verdict = 'accept';
    for (const s of policyBlocked) docker.set(s, 'reject');
  }
  return { default: verdict, docker };
}

export interface PolicyDecision {
  verdict: Verdict;
  /** The transports.docker scope that decided; undefined for the policy default. */
  scope?: string;
}

/** The namespaces of a name (no tag or digest), most specific first, as DockerReferenceNamespaces lists them. */
export function policyNamespaces(name: string): string[] {
  const out: string[] = [];
  let n = name;
  for (;;) {
    out.push(n);
    const slash = n.lastIndexOf('/');
    if (slash < 0) break;
    n = n.slice(0, slash);
  }
  const colon = n.indexOf(':');
  if (colon >= 0) n = n.slice(0, colon);
  for (let dot = n.indexOf('.'); dot >= 0; dot = n.indexOf('.')) {
    n = n.slice(dot + 1);
    out.push(`*.${n}`);
  }
  return out;
}

/** requirementsForImageRef for a docker reference with a tag or a digest. */
export function evaluatePolicy(p: PolicyModel, ref: ImageRef): PolicyDecision {
  if (p.docker.size > 0) {
    const name = nameOf(ref);
    const identity = name + (ref.digest !== undefined ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`);
    for (const scope of [identity, ...policyNamespaces(name)]) {
      const v = p.docker.get(scope);
      if (v !== undefined) return { verdict: v, scope };
    }
    const any = p.docker.get('');
    if (any !== undefined) return { verdict: any, scope: '' };
  }
  return { verdict: p.default };
}

// ---- a whole registries.conf scope (a mirror source covers many images) ----------------------

interface TrieNode {
  children: Map<string, TrieNode>;
  verdict?: Verdict;
  scope?: string;
  /** Some scope strictly below this node accepts / rejects. */
  belowAccept: boolean;
  belowReject: boolean;
}
const trieNode = (): TrieNode => ({ children: new Map(), belowAccept: false, belowReject: false });

function insert(root: TrieNode, parts: readonly string[], verdict: Verdict, scope: string): void {
  let n = root;
  for (const p of parts) {
    tick();
    if (verdict === 'accept') n.belowAccept = true;
    else n.belowReject = true;
    let c = n.children.get(p);
    if (!c) {
      c = trieNode();
      n.children.set(p, c);
    }
    n = c;
  }
  n.verdict = verdict;
  n.scope = scope;
}

export interface ScopeDecision extends PolicyDecision {
  /** Some images inside the scope are decided otherwise by a more specific policy scope. */
  partly: boolean;
}

/**
 * How policy.json treats every image inside a registries.conf scope (an ITMS or ICS source:
 * "host", "host/ns" or "*.example.com"), in time linear in the scope's length after a linear
 * build over the policy's scopes.
 */
export class PolicyScopes {
  /** Non-wildcard scopes by "/" segments. */
  private readonly segments = trieNode();
  /** Wildcard scopes "*.D" by D's labels, last first. */
  private readonly wildcards = trieNode();
  /** Hosts (port removed) of every scope, by labels last first: the scopes inside a wildcard. */
  private readonly hosts = trieNode();

  constructor(private readonly policy: PolicyModel) {
    for (const [scope, verdict] of policy.docker) {
      if (scope === '') continue; // MCO never writes "" (the CRD refuses empty entries)
      if (scope.startsWith('*.')) {
        const labels = scope.slice(2).split('.').reverse();
        insert(this.wildcards, labels, verdict, scope);
        insert(this.hosts, [...labels, '*'], verdict, scope);
      } else {
        insert(this.segments, scope.split('/'), verdict, scope);
        const host = scope.split('/')[0]!;
        const colon = host.indexOf(':');
        insert(this.hosts, (colon >= 0 ? host.slice(0, colon) : host).split('.').reverse(), verdict, scope);
      }
    }
  }

  /** The most specific wildcard "*.E" with ".E" a suffix of `host` (port removed). */
  private wildcardFor(host: string): { verdict: Verdict; scope: string } | undefined {
    const labels = host.split('.');
    let n: TrieNode | undefined = this.wildcards;
    let best: { verdict: Verdict; scope: string } | undefined;
    for (let i = labels.length - 1; i >= 1 && n; i--) {
      tick();
      n = n.children.get(labels[i]!);
      if (n?.verdict) best = { verdict: n.verdict, scope: n.scope! };
    }
    return best;
  }

  decide(scope: string): ScopeDecision {
    if (this.policy.docker.size === 0) return { verdict: this.policy.default, partly: false };
    let decision: PolicyDecision | undefined;
    let partly = false;
    if (scope.startsWith('*.')) {
      // Images on hosts h.D: wildcard scopes "*.E" where ".E" ends "x.D" decide them.
      decision = this.wildcardFor(`x.${scope.slice(2)}`);
      // Scopes on hosts ending ".D" (or wildcards below "*.D") decide some images otherwise.
      let n: TrieNode | undefined = this.hosts;
      for (const l of scope.slice(2).split('.').reverse()) n = n?.children.get(l);
      const verdict = decision?.verdict ?? this.policy.default;
      if (n) partly = verdict === 'accept' ? n.belowReject : n.belowAccept;
    } else {
      const segs = scope.split('/');
      let n: TrieNode | undefined = this.segments;
      let last: TrieNode | undefined;
      for (const s of segs) {
        tick();
        n = n.children.get(s);
        if (!n) break;
        if (n.verdict) decision = { verdict: n.verdict, scope: n.scope! };
        last = n;
      }
      const walkedAll = n !== undefined && last === n;
      if (!decision) {
        const host = segs[0]!;
        const colon = host.indexOf(':');
        decision = this.wildcardFor(colon >= 0 ? host.slice(0, colon) : host);
      }
      const verdict = decision?.verdict ?? this.policy.default;
      if (walkedAll && n) partly = verdict === 'accept' ? n.belowReject : n.belowAccept;
    }
    return decision ? { ...decision, partly } : { verdict: this.policy.default, partly };
  }
}
