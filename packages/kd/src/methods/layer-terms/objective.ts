import * as tf from '@tensorflow/tfjs';
import type { ClassificationBatch } from '../../tasks/classification/batches.ts';
import type { TrainingStage } from '../../training/loop.ts';
import type { ObjectiveInput, StudentObjective } from '../method.ts';
import { logitObjective, trainableVariables } from '../objectives.ts';
import type { ResolvedLayerPair } from './pairs.ts';
import { LayerTerms, type LayerTermKind } from './terms.ts';

export interface LayerObjectiveOptions {
  pairs: ResolvedLayerPair[];
  kind: LayerTermKind;
  /** The logit term the layer terms are added to. */
  logitLoss: (logits: tf.Tensor2D, batch: ClassificationBatch) => tf.Scalar;
  /**
   * FitNets stage 1: this many epochs that train only the student layers up to
   * the paired layers, plus the adapters, on the layer terms alone. 0 by default.
   */
  hintEpochs?: number;
  /** After a hint stage, FitNets trains on the logit loss alone (the default here too); true keeps the layer terms. */
  keepTermsAfterHints?: boolean;
}

/**
 * The objective of a method that pairs layers: an optional hint stage on the
 * layer terms alone, then the main stage on the logit term plus (unless a
 * hint stage dropped them) the layer terms. The adapters belong to the run,
 * never to the student, and are the run's extra checkpointed state.
 */
export function layerObjective(input: ObjectiveInput, options: LayerObjectiveOptions): StudentObjective {
  if (!input.layers) throw new Error('a layer method needs the teachers\u2019 layer sources');
  const { student } = input;
  const terms = new LayerTerms(student, options.pairs, options.kind, input.layers, input.examples, input.seed);
  const hintEpochs = options.hintEpochs ?? 0;
  const termsInMain = hintEpochs === 0 || options.keepTermsAfterHints === true;
  const targets = (batch: ClassificationBatch, rows: Int32Array) => terms.targets(batch.x, rows);
  const stages: TrainingStage<ClassificationBatch>[] = [];
  if (hintEpochs > 0) {
    stages.push({
      name: 'hint',
      steps: hintEpochs * input.stepsPerEpoch,
      variables: [...trainableVariables(terms.hintView), ...terms.variables],
      targets,
      loss: (batch, teacher) => tf.tidy(() => terms.loss(terms.hintOutputs(batch.x), teacher)),
      evaluate: false,
    });
  }
  stages.push(
    termsInMain
      ? {
          name: 'main',
          steps: input.steps,
          variables: [...trainableVariables(student), ...terms.variables],
          targets,
          loss: (batch, teacher) =>
            tf.tidy(() => {
              const { logits, features } = terms.studentOutputs(batch.x);
              return tf.add(options.logitLoss(logits, batch), terms.loss(features, teacher));
            }),
          evaluate: true,
        }
      : // The hint stage has trained the layers; the main stage is the logit term alone.
        logitObjective(input, options.logitLoss).stages[0]!,
  );
  return { stages, extraState: terms.variables, dispose: () => terms.dispose() };
}
