import { Inject, Injectable } from '@nestjs/common';
import type { Language } from '@fund-desk/contracts';
import { DEFAULT_QUIET_HOURS, sendableFrom } from '../../domain/quiet-hours';
import { MessageKey, render } from '../../domain/templates';
import { NotificationsRepository, Preferences, Recipient } from '../../infrastructure/notifications.repository';
import { SmsProvider } from '../../infrastructure/sms-provider';
import { EmailDeliveryQueue } from '../../jobs/email-delivery.queue';
import { SmsDeliveryQueue } from '../../jobs/sms-delivery.queue';

/** Category and reason names exist in Dutch and English; other languages read the Dutch ones, as their templates fall back to Dutch. */
export type NameLanguage = 'nl' | 'en';
export const nameLanguage = (language: string): NameLanguage => (language === 'en' ? 'en' : 'nl');

export interface Notice {
  key: MessageKey;
  params: (language: NameLanguage, childName: (ref: string) => string) => Record<string, string | number>;
}

/** Where and how a person is reached now: their own choices over the contact details of the application. */
export function effectiveContact(recipient: Recipient, preferences: Preferences | null) {
  return {
    language: (preferences?.language ?? recipient.language) as Language,
    email: preferences?.email ?? recipient.email,
    phone: preferences?.phone ?? recipient.phone,
    email_on: preferences?.channels.email ?? true,
    // Someone who gave a mobile number with the application wants text messages, until they say otherwise.
    sms_on: preferences?.channels.sms ?? Boolean(recipient.phone),
    quietHours: preferences ? preferences.quietHours : DEFAULT_QUIET_HOURS,
  };
}

/**
 * Delivers one notice to the applicant of an application: always in the in-app inbox, and by e-mail and
 * text message as the person chose. Ids are key:recipient:channel (the key is the event id, or the
 * reminder's id), so a redelivered event or a retried job creates and sends nothing twice.
 *
 * Nothing is delivered about an erased application. An erasure may run while this one writes: it marks the
 * application before it deletes, and this looks again after writing and before queueing, so what is written
 * meanwhile is removed either by the erasure or here, and never queued.
 */
@Injectable()
export class DeliverNotice {
  constructor(
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(EmailDeliveryQueue) private readonly email: EmailDeliveryQueue,
    @Inject(SmsDeliveryQueue) private readonly sms: SmsDeliveryQueue,
    @Inject(SmsProvider) private readonly smsProvider: SmsProvider,
  ) {}

  async toApplicant(key: string, recipient: Recipient, notice: Notice, occurredAt: Date): Promise<void> {
    if (await this.repository.isErased(recipient.applicationId)) return;
    const contact = effectiveContact(recipient, await this.repository.preferencesOf(recipient.subject));
    const childName = (ref: string) => recipient.children.find((c) => c.ref === ref)?.firstName ?? ref;
    const message = render(notice.key, contact.language, notice.params(nameLanguage(contact.language), childName));
    await this.repository.addInboxMessage({
      id: `${key}:${recipient.subject}:in-app`,
      subject: recipient.subject,
      type: notice.key,
      title: message.title,
      body: message.body,
      applicationId: recipient.applicationId,
      createdAt: occurredAt,
      read: false,
    });
    const base = { subject: recipient.subject, language: message.language as Language, type: notice.key, applicationId: recipient.applicationId, status: 'queued' as const, attempts: 0 };
    const queue: (() => Promise<void>)[] = [];
    if (contact.email_on && contact.email) {
      const id = `${key}:${recipient.subject}:email`;
      await this.repository.addDelivery({ ...base, id, channel: 'email', to: contact.email, title: message.title, body: message.body, createdAt: new Date() });
      queue.push(() => this.enqueueIfQueued(id, (deliveryId) => this.email.enqueue(deliveryId)));
    }
    if (contact.sms_on && contact.phone && this.smsProvider.enabled) {
      const id = `${key}:${recipient.subject}:sms`;
      const notBefore = sendableFrom(new Date(), contact.quietHours);
      await this.repository.addDelivery({ ...base, id, channel: 'sms', to: contact.phone, title: message.title, body: message.sms, createdAt: new Date(), notBefore });
      queue.push(() => this.enqueueIfQueued(id, (deliveryId, at) => this.sms.enqueue(deliveryId, at)));
    }
    if (await this.repository.isErased(recipient.applicationId)) {
      await this.repository.deleteInboxMessages([recipient.applicationId]);
      await this.repository.eraseDeliveryContent([recipient.applicationId]);
      return;
    }
    for (const enqueue of queue) await enqueue();
  }

  /** Enqueue even when the delivery existed: a crash between the two must not lose it; the job id dedupes. */
  private async enqueueIfQueued(id: string, enqueue: (id: string, notBefore?: Date) => Promise<void>): Promise<void> {
    const delivery = await this.repository.delivery(id);
    if (delivery?.status === 'queued') await enqueue(id, delivery.notBefore ? new Date(delivery.notBefore) : undefined);
  }
}
