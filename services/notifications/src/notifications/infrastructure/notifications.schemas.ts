import { Schema } from 'mongoose';

/** Where to reach the applicant of an application, and in which language. */
export const RecipientSchema = new Schema(
  { _id: String, subject: String, email: String, language: String, children: Schema.Types.Mixed, createdAt: Date },
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
  },
  { collection: 'deliveries', versionKey: false },
);
DeliverySchema.index({ subject: 1, createdAt: -1 });

export const MODELS = { recipient: 'Recipient', inbox: 'InboxMessage', delivery: 'Delivery' } as const;
