import { invalidUpload, npyUploadFile, type UploadFile, type Where } from './errors.ts';
import { dtypeOf, forEachRow, openNpy, type OpenNpy } from './npy-stream.ts';
import { formatShape, type RowSink, type SplitRole, type UploadReader } from './reader.ts';
import type { NpyFiles } from './types.ts';
import { MAX_CLASSES, fitsFloat32, valueFeatureProblem } from './values.ts';

/**
 * NPY: x.npy of shape (rows, ...inputShape) in float32/float64/uint8/int32/int64, converted to
 * float32 as is (no scaling); optional y.npy of integer labels, shape (rows,), -1 = unlabelled.
 * The labels are streamed first, so the sink can route each row before its features arrive.
 */
export const readNpy: UploadReader = async (store, files, role, _options, sink) => {
  const { x: xKey, y: yKey } = files as NpyFiles;
  const xFile = npyUploadFile(role, 'x');
  const yFile = npyUploadFile(role, 'y');
  const opened: OpenNpy[] = [];
  try {
    const x = await openNpy(await store.createReadStream(xKey), xFile);
    opened.push(x);
    const xType = dtypeOf(x.header, xFile, 'features');
    const [rows, ...inputShape] = checkFeatureShape(x, xFile);
    const width = inputShape.reduce((a, b) => a * b, 1);

    const y = yKey === undefined ? undefined : await openNpy(await store.createReadStream(yKey), yFile);
    if (y) opened.push(y);
    sink.begin({ inputShape, hasLabels: y !== undefined, rows }, { file: xFile });

    if (y) {
      const yType = dtypeOf(y.header, yFile, 'labels');
      checkLabelShape(y, rows, yFile, role);
      await forEachRow(y, yType, 1, rows, yFile, (row, values) => readLabel(row, values[0]!, yFile, sink));
    }
    await forEachRow(x, xType, width, rows, xFile, (row, values) => {
      for (let i = 0; i < width; i++) {
        if (!fitsFloat32(values[i]!)) throw invalidUpload({ file: xFile, row: row + 1, cell: numpyIndex(row, i, inputShape) }, valueFeatureProblem(values[i]));
      }
      sink.features(row, values);
    });
  } finally {
    for (const file of opened) await file.close();
  }
};

/** (rows, ...inputShape) with at least one value per row, in C order. */
function checkFeatureShape({ header }: OpenNpy, file: UploadFile): [number, ...number[]] {
  const { shape } = header;
  if (header.fortranOrder && shape.length > 1) {
    throw invalidUpload({ file }, 'the array is saved in Fortran order; save a C-ordered copy: np.save(path, np.ascontiguousarray(x))');
  }
  if (shape.length < 2) {
    throw invalidUpload({ file }, `the array has shape ${formatShape(shape)}; x.npy needs one row per sample, shape (rows, features) or (rows, height, width, ...): reshape it, e.g. x.reshape(-1, 1)`);
  }
  if (shape.slice(1).includes(0)) throw invalidUpload({ file }, `the array has shape ${formatShape(shape)}: its rows hold no values`);
  return shape as [number, ...number[]];
}

function checkLabelShape({ header }: OpenNpy, rows: number, file: UploadFile, role: SplitRole): void {
  const { shape } = header;
  if (shape.length !== 1) throw invalidUpload({ file }, `the labels have shape ${formatShape(shape)}; y.npy needs shape (rows,): save y.reshape(-1)`);
  if (shape[0] !== rows) {
    throw invalidUpload({ file }, `it has ${shape[0]} labels but ${role} x.npy has ${rows} rows; give one label per row, -1 for an unlabelled row`);
  }
}

function readLabel(row: number, value: number, file: UploadFile, sink: RowSink): void {
  const where: Where = { file, row: row + 1 };
  if (value === -1) return sink.label(row, null, where);
  if (value < -1) throw invalidUpload(where, `label ${value} is negative; labels are class indices 0, 1, 2, ..., and -1 marks an unlabelled row`);
  if (value >= MAX_CLASSES) throw invalidUpload(where, `label ${value} is above ${MAX_CLASSES - 1}, the largest class index allowed`);
  sink.label(row, value, where);
}

/** numpy's own index of a value, 'x[16, 3]', so users can look it up as they would in Python. */
function numpyIndex(row: number, offset: number, inputShape: number[]): string {
  const index: number[] = [];
  for (let axis = inputShape.length - 1; axis >= 0; axis--) {
    index.unshift(offset % inputShape[axis]!);
    offset = Math.floor(offset / inputShape[axis]!);
  }
  return `x[${[row, ...index].join(', ')}]`;
}
