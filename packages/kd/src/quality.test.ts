import { describe, expect, it } from 'vitest';
import { confusionMatrix, expectedCalibrationError, selectRows, softmaxRows, teacherConflicts, teacherQuality, validationRows } from './quality.ts';

// Five samples, two classes; confidence = the larger probability, bins (k/15, (k+1)/15]:
//   [0.95, 0.05] label 0  right  conf 0.95  15 * 0.95 = 14.25 -> bin 14
//   [0.04, 0.96] label 0  wrong  conf 0.96  14.4  -> bin 14
//   [0.70, 0.30] label 1  wrong  conf 0.70  10.5  -> bin 10
//   [0.62, 0.38] label 0  right  conf 0.62   9.3  -> bin 9
//   [0.45, 0.55] label 1  right  conf 0.55   8.25 -> bin 8
// bin 14: 2 samples, accuracy 1/2, mean confidence 0.955 -> |0.5 - 0.955| = 0.455
// ECE = (2 * 0.455 + |0 - 0.70| + |1 - 0.62| + |1 - 0.55|) / 5 = (0.91 + 0.70 + 0.38 + 0.45) / 5 = 0.488
const PROBS = [
  [0.95, 0.05],
  [0.04, 0.96],
  [0.7, 0.3],
  [0.62, 0.38],
  [0.45, 0.55],
];
const LABELS = Int32Array.from([0, 0, 1, 0, 1]);

describe('expectedCalibrationError', () => {
  it('matches the value worked out by hand', () => {
    expect(expectedCalibrationError(Float32Array.from(PROBS.flat()), LABELS, 2)).toBeCloseTo(0.488, 6);
  });

  it('is 0 for a teacher whose confidence equals its accuracy, and skips unlabelled rows', () => {
    // Four rows at confidence 0.75 (bin 11: 15 * 0.75 = 11.25), three of them right; the fifth row is unlabelled.
    const probs = Float32Array.from([0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.25, 0.75, 0.9, 0.1]);
    expect(expectedCalibrationError(probs, Int32Array.from([0, 0, 1, 1, -1]), 2)).toBeCloseTo(0, 6);
  });

  it('uses the bins given', () => {
    // One bin: |accuracy 3/5 - mean confidence (0.95 + 0.96 + 0.70 + 0.62 + 0.55) / 5 = 0.756| = 0.156
    expect(expectedCalibrationError(Float32Array.from(PROBS.flat()), LABELS, 2, 1)).toBeCloseTo(0.156, 6);
  });
});

