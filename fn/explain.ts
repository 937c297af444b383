// `explain`: where a node of a cluster would pull an image from; see src/explain/.
import { existsSync, statSync } from 'node:fs';
import { FUNCTION_NAME } from '../src/constants.js';
import { explainInFiles } from '../src/explain/cluster.js';
import { CONF_SOURCES, type ConfSource } from '../src/explain/confs.js';
import {
  choiceOption,
  clusterChoice,
  clusterOptions,
  formatOption,
  maxInputOption,
  parseCommand,
  readInput,
  requireInput,
  runCommand,
  UsageError,
  type ClusterChoice,
  type CommonArgs,
} from './args.js';
import { gunzip } from './gzip.js';
import { noDocumentError, write } from './io.js';
import { EXPLAIN_SYNOPSIS } from './usage.js';

export const EXPLAIN_USAGE = `usage: ${EXPLAIN_SYNOPSIS}

Prints, in order, where a node of the cluster would try to pull IMAGE from: each mirror, then
the source unless it is blocked (NeverContactSource, blockedRegistries), following
containers/image's rules; which attempts may use plain HTTP (insecureRegistries), and whether
the node's policy.json rejects the image (allowedRegistries, blockedRegistries).
The cluster is a HostedCluster (or function config, or CLI mirror list) found in the YAML
files and directories given, or on stdin (-). --cluster may be left out when the input holds
exactly one.

  --from spec        explain the registries.conf the spec renders (default); a note says when
                     the committed generated ConfigMap holds a different one (stale)
  --from committed   explain the registries.conf the committed ConfigMap holds: what nodes
                     that got it do

exit status: 0 printed, 1 the cluster was not found or its configuration has errors (or has
no committed ConfigMap, with --from committed), 2 usage error, an invalid IMAGE, or input that
cannot be read
`;

export interface ExplainArgs extends CommonArgs, ClusterChoice {
  image: string;
  format: 'text' | 'json';
  from: ConfSource;
  maxInput?: number;
}

/** A forgotten IMAGE: the first positional is a path (`explain --cluster c clusters/`). */
function looksLikePath(arg: string): string | undefined {
  let isDir = false;
  try {
    if (existsSync(arg)) isDir = statSync(arg).isDirectory();
    else if (!/(\/|\.ya?ml)$/i.test(arg)) return undefined;
  } catch {
    return undefined;
  }
  return isDir || arg.endsWith('/') ? 'a directory' : 'a file';
}

export function parseExplainArgs(args: readonly string[]): ExplainArgs {
  const c = parseCommand(args, ['format', 'cluster', 'namespace', 'from', 'max-input-size']);
  const format = formatOption(c.values.format, ['text', 'json']) as ExplainArgs['format'];
  const from = choiceOption('--from', c.values.from, CONF_SOURCES, 'spec');
  if (c.help) return { image: '', format, from, paths: c.paths, stdin: c.stdin, help: true };
  const [image, ...paths] = c.paths;
  if (image === undefined || image === '') throw new UsageError('no IMAGE: give the image reference to explain first');
  if (paths.length === 0 && !c.stdin) {
    const what = looksLikePath(image);
    if (what) throw new UsageError(`no IMAGE: "${image}" is ${what}; give the image reference to explain first`);
  }
  const out: ExplainArgs = { image, format, from, paths, stdin: c.stdin, help: false, ...maxInputOption(c.values) };
  requireInput(out);
  return Object.assign(out, clusterOptions(c.values));
}

export function runExplain(args: string[]): Promise<number> {
  return runCommand('explain', EXPLAIN_USAGE, args, parseExplainArgs, async (opts, budget) => {
    const input = await readInput(opts, 'explain', budget);
    const out = explainInFiles(input.files, {
      gunzip,
      image: opts.image,
      format: opts.format,
      from: opts.from,
      problems: input.problems,
      stdin: opts.stdin,
      ignores: input.ignores,
      ...clusterChoice(opts),
    });
    if (out.documents === 0) throw noDocumentError();
    if (out.stdout) await write(process.stdout, out.stdout);
    if (out.stderr) await write(process.stderr, `${FUNCTION_NAME} explain: ${out.stderr}`);
    return out.exitCode;
  });
}
