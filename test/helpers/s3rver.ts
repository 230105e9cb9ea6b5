import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * An s3rver process for the tests: `node --openssl-legacy-provider --import tsx s3rver.ts <dir>`.
 * It serves a fresh data folder on a free loopback port, prints `{"port":N}` once listening, and
 * exits on SIGTERM or when its parent goes away (stdin closes). The flag is needed because s3rver
 * encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
 */

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

interface S3rverInstance {
  store: FilesystemStore;
  context: { store: FilesystemStore };
  run(): Promise<AddressInfo>;
}

// s3rver is CommonJS without type declarations: the little of it used here is typed above.
const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as new (root: string) => FilesystemStore;

/**
 * s3rver keeps each object in a file and differs from S3 in two ways the store's tests would trip
 * over. It writes an object in place, so a GET during a PUT can read half of it, where S3 shows an
 * object only once it is complete; here objects are written to a staging folder and renamed into
 * place. And deleting objects in parallel (DeleteObjects does) races on removing the emptied
 * folders and answers 500; here that clean-up tolerates a folder that is already gone or refilled.
 */
class FaithfulFilesystemStore extends FilesystemStore {
  constructor(
    root: string,
    private readonly staging: string,
  ) {
    super(root);
  }

  override async putObject(object: StoredObject): Promise<{ size: number; md5: string }> {
    const staged = path.join(this.staging, randomUUID());
    const hash = createHash('md5');
    let size = 0;
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(
        content,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(staged),
      );
      await moveInto(staged, this.getResourcePath(object.bucket, object.key, 'object'));
    } catch (error) {
      await rm(staged, { force: true });
      throw error;
    }
    const md5 = hash.digest('hex');
    await this.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size, md5 };
  }

  override async deleteObject(bucket: string, key: string): Promise<void> {
    try {
      await super.deleteObject(bucket, key);
    } catch (error) {
      // The object's files are unlinked before the folder clean-up that raced.
      if (!['ENOENT', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}

/** Renames `file` to `target`, creating its folder; again if a concurrent delete removed the folder meanwhile. */
async function moveInto(file: string, target: string, attempts = 3): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await rename(file, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempts <= 1) throw error;
    await moveInto(file, target, attempts - 1);
  }
}

const root = process.argv[2];
if (!root) throw new Error('usage: s3rver.ts <data folder>');
const buckets = path.join(root, 'buckets');
const staging = path.join(root, 'staging');
await mkdir(staging, { recursive: true });
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: buckets });
server.store = server.context.store = new FaithfulFilesystemStore(buckets, staging);
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

// Nothing to flush (every object is on disk once acknowledged), so stopping is exiting: SIGTERM's
// default does that, and a parent that went away without a signal is noticed by its pipe closing.
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
