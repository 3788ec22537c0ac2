import { Inject, Injectable } from '@nestjs/common';
import type { Fund } from '../../domain/fund';
import { FundVerdict, routeItem, RoutingDecision, RoutingInput } from '../../domain/routing';
import { BudgetLedger } from '../../infrastructure/budget-ledger';

/**
 * Routing with budgets: the first fund that fits by its rules must also have room in this year's budget,
 * reserved at once for this request; a fund without room is passed over ("budget-exhausted") for the next.
 */
@Injectable()
export class BudgetedRouting {
  constructor(@Inject(BudgetLedger) private readonly ledger: BudgetLedger) {}

  async route(funds: Fund[], input: RoutingInput, requestId: string, year: number): Promise<RoutingDecision> {
    const exhausted: FundVerdict[] = [];
    let candidates = funds;
    for (;;) {
      const decision = routeItem(candidates, input);
      const fund = decision.fund;
      if (!fund) return { fund: null, explanation: [...exhausted, ...decision.explanation] };
      if (fund.yearlyBudgetCents === undefined || (await this.ledger.reserve(fund.id, year, fund.yearlyBudgetCents, requestId, input.amountCents))) {
        return { fund, explanation: [...exhausted, ...decision.explanation] };
      }
      exhausted.push({ fundId: fund.id, fits: false, reason: 'budget-exhausted' });
      candidates = candidates.filter((f) => f.id !== fund.id);
    }
  }

  release(fundId: string, year: number, requestId: string): Promise<void> {
    return this.ledger.release(fundId, year, requestId);
  }

  spend(fundId: string, year: number, requestId: string): Promise<void> {
    return this.ledger.spend(fundId, year, requestId);
  }
}
