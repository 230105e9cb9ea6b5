import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// GET /v1/jobs/:id/events with Accept: text/event-stream, over a real socket.
let stack: Stack;
let base: string;
let dataset: string;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  dataset = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs' } })).body.id;
});
afterAll(async () => stack.close());

interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** Reads a whole event stream (it ends when the job finishes). */
async function readStream(url: string, headers: Record<string, string> = {}): Promise<{ contentType: string | null; events: SseEvent[] }> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      return { ...(fields.id ? { id: fields.id } : {}), event: fields.event!, data: JSON.parse(fields.data!) };
    });
  return { contentType: response.headers.get('content-type'), events };
}

it('streams progress, stages, logs and the final result live, and resumes from Last-Event-ID', async () => {
  const { body } = await post(stack.api, '/v1/jobs', {
    type: 'train',
    dataset,
    model: { architecture: { kind: 'mlp', hidden: [16] } },
    training: { epochs: 3, batchSize: 32 },
  });
  // Subscribed right after submission: the stream follows the job as it runs.
  const { contentType, events } = await readStream(`${base}/v1/jobs/${body.id}/events`);
  expect(contentType).toMatch(/text\/event-stream/);
  const types = events.map((e) => e.event);
  expect(types[0]).toBe('status');
  expect(types).toEqual(expect.arrayContaining(['stage', 'progress', 'log']));
  expect(events.filter((e) => e.event === 'progress' && e.data.data.epoch).map((e) => e.data.data.epoch)).toEqual([1, 2, 3]);
  const last = events[events.length - 1]!;
  expect(last.event).toBe('result');
  expect(last.data).toMatchObject({ status: 'succeeded', result: { model: expect.stringMatching(/^m_/) } });
  const ids = events.filter((e) => e.id).map((e) => e.id!);
  expect([...ids].sort()).toEqual(ids);

  // A client that saw up to the third event gets only what came after it.
  const resumed = await readStream(`${base}/v1/jobs/${body.id}/events`, { 'last-event-id': ids[2]! });
  expect(resumed.events.filter((e) => e.id).map((e) => e.id)).toEqual(ids.slice(3));
  expect(resumed.events.at(-1)!.event).toBe('result');
});

it('ends at once for a finished job, and still answers JSON without the header', async () => {
  const { body } = await post(stack.api, '/v1/jobs', { type: 'train', dataset, model: { architecture: { kind: 'mlp', hidden: [4] } } });
  await waitForJob(stack.api, body.id);
  const { events } = await readStream(`${base}/v1/jobs/${body.id}/events`);
  expect(events.at(-1)).toMatchObject({ event: 'result', data: { status: 'succeeded' } });
  const json = await (await fetch(`${base}/v1/jobs/${body.id}/events?limit=2`)).json();
  expect((json as { items: unknown[] }).items).toHaveLength(2);
  const bad = await fetch(`${base}/v1/jobs/${body.id}/events`, { headers: { accept: 'text/event-stream', 'last-event-id': 'x' } });
  expect(bad.status).toBe(400);
});
