import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import * as contracts from '@distillery/contracts';
import * as jobs from '@distillery/jobs';
import { Registry } from '@distillery/registry';
import type { ArtifactStore } from '@distillery/storage';
import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { registerDashboard } from './dashboard/index.ts';
import { registerAuth, type AccessLimits, type AccessOptions } from './auth.ts';
import { registerIdempotency } from './idempotency.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';
import { DEFAULT_EVENT_STREAMS_PER_KEY, DEFAULT_MAX_UPLOAD_FILE_BYTES } from './config.ts';
import { EventStreamLimit } from './event-stream.ts';
import { JobEventHub } from './job-event-hub.ts';
import { DEFAULT_JOB_SIZE_LIMITS, JobSubmission, type JobSizeLimits } from './job-submission.ts';
import { KeyDirectory } from './key-directory.ts';
import { DEFAULT_MODEL_CHECK_LIMITS, ModelChecker, type ModelCheckLimits } from './uploads/model-check/model-checker.ts';
import { swaggerOptions } from './openapi/options.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerQueueBoard } from './plugins/queue-board.ts';
import { registerErrorHandling } from './problems.ts';
import { datasetRoutes } from './routes/datasets.ts';
import { environmentRoutes } from './routes/environments.ts';
import { cacheRoutes } from './routes/cache.ts';
import { jobRoutes } from './routes/jobs.ts';
import { keyRoutes } from './routes/keys.ts';
import { modelRoutes } from './routes/models.ts';
import { sweepRoutes } from './routes/sweeps.ts';
import { workerRoutes } from './routes/workers.ts';
import { typeboxValidatorCompiler } from './validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    registry: Registry;
    store: ArtifactStore;
    jobSubmission: JobSubmission;
    /** Every API key: configured and stored; what authentication and /v1/keys use. */
    keyDirectory: KeyDirectory;
    uploadLimits: UploadLimits;
    /** Per-tenant quotas; undefined when authentication is off (one user, no limits). */
    quotas: AccessLimits | undefined;
    /** Runs uploaded models once, in a process of its own (uploads/model-check). */
    modelChecker: ModelChecker;
    /** Announces new job events to every open event stream, over one Redis connection. */
    eventHub: JobEventHub;
    /** Open event streams per key. */
    eventStreams: EventStreamLimit;
    /** Whether the start-up work (AppOptions.startup) is still running: /readyz is not ready until it ends. */
    starting: () => boolean;
  }
}

export interface UploadLimits {
  /** Largest single uploaded file (a weight shard, a CSV): beyond it the upload is refused with 413. */
  maxFileBytes: number;
}


export interface AppOptions {
  /** A connection the app may use and close; created with enableOfflineQueue off so a Redis outage fails fast (503). */
  redis: Redis;
  store: ArtifactStore;
  /** API keys and limits, or `{ auth: 'off' }` for a local single-user service. */
  access: AccessOptions;
  uploads?: Partial<UploadLimits>;
  /** Bounds on the forward pass that checks an uploaded model. */
  modelChecks?: Partial<ModelCheckLimits>;
  /** Event streams one key may hold open on this instance (EVENT_STREAMS_PER_KEY). */
  eventStreamsPerKey?: number;
  /** What a job may need of a worker (JOB_MEMORY_LIMIT_BYTES); larger jobs are refused at submission. */
  jobSizes?: Partial<JobSizeLimits>;
  /** The teacher-output cache's bound (CACHE_MAX_BYTES), shown by GET /v1/cache. */
  cache?: { maxBytes: number };
  /** Work that must end before the API is ready (server.ts: the first admin key is checked and printed). */
  startup?: Promise<unknown>;
}

/** Shared schemas with an $id become named components of the OpenAPI document. */
const namedSchemas = ([...Object.values(contracts), ...Object.values(jobs), ...jobs.methodMetricSchemas] as unknown[]).filter(
  (value): value is { $id: string } => typeof value === 'object' && value !== null && typeof (value as { $id?: unknown }).$id === 'string',
);

