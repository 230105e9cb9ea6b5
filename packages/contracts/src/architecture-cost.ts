import type { Architecture, TransformerArchitecture } from './architecture.ts';
import { DistilleryError } from './errors.ts';

export interface ArchitectureCost {
  parameters: number;
  /** Multiply-adds of one forward pass over one sample. */
  multiplyAddsPerSample: number;
  /**
   * Values of the intermediate tensors one sample's forward pass leaves for
   * the backward pass (every op's output, as these layers compute them):
   * what training memory grows with, per sample of the batch.
   */
  activationsPerSample: number;
}

/**
 * Size and compute of a classifier built by buildClassifier, in closed form, so
 * the API can refuse a model that cannot work or would not fit before any
 * worker tries to build it. It lives with the contract because it is what an
 * architecture spec means; kd's buildClassifier is tested against it.
 */
export function architectureCost(architecture: Architecture, inputShape: number[], numClasses: number): ArchitectureCost {
  let parameters = 0;
  let multiplyAdds = 0;
  let activations = inputShape.reduce((a, b) => a * b, 1);
  // A dropout layer writes its mask and its output.
  const dropout = (values: number) => {
    if (architecture.dropout) activations += 2 * values;
  };
  // A dense layer's matMul, bias add and activation each write `units` values (a linear one, two).
  const dense = (inputs: number, units: number, activated = true) => {
    parameters += inputs * units + units;
    multiplyAdds += inputs * units;
    activations += (activated ? 3 : 2) * units;
    return units;
  };
  let width: number;
  if (architecture.kind === 'transformer') {
    const { tokens, features } = transformerTokens(architecture, inputShape);
    const { dim, heads, layers } = architecture;
    const mlpDim = architecture.mlpDim ?? 2 * dim;
    const perToken = (inputs: number, units: number, activated = false) => {
      dense(inputs, units, activated);
      multiplyAdds += (tokens - 1) * inputs * units;
      activations += (tokens - 1) * (activated ? 3 : 2) * units;
    };
    // Centre, square, scale, gamma and beta each write a [tokens, dim] tensor.
    const norm = () => {
      parameters += 2 * dim;
      activations += 5 * tokens * dim;
    };
    perToken(features, dim); // token embedding
    parameters += tokens * dim; // learned positions
    activations += tokens * dim;
    for (let block = 0; block < layers; block++) {
      norm();
      for (let projection = 0; projection < 4; projection++) perToken(dim, dim); // query, key, value, output
      activations += 3 * tokens * dim; // query, key and value split into heads
      multiplyAdds += 2 * tokens * tokens * dim; // scores q.k and the weighted sum of values
      activations += 3 * heads * tokens * tokens; // scores, scaled, softmax
      activations += 2 * tokens * dim; // the weighted values, heads merged
      dropout(tokens * dim);
      activations += tokens * dim; // residual
      norm();
      perToken(dim, mlpDim, true);
      perToken(mlpDim, dim);
      dropout(tokens * dim);
      activations += tokens * dim; // residual
    }
    norm(); // final norm
    width = dim; // mean over tokens
    activations += dim;
  } else if (architecture.kind === 'mlp') {
    width = inputShape.reduce((a, b) => a * b, 1);
    for (const units of architecture.hidden) dropout((width = dense(width, units)));
  } else {
    if (inputShape.length !== 3) {
      throw new DistilleryError(
        'unsupported_architecture',
        `a cnn needs image inputs [height, width, channels]; these inputs have shape [${inputShape.join(', ')}]; use an mlp`,
        '/architecture/kind',
      );
    }
    let [height, across, channels] = inputShape as [number, number, number];
    const kernel = architecture.kernelSize ?? 3;
    // Each block is a 'same' convolution then a 2x2 max-pool that halves height and width.
    const blocks = Math.floor(Math.log2(Math.min(height, across)));
    if (architecture.filters.length > blocks) {
      throw new DistilleryError(
        'unsupported_architecture',
        `each cnn filter block halves the image; ${height}x${across} inputs allow at most ${blocks} blocks, not ${architecture.filters.length}`,
        '/architecture/filters',
      );
    }
    for (const filters of architecture.filters) {
      parameters += kernel * kernel * channels * filters + filters;
      multiplyAdds += height * across * kernel * kernel * channels * filters;
      activations += 3 * height * across * filters; // convolution, bias, relu
      channels = filters;
      height = Math.floor(height / 2);
      across = Math.floor(across / 2);
      activations += height * across * channels; // max-pool
    }
    width = height * across * channels;
    for (const units of architecture.dense ?? []) dropout((width = dense(width, units)));
  }
  dense(width, numClasses, false);
  return { parameters, multiplyAddsPerSample: multiplyAdds, activationsPerSample: activations };
}

