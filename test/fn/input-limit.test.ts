// The one input size limit of fn/io.ts: one default for the function and every command, the
// variable's and the option's grammar, the budget counted over everything a run reads.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_INPUT, InputBudget, InputError, MAX_INPUT_ENV, maxInputBytes, parseSize } from '../../fn/io.js';
import { sizeOption, UsageError } from '../../fn/args.js';

describe('parseSize: one grammar for the variable and --max-input-size', () => {
  // [text, bytes or undefined]
  const TABLE: [string, number | undefined][] = [
    ['1', 1],
    ['300', 300],
    ['64K', 64 * 1024],
    ['64k', 64 * 1024],
    ['512M', 512 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['8MB', 8 * 1024 ** 2],
    [' 2 M ', 2 * 1024 ** 2],
    ['0', undefined],
    ['-1', undefined],
    ['1T', undefined],
    ['1.5M', undefined],
    ['lots', undefined],
    ['', undefined],
  ];
  it.each(TABLE)('%j', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
    if (bytes === undefined) expect(() => sizeOption('--max-input-size', text)).toThrow(UsageError);
    else expect(sizeOption('--max-input-size', text)).toBe(bytes);
  });
});

describe('the limit', () => {
  it('defaults to 256 MiB for every run, from the variable otherwise', () => {
    expect(DEFAULT_MAX_INPUT).toBe(256 * 1024 ** 2);
    expect(maxInputBytes({})).toBe(DEFAULT_MAX_INPUT);
    expect(maxInputBytes({ [MAX_INPUT_ENV]: '  ' })).toBe(DEFAULT_MAX_INPUT);
    expect(maxInputBytes({ [MAX_INPUT_ENV]: '512M' })).toBe(512 * 1024 ** 2);
    expect(() => maxInputBytes({ [MAX_INPUT_ENV]: '1T' })).toThrow(InputError);
  });
  it('the option wins; the budget counts every read together', () => {
    const b = new InputBudget(100);
    expect(b.limit).toBe(100);
    b.take(60, 'a.yaml');
    expect(b.left).toBe(40);
    expect(() => b.take(41, 'b.yaml')).toThrow(
      'b.yaml: input larger than 100 bytes in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)',
    );
  });
  it("the function's budget names the variable", () => {
    const b = new InputBudget(1024, 'variable');
    expect(() => b.take(1025, 'stdin')).toThrow(
      'stdin is larger than 1 KiB, the input size limit: set IMAGE_TAG_MIRRORS_MAX_INPUT (bytes, or like 512M) to allow more',
    );
  });
});
