import type { Job } from '@distillery/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Jobs that go wrong for real: a diverging loss, more tensor memory than the
// worker allows, a deadline that passes. Each fails with its own code, leaves
// nothing half-written, is not retried, and the worker goes on to the next job.
let stack: Stack;
let blobs: string;
const MEMORY_LIMIT = 2_000_000;

beforeAll(async () => {
  stack = await startStack({ workers: 0 });
  blobs = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { features: 64, trainSize: 2000 } } })).body.id;
});
afterAll(async () => stack.close());

const train = (hidden: number[], training: object = {}, extra: object = {}) =>
  post(stack.api, '/v1/jobs', { type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden } }, training, ...extra });

async function logsOf(id: string): Promise<string[]> {
  return (await stack.api.inject({ url: `/v1/jobs/${id}/events?limit=1000` })).json().items
    .filter((e: { type: string }) => e.type === 'log')
    .map((e: { data: { message: string } }) => e.data.message);
}

/** A failed job: its code, one attempt only, no model and no checkpoint left in the store. */
async function expectCleanFailure(job: Job, code: string, modelsBefore: string[]): Promise<void> {
  expect(job.status).toBe('failed');
  expect(job.error?.code).toBe(code);
  expect(job.stages).toEqual([expect.objectContaining({ name: 'train', status: 'failed' })]);
  const logs = await logsOf(job.id);
  expect(logs.filter((line) => /started .* attempt/.test(line))).toHaveLength(1);
  expect(logs.some((line) => line.includes('will be retried'))).toBe(false);
  expect(await stack.store.list('models')).toEqual(modelsBefore);
  expect(await stack.store.list(`checkpoints/${job.id}`)).toEqual([]);
}

describe('a worker with a tensor memory limit', () => {
  it('fails a job that needs more with out_of_memory, then runs the next job', async () => {
    const worker = await stack.startWorker({ tensorMemoryLimitBytes: MEMORY_LIMIT });
    const before = await stack.store.list('models');
    // 64·512 + 512·512 + 512·3 weights (+ biases) with Adam's two moments: about 3.6 MB.
    const big = await waitForJob(stack.api, (await train([512, 512], { epochs: 2 })).body.id);
    await expectCleanFailure(big, 'out_of_memory', before);
    expect(big.error!.message).toMatch(/above the worker's limit of 2000000 bytes; use a smaller model or batch size/);

    const small = await waitForJob(stack.api, (await train([8], { epochs: 2 })).body.id);
    expect(small.status).toBe('succeeded');
    await worker.close();
    stack.workers.splice(stack.workers.indexOf(worker), 1);
  });
});

describe('a worker without limits', () => {
  beforeAll(async () => {
    await stack.startWorker();
  });

  it('fails a job whose loss diverges with training_diverged, without retrying it', async () => {
    const before = await stack.store.list('models');
    // Features near the float32 maximum: the first forward pass overflows.
    const csv = ['a,b,label', ...Array.from({ length: 40 }, (_, i) => `3e38,-3e38,${i % 2}`)].join('\n');
    const form = new FormData();
    form.set('name', 'huge');
    form.set('format', 'csv');
    form.append('train', new Blob([csv]), 'huge.csv');
    const base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
    const dataset = (await (await fetch(`${base}/v1/datasets`, { method: 'POST', body: form })).json()) as { id: string };
    const submitted = await post(stack.api, '/v1/jobs', { type: 'train', dataset: dataset.id, model: { architecture: { kind: 'mlp', hidden: [8] } } });
    const job = await waitForJob(stack.api, submitted.body.id);
    await expectCleanFailure(job, 'training_diverged', before);
    expect(job.error!.message).toMatch(/the loss became (NaN|Infinity) at epoch 1, step 1; lower the learning rate or check the data/);
  });

  it('stops a job at its timeoutSeconds with job_timeout, and takes the next job within a second or two', async () => {
    const before = await stack.store.list('models');
    const started = Date.now();
    const slow = await waitForJob(stack.api, (await train([256, 256], { epochs: 1000, batchSize: 16 }, { timeoutSeconds: 1 })).body.id);
    const seconds = (Date.now() - started) / 1000;
    await expectCleanFailure(slow, 'job_timeout', before);
    expect(slow.error!.message).toMatch(/ran past its timeoutSeconds of 1; give it more time or make it smaller/);
    expect(seconds).toBeLessThan(5);

    const next = Date.now();
    const quick = await waitForJob(stack.api, (await train([8], { epochs: 1 })).body.id);
    expect(quick.status).toBe('succeeded');
    expect(Date.parse(quick.startedAt!) - next).toBeLessThan(2000);
  });

  it('refuses a timeoutSeconds outside 1..604800 at submission', async () => {
    for (const timeoutSeconds of [0, -5, 1.5, 604801]) {
      const response = await train([8], {}, { timeoutSeconds });
      expect(response.status, String(timeoutSeconds)).toBe(400);
      expect(response.body.field).toBe('/timeoutSeconds');
    }
  });
});
