import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';

export interface OutgoingEmail {
  /** Stable per delivery: a resent message carries the same Message-ID, so a mailbox can spot it. */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  language: string;
}

@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(@Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig) {
    this.from = config.SMTP_FROM;
    this.transport = nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE === 'true',
      ignoreTLS: config.SMTP_SECURE !== 'true' && config.NODE_ENV !== 'production',
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      connectionTimeout: 5000,
      socketTimeout: 10000,
      pool: true,
      maxConnections: 4,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      messageId: `<${email.deliveryId.replace(/[^A-Za-z0-9.-]/g, '.')}@fund-desk>`,
      headers: { 'Content-Language': email.language },
    });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
