import { Inject, Injectable } from '@nestjs/common';
import {
  createEvent,
  DeclineReason,
  EventEnvelope,
  FulfilmentMethod,
  fundRequestDecidedV1,
  fundRequestFulfilledV1,
  fundRequestReroutedV1,
  fundRequestAnsweredV1,
  IncomeCheckCompleted,
} from '@fund-desk/contracts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailed } from '@fund-desk/platform';
import type { Fund } from '../../domain/fund';
import { BudgetedRouting, ReservationContext } from '../route-application/budgeted-routing';
import { ChildLedger } from '../../infrastructure/child-ledger';
import { FundRequest, RoutingRepository } from '../../infrastructure/routing.repository';

export interface DecideCommand {
  fundId: string;
  requestId: string;
  decidedBy: string;
  decision: 'approve' | 'decline' | 'request-information';
  reasonCode?: DeclineReason;
  message?: string;
  /** Approve less than was asked (in cents); the rest goes back to the budget. */
  amountCents?: number;
}

export interface FulfilCommand {
  fundId: string;
  requestId: string;
  fulfilledBy: string;
  method: FulfilmentMethod;
  reference?: string;
}

const OPEN = ['routed', 'information-requested'];

/** The fields every event about a request carries. */
const requestRef = (request: FundRequest) => ({
  requestId: request.id,
  applicationId: request.applicationId,
  itemId: request.itemId,
  childRef: request.childRef,
  category: request.category as never,
});

/** A staff action has no causing event: it is a person's decision. */
const staffAction = (request: FundRequest) => ({ correlationId: request.applicationId, causationId: null, producer: 'fund-routing' });

/**
 * Fund staff decide on a request routed to their fund. A decline moves the item on to the next fund that
 * fits (never back to a fund that declined it), keeping its history; with none left it stays declined.
 * Two staff deciding at once: the status guard lets one win, the other gets a conflict.
 */
@Injectable()
export class DecideRequestUseCase {
  constructor(
    @Inject(RoutingRepository) private readonly repository: RoutingRepository,
    @Inject(BudgetedRouting) private readonly budgeted: BudgetedRouting,
    @Inject(ChildLedger) private readonly children: ChildLedger,
  ) {}

