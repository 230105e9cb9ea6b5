import { Acrobot } from './acrobot.ts';
import { CartPole } from './cartpole.ts';
import type { Environment, EnvironmentSpec } from './environment.ts';

export type { Environment, EnvironmentSpec, StepResult } from './environment.ts';

/**
 * Every environment the service ships, by id. A new one is a module
 * implementing Environment and one line here.
 */
const environments: Record<string, () => Environment> = {
  'cartpole-v1': () => new CartPole(),
  'acrobot-v1': () => new Acrobot(),
};

export const environmentIds = Object.keys(environments);

export function createEnvironment(id: string): Environment {
  const make = environments[id];
  if (!make) throw new RangeError(`no environment ${id}; use one of ${environmentIds.join(', ')}`);
  return make();
}

export const environmentSpecs = (): EnvironmentSpec[] => environmentIds.map((id) => createEnvironment(id).spec);
