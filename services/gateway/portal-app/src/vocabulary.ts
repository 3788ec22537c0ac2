// The words of the API the portal offers as choices; their texts are in the dictionaries (category.school-trip …).

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

export const COMPOSITIONS = ['single-parent', 'couple', 'single'] as const;
export const CIRCUMSTANCES = ['social-assistance', 'debt-relief', 'food-bank'] as const;
export const CONTACT_LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk'] as const;
export const CONSENT_METHODS = ['in-person', 'signed-form', 'phone', 'digital'] as const;
export const DECLINE_REASONS = ['not-covered', 'over-annual-limit', 'budget-exhausted', 'duplicate', 'incomplete', 'not-eligible', 'other'] as const;
export const FULFILMENT_METHODS = ['provider-paid', 'voucher', 'delivered'] as const;
export const REQUEST_STATUSES = ['routed', 'information-requested', 'approved', 'declined', 'fulfilled', 'withdrawn'] as const;
export const FUNDS = ['leergeld-leeuwarden', 'leergeld-eindhoven', 'jeugdfonds-sport-cultuur', 'jarige-job', 'kinderhulp'];
export const MUNICIPALITIES = [
  { code: 'GM0080', name: 'Leeuwarden' },
  { code: 'GM0772', name: 'Eindhoven' },
];
/** Item statuses in which the parent can still stop a request. */
export const OPEN_ITEM_STATUSES = ['pending', 'routed', 'information-requested'];
