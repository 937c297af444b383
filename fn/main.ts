// The only place that touches stdin, stdout, stderr and the exit code.
import { fstatSync, readSync } from 'node:fs';
import { FUNCTION_NAME } from '../src/constants.js';
import { processResourceList } from '../src/function/process.js';
import { ResourceListError } from '../src/krm/read.js';
import { formatResult } from '../src/krm/result.js';

const USAGE = `usage:
  ${FUNCTION_NAME}                      KRM function: ResourceList on stdin, ResourceList on stdout
  ${FUNCTION_NAME} check [--format text|json|github] PATH...|-
                                         validate HostedClusters in YAML files, folders, or stdin (-)
  ${FUNCTION_NAME} explain IMAGE --cluster NAME [--namespace NS] [--format text|json] PATH...|-
                                         print where a node of that cluster would pull IMAGE from
`;

export async function readStdinBytes(): Promise<Buffer> {
  // A file on stdin (`< list.yaml`): read it into one buffer of its size, no second copy.
  let isFile = false;
  try {
    isFile = fstatSync(0).isFile();
  } catch {
    // no stdin at all: read it as a stream, which ends at once
  }
  if (isFile) {
    const stat = fstatSync(0);
    const buf = Buffer.allocUnsafe(stat.size);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(0, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return n === buf.length ? buf : buf.subarray(0, n);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export async function readStdin(): Promise<string> {
  return (await readStdinBytes()).toString('utf8');
}

function write(stream: NodeJS.WriteStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (err) => (err ? reject(err) : resolve())));
}

/**
 * Writes the pieces in order. Untouched input goes out as views of the input bytes (no
 * copy); small pieces are gathered so a list with many edits is not many tiny writes.
 */
async function writePieces(stream: NodeJS.WriteStream, pieces: readonly (string | Uint8Array)[]): Promise<void> {
  let small: string[] = [];
  const flush = async () => {
    if (small.length) await write(stream, small.join(''));
    small = [];
  };
  for (const p of pieces) {
    if (typeof p === 'string' && p.length < 1 << 16) small.push(p);
    else {
      await flush();
      await write(stream, p);
    }
  }
  await flush();
}

async function runFunction(): Promise<number> {
  const outcome = processResourceList(await readStdinBytes());
  await writePieces(process.stdout, outcome.output);
  const errors = outcome.results.filter((r) => r.severity === 'error');
  if (errors.length) {
    // kustomize shows no results, only stderr: say what failed there too.
    const lines = errors.map((r) => `${FUNCTION_NAME}: ${formatResult(r)}`);
    await write(process.stderr, `${lines.join('\n')}\n${FUNCTION_NAME}: ${errors.length} error(s)\n`);
  }
  return outcome.failed ? 1 : 0;
}

/** `check` and `explain` are command-line modes of the same bundle; no argument is the KRM function. */
async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  // A reader that stops early (`| head`) closes the pipe: stop quietly, no stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 1);
    process.stderr.write(`${FUNCTION_NAME}: cannot write the output: ${e.message}\n`);
    process.exit(1);
  });
  try {
    if (command === 'check') return await (await import('./check.js')).runCheck(args);
    if (command === 'explain') return await (await import('./explain.js')).runExplain(args);
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (command !== undefined) {
      process.stderr.write(`${FUNCTION_NAME}: unknown command "${command}"\n${USAGE}`);
      return 2;
    }
    return await runFunction();
  } catch (e) {
    const message =
      e instanceof ResourceListError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`${FUNCTION_NAME}: ${message}\n`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
