import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@distillery/jobs';
import { post, startStack, waitForJob, type Stack } from './helpers/stack.ts';

// A student at least as large as its teacher is accepted, and said: in the 202
// and again in the finished job's result. A student that is a real compression
// gets no warning. Real API, Redis and worker, on small blobs (8 inputs, 3 classes).
let stack: Stack;
let blobs: string;
let small: string; // mlp [8]: 8*8+8 + 8*3+3 = 99 parameters
let large: string; // mlp [256, 256]: 68,867 parameters
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  blobs = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 300, testSize: 200, spread: 2 } } })).body.id;
  const teacher = async (hidden: number[]) => {
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'train',
      dataset: blobs,
      model: { architecture: { kind: 'mlp', hidden } },
      training: { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 1 },
    });
    const job = await waitForJob(stack.api, body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    return job.result!.model;
  };
  small = await teacher([8]);
  large = await teacher([256, 256]);
});
afterAll(async () => stack.close());

const distill = (teacher: string, hidden: number[]) => ({
  type: 'distill',
  dataset: blobs,
  teachers: [{ model: teacher }],
  student: { architecture: { kind: 'mlp', hidden } },
  training: { epochs: 1, batchSize: 64, learningRate: 0.01, seed: 1 },
});

describe('a student no smaller than its teacher', () => {
  it('is accepted with student_not_smaller in the 202, and its report adds student_not_faster', async () => {
    const submitted = await post(stack.api, '/v1/jobs', distill(small, [256, 256]));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body.warnings).toEqual([
      {
        code: 'student_not_smaller',
        model: small,
        message: `the student has 68,867 parameters, 696x as many as its teacher ${small} (99): it is no compression of it; use fewer or narrower layers for a student smaller than its teachers`,
      },
    ]);
    const job = await waitForJob(stack.api, submitted.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const { metrics, warnings } = job.result!;
    expect(metrics.compression!.parameterRatio).toBeCloseTo(99 / 68_867, 6);
    expect(warnings!.map((w) => w.code)).toEqual(['student_not_smaller', 'student_not_faster']);
    expect(warnings![0]).toEqual(submitted.body.warnings[0]);
    expect(warnings![1]).toMatchObject({ model: small, message: expect.stringMatching(/^the student took [\d.e+-]+ ms per sample, no less than its teacher m_\w+ \([\d.e+-]+ ms\)/) });
    expect(metrics.student!.latencyMsPerSample!).toBeGreaterThanOrEqual(metrics.teachers![0]!.latencyMsPerSample!);
  });

  it('gets no warning when it is a real compression of its teacher', async () => {
    const submitted = await post(stack.api, '/v1/jobs', distill(large, [8]));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body).toEqual({ id: expect.stringMatching(/^j_/), status: 'queued' });
    const job: Job = await waitForJob(stack.api, submitted.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.result!.metrics.compression!.parameterRatio).toBeCloseTo(68_867 / 99, 3);
    expect(job.result!.warnings).toBeUndefined();
  });

  it("names the sweep's trial whose wider student is no smaller than the teacher", async () => {
    // mlp [4] (51 parameters) is smaller than the teacher's 99; at width 4 it is mlp [16], 195.
    const submitted = await post(stack.api, '/v1/sweeps', { base: distill(small, [4]), grid: { width: [1, 4] } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body.warnings).toEqual([
      expect.objectContaining({ code: 'student_not_smaller', model: small, message: expect.stringMatching(/^trial 1 \(.*width=4.*\): the student has 195 parameters, 1\.97x as many as its teacher/) }),
    ]);
    const cancelled = await stack.api.inject({ method: 'POST', url: `/v1/sweeps/${submitted.body.id}/cancel` });
    expect(cancelled.statusCode).toBe(202);
  });
});
