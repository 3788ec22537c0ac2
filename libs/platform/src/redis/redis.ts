import IORedis, { Redis, RedisOptions } from 'ioredis';

/**
 * Redis connections. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis); producers and
 * readiness checks fail fast instead.
 */
export function createRedis(url: string, purpose: 'worker' | 'client' | 'locks'): Redis {
  // Document locks wait out a short reconnect (a write is held, not lost) but never block for ever.
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : purpose === 'locks'
        ? { maxRetriesPerRequest: 5, connectTimeout: 3000 }
        : { maxRetriesPerRequest: 2, enableOfflineQueue: false, connectTimeout: 3000 };
  return new IORedis(url, { ...options, lazyConnect: false });
}
