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

/**
 * Inputs in this range make runs of about 50 to 350 ms: they end before TurboFan's code pays
 * for its compile. TurboFan compiles the reader's and the writer's hot functions on a second
 * thread (on a 1,000-cluster fleet about 100 ms of CPU in a 150 ms run, on a 2-core machine
 * beside the main thread and the collector's), and its code arrives when most of the work is
 * done; Maglev's, the tier below, arrives early and costs little. Measured with TurboFan off
 * (31 paired runs each, wall; Node.js 26, 2 cores): the fleet of 1,000 clusters (3 MB) 0.83x,
 * its second run (9 MB) 0.84x, 10,000 items with 1,000 clusters (5.5 MB) 0.80x, 1,000 items
 * (0.4 MB) 0.95x, 10,000 items (3.7 MB) 0.98x, 2,000 clusters (6 MB) 0.92x; from 4,000
 * clusters (12 MB) on, TurboFan wins (1.01x; 10,000 clusters, 30 MB: 1.11x). Below the range
 * TurboFan seldom starts, and loading node:v8 costs a small run's start-up more than it saves.
 */
const SHORT_RUN = { from: 128 * 1024, to: 10 * 1024 * 1024 };

/** Leaves TurboFan out of this run (V8 reads the flag at each tier-up decision). */
function withoutTurbofan(): void {
  try {
    process.getBuiltinModule?.('node:v8')?.setFlagsFromString('--no-turbofan');
  } catch {
    // an engine without the flag: all tiers
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
  else if (input.length >= SHORT_RUN.from && input.length < SHORT_RUN.to) withoutTurbofan();
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
