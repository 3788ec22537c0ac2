// Every call to the public API (/api/v1 on the gateway) goes through this file.

export interface FieldError {
  pointer: string;
  code: string;
  detail: string;
}

/** RFC 9457 problem details, as the services answer them. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export type Role = 'parent' | 'intermediary' | 'fund-staff' | 'municipality' | 'admin';

/**
 * Who is signed in. Through the identity provider the gateway keeps the tokens and the browser only an HttpOnly
 * cookie (`csrfToken` goes with every change); the development sign-in keeps a bearer token in this tab.
 */
export interface Session {
  token?: string;
  csrfToken?: string;
  role: Role;
  subject: string;
  fundId?: string;
  fundAdmin?: boolean;
  municipalityCode?: string;
  organisation?: string;
}

export interface SignInOptions {
  identityProvider: boolean;
  devLogin: boolean;
}

const TOKEN_KEY = 'fund-desk.token';
/** The identity provider's session, as the gateway described it (never a token). */
let cookieSession: Session | null = null;
let language = 'nl';
let onUnauthenticated: () => void = () => undefined;

export function setApiLanguage(lang: string): void {
  language = lang;
}

export function whenSignedOut(handler: () => void): void {
  onUnauthenticated = handler;
}

/** The realm's roles as the portal's one role (the same order as the services' mapping, libs/platform/src/auth/tokens.ts). */
function roleOf(realmRoles: string[]): Role | null {
  if (realmRoles.includes('administrator')) return 'admin';
  if (realmRoles.includes('fund-admin') || realmRoles.includes('fund-staff')) return 'fund-staff';
  for (const role of ['municipality', 'intermediary', 'parent'] as const) if (realmRoles.includes(role)) return role;
  return null;
}

/** The claims in the token's payload; the gateway checks the signature, the portal only reads who is signed in. */
function sessionOf(token: string): Session | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return null;
    const realmRoles = ((claims.realm_access as { roles?: unknown } | undefined)?.roles ?? []) as string[];
    const role = roleOf(realmRoles);
    const subject = claims.sub as string;
    if (!role || !subject) return null;
    return {
      token,
      role,
      subject,
      ...(realmRoles.includes('fund-admin') ? { fundAdmin: true } : {}),
      ...(typeof claims.fundId === 'string' ? { fundId: claims.fundId } : {}),
      ...(typeof claims.municipalityCode === 'string' ? { municipalityCode: claims.municipalityCode } : {}),
    };
  } catch {
    return null;
  }
}

export function currentSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? sessionOf(token) : cookieSession;
}

