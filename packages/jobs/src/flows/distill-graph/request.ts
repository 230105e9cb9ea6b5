import { CsbmOptions, GraphNetworkArchitecture, GraphTraining, Id, License, MlpArchitecture, TimeoutSeconds } from '@distillery/contracts';
import { DEFAULT_GRAPH_TRAINING } from '@distillery/kd';
import { Type, type Static } from 'typebox';

/**
 * GLNN's Cora settings (Zhang et al. 2022): a GraphSAGE [128] teacher, an
 * MLP [128] student with dropout 0.6 and weight decay 5e-3, λ = 0.
 */
export const GRAPH_DISTILLATION_DEFAULTS = {
  teacher: { kind: 'sage', hidden: [128], dropout: 0 } satisfies GraphNetworkArchitecture,
  teacherTraining: DEFAULT_GRAPH_TRAINING,
  student: { kind: 'mlp', hidden: [128], dropout: 0.6 } satisfies MlpArchitecture,
  studentTraining: { epochs: 300, learningRate: 0.01, weightDecay: 5e-3, batchSize: 4096, seed: 1 },
  method: { lambda: 0, temperature: 1, setting: 'transductive', heldOut: 0.2 },
} as const;

/** A graph the user uploaded (graph-npy or graph-json), one the service ships (Cora with the Planetoid split), or a seeded synthetic CSBM graph. */
export const GraphSource = Type.Union(
  [
    Type.Object({ dataset: Type.With(Id, { description: 'A graph dataset (`ds_…`) uploaded as graph-npy or graph-json.' }) }, { additionalProperties: false }),
    Type.Object({ builtin: Type.Literal('cora') }, { additionalProperties: false, description: 'Cora, 2,708 papers, 7 classes, the Planetoid split (140 / 500 / 1,000).' }),
    Type.Object({ builtin: Type.Literal('csbm'), options: Type.Optional(CsbmOptions) }, { additionalProperties: false, description: 'A contextual stochastic block model graph, generated from its options.' }),
  ],
  { $id: 'GraphSource' },
);
export type GraphSource = Static<typeof GraphSource>;

/** λ·CE on the labelled nodes + (1 − λ)·KL(teacher ‖ student) on the nodes the student may see. */
export const GraphMethod = Type.Object(
  {
    kind: Type.Literal('graph'),
    lambda: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: GRAPH_DISTILLATION_DEFAULTS.method.lambda, description: 'Weight of the labels; 1 − lambda weights the teacher.' })),
    temperature: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: GRAPH_DISTILLATION_DEFAULTS.method.temperature })),
    setting: Type.Optional(
      Type.Union([Type.Literal('transductive'), Type.Literal('inductive')], {
        default: GRAPH_DISTILLATION_DEFAULTS.method.setting,
        description: 'transductive: the student learns from every node; inductive: a share of the test nodes is held out of the graph the teacher and the student train on, and they are scored on those.',
      }),
    ),
    heldOut: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: GRAPH_DISTILLATION_DEFAULTS.method.heldOut, description: 'inductive only: the share of the test nodes held out.' })),
  },
  { additionalProperties: false },
);

/** Trains a GNN teacher on a graph and distils it into an MLP that classifies a node from its own features. */
export const DistillGraphJobRequest = Type.Object(
  {
    type: Type.Literal('distill-graph'),
    graph: GraphSource,
    teacher: Type.Optional(
      Type.Object({ architecture: Type.Optional(GraphNetworkArchitecture), training: Type.Optional(GraphTraining) }, { additionalProperties: false }),
    ),
    student: Type.Optional(
      Type.Object(
        {
          architecture: Type.Optional(MlpArchitecture),
          training: Type.Optional(
            Type.Object(
              {
                epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: GRAPH_DISTILLATION_DEFAULTS.studentTraining.epochs, description: 'The weights of the best validation epoch are kept.' })),
                learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: GRAPH_DISTILLATION_DEFAULTS.studentTraining.learningRate })),
                weightDecay: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: GRAPH_DISTILLATION_DEFAULTS.studentTraining.weightDecay })),
                batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_536, default: GRAPH_DISTILLATION_DEFAULTS.studentTraining.batchSize })),
                seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: GRAPH_DISTILLATION_DEFAULTS.studentTraining.seed })),
              },
              { additionalProperties: false },
            ),
          ),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          license: Type.Optional(License),
        },
        { additionalProperties: false },
      ),
    ),
    method: Type.Optional(GraphMethod),
    baseline: Type.Optional(Type.Boolean({ default: true, description: 'Also train the same MLP on the labels alone.' })),
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  { additionalProperties: false, $id: 'DistillGraphJobRequest' },
);
export type DistillGraphJobRequest = Static<typeof DistillGraphJobRequest>;

