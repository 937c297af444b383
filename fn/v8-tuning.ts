// V8 settings a KRM function run takes from the size of its input, set at run time (node:v8)
// once the input is read: kpt and kustomize start `node dist/fn.js` (or the image's entry point)
// with no options of ours. Each one only trades time against memory or compile work; the output
// is the same with or without them (test/fn/v8-tuning.test.ts).

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
 * (31 paired runs each, wall; Node.js 26, 2 cores; on Node.js 24 0.95x-0.96x wall and 0.83x-0.85x
 * CPU on the first three): the fleet of 1,000 clusters (3 MB) 0.83x,
 * its second run (9 MB) 0.84x, 10,000 items with 1,000 clusters (5.5 MB) 0.80x, 1,000 items
 * (0.4 MB) 0.95x, 10,000 items (3.7 MB) 0.98x, 2,000 clusters (6 MB) 0.92x; from 4,000
 * clusters (12 MB) on, TurboFan wins (1.01x; 10,000 clusters, 30 MB: 1.11x). Below the range
 * TurboFan seldom starts, and loading node:v8 costs a small run's start-up more than it saves.
 */
const SHORT_RUN = { from: 128 * 1024, to: 10 * 1024 * 1024 };

/**
 * Whether V8 runs Maglev: by default from V8 13 (Node.js 24) on; Node.js 22 leaves it off, and
 * without it and TurboFan a run is left to the baseline compiler (the fleet: 2.1x slower).
 */
export function maglevOn(execArgv: readonly string[] = process.execArgv, v8 = process.versions.v8): boolean {
  for (let i = execArgv.length - 1; i >= 0; i--) {
    if (execArgv[i] === '--maglev') return true;
    if (execArgv[i] === '--no-maglev') return false;
  }
  return Number(v8.split('.')[0]) >= 13;
}

/** Leaves TurboFan out of this run when Maglev is there to take its place (V8 reads the flag at each tier-up decision). */
function withoutTurbofan(): void {
  if (!maglevOn()) return;
  try {
    process.getBuiltinModule?.('node:v8')?.setFlagsFromString('--no-turbofan');
  } catch {
    // an engine without the flag: all tiers
  }
}

/** The settings for an input of `bytes`: memory for a large one, no TurboFan for a short run. */
export function tuneV8(bytes: number): void {
  if (bytes >= LARGE_INPUT) keepHeapSmall();
  else if (bytes >= SHORT_RUN.from && bytes < SHORT_RUN.to) withoutTurbofan();
}
