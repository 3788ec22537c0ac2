import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../../config/notifications.config';
import { digestDue, localDay } from '../../domain/digest-policy';
import { render } from '../../domain/templates';
import { NotificationsRepository } from '../../infrastructure/notifications.repository';
import { EmailDeliveryQueue } from '../../jobs/email-delivery.queue';

export interface DigestReport {
  fundId: string;
  kind: 'daily' | 'hourly' | null;
  newCount: number;
  waitingCount: number;
  sentTo: number;
}

/**
 * Fund staff hear of new and waiting requests in one digest per fund, not one mail per request: daily, and
 * at most hourly when many came in (digest-policy). One delivery per contact and digest: the id names the
 * fund, the kind and its hour or day, so a digest run twice sends once.
 */
@Injectable()
export class SendDigestsUseCase {
  private readonly logger = new Logger(SendDigestsUseCase.name);

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(EmailDeliveryQueue) private readonly email: EmailDeliveryQueue,
  ) {}

  async run(now = new Date(), onlyFund?: string, force = false): Promise<DigestReport[]> {
    const reports: DigestReport[] = [];
    for (const fundId of onlyFund ? [onlyFund] : await this.repository.fundsWithContacts()) reports.push(await this.forFund(fundId, now, force));
    return reports;
  }

  /** What the next digest of a fund would say, without sending it. */
  async preview(fundId: string, now = new Date()): Promise<{ fundId: string; newCount: number; waitingCount: number; oldestDays: number; lastSentAt: string | null }> {
    const state = await this.repository.digestState(fundId);
    const queue = await this.repository.fundQueue(fundId, state.lastSentAt);
    const oldestDays = queue.oldestRoutedAt ? Math.floor((now.getTime() - queue.oldestRoutedAt.getTime()) / 86_400_000) : 0;
    return { fundId, newCount: queue.newCount, waitingCount: queue.waitingCount, oldestDays, lastSentAt: state.lastSentAt ? new Date(state.lastSentAt).toISOString() : null };
  }

  private async forFund(fundId: string, now: Date, force: boolean): Promise<DigestReport> {
    const state = await this.repository.digestState(fundId);
    const queue = await this.repository.fundQueue(fundId, state.lastSentAt);
    const due = digestDue(now, state, queue, { dailyAt: this.config.DIGEST_DAILY_AT, hourlyThreshold: this.config.DIGEST_HOURLY_THRESHOLD });
    // Asked for now: only when something came in since the last digest (what waits was told already).
    const kind = due ?? (force && queue.newCount > 0 ? 'hourly' : null);
    const contacts = kind ? await this.repository.contactsOf(fundId) : [];
    const report = { fundId, kind, newCount: queue.newCount, waitingCount: queue.waitingCount, sentTo: contacts.length };
    if (!kind || !contacts.length) return { ...report, sentTo: 0 };
    const { day } = localDay(now);
    const period = kind === 'daily' ? day : now.toISOString().slice(0, 13);
    const fundName = (await this.repository.fundNameOf(fundId)) ?? fundId;
    const oldestDays = queue.oldestRoutedAt ? Math.floor((now.getTime() - queue.oldestRoutedAt.getTime()) / 86_400_000) : 0;
    for (const contact of contacts) {
      const words = { daily: { nl: 'sinds gisteren', en: 'since yesterday' }, hourly: { nl: 'het afgelopen uur', en: 'in the last hour' } }[kind];
      const message = render('staff-digest', contact.language, {
        fund: fundName,
        newCount: queue.newCount,
        waitingCount: queue.waitingCount,
        oldestDays,
        period: contact.language === 'en' ? words.en : words.nl,
        link: `${this.config.PORTAL_URL}/staff/${fundId}`,
      });
      const who = createHash('sha256').update(contact.email.toLowerCase()).digest('hex').slice(0, 16);
      const id = `digest:${fundId}:${kind}:${period}:${who}`;
      await this.repository.addDelivery({
        id,
        channel: 'email',
        subject: `fund-staff:${fundId}`,
        to: contact.email,
        language: message.language as never,
        type: 'staff-digest',
        title: message.title,
        body: message.body,
        applicationId: '',
        status: 'queued',
        attempts: 0,
        createdAt: new Date(),
      });
      const delivery = await this.repository.delivery(id);
      if (delivery?.status === 'queued') await this.email.enqueue(id);
    }
    await this.repository.saveDigestState(fundId, { lastSentAt: now, ...(kind === 'daily' ? { lastDailyOn: day } : { lastDailyOn: state.lastDailyOn }) });
    this.logger.log({ msg: 'Digest sent', fundId, kind, newCount: queue.newCount, waitingCount: queue.waitingCount, contacts: contacts.length });
    return report;
  }
}
