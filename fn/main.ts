// The only place that touches stdin, stdout, stderr and the exit code.
import { FUNCTION_NAME } from '../src/constants.js';
import { processResourceList } from '../src/process.js';
import { ResourceListError } from '../src/resource-list/index.js';
import { formatResult } from '../src/results.js';

const USAGE = `usage:
  ${FUNCTION_NAME}                      KRM function: ResourceList on stdin, ResourceList on stdout
  ${FUNCTION_NAME} check [--format text|json|github] PATH...|-
                                         validate HostedClusters in YAML files, folders, or stdin (-)
  ${FUNCTION_NAME} explain IMAGE --cluster NAME [--namespace NS] PATH...|-
                                         print where a node of that cluster would pull IMAGE from
`;

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}

async function runFunction(): Promise<number> {
  const input = await readStdin();
  const outcome = processResourceList(input);
  await write(process.stdout, outcome.output);
  const errors = outcome.results.filter((r) => r.severity === 'error');
  if (errors.length) {
    // kustomize shows no results, only stderr: say what failed there too.
    const lines = errors.map((r) => `${FUNCTION_NAME}: ${formatResult(r)}`);
    await write(process.stderr, `${lines.join('\n')}\n${FUNCTION_NAME}: ${errors.length} error(s); nothing generated for the clusters named above\n`);
  }
  return outcome.failed ? 1 : 0;
}

/** `check` and `explain` are command-line modes of the same bundle; no argument is the KRM function. */
async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
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
    const message = e instanceof ResourceListError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`${FUNCTION_NAME}: ${message}\n`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
