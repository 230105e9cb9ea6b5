import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { ArtifactStore } from './store.ts';

/**
 * The behaviour every ArtifactStore shares, registered as tests inside the caller's `describe`.
 * `store()` returns a fresh, empty store for the running test (the caller's beforeEach makes it).
 */
export function artifactStoreContract(store: () => ArtifactStore): void {
  const zeros = (length: number, fill = 0) => Buffer.alloc(length, fill);

  /** `count` chunks of `size` bytes; chunk i is filled with fill(i). */
  async function* chunks(count: number, size: number, fill = (i: number) => i) {
    for (let i = 0; i < count; i++) yield zeros(size, fill(i));
  }

  async function* failingAfter(bytes: number) {
    yield zeros(bytes, 1);
    throw new Error('connection reset');
  }

  it('puts and gets bytes', async () => {
    await store().put('models/abc/model.json', Buffer.from('{"a":1}'));
    expect((await store().get('models/abc/model.json')).toString()).toBe('{"a":1}');
    expect(await store().exists('models/abc/model.json')).toBe(true);
    expect(await store().exists('models/abc')).toBe(false); // a folder is not a key
    expect(await store().exists('models/nope')).toBe(false);
    expect(await store().size('models/abc/model.json')).toBe(7);
  });

  it('reports a missing key as artifact_not_found', async () => {
    await store().put('a/file', new Uint8Array([1]));
    const s = store();
    for (const call of [() => s.get('missing'), () => s.size('missing'), () => s.createReadStream('missing'), () => s.get('a/file/below'), () => s.get('a')]) {
      await expect(call()).rejects.toMatchObject({ name: 'DistilleryError', code: 'artifact_not_found' });
    }
  });

  it('streams an object out', async () => {
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    await store().put('big.bin', data);
    const read: Buffer[] = [];
    for await (const chunk of await store().createReadStream('big.bin')) read.push(chunk as Buffer);
    expect(Buffer.concat(read).equals(data)).toBe(true);
  });

  it('streams into a key and counts the bytes', async () => {
    expect(await store().putStream('up/data.bin', chunks(50, 10_000))).toBe(500_000);
    const stored = await store().get('up/data.bin');
    expect(stored.length).toBe(500_000);
    expect([stored[0], stored[499_999]]).toEqual([0, 49]);
    expect(await store().list('')).toEqual(['up/data.bin']);
  });

  it('streams from a Readable, strings included, and from an empty source', async () => {
    expect(await store().putStream('text', Readable.from(['ab', 'cd']))).toBe(4);
    expect((await store().get('text')).toString()).toBe('abcd');
    expect(await store().putStream('empty', Readable.from([]))).toBe(0);
    expect(await store().size('empty')).toBe(0);
  });

  it('leaves nothing behind when the source stream fails', async () => {
    await expect(store().putStream('up/broken.bin', failingAfter(1000))).rejects.toThrow('connection reset');
    expect(await store().exists('up/broken.bin')).toBe(false);
    expect(await store().list('')).toEqual([]);
  });

  it('keeps the old content when a streamed overwrite fails', async () => {
    await store().put('kept', Buffer.from('old'));
    await expect(store().putStream('kept', failingAfter(1000))).rejects.toThrow('connection reset');
    expect((await store().get('kept')).toString()).toBe('old');
  });

  it('lists keys under a folder-like prefix, sorted and recursive', async () => {
    for (const key of ['m/2/weights.bin', 'm/1/model.json', 'm/1/weights.bin', 'm10/x', 'm-1', 'other']) await store().put(key, new Uint8Array([0]));
    const inM = ['m/1/model.json', 'm/1/weights.bin', 'm/2/weights.bin'];
    expect(await store().list('m')).toEqual(inM); // not m10/x, not m-1
    expect(await store().list('m/')).toEqual(inM);
    expect(await store().list('m/1/model.json')).toEqual(['m/1/model.json']);
    expect(await store().list('absent')).toEqual([]);
    expect(await store().list('')).toEqual(['m-1', ...inM, 'm10/x', 'other']);
  });

  it('deletes a prefix, leaving its siblings', async () => {
    for (const key of ['m/1/a', 'm/1/b/c', 'm/2/a', 'm10/x', 'm1']) await store().put(key, new Uint8Array([0]));
    await store().deletePrefix('m/1');
    expect(await store().list('')).toEqual(['m/2/a', 'm1', 'm10/x']);
    await store().deletePrefix('m/1'); // deleting nothing is fine
    await store().deletePrefix('m/2/a'); // a single key
    await store().deletePrefix('m/');
    expect(await store().list('')).toEqual(['m1', 'm10/x']);
    await expect(store().deletePrefix('')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('overwrites atomically: the last complete write wins', async () => {
    await store().put('x/data', zeros(1 << 20, 1));
    await Promise.all(Array.from({ length: 8 }, (_, i) => store().put('x/data', zeros(1 << 20, i + 2))));
    const final = await store().get('x/data');
    expect(final.length).toBe(1 << 20);
    expect(new Set(final).size).toBe(1);
    expect(await store().list('')).toEqual(['x/data']);
  });

  it('never shows a reader half an object', async () => {
    const size = 4 << 20;
    await store().put('blob', zeros(size, 0));
    let writing = true;
    const writer = (async () => {
      // put and putStream in turn: both must publish whole objects only.
      for (let i = 1; i <= 10; i++) {
        if (i % 2 === 0) await store().put('blob', zeros(size, i));
        else await store().putStream('blob', chunks(4, size / 4, () => i));
      }
      writing = false;
    })();
    const readers = Array.from({ length: 4 }, async () => {
      let reads = 0;
      while (writing || reads === 0) {
        const bytes = await store().get('blob');
        // Every version is one byte value throughout: anything else mixes two versions.
        expect(bytes.equals(zeros(size, bytes[0]))).toBe(true);
        reads++;
      }
    });
    await Promise.all([writer, ...readers]);
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
    '..\\x',
    'a\0b',
    '%2e%2e/x',
    'a%2Fb',
    '..%2F..%2Fx',
    'spaces are bad',
    'C:/windows',
    'x'.repeat(201),
  ])('refuses the key %j', async (key) => {
    const s = store();
    for (const call of [
      () => s.put(key, new Uint8Array([1])),
      () => s.putStream(key, Readable.from([Buffer.from('x')])),
      () => s.get(key),
      () => s.exists(key),
      () => s.size(key),
      () => s.createReadStream(key),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'invalid_request', name: 'DistilleryError' });
    }
    expect(await s.list('')).toEqual([]);
  });

  it('refuses bad prefixes', async () => {
    for (const prefix of ['../x', '//', 'a/../b', 'a%2F..', '/etc']) {
      await expect(store().list(prefix)).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(store().deletePrefix(prefix)).rejects.toMatchObject({ code: 'invalid_request' });
    }
    await expect(store().deletePrefix('/')).rejects.toMatchObject({ code: 'invalid_request' });
  });
}
