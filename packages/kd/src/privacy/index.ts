export * from './rdp.ts';
export * from './pate.ts';
export * from './noisy-votes.ts';
export * from './dp-sgd.ts';
