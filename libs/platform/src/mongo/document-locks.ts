import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The document stayed locked by another writer for longer than a write can take: try again later (retriable). */
export class DocumentBusyError extends Error {
  readonly retriable = true;
  constructor(readonly key: string) {
    super(`Document ${key} is being changed by another writer; try again`);
  }
}

export interface DocumentLockOptions {
  /** How long a lock holds if its holder dies mid-write; far longer than one write, short enough to recover. */
  ttlMs?: number;
  /** How long a writer waits for a lock before it gives up with DocumentBusyError. */
  waitMs?: number;
  /** Key prefix, so several deployments or test runs can share one Redis. */
  prefix?: string;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One writer at a time per document, across connections, processes and instances (decisions.md §22).
 *
 * FerretDB 1.24 applies an update as read, change in Go, write back — on SQLite and on PostgreSQL alike — so two
 * updates of one document on two connections can both read the old version and one change is lost (measured:
 * 30 concurrent `$inc` end at 1–11). Every write the repository kit sends to FerretDB for a document therefore holds
 * that document's lock: a Redis key set with NX and a expiry, released only by its holder (compare-and-delete).
 * Within a process, writers of one document queue in memory first, so they do not spin on Redis against each other.
 */
export class DocumentLocks {
  private readonly local = new Map<string, Promise<unknown>>();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: DocumentLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.waitMs = options.waitMs ?? 15_000;
    this.prefix = options.prefix ?? 'fund-desk:doc-lock:';
  }

  /** Runs `work` while holding the lock of `key` (one document: database, collection and id). */
  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.inOrder(key, async () => {
      const token = await this.acquire(key);
      try {
        return await work();
      } finally {
        await this.redis.eval(RELEASE, 1, this.prefix + key, token).catch(() => undefined);
      }
    });
  }

  /** Answers when the lock store can be used; the kit refuses to start on FerretDB otherwise. */
  async check(): Promise<void> {
    await this.redis.ping();
  }

  private async acquire(key: string): Promise<string> {
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      if ((await this.redis.set(this.prefix + key, token, 'PX', this.ttlMs, 'NX')) === 'OK') return token;
      if (Date.now() > deadline) throw new DocumentBusyError(key);
      const backoff = Math.min(25, 1 << Math.min(attempt, 5));
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff));
    }
  }

  private async inOrder<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.local.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.local.set(key, settled);
    try {
      return await next;
    } finally {
      if (this.local.get(key) === settled) this.local.delete(key);
    }
  }
}
