import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { municipalityCode } from './common';

export const fundCatalogueChangedV1 = defineEvent({
  type: 'fund.catalogue-changed',
  version: 1,
  topic: TOPICS.funds,
  keyField: 'fundId',
  description:
    "A fund's catalogue entry as it now stands (published at every change, and once for a fund that was never published): its name, the municipalities it serves and its yearly budget. Nothing about people.",
  payload: z.object({
    fundId: z.string().min(1),
    /** The catalogue version: a consumer keeps the highest. */
    version: z.number().int().nonnegative(),
    name: z.string().min(1),
    municipalities: z.union([z.literal('all'), z.array(municipalityCode)]),
    /** Null: the fund keeps no budget in fund-desk. */
    yearlyBudgetCents: z.number().int().nonnegative().nullable(),
    changedAt: z.string().datetime(),
  }),
});
