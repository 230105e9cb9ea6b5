import { distillationExamples, methodModule, rowSize, selectRows, type LabelledSet, type MethodExamples, type ResolvedMethod } from '@distillery/kd';

export interface StudentData {
  /** The labelled dataset's training split (label -1 on unlabelled rows). */
  labelled: LabelledSet;
  /** The transfer set's training split, when it is a separate dataset. */
  transfer?: { x: Float32Array; count: number } | undefined;
  inputShape: number[];
  numClasses: number;
  /** Aggregated teacher targets on the transfer rows (on the labelled rows without a transfer set). */
  softTargets: Float32Array;
  /** Train on these labelled rows only (a sweep holds its validation slice out), ascending. */
  keep?: Int32Array;
}

/**
 * The student's training examples, as its method makes them (kept
 * pseudo-labels, or every row with its soft target), with `sourceRows`
 * mapping each example back to the job's full training rows (the dataset's
 * split, then the transfer set's), where precomputed teacher outputs are.
 */
export function studentExamples(method: ResolvedMethod, data: StudentData): MethodExamples {
  const { keep, transfer, inputShape, numClasses } = data;
  let { labelled, softTargets } = data;
  let base: Int32Array | undefined;
  if (keep) {
    labelled = { x: selectRows(labelled.x, rowSize(inputShape), keep), count: keep.length, labels: selectRows(labelled.labels, 1, keep) };
    if (transfer) {
      const datasetRows = data.labelled.count;
      base = Int32Array.from({ length: keep.length + transfer.count }, (_, i) => (i < keep.length ? keep[i]! : datasetRows + i - keep.length));
    } else {
      // Without a transfer set the teachers labelled the labelled rows themselves: their targets leave with them.
      softTargets = selectRows(softTargets, numClasses, keep);
      base = keep;
    }
  }
  const input = { labelled, ...(transfer ? { transfer } : {}), inputShape, numClasses, softTargets };
  const made = methodModule(method.kind).examples?.(method, input) ?? { examples: distillationExamples(input) };
  if (base) {
    const toJobRows = base;
    const own = made.examples.sourceRows;
    made.examples.sourceRows = own ? own.map((row) => toJobRows[row]!) : toJobRows;
  }
  return made;
}
