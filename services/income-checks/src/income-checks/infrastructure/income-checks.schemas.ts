import { Schema } from 'mongoose';

/** One check per application for now; raw income stays in this database and never leaves the service. */
export const IncomeCheckSchema = new Schema(
  {
    _id: String,
    applicationId: String,
    municipalityCode: String,
    composition: String,
    netMonthlyIncomeCents: Number,
    circumstances: [String],
    checkDate: String,
    normCents: Number,
    limitPercent: Number,
    outcome: String,
    percentageOfNorm: Number,
    basis: String,
    validUntil: String,
    createdAt: Date,
    outbox: Schema.Types.Mixed,
    outboxPending: Number,
    outboxLeaseUntil: Date,
  },
  { collection: 'income-checks', versionKey: false },
);

export const NormSchema = new Schema(
  { _id: String, validFrom: String, single: Number, singleParent: Number, couple: Number, createdAt: Date },
  { collection: 'norms', versionKey: false },
);

export const MunicipalitySchema = new Schema(
  { _id: String, name: String, incomeLimitPercent: Number, validityMonths: Number },
  { collection: 'municipalities', versionKey: false },
);

export const MODELS = { check: 'IncomeCheck', norm: 'Norm', municipality: 'Municipality' } as const;
