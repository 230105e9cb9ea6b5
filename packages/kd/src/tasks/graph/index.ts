export * from './graph.ts';
export * from './csbm.ts';
export { Propagation } from './propagation.ts';
export * from './network.ts';
export * from './training.ts';
export * from './distillation.ts';
export * from './latency.ts';
export * from './glnn.ts';
