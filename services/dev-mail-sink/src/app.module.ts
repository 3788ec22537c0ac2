import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@fund-desk/platform';
import { MAIL_SINK_CONFIG, MailSinkConfig } from './config/mail-sink.config';
import { MailboxController } from './mailbox/mailbox.controller';
import { MailboxRepository } from './mailbox/mailbox.repository';
import { SmtpSink } from './mailbox/smtp-sink';
import { SmsController } from './sms/sms.controller';
import { SmsGatewayGuard } from './sms/sms-gateway.guard';
import { SmsRepository } from './sms/sms.repository';
import { SmsState } from './sms/sms.state';

@Module({})
export class AppModule {
  static forRoot(config: MailSinkConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, kafka: false })],
      controllers: [MailboxController, SmsController],
      providers: [
        { provide: MAIL_SINK_CONFIG, useValue: config },
        MailboxRepository,
        SmtpSink,
        SmsRepository,
        SmsState,
        SmsGatewayGuard,
      ],
    };
  }
}