/** The session the gateway holds for this browser, if any (after the identity provider sent the user back). */
export async function resumeSession(): Promise<Session | null> {
  const fromToken = currentSession();
  if (fromToken) return fromToken;
  try {
    const response = await fetch('/api/v1/auth/session', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as Session;
    cookieSession = body.role && body.subject ? body : null;
    return cookieSession;
  } catch {
    return null;
  }
}

export async function signInOptions(): Promise<SignInOptions> {
  try {
    const response = await fetch('/api/v1/auth/options', { headers: { Accept: 'application/json' } });
    if (response.ok) return (await response.json()) as SignInOptions;
  } catch {
    // No answer: offer what works without the gateway's help.
  }
  return { identityProvider: false, devLogin: false };
}

/** The gateway's sign-in, which sends the browser to the identity provider and back to `returnTo`. */
export function signInUrl(returnTo: string): string {
  return `/api/v1/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/** Ends the session: the gateway ends it at the identity provider too. */
export async function signOut(): Promise<void> {
  sessionStorage.removeItem(TOKEN_KEY);
  const ending = cookieSession;
  cookieSession = null;
  if (!ending?.csrfToken) return;
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': ending.csrfToken } }).catch(() => undefined);
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        'Accept-Language': language,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(!token && cookieSession?.csrfToken ? { 'X-CSRF-Token': cookieSession.csrfToken } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError({ status: 0, title: language === 'en' ? 'No connection. Try again in a moment.' : 'Geen verbinding. Probeer het zo opnieuw.' });
  }
  if (response.status === 401 && (token || cookieSession)) {
    sessionStorage.removeItem(TOKEN_KEY);
    cookieSession = null;
    onUnauthenticated();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const p = (parsed ?? {}) as Partial<Problem>;
    throw new ApiError({ status: response.status, title: p.title ?? response.statusText, detail: p.detail, code: p.code, errors: p.errors });
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A file from the API (SEPA, CSV, my data), saved through the browser's download. */
export async function download(path: string, filename: string): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(`/api/v1${path}`, { headers: { 'Accept-Language': language, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  if (!response.ok) {
    const p = (safeJson(await response.text()) ?? {}) as Partial<Problem>;
    throw new ApiError({ status: response.status, title: p.title ?? response.statusText, detail: p.detail, code: p.code });
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const get = <T>(path: string) => request<T>('GET', path);
const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
const del = (path: string) => request<void>('DELETE', path);
const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};
const id = encodeURIComponent;

// ---- types of the answers the portal reads ----

export interface ApplicationRequest {
  municipalityCode?: string;
  postcode?: string;
  household?: { composition?: string; netMonthlyIncomeCents?: number; circumstances?: string[] };
  children?: { ref: string; firstName?: string; birthDate?: string }[];
  items?: { childRef: string; category?: string; amountCents?: number; description?: string; provider?: { name?: string; iban?: string } }[];
  contact?: { email?: string; phone?: string; language?: string };
  consent?: { incomeCheck?: boolean; shareWithFunds?: boolean; parent?: { name?: string; method?: string; givenOn?: string; account?: string } };
}

export interface Draft {
  id: string;
  status: 'open' | 'submitted';
  content: ApplicationRequest;
  applicationId?: string;
  updatedAt: string;
}

export interface ApplicationItem {
  id: string;
  childRef: string;
  category: string;
  amountCents: number;
  approvedAmountCents?: number;
  status: string;
  fundId: string | null;
  fundName: string | null;
  reason: string | null;
  nextStep?: string;
  expectedDecisionDays?: number;
  objectionUntil?: string;
}

export interface Application {
  id: string;
  status: string;
  municipalityCode: string;
  submittedAt: string;
  incomeCheck: { status: string; explanation?: string; eligible: boolean | null; percentageOfNorm: number | null; outcome: string | null };
  items: ApplicationItem[];
  timeline: { at: string; type: string; itemId?: string; text: string }[];
  appliedBy: string;
  consent: { givenAt: string; parent?: { name: string; method: string; givenOn: string }; withdrawnAt?: string };
}

export interface InboxMessage {
  id: string;
  type: string;
  title: string;
  body: string;
  applicationId: string;
  createdAt: string;
  read: boolean;
}

export interface FundRequest {
  id: string;
  applicationId: string;
  category: string;
  status: string;
  amountCents: number;
  childFirstName: string;
  childAge: number;
  description?: string;
  provider?: { name: string; iban: string };
  endorsementRequired: boolean;
  routedAt: string;
  claimedBy?: string;
  paymentBatchId?: string;
}

export interface FundRequestDetail extends FundRequest {
  approvedAmountCents?: number;
  question?: string;
  answers: { at: string; text: string }[];
  history: { at: string; status: string; by?: string; reasonCode?: string; message?: string }[];
  fundVersion?: number;
  objection?: { reason: string; filedAt: string };
}

export interface QueueFilter {
  status?: string;
  category?: string;
  minAge?: string;
  maxAge?: string;
  from?: string;
  to?: string;
  claimed?: string;
  order?: string;
  offset?: number;
}

export interface PaymentBatch {
  id: string;
  status: 'open' | 'paid' | 'cancelled';
  messageId: string;
  requestedExecutionDate: string;
  numberOfPayments: number;
  totalCents: number;
  createdAt: string;
  paidAt?: string;
}

export interface Budget {
  year: number;
  allocatedCents: number;
  reservedCents: number;
  spentCents: number;
  leftCents: number;
}

export interface FundSummary {
  id: string;
  name: string;
  categories: string[];
  incomeLimitPercent: number;
  priority: number;
}

export type FundRules = Record<string, unknown> & { id: string; name: string; version?: number };

/** The social-assistance norms in force from a date: net cents per month per household composition. */
export interface NormRow {
  validFrom: string;
  single: number;
  singleParent: number;
  couple: number;
}

/** A municipality's income limit (percent of the norm) and how long an income check stays valid. */
export interface MunicipalitySettings {
  code: string;
  name: string;
  incomeLimitPercent: number;
  validityMonths: number;
}

/** How the uptake series is cut: ISO weeks, calendar months or school years (August to July). */
export type UptakePeriod = 'week' | 'month' | 'school-year';

export interface UptakeQuery {
  period?: UptakePeriod;
  from?: string;
  to?: string;
}

/** A figure of the uptake answer: null when hidden (it describes too few children) or not known. */
type Figure = number | null;
/** A table row of the uptake answer: `suppressed` names the figures hidden in it. */
type Suppressible<T> = T & { suppressed: string[] };

export interface UptakeTiming {
  count: Figure;
  medianDays: Figure;
  p90Days: Figure;
}

/** A municipality's uptake as services/uptake answers it (aggregates only, small figures hidden). */
export interface UptakeReport {
  municipalityCode: string;
  period: UptakePeriod;
  from: string;
  to: string;
  headline: { schoolYear: string; applications: Figure; childrenApplied: Figure; childrenReached: Figure; eligibleChildren: Figure; uptakePercent: Figure; targetPercent: Figure };
  series: Suppressible<{
    period: string;
    applications: Figure;
    childrenApplied: Figure;
    childrenReached: Figure;
    needsRequested: Figure;
    needsApproved: Figure;
    needsFulfilled: Figure;
    childrenReachedSoFarInSchoolYear: Figure;
    uptakePercent: Figure;
  }>[];
  neighbourhoods: Suppressible<{
    area: string;
    applications: Figure;
    childrenApplied: Figure;
    childrenReached: Figure;
    eligibleChildren: Figure;
    uptakePercent: Figure;
    targetPercent: Figure;
    belowTargetPoints: Figure;
  }>[];
  funnel: Record<
    | 'applications'
    | 'householdsEligible'
    | 'householdsNotEligible'
    | 'needsRequested'
    | 'needsRouted'
    | 'needsApproved'
    | 'needsFulfilled'
    | 'needsDeclined'
    | 'needsUnroutable'
    | 'needsWithdrawn'
    | 'needsDuplicate',
    Figure
  >;
  categories: Suppressible<{ category: string; requested: Figure; routed: Figure; approved: Figure; fulfilled: Figure; unroutable: Figure }>[];
  funds: Suppressible<{
    fundId: string;
    routed: Figure;
    approved: Figure;
    declined: Figure;
    withdrawn: Figure;
    fulfilled: Figure;
    informationRequested: Figure;
    reopened: Figure;
    reservedCents: Figure;
    spentCents: Figure;
    /** The fund's name and whole yearly budget (for every municipality it serves), as its catalogue last said. */
    fundName: string | null;
    yearlyBudgetCents: number | null;
    budgetSharedWithOtherMunicipalities: boolean | null;
    /** This municipality's reserved plus spent money as a share of that budget. */
    budgetUsedPercent: Figure;
  }>[];
  /** Per fund, a column per reason code in `reasons`. */
  declines: { reasons: string[]; rows: Suppressible<{ fundId: string } & Record<string, Figure | string | string[]>>[] };
  unroutable: Suppressible<{ reason: string; needs: Figure }>[];
  timing: { applicationToDecision: UptakeTiming; applicationToFulfilment: UptakeTiming };
  suppression: { applied: boolean; threshold: number };
}

/** The tables of the uptake answer the CSV export knows (services/uptake/src/uptake/domain/csv.ts). */
export type UptakeTable = 'headline' | 'series' | 'neighbourhoods' | 'funnel' | 'categories' | 'funds' | 'declines' | 'unroutable' | 'timing';

/** Eligible children for a school year, for the whole municipality (area `*`) or one 4-digit postcode area, with the target. */
export interface EligibleEstimate {
  municipalityCode: string;
  schoolYear: string;
  area: string;
  eligibleChildren: number;
  targetPercent: number | null;
}

export interface EligibleChildrenRequest {
  schoolYear: string;
  eligibleChildren: number;
  targetPercent?: number;
  neighbourhoods?: { area: string; eligibleChildren: number; targetPercent?: number }[];
}

/** An intermediary linked to a family: asked by the intermediary, confirmed by the parent, ended by either. */
export interface FamilyLink {
  id: string;
  intermediary: string;
  organisation?: string;
  parent: string;
  status: 'requested' | 'confirmed' | 'ended';
  requestedAt: string;
  confirmedAt?: string;
  endedAt?: string;
}

/** A sign-in, sign-out or failed sign-in of one of the fund's people (the gateway's audit log). */
export interface AuditSignIn {
  at: string;
  action: string;
  actor: { subject: string; role: string };
  outcome: string;
  from?: string;
  purpose?: string;
}

/** A read of a family's request by the fund's staff (fund-routing's audit log). */
export interface AuditStaffRead {
  at: string;
  reader: string;
  action: string;
  requestId: string;
  from?: string;
}

// ---- the calls ----

export const api = {
  async devLogin(body: { role: Role; subject: string; fundId?: string; municipalityCode?: string }): Promise<Session> {
    const { accessToken } = await post<{ accessToken: string }>('/auth/dev-login', body);
    const session = sessionOf(accessToken);
    if (!session) throw new ApiError({ status: 500, title: 'Invalid token' });
    sessionStorage.setItem(TOKEN_KEY, accessToken);
    return session;
  },

  applications: () => get<{ items: Application[] }>('/applications'),
  application: (appId: string) => get<Application>(`/applications/${id(appId)}`),
  withdrawApplication: (appId: string) => post<Application>(`/applications/${id(appId)}/withdraw`),
  withdrawItem: (appId: string, itemId: string) => post<Application>(`/applications/${id(appId)}/items/${id(itemId)}/withdraw`),
  object: (appId: string, itemId: string, reason: string) => post<Application>(`/applications/${id(appId)}/items/${id(itemId)}/objection`, { reason }),
  withdrawConsent: (appId: string) => post<Application>(`/applications/${id(appId)}/consent/withdraw`),
  answer: (fundId: string, itemId: string, text: string) => post<unknown>(`/funds/${id(fundId)}/requests/${id(itemId)}/answer`, { text }),

  drafts: () => get<{ items: Draft[] }>('/applications/drafts'),
  draft: (draftId: string) => get<Draft>(`/applications/drafts/${id(draftId)}`),
  createDraft: (content: ApplicationRequest = {}) => post<Draft>('/applications/drafts', content),
  saveDraft: (draftId: string, content: ApplicationRequest) => put<Draft>(`/applications/drafts/${id(draftId)}`, content),
  deleteDraft: (draftId: string) => del(`/applications/drafts/${id(draftId)}`),
  submitDraft: (draftId: string) => post<{ id: string; status: string }>(`/applications/drafts/${id(draftId)}/submit`),

  exportMyData: () => download('/applications/me/export', 'mijn-gegevens-fund-desk.json'),
  eraseMyData: () => post<{ status: string }>('/applications/me/erasure'),

  inbox: () => get<{ items: InboxMessage[]; unread: number }>('/me/notifications'),
  markRead: (messageId: string) => post<void>(`/me/notifications/${id(messageId)}/read`),

  queue: (fundId: string, f: QueueFilter) => get<{ items: FundRequest[] }>(`/funds/${id(fundId)}/requests${q({ ...f, limit: 50 })}`),
  fundRequest: (fundId: string, requestId: string) => get<FundRequestDetail>(`/funds/${id(fundId)}/requests/${id(requestId)}`),
  claim: (fundId: string, requestId: string) => post<unknown>(`/funds/${id(fundId)}/requests/${id(requestId)}/claim`),
  unclaim: (fundId: string, requestId: string) => post<unknown>(`/funds/${id(fundId)}/requests/${id(requestId)}/unclaim`),
  decide: (fundId: string, requestId: string, body: { decision: string; reasonCode?: string; message?: string; amountCents?: number }) =>
    post<{ status: string }>(`/funds/${id(fundId)}/requests/${id(requestId)}/decision`, body),
  fulfil: (fundId: string, requestId: string, body: { method: string; reference?: string }) => post<{ status: string }>(`/funds/${id(fundId)}/requests/${id(requestId)}/fulfilment`, body),

  batches: (fundId: string) => get<{ items: PaymentBatch[] }>(`/funds/${id(fundId)}/payment-batches`),
  createBatch: (fundId: string, executionDate?: string) => post<PaymentBatch>(`/funds/${id(fundId)}/payment-batches`, executionDate ? { executionDate } : {}),
  markPaid: (fundId: string, batchId: string, bankReference?: string) => post<PaymentBatch>(`/funds/${id(fundId)}/payment-batches/${id(batchId)}/paid`, bankReference ? { bankReference } : {}),
  cancelBatch: (fundId: string, batchId: string) => post<PaymentBatch>(`/funds/${id(fundId)}/payment-batches/${id(batchId)}/cancel`),
  downloadSepa: (fundId: string, b: PaymentBatch) => download(`/funds/${id(fundId)}/payment-batches/${id(b.id)}/pain.001.xml`, `${b.messageId}.xml`),
  downloadCsv: (fundId: string, b: PaymentBatch) => download(`/funds/${id(fundId)}/payment-batches/${id(b.id)}/payments.csv`, `${b.messageId}.csv`),
  budget: (fundId: string) => get<Budget>(`/funds/${id(fundId)}/budget`),
  familyLinks: () => get<{ items: FamilyLink[] }>('/family-links'),
  askFamilyLink: (parentAccount: string) => post<FamilyLink>('/family-links', { parentAccount }),
  confirmFamilyLink: (linkId: string) => post<FamilyLink>(`/family-links/${id(linkId)}/confirm`),
  endFamilyLink: (linkId: string) => post<FamilyLink>(`/family-links/${id(linkId)}/end`),
  signInAudit: (fundId: string) => get<{ items: AuditSignIn[]; identityProvider: 'included' | 'unavailable' }>(`/auth/audit${q({ fundId })}`),
  readAudit: (fundId: string) => get<{ items: AuditStaffRead[] }>(`/funds/${id(fundId)}/audit`),

  funds: () => get<{ items: FundSummary[] }>('/funds'),
  fund: (fundId: string) => get<FundRules>(`/funds/${id(fundId)}`),
  saveFund: (fundId: string, rules: Record<string, unknown>) => put<FundRules>(`/funds/${id(fundId)}`, rules),

  norms: () => get<{ items: NormRow[] }>('/income-checks/norms'),
  addNorm: (row: NormRow) => post<NormRow>('/income-checks/norms', row),
  municipalities: () => get<{ items: MunicipalitySettings[] }>('/income-checks/municipalities'),
  saveMunicipality: ({ code, ...settings }: MunicipalitySettings) => put<MunicipalitySettings>(`/income-checks/municipalities/${id(code)}`, settings),

  uptake: (code: string, query: UptakeQuery) => get<UptakeReport>(`/municipalities/${id(code)}/uptake${q({ ...query })}`),
  /** The path of one table as CSV, for a download link (the API needs the bearer token: see `download`). */
  uptakeCsvPath: (code: string, table: UptakeTable, query: UptakeQuery) => `/municipalities/${id(code)}/uptake.csv${q({ table, ...query })}`,
  eligibleChildren: (code: string) => get<{ items: EligibleEstimate[] }>(`/municipalities/${id(code)}/eligible-children`),
  saveEligibleChildren: (code: string, body: EligibleChildrenRequest) => put<{ items: EligibleEstimate[] }>(`/municipalities/${id(code)}/eligible-children`, body),
};
