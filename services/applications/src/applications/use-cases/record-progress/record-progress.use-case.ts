import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EventEnvelope,
  fundRequestDecidedV1,
  fundRequestFulfilledV1,
  fundRequestReroutedV1,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  fundRequestDuplicateV1,
  fundRequestAnsweredV1,
  fundRequestReopenedV1,
  isEvent,
  readIncomeCheckCompleted,
} from '@fund-desk/contracts';
import { WriteConflictError } from '@fund-desk/platform';
import { Application, deriveStatus, RequestedItem, TimelineEntry } from '../../domain/application';
import { ApplicationRepository } from '../../infrastructure/application.repository';
import { HouseholdRepository } from '../../infrastructure/household.repository';

/**
 * Keeps the parent's view current from what other services report. Every change is a pure function of
 * the event and the stored application, and an event already on the timeline changes nothing, so a
 * redelivered event has no second effect.
 */
@Injectable()
export class RecordProgressUseCase {
  private readonly logger = new Logger(RecordProgressUseCase.name);

  constructor(
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(HouseholdRepository) private readonly households: HouseholdRepository,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    // Applied to the application as stored now, and again to a newer version when another change came first.
    const seen = { unknown: false };
    let changed: Application | null;
    try {
      changed = await this.applications.change(event.correlationId, (application) => {
        seen.unknown = !application;
        if (!application) return null;
        if (application.timeline.some((t) => t.eventId === event.id)) return null;
        const next = this.apply(application, event);
        if (!next) return null;
        next.status = next.status === 'withdrawn' ? 'withdrawn' : deriveStatus(next);
        return [];
      });
    } catch (error) {
      if (error instanceof WriteConflictError) throw new Error(`Could not record ${event.type} on ${event.correlationId}: too many concurrent changes`);
      throw error;
    }
    if (seen.unknown) {
      this.logger.warn({ msg: 'Event for an unknown application ignored', type: event.type });
      return;
    }
    if (changed) await this.recordDecisionTime(event, changed);
  }

  /** How long the fund took, for the waiting time parents are told to expect (once per decision event). */
  private async recordDecisionTime(event: EventEnvelope, before: Application): Promise<void> {
    if (!isEvent(fundRequestDecidedV1, event) || event.payload.decision === 'information-requested') return;
    const routedAt = before.items.find((i) => i.itemId === event.payload.itemId)?.routedAt;
    if (!routedAt) return;
    const days = (Date.parse(event.occurredAt) - Date.parse(routedAt)) / 86_400_000;
    await this.households.recordDecisionTime(event.id, event.payload.fundId, Math.max(0, days), new Date(event.occurredAt));
  }

  private apply(application: Application, event: EventEnvelope): Application | null {
    const entry = (message: string, itemId?: string, params?: Record<string, string>): TimelineEntry => ({
      at: event.occurredAt,
      type: event.type,
      eventId: event.id,
      message,
      ...(itemId ? { itemId } : {}),
      ...(params ? { params } : {}),
    });

    const check = readIncomeCheckCompleted(event);
    if (check) {
      const percentage = check.percentageOfNorm === null ? '' : check.percentageOfNorm.toFixed(1);
      application.incomeCheck = {
        status: check.outcome === 'needs-evidence' ? 'needs-evidence' : 'completed',
        checkId: check.checkId,
        outcome: check.outcome,
        eligible: check.outcome === 'needs-evidence' ? null : check.outcome === 'eligible',
        percentageOfNorm: check.percentageOfNorm,
        basis: check.basis,
        explanation: check.explanation,
      };
      if (check.outcome === 'not-eligible') {
        for (const item of application.items) {
          if (item.status === 'pending') {
            item.status = 'not-eligible';
            item.reason = 'income-above-limit';
          }
        }
      }
      application.timeline.push(entry(`income-${check.outcome}`, undefined, { percentage }));
      return application;
    }
    // Every fund-request event changes one item and adds one line to the timeline.
    const onItem = (itemId: string, change: (item: RequestedItem) => TimelineEntry): Application | null => {
      const item = application.items.find((i) => i.itemId === itemId);
      // A withdrawn item stays withdrawn, whatever a fund was still doing with it.
      if (!item || item.status === 'withdrawn') return null;
      application.timeline.push(change(item));
      return application;
    };
    if (isEvent(fundRequestRoutedV1, event) || isEvent(fundRequestReroutedV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        Object.assign(item, { status: 'routed', fundId: p.fundId, fundName: p.fundName, reason: null, routedAt: event.occurredAt });
        return entry(event.type === fundRequestRoutedV1.type ? 'routed' : 'rerouted', item.itemId, { category: item.category, fund: p.fundName });
      });
    }
    if (isEvent(fundRequestUnroutableV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        const reason = p.explanation.map((e) => `${e.fundId}: ${e.reason}`).join('; ') || p.outcome;
        Object.assign(item, { status: p.outcome === 'not-eligible' ? 'not-eligible' : 'unroutable', fundId: null, fundName: null, reason });
        return entry('unroutable', item.itemId, { category: item.category, reason });
      });
    }
    if (isEvent(fundRequestDuplicateV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        Object.assign(item, { status: 'duplicate', fundId: null, fundName: null, reason: 'duplicate' });
        return entry('duplicate', item.itemId, { category: item.category });
      });
    }
    if (isEvent(fundRequestAnsweredV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        Object.assign(item, { status: 'routed', reason: null });
        return entry('answered', item.itemId, { category: item.category, fund: p.fundName });
      });
    }
    if (isEvent(fundRequestReopenedV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        Object.assign(item, { status: 'routed', fundId: p.fundId, fundName: p.fundName, reason: null, routedAt: event.occurredAt });
        return entry('reopened', item.itemId, { category: item.category, fund: p.fundName });
      });
    }
    if (isEvent(fundRequestDecidedV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        item.status = p.decision;
        if (p.decision !== 'information-requested') item.decidedAt = event.occurredAt;
        if (p.decision === 'approved' && p.amountCents < item.amountCents) item.approvedAmountCents = p.amountCents;
        item.reason = p.decision === 'declined' ? (p.reasonCode ?? 'other') : p.decision === 'information-requested' ? (p.message ?? null) : null;
        return entry(`request-${p.decision}`, item.itemId, { category: item.category, fund: p.fundName, message: p.message ?? '' });
      });
    }
    if (isEvent(fundRequestFulfilledV1, event)) {
      const p = event.payload;
      return onItem(p.itemId, (item) => {
        item.status = 'fulfilled';
        return entry('fulfilled', item.itemId, { category: item.category, fund: p.fundName });
      });
    }
    return null;
  }
}
