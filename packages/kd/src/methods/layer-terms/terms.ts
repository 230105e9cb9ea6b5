import * as tf from '@tensorflow/tfjs';
import { rowSize } from '../../tasks/classification/examples.ts';
import { describeLayer, LayerPairError, layerOutputModel, layerOutputs, type LayerInfo } from '../../teachers/layers.ts';
import type { TeacherLayerSources } from '../method.ts';
import { extract, type LayerExtraction } from './extractions.ts';
import type { ResolvedLayerPair } from './pairs.ts';
import type { PrecomputedLayer } from './precompute.ts';

/** One pair's term, built by its method: how the teacher side becomes a target, and how far the student is from it. */
export interface LayerTerm {
  /** The teacher's (extracted) output for a batch -> the target the loss compares; outside the gradient tape. */
  target(teacher: tf.Tensor): tf.Tensor;
  /** The student layer's output and the target -> the term, inside the gradient tape. */
  loss(student: tf.Tensor, target: tf.Tensor): tf.Scalar;
  /** Trainable variables the term owns (an adapter's). */
  readonly variables: tf.Variable[];
  dispose(): void;
}

/** The two layers of a pair as the term sees them. */
export interface PairSides {
  student: LayerInfo;
  teacher: {
    name: string;
    /** The teacher layer's output shape when the teacher runs in the step; the stored shape when precomputed. */
    shape: number[];
    /** Whether the values come precomputed (already extracted); the teacher model, and so its layer class, is then not at hand. */
    precomputed: boolean;
    className?: string;
  };
}

/** A layer method's rules for its pairs: what the teacher side extracts, and the term of one pair. */
export interface LayerTermKind {
  extraction(pair: ResolvedLayerPair): LayerExtraction;
  /** Checks the two layers can be compared (throwing a LayerPairError that says what to change) and builds the term. */
  build(pair: ResolvedLayerPair, sides: PairSides, seed: number): LayerTerm;
}

/**
 * What a layer method reads of teacher `index`, each extraction once: what
 * its term kind extracts for the pairs on that teacher. The teacher subjobs
 * precompute exactly this, so the terms find it.
 */
export function teacherExtractions(kind: LayerTermKind, pairs: ResolvedLayerPair[], index: number): LayerExtraction[] {
  const unique = new Map<string, LayerExtraction>();
  for (const pair of pairs.filter((p) => p.teacherIndex === index)) {
    const extraction = kind.extraction(pair);
    unique.set(JSON.stringify([extraction.layer, extraction.attentionP]), extraction);
  }
  return [...unique.values()];
}

type TeacherSource = { kind: 'model'; teacher: number; output: number } | { kind: 'precomputed'; entry: PrecomputedLayer };

interface Term {
  pair: ResolvedLayerPair;
  extraction: LayerExtraction;
  studentOutput: number;
  source: TeacherSource;
  term: LayerTerm;
}

/**
 * The layer terms of one training run, added to a method's logit loss:
 *
 *   L = L_logits + sum_pairs weight_j * term_j
 *
 * Teacher outputs come from the teachers (run inside each step, outside the
 * gradient tape, never trained) or precomputed over the training rows; both
 * give the same loss. Owns the terms' variables (dispose() frees them); the
 * student model never holds them.
 */
export class LayerTerms {
  private readonly terms: Term[] = [];
  /** Student view with outputs [logits, ...paired layers]. */
  private readonly studentView: tf.LayersModel;
  /** Student view with the paired layers only: what a hint stage runs and trains. */
  readonly hintView: tf.LayersModel;
  /** Per teacher index, one forward pass returning the layers the terms read. */
  private readonly teacherReaders = new Map<number, (x: tf.Tensor) => tf.Tensor[]>();

