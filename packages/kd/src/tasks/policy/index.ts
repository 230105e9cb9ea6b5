export * from './environments/index.ts';
export * from './policy.ts';
export * from './ppo.ts';
export * from './distillation.ts';
