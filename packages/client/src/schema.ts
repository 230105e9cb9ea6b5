// Generated from the API's OpenAPI document by `npm run generate:client`. Do not edit.
export interface paths {
    "/v1/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["listDatasets"];
        put?: never;
        /**
         * Register a built-in dataset (JSON) or upload one (multipart: CSV, JSON Lines or NPY)
         * @description application/json registers a built-in source. multipart/form-data uploads files: `train` (and optionally `test`) for csv and jsonl, `x`, `y`, `testX`, `testY` for npy. Files stream to the store, are validated row by row and converted; errors name the file, row and column.
         */
        post: operations["createDataset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/datasets/builtins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The datasets that ship with the service */
        get: operations["listBuiltinDatasets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/datasets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getDataset"];
        put?: never;
        post?: never;
        /** Delete a dataset and its files; refused while a queued or running job uses it */
        delete: operations["deleteDataset"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Models, newest first, optionally filtered */
        get: operations["listModels"];
        put?: never;
        /**
         * Upload a TensorFlow.js model (layers or graph) trained elsewhere
         * @description multipart/form-data: the text fields, and one `files` part per file (model.json and its weight shards). Arrays and objects (readableOutputs, metadata, inputShape) are sent as JSON text. The model is loaded once to check it.
         */
        post: operations["uploadModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getModel"];
        put?: never;
        post?: never;
        /** Delete a model and its files; refused while a queued or running job uses it */
        delete: operations["deleteModel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{id}/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Model card: lineage (teachers, data, method), results against baseline and teachers, licences */
        get: operations["getModelCard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{id}/card.md": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The model card as Markdown */
        get: operations["getModelCardMarkdown"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{id}/files/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a model file (model.json and the weight files it names) */
        get: operations["downloadModelFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs, newest first */
        get: operations["listJobs"];
        put?: never;
        /** Submit a train or distill job */
        post: operations["submitJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or running job and its subjobs */
        post: operations["cancelJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The job's events (status, stage, progress, log), oldest first
         * @description As JSON by default. With `Accept: text/event-stream`, a live Server-Sent Events stream that ends with a `result` event once the job finishes; reconnect with `Last-Event-ID` to resume.
         */
        get: operations["listJobEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live worker processes, their queues, TensorFlow.js backend and current jobs (admin keys only) */
        get: operations["listWorkers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready when Redis answers */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        CreateDatasetRequest: {
            name: string;
            source: {
                builtin: "mnist" | "iris" | "blobs";
                options?: {
                    /** @description Training samples to take. */
                    trainSize?: number;
                    /** @description Test samples to take. */
                    testSize?: number;
                    /** @description Index of the first training sample taken. */
                    offset?: number;
                    /**
                     * @description false keeps the inputs and drops the labels: an unlabelled transfer set.
                     * @default true
                     */
                    labelled: boolean;
                    classes?: number;
                    features?: number;
                    spread?: number;
                    seed?: number;
                };
            };
        };
        Dataset: {
            id: string;
            tenant: string;
            name: string;
            source: {
                builtin: "mnist" | "iris" | "blobs";
                options?: {
                    /** @description Training samples to take. */
                    trainSize?: number;
                    /** @description Test samples to take. */
                    testSize?: number;
                    /** @description Index of the first training sample taken. */
                    offset?: number;
                    /**
                     * @description false keeps the inputs and drops the labels: an unlabelled transfer set.
                     * @default true
                     */
                    labelled: boolean;
                    classes?: number;
                    features?: number;
                    spread?: number;
                    seed?: number;
                };
            } | {
                upload: {
                    format: "csv" | "jsonl" | "npy";
                    /** @description Uploaded file name by part: train/test (csv, jsonl) or x/y/testX/testY (npy). */
                    files: {
                        [key: string]: string;
                    };
                    labelColumn?: string;
                    testRatio?: number;
                    seed?: number;
                };
            };
            inputShape: number[];
            numClasses: number;
            /** @description Whether any training sample has a label. */
            labelled: boolean;
            /** @description Which training samples have labels; unlabelled ones serve as a transfer set. */
            labels: "all" | "partial" | "none";
            splits: {
                train: number;
                test: number;
            };
            labelledCount?: {
                train: number;
                test: number;
            };
            classNames?: string[];
            /** @description Labelled training samples per class. */
            classCounts?: number[];
            /** @description Size of the stored dataset files. */
            bytes?: number;
            /** @description Artifact keys of the stored dataset (uploads). */
            files?: string[];
            /** @description sha256 of the dataset content identity. */
            digest: string;
            /** Format: date-time */
            createdAt: string;
        };
        UploadFormat: "csv" | "jsonl" | "npy";
        DistillJobRequest: {
            /** @enum {string} */
            type: "distill";
            dataset: string;
            teachers: {
                model: string;
                /** @default 1 */
                weight: number;
            }[];
            student: {
                architecture: {
                    /** @enum {string} */
                    kind: "mlp";
                    /**
                     * @default [
                     *       128
                     *     ]
                     */
                    hidden: number[];
                    /** @default 0 */
                    dropout: number;
                    /** @default relu */
                    activation: "relu" | "tanh";
                } | {
                    /** @enum {string} */
                    kind: "cnn";
                    filters: number[];
                    /** @default 3 */
                    kernelSize: number;
                    dense?: number[];
                    dropout?: number;
                };
                name?: string;
                license?: string;
            };
            method?: {
                /** @enum {string} */
                kind: "logits";
                /** @default 4 */
                temperature: number;
                /**
                 * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                 * @default 0.9
                 */
                alpha: number;
            } | {
                /** @enum {string} */
                kind: "features";
                /**
                 * @description Temperature of the logit term.
                 * @default 4
                 */
                temperature: number;
                /**
                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                 * @default 0.9
                 */
                alpha: number;
                pairs: {
                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                    teacher: string;
                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                    student: string;
                    /**
                     * @description Multiplies this pair's term.
                     * @default 1
                     */
                    weight: number;
                    /**
                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                     * @default 0
                     */
                    teacherIndex: number;
                }[];
                /** @default mse */
                loss: "mse" | "cosine";
                /**
                 * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                 * @default 0
                 */
                hintEpochs: number;
                /**
                 * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                 * @default false
                 */
                keepTermsAfterHints: boolean;
                /**
                 * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                 * @default 1
                 */
                adapterKernelSize: 1 | 3;
            } | {
                /** @enum {string} */
                kind: "attention";
                /**
                 * @description Temperature of the logit term.
                 * @default 4
                 */
                temperature: number;
                /**
                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                 * @default 0.9
                 */
                alpha: number;
                pairs: {
                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                    teacher: string;
                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                    student: string;
                    /**
                     * @description Multiplies this pair's term.
                     * @default 1
                     */
                    weight: number;
                    /**
                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                     * @default 0
                     */
                    teacherIndex: number;
                }[];
                /**
                 * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                 * @default 2
                 */
                p: number;
                /**
                 * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                 * @default mean-squared
                 */
                variant: "mean-squared" | "l2";
                /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                beta?: number;
            };
            aggregation?: {
                strategy: "mean" | "weighted" | "confidence";
            };
            transfer?: {
                dataset: string;
            };
            training?: {
                /** @default 5 */
                epochs: number;
                /** @default 128 */
                batchSize: number;
                /** @default 0.001 */
                learningRate: number;
                /** @default 1 */
                seed: number;
            };
            /** @default false */
            baseline: boolean;
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        DistillationPermission: "allowed" | "forbidden" | "unknown";
        FeaturesReport: {
            /** @description precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each. */
            path: ("precomputed" | "on-the-fly") | "mixed";
            /** @description Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample). */
            bytes: number;
            teachers: {
                index: number;
                layers: string[];
                path: "precomputed" | "on-the-fly";
                bytes: number;
                /** @description This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob. */
                limitBytes: number;
            }[];
            /** @description Loss of each hint epoch (FitNets stage 1), before the epochs in history. */
            hint?: {
                epoch: number;
                loss: number;
            }[];
        };
        Job: {
            id: string;
            tenant: string;
            type: "train" | "distill";
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            request: {
                /** @enum {string} */
                type: "train";
                dataset: string;
                model: {
                    architecture: {
                        /** @enum {string} */
                        kind: "mlp";
                        /**
                         * @default [
                         *       128
                         *     ]
                         */
                        hidden: number[];
                        /** @default 0 */
                        dropout: number;
                        /** @default relu */
                        activation: "relu" | "tanh";
                    } | {
                        /** @enum {string} */
                        kind: "cnn";
                        filters: number[];
                        /** @default 3 */
                        kernelSize: number;
                        dense?: number[];
                        dropout?: number;
                    };
                    name?: string;
                    license?: string;
                };
                training?: {
                    /** @default 5 */
                    epochs: number;
                    /** @default 128 */
                    batchSize: number;
                    /** @default 0.001 */
                    learningRate: number;
                    /** @default 1 */
                    seed: number;
                };
                /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                timeoutSeconds?: number;
            } | {
                /** @enum {string} */
                type: "distill";
                dataset: string;
                teachers: {
                    model: string;
                    /** @default 1 */
                    weight: number;
                }[];
                student: {
                    architecture: {
                        /** @enum {string} */
                        kind: "mlp";
                        /**
                         * @default [
                         *       128
                         *     ]
                         */
                        hidden: number[];
                        /** @default 0 */
                        dropout: number;
                        /** @default relu */
                        activation: "relu" | "tanh";
                    } | {
                        /** @enum {string} */
                        kind: "cnn";
                        filters: number[];
                        /** @default 3 */
                        kernelSize: number;
                        dense?: number[];
                        dropout?: number;
                    };
                    name?: string;
                    license?: string;
                };
                method?: {
                    /** @enum {string} */
                    kind: "logits";
                    /** @default 4 */
                    temperature: number;
                    /**
                     * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                     * @default 0.9
                     */
                    alpha: number;
                } | {
                    /** @enum {string} */
                    kind: "features";
                    /**
                     * @description Temperature of the logit term.
                     * @default 4
                     */
                    temperature: number;
                    /**
                     * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                     * @default 0.9
                     */
                    alpha: number;
                    pairs: {
                        /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                        teacher: string;
                        /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                        student: string;
                        /**
                         * @description Multiplies this pair's term.
                         * @default 1
                         */
                        weight: number;
                        /**
                         * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                         * @default 0
                         */
                        teacherIndex: number;
                    }[];
                    /** @default mse */
                    loss: "mse" | "cosine";
                    /**
                     * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                     * @default 0
                     */
                    hintEpochs: number;
                    /**
                     * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                     * @default false
                     */
                    keepTermsAfterHints: boolean;
                    /**
                     * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                     * @default 1
                     */
                    adapterKernelSize: 1 | 3;
                } | {
                    /** @enum {string} */
                    kind: "attention";
                    /**
                     * @description Temperature of the logit term.
                     * @default 4
                     */
                    temperature: number;
                    /**
                     * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                     * @default 0.9
                     */
                    alpha: number;
                    pairs: {
                        /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                        teacher: string;
                        /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                        student: string;
                        /**
                         * @description Multiplies this pair's term.
                         * @default 1
                         */
                        weight: number;
                        /**
                         * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                         * @default 0
                         */
                        teacherIndex: number;
                    }[];
                    /**
                     * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                     * @default 2
                     */
                    p: number;
                    /**
                     * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                     * @default mean-squared
                     */
                    variant: "mean-squared" | "l2";
                    /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                    beta?: number;
                };
                aggregation?: {
                    strategy: "mean" | "weighted" | "confidence";
                };
                transfer?: {
                    dataset: string;
                };
                training?: {
                    /** @default 5 */
                    epochs: number;
                    /** @default 128 */
                    batchSize: number;
                    /** @default 0.001 */
                    learningRate: number;
                    /** @default 1 */
                    seed: number;
                };
                /** @default false */
                baseline: boolean;
                /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                timeoutSeconds?: number;
            };
            progress?: {
                stage: string;
                epoch?: number;
                epochs?: number;
                loss?: number;
                accuracy?: number;
            };
            stages: {
                /** @description teacher:<index>, aggregate, or train. */
                name: string;
                status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                model?: string;
                cached?: boolean;
                startedAt?: string;
                finishedAt?: string;
            }[];
            result?: {
                model: string;
                metrics: {
                    testAccuracy?: number;
                    trainLoss?: number;
                    teachers?: {
                        model?: string;
                        testAccuracy: number;
                        parameters?: number;
                        bytes?: number;
                        latencyMsPerSample?: number;
                    }[];
                    student?: {
                        model?: string;
                        testAccuracy: number;
                        parameters?: number;
                        bytes?: number;
                        latencyMsPerSample?: number;
                    };
                    baseline?: {
                        model?: string;
                        testAccuracy: number;
                        parameters?: number;
                        bytes?: number;
                        latencyMsPerSample?: number;
                    };
                    agreement?: number;
                    compression?: {
                        parameterRatio: number;
                        bytesRatio: number;
                        latencyRatio: number;
                    };
                };
                history?: {
                    run: string;
                    epoch: number;
                    loss: number;
                    accuracy: number;
                }[];
                /** @description Things the job did but a user should know, such as a teacher whose licence does not say whether it may be distilled. */
                warnings?: {
                    code: string;
                    model?: string;
                    message: string;
                }[];
                features?: {
                    /** @description precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each. */
                    path: ("precomputed" | "on-the-fly") | "mixed";
                    /** @description Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample). */
                    bytes: number;
                    teachers: {
                        index: number;
                        layers: string[];
                        path: "precomputed" | "on-the-fly";
                        bytes: number;
                        /** @description This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob. */
                        limitBytes: number;
                    }[];
                    /** @description Loss of each hint epoch (FitNets stage 1), before the epochs in history. */
                    hint?: {
                        epoch: number;
                        loss: number;
                    }[];
                };
                wallSeconds: number;
                /** @description Seconds spent in each part of the job: train, student, baseline. */
                timings?: {
                    [key: string]: number;
                };
                backend: string;
            };
            error?: {
                code: string;
                message: string;
            };
            /** Format: date-time */
            createdAt: string;
            startedAt?: string;
            finishedAt?: string;
        };
        JobRequest: {
            /** @enum {string} */
            type: "train";
            dataset: string;
            model: {
                architecture: {
                    /** @enum {string} */
                    kind: "mlp";
                    /**
                     * @default [
                     *       128
                     *     ]
                     */
                    hidden: number[];
                    /** @default 0 */
                    dropout: number;
                    /** @default relu */
                    activation: "relu" | "tanh";
                } | {
                    /** @enum {string} */
                    kind: "cnn";
                    filters: number[];
                    /** @default 3 */
                    kernelSize: number;
                    dense?: number[];
                    dropout?: number;
                };
                name?: string;
                license?: string;
            };
            training?: {
                /** @default 5 */
                epochs: number;
                /** @default 128 */
                batchSize: number;
                /** @default 0.001 */
                learningRate: number;
                /** @default 1 */
                seed: number;
            };
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        } | {
            /** @enum {string} */
            type: "distill";
            dataset: string;
            teachers: {
                model: string;
                /** @default 1 */
                weight: number;
            }[];
            student: {
                architecture: {
                    /** @enum {string} */
                    kind: "mlp";
                    /**
                     * @default [
                     *       128
                     *     ]
                     */
                    hidden: number[];
                    /** @default 0 */
                    dropout: number;
                    /** @default relu */
                    activation: "relu" | "tanh";
                } | {
                    /** @enum {string} */
                    kind: "cnn";
                    filters: number[];
                    /** @default 3 */
                    kernelSize: number;
                    dense?: number[];
                    dropout?: number;
                };
                name?: string;
                license?: string;
            };
            method?: {
                /** @enum {string} */
                kind: "logits";
                /** @default 4 */
                temperature: number;
                /**
                 * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                 * @default 0.9
                 */
                alpha: number;
            } | {
                /** @enum {string} */
                kind: "features";
                /**
                 * @description Temperature of the logit term.
                 * @default 4
                 */
                temperature: number;
                /**
                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                 * @default 0.9
                 */
                alpha: number;
                pairs: {
                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                    teacher: string;
                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                    student: string;
                    /**
                     * @description Multiplies this pair's term.
                     * @default 1
                     */
                    weight: number;
                    /**
                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                     * @default 0
                     */
                    teacherIndex: number;
                }[];
                /** @default mse */
                loss: "mse" | "cosine";
                /**
                 * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                 * @default 0
                 */
                hintEpochs: number;
                /**
                 * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                 * @default false
                 */
                keepTermsAfterHints: boolean;
                /**
                 * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                 * @default 1
                 */
                adapterKernelSize: 1 | 3;
            } | {
                /** @enum {string} */
                kind: "attention";
                /**
                 * @description Temperature of the logit term.
                 * @default 4
                 */
                temperature: number;
                /**
                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                 * @default 0.9
                 */
                alpha: number;
                pairs: {
                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                    teacher: string;
                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                    student: string;
                    /**
                     * @description Multiplies this pair's term.
                     * @default 1
                     */
                    weight: number;
                    /**
                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                     * @default 0
                     */
                    teacherIndex: number;
                }[];
                /**
                 * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                 * @default 2
                 */
                p: number;
                /**
                 * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                 * @default mean-squared
                 */
                variant: "mean-squared" | "l2";
                /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                beta?: number;
            };
            aggregation?: {
                strategy: "mean" | "weighted" | "confidence";
            };
            transfer?: {
                dataset: string;
            };
            training?: {
                /** @default 5 */
                epochs: number;
                /** @default 128 */
                batchSize: number;
                /** @default 0.001 */
                learningRate: number;
                /** @default 1 */
                seed: number;
            };
            /** @default false */
            baseline: boolean;
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        TrainJobRequest: {
            /** @enum {string} */
            type: "train";
            dataset: string;
            model: {
                architecture: {
                    /** @enum {string} */
                    kind: "mlp";
                    /**
                     * @default [
                     *       128
                     *     ]
                     */
                    hidden: number[];
                    /** @default 0 */
                    dropout: number;
                    /** @default relu */
                    activation: "relu" | "tanh";
                } | {
                    /** @enum {string} */
                    kind: "cnn";
                    filters: number[];
                    /** @default 3 */
                    kernelSize: number;
                    dense?: number[];
                    dropout?: number;
                };
                name?: string;
                license?: string;
            };
            training?: {
                /** @default 5 */
                epochs: number;
                /** @default 128 */
                batchSize: number;
                /** @default 0.001 */
                learningRate: number;
                /** @default 1 */
                seed: number;
            };
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        Progress: {
            stage: string;
            epoch?: number;
            epochs?: number;
            loss?: number;
            accuracy?: number;
        };
        Stage: {
            /** @description teacher:<index>, aggregate, or train. */
            name: string;
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            model?: string;
            cached?: boolean;
            startedAt?: string;
            finishedAt?: string;
        };
        JobResult: {
            model: string;
            metrics: {
                testAccuracy?: number;
                trainLoss?: number;
                teachers?: {
                    model?: string;
                    testAccuracy: number;
                    parameters?: number;
                    bytes?: number;
                    latencyMsPerSample?: number;
                }[];
                student?: {
                    model?: string;
                    testAccuracy: number;
                    parameters?: number;
                    bytes?: number;
                    latencyMsPerSample?: number;
                };
                baseline?: {
                    model?: string;
                    testAccuracy: number;
                    parameters?: number;
                    bytes?: number;
                    latencyMsPerSample?: number;
                };
                agreement?: number;
                compression?: {
                    parameterRatio: number;
                    bytesRatio: number;
                    latencyRatio: number;
                };
            };
            history?: {
                run: string;
                epoch: number;
                loss: number;
                accuracy: number;
            }[];
            /** @description Things the job did but a user should know, such as a teacher whose licence does not say whether it may be distilled. */
            warnings?: {
                code: string;
                model?: string;
                message: string;
            }[];
            features?: {
                /** @description precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each. */
                path: ("precomputed" | "on-the-fly") | "mixed";
                /** @description Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample). */
                bytes: number;
                teachers: {
                    index: number;
                    layers: string[];
                    path: "precomputed" | "on-the-fly";
                    bytes: number;
                    /** @description This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob. */
                    limitBytes: number;
                }[];
                /** @description Loss of each hint epoch (FitNets stage 1), before the epochs in history. */
                hint?: {
                    epoch: number;
                    loss: number;
                }[];
            };
            wallSeconds: number;
            /** @description Seconds spent in each part of the job: train, student, baseline. */
            timings?: {
                [key: string]: number;
            };
            backend: string;
        };
        JobError: {
            code: string;
            message: string;
        };
        JobEvent: {
            /** @description Monotonic event id within the job. */
            id: string;
            type: "status" | "stage" | "progress" | "log";
            at: string;
            data: {
                [key: string]: unknown;
            };
        };
        Lineage: {
            jobId: string;
            kind: "train" | "distill";
            dataset: string;
            transferDataset?: string;
            teachers: string[];
            method?: unknown;
            seed: number;
        };
        Model: {
            id: string;
            tenant: string;
            name: string;
            format: "tfjs-layers" | "tfjs-graph";
            architecture?: {
                /** @enum {string} */
                kind: "mlp";
                /**
                 * @default [
                 *       128
                 *     ]
                 */
                hidden: number[];
                /** @default 0 */
                dropout: number;
                /** @default relu */
                activation: "relu" | "tanh";
            } | {
                /** @enum {string} */
                kind: "cnn";
                filters: number[];
                /** @default 3 */
                kernelSize: number;
                dense?: number[];
                dropout?: number;
            };
            inputShape: number[];
            numClasses: number;
            output: "logits" | "probabilities";
            parameters: number;
            /** @description Size of the weight files. */
            bytes: number;
            /** @description sha256 of model.json and the weight files, in manifest order. */
            digest: string;
            files: string[];
            license: string;
            distillation: "allowed" | "forbidden" | "unknown";
            /** @description Intermediate outputs (layer names, or node names for graph models) that feature and attention methods may read. */
            readableOutputs: string[];
            metadata?: {
                [key: string]: unknown;
            };
            lineage?: {
                jobId: string;
                kind: "train" | "distill";
                dataset: string;
                transferDataset?: string;
                teachers: string[];
                method?: unknown;
                seed: number;
            };
            /** Format: date-time */
            createdAt: string;
        };
        ModelFormat: "tfjs-layers" | "tfjs-graph";
        ModelOutput: "logits" | "probabilities";
        ModelCard: {
            model: {
                id: string;
                name: string;
                format: "tfjs-layers" | "tfjs-graph";
                digest: string;
                license: string;
                parameters: number;
                bytes: number;
                inputShape: number[];
                numClasses: number;
                createdAt: string;
            };
            origin: "uploaded" | "trained" | "distilled";
            teachers: {
                id: string;
                name: string;
                digest: string;
                license: string;
                distillation: "allowed" | "forbidden" | "unknown";
                parameters: number;
            }[];
            datasets: {
                role: "training" | "transfer";
                id: string;
                name: string;
                digest: string;
                /** @description builtin:<name> or upload:<format>. */
                source: string;
            }[];
            /** @description The distillation method with every default filled in. */
            method?: unknown;
            /** @description epochs, batch size, learning rate, seed. */
            training?: {
                [key: string]: unknown;
            };
            metrics?: {
                testAccuracy?: number;
                trainLoss?: number;
                teachers?: {
                    model?: string;
                    testAccuracy: number;
                    parameters?: number;
                    bytes?: number;
                    latencyMsPerSample?: number;
                }[];
                student?: {
                    model?: string;
                    testAccuracy: number;
                    parameters?: number;
                    bytes?: number;
                    latencyMsPerSample?: number;
                };
                baseline?: {
                    model?: string;
                    testAccuracy: number;
                    parameters?: number;
                    bytes?: number;
                    latencyMsPerSample?: number;
                };
                agreement?: number;
                compression?: {
                    parameterRatio: number;
                    bytesRatio: number;
                    latencyRatio: number;
                };
            };
            warnings: {
                code: string;
                message: string;
            }[];
            job?: {
                id: string;
                finishedAt?: string;
                backend?: string;
            };
            metadata?: {
                [key: string]: unknown;
            };
            service: {
                name: string;
                version: string;
            };
            /** Format: date-time */
            generatedAt: string;
        };
        Problem: {
            /** @description A URI naming the error code. */
            type: string;
            title: string;
            status: number;
            /** @description Stable machine-readable error code. */
            code: string;
            /** @description What went wrong and what to change. */
            detail: string;
            /** @description The request field at fault. */
            field?: string;
        };
        Worker: {
            id: string;
            hostname: string;
            pid: number;
            queues: string[];
            /** @description TensorFlow.js backend: tensorflow, wasm or cpu. */
            backend: string;
            device: string;
            currentJobs: string[];
            memory: {
                /** @description Resident set size of the worker process. */
                rssBytes: number;
                /** @description Live TensorFlow.js tensors: flat between jobs unless something leaks. */
                tensors: number;
                tensorBytes: number;
            };
            startedAt: string;
            seenAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listDatasets: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Cursor: the `next` value of the previous page. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            tenant: string;
                            name: string;
                            source: {
                                builtin: "mnist" | "iris" | "blobs";
                                options?: {
                                    /** @description Training samples to take. */
                                    trainSize?: number;
                                    /** @description Test samples to take. */
                                    testSize?: number;
                                    /** @description Index of the first training sample taken. */
                                    offset?: number;
                                    /**
                                     * @description false keeps the inputs and drops the labels: an unlabelled transfer set.
                                     * @default true
                                     */
                                    labelled: boolean;
                                    classes?: number;
                                    features?: number;
                                    spread?: number;
                                    seed?: number;
                                };
                            } | {
                                upload: {
                                    format: "csv" | "jsonl" | "npy";
                                    /** @description Uploaded file name by part: train/test (csv, jsonl) or x/y/testX/testY (npy). */
                                    files: {
                                        [key: string]: string;
                                    };
                                    labelColumn?: string;
                                    testRatio?: number;
                                    seed?: number;
                                };
                            };
                            inputShape: number[];
                            numClasses: number;
                            /** @description Whether any training sample has a label. */
                            labelled: boolean;
                            /** @description Which training samples have labels; unlabelled ones serve as a transfer set. */
                            labels: "all" | "partial" | "none";
                            splits: {
                                train: number;
                                test: number;
                            };
                            labelledCount?: {
                                train: number;
                                test: number;
                            };
                            classNames?: string[];
                            /** @description Labelled training samples per class. */
                            classCounts?: number[];
                            /** @description Size of the stored dataset files. */
                            bytes?: number;
                            /** @description Artifact keys of the stored dataset (uploads). */
                            files?: string[];
                            /** @description sha256 of the dataset content identity. */
                            digest: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        next?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    createDataset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    source: {
                        builtin: "mnist" | "iris" | "blobs";
                        options?: {
                            /** @description Training samples to take. */
                            trainSize?: number;
                            /** @description Test samples to take. */
                            testSize?: number;
                            /** @description Index of the first training sample taken. */
                            offset?: number;
                            /**
                             * @description false keeps the inputs and drops the labels: an unlabelled transfer set.
                             * @default true
                             */
                            labelled?: boolean;
                            classes?: number;
                            features?: number;
                            spread?: number;
                            seed?: number;
                        };
                    };
                };
                "multipart/form-data": {
                    name: string;
                    format: "csv" | "jsonl" | "npy";
                    /** @description csv/jsonl: the label column or key (default "label"); absent from the file = unlabelled. */
                    labelColumn?: string;
                    /** @description Share of the labelled rows held out for testing when no test file is given (default 0.2; 0 = no test split). */
                    testRatio?: number;
                    /** @description Seed of the train/test split (default 0). */
                    seed?: number;
                    /**
                     * Format: binary
                     * @description csv/jsonl: the training rows.
                     */
                    train?: string;
                    /**
                     * Format: binary
                     * @description csv/jsonl: test rows; without it the test split is drawn by testRatio.
                     */
                    test?: string;
                    /**
                     * Format: binary
                     * @description npy: features, [rows, ...inputShape].
                     */
                    x?: string;
                    /**
                     * Format: binary
                     * @description npy: integer labels, [rows]; -1 = unlabelled.
                     */
                    y?: string;
                    /**
                     * Format: binary
                     * @description npy: test features.
                     */
                    testX?: string;
                    /**
                     * Format: binary
                     * @description npy: test labels.
                     */
                    testY?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        name: string;
                        source: {
                            builtin: "mnist" | "iris" | "blobs";
                            options?: {
                                /** @description Training samples to take. */
                                trainSize?: number;
                                /** @description Test samples to take. */
                                testSize?: number;
                                /** @description Index of the first training sample taken. */
                                offset?: number;
                                /**
                                 * @description false keeps the inputs and drops the labels: an unlabelled transfer set.
                                 * @default true
                                 */
                                labelled: boolean;
                                classes?: number;
                                features?: number;
                                spread?: number;
                                seed?: number;
                            };
                        } | {
                            upload: {
                                format: "csv" | "jsonl" | "npy";
                                /** @description Uploaded file name by part: train/test (csv, jsonl) or x/y/testX/testY (npy). */
                                files: {
                                    [key: string]: string;
                                };
                                labelColumn?: string;
                                testRatio?: number;
                                seed?: number;
                            };
                        };
                        inputShape: number[];
                        numClasses: number;
                        /** @description Whether any training sample has a label. */
                        labelled: boolean;
                        /** @description Which training samples have labels; unlabelled ones serve as a transfer set. */
                        labels: "all" | "partial" | "none";
                        splits: {
                            train: number;
                            test: number;
                        };
                        labelledCount?: {
                            train: number;
                            test: number;
                        };
                        classNames?: string[];
                        /** @description Labelled training samples per class. */
                        classCounts?: number[];
                        /** @description Size of the stored dataset files. */
                        bytes?: number;
                        /** @description Artifact keys of the stored dataset (uploads). */
                        files?: string[];
                        /** @description sha256 of the dataset content identity. */
                        digest: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    listBuiltinDatasets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            name: string;
                            description: string;
                            inputShape: number[];
                            numClasses: number;
                            samples: {
                                train: number;
                                test: number;
                            };
                            options: string[];
                            license: string;
                        }[];
                    };
                };
            };
        };
    };
    getDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        name: string;
                        source: {
                            builtin: "mnist" | "iris" | "blobs";
                            options?: {
                                /** @description Training samples to take. */
                                trainSize?: number;
                                /** @description Test samples to take. */
                                testSize?: number;
                                /** @description Index of the first training sample taken. */
                                offset?: number;
                                /**
                                 * @description false keeps the inputs and drops the labels: an unlabelled transfer set.
                                 * @default true
                                 */
                                labelled: boolean;
                                classes?: number;
                                features?: number;
                                spread?: number;
                                seed?: number;
                            };
                        } | {
                            upload: {
                                format: "csv" | "jsonl" | "npy";
                                /** @description Uploaded file name by part: train/test (csv, jsonl) or x/y/testX/testY (npy). */
                                files: {
                                    [key: string]: string;
                                };
                                labelColumn?: string;
                                testRatio?: number;
                                seed?: number;
                            };
                        };
                        inputShape: number[];
                        numClasses: number;
                        /** @description Whether any training sample has a label. */
                        labelled: boolean;
                        /** @description Which training samples have labels; unlabelled ones serve as a transfer set. */
                        labels: "all" | "partial" | "none";
                        splits: {
                            train: number;
                            test: number;
                        };
                        labelledCount?: {
                            train: number;
                            test: number;
                        };
                        classNames?: string[];
                        /** @description Labelled training samples per class. */
                        classCounts?: number[];
                        /** @description Size of the stored dataset files. */
                        bytes?: number;
                        /** @description Artifact keys of the stored dataset (uploads). */
                        files?: string[];
                        /** @description sha256 of the dataset content identity. */
                        digest: string;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    deleteDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Cursor: the `next` value of the previous page. */
                after?: string;
                format?: "tfjs-layers" | "tfjs-graph";
                origin?: "uploaded" | "trained" | "distilled";
                distillation?: "allowed" | "forbidden" | "unknown";
                license?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            tenant: string;
                            name: string;
                            format: "tfjs-layers" | "tfjs-graph";
                            architecture?: {
                                /** @enum {string} */
                                kind: "mlp";
                                /**
                                 * @default [
                                 *       128
                                 *     ]
                                 */
                                hidden: number[];
                                /** @default 0 */
                                dropout: number;
                                /** @default relu */
                                activation: "relu" | "tanh";
                            } | {
                                /** @enum {string} */
                                kind: "cnn";
                                filters: number[];
                                /** @default 3 */
                                kernelSize: number;
                                dense?: number[];
                                dropout?: number;
                            };
                            inputShape: number[];
                            numClasses: number;
                            output: "logits" | "probabilities";
                            parameters: number;
                            /** @description Size of the weight files. */
                            bytes: number;
                            /** @description sha256 of model.json and the weight files, in manifest order. */
                            digest: string;
                            files: string[];
                            license: string;
                            distillation: "allowed" | "forbidden" | "unknown";
                            /** @description Intermediate outputs (layer names, or node names for graph models) that feature and attention methods may read. */
                            readableOutputs: string[];
                            metadata?: {
                                [key: string]: unknown;
                            };
                            lineage?: {
                                jobId: string;
                                kind: "train" | "distill";
                                dataset: string;
                                transferDataset?: string;
                                teachers: string[];
                                method?: unknown;
                                seed: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        next?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    uploadModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    name: string;
                    license?: string;
                    distillation?: "allowed" | "forbidden" | "unknown";
                    output?: "logits" | "probabilities";
                    /** @description Only for graph models whose input shape is not fixed. */
                    inputShape?: number[];
                    readableOutputs?: string[];
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /** @description model.json and every weight file it names, each a part with its file name. */
                    files: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        name: string;
                        format: "tfjs-layers" | "tfjs-graph";
                        architecture?: {
                            /** @enum {string} */
                            kind: "mlp";
                            /**
                             * @default [
                             *       128
                             *     ]
                             */
                            hidden: number[];
                            /** @default 0 */
                            dropout: number;
                            /** @default relu */
                            activation: "relu" | "tanh";
                        } | {
                            /** @enum {string} */
                            kind: "cnn";
                            filters: number[];
                            /** @default 3 */
                            kernelSize: number;
                            dense?: number[];
                            dropout?: number;
                        };
                        inputShape: number[];
                        numClasses: number;
                        output: "logits" | "probabilities";
                        parameters: number;
                        /** @description Size of the weight files. */
                        bytes: number;
                        /** @description sha256 of model.json and the weight files, in manifest order. */
                        digest: string;
                        files: string[];
                        license: string;
                        distillation: "allowed" | "forbidden" | "unknown";
                        /** @description Intermediate outputs (layer names, or node names for graph models) that feature and attention methods may read. */
                        readableOutputs: string[];
                        metadata?: {
                            [key: string]: unknown;
                        };
                        lineage?: {
                            jobId: string;
                            kind: "train" | "distill";
                            dataset: string;
                            transferDataset?: string;
                            teachers: string[];
                            method?: unknown;
                            seed: number;
                        };
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        name: string;
                        format: "tfjs-layers" | "tfjs-graph";
                        architecture?: {
                            /** @enum {string} */
                            kind: "mlp";
                            /**
                             * @default [
                             *       128
                             *     ]
                             */
                            hidden: number[];
                            /** @default 0 */
                            dropout: number;
                            /** @default relu */
                            activation: "relu" | "tanh";
                        } | {
                            /** @enum {string} */
                            kind: "cnn";
                            filters: number[];
                            /** @default 3 */
                            kernelSize: number;
                            dense?: number[];
                            dropout?: number;
                        };
                        inputShape: number[];
                        numClasses: number;
                        output: "logits" | "probabilities";
                        parameters: number;
                        /** @description Size of the weight files. */
                        bytes: number;
                        /** @description sha256 of model.json and the weight files, in manifest order. */
                        digest: string;
                        files: string[];
                        license: string;
                        distillation: "allowed" | "forbidden" | "unknown";
                        /** @description Intermediate outputs (layer names, or node names for graph models) that feature and attention methods may read. */
                        readableOutputs: string[];
                        metadata?: {
                            [key: string]: unknown;
                        };
                        lineage?: {
                            jobId: string;
                            kind: "train" | "distill";
                            dataset: string;
                            transferDataset?: string;
                            teachers: string[];
                            method?: unknown;
                            seed: number;
                        };
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    deleteModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    getModelCard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model: {
                            id: string;
                            name: string;
                            format: "tfjs-layers" | "tfjs-graph";
                            digest: string;
                            license: string;
                            parameters: number;
                            bytes: number;
                            inputShape: number[];
                            numClasses: number;
                            createdAt: string;
                        };
                        origin: "uploaded" | "trained" | "distilled";
                        teachers: {
                            id: string;
                            name: string;
                            digest: string;
                            license: string;
                            distillation: "allowed" | "forbidden" | "unknown";
                            parameters: number;
                        }[];
                        datasets: {
                            role: "training" | "transfer";
                            id: string;
                            name: string;
                            digest: string;
                            /** @description builtin:<name> or upload:<format>. */
                            source: string;
                        }[];
                        /** @description The distillation method with every default filled in. */
                        method?: unknown;
                        /** @description epochs, batch size, learning rate, seed. */
                        training?: {
                            [key: string]: unknown;
                        };
                        metrics?: {
                            testAccuracy?: number;
                            trainLoss?: number;
                            teachers?: {
                                model?: string;
                                testAccuracy: number;
                                parameters?: number;
                                bytes?: number;
                                latencyMsPerSample?: number;
                            }[];
                            student?: {
                                model?: string;
                                testAccuracy: number;
                                parameters?: number;
                                bytes?: number;
                                latencyMsPerSample?: number;
                            };
                            baseline?: {
                                model?: string;
                                testAccuracy: number;
                                parameters?: number;
                                bytes?: number;
                                latencyMsPerSample?: number;
                            };
                            agreement?: number;
                            compression?: {
                                parameterRatio: number;
                                bytesRatio: number;
                                latencyRatio: number;
                            };
                        };
                        warnings: {
                            code: string;
                            message: string;
                        }[];
                        job?: {
                            id: string;
                            finishedAt?: string;
                            backend?: string;
                        };
                        metadata?: {
                            [key: string]: unknown;
                        };
                        service: {
                            name: string;
                            version: string;
                        };
                        /** Format: date-time */
                        generatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    getModelCardMarkdown: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Markdown. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/markdown": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    downloadModelFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                status?: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                limit?: number;
                /** @description The `next` cursor of the previous page. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            tenant: string;
                            type: "train" | "distill";
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            request: {
                                /** @enum {string} */
                                type: "train";
                                dataset: string;
                                model: {
                                    architecture: {
                                        /** @enum {string} */
                                        kind: "mlp";
                                        /**
                                         * @default [
                                         *       128
                                         *     ]
                                         */
                                        hidden: number[];
                                        /** @default 0 */
                                        dropout: number;
                                        /** @default relu */
                                        activation: "relu" | "tanh";
                                    } | {
                                        /** @enum {string} */
                                        kind: "cnn";
                                        filters: number[];
                                        /** @default 3 */
                                        kernelSize: number;
                                        dense?: number[];
                                        dropout?: number;
                                    };
                                    name?: string;
                                    license?: string;
                                };
                                training?: {
                                    /** @default 5 */
                                    epochs: number;
                                    /** @default 128 */
                                    batchSize: number;
                                    /** @default 0.001 */
                                    learningRate: number;
                                    /** @default 1 */
                                    seed: number;
                                };
                                /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                                timeoutSeconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "distill";
                                dataset: string;
                                teachers: {
                                    model: string;
                                    /** @default 1 */
                                    weight: number;
                                }[];
                                student: {
                                    architecture: {
                                        /** @enum {string} */
                                        kind: "mlp";
                                        /**
                                         * @default [
                                         *       128
                                         *     ]
                                         */
                                        hidden: number[];
                                        /** @default 0 */
                                        dropout: number;
                                        /** @default relu */
                                        activation: "relu" | "tanh";
                                    } | {
                                        /** @enum {string} */
                                        kind: "cnn";
                                        filters: number[];
                                        /** @default 3 */
                                        kernelSize: number;
                                        dense?: number[];
                                        dropout?: number;
                                    };
                                    name?: string;
                                    license?: string;
                                };
                                method?: {
                                    /** @enum {string} */
                                    kind: "logits";
                                    /** @default 4 */
                                    temperature: number;
                                    /**
                                     * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                                     * @default 0.9
                                     */
                                    alpha: number;
                                } | {
                                    /** @enum {string} */
                                    kind: "features";
                                    /**
                                     * @description Temperature of the logit term.
                                     * @default 4
                                     */
                                    temperature: number;
                                    /**
                                     * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                                     * @default 0.9
                                     */
                                    alpha: number;
                                    pairs: {
                                        /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                                        teacher: string;
                                        /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                                        student: string;
                                        /**
                                         * @description Multiplies this pair's term.
                                         * @default 1
                                         */
                                        weight: number;
                                        /**
                                         * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                                         * @default 0
                                         */
                                        teacherIndex: number;
                                    }[];
                                    /** @default mse */
                                    loss: "mse" | "cosine";
                                    /**
                                     * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                                     * @default 0
                                     */
                                    hintEpochs: number;
                                    /**
                                     * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                                     * @default false
                                     */
                                    keepTermsAfterHints: boolean;
                                    /**
                                     * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                                     * @default 1
                                     */
                                    adapterKernelSize: 1 | 3;
                                } | {
                                    /** @enum {string} */
                                    kind: "attention";
                                    /**
                                     * @description Temperature of the logit term.
                                     * @default 4
                                     */
                                    temperature: number;
                                    /**
                                     * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                                     * @default 0.9
                                     */
                                    alpha: number;
                                    pairs: {
                                        /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                                        teacher: string;
                                        /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                                        student: string;
                                        /**
                                         * @description Multiplies this pair's term.
                                         * @default 1
                                         */
                                        weight: number;
                                        /**
                                         * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                                         * @default 0
                                         */
                                        teacherIndex: number;
                                    }[];
                                    /**
                                     * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                                     * @default 2
                                     */
                                    p: number;
                                    /**
                                     * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                                     * @default mean-squared
                                     */
                                    variant: "mean-squared" | "l2";
                                    /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                                    beta?: number;
                                };
                                aggregation?: {
                                    strategy: "mean" | "weighted" | "confidence";
                                };
                                transfer?: {
                                    dataset: string;
                                };
                                training?: {
                                    /** @default 5 */
                                    epochs: number;
                                    /** @default 128 */
                                    batchSize: number;
                                    /** @default 0.001 */
                                    learningRate: number;
                                    /** @default 1 */
                                    seed: number;
                                };
                                /** @default false */
                                baseline: boolean;
                                /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                                timeoutSeconds?: number;
                            };
                            progress?: {
                                stage: string;
                                epoch?: number;
                                epochs?: number;
                                loss?: number;
                                accuracy?: number;
                            };
                            stages: {
                                /** @description teacher:<index>, aggregate, or train. */
                                name: string;
                                status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                                model?: string;
                                cached?: boolean;
                                startedAt?: string;
                                finishedAt?: string;
                            }[];
                            result?: {
                                model: string;
                                metrics: {
                                    testAccuracy?: number;
                                    trainLoss?: number;
                                    teachers?: {
                                        model?: string;
                                        testAccuracy: number;
                                        parameters?: number;
                                        bytes?: number;
                                        latencyMsPerSample?: number;
                                    }[];
                                    student?: {
                                        model?: string;
                                        testAccuracy: number;
                                        parameters?: number;
                                        bytes?: number;
                                        latencyMsPerSample?: number;
                                    };
                                    baseline?: {
                                        model?: string;
                                        testAccuracy: number;
                                        parameters?: number;
                                        bytes?: number;
                                        latencyMsPerSample?: number;
                                    };
                                    agreement?: number;
                                    compression?: {
                                        parameterRatio: number;
                                        bytesRatio: number;
                                        latencyRatio: number;
                                    };
                                };
                                history?: {
                                    run: string;
                                    epoch: number;
                                    loss: number;
                                    accuracy: number;
                                }[];
                                /** @description Things the job did but a user should know, such as a teacher whose licence does not say whether it may be distilled. */
                                warnings?: {
                                    code: string;
                                    model?: string;
                                    message: string;
                                }[];
                                features?: {
                                    /** @description precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each. */
                                    path: ("precomputed" | "on-the-fly") | "mixed";
                                    /** @description Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample). */
                                    bytes: number;
                                    teachers: {
                                        index: number;
                                        layers: string[];
                                        path: "precomputed" | "on-the-fly";
                                        bytes: number;
                                        /** @description This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob. */
                                        limitBytes: number;
                                    }[];
                                    /** @description Loss of each hint epoch (FitNets stage 1), before the epochs in history. */
                                    hint?: {
                                        epoch: number;
                                        loss: number;
                                    }[];
                                };
                                wallSeconds: number;
                                /** @description Seconds spent in each part of the job: train, student, baseline. */
                                timings?: {
                                    [key: string]: number;
                                };
                                backend: string;
                            };
                            error?: {
                                code: string;
                                message: string;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            startedAt?: string;
                            finishedAt?: string;
                        }[];
                        next?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    submitJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    type: "train";
                    dataset: string;
                    model: {
                        architecture: {
                            /** @enum {string} */
                            kind: "mlp";
                            /**
                             * @default [
                             *       128
                             *     ]
                             */
                            hidden: number[];
                            /** @default 0 */
                            dropout?: number;
                            /** @default relu */
                            activation?: "relu" | "tanh";
                        } | {
                            /** @enum {string} */
                            kind: "cnn";
                            filters: number[];
                            /** @default 3 */
                            kernelSize?: number;
                            dense?: number[];
                            dropout?: number;
                        };
                        name?: string;
                        license?: string;
                    };
                    training?: {
                        /** @default 5 */
                        epochs?: number;
                        /** @default 128 */
                        batchSize?: number;
                        /** @default 0.001 */
                        learningRate?: number;
                        /** @default 1 */
                        seed?: number;
                    };
                    /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                    timeoutSeconds?: number;
                } | {
                    /** @enum {string} */
                    type: "distill";
                    dataset: string;
                    teachers: {
                        model: string;
                        /** @default 1 */
                        weight?: number;
                    }[];
                    student: {
                        architecture: {
                            /** @enum {string} */
                            kind: "mlp";
                            /**
                             * @default [
                             *       128
                             *     ]
                             */
                            hidden: number[];
                            /** @default 0 */
                            dropout?: number;
                            /** @default relu */
                            activation?: "relu" | "tanh";
                        } | {
                            /** @enum {string} */
                            kind: "cnn";
                            filters: number[];
                            /** @default 3 */
                            kernelSize?: number;
                            dense?: number[];
                            dropout?: number;
                        };
                        name?: string;
                        license?: string;
                    };
                    method?: {
                        /** @enum {string} */
                        kind: "logits";
                        /** @default 4 */
                        temperature?: number;
                        /**
                         * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                         * @default 0.9
                         */
                        alpha?: number;
                    } | {
                        /** @enum {string} */
                        kind: "features";
                        /**
                         * @description Temperature of the logit term.
                         * @default 4
                         */
                        temperature?: number;
                        /**
                         * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                         * @default 0.9
                         */
                        alpha?: number;
                        pairs: {
                            /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                            teacher: string;
                            /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                            student: string;
                            /**
                             * @description Multiplies this pair's term.
                             * @default 1
                             */
                            weight?: number;
                            /**
                             * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                             * @default 0
                             */
                            teacherIndex?: number;
                        }[];
                        /** @default mse */
                        loss?: "mse" | "cosine";
                        /**
                         * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                         * @default 0
                         */
                        hintEpochs?: number;
                        /**
                         * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                         * @default false
                         */
                        keepTermsAfterHints?: boolean;
                        /**
                         * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                         * @default 1
                         */
                        adapterKernelSize?: 1 | 3;
                    } | {
                        /** @enum {string} */
                        kind: "attention";
                        /**
                         * @description Temperature of the logit term.
                         * @default 4
                         */
                        temperature?: number;
                        /**
                         * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                         * @default 0.9
                         */
                        alpha?: number;
                        pairs: {
                            /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                            teacher: string;
                            /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                            student: string;
                            /**
                             * @description Multiplies this pair's term.
                             * @default 1
                             */
                            weight?: number;
                            /**
                             * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                             * @default 0
                             */
                            teacherIndex?: number;
                        }[];
                        /**
                         * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                         * @default 2
                         */
                        p?: number;
                        /**
                         * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                         * @default mean-squared
                         */
                        variant?: "mean-squared" | "l2";
                        /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                        beta?: number;
                    };
                    aggregation?: {
                        strategy: "mean" | "weighted" | "confidence";
                    };
                    transfer?: {
                        dataset: string;
                    };
                    training?: {
                        /** @default 5 */
                        epochs?: number;
                        /** @default 128 */
                        batchSize?: number;
                        /** @default 0.001 */
                        learningRate?: number;
                        /** @default 1 */
                        seed?: number;
                    };
                    /** @default false */
                    baseline?: boolean;
                    /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                    timeoutSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        type: "train" | "distill";
                        status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                        request: {
                            /** @enum {string} */
                            type: "train";
                            dataset: string;
                            model: {
                                architecture: {
                                    /** @enum {string} */
                                    kind: "mlp";
                                    /**
                                     * @default [
                                     *       128
                                     *     ]
                                     */
                                    hidden: number[];
                                    /** @default 0 */
                                    dropout: number;
                                    /** @default relu */
                                    activation: "relu" | "tanh";
                                } | {
                                    /** @enum {string} */
                                    kind: "cnn";
                                    filters: number[];
                                    /** @default 3 */
                                    kernelSize: number;
                                    dense?: number[];
                                    dropout?: number;
                                };
                                name?: string;
                                license?: string;
                            };
                            training?: {
                                /** @default 5 */
                                epochs: number;
                                /** @default 128 */
                                batchSize: number;
                                /** @default 0.001 */
                                learningRate: number;
                                /** @default 1 */
                                seed: number;
                            };
                            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                            timeoutSeconds?: number;
                        } | {
                            /** @enum {string} */
                            type: "distill";
                            dataset: string;
                            teachers: {
                                model: string;
                                /** @default 1 */
                                weight: number;
                            }[];
                            student: {
                                architecture: {
                                    /** @enum {string} */
                                    kind: "mlp";
                                    /**
                                     * @default [
                                     *       128
                                     *     ]
                                     */
                                    hidden: number[];
                                    /** @default 0 */
                                    dropout: number;
                                    /** @default relu */
                                    activation: "relu" | "tanh";
                                } | {
                                    /** @enum {string} */
                                    kind: "cnn";
                                    filters: number[];
                                    /** @default 3 */
                                    kernelSize: number;
                                    dense?: number[];
                                    dropout?: number;
                                };
                                name?: string;
                                license?: string;
                            };
                            method?: {
                                /** @enum {string} */
                                kind: "logits";
                                /** @default 4 */
                                temperature: number;
                                /**
                                 * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                                 * @default 0.9
                                 */
                                alpha: number;
                            } | {
                                /** @enum {string} */
                                kind: "features";
                                /**
                                 * @description Temperature of the logit term.
                                 * @default 4
                                 */
                                temperature: number;
                                /**
                                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                                 * @default 0.9
                                 */
                                alpha: number;
                                pairs: {
                                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                                    teacher: string;
                                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                                    student: string;
                                    /**
                                     * @description Multiplies this pair's term.
                                     * @default 1
                                     */
                                    weight: number;
                                    /**
                                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                                     * @default 0
                                     */
                                    teacherIndex: number;
                                }[];
                                /** @default mse */
                                loss: "mse" | "cosine";
                                /**
                                 * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                                 * @default 0
                                 */
                                hintEpochs: number;
                                /**
                                 * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                                 * @default false
                                 */
                                keepTermsAfterHints: boolean;
                                /**
                                 * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                                 * @default 1
                                 */
                                adapterKernelSize: 1 | 3;
                            } | {
                                /** @enum {string} */
                                kind: "attention";
                                /**
                                 * @description Temperature of the logit term.
                                 * @default 4
                                 */
                                temperature: number;
                                /**
                                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                                 * @default 0.9
                                 */
                                alpha: number;
                                pairs: {
                                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                                    teacher: string;
                                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                                    student: string;
                                    /**
                                     * @description Multiplies this pair's term.
                                     * @default 1
                                     */
                                    weight: number;
                                    /**
                                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                                     * @default 0
                                     */
                                    teacherIndex: number;
                                }[];
                                /**
                                 * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                                 * @default 2
                                 */
                                p: number;
                                /**
                                 * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                                 * @default mean-squared
                                 */
                                variant: "mean-squared" | "l2";
                                /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                                beta?: number;
                            };
                            aggregation?: {
                                strategy: "mean" | "weighted" | "confidence";
                            };
                            transfer?: {
                                dataset: string;
                            };
                            training?: {
                                /** @default 5 */
                                epochs: number;
                                /** @default 128 */
                                batchSize: number;
                                /** @default 0.001 */
                                learningRate: number;
                                /** @default 1 */
                                seed: number;
                            };
                            /** @default false */
                            baseline: boolean;
                            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                            timeoutSeconds?: number;
                        };
                        progress?: {
                            stage: string;
                            epoch?: number;
                            epochs?: number;
                            loss?: number;
                            accuracy?: number;
                        };
                        stages: {
                            /** @description teacher:<index>, aggregate, or train. */
                            name: string;
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            model?: string;
                            cached?: boolean;
                            startedAt?: string;
                            finishedAt?: string;
                        }[];
                        result?: {
                            model: string;
                            metrics: {
                                testAccuracy?: number;
                                trainLoss?: number;
                                teachers?: {
                                    model?: string;
                                    testAccuracy: number;
                                    parameters?: number;
                                    bytes?: number;
                                    latencyMsPerSample?: number;
                                }[];
                                student?: {
                                    model?: string;
                                    testAccuracy: number;
                                    parameters?: number;
                                    bytes?: number;
                                    latencyMsPerSample?: number;
                                };
                                baseline?: {
                                    model?: string;
                                    testAccuracy: number;
                                    parameters?: number;
                                    bytes?: number;
                                    latencyMsPerSample?: number;
                                };
                                agreement?: number;
                                compression?: {
                                    parameterRatio: number;
                                    bytesRatio: number;
                                    latencyRatio: number;
                                };
                            };
                            history?: {
                                run: string;
                                epoch: number;
                                loss: number;
                                accuracy: number;
                            }[];
                            /** @description Things the job did but a user should know, such as a teacher whose licence does not say whether it may be distilled. */
                            warnings?: {
                                code: string;
                                model?: string;
                                message: string;
                            }[];
                            features?: {
                                /** @description precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each. */
                                path: ("precomputed" | "on-the-fly") | "mixed";
                                /** @description Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample). */
                                bytes: number;
                                teachers: {
                                    index: number;
                                    layers: string[];
                                    path: "precomputed" | "on-the-fly";
                                    bytes: number;
                                    /** @description This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob. */
                                    limitBytes: number;
                                }[];
                                /** @description Loss of each hint epoch (FitNets stage 1), before the epochs in history. */
                                hint?: {
                                    epoch: number;
                                    loss: number;
                                }[];
                            };
                            wallSeconds: number;
                            /** @description Seconds spent in each part of the job: train, student, baseline. */
                            timings?: {
                                [key: string]: number;
                            };
                            backend: string;
                        };
                        error?: {
                            code: string;
                            message: string;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        startedAt?: string;
                        finishedAt?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        type: "train" | "distill";
                        status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                        request: {
                            /** @enum {string} */
                            type: "train";
                            dataset: string;
                            model: {
                                architecture: {
                                    /** @enum {string} */
                                    kind: "mlp";
                                    /**
                                     * @default [
                                     *       128
                                     *     ]
                                     */
                                    hidden: number[];
                                    /** @default 0 */
                                    dropout: number;
                                    /** @default relu */
                                    activation: "relu" | "tanh";
                                } | {
                                    /** @enum {string} */
                                    kind: "cnn";
                                    filters: number[];
                                    /** @default 3 */
                                    kernelSize: number;
                                    dense?: number[];
                                    dropout?: number;
                                };
                                name?: string;
                                license?: string;
                            };
                            training?: {
                                /** @default 5 */
                                epochs: number;
                                /** @default 128 */
                                batchSize: number;
                                /** @default 0.001 */
                                learningRate: number;
                                /** @default 1 */
                                seed: number;
                            };
                            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                            timeoutSeconds?: number;
                        } | {
                            /** @enum {string} */
                            type: "distill";
                            dataset: string;
                            teachers: {
                                model: string;
                                /** @default 1 */
                                weight: number;
                            }[];
                            student: {
                                architecture: {
                                    /** @enum {string} */
                                    kind: "mlp";
                                    /**
                                     * @default [
                                     *       128
                                     *     ]
                                     */
                                    hidden: number[];
                                    /** @default 0 */
                                    dropout: number;
                                    /** @default relu */
                                    activation: "relu" | "tanh";
                                } | {
                                    /** @enum {string} */
                                    kind: "cnn";
                                    filters: number[];
                                    /** @default 3 */
                                    kernelSize: number;
                                    dense?: number[];
                                    dropout?: number;
                                };
                                name?: string;
                                license?: string;
                            };
                            method?: {
                                /** @enum {string} */
                                kind: "logits";
                                /** @default 4 */
                                temperature: number;
                                /**
                                 * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                                 * @default 0.9
                                 */
                                alpha: number;
                            } | {
                                /** @enum {string} */
                                kind: "features";
                                /**
                                 * @description Temperature of the logit term.
                                 * @default 4
                                 */
                                temperature: number;
                                /**
                                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                                 * @default 0.9
                                 */
                                alpha: number;
                                pairs: {
                                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                                    teacher: string;
                                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                                    student: string;
                                    /**
                                     * @description Multiplies this pair's term.
                                     * @default 1
                                     */
                                    weight: number;
                                    /**
                                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                                     * @default 0
                                     */
                                    teacherIndex: number;
                                }[];
                                /** @default mse */
                                loss: "mse" | "cosine";
                                /**
                                 * @description FitNets stage 1: epochs that train the student up to its paired layers (and the adapters) on the layer terms alone, before the `epochs` of training.
                                 * @default 0
                                 */
                                hintEpochs: number;
                                /**
                                 * @description After a hint stage, keep the layer terms (FitNets drops them and trains on the logit term alone).
                                 * @default false
                                 */
                                keepTermsAfterHints: boolean;
                                /**
                                 * @description Kernel size of the convolution that maps a student feature map's channels to the teacher's.
                                 * @default 1
                                 */
                                adapterKernelSize: 1 | 3;
                            } | {
                                /** @enum {string} */
                                kind: "attention";
                                /**
                                 * @description Temperature of the logit term.
                                 * @default 4
                                 */
                                temperature: number;
                                /**
                                 * @description Weight of the soft (teacher) logit term; 1 - alpha weights the hard-label term. 0 leaves cross-entropy on the labels plus the layer terms.
                                 * @default 0.9
                                 */
                                alpha: number;
                                pairs: {
                                    /** @description A layer of the teacher; it must be one of the teacher model's readableOutputs. */
                                    teacher: string;
                                    /** @description A layer of the student as its architecture builds it: conv1, pool1, ..., flatten, dense1, ..., logits. */
                                    student: string;
                                    /**
                                     * @description Multiplies this pair's term.
                                     * @default 1
                                     */
                                    weight: number;
                                    /**
                                     * @description Which entry of `teachers` the teacher layer belongs to (0-based).
                                     * @default 0
                                     */
                                    teacherIndex: number;
                                }[];
                                /**
                                 * @description Exponent of |A| in the attention map mean_c |A_c|^p.
                                 * @default 2
                                 */
                                p: number;
                                /**
                                 * @description 'mean-squared': beta * mean (Q_s - Q_t)^2, the authors' code; 'l2': beta/2 * mean_n ||Q_s - Q_t||_2, the paper's eq. (2).
                                 * @default mean-squared
                                 */
                                variant: "mean-squared" | "l2";
                                /** @description Weight of each pair's term before its pair weight. Default: 1000 for 'mean-squared'; 1000 / (h*w) of the compared maps for 'l2'. */
                                beta?: number;
                            };
                            aggregation?: {
                                strategy: "mean" | "weighted" | "confidence";
                            };
                            transfer?: {
                                dataset: string;
                            };
                            training?: {
                                /** @default 5 */
                                epochs: number;
                                /** @default 128 */
                                batchSize: number;
                                /** @default 0.001 */
                                learningRate: number;
                                /** @default 1 */
                                seed: number;
                            };
                            /** @default false */
                            baseline: boolean;
                            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
                            timeoutSeconds?: number;
                        };
                        progress?: {
                            stage: string;
                            epoch?: number;
                            epochs?: number;
                            loss?: number;
                            accuracy?: number;
                        };
                        stages: {
                            /** @description teacher:<index>, aggregate, or train. */
                            name: string;
                            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                            model?: string;
                            cached?: boolean;
                            startedAt?: string;
                            finishedAt?: string;
                        }[];
                        result?: {
                            model: string;
                            metrics: {
                                testAccuracy?: number;
                                trainLoss?: number;
                                teachers?: {
                                    model?: string;
                                    testAccuracy: number;
                                    parameters?: number;
                                    bytes?: number;
                                    latencyMsPerSample?: number;
                                }[];
                                student?: {
                                    model?: string;
                                    testAccuracy: number;
                                    parameters?: number;
                                    bytes?: number;
                                    latencyMsPerSample?: number;
                                };
                                baseline?: {
                                    model?: string;
                                    testAccuracy: number;
                                    parameters?: number;
                                    bytes?: number;
                                    latencyMsPerSample?: number;
                                };
                                agreement?: number;
                                compression?: {
                                    parameterRatio: number;
                                    bytesRatio: number;
                                    latencyRatio: number;
                                };
                            };
                            history?: {
                                run: string;
                                epoch: number;
                                loss: number;
                                accuracy: number;
                            }[];
                            /** @description Things the job did but a user should know, such as a teacher whose licence does not say whether it may be distilled. */
                            warnings?: {
                                code: string;
                                model?: string;
                                message: string;
                            }[];
                            features?: {
                                /** @description precomputed: the teacher subjobs wrote the teachers' layer outputs to the store; on-the-fly: the teachers ran inside every training step; mixed: some of each. */
                                path: ("precomputed" | "on-the-fly") | "mixed";
                                /** @description Size of the paired teacher layers' outputs over the student's training rows, float32 (attention: h*w per sample). */
                                bytes: number;
                                teachers: {
                                    index: number;
                                    layers: string[];
                                    path: "precomputed" | "on-the-fly";
                                    bytes: number;
                                    /** @description This teacher's share of FEATURE_PRECOMPUTE_MAX_BYTES on the worker that ran its subjob. */
                                    limitBytes: number;
                                }[];
                                /** @description Loss of each hint epoch (FitNets stage 1), before the epochs in history. */
                                hint?: {
                                    epoch: number;
                                    loss: number;
                                }[];
                            };
                            wallSeconds: number;
                            /** @description Seconds spent in each part of the job: train, student, baseline. */
                            timings?: {
                                [key: string]: number;
                            };
                            backend: string;
                        };
                        error?: {
                            code: string;
                            message: string;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        startedAt?: string;
                        finishedAt?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    listJobEvents: {
        parameters: {
            query?: {
                /** @description Return events after this event id. */
                after?: string;
                limit?: number;
            };
            header?: {
                "last-event-id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Monotonic event id within the job. */
                            id: string;
                            type: "status" | "stage" | "progress" | "log";
                            at: string;
                            data: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    listWorkers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            hostname: string;
                            pid: number;
                            queues: string[];
                            /** @description TensorFlow.js backend: tensorflow, wasm or cpu. */
                            backend: string;
                            device: string;
                            currentJobs: string[];
                            memory: {
                                /** @description Resident set size of the worker process. */
                                rssBytes: number;
                                /** @description Live TensorFlow.js tensors: flat between jobs unless something leaks. */
                                tensors: number;
                                tensorBytes: number;
                            };
                            startedAt: string;
                            seenAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready";
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A URI naming the error code. */
                        type: string;
                        title: string;
                        status: number;
                        /** @description Stable machine-readable error code. */
                        code: string;
                        /** @description What went wrong and what to change. */
                        detail: string;
                        /** @description The request field at fault. */
                        field?: string;
                    };
                };
            };
        };
    };
}
