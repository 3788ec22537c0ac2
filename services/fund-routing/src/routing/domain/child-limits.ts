import type { Category } from '@fund-desk/contracts';
import type { ChildLimit } from './fund';

/** What a fund already gave (or holds for) one child: one entry per request, kept by the child's pseudonymous key. */
export interface ChildEntry {
  year: number;
  category: Category;
  amountCents: number;
}

export type ChildLimitBreach = 'child-amount-reached' | 'child-count-reached';

export interface ChildRequest {
  category: Category;
  childAge: number;
  amountCents: number;
  year: number;
}

/** The limit band for a child's age, or undefined when the limit has no amount for that age. */
export function bandFor(limit: ChildLimit, childAge: number): { cents: number } | undefined {
  return limit.amountCents?.find((band) => childAge >= band.minAge && childAge <= band.maxAge);
}

/**
 * Whether one more request would take a child past one of a fund's per-child limits: an amount per year
 * over the limit's categories together (Leergeld: €275 a year for everything at primary-school age), or a
 * count per period (a bicycle once per 5 years: count 1, period 5 — this year and the four before).
 */
export function childLimitBreach(limits: ChildLimit[], request: ChildRequest, given: ChildEntry[]): ChildLimitBreach | null {
  for (const limit of limits) {
    if (!limit.categories.includes(request.category)) continue;
    const period = limit.periodYears ?? 1;
    const inScope = given.filter((e) => limit.categories.includes(e.category) && e.year <= request.year && e.year > request.year - period);
    // `!= null`: a limit stored without a count may carry null for it
    if (limit.maxCount != null && inScope.length + 1 > limit.maxCount) return 'child-count-reached';
    const band = bandFor(limit, request.childAge);
    if (band && inScope.reduce((sum, e) => sum + e.amountCents, 0) + request.amountCents > band.cents) return 'child-amount-reached';
  }
  return null;
}

/** Entries older than every period of these limits no longer count and need not be kept. */
export function stillCounting(limits: ChildLimit[], year: number, entry: ChildEntry): boolean {
  const longest = Math.max(1, ...limits.map((l) => l.periodYears ?? 1));
  return entry.year > year - longest;
}
