import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { cents, requestRefFields } from './common';

/** Reasons a fund may give for declining: a fixed list, so parents and municipalities can count them. */
export const DECLINE_REASONS = ['not-covered', 'over-annual-limit', 'budget-exhausted', 'duplicate', 'incomplete', 'not-eligible', 'other'] as const;

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
