import type { ApplicationState, RequestState } from '../../domain/aggregation';
import type { FundInfo } from '../../domain/uptake-report';
import type { ParkedEvent, StoredEffect } from '../../infrastructure/uptake.repository';

/**
 * Where events are filed: the database (the live feed, one event at a time, exactly once across crashes) or a
 * replay's memory (a rebuild, written in bulk when the history is read). The use case is the same for both.
 */
export interface FilingStore {
  saveFund(fund: FundInfo & { version: number }): Promise<void>;
  /** Whether an event's effect was applied completely. */
  isEffectDone(effectId: string): Promise<boolean>;
  /** The stored effect of an event still under way. */
  findEffect(effectId: string): Promise<StoredEffect | null>;
  storeEffect(effect: StoredEffect): Promise<void>;
  applyEffect(effect: StoredEffect): Promise<void>;
  findApplication(applicationId: string): Promise<ApplicationState | null>;
  findRequest(requestId: string): Promise<RequestState | null>;
  /** Which of these distinct-children markers exist. */
  existingMarkers(ids: string[]): Promise<Set<string>>;
  park(event: ParkedEvent): Promise<void>;
  /** The events parked for an application, in the order they came. */
  parkedFor(applicationId: string): Promise<ParkedEvent[]>;
  unpark(applicationId: string, parkedId: string): Promise<void>;
}
