// Words only the portal has. The API's shared words (categories, decline reasons, languages …) come from
// @fund-desk/contracts/vocabulary; their texts are in the dictionaries (category.school-trip …).
import type { Composition } from '@fund-desk/contracts/vocabulary';

/** The household compositions in the order the application form offers them. */
export const COMPOSITION_CHOICES = ['single-parent', 'couple', 'single'] as const satisfies readonly Composition[];
export const FUNDS = ['leergeld-leeuwarden', 'leergeld-eindhoven', 'jeugdfonds-sport-cultuur', 'jarige-job', 'kinderhulp'];
export const MUNICIPALITIES = [
  { code: 'GM0080', name: 'Leeuwarden' },
  { code: 'GM0772', name: 'Eindhoven' },
];
/** Item statuses in which the parent can still stop a request. */
export const OPEN_ITEM_STATUSES = ['pending', 'routed', 'information-requested'];
