import type * as tf from '@tensorflow/tfjs';
import type { Architecture, ArchitectureCost, Dataset, Model } from '@distillery/contracts';
import type { Static, TSchema } from 'typebox';
import type { ClassificationBatch } from '../tasks/classification/batches.ts';
import type { Examples, LabelledSet } from '../tasks/classification/examples.ts';
import type { TensorInferenceModel } from '../teachers/inference-model.ts';
import type { TrainingStage } from '../training/loop.ts';
import type { LayerExtraction } from './layer-terms/extractions.ts';
import type { PrecomputedFeatures } from './layer-terms/precompute.ts';

/**
 * A distillation method is one module under methods/<kind>/ that declares
 * everything the service needs to offer it, and the registry (registry.ts)
 * lists it. From the registry come the request schema (and so the OpenAPI
 * document and the generated client), the API's checks, what the teacher
 * subjobs extract, how the aggregation tempers the teachers, the student's
 * objective in the worker, the sweeps that may tune it, and its part of the
 * job's result. Nothing outside the module and its registry line names its
 * kind; the one exception is the registry's DEFAULT_METHOD.
 */
export interface DistillationMethod<
  S extends TSchema = TSchema,
  R extends { kind: string } = { kind: string },
  M extends Record<string, TSchema> = Record<string, TSchema>,
> {
  /** The request's `method.kind`. */
  readonly kind: R['kind'];
  /** Its request schema: `kind` and the method's options (with their defaults and descriptions). */
  readonly schema: S;
  /** The request's method with every default filled in: what the worker runs and the lineage records. */
  resolve(request: Static<S>): R;
  /**
   * Checks at submission that the schema cannot express, against the records
   * the job names; throws a DistilleryError whose `field` points into the request.
   */
  check?(method: R, job: SubmittedDistillation, request: Static<S>): void;
  /** The teachers' forward passes that run inside each training step (layer outputs computed on the fly): their size, work and activations. */
  teacherStepCost?(method: R, teachers: Model[]): ArchitectureCost;
  /** How the aggregation turns the teachers' raw logits into the student's targets. */
  targets(method: R): TargetSpec;
  /** The layer outputs the method reads from teacher `index` (none: logits only). */
  teacherLayers?(method: R, index: number): LayerExtraction[];
  /** The student's training examples; by default the labelled rows plus the soft targets (distillationExamples). */
  examples?(method: R, input: ExamplesInput): MethodExamples;
  /** The student's objective for one training run. */
  objective(method: R, input: ObjectiveInput): StudentObjective;
  /**
   * Set when the loss is a property of a whole batch rather than a sum over
   * its examples, saying why: DP-SGD, which takes each example's gradient
   * alone, refuses such a method.
   */
  readonly batchLevelLoss?: string;
  /** Epochs the student trains beyond `training.epochs` (a FitNets hint stage); its baseline is given as many steps. */
  extraEpochs?(method: R): number;
  /** The sweep parameters the method takes, each writing a value into the request's method. */
  readonly sweep?: { [P in SweepableParameter]?: SweepSetter<Static<S>> };
  /** Schemas of the fields the method adds to a result's `metrics` (see `MethodExamples.metrics`). */
  readonly metrics?: M;
  /** A sentence on those metrics for the model card, when the result has them. */
  summarize?(metrics: Record<string, unknown>): string | undefined;
}

/** The sweep parameters that live in the method (learning rate and width live in the request). */
export type SweepableParameter = 'temperature' | 'alpha';

/** Writes one sweep value into a request's method. */
export interface SweepSetter<M> {
  set(method: M, value: number): M;
}

/** A method seen by code that treats every method alike (the API, the worker): its resolved form is opaque. */
export type AnyDistillationMethod = DistillationMethod<TSchema, { kind: string }>;

/** What a method is checked against at submission: the records of the job's student, teachers and data. */
export interface SubmittedDistillation {
  student: Architecture;
  /** In the order of the request's `teachers`. */
  teachers: Model[];
  dataset: Dataset;
  /** The separate transfer set, when the job names one other than `dataset`. */
  transfer: Dataset | undefined;
}

/** How the aggregation step turns each teacher's raw logits into probabilities before it combines them. */
export interface TargetSpec {
  temperature: number;
  /** z-score each teacher's logit vector before tempering (logit standardization). */
  standardize: boolean;
}

export interface ExamplesInput {
  /** The labelled dataset's training split (unlabelled rows, if any, have label -1). */
  labelled: LabelledSet;
  /** The transfer set's training split, when it is a separate dataset. */
  transfer?: { x: Float32Array; count: number };
  inputShape: number[];
  numClasses: number;
  /** Aggregated teacher probabilities on the transfer rows (the labelled rows without a transfer set), [N, C]. */
  softTargets: Float32Array;
}

export interface MethodExamples {
  examples: Examples;
  /** Fields for the result's `metrics`, declared in the method's `metrics` schemas. */
  metrics?: Record<string, unknown>;
  /** Things the user should know, for the result's `warnings`. */
  warnings?: { code: string; message: string }[];
}

/** Teacher layer outputs for the methods that pair layers, by teacher index: precomputed, or the teacher itself (a TensorFlow.js model) run in the step. */
export interface TeacherLayerSources {
  teachers: Array<TensorInferenceModel | undefined>;
  precomputed: Array<PrecomputedFeatures | undefined>;
}

export interface ObjectiveInput {
  student: tf.LayersModel;
  examples: Examples;
  numClasses: number;
  seed: number;
  /** Steps of the main stage: the run's `epochs` (or `steps`) worth. */
  steps: number;
  stepsPerEpoch: number;
  /** Present when the method reads teacher layers. */
  layers?: TeacherLayerSources;
}

/** What a method contributes to one student training run. Owns the extra state it creates; dispose() frees it. */
export interface StudentObjective {
  stages: TrainingStage<ClassificationBatch>[];
  /** Trainable variables outside the student (feature adapters): checkpoints hold them. */
  extraState: tf.Variable[];
  dispose(): void;
}

/** Types a method module: `kind`, the schema, the resolved form and the metrics' schemas stay in step. */
export function defineMethod<S extends TSchema, R extends { kind: string }, M extends Record<string, TSchema> = Record<never, TSchema>>(
  method: DistillationMethod<S, R, M>,
): DistillationMethod<S, R, M> {
  return method;
}
