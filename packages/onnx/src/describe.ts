import { DistilleryError } from '@distillery/contracts';
import { DataType, elementTypeName, onnx, toNumber, type ModelProto, type NodeProto, type ValueInfoProto } from './proto.ts';

/** The graph's file name in an upload and in a model's folder; external-data files sit beside it. */
export const MODEL_ONNX = 'model.onnx';

export function invalidOnnx(message: string, field = '/files'): DistilleryError {
  return new DistilleryError('invalid_upload', message, field);
}

/** A graph dimension: a number where the graph fixes it, its symbolic name (or '?') where it leaves it open. */
export type Dimension = number | string;

export interface GraphValue {
  name: string;
  /** onnx.proto's element type number (1 = float). */
  elementType: number;
  dims: Dimension[] | undefined;
}

/** What the protobuf alone says about a model: everything but running it. */
export interface OnnxDescription {
  irVersion: number;
  opset: number;
  producer: string;
  /** Graph inputs that are not initializers (older exporters list every weight as an input too). */
  inputs: GraphValue[];
  outputs: GraphValue[];
  /** Values held by initializers and Constant nodes: the weights. */
  parameters: number;
  /** Files the initializers' external data points to, each once, in the order first named. */
  externalFiles: string[];
  /** Every value a node computes, in graph order: the intermediate outputs a job could read. */
  valueNames: string[];
  /** The op computing the first output, looking through Identity nodes. */
  outputOp: string | undefined;
}

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

function decode(bytes: Uint8Array): ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw invalidOnnx(`model.onnx is not an ONNX model: its protobuf could not be read (${(error as Error).message}); upload the file torch.onnx.export or another exporter wrote`);
  }
}

function graphValue(value: ValueInfoProto): GraphValue {
  const tensor = value.type?.tensorType;
  const dims = tensor?.shape?.dim?.map((dim): Dimension => (dim.dimValue !== null && dim.dimValue !== undefined && toNumber(dim.dimValue) > 0 ? toNumber(dim.dimValue) : dim.dimParam || '?'));
  return { name: value.name ?? '', elementType: tensor?.elemType ?? 0, dims: tensor?.shape ? dims ?? [] : undefined };
}

const elementCount = (dims: (number | { toNumber(): number })[] | null | undefined) => (dims ?? []).reduce<number>((n, d) => n * toNumber(d), 1);

/** A plain file name beside model.onnx: external data may not point anywhere else. */
function externalLocation(tensorName: string, entries: { key?: string | null; value?: string | null }[]): string {
  const location = entries.find((entry) => entry.key === 'location')?.value ?? '';
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(location) || location.startsWith('.') || location === MODEL_ONNX) {
    throw invalidOnnx(`initializer ${tensorName} keeps its data in ${JSON.stringify(location)}; external data files must sit beside model.onnx with plain names (letters, digits, . _ -)`);
  }
  return location;
}

/** Reads an ONNX model's graph: its interface, its weights and what it computes. Refuses what is not a usable graph. */
export function describeOnnxModel(bytes: Uint8Array): OnnxDescription {
  const model = decode(bytes);
  const graph = model.graph;
  if (!graph || (graph.node ?? []).length === 0) throw invalidOnnx('model.onnx holds no graph (no nodes): upload a model, not a bare weights file');
  const opsetEntry = (model.opsetImport ?? []).find((entry) => DEFAULT_DOMAINS.has(entry.domain ?? ''));
  if (!opsetEntry) throw invalidOnnx('model.onnx imports no version of the default ONNX operator set (opset_import has no ai.onnx entry)');

  const initializers = graph.initializer ?? [];
  const initializerNames = new Set(initializers.map((tensor) => tensor.name ?? ''));
  const externalFiles: string[] = [];
  let parameters = 0;
  for (const tensor of initializers) {
    parameters += elementCount(tensor.dims);
    if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
      const location = externalLocation(tensor.name ?? '', tensor.externalData ?? []);
      if (!externalFiles.includes(location)) externalFiles.push(location);
    }
  }
  const nodes: NodeProto[] = graph.node ?? [];
  for (const node of nodes) {
    if (node.opType === 'Constant') parameters += elementCount(node.attribute?.find((a) => a.name === 'value')?.t?.dims);
  }

  const producedBy = new Map<string, NodeProto>();
  for (const node of nodes) for (const output of node.output ?? []) producedBy.set(output, node);
  const outputs = (graph.output ?? []).map(graphValue);
  let outputNode = outputs[0] ? producedBy.get(outputs[0].name) : undefined;
  while (outputNode?.opType === 'Identity' && outputNode.input?.[0]) outputNode = producedBy.get(outputNode.input[0]);

  return {
    irVersion: toNumber(model.irVersion),
    opset: toNumber(opsetEntry.version),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' ') || 'unknown',
    inputs: (graph.input ?? []).filter((input) => !initializerNames.has(input.name ?? '')).map(graphValue),
    outputs,
    parameters,
    externalFiles,
    valueNames: nodes.filter((node) => node.opType !== 'Constant').flatMap((node) => node.output ?? []).filter((name) => name !== ''),
    outputOp: outputNode?.opType ?? undefined,
  };
}

/**
 * The uploaded files beside model.onnx checked against the external data its
 * graph names: every named file sent, nothing else sent. Returns the external
 * files in the order the graph first names them.
 */
export function matchExternalFiles(description: OnnxDescription, uploaded: string[]): string[] {
  const { externalFiles } = description;
  const missing = externalFiles.filter((name) => !uploaded.includes(name));
  if (missing.length > 0) throw invalidOnnx(`model.onnx keeps weights in external data files that were not uploaded: ${missing.join(', ')}; send them as files parts beside model.onnx`);
  const extra = uploaded.filter((name) => !externalFiles.includes(name));
  if (extra.length > 0) throw invalidOnnx(`uploaded files that model.onnx does not name as external data: ${extra.join(', ')}; remove them`);
  return externalFiles;
}

/** The one input a teacher takes, checked: a float tensor of known rank. */
export function teacherInput(description: OnnxDescription): GraphValue & { dims: Dimension[] } {
  const { inputs } = description;
  if (inputs.length !== 1) {
    throw invalidOnnx(`the model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); a teacher takes exactly one, the sample tensor`);
  }
  const input = inputs[0]!;
  if (input.elementType !== DataType.FLOAT) {
    throw invalidOnnx(`input ${input.name} takes ${elementTypeName(input.elementType)} values; a teacher here takes float32: export the model with float32 inputs`);
  }
  if (!input.dims || input.dims.length < 2) {
    throw invalidOnnx(`input ${input.name} has ${input.dims ? `rank ${input.dims.length}` : 'no declared shape'}; a teacher's input is [batch, ...sample], rank 2 or more`);
  }
  return { ...input, dims: input.dims };
}
