import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessOptions } from '@distillery/api';
import { artifactKeys, describeCacheKey, type CacheEntry, type CacheListing, type Dataset, type Model } from '@distillery/contracts';
import { cacheEntryId } from '@distillery/registry';
import { startStack, waitFor, type Stack } from './helpers/stack.ts';

// The teacher-output cache through the service: its index, listing, deletion and LRU bound,
// and that it is kept per tenant.
const USER = `acme-key-${'s'.repeat(32)}`;
const ADMIN = `ops-key-${'s'.repeat(32)}`;
const INITECH = `initech-key-${'s'.repeat(32)}`;
const GLOBEX = `globex-key-${'s'.repeat(32)}`;
const access: AccessOptions = {
  auth: 'keys',
  keys: [
    { tenant: 'acme', role: 'user', key: USER },
    { tenant: 'initech', role: 'user', key: INITECH },
    { tenant: 'globex', role: 'user', key: GLOBEX },
    { tenant: 'ops', role: 'admin', key: ADMIN },
  ],
  limits: { requestsPerMinute: 100_000, concurrentJobs: 100, storedBytes: 1e9 },
};

let stack: Stack;
let blobs: string;
let blobsRecord: Dataset;
let digest: string;
const teachers: Model[] = [];
const BLOBS = { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 400, testSize: 100 } } };

async function call(method: string, url: string, payload?: object, apiKey = USER) {
  const response = await stack.api.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${apiKey}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as any };
}

