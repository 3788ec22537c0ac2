import type { Role } from '@fund-desk/contracts';

/** Who is calling, from the verified token. */
export interface Principal {
  subject: string;
  role: Role;
  /** For fund staff: the one fund they work for. */
  fundId?: string;
  /** For municipality officers (and intermediaries): their municipality. */
  municipalityCode?: string;
}
