import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactKeys, type EnvironmentSpec, type Model } from '@distillery/contracts';
import { evaluationSeeds, greedyReturns } from '@distillery/kd';
import { loadLayersModel } from '@distillery/storage';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Policy jobs through the service: the environments it lists, a PPO teacher
// trained by a real worker, and what a bad request is told.
let stack: Stack;
/** The CartPole agent the train-policy test trains: the next test's teacher. */
let teacherId: string;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
});
afterAll(async () => stack.close());

it('lists the environments with their spaces, limits and thresholds', async () => {
  const response = await stack.api.inject({ url: '/v1/environments' });
  expect(response.statusCode).toBe(200);
  const { items } = response.json() as { items: EnvironmentSpec[] };
  expect(items.map((e) => ({ id: e.id, size: e.observation.size, actions: e.actions.count, limit: e.maxEpisodeSteps, threshold: e.rewardThreshold }))).toEqual([
    { id: 'cartpole-v1', size: 4, actions: 2, limit: 500, threshold: 475 },
    { id: 'acrobot-v1', size: 6, actions: 3, limit: 500, threshold: -100 },
  ]);
  // Unbounded velocities are null in JSON, not a number that could not be represented.
  expect(items[0]!.observation.high).toEqual([4.8, null, 0.41887903, null]);
});

