import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { MAIL_SINK_CONFIG, MailSinkConfig } from '../config/mail-sink.config';
import { MailboxRepository } from './mailbox.repository';

/** A catch-all SMTP server for development: accepts every message and keeps it for the dev mailbox. */
@Injectable()
export class SmtpSink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpSink.name);
  private server!: SMTPServer;
  /** Test hook: while set, every message is refused with this temporary failure. */
  private refusing: string | null = null;

  constructor(
    @Inject(MAIL_SINK_CONFIG) private readonly config: MailSinkConfig,
    @Inject(MailboxRepository) private readonly mailbox: MailboxRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.mailbox.ensureIndexes();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: this.config.MAX_MESSAGE_BYTES,
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.refusing) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error(this.refusing!), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then(async (parsed) => {
            const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [])
              .flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()))
              .filter(Boolean);
            await this.mailbox.store({
              messageId: parsed.messageId ?? randomUUID(),
              to,
              from: parsed.from?.text ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              language: (parsed.headers.get('content-language') as string | undefined) ?? null,
              sentAt: new Date(),
            });
            callback();
          })
          .catch((error: Error) => {
            this.logger.warn({ msg: 'Could not store a message', error: error.message });
            callback(Object.assign(new Error('Temporary failure'), { responseCode: 451 }));
          });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.SMTP_PORT, this.config.HOST, () => resolve());
    });
    this.logger.log(`SMTP sink on ${this.config.HOST}:${this.config.SMTP_PORT}`);
  }

  refuse(reason: string | null): void {
    this.refusing = reason;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
