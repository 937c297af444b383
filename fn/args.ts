// What the commands (check, explain, registries-conf, probe) share: their command-line options,
// read with node:util parseArgs, their input, and how they run. A mistake in the options is a
// UsageError: the command prints it with its usage and exits 2. Only the commands import this
// (lazily), so the KRM function's start-up does not load it.
import { parseArgs } from 'node:util';
import { EXIT, FUNCTION_NAME } from '../src/constants.js';
import { escapeText } from '../src/krm/escape.js';
import { STDIN_PATH } from '../src/check/subjects.js';
import { collectFiles, type CollectedFiles } from './files.js';
import { InputBudget, parseSize, readInputStdin, write } from './io.js';

export class UsageError extends Error {}

/** What every command reads: its paths, or stdin ("-"), or --help. */
export interface CommonArgs {
  paths: string[];
  stdin: boolean;
  help: boolean;
}

/** The options of a command, and its positionals ("-" is stdin). */
export interface CommandArgs extends CommonArgs {
  /** A repeatable option: every value in order (an empty list when not given). */
  values: Record<string, string | boolean | string[] | undefined>;
}

/**
 * Parses `args` against string options (each `--name VALUE` or `--name=VALUE`) and --help/-h;
 * `--` ends the options. Checked here rather than by parseArgs' strict mode, so that each
 * mistake gets our own one-line message.
 */
export function parseCommand(
  args: readonly string[],
  stringOptions: readonly string[],
  booleanOptions: readonly string[] = [],
  /** String options that may be given several times (`--image A --image B`). */
  repeatableOptions: readonly string[] = [],
): CommandArgs {
  const options = Object.fromEntries([
    ...stringOptions.map((name) => [name, { type: 'string' as const }]),
    ...repeatableOptions.map((name) => [name, { type: 'string' as const, multiple: true }]),
    ...booleanOptions.map((name) => [name, { type: 'boolean' as const }]),
    ['help', { type: 'boolean' as const, short: 'h' }],
  ]);
  const flags = new Set(['help', ...booleanOptions]);
  const { values, tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const paths: string[] = [];
  let stdin = false;
  let afterTerminator = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') afterTerminator = true;
    if (t.kind === 'positional') {
      // "-" is stdin, unless it comes after "--" (then it is a path named "-").
      if (t.value === '-' && !afterTerminator) stdin = true;
      else paths.push(t.value);
    }
    if (t.kind !== 'option') continue;
    if (!(t.name in options)) throw new UsageError(`unknown option ${t.rawName}`);
    if (flags.has(t.name)) {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`);
      continue;
    }
    // parseArgs takes the next argument even when it looks like an option; "-" is a value.
    const looksLikeOption = !t.inlineValue && t.value !== undefined && t.value.startsWith('-') && t.value !== '-';
    if (t.value === undefined || looksLikeOption) throw new UsageError(`${t.rawName} needs a value`);
  }
  const out: CommandArgs['values'] = { ...values };
  for (const name of repeatableOptions) out[name] ??= [];
  return { values: out, paths, stdin, help: values.help === true };
}

/** Either stdin or paths, not both and not neither. */
export function requireInput(c: Pick<CommonArgs, 'paths' | 'stdin'>): void {
  if (c.stdin && c.paths.length > 0) throw new UsageError('read either stdin (-) or paths, not both');
  if (!c.stdin && c.paths.length === 0) throw new UsageError('no input: give files or directories, or - for stdin');
}

/** --format must be one of `formats`; the default is text. */
export function formatOption(value: unknown, formats: readonly string[]): string {
  if (value === undefined) return 'text';
  if (typeof value !== 'string' || !formats.includes(value))
    throw new UsageError(`--format must be one of ${formats.join(', ')}, not "${String(value)}"`);
  return value;
}

/** A string option that must be one of `choices`; `fallback` when absent. */
export function choiceOption<T extends string>(name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw new UsageError(`${name} must be one of ${choices.join(', ')}, not "${String(value)}"`);
  return value as T;
}

/** A byte count: 1000000, 64K, 128M, 1G (binary units; "KiB", "MB" and "b" suffixes read the same). */
export function sizeOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? parseSize(value) : undefined;
  if (n === undefined) throw new UsageError(`${name} must be a size such as 64M or 1G, not "${String(value)}"`);
  return n;
}

/** --max-input-size, when given: `{ maxInput }` to merge into a command's options. */
export function maxInputOption(values: CommandArgs['values']): { maxInput?: number } {
  const max = sizeOption('--max-input-size', values['max-input-size']);
  return max === undefined ? {} : { maxInput: max };
}

/** The cluster a command is about, as --cluster and --namespace name it (only those given). */
export interface ClusterChoice {
  cluster?: string;
  namespace?: string;
}

/** --cluster and --namespace; an empty --cluster is a mistake. */
export function clusterOptions(values: CommandArgs['values']): ClusterChoice {
  const { cluster, namespace } = values;
  const out: ClusterChoice = {};
  if (typeof cluster === 'string') {
    if (cluster === '') throw new UsageError('--cluster needs a name');
    out.cluster = cluster;
  }
  if (typeof namespace === 'string') out.namespace = namespace;
  return out;
}

/** The cluster choice of parsed options, without keys for what was not given. */
export function clusterChoice(opts: ClusterChoice): ClusterChoice {
  return {
    ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
    ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
  };
}

/**
 * Runs a command whose options `parse` reads: --help prints the usage (exit 0), otherwise `body`
 * runs with the options and the input budget (--max-input-size) and gives the exit code. Anything
 * thrown is exit 2 with a one-line message (and the usage after a usage error), never a stack trace.
 */
export async function runCommand<T extends CommonArgs & { maxInput?: number }>(
  name: string,
  usage: string,
  args: readonly string[],
  parse: (args: readonly string[]) => T,
  body: (opts: T, budget: InputBudget) => Promise<number>,
): Promise<number> {
  try {
    const opts = parse(args);
    if (opts.help) {
      await write(process.stdout, usage);
      return EXIT.clean;
    }
    return await body(opts, new InputBudget(opts.maxInput));
  } catch (e) {
    // A usage mistake gets the usage; anything else (input too large, nothing on stdin) one line.
    const after = e instanceof UsageError ? `\n\n${usage}` : '\n';
    process.stderr.write(`${FUNCTION_NAME} ${name}: ${escapeText((e as Error)?.message ?? String(e))}${after}`);
    return EXIT.usage;
  }
}

/** A command's input: stdin ("-") as one file named STDIN_PATH, or the YAML files under paths. */
export async function readInput(
  opts: Pick<CommonArgs, 'paths' | 'stdin'>,
  command: string,
  budget: InputBudget,
): Promise<CollectedFiles> {
  if (!opts.stdin) return collectFiles(opts.paths, budget);
  return { files: [{ path: STDIN_PATH, text: await readInputStdin(command, budget) }], problems: [], ignores: [] };
}
