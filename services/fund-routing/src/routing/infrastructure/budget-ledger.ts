import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DocumentStore, WriteConflictError, type StoreCollection } from '@fund-desk/platform';
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
}

interface ReservationDoc {
  _id: string;
  fundId: string;
  year: number;
  requestId: string;
  amountCents: number;
  at: Date;
}

const ATTEMPTS = 50;

/**
 * A fund's yearly budget: amounts are reserved when a request is routed to the fund, released when it is
 * declined or moves on, and spent when it is fulfilled. Never overspent: the totals are one small document
 * changed only as a whole read-decide-write on its version (the kit's `modify`: atomic under concurrent writers). Each
 * reservation is a document of its own (a unique insert; deleted exactly once to release or spend it), so
 * the budget document stays the same size however many requests a year brings. A crash between the two
 * writes leaves the totals off by one request; reconciliation recomputes them from the requests.
 */
@Injectable()
export class BudgetLedger {
  private readonly budgets: StoreCollection<BudgetDoc>;
  private readonly reservations: StoreCollection<ReservationDoc>;

  constructor(
    @InjectModel(MODELS.budget) budgets: Model<unknown>,
    @InjectModel(MODELS.reservation) reservations: Model<unknown>,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.budgets = store.collection<BudgetDoc>(budgets.collection);
    this.reservations = store.collection<ReservationDoc>(reservations.collection);
  }

  /** Reserves the amount for a request if the budget has room; true also when it was reserved before. */
  async reserve(fundId: string, year: number, allocatedCents: number, requestId: string, amountCents: number): Promise<boolean> {
    return this.hold(fundId, year, allocatedCents, requestId, amountCents, true);
  }

  /**
   * Reserves the amount for a request the fund has taken on whatever its budget says (an objection reopens a
   * request where it was declined), past the allocation if need be, as reconciliation would for an open
   * request. True when it fitted (or was reserved before), false when it went past the allocation.
   */
  async reserveRegardless(fundId: string, year: number, allocatedCents: number, requestId: string, amountCents: number): Promise<boolean> {
    if (await this.hold(fundId, year, allocatedCents, requestId, amountCents, true)) return true;
    await this.hold(fundId, year, allocatedCents, requestId, amountCents, false);
    return false;
  }

  private async hold(fundId: string, year: number, allocatedCents: number, requestId: string, amountCents: number, withinAllocation: boolean): Promise<boolean> {
    const id = reservationId(fundId, year, requestId);
    if (await this.reservations.findById(id)) return true;
    const room = (b: BudgetDoc) => !withinAllocation || b.reservedCents + b.spentCents + amountCents <= b.allocatedCents;
    if (!(await this.changeTotals(fundId, year, allocatedCents, amountCents, 0, room))) {
      return false;
    }
    if (!(await this.reservations.insertOnce({ _id: id, fundId, year, requestId, amountCents, at: new Date() }))) {
      // The same request reserved a moment ago by a redelivery: count it once.
      await this.changeTotals(fundId, year, allocatedCents, -amountCents, 0);
    }
    return true;
  }

  /** Gives a reservation back (declined, rerouted, withdrawn). Nothing happens when there is none. */
  async release(fundId: string, year: number, requestId: string): Promise<void> {
    await this.settle(fundId, year, requestId, 'release');
  }

  /** Turns a reservation into spending (fulfilled). */
  async spend(fundId: string, year: number, requestId: string): Promise<void> {
    await this.settle(fundId, year, requestId, 'spend');
  }

