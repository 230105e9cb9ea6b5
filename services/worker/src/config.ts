import path from 'node:path';
import { DEFAULT_CACHE_MAX_BYTES } from '@distillery/contracts';
import type { QueueName } from '@distillery/jobs';
import type { BackendChoice } from '@distillery/kd';
import { parseArtifactStoreUrl } from '@distillery/storage';

export interface WorkerConfig {
  redisUrl: string;
  artifactStore: string;
  backend: BackendChoice;
  queues: QueueName[];
  /** How long a job's lock lives without renewal; renewal runs at half of it. */
  lockDurationMs: number;
  logLevel: string;
  /**
   * Largest size of teachers' layer outputs (float32 over the student's
   * training rows) that a feature or attention job precomputes into the store;
   * larger ones are computed on the fly in every training step. Default
   * DEFAULT_FEATURE_PRECOMPUTE_MAX_BYTES.
   */
  featurePrecomputeMaxBytes?: number;
  /** Tensor bytes a training step may leave held before the job fails with out_of_memory (TENSOR_MEMORY_LIMIT_BYTES; unset: no limit). */
  tensorMemoryLimitBytes?: number;
  /** CACHE_MAX_BYTES: after writing teacher outputs to the cache, evict least recently used entries down to this. Default DEFAULT_CACHE_MAX_BYTES. */
  cacheMaxBytes?: number;
  /** ONNX_THREADS: intra-op threads ONNX Runtime uses for an ONNX teacher (default: the machine's cores). */
  onnxThreads?: number;
  /** ONNX_EXECUTION_PROVIDERS: ONNX Runtime's providers in order of preference (default: cpu). */
  onnxExecutionProviders?: OnnxExecutionProvider[];
}

/** The providers onnxruntime-node can load on Linux: CUDA needs its CUDA 12 binaries (ONNXRUNTIME_NODE_INSTALL=cuda12) and CUDA 12 with cuDNN 9. */
const ONNX_EXECUTION_PROVIDERS = ['cpu', 'cuda'] as const;
export type OnnxExecutionProvider = (typeof ONNX_EXECUTION_PROVIDERS)[number];

export const DEFAULT_FEATURE_PRECOMPUTE_MAX_BYTES = 256 * 1024 * 1024;

const QUEUES: QueueName[] = ['teacher', 'aggregate', 'train'];
const BACKENDS: BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Reads the environment once at start-up and fails fast, naming the variable at fault. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const artifactStore = env.ARTIFACT_STORE ?? `fs://${path.join(dataDir, 'artifacts')}`;
  parseArtifactStoreUrl(artifactStore, env); // names ARTIFACT_STORE (or the S3 variable) at fault
  const backend = (env.TFJS_BACKEND ?? 'auto') as BackendChoice;
  if (!BACKENDS.includes(backend)) {
    throw new Error(`TFJS_BACKEND must be one of ${BACKENDS.join(', ')}; got "${env.TFJS_BACKEND}"`);
  }
  const queues = (env.WORKER_QUEUES ?? QUEUES.join(',')).split(',').map((q) => q.trim()) as QueueName[];
  const unknown = queues.filter((q) => !QUEUES.includes(q));
  if (unknown.length > 0) throw new Error(`WORKER_QUEUES names unknown queues: ${unknown.join(', ')}; known: ${QUEUES.join(', ')}`);
  const lockDurationMs = Number(env.LOCK_DURATION_MS ?? 30_000);
  if (!Number.isInteger(lockDurationMs) || lockDurationMs < 1000) throw new Error('LOCK_DURATION_MS must be an integer of at least 1000');
  const featurePrecomputeMaxBytes = Number(env.FEATURE_PRECOMPUTE_MAX_BYTES ?? DEFAULT_FEATURE_PRECOMPUTE_MAX_BYTES);
  if (!Number.isSafeInteger(featurePrecomputeMaxBytes) || featurePrecomputeMaxBytes < 0) {
    throw new Error(`FEATURE_PRECOMPUTE_MAX_BYTES must be a whole number of bytes (0 computes every teacher's layers on the fly); got "${env.FEATURE_PRECOMPUTE_MAX_BYTES}"`);
  }
  const tensorMemoryLimitBytes = env.TENSOR_MEMORY_LIMIT_BYTES ? Number(env.TENSOR_MEMORY_LIMIT_BYTES) : undefined;
  if (tensorMemoryLimitBytes !== undefined && (!Number.isSafeInteger(tensorMemoryLimitBytes) || tensorMemoryLimitBytes < 1)) {
    throw new Error(`TENSOR_MEMORY_LIMIT_BYTES must be a positive whole number of bytes; got "${env.TENSOR_MEMORY_LIMIT_BYTES}"`);
  }
  const cacheMaxBytes = Number(env.CACHE_MAX_BYTES ?? DEFAULT_CACHE_MAX_BYTES);
  if (!Number.isSafeInteger(cacheMaxBytes) || cacheMaxBytes < 0) {
    throw new Error(`CACHE_MAX_BYTES must be a whole number of bytes (the teacher-output cache's bound); got "${env.CACHE_MAX_BYTES}"`);
  }
  const onnxThreads = env.ONNX_THREADS ? Number(env.ONNX_THREADS) : undefined;
  if (onnxThreads !== undefined && (!Number.isInteger(onnxThreads) || onnxThreads < 1 || onnxThreads > 1024)) {
    throw new Error(`ONNX_THREADS must be a whole number of threads from 1 to 1024; got "${env.ONNX_THREADS}"`);
  }
  const onnxExecutionProviders = env.ONNX_EXECUTION_PROVIDERS?.split(',').map((name) => name.trim()) as OnnxExecutionProvider[] | undefined;
  const unknownProvider = onnxExecutionProviders?.find((name) => !ONNX_EXECUTION_PROVIDERS.includes(name));
  if (unknownProvider !== undefined) {
    throw new Error(`ONNX_EXECUTION_PROVIDERS names ${JSON.stringify(unknownProvider)}; give some of ${ONNX_EXECUTION_PROVIDERS.join(', ')}, in order of preference, e.g. cuda,cpu`);
  }
  return {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    artifactStore,
    backend,
    queues,
    lockDurationMs,
    logLevel: env.LOG_LEVEL ?? 'info',
    featurePrecomputeMaxBytes,
    cacheMaxBytes,
    ...(tensorMemoryLimitBytes !== undefined ? { tensorMemoryLimitBytes } : {}),
    ...(onnxThreads !== undefined ? { onnxThreads } : {}),
    ...(onnxExecutionProviders ? { onnxExecutionProviders } : {}),
  };
}
