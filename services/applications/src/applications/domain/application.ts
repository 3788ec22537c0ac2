import type { Category, Circumstance, Composition, ConsentMethod, IncomeCheckOutcome, ItemStatus, Language, Role } from '@fund-desk/contracts';

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
  /** When it reached its current fund, and when that fund decided (for waiting times and the 6-week objection term). */
  routedAt?: string;
  decidedAt?: string;
  objection?: { reason: string; filedAt: string };
}

/** A need as entered, before any fund saw it: a new id, the provider's IBAN without spaces, in capitals. */
export function newItem(
  input: { childRef: string; category: RequestedItem['category']; amountCents: number; description?: string; provider?: { name: string; iban: string } },
  itemId: string,
  notEligible = false,
): RequestedItem {
  return {
    itemId,
    childRef: input.childRef,
    category: input.category,
    amountCents: input.amountCents,
    ...(input.description ? { description: input.description } : {}),
    ...(input.provider ? { provider: { name: input.provider.name, iban: input.provider.iban.replace(/\s+/g, '').toUpperCase() } } : {}),
    status: notEligible ? 'not-eligible' : 'pending',
    fundId: null,
    fundName: null,
    reason: notEligible ? 'income-above-limit' : null,
  };
}

/** The fields of an item that travel on events (application.submitted, application.items-added). */
export function itemForEvent({ itemId, childRef, category, amountCents, description, provider }: RequestedItem) {
  return { itemId, childRef, category, amountCents, ...(description ? { description } : {}), ...(provider ? { provider } : {}) };
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

export interface Consent {
  incomeCheck: boolean;
  shareWithFunds: boolean;
  givenAt: string;
  givenBy: string;
  /** An intermediary applied: the parent's consent, as the intermediary recorded it. */
  parent?: {
    name: string;
    method: ConsentMethod;
    givenOn: string;
    scope: ('income-check' | 'share-with-funds')[];
    /** The parent's own account, when they have one: they see the application and can withdraw consent. */
    account?: string;
  };
  withdrawnAt?: string;
  withdrawnBy?: string;
}

export interface Application {
  id: string;
  applicant: { subject: string; role: Role };
  municipalityCode: string;
  postcode: string;
  household: { composition: Composition; circumstances: Circumstance[] };
  children: { ref: string; firstName: string; birthDate: string }[];
  items: RequestedItem[];
  contact: { email: string; language: Language; phone?: string };
  consent: Consent;
  /** An intermediary applied for a parent who confirmed a link with them: that parent's account. */
  onBehalfOf?: string;
  incomeCheck: IncomeCheckView;
  status: ApplicationStatus;
  timeline: TimelineEntry[];
  submittedAt: string;
  /** Personal data removed (on request, or at the end of the retention period). */
  erasedAt?: string;
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
