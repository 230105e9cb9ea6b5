/**
 * Request examples of the main operations, by operationId and media type,
 * as OpenAPI media-type `examples`; multipart bodies also get their
 * `encoding`. They live here rather than in the contracts because a schema
 * shared by API, workers and client should not carry one route's samples.
 * test/openapi.test.ts lints them against the schemas
 * (no-invalid-media-type-examples) and checks that every entry reaches the
 * document.
 */

export interface Example {
  summary: string;
  description?: string;
  value: unknown;
}

export interface MediaExtras {
  examples: Record<string, Example>;
  /** multipart/form-data: how each part is sent. */
  encoding?: Record<string, { contentType: string }>;
}

/** A file part, shown by its file name: a client sends the file's bytes. */
const file = (name: string) => `(contents of ${name})`;

const json = { contentType: 'application/json' };

export const requestExamples: Record<string, Record<string, MediaExtras>> = {
  createDataset: {
    'application/json': {
      examples: {
        builtin: {
          summary: 'Built-in MNIST: 10,000 training and 2,000 test images',
          value: { name: 'mnist-10k', source: { builtin: 'mnist', options: { trainSize: 10000, testSize: 2000 } } },
        },
        transferSet: {
          summary: 'An unlabelled transfer set carved from the rest of MNIST',
          value: { name: 'mnist-unlabelled', source: { builtin: 'mnist', options: { offset: 10000, trainSize: 10000, testSize: 1, labelled: false } } },
        },
      },
    },
    'multipart/form-data': {
      examples: {
        csv: {
          summary: 'Upload a CSV file with a label column; 20% held out for testing',
          value: { name: 'iris', format: 'csv', labelColumn: 'species', testRatio: 0.2, seed: 7, train: file('iris.csv') },
        },
        npy: {
          summary: 'Upload NPY arrays: features and labels, train and test',
          value: { name: 'digits', format: 'npy', x: file('x.npy'), y: file('y.npy'), testX: file('test_x.npy'), testY: file('test_y.npy') },
        },
      },
    },
  },
  uploadModel: {
    'multipart/form-data': {
      examples: {
        graphModel: {
          summary: 'A GraphModel converted from a SavedModel, allowed to teach',
          value: {
            name: 'resnet-ish teacher',
            license: 'Apache-2.0',
            distillation: 'allowed',
            readableOutputs: ['block3_conv2'],
            metadata: { trainedOn: 'cifar10' },
            files: [file('model.json'), file('group1-shard1of2.bin'), file('group1-shard2of2.bin')],
          },
        },
      },
      // Arrays and objects are single parts holding JSON text, not repeated parts.
      encoding: { readableOutputs: json, inputShape: json, metadata: json },
    },
  },
  submitJob: {
    'application/json': {
      examples: {
        train: {
          summary: 'Train a teacher from scratch',
          value: {
            type: 'train',
            dataset: 'ds_mnist10k',
            model: { architecture: { kind: 'cnn', filters: [16, 32], dense: [64] }, name: 'cnn-teacher' },
            training: { epochs: 3, batchSize: 64, learningRate: 0.002, seed: 1 },
          },
        },
        distill: {
          summary: 'Distil two teachers into a small student, with a transfer set and a baseline',
          value: {
            type: 'distill',
            dataset: 'ds_mnist1k',
            teachers: [{ model: 'm_mlpteacher' }, { model: 'm_cnnteacher', weight: 2 }],
            student: { architecture: { kind: 'mlp', hidden: [32] } },
            method: { kind: 'logits', temperature: 4, alpha: 0.9 },
            aggregation: { strategy: 'weighted' },
            transfer: { dataset: 'ds_unlabelled' },
            training: { epochs: 5, batchSize: 64, learningRate: 0.002, seed: 1 },
            baseline: true,
          },
        },
        features: {
          summary: 'Feature distillation (FitNets) between paired CNN layers',
          value: {
            type: 'distill',
            dataset: 'ds_mnist10k',
            teachers: [{ model: 'm_cnnteacher' }],
            student: { architecture: { kind: 'cnn', filters: [8, 16], dense: [32] } },
            method: { kind: 'features', loss: 'mse', hintEpochs: 1, pairs: [{ teacher: 'pool2', student: 'pool2' }] },
            baseline: true,
          },
        },
        attention: {
          summary: 'Attention transfer on two pairs of CNN feature maps',
          value: {
            type: 'distill',
            dataset: 'ds_mnist10k',
            teachers: [{ model: 'm_cnnteacher' }],
            student: { architecture: { kind: 'cnn', filters: [8, 16] } },
            method: { kind: 'attention', p: 2, pairs: [{ teacher: 'conv1', student: 'conv1' }, { teacher: 'conv2', student: 'conv2' }] },
            timeoutSeconds: 3600,
          },
        },
      },
    },
  },
};
