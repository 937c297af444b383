// `explain`: where a node of a cluster would pull an image from; see src/explain/.
import { STDIN_PATH } from '../src/check/subjects.js';
import { EXIT, FUNCTION_NAME } from '../src/constants.js';
import { explainInFiles } from '../src/explain/cluster.js';
import { formatOption, parseCommand, requireInput, runCommand, UsageError, type CommonArgs } from './args.js';
import { collectFiles, readStdin, write } from './io.js';

export const EXPLAIN_USAGE = `usage: ${FUNCTION_NAME} explain IMAGE [--cluster NAME] [--namespace NS] [--format text|json] PATH...|-

Prints, in order, where a node of the cluster would try to pull IMAGE from: each mirror, then
the source unless it is blocked (NeverContactSource, blockedRegistries), following
containers/image's rules; which attempts may use plain HTTP (insecureRegistries), and whether
the node's policy.json rejects the image (allowedRegistries, blockedRegistries).
The cluster is a HostedCluster (or function config, or CLI mirror list) found in the YAML
files and directories given, or on stdin (-). --cluster may be left out when the input holds
exactly one.

exit status: 0 printed, 1 the cluster was not found or its configuration has errors,
2 usage error, an invalid IMAGE, or input that cannot be read
`;

export interface ExplainArgs extends CommonArgs {
  image: string;
  cluster?: string;
  namespace?: string;
  format: 'text' | 'json';
}

export function parseExplainArgs(args: readonly string[]): ExplainArgs {
  const c = parseCommand(args, ['format', 'cluster', 'namespace']);
  const format = formatOption(c.values.format, ['text', 'json']) as ExplainArgs['format'];
  if (c.help) return { image: '', format, paths: c.paths, stdin: c.stdin, help: true };
  const [image, ...paths] = c.paths;
  if (image === undefined || image === '') throw new UsageError('no IMAGE: give the image reference to explain first');
  const out: ExplainArgs = { image, format, paths, stdin: c.stdin, help: false };
  requireInput(out);
  const { cluster, namespace } = c.values;
  if (typeof cluster === 'string') {
    if (cluster === '') throw new UsageError('--cluster needs a name');
    out.cluster = cluster;
  }
  if (typeof namespace === 'string') out.namespace = namespace;
  return out;
}

export function runExplain(args: string[]): Promise<number> {
  return runCommand('explain', EXPLAIN_USAGE, async () => {
    const opts = parseExplainArgs(args);
    if (opts.help) {
      await write(process.stdout, EXPLAIN_USAGE);
      return EXIT.clean;
    }
    const { files, problems } = opts.stdin
      ? { files: [{ path: STDIN_PATH, text: await readStdin() }], problems: [] }
      : collectFiles(opts.paths);
    const out = explainInFiles(files, {
      image: opts.image,
      format: opts.format,
      problems,
      ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    });
    if (out.stdout) await write(process.stdout, out.stdout);
    if (out.stderr) await write(process.stderr, `${FUNCTION_NAME} explain: ${out.stderr}`);
    return out.exitCode;
  });
}
