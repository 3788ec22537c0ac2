// Administrators: each municipality's income limit (percent of the social-assistance norm) and how long an
// income check stays valid there; one municipality at a time is changed.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, FieldError, MunicipalitySettings, Problem } from '../api';
import { PageTitle } from '../app';
import { asProblem, ErrorsProvider, ErrorSummary, SelectField, TextField } from '../forms';
import { useI18n } from '../i18n';

interface LimitForm {
  code: string;
  incomeLimitPercent: string;
  validityMonths: string;
}

const formOf = (m: MunicipalitySettings | undefined): LimitForm => ({
  code: m?.code ?? '',
  incomeLimitPercent: m ? String(m.incomeLimitPercent) : '',
  validityMonths: m ? String(m.validityMonths) : '',
});

export function MunicipalitiesPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<MunicipalitySettings[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<Problem | null>(null);
  const [form, setForm] = useState<LimitForm>(formOf(undefined));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<MunicipalitySettings | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.municipalities().then(
      (r) => {
        setItems(r.items);
        setForm(formOf(r.items[0]));
      },
      (e) => setLoadProblem(asProblem(e)),
    );
  }, []);

  /** Choosing another municipality shows its current values, to change from. */
  const choose = (code: string) => {
    setForm(formOf(items?.find((m) => m.code === code)));
    setProblem(null);
    setSaved(null);
  };

  const labelOf = (pointer: string) => {
    const key = pointer.split('/')[1];
    return key === 'incomeLimitPercent' ? t('municipalities.field.limit') : key === 'validityMonths' ? t('municipalities.field.validity') : t('municipalities.field.code');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const current = items?.find((m) => m.code === form.code);
    if (!current) return;
    const errors: FieldError[] = [];
    const whole = (pointer: string, value: string) => {
      if (!/^\d+$/.test(value.trim())) errors.push({ pointer, code: 'isInt', detail: value.trim() ? t('errors.wholeNumber') : t('errors.required') });
      return Number(value.trim());
    };
    const incomeLimitPercent = whole('/incomeLimitPercent', form.incomeLimitPercent);
    const validityMonths = whole('/validityMonths', form.validityMonths);
    if (errors.length) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors });
      return;
    }
    setBusy(true);
    try {
      const result = await api.saveMunicipality({ ...current, incomeLimitPercent, validityMonths });
      setProblem(null);
      setItems((list) => (list ?? []).map((m) => (m.code === result.code ? { ...m, ...result } : m)));
      setSaved(result);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const set = (change: Partial<LimitForm>) => setForm((f) => ({ ...f, ...change }));
  return (
    <>
      <PageTitle>{t('municipalities.title')}</PageTitle>
      <Paragraph lead>{t('municipalities.intro')}</Paragraph>
      <ErrorSummary problem={loadProblem} />
      {items === null ? (
        !loadProblem && <Paragraph role="status">{t('common.loading')}</Paragraph>
      ) : items.length === 0 ? (
        <Paragraph>{t('municipalities.none')}</Paragraph>
      ) : (
        <>
          <div className="table-scroll">
            <Table>
              <TableCaption>{t('municipalities.caption')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('municipalities.name')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('municipalities.code')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('municipalities.limit')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('municipalities.validity')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((m) => (
                  <TableRow key={m.code}>
                    <TableHeaderCell scope="row">{m.name}</TableHeaderCell>
                    <TableCell>{m.code}</TableCell>
                    <TableCell>{m.incomeLimitPercent}%</TableCell>
                    <TableCell>{t('municipalities.months', { n: m.validityMonths })}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>

          <Heading level={2} className="section-title">{t('municipalities.changeTitle')}</Heading>
          <ErrorSummary problem={problem} labelOf={labelOf} />
          {saved ? (
            <Alert type="ok" role="status">
              <Paragraph>{t('municipalities.saved', { name: saved.name, percent: saved.incomeLimitPercent, n: saved.validityMonths })}</Paragraph>
            </Alert>
          ) : null}
          <ErrorsProvider value={problem?.errors ?? []}>
            <form onSubmit={submit} noValidate className="form">
              <SelectField pointer="/code" label={t('municipalities.field.code')} value={form.code} onChange={choose} options={items.map((m) => ({ value: m.code, label: m.name }))} />
              <TextField
                pointer="/incomeLimitPercent"
                label={t('municipalities.field.limit')}
                description={t('municipalities.limitHint')}
                value={form.incomeLimitPercent}
                onChange={(v) => set({ incomeLimitPercent: v })}
                inputMode="numeric"
                width="xs"
              />
              <TextField
                pointer="/validityMonths"
                label={t('municipalities.field.validity')}
                description={t('municipalities.validityHint')}
                value={form.validityMonths}
                onChange={(v) => set({ validityMonths: v })}
                inputMode="numeric"
                width="xs"
              />
              <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
                {t('municipalities.save')}
              </Button>
            </form>
          </ErrorsProvider>
        </>
      )}
    </>
  );
}
