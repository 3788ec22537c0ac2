import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  applicationItemsAddedV1,
  applicationObjectionFiledV1,
  applicationWithdrawnV1,
  createEvent,
  EventEnvelope,
  ItemStatus,
} from '@fund-desk/contracts';
import { ConflictError, ForbiddenError, mayAccess, NotFoundError, Principal, ValidationFailed, WriteConflictError } from '@fund-desk/platform';
import type { ChildDto, ItemDto } from '../../api/submit-application.dto';
import { Application, deriveStatus, itemForEvent, newItem, TimelineEntry } from '../../domain/application';
import { familyParentOf, familyScope } from '../../domain/application-access';
import { ApplicationRepository } from '../../infrastructure/application.repository';
import { ChildKeys } from '../../infrastructure/child-keys';
import { FamilyLinkRepository } from '../../infrastructure/family-link.repository';

/** An item in one of these can still be stopped; the others have ended. */
const OPEN_ITEM: ItemStatus[] = ['pending', 'routed', 'information-requested', 'approved'];
const OBJECTION_TERM_MS = 42 * 24 * 3600 * 1000;

const PRODUCER = 'applications';

/**
 * What an applicant changes after submitting: more needs, stopping needs or the whole application, an
 * objection to a decline, and (the parent) withdrawing the consent an intermediary recorded. Each is one
 * guarded write of the application with the event that tells the other services.
 */
@Injectable()
export class ChangeApplicationUseCase {
  constructor(
    @Inject(ApplicationRepository) private readonly applications: ApplicationRepository,
    @Inject(ChildKeys) private readonly childKeys: ChildKeys,
    @Inject(FamilyLinkRepository) private readonly links: FamilyLinkRepository,
  ) {}

  async addItems(principal: Principal, id: string, input: { children?: ChildDto[]; items: ItemDto[] }, now: Date): Promise<Application> {
    return this.change(principal, id, 'applicant', (application) => {
      if (application.status === 'withdrawn') throw new ConflictError('APPLICATION_WITHDRAWN', 'This application was withdrawn');
      const newChildren = (input.children ?? []).map((c) => ({ ref: c.ref, firstName: c.firstName, birthDate: c.birthDate }));
      const problems = newChildren
        .map((c, i) => (application.children.some((known) => known.ref === c.ref) ? { pointer: `/children/${i}/ref`, code: 'duplicateChildRef', detail: 'duplicate ref' } : null))
        .filter((p): p is NonNullable<typeof p> => p !== null);
      const children = [...application.children, ...newChildren];
      input.items.forEach((item, i) => {
        if (!children.some((c) => c.ref === item.childRef)) problems.push({ pointer: `/items/${i}/childRef`, code: 'unknownChild', detail: 'unknown child' });
        if (item.category !== 'birthday-box' && !item.provider) problems.push({ pointer: `/items/${i}/provider`, code: 'providerRequired', detail: 'provider required' });
      });
      if (problems.length) throw new ValidationFailed(problems);
      // A household already found not eligible: the new needs are not either.
      const items = input.items.map((item) => newItem(item, randomUUID(), application.incomeCheck.outcome === 'not-eligible'));
      application.children = children;
      application.items.push(...items);
      const involved = children.filter((c) => items.some((i) => i.childRef === c.ref));
      const event = createEvent(applicationItemsAddedV1, {
        correlationId: application.id,
        causationId: null,
        producer: PRODUCER,
        occurredAt: now,
        payload: {
          applicationId: application.id,
          children: involved.map((c) => ({ ...c, key: this.childKeys.keyOf(c, application.postcode) })),
          items: items.map(itemForEvent),
          addedAt: now.toISOString(),
        },
      });
      application.timeline.push(entry(now, event, 'items-added', undefined, { count: String(items.length) }));
      return [event];
    });
  }