  constructor(
    student: tf.LayersModel,
    pairs: ResolvedLayerPair[],
    kind: LayerTermKind,
    sources: TeacherLayerSources,
    private readonly examples: { count: number; sourceRows?: Int32Array },
    seed: number,
  ) {
    if (pairs.length === 0) throw new LayerPairError('incompatible_layers', 'a layer method needs at least one layer pair');
    if (examples.sourceRows && examples.sourceRows.length !== examples.count) {
      throw new RangeError(`the examples map ${examples.sourceRows.length} rows to their source rows, but there are ${examples.count} examples`);
    }
    const studentLayers: string[] = [];
    const teacherLayers = new Map<number, string[]>();
    const indexIn = (list: string[], name: string) => (list.includes(name) ? list.indexOf(name) : list.push(name) - 1);
    try {
      pairs.forEach((pair, i) => {
        if (!(Number.isFinite(pair.weight) && pair.weight >= 0)) throw new RangeError(`pair ${i}: weight must be a finite number >= 0, got ${pair.weight}`);
        const extraction = kind.extraction(pair);
        const studentSide = describeLayer(student, pair.student, 'student');
        const { source, teacher } = this.resolveTeacher(pair, extraction, sources, teacherLayers, indexIn);
        const term = kind.build(pair, { student: studentSide, teacher }, adapterSeed(seed, i));
        this.terms.push({ pair, extraction, studentOutput: indexIn(studentLayers, pair.student), source, term });
      });
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.studentView = tf.model({ inputs: student.inputs, outputs: [student.outputs[0]!, ...layerOutputs(student, studentLayers, 'student')] });
    this.hintView = layerOutputModel(student, studentLayers, 'student');
    for (const [index, names] of teacherLayers) this.teacherReaders.set(index, sources.teachers[index]!.layers!.outputs(names, `teacher ${index}`));
  }

  /** The terms' own trainable variables (adapters). */
  get variables(): tf.Variable[] {
    return this.terms.flatMap((t) => t.term.variables);
  }

  /**
   * Teacher targets for one batch, one per pair, computed outside the gradient
   * tape (the teacher is never differentiated or trained). The caller disposes
   * them after the step. `rows` are the batch's row indices in the examples.
   */
  targets(x: tf.Tensor, rows: Int32Array): tf.Tensor[] {
    return tf.tidy(() => {
      const teacherOutputs = new Map<number, tf.Tensor[]>();
      for (const [index, read] of this.teacherReaders) teacherOutputs.set(index, read(x));
      const sourceRows = this.sourceRowsOf(rows);
      return this.terms.map(({ source, extraction, term }) => {
        const teacher =
          source.kind === 'model'
            ? extract(extraction, teacherOutputs.get(source.teacher)![source.output]!)
            : gatherRows(source.entry, sourceRows);
        return term.target(teacher);
      });
    });
  }

  /** [logits, ...paired student layers] for a batch, in training mode (inside the gradient tape). */
  studentOutputs(x: tf.Tensor): { logits: tf.Tensor2D; features: tf.Tensor[] } {
    const [logits, ...features] = this.studentView.apply(x, { training: true }) as tf.Tensor[];
    return { logits: logits as tf.Tensor2D, features };
  }

  /** The paired student layers alone, for a hint stage. */
  hintOutputs(x: tf.Tensor): tf.Tensor[] {
    return [this.hintView.apply(x, { training: true })].flat() as tf.Tensor[];
  }

  /** sum_j weight_j * term_j over the student features (in the order of studentOutputs) and the targets. */
  loss(features: tf.Tensor[], targets: tf.Tensor[]): tf.Scalar {
    return tf.tidy(() => tf.addN(this.terms.map((t, i) => tf.mul(t.term.loss(features[t.studentOutput]!, targets[i]!), t.pair.weight))) as tf.Scalar);
  }

  dispose(): void {
    for (const { term } of this.terms) term.dispose();
    this.terms.length = 0;
    // The views share the student's and teachers' layers and own no tensors:
    // disposing them would release layers their models still use.
  }

  private sourceRowsOf(rows: Int32Array): Int32Array {
    const map = this.examples.sourceRows;
    return map ? rows.map((row) => map[row]!) : rows;
  }

  private resolveTeacher(
    pair: ResolvedLayerPair,
    extraction: LayerExtraction,
    sources: TeacherLayerSources,
    teacherLayers: Map<number, string[]>,
    indexIn: (list: string[], name: string) => number,
  ): { source: TeacherSource; teacher: PairSides['teacher'] } {
    const index = pair.teacherIndex;
    const role = `teacher ${index}`;
    const precomputed = sources.precomputed[index];
    if (precomputed) {
      const covers = this.examples.sourceRows ? this.examples.sourceRows.every((row) => row < precomputed.count) : precomputed.count === this.examples.count;
      if (!covers) {
        throw new RangeError(`precomputed features of ${role} cover ${precomputed.count} rows; the training examples have ${this.examples.count}`);
      }
      const entry = precomputed.layers.find((l) => l.layer === pair.teacher && l.attentionP === extraction.attentionP);
      if (entry) return { source: { kind: 'precomputed', entry }, teacher: { name: pair.teacher, shape: entry.shape, precomputed: true } };
    }
    const model = sources.teachers[index];
    if (!model?.layers) {
      throw new LayerPairError(
        'missing_teacher',
        `pair ${pair.teacher} -> ${pair.student} reads ${role}, but no such teacher model was given` +
          (precomputed ? ` and its precomputed features hold no '${pair.teacher}' of this kind (they hold: ${precomputed.layers.map((l) => l.layer).join(', ')})` : ''),
      );
    }
    const info = model.layers.layer(pair.teacher, role);
    const names = teacherLayers.get(index) ?? [];
    teacherLayers.set(index, names);
    return {
      source: { kind: 'model', teacher: index, output: indexIn(names, pair.teacher) },
      teacher: { name: pair.teacher, shape: info.shape, precomputed: false, className: info.className },
    };
  }
}

/** Each term gets its own seed derived from the run's seed. */
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
