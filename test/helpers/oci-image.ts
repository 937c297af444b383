// A one-layer OCI image built on disk from Node alone (no Docker, no tar binary), and its push
// to a registry with skopeo.
//
// The layer is a gzip'd tar holding one file whose text names the image, so two images made
// with different labels have different digests: the manifest digest that a pull returns tells
// which registry's copy was served.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runSkopeo, skopeoGlobalArgs, type SkopeoEnv } from './skopeo.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** One ustar header field: `value` as octal, zero-padded to `width - 1` digits, then NUL. */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A tar archive (ustar) holding regular files, with fixed owner and time so it is reproducible. */
export function tarArchive(files: Array<{ name: string; content: Buffer | string; mode?: number }>): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const content = Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8');
    if (Buffer.byteLength(file.name) > 100) throw new Error(`tar name too long: ${file.name}`);
    const header = Buffer.alloc(512, 0);
    header.write(file.name, 0, 100, 'utf8'); // name
    header.write(octal(file.mode ?? 0o644, 8), 100, 8, 'ascii'); // mode
    header.write(octal(0, 8), 108, 8, 'ascii'); // uid
    header.write(octal(0, 8), 116, 8, 'ascii'); // gid
    header.write(octal(content.length, 12), 124, 12, 'ascii'); // size
    header.write(octal(0, 12), 136, 12, 'ascii'); // mtime: the epoch, for reproducible digests
    header.write('        ', 148, 8, 'ascii'); // checksum: spaces while summing
    header.write('0', 156, 1, 'ascii'); // typeflag: regular file
    header.write('ustar\0', 257, 6, 'ascii'); // magic
    header.write('00', 263, 2, 'ascii'); // version
    header.write('root', 265, 32, 'ascii'); // uname
    header.write('root', 297, 32, 'ascii'); // gname
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    blocks.push(header, content);
    const pad = (512 - (content.length % 512)) % 512;
    if (pad > 0) blocks.push(Buffer.alloc(pad, 0));
  }
  blocks.push(Buffer.alloc(1024, 0)); // end of archive: two zero blocks
  return Buffer.concat(blocks);
}

export interface OciImage {
  /** The OCI layout directory (`oci:DIR:TAG`). */
  dir: string;
  tag: string;
  label: string;
  manifestDigest: string;
  manifest: Buffer;
  configDigest: string;
  layerDigest: string;
}

/**
 * Writes an OCI image layout (oci-layout, index.json, blobs/sha256/…) with one image tagged
 * `tag`, whose single layer holds `/e2e-image.txt` = `label`.
 */
export function buildOciImage(dir: string, tag: string, label: string): OciImage {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const putBlob = (data: Buffer): { digest: string; size: number } => {
    const digest = sha256(data);
    writeFileSync(join(blobs, digest.slice('sha256:'.length)), data);
    return { digest, size: data.length };
  };

  const tar = tarArchive([{ name: 'e2e-image.txt', content: `${label}\n` }]);
  // gzip with a fixed header (no name, mtime 0): the same label gives the same digest.
  const layer = putBlob(gzipSync(tar, { level: 9 }));
  const config = putBlob(
    Buffer.from(
      JSON.stringify({
        created: '1970-01-01T00:00:00Z',
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { 'dev.image-tag-mirrors.e2e': label } },
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        history: [{ created: '1970-01-01T00:00:00Z', created_by: 'test/helpers/oci-image.ts' }],
      }),
    ),
  );
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, ...config },
      layers: [{ mediaType: OCI_LAYER_GZIP, ...layer }],
      annotations: { 'dev.image-tag-mirrors.e2e': label },
    }),
  );
  const manifest = putBlob(manifestBytes);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
  return {
    dir,
    tag,
    label,
    manifestDigest: manifest.digest,
    manifest: manifestBytes,
    configDigest: config.digest,
    layerDigest: layer.digest,
  };
}

/**
 * Pushes `image` to `docker://<destination>` (e.g. `127.0.0.1:5000/team/app:v1`) over plain
 * HTTP, with skopeo's manifest kept byte for byte (so the pushed digest is `image.manifestDigest`).
 * To a TLS registry: `certDir` holds its CA; `creds` ("user:password") for one with auth.
 */
export async function pushImage(
  image: OciImage,
  destination: string,
  env: SkopeoEnv,
  o: { certDir?: string; creds?: string } = {},
): Promise<void> {
  const result = await runSkopeo(
    [
      ...skopeoGlobalArgs(env, env.emptyRegistriesConf),
      'copy',
      '--retry-times=0',
      ...(o.certDir !== undefined ? ['--dest-cert-dir', o.certDir] : ['--dest-tls-verify=false']),
      ...(o.creds !== undefined ? ['--dest-creds', o.creds] : []),
      '--preserve-digests',
      `oci:${image.dir}:${image.tag}`,
      `docker://${destination}`,
    ],
    { home: env.home, timeoutMs: 60_000 },
  );
  if (result.code !== 0) {
    throw new Error(`skopeo copy to ${destination} failed (${result.code}):\n${result.stderr}`);
  }
}
