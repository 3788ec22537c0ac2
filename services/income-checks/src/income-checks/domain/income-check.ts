import type { Circumstance, Composition, IncomeCheckOutcome } from '@fund-desk/contracts';

export interface IncomeAssessmentInput {
  composition: Composition;
  netMonthlyIncomeCents: number;
  circumstances: Circumstance[];
  normCents: number;
  limitPercent: number;
}

export interface IncomeAssessment {
  outcome: IncomeCheckOutcome;
  /** One decimal, for people. */
  percentageOfNorm: number;
  /** Rounded up, for exact comparisons with a fund's limit. */
  normRatioPpm: number;
  basis: 'declared-income' | 'circumstance';
}

/** Circumstances that make a household eligible whatever its income (some funds accept them). */
const QUALIFYING: Circumstance[] = ['social-assistance', 'debt-relief', 'food-bank'];

/**
 * Compares income with the norm in whole cents (no floating point in the decision):
 * eligible when income × 100 ≤ norm × limit, so exactly at the limit qualifies.
 */
export function assessIncome(input: IncomeAssessmentInput): IncomeAssessment {
  const income = BigInt(input.netMonthlyIncomeCents);
  const norm = BigInt(input.normCents);
  if (norm <= 0n) throw new Error('norm must be positive');
  const perMille = (income * 1000n * 2n + norm) / (norm * 2n); // rounded half up
  const ppm = (income * 1_000_000n + norm - 1n) / norm; // rounded up
  const withinLimit = income * 100n <= norm * BigInt(input.limitPercent);
  const byCircumstance = input.circumstances.some((c) => QUALIFYING.includes(c));
  return {
    outcome: withinLimit || byCircumstance ? 'eligible' : 'not-eligible',
    percentageOfNorm: Number(perMille) / 10,
    normRatioPpm: Number(ppm),
    basis: !withinLimit && byCircumstance ? 'circumstance' : 'declared-income',
  };
}

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
