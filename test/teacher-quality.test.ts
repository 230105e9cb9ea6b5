import type { Job } from '@distillery/jobs';
import { loadBuiltin } from '@distillery/datasets';
import { mulberry32, shuffleInPlace } from '@distillery/kd';
import { encodeNpy } from '@distillery/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

/**
 * Teacher quality through the service (real Redis, in-process worker): one
 * good teacher and a deliberately bad one, trained on the same MNIST images
 * with shuffled labels. Every distill job evaluates both on a validation
 * slice of the labelled training split before the student trains.
 *
 * Two kinds of shuffling, because they fail differently:
 * - `shuffled`: the label column permuted across images (Zhang et al. 2017's
 *   random labels). The teacher learns noise and stays unsure (mean
 *   confidence about 0.2): under `mean` it only flattens the targets, and the
 *   student loses little. The service must still find and drop it.
 * - `rotated`: every class renamed, c -> c + 1 mod 10. The teacher is as
 *   confident as the good one and wrong on every image: `mean` collapses, and
 *   the gate and the quality-aware strategies must protect the student, on
 *   every seed.
 * The first version of this test used only `shuffled` and asserted protection
 * against it; that failed (seed 3: gate 85.95% against mean 86.20%), because
 * that teacher barely hurts. Nothing else (sizes, epochs, thresholds) was
 * changed to make a test pass.
 */
const SEEDS = [1, 2, 3];
const TEACHER_ROWS = 5000;
let stack: Stack;
let base: string;
const ids = { labelled: '', transfer: '', good: '', shuffled: '', rotated: '' };

/** Distill requests that differ only in how the two teachers are combined. */
const STRATEGIES: Record<string, object> = {
  mean: { aggregation: { strategy: 'mean' } },
  'mean + gate (drop)': { aggregation: { strategy: 'mean' }, teacherGate: { minAccuracy: 0.5 } },
  'weighted, validation-accuracy': { aggregation: { strategy: 'weighted', weights: 'validation-accuracy' } },
  'confidence, validation-accuracy': { aggregation: { strategy: 'confidence', weights: 'validation-accuracy' } },
  'vote, validation-accuracy': { aggregation: { strategy: 'vote', weights: 'validation-accuracy' } },
  confidence: { aggregation: { strategy: 'confidence' } },
  vote: { aggregation: { strategy: 'vote' } },
};
/** Asserted to beat mean on every seed: the ones that use the validation slice. The others are reported. */
const QUALITY_AWARE = ['mean + gate (drop)', 'weighted, validation-accuracy', 'confidence, validation-accuracy', 'vote, validation-accuracy'];

const distillRequest = (seed: number, bad: string, extra: object) => ({
  type: 'distill',
  dataset: ids.labelled,
  teachers: [{ model: ids.good }, { model: bad }],
  student: { architecture: { kind: 'mlp', hidden: [32] } },
  method: { kind: 'logits', temperature: 4, alpha: 0.9 },
  transfer: { dataset: ids.transfer },
  training: { epochs: 5, batchSize: 128, learningRate: 0.001, seed },
  ...extra,
});

async function submit(request: object): Promise<Job> {
  const { status, body } = await post(stack.api, '/v1/jobs', request);
  expect(status, JSON.stringify(body)).toBe(202);
  return waitForJob(stack.api, body.id);
}

async function trainTeacher(dataset: string, epochs: number, seed: number): Promise<string> {
  const job = await submit({ type: 'train', dataset, model: { architecture: { kind: 'mlp', hidden: [256] } }, training: { epochs, batchSize: 128, learningRate: 0.001, seed } });
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job.result!.model;
}

