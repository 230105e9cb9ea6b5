import { DistilleryError, type Stage } from '@distillery/contracts';
import type { JobRequest } from '@distillery/jobs';
import { DocumentCollection, JobRecords, keys, newId } from '@distillery/registry';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testRedisUrl } from './helpers/redis.ts';

// The registry's job records and listings against the real test Redis.
let redis: Redis;
let other: Redis;
let jobs: JobRecords;
let otherJobs: JobRecords;

beforeAll(async () => {
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  other = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  jobs = new JobRecords(redis);
  otherJobs = new JobRecords(other);
});
beforeEach(async () => {
  await redis.flushdb();
});
afterAll(async () => {
  await redis.quit();
  await other.quit();
});

const request = { type: 'train', dataset: 'ds_0', model: { architecture: { kind: 'mlp', hidden: [8] } } } as unknown as JobRequest;

/** Ids that sort in creation order, as newId's do, without waiting between them. */
const idAt = (i: number) => `j_${String(i).padStart(9, '0')}aaaaaaaaaaaa`;

async function createJob(id = newId('j'), stages: Stage[] = [{ name: 'train', status: 'queued' }]) {
  await jobs.create({ id, tenant: 't1', request, stages });
  return id;
}

const types = async (id: string) => (await jobs.events(id, { limit: 1000 })).map((e) => `${e.type}:${String(e.data.status ?? e.data.stage ?? '')}`);

