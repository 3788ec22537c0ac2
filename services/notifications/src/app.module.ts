import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@fund-desk/platform';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './config/notifications.config';
import { InboxController } from './notifications/api/inbox.controller';
import { NotificationsAdminController } from './notifications/api/notifications-admin.controller';
import { PreferencesController } from './notifications/api/preferences.controller';
import { NotificationsRepository } from './notifications/infrastructure/notifications.repository';
import {
  DeliverySchema,
  DigestStateSchema,
  ErasureSchema,
  FundContactsSchema,
  InboxMessageSchema,
  MODELS,
  PreferencesSchema,
  RecipientSchema,
  TrackedRequestSchema,
  WaitingEventSchema,
} from './notifications/infrastructure/notifications.schemas';
import { SmsProvider } from './notifications/infrastructure/sms-provider';
import { SmtpMailer } from './notifications/infrastructure/smtp-mailer';
import { DigestJob } from './notifications/jobs/digest.job';
import { EmailDeliveryQueue } from './notifications/jobs/email-delivery.queue';
import { ReminderQueue } from './notifications/jobs/reminder.queue';
import { SmsDeliveryQueue } from './notifications/jobs/sms-delivery.queue';
import { NotifyConsumer } from './notifications/messaging/notify.consumer';
import { PrivacyConsumer } from './notifications/messaging/privacy.consumer';
import { ErasePersonalDataUseCase } from './notifications/use-cases/erase-personal-data/erase-personal-data.use-case';
import { DeliverNotice } from './notifications/use-cases/notify/deliver-notice';
import { NotifyUseCase } from './notifications/use-cases/notify/notify.use-case';
import { SendDigestsUseCase } from './notifications/use-cases/send-digests/send-digests.use-case';

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP, consumeFromBeginning: config.CONSUME_FROM_BEGINNING === 'true' }),
        MongooseModule.forFeature([
          { name: MODELS.recipient, schema: RecipientSchema },
          { name: MODELS.inbox, schema: InboxMessageSchema },
          { name: MODELS.delivery, schema: DeliverySchema },
          { name: MODELS.preferences, schema: PreferencesSchema },
          { name: MODELS.trackedRequest, schema: TrackedRequestSchema },
          { name: MODELS.fundContacts, schema: FundContactsSchema },
          { name: MODELS.digestState, schema: DigestStateSchema },
          { name: MODELS.erasure, schema: ErasureSchema },
          { name: MODELS.waitingEvent, schema: WaitingEventSchema },
        ]),
      ],
      controllers: [InboxController, PreferencesController, NotificationsAdminController, NotifyConsumer, PrivacyConsumer],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        NotificationsRepository,
        SmtpMailer,
        SmsProvider,
        EmailDeliveryQueue,
        SmsDeliveryQueue,
        DeliverNotice,
        ReminderQueue,
        NotifyUseCase,
        SendDigestsUseCase,
        ErasePersonalDataUseCase,
        DigestJob,
      ],
    };
  }
}
