import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { requestRefFields } from './common';

export const fundRequestWithdrawnV1 = defineEvent({
  type: 'fund-request.withdrawn',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: "A request was withdrawn by the applicant: the fund's reservation is released; a fund that already paid keeps its record.",
  payload: z.object({
    ...requestRefFields,
    /** The fund it was with, if any. */
    fundId: z.string().min(1).nullable(),
  }),
});

export const fundRequestReopenedV1 = defineEvent({
  type: 'fund-request.reopened',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: "An objection reopened a declined request at the fund that declined it, with its history and the applicant's reasons.",
  payload: z.object({
    ...requestRefFields,
    fundId: z.string().min(1),
    fundName: z.string().min(1),
  }),
});