  /** Lowers a reservation to the amount approved (never raises it: more would need room checked again). */
  async lower(fundId: string, year: number, requestId: string, amountCents: number): Promise<void> {
    const id = reservationId(fundId, year, requestId);
    const reservation = await this.reservations.findById(id);
    if (!reservation || reservation.amountCents <= amountCents) return;
    if (await this.reservations.update(id, { $set: { amountCents } }, { amountCents: reservation.amountCents })) {
      await this.changeTotals(fundId, year, 0, amountCents - reservation.amountCents, 0);
    }
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

  /** The totals and the open reservations by request id, as they stand (reconciliation). */
  async snapshot(fundId: string, year: number, allocatedCents: number): Promise<BudgetDoc & { reservations: Record<string, number> }> {
    const budget = await this.load(fundId, year, allocatedCents);
    const docs = await this.reservations.find({ fundId, year });
    return { ...budget, reservations: Object.fromEntries(docs.map((r) => [r.requestId, r.amountCents])) };
  }

  /**
   * Puts the totals right (reconciliation), only if nobody changed them since `version` was read, then the
   * reservation documents: `remove` deleted, `put` added or set to their amount. False: read again.
   */
  async correct(fundId: string, year: number, version: number, fix: { reservedCents: number; spentCents: number; remove: string[]; put: Record<string, number> }): Promise<boolean> {
    const ok = await this.budgets.update(
      budgetId(fundId, year),
      { $set: { reservedCents: fix.reservedCents, spentCents: fix.spentCents, version: version + 1, reconciledAt: new Date() } },
      { version },
    );
    if (!ok) return false;
    for (const requestId of fix.remove) await this.reservations.delete(reservationId(fundId, year, requestId));
    for (const [requestId, amountCents] of Object.entries(fix.put)) {
      await this.reservations.upsert(reservationId(fundId, year, requestId), { $set: { amountCents }, $setOnInsert: { fundId, year, requestId, at: new Date() } });
    }
    return true;
  }

  private async settle(fundId: string, year: number, requestId: string, how: 'release' | 'spend'): Promise<void> {
    const id = reservationId(fundId, year, requestId);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const reservation = await this.reservations.findById(id);
      if (!reservation) return;
      // Whoever deletes the reservation settles it: a repeated release or spend finds nothing to delete. The amount
      // guard: a reservation lowered meanwhile (an approval of less) is settled at what it holds now.
      if (await this.reservations.delete(id, { amountCents: reservation.amountCents })) {
        await this.changeTotals(fundId, year, 0, -reservation.amountCents, how === 'spend' ? reservation.amountCents : 0);
        return;
      }
    }
    throw new Error(`Reservation ${id} is too busy; try again`);
  }

  /**
   * Adds to the totals if `allowed` holds for them as they stand; false when it does not. One read-decide-write of
   * the budget document (created with the allocation when missing), on the version it read.
   */
  private async changeTotals(fundId: string, year: number, allocatedCents: number, reserved: number, spent: number, allowed: (b: BudgetDoc) => boolean = () => true): Promise<boolean> {
    let applied = false;
    try {
      await this.budgets.modify(
        budgetId(fundId, year),
        (budget) => {
          applied = allowed(budget ?? { _id: budgetId(fundId, year), fundId, year, allocatedCents, reservedCents: 0, spentCents: 0, version: 1 });
          if (!applied) return null;
          return budget
            ? { $inc: { reservedCents: reserved, spentCents: spent } }
            : { $setOnInsert: { fundId, year, allocatedCents }, $inc: { reservedCents: reserved, spentCents: spent } };
        },
        ATTEMPTS,
      );
    } catch (error) {
      if (error instanceof WriteConflictError) throw new Error(`Budget ${fundId}/${year} is too busy; try again`);
      throw error;
    }
    return applied;
  }

  private async load(fundId: string, year: number, allocatedCents: number): Promise<BudgetDoc> {
    const id = budgetId(fundId, year);
    const existing = await this.budgets.findById(id);
    if (existing) return existing;
    const fresh: BudgetDoc = { _id: id, fundId, year, allocatedCents, reservedCents: 0, spentCents: 0, version: 1 };
    if (await this.budgets.insertOnce(fresh)) return fresh;
    return this.load(fundId, year, allocatedCents);
  }
}

const budgetId = (fundId: string, year: number) => `${fundId}:${year}`;
const reservationId = (fundId: string, year: number, requestId: string) => `${fundId}:${year}:${requestId}`;
