/**
 * Teacher quality and teacher conflicts, on plain arrays: what the service
 * measures about each teacher before a student learns from it. Logits in,
 * numbers out; probabilities are computed in float64 from the logits, so a
 * confident teacher's tiny probabilities do not round to zero before a log.
 */
import { argmaxRows } from './tasks/classification/examples.ts';
import { mulberry32, shuffledIndices } from './random.ts';

/** The number of confidence bins of the expected calibration error (Guo et al. 2017 use 15). */
export const ECE_BINS = 15;
/** Above this many classes a confusion matrix (classes² counts) is left out of reports. */
export const MAX_CONFUSION_CLASSES = 100;

export interface TeacherQualityReport {
  samples: number;
  accuracy: number;
  /** Recall per true class; null for a class without samples. */
  perClassAccuracy: (number | null)[];
  ece: number;
  /** counts[true][predicted]; absent above MAX_CONFUSION_CLASSES classes. */
  confusion?: number[][];
}

export interface TeacherConflictsReport {
  samples: number;
  temperature: number;
  argmaxDisagreement: number;
  meanPairwiseKl: number;
  pairwiseKl: number[][];
  classes: { class: number; samples: number; disagreement: number }[];
}

/**
 * The validation slice: `fraction` of the labelled rows (label >= 0), at
 * least one, drawn with `seed`, as ascending row indices. Every teacher of a
 * job gets the same rows. The seed is offset so the slice is not the prefix
 * of the first training epoch's shuffle, which uses the same seed.
 */
export function validationRows(labels: Int32Array, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`the validation fraction must be in (0, 1], got ${fraction}`);
  const labelled: number[] = [];
  for (let row = 0; row < labels.length; row++) if (labels[row]! >= 0) labelled.push(row);
  if (labelled.length === 0) return new Int32Array(0);
  const count = Math.min(labelled.length, Math.max(1, Math.round(fraction * labelled.length)));
  const order = shuffledIndices(labelled.length, mulberry32((seed + 0x9e3779b9) >>> 0));
  return Int32Array.from(order.subarray(0, count), (i) => labelled[i]!).sort();
}

/** Rows `rows` of a row-major [n, rowLength] array. */
export function selectRows<T extends Float32Array | Int32Array>(values: T, rowLength: number, rows: Int32Array): T {
  const out = new (values.constructor as new (length: number) => T)(rows.length * rowLength);
  rows.forEach((row, i) => out.set(values.subarray(row * rowLength, (row + 1) * rowLength), i * rowLength));
  return out;
}

/** Row-wise log-softmax of logits / temperature into `out` (float64). */
function logSoftmaxRow(logits: Float32Array, offset: number, numClasses: number, temperature: number, out: Float64Array, outOffset = 0): void {
  let max = -Infinity;
  for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[offset + c]! / temperature);
  let sum = 0;
  for (let c = 0; c < numClasses; c++) sum += Math.exp(logits[offset + c]! / temperature - max);
  const logSum = max + Math.log(sum);
  for (let c = 0; c < numClasses; c++) out[outOffset + c] = logits[offset + c]! / temperature - logSum;
}

/** softmax(logits / temperature) per row. */
export function softmaxRows(logits: Float32Array, numClasses: number, temperature = 1): Float32Array {
  const rows = logits.length / numClasses;
  const out = new Float32Array(logits.length);
  const row = new Float64Array(numClasses);
  for (let r = 0; r < rows; r++) {
    logSoftmaxRow(logits, r * numClasses, numClasses, temperature, row);
    for (let c = 0; c < numClasses; c++) out[r * numClasses + c] = Math.exp(row[c]!);
  }
  return out;
}

/** counts[true class][predicted class]. */
export function confusionMatrix(predicted: Int32Array, labels: Int32Array, numClasses: number): number[][] {
  if (predicted.length !== labels.length) throw new Error('prediction and label counts differ');
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  labels.forEach((label, i) => {
    if (label >= 0) counts[label]![predicted[i]!]!++;
  });
  return counts;
}

/**
 * Expected calibration error (Guo et al. 2017): samples go into `bins`
 * equal-width bins (k/B, (k+1)/B] by their confidence, the largest
 * probability; ECE = sum_b (n_b / n) * |accuracy_b - mean confidence_b|.
 * `probs` are probabilities [n, numClasses]; unlabelled rows (-1) are skipped.
 */
