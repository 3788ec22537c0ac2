// How many children in the municipality are entitled to help, per school year and postcode area, and the uptake the
// municipality aims for: the dashboard divides the children reached by these estimates.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, ButtonGroup, Fieldset, FieldsetLegend, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, EligibleChildrenRequest, EligibleEstimate, FieldError, Problem, Session } from '../api';
import { PageTitle } from '../app';
import { FigureTable } from '../figures';
import { asProblem, ErrorsProvider, ErrorSummary, Notice, SelectField, TextField } from '../forms';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { MUNICIPALITIES } from '../vocabulary';
import { municipalityName, useMunicipalityCode, usePeriodNames } from './municipality-uptake';

interface AreaForm {
  area: string;
  eligibleChildren: string;
  targetPercent: string;
  /** Stored already: the API keeps an area once given, so the form offers no removing it. */
  stored: boolean;
}

interface EstimateForm {
  schoolYear: string;
  eligibleChildren: string;
  targetPercent: string;
  areas: AreaForm[];
}

/** The school year (August to July) of today in the Netherlands, and the ones before and after it. */
function schoolYears(): string[] {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const start = m >= 8 ? y : y - 1;
  return [start - 1, start, start + 1].map((s) => `${s}-${String((s + 1) % 100).padStart(2, '0')}`);
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

function formOf(items: EligibleEstimate[], schoolYear: string): EstimateForm {
  const ofYear = items.filter((e) => e.schoolYear === schoolYear);
  const whole = ofYear.find((e) => e.area === '*');
  return {
    schoolYear,
    eligibleChildren: text(whole?.eligibleChildren),
    targetPercent: text(whole?.targetPercent),
    areas: ofYear
      .filter((e) => e.area !== '*')
      .sort((a, b) => a.area.localeCompare(b.area))
      .map((e) => ({ area: e.area, eligibleChildren: text(e.eligibleChildren), targetPercent: text(e.targetPercent), stored: true })),
  };
}

export function EstimatesPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const names = usePeriodNames();
  const code = useMunicipalityCode(session);
  const years = schoolYears();
  const [items, setItems] = useState<EligibleEstimate[] | null>(null);
  const [form, setForm] = useState<EstimateForm>({ schoolYear: years[1], eligibleChildren: '', targetPercent: '', areas: [] });
  const [chosen, setChosen] = useState(code);
  const [loadProblem, setLoadProblem] = useState<Problem | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setItems(null);
    setSaved(null);
    setChosen(code);
    api.eligibleChildren(code).then(
      (r) => (setItems(r.items), setLoadProblem(null), setForm((f) => formOf(r.items, f.schoolYear))),
      (e) => setLoadProblem(asProblem(e)),
    );
  }, [code]);

  const yearName = (year: string) => names('school-year', year).label;
  const labelOf = (pointer: string) => {
    const [, first, index, field] = pointer.split('/');
    if (first === 'neighbourhoods' && index !== undefined) return `${t('estimates.areaN', { n: Number(index) + 1 })}: ${t(field === 'area' ? 'estimates.field.area' : field === 'targetPercent' ? 'estimates.field.areaTarget' : 'estimates.field.areaEligible')}`;
    return t(first === 'targetPercent' ? 'estimates.field.targetPercent' : first === 'schoolYear' ? 'estimates.field.schoolYear' : 'estimates.field.eligibleChildren');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const errors: FieldError[] = [];
    const whole = (pointer: string, value: string, optional = false): number | undefined => {
      const digits = value.replace(/[\s.]/g, '');
      if (!digits && optional) return undefined;
      if (!/^\d+$/.test(digits)) {
        errors.push({ pointer, code: 'isInt', detail: digits ? t('errors.wholeNumber') : t('errors.required') });
        return undefined;
      }
      return Number(digits);
    };
    const body: EligibleChildrenRequest = {
      schoolYear: form.schoolYear,
      eligibleChildren: whole('/eligibleChildren', form.eligibleChildren) ?? 0,
      targetPercent: whole('/targetPercent', form.targetPercent, true),
      neighbourhoods: form.areas.map((a, i) => {
        const area = a.area.trim();
        if (!/^\d{4}$/.test(area)) errors.push({ pointer: `/neighbourhoods/${i}/area`, code: 'pattern', detail: t('estimates.areaError') });
        return { area, eligibleChildren: whole(`/neighbourhoods/${i}/eligibleChildren`, a.eligibleChildren) ?? 0, targetPercent: whole(`/neighbourhoods/${i}/targetPercent`, a.targetPercent, true) };
      }),
    };
    if (errors.length) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors });
      return;
    }
    setBusy(true);
    try {
      const result = await api.saveEligibleChildren(code, body);
      setProblem(null);
      setItems(result.items);
      setForm(formOf(result.items, body.schoolYear));
      setSaved(t('estimates.saved', { year: yearName(body.schoolYear), n: body.eligibleChildren }));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const set = (change: Partial<EstimateForm>) => setForm((f) => ({ ...f, ...change }));
  const setArea = (i: number, change: Partial<AreaForm>) => setForm((f) => ({ ...f, areas: f.areas.map((a, j) => (j === i ? { ...a, ...change } : a)) }));
  const dashboard = session.role === 'municipality' ? '/uptake' : `/uptake?code=${code}`;
  const rows = (items ?? [])
    .slice()
    .sort((a, b) => b.schoolYear.localeCompare(a.schoolYear) || (a.area === '*' ? -1 : b.area === '*' ? 1 : a.area.localeCompare(b.area)))
    .map((e) => ({ ...e, suppressed: [] as string[] }));

  return (
    <>
      <PageTitle>{t('estimates.title', { name: municipalityName(code) })}</PageTitle>
      <Paragraph lead>{t('estimates.intro')}</Paragraph>
      <Paragraph>
        <Link to={dashboard}>{t('estimates.back')}</Link>
      </Paragraph>
      {session.role !== 'municipality' ? (
        <form
          className="form inline-form"
          aria-label={t('uptake.field.code')}
          onSubmit={(event) => {
            event.preventDefault();
            navigate(`/uptake/estimates?code=${chosen}`);
          }}
        >
          <SelectField pointer="/code" label={t('uptake.field.code')} value={chosen} onChange={setChosen} options={MUNICIPALITIES.map((m) => ({ value: m.code, label: m.name }))} />
          <div>
            <Button type="submit" appearance="secondary-action-button">
              {t('estimates.choose')}
            </Button>
          </div>
        </form>
      ) : null}
      <ErrorSummary problem={loadProblem} />
      {items === null ? (
        !loadProblem && <Paragraph role="status">{t('common.loading')}</Paragraph>
      ) : (
        <>
          <FigureTable
            caption={t('estimates.caption')}
            rowHeader={t('estimates.which')}
            rowLabel={(e) => `${yearName(e.schoolYear)}, ${e.area === '*' ? t('estimates.wholeMunicipality') : t('estimates.area', { area: e.area })}`}
            rows={rows}
            columns={[
              { key: 'eligibleChildren', label: t('uptake.eligibleChildren') },
              { key: 'targetPercent', label: t('uptake.targetPercent'), kind: 'percent' },
            ]}
            empty={t('estimates.none')}
          />

          <Heading level={2} className="section-title">
            {t('estimates.changeTitle')}
          </Heading>
          <ErrorSummary problem={problem} labelOf={labelOf} />
          <Notice>{saved}</Notice>
          <ErrorsProvider value={problem?.errors ?? []}>
            <form onSubmit={submit} noValidate className="form">
              <SelectField
                pointer="/schoolYear"
                label={t('estimates.field.schoolYear')}
                value={form.schoolYear}
                onChange={(v) => (setSaved(null), setForm(formOf(items, v)))}
                options={years.map((y) => ({ value: y, label: yearName(y) }))}
              />
              <TextField
                pointer="/eligibleChildren"
                label={t('estimates.field.eligibleChildren')}
                description={t('estimates.eligibleHint')}
                value={form.eligibleChildren}
                onChange={(v) => set({ eligibleChildren: v })}
                inputMode="numeric"
                width="s"
              />
              <TextField
                pointer="/targetPercent"
                label={t('estimates.field.targetPercent')}
                description={t('estimates.targetHint')}
                required={false}
                value={form.targetPercent}
                onChange={(v) => set({ targetPercent: v })}
                inputMode="numeric"
                width="xs"
              />
              <Paragraph className="hint">{t('estimates.areasIntro')}</Paragraph>
              {form.areas.map((a, i) => (
                <Fieldset key={i} className="card estimate-area">
                  <FieldsetLegend>{t('estimates.areaN', { n: i + 1 })}</FieldsetLegend>
                  <TextField pointer={`/neighbourhoods/${i}/area`} label={t('estimates.field.area')} description={t('estimates.areaHint')} value={a.area} onChange={(v) => setArea(i, { area: v })} inputMode="numeric" width="xs" />
                  <TextField pointer={`/neighbourhoods/${i}/eligibleChildren`} label={t('estimates.field.areaEligible')} value={a.eligibleChildren} onChange={(v) => setArea(i, { eligibleChildren: v })} inputMode="numeric" width="s" />
                  <TextField
                    pointer={`/neighbourhoods/${i}/targetPercent`}
                    label={t('estimates.field.areaTarget')}
                    description={t('estimates.areaTargetHint')}
                    required={false}
                    value={a.targetPercent}
                    onChange={(v) => setArea(i, { targetPercent: v })}
                    inputMode="numeric"
                    width="xs"
                  />
                  {a.stored ? null : (
                    <Button type="button" appearance="subtle-button" onClick={() => set({ areas: form.areas.filter((_, j) => j !== i) })}>
                      {t('estimates.removeArea', { n: i + 1 })}
                    </Button>
                  )}
                </Fieldset>
              ))}
              <ButtonGroup>
                <Button type="button" appearance="secondary-action-button" onClick={() => set({ areas: [...form.areas, { area: '', eligibleChildren: '', targetPercent: '', stored: false }] })}>
                  {t('estimates.addArea')}
                </Button>
                <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
                  {t('estimates.save')}
                </Button>
              </ButtonGroup>
            </form>
          </ErrorsProvider>
        </>
      )}
    </>
  );
}
