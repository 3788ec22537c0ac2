import IORedis, { Redis, RedisOptions } from 'ioredis';

/**
 * Redis connections. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis); producers and
 * readiness checks fail fast instead.
 */
export function createRedis(url: string, purpose: 'worker' | 'client'): Redis {
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: false, connectTimeout: 3000 };
  return new IORedis(url, { ...options, lazyConnect: false });
}
