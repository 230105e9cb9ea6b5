import {
  architectureCost,
  architectureLayers,
  DistilleryError,
  type Architecture,
  type ArchitectureLayer,
  type Dataset,
  type Model,
  type ResolvedLayerMethod,
} from '@distillery/contracts';

const describe = (layers: ArchitectureLayer[]) => layers.map((l) => `${l.name} [${l.shape.join(',')}]`).join(', ');
const isMap = (shape: number[]) => shape.length === 3;

/**
 * Submit-time checks of a features or attention job's layer pairs, so that
 * nothing a user could have been told at once fails in a worker later:
 * every teacher a pair reads is a LayersModel that lets its layer be read,
 * every student layer exists in the architecture, and the two outputs can be
 * compared (the same rules as kd's IntermediateObjective and buildAdapter).
 * Teacher shapes are checked here when the service trained the teacher (its
 * architecture is known); an uploaded teacher's are checked by the worker
 * when it loads the model, and the job fails with the same message.
 */
export function checkLayerPairs(method: ResolvedLayerMethod, student: Architecture, teachers: Model[], dataset: Dataset): void {
  const studentLayers = architectureLayers(student, dataset.inputShape, dataset.numClasses);
  if (method.kind === 'attention-matrix' && student.kind !== 'transformer') {
    throw new DistilleryError(
      'unsupported_architecture',
      `attention-matrix distillation compares transformer attention probabilities, and a ${student.kind} student has none: use a transformer student, or method.kind "features"`,
      '/student/architecture/kind',
    );
  }
  if (method.kind === 'attention' && student.kind !== 'cnn') {
    throw new DistilleryError(
      'unsupported_architecture',
      `attention transfer compares feature maps [height, width, channels], and an ${student.kind} student has none: use a cnn student, or method.kind "features"`,
      '/student/architecture/kind',
    );
  }
  method.pairs.forEach((pair, i) => {
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
        `${role} is a graph model (tfjs-graph); ${method.kind} distillation reads teacher layers by name, which needs a LayersModel: ` +
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
        `the student (${student.kind}) has no layer '${pair.student}'; its layers are: ${describe(studentLayers)}`,
        `${at}/student`,
      );
    }
    if (studentLayer.input) {
      throw new DistilleryError(
        'unsupported_architecture',
        `student layer '${pair.student}' is the student's input${pair.student === 'flatten' ? ', flattened' : ''}: no student weight comes before it, ` +
          `so a term on it trains nothing; pair a later layer (${describe(studentLayers.filter((l) => !l.input && l.name !== 'logits')) || 'logits'})`,
        `${at}/student`,
      );
    }
    if (method.kind === 'attention-matrix' && !studentLayer.attention) {
      throw new DistilleryError(
        'unsupported_architecture',
        `student layer '${pair.student}' is not an attention layer; attention-matrix distillation pairs block attention probabilities: ` +
          `${describe(studentLayers.filter((l) => l.attention))}`,
        `${at}/student`,
      );
    }
    if (studentLayer.attention && method.kind !== 'attention-matrix') {
      // Only attention-matrix distillation compares attention probabilities.
      throw new DistilleryError(
        'unsupported_architecture',
        `student layer '${pair.student}' holds attention probabilities [heads, tokens, tokens], which ${method.kind} distillation does not compare: ` +
          `pair the pooled vector 'pool' [${studentLayers.find((l) => l.name === 'pool')?.shape.join(',') ?? ''}] or 'logits'`,
        `${at}/student`,
      );
    }
    if (method.kind === 'attention' && !isMap(studentLayer.shape)) {
      throw new DistilleryError(
        'unsupported_architecture',
        `student layer '${pair.student}' outputs [${studentLayer.shape.join(',')}]; attention transfer needs a feature map [height, width, channels]: ` +
          `pair a conv or pool layer (${describe(studentLayers.filter((l) => isMap(l.shape)))})`,
        `${at}/student`,
      );
    }
    const teacherShape = teacherLayerShape(teacher, pair.teacher);
    if (teacherShape) checkShapes(method.kind, pair.teacher, teacherShape, studentLayer, role, at);
  });
}

/** The teacher layer's per-sample shape when the service built the teacher; undefined for uploaded models. */
function teacherLayerShape(teacher: Model, layer: string): number[] | undefined {
  if (!teacher.architecture) return undefined;
  return architectureLayers(teacher.architecture, teacher.inputShape, teacher.numClasses).find((l) => l.name === layer)?.shape;
}

function checkShapes(kind: ResolvedLayerMethod['kind'], teacherLayer: string, teacherShape: number[], student: ArchitectureLayer, role: string, at: string): void {
  const both = `student '${student.name}' outputs [${student.shape.join(',')}], ${role} '${teacherLayer}' [${teacherShape.join(',')}]`;
  if (kind === 'attention-matrix') {
    // [heads, tokens, tokens]: head counts may differ (both sides are averaged over heads), token counts may not.
    if (teacherShape.length !== 3 || teacherShape[1] !== teacherShape[2] || teacherShape[1] !== student.shape[1]) {
      throw new DistilleryError(
        'incompatible_model',
        `attention-matrix distillation compares attention probabilities over the same tokens; ${both}: pair a teacher attention layer with as many tokens (same sequence length, same patch size)`,
        `${at}/teacher`,
      );
    }
    return;
  }
  if (kind === 'attention') {
    if (!isMap(teacherShape)) {
      throw new DistilleryError(
        'incompatible_model',
        `attention transfer compares feature maps [height, width, channels]; ${both}: pair conv or pool layers`,
        `${at}/teacher`,
      );
    }
    return;
  }
  // Same shape: compared as they are; two vectors: a dense adapter; two maps: pooling and a 1x1 convolution.
  if (teacherShape.length !== student.shape.length || (teacherShape.length !== 1 && !isMap(teacherShape))) {
    throw new DistilleryError(
      'incompatible_model',
      `cannot pair these layers: ${both}. Pair vectors (flatten, dense) with vectors and feature maps [height, width, channels] (conv, pool) with feature maps`,
      at,
    );
  }
}

/**
 * Multiply-adds per sample of the teachers' forward passes that a step runs
 * when their layer outputs are computed on the fly (a whole forward pass: an
 * upper bound on running up to the paired layers). Uploaded teachers, whose
 * cost is not known here, count as zero.
 */
export function teacherStepCostPerSample(method: ResolvedLayerMethod, teachers: Model[]): number {
  const read = new Set(method.pairs.map((p) => p.teacherIndex));
  let total = 0;
  for (const index of read) {
    const teacher = teachers[index];
    if (teacher?.architecture) total += architectureCost(teacher.architecture, teacher.inputShape, teacher.numClasses).multiplyAddsPerSample;
  }
  return total;
}
