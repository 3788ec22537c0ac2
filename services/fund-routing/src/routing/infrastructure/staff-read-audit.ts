import type { AuditEntry, AuditLog, Principal } from '@fund-desk/platform';

export const STAFF_READ_AUDIT = 'STAFF_READ_AUDIT';

/**
 * Every read of a family's request by fund staff, in fund-routing's append-only audit log: who (subject and role),
 * when, which request, from which address (as the gateway forwarded it), under the reader's fund, so that the
 * fund's administrator sees who of their people read which file. The read is recorded before the answer goes out;
 * a read that cannot be recorded does not happen.
 */
export class StaffReadAudit {
  constructor(private readonly log: AuditLog) {}

  async read(reader: Principal, requestId: string, from: string | undefined): Promise<void> {
    await this.log.record({
      actor: { subject: reader.subject, role: reader.role },
      action: 'fund-request.read',
      resource: { type: 'fund-request', id: requestId },
      outcome: 'allowed',
      purpose: 'fund-request.review',
      ...(from ? { from } : {}),
      ...(reader.fundId ? { scope: { fundId: reader.fundId } } : {}),
    });
  }

  forFund(fundId: string): Promise<AuditEntry[]> {
    return this.log.forFund(fundId);
  }
}

/** The client's address: the first hop of X-Forwarded-For the gateway set, else the socket's peer. */
export function clientAddressOf(headers: Record<string, string | string[] | undefined>, peer: string | undefined): string | undefined {
  const forwarded = headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || peer;
}
