import { ArtifactKey, Id } from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { DistillJobRequest } from '../distill/request.ts';
import { TeacherFeaturesOutput, ValidationRows } from '../distill/subjobs.ts';
import { TrialComparison } from './records.ts';
import { MAX_SWEEP_TRIALS, SweepParams } from './request.ts';

/**
 * A planned trial: its values and the distill request they make of the base;
 * in a comparison also its method and seed, and `baseline` for the student
 * trained alone.
 */
export const SweepTrialPlan = Type.Object({
  params: SweepParams,
  request: DistillJobRequest,
  comparison: Type.Optional(TrialComparison),
  baseline: Type.Optional(Type.Boolean()),
});
export type SweepTrialPlan = Static<typeof SweepTrialPlan>;

/** The sweep's BullMQ parent: first pass (no step) prepares targets and fans the trials out; `rank` ranks them. */
export const SweepData = Type.Object({
  jobId: Id,
  trials: Type.Array(SweepTrialPlan, { minItems: 1, maxItems: MAX_SWEEP_TRIALS }),
  /** The slice every trial holds out and is ranked on: the base job's fraction and seed (trials of a comparison train with other seeds). */
  validation: Type.Optional(ValidationRows),
  step: Type.Optional(Type.Literal('rank')),
});
export type SweepData = Static<typeof SweepData>;

export const SweepTrialData = Type.Object({
  /** The sweep's id: every subjob of the sweep carries it, as a distill job's carry the job's. */
  jobId: Id,
  index: Type.Integer({ minimum: 0 }),
  params: SweepParams,
  request: DistillJobRequest,
  /** Train the student alone: cross-entropy on its labels, for as many steps as a logit student of the same data. */
  baseline: Type.Optional(Type.Boolean()),
  /** Aggregated teacher probabilities as this trial's method asks (temperature, standardization) on the transfer set, [N, C] float32 NPY; absent for a baseline. */
  softTargets: Type.Optional(ArtifactKey),
  /** For a method that pairs layers: where each teacher's extractions are (the teacher stage's answers). */
  layers: Type.Optional(Type.Array(Type.Object({ index: Type.Integer({ minimum: 0 }), model: Id, features: Type.Optional(TeacherFeaturesOutput) }))),
  /** The teachers in the aggregation (for the student's lineage). */
  teachers: Type.Array(Id),
  validation: ValidationRows,
});
export type SweepTrialData = Static<typeof SweepTrialData>;
