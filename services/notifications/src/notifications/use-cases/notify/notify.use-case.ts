import { Inject, Injectable } from '@nestjs/common';
import {
  applicationSubmittedV1,
  EventEnvelope,
  fundRequestDecidedV1,
  fundRequestFulfilledV1,
  fundRequestReroutedV1,
  fundRequestRoutedV1,
  fundRequestUnroutableV1,
  fundRequestDuplicateV1,
  isEvent,
  Language,
  readIncomeCheckCompleted,
} from '@fund-desk/contracts';
import { CATEGORY_NAMES, MessageKey, REASON_NAMES, render } from '../../domain/templates';
import { NotificationsRepository, Recipient } from '../../infrastructure/notifications.repository';
import { EmailDeliveryQueue } from '../../jobs/email-delivery.queue';

export class RecipientNotYetKnown extends Error {
  constructor(applicationId: string) {
    super(`No recipient known yet for application ${applicationId}`);
  }
}

interface Notice {
  key: MessageKey;
  params: (language: Language, childName: (ref: string) => string) => Record<string, string | number>;
}

/**
 * Tells the applicant what changed: an in-app message and an e-mail per event. Ids are
 * event:recipient:channel, so a redelivered event creates nothing new and sends nothing twice.
 */
@Injectable()
export class NotifyUseCase {
  constructor(
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(EmailDeliveryQueue) private readonly email: EmailDeliveryQueue,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    if (isEvent(applicationSubmittedV1, event)) {
      const p = event.payload;
      await this.repository.saveRecipient({
        applicationId: p.applicationId,
        subject: p.applicant.subject,
        email: p.contact.email,
        language: p.contact.language,
        children: p.children.map((c) => ({ ref: c.ref, firstName: c.firstName })),
      });
    }
    const notice = this.noticeFor(event);
    if (!notice) return;
    const recipient = await this.repository.recipient(event.correlationId);
    // Events of one application come on several topics; the submitted event may still be on its way.
    if (!recipient) throw new RecipientNotYetKnown(event.correlationId);
    await this.deliver(event, recipient, notice);
  }

  private noticeFor(event: EventEnvelope): Notice | null {
    if (isEvent(applicationSubmittedV1, event)) {
      return { key: 'application-received', params: () => ({ count: event.payload.items.length }) };
    }
    const check = readIncomeCheckCompleted(event);
    if (check) {
      return { key: `income-${check.outcome}` as MessageKey, params: () => ({ percentage: check.percentageOfNorm?.toFixed(1) ?? '' }) };
    }
    if (isEvent(fundRequestRoutedV1, event)) {
      const p = event.payload;
      return {
        key: 'request-routed',
        params: (lang, childName) => ({ fund: p.fundName, category: CATEGORY_NAMES[p.category][lang], child: childName(p.childRef) }),
      };
    }
    if (isEvent(fundRequestDecidedV1, event)) {
      const p = event.payload;
      return {
        key: `request-${p.decision}` as MessageKey,
        params: (lang, childName) => ({
          fund: p.fundName,
          category: CATEGORY_NAMES[p.category][lang],
          child: childName(p.childRef),
          message: p.message ?? '',
          next: p.decision !== 'declined' ? '' : p.rerouted
            ? lang === 'nl' ? 'We sturen uw aanvraag naar een ander fonds.' : 'We are sending your request to another fund.'
            : lang === 'nl' ? 'Er is geen ander fonds dat dit betaalt. Heeft u vragen? Neem contact op met uw gemeente.' : 'No other fund pays for this. Any questions? Contact your municipality.',
        }),
      };
    }
    if (isEvent(fundRequestReroutedV1, event)) {
      const p = event.payload;
      return { key: 'request-rerouted', params: (lang, childName) => ({ fund: p.fundName, category: CATEGORY_NAMES[p.category][lang], child: childName(p.childRef) }) };
    }
    if (isEvent(fundRequestFulfilledV1, event)) {
      const p = event.payload;
      return { key: 'request-fulfilled', params: (lang, childName) => ({ fund: p.fundName, category: CATEGORY_NAMES[p.category][lang], child: childName(p.childRef) }) };
    }
    if (isEvent(fundRequestDuplicateV1, event)) {
      const p = event.payload;
      return { key: 'request-duplicate', params: (lang, childName) => ({ category: CATEGORY_NAMES[p.category][lang], child: childName(p.childRef) }) };
    }
    if (isEvent(fundRequestUnroutableV1, event)) {
      const p = event.payload;
      // The income-check message already said so; one message per item would only repeat it.
      if (p.outcome === 'not-eligible') return null;
      const reasons = [...new Set(p.explanation.filter((e) => !e.fits).map((e) => e.reason))];
      return {
        key: 'request-unroutable',
        params: (lang, childName) => ({
          category: CATEGORY_NAMES[p.category][lang],
          child: childName(p.childRef),
          reason: reasons.map((r) => REASON_NAMES[r]?.[lang] ?? r).join('; '),
        }),
      };
    }
    return null;
  }

  private async deliver(event: EventEnvelope, recipient: Recipient, notice: Notice): Promise<void> {
    const childName = (ref: string) => recipient.children.find((c) => c.ref === ref)?.firstName ?? ref;
    const message = render(notice.key, recipient.language, notice.params(recipient.language, childName));
    const now = new Date(event.occurredAt);
    await this.repository.addInboxMessage({
      id: `${event.id}:${recipient.subject}:in-app`,
      subject: recipient.subject,
      type: notice.key,
      title: message.title,
      body: message.body,
      applicationId: recipient.applicationId,
      createdAt: now,
      read: false,
    });
    const deliveryId = `${event.id}:${recipient.subject}:email`;
    await this.repository.addDelivery({
      id: deliveryId,
      channel: 'email',
      subject: recipient.subject,
      to: recipient.email,
      language: recipient.language,
      type: notice.key,
      title: message.title,
      body: message.body,
      applicationId: recipient.applicationId,
      status: 'queued',
      attempts: 0,
      createdAt: new Date(),
    });
    // Enqueue even when the delivery existed: a crash between the two must not lose the e-mail;
    // the job id dedupes, and a sent delivery is never sent again.
    const delivery = await this.repository.delivery(deliveryId);
    if (delivery && delivery.status === 'queued') await this.email.enqueue(deliveryId);
  }
}
