import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  applicationSubmittedV1,
  EventDefinition,
  EventEnvelope,
  fundRequestAnsweredV1,
  fundRequestDecidedV1,
  fundRequestDuplicateV1,
  fundRequestFulfilledV1,
  fundRequestReopenedV1,
  fundRequestReroutedV1,
  fundRequestWithdrawnV1,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  isEvent,
  PayloadOf,
  readIncomeCheckCompleted,
} from '@fund-desk/contracts';
import { CATEGORY_NAMES, FULFILMENT_NEXT, MessageKey, REASON_NAMES } from '../../domain/templates';
import { NotificationsRepository, Recipient } from '../../infrastructure/notifications.repository';
import { ReminderQueue } from '../../jobs/reminder.queue';
import { DeliverNotice, Notice } from './deliver-notice';

interface Rule<D extends EventDefinition> {
  event: D;
  notice: (payload: PayloadOf<D>) => Notice | null;
}

const rule = <D extends EventDefinition>(event: D, notice: Rule<D>['notice']): Rule<EventDefinition> => ({ event, notice }) as Rule<EventDefinition>;

/** Need, child and fund: what most messages about a request say. */
const aboutRequest =
  (p: { category: keyof typeof CATEGORY_NAMES; childRef: string; fundName?: string }, extra: Record<string, string> = {}): Notice['params'] =>
  (lang, childName) => ({ category: CATEGORY_NAMES[p.category][lang], child: childName(p.childRef), ...(p.fundName ? { fund: p.fundName } : {}), ...extra });

/**
 * Who hears what: one row per domain event that the parent or intermediary who applied is told about, with
 * the message and its values. (Fund staff hear through the digest, not per event; see SendDigestsUseCase.)
 */
export const PARENT_NOTICES: Rule<EventDefinition>[] = [
  rule(applicationSubmittedV1, (p) => ({ key: 'application-received', params: () => ({ count: p.items.length }) })),
  rule(fundRequestRoutedV1, (p) => ({ key: 'request-routed', params: aboutRequest(p) })),
  rule(fundRequestDecidedV1, (p) => ({
    key: `request-${p.decision}` as MessageKey,
    params: (lang, childName) => ({
      ...aboutRequest(p, { message: p.message ?? '' })(lang, childName),
      next:
        p.decision !== 'declined'
          ? ''
          : p.rerouted
            ? lang === 'nl'
              ? 'We sturen uw aanvraag naar een ander fonds.'
              : 'We are sending your request to another fund.'
            : lang === 'nl'
              ? 'Er is geen ander fonds dat dit betaalt. Heeft u vragen? Neem contact op met uw gemeente.'
              : 'No other fund pays for this. Any questions? Contact your municipality.',
    }),
  })),
  rule(fundRequestReroutedV1, (p) => ({ key: 'request-rerouted', params: aboutRequest(p) })),
  rule(fundRequestFulfilledV1, (p) => ({
    key: 'request-fulfilled',
    params: (lang, childName) => ({ ...aboutRequest(p)(lang, childName), next: FULFILMENT_NEXT[p.method][lang] }),
  })),
  rule(fundRequestDuplicateV1, (p) => ({ key: 'request-duplicate', params: aboutRequest(p) })),
  rule(fundRequestUnroutableV1, (p) => {
    // The income-check message already said so; one message per item would only repeat it.
    if (p.outcome === 'not-eligible') return null;
    const reasons = [...new Set(p.explanation.filter((e) => !e.fits).map((e) => e.reason))];
    return {
      key: 'request-unroutable',
      params: (lang, childName) => ({ ...aboutRequest(p)(lang, childName), reason: reasons.map((r) => REASON_NAMES[r]?.[lang] ?? r).join('; ') }),
    };
  }),
];

/**
 * Tells the applicant what changed (PARENT_NOTICES), keeps track of each request for fund staff digests
 * and reminders, and plans the reminders for a fund's question.
 *
 * Whom to tell is learnt from `application.submitted` (applications topic), but what to tell them also comes
 * on other topics (income checks, fund requests), with no order between topics: an event may come before its
 * application's submitted event, on this instance or another. Such an event is parked (kept whole, by its id)
 * and handled normally; when the submitted event saves the recipient, every parked event of the application is
 * delivered and dropped. The two sides race across instances, so each writes first and looks second (Dekker):
 * the parker stores the event, then looks for the recipient again (and delivers if it is there now); the
 * submitted handler stores the recipient, then reads the parked events. Whatever the interleaving, at least one
 * of them sees the other's write; both may deliver the same event, which DeliverNotice makes one delivery
 * (its ids are the event id's). Erasure deletes parked events with the rest, and an erased application's events
 * are never parked: the parker looks for the erasure mark after it parked (the erasure marks before it deletes).
 */
@Injectable()
export class NotifyUseCase {
  private readonly logger = new Logger(NotifyUseCase.name);

  constructor(
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(DeliverNotice) private readonly deliver: DeliverNotice,
    @Inject(ReminderQueue) private readonly reminders: ReminderQueue,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    // Every event of an application carries its id as correlation id. Once the application is erased,
    // requests are still followed for the funds' digests (no personal data), but nobody is told or reminded.
    const erased = await this.repository.isErased(event.correlationId);
    await this.track(event, !erased);
    if (erased) return;
    if (isEvent(applicationSubmittedV1, event)) return this.submitted(event);
    const notice = this.noticeFor(event);
    if (!notice) return;
    const recipient = await this.repository.recipient(event.correlationId);
    if (recipient) return this.deliver.toApplicant(event.id, recipient, notice, new Date(event.occurredAt));
    await this.park(event, notice);
  }

