import { Type, type Static } from 'typebox';
import { standardizeOption, temperatureOption } from '../logits/contract.ts';

/**
 * Decoupled knowledge distillation (Zhao et al., CVPR 2022): the KD term split
 * into the target-class part (TCKD: how sure the teacher is of the right
 * class) and the non-target part (NCKD: how it ranks the wrong ones), weighted
 * apart, after cross-entropy on the labels. Defaults are the paper's CIFAR-100
 * settings, but for the warm-up, which the paper gives as 20 of 240 epochs.
 */
export const DkdMethod = Type.Object(
  {
    kind: Type.Literal('dkd'),
    temperature: temperatureOption('Temperature of both parts.'),
    alpha: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of TCKD, the binary target / non-target term (not the logits method\'s alpha).' })),
    beta: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 8, description: 'Weight of NCKD, the distribution over the non-target classes (8 on CIFAR-100 in the paper, 0.5 on ImageNet).' })),
    ceWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the cross-entropy on the labelled samples.' })),
    warmupEpochs: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1000,
        default: 1,
        description: 'The DKD term\'s weight rises linearly from 0 to 1 over this many epochs of steps (0: none).',
      }),
    ),
    standardize: standardizeOption(),
  },
  { additionalProperties: false },
);
export type DkdMethod = Static<typeof DkdMethod>;
export type ResolvedDkdMethod = Required<DkdMethod>;

export const DKD_DEFAULTS: ResolvedDkdMethod = { kind: 'dkd', temperature: 4, alpha: 1, beta: 8, ceWeight: 1, warmupEpochs: 1, standardize: false };
