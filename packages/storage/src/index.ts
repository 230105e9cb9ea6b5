export { FsArtifactStore, createArtifactStore, type ArtifactStore } from './store.ts';
export { assertValidKey } from './keys.ts';
export { decodeNpy, encodeNpy, type NpyArray } from './npy.ts';
export { loadLayersModel, saveLayersModel } from './layers-model.ts';
