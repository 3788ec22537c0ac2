import { Inject, Injectable, Logger } from '@nestjs/common';
import { applicationWithdrawnV1, createEvent, EventEnvelope, fundRequestWithdrawnV1, PayloadOf } from '@fund-desk/contracts';
import { ChildLedger } from '../../infrastructure/child-ledger';
import { FundRequest, RequestStatus, RoutingRepository } from '../../infrastructure/routing.repository';
import { BudgetedRouting } from '../route-application/budgeted-routing';
import { requestRef, reservationOf } from '../request-context';

type Withdrawn = PayloadOf<typeof applicationWithdrawnV1>;
export type WithdrawalReason = Withdrawn['reason'];

/** A fund still works on these, or approved and has not paid: a withdrawal stops them. */
const WITHDRAWABLE: RequestStatus[] = ['routed', 'information-requested', 'approved'];

/** A decision and a withdrawal at the same moment: the guard lets one win; the loser reads again this often. */
const ATTEMPTS = 3;

export type WithdrawalOutcome = 'withdrawn' | 'not-routed-yet' | 'unchanged' | 'in-payment-batch';

/**
 * The applicant withdrew items (or the whole application, or consent): each request a fund still works on
 * or approved and has not paid ends `withdrawn`, its budget, per-child limit and need are given back, and
 * `fund-request.withdrawn` is published with the change. Requests that ended already (fulfilled, declined,
 * unroutable, duplicate, not eligible, withdrawn) stay as they are, so a redelivered withdrawal changes
 * nothing. Items not routed yet are noted on the routing case and routing skips them (it stores them as
 * withdrawn, with `fund-request.withdrawn` without a fund).
 *
 * Known gap: a request in a payment batch stays with the batch, which pays it (the file may be at the bank
 * already); the fund sees the withdrawal in its history and a warning is logged.
 */
@Injectable()
export class WithdrawItemsUseCase {
  private readonly logger = new Logger(WithdrawItemsUseCase.name);

  constructor(
    @Inject(RoutingRepository) private readonly repository: RoutingRepository,
    @Inject(BudgetedRouting) private readonly budgeted: BudgetedRouting,
    @Inject(ChildLedger) private readonly children: ChildLedger,
  ) {}

  async onApplicationWithdrawn(event: EventEnvelope<Withdrawn>): Promise<void> {
    const { applicationId, itemIds, reason } = event.payload;
    // Noted on the case first, then the requests looked up: routing stores a request first and then reads
    // the case, so an item routed at this very moment is seen by one side or the other (or both: harmless).
    await this.repository.recordWithdrawnItems(applicationId, itemIds);
    for (const itemId of itemIds) {
      const outcome = await this.withdrawRequest(itemId, event, reason, applicationId);
      this.logger.log({ msg: 'Item withdrawn', applicationId, itemId, outcome });
    }
  }

  /** Withdraws one request if it is still open or approved and unpaid; says what happened. */
  async withdrawRequest(requestId: string, cause: EventEnvelope, reason?: WithdrawalReason, applicationId?: string): Promise<WithdrawalOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const request = await this.repository.findRequest(requestId);
      if (!request) return 'not-routed-yet';
      // An item id of another application: not this withdrawal's to stop.
      if (applicationId && request.applicationId !== applicationId) return 'unchanged';
      if (!WITHDRAWABLE.includes(request.status)) return 'unchanged';
      if (request.paymentBatchId) {
        await this.noteInPaymentBatch(request, reason);
        return 'in-payment-batch';
      }
      const now = new Date();
      const event = createEvent(fundRequestWithdrawnV1, {
        correlationId: request.applicationId,
        causationId: cause.id,
        producer: 'fund-routing',
        payload: { ...requestRef(request), fundId: request.fundId },
      });
      const update = {
        $set: { status: 'withdrawn', claimedBy: null, withdrawal: { reason: reason ?? 'withdrawn-by-applicant', at: now } },
        $unset: { claimedAt: '' },
        $push: { history: { at: now, fundId: request.fundId, status: 'withdrawn', ...(reason ? { reasonCode: reason } : {}) } },
      };
      // Guarded like a decision (status, fund, claim) and against a payment batch taking it meanwhile.
      const guard = { status: request.status, fundId: request.fundId, claimedBy: request.claimedBy ?? null, paymentBatchId: null };
      if (await this.repository.changeRequest(request.id, guard, update, [event])) {
        await this.release(request);
        return 'withdrawn';
      }
    }
    throw new Error(`Request ${requestId} kept changing while it was being withdrawn; trying again`);
  }

  private async release(request: FundRequest): Promise<void> {
    const context = reservationOf(request);
    if (request.fundId) await this.budgeted.release(request.fundId, context);
    if (request.childKey) await this.children.releaseNeed(request.childKey, request.category as never, context.year, request.id);
  }

  private async noteInPaymentBatch(request: FundRequest, reason?: WithdrawalReason): Promise<void> {
    this.logger.warn({
      msg: 'Withdrawn item is in a payment batch: the batch pays it',
      requestId: request.id,
      fundId: request.fundId,
      paymentBatchId: request.paymentBatchId,
    });
    const now = new Date();
    // Once, so that the fund sees it in the request's history; a redelivery finds it noted.
    await this.repository.changeRequest(
      request.id,
      { status: request.status, fundId: request.fundId, paymentBatchId: request.paymentBatchId ?? null, withdrawalRequestedAt: null },
      {
        $set: { withdrawalRequestedAt: now },
        $push: { history: { at: now, fundId: request.fundId, status: 'withdrawal-requested', ...(reason ? { reasonCode: reason } : {}) } },
      },
      [],
    );
  }
}
