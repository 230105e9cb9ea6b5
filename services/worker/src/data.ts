import { DistilleryError, type Dataset, type Model } from '@distillery/contracts';
import { loadBuiltin, loadUploaded, type LoadedDataset } from '@distillery/datasets';
import type { Registry } from '@distillery/registry';
import type { InferenceModel, TensorInferenceModel } from '@distillery/kd';
import { loadInferenceModel, type ArtifactStore, type TeacherRuntimeOptions } from '@distillery/storage';

/**
 * Datasets and models as processors need them. Built-in datasets are
 * materialised from their source spec (a deterministic function of it),
 * uploaded ones read from their canonical files in the store, and the
 * last few are kept in memory: a worker usually serves several subjobs of the
 * same job in a row.
 */
export class DataCache {
  private readonly datasets = new Map<string, LoadedDataset>();

  constructor(
    private readonly registry: Registry,
    private readonly store: ArtifactStore,
    /** Options of the teacher runtimes (ONNX Runtime's threads and providers), for every model this worker runs outside TensorFlow.js. */
    readonly runtimeOptions: TeacherRuntimeOptions = {},
    private readonly capacity = 4,
  ) {}

  async datasetRecord(id: string): Promise<Dataset> {
    const record = await this.registry.datasets.get(id);
    if (!record) throw new DistilleryError('unknown_dataset', `dataset ${id} does not exist`);
    return record;
  }

  async modelRecord(id: string): Promise<Model> {
    const record = await this.registry.models.get(id);
    if (!record) throw new DistilleryError('unknown_model', `model ${id} does not exist`);
    return record;
  }

  async dataset(id: string): Promise<{ record: Dataset; data: LoadedDataset }> {
    const record = await this.datasetRecord(id);
    let data = this.datasets.get(record.digest);
    if (data) {
      this.datasets.delete(record.digest); // re-insert: most recently used last
    } else {
      data = 'builtin' in record.source ? loadBuiltin(record.source) : await loadUploaded(this.store, record.files ?? []);
      if (this.datasets.size >= this.capacity) this.datasets.delete(this.datasets.keys().next().value!);
    }
    this.datasets.set(record.digest, data);
    return { record, data };
  }

  /** Loads a model for inference with its format's teacher runtime; the caller disposes it. */
  async model(id: string): Promise<{ record: Model; model: InferenceModel }> {
    const record = await this.modelRecord(id);
    return { record, model: await this.inference(record) };
  }

  /** A model already looked up, loaded with its format's teacher runtime; the caller disposes it. */
  inference(record: Model): Promise<InferenceModel> {
    return loadInferenceModel(this.store, record, this.runtimeOptions);
  }

  /** A teacher that acts in an environment: rollouts score one batch of observations per step, on tensors (TensorFlow.js runtimes only). */
  async policyModel(id: string): Promise<{ record: Model; model: TensorInferenceModel }> {
    const loaded = await this.model(id);
    if (loaded.model.kind === 'tensor') return { record: loaded.record, model: loaded.model };
    loaded.model.dispose();
    throw new DistilleryError('incompatible_model', `model ${id} is a ${loaded.record.format} model; policies act through TensorFlow.js here: upload the policy as a TensorFlow.js model`);
  }
}
