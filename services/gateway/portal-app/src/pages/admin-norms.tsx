// Administrators: the social-assistance norms per household composition and the date they are in force from.
// A new row is added for a date (January and July updates); checks on or after that date use it. Rows are never changed.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, FieldError, NormRow, Problem } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, TextField } from '../forms';
import { useI18n } from '../i18n';
import type { TextKey } from '../i18n';
import { parseEuros } from '../money';

const COMPOSITIONS = ['single', 'singleParent', 'couple'] as const;
type Composition = (typeof COMPOSITIONS)[number];

const LABELS: Record<Composition, TextKey> = {
  single: 'norms.composition.single',
  singleParent: 'norms.composition.singleParent',
  couple: 'norms.composition.couple',
};

type NormForm = Record<'validFrom' | Composition, string>;
const EMPTY: NormForm = { validFrom: '', single: '', singleParent: '', couple: '' };

/** The date of the row in force today: the latest one that started on or before today. */
function inForce(rows: NormRow[]): string | null {
  const today = new Date().toISOString().slice(0, 10);
  return rows.map((r) => r.validFrom).filter((d) => d <= today).sort().pop() ?? null;
}

export function NormsPage() {
  const { t, euro, date } = useI18n();
  const [rows, setRows] = useState<NormRow[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<Problem | null>(null);
  const [form, setForm] = useState<NormForm>(EMPTY);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => api.norms().then((r) => setRows(r.items), (e) => setLoadProblem(asProblem(e)));
  useEffect(() => {
    load();
  }, []);

  const labelOf = (pointer: string) => {
    const key = pointer.split('/')[1];
    return key === 'validFrom' ? t('norms.field.validFrom') : key in LABELS ? t(LABELS[key as Composition]) : key;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    const errors: FieldError[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.validFrom.trim())) errors.push({ pointer: '/validFrom', code: 'date', detail: t('errors.date') });
    const cents = {} as Record<Composition, number>;
    for (const c of COMPOSITIONS) {
      const amount = form[c].trim() ? parseEuros(form[c]) : null;
      if (amount === null) errors.push({ pointer: `/${c}`, code: 'amount', detail: t('errors.amount') });
      else cents[c] = amount;
    }
    if (errors.length) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors });
      return;
    }
    const row: NormRow = { validFrom: form.validFrom.trim(), ...cents };
    setBusy(true);
    try {
      await api.addNorm(row);
      setProblem(null);
      setForm(EMPTY);
      setAdded(row.validFrom);
      await load();
    } catch (error) {
      const p = asProblem(error);
      // A date that already has norms: said next to the date, since rows are never changed.
      setProblem(
        p.status === 409
          ? { status: 409, title: t('errors.summaryTitle'), errors: [{ pointer: '/validFrom', code: 'exists', detail: t('norms.exists') }] }
          : p,
      );
    } finally {
      setBusy(false);
    }
  };

  const current = rows ? inForce(rows) : null;
  const sorted = rows ? [...rows].sort((a, b) => b.validFrom.localeCompare(a.validFrom)) : [];
  const set = (change: Partial<NormForm>) => setForm((f) => ({ ...f, ...change }));
  return (
    <>
      <PageTitle>{t('norms.title')}</PageTitle>
      <Paragraph lead>{t('norms.intro')}</Paragraph>
      <ErrorSummary problem={loadProblem} />
      {rows === null ? (
        !loadProblem && <Paragraph role="status">{t('common.loading')}</Paragraph>
      ) : rows.length === 0 ? (
        <Paragraph>{t('norms.none')}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table>
            <TableCaption>{t('norms.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('norms.composition')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('norms.validFrom')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('norms.amount')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sorted.flatMap((row) =>
                COMPOSITIONS.map((c) => (
                  <TableRow key={`${row.validFrom}-${c}`}>
                    <TableCell>{t(LABELS[c])}</TableCell>
                    <TableCell>
                      {date(row.validFrom)}
                      {row.validFrom === current ? <span className="status status--completed norm-now">{t('norms.inForce')}</span> : null}
                    </TableCell>
                    <TableCell className="amount">{euro(row[c])}</TableCell>
                  </TableRow>
                )),
              )}
            </TableBody>
          </Table>
        </div>
      )}

      <Heading level={2} className="section-title">{t('norms.addTitle')}</Heading>
      <Paragraph>{t('norms.addIntro')}</Paragraph>
      <ErrorSummary problem={problem} labelOf={labelOf} />
      {added ? (
        <Alert type="ok" role="status">
          <Paragraph>{t('norms.added', { date: date(added) })}</Paragraph>
        </Alert>
      ) : null}
      <ErrorsProvider value={problem?.errors ?? []}>
        <form onSubmit={submit} noValidate className="form">
          <TextField pointer="/validFrom" label={t('norms.field.validFrom')} description={t('norms.validFromHint')} type="date" value={form.validFrom} onChange={(v) => set({ validFrom: v })} width="s" />
          {COMPOSITIONS.map((c) => (
            <TextField key={c} pointer={`/${c}`} label={`${t(LABELS[c])} ${t('norms.perMonth')}`} value={form[c]} onChange={(v) => set({ [c]: v })} inputMode="decimal" width="s" />
          ))}
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            {t('norms.add')}
          </Button>
        </form>
      </ErrorsProvider>
    </>
  );
}
