import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@distillery/jobs';
import { post, startStack, waitFor, waitForJob, type Stack } from './helpers/stack.ts';

// Real jobs through the API and an in-process worker, on small synthetic data.
let stack: Stack;
let blobs: string;
beforeAll(async () => {
  stack = await startStack({ workers: 1 });
  blobs = (await post(stack.api, '/v1/datasets', { name: 'blobs', source: { builtin: 'blobs', options: { trainSize: 600, testSize: 300, spread: 2 } } })).body.id;
});
afterAll(async () => stack.close());

async function trainTeacher(hidden: number[], seed = 1): Promise<Job> {
  const { body } = await post(stack.api, '/v1/jobs', {
    type: 'train',
    dataset: blobs,
    model: { architecture: { kind: 'mlp', hidden } },
    training: { epochs: 4, batchSize: 32, learningRate: 0.01, seed },
  });
  return waitForJob(stack.api, body.id);
}

describe('train jobs', () => {
  it('train a model, register it, and serve its files in TensorFlow.js format', async () => {
    const job = await trainTeacher([32]);
    expect(job.status).toBe('succeeded');
    expect(job.result!.metrics.testAccuracy).toBeGreaterThan(0.8);
    expect(job.stages).toMatchObject([{ name: 'train', status: 'succeeded' }]);

    const model = (await stack.api.inject({ method: 'GET', url: `/v1/models/${job.result!.model}` })).json();
    expect(model).toMatchObject({ format: 'tfjs-layers', inputShape: [8], numClasses: 3, parameters: 8 * 32 + 32 + 32 * 3 + 3 });
    expect(model.lineage).toMatchObject({ jobId: job.id, kind: 'train', dataset: blobs });

    const json = await stack.api.inject({ method: 'GET', url: `/v1/models/${model.id}/files/model.json` });
    const weights = await stack.api.inject({ method: 'GET', url: `/v1/models/${model.id}/files/weights.bin` });
    expect(weights.rawPayload.length).toBe(model.bytes);
    const artifacts = json.json();
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: artifacts.modelTopology,
        weightSpecs: artifacts.weightsManifest[0].weights,
        weightData: new Uint8Array(weights.rawPayload).buffer,
      }),
    );
    expect(loaded.outputs[0]!.shape).toEqual([null, 3]);
    loaded.dispose();

    const escape = await stack.api.inject({ method: 'GET', url: `/v1/models/${model.id}/files/..%2F..%2Fetc%2Fpasswd` });
    expect(escape.statusCode).toBe(404);
  });

  it('train a cnn on MNIST images on the default wasm backend', async () => {
    const mnist = (await post(stack.api, '/v1/datasets', { name: 'mnist-2k', source: { builtin: 'mnist', options: { trainSize: 2000, testSize: 500 } } })).body.id;
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'train',
      dataset: mnist,
      model: { architecture: { kind: 'cnn', filters: [8, 16], dense: [32] } },
      training: { epochs: 2, batchSize: 32, learningRate: 0.002, seed: 1 },
    });
    const job = await waitForJob(stack.api, body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.result!.backend).toBe('wasm');
    expect(job.result!.metrics.testAccuracy).toBeGreaterThan(0.8);
  });

  it('records progress per epoch as events', async () => {
    const job = await trainTeacher([16], 2);
    const events = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${job.id}/events` })).json().items as { type: string; data: any }[];
    const epochs = events.filter((e) => e.type === 'progress' && e.data.epoch).map((e) => e.data.epoch);
    expect(epochs).toEqual([1, 2, 3, 4]);
    const logs = events.filter((e) => e.type === 'log').map((e) => e.data.message);
    expect(logs).toEqual([expect.stringMatching(/^train started on worker w_\w+ \(wasm\), attempt 1$/), 'train finished']);
    expect(events.filter((e) => e.type === 'status').map((e) => e.data.status)).toEqual(['queued', 'running', 'succeeded']);
  });
});

describe('distill jobs', () => {
  it('run teacher subjobs, aggregation and student training as one flow, with a report', async () => {
    const [a, b] = [await trainTeacher([64]), await trainTeacher([32, 16], 3)];
    const { status, body } = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: blobs,
      teachers: [{ model: a.result!.model }, { model: b.result!.model, weight: 2 }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
      method: { kind: 'logits', temperature: 4, alpha: 0.9 },
      aggregation: { strategy: 'confidence' },
      training: { epochs: 4, batchSize: 32, learningRate: 0.01, seed: 7 },
      baseline: true,
    });
    expect(status).toBe(202);
    const job = await waitForJob(stack.api, body.id);
    expect(job.status).toBe('succeeded');
    expect(job.stages.map((s) => [s.name, s.status])).toEqual([
      ['teacher:0', 'succeeded'],
      ['teacher:1', 'succeeded'],
      ['aggregate', 'succeeded'],
      ['train', 'succeeded'],
    ]);
    const metrics = job.result!.metrics;
    expect(metrics.teachers!.map((t) => t.testAccuracy)).toEqual([a.result!.metrics.testAccuracy, b.result!.metrics.testAccuracy]);
    for (const value of [metrics.student!.testAccuracy, metrics.baseline!.testAccuracy, metrics.agreement!]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(metrics.student!.testAccuracy).toBeGreaterThan(0.5);
    expect(metrics.compression!.parameterRatio).toBeCloseTo(
      (metrics.teachers![0]!.parameters! + metrics.teachers![1]!.parameters!) / metrics.student!.parameters!,
      6,
    );
    expect(metrics.compression!.latencyRatio).toBeGreaterThan(0);
    const student = (await stack.api.inject({ method: 'GET', url: `/v1/models/${job.result!.model}` })).json();
    expect(student.lineage).toMatchObject({ kind: 'distill', teachers: [a.result!.model, b.result!.model], seed: 7 });

    // The same teachers on the same data: the logits come from the store, no inference.
    const again = await post(stack.api, '/v1/jobs', { ...job.request, method: { kind: 'logits', temperature: 2, alpha: 0.5 } });
    const second = await waitForJob(stack.api, again.body.id);
    expect(second.stages.filter((s) => s.name.startsWith('teacher')).map((s) => s.cached)).toEqual([true, true]);
  });

  it('fail as a whole, with the code, when a teacher subjob fails', async () => {
    const teacher = await trainTeacher([8]);
    // Remove the teacher's weights behind the service's back: its subjob cannot load it.
    await stack.redis.set(
      `distillery:model:${teacher.result!.model}`,
      JSON.stringify({ ...(await stack.api.inject({ method: 'GET', url: `/v1/models/${teacher.result!.model}` })).json(), digest: 'gone' }),
    );
    const { rmSync } = await import('node:fs');
    rmSync(`${stack.artifactDir}/models/${teacher.result!.model}`, { recursive: true });
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: blobs,
      teachers: [{ model: teacher.result!.model }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
    });
    const job = await waitForJob(stack.api, body.id, 60_000);
    expect(job.status).toBe('failed');
    expect(job.error!.code).toBe('artifact_not_found');
    expect(job.stages.find((s) => s.name === 'teacher:0')!.status).toBe('failed');
    // The worker goes on to the next job.
    expect((await trainTeacher([4], 9)).status).toBe('succeeded');
  });
});

describe('cancellation', () => {
  it('stops a running job within a batch and the worker takes the next job', async () => {
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'train',
      dataset: blobs,
      model: { architecture: { kind: 'mlp', hidden: [256, 256] } },
      training: { epochs: 1000, batchSize: 8 },
    });
    await waitFor('the job to run', async () => {
      const job = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
      return job.progress ? job : undefined;
    });
    const cancel = await stack.api.inject({ method: 'POST', url: `/v1/jobs/${body.id}/cancel` });
    expect(cancel.statusCode).toBe(202);
    expect(cancel.json().status).toBe('cancelled');
    const cancelledAt = Date.now();
    await waitFor('the worker to let go', async () => (stack.workers[0]!.currentJobs().length === 0 ? true : undefined), 5000);
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    const next = await trainTeacher([4], 11);
    expect(next.status).toBe('succeeded');
    const job = await waitForJob(stack.api, body.id);
    expect(job.status).toBe('cancelled');
    expect(job.error!.code).toBe('job_cancelled');
    expect(job.stages).toMatchObject([{ name: 'train', status: 'cancelled' }]);

    const again = await stack.api.inject({ method: 'POST', url: `/v1/jobs/${body.id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('job_not_cancellable');
  });

  it('cancels a queued job before any worker runs it', async () => {
    await Promise.all(stack.workers.map((w) => w.close()));
    stack.workers.length = 0;
    const { body } = await post(stack.api, '/v1/jobs', { type: 'train', dataset: blobs, model: { architecture: { kind: 'mlp', hidden: [4] } } });
    expect((await stack.api.inject({ method: 'POST', url: `/v1/jobs/${body.id}/cancel` })).json().status).toBe('cancelled');
    const worker = await stack.startWorker();
    const events = await waitFor('the worker to refuse the job', async () => {
      const items = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}/events` })).json().items as { type: string; data: any }[];
      return items;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.currentJobs()).toEqual([]);
    expect(events.filter((e) => e.type === 'status').map((e) => e.data.status)).toEqual(['queued', 'cancelled']);
    expect((await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json().status).toBe('cancelled');
  });

  it('cancels a whole distill flow before it runs: no subjob runs, no model is made', async () => {
    const teacher = await trainTeacher([8], 21);
    await Promise.all(stack.workers.map((w) => w.close()));
    stack.workers.length = 0;
    const modelsBefore = (await stack.api.inject({ method: 'GET', url: '/v1/models?limit=200' })).json().items.length;
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: blobs,
      teachers: [{ model: teacher.result!.model }, { model: teacher.result!.model }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
    });
    const cancelled = (await stack.api.inject({ method: 'POST', url: `/v1/jobs/${body.id}/cancel` })).json();
    expect(cancelled.stages.map((s: { status: string }) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    await stack.startWorker();
    // The flow's BullMQ jobs are refused one by one as the worker dequeues them.
    await waitFor('the flow to drain', async () => {
      const counts = await Promise.all(
        ['teacher', 'aggregate', 'train'].map((queue) => stack.redis.llen(`bull:${queue}:wait`)),
      );
      return counts.every((n) => n === 0) && stack.workers[0]!.currentJobs().length === 0 ? true : undefined;
    });
    const job = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
    expect(job.status).toBe('cancelled');
    expect(job.result).toBeUndefined();
    const statuses = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}/events` })).json().items
      .filter((e: { type: string }) => e.type === 'status')
      .map((e: { data: { status: string } }) => e.data.status);
    expect(statuses).toEqual(['queued', 'cancelled']);
    expect((await stack.api.inject({ method: 'GET', url: '/v1/models?limit=200' })).json().items.length).toBe(modelsBefore);
  });

  it('cancels a distill flow while a teacher subjob runs and the student waits for its children', async () => {
    const teacher = await trainTeacher([256, 256], 31);
    const modelsBefore = (await stack.api.inject({ method: 'GET', url: '/v1/models?limit=200' })).json().items.length;
    // A large transfer set keeps the teacher's inference busy long enough to cancel it midway.
    const transfer = (await post(stack.api, '/v1/datasets', { name: 'many blobs', source: { builtin: 'blobs', options: { trainSize: 400_000, testSize: 10, spread: 2, labelled: false } } })).body.id;
    const { body } = await post(stack.api, '/v1/jobs', {
      type: 'distill',
      dataset: blobs,
      transfer: { dataset: transfer },
      teachers: [{ model: teacher.result!.model }],
      student: { architecture: { kind: 'mlp', hidden: [4] } },
    });
    await waitFor('the teacher subjob to run', async () => {
      const job = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
      return job.stages[0].status === 'running' ? job : undefined;
    }, 60_000);
    const cancelled = (await stack.api.inject({ method: 'POST', url: `/v1/jobs/${body.id}/cancel` })).json();
    expect(cancelled.status).toBe('cancelled');
    const cancelledAt = Date.now();
    await waitFor('the worker to let go', async () => (stack.workers[0]!.currentJobs().length === 0 ? true : undefined), 5000);
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    await waitFor('the flow to drain', async () => {
      const counts = await Promise.all(['teacher', 'aggregate', 'train'].map((queue) => stack.redis.llen(`bull:${queue}:wait`)));
      return counts.every((n) => n === 0) ? true : undefined;
    });
    const job = (await stack.api.inject({ method: 'GET', url: `/v1/jobs/${body.id}` })).json();
    expect(job.stages.map((s: { status: string }) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(job.result).toBeUndefined();
    expect((await stack.api.inject({ method: 'GET', url: '/v1/models?limit=200' })).json().items.length).toBe(modelsBefore);
    expect((await trainTeacher([4], 32)).status).toBe('succeeded');
  });
});