/**
 * Bytes a training step holds at its peak on a worker: float32 weights, the
 * optimizer's two slots, the gradients and the temporaries of an Adam update
 * (tfjs computes every variable's update inside one tidy: about 15 values per
 * parameter before any is freed), and the batch's activations, which the
 * backward pass keeps alive and adds its own gradients to (about 4 values per
 * activation value). Teachers whose layers a step computes add their weights
 * and their activations. Calibrated against tf.profile's peak on the wasm
 * backend (kd's architecture-cost tests): for every kind, this estimate is at
 * least the measured peak and at most about twice it.
 */
export function trainingStepBytes(student: ArchitectureCost, batchSize: number, teachers?: Omit<ArchitectureCost, 'multiplyAddsPerSample'>): number {
  const parameterValues = 19 * student.parameters + (teachers?.parameters ?? 0);
  return 4 * (parameterValues + batchSize * activationValuesPerSample(student, teachers));
}

/** The largest batch whose training step stays within `limitBytes` (0 when even one sample would not). */
export function largestBatchWithin(limitBytes: number, student: ArchitectureCost, teachers?: Omit<ArchitectureCost, 'multiplyAddsPerSample'>): number {
  const fixed = trainingStepBytes(student, 0, teachers);
  return Math.max(0, Math.floor((limitBytes - fixed) / (4 * activationValuesPerSample(student, teachers))));
}

const activationValuesPerSample = (student: ArchitectureCost, teachers?: Omit<ArchitectureCost, 'multiplyAddsPerSample'>) =>
  4 * (student.activationsPerSample + (teachers?.activationsPerSample ?? 0));

export interface TransformerTokens {
  tokens: number;
  /** Values per token before the embedding. */
  features: number;
}

/**
 * How a transformer cuts its inputs into tokens: the rows of a sequence
 * [length, features]; an image's `patch` x `patch` squares (patch must divide
 * height and width), or its rows [width * channels] when `patch` is left out.
 */
export function transformerTokens(architecture: TransformerArchitecture, inputShape: number[]): TransformerTokens {
  if (architecture.dim % architecture.heads !== 0) {
    throw new DistilleryError(
      'unsupported_architecture',
      `transformer dim ${architecture.dim} must be divisible by heads ${architecture.heads}: each head gets dim / heads values`,
      '/architecture/dim',
    );
  }
  if (inputShape.length === 2) {
    if (architecture.patch !== undefined) {
      throw new DistilleryError('unsupported_architecture', 'patch applies to image inputs [height, width, channels]; sequence inputs use their rows as tokens: leave patch out', '/architecture/patch');
    }
    return { tokens: inputShape[0]!, features: inputShape[1]! };
  }
  if (inputShape.length !== 3) {
    throw new DistilleryError(
      'unsupported_architecture',
      `a transformer needs sequence inputs [length, features] or image inputs [height, width, channels]; these inputs have shape [${inputShape.join(', ')}]; use an mlp`,
      '/architecture/kind',
    );
  }
  const [height, width, channels] = inputShape as [number, number, number];
  const patch = architecture.patch;
  if (patch === undefined) return { tokens: height, features: width * channels };
  if (height % patch !== 0 || width % patch !== 0) {
    throw new DistilleryError(
      'unsupported_architecture',
      `patch ${patch} must divide the image's height and width (${height}x${width}); pick a divisor of both`,
      '/architecture/patch',
    );
  }
  return { tokens: (height / patch) * (width / patch), features: patch * patch * channels };
}
