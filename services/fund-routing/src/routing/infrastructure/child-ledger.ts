import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Category } from '@fund-desk/contracts';
import { GuardedUpdates, isDuplicateKey } from '@fund-desk/platform';
import { ChildEntry, ChildLimitBreach, childLimitBreach, ChildRequest, stillCounting } from '../domain/child-limits';
import type { Fund } from '../domain/fund';
import { MODELS } from './routing.schemas';

interface ChildLimitsDoc {
  _id: string;
  fundId: string;
  childKey: string;
  version: number;
  /** What the fund holds or gave for this child, by request id: reserving and releasing each happen once. */
  entries: Record<string, ChildEntry>;
}

interface NeedDoc {
  _id: string;
  requestId: string;
  at: Date;
}

const ATTEMPTS = 50;
/** A marker whose request never got stored (a crash in between) is taken over after this long. */
const ORPHAN_AFTER_MS = 5 * 60_000;

/**
 * Per child (by the pseudonymous child key, never a name) and per fund: what the fund reserved or paid, so
 * its per-child limits hold across applications and under concurrent requests (one document per fund and
 * child, changed only by a guarded update on its version). And per child, need and year: which request
 * holds that need, so the same need is flagged as a duplicate instead of routed twice.
 */
@Injectable()
export class ChildLedger {
  constructor(
    @InjectModel(MODELS.childLimits) private readonly limits: Model<unknown>,
    @InjectModel(MODELS.childNeed) private readonly needs: Model<unknown>,
    @Inject(GuardedUpdates) private readonly guarded: GuardedUpdates,
  ) {}

  /**
   * Reserves the request against the fund's per-child limits; null when it fits (or was reserved before), else
   * the limit it breaks. `regardless`: the fund takes it on all the same (an objection reopened it), so it is
   * recorded even past a limit, and the breach is still reported.
   */
  async reserve(fund: Fund, childKey: string, requestId: string, request: ChildRequest, regardless = false): Promise<ChildLimitBreach | null> {
    if (!fund.childLimits.some((l) => l.categories.includes(request.category))) return null;
    const id = `${fund.id}:${childKey}`;
    const entry: ChildEntry = { year: request.year, category: request.category, amountCents: request.amountCents };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = (await this.limits.collection.findOne({ _id: id } as never)) as ChildLimitsDoc | null;
      if (!doc) {
        const breach = childLimitBreach(fund.childLimits, request, []);
        if (breach && !regardless) return breach;
        try {
          await this.limits.collection.insertOne({ _id: id, fundId: fund.id, childKey, version: 1, entries: { [requestId]: entry } } as never);
          return breach;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue;
        }
      }
      const entries = doc.entries ?? {};
      if (entries[requestId]) return null;
      const breach = childLimitBreach(fund.childLimits, request, Object.values(entries));
      if (breach && !regardless) return breach;
      const expired = Object.entries(entries).filter(([, e]) => !stillCounting(fund.childLimits, request.year, e));
      const ok = await this.guarded.updateOne(this.limits.collection as never, id, { version: doc.version }, {
        $set: { [`entries.${requestId}`]: entry },
        $inc: { version: 1 },
        ...(expired.length ? { $unset: Object.fromEntries(expired.map(([rid]) => [`entries.${rid}`, ''])) } : {}),
      });
      if (ok) return breach;
    }
    throw new Error(`Child limits ${id} are too busy; try again`);
  }

  /** Gives a reservation back (declined, moved on, withdrawn). Nothing happens when there is none. */
  async release(fundId: string, childKey: string, requestId: string): Promise<void> {
    const id = `${fundId}:${childKey}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = (await this.limits.collection.findOne({ _id: id } as never)) as ChildLimitsDoc | null;
      if (!doc?.entries?.[requestId]) return;
      const ok = await this.guarded.updateOne(this.limits.collection as never, id, { version: doc.version }, {
        $unset: { [`entries.${requestId}`]: '' },
        $inc: { version: 1 },
      });
      if (ok) return;
    }
    throw new Error(`Child limits ${id} are too busy; try again`);
  }

  /** Lowers what the fund holds for the child to the amount approved. */
  async lower(fundId: string, childKey: string, requestId: string, amountCents: number): Promise<void> {
    const id = `${fundId}:${childKey}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = (await this.limits.collection.findOne({ _id: id } as never)) as ChildLimitsDoc | null;
      const entry = doc?.entries?.[requestId];
      if (!doc || !entry || entry.amountCents <= amountCents) return;
      const ok = await this.guarded.updateOne(this.limits.collection as never, id, { version: doc.version }, {
        $set: { [`entries.${requestId}.amountCents`]: amountCents },
        $inc: { version: 1 },
      });
      if (ok) return;
    }
    throw new Error(`Child limits ${id} are too busy; try again`);
  }

  /**
   * Claims a need (child, category, year) for a request. Returns the request that holds it already when it
   * is another one that still goes on (`isLive` says so), else null: the need is now this request's.
   */
  async claimNeed(childKey: string, category: Category, year: number, requestId: string, isLive: (requestId: string) => Promise<boolean | null>): Promise<string | null> {
    const id = `${childKey}:${category}:${year}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = (await this.needs.collection.findOne({ _id: id } as never)) as NeedDoc | null;
      if (!doc) {
        try {
          await this.needs.collection.insertOne({ _id: id, requestId, at: new Date() } as never);
          return null;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue;
        }
      }
      if (doc.requestId === requestId) return null;
      const live = await isLive(doc.requestId);
      // Not stored yet: being routed right now, unless the marker is old enough to be an orphan of a crash.
      const holds = live === true || (live === null && Date.now() - new Date(doc.at).getTime() < ORPHAN_AFTER_MS);
      if (holds) return doc.requestId;
      const ok = await this.guarded.updateOne(this.needs.collection as never, id, { requestId: doc.requestId }, { $set: { requestId, at: new Date() } });
      if (ok) return null;
    }
    throw new Error(`Need ${id} is too busy; try again`);
  }

  /** Lets the need go when its request ends without help (declined everywhere, unroutable, withdrawn). */
  async releaseNeed(childKey: string, category: Category, year: number, requestId: string): Promise<void> {
    const id = `${childKey}:${category}:${year}`;
    const doc = (await this.needs.collection.findOne({ _id: id } as never)) as NeedDoc | null;
    if (doc?.requestId === requestId) await this.needs.collection.deleteOne({ _id: id } as never);
  }
}
