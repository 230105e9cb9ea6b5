import { Type, type Static } from 'typebox';

/**
 * Semi-supervised distillation: the teachers label an unlabelled transfer set,
 * as soft targets (the KD term on every transfer sample) or as hard
 * pseudo-labels kept above a confidence threshold; the student trains on
 * labelled cross-entropy plus that signal. Conditional fields have no schema
 * default (a default would be filled in for the other mode too): the defaults
 * are in their descriptions and in PSEUDO_LABEL_DEFAULTS.
 */
export const PseudoLabelMethod = Type.Object(
  {
    kind: Type.Literal('pseudo-label'),
    targets: Type.Optional(
      Type.Union([Type.Literal('hard'), Type.Literal('soft')], {
        default: 'hard',
        description: "'hard': the aggregated teachers' argmax as a label, kept where their confidence reaches `threshold`; 'soft': their tempered probabilities on every transfer sample (the KD term).",
      }),
    ),
    threshold: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "Hard targets only (default 0.9): keep a pseudo-label when the aggregated teachers' probability of it, at temperature 1, is at least this." }),
    ),
    temperature: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Soft targets only (default 4): the temperature of the KD term.' })),
    labelledWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the cross-entropy on the labelled samples.' })),
    transferWeight: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1000, default: 1, description: 'Weight of the teacher signal on the transfer samples (soft: T^2 * KL; hard: cross-entropy on the kept pseudo-labels).' }),
    ),
  },
  { additionalProperties: false },
);
export type PseudoLabelMethod = Static<typeof PseudoLabelMethod>;

/** Hard pseudo-labels come from the teachers at temperature 1; soft targets have no threshold. */
export type ResolvedPseudoLabelMethod =
  | { kind: 'pseudo-label'; targets: 'hard'; threshold: number; temperature: 1; labelledWeight: number; transferWeight: number }
  | { kind: 'pseudo-label'; targets: 'soft'; temperature: number; labelledWeight: number; transferWeight: number };

export const PSEUDO_LABEL_DEFAULTS = { targets: 'hard', threshold: 0.9, temperature: 4, labelledWeight: 1, transferWeight: 1 } as const;

export function resolvePseudoLabel(method: PseudoLabelMethod): ResolvedPseudoLabelMethod {
  const d = PSEUDO_LABEL_DEFAULTS;
  const weights = { labelledWeight: method.labelledWeight ?? d.labelledWeight, transferWeight: method.transferWeight ?? d.transferWeight };
  return (method.targets ?? d.targets) === 'hard'
    ? { kind: 'pseudo-label', targets: 'hard', threshold: method.threshold ?? d.threshold, temperature: 1, ...weights }
    : { kind: 'pseudo-label', targets: 'soft', temperature: method.temperature ?? d.temperature, ...weights };
}

/** `metrics.pseudoLabels` of a pseudo-label job's result. */
export const PseudoLabelReport = Type.Object(
  {
    targets: Type.Union([Type.Literal('hard'), Type.Literal('soft')]),
    threshold: Type.Optional(Type.Number()),
    transferSamples: Type.Integer(),
    kept: Type.Integer({ description: 'Transfer samples the student learned from (soft: all of them).' }),
    keptShare: Type.Number({ minimum: 0, maximum: 1 }),
    keptClassCounts: Type.Optional(Type.Array(Type.Integer(), { description: 'Hard targets: kept pseudo-labels per class.' })),
  },
  { $id: 'PseudoLabelReport' },
);
export type PseudoLabelReport = Static<typeof PseudoLabelReport>;
