import type { Architecture } from './architecture.ts';
import { transformerTokens } from './architecture-cost.ts';

export interface ArchitectureLayer {
  /** The stable name kd's buildClassifier gives the layer. */
  name: string;
  /** Output shape per sample: [height, width, channels] for feature maps, [units] for vectors. */
  shape: number[];
  /** True for a layer whose output no trainable weight comes before (the input itself, or it flattened). */
  input?: true;
  /** True for a transformer's attention probabilities [heads, tokens, tokens] (each row sums to 1 over keys). */
  attention?: true;
}

/**
 * The layers of a classifier built by buildClassifier, with their per-sample
 * output shapes, in closed form: the API names and checks the layers a
 * feature or attention job pairs without building a model. Same rules as
 * architectureCost (call that first: it refuses shapes an architecture cannot
 * take); kd's buildClassifier is tested against this list.
 */
export function architectureLayers(architecture: Architecture, inputShape: number[], numClasses: number): ArchitectureLayer[] {
  const layers: ArchitectureLayer[] = [];
  const withDropout = (name: string, shape: number[]) => {
    layers.push({ name, shape });
    const index = name.replace(/^dense/, '');
    if (architecture.dropout) layers.push({ name: `dropout${index}`, shape });
  };
  if (architecture.kind === 'transformer') {
    const { tokens } = transformerTokens(architecture, inputShape);
    const { dim, heads } = architecture;
    layers.push({ name: 'embedding', shape: [tokens, dim] });
    for (let i = 1; i <= architecture.layers; i++) {
      layers.push({ name: `block${i}/attention`, shape: [heads, tokens, tokens], attention: true });
      layers.push({ name: `block${i}`, shape: [tokens, dim] });
    }
    layers.push({ name: 'pool', shape: [dim] });
  } else if (architecture.kind === 'mlp') {
    const size = inputShape.reduce((a, b) => a * b, 1);
    layers.push({ name: inputShape.length > 1 ? 'flatten' : 'input', shape: [size], input: true });
    architecture.hidden.forEach((units, i) => withDropout(`dense${i + 1}`, [units]));
  } else {
    let [height, width, channels] = inputShape as [number, number, number];
    architecture.filters.forEach((filters, i) => {
      // 'same' convolution keeps height and width; the 2x2 max-pool halves them (floored).
      layers.push({ name: `conv${i + 1}`, shape: [height, width, filters] });
      height = Math.floor(height / 2);
      width = Math.floor(width / 2);
      channels = filters;
      layers.push({ name: `pool${i + 1}`, shape: [height, width, channels] });
    });
    layers.push({ name: 'flatten', shape: [height * width * channels] });
    (architecture.dense ?? []).forEach((units, i) => withDropout(`dense${i + 1}`, [units]));
  }
  layers.push({ name: 'logits', shape: [numClasses] });
  return layers;
}
