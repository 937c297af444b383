// The entry point: dispatches to the KRM function (no argument) or a command-line mode
// (check, explain, registries-conf, probe: loaded on first use, so the function's start-up stays
// cheap), and sets the exit code. With io.ts, the only place that touches stdin, stdout, stderr and files.
import { CODE, EXIT, FUNCTION_NAME } from '../src/constants.js';
import { processResourceList } from '../src/function/process.js';
import { ResourceListError } from '../src/krm/read.js';
import { escapeText } from '../src/krm/escape.js';
import { formatResult } from '../src/krm/result.js';
import { VERSION } from '../src/version.js';
import { InputBudget, InputError, readStdinBytes, stdinIsTerminal, write, writePiecesSync } from './io.js';
import { CHECK_SYNOPSIS, EXPLAIN_SYNOPSIS, PROBE_SYNOPSIS, REGISTRIES_CONF_SYNOPSIS } from './usage.js';
import { tuneV8 } from './v8-tuning.js';

const USAGE = `usage:
  ${FUNCTION_NAME} --version
      print the version
  ${FUNCTION_NAME}
      KRM function: ResourceList on stdin, ResourceList on stdout
  ${CHECK_SYNOPSIS}
      validate HostedClusters in YAML files, folders, or stdin (-); find stale generated objects
  ${EXPLAIN_SYNOPSIS}
      print where a node of that cluster would pull IMAGE from
  ${REGISTRIES_CONF_SYNOPSIS}
      print the registries.conf a cluster's nodes get
  ${PROBE_SYNOPSIS}
      ask the mirrors whether the images can be pulled as a node of that cluster would
  ${FUNCTION_NAME} COMMAND --help
      the options of a command
`;

// The commands' code (and what only they use) is loaded on first use: the function's start-up
// stays cheap. In dist/fn.js it is a unit compiled only then (scripts/build.mjs).
const commands = () => import('./commands.js');

async function runFunction(): Promise<number> {
  if (stdinIsTerminal()) {
    // kpt and kustomize pipe a ResourceList in; a terminal means someone typed the command.
    process.stderr.write(
      `${FUNCTION_NAME}: stdin is a terminal: pipe a ResourceList in (${FUNCTION_NAME} < list.yaml), or see --help\n`,
    );
    return EXIT.usage;
  }
  // kpt and kustomize pass no arguments: the limit comes from the environment.
  const input = await readStdinBytes(new InputBudget(undefined, 'variable'));
  tuneV8(input.length);
  const outcome = processResourceList(input);
  writePiecesSync(1, outcome.output);
  // kustomize (and Argo CD, Flux) shows no results, only stderr: say there what failed, and
  // what the user must act on (warnings; the NodePool wiring generator mode leaves to them).
  // kpt prints the results and the function's stderr: there, errors only (as before).
  const shown = outcome.results.filter(
    (r) =>
      r.severity === 'error' ||
      (!outcome.underKpt && (r.severity === 'warning' || r.tags?.code === CODE.nodePoolWiring)),
  );
  if (shown.length) {
    const count = (severity: string, word: string) => {
      const n = shown.filter((r) => r.severity === severity).length;
      return n ? [`${n} ${word}(s)`] : [];
    };
    const lines = shown.map((r) => `${FUNCTION_NAME}: ${formatResult(r)}`);
    const total = [...count('error', 'error'), ...count('warning', 'warning'), ...count('info', 'info')];
    await write(process.stderr, `${lines.join('\n')}\n${FUNCTION_NAME}: ${total.join(', ')}\n`);
  }
  return outcome.failed ? EXIT.errors : EXIT.clean;
}

/** `check` and `explain` are command-line modes of the same bundle; no argument is the KRM function. */
async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  // A reader that stops early (`| head`) closes the pipe: stop quietly, no stack trace. (The
  // function writes fd 1 itself; the commands write through process.stdout.)
  if (command !== undefined)
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 1);
      process.stderr.write(`${FUNCTION_NAME}: cannot write the output: ${escapeText(e.message)}\n`);
      process.exit(1);
    });
  try {
    if (command === 'check') return await (await commands()).runCheck(args);
    if (command === 'explain') return await (await commands()).runExplain(args);
    if (command === '--version') {
      process.stdout.write(`${FUNCTION_NAME} ${VERSION}\n`);
      return EXIT.clean;
    }
    if (command === 'registries-conf') return await (await commands()).runRegistriesConf(args);
    if (command === 'probe') return await (await commands()).runProbe(args);
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      return EXIT.clean;
    }
    if (command !== undefined) {
      process.stderr.write(`${FUNCTION_NAME}: unknown command "${escapeText(command)}"\n${USAGE}`);
      return EXIT.usage;
    }
    return await runFunction();
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT.errors;
    const message =
      e instanceof ResourceListError || e instanceof InputError
        ? e.message
        : `internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`${FUNCTION_NAME}: ${escapeText(message)}\n`);
    return EXIT.errors;
  }
}

main().then((code) => {
  process.exitCode = code;
});
