import * as tf from '@tensorflow/tfjs';
import { rowSize } from '../examples.ts';
import { AttentionScores } from '../transformer.ts';
import { buildAdapter, type FeatureAdapter } from './adapters.ts';
import { attentionMatrixLoss, checkAttentionShapes, type AttentionMatrixLoss } from './attention-matrix.ts';
import { LayerPairError, layerOutputModel, layerOutputs, layerShape } from './layers.ts';
import {
  attentionEnergy,
  attentionTransferFromEnergies,
  featureLoss,
  type AttentionOptions,
  type FeatureLossKind,
} from './losses.ts';
import type { PrecomputedFeatures, PrecomputedLayer } from './precompute.ts';

/** One teacher layer guiding one student layer, as a job names them. */
export interface LayerPair {
  /** Teacher layer whose output is the target. */
  teacher: string;
  /** Student layer pulled towards it. */
  student: string;
  /** Multiplies this pair's term; 1 by default. */
  weight?: number;
  /** Which teacher (index into `teachers` / `precomputed`) in a multi-teacher job; 0 by default. */
  teacherIndex?: number;
}

export type IntermediateMethod =
  /** FitNets hints: featureLoss(adapter(student), teacher) per pair. */
  | { kind: 'features'; loss: FeatureLossKind; adapterKernelSize?: 1 | 3 }
  /** Attention transfer: attentionTransferLoss per pair (beta included). */
  | ({ kind: 'attention' } & AttentionOptions)
  /**
   * Attention-matrix distillation between transformer attention layers
   * (`block<i>/attention`, [heads, tokens, tokens]): attentionMatrixLoss per
   * pair, KL(teacher || student) by default, or mse.
   */
  | { kind: 'attention-matrix'; loss?: AttentionMatrixLoss };

/**
 * Terms on intermediate layers, added to trainClassifier's logit loss:
 *
 *   L = L_logits + sum_pairs weight_j * term_j
 *
 * Teacher outputs come from `teachers` (computed inside each step, never
 * trained) or from `precomputed` (precomputeTeacherFeatures over the training
 * examples, same row order); both give the same loss.
 */
export interface IntermediateDistillation {
  method: IntermediateMethod;
  pairs: LayerPair[];
  teachers?: tf.LayersModel[];
  /** precomputed[teacherIndex]: used for the pairs whose teacher layer it holds. */
  precomputed?: Array<PrecomputedFeatures | undefined>;
  /**
   * FitNets stage 1: this many epochs that train only the student layers up to
   * the hinted layers, plus the adapters, on the layer terms alone. 0 by default.
   */
  hintEpochs?: number;
  /**
   * After a hint stage, FitNets trains on the logit loss alone (the default
   * here too); true keeps the layer terms in the second stage as well.
   */
  keepTermsAfterHints?: boolean;
}

export type Stage = 'hint' | 'main';

type TeacherSource =
  | { kind: 'model'; teacher: number; output: number }
  | { kind: 'precomputed'; entry: PrecomputedLayer };

interface Term {
  weight: number;
  studentOutput: number;
  source: TeacherSource;
  adapter?: FeatureAdapter;
}

/**
 * The layer terms of one training run: validated pairs, adapters, and the
 * multi-output views of the student and teachers. Owns the adapters'
 * variables (dispose() frees them); the student model never holds them.
 */
export class IntermediateObjective {
  private readonly terms: Term[];
  private readonly adapters: FeatureAdapter[] = [];
  /** Student view with outputs [logits, ...hinted layers]. */
  private readonly studentView: tf.LayersModel;
  /** Student view with the hinted layers only: what the hint stage runs and trains. */
  private readonly hintView: tf.LayersModel;
  /** Teacher views, by teacher index, with the outputs the terms read. */
  private readonly teacherViews = new Map<number, tf.LayersModel>();

