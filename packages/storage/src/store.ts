import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DistilleryError } from '@distillery/contracts';
import { assertValidKey, isKeySegment } from './keys.ts';
import { S3ArtifactStore, createS3Client } from './s3-store.ts';
import { parseArtifactStoreUrl } from './store-url.ts';

export interface ArtifactStore {
  /** Atomic: readers see either the old content or the new, never part of a file. */
  put(key: string, data: Uint8Array): Promise<void>;
  /**
   * Streams `source` to `key`, atomically like put(): nothing is visible at `key` until the
   * whole stream has been written, and nothing is left behind when the stream fails.
   * Resolves to the number of bytes written.
   */
  putStream(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<number>;
  /** Throws DistilleryError('artifact_not_found') when missing. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  size(key: string): Promise<number>;
  createReadStream(key: string): Promise<Readable>;
  /** Keys under a folder-like prefix (recursive), sorted; the prefix itself if it is a key. Empty lists everything. */
  list(prefix: string): Promise<string[]>;
  deletePrefix(prefix: string): Promise<void>;
}

/** Errors that mean "nothing at that key": missing file, a file where a folder was expected, or a folder. */
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

function isNotFound(error: unknown): boolean {
  return NOT_FOUND_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

function notFound(key: string): DistilleryError {
  return new DistilleryError('artifact_not_found', `No artifact at '${key}'.`);
}

/** Stores each key as a file under `root`. */
export class FsArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file for a key; validated, and checked to stay inside the root as a second line of defence. */
  private pathOf(key: string, what = 'key'): string {
    assertValidKey(key, what);
    const path = resolve(this.root, ...key.split('/'));
    const inside = relative(this.root, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new DistilleryError('invalid_request', `Artifact ${what} '${key}' leaves the store.`);
    return path;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // '~' is outside the key charset, so a temp file can never collide with a key or be listed as one.
    const temp = `${path}~${randomUUID()}.tmp`;
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async putStream(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<number> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}~${randomUUID()}.tmp`;
    const handle = await open(temp, 'wx');
    let bytes = 0;
    try {
      // One awaited write per chunk: backpressure without a stream pipeline to manage.
      for await (const chunk of source) {
        const bytesOf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        await handle.write(bytesOf);
        bytes += bytesOf.byteLength;
      }
      await handle.sync();
      await handle.close();
      await rename(temp, path);
      return bytes;
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (error) {
      if (isNotFound(error)) throw notFound(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async size(key: string): Promise<number> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw notFound(key);
      return info.size;
    } catch (error) {
      if (isNotFound(error)) throw notFound(key);
      throw error;
    }
  }

  async createReadStream(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    // Opening first makes a missing key reject here, rather than surface later as a stream 'error'.
    let handle;
    try {
      handle = await open(path, 'r');
      if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    } catch (error) {
      await handle?.close();
      if (isNotFound(error)) throw notFound(key);
      throw error;
    }
    return handle.createReadStream();
  }

  async list(prefix: string): Promise<string[]> {
    const trimmed = prefix.replace(/\/$/, '');
    const start = trimmed === '' ? this.root : this.pathOf(trimmed, 'prefix');
    let info;
    try {
      info = await stat(start);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    if (info.isFile()) return [trimmed];
    const keys: string[] = [];
    await this.collect(start, trimmed, keys);
    return keys.sort();
  }

  private async collect(folder: string, keyPrefix: string, keys: string[]): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
      if (isNotFound(error)) return []; // removed while we walked
      throw error;
    });
    for (const entry of entries) {
      if (!isKeySegment(entry.name)) continue; // temp files and anything not written through the store
      const key = keyPrefix === '' ? entry.name : `${keyPrefix}/${entry.name}`;
      if (entry.isDirectory()) await this.collect(join(folder, entry.name), key, keys);
      else if (entry.isFile()) keys.push(key);
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    // No empty prefix: wiping the whole store should never be one typo away.
    await rm(this.pathOf(prefix.replace(/\/$/, ''), 'prefix'), { recursive: true, force: true });
  }
}

/**
 * The store an ARTIFACT_STORE URL names: `fs://<dir>` or a plain path, or `s3://<bucket>[/<prefix>]`
 * with S3_ENDPOINT, AWS_REGION and credentials read from `env` (see parseArtifactStoreUrl).
 */
export function createArtifactStore(url: string, env: NodeJS.ProcessEnv = process.env): ArtifactStore {
  const location = parseArtifactStoreUrl(url, env);
  if (location.kind === 'fs') return new FsArtifactStore(location.root);
  return new S3ArtifactStore({ client: createS3Client(location, env), bucket: location.bucket, prefix: location.prefix });
}
