import type { Circumstance, Composition, IncomeCheckOutcome } from '@fund-desk/contracts';
import type { Basis, EvidenceReason } from './explanation';

export type CheckStatus = 'awaiting-register' | 'needs-evidence' | 'completed';

/** A household's income check as income-checks keeps it (with figures that never leave the service). */
export interface IncomeCheck {
  id: string;
  householdKey: string | null;
  municipalityCode: string;
  composition: Composition;
  declaredIncomeCents: number;
  circumstances: Circumstance[];
  checkDate: string;
  /** BSN sealed with the data key ring; null when the parent gave none. */
  bsnSealed: string | null;
  /** Who may send evidence for it: the applicants. */
  owners: string[];
  /** Applications answered by this check. */
  applications: string[];
  status: CheckStatus;
  evidenceReason: EvidenceReason | null;
  outcome: IncomeCheckOutcome | null;
  basis: Basis;
  assessedIncomeCents: number | null;
  normCents: number | null;
  limitPercent: number;
  percentageOfNorm: number | null;
  normRatioPpm: number | null;
  validUntil: string | null;
  explanation: { nl: string; en: string } | null;
  createdAt: Date;
  completedAt: Date | null;
}
