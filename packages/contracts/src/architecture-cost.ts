import type { Architecture, TransformerArchitecture } from './architecture.ts';
import { DistilleryError } from './errors.ts';

export interface ArchitectureCost {
  parameters: number;
  /** Multiply-adds of one forward pass over one sample. */
  multiplyAddsPerSample: number;
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
  const dense = (inputs: number, units: number) => {
    parameters += inputs * units + units;
    multiplyAdds += inputs * units;
    return units;
  };
  let width: number;
  if (architecture.kind === 'transformer') {
    const { tokens, features } = transformerTokens(architecture, inputShape);
    const { dim, layers } = architecture;
    const mlpDim = architecture.mlpDim ?? 2 * dim;
    dense(features, dim); // token embedding, per token
    multiplyAdds += (tokens - 1) * features * dim;
    parameters += tokens * dim; // learned positions
    const perToken = (inputs: number, units: number) => {
      dense(inputs, units);
      multiplyAdds += (tokens - 1) * inputs * units;
    };
    for (let block = 0; block < layers; block++) {
      parameters += 2 * dim; // norm1
      for (let projection = 0; projection < 4; projection++) perToken(dim, dim); // query, key, value, output
      multiplyAdds += 2 * tokens * tokens * dim; // scores q.k and the weighted sum of values
      parameters += 2 * dim; // norm2
      perToken(dim, mlpDim);
      perToken(mlpDim, dim);
    }
    parameters += 2 * dim; // final norm
    width = dim; // mean over tokens
  } else if (architecture.kind === 'mlp') {
    width = inputShape.reduce((a, b) => a * b, 1);
    for (const units of architecture.hidden) width = dense(width, units);
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
      channels = filters;
      height = Math.floor(height / 2);
      across = Math.floor(across / 2);
    }
    width = height * across * channels;
    for (const units of architecture.dense ?? []) width = dense(width, units);
  }
  dense(width, numClasses);
  return { parameters, multiplyAddsPerSample: multiplyAdds };
}

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
