import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { DECLINE_REASONS } from '../vocabulary';
import { cents, requestRefFields } from './common';

export const fundRequestDecidedV1 = defineEvent({
  type: 'fund-request.decided',
  version: 1,
  topic: TOPICS.fundRequests,
  keyField: 'requestId',
  description: "A fund's staff approved a request, declined it with a reason, or asked the applicant for information.",
  payload: z.object({
    ...requestRefFields,
    fundId: z.string().min(1),
    fundName: z.string().min(1),
    decision: z.enum(['approved', 'declined', 'information-requested']),
    amountCents: cents,
    reasonCode: z.enum(DECLINE_REASONS).optional(),
    /** For the applicant: the question, or why it was declined. Plain words from fund staff. */
    message: z.string().max(2000).optional(),
    /** A declined item that another fund will look at: a fund-request.rerouted event follows. */
    rerouted: z.boolean(),
  }),
});
