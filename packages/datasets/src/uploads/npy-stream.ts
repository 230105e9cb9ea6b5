import type { Readable } from 'node:stream';
import { isDistilleryError } from '@distillery/contracts';
import { parseNpyHeader, type NpyHeader } from '@distillery/storage';
import { invalidUpload, type UploadFile } from './errors.ts';

/** Real headers are a few hundred bytes; past this the file is not NPY, and it is not buffered further. */
const MAX_HEADER_BYTES = 1 << 20;

export interface NpyDtype {
  /** numpy's name for it, for messages. */
  name: string;
  bytes: number;
  integer: boolean;
  read(view: DataView, offset: number): number;
}

/** The dtypes an upload may hold, by NPY descr. All little-endian: what numpy writes on every common machine. */
const READABLE: Record<string, NpyDtype> = {
  '<f4': { name: 'float32', bytes: 4, integer: false, read: (view, offset) => view.getFloat32(offset, true) },
  '<f8': { name: 'float64', bytes: 8, integer: false, read: (view, offset) => view.getFloat64(offset, true) },
  '|u1': { name: 'uint8', bytes: 1, integer: true, read: (view, offset) => view.getUint8(offset) },
  '<i4': { name: 'int32', bytes: 4, integer: true, read: (view, offset) => view.getInt32(offset, true) },
  // Two 32-bit halves: exact up to 2^53, and far cheaper than BigInt per value.
  '<i8': { name: 'int64', bytes: 8, integer: true, read: (view, offset) => view.getInt32(offset + 4, true) * 2 ** 32 + view.getUint32(offset, true) },
};
READABLE['<u1'] = READABLE['|u1']!;
// numpy stores a bool as one byte, 0 or 1: what split masks usually are.
READABLE['|b1'] = { name: 'bool', bytes: 1, integer: true, read: (view, offset) => view.getUint8(offset) };

const TYPE_NAMES: Record<string, string> = {
  b1: 'bool', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32', i8: 'int64', u8: 'uint64',
  f2: 'float16', f4: 'float32', f8: 'float64', f16: 'float128', c8: 'complex64', c16: 'complex128',
};

/** 'float16' for '<f2', 'unicode strings' for '<U5': numpy's own words, so users recognise the dtype. */
function dtypeName(descr: string): string {
  const code = descr.replace(/^[<>|=]/, '');
  if (TYPE_NAMES[code]) return TYPE_NAMES[code];
  if (code.startsWith('U')) return 'unicode strings';
  if (code.startsWith('S') || code.startsWith('a')) return 'byte strings';
  if (code.startsWith('O')) return 'Python objects';
  if (code.startsWith('M') || code.startsWith('m')) return 'dates or times';
  return 'an unknown dtype';
}

/** The reader for a header's dtype, or an error that names the dtype and what to save instead. */
export function dtypeOf(header: NpyHeader, file: UploadFile, allowed: 'features' | 'labels'): NpyDtype {
  const { descr } = header;
  // '>u1' is fine: one byte has no order.
  if (descr.startsWith('>') && descr !== '>u1' && READABLE[`<${descr.slice(1)}`]) {
    throw invalidUpload({ file }, `the data is big-endian (${dtypeName(descr)}, '${descr}'); save it little-endian, e.g. np.save(path, a.astype('<${descr.slice(1)}'))`);
  }
  const dtype = READABLE[descr] ?? (descr === '>u1' || descr === '=u1' ? READABLE['|u1'] : undefined);
  if (allowed === 'labels') {
    if (!dtype?.integer) throw invalidUpload({ file }, `the labels have dtype ${dtypeName(descr)} ('${descr}'); they must be integers (-1 for unlabelled rows): save y.astype('int64')`);
  } else if (!dtype) {
    throw invalidUpload({ file }, `dtype ${dtypeName(descr)} ('${descr}') is not supported; use float32, float64, bool, uint8, int32 or int64`);
  }
  return dtype;
}

/** An NPY file whose header has been read; its data is streamed next, once. */
export interface OpenNpy {
  header: NpyHeader;
  data(): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** Reads just enough of the stream for the header. Call `close` when done, also after a failure. */
export async function openNpy(stream: Readable, file: UploadFile): Promise<OpenNpy> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const close = async () => {
    await chunks.return?.();
  };
  let buffered: Buffer = Buffer.alloc(0);
  try {
    for (;;) {
      const header = parseNpyHeader(buffered);
      if (header) {
        const rest = buffered.subarray(header.dataStart);
        return { header, data: () => dataAfter(rest, chunks), close };
      }
      if (buffered.length > MAX_HEADER_BYTES) throw invalidUpload({ file }, `no NPY header within the first ${MAX_HEADER_BYTES} bytes; is this an NPY file?`);
      const next = await chunks.next();
      if (next.done) throw invalidUpload({ file }, `the file ends inside its NPY header (${buffered.length} bytes); is this an NPY file?`);
      buffered = Buffer.concat([buffered, next.value]);
    }
  } catch (error) {
    await close();
    // parseNpyHeader's own errors name no file: say which one.
    if (isDistilleryError(error) && error.code === 'invalid_request') throw invalidUpload({ file }, error.message.replace(/^Not/, 'not'));
    throw error;
  }
}

async function* dataAfter(first: Uint8Array, rest: AsyncIterator<Buffer>): AsyncIterable<Uint8Array> {
  if (first.length > 0) yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Streams the data of an NPY file as rows of `rowLength` values converted to numbers, checking
 * that the file holds exactly `rows` rows. `values` is reused from one row to the next.
 */
export async function forEachRow(npy: OpenNpy, dtype: NpyDtype, rowLength: number, rows: number, file: UploadFile, onRow: (row: number, values: Float64Array) => void): Promise<void> {
  const rowBytes = rowLength * dtype.bytes;
  const staging = new Uint8Array(rowBytes);
  const view = new DataView(staging.buffer);
  const values = new Float64Array(rowLength);
  let filled = 0;
  let row = 0;
  for await (const chunk of npy.data()) {
    for (let at = 0; at < chunk.length; ) {
      if (row === rows) throw invalidUpload({ file }, `the file holds more data than the ${rows} rows its header declares`);
      const take = Math.min(rowBytes - filled, chunk.length - at);
      staging.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled < rowBytes) continue;
      for (let i = 0; i < rowLength; i++) values[i] = dtype.read(view, i * dtype.bytes);
      onRow(row++, values);
      filled = 0;
    }
  }
  if (row !== rows || filled !== 0) throw invalidUpload({ file }, `the file is truncated: its header declares ${rows} rows but the data ends after ${row}`);
}

/** Copies the data of an NPY file into `target` byte for byte: how canonical files are loaded back. */
export async function readDataInto(npy: OpenNpy, target: Uint8Array, key: string): Promise<void> {
  let filled = 0;
  for await (const chunk of npy.data()) {
    if (filled + chunk.length > target.length) throw new Error(`${key} holds more data than its header declares.`);
    target.set(chunk, filled);
    filled += chunk.length;
  }
  if (filled !== target.length) throw new Error(`${key} is truncated: ${filled} of ${target.length} data bytes.`);
}
