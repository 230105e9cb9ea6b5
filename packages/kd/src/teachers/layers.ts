import * as tf from '@tensorflow/tfjs';

/**
 * A job named a layer the model does not have, or paired layers whose outputs
 * cannot be compared. `code` is stable, for the service's error mapping; the
 * message says what to change (and lists the layers that exist).
 */
export class LayerPairError extends Error {
  override readonly name = 'LayerPairError';
  constructor(
    readonly code: 'unknown_layer' | 'incompatible_layers' | 'missing_teacher',
    message: string,
  ) {
    super(message);
  }
}

export interface LayerInfo {
  name: string;
  /** tfjs class name: Conv2D, MaxPooling2D, Dense, ... */
  className: string;
  /** Output shape per sample (no batch dimension). */
  shape: number[];
}

/** The layers of a model whose output can be read, in order, with their per-sample output shapes. */
export function describeLayers(model: tf.LayersModel): LayerInfo[] {
  return model.layers.flatMap((layer) => {
    const shape = singleOutputShape(layer);
    return shape ? [{ name: layer.name, className: layer.getClassName(), shape }] : [];
  });
}

/**
 * The per-sample output shape of `name` in `model`. Throws a LayerPairError
 * listing the readable layers when there is no such layer (`role` says whose:
 * "student", "teacher 0").
 */
export function layerShape(model: tf.LayersModel, name: string, role: string): number[] {
  const layer = model.layers.find((l) => l.name === name);
  const shape = layer && singleOutputShape(layer);
  if (!shape) {
    const available = describeLayers(model)
      .map((l) => `${l.name} [${l.shape.join(',')}]`)
      .join(', ');
    throw new LayerPairError(
      'unknown_layer',
      layer
        ? `${role} layer '${name}' has no single fixed-size output; readable layers: ${available}`
        : `${role} has no layer '${name}'; its layers are: ${available}`,
    );
  }
  return shape;
}

/** One layer of `model` with its class and per-sample output shape; throws like layerShape. */
export function describeLayer(model: tf.LayersModel, name: string, role: string): LayerInfo {
  return { name, shape: layerShape(model, name, role), className: model.getLayer(name).getClassName() };
}

/**
 * A model over the same layers (and the same weight variables) as `model`
 * whose outputs are the named layers' outputs, in the order given. Applying
 * it is one forward pass; training it trains `model`. Never dispose it: that
 * would release the layers `model` still uses (it owns no tensors of its own).
 */
export function layerOutputModel(model: tf.LayersModel, names: string[], role: string): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: layerOutputs(model, names, role) });
}

/** The symbolic outputs of the named layers, validated (see layerShape). */
export function layerOutputs(model: tf.LayersModel, names: string[], role: string): tf.SymbolicTensor[] {
  return names.map((name) => {
    layerShape(model, name, role);
    return model.getLayer(name).output as tf.SymbolicTensor;
  });
}

function singleOutputShape(layer: tf.layers.Layer): number[] | undefined {
  let shape: tf.Shape | tf.Shape[];
  try {
    shape = layer.outputShape;
  } catch {
    return undefined; // a layer used at several places of the graph has no single output
  }
  if (!Array.isArray(shape) || shape.length === 0 || Array.isArray(shape[0])) return undefined;
  const perSample = (shape as tf.Shape).slice(1);
  return perSample.every((d): d is number => typeof d === 'number') ? perSample : undefined;
}
