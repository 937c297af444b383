// gunzip as Ignition does it: Ignition decompresses `compression: gzip` with Go's
// compress/gzip `gzip.NewReader` (internal/resource/url.go uncompress), whose Reader is
// multistream. After a member's trailer it reads the next gzip header: end of input exactly
// there is the end, any other byte must start a complete valid member, so padding (zeros) or
// garbage after the last member fails the fetch ("gzip: invalid header", "unexpected EOF") and
// the node never gets the file. node:zlib's gunzip stops at trailing zeros and accepts them,
// so the members are framed here, with Go's header rules, and only the deflate data goes to
// zlib.
import { crc32, inflateRawSync } from 'node:zlib';
import { fail, ok, type Outcome } from '../src/outcome.js';
import type { Gunzip } from '../src/generate/objects.js';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
/** Go's Reader reads a name or comment into a 512-byte buffer, NUL included. */
const MAX_STRING = 512;

const ERR_HEADER = 'gzip: invalid header';
const UNEXPECTED_EOF = 'unexpected EOF';

/** Go's readHeader: the offset of the member's deflate data, or Go's error. */
function headerEnd(data: Uint8Array, start: number): Outcome<number> {
  if (data.length - start < 10) return fail(start === data.length ? 'EOF' : UNEXPECTED_EOF);
  if (data[start] !== 0x1f || data[start + 1] !== 0x8b || data[start + 2] !== 8) return fail(ERR_HEADER);
  const flags = data[start + 3]!; // reserved bits are ignored by Go (zlib refuses them)
  let pos = start + 10;
  if (flags & FEXTRA) {
    if (pos + 2 > data.length) return fail(UNEXPECTED_EOF);
    pos += 2 + (data[pos]! | (data[pos + 1]! << 8));
    if (pos > data.length) return fail(UNEXPECTED_EOF);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const nul = data.subarray(pos, pos + MAX_STRING).indexOf(0);
    if (nul < 0) return fail(data.length - pos < MAX_STRING ? UNEXPECTED_EOF : ERR_HEADER);
    pos += nul + 1;
  }
  if (flags & FHCRC) {
    if (pos + 2 > data.length) return fail(UNEXPECTED_EOF);
    const want = data[pos]! | (data[pos + 1]! << 8);
    if ((crc32(data.subarray(start, pos)) & 0xffff) !== want) return fail(ERR_HEADER);
    pos += 2;
  }
  return ok(pos);
}

const u32le = (d: Uint8Array, i: number) => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;

/**
 * Every member decompressed and checked (CRC-32 and size trailer), the whole cut off at
 * maxBytes (zlib stops there: a zip bomb never expands in memory).
 */
export const gunzip: Gunzip = (data, maxBytes) => {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  for (let member = 1; member === 1 || pos < data.length; member++) {
    const at = ` (member ${member}, byte ${pos})`;
    const body = headerEnd(data, pos);
    if (!body.ok) return fail(`not valid gzip data: ${body.error}${at}`);
    let out: Buffer;
    let used: number;
    try {
      const r = inflateRawSync(data.subarray(body.value), {
        info: true,
        maxOutputLength: Math.max(1, maxBytes - total),
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      out = r.buffer;
      used = r.engine.bytesWritten;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE') return fail(`more than ${maxBytes} bytes once decompressed`);
      const why = err.code === 'Z_BUF_ERROR' ? UNEXPECTED_EOF : `flate: ${err.message}`;
      return fail(`not valid gzip data: ${why}${at}`);
    }
    total += out.length;
    if (total > maxBytes) return fail(`more than ${maxBytes} bytes once decompressed`);
    pos = body.value + used;
    if (pos + 8 > data.length) return fail(`not valid gzip data: ${UNEXPECTED_EOF}${at}`);
    if (u32le(data, pos) !== crc32(out) || u32le(data, pos + 4) !== out.length >>> 0)
      return fail(`not valid gzip data: gzip: invalid checksum${at}`);
    pos += 8;
    parts.push(out);
  }
  return ok(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
};
