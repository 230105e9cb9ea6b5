import { encodeNpy } from '@distillery/storage';
import { describe, expect, it } from 'vitest';
import { ingestUpload, loadUploaded, type NpyFiles } from '../index.ts';
import { float64Bytes, int64Bytes, npyFile, rejection, useTempStore } from './test-helpers.ts';

describe('NPY uploads', () => {
  const store = useTempStore();

  /** Puts train (and test) x/y files and ingests them. */
  async function ingestNpy(train: { x: Uint8Array; y?: Uint8Array }, test?: { x: Uint8Array; y?: Uint8Array }, testRatio?: number) {
    const put = async (role: string, files: { x: Uint8Array; y?: Uint8Array }): Promise<NpyFiles> => {
      await store().put(`uploads/ds/${role}-x.npy`, files.x);
      if (files.y) await store().put(`uploads/ds/${role}-y.npy`, files.y);
      return files.y ? { x: `uploads/ds/${role}-x.npy`, y: `uploads/ds/${role}-y.npy` } : { x: `uploads/ds/${role}-x.npy` };
    };
    return ingestUpload(store(), {
      format: 'npy',
      prefix: 'datasets/ds',
      train: await put('train', train),
      ...(test ? { test: await put('test', test) } : {}),
      ...(testRatio !== undefined ? { testRatio } : {}),
    });
  }

  const values = [0, 1.5, -2, 255, 3, 4, 5, 6];
  it.each([
    ['float32', encodeNpy(new Float32Array(values), [2, 2, 2])],
    ['float64', npyFile('<f8', [2, 2, 2], float64Bytes(values))],
    ['int32', encodeNpy(new Int32Array([0, 1, -2, 255, 3, 4, 5, 6]), [2, 2, 2])],
    ['int64', npyFile('<i8', [2, 2, 2], int64Bytes([0, 1, -2, 255, 3, 4, 5, -6]))],
    ['uint8', encodeNpy(new Uint8Array([0, 1, 2, 255, 3, 4, 5, 6]), [2, 2, 2])],
  ])('converts %s features to float32 without scaling', async (dtype, x) => {
    const ingested = await ingestNpy({ x, y: encodeNpy(new Int32Array([1, -1]), [2]) }, undefined, 0);
    expect(ingested).toMatchObject({ inputShape: [2, 2], numClasses: 2, labelledCount: { train: 1, test: 0 }, classCounts: [0, 1] });
    const loaded = await loadUploaded(store(), 'datasets/ds');
    const expected = { float32: values, float64: values, int32: [0, 1, -2, 255, 3, 4, 5, 6], int64: [0, 1, -2, 255, 3, 4, 5, -6], uint8: [0, 1, 2, 255, 3, 4, 5, 6] }[dtype]!;
    expect(loaded.train.x).toEqual(new Float32Array(expected));
    expect(loaded.train.y).toEqual(new Int32Array([1, -1]));
  });

  it('reads int64 and uint8 labels, and stores no labels without y.npy', async () => {
    const x = encodeNpy(new Float32Array(6), [3, 2]);
    expect(await ingestNpy({ x, y: npyFile('<i8', [3], int64Bytes([2, 0, -1])) }, undefined, 0)).toMatchObject({ numClasses: 3, classCounts: [1, 0, 1] });
    expect(await ingestNpy({ x, y: encodeNpy(new Uint8Array([4, 0, 4]), [3]) }, undefined, 0)).toMatchObject({ numClasses: 5, classCounts: [1, 0, 0, 0, 2] });
    const unlabelled = await ingestNpy({ x });
    expect(unlabelled).toMatchObject({ numClasses: 0, splits: { train: 3, test: 0 }, files: ['datasets/ds/train-x.npy'] });
  });

  it('takes a given test split', async () => {
    const ingested = await ingestNpy(
      { x: encodeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]), y: encodeNpy(new Int32Array([0, 1]), [2]) },
      { x: encodeNpy(new Float32Array([5, 6]), [1, 2]), y: encodeNpy(new Int32Array([1]), [1]) },
    );
    expect(ingested.splits).toEqual({ train: 2, test: 1 });
    const loaded = await loadUploaded(store(), ingested.files);
    expect(loaded.test).toEqual({ x: new Float32Array([5, 6]), y: new Int32Array([1]), count: 1 });
  });

  const x2 = encodeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
  it.each([
    ['big-endian x', { x: npyFile('>f4', [1, 1], new Uint8Array(4)) }, '/x', /^train x\.npy: the data is big-endian \(float32, '>f4'\); save it little-endian/],
    ['Fortran order', { x: npyFile('<f4', [2, 2], new Uint8Array(16), { fortranOrder: true }) }, '/x', /^train x\.npy: the array is saved in Fortran order; save a C-ordered copy/],
    ['float16 x', { x: npyFile('<f2', [2, 2], new Uint8Array(8)) }, '/x', /^train x\.npy: dtype float16 \('<f2'\) is not supported; use float32, float64, bool, uint8, int32 or int64$/],
    ['strings', { x: npyFile('<U3', [2, 2], new Uint8Array(48)) }, '/x', /dtype unicode strings \('<U3'\) is not supported/],
    ['one-dimensional x', { x: encodeNpy(new Float32Array(3), [3]) }, '/x', /has shape \(3,\); x\.npy needs one row per sample/],
    ['no rows', { x: encodeNpy(new Float32Array(0), [0, 4]) }, '/x', /^train x\.npy: the file has no data rows$/],
    ['NaN', { x: encodeNpy(new Float32Array([1, 2, 3, NaN]), [2, 2]) }, '/x', /^train x\.npy row 2, x\[1, 1\]: the value is NaN/],
    ['Infinity in float64', { x: npyFile('<f8', [1, 2, 2], float64Bytes([0, 0, -Infinity, 0])) }, '/x', /^train x\.npy row 1, x\[0, 1, 0\]: the value is -Infinity/],
    ['float64 beyond float32', { x: npyFile('<f8', [1, 1], float64Bytes([1e300])) }, '/x', /row 1, x\[0, 0\]: 1e\+300 is too large for float32/],
    ['truncated data', { x: x2.subarray(0, x2.length - 4) }, '/x', /^train x\.npy: the file is truncated: its header declares 2 rows but the data ends after 1$/],
    ['not NPY', { x: Buffer.from('sepal_length,label\n') }, '/x', /^train x\.npy: not a supported NPY file: missing the \\x93NUMPY magic/],
    ['y rows', { x: encodeNpy(new Float32Array(100), [100, 1]), y: encodeNpy(new Int32Array(99), [99]) }, '/y', /^train y\.npy: it has 99 labels but train x\.npy has 100 rows/],
    ['float y', { x: x2, y: npyFile('<f8', [2], float64Bytes([0, 1])) }, '/y', /^train y\.npy: the labels have dtype float64 \('<f8'\); they must be integers/],
    ['2-D y', { x: x2, y: encodeNpy(new Int32Array(2), [2, 1]) }, '/y', /the labels have shape \(2, 1\); y\.npy needs shape \(rows,\)/],
    ['label below -1', { x: x2, y: encodeNpy(new Int32Array([0, -2]), [2]) }, '/y', /^train y\.npy row 2: label -2 is negative; .* -1 marks an unlabelled row$/],
  ])('refuses %s', async (_name, train, field, message) => {
    const error = await rejection(ingestNpy(train));
    expect(error.code).toBe('invalid_upload');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('refuses a test split whose rows differ from train, or that has no labels', async () => {
    const train = { x: x2, y: encodeNpy(new Int32Array([0, 1]), [2]) };
    const shape = await rejection(ingestNpy(train, { x: encodeNpy(new Float32Array(3), [1, 3]), y: encodeNpy(new Int32Array(1), [1]) }));
    expect(shape.message).toMatch(/^test x\.npy: each row holds \(3,\) values but the training file's rows hold \(2,\)/);
    const noY = await rejection(ingestNpy(train, { x: x2 }));
    expect(noY.message).toBe('test x.npy: the file has no labels, and a test split needs a label on every row: upload test y.npy beside test x.npy');
    const unlabelledRow = await rejection(ingestNpy(train, { x: x2, y: encodeNpy(new Int32Array([1, -1]), [2]) }));
    expect(unlabelledRow.message).toMatch(/^test y\.npy row 2: the row has no label, and a test split needs a label/);
    expect([shape.field, noY.field, unlabelledRow.field]).toEqual(['/testX', '/testX', '/testY']);
  });
});
