import { Type, type Static } from 'typebox';

/**
 * A graph neural network that classifies the nodes of one graph: `gcn`
 * (Kipf & Welling 2017, symmetric normalisation with self-loops) or `sage`
 * (GraphSAGE, Hamilton et al. 2017, mean aggregator: each layer adds a
 * node's own transform to the mean of its neighbours'). `hidden` gives the
 * widths of the hidden layers, so `[128]` is the usual two-layer network.
 * Dropout applies to every layer's input.
 */
export const GraphNetworkArchitecture = Type.Object(
  {
    kind: Type.Union([Type.Literal('gcn'), Type.Literal('sage')]),
    hidden: Type.Array(Type.Integer({ minimum: 1, maximum: 1024 }), { minItems: 1, maxItems: 4, default: [128] }),
    dropout: Type.Optional(Type.Number({ minimum: 0, maximum: 0.9, default: 0 })),
  },
  { additionalProperties: false },
);
export type GraphNetworkArchitecture = Static<typeof GraphNetworkArchitecture>;

/**
 * Full-graph training of a graph network: one Adam step per epoch over every
 * training node, stopped when validation accuracy has not improved for
 * `patience` epochs; the weights of the best validation epoch are kept.
 */
export const GraphTraining = Type.Object(
  {
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500, description: 'At most this many epochs.' })),
    patience: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 50 })),
    learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.01 })),
    weightDecay: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 5e-4, description: 'L2 penalty added to the gradient (PyTorch Adam weight_decay).' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 1 })),
  },
  { additionalProperties: false },
);
export type GraphTraining = Static<typeof GraphTraining>;
export type ResolvedGraphTraining = Required<GraphTraining>;

/**
 * A contextual stochastic block model (Deshpande et al. 2018), the synthetic
 * graph of the graph family: `classes` balanced classes; each node's features
 * are its class mean plus standard normal noise, the class means about
 * `signal` apart (random directions, near orthogonal when features ≫
 * classes); `averageDegree * nodes / 2`
 * edges, each between two nodes of the same class with probability
 * `homophily`. Split as Planetoid splits: `trainPerClass` labelled training
 * nodes per class, then `valNodes` and `testNodes` nodes, all drawn from the
 * seed.
 */
export const CsbmOptions = Type.Object(
  {
    nodes: Type.Optional(Type.Integer({ minimum: 10, maximum: 1_000_000, default: 2000 })),
    classes: Type.Optional(Type.Integer({ minimum: 2, maximum: 64, default: 4 })),
    features: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024, default: 32 })),
    averageDegree: Type.Optional(Type.Number({ minimum: 0, maximum: 200, default: 8 })),
    homophily: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.8 })),
    signal: Type.Optional(Type.Number({ minimum: 0, maximum: 100, default: 1 })),
    trainPerClass: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 20 })),
    valNodes: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 500 })),
    testNodes: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 0 })),
  },
  { additionalProperties: false },
);
export type CsbmOptions = Static<typeof CsbmOptions>;
export type ResolvedCsbmOptions = Required<CsbmOptions>;

/**
 * How big a graph a worker takes: node tensors hold at most `values` numbers
 * (nodes × the widest of the features and the hidden layers, float32: 256 MiB,
 * a 1,000,000-node graph at width 64), and a graph at most `edges` distinct
 * undirected edges (80 MB of endpoints before the neighbour lists). The graph
 * and the teacher's activations sit on the worker whole. An upload may list
 * each edge in both directions, so it may hold up to twice `edges` rows.
 */
export const GRAPH_LIMITS = { values: 64_000_000, edges: 10_000_000 } as const;

/** What a graph dataset holds: the upload's counts after validation. */
export const GraphSummary = Type.Object(
  {
    nodes: Type.Integer(),
    edges: Type.Integer({ description: 'Distinct undirected edges, self-loops left out.' }),
    features: Type.Integer(),
    classes: Type.Integer(),
    splits: Type.Object({ train: Type.Integer(), val: Type.Integer(), test: Type.Integer() }, { description: 'Nodes in each split; every one of them is labelled.' }),
    labelledNodes: Type.Integer({ description: 'Nodes with a label, in a split or not.' }),
  },
  { description: 'Present on graph datasets (uploaded as graph-npy or graph-json): they train in distill-graph jobs.' },
);
export type GraphSummary = Static<typeof GraphSummary>;
