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
