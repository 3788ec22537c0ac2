import { Inject, Injectable } from '@nestjs/common';
import type { Fund } from '../../domain/fund';
import { FundVerdict, routeItem, RoutingDecision, RoutingInput } from '../../domain/routing';
import type { ChildLimitBreach } from '../../domain/child-limits';
import { BudgetLedger } from '../../infrastructure/budget-ledger';
import { ChildLedger } from '../../infrastructure/child-ledger';

/** Who the request is for and when: the child's pseudonymous key (absent in events from before it existed) and the budget year. */
export interface ReservationContext {
  requestId: string;
  year: number;
  childKey?: string;
}

/**
 * Routing with reservations: the first fund that fits by its rules must also have room under its per-child
 * limits for this child and in this year's budget, both reserved at once for this request; a fund without
 * room is passed over ("child-amount-reached", "child-count-reached", "budget-exhausted") for the next.
 */
@Injectable()
export class BudgetedRouting {
  constructor(
    @Inject(BudgetLedger) private readonly ledger: BudgetLedger,
    @Inject(ChildLedger) private readonly children: ChildLedger,
  ) {}

  async route(funds: Fund[], input: RoutingInput, context: ReservationContext): Promise<RoutingDecision> {
    const passedOver: FundVerdict[] = [];
    let candidates = funds;
    for (;;) {
      const decision = routeItem(candidates, input);
      const fund = decision.fund;
      if (!fund) return { fund: null, explanation: [...passedOver, ...decision.explanation] };
      const breach = context.childKey
        ? await this.children.reserve(fund, context.childKey, context.requestId, {
            category: input.category,
            childAge: input.childAge,
            amountCents: input.amountCents,
            year: context.year,
          })
        : null;
      if (!breach) {
        if (fund.yearlyBudgetCents === undefined || (await this.ledger.reserve(fund.id, context.year, fund.yearlyBudgetCents, context.requestId, input.amountCents))) {
          return { fund, explanation: [...passedOver, ...decision.explanation] };
        }
        if (context.childKey) await this.children.release(fund.id, context.childKey, context.requestId);
      }
      passedOver.push({ fundId: fund.id, fits: false, reason: breach ?? 'budget-exhausted' });
      candidates = candidates.filter((f) => f.id !== fund.id);
    }
  }

  /**
   * Reserves at one fund that takes the request on whatever its room (an objection reopens it where it was
   * declined): held past the budget or a per-child limit if need be. Returns what had no room, for the fund's
   * staff to weigh; empty when everything fitted.
   */
  async reserveRegardless(fund: Fund, input: Pick<RoutingInput, 'category' | 'childAge' | 'amountCents'>, context: ReservationContext): Promise<(ChildLimitBreach | 'budget-exhausted')[]> {
    const short: (ChildLimitBreach | 'budget-exhausted')[] = [];
    if (context.childKey) {
      const breach = await this.children.reserve(fund, context.childKey, context.requestId, { ...input, year: context.year }, true);
      if (breach) short.push(breach);
    }
    if (fund.yearlyBudgetCents !== undefined && !(await this.ledger.reserveRegardless(fund.id, context.year, fund.yearlyBudgetCents, context.requestId, input.amountCents))) {
      short.push('budget-exhausted');
    }
    return short;
  }

  /** Gives back what a fund holds for a request: its budget and the child's limits. */
  async release(fundId: string, context: ReservationContext): Promise<void> {
    await this.ledger.release(fundId, context.year, context.requestId);
    if (context.childKey) await this.children.release(fundId, context.childKey, context.requestId);
  }

  /** The fund approved less than was asked: it holds only that much, in its budget and for the child. */
  async lower(fundId: string, context: ReservationContext, amountCents: number): Promise<void> {
    await this.ledger.lower(fundId, context.year, context.requestId, amountCents);
    if (context.childKey) await this.children.lower(fundId, context.childKey, context.requestId, amountCents);
  }

  spend(fundId: string, context: ReservationContext): Promise<void> {
    return this.ledger.spend(fundId, context.year, context.requestId);
  }
}
