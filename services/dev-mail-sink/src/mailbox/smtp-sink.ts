import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { MAIL_SINK_CONFIG, MailSinkConfig } from '../config/mail-sink.config';
import { MailboxRepository, StoredMail } from './mailbox.repository';

/** Longest test-controlled wait before a message is acknowledged. */
export const MAX_ACK_DELAY_MS = 60_000;

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/** A catch-all SMTP server for development: accepts every message and keeps it for the dev mailbox. */
@Injectable()
export class SmtpSink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpSink.name);
  private server!: SMTPServer;
  /** Test hook: while set, every message is refused with this temporary failure. */
  private refusing: string | null = null;
  /** Test hook: how long a received message waits for its acknowledgement, as a slow or busy server would. */
  private ackDelayMs = 0;
  /** Sessions whose client is still connected: a message is stored only while its client can still hear the 250. */
  private readonly openSessions = new Set<string>();
  /** Messages received in full and waiting for their acknowledgement, each with what releases it early. */
  private readonly held = new Map<NodeJS.Timeout, (acknowledge: boolean) => void>();

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
      onConnect: (session, callback) => {
        this.openSessions.add(session.id);
        callback();
      },
      onClose: (session) => {
        this.openSessions.delete(session.id);
      },
      onData: (stream, session, callback) => {
        if (this.refusing) {
          stream.resume();
          stream.on('end', () => callback(smtpError(451, this.refusing!)));
          return;
        }
        const ackDelayMs = this.ackDelayMs;
        simpleParser(stream)
          .then(async (parsed) => {
            const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [])
              .flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()))
              .filter(Boolean);
            const mail: StoredMail = {
              messageId: parsed.messageId ?? randomUUID(),
              to,
              from: parsed.from?.text ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              language: (parsed.headers.get('content-language') as string | undefined) ?? null,
              sentAt: new Date(),
            };
            if (!(await this.hold(ackDelayMs))) return callback(smtpError(421, 'Server shutting down'));
            if (!this.openSessions.has(session.id)) {
              // A server takes responsibility for a message only with its 250: a client that left before it
              // will send the message again, so this copy is void.
              this.logger.warn({
                msg: 'Dropped a message: the client disconnected before it was acknowledged',
                session: session.id,
                recipients: to.length,
                ackDelayMs,
              });
              return callback(smtpError(451, 'Transaction abandoned'));
            }
            await this.mailbox.store(mail);
            callback();
          })
          .catch((error: Error) => {
            this.logger.warn({ msg: 'Could not store a message', error: error.message });
            callback(smtpError(451, 'Temporary failure'));
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

  delayAcknowledgement(ms: number): void {
    this.ackDelayMs = ms;
  }

  currentAckDelayMs(): number {
    return this.ackDelayMs;
  }

  async onApplicationShutdown(): Promise<void> {
    // Held messages are not ours yet: their clients hear 421 and send them again later.
    for (const [timer, release] of this.held) {
      clearTimeout(timer);
      release(false);
    }
    this.held.clear();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Waits before the acknowledgement; false when the wait was cut short by a shutdown. */
  private hold(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.held.delete(timer);
        resolve(true);
      }, ms);
      this.held.set(timer, resolve);
    });
  }
}
