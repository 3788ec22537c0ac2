/** Shared domain words. Values are part of the public API and the event contracts: never rename in place. */
export const CATEGORIES = [
  'school-trip',
  'school-supplies',
  'bicycle',
  'laptop',
  'swimming-lessons',
  'sports-membership',
  'sports-gear',
  'culture-lessons',
  'birthday-box',
  'summer-activity',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const COMPOSITIONS = ['single', 'single-parent', 'couple'] as const;
export type Composition = (typeof COMPOSITIONS)[number];

export const CIRCUMSTANCES = ['social-assistance', 'debt-relief', 'food-bank'] as const;
export type Circumstance = (typeof CIRCUMSTANCES)[number];

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ITEM_STATUSES = [
  'pending',
  'routed',
  'information-requested',
  'approved',
  'declined',
  'fulfilled',
  'unroutable',
  'not-eligible',
  'withdrawn',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ROLES = ['parent', 'intermediary', 'fund-staff', 'municipality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const INCOME_CHECK_OUTCOMES = ['eligible', 'not-eligible', 'needs-evidence'] as const;
export type IncomeCheckOutcome = (typeof INCOME_CHECK_OUTCOMES)[number];

/** CBS municipality code, e.g. GM0080 (Leeuwarden). */
export const MUNICIPALITY_CODE = /^GM\d{4}$/;
