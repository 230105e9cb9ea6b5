import * as tf from '@tensorflow/tfjs';
import { transformerTokens, type TransformerArchitecture } from '@distillery/contracts';
import { ReseededDropout } from './dropout.ts';
import { LayerNorm } from './layer-norm.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Record<string, unknown>;

const single = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);

/** x [n, t, d] times kernel [d, e] plus bias: [n, t, e]. */
function project(x: tf.Tensor, kernel: tf.LayerVariable, bias: tf.LayerVariable): tf.Tensor3D {
  const [n, t, d] = x.shape as [number, number, number];
  const k = kernel.read() as tf.Tensor2D;
  return tf.add(tf.matMul(x.reshape([n * t, d]) as tf.Tensor2D, k), bias.read()).reshape([n, t, k.shape[1]]) as tf.Tensor3D;
}

/** [n, t, heads * dh] -> [n, heads, t, dh]. */
function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [n, t, d] = x.shape;
  return x.reshape([n, t, heads, d / heads]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
}

interface AttentionArgs extends LayerArgs {
  heads: number;
  /** Seed of the kernels' initialiser; irrelevant once weights are loaded. */
  seed?: number;
}

/**
 * The first half of multi-head self-attention: from tokens [n, t, d] to the
 * attention probabilities [n, heads, t, t], softmax(q k^T / sqrt(d / heads))
 * over the key axis (the last). It is a layer of its own, so its output is a
 * named layer output that layerOutputModel reads for attention-matrix
 * distillation; AttentionValues applies it to the values.
 */
export class AttentionScores extends tf.layers.Layer {
  static readonly className = 'DistilleryAttentionScores';
  readonly heads: number;
  private readonly seed: number | undefined;
  private queryKernel!: tf.LayerVariable;
  private queryBias!: tf.LayerVariable;
  private keyKernel!: tf.LayerVariable;
  private keyBias!: tf.LayerVariable;

