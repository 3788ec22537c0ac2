import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { CATEGORY_LABELS, Category } from '@fund-desk/contracts';
import { ConflictError, NotFoundError } from '@fund-desk/platform';
import { buildPain001, buildPaymentsCsv } from '../../domain/payments/sepa-credit-transfer';
import { FUND_ROUTING_CONFIG, FundRoutingConfig } from '../../../config/fund-routing.config';
import { validatePain001 } from '../../infrastructure/sepa-schema';
import { BatchPayment, PaymentBatch, PaymentBatchRepository } from '../../infrastructure/payment-batch.repository';
import { FundRequest, RoutingRepository } from '../../infrastructure/routing.repository';
import { DecideRequestUseCase } from '../decide-request/decide-request.use-case';

/** The most payments in one file: banks accept far more, but a batch is checked by a person before it is sent. */
const MAX_PAYMENTS = 2_000;

/**
 * Paying providers: the approved, unpaid provider payments of a fund become one batch (each request can be
 * in one batch only), handed to the bank as a SEPA credit-transfer file and to the bookkeeping as CSV.
 * Marking the batch paid records each request as fulfilled (provider paid), which spends its reservation.
 */
@Injectable()
export class PayProvidersUseCase {
  private readonly logger = new Logger(PayProvidersUseCase.name);

  constructor(
    @Inject(RoutingRepository) private readonly requests: RoutingRepository,
    @Inject(PaymentBatchRepository) private readonly batches: PaymentBatchRepository,
    @Inject(DecideRequestUseCase) private readonly decisions: DecideRequestUseCase,
    @Inject(FUND_ROUTING_CONFIG) private readonly config: FundRoutingConfig,
  ) {}

  async createBatch(command: { fundId: string; by: string; executionDate: string; now: Date }): Promise<PaymentBatch> {
    const fund = await this.requests.fund(command.fundId);
    if (!fund) throw new NotFoundError('Fund', command.fundId);
    if (!fund.account) throw new ConflictError('NO_FUND_ACCOUNT', 'The fund has no bank account in its rules; an administrator adds it first');
    const approved = await this.requests.requestsForFund(fund.id, MAX_PAYMENTS, 0, { status: 'approved', unpaid: true, order: 'oldest' });
    const batchId = randomUUID();
    const payments: BatchPayment[] = [];
    // Every item but a birthday box names its provider (applications checks it); a box is delivered, not paid.
    for (const request of approved.filter((r) => r.provider?.iban)) {
      // Taken for this batch only if still approved and in no other batch: two batches at once never share a payment.
      const taken = await this.requests.changeRequest(
        request.id,
        { status: 'approved', fundId: fund.id, paymentBatchId: null },
        { $set: { paymentBatchId: batchId } },
        [],
      );
      if (taken) payments.push(paymentOf(request));
    }
    if (!payments.length) throw new ConflictError('NOTHING_TO_PAY', 'There are no approved provider payments that are not in a batch yet');
    const batch: PaymentBatch = {
      id: batchId,
      fundId: fund.id,
      status: 'open',
      messageId: `FD${command.now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(6).toString('hex').toUpperCase()}`,
      requestedExecutionDate: command.executionDate,
      debtor: fund.account,
      payments,
      numberOfPayments: payments.length,
      totalCents: payments.reduce((sum, p) => sum + p.amountCents, 0),
      createdAt: command.now,
      createdBy: command.by,
    };
    // Built (and checked against the schema) before it is stored: a batch the bank would refuse is never made.
    await this.sepaFile(batch);
    await this.batches.insert(batch);
    return batch;
  }

  async batch(fundId: string, batchId: string): Promise<PaymentBatch> {
    const batch = await this.batches.find(batchId);
    if (!batch || batch.fundId !== fundId) throw new NotFoundError('Payment batch', batchId);
    return batch;
  }

