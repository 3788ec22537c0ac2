import { Inject, Injectable } from '@nestjs/common';
import { GuardedUpdates } from '@fund-desk/platform';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Language } from '@fund-desk/contracts';
import { MODELS } from './notifications.schemas';

export interface Recipient {
  applicationId: string;
  subject: string;
  email: string;
  language: Language;
  children: { ref: string; firstName: string }[];
}

export interface InboxMessage {
  id: string;
  subject: string;
  type: string;
  title: string;
  body: string;
  applicationId: string;
  createdAt: Date;
  read: boolean;
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed';

export interface Delivery {
  id: string;
  channel: 'email';
  subject: string;
  to: string;
  language: Language;
  type: string;
  title: string;
  body: string;
  applicationId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError?: string;
  createdAt: Date;
  sentAt?: Date;
}

const isDuplicate = (error: unknown) => (error as { code?: number }).code === 11000;

@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectModel(MODELS.recipient) private readonly recipients: Model<unknown>,
    @InjectModel(MODELS.inbox) private readonly inbox: Model<unknown>,
    @InjectModel(MODELS.delivery) private readonly deliveries: Model<unknown>,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
  ) {}

  async saveRecipient(recipient: Recipient): Promise<void> {
    const { applicationId, ...rest } = recipient;
    await this.recipients.collection.updateOne(
      { _id: applicationId } as never,
      { $set: rest, $setOnInsert: { createdAt: new Date() } },
      { upsert: true },
    );
  }

  async recipient(applicationId: string): Promise<Recipient | null> {
    const doc = await this.recipients.collection.findOne({ _id: applicationId } as never);
    return doc ? { applicationId, subject: doc.subject, email: doc.email, language: doc.language, children: doc.children ?? [] } : null;
  }

  /** Adds an inbox message once; a repeated id is ignored. */
  async addInboxMessage(message: InboxMessage): Promise<void> {
    const { id, ...rest } = message;
    try {
      await this.inbox.collection.insertOne({ _id: id, ...rest } as never);
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
  }

  async inboxOf(subject: string, limit = 100): Promise<InboxMessage[]> {
    const docs = await this.inbox.collection.find({ subject }).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<InboxMessage, 'id'>) }));
  }

  async markRead(subject: string, id: string): Promise<boolean> {
    return this.guarded.updateOne(this.inbox.collection as never, id, { subject }, { $set: { read: true } });
  }

  async unreadCount(subject: string): Promise<number> {
    return this.inbox.collection.countDocuments({ subject, read: false });
  }

  /** Records a delivery once; returns false when it was already recorded. */
  async addDelivery(delivery: Delivery): Promise<boolean> {
    const { id, ...rest } = delivery;
    try {
      await this.deliveries.collection.insertOne({ _id: id, ...rest } as never);
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }

  async delivery(id: string): Promise<Delivery | null> {
    const doc = await this.deliveries.collection.findOne({ _id: id } as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: String(_id), ...(rest as Omit<Delivery, 'id'>) };
  }

  async markDelivery(id: string, status: DeliveryStatus, details: { attempts: number; error?: string }): Promise<void> {
    await this.deliveries.collection.updateOne(
      { _id: id } as never,
      { $set: { status, attempts: details.attempts, ...(details.error ? { lastError: details.error } : {}), ...(status === 'sent' ? { sentAt: new Date() } : {}) } },
    );
  }

  async deliveriesOf(subject: string, limit = 100): Promise<Delivery[]> {
    const docs = await this.deliveries.collection.find({ subject }).sort({ createdAt: -1 }).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<Delivery, 'id'>) }));
  }
}
