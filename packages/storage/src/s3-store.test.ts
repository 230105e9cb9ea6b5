import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startS3Server, type S3Server } from '../../../test/helpers/s3.ts';
import { S3ArtifactStore, createArtifactStore, createS3Client, parseArtifactStoreUrl } from './index.ts';
import { artifactStoreContract } from './store-contract.ts';

// A real S3-protocol server (s3rver) on loopback; each test gets a store under a fresh prefix.
let server: S3Server;
let prefix: string;
let store: S3ArtifactStore;

beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  prefix = `t-${randomUUID()}`;
  store = open(prefix);
});

function open(storePrefix: string, options: { pageSize?: number } = {}): S3ArtifactStore {
  const location = parseArtifactStoreUrl(`s3://${server.bucket}/${storePrefix}`, server.env);
  if (location.kind !== 's3') throw new Error('expected an S3 location');
  return new S3ArtifactStore({ client: createS3Client(location, server.env), bucket: location.bucket, prefix: location.prefix, ...options });
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('S3ArtifactStore', () => {
  artifactStoreContract(() => store);

  it('is what createArtifactStore makes of an s3:// URL', async () => {
    const opened = createArtifactStore(`s3://${server.bucket}/${prefix}`, server.env);
    await opened.put('k', Buffer.from('via url'));
    expect((await store.get('k')).toString()).toBe('via url');
  });

  it('lists and deletes across many pages', async () => {
    const paged = open(prefix, { pageSize: 7 });
    const keys = Array.from({ length: 40 }, (_, i) => `p/${i % 3}/k${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => paged.put(key, new Uint8Array([1]))));
    await paged.put('q', new Uint8Array([1]));
    expect(await paged.list('p')).toEqual([...keys].sort());
    expect(await paged.list('')).toEqual([...keys, 'q'].sort());
    await paged.deletePrefix('p');
    expect(await store.list('')).toEqual(['q']);
  });

  it('keeps two stores in one bucket apart by prefix', async () => {
    const [a, b] = [open(`${prefix}/tenant`), open(`${prefix}/tenant2`)];
    await a.put('m/1', Buffer.from('a'));
    await b.put('m/1', Buffer.from('b'));
    expect((await a.get('m/1')).toString()).toBe('a');
    expect(await a.list('')).toEqual(['m/1']); // not tenant2's
    await a.deletePrefix('m');
    expect(await a.exists('m/1')).toBe(false);
    expect((await b.get('m/1')).toString()).toBe('b');
    expect(await store.list('')).toEqual(['tenant2/m/1']);
  });

  it('lists only keys it could have written, and deletes everything under a prefix', async () => {
    const client = createS3Client({ kind: 's3', bucket: server.bucket, prefix, endpoint: server.env.S3_ENDPOINT, region: 'us-east-1' }, server.env);
    const foreign = `${prefix}/k/not a key.txt`;
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: foreign, Body: 'x' }));
    await store.put('k/a', new Uint8Array([1]));
    expect(await store.list('k')).toEqual(['k/a']);
    await store.deletePrefix('k');
    await expect(client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: foreign }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('streams a multipart upload and reports the source error when one fails', async () => {
    const part = 5 * 1024 * 1024;
    async function* parts(count: number, fail: boolean) {
      for (let i = 0; i < count; i++) yield Buffer.alloc(part / 4, i);
      if (fail) throw new Error('client went away');
    }
    expect(await store.putStream('big', parts(10, false))).toBe(10 * (part / 4));
    const stored = await store.get('big');
    expect([stored.length, stored[0], stored.at(-1)]).toEqual([10 * (part / 4), 0, 9]);
    // Past the first part the upload is multipart; its failure must not publish anything.
    await expect(store.putStream('broken', parts(6, true))).rejects.toThrow('client went away');
    expect(await store.list('')).toEqual(['big']);
  });

  it('does not mistake a missing bucket for a missing artifact', async () => {
    const missing = createArtifactStore('s3://no-such-bucket/x', server.env);
    await expect(missing.get('k')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(missing.put('k', new Uint8Array([1]))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('reports an unreachable server as store_unavailable (503)', async () => {
    const down = createArtifactStore(`s3://${server.bucket}/x`, { ...server.env, S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
    const calls = [
      () => down.put('k', new Uint8Array([1])),
      () => down.putStream('k', Readable.from([Buffer.from('x')])),
      () => down.get('k'),
      () => down.exists('k'),
      () => down.size('k'),
      () => down.createReadStream('k'),
      () => down.list('m'),
      () => down.deletePrefix('m'),
    ];
    // All at once: each spends the SDK's retries before giving up.
    const outcomes = await Promise.allSettled(calls.map((call) => call()));
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { name: 'DistilleryError', code: 'store_unavailable', status: 503 } });
    }
  });
});
