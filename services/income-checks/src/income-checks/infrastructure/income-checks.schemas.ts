import { Schema } from 'mongoose';

/**
 * A household income check, with what it was based on. Raw income, the sealed BSN and evidence stay in
 * this database and never leave the service; events carry the outcome only.
 */
export const IncomeCheckSchema = new Schema({ _id: String }, { collection: 'income-checks', strict: false, versionKey: false });

/** A household's current valid check, keyed by a blind index (never the BSN or the account itself). */
export const HouseholdSchema = new Schema({ _id: String }, { collection: 'households', strict: false, versionKey: false });

/** Which check answered which application; the outcome event for a reused check leaves from here. */
export const ApplicationCheckSchema = new Schema({ _id: String }, { collection: 'application-checks', strict: false, versionKey: false });

/** Evidence documents, sealed (AES-256-GCM); the content is purged after the retention period. */
export const EvidenceSchema = new Schema({ _id: String }, { collection: 'evidence', strict: false, versionKey: false });

export const AuditSchema = new Schema({ _id: String }, { collection: 'audit-log', strict: false, versionKey: false });

export const NormSchema = new Schema(
  { _id: String, validFrom: String, single: Number, singleParent: Number, couple: Number, createdAt: Date },
  { collection: 'norms', versionKey: false },
);

export const MunicipalitySchema = new Schema(
  { _id: String, name: String, incomeLimitPercent: Number, validityMonths: Number },
  { collection: 'municipalities', versionKey: false },
);

export const MODELS = {
  check: 'IncomeCheck',
  household: 'Household',
  applicationCheck: 'ApplicationCheck',
  evidence: 'Evidence',
  audit: 'AuditEntry',
  norm: 'Norm',
  municipality: 'Municipality',
} as const;
