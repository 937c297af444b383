// Command-line options of `check` and `explain`, read with node:util parseArgs. A mistake is a
// UsageError: the command prints it with its usage and exits 2.
import { parseArgs } from 'node:util';
import { EXIT, FUNCTION_NAME } from '../src/constants.js';
import { escapeText } from '../src/krm/escape.js';
import { parseSize } from './io.js';

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

/**
 * Runs a command: its exit code, or 2 with a one-line message for anything it throws (and the
 * usage after a usage error). Never a stack trace.
 */
export async function runCommand(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    // A usage mistake gets the usage; anything else (input too large, nothing on stdin) one line.
    const after = e instanceof UsageError ? `\n\n${usage}` : '\n';
    process.stderr.write(`${FUNCTION_NAME} ${name}: ${escapeText((e as Error)?.message ?? String(e))}${after}`);
    return EXIT.usage;
  }
}
