import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm-kernels.ts';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface SelectedBackend {
  /** tfjs backend name, as `tf.getBackend()` reports it. */
  backend: string;
  /** Where the math runs, for logs and job metadata. */
  device: string;
}

// Optional native bindings, fastest first. The names live in variables so that
// TypeScript neither resolves nor needs types for packages that may be absent.
const NATIVE: ReadonlyArray<{ pkg: string; device: string }> = [
  { pkg: '@tensorflow/tfjs-node-gpu', device: 'gpu' },
  { pkg: '@tensorflow/tfjs-node', device: 'cpu' },
];

async function use(backend: string): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' failed to initialise`);
  await tf.ready();
}

/** The first native binding that imports and starts, or undefined. */
async function tryNative(): Promise<SelectedBackend | undefined> {
  for (const { pkg, device } of NATIVE) {
    try {
      const name: string = pkg;
      await import(name);
      // A binding built against another copy of tfjs-core registers its backend
      // there, not with ours; setBackend then fails and we try the next one.
      await use('tensorflow');
      return { backend: tf.getBackend(), device };
    } catch {
      // Not installed, or no usable native library on this machine.
    }
  }
  return undefined;
}

async function useWasm(): Promise<SelectedBackend> {
  // Importing wasm-kernels.ts has already loaded @tensorflow/tfjs-backend-wasm.
  // Without these the wasm backend cannot train a CNN (no filter gradient).
  registerWasmTrainingKernels();
  await use('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { backend: tf.getBackend(), device: simd ? 'cpu (wasm simd)' : 'cpu (wasm)' };
}

/**
 * Makes `choice` the active tfjs backend. 'auto' prefers a native TensorFlow
 * binding (GPU build first) and otherwise uses wasm, which trains small CNNs
 * two orders of magnitude faster than the pure-JS 'cpu' backend.
 */
export async function selectBackend(choice: BackendChoice): Promise<SelectedBackend> {
  switch (choice) {
    case 'auto':
      return (await tryNative()) ?? useWasm();
    case 'tensorflow': {
      const native = await tryNative();
      if (!native) {
        throw new Error(
          "backend 'tensorflow' needs a native binding: install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA)",
        );
      }
      return native;
    }
    case 'wasm':
      return useWasm();
    case 'cpu':
      await use('cpu');
      return { backend: tf.getBackend(), device: 'cpu' };
    default:
      throw new Error(`unknown backend choice '${String(choice satisfies never)}'`);
  }
}
