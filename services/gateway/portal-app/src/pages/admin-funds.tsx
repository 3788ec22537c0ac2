// Administrators: the fund catalogue and one fund's rules (each save is a new version; the old one is kept).
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api, FundRules, FundSummary, Problem } from '../api';
import { PageTitle } from '../app';
import { asProblem, CheckboxField, CheckboxGroup, ErrorsProvider, ErrorSummary, TextField } from '../forms';
import { useI18n } from '../i18n';
import { centsToInput, parseEuros } from '../money';
import { Link } from '../router';
import { CATEGORIES, CIRCUMSTANCES } from '@fund-desk/contracts/vocabulary';

export function FundsPage() {
  const { t, word } = useI18n();
  const [funds, setFunds] = useState<FundSummary[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    api.funds().then((r) => setFunds(r.items), (e) => setProblem(asProblem(e)));
  }, []);
  return (
    <>
      <PageTitle>{t('funds.title')}</PageTitle>
      <ErrorSummary problem={problem} />
      {funds === null ? (
        <Paragraph role="status">{t('common.loading')}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('funds.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('funds.categories')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('funds.limit')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('funds.priority')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {funds.map((f) => (
                <TableRow key={f.id}>
                  <TableCell>
                    <Link to={`/admin/funds/${f.id}`}>{f.name}</Link>
                  </TableCell>
                  <TableCell>{f.categories.map((c) => word('category', c)).join(', ')}</TableCell>
                  <TableCell>{f.incomeLimitPercent}%</TableCell>
                  <TableCell>{f.priority}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}

const RULE_KEYS = [
  'name', 'municipalities', 'categories', 'minAge', 'maxAge', 'categoryMinAge', 'incomeLimitPercent', 'acceptedCircumstances', 'childLimits',
  'paymentMode', 'account', 'needsEndorsement', 'priority', 'safetyNet', 'active', 'yearlyBudgetCents',
];

interface RulesForm {
  name: string;
  categories: string[];
  minAge: string;
  maxAge: string;
  incomeLimitPercent: string;
  acceptedCircumstances: string[];
  priority: string;
  budget: string;
  needsEndorsement: boolean;
  active: boolean;
}

export function FundRulesPage({ id }: { id: string }) {
  const { t, word, lang } = useI18n();
  const [rules, setRules] = useState<FundRules | null>(null);
  const [form, setForm] = useState<RulesForm | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  const show = (r: FundRules) => {
    setRules(r);
    setForm({
      name: String(r.name ?? ''),
      categories: (r.categories as string[]) ?? [],
      minAge: String(r.minAge ?? ''),
      maxAge: String(r.maxAge ?? ''),
      incomeLimitPercent: String(r.incomeLimitPercent ?? ''),
      acceptedCircumstances: (r.acceptedCircumstances as string[]) ?? [],
      priority: String(r.priority ?? ''),
      budget: centsToInput(r.yearlyBudgetCents as number | undefined, lang),
      needsEndorsement: Boolean(r.needsEndorsement),
      active: Boolean(r.active),
    });
  };
  useEffect(() => {
    api.fund(id).then(show, (e) => setProblem(asProblem(e)));
  }, [id]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!rules || !form) return;
    const whole: Record<string, unknown> = {};
    for (const key of RULE_KEYS) if (rules[key] !== undefined && rules[key] !== null) whole[key] = rules[key];
    if (!Array.isArray(whole.municipalities)) whole.municipalities = [String(whole.municipalities ?? 'all')];
    const num = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v);
    const budget = form.budget.trim() ? parseEuros(form.budget) : undefined;
    Object.assign(whole, {
      name: form.name,
      categories: form.categories,
      minAge: num(form.minAge),
      maxAge: num(form.maxAge),
      incomeLimitPercent: num(form.incomeLimitPercent),
      acceptedCircumstances: form.acceptedCircumstances,
      priority: num(form.priority),
      needsEndorsement: form.needsEndorsement,
      active: form.active,
    });
    if (budget === null) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors: [{ pointer: '/yearlyBudgetCents', code: 'invalid', detail: t('errors.amount') }] });
      return;
    }
    if (budget === undefined) delete whole.yearlyBudgetCents;
    else whole.yearlyBudgetCents = budget;
    try {
      const result = await api.saveFund(id, whole);
      setProblem(null);
      setSaved(Number(result.version ?? 0));
      show(result);
    } catch (error) {
      setProblem(asProblem(error));
      setSaved(null);
    }
  };

  const set = (change: Partial<RulesForm>) => setForm((f) => (f ? { ...f, ...change } : f));
  const labelOf = (pointer: string) => t(`funds.field.${pointer.split('/')[1]}` as never);
  return (
    <>
      <PageTitle>{rules ? t('funds.rulesTitle', { name: rules.name }) : t('funds.rulesTitleLoading')}</PageTitle>
      <Paragraph>
        <Link to="/admin/funds">{t('funds.back')}</Link>
      </Paragraph>
      <ErrorSummary problem={problem} labelOf={labelOf} />
      {saved !== null ? (
        <Alert type="ok" role="status">
          <Paragraph>{t('funds.saved', { version: saved })}</Paragraph>
        </Alert>
      ) : null}
      {form && rules ? (
        <ErrorsProvider value={problem?.errors ?? []}>
          <Paragraph>{t('funds.version', { version: String(rules.version ?? '—') })}</Paragraph>
          <form onSubmit={save} noValidate className="form">
            <TextField pointer="/name" label={t('funds.field.name')} value={form.name} onChange={(v) => set({ name: v })} />
            <CheckboxGroup pointer="/categories" legend={t('funds.field.categories')} value={form.categories} onChange={(v) => set({ categories: v })} options={CATEGORIES.map((c) => ({ value: c, label: word('category', c) }))} />
            <TextField pointer="/minAge" label={t('funds.field.minAge')} value={form.minAge} onChange={(v) => set({ minAge: v })} inputMode="numeric" width="xs" />
            <TextField pointer="/maxAge" label={t('funds.field.maxAge')} value={form.maxAge} onChange={(v) => set({ maxAge: v })} inputMode="numeric" width="xs" />
            <TextField pointer="/incomeLimitPercent" label={t('funds.field.incomeLimitPercent')} value={form.incomeLimitPercent} onChange={(v) => set({ incomeLimitPercent: v })} inputMode="numeric" width="xs" />
            <CheckboxGroup
              pointer="/acceptedCircumstances"
              legend={t('funds.field.acceptedCircumstances')}
              value={form.acceptedCircumstances}
              onChange={(v) => set({ acceptedCircumstances: v })}
              options={CIRCUMSTANCES.map((c) => ({ value: c, label: word('circumstance', c) }))}
            />
            <TextField pointer="/priority" label={t('funds.field.priority')} description={t('funds.priorityHint')} value={form.priority} onChange={(v) => set({ priority: v })} inputMode="numeric" width="xs" />
            <TextField pointer="/yearlyBudgetCents" label={t('funds.field.yearlyBudgetCents')} required={false} value={form.budget} onChange={(v) => set({ budget: v })} inputMode="decimal" width="s" />
            <CheckboxField pointer="/needsEndorsement" label={t('funds.field.needsEndorsement')} checked={form.needsEndorsement} onChange={(v) => set({ needsEndorsement: v })} />
            <CheckboxField pointer="/active" label={t('funds.field.active')} checked={form.active} onChange={(v) => set({ active: v })} />
            <Button type="submit" appearance="primary-action-button">
              {t('funds.save')}
            </Button>
          </form>
          <details>
            <summary>{t('funds.allRules')}</summary>
            <pre className="rules-json">{JSON.stringify(rules, null, 2)}</pre>
          </details>
        </ErrorsProvider>
      ) : (
        !problem && <Paragraph role="status">{t('common.loading')}</Paragraph>
      )}
    </>
  );
}
