import { DistilleryError } from '@distillery/contracts';

export type NpyArray = Float32Array | Int32Array | Uint8Array;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy aligns the data to 64 bytes so it can be memory-mapped. */
const ALIGNMENT = 64;
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const DESCRIPTORS = [
  { descr: '<f4', names: ['<f4'], type: Float32Array },
  { descr: '<i4', names: ['<i4'], type: Int32Array },
  // One byte has no byte order; numpy writes '|u1', some tools write '<u1'.
  { descr: '|u1', names: ['|u1', '<u1', '=u1'], type: Uint8Array },
] as const;

function assertLittleEndianHost(): void {
  // The bytes are copied as they are; a big-endian host would need swapping, which nobody runs.
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error('NPY encoding needs a little-endian host.');
}

function formatShape(shape: number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The bytes of an NPY v1.0 file before its data (little-endian, C order): written ahead of the
 * array's own bytes, it lets a large array go to a stream without being copied into one buffer.
 */
export function encodeNpyHeader(array: NpyArray, shape: number[]): Uint8Array {
  assertLittleEndianHost();
  const descriptor = DESCRIPTORS.find((d) => array instanceof d.type);
  if (!descriptor) throw new Error('encodeNpy supports Float32Array, Int32Array and Uint8Array.');
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`Invalid NPY shape ${JSON.stringify(shape)}.`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== array.length) throw new Error(`Shape ${formatShape(shape)} holds ${count} values but the array has ${array.length}.`);

  const dict = `{'descr': '${descriptor.descr}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  // Magic (6) + version (2) + header length (2) + dict + padding spaces + '\n' = a multiple of 64.
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT) + '\n';
  if (header.length > 0xffff) throw new Error('NPY header too long for format version 1.0.');

  const out = new Uint8Array(10 + header.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  return out;
}

/** NPY v1.0, little-endian, C order: what numpy.save writes for float32, int32 and uint8. */
export function encodeNpy(array: NpyArray, shape: number[]): Uint8Array {
  const header = encodeNpyHeader(array, shape);
  const out = new Uint8Array(header.length + array.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), header.length);
  return out;
}

function invalidNpy(reason: string): DistilleryError {
  return new DistilleryError('invalid_request', `Not a supported NPY file: ${reason}.`);
}

/** What an NPY header says; `descr` is numpy's dtype string as written, e.g. '<f8'. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Offset of the first data byte from the start of the file. */
  dataStart: number;
}

/**
 * Parses the header at the start of `bytes`, whatever its dtype, without looking at the data.
 * Streaming readers call it on the first chunks of a file: it returns undefined while `bytes`
 * is too short to hold the whole header, and throws as soon as the bytes cannot be NPY.
 */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader | undefined {
  if (MAGIC.some((byte, i) => i < bytes.length && bytes[i] !== byte)) throw invalidNpy('missing the \\x93NUMPY magic');
  if (bytes.length < 8) return undefined;
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw invalidNpy(`format version ${major}.${bytes[7]} is unknown`);
  // Version 1 has a 2-byte header length; versions 2 and 3 a 4-byte one.
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) return undefined;
  const header = Buffer.from(bytes.subarray(8 + lengthBytes, dataStart)).toString(major === 3 ? 'utf8' : 'latin1');

  if (/'descr'\s*:\s*\[/.test(header)) throw invalidNpy('structured dtypes (records with named fields) are not supported');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortranOrder = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortranOrder === undefined || shapeText === undefined) throw invalidNpy('the header lacks descr, fortran_order or shape');
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) throw invalidNpy(`shape (${shapeText}) is not a tuple of sizes`);
  return { descr, fortranOrder: fortranOrder === 'True', shape, dataStart };
}

/** Reads NPY v1/v2/v3 files of '<f4', '<i4' or '|u1' data; the result owns a fresh buffer. */
export function decodeNpy(bytes: Uint8Array): { data: NpyArray; shape: number[] } {
  assertLittleEndianHost();
  if (bytes.length < 10) throw invalidNpy('missing the \\x93NUMPY magic');
  const header = parseNpyHeader(bytes);
  if (!header) throw invalidNpy('the header runs past the end of the file');
  const { descr, shape, dataStart } = header;

  const descriptor = DESCRIPTORS.find((d) => (d.names as readonly string[]).includes(descr));
  if (!descriptor) throw invalidNpy(`dtype '${descr}' is not one of '<f4', '<i4', '|u1'`);
  // For 0-D and 1-D arrays Fortran and C order are the same bytes.
  if (header.fortranOrder && shape.length > 1) throw invalidNpy('Fortran-ordered arrays are not supported; save with C order');

  const count = shape.reduce((a, b) => a * b, 1);
  const byteLength = count * descriptor.type.BYTES_PER_ELEMENT;
  if (bytes.length - dataStart !== byteLength) {
    throw invalidNpy(`shape ${formatShape(shape)} needs ${byteLength} data bytes but the file has ${bytes.length - dataStart}`);
  }
  // Copy: the data may sit at an offset the typed array cannot be aligned to, and callers should own it.
  const copy = new Uint8Array(byteLength);
  copy.set(bytes.subarray(dataStart));
  return { data: new descriptor.type(copy.buffer), shape };
}
