import * as tf from '@tensorflow/tfjs';
import { ReseededDropout } from '../dropout.ts';
import type { StageOptimizer } from './optimizers.ts';

/** Values of one tensor, as plain data so a checkpoint can be stored anywhere. */
export interface SavedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  /** The run's evaluation after this epoch (test or validation accuracy), when it has one. */
  accuracy?: number;
  /** Training samples processed in this epoch (the last epoch may stop early at `steps`). */
  samples: number;
  /** The stage, for every stage but the main one: 'hint' for a FitNets hint stage (numbered 1..hintEpochs, without accuracy). */
  stage?: string;
}

/**
 * Everything a run needs to continue exactly where it stopped: the stage it
 * was in, the weights (the model's and any extra trainable state, such as
 * feature adapters), the optimizer's moments and step count, the dropout
 * layers' call counters, and the position in the data. The shuffle order is
 * not stored: it is replayed from the seed.
 */
export interface TrainingCheckpoint {
  /** Index of the stage in progress; earlier stages are done. */
  stage: number;
  /** Epochs of that stage completed. */
  epoch: number;
  /** Optimizer steps that stage has taken. */
  step: number;
  /** The reports of every completed epoch, earlier stages' included. */
  reports: EpochReport[];
  /** The running sums of the epoch in progress, when the checkpoint was taken mid-epoch. */
  partial?: { lossSum: number; lossCount: number; samples: number };
  model: SavedTensor[];
  /** Trainable state outside the model (adapters), in the order the run lists it. */
  extra: SavedTensor[];
  optimizer: SavedTensor[];
  /** How many times each ReseededDropout layer of the model has drawn a mask, in layer order. */
  dropoutCalls: number[];
}

export async function saveTensors(named: { name: string; tensor: tf.Tensor }[]): Promise<SavedTensor[]> {
  return Promise.all(named.map(async ({ name, tensor }) => ({ name, shape: tensor.shape, values: Float32Array.from(await tensor.data()) })));
}

/** The optimizer's state. getWeights() makes a new tensor for the step count (the moments are the optimizer's own). */
export async function saveOptimizer(optimizer: StageOptimizer): Promise<SavedTensor[]> {
  const weights = await optimizer.getWeights();
  try {
    return await saveTensors(weights);
  } finally {
    weights.filter(({ tensor }) => !(tensor instanceof tf.Variable)).forEach(({ tensor }) => tensor.dispose());
  }
}

export async function restoreOptimizer(optimizer: StageOptimizer, saved: SavedTensor[]): Promise<void> {
  const tensors = saved.map(({ name, values, shape }) => ({ name, tensor: tf.tensor(values, shape) }));
  try {
    await optimizer.setWeights(tensors); // the optimizer copies them into fresh variables
  } finally {
    tf.dispose(tensors.map(({ tensor }) => tensor));
  }
}

/** Copies saved values into `variables`, refusing a checkpoint taken with other shapes. */
export function restoreVariables(variables: tf.Variable[], saved: SavedTensor[], what: string): void {
  const sameShapes = saved.length === variables.length && saved.every((t, i) => t.shape.join('x') === variables[i]!.shape.join('x'));
  if (!sameShapes) {
    throw new Error(`the checkpoint's ${saved.length} ${what} do not match the run's ${variables.length}: it was taken with another architecture`);
  }
  tf.tidy(() => saved.forEach(({ values, shape }, i) => variables[i]!.assign(tf.tensor(values, shape))));
}

/** The model's weights as the variables they are. */
export function modelVariables(model: tf.LayersModel): tf.Variable[] {
  return model.weights.map((weight) => weight.read() as tf.Variable);
}

const dropoutLayers = (model: tf.LayersModel) => model.layers.filter((layer): layer is ReseededDropout => layer instanceof ReseededDropout);

export function dropoutCalls(model: tf.LayersModel): number[] {
  return dropoutLayers(model).map((layer) => layer.calls);
}

export function restoreDropoutCalls(model: tf.LayersModel, calls: number[]): void {
  dropoutLayers(model).forEach((layer, i) => (layer.calls = calls[i] ?? 0));
}
