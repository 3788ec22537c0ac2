import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '@fund-desk/platform';
import { BudgetLedger } from '../../infrastructure/budget-ledger';
import { RoutingRepository } from '../../infrastructure/routing.repository';

/** Requests in these statuses hold a reservation at their fund; a fulfilled one is spent. */
const HOLDING = ['routed', 'information-requested', 'approved'];

export interface ReconciliationReport {
  fundId: string;
  year: number;
  /** Reservations of requests that moved on or ended: given back. */
  released: string[];
  /** Open requests the budget did not hold: reserved now (even past the allocation: they were promised). */
  added: string[];
  /** Reservations of another amount than the request holds (approved for less): set to it. */
  resized: string[];
  spentBefore: number;
  spentAfter: number;
  /** Reservations of requests not stored (yet): kept, routing may be storing them right now. */
  unknown: string[];
}

/**
 * The requests are the truth; a fund's budget says what they say. A crash between a request's change and
 * its budget change (decisions.md §13) leaves a reservation behind or misses one; this puts it right:
 * reservations = what open requests ask, spent = what fulfilled requests cost.
 */
@Injectable()
export class ReconcileBudgetsUseCase {
  private readonly logger = new Logger(ReconcileBudgetsUseCase.name);

  constructor(
    @Inject(RoutingRepository) private readonly requests: RoutingRepository,
    @Inject(BudgetLedger) private readonly ledger: BudgetLedger,
  ) {}

  async reconcileAll(years: number[]): Promise<ReconciliationReport[]> {
    const reports: ReconciliationReport[] = [];
    for (const fund of await this.requests.listFunds()) {
      if (fund.yearlyBudgetCents === undefined) continue;
      for (const year of years) reports.push(await this.reconcile(fund.id, year));
    }
    return reports;
  }

  async reconcile(fundId: string, year: number): Promise<ReconciliationReport> {
    const fund = await this.requests.fund(fundId);
    if (!fund) throw new NotFoundError('Fund', fundId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const budget = await this.ledger.snapshot(fundId, year, fund.yearlyBudgetCents ?? 0);
      const held = await this.requests.requestsOfFundForYear(fundId, year);
      const reservations: Record<string, number> = {};
      for (const r of held) if (HOLDING.includes(r.status)) reservations[r.id] = r.amountCents;
      const spentAfter = held.filter((r) => r.status === 'fulfilled').reduce((sum, r) => sum + r.amountCents, 0);
      const unknown: string[] = [];
      const released: string[] = [];
      for (const [id, amount] of Object.entries(budget.reservations)) {
        if (reservations[id] !== undefined) continue;
        if (await this.requests.findRequest(id)) released.push(id);
        else {
          unknown.push(id);
          reservations[id] = amount;
        }
      }
      const added = Object.keys(reservations).filter((id) => budget.reservations[id] === undefined);
      const resized = Object.keys(reservations).filter((id) => budget.reservations[id] !== undefined && budget.reservations[id] !== reservations[id]);
      const reservedCents = Object.values(reservations).reduce((sum, amount) => sum + amount, 0);
      const report = { fundId, year, released, added, resized, spentBefore: budget.spentCents, spentAfter, unknown };
      const right = !released.length && !added.length && !resized.length && spentAfter === budget.spentCents && reservedCents === budget.reservedCents;
      if (right) return report;
      const put = Object.fromEntries([...added, ...resized].map((id) => [id, reservations[id]]));
      if (await this.ledger.correct(fundId, year, budget.version, { reservedCents, spentCents: spentAfter, remove: released, put })) {
        this.logger.warn({ msg: 'Budget put right from its requests', ...report, reservedBefore: budget.reservedCents, reservedAfter: reservedCents });
        return report;
      }
    }
    throw new Error(`Budget ${fundId}/${year} kept changing during reconciliation; try again`);
  }
}