  constructor(
    private readonly student: tf.LayersModel,
    private readonly config: IntermediateDistillation,
    exampleCount: number,
    seed: number,
  ) {
    const { method, pairs } = config;
    if (pairs.length === 0) throw new LayerPairError('incompatible_layers', `method '${method.kind}' needs at least one layer pair`);
    if (method.kind === 'attention' && !(method.p === undefined || method.p > 0)) throw new RangeError(`attention p must be > 0, got ${method.p}`);
    const studentLayers: string[] = [];
    const teacherLayers = new Map<number, string[]>();
    const indexIn = (list: string[], name: string) => (list.includes(name) ? list.indexOf(name) : list.push(name) - 1);
    try {
      this.terms = pairs.map((pair, i) => {
        const weight = pair.weight ?? 1;
        if (!(Number.isFinite(weight) && weight >= 0)) throw new RangeError(`pair ${i}: weight must be a finite number >= 0, got ${weight}`);
        const teacherIndex = pair.teacherIndex ?? 0;
        const studentShape = layerShape(student, pair.student, 'student');
        const { source, shape: teacherShape } = this.resolveTeacher(pair, teacherIndex, exampleCount, teacherLayers, indexIn);
        const term: Term = { weight, studentOutput: indexIn(studentLayers, pair.student), source };
        if (method.kind === 'attention') {
          const teacherIsMap = teacherShape.length === 3 || (source.kind === 'precomputed' && source.entry.attentionP !== undefined);
          if (studentShape.length !== 3 || !teacherIsMap) {
            throw new LayerPairError(
              'incompatible_layers',
              `attention transfer compares feature maps [height, width, channels]; student '${pair.student}' outputs [${studentShape.join(',')}], ` +
                `teacher '${pair.teacher}' [${teacherShape.join(',')}]: pair conv or pool layers`,
            );
          }
        } else if (method.kind === 'attention-matrix') {
          checkAttentionShapes(studentShape, teacherShape, pair.student, pair.teacher);
          const notAttention = [
            ['student', student, pair.student] as const,
            ...(source.kind === 'model' ? [['teacher', config.teachers![teacherIndex]!, pair.teacher] as const] : []),
          ].find(([, model, name]) => model.getLayer(name).getClassName() !== AttentionScores.className);
          if (notAttention) {
            throw new LayerPairError(
              'incompatible_layers',
              `attention-matrix distillation reads attention probabilities; ${notAttention[0]} layer '${notAttention[2]}' is a ` +
                `${notAttention[1].getLayer(notAttention[2]).getClassName()}: pair transformer layers 'block<i>/attention'`,
            );
          }
        } else if (!tf.util.arraysEqual(studentShape, teacherShape)) {
          term.adapter = buildAdapter(studentShape, teacherShape, adapterSeed(seed, i), { kernelSize: method.adapterKernelSize ?? 1 });
          this.adapters.push(term.adapter);
        }
        return term;
      });
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.studentView = tf.model({ inputs: student.inputs, outputs: [student.outputs[0]!, ...layerOutputs(student, studentLayers, 'student')] });
    this.hintView = layerOutputModel(student, studentLayers, 'student');
    for (const [index, names] of teacherLayers) this.teacherViews.set(index, layerOutputModel(config.teachers![index]!, names, `teacher ${index}`));
  }

  /** Whether `stage`'s loss includes the layer terms. */
  usesTerms(stage: Stage): boolean {
    return stage === 'hint' || !this.config.hintEpochs || this.config.keepTermsAfterHints === true;
  }

  get adapterVariables(): tf.Variable[] {
    return this.adapters.flatMap((a) => a.variables);
  }

  /** What `stage` trains: the hint stage only the weights below the hinted layers, plus adapters. */
  variables(stage: Stage): tf.Variable[] {
    const model = stage === 'hint' ? this.hintView : this.student;
    const own = model.trainableWeights.map((w) => w.read() as tf.Variable);
    return this.usesTerms(stage) ? [...own, ...this.adapterVariables] : own;
  }

  /**
   * Teacher targets for one batch, one per pair, computed outside the gradient
   * tape (the teacher is never differentiated or trained). The caller disposes
   * them after the step. `rows` are the batch's row indices in the examples.
   */
  targets(x: tf.Tensor, rows: Int32Array): tf.Tensor[] {
    return tf.tidy(() => {
      const teacherOutputs = new Map<number, tf.Tensor[]>();
      for (const [index, view] of this.teacherViews) {
        teacherOutputs.set(index, [view.apply(x, { training: false })].flat() as tf.Tensor[]);
      }
      return this.terms.map((term) => {
        const { source } = term;
        let target =
          source.kind === 'model' ? teacherOutputs.get(source.teacher)![source.output]! : gatherRows(source.entry, rows);
        if (this.config.method.kind === 'attention') {
          if (!(source.kind === 'precomputed' && source.entry.attentionP !== undefined)) {
            target = attentionEnergy(target as tf.Tensor4D, this.config.method.p);
          }
          return target;
        }
        if (this.config.method.kind === 'attention-matrix') return target;
        return term.adapter ? term.adapter.target(target) : target;
      });
    });
  }

  /**
   * The step's loss, to be called inside optimizer.minimize: for 'hint' the
   * layer terms alone; for 'main' logitLoss(student logits) plus the terms.
   */
  loss(stage: Stage, x: tf.Tensor, targets: tf.Tensor[], logitLoss: (logits: tf.Tensor2D) => tf.Scalar): tf.Scalar {
    return tf.tidy(() => {
      if (stage === 'hint') return this.termsLoss([this.hintView.apply(x, { training: true })].flat() as tf.Tensor[], targets);
      const [logits, ...features] = this.studentView.apply(x, { training: true }) as tf.Tensor[];
      const base = logitLoss(logits as tf.Tensor2D);
      return this.usesTerms('main') ? tf.add(base, this.termsLoss(features, targets)) : base;
    });
  }

  private termsLoss(features: tf.Tensor[], targets: tf.Tensor[]): tf.Scalar {
    const { method } = this.config;
    const parts = this.terms.map((term, i) => {
      const feature = features[term.studentOutput]!;
      const target = targets[i]!;
      const value =
        method.kind === 'attention'
          ? attentionTransferFromEnergies(attentionEnergy(feature as tf.Tensor4D, method.p), target as tf.Tensor3D, method)
          : method.kind === 'attention-matrix'
            ? attentionMatrixLoss(feature, target, method.loss)
            : featureLoss(term.adapter ? term.adapter.apply(feature) : feature, target, method.loss);
      return tf.mul(value, term.weight);
    });
    return tf.addN(parts) as tf.Scalar;
  }

  dispose(): void {
    for (const adapter of this.adapters) adapter.dispose();
    this.adapters.length = 0;
    // The views share the student's and teachers' layers and own no tensors:
    // disposing them would release layers their models still use.
  }

  private resolveTeacher(
    pair: LayerPair,
    index: number,
    exampleCount: number,
    teacherLayers: Map<number, string[]>,
    indexIn: (list: string[], name: string) => number,
  ): { source: TeacherSource; shape: number[] } {
    const { config } = this;
    const method = config.method;
    const role = `teacher ${index}`;
    const precomputed = config.precomputed?.[index];
    if (precomputed) {
      if (precomputed.count !== exampleCount) {
        throw new RangeError(`precomputed features of ${role} cover ${precomputed.count} rows; the training examples have ${exampleCount}`);
      }
      const entry = precomputed.layers.find(
        (l) =>
          l.layer === pair.teacher &&
          (l.attentionP === undefined || (method.kind === 'attention' && l.attentionP === (method.p ?? 2))),
      );
      if (entry) return { source: { kind: 'precomputed', entry }, shape: entry.shape };
    }
    const model = config.teachers?.[index];
    if (!model) {
      throw new LayerPairError(
        'missing_teacher',
        `pair ${pair.teacher} -> ${pair.student} reads ${role}, but no such teacher model was given` +
          (precomputed ? ` and its precomputed features hold no '${pair.teacher}' of this kind (they hold: ${precomputed.layers.map((l) => l.layer).join(', ')})` : ''),
      );
    }
    const shape = layerShape(model, pair.teacher, role);
    const names = teacherLayers.get(index) ?? [];
    teacherLayers.set(index, names);
    return { source: { kind: 'model', teacher: index, output: indexIn(names, pair.teacher) }, shape };
  }
}

/** Each adapter gets its own seed derived from the run's seed. */
function adapterSeed(seed: number, pairIndex: number): number {
  return (Math.imul(seed >>> 0, 2654435761) + 7919 * (pairIndex + 1)) >>> 0;
}

/** The batch's rows of a precomputed layer, as a tensor [rows, ...shape]. */
function gatherRows(entry: PrecomputedLayer, rows: Int32Array): tf.Tensor {
  const size = rowSize(entry.shape);
  const out = new Float32Array(rows.length * size);
  rows.forEach((row, i) => out.set(entry.values.subarray(row * size, (row + 1) * size), i * size));
  return tf.tensor(out, [rows.length, ...entry.shape]);
}
