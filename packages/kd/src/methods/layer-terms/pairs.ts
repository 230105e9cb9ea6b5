import {
  architectureCost,
  architectureLayers,
  DistilleryError,
  type Architecture,
  type ArchitectureCost,
  type ArchitectureLayer,
  type Model,
} from '@distillery/contracts';
import { Type, type Static } from 'typebox';
import { alphaOption } from '../logits/contract.ts';
import type { SubmittedDistillation } from '../method.ts';

/** One teacher layer guiding one student layer, as a job names them. */
export const LayerPair = Type.Object(
  {
    teacher: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "A layer of the teacher; it must be one of the teacher model's readableOutputs.",
    }),
    student: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits.',
    }),
    weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, default: 1, description: "Multiplies this pair's term." })),
    teacherIndex: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 15, default: 0, description: 'Which entry of `teachers` the teacher layer belongs to (0-based).' }),
    ),
  },
  { additionalProperties: false },
);
export type LayerPair = Static<typeof LayerPair>;
export type ResolvedLayerPair = Required<LayerPair>;

/** The logit term's weight in a layer method, whose layer terms come on top. */
export const layerMethodAlpha = () =>
  alphaOption('Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.');

export const layerPairs = () => Type.Array(LayerPair, { minItems: 1, maxItems: 32 });

export const resolvePairs = (pairs: LayerPair[]): ResolvedLayerPair[] => pairs.map((pair) => ({ weight: 1, teacherIndex: 0, ...pair }));

export const describeLayerList = (layers: ArchitectureLayer[]) => layers.map((l) => `${l.name} [${l.shape.join(',')}]`).join(', ');

/** What one layer method adds to the checks every layer method shares. */
export interface LayerPairRules {
  /** Refuses a student architecture the method cannot read (attention transfer needs feature maps). */
  checkStudent?(architecture: Architecture): void;
  /** Refuses a student layer the method cannot compare; `layers` lists the student's layers for the message. */
  checkStudentLayer(layer: ArchitectureLayer, layers: ArchitectureLayer[], at: string): void;
  /** Refuses a teacher layer shape that cannot meet the student's; `both` describes the two for the message. */
  checkShapes(both: string, teacherShape: number[], student: ArchitectureLayer, at: string): void;
}

/**
 * Submit-time checks of a layer method's pairs, so that nothing a user could
 * have been told at once fails in a worker later: every teacher a pair reads
 * is a LayersModel that lets its layer be read, every student layer exists in
 * the architecture, and the two outputs can be compared (the same rules as
 * the method's terms in the worker). Teacher shapes are checked here when the
 * service trained the teacher (its architecture is known) or measured them at
 * an ONNX upload; an uploaded TensorFlow.js teacher's are checked by the
 * worker when it loads the model, and the job fails with the same message.
 */
