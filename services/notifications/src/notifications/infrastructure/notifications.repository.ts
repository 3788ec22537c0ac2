import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DocumentStore, OutboxRelay, withOutbox, type OutboxFields, type StoreCollection, type StoredDocument } from '@fund-desk/platform';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type EventEnvelope, type Language, validateEnvelope } from '@fund-desk/contracts';
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

// The documents as stored: every one is addressed by a string `_id`, and every write goes through the repository kit.
interface RecipientDoc extends StoredDocument, Omit<Recipient, 'applicationId' | 'phone' | 'children'> {
  phone?: string;
  children?: Recipient['children'];
  createdAt?: Date;
}
type InboxDoc = StoredDocument & Omit<InboxMessage, 'id'>;
type DeliveryDoc = StoredDocument & Omit<LoggedDelivery, 'id'> & OutboxFields & { failedAt?: Date };
type PreferencesDoc = StoredDocument & Omit<Preferences, 'subject'>;
type TrackedDoc = StoredDocument & Partial<Omit<TrackedRequest, 'requestId'>>;
interface FundContactsDoc extends StoredDocument {
  contacts: FundContact[];
  updatedAt: Date;
}
/** `version`: counted up by the kit's read-modify-write (`modify`). */
type DigestDoc = StoredDocument & DigestState & { version?: number };
interface ErasureDoc extends StoredDocument {
  erasedAt: Date;
}
/** An event waiting for its application's recipient: `_id` is the event id, `event` the whole envelope as JSON. */
interface WaitingEventDoc extends StoredDocument {
  applicationId: string;
  type: string;
  event: string;
  parkedAt: Date;
}

/** The later of two moments (either may be missing). */
const later = (a: Date | undefined, b: Date | undefined): Date | undefined => (!a ? b : !b ? a : new Date(a).getTime() >= new Date(b).getTime() ? a : b);

/**
 * Every write names one document by `_id` and goes through the repository kit (DocumentStore), so it is atomic
 * with any other write of that document on any connection or instance: delivery documents are changed by the
 * channel workers (sent, failed), by erasure and by the outbox relay at the same time.
 */
@Injectable()
export class NotificationsRepository implements OnModuleInit {
  private readonly recipients: StoreCollection<RecipientDoc>;
  private readonly inbox: StoreCollection<InboxDoc>;
  private readonly deliveries: StoreCollection<DeliveryDoc>;
  private readonly preferences: StoreCollection<PreferencesDoc>;
  private readonly tracked: StoreCollection<TrackedDoc>;
  private readonly fundContacts: StoreCollection<FundContactsDoc>;
  private readonly digests: StoreCollection<DigestDoc>;
  private readonly erasures: StoreCollection<ErasureDoc>;
  private readonly waiting: StoreCollection<WaitingEventDoc>;

  constructor(
    @InjectModel(MODELS.recipient) recipients: Model<unknown>,
    @InjectModel(MODELS.inbox) inbox: Model<unknown>,
    @InjectModel(MODELS.delivery) private readonly deliveryModel: Model<unknown>,
    @InjectModel(MODELS.preferences) preferences: Model<unknown>,
    @InjectModel(MODELS.trackedRequest) tracked: Model<unknown>,
    @InjectModel(MODELS.fundContacts) fundContacts: Model<unknown>,
    @InjectModel(MODELS.digestState) digests: Model<unknown>,
    @InjectModel(MODELS.erasure) erasures: Model<unknown>,
    @InjectModel(MODELS.waitingEvent) waiting: Model<unknown>,
    @Inject(DocumentStore) store: DocumentStore,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.recipients = store.collection<RecipientDoc>(recipients.collection);
    this.inbox = store.collection<InboxDoc>(inbox.collection);
    this.deliveries = store.collection<DeliveryDoc>(deliveryModel.collection);
    this.preferences = store.collection<PreferencesDoc>(preferences.collection);
    this.tracked = store.collection<TrackedDoc>(tracked.collection);
    this.fundContacts = store.collection<FundContactsDoc>(fundContacts.collection);
    this.digests = store.collection<DigestDoc>(digests.collection);
    this.erasures = store.collection<ErasureDoc>(erasures.collection);
    this.waiting = store.collection<WaitingEventDoc>(waiting.collection);
  }

  onModuleInit(): void {
    this.relay.register(this.deliveryModel.collection);
  }

  async saveRecipient(recipient: Recipient): Promise<void> {
    const { applicationId, ...rest } = recipient;
    await this.recipients.upsert(applicationId, { $set: rest, $setOnInsert: { createdAt: new Date() } });
  }

  async recipient(applicationId: string): Promise<Recipient | null> {
    const doc = await this.recipients.findById(applicationId);
    return doc ? { applicationId, subject: doc.subject, email: doc.email, ...(doc.phone ? { phone: doc.phone } : {}), language: doc.language, children: doc.children ?? [] } : null;
  }