async function runJob(payload: object, apiKey = USER): Promise<any> {
  const { body } = await call('POST', '/v1/jobs', payload, apiKey);
  expect(body.id, JSON.stringify(body)).toBeDefined();
  const job = await waitFor(`job ${body.id}`, async () => {
    const { body: current } = await call('GET', `/v1/jobs/${body.id}`, undefined, apiKey);
    return ['succeeded', 'failed', 'cancelled'].includes(current.status) ? current : undefined;
  }, 120_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

const distillWith = (apiKey: string, dataset: string, model: string) =>
  runJob(
    {
      type: 'distill',
      dataset,
      teachers: [{ model }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
      training: { epochs: 1, batchSize: 64, learningRate: 0.01, seed: 1 },
    },
    apiKey,
  );
const distill = (teacher: number) => distillWith(USER, blobs, teachers[teacher]!.id);
const teacherCached = (job: any): boolean => job.stages.find((s: any) => s.name === 'teacher:0').cached;
const teacherAccuracy = (job: any): number => job.result.metrics.teachers[0].testAccuracy;
const listing = async (): Promise<CacheListing> => (await call('GET', '/v1/cache', undefined, ADMIN)).body;
const entriesOf = (list: CacheListing, teacher: number) => list.items.filter((e) => e.model === teachers[teacher]!.digest);

beforeAll(async () => {
  stack = await startStack({ workers: 1, access });
  blobsRecord = (await call('POST', '/v1/datasets', BLOBS)).body;
  blobs = blobsRecord.id;
  digest = blobsRecord.digest;
  for (const hidden of [8, 9, 10]) {
    const job = await runJob({ type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden: [hidden] } }, training: { epochs: 1, seed: 1 } });
    teachers.push((await call('GET', `/v1/models/${job.result.model}`)).body);
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
      expect(entry).toMatchObject({ tenant: 'acme', model: teachers[0]!.digest, dataset: digest, hits: 0, inUse: false, readers: [] });
      expect(entry.key).toBe(artifactKeys.logits({ tenant: 'acme', model: teachers[0]!, dataset: blobsRecord }, entry.what.split(':')[1] as 'train' | 'test'));
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

  describe('between tenants', () => {
    // Two tenants upload the same model bytes, one declaring its outputs probabilities (they are
    // logits), and register the same data: one key for both once served the first one's
    // log-probabilities to the second as its teacher's targets, and told it `cached: true`.
    let base: string;
    const tenants: Record<'initech' | 'globex', { key: string; model?: Model; dataset?: Dataset }> = { initech: { key: INITECH }, globex: { key: GLOBEX } };
    let globexAlone: any;

    async function upload(apiKey: string, files: { name: string; bytes: Buffer }[], output: 'logits' | 'probabilities'): Promise<Model> {
      const form = new FormData();
      form.set('name', 'teacher from elsewhere');
      form.set('license', 'MIT');
      form.set('output', output);
      for (const file of files) form.append('files', new Blob([file.bytes]), file.name);
      const response = await fetch(`${base}/v1/models`, { method: 'POST', body: form, headers: { authorization: `Bearer ${apiKey}` } });
      const body = (await response.json()) as Model;
      expect(response.status, JSON.stringify(body)).toBe(201);
      return body;
    }
    const ownEntries = async (tenant: string) => (await listing()).items.filter((e) => e.tenant === tenant).sort((a, b) => a.what.localeCompare(b.what));
    const entryBytes = async (tenant: string) => Promise.all((await ownEntries(tenant)).map((e) => stack.store.get(e.key)));

    beforeAll(async () => {
      base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
      // The bytes of a model trained here, as its owner downloads them.
      const teacher = teachers[0]!;
      const files = await Promise.all(
        // Its TensorFlow.js files: the ONNX copy beside them is the same model in another format.
        teacher.files.filter((name) => name !== teacher.exportedOnnx?.file).map(async (name) => {
          const response = await fetch(`${base}/v1/models/${teacher.id}/files/${name}`, { headers: { authorization: `Bearer ${USER}` } });
          return { name, bytes: Buffer.from(await response.arrayBuffer()) };
        }),
      );
      tenants.initech.model = await upload(INITECH, files, 'probabilities');
      tenants.globex.model = await upload(GLOBEX, files, 'logits');
      for (const tenant of Object.values(tenants)) tenant.dataset = (await call('POST', '/v1/datasets', BLOBS, tenant.key)).body;
      expect(tenants.initech.model.digest).toBe(tenants.globex.model.digest);
      expect(tenants.initech.dataset!.digest).toBe(tenants.globex.dataset!.digest);
      expect(tenants.globex.dataset!.digest).toBe(digest);
    });

    const run = (tenant: keyof typeof tenants) => distillWith(tenants[tenant].key, tenants[tenant].dataset!.id, tenants[tenant].model!.id);

    it("serves no tenant another's outputs of the same bytes, and never says cached about them", async () => {
      const initechFirst = await run('initech');
      const globexFirst = await run('globex');
      expect(teacherCached(initechFirst)).toBe(false);
      expect(teacherCached(globexFirst)).toBe(false);
      // The declared output changes what is stored: the test below would mean nothing otherwise.
      expect(teacherAccuracy(globexFirst)).not.toBe(teacherAccuracy(initechFirst));
      const [initech, globex] = [await ownEntries('initech'), await ownEntries('globex')];
      expect(globex.map((e) => e.what)).toEqual(['logits:test', 'logits:train']);
      expect(globex.map((e) => e.hits)).toEqual([0, 0]);
      expect(globex.every((e) => e.model === tenants.globex.model!.digest && e.dataset === digest)).toBe(true);
      expect(initech.map((e) => e.key).filter((key) => globex.some((e) => e.key === key))).toEqual([]);
      const [initechBytes, globexBytes] = [await entryBytes('initech'), await entryBytes('globex')];
      expect(globexBytes.map((bytes, i) => bytes.equals(initechBytes[i]!))).toEqual([false, false]);

      // What globex gets with nothing cached: the same targets, the same teacher accuracy, the same student.
      expect((await call('DELETE', '/v1/cache', undefined, ADMIN)).body).toMatchObject({ kept: [] });
      globexAlone = await run('globex');
      expect(teacherCached(globexAlone)).toBe(false);
      expect(teacherAccuracy(globexAlone)).toBe(teacherAccuracy(globexFirst));
      expect(globexAlone.result.metrics.student.testAccuracy).toBe(globexFirst.result.metrics.student.testAccuracy);
      expect((await entryBytes('globex')).map((bytes, i) => bytes.equals(globexBytes[i]!))).toEqual([true, true]);
    });

    it('still serves a tenant its own outputs', async () => {
      const again = await run('globex');
      expect(teacherCached(again)).toBe(true);
      expect(teacherAccuracy(again)).toBe(teacherAccuracy(globexAlone));
      expect(again.result.metrics.student.testAccuracy).toBe(globexAlone.result.metrics.student.testAccuracy);
      expect((await ownEntries('globex')).map((e) => e.hits)).toEqual([1, 1]);
      // The other tenant's first run after the clear computes its own, and is told so.
      expect(teacherCached(await run('initech'))).toBe(false);
      expect(teacherCached(await run('initech'))).toBe(true);
    });

    it('does not tell a tenant that another trained the same teacher on the same data', async () => {
      // The same request and seed give the same model bytes in any tenant: the digest acme's teacher has.
      const train = (tenant: keyof typeof tenants) =>
        runJob({ type: 'train', dataset: tenants[tenant].dataset!.id, model: { architecture: { kind: 'mlp', hidden: [8] } }, training: { epochs: 1, seed: 1 } }, tenants[tenant].key);
      const trained = async (tenant: keyof typeof tenants) => (await call('GET', `/v1/models/${(await train(tenant)).result.model}`, undefined, tenants[tenant].key)).body as Model;
      const initech = await trained('initech');
      expect(initech.digest).toBe(teachers[0]!.digest);
      await distill(0); // acme's outputs of those bytes on that data are in the cache
      expect((await ownEntries('acme')).filter((e) => e.model === initech.digest)).toHaveLength(2);
      // initech ran those bytes only as declared probabilities: as logits, its first run computes.
      expect(teacherCached(await distillWith(INITECH, tenants.initech.dataset!.id, initech.id))).toBe(false);
      // globex ran them as logits (its upload): its own outputs serve it, however the model came.
      const globex = await trained('globex');
      expect(teacherCached(await distillWith(GLOBEX, tenants.globex.dataset!.id, globex.id))).toBe(true);
    });

    it('keeps entries from before keys held the tenant listed and counted, first in eviction order, until cleared', async () => {
      const legacy = `logits/${teachers[0]!.digest}/${digest}/train.npy`;
      await stack.store.put(legacy, Buffer.alloc(64));
      await stack.api.registry.cache.record(describeCacheKey(legacy), 64, 'write', new Date(0));
      const list = await listing();
      const entry = list.items.find((e) => e.key === legacy)!;
      expect(entry).toMatchObject({ id: cacheEntryId(legacy), what: 'logits:train', bytes: 64 });
      expect(entry.tenant).toBeUndefined();
      expect(list.items[0]!.key).toBe(legacy);
      expect(list.totalBytes).toBe(list.items.reduce((sum, e) => sum + e.bytes, 0));
      // Jobs never read it: acme's job finds its own entry.
      expect(teacherCached(await distill(0))).toBe(true);
      expect((await listing()).items.find((e) => e.key === legacy)).toMatchObject({ hits: 0 });
      expect((await call('DELETE', '/v1/cache', undefined, ADMIN)).body).toMatchObject({ kept: [] });
      expect(await stack.store.exists(legacy)).toBe(false);
      expect(await listing()).toMatchObject({ items: [], totalBytes: 0 });
    });
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
