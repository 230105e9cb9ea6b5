export { describeOnnxModel, invalidOnnx, teacherInput, type Dimension, type GraphValue, type OnnxDescription } from './describe.ts';
export { nhwcToNchw } from './layout.ts';
export { probeOnnxModel, type OnnxProbeOptions, type ProbedOnnxModel } from './probe.ts';
export { modelInputDims, onnxInference, openSession, type OnnxFiles, type OnnxTeacherSpec, type SessionOptions } from './session.ts';
export { DataType, onnx } from './proto.ts';
