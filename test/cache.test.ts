import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessOptions } from '@distillery/api';
import type { CacheEntry, CacheListing } from '@distillery/contracts';
import { cacheEntryId } from '@distillery/registry';
import { startStack, waitFor, type Stack } from './helpers/stack.ts';

// The teacher-output cache through the service: its index, listing, deletion and LRU bound.
const USER = `acme-key-${'s'.repeat(32)}`;
const ADMIN = `ops-key-${'s'.repeat(32)}`;
const access: AccessOptions = {
  auth: 'keys',
  keys: [
    { tenant: 'acme', role: 'user', key: USER },
    { tenant: 'ops', role: 'admin', key: ADMIN },
  ],
  limits: { requestsPerMinute: 100_000, concurrentJobs: 100, storedBytes: 1e9 },
};

let stack: Stack;
let blobs: string;
let digest: string;
const teachers: { id: string; digest: string }[] = [];

async function call(method: string, url: string, payload?: object, apiKey = USER) {
  const response = await stack.api.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${apiKey}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as any };
}

async function runJob(payload: object): Promise<any> {
  const { body } = await call('POST', '/v1/jobs', payload);
  expect(body.id, JSON.stringify(body)).toBeDefined();
  const job = await waitFor(`job ${body.id}`, async () => {
    const { body: current } = await call('GET', `/v1/jobs/${body.id}`);
    return ['succeeded', 'failed', 'cancelled'].includes(current.status) ? current : undefined;
  }, 120_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

const distill = (teacher: number) =>
  runJob({
    type: 'distill',
    dataset: blobs,
    teachers: [{ model: teachers[teacher]!.id }],
    student: { architecture: { kind: 'mlp', hidden: [4] } },
    training: { epochs: 1, batchSize: 64, learningRate: 0.01, seed: 1 },
  });
const teacherCached = (job: any): boolean => job.stages.find((s: any) => s.name === 'teacher:0').cached;
const listing = async (): Promise<CacheListing> => (await call('GET', '/v1/cache', undefined, ADMIN)).body;
const entriesOf = (list: CacheListing, teacher: number) => list.items.filter((e) => e.model === teachers[teacher]!.digest);

beforeAll(async () => {
  stack = await startStack({ workers: 1, access });
  const dataset = (await call('POST', '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 400, testSize: 100 } } })).body;
  blobs = dataset.id;
  digest = dataset.digest;
  for (const hidden of [8, 9, 10]) {
    const job = await runJob({ type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden: [hidden] } }, training: { epochs: 1, seed: 1 } });
    const model = (await call('GET', `/v1/models/${job.result.model}`)).body;
    teachers.push({ id: model.id, digest: model.digest });
  }
});
afterAll(async () => stack?.close());

describe('the teacher-output cache', () => {
  it('lists what a job wrote, with sizes and totals, to admin keys only', async () => {
    expect((await listing()).items).toEqual([]);
    expect(teacherCached(await distill(0))).toBe(false);
    const list = await listing();
    expect(list.items.map((e) => e.what).sort()).toEqual(['logits:test', 'logits:train']);
    for (const entry of list.items) {
      expect(entry).toMatchObject({ model: teachers[0]!.digest, dataset: digest, hits: 0, inUse: false, readers: [] });
      expect(entry.key).toBe(`logits/${teachers[0]!.digest}/${digest}/${entry.what.split(':')[1]}.npy`);
      expect(entry.id).toBe(cacheEntryId(entry.key));
      expect(entry.bytes).toBe(await stack.store.size(entry.key));
    }
    expect(list.totalBytes).toBe(list.items.reduce((sum, e) => sum + e.bytes, 0));
    expect(list.count).toBe(2);
    expect(list.maxBytes).toBe(10 * 1024 ** 3);
    for (const [method, url] of [['GET', '/v1/cache'], ['DELETE', '/v1/cache'], ['DELETE', `/v1/cache/${list.items[0]!.id}`]] as const) {
      expect(await call(method, url), `${method} ${url}`).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
  });

  it('counts hits, and a job after the entry is deleted computes it again', async () => {
    const hit = await distill(0);
    expect(teacherCached(hit)).toBe(true);
    const [train] = entriesOf(await listing(), 0).filter((e) => e.what === 'logits:train');
    expect(train!.hits).toBe(1);

    const deleted = await call('DELETE', `/v1/cache/${train!.id}`, undefined, ADMIN);
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 1, freedBytes: train!.bytes, kept: [] } });
    expect(await stack.store.exists(train!.key)).toBe(false);
    expect((await listing()).items.map((e) => e.what)).toEqual(['logits:test']);
    expect(await call('DELETE', `/v1/cache/${train!.id}`, undefined, ADMIN)).toMatchObject({ status: 404, body: { code: 'not_found' } });

    const recomputed = await distill(0);
    expect(teacherCached(recomputed)).toBe(false);
    expect(entriesOf(await listing(), 0).map((e) => e.what).sort()).toEqual(['logits:test', 'logits:train']);
  });

  it('never deletes an entry an unfinished job reads', async () => {
    const [entry] = (await listing()).items as CacheEntry[];
    // A job that is still queued has pinned the entry, as a teacher subjob does before it looks.
    const reader = 'j_pinned0000000000000000';
    await stack.api.registry.jobs.create({ id: reader, tenant: 'acme', request: { type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden: [2] } } }, stages: [] });
    expect(await stack.api.registry.cache.pin(entry!.key, reader)).toBe(true);
    expect((await listing()).items.find((e) => e.id === entry!.id)).toMatchObject({ inUse: true, readers: [reader] });
    expect(await call('DELETE', `/v1/cache/${entry!.id}`, undefined, ADMIN)).toMatchObject({ status: 409, body: { code: 'cache_entry_in_use' } });
    const cleared = await call('DELETE', '/v1/cache', undefined, ADMIN);
    expect(cleared.body).toMatchObject({ deleted: 1, kept: [{ id: entry!.id, key: entry!.key, readers: [reader] }] });
    expect(await stack.store.exists(entry!.key)).toBe(true);

    await stack.api.registry.jobs.transition(reader, 'cancelled');
    expect((await call('DELETE', '/v1/cache', undefined, ADMIN)).body).toMatchObject({ deleted: 1, kept: [] });
    expect((await listing()).items).toEqual([]);
    expect(await stack.store.list('logits')).toEqual([]);
  });

  it('clears teacher outputs the index does not know', async () => {
    const orphan = `logits/${'0'.repeat(64)}/${digest}/train.npy`;
    await stack.store.put(orphan, Buffer.alloc(100));
    expect((await call('DELETE', '/v1/cache', undefined, ADMIN)).body).toMatchObject({ deleted: 1, freedBytes: 100 });
    expect(await stack.store.exists(orphan)).toBe(false);
  });

  it('stays within CACHE_MAX_BYTES by evicting the least recently used entries after each write', async () => {
    // Measure one teacher's entries, then bound the cache to two teachers' worth and a bit.
    await distill(0);
    const perTeacher = (await listing()).totalBytes;
    const testBytes = entriesOf(await listing(), 0).find((e) => e.what === 'logits:test')!.bytes;
    await Promise.all(stack.workers.map((w) => w.close()));
    stack.workers.length = 0;
    await stack.startWorker({ cacheMaxBytes: 2 * perTeacher + Math.floor(testBytes / 2) });

    await distill(1); // teacher 1 written: two teachers fit
    expect(teacherCached(await distill(0))).toBe(true); // teacher 0 used again: now the most recent
    const third = await distill(2); // teacher 2 written: teacher 1's entries are the least recently used
    expect(teacherCached(third)).toBe(false);
    const list = await listing();
    expect(entriesOf(list, 1)).toEqual([]);
    expect(entriesOf(list, 0)).toHaveLength(2);
    expect(entriesOf(list, 2)).toHaveLength(2);
    expect(list.totalBytes).toBe(2 * perTeacher);
    // LRU first: teacher 0's (used by the second job) before teacher 2's (just written).
    expect(list.items.map((e) => e.model)).toEqual([teachers[0]!.digest, teachers[0]!.digest, teachers[2]!.digest, teachers[2]!.digest]);
    expect(await stack.store.list(`logits/${teachers[1]!.digest}`)).toEqual([]);
    const logs = (await call('GET', `/v1/jobs/${third.id}/events?limit=1000`)).body.items.filter((e: any) => e.type === 'log').map((e: any) => e.data.message);
    expect(logs).toContain(`cache: evicted 2 least recently used entries (${perTeacher} bytes) to stay within CACHE_MAX_BYTES (${2 * perTeacher + Math.floor(testBytes / 2)})`);
    expect(teacherCached(await distill(1))).toBe(false);
  });
});
