// A municipality's uptake: how many of the children entitled to help the desk reaches, per period and per neighbourhood,
// and what happens to what families ask for. Aggregates only; the API hides figures about too few children.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { api, Problem, Session, UptakePeriod, UptakeQuery, UptakeReport, UptakeTable } from '../api';
import { PageTitle } from '../app';
import { BarChart } from '../bar-chart';
import { DownloadLink, Figure, FigureColumn, FigureSection, FigureTable, useFormat } from '../figures';
import { asProblem, ErrorsProvider, ErrorSummary, ProblemAlert, RadioGroup, SelectField, TextField } from '../forms';
import { useI18n } from '../i18n';
import type { TextKey } from '../i18n';
import { Link, navigate, useQuery } from '../router';
import { MUNICIPALITIES } from '../vocabulary';

const PERIODS: UptakePeriod[] = ['month', 'week', 'school-year'];

export const municipalityName = (code: string) => MUNICIPALITIES.find((m) => m.code === code)?.name ?? code;

/** The municipality a page is about: the officer's own; an administrator's choice (`?code=`), else the first. */
export function useMunicipalityCode(session: Session): string {
  const query = useQuery();
  return session.role === 'municipality' ? session.municipalityCode! : query.get('code') || MUNICIPALITIES[0].code;
}

/** Names of the API's periods: `2026-W47` → week 47 of 2026; `2026-11` → november 2026; `2026-27` → school year 2026-2027. */
export function usePeriodNames(): (kind: UptakePeriod, key: string, longRange?: boolean) => { label: string; short: string } {
  const { t, lang } = useI18n();
  const locale = lang === 'en' ? 'en-GB' : 'nl-NL';
  const long = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  return (kind, key, longRange = false) => {
    const [year, part] = key.split(/-W?/);
    if (kind === 'week') return { label: t('period.week', { week: Number(part), year }), short: t('period.weekShort', { week: Number(part) }) };
    if (kind === 'month') {
      const at = new Date(Date.UTC(Number(year), Number(part) - 1, 15));
      const name = short.format(at).replace('.', '');
      return { label: long.format(at), short: longRange ? `${name} ${year.slice(2)}` : name };
    }
    return { label: t('period.schoolYear', { from: year, to: Number(year) + 1 }), short: key };
  };
}

interface Filter {
  code: string;
  period: UptakePeriod;
  from: string;
  to: string;
}