/** A network's accuracy as the teacher stage stores it: on the test nodes; inductive, on the held-out ones and the observed ones. */
export const GraphNodeScores = Type.Object({ test: Type.Number(), observedTest: Type.Optional(Type.Number()) });

/** A distill-graph request with every default filled in: what both subjobs run from. */
export function graphDistillationWithDefaults(request: DistillGraphJobRequest) {
  const d = GRAPH_DISTILLATION_DEFAULTS;
  const teacher = request.teacher?.architecture ?? d.teacher;
  const student = request.student?.training ?? {};
  const method = { ...d.method, ...request.method };
  return {
    teacher: { architecture: { kind: teacher.kind, hidden: [...teacher.hidden], dropout: teacher.dropout ?? 0 }, training: { ...d.teacherTraining, ...request.teacher?.training } },
    student: { architecture: request.student?.architecture ?? { ...d.student, hidden: [...d.student.hidden] }, training: { ...d.studentTraining, ...student } },
    method,
    /** Which nodes both may train on: the inductive split is drawn from the student's seed. */
    setting: { setting: method.setting, heldOut: method.heldOut, splitSeed: student.seed ?? d.studentTraining.seed },
  };
}

const nodeScores = {
  testAccuracy: Type.Number({ description: 'On the test nodes; inductive: on the held-out ones.' }),
  observedTestAccuracy: Type.Optional(Type.Number({ description: 'inductive only: on the test nodes left in the observed graph.' })),
  bestEpoch: Type.Integer({ description: 'The epoch whose weights were kept: the best on the validation nodes.' }),
};
const Serving = Type.Object({ perNodeMs: Type.Number(), perBatchMs: Type.Number() });

/** What a distill-graph job reports in `result.metrics.graph`. */
export const GraphDistillationMetrics = Type.Object(
  {
    graph: Type.Object({ source: Type.String(), nodes: Type.Integer(), edges: Type.Integer(), features: Type.Integer(), classes: Type.Integer() }),
    setting: Type.String(),
    teacher: Type.Object({
      ...nodeScores,
      parameters: Type.Integer(),
      epochs: Type.Integer({ description: 'Epochs run before early stopping.' }),
      cached: Type.Boolean({ description: 'The same teacher (graph, network, training and setting) was found in the teacher-output cache, trained by an earlier job of the tenant.' }),
    }),
    student: Type.Object({ ...nodeScores, parameters: Type.Integer() }),
    baseline: Type.Optional(Type.Object(nodeScores, { description: 'The same MLP, seed, optimizer steps and selection, on the labels alone.' })),
    parameterRatio: Type.Number({ description: "Student's parameters over the teacher's." }),
    latency: Type.Object(
      {
        teacher: Serving,
        student: Serving,
        speedup: Type.Object({ perNode: Type.Number(), perBatch: Type.Number() }),
        batchSize: Type.Integer(),
        teacherNodesPerNode: Type.Number({ description: 'Nodes the teacher fetched, on average, to classify one: its L-hop neighbourhood.' }),
      },
      { description: "Medians on the worker, fetching the teacher's neighbourhood included: 100 single test nodes, and 5 runs over all test nodes at once." },
    ),
  },
  { $id: 'GraphDistillationMetrics' },
);
export type GraphDistillationMetrics = Static<typeof GraphDistillationMetrics>;
