import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  applicationItemsAddedV1,
  applicationSubmittedV1,
  EventEnvelope,
  fundCatalogueChangedV1,
  fundRequestDecidedV1,
  fundRequestDuplicateV1,
  fundRequestFulfilledV1,
  fundRequestReopenedV1,
  fundRequestReroutedV1,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  fundRequestWithdrawnV1,
  isEvent,
  personalDataErasureRequestedV1,
  readIncomeCheckCompleted,
  validateEnvelope,
} from '@fund-desk/contracts';
import { UPTAKE_CONFIG, UptakeConfig } from '../../../config/uptake.config';
import {
  ApplicationState,
  candidateMarkers,
  Effect,
  newRequest,
  onErased,
  onIncomeChecked,
  onItemsAdded,
  onRequestEvent,
  onSubmitted,
  RequestFact,
} from '../../domain/aggregation';
import { periodsOf } from '../../domain/periods';
import { StoredEffect, storedIncrements, Target, UptakeRepository } from '../../infrastructure/uptake.repository';
import type { FilingStore } from './filing-store';

/**
 * Files one event into the read models, exactly once: the effect is computed, stored under the event id, then
 * applied (buckets guarded by that id). Events about an application uptake has not seen yet (topics are read in
 * parallel, so a replay may meet a fund request before its application) are parked and filed when it arrives.
 */
@Injectable()
export class RecordEventUseCase {
  private readonly logger = new Logger(RecordEventUseCase.name);
  private seq = 0;

  constructor(
    @Inject(UptakeRepository) private readonly repository: UptakeRepository,
    @Inject(UPTAKE_CONFIG) private readonly config: UptakeConfig,
  ) {}

  /** Uptake's own hash of a child key (or, without one, of the application and child reference). */
  childHash(applicationId: string, ref: string, key?: string): string {
    return createHmac('sha256', this.config.UPTAKE_KEY_SECRET)
      .update(key ? `key:${key}` : `ref:${applicationId}:${ref}`)
      .digest('base64url');
  }

  async record(event: EventEnvelope, into: FilingStore = this.repository): Promise<void> {
    if (isEvent(fundCatalogueChangedV1, event)) {
      const { fundId, version, name, municipalities, yearlyBudgetCents } = event.payload;
      return into.saveFund({ fundId, version, name, municipalities, yearlyBudgetCents });
    }
    if (isEvent(personalDataErasureRequestedV1, event)) {
      for (const applicationId of event.payload.applicationIds) await this.recordFor(into, event, applicationId, `${event.id}:${applicationId}`);
      return;
    }
    const applicationId = (event.payload as { applicationId?: unknown })?.applicationId;
    if (typeof applicationId !== 'string') return; // an event uptake does not count (notification.failed, …)
    await this.recordFor(into, event, applicationId, event.id);
  }

  private async recordFor(into: FilingStore, event: EventEnvelope, applicationId: string, effectId: string): Promise<void> {
    if (await into.isEffectDone(effectId)) return;
    const stored = await into.findEffect(effectId);
    if (stored) return into.applyEffect(stored);

    const app = await into.findApplication(applicationId);
    if (isEvent(applicationSubmittedV1, event)) {
      if (app) return;
      const p = event.payload;
      const submittedAt = new Date(p.submittedAt);
      const children = Object.fromEntries(p.children.map((c) => [c.ref, this.childHash(p.applicationId, c.ref, c.key)]));
      const facts = { applicationId: p.applicationId, municipalityCode: p.municipalityCode, area: p.postcodeArea, submittedAt: submittedAt.toISOString(), periods: periodsOf(submittedAt), children, items: p.items };
      // Another application of the same child in the same period may have counted it already.
      const existing = await into.existingMarkers(candidateMarkers({ _id: p.applicationId, ...facts }));
      const effect = onSubmitted(facts, existing);
      await this.store(into, effectId, effect.application!, effect);
      for (const parked of await into.parkedFor(applicationId)) {
        await this.record(validateEnvelope(JSON.parse(parked.event)), into);
        await into.unpark(applicationId, parked._id);
      }
      return;
    }
    if (!app) {
      if (isRelevant(event)) await into.park({ _id: effectId, applicationId, seq: Date.now() * 1000 + (this.seq++ % 1000), event: JSON.stringify(event) });
      return;
    }
    const existing = await into.existingMarkers(candidateMarkers(app));
    let effect: Effect | null = null;
    if (isEvent(applicationItemsAddedV1, event)) {
      const p = event.payload;
      const children = Object.fromEntries(p.children.map((c) => [c.ref, this.childHash(p.applicationId, c.ref, c.key)]));
      const seen = await into.existingMarkers(candidateMarkers({ ...app, children: { ...children, ...app.children } }));
      effect = onItemsAdded(app, children, p.items, seen);
    } else if (isEvent(personalDataErasureRequestedV1, event)) {
      effect = onErased(app);
    } else {
      const check = readIncomeCheckCompleted(event);
      if (check) effect = onIncomeChecked(app, check.outcome);
      else {
        const fact = requestFact(event);
        if (fact) {
          const p = event.payload as { requestId: string; applicationId: string; childRef: string; category: never };
          const before = (await into.findRequest(p.requestId)) ?? newRequest(p);
          effect = onRequestEvent(app, before, fact, event.occurredAt, existing);
        }
      }
    }
    if (effect) await this.store(into, effectId, app, effect);
  }

  private async store(into: FilingStore, id: string, app: ApplicationState, effect: Effect): Promise<void> {
    const target: Target = { municipalityCode: app.municipalityCode, area: app.area, periods: app.periods };
    const stored: StoredEffect = {
      _id: id,
      target,
      ...storedIncrements(effect),
      markers: effect.markers,
      dropMarkers: effect.dropMarkers,
      ...(effect.request ? { request: effect.request } : {}),
      ...(effect.application ? { application: effect.application } : {}),
    };
    await into.storeEffect(stored);
    await into.applyEffect(stored);
  }
}

function isRelevant(event: EventEnvelope): boolean {
  return !!(
    readIncomeCheckCompleted(event) ||
    requestFact(event) ||
    isEvent(applicationItemsAddedV1, event) ||
    isEvent(personalDataErasureRequestedV1, event)
  );
}

/** A fund-request event, reduced to what the figures need; null for events uptake does not count. */
export function requestFact(event: EventEnvelope): RequestFact | null {
  if (isEvent(fundRequestRoutedV1, event)) return { type: 'routed', fundId: event.payload.fundId, amountCents: event.payload.amountCents };
  if (isEvent(fundRequestReroutedV1, event)) return { type: 'rerouted', fundId: event.payload.fundId, amountCents: event.payload.amountCents };
  if (isEvent(fundRequestUnroutableV1, event)) return { type: 'unroutable', outcome: event.payload.outcome };
  if (isEvent(fundRequestDuplicateV1, event)) return { type: 'duplicate' };
  if (isEvent(fundRequestDecidedV1, event)) {
    const p = event.payload;
    return { type: 'decided', decision: p.decision, fundId: p.fundId, amountCents: p.amountCents, reasonCode: p.reasonCode, rerouted: p.rerouted };
  }
  if (isEvent(fundRequestFulfilledV1, event)) return { type: 'fulfilled', fundId: event.payload.fundId };
  if (isEvent(fundRequestWithdrawnV1, event)) return { type: 'withdrawn', fundId: event.payload.fundId };
  if (isEvent(fundRequestReopenedV1, event)) return { type: 'reopened', fundId: event.payload.fundId };
  return null;
}
