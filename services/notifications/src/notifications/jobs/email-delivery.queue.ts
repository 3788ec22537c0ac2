import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { Delivery, NotificationsRepository } from '../infrastructure/notifications.repository';
import { SmtpMailer } from '../infrastructure/smtp-mailer';
import { ChannelDeliveryQueue } from './channel-delivery.queue';
import { QueueName } from './queue-names';

/** E-mail over SMTP. */
@Injectable()
export class EmailDeliveryQueue extends ChannelDeliveryQueue {
  constructor(
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
    @Inject(NotificationsRepository) repository: NotificationsRepository,
    @Inject(SmtpMailer) private readonly mailer: SmtpMailer,
  ) {
    super(
      { channel: 'email', queue: QueueName.Email, attempts: config.EMAIL_ATTEMPTS, backoffMs: config.EMAIL_BACKOFF_MS, perSecond: config.EMAIL_RATE_PER_SECOND },
      config,
      repository,
    );
  }

  protected send(delivery: Delivery): Promise<void> {
    return this.mailer.send({ deliveryId: delivery.id, to: delivery.to, subject: delivery.title, text: delivery.body, language: delivery.language });
  }
}
