import type { Architecture } from './architecture.ts';
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
  if (architecture.kind === 'mlp') {
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
