import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { isDistilleryError } from '@distillery/contracts';
import { columnCell, invalidUpload, type UploadFile, type Where } from './errors.ts';
import { MAX_LINE_CHARS, type FileLayout, type ReadOptions, type RowSink, type UploadReader } from './reader.ts';
import type { TextFiles } from './types.ts';
import { LabelProblem, labelFromText, parseFeatureText, textFeatureProblem } from './values.ts';

interface CsvHeader {
  /** Number of columns every row must have. */
  width: number;
  labelIndex: number;
  /** How messages name the label column. */
  labelCell: string;
  /** Column index of each feature, in the order features are stored. */
  featureIndices: number[];
  layout: FileLayout;
}

/**
 * CSV with a header line. The label column is optional; every other column is a numeric feature.
 * csv-parse streams the records; line numbers are counted here (a quoted value may span lines),
 * because csv-parse's per-record `info` doubles the parsing time.
 */
export const readCsv: UploadReader = async (store, files, role, options, sink) => {
  const file: UploadFile = { name: `${role}.csv`, field: `/${role}` };
  const rows = new CsvRows(file, options, sink);
  const source = await store.createReadStream((files as TextFiles).data);
  // Rows of the wrong width are let through and refused by CsvRows, with a message that counts columns.
  const parser = parse({ bom: true, relax_column_count: true, max_record_size: MAX_LINE_CHARS });
  // pipeline() may reject with the AbortError of tearing the streams down rather than with the
  // error the consumer threw, so that error is kept aside and preferred.
  let thrown: unknown;
  try {
    await pipeline(source, parser, async (records: AsyncIterable<string[]>) => {
      try {
        for await (const record of records) rows.take(record);
      } catch (error) {
        thrown = error;
        throw error;
      }
    });
  } catch (error) {
    throw asUploadError(thrown ?? error, file);
  }
  if (!rows.sawHeader) throw invalidUpload({ file }, 'the file is empty; the first line must be a header naming the columns');
};

/** Turns CSV records into rows for the sink: the header first, then one data row per record. */
class CsvRows {
  private header?: CsvHeader;
  private values = new Float64Array(0);
  private line = 0;
  private row = 0;

  constructor(
    private readonly file: UploadFile,
    private readonly options: ReadOptions,
    private readonly sink: RowSink,
  ) {}

  get sawHeader(): boolean {
    return this.header !== undefined;
  }

  take(record: string[]): void {
    const first = this.line + 1;
    this.line = first + newlinesIn(record);
    if (record.length === 1 && record[0]!.trim() === '') return; // a blank line
    if (!this.header) {
      this.header = readHeader(record, { file: this.file, line: first }, this.options);
      this.values = new Float64Array(this.header.featureIndices.length);
      this.sink.begin(this.header.layout, { file: this.file });
      return;
    }
    const { width, labelIndex, labelCell, featureIndices, layout } = this.header;
    const row = ++this.row;
    const file = this.file;
    if (record.length !== width) throw invalidUpload({ file, row, line: first }, `the row has ${record.length} values where the header has ${width} columns`);
    if (labelIndex >= 0) {
      const labelWhere: Where = { file, row, line: first, cell: labelCell };
      const label = labelFromText(record[labelIndex]!);
      if (label instanceof LabelProblem) throw invalidUpload(labelWhere, label.message);
      this.sink.label(row - 1, label, labelWhere);
    }
    for (let f = 0; f < featureIndices.length; f++) {
      const text = record[featureIndices[f]!]!;
      const value = parseFeatureText(text);
      if (Number.isNaN(value)) throw invalidUpload({ file, row, line: first, cell: columnCell(layout.featureNames![f]!) }, textFeatureProblem(text));
      this.values[f] = value;
    }
    this.sink.features(row - 1, this.values);
  }
}

function newlinesIn(record: string[]): number {
  let count = 0;
  for (const value of record) {
    for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) count++;
  }
  return count;
}

function readHeader(record: string[], where: Where, options: ReadOptions): CsvHeader {
  const names = record.map((name) => name.trim());
  names.forEach((name, index) => {
    if (name === '') throw invalidUpload(where, `column ${index + 1} of the header has no name; the first line must name every column`);
    if (names.indexOf(name) !== index) throw invalidUpload(where, `the header names column ${JSON.stringify(name)} twice`);
  });
  if (names.length === 1 && /[;\t|]/.test(names[0]!)) {
    throw invalidUpload(where, `the header is one column, ${JSON.stringify(names[0])}; values must be separated by commas`);
  }
  const { labelColumn, labelColumnGiven, trainLayout } = options;
  const labelIndex = names.indexOf(labelColumn);
  if (labelIndex < 0 && labelColumnGiven) {
    throw invalidUpload(where, `the header has no column ${JSON.stringify(labelColumn)} (the label column the request names); its columns are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  const featureNames = names.filter((_, index) => index !== labelIndex);
  if (featureNames.length === 0) {
    throw invalidUpload(where, `there is no feature column, only the label column ${JSON.stringify(labelColumn)}`);
  }
  // The test file may order its columns differently: features are matched to the training file by name.
  const order = trainLayout?.featureNames ?? featureNames;
  if (trainLayout) {
    for (const name of order) {
      if (!featureNames.includes(name)) throw invalidUpload(where, `the header has no column ${JSON.stringify(name)}, which the training file has; a test file needs the same feature columns`);
    }
    const extra = featureNames.find((name) => !order.includes(name));
    if (extra !== undefined) throw invalidUpload(where, `the header has a column ${JSON.stringify(extra)} that the training file lacks; a test file needs the same feature columns`);
  }
  return {
    width: names.length,
    labelIndex,
    labelCell: columnCell(labelColumn),
    featureIndices: order.map((name) => names.indexOf(name)),
    layout: { inputShape: [order.length], featureNames: order, hasLabels: labelIndex >= 0 },
  };
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed; every " that opens a value needs one that closes it',
  CSV_INVALID_CLOSING_QUOTE: 'a quote (") is followed by more text; quote the whole value, and write a quote inside it as ""',
  INVALID_OPENING_QUOTE: 'a quote (") appears inside an unquoted value; quote the whole value, and write a quote inside it as ""',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quote (") is followed by more text; quote the whole value, and write a quote inside it as ""',
  CSV_MAX_RECORD_SIZE: `a row is longer than ${MAX_LINE_CHARS} characters`,
};

/** Our own errors pass through; csv-parse's become invalid_upload naming the line; I/O errors stay as they are. */
function asUploadError(error: unknown, file: UploadFile): unknown {
  if (isDistilleryError(error)) return error;
  const { code, lines } = error as { code?: unknown; lines?: unknown };
  if (typeof code === 'string' && (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE')) {
    const line = typeof lines === 'number' ? lines : undefined;
    return invalidUpload({ file, line }, `malformed CSV: ${CSV_PROBLEMS[code] ?? (error as Error).message}`);
  }
  return error;
}
