import { DistilleryError } from '@distillery/contracts';
import { GRAPH_DISTILLATION_DEFAULTS, type DistillGraphJobRequest } from '@distillery/jobs';
import { CSBM_DEFAULTS } from '@distillery/kd';

/**
 * The widest per-node tensor a graph job may make (nodes × the widest of the
 * features and the hidden layers, float32): 64 million values, 256 MiB, a
 * 1,000,000-node graph at width 64. The graph and the teacher's activations
 * sit on the worker whole.
 */
export const MAX_GRAPH_VALUES = 64_000_000;
/** The most undirected edges of a generated graph: 10 million, 80 MB of endpoints before the neighbour lists. */
export const MAX_GRAPH_EDGES = 10_000_000;

/**
 * What the schema cannot check in a distill-graph request: a generated
 * graph's split must fit in its nodes, and the graph in a worker. Refused at
 * submission, with the field to change, rather than failing on a worker.
 */
export function checkGraphRequest(request: DistillGraphJobRequest): void {
  if (request.graph.builtin !== 'csbm') return;
  const o = { ...CSBM_DEFAULTS, ...request.graph.options };
  const needed = o.trainPerClass * o.classes + o.valNodes + o.testNodes;
  if (needed > o.nodes) {
    throw new DistilleryError(
      'invalid_dataset_options',
      `the split needs ${needed} nodes (trainPerClass ${o.trainPerClass} × classes ${o.classes} + valNodes ${o.valNodes} + testNodes ${o.testNodes}) but the graph has ${o.nodes}: raise nodes or shrink the split`,
      '/graph/options',
    );
  }
  if (o.trainPerClass > Math.floor(o.nodes / o.classes)) {
    throw new DistilleryError('invalid_dataset_options', `each class has about ${Math.floor(o.nodes / o.classes)} nodes, fewer than trainPerClass ${o.trainPerClass}`, '/graph/options/trainPerClass');
  }
  const widths = [o.features, ...(request.teacher?.architecture?.hidden ?? GRAPH_DISTILLATION_DEFAULTS.teacher.hidden), ...(request.student?.architecture?.hidden ?? GRAPH_DISTILLATION_DEFAULTS.student.hidden)];
  const widest = Math.max(...widths);
  if (o.nodes * widest > MAX_GRAPH_VALUES) {
    throw new DistilleryError('job_too_large', `${o.nodes} nodes × width ${widest} (the widest of the features and the hidden layers) is ${o.nodes * widest} values; a graph job holds at most ${MAX_GRAPH_VALUES}: fewer nodes, features or hidden units`, '/graph/options');
  }
  const edges = Math.round((o.nodes * o.averageDegree) / 2);
  if (edges > MAX_GRAPH_EDGES) {
    throw new DistilleryError('job_too_large', `${o.nodes} nodes at average degree ${o.averageDegree} make ${edges} edges; a graph job holds at most ${MAX_GRAPH_EDGES}: fewer nodes or a lower degree`, '/graph/options/averageDegree');
  }
}
