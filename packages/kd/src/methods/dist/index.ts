import { defineMethod } from '../method.ts';
import { logitObjective } from '../objectives.ts';
import { DIST_DEFAULTS, DistMethod, type ResolvedDistMethod } from './contract.ts';
import { distLoss } from './loss.ts';

/**
 * DIST (Huang et al., NeurIPS 2022): L = ceWeight * CE + beta * tau^2 * inter +
 * gamma * tau^2 * intra, the Pearson relations of the tempered probabilities.
 */
export const dist = defineMethod({
  kind: 'dist',
  schema: DistMethod,
  resolve: (method): ResolvedDistMethod => ({ ...DIST_DEFAULTS, ...method }),
  targets: (method) => ({ temperature: method.tau, standardize: false }),
  objective: (method, input) => logitObjective(input, (logits, batch) => distLoss(logits, batch, method)),
  batchLevelLoss: "DIST's intra-class relation is a correlation across the batch, which one example alone has no gradient of",
});
