import { DistilleryError, GRAPH_LIMITS, type Dataset, type ResolvedCsbmOptions } from '@distillery/contracts';
import { GRAPH_DISTILLATION_DEFAULTS, type DistillGraphJobRequest } from '@distillery/jobs';
import { CSBM_DEFAULTS } from '@distillery/kd';

/** Cora's shape, for the size check: it is loaded only on the worker. */
const CORA = { nodes: 2708, features: 1433, testNodes: 1000 };

/**
 * What the schema cannot check in a distill-graph request: an uploaded
 * graph must exist and be a graph, a generated graph's split must fit in its
 * nodes, and the graph in a worker (GRAPH_LIMITS). Refused at submission,
 * with the field to change, rather than failing on a worker. `dataset` is
 * the record the request names, when it names one the tenant owns.
 */
export function checkGraphRequest(request: DistillGraphJobRequest, dataset: Dataset | undefined): void {
  const source = request.graph;
  let nodes: number;
  let features: number;
  let testNodes: number;
  let field = '/graph';
  if ('dataset' in source) {
    field = '/graph/dataset';
    if (!dataset) throw new DistilleryError('unknown_dataset', `dataset ${source.dataset} does not exist; upload a graph with POST /v1/datasets (format graph-npy or graph-json)`, field);
    if (!dataset.graph) {
      throw new DistilleryError('incompatible_dataset', `dataset ${dataset.id} is a table of samples, not a graph; upload the graph as graph-npy or graph-json, or use a built-in graph ({"builtin": "cora"})`, field);
    }
    ({ nodes, features } = dataset.graph);
    testNodes = dataset.graph.splits.test;
  } else if (source.builtin === 'cora') {
    ({ nodes, features, testNodes } = CORA);
  } else {
    field = '/graph/options';
    const o = { ...CSBM_DEFAULTS, ...source.options };
    checkCsbmSplit(o);
    ({ nodes, features, testNodes } = o);
    const edges = Math.round((o.nodes * o.averageDegree) / 2);
    if (edges > GRAPH_LIMITS.edges) {
      throw new DistilleryError('job_too_large', `${o.nodes} nodes at average degree ${o.averageDegree} make ${edges} edges; a graph job holds at most ${GRAPH_LIMITS.edges}: fewer nodes or a lower degree`, '/graph/options/averageDegree');
    }
  }
  const method = { ...GRAPH_DISTILLATION_DEFAULTS.method, ...request.method };
  const held = Math.round(testNodes * method.heldOut);
  if (method.setting === 'inductive' && (held < 1 || held >= testNodes)) {
    throw new DistilleryError('invalid_request', `holding out ${method.heldOut} of the graph's ${testNodes} test nodes leaves ${held < 1 ? 'none held out' : 'none observed'}; the inductive setting needs test nodes on both sides: change heldOut or use more test nodes`, '/method/heldOut');
  }
  const widths = [features, ...(request.teacher?.architecture?.hidden ?? GRAPH_DISTILLATION_DEFAULTS.teacher.hidden), ...(request.student?.architecture?.hidden ?? GRAPH_DISTILLATION_DEFAULTS.student.hidden)];
  const widest = Math.max(...widths);
  if (nodes * widest > GRAPH_LIMITS.values) {
    throw new DistilleryError('job_too_large', `${nodes} nodes × width ${widest} (the widest of the features and the hidden layers) is ${nodes * widest} values; a graph job holds at most ${GRAPH_LIMITS.values}: fewer nodes, features or hidden units`, field);
  }
}

function checkCsbmSplit(o: ResolvedCsbmOptions): void {
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
}
