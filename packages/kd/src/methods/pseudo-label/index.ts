import { DistilleryError } from '@distillery/contracts';
import { rowSize } from '../../tasks/classification/examples.ts';
import { distillationExamples, type Examples } from '../../tasks/classification/examples.ts';
import { selectRows } from '../../quality.ts';
import { hintonLoss } from '../logits/loss.ts';
import { defineMethod, type ExamplesInput, type MethodExamples } from '../method.ts';
import { logitObjective } from '../objectives.ts';
import { PseudoLabelMethod, PseudoLabelReport, resolvePseudoLabel, type ResolvedPseudoLabelMethod } from './contract.ts';
import { hardPseudoLabels } from './pseudo-labels.ts';

/**
 * Semi-supervised distillation on an unlabelled transfer set:
 * L = labelledWeight * CE [labelled rows] + transferWeight * T^2 * KL [transfer rows],
 * with soft targets, or one-hot pseudo-labels at T = 1 where the teachers are confident.
 */
export const pseudoLabel = defineMethod({
  kind: 'pseudo-label',
  schema: PseudoLabelMethod,
  resolve: resolvePseudoLabel,
  check(_method, job, request) {
    if (!job.transfer) {
      throw new DistilleryError(
        'incompatible_dataset',
        'pseudo-label distillation needs a transfer set for the teachers to label: name an unlabelled dataset in "transfer": {"dataset": "<id>"}, other than "dataset"',
        '/transfer',
      );
    }
    const targets = request.targets ?? 'hard';
    if (targets === 'soft' && request.threshold !== undefined) {
      throw new DistilleryError('invalid_request', 'threshold applies to hard pseudo-labels only; soft targets use every transfer sample: drop threshold or use "targets": "hard"', '/method/threshold');
    }
    if (targets === 'hard' && request.temperature !== undefined) {
      throw new DistilleryError('invalid_request', 'hard pseudo-labels come from the teachers at temperature 1; drop temperature or use "targets": "soft"', '/method/temperature');
    }
  },
  targets: (method) => ({ temperature: method.temperature, standardize: false }),
  examples: (method, input) => (method.targets === 'hard' ? withHardPseudoLabels(method.threshold, input) : withSoftTargets(input)),
  objective: (method, input) =>
    logitObjective(input, (z, batch) =>
      hintonLoss(z, batch, { temperature: method.temperature, hardWeight: method.labelledWeight, softWeight: method.transferWeight }),
    ),
  metrics: { pseudoLabels: PseudoLabelReport },
  summarize(metrics) {
    const p = metrics.pseudoLabels as PseudoLabelReport | undefined;
    if (!p) return undefined;
    const which = p.targets === 'hard' ? `hard pseudo-labels at confidence ≥ ${p.threshold}` : 'soft targets';
    return `Semi-supervised: ${which}; ${p.kept.toLocaleString('en')} of ${p.transferSamples.toLocaleString('en')} transfer samples kept (${(100 * p.keptShare).toFixed(2)}%).`;
  },
});

/** Soft targets: the logit method with a transfer set and free weights; every transfer sample is kept. */
function withSoftTargets(input: ExamplesInput): MethodExamples {
  const transfer = requireTransfer(input);
  const pseudoLabels: PseudoLabelReport = { targets: 'soft', transferSamples: transfer.count, kept: transfer.count, keptShare: 1 };
  return {
    examples: distillationExamples({ labelled: input.labelled, transfer, inputShape: input.inputShape, softTargets: input.softTargets }),
    metrics: { pseudoLabels },
  };
}

/**
 * Hard pseudo-labels: the transfer rows whose aggregated teacher probability
 * (at T = 1) reaches the threshold, with one-hot targets; the rows below it
 * are left out of the student's data altogether, so they cost no steps.
 */
function withHardPseudoLabels(threshold: number, input: ExamplesInput): MethodExamples {
  const transfer = requireTransfer(input);
  const { labelled, inputShape, numClasses } = input;
  const kept = hardPseudoLabels(input.softTargets, numClasses, threshold);
  const pseudoLabels: PseudoLabelReport = {
    targets: 'hard',
    threshold,
    transferSamples: transfer.count,
    kept: kept.rows.length,
    keptShare: transfer.count === 0 ? 0 : kept.rows.length / transfer.count,
    keptClassCounts: kept.classCounts,
  };
  const warnings =
    kept.rows.length === 0
      ? [{ code: 'no_pseudo_labels', message: `no transfer sample reached the confidence threshold of ${threshold}: the student trained on its labelled samples alone; lower method.threshold` }]
      : [];
  if (kept.rows.length === 0) return { examples: { ...labelled, inputShape }, metrics: { pseudoLabels }, warnings };
  const examples: Examples = {
    ...distillationExamples({
      labelled,
      transfer: { x: selectRows(transfer.x, rowSize(inputShape), kept.rows), count: kept.rows.length },
      inputShape,
      softTargets: kept.targets,
    }),
    sourceRows: Int32Array.from({ length: labelled.count + kept.rows.length }, (_, i) => (i < labelled.count ? i : labelled.count + kept.rows[i - labelled.count]!)),
  };
  return { examples, metrics: { pseudoLabels }, warnings };
}

function requireTransfer(input: ExamplesInput): { x: Float32Array; count: number } {
  // Checked at submission; a transfer set is what the teachers label.
  if (!input.transfer) throw new DistilleryError('incompatible_dataset', 'pseudo-label distillation needs a transfer set other than the labelled dataset');
  return input.transfer;
}

export type { ResolvedPseudoLabelMethod };
