import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope, PayloadOf } from '@fund-desk/contracts';
import { incomeDeclaredV1 } from '@fund-desk/contracts';
import type { IncomeCheck } from '../../domain/check';
import { DataProtection } from '../../infrastructure/data-protection';
import { IncomeChecksRepository } from '../../infrastructure/income-checks.repository';
import { RegisterLookupQueue } from '../../jobs/register-lookup.queue';
import { CheckCompletion } from '../complete-check/check-completion';

type Declared = PayloadOf<typeof incomeDeclaredV1>;

/**
 * A declaration arrives with an application. A household with a valid check gets that result again,
 * without a new register call. Otherwise a new check: from the municipality's register when the parent
 * gave a BSN and the municipality has one (a job with retries; a register that stays down means evidence
 * is needed, never a lost application), or from the declared income.
 * The check id is the application id, so a redelivered declaration changes nothing; nor does one for an
 * erased application.
 */
@Injectable()
export class ReceiveDeclarationUseCase {
  private readonly logger = new Logger(ReceiveDeclarationUseCase.name);

  constructor(
    @Inject(IncomeChecksRepository) private readonly repository: IncomeChecksRepository,
    @Inject(CheckCompletion) private readonly completion: CheckCompletion,
    @Inject(DataProtection) private readonly protection: DataProtection,
    @Inject(RegisterLookupQueue) private readonly registerQueue: RegisterLookupQueue,
  ) {}

  async execute(declared: EventEnvelope<Declared>): Promise<void> {
    const p = declared.payload;
    // Erased before (or while) its declaration came: nothing of it is stored again.
    if (await this.repository.isErased(p.applicationId)) return;
    const householdKey = p.bsn
      ? this.protection.householdKey('bsn', p.bsn)
      : p.householdRef
        ? this.protection.householdKey('ref', p.householdRef)
        : null;

    if (householdKey && (await this.reuse(householdKey, declared))) return;

    const check: IncomeCheck = {
      id: p.applicationId,
      householdKey,
      municipalityCode: p.municipalityCode,
      composition: p.composition,
      declaredIncomeCents: p.netMonthlyIncomeCents,
      circumstances: p.circumstances,
      checkDate: p.checkDate,
      bsnSealed: p.bsn ? this.protection.sealBsn(p.applicationId, p.bsn) : null,
      owners: p.applicant ? [p.applicant.subject] : [],
      applications: [p.applicationId],
      status: 'awaiting-register',
      evidenceReason: null,
      outcome: null,
      basis: 'none',
      assessedIncomeCents: null,
      normCents: null,
      limitPercent: 100,
      percentageOfNorm: null,
      normRatioPpm: null,
      validUntil: null,
      explanation: null,
      createdAt: new Date(),
      completedAt: null,
    };

    if (p.bsn && this.registerQueue.serves(p.municipalityCode)) {
      await this.repository.insertCheck(check, []);
      // Also after a redelivery: the job id is the check id, so it is queued once.
      await this.registerQueue.enqueue(p.municipalityCode, check.id);
      return;
    }

    const completed: IncomeCheck = {
      ...check,
      ...(await this.completion.assess(check, {
        incomeCents: p.netMonthlyIncomeCents,
        composition: p.composition,
        circumstances: p.circumstances,
        basis: 'declared-income',
      })),
    };
    const stored = await this.repository.insertCheck(completed, this.completion.events(completed, [p.applicationId], { causationId: declared.id }));
    if (stored && householdKey && completed.validUntil) {
      await this.repository.saveHousehold({
        key: householdKey,
        checkId: completed.id,
        municipalityCode: completed.municipalityCode,
        composition: completed.composition,
        validUntil: completed.validUntil,
      });
    }
  }

  /** Answers the application with the household's valid check, if it has one that still fits. */
  private async reuse(householdKey: string, declared: EventEnvelope<Declared>): Promise<boolean> {
    const p = declared.payload;
    const household = await this.repository.household(householdKey);
    if (!household || household.validUntil < p.checkDate) return false;
    if (household.municipalityCode !== p.municipalityCode || household.composition !== p.composition) return false;
    if (household.checkId === p.applicationId) return false; // this declaration made the check: a redelivery
    const check = await this.repository.findCheck(household.checkId);
    if (!check || check.status !== 'completed') return false;
    await this.repository.linkApplication(
      p.applicationId,
      check.id,
      this.completion.events(check, [p.applicationId], { causationId: declared.id }, true),
    );
    this.logger.log({ msg: 'Reused the household check', checkId: check.id });
    return true;
  }
}
