import { PeriodKind } from './periods';
import { histogramCount, percentileDays } from './percentiles';
import { suppressFigure, suppressRows } from './suppression';

/** One pre-aggregated bucket: municipality × period × postcode area, with nested counters. */
export interface Bucket {
  _id: string;
  municipalityCode: string;
  kind: PeriodKind;
  period: string;
  area: string;
  [counter: string]: unknown;
}

/** Eligible children for a school year, for the municipality (area `*`) or one postcode area, with the target. */
export interface EligibleEstimate {
  municipalityCode: string;
  schoolYear: string;
  area: string;
  eligibleChildren: number;
  targetPercent: number | null;
}

/** A fund as its catalogue last said (the funds topic): not about children, never suppressed. */
export interface FundInfo {
  fundId: string;
  name: string;
  municipalities: string[] | 'all';
  yearlyBudgetCents: number | null;
}

export type Tree = { [key: string]: number | Tree };

/** Adds nested counters together (buckets of several periods or areas). */
export function addTrees(into: Tree, from: Record<string, unknown>): Tree {
  for (const [key, value] of Object.entries(from)) {
    if (typeof value === 'number') into[key] = ((into[key] as number) ?? 0) + value;
    else if (value && typeof value === 'object' && !(value instanceof Date)) addTrees((into[key] ??= {}) as Tree, value as Record<string, unknown>);
  }
  return into;
}

const COUNTER_ROOTS = ['applications', 'childrenApplied', 'childrenReached', 'childrenFirstReachedInSchoolYear', 'households', 'needs', 'categories', 'funds', 'declines', 'unroutable', 'decisionDays', 'fulfilmentDays'];

export function sumBuckets(buckets: Bucket[]): Tree {
  const total: Tree = {};
  for (const b of buckets) addTrees(total, Object.fromEntries(COUNTER_ROOTS.filter((k) => k in b).map((k) => [k, b[k]])));
  return total;
}

const num = (tree: Tree | undefined, path: string): number => {
  let at: unknown = tree;
  for (const part of path.split('.')) at = (at as Tree | undefined)?.[part];
  return typeof at === 'number' ? at : 0;
};
const sub = (tree: Tree, key: string): Tree => (tree[key] as Tree) ?? {};

const percent = (part: number, whole: number | null | undefined) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

export interface ReportInput {
  municipalityCode: string;
  kind: PeriodKind;
  from: string;
  to: string;
  schoolYear: string;
  /** The periods of the series, in order. */
  periods: string[];
  /** Buckets of `kind` for those periods (every area). */
  rangeBuckets: Bucket[];
  /** School-year buckets of `schoolYear` (every area): the headline and the neighbourhood table. */
  yearBuckets: Bucket[];
  /** For a weekly or monthly trend: buckets of the same kind from the school year's start up to `from`, for cumulative uptake. */
  priorBuckets: Bucket[];
  estimates: EligibleEstimate[];
  /** The catalogue of the funds in the answer (missing: not yet heard of). */
  funds?: FundInfo[];
  threshold: number;
}

