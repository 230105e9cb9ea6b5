import type { Job } from '@distillery/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

/**
 * Semi-supervised distillation through the service: a teacher labels an
 * unlabelled transfer set, with hard pseudo-labels above a threshold or with
 * soft targets, and the student trains on its labels plus that signal. Small
 * and fast: whether it helps is measured by bench/kd-quality-experiment.ts.
 */
let stack: Stack;
const ids = { labelled: '', transfer: '', teacher: '' };

const request = (method: object, extra: object = {}) => ({
  type: 'distill',
  dataset: ids.labelled,
  teachers: [{ model: ids.teacher }],
  student: { architecture: { kind: 'mlp', hidden: [16] } },
  method,
  transfer: { dataset: ids.transfer },
  training: { epochs: 2, batchSize: 64, learningRate: 0.002, seed: 5 },
  ...extra,
});

async function submit(body: object): Promise<Job> {
  const response = await post(stack.api, '/v1/jobs', body);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const job = await waitForJob(stack.api, response.body.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  const register = async (name: string, options: object) => (await post(stack.api, '/v1/datasets', { name, source: { builtin: 'mnist', options } })).body.id as string;
  ids.labelled = await register('mnist-300', { trainSize: 300, testSize: 500 });
  ids.transfer = await register('mnist-unlabelled-2k', { offset: 300, trainSize: 2000, testSize: 1, labelled: false });
  const teacherData = await register('mnist-3k', { offset: 2300, trainSize: 3000, testSize: 500 });
  const teacher = await submit({ type: 'train', dataset: teacherData, model: { architecture: { kind: 'mlp', hidden: [128] } }, training: { epochs: 3, seed: 1 } });
  ids.teacher = teacher.result!.model;
});
afterAll(async () => stack?.close());

describe('method.kind "pseudo-label"', () => {
  it('hard pseudo-labels: keeps the transfer samples above the threshold, reports the share, and trains on labels plus them', async () => {
    const job = await submit(request({ kind: 'pseudo-label', targets: 'hard', threshold: 0.9 }, { baseline: true }));
    const { pseudoLabels, student, baseline } = job.result!.metrics;
    expect(pseudoLabels).toMatchObject({ targets: 'hard', threshold: 0.9, transferSamples: 2000 });
    expect(pseudoLabels!.kept).toBeGreaterThan(0);
    expect(pseudoLabels!.kept).toBeLessThan(2000);
    expect(pseudoLabels!.keptShare).toBeCloseTo(pseudoLabels!.kept / 2000, 12);
    expect(pseudoLabels!.keptClassCounts!.reduce((a, b) => a + b, 0)).toBe(pseudoLabels!.kept);
    expect(student!.testAccuracy).toBeGreaterThan(0.5);
    // The baseline is the same student on the 300 labels alone, given as many steps as the student took:
    // 2 epochs over its 300 + kept rows, in batches of 64, are that many epochs of 5 batches over the labels.
    const studentSteps = 2 * Math.ceil((300 + pseudoLabels!.kept) / 64);
    expect(job.result!.history!.filter((h) => h.run === 'baseline')).toHaveLength(Math.ceil(studentSteps / Math.ceil(300 / 64)));
    expect(baseline!.testAccuracy).toBeGreaterThan(0.3);
    expect(job.result!.history!.filter((h) => h.run === 'student').map((h) => h.epoch)).toEqual([1, 2]);
    const model = (await stack.api.inject({ url: `/v1/models/${job.result!.model}` })).json();
    expect(model.lineage.method).toEqual({ kind: 'pseudo-label', targets: 'hard', threshold: 0.9, temperature: 1, labelledWeight: 1, transferWeight: 1 });

    // A lower threshold keeps more.
    const lower = await submit(request({ kind: 'pseudo-label', threshold: 0.5 }));
    expect(lower.result!.metrics.pseudoLabels!.kept).toBeGreaterThan(pseudoLabels!.kept);
  });

  it('soft targets: the KD term on every transfer sample, with its own weights', async () => {
    const job = await submit(request({ kind: 'pseudo-label', targets: 'soft', temperature: 2, labelledWeight: 1, transferWeight: 2 }));
    expect(job.result!.metrics.pseudoLabels).toEqual({ targets: 'soft', transferSamples: 2000, kept: 2000, keptShare: 1 });
    expect(job.result!.metrics.student!.testAccuracy).toBeGreaterThan(0.5);
  });

  it('refuses what it cannot do, naming the field', async () => {
    const refuse = async (body: object, status: number, code: string, field: string) => {
      const response = await post(stack.api, '/v1/jobs', body);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body).toMatchObject({ code, field });
    };
    const { transfer: _, ...withoutTransfer } = request({ kind: 'pseudo-label' });
    await refuse(withoutTransfer, 422, 'incompatible_dataset', '/transfer');
    await refuse(request({ kind: 'pseudo-label' }, { transfer: { dataset: ids.labelled } }), 422, 'incompatible_dataset', '/transfer');
    await refuse(request({ kind: 'pseudo-label', targets: 'soft', threshold: 0.9 }), 400, 'invalid_request', '/method/threshold');
    await refuse(request({ kind: 'pseudo-label', targets: 'hard', temperature: 4 }), 400, 'invalid_request', '/method/temperature');
    await refuse(request({ kind: 'pseudo-label', threshold: 2 }), 400, 'invalid_request', '/method/threshold');
  });
});
