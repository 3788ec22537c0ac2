import type { Category, Circumstance } from '@fund-desk/contracts';
import type { Fund } from './fund';
import { bandFor } from './child-limits';

export type MismatchReason =
  | 'inactive'
  | 'municipality-not-served'
  | 'category-not-covered'
  | 'age-out-of-range'
  | 'income-above-limit'
  | 'amount-above-limit'
  | 'child-amount-reached'
  | 'child-count-reached'
  | 'duplicate'
  | 'safety-net-not-needed';

export interface RoutingInput {
  municipalityCode: string;
  category: Category;
  amountCents: number;
  childAge: number;
  normRatioPpm: number;
  circumstances: Circumstance[];
}

export interface FundVerdict {
  fundId: string;
  fits: boolean;
  reason: string;
}

export interface RoutingDecision {
  fund: Fund | null;
  explanation: FundVerdict[];
}

/** Age in whole years on a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Why a fund does not fit an item, or null when it does. */
export function mismatch(fund: Fund, input: RoutingInput): MismatchReason | null {
  if (!fund.active) return 'inactive';
  if (fund.municipalities !== 'all' && !fund.municipalities.includes(input.municipalityCode)) return 'municipality-not-served';
  if (!fund.categories.includes(input.category)) return 'category-not-covered';
  const minAge = Math.max(fund.minAge, fund.categoryMinAge[input.category] ?? 0);
  if (input.childAge < minAge || input.childAge > fund.maxAge) return 'age-out-of-range';
  // ratio ppm is rounded up, so a household exactly at the limit fits and one a cent above does not
  const withinLimit = input.normRatioPpm <= fund.incomeLimitPercent * 10_000;
  if (!withinLimit && !input.circumstances.some((c) => fund.acceptedCircumstances.includes(c))) return 'income-above-limit';
  // One item above what the fund gives a child in a whole period never fits; the sum over the period is
  // kept per child by the child ledger, at the moment the amount is reserved.
  const over = fund.childLimits.some((l) => {
    const band = l.categories.includes(input.category) ? bandFor(l, input.childAge) : undefined;
    return band !== undefined && input.amountCents > band.cents;
  });
  if (over) return 'amount-above-limit';
  return null;
}

/**
 * Picks the first fund, in priority order (local before national, the safety net last), whose rules fit,
 * and says for every other fund why it was not chosen.
 */
export function routeItem(funds: Fund[], input: RoutingInput): RoutingDecision {
  const ordered = [...funds].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  let chosen: Fund | null = null;
  const explanation: FundVerdict[] = [];
  for (const fund of ordered) {
    if (chosen) {
      explanation.push({ fundId: fund.id, fits: false, reason: fund.safetyNet ? 'safety-net-not-needed' : 'lower-priority' });
      continue;
    }
    const reason = mismatch(fund, input);
    if (reason) {
      explanation.push({ fundId: fund.id, fits: false, reason });
    } else {
      chosen = fund;
      explanation.push({ fundId: fund.id, fits: true, reason: fund.safetyNet ? 'safety-net' : 'first-fit-by-priority' });
    }
  }
  return { fund: chosen, explanation };
}
