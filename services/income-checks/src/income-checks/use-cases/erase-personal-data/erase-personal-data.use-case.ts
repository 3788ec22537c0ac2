import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PayloadOf, personalDataErasureRequestedV1 } from '@fund-desk/contracts';
import { EvidenceRepository } from '../../infrastructure/evidence.repository';
import { IncomeChecksRepository } from '../../infrastructure/income-checks.repository';

/** Checks are known by application here; the person's account finds nothing more (their audit entries stay, see below). */
export type ErasePersonalDataCommand = Pick<PayloadOf<typeof personalDataErasureRequestedV1>, 'applicationIds'>;

export interface ErasureReport {
  /** Checks erased, or marked erased before their declaration came (one per application). */
  checks: number;
  evidence: number;
  households: number;
  links: number;
}

/**
 * Honours `personal-data.erasure-requested`. The checks concerned are the applications' own (a check's id is
 * the id of the application it was made for). An application that reused another one's check loses only the
 * link to it: that check belongs to the other application, which is erased with it when it is in the request
 * too (a parent's own request names all their applications) and must stay when it is not (the applications
 * service also erases closed applications alone, at the end of their retention period). For the checks:
 * - the check keeps its outcome, basis, municipality and dates, and loses the sealed BSN, the declared and
 *   assessed income, the composition, circumstances, percentage, explanation, owners and blind index. We keep
 *   that much rather than deleting the check: outcomes stay countable, and the record (its id is the
 *   application id) is what stops a declaration that comes late or again from storing the data anew;
 * - its evidence is deleted, sealed content and record (type, size, who uploaded it, the reviewer's reason);
 * - the household whose valid check it is is forgotten, so the blind index of the BSN or account finds
 *   nothing to reuse.
 * The audit log of evidence reads is kept: it is the legal record of who read what, append-only, and holds
 * only the evidence id, the reader's account id and role, a fixed purpose and the outcome (a parent who
 * tried to read their own evidence appears there by account id, never by name).
 *
 * Every step is repeatable, so the same request handled twice changes nothing more.
 */
@Injectable()
export class ErasePersonalDataUseCase {
  private readonly logger = new Logger(ErasePersonalDataUseCase.name);

  constructor(
    @Inject(IncomeChecksRepository) private readonly checks: IncomeChecksRepository,
    @Inject(EvidenceRepository) private readonly evidence: EvidenceRepository,
  ) {}

  async execute(command: ErasePersonalDataCommand, at = new Date()): Promise<ErasureReport> {
    const ids = [...new Set(command.applicationIds)];
    // The checks first: writers that race with this look at the check after they wrote, and undo.
    for (const id of ids) await this.checks.eraseCheck(id, at);
    const report: ErasureReport = {
      checks: ids.length,
      evidence: await this.evidence.deleteForChecks(ids),
      households: await this.checks.forgetHouseholdsOf(ids),
      links: await this.checks.unlinkApplications(ids),
    };
    this.logger.log({ msg: 'Personal data erased', ...report });
    return report;
  }
}
