import type { Role } from '@fund-desk/contracts';

/** Who is calling, from the verified token: one actor type for every service (libs/platform/src/auth/tokens.ts maps the claims). */
export interface Principal {
  subject: string;
  role: Role;
  /** For fund staff: the one fund they work for. */
  fundId?: string;
  /** For fund staff: also the fund's administrator (realm role fund-admin): sees the fund's audit trail. */
  fundAdmin?: boolean;
  /** For municipality officers (and intermediaries): their municipality. */
  municipalityCode?: string;
  /** For intermediaries: the organisation they work for (a school, a social team). */
  organisation?: string;
}
