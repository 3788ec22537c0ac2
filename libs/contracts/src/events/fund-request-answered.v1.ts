import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { requestRefFields } from './common';

export const fundRequestAnsweredV1 = defineEvent({
  type: 'fund-request.answered',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: "The applicant answered a fund's question; the request is back in that fund's queue.",
  payload: z.object({
    ...requestRefFields,
    fundId: z.string().min(1),
    fundName: z.string().min(1),
    /** The applicant's answer, for the fund's staff. */
    answer: z.string().min(1).max(2000),
  }),
});
