import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { cents, requestRefFields } from './common';
import { routingExplanation } from './fund-request-routed.v1';

export const fundRequestReroutedV1 = defineEvent({
  type: 'fund-request.rerouted',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: 'A declined item went on to the next fund that fits it, keeping its history.',
  payload: z.object({
    ...requestRefFields,
    amountCents: cents,
    fromFundId: z.string().min(1),
    fundId: z.string().min(1),
    fundName: z.string().min(1),
    catalogueVersion: z.number().int().nonnegative(),
    explanation: routingExplanation,
  }),
});
