/**
 * Shared domain words. Values are part of the public API and the event contracts: never rename in place.
 * This file imports nothing: the portal bundles it on its own (`@fund-desk/contracts/vocabulary`), without zod.
 */
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

/** How a category reads in a sentence ("Your request for … was sent"), per language. */
export const CATEGORY_LABELS: Record<Category, { nl: string; en: string }> = {
  'school-trip': { nl: 'een schoolreis', en: 'a school trip' },
  'school-supplies': { nl: 'schoolspullen', en: 'school supplies' },
  bicycle: { nl: 'een fiets', en: 'a bicycle' },
  laptop: { nl: 'een laptop', en: 'a laptop' },
  'swimming-lessons': { nl: 'zwemles', en: 'swimming lessons' },
  'sports-membership': { nl: 'lidmaatschap van een sportclub', en: 'a sports club membership' },
  'sports-gear': { nl: 'sportspullen', en: 'sports gear' },
  'culture-lessons': { nl: 'muziek-, dans- of theaterles', en: 'music, dance or theatre lessons' },
  'birthday-box': { nl: 'een verjaardagsbox', en: 'a birthday box' },
  'summer-activity': { nl: 'een zomeractiviteit', en: 'a summer activity' },
};

export const COMPOSITIONS = ['single', 'single-parent', 'couple'] as const;
export type Composition = (typeof COMPOSITIONS)[number];

export const CIRCUMSTANCES = ['social-assistance', 'debt-relief', 'food-bank'] as const;
export type Circumstance = (typeof CIRCUMSTANCES)[number];

/**
 * Languages a person can choose for messages: Dutch and English are complete; Arabic, Turkish, Polish and
 * Ukrainian follow through the same templates and fall back to Dutch where a text is missing.
 */
export const LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk'] as const;
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
  /** The same need for the same child this year is already open or granted: not routed twice. */
  'duplicate',
  'withdrawn',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ROLES = ['parent', 'intermediary', 'fund-staff', 'municipality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The statuses a fund's staff can filter their queue of requests by. */
export const QUEUE_STATUSES = ['routed', 'information-requested', 'approved', 'declined', 'fulfilled', 'withdrawn'] as const;

/** Reasons a fund may give for declining: a fixed list, so parents and municipalities can count them. */
export const DECLINE_REASONS = ['not-covered', 'over-annual-limit', 'budget-exhausted', 'duplicate', 'incomplete', 'not-eligible', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** How a fund gives what it granted: help in kind, never money to the parent. */
export const FULFILMENT_METHODS = ['provider-paid', 'voucher', 'delivered'] as const;
export type FulfilmentMethod = (typeof FULFILMENT_METHODS)[number];

/** How a parent agreed when an intermediary applies for them. */
export const CONSENT_METHODS = ['in-person', 'signed-form', 'phone', 'digital'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const INCOME_CHECK_OUTCOMES = ['eligible', 'not-eligible', 'needs-evidence'] as const;
export type IncomeCheckOutcome = (typeof INCOME_CHECK_OUTCOMES)[number];

/** CBS municipality code, e.g. GM0080 (Leeuwarden). */
export const MUNICIPALITY_CODE = /^GM\d{4}$/;
