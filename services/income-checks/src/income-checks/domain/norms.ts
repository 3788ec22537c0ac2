import type { Composition } from '@fund-desk/contracts';

/** Social-assistance norm (net per month, including holiday allowance, in cents) in force from a date. */
export interface NormRow {
  validFrom: string;
  single: number;
  singleParent: number;
  couple: number;
}

/** The 2025 norms (age 21 to pension age); administrators add the January and July rows. */
export const SEED_NORMS: NormRow[] = [
  { validFrom: '2025-01-01', single: 134545, singleParent: 134545, couple: 192207 },
  { validFrom: '2025-07-01', single: 136906, singleParent: 136906, couple: 195580 },
];

/** The latest row whose date is on or before the check date. */
export function normInForce(rows: NormRow[], checkDate: string): NormRow | null {
  let found: NormRow | null = null;
  for (const row of rows) {
    if (row.validFrom <= checkDate && (!found || row.validFrom > found.validFrom)) found = row;
  }
  return found;
}

export function normFor(row: NormRow, composition: Composition): number {
  // A single parent gets the single norm.
  return composition === 'couple' ? row.couple : composition === 'single-parent' ? row.singleParent : row.single;
}

/** The limit (percent of the norm) and validity a municipality applies; the highest fund limit there. */
export interface MunicipalitySettings {
  code: string;
  name: string;
  incomeLimitPercent: number;
  validityMonths: number;
}

export const SEED_MUNICIPALITIES: MunicipalitySettings[] = [
  { code: 'GM0080', name: 'Leeuwarden', incomeLimitPercent: 130, validityMonths: 12 },
  { code: 'GM0772', name: 'Eindhoven', incomeLimitPercent: 130, validityMonths: 12 },
];