/** The good teacher's images with other labels, uploaded as NPY; the (small) test split keeps the true labels. */
async function uploadRelabelled(name: string, relabel: (labels: Int32Array) => Int32Array): Promise<string> {
  const mnist = loadBuiltin({ builtin: 'mnist', options: { offset: 6000, trainSize: TEACHER_ROWS, testSize: 200 } });
  const form = new FormData();
  form.set('name', name);
  form.set('format', 'npy');
  const part = (field: string, array: Float32Array | Int32Array, shape: number[]) => form.append(field, new Blob([encodeNpy(array, shape)]), `${field}.npy`);
  part('x', mnist.train.x, [TEACHER_ROWS, 28, 28, 1]);
  part('y', relabel(Int32Array.from(mnist.train.y!)), [TEACHER_ROWS]);
  part('testX', mnist.test.x, [200, 28, 28, 1]);
  part('testY', mnist.test.y!, [200]);
  const response = await fetch(`${base}/v1/datasets`, { method: 'POST', body: form });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  base = await stack.api.listen({ port: 0, host: '127.0.0.1' });
  const register = async (name: string, options: object) => (await post(stack.api, '/v1/datasets', { name, source: { builtin: 'mnist', options } })).body.id as string;
  // Disjoint slices of MNIST's training images: the student's 1,000 labels, 5,000 unlabelled
  // transfer images, and the 5,000 images every teacher learns from.
  ids.labelled = await register('mnist-1k', { trainSize: 1000, testSize: 2000 });
  ids.transfer = await register('mnist-transfer-5k', { offset: 1000, trainSize: 5000, testSize: 1, labelled: false });
  const teacherData = await register('mnist-teachers-5k', { offset: 6000, trainSize: TEACHER_ROWS, testSize: 2000 });
  const started = performance.now();
  ids.good = await trainTeacher(teacherData, 5, 11);
  // Ten epochs each: the bad teachers learn their labels as long as they can.
  ids.shuffled = await trainTeacher(await uploadRelabelled('mnist, labels shuffled', (y) => shuffleInPlace(y, mulberry32(99))), 10, 12);
  ids.rotated = await trainTeacher(await uploadRelabelled('mnist, classes renamed c+1', (y) => y.map((c) => (c + 1) % 10)), 10, 13);
  console.log(`three teachers trained (two datasets uploaded) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
afterAll(async () => stack?.close());

describe('a good and a bad teacher', () => {
  it('a confidently wrong teacher (classes renamed): the gate and the quality-aware strategies beat mean on every seed', async () => {
    const accuracy: Record<string, number[]> = {};
    let plain: Job | undefined;
    for (const seed of SEEDS) {
      for (const [name, extra] of Object.entries(STRATEGIES)) {
        const job = await submit(distillRequest(seed, ids.rotated, extra));
        expect(job.status, `${name}, seed ${seed}: ${JSON.stringify(job.error)}`).toBe('succeeded');
        (accuracy[name] ??= []).push(job.result!.metrics.student!.testAccuracy);
        if (seed === 1 && name === 'mean') plain = job;
      }
    }
    printTable('rotated', accuracy);
    const [good, bad] = plain!.result!.metrics.teachers!;
    expect(good!.validation!.accuracy).toBeGreaterThan(0.8);
    expect(bad!.validation!.accuracy).toBeLessThan(0.1);
    expect(bad!.validation!.ece).toBeGreaterThan(0.8); // sure of itself, and wrong
    expect(plain!.result!.metrics.conflicts!.argmaxDisagreement).toBeGreaterThan(0.9);
    for (const name of QUALITY_AWARE) {
      accuracy[name]!.forEach((value, i) => expect(value, `${name}, seed ${SEEDS[i]}`).toBeGreaterThan(accuracy.mean![i]!));
    }
  });

  it('an unsure teacher (labels shuffled): found, reported and dropped by the gate; it costs mean little', async () => {
    const plain = await submit(distillRequest(1, ids.shuffled, STRATEGIES.mean!));
    const gated = await submit(distillRequest(1, ids.shuffled, STRATEGIES['mean + gate (drop)']!));
    for (const job of [plain, gated]) expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    console.log(
      `shuffled-label teacher, seed 1: student ${(100 * plain.result!.metrics.student!.testAccuracy).toFixed(2)}% with mean, ` +
        `${(100 * gated.result!.metrics.student!.testAccuracy).toFixed(2)}% with the gate`,
    );

    // What every job reports about its teachers, measured before the student trained.
    const [good, bad] = plain.result!.metrics.teachers!;
    expect(good!.validation!.accuracy).toBeGreaterThan(0.8);
    expect(bad!.validation!.accuracy).toBeLessThan(0.25);
    for (const t of [good!, bad!]) {
      expect(t.validation!.samples).toBe(100); // 10% of the 1,000 labelled training rows
      expect(t.validation!.perClassAccuracy).toHaveLength(10);
      expect(t.validation!.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(100);
      expect(t.validation!.ece).toBeGreaterThanOrEqual(0);
      expect(t.used).toBe(true);
    }
    expect(plain.result!.metrics.teacherValidation).toEqual({ dataset: ids.labelled, split: 'train', fraction: 0.1, samples: 100, seed: 1 });
    const conflicts = plain.result!.metrics.conflicts!;
    expect(conflicts.samples).toBe(5000);
    expect(conflicts.argmaxDisagreement).toBeGreaterThan(0.6);
    expect(conflicts.meanPairwiseKl).toBeGreaterThan(0);
    expect(conflicts.classes.length).toBeGreaterThan(0);

    // The gate dropped the bad teacher and said so.
    expect(gated.result!.metrics.teachers!.map((t) => [t.used, t.gate?.passed, t.weight])).toEqual([
      [true, true, 1],
      [false, false, 0],
    ]);
    expect(gated.result!.warnings).toContainEqual(expect.objectContaining({ code: 'teacher_dropped', model: ids.shuffled }));
    const events = (await stack.api.inject({ url: `/v1/jobs/${gated.id}/events?limit=200` })).json().items as { type: string; data: { message?: string } }[];
    expect(events.some((e) => e.type === 'log' && /teacher:1 .* dropped from the aggregation/.test(e.data.message ?? ''))).toBe(true);
    const studentModel = (await stack.api.inject({ url: `/v1/models/${gated.result!.model}` })).json();
    expect(studentModel.lineage.teachers).toEqual([ids.good]);
  });

  it('shows teacher quality on the model card', async () => {
    const job = await submit(distillRequest(1, ids.rotated, STRATEGIES['mean + gate (drop)']!));
    const card = (await stack.api.inject({ url: `/v1/models/${job.result!.model}/card` })).json();
    expect(card.metrics.teachers[1].validation.accuracy).toBe(job.result!.metrics.teachers![1]!.validation!.accuracy);
    const markdown = (await stack.api.inject({ url: `/v1/models/${job.result!.model}/card.md` })).body;
    expect(markdown).toContain('## Teacher quality');
    expect(markdown).toMatch(/teacher 1 `m_\w+` \| \d+\.\d\d% \| 0\.\d{4} \| 50\.00%: failed \| \*\*dropped\*\* \| 0\.000 \|/);
    expect(markdown).toMatch(/The teachers disagree on the argmax of \d+\.\d\d% of 5,000 transfer samples/);
  });

  it('onGateFail "fail" fails the job with teacher_below_gate', async () => {
    const job = await submit(distillRequest(1, ids.rotated, { teacherGate: { minAccuracy: 0.5, onGateFail: 'fail' } }));
    expect(job.status).toBe('failed');
    expect(job.error!.code).toBe('teacher_below_gate');
    expect(job.error!.message).toMatch(/teacher 1 \(m_\w+\): validation accuracy \d+\.\d\d%, gate 50\.00%/);
  });

  it('a per-teacher minAccuracy gates that teacher only; a gate no teacher passes fails the job', async () => {
    const own = await submit({ ...distillRequest(1, ids.rotated, {}), teachers: [{ model: ids.good }, { model: ids.rotated, minAccuracy: 0.5 }] });
    expect(own.status).toBe('succeeded');
    expect(own.result!.metrics.teachers!.map((t) => t.gate?.passed)).toEqual([undefined, false]);
    const none = await submit(distillRequest(1, ids.rotated, { teacherGate: { minAccuracy: 0.999 } }));
    expect(none.status).toBe('failed');
    expect(none.error).toMatchObject({ code: 'teacher_below_gate', message: expect.stringMatching(/^every teacher is below its quality gate/) });
  });

  it('refuses validation-accuracy weights with mean', async () => {
    const { status, body } = await post(stack.api, '/v1/jobs', distillRequest(1, ids.rotated, { aggregation: { strategy: 'mean', weights: 'validation-accuracy' } }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_request', field: '/aggregation/weights' });
  });
});

function printTable(bad: string, accuracy: Record<string, number[]>): void {
  const meanSum = accuracy.mean!.reduce((a, b) => a + b, 0);
  console.log(`student test accuracy (%), good teacher + ${bad} teacher`);
  console.table(
    Object.entries(accuracy).map(([strategy, values]) => ({
      strategy,
      ...Object.fromEntries(values.map((v, i) => [`seed ${SEEDS[i]}`, (100 * v).toFixed(2)])),
      'vs mean (points)': ((100 * (values.reduce((a, b) => a + b, 0) - meanSum)) / values.length).toFixed(2),
    })),
  );
}
