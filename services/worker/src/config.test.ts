import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';

describe('worker configuration: ONNX Runtime', () => {
  it('leaves threads and providers to ONNX Runtime’s defaults (every core, cpu) unless set', () => {
    const config = loadWorkerConfig({});
    expect(config.onnxThreads).toBeUndefined();
    expect(config.onnxExecutionProviders).toBeUndefined();
    expect(loadWorkerConfig({ ONNX_THREADS: '3', ONNX_EXECUTION_PROVIDERS: 'cuda, cpu' })).toMatchObject({ onnxThreads: 3, onnxExecutionProviders: ['cuda', 'cpu'] });
  });

  it('names the variable at fault', () => {
    expect(() => loadWorkerConfig({ ONNX_THREADS: '0' })).toThrow(/ONNX_THREADS must be a whole number of threads from 1 to 1024; got "0"/);
    expect(() => loadWorkerConfig({ ONNX_THREADS: 'all' })).toThrow(/ONNX_THREADS/);
    expect(() => loadWorkerConfig({ ONNX_EXECUTION_PROVIDERS: 'cuda,tpu' })).toThrow(/ONNX_EXECUTION_PROVIDERS names "tpu"; give some of cpu, cuda/);
  });
});
