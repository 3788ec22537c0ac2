import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Circumstance } from '@fund-desk/contracts';
import { CircuitBreaker, CircuitOpen } from '@fund-desk/platform';
import { DataProtection } from '../../infrastructure/data-protection';
import { IncomeChecksRepository } from '../../infrastructure/income-checks.repository';
import { HttpRegisterClient, RegisterResult, RegisterUnavailable } from '../../infrastructure/register.client';
import { CheckCompletion } from '../complete-check/check-completion';

export const REGISTER_BREAKER = 'REGISTER_BREAKER';

/**
 * Asks the municipality's register about a household and completes its check. A register that is
 * unavailable (or whose circuit is open) makes this throw, so the job is retried with backoff; after the
 * last attempt `giveUp` asks for evidence instead.
 */
@Injectable()
export class RegisterLookupUseCase {
  private readonly logger = new Logger(RegisterLookupUseCase.name);

  constructor(
    @Inject(IncomeChecksRepository) private readonly repository: IncomeChecksRepository,
    @Inject(CheckCompletion) private readonly completion: CheckCompletion,
    @Inject(DataProtection) private readonly protection: DataProtection,
    @Inject(HttpRegisterClient) private readonly register: HttpRegisterClient,
    @Inject(REGISTER_BREAKER) private readonly breaker: CircuitBreaker,
  ) {}

  async lookup(checkId: string): Promise<void> {
    const check = await this.repository.findCheck(checkId);
    if (!check || check.status !== 'awaiting-register' || !check.bsnSealed) return;
    const bsn = this.protection.openBsn(check.id, check.bsnSealed);
    let result: RegisterResult;
    try {
      result = await this.breaker.run(
        check.municipalityCode,
        () => this.register.lookup(check.municipalityCode, bsn),
        (error) => error instanceof RegisterUnavailable,
      );
    } catch (error) {
      // Unavailable or circuit open: let the job retry. Anything else (a refused token, a malformed answer)
      // will not get better by retrying: ask for evidence now, and say why in the log.
      if (error instanceof RegisterUnavailable || error instanceof CircuitOpen) throw error;
      this.logger.error({ msg: 'Register answered unusably; asking for evidence', checkId, error: (error as Error).message });
      await this.giveUp(checkId);
      return;
    }
    if (result.kind === 'not-found') {
      await this.completion.apply(check, await this.completion.evidenceNeeded(check, 'register-unknown-person'), null);
      return;
    }
    const { answer } = result;
    // The register knows about social assistance and debt relief; a food-bank registration only the parent can tell.
    const circumstances: Circumstance[] = [
      ...(answer.socialAssistance ? (['social-assistance'] as const) : []),
      ...(answer.debtRelief ? (['debt-relief'] as const) : []),
      ...check.circumstances.filter((c) => c === 'food-bank'),
    ];
    const changes = await this.completion.assess(check, {
      incomeCents: answer.netMonthlyIncomeCents,
      composition: answer.composition,
      circumstances,
      basis: 'register',
    });
    await this.completion.apply(check, changes, null);
  }

  /** The register stayed unavailable through every retry: ask the parent for evidence. */
  async giveUp(checkId: string): Promise<void> {
    const check = await this.repository.findCheck(checkId);
    if (!check || check.status !== 'awaiting-register') return;
    await this.completion.apply(check, await this.completion.evidenceNeeded(check, 'register-unavailable'), null);
  }
}
