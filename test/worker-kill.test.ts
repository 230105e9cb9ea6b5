import type { JobEvent } from '@distillery/contracts';
import type { Job } from '@distillery/jobs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProcess, type ServiceProcess } from '../scripts/processes.ts';
import { post, startStack, waitFor, waitForJob, type Stack } from './helpers/stack.ts';

// A worker killed with SIGKILL in the middle of training: another worker picks
// the job up once its lock lapses and resumes from the last checkpoint.
const LOCK_MS = 2000;
let stack: Stack;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  stack = await startStack({ workers: 0 });
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await stack.close();
});

function startWorker(name: string): ServiceProcess {
  const worker = startProcess(name, 'services/worker/src/main.ts', {
    REDIS_URL: stack.redisUrl,
    ARTIFACT_STORE: `fs://${stack.artifactDir}`,
    TFJS_BACKEND: 'wasm',
    LOCK_DURATION_MS: String(LOCK_MS),
  });
  workers.push(worker);
  return worker;
}

async function events(jobId: string): Promise<JobEvent[]> {
  return (await stack.api.inject({ url: `/v1/jobs/${jobId}/events?limit=1000` })).json().items;
}

const epochsReported = (all: JobEvent[]) => all.filter((e) => e.type === 'progress' && e.data.epoch !== undefined).map((e) => e.data.epoch as number);

it('resumes a killed training job from its last checkpoint, without redoing finished epochs, to the same model', async () => {
  const dataset = (await post(stack.api, '/v1/datasets', { name: 'mnist-8k', source: { builtin: 'mnist', options: { trainSize: 8000, testSize: 500 } } })).body.id;
  // No dropout: with the weights, Adam's state and the shuffle order restored, the resumed run is the same computation.
  const request = { type: 'train', dataset, model: { architecture: { kind: 'mlp', hidden: [128] } }, training: { epochs: 12, batchSize: 64, seed: 5 } };

  const first = startWorker('worker-a');
  const submitted = await post(stack.api, '/v1/jobs', request);
  expect(submitted.status).toBe(202);
  const jobId = submitted.body.id as string;
  await waitFor('epoch 3', async () => (epochsReported(await events(jobId)).includes(3) ? true : undefined), 120_000);
  first.child.kill('SIGKILL');
  const epochsBeforeKill = epochsReported(await events(jobId));
  expect(Math.max(...epochsBeforeKill)).toBeLessThan(12);

  startWorker('worker-b');
  const resumed = await waitForJob(stack.api, jobId, 120_000);
  expect(resumed.status, JSON.stringify(resumed.error)).toBe('succeeded');

  const all = await events(jobId);
  const resumedFrom = all.map((e) => /train resumes from its checkpoint after epoch (\d+)/.exec(String(e.data.message ?? ''))).find(Boolean);
  expect(resumedFrom, 'the second worker did not resume from a checkpoint').toBeDefined();
  const checkpointEpoch = Number(resumedFrom![1]);
  expect(checkpointEpoch).toBeGreaterThanOrEqual(3);
  // Every epoch ran exactly once: the killed worker's 1..k, then the new worker's k+1..12.
  expect(epochsReported(all)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  expect(resumed.result!.history!.map((h) => h.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

  // The same job run without interruption gives the same model. Equal to float32 rounding, not to the
  // bit: restored, Adam recomputes beta^t with one pow where the uninterrupted run multiplied t times.
  const again = await waitForJob(stack.api, (await post(stack.api, '/v1/jobs', request)).body.id as string, 120_000);
  expect(again.status).toBe('succeeded');
  expect(resumed.result!.metrics.testAccuracy).toBe(again.result!.metrics.testAccuracy);
  const lossesAgain = again.result!.history!.map((h) => h.loss);
  resumed.result!.history!.forEach((h, i) => expect(Math.abs(h.loss - lossesAgain[i]!) / lossesAgain[i]!).toBeLessThan(1e-6));

  // The job is over: its checkpoints are gone.
  expect(await stack.store.list(`checkpoints/${jobId}`)).toEqual([]);
  const job: Job = resumed;
  expect(job.stages).toEqual([expect.objectContaining({ name: 'train', status: 'succeeded' })]);
});

it('resumes a killed distillation from the student checkpoint; the flow completes with the same student', async () => {
  const post_ = (url: string, body: object) => post(stack.api, url, body);
  const teacherData = (await post_('/v1/datasets', { name: 'mnist-4k', source: { builtin: 'mnist', options: { trainSize: 4000, testSize: 500 } } })).body.id;
  const few = (await post_('/v1/datasets', { name: 'mnist-500', source: { builtin: 'mnist', options: { trainSize: 500, testSize: 500 } } })).body.id;
  const unlabelled = (await post_('/v1/datasets', { name: 'unlabelled', source: { builtin: 'mnist', options: { offset: 4000, trainSize: 8000, testSize: 1, labelled: false } } })).body.id;
  const teacherJob = await waitForJob(stack.api, (await post_('/v1/jobs', { type: 'train', dataset: teacherData, model: { architecture: { kind: 'mlp', hidden: [128] } }, training: { epochs: 3 } })).body.id as string, 120_000);
  const request = {
    type: 'distill',
    dataset: few,
    transfer: { dataset: unlabelled },
    teachers: [{ model: teacherJob.result!.model }],
    student: { architecture: { kind: 'mlp', hidden: [32] } },
    training: { epochs: 10, batchSize: 64, seed: 2 },
  };
  const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  const submitted = await post_('/v1/jobs', request);
  const jobId = submitted.body.id as string;
  const studentEpochs = (all: JobEvent[]) => all.filter((e) => e.type === 'progress' && e.data.stage === 'student' && e.data.epoch !== undefined).map((e) => e.data.epoch as number);
  await waitFor('student epoch 2', async () => (studentEpochs(await events(jobId)).includes(2) ? true : undefined), 120_000);
  for (const worker of running) worker.child.kill('SIGKILL');
  startWorker('worker-c');

  const job = await waitForJob(stack.api, jobId, 120_000);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const all = await events(jobId);
  expect(all.some((e) => /^student resumes from its checkpoint after epoch \d+/.test(String(e.data.message ?? '')))).toBe(true);
  expect(studentEpochs(all)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  const again = await waitForJob(stack.api, (await post_('/v1/jobs', request)).body.id as string, 120_000);
  expect(job.result!.metrics.student!.testAccuracy).toBe(again.result!.metrics.student!.testAccuracy);
  expect(await stack.store.list(`checkpoints/${jobId}`)).toEqual([]);
});
