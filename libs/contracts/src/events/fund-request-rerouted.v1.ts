import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { category, cents } from './common';
import { routingExplanation } from './fund-request-routed.v1';

export const fundRequestReroutedV1 = defineEvent({
  type: 'fund-request.rerouted',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: 'A declined item went on to the next fund that fits it, keeping its history.',
  payload: z.object({
    requestId: z.string().min(1),
    applicationId: z.string().min(1),
    itemId: z.string().min(1),
    childRef: z.string().min(1),
    category,
    amountCents: cents,
    fromFundId: z.string().min(1),
    fundId: z.string().min(1),
    fundName: z.string().min(1),
    catalogueVersion: z.number().int().nonnegative(),
    explanation: routingExplanation,
  }),
});
