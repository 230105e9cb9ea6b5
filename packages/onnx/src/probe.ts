import * as ort from 'onnxruntime-node';
import type { InputLayout, ModelOutput, OnnxModelInfo } from '@distillery/contracts';
import { describeOnnxModel, invalidOnnx, matchExternalFiles, MODEL_ONNX, teacherInput, type Dimension, type OnnxDescription } from './describe.ts';
import { onnxDigest } from './digest.ts';
import { DataType, elementTypeName } from './proto.ts';
import { serviceOutputShape } from './layout.ts';
import { withOutputs } from './outputs.ts';
import { modelInputDims, openSession, type OnnxFiles } from './session.ts';

export interface OnnxProbeOptions {
  /** One sample as the model takes it (its own layout), for graphs that leave dimensions besides the batch open. */
  inputShape?: number[] | undefined;
  layout?: InputLayout | undefined;
  output?: ModelOutput | undefined;
  /** Intermediate values a job may read (their shapes are measured); names the graph lacks are left to the caller to refuse. */
  readableOutputs?: string[] | undefined;
  /** Readable outputs that hold attention probabilities [heads, tokens, tokens]: never transposed as an NCHW model's feature maps. */
  attentionOutputs?: string[] | undefined;
  /** Values one sample may hold (PROBE_LIMITS.inputValues for tfjs models). */
  maxInputValues: number;
  /** Where the session's private folder is made (openSession's tempRoot): the model check's own folder, which its parent removes. */
  tempRoot?: string | undefined;
}

export interface ProbedOnnxModel {
  /** One sample as the service feeds it: images [height, width, channels]. */
  inputShape: number[];
  numClasses: number;
  output: ModelOutput;
  outputNames: string[];
  parameters: number;
  onnx: OnnxModelInfo;
  /** model.onnx, then its external-data files in the order the graph names them. */
  files: string[];
  /** onnxDigest over those files. */
  digest: string;
}

/** The sample's dimensions as the model takes them, open ones pinned by inputShape. */
function sampleDims(name: string, dims: Dimension[], given: number[] | undefined): number[] {
  const sample = dims.slice(1);
  if (given) {
    if (given.length !== sample.length) {
      throw invalidOnnx(`inputShape [${given}] has ${given.length} dimensions; input ${name} is [${dims.join(',')}], so give ${sample.length} (the sample without the batch)`, '/inputShape');
    }
    const clash = sample.findIndex((d, i) => typeof d === 'number' && d !== given[i]);
    if (clash >= 0) throw invalidOnnx(`inputShape [${given}] differs from input ${name} [${dims.join(',')}] at dimension ${clash + 1}, which the model fixes to ${sample[clash]}`, '/inputShape');
    return given;
  }
  const open = sample.filter((d) => typeof d !== 'number');
  if (open.length > 0) {
    throw invalidOnnx(
      `input ${name} is [${dims.join(',')}]: ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} left open besides the batch; give the sample's shape as the inputShape field, e.g. [${sample.map((d) => (typeof d === 'number' ? d : 'n')).join(',')}]`,
      '/inputShape',
    );
  }
  return sample as number[];
}

/** Images need their layout said; anything else has none to say. */
function serviceShape(name: string, sample: number[], layout: InputLayout | undefined): number[] {
  if (sample.length !== 3) {
    if (layout) throw invalidOnnx(`layout applies to image inputs [batch, 3 dimensions]; input ${name} takes samples of shape [${sample}]: leave layout out`, '/layout');
    return sample;
  }
  if (!layout) {
    const guess = sample[0]! <= 4 && sample[2]! > 4 ? 'nchw (channels first, as PyTorch exports)' : 'nhwc (channels last)';
    throw invalidOnnx(`input ${name} takes images [${sample}]; say how they are laid out with the layout field, "nchw" or "nhwc" (this one looks like ${guess})`, '/layout');
  }
  return layout === 'nchw' ? [sample[1]!, sample[2]!, sample[0]!] : sample;
}

function outputKind(description: OnnxDescription, declared: ModelOutput | undefined): ModelOutput {
  if (declared) return declared;
  return description.outputOp === 'Softmax' ? 'probabilities' : 'logits';
}

/**
 * Checks an uploaded ONNX model the way a teacher subjob will run it: its
 * graph read (decoding a large graph takes seconds and hundreds of MB), the
 * uploaded files matched against the external data it names and digested,
 * its input pinned and laid out, then a session opened (which refuses unknown
 * ops and malformed graphs) and one forward pass run on zeros to read the
 * output's width. `files.external` holds every file uploaded beside
 * model.onnx. Every problem is an invalid_upload that says what to change.
 * Run it in the model-check process: a model costs what it costs there.
 */
