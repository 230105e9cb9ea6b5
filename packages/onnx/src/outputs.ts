import { onnx } from './proto.ts';

/**
 * The model with more graph outputs: values it computes inside (a layer's
 * output) that ONNX Runtime then returns beside the logits. Protobuf
 * messages merge when concatenated (repeated fields append), so the model's
 * own bytes are kept as they are and only the new outputs are appended: no
 * field the schema here does not know is lost. The outputs carry no type;
 * ONNX Runtime infers it.
 */
export function withOutputs(model: Uint8Array, names: string[]): Uint8Array {
  if (names.length === 0) return model;
  const extra = onnx.ModelProto.encode({ graph: { output: names.map((name) => ({ name })) } }).finish();
  const merged = new Uint8Array(model.byteLength + extra.byteLength);
  merged.set(model);
  merged.set(extra, model.byteLength);
  return merged;
}
