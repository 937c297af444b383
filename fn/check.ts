// `check`: validate HostedClusters in YAML files, directories or stdin; see src/check/.
import { checkFiles, originPaths, relocate } from '../src/check/report.js';
import { FORMATS, formatReport, type Format } from '../src/check/format.js';
import { STDIN_PATH } from '../src/check/subjects.js';
import { EXIT, FUNCTION_NAME } from '../src/constants.js';
import { formatOption, parseCommand, requireInput, runCommand, type CommonArgs } from './args.js';
import { collectFiles, readExisting, readStdin, write } from './io.js';

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

export interface CheckArgs extends CommonArgs {
  format: Format;
}

export function parseCheckArgs(args: readonly string[]): CheckArgs {
  const c = parseCommand(args, ['format']);
  const out: CheckArgs = {
    format: formatOption(c.values.format, FORMATS) as Format,
    paths: c.paths,
    stdin: c.stdin,
    help: c.help,
  };
  if (!out.help) requireInput(out);
  return out;
}

export function runCheck(args: string[]): Promise<number> {
  return runCommand('check', CHECK_USAGE, async () => {
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
  });
}
