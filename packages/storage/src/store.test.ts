import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArtifactStore, createArtifactStore } from './index.ts';

let root: string;
let store: FsArtifactStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'artifact-store-'));
  store = new FsArtifactStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function allFiles(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('FsArtifactStore', () => {
  it('puts and gets bytes', async () => {
    await store.put('models/abc/model.json', Buffer.from('{"a":1}'));
    expect((await store.get('models/abc/model.json')).toString()).toBe('{"a":1}');
    expect(await store.exists('models/abc/model.json')).toBe(true);
    expect(await store.exists('models/abc')).toBe(false); // a folder is not a key
    expect(await store.exists('models/nope')).toBe(false);
    expect(await store.size('models/abc/model.json')).toBe(7);
    expect(existsSync(join(root, 'models', 'abc', 'model.json'))).toBe(true);
  });

  it('reports a missing key as artifact_not_found', async () => {
    await store.put('a/file', new Uint8Array([1]));
    for (const call of [() => store.get('missing'), () => store.size('missing'), () => store.createReadStream('missing'), () => store.get('a/file/below'), () => store.get('a')]) {
      await expect(call()).rejects.toMatchObject({ code: 'artifact_not_found' });
    }
  });

  it('streams a file', async () => {
    const data = Buffer.alloc(200_000, 7);
    await store.put('big.bin', data);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.createReadStream('big.bin')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('streams into a key atomically and counts the bytes', async () => {
    async function* chunks() {
      for (let i = 0; i < 50; i++) yield Buffer.alloc(10_000, i);
    }
    expect(await store.putStream('up/data.bin', chunks())).toBe(500_000);
    const stored = await store.get('up/data.bin');
    expect(stored.length).toBe(500_000);
    expect(stored[499_999]).toBe(49);
    expect(await allFiles(root)).toEqual(['data.bin']);
  });

  it('leaves nothing behind when the source stream fails', async () => {
    async function* failing() {
      yield Buffer.alloc(1000, 1);
      throw new Error('connection reset');
    }
    await expect(store.putStream('up/broken.bin', failing())).rejects.toThrow('connection reset');
    expect(await store.exists('up/broken.bin')).toBe(false);
    expect(await allFiles(root)).toEqual([]);
  });

  it('lists keys under a prefix, sorted and recursive', async () => {
    for (const key of ['m/2/weights.bin', 'm/1/model.json', 'm/1/weights.bin', 'm10/x', 'other']) await store.put(key, new Uint8Array([0]));
    expect(await store.list('m')).toEqual(['m/1/model.json', 'm/1/weights.bin', 'm/2/weights.bin']);
    expect(await store.list('m/')).toEqual(['m/1/model.json', 'm/1/weights.bin', 'm/2/weights.bin']);
    expect(await store.list('m/1/model.json')).toEqual(['m/1/model.json']);
    expect(await store.list('absent')).toEqual([]);
    expect(await store.list('')).toEqual(['m/1/model.json', 'm/1/weights.bin', 'm/2/weights.bin', 'm10/x', 'other']);
  });

  it('deletes a prefix, leaving its siblings', async () => {
    for (const key of ['m/1/a', 'm/1/b/c', 'm/2/a']) await store.put(key, new Uint8Array([0]));
    await store.deletePrefix('m/1');
    expect(await store.list('m')).toEqual(['m/2/a']);
    await store.deletePrefix('m/1'); // deleting nothing is fine
    await expect(store.deletePrefix('')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('overwrites atomically and leaves no temp files', async () => {
    await store.put('x/data', Buffer.alloc(1 << 20, 1));
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.put('x/data', Buffer.alloc(1 << 20, i + 2))));
    const final = await store.get('x/data');
    expect(new Set(final).size).toBe(1);
    expect(await allFiles(root)).toEqual(['data']);
  });

  it('never shows a reader half a file', async () => {
    const size = 4 << 20;
    await store.put('blob', Buffer.alloc(size, 0));
    let writing = true;
    const writer = (async () => {
      for (let i = 1; i <= 10; i++) await store.put('blob', Buffer.alloc(size, i));
      writing = false;
    })();
    const readers = Array.from({ length: 4 }, async () => {
      let reads = 0;
      while (writing || reads === 0) {
        const bytes = await store.get('blob');
        expect(bytes.length).toBe(size);
        expect(bytes[0]).toBe(bytes[size - 1]); // one version throughout
        reads++;
      }
    });
    await Promise.all([writer, ...readers]);
  });

  it('ignores stray temp files when listing', async () => {
    await store.put('k/a', new Uint8Array([1]));
    await writeFile(join(root, 'k', 'a~1234.tmp'), 'partial');
    expect(await store.list('k')).toEqual(['k/a']);
  });

  it.each([
    '',
    '/etc/passwd',
    '../escape',
    'a/../../b',
    'a/./b',
    '..',
    'a//b',
    'a/',
    'a\\b',
    'a\0b',
    '%2e%2e/x',
    'spaces are bad',
    'C:/windows',
    'x'.repeat(201),
  ])('refuses the key %j', async (key) => {
    await expect(store.put(key, new Uint8Array([1]))).rejects.toMatchObject({ code: 'invalid_request', name: 'DistilleryError' });
    await expect(store.get(key)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(store.exists(key)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('refuses bad prefixes', async () => {
    await expect(store.list('../x')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(store.deletePrefix('/')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('createArtifactStore', () => {
  it('accepts fs:// URLs and plain paths', () => {
    expect((createArtifactStore(`fs://${root}`) as FsArtifactStore).root).toBe(root);
    expect((createArtifactStore(root) as FsArtifactStore).root).toBe(root);
  });

  it('names the supported schemes for anything else', () => {
    expect(() => createArtifactStore('s3://bucket/x')).toThrow(/fs:\/\//);
    expect(() => createArtifactStore('fs://')).toThrow(/fs:\/\//);
  });
});
