import onnxProto from 'onnx-proto';

/**
 * The ONNX protobuf schema (onnx-proto: the messages of onnx.proto compiled
 * with protobufjs). Decoding drops fields the schema does not know, so a
 * model the service received is never re-encoded from its decoded form:
 * what changes it (outputs.ts) appends bytes instead.
 */
export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

export const DataType = onnx.TensorProto.DataType;

/** ONNX's element types by their onnx.proto number, as ONNX Runtime names them. */
export function elementTypeName(type: number): string {
  return (onnx.TensorProto.DataType[type] ?? `type ${type}`).toLowerCase();
}

/** protobufjs reads int64 fields as Long objects where the long package is present. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