  constructor(args: AttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dim = (inputShape as tf.Shape)[2] as number;
    const init = (offset: number) => tf.initializers.glorotUniform({ ...(this.seed === undefined ? {} : { seed: this.seed + offset }) });
    this.queryKernel = this.addWeight('query_kernel', [dim, dim], 'float32', init(0));
    this.queryBias = this.addWeight('query_bias', [dim], 'float32', tf.initializers.zeros());
    this.keyKernel = this.addWeight('key_kernel', [dim, dim], 'float32', init(1));
    this.keyBias = this.addWeight('key_bias', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, t] = inputShape as tf.Shape;
    return [n ?? null, this.heads, t ?? null, t ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const q = splitHeads(project(x, this.queryKernel, this.queryBias), this.heads);
      const k = splitHeads(project(x, this.keyKernel, this.keyBias), this.heads);
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(q.shape[3]));
      return tf.softmax(scores, -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

/**
 * The second half of multi-head self-attention: inputs [tokens [n, t, d],
 * probabilities [n, heads, t, t]]; the probability-weighted sum of each head's
 * values, heads concatenated, then the output projection: [n, t, d].
 */
export class AttentionValues extends tf.layers.Layer {
  static readonly className = 'DistilleryAttentionValues';
  private readonly seed: number | undefined;
  private valueKernel!: tf.LayerVariable;
  private valueBias!: tf.LayerVariable;
  private outputKernel!: tf.LayerVariable;
  private outputBias!: tf.LayerVariable;

  constructor(args: LayerArgs & { seed?: number }) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dim = (inputShape as tf.Shape[])[0]![2] as number;
    const init = (offset: number) => tf.initializers.glorotUniform({ ...(this.seed === undefined ? {} : { seed: this.seed + offset }) });
    this.valueKernel = this.addWeight('value_kernel', [dim, dim], 'float32', init(0));
    this.valueBias = this.addWeight('value_bias', [dim], 'float32', tf.initializers.zeros());
    this.outputKernel = this.addWeight('output_kernel', [dim, dim], 'float32', init(1));
    this.outputBias = this.addWeight('output_bias', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [x, probabilities] = inputs as [tf.Tensor3D, tf.Tensor4D];
      const heads = probabilities.shape[1];
      const [n, t, d] = x.shape;
      const v = splitHeads(project(x, this.valueKernel, this.valueBias), heads);
      const mixed = tf.matMul(probabilities, v).transpose([0, 2, 1, 3]).reshape([n, t, d]);
      return project(mixed, this.outputKernel, this.outputBias);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

/** Adds a learned position embedding [t, d] to every sample's tokens (a weight, not a gather). */
export class PositionEmbedding extends tf.layers.Layer {
  static readonly className = 'DistilleryPositionEmbedding';
  private readonly seed: number | undefined;
  private positions!: tf.LayerVariable;

  constructor(args: LayerArgs & { seed?: number }) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, t, d] = inputShape as [null, number, number];
    const init = tf.initializers.truncatedNormal({ stddev: 0.02, ...(this.seed === undefined ? {} : { seed: this.seed }) });
    this.positions = this.addWeight('positions', [t, d], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.add(single(inputs), this.positions.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

tf.serialization.registerClass(AttentionScores);
tf.serialization.registerClass(AttentionValues);
tf.serialization.registerClass(PositionEmbedding);

/**
 * A pre-norm transformer encoder classifier:
 *
 *   tokens -> dense `embedding` + positions
 *   block i: x + AttentionValues(x', `block<i>/attention`(x')), x' = norm(x);
 *            then x + mlp(norm(x)), named `block<i>`
 *   norm -> mean over tokens (`pool`) -> dense `logits`
 *
 * Tokens come from transformerTokens (contracts). `nextSeed` gives each
 * initialiser its own seed, as buildClassifier does for the other kinds.
 */
export function buildTransformer(
  architecture: TransformerArchitecture,
  inputShape: number[],
  numClasses: number,
  nextSeed: () => number,
): tf.LayersModel {
  const { tokens, features } = transformerTokens(architecture, inputShape);
  const { dim, heads, patch, dropout } = architecture;
  const mlpDim = architecture.mlpDim ?? 2 * dim;
  const input = tf.input({ shape: inputShape, name: 'input' });
  let x: tf.SymbolicTensor = input;
  if (inputShape.length === 3) {
    const [height, width, channels] = inputShape as [number, number, number];
    if (patch === undefined) {
      x = tf.layers.reshape({ targetShape: [height, width * channels], name: 'rows' }).apply(x) as tf.SymbolicTensor;
    } else {
      // [h, w, c] -> [h/p, p, w/p, p*c] -> [h/p, w/p, p, p*c] -> [tokens, p*p*c]: each token one patch, row by row.
      x = tf.layers.reshape({ targetShape: [height / patch, patch, width / patch, patch * channels], name: 'patch_rows' }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.permute({ dims: [1, 3, 2, 4], name: 'patch_order' }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.reshape({ targetShape: [tokens, features], name: 'patches' }).apply(x) as tf.SymbolicTensor;
    }
  }
  const denseLayer = (units: number, name: string, activation?: 'relu') =>
    tf.layers.dense({
      units,
      ...(activation ? { activation } : {}),
      kernelInitializer: activation ? tf.initializers.heNormal({ seed: nextSeed() }) : tf.initializers.glorotUniform({ seed: nextSeed() }),
      name,
    });
  const apply = (layer: tf.layers.Layer, inputs: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(inputs) as tf.SymbolicTensor;
  const maybeDropout = (t: tf.SymbolicTensor, name: string) =>
    dropout ? apply(new ReseededDropout(nextSeed(), { rate: dropout, name }), t) : t;

  x = apply(denseLayer(dim, 'token_embedding'), x);
  x = apply(new PositionEmbedding({ name: 'embedding', seed: nextSeed() }), x);
  for (let i = 1; i <= architecture.layers; i++) {
    const block = `block${i}`;
    const normed = apply(new LayerNorm({ name: `${block}/norm1` }), x);
    const probabilities = apply(new AttentionScores({ heads, name: `${block}/attention`, seed: nextSeed() }), normed);
    let attended = apply(new AttentionValues({ name: `${block}/values`, seed: nextSeed() }), [normed, probabilities]);
    attended = maybeDropout(attended, `${block}/dropout1`);
    x = apply(tf.layers.add({ name: `${block}/residual1` }), [x, attended]);
    let hidden = apply(new LayerNorm({ name: `${block}/norm2` }), x);
    hidden = apply(denseLayer(mlpDim, `${block}/mlp1`, 'relu'), hidden);
    hidden = maybeDropout(apply(denseLayer(dim, `${block}/mlp2`), hidden), `${block}/dropout2`);
    x = apply(tf.layers.add({ name: block }), [x, hidden]);
  }
  x = apply(new LayerNorm({ name: 'norm' }), x);
  x = apply(tf.layers.globalAveragePooling1d({ name: 'pool' }), x);
  const logits = apply(denseLayer(numClasses, 'logits'), x);
  return tf.model({ inputs: input, outputs: logits, name: 'transformer' });
}
