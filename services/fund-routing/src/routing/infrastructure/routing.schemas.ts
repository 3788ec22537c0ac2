import { Schema } from 'mongoose';

export const FundSchema = new Schema({ _id: String }, { collection: 'funds', strict: false, versionKey: false });

/**
 * What routing knows of an application: the submitted items (and those added later), once done the income
 * check outcome, and the items withdrawn before they were routed.
 */
export const RoutingCaseSchema = new Schema(
  { _id: String, application: Schema.Types.Mixed, incomeCheck: Schema.Types.Mixed, routedAt: Date, withdrawnItemIds: [String], erasedAt: Date, version: Number },
  { collection: 'routing-cases', versionKey: false },
);

/** One fund request per requested item; only what the fund needs (never income figures). */
export const FundRequestSchema = new Schema(
  {
    _id: String,
    applicationId: String,
    itemId: String,
    fundId: String,
    status: String,
    category: String,
    routedAt: Date,
    outbox: Schema.Types.Mixed,
    outboxPending: Number,
    outboxLeaseUntil: Date,
  },
  { collection: 'fund-requests', strict: false, versionKey: false },
);
FundRequestSchema.index({ fundId: 1, routedAt: -1 });
FundRequestSchema.index({ applicationId: 1 });

/** One document per fund and year: allocated, reserved and spent. */
export const BudgetSchema = new Schema({ _id: String }, { collection: 'fund-budgets', strict: false, versionKey: false });

/** One document per open reservation (fund, year, request): deleted when released or spent. */
export const ReservationSchema = new Schema({ _id: String }, { collection: 'fund-reservations', strict: false, versionKey: false });
ReservationSchema.index({ fundId: 1, year: 1 });

/** Earlier versions of a fund's rules, by fund and version. */
export const FundVersionSchema = new Schema({ _id: String }, { collection: 'fund-versions', strict: false, versionKey: false });

/** Per fund and pseudonymous child key: what the fund holds or gave for the child, for its per-child limits. */
export const ChildLimitsSchema = new Schema({ _id: String }, { collection: 'child-limits', strict: false, versionKey: false });

/** Per child key, category and year: the request that holds that need (duplicates are flagged). */
export const ChildNeedSchema = new Schema({ _id: String }, { collection: 'child-needs', strict: false, versionKey: false });

/** SEPA batches of provider payments, per fund. */
export const PaymentBatchSchema = new Schema({ _id: String }, { collection: 'payment-batches', strict: false, versionKey: false });
PaymentBatchSchema.index({ fundId: 1, createdAt: -1 });

export const MODELS = {
  fund: 'Fund',
  routingCase: 'RoutingCase',
  request: 'FundRequest',
  budget: 'FundBudget',
  reservation: 'FundReservation',
  fundVersion: 'FundVersion',
  childLimits: 'ChildLimits',
  childNeed: 'ChildNeed',
  paymentBatch: 'PaymentBatch',
} as const;
