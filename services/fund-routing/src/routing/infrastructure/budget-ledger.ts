import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { GuardedUpdates } from '@fund-desk/platform';
import { MODELS } from './routing.schemas';

export interface BudgetView {
  fundId: string;
  year: number;
  allocatedCents: number;
  reservedCents: number;
  spentCents: number;
  leftCents: number;
}

export interface BudgetDoc {
  _id: string;
  fundId: string;
  year: number;
  allocatedCents: number;
  reservedCents: number;
  spentCents: number;
  version: number;
  /** Open reservations by request id, so reserving, releasing and spending are each done once. */
  reservations: Record<string, number>;
}

const ATTEMPTS = 50;

/**
 * A fund's yearly budget: amounts are reserved when a request is routed to the fund, released when it is
 * declined or moves on, and spent when it is fulfilled. Never overspent: every change is a guarded update
 * on the budget's version, retried when someone else changed it first.
 */
@Injectable()
export class BudgetLedger {
  constructor(
    @InjectModel(MODELS.budget) private readonly budgets: Model<unknown>,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
  ) {}

  private get collection() {
    return this.budgets.collection;
  }

  /** Reserves the amount for a request if the budget has room; true also when it was reserved before. */
  async reserve(fundId: string, year: number, allocatedCents: number, requestId: string, amountCents: number): Promise<boolean> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const budget = await this.load(fundId, year, allocatedCents);
      if (budget.reservations[requestId] !== undefined) return true;
      if (budget.reservedCents + budget.spentCents + amountCents > budget.allocatedCents) return false;
      const ok = await this.guarded.updateOne(this.collection as never, budget._id, { version: budget.version }, {
        $inc: { reservedCents: amountCents, version: 1 },
        $set: { [`reservations.${requestId}`]: amountCents },
      });
      if (ok) return true;
    }
    throw new Error(`Budget ${fundId}/${year} is too busy; try again`);
  }

  /** Gives a reservation back (declined, rerouted, withdrawn). Nothing happens when there is none. */
  async release(fundId: string, year: number, requestId: string): Promise<void> {
    await this.settle(fundId, year, requestId, 'release');
  }

  /** Lowers a reservation to the amount approved (never raises it: more would need room checked again). */
  async lower(fundId: string, year: number, requestId: string, amountCents: number): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const budget = (await this.collection.findOne({ _id: `${fundId}:${year}` } as never)) as BudgetDoc | null;
      const reserved = budget?.reservations?.[requestId];
      if (!budget || reserved === undefined || reserved <= amountCents) return;
      const ok = await this.guarded.updateOne(this.collection as never, budget._id, { version: budget.version }, {
        $inc: { reservedCents: amountCents - reserved, version: 1 },
        $set: { [`reservations.${requestId}`]: amountCents },
      });
      if (ok) return;
    }
    throw new Error(`Budget ${fundId}/${year} is too busy; try again`);
  }

  /** Turns a reservation into spending (fulfilled). */
  async spend(fundId: string, year: number, requestId: string): Promise<void> {
    await this.settle(fundId, year, requestId, 'spend');
  }

  async view(fundId: string, year: number, allocatedCents: number): Promise<BudgetView> {
    const b = await this.load(fundId, year, allocatedCents);
    return {
      fundId,
      year,
      allocatedCents: b.allocatedCents,
      reservedCents: b.reservedCents,
      spentCents: b.spentCents,
      leftCents: b.allocatedCents - b.reservedCents - b.spentCents,
    };
  }

  /** The budget document as it stands: totals, open reservations and the version that guards a change. */
  async snapshot(fundId: string, year: number, allocatedCents: number): Promise<BudgetDoc> {
    return this.load(fundId, year, allocatedCents);
  }

  /**
   * Puts the reservations and the spending right (reconciliation): only if nobody changed the budget since
   * `version` was read; false otherwise, and the caller reads again.
   */
  async correct(fundId: string, year: number, version: number, reservations: Record<string, number>, spentCents: number): Promise<boolean> {
    const reservedCents = Object.values(reservations).reduce((sum, amount) => sum + amount, 0);
    return this.guarded.updateOne(this.collection as never, `${fundId}:${year}`, { version }, {
      $set: { reservations, reservedCents, spentCents, version: version + 1, reconciledAt: new Date() },
    });
  }

  private async settle(fundId: string, year: number, requestId: string, how: 'release' | 'spend'): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const budget = (await this.collection.findOne({ _id: `${fundId}:${year}` } as never)) as BudgetDoc | null;
      const amount = budget?.reservations?.[requestId];
      if (!budget || amount === undefined) return;
      const ok = await this.guarded.updateOne(this.collection as never, budget._id, { version: budget.version }, {
        $inc: { reservedCents: -amount, version: 1, ...(how === 'spend' ? { spentCents: amount } : {}) },
        $unset: { [`reservations.${requestId}`]: '' },
      });
      if (ok) return;
    }
    throw new Error(`Budget ${fundId}/${year} is too busy; try again`);
  }

  private async load(fundId: string, year: number, allocatedCents: number): Promise<BudgetDoc> {
    const id = `${fundId}:${year}`;
    const existing = (await this.collection.findOne({ _id: id } as never)) as BudgetDoc | null;
    if (existing) return { ...existing, reservations: existing.reservations ?? {} };
    const fresh: BudgetDoc = { _id: id, fundId, year, allocatedCents, reservedCents: 0, spentCents: 0, version: 1, reservations: {} };
    try {
      await this.collection.insertOne(fresh as never);
      return fresh;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return this.load(fundId, year, allocatedCents);
    }
  }
}