describe('metrics', () => {
  it('exposes queue states, workers, job durations, cache hits and throughput in Prometheus format', async () => {
    const response = await stack.api.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    const value = (series: string) => {
      const line = response.body.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    // Earlier tests in this file ran train jobs, two distill flows (the second from the cache) and failures.
    expect(value('distillery_workers{backend="wasm"}')).toBe(1);
    expect(value('distillery_queue_jobs{queue="train",state="completed"}')).toBeGreaterThan(3);
    expect(value('distillery_job_duration_seconds_count{task="train",outcome="succeeded"}')).toBeGreaterThan(3);
    expect(value('distillery_job_duration_seconds_count{task="distill",outcome="succeeded"}')).toBe(2);
    expect(value('distillery_job_duration_seconds_bucket{task="train",outcome="succeeded",le="+Inf"}')).toBe(
      value('distillery_job_duration_seconds_count{task="train",outcome="succeeded"}'),
    );
    expect(value('distillery_teacher_logits_total{cached="true"}')).toBe(2);
    expect(value('distillery_teacher_logits_total{cached="false"}')).toBeGreaterThanOrEqual(2);
    expect(value('distillery_training_samples_total')).toBeGreaterThan(1000);
    expect(value('distillery_inference_samples_total')).toBeGreaterThan(0);
    expect(response.body).toMatch(/distillery_http_request_duration_seconds_count\{method="POST",route="\/v1\/jobs",status="202"\} \d+/);
    // A cancelled job (the cancellation tests above) is its own outcome, not a failure.
    expect(value('distillery_job_duration_seconds_count{task="train",outcome="cancelled"}')).toBeGreaterThanOrEqual(1);
    // Every train job waited in its queue for some time, however short.
    expect(value('distillery_queue_wait_seconds_count{task="train"}')).toBeGreaterThan(3);
    expect(value('distillery_queue_wait_seconds_bucket{task="train",le="+Inf"}')).toBe(value('distillery_queue_wait_seconds_count{task="train"}'));
    // BullMQ's own names for the queue counts, the process's own metrics, and the version.
    expect(value('bullmq_job_count{queue="train",state="completed"}')).toBe(value('distillery_queue_jobs{queue="train",state="completed"}'));
    expect(value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(response.body).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    expect(response.body).toMatch(/^distillery_build_info\{version="\d+\.\d+\.\d+",node="v\d+\.\d+\.\d+"\} 1$/m);
  });
});
