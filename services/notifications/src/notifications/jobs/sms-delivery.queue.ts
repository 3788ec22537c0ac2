import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { Delivery, NotificationsRepository } from '../infrastructure/notifications.repository';
import { SmsProvider } from '../infrastructure/sms-provider';
import { ChannelDeliveryQueue } from './channel-delivery.queue';
import { QueueName } from './queue-names';

/** Text messages through the SMS provider's HTTP API. */
@Injectable()
export class SmsDeliveryQueue extends ChannelDeliveryQueue {
  constructor(
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
    @Inject(NotificationsRepository) repository: NotificationsRepository,
    @Inject(SmsProvider) private readonly provider: SmsProvider,
  ) {
    super(
      { channel: 'sms', queue: QueueName.Sms, attempts: config.SMS_ATTEMPTS, backoffMs: config.SMS_BACKOFF_MS, perSecond: config.SMS_RATE_PER_SECOND },
      config,
      repository,
    );
  }

  protected send(delivery: Delivery): Promise<void> {
    return this.provider.send({ to: delivery.to, text: delivery.body, reference: delivery.id });
  }
}
