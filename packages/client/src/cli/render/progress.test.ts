import { stripVTControlCharacters } from 'node:util';
import { expect, it } from 'vitest';
import type { components } from '../../schema.ts';
import type { JobEvent } from '../job-events.ts';
import { createProgressView } from './progress.ts';

type Job = components['schemas']['Job'];

const job = {
  id: 'j_1',
  type: 'distill',
  status: 'running',
  request: { type: 'distill', dataset: 'ds_1', teachers: [{ model: 'm_1' }, { model: 'm_2' }], student: { architecture: { kind: 'mlp' } }, training: { epochs: 3 }, baseline: true },
  stages: ['teacher:0', 'teacher:1', 'aggregate', 'train'].map((name) => ({ name, status: 'queued' })),
  createdAt: '2025-01-01T00:00:00.000Z',
} as unknown as Job;

let next = 0;
const event = (type: JobEvent['type'], data: Record<string, unknown>): JobEvent => ({ id: `${++next}-0`, type, at: '2025-01-01T00:00:00.000Z', data });

const events = [
  event('status', { status: 'running' }),
  event('stage', { name: 'teacher:0', status: 'running' }),
  event('stage', { name: 'teacher:0', status: 'running', cached: true }),
  event('stage', { name: 'teacher:0', status: 'succeeded', cached: true }),
  event('stage', { name: 'teacher:1', status: 'running' }),
  event('progress', { stage: 'teacher:1' }),
  event('log', { message: 'teacher:1 started on worker w_1 (wasm), attempt 1' }),
  event('progress', { stage: 'student', epoch: 2, epochs: 3, loss: 0.5, accuracy: 0.8 }),
  event('status', { status: 'succeeded' }),
];

function recorder(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, columns: 120, write: (chunk: string) => ((text += chunk), true) }, text: () => stripVTControlCharacters(text) };
}

it('draws a bar per teacher, the aggregation, the student and the baseline on a terminal', () => {
  const out = recorder(true);
  const view = createProgressView(job, out.stream);
  for (const e of events) view.event(e);
  view.close();
  const text = out.text();
  expect(text).toMatch(/teacher:0 +█{24} +done · cached logits/);
  expect(text).toMatch(/teacher:1 +░{24} +running/);
  expect(text).toMatch(/aggregate +░{24} +queued/);
  expect(text).toMatch(/student +█{16}░{8} +2\/3 · loss 0\.5000 · accuracy 80\.00%/);
  expect(text).toMatch(/baseline +░{24} +0\/3 · queued/);
  expect(text).toContain('teacher:1 started on worker w_1 (wasm), attempt 1');
});

it('prints one plain line per change when output is not a terminal', () => {
  const out = recorder(false);
  const view = createProgressView(job, out.stream);
  for (const e of events) view.event(e);
  view.close();
  expect(out.text().split('\n')).toEqual([
    'job running',
    'stage teacher:0 running',
    'stage teacher:0 running (cached logits)',
    'stage teacher:0 succeeded (cached logits)',
    'stage teacher:1 running',
    'teacher:1 started on worker w_1 (wasm), attempt 1',
    'student epoch 2/3 · loss 0.5000 · accuracy 80.00%',
    '',
  ]);
});

it("keeps a train job's epochs on its bar through stage events, and marks the run a cancellation cut short", () => {
  const trainJob = {
    ...job,
    type: 'train',
    request: { type: 'train', dataset: 'ds_1', model: { architecture: { kind: 'mlp' } }, training: { epochs: 4 } },
    stages: [{ name: 'train', status: 'queued' }],
  } as unknown as Job;
  const out = recorder(true);
  const view = createProgressView(trainJob, out.stream);
  view.event(event('stage', { name: 'train', status: 'running' }));
  view.event(event('progress', { stage: 'train' }));
  view.event(event('progress', { stage: 'train', epoch: 1, epochs: 4, loss: 1.25, accuracy: 0.5 }));
  view.event(event('stage', { name: 'train', status: 'running' }));
  view.event(event('stage', { name: 'train', status: 'cancelled' }));
  view.close();
  // The last drawing of the bar (redraws overwrite the line in place).
  const text = out.text();
  expect(text.slice(text.lastIndexOf('train  ')).trimEnd()).toMatch(/^train +█{6}░{18} +1\/4 · loss 1\.2500 · accuracy 50\.00% · cancelled$/);
});
