import path from 'node:path';
import { DEFAULT_CACHE_MAX_BYTES } from '@distillery/contracts';
import { parseArtifactStoreUrl } from '@distillery/storage';
import { loadAccessConfig } from './access-config.ts';
import type { AccessOptions } from './auth.ts';

/** 1 GiB: a large teacher's weight shard or a sizeable CSV, still far from what fills a worker. */
export const DEFAULT_MAX_UPLOAD_FILE_BYTES = 1024 ** 3;

export interface ApiConfig {
  port: number;
  host: string;
  redisUrl: string;
  artifactStore: string;
  logLevel: string;
  uploadMaxFileBytes: number;
  /** CACHE_MAX_BYTES, as the workers' (GET /v1/cache shows it). */
  cacheMaxBytes: number;
  access: AccessOptions;
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
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    artifactStore,
    logLevel: env.LOG_LEVEL ?? 'info',
    uploadMaxFileBytes,
    cacheMaxBytes,
    access: loadAccessConfig(env),
  };
}