  async decide(command: DecideCommand): Promise<FundRequest> {
    const request = await this.openRequest(command.fundId, command.requestId);
    this.assertNotClaimedByOther(request, command.decidedBy);
    if (command.decision === 'decline' && !command.reasonCode) {
      throw new ValidationFailed([{ pointer: '/reasonCode', code: 'required', detail: 'a reason code is required to decline' }]);
    }
    if (command.decision === 'approve' && request.endorsementRequired) {
      throw new ConflictError('ENDORSEMENT_REQUIRED', 'This fund approves only after an intermediary endorsed the request');
    }
    if (command.amountCents !== undefined && (command.decision !== 'approve' || command.amountCents < 1 || command.amountCents > request.amountCents)) {
      throw new ValidationFailed([{ pointer: '/amountCents', code: 'max', detail: `only to approve, from 1 up to the ${request.amountCents} cents asked` }]);
    }
    if (command.decision === 'request-information' && !command.message) {
      throw new ValidationFailed([{ pointer: '/message', code: 'required', detail: 'the question for the applicant is required' }]);
    }
    const funds = await this.repository.listFunds();
    const fund = funds.find((f) => f.id === command.fundId)!;
    const now = new Date();
    const approvedCents = command.amountCents ?? request.amountCents;
    const entry = { at: now, fundId: fund.id, by: command.decidedBy, ...(command.reasonCode ? { reasonCode: command.reasonCode } : {}), ...(command.message ? { message: command.message } : {}) };
    const decided = (decision: 'approved' | 'declined' | 'information-requested', rerouted: boolean) =>
      createEvent(fundRequestDecidedV1, {
        ...staffAction(request),
        payload: {
          ...requestRef(request),
          fundId: fund.id,
          fundName: fund.name,
          decision,
          amountCents: decision === 'approved' ? approvedCents : request.amountCents,
          ...(command.reasonCode ? { reasonCode: command.reasonCode } : {}),
          ...(command.message ? { message: command.message } : {}),
          rerouted,
        },
      });

    let update: Record<string, unknown>;
    let events: EventEnvelope[];
    let reservedAtNext: string | null = null;
    if (command.decision === 'approve') {
      update = {
        $set: { status: 'approved', decision: { at: now }, ...(approvedCents < request.amountCents ? { approvedAmountCents: approvedCents } : {}) },
        $push: { history: { ...entry, status: 'approved', ...(approvedCents < request.amountCents ? { amountCents: approvedCents } : {}) } },
      };
      events = [decided('approved', false)];
    } else if (command.decision === 'request-information') {
      update = { $set: { status: 'information-requested', decision: { at: now, message: command.message } }, $push: { history: { ...entry, status: 'information-requested' } } };
      events = [decided('information-requested', false)];
    } else {
      ({ update, events, reservedAtNext } = await this.declineAndReroute(request, fund, funds, entry, decided));
    }
    const context = this.reservationOf(request);
    if (!(await this.repository.changeRequest(request.id, this.guardOf(request), update, events))) {
      // Lost the race: give back what was reserved at the next fund for a reroute that will not happen.
      if (reservedAtNext) await this.budgeted.release(reservedAtNext, context);
      throw new ConflictError('ALREADY_DECIDED', 'Someone decided on this request a moment ago');
    }
    if (command.decision === 'approve' && approvedCents < request.amountCents) await this.budgeted.lower(fund.id, context, approvedCents);
    if (command.decision === 'decline') {
      await this.budgeted.release(fund.id, context);
      // Declined by every fund that fits: the need is free again for a new request.
      if (!reservedAtNext && request.childKey) await this.children.releaseNeed(request.childKey, request.category as never, context.year, request.id);
    }
    return (await this.repository.findRequest(request.id))!;
  }

  /**
   * An intermediary of the child's municipality (teacher, wijkteam, debt counsellor, coach) endorses a
   * request for a fund that needs it; until then the fund may not approve it.
   */
  async endorse(command: { fundId: string; requestId: string; intermediary: string; municipalityCode?: string }): Promise<FundRequest> {
    const request = await this.openRequest(command.fundId, command.requestId);
    if (!request.endorsementRequired) throw new ConflictError('NOT_NEEDED', 'This request needs no endorsement');
    if (command.municipalityCode !== request.municipalityCode) {
      throw new ForbiddenError('Only an intermediary of the municipality the family lives in can endorse');
    }
    const now = new Date();
    const changed = await this.repository.changeRequest(
      request.id,
      this.guardOf(request),
      {
        $set: { endorsementRequired: false, endorsement: { by: command.intermediary, at: now } },
        $push: { history: { at: now, fundId: request.fundId, status: 'endorsed', by: command.intermediary } },
      },
      [],
    );
    if (!changed) throw new ConflictError('ALREADY_DECIDED', 'The request changed a moment ago');
    return (await this.repository.findRequest(request.id))!;
  }

  /**
   * The applicant answers the fund's question: the answer is kept on the request, which goes back into the
   * fund's queue. Only the parent or intermediary who applied may answer.
   */
  async answer(command: { fundId: string; requestId: string; subject: string; text: string }): Promise<FundRequest> {
    const request = await this.repository.findRequest(command.requestId);
    const routingCase = request ? await this.repository.findCase(request.applicationId) : null;
    const applicant = (routingCase?.application as { applicant?: { subject?: string } } | undefined)?.applicant?.subject;
    if (!request || request.fundId !== command.fundId || applicant !== command.subject) throw new NotFoundError('Request', command.requestId);
    if (request.status !== 'information-requested') throw new ConflictError('NO_QUESTION', 'The fund has no open question on this request');
    const fund = (await this.repository.fund(command.fundId))!;
    const now = new Date();
    const event = createEvent(fundRequestAnsweredV1, {
      correlationId: request.applicationId,
      causationId: null,
      producer: 'fund-routing',
      payload: { ...requestRef(request), fundId: fund.id, fundName: fund.name, answer: command.text },
    });
    const changed = await this.repository.changeRequest(
      request.id,
      this.guardOf(request),
      {
        $set: { status: 'routed' },
        $push: { answers: { at: now, by: command.subject, text: command.text }, history: { at: now, fundId: fund.id, status: 'answered', by: command.subject } },
      },
      [event],
    );
    if (!changed) throw new ConflictError('ALREADY_DECIDED', 'The request changed a moment ago');
    return (await this.repository.findRequest(request.id))!;
  }