  /** Saves whom to tell, tells them the application was received, then delivers what was waiting for them. */
  private async submitted(event: EventEnvelope<PayloadOf<typeof applicationSubmittedV1>>): Promise<void> {
    const p = event.payload;
    const recipient: Recipient = {
      applicationId: p.applicationId,
      subject: p.applicant.subject,
      email: p.contact.email,
      ...(p.contact.phone ? { phone: p.contact.phone } : {}),
      language: p.contact.language,
      children: p.children.map((c) => ({ ref: c.ref, firstName: c.firstName })),
    };
    // First the recipient, then the parked events (the parker does the opposite).
    await this.repository.saveRecipient(recipient);
    // An erasure that ran meanwhile (it marks before it deletes) may have missed what was just written.
    if (await this.repository.isErased(p.applicationId)) {
      await this.repository.deleteRecipients([p.applicationId]);
      await this.repository.deleteWaitingEvents([p.applicationId]);
      return;
    }
    const received = this.noticeFor(event);
    if (received) await this.deliver.toApplicant(event.id, recipient, received, new Date(event.occurredAt));
    const waiting = await this.repository.waitingEvents(p.applicationId);
    for (const parked of waiting) await this.deliverParked(parked, recipient);
    if (waiting.length) this.logger.log({ msg: 'Waiting events delivered', applicationId: p.applicationId, count: waiting.length });
  }

  /**
   * Keeps an event until its recipient is known. Parked first, then looked again: a submitted event handled
   * meanwhile (elsewhere) either finds it parked, or saved the recipient before this looks, and this delivers.
   */
  private async park(event: EventEnvelope, notice: Notice): Promise<void> {
    const applicationId = event.correlationId;
    await this.repository.parkEvent(applicationId, event);
    // Likewise with an erasure that began meanwhile: it deletes what was parked before its mark, this what after.
    if (await this.repository.isErased(applicationId)) {
      await this.repository.unparkEvent(event.id);
      return;
    }
    const recipient = await this.repository.recipient(applicationId);
    if (!recipient) {
      this.logger.log({ msg: 'Event waits for its application to be submitted', type: event.type, applicationId });
      return;
    }
    await this.deliver.toApplicant(event.id, recipient, notice, new Date(event.occurredAt));
    await this.repository.unparkEvent(event.id);
  }

  /** Delivers a parked event as if it came now (same key: the event id), then drops it. */
  private async deliverParked(event: EventEnvelope, recipient: Recipient): Promise<void> {
    const notice = this.noticeFor(event);
    if (notice) await this.deliver.toApplicant(event.id, recipient, notice, new Date(event.occurredAt));
    await this.repository.unparkEvent(event.id);
  }

  private noticeFor(event: EventEnvelope): Notice | null {
    const check = readIncomeCheckCompleted(event);
    if (check) {
      return { key: `income-${check.outcome}` as MessageKey, params: () => ({ percentage: check.percentageOfNorm?.toFixed(1) ?? '' }) };
    }
    const row = PARENT_NOTICES.find((r) => isEvent(r.event, event));
    return row ? row.notice(event.payload) : null;
  }

  /** Where each request is, for digests (new and waiting per fund) and reminders (is the question still open?). */
  private async track(event: EventEnvelope, remind: boolean): Promise<void> {
    if (isEvent(fundRequestRoutedV1, event) || isEvent(fundRequestReroutedV1, event)) {
      const p = event.payload;
      await this.repository.trackRequest(p.requestId, { applicationId: p.applicationId, fundId: p.fundId, fundName: p.fundName, status: 'routed', routedAt: new Date(event.occurredAt) }, ['questionEventId']);
    } else if (isEvent(fundRequestDecidedV1, event)) {
      const p = event.payload;
      const asked = p.decision === 'information-requested';
      await this.repository.trackRequest(
        p.requestId,
        { fundId: p.fundId, fundName: p.fundName, status: p.rerouted ? 'moved-on' : p.decision, ...(asked ? { questionEventId: event.id } : {}) },
        asked ? [] : ['questionEventId'],
      );
      if (asked && remind) await this.reminders.schedule({ requestId: p.requestId, questionEventId: event.id, applicationId: p.applicationId, fundName: p.fundName, category: p.category, childRef: p.childRef, question: p.message ?? '' });
    } else if (isEvent(fundRequestAnsweredV1, event)) {
      await this.repository.trackRequest(event.payload.requestId, { status: 'routed' }, ['questionEventId']);
    } else if (isEvent(fundRequestFulfilledV1, event)) {
      await this.repository.trackRequest(event.payload.requestId, { status: 'fulfilled' }, ['questionEventId']);
    } else if (isEvent(fundRequestWithdrawnV1, event)) {
      // Withdrawn: no longer waiting in the fund's queue, and a question on it needs no reminder.
      await this.repository.trackRequest(event.payload.requestId, { status: 'withdrawn' }, ['questionEventId']);
    } else if (isEvent(fundRequestReopenedV1, event)) {
      const p = event.payload;
      await this.repository.trackRequest(p.requestId, { applicationId: p.applicationId, fundId: p.fundId, fundName: p.fundName, status: 'routed', routedAt: new Date(event.occurredAt) }, ['questionEventId']);
    }
  }
}
