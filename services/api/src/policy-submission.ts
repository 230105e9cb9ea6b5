import { checkDistillationAllowed, DistilleryError, type JobWarning, type Model } from '@distillery/contracts';
import type { DistillPolicyJobRequest } from '@distillery/jobs';
import { createEnvironment } from '@distillery/kd';

/**
 * A policy distillation's teachers against its environment, at submission:
 * each must exist (for this tenant), score one action per environment action
 * from one observation vector, when it was trained here have been trained in
 * that environment, and have a licence that allows distillation. Returns the
 * licence warnings, as a distill job's.
 */
export function checkPolicyTeachers(request: DistillPolicyJobRequest, teachers: (Model | undefined)[]): JobWarning[] {
  const spec = createEnvironment(request.environment).spec;
  teachers.forEach((model, i) => {
    const field = `/teachers/${i}/model`;
    if (!model) throw new DistilleryError('unknown_model', `teacher model ${request.teachers[i]!.model} does not exist`, field);
    if (model.format === 'onnx') {
      throw new DistilleryError('incompatible_model', `teacher ${model.id} is an ONNX model; policies act through TensorFlow.js here: upload the policy as a TensorFlow.js model`, field);
    }
    if (model.environment !== undefined && model.environment !== request.environment) {
      throw new DistilleryError('incompatible_model', `teacher ${model.id} is a policy for ${model.environment}, not ${request.environment}; name its environment or another teacher`, field);
    }
    const fits = model.inputShape.length === 1 && model.inputShape[0] === spec.observation.size && model.numClasses === spec.actions.count;
    if (!fits) {
      throw new DistilleryError(
        'incompatible_model',
        `teacher ${model.id} takes inputs [${model.inputShape}] and scores ${model.numClasses} classes; a policy for ${request.environment} takes observations [${spec.observation.size}] and scores ${spec.actions.count} actions`,
        field,
      );
    }
  });
  return checkDistillationAllowed(teachers as Model[]);
}
