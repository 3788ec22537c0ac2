import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@fund-desk/platform';

export interface StoredMail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  language: string | null;
  sentAt: Date;
}

@Injectable()
export class MailboxRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get mails() {
    return this.connection.collection<StoredMail & { _id: string }>('mails');
  }

  async ensureIndexes(): Promise<void> {
    await this.mails.createIndex({ to: 1, sentAt: -1 });
  }

  /** Keeps one copy per Message-ID, as a real mailbox shows a resent message once. Returns false for a repeat. */
  async store(mail: StoredMail): Promise<boolean> {
    try {
      await this.mails.insertOne({ _id: mail.messageId, ...mail });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async forRecipient(address: string, limit = 200): Promise<StoredMail[]> {
    return this.mails.find({ to: address.toLowerCase() }).sort({ sentAt: -1 }).limit(limit).toArray();
  }

  async count(): Promise<number> {
    return this.mails.countDocuments({});
  }
}
