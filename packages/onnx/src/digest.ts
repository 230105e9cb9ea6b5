import { createHash } from 'node:crypto';

/**
 * A model's digest over its files in order (model.onnx, then its external
 * data as the graph names it): sha256 of each file's name, byte length and
 * bytes. The lengths matter: a protobuf has no end marker, so bare
 * concatenation would give the same digest to a model whose tail had moved
 * into its external-data file.
 */
export function onnxDigest(files: { name: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const header = Buffer.alloc(8);
    header.writeBigUInt64BE(BigInt(file.bytes.byteLength));
    hash.update(file.name).update('\0').update(header).update(file.bytes);
  }
  return hash.digest('hex');
}
