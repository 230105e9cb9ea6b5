import { invalidUpload, type UploadFile } from './errors.ts';
import type { ClassMap } from './labels.ts';
import type { RowSink } from './reader.ts';
import type { RawLabel } from './values.ts';

/** One split's samples, in arrays of exactly its size. */
export interface SplitArrays {
  x: Float32Array;
  /** Class index per row, -1 for unlabelled. */
  y: Int32Array;
  rows: number;
  labelled: number;
}

export function allocateSplit(rows: number, width: number): SplitArrays {
  return { x: new Float32Array(rows * width), y: new Int32Array(rows).fill(-1), rows, labelled: 0 };
}

type SplitName = 'train' | 'test';

/** Where a file's rows go: all to one split, or (a split by ratio) the labelled rows `testPicks` marks to test. */
export type Routing = { kind: 'whole'; split: SplitName } | { kind: 'picks'; testPicks: Uint8Array; rows: number };

/**
 * Pass 2: copies each row of a file into its split. Under a split by ratio a row's place is fixed
 * when its label arrives, which readers deliver before its features (for NPY, all labels first).
 */
export class FillSink implements RowSink {
  private readonly next = { train: 0, test: 0 };
  /** Split by ratio only: each row's index in train (>= 0) or in test (-1 - index). */
  private readonly places?: Int32Array;
  private labelledSeen = 0;
  private rowsSeen = 0;

  constructor(
    private readonly targets: Record<SplitName, SplitArrays>,
    private readonly width: number,
    private readonly classes: ClassMap,
    private readonly routing: Routing,
  ) {
    if (routing.kind === 'picks') this.places = new Int32Array(routing.rows);
  }

  begin(): void {}

  label(row: number, label: RawLabel): void {
    const [split, index] = this.routing.kind === 'whole' ? [this.routing.split, row] : this.place(row, label !== null, this.routing.testPicks);
    const target = this.targets[split];
    target.y[index] = this.classes.indexOf(label);
    if (label !== null) target.labelled++;
  }

  features(row: number, values: Float64Array): void {
    const [split, index] = this.routing.kind === 'whole' ? [this.routing.split, row] : this.placed(row);
    // Float64 to float32 on copy, rounding to nearest.
    this.targets[split].x.set(values, index * this.width);
    this.rowsSeen = row + 1;
  }

  /**
   * Pass 2 must meet exactly the rows pass 1 counted; anything else means the raw file changed
   * between the two reads, and the arrays would be partly empty.
   */
  assertComplete(rows: number, file: UploadFile): void {
    const placed = this.routing.kind === 'whole' ? this.rowsSeen : this.next.train + this.next.test;
    if (this.rowsSeen !== rows || placed !== rows) throw invalidUpload({ file }, 'the file changed while it was being read; upload it again');
  }

  private place(row: number, labelled: boolean, testPicks: Uint8Array): [SplitName, number] {
    const split: SplitName = labelled && testPicks[this.labelledSeen++] === 1 ? 'test' : 'train';
    const index = this.next[split]++;
    this.places![row] = split === 'test' ? -1 - index : index;
    return [split, index];
  }

  private placed(row: number): [SplitName, number] {
    const place = this.places![row]!;
    return place < 0 ? ['test', -1 - place] : ['train', place];
  }
}
