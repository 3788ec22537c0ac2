import type { Db } from 'mongodb';
import { createRedis } from '../redis/redis';
import { DocumentLocks } from './document-locks';
import { DocumentStore } from './document-store';
import { GuardedUpdates } from './guarded-updates';

export interface OpenedDocumentStore {
  store: DocumentStore;
  guarded: GuardedUpdates;
  close(): Promise<void>;
}

/** The repository kit outside a Nest application (tests, benchmarks, scripts): its own lock connection to Redis. */
export async function openDocumentStore(db: Db, redisUrl: string, prefix = 'fund-desk:doc-lock:'): Promise<OpenedDocumentStore> {
  const redis = createRedis(redisUrl, 'locks');
  const store = new DocumentStore(new DocumentLocks(redis, { prefix }));
  await store.open(db);
  return { store, guarded: new GuardedUpdates(store), close: async () => void (await redis.quit()) };
}
