// Command-line options of `check` and `explain`, read with node:util parseArgs. A mistake is a
// UsageError: the command prints it with its usage and exits 2.
import { parseArgs } from 'node:util';
import { EXIT, FUNCTION_NAME } from '../src/constants.js';

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

/** Options beyond the single-valued strings: flags, and strings that may be given again. */
export interface MoreOptions {
  /** Flags that take no value (`--require-mirror`). */
  booleans?: readonly string[];
  /** String options that may be given several times (`--image A --image B`). */
  repeatable?: readonly string[];
}

/**
 * Parses `args` against string options (each `--name VALUE` or `--name=VALUE`) and --help/-h;
 * `--` ends the options. Checked here rather than by parseArgs' strict mode, so that each
 * mistake gets our own one-line message.
 */
export function parseCommand(
  args: readonly string[],
  stringOptions: readonly string[],
  more: MoreOptions = {},
): CommandArgs {
  const booleans = new Set(['help', ...(more.booleans ?? [])]);
  const repeatable = more.repeatable ?? [];
  const options = Object.fromEntries([
    ...stringOptions.map((name) => [name, { type: 'string' as const }]),
    ...repeatable.map((name) => [name, { type: 'string' as const, multiple: true }]),
    ...(more.booleans ?? []).map((name) => [name, { type: 'boolean' as const }]),
    ['help', { type: 'boolean' as const, short: 'h' }],
  ]);
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
    if (booleans.has(t.name)) {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`);
      continue;
    }
    // parseArgs takes the next argument even when it looks like an option; "-" is a value.
    const looksLikeOption = !t.inlineValue && t.value !== undefined && t.value.startsWith('-') && t.value !== '-';
    if (t.value === undefined || looksLikeOption) throw new UsageError(`${t.rawName} needs a value`);
  }
  const out: CommandArgs['values'] = { ...values };
  for (const name of repeatable) out[name] ??= [];
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

/**
 * Runs a command: its exit code, or 2 with a one-line message for anything it throws (and the
 * usage after a usage error). Never a stack trace.
 */
export async function runCommand(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const after = e instanceof UsageError ? `\n\n${usage}` : '\n';
    process.stderr.write(`${FUNCTION_NAME} ${name}: ${(e as Error)?.message ?? String(e)}${after}`);
    return EXIT.usage;
  }
}