export function expectedCalibrationError(probs: Float32Array, labels: Int32Array, numClasses: number, bins = ECE_BINS): number {
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  let n = 0;
  for (let row = 0; row < labels.length; row++) {
    if (labels[row]! < 0) continue;
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probs[row * numClasses + c]! > probs[row * numClasses + best]!) best = c;
    const p = probs[row * numClasses + best]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    count[bin]!++;
    confidence[bin]! += p;
    if (best === labels[row]) correct[bin]!++;
    n++;
  }
  if (n === 0) return 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += (count[b]! / n) * Math.abs(correct[b]! / count[b]! - confidence[b]! / count[b]!);
  }
  return ece;
}

/** Accuracy, per-class accuracy, ECE and confusion matrix of one teacher's logits against labels. */
export function teacherQuality(logits: Float32Array, labels: Int32Array, numClasses: number): TeacherQualityReport {
  const predicted = argmaxRows(logits, numClasses);
  if (predicted.length !== labels.length) throw new Error('prediction and label counts differ');
  const confusion = confusionMatrix(predicted, labels, numClasses);
  let samples = 0;
  let right = 0;
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    samples += total;
    right += row[c]!;
    return total === 0 ? null : row[c]! / total;
  });
  return {
    samples,
    accuracy: samples === 0 ? 0 : right / samples,
    perClassAccuracy,
    ece: expectedCalibrationError(softmaxRows(logits, numClasses), labels, numClasses),
    ...(numClasses <= MAX_CONFUSION_CLASSES ? { confusion } : {}),
  };
}

/**
 * Where several teachers disagree, from their logits on the same rows:
 * - argmaxDisagreement: the share of rows on which not every teacher predicts the same class;
 * - pairwiseKl[i][j]: the mean over rows of KL(p_i || p_j), p = softmax(logits / temperature);
 *   meanPairwiseKl averages it over the ordered pairs i != j;
 * - classes: per class c, among the rows some teacher predicts c, the share on which
 *   not every teacher does; the `top` highest (ties: more rows first).
 */
export function teacherConflicts(logits: Float32Array[], numClasses: number, temperature: number, top = 5): TeacherConflictsReport {
  const k = logits.length;
  if (k < 2) throw new Error('conflicts need at least two teachers');
  const rows = logits[0]!.length / numClasses;
  if (logits.some((l) => l.length !== rows * numClasses)) throw new Error('every teacher needs logits for the same rows');
  const predictions = logits.map((l) => argmaxRows(l, numClasses));
  const kl = Array.from({ length: k }, () => new Float64Array(k));
  const logP = new Float64Array(k * numClasses);
  const anyPredicts = new Float64Array(numClasses);
  const allPredict = new Float64Array(numClasses);
  const predictsHere = new Uint8Array(numClasses);
  let disagreements = 0;
  for (let row = 0; row < rows; row++) {
    for (let t = 0; t < k; t++) logSoftmaxRow(logits[t]!, row * numClasses, numClasses, temperature, logP, t * numClasses);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        if (i === j) continue;
        let sum = 0;
        for (let c = 0; c < numClasses; c++) {
          const lp = logP[i * numClasses + c]!;
          sum += Math.exp(lp) * (lp - logP[j * numClasses + c]!);
        }
        kl[i]![j]! += sum;
      }
    }
    predictsHere.fill(0);
    const first = predictions[0]![row]!;
    let unanimous = true;
    for (let t = 0; t < k; t++) {
      const p = predictions[t]![row]!;
      predictsHere[p] = 1;
      if (p !== first) unanimous = false;
    }
    if (!unanimous) disagreements++;
    for (let c = 0; c < numClasses; c++) if (predictsHere[c]) anyPredicts[c]!++;
    if (unanimous) allPredict[first]!++;
  }
  const pairwiseKl = kl.map((row) => Array.from(row, (sum) => (rows === 0 ? 0 : sum / rows)));
  let pairSum = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) pairSum += pairwiseKl[i]![j]!;
  const classes = Array.from(anyPredicts, (samples, c) => ({ class: c, samples, disagreement: samples === 0 ? 0 : 1 - allPredict[c]! / samples }))
    .filter((entry) => entry.samples > 0)
    .sort((a, b) => b.disagreement - a.disagreement || b.samples - a.samples)
    .slice(0, top);
  return {
    samples: rows,
    temperature,
    argmaxDisagreement: rows === 0 ? 0 : disagreements / rows,
    meanPairwiseKl: pairSum / (k * (k - 1)),
    pairwiseKl,
    classes,
  };
}