export async function probeOnnxModel(files: OnnxFiles, options: OnnxProbeOptions): Promise<ProbedOnnxModel> {
  const description = describeOnnxModel(files.model);
  const externalFiles = matchExternalFiles(description, files.external.map((file) => file.name));
  const external = externalFiles.map((name) => files.external.find((file) => file.name === name)!);
  const digest = onnxDigest([{ name: MODEL_ONNX, bytes: files.model }, ...external]);
  const input = teacherInput(description);
  const batch = input.dims[0]!;
  const sample = sampleDims(input.name, input.dims, options.inputShape);
  const inputShape = serviceShape(input.name, sample, options.layout);
  const values = inputShape.reduce((a, b) => a * b, 1);
  if (values > options.maxInputValues) {
    throw invalidOnnx(`an input of shape [${sample}] holds ${values} values per sample, more than the ${options.maxInputValues} a teacher here may take; downsample the input`, '/inputShape');
  }
  const output = description.outputs[0];
  if (!output) throw invalidOnnx('the model declares no outputs');
  if (output.elementType !== DataType.FLOAT) throw invalidOnnx(`output ${output.name} holds ${elementTypeName(output.elementType)} values; a teacher's class scores must be float32`);

  const attention = options.attentionOutputs ?? [];
  for (const [field, names] of [['readableOutputs', options.readableOutputs ?? []], ['attentionOutputs', attention]] as const) {
    if (names.includes(output.name)) {
      throw invalidOnnx(`${field} names ${output.name}, the model's output (its class scores), which every method reads already; name intermediate values`, `/${field}`);
    }
  }
  const readable = [...new Set([...(options.readableOutputs ?? []), ...attention])].filter((name) => description.valueNames.includes(name));
  let session;
  try {
    session = await openSession({ model: withOutputs(files.model, readable), external }, { threads: 1, tempRoot: options.tempRoot });
  } catch (error) {
    throw invalidOnnx(`ONNX Runtime cannot run this model: ${(error as Error).message}`);
  }
  try {
    const fixedBatch = typeof batch === 'number' ? batch : undefined;
    const rows = fixedBatch ?? 1;
    const layout = inputShape.length === 3 ? options.layout : undefined;
    let result;
    try {
      result = await session.run({ [input.name]: zeros(modelInputDims(rows, inputShape, layout)) }, [output.name, ...readable]);
    } catch (error) {
      throw invalidOnnx(`the model failed on an input of shape [${modelInputDims(rows, inputShape, layout)}]: ${(error as Error).message}`);
    }
    const dims = result[output.name]!.dims;
    const readableShapes = Object.fromEntries(readable.map((name) => [name, readableShape(name, result[name]!, rows, layout, attention.includes(name))]));
    for (const tensor of Object.values(result)) tensor.dispose();
    if (dims.length !== 2 || dims[0] !== rows || dims[1]! < 2) {
      throw invalidOnnx(`output ${output.name} has shape [${dims}] for ${rows} sample${rows === 1 ? '' : 's'}; a teacher must output one score per class, [batch, classes] with at least 2 classes`);
    }
    const info: OnnxModelInfo = {
      opset: description.opset,
      irVersion: description.irVersion,
      producer: description.producer,
      input: input.name,
      output: output.name,
      ...(fixedBatch === undefined ? {} : { fixedBatch }),
      ...(layout ? { layout } : {}),
      ...(readable.length > 0 ? { readableShapes } : {}),
      ...(attention.length > 0 ? { attentionOutputs: attention.filter((name) => readable.includes(name)) } : {}),
    };
    return {
      inputShape,
      numClasses: dims[1]!,
      output: outputKind(description, options.output),
      outputNames: description.valueNames,
      parameters: description.parameters,
      onnx: info,
      files: [MODEL_ONNX, ...externalFiles],
      digest,
    };
  } finally {
    await session.release();
  }
}

/**
 * A readable output's per-sample shape in the service's layout; it must be
 * float32 with one entry per row, and an attention output [heads, tokens, tokens]
 * (read as it is).
 */
function readableShape(name: string, tensor: ort.Tensor, rows: number, layout: InputLayout | undefined, attention: boolean): number[] {
  if (tensor.type !== 'float32' || tensor.dims[0] !== rows || tensor.dims.length < 2) {
    throw invalidOnnx(`readable output ${name} is ${tensor.type} [${tensor.dims}] for ${rows} sample${rows === 1 ? '' : 's'}; a readable output must be float32 [batch, ...]`, '/readableOutputs');
  }
  const sample = tensor.dims.slice(1) as number[];
  if (!attention) return serviceOutputShape(sample, layout);
  if (sample.length !== 3 || sample[1] !== sample[2]) {
    throw invalidOnnx(`attention output ${name} is [${tensor.dims}]; attention probabilities are [batch, heads, tokens, tokens]: name it in readableOutputs instead`, '/attentionOutputs');
  }
  return sample;
}

const zeros = (dims: number[]) => new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
