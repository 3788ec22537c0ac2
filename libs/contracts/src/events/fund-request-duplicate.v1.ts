import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { requestRefFields } from './common';

export const fundRequestDuplicateV1 = defineEvent({
  type: 'fund-request.duplicate',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description:
    'The same need for the same child in the same year is already open or granted (in this application or an earlier one): this item is flagged and not routed a second time.',
  payload: z.object({
    ...requestRefFields,
    /** The earlier request for the same need, which goes on. */
    duplicateOf: z.string().min(1),
    year: z.number().int(),
  }),
});
