import path from 'node:path';
import type { QueueName } from '@distillery/contracts';
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
}

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
  return {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    artifactStore,
    backend,
    queues,
    lockDurationMs,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
