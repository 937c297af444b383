// Argument parsing for `check` and `explain`. A mistake is a UsageError (exit 2).
import { FUNCTION_NAME } from '../constants.js';
import { FORMATS, type Format } from './check.js';

export class UsageError extends Error {}

export const CHECK_USAGE = `usage: ${FUNCTION_NAME} check [--format text|json|github] PATH...
       ${FUNCTION_NAME} check [--format text|json|github] -

Validates every HostedCluster (hypershift.openshift.io), HyperShift CLI mirror list file
(hypershift create cluster --image-tag-mirror-set FILE) and function config in the YAML files
and directories given (searched recursively for *.yaml and *.yml, skipping node_modules and
.git), or in a YAML stream on stdin (-), such as kustomize build output.

  --format text     path:line:col: severity[code] ... and a summary line (default)
  --format json     one JSON document with every result, its line and column
  --format github   GitHub Actions annotations (::error file=...,line=...::...)

exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or input that
cannot be read (missing path, YAML that does not parse)
`;

export const EXPLAIN_USAGE = `usage: ${FUNCTION_NAME} explain IMAGE [--cluster NAME] [--namespace NS] [--format text|json] PATH...|-

Prints, in order, where a node of the cluster would try to pull IMAGE from: each mirror, then
the source unless it is blocked (NeverContactSource), following containers/image's rules.
The cluster is a HostedCluster (or function config, or CLI mirror list) found in the YAML
files and directories given, or on stdin (-). --cluster may be left out when the input holds
exactly one.

exit status: 0 printed, 1 the cluster was not found or its configuration has errors,
2 usage error, an invalid IMAGE, or input that cannot be read
`;

interface Common {
  format: Format;
  paths: string[];
  stdin: boolean;
  help: boolean;
}

function takeValue(args: readonly string[], i: number, name: string): [string, number] {
  const a = args[i]!;
  const eq = a.indexOf('=');
  if (eq >= 0) return [a.slice(eq + 1), i];
  const v = args[i + 1];
  if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`${name} needs a value`);
  return [v, i + 1];
}

function parse(
  args: readonly string[],
  formats: readonly Format[],
  extra: Record<string, (v: string) => void>,
): Common {
  const out: Common = { format: 'text', paths: [], stdin: false, help: false };
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && (a === '-h' || a === '--help')) {
      out.help = true;
      continue;
    }
    if (options && a.startsWith('--')) {
      const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
      if (name === '--format') {
        const [v, next] = takeValue(args, i, name);
        if (!(formats as readonly string[]).includes(v))
          throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${v}"`);
        out.format = v as Format;
        i = next;
        continue;
      }
      const set = extra[name];
      if (set) {
        const [v, next] = takeValue(args, i, name);
        set(v);
        i = next;
        continue;
      }
      throw new UsageError(`unknown option ${name}`);
    }
    if (options && a === '-') {
      out.stdin = true;
      continue;
    }
    if (options && a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    out.paths.push(a);
  }
  return out;
}

function inputs(c: Common): void {
  if (c.stdin && c.paths.length > 0) throw new UsageError('read either stdin (-) or paths, not both');
  if (!c.stdin && c.paths.length === 0) throw new UsageError('no input: give files or directories, or - for stdin');
}

export type CheckArgs = Common;

export function parseCheckArgs(args: readonly string[]): CheckArgs {
  const c = parse(args, FORMATS, {});
  if (!c.help) inputs(c);
  return c;
}

export interface ExplainArgs extends Common {
  image: string;
  cluster?: string;
  namespace?: string;
}

export function parseExplainArgs(args: readonly string[]): ExplainArgs {
  let cluster: string | undefined;
  let namespace: string | undefined;
  const c = parse(args, ['text', 'json'], {
    '--cluster': (v) => (cluster = v),
    '--namespace': (v) => (namespace = v),
  });
  if (c.help) return { ...c, image: '' };
  const [image, ...paths] = c.paths;
  if (image === undefined || image === '') throw new UsageError('no IMAGE: give the image reference to explain first');
  const out: ExplainArgs = { ...c, paths, image };
  inputs(out);
  if (cluster !== undefined) {
    if (cluster === '') throw new UsageError('--cluster needs a name');
    out.cluster = cluster;
  }
  if (namespace !== undefined) out.namespace = namespace;
  return out;
}
