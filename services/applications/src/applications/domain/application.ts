import type { Category, Circumstance, Composition, IncomeCheckOutcome, ItemStatus, Language, Role } from '@fund-desk/contracts';

export interface RequestedItem {
  itemId: string;
  childRef: string;
  category: Category;
  amountCents: number;
  /** What the fund approved, when less than asked. */
  approvedAmountCents?: number;
  description?: string;
  provider?: { name: string; iban: string };
  status: ItemStatus;
  fundId: string | null;
  fundName: string | null;
  /** Plain words for the parent when an item cannot be helped (unroutable, not eligible). */
  reason: string | null;
}

export interface TimelineEntry {
  at: string;
  type: string;
  /** The event that made this entry: an event already on the timeline is not applied again. */
  eventId?: string;
  itemId?: string;
  /** Key of a plain-language message, rendered in the reader's language by the API. */
  message: string;
  params?: Record<string, string>;
}

export interface IncomeCheckView {
  status: 'pending' | 'needs-evidence' | 'completed';
  /** The check to send evidence to, once income-checks has one. */
  checkId?: string;
  outcome: IncomeCheckOutcome | null;
  eligible: boolean | null;
  percentageOfNorm: number | null;
  basis?: string;
  explanation?: { nl: string; en: string };
}

export type ApplicationStatus = 'submitted' | 'in-progress' | 'completed' | 'withdrawn';

export interface Application {
  id: string;
  applicant: { subject: string; role: Role };
  municipalityCode: string;
  postcode: string;
  household: { composition: Composition; circumstances: Circumstance[] };
  children: { ref: string; firstName: string; birthDate: string }[];
  items: RequestedItem[];
  contact: { email: string; language: Language };
  consent: { incomeCheck: boolean; shareWithFunds: boolean; givenAt: string; givenBy: string };
  incomeCheck: IncomeCheckView;
  status: ApplicationStatus;
  timeline: TimelineEntry[];
  submittedAt: string;
  version: number;
}

const TERMINAL: ItemStatus[] = ['fulfilled', 'declined', 'unroutable', 'not-eligible', 'duplicate', 'withdrawn'];

/** The application's own status follows from its items. */
export function deriveStatus(application: Pick<Application, 'items' | 'incomeCheck' | 'status'>): ApplicationStatus {
  if (application.status === 'withdrawn') return 'withdrawn';
  if (application.items.every((i) => TERMINAL.includes(i.status))) return 'completed';
  if (application.incomeCheck.status !== 'pending' || application.items.some((i) => i.status !== 'pending')) {
    return 'in-progress';
  }
  return 'submitted';
}
