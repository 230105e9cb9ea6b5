import { describe, expect, it } from 'vitest';
import { distillFlow } from './flow.ts';
import type { DistillJobRequest } from './request.ts';
import type { AggregateData, TeacherLogitsData } from './subjobs.ts';

const request = (method: DistillJobRequest['method']): DistillJobRequest => ({
  type: 'distill',
  dataset: 'ds_a',
  teachers: [{ model: 'm_a' }, { model: 'm_b', weight: 2 }],
  student: { architecture: { kind: 'cnn', filters: [4] } },
  ...(method ? { method } : {}),
});

/** The aggregation's data and each teacher subjob's, as the flow hands them to BullMQ. */
function subjobs(method: DistillJobRequest['method']) {
  const flow = distillFlow.build('j_1', request(method));
  const aggregate = flow.children![0]!;
  return { aggregate: aggregate.data as AggregateData, teachers: aggregate.children!.map((c) => c.data as TeacherLogitsData) };
}

describe('the distill flow', () => {
  it('tempers the teachers as the method asks: its temperature, and z-scored logits for logit standardization', () => {
    expect(subjobs(undefined).aggregate).toMatchObject({ temperature: 4, strategy: 'mean' });
    expect(subjobs(undefined).aggregate.standardize).toBeUndefined();
    expect(subjobs({ kind: 'logits', temperature: 2, standardize: true }).aggregate).toMatchObject({ temperature: 2, standardize: true });
    expect(subjobs({ kind: 'dkd', standardize: true }).aggregate).toMatchObject({ temperature: 4, standardize: true });
    expect(subjobs({ kind: 'dist', tau: 3 }).aggregate).toMatchObject({ temperature: 3 });
    expect(subjobs({ kind: 'pseudo-label' }).aggregate).toMatchObject({ temperature: 1 });
  });

  it('asks each teacher subjob for what the method reads of that teacher, each extraction once', () => {
    const attention = subjobs({ kind: 'attention', p: 3, pairs: [{ teacher: 'conv1', student: 'conv1' }, { teacher: 'conv1', student: 'pool1', teacherIndex: 0 }] });
    expect(attention.teachers.map((t) => t.features)).toEqual([{ layers: [{ layer: 'conv1', attentionP: 3 }], limitSharedBy: 1 }, undefined]);
    const features = subjobs({ kind: 'features', pairs: [{ teacher: 'pool1', student: 'pool1' }, { teacher: 'dense1', student: 'logits', teacherIndex: 1 }] });
    expect(features.teachers.map((t) => t.features)).toEqual([
      { layers: [{ layer: 'pool1' }], limitSharedBy: 2 },
      { layers: [{ layer: 'dense1' }], limitSharedBy: 2 },
    ]);
    expect(subjobs({ kind: 'logits' }).teachers.every((t) => t.features === undefined)).toBe(true);
  });
});
