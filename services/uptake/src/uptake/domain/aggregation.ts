import type { Category } from '@fund-desk/contracts';
import { PERIOD_KINDS, PeriodKind, Periods } from './periods';

/**
 * What uptake remembers of one application to file later events: where and when (municipality, 4-digit postcode
 * area, submission time) and, per child, the child key hashed once more with uptake's own secret. No names,
 * birth dates, contact details or amounts per person.
 */
export interface ApplicationState {
  _id: string;
  municipalityCode: string;
  area: string;
  submittedAt: string;
  periods: Periods;
  /** childRef → HMAC of the child key; null once the application was erased. */
  children: Record<string, string | null>;
  /** The first final income-check outcome counted for this household. */
  outcome?: 'eligible' | 'not-eligible';
}

/** Where one requested item stands, as far as the figures need it. */
export interface RequestState {
  _id: string;
  applicationId: string;
  childRef: string;
  category: Category;
  fundId: string | null;
  /** Amount held in reserve at fundId (routed or approved, not yet spent or released). */
  heldCents: number;
  /** The amount asked when it was last routed (a reopened request is reserved again for it). */
  askedCents: number;
  routed: boolean;
  decided: boolean;
  approved: boolean;
  fulfilled: boolean;
  withdrawn: boolean;
  unroutable: boolean;
  duplicate: boolean;
  /** Declined with no fund left (a reopen takes it back). */
  finallyDeclined: boolean;
}

export type Counters = Record<string, number>;

/** The effect of one event on the read models, computed before anything is written, stored with the event id, then applied. */
export interface Effect {
  /** Increments for the application's bucket of every period kind (week, month, school year). */
  all: Counters;
  /** Increments for one period kind only (distinct children). */
  perKind: Partial<Record<PeriodKind, Counters>>;
  /** Distinct-children markers to insert. */
  markers: string[];
  /** Markers to delete (erasure). */
  dropMarkers: string[];
  request?: RequestState;
  application?: ApplicationState;
}

export const emptyEffect = (): Effect => ({ all: {}, perKind: {}, markers: [], dropMarkers: [] });

export type Stage = 'applied' | 'reached';

/** A distinct-children marker: this child (by uptake's hash) counted at this stage in this municipality and period. */
export const markerId = (stage: Stage, app: Pick<ApplicationState, 'municipalityCode' | 'periods'>, kind: PeriodKind, childHash: string) =>
  `${stage}|${app.municipalityCode}|${kind}|${app.periods[kind]}|${childHash}`;

/** Every marker an application's children can have: what the use case reads before computing an effect. */
export function candidateMarkers(app: ApplicationState): string[] {
  const ids: string[] = [];
  for (const hash of Object.values(app.children)) {
    if (!hash) continue;
    for (const kind of PERIOD_KINDS) for (const stage of ['applied', 'reached'] as const) ids.push(markerId(stage, app, kind, hash));
  }
  return ids;
}

/** Durations are kept as histograms of whole days, 0 … 365 (the last bin holds everything longer). */
export const MAX_DAY_BIN = 365;
export const dayBin = (from: string, to: string) => {
  const days = Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return `d${Math.min(Math.max(days, 0), MAX_DAY_BIN)}`;
};

function add(counters: Counters, field: string, n = 1) {
  if (n !== 0) counters[field] = (counters[field] ?? 0) + n;
}

function countChildren(effect: Effect, app: ApplicationState, refs: string[], stage: Stage, existing: Set<string>) {
  const field = stage === 'applied' ? 'childrenApplied' : 'childrenReached';
  for (const ref of refs) {
    const hash = app.children[ref];
    if (!hash) continue;
    for (const kind of PERIOD_KINDS) {
      const id = markerId(stage, app, kind, hash);
      if (existing.has(id) || effect.markers.includes(id)) continue;
      effect.markers.push(id);
      add((effect.perKind[kind] ??= {}), field);
      if (kind === 'school-year' && stage === 'reached') {
        // For the cumulative uptake within a school year on a weekly or monthly trend.
        add((effect.perKind.week ??= {}), 'childrenFirstReachedInSchoolYear');
        add((effect.perKind.month ??= {}), 'childrenFirstReachedInSchoolYear');
      }
    }
  }
}

export interface SubmittedFacts {
  applicationId: string;
  municipalityCode: string;
  area: string;
  submittedAt: string;
  periods: Periods;
  children: Record<string, string | null>;
  items: { category: Category }[];
}

export function onSubmitted(facts: SubmittedFacts, existing: Set<string>): Effect {
  const effect = emptyEffect();
  const app: ApplicationState = {
    _id: facts.applicationId,
    municipalityCode: facts.municipalityCode,
    area: facts.area,
    submittedAt: facts.submittedAt,
    periods: facts.periods,
    children: facts.children,
  };
  effect.application = app;
  add(effect.all, 'applications');
  countNeeds(effect, facts.items);
  countChildren(effect, app, Object.keys(facts.children), 'applied', existing);
  return effect;
}

function countNeeds(effect: Effect, items: { category: Category }[]) {
  for (const item of items) {
    add(effect.all, 'needs.requested');
    add(effect.all, `categories.${item.category}.requested`);
  }
}

export function onItemsAdded(app: ApplicationState, children: Record<string, string | null>, items: { category: Category }[], existing: Set<string>): Effect {
  const effect = emptyEffect();
  const newRefs = Object.keys(children).filter((ref) => !(ref in app.children));
  const updated = { ...app, children: { ...app.children, ...Object.fromEntries(newRefs.map((r) => [r, children[r]])) } };
  effect.application = updated;
  countNeeds(effect, items);
  countChildren(effect, updated, newRefs, 'applied', existing);
  return effect;
}

