import { Inject, Injectable, Logger } from '@nestjs/common';
import { applicationObjectionFiledV1, createEvent, EventEnvelope, fundRequestReopenedV1, PayloadOf } from '@fund-desk/contracts';
import { ChildLedger } from '../../infrastructure/child-ledger';
import { LIVE_STATUSES, RoutingRepository } from '../../infrastructure/routing.repository';
import { BudgetedRouting } from '../route-application/budgeted-routing';
import { requestRef, reservationOf } from '../request-context';

type ObjectionFiled = PayloadOf<typeof applicationObjectionFiledV1>;

/** Someone else changed the request between reading and writing: read it again this often. */
const ATTEMPTS = 3;

/**
 * The applicant objected to a decline (applications checks the 6 weeks): a request declined for good is
 * `routed` again at the fund that declined it last, with its history, the objection (reasons and date) for
 * that fund's staff, the budget and per-child limit reserved there again and the child's need claimed
 * again; `fund-request.reopened` is published with the change. Anything but a declined request (unknown,
 * still open, reopened already by a redelivery) is left alone.
 *
 * The fund has to look at it again whatever its room: when its budget or a per-child limit has none, the
 * request is reopened all the same, the amount held past the limit (as reconciliation would hold it for an
 * open request) and a note in its history says which limit, for the fund to weigh. Likewise when another
 * request holds the same need meanwhile (a note 'duplicate'): the fund decides.
 */
@Injectable()
export class ReopenRequestUseCase {
  private readonly logger = new Logger(ReopenRequestUseCase.name);

  constructor(
    @Inject(RoutingRepository) private readonly repository: RoutingRepository,
    @Inject(BudgetedRouting) private readonly budgeted: BudgetedRouting,
    @Inject(ChildLedger) private readonly children: ChildLedger,
  ) {}

  async onObjectionFiled(event: EventEnvelope<ObjectionFiled>): Promise<void> {
    const { applicationId, itemId, reason, filedAt } = event.payload;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const request = await this.repository.findRequest(itemId);
      if (!request || request.applicationId !== applicationId || request.status !== 'declined' || !request.fundId) {
        this.logger.log({ msg: 'Objection to a request that is not declined: nothing to reopen', applicationId, itemId, status: request?.status ?? null });
        return;
      }
      const fund = await this.repository.fund(request.fundId);
      if (!fund) {
        this.logger.warn({ msg: 'Objection to a request of a fund that no longer exists', applicationId, itemId, fundId: request.fundId });
        return;
      }
      const context = reservationOf(request);
      const short = await this.budgeted.reserveRegardless(fund, { category: request.category as never, childAge: request.childAge, amountCents: request.amountCents }, context);
      const heldBy = request.childKey
        ? await this.children.claimNeed(request.childKey, request.category as never, context.year, request.id, async (id) => {
            const holder = await this.repository.findRequest(id);
            return holder ? LIVE_STATUSES.includes(holder.status) : null;
          })
        : null;
      const now = new Date();
      const notes = [...short, ...(heldBy ? ['duplicate'] : [])].map((code) => ({ at: now, fundId: fund.id, status: 'note', reasonCode: code }));
      const reopened = createEvent(fundRequestReopenedV1, {
        correlationId: applicationId,
        causationId: event.id,
        producer: 'fund-routing',
        payload: { ...requestRef(request), fundId: fund.id, fundName: fund.name },
      });
      const update = {
        $set: { status: 'routed', objection: { reason, filedAt: new Date(filedAt) }, claimedBy: null },
        $unset: { decision: '', claimedAt: '' },
        $push: { history: { $each: [{ at: now, fundId: fund.id, status: 'objection' }, ...notes] } },
      };
      if (await this.repository.changeRequest(request.id, { status: 'declined', fundId: fund.id, claimedBy: request.claimedBy ?? null }, update, [reopened])) {
        if (notes.length) this.logger.warn({ msg: 'Reopened past a limit or need: the fund decides', requestId: request.id, fundId: fund.id, notes: notes.map((n) => n.reasonCode) });
        return;
      }
      // Lost a race: the next round reads it again (reopened by a redelivery meanwhile: it shares this
      // reservation, which is kept; still declined: reserving again finds it held).
    }
    throw new Error(`Request ${itemId} kept changing while it was being reopened; trying again`);
  }
}
