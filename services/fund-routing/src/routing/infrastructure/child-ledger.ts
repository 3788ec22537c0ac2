import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Category } from '@fund-desk/contracts';
import { DocumentStore, WriteConflictError, type StoreCollection, type Update } from '@fund-desk/platform';
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
 * child, changed only as a read-decide-write on its version: the kit's `modify`). And per child, need and year: which request
 * holds that need, so the same need is flagged as a duplicate instead of routed twice.
 */
@Injectable()
export class ChildLedger {
  private readonly limits: StoreCollection<ChildLimitsDoc>;
  private readonly needs: StoreCollection<NeedDoc>;

  constructor(
    @InjectModel(MODELS.childLimits) limits: Model<unknown>,
    @InjectModel(MODELS.childNeed) needs: Model<unknown>,
    @Inject(DocumentStore) store: DocumentStore,
  ) {
    this.limits = store.collection<ChildLimitsDoc>(limits.collection);
    this.needs = store.collection<NeedDoc>(needs.collection);
  }

  /**
   * Reserves the request against the fund's per-child limits; null when it fits (or was reserved before), else
   * the limit it breaks. `regardless`: the fund takes it on all the same (an objection reopened it), so it is
   * recorded even past a limit, and the breach is still reported.
   */
  async reserve(fund: Fund, childKey: string, requestId: string, request: ChildRequest, regardless = false): Promise<ChildLimitBreach | null> {
    if (!fund.childLimits.some((l) => l.categories.includes(request.category))) return null;
    const id = `${fund.id}:${childKey}`;
    const entry: ChildEntry = { year: request.year, category: request.category, amountCents: request.amountCents };
    let breach: ChildLimitBreach | null = null;
    await this.changeLimits(id, (doc) => {
      const entries = doc?.entries ?? {};
      breach = null;
      if (entries[requestId]) return null;
      breach = childLimitBreach(fund.childLimits, request, Object.values(entries));
      if (breach && !regardless) return null;
      // The first request for this child at this fund: the document starts with it (version 1).
      if (!doc) return { $setOnInsert: { fundId: fund.id, childKey }, $set: { entries: { [requestId]: entry } } };
      const expired = Object.entries(entries).filter(([, e]) => !stillCounting(fund.childLimits, request.year, e));
      return {
        $set: { [`entries.${requestId}`]: entry },
        ...(expired.length ? { $unset: Object.fromEntries(expired.map(([rid]) => [`entries.${rid}`, ''])) } : {}),
      };
    });
    return breach;
  }

  /** Gives a reservation back (declined, moved on, withdrawn). Nothing happens when there is none. */
  async release(fundId: string, childKey: string, requestId: string): Promise<void> {
    const id = `${fundId}:${childKey}`;
    await this.changeLimits(id, (doc) => (doc?.entries?.[requestId] ? { $unset: { [`entries.${requestId}`]: '' } } : null));
  }

  /** Lowers what the fund holds for the child to the amount approved. */
  async lower(fundId: string, childKey: string, requestId: string, amountCents: number): Promise<void> {
    const id = `${fundId}:${childKey}`;
    await this.changeLimits(id, (doc) => {
      const entry = doc?.entries?.[requestId];
      if (!doc || !entry || entry.amountCents <= amountCents) return null;
      return { $set: { [`entries.${requestId}.amountCents`]: amountCents } };
    });
  }

  /** One read-decide-write of a child's limits document on the version `decide` saw (retried on a conflict). */
  private async changeLimits(id: string, decide: (doc: ChildLimitsDoc | null) => Update | null): Promise<void> {
    try {
      await this.limits.modify(id, decide, ATTEMPTS);
    } catch (error) {
      if (error instanceof WriteConflictError) throw new Error(`Child limits ${id} are too busy; try again`);
      throw error;
    }
  }

  /**
   * Claims a need (child, category, year) for a request. Returns the request that holds it already when it
   * is another one that still goes on (`isLive` says so), else null: the need is now this request's.
   */
  async claimNeed(childKey: string, category: Category, year: number, requestId: string, isLive: (requestId: string) => Promise<boolean | null>): Promise<string | null> {
    const id = `${childKey}:${category}:${year}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = await this.needs.findById(id);
      if (!doc) {
        if (await this.needs.insertOnce({ _id: id, requestId, at: new Date() })) return null;
        continue;
      }
      if (doc.requestId === requestId) return null;
      const live = await isLive(doc.requestId);
      // Not stored yet: being routed right now, unless the marker is old enough to be an orphan of a crash.
      const holds = live === true || (live === null && Date.now() - new Date(doc.at).getTime() < ORPHAN_AFTER_MS);
      if (holds) return doc.requestId;
      // Taken over only from the holder judged above: another request that took it meanwhile keeps it.
      const ok = await this.needs.update(id, { $set: { requestId, at: new Date() } }, { requestId: doc.requestId });
      if (ok) return null;
    }
    throw new Error(`Need ${id} is too busy; try again`);
  }

  /** Lets the need go when its request ends without help (declined everywhere, unroutable, withdrawn). */
  async releaseNeed(childKey: string, category: Category, year: number, requestId: string): Promise<void> {
    const id = `${childKey}:${category}:${year}`;
    // Only while this request holds it: one that took the need over meanwhile keeps it.
    await this.needs.delete(id, { requestId });
  }
}
