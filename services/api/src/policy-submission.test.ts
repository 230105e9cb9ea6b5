import type { Model } from '@distillery/contracts';
import type { DistillPolicyJobRequest } from '@distillery/jobs';
import { describe, expect, it } from 'vitest';
import { checkPolicyTeachers } from './policy-submission.ts';

const request = (environment: string): DistillPolicyJobRequest => ({ type: 'distill-policy', environment, teachers: [{ model: 'm_teacher' }] });
const model = (fields: Partial<Model>) => ({ id: 'm_teacher', inputShape: [4], numClasses: 2, ...fields }) as Model;

describe('checkPolicyTeachers', () => {
  it('takes a policy trained in the environment, and an upload of the right shapes that names none', () => {
    expect(() => checkPolicyTeachers(request('cartpole-v1'), [model({ environment: 'cartpole-v1' })])).not.toThrow();
    expect(() => checkPolicyTeachers(request('acrobot-v1'), [model({ inputShape: [6], numClasses: 3 })])).not.toThrow();
  });

  it("refuses a teacher whose licence forbids distillation, and warns of one whose licence does not say", () => {
    expect(() => checkPolicyTeachers(request('cartpole-v1'), [model({ distillation: 'forbidden', license: 'proprietary' })])).toThrow(
      expect.objectContaining({ code: 'distillation_forbidden', field: '/teachers/0/model' }),
    );
    expect(checkPolicyTeachers(request('cartpole-v1'), [model({ distillation: 'unknown', license: 'unknown' })])).toEqual([
      expect.objectContaining({ code: 'distillation_permission_unknown', model: 'm_teacher' }),
    ]);
    expect(checkPolicyTeachers(request('cartpole-v1'), [model({ distillation: 'allowed' })])).toEqual([]);
  });

  it('refuses a missing teacher, another environment, and shapes that do not fit, naming the teacher field', () => {
    expect(() => checkPolicyTeachers(request('cartpole-v1'), [undefined])).toThrow(expect.objectContaining({ code: 'unknown_model', field: '/teachers/0/model' }));
    expect(() => checkPolicyTeachers(request('acrobot-v1'), [model({ environment: 'cartpole-v1' })])).toThrow(
      expect.objectContaining({ code: 'incompatible_model', message: expect.stringMatching(/a policy for cartpole-v1, not acrobot-v1/) }),
    );
    expect(() => checkPolicyTeachers(request('cartpole-v1'), [model({ inputShape: [28, 28, 1], numClasses: 10 })])).toThrow(
      expect.objectContaining({ code: 'incompatible_model', message: expect.stringMatching(/takes observations \[4\] and scores 2 actions/) }),
    );
  });
});
