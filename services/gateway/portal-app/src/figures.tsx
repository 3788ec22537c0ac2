// Tables of figures (counts, percentages, amounts) where a figure may be hidden for privacy, and links that download
// a file from the API with the signed-in person's token.
import { useId, useMemo, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { download } from './api';
import { asProblem, problemText } from './forms';
import { useI18n } from './i18n';

export type FigureKind = 'count' | 'percent' | 'points' | 'euro' | 'days';

/** Formats figures in the page's language: 5.600, 12,5%, € 45,00. */
export function useFormat(): (value: number, kind?: FigureKind) => string {
  const { lang, euro, t } = useI18n();
  return useMemo(() => {
    const locale = lang === 'en' ? 'en-GB' : 'nl-NL';
    const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    return (value, kind = 'count') => {
      switch (kind) {
        case 'percent':
          return percent.format(value / 100);
        case 'euro':
          return euro(value);
        case 'points':
          return value === 0 ? t('figures.onTarget') : t(value > 0 ? 'figures.below' : 'figures.above', { n: count.format(Math.abs(value)) });
        default:
          return count.format(value);
      }
    };
  }, [lang, euro, t]);
}

/**
 * One figure: formatted, or marked as hidden (it describes too few children, or would give such a figure away), or a
 * dash when it is not known (no estimate of eligible children, nothing to measure yet).
 */
export function Figure({ value, hidden, kind }: { value: number | null | undefined; hidden?: boolean; kind?: FigureKind }) {
  const { t } = useI18n();
  const format = useFormat();
  if (value === null || value === undefined) {
    if (hidden) return <span className="suppressed">{t('figures.hidden')}</span>;
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('figures.unknown')}</span>
      </>
    );
  }
  return <>{format(value, kind)}</>;
}

/** A row of an answer: `suppressed` names its hidden figures; without it every null figure is a hidden one. */
export type FigureRow = { suppressed?: string[] } & Record<string, unknown>;

export const isHidden = (row: FigureRow, key: string) => row[key] === null && (row.suppressed ? row.suppressed.includes(key) : true);

export interface FigureColumn<R> {
  key: keyof R & string;
  label: string;
  kind?: FigureKind;
  /** A bar after the figure, its length a share (0 … 1) of the column's whole; hidden from screen readers (the figure says it). */
  bar?: (row: R) => number | null;
}

export interface DownloadProps {
  /** The API path (below /api/v1). */
  path: string;
  filename: string;
  children: ReactNode;
}

/**
 * A link to a file of the API. The API wants the bearer token, which a plain link cannot send: a click fetches the
 * file with it and saves it through the browser (`download` in api.ts). A failure is said next to the link.
 */
export function DownloadLink({ path, filename, children }: DownloadProps) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setBusy(true);
    download(path, filename).then(
      () => setBusy(false),
      (e) => (setBusy(false), setError(problemText(asProblem(e), t))),
    );
  };
  return (
    <Paragraph className="download">
      <a className="utrecht-link" href={`/api/v1${path}`} download={filename} onClick={follow} aria-busy={busy || undefined}>
        {children}
      </a>
      {error ? (
        <span role="alert" className="download__error">
          {' '}
          {error}
        </span>
      ) : null}
    </Paragraph>
  );
}

type FigureTableProps<R extends FigureRow> = Parameters<typeof FigureTable<R>>[0];

/** A section holding one table of figures under its own heading (the table's caption says the same, for screen readers). */
export function FigureSection<R extends FigureRow>({ id, title, children, ...table }: Omit<FigureTableProps<R>, 'caption' | 'captionHidden'> & { id: string; title: string; children?: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Heading level={2} id={id} className="section-title">
        {title}
      </Heading>
      <FigureTable<R> caption={title} captionHidden {...table} />
      {children}
    </section>
  );
}

/**
 * A table of figures with a row header per row, a caption that names it (also for the scroll area a phone needs for a
 * wide table, which the keyboard can reach), and a CSV download of the same table when given.
 */
export function FigureTable<R extends FigureRow>({
  caption,
  captionHidden,
  rowHeader,
  rowLabel,
  columns,
  rows,
  empty,
  csv,
}: {
  caption: string;
  /** The section's heading already says what the caption says: keep it for screen readers only. */
  captionHidden?: boolean;
  rowHeader: string;
  rowLabel: (row: R) => ReactNode;
  columns: FigureColumn<R>[];
  rows: R[];
  /** Said instead of an empty table. */
  empty: string;
  csv?: DownloadProps;
}) {
  const captionId = useId();
  if (!rows.length) return <Paragraph>{empty}</Paragraph>;
  return (
    <>
      <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table className="figures">
          <TableCaption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
            {caption}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{rowHeader}</TableHeaderCell>
              {columns.map((c) => (
                <TableHeaderCell scope="col" key={c.key} className="figure">
                  {c.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row, i) => (
              <TableRow key={i}>
                <TableHeaderCell scope="row">{rowLabel(row)}</TableHeaderCell>
                {columns.map((c) => {
                  const share = c.bar?.(row);
                  return (
                    <TableCell key={c.key} className="figure">
                      <Figure value={row[c.key] as number | null} hidden={isHidden(row, c.key)} kind={c.kind} />
                      {share !== undefined && share !== null ? (
                        <span className="figure-bar" aria-hidden="true">
                          <span style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
                        </span>
                      ) : null}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {csv ? <DownloadLink {...csv} /> : null}
    </>
  );
}
