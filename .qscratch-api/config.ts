import path from 'node:path';

export interface ApiConfig {
  port: number;
  host: string;
  redisUrl: string;
  artifactStore: string;
  logLevel: string;
}

/** Reads the environment once at start-up and fails fast, naming the variable at fault. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer port number; got "${env.PORT}"`);
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    artifactStore: env.ARTIFACT_STORE ?? `fs://${path.join(dataDir, 'artifacts')}`,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
