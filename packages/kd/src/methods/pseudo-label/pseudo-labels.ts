/**
 * Hard pseudo-labels for semi-supervised distillation: the teachers' argmax on
 * an unlabelled row, kept only where their probability of it reaches a
 * threshold. Kept labels become one-hot targets, and the KD term at T = 1 on a
 * one-hot target is exactly the cross-entropy on the pseudo-label
 * (KL(e_y || q) = -log q_y), so the training loop needs no second loss.
 */
export interface PseudoLabels {
  /** Rows that keep a pseudo-label, ascending. */
  rows: Int32Array;
  /** One-hot targets of the kept rows, [rows.length, numClasses]. */
  targets: Float32Array;
  /** Kept pseudo-labels per class. */
  classCounts: number[];
}

/** `probs`: the aggregated teachers' probabilities at temperature 1, [n, numClasses]. */
export function hardPseudoLabels(probs: Float32Array, numClasses: number, threshold: number): PseudoLabels {
  const n = probs.length / numClasses;
  const kept: number[] = [];
  const labels: number[] = [];
  for (let row = 0; row < n; row++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probs[row * numClasses + c]! > probs[row * numClasses + best]!) best = c;
    if (probs[row * numClasses + best]! >= threshold) {
      kept.push(row);
      labels.push(best);
    }
  }
  const targets = new Float32Array(kept.length * numClasses);
  const classCounts = new Array<number>(numClasses).fill(0);
  labels.forEach((label, i) => {
    targets[i * numClasses + label] = 1;
    classCounts[label]!++;
  });
  return { rows: Int32Array.from(kept), targets, classCounts };
}