  /** Stops one item, or (without itemId) every item still open and the application itself. */
  async withdraw(principal: Principal, id: string, itemId: string | null, now: Date, reason: 'withdrawn-by-applicant' | 'consent-withdrawn' = 'withdrawn-by-applicant'): Promise<Application> {
    return this.change(principal, id, reason === 'consent-withdrawn' ? 'applicant-or-parent' : 'applicant', (application) => {
      if (itemId) {
        const item = application.items.find((i) => i.itemId === itemId);
        if (!item) throw new NotFoundError('Item', itemId);
        if (!OPEN_ITEM.includes(item.status)) throw new ConflictError('ITEM_CLOSED', `This request is ${item.status} and can no longer be withdrawn`);
      } else if (application.status === 'withdrawn') {
        throw new ConflictError('APPLICATION_WITHDRAWN', 'This application was withdrawn already');
      }
      const stopping = application.items.filter((i) => OPEN_ITEM.includes(i.status) && (!itemId || i.itemId === itemId));
      for (const item of stopping) Object.assign(item, { status: 'withdrawn', reason });
      if (!itemId) application.status = 'withdrawn';
      if (reason === 'consent-withdrawn') Object.assign(application.consent, { withdrawnAt: now.toISOString(), withdrawnBy: principal.subject });
      if (!stopping.length) return [];
      const event = createEvent(applicationWithdrawnV1, {
        correlationId: application.id,
        causationId: null,
        producer: PRODUCER,
        occurredAt: now,
        payload: { applicationId: application.id, itemIds: stopping.map((i) => i.itemId), whole: !itemId, reason, withdrawnAt: now.toISOString() },
      });
      application.timeline.push(entry(now, event, itemId ? 'item-withdrawn' : reason === 'consent-withdrawn' ? 'consent-withdrawn' : 'withdrawn', itemId ?? undefined, itemId ? { category: stopping[0].category } : {}));
      return [event];
    });
  }

  /** Within 6 weeks of a decline: the item goes back to the fund that declined it, with the applicant's reasons. */
  async object(principal: Principal, id: string, itemId: string, reason: string, now: Date): Promise<Application> {
    return this.change(principal, id, 'applicant', (application) => {
      const item = application.items.find((i) => i.itemId === itemId);
      if (!item) throw new NotFoundError('Item', itemId);
      if (item.status !== 'declined') throw new ConflictError('NOT_DECLINED', 'Only a declined request can be objected to');
      if (item.objection) throw new ConflictError('ALREADY_OBJECTED', 'An objection to this decision was filed already');
      const decidedAt = Date.parse(item.decidedAt ?? '');
      if (Number.isNaN(decidedAt) || now.getTime() - decidedAt > OBJECTION_TERM_MS) {
        throw new ValidationFailed([{ pointer: '/reason', code: 'objectionTooLate', detail: 'the 6 weeks after the decision have passed' }]);
      }
      const event = createEvent(applicationObjectionFiledV1, {
        correlationId: application.id,
        causationId: null,
        producer: PRODUCER,
        occurredAt: now,
        payload: { applicationId: application.id, itemId, reason, filedAt: now.toISOString() },
      });
      Object.assign(item, { status: 'routed', reason: null, objection: { reason, filedAt: now.toISOString() } });
      application.timeline.push(entry(now, event, 'objection-filed', itemId, { category: item.category, fund: item.fundName ?? '' }));
      return [event];
    });
  }

  /**
   * One change of the application as it is stored now: checked and applied to what the repository reads, and
   * written only onto that version (read again and applied again when another request or event came first).
   */
  private async change(principal: Principal, id: string, who: 'applicant' | 'applicant-or-parent', apply: (application: Application) => EventEnvelope[]): Promise<Application> {
    // Who shares the family's file: read once before the write (a family's parent does not change after submit).
    const stored = await this.applications.findById(id);
    const parent = stored ? familyParentOf(stored) : null;
    const linked = parent ? await this.links.confirmedIntermediariesOf(parent) : [];
    try {
      const changed = await this.applications.change(id, (application) => {
        const scope = application ? familyScope(application, familyParentOf(application) === parent ? linked : []) : null;
        // Others (linked intermediaries included) may see it; the one who applied changes it, the family's parent may withdraw consent.
        const mayChange =
          application &&
          !application.erasedAt &&
          (application.applicant.subject === principal.subject || (who === 'applicant-or-parent' && scope?.family === principal.subject));
        const maySee = application && scope && !application.erasedAt && (mayChange || mayAccess(principal, scope));
        if (!application || !maySee) throw new NotFoundError('Application', id);
        if (!mayChange) throw new ForbiddenError('Only the one who applied can change this application');
        const events = apply(application);
        application.status = application.status === 'withdrawn' ? 'withdrawn' : deriveStatus(application);
        return events;
      });
      if (!changed) throw new NotFoundError('Application', id);
      return changed;
    } catch (error) {
      if (error instanceof WriteConflictError) throw new ConflictError('BUSY', 'The application changed while saving; try again');
      throw error;
    }
  }
}

function entry(now: Date, event: EventEnvelope, message: string, itemId?: string, params: Record<string, string> = {}): TimelineEntry {
  return { at: now.toISOString(), type: event.type, eventId: event.id, message, ...(itemId ? { itemId } : {}), params };
}
