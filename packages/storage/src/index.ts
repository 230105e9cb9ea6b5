export { FsArtifactStore, createArtifactStore, type ArtifactStore } from './store.ts';
export { S3ArtifactStore, createS3Client, type S3ArtifactStoreOptions } from './s3-store.ts';
export { parseArtifactStoreUrl, type ArtifactStoreLocation } from './store-url.ts';
export { assertValidKey } from './keys.ts';
export { decodeNpy, encodeNpy, encodeNpyHeader, parseNpyHeader, type NpyArray, type NpyHeader } from './npy.ts';
export { loadLayersModel, saveLayersModel } from './layers-model.ts';
export { inspectModelFiles, loadTfjsModel, MODEL_JSON, readModelFiles, type InspectedModel, type InspectOptions, type ReadModelFiles } from './model-files.ts';
export { PROBE_LIMITS, probeModel, type ProbedModel } from './model-probe.ts';
export { loadInferenceModel, teacherRuntimes, type TeacherRuntime } from './teachers.ts';