  async sepaFile(batch: PaymentBatch): Promise<string> {
    const xml = buildPain001(batch);
    if (this.config.PAIN001_XSD) {
      const result = await validatePain001(xml, this.config.PAIN001_XSD);
      if (!result.valid) throw new Error(`SEPA file of batch ${batch.id} does not match pain.001.001.03: ${result.errors.join('; ')}`);
    }
    return xml;
  }

  csvFile(batch: PaymentBatch): string {
    return buildPaymentsCsv(batch);
  }

  /**
   * The bank executed the file: every request of the batch is fulfilled (provider paid, with the batch and
   * end-to-end id as reference). Safe to repeat: a batch already paid finishes what a crash left undone.
   */
  async markPaid(command: { fundId: string; batchId: string; by: string; bankReference?: string; now: Date }): Promise<PaymentBatch> {
    const batch = await this.batch(command.fundId, command.batchId);
    if (batch.status === 'cancelled') throw new ConflictError('BATCH_CANCELLED', 'This batch was cancelled; its payments can go into a new batch');
    if (batch.status === 'open') {
      const fields = { paidAt: command.now, paidBy: command.by, ...(command.bankReference ? { bankReference: command.bankReference } : {}) };
      if (!(await this.batches.transition(batch.id, 'open', 'paid', fields)) && (await this.batch(command.fundId, batch.id)).status !== 'paid') {
        throw new ConflictError('BATCH_CANCELLED', 'This batch was cancelled a moment ago');
      }
    }
    for (const payment of batch.payments) {
      const request = await this.requests.findRequest(payment.requestId);
      if (!request || request.status !== 'approved' || request.paymentBatchId !== batch.id) continue;
      try {
        await this.decisions.fulfil({
          fundId: batch.fundId,
          requestId: payment.requestId,
          fulfilledBy: command.by,
          method: 'provider-paid',
          reference: `${batch.messageId}/${payment.endToEndId}`,
          paymentBatchId: batch.id,
        });
      } catch (error) {
        // Fulfilled a moment ago by a repeated call: nothing left to do for this one.
        if ((error as { code?: string }).code !== 'ALREADY_FULFILLED') throw error;
      }
    }
    return this.batch(command.fundId, batch.id);
  }

  /** An open batch that will not be sent: its payments become available for a new batch. */
  async cancel(command: { fundId: string; batchId: string; by: string; now: Date }): Promise<PaymentBatch> {
    const batch = await this.batch(command.fundId, command.batchId);
    if (batch.status === 'paid') throw new ConflictError('BATCH_PAID', 'A paid batch cannot be cancelled');
    if (batch.status === 'open' && !(await this.batches.transition(batch.id, 'open', 'cancelled', { cancelledAt: command.now, cancelledBy: command.by }))) {
      throw new ConflictError('BATCH_PAID', 'This batch was marked paid a moment ago');
    }
    for (const payment of batch.payments) {
      const request = await this.requests.findRequest(payment.requestId);
      if (request?.paymentBatchId !== batch.id || request.status !== 'approved') continue;
      const released = await this.requests.changeRequest(request.id, { status: 'approved', fundId: batch.fundId, paymentBatchId: batch.id }, { $set: { paymentBatchId: null } }, []);
      if (!released) this.logger.warn({ msg: 'Request changed while its batch was cancelled', requestId: request.id, batchId: batch.id });
    }
    return this.batch(command.fundId, batch.id);
  }

  list(fundId: string, limit: number, offset: number): Promise<PaymentBatch[]> {
    return this.batches.listForFund(fundId, limit, offset);
  }
}

/** One transfer: the request id (without dashes, 32 characters) is the end-to-end id that comes back on the statement. */
function paymentOf(request: FundRequest): BatchPayment {
  const what = CATEGORY_LABELS[request.category as Category]?.nl ?? request.category;
  return {
    requestId: request.id,
    endToEndId: request.id.replace(/-/g, '').slice(0, 35),
    amountCents: request.approvedAmountCents ?? request.amountCents,
    creditorName: request.provider!.name,
    creditorIban: request.provider!.iban,
    remittance: `${what} ${request.childFirstName}${request.description ? ` - ${request.description}` : ''}`,
  };
}
