// writePiecesSync (fn/io.ts): the function's output, put together in one reused buffer, is
// every piece's bytes in order, whatever their mix: text (ASCII and not), views of the input
// short and long, pieces larger than the buffer, and more pieces than one writev takes.
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePiecesSync } from '../../fn/io.js';

const dir = mkdtempSync(join(tmpdir(), 'write-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** What writePiecesSync writes to a file for these pieces. */
function written(pieces: (string | Uint8Array)[]): Buffer {
  const path = join(dir, `out-${n++}`);
  const fd = openSync(path, 'w');
  try {
    writePiecesSync(fd, pieces);
  } finally {
    closeSync(fd);
  }
  return readFileSync(path);
}

const bytesOf = (pieces: (string | Uint8Array)[]) =>
  Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const MiB = 1 << 20;
const input = Buffer.from(Array.from({ length: 3 * MiB }, (_, i) => 97 + (i % 26)));

describe('writePiecesSync', () => {
  const TABLE: [string, (string | Uint8Array)[]][] = [
    ['nothing', []],
    ['empty pieces', ['', new Uint8Array(0), '']],
    ['text and short views in turn', ['items:\n', input.subarray(0, 10), '- a\n', input.subarray(10, 20)]],
    ['multi-byte text (é, 😀, U+2028)', ['é', 'x😀y', '\u2028', input.subarray(0, 3), 'ü'.repeat(1000)]],
    ['a view longer than what is copied', ['a', input.subarray(0, 100_000), 'b']],
    ['a view longer than the buffer', [input.subarray(0, 2 * MiB + 7), 'end']],
    ['text longer than a third of the buffer', ['x'.repeat(400_000), 'y'.repeat(400_000)]],
    ['text longer than the buffer, ASCII and not', ['a'.repeat(MiB + 3), 'é'.repeat(MiB), 'z']],
    [
      'text that fills the buffer to the byte',
      ['q'.repeat(MiB / 3), 'r'.repeat(MiB / 3), 's'.repeat(MiB / 3 + 1), 't'],
    ],
    [
      'more pieces than one writev takes',
      Array.from({ length: 5000 }, (_, i) => (i % 2 ? `line ${i}\n` : input.subarray(i * 20_000, i * 20_000 + 17_000))),
    ],
  ];
  it.each(TABLE)('%s: every byte, in order', (_, pieces) => {
    const want = bytesOf(pieces);
    const got = written(pieces);
    expect(got.length).toBe(want.length);
    expect(got.equals(want)).toBe(true);
  });

  it('pieces made as they are consumed (a generator) are written as made', () => {
    function* pieces() {
      for (let i = 0; i < 20_000; i++)
        yield i % 3 === 0 ? input.subarray(i, i + 50) : `item ${i}: ${'é'.repeat(i % 7)}\n`;
    }
    expect(written([...pieces()]).equals(bytesOf([...pieces()]))).toBe(true);
    const path = join(dir, 'gen');
    const fd = openSync(path, 'w');
    writePiecesSync(fd, pieces());
    closeSync(fd);
    expect(readFileSync(path).equals(bytesOf([...pieces()]))).toBe(true);
  });
});
