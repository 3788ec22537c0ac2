import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PayloadOf, personalDataErasureRequestedV1 } from '@fund-desk/contracts';
import { NotificationsRepository } from '../../infrastructure/notifications.repository';
import { ReminderQueue } from '../../jobs/reminder.queue';

export type ErasePersonalDataCommand = Pick<PayloadOf<typeof personalDataErasureRequestedV1>, 'subject' | 'applicationIds'>;

export interface ErasureReport {
  /** True when none of the person's applications is left here, so their own data went too. */
  whole: boolean;
  recipients: number;
  /** Events that were still waiting for the application's recipient (never delivered). */
  waitingEvents: number;
  inboxMessages: number;
  deliveries: number;
  preferences: boolean;
  reminders: number;
}

/**
 * Honours `personal-data.erasure-requested`. Deleted: the recipients of the applications (address, phone,
 * language, children's names), the events about them still waiting for their recipient (which may quote a
 * fund's message), the inbox messages about them, the reminders waiting for them, and — when none of the
 * person's applications is left here, as after their own request — every message to the person and their
 * preferences (contact details, channels, quiet hours).
 *
 * Kept, because it holds nothing that names or reaches anyone: each delivery's record (channel, type,
 * status, dates, attempts; its address, text and error are removed, and one still queued is cancelled so
 * that its job sends nothing); the requests followed for the funds' digests (fund, status, dates); and the
 * ids of the erased applications, so that an event about one that arrives late or again stores nothing.
 *
 * Every step deletes or overwrites by filter, so the same request handled twice changes nothing more.
 */
@Injectable()
export class ErasePersonalDataUseCase {
  private readonly logger = new Logger(ErasePersonalDataUseCase.name);

  constructor(
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(ReminderQueue) private readonly reminders: ReminderQueue,
  ) {}

  async execute(command: ErasePersonalDataCommand, at = new Date()): Promise<ErasureReport> {
    const applicationIds = [...new Set(command.applicationIds)];
    // First, so that a notice being written right now is removed by its writer if this misses it.
    await this.repository.markErased(applicationIds, at);
    // Erasing only some applications (the applications service also erases closed ones at the end of their
    // retention period) leaves the person what their other applications still need.
    const others = (await this.repository.applicationsOf(command.subject)).filter((id) => !applicationIds.includes(id));
    const whole = others.length === 0;
    const person = whole ? command.subject : undefined;
    const report: ErasureReport = {
      whole,
      recipients: await this.repository.deleteRecipients(applicationIds),
      waitingEvents: await this.repository.deleteWaitingEvents(applicationIds),
      inboxMessages: await this.repository.deleteInboxMessages(applicationIds, person),
      deliveries: await this.repository.eraseDeliveryContent(applicationIds, person, at),
      preferences: whole ? await this.repository.deletePreferences(command.subject) : false,
      reminders: await this.reminders.forget(applicationIds),
    };
    this.logger.log({ msg: 'Personal data erased', applications: applicationIds.length, ...report });
    return report;
  }
}
