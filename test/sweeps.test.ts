import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessOptions } from '@distillery/api';
import type { Sweep } from '@distillery/jobs';
import { startStack, waitFor, type Stack } from './helpers/stack.ts';

// Sweeps through the service: two in-process workers, a tiny teacher on blobs.
const ACME = `acme-key-${'s'.repeat(32)}`;
const GLOBEX = `globex-key-${'s'.repeat(32)}`;
const access: AccessOptions = {
  auth: 'keys',
  keys: [
    { tenant: 'acme', role: 'user', key: ACME },
    { tenant: 'globex', role: 'user', key: GLOBEX },
  ],
  limits: { requestsPerMinute: 100_000, concurrentJobs: 100, storedBytes: 1e9 },
};

let stack: Stack;
let blobs: string;
let teacher: string;

async function call(method: string, url: string, payload?: object, apiKey = ACME) {
  const response = await stack.api.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${apiKey}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as any };
}

async function waitForSweep(id: string, timeoutMs = 180_000): Promise<Sweep> {
  return waitFor(
    `sweep ${id} to finish`,
    async () => {
      const { body } = await call('GET', `/v1/sweeps/${id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? (body as Sweep) : undefined;
    },
    timeoutMs,
  );
}

async function waitForJob(id: string) {
  return waitFor(`job ${id} to finish`, async () => {
    const { body } = await call('GET', `/v1/jobs/${id}`);
    return ['succeeded', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
  }, 120_000);
}

const baseRequest = () => ({
  type: 'distill',
  dataset: blobs,
  teachers: [{ model: teacher }],
  student: { architecture: { kind: 'mlp', hidden: [8] } },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 7 },
});

const counters = async () => (await stack.api.registry.metrics.read()).counters;

beforeAll(async () => {
  stack = await startStack({ workers: 2, access });
  blobs = (await call('POST', '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 600, testSize: 300, spread: 2 } } })).body.id;
  const train = await call('POST', '/v1/jobs', {
    type: 'train',
    dataset: blobs,
    model: { architecture: { kind: 'mlp', hidden: [32] } },
    training: { epochs: 4, batchSize: 32, learningRate: 0.01, seed: 1 },
  });
  const job = await waitForJob(train.body.id);
  expect(job.status).toBe('succeeded');
  teacher = job.result.model;
});
afterAll(async () => stack?.close());

describe('sweeps', () => {
  it('run the teacher once, fan a 2 × 2 grid out over two workers, rank on validation and keep the best student', async () => {
    const before = await counters();
    const modelsBefore = (await call('GET', '/v1/models?limit=200')).body.items.length;
    const submitted = await call('POST', '/v1/sweeps', { base: baseRequest(), grid: { temperature: [1, 4], alpha: [0.5, 0.9] } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'queued', trials: 4 });
    const sweep = await waitForSweep(submitted.body.id);
    expect(sweep.status, JSON.stringify(sweep.error)).toBe('succeeded');

    // One teacher stage for the whole sweep: inference ran once, not once per trial.
    expect(sweep.stages.map((s) => [s.name, s.status])).toEqual([
      ['teacher:0', 'succeeded'],
      ['aggregate', 'succeeded'],
      ['targets', 'succeeded'],
      ['trial:0', 'succeeded'],
      ['trial:1', 'succeeded'],
      ['trial:2', 'succeeded'],
      ['trial:3', 'succeeded'],
      ['rank', 'succeeded'],
    ]);
    expect(sweep.stages[0]!.cached).toBe(false);
    const after = await counters();
    expect((after.teacher_logits_computed ?? 0) - (before.teacher_logits_computed ?? 0)).toBe(1);
    expect((after.teacher_logits_cached ?? 0) - (before.teacher_logits_cached ?? 0)).toBe(0);

    // The table: every combination, each trained on one of the two workers.
    expect(sweep.trials.map((t) => [t.params.temperature, t.params.alpha])).toEqual([[1, 0.5], [1, 0.9], [4, 0.5], [4, 0.9]]);
    for (const trial of sweep.trials) {
      expect(trial.status).toBe('succeeded');
      expect(trial.params).toMatchObject({ learningRate: 0.01, width: 1 });
      expect(trial.validationAccuracy).toBeGreaterThan(0.5);
      expect(trial.testAccuracy).toBeGreaterThan(0.5);
      expect(trial.epochs).toBe(3);
    }
    const workers = new Set(sweep.trials.map((t) => t.worker));
    expect(workers).toEqual(new Set(stack.workers.map((w) => w.id)));
    const starts = (await call('GET', `/v1/sweeps/${sweep.id}/events?limit=1000`)).body.items
      .filter((e: any) => e.type === 'log' && /^trial:\d started on worker/.test(e.data.message))
      .map((e: any) => e.data.message.match(/worker (w_\w+)/)[1]);
    expect(new Set(starts).size).toBe(2);

    // Ranked on the validation slice, best first; the best student is the one model kept.
    const result = sweep.result!;
    expect(result.objective).toBe('validationAccuracy');
    expect(result.validation).toEqual({ dataset: blobs, split: 'train', fraction: 0.1, rows: 60, seed: 7 });
    expect(result.table.map((t) => t.rank)).toEqual([1, 2, 3, 4]);
    const accuracies = result.table.map((t) => t.validationAccuracy!);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
    expect(result.best).toEqual(result.table[0]);
    expect(result.model).toBe(result.best.model);
    expect(result.teachers).toEqual([{ model: teacher, testAccuracy: expect.any(Number), cached: false, used: true }]);
    expect(sweep.trials.find((t) => t.index === result.best.index)).toMatchObject({ rank: 1, model: result.model });
    expect(sweep.trials.filter((t) => t.model)).toHaveLength(1);
    const student = (await call('GET', `/v1/models/${result.model}`)).body;
    expect(student.lineage).toMatchObject({
      jobId: sweep.id,
      kind: 'distill',
      teachers: [teacher],
      method: { kind: 'logits', temperature: result.best.params.temperature, alpha: result.best.params.alpha },
      seed: 7,
    });
    expect((await call('GET', '/v1/models?limit=200')).body.items.length).toBe(modelsBefore + 1);
    // The trials' staged students and targets went with the sweep's working files.
    expect(await stack.store.list(`checkpoints/${sweep.id}`)).toEqual([]);

    // The teacher's logits stay cached: the next sweep on the same data runs no inference at all.
    const again = await call('POST', '/v1/sweeps', { base: baseRequest(), grid: { learningRate: [0.01, 0.003] } });
    const second = await waitForSweep(again.body.id);
    expect(second.status).toBe('succeeded');
    expect(second.stages.find((s) => s.name === 'teacher:0')!.cached).toBe(true);
    expect(second.result!.teachers[0]!.cached).toBe(true);
    expect(second.trials.map((t) => t.params.learningRate)).toEqual([0.01, 0.003]);
  });

  it('compare methods over seeds on one teacher stage: each method and the baseline per seed, ranked by their means', async () => {
    const before = await counters();
    const methods = [{ kind: 'logits' }, { kind: 'logits', temperature: 1, alpha: 0.5 }];
    const submitted = await call('POST', '/v1/sweeps', { base: baseRequest(), methods, seeds: [7, 8] });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body.trials).toBe(6);
    const sweep = await waitForSweep(submitted.body.id);
    expect(sweep.status, JSON.stringify(sweep.error)).toBe('succeeded');
    // The teacher's logits come from the cache of the sweeps above: no teacher inference for six trainings.
    expect(((await counters()).teacher_logits_computed ?? 0) - (before.teacher_logits_computed ?? 0)).toBe(0);
    expect(sweep.trials.map((t) => [t.comparison!.method, t.comparison!.seed])).toEqual([
      ['baseline', 7],
      ['baseline', 8],
      ['logits#1', 7],
      ['logits#1', 8],
      ['logits#2', 7],
      ['logits#2', 8],
    ]);
    expect(sweep.trials.every((t) => t.status === 'succeeded' && t.validationAccuracy! > 0.5)).toBe(true);

    const summaries = sweep.result!.methods!;
    expect(summaries.map((m) => m.rank)).toEqual([1, 2, 3]);
    expect(new Set(summaries.map((m) => m.method))).toEqual(new Set(['baseline', 'logits#1', 'logits#2']));
    for (const summary of summaries) {
      const mine = sweep.trials.filter((t) => t.comparison!.method === summary.method);
      const values = mine.map((t) => t.validationAccuracy!);
      const mean = (values[0]! + values[1]!) / 2;
      expect(summary.trials).toBe(2);
      expect(summary.validationAccuracy.mean).toBeCloseTo(mean, 12);
      expect(summary.validationAccuracy.std).toBeCloseTo(Math.abs(values[0]! - values[1]!) / Math.SQRT2, 12);
      expect(summary.testAccuracy.mean).toBeCloseTo((mine[0]!.testAccuracy! + mine[1]!.testAccuracy!) / 2, 12);
      // A seed is won by the best validation accuracy among all methods on that seed.
      for (const seed of summary.seedsWon) {
        const best = Math.max(...sweep.trials.filter((t) => t.comparison!.seed === seed).map((t) => t.validationAccuracy!));
        expect(mine.find((t) => t.comparison!.seed === seed)!.validationAccuracy).toBe(best);
      }
    }
    const means = summaries.map((m) => m.validationAccuracy.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
    expect(summaries.find((m) => m.kind === 'baseline')!.gainOverBaseline).toBeUndefined();
    const tempered = summaries.find((m) => m.method === 'logits#2')!;
    expect(tempered.options).toEqual({ kind: 'logits', temperature: 1, alpha: 0.5, standardize: false });
    expect(tempered.gainOverBaseline!.validation).toBeCloseTo(
      tempered.validationAccuracy.mean - summaries.find((m) => m.kind === 'baseline')!.validationAccuracy.mean,
      12,
    );
    // Every seed was won by some method.
    expect(new Set(summaries.flatMap((m) => m.seedsWon))).toEqual(new Set([7, 8]));
    // The kept student is the best seed of the best method, ranked on the base job's validation slice.
    const best = sweep.result!.best;
    expect(best.comparison!.method).toBe(summaries[0]!.method);
    expect(sweep.result!.validation).toMatchObject({ seed: 7, rows: 60 });
    expect(sweep.result!.model).toBe(best.model);
  });

  it('are tenant-scoped like jobs, and never appear among jobs', async () => {
    const mine = (await call('GET', '/v1/sweeps')).body.items as Sweep[];
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.map((s) => s.id)).toEqual([...mine.map((s) => s.id)].sort().reverse());
    expect((await call('GET', '/v1/sweeps?status=succeeded&limit=1')).body).toMatchObject({ items: [{ id: mine[0]!.id }], next: mine[0]!.id });
    expect((await call('GET', '/v1/sweeps', undefined, GLOBEX)).body.items).toEqual([]);
    const id = mine[0]!.id;
    for (const [method, url] of [['GET', `/v1/sweeps/${id}`], ['GET', `/v1/sweeps/${id}/events`], ['POST', `/v1/sweeps/${id}/cancel`]] as const) {
      const theirs = await call(method, url, undefined, GLOBEX);
      const missing = await call(method, url.replace(id, 'sw_doesnotexist0000000000'), undefined, GLOBEX);
      expect(theirs).toMatchObject({ status: 404, body: { code: 'sweep_not_found' } });
      expect(theirs.body.detail.replace(id, 'ID')).toBe(missing.body.detail.replace('sw_doesnotexist0000000000', 'ID'));
    }
    expect((await call('GET', `/v1/jobs/${id}`)).body.code).toBe('job_not_found');
    expect((await call('GET', '/v1/jobs?limit=200')).body.items.map((j: any) => j.id)).not.toContain(id);
  });

  it('refuse requests a sweep cannot run, naming the field', async () => {
    const base = baseRequest();
    // The same rows under another id: as a transfer set it would hand the held-out validation rows back.
    const copy = (await call('POST', '/v1/datasets', { name: 'blobs again', source: { builtin: 'blobs', options: { trainSize: 600, testSize: 300, spread: 2 } } })).body;
    expect(copy.digest).toBe((await call('GET', `/v1/datasets/${blobs}`)).body.digest);
    const cases: [object, number, string, string][] = [
      [{ base }, 400, 'invalid_request', '/grid'],
      [{ base, grid: { alpha: [0.5] }, random: { trials: 2, ranges: { alpha: { min: 0, max: 1 } } } }, 400, 'invalid_request', '/random'],
      // A sweep tunes any method that takes the value, and checks it as the distill job it is.
      [{ base: { ...base, method: { kind: 'pseudo-label' } }, grid: { alpha: [0.5] } }, 400, 'invalid_request', '/base/method'],
      [{ base: { ...base, method: { kind: 'attention', pairs: [{ teacher: 'dense1', student: 'dense1' }] } }, grid: { alpha: [0.5] } }, 422, 'unsupported_architecture', '/base/student/architecture/kind'],
      [{ base, grid: { alpha: [0.5] }, methods: [{ kind: 'logits' }] }, 400, 'invalid_request', '/methods'],
      [{ base, grid: { alpha: [0.5] }, seeds: [1, 2] }, 400, 'invalid_request', '/seeds'],
      [{ base, methods: [{ kind: 'logits' }, { kind: 'features', pairs: [{ teacher: 'dense1', student: 'dense9' }] }] }, 422, 'unsupported_architecture', '/methods/1/pairs/0/student'],
      [{ base, methods: [{ kind: 'pseudo-label' }] }, 422, 'incompatible_dataset', '/base/transfer'],
      [{ base: { ...base, baseline: true }, grid: { alpha: [0.5] } }, 400, 'invalid_request', '/base/baseline'],
      [{ base: { ...base, transfer: { dataset: copy.id } }, grid: { alpha: [0.5] } }, 400, 'invalid_request', '/base/transfer/dataset'],
      [{ base, grid: { temperature: [1, 2, 3, 4, 5, 6, 7, 8, 9], alpha: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] } }, 422, 'job_too_large', '/grid'],
      [{ base, grid: { alpha: [1.5] } }, 400, 'invalid_request', '/grid/alpha/0'],
      [{ base: { ...base, teachers: [{ model: 'm_doesnotexist00000000' }] }, grid: { alpha: [0.5] } }, 422, 'unknown_model', '/base/teachers/0/model'],
      [{ base: { ...base, student: { architecture: { kind: 'mlp', hidden: [1000] } } }, grid: { width: [1, 16] } }, 400, 'invalid_request', '/base/student/architecture'],
    ];
    for (const [payload, status, code, field] of cases) {
      const { status: got, body } = await call('POST', '/v1/sweeps', payload);
      expect({ got, code: body.code, field: body.field }, JSON.stringify(payload)).toEqual({ got: status, code, field });
    }
  });

  it('rank the trials that finished when another fails on its own values, and fail only when every trial does', async () => {
    // One worker whose tensor memory limit fits the student at width 1 (hidden [8], ~1.2 kB with Adam's moments) but not at width 16 (hidden [128], ~18 kB).
    await Promise.all(stack.workers.map((w) => w.close()));
    stack.workers.length = 0;
    await stack.startWorker({ tensorMemoryLimitBytes: tf.memory().numBytes + 8_000 });
    const { status, body } = await call('POST', '/v1/sweeps', { base: baseRequest(), grid: { width: [1, 16] } });
    expect(status, JSON.stringify(body)).toBe(202);
    const sweep = await waitForSweep(body.id);
    expect(sweep.status, JSON.stringify(sweep.error)).toBe('succeeded');
    expect(sweep.trials.map((t) => [t.params.width, t.status, t.rank, t.error?.code])).toEqual([
      [1, 'succeeded', 1, undefined],
      [16, 'failed', undefined, 'out_of_memory'],
    ]);
    expect(sweep.stages.find((s) => s.name === 'trial:1')!.status).toBe('failed');
    expect(sweep.result!.table.map((t) => t.index)).toEqual([0, 1]);
    expect(sweep.result!.best.index).toBe(0);

    const hopeless = await call('POST', '/v1/sweeps', { base: baseRequest(), grid: { width: [16, 12] } });
    expect(hopeless.status, JSON.stringify(hopeless.body)).toBe(202);
    const failed = await waitForSweep(hopeless.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'out_of_memory', message: expect.stringMatching(/^every trial of the sweep failed; the first: training held/) });
    // The staged students go with the checkpoints, just after the failure is recorded.
    await waitFor('the working files to go', async () => ((await stack.store.list(`checkpoints/${failed.id}`)).length === 0 ? true : undefined), 5000);

    await Promise.all(stack.workers.map((w) => w.close()));
    stack.workers.length = 0;
    for (let i = 0; i < 2; i++) await stack.startWorker();
  });

  it('cancel: running trials stop within a batch, queued ones never start, no model is kept', async () => {
    const modelsBefore = (await call('GET', '/v1/models?limit=200')).body.items.length;
    const { body } = await call('POST', '/v1/sweeps', {
      base: { ...baseRequest(), training: { epochs: 1000, batchSize: 8, learningRate: 0.01, seed: 7 } },
      grid: { alpha: [0.3, 0.5, 0.7, 0.9] },
    });
    await waitFor('a trial to train', async () => {
      const sweep = (await call('GET', `/v1/sweeps/${body.id}`)).body as Sweep;
      return sweep.progress?.epoch ? sweep : undefined;
    }, 60_000);
    const cancelled = await call('POST', `/v1/sweeps/${body.id}/cancel`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.status).toBe('cancelled');
    const at = Date.now();
    await waitFor('the workers to let go', async () => (stack.workers.every((w) => w.currentJobs().length === 0) ? true : undefined), 10_000);
    expect(Date.now() - at).toBeLessThan(3000);
    const sweep = (await call('GET', `/v1/sweeps/${body.id}`)).body as Sweep;
    expect(sweep.error!.code).toBe('job_cancelled');
    expect(sweep.trials.every((t) => t.status === 'cancelled')).toBe(true);
    expect((await call('POST', `/v1/sweeps/${body.id}/cancel`)).body.code).toBe('job_not_cancellable');
    expect((await call('GET', '/v1/models?limit=200')).body.items.length).toBe(modelsBefore);
  });
});
