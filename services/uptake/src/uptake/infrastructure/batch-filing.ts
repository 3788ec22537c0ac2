import type { ApplicationState, RequestState } from '../domain/aggregation';
import type { FundInfo } from '../domain/uptake-report';
import type { FilingStore } from '../use-cases/record-event/filing-store';
import { BucketMeta, bucketIncrements, ParkedEvent, StoredEffect, UptakeRepository } from './uptake.repository';

/** What one batch of events changes, gathered in memory and written at once (UptakeRepository.commitBatch). */
export interface BatchDelta {
  /** Increments per bucket, counter names dotted. */
  buckets: Map<string, { meta: BucketMeta; inc: Record<string, number> }>;
  markers: Set<string>;
  dropMarkers: Set<string>;
  /** State written, and whether it was in the database before the batch (replace) or not (insert). */
  applications: Map<string, { state: ApplicationState; existed: boolean }>;
  requests: Map<string, { state: RequestState; existed: boolean }>;
  /** The parked events of every application the batch touched (empty: none left), and whether a document existed. */
  parked: Map<string, { events: ParkedEvent[]; existed: boolean }>;
  effectIds: string[];
}

/**
 * The live feed's filing of one batch: reads go to the database (through the repository's memory) unless the batch
 * changed the thing already; effects are gathered here, so twenty events of one municipality's month cost one write
 * of its bucket instead of twenty. One batch at a time (uptake's single writer).
 */
export class BatchFiling implements FilingStore {
  readonly delta: BatchDelta = { buckets: new Map(), markers: new Set(), dropMarkers: new Set(), applications: new Map(), requests: new Map(), parked: new Map(), effectIds: [] };
  private readonly done = new Set<string>();

  constructor(private readonly repository: UptakeRepository) {}

  get empty(): boolean {
    return !this.delta.effectIds.length && !this.delta.parked.size;
  }

  saveFund(fund: FundInfo & { version: number }): Promise<void> {
    return this.repository.saveFund(fund);
  }
  async isEffectDone(effectId: string): Promise<boolean> {
    return this.done.has(effectId) || this.repository.isEffectDone(effectId);
  }
  /** None: the feed finishes every stored effect before it files a batch (UptakeRepository.finishPending). */
  findEffect(): Promise<StoredEffect | null> {
    return Promise.resolve(null);
  }
  storeEffect(): Promise<void> {
    return Promise.resolve();
  }
  async applyEffect(effect: StoredEffect): Promise<void> {
    const { buckets, markers, dropMarkers, applications, requests, effectIds } = this.delta;
    for (const { id, meta, inc } of bucketIncrements(effect.target, effect)) {
      const bucket = buckets.get(id) ?? { meta, inc: {} };
      for (const [field, n] of Object.entries(inc)) bucket.inc[field] = (bucket.inc[field] ?? 0) + n;
      buckets.set(id, bucket);
    }
    for (const marker of effect.markers) {
      markers.add(marker);
      dropMarkers.delete(marker);
    }
    for (const marker of effect.dropMarkers) {
      markers.delete(marker);
      dropMarkers.add(marker);
    }
    if (effect.request) {
      const existed = requests.get(effect.request._id)?.existed ?? !!(await this.repository.findRequest(effect.request._id));
      requests.set(effect.request._id, { state: structuredClone(effect.request), existed });
    }
    if (effect.application) {
      const existed = applications.get(effect.application._id)?.existed ?? !!(await this.repository.findApplication(effect.application._id));
      applications.set(effect.application._id, { state: structuredClone(effect.application), existed });
    }
    this.done.add(effect._id);
    effectIds.push(effect._id);
  }
  async findApplication(applicationId: string): Promise<ApplicationState | null> {
    const changed = this.delta.applications.get(applicationId);
    return changed ? structuredClone(changed.state) : this.repository.findApplication(applicationId);
  }
  async findRequest(requestId: string): Promise<RequestState | null> {
    const changed = this.delta.requests.get(requestId);
    return changed ? structuredClone(changed.state) : this.repository.findRequest(requestId);
  }
  async existingMarkers(ids: string[]): Promise<Set<string>> {
    const { markers, dropMarkers } = this.delta;
    const unknown = ids.filter((id) => !markers.has(id) && !dropMarkers.has(id));
    const stored = unknown.length ? await this.repository.existingMarkers(unknown) : new Set<string>();
    return new Set(ids.filter((id) => markers.has(id) || stored.has(id)));
  }
  async park(event: ParkedEvent): Promise<void> {
    const entry = await this.parkedEntry(event.applicationId);
    if (!entry.events.some((p) => p._id === event._id)) entry.events.push(event);
  }
  async parkedFor(applicationId: string): Promise<ParkedEvent[]> {
    return [...(await this.parkedEntry(applicationId)).events].sort((a, b) => a.seq - b.seq);
  }
  async unpark(applicationId: string, parkedId: string): Promise<void> {
    const entry = await this.parkedEntry(applicationId);
    entry.events = entry.events.filter((p) => p._id !== parkedId);
  }
  private async parkedEntry(applicationId: string): Promise<{ events: ParkedEvent[]; existed: boolean }> {
    let entry = this.delta.parked.get(applicationId);
    if (!entry) {
      const events = await this.repository.parkedFor(applicationId);
      entry = { events, existed: events.length > 0 };
      this.delta.parked.set(applicationId, entry);
    }
    return entry;
  }
}
