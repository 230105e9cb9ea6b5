export { loadWorkerConfig, type WorkerConfig } from './config.ts';
export { startWorkerRuntime, type WorkerRuntime } from './runtime.ts';
