import type { WorkerInfo } from '@distillery/contracts';
import type { Redis } from 'ioredis';
import { keys } from './keys.ts';


/** Live workers: each refreshes a key with a TTL; a dead worker's key expires. */
export class WorkerDirectory {
  constructor(private readonly redis: Redis) {}

  async heartbeat(info: WorkerInfo, ttlSeconds: number): Promise<void> {
    await this.redis
      .multi()
      .set(keys.worker(info.id), JSON.stringify(info), 'EX', ttlSeconds)
      .sadd(keys.workers, info.id)
      .exec();
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().del(keys.worker(id)).srem(keys.workers, id).exec();
  }

  async list(): Promise<WorkerInfo[]> {
    const ids = await this.redis.smembers(keys.workers);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map(keys.worker));
    const gone = ids.filter((_, i) => !raws[i]);
    if (gone.length > 0) await this.redis.srem(keys.workers, ...gone);
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as WorkerInfo);
  }
}
