import { artifactKeys, type Dataset, type Model } from '@distillery/contracts';
import type { Registry } from './index.ts';

/** The part of the artifact store a removal needs. */
export interface PrefixDeleter {
  deletePrefix(prefix: string): Promise<void>;
}

/**
 * Removes a model, the one way the API (DELETE /v1/models/:id) and the
 * workers (a model trained for a job cancelled meanwhile) do it: the record
 * first, so no new job can name the model, then its files, then the
 * tenant's stored bytes. Callers check beforehand that no unfinished job uses it.
 */
export async function removeModel(registry: Registry, store: PrefixDeleter, model: Model): Promise<void> {
  await registry.models.delete(model);
  await store.deletePrefix(artifactKeys.model(model.id));
  await registry.usage.addStoredBytes(model.tenant, -(model.bytes + (model.exportedOnnx?.bytes ?? 0)));
}

/** Removes a dataset in the same order: record, files (uploads only; built-ins have none), stored bytes. */
export async function removeDataset(registry: Registry, store: PrefixDeleter, dataset: Dataset): Promise<void> {
  await registry.datasets.delete(dataset);
  if (dataset.files) await store.deletePrefix(artifactKeys.dataset(dataset.id));
  await registry.usage.addStoredBytes(dataset.tenant, -(dataset.bytes ?? 0));
}
