/** The three ways a municipality looks at time. Every figure is filed under the period in which the application was submitted. */
export const PERIOD_KINDS = ['week', 'month', 'school-year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Periods {
  week: string;
  month: string;
  'school-year': string;
}

// Periods follow the Dutch calendar day, not UTC: a form sent at 00:30 on 1 September belongs to September.
const dutchDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in the Netherlands. */
export function dutchDate(at: Date): string {
  return dutchDay.format(at);
}

/** ISO week (`2025-W36`), month (`2025-09`) and school year (`2025-26`, August to July) of a Dutch calendar date. */
export function periodsOfDate(date: string): Periods {
  const [y, m, d] = date.split('-').map(Number);
  const startYear = m >= 8 ? y : y - 1;
  return { week: isoWeek(y, m, d), month: date.slice(0, 7), 'school-year': schoolYearKey(startYear) };
}

export const periodsOf = (at: Date): Periods => periodsOfDate(dutchDate(at));

export function schoolYearKey(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

function isoWeek(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  const day = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - day); // the Thursday of this week decides its year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Every period of a kind that a date range (inclusive, YYYY-MM-DD) touches, in order. Ranges are bounded by the API (at most a few years). */
export function periodsBetween(kind: PeriodKind, from: string, to: string): string[] {
  const keys: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end; at += 86_400_000) {
    const key = periodsOfDate(new Date(at).toISOString().slice(0, 10))[kind];
    if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return keys;
}

/** The first and last day of the school year `2025-26`. */
export function schoolYearRange(key: string): { from: string; to: string } {
  const start = Number(key.slice(0, 4));
  return { from: `${start}-08-01`, to: `${start + 1}-07-31` };
}
