import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES } from '@fund-desk/contracts';
import type { Principal } from './principal';

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  fundId: z.string().min(1).optional(),
  municipalityCode: z.string().regex(/^GM\d{4}$/).optional(),
});

export const TOKEN_AUDIENCE = 'fund-desk-api';

/** HS256 tokens with role and scope claims. In production an identity provider issues them; here the dev login does. */
export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly issuer: string,
  ) {}

  issue(principal: Principal, ttlSeconds = 8 * 3600): string {
    const claims: Record<string, string> = { role: principal.role };
    if (principal.fundId) claims.fundId = principal.fundId;
    if (principal.municipalityCode) claims.municipalityCode = principal.municipalityCode;
    return jwt.sign(claims, this.secret, {
      algorithm: 'HS256',
      subject: principal.subject,
      issuer: this.issuer,
      audience: TOKEN_AUDIENCE,
      expiresIn: ttlSeconds,
    });
  }

  /** Returns the principal, or null for a missing, forged, expired or malformed token. */
  verify(token: string): Principal | null {
    try {
      const decoded = jwt.verify(token, this.secret, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: TOKEN_AUDIENCE,
      });
      const claims = claimsSchema.safeParse(decoded);
      if (!claims.success) return null;
      const { sub, role, fundId, municipalityCode } = claims.data;
      if (role === 'fund-staff' && !fundId) return null;
      if (role === 'municipality' && !municipalityCode) return null;
      return { subject: sub, role, fundId, municipalityCode };
    } catch {
      return null;
    }
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}
