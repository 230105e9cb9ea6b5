import { defineMethod } from '../method.ts';
import { logitObjective } from '../objectives.ts';
import { LOGITS_DEFAULTS, LogitsMethod, type ResolvedLogitsMethod } from './contract.ts';
import { alphaWeights, hintonLoss } from './loss.ts';

/**
 * Logit distillation (Hinton et al. 2015), the default method:
 * L = (1 - alpha) CE(y, softmax(z_s)) + alpha T^2 KL(p_t || softmax(z_s / T)),
 * optionally with logit standardization (z_s and the teachers' logits z-scored in the soft term).
 */
export const logits = defineMethod({
  kind: 'logits',
  schema: LogitsMethod,
  resolve: (method): ResolvedLogitsMethod => ({ ...LOGITS_DEFAULTS, ...method }),
  targets: (method) => ({ temperature: method.temperature, standardize: method.standardize }),
  objective: (method, input) =>
    logitObjective(input, (z, batch) => hintonLoss(z, batch, { ...alphaWeights(method.temperature, method.alpha), standardize: method.standardize })),
  sweep: {
    temperature: { set: (method, temperature) => ({ ...method, temperature }) },
    alpha: { set: (method, alpha) => ({ ...method, alpha }) },
  },
});
