// `explain`: where a node of a cluster would pull an image from; see src/cli/explain.ts.
import { EXPLAIN_USAGE, parseExplainArgs, UsageError } from '../src/cli/args.js';
import { EXIT } from '../src/cli/check.js';
import { explainInFiles } from '../src/cli/explain-cluster.js';
import { STDIN_PATH } from '../src/cli/load.js';
import { FUNCTION_NAME } from '../src/constants.js';
import { collectFiles, readStdin, write } from './files.js';

export async function runExplain(args: string[]): Promise<number> {
  try {
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
      format: opts.format === 'json' ? 'json' : 'text',
      problems,
      ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    });
    if (out.stdout) await write(process.stdout, out.stdout);
    if (out.stderr) await write(process.stderr, `${FUNCTION_NAME} explain: ${out.stderr}`);
    return out.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${FUNCTION_NAME} explain: ${e.message}\n\n${EXPLAIN_USAGE}`);
    } else {
      process.stderr.write(`${FUNCTION_NAME} explain: ${(e as Error)?.message ?? String(e)}\n`);
    }
    return EXIT.usage;
  }
}
