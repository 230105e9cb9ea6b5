import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Model } from '@distillery/contracts';
import { dpSgdEpsilon } from '@distillery/kd';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// PATE through the service: teachers on disjoint partitions of private data as parallel subjobs,
// the noisy vote answering public queries within a privacy budget, and a student that saw only the answers.
let stack: Stack;
let privateSet: string;
let publicSet: string;
beforeAll(async () => {
  stack = await startStack({ workers: 2 });
  const blobs = { classes: 4, features: 8, spread: 1.5, seed: 5 };
  privateSet = (await post(stack.api, '/v1/datasets', { name: 'private', source: { builtin: 'blobs', options: { ...blobs, trainSize: 2000, testSize: 400 } } })).body.id;
  // The same distribution, other rows; its labels only score the answers.
  publicSet = (await post(stack.api, '/v1/datasets', { name: 'public', source: { builtin: 'blobs', options: { ...blobs, offset: 2000, trainSize: 600, testSize: 10 } } })).body.id;
});
afterAll(async () => stack.close());

const pate = (method: Record<string, unknown> = {}) => ({
  type: 'distill-private',
  dataset: privateSet,
  public: { dataset: publicSet },
  student: { architecture: { kind: 'mlp', hidden: [16] } },
  training: { epochs: 100, batchSize: 16, learningRate: 0.01, seed: 2 },
  method: {
    kind: 'pate',
    teachers: { count: 20, architecture: { kind: 'mlp', hidden: [16] }, training: { epochs: 30, batchSize: 16, learningRate: 0.01 } },
    aggregator: { kind: 'gnmax', sigma: 4 },
    queries: 500,
    delta: 1e-5,
    budget: { epsilon: 10 },
    ...method,
  },
});

it('answers public queries with noisy teacher votes until the budget is spent, and trains a student on the answers alone', async () => {
  const submitted = await post(stack.api, '/v1/jobs', pate());
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 240_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  expect(job.stages.map((s) => s.status).every((s) => s === 'succeeded')).toBe(true);
  expect(job.stages.length).toBe(22);
  const privacy = job.result!.metrics.privacy!;
  // σ = 4 for 20 teachers is little noise, so dear: ε passes 10 after about 30 answers. The budget, not the queries, ends them.
  expect(privacy.queries).toMatchObject({ requested: 500, exhausted: true });
  expect(privacy.queries.answered).toBe(privacy.queries.asked);
  expect(privacy.queries.answered).toBeGreaterThan(20);
  expect(privacy.queries.answered).toBeLessThan(500);
  expect(privacy.epsilon.dataIndependent.epsilon).toBeLessThanOrEqual(10);
  expect(privacy.epsilon.dataDependent.epsilon).toBeLessThanOrEqual(privacy.epsilon.dataIndependent.epsilon);
  expect(privacy.teachers).toMatchObject({ count: 20, partition: 100 });
  expect(privacy.teachers.ensembleTestAccuracy).toBeGreaterThan(0.8);
  expect(privacy.labelAccuracy!.clean).toBeGreaterThan(0.8);
  expect(privacy.labelAccuracy!.noisy).toBeGreaterThan(0.6);
  expect(privacy.student.testAccuracy).toBeGreaterThan(0.6);
  expect(privacy.nonPrivate.testAccuracy).toBeGreaterThan(0.6);
  expect(job.result!.metrics.testAccuracy).toBe(privacy.student.testAccuracy);

  // Only the student is a model: the teachers saw private data without noise and are never kept.
  const models = (await stack.api.inject({ url: '/v1/models' })).json().items as Model[];
  expect(models.map((m) => m.id)).toEqual([job.result!.model]);
  expect(models[0]).toMatchObject({ lineage: { kind: 'distill-private', dataset: privateSet, transferDataset: publicSet, teachers: [] } });
  expect(await stack.store.list(`jobs/${job.id}`)).toEqual([]);
});