describe('confusionMatrix and teacherQuality', () => {
  it('counts [true][predicted]', () => {
    const predicted = Int32Array.from([0, 1, 1, 2, 0, 2]);
    const labels = Int32Array.from([0, 0, 1, 2, 2, 2]);
    expect(confusionMatrix(predicted, labels, 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('reports accuracy, per-class accuracy (null for an absent class), ECE and the confusion matrix', () => {
    // Logits log(p) give back p under softmax: the same five samples as above, with a third class nobody has.
    const logits = Float32Array.from(PROBS.flatMap(([a, b]) => [Math.log(a!), Math.log(b!), -50]));
    const quality = teacherQuality(logits, LABELS, 3);
    expect(quality.samples).toBe(5);
    expect(quality.accuracy).toBeCloseTo(3 / 5, 9);
    // class 0: rows 0, 1, 3 -> right on 0 and 3; class 1: rows 2, 4 -> right on 4.
    expect(quality.perClassAccuracy).toEqual([expect.closeTo(2 / 3, 9), 0.5, null]);
    expect(quality.ece).toBeCloseTo(0.488, 5);
    expect(quality.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('leaves the confusion matrix out above 100 classes', () => {
    const logits = new Float32Array(101);
    expect(teacherQuality(logits, Int32Array.from([0]), 101).confusion).toBeUndefined();
  });
});

describe('softmaxRows', () => {
  it('tempers: [0, ln 3] gives [0.25, 0.75] at T = 1 and [1/(1+√3), √3/(1+√3)] at T = 2', () => {
    const logits = Float32Array.from([0, Math.log(3)]);
    expect(Array.from(softmaxRows(logits, 2))).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.75, 6)]);
    expect(Array.from(softmaxRows(logits, 2, 2))).toEqual([expect.closeTo(0.3660254, 6), expect.closeTo(0.6339746, 6)]);
  });

  it('stays finite for extreme logits', () => {
    expect(Array.from(softmaxRows(Float32Array.from([1e30, -1e30]), 2))).toEqual([1, 0]);
  });
});

describe('teacherConflicts', () => {
  it('measures pairwise KL: p = [0.5, 0.5], q = [0.25, 0.75]', () => {
    // KL(p||q) = 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3)          = 0.1438410
    // KL(q||p) = 0.25 ln(0.25/0.5) + 0.75 ln(0.75/0.5) = -0.25 ln 2 + 0.75 ln 1.5 = 0.1308120
    const conflicts = teacherConflicts([Float32Array.from([0, 0]), Float32Array.from([0, Math.log(3)])], 2, 1);
    expect(conflicts.pairwiseKl[0]![1]).toBeCloseTo(0.143841, 6);
    expect(conflicts.pairwiseKl[1]![0]).toBeCloseTo(0.130812, 6);
    expect(conflicts.pairwiseKl[0]![0]).toBe(0);
    expect(conflicts.meanPairwiseKl).toBeCloseTo((0.143841 + 0.130812) / 2, 6);
    // argmax [0, 0] -> class 0 (first of a tie), [0, ln 3] -> class 1: they disagree.
    expect(conflicts.argmaxDisagreement).toBe(1);
  });

  it('tempers before comparing: at T = 2, q = [0.3660254, 0.6339746]', () => {
    // KL(p||q) = 0.5 ln(0.5/0.3660254) + 0.5 ln(0.5/0.6339746) = 0.0372523
    const conflicts = teacherConflicts([Float32Array.from([0, 0]), Float32Array.from([0, Math.log(3)])], 2, 2);
    expect(conflicts.pairwiseKl[0]![1]).toBeCloseTo(0.0372523, 6);
    expect(conflicts.temperature).toBe(2);
  });

  it('finds the rows and classes they disagree on', () => {
    // Predictions of three teachers on four rows:
    //   t0: 0 1 2 2    t1: 0 1 2 0    t2: 0 2 2 0
    // rows 1 and 3 disagree -> 2/4.
    // class 0: predicted by some teacher on rows 0, 3; by all on row 0        -> 1 - 1/2 = 0.5
    // class 1: some on row 1; all on none                                     -> 1
    // class 2: some on rows 1, 2, 3; all on row 2                             -> 1 - 1/3
    const logitsOf = (predictions: number[]) => Float32Array.from(predictions.flatMap((p) => [0, 1, 2].map((c) => (c === p ? 5 : 0))));
    const conflicts = teacherConflicts([logitsOf([0, 1, 2, 2]), logitsOf([0, 1, 2, 0]), logitsOf([0, 2, 2, 0])], 3, 1);
    expect(conflicts.samples).toBe(4);
    expect(conflicts.argmaxDisagreement).toBe(0.5);
    expect(conflicts.classes).toEqual([
      { class: 1, samples: 1, disagreement: 1 },
      { class: 2, samples: 3, disagreement: expect.closeTo(2 / 3, 9) },
      { class: 0, samples: 2, disagreement: 0.5 },
    ]);
    expect(conflicts.pairwiseKl.length).toBe(3);
  });

  it('is all zeros for identical teachers', () => {
    const logits = Float32Array.from([1, 2, 3, 3, 2, 1]);
    const conflicts = teacherConflicts([logits, logits], 3, 4);
    expect(conflicts.argmaxDisagreement).toBe(0);
    expect(conflicts.meanPairwiseKl).toBeCloseTo(0, 12);
    expect(conflicts.classes.every((c) => c.disagreement === 0)).toBe(true);
  });
});

describe('validationRows', () => {
  const labels = Int32Array.from([-1, 0, 1, -1, 2, 0, 1, 2, 0, 1]);

  it('draws the share of labelled rows, ascending, the same for the same seed', () => {
    const rows = validationRows(labels, 0.25, 7);
    expect(rows.length).toBe(2); // 8 labelled rows * 0.25
    expect(Array.from(rows).every((row) => labels[row]! >= 0)).toBe(true);
    expect(Array.from(rows)).toEqual([...rows].sort((a, b) => a - b));
    expect(validationRows(labels, 0.25, 7)).toEqual(rows);
  });

  it('takes at least one row, and other seeds draw other rows', () => {
    expect(validationRows(labels, 0.01, 1).length).toBe(1);
    const draws = new Set([1, 2, 3, 4, 5, 6].map((seed) => Array.from(validationRows(labels, 0.25, seed)).join()));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('refuses a fraction outside (0, 1]', () => {
    expect(() => validationRows(labels, 0, 1)).toThrow(RangeError);
    expect(() => validationRows(labels, 1.5, 1)).toThrow(RangeError);
  });

  it('selectRows picks rows of a row-major array', () => {
    expect(Array.from(selectRows(Float32Array.from([0, 1, 10, 11, 20, 21]), 2, Int32Array.from([0, 2])))).toEqual([0, 1, 20, 21]);
    expect(selectRows(Int32Array.from([5, 6, 7]), 1, Int32Array.from([2]))).toEqual(Int32Array.from([7]));
  });
});
