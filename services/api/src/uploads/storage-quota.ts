import { DistilleryError } from '@distillery/contracts';
import type { Registry } from '@distillery/registry';
import type { AccessLimits } from '../auth.ts';

/** Who uploads, and within which limits. */
export interface UploadContext {
  tenant: string;
  maxFileBytes: number;
  /** Undefined when authentication is off: one user, no quotas. */
  quotas: AccessLimits | undefined;
}

/**
 * Refuses an upload that would take the tenant past its stored-bytes quota.
 * Called before the files are read (with 0: a tenant already at its quota is
 * refused at once) and after, with the size of what was stored.
 */
export async function checkStorageQuota(registry: Registry, context: UploadContext, incomingBytes: number): Promise<void> {
  if (!context.quotas) return;
  const stored = await registry.usage.storedBytes(context.tenant);
  const limit = context.quotas.storedBytes;
  if (stored + incomingBytes > limit || (incomingBytes === 0 && stored >= limit)) {
    throw new DistilleryError(
      'quota_exceeded',
      `this tenant stores ${stored} bytes of datasets and models; with ${incomingBytes} more it would pass its quota of ${limit} bytes: delete datasets or models you no longer need`,
    );
  }
}

/**
 * What is left of the tenant's quota, as a budget for readMultipart: the
 * upload stops being written the moment it would pass the quota, instead of
 * being stored whole and refused afterwards.
 */
export async function uploadBudget(registry: Registry, context: UploadContext): Promise<{ bytes: number; exceeded: () => Error } | undefined> {
  if (!context.quotas) return undefined;
  const stored = await registry.usage.storedBytes(context.tenant);
  const limit = context.quotas.storedBytes;
  const left = Math.max(0, limit - stored);
  return {
    bytes: left,
    exceeded: () =>
      new DistilleryError(
        'quota_exceeded',
        `this upload is larger than the ${left} bytes left of this tenant's quota of ${limit} bytes (it stores ${stored} bytes of datasets and models); it was stopped there and nothing of it is kept: delete datasets or models you no longer need`,
      ),
  };
}
