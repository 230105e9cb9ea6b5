import type { ValueBudget } from './budget.ts';
import { invalidUpload, type Where } from './errors.ts';
import type { LabelCollector } from './labels.ts';
import { formatShape, sameShape, type FileLayout, type RowSink, type SplitRole } from './reader.ts';
import type { RawLabel } from './values.ts';

/** What pass 1 learnt about one split's file. */
export interface FileScan {
  layout: FileLayout;
  rows: number;
  /** Rows with a label. */
  labelled: number;
}

/**
 * Pass 1: checks what no single row can tell — the test file against the training file, labels on
 * every test row, the value budget — and counts rows, in constant memory.
 */
export class ScanSink implements RowSink {
  private layout?: FileLayout;
  private width = 0;
  private rows = 0;
  private labelled = 0;
  private where?: Where;

  constructor(
    private readonly role: SplitRole,
    private readonly labels: LabelCollector,
    private readonly budget: ValueBudget,
    /** Says how to add labels in this format, for the message when a test file has none. */
    private readonly howToLabel: string,
    private readonly trainLayout?: FileLayout,
  ) {}

  begin(layout: FileLayout, where: Where): void {
    this.layout = layout;
    this.width = layout.inputShape.reduce((a, b) => a * b, 1);
    this.where = where;
    const train = this.trainLayout;
    if (train && !sameShape(layout.inputShape, train.inputShape)) {
      throw invalidUpload(where, `each row holds ${formatShape(layout.inputShape)} values but the training file's rows hold ${formatShape(train.inputShape)}; the test file needs the same features`);
    }
    if (this.role === 'test' && !layout.hasLabels) throw invalidUpload(where, `the file has no labels, and a test split needs a label on every row: ${this.howToLabel}`);
    // Formats that state their size up front are refused before a single value is read.
    if (layout.rows !== undefined) this.budget.take(layout.rows * this.width, where);
  }

  label(_row: number, label: RawLabel, where: Where): void {
    if (label === null) {
      if (this.role === 'test') throw invalidUpload(where, `the row has no label, and a test split needs a label on every row (or leave out the test file to split the training file by testRatio)`);
      return;
    }
    this.labels.add(label, where);
    this.labelled++;
  }

  features(row: number): void {
    this.rows = row + 1;
    if (this.layout!.rows === undefined) this.budget.take(this.width, { file: this.where!.file, row: this.rows });
  }

  result(where: Where): FileScan {
    if (!this.layout || this.rows === 0) throw invalidUpload(where, 'the file has no data rows');
    return { layout: this.layout, rows: this.rows, labelled: this.labelled };
  }
}
