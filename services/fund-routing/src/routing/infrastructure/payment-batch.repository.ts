import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentStore, type StoreCollection } from '@fund-desk/platform';
import type { ProviderPayment } from '../domain/payments/sepa-credit-transfer';
import { MODELS } from './routing.schemas';

export type BatchStatus = 'open' | 'paid' | 'cancelled';

export interface BatchPayment extends ProviderPayment {
  requestId: string;
}

/** Provider payments of one fund, handed to the bank as one SEPA file; marking it paid fulfils its requests. */
export interface PaymentBatch {
  id: string;
  fundId: string;
  status: BatchStatus;
  messageId: string;
  requestedExecutionDate: string;
  debtor: { name: string; iban: string; bic?: string };
  payments: BatchPayment[];
  numberOfPayments: number;
  totalCents: number;
  createdAt: Date;
  createdBy: string;
  paidAt?: Date;
  paidBy?: string;
  bankReference?: string;
  cancelledAt?: Date;
  cancelledBy?: string;
}

/** A batch as stored: its id is the document's `_id`. */
interface BatchDoc extends Omit<PaymentBatch, 'id'> {
  _id: string;
}

@Injectable()
export class PaymentBatchRepository {
  private readonly docs: StoreCollection<BatchDoc>;

  constructor(
    @InjectModel(MODELS.paymentBatch) private readonly batches: Model<unknown>,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.docs = store.collection<BatchDoc>(batches.collection);
  }

  async insert(batch: PaymentBatch): Promise<void> {
    const { id, ...rest } = batch;
    // A batch id is new (a random UUID): one that exists already is an error, as the insert always said.
    if (!(await this.docs.insertOnce({ _id: id, ...rest }))) throw new Error(`Payment batch ${id} exists already`);
  }

  async find(id: string): Promise<PaymentBatch | null> {
    const doc = await this.docs.findById(id);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: String(_id), ...(rest as Omit<PaymentBatch, 'id'>) };
  }

  async listForFund(fundId: string, limit: number, offset: number): Promise<PaymentBatch[]> {
    const docs = await this.batches.collection.find({ fundId }, { projection: { payments: 0 } }).sort({ createdAt: -1, _id: 1 }).skip(offset).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: String(_id), payments: [], ...(rest as Omit<PaymentBatch, 'id' | 'payments'>) }));
  }

  /** Moves a batch from one status to another; false when it was not in `from` any more. */
  async transition(id: string, from: BatchStatus, to: BatchStatus, fields: Record<string, unknown>): Promise<boolean> {
    return this.docs.update(id, { $set: { status: to, ...fields } }, { status: from });
  }
}