export function onIncomeChecked(app: ApplicationState, outcome: string): Effect {
  const effect = emptyEffect();
  if (app.outcome || (outcome !== 'eligible' && outcome !== 'not-eligible')) return effect;
  add(effect.all, outcome === 'eligible' ? 'households.eligible' : 'households.notEligible');
  effect.application = { ...app, outcome };
  return effect;
}

export const newRequest = (r: { requestId: string; applicationId: string; childRef: string; category: Category }): RequestState => ({
  _id: r.requestId,
  applicationId: r.applicationId,
  childRef: r.childRef,
  category: r.category,
  fundId: null,
  heldCents: 0,
  askedCents: 0,
  routed: false,
  decided: false,
  approved: false,
  fulfilled: false,
  withdrawn: false,
  unroutable: false,
  duplicate: false,
  finallyDeclined: false,
});

/** One fund-request event, reduced to what the figures need. */
export type RequestFact =
  | { type: 'routed'; fundId: string; amountCents: number }
  | { type: 'rerouted'; fundId: string; amountCents: number }
  | { type: 'unroutable'; outcome: string }
  | { type: 'duplicate' }
  | { type: 'decided'; decision: 'approved' | 'declined' | 'information-requested'; fundId: string; amountCents: number; reasonCode?: string; rerouted: boolean }
  | { type: 'fulfilled'; fundId: string }
  | { type: 'withdrawn'; fundId: string | null }
  | { type: 'reopened'; fundId: string };

function release(effect: Effect, state: RequestState) {
  if (state.fundId && state.heldCents) add(effect.all, `funds.${state.fundId}.reservedCents`, -state.heldCents);
  state.heldCents = 0;
}

function hold(effect: Effect, state: RequestState, fundId: string, cents: number) {
  state.fundId = fundId;
  state.heldCents = cents;
  add(effect.all, `funds.${fundId}.reservedCents`, cents);
}

/** The effect of a fund-request event on the figures of the application's cohort. `at` is when it happened. */
export function onRequestEvent(app: ApplicationState, before: RequestState, fact: RequestFact, at: string, existing: Set<string>): Effect {
  const effect = emptyEffect();
  const state: RequestState = { ...before };
  const fundField = (fundId: string, field: string, n = 1) => add(effect.all, `funds.${fundId}.${field}`, n);
  switch (fact.type) {
    case 'routed':
    case 'rerouted':
      if (fact.type === 'rerouted') release(effect, state);
      if (!state.routed) {
        state.routed = true;
        add(effect.all, 'needs.routed');
        add(effect.all, `categories.${state.category}.routed`);
      }
      fundField(fact.fundId, 'routed');
      state.askedCents = fact.amountCents;
      hold(effect, state, fact.fundId, fact.amountCents);
      break;
    case 'unroutable':
      if (!state.unroutable) {
        state.unroutable = true;
        add(effect.all, 'needs.unroutable');
        add(effect.all, `categories.${state.category}.unroutable`);
        add(effect.all, `unroutable.${fact.outcome}`);
      }
      break;
    case 'duplicate':
      if (!state.duplicate) {
        state.duplicate = true;
        add(effect.all, 'needs.duplicate');
      }
      break;
    case 'decided':
      if (fact.decision === 'information-requested') {
        fundField(fact.fundId, 'informationRequested');
        break;
      }
      if (!state.decided) {
        state.decided = true;
        add(effect.all, `decisionDays.${dayBin(app.submittedAt, at)}`);
      }
      if (fact.decision === 'approved') {
        fundField(fact.fundId, 'approved');
        // Approving less than asked gives the rest back: the reserve is now the approved amount.
        release(effect, state);
        hold(effect, state, fact.fundId, fact.amountCents);
        if (!state.approved) {
          state.approved = true;
          add(effect.all, 'needs.approved');
          add(effect.all, `categories.${state.category}.approved`);
          countChildren(effect, app, [state.childRef], 'reached', existing);
        }
      } else {
        fundField(fact.fundId, 'declined');
        add(effect.all, `declines.${fact.fundId}.${fact.reasonCode ?? 'other'}`);
        release(effect, state);
        if (!fact.rerouted && !state.finallyDeclined) {
          state.finallyDeclined = true;
          add(effect.all, 'needs.declined');
        }
      }
      break;
    case 'fulfilled': {
      const spent = state.heldCents;
      release(effect, state);
      fundField(fact.fundId, 'spentCents', spent);
      if (!state.fulfilled) {
        state.fulfilled = true;
        fundField(fact.fundId, 'fulfilled');
        add(effect.all, 'needs.fulfilled');
        add(effect.all, `categories.${state.category}.fulfilled`);
        add(effect.all, `fulfilmentDays.${dayBin(app.submittedAt, at)}`);
        countChildren(effect, app, [state.childRef], 'reached', existing);
      }
      break;
    }
    case 'withdrawn':
      release(effect, state);
      if (!state.withdrawn) {
        state.withdrawn = true;
        add(effect.all, 'needs.withdrawn');
        if (fact.fundId) fundField(fact.fundId, 'withdrawn');
      }
      break;
    case 'reopened':
      if (state.finallyDeclined) {
        state.finallyDeclined = false;
        add(effect.all, 'needs.declined', -1);
      }
      fundField(fact.fundId, 'reopened');
      release(effect, state);
      hold(effect, state, fact.fundId, state.askedCents);
      break;
  }
  effect.request = state;
  return effect;
}

/** Erasure: the aggregates hold no personal data and stay; the child hashes and their markers go. */
export function onErased(app: ApplicationState): Effect {
  const effect = emptyEffect();
  effect.dropMarkers = candidateMarkers(app);
  effect.application = { ...app, children: Object.fromEntries(Object.keys(app.children).map((ref) => [ref, null])) };
  return effect;
}
