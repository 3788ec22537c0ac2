import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { GuardedUpdates, OutboxRelay, withOutbox, isDuplicateKey } from '@fund-desk/platform';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope, Language } from '@fund-desk/contracts';
import type { QuietHours } from '../domain/quiet-hours';
import type { DigestState } from '../domain/digest-policy';
import { MODELS } from './notifications.schemas';

export type Channel = 'email' | 'sms';

export interface Recipient {
  applicationId: string;
  subject: string;
  email: string;
  phone?: string;
  language: Language;
  children: { ref: string; firstName: string }[];
}

/** What a person chose; anything left out follows the contact details of their latest application. */
export interface Preferences {
  subject: string;
  language?: Language;
  email?: string;
  phone?: string;
  channels: { email: boolean; sms: boolean };
  quietHours: QuietHours | null;
  updatedAt?: Date;
}

/** A request as fund staff digests and reminders need it: where it is and whether a question is open. */
export interface TrackedRequest {
  requestId: string;
  applicationId: string;
  fundId: string;
  fundName: string;
  status: string;
  routedAt: Date;
  /** The event that asked the open question, when there is one. */
  questionEventId?: string;
}

export interface FundContact {
  email: string;
  language: Language;
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

/** `cancelled`: still queued when the person's data was erased, so never sent. */
export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'cancelled';

/** What a delivery says and to whom: removed when the person's data is erased. */
export interface DeliveryContent {
  to: string;
  language: Language;
  title: string;
  body: string;
}

/** A delivery as it is created and sent: the record and its content. */
export interface Delivery extends DeliveryContent {
  id: string;
  channel: Channel;
  subject: string;
  /** Held until then (quiet hours for text messages). */
  notBefore?: Date;
  type: string;
  applicationId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError?: string;
  createdAt: Date;
  sentAt?: Date;
}

/** A delivery as the log holds it: after an erasure only the record (channel, type, status, dates, attempts) is left. */
export type LoggedDelivery = Omit<Delivery, keyof DeliveryContent> & Partial<DeliveryContent> & { erasedAt?: Date };

/** A logged delivery that can still be sent: its content was not erased. */
export const hasContent = (delivery: LoggedDelivery): delivery is Delivery => Boolean(delivery.to && delivery.body);

/** The fields an erasure removes from a person's deliveries (the content, and an error that may quote it). */
const ERASED_DELIVERY_FIELDS = ['to', 'language', 'title', 'body', 'lastError'] as const;

@Injectable()
export class NotificationsRepository implements OnModuleInit {
  constructor(
    @InjectModel(MODELS.recipient) private readonly recipients: Model<unknown>,
    @InjectModel(MODELS.inbox) private readonly inbox: Model<unknown>,
    @InjectModel(MODELS.delivery) private readonly deliveries: Model<unknown>,
    @InjectModel(MODELS.preferences) private readonly preferences: Model<unknown>,
    @InjectModel(MODELS.trackedRequest) private readonly tracked: Model<unknown>,
    @InjectModel(MODELS.fundContacts) private readonly fundContacts: Model<unknown>,
    @InjectModel(MODELS.digestState) private readonly digests: Model<unknown>,
    @InjectModel(MODELS.erasure) private readonly erasures: Model<unknown>,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.deliveries.collection as never);
  }

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
    return doc ? { applicationId, subject: doc.subject, email: doc.email, ...(doc.phone ? { phone: doc.phone } : {}), language: doc.language, children: doc.children ?? [] } : null;
  }

  async preferencesOf(subject: string): Promise<Preferences | null> {
    const doc = await this.preferences.collection.findOne({ _id: subject } as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { subject, ...(rest as Omit<Preferences, 'subject'>) };
  }

  async savePreferences(preferences: Preferences): Promise<void> {
    const { subject, ...rest } = preferences;
    await this.preferences.collection.replaceOne({ _id: subject } as never, { ...rest, updatedAt: new Date() }, { upsert: true });
  }

  /** Adds an inbox message once; a repeated id is ignored. */
  async addInboxMessage(message: InboxMessage): Promise<void> {
    const { id, ...rest } = message;
    try {
      await this.inbox.collection.insertOne({ _id: id, ...rest } as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
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
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async delivery(id: string): Promise<LoggedDelivery | null> {
    const doc = await this.deliveries.collection.findOne({ _id: id } as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: String(_id), ...(rest as Omit<LoggedDelivery, 'id'>) };
  }

  /** Records a delivery that failed for good, with its event, once (a second call finds it failed already). */
  async markFailed(id: string, details: { attempts: number; error: string }, event: EventEnvelope): Promise<boolean> {
    const delivery = await this.delivery(id);
    if (!delivery || delivery.status !== 'queued') return false;
    const changed = await this.guarded.updateOne(
      this.deliveries.collection as never,
      id,
      { status: 'queued' },
      withOutbox({ $set: { status: 'failed', attempts: details.attempts, lastError: details.error, failedAt: new Date() } }, [event]) as never,
    );
    if (changed) this.relay.notify(this.deliveries.collection as never, id);
    return changed;
  }

  async failures(limit: number, offset: number): Promise<LoggedDelivery[]> {
    const docs = await this.deliveries.collection
      .find({ status: 'failed' }, { projection: { body: 0, outbox: 0 } })
      .sort({ createdAt: -1 })
      .skip(offset)
      .limit(limit)
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<LoggedDelivery, 'id'>) }));
  }

  /** Follows a request through the funds (for digests and reminders); returns it as it now stands. */
  async trackRequest(requestId: string, change: Partial<Omit<TrackedRequest, 'requestId'>> & { status: string }, unset: string[] = []): Promise<void> {
    await this.tracked.collection.updateOne(
      { _id: requestId } as never,
      { $set: change, ...(unset.length ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) } : {}) },
      { upsert: true },
    );
  }

  async trackedRequest(requestId: string): Promise<TrackedRequest | null> {
    const doc = await this.tracked.collection.findOne({ _id: requestId } as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { requestId: String(_id), ...(rest as Omit<TrackedRequest, 'requestId'>) };
  }

  /** A fund's new requests since a moment and those waiting for a decision, with the oldest waiting. */
  async fundQueue(fundId: string, since: Date | undefined): Promise<{ newCount: number; waitingCount: number; oldestRoutedAt: Date | null }> {
    const docs = await this.tracked.collection.find({ fundId }, { projection: { status: 1, routedAt: 1 } }).toArray();
    const waiting = docs.filter((d) => d.status === 'routed' || d.status === 'information-requested');
    const newCount = docs.filter((d) => d.status === 'routed' && (!since || new Date(d.routedAt) > since)).length;
    const oldest = waiting.reduce<Date | null>((min, d) => (!min || new Date(d.routedAt) < min ? new Date(d.routedAt) : min), null);
    return { newCount, waitingCount: waiting.length, oldestRoutedAt: oldest };
  }

  async fundNameOf(fundId: string): Promise<string | null> {
    const doc = await this.tracked.collection.findOne({ fundId }, { projection: { fundName: 1 } });
    return (doc?.fundName as string | undefined) ?? null;
  }

  async setFundContacts(fundId: string, contacts: FundContact[]): Promise<void> {
    await this.fundContacts.collection.replaceOne({ _id: fundId } as never, { contacts, updatedAt: new Date() }, { upsert: true });
  }

  async contactsOf(fundId: string): Promise<FundContact[]> {
    const doc = await this.fundContacts.collection.findOne({ _id: fundId } as never);
    return (doc?.contacts as FundContact[] | undefined) ?? [];
  }

  async fundsWithContacts(): Promise<string[]> {
    return (await this.fundContacts.collection.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
  }

  async digestState(fundId: string): Promise<DigestState> {
    const doc = await this.digests.collection.findOne({ _id: fundId } as never);
    return doc ? { lastSentAt: doc.lastSentAt as Date | undefined, lastDailyOn: doc.lastDailyOn as string | undefined } : {};
  }

  async saveDigestState(fundId: string, state: DigestState): Promise<void> {
    const set = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
    await this.digests.collection.updateOne({ _id: fundId } as never, { $set: set }, { upsert: true });
  }

  async markDelivery(id: string, status: DeliveryStatus, details: { attempts: number; error?: string }): Promise<void> {
    await this.deliveries.collection.updateOne(
      { _id: id } as never,
      { $set: { status, attempts: details.attempts, ...(details.error ? { lastError: details.error } : {}), ...(status === 'sent' ? { sentAt: new Date() } : {}) } },
    );
  }

  async deliveriesOf(subject: string, limit = 100): Promise<LoggedDelivery[]> {
    const docs = await this.deliveries.collection.find({ subject }).sort({ createdAt: -1 }).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...(rest as Omit<LoggedDelivery, 'id'>) }));
  }

  // Erasure. The marker per application is written first and checked by every writer after it wrote, so
  // whatever a writer stores while an erasure runs is removed by one of the two (see DeliverNotice).

  /** Remembers that these applications were erased: nothing of them may be stored again. Holds only their ids. */
  async markErased(applicationIds: string[], at: Date): Promise<void> {
    for (const id of applicationIds) {
      await this.erasures.collection.updateOne({ _id: id } as never, { $setOnInsert: { erasedAt: at } }, { upsert: true });
    }
  }

  async isErased(applicationId: string): Promise<boolean> {
    return Boolean(await this.erasures.collection.findOne({ _id: applicationId } as never, { projection: { _id: 1 } }));
  }

  /** The applications a person is the recipient of. */
  async applicationsOf(subject: string): Promise<string[]> {
    return (await this.recipients.collection.find({ subject }, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
  }

  async deleteRecipients(applicationIds: string[]): Promise<number> {
    return (await this.recipients.collection.deleteMany({ _id: { $in: applicationIds } } as never)).deletedCount;
  }

  /** Deletes the inbox messages about these applications, and with `subject` every message of that person. */
  async deleteInboxMessages(applicationIds: string[], subject?: string): Promise<number> {
    let deleted = (await this.inbox.collection.deleteMany({ applicationId: { $in: applicationIds } })).deletedCount;
    if (subject) deleted += (await this.inbox.collection.deleteMany({ subject })).deletedCount;
    return deleted;
  }

  /**
   * Keeps the record of the deliveries about these applications (and with `subject`, of every delivery to
   * that person) but removes to whom and what they said; one still queued is cancelled, so its job sends nothing.
   */
  async eraseDeliveryContent(applicationIds: string[], subject?: string, at = new Date()): Promise<number> {
    const filters = [{ applicationId: { $in: applicationIds } }, ...(subject ? [{ subject }] : [])];
    let erased = 0;
    for (const filter of filters) {
      await this.deliveries.collection.updateMany({ ...filter, status: 'queued' }, { $set: { status: 'cancelled' } });
      await this.deliveries.collection.updateMany({ ...filter, erasedAt: { $exists: false } }, { $set: { erasedAt: at } });
      // Unconditionally: also what a send that was under way recorded after an earlier pass.
      const result = await this.deliveries.collection.updateMany(filter, { $unset: Object.fromEntries(ERASED_DELIVERY_FIELDS.map((f) => [f, ''])) });
      erased += result.modifiedCount;
    }
    return erased;
  }

  async deletePreferences(subject: string): Promise<boolean> {
    return (await this.preferences.collection.deleteOne({ _id: subject } as never)).deletedCount === 1;
  }
}
