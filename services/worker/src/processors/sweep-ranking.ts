import type { MethodSummary, SweepTrial, SweepTrialPlan } from '@distillery/jobs';
import { resolveMethod } from '@distillery/kd';

/** Best first: validation accuracy, then validation cross-entropy, then the earlier trial. */
export function compareTrials(a: SweepTrial, b: SweepTrial): number {
  return (
    b.validationAccuracy! - a.validationAccuracy! ||
    (a.validationLoss ?? Number.MAX_VALUE) - (b.validationLoss ?? Number.MAX_VALUE) ||
    a.index - b.index
  );
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function spread(values: number[]): MethodSummary['validationAccuracy'] {
  const m = mean(values);
  const variance = values.length > 1 ? values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1) : 0;
  return { mean: m, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * A comparison's methods over their seeds, best first: mean, spread and range
 * of validation and test accuracy over the seeds that finished, the gain over
 * the baseline on the seeds both finished, and the seeds on which each had the
 * best validation accuracy of all. Ranked on validation only, as the trials
 * are; the test figures are reported, never used.
 */
export function summarizeMethods(finished: SweepTrial[], plans: SweepTrialPlan[]): MethodSummary[] {
  const groups = new Map<string, { plan: SweepTrialPlan; trials: SweepTrial[] }>();
  for (const plan of plans) if (!groups.has(plan.comparison!.method)) groups.set(plan.comparison!.method, { plan, trials: [] });
  for (const trial of finished) groups.get(trial.comparison!.method)?.trials.push(trial);
  const scored = [...groups.entries()].filter(([, group]) => group.trials.length > 0);

  const bestBySeed = new Map<number, number>();
  for (const [, { trials }] of scored) {
    for (const t of trials) bestBySeed.set(t.comparison!.seed, Math.max(bestBySeed.get(t.comparison!.seed) ?? -Infinity, t.validationAccuracy!));
  }
  const baselineTrials = scored.find(([, group]) => group.plan.baseline)?.[1].trials ?? [];
  const baselineBySeed = new Map(baselineTrials.map((b) => [b.comparison!.seed, b]));
  const summaries = scored.map(([label, { plan, trials }], order) => {
    const onBaselineSeeds = plan.baseline ? [] : trials.filter((t) => baselineBySeed.has(t.comparison!.seed));
    const baselineOf = (t: SweepTrial) => baselineBySeed.get(t.comparison!.seed)!;
    const options = plan.baseline ? undefined : resolveMethod(plan.request.method);
    const summary: MethodSummary & { order: number; loss: number } = {
      method: label,
      kind: options?.kind ?? 'baseline',
      ...(options ? { options } : {}),
      rank: 0,
      trials: trials.length,
      validationAccuracy: spread(trials.map((t) => t.validationAccuracy!)),
      testAccuracy: spread(trials.map((t) => t.testAccuracy ?? 0)),
      ...(onBaselineSeeds.length > 0
        ? {
            gainOverBaseline: {
              validation: mean(onBaselineSeeds.map((t) => t.validationAccuracy! - baselineOf(t).validationAccuracy!)),
              test: mean(onBaselineSeeds.map((t) => (t.testAccuracy ?? 0) - (baselineOf(t).testAccuracy ?? 0))),
            },
          }
        : {}),
      seedsWon: trials.filter((t) => t.validationAccuracy === bestBySeed.get(t.comparison!.seed)).map((t) => t.comparison!.seed),
      order,
      loss: mean(trials.map((t) => t.validationLoss ?? Number.MAX_VALUE)),
    };
    return summary;
  });
  summaries.sort((a, b) => b.validationAccuracy.mean - a.validationAccuracy.mean || a.loss - b.loss || a.order - b.order);
  return summaries.map(({ order: _order, loss: _loss, ...summary }, i) => ({ ...summary, rank: i + 1 }));
}
