import { defineMethod } from '../method.ts';
import { logitObjective } from '../objectives.ts';
import { DKD_DEFAULTS, DkdMethod, type ResolvedDkdMethod } from './contract.ts';
import { dkdLoss } from './loss.ts';

/**
 * Decoupled knowledge distillation (Zhao et al., CVPR 2022):
 * L = ceWeight * CE + warmup * (alpha * TCKD + beta * NCKD), at temperature T.
 */
export const dkd = defineMethod({
  kind: 'dkd',
  schema: DkdMethod,
  resolve: (method): ResolvedDkdMethod => ({ ...DKD_DEFAULTS, ...method }),
  targets: (method) => ({ temperature: method.temperature, standardize: method.standardize }),
  objective: (method, input) => {
    const warmupSteps = method.warmupEpochs * input.stepsPerEpoch;
    return logitObjective(input, (logits, batch, step) =>
      dkdLoss(logits, batch, { ...method, warmup: warmupSteps > 0 ? Math.min(1, (step.step + 1) / warmupSteps) : 1 }),
    );
  },
  sweep: { temperature: { set: (method, temperature) => ({ ...method, temperature }) } },
});
