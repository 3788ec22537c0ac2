import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@fund-desk/platform';

export interface StoredSms {
  id: string;
  to: string;
  text: string;
  /** The sender's own reference for the message: the provider accepts each reference once. */
  reference: string;
  receivedAt: Date;
}

@Injectable()
export class SmsRepository implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get messages() {
    return this.connection.collection<StoredSms & { _id: string }>('sms-messages');
  }

  async onModuleInit(): Promise<void> {
    await this.messages.createIndex({ reference: 1 }, { unique: true });
    await this.messages.createIndex({ to: 1, receivedAt: -1 });
  }

  /**
   * Keeps one message per reference, as a provider dedupes a request its client sent again.
   * Returns the id of the message kept: the new one, or the one that came first with this reference.
   */
  async store(sms: StoredSms): Promise<string> {
    try {
      await this.messages.insertOne({ _id: sms.id, ...sms });
      return sms.id;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await this.messages.findOne({ reference: sms.reference });
      if (!first) throw error;
      return first.id;
    }
  }

  async forRecipient(to: string, limit = 200): Promise<StoredSms[]> {
    const found = await this.messages.find({ to }).sort({ receivedAt: -1 }).limit(limit).toArray();
    return found.map(({ id, to: recipient, text, reference, receivedAt }) => ({ id, to: recipient, text, reference, receivedAt }));
  }
}
