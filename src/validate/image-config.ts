// The syntax of a HostedCluster's spec.configuration.image.registrySources, as the API server
// checks it (HyperShift's HostedCluster CRD embeds openshift/api config/v1 RegistrySources):
//   - insecureRegistries, blockedRegistries, allowedRegistries: at most 1,024 items (duplicates
//     allowed: listType atomic), each 1 to 256 characters matching the CEL pattern, which is
//     exactly the ImageTagMirrorSet source pattern (scope.ts checks it in linear time):
//     "each registry must be a valid hostname[:port][/path] or wildcard *.hostname format
//     without tags or digests";
//   - registrySources: "Only one of blockedRegistries or allowedRegistries may be set" (field
//     presence: an empty list counts);
//   - containerRuntimeSearchRegistries: at least 1 item, no duplicates (listType set); its
//     `format: hostname` sits on the array, so the API server checks no item. containers/image
//     does on the node: an entry that is not host[:port] (after trimming a trailing "/") makes
//     it refuse the registries.conf.d drop-in MCO writes, and then every pull fails (a warning:
//     MCO renders it, and our MachineConfig does not carry that file).
// MCO itself checks much less (IsValidRegistriesConfScope: non-empty, wildcards only as "*.x"),
// and renders e.g. "https://quay.io" into registries.conf, which containers/image then refuses
// on the node: the CRD is the real gate, so these are errors.
import { CODE } from '../constants.js';
import { REGISTRY_SOURCES_PATH, registrySourcesOf } from '../hypershift/cluster.js';
import { isObject } from '../krm/kube.js';
import { goQuote } from '../registries/go-quote.js';
import { checkSource, isDomain } from '../registries/scope.js';
import type { RegistrySources } from '../registries/sources.js';
import { tick } from '../work.js';
import { show, typeName, type Checker } from './rules.js';

export const SCOPE_LISTS = ['insecureRegistries', 'blockedRegistries', 'allowedRegistries'] as const;
export type ScopeList = (typeof SCOPE_LISTS)[number];
export const SEARCH_LIST = 'containerRuntimeSearchRegistries';
const KNOWN = new Set<string>([...SCOPE_LISTS, SEARCH_LIST]);

export const CRD_MAX_ITEMS = 1024;
export const CRD_MAX_LENGTH = 256;
const CRD_MESSAGE =
  'each registry must be a valid hostname[:port][/path] or wildcard *.hostname format without tags or digests';

/** The Image config's lists, checked; undefined when the spec has none. */
export interface CheckedSources {
  sources: RegistrySources;
  /** A syntax error was found: MCO's rendering is not attempted. */
  failed: boolean;
  /** The lists as written (what MCO would get), when every entry is a string. */
  asWritten?: RegistrySources;
}

/** The lists as written, when every one is a list of strings. */
function listsAsWritten(raw: Record<string, unknown>): RegistrySources | undefined {
  const out: RegistrySources = {};
  for (const key of [...SCOPE_LISTS, SEARCH_LIST] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
    if (v.length > 0) out[key] = v as string[];
  }
  return out;
}

/** Unicode characters (what the CRD's maxLength counts), up to limit + 1. */
const charLength = (s: string, limit: number) => [...s.slice(0, 2 * limit + 2)].length;

function checkScopeList(c: Checker, key: ScopeList, v: unknown): { list?: string[]; ok: boolean } {
  const field = `${REGISTRY_SOURCES_PATH}.${key}`;
  if (!Array.isArray(v)) {
    c.error(CODE.invalidType, field, `${key} must be a list of registry scopes, not ${typeName(v)} (${show(v)})`);
    return { ok: false };
  }
  let ok = true;
  if (v.length > CRD_MAX_ITEMS) {
    c.error(
      CODE.imageConfigTooManyScopes,
      field,
      `${key} has ${v.length} entries; the HostedCluster CRD allows at most ${CRD_MAX_ITEMS}`,
    );
    ok = false;
  }
  const seen = new Map<string, number>();
  const list: string[] = [];
  v.forEach((s: unknown, i: number) => {
    tick();
    const f = `${field}[${i}]`;
    if (typeof s !== 'string') {
      c.error(
        CODE.imageConfigInvalidScope,
        f,
        `an entry must be a string, not ${typeName(s)} (${show(s)}): ${CRD_MESSAGE}`,
      );
      ok = false;
      return;
    }
    if (s === '' || charLength(s, CRD_MAX_LENGTH) > CRD_MAX_LENGTH) {
      c.error(
        CODE.imageConfigInvalidScope,
        f,
        s === ''
          ? `an entry must not be empty (HostedCluster CRD minLength 1)`
          : `${show(s)} is longer than ${CRD_MAX_LENGTH} characters (HostedCluster CRD maxLength)`,
      );
      ok = false;
      return;
    }
    const check = checkSource(s);
    if (!check.ok) {
      c.error(
        CODE.imageConfigInvalidScope,
        f,
        `${show(s)}: ${CRD_MESSAGE} (HostedCluster CRD); ${check.error}. The Machine Config Operator would write it into registries.conf as is, and containers/image would then refuse the file on every node`,
      );
      ok = false;
      return;
    }
    const first = seen.get(s);
    if (first !== undefined) {
      c.warning(
        CODE.imageConfigDuplicateScope,
        f,
        `${show(s)} repeats ${key}[${first}]: the Machine Config Operator applies it once${key === 'blockedRegistries' ? ' (but a repeated blocked scope that contains the release payload repository counts twice in policy.json, which it refuses)' : ''}; remove it`,
      );
    } else seen.set(s, i);
    list.push(s);
  });
  return ok ? { list, ok } : { ok };
}

