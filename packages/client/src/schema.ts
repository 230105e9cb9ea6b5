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
        /** Register a dataset from a built-in source */
        post: operations["createDataset"];
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
        delete?: never;
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
        get: operations["listModels"];
        put?: never;
        post?: never;
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
        /** Download a model file (TensorFlow.js LayersModel: model.json and weights.bin) */
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
        /** Live worker processes, their queues, TensorFlow.js backend and current jobs */
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
            inputShape: number[];
            numClasses: number;
            labelled: boolean;
            splits: {
                train: number;
                test: number;
            };
            /** @description sha256 of the dataset content identity. */
            digest: string;
            /** Format: date-time */
            createdAt: string;
        };
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
        };
        Job: {
            id: string;
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
            name: string;
            /** @enum {string} */
            format: "tfjs-layers";
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
            inputShape: number[];
            numClasses: number;
            parameters: number;
            /** @description Size of the weight files. */
            bytes: number;
            /** @description sha256 of model.json and weights. */
            digest: string;
            files: string[];
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
                            inputShape: number[];
                            numClasses: number;
                            labelled: boolean;
                            splits: {
                                train: number;
                                test: number;
                            };
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
                        inputShape: number[];
                        numClasses: number;
                        labelled: boolean;
                        splits: {
                            train: number;
                            test: number;
                        };
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
                        inputShape: number[];
                        numClasses: number;
                        labelled: boolean;
                        splits: {
                            train: number;
                            test: number;
                        };
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
                            name: string;
                            /** @enum {string} */
                            format: "tfjs-layers";
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
                            inputShape: number[];
                            numClasses: number;
                            parameters: number;
                            /** @description Size of the weight files. */
                            bytes: number;
                            /** @description sha256 of model.json and weights. */
                            digest: string;
                            files: string[];
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
                        name: string;
                        /** @enum {string} */
                        format: "tfjs-layers";
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
                        inputShape: number[];
                        numClasses: number;
                        parameters: number;
                        /** @description Size of the weight files. */
                        bytes: number;
                        /** @description sha256 of model.json and weights. */
                        digest: string;
                        files: string[];
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
