import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// Training is CPU-bound; if it blocked the event loop, BullMQ could not renew
// the job's lock and would mark the job stalled and hand it to another worker.
const LOCK_MS = 1000;
let stack: Stack;
let events: QueueEvents;
beforeAll(async () => {
  stack = await startStack({ workers: 1, worker: { lockDurationMs: LOCK_MS } });
  events = new QueueEvents('train', { connection: { url: stack.redisUrl } });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events.close();
  await stack.close();
});

it('keeps the lock of a job that trains for several lock durations', async () => {
  const stalled: string[] = [];
  events.on('stalled', ({ jobId }) => stalled.push(jobId));
  const dataset = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 2000, features: 64 } } })).body.id;
  const { body } = await post(stack.api, '/v1/jobs', {
    type: 'train',
    dataset,
    model: { architecture: { kind: 'mlp', hidden: [512, 512] } },
    training: { epochs: 14, batchSize: 32 },
  });
  const started = Date.now();
  const job = await waitForJob(stack.api, body.id);
  const seconds = (Date.now() - started) / 1000;
  expect(job.status).toBe('succeeded');
  expect(seconds).toBeGreaterThan((4 * LOCK_MS) / 1000);
  expect(stalled).toEqual([]);
  const statuses = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}/events?limit=1000` })).json().items
    .filter((e: { type: string }) => e.type === 'status')
    .map((e: { data: { status: string } }) => e.data.status);
  expect(statuses).toEqual(['queued', 'running', 'succeeded']);
});
