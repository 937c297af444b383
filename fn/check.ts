// `check`: validate HostedClusters in YAML files, directories or stdin, and compare committed
// generated objects with what the function renders from them; see src/check/.
import { checkFiles, originPaths, relocate } from '../src/check/report.js';
import { FORMATS, formatReport, type Format } from '../src/check/format.js';
import { GENERATED_MODES, type GeneratedMode } from '../src/check/render.js';
import { STDIN_PATH } from '../src/check/subjects.js';
import {
  choiceOption,
  formatOption,
  maxInputOption,
  parseCommand,
  requireInput,
  runCommand,
  type CommonArgs,
} from './args.js';
import { collectFiles, readExisting } from './files.js';
import { gunzip } from './gzip.js';
import { DEFAULT_MAX_INPUT, formatSize, MAX_INPUT_ENV, noDocumentError, readInputStdin, write } from './io.js';
import { CHECK_SYNOPSIS } from './usage.js';

export const CHECK_USAGE = `usage: ${CHECK_SYNOPSIS}

Validates every HostedCluster (hypershift.openshift.io), HyperShift CLI mirror list file
(hypershift create cluster --image-tag-mirror-set FILE) and function config in the YAML files
and directories given (searched recursively for *.yaml, *.yml, *.json naming an apiVersion and
Kptfile, skipping node_modules and .git), or in a YAML stream on stdin (-), such as kustomize
build output. A path inside a kpt package (a Kptfile there or above, up to the git root) checks
the package as kpt fn render reads it (the outermost one whose pipeline runs the function):
every *.yaml, *.yml and *.json file but what its .krmignore leaves out, subpackages too; a
document there that is no KRM resource is an error, as kpt fails on it.

It also runs the function over the files, as a render would (each kpt package with its
subpackages, each folder, or the stream), and reports committed generated objects that are
stale or missing, NodePools not wired to their ConfigMap and the function's own errors, each
with the command that fixes it.

  --format text     path:line:col: severity[code] ... and a summary line (default)
  --format json     one JSON document with every result, its line and column
  --format github   GitHub Actions annotations (::error file=...,line=...::...)
  --generated auto  compare with a render where the files hold generated objects or a Kptfile
                    pipeline runs the function (default); require: everywhere; ignore: never
  --max-input-size SIZE
                    read at most SIZE in all (default ${formatSize(DEFAULT_MAX_INPUT)}, or ${MAX_INPUT_ENV};
                    K, M, G suffixes)

exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or input that
cannot be read (missing path, YAML that does not parse, nothing on stdin, input too large)
`;

export interface CheckArgs extends CommonArgs {
  format: Format;
  generated: GeneratedMode;
  maxInput?: number;
}

export function parseCheckArgs(args: readonly string[]): CheckArgs {
  const c = parseCommand(args, ['format', 'generated', 'max-input-size']);
  const out: CheckArgs = {
    format: formatOption(c.values.format, FORMATS) as Format,
    generated: choiceOption('--generated', c.values.generated, GENERATED_MODES, 'auto'),
    paths: c.paths,
    stdin: c.stdin,
    help: c.help,
    ...maxInputOption(c.values),
  };
  if (!out.help) requireInput(out);
  return out;
}

export function runCheck(args: string[]): Promise<number> {
  return runCommand('check', CHECK_USAGE, args, parseCheckArgs, async (opts, budget) => {
    let report;
    if (opts.stdin) {
      const text = await readInputStdin('check', budget);
      report = checkFiles([{ path: STDIN_PATH, text }], { stdin: true, generated: opts.generated, gunzip });
      if (report.summary.documents === 0) throw noDocumentError();
      // Objects annotated with their file (kpt, kustomize): show them there when it still matches.
      const origins = originPaths(report);
      if (origins.length > 0) report = relocate(report, readExisting(origins, budget));
    } else {
      const { files, problems, ignores } = collectFiles(opts.paths, budget, { packages: true });
      report = checkFiles(files, {
        problems,
        ignores,
        generated: opts.generated,
        gunzip,
        existing: (p) => readExisting([p], budget).get(p),
      });
    }
    await write(process.stdout, formatReport(report, opts.format));
    return report.exitCode;
  });
}
