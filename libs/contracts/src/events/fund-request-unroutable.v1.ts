import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { requestRefFields } from './common';
import { routingExplanation } from './fund-request-routed.v1';

export const fundRequestUnroutableV1 = defineEvent({
  type: 'fund-request.unroutable',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: 'No fund fits a requested item (or the household is not eligible); the reasons say why for each fund.',
  payload: z.object({
    ...requestRefFields,
    /** not-eligible: the household income is above every limit; no-fund-fits: no fund's rules fit. */
    outcome: z.enum(['not-eligible', 'no-fund-fits']),
    catalogueVersion: z.number().int().nonnegative(),
    explanation: routingExplanation,
  }),
});
