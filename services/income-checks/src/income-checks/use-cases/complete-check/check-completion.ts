import { Inject, Injectable } from '@nestjs/common';
import type { Circumstance, Composition, EventEnvelope } from '@fund-desk/contracts';
import { createEvent, incomeCheckCompletedV2 } from '@fund-desk/contracts';
import { DomainError } from '@fund-desk/platform';
import type { IncomeCheck } from '../../domain/check';
import { Basis, EvidenceReason, explainAssessment, explainEvidenceNeeded } from '../../domain/explanation';
import { addMonths, assessIncome } from '../../domain/income-check';
import { normFor, normInForce } from '../../domain/norms';
import { IncomeChecksRepository } from '../../infrastructure/income-checks.repository';

export interface IncomeFacts {
  incomeCents: number;
  composition: Composition;
  circumstances: Circumstance[];
  basis: Basis;
}

/**
 * Turns facts about a household into a check outcome, and a check into the events that tell each of its
 * applications. Shared by the declaration, the register job and the evidence review.
 */
@Injectable()
export class CheckCompletion {
  constructor(@Inject(IncomeChecksRepository) private readonly repository: IncomeChecksRepository) {}

  /** The outcome for these facts, as the changes to store on the check. */
  async assess(check: Pick<IncomeCheck, 'municipalityCode' | 'checkDate'>, facts: IncomeFacts): Promise<Partial<IncomeCheck>> {
    const municipality = await this.repository.municipality(check.municipalityCode);
    if (!municipality) throw new DomainError('UNKNOWN_MUNICIPALITY', 'invalid', `Unknown municipality ${check.municipalityCode}`);
    const row = normInForce(await this.repository.listNorms(), check.checkDate);
    if (!row) throw new DomainError('NO_NORM', 'unavailable', `No social-assistance norm in force on ${check.checkDate}`);
    const normCents = normFor(row, facts.composition);
    const assessment = assessIncome({
      composition: facts.composition,
      netMonthlyIncomeCents: facts.incomeCents,
      circumstances: facts.circumstances,
      normCents,
      limitPercent: municipality.incomeLimitPercent,
    });
    const basis: Basis = assessment.basis === 'circumstance' ? 'circumstance' : facts.basis;
    return {
      status: 'completed',
      evidenceReason: null,
      outcome: assessment.outcome,
      basis,
      composition: facts.composition,
      circumstances: facts.circumstances,
      assessedIncomeCents: facts.incomeCents,
      normCents,
      limitPercent: municipality.incomeLimitPercent,
      percentageOfNorm: assessment.percentageOfNorm,
      normRatioPpm: assessment.normRatioPpm,
      validUntil: addMonths(check.checkDate, municipality.validityMonths),
      explanation: explainAssessment(assessment, basis, municipality.incomeLimitPercent, facts.circumstances),
      completedAt: new Date(),
    };
  }

  async evidenceNeeded(check: Pick<IncomeCheck, 'municipalityCode'>, reason: EvidenceReason): Promise<Partial<IncomeCheck>> {
    const municipality = await this.repository.municipality(check.municipalityCode);
    return {
      status: 'needs-evidence',
      evidenceReason: reason,
      outcome: 'needs-evidence',
      basis: 'none',
      limitPercent: municipality?.incomeLimitPercent ?? 100,
      percentageOfNorm: null,
      normRatioPpm: null,
      validUntil: null,
      explanation: explainEvidenceNeeded(reason),
    };
  }

  /** One outcome event per application the check answers. */
  events(check: IncomeCheck, applicationIds: string[], cause: { correlationId?: string; causationId: string | null }, reused = false): EventEnvelope[] {
    return applicationIds.map((applicationId) =>
      createEvent(incomeCheckCompletedV2, {
        correlationId: applicationId,
        causationId: cause.causationId,
        producer: 'income-checks',
        payload: {
          checkId: check.id,
          applicationId,
          municipalityCode: check.municipalityCode,
          outcome: check.outcome ?? 'needs-evidence',
          percentageOfNorm: check.percentageOfNorm,
          normRatioPpm: check.normRatioPpm,
          municipalityLimitPercent: check.limitPercent,
          basis: check.basis,
          circumstances: check.circumstances,
          validUntil: check.validUntil,
          reused,
          explanation: check.explanation ?? explainEvidenceNeeded('register-unavailable'),
        },
      }),
    );
  }

  /** Moves a check to its new state and tells its applications; remembers a final result for the household. */
  async apply(check: IncomeCheck, changes: Partial<IncomeCheck>, causationId: string | null): Promise<boolean> {
    const next: IncomeCheck = { ...check, ...changes };
    const moved = await this.repository.transition(check.id, check.status, changes, this.events(next, next.applications, { causationId }));
    if (moved && next.status === 'completed' && next.householdKey && next.validUntil) {
      await this.repository.saveHousehold({
        key: next.householdKey,
        checkId: next.id,
        municipalityCode: next.municipalityCode,
        composition: next.composition,
        validUntil: next.validUntil,
      });
    }
    return moved;
  }
}