describe('job writes', () => {
  it('create writes the record and its first event together', async () => {
    const id = await createJob();
    expect(await jobs.get(id)).toMatchObject({ id, status: 'queued', stages: [{ name: 'train', status: 'queued' }] });
    const events = await jobs.events(id, { limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'status', data: { status: 'queued' } });
    expect(events[0]!.id).toMatch(/^\d+-\d+$/);
  });

  it('transitions refuse after a terminal status and then add no event', async () => {
    for (const terminal of ['succeeded', 'failed', 'cancelled'] as const) {
      const id = await createJob();
      expect(await jobs.transition(id, 'running')).toBe(true);
      expect(await jobs.transition(id, terminal, terminal === 'failed' ? { error: { code: 'internal', message: 'boom' } } : {})).toBe(true);
      const before = await jobs.events(id, { limit: 100 });
      expect(await jobs.transition(id, 'running')).toBe(false);
      expect(await jobs.transition(id, 'succeeded')).toBe(false);
      expect(await jobs.progress(id, { stage: 'train', epoch: 1 })).toBe(false);
      expect(await jobs.stage(id, { name: 'train', status: 'succeeded' })).toBe(false);
      expect(await jobs.events(id, { limit: 100 })).toEqual(before);
      const job = (await jobs.get(id))!;
      expect(job.status).toBe(terminal);
      expect(job.progress).toBeUndefined();
      expect(job.stages).toEqual([{ name: 'train', status: 'queued' }]);
      expect(job.finishedAt).toBeDefined();
    }
  });

  it('writes to a job that does not exist are refused and create nothing', async () => {
    expect(await jobs.transition('j_missing', 'running')).toBe(false);
    expect(await jobs.progress('j_missing', { stage: 'train' })).toBe(false);
    expect(await jobs.stage('j_missing', { name: 'train', status: 'running' }, { force: true })).toBe(false);
    expect(await redis.exists(keys.job('j_missing'), keys.jobStages('j_missing'), keys.jobEvents('j_missing'))).toBe(0);
  });

  it('events are in write order, and a progress after cancel is refused', async () => {
    const id = await createJob();
    expect(await jobs.transition(id, 'running')).toBe(true);
    expect(await jobs.progress(id, { stage: 'train', epoch: 1, epochs: 3, loss: 0.123456789, accuracy: 0.5 })).toBe(true);
    await jobs.log(id, 'hello');
    expect(await jobs.transition(id, 'cancelled', { error: { code: 'job_cancelled', message: 'by request' } })).toBe(true);
    expect(await jobs.progress(id, { stage: 'train', epoch: 2 })).toBe(false);
    await jobs.log(id, 'after');
    expect(await types(id)).toEqual(['status:queued', 'status:running', 'progress:train', 'log:', 'status:cancelled', 'log:']);
    const events = await jobs.events(id, { limit: 100 });
    expect(events[2]!.data).toEqual({ stage: 'train', epoch: 1, epochs: 3, loss: 0.123456789, accuracy: 0.5 });
    expect(events[4]!.data).toEqual({ status: 'cancelled', error: { code: 'job_cancelled', message: 'by request' } });
    const job = (await jobs.get(id))!;
    expect(job.progress).toEqual({ stage: 'train', epoch: 1, epochs: 3, loss: 0.123456789, accuracy: 0.5 });
    expect(job.error).toEqual({ code: 'job_cancelled', message: 'by request' });
  });

  it('no write that loses a race with cancel lands its event after the cancel', async () => {
    const id = await createJob();
    await jobs.transition(id, 'running');
    const writes = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0 ? otherJobs.progress(id, { stage: 'train', epoch: i }) : otherJobs.stage(id, { name: 'train', status: 'running', startedAt: String(i) }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const cancel = jobs.transition(id, 'cancelled');
    const results = await Promise.all(writes);
    expect(await cancel).toBe(true);
    const events = await jobs.events(id, { limit: 1000 });
    const cancelAt = events.findIndex((e) => e.type === 'status' && e.data.status === 'cancelled');
    expect(cancelAt).toBe(events.length - 1);
    expect(events.length).toBe(2 + results.filter(Boolean).length + 1);
  });
});

describe('stages', () => {
  it('merge keeps earlier fields and keeps types', async () => {
    const id = await createJob(undefined, [{ name: 'teacher:0', status: 'queued' }, { name: 'aggregate', status: 'queued' }]);
    await jobs.transition(id, 'running');
    expect(await jobs.stage(id, { name: 'teacher:0', status: 'running', model: 'm_a/b "é"', startedAt: '2025-01-01T00:00:00.000Z' })).toBe(true);
    expect(await jobs.stage(id, { name: 'teacher:0', status: 'succeeded', cached: false, finishedAt: '2025-01-01T00:00:01.000Z' })).toBe(true);
    expect(await jobs.stage(id, { name: 'aggregate', status: 'succeeded', cached: true })).toBe(true);
    const job = (await jobs.get(id))!;
    expect(job.stages).toEqual([
      { name: 'teacher:0', status: 'succeeded', model: 'm_a/b "é"', cached: false, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.000Z' },
      { name: 'aggregate', status: 'succeeded', cached: true },
    ]);
    const stageEvents = (await jobs.events(id, { limit: 100 })).filter((e) => e.type === 'stage');
    expect(stageEvents.map((e) => e.data)).toEqual([
      { name: 'teacher:0', status: 'running', model: 'm_a/b "é"', startedAt: '2025-01-01T00:00:00.000Z' },
      job.stages[0],
      job.stages[1],
    ]);
  });

  it('refuses after the job finished unless forced', async () => {
    const id = await createJob();
    await jobs.transition(id, 'running');
    await jobs.stage(id, { name: 'train', status: 'running', startedAt: 'start' });
    await jobs.transition(id, 'cancelled');
    expect(await jobs.stage(id, { name: 'train', status: 'succeeded', finishedAt: 'late' })).toBe(false);
    expect((await jobs.get(id))!.stages).toEqual([{ name: 'train', status: 'running', startedAt: 'start' }]);
    expect(await jobs.stage(id, { name: 'train', status: 'cancelled', finishedAt: 'now' }, { force: true })).toBe(true);
    expect(await jobs.stage(id, { name: 'train', status: 'succeeded' })).toBe(false);
    expect((await jobs.get(id))!.stages).toEqual([{ name: 'train', status: 'cancelled', startedAt: 'start', finishedAt: 'now' }]);
    expect((await types(id)).slice(-2)).toEqual(['status:cancelled', 'stage:cancelled']);
  });

  it('parallel writes to different stages and to the same stage lose nothing', async () => {
    const id = await createJob(undefined, []);
    await jobs.transition(id, 'running');
    const names = Array.from({ length: 50 }, (_, i) => `teacher:${i}`);
    const clients = [jobs, otherJobs];
    const different = await Promise.all(names.map((name, i) => clients[i % 2]!.stage(id, { name, status: 'running', startedAt: `s${i}` })));
    expect(different.every(Boolean)).toBe(true);
    const same = await Promise.all(
      names.map((_, i) => {
        const update: Stage =
          i === 0 ? { name: 'train', status: 'running', startedAt: 'start' }
          : i === 1 ? { name: 'train', status: 'running', model: 'm_x' }
          : i === 2 ? { name: 'train', status: 'running', cached: true }
          : i === 3 ? { name: 'train', status: 'running', finishedAt: 'end' }
          : { name: 'train', status: 'running' };
        return clients[i % 2]!.stage(id, update);
      }),
    );
    expect(same.every(Boolean)).toBe(true);
    const job = (await jobs.get(id))!;
    expect(job.stages).toHaveLength(51);
    expect(job.stages.slice(0, 50)).toEqual(names.map((name, i) => ({ name, status: 'running', startedAt: `s${i}` })));
    expect(job.stages[50]).toEqual({ name: 'train', status: 'running', startedAt: 'start', model: 'm_x', cached: true, finishedAt: 'end' });
    expect((await jobs.events(id, { limit: 1000 })).filter((e) => e.type === 'stage')).toHaveLength(100);
  });
});

describe('events', () => {
  it('pages with an after cursor', async () => {
    const id = await createJob();
    await jobs.transition(id, 'running');
    for (let i = 0; i < 5; i++) await jobs.log(id, `line ${i}`);
    const all = await jobs.events(id, { limit: 100 });
    expect(all).toHaveLength(7);
    const first = await jobs.events(id, { limit: 3 });
    expect(first).toEqual(all.slice(0, 3));
    const rest = await jobs.events(id, { after: first[2]!.id, limit: 100 });
    expect(rest).toEqual(all.slice(3));
    expect(await jobs.events(id, { after: all[6]!.id, limit: 100 })).toEqual([]);
    expect(await jobs.events(id, { after: '999999999999999-999999999999999', limit: 100 })).toEqual([]);
    expect(await jobs.events(id, { after: '0-0', limit: 100 })).toEqual(all);
  });

  it('refuses a bad cursor with a DistilleryError', async () => {
    const id = await createJob();
    for (const after of ['99999999999999999999-0', '1-99999999999999999999', 'abc', '', '1', '1-2-3', '-1-0', '1-0 ']) {
      const error = await jobs.events(id, { after, limit: 10 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, after).toBeInstanceOf(DistilleryError);
      expect(error).toMatchObject({ code: 'invalid_request', field: '/after', message: 'after must be an event id such as 1795830387073-0' });
    }
  });
});

describe('listings', () => {
  const docs = () => new DocumentCollection<{ id: string; tenant: string; n: number }>(redis, (id) => `test:doc:${id}`, (tenant) => `test:${tenant}:docs`, 'j');

  async function createDocs(count: number) {
    const collection = docs();
    for (let i = 0; i < count; i++) await collection.create({ id: idAt(i), tenant: 't1', n: i });
    return collection;
  }

  it('an exactly full last page has no next', async () => {
    const collection = await createDocs(50);
    const page = await collection.list('t1', { limit: 50 });
    expect(page.items).toHaveLength(50);
    expect(page.next).toBeUndefined();
    const twoPages = await collection.list('t1', { limit: 25 });
    expect(twoPages.next).toBe(idAt(25));
    const second = await collection.list('t1', { limit: 25, after: twoPages.next });
    expect(second.items.map((d) => d.n)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    expect(second.next).toBeUndefined();
    // A chunk boundary (reads go 50 ids at a time) with one more id past it.
    await collection.create({ id: idAt(50), tenant: 't1', n: 50 });
    const full = await collection.list('t1', { limit: 50 });
    expect(full.next).toBe(idAt(1));
    const last = await collection.list('t1', { limit: 50, after: full.next });
    expect(last).toEqual({ items: [{ id: idAt(0), tenant: 't1', n: 0 }] });
    expect(await collection.list('t1', { limit: 10 })).toMatchObject({ next: idAt(41) });
  });

  it('limit 1 walks every item newest first, without duplicates or gaps', async () => {
    const collection = await createDocs(60);
    const seen: number[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await collection.list('t1', { limit: 1, after });
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0]!.n);
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
  });

  it('refuses a cursor the listing never gave, and pages past the end on one it could have', async () => {
    const collection = await createDocs(3);
    for (const after of ['\u0000\u0001', '', 'abc', idAt(1).toUpperCase(), `${idAt(1)} `, idAt(1).slice(0, -1), newId('ds'), newId('sw'), 'j_x'.repeat(100)]) {
      const error = await collection.list('t1', { limit: 10, after }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(after)).toBeInstanceOf(DistilleryError);
      expect(error).toMatchObject({ code: 'invalid_request', field: '/after', message: expect.stringContaining('pass the next value of a previous page') });
    }
    await expect(jobs.list('t1', { limit: 10, after: newId('m') })).rejects.toMatchObject({ field: '/after', message: expect.stringContaining('not a cursor of the jobs listing') });
    // Well formed: a position, before every id or after every one.
    expect(await collection.list('t1', { limit: 10, after: 'j_000000000000000000000' })).toEqual({ items: [] });
    expect((await collection.list('t1', { limit: 10, after: 'j_zzzzzzzzzffffffffffff' })).items).toHaveLength(3);
  });

  it('jobs made by newId list newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await createJob(newId('j')));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const page = await jobs.list('t1', { limit: 4 });
    expect(page.items.map((j) => j.id)).toEqual([...ids].reverse());
    expect(page.next).toBeUndefined();
  });

  it('filters by status', async () => {
    for (let i = 0; i < 120; i++) await createJob(idAt(i));
    const running = [3, 60, 61, 100, 119];
    for (const i of running) await jobs.transition(idAt(i), 'running');
    const walked: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await jobs.list('t1', { limit: 2, after, status: 'running' });
      walked.push(...page.items.map((j) => j.id));
      expect(page.items.every((j) => j.status === 'running')).toBe(true);
      if (!page.next) break;
      after = page.next;
    }
    expect(walked).toEqual([...running].reverse().map(idAt));
    // The last kept job fills the page and the index is exhausted: no next.
    const all = await jobs.list('t1', { limit: 5, status: 'running' });
    expect(all.items).toHaveLength(5);
    expect(all.next).toBeUndefined();
    expect(await jobs.list('t1', { limit: 10, status: 'failed' })).toEqual({ items: [] });
    const queued = await jobs.list('t1', { limit: 115, status: 'queued' });
    expect(queued.items).toHaveLength(115);
    expect(queued.next).toBeUndefined();
  });
});

describe('documents', () => {
  it('delete removes the document and its index entry', async () => {
    const collection = new DocumentCollection<{ id: string; tenant: string }>(redis, (id) => `test:doc:${id}`, (tenant) => `test:${tenant}:docs`, 'j');
    const [one, two] = [{ id: idAt(1), tenant: 't1' }, { id: idAt(2), tenant: 't1' }];
    await collection.create(one);
    await collection.create(two);
    expect(await collection.delete(one)).toBe(true);
    expect(await collection.get(idAt(1))).toBeUndefined();
    expect(await collection.list('t1', { limit: 10 })).toEqual({ items: [two] });
    expect(await redis.zscore('test:t1:docs', idAt(1))).toBeNull();
    expect(await collection.delete(one)).toBe(false);
    expect(await collection.delete({ id: 'nothing', tenant: 't1' })).toBe(false);
  });

  it("keeps each tenant's records apart: listings and owned reads see only the tenant's own", async () => {
    const collection = new DocumentCollection<{ id: string; tenant: string }>(redis, (id) => `test:doc:${id}`, (tenant) => `test:${tenant}:docs`, 'j');
    await collection.create({ id: idAt(1), tenant: 'acme' });
    await collection.create({ id: idAt(2), tenant: 'globex' });
    expect((await collection.list('acme', { limit: 10 })).items.map((d) => d.id)).toEqual([idAt(1)]);
    expect((await collection.list('globex', { limit: 10 })).items.map((d) => d.id)).toEqual([idAt(2)]);
    expect(await collection.getOwned(idAt(1), 'acme')).toEqual({ id: idAt(1), tenant: 'acme' });
    expect(await collection.getOwned(idAt(1), 'globex')).toBeUndefined();
  });
});
