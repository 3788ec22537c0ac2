import { Inject, Injectable } from '@nestjs/common';
import { UPTAKE_CONFIG, UptakeConfig } from '../../../config/uptake.config';
import { dutchDate, PeriodKind, periodsBetween, periodsOfDate, schoolYearRange } from '../../domain/periods';
import { buildUptakeReport, EligibleEstimate, UptakeReport } from '../../domain/uptake-report';
import { UptakeRepository } from '../../infrastructure/uptake.repository';

export interface ReportQuery {
  municipalityCode: string;
  kind: PeriodKind;
  /** YYYY-MM-DD; default: the start of the school year of `to`. */
  from?: string;
  /** YYYY-MM-DD; default: today. */
  to?: string;
}

/** Reads the buckets a question needs (from the municipality's own collection of a few hundred) and builds the answer from them. */
@Injectable()
export class ReportUptakeUseCase {
  constructor(
    @Inject(UptakeRepository) private readonly repository: UptakeRepository,
    @Inject(UPTAKE_CONFIG) private readonly config: UptakeConfig,
  ) {}

  async report(query: ReportQuery): Promise<UptakeReport> {
    const to = query.to ?? dutchDate(new Date());
    const schoolYear = periodsOfDate(to)['school-year'];
    const from = query.from ?? schoolYearRange(schoolYear).from;
    const periods = periodsBetween(query.kind, from, to);
    const yearStart = schoolYearRange(schoolYear).from;
    // Cumulative uptake on a weekly or monthly trend counts from the school year's start, also before `from`.
    const prior = query.kind !== 'school-year' && yearStart < from ? periodsBetween(query.kind, yearStart, previousDay(from)).filter((p) => !periods.includes(p)) : [];
    const [{ municipal, areas: yearBuckets }, estimates, funds] = await Promise.all([
      this.repository.bucketsFor(query.municipalityCode, query.kind, [...periods, ...prior], schoolYear),
      this.repository.estimatesOf(query.municipalityCode),
      this.repository.funds(),
    ]);
    const inRange = new Set(periods);
    const rangeBuckets = municipal.filter((b) => inRange.has(b.period));
    const priorBuckets = municipal.filter((b) => !inRange.has(b.period));
    return buildUptakeReport({
      municipalityCode: query.municipalityCode,
      kind: query.kind,
      from,
      to,
      schoolYear,
      periods,
      rangeBuckets,
      yearBuckets,
      priorBuckets,
      estimates,
      funds,
      threshold: this.config.SUPPRESS_BELOW,
    });
  }

  estimates(municipalityCode: string): Promise<EligibleEstimate[]> {
    return this.repository.estimatesOf(municipalityCode);
  }

  async putEstimates(estimates: EligibleEstimate[], onlyIfMissing = false): Promise<void> {
    for (const estimate of estimates) await this.repository.putEstimate(estimate, onlyIfMissing);
  }
}

const previousDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
