import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

/**
 * Does distillation help? On real MNIST, a small student with 1,000 labels and
 * 5,000 unlabelled images, taught by a teacher trained on 10,000 labels, is
 * compared with the same student trained on its 1,000 labels alone for the same
 * number of steps, on every one of three seeds. Nothing here is tuned to the
 * test split: T = 4 and alpha = 0.9 are the service defaults (Hinton et al.).
 */
const SEEDS = [1, 2, 3];
let stack: Stack;
const ids: Record<'teacherData' | 'labelled' | 'transfer', string> = { teacherData: '', labelled: '', transfer: '' };

beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  const register = async (name: string, options: object) =>
    (await post(stack.api, '/v1/datasets', { name, source: { builtin: 'mnist', options } })).body.id as string;
  ids.teacherData = await register('mnist-10k', { trainSize: 10000, testSize: 2000 });
  ids.labelled = await register('mnist-1k', { trainSize: 1000, testSize: 2000 });
  ids.transfer = await register('mnist-unlabelled-5k', { offset: 10000, trainSize: 5000, testSize: 1, labelled: false });
});
afterAll(async () => stack.close());

it('a distilled student beats the same student trained on its few labels alone, on every seed', async () => {
  const rows: { seed: number; teacher: number; student: number; baseline: number; seconds: number }[] = [];
  for (const seed of SEEDS) {
    const teacherJob = await post(stack.api, '/v1/jobs', {
      type: 'train',
      dataset: ids.teacherData,
      model: { architecture: { kind: 'mlp', hidden: [256] } },
      training: { epochs: 5, batchSize: 128, learningRate: 0.001, seed: 1000 * seed },
    });
    const teacher = await waitForJob(stack.api, teacherJob.body.id);
    expect(teacher.status).toBe('succeeded');

    const distillJob = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: ids.labelled,
      teachers: [{ model: teacher.result!.model }],
      student: { architecture: { kind: 'mlp', hidden: [32] } },
      method: { kind: 'logits', temperature: 4, alpha: 0.9 },
      transfer: { dataset: ids.transfer },
      training: { epochs: 5, batchSize: 128, learningRate: 0.001, seed },
      baseline: true,
    });
    const job = await waitForJob(stack.api, distillJob.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const { metrics } = job.result!;
    rows.push({
      seed,
      teacher: metrics.teachers![0]!.testAccuracy,
      student: metrics.student!.testAccuracy,
      baseline: metrics.baseline!.testAccuracy,
      seconds: job.result!.wallSeconds,
    });
  }
  console.table(rows);
  for (const row of rows) expect(row.student, `seed ${row.seed}`).toBeGreaterThan(row.baseline);
});