export function UptakePage({ session }: { session: Session }) {
  const { t } = useI18n();
  const query = useQuery();
  const code = useMunicipalityCode(session);
  const period = (PERIODS.includes(query.get('period') as UptakePeriod) ? query.get('period') : 'month') as UptakePeriod;
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const [form, setForm] = useState<Filter>({ code, period, from, to });
  const [report, setReport] = useState<UptakeReport | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let cancelled = false;
    setReport(null);
    setForm({ code, period, from, to });
    api.uptake(code, { period, from, to }).then(
      (r) => {
        if (cancelled) return;
        setProblem(null);
        setReport(r);
        // The API fills in a range left open (the school year so far): show it in the form.
        setForm((f) => ({ ...f, from: f.from || r.from, to: f.to || r.to }));
      },
      (e) => !cancelled && setProblem(asProblem(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [code, period, from, to]);

  const show = (event: FormEvent) => {
    event.preventDefault();
    if (form.from && form.to && form.from > form.to) {
      setProblem({ status: 400, title: t('errors.summaryTitle'), errors: [{ pointer: '/from', code: 'range', detail: t('uptake.rangeError') }] });
      return;
    }
    setProblem(null);
    const params = new URLSearchParams();
    if (session.role !== 'municipality') params.set('code', form.code);
    params.set('period', form.period);
    if (form.from) params.set('from', form.from);
    if (form.to) params.set('to', form.to);
    navigate(`/uptake?${params}`);
  };
  const set = (change: Partial<Filter>) => setForm((f) => ({ ...f, ...change }));
  const estimatesPath = session.role === 'municipality' ? '/uptake/estimates' : `/uptake/estimates?code=${code}`;

  return (
    <>
      <PageTitle>{t('uptake.title', { name: municipalityName(code) })}</PageTitle>
      <Paragraph lead>{t('uptake.intro')}</Paragraph>
      <ErrorSummary problem={problem?.errors?.length ? problem : null} labelOf={(p) => t(`uptake.field.${p.slice(1)}` as TextKey)} />
      <ProblemAlert problem={problem} />
      <ErrorsProvider value={problem?.errors ?? []}>
        <form onSubmit={show} noValidate className="form filters uptake-filters" aria-label={t('uptake.filters')}>
          {session.role !== 'municipality' ? (
            <SelectField pointer="/code" label={t('uptake.field.code')} value={form.code} onChange={(v) => set({ code: v })} options={MUNICIPALITIES.map((m) => ({ value: m.code, label: m.name }))} />
          ) : null}
          <RadioGroup pointer="/period" legend={t('uptake.field.period')} value={form.period} onChange={(v) => set({ period: v as UptakePeriod })} options={PERIODS.map((p) => ({ value: p, label: t(`uptake.per.${p}` as TextKey) }))} />
          <TextField pointer="/from" label={t('uptake.field.from')} type="date" value={form.from} onChange={(v) => set({ from: v })} width="m" />
          <TextField pointer="/to" label={t('uptake.field.to')} type="date" value={form.to} onChange={(v) => set({ to: v })} width="m" />
          <div>
            <Button type="submit" appearance="primary-action-button">
              {t('uptake.show')}
            </Button>
          </div>
        </form>
      </ErrorsProvider>
      {report ? (
        <Report report={report} estimatesPath={estimatesPath} />
      ) : problem ? null : (
        <Paragraph role="status">{t('common.loading')}</Paragraph>
      )}
      <Paragraph className="hint">
        {t('uptake.estimatesHint')} <Link to={estimatesPath}>{t('uptake.toEstimates')}</Link>
      </Paragraph>
    </>
  );
}

function Report({ report, estimatesPath }: { report: UptakeReport; estimatesPath: string }) {
  const { t, word, date } = useI18n();
  const format = useFormat();
  const names = usePeriodNames();
  const { headline: h, suppression } = report;
  const query: UptakeQuery = { period: report.period, from: report.from, to: report.to };
  const csv = (table: UptakeTable, title: string) => ({
    path: api.uptakeCsvPath(report.municipalityCode, table, query),
    filename: `${t('uptake.filePrefix')}-${report.municipalityCode}-${table}-${report.from}-${report.to}.csv`,
    children: t('uptake.csv', { table: title }),
  });
  const year = names('school-year', h.schoolYear).label;
  const longRange = report.series.length > 12;
  const periodName = (key: string) => names(report.period, key, longRange);

  // The chart: uptake in percent where the eligible children are known, else the number of children reached.
  const inPercent = report.series.some((s) => s.uptakePercent !== null);
  const chartKey = inPercent ? 'uptakePercent' : 'childrenReachedSoFarInSchoolYear';
  const bars = report.series.map((s) => ({ ...periodName(s.period), value: s[chartKey], hidden: s.suppressed.includes(chartKey) }));
  const chartFormat = (v: number) => format(v, inPercent ? 'percent' : 'count');
  const shownBars = bars.filter((b) => b.value !== null);
  const target = inPercent && report.period !== 'school-year' ? h.targetPercent : null;
  const description = [
    shownBars.length
      ? t('uptake.chart.range', { from: shownBars[0].label, to: shownBars[shownBars.length - 1].label, first: chartFormat(shownBars[0].value!), last: chartFormat(shownBars[shownBars.length - 1].value!) })
      : t('uptake.chart.nothing'),
    target !== null ? t('uptake.chart.target', { target: format(target, 'percent') }) : '',
    bars.some((b) => b.hidden) ? t('uptake.chart.hidden', { n: bars.filter((b) => b.hidden).length }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const cumulative = report.period !== 'school-year';
  const legend = [t(inPercent ? (cumulative ? 'uptake.legend.percentSoFar' : 'uptake.legend.percent') : cumulative ? 'uptake.legend.countSoFar' : 'uptake.legend.count'), target !== null ? t('uptake.legend.target') : '']
    .filter(Boolean)
    .join(' ');

  const reached = h.childrenReached;
  const sentence =
    reached === null
      ? t('uptake.reachedHidden', { n: suppression.threshold })
      : h.eligibleChildren === null
        ? t('uptake.reachedNoEstimate', { reached: format(reached) })
        : t('uptake.reached', { reached: format(reached), eligible: format(h.eligibleChildren), percent: h.uptakePercent === null ? '–' : format(h.uptakePercent, 'percent') });
  const targetSentence =
    h.targetPercent === null
      ? t('uptake.noTarget')
      : h.uptakePercent === null
        ? t('uptake.target', { target: format(h.targetPercent, 'percent') })
        : h.uptakePercent >= h.targetPercent
          ? t('uptake.targetReached', { target: format(h.targetPercent, 'percent') })
          : t('uptake.targetToGo', { target: format(h.targetPercent, 'percent'), points: format(Math.round((h.targetPercent - h.uptakePercent) * 10) / 10) });

  const steps = (keys: (keyof UptakeReport['funnel'])[], base?: (key: string) => number | null) =>
    keys.map((key) => ({ step: key, value: report.funnel[key], share: base?.(key) ?? null }));
  const share = (value: number | null, whole: number | null) => (value !== null && whole ? value / whole : null);
  const funnelMain = steps(['applications', 'householdsEligible', 'needsRequested', 'needsRouted', 'needsApproved', 'needsFulfilled'], (key) =>
    key === 'applications' || key === 'householdsEligible'
      ? share(report.funnel[key as 'applications'], report.funnel.applications)
      : share(report.funnel[key as 'needsRequested'], report.funnel.needsRequested),
  );
  const funnelStopped = steps(['householdsNotEligible', 'needsDeclined', 'needsUnroutable', 'needsWithdrawn', 'needsDuplicate']);
  const timing = (['applicationToDecision', 'applicationToFulfilment'] as const).map((measure) => {
    const m = report.timing[measure];
    return { measure, ...m, suppressed: m.count === null ? ['count', 'medianDays', 'p90Days'] : [] };
  });
  const col = <R,>(key: keyof R & string, label: TextKey, kind?: FigureColumn<R>['kind']): FigureColumn<R> => ({ key, label: t(label), kind });
  const seriesTitle = t(`uptake.seriesTitle.${report.period}` as TextKey);

  return (
    <div className="uptake">
      <Paragraph role="status" className="uptake-range">
        {t('uptake.range', { from: date(report.from), to: date(report.to) })}
      </Paragraph>
      {suppression.applied ? (
        <Alert type="info">
          <Paragraph id="suppression-note">{t('uptake.suppressionNote', { n: suppression.threshold, hidden: t('figures.hidden') })}</Paragraph>
        </Alert>
      ) : null}

      <section aria-labelledby="headline-title">
        <Heading level={2} id="headline-title" className="section-title">
          {t('uptake.headlineTitle', { year })}
        </Heading>
        <Paragraph>
          {sentence} {targetSentence}
        </Paragraph>
        {h.uptakePercent !== null ? (
          <div className="meter meter--uptake" aria-hidden="true">
            <span className="meter__spent" style={{ width: `${Math.min(100, h.uptakePercent)}%` }} />
            {h.targetPercent !== null ? <span className="meter__target" style={{ left: `${h.targetPercent}%` }} /> : null}
          </div>
        ) : null}
        <dl className="summary headline">
          {(
            [
              ['uptake.childrenReached', h.childrenReached, 'count', true],
              ['uptake.eligibleChildren', h.eligibleChildren, 'count', false],
              ['uptake.uptake', h.uptakePercent, 'percent', reached === null],
              ['uptake.targetPercent', h.targetPercent, 'percent', false],
              ['uptake.applications', h.applications, 'count', true],
              ['uptake.childrenApplied', h.childrenApplied, 'count', true],
            ] as const
          ).map(([label, value, kind, hidden]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>
                <Figure value={value} hidden={hidden} kind={kind} />
              </dd>
            </div>
          ))}
        </dl>
        {h.eligibleChildren === null ? (
          <Paragraph>
            <Link to={estimatesPath}>{t('uptake.setEstimate')}</Link>
          </Paragraph>
        ) : null}
        <DownloadLink {...csv('headline', t('uptake.headlineTable'))} />
      </section>

      <section aria-labelledby="series-title">
        <Heading level={2} id="series-title" className="section-title">
          {seriesTitle}
        </Heading>
        <BarChart title={t('uptake.chart.title', { per: seriesTitle.toLowerCase() })} description={description} legend={legend} bars={bars} target={target} format={chartFormat} />
        <FigureTable
          caption={t('uptake.seriesCaption', { per: seriesTitle.toLowerCase() })}
          rowHeader={t('uptake.period')}
          rowLabel={(s) => periodName(s.period).label}
          rows={report.series}
          columns={[
            col('applications', 'uptake.applications'),
            col('childrenApplied', 'uptake.childrenApplied'),
            col('childrenReached', 'uptake.childrenReached'),
            col('needsRequested', 'uptake.needsRequested'),
            col('needsApproved', 'uptake.needsApproved'),
            col('needsFulfilled', 'uptake.needsFulfilled'),
            col('childrenReachedSoFarInSchoolYear', cumulative ? 'uptake.reachedSoFar' : 'uptake.childrenReached'),
            col('uptakePercent', 'uptake.uptake', 'percent'),
          ]}
          empty={t('uptake.none')}
          csv={csv('series', seriesTitle)}
        />
      </section>

      <section aria-labelledby="neighbourhoods-title">
        <Heading level={2} id="neighbourhoods-title" className="section-title">
          {t('uptake.neighbourhoodsTitle')}
        </Heading>
        <Paragraph>{t('uptake.neighbourhoodsIntro', { year })}</Paragraph>
        <FigureTable
          caption={t('uptake.neighbourhoodsTitle')}
          captionHidden
          rowHeader={t('uptake.area')}
          rowLabel={(n) => n.area}
          rows={report.neighbourhoods}
          columns={[
            col('applications', 'uptake.applications'),
            col('childrenApplied', 'uptake.childrenApplied'),
            col('childrenReached', 'uptake.childrenReached'),
            col('eligibleChildren', 'uptake.eligibleChildren'),
            col('uptakePercent', 'uptake.uptake', 'percent'),
            col('targetPercent', 'uptake.targetPercent', 'percent'),
            col('belowTargetPoints', 'uptake.belowTarget', 'points'),
          ]}
          empty={t('uptake.none')}
          csv={csv('neighbourhoods', t('uptake.neighbourhoodsTitle'))}
        />
      </section>

      <section aria-labelledby="funnel-title">
        <Heading level={2} id="funnel-title" className="section-title">
          {t('uptake.funnelTitle')}
        </Heading>
        <Paragraph>{t('uptake.funnelIntro')}</Paragraph>
        <FigureTable
          caption={t('uptake.funnelSteps')}
          rowHeader={t('uptake.step')}
          rowLabel={(s) => t(`uptake.funnel.${s.step}` as TextKey)}
          rows={funnelMain}
          columns={[{ key: 'value', label: t('uptake.number'), bar: (s) => s.share }]}
          empty={t('uptake.none')}
        />
        <FigureTable
          caption={t('uptake.funnelStopped')}
          rowHeader={t('uptake.step')}
          rowLabel={(s) => t(`uptake.funnel.${s.step}` as TextKey)}
          rows={funnelStopped}
          columns={[{ key: 'value', label: t('uptake.number') }]}
          empty={t('uptake.none')}
          csv={csv('funnel', t('uptake.funnelTitle'))}
        />
      </section>

      <FigureSection
        id="categories-title"
        title={t('uptake.categoriesTitle')}
        rowHeader={t('uptake.category')}
        rowLabel={(c) => word('category', c.category)}
        rows={report.categories}
        columns={[
          col('requested', 'uptake.needsRequested'),
          col('routed', 'uptake.needsRouted'),
          col('approved', 'uptake.needsApproved'),
          col('fulfilled', 'uptake.needsFulfilled'),
          col('unroutable', 'uptake.needsUnroutable'),
        ]}
        empty={t('uptake.none')}
        csv={csv('categories', t('uptake.categoriesTitle'))}
      />

      <FigureSection
        id="funds-title"
        title={t('uptake.fundsTitle')}
        rowHeader={t('uptake.fund')}
        rowLabel={(f) => f.fundName ?? word('fund', f.fundId)}
        rows={report.funds}
        columns={[
          col('routed', 'uptake.needsRouted'),
          col('approved', 'uptake.needsApproved'),
          col('declined', 'uptake.needsDeclined'),
          col('fulfilled', 'uptake.needsFulfilled'),
          col('reservedCents', 'uptake.reserved', 'euro'),
          col('spentCents', 'uptake.spent', 'euro'),
          col('yearlyBudgetCents', 'uptake.yearlyBudget', 'euro'),
          col('budgetUsedPercent', 'uptake.budgetUsed', 'percent'),
        ]}
        empty={t('uptake.none')}
        csv={csv('funds', t('uptake.fundsTitle'))}
      >
      {report.funds.length ? <Paragraph className="hint">{t('uptake.budgetHint')}</Paragraph> : null}
      </FigureSection>

      <FigureSection
        id="declines-title"
        title={t('uptake.declinesTitle')}
        rowHeader={t('uptake.fund')}
        rowLabel={(r) => word('fund', r.fundId)}
        rows={report.declines.rows}
        columns={report.declines.reasons.map((reason) => ({ key: reason, label: word('reason', reason) }))}
        empty={t('uptake.noDeclines')}
        csv={csv('declines', t('uptake.declinesTitle'))}
      />

      <FigureSection
        id="unroutable-title"
        title={t('uptake.unroutableTitle')}
        rowHeader={t('uptake.why')}
        rowLabel={(u) => word('unroutable', u.reason)}
        rows={report.unroutable}
        columns={[col('needs', 'uptake.needsRequested')]}
        empty={t('uptake.noUnroutable')}
        csv={csv('unroutable', t('uptake.unroutableTitle'))}
      />

      <FigureSection
        id="timing-title"
        title={t('uptake.timingTitle')}
        rowHeader={t('uptake.measure')}
        rowLabel={(m) => t(`uptake.timing.${m.measure}` as TextKey)}
        rows={timing}
        columns={[col('count', 'uptake.timingCount'), col('medianDays', 'uptake.median', 'days'), col('p90Days', 'uptake.p90', 'days')]}
        empty={t('uptake.none')}
        csv={csv('timing', t('uptake.timingTitle'))}
      />
    </div>
  );
}
