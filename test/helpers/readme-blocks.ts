// The shell blocks of the README files (README.md, examples/*/README.md), with what the README
// says about running each; test/readme/commands.test.ts runs them.
//
// Every ```sh (bash, shell) block is run, from the repository root, unless the line
// before its fence says otherwise with an HTML comment (GitHub does not show it):
//   <!-- readme-test: skip REASON -->                       not run; the reason is printed
//   <!-- readme-test: needs=kpt,kustomize -->               run where those tools are (names of
//                                                           test/helpers/tools.ts TOOLS; skipped
//                                                           with the tool's message otherwise)
//   <!-- readme-test: cwd=examples/x exit=1 -->             another directory, another exit code
//   <!-- readme-test: stdout-contains="rendered/ matches" -->
// A block runs command by command (a `\` continuation or a heredoc belongs to its command),
// each expected to exit 0, or N when its own trailing comment starts with `exits N`, which is
// how the READMEs describe a failing command (`kpt fn eval … # exits 1 and writes nothing`).
// Blocks in other languages (yaml, text, ``` without a language) show files or output and are
// never run; a marker before one is an error.

export interface Command {
  text: string;
  /** 1-based line in the README. */
  line: number;
  exit: number;
}

export interface ShellBlock {
  /** README path relative to the repository root, and the 1-based line of the opening fence. */
  file: string;
  line: number;
  script: string;
  commands: Command[];
  skip?: string;
  exit: number;
  needs: string[];
  cwd: string;
  stdoutContains?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)[^\n]*$/;
const MARKER = /^\s*<!--\s*readme-test:\s*(.*?)\s*-->\s*$/;
const SHELL = new Set(['sh', 'bash', 'shell']);

/** key=value pairs (value may be "quoted"), and `skip REASON…` which takes the rest. */
export function parseMarker(text: string): Pick<ShellBlock, 'skip' | 'exit' | 'needs' | 'cwd' | 'stdoutContains'> {
  const out: Pick<ShellBlock, 'skip' | 'exit' | 'needs' | 'cwd' | 'stdoutContains'> = { exit: 0, needs: [], cwd: '.' };
  const skip = /^skip\b\s*(.*)$/.exec(text);
  if (skip) return { ...out, skip: skip[1] || 'no reason given' };
  for (const m of text.matchAll(/(\w[\w-]*)=(?:"([^"]*)"|(\S+))/g)) {
    const [, key, quoted, bare] = m;
    const value = quoted ?? bare ?? '';
    if (key === 'exit') out.exit = Number(value);
    else if (key === 'needs') out.needs = value.split(',').filter(Boolean);
    else if (key === 'cwd') out.cwd = value;
    else if (key === 'stdout-contains') out.stdoutContains = value;
    else throw new Error(`unknown readme-test option "${key}" in "${text}"`);
  }
  return out;
}

/** The shell blocks of one Markdown text, in order. A fence inside a list item may be indented. */
export function shellBlocks(markdown: string, file: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let end = i + 1;
    while (
      end < lines.length &&
      !(lines[end]!.trim().startsWith(fence!) && lines[end]!.trim().replace(/[`~]/g, '') === '')
    )
      end++;
    if (end >= lines.length) throw new Error(`${file}:${i + 1}: code block never closed`);
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l));
    let prev = i - 1;
    while (prev >= 0 && lines[prev]!.trim() === '') prev--;
    const marker = prev >= 0 ? MARKER.exec(lines[prev]!) : null;
    if (SHELL.has(lang!)) {
      const { exit, ...options } = parseMarker(marker?.[1] ?? '');
      blocks.push({
        file,
        line: i + 1,
        script: `${body.join('\n')}\n`,
        commands: commandsOf(body, i + 2, exit),
        exit,
        ...options,
      });
    } else if (marker) {
      throw new Error(
        `${file}:${prev + 1}: a readme-test marker before a ${lang || 'plain'} block (only sh blocks run)`,
      );
    }
    i = end;
  }
  return blocks;
}

/**
 * The commands of a block's lines (the first at README line `first`): comment-only lines
 * dropped, `\` continuations and heredoc bodies kept with their command.
 */
export function commandsOf(lines: string[], first: number, defaultExit = 0): Command[] {
  const out: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!;
    if (/^\s*(#.*)?$/.test(text)) continue;
    while (/\\$/.test(text) && i + 1 < lines.length) text += `\n${lines[++i]}`;
    const heredoc = /<<-?\s*(['"]?)(\w+)\1/.exec(text);
    if (heredoc) {
      while (i + 1 < lines.length && lines[i]!.trim() !== heredoc[2]) text += `\n${lines[++i]}`;
    }
    const comment = /\s#\s*exits (\d+)\b[^\n]*$/.exec(text.split('\n')[0]!);
    out.push({ text: `${text}\n`, line: first + start, exit: comment ? Number(comment[1]) : defaultExit });
  }
  return out;
}
