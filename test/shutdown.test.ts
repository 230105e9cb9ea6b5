import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startStack, waitFor, waitForJob, type Stack } from './helpers/stack.ts';

// A worker that shuts down mid-training checkpoints where it stopped and hands
// its job back to the queue at once; another worker resumes it from there.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
});
afterAll(async () => stack.close());

it('checkpoints a running job on shutdown, returns it to the queue, and another worker resumes it', async () => {
  const dataset = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 2000 } } })).body.id;
  const { body } = await post(stack.api, '/v1/jobs', {
    type: 'train',
    dataset,
    model: { architecture: { kind: 'mlp', hidden: [256, 256] } },
    training: { epochs: 30, batchSize: 16 },
  });
  await waitFor('training to start', async () => {
    const job = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
    return job.progress?.epoch ? job : undefined;
  });

  const started = Date.now();
  await stack.workers[0]!.close();
  expect(Date.now() - started).toBeLessThan(3000);
  const waiting = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
  expect(waiting).toMatchObject({ status: 'running', stages: [{ name: 'train', status: 'queued' }] });

  await stack.startWorker();
  const job = await waitForJob(stack.api, body.id);
  expect(job.status).toBe('succeeded');
  const logs = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}/events?limit=1000` })).json().items
    .filter((e: { type: string }) => e.type === 'log')
    .map((e: { data: { message: string } }) => e.data.message);
  expect(logs).toEqual([
    expect.stringMatching(/^train started .* attempt 1$/),
    expect.stringMatching(/^train returned to the queue: worker w_\w+ is shutting down$/),
    expect.stringMatching(/^train started .* attempt 1$/),
    expect.stringMatching(/^train resumes from its checkpoint after epoch \d+ \(step \d+\)$/),
    'train finished',
  ]);
  // Usually stopped mid-epoch: the steps of the interrupted epoch were kept, not only whole epochs.
  const [, epoch, step] = /after epoch (\d+) \(step (\d+)\)/.exec(logs[3]!)!.map(Number);
  const stepsPerEpoch = Math.ceil(2000 / 16);
  expect(step).toBeGreaterThanOrEqual(epoch! * stepsPerEpoch);
  expect(step).toBeLessThan((epoch! + 1) * stepsPerEpoch);
  const epochs = job.result!.history!.map((h) => h.epoch);
  expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});
