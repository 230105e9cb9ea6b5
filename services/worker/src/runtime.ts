import os from 'node:os';
import { Compile } from 'typebox/compile';
import { JobCatalog, type JobName, type QueueName, type WorkerInfo } from '@distillery/contracts';
import { selectBackend } from '@distillery/kd';
import { newId, Registry } from '@distillery/registry';
import { createArtifactStore } from '@distillery/storage';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { CancellationListener } from './cancellation.ts';
import type { WorkerConfig } from './config.ts';
import type { JobContext } from './context.ts';
import { DataCache } from './data.ts';
import { classifyError } from './errors.ts';
import { aggregate } from './processors/aggregate.ts';
import { distill } from './processors/distill.ts';
import { teacherLogits } from './processors/teacher-logits.ts';
import { train } from './processors/train.ts';

type Processor = (ctx: JobContext, data: never) => Promise<unknown>;

/** Every job name has exactly one processor; the type checker enforces it. */
const processors: Record<JobName, Processor> = {
  'teacher-logits': teacherLogits,
  aggregate,
  train,
  distill,
};

/** Names of the jobs whose completion completes the user's job. */
const TOP_LEVEL: JobName[] = ['train', 'distill'];

const validators = Object.fromEntries(
  Object.entries(JobCatalog).map(([name, entry]) => [name, Compile(entry.data)]),
) as Record<JobName, ReturnType<typeof Compile>>;

const HEARTBEAT_MS = 5000;

/** The stage of the user's job that a BullMQ job carries out. */
function stageOf(name: JobName, data: unknown): string {
  if (name === 'teacher-logits') return `teacher:${(data as { index: number }).index}`;
  return name === 'aggregate' ? 'aggregate' : 'train';
}

export interface WorkerRuntime {
  id: string;
  backend: string;
  /** User job ids this worker is running now. */
  currentJobs(): string[];
  close(): Promise<void>;
}

/**
 * One worker process: a BullMQ worker per queue it serves, all sharing one
 * TensorFlow.js backend. Training yields to the event loop between batches, so
 * lock renewal keeps running while a job trains and long jobs are not marked
 * stalled.
 */
export async function startWorkerRuntime(config: WorkerConfig, logger: Logger = pino({ level: config.logLevel })): Promise<WorkerRuntime> {
  const { backend, device } = await selectBackend(config.backend);
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const registry = new Registry(connection);
  const store = createArtifactStore(config.artifactStore);
  const data = new DataCache(registry, store);
  const cancellations = await CancellationListener.start(connection);
  const id = newId('w');
  const log = logger.child({ workerId: id });
  const current = new Set<string>();

  const process = async (job: BullJob, _token?: string, bullSignal?: AbortSignal) => {
    const name = job.name as JobName;
    const jobId = (job.data as { jobId?: string }).jobId ?? 'unknown';
    const jobLog = log.child({ jobId, task: name, attempt: job.attemptsMade + 1 });
    const processor = processors[name];
    if (!processor || !validators[name]?.Check(job.data)) {
      jobLog.error('job data does not match the contract; refusing it');
      await registry.jobs.transition(jobId, 'failed', { error: { code: 'invalid_job', message: `job ${name} carries data that does not match its contract` } });
      throw new UnrecoverableError('invalid job data');
    }
    const status = await registry.jobs.status(jobId);
    if (status === 'cancelled') throw new UnrecoverableError('job_cancelled');
    if (status === 'queued') await registry.jobs.transition(jobId, 'running');
    const stage = stageOf(name, job.data);
    await registry.jobs.progress(jobId, { stage });
    await registry.jobs.log(jobId, `${stage} started on worker ${id} (${backend}), attempt ${job.attemptsMade + 1}`);

    const tracked = cancellations.track(jobId, bullSignal);
    current.add(jobId);
    const ctx: JobContext = {
      jobId,
      log: jobLog,
      signal: tracked.signal,
      registry,
      store,
      data,
      backend,
      childrenValues: async () => Object.values(await job.getChildrenValues()),
    };
    jobLog.info('started');
    try {
      const result = await processor(ctx, job.data as never);
      if (TOP_LEVEL.includes(name)) {
        await registry.jobs.transition(jobId, 'succeeded', { result: result as never });
      }
      await registry.jobs.log(jobId, `${stage} finished`);
      jobLog.info('finished');
      return result;
    } catch (error) {
      const { info, retryable } = classifyError(error, tracked.signal);
      const attempts = JobCatalog[name].attempts;
      const final = !retryable || job.attemptsMade + 1 >= attempts;
      jobLog.warn({ code: info.code, final }, `failed: ${info.message}`);
      if (final) {
        const outcome = info.code === 'job_cancelled' ? 'cancelled' : 'failed';
        await registry.jobs.stage(jobId, { name: stage, status: outcome, finishedAt: new Date().toISOString() });
        await registry.jobs.transition(jobId, outcome, { error: info });
        throw new UnrecoverableError(`${info.code}: ${info.message}`);
      }
      await registry.jobs.log(jobId, `${stage} failed (${info.message}); it will be retried`);
      throw error;
    } finally {
      tracked.release();
      current.delete(jobId);
    }
  };

  const workers = config.queues.map(
    (queue: QueueName) =>
      new Worker(queue, process, {
        connection,
        concurrency: 1,
        lockDuration: config.lockDurationMs,
        stalledInterval: config.lockDurationMs,
      }),
  );
  for (const worker of workers) worker.on('error', (error) => log.error({ err: error }, 'worker error'));

  const info = (): WorkerInfo => ({
    id,
    hostname: os.hostname(),
    pid: globalThis.process.pid,
    queues: config.queues,
    backend,
    device,
    currentJobs: [...current],
    startedAt,
    seenAt: new Date().toISOString(),
  });
  const startedAt = new Date().toISOString();
  const beat = () => registry.workers.heartbeat(info(), 3 * HEARTBEAT_MS / 1000).catch((error) => log.warn({ err: error }, 'heartbeat failed'));
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  log.info({ queues: config.queues, backend, device }, 'worker ready');

  let closing: Promise<void> | undefined;
  return {
    id,
    backend,
    currentJobs: () => [...current],
    close: () =>
      (closing ??= (async () => {
        clearInterval(heartbeat);
        await Promise.allSettled(workers.map((w) => w.close()));
        await cancellations.close();
        await registry.workers.remove(id).catch(() => undefined);
        await connection.quit().catch(() => undefined);
      })()),
  };
}
