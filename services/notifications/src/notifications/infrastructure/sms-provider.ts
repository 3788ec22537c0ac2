import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';

export interface OutgoingSms {
  to: string;
  text: string;
  /** The delivery id: the provider dedupes on it, so a retried send is one message. */
  reference: string;
}

/**
 * The SMS provider adapter: JSON over HTTP with a bearer token (`SMS_URL` `/messages`). Locally the
 * development double in dev-mail-sink answers; in production the municipality's provider, behind the same
 * small contract or an adapter like this one.
 */
@Injectable()
export class SmsProvider {
  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.SMS_URL);
  }

  async send(sms: OutgoingSms): Promise<void> {
    if (!this.config.SMS_URL) throw new Error('No SMS provider configured');
    const response = await fetch(`${this.config.SMS_URL.replace(/\/$/, '')}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(this.config.SMS_TOKEN ? { Authorization: `Bearer ${this.config.SMS_TOKEN}` } : {}) },
      body: JSON.stringify(sms),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS provider answered ${response.status}`);
  }
}
