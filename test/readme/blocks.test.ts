// The README block reader of test/readme/commands.test.ts: markers, fences, commands.
import { describe, expect, it } from 'vitest';
import { commandsOf, parseMarker, shellBlocks } from '../helpers/readme-blocks.js';

describe('the README block reader', () => {
  it.each([
    ['', { exit: 0, needs: [], cwd: '.' }],
    ['skip needs a container engine', { exit: 0, needs: [], cwd: '.', skip: 'needs a container engine' }],
    ['exit=1 needs=kpt,kustomize cwd=examples/x', { exit: 1, needs: ['kpt', 'kustomize'], cwd: 'examples/x' }],
    ['stdout-contains="rendered/ matches"', { exit: 0, needs: [], cwd: '.', stdoutContains: 'rendered/ matches' }],
  ])('marker %j', (text, want) => {
    expect(parseMarker(text)).toEqual(want);
  });
  it('refuses an unknown option (a typo must not turn a check off)', () => {
    expect(() => parseMarker('exits=1')).toThrow(/unknown readme-test option "exits"/);
  });
  it('reads sh blocks, with their marker, indented in a list, and leaves other blocks alone', () => {
    const md = [
      'text',
      '<!-- readme-test: exit=2 -->',
      '```sh',
      'a \\',
      '  b',
      '```',
      '```yaml',
      'k: v',
      '```',
      '2. item:',
      '',
      '   ```sh',
      "   cat <<'X'",
      '   X',
      '   ```',
    ].join('\n');
    expect(shellBlocks(md, 'R.md')).toEqual([
      {
        file: 'R.md',
        line: 3,
        script: 'a \\\n  b\n',
        commands: [{ text: 'a \\\n  b\n', line: 4, exit: 2 }],
        exit: 2,
        needs: [],
        cwd: '.',
      },
      {
        file: 'R.md',
        line: 12,
        script: "cat <<'X'\nX\n",
        commands: [{ text: "cat <<'X'\nX\n", line: 13, exit: 0 }],
        exit: 0,
        needs: [],
        cwd: '.',
      },
    ]);
  });
  it.each([
    [
      'comments and continuations',
      ['# a comment', 'kpt fn eval x --exec ./dist/fn.js   # exits 1 and writes nothing', 'a \\', '  b # exits 3', ''],
      [
        [11, 1],
        [12, 0],
      ],
    ],
    [
      'a heredoc is one command, with the command after it',
      ["cat > f <<'K'", 'x: 1', 'K', 'rm f'],
      [
        [10, 0],
        [13, 0],
      ],
    ],
  ])('commands: %s', (_, lines, want) => {
    expect(commandsOf(lines as string[], 10).map((c) => [c.line, c.exit])).toEqual(want);
  });
  it('refuses a marker before a block that never runs', () => {
    expect(() => shellBlocks('<!-- readme-test: exit=1 -->\n```text\nx\n```\n', 'R.md')).toThrow(
      /R.md:1: a readme-test marker before a text block/,
    );
  });
});