  async preferencesOf(subject: string): Promise<Preferences | null> {
    const doc = await this.preferences.findById(subject);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { subject, ...rest };
  }

  async savePreferences(preferences: Preferences): Promise<void> {
    const { subject, ...rest } = preferences;
    await this.preferences.replace(subject, { ...rest, updatedAt: new Date() }, { upsert: true });
  }

  /** Adds an inbox message once; a repeated id is ignored. */
  async addInboxMessage(message: InboxMessage): Promise<void> {
    const { id, ...rest } = message;
    await this.inbox.insertOnce({ _id: id, ...rest });
  }

  async inboxOf(subject: string, limit = 100): Promise<InboxMessage[]> {
    const docs = await this.inbox.find({ subject }, { sort: { createdAt: -1, _id: -1 }, limit });
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...rest }));
  }

  async markRead(subject: string, id: string): Promise<boolean> {
    return this.inbox.update(id, { $set: { read: true } }, { subject });
  }

  async unreadCount(subject: string): Promise<number> {
    return this.inbox.count({ subject, read: false });
  }

  /** Records a delivery once; returns false when it was already recorded. */
  async addDelivery(delivery: Delivery): Promise<boolean> {
    const { id, ...rest } = delivery;
    return this.deliveries.insertOnce({ _id: id, ...rest });
  }

  async delivery(id: string): Promise<LoggedDelivery | null> {
    const doc = await this.deliveries.findById(id);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: String(_id), ...rest };
  }

  /** Records a delivery that failed for good, with its event, once (a second call finds it failed already). */
  async markFailed(id: string, details: { attempts: number; error: string }, event: EventEnvelope): Promise<boolean> {
    const delivery = await this.delivery(id);
    if (!delivery || delivery.status !== 'queued') return false;
    const changed = await this.deliveries.update(
      id,
      withOutbox({ $set: { status: 'failed', attempts: details.attempts, lastError: details.error, failedAt: new Date() } }, [event]),
      { status: 'queued' },
    );
    if (changed) this.relay.notify(this.deliveryModel.collection, id);
    return changed;
  }

  async failures(limit: number, offset: number): Promise<LoggedDelivery[]> {
    const docs = await this.deliveries.find({ status: 'failed' }, { projection: { body: 0, outbox: 0 }, sort: { createdAt: -1 }, skip: offset, limit });
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...rest }));
  }

  /** Follows a request through the funds (for digests and reminders); returns it as it now stands. */
  async trackRequest(requestId: string, change: Partial<Omit<TrackedRequest, 'requestId'>> & { status: string }, unset: string[] = []): Promise<void> {
    await this.tracked.upsert(requestId, { $set: change, ...(unset.length ? { $unset: Object.fromEntries(unset.map((f) => [f, ''])) } : {}) });
  }

  async trackedRequest(requestId: string): Promise<TrackedRequest | null> {
    const doc = await this.tracked.findById(requestId);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { requestId: String(_id), ...(rest as Omit<TrackedRequest, 'requestId'>) };
  }

  /** A fund's new requests since a moment and those waiting for a decision, with the oldest waiting. */
  async fundQueue(fundId: string, since: Date | undefined): Promise<{ newCount: number; waitingCount: number; oldestRoutedAt: Date | null }> {
    const docs = await this.tracked.find({ fundId }, { projection: { status: 1, routedAt: 1 } });
    const waiting = docs.filter((d) => d.status === 'routed' || d.status === 'information-requested');
    const newCount = docs.filter((d) => d.status === 'routed' && (!since || new Date(d.routedAt!) > since)).length;
    const oldest = waiting.reduce<Date | null>((min, d) => (!min || new Date(d.routedAt!) < min ? new Date(d.routedAt!) : min), null);
    return { newCount, waitingCount: waiting.length, oldestRoutedAt: oldest };
  }

  async fundNameOf(fundId: string): Promise<string | null> {
    const doc = await this.tracked.findOne({ fundId }, { projection: { fundName: 1 } });
    return doc?.fundName ?? null;
  }

  async setFundContacts(fundId: string, contacts: FundContact[]): Promise<void> {
    await this.fundContacts.replace(fundId, { contacts, updatedAt: new Date() }, { upsert: true });
  }

  async contactsOf(fundId: string): Promise<FundContact[]> {
    const doc = await this.fundContacts.findById(fundId);
    return doc?.contacts ?? [];
  }

  async fundsWithContacts(): Promise<string[]> {
    return (await this.fundContacts.find({}, { projection: { _id: 1 } })).map((d) => String(d._id));
  }

  async digestState(fundId: string): Promise<DigestState> {
    const doc = await this.digests.findById(fundId);
    return doc ? { lastSentAt: doc.lastSentAt, lastDailyOn: doc.lastDailyOn } : {};
  }

  /**
   * Saves when a fund's digests last went out. A digest run reads the state, sends, then saves (the job, and
   * staff asking for one now, can run at once): the write is a read-modify-write of the state as it is by then,
   * and keeps the later of each moment, so a run that read an older state never takes back what another saved.
   */
  async saveDigestState(fundId: string, state: DigestState): Promise<void> {
    await this.digests.modify(fundId, (current) => {
      const merged: DigestState = {
        lastSentAt: later(current?.lastSentAt, state.lastSentAt),
        // Local days as YYYY-MM-DD: the later one sorts last.
        lastDailyOn: [current?.lastDailyOn, state.lastDailyOn].filter((d): d is string => d !== undefined).sort().pop(),
      };
      return { $set: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) };
    });
  }

  async markDelivery(id: string, status: DeliveryStatus, details: { attempts: number; error?: string }): Promise<void> {
    await this.deliveries.update(id, {
      $set: { status, attempts: details.attempts, ...(details.error ? { lastError: details.error } : {}), ...(status === 'sent' ? { sentAt: new Date() } : {}) },
    });
  }

  async deliveriesOf(subject: string, limit = 100): Promise<LoggedDelivery[]> {
    const docs = await this.deliveries.find({ subject }, { sort: { createdAt: -1 }, limit });
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...rest }));
  }

  // Events waiting for their application's recipient (see NotifyUseCase).

  /** Keeps an event until its application's recipient is known, once per event id; true if this call stored it. */
  async parkEvent(applicationId: string, event: EventEnvelope): Promise<boolean> {
    return this.waiting.insertOnce({ _id: event.id, applicationId, type: event.type, event: JSON.stringify(event), parkedAt: new Date() });
  }

  /** The events waiting for this application's recipient, in the order they happened (checked against the contracts again). */
  async waitingEvents(applicationId: string): Promise<EventEnvelope[]> {
    const docs = await this.waiting.find({ applicationId });
    return docs.map((d) => validateEnvelope(JSON.parse(d.event))).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.id.localeCompare(b.id));
  }

  /** Drops one waiting event (delivered, or nobody to tell any more); true if this call deleted it. */
  async unparkEvent(eventId: string): Promise<boolean> {
    return this.waiting.delete(eventId);
  }

  async deleteWaitingEvents(applicationIds: string[]): Promise<number> {
    return this.waiting.deleteWhere({ applicationId: { $in: applicationIds } });
  }

  // Erasure. The marker per application is written first and checked by every writer after it wrote, so
  // whatever a writer stores while an erasure runs is removed by one of the two (see DeliverNotice).

  /** Remembers that these applications were erased: nothing of them may be stored again. Holds only their ids. */
  async markErased(applicationIds: string[], at: Date): Promise<void> {
    // The first erasure's moment stays (as `$setOnInsert` of an upsert did): an insert that finds the id does nothing.
    for (const id of applicationIds) await this.erasures.insertOnce({ _id: id, erasedAt: at });
  }

  async isErased(applicationId: string): Promise<boolean> {
    return Boolean(await this.erasures.findOne({ _id: applicationId }, { projection: { _id: 1 } }));
  }

  /** The applications a person is the recipient of. */
  async applicationsOf(subject: string): Promise<string[]> {
    return (await this.recipients.find({ subject }, { projection: { _id: 1 } })).map((d) => String(d._id));
  }

  async deleteRecipients(applicationIds: string[]): Promise<number> {
    return this.recipients.deleteWhere({ _id: { $in: applicationIds } });
  }

  /** Deletes the inbox messages about these applications, and with `subject` every message of that person. */
  async deleteInboxMessages(applicationIds: string[], subject?: string): Promise<number> {
    let deleted = await this.inbox.deleteWhere({ applicationId: { $in: applicationIds } });
    if (subject) deleted += await this.inbox.deleteWhere({ subject });
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
      // One delivery at a time, each write guarded by its filter: a delivery a worker marked sent meanwhile is not cancelled.
      await this.deliveries.updateWhere({ ...filter, status: 'queued' }, { $set: { status: 'cancelled' } });
      await this.deliveries.updateWhere({ ...filter, erasedAt: { $exists: false } }, { $set: { erasedAt: at } });
      // Regardless of status: also what a send that was under way recorded after an earlier pass. Counted are the
      // deliveries that still held any of it (as the driver's modifiedCount counted them).
      erased += await this.deliveries.updateWhere(
        { ...filter, $or: ERASED_DELIVERY_FIELDS.map((f) => ({ [f]: { $exists: true } })) },
        { $unset: Object.fromEntries(ERASED_DELIVERY_FIELDS.map((f) => [f, ''])) },
      );
    }
    return erased;
  }

  async deletePreferences(subject: string): Promise<boolean> {
    return this.preferences.delete(subject);
  }
}
