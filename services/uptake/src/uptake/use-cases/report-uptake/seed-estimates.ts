import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { dutchDate, periodsOfDate } from '../../domain/periods';
import { ReportUptakeUseCase } from './report-uptake.use-case';

/**
 * Starting estimates from the product brief, for the current and the previous school year, written only where
 * none exists (an administrator's or officer's figure is never overwritten). Leeuwarden: one child in six grows
 * up in poverty, about 3,000 children. Eindhoven: about 5,600 eligible children (about half were reached).
 * No target is assumed: the municipality sets its own.
 */
export const SEED_ESTIMATES = [
  { municipalityCode: 'GM0080', eligibleChildren: 3000 },
  { municipalityCode: 'GM0772', eligibleChildren: 5600 },
];

@Injectable()
export class SeedEstimates implements OnApplicationBootstrap {
  constructor(@Inject(ReportUptakeUseCase) private readonly reports: ReportUptakeUseCase) {}

  async onApplicationBootstrap(): Promise<void> {
    const current = periodsOfDate(dutchDate(new Date()))['school-year'];
    const start = Number(current.slice(0, 4));
    const years = [current, `${start - 1}-${String(start % 100).padStart(2, '0')}`];
    await this.reports.putEstimates(
      years.flatMap((schoolYear) => SEED_ESTIMATES.map((s) => ({ ...s, schoolYear, area: '*', targetPercent: null }))),
      true,
    );
  }
}
