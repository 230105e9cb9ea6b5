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