it('Confident-GNMax answers only the queries whose top vote passes its noisy threshold; the student labels the rest for a second student', async () => {
  const submitted = await post(stack.api, '/v1/jobs', pate({ teachers: { count: 20, architecture: { kind: 'mlp', hidden: [16] }, training: { epochs: 30, batchSize: 16 } }, aggregator: { kind: 'confident-gnmax', threshold: 17, sigma1: 3, sigma2: 4 }, queries: 200, budget: { epsilon: 20 }, semiSupervised: { threshold: 0.9 } }));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 240_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const { queries, labelAccuracy } = job.result!.metrics.privacy!;
  expect(queries.answered).toBeGreaterThan(0);
  expect(queries.answered).toBeLessThan(queries.asked);
  // The queries it answers are the ones the teachers agree on: their clean label is rarely wrong.
  expect(labelAccuracy!.clean).toBeGreaterThan(0.9);
  // Then the student labels the public rows left unanswered, and a second student trains on both.
  const { semiSupervised, student } = job.result!.metrics.privacy!;
  expect(semiSupervised!.threshold).toBe(0.9);
  expect(semiSupervised!.pseudoLabelled).toBeGreaterThan(0);
  expect(semiSupervised!.pseudoLabelled).toBeLessThanOrEqual(600 - queries.answered);
  expect(student.testAccuracy).toBeGreaterThan(0.6);
  expect(job.result!.history!.some((point) => point.run === 'semi-supervised')).toBe(true);
});

it('refuses what cannot work at submission, saying what to change', async () => {
  const cases: [Record<string, unknown>, number, string, RegExp][] = [
    [{ queries: 601 }, 422, '/method/queries', /601 queries were asked but public dataset \S+ has 600 training rows/],
    [{ teachers: { count: 250, architecture: { kind: 'mlp', hidden: [8] } } }, 400, '/method/teachers/count', /leave 8 each; a teacher needs at least 10: use at most 200 teachers/],
    [{ aggregator: { kind: 'gnmax', sigma: 0.1 }, budget: { epsilon: 1 } }, 400, '/method/budget/epsilon', /the first answer alone costs ε = [\d.]+ .*more than the budget of 1: raise the budget or the noise/],
    [{ aggregator: { kind: 'gnmax', sigma: 0 } }, 400, '/method/aggregator', /./],
  ];
  for (const [method, status, field, detail] of cases) {
    const response = await post(stack.api, '/v1/jobs', pate(method));
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.field).toMatch(new RegExp(`^${field}`));
    expect(response.body.detail).toMatch(detail);
  }
  const missing = await post(stack.api, '/v1/jobs', { ...pate(), public: { dataset: 'ds_000000000000000000000' } });
  expect(missing.body).toMatchObject({ code: 'unknown_dataset', field: '/public/dataset' });
  // The private rows as the public set would hand the student the private data itself.
  const same = await post(stack.api, '/v1/jobs', { ...pate(), public: { dataset: privateSet } });
  expect(same.body).toMatchObject({ code: 'incompatible_dataset', field: '/public/dataset' });
  const copy = (await post(stack.api, '/v1/datasets', { name: 'private again', source: { builtin: 'blobs', options: { classes: 4, features: 8, spread: 1.5, seed: 5, trainSize: 2000, testSize: 400 } } })).body.id;
  expect((await post(stack.api, '/v1/jobs', { ...pate(), public: { dataset: copy } })).body.detail).toContain('the same digest');
  const dpInside = await post(stack.api, '/v1/jobs', { ...pate(), training: { privacy: { clipNorm: 1, noiseMultiplier: 1 } } });
  expect(dpInside.body).toMatchObject({ code: 'invalid_request', field: '/training/privacy' });
});

it('trains with DP-SGD where training asks for privacy, reporting the ε each epoch and in the result', async () => {
  const training = { epochs: 2, batchSize: 50, learningRate: 0.02, privacy: { clipNorm: 1, noiseMultiplier: 1.1, delta: 1e-5 } };
  const submitted = await post(stack.api, '/v1/jobs', { type: 'train', dataset: privateSet, model: { architecture: { kind: 'mlp', hidden: [16] } }, training });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 240_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const expected = dpSgdEpsilon(50 / 2000, 1.1, 2 * 40, 1e-5);
  expect(job.result!.metrics.dpSgd).toMatchObject({ run: 'train', steps: 80, samplingRate: 0.025, noiseMultiplier: 1.1, clipNorm: 1, delta: 1e-5, epsilon: expected.epsilon, order: expected.order });
  expect(job.result!.metrics.dpSgd!.sampling).toContain('accounted as Poisson sampling');
  expect(job.progress).toMatchObject({ epoch: 2, epsilon: expected.epsilon });
  // Four well-separated classes: clipped, noisy steps still learn them.
  expect(job.result!.metrics.testAccuracy).toBeGreaterThan(0.6);
});
