import { fieldCell, invalidUpload, type UploadFile, type Where } from './errors.ts';
import { linesOf } from './lines.ts';
import { MAX_LINE_CHARS, formatShape, type FileLayout, type ReadOptions, type UploadReader } from './reader.ts';
import type { TextFiles } from './types.ts';
import { LabelProblem, describeJson, fitsFloat32, labelFromJson, valueFeatureProblem } from './values.ts';

/** How a row's object holds its features; fixed by the first row (or by the training file). */
type Features = { kind: 'array'; shape: number[] } | { kind: 'fields'; names: string[] };

/** A wrong value inside the nested `x` array: where (index path) and what. */
class ArrayProblem {
  constructor(
    readonly path: number[],
    readonly message: string,
  ) {}
}

/**
 * JSON Lines: one object per line, blank lines skipped. Features are an array field `x` (nested for
 * images: the first row's shape is the input shape) or, without `x`, every field but the label, in
 * the first row's key order; later rows must have the same fields. The label is optional per row.
 */
export const readJsonl: UploadReader = async (store, files, role, options, sink) => {
  const file: UploadFile = { name: `${role}.jsonl`, field: `/${role}` };
  const stream = await store.createReadStream((files as TextFiles).data);
  const { labelColumn, trainLayout } = options;
  const labelCell = fieldCell(labelColumn);
  const tooLong = (line: number) => invalidUpload({ file, line }, `the line is longer than ${MAX_LINE_CHARS} characters`);
  let features: Features | undefined;
  let values = new Float64Array(0);
  let row = 0;

  for await (const line of linesOf(stream, MAX_LINE_CHARS, tooLong)) {
    if (/^\s*$/.test(line.text)) continue;
    row++;
    const where: Where = { file, row, line: line.number };
    const object = parseObject(line.text, where);
    if (!features) {
      features = trainLayout ? featuresLike(trainLayout) : featuresOf(object, labelColumn, where);
      const layout: FileLayout =
        features.kind === 'array'
          ? { inputShape: features.shape, hasLabels: true }
          : { inputShape: [features.names.length], featureNames: features.names, hasLabels: true };
      values = new Float64Array(layout.inputShape.reduce((a, b) => a * b, 1));
      sink.begin(layout, { file });
    }

    const label = labelFromJson(object[labelColumn]);
    if (label instanceof LabelProblem) throw invalidUpload({ ...where, cell: labelCell }, label.message);
    sink.label(row - 1, label, { ...where, cell: labelCell });

    if (features.kind === 'array') readArray(object, features.shape, values, where, trainLayout !== undefined);
    else readFields(object, features.names, labelColumn, values, where, trainLayout !== undefined);
    sink.features(row - 1, values);
  }
};

function parseObject(text: string, where: Where): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidUpload(where, `the line is not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidUpload(where, `each line must be a JSON object such as {"x": [0.5, 1.2], "label": 1}; this one is ${describeJson(value)}`);
  }
  return value as Record<string, unknown>;
}

function featuresLike(layout: FileLayout): Features {
  return layout.featureNames ? { kind: 'fields', names: layout.featureNames } : { kind: 'array', shape: layout.inputShape };
}

/** From the first row: the shape of `x`, or its numeric fields in key order. */
function featuresOf(object: Record<string, unknown>, labelColumn: string, where: Where): Features {
  if ('x' in object && labelColumn !== 'x') {
    const shape: number[] = [];
    for (let value = object.x; Array.isArray(value); value = value[0]) shape.push(value.length);
    if (shape.length === 0) throw invalidUpload({ ...where, cell: fieldCell('x') }, `x must be an array of numbers (nested arrays for images); it is ${describeJson(object.x)}`);
    if (shape.includes(0)) throw invalidUpload({ ...where, cell: fieldCell('x') }, `x has shape ${formatShape(shape)}, which holds no values`);
    return { kind: 'array', shape };
  }
  const names = Object.keys(object).filter((name) => name !== labelColumn);
  if (names.length === 0) {
    throw invalidUpload(where, `the object has no features: put them in an array field "x", or in numeric fields beside ${JSON.stringify(labelColumn)}`);
  }
  return { kind: 'fields', names };
}

function readFields(object: Record<string, unknown>, names: string[], labelColumn: string, out: Float64Array, where: Where, againstTrain: boolean): void {
  const reference = againstTrain ? 'the training file' : 'row 1';
  for (let f = 0; f < names.length; f++) {
    const value = object[names[f]!];
    if (typeof value === 'number' && fitsFloat32(value)) {
      out[f] = value;
      continue;
    }
    const cell = fieldCell(names[f]!);
    if (value === undefined) throw invalidUpload({ ...where, cell }, `the field is missing; every row needs the fields ${reference} has`);
    const hint = where.row === 1 ? ' (every field but the label is a feature: put other data elsewhere, or the features in an array field "x")' : '';
    throw invalidUpload({ ...where, cell }, valueFeatureProblem(value) + hint);
  }
  let count = 0;
  for (const name in object) if (name !== labelColumn) count++;
  if (count !== names.length) {
    const extra = Object.keys(object).find((name) => name !== labelColumn && !names.includes(name))!;
    throw invalidUpload({ ...where, cell: fieldCell(extra) }, `${reference} has no such field; every row needs the same fields`);
  }
}

function readArray(object: Record<string, unknown>, shape: number[], out: Float64Array, where: Where, againstTrain: boolean): void {
  const cell = fieldCell('x');
  if (!('x' in object)) throw invalidUpload({ ...where, cell }, 'the field is missing; every row needs its features in "x"');
  const state: Flattening = { shape, out, offset: 0, path: [], reference: againstTrain ? 'the training file' : 'row 1' };
  try {
    flatten(object.x, 0, state);
  } catch (error) {
    if (!(error instanceof ArrayProblem)) throw error;
    const at = error.path.map((index) => `[${index}]`).join('');
    throw invalidUpload({ ...where, cell: at === '' ? cell : `${cell} at x${at}` }, error.message);
  }
}

interface Flattening {
  shape: number[];
  out: Float64Array;
  offset: number;
  /** Index of the value being read, for messages. */
  path: number[];
  /** What fixed the shape, for messages: 'row 1' or 'the training file'. */
  reference: string;
}

/** Copies a nested array of exactly `state.shape` into `state.out`, refusing ragged arrays and non-numbers. */
function flatten(value: unknown, depth: number, state: Flattening): void {
  const { shape, path } = state;
  if (depth === shape.length) {
    if (typeof value !== 'number' || !fitsFloat32(value)) throw new ArrayProblem(path, valueFeatureProblem(value));
    state.out[state.offset++] = value;
    return;
  }
  const size = shape[depth]!;
  if (!Array.isArray(value) || value.length !== size) {
    const found = Array.isArray(value) ? `has ${value.length} items` : `is ${describeJson(value)}`;
    throw new ArrayProblem(path, `${found} where ${state.reference} has ${size}; x must have shape ${formatShape(shape)} in every row`);
  }
  for (let i = 0; i < size; i++) {
    path.push(i);
    flatten(value[i], depth + 1, state);
    path.pop();
  }
}
