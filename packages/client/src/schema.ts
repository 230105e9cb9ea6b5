// Generated from the API's OpenAPI document by `npm run generate:client`. Do not edit.
export interface paths {
    "/v1/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Datasets, newest first */
        get: operations["listDatasets"];
        put?: never;
        /**
         * Register a built-in dataset (JSON) or upload one (multipart: CSV, JSON Lines, NPY, or a graph)
         * @description application/json registers a built-in source. multipart/form-data uploads files: `train` (and optionally `test`) for csv and jsonl, `x`, `y`, `testX`, `testY` for npy; `x`, `edges`, `y`, `train`, `val`, `test` for graph-npy, `graph` for graph-json (graphs train in distill-graph jobs). Files stream to the store, are validated row by row and converted; errors name the file, row and column.
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
        /** A dataset: shapes, splits, labels and digest */
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
         * Upload a model trained elsewhere: TensorFlow.js (layers or graph) or ONNX
         * @description multipart/form-data: the text fields, and one `files` part per file (model.json and its weight shards, or model.onnx and any external-data files it names). Arrays and objects (readableOutputs, metadata, inputShape) are sent as JSON text. ONNX image models need `layout` ("nchw" for PyTorch exports). The model is loaded once to check it (ONNX models by ONNX Runtime).
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
        /** A model record: format, shapes, size, licence, lineage */
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
        /** Download a model file: model.json and the weight files it names, model.onnx (ONNX teachers, and the ONNX copy of every model trained here) */
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
        /** A job: status, stages, progress, and its result or error once finished */
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
        /** Alive: answers while the process runs */
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
        /** Ready when start-up has finished (the first admin key, if any, is printed) and Redis answers */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The environments train-policy jobs run in: observation and action spaces, episode limit, solved threshold */
        get: operations["listEnvironments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sweeps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sweeps, newest first */
        get: operations["listSweeps"];
        put?: never;
        /**
         * Sweep a distill job over its values, or compare distillation methods over seeds
         * @description One flow: the teachers run once (or come from the cache), then one student training per trial fans out across the workers. The trials are ranked by accuracy on a validation slice held out of the labelled training split, never the test split; the best student is kept. With `methods`, every method (and the baseline) trains once per seed on the same teacher outputs, and the result ranks the methods by their mean.
         */
        post: operations["submitSweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sweeps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sweep: its stages, the table of trials as it fills, and once ranked the best student */
        get: operations["getSweep"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sweeps/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or running sweep: queued trials never start, running ones stop within one batch */
        post: operations["cancelSweep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sweeps/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sweep's events (status, stage, progress, log), oldest first */
        get: operations["listSweepEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API keys, configured ones first, then stored ones newest first; never a key or its hash (admin keys only) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key for a tenant and role; the key is in this answer only (admin keys only) */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One API key: tenant, role, name, source, creation and last use (admin keys only) */
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        /** Revoke a stored key: refused from the next request on, on every API instance. A configured key is refused (409 `key_configured`), and so is the last admin key (409 `last_admin_key`) (admin keys only) */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cache": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Teacher-output cache entries, least recently used first, with sizes and totals (admin keys only) */
        get: operations["listCache"];
        put?: never;
        post?: never;
        /** Delete every cache entry no unfinished job reads, and any teacher output in the store the index does not know (admin keys only) */
        delete: operations["clearCache"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cache/{entry}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete one cache entry; refused while an unfinished job reads it (admin keys only) */
        delete: operations["deleteCacheEntry"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKey: {
            /** @description The key id (`key_…`): names the key in listings, logs and rate limits. It is not the key, and the key cannot be derived from it. */
            id: string;
            tenant: string;
            role: components["schemas"]["ApiKeyRole"];
            /** @description Given at creation; for a configured key, where it is configured (`API_KEYS entry 2`) unless API_KEYS_FILE names it. */
            name?: string;
            source: components["schemas"]["ApiKeySource"];
            /** @description When it was created; absent for a configured key. */
            createdAt?: string;
            /** @description When a request last authenticated with it, to within a minute (each API instance writes it at most once a minute per key); absent if never. */
            lastUsedAt?: string;
        };
        /** @description `user` sees its tenant's records; `admin` also monitors every tenant's work and manages keys. */
        ApiKeyRole: "admin" | "user";
        /** @description `stored`: created by the service, revocable with DELETE /v1/keys/{id}. `configured`: from API_KEYS or API_KEYS_FILE; remove it there. */
        ApiKeySource: "stored" | "configured";
        ApiKeyPage: {
            /** @description Configured keys first, in configuration order, then stored keys, newest first. */
            items: components["schemas"]["ApiKey"][];
            /** @description Cursor for the next page (pass it as `after`); absent on the last page. */
            next?: string;
        };
        CacheDeletion: {
            /** @description Entries removed. */
            deleted: number;
            freedBytes: number;
            /** @description Entries left in place because unfinished jobs read them. */
            kept: {
                id: string;
                key: string;
                readers: string[];
            }[];
        };
        CacheEntry: {
            /** @description The entry id (`ce_…`), derived from its key. */
            id: string;
            /** @description Its artifact key: logits/<tenant>/<teacher digest>/<dataset digest>/<variant>/<split>.npy, features/<tenant>/<teacher digest>/<dataset digest>/<variant>/train-<layer>.<what>.npy, or for a graph teacher trained in a job graph-teachers/<tenant>/<teacher digest>/<graph digest>/<variant>/<logits.npy | weights.bin | teacher.json>; <variant> hashes the rest of what the entry depends on (the teacher's format, declared output, input shape and classes, the data's layout, the extraction, the extractor's version). */
            key: string;
            /** @description The tenant whose jobs wrote it and alone read it. Absent on an entry written before entries were per tenant: no job reads it again, and eviction takes it first. */
            tenant?: string;
            /** @description The teacher's content digest (sha256 of its files); for a graph teacher trained in a job, of its architecture, training and setting. */
            model: string;
            /** @description The dataset's digest (the graph's, for a graph teacher). */
            dataset: string;
            /** @description What was extracted: logits:train, logits:test, features:<layer>, attention-p<p>:<layer>, or a trained graph teacher: graph-teacher:logits, graph-teacher:weights, graph-teacher:teacher. */
            what: string;
            bytes: number;
            /** @description When a job last wrote it. */
            createdAt: string;
            /** @description When a job last wrote or read it; eviction goes by this, oldest first. */
            lastUsedAt: string;
            /** @description Jobs that found it here instead of running the teacher, since it was written. */
            hits: number;
            /** @description An unfinished job has read it: it is neither evicted nor deleted until that job finishes. */
            inUse: boolean;
            /** @description The unfinished jobs and sweeps that read it. */
            readers: string[];
        };
        CacheListing: {
            /** @description Least recently used first: the order eviction takes them in. */
            items: components["schemas"]["CacheEntry"][];
            count: number;
            totalBytes: number;
            /** @description This API's CACHE_MAX_BYTES; workers evict down to theirs after each write (set both the same). */
            maxBytes: number;
        };
        CreateApiKeyRequest: {
            /** @description The tenant the key acts for; any name of lower-case letters, digits, `_` and `-`. */
            tenant: string;
            role: components["schemas"]["ApiKeyRole"];
            /** @description What the key is for (`ci`, `notebook`): shown in listings, never secret. */
            name?: string;
        };
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
                    labelled?: boolean;
                    classes?: number;
                    features?: number;
                    spread?: number;
                    seed?: number;
                };
            };
        };
        CreatedApiKey: {
            /** @description The key id (`key_…`): names the key in listings, logs and rate limits. It is not the key, and the key cannot be derived from it. */
            id: string;
            tenant: string;
            role: components["schemas"]["ApiKeyRole"];
            /** @description Given at creation; for a configured key, where it is configured (`API_KEYS entry 2`) unless API_KEYS_FILE names it. */
            name?: string;
            source: components["schemas"]["ApiKeySource"];
            /** @description When it was created; absent for a configured key. */
            createdAt?: string;
            /** @description When a request last authenticated with it, to within a minute (each API instance writes it at most once a minute per key); absent if never. */
            lastUsedAt?: string;
            /** @description The key itself (`dk_…`), shown this once: only its sha256 is kept. Send it as `Authorization: Bearer <key>`. */
            key: string;
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
                    labelled?: boolean;
                    classes?: number;
                    features?: number;
                    spread?: number;
                    seed?: number;
                };
            } | {
                upload: {
                    format: components["schemas"]["UploadFormat"];
                    /** @description Uploaded file name by part: train/test (csv, jsonl), x/y/testX/testY (npy), x/edges/y/train/val/test (graph-npy), graph (graph-json). */
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
            /** @description Present on graph datasets (uploaded as graph-npy or graph-json): they train in distill-graph jobs. */
            graph?: {
                nodes: number;
                /** @description Distinct undirected edges, self-loops left out. */
                edges: number;
                features: number;
                classes: number;
                /** @description Nodes in each split; every one of them is labelled. */
                splits: {
                    train: number;
                    val: number;
                    test: number;
                };
                /** @description Nodes with a label, in a split or not. */
                labelledNodes: number;
            };
            /** @description sha256 of the dataset content identity. */
            digest: string;
            /** Format: date-time */
            createdAt: string;
        };
        UploadFormat: "csv" | "jsonl" | "npy" | "graph-npy" | "graph-json";
        DistillationPermission: "allowed" | "forbidden" | "unknown";
        Environment: {
            /** @description What a request names, e.g. cartpole-v1. */
            id: string;
            title: string;
            observation: {
                /** @description Observations are vectors of this length. */
                size: number;
                names: string[];
                /** @description Lower bound of each value; null: unbounded. */
                low: (number | null)[];
                /** @description Upper bound of each value; null: unbounded. */
                high: (number | null)[];
            };
            actions: {
                /** @description Discrete actions 0..count-1. */
                count: number;
                names: string[];
            };
            /** @description Episodes are cut after this many steps. */
            maxEpisodeSteps: number;
            /** @description The mean return at which Gym considers the environment solved. */
            rewardThreshold: number;
            /** @description Where the dynamics come from. */
            source: string;
        };
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
        InputLayout: "nhwc" | "nchw";
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
        /** @description Something the job did, or will do, that its user should know; never a reason it was refused. */
        JobWarning: {
            /** @description Stable: distillation_permission_unknown (a teacher's licence does not say), teacher_dropped (the quality gate left a teacher out), student_not_smaller (the student has at least as many parameters as its smallest teacher), student_not_faster (its measured latency is no lower than its fastest teacher's), no_pseudo_labels (pseudo-label: no transfer sample was kept); a method's own codes may follow. */
            code: string;
            /** @description The model the warning is about (a teacher), when there is one. */
            model?: string;
            message: string;
        };
        Lineage: {
            jobId: string;
            kind: "train" | "distill" | "train-policy" | "distill-graph" | "distill-private";
            dataset?: string;
            environment?: string;
            graph?: string;
            transferDataset?: string;
            teachers: string[];
            method?: unknown;
            seed: number;
        };
        Model: {
            id: string;
            tenant: string;
            name: string;
            format: components["schemas"]["ModelFormat"];
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
            } | {
                /** @enum {string} */
                kind: "transformer";
                layers: number;
                heads: number;
                dim: number;
                mlpDim?: number;
                patch?: number;
                dropout?: number;
            };
            /** @description One sample as the service feeds it: images as [height, width, channels] whatever the layout the model takes. */
            inputShape: number[];
            /** @description Classes it scores; for a policy, the actions. */
            numClasses: number;
            /** @description For a policy (observations to action logits): the environment it acts in. */
            environment?: string;
            output: components["schemas"]["ModelOutput"];
            parameters: number;
            /** @description Size of the weight files. */
            bytes: number;
            /** @description sha256 of model.json and the weight files, in manifest order; for ONNX, of model.onnx and its external-data files (each with its name and length), in the order the graph names them. */
            digest: string;
            files: string[];
            license: string;
            distillation: components["schemas"]["DistillationPermission"];
            /** @description Intermediate outputs (layer names, or node names for graph models) that feature and attention methods may read. */
            readableOutputs: string[];
            metadata?: {
                [key: string]: unknown;
            };
            onnx?: components["schemas"]["OnnxModelInfo"];
            /** @description The ONNX copy of a model trained here, written when it was registered: one of `files`, not counted in `bytes`. */
            exportedOnnx?: {
                file: string;
                bytes: number;
                opset: number;
            };
            lineage?: components["schemas"]["Lineage"];
            /** Format: date-time */
            createdAt: string;
        };
        ModelFormat: "tfjs-layers" | "tfjs-graph" | "onnx";
        ModelOutput: "logits" | "probabilities" | "q-values";
        OnnxModelInfo: {
            opset: number;
            irVersion: number;
            /** @description producer_name and producer_version, e.g. "pytorch 2.5.1". */
            producer: string;
            /** @description Name of the graph input the service feeds. */
            input: string;
            /** @description Name of the graph output it reads as class scores. */
            output: string;
            fixedBatch?: number;
            layout?: components["schemas"]["InputLayout"];
            readableShapes?: {
                [key: string]: number[];
            };
            attentionOutputs?: string[];
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
            /** @description The request field at fault, as a JSON pointer (`/method/kind`, `/after`). */
            field?: string;
        };
        Progress: {
            stage: string;
            epoch?: number;
            epochs?: number;
            loss?: number;
            accuracy?: number;
            /** @description DP-SGD: the ε the run has spent so far, at its δ. */
            epsilon?: number;
            /** @description A policy job: environment steps of training so far. */
            steps?: number;
            /** @description A policy job: its budget of environment steps. */
            maxSteps?: number;
            /** @description A policy job: the greedy policy's mean return at the latest evaluation. */
            meanReturn?: number;
        };
        Stage: {
            /** @description teacher:<index>, aggregate, train; for sweeps also targets, trial:<k>, rank. */
            name: string;
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            model?: string;
            cached?: boolean;
            startedAt?: string;
            finishedAt?: string;
        };
        TeacherConflicts: {
            samples: number;
            /** @description Temperature of the distributions the KL divergences compare. */
            temperature: number;
            /** @description Share of samples on which not every teacher predicts the same class. */
            argmaxDisagreement: number;
            /** @description Mean over ordered teacher pairs (i != j) and samples of KL(p_i || p_j) at `temperature`. */
            meanPairwiseKl: number;
            /** @description [i][j]: mean KL(p_i || p_j) over the samples. */
            pairwiseKl: number[][];
            /** @description The classes with the highest disagreement, highest first (at most 5). */
            classes: {
                class: number;
                /** @description Samples at least one teacher assigns to this class. */
                samples: number;
                /** @description Share of those samples on which not every teacher predicts this class. */
                disagreement: number;
            }[];
        };
        TeacherQuality: {
            /** @description Rows of the validation slice. */
            samples: number;
            accuracy: number;
            /** @description Per true class: the share of its validation rows the teacher got right (recall); null for a class with no rows in the slice. */
            perClassAccuracy: (number | null)[];
            /** @description Expected calibration error over 15 equal-width confidence bins: sum_b (n_b / n) * |accuracy_b - mean confidence_b|, confidence = max softmax probability at T = 1. */
            ece: number;
            /** @description counts[true class][predicted class]; left out above 100 classes. */
            confusion?: number[][];
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
            /** @description retiring: the worker's TensorFlow.js backend broke (a job overflowed its memory); it takes no more jobs, hands its others back to the queue and exits for a fresh process to replace it. */
            status: "ready" | "retiring";
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
        DistillGraphJobRequest: {
            /** @enum {string} */
            type: "distill-graph";
            graph: components["schemas"]["GraphSource"];
            teacher?: {
                architecture?: {
                    kind: "gcn" | "sage";
                    /**
                     * @default [
                     *       128
                     *     ]
                     */
                    hidden: number[];
                    /** @default 0 */
                    dropout?: number;
                };
                training?: {
                    /**
                     * @description At most this many epochs.
                     * @default 500
                     */
                    epochs?: number;
                    /** @default 50 */
                    patience?: number;
                    /** @default 0.01 */
                    learningRate?: number;
                    /**
                     * @description L2 penalty added to the gradient (PyTorch Adam weight_decay).
                     * @default 0.0005
                     */
                    weightDecay?: number;
                    /** @default 1 */
                    seed?: number;
                };
            };
            student?: {
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
                    dropout?: number;
                    /** @default relu */
                    activation?: "relu" | "tanh";
                };
                training?: {
                    /**
                     * @description The weights of the best validation epoch are kept.
                     * @default 300
                     */
                    epochs?: number;
                    /** @default 0.01 */
                    learningRate?: number;
                    /** @default 0.005 */
                    weightDecay?: number;
                    /** @default 4096 */
                    batchSize?: number;
                    /** @default 1 */
                    seed?: number;
                };
                name?: string;
                license?: string;
            };
            method?: {
                /** @enum {string} */
                kind: "graph";
                /**
                 * @description Weight of the labels; 1 − lambda weights the teacher.
                 * @default 0
                 */
                lambda?: number;
                /** @default 1 */
                temperature?: number;
                /**
                 * @description transductive: the student learns from every node; inductive: a share of the test nodes is held out of the graph the teacher and the student train on, and they are scored on those.
                 * @default transductive
                 */
                setting?: "transductive" | "inductive";
                /**
                 * @description inductive only: the share of the test nodes held out.
                 * @default 0.2
                 */
                heldOut?: number;
            };
            /**
             * @description Also train the same MLP on the labels alone.
             * @default true
             */
            baseline?: boolean;
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        GraphSource: {
            /** @description A graph dataset (`ds_…`) uploaded as graph-npy or graph-json. */
            dataset: string;
        } | {
            /** @enum {string} */
            builtin: "cora";
        } | {
            /** @enum {string} */
            builtin: "csbm";
            options?: {
                /** @default 2000 */
                nodes?: number;
                /** @default 4 */
                classes?: number;
                /** @default 32 */
                features?: number;
                /** @default 8 */
                averageDegree?: number;
                /** @default 0.8 */
                homophily?: number;
                /** @default 1 */
                signal?: number;
                /** @default 20 */
                trainPerClass?: number;
                /** @default 500 */
                valNodes?: number;
                /** @default 1000 */
                testNodes?: number;
                /** @default 0 */
                seed?: number;
            };
        };
        DistillJobRequest: {
            /** @enum {string} */
            type: "distill";
            dataset: string;
            teachers: {
                model: string;
                /** @default 1 */
                weight?: number;
                /** @description The teacher's quality gate: its accuracy on the validation slice must be at least this, or it is dropped or fails the job (teacherGate.onGateFail). Overrides teacherGate.minAccuracy. */
                minAccuracy?: number;
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
                } | {
                    /** @enum {string} */
                    kind: "transformer";
                    layers: number;
                    heads: number;
                    dim: number;
                    mlpDim?: number;
                    patch?: number;
                    dropout?: number;
                };
                name?: string;
                license?: string;
            };
            /** @description The distillation method and its options; `kind` picks it. Default: {"kind": "logits"}. */
            method?: {
                /** @enum {string} */
                kind: "logits";
                /**
                 * @description Temperature of the logit term.
                 * @default 4
                 */
                temperature?: number;
                /**
                 * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                 * @default 0.9
                 */
                alpha?: number;
                /**
                 * @description Logit standardization: z-score every logit vector (teachers' and student's) before the temperature, in the soft term only.
                 * @default false
                 */
                standardize?: boolean;
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
            } | {
                /** @enum {string} */
                kind: "attention-matrix";
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
                 * @description 'kl': KL(teacher || student) over the keys, per head and query (MiniLM); 'mse': mean squared difference (TinyBERT).
                 * @default kl
                 */
                loss?: "kl" | "mse";
            } | {
                /** @enum {string} */
                kind: "pseudo-label";
                /**
                 * @description 'hard': the aggregated teachers' argmax as a label, kept where their confidence reaches `threshold`; 'soft': their tempered probabilities on every transfer sample (the KD term).
                 * @default hard
                 */
                targets?: "hard" | "soft";
                /** @description Hard targets only (default 0.9): keep a pseudo-label when the aggregated teachers' probability of it, at temperature 1, is at least this. */
                threshold?: number;
                /** @description Soft targets only (default 4): the temperature of the KD term. */
                temperature?: number;
                /**
                 * @description Weight of the cross-entropy on the labelled samples.
                 * @default 1
                 */
                labelledWeight?: number;
                /**
                 * @description Weight of the teacher signal on the transfer samples (soft: T^2 * KL; hard: cross-entropy on the kept pseudo-labels).
                 * @default 1
                 */
                transferWeight?: number;
            } | {
                /** @enum {string} */
                kind: "dkd";
                /**
                 * @description Temperature of both parts.
                 * @default 4
                 */
                temperature?: number;
                /**
                 * @description Weight of TCKD, the binary target / non-target term (not the logits method's alpha).
                 * @default 1
                 */
                alpha?: number;
                /**
                 * @description Weight of NCKD, the distribution over the non-target classes (8 on CIFAR-100 in the paper, 0.5 on ImageNet).
                 * @default 8
                 */
                beta?: number;
                /**
                 * @description Weight of the cross-entropy on the labelled samples.
                 * @default 1
                 */
                ceWeight?: number;
                /**
                 * @description The DKD term's weight rises linearly from 0 to 1 over this many epochs of steps (0: none).
                 * @default 1
                 */
                warmupEpochs?: number;
                /**
                 * @description Logit standardization: z-score every logit vector (teachers' and student's) before the temperature, in the soft term only.
                 * @default false
                 */
                standardize?: boolean;
            } | {
                /** @enum {string} */
                kind: "dist";
                /**
                 * @description Temperature of both relations (1 on ImageNet in the paper, 4 on CIFAR-100).
                 * @default 1
                 */
                tau?: number;
                /**
                 * @description Weight of the inter-class relation: per sample, across the classes.
                 * @default 1
                 */
                beta?: number;
                /**
                 * @description Weight of the intra-class relation: per class, across the batch.
                 * @default 1
                 */
                gamma?: number;
                /**
                 * @description Weight of the cross-entropy on the labelled samples.
                 * @default 1
                 */
                ceWeight?: number;
            };
            aggregation?: {
                strategy: "mean" | "weighted" | "confidence" | "vote";
                /** @description weighted, confidence and vote: 'request' (default) uses teachers[i].weight; 'validation-accuracy' each teacher's accuracy on the validation slice. */
                weights?: "request" | "validation-accuracy";
            };
            teacherGate?: {
                /** @description Every teacher whose accuracy on the validation slice is below this is dropped or fails the job. */
                minAccuracy?: number;
                /** @description 'drop': leave the teacher out of the aggregation (the result says so; the job fails when no teacher is left); 'fail': fail the job with teacher_below_gate. */
                onGateFail?: "drop" | "fail";
            };
            validation?: {
                /**
                 * @description Share of the dataset's labelled training rows, drawn with the job's seed (at least one row).
                 * @default 0.1
                 */
                fraction?: number;
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
                /** @description Default: {"kind": "adam"}. */
                optimizer?: {
                    /** @enum {string} */
                    kind: "adam";
                    /**
                     * @description L2 penalty added to the gradient before the moments (PyTorch Adam weight_decay).
                     * @default 0
                     */
                    weightDecay?: number;
                } | {
                    /** @enum {string} */
                    kind: "adamw";
                    /**
                     * @description Decoupled decay: each step also multiplies the weights by 1 - learningRate * weightDecay (PyTorch AdamW).
                     * @default 0.01
                     */
                    weightDecay?: number;
                } | {
                    /** @enum {string} */
                    kind: "sgd";
                    /**
                     * @description v = momentum * v + g; 0 is plain SGD.
                     * @default 0.9
                     */
                    momentum?: number;
                    /**
                     * @description Nesterov's momentum.
                     * @default false
                     */
                    nesterov?: boolean;
                    /**
                     * @description L2 penalty added to the gradient (PyTorch SGD weight_decay).
                     * @default 0
                     */
                    weightDecay?: number;
                };
                privacy?: {
                    clipNorm: number;
                    noiseMultiplier: number;
                    /** @default 0.00001 */
                    delta?: number;
                };
            };
            /** @default false */
            baseline?: boolean;
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        DistillPolicyJobRequest: {
            /** @enum {string} */
            type: "distill-policy";
            /** @description An environment the service ships (GET /v1/environments). */
            environment: "cartpole-v1" | "acrobot-v1";
            /** @description The teacher policy: a model from observations to action logits (a train-policy job makes one). One for now. */
            teachers: {
                model: string;
            }[];
            student?: {
                /**
                 * @description Hidden widths of the student's tanh MLP.
                 * @default [
                 *       32
                 *     ]
                 */
                hidden?: number[];
                name?: string;
                license?: string;
            };
            method?: {
                /** @enum {string} */
                kind: "policy";
                /**
                 * @description kl: KL(softmax(teacher / temperature) ‖ softmax(student)); nll: the cross-entropy of the teacher's best action; mse: the squared difference of the scores.
                 * @default kl
                 */
                loss?: "kl" | "nll" | "mse";
                /** @description kl only; 1 for a logits teacher, 0.01 for Q-values by default (Rusu et al. sharpen Q-values). */
                temperature?: number;
                /**
                 * @description Environment steps of the teacher's rollouts: the states it labels.
                 * @default 2000
                 */
                states?: number;
                /**
                 * @description How often the teacher acts at random while collecting, so its states include recoveries.
                 * @default 0.1
                 */
                exploration?: number;
                dagger?: {
                    rounds: number;
                    /** @description Student steps per round; the teacher labels every state visited. */
                    states: number;
                };
            };
            training?: {
                /**
                 * @description Passes over the collected states, per fit (the first, then each DAgger round).
                 * @default 30
                 */
                epochs?: number;
                /** @default 64 */
                batchSize?: number;
                /** @default 0.003 */
                learningRate?: number;
                /** @default 1 */
                seed?: number;
            };
            /** @description Also train the same student by PPO for as many environment steps as the distillation used. */
            baseline?: boolean;
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        DistillPrivateJobRequest: {
            /** @enum {string} */
            type: "distill-private";
            /** @description The private labelled dataset; its test split scores the teachers and the students. */
            dataset: string;
            public: {
                /** @description Public data of the same shape: its training rows are the queries; labels, if any, only score the answers. */
                dataset: string;
            };
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
                } | {
                    /** @enum {string} */
                    kind: "transformer";
                    layers: number;
                    heads: number;
                    dim: number;
                    mlpDim?: number;
                    patch?: number;
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
                /** @description Default: {"kind": "adam"}. */
                optimizer?: {
                    /** @enum {string} */
                    kind: "adam";
                    /**
                     * @description L2 penalty added to the gradient before the moments (PyTorch Adam weight_decay).
                     * @default 0
                     */
                    weightDecay?: number;
                } | {
                    /** @enum {string} */
                    kind: "adamw";
                    /**
                     * @description Decoupled decay: each step also multiplies the weights by 1 - learningRate * weightDecay (PyTorch AdamW).
                     * @default 0.01
                     */
                    weightDecay?: number;
                } | {
                    /** @enum {string} */
                    kind: "sgd";
                    /**
                     * @description v = momentum * v + g; 0 is plain SGD.
                     * @default 0.9
                     */
                    momentum?: number;
                    /**
                     * @description Nesterov's momentum.
                     * @default false
                     */
                    nesterov?: boolean;
                    /**
                     * @description L2 penalty added to the gradient (PyTorch SGD weight_decay).
                     * @default 0
                     */
                    weightDecay?: number;
                };
                privacy?: {
                    clipNorm: number;
                    noiseMultiplier: number;
                    /** @default 0.00001 */
                    delta?: number;
                };
            };
            method: {
                /** @enum {string} */
                kind: "pate";
                teachers: {
                    /** @description Teachers, one per disjoint partition of the private training rows. */
                    count: number;
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
                    } | {
                        /** @enum {string} */
                        kind: "transformer";
                        layers: number;
                        heads: number;
                        dim: number;
                        mlpDim?: number;
                        patch?: number;
                        dropout?: number;
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
                        /** @description Default: {"kind": "adam"}. */
                        optimizer?: {
                            /** @enum {string} */
                            kind: "adam";
                            /**
                             * @description L2 penalty added to the gradient before the moments (PyTorch Adam weight_decay).
                             * @default 0
                             */
                            weightDecay?: number;
                        } | {
                            /** @enum {string} */
                            kind: "adamw";
                            /**
                             * @description Decoupled decay: each step also multiplies the weights by 1 - learningRate * weightDecay (PyTorch AdamW).
                             * @default 0.01
                             */
                            weightDecay?: number;
                        } | {
                            /** @enum {string} */
                            kind: "sgd";
                            /**
                             * @description v = momentum * v + g; 0 is plain SGD.
                             * @default 0.9
                             */
                            momentum?: number;
                            /**
                             * @description Nesterov's momentum.
                             * @default false
                             */
                            nesterov?: boolean;
                            /**
                             * @description L2 penalty added to the gradient (PyTorch SGD weight_decay).
                             * @default 0
                             */
                            weightDecay?: number;
                        };
                        privacy?: {
                            clipNorm: number;
                            noiseMultiplier: number;
                            /** @default 0.00001 */
                            delta?: number;
                        };
                    };
                };
                aggregator: {
                    /** @enum {string} */
                    kind: "gnmax";
                    /** @description Std of the Gaussian noise on each vote count. */
                    sigma: number;
                } | {
                    /** @enum {string} */
                    kind: "confident-gnmax";
                    /** @description A query is answered only when its largest count plus N(0, sigma1²) noise reaches this. */
                    threshold: number;
                    /** @description Noise of the threshold check. */
                    sigma1: number;
                    /** @description Noise of the answer. */
                    sigma2: number;
                };
                /** @description Public rows asked, in order from the first; the budget may stop the answers earlier. */
                queries: number;
                /** @default 0.00001 */
                delta?: number;
                budget: {
                    /** @description The most data-independent ε the answers may spend. */
                    epsilon: number;
                };
                /** @description After training on the answers, the student labels the public rows the teachers never answered; those it is sure of join the answers, and a fresh student trains on both. Post-processing of the private student and public data: it spends no privacy. */
                semiSupervised?: {
                    /**
                     * @description A public row the student classifies with at least this probability keeps the student's label.
                     * @default 0.9
                     */
                    threshold?: number;
                };
                /**
                 * @description Seeds the partition of the private data (the noise is drawn from a secure random source, never from a seed).
                 * @default 0
                 */
                seed?: number;
            };
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        GraphDistillationMetrics: {
            graph: {
                source: string;
                nodes: number;
                edges: number;
                features: number;
                classes: number;
            };
            setting: string;
            teacher: {
                /** @description On the test nodes; inductive: on the held-out ones. */
                testAccuracy: number;
                /** @description inductive only: on the test nodes left in the observed graph. */
                observedTestAccuracy?: number;
                /** @description The epoch whose weights were kept: the best on the validation nodes. */
                bestEpoch: number;
                parameters: number;
                /** @description Epochs run before early stopping. */
                epochs: number;
                /** @description The same teacher (graph, network, training and setting) was found in the teacher-output cache, trained by an earlier job of the tenant. */
                cached: boolean;
            };
            student: {
                /** @description On the test nodes; inductive: on the held-out ones. */
                testAccuracy: number;
                /** @description inductive only: on the test nodes left in the observed graph. */
                observedTestAccuracy?: number;
                /** @description The epoch whose weights were kept: the best on the validation nodes. */
                bestEpoch: number;
                parameters: number;
            };
            /** @description The same MLP, seed, optimizer steps and selection, on the labels alone. */
            baseline?: {
                /** @description On the test nodes; inductive: on the held-out ones. */
                testAccuracy: number;
                /** @description inductive only: on the test nodes left in the observed graph. */
                observedTestAccuracy?: number;
                /** @description The epoch whose weights were kept: the best on the validation nodes. */
                bestEpoch: number;
            };
            /** @description Student's parameters over the teacher's. */
            parameterRatio: number;
            /** @description Medians on the worker, fetching the teacher's neighbourhood included: 100 single test nodes, and 5 runs over all test nodes at once. */
            latency: {
                teacher: {
                    perNodeMs: number;
                    perBatchMs: number;
                };
                student: {
                    perNodeMs: number;
                    perBatchMs: number;
                };
                speedup: {
                    perNode: number;
                    perBatch: number;
                };
                batchSize: number;
                /** @description Nodes the teacher fetched, on average, to classify one: its L-hop neighbourhood. */
                teacherNodesPerNode: number;
            };
        };
        Job: {
            id: string;
            tenant: string;
            type: "train" | "distill" | "train-policy" | "distill-policy" | "distill-graph" | "distill-private";
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            request: components["schemas"]["JobRequest"];
            progress?: components["schemas"]["Progress"];
            stages: components["schemas"]["Stage"][];
            result?: components["schemas"]["JobResult"];
            error?: components["schemas"]["JobError"];
            /** Format: date-time */
            createdAt: string;
            startedAt?: string;
            finishedAt?: string;
        };
        JobRequest: components["schemas"]["TrainJobRequest"] | components["schemas"]["DistillJobRequest"] | components["schemas"]["TrainPolicyJobRequest"] | components["schemas"]["DistillPolicyJobRequest"] | components["schemas"]["DistillGraphJobRequest"] | components["schemas"]["DistillPrivateJobRequest"];
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
                } | {
                    /** @enum {string} */
                    kind: "transformer";
                    layers: number;
                    heads: number;
                    dim: number;
                    mlpDim?: number;
                    patch?: number;
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
                /** @description Default: {"kind": "adam"}. */
                optimizer?: {
                    /** @enum {string} */
                    kind: "adam";
                    /**
                     * @description L2 penalty added to the gradient before the moments (PyTorch Adam weight_decay).
                     * @default 0
                     */
                    weightDecay?: number;
                } | {
                    /** @enum {string} */
                    kind: "adamw";
                    /**
                     * @description Decoupled decay: each step also multiplies the weights by 1 - learningRate * weightDecay (PyTorch AdamW).
                     * @default 0.01
                     */
                    weightDecay?: number;
                } | {
                    /** @enum {string} */
                    kind: "sgd";
                    /**
                     * @description v = momentum * v + g; 0 is plain SGD.
                     * @default 0.9
                     */
                    momentum?: number;
                    /**
                     * @description Nesterov's momentum.
                     * @default false
                     */
                    nesterov?: boolean;
                    /**
                     * @description L2 penalty added to the gradient (PyTorch SGD weight_decay).
                     * @default 0
                     */
                    weightDecay?: number;
                };
                privacy?: {
                    clipNorm: number;
                    noiseMultiplier: number;
                    /** @default 0.00001 */
                    delta?: number;
                };
            };
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        TrainPolicyJobRequest: {
            /** @enum {string} */
            type: "train-policy";
            /** @description An environment the service ships (GET /v1/environments). */
            environment: "cartpole-v1" | "acrobot-v1";
            model?: {
                /**
                 * @description Hidden widths of the policy (tanh), and of its value network.
                 * @default [
                 *       64,
                 *       64
                 *     ]
                 */
                hidden?: number[];
                name?: string;
                license?: string;
            };
            training?: {
                /**
                 * @description Environment steps of training at most.
                 * @default 300000
                 */
                maxSteps?: number;
                /** @default 0.001 */
                learningRate?: number;
                /** @default 1 */
                seed?: number;
                stopping?: {
                    /** @description Greedy mean return to reach; the environment's rewardThreshold by default. */
                    target?: number;
                    /**
                     * @description Fixed seeded evaluation episodes the mean is taken over.
                     * @default 10
                     */
                    episodes?: number;
                    /**
                     * @description Evaluations in a row that must reach the target.
                     * @default 2
                     */
                    consecutive?: number;
                };
            };
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
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
                    validation?: components["schemas"]["TeacherQuality"];
                    /** @description The quality gate this teacher faced, when the job set one. */
                    gate?: {
                        minAccuracy: number;
                        passed: boolean;
                    };
                    /** @description Whether the teacher is in the aggregation (false: dropped by the gate). */
                    used?: boolean;
                    /** @description The teacher's static share of the aggregation (before any per-sample weighting), 0 when dropped. */
                    weight?: number;
                    /** @description For a teacher run outside TensorFlow.js (an ONNX teacher, on ONNX Runtime): the student's latency in that runtime (its ONNX copy), which the latency ratio compares it with. */
                    studentLatencyMsPerSample?: number;
                }[];
                /** @description The validation slice the teachers were evaluated (and gated and weighted) on: rows of the dataset's training split drawn with the seed, never the test split. */
                teacherValidation?: {
                    dataset: string;
                    /** @enum {string} */
                    split: "train";
                    fraction: number;
                    samples: number;
                    seed: number;
                };
                conflicts?: components["schemas"]["TeacherConflicts"];
                pseudoLabels?: components["schemas"]["PseudoLabelReport"];
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
                policy?: components["schemas"]["PolicyMetrics"];
                policyDistillation?: components["schemas"]["PolicyDistillationMetrics"];
                graph?: components["schemas"]["GraphDistillationMetrics"];
                privacy?: components["schemas"]["PrivateDistillationMetrics"];
                dpSgd?: {
                    /** @description The run it covers: train (a train job) or student (a distill job). */
                    run: string;
                    epsilon: number;
                    delta: number;
                    /** @description The Rényi order that gave ε. */
                    order: number;
                    steps: number;
                    /** @description Batch size over training examples. */
                    samplingRate: number;
                    noiseMultiplier: number;
                    clipNorm: number;
                    /** @description How batches were drawn: fixed-size batches of a fresh shuffle each epoch. ε is from the accountant for Poisson sampling at the same rate, the usual practice, which is an approximation for shuffled batches, not a proof. */
                    sampling: string;
                };
            };
            history?: {
                run: string;
                epoch: number;
                loss: number;
                accuracy: number;
            }[];
            /** @description Things the job did but a user should know: a teacher whose licence does not say whether it may be distilled, a teacher the quality gate left out, a student no smaller (student_not_smaller) or no faster (student_not_faster) than its teachers. */
            warnings?: components["schemas"]["JobWarning"][];
            features?: components["schemas"]["FeaturesReport"];
            wallSeconds: number;
            /** @description Seconds spent in each part of the job: train, student, baseline. */
            timings?: {
                [key: string]: number;
            };
            backend: string;
        };
        PseudoLabelReport: {
            targets: "hard" | "soft";
            threshold?: number;
            transferSamples: number;
            /** @description Transfer samples the student learned from (soft: all of them). */
            kept: number;
            keptShare: number;
            /** @description Hard targets: kept pseudo-labels per class. */
            keptClassCounts?: number[];
        };
        PolicyMetrics: {
            environment: string;
            greedyReturn: {
                mean: number;
                min: number;
                max: number;
                episodes: number;
            };
            /** @description Steps of training in the environment (evaluation episodes not counted). */
            environmentSteps: number;
            /** @description Whether the stopping rule was met before maxSteps. */
            solved: boolean;
            evaluations: {
                steps: number;
                mean: number;
                min: number;
                max: number;
            }[];
        };
        PolicyDistillationMetrics: {
            environment: string;
            teacher: {
                mean: number;
                min: number;
                max: number;
                episodes: number;
            };
            student: {
                mean: number;
                min: number;
                max: number;
                episodes: number;
            };
            baseline?: {
                mean: number;
                min: number;
                max: number;
                episodes: number;
            } & {
                environmentSteps: number;
            };
            /** @description The distillation's environment steps: the teacher's rollouts and the DAgger rounds. */
            environmentSteps: number;
            /** @description The student's greedy mean return after each fit. */
            rounds: {
                states: number;
                mean: number;
            }[];
            /** @description Teacher parameters per student parameter. */
            parameterRatio: number;
            /** @description The teacher's latency per observation over the student's (batches of 64). */
            latencyRatio: number;
        };
        PrivateDistillationMetrics: {
            mechanism: string;
            delta: number;
            epsilon: {
                dataIndependent: {
                    epsilon: number;
                    /** @description The Rényi order that gave it. */
                    order: number;
                };
                /** @description Papernot et al.'s data-dependent bound: far smaller where the teachers agree, but computed from the private votes; releasing it leaks about them unless it goes through smooth-sensitivity noise, which the service does not add. Publish dataIndependent. */
                dataDependent: {
                    epsilon: number;
                    /** @description The Rényi order that gave it. */
                    order: number;
                };
                /** @description RDP to (ε, δ): improved (Canonne, Kamath & Steinke 2020), at the PATE orders 2 … 100.5 by halves and 100 … 500. */
                conversion: string;
            };
            queries: {
                requested: number;
                /** @description Queries looked at before the budget stopped the answers. */
                asked: number;
                /** @description The student trains on these. */
                answered: number;
                /** @description The budget stopped the answers before the requested queries ran out. */
                exhausted: boolean;
            };
            /** @description Where the public rows have labels: how often the answered queries got the right label, noisy and without noise. */
            labelAccuracy?: {
                noisy: number;
                clean: number;
            };
            teachers: {
                count: number;
                /** @description Private training rows per teacher (the smallest partition). */
                partition: number;
                meanTestAccuracy: number;
                /** @description Their clean plurality vote on the private test split. */
                ensembleTestAccuracy: number;
            };
            student: {
                testAccuracy: number;
            };
            /** @description The registered student is the second one: student.testAccuracy is its accuracy. */
            semiSupervised?: {
                threshold: number;
                /** @description Public rows the first student labelled with enough confidence. */
                pseudoLabelled: number;
                /** @description The first student, on the answers alone. */
                answersOnlyTestAccuracy: number;
            };
            /** @description The same student, seed and steps, on the same queries labelled by the clean plurality vote: what privacy costs. */
            nonPrivate: {
                testAccuracy: number;
            };
        };
        ModelCard: {
            model: {
                id: string;
                name: string;
                format: components["schemas"]["ModelFormat"];
                digest: string;
                license: string;
                parameters: number;
                bytes: number;
                inputShape: number[];
                numClasses: number;
                createdAt: string;
                /** @description What GET /v1/models/:id/files/:name serves: TensorFlow.js files, model.onnx, or both. */
                files: string[];
                /** @description For an ONNX teacher: opset, producer and input layout, in words. */
                onnx?: string;
            };
            origin: "uploaded" | "trained" | "distilled";
            teachers: {
                id: string;
                name: string;
                digest: string;
                license: string;
                distillation: components["schemas"]["DistillationPermission"];
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
                    validation?: components["schemas"]["TeacherQuality"];
                    /** @description The quality gate this teacher faced, when the job set one. */
                    gate?: {
                        minAccuracy: number;
                        passed: boolean;
                    };
                    /** @description Whether the teacher is in the aggregation (false: dropped by the gate). */
                    used?: boolean;
                    /** @description The teacher's static share of the aggregation (before any per-sample weighting), 0 when dropped. */
                    weight?: number;
                    /** @description For a teacher run outside TensorFlow.js (an ONNX teacher, on ONNX Runtime): the student's latency in that runtime (its ONNX copy), which the latency ratio compares it with. */
                    studentLatencyMsPerSample?: number;
                }[];
                /** @description The validation slice the teachers were evaluated (and gated and weighted) on: rows of the dataset's training split drawn with the seed, never the test split. */
                teacherValidation?: {
                    dataset: string;
                    /** @enum {string} */
                    split: "train";
                    fraction: number;
                    samples: number;
                    seed: number;
                };
                conflicts?: components["schemas"]["TeacherConflicts"];
                pseudoLabels?: components["schemas"]["PseudoLabelReport"];
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
                policy?: components["schemas"]["PolicyMetrics"];
                policyDistillation?: components["schemas"]["PolicyDistillationMetrics"];
                graph?: components["schemas"]["GraphDistillationMetrics"];
                privacy?: components["schemas"]["PrivateDistillationMetrics"];
                dpSgd?: {
                    /** @description The run it covers: train (a train job) or student (a distill job). */
                    run: string;
                    epsilon: number;
                    delta: number;
                    /** @description The Rényi order that gave ε. */
                    order: number;
                    steps: number;
                    /** @description Batch size over training examples. */
                    samplingRate: number;
                    noiseMultiplier: number;
                    clipNorm: number;
                    /** @description How batches were drawn: fixed-size batches of a fresh shuffle each epoch. ε is from the accountant for Poisson sampling at the same rate, the usual practice, which is an approximation for shuffled batches, not a proof. */
                    sampling: string;
                };
            };
            warnings: components["schemas"]["JobError"][];
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
        Sweep: {
            id: string;
            tenant: string;
            status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
            request: components["schemas"]["SweepRequest"];
            progress?: components["schemas"]["Progress"];
            /** @description teacher:<i>, aggregate, targets (soft targets at each trial temperature, then the fan-out), trial:<k>, rank. */
            stages: components["schemas"]["Stage"][];
            /** @description The table as it fills, by trial index. */
            trials: {
                index: number;
                /** @description One trial's values. */
                params: {
                    /** @description Temperature of the logit term (method.temperature); the base method must take one. */
                    temperature: number;
                    /** @description Weight of the soft term (method.alpha); the base method must take one. */
                    alpha: number;
                    /** @description Adam learning rate (training.learningRate). */
                    learningRate: number;
                    /** @description Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it. */
                    width: number;
                };
                /** @description Which method and seed this trial of a comparison trains. */
                comparison?: {
                    /** @description The method's label: its kind, numbered when the comparison names a kind twice; 'baseline' for the student alone. */
                    method: string;
                    /** @description The training seed of this trial. */
                    seed: number;
                };
                /** @description failed: this trial diverged or ran out of memory (see error); the sweep ranks the others. */
                status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                /** @description 1 is the best; absent until the sweep has ranked its trials, and for failed ones. */
                rank?: number;
                /** @description The trial's student; only the best trial's is kept. */
                model?: string;
                validationAccuracy?: number;
                /** @description Mean cross-entropy on the validation slice. */
                validationLoss?: number;
                /** @description On the test split, reported only: never used to rank. */
                testAccuracy?: number;
                /** @description Training loss of the last epoch. */
                trainLoss?: number;
                parameters?: number;
                epochs?: number;
                /** @description Wall time of the trial on its worker. */
                seconds?: number;
                /** @description The worker that ran it. */
                worker?: string;
                /** @description Why this trial failed (training_diverged, out_of_memory). */
                error?: {
                    code: string;
                    message: string;
                };
            }[];
            result?: components["schemas"]["SweepResult"];
            error?: components["schemas"]["JobError"];
            /** Format: date-time */
            createdAt: string;
            startedAt?: string;
            finishedAt?: string;
        };
        /** @description `base` is a distill job request (no baseline, no timeoutSeconds): every trial is that job with its own values, and its validation.fraction sets the validation slice the trials are ranked on. Give exactly one of `grid`, `random` (values of the base method) and `methods` (a comparison of methods over seeds). */
        SweepRequest: {
            base: components["schemas"]["DistillJobRequest"];
            /** @description Every combination of the listed values, temperature varying slowest. */
            grid?: {
                /** @description Values of temperature: Temperature of the logit term (method.temperature); the base method must take one. */
                temperature?: number[];
                /** @description Values of alpha: Weight of the soft term (method.alpha); the base method must take one. */
                alpha?: number[];
                /** @description Values of learningRate: Adam learning rate (training.learningRate). */
                learningRate?: number[];
                /** @description Values of width: Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it. */
                width?: number[];
            };
            random?: {
                trials: number;
                /**
                 * @description Seeds the draws (not the training, which uses base.training.seed).
                 * @default 0
                 */
                seed?: number;
                ranges: {
                    /** @description temperature: drawn uniformly from [min, max], or picked from values. Temperature of the logit term (method.temperature); the base method must take one. */
                    temperature?: {
                        min: number;
                        max: number;
                        /**
                         * @description 'log': uniform in log space (learning rates, temperatures).
                         * @default linear
                         */
                        scale?: "linear" | "log";
                    } | {
                        values: number[];
                    };
                    /** @description alpha: drawn uniformly from [min, max], or picked from values. Weight of the soft term (method.alpha); the base method must take one. */
                    alpha?: {
                        min: number;
                        max: number;
                        /**
                         * @description 'log': uniform in log space (learning rates, temperatures).
                         * @default linear
                         */
                        scale?: "linear" | "log";
                    } | {
                        values: number[];
                    };
                    /** @description learningRate: drawn uniformly from [min, max], or picked from values. Adam learning rate (training.learningRate). */
                    learningRate?: {
                        min: number;
                        max: number;
                        /**
                         * @description 'log': uniform in log space (learning rates, temperatures).
                         * @default linear
                         */
                        scale?: "linear" | "log";
                    } | {
                        values: number[];
                    };
                    /** @description width: drawn uniformly from [min, max], or picked from values. Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it. */
                    width?: {
                        min: number;
                        max: number;
                        /**
                         * @description 'log': uniform in log space (learning rates, temperatures).
                         * @default linear
                         */
                        scale?: "linear" | "log";
                    } | {
                        values: number[];
                    };
                };
            };
            /** @description Compare these methods on the base job's teachers, student and data: each trains once per seed, on the same teacher outputs. */
            methods?: ({
                /** @enum {string} */
                kind: "logits";
                /**
                 * @description Temperature of the logit term.
                 * @default 4
                 */
                temperature?: number;
                /**
                 * @description Weight of the soft (teacher) term; 1 - alpha weights the hard-label term.
                 * @default 0.9
                 */
                alpha?: number;
                /**
                 * @description Logit standardization: z-score every logit vector (teachers' and student's) before the temperature, in the soft term only.
                 * @default false
                 */
                standardize?: boolean;
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
            } | {
                /** @enum {string} */
                kind: "attention-matrix";
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
                 * @description 'kl': KL(teacher || student) over the keys, per head and query (MiniLM); 'mse': mean squared difference (TinyBERT).
                 * @default kl
                 */
                loss?: "kl" | "mse";
            } | {
                /** @enum {string} */
                kind: "pseudo-label";
                /**
                 * @description 'hard': the aggregated teachers' argmax as a label, kept where their confidence reaches `threshold`; 'soft': their tempered probabilities on every transfer sample (the KD term).
                 * @default hard
                 */
                targets?: "hard" | "soft";
                /** @description Hard targets only (default 0.9): keep a pseudo-label when the aggregated teachers' probability of it, at temperature 1, is at least this. */
                threshold?: number;
                /** @description Soft targets only (default 4): the temperature of the KD term. */
                temperature?: number;
                /**
                 * @description Weight of the cross-entropy on the labelled samples.
                 * @default 1
                 */
                labelledWeight?: number;
                /**
                 * @description Weight of the teacher signal on the transfer samples (soft: T^2 * KL; hard: cross-entropy on the kept pseudo-labels).
                 * @default 1
                 */
                transferWeight?: number;
            } | {
                /** @enum {string} */
                kind: "dkd";
                /**
                 * @description Temperature of both parts.
                 * @default 4
                 */
                temperature?: number;
                /**
                 * @description Weight of TCKD, the binary target / non-target term (not the logits method's alpha).
                 * @default 1
                 */
                alpha?: number;
                /**
                 * @description Weight of NCKD, the distribution over the non-target classes (8 on CIFAR-100 in the paper, 0.5 on ImageNet).
                 * @default 8
                 */
                beta?: number;
                /**
                 * @description Weight of the cross-entropy on the labelled samples.
                 * @default 1
                 */
                ceWeight?: number;
                /**
                 * @description The DKD term's weight rises linearly from 0 to 1 over this many epochs of steps (0: none).
                 * @default 1
                 */
                warmupEpochs?: number;
                /**
                 * @description Logit standardization: z-score every logit vector (teachers' and student's) before the temperature, in the soft term only.
                 * @default false
                 */
                standardize?: boolean;
            } | {
                /** @enum {string} */
                kind: "dist";
                /**
                 * @description Temperature of both relations (1 on ImageNet in the paper, 4 on CIFAR-100).
                 * @default 1
                 */
                tau?: number;
                /**
                 * @description Weight of the inter-class relation: per sample, across the classes.
                 * @default 1
                 */
                beta?: number;
                /**
                 * @description Weight of the intra-class relation: per class, across the batch.
                 * @default 1
                 */
                gamma?: number;
                /**
                 * @description Weight of the cross-entropy on the labelled samples.
                 * @default 1
                 */
                ceWeight?: number;
            })[];
            /** @description With methods: the training seeds every method (and the baseline) is trained with; default [base.training.seed]. The validation slice stays the base seed's. */
            seeds?: number[];
            /** @description With methods (default true): also train the student alone (cross-entropy on its labels, as many steps) with each seed, and rank it beside the methods. */
            baseline?: boolean;
            /**
             * @description Accuracy on the validation slice of the labelled training split, held out of every trial's training; ties go to the lower validation cross-entropy, then the earlier trial.
             * @default validationAccuracy
             * @enum {string}
             */
            objective?: "validationAccuracy";
            /** @description Fail the job with job_timeout if it has not finished this many seconds after it started running. */
            timeoutSeconds?: number;
        };
        SweepResult: {
            /** @description The best trial's student (in a comparison: the best seed of the best method). */
            model: string;
            /** @enum {string} */
            objective: "validationAccuracy";
            /** @description The rows the trials were ranked on: a slice of the dataset's labelled training split drawn with the seed (the one the teachers are evaluated on), held out of every trial's training. */
            validation: {
                dataset: string;
                /** @enum {string} */
                split: "train";
                fraction: number;
                rows: number;
                seed: number;
            };
            /** @description One trial: its values, status and scores. */
            best: {
                index: number;
                /** @description One trial's values. */
                params: {
                    /** @description Temperature of the logit term (method.temperature); the base method must take one. */
                    temperature: number;
                    /** @description Weight of the soft term (method.alpha); the base method must take one. */
                    alpha: number;
                    /** @description Adam learning rate (training.learningRate). */
                    learningRate: number;
                    /** @description Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it. */
                    width: number;
                };
                /** @description Which method and seed this trial of a comparison trains. */
                comparison?: {
                    /** @description The method's label: its kind, numbered when the comparison names a kind twice; 'baseline' for the student alone. */
                    method: string;
                    /** @description The training seed of this trial. */
                    seed: number;
                };
                /** @description failed: this trial diverged or ran out of memory (see error); the sweep ranks the others. */
                status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                /** @description 1 is the best; absent until the sweep has ranked its trials, and for failed ones. */
                rank?: number;
                /** @description The trial's student; only the best trial's is kept. */
                model?: string;
                validationAccuracy?: number;
                /** @description Mean cross-entropy on the validation slice. */
                validationLoss?: number;
                /** @description On the test split, reported only: never used to rank. */
                testAccuracy?: number;
                /** @description Training loss of the last epoch. */
                trainLoss?: number;
                parameters?: number;
                epochs?: number;
                /** @description Wall time of the trial on its worker. */
                seconds?: number;
                /** @description The worker that ran it. */
                worker?: string;
                /** @description Why this trial failed (training_diverged, out_of_memory). */
                error?: {
                    code: string;
                    message: string;
                };
            };
            /** @description Every trial, best first; failed ones last, without a rank. */
            table: {
                index: number;
                /** @description One trial's values. */
                params: {
                    /** @description Temperature of the logit term (method.temperature); the base method must take one. */
                    temperature: number;
                    /** @description Weight of the soft term (method.alpha); the base method must take one. */
                    alpha: number;
                    /** @description Adam learning rate (training.learningRate). */
                    learningRate: number;
                    /** @description Multiplier of every layer width of the base student (mlp hidden; cnn filters and dense), rounded, at least 1: 0.5 halves the student, 2 doubles it. */
                    width: number;
                };
                /** @description Which method and seed this trial of a comparison trains. */
                comparison?: {
                    /** @description The method's label: its kind, numbered when the comparison names a kind twice; 'baseline' for the student alone. */
                    method: string;
                    /** @description The training seed of this trial. */
                    seed: number;
                };
                /** @description failed: this trial diverged or ran out of memory (see error); the sweep ranks the others. */
                status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                /** @description 1 is the best; absent until the sweep has ranked its trials, and for failed ones. */
                rank?: number;
                /** @description The trial's student; only the best trial's is kept. */
                model?: string;
                validationAccuracy?: number;
                /** @description Mean cross-entropy on the validation slice. */
                validationLoss?: number;
                /** @description On the test split, reported only: never used to rank. */
                testAccuracy?: number;
                /** @description Training loss of the last epoch. */
                trainLoss?: number;
                parameters?: number;
                epochs?: number;
                /** @description Wall time of the trial on its worker. */
                seconds?: number;
                /** @description The worker that ran it. */
                worker?: string;
                /** @description Why this trial failed (training_diverged, out_of_memory). */
                error?: {
                    code: string;
                    message: string;
                };
            }[];
            /** @description A comparison of methods: each method over its seeds, best first. */
            methods?: {
                /** @description Its label, as in the trials' comparison.method. */
                method: string;
                /** @description method.kind, or 'baseline'. */
                kind: string;
                /** @description The method with every default filled in. */
                options?: unknown;
                /** @description By mean validation accuracy (then mean validation cross-entropy); 1 is the best. */
                rank: number;
                /** @description Seeds that finished (a diverged trial is left out of the figures). */
                trials: number;
                /** @description Validation accuracy over the method's seeds. */
                validationAccuracy: {
                    mean: number;
                    /** @description Sample standard deviation over the seeds (0 for one seed). */
                    std: number;
                    min: number;
                    max: number;
                };
                /** @description Test accuracy (reported only, never used to rank) over the method's seeds. */
                testAccuracy: {
                    mean: number;
                    /** @description Sample standard deviation over the seeds (0 for one seed). */
                    std: number;
                    min: number;
                    max: number;
                };
                /** @description Mean accuracy minus the baseline's mean accuracy, on the same seeds. */
                gainOverBaseline?: {
                    validation: number;
                    test: number;
                };
                /** @description The seeds on which this method had the highest validation accuracy of all (ties count for each). */
                seedsWon: number[];
            }[];
            /** @description The teacher stage, run once for every trial. */
            teachers: {
                model: string;
                testAccuracy: number;
                /** @description Its logits came from the cache: no inference ran. */
                cached: boolean;
                /** @description In the aggregation (false: dropped by the quality gate). */
                used: boolean;
            }[];
            /** @description As for a distill job: a teacher whose licence does not say whether it may be distilled, a kept student no smaller than its smallest teacher. */
            warnings?: components["schemas"]["JobWarning"][];
            wallSeconds: number;
            backend: string;
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
                /** @description Items per page. */
                limit?: number;
                /** @description Cursor: the `next` value of the previous page; leave it out for the first page. Any other value answers 400 `invalid_request` with field `/after`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Dataset"][];
                        next?: string;
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createDataset: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string of visible ASCII (a UUID, say). A retry with the same key and body within 24 hours gets the first answer again, status and body, and creates nothing; the same key with another body is 422 idempotency_key_reused. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDatasetRequest"];
                "multipart/form-data": {
                    name: string;
                    format: components["schemas"]["UploadFormat"];
                    /** @description csv/jsonl: the label column or key (default "label"); absent from the file = unlabelled. */
                    labelColumn?: string;
                    /** @description Share of the labelled rows held out for testing when no test file is given (default 0.2; 0 = no test split). */
                    testRatio?: number;
                    /** @description Seed of the train/test split (default 0). */
                    seed?: number;
                    /**
                     * Format: binary
                     * @description csv/jsonl: the training rows. graph-npy: the training mask, [nodes] bool.
                     */
                    train?: string;
                    /**
                     * Format: binary
                     * @description csv/jsonl: test rows; without it the test split is drawn by testRatio. graph-npy: the test mask, [nodes] bool.
                     */
                    test?: string;
                    /**
                     * Format: binary
                     * @description npy: features, [rows, ...inputShape]. graph-npy: node features, [nodes, features].
                     */
                    x?: string;
                    /**
                     * Format: binary
                     * @description npy: integer labels, [rows]; -1 = unlabelled. graph-npy: node labels, [nodes]; -1 = unlabelled.
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
                    /**
                     * Format: binary
                     * @description graph-npy: [edges, 2] integer node ids, either direction.
                     */
                    edges?: string;
                    /**
                     * Format: binary
                     * @description graph-npy: the validation mask, [nodes] bool.
                     */
                    val?: string;
                    /**
                     * Format: binary
                     * @description graph-json: the whole graph in one JSON object (see the README).
                     */
                    graph?: string;
                };
            };
        };
        responses: {
            /** @description Created; `Location` gives its URL. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dataset"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A file, or the whole request, is over its limit (`upload_too_large`). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A media type this operation does not take (`unsupported_media_type`). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
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
            /** @description OK. */
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
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The dataset id (`ds_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dataset"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteDataset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The dataset id (`ds_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: {
                /** @description Items per page. */
                limit?: number;
                /** @description Cursor: the `next` value of the previous page; leave it out for the first page. Any other value answers 400 `invalid_request` with field `/after`. */
                after?: string;
                /** @description Only models in this format. */
                format?: components["schemas"]["ModelFormat"];
                /** @description Only models uploaded, trained by a train job, or distilled by a distill job. */
                origin?: "uploaded" | "trained" | "distilled";
                /** @description Only models with this distillation permission. */
                distillation?: components["schemas"]["DistillationPermission"];
                /** @description Only models under this licence (exact match, e.g. `MIT`). */
                license?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Model"][];
                        next?: string;
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
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
                    distillation?: components["schemas"]["DistillationPermission"];
                    output?: components["schemas"]["ModelOutput"];
                    /** @description Only for models whose input shape is not fixed (graph models, ONNX models with dynamic dimensions): one sample, without the batch, as the model takes it. */
                    inputShape?: number[];
                    layout?: components["schemas"]["InputLayout"];
                    readableOutputs?: string[];
                    /** @description ONNX models only: outputs holding attention probabilities [batch, heads, tokens, tokens], readable as they are. Without it an NCHW model's outputs with three dimensions per sample are read as feature maps and transposed to [height, width, channels]. */
                    attentionOutputs?: string[];
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /** @description model.json and every weight file it names, or model.onnx and its external-data files; each a part with its file name. */
                    files: string[];
                };
            };
        };
        responses: {
            /** @description Created; `Location` gives its URL. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Model"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A file, or the whole request, is over its limit (`upload_too_large`). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A media type this operation does not take (`unsupported_media_type`). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model id (`m_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Model"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model id (`m_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getModelCard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model id (`m_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelCard"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getModelCardMarkdown: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model id (`m_…`). */
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
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    downloadModelFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model id (`m_…`). */
                id: string;
                /** @description A file name the record lists in `files`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file: weight shards and model.onnx as bytes, model.json as JSON. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": unknown;
                    "application/json": unknown;
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                /** @description Only jobs in this status. */
                status?: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                /** @description Jobs per page. */
                limit?: number;
                /** @description Cursor: the `next` value of the previous page; leave it out for the first page. Any other value answers 400 `invalid_request` with field `/after`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Job"][];
                        next?: string;
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string of visible ASCII (a UUID, say). A retry with the same key and body within 24 hours gets the first answer again, status and body, and creates nothing; the same key with another body is 422 idempotency_key_reused. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JobRequest"];
            };
        };
        responses: {
            /** @description Accepted. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                        /** @description Present when there is something to know now, such as a student with at least as many parameters as its smallest teacher (student_not_smaller) or a teacher whose licence does not say whether it may be distilled; the job runs anyway, and its result's warnings repeat them. */
                        warnings?: components["schemas"]["JobWarning"][];
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job id (`j_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job id (`j_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobEvents: {
        parameters: {
            query?: {
                /** @description Return events after this event id. */
                after?: string;
                /** @description Events per page. */
                limit?: number;
            };
            header?: {
                /** @description Resume a stream after this event id; EventSource sends it when it reconnects. */
                "last-event-id"?: string;
            };
            path: {
                /** @description The job id (`j_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["JobEvent"][];
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
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
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Worker"][];
                    };
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
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
            /** @description OK. */
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
            /** @description OK. */
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
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Environment"][];
                    };
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSweeps: {
        parameters: {
            query?: {
                /** @description Only sweeps in this status. */
                status?: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                /** @description Sweeps per page. */
                limit?: number;
                /** @description Cursor: the `next` value of the previous page; leave it out for the first page. Any other value answers 400 `invalid_request` with field `/after`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Sweep"][];
                        next?: string;
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitSweep: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any string of visible ASCII (a UUID, say). A retry with the same key and body within 24 hours gets the first answer again, status and body, and creates nothing; the same key with another body is 422 idempotency_key_reused. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description `base` is a distill job request (no baseline, no timeoutSeconds): every trial is that job with its own values, and its validation.fraction sets the validation slice the trials are ranked on. Give exactly one of `grid`, `random` (values of the base method) and `methods` (a comparison of methods over seeds). */
        requestBody: {
            content: {
                "application/json": components["schemas"]["SweepRequest"];
            };
        };
        responses: {
            /** @description Accepted. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
                        trials: number;
                        /** @description Present when there is something to know now: a trial's student with at least as many parameters as the smallest teacher (student_not_smaller, naming the trial), a teacher whose licence does not say whether it may be distilled. The sweep runs anyway. */
                        warnings?: components["schemas"]["JobWarning"][];
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSweep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sweep id (`sw_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sweep"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelSweep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sweep id (`sw_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sweep"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSweepEvents: {
        parameters: {
            query?: {
                /** @description Return events after this event id. */
                after?: string;
                /** @description Events per page. */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The sweep id (`sw_…`). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["JobEvent"][];
                    };
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Well-formed but not possible as asked: an unknown or incompatible dataset or model, a job too large, an invalid upload, a teacher whose licence forbids distillation. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Items per page. */
                limit?: number;
                /** @description Cursor: the `next` value of the previous page; leave it out for the first page. Any other value answers 400 `invalid_request` with field `/after`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description Created; `Location` gives its URL. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key id (`key_…`): names the key in listings, logs and rate limits. It is not the key, and the key cannot be derived from it. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key id (`key_…`): names the key in listings, logs and rate limits. It is not the key, and the key cannot be derived from it. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no content. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCache: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CacheListing"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    clearCache: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CacheDeletion"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCacheEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The entry id (`ce_…`) from the listing. */
                entry: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CacheDeletion"];
                };
            };
            /** @description The request does not match the schema, or its JSON or URL is malformed (`invalid_request`); `field` points at the culprit. A value a union does not take names the field to change (`/method/kind`, `/source/builtin`) and `detail` lists the values allowed there; a paging cursor (`after`) no page gave is refused the same way. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, a malformed `Authorization` header or an unknown key (`unauthorized`). */
            401: {
                headers: {
                    /** @description `Bearer`: the scheme an API key is sent with. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key may not do this (`forbidden`): monitoring and managing keys need an admin key. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such record among this key's tenant's (`dataset_not_found`, `model_not_found`, `job_not_found`, `artifact_not_found`; `key_not_found` for API keys). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The record is in a state that forbids this (`job_not_cancellable`, `model_in_use`, `dataset_in_use`; `key_configured`, `last_admin_key` for API keys). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the key's request rate (`rate_limited`) or the tenant's quota (`quota_exceeded`). */
            429: {
                headers: {
                    /** @description With `rate_limited`: seconds until the key may send again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Redis or the artifact store cannot be reached (`redis_unavailable`, `store_unavailable`); retry after `Retry-After`. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
