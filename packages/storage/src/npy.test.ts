import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './index.ts';

function headerOf(bytes: Uint8Array): { text: string; dataStart: number } {
  const length = bytes[8]! | (bytes[9]! << 8);
  return { text: Buffer.from(bytes.subarray(10, 10 + length)).toString('latin1'), dataStart: 10 + length };
}

describe('NPY', () => {
  it.each([
    ['<f4', new Float32Array([1.5, -2.25, 3e-8, 0, 7, 8]), [2, 3]],
    ['<i4', new Int32Array([-1, 0, 2147483647, -2147483648]), [4]],
    ['|u1', new Uint8Array([0, 1, 127, 255, 9, 10, 11, 12]), [2, 2, 2]],
  ] as const)('round-trips %s', (descr, array, shape) => {
    const bytes = encodeNpy(array, [...shape]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const { text, dataStart } = headerOf(bytes);
    expect(dataStart % 64).toBe(0);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain(`'descr': '${descr}'`);
    expect(text).toContain("'fortran_order': False");
    const decoded = decodeNpy(bytes);
    expect(decoded.shape).toEqual(shape);
    expect(decoded.data).toBeInstanceOf(array.constructor);
    expect(decoded.data).toEqual(array);
  });

  it('formats shapes like numpy', () => {
    expect(headerOf(encodeNpy(new Float32Array(3), [3])).text).toContain("'shape': (3,)");
    expect(headerOf(encodeNpy(new Float32Array(6), [2, 3])).text).toContain("'shape': (2, 3)");
    expect(headerOf(encodeNpy(new Float32Array(1), [])).text).toContain("'shape': ()");
    expect(headerOf(encodeNpy(new Float32Array(0), [0, 5])).text).toContain("'shape': (0, 5)");
  });

  it('decodes a hand-written numpy file', () => {
    // What numpy.save(f, np.array([[1, 2], [3, 4]], dtype='<i4')) writes.
    const dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }";
    const header = dict.padEnd(64 - 10 - 1, ' ') + '\n';
    const bytes = Buffer.concat([
      Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length, 0]),
      Buffer.from(header, 'latin1'),
      Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]),
    ]);
    const decoded = decodeNpy(bytes);
    expect(decoded.shape).toEqual([2, 2]);
    expect(decoded.data).toEqual(new Int32Array([1, 2, 3, 4]));
  });

  it('decodes from an unaligned view', () => {
    const encoded = encodeNpy(new Float32Array([1, 2, 3]), [3]);
    const padded = new Uint8Array(encoded.length + 1);
    padded.set(encoded, 1);
    expect(decodeNpy(padded.subarray(1)).data).toEqual(new Float32Array([1, 2, 3]));
  });

  it('refuses what it cannot read', () => {
    expect(() => decodeNpy(new Uint8Array([1, 2, 3]))).toThrow(/magic/);
    const big = Buffer.from(encodeNpy(new Float32Array([1]), [1]));
    big.write("'>f4'", big.indexOf("'<f4'"), 'latin1');
    expect(() => decodeNpy(big)).toThrow(/'>f4'/);
    const truncated = encodeNpy(new Float32Array([1, 2]), [2]).subarray(0, -4);
    expect(() => decodeNpy(truncated)).toThrow(/data bytes/);
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values/);
  });
});
