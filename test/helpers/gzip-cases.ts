// gzip inputs and what Go's compress/gzip Reader (multistream, as Ignition reads
// `compression: gzip`) does with each: the text it reads, or the start of its error. Checked
// against Go 1.27's compress/gzip (gzip.NewReader + io.ReadAll) when written.
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface GzipCase {
  name: string;
  data: Buffer;
  /** The decompressed text, or the error Go reports. */
  want: { text: string } | { error: string };
}

const gz = (s: string) => gzipSync(s);
const cat = (...parts: (Buffer | number[])[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A member with a hand-made header: flags, then the optional fields as bytes. */
function member(text: string, flags: number, fields: number[] = [], hcrc: 'good' | 'bad' | 'none' = 'none'): Buffer {
  const head = cat([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255], fields);
  const crc = hcrc === 'none' ? [] : le16((crc32(head) & 0xffff) ^ (hcrc === 'bad' ? 1 : 0));
  const body = Buffer.from(text);
  return cat(head, crc, deflateRawSync(body), le32(crc32(body)), le32(body.length));
}

const A = 'unqualified-search-registries = ["a.example"]\n';
const B = '[[registry]]\nlocation = "b.example"\n';
const one = gz(A);
const name = (n: number) => [...Buffer.from('x'.repeat(n)), 0];

export const GZIP_CASES: GzipCase[] = [
  { name: 'one member', data: one, want: { text: A } },
  { name: 'two members concatenated', data: cat(gz(A), gz(B)), want: { text: A + B } },
  { name: 'three members, one of them empty', data: cat(gz(A), gz(''), gz(B)), want: { text: A + B } },
  { name: 'trailing zero bytes (16)', data: cat(one, Buffer.alloc(16)), want: { error: 'gzip: invalid header' } },
  { name: 'one trailing zero byte', data: cat(one, [0]), want: { error: 'unexpected EOF' } },
  {
    name: 'trailing garbage',
    data: cat(one, Buffer.from('garbage after the member')),
    want: { error: 'gzip: invalid header' },
  },
  { name: 'trailing newline', data: cat(one, [10]), want: { error: 'unexpected EOF' } },
  { name: 'second member truncated', data: cat(one, gz(B).subarray(0, 20)), want: { error: 'unexpected EOF' } },
  {
    name: 'second member without its trailer',
    data: cat(one, gz(B).subarray(0, -8)),
    want: { error: 'unexpected EOF' },
  },
  {
    name: 'second member, then zeros',
    data: cat(one, gz(B), Buffer.alloc(10)),
    want: { error: 'gzip: invalid header' },
  },
  {
    name: 'only the header of a second member',
    data: cat(one, gz(B).subarray(0, 10)),
    want: { error: 'unexpected EOF' },
  },
  { name: 'truncated in the deflate data', data: one.subarray(0, 20), want: { error: 'unexpected EOF' } },
  { name: 'trailer cut short', data: one.subarray(0, -4), want: { error: 'unexpected EOF' } },
  { name: 'empty input', data: Buffer.alloc(0), want: { error: 'EOF' } },
  { name: 'not gzip at all', data: Buffer.from(A), want: { error: 'gzip: invalid header' } },
  {
    name: 'compression method other than deflate',
    data: cat([0x1f, 0x8b, 7], one.subarray(3)),
    want: { error: 'gzip: invalid header' },
  },
  {
    name: 'wrong CRC-32 in the trailer',
    data: cat(one.subarray(0, -8), le32(crc32(Buffer.from(A)) ^ 1), one.subarray(-4)),
    want: { error: 'gzip: invalid checksum' },
  },
  {
    name: 'wrong size in the trailer',
    data: cat(one.subarray(0, -4), le32(A.length + 1)),
    want: { error: 'gzip: invalid checksum' },
  },
  { name: 'file name in the header', data: member(A, 0x08, name(20)), want: { text: A } },
  { name: 'file name of 511 bytes (Go reads 512 with the NUL)', data: member(A, 0x08, name(511)), want: { text: A } },
  { name: 'file name of 512 bytes', data: member(A, 0x08, name(512)), want: { error: 'gzip: invalid header' } },
  { name: 'comment and extra field', data: member(A, 0x14, [...le16(3), 1, 2, 3, ...name(5)]), want: { text: A } },
  { name: 'reserved flag bits (Go ignores them, zlib refuses)', data: member(A, 0xe0), want: { text: A } },
  { name: 'header CRC right', data: member(A, 0x02, [], 'good'), want: { text: A } },
  { name: 'header CRC wrong', data: member(A, 0x02, [], 'bad'), want: { error: 'gzip: invalid header' } },
  {
    name: 'file name never ends',
    data: cat([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 255], Buffer.from('abc')),
    want: { error: 'unexpected EOF' },
  },
  {
    name: 'corrupt deflate data',
    data: cat(one.subarray(0, 10), [0xff, 0xff, 0xff], one.subarray(13)),
    want: { error: 'flate: ' },
  },
];
