// `check`: validate HostedClusters in YAML files, directories or stdin; see src/cli/check.ts.
import { CHECK_USAGE, parseCheckArgs, UsageError } from '../src/cli/args.js';
import { checkFiles, EXIT, formatReport, originPaths, relocate } from '../src/cli/check.js';
import { STDIN_PATH } from '../src/cli/load.js';
import { FUNCTION_NAME } from '../src/constants.js';
import { collectFiles, readExisting, readStdin, write } from './files.js';

export async function runCheck(args: string[]): Promise<number> {
  try {
    const opts = parseCheckArgs(args);
    if (opts.help) {
      await write(process.stdout, CHECK_USAGE);
      return EXIT.clean;
    }
    let report;
    if (opts.stdin) {
      report = checkFiles([{ path: STDIN_PATH, text: await readStdin() }], { stdin: true });
      // Objects annotated with their file (kpt, kustomize): show them there when it still matches.
      const origins = originPaths(report);
      if (origins.length > 0) report = relocate(report, readExisting(origins));
    } else {
      const { files, problems } = collectFiles(opts.paths);
      report = checkFiles(files, { problems });
    }
    await write(process.stdout, formatReport(report, opts.format));
    return report.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${FUNCTION_NAME} check: ${e.message}\n\n${CHECK_USAGE}`);
    } else {
      process.stderr.write(`${FUNCTION_NAME} check: ${(e as Error)?.message ?? String(e)}\n`);
    }
    return EXIT.usage;
  }
}
