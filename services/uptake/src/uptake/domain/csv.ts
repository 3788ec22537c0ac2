import type { UptakeReport } from './uptake-report';

export const CSV_TABLES = ['headline', 'series', 'neighbourhoods', 'funnel', 'categories', 'funds', 'declines', 'unroutable', 'timing'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type Row = Record<string, unknown>;

/** The rows of one table of the answer, as the answer holds them (already suppressed). */
export function tableRows(report: UptakeReport, table: CsvTable): Row[] {
  switch (table) {
    case 'headline':
      return [report.headline];
    case 'funnel':
      return Object.entries(report.funnel).map(([step, value]) => ({ step, value, suppressed: value === null }));
    case 'timing':
      return Object.entries(report.timing).map(([measure, t]) => ({ measure, ...t }));
    case 'declines':
      return report.declines.rows;
    default:
      return report[table] as Row[];
  }
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  // Quote what needs it; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV with a header line; a suppressed figure is an empty cell and named in the `suppressed` column. */
export function toCsv(rows: Row[], report: Pick<UptakeReport, 'suppression'>): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  lines.push(`# suppression applied=${report.suppression.applied} threshold=${report.suppression.threshold}`);
  return lines.join('\n') + '\n';
}
