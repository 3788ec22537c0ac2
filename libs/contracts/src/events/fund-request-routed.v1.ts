import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { cents, requestRefFields } from './common';

export const routingExplanation = z.array(
  z.object({ fundId: z.string(), fits: z.boolean(), reason: z.string() }),
);

export const fundRequestRoutedV1 = defineEvent({
  type: 'fund-request.routed',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: 'A requested item was assigned to the fund that fits it first.',
  payload: z.object({
    ...requestRefFields,
    amountCents: cents,
    fundId: z.string().min(1),
    fundName: z.string().min(1),
    catalogueVersion: z.number().int().nonnegative(),
    endorsementRequired: z.boolean(),
    explanation: routingExplanation,
  }),
});
