import type { ApplicationState, RequestState } from '../domain/aggregation';
import { addTrees, FundInfo, Tree } from '../domain/uptake-report';
import type { FilingStore } from '../use-cases/record-event/filing-store';
import { BucketMeta, bucketIncrements, nest, ParkedEvent, StoredEffect } from './uptake.repository';

/** What a replay built in memory, written to the emptied read models in one go (UptakeRepository.writeReplayed). */
export interface Replayed {
  buckets: Map<string, { meta: BucketMeta; counters: Tree }>;
  markers: Set<string>;
  applications: Map<string, ApplicationState>;
  requests: Map<string, RequestState>;
  parked: Map<string, ParkedEvent[]>;
  funds: Map<string, FundInfo & { version: number }>;
  effectsDone: Set<string>;
}

/**
 * The read models of a rebuild, kept in memory while the history is read: the same use case files every event into
 * it as into the database, without a round trip per event. One replay at a time, one event after another.
 */
export class ReplayProjection implements FilingStore {
  readonly replayed: Replayed = { buckets: new Map(), markers: new Set(), applications: new Map(), requests: new Map(), parked: new Map(), funds: new Map(), effectsDone: new Set() };

  async saveFund(fund: FundInfo & { version: number }): Promise<void> {
    const kept = this.replayed.funds.get(fund.fundId);
    if (!kept || kept.version < fund.version) this.replayed.funds.set(fund.fundId, structuredClone(fund));
  }
  async isEffectDone(effectId: string): Promise<boolean> {
    return this.replayed.effectsDone.has(effectId);
  }
  // An effect is applied as soon as it is stored: none is ever under way in memory.
  async findEffect(): Promise<StoredEffect | null> {
    return null;
  }
  storeEffect(): Promise<void> {
    return Promise.resolve();
  }
  async applyEffect(effect: StoredEffect): Promise<void> {
    const { buckets, markers, applications, requests, effectsDone } = this.replayed;
    for (const { id, meta, inc } of bucketIncrements(effect.target, effect)) {
      const bucket = buckets.get(id) ?? { meta, counters: {} };
      addTrees(bucket.counters, nest(inc));
      buckets.set(id, bucket);
    }
    for (const marker of effect.markers) markers.add(marker);
    for (const marker of effect.dropMarkers) markers.delete(marker);
    if (effect.request) requests.set(effect.request._id, structuredClone(effect.request));
    if (effect.application) applications.set(effect.application._id, structuredClone(effect.application));
    effectsDone.add(effect._id);
  }
  async findApplication(applicationId: string): Promise<ApplicationState | null> {
    const app = this.replayed.applications.get(applicationId);
    return app ? structuredClone(app) : null;
  }
  async findRequest(requestId: string): Promise<RequestState | null> {
    const request = this.replayed.requests.get(requestId);
    return request ? structuredClone(request) : null;
  }
  async existingMarkers(ids: string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.replayed.markers.has(id)));
  }
  async park(event: ParkedEvent): Promise<void> {
    const list = this.replayed.parked.get(event.applicationId) ?? [];
    if (!list.some((p) => p._id === event._id)) this.replayed.parked.set(event.applicationId, [...list, event]);
  }
  async parkedFor(applicationId: string): Promise<ParkedEvent[]> {
    return [...(this.replayed.parked.get(applicationId) ?? [])].sort((a, b) => a.seq - b.seq);
  }
  async unpark(applicationId: string, parkedId: string): Promise<void> {
    const list = (this.replayed.parked.get(applicationId) ?? []).filter((p) => p._id !== parkedId);
    if (list.length) this.replayed.parked.set(applicationId, list);
    else this.replayed.parked.delete(applicationId);
  }
}