export function checkLayerPairs(kind: string, rules: LayerPairRules, pairs: ResolvedLayerPair[], job: SubmittedDistillation): void {
  const { student, teachers, dataset } = job;
  const studentLayers = architectureLayers(student, dataset.inputShape, dataset.numClasses);
  rules.checkStudent?.(student);
  pairs.forEach((pair, i) => {
    const at = `/method/pairs/${i}`;
    const teacher = teachers[pair.teacherIndex];
    if (!teacher) {
      throw new DistilleryError(
        'unknown_model',
        `pair ${i} reads teacher ${pair.teacherIndex}, but the job has ${teachers.length} teacher(s), numbered from 0 in the order of "teachers"`,
        `${at}/teacherIndex`,
      );
    }
    const role = `teacher ${pair.teacherIndex} (${teacher.id})`;
    if (teacher.format === 'tfjs-graph') {
      throw new DistilleryError(
        'incompatible_model',
        `${role} is a graph model (tfjs-graph); ${kind} distillation reads teacher layers by name, which needs a LayersModel: ` +
          'upload the teacher as a LayersModel (tensorflowjs_converter --output_format tfjs_layers_model), or use method.kind "logits"',
        `/teachers/${pair.teacherIndex}/model`,
      );
    }
    if (!teacher.readableOutputs.includes(pair.teacher)) {
      const readable = teacher.readableOutputs.length > 0 ? `its readable layers are: ${teacher.readableOutputs.join(', ')}` : 'it lets no layer be read';
      throw new DistilleryError(
        'incompatible_model',
        `${role} has no readable layer '${pair.teacher}'; ${readable}. Models the service trained list all their layers; ` +
          'an uploaded model lists only the layers its uploader allowed (the readableOutputs field of the upload)',
        `${at}/teacher`,
      );
    }
    const studentLayer = studentLayers.find((l) => l.name === pair.student);
    if (!studentLayer) {
      throw new DistilleryError(
        'unsupported_architecture',
        `the student (${student.kind}) has no layer '${pair.student}'; its layers are: ${describeLayerList(studentLayers)}`,
        `${at}/student`,
      );
    }
    if (studentLayer.input) {
      throw new DistilleryError(
        'unsupported_architecture',
        `student layer '${pair.student}' is the student's input${pair.student === 'flatten' ? ', flattened' : ''}: no student weight comes before it, ` +
          `so a term on it trains nothing; pair a later layer (${describeLayerList(studentLayers.filter((l) => !l.input && l.name !== 'logits')) || 'logits'})`,
        `${at}/student`,
      );
    }
    rules.checkStudentLayer(studentLayer, studentLayers, `${at}/student`);
    const teacherShape = teacherLayerShape(teacher, pair.teacher);
    if (teacherShape) {
      const both = `student '${studentLayer.name}' outputs [${studentLayer.shape.join(',')}], ${role} '${pair.teacher}' [${teacherShape.join(',')}]`;
      rules.checkShapes(both, teacherShape, studentLayer, at);
    }
  });
}

/** The teacher layer's per-sample shape when the service knows it (it built the teacher, or measured it at an ONNX upload); undefined for uploaded TensorFlow.js models. */
function teacherLayerShape(teacher: Model, layer: string): number[] | undefined {
  if (teacher.onnx) return teacher.onnx.readableShapes?.[layer];
  if (!teacher.architecture) return undefined;
  return architectureLayers(teacher.architecture, teacher.inputShape, teacher.numClasses).find((l) => l.name === layer)?.shape;
}

/**
 * The teachers' forward passes that a step runs when their layer outputs are
 * computed on the fly, summed (a whole forward pass: an upper bound on running
 * up to the paired layers). Uploaded teachers, whose cost is not known here,
 * count as zero.
 */
export function teachersInStepCost(pairs: ResolvedLayerPair[], teachers: Model[]): ArchitectureCost {
  const total: ArchitectureCost = { parameters: 0, multiplyAddsPerSample: 0, activationsPerSample: 0 };
  for (const index of new Set(pairs.map((p) => p.teacherIndex))) {
    const teacher = teachers[index];
    if (!teacher?.architecture) continue;
    const cost = architectureCost(teacher.architecture, teacher.inputShape, teacher.numClasses);
    total.parameters += cost.parameters;
    total.multiplyAddsPerSample += cost.multiplyAddsPerSample;
    total.activationsPerSample += cost.activationsPerSample;
  }
  return total;
}

/** Feature maps [height, width, channels] (conv and pool layers). */
export const isFeatureMap = (shape: number[]) => shape.length === 3;

/** Attention layers hold probabilities, which only attention-matrix distillation compares. */
export function refuseAttentionLayer(kind: string, layer: ArchitectureLayer, layers: ArchitectureLayer[], at: string): void {
  if (!layer.attention) return;
  throw new DistilleryError(
    'unsupported_architecture',
    `student layer '${layer.name}' holds attention probabilities [heads, tokens, tokens], which ${kind} distillation does not compare: ` +
      `pair the pooled vector 'pool' [${layers.find((l) => l.name === 'pool')?.shape.join(',') ?? ''}] or 'logits'`,
    at,
  );
}
