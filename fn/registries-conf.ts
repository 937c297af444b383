// `registries-conf`: print the registries.conf a cluster's nodes get; see src/explain/registries-conf.ts.
import { EXIT, FUNCTION_NAME } from '../src/constants.js';
import { CONF_SOURCES, type ConfSource } from '../src/explain/confs.js';
import { registriesConfInFiles } from '../src/explain/registries-conf.js';
import { escapeText } from '../src/krm/escape.js';
import {
  choiceOption,
  clusterChoice,
  clusterOptions,
  maxInputOption,
  parseCommand,
  readInput,
  requireInput,
  runCommand,
  type ClusterChoice,
  type CommonArgs,
} from './args.js';
import { gunzip } from './gzip.js';
import { noDocumentError, write } from './io.js';
import { REGISTRIES_CONF_SYNOPSIS } from './usage.js';

export const REGISTRIES_CONF_USAGE = `usage: ${REGISTRIES_CONF_SYNOPSIS}

Prints the /etc/containers/registries.conf the nodes of a HostedCluster get, byte for byte:

  --from spec        what the function renders from the cluster's spec now (default): the files
                     are rendered as check renders them (a kpt package with its Kptfile's
                     function config, the files under a path given, or the stream on stdin)
  --from committed   what the committed generated ConfigMap (<cluster>-image-tag-mirrors) holds:
                     its MachineConfig's data URL, decoded

--cluster (and --namespace) pick a cluster; without them every HostedCluster found is printed.
Several clusters (or --all) print each after a line "# ==> NAMESPACE/NAME (from SOURCE) <==",
sorted, so the output of two checkouts diffs cluster by cluster (examples/ci).

exit status: 0 printed, 1 no such cluster, or nothing to print for one (errors, nothing
committed), 2 usage error or input that cannot be read
`;

export interface RegistriesConfArgs extends CommonArgs, ClusterChoice {
  all: boolean;
  from: ConfSource;
  maxInput?: number;
}

export function parseRegistriesConfArgs(args: readonly string[]): RegistriesConfArgs {
  const c = parseCommand(args, ['cluster', 'namespace', 'from', 'max-input-size'], ['all']);
  const out: RegistriesConfArgs = {
    from: choiceOption('--from', c.values.from, CONF_SOURCES, 'spec'),
    all: c.values.all === true,
    paths: c.paths,
    stdin: c.stdin,
    help: c.help,
    ...maxInputOption(c.values),
  };
  if (out.help) return out;
  requireInput(out);
  return Object.assign(out, clusterOptions(c.values));
}

export function runRegistriesConf(args: string[]): Promise<number> {
  return runCommand('registries-conf', REGISTRIES_CONF_USAGE, args, parseRegistriesConfArgs, async (opts, budget) => {
    const input = await readInput(opts, 'registries-conf', budget);
    const out = registriesConfInFiles(input.files, {
      gunzip,
      from: opts.from,
      all: opts.all,
      problems: input.problems,
      stdin: opts.stdin,
      ignores: input.ignores,
      ...clusterChoice(opts),
    });
    if (opts.stdin && out.exitCode !== EXIT.usage && out.documents === 0) throw noDocumentError();
    if (out.stdout) await write(process.stdout, out.stdout);
    if (out.stderr.length)
      await write(
        process.stderr,
        out.stderr.map((l) => `${FUNCTION_NAME} registries-conf: ${escapeText(l)}\n`).join(''),
      );
    return out.exitCode;
  });
}
