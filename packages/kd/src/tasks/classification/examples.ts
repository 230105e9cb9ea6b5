/**
 * Training data as flat typed arrays, the form datasets are loaded in. Tensors
 * are made per batch, so a large dataset never sits on the backend whole.
 */
export interface Examples {
  /** Row-major inputs, [count, ...inputShape]. */
  x: Float32Array;
  count: number;
  inputShape: number[];
  /** Class index per sample, or -1 for an unlabelled sample. */
  labels: Int32Array;
  /** Teacher targets (probabilities at the distillation temperature), [count, numClasses]. */
  soft?: { probs: Float32Array; mask: Uint8Array };
  /**
   * Where each example comes from in the job's full training rows (the
   * dataset's training split, then the transfer set's), when the examples
   * are a subset of them (kept pseudo-labels, a held-out validation slice):
   * precomputed teacher outputs are indexed by those rows. Absent: example i
   * is row i.
   */
  sourceRows?: Int32Array;
}

export interface LabelledSet {
  x: Float32Array;
  count: number;
  labels: Int32Array;
}

/**
 * The student's training examples for distillation: the labelled set with its
 * labels, and teacher targets on the transfer set. Without a separate transfer
 * set the teachers labelled the labelled set itself, and every sample has both;
 * otherwise the transfer samples are appended without labels (their labels, if
 * any, are never used, so a baseline trained on the labelled set sees the same
 * labels as the student).
 */
export function distillationExamples(input: {
  labelled: LabelledSet;
  /** Absent when the transfer set is the labelled set. */
  transfer?: { x: Float32Array; count: number };
  inputShape: number[];
  /** Teacher probabilities on the transfer set, [transfer count, numClasses]. */
  softTargets: Float32Array;
}): Examples {
  const { labelled, transfer, inputShape, softTargets } = input;
  if (!transfer) {
    const mask = new Uint8Array(labelled.count).fill(1);
    return { x: labelled.x, count: labelled.count, inputShape, labels: labelled.labels, soft: { probs: softTargets, mask } };
  }
  const count = labelled.count + transfer.count;
  const numClasses = softTargets.length / transfer.count;
  const x = new Float32Array(labelled.x.length + transfer.x.length);
  x.set(labelled.x);
  x.set(transfer.x, labelled.x.length);
  const labels = new Int32Array(count).fill(-1);
  labels.set(labelled.labels);
  const probs = new Float32Array(count * numClasses);
  probs.set(softTargets, labelled.count * numClasses);
  const mask = new Uint8Array(count);
  mask.fill(1, labelled.count);
  return { x, count, inputShape, labels, soft: { probs, mask } };
}

export function rowSize(inputShape: number[]): number {
  return inputShape.reduce((a, b) => a * b, 1);
}

/** The index of the largest value in each row of a [rows, columns] array. */
export function argmaxRows(values: Float32Array, columns: number): Int32Array {
  const rows = values.length / columns;
  const result = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let column = 1; column < columns; column++) {
      if (values[row * columns + column]! > values[row * columns + best]!) best = column;
    }
    result[row] = best;
  }
  return result;
}

/** Share of labelled rows whose argmax equals the label; unlabelled rows (-1) are left out. */
export function accuracy(logits: Float32Array, labels: Int32Array, numClasses: number): number {
  const predicted = argmaxRows(logits, numClasses);
  if (predicted.length !== labels.length) throw new Error('prediction and label counts differ');
  let labelled = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0) continue;
    labelled++;
    if (predicted[i] === labels[i]) correct++;
  }
  return labelled === 0 ? 0 : correct / labelled;
}

/** Share of rows where two score arrays have the same argmax. */
export function argmaxAgreement(a: Float32Array, b: Float32Array, numClasses: number): number {
  return agreementWithLabels(argmaxRows(a, numClasses), argmaxRows(b, numClasses));
}

function agreementWithLabels(predicted: Int32Array, labels: Int32Array): number {
  if (predicted.length !== labels.length) throw new Error('prediction and label counts differ');
  if (labels.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) same++;
  return same / labels.length;
}
