import { describe, expect, it } from 'vitest';
import type { DistillJobRequest } from '../distill/request.ts';
import type { AggregateData, TeacherLogitsData } from '../distill/subjobs.ts';
import { sweepFlow } from './flow.ts';
import type { SweepTrialPlan } from './subjobs.ts';

const params = { temperature: 4, alpha: 0.9, learningRate: 0.001, width: 1 };
const base: DistillJobRequest = {
  type: 'distill',
  dataset: 'ds_a',
  teachers: [{ model: 'm_a' }],
  student: { architecture: { kind: 'cnn', filters: [4] } },
  // Left in the base of a comparison, which trains its own methods instead.
  method: { kind: 'features', pairs: [{ teacher: 'no_such_layer', student: 'conv1' }] },
};
const trial = (method: DistillJobRequest['method'], extra: Partial<SweepTrialPlan> = {}): SweepTrialPlan => ({ params, request: { ...base, method }, ...extra });

function teacherSubjobs(trials: SweepTrialPlan[]) {
  const aggregate = sweepFlow.build('sw_1', base, trials).children![0]!;
  return { aggregate: aggregate.data as AggregateData, teachers: aggregate.children!.map((c) => c.data as TeacherLogitsData) };
}

describe('the sweep flow', () => {
  it("extracts what the trials' methods read, not what a comparison's unused base.method names", () => {
    const comparison = teacherSubjobs([
      trial({ kind: 'logits' }, { baseline: true, comparison: { method: 'baseline', seed: 1 } }),
      trial({ kind: 'dkd', temperature: 2 }, { comparison: { method: 'dkd', seed: 1 } }),
      trial({ kind: 'attention', pairs: [{ teacher: 'conv1', student: 'conv1' }] }, { comparison: { method: 'attention', seed: 1 } }),
    ]);
    expect(comparison.teachers[0]!.features).toEqual({ layers: [{ layer: 'conv1', attentionP: 2 }], limitSharedBy: 1 });
    // The first trained method tempers the aggregation.
    expect(comparison.aggregate.temperature).toBe(2);
  });

  it('extracts nothing for a comparison of logit methods', () => {
    const { teachers } = teacherSubjobs([trial({ kind: 'logits' }), trial({ kind: 'dist' })]);
    expect(teachers[0]!.features).toBeUndefined();
  });
});
