import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformModule } from '@fund-desk/platform';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './config/notifications.config';
import { InboxController } from './notifications/api/inbox.controller';
import { NotificationsRepository } from './notifications/infrastructure/notifications.repository';
import { DeliverySchema, InboxMessageSchema, MODELS, RecipientSchema } from './notifications/infrastructure/notifications.schemas';
import { SmtpMailer } from './notifications/infrastructure/smtp-mailer';
import { EmailDeliveryQueue } from './notifications/jobs/email-delivery.queue';
import { NotifyConsumer } from './notifications/messaging/notify.consumer';
import { NotifyUseCase } from './notifications/use-cases/notify/notify.use-case';

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, consumerGroup: config.CONSUMER_GROUP }),
        MongooseModule.forFeature([
          { name: MODELS.recipient, schema: RecipientSchema },
          { name: MODELS.inbox, schema: InboxMessageSchema },
          { name: MODELS.delivery, schema: DeliverySchema },
        ]),
      ],
      controllers: [InboxController, NotifyConsumer],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        NotificationsRepository,
        SmtpMailer,
        EmailDeliveryQueue,
        NotifyUseCase,
      ],
    };
  }
}
