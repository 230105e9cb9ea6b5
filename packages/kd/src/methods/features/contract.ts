import { Type, type Static } from 'typebox';
import { layerMethodAlpha, layerPairs, type ResolvedLayerPair } from '../layer-terms/pairs.ts';
import { temperatureOption } from '../logits/contract.ts';

/** FitNets-style feature distillation: the logit term plus a distance between paired layers. */
export const FeaturesMethod = Type.Object(
  {
    kind: Type.Literal('features'),
    temperature: temperatureOption(),
    alpha: layerMethodAlpha(),
    pairs: layerPairs(),
    loss: Type.Optional(Type.Union([Type.Literal('mse'), Type.Literal('cosine')], { default: 'mse' })),
    hintEpochs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100,
        default: 0,
        description: 'FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.',
      }),
    ),
    keepTermsAfterHints: Type.Optional(
      Type.Boolean({ default: false, description: 'After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).' }),
    ),
    adapterKernelSize: Type.Optional(
      Type.Union([Type.Literal(1), Type.Literal(3)], { default: 1, description: "Kernel size of the convolution that maps a student feature map's channels to the teacher's." }),
    ),
  },
  { additionalProperties: false },
);
export type FeaturesMethod = Static<typeof FeaturesMethod>;
export type ResolvedFeaturesMethod = Required<Omit<FeaturesMethod, 'pairs'>> & { pairs: ResolvedLayerPair[] };

export const FEATURES_DEFAULTS: Omit<ResolvedFeaturesMethod, 'pairs'> = {
  kind: 'features',
  temperature: 4,
  alpha: 0.9,
  loss: 'mse',
  hintEpochs: 0,
  keepTermsAfterHints: false,
  adapterKernelSize: 1,
};