/**
 * containers/image sysregistriesv2 for an unqualified-search-registries entry (parseLocation:
 * a trailing "/" trimmed, schemes refused; then host[:port] only), or undefined when valid.
 */
export function searchRegistryError(s: string): string | undefined {
  let trimmed = s;
  while (trimmed.endsWith('/')) trimmed = trimmed.slice(0, -1);
  if (/^https?:\/\//.test(trimmed)) return `invalid location '${s}': URI schemes are not supported`;
  if (!isDomain(trimmed)) return `Invalid unqualified-search-registries entry ${goQuote(trimmed)}`;
  return undefined;
}

function checkSearchList(c: Checker, v: unknown): { list?: string[]; ok: boolean } {
  const field = `${REGISTRY_SOURCES_PATH}.${SEARCH_LIST}`;
  if (!Array.isArray(v)) {
    c.error(
      CODE.invalidType,
      field,
      `${SEARCH_LIST} must be a list of host[:port] names, not ${typeName(v)} (${show(v)})`,
    );
    return { ok: false };
  }
  if (v.length === 0) {
    c.error(
      CODE.imageConfigSearchRegistriesEmpty,
      field,
      `${SEARCH_LIST} must have at least 1 item (HostedCluster CRD minItems); leave it out to keep the default search list`,
    );
    return { ok: false };
  }
  let ok = true;
  const seen = new Set<string>();
  const list: string[] = [];
  v.forEach((s: unknown, i: number) => {
    tick();
    const f = `${field}[${i}]`;
    if (typeof s !== 'string') {
      c.error(
        CODE.imageConfigSearchRegistryInvalid,
        f,
        `an entry must be a host[:port] string, not ${typeName(s)} (${show(s)})`,
      );
      ok = false;
      return;
    }
    if (seen.has(s)) {
      c.error(
        CODE.imageConfigSearchRegistryDuplicate,
        f,
        `Duplicate value ${show(s)}: the HostedCluster CRD's list is a set`,
      );
      ok = false;
    }
    seen.add(s);
    const bad = searchRegistryError(s.slice(0, 1024));
    // The API server and MCO accept it, and our MachineConfig does not carry that file: a
    // warning (what we generate is MCO's bytes either way), but a loud one.
    if (bad)
      c.warning(
        CODE.imageConfigSearchRegistryInvalid,
        f,
        `${bad}: the API server and the Machine Config Operator accept it, but containers/image then refuses /etc/containers/registries.conf.d/01-image-searchRegistries.conf, which the Machine Config Operator writes, and EVERY image pull on the node fails; use host[:port]`,
      );
    list.push(s);
  });
  return ok ? { list, ok } : { ok };
}

/** Checks spec.configuration.image.registrySources; undefined when the spec has none. */
export function checkRegistrySources(c: Checker, spec: unknown): CheckedSources | undefined {
  const read = registrySourcesOf(spec);
  if (!read.found) {
    if (read.notMap)
      c.error(
        CODE.invalidType,
        read.notMap.path,
        `${read.notMap.path} must be a map, not ${typeName(read.notMap.value)} (${show(read.notMap.value)})`,
      );
    return read.notMap ? { sources: {}, failed: true } : undefined;
  }
  const raw = read.value;
  if (!isObject(raw)) {
    c.error(
      CODE.invalidType,
      REGISTRY_SOURCES_PATH,
      `${REGISTRY_SOURCES_PATH} must be a map, not ${typeName(raw)} (${show(raw)})`,
    );
    return { sources: {}, failed: true };
  }
  let failed = false;
  const sources: RegistrySources = {};
  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key))
      c.warning(
        CODE.unknownField,
        `${REGISTRY_SOURCES_PATH}.${key}`,
        `unknown field "${key}": the HostedCluster CRD prunes it; the fields are ${[...KNOWN].join(', ')}`,
      );
  }
  for (const key of SCOPE_LISTS) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    const r = checkScopeList(c, key, v);
    if (!r.ok) failed = true;
    else if (r.list!.length > 0) sources[key] = r.list!;
  }
  // CEL: has(self.blockedRegistries) ? !has(self.allowedRegistries) : true (presence: [] counts).
  if (raw.blockedRegistries !== undefined && raw.allowedRegistries !== undefined) {
    c.error(
      CODE.imageConfigAllowedAndBlocked,
      REGISTRY_SOURCES_PATH,
      'Only one of blockedRegistries or allowedRegistries may be set (HostedCluster CRD): list what nodes may pull from, or what they may not, not both',
    );
    failed = true;
  }
  const search = raw[SEARCH_LIST];
  if (search !== undefined && search !== null) {
    const r = checkSearchList(c, search);
    if (!r.ok) failed = true;
    else sources.containerRuntimeSearchRegistries = r.list!;
  }
  const asWritten = listsAsWritten(raw);
  return { sources, failed, ...(asWritten ? { asWritten } : {}) };
}