it('trains a CartPole agent with PPO until its greedy return is stable, and registers its policy', async () => {
  const submitted = await post(stack.api, '/v1/jobs', { type: 'train-policy', environment: 'cartpole-v1', training: { maxSteps: 100_000, seed: 1 } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 180_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const policy = job.result!.metrics.policy!;
  expect(policy).toMatchObject({ environment: 'cartpole-v1', solved: true, greedyReturn: { episodes: 10 } });
  expect(policy.greedyReturn.mean).toBeGreaterThanOrEqual(475);
  expect(policy.environmentSteps).toBeLessThanOrEqual(100_000);
  expect(policy.evaluations.slice(-2).every((e) => e.mean >= 475)).toBe(true);

  teacherId = job.result!.model;
  const model = (await stack.api.inject({ url: `/v1/models/${teacherId}` })).json() as Model;
  expect(model).toMatchObject({ environment: 'cartpole-v1', inputShape: [4], numClasses: 2, lineage: { kind: 'train-policy', environment: 'cartpole-v1' } });
  // The stored files are the agent: loaded back, it plays as the job said.
  const loaded = await loadLayersModel(stack.store, artifactKeys.model(model.id));
  try {
    expect(greedyReturns(loaded, 'cartpole-v1', evaluationSeeds(10)).mean).toBeCloseTo(policy.greedyReturn.mean, 5);
  } finally {
    loaded.dispose();
  }
  const card = (await stack.api.inject({ url: `/v1/models/${model.id}/card` })).json();
  expect(card).toMatchObject({ origin: 'trained', datasets: [], training: { environment: 'cartpole-v1', maxSteps: 100_000 } });
});

it('refuses an unknown environment and out-of-range budgets, naming the field', async () => {
  const unknown = await post(stack.api, '/v1/jobs', { type: 'train-policy', environment: 'pong' });
  expect(unknown.status).toBe(400);
  expect(unknown.body).toMatchObject({ code: 'invalid_request', field: '/environment' });
  expect(unknown.body.detail).toMatch(/cartpole-v1, acrobot-v1/);
  const huge = await post(stack.api, '/v1/jobs', { type: 'train-policy', environment: 'cartpole-v1', training: { maxSteps: 10 ** 9 } });
  expect(huge.body).toMatchObject({ status: 400, field: '/training/maxSteps' });
  const odd = await post(stack.api, '/v1/jobs', { type: 'train-policy', environment: 'cartpole-v1', model: { hidden: [0] } });
  expect(odd.body).toMatchObject({ status: 400, field: '/model/hidden/0' });
});

it('distils the agent into a 226-parameter policy that plays nearly as well, and trains the same student by PPO on as many steps', async () => {
  const submitted = await post(stack.api, '/v1/jobs', {
    type: 'distill-policy',
    environment: 'cartpole-v1',
    teachers: [{ model: teacherId }],
    student: { hidden: [32] },
    method: { kind: 'policy', loss: 'kl', states: 2000, dagger: { rounds: 1, states: 500 } },
    baseline: true,
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 180_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  expect(job.stages.map((s) => [s.name, s.status])).toEqual([['teacher:0', 'succeeded'], ['train', 'succeeded']]);
  const report = job.result!.metrics.policyDistillation!;
  expect(report.environmentSteps).toBe(2500);
  expect(report.rounds.map((r) => r.states)).toEqual([2000, 2500]);
  expect(report.student.mean).toBeGreaterThanOrEqual(0.95 * report.teacher.mean);
  // The baseline had no more environment steps than the distillation. How it compares varies from
  // seed to seed: the comparison over seeds is bench/kd-policy-experiment.ts's (README, "Policies").
  expect(report.baseline!.environmentSteps).toBeGreaterThan(2500 - 8);
  expect(report.baseline!.environmentSteps).toBeLessThanOrEqual(2500);
  expect(report.baseline!.episodes).toBe(10);
  expect(report.parameterRatio).toBeCloseTo(4610 / 226, 5);
  const student = (await stack.api.inject({ url: `/v1/models/${job.result!.model}` })).json() as Model;
  expect(student).toMatchObject({ parameters: 226, environment: 'cartpole-v1', lineage: { kind: 'distill', teachers: [teacherId], environment: 'cartpole-v1' } });
  const events = (await stack.api.inject({ url: `/v1/jobs/${job.id}/events?limit=1000` })).json().items as { type: string; data: { meanReturn?: number } }[];
  expect(events.filter((e) => e.type === 'progress' && e.data.meanReturn !== undefined)).toHaveLength(2);
  // Its rollouts were scratch: nothing of them is left once the job ended.
  expect(await stack.store.list(artifactKeys.jobScratch(job.id))).toEqual([]);
});

it('distils a teacher uploaded as Q-values (sharpened at the default temperature 0.01), and keeps it out of classification jobs', async () => {
  // The PPO agent's files, uploaded as if a DQN had made them: its action scores declared as Q-values.
  const base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  const form = new FormData();
  form.append('name', 'cartpole q-network');
  form.append('output', 'q-values');
  form.append('license', 'MIT');
  form.append('distillation', 'allowed');
  // Its TensorFlow.js files; the ONNX copy beside them is the same network in another format.
  for (const key of await stack.store.list(artifactKeys.model(teacherId))) if (!key.endsWith('.onnx')) form.append('files', new Blob([await stack.store.get(key)]), key.split('/').at(-1)!);
  const uploaded = await fetch(`${base}/v1/models`, { method: 'POST', body: form });
  const teacher = (await uploaded.json()) as Model;
  expect(uploaded.status, JSON.stringify(teacher)).toBe(201);
  expect(teacher).toMatchObject({ output: 'q-values', inputShape: [4], numClasses: 2 });

  const submitted = await post(stack.api, '/v1/jobs', { type: 'distill-policy', environment: 'cartpole-v1', teachers: [{ model: teacher.id }], student: { hidden: [32] }, method: { kind: 'policy', loss: 'kl', states: 2000 } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id, 180_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const report = job.result!.metrics.policyDistillation!;
  expect(report.student.mean).toBeGreaterThanOrEqual(0.9 * report.teacher.mean);

  const table = (await post(stack.api, '/v1/datasets', { name: 'four features', source: { builtin: 'blobs', options: { classes: 2, features: 4 } } })).body.id;
  const classification = await post(stack.api, '/v1/jobs', { type: 'distill', dataset: table, teachers: [{ model: teacher.id }], student: { architecture: { kind: 'mlp', hidden: [8] } } });
  expect(classification.body).toMatchObject({ status: 422, code: 'incompatible_model', field: '/teachers/0/model' });
  expect(classification.body.detail).toContain('outputs Q-values');
});

it('refuses a policy distillation whose teacher does not fit the environment, and out-of-range options, naming the field', async () => {
  const distill = (extra: object) => post(stack.api, '/v1/jobs', { type: 'distill-policy', environment: 'cartpole-v1', teachers: [{ model: teacherId }], ...extra });
  const missing = await distill({ teachers: [{ model: 'm_missing' }] });
  expect(missing.body).toMatchObject({ status: 422, code: 'unknown_model', field: '/teachers/0/model' });
  const otherEnvironment = await distill({ environment: 'acrobot-v1' });
  expect(otherEnvironment.body).toMatchObject({ status: 422, code: 'incompatible_model', field: '/teachers/0/model' });
  expect(otherEnvironment.body.detail).toMatch(/a policy for cartpole-v1, not acrobot-v1/);
  const tooMany = await distill({ method: { kind: 'policy', states: 10 ** 7 } });
  expect(tooMany.body).toMatchObject({ status: 400, field: '/method/states' });
  const cold = await distill({ method: { kind: 'policy', temperature: -1 } });
  expect(cold.body).toMatchObject({ status: 400, field: '/method/temperature' });
});
