import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArtifactStore, S3ArtifactStore, createArtifactStore } from './index.ts';
import { artifactStoreContract } from './store-contract.ts';

let root: string;
let store: FsArtifactStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'artifact-store-'));
  store = new FsArtifactStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under the store's root, temp files included. */
async function allFiles(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('FsArtifactStore', () => {
  artifactStoreContract(() => store);

  it('keeps each key as a file under its root', async () => {
    await store.put('models/abc/model.json', Buffer.from('{"a":1}'));
    expect(existsSync(join(root, 'models', 'abc', 'model.json'))).toBe(true);
  });

  it('leaves no temp files after streaming, failing or overwriting', async () => {
    await store.putStream('up/data.bin', (async function* () {
      yield Buffer.alloc(10_000, 1);
    })());
    await expect(
      store.putStream('up/broken.bin', (async function* () {
        yield Buffer.alloc(1000, 1);
        throw new Error('connection reset');
      })()),
    ).rejects.toThrow('connection reset');
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.put('x/data', Buffer.alloc(1 << 16, i))));
    expect((await allFiles(root)).sort()).toEqual(['data', 'data.bin']);
  });

  it('ignores stray temp files when listing', async () => {
    await store.put('k/a', new Uint8Array([1]));
    await writeFile(join(root, 'k', 'a~1234.tmp'), 'partial');
    expect(await store.list('k')).toEqual(['k/a']);
  });
});

describe('createArtifactStore', () => {
  const s3Env = { S3_ENDPOINT: 'http://127.0.0.1:9000', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' };

  it('accepts fs:// URLs and plain paths', () => {
    expect((createArtifactStore(`fs://${root}`, {}) as FsArtifactStore).root).toBe(root);
    expect((createArtifactStore(root, {}) as FsArtifactStore).root).toBe(root);
  });

  it('accepts s3://<bucket>[/<prefix>]', () => {
    for (const [url, bucket, prefix] of [
      ['s3://distillery/artifacts', 'distillery', 'artifacts'],
      ['s3://distillery/a/b/', 'distillery', 'a/b'],
      ['s3://my.bucket-1', 'my.bucket-1', ''],
      ['S3://distillery/', 'distillery', ''],
    ] as const) {
      const opened = createArtifactStore(url, s3Env);
      expect(opened).toBeInstanceOf(S3ArtifactStore);
      expect(opened).toMatchObject({ bucket, prefix });
    }
  });

  it.each([
    ['ftp://host/x', /ARTIFACT_STORE "ftp:\/\/host\/x" is not usable: the scheme ftp:\/\/ is not supported; use fs:\/\/<dir>.* or s3:\/\/<bucket>/],
    ['fs://', /ARTIFACT_STORE "fs:\/\/" is not usable: it names no directory/],
    ['s3://', /ARTIFACT_STORE "s3:\/\/" is not usable: "" is not a bucket name/],
    ['s3://Upper/x', /"Upper" is not a bucket name/],
    ['s3://ab', /"ab" is not a bucket name/],
    ['s3://key:secret@bucket/x', /is not a bucket name/],
    ['s3://bucket/../x', /ARTIFACT_STORE .* it has a '\.\.' segment/],
    ['s3://bucket/a b', /ARTIFACT_STORE .* segments may only hold/],
    ['s3://bucket/a%2Fb', /ARTIFACT_STORE .* segments may only hold/],
    ['s3://bucket//x', /ARTIFACT_STORE .* empty segment/],
  ])('refuses %j with one line naming ARTIFACT_STORE', (url, message) => {
    expect(() => createArtifactStore(url, s3Env)).toThrow(message);
    expect(() => createArtifactStore(url, s3Env)).toThrow(/^[^\n]*$/);
  });

  it('names the S3 variable at fault', () => {
    expect(() => createArtifactStore('s3://bucket', { S3_ENDPOINT: 'minio:9000' })).toThrow(/^S3_ENDPOINT must be an http\(s\) URL .*got "minio:9000"$/);
    expect(() => createArtifactStore('s3://bucket', { AWS_ACCESS_KEY_ID: 'id' })).toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together/);
    // The fs store does not read them.
    expect(() => createArtifactStore(root, { S3_ENDPOINT: 'minio:9000' })).not.toThrow();
  });
});
