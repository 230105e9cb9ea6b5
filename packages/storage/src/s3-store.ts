import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertValidKey } from './keys.ts';
import { isMissingObject, storeError } from './s3-errors.ts';
import type { ArtifactStore } from './store.ts';
import type { ArtifactStoreLocation } from './store-url.ts';

type S3Location = Extract<ArtifactStoreLocation, { kind: 's3' }>;

export interface S3ArtifactStoreOptions {
  client: S3Client;
  bucket: string;
  /** Folder-like prefix that holds this store's keys; '' for the whole bucket. */
  prefix?: string;
  /** Keys per ListObjectsV2 page and per DeleteObjects batch; S3 allows at most 1000. */
  pageSize?: number;
  /** Part size of streamed (multipart) uploads; S3 wants at least 5 MiB. */
  partSize?: number;
}

const MAX_PAGE = 1000;
const MIN_PART = 5 * 1024 * 1024;

/**
 * Stores each key as the object `<prefix>/<key>` in one bucket. S3 makes an object visible only
 * once its PUT (or multipart upload) completes and serves each GET from one version, which gives
 * the atomicity the ArtifactStore contract asks for without temp objects or renames.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly pageSize: number;
  private readonly partSize: number;

  constructor(options: S3ArtifactStoreOptions) {
    const { client, bucket, prefix = '', pageSize = MAX_PAGE, partSize = MIN_PART } = options;
    if (prefix !== '') assertValidKey(prefix, 'bucket prefix');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) throw new RangeError(`pageSize must be 1-${MAX_PAGE}`);
    if (partSize < MIN_PART) throw new RangeError(`partSize must be at least ${MIN_PART} bytes`);
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.pageSize = pageSize;
    this.partSize = partSize;
  }

  /**
   * The object key for a store key. Keys are validated (plain segments, no `.` or `..`), and so is
   * the prefix, so the joined name can never leave the prefix, even on servers that map keys to files.
   */
  private objectKey(key: string, what = 'key'): string {
    assertValidKey(key, what);
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }

  /** The store key for an object key under the prefix; undefined for objects not written through a store. */
  private storeKey(objectKey: string): string | undefined {
    const key = this.prefix === '' ? objectKey : objectKey.slice(this.prefix.length + 1);
    try {
      assertValidKey(key);
      return key;
    } catch {
      return undefined;
    }
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: data, ContentLength: data.byteLength }));
    } catch (error) {
      throw storeError(error);
    }
  }

  async putStream(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<number> {
    const Key = this.objectKey(key);
    let bytes = 0;
    let sourceError: unknown;
    async function* counted(): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of source) {
          const data: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          bytes += data.byteLength;
          yield data;
        }
      } catch (error) {
        sourceError = error;
        throw error;
      }
    }
    // An upload that fails is aborted (leavePartsOnError: false), so no object ever appears.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: Readable.from(counted()) },
      partSize: this.partSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
      return bytes;
    } catch (error) {
      // The caller hears why its stream failed, not how the abort that followed went.
      throw sourceError ?? storeError(error);
    }
  }

  async get(key: string): Promise<Buffer> {
    const bytes = await (await this.body(key)).transformToByteArray();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.head(key);
      return true;
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw storeError(error);
    }
  }

  async size(key: string): Promise<number> {
    try {
      return (await this.head(key)).ContentLength ?? 0;
    } catch (error) {
      throw storeError(error, key);
    }
  }

  async createReadStream(key: string): Promise<Readable> {
    // In Node the SDK hands back the HTTP response itself: the object streams from the socket.
    const body = await this.body(key);
    if (!(body instanceof Readable)) throw new Error('the S3 client returned a body that is not a Node stream');
    return body;
  }

  async list(prefix: string): Promise<string[]> {
    const trimmed = prefix.replace(/\/$/, '');
    const under = trimmed === '' ? this.folder('') : this.folder(this.objectKey(trimmed, 'prefix'));
    const keys: string[] = [];
    for await (const page of this.pages(under)) {
      for (const objectKey of page) {
        const key = this.storeKey(objectKey);
        if (key !== undefined) keys.push(key);
      }
    }
    if (keys.length === 0 && trimmed !== '' && (await this.exists(trimmed))) return [trimmed];
    return keys.sort();
  }

  async deletePrefix(prefix: string): Promise<void> {
    // No empty prefix (assertValidKey refuses it): wiping the whole store should never be one typo away.
    const objectKey = this.objectKey(prefix.replace(/\/$/, ''), 'prefix');
    await this.deleteObjects([objectKey]);
    // Each page is deleted before the next is asked for; the continuation token still holds.
    for await (const page of this.pages(this.folder(objectKey))) await this.deleteObjects(page);
  }

  /** `name/` (a folder-like prefix), or this store's whole prefix for ''. `m` must not match `m10/x`. */
  private folder(objectKey: string): string {
    if (objectKey === '') return this.prefix === '' ? '' : `${this.prefix}/`;
    return `${objectKey}/`;
  }

  private async head(key: string) {
    return this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  private async body(key: string) {
    const Key = this.objectKey(key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!Body) throw new Error(`S3 returned no body for '${Key}'`);
      return Body;
    } catch (error) {
      throw storeError(error, key);
    }
  }

  /** Object keys under `objectPrefix`, a ListObjectsV2 page at a time. */
  private async *pages(objectPrefix: string): AsyncGenerator<string[]> {
    let ContinuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: objectPrefix, MaxKeys: this.pageSize, ContinuationToken }),
        );
      } catch (error) {
        throw storeError(error);
      }
      yield (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  private async deleteObjects(objectKeys: string[]): Promise<void> {
    if (objectKeys.length === 0) return;
    let result;
    try {
      result = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objectKeys.map((Key) => ({ Key })), Quiet: true } }),
      );
    } catch (error) {
      throw storeError(error);
    }
    const failed = result.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0]!;
      throw new Error(`could not delete ${failed.length} object(s) from bucket ${this.bucket}, e.g. '${first.Key}': ${first.Code} ${first.Message}`);
    }
  }
}

/**
 * An S3 client for the location. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in
 * `env` when set there, otherwise from the SDK's default chain (profiles, instance roles).
 */
export function createS3Client(location: S3Location, env: NodeJS.ProcessEnv = process.env): S3Client {
  const config: S3ClientConfig = { region: location.region };
  if (location.endpoint) {
    config.endpoint = location.endpoint;
    // MinIO and most S3-compatible servers address buckets by path, not by host name.
    config.forcePathStyle = true;
    // Checksums only where S3 requires them: the SDK's newer default (CRC32, with aws-chunked
    // trailers for streams) is not understood by every S3-compatible server.
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return new S3Client(config);
}
