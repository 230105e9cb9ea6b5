import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// The transformer architecture through the service: trained as a teacher, distilled into, downloaded.
let stack: Stack;
let mnist: string;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  mnist = (await post(stack.api, '/v1/datasets', { name: 'mnist-1k', source: { builtin: 'mnist', options: { trainSize: 1000, testSize: 200 } } })).body.id;
});
afterAll(async () => stack.close());

const transformer = { kind: 'transformer', layers: 1, heads: 2, dim: 16, patch: 7 };

it('trains a patch transformer on MNIST, registers it with its attention layers readable, and distils an MLP into it', async () => {
  const trained = await waitForJob(stack.api, (await post(stack.api, '/v1/jobs', { type: 'train', dataset: mnist, model: { architecture: transformer }, training: { epochs: 3, batchSize: 32, learningRate: 0.003 } })).body.id);
  expect(trained.status, JSON.stringify(trained.error)).toBe('succeeded');
  expect(trained.result!.metrics.testAccuracy).toBeGreaterThan(0.3); // 10 classes: well above chance after 3 short epochs
  const model = (await stack.api.inject({ url: `/v1/models/${trained.result!.model}` })).json();
  expect(model.readableOutputs).toEqual(expect.arrayContaining(['block1/attention', 'block1', 'pool', 'logits']));

  const teacher = await waitForJob(stack.api, (await post(stack.api, '/v1/jobs', { type: 'train', dataset: mnist, model: { architecture: { kind: 'mlp', hidden: [64] } }, training: { epochs: 3 } })).body.id);
  const distilled = await waitForJob(
    stack.api,
    (await post(stack.api, '/v1/jobs', { type: 'distill', dataset: mnist, teachers: [{ model: teacher.result!.model }], student: { architecture: transformer }, training: { epochs: 2, batchSize: 32 }, baseline: true })).body.id,
  );
  expect(distilled.status, JSON.stringify(distilled.error)).toBe('succeeded');
  expect(distilled.result!.metrics.student!.parameters).toBe(model.parameters);
});

it('refuses a transformer whose dim does not split into its heads, naming the field', async () => {
  const response = await post(stack.api, '/v1/jobs', { type: 'train', dataset: mnist, model: { architecture: { ...transformer, dim: 15 } } });
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(String(response.body.field)).toMatch(/^\/model\/architecture/);
});

it('distils a transformer teacher into a smaller transformer by its attention matrices, and refuses pairs that cannot compare', async () => {
  const teacherArchitecture = { kind: 'transformer', layers: 2, heads: 2, dim: 16, patch: 7 };
  const teacher = await waitForJob(stack.api, (await post(stack.api, '/v1/jobs', { type: 'train', dataset: mnist, model: { architecture: teacherArchitecture }, training: { epochs: 2, batchSize: 32, learningRate: 0.003 } })).body.id);
  expect(teacher.status, JSON.stringify(teacher.error)).toBe('succeeded');
  const student = { kind: 'transformer', layers: 1, heads: 1, dim: 8, patch: 7 };
  const distill = (method: object, studentArchitecture: object = student) =>
    post(stack.api, '/v1/jobs', { type: 'distill', dataset: mnist, teachers: [{ model: teacher.result!.model }], student: { architecture: studentArchitecture }, method, training: { epochs: 2, batchSize: 32 } });

  // A 2-block teacher, a 1-block student: the uniform mapping pairs student block 1 with teacher block 2.
  const submitted = await distill({ kind: 'attention-matrix', pairs: [{ teacher: 'block2/attention', student: 'block1/attention' }] });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const job = await waitForJob(stack.api, submitted.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  expect(job.request).toMatchObject({ method: { kind: 'attention-matrix', loss: 'kl' } });
  expect(job.result!.features).toMatchObject({ path: expect.stringMatching(/precomputed|on-the-fly/) });

  const refusals: [object, object | undefined, string][] = [
    [{ kind: 'attention-matrix', pairs: [{ teacher: 'block2/attention', student: 'dense1' }] }, { kind: 'mlp', hidden: [8] }, '/student/architecture/kind'],
    [{ kind: 'attention-matrix', pairs: [{ teacher: 'block2/attention', student: 'block1' }] }, undefined, '/method/pairs/0/student'],
    [{ kind: 'attention-matrix', pairs: [{ teacher: 'block2/attention', student: 'block1/attention' }] }, { ...student, patch: 4 }, '/method/pairs/0/teacher'],
    [{ kind: 'features', pairs: [{ teacher: 'block2/attention', student: 'block1/attention' }] }, undefined, '/method/pairs/0/student'],
  ];
  for (const [method, architecture, field] of refusals) {
    const response = await distill(method, architecture);
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.body.field).toBe(field);
  }
});
