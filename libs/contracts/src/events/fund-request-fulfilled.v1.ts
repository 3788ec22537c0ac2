import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { FULFILMENT_METHODS } from '../vocabulary';
import { requestRefFields } from './common';

export const fundRequestFulfilledV1 = defineEvent({
  type: 'fund-request.fulfilled',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: 'The fund paid the provider, issued a voucher or delivered the box: help in kind, never money to the parent.',
  payload: z.object({
    ...requestRefFields,
    fundId: z.string().min(1),
    fundName: z.string().min(1),
    method: z.enum(FULFILMENT_METHODS),
    reference: z.string().max(200).optional(),
  }),
});
