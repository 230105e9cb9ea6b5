import { aggregationWithDefaults, gateWithDefaults, stageNames, type Stage } from '@distillery/contracts';
import { methodModule, resolveMethod, type LayerExtraction, type ResolvedMethod } from '@distillery/kd';
import { QueueNames } from '../../queues.ts';
import { JobResult } from '../../result.ts';
import { entry, jobOptions, type FlowNode } from '../flow.ts';
import { DistillJobRequest } from './request.ts';
import { AggregateData, AggregateOutput, DistillData, TeacherLogitsData, TeacherLogitsOutput, validationRowsOf } from './subjobs.ts';

const subjobs = {
  'teacher-logits': entry({
    queue: QueueNames.teacher,
    data: TeacherLogitsData,
    result: TeacherLogitsOutput,
    attempts: 3,
    stage: (data) => stageNames.teacher((data as TeacherLogitsData).index),
    topLevel: false,
  }),
  aggregate: entry({ queue: QueueNames.aggregate, data: AggregateData, result: AggregateOutput, attempts: 3, stage: () => stageNames.aggregate, topLevel: false }),
  distill: entry({ queue: QueueNames.train, data: DistillData, result: JobResult, attempts: 2, stage: () => stageNames.train, topLevel: true }),
};

/**
 * distill (queue train) <- aggregate (queue aggregate) <- one teacher-logits
 * job per teacher (queue teacher). BullMQ runs a parent only when its children
 * have finished; a failed child fails its parent, so a broken teacher fails
 * the job instead of leaving it waiting for children forever.
 */
export const distillFlow = {
  type: 'distill',
  request: DistillJobRequest,
  subjobs,
  stages: (request: DistillJobRequest): Stage[] => [...teacherStages(request), { name: stageNames.train, status: 'queued' }],
  build(id: string, request: DistillJobRequest): FlowNode {
    return {
      name: 'distill',
      queueName: QueueNames.train,
      data: { jobId: id, request } satisfies DistillData,
      opts: jobOptions(id, subjobs.distill),
      children: [teacherStage(id, request, [resolveMethod(request.method)])],
    };
  },
} as const;

/** The stages of the teacher side: each teacher's subjob, then the aggregation. */
export function teacherStages(request: DistillJobRequest): Stage[] {
  return [
    ...request.teachers.map((t, i): Stage => ({ name: stageNames.teacher(i), status: 'queued', model: t.model })),
    { name: stageNames.aggregate, status: 'queued' },
  ];
}

/**
 * The aggregation and, as its children, one teacher subjob per teacher, each
 * extracting what any of `methods` reads from it (a sweep comparing methods
 * runs the teachers once for all of them). The aggregation tempers the
 * teachers as the first method asks.
 */
export function teacherStage(id: string, request: DistillJobRequest, methods: ResolvedMethod[]): FlowNode {
  const transfer = request.transfer?.dataset ?? request.dataset;
  const aggregation = aggregationWithDefaults(request.aggregation);
  const gate = gateWithDefaults(request);
  const targets = methodModule(methods[0]!.kind).targets(methods[0]!);
  // Every teacher is evaluated on the same slice of the labelled training split.
  const validation = validationRowsOf(request);
  const extractions = request.teachers.map((_, index) => teacherExtractions(methods, index));
  const limitSharedBy = extractions.filter((layers) => layers.length > 0).length;
  return {
    name: 'aggregate',
    queueName: QueueNames.aggregate,
    data: {
      jobId: id,
      teachers: request.teachers.map((t, i) => ({
        model: t.model,
        weight: t.weight ?? 1,
        ...(gate.minAccuracy[i] !== undefined ? { minAccuracy: gate.minAccuracy[i] } : {}),
      })),
      strategy: aggregation.strategy,
      weights: aggregation.weights,
      onGateFail: gate.onGateFail,
      temperature: targets.temperature,
      ...(targets.standardize ? { standardize: true } : {}),
    } satisfies AggregateData,
    opts: jobOptions(`${id}-aggregate`, subjobs.aggregate, true),
    children: request.teachers.map((teacher, index) => ({
      name: 'teacher-logits',
      queueName: QueueNames.teacher,
      data: {
        jobId: id,
        index,
        model: teacher.model,
        dataset: request.dataset,
        transfer,
        validation,
        ...(extractions[index]!.length > 0 ? { features: { layers: extractions[index]!, limitSharedBy } } : {}),
      } satisfies TeacherLogitsData,
      opts: jobOptions(`${id}-teacher-${index}`, subjobs['teacher-logits'], true),
    })),
  };
}

/** What the methods read from teacher `index`, each extraction once. */
function teacherExtractions(methods: ResolvedMethod[], index: number): LayerExtraction[] {
  const seen = new Map<string, LayerExtraction>();
  for (const method of methods) {
    for (const extraction of methodModule(method.kind).teacherLayers?.(method, index) ?? []) {
      seen.set(`${extraction.layer}\u0000${extraction.attentionP ?? ''}`, extraction);
    }
  }
  return [...seen.values()];
}
