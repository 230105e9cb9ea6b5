export * from './aggregate.ts';
export * from './examples.ts';
export * from './inference.ts';
export * from './losses.ts';
export * from './models.ts';
export * from './random.ts';
export * from './train.ts';
export * from './backend/select-backend.ts';
export { registerWasmTrainingKernels } from './backend/wasm-kernels.ts';
