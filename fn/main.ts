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

/**
 * From this input size on, the run's memory is worth a few more young-generation collections
 * (on a 1,000-cluster fleet, 3 MB, or its own output run again, 9 MB, they cost 6-7% more time
 * for 10-20 MB less: the fleet stays under 100 MB without them).
 */
const LARGE_INPUT = 16 * 1024 * 1024;

/**
 * V8 doubles the young generation (up to 2 x 16 MiB and more on Node.js 24+) as a run allocates;
 * on a large list most of that is garbage of one item, so the peak memory grew with the input
 * without any time gained: measured on 10,000 clusters (30 MB), 233 -> 187 MiB peak at the same
 * CPU. And after a full collection V8 lets the old generation grow to about twice what it kept
 * before it collects again; half as much again is enough for a list read once (10,000 clusters:
 * 171 -> 153 MiB peak, the same time). Both flags are read when V8 sizes the heap, so setting
 * them now still counts.
 */
function keepHeapSmall(): void {
  try {
    // Loaded here: node:v8 costs a small run's start-up more than it saves.
    const v8 = process.getBuiltinModule?.('node:v8');
    v8?.setFlagsFromString('--semi-space-growth-factor=1');
    v8?.setFlagsFromString('--heap-growing-percent=50');
  } catch {
    // an engine without the flags: the default sizing
  }
}

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
  if (input.length >= LARGE_INPUT) keepHeapSmall();
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
