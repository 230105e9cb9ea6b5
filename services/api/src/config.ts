import path from 'node:path';
import { DEFAULT_CACHE_MAX_BYTES } from '@distillery/contracts';
import { parseArtifactStoreUrl } from '@distillery/storage';
import { loadAccessConfig } from './access-config.ts';
import type { AccessOptions } from './auth.ts';
import { DEFAULT_JOB_SIZE_LIMITS, type JobSizeLimits } from './job-submission.ts';
import { DEFAULT_MODEL_CHECK_LIMITS, type ModelCheckLimits } from './uploads/model-check/model-checker.ts';

/** 1 GiB: a large teacher's weight shard or a sizeable CSV, still far from what fills a worker. */
export const DEFAULT_MAX_UPLOAD_FILE_BYTES = 1024 ** 3;
/** Enough for a dashboard and a few CLIs following jobs; far below what an instance can hold. */
export const DEFAULT_EVENT_STREAMS_PER_KEY = 20;

export interface ApiConfig {
  port: number;
  host: string;
  redisUrl: string;
  artifactStore: string;
  logLevel: string;
  uploadMaxFileBytes: number;
  /** CACHE_MAX_BYTES, as the workers' (GET /v1/cache shows it). */
  cacheMaxBytes: number;
  /** MODEL_CHECK_TIMEOUT_MS, MODEL_CHECK_MAX_HEAP_MB and MODEL_CHECK_MAX_MEMORY_MB: bounds on the forward pass that checks an uploaded model. */
  modelChecks: ModelCheckLimits;
  /** EVENT_STREAMS_PER_KEY: open event streams one key may hold on this instance. */
  eventStreamsPerKey: number;
  /** JOB_MEMORY_LIMIT_BYTES: how much a job's training step may hold on a worker. */
  jobSizes: JobSizeLimits;
  http: HttpTimeouts;
  access: AccessOptions;
}

/**
 * How long a client may take. Headers come at once from any real client; a
 * whole request may be a 1 GiB upload (15 minutes is about 1.2 MB/s); an
 * idle kept-alive connection is closed after a few seconds.
 */
export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** Reads the environment once at start-up and fails fast, naming the variable at fault. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer port number; got "${env.PORT}"`);
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const artifactStore = env.ARTIFACT_STORE ?? `fs://${path.join(dataDir, 'artifacts')}`;
  parseArtifactStoreUrl(artifactStore, env); // names ARTIFACT_STORE (or the S3 variable) at fault
  const uploadMaxFileBytes = Number(env.UPLOAD_MAX_FILE_BYTES ?? DEFAULT_MAX_UPLOAD_FILE_BYTES);
  if (!Number.isSafeInteger(uploadMaxFileBytes) || uploadMaxFileBytes < 1) {
    throw new Error(`UPLOAD_MAX_FILE_BYTES must be a positive whole number of bytes; got "${env.UPLOAD_MAX_FILE_BYTES}"`);
  }
  const cacheMaxBytes = Number(env.CACHE_MAX_BYTES ?? DEFAULT_CACHE_MAX_BYTES);
  if (!Number.isSafeInteger(cacheMaxBytes) || cacheMaxBytes < 0) {
    throw new Error(`CACHE_MAX_BYTES must be a whole number of bytes (the teacher-output cache's bound); got "${env.CACHE_MAX_BYTES}"`);
  }
  const modelChecks: ModelCheckLimits = {
    timeoutMs: positiveWholeNumber(env, 'MODEL_CHECK_TIMEOUT_MS', DEFAULT_MODEL_CHECK_LIMITS.timeoutMs, 'milliseconds a check of an uploaded model may take'),
    maxHeapMb: positiveWholeNumber(env, 'MODEL_CHECK_MAX_HEAP_MB', DEFAULT_MODEL_CHECK_LIMITS.maxHeapMb, 'MiB of heap a check of an uploaded model may use'),
    maxMemoryMb: positiveWholeNumber(env, 'MODEL_CHECK_MAX_MEMORY_MB', DEFAULT_MODEL_CHECK_LIMITS.maxMemoryMb, 'MiB of memory a check of an uploaded model may use'),
  };
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    artifactStore,
    logLevel: env.LOG_LEVEL ?? 'info',
    uploadMaxFileBytes,
    cacheMaxBytes,
    modelChecks,
    http: {
      headersTimeoutMs: positiveWholeNumber(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 'milliseconds a client may take to send its headers'),
      requestTimeoutMs: positiveWholeNumber(env, 'HTTP_REQUEST_TIMEOUT_MS', 15 * 60_000, 'milliseconds a client may take to send a whole request, uploads included'),
      keepAliveTimeoutMs: positiveWholeNumber(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 'milliseconds an idle connection stays open between requests'),
    },
    jobSizes: {
      memoryBytes: positiveWholeNumber(env, 'JOB_MEMORY_LIMIT_BYTES', DEFAULT_JOB_SIZE_LIMITS.memoryBytes, "bytes of tensors one job's training step may hold on a worker"),
    },
    eventStreamsPerKey: positiveWholeNumber(env, 'EVENT_STREAMS_PER_KEY', DEFAULT_EVENT_STREAMS_PER_KEY, 'open event streams one API key may hold'),
    access: loadAccessConfig(env),
  };
}

function positiveWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, what: string): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number (${what}); got "${env[name]}"`);
  return value;
}
