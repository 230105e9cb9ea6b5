import { DistilleryError } from './errors.ts';
import type { Model } from './models.ts';

/** A teacher whose licence says nothing about distillation: allowed, and said so in the job's report. */
export interface LicenceWarning {
  code: 'distillation_permission_unknown';
  model: string;
  message: string;
}

/**
 * The one rule on which teachers may teach, applied at submission and again in
 * the report: a teacher marked `forbidden` refuses the whole job; `unknown` is
 * allowed with a warning (the uploader did not say, and most research licences
 * do not either); `allowed` passes silently. Models the service trained itself
 * are `allowed`: the user trained them.
 */
export function checkDistillationAllowed(teachers: readonly Model[]): LicenceWarning[] {
  teachers.forEach((teacher, index) => {
    if (teacher.distillation === 'forbidden') {
      throw new DistilleryError(
        'distillation_forbidden',
        `teacher ${teacher.id} (${teacher.name}) is licensed ${teacher.license} and marked "distillation": "forbidden"; its licence does not allow training other models on its outputs. Remove it from teachers.`,
        `/teachers/${index}/model`,
      );
    }
  });
  return teachers
    .filter((teacher) => teacher.distillation === 'unknown')
    .map((teacher) => ({
      code: 'distillation_permission_unknown',
      model: teacher.id,
      message: `teacher ${teacher.id} (${teacher.name}, licence ${teacher.license}) does not say whether its licence allows distillation; check it before you ship this student`,
    }));
}
