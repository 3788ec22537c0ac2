import { Logger } from '@nestjs/common';
import type { Collection, Document } from 'mongodb';
import type { EventEnvelope } from '@fund-desk/contracts';
import { EventBus } from '../kafka/event-bus';
import type { OutboxEntry, OutboxFields } from './outbox';

const LEASE_MS = 15_000;
const BATCH = 100;

/**
 * Publishes what aggregates hold in their outbox. Polls the registered collections (FerretDB has no
 * change streams); `kick()` after a local write makes the next round start at once. A short lease
 * per document keeps two relays (two instances of a service) from publishing the same document at once.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly collections: Collection<Document>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;

  constructor(
    private readonly bus: EventBus,
    private readonly pollMs: number,
    /** Maps a contract's topic to the topic to write; tests keep their events on topics of their own. */
    private readonly topicFor: (topic: string) => string = (topic) => topic,
  ) {}

  register(collection: Collection<Document>): void {
    if (!this.collections.some((c) => c.collectionName === collection.collectionName)) this.collections.push(collection);
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all(this.collections.map((c) => c.createIndex({ outboxPending: 1 })));
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Something was just written: publish it now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Finishes the round in hand and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One full pass over every collection; returns how many events were published. Used by tests too. */
  async flush(): Promise<number> {
    let total = 0;
    for (const collection of this.collections) {
      for (;;) {
        const published = await this.publishBatch(collection);
        total += published;
        if (published === 0) break;
      }
    }
    return total;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.flush()
        .catch((error) => this.logger.warn({ msg: 'Outbox round failed; will retry', error: (error as Error).message }))
        .then(() => undefined)
        .finally(() => {
          this.running = null;
          if (this.stopped) return;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.pollMs);
        });
    }, delay);
  }

  private async publishBatch(collection: Collection<Document>): Promise<number> {
    const now = new Date();
    const candidates = await collection
      .find(
        { outboxPending: { $gt: 0 }, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lt: now } }] },
        { projection: { _id: 1 } },
      )
      .limit(BATCH)
      .toArray();
    let published = 0;
    for (const candidate of candidates) {
      const leaseUntil = new Date(Date.now() + LEASE_MS);
      const claimed = (await collection.findOneAndUpdate(
        { _id: candidate._id, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lt: new Date() } }] },
        { $set: { outboxLeaseUntil: leaseUntil } },
        { returnDocument: 'after' }, // FerretDB 1.24 has no projection in findAndModify
      )) as (Document & OutboxFields) | null;
      if (!claimed) continue;
      const entries = Object.entries(claimed.outbox ?? {}).sort(([, a], [, b]) => a.seq - b.seq) as [string, OutboxEntry][];
      try {
        if (entries.length) {
          await this.bus.publish(entries.map(([, e]) => ({ ...(JSON.parse(e.value) as EventEnvelope), topic: this.topicFor(e.topic) })));
        }
        const unset: Record<string, ''> = { outboxLeaseUntil: '' };
        for (const [id] of entries) unset[`outbox.${id}`] = '';
        await collection.updateOne(
          { _id: claimed._id },
          entries.length ? { $unset: unset, $inc: { outboxPending: -entries.length } } : { $unset: unset, $set: { outboxPending: 0 } },
        );
        published += entries.length;
      } catch (error) {
        await collection.updateOne({ _id: claimed._id }, { $set: { outboxLeaseUntil: null } }).catch(() => undefined);
        throw error;
      }
    }
    return published;
  }
}
