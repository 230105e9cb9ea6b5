import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { Compile } from 'typebox/compile';
import { artifactKeys, DEFAULT_CACHE_MAX_BYTES, type WorkerInfo } from '@distillery/contracts';
import { JobCatalog, type JobName, type JobResult, type QueueName, type SweepResult } from '@distillery/jobs';
import { selectBackend } from '@distillery/kd';
import { newId, Registry, removeModel, type JobOutcome } from '@distillery/registry';
import { createArtifactStore } from '@distillery/storage';
import { Queue, UnrecoverableError, WaitingChildrenError, WaitingError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { CancellationListener } from './cancellation.ts';
import { DEFAULT_FEATURE_PRECOMPUTE_MAX_BYTES, type WorkerConfig } from './config.ts';
import { JobDeadline } from './deadline.ts';
import type { ChildJob, JobContext } from './context.ts';
import { DataCache } from './data.ts';
import { backendAnswers, breaksBackend, classifyError, LOCK_LOST, SHUTDOWN } from './errors.ts';
import { processors } from './processors/index.ts';

/** The catalog's schemas, compiled once: job data is checked on dequeue, return values before they are handed on. */
const validators = Object.fromEntries(
  Object.entries(JobCatalog).map(([name, entry]) => [name, { data: Compile(entry.data), result: Compile(entry.result) }]),
) as Record<JobName, { data: ReturnType<typeof Compile>; result: ReturnType<typeof Compile> }>;

/**
 * Throws when a value does not match `name`'s result contract: a processor's
 * bug, not the user's, so it is retried like any unexpected error, and logged
 * with where the value differs.
 */
function checkResult(name: JobName, value: unknown, whose: string): void {
  const { result } = validators[name];
  if (result.Check(value)) return;
  const [problem] = [...result.Errors(value)] as { message?: string; instancePath?: string }[];
  throw new Error(`${whose} returned a value that does not match the ${name} contract (${problem?.message ?? 'invalid'} at ${problem?.instancePath || '/'})`);
}

/**
 * The return values of a BullMQ job's children of one name. getChildrenValues
 * keys them `<prefix>:<queue>:<job id>`; a parent's children of different
 * names sit in different queues (a sweep's aggregation and its trials), so
 * the queue names them.
 */
async function childrenNamed<N extends JobName>(job: BullJob, name: N): Promise<unknown[]> {
  const queue = JobCatalog[name].queue;
  const values = Object.entries(await job.getChildrenValues()).filter(([key]) => key.split(':').at(-2) === queue);
  return values.map(([key, value]) => {
    checkResult(name, value, `child ${key}`);
    return value;
  });
}

const HEARTBEAT_MS = 5000;

/** The stage of the user's job that a BullMQ job carries out. */
const stageOf = (name: JobName, data: unknown): string => JobCatalog[name].stage(data);

const now = () => new Date().toISOString();

export interface WorkerRuntime {
  id: string;
  backend: string;
  /** User job ids this worker is running now. */
  currentJobs(): string[];
  /** Stops taking jobs, hands running ones back to the queue, and disconnects. */
  close(): Promise<void>;
  /**
   * Marks the backend broken (see retired); processJob calls it when a job
   * broke it, the process entry point when a trap escaped every job.
   */
  retire(reason: string): void;
  /**
   * Resolves with the reason once the TensorFlow.js backend broke: the
   * runtime then takes no more jobs and closes itself (its other jobs go back
   * to the queue), and the process should exit with WORKER_RETIRED_EXIT_CODE
   * so that a fresh one replaces it.
   */
  retired: Promise<string>;
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
  const data = new DataCache(registry, store, { threads: config.onnxThreads, executionProviders: config.onnxExecutionProviders });
  const cancellations = await CancellationListener.start(registry);
  const id = newId('w');
  const startedAt = now();
  const log = logger.child({ workerId: id });
  const current = new Set<string>();
  // Queues that running jobs add children to (a sweep's trials), opened when first needed.
  const childQueues = new Map<QueueName, Queue>();
  const childQueue = (name: QueueName) => childQueues.get(name) ?? childQueues.set(name, new Queue(name, { connection })).get(name)!;
  const fanOut = async (job: BullJob, token: string | undefined, children: ChildJob[], nextData: Record<string, unknown>) => {
    const parent = { id: job.id!, queue: job.queueQualifiedName };
    for (const queue of new Set(children.map((child) => JobCatalog[child.name].queue))) {
      const jobs = children.filter((child) => JobCatalog[child.name].queue === queue);
      await childQueue(queue).addBulk(jobs.map((child) => ({ name: child.name, data: child.data, opts: { ...child.opts, parent } })));
    }
    await job.updateData({ ...(job.data as Record<string, unknown>), ...nextData });
    if (await job.moveToWaitingChildren(token!)) throw new WaitingChildrenError();
  };

  /**
   * How long a step waited for a worker: only for steps ready the moment they
   * were enqueued (no children yet), on their first attempt. A flow's parent
   * waits for its children and a retry for its backoff, which is no queue's fault.
   */
  const observeQueueWait = async (job: BullJob, jobLog: Logger) => {
    try {
      if (job.attemptsMade > 0) return;
      const { processed = 0, unprocessed = 0 } = await job.getDependenciesCount({ processed: true, unprocessed: true });
      if (processed + unprocessed > 0) return;
      const readyAt = job.timestamp + (job.delay ?? 0);
      await registry.metrics.observeQueueWait(job.name, Math.max(0, Date.now() - readyAt) / 1000);
    } catch (error) {
      jobLog.warn({ err: error }, 'could not record the queue wait');
    }
  };

  let retiring: string | undefined;
  let resolveRetired!: (reason: string) => void;
  const retired = new Promise<string>((resolve) => (resolveRetired = resolve));
  const retire = (reason: string) => {
    if (retiring !== undefined) return;
    retiring = reason;
    log.error({ reason }, 'the TensorFlow.js backend is broken: this worker retires; its other jobs go back to the queue');
    void beat();
    void close();
    resolveRetired(reason);
  };

  const processJob = async (job: BullJob, token?: string, bullSignal?: AbortSignal) => {
    const name = job.name as JobName;
    const jobId = (job.data as { jobId?: string }).jobId ?? 'unknown';
    const jobLog = log.child({ jobId, task: name, attempt: job.attemptsMade + 1 });
    const processor = processors[name];
    if (!processor || !validators[name]?.data.Check(job.data)) {
      jobLog.error('job data does not match the contract; refusing it');
      await registry.jobs.transition(jobId, 'failed', { error: { code: 'invalid_job', message: `job ${name} carries data that does not match its contract` } });
      throw new UnrecoverableError('invalid job data');
    }
    // Tracked before the status is read, so a cancel from now on is not missed.
    const tracked = cancellations.track(jobId, bullSignal);
    const deadline = new JobDeadline(tracked.signal);
    current.add(jobId);
    const stage = stageOf(name, job.data);
    const started = performance.now();
    const observe = (outcome: JobOutcome) =>
      registry.metrics.observeJob(name, outcome, (performance.now() - started) / 1000).catch((error: unknown) => jobLog.warn({ err: error }, 'could not record metrics'));
    void observeQueueWait(job, jobLog);
    try {
      const { status, tenant, startedAt, timeoutSeconds } = await registry.jobs.startInfo(jobId);
      if (status !== 'queued' && status !== 'running') throw new UnrecoverableError(`job ${jobId} is ${status ?? 'gone'}`);
      if (status === 'queued' && !(await registry.jobs.transition(jobId, 'running'))) {
        throw new UnrecoverableError(`job ${jobId} finished before it started`);
      }
      if (timeoutSeconds !== undefined) deadline.start(jobId, timeoutSeconds, startedAt ? Date.parse(startedAt) : Date.now());
      await registry.jobs.stage(jobId, { name: stage, status: 'running', startedAt: now() });
      await registry.jobs.progress(jobId, { stage });
      await registry.jobs.log(jobId, `${stage} started on worker ${id} (${backend}), attempt ${job.attemptsMade + 1}`);
      jobLog.info('started');
      const ctx: JobContext = {
        jobId,
        tenant,
        stage,
        log: jobLog,
        signal: deadline.signal,
        registry,
        store,
        data,
        backend,
        featurePrecomputeMaxBytes: config.featurePrecomputeMaxBytes ?? DEFAULT_FEATURE_PRECOMPUTE_MAX_BYTES,
        tensorMemoryLimitBytes: config.tensorMemoryLimitBytes,
        children: async (childName) => (await childrenNamed(job, childName)) as never,
        workerId: id,
        cacheMaxBytes: config.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
        fanOut: (children, nextData) => fanOut(job, token, children, nextData),
      };
      const result = await processor(ctx, job.data as never);
      checkResult(name, result, name);
      await registry.jobs.stage(jobId, { name: stage, status: 'succeeded', finishedAt: now() });
      if (JobCatalog[name].topLevel) await finish(jobId, result as JobResult | SweepResult, jobLog);
      await registry.jobs.log(jobId, `${stage} finished`);
      await observe('succeeded');
      jobLog.info('finished');
      return result;
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      if (error instanceof WaitingChildrenError) {
        // This step is done; the job comes back for its next one when its new children have finished.
        await registry.jobs.stage(jobId, { name: stage, status: 'succeeded', finishedAt: now() });
        throw error;
      }
      const outcome = classifyError(error, deadline.signal);
      if (outcome.kind === 'lock-lost') {
        jobLog.warn('lost the job lock; another worker takes the job over');
        throw error;
      }
      if (outcome.kind === 'shutdown') {
        // Back to the queue without spending an attempt: another worker starts it afresh.
        await job.moveToWait(token);
        await registry.jobs.stage(jobId, { name: stage, status: 'queued' });
        await registry.jobs.log(jobId, `${stage} returned to the queue: worker ${id} is shutting down`);
        jobLog.info('returned to the queue on shutdown');
        throw new WaitingError();
      }
      // The job that broke the backend fails; closing hands every other job here back to the queue.
      if (breaksBackend(error) || (outcome.info.code === 'out_of_memory' && !backendAnswers())) {
        retire(`job ${jobId} (${name}): ${outcome.info.message}`);
      }
      const final = outcome.kind === 'final' || job.attemptsMade + 1 >= JobCatalog[name].attempts;
      jobLog.warn({ code: outcome.info.code, final }, `failed: ${outcome.info.message}`);
      if (!final) {
        await registry.jobs.log(jobId, `${stage} failed (${outcome.info.message}); it will be retried`);
        throw error;
      }
      await recordFailure(jobId, stage, outcome.info);
      await observe(outcome.info.code === 'job_cancelled' ? 'cancelled' : 'failed');
      throw new UnrecoverableError(`${outcome.info.code}: ${outcome.info.message}`);
    } finally {
      deadline.clear();
      tracked.release();
      current.delete(jobId);
    }
  };

  /** What a job keeps in the store while it runs (checkpoints, aggregated targets): nothing resumes or reads it once it has ended. */
  async function removeJobScratch(jobId: string): Promise<void> {
    await Promise.all([store.deletePrefix(artifactKeys.checkpoints(jobId)), store.deletePrefix(artifactKeys.jobScratch(jobId))]);
  }

  /** Marks the user's job succeeded; a model trained for a job cancelled meanwhile is removed again. */
  async function finish(jobId: string, result: JobResult | SweepResult, jobLog: Logger): Promise<void> {
    await removeJobScratch(jobId);
    if (await registry.jobs.transition(jobId, 'succeeded', { result })) return;
    jobLog.info({ model: result.model }, 'job finished elsewhere meanwhile; removing the model it produced');
    const model = await registry.models.get(result.model);
    if (model) await removeModel(registry, store, model);
    else await store.deletePrefix(artifactKeys.model(result.model));
  }

  async function recordFailure(jobId: string, stage: string, info: { code: string; message: string }): Promise<void> {
    const status = info.code === 'job_cancelled' ? 'cancelled' : 'failed';
    await registry.jobs.stage(jobId, { name: stage, status, finishedAt: now() });
    await registry.jobs.transition(jobId, status, { error: info });
    // The job is over: nothing will resume from its checkpoints or read its targets.
    await removeJobScratch(jobId).catch(() => undefined);
  }

  const workers = config.queues.map(
    (queue: QueueName) =>
      new Worker(queue, processJob, {
        connection,
        concurrency: 1,
        lockDuration: config.lockDurationMs,
        stalledInterval: config.lockDurationMs,
      }),
  );
  for (const worker of workers) {
    worker.on('error', (error) => log.error({ err: error }, 'worker error'));
    // If the lock could not be renewed, BullMQ will give the job to another worker: stop ours.
    worker.on('lockRenewalFailed', (jobIds) => jobIds.forEach((jobId) => worker.cancelJob(jobId, LOCK_LOST)));
    // BullMQ fails some jobs without running the processor (one that stalled too often): record it.
    worker.on('failed', (job) => {
      const jobId = (job?.data as { jobId?: string } | undefined)?.jobId;
      if (!job?.deferredFailure || !jobId) return;
      recordFailure(jobId, stageOf(job.name as JobName, job.data), { code: 'internal_error', message: job.deferredFailure }).catch(
        (error: unknown) => log.warn({ err: error, jobId }, 'could not record a failure'),
      );
    });
  }

  const info = (): WorkerInfo => ({
    id,
    hostname: os.hostname(),
    pid: process.pid,
    queues: config.queues,
    backend,
    device,
    currentJobs: [...current],
    status: retiring === undefined ? 'ready' : 'retiring',
    memory: { rssBytes: process.memoryUsage.rss(), tensors: tf.memory().numTensors, tensorBytes: tf.memory().numBytes },
    startedAt,
    seenAt: now(),
  });
  const beat = () => registry.workers.heartbeat(info(), (3 * HEARTBEAT_MS) / 1000).catch((error) => log.warn({ err: error }, 'heartbeat failed'));
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  log.info({ queues: config.queues, backend, device }, 'worker ready');

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    return (closing ??= (async () => {
      clearInterval(heartbeat);
      for (const worker of workers) worker.cancelAllJobs(SHUTDOWN);
      await Promise.allSettled(workers.map((w) => w.close()));
      await Promise.allSettled([...childQueues.values()].map((queue) => queue.close()));
      await cancellations.close();
      await registry.workers.remove(id).catch(() => undefined);
      await connection.quit().catch(() => undefined);
    })());
  }
  return {
    id,
    backend,
    currentJobs: () => [...current],
    close,
    retire,
    retired,
  };
}