/** The answer for a municipality: every figure from the pre-aggregated buckets, small cells suppressed. */
export function buildUptakeReport(input: ReportInput) {
  const t = input.threshold;
  let applied = false;
  const track = <R>(result: { rows: R[]; applied: boolean }) => {
    applied ||= result.applied;
    return result.rows;
  };
  const fig = (value: number) => {
    const shown = suppressFigure(value, t);
    if (shown === null) applied = true;
    return shown;
  };

  const municipal = input.estimates.find((e) => e.area === '*' && e.schoolYear === input.schoolYear) ?? null;
  const year = sumBuckets(input.yearBuckets);
  const reachedYear = num(year, 'childrenReached');
  const headlineReached = fig(reachedYear);
  const headline = {
    schoolYear: input.schoolYear,
    applications: fig(num(year, 'applications')),
    childrenApplied: fig(num(year, 'childrenApplied')),
    childrenReached: headlineReached,
    eligibleChildren: municipal?.eligibleChildren ?? null,
    uptakePercent: headlineReached === null ? null : percent(reachedYear, municipal?.eligibleChildren),
    targetPercent: municipal?.targetPercent ?? null,
  };

  // Neighbourhoods: every area seen on events or given an estimate, for the school year.
  const areas = new Set<string>([...input.yearBuckets.map((b) => b.area), ...input.estimates.filter((e) => e.area !== '*' && e.schoolYear === input.schoolYear).map((e) => e.area)]);
  const neighbourhoodRows = [...areas].sort().map((area) => {
    const tree = sumBuckets(input.yearBuckets.filter((b) => b.area === area));
    const estimate = input.estimates.find((e) => e.area === area && e.schoolYear === input.schoolYear);
    const target = estimate?.targetPercent ?? municipal?.targetPercent ?? null;
    const reached = num(tree, 'childrenReached');
    const uptake = percent(reached, estimate?.eligibleChildren);
    return {
      area,
      applications: num(tree, 'applications'),
      childrenApplied: num(tree, 'childrenApplied'),
      childrenReached: reached,
      eligibleChildren: estimate?.eligibleChildren ?? null,
      uptakePercent: uptake,
      targetPercent: target,
      belowTargetPoints: uptake !== null && target !== null ? Math.round((target - uptake) * 10) / 10 : null,
    };
  });
  const neighbourhoods = track(
    suppressRows(neighbourhoodRows, t, {
      counts: ['applications', 'childrenApplied', 'childrenReached'],
      derived: { uptakePercent: 'childrenReached', belowTargetPoints: 'childrenReached' },
    }),
  );
  // Furthest below the municipality's own target first; areas without an estimate (or hidden) last.
  neighbourhoods.sort((a, b) => (b.belowTargetPoints ?? -Infinity) - (a.belowTargetPoints ?? -Infinity) || a.area.localeCompare(b.area));

  // Series: per period; for weeks and months the uptake is cumulative within the school year.
  let cumulative = num(sumBuckets(input.priorBuckets), 'childrenFirstReachedInSchoolYear');
  const seriesRows = input.periods.map((period) => {
    const tree = sumBuckets(input.rangeBuckets.filter((b) => b.period === period));
    const reached = num(tree, 'childrenReached');
    cumulative += num(tree, 'childrenFirstReachedInSchoolYear');
    const eligible = input.kind === 'school-year' ? input.estimates.find((e) => e.area === '*' && e.schoolYear === period)?.eligibleChildren : municipal?.eligibleChildren;
    return {
      period,
      applications: num(tree, 'applications'),
      childrenApplied: num(tree, 'childrenApplied'),
      childrenReached: reached,
      needsRequested: num(tree, 'needs.requested'),
      needsApproved: num(tree, 'needs.approved'),
      needsFulfilled: num(tree, 'needs.fulfilled'),
      childrenReachedSoFarInSchoolYear: input.kind === 'school-year' ? reached : cumulative,
      uptakePercent: percent(input.kind === 'school-year' ? reached : cumulative, eligible),
    };
  });
  const series = track(
    suppressRows(seriesRows, t, {
      counts: ['applications', 'childrenApplied', 'childrenReached', 'needsRequested', 'needsApproved', 'needsFulfilled', 'childrenReachedSoFarInSchoolYear'],
      derived: { uptakePercent: 'childrenReachedSoFarInSchoolYear' },
    }),
  );

  const range = sumBuckets(input.rangeBuckets);
  const funnel = {
    applications: fig(num(range, 'applications')),
    householdsEligible: fig(num(range, 'households.eligible')),
    householdsNotEligible: fig(num(range, 'households.notEligible')),
    needsRequested: fig(num(range, 'needs.requested')),
    needsRouted: fig(num(range, 'needs.routed')),
    needsApproved: fig(num(range, 'needs.approved')),
    needsFulfilled: fig(num(range, 'needs.fulfilled')),
    needsDeclined: fig(num(range, 'needs.declined')),
    needsUnroutable: fig(num(range, 'needs.unroutable')),
    needsWithdrawn: fig(num(range, 'needs.withdrawn')),
    needsDuplicate: fig(num(range, 'needs.duplicate')),
  };

  const categories = track(
    suppressRows(
      Object.keys(sub(range, 'categories'))
        .sort()
        .map((category) => {
          const c = sub(sub(range, 'categories'), category);
          return { category, requested: num(c, 'requested'), routed: num(c, 'routed'), approved: num(c, 'approved'), fulfilled: num(c, 'fulfilled'), unroutable: num(c, 'unroutable') };
        }),
      t,
      { counts: ['requested', 'routed', 'approved', 'fulfilled', 'unroutable'] },
    ),
  );

  const fundRows = track(
    suppressRows(
      Object.keys(sub(range, 'funds'))
        .sort()
        .map((fundId) => {
          const f = sub(sub(range, 'funds'), fundId);
          return {
            fundId,
            routed: num(f, 'routed'),
            approved: num(f, 'approved'),
            declined: num(f, 'declined'),
            withdrawn: num(f, 'withdrawn'),
            fulfilled: num(f, 'fulfilled'),
            informationRequested: num(f, 'informationRequested'),
            reopened: num(f, 'reopened'),
            reservedCents: num(f, 'reservedCents'),
            spentCents: num(f, 'spentCents'),
          };
        }),
      t,
      {
        counts: ['routed', 'approved', 'declined', 'withdrawn', 'fulfilled', 'informationRequested', 'reopened'],
        // Reserved money stands for requests routed or approved and not yet settled; spent money for fulfilled ones.
        derived: { reservedCents: 'routed', spentCents: 'fulfilled' },
      },
    ),
  );
  // Against the budget: the fund's whole yearly budget (for every municipality it serves) beside this municipality's money.
  const funds = fundRows.map((row) => {
    const info = input.funds?.find((f) => f.fundId === row.fundId);
    const budget = info?.yearlyBudgetCents ?? null;
    const used = row.reservedCents === null || row.spentCents === null ? null : row.reservedCents + row.spentCents;
    return {
      ...row,
      fundName: info?.name ?? null,
      yearlyBudgetCents: budget,
      budgetSharedWithOtherMunicipalities: info ? info.municipalities === 'all' || info.municipalities.some((m) => m !== input.municipalityCode) : null,
      budgetUsedPercent: budget && used !== null ? Math.round((used / budget) * 1000) / 10 : null,
    };
  });

  const declineTree = sub(range, 'declines');
  const reasons = [...new Set(Object.values(declineTree).flatMap((r) => Object.keys(r as Tree)))].sort();
  const declines = track(
    suppressRows(
      Object.keys(declineTree)
        .sort()
        .map((fundId) => ({ fundId, ...Object.fromEntries(reasons.map((r) => [r, num(declineTree, `${fundId}.${r}`)])) })),
      t,
      // The reasons of a fund add up to its declined column: rows have known totals too.
      { counts: reasons, rowTotals: true },
    ),
  );

  const unroutable = track(
    suppressRows(
      Object.keys(sub(range, 'unroutable'))
        .sort()
        .map((reason) => ({ reason, needs: num(range, `unroutable.${reason}`) })),
      t,
      { counts: ['needs'] },
    ),
  );

  const timing = (key: 'decisionDays' | 'fulfilmentDays') => {
    const histogram = sub(range, key) as Record<string, number>;
    const count = histogramCount(histogram);
    const hidden = count > 0 && count < t;
    if (hidden) applied = true;
    return {
      count: hidden ? null : count,
      medianDays: hidden ? null : percentileDays(histogram, 0.5),
      p90Days: hidden ? null : percentileDays(histogram, 0.9),
    };
  };

  return {
    municipalityCode: input.municipalityCode,
    period: input.kind,
    from: input.from,
    to: input.to,
    headline,
    series,
    neighbourhoods,
    funnel,
    categories,
    funds,
    declines: { reasons, rows: declines },
    unroutable,
    timing: { applicationToDecision: timing('decisionDays'), applicationToFulfilment: timing('fulfilmentDays') },
    suppression: { applied, threshold: t },
  };
}

export type UptakeReport = ReturnType<typeof buildUptakeReport>;
