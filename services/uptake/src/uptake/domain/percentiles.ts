import { MAX_DAY_BIN } from './aggregation';

/** Percentiles from a histogram of whole days (`d0` … `d365`): the smallest day with at least p of the count at or below it. */
export function percentileDays(histogram: Record<string, number> | undefined, p: number): number | null {
  const bins = new Array<number>(MAX_DAY_BIN + 1).fill(0);
  let total = 0;
  for (const [key, n] of Object.entries(histogram ?? {})) {
    const day = Number(key.slice(1));
    if (!Number.isInteger(day) || day < 0 || day > MAX_DAY_BIN || !n) continue;
    bins[day] += n;
    total += n;
  }
  if (!total) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let day = 0; day <= MAX_DAY_BIN; day++) {
    seen += bins[day];
    if (seen >= rank) return day;
  }
  return MAX_DAY_BIN;
}

export const histogramCount = (histogram: Record<string, number> | undefined) => Object.values(histogram ?? {}).reduce((s, n) => s + n, 0);