  /** A staff member takes a request: colleagues see who works on it and cannot decide it meanwhile. */
  async claim(command: { fundId: string; requestId: string; by: string }): Promise<FundRequest> {
    const request = await this.repository.findRequest(command.requestId);
    if (!request || request.fundId !== command.fundId) throw new NotFoundError('Request', command.requestId);
    if (![...OPEN, 'approved'].includes(request.status)) throw new ConflictError('ALREADY_DECIDED', `A request that is ${request.status} needs no more work`);
    if (request.claimedBy === command.by) return request;
    this.assertNotClaimedByOther(request, command.by);
    const now = new Date();
    const changed = await this.repository.changeRequest(
      request.id,
      this.guardOf(request),
      { $set: { claimedBy: command.by, claimedAt: now }, $push: { history: { at: now, fundId: request.fundId, status: 'claimed', by: command.by } } },
      [],
    );
    if (!changed) throw new ConflictError('ALREADY_CLAIMED', 'Someone took or changed this request a moment ago');
    return (await this.repository.findRequest(request.id))!;
  }

  /** Gives a claimed request back to the fund's queue: by the one who claimed it, or by a colleague who takes over (force). */
  async unclaim(command: { fundId: string; requestId: string; by: string }): Promise<FundRequest> {
    const request = await this.repository.findRequest(command.requestId);
    if (!request || request.fundId !== command.fundId) throw new NotFoundError('Request', command.requestId);
    if (!request.claimedBy) return request;
    const now = new Date();
    const changed = await this.repository.changeRequest(
      request.id,
      this.guardOf(request),
      { $set: { claimedBy: null }, $unset: { claimedAt: '' }, $push: { history: { at: now, fundId: request.fundId, status: 'unclaimed', by: command.by } } },
      [],
    );
    if (!changed) throw new ConflictError('ALREADY_CLAIMED', 'Someone took or changed this request a moment ago');
    return (await this.repository.findRequest(request.id))!;
  }

  async fulfil(command: FulfilCommand & { paymentBatchId?: string }): Promise<FundRequest> {
    const request = await this.repository.findRequest(command.requestId);
    if (!request || request.fundId !== command.fundId) throw new NotFoundError('Request', command.requestId);
    if (request.status !== 'approved') throw new ConflictError('NOT_APPROVED', `A request that is ${request.status} cannot be fulfilled`);
    // Paid by a SEPA batch: recorded when the batch is marked paid, never by hand as well (no double payment).
    if (request.paymentBatchId && request.paymentBatchId !== command.paymentBatchId) {
      throw new ConflictError('IN_PAYMENT_BATCH', `This request is paid through payment batch ${request.paymentBatchId}`);
    }
    const fund = (await this.repository.listFunds()).find((f) => f.id === command.fundId)!;
    const now = new Date();
    const event = createEvent(fundRequestFulfilledV1, {
      ...staffAction(request),
      payload: {
        ...requestRef(request),
        fundId: fund.id,
        fundName: fund.name,
        method: command.method,
        ...(command.reference ? { reference: command.reference } : {}),
      },
    });
    const update = {
      $set: { status: 'fulfilled', fulfilment: { method: command.method, ...(command.reference ? { reference: command.reference } : {}), at: now } },
      $push: { history: { at: now, fundId: fund.id, status: 'fulfilled', by: command.fulfilledBy } },
    };
    if (!(await this.repository.changeRequest(request.id, { status: 'approved', fundId: request.fundId, paymentBatchId: request.paymentBatchId ?? null }, update, [event]))) {
      throw new ConflictError('ALREADY_FULFILLED', 'This request was fulfilled a moment ago');
    }
    await this.budgeted.spend(fund.id, this.reservationOf(request));
    return (await this.repository.findRequest(request.id))!;
  }

