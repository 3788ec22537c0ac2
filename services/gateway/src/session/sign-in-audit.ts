import type { AuditLog, Principal } from '@fund-desk/platform';

export type SignInAction = 'session.sign-in' | 'session.sign-out' | 'session.sign-in-failed' | 'session.expired';

/**
 * Sign-in, sign-out and failed sign-ins at the gateway, in its own append-only audit log: who (the token's subject and
 * role, never a name), when, what, and from which address. A fund's administrator reads the entries of their fund's
 * people (`GET /api/v1/auth/audit`). Wrong passwords never reach the gateway: the identity provider records those in
 * its own event log (realm events, deploy/keycloak).
 */
export class SignInAudit {
  constructor(private readonly log: AuditLog) {}

  async record(action: SignInAction, who: Principal | null, from: string | undefined, reason?: string): Promise<void> {
    await this.log.record({
      actor: who ? { subject: who.subject, role: who.role } : { subject: 'unknown', role: 'none' },
      action,
      resource: { type: 'session', id: who?.subject ?? 'unknown' },
      outcome: action === 'session.sign-in-failed' ? 'denied' : 'allowed',
      ...(reason ? { purpose: reason } : {}),
      ...(from ? { from } : {}),
      ...(who?.fundId || who?.municipalityCode ? { scope: { fundId: who.fundId, municipalityCode: who.municipalityCode } } : {}),
    });
  }

  forFund(fundId: string) {
    return this.log.forFund(fundId);
  }
}
