import { Logger } from '@nestjs/common';
import type { Collection, Document } from 'mongodb';
import type { EventEnvelope } from '@fund-desk/contracts';
import { EventBus } from '../kafka/event-bus';
import { OutboxEntry, OutboxFields, outboxFieldsForInsert } from './outbox';
import { DocumentStore } from '../mongo/document-store';

const LEASE_MS = 15_000;
const BATCH = 100;

/**
 * Publishes what aggregates hold in their outbox.
 *
 * A writer tells the relay which document it just wrote (`notify`), and the relay publishes that document
 * at once, reading it by id. A sweep over every registered collection (at start and then every
 * `sweepMs`) picks up what a crashed process left behind. Sweeping is the expensive part on FerretDB
 * (no change streams; a query on `outboxPending` reads every document), so it is kept rare.
 * A short lease per document keeps two relays (two instances of a service) from publishing it at once.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly collections = new Map<string, Collection<Document>>();
  private readonly dirty = new Map<string, Set<string>>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private sweepDue = false;

  constructor(
    private readonly bus: EventBus,
    /** The relay writes the aggregates' own documents (lease, published events out): through the kit, like every writer. */
    private readonly store: DocumentStore,
    private readonly sweepMs: number,
    /** Maps a contract's topic to the topic to write; tests keep their events on topics of their own. */
    private readonly topicFor: (topic: string) => string = (topic) => topic,
  ) {}

  register(collection: Collection<Document>): void {
    this.collections.set(collection.collectionName, collection);
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all([...this.collections.values()].map((c) => c.createIndex({ outboxPending: 1 })));
  }

  start(): void {
    this.stopped = false;
    this.sweepDue = true;
    this.scheduleDrain();
    this.sweepTimer = setInterval(() => {
      this.sweepDue = true;
      this.scheduleDrain();
    }, this.sweepMs);
    this.sweepTimer.unref();
  }

  /** A document with pending events was just written: publish it now. */
  notify(collection: Collection<Document>, id: string): void {
    const name = collection.collectionName;
    if (!this.dirty.has(name)) this.dirty.set(name, new Set());
    this.dirty.get(name)!.add(id);
    if (!this.stopped) this.scheduleDrain();
  }

  /**
   * Inserts a new document together with its events and has them published at once. Returns false when a
   * document with that id exists: the work was done before (a redelivered event), nothing is written.
   */
  async insertWithEvents(collection: Collection<Document>, doc: Document & { _id: string }, events: EventEnvelope[]): Promise<boolean> {
    if (!(await this.store.collection(collection).insertOnce({ ...doc, ...outboxFieldsForInsert(events) }))) return false;
    if (events.length) this.notify(collection, doc._id);
    return true;
  }

  /** Finishes the round in hand and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.drainTimer) clearTimeout(this.drainTimer);
    await this.running;
  }

  /** Publishes every pending event in every registered collection; returns how many. Used by tests too. */
  async flush(): Promise<number> {
    let total = 0;
    for (const collection of this.collections.values()) {
      for (;;) {
        const published = await this.publishDocuments(collection, await this.pendingIds(collection));
        total += published;
        if (published === 0) break;
      }
    }
    return total;
  }

  private scheduleDrain(): void {
    if (this.running || this.drainTimer) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      this.running = this.drain()
        .catch((error) => {
          this.logger.warn({ msg: 'Outbox round failed; will retry', error: (error as Error).message });
          this.sweepDue = true;
          return new Promise<void>((resolve) => setTimeout(resolve, 1000));
        })
        .finally(() => {
          this.running = null;
          if (!this.stopped && (this.sweepDue || [...this.dirty.values()].some((s) => s.size))) this.scheduleDrain();
        });
    }, 0);
  }

  private async drain(): Promise<void> {
    if (this.sweepDue) {
      this.sweepDue = false;
      await this.flush();
    }
    for (const [name, ids] of this.dirty) {
      const collection = this.collections.get(name);
      while (ids.size) {
        const batch = [...ids].slice(0, BATCH);
        for (const id of batch) ids.delete(id);
        if (collection) await this.publishDocuments(collection, batch);
      }
    }
  }

  private async pendingIds(collection: Collection<Document>): Promise<string[]> {
    const docs = await collection
      .find({ outboxPending: { $gt: 0 }, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lt: new Date() } }] }, { projection: { _id: 1 } })
      .limit(BATCH)
      .toArray();
    return docs.map((d) => String(d._id));
  }

  /**
   * Leases the documents, publishes their events in one request (each document's in stored order), and
   * removes what was published. Returns how many events.
   *
   * The lease is taken with a plain `_id` filter and judged from the document as it was before (returned
   * atomically with the write by the kit), so a miss costs no scan on FerretDB/SQLite either.
   */
  private async publishDocuments(collection: Collection<Document>, ids: string[]): Promise<number> {
    const documents = this.store.collection<{ _id: string } & OutboxFields>(collection);
    const claimed: { id: string; entries: [string, OutboxEntry][] }[] = [];
    for (const id of ids) {
      const now = Date.now();
      // FerretDB 1.24 has no projection in findAndModify: the whole document comes back.
      const before = await documents.updateAndGet(id, { $set: { outboxLeaseUntil: new Date(now + LEASE_MS) } }, { returnDocument: 'before' });
      if (!before) continue;
      const leasedByOther = before.outboxLeaseUntil && new Date(before.outboxLeaseUntil).getTime() > now;
      if (leasedByOther) continue;
      const entries = Object.entries(before.outbox ?? {}).sort(([, a], [, b]) => a.seq - b.seq) as [string, OutboxEntry][];
      claimed.push({ id, entries });
    }
    const events = claimed.flatMap(({ entries }) =>
      entries.map(([, e]) => ({ ...(JSON.parse(e.value) as EventEnvelope), topic: this.topicFor(e.topic) })),
    );
    try {
      if (events.length) await this.bus.publish(events);
    } catch (error) {
      await Promise.all(claimed.map(({ id }) => documents.update(id, { $set: { outboxLeaseUntil: null } }).catch(() => undefined)));
      throw error;
    }
    for (const { id, entries } of claimed) {
      const unset: Record<string, ''> = { outboxLeaseUntil: '' };
      for (const [eventId] of entries) unset[`outbox.${eventId}`] = '';
      await documents.update(
        id,
        entries.length ? { $unset: unset, $inc: { outboxPending: -entries.length } } : { $unset: unset, $set: { outboxPending: 0 } },
      );
    }
    return events.length;
  }
}