  /** The state a change expects: same status, fund and claim as when it was read (someone else changing any of them wins). */
  private guardOf(request: FundRequest): { status: string; fundId: string | null; claimedBy: string | null } {
    return { status: request.status, fundId: request.fundId, claimedBy: request.claimedBy ?? null };
  }

  private assertNotClaimedByOther(request: FundRequest, subject: string): void {
    if (request.claimedBy && request.claimedBy !== subject) {
      throw new ConflictError('CLAIMED_BY_OTHER', `${request.claimedBy} is working on this request; ask them, or take it over first`);
    }
  }

  private reservationOf(request: FundRequest): ReservationContext {
    return { requestId: request.id, year: request.budgetYear ?? new Date(request.routedAt).getUTCFullYear(), childKey: request.childKey };
  }

  private async openRequest(fundId: string, requestId: string): Promise<FundRequest> {
    const request = await this.repository.findRequest(requestId);
    // This fund declined it a moment ago and it moved on: a decision was made, so a conflict, not "not found".
    if (request && request.fundId !== fundId && request.declinedBy?.includes(fundId)) {
      throw new ConflictError('ALREADY_DECIDED', 'This fund already declined this request');
    }
    if (!request || request.fundId !== fundId) throw new NotFoundError('Request', requestId);
    if (!OPEN.includes(request.status)) throw new ConflictError('ALREADY_DECIDED', `This request was already ${request.status}`);
    return request;
  }

  private async declineAndReroute(
    request: FundRequest,
    fund: Fund,
    funds: Fund[],
    entry: Record<string, unknown>,
    decided: (decision: 'declined', rerouted: boolean) => EventEnvelope,
  ): Promise<{ update: Record<string, unknown>; events: EventEnvelope[]; reservedAtNext: string | null }> {
    const declinedBy = [...new Set([...(request.declinedBy ?? []), fund.id])];
    const routingCase = await this.repository.findCase(request.applicationId);
    const check = routingCase?.incomeCheck as IncomeCheckCompleted | undefined;
    const routing = check
      ? await this.budgeted.route(
          funds.filter((f) => !declinedBy.includes(f.id)),
          {
            municipalityCode: request.municipalityCode,
            category: request.category as never,
            amountCents: request.amountCents,
            childAge: request.childAge,
            normRatioPpm: check.normRatioPpm ?? Number.MAX_SAFE_INTEGER,
            circumstances: check.circumstances,
          },
          this.reservationOf(request),
        )
      : null;
    const next = routing?.fund ?? null;
    const history = { ...entry, status: 'declined' };
    if (!next) {
      return {
        update: { $set: { status: 'declined', declinedBy, decision: { at: new Date(), reasonCode: entry.reasonCode } }, $push: { history } },
        events: [decided('declined', false)],
        reservedAtNext: null,
      };
    }
    const explanation = routing!.explanation;
    const catalogueVersion = funds.reduce((sum, f) => sum + f.version, 0);
    const rerouted = createEvent(fundRequestReroutedV1, {
      ...staffAction(request),
      payload: {
        ...requestRef(request),
        amountCents: request.amountCents,
        fromFundId: fund.id,
        fundId: next.id,
        fundName: next.name,
        catalogueVersion,
        explanation,
      },
    });
    return {
      update: {
        $set: {
          status: 'routed',
          fundId: next.id,
          fundVersion: next.version,
          declinedBy,
          explanation,
          catalogueVersion,
          endorsementRequired: next.needsEndorsement,
          routedAt: new Date(),
          claimedBy: null,
        },
        $push: { history },
      },
      events: [decided('declined', true), rerouted],
      reservedAtNext: next.id,
    };
  }
}
