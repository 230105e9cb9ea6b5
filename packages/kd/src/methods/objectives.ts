import type * as tf from '@tensorflow/tfjs';
import type { ClassificationBatch } from '../tasks/classification/batches.ts';
import type { StepInfo } from '../training/gradients.ts';
import type { ObjectiveInput, StudentObjective } from './method.ts';

/** The student's own trainable variables: the only ones a run optimises (teachers loaded beside it never change). */
export const trainableVariables = (model: tf.LayersModel): tf.Variable[] => model.trainableWeights.map((weight) => weight.read() as tf.Variable);

/** A method whose objective is a loss of the student's logits alone: one main stage over the student's variables. */
export function logitObjective(
  input: ObjectiveInput,
  loss: (logits: tf.Tensor2D, batch: ClassificationBatch, step: StepInfo) => tf.Scalar,
): StudentObjective {
  const { student } = input;
  return {
    stages: [
      {
        name: 'main',
        steps: input.steps,
        variables: trainableVariables(student),
        loss: (batch, _targets, step) => loss(student.apply(batch.x, { training: true }) as tf.Tensor2D, batch, step),
        evaluate: true,
      },
    ],
    extraState: [],
    dispose: () => undefined,
  };
}
