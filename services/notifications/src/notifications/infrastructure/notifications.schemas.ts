import { Schema } from 'mongoose';

/** Where to reach the applicant of an application, and in which language. */
export const RecipientSchema = new Schema(
  { _id: String, subject: String, email: String, phone: String, language: String, children: Schema.Types.Mixed, createdAt: Date },
  { collection: 'recipients', versionKey: false },
);

/** The in-app inbox. The id is event:recipient:channel, so an event yields one message per person. */
export const InboxMessageSchema = new Schema(
  { _id: String, subject: String, type: String, title: String, body: String, applicationId: String, createdAt: Date, read: Boolean },
  { collection: 'inbox-messages', versionKey: false },
);
InboxMessageSchema.index({ subject: 1, createdAt: -1 });

/** The delivery log: one per event, recipient and channel; the idempotency key is its id. */
export const DeliverySchema = new Schema(
  {
    _id: String,
    channel: String,
    subject: String,
    to: String,
    language: String,
    type: String,
    title: String,
    body: String,
    applicationId: String,
    status: String,
    attempts: Number,
    lastError: String,
    createdAt: Date,
    sentAt: Date,
    notBefore: Date,
    failedAt: Date,
    outbox: Schema.Types.Mixed,
    outboxPending: Number,
    outboxLeaseUntil: Date,
  },
  { collection: 'deliveries', versionKey: false, strict: false },
);
DeliverySchema.index({ subject: 1, createdAt: -1 });

/** Per person: language, channels, quiet hours, contact details they changed. */
export const PreferencesSchema = new Schema({ _id: String }, { collection: 'preferences', strict: false, versionKey: false });

/** Per fund request: where it is, for fund staff digests and question reminders. */
export const TrackedRequestSchema = new Schema({ _id: String }, { collection: 'tracked-requests', strict: false, versionKey: false });
TrackedRequestSchema.index({ fundId: 1, routedAt: -1 });

/** Per fund: who of its staff gets the digest. */
export const FundContactsSchema = new Schema({ _id: String }, { collection: 'fund-contacts', strict: false, versionKey: false });

/** Per fund: when the last digests went out. */
export const DigestStateSchema = new Schema({ _id: String }, { collection: 'digest-state', strict: false, versionKey: false });

/**
 * Applications whose personal data was erased, by id and nothing else: an event about one that comes late
 * or again (other topics are not ordered with the privacy topic) must not store anything of it again.
 */
export const ErasureSchema = new Schema({ _id: String, erasedAt: Date }, { collection: 'erased-applications', versionKey: false });

/**
 * Events that tell the applicant something but came before the application's own `application.submitted`
 * (topics are not ordered with each other), so before anyone knew whom to tell: the whole envelope as JSON,
 * by event id, until the recipient is saved and the event is delivered. Erasure deletes them with the rest.
 */
export const WaitingEventSchema = new Schema(
  { _id: String, applicationId: String, type: String, event: String, parkedAt: Date },
  { collection: 'waiting-events', versionKey: false },
);
WaitingEventSchema.index({ applicationId: 1 });

export const MODELS = {
  recipient: 'Recipient',
  inbox: 'InboxMessage',
  delivery: 'Delivery',
  preferences: 'Preferences',
  trackedRequest: 'TrackedRequest',
  fundContacts: 'FundContacts',
  digestState: 'DigestState',
  erasure: 'Erasure',
  waitingEvent: 'WaitingEvent',
} as const;
