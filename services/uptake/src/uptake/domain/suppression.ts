/**
 * Small-cell suppression for published tables.
 *
 * Primary: a count of 1 … threshold-1 (it describes fewer children than the threshold) is hidden; 0 is shown.
 * Secondary: every line of a table whose total can be known (a column's total is always assumed known: it is
 * published elsewhere, as the headline or another table; a row's only where `rowTotals` says the row's cells
 * add up to a published figure) must hide either no cell or at least two, so that subtracting the published
 * cells from the total gives only the sum of two or more hidden cells, never one of them. A line with one
 * hidden cell gets a second: the smallest shown cell (a non-zero one first). Repeats until every line holds.
 */
export interface SuppressionResult {
  /** mask[r][c]: the cell is hidden. */
  mask: boolean[][];
  primary: number;
  secondary: number;
}

export function suppressMatrix(values: number[][], threshold: number, options: { rowTotals?: boolean } = {}): SuppressionResult {
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  const mask = values.map((row) => row.map((v) => v > 0 && v < threshold));
  const primary = mask.flat().filter(Boolean).length;
  let secondary = 0;
  const lines: [number, number][][] = [];
  for (let c = 0; c < cols; c++) lines.push(values.map((_, r) => [r, c] as [number, number]));
  if (options.rowTotals) for (let r = 0; r < rows; r++) lines.push(values[r].map((_, c) => [r, c] as [number, number]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([r, c]) => mask[r][c]);
      if (hidden.length !== 1) continue;
      const shown = line.filter(([r, c]) => !mask[r][c]);
      // A line of one cell equals its total; there is nothing to pair it with (the caller hides such totals).
      if (!shown.length) continue;
      shown.sort(([ra, ca], [rb, cb]) => rank(values[ra][ca]) - rank(values[rb][cb]));
      const [r, c] = shown[0];
      mask[r][c] = true;
      secondary++;
      changed = true;
    }
  }
  return { mask, primary, secondary };
}

// Prefer the smallest non-zero cell (it protects best and hides least); a zero only when nothing else is left.
const rank = (v: number) => (v === 0 ? Number.MAX_SAFE_INTEGER : v);

export type Row = Record<string, unknown>;

export interface TableOptions {
  /** Count columns that take part in suppression. */
  counts: string[];
  /** Figures derived from a count (an amount, a percentage) are hidden with it: derived field → its count field. */
  derived?: Record<string, string>;
  rowTotals?: boolean;
}

/** Hides small cells of a table of rows in place: each hidden figure becomes null and is named in the row's `suppressed` list. */
export function suppressRows<T extends Row>(rows: T[], threshold: number, options: TableOptions): { rows: (T & { suppressed: string[] })[]; applied: boolean } {
  const values = rows.map((row) => options.counts.map((field) => Number(row[field] ?? 0)));
  const { mask } = suppressMatrix(values, threshold, { rowTotals: options.rowTotals });
  let applied = false;
  const out = rows.map((row, r) => {
    const copy: Row = { ...row };
    const hidden: string[] = [];
    options.counts.forEach((field, c) => {
      if (mask[r][c]) hidden.push(field);
    });
    for (const [derivedField, source] of Object.entries(options.derived ?? {})) if (hidden.includes(source) && derivedField in copy) hidden.push(derivedField);
    for (const field of hidden) copy[field] = null;
    if (hidden.length) applied = true;
    return { ...(copy as T), suppressed: hidden };
  });
  return { rows: out, applied };
}

/** A single figure (a headline, a funnel step): hidden when it is 1 … threshold-1. */
export function suppressFigure(value: number, threshold: number): number | null {
  return value > 0 && value < threshold ? null : value;
}
