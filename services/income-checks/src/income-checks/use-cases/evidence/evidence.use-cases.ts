import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Composition } from '@fund-desk/contracts';
import { AuditLog, ConflictError, detectDocumentType, DomainError, ForbiddenError, NotFoundError, Principal, ValidationFailed } from '@fund-desk/platform';
import type { IncomeCheck } from '../../domain/check';
import { DataProtection } from '../../infrastructure/data-protection';
import { EvidenceRecord, EvidenceRepository } from '../../infrastructure/evidence.repository';
import { IncomeChecksRepository } from '../../infrastructure/income-checks.repository';
import { CheckCompletion } from '../complete-check/check-completion';

export const INCOME_AUDIT_LOG = 'INCOME_AUDIT_LOG';

export interface ReviewCommand {
  principal: Principal;
  checkId: string;
  evidenceId: string;
  decision: 'approve' | 'reject';
  reason?: string;
  /** The income the documents show; the declared income when absent. */
  netMonthlyIncomeCents?: number;
  composition?: Composition;
}

const isReviewer = (p: Principal) => p.role === 'admin';

/**
 * Evidence: the parent (or intermediary) who applied uploads documents while the check needs evidence;
 * a reviewer reads them (every read is audited) and approves, which completes the check, or rejects with a
 * reason, which asks the parent again.
 */
@Injectable()
export class EvidenceUseCases {
  constructor(
    @Inject(IncomeChecksRepository) private readonly checks: IncomeChecksRepository,
    @Inject(EvidenceRepository) private readonly evidence: EvidenceRepository,
    @Inject(DataProtection) private readonly protection: DataProtection,
    @Inject(CheckCompletion) private readonly completion: CheckCompletion,
    @Inject(INCOME_AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** A check as its owner or a reviewer may see it; anyone else gets "not found". */
  async visibleCheck(principal: Principal, checkId: string): Promise<{ check: IncomeCheck; evidence: EvidenceRecord[] }> {
    const check = await this.checks.findCheck(checkId);
    if (!check || !(isReviewer(principal) || check.owners.includes(principal.subject))) throw new NotFoundError('Income check', checkId);
    return { check, evidence: await this.evidence.forCheck(checkId) };
  }

  async upload(principal: Principal, checkId: string, bytes: Buffer, maxBytes: number): Promise<EvidenceRecord> {
    const check = await this.checks.findCheck(checkId);
    if (!check || !check.owners.includes(principal.subject)) throw new NotFoundError('Income check', checkId);
    if (check.status !== 'needs-evidence') throw new ConflictError('EVIDENCE_NOT_NEEDED', 'This check does not need evidence now');
    if (!bytes.length) throw new ValidationFailed([{ pointer: '/file', code: 'required', detail: 'a file is required' }]);
    if (bytes.length > maxBytes) throw new ValidationFailed([{ pointer: '/file', code: 'fileTooLarge', detail: `at most ${maxBytes} bytes` }]);
    const type = detectDocumentType(bytes);
    if (!type) throw new ValidationFailed([{ pointer: '/file', code: 'unsupportedDocument', detail: 'PDF, JPEG or PNG only' }]);
    const id = randomUUID();
    const record: EvidenceRecord = {
      id,
      checkId,
      type,
      size: bytes.length,
      sealed: this.protection.sealDocument(id, bytes),
      uploadedBy: principal.subject,
      uploadedAt: new Date(),
      status: 'submitted',
    };
    await this.evidence.insert(record);
    // The check was erased while this was stored (the erasure marks the check, then deletes its evidence).
    if (await this.checks.isErased(checkId)) {
      await this.evidence.deleteForChecks([checkId]);
      throw new NotFoundError('Income check', checkId);
    }
    const { sealed: _sealed, ...visible } = record;
    return visible;
  }

  /** The document itself, for a reviewer; every attempt is in the audit log. */
  async read(principal: Principal, checkId: string, evidenceId: string): Promise<{ type: string; bytes: Buffer }> {
    const allowed = isReviewer(principal);
    await this.audit.record({
      actor: { subject: principal.subject, role: principal.role },
      action: 'evidence.read',
      resource: { type: 'evidence', id: evidenceId },
      purpose: 'income-check review',
      outcome: allowed ? 'allowed' : 'denied',
    });
    if (!allowed) throw new ForbiddenError('Only reviewers may read evidence');
    const record = await this.evidence.find(evidenceId);
    if (!record || record.checkId !== checkId) throw new NotFoundError('Evidence', evidenceId);
    if (!record.sealed) throw new DomainError('EVIDENCE_PURGED', 'not-found', 'The document was deleted at the end of its retention period');
    return { type: record.type, bytes: this.protection.openDocument(record.id, record.sealed) };
  }

  async review(command: ReviewCommand): Promise<EvidenceRecord> {
    if (!isReviewer(command.principal)) throw new ForbiddenError('Only reviewers may review evidence');
    const check = await this.checks.findCheck(command.checkId);
    const record = await this.evidence.find(command.evidenceId);
    if (!check || !record || record.checkId !== check.id) throw new NotFoundError('Evidence', command.evidenceId);
    if (record.status !== 'submitted') throw new ConflictError('ALREADY_REVIEWED', 'This evidence was reviewed already');
    if (command.decision === 'reject' && !command.reason) {
      throw new ValidationFailed([{ pointer: '/reason', code: 'required', detail: 'a reason is required to reject' }]);
    }
    if (!(await this.evidence.review(record.id, command.decision === 'approve' ? 'approved' : 'rejected', command.principal.subject, command.reason))) {
      throw new ConflictError('ALREADY_REVIEWED', 'This evidence was reviewed already');
    }
    if (check.status === 'needs-evidence') {
      const changes =
        command.decision === 'approve'
          ? await this.completion.assess(check, {
              incomeCents: command.netMonthlyIncomeCents ?? check.declaredIncomeCents,
              composition: command.composition ?? check.composition,
              circumstances: check.circumstances,
              basis: 'evidence',
            })
          : await this.completion.evidenceNeeded(check, 'evidence-rejected');
      await this.completion.apply(check, changes, null);
    }
    const { sealed: _sealed, ...visible } = (await this.evidence.find(record.id))!;
    return visible;
  }
}
