// An indication, computed in the browser, of whether a household qualifies by income. The income check after
// submitting decides; this only tells people early whether it is worth applying and why.
// Norms: social-assistance norms (bijstandsnormen) per month, net, with holiday allowance (product brief).

const NORMS = [
  { from: '2025-01-01', single: 134_545, couple: 192_207 },
  { from: '2025-07-01', single: 136_906, couple: 195_580 },
];

/** Most funds accept up to 120% of the norm; some (Leergeld Eindhoven, Kinderhulp) up to 130%. */
export const COMMON_LIMIT = 120;
export const HIGHEST_LIMIT = 130;

export type Indication = 'likely' | 'some-funds' | 'circumstance' | 'unlikely' | 'unknown';

export interface EligibilityIndication {
  outcome: Indication;
  normCents: number;
  normFrom: string;
  /** Income as a percentage of the norm, one decimal, rounded down. */
  percentage: number | null;
}

export function normOn(day: string, composition: string): { cents: number; from: string } {
  const row = [...NORMS].reverse().find((n) => n.from <= day) ?? NORMS[0];
  return { cents: composition === 'couple' ? row.couple : row.single, from: row.from };
}

export function indicate(input: { composition: string; incomeCents: number | null; circumstances: string[]; today?: string }): EligibilityIndication {
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const norm = normOn(today, input.composition || 'single');
  const base = { normCents: norm.cents, normFrom: norm.from };
  if (input.incomeCents === null) {
    return { ...base, outcome: input.circumstances.length ? 'circumstance' : 'unknown', percentage: null };
  }
  // Whole cents only: income × 100 ≤ norm × limit.
  const tenths = Math.floor((input.incomeCents * 1000) / norm.cents);
  const percentage = tenths / 10;
  const within = (limit: number) => input.incomeCents! * 100 <= norm.cents * limit;
  const outcome: Indication = within(COMMON_LIMIT)
    ? 'likely'
    : input.circumstances.length
      ? 'circumstance'
      : within(HIGHEST_LIMIT)
        ? 'some-funds'
        : 'unlikely';
  return { ...base, outcome, percentage };
}
