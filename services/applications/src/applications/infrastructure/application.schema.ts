import { Schema } from 'mongoose';

/**
 * One document per application: its children, items, timeline and its outbox (events not yet published),
 * so that a change and the events it implies are one atomic write.
 */
export const ApplicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    applicant: { subject: { type: String, required: true }, role: { type: String, required: true } },
    idempotencyKey: { type: String, required: true },
    municipalityCode: String,
    postcode: String,
    household: Schema.Types.Mixed,
    children: Schema.Types.Mixed,
    items: Schema.Types.Mixed,
    contact: Schema.Types.Mixed,
    consent: Schema.Types.Mixed,
    onBehalfOf: String,
    incomeCheck: Schema.Types.Mixed,
    status: String,
    timeline: Schema.Types.Mixed,
    submittedAt: String,
    version: { type: Number, required: true },
    outbox: Schema.Types.Mixed,
    outboxPending: { type: Number, default: 0 },
    outboxLeaseUntil: Date,
  },
  { collection: 'applications', versionKey: false, minimize: false },
);
ApplicationSchema.index({ 'applicant.subject': 1, idempotencyKey: 1 }, { unique: true });
ApplicationSchema.index({ 'applicant.subject': 1, submittedAt: -1 });
ApplicationSchema.index({ outboxPending: 1 });

export const APPLICATION_MODEL = 'Application';

/** Per parent: what they entered last time (never income or BSN). */
export const HouseholdSchema = new Schema({ _id: String }, { collection: 'households', strict: false, versionKey: false });

/** Applications being filled in. */
export const DraftSchema = new Schema({ _id: String }, { collection: 'drafts', strict: false, versionKey: false, minimize: false });
DraftSchema.index({ owner: 1, updatedAt: -1 });

/** How long funds took to decide, one per decision, for the waiting time a parent can expect. */
export const DecisionTimeSchema = new Schema({ _id: String }, { collection: 'decision-times', strict: false, versionKey: false });
DecisionTimeSchema.index({ fundId: 1, at: -1 });

/** Erasure requests: who asked when for which applications, with the event every service acts on (outbox). */
export const ErasureRequestSchema = new Schema(
  { _id: String, outbox: Schema.Types.Mixed, outboxPending: { type: Number, default: 0 }, outboxLeaseUntil: Date },
  { collection: 'erasure-requests', strict: false, versionKey: false },
);

/**
 * Intermediaries linked to the families they help, one document per link: `_id` is the intermediary, the parent and
 * the link's generation, so one pair has at most one live link (a new generation only after the last one ended).
 */
export const FamilyLinkSchema = new Schema({ _id: String }, { collection: 'family-links', strict: false, versionKey: false });
FamilyLinkSchema.index({ id: 1 }, { unique: true });
FamilyLinkSchema.index({ parent: 1, requestedAt: -1 });
FamilyLinkSchema.index({ intermediary: 1, requestedAt: -1 });
FamilyLinkSchema.index({ intermediary: 1, parent: 1, generation: -1 });

export const MODELS = { household: 'Household', draft: 'Draft', decisionTime: 'DecisionTime', erasure: 'ErasureRequest', familyLink: 'FamilyLink' } as const;