/** The whole API as a plugin: server.ts binds it to a port, tests use inject(). */
export const app: FastifyPluginAsync<AppOptions> = fp(async (fastify: FastifyInstance, options: AppOptions) => {
  const { redis, store } = options;
  const registry = new Registry(redis);
  // BullMQ gets a connection of its own: it defines dozens of Lua commands on
  // it, and ioredis copies every defined command into each MULTI the registry
  // starts on the same connection.
  const bullConnection = redis.duplicate();
  const queues = Object.values(jobs.QueueNames).map((name) => new Queue(name, { connection: bullConnection }));
  const flows = new FlowProducer({ connection: bullConnection });
  fastify.decorate('registry', registry);
  fastify.decorate('store', store);
  const uploadLimits: UploadLimits = { maxFileBytes: options.uploads?.maxFileBytes ?? DEFAULT_MAX_UPLOAD_FILE_BYTES };
  fastify.decorate('uploadLimits', uploadLimits);
  const modelChecker = new ModelChecker({ ...DEFAULT_MODEL_CHECK_LIMITS, ...options.modelChecks });
  fastify.decorate('modelChecker', modelChecker);
  fastify.addHook('onClose', async () => modelChecker.close());
  const eventHub = new JobEventHub(registry, fastify.log);
  fastify.decorate('eventHub', eventHub);
  fastify.decorate('eventStreams', new EventStreamLimit(options.eventStreamsPerKey ?? DEFAULT_EVENT_STREAMS_PER_KEY));
  fastify.addHook('onClose', async () => eventHub.close());
  const quotas = options.access.auth === 'keys' ? options.access.limits : undefined;
  fastify.decorate('quotas', quotas);
  fastify.decorate('jobSubmission', new JobSubmission(registry, flows, quotas, { ...DEFAULT_JOB_SIZE_LIMITS, ...options.jobSizes }));
  let starting = options.startup !== undefined;
  void options.startup?.finally(() => (starting = false));
  fastify.decorate('starting', () => starting);
  // Connection errors while Redis is down are answered as 503s per request; here they are only logged.
  const logRedisError = (error: Error) => fastify.log.warn({ err: error }, 'queue connection error');
  bullConnection.on('error', () => undefined);
  for (const queue of queues) queue.on('error', logRedisError);
  flows.on('error', logRedisError);
  fastify.addHook('onClose', async () => {
    await Promise.allSettled([...queues.map((queue) => queue.close()), flows.close()]);
    // quit() waits for a reply that never comes while Redis is unreachable.
    if (bullConnection.status === 'ready') await bullConnection.quit().catch(() => undefined);
    else bullConnection.disconnect();
  });

  fastify.setValidatorCompiler(typeboxValidatorCompiler);
  // The API speaks JSON and multipart only: a text/plain body would reach a handler unvalidated (a 415 instead).
  fastify.removeContentTypeParser('text/plain');
  registerErrorHandling(fastify);
  // First of all hooks, so that every answer carries it, errors and refusals included.
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  const keyDirectory = new KeyDirectory(registry, options.access.auth === 'keys' ? options.access.keys : []);
  fastify.decorate('keyDirectory', keyDirectory);
  registerAuth(fastify, registry, keyDirectory, options.access);
  registerIdempotency(fastify, registry);
  for (const schema of namedSchemas) fastify.addSchema(schema);
  // Files stream to the store part by part (routes call request.parts()); the limits bound what one request can send.
  await fastify.register(multipart, {
    limits: { fileSize: uploadLimits.maxFileBytes, files: 64, fields: 32, fieldSize: 1024 * 1024, parts: 96 },
  });

  await fastify.register(swagger, swaggerOptions);
  await fastify.register(swaggerUi, { routePrefix: '/docs' });

  await fastify.register(datasetRoutes);
  await fastify.register(modelRoutes);
  await fastify.register(jobRoutes);
  await fastify.register(workerRoutes);
  await fastify.register(environmentRoutes);
  await fastify.register(sweepRoutes);
  await fastify.register(keyRoutes);
  await fastify.register(cacheRoutes, { maxBytes: options.cache?.maxBytes ?? contracts.DEFAULT_CACHE_MAX_BYTES });
  await registerQueueBoard(fastify, queues);
  await registerDashboard(fastify);
  await registerMetrics(fastify, registry, queues);
});
