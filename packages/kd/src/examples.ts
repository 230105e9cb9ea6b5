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
}

export interface LabelledSet {
  x: Float32Array;
  count: number;
  labels: Int32Array;
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

/** Share of rows whose argmax equals the label. */
export function accuracy(logits: Float32Array, labels: Int32Array, numClasses: number): number {
  return agreementWithLabels(argmaxRows(logits, numClasses), labels);
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
