import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, EventEnvelope, incomeCheckCompletedV1, PayloadOf, incomeDeclaredV1 } from '@fund-desk/contracts';
import { DomainError } from '@fund-desk/platform';
import { addMonths, assessIncome } from '../../domain/income-check';
import { normFor, normInForce } from '../../domain/norms';
import { IncomeChecksRepository } from '../../infrastructure/income-checks.repository';

/**
 * Checks a declared household income against the norm in force and the municipality's limit, stores the
 * check with its raw figures here, and publishes only the outcome. The check id is the application id, so
 * a redelivered declaration finds the check already stored and publishes nothing new.
 */
@Injectable()
export class CompleteCheckUseCase {
  private readonly logger = new Logger(CompleteCheckUseCase.name);

  constructor(@Inject(IncomeChecksRepository) private readonly repository: IncomeChecksRepository) {}

  async execute(declared: EventEnvelope<PayloadOf<typeof incomeDeclaredV1>>): Promise<void> {
    const p = declared.payload;
    const municipality = await this.repository.municipality(p.municipalityCode);
    if (!municipality) throw new DomainError('UNKNOWN_MUNICIPALITY', 'invalid', `Unknown municipality ${p.municipalityCode}`);
    const row = normInForce(await this.repository.listNorms(), p.checkDate);
    if (!row) throw new DomainError('NO_NORM', 'unavailable', `No social-assistance norm in force on ${p.checkDate}`);
    const normCents = normFor(row, p.composition);
    const assessment = assessIncome({
      composition: p.composition,
      netMonthlyIncomeCents: p.netMonthlyIncomeCents,
      circumstances: p.circumstances,
      normCents,
      limitPercent: municipality.incomeLimitPercent,
    });
    const validUntil = addMonths(p.checkDate, municipality.validityMonths);
    const checkId = p.applicationId;
    const completed = createEvent(incomeCheckCompletedV1, {
      correlationId: declared.correlationId,
      causationId: declared.id,
      producer: 'income-checks',
      payload: {
        checkId,
        applicationId: p.applicationId,
        municipalityCode: p.municipalityCode,
        outcome: assessment.outcome,
        percentageOfNorm: assessment.percentageOfNorm,
        normRatioPpm: assessment.normRatioPpm,
        municipalityLimitPercent: municipality.incomeLimitPercent,
        basis: assessment.basis,
        circumstances: p.circumstances,
        validUntil,
      },
    });
    const stored = await this.repository.insertCheck(
      {
        id: checkId,
        applicationId: p.applicationId,
        municipalityCode: p.municipalityCode,
        composition: p.composition,
        netMonthlyIncomeCents: p.netMonthlyIncomeCents,
        circumstances: p.circumstances,
        checkDate: p.checkDate,
        normCents,
        limitPercent: municipality.incomeLimitPercent,
        outcome: assessment.outcome,
        percentageOfNorm: assessment.percentageOfNorm,
        basis: assessment.basis,
        validUntil,
        createdAt: new Date(),
      },
      [completed],
    );
    if (!stored) this.logger.debug({ msg: 'Check already stored; nothing to do' });
  }
}
