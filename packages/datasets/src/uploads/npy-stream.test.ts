import { Readable } from 'node:stream';
import { encodeNpy } from '@distillery/storage';
import { describe, expect, it } from 'vitest';
import { dtypeOf, forEachRow, openNpy } from './npy-stream.ts';
import { float64Bytes, npyFile, rejection } from './test-helpers.ts';

const file = { name: 'train x.npy', field: '/train/x' };

/** The bytes as a stream of pieces of `size` bytes, so headers and rows straddle chunks. */
function inPieces(bytes: Uint8Array, size: number): Readable {
  return Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => Buffer.from(bytes.subarray(i * size, (i + 1) * size))));
}

async function rowsOf(bytes: Uint8Array, pieceSize: number): Promise<number[][]> {
  const npy = await openNpy(inPieces(bytes, pieceSize), file);
  const [rows, ...inputShape] = npy.header.shape;
  const out: number[][] = [];
  await forEachRow(npy, dtypeOf(npy.header, file, 'features'), inputShape.reduce((a, b) => a * b, 1), rows!, file, (_, values) => out.push(Array.from(values)));
  return out;
}

describe('streaming NPY reader', () => {
  it.each([1, 3, 7, 64, 4096])('reads rows whatever the chunk size (%i bytes)', async (size) => {
    expect(await rowsOf(npyFile('<f8', [3, 2], float64Bytes([1, 2, 3, 4, 5, 6.5])), size)).toEqual([[1, 2], [3, 4], [5, 6.5]]);
  });

  it('reads a version 2 header', async () => {
    const v1 = encodeNpy(new Float32Array([1, 2]), [1, 2]);
    const headerLength = v1[8]! | (v1[9]! << 8);
    const v2 = Buffer.concat([Buffer.from([...v1.subarray(0, 6), 2, 0]), Buffer.from(new Uint32Array([headerLength]).buffer), v1.subarray(10)]);
    expect(await rowsOf(v2, 5)).toEqual([[1, 2]]);
  });

  it('refuses a stream that ends inside the header, or that is not NPY', async () => {
    const cut = encodeNpy(new Float32Array(4), [2, 2]).subarray(0, 40);
    expect((await rejection(openNpy(inPieces(cut, 8), file))).message).toMatch(/^train x\.npy: the file ends inside its NPY header/);
    expect((await rejection(openNpy(inPieces(Buffer.from('{"x": [1]}\n'), 4), file))).message).toMatch(/^train x\.npy: not a supported NPY file: missing the/);
  });

  it('refuses data beyond what the header declares', async () => {
    const bytes = Buffer.concat([encodeNpy(new Float32Array(2), [1, 2]), Buffer.alloc(4)]);
    expect((await rejection(rowsOf(bytes, 16))).message).toBe('train x.npy: the file holds more data than the 1 rows its header declares');
  });
});
