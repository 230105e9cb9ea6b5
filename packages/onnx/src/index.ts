export { describeOnnxModel, invalidOnnx, matchExternalFiles, MODEL_ONNX, teacherInput, type Dimension, type GraphValue, type OnnxDescription } from './describe.ts';
export { onnxDigest } from './digest.ts';
export { nchwToNhwc, nhwcToNchw, serviceOutputShape } from './layout.ts';
export { withOutputs } from './outputs.ts';
export { probeOnnxModel, type OnnxProbeOptions, type ProbedOnnxModel } from './probe.ts';
export { modelInputDims, openOnnxTeacher, openSession, type OnnxFiles, type OnnxTeacherSpec, type SessionOptions } from './session.ts';
export { DataType, onnx } from './proto.ts';
export { EXPORT_INPUT, EXPORT_OPSET, EXPORT_OUTPUT, exportLayersModel, OnnxExportError } from './export/export-model.ts';
export { GraphBuilder, float, type AttributeValue } from './graph-builder.ts';
