import { DataType, onnx, type AttributeProto, type NodeProto, type TensorProto, type ValueInfoProto } from './proto.ts';

/** Integers (and lists of them) as they are; a float wrapped with `float()`, so that 1.0 is not written as an int; a float tensor as `{ tensor }`. */
export type AttributeValue = number | number[] | string | { float: number } | { tensor: Float32Array };

export const float = (value: number): AttributeValue => ({ float: value });

function attribute(name: string, value: AttributeValue): AttributeProto {
  const Type = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: Type.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: Type.INTS, ints: value };
  if (typeof value === 'number') return { name, type: Type.INT, i: value };
  if ('tensor' in value) return { name, type: Type.TENSOR, t: { dims: [value.tensor.length], dataType: DataType.FLOAT, rawData: new Uint8Array(value.tensor.slice().buffer) } };
  return { name, type: Type.FLOAT, f: value.float };
}

function valueInfo(name: string, dims: (number | string)[]): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

/**
 * Writes an ONNX graph node by node: initializers from float32 or int64
 * arrays, nodes with generated unique value names, one float input and one
 * float output. Used by the exporter (export/) and by the tests that build
 * teachers as PyTorch would export them.
 */
export class GraphBuilder {
  readonly #nodes: NodeProto[] = [];
  readonly #initializers: TensorProto[] = [];
  readonly #names = new Set<string>();

  /** A fresh value name based on `base`. */
  name(base: string): string {
    let name = base;
    for (let i = 1; this.#names.has(name); i++) name = `${base}_${i}`;
    this.#names.add(name);
    return name;
  }

  weight(base: string, dims: number[], values: Float32Array): string {
    const name = this.name(base);
    this.#initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) });
    return name;
  }

  int64s(base: string, values: number[]): string {
    const name = this.name(base);
    const raw = new BigInt64Array(values.map((v) => BigInt(v)));
    this.#initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(raw.buffer) });
    return name;
  }

  /** Keeps `name` for a later `alias`: values named meanwhile get a suffix instead. */
  reserve(name: string): string {
    if (this.#names.has(name)) throw new Error(`value name ${name} is already taken`);
    this.#names.add(name);
    return name;
  }

  /** `value` under a name reserved for it (an Identity node; ONNX Runtime removes it when it optimises the graph). */
  alias(value: string, reserved: string): string {
    this.#nodes.push({ opType: 'Identity', input: [value], output: [reserved], name: `Identity:${reserved}` });
    return reserved;
  }

  /** One node; returns its output's name (`output` is the name wanted, made unique). */
  node(opType: string, inputs: string[], output: string, attributes: Record<string, AttributeValue> = {}): string {
    const name = this.name(output);
    this.#nodes.push({
      opType,
      input: inputs,
      output: [name],
      name: `${opType}:${name}`,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return name;
  }

  /** The model's bytes: `input` and `output` are value names used by the nodes. */
  encode(options: { input: { name: string; dims: (number | string)[] }; output: { name: string; dims: (number | string)[] }; opset: number; producer: string; docString?: string }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: options.opset }],
      producerName: options.producer,
      ...(options.docString ? { docString: options.docString } : {}),
      graph: {
        name: 'main',
        node: this.#nodes,
        initializer: this.#initializers,
        input: [valueInfo(options.input.name, options.input.dims)],
        output: [valueInfo(options.output.name, options.output.dims)],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
